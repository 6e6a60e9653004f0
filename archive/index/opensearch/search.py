"""Carrying out a `SearchRequest` on OpenSearch: matches, pages, hits, facets, suggestions.

One search request gives the exact total (`track_total_hits`), the page and
the first pass of the facets; `facets.py` asks again only when that pass was
not enough to be exact. Relevance pages use `dfs_query_then_fetch`, so term
statistics are the whole index's, not one shard's: the ranking does not
change with the shard count. Date pages sort by the date at its precision
(`date_key`), undated articles last either way, ties in the order the
articles were added (as the embedded engine's document numbers break them).

Snippets are made here from each hit's own text by `archive.index.snippets`,
the same code the embedded engine uses, from the terms the query can match
(`query.Marks`): the words are shown as the article writes them.
"""

from __future__ import annotations

import re

from archive.errors import QueryError
from archive.index.backend import SearchRequest
from archive.index.opensearch.mapping import MAX_WINDOW, article_of
from archive.index.snippets import Matcher
from archive.results import Hit, SearchResult

#: Fields a hit needs (the whole source but the kept extras).
HIT_FIELDS = ["id", "paths", "title", "body", "date", "date_precision", "source", "url", "actor", "place",
              "credit", "duplicate_of", "headings", "record.captions"]


def request_query(index, r: SearchRequest):
    """(The query DSL of a request, its compiled query or None)."""
    from archive.index.opensearch.filters import date_bucket_filter, date_range_filter, value_filter
    from archive.index.opensearch.query import compile_query

    compiled = compile_query(r.query, r.aliases) if r.query else None
    filters = [value_filter(index.raw_search, f) for f in r.filters]
    filters.append(date_bucket_filter(r.dates))
    filters += date_range_filter(r.date_from, r.date_to)
    filters = [f for f in filters if f is not None]
    must_not = [{"term": {"is_duplicate": True}}] if r.collapse_duplicates else []
    if compiled is None and not filters and not must_not:
        return {"match_all": {}}, None
    query = {"bool": {"must": [compiled.dsl] if compiled else [{"match_all": {}}]}}
    if filters:
        query["bool"]["filter"] = filters
    if must_not:
        query["bool"]["must_not"] = must_not
    return query, compiled


def date_sort(newest: bool) -> list:
    order = "desc" if newest else "asc"
    return [{"date_key": {"order": order, "missing": "_last"}}, {"added": "asc"}, {"id": "asc"}]


def search(index, r: SearchRequest) -> SearchResult:
    from archive.index.opensearch import facets as facet_mod

    query, compiled = request_query(index, r)
    start = (r.page - 1) * r.limit
    if start + r.limit > MAX_WINDOW:
        raise QueryError(f"--page {r.page} with --limit {r.limit} goes past hit {MAX_WINDOW:,}, the deepest an "
                         f"OpenSearch index pages to: narrow the search (filters, dates) or use `archive export`")
    relevance = compiled is not None and r.sort == "relevance"
    sort = [{"_score": "desc"}, {"added": "asc"}, {"id": "asc"}] if relevance else date_sort(r.sort != "oldest")
    names = list(dict.fromkeys(r.facets))
    body = {"query": query, "from": start, "size": r.limit, "sort": sort, "track_total_hits": True,
            "_source": {"includes": HIT_FIELDS}}
    if relevance:
        body["track_scores"] = True
    aggs = facet_mod.aggregations(names, r.facet_limit)
    if aggs:
        body["aggs"] = aggs
    res = index.raw_search(body, search_type="dfs_query_then_fetch" if relevance else None)
    total = res["hits"]["total"]["value"]
    matcher = marks_matcher(compiled.marks) if compiled is not None else Matcher(())
    hits = tuple(make_hit(h["_source"], round(h["_score"], 4) if relevance else None, matcher)
                 for h in res["hits"]["hits"])
    counted = {name: facet_mod.facet_values(index.raw_search, query, name, r.facet_limit, res.get("aggregations", {}))
               for name in names}
    suggestion = suggest(index, r.query) if r.query and total == 0 else None
    return SearchResult(query=r.query, total=total, page=r.page, limit=r.limit, hits=hits, facets=counted,
                        suggestion=suggestion)


