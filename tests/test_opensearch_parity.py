"""Parity: the same searches, filters and facets on both engines, over the same corpus.

Both indexes are built by the same `Archive.ingest` from the same files
(`tests/parity_corpus.py`: the seeds and a JSON Lines feed with dates of
every precision, sources, credits, actors and places under aliases,
syndicated copies and a broken line): an embedded Whoosh index in a temp
folder and an OpenSearch index on the session's two-node cluster. Every case
must give the same total and the same facet counts; date-sorted pages the
same articles in the same order; relevance the same set of matches.

Where the two may differ, and why (so these are not asserted):

* Relevance scores and the order of hits by relevance. Both are BM25 with
  k1=1.2, b=0.75, and both add a title (x3) and caption (x1.5) match to the
  score, but the inverse document frequency differs (Whoosh: log(N/(df+1))+1,
  Lucene: log(1+(N-df+0.5)/(df+0.5))), both store field lengths lossily in
  one byte each in a different code, Whoosh also counts the title words it
  weighs in twice, and prefix/fuzzy words score per expansion in Whoosh but
  constantly in OpenSearch. So only the set of relevance hits is compared,
  and the top hit where one article holds the query word far more often
  than any other (then both formulas agree).
* Ties in date order are broken by the order articles were added, on both
  engines (Whoosh's document numbers, OpenSearch's `added`), so a
  one-process ingest gives the same order; after updates or a parallel
  ingest both still sort by date, but ties may come out differently.
* Similar articles: Whoosh picks key terms by its Bo1 model, OpenSearch's
  `more_like_this` by tf-idf; both exclude the article itself.
"""

from __future__ import annotations

import pytest

from archive import Archive
from tests.parity_corpus import write_corpus

FACETS = ["actor", "place", "credit", "source", "year", "month", "day"]

#: Search cases: (query, options). Every one is run with all facets.
CASES = [
    (None, {}),
    ("soldaten", {}),
    ("soldaat", {}),
    ("Kiev", {}),
    ("Kyiv", {}),
    ("Poetin", {}),
    ("Wit-Rusland", {}),
    ('"minister van Buitenlandse Zaken"', {}),
    ('"minister Buitenlandse Zaken"', {}),
    ('"Buitenlandse Zaken minister"', {}),
    ('"de soldaten trokken"', {}),
    ('"zo\'n 80.000 man"', {}),
    ("verkiezingen*", {}),
    ("soldat*", {}),
    ("Oekra*", {}),
    ("Loekasjenkp~", {}),
    ("Rute~2", {}),
    ("café", {}),
    ("cafe", {}),
    ("Oekraine", {}),
    ("1,5 procent", {}),
    ("soldaten OR boeren", {}),
    ("soldaten AND NOT Kiev", {}),
    ("sancties NOT Moskou", {}),
    ("(staking OR droogte) AND regering", {}),
    ("NOT Rutte", {}),
    ("inflatie OR staking AND provincie", {}),
    ("title:Analyse", {}),
    ("title:(Nieuws soldaten)", {}),
    ("heading:Kiev", {}),
    ("caption:beeld", {}),
    ("body:gaswinning", {}),
    ("place:Kiev", {}),
    ('place:"Den Haag"', {}),
    ('actor:"Vladimir Poetin"', {}),
    ("actor:Putin", {}),
    ("credit:REUTERS", {}),
    ("source:NOS.nl", {}),
    ("Rutte", {"place": ["Kiev"]}),
    (None, {"place": ["Kiev", "Minsk"]}),
    (None, {"place": ["Kyiv"], "credit": ["AP"]}),
    (None, {"actor": ["Poetin"]}),
    (None, {"credit": ["REUTERS"]}),
    (None, {"source": ["nos.nl"]}),
    (None, {"source": ["NOS.NL"]}),
    (None, {"source": ["volkskrant"]}),
    (None, {"date_from": "2022-12-19", "date_to": "2022-12-19"}),
    (None, {"date_from": "2022-12"}),
    (None, {"date_to": "2021"}),
    (None, {"date_from": "2021-03-06", "date_to": "2022-01-31"}),
    (None, {"date_from": "2030"}),
    (None, {"date": ["2022"]}),
    (None, {"date": ["2022-12"]}),
    (None, {"date": ["2022-12-19", "no date"]}),
    (None, {"date": ["no date"]}),
    ("soldaten", {"date_from": "2022", "sort": "oldest"}),
    (None, {"collapse_duplicates": True}),
    ("verkiezingen", {"collapse_duplicates": True, "source": ["nrc.nl"]}),
]


@pytest.fixture(scope="module")
def engines(opensearch, tmp_path_factory):
    base = tmp_path_factory.mktemp("parity")
    corpus = write_corpus(base / "corpus")
    whoosh = Archive(base / "index")
    server = Archive(opensearch.index_url("parity"))
    reports = (whoosh.ingest([corpus], jobs=1), server.ingest([corpus], jobs=1))
    yield whoosh, server, reports
    server.close()


