"""Bad input end to end through the CLI: every bad input is one `failed:` line
naming the path (and line) and the reason, the rest is ingested, and the exit
status is 3. Plus a property test: random bytes and random Unicode in every
supported format never crash an ingest."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import Archive
from archive.ingest import EXIT_PARTIAL

from .test_ingest import cli, ingest_json, record, stored_docs, write_article, write_jsonl


def failed_line(stderr: str, where: str) -> str:
    lines = [l for l in stderr.splitlines() if l.startswith(f"failed: {where}: ")]
    assert len(lines) == 1, f"no single failure line for {where} in:\n{stderr}"
    return lines[0][len(f"failed: {where}: "):]


def test_every_kind_of_bad_input_is_reported_and_the_rest_ingested(tmp_path, index_dir):
    src = tmp_path / "in"
    good = write_article(src / "good.txt", 1)
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_bytes(b"  \n\n \t\n")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200))
    (src / "undecodable.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 40)
    line = b"Een heel groot bestand vol tekst.\n"
    (src / "huge.txt").write_bytes(line * (50 * 1024 * 1024 // len(line)))  # a dump, not an article
    (src / "menu.html").write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
                                   "</nav></body></html>", encoding="utf-8")
    write_jsonl(src / "feed.jsonl", [record(1), '{"id": "r2", "title": "kapot', record(3), "[1, 2]"])
    os.symlink("loop.txt", src / "loop.txt")
    os.symlink("/proc/self/mem", src / "unreadable.txt")  # exists, but reading it fails (even as root)
    missing = tmp_path / "does-not-exist"

    result = cli("ingest", src, missing, "--index", index_dir, ok=(EXIT_PARTIAL,))
    err = result.stderr
    assert "Traceback" not in result.output
    assert "3 added, 0 updated, 0 unchanged, 0 removed, 11 failed" in result.stdout
    assert "empty" in failed_line(err, src / "empty.txt")
    assert "empty" in failed_line(err, src / "blank.txt")
    assert "PNG" in failed_line(err, src / "image.txt")
    assert "decode" in failed_line(err, src / "undecodable.txt")
    assert "too large" in failed_line(err, src / "huge.txt")
    assert "no article text" in failed_line(err, src / "menu.html")
    assert "invalid JSON" in failed_line(err, f"{src / 'feed.jsonl'}:2")
    assert "not a JSON object" in failed_line(err, f"{src / 'feed.jsonl'}:4")
    assert "symbolic links" in failed_line(err, src / "loop.txt") or "loop" in failed_line(err, src / "loop.txt")
    assert "cannot read" in failed_line(err, src / "unreadable.txt")
    assert "no such file" in failed_line(err, missing)
    assert len([l for l in err.splitlines() if l.startswith("failed: ")]) == 11
    docs = stored_docs(index_dir)
    assert set(docs) >= {"r1", "r3"} and len(docs) == 3
    assert any(str(good) in d["paths"] for d in docs.values())


def test_all_good_input_exits_zero_and_usage_errors_two(tmp_path, index_dir):
    write_article(tmp_path / "a.txt", 1)
    assert cli("ingest", tmp_path / "a.txt", "--index", index_dir).exit_code == 0
    assert cli("ingest", "--index", index_dir, ok=(2,)).exit_code == 2  # no PATHS
    assert cli("ingest", tmp_path, "--index", index_dir, "--jobs", "0", ok=(2,)).exit_code == 2


def test_a_file_that_disappears_during_the_run_is_reported(tmp_path, index_dir):
    src = tmp_path / "in"
    for i in range(6):
        write_article(src / f"{i}.txt", i)
    doomed = src / "5.txt"

    def progress(p):  # runs inside the ingest, after the first article
        if doomed.exists():
            doomed.unlink()

    # An index that holds articles: the first ingest of a new one reads a few
    # hundred articles ahead (for its dictionary), which would read 5.txt early.
    Archive(index_dir).ingest([write_article(tmp_path / "first.txt", 99)])
    report = Archive(index_dir).ingest([src], progress=progress)
    assert (report.added, report.failed) == (5, 1)
    (err,) = report.errors
    assert err.path == str(doomed) and "disappeared" in err.reason
    assert report.exit_code == EXIT_PARTIAL


def test_unreadable_folder_entry_does_not_stop_the_folder(tmp_path, index_dir):
    src = tmp_path / "in"
    write_article(src / "a" / "1.txt", 1)
    os.symlink(src / "nowhere", src / "broken.txt")
    write_article(src / "z" / "2.txt", 2)
    out = ingest_json(src, "--index", index_dir, ok=(3,))
    assert (out["added"], out["failed"]) == (2, 1)
    assert out["errors"][0]["path"] == str(src / "broken.txt")


# --------------------------------------------------------------------------
# Property: random input never crashes ingest


def _json_value():
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=60)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


_record = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.text(max_size=12), st.integers(), st.none(), st.floats()),
    "title": st.one_of(st.text(max_size=80), _json_value(),
                       # lone surrogates: json.dumps writes them as "\udxxx" escapes
                       st.text(st.characters(categories=["Cs", "Ll", "Zs"]), max_size=20)),
    "text": st.one_of(st.text(max_size=400), st.lists(st.text(max_size=50), max_size=4), _json_value()),
    "body": st.text(max_size=200),
    "date": st.one_of(st.text(max_size=30), st.integers()),
    "url": _json_value(),
    "source": _json_value(),
})

_unicode = st.text(max_size=1500).map(lambda s: s.encode("utf-8", "surrogatepass"))
_jsonl = st.lists(st.one_of(_record.map(lambda r: json.dumps(r, ensure_ascii=False)), st.text(max_size=80)),
                  max_size=8).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))
_html = st.text(max_size=600).map(
    lambda s: f"<html><head><title>{s[:30]}</title></head><body><article><p>{s}</p></article></body></html>"
    .encode("utf-8", "surrogatepass"))
_any = st.binary(max_size=1500) | _unicode


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(txt=_any, html=_any | _html, jsonl=_any | _jsonl, js=_any | _record.map(lambda r: json.dumps(r).encode()))
def test_random_input_in_every_format_never_crashes(txt, html, jsonl, js):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        files = {"a.txt": txt, "b.html": html, "c.jsonl": jsonl, "d.json": js}
        for name, data in files.items():
            (src / name).write_bytes(data)
        report = Archive(Path(tmp) / "index").ingest([src], jobs=1)
        assert report.exit_code in (0, EXIT_PARTIAL)
        assert report.failed == len(report.errors)
        for e in report.errors:
            assert Path(e.path).name in files and e.reason
            # Bad input is reported with a reason, never as a bug in our code.
            assert "could not extract (" not in e.reason and "could not read (" not in e.reason, e
        assert len(stored_docs(Path(tmp) / "index")) == report.added
        # a.txt and b.html are one article or one failure each; JSON may hold none.
        assert report.added + report.updated + report.copies + report.failed >= 2
        assert Archive(Path(tmp) / "index").check(quick=True).ok


def test_a_lone_surrogate_escape_is_repaired_with_a_warning_not_a_crash(tmp_path, index_dir):
    # Exports that cut an emoji in half write "\ud83d" alone: valid JSON that
    # no UTF-8 text can hold.
    src = tmp_path / "in"
    src.mkdir()
    (src / "feed.jsonl").write_text(
        '{"id": "a", "title": "heel", "text": "emoji \\ud83d\\ude00 blijft"}\n'
        '{"id": "b", "title": "half \\ud800", "text": "tekst", "tag": ["x\\udc00"]}\n', encoding="utf-8")
    (src / "list.json").write_text('[{"id": "c", "title": "lijst", "text": "kapot \\udbff"}]', encoding="utf-8")
    arc = Archive(index_dir)
    report = arc.ingest([src])
    assert (report.added, report.failed) == (3, 0)
    assert arc.show("a").body == "emoji \U0001f600 blijft" and not arc.show("a").warnings
    b = arc.show("b")
    assert b.title == "half \ufffd" and b.extra["tag"] == ["x\ufffd"]
    assert any("surrogate" in w for w in b.warnings)
    assert arc.show("c").body == "kapot \ufffd"
    assert arc.search("kapot").total == 1


def test_an_index_without_articles_answers_every_search_and_says_how_to_fill_it(tmp_path, index_dir):
    cli("ingest", tmp_path / "typo", "--index", index_dir, ok=(EXIT_PARTIAL,))
    for args in ([], ["--sort", "newest", "kyiv"], ["--facet", "month", "--facet", "actor"], ["--sort", "oldest"]):
        result = cli("search", *args, "--index", index_dir)
        assert "archive ingest" in result.stderr
    res = Archive(index_dir).search(facets=["day", "place"])
    assert res.total == 0 and res.hits == () and res.facets == {"day": (), "place": ()}
