"""The ingest writer's direct indexing paths write exactly what Whoosh's own
path writes: the same segment files, byte for byte, for real articles."""

from __future__ import annotations

import json
import random
import re

import pytest
from whoosh.reading import SegmentReader

from archive.index.whoosh import postings, segment, store
from archive.analysis import PART_BREAK, dutch_analyzer
from archive.extract.pipeline import process
from archive.read.formats import RawRecord, read_file
from archive.index.whoosh.schema import build_schema, to_fields

from .conftest import SEEDS


def _sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()))
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 20]


def _records(tmp_path, n=420):
    """Articles built from the seeds' sentences: common words in more than
    128 documents (several posting blocks), rare ones in one (inlined), with
    headings, captions, credits, dates and sources."""
    rnd = random.Random(7)
    sents = _sentences()
    lines = []
    for i in range(n):
        body = "".join(f"<p>{' '.join(rnd.sample(sents, rnd.randint(1, 4)))}</p>" for _ in range(rnd.randint(1, 5)))
        if i % 3 == 0:
            body += f"<h2>{rnd.choice(sents)[:60]}</h2><p>{rnd.choice(sents)}</p>"
        if i % 4 == 0:
            body += f"<figure><img src='x.jpg'><figcaption>{rnd.choice(sents)[:80]} Foto ANP</figcaption></figure>"
        rec = {"id": f"a{i}", "title": rnd.choice(sents)[:70], "body": body,
               "source": rnd.choice(["nos", "nu.nl", "rtl"])}
        if i % 5:
            rec["date"] = f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}"
        lines.append(json.dumps(rec, ensure_ascii=False))
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [r for r in read_file(str(path)) if isinstance(r, RawRecord)]


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    out = [to_fields(process(r)) for r in _records(tmp_path_factory.mktemp("src"))]
    assert sum(1 for d in out if d.get("actor")) > 50 and any(d.get("captions") for d in out)
    return out


def _segment_files(tmp_path, docs, fast: bool, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setattr(postings, "FAST_INDEX", fast)
    ix = store.create_index(tmp_path / ("fast" if fast else "stock"))
    w = segment.new_writer(ix)
    for d in docs:
        w.add_document(**d)
    seg = w._finalize_segment()
    folder = tmp_path / ("fast" if fast else "stock")
    files = {p.name.replace(seg.segid, ""): p.read_bytes() for p in folder.iterdir() if seg.segid in p.name}
    return files, SegmentReader(ix.storage, ix.schema, seg)


def test_direct_paths_write_the_same_segment(tmp_path, docs, monkeypatch):
    stock, _ = _segment_files(tmp_path, docs, False, monkeypatch)
    fast, r = _segment_files(tmp_path, docs, True, monkeypatch)
    assert {".trm", ".pst"} <= {n[n.index("."):] for n in stock}
    assert stock.keys() == fast.keys()
    for name in stock:
        assert stock[name] == fast[name], name
    with r:
        assert r.doc_count() == len(docs)
        dfs = [r.doc_frequency(f, t) for f, t in r.all_terms() if f == "text"]
        assert max(dfs) > 128 and min(dfs) == 1  # several blocks, and inlined terms


def test_direct_paths_are_taken():
    schema = build_schema()
    for name in ("text", "title", "id", "actor", "place", "year"):
        assert postings.field_indexer(schema[name]) != schema[name].index, name


def test_term_positions_match_the_token_stream():
    ana = dutch_analyzer()
    texts = [
        "De minister van Buitenlandse Zaken, Wopke Hoekstra, zei dat het 80.000 euro kost.",
        f"Titel{PART_BREAK}{PART_BREAK}en de tekst van het stuk{PART_BREAK}Mark Rutte{PART_BREAK}de",
        "", "de het een", "Oekraïne Oekraine oekraïne zo'n 's-Gravenhage 1,5",
        " ".join(_sentences()),
    ]
    for text in texts:
        want: dict[str, list[int]] = {}
        for t in ana(text, positions=True, mode="index"):
            want.setdefault(t.text, []).append(t.pos)
        assert ana.term_positions(text) == want, text[:40]


def test_ingest_and_optimize_write_the_same_index_either_way(tmp_path, monkeypatch):
    """The whole ingest (two commits, so two segments) and `optimize` (which
    merges through the same writer) give the same files with either path."""
    from archive import Archive

    recs = _records(tmp_path, n=150)
    lines = (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(recs) == 150
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:90]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[90:]) + "\n", encoding="utf-8")

    def build(fast: bool) -> dict[str, bytes]:
        monkeypatch.setattr(postings, "FAST_INDEX", fast)
        arc = Archive(tmp_path / f"ix-{fast}")
        arc.ingest([first], jobs=1)
        arc.ingest([second], jobs=1)
        assert arc.optimize().segments_before == 2
        folder = tmp_path / f"ix-{fast}"
        out = {}
        for p in folder.iterdir():
            if p.is_file() and p.name.startswith("MAIN_") and "WRITELOCK" not in p.name:
                out[p.name.split(".", 1)[1]] = p.read_bytes()
        return out

    stock, fast = build(False), build(True)
    assert "pst" in stock and "trm" in stock
    assert stock.keys() == fast.keys()
    for name in stock:
        assert stock[name] == fast[name], name