def test_the_same_ingest_report(engines):
    _, _, (w, o) = engines
    keys = ("added", "updated", "unchanged", "removed", "failed", "copies", "duplicates")
    assert [getattr(w, k) for k in keys] == [getattr(o, k) for k in keys]
    assert [str(e) for e in w.errors] == [str(e) for e in o.errors]
    assert w.added > 150 and w.duplicates == 4 and w.failed >= 1


def test_every_article_stored_field_for_field(engines):
    whoosh, server, _ = engines
    ids = [h.id for h in whoosh.search(limit=500).hits]
    assert len(ids) == whoosh.count() == server.count()
    for aid in ids:
        assert whoosh.show(aid) == server.show(aid), aid


@pytest.mark.parametrize("query,options", CASES, ids=[f"{q}|{o}" for q, o in CASES])
def test_same_totals_and_facets(engines, query, options):
    whoosh, server, _ = engines
    a = whoosh.search(query, facets=FACETS, facet_limit=0, limit=500, **options)
    b = server.search(query, facets=FACETS, facet_limit=0, limit=500, **options)
    assert a.total == b.total
    assert a.facets == b.facets
    if query is None or options.get("sort") in ("newest", "oldest"):
        assert [h.id for h in a.hits] == [h.id for h in b.hits]  # date order, ties in the order added
        assert [h.snippet for h in a.hits] == [h.snippet for h in b.hits]
    else:
        assert {h.id for h in a.hits} == {h.id for h in b.hits}
    assert a.suggestion == b.suggestion


@pytest.mark.parametrize("limit", [1, 2, 3, 10])
@pytest.mark.parametrize("facet", FACETS)
def test_facet_limits_and_ties(engines, facet, limit):
    """The top values (ties at the cut resolved by name as read) and the latest date buckets."""
    whoosh, server, _ = engines
    for query in (None, "soldaten", "Kiev OR Moskou"):
        a = whoosh.search(query, facets=[facet], facet_limit=limit)
        b = server.search(query, facets=[facet], facet_limit=limit)
        assert a.facets == b.facets, (query, facet, limit)


def test_every_facet_value_passed_back_returns_its_count(engines):
    _, server, _ = engines
    res = server.search(facets=FACETS, facet_limit=0)
    for facet, values in res.facets.items():
        for v in values:
            if facet in ("year", "month", "day"):
                got = server.search(date=[v.value]).total
            else:
                got = server.search(**{facet: [v.value]}).total
            assert got == v.count, (facet, v)


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_date_sorted_pages(engines, order):
    whoosh, server, _ = engines
    for page in (1, 2, 7):
        a = whoosh.search(sort=order, limit=9, page=page)
        b = server.search(sort=order, limit=9, page=page)
        assert [(h.id, h.date) for h in a.hits] == [(h.id, h.date) for h in b.hits]
    a = whoosh.search("soldaten", sort=order, limit=500)
    b = server.search("soldaten", sort=order, limit=500)
    assert [h.id for h in a.hits] == [h.id for h in b.hits]


def test_top_hit_where_the_ranking_agrees(engines):
    """A word one article holds far more often than any other: both rank it first."""
    whoosh, server, _ = engines
    for query in ("Loekasjenko", "gaswinning Groningen", "opheldering"):
        a, b = whoosh.search(query, limit=1), server.search(query, limit=1)
        assert a.total == b.total and a.total > 0
        if a.total == 1 or query == "Loekasjenko":
            assert a.hits[0].id == b.hits[0].id, query
            assert a.hits[0].snippet == b.hits[0].snippet


def test_did_you_mean(engines):
    whoosh, server, _ = engines
    for query in ("Loekasjenkk", "sodlaten", "Hoekstar", "Rutte verkeizingen"):
        a, b = whoosh.search(query), server.search(query)
        assert a.total == b.total == 0
        assert a.suggestion == b.suggestion and a.suggestion, query


def test_only_stopwords_is_the_same_error(engines):
    from archive.errors import QueryError

    whoosh, server, _ = engines
    for query in ("de het", '"de"', "NOT een"):
        with pytest.raises(QueryError) as wa:
            whoosh.search(query)
        with pytest.raises(QueryError) as sa:
            server.search(query)
        assert str(wa.value) == str(sa.value)


def test_similar_leaves_the_article_out(engines):
    whoosh, server, _ = engines
    aid = whoosh.search("Loekasjenko", limit=1).hits[0].id
    a, b = whoosh.similar(aid), server.similar(aid)
    assert a.hits and b.hits
    assert aid not in {h.id for h in b.hits}
    # the copies of an article share all its words: both find them first
    dup = next(h for h in server.search(limit=500).hits if h.duplicate_of)
    assert server.similar(dup.duplicate_of, limit=1).hits[0].id in {dup.id} | {
        h.id for h in server.search(limit=500).hits if h.duplicate_of == dup.duplicate_of}


