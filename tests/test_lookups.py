"""The ingest's look-ups (`WhooshWriter.stored`, `stored_with`) skip the
segments the writer committed itself when their filter rules a value out,
and still find everything any segment holds, old or new, live only."""

from __future__ import annotations

from archive import Archive
from archive.extract.pipeline import process
from archive.index.whoosh import lock
from archive.index.whoosh.lookups import KeyFilter
from archive.read.formats import read_file

from .test_ingest import record, write_jsonl


def _articles(path):
    return [process(raw) for raw in read_file(str(path))]


def test_lookups_find_old_and_new_segments_and_skip_what_cannot_hold_a_value(tmp_path):
    index = tmp_path / "index"
    Archive(index).ingest([write_jsonl(tmp_path / "base.jsonl", [record(i) for i in range(20)])], jobs=1)
    rounds = [_articles(write_jsonl(tmp_path / f"round{k}.jsonl", [record(i) for i in range(100 * k, 100 * k + 15)]))
              for k in (1, 2)]
    same = _articles(write_jsonl(tmp_path / "same.jsonl", [record(300, title="Bericht nummer 105",
                                                                  text=rounds[0][5].body)]))
    held = lock(index, timeout=5)
    try:
        w = held.writer()
        for arts in rounds:
            for art in arts:
                w.add(w.prepare(art)[0])
            w.commit()  # a segment of this writer's own: filtered
        assert [filtered for _, filtered in w._lookups._leaves] == [False, True, True]

        assert w.stored("r3")["id"] == "r3"  # a segment from before: asked as ever
        assert w.stored("r107")["id"] == "r107" and w.stored("r214")["id"] == "r214"
        assert w.stored("r99") is None and w.stored("r9999") is None
        key = w.prepare(same[0])[1]
        assert [d["id"] for d in w.stored_with("text_hash", key)] == ["r105"]
        paths = {d["id"] for d in w.stored_with("paths", str(tmp_path / "round2.jsonl"))}
        assert paths == {f"r{i}" for i in range(200, 215)}

        w.delete("r107")
        w.commit()  # the deleted document's terms stay in its segment: never returned
        assert w.stored("r107") is None and w.stored("r108")["id"] == "r108"
    finally:
        held.release()
    assert Archive(index).count() == 20 + 30 - 1


def test_the_filter_never_forgets_a_value():
    f = KeyFilter()
    keys = [("id", f"artikel-{i}") for i in range(50_000)]
    for k in keys:
        f.add(k)
    assert all(k in f for k in keys)
    alarms = sum(("id", f"ander-{i}") in f for i in range(50_000))
    assert alarms < 50  # about 1 in 1.4 million at this size; 50 is far out
