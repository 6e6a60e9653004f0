"""`RawRecord`: what reading gives extraction, one article's text or JSON record
with where it came from (file, line) and the hash of the bytes it was read
from; and the limits every reader keeps (16 MB an article).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from typing import Any, BinaryIO

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



def _size(f: BinaryIO) -> int | None:
    try:
        return os.fstat(f.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return None



def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
