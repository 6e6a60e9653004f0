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
is read as JSON Lines, a `.jsonl` holding one pretty-printed list as a list.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Any, BinaryIO, Iterator

from archive.read.encoding import DecodeError, binary_kind, decode, declared_charset
from archive.read.sources import InputError

#: Largest single article (a text/HTML file, one JSON line or JSON value).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
_LIMIT_TEXT = f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"

JSON_LINES_EXTENSIONS = frozenset({".jsonl", ".ndjson", ".jsonlines"})
JSON_EXTENSIONS = frozenset({".json"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})

_CHUNK = 1 << 20
_WS = b" \t\r\n"


@dataclass(frozen=True)
class RawRecord:
    """One article's raw material, before cleaning and extraction."""

    path: str  # absolute path of the file it came from
    kind: str  # "text" | "html" | "record"
    content_hash: str  # sha256 hex of the file bytes, or of the JSON line
    text: str | None = None  # decoded file text ("text", "html")
    record: dict[str, Any] | None = None  # parsed JSON object ("record")
    line: int | None = None  # 1-based line (JSON Lines) or item number (JSON list)
    encoding: str | None = None  # what the bytes were decoded as, when not plain UTF-8
    notes: tuple[str, ...] = ()  # repairs made while reading, kept as the article's warnings
    item: bool = False  # `line` is the item number in a JSON list, not a line


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _repair_surrogates(value, raw: bytes | str) -> tuple[Any, tuple[str, ...]]:
    """Replace lone UTF-16 surrogates that JSON escapes (`"\\ud83d"`) put in strings.

    Exports that cut an emoji in half are common; Python's `json` accepts
    the half, but it cannot be encoded as UTF-8, so it would fail the
    article much later (hashing, storing). It becomes U+FFFD, said in a
    warning, and the rest of the record is kept as given."""
    probe = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    if not _SURROGATE_ESCAPE.search(probe):
        return value, ()
    count = 0

    def fix(v):
        nonlocal count
        if isinstance(v, str):
            fixed, n = _LONE_SURROGATE.subn("\ufffd", v)
            count += n
            return fixed
        if isinstance(v, dict):
            return {fix(k): fix(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fix(x) for x in v]
        return v

    value = fix(value)
    return value, ((f"replaced {count} broken character(s) (lone UTF-16 surrogate escapes) with U+FFFD",)
                   if count else ())


def sample_lines(path: str, k: int) -> list[RawRecord]:
    """About `k` records from all over a JSON Lines file, read by seeking to
    evenly spaced offsets (the same ones every time), without reading the
    file through: a sample of a feed that is ordered by source or date.
    Anything unreadable is skipped; a file of another kind gives []."""
    if os.path.splitext(path)[1].lower() not in JSON_LINES_EXTENSIONS or k < 1:
        return []
    out: list[RawRecord] = []
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            for i in range(k):
                f.seek(size * i // k)
                if i:
                    f.readline()  # the rest of the line we landed in
                raw = f.readline(MAX_DOCUMENT_BYTES).rstrip(b"\r\n")
                if raw.strip(_WS):
                    rec = _record_from_bytes(path, raw.removeprefix(codecs.BOM_UTF8), 0)
                    if isinstance(rec, RawRecord):
                        out.append(rec)
    except OSError:
        return out
    return out


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
    from archive.extract.html.clean import looks_like_fragment, looks_like_page

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
    if size is not None and size > MAX_DOCUMENT_BYTES:
        yield InputError(path, f"too large: {_mb(size)} is over the {_LIMIT_TEXT} limit for one article")
        return
    data = f.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
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
        from archive.extract.html.clean import looks_like_page

        if looks_like_page(decoded.text):
            fmt = "html"
    yield RawRecord(
        path=path,
        kind=fmt,
        content_hash=sha256(data),
        text=decoded.text,
        encoding=None if decoded.encoding == "utf-8" else decoded.encoding,
    )


def _size(f: BinaryIO) -> int | None:
    try:
        return os.fstat(f.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return None


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


# --------------------------------------------------------------------------
# JSON Lines


def _read_json_lines(path: str, f: BinaryIO) -> Iterator[RawRecord | InputError]:
    lineno = 0
    while True:
        line = f.readline(MAX_DOCUMENT_BYTES + 1)
        if not line:
            return
        lineno += 1
        if len(line) > MAX_DOCUMENT_BYTES and not line.endswith(b"\n"):
            # Skip the rest of the over-long line without holding it.
            while True:
                more = f.readline(_CHUNK)
                if not more or more.endswith(b"\n"):
                    break
            yield InputError(path, f"line too large: over the {_LIMIT_TEXT} limit for one record", line=lineno)
            continue
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8):]
        raw = line.rstrip(b"\r\n")
        if not raw.strip(_WS):
            continue  # blank lines separate nothing
        yield _record_from_bytes(path, raw, lineno)


def _record_from_bytes(path: str, raw: bytes, lineno: int) -> RawRecord | InputError:
    encoding = None
    try:
        value = json.loads(raw)
    except UnicodeDecodeError:
        # Not UTF-8 (a legacy export): decode like a text file, then parse.
        try:
            decoded = decode(raw)
            value = json.loads(decoded.text)
            encoding = decoded.encoding
        except DecodeError as e:
            return InputError(path, str(e), line=lineno)
        except ValueError as e:
            return InputError(path, f"invalid JSON: {_json_reason(e)}", line=lineno)
        except RecursionError:
            return InputError(path, "invalid JSON: nested too deeply", line=lineno)
    except RecursionError:
        return InputError(path, "invalid JSON: nested too deeply", line=lineno)
    except ValueError as e:
        return InputError(path, f"invalid JSON: {_json_reason(e)}", line=lineno)
    if not isinstance(value, dict):
        return InputError(path, f"not a JSON object but {_json_type(value)}", line=lineno)
    value, notes = _repair_surrogates(value, raw)
    return RawRecord(path=path, kind="record", content_hash=sha256(raw), record=value, line=lineno,
                     encoding=encoding, notes=notes)


def _json_reason(e: ValueError) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"{e.msg} at column {e.colno}" if e.lineno == 1 else f"{e.msg} at line {e.lineno} column {e.colno}"
    return str(e)


def _json_type(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "a boolean", type(None): "null", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


# --------------------------------------------------------------------------
# JSON: one object, or a list of objects read an item at a time


def _read_json(path: str, f: BinaryIO) -> Iterator[RawRecord | InputError]:
    stream = _JsonStream(f)
    try:
        first = stream.peek()
    except DecodeError as e:
        yield InputError(path, str(e))
        return
    if first == "[":
        stream.advance(1)
        yield from _read_json_list(path, stream)
        return
    item = 0
    while True:
        try:
            c = stream.peek()
        except DecodeError as e:
            yield InputError(path, str(e))
            return
        if c == "":
            if item == 0:
                yield InputError(path, "empty file (no JSON value)")
            return
        item += 1
        try:
            value, text = stream.value()
        except _StreamError as e:
            yield InputError(path, e.reason, line=item if item > 1 else None, item=True)
            return
        except DecodeError as e:
            yield InputError(path, str(e), line=item if item > 1 else None, item=True)
            return
        if not isinstance(value, dict):
            yield InputError(path, f"not a JSON object or list but {_json_type(value)}", line=item if item > 1 else None, item=True)
            continue
        data = text.encode("utf-8", "surrogatepass")
        value, notes = _repair_surrogates(value, data)
        yield RawRecord(path=path, kind="record", content_hash=sha256(data), record=value,
                        line=item if item > 1 else None, encoding=stream.encoding, notes=notes, item=True)


def _read_json_list(path: str, stream: "_JsonStream") -> Iterator[RawRecord | InputError]:
    item = 0
    while True:
        try:
            c = stream.peek()
            if c == "]":
                stream.advance(1)
                return
            if c == "":
                yield InputError(path, "invalid JSON: the list is not closed with ']'", line=item or None, item=True)
                return
            if item > 0:
                if c != ",":
                    yield InputError(path, f"invalid JSON: expected ',' or ']' after item {item}, found {c!r}", line=item, item=True)
                    return
                stream.advance(1)
                if stream.peek() == "]":  # a trailing comma: forgive it
                    stream.advance(1)
                    return
            item += 1
            value, text = stream.value()
        except DecodeError as e:
            yield InputError(path, str(e), line=item or None, item=True)
            return
        except _StreamError as e:
            yield InputError(path, e.reason, line=item, item=True)
            return
        if not isinstance(value, dict):
            yield InputError(path, f"item is not a JSON object but {_json_type(value)}", line=item, item=True)
            continue
        data = text.encode("utf-8", "surrogatepass")
        value, notes = _repair_surrogates(value, data)
        yield RawRecord(path=path, kind="record", content_hash=sha256(data), record=value,
                        line=item, encoding=stream.encoding, notes=notes, item=True)


class _StreamError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _JsonStream:
    """Decoded text of a JSON file, read in chunks, parsed one value at a time.

    `json.JSONDecoder.raw_decode` parses a value at an offset; when a value is
    cut off by the end of the buffer we read more and try again, up to the
    per-article limit.
    """

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.encoding: str | None = None
        self._decoder = None
        self._json = json.JSONDecoder()
        self._first = True

    def _fill(self) -> bool:
        if self.eof:
            return False
        data = self.f.read(_CHUNK)
        if self._first:
            self._first = False
            self._decoder = self._pick_decoder(data)
        if not data:
            self.eof = True
        try:
            tail = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as e:
            raise DecodeError(f"cannot decode as {self.encoding or 'UTF-8'} ({e.reason})")
        if self.pos:
            self.buf = self.buf[self.pos:]
            self.pos = 0
        self.buf += tail
        return True

    def _pick_decoder(self, data: bytes):
        for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
            if data.startswith(bom):
                if enc != "utf-8-sig":
                    self.encoding = enc
                return codecs.getincrementaldecoder(enc)()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.start < len(data) - 4:  # not just a character cut at the chunk end
                try:
                    self.encoding = decode(data).encoding
                except DecodeError:
                    raise
                return codecs.getincrementaldecoder(_python_codec(self.encoding))()
        return codecs.getincrementaldecoder("utf-8")()

    def peek(self) -> str:
        """The next non-whitespace character ("" at the end)."""
        while True:
            n = len(self.buf)
            while self.pos < n and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < n:
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def advance(self, n: int) -> None:
        self.pos += n

    def value(self) -> tuple[Any, str]:
        self.peek()
        while True:
            try:
                value, end = self._json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as e:
                if not self.eof and len(self.buf) - self.pos <= MAX_DOCUMENT_BYTES:
                    self._fill()
                    continue
                if not self.eof:
                    raise _StreamError(f"invalid JSON ({e.msg}), or a value over the {_LIMIT_TEXT} limit for one article")
                raise _StreamError(f"invalid JSON: {e.msg}")
            except RecursionError:
                raise _StreamError("invalid JSON: nested too deeply")
            if end >= len(self.buf) and not self.eof and isinstance(value, (int, float)):
                self._fill()  # a number may continue in the next chunk
                continue
            text = self.buf[self.pos:end]
            self.pos = end
            return value, text


def _python_codec(name: str) -> str:
    name = name.split(" ")[0]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"
