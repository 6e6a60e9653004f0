"""Bytes to text: which encoding a file is in, and whether it is text at all.

Almost everything is UTF-8, so that is tried first and strictly; charset
detection is slow and only runs on the bytes UTF-8 rejects. Dutch legacy files
are Windows-1252 (a superset of Latin-1 for every printable character), and
charset-normalizer is unreliable on them: on short Dutch text it prefers
cp1250 or Big5 and turns `Oekraïne` into `Oekraďne`. So Windows-1252 is tried
next and accepted when the result reads like Western European text; only what
fails that goes to charset-normalizer, whose guess is kept only when it
recognises a language in it. Anything else is "cannot decode": a wrong guess
would put mojibake into the index, which is worse than a reported error.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# How much of the start of a file is inspected for binary signs.
SNIFF_BYTES = 8192

# Magic numbers of formats that get renamed to .txt/.html by accident.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"\x00asm", "WebAssembly module"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that never occur in real text (everything below U+0020
# except tab, newline, form feed and carriage return, DEL, and the C1 block).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_WORD = re.compile(r"[^\W\d_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Encodings charset-normalizer may offer that we never believe without a BOM:
# any byte soup "decodes" as UTF-16 into CJK.
_NO_BOM_NO_TRUST = ("utf_16", "utf_32")


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the report reason."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the encoding it was read as (for reports)."""

    text: str
    encoding: str


def binary_kind(data: bytes) -> str | None:
    """What binary format `data` starts like, or None when it may be text.

    NUL bytes mean binary unless a UTF-16/32 BOM explains them; a high share of
    other control bytes does too (text has almost none).
    """
    head = data[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if magic == b"MZ" and not _looks_like_exe(head):
                continue
            return kind
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if b"\x00" in head:
        if _utf16_without_bom(head):
            return None
        return "binary data"
    if head and len(_CONTROL_BYTES.findall(head)) > max(2, len(head) // 100):
        return "binary data"
    return None


def _looks_like_exe(head: bytes) -> bool:
    # "MZ" also starts ordinary words; a real DOS/PE header has NULs right after.
    return b"\x00" in head[2:64]


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when every other byte is NUL, as in ASCII-ish UTF-16."""
    n = len(head) - len(head) % 2
    if n < 4:
        return None
    even, odd = head[0:n:2], head[1:n:2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (`<meta charset>`), if Python knows it."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # As browsers do (WHATWG): a page that says Latin-1 or ASCII means Windows-1252.
    return "cp1252" if name in ("iso8859-1", "ascii", "latin-1") else name


def decode(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a whole text file (or one JSON line); raises `DecodeError` with the reason.

    `declared` is the charset the file names itself (an HTML page's meta
    tag). It is believed only when UTF-8 fails and it decodes cleanly: pages
    are often re-saved as UTF-8 while the tag still says Latin-1.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(enc), enc)
            except UnicodeDecodeError as e:
                raise DecodeError(f"invalid {enc} after its byte order mark ({e.reason} at byte {e.start})")
    kind = binary_kind(data)
    if kind is not None:
        raise DecodeError(f"binary file ({kind})")
    utf16 = _utf16_without_bom(data[:SNIFF_BYTES]) if b"\x00" in data[:SNIFF_BYTES] else None
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            raise DecodeError("binary file (NUL bytes, not valid UTF-16)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(text, "utf-8")
    if declared and not declared.startswith(("utf-8", "utf_8", "utf-16", "utf-32")):
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            if _readable(text):
                return Decoded(text, declared)
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> Decoded:
    mixed = _mostly_utf8(data)
    if mixed:
        # A UTF-8 file with some pasted Windows-1252 bytes: keep the UTF-8 and
        # read only the stray bytes as Windows-1252.
        text = data.decode("utf-8", errors="archive-cp1252")
        if _readable(text):
            return Decoded(text, "utf-8 (with windows-1252 bytes)")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _readable(text) and _western(text):
        return Decoded(text, "windows-1252")
    return _detect(data)


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and not best.encoding.startswith(_NO_BOM_NO_TRUST):
        text = str(best)
        # A coherence of 0 means no language was recognised: a guess at noise.
        if best.coherence >= 0.2 and best.chaos <= 0.2 and _readable(text):
            return Decoded(text, best.encoding)
    raise DecodeError("cannot decode: not UTF-8, not Windows-1252/Latin-1, and no other encoding fits")


_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _mostly_utf8(data: bytes) -> bool:
    valid = len(_UTF8_SEQ.findall(data))
    if valid < 2:
        return False
    high = sum(1 for b in data if b >= 0x80)
    invalid = high - sum(len(m) for m in _UTF8_SEQ.findall(data))
    return valid >= invalid


def _cp1252_errors(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start:err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("archive-cp1252", _cp1252_errors)


def _readable(text: str) -> bool:
    """No more than a trace of control characters or replacement marks."""
    bad = len(_CONTROL.findall(text))
    return bad <= len(text) // 1000


def _western(text: str) -> bool:
    """Text decoded as Windows-1252 reads like a Western European language.

    Dutch, French or German words carry one or two accented letters among
    ASCII ones. Cyrillic or Greek read as Windows-1252 gives words made only
    of accented letters ("Ïðåçèäåíò"); those go to the detector instead.
    """
    accented = 0
    all_accented = 0
    for w in _WORD.findall(text):
        n = len(_NON_ASCII.findall(w))
        if n:
            accented += 1
            if n == len(w) and len(w) >= 4:
                all_accented += 1
    return all_accented <= accented // 10
