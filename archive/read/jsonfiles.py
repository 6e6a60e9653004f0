"""JSON Lines and JSON files into records: one record a line (streamed, so a
feed of any size reads in bounded memory) or an item of a list, each bad one
reported with its line or item number while the rest are read.
"""

from __future__ import annotations

from archive.read import raw as _raw  # MAX_DOCUMENT_BYTES read at call time (tests lower it)
import codecs
import json
import os
from typing import Any, BinaryIO, Iterator

from archive.read.encoding import DecodeError, decode
from archive.read.raw import (
    _CHUNK,
    _LIMIT_TEXT,
    _WS,
    JSON_LINES_EXTENSIONS,
    RawRecord,
    _repair_surrogates,
    sha256,
)
from archive.read.sources import InputError


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
                raw = f.readline(_raw.MAX_DOCUMENT_BYTES).rstrip(b"\r\n")
                if raw.strip(_WS):
                    rec = _record_from_bytes(path, raw.removeprefix(codecs.BOM_UTF8), 0)
                    if isinstance(rec, RawRecord):
                        out.append(rec)
    except OSError:
        return out
    return out



# --------------------------------------------------------------------------
# JSON Lines


def _read_json_lines(path: str, f: BinaryIO) -> Iterator[RawRecord | InputError]:
    lineno = 0
    while True:
        line = f.readline(_raw.MAX_DOCUMENT_BYTES + 1)
        if not line:
            return
        lineno += 1
        if len(line) > _raw.MAX_DOCUMENT_BYTES and not line.endswith(b"\n"):
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
                if not self.eof and len(self.buf) - self.pos <= _raw.MAX_DOCUMENT_BYTES:
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
