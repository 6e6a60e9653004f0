"""`archive check` (and `archive optimize`) on real indexes: a healthy index
passes; a gone or changed source, a damaged segment and wrong duplicate marks
are found, each with its fix."""

from __future__ import annotations

import json
import shutil

from archive import Archive
from archive.index.whoosh.durable import commit_segments
from archive.index.whoosh.writelock import acquire_lock
from archive.index.whoosh.segment import new_writer
from archive.index.whoosh.store import open_index

from .conftest import SEED_000, SEED_003
from .test_ingest import body_text, cli, record, stored_docs, write_article, write_jsonl


def test_healthy_index_passes(seeds, index_dir):
    Archive(index_dir).ingest([seeds])
    result = cli("check", "--index", index_dir)
    assert "2 articles in 1 segment(s)" in result.stdout
    assert "sources: 2 file(s) known, 0 missing, 0 changed" in result.stdout
    assert result.stdout.strip().endswith("ok")
    out = json.loads(cli("check", "--index", index_dir, "--format", "json").stdout)
    assert (out["ok"], out["documents"], out["problems"], out["exit_code"]) == (True, 2, [], 0)


def test_gone_and_changed_sources_are_reported_with_a_fix(seeds, index_dir):
    Archive(index_dir).ingest([seeds])
    (seeds / SEED_000).unlink()
    with open(seeds / SEED_003, "a", encoding="utf-8") as f:
        f.write("\nEen toegevoegde zin.\n")
    result = cli("check", "--index", index_dir, ok=(1,))
    out = result.stdout
    assert "1 missing, 1 changed" in out
    assert f"no longer exist: {seeds / SEED_000}" in out and "fix: archive ingest --prune" in out
    assert f"changed since they were ingested: {seeds / SEED_003}" in out
    quick = json.loads(cli("check", "--index", index_dir, "--quick", "--format", "json", ok=(1,)).stdout)
    assert (quick["missing_files"], quick["changed_files"]) == (1, 0)
    # Following the advice fixes it.
    Archive(index_dir).ingest([seeds], prune=True)
    assert Archive(index_dir).check().ok


def test_damaged_segment_is_found_and_rebuild_advised(seeds, index_dir):
    Archive(index_dir).ingest([seeds])
    (terms,) = index_dir.glob("*.trm")  # the segment's term dictionary
    data = terms.read_bytes()
    terms.write_bytes(data[: len(data) // 3])
    result = cli("check", "--index", index_dir, ok=(1,))
    assert "segment(s) cannot be read" in result.stdout
    assert "archive ingest --rebuild" in result.stdout
    assert "Traceback" not in result.output
    Archive(index_dir).ingest([seeds], rebuild=True)
    assert Archive(index_dir).check().ok


def test_a_missing_field_length_file_is_found(seeds, index_dir):
    # Whoosh reads a missing length column as zeros: ranking would go wrong
    # without any error, so check looks for the files.
    Archive(index_dir).ingest([seeds])
    (lengths,) = index_dir.glob("*._text_len.col")
    lengths.unlink()
    result = cli("check", "--index", index_dir, ok=(1,))
    assert "_text_len.col is missing" in result.stdout and "--rebuild" in result.stdout


def test_missing_index_is_a_problem_not_a_traceback(tmp_path):
    result = cli("check", "--index", tmp_path / "nothing", ok=(1,))
    assert "no archive index" in result.stdout and "Traceback" not in result.output


def test_wrong_duplicate_marks_are_found_and_repaired(tmp_path, index_dir):
    same = {"title": "Gedeeld", "text": body_text(5)}
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(1, **same), record(2, **same), record(3)])
    Archive(index_dir).ingest([feed])
    # Damage the bookkeeping by hand: r1 points at r3 (other text), r2 at nothing.
    from archive.index.whoosh.schema import from_stored, to_fields

    docs = stored_docs(index_dir)
    lock = acquire_lock(index_dir, 1)
    try:
        w = new_writer(open_index(index_dir))
        for aid, dup in (("r1", "r3"), ("r2", "gone")):
            art = from_stored(docs[aid])
            w.update_document(**to_fields(art.__class__(**{**art.__dict__, "duplicate_of": dup})))
        commit_segments(w)
    finally:
        lock.release()
    result = cli("check", "--index", index_dir, ok=(1,))
    assert "wrong duplicate_of mark" in result.stdout and "archive check --repair" in result.stdout
    repaired = cli("check", "--index", index_dir, "--repair")
    assert repaired.stdout.strip().endswith("ok")
    docs = stored_docs(index_dir)
    assert docs["r1"].get("duplicate_of") is None and docs["r2"]["duplicate_of"] == "r1"
    assert docs["r3"].get("duplicate_of") is None


def test_optimize_merges_segments_and_keeps_every_article(tmp_path, index_dir):
    for i in range(3):
        write_article(tmp_path / f"in{i}" / "a.txt", i)
        Archive(index_dir).ingest([tmp_path / f"in{i}"])
    shutil.rmtree(tmp_path / "in0")
    Archive(index_dir).ingest([tmp_path / "in0"], prune=True)
    before = {d: v for d, v in stored_docs(index_dir).items()}
    assert len(before) == 2 and len(open_index(index_dir)._segments()) > 1
    words = ("Artikel", "stad", "1", "2")
    ids = lambda w: sorted(h.id for h in Archive(index_dir).search(w).hits)  # noqa: E731
    hits = {w: ids(w) for w in words}  # (scores move: the deleted article's statistics go)
    out = json.loads(cli("optimize", "--index", index_dir, "--format", "json").stdout)
    assert out["segments_after"] == 1 and out["segments_before"] > 1 and out["documents"] == 2
    assert stored_docs(index_dir) == before
    assert {w: ids(w) for w in words} == hits
    assert hits["Artikel"] and hits["1"]
    assert Archive(index_dir).check().ok
    assert "1 segment(s) -> 1" in cli("optimize", "--index", index_dir).stdout
