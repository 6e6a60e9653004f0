"""Exact facet counts from aggregations, over all matches, on any number of shards.

A `terms` aggregation is exact on one shard (the default here), and across
shards only when no shard left out a value that could change the result.
So every count-ordered facet is checked: OpenSearch reports
`doc_count_error_upper_bound`, the most a value it did not return could have
been undercounted by; when it is not 0 (several shards, a long tail) the
facet is counted again with a `composite` aggregation, which pages through
every value with its exact count. `facet_limit` 0 (all values) always pages.

Order and limits are the embedded engine's (`archive.index.whoosh.facets`):
value facets by count, then by name as read (`fold`: Épernay before
Zuidplas), the values tied with the last one shown competing for its
place; date facets chronologically, the latest `limit` buckets, with the
articles without a date as a `no date` bucket last. A `terms` aggregation
ordered by key is exact across shards (a shard's top keys include every
global top key it holds).
"""

from __future__ import annotations

from archive.index.backend import DATE_FACETS, NO_DATE
from archive.results import FacetValue

#: Values per page of a composite aggregation.
PAGE = 5000
#: Buckets fetched beyond `limit` to see the values tied with the last one.
TIE_MARGIN = 20


def aggregations(facets, limit: int) -> dict:
    """The aggregations to send with the search itself (first pass)."""
    aggs = {}
    for name in facets:
        if name in DATE_FACETS:
            if limit:
                aggs[f"f_{name}"] = {"terms": {"field": name, "size": limit, "order": {"_key": "desc"}}}
            if "no_date" not in aggs:
                aggs["no_date"] = {"missing": {"field": "year"}}
        elif limit:
            size = limit + TIE_MARGIN
            aggs[f"f_{name}"] = {"terms": {"field": name, "size": size, "shard_size": max(size * 4, 200),
                                           "show_term_doc_count_error": False}}
    return aggs


def facet_values(search, query: dict, name: str, limit: int, aggs: dict) -> tuple[FacetValue, ...]:
    """One facet from the first pass's `aggs` (asking again where they were not enough)."""
    if name in DATE_FACETS:
        if limit:
            buckets = [(b["key"], b["doc_count"]) for b in aggs[f"f_{name}"]["buckets"]]
            buckets.reverse()
        else:
            buckets = sorted(_all_values(search, query, name))
        out = [FacetValue(k, n) for k, n in buckets if n]
        undated = aggs["no_date"]["doc_count"]
        if undated:
            out.append(FacetValue(NO_DATE, undated))
        return tuple(out)
    if not limit:
        counts = _all_values(search, query, name)
    else:
        agg = aggs[f"f_{name}"]
        counts = [(b["key"], b["doc_count"]) for b in agg["buckets"]]
        if agg.get("doc_count_error_upper_bound", 0):
            counts = _all_values(search, query, name)  # several shards disagree: count every value
        elif agg.get("sum_other_doc_count", 0) and len(counts) > limit and counts[limit - 1][1] == counts[-1][1]:
            # The values tied with the last shown may go on past what came back.
            counts = _at_least(search, query, name, counts[limit - 1][1]) or _all_values(search, query, name)
    return _ordered(counts, limit)


def _ordered(counts, limit: int) -> tuple[FacetValue, ...]:
    from archive.analysis import fold

    counts = [(k, n) for k, n in counts if n]
    counts.sort(key=lambda kv: (-kv[1], kv[0]))
    if limit and len(counts) > limit:
        floor = counts[limit - 1][1]
        counts = [kv for kv in counts if kv[1] >= floor]
    counts.sort(key=lambda kv: (-kv[1], fold(kv[0]), kv[0]))
    if limit:
        counts = counts[:limit]
    return tuple(FacetValue(k, n) for k, n in counts)


def _at_least(search, query: dict, name: str, floor: int):
    """Every value counted `floor` times or more (exact on one shard), or None
    when that is too many for one request or the shards disagree."""
    size = 10_000
    body = {"size": 0, "query": query, "track_total_hits": False,
            "aggs": {"v": {"terms": {"field": name, "size": size, "min_doc_count": floor}}}}
    agg = search(body)["aggregations"]["v"]
    if agg.get("doc_count_error_upper_bound", 0) or len(agg["buckets"]) >= size:
        return None
    return [(b["key"], b["doc_count"]) for b in agg["buckets"]]


def _all_values(search, query: dict, name: str) -> list[tuple[str, int]]:
    """Every value of `name` among the matches with its exact count, page by page."""
    out, after = [], None
    while True:
        comp = {"size": PAGE, "sources": [{"v": {"terms": {"field": name}}}]}
        if after is not None:
            comp["after"] = after
        body = {"size": 0, "query": query, "track_total_hits": False, "aggs": {"all": {"composite": comp}}}
        agg = search(body)["aggregations"]["all"]
        out.extend((b["key"]["v"], b["doc_count"]) for b in agg["buckets"])
        after = agg.get("after_key")
        if not agg["buckets"] or after is None:
            return out
