"""Filters as Whoosh queries: exact values and dates through precomputed terms.

Filters on actors, places, credits and sources are exact `Term` look-ups on
stored values, never run through the query parser, so a name with spaces or
a hyphen means exactly itself. Dates are filtered through the precomputed
year/month/day terms (a `DateRange` query costs about half a second at 117k
articles): a range is cut into whole years, whole months and single days.
"""

from __future__ import annotations

import datetime
from typing import Sequence

from archive.index.backend import NO_DATE, ValueFilter


def value_filter(reader, wanted: ValueFilter):
    """OR within one filter: articles whose field holds any of the values."""
    from whoosh.query import Or, Term

    values = [stored_value(reader, wanted.field, forms) for forms in wanted.choices]
    terms = [Term(wanted.field, v) for v in dict.fromkeys(values) if v]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else Or(terms)


def stored_value(reader, field: str, forms: Sequence[str]) -> str:
    """The index term a filter value means.

    `forms` are the value as given, then its canonical form (aliases: Kiev ->
    Kyiv; credit spelling: REUTERS -> Reuters). A form exactly as stored (what
    a facet lists) is taken as is, so every facet value passed back returns
    exactly its count; failing that, the last form is matched case- and
    accent-blind against the stored values (nrc -> NRC).
    """
    value = forms[0] if forms else ""
    if not value or (field, value) in reader:
        return value
    for value in forms[1:]:
        if (field, value) in reader:
            return value
    from archive.analysis import fold

    want = fold(value).casefold()
    for term in reader.lexicon(field):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        if fold(text).casefold() == want:
            return text
    return value


def _years(reader) -> list[int]:
    return sorted(int(t.decode() if isinstance(t, bytes) else t) for t in reader.lexicon("year"))


def date_range_filter(reader, lo: datetime.date | None, hi: datetime.date | None):
    """Articles whose date overlaps [lo, hi] (days; None: open), as a query
    on date terms.

    A range is cut into whole years, whole months and single days, so the
    query stays a few dozen `Term`s however long the range is.
    """
    from whoosh.query import And, NullQuery, Or, Term

    years = _years(reader)
    if not years:
        return NullQuery
    # Only the years the archive holds need terms; a bound outside them
    # simply matches nothing beyond them.
    lo = max(lo or datetime.date.min, datetime.date(years[0], 1, 1))
    hi = min(hi or datetime.date.max, datetime.date(years[-1], 12, 31))
    if lo > hi:
        return NullQuery
    parts = []
    for y in range(lo.year, hi.year + 1):
        y_lo = max(lo, datetime.date(y, 1, 1))
        y_hi = min(hi, datetime.date(y, 12, 31))
        if (y_lo.month, y_lo.day, y_hi.month, y_hi.day) == (1, 1, 12, 31):
            parts.append(Term("year", f"{y:04d}"))
            continue
        # Only part of the year: a year-precision article still overlaps.
        parts.append(And([Term("year", f"{y:04d}"), Term("date_precision", "year")]))
        for m in range(y_lo.month, y_hi.month + 1):
            m_first = datetime.date(y, m, 1)
            m_last = (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1))
            m_lo, m_hi = max(y_lo, m_first), min(y_hi, m_last)
            month = f"{y:04d}-{m:02d}"
            if m_lo == m_first and m_hi == m_last:
                parts.append(Term("month", month))
                continue
            parts.append(And([Term("month", month), Term("date_precision", "month")]))
            d = m_lo
            while d <= m_hi:
                parts.append(Term("day", d.isoformat()))
                d += datetime.timedelta(days=1)
    return parts[0] if len(parts) == 1 else Or(parts)


def date_bucket_filter(reader, values: Sequence[str]):
    """The exact date facet buckets: `2022`, `2022-12`, `2022-12-19`, `no date`
    (checked by `archive.search`)."""
    from whoosh.query import Not, Or, Term

    parts = []
    for v in values:
        if v == NO_DATE:
            dated = [Term("year", y) for y in (f"{y:04d}" for y in _years(reader))]
            parts.append(Not(Or(dated)) if dated else every())
            continue
        field = ("year", "month", "day")[v.count("-")]
        parts.append(Term(field, v))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(parts)


def every():
    from whoosh.query import Every

    return Every()
