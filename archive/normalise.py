"""Unicode and whitespace normalisation shared by every input shape.

NFC makes `Oekraïne` typed with a combining diaeresis the same term as the
precomposed one, so search finds both. Whitespace is normalised because
sources pad with non-breaking spaces, tabs and hard line wraps that carry no
meaning; typographic quotes, dashes and diacritics carry meaning and are kept
as written.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Invisible characters that only split words for a search engine: zero-width
# space/joiners, word joiner, soft hyphen, BOM inside text.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Control characters that are not line structure.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Every kind of horizontal space, including no-break and the typographic widths
# (`collapse` relies on `str.split()` treating each as whitespace).
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0\u202f]*\n\s*")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


# Anything `normalise_text` changes besides NFC: one scan says whether the
# three passes have work to do (almost never: it is called on every line).
_ODD = re.compile("[\r\u2028\u2029\x85\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def normalise_text(text: str) -> str:
    """NFC, Unix line breaks, no control or invisible characters (line structure kept)."""
    # Each of those characters is unprintable (`str.isprintable` is a quick
    # loop in C; a line of text is printable unless it holds a tab or break).
    if text.isprintable() or _ODD.search(text) is None:
        # NFC makes no line break, control or invisible character.
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return _CONTROL.sub("", text)


def collapse(text: str) -> str:
    """One line of text: every run of whitespace (newlines too) becomes one space.

    `str.split()` already splits at every character of `_SPACES` (all are
    Unicode whitespace; `tests/test_clean.py` checks), so no regex pass first.
    Text that is already one line, as most is, is given back as it is:
    every whitespace character but the space is unprintable, so a printable
    text without a double, leading or trailing space has nothing to collapse
    (and splitting it into words and joining them is most of the cost)."""
    if text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return text
    return " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, each collapsed to one line."""
    out = []
    for block in _BLANK_LINES.split(text):
        line = collapse(block)
        if line:
            out.append(line)
    return out


def has_entity(text: str) -> bool:
    return "&" in text and _ENTITY.search(text) is not None


def unescape_entities(text: str) -> str:
    """Resolve HTML entities left in text that is otherwise plain.

    Feeds sometimes escape twice (`&amp;#8230;`), so a second pass runs when
    the first one produced new entities.
    """
    if not has_entity(text):
        return text
    once = html.unescape(text)
    if has_entity(once):
        once = html.unescape(once)
    return once


def clean_line(text: str) -> str:
    """A title, heading or caption: normalised, entities resolved, one line."""
    return collapse(unescape_entities(normalise_text(text)))
