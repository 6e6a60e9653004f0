"""The compact codec must read back exactly what stock Whoosh's W3 codec
reads back for the same documents: every term, posting, weight and position,
and the same search results."""

from __future__ import annotations

import random

import pytest
from whoosh import fields, index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.qparser import QueryParser
from whoosh.reading import TermNotFound

from archive.index.whoosh.codec import ArchiveCodec, CompactPositions, TermDictReader
from archive.index.whoosh.schema import build_schema

WORDS = [f"w{i}" for i in range(60)] + ["brand", "politie", "haven"]


def _schema():
    def prose(boost=1.0):
        f = fields.TEXT(stored=True, field_boost=boost)
        f.format = CompactPositions(field_boost=boost)
        return f

    return fields.Schema(id=fields.ID(stored=True, unique=True), body=prose(), title=prose(1.5),
                         tag=fields.KEYWORD(commas=True), n=fields.NUMERIC(stored=True))


def _docs():
    rnd = random.Random(3)
    out = []
    for i in range(700):
        # "brand" in most documents: several 128-posting blocks; w0..w59 rarer;
        # a long id: a key past 127 bytes (multi-byte varints)
        body = " ".join(rnd.choices(WORDS, weights=[1] * 60 + [40, 5, 1], k=rnd.randint(1, 40)))
        out.append(dict(id=("x" * 200 if i == 5 else "") + f"doc{i}", body=body,
                        title=" ".join(rnd.choices(WORDS, k=3)), tag=",".join(rnd.sample(WORDS, 2)), n=i))
    out.append(dict(id="uniq", body="eenmalig woord zeldzaam", title="", tag="solo", n=-5))
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """The same documents, in two segments each, written by both codecs."""
    ixs = []
    for codec in (W3Codec(), ArchiveCodec()):
        d = tmp_path_factory.mktemp(type(codec).__name__)
        ix = index.create_in(str(d), _schema())
        docs = _docs()
        for part in (docs[:400], docs[400:]):
            w = ix.writer(codec=codec)
            for doc in part:
                w.add_document(**doc)
            w.commit(merge=False)
        w = ix.writer(codec=codec)
        w.delete_by_term("id", "doc7")
        w.commit(merge=False)
        ixs.append(ix)
    return ixs


def _postings(reader, field, text):
    m = reader.postings(field, text)
    out = []
    while m.is_active():
        poses = m.value_as("positions") if reader.schema[field].format.supports("positions") else None
        out.append((m.id(), m.weight(), poses))
        m.next()
    return out


def test_archive_segments_use_the_codec(pair):
    _, ours = pair
    with ours.searcher() as s:
        for sub, _ in s.reader().leaf_readers():
            assert isinstance(sub.codec(), ArchiveCodec)


def test_every_term_and_posting_equal(pair):
    stock, ours = pair
    with stock.reader() as a, ours.reader() as b:
        terms = list(a.all_terms())
        assert terms == list(b.all_terms())
        assert len(terms) > 500
        for field, text in terms:
            assert _postings(a, field, text) == _postings(b, field, text), (field, text)
            assert a.doc_frequency(field, text) == b.doc_frequency(field, text)
            assert a.frequency(field, text) == b.frequency(field, text)
        assert b.doc_frequency("body", "brand") > 300  # several posting blocks
        for sub, _ in b.leaf_readers():
            assert ("body", b"brand") in sub
            assert ("body", b"nergens") not in sub
            assert sub.doc_frequency("body", "nergens") == 0
            with pytest.raises(TermNotFound):
                sub.term_info("body", "nergens")


def test_term_listings_equal(pair):
    stock, ours = pair
    with stock.reader() as a, ours.reader() as b:
        for field in ("body", "title", "tag", "id"):
            assert list(a.lexicon(field)) == list(b.lexicon(field))
            assert list(a.expand_prefix(field, "w1")) == list(b.expand_prefix(field, "w1"))
        assert list(b.expand_prefix("body", "zzz")) == []
        assert set(a.terms_within("body", "w12", 1)) == set(b.terms_within("body", "w12", 1))
        assert set(b.terms_within("body", "brnd", 1)) == {"brand"}
        for sub, _ in b.leaf_readers():
            cur = sub.cursor("body")
            assert cur.find("w5") == "w5" and cur.is_valid()
            assert cur.term_info().doc_frequency() == sub.doc_frequency("body", "w5")
            assert cur.next() > "w5"
            assert cur.find("zzzz") is None and not cur.is_valid()


@pytest.mark.parametrize("q", ["brand", "brand politie", '"brand politie"', "w1*", "brand OR haven",
                               "title:haven", "brand NOT w3", "tag:solo", "eenmalig"])
