"""The ingest writer's direct indexing paths write exactly what Whoosh's own
path writes: the same segment files, byte for byte, for real articles."""

from __future__ import annotations

import json
import os
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


#: How a writer indexes: Whoosh's own `field.index`; the direct paths with
#: the Python loops; the direct paths with the C loops (`_accumulate`).
MODES = ("stock", "python", "native")


def _mode(monkeypatch, mode: str) -> None:
    monkeypatch.setattr(postings, "FAST_INDEX", mode != "stock")
    monkeypatch.setattr(postings, "NATIVE", _NATIVE if mode == "native" else None)


_NATIVE = postings.NATIVE


def test_the_c_loops_are_built():
    """CI (`ARCHIVE_REQUIRE_NATIVE=1`) installs with a C compiler: the C
    loops must be there, not silently replaced by the Python ones."""
    if _NATIVE is None and os.environ.get("ARCHIVE_REQUIRE_NATIVE") != "1":
        pytest.skip("archive.index.whoosh._accumulate was not built (no C compiler at install)")
    assert _NATIVE is not None and postings._native() is _NATIVE


def _segment_files(tmp_path, docs, mode: str, monkeypatch) -> dict[str, bytes]:
    _mode(monkeypatch, mode)
    ix = store.create_index(tmp_path / mode)
    w = segment.new_writer(ix)
    for d in docs:
        w.add_document(**d)
    seg = w._finalize_segment()
    folder = tmp_path / mode
    files = {p.name.replace(seg.segid, ""): p.read_bytes() for p in folder.iterdir() if seg.segid in p.name}
    return files, SegmentReader(ix.storage, ix.schema, seg)


def _modes():
    return [m for m in MODES if m != "native" or _NATIVE is not None]


def test_direct_paths_write_the_same_segment(tmp_path, docs, monkeypatch):
    stock, _ = _segment_files(tmp_path, docs, "stock", monkeypatch)
    assert {".trm", ".pst"} <= {n[n.index("."):] for n in stock}
    for mode in _modes()[1:]:
        fast, r = _segment_files(tmp_path, docs, mode, monkeypatch)
        assert stock.keys() == fast.keys()
        for name in stock:
            assert stock[name] == fast[name], (mode, name)
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

    def build(mode: str) -> dict[str, bytes]:
        _mode(monkeypatch, mode)
        arc = Archive(tmp_path / f"ix-{mode}")
        arc.ingest([first], jobs=1)
        arc.ingest([second], jobs=1)
        assert arc.optimize().segments_before == 2
        folder = tmp_path / f"ix-{mode}"
        out = {}
        for p in folder.iterdir():
            if p.is_file() and p.name.startswith("MAIN_") and "WRITELOCK" not in p.name:
                out[p.name.split(".", 1)[1]] = p.read_bytes()
        return out

    stock = build("stock")
    assert "pst" in stock and "trm" in stock
    for mode in _modes()[1:]:
        fast = build(mode)
        assert stock.keys() == fast.keys()
        for name in stock:
            assert stock[name] == fast[name], (mode, name)


def _both_buffers(steps):
    """The same postings put by the Python loop and by the C loop: each step
    (docnum, [(term, freq, weight, value), ...])."""
    out = []
    for add in (None, _NATIVE.add_postings):
        buf = postings.PostingBuffer()
        terms = buf.fields.setdefault("f", {})
        buf.fieldnames.add("f")
        got = []
        for docnum, items in steps:
            if add is None:
                got.append(postings._add_python(lambda v: v, items, terms, "f", docnum, 2.0, True, buf.unsorted))
            else:
                got.append(add(items, terms, "f", docnum, 2.0, True, buf.unsorted, postings.second_posting))
        buf.size += sum(size for _, size in got)
        out.append((buf, got))
    return out


def _listed(buf):
    return [(f, t, list(d), list(w), list(v)) for f, t, d, w, v in buf.iter_terms()]


@pytest.mark.skipif(_NATIVE is None, reason="archive.index.whoosh._accumulate was not built")
def test_c_loop_fills_the_buffer_as_the_python_loop():
    steps = [
        (3, [(b"a", 1, 1.0, b"\x01"), (b"b", 2, 2.0, b"\x01\x02"), (b"c", 1, 0.5, b"")]),
        (5, [(b"a", 3, 3.0, b"\x00\x01\x81\x01"), (b"c", 1, 1.0, b""), (b"e", 1, 1.0, b"\x05")]),
        (4, [(b"a", 1, 1.0, b"\x07"), (b"b", 1, 1.0, b"\x09"), (b"e", 1, 1.0, b"\x06")]),  # out of order
        (9, [(b"a", 1, 1.0, b"\x02"), (b"d", 1, 1.5, b"\x03")]),
    ]
    (py, py_got), (c, c_got) = _both_buffers(steps)
    assert c_got == py_got and c.size == py.size
    assert c.unsorted == py.unsorted == {("f", b"a"), ("f", b"e")}  # sorted when written
    assert type(c.fields["f"][b"a"]) is _NATIVE.Postings and type(py.fields["f"][b"a"]) is list
    assert _listed(c) == _listed(py)
    # Whoosh's generic path (`PostingBuffer.add`) after the C loop, bytes and then a value that is not
    for buf in (py, c):
        buf.add(("f", b"a", 11, 1.0, b"\x04"))
        buf.add(("f", b"c", 12, 1.0, None))
        buf.add(("f", b"c", 13, 1.0, None))
    assert _listed(c) == _listed(py) and c.size == py.size


