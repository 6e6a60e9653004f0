"""Filters as `term`/`terms`/`range` filters on exact stored values.

Actors, places, credits and sources are `keyword` fields holding the
canonical names, so `--place Kyiv` is one `terms` filter and every facet value
passed back returns exactly its count. A value is taken as the first of its
forms the index holds (as given, then canonical: `Kiev` -> `Kyiv`, `REUTERS`
-> `Reuters`), else the stored value that equals it ignoring case and accents
(found through the field's `folded` sub-field), as in the embedded engine.

Dates keep their precision: an article spans the days from `date_first` to
`date_last` (all of 2022 for `2022`), and `--from`/`--to` keep the articles
whose span overlaps the range: two `range` filters. `--date` buckets are
exact `year`/`month`/`day` terms, `no date` the articles without a year.
"""

from __future__ import annotations

import datetime
from typing import Sequence

from archive.index.backend import NO_DATE, ValueFilter


def stored_values(search, field: str, forms: Sequence[str]) -> set[str]:
    """Which of `forms` the index holds in `field` (one request)."""
    forms = [f for f in dict.fromkeys(forms) if f]
    if not forms:
        return set()
    body = {"size": 0, "query": {"terms": {field: forms}},
            "aggs": {"held": {"terms": {"field": field, "include": forms, "size": len(forms)}}}}
    r = search(body)
    return {b["key"] for b in r["aggregations"]["held"]["buckets"]}


def folded_match(search, field: str, value: str) -> str | None:
    """The first stored value (in index order) equal to `value` ignoring case and accents."""
    from archive.analysis import fold

    want = fold(value).casefold()
    body = {"size": 0, "query": {"term": {f"{field}.folded": fold(value)}},
            "aggs": {"held": {"terms": {"field": field, "size": 100, "order": {"_key": "asc"}}}}}
    for b in search(body)["aggregations"]["held"]["buckets"]:
        if fold(b["key"]).casefold() == want:
            return b["key"]
    return None


def value_filter(search, wanted: ValueFilter) -> dict | None:
    """OR within one filter: articles whose field holds any of the values."""
    held = stored_values(search, wanted.field, [f for forms in wanted.choices for f in forms])
    values = []
    for forms in wanted.choices:
        value = next((f for f in forms if f in held), None)
        if value is None:
            value = forms[-1] if forms else ""
            if value:
                value = folded_match(search, wanted.field, value) or value
        values.append(value)
    values = [v for v in dict.fromkeys(values) if v]
    if not values:
        return None
    return {"terms": {wanted.field: values}}


def date_range_filter(lo: datetime.date | None, hi: datetime.date | None) -> list[dict]:
    """Articles whose date span overlaps [lo, hi] (None: open)."""
    out = []
    if hi is not None:
        out.append({"range": {"date_first": {"lte": hi.isoformat()}}})
    if lo is not None:
        out.append({"range": {"date_last": {"gte": lo.isoformat()}}})
    return out


def date_bucket_filter(values: Sequence[str]) -> dict | None:
    """The exact date facet buckets: `2022`, `2022-12`, `2022-12-19`, `no date`."""
    parts = []
    for v in values:
        if v == NO_DATE:
            parts.append({"bool": {"must_not": [{"exists": {"field": "year"}}]}})
            continue
        field = ("year", "month", "day")[v.count("-")]
        parts.append({"term": {field: v}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}
