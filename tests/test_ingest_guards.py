"""Ingest guards found by auditing "never loses data": a rebuild that would
wipe an archive, alias files written without the lock, file names an index
cannot store, pruning next to unreadable records, folder walks that pass
files over, and `archive check` on JSON Lines sources. Real files, real
indexes, the real CLI."""

from __future__ import annotations

import json

import pytest

from archive import Archive
from archive.errors import ArchiveError, IndexLocked
from archive.index import lock as take_lock
from archive.ingest import EXIT_PARTIAL

from .test_ingest import cli, record, write_article, write_jsonl


def test_rebuild_with_a_mistyped_path_keeps_the_archive(tmp_path, index_dir):
    write_jsonl(tmp_path / "feed" / "a.jsonl", [record(i) for i in range(5)])
    arc = Archive(index_dir)
    arc.ingest([tmp_path / "feed"])
    with pytest.raises(ArchiveError, match="no such file"):
        arc.ingest([tmp_path / "fed"], rebuild=True)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArchiveError, match="did not replace the 5 articles"):
        arc.ingest([tmp_path / "empty"], rebuild=True)
    assert Archive(index_dir).count() == 5
    assert arc.ingest([tmp_path / "feed"], rebuild=True).rebuilt  # a real rebuild still swaps


def test_alias_file_is_kept_only_once_the_lock_is_held(tmp_path, index_dir):
    src = write_article(tmp_path / "in" / "a.txt", 1)
    first = tmp_path / "first.tsv"
    first.write_text("place\tKyiv\tKiev\n", encoding="utf-8")
    Archive(index_dir).ingest([src], aliases=[first])
    second = tmp_path / "second.tsv"
    second.write_text("place\tBakhmut\tArtemivsk\n", encoding="utf-8")
    lock = take_lock(index_dir, timeout=1)
    try:
        with pytest.raises(IndexLocked):
            Archive(index_dir).ingest([src], aliases=[second], lock_timeout=0.2)
    finally:
        lock.release()
    kept = (index_dir / "aliases.tsv").read_text(encoding="utf-8")
    assert "Kiev" in kept and "Artemivsk" not in kept
    Archive(index_dir).ingest([src], aliases=[second])
    assert "Artemivsk" in (index_dir / "aliases.tsv").read_text(encoding="utf-8")


def test_file_names_the_index_cannot_store_are_failures_not_a_crash(tmp_path, index_dir):
    src = tmp_path / "in"
    write_article(src / "goed.txt", 1)
    (src / "a\nb.txt").write_text("Titel\n\nEen bericht over de stad.\n", encoding="utf-8")
    (src / "caf\udce9.txt").write_bytes(b"Titel\n\nNog een bericht over de stad.\n")  # Latin-1 name
    result = cli("ingest", src, "--index", index_dir, ok=(EXIT_PARTIAL,))
    failures = [l for l in result.stderr.splitlines() if l.startswith("failed:")]
    assert len(failures) == 2
    assert any("not valid UTF-8" in l and "caf\\xe9.txt" in l for l in failures)
    assert any("line break" in l and "a\\nb.txt" in l for l in failures)
    assert Archive(index_dir).count() == 1
    again = cli("ingest", src, "--index", index_dir, "--format", "json", ok=(EXIT_PARTIAL,))
    assert json.loads(again.stdout)["unchanged"] == 1


def test_prune_next_to_an_unreadable_record_keeps_and_warns(tmp_path, index_dir):
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [record(1), record(2), record(3)])
    arc = Archive(index_dir)
    arc.ingest([feed])
    write_jsonl(feed, [record(2), record(3), '{"id": "r4", "title": "kapot'])  # r1 left, one line broken
    report = arc.ingest([feed], prune=True)
    assert report.removed == 0 and report.failed == 1
    assert any("--prune kept" in w for w in report.warnings)
    assert arc.count() == 3
    write_jsonl(feed, [record(2), record(3)])
    assert arc.ingest([feed], prune=True).removed == 1


def test_a_folder_walk_says_what_it_passed_over(tmp_path, index_dir):
    src = tmp_path / "in"
    write_article(src / "a.txt", 1)
    (src / "notes.md").write_text("# notities\n", encoding="utf-8")
    (src / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "leeg").mkdir()
    report = Archive(index_dir).ingest([src, tmp_path / "leeg"])
    assert report.added == 1 and report.failed == 0
    assert any("passed over 2 file(s)" in w and ".md" in w and ".jpg" in w for w in report.warnings)
    assert any(w.startswith(str(tmp_path / "leeg")) and "holds no" in w for w in report.warnings)