@pytest.mark.skipif(_NATIVE is None, reason="archive.index.whoosh._accumulate was not built")
def test_c_loop_refuses_what_it_cannot_index():
    terms, unsorted = {}, set()
    add = _NATIVE.add_postings
    with pytest.raises(TypeError):
        add([("text", 1, 1.0, b"")], terms, "f", 1, 1.0, True, unsorted, postings.second_posting)
    with pytest.raises(TypeError):
        add([(b"t", 1, 1.0)], terms, "f", 1, 1.0, True, unsorted, postings.second_posting)
    with pytest.raises(TypeError):
        add([], [], "f", 1, 1.0, True, unsorted, postings.second_posting)
    add([(b"t", 1, 1.0, b"")], terms, "f", 1, 1.0, True, unsorted, postings.second_posting)
    with pytest.raises(OverflowError):  # array('i') holds no such docnum either
        add([(b"t", 1, 1.0, b"")], terms, "f", 2**40, 1.0, True, unsorted, postings.second_posting)
    assert terms[b"t"][2] == 1  # what failed left the posting before it whole


@pytest.mark.skipif(_NATIVE is None, reason="archive.index.whoosh._accumulate was not built")
def test_c_prose_path_matches_term_positions(monkeypatch):
    """The C prose loop gives each term the positions `term_positions`
    gives, through its own cache of term bytes (which stays bounded)."""
    from archive import analysis

    schema = build_schema()
    field = schema["text"]
    ana = field.analyzer
    texts = [
        "De minister van Buitenlandse Zaken, Wopke Hoekstra, zei dat het 80.000 euro kost.",
        f"Titel{PART_BREAK}{PART_BREAK}en de tekst van het stuk{PART_BREAK}Mark Rutte{PART_BREAK}de",
        "", "de het een", "Oekraïne Oekraine oekraïne zo'n 's-Gravenhage 1,5 " + "woord " * 200,
        " ".join(_sentences()),
    ]
    monkeypatch.setattr(analysis, "TERM_CACHE", 5)
    monkeypatch.setattr(postings, "NATIVE", _NATIVE)
    add = postings.field_adder(field)
    for docnum, text in enumerate(texts):
        terms = {}
        length, _ = add(text, terms, "text", docnum, 1.0, True, set())
        want = {t.encode(): field.format.encode(p) for t, p in ana.term_positions(text).items()}
        assert {t: p[4] for t, p in terms.items()} == want, text[:40]
        assert length == sum(len(p) for p in ana.term_positions(text).values())
    assert len(ana._term_bytes) <= 5


_ALPHABET = "aZé9_.,' -\n\u2029ß²½٣\u0301\u00adŉǅⅫ〇😀'’KİDeHet"


@pytest.mark.skipif(_NATIVE is None, reason="archive.index.whoosh._accumulate was not built")
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET) | st.characters(), max_size=60))
def test_c_word_scan_finds_the_words_re_finds(text):
    """`scan_words` (the C loops' own reading of TOKEN_PATTERN) against
    `re.findall` of it, on text of letters, digits, the joiners `.,'`,
    part breaks and any other character: the same terms at the same
    positions; and its terms of ASCII words (`compute_term` in C) against
    `DutchAnalyzer.compute_term`."""
    from archive.analysis import PART_GAP, TERM_CACHE, TOKEN_PATTERN

    from archive.analysis import DUTCH_STOPWORDS

    ana = dutch_analyzer()
    out = []
    # the C scan with the C terms of ASCII words, against the regex with `compute_term` for every word
    for findall, term_fn in ((None, (ana.compute_term, DUTCH_STOPWORDS, ana._stemmer.stemWord)),
                             (re.compile(TOKEN_PATTERN).findall, ana.compute_term)):
        terms = {}
        got = _NATIVE.add_prose(text, findall, {}, term_fn, TERM_CACHE, PART_BREAK, PART_GAP, 1.0,
                                terms, "text", 0, 1.0, True, set(), postings.second_posting)
        out.append((got, {t: p[4] for t, p in terms.items()}))
    assert out[0] == out[1]
    fmt = build_schema()["text"].format
    assert out[0][1] == {t.encode(): fmt.encode(p) for t, p in ana.term_positions(text).items()}


