"""Data out: `archive export`, `archive search --format csv`, `archive stats`,
and the CLI habits of people who type fast, through the CLI on real files."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from archive import Archive
from archive.cli import main


def run(*args, env=None, ok=(0,)):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    assert result.exit_code in ok, (result.stdout, result.stderr)
    return result


def _feed(tmp_path):
    """The seeds plus a JSON Lines feed with dates, sources, a syndicated copy
    and a title with a comma, a quote and a line break in its body."""
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    records = [
        {"id": "a1", "title": "Raad, \"kort\" besluit", "text": "De gemeenteraad van Utrecht besloot.\n\nTweede alinea.",
         "date": "2021-03-04", "source": "Utrechts Nieuwsblad"},
        {"id": "a2", "title": "Sneeuw in Groningen", "text": "Het sneeuwde in Groningen, zegt burgemeester Koen Schuiling.",
         "date": "2021-03", "source": "Dagblad van het Noorden"},
        {"id": "a3", "title": "Sneeuw in Groningen", "text": "Het sneeuwde in Groningen, zegt burgemeester Koen Schuiling.",
         "date": "2021-03-05", "source": "NOS"},
        {"id": "a4", "title": "Zonder datum", "text": "Een bericht over Amsterdam zonder datum.", "source": "NOS"},
    ]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return feed


def _ingested(tmp_path, seeds):
    index = tmp_path / "index"
    run("ingest", seeds, _feed(tmp_path), "--index", index, "-q")
    return index


def test_export_jsonl_is_every_article_as_show_prints_it(tmp_path, seeds):
    index = _ingested(tmp_path, seeds)
    res = run("export", "--index", index)
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == Archive(index).count() == 6
    assert "6 articles exported" in res.stderr
    for row in rows:
        shown = json.loads(run("show", row["id"], "--index", index, "--format", "json").stdout)
        assert row == shown
    # oldest first, undated last
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated, key=lambda d: d[:7]) and rows[-1]["date"] is None


def test_export_csv_round_trips_through_a_csv_reader(tmp_path, seeds):
    index = _ingested(tmp_path, seeds)
    out = tmp_path / "out.csv"
    run("export", "--index", index, "--format", "csv", "--output", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 6
    by_id = {r["id"]: r for r in rows}
    art = Archive(index).show("a1")
    assert by_id["a1"]["title"] == 'Raad, "kort" besluit'
    assert by_id["a1"]["body"] == art.body and "\n\n" in by_id["a1"]["body"]
    assert json.loads(by_id["a1"]["places"]) == list(art.places)
    seed = next(r for r in rows if r["path"].endswith(".txt") and r["date"] == "2022-12")
    captions = json.loads(seed["captions"])
    assert captions and {"text", "credit"} <= set(captions[0])
    assert by_id["a3"]["duplicate_of"] == "a2"


def test_export_takes_the_search_filters(tmp_path, seeds):
    index = _ingested(tmp_path, seeds)
    ids = lambda res: [json.loads(line)["id"] for line in res.stdout.splitlines()]  # noqa: E731
    assert ids(run("export", "--index", index, "--source", "NOS")) == ["a3", "a4"]
    assert ids(run("export", "--index", index, "--from", "2021-03-05", "--to", "2021-03-31")) == ["a2", "a3"]
    assert ids(run("export", "sneeuw", "--index", index, "--collapse-duplicates")) == ["a2"]
    assert len(ids(run("export", "--index", index, "--place", "Kiev"))) == 2  # aliases: Kyiv


def test_search_csv_is_the_json_hits(tmp_path, seeds):
    index = _ingested(tmp_path, seeds)
    as_json = json.loads(run("search", "Groningen", "--index", index, "--format", "json").stdout)["hits"]
    rows = list(csv.DictReader(io.StringIO(run("search", "Groningen", "--index", index, "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [h["id"] for h in as_json] and len(rows) == 2
    assert float(rows[0]["score"]) == as_json[0]["score"]
    assert json.loads(rows[0]["places"]) == as_json[0]["places"]


def test_stats_agree_with_search(tmp_path, seeds):
    index = _ingested(tmp_path, seeds)
    data = json.loads(run("stats", "--index", index, "--format", "json").stdout)
    arc = Archive(index)
    res = arc.search(facets=["source", "year"], facet_limit=0)
    assert data["articles"] == res.total == 6
    assert data["undated"] == next(v.count for v in res.facets["year"] if v.value == "no date") == 2
    assert data["duplicates"] == 1
    assert (data["first_date"], data["last_date"]) == ("2021-03", "2022-12")
    assert {s["value"]: s["count"] for s in data["sources"]} == {v.value: v.count for v in res.facets["source"]}
    assert data["schema_version"] and data["index_bytes"] > 0 and data["engine"] == "whoosh"
    text = run("stats", "--index", index).stdout
    assert "articles:   6" in text and "2021-03 .. 2022-12" in text and "Utrechts Nieuwsblad" in text


def test_unquoted_words_are_one_query(tmp_path, seeds):
    index = _ingested(tmp_path, seeds)
    words = json.loads(run("search", "sneeuw", "Groningen", "--index", index, "--format", "json").stdout)
    quoted = json.loads(run("search", "sneeuw Groningen", "--index", index, "--format", "json").stdout)
    assert words == quoted and words["query"] == "sneeuw Groningen" and words["total"] == 2
    res = run("search", "de", "het", "--index", index, ok=(2,))
    assert "only stopwords" in res.stderr  # both words reached the query


def test_index_option_before_the_command(tmp_path, seeds):
    index = _ingested(tmp_path, seeds)
    before = run("--index", index, "search", "Groningen", "--format", "json").stdout
    after = run("search", "Groningen", "--index", index, "--format", "json").stdout
    assert before == after and json.loads(before)["total"] == 2
    # the option after the command wins; either wins over $ARCHIVE_INDEX
    missing = tmp_path / "elsewhere"
    res = run("--index", missing, "search", "x", "--index", index, "--format", "json")
    assert json.loads(res.stdout)["total"] == 0
    env = {"ARCHIVE_INDEX": str(missing)}
    assert json.loads(run("--index", index, "stats", "--format", "json", env=env).stdout)["articles"] == 6
    res = run("search", "x", env=env, ok=(1,))
    assert str(missing) in res.stderr


def test_export_to_a_file_of_a_folder_that_is_missing_is_a_clear_error(tmp_path, seeds):
    index = _ingested(tmp_path, seeds)
    res = run("export", "--index", index, "--output", tmp_path / "nope" / "x.jsonl", ok=(1, 2))
    assert "nope" in res.stderr and "Traceback" not in res.stderr
