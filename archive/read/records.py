"""JSON records: which field means what.

Feeds and newsroom exports agree on the idea and disagree on the names
(`title` or `headline`, `text`/`body`/`content`, five names for the
publication date). Mapping them here, once, lets the rest of extraction see
one shape. Fields we have no column for are kept as given in `extra`, so
`archive show` can still show them and nothing in the input is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ID_FIELDS = ("id",)
TITLE_FIELDS = ("title", "headline")
TEXT_FIELDS = ("text", "body", "content")
# Most specific first: a field that says "published" beats a generic "date".
# Modified/updated fields are not here and so never become the date.
DATE_FIELDS = ("datePublished", "published_at", "published", "pubdate", "date")
URL_FIELDS = ("url",)
SOURCE_FIELDS = ("source", "publisher", "site")

KNOWN_FIELDS = frozenset(ID_FIELDS + TITLE_FIELDS + TEXT_FIELDS + DATE_FIELDS + URL_FIELDS + SOURCE_FIELDS)


@dataclass(frozen=True)
class RecordFields:
    """A JSON record's values under our names, before any cleaning."""

    id: str | None
    title: str | None
    text: str | None
    dates: tuple[str, ...]  # candidate values, best first
    url: str | None
    source: str | None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)
    warnings: tuple[str, ...] = ()


def map_record(record: dict[str, Any]) -> RecordFields:
    """Pick our fields out of `record`; everything else goes to `extra` unchanged."""
    warnings: list[str] = []
    used: set[str] = set()
    # One loop over the groups rather than a helper call per field: this runs
    # for every record of a feed.
    found: list[str | None] = []
    for names, what, convert in _GROUPS:
        text = None
        for name in names:
            if name not in record:
                continue
            value = record[name]
            if value is None:
                used.add(name)
                continue
            got = convert(value)
            if got is None:
                warnings.append(f"{name}: unusable {what} value of type {type(value).__name__}")
                continue  # left in extra below
            used.add(name)
            if got.strip():
                text = got
                break
        found.append(text)
    rid, title, text, url, source = found
    dates = []
    for name in DATE_FIELDS:
        if name not in record:
            continue
        value = record[name]
        if isinstance(value, str):
            value = value.strip()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value).strip()
        else:
            if value is None:
                used.add(name)
            continue
        if value:
            dates.append(value)
            used.add(name)
    extra = {k: v for k, v in record.items() if k not in used}
    return RecordFields(
        id=rid.strip() if rid else None,
        title=title,
        text=text,
        dates=tuple(dates),
        url=url.strip() if url else None,
        source=source.strip() if source else None,
        extra=extra,
        warnings=tuple(warnings),
    )


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _as_id(value: Any) -> str | None:
    # 10593548 and "10593548" are the same id; a float id is written as given.
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


def _as_body(value: Any) -> str | None:
    """A body may come as a list of paragraphs."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)
    return _as_text(value)


def _as_name(value: Any) -> str | None:
    """A publisher may be an object (JSON-LD style: {"name": "NOS"})."""
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    return _as_text(value)


#: The single-valued fields in the order `map_record` reads them (and words
#: its warnings): names, what the value is, how it becomes text.
_GROUPS = (
    (ID_FIELDS, "id", _as_id),
    (TITLE_FIELDS, "title", _as_text),
    (TEXT_FIELDS, "text", _as_body),
    (URL_FIELDS, "url", _as_text),
    (SOURCE_FIELDS, "source", _as_name),
)


def record_id(record: dict[str, Any]) -> str | None:
    """The record's own id as a string (10593548 and "10593548" alike), or None."""
    for name in ID_FIELDS:
        rid = _as_id(record.get(name))
        if rid and rid.strip():
            return rid.strip()
    return None
