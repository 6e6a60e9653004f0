"""Parallel ingest: worker processes extract and index, the main process keeps
the books; the documents must be exactly those of `jobs=1`, first run and
incremental runs alike, and no worker outlives the ingest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from archive import Archive
from archive.ingest import ingest

from .conftest import SEED_003, SEEDS
from .test_ingest import body_text, record, stored_docs, write_article, write_jsonl
from .test_interrupt import workers_of


def run(index: Path, src: Path, jobs: int, **kw):
    # min_parallel=0: start the workers even for this small input.
    return ingest(index, [src], aliases=Archive(index)._aliases(), jobs=jobs, min_parallel=0, **kw)


def outcome(report) -> tuple:
    d = report.to_dict()
    d["errors"] = sorted((e["path"], e["line"] or 0, e["reason"]) for e in d["errors"])
    d["warnings"] = sorted(d["warnings"])
    for key in ("index", "committed"):
        d.pop(key)
    return tuple(sorted(d.items()))


def make_input(src: Path) -> None:
    shutil.copytree(SEEDS, src / "seeds")
    (src / "copies").mkdir()
    shutil.copy(SEEDS / SEED_003, src / "copies" / "again.txt")
    for i in range(12):
        write_article(src / "txt" / f"{i:02}.txt", i)
    (src / "page.html").write_text(
        "<html><head><title>Dijkversterking begint</title></head><body><article>"
        "<h1>Dijkversterking begint</h1><p>" + body_text(500) + "</p>"
        "<figure><figcaption>De dijk bij Kampen. Beeld ANP</figcaption></figure></article></body></html>",
        encoding="utf-8")
    same = {"title": "Gedeeld bericht", "text": body_text(77)}
    write_jsonl(src / "feed.jsonl", [record(i) for i in range(30)] + [
        record(100, **same), record(101, **same), {"id": "kop", "title": "Alleen een kop"},
        "{kapot", record(102, **same)])
    (src / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))


def test_parallel_documents_equal_single_process(tmp_path):
    src = tmp_path / "in"
    make_input(src)
    one = run(tmp_path / "one", src, jobs=1)
    two = run(tmp_path / "two", src, jobs=2, commit_every=9)
    assert not workers_of(os.getpid())
    assert outcome(one) == outcome(two)
    assert (one.added, one.copies, one.duplicates, one.failed) == (49, 1, 2, 2)
    docs = stored_docs(tmp_path / "one")
    assert stored_docs(tmp_path / "two") == docs
    assert docs["r101"]["duplicate_of"] == docs["r102"]["duplicate_of"] == "r100"
    for q in ("stad", "Dijkversterking", "Loekasjenko", "bericht nummer 7", "haven OR brug"):
        hits = [Archive(tmp_path / i).search(q, limit=50).to_dict()["hits"] for i in ("one", "two")]
        assert hits[0] and sorted(h["id"] for h in hits[0]) == sorted(h["id"] for h in hits[1]), q

    # An incremental run with changes, deletions and pruning, both ways.
    (src / "txt" / "03.txt").unlink()
    write_article(src / "txt" / "04.txt", 404)
    os.remove(src / "seeds" / SEED_003)  # its copy stays: the article keeps one path
    write_jsonl(src / "feed.jsonl", [record(i) for i in range(1, 30)] + [record(101, title="Nieuw")])
    one = run(tmp_path / "one", src, jobs=1, prune=True)
    two = run(tmp_path / "two", src, jobs=2, prune=True, commit_every=5)
    assert outcome(one) == outcome(two)
    assert (one.updated, one.removed) == (2, 5)  # 04.txt, r101; 03.txt, r0, r100, r102, kop gone
    docs = stored_docs(tmp_path / "one")
    assert stored_docs(tmp_path / "two") == docs
    assert docs["r101"].get("duplicate_of") is None
    assert Archive(tmp_path / "two").check().ok


def test_conflicts_with_already_indexed_documents_wait_for_the_commit(tmp_path):
    """Past the merge window a document is already in a worker's segment and
    cannot be changed before the commit: a later copy or a newer version of it
    is applied right after, in a second commit, and nothing is lost."""
    src = tmp_path / "in"
    write_jsonl(src / "a.jsonl", [record(i, text=body_text(i, paragraphs=1)) for i in range(330)])
    write_jsonl(src / "b.jsonl", [record(1, text=body_text(1, paragraphs=1)),
                                  record(0, text="Een nieuwere versie van het eerste bericht.")])
    one = run(tmp_path / "one", src, jobs=1)
    two = run(tmp_path / "two", src, jobs=2)
    assert outcome(one) == outcome(two)
    assert (one.added, one.copies, one.updated) == (330, 1, 1)
    docs = stored_docs(tmp_path / "two")
    assert docs == stored_docs(tmp_path / "one")
    assert docs["r1"]["paths"].split("\n") == [str(src / "a.jsonl"), str(src / "b.jsonl")]
    assert "nieuwere versie" in docs["r0"]["body"]
    assert any("'r0' was read before in this run" in w for w in one.warnings)
    # The same id with other content in two files: the last one read wins, every
    # run, and a run over unchanged files rewrites nothing.
    again = run(tmp_path / "two", src, jobs=2)
    assert (again.added, again.copies, again.updated, again.unchanged, again.committed) == (0, 0, 0, 332, 0)
    assert stored_docs(tmp_path / "two") == docs



def test_posting_buffer_writes_the_same_segment_as_whoosh(tmp_path):
    """Our writer (posting buffer, lengths read once, one-posting terms inlined)
    writes what Whoosh's own writer writes: the same terms, postings with
    positions, stored fields and lengths, so the same hits and scores."""
    from whoosh.index import create_in
    from whoosh.writing import SegmentWriter

    from archive.index.whoosh.durable import commit_segments
    from archive.index.whoosh.segment import new_writer
    from archive.index.whoosh.schema import build_schema, to_fields
    from archive.index.whoosh.store import INDEX_NAME

    make_input(tmp_path / "in")
    run(tmp_path / "source", tmp_path / "in", jobs=1)
    from archive.index.whoosh.schema import from_stored

    fields = [to_fields(from_stored(d)) for _, d in sorted(stored_docs(tmp_path / "source").items())]
    readers, indexes = [], []
    for name in ("whoosh", "buffer"):
        (tmp_path / name).mkdir()
        ix = create_in(str(tmp_path / name), build_schema(), indexname=INDEX_NAME)
        if name == "whoosh":  # Whoosh's own writer, its pool so small that it spills runs
            w = SegmentWriter(ix, limitmb=0.05)
            for f in fields:
                w.add_document(**f)
            w.commit()
        else:
            w = new_writer(ix)
            for f in fields:
                w.add_document(**f)
            commit_segments(w)
        readers.append(ix.reader())
        indexes.append(ix)
    a, b = readers
    terms = list(a.all_terms())
    assert terms == list(b.all_terms()) and len(terms) > 500
    for fieldname, text in terms:
        kind = "positions" if a.schema[fieldname].format.supports("positions") else "weight"
        assert list(a.postings(fieldname, text).items_as(kind)) == list(b.postings(fieldname, text).items_as(kind))
    assert list(a.all_stored_fields()) == list(b.all_stored_fields())
    for fieldname in ("title", "text"):
        assert [a.doc_field_length(n, fieldname) for n in range(len(fields))] == \
            [b.doc_field_length(n, fieldname) for n in range(len(fields))]
    from whoosh import scoring
    from whoosh.query import Or, Term

    from whoosh.query import Phrase

    one_off = [(f, t) for f, t in terms if a.doc_frequency(f, t) == 1 and f == "text"][:5]
    queries = [Or([Term("text", "stad"), Term("text", "brug"), Term("title", "bericht")]),
               Phrase("text", ["dijk", "kamp"]), Term("id", "r7"), Or([Term(f, t) for f, t in one_off])]
    for q in queries:
        ranked = []
        for ix in indexes:
            with ix.searcher(weighting=scoring.BM25F()) as searcher:
                ranked.append([(h["id"], round(h.score, 6)) for h in searcher.search(q, limit=20)])
        assert ranked[0] == ranked[1] and ranked[0], q


def test_posting_buffer_sorts_postings_added_out_of_order():
    from archive.index.whoosh.postings import PostingBuffer

    items = [("b", b"x", 5, 1.0, b"p5"), ("a", b"y", 1, 2.0, None), ("b", b"x", 2, 1.0, b"p2"),
             ("a", b"y", 0, 1.0, None), ("b", b"x", 9, 3.0, b"p9"), ("a", b"z", 3, 1.0, None)]
    buf = PostingBuffer()
    for item in items:
        buf.add(item)
    assert list(buf.iter_postings()) == sorted(items)


def _session(held, index: Path, jobs: int):
    """A session with the default start rule (no `min_parallel`)."""
    from archive.ingest.session import Session, Stop

    return Session(held.writer(), aliases=Archive(index)._aliases(), jobs=jobs, commit_every=10**6,
                   prune=False, progress=None, stop=Stop(), min_parallel=None, skip_dirs=())


def _workers_started(index: Path, src: Path, jobs: int) -> int:
    """Ingest `src` with `jobs` processes; how many workers the pool started."""
    from archive.index import lock

    held = lock(index, timeout=30)
    try:
        session = _session(held, index, jobs)
        session.run([str(src)])
        assert session.tally.committed > 0
        return session.pool.started
    finally:
        held.release()


def test_a_worker_starts_only_for_an_input_that_pays_for_it(tmp_path):
    """Below `PARALLEL_BYTES` a worker's start-up costs more than it saves (a
    300-record batch took 0.58 s with one, 0.42 s without): everything is
    extracted here. Above it the worker starts at once, and the documents are
    those of one process."""
    from archive.ingest.pool import PARALLEL_BYTES

    def feed(path, n):
        return write_jsonl(path, ({"id": f"s{i}", "title": f"Bericht {i}", "text": body_text(i, paragraphs=3)}
                                  for i in range(n)))

    small = feed(tmp_path / "small.jsonl", 300)
    big = feed(tmp_path / "big.jsonl", 800)
    assert small.stat().st_size < PARALLEL_BYTES < big.stat().st_size
    assert _workers_started(tmp_path / "a", small, jobs=2) == 0
    assert _workers_started(tmp_path / "b", big, jobs=2) == 1
    assert _workers_started(tmp_path / "c", big, jobs=1) == 0
    assert stored_docs(tmp_path / "b") == stored_docs(tmp_path / "c")


def test_workers_spawned_before_their_part_do_not_outlive_the_pool(tmp_path):
    """`Pool.spawn` starts the worker processes while the dictionary is still
    being sampled; if the ingest ends before `start` gave them a part (an
    error, a stop), closing the pool still ends them."""
    from archive.index import lock

    index = tmp_path / "index"
    held = lock(index, timeout=30)
    try:
        session = _session(held, index, jobs=3)
        pool = session.pool
        pool.spawn()
        procs = [w.proc for w in pool._spare]
        assert len(procs) == 2 and all(p.poll() is None for p in procs)
        assert not pool.remote and pool.started == 0
        pool.close()
        assert all(p.poll() is not None for p in procs)
        session.writer.close()
    finally:
        held.release()
