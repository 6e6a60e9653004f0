"""Turning a raw record into an `Article`: cleaning plus metadata extraction.

Each input shape has its own cleaner (`archive.extract.textlayout` for plain text,
`archive.extract.html.clean` for HTML, `archive.read.records` for JSON field names); this
module puts their results together and decides the publication date.

Date sources, best first, and only ones that say "published": an explicit
value (text header `date 2022-12`, HTML metadata, the JSON field), then a
date in the file name, then a dateline the reader sees at the top of the
text. Nothing found means no date: never today, never the file's mtime.
"""

from __future__ import annotations

import os

from archive.extract.captions import distinct_credits
from archive.extract.dates import PartialDate, date_from_filename, find_dateline, parse_date, parse_timestamp
from archive.extract.html.clean import clean_html, inline_text
from archive.extract.textlayout import layout
from archive.document import Article, Caption
from archive.normalise import clean_line, unescape_entities
from archive.read.formats import RawRecord
from archive.read.records import map_record, record_id
from archive.read.sniff import looks_like_fragment, looks_like_html


class ExtractError(ValueError):
    """The record holds no usable article; the message says why."""


def article_id(raw: RawRecord) -> str:
    """Stable id: a JSON record's own `id`, else the content hash.

    For files that is the hash of the bytes, so copies of a file under other
    paths are one article; for a record without an id, the hash of its line.
    """
    if raw.kind == "record" and raw.record is not None:
        rid = record_id(raw.record)
        if rid:
            return rid
    return raw.content_hash[:16]


#: The warning on an article kept without text (`{NO_TEXT}: kept for its id, date`).
NO_TEXT = "no text"
TITLE_ONLY = "title only: no text"


def _identified(**values) -> tuple[str, ...]:
    """The names of what identifies an article among `values` (id, title,
    date, url, source), in that order."""
    return tuple(name for name, v in values.items() if v)


def build_article(raw: RawRecord) -> Article:
    """The article in `raw`; raises `ExtractError` when there is none."""
    if raw.kind == "record":
        return _from_record(raw)
    if raw.kind == "html":
        return _from_html(raw)
    return _from_text(raw)


# --------------------------------------------------------------------------


def _from_text(raw: RawRecord) -> Article:
    lay = layout(raw.text or "")
    warnings: list[str] = []
    date = None
    if "date" in lay.header:
        date = parse_date(lay.header["date"])
        if date is None:
            warnings.append(f"unparsed date: {lay.header['date']!r}")
    date = date or _filename_date(raw.path) or _dateline(lay.datelines)
    return _article(
        raw,
        title=lay.title,
        body=lay.body,
        headings=lay.headings,
        captions=lay.captions,
        loose_credits=lay.credits,
        date=date,
        url=lay.header.get("url"),
        source=lay.header.get("source"),
        warnings=warnings,
        empty="no article text",
        identified=_identified(title=lay.title, date=date, url=lay.header.get("url"),
                               source=lay.header.get("source")),
    )


def _from_html(raw: RawRecord) -> Article:
    page = clean_html(raw.text or "", page=True)
    date = _first_date(page.published)[0] or _filename_date(raw.path) or _dateline(page.datelines)
    return _article(
        raw,
        title=page.title,
        body=page.body,
        headings=page.headings,
        captions=page.captions,
        loose_credits=page.credits,
        date=date,
        url=page.url,
        source=page.source,
        warnings=list(page.warnings),
        empty="no article text in the HTML page",
        # Every page has a <title>, menus and error pages too: a page without
        # text is an article only when it states a date or its own URL.
        identified=_identified(date=date, url=page.url),
    )


def _from_record(raw: RawRecord) -> Article:
    fields = map_record(raw.record or {})
    warnings = list(fields.warnings)
    title = inline_text(fields.title) if fields.title else None
    text = fields.text or ""
    datelines: tuple[str, ...] = ()
    html = looks_like_html(text)
    if not html:
        # Some feeds escape their HTML body ("&lt;p&gt;A.&lt;/p&gt;"): only
        # once unescaped does it show its tags. The stricter fragment test
        # keeps prose that merely mentions "&lt;" plain text.
        plain = unescape_entities(text)
        if looks_like_fragment(plain):
            text = plain
            html = looks_like_html(text)
            plain = unescape_entities(text)  # (escaped twice: "&amp;lt;" is "<" in the end)
    if html:
        page = clean_html(text, page=False)
        title = title or page.title
        body, headings, captions, credits = page.body, page.headings, page.captions, page.credits
    else:
        lay = layout(plain, find_title=False, read_headers=False)
        body, headings, captions, credits = lay.body, lay.headings, lay.captions, lay.credits
        datelines = lay.datelines
    if body and title and body[0] == title:
        body = body[1:]  # feeds often repeat the headline as the first line
    date, bad = _first_date(fields.dates, timestamps=True)
    if date is None and bad:
        warnings.append(f"unparsed date: {bad[0]!r}")
    date = date or _dateline(datelines)
    return _article(
        raw,
        title=title or None,
        body=body,
        headings=headings,
        captions=captions,
        loose_credits=credits,
        date=date,
        url=fields.url,
        source=clean_line(fields.source) if fields.source else None,
        warnings=warnings,
        extra=fields.extra,
        empty="no title and no text",
        # (`fields.id` is `record_id` of the record: the same fields, read alike.)
        identified=() if body else _identified(id=fields.id, title=title, date=date, url=fields.url,
                                               source=fields.source),
        rid=fields.id,
    )


# --------------------------------------------------------------------------


def _article(
    raw: RawRecord,
    *,
    title: str | None,
    body: tuple[str, ...] | list[str],
    headings,
    captions: tuple[Caption, ...],
    loose_credits,
    date: PartialDate | None,
    url: str | None,
    source: str | None,
    warnings: list[str],
    extra: dict | None = None,
    empty: str,
    identified: tuple[str, ...],
    rid: str | None = None,
) -> Article:
    """The article; `identified` is read only when there is no body, and
    `rid`, a record's own id, saves finding it again."""
    if not body:
        if not identified:
            raise ExtractError(empty)  # nothing at all: no article
        # An article the user gave us, paywalled or removed: kept, and said.
        said = TITLE_ONLY if "title" in identified else f"{NO_TEXT}: kept for its {', '.join(identified)}"
        warnings = [*warnings, said]
    return Article(
        id=rid or article_id(raw),
        path=raw.path,
        paths=(raw.path,),
        line=raw.line,
        body="\n\n".join(body),
        title=title or None,
        date=date.iso() if date else None,
        date_precision=date.precision if date else None,
        source=source or None,
        url=url or None,
        headings=tuple(headings),
        captions=tuple(captions),
        credits=distinct_credits(captions, list(loose_credits)),
        extra=dict(extra or {}),
        content_hash=raw.content_hash,
        warnings=tuple(warnings),
    )


def _first_date(values, *, timestamps: bool = False) -> tuple[PartialDate | None, list[str]]:
    """The first value that parses as a date, and the ones that did not.

    `timestamps` also reads Unix epoch values (`1671490200`): right for a
    JSON date field, which machines write, not for text a person wrote.
    """
    bad = []
    for v in values:
        d = parse_date(v) or (parse_timestamp(v) if timestamps else None)
        if d is not None:
            return d, bad
        bad.append(v)
    return None, bad


def _filename_date(path: str) -> PartialDate | None:
    return date_from_filename(os.path.basename(path))


def _dateline(texts) -> PartialDate | None:
    for t in texts:
        d = parse_date(t) or find_dateline(t)
        if d is not None:
            return d
    return None
