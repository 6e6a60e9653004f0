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

    def first(names: tuple[str, ...], what: str, convert=None) -> str | None:
        for name in names:
            if name not in record:
                continue
            value = record[name]
            if value is None:
                used.add(name)
                continue
            text = (convert or _as_text)(value)
            if text is None:
                warnings.append(f"{name}: unusable {what} value of type {type(value).__name__}")
                continue  # left in extra below
            used.add(name)
            if text.strip():
                return text
        return None

    rid = first(ID_FIELDS, "id", _as_id)
    title = first(TITLE_FIELDS, "title")
    text = first(TEXT_FIELDS, "text", _as_body)
    url = first(URL_FIELDS, "url")
    source = first(SOURCE_FIELDS, "source", _as_name)
    dates = []
    for name in DATE_FIELDS:
        value = record.get(name)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            dates.append(str(value).strip())
            used.add(name)
        elif value is None and name in record:
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


def record_id(record: dict[str, Any]) -> str | None:
    """The record's own id as a string (10593548 and "10593548" alike), or None."""
    for name in ID_FIELDS:
        rid = _as_id(record.get(name))
        if rid and rid.strip():
            return rid.strip()
    return None
