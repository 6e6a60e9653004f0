"""What a user asked, checked and normalised into a `SearchRequest`.

Everything here is the same on every engine: the options' limits, the query
language's syntax (`archive.index.querylang`), what a filter value may mean
(the value as given, then its canonical form: aliases for actors and places,
the credit spelling for credits), and what a date option means. A mistake
is a one-line `QueryError` (exit status 2) before any engine is asked.
"""

from __future__ import annotations

import re
from typing import Sequence

from archive.errors import QueryError
from archive.index.backend import FACETS, NO_DATE, SORTS, SearchRequest, ValueFilter
from archive.index.querylang import check_query


def build_request(
    query: str | None = None,
    *,
    limit: int = 10,
    page: int = 1,
    sort: str = "relevance",
    actor: Sequence[str] = (),
    place: Sequence[str] = (),
    credit: Sequence[str] = (),
    source: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    date: Sequence[str] = (),
    facets: Sequence[str] = (),
    facet_limit: int = 10,
    collapse_duplicates: bool = False,
    aliases=None,
) -> SearchRequest:
    """The request for `Archive.search`'s arguments (see there)."""
    check_options(limit=limit, page=page, sort=sort, facets=facets, facet_limit=facet_limit)
    text = (query or "").strip() or None
    if text:
        check_query(text)
    filters = [
        _value_filter("actor", actor, _entity_canonical("actor", aliases)),
        _value_filter("place", place, _entity_canonical("place", aliases)),
        _value_filter("credit", credit, _credit),
        _value_filter("source", source, None),
    ]
    dates = date_buckets(date)
    lo, hi = date_bounds(date_from, date_to)
    return SearchRequest(
        query=text,
        filters=tuple(f for f in filters if f is not None),
        date_from=lo,
        date_to=hi,
        dates=dates,
        sort=sort,
        page=page,
        limit=limit,
        facets=tuple(dict.fromkeys(facets)),
        facet_limit=facet_limit,
        collapse_duplicates=collapse_duplicates,
        aliases=aliases,
    )


def check_options(*, limit: int, page: int, sort: str, facets: Sequence[str], facet_limit: int) -> None:
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    if page < 1:
        raise QueryError("--page must be at least 1")
    if facet_limit < 0:
        raise QueryError("--facet-limit must be 0 (all) or more")
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    bad = [f for f in facets if f not in FACETS]
    if bad:
        raise QueryError(f"unknown facet {bad[0]!r}; choose from {', '.join(FACETS)}")


def _listed(values) -> Sequence[str]:
    """A filter's values; one string is one value, not its characters."""
    return [values] if isinstance(values, str) else values or ()


def _value_filter(field: str, values, canonical) -> ValueFilter | None:
    """Each value with the forms an engine tries in order: as given (spaces
    collapsed), then canonical."""
    choices = []
    for v in _listed(values):
        v = " ".join(str(v).split())
        forms = (v,) if not v or canonical is None else (v, canonical(v))
        choices.append(forms)
    return ValueFilter(field, tuple(choices)) if choices else None


def _entity_canonical(kind: str, aliases):
    def canonical(value: str) -> str:
        # The entity rules are large: only a name filter loads them.
        from archive.extract.entities import canonical_name

        return canonical_name(value, kind, aliases)

    return canonical


def _credit(value: str) -> str:
    from archive.extract.captions import normalise_credit

    return normalise_credit(value) or value


def _parse_bound(text: str, option: str):
    from archive.extract.dates import parse_date_strict

    try:
        return parse_date_strict(str(text))
    except ValueError as e:
        raise QueryError(f"{option}: {e}") from None


def date_bounds(date_from: str | None, date_to: str | None):
    """`--from`/`--to` as (first day, last day) of the dates at their own
    precision (`2022-12` -> 1 and 31 December); None where open."""
    lo = _parse_bound(date_from, "--from").first_day() if date_from else None
    hi = _parse_bound(date_to, "--to").last_day() if date_to else None
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"--from {date_from} is after --to {date_to}")
    return lo, hi


def date_buckets(values) -> tuple[str, ...]:
    """`--date` values as facet buckets: `2022`, `2022-12`, `2022-12-19` or `no date`."""
    out = []
    for v in dict.fromkeys(str(x).strip() for x in _listed(values)):
        if v.lower() in (NO_DATE, "none", "null"):
            out.append(NO_DATE)
            continue
        if not re.fullmatch(r"(\d{4})(-\d{2})?(-\d{2})?", v):
            raise QueryError(f"--date {v!r}: give a facet value such as 2022, 2022-12, 2022-12-19 or 'no date'")
        out.append(v)
    return tuple(dict.fromkeys(out))
