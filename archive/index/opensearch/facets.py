"""Exact facet counts from aggregations, over all matches, on any number of shards.

A `terms` aggregation is exact on one shard (the default here), and across
shards only when no shard left out a value that could change the result.
OpenSearch says how much that could be: `doc_count_error_upper_bound`, the
sum over shards of the smallest count each shard returned (when it had more
values than it returned), is the most any value left out entirely can have.
So a count-ordered facet over several shards is made exact in steps that
stay cheap however many values the field holds (an actor facet over
millions of articles):

1. the search's own pass asks each shard for its top `shard_size` values
   and keeps all of them as *candidates*;
2. one more request counts exactly the candidates only (`include` the list:
   every shard returns all of them it holds);
3. if the last value shown (the `limit`-th, exact now) counts more than the
   bound, no value left out can reach it, ties included: the facet is exact.
   Otherwise the shards are asked again for 4x as many values, up to
   `MAX_SHARD_SIZE`; past that, a `composite` aggregation pages through
   every value with its exact count.

`facet_limit` 0 (all values) always pages.

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
#: The most values a shard is asked for before paging through all of them.
MAX_SHARD_SIZE = 20_000


def shard_size(limit: int) -> int:
    """Values each shard returns in the first pass (all of them kept)."""
    return max((limit + TIE_MARGIN) * 4, 200)


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
            size = shard_size(limit)
            aggs[f"f_{name}"] = {"terms": {"field": name, "size": size, "shard_size": size,
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
            # Some shard left values out: settle the top `limit` exactly (module docstring).
            counts = _exact_top(search, query, name, limit, counts, _bound(agg, shard_size(limit)),
                                shard_size(limit))
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


def _exact_top(search, query: dict, name: str, limit: int, counts, bound: int, size: int):
    """The values of `name` that may be shown at `limit`, with exact counts:
    every value counted at least as often as the `limit`-th."""
    while True:
        exact = _counted(search, query, name, [k for k, _ in counts])
        exact.sort(key=lambda kv: -kv[1])
        if len(exact) >= limit and exact[limit - 1][1] > bound:
            return exact
        size *= 4
        if size > MAX_SHARD_SIZE:
            return _all_values(search, query, name)
        body = {"size": 0, "query": query, "track_total_hits": False,
                "aggs": {"v": {"terms": {"field": name, "size": size, "shard_size": size}}}}
        agg = search(body)["aggregations"]["v"]
        counts = [(b["key"], b["doc_count"]) for b in agg["buckets"]]
        if not agg.get("doc_count_error_upper_bound", 0):
            return counts
        bound = _bound(agg, size)


def _bound(agg: dict, size: int) -> int:
    """The most a value missing from `agg`'s buckets can count. One no shard
    returned: `doc_count_error_upper_bound`. One some shards returned but
    the merge cut (it keeps `size`): at most the last kept bucket's partial
    count, plus the same bound for the shards that left it out."""
    bound = agg.get("doc_count_error_upper_bound", 0)
    buckets = agg["buckets"]
    return bound + (buckets[-1]["doc_count"] if len(buckets) >= size else 0)


def _counted(search, query: dict, name: str, values: list[str]) -> list[tuple[str, int]]:
    """The exact counts of `values` among the matches (every shard returns
    every included value it holds)."""
    body = {"size": 0, "query": query, "track_total_hits": False,
            "aggs": {"v": {"terms": {"field": name, "include": values, "size": len(values),
                                     "shard_size": len(values)}}}}
    return [(b["key"], b["doc_count"]) for b in search(body)["aggregations"]["v"]["buckets"]]


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
