"""Reading one input file into raw records, one per article.

A `.txt` or `.html` file is one article; a JSON Lines or JSON file holds one
article per record. The content hash of what each record was built from lets
ingest skip unchanged input without cleaning or extracting it again.

Everything streams: JSON Lines is read a line at a time and a JSON list an
item at a time, so a 128 MB export never sits in memory whole. A text or HTML
file is one article and is read whole, up to `MAX_DOCUMENT_BYTES`; a bigger
one is reported as too large rather than indexed as one absurd "article"
(a 50 MB text file is a dump or a log, not a news item). The same limit
applies to one JSON line or one JSON value.

Problems never stop the file: each comes out as an `InputError` with the
path, the line (JSON Lines) or item number (JSON list), and the reason; the
remaining records still come out.

The extension says what a file is, unless the content says otherwise: an
HTML page saved as `.txt` is read as HTML, a `.json` file holding JSON Lines
is read as JSON Lines, a `.jsonl` holding one pretty-printed list as a list."""

from __future__ import annotations

from archive.read import raw as _raw  # MAX_DOCUMENT_BYTES read at call time (tests lower it)
import json
import os
import re
from typing import BinaryIO, Iterator

from archive.read.encoding import DecodeError, binary_kind, declared_charset, decode
from archive.read.jsonfiles import (
    _read_json,
    _read_json_lines,
    sample_lines,  # noqa: F401  (re-exported)
)
from archive.read.raw import (  # noqa: F401  (re-exported)
    _CHUNK,
    _LIMIT_TEXT,
    _WS,
    HTML_EXTENSIONS,
    JSON_EXTENSIONS,
    JSON_LINES_EXTENSIONS,
    RawRecord,
    _mb,
    _size,
    sha256,
)
from archive.read.sources import InputError


def read_file(path: str) -> Iterator[RawRecord | InputError]:
    """The records in the file at `path`; problems come out as `InputError`s."""
    try:
        f = open(path, "rb")
    except OSError as e:
        yield InputError(path, _os_reason(e))
        return
    try:
        with f:
            yield from _read_open(path, f)
    except OSError as e:
        # The file vanished or became unreadable half way.
        yield InputError(path, _os_reason(e))



def _os_reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "file disappeared or does not exist"
    if isinstance(e, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(e, PermissionError):
        return "cannot read file (permission denied)"
    return f"cannot read file ({e.strerror or e})"



def _read_open(path: str, f: BinaryIO) -> Iterator[RawRecord | InputError]:
    head = f.read(8192)
    if not head.strip(_WS + b"\xef\xbb\xbf"):
        if not head:
            yield InputError(path, "empty file")
        else:
            rest = f.read(_CHUNK)
            if not rest.strip(_WS):
                yield InputError(path, "empty file (only whitespace)")
                return
            head += rest
    if not head:
        return
    kind = binary_kind(head)
    if kind is not None:
        yield InputError(path, f"binary file ({kind}), not text")
        return
    fmt = _format(path, head)
    f.seek(0)
    if fmt == "jsonl":
        yield from _read_json_lines(path, f)
    elif fmt == "json":
        yield from _read_json(path, f)
    else:
        yield from _read_document(path, f, fmt)



def _format(path: str, head: bytes) -> str:
    """"jsonl", "json", "html" or "text": the extension, corrected by the content."""
    ext = os.path.splitext(path)[1].lower()
    start = head.lstrip(_WS + b"\xef\xbb\xbf")[:1]
    if start in (b"{", b"["):
        # Prose may start with "[" or "{" too: the content decides only when
        # it parses; otherwise the extension does.
        sniffed = _sniff_json(head)
        if sniffed == "single":
            # One object on one line: a one-record JSON Lines file, or a JSON file.
            return "jsonl" if ext in JSON_LINES_EXTENSIONS else "json"
        if sniffed:
            return sniffed
        if ext in JSON_LINES_EXTENSIONS:
            return "jsonl"
        if ext in JSON_EXTENSIONS:
            return "json"
    elif ext in JSON_LINES_EXTENSIONS:
        return "jsonl"  # every line will be reported as not JSON
    elif ext in JSON_EXTENSIONS:
        return "json"
    return _by_extension(ext, head)



def _by_extension(ext: str, head: bytes) -> str:
    from archive.read.sniff import looks_like_fragment, looks_like_page

    text = head.decode("utf-8", errors="replace")
    if ext in HTML_EXTENSIONS:
        return "html"
    if looks_like_page(text) or looks_like_fragment(text):  # a page, or paragraphs saved with their tags
        return "html"
    return "text"



def _sniff_json(head: bytes) -> str | None:
    """"jsonl" when the first line is a whole JSON object, "json" when it opens a list or a multi-line object."""
    body = head.lstrip(_WS).removeprefix(b"\xef\xbb\xbf").lstrip(_WS)
    if body.startswith(b"["):
        # A list, unless the first line is a complete JSON value of its own.
        first = body.split(b"\n", 1)[0].strip()
        try:
            json.loads(first)
        except (ValueError, RecursionError):
            # "[" then an object or the end: a list of records; "[Update] ..." is prose.
            return "json" if re.match(rb"\[\s*(?:\{|\]|$)", body) else None
        return "jsonl" if b"\n" in body.strip() else "json"
    first, _, rest = body.partition(b"\n")
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        # One object spread over several lines ("pretty-printed")?
        return "json" if first.strip() in (b"{",) or first.rstrip().endswith((b",", b"{", b"[", b":")) else None
    if isinstance(value, dict):
        return "jsonl" if rest.strip() else "single"
    return None



# --------------------------------------------------------------------------
# One document per file


def _read_document(path: str, f: BinaryIO, fmt: str) -> Iterator[RawRecord | InputError]:
    size = _size(f)
    if size is not None and size > _raw.MAX_DOCUMENT_BYTES:
        yield InputError(path, f"too large: {_mb(size)} is over the {_LIMIT_TEXT} limit for one article")
        return
    data = f.read(_raw.MAX_DOCUMENT_BYTES + 1)
    if len(data) > _raw.MAX_DOCUMENT_BYTES:
        yield InputError(path, f"too large: over the {_LIMIT_TEXT} limit for one article")
        return
    try:
        decoded = decode(data, declared=declared_charset(data) if fmt == "html" else None)
    except DecodeError as e:
        yield InputError(path, str(e))
        return
    if not decoded.text.strip():
        yield InputError(path, "empty file (no text)")
        return
    if fmt == "text":
        from archive.read.sniff import looks_like_page

        if looks_like_page(decoded.text):
            fmt = "html"
    yield RawRecord(
        path=path,
        kind=fmt,
        content_hash=sha256(data),
        text=decoded.text,
        encoding=None if decoded.encoding == "utf-8" else decoded.encoding,
    )
