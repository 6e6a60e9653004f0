"""The CLI end to end, through click's CliRunner, on real temp indexes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from archive import Archive
from archive.cli import main

from .conftest import SEED_000, SEED_003


def run(*args, env=None, ok=(0,)):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    assert result.exit_code in ok, result.output
    return result


def test_ingest_twice_leaves_same_documents(seeds, index_dir):
    first = run("ingest", seeds, "--index", index_dir)
    assert "2 added, 0 updated, 0 unchanged, 0 removed, 0 failed" in first.output
    second = run("ingest", seeds, "--index", index_dir)
    assert "0 added, 0 updated, 2 unchanged, 0 removed, 0 failed" in second.output
    assert Archive(index_dir).count() == 2


def test_ingest_json_summary(seeds, index_dir):
    out = json.loads(run("ingest", seeds, "--index", index_dir, "--format", "json").output)
    assert (out["added"], out["updated"], out["unchanged"], out["failed"]) == (2, 0, 0, 0)


def test_ingest_single_file(seeds, index_dir):
    run("ingest", seeds / SEED_003, "--index", index_dir)
    assert Archive(index_dir).count() == 1


def test_search_json_contract(seeded_index):
    out = json.loads(run("search", "Loekasjenko", "--index", seeded_index, "--format", "json").output)
    assert set(out) >= {"query", "total", "page", "limit", "hits", "facets"}
    assert out["query"] == "Loekasjenko"
    assert (out["total"], out["page"], out["limit"]) == (2, 1, 10)
    assert isinstance(out["facets"], dict)
    for hit in out["hits"]:
        assert isinstance(hit["id"], str) and hit["id"]
        assert hit["path"].endswith(".txt")
        assert hit["title"] is None or isinstance(hit["title"], str)
        assert hit["date"] is None or isinstance(hit["date"], str)
        assert hit["date_precision"] in (None, "day", "month", "year")
        assert isinstance(hit["score"], float)
        assert "**Loekasjenko**" in hit["snippet"]
    scores = [h["score"] for h in out["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_json_is_the_api_to_dict(seeded_index):
    out = json.loads(run("search", "soldaten", "--index", seeded_index, "--format", "json").output)
    assert out == Archive(seeded_index).search("soldaten").to_dict()


def test_snippet_shows_words_as_written(seeded_index):
    res = Archive(seeded_index).search("soldaat")
    assert res.total == 1
    assert "**soldaten**" in res.hits[0].snippet
    assert "soldat**" not in res.hits[0].snippet.replace("soldaten**", "")


def test_text_output_lists_hits(seeded_index):
    out = run("search", "Loekasjenko", "--index", seeded_index).output
    assert "2 hits for 'Loekasjenko'" in out
    assert "id " in out and ".txt" in out


def test_no_query_lists_every_article_newest_first(seeded_index):
    out = json.loads(run("search", "--index", seeded_index, "--format", "json").output)
    assert out["query"] is None and out["total"] == 2
    dates = [h["date"] for h in out["hits"]]
    # Dated articles first, newest first; undated last.
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates == dated + [None] * (len(dates) - len(dated))


def test_limit_and_page(seeded_index):
    p1 = json.loads(run("search", "--index", seeded_index, "--limit", 1, "--format", "json").output)
    p2 = json.loads(run("search", "--index", seeded_index, "--limit", 1, "--page", 2, "--format", "json").output)
    assert p1["total"] == p2["total"] == 2
    assert len(p1["hits"]) == len(p2["hits"]) == 1
    assert p1["hits"][0]["id"] != p2["hits"][0]["id"]


def test_show_text_and_json(seeded_index):
    hit = Archive(seeded_index).search("Tichanovskaja").hits[0]
    out = json.loads(run("show", hit.id, "--index", seeded_index, "--format", "json").output)
    assert out["id"] == hit.id
    assert out["path"].endswith(SEED_003)
    assert "Tichanovskaja" in out["body"]
    for key in ("title", "date", "date_precision", "source", "url", "headings", "captions",
                "credits", "body", "actors", "places", "paths"):
        assert key in out
    text = run("show", hit.id, "--index", seeded_index).output
    assert hit.id in text and "Tichanovskaja" in text


def test_show_unknown_id(seeded_index):
    result = run("show", "nope", "--index", seeded_index, ok=(1,))
    assert "no article with id 'nope'" in result.output


def test_missing_index_gives_a_hint_not_a_traceback(tmp_path):
    result = run("search", "x", "--index", tmp_path / "none", ok=(1,))
    assert "archive ingest" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_empty_index_folder_gives_a_hint(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("search", "--index", tmp_path / "empty", ok=(1,))
    assert "archive ingest" in result.output


def test_archive_index_environment_variable(seeds, tmp_path):
    env = {"ARCHIVE_INDEX": str(tmp_path / "envindex")}
    run("ingest", seeds, env=env)
    out = json.loads(run("search", "Poetin", "--format", "json", env=env).output)
    assert out["total"] == 2


def test_python_dash_m_archive(seeded_index):
    proc = subprocess.run(
        [sys.executable, "-m", "archive", "search", "Minsk", "--index", str(seeded_index), "--format", "json"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] >= 1


def test_ids_are_stable_across_indexes(seeds, tmp_path):
    a = Archive(tmp_path / "a")
    b = Archive(tmp_path / "b")
    a.ingest([seeds])
    b.ingest([seeds])
    ids = lambda arc: sorted(h.id for h in arc.search(limit=10).hits)
    assert ids(a) == ids(b)


def test_malformed_query_is_one_line(seeded_index):
    result = run("search", '"unclosed phrase', "--index", seeded_index, ok=(2,))
    assert "unbalanced quote" in result.output
    assert "Traceback" not in result.output


def test_commands_load_on_demand_and_all_are_listed():
    """Each command's module is imported when it is asked for; the help, the
    completion and the "no such command" hint still know every command."""
    code = """
from click.testing import CliRunner
import sys
from archive.cli import main
r = CliRunner().invoke(main, ["search", "--help"])
assert r.exit_code == 0 and "--facet" in r.output, r.output
assert "archive.cli.ingest_cmd" not in sys.modules
r = CliRunner().invoke(main, ["--help"])
listed = [l.split()[0] for l in r.output.split("Commands:")[1].splitlines() if l.strip()]
assert listed == ["check", "export", "ingest", "optimize", "search", "serve", "show", "similar", "stats"], listed
r = CliRunner().invoke(main, ["serch"])
assert r.exit_code == 2 and "Did you mean one of: 'search', 'serve'?" in r.output, r.output
"""
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)