def test_search_results_equal(pair, q):
    stock, ours = pair
    with stock.searcher() as a, ours.searcher() as b:
        qa = QueryParser("body", stock.schema).parse(q)
        ra, rb = a.search(qa, limit=None), b.search(qa, limit=None)
        assert [(h.docnum, round(h.score, 4)) for h in ra] == [(h.docnum, round(h.score, 4)) for h in rb]
        assert len(ra) > 0


def test_merged_segments_equal(pair, tmp_path):
    """Optimizing (a merge through the codec) keeps every posting."""
    _, ours = pair
    with ours.reader() as r:
        before = {t: _postings(r, *t) for t in r.all_terms() if t[0] == "body"}
    w = ours.writer(codec=ArchiveCodec())
    w.commit(optimize=True)
    with ours.reader() as r:
        assert len(list(r.leaf_readers())) == 1
        # docnums are renumbered by the merge; compare the sequences of values
        after = {t: _postings(r, *t) for t in r.all_terms() if t[0] == "body"}
    assert before.keys() == after.keys()
    for t in before:
        assert [p[1:] for p in before[t]] == [p[1:] for p in after[t]], t


def test_positions_round_trip():
    f = CompactPositions()
    for poses in ([0], [3, 4, 200, 20000, 3_000_000], list(range(0, 5000, 7))):
        v = f.encode(poses)
        assert f.decode_positions(v) == poses
        assert f.decode_frequency(v) == len(poses)
    assert f.combine([f.encode([1, 5]), f.encode([2, 5])]) == f.encode([1, 2, 5])


def _varints(numbers) -> bytes:
    out = bytearray()
    for n in numbers:
        while n > 0x7F:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)
    return bytes(out)


def test_positions_are_varint_deltas_whatever_the_shortcut():
    """`encode` has shortcuts for one position and for one-byte deltas; every
    shape must still give the plain varint deltas."""
    f = CompactPositions()
    rng = random.Random(7)
    cases = [[p] for p in (0, 1, 127, 128, 129, 16383, 16384, 2_000_000)]
    cases += [[0, 127], [0, 128], [5, 300], [127, 254], [1, 2, 3]]
    for _ in range(300):
        n = rng.randint(1, 12)
        top = rng.choice((100, 300, 20_000, 3_000_000))
        cases.append(sorted(rng.sample(range(top), n)))
    for poses in cases:
        deltas = [b - a for a, b in zip([0] + poses, poses)]
        assert f.encode(poses) == _varints(deltas), poses
        assert f.decode_positions(f.encode(poses)) == poses


def test_shared_prefix_counts_leading_equal_bytes():
    from archive.index.whoosh.codec import _shared_prefix

    def slow(a, b):
        k = 0
        while k < min(len(a), len(b)) and a[k] == b[k]:
            k += 1
        return k

    rng = random.Random(3)
    words = [bytes(rng.choice(b"ab\x00\xff") for _ in range(rng.randint(0, 9))) for _ in range(400)]
    words += [b"", b"a", b"\x00", b"\x00\x00", b"abc", b"abd", b"ab"]
    for a in words:
        for b in words[:60]:
            assert _shared_prefix(a, b) == slow(a, b), (a, b)


def test_term_dictionary_refuses_other_files(tmp_path):
    from whoosh.filedb.filestore import FileStorage

    from archive.index.whoosh.codec import CodecError

    st = FileStorage(str(tmp_path))
    with st.create_file("x.trm") as f:
        f.write(b"not a dictionary" * 10)
    with pytest.raises(CodecError):
        TermDictReader(st.open_file("x.trm"), st.file_length("x.trm"))


def test_archive_schema_prose_fields_are_compact():
    schema = build_schema()
    for name in ("text", "title", "headings", "captions"):
        assert isinstance(schema[name].format, CompactPositions)


def test_damaged_term_dictionary_is_one_line_error(tmp_path):
    from pathlib import Path

    from click.testing import CliRunner

    from archive.cli import main

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    ix = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(seeds), "--index", str(ix)]).exit_code == 0
    for trm in ix.glob("*.trm"):
        trm.write_bytes(trm.read_bytes()[:100])
    res = runner.invoke(main, ["search", "Loekasjenko", "--index", str(ix)])
    assert res.exit_code != 0
    assert "CodecError" in res.output and "archive check" in res.output
    assert "Traceback" not in res.output


def test_index_format_names_no_layout(tmp_path):
    """Pickles in an index's table of contents name classes by module path;
    they must name only `archive.codec` and `archive.analysis` (the names the
    format was made with), so moving modules never changes the index format."""
    import glob
    import re

    from archive import Archive

    from .conftest import SEEDS

    Archive(tmp_path / "ix").ingest([SEEDS])
    toc = open(sorted(glob.glob(str(tmp_path / "ix" / "_MAIN_*.toc")))[-1], "rb").read()
    assert set(re.findall(rb"archive[\w.]*", toc)) == {b"archive.codec", b"archive.analysis"}