def test_check_compares_json_lines_sources_record_by_record(tmp_path, index_dir):
    feed = tmp_path / "feed.jsonl"
    rows = [record(i) for i in range(6)] + [{"title": "", "text": ""}]
    write_jsonl(feed, rows)
    arc = Archive(index_dir)
    assert arc.ingest([feed]).failed == 1  # the empty record holds nothing: no article
    assert arc.check().ok
    write_jsonl(feed, rows + [record(7), record(8)])  # an export that grew
    problems = arc.check().problems
    assert len(problems) == 1 and "2 record(s)" in problems[0].message
    write_jsonl(feed, rows[1:])  # a record left the file
    problems = arc.check().problems
    assert len(problems) == 1 and "no longer in their JSON file" in problems[0].message
    edited = [dict(r) for r in rows]
    edited[2]["title"] = "Een nieuwe kop"
    write_jsonl(feed, edited + [record(3, text="later versie")])  # r2 edited; r3 repeated: the last wins
    problems = arc.check().problems
    assert len(problems) == 1 and "1 record(s) changed" in problems[0].message
    arc.ingest([feed])
    assert arc.check().ok
    assert arc.check(quick=True).ok  # --quick reads no sources


def test_a_data_folder_holding_a_file_named_archive_json_is_still_read(tmp_path, index_dir):
    src = tmp_path / "feeds" / "nos"
    write_jsonl(src / "archive.json", [record(1)])
    write_article(src / "a.txt", 2)
    report = Archive(index_dir).ingest([tmp_path / "feeds"])
    assert report.added == 2
    # an archive index inside a walked folder is never input
    inner = tmp_path / "feeds" / "index"
    Archive(inner).ingest([src])
    assert Archive(index_dir).ingest([tmp_path / "feeds"]).failed == 0


def test_fuzzy_edits_are_capped_everywhere_and_phrase_slop_is_not_fuzzy(tmp_path, index_dir):
    from archive.errors import QueryError

    arc = Archive(index_dir)
    arc.ingest([write_article(tmp_path / "a.txt", 1)])
    with pytest.raises(QueryError):
        arc.search("stad~1 haven~9")
    assert arc.search('"Artikel 1"~3').total == 1


def test_an_id_in_two_files_goes_to_the_file_read_last_and_a_rerun_writes_nothing(tmp_path, index_dir):
    src = tmp_path / "feeds"
    write_jsonl(src / "a.jsonl", [record(1, title="Versie uit a"), record(2)])
    write_jsonl(src / "b.jsonl", [record(1, title="Versie uit b"), record(3)])
    arc = Archive(index_dir)
    first = arc.ingest([src])
    assert arc.count() == 3 and arc.show("r1").title == "Versie uit b"
    assert any("last one read wins" in w for w in first.warnings)
    files = {p.name: p.stat().st_mtime_ns for p in index_dir.iterdir() if p.is_file()}
    again = arc.ingest([src])
    assert (again.added, again.updated, again.unchanged, again.committed) == (0, 0, 4, 0)
    assert any("read later, whose record is kept" in w for w in again.warnings)
    assert {p.name: p.stat().st_mtime_ns for p in index_dir.iterdir() if p.is_file()} == files
    assert arc.show("r1").title == "Versie uit b"
    # the record moves: b no longer holds r1, so a's version is the one now
    write_jsonl(src / "b.jsonl", [record(3)])
    moved = arc.ingest([src])
    assert moved.updated == 1 and arc.show("r1").title == "Versie uit a"
    assert arc.ingest([src]).updated == 0


def test_json_list_items_are_named_as_items_not_lines(tmp_path, index_dir):
    src = tmp_path / "lijst.json"
    src.write_text('[{"id": "a", "title": "Goed", "text": "Een bericht."},\n {"text": ""},\n 5]', encoding="utf-8")
    result = cli("ingest", src, "--index", index_dir, ok=(EXIT_PARTIAL,))
    failures = [l for l in result.stderr.splitlines() if l.startswith("failed:")]
    assert failures == [f"failed: {src} (item 2): no title and no text",
                        f"failed: {src} (item 3): item is not a JSON object but a number"]
    report = json.loads(cli("ingest", src, "--index", index_dir, "--format", "json").stdout)  # unchanged: exit 0
    assert [(e["line"], e["unit"]) for e in report["errors"]] == [(2, "item"), (3, "item")]
