"""Faceted search: filters, facets, dates, query language, ranking, output."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from archive import Archive
from archive.cli import main
from archive.errors import QueryError

ARTICLES = [
    {"id": "a1", "title": "Poetin bezoekt Minsk", "date": "2022-12-19", "source": "volkskrant.nl",
     "text": "Vladimir Poetin sprak in Minsk met Aleksandr Loekasjenko over de oorlog in Oekraïne."},
    {"id": "a2", "title": "Grote brand in pakhuis", "date": "2022-12", "source": "parool.nl",
     "text": "In Amsterdam woedde een grote brand in een pakhuis. De brandweer was met veel mensen aanwezig."},
    {"id": "a3", "title": "Verkiezingen", "date": "2022", "source": "nos.nl",
     "text": "Premier Mark Rutte sprak in Den Haag over de verkiezingen van volgend jaar."},
    {"id": "a4", "title": "Haven zonder datum", "source": "nos.nl",
     "text": "Een bericht over de haven van Rotterdam, waar de containers zich opstapelen."},
    {"id": "a5", "title": "Poetin bezoekt Minsk", "date": "2022-12-20", "source": "trouw.nl",
     "text": "Vladimir Poetin sprak in Minsk met Aleksandr Loekasjenko over de oorlog in Oekraïne."},
    {"id": "a6", "title": "Oude melding", "date": "2021-01-05", "source": "ad.nl",
     "text": "Een brand in een schuur in Utrecht in de winter; niemand raakte gewond."},
]


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    base = tmp_path_factory.mktemp("news")
    src = base / "news.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    arc = Archive(base / "index")
    report = arc.ingest([src])
    assert report.added == len(ARTICLES) and report.failed == 0
    return arc


def feed_index(tmp_path, rows) -> Archive:
    """An archive of these JSON records, ingested from a real JSON Lines file."""
    src = tmp_path / "feed.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    arc = Archive(tmp_path / "index")
    arc.ingest([src])
    return arc


def ids(res):
    return sorted(h.id for h in res.hits)


def test_month_facet_is_chronological_with_no_date_bucket(news):
    res = news.search(facets=["month"], facet_limit=0)
    assert [(v.value, v.count) for v in res.facets["month"]] == [
        ("2021-01", 1), ("2022-12", 3), ("no date", 1)]
    assert res.total == len(ARTICLES)


def test_year_facet_counts_every_dated_article(news):
    res = news.search(facets=["year"])
    assert [(v.value, v.count) for v in res.facets["year"]] == [("2021", 1), ("2022", 4), ("no date", 1)]


def test_value_facet_by_count_then_name(news):
    res = news.search(facets=["source"])
    assert [(v.value, v.count) for v in res.facets["source"]] == [
        ("nos.nl", 2), ("ad.nl", 1), ("parool.nl", 1), ("trouw.nl", 1), ("volkskrant.nl", 1)]


def test_facet_limit(news):
    assert len(news.search(facets=["source"], facet_limit=2).facets["source"]) == 2


def test_facets_count_all_matches_not_just_the_page(news):
    res = news.search("brand", facets=["source"], limit=1)
    assert res.total == 2 and len(res.hits) == 1
    assert sum(v.count for v in res.facets["source"]) == 2


@pytest.mark.parametrize("facet", ["source", "year", "month", "day", "actor", "place"])
def test_facet_value_passed_back_as_filter_returns_that_many(news, facet):
    res = news.search(facets=[facet], facet_limit=0)
    assert res.facets[facet]
    for v in res.facets[facet]:
        if facet in ("year", "month", "day"):
            back = news.search(date=[v.value])
        else:
            back = news.search(**{facet: [v.value]})
        assert back.total == v.count, (facet, v)


def test_date_range_overlap_rule(news):
    day = news.search(date_from="2022-12-19", date_to="2022-12-19")
    # a1 on the day itself, a2 dated only 2022-12, a3 dated only 2022.
    assert ids(day) == ["a1", "a2", "a3"]
    assert ids(news.search(date_from="2022-12-20")) == ["a2", "a3", "a5"]
    assert ids(news.search(date_to="2021")) == ["a6"]
    assert ids(news.search(date_from="2021-02", date_to="2022-11")) == ["a3"]


def test_dutch_date_forms(news):
    a = news.search(date_from="19 december 2022", date_to="19 december 2022")
    assert ids(a) == ["a1", "a2", "a3"]
    assert ids(news.search(date_from="dec 2022", date_to="dec 2022")) == ["a1", "a2", "a3", "a5"]


def test_bad_date_is_a_query_error(news):
    with pytest.raises(QueryError, match="--from"):
        news.search(date_from="gisteren")
    with pytest.raises(QueryError, match="after"):
        news.search(date_from="2023", date_to="2022")


def test_or_within_a_filter_and_across_filters(news):
    assert ids(news.search(source=["nos.nl", "ad.nl"])) == ["a3", "a4", "a6"]
    assert ids(news.search(source=["nos.nl"], date_from="2022")) == ["a3"]
    assert ids(news.search("brand", source=["ad.nl"])) == ["a6"]


@pytest.mark.parametrize("query,expected", [
    ('"Den Haag"', ["a3"]),
    ("brand AND Amsterdam", ["a2"]),
    ("brand NOT Amsterdam", ["a6"]),
    ("brand OR haven", ["a2", "a4", "a6"]),
    ("title:brand", ["a2"]),
    ("verkiez*", ["a3"]),
    ("Rotterdm~", ["a4"]),
    ("source:ad.nl", ["a6"]),
    ("(brand OR haven) AND Utrecht", ["a6"]),
])
def test_query_language(news, query, expected):
    assert ids(news.search(query)) == expected


@pytest.mark.parametrize("query", ['"open phrase', "brand AND", "(brand", "brand)", "foo:bar", "*",
                                   "title:", "actor:", ":", "~", "brand OR OR haven", "brand AND OR haven",
                                   "NOT NOT brand", "brand~3", "de", '"de het"'])
def test_malformed_query_is_a_one_line_error(news, query):
    with pytest.raises(QueryError):
        news.search(query)
    result = CliRunner().invoke(main, ["search", query, "--index", str(news.path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_title_outranks_body(news):
    hits = news.search("brand").hits
    assert hits[0].id == "a2"  # "brand" in the title beats "brand" in the body only


def test_sort_newest_and_oldest(news):
    newest = [h.date for h in news.search(sort="newest", limit=10).hits]
    oldest = [h.date for h in news.search(sort="oldest", limit=10).hits]
    assert newest[0] == "2022-12-20" and newest[-1] is None
    assert oldest[0] == "2021-01-05" and oldest[-1] is None


def test_collapse_duplicates(news):
    assert news.show("a5").duplicate_of == "a1"
    assert news.show("a1").duplicate_of is None
    assert ids(news.search("Poetin")) == ["a1", "a5"]
    assert ids(news.search("Poetin", collapse_duplicates=True)) == ["a1"]
    hit = [h for h in news.search("Poetin").hits if h.id == "a5"][0]
    assert hit.to_dict()["duplicate_of"] == "a1"


def test_did_you_mean(news):
    res = news.search("Loekasjenk")
    assert res.total == 0
    assert res.suggestion == "Loekasjenko"
    assert news.search("Oekraiene").suggestion == "Oekraïne"
    assert news.search("Loekasjenko").suggestion is None
    out = CliRunner().invoke(main, ["search", "Loekasjenk", "--index", str(news.path)]).output
    assert "Did you mean: Loekasjenko?" in out


def test_jsonl_prints_one_hit_per_line(news):
    out = CliRunner().invoke(main, ["search", "brand", "--index", str(news.path), "--format", "jsonl"]).output
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert {json.loads(line)["id"] for line in lines} == {"a2", "a6"}


def test_text_output_shows_facets(news):
    out = CliRunner().invoke(main, ["search", "--index", str(news.path), "--facet", "source"]).output
    assert "source:" in out and "2  nos.nl" in out


def test_json_facets_shape(news):
    out = CliRunner().invoke(main, ["search", "--index", str(news.path), "--facet", "year",
                                    "--format", "json"]).output
    data = json.loads(out)
    assert data["facets"]["year"][0] == {"value": "2021", "count": 1}
    assert "suggestion" in data


def test_unknown_facet_is_an_error(news):
    with pytest.raises(QueryError, match="unknown facet"):
        news.search(facets=["colour"])


def test_facets_stay_exact_after_updates_and_deletes(tmp_path):
    src = tmp_path / "feed.jsonl"
    rows = [dict(a) for a in ARTICLES]
    src.write_text("\n".join(json.dumps(a) for a in rows) + "\n", encoding="utf-8")
    arc = Archive(tmp_path / "index")
    arc.ingest([src])
    assert {v.value: v.count for v in arc.search(facets=["source"]).facets["source"]}["nos.nl"] == 2
    rows[3]["source"] = "ad.nl"  # a4 moves from nos.nl to ad.nl
    src.write_text("\n".join(json.dumps(a) for a in rows) + "\n", encoding="utf-8")
    report = arc.ingest([src])
    assert report.updated == 1
    counts = {v.value: v.count for v in arc.search(facets=["source"]).facets["source"]}
    assert counts["nos.nl"] == 1 and counts["ad.nl"] == 2
    assert arc.search(source=["nos.nl"]).total == 1
    # Built anew over a segment that holds the deleted version: the same counts.
    shutil.rmtree(tmp_path / "index" / "facets")
    again = {v.value: v.count for v in Archive(tmp_path / "index").search(facets=["source"]).facets["source"]}
    assert again == counts


def test_similar_seeds_are_each_others_top_match(seeded_index):
    arc = Archive(seeded_index)
    a, b = [h.id for h in arc.search(limit=2).hits]
    assert arc.similar(a).hits[0].id == b
    assert arc.similar(b).hits[0].id == a
    out = CliRunner().invoke(main, ["similar", a, "--index", str(seeded_index), "--format", "json"]).output
    assert json.loads(out)["hits"][0]["id"] == b


@pytest.mark.parametrize("kwargs", [
    {"query": "Kyiv"}, {"query": "Kiev"}, {"place": ["Kiev"]}, {"place": ["Kyiv"]}, {"place": ["Kiëv"]},
    {"place": ["Belarus"]}, {"place": ["Wit-Rusland"]}, {"actor": ["Putin"]}, {"actor": ["Poetin"]},
    {"query": "place:Kiev"}, {"query": 'actor:"Vladimir Putin"'}, {"query": "Wit-Rusland"}, {"query": "Kiev"},
])
def test_aliases_work_in_search_on_the_seeds(seeded_index, kwargs):
    assert Archive(seeded_index).search(**kwargs).total == 2


def test_seed_entities_as_facets(seeded_index):
    res = Archive(seeded_index).search(facets=["actor", "place"], facet_limit=0)
    actors = {v.value for v in res.facets["actor"]}
    places = {v.value for v in res.facets["place"]}
    assert {"Vladimir Poetin", "Aleksandr Loekasjenko", "Valeriy Zaloezjny", "Vladimir Osesjkin",
            "Dmitri Peskov", "Sergej Sjojgoe", "Svetlana Tichanovskaja"} <= actors
    assert {"Belarus", "Oekraïne", "Rusland", "Kyiv", "Moskou", "Cherson", "Charkiv", "Minsk"} <= places
    assert not {"Russische", "Beeld", "AP", "Photo News", "Reuters", "Maar"} & (actors | places)


def test_a_second_process_deleting_in_an_old_segment_is_seen_by_an_open_archive(tmp_path):
    # Whoosh's Searcher.refresh() reuses a segment reader by its id and misses
    # deletions committed since; a long-lived Archive must not over-count.
    rows = [dict(a) for a in ARTICLES]
    arc = feed_index(tmp_path, rows)
    src = tmp_path / "feed.jsonl"
    assert arc.search("brand").total == 2
    rows[1]["title"], rows[1]["text"] = "Rustig", "In Amsterdam was het rustig vandaag."  # a2: no brand
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in rows) + "\n", encoding="utf-8")
    other = Archive(tmp_path / "index")  # "another process"
    assert other.ingest([src]).updated == 1
    assert arc.search("brand").total == 1
    assert arc.search(facets=["month"]).total == len(ARTICLES)
    assert {v.value: v.count for v in arc.search(facets=["source"]).facets["source"]}["parool.nl"] == 1


def test_not_inside_or_keeps_its_documents(news):
    every = news.search().total
    assert news.search("brand OR NOT brand").total == every
    assert news.search(date=["2021", "no date"]).total == 2


def test_one_sided_date_range_outside_the_archive_is_empty_not_an_error(news):
    assert news.search(date_from="2030").total == 0
    assert news.search(date_to="1999").total == 0
    assert news.search(date_from="1999").total == 5  # every dated article
    with pytest.raises(QueryError):
        news.search(date_from="2022", date_to="2021")


def test_filter_values_are_matched_as_stored_then_canonical_then_case_blind(news):
    assert news.search(source=["NOS.nl"]).total == 2
    assert news.search(source="nos.nl").total == 2  # one string is one value
    assert news.search(place="Minsk").total == 2


def test_phrases_do_not_run_across_title_body_and_entity_names(tmp_path):
    arc = feed_index(tmp_path, [{"id": "x", "title": "Overleg in Den Haag",
                                 "text": "Premier Mark Rutte sprak met Mark Harbers."}])
    assert arc.search('"Mark Rutte"').total == 1
    assert arc.search('"Haag premier"').total == 0  # title end + body start
    assert arc.search('"Rutte Mark"').total == 0  # one entity name + the next


def test_snippets_mark_accented_words_found_through_folding(tmp_path):
    arc = feed_index(tmp_path, [{"id": "c", "title": "Terras", "text": "Het café in Zürich was vol."}])
    assert "**café**" in arc.search("cafe").hits[0].snippet
    assert "**Zürich**" in arc.search("Zurich").hits[0].snippet


def test_value_facet_ties_sort_in_reading_order_not_code_points(tmp_path):
    arc = feed_index(tmp_path, [{"id": f"s{i}", "title": f"Bericht {i}", "text": "Nieuws van vandaag.", "source": name}
                                for i, name in enumerate(["zeeuws.nl", "écho.be", "echt.nl", "Zuid.nl"])])
    assert [v.value for v in arc.search(facets=["source"]).facets["source"]] == [
        "écho.be", "echt.nl", "zeeuws.nl", "Zuid.nl"]
    assert [v.value for v in arc.search(facets=["source"], facet_limit=2).facets["source"]] == ["écho.be", "echt.nl"]


def test_facet_caches_follow_the_segments(tmp_path):
    arc = feed_index(tmp_path, ARTICLES[:3])
    more = tmp_path / "more.jsonl"
    more.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES[3:]) + "\n", encoding="utf-8")
    arc.ingest([more])  # a second segment
    first = arc.search(facets=["source", "month"], facet_limit=0).facets
    cache = tmp_path / "index" / "facets"
    before = set(p.name for p in cache.iterdir())
    assert any(n.startswith("vocab-") for n in before)  # the merged values of two segments, kept
    again = Archive(tmp_path / "index").search(facets=["source", "month"], facet_limit=0).facets
    assert again == first  # read back from the kept files
    arc.optimize()
    after = Archive(tmp_path / "index")
    assert after.search(facets=["source", "month"], facet_limit=0).facets == first
    now = set(p.name for p in cache.iterdir())
    assert not (now & before)  # files of merged-away segments are gone


def test_did_you_mean_picks_the_correction_that_fits_the_other_words(tmp_path):
    rows = [{"id": f"r{i}", "title": "Rust in de tent", "text": "Het was rust op de camping, veel rust."}
            for i in range(3)]
    rows.append({"id": "m", "title": "Debat", "text": "Premier Mark Rutte sprak in de Kamer."})
    arc = feed_index(tmp_path, rows)
    assert arc.search("Rutt").suggestion == "rust"  # alone: the most frequent close word
    assert arc.search("Mark Rutt").suggestion == "Mark Rutte"  # with Mark: the one that fits


def test_damaged_facet_cache_files_are_rebuilt(tmp_path):
    rows = [dict(a) for a in ARTICLES]
    rows.append({"id": "undated", "title": "Zonder datum", "text": "Een bericht zonder datum."})
    arc = feed_index(tmp_path, rows)
    want = arc.search(facets=["source", "month", "year"], facet_limit=0).facets
    assert want["month"][-1].value == "no date"
    assert want["month"][-1].count == sum(1 for r in rows if not r.get("date"))
    assert want["year"][-1] == want["month"][-1]  # the same undated articles
    cache = tmp_path / "index" / "facets"
    files = sorted(p for p in cache.iterdir() if not p.name.startswith("."))
    assert files
    for i, p in enumerate(files):  # torn, foreign, empty
        data = p.read_bytes()
        p.write_bytes(data[: len(data) // 2] if i % 3 == 0 else b"PK\x03\x04junk" if i % 3 == 1 else b"")
    assert Archive(tmp_path / "index").search(facets=["source", "month", "year"], facet_limit=0).facets == want
    used = [p for p in files if any(f".{f}." in p.name for f in ("source", "month", "year"))]
    assert used and all(p.stat().st_size > 8 for p in used)  # written anew