def _tail(kind: str):
    """(source names, their weights, articles) of a long-tailed source facet:
    `zipf` (a few big sources, then ever smaller ones) or `flat` (30 sources
    a little bigger than 3,000 of about the same size: each shard's top 200
    misses some of the biggest, a plain `terms` aggregation undercounts them)."""
    if kind == "zipf":
        names = [f"bron-{i:03d}" for i in range(700)]
        return names, [1 / (i + 1) for i in range(len(names))], 2500
    names = [f"bron-{i:04d}" for i in range(3000)]
    return names, [3.0 - i * 0.05 if i < 30 else 1.0 for i in range(len(names))], 6000


@pytest.mark.parametrize("kind", ["zipf", "flat"])
def test_facets_stay_exact_across_shards(opensearch, tmp_path, kind):
    """Three shards and a long tail of sources: a plain `terms` aggregation
    is off here (OpenSearch says so: doc_count_error_upper_bound > 0), and
    the facets must still equal the embedded index's at every limit."""
    import json
    import random

    from opensearchpy import OpenSearch

    rng = random.Random(3)
    names, weights, n = _tail(kind)
    feed = tmp_path / "tail.jsonl"
    with open(feed, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"t{i}", "title": f"Bericht {i}", "source": rng.choices(names, weights)[0],
                                "text": f"De regering sprak over de begroting. Item {i} van de reeks."}) + "\n")
    name = f"tail3-{kind}"
    whoosh = Archive(tmp_path / "index")
    server = Archive(opensearch.index_url(name) + "?shards=3&replicas=0")
    whoosh.ingest([feed], jobs=1)
    server.ingest([feed], jobs=1)
    raw = OpenSearch(opensearch.url)
    plain = raw.search(index=name, body={"size": 0, "aggs": {"s": {"terms": {"field": "source", "size": 23,
                                                                               "shard_size": 200}}}})
    assert plain["aggregations"]["s"]["doc_count_error_upper_bound"] > 0  # one pass is not enough here
    for limit in (0, 1, 3, 10, 50):
        for query in (None, "begroting", "regering NOT reeks"):
            a = whoosh.search(query, facets=["source"], facet_limit=limit)
            b = server.search(query, facets=["source"], facet_limit=limit)
            assert a.facets == b.facets and a.total == b.total, (limit, query)


# --------------------------------------------------------------------------
# Data out and the web page: the same on both engines.


def test_export_writes_the_same_articles(engines):
    import io
    import json

    whoosh, server, _ = engines
    for query, filters in ((None, {}), ("soldaten", {}), (None, {"place": ["Kiev"], "date_from": "2022"})):
        for fmt in ("jsonl", "csv"):
            a, b = io.StringIO(), io.StringIO()
            n = whoosh.export(a, query, format=fmt, **filters)
            assert server.export(b, query, format=fmt, **filters) == n and n > 0
            if fmt == "jsonl":
                # The same records (both walk by date; ties may come out in another order).
                key = lambda line: json.loads(line)["id"]  # noqa: E731
                assert sorted(a.getvalue().splitlines(), key=key) == sorted(b.getvalue().splitlines(), key=key)
            else:
                head_a, *rows_a = a.getvalue().splitlines()
                head_b, *rows_b = b.getvalue().splitlines()
                assert head_a == head_b and sorted(rows_a) == sorted(rows_b)


def test_stats_agree(engines):
    whoosh, server, _ = engines
    for top in (3, 10, 0):
        a, b = whoosh.stats(top=top).to_dict(), server.stats(top=top).to_dict()
        shared = ("articles", "first_date", "last_date", "undated", "duplicates", "sources", "actors", "places",
                  "credits")
        assert {k: a[k] for k in shared} == {k: b[k] for k in shared}, top
        assert b["index"] == server.path and a["articles"] > 150


def test_the_web_page_and_its_json_on_a_cluster_index(engines):
    """`archive serve` over an OpenSearch index: /search.json is the CLI's
    JSON byte for byte, and the page shows the facet links and month bars
    of the embedded index's page."""
    import json
    from urllib.parse import urlencode

    from tests.test_serve import Server, bar_counts, cli, facet_links

    whoosh, server, _ = engines
    pages = Server(whoosh.path), Server(server.path)
    try:
        query = urlencode([("q", "Kiev"), ("facet", "place"), ("facet", "month")])
        (sa, _, a), (sb, _, b) = (page.get("/search.json?" + query) for page in pages)
        assert sa == sb == 200
        out = cli("search", "Kiev", "--facet", "place", "--facet", "month", "--index", server.path, "--format", "json")
        assert out.returncode == 0, out.stderr
        assert b.encode("utf-8") == out.stdout
        a, b = json.loads(a), json.loads(b)
        assert a["total"] == b["total"] > 0 and a["facets"] == b["facets"]
        html_a, html_b = (page.page("/search?q=Kiev") for page in pages)
        assert facet_links(html_a, "place") == facet_links(html_b, "place") != {}
        assert bar_counts(html_a) == bar_counts(html_b) != {}
        assert pages[1].page("/article/" + b["hits"][0]["id"])
    finally:
        for page in pages:
            page.stop()
