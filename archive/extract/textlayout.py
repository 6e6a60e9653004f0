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

from archive.extract.captions import split_credit
from archive.extract.dates import find_dateline, parse_date, parse_dateline_date
from archive.document import Caption
from archive.normalise import collapse, normalise_text, paragraphs

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
    return parse_date(value) is not None


def is_headline(line: str, *, max_words: int = MAX_HEADING_WORDS, max_chars: int = MAX_HEADING_CHARS) -> bool:
    """Looks like a headline: short, starts with a capital, no closing punctuation.

    A question or exclamation is a headline ("Waar is Lalla Salma?"); a line
    ending in a full stop, comma or colon is a sentence or a lead-in. A date
    line ("19 december 2022", "Bijgewerkt 20 december 2022") has the shape
    but is metadata.
    """
    if len(line) > max_chars or not _STARTS_LIKE_HEADLINE.match(line):
        return False
    if _is_modified_line(line) or _is_dateline(line):
        return False  # "Bijgewerkt 20 december 2022", "19 december 2022": metadata
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
    # "Bijgewerkt 20 december 2022" near the top: metadata that is no title,
    # no body and (being a modified date) no publication date either.
    blocks = _blocks(text)
    blocks = [b for i, b in enumerate(blocks) if i >= 3 or not _is_modified_line(b)]
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
        lead = leading_dateline(body[0])
        if lead:
            datelines.append(lead)
    return TextLayout(
        body=tuple(body),
        title=title,
        headings=tuple(headings),
        captions=tuple(captions),
        credits=tuple(c for c in credits if c),
        header=header,
        datelines=tuple(datelines),
    )


# A dateline opening a paragraph: an optional place ("AMSTERDAM", "Den Haag",
# "Bergen op Zoom", "KIEV (ANP)") and a comma or dash, then the date, then a
# dash right after it. The place is capitalised words with lower-case
# particles between them, so a sentence ("Op 4 mei 1945 - ...") is no place.
_PLACE = (
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:(?:aan|op|in|bij|de|den|der|het|van|ter|ten|le|la|sur)\s+)*"
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3}(?:\s+\([A-Za-z]{2,12}\))?"
)
_LEADING_DATELINE = re.compile(
    rf"(?:{_PLACE}\s*(?:,|\s[-–—])\s+)?(?P<date>[\w.,:/ -]{{6,45}}?)\s+[-–—|]\s+\S"
)
_DASH_BETWEEN_SPACES = re.compile(r"\s[-–—|]\s")


def _has_dash_between_spaces(text: str) -> bool:
    """What `_LEADING_DATELINE` cannot match without: a dash (or bar)
    between white space. In printable text a space is the only white space,
    and four substring tests are quicker than the scan."""
    if text.isprintable():
        return " - " in text or " – " in text or " — " in text or " | " in text
    return _DASH_BETWEEN_SPACES.search(text) is not None


_UPDATE_WORDS = re.compile(r"bijgewerkt|gewijzigd|aangepast|update|laatste wijziging", re.I)


def leading_dateline(paragraph: str) -> str | None:
    """The date of a dateline opening `paragraph`, as written, or None.

    Only a real dateline shape counts: "AMSTERDAM, 19 december 2022 - Het
    kabinet", "19 december 2022 - Het kabinet". A date inside a sentence
    ("Op 4 mei 1945 - de dag voor de bevrijding - was het stil") is the
    subject of the text, and a wrong publication date is worse than none;
    so the part before the dash must be a date by shape alone
    (`parse_dateline_date`, no dateutil guessing).
    """
    if not _has_dash_between_spaces(paragraph):
        return None  # most paragraphs: the pattern below would fail, slowly
    m = _LEADING_DATELINE.match(paragraph)
    if m is None or _UPDATE_WORDS.search(m.group(0)):
        return None
    date = m.group("date").strip()
    return date if parse_dateline_date(date) is not None else None


def _is_dateline(block: str) -> bool:
    """A short line that is a date and nothing more (modified dates are not).

    "Gepubliceerd: 19 december 2022" counts too: the word only says what
    the date is.
    """
    if len(block) > 60 or _UPDATE_WORDS.search(block):
        return False
    return parse_date(_PUBLISHED_LEAD.sub("", block)) is not None


_PUBLISHED_LEAD = re.compile(r"^\s*(?:gepubliceerd|geplaatst|published|posted)(?:\s+op|\s+on)?\s*:?\s*", re.I)


def _is_modified_line(block: str) -> bool:
    """"Bijgewerkt 20 december 2022", "Laatste update: 20-12-2022 14:05": metadata, not prose.

    Such a line says when the text last changed, which is never its
    publication date; it is neither a title nor a dateline nor body text.
    """
    if len(block) > 80:
        return False  # (before the pattern: most blocks are paragraphs)
    m = _MODIFIED_LEAD.match(block)
    if m is None:
        return False
    rest = block[m.end():].strip(" :-–—|")
    return parse_date(rest) is not None or find_dateline(rest) is not None


_MODIFIED_LEAD = re.compile(
    r"\s*(?:laatst\s+)?(?:bijgewerkt|gewijzigd|aangepast|geüpdatet|ge-updatet|laatste\s+update|laatste\s+wijziging"
    r"|update|updated|last\s+updated|modified)(?:\s+op)?\b",
    re.I,
)


def _blocks(text: str) -> list[str]:
    """Paragraphs: blank-line separated, or one per line when there are no blank lines.

    Hard-wrapped paragraphs (blank lines between them, single breaks inside)
    are joined; a file with no blank line at all writes one paragraph a line.
    """
    stripped = text.strip()
    if "\n" not in stripped:
        # One paragraph (most feed bodies): no blank line to split at.
        line = collapse(stripped)
        return [line] if line else []
    if not re.search(r"\n[ \t\f\v\u00a0]*\n", stripped):
        return [line for line in (collapse(x) for x in stripped.split("\n")) if line]
    return paragraphs(stripped)
