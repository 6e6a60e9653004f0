"""Incremental ingest on real files and real indexes: unchanged input writes
nothing, changes replace, `--prune` and `--rebuild`, copies stored once,
syndicated copies marked `duplicate_of` and kept right across runs.

The helpers here (synthetic articles, reading an index back) are shared by
the other ingest test modules.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from click.testing import CliRunner

from archive import Archive
from archive.cli import main

from .conftest import SEED_000, SEED_003

WORDS = (
    "kabinet minister gemeente raad besluit woensdag donderdag nieuwe plannen inwoners "
    "burgemeester politie onderzoek rapport school leerlingen verkeer brug haven schip water "
    "energie prijzen huizen markt rechter zaak boeren stikstof provincie verkiezingen partij "
    "ziekenhuis zorg artsen vakbond staking treinen station fietsers dijk regen storm"
).split()


def body_text(seed: int, paragraphs: int = 3) -> str:
    """Dutch-looking text, different for every seed (no corpus involved)."""
    rng = random.Random(seed)

    def sentence():
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
        return f"De {' '.join(words)} {seed}."

    return "\n\n".join(" ".join(sentence() for _ in range(3)) for _ in range(paragraphs))


def record(i: int, **over) -> dict:
    rec = {"id": f"r{i}", "title": f"Bericht nummer {i}", "text": body_text(i), "date": "2022-12-19"}
    rec.update(over)
    return rec


def write_jsonl(path: Path, records) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path


def write_article(path: Path, seed: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Artikel {seed} over de stad\n\n{body_text(seed)}\n", encoding="utf-8")
    return path


def cli(*args, ok=(0,)):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in ok, result.output
    return result


def ingest_json(*args, ok=(0,)) -> dict:
    out = cli("ingest", *args, "--format", "json", ok=ok).stdout
    return json.loads(out)


def stored_docs(index: Path) -> dict[str, dict]:
    """Every live stored document, by id (asserting ids are unique)."""
    from archive.index.whoosh.store import open_index

    ix = open_index(index)
    with ix.searcher() as s:
        docs = list(s.documents())
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids)), "an id is stored twice"
    return {d["id"]: d for d in docs}


def paths_of(doc: dict) -> list[str]:
    return doc["paths"].split("\n")


def index_files(index: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in index.iterdir()
            if p.name != "MAIN_WRITELOCK"}


# --------------------------------------------------------------------------
# Incremental


def test_reingesting_unchanged_files_writes_nothing(seeds, index_dir):
    first = ingest_json(seeds, "--index", index_dir)
    assert (first["added"], first["committed"]) == (2, 2)
    before = index_files(index_dir)
    again = ingest_json(seeds, "--index", index_dir)
    assert (again["added"], again["updated"], again["unchanged"], again["committed"]) == (0, 0, 2, 0)
    assert index_files(index_dir) == before  # no new segment, no new generation


def test_changed_file_replaces_its_document(seeds, index_dir):
    Archive(index_dir).ingest([seeds])
    old = stored_docs(index_dir)
    path = seeds / SEED_000
    path.write_text(path.read_text(encoding="utf-8") + "\nHerfstregen boven Zwolle.\n", encoding="utf-8")
    report = Archive(index_dir).ingest([seeds])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    new = stored_docs(index_dir)
    assert len(new) == 2
    (changed,) = set(new) - set(old)
    assert paths_of(new[changed]) == [str(path)]
    assert "Herfstregen" in new[changed]["body"]
    assert Archive(index_dir).search("Zwolle").total == 1


def test_json_lines_record_replaces_the_one_with_its_id(tmp_path, index_dir):
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(1), record(2)])
    Archive(index_dir).ingest([feed])
    write_jsonl(feed, [record(1), record(2, text="Nieuwe tekst over de Afsluitdijk.")])
    report = Archive(index_dir).ingest([feed])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    docs = stored_docs(index_dir)
    assert set(docs) == {"r1", "r2"}
    assert "Afsluitdijk" in docs["r2"]["body"]


def test_same_record_id_twice_in_one_run_keeps_the_last(tmp_path, index_dir):
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(1), record(1, text="Tweede versie over de haven.")])
    report = Archive(index_dir).ingest([feed])
    assert (report.added, report.updated) == (1, 1)
    assert "Tweede versie" in stored_docs(index_dir)["r1"]["body"]


def test_prune_removes_articles_whose_file_is_gone(tmp_path, index_dir):
    a = write_article(tmp_path / "a" / "one.txt", 1)
    write_article(tmp_path / "a" / "two.txt", 2)
    other = write_article(tmp_path / "b" / "three.txt", 3)
    Archive(index_dir).ingest([tmp_path / "a", tmp_path / "b"])
    a.unlink()
    other.unlink()
    without = ingest_json(tmp_path / "a", "--index", index_dir)
    assert without["removed"] == 0 and len(stored_docs(index_dir)) == 3
    pruned = ingest_json(tmp_path / "a", "--index", index_dir, "--prune")
    assert pruned["removed"] == 1
    # Only under the paths given: b/three.txt is gone too, but b was not named.
    left = {Path(paths_of(d)[0]).name for d in stored_docs(index_dir).values()}
    assert left == {"two.txt", "three.txt"}


def test_prune_drops_records_no_longer_in_their_file(tmp_path, index_dir):
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(1), record(2), record(3)])
    Archive(index_dir).ingest([feed])
    write_jsonl(feed, [record(1), record(3)])
    assert Archive(index_dir).ingest([feed]).removed == 0
    report = Archive(index_dir).ingest([feed], prune=True)
    assert (report.removed, report.unchanged) == (1, 2)
    assert set(stored_docs(index_dir)) == {"r1", "r3"}


def test_prune_keeps_records_of_a_file_that_now_fails(tmp_path, index_dir):
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(1), record(2)])
    Archive(index_dir).ingest([feed])
    write_jsonl(feed, [record(1), '{"id": "r2", "title": broken'])
    report = Archive(index_dir).ingest([feed], prune=True)
    assert report.failed == 1 and report.removed == 0
    assert set(stored_docs(index_dir)) == {"r1", "r2"}


def test_moved_file_keeps_its_article(tmp_path, index_dir):
    src = write_article(tmp_path / "in" / "old.txt", 7)
    Archive(index_dir).ingest([tmp_path / "in"])
    (aid,) = stored_docs(index_dir)
    dest = tmp_path / "in" / "new.txt"
    src.rename(dest)
    report = Archive(index_dir).ingest([tmp_path / "in"], prune=True)
    assert (report.copies, report.removed, report.added) == (1, 0, 0)
    docs = stored_docs(index_dir)
    assert list(docs) == [aid] and paths_of(docs[aid]) == [str(dest)]


def test_rebuild_builds_fresh_and_swaps(tmp_path, seeds, index_dir):
    Archive(index_dir).ingest([seeds])
    (index_dir / "aliases.tsv").write_text("place\tKyiv\tKiev\n", encoding="utf-8")
    only = write_article(tmp_path / "new" / "a.txt", 5)
    report = ingest_json(only.parent, "--index", index_dir, "--rebuild")
    assert (report["added"], report["rebuilt"]) == (1, True)
    docs = stored_docs(index_dir)
    assert [paths_of(d) for d in docs.values()] == [[str(only)]]
    assert (index_dir / "aliases.tsv").exists()  # files kept with the index carry over
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index.")]


def test_summary_counts_text_and_json(tmp_path, index_dir):
    write_article(tmp_path / "in" / "a.txt", 1)
    write_jsonl(tmp_path / "in" / "feed.jsonl", [record(1), record(2), "{not json"])
    result = cli("ingest", tmp_path / "in", "--index", index_dir, ok=(3,))
    assert "3 added, 0 updated, 0 unchanged, 0 removed, 1 failed" in result.stdout
    assert f"failed: {tmp_path / 'in' / 'feed.jsonl'}:3: invalid JSON" in result.stderr
    out = ingest_json(tmp_path / "in", "--index", index_dir, "--strict", ok=(3,))
    assert {k: out[k] for k in ("added", "updated", "unchanged", "removed", "failed", "unchanged_failures")} == \
        {"added": 0, "updated": 0, "unchanged": 3, "removed": 0, "failed": 1, "unchanged_failures": 1}
    assert out["exit_code"] == 3
    assert out["errors"] == [{"path": str(tmp_path / "in" / "feed.jsonl"), "line": 3, "unit": "line",
                              "reason": out["errors"][0]["reason"]}]


def test_index_folder_inside_the_input_is_not_ingested(tmp_path):
    write_article(tmp_path / "a.txt", 1)
    report = Archive(tmp_path / "index").ingest([tmp_path])
    assert (report.added, report.failed) == (1, 0)
    again = Archive(tmp_path / "index").ingest([tmp_path])
    assert (again.unchanged, again.failed) == (1, 0)


# --------------------------------------------------------------------------
# Copies and duplicates


def test_copy_of_a_file_is_stored_once_with_every_path(seeds, index_dir):
    copy = seeds / "sub" / "copy-of-003.txt"
    copy.parent.mkdir()
    shutil.copy(seeds / SEED_003, copy)
    report = Archive(index_dir).ingest([seeds])
    assert (report.added, report.copies) == (2, 1)
    docs = stored_docs(index_dir)
    assert len(docs) == 2
    (both,) = [d for d in docs.values() if len(paths_of(d)) == 2]
    assert sorted(paths_of(both)) == sorted([str(seeds / SEED_003), str(copy)])
    shown = json.loads(cli("show", both["id"], "--index", index_dir, "--format", "json").stdout)
    assert sorted(shown["paths"]) == sorted([str(seeds / SEED_003), str(copy)])
    text = cli("show", both["id"], "--index", index_dir).stdout
    assert "copy-of-003.txt" in text and SEED_003 in text
    again = Archive(index_dir).ingest([seeds])
    assert (again.unchanged, again.copies, again.committed) == (3, 0, 0)


def test_copy_found_in_a_later_run_adds_its_path(seeds, tmp_path, index_dir):
    Archive(index_dir).ingest([seeds])
    copy = tmp_path / "elsewhere" / "x.txt"
    copy.parent.mkdir()
    shutil.copy(seeds / SEED_000, copy)
    report = Archive(index_dir).ingest([copy])
    assert (report.copies, report.added) == (1, 0)
    (doc,) = [d for d in stored_docs(index_dir).values() if str(copy) in paths_of(d)]
    assert sorted(paths_of(doc)) == sorted([str(seeds / SEED_000), str(copy)])
    copy.unlink()
    assert Archive(index_dir).ingest([tmp_path / "elsewhere"], prune=True).removed == 0
    assert paths_of(stored_docs(index_dir)[doc["id"]]) == [str(seeds / SEED_000)]


def test_syndicated_copies_are_marked_duplicate_of_the_first(tmp_path, index_dir):
    same = {"title": "Orkaan raast over Zeeland", "text": body_text(99)}
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(1), record(2, **same), record(3, **same), record(4)])
    report = Archive(index_dir).ingest([feed])
    assert (report.added, report.duplicates) == (4, 1)
    docs = stored_docs(index_dir)
    assert len(docs) == 4  # separate documents, nothing lost
    assert docs["r3"].get("duplicate_of") == "r2"
    assert all(docs[i].get("duplicate_of") is None for i in ("r1", "r2", "r4"))
    shown = json.loads(cli("show", "r3", "--index", index_dir, "--format", "json").stdout)
    assert shown["duplicate_of"] == "r2"
    hits = Archive(index_dir).search("Zeeland", limit=10).to_dict()["hits"]
    assert {h["id"]: h["duplicate_of"] for h in hits} == {"r2": None, "r3": "r2"}


def test_duplicate_of_stays_right_across_runs(tmp_path, index_dir):
    same = {"title": "Dezelfde tekst", "text": body_text(42)}
    a = write_jsonl(tmp_path / "in" / "a.jsonl", [record(1, **same)])
    write_jsonl(tmp_path / "in" / "b.jsonl", [record(2, **same)])
    Archive(index_dir).ingest([tmp_path / "in"])
    write_jsonl(tmp_path / "in" / "c.jsonl", [record(3, **same)])
    Archive(index_dir).ingest([tmp_path / "in"])
    docs = stored_docs(index_dir)
    assert (docs["r1"].get("duplicate_of"), docs["r2"]["duplicate_of"], docs["r3"]["duplicate_of"]) == \
        (None, "r1", "r1")
    # The original goes away: the next one becomes the original.
    a.unlink()
    before = docs
    assert Archive(index_dir).ingest([tmp_path / "in"], prune=True).removed == 1
    docs = stored_docs(index_dir)
    assert (docs["r2"].get("duplicate_of"), docs["r3"]["duplicate_of"]) == (None, "r2")
    # Re-pointing rewrote r2 and r3 from what was stored: nothing else changed.
    unmarked = lambda d: {k: v for k, v in d.items() if k != "duplicate_of"}  # noqa: E731
    assert unmarked(docs["r2"]) == unmarked(before["r2"]) and unmarked(docs["r3"]) == unmarked(before["r3"])
    assert Archive(index_dir).search("Dezelfde", limit=5).total == 2
    # The new original's text changes: the last one is on its own again.
    write_jsonl(tmp_path / "in" / "b.jsonl", [record(2, title="Dezelfde tekst", text=body_text(43))])
    Archive(index_dir).ingest([tmp_path / "in"])
    docs = stored_docs(index_dir)
    assert docs["r2"].get("duplicate_of") is None and docs["r3"].get("duplicate_of") is None
    # And an update of an original that keeps its text keeps it the original.
    write_jsonl(tmp_path / "in" / "d.jsonl", [record(4, title="Dezelfde tekst", text=body_text(43))])
    write_jsonl(tmp_path / "in" / "b.jsonl", [record(2, title="Dezelfde tekst", text=body_text(43), date="2023")])
    Archive(index_dir).ingest([tmp_path / "in"])
    docs = stored_docs(index_dir)
    assert docs["r2"].get("duplicate_of") is None and docs["r4"]["duplicate_of"] == "r2"
    assert Archive(index_dir).check().ok


def test_empty_text_is_never_a_duplicate_key(tmp_path, index_dir):
    feed = write_jsonl(tmp_path / "feed.jsonl", [
        {"id": "t1", "title": "Alleen een kop"},
        {"id": "t2", "title": "Alleen een kop"},
        {"id": "none", "date": "2022-12-01"},
    ])
    result = cli("ingest", feed, "--index", index_dir)
    assert "3 added" in result.stdout and "0 failed" in result.stdout and "3 kept without text" in result.stdout
    assert "warning: " in result.stderr and "title only" in result.stderr
    assert f"{feed}:3: no text: kept for its id, date" in result.stderr
    docs = stored_docs(index_dir)
    assert set(docs) == {"t1", "t2", "none"}
    assert all(d.get("duplicate_of") is None for d in docs.values())
