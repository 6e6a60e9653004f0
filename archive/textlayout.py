"""The structure of a plain-text article: header line, title, headings, paragraphs.

Plain text carries its structure in layout only. The seeds show the shape:
an optional header (`date 2022-12`, sometimes running straight into the first
paragraph on the same line), paragraphs separated by blank lines, short
inter-titles between them ("Over de ruggen van dode soldaten": no closing
punctuation), and photo captions ending in a credit. Each of those must land
in its own field: a heading or caption left in the body would be indexed as
prose and split the paragraph structure the entity extractor relies on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .captions import split_credit
from .document import Caption
from .normalise import collapse, normalise_text, paragraphs

# --------------------------------------------------------------------------
# Header lines

# Month, day, time and zone after the year of an ISO-like value.
_ISO_REST = (
    r"-\d{1,2}(?:-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT|CES?T))?)?)?"
)
_DATE_KEYS = r"(?:date|datum|published|gepubliceerd|pubdate|publicatiedatum)"
# "date 2022-12 Dat Vladimir ...": an ISO value may run on into the text; a
# bare year only when it ends the line ("datum 2022 was ..." is prose).
_HEADER_ISO = re.compile(
    rf"[ \t]*{_DATE_KEYS}[ \t]*[:=]?[ \t]*(?P<v>\d{{4}}{_ISO_REST}|\d{{4}}(?=[ \t]*(?:\n|$)))"
    r"(?![\w:-])[ \t]*\n?",
    re.I,
)
# "datum: 19 december 2022": any value, but only on a line of its own.
_HEADER_FIELD = re.compile(
    r"[ \t]*(?P<k>date|datum|published|gepubliceerd|pubdate|publicatiedatum|title|titel|kop"
    r"|source|bron|url|link)[ \t]*:[ \t]*(?P<v>[^\n]+?)[ \t]*(?:\n|$)",
    re.I,
)
_KEY_NAMES = {
    "date": "date", "datum": "date", "published": "date", "gepubliceerd": "date",
    "pubdate": "date", "publicatiedatum": "date", "title": "title", "titel": "title",
    "kop": "title", "source": "source", "bron": "source", "url": "url", "link": "url",
}

# --------------------------------------------------------------------------
# Headline shape

MAX_HEADING_WORDS = 20
MAX_HEADING_CHARS = 160
MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 250
_TRAILING_CLOSERS = "\"'’”»)]"
_NO_HEADLINE_END = ".,;:…-–—"
_STARTS_LIKE_HEADLINE = re.compile(r"[\"'‘“«(\[]?[A-ZÀ-ÖØ-Þ0-9]")
_SENTENCE_INSIDE = re.compile(r"[.!?…][\"'’”]?\s+[A-ZÀ-ÖØ-Þ]")


@dataclass(frozen=True)
class TextLayout:
    """What a plain text holds, each part in its own place."""

    body: tuple[str, ...]  # body paragraphs only
    title: str | None = None
    headings: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    credits: tuple[str, ...] = ()  # credits on lines of their own ("Foto: ANP")
    header: dict[str, str] = field(default_factory=dict, hash=False)  # header fields as written
    datelines: tuple[str, ...] = ()  # visible datelines found at the top, as written


def read_header(text: str) -> tuple[dict[str, str], str]:
    """Header fields at the top of `text`, and the text after them."""
    header: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        while text.startswith("\n", pos):
            pos += 1
        m = _HEADER_FIELD.match(text, pos)
        if m:
            key = _KEY_NAMES[m.group("k").lower()]
            if key == "date" and not _is_date(m.group("v")):
                m = None
            elif key not in header:
                header[key] = m.group("v")
                pos = m.end()
                continue
        m = _HEADER_ISO.match(text, pos)
        if m and "date" not in header:
            header["date"] = m.group("v")
            pos = m.end()
            continue
        break
    return header, text[pos:] if header else text


def _is_date(value: str) -> bool:
    from .dates import parse_date

    return parse_date(value) is not None


def is_headline(line: str, *, max_words: int = MAX_HEADING_WORDS, max_chars: int = MAX_HEADING_CHARS) -> bool:
    """Looks like a headline: short, starts with a capital, no closing punctuation.

    A question or exclamation is a headline ("Waar is Lalla Salma?"); a line
    ending in a full stop, comma or colon is a sentence or a lead-in.
    """
    if len(line) > max_chars or not _STARTS_LIKE_HEADLINE.match(line):
        return False
    words = line.split()
    if not 2 <= len(words) <= max_words:
        return False
    end = line.rstrip(_TRAILING_CLOSERS)
    if not end or end[-1] in _NO_HEADLINE_END:
        return False
    if _SENTENCE_INSIDE.search(line):
        return False
    return any(c.isalpha() for c in line)


def layout(text: str, *, find_title: bool = True, read_headers: bool = True) -> TextLayout:
    """Split a plain text into header, title, headings, captions and body.

    `find_title` is off for JSON records, whose title is a field of its own;
    `read_headers` too, because a record's text has no header lines.
    """
    text = normalise_text(text)
    header: dict[str, str] = {}
    if read_headers:
        header, text = read_header(text)
    blocks = _blocks(text)
    title = header.get("title")
    if title:
        title = collapse(title)
    elif find_title and len(blocks) >= 2 and is_headline(blocks[0], max_words=MAX_TITLE_WORDS, max_chars=MAX_TITLE_CHARS):
        if split_credit(blocks[0]) is None:
            title = blocks.pop(0)
    # A line that is only a date near the top ("ma 19 dec 2022 14:05") is a
    # dateline: metadata, not prose.
    datelines = [b for b in blocks[:3] if _is_dateline(b)]
    blocks = [b for b in blocks if b not in datelines]
    # Classify: caption, heading (between paragraphs) or body paragraph.
    kinds: list[str] = []
    captions: list[Caption] = []
    credits: list[str] = []
    for b in blocks:
        cap = split_credit(b)
        if cap is not None:
            if cap.text:
                captions.append(cap)
            else:
                credits.append(cap.credit or "")
            kinds.append("caption")
        else:
            kinds.append("heading?" if is_headline(b) else "para")
    body: list[str] = []
    headings: list[str] = []
    for i, (b, kind) in enumerate(zip(blocks, kinds)):
        if kind == "caption":
            continue
        if kind == "heading?":
            before = title is not None or any(k != "heading?" for k in kinds[:i])
            after = "para" in kinds[i + 1:]
            if before and after:
                headings.append(b)
                continue
        body.append(b)
    if body:
        # "AMSTERDAM, 19 december 2022 - Het kabinet ...": a dateline opening
        # the first paragraph, set off by a dash.
        m = _LEADING_DATELINE.match(body[0])
        if m:
            datelines.append(m.group(1))
    return TextLayout(
        body=tuple(body),
        title=title,
        headings=tuple(headings),
        captions=tuple(captions),
        credits=tuple(c for c in credits if c),
        header=header,
        datelines=tuple(datelines),
    )


_LEADING_DATELINE = re.compile(r"(.{6,60}?)\s+[-–—|]\s+\S")
_UPDATE_WORDS = re.compile(r"bijgewerkt|gewijzigd|aangepast|update|laatste wijziging", re.I)


def _is_dateline(block: str) -> bool:
    """A short line that is a date and nothing more (modified dates are not)."""
    if len(block) > 60 or _UPDATE_WORDS.search(block):
        return False
    from .dates import parse_date

    return parse_date(block) is not None


def _blocks(text: str) -> list[str]:
    """Paragraphs: blank-line separated, or one per line when there are no blank lines.

    Hard-wrapped paragraphs (blank lines between them, single breaks inside)
    are joined; a file with no blank line at all writes one paragraph a line.
    """
    stripped = text.strip()
    if "\n" in stripped and not re.search(r"\n[ \t\f\v\u00a0]*\n", stripped):
        return [line for line in (collapse(x) for x in stripped.split("\n")) if line]
    return paragraphs(stripped)
