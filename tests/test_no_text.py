"""Articles without text (paywalled, removed): kept, said, counted, found;
only inputs with nothing in them fail. Through the CLI on real files."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from archive import Archive
from archive.cli import main


def run(*args, ok=(0,)):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in ok, (result.stdout, result.stderr)
    return result


def _feed(path, n=20):
    """A DPG-like export: articles with text, and among them records with an
    id and date only, a title only, a URL and source only."""
    rows = [{"id": f"r{i}", "title": f"Bericht {i}", "text": f"De gemeenteraad van Utrecht besloot punt {i}.",
             "published_at": f"2019-03-{1 + i % 28:02d}"} for i in range(n)]
    rows[3] = {"id": "r3", "title": "", "text": "", "published_at": "2019-03-20"}
    rows[7] = {"id": "r7", "title": "Alleen een kop over Groningen", "text": "", "published_at": "2019-03-21"}
    rows[11] = {"url": "https://example.nl/artikel/11", "source": "Voorbeeldkrant", "text": ""}
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows


def test_records_without_text_are_kept_counted_and_found(tmp_path):
    feed = tmp_path / "feed.jsonl"
    _feed(feed)
    index = tmp_path / "index"
    out = json.loads(run("ingest", feed, "--index", index, "--format", "json").stdout)
    assert (out["added"], out["failed"], out["empty"], out["exit_code"]) == (20, 0, 3, 0)
    text = run("ingest", feed, "--index", index, "--rebuild").stdout
    assert "20 added" in text and "3 kept without text" in text
    arc = Archive(index)
    march = {v.value: v.count for v in arc.search(facets=["month"]).facets["month"]}
    assert march == {"2019-03": 19, "no date": 1}  # every record counts, with text or not
    stub = arc.show("r3")
    assert (stub.body, stub.title, stub.date) == ("", None, "2019-03-20")
    assert stub.warnings == ("no text: kept for its id, date",)
    assert [h.id for h in arc.search("Groningen").hits] == ["r7"]  # found by its title
    assert arc.search(source=["Voorbeeldkrant"]).total == 1
    assert arc.search(date=["2019-03-20"]).total == 1 + sum(1 for i in range(20) if 1 + i % 28 == 20 and i != 3)
    assert arc.check().ok
    assert json.loads(run("check", "--index", index, "--format", "json").stdout)["documents"] == 20


def test_only_inputs_with_nothing_in_them_fail(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "feed.jsonl").write_text('{"id": "a", "text": "Een bericht."}\n{}\n{"tags": ["x"], "text": " "}\n',
                                    encoding="utf-8")
    (src / "blank.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    (src / "menu.html").write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav>"
                                   "</body></html>", encoding="utf-8")
    (src / "paywall.html").write_text(
        '<html><head><title>Raad besluit | Krant</title>'
        '<meta property="article:published_time" content="2023-05-04T09:12:00+02:00">'
        '<link rel="canonical" href="https://krant.example/raad"></head>'
        '<body><nav><a href="/">Home</a></nav></body></html>', encoding="utf-8")
    (src / "kop.txt").write_text(" date 2022-12\n", encoding="utf-8")
    res = run("ingest", src, "--index", tmp_path / "index", ok=(3,))
    failed = sorted(line for line in res.stderr.splitlines() if line.startswith("failed:"))
    assert failed == [
        f"failed: {src / 'blank.html'}: no article text in the HTML page",
        f"failed: {src / 'feed.jsonl'}:2: no title and no text",
        f"failed: {src / 'feed.jsonl'}:3: no title and no text",
        f"failed: {src / 'menu.html'}: no article text in the HTML page",
    ]
    assert "3 added" in res.stdout and "2 kept without text" in res.stdout
    arc = Archive(tmp_path / "index")
    page = next(h for h in arc.search().hits if h.path.endswith("paywall.html"))
    assert (page.date, arc.show(page.id).url) == ("2023-05-04", "https://krant.example/raad")
    assert arc.search(date=["2022-12"]).total == 1


def test_concurrent_ingests_and_a_rerun_agree_with_the_record_count(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = _feed(feed, 600)
    index = tmp_path / "index"
    cmd = [sys.executable, "-m", "archive", "ingest", str(feed), "--index", str(index), "-q", "-j", "1"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    codes = [p.wait(timeout=300) for p in procs]
    assert codes == [0, 0], [p.stderr.read() for p in procs]
    assert Archive(index).count() == len(rows) == 600
    assert run("ingest", feed, "--index", index, "--format", "json").stdout.count('"unchanged": 600') == 1
    assert Archive(index).check().ok


def test_a_stub_does_not_outrank_an_article_with_the_same_title(tmp_path):
    body = " ".join(["Het weer in het noorden van het land was zwaar, met veel wind en kou."] * 6)
    rows = [{"id": "stub", "title": "Sneeuwstorm in het noorden"},
            {"id": "full", "title": "Sneeuwstorm in het noorden", "text": body}]
    rows += [{"id": f"o{i}", "title": f"Ander nieuws {i}", "text": body + f" Zin {i}."} for i in range(8)]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    arc = Archive(tmp_path / "index")
    arc.ingest([feed])
    hits = arc.search("sneeuwstorm").hits
    assert [h.id for h in hits] == ["full", "stub"]
    assert hits[0].score >= hits[1].score