def articles(index, r: SearchRequest):
    """Every matching article, whole, oldest first, undated last."""
    query, _ = request_query(index, r)
    after = None
    while True:
        body = {"query": query, "size": 500, "sort": date_sort(newest=False), "track_total_hits": False}
        if after is not None:
            body["search_after"] = after
        hits = index.raw_search(body)["hits"]["hits"]
        for h in hits:
            yield article_of(h["_source"])
        if len(hits) < 500:
            return
        after = hits[-1]["sort"]


# --------------------------------------------------------------------------
# Hits and snippets


class _Marks(Matcher):
    """`Matcher` with the query's fuzzy words and wildcards too (their
    expansions are whatever words of the hit come close enough)."""

    def __init__(self, marks) -> None:
        super().__init__(marks.terms, marks.prefixes)
        self.fuzzy = tuple(marks.fuzzy)
        self.wild = tuple(re.compile(_glob(w)) for w in marks.wildcards)
        if self.fuzzy or self.wild:
            from archive.analysis import TOKEN_PATTERN

            self._candidates = re.compile(TOKEN_PATTERN)

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.fuzzy or self.wild)

    def hit(self, word: str):
        s = super().hit(word)
        if s is not None or not (self.fuzzy or self.wild):
            return s
        from archive.index.snippets import _stem

        s = _stem(word)
        if s is None:
            return None
        if any(_within(s, t, k) for t, k in self.fuzzy) or any(w.fullmatch(s) for w in self.wild):
            return s
        return None


def marks_matcher(marks) -> Matcher:
    return _Marks(marks)


