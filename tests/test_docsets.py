"""The array-based match sets must equal Whoosh's own matchers, exactly."""

from __future__ import annotations

import json
import random

import pytest

from archive import Archive
from archive.index.whoosh import docsets
from archive.index.whoosh.query import parse_query

WORDS = ("brand politie haven trein school weg stad water markt kerk fiets zon regen "
         "boer dorp raad wet geld huis bos").split()


@pytest.fixture(scope="module")
def arc(tmp_path_factory):
    rnd = random.Random(7)
    base = tmp_path_factory.mktemp("docsets")
    feed = base / "feed.jsonl"

    def write(n, salt):
        rows = []
        for i in range(n):
            words = rnd.choices(WORDS, k=rnd.randint(3, 12))
            rows.append({"id": f"d{i}", "title": f"bericht {i}", "text": " ".join(words) + f" {salt}.",
                         "date": f"2019-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"})
        feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")

    arc = Archive(base / "index")
    write(1200, "eerst")
    arc.ingest([feed], jobs=1)
    write(900, "later")  # replaces d0..d899: deletions in the first segment
    arc.ingest([feed], jobs=1)
    return arc


QUERIES = ["brand", "brand politie", "brand OR haven", "brand NOT haven", "(trein OR fiets) AND stad",
           '"brand politie"', '"politie brand brand"', '"stad water markt"', '"brand brand"', '"bericht 7"',
           '"bericht 7 brand"', '"eerst bericht"', "pol*", "politei~", "later", "eerst", "NOT brand", "title:bericht"]


@pytest.mark.parametrize("text", QUERIES)
def test_masks_equal_whoosh(arc, text):
    q = parse_query(text, arc.index.ix.schema)
    with arc.index.ix.searcher() as s:
        expected = set(s.docs_for_query(q))
        masks = docsets.masks(s, q)
        got = set()
        for (sub, offset), mask in zip(docsets.leaf_readers(s.reader()), masks):
            got |= {int(i) + offset for i in mask.nonzero()[0]}
    assert got == expected
    assert arc.search(text).total == len(expected)


def test_index_has_several_segments_and_deletions(arc):
    with arc.index.ix.searcher() as s:
        readers = docsets.leaf_readers(s.reader())
        assert len(readers) >= 2
        assert any(sub.has_deletions() for sub, _ in readers)


@pytest.mark.parametrize("word", ["brand", "politie", "later"])
def test_numpy_bm25_equals_whoosh_bm25f(arc, word):
    from whoosh.query import Term

    from archive.index.whoosh import ranking

    q = Term("text", word)
    with arc.index.ix.searcher() as s:
        expected = {h.docnum: h.score for h in s.search(q, limit=None)}
        ours = dict(ranking.top(s, q, docsets.masks(s, q), {}, 10_000, field_boosts={}))
    assert set(ours) == set(expected)
    for doc, score in expected.items():
        assert ours[doc] == pytest.approx(score, rel=1e-4)


def test_title_boost_ranks_title_matches_first(arc):
    from archive.index.whoosh import ranking

    q = parse_query("bericht", arc.index.ix.schema)  # in every title, never in a body
    with arc.index.ix.searcher() as s:
        ranked = ranking.top(s, q, docsets.masks(s, q), {}, 5)
    assert len(ranked) == 5 and all(score > 0 for _, score in ranked)


@pytest.mark.parametrize("words", ["brand politie", "politie brand brand", "stad water markt", "brand brand",
                                   "bericht 7", "7 brand", "later bericht", "onbekend brand"])
def test_phrases_from_arrays_equal_whoosh(arc, words):
    """Phrases are matched from position arrays (`phrases.py`), never
    through Whoosh's matcher, and give exactly its documents."""
    import numpy as np
    from whoosh.query import Phrase

    from archive.analysis import analyze
    from archive.index.whoosh.phrases import phrase_docs

    q = Phrase("text", analyze(words))
    with arc.index.ix.searcher() as s:
        for sub, _ in docsets.leaf_readers(s.reader()):
            sub_searcher = s._subsearcher(sub)
            m = q.matcher(sub_searcher, sub_searcher.boolean_context())
            expected = list(m.all_ids()) if m.is_active() else []
            got = phrase_docs(sub, s.schema, q)  # deleted documents too: the masks drop them
            assert got is not None
            assert sorted({d for d in np.asarray(got).tolist() if d not in sub.deleted_docs_set}) == expected
