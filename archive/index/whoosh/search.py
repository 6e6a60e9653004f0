"""Carrying out a `SearchRequest` on a Whoosh index: matches, pages, facets.

The query is parsed by `query.py`, filters built by `filters.py`; the
matching set is computed once as per-segment boolean arrays
(`docsets.py`), and the exact total, the facet counts (`facets.py`, from
per-segment arrays, never Whoosh's `groupedby`) and date-sorted pages all
come from it without another pass over the matches; relevance pages are
ranked by `ranking.py` (BM25F over title, headings, captions, body and
entity names).
"""

from __future__ import annotations

import contextlib

from archive.index.backend import SearchRequest
from archive.results import FacetValue, SearchResult


def _query(reader, schema, r: SearchRequest):
    """(the parsed query, the query with every filter) for a request."""
    from whoosh.query import And, AndNot, Term

    from archive.index.whoosh.filters import date_bucket_filter, date_range_filter, every, value_filter
    from archive.index.whoosh.query import parse_query

    base = parse_query(r.query, schema, r.aliases) if r.query else None
    filters = [value_filter(reader, f) for f in r.filters]
    filters.append(date_bucket_filter(reader, r.dates))
    if r.date_from or r.date_to:
        filters.append(date_range_filter(reader, r.date_from, r.date_to))
    parts = [p for p in [base, *filters] if p is not None]
    if not parts:
        q = None
    elif len(parts) == 1:
        q = parts[0]
    else:
        q = And(parts)
    if r.collapse_duplicates:
        q = AndNot(q if q is not None else every(), Term("is_duplicate", "1"))
    return base, q


def search(ix, request: SearchRequest, *, facet_cache=None, searcher=None) -> SearchResult:
    from archive.index.whoosh import docsets
    from archive.index.whoosh import facets as facet_mod
    from archive.index.whoosh.hits import make_hit, query_matcher, snippet_of

    r = request
    text, limit, page, sort = r.query, r.limit, r.page, r.sort

    with contextlib.nullcontext(searcher) if searcher is not None else ix.searcher() as searcher:
        reader = searcher.reader()
        # the searcher's schema: `ix.schema` reads the table of contents again
        base, q = _query(reader, searcher.schema, r)

        # The matching set, as arrays: the exact total, facet counts and
        # date-sorted pages come from it without another pass over matches.
        cache = facet_cache or facet_mod.FacetCache(ix.storage.folder)
        memo: dict = {}  # posting arrays read once per search
        masks = docsets.masks(searcher, q, memo)
        total = int(sum(int(m.sum()) for m in masks))
        start = (page - 1) * limit
        matcher = query_matcher(base, reader)
        if text and sort == "relevance":
            from archive.index.whoosh.ranking import top

            ranked = top(searcher, q, masks, cache._memory, start + limit, memo=memo)[start:]
            hits = tuple(
                make_hit(stored, round(score, 4), snippet_of(stored, matcher))
                for stored, score in ((searcher.stored_fields(n), sc) for n, sc in ranked)
            )
        else:
            hits = tuple(
                make_hit(stored, None, snippet_of(stored, matcher))
                for stored in (searcher.stored_fields(n) for n in _by_date(
                    cache, searcher, masks, newest=sort != "oldest", start=start, limit=limit))
            )

        counted: dict[str, tuple[FacetValue, ...]] = {}
        for name in dict.fromkeys(r.facets):
            counted[name] = facet_mod.facet_values(cache, searcher, masks, name, r.facet_limit)

        suggestion = None
        if text and total == 0:
            from archive.index.whoosh.suggest import suggest

            suggestion = suggest(searcher, text, base)
    return SearchResult(query=text, total=total, page=page, limit=limit, hits=hits,
                        facets=counted, suggestion=suggestion)


def _by_date(cache, searcher, masks, *, newest: bool, start: int, limit: int) -> list[int]:
    """Global document numbers of one page of matches in date order; undated
    articles last either way, ties in index order."""
    import numpy as np

    from archive.index.whoosh.docsets import leaf_readers
    from archive.index.whoosh.facets import date_keys

    ids, keys = [], []
    for (sub, offset), mask in zip(leaf_readers(searcher.reader()), masks):
        local = np.flatnonzero(mask)
        ids.append(local + offset)
        keys.append(date_keys(cache, sub)[local])
    if not ids:
        return []
    ids, keys = np.concatenate(ids), np.concatenate(keys)
    if newest:
        order = np.lexsort((ids, -keys))
    else:
        order = np.lexsort((ids, np.where(keys < 0, np.iinfo(np.int64).max, keys)))
    return [int(n) for n in ids[order[start : start + limit]]]


def articles(ix, request: SearchRequest, *, facet_cache=None, searcher=None):
    """Every article matching the request's query and filters, whole, oldest
    first (undated last, ties in index order); paging and facets ignored."""
    from archive.index.whoosh import docsets
    from archive.index.whoosh import facets as facet_mod
    from archive.index.whoosh.schema import from_stored

    with contextlib.nullcontext(searcher) if searcher is not None else ix.searcher() as searcher:
        _, q = _query(searcher.reader(), searcher.schema, request)
        cache = facet_cache or facet_mod.FacetCache(ix.storage.folder)
        masks = docsets.masks(searcher, q, {})
        total = int(sum(int(m.sum()) for m in masks))
        for n in _by_date(cache, searcher, masks, newest=False, start=0, limit=total):
            yield from_stored(searcher.stored_fields(n))


def get(ix, article_id: str):
    """The whole stored article with this id, or None."""
    from archive.index.whoosh.schema import from_stored

    with ix.searcher() as searcher:
        stored = searcher.document(id=article_id)
    return None if stored is None else from_stored(stored)