def _glob(pattern: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


def _within(a: str, b: str, k: int) -> bool:
    """Levenshtein distance of a and b is at most k (no transpositions)."""
    if abs(len(a) - len(b)) > k:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > k:
            return False
        prev = cur
    return prev[-1] <= k


def snippet_of(source: dict, matcher) -> str:
    from archive.index.snippets import lead, snippet

    if matcher:
        captions = (source.get("record") or {}).get("captions", ())
        texts = (source.get("body"), " … ".join(t for t, _ in captions),
                 " … ".join(source.get("headings") or ()), source.get("title"))
        for text in texts:
            if text:
                found = snippet(text, matcher)
                if found:
                    return found
    return lead(source.get("body") or source.get("title") or "")


def make_hit(source: dict, score: float | None, matcher) -> Hit:
    from archive.results import first_sentence

    paths = source.get("paths") or [""]
    return Hit(
        id=source["id"],
        path=paths[0],
        title=source.get("title") or None,
        lead=first_sentence(source.get("body") or ""),
        date=source.get("date"),
        date_precision=source.get("date_precision"),
        score=score,
        snippet=snippet_of(source, matcher),
        source=source.get("source"),
        url=source.get("url"),
        actors=tuple(source.get("actor") or ()),
        places=tuple(source.get("place") or ()),
        credits=tuple(source.get("credit") or ()),
        duplicate_of=source.get("duplicate_of"),
    )


# --------------------------------------------------------------------------
# Similar articles and "did you mean"

KEY_TERMS = 25
ENTITY_BOOST = {"actor": 2.0, "place": 1.0}


def similar(index, article_id: str, limit: int) -> SearchResult | None:
    """Shared distinctive words (`more_like_this` over the article's text)
    plus shared actors and places; the article itself left out."""
    source = index.source(article_id)
    if source is None:
        return None
    captions = (source.get("record") or {}).get("captions", ())
    text = "\n".join(filter(None, (source.get("title"), source.get("body"), " ".join(t for t, _ in captions))))
    should = []
    if text.strip():
        should.append({"more_like_this": {"fields": ["text"], "like": [text], "max_query_terms": KEY_TERMS,
                                          "min_term_freq": 1, "min_doc_freq": 1, "minimum_should_match": 1}})
    for kind in ("actor", "place"):
        should += [{"term": {kind: {"value": v, "boost": ENTITY_BOOST[kind]}}} for v in source.get(kind) or ()]
    if not should:
        return SearchResult(query=None, total=0, page=1, limit=limit)
    body = {"query": {"bool": {"should": should, "minimum_should_match": 1,
                               "must_not": [{"ids": {"values": [article_id]}}]}},
            "size": limit, "track_total_hits": True, "_source": {"includes": HIT_FIELDS},
            "sort": [{"_score": "desc"}, {"added": "asc"}, {"id": "asc"}], "track_scores": True}
    res = index.raw_search(body, search_type="dfs_query_then_fetch")
    plain = Matcher(())
    hits = tuple(make_hit(h["_source"], round(h["_score"], 4), plain) for h in res["hits"]["hits"])
    return SearchResult(query=None, total=res["hits"]["total"]["value"], page=1, limit=limit, hits=hits)


def suggest(index, text: str) -> str | None:
    """A respelled `text` whose unknown words are replaced by the index's
    own, as the embedded engine chooses them: for each word whose stem no
    article holds, the stems at the smallest edit distance (1, then 2; the
    first letter kept) that any article holds, the one found most often with
    the query's known words first, then the most frequent; shown as an
    article writes it."""
    from archive.analysis import shared_analyzer

    spans = [(t.text, t.startchar, t.endchar) for t in shared_analyzer()(text, chars=True, removestops=True)]
    if not spans:
        return None
    freq = _doc_freqs(index, {s for s, _, _ in spans})
    known = [s for s, _, _ in spans if freq.get(s)]
    out, last, changed = [], 0, False
    for stem, start, end in spans:
        if start < last or freq.get(stem):
            continue
        cand = _candidate(index, stem, known)
        word = _surface(index, cand) if cand else None
        if not word:
            continue
        out += [text[last:start], word]
        last, changed = end, True
    if not changed:
        return None
    out.append(text[last:])
    return "".join(out)


def _doc_freqs(index, stems) -> dict[str, int]:
    stems = sorted(stems)
    body = {"size": 0, "track_total_hits": False, "aggs": {
        s: {"filter": {"term": {"text": s}}} for s in stems}}
    res = index.raw_search(body)["aggregations"]
    return {s: res[s]["doc_count"] for s in stems}


def _candidate(index, stem: str, known: list[str]) -> str | None:
    for dist in (1, 2):
        if len(stem) < 3 * dist:
            break
        body = {"size": 0, "suggest": {"s": {"text": stem, "term": {
            "field": "text", "analyzer": "keyword", "suggest_mode": "always", "max_edits": dist, "prefix_length": 1,
            "min_word_length": 1, "size": 50, "max_inspections": 50, "max_term_freq": 1.0, "min_doc_freq": 1,
            "accuracy": 0.0, "sort": "frequency", "string_distance": "levenshtein"}}}}
        options = index.raw_search(body)["suggest"]["s"][0]["options"]
        found = {o["text"]: o["freq"] for o in options if o["text"] != stem and _within(o["text"], stem, dist)
                 and o["freq"] > 0}
        if found:
            cands = sorted(found, key=lambda c: (-found[c], c))
            if known and len(cands) > 1:
                scored = [(_together(index, c, known), -i, c) for i, c in enumerate(cands[:8])]
                best = max(scored)
                if best[0]:
                    return best[2]
            return cands[0]
    return None


def _together(index, cand: str, known: list[str]) -> int:
    body = {"query": {"bool": {"filter": [{"term": {"text": t}} for t in [cand, *known]]}}}
    return index.raw_count(body)


def _surface(index, stem: str) -> str | None:
    """The word as an article writes it, for an index stem."""
    from archive.analysis import shared_analyzer

    body = {"query": {"term": {"text": stem}}, "size": 1, "sort": [{"added": "asc"}],
            "_source": {"includes": ["body", "title"]}}
    for h in index.raw_search(body)["hits"]["hits"]:
        for name in ("body", "title"):
            value = h["_source"].get(name) or ""
            for t in shared_analyzer()(value, chars=True):
                if t.text == stem:
                    return value[t.startchar:t.endchar]
    return None


def get(index, article_id: str):
    source = index.source(article_id)
    return None if source is None else article_of(source)