@pytest.mark.skipif(_NATIVE is None, reason="archive.index.whoosh._accumulate was not built")
def test_c_postings_refuse_bad_input_and_stay_whole():
    """What the C loops refuse leaves what they hold as it was, and they
    hand back to Python what only Python writes (found in review)."""
    p = _NATIVE.Postings()
    docs, weights, values = p.export()  # empty: no buffers yet
    assert (list(docs), list(weights), list(values)) == ([], [], [])
    p.append(1, 1.0, b"\x01")
    p.append(2, 1.0, b"\x02")
    with pytest.raises(OverflowError):
        p.append(2**40, 1.0, b"\xee")
    p.append(3, 1.0, b"\x03")
    docs, weights, values = p.export()
    assert list(docs) == [1, 2, 3] and list(values) == [b"\x01", b"\x02", b"\x03"] and len(p) == 3
    q = _NATIVE.Postings()
    q.append(-5, 1.0, b"")
    q.append(3, 1.0, b"")
    assert q.encode(None, 128, 4, 0) is None  # Python's varints refuse a negative docnum
    with pytest.raises(TypeError):  # a first posting that is no 5-tuple
        _NATIVE.add_postings([(b"t", 1, 1.0, b"")], {b"t": (1, 2)}, "f", 1, 1.0, True, set(),
                             postings.second_posting)
    with pytest.raises(TypeError):  # a term cache must hold bytes or None
        _NATIVE.add_prose("hallo", None, {"hallo": "hallo"}, lambda w: w, 10, PART_BREAK, 100, 1.0,
                          {}, "f", 0, 1.0, True, set(), postings.second_posting)
    with pytest.raises(ValueError):  # the C scan's part break is no word character
        _NATIVE.add_prose("hallo", None, {}, lambda w: w, 10, "x", 100, 1.0,
                          {}, "f", 0, 1.0, True, set(), postings.second_posting)


@pytest.mark.skipif(_NATIVE is None, reason="archive.index.whoosh._accumulate was not built")
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ é ÄßǄİﬁÅ\u00a0\u3000\u2029\t\n.,'") | st.characters(), max_size=50))
def test_c_fold_words_is_the_duplicate_keys_folding(text):
    """`fold_words` (the duplicate key's folding, `schema.text_hash`) is
    `" ".join(fold(text).split())`: lower-casing that changes a string's
    length, accents that fold to two letters or none, every kind of space."""
    from archive.analysis import accent_map, fold

    assert _NATIVE.fold_words(text, accent_map) == " ".join(fold(text).split())


@pytest.mark.skipif(_NATIVE is None, reason="archive.index.whoosh._accumulate was not built")
def test_c_exact_values_fill_the_buffer_as_the_python_loop(monkeypatch):
    """ID and line fields (`add_exact`): the same postings, lengths and sizes
    as the Python loop, duplicate and empty lines included."""
    schema = build_schema()
    values = ["Mark Rutte\nVladimir Poetin", "Mark Rutte\n\nMark Rutte\n", "", "Kyiv", "é\nè\né"]
    for name in ("actor", "id"):
        field = schema[name]
        got = []
        for native in (None, _NATIVE):
            monkeypatch.setattr(postings, "NATIVE", native)
            add = postings.field_adder(field)
            terms, unsorted, out = {}, set(), []
            for docnum, value in enumerate(values * 2):
                out.append(add(value, terms, name, docnum, 1.0, field.scorable, unsorted))
            listed = {t: (list(p.export()[0]) if type(p) is _NATIVE.Postings else
                          list(p[0]) if type(p) is list else [p[2]]) for t, p in terms.items()}
            got.append((out, listed))
        assert got[0] == got[1], name
        if name == "actor":  # a term a distinct non-empty line
            assert got[1][1][b"Mark Rutte"] == [0, 1, 5, 6] and b"" not in got[1][1]


@pytest.mark.skipif(_NATIVE is None, reason="archive.index.whoosh._accumulate was not built")
def test_c_loop_appends_to_the_python_forms():
    """A term the Python loop holds as [docnums, weights, values] (values a
    list, or a PackedValues) takes the C loop's next postings as it would
    take the Python loop's."""
    def fill(adders):
        buf = postings.PostingBuffer()
        terms = buf.fields.setdefault("f", {})
        buf.fieldnames.add("f")
        got = []
        for docnum, (add, items) in enumerate(adders):
            if add is None:
                got.append(postings._add_python(lambda v: v, items, terms, "f", docnum, 1.0, True, buf.unsorted))
            else:
                got.append(add(items, terms, "f", docnum, 1.0, True, buf.unsorted, postings.second_posting))
        return got, _listed(buf)

    c = _NATIVE.add_postings
    items = [[(b"n", 1, 1.0, None), (b"p", 1, 1.0, b"\x01")]] * 4
    python = fill([(None, i) for i in items])
    assert fill([(None, items[0]), (None, items[1]), (c, items[2]), (c, items[3])]) == python
    assert fill([(c, i) for i in items]) == python
