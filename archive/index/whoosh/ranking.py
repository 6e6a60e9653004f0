"""Relevance ranking in NumPy: BM25F over whole posting arrays.

Whoosh scores one document at a time in Python, and on a phrase or a common
word that is tens to hundreds of milliseconds at 100k articles. The scoring
formula is simple arithmetic over arrays, so we read each query term's
posting ids and term frequencies block by block (as `archive.index.whoosh.docsets` does),
compute BM25 for all of its documents at once, add them up per document, and
keep the top N among the matching set. Same formula and parameters as
Whoosh's `BM25F` (B=0.75, K1=1.2, Whoosh's idf and average field lengths).

BM25F weights: a query word counts in the whole text (title, headings,
captions, body, entity names) and again, weighted, when it is in the title
(x3) or a caption (x1.5), so a match there ranks above one only in the body.
Phrase and prefix/fuzzy words score through their words / expansions.
"""

from __future__ import annotations

import numpy as np

from archive.index.whoosh.docsets import leaf_readers, postings
from archive.index.whoosh.schema import FIELD_BOOSTS, TEXT_FIELD

B, K1 = 0.75, 1.2


def _length_table() -> np.ndarray:
    from whoosh.util.numeric import byte_to_length

    return np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)


_LENGTHS = None


def field_lengths(cache: dict, sub, field: str) -> np.ndarray:
    """Per document of a segment, the length of `field` (Whoosh stores it
    as one byte per document)."""
    global _LENGTHS
    key = ("lengths", sub.segment().segment_id(), field)
    hit = cache.get(key)
    if hit is None:
        if _LENGTHS is None:
            _LENGTHS = _length_table()
        n = sub.doc_count_all()
        raw = np.zeros(n, dtype=np.uint8)
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        col = sub._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if col is not None:
            count = min(col._count, n)
            data = col._dbfile.get(col._basepos, count)
            raw[:count] = np.frombuffer(bytes(data), dtype=np.uint8)
        hit = _LENGTHS[raw]
        cache[key] = hit
    return hit


def query_words(q) -> list[tuple[str, str, float]]:
    """(field, text, boost) of the positive words of a query, phrases split
    into their words, prefixes and fuzzy terms left for expansion."""
    from whoosh import query as Q

    kept = q.accept(lambda node: Q.NullQuery if isinstance(node, Q.Not) else node)
    out = []
    for leaf in kept.leaves():
        if isinstance(leaf, Q.Term):
            out.append((leaf.fieldname, leaf.text, leaf.boost))
        elif isinstance(leaf, Q.Phrase):
            out.extend((leaf.fieldname, w, leaf.boost) for w in leaf.words)
        elif isinstance(leaf, (Q.Prefix, Q.FuzzyTerm, Q.Wildcard)):
            out.append((leaf.fieldname, leaf, leaf.boost))
    return out


def top(searcher, q, masks, cache: dict, k: int, field_boosts=FIELD_BOOSTS,
        memo: dict | None = None) -> list[tuple[int, float]]:
    """The `k` best (global docnum, score) among the matched documents."""
    words = query_words(q)
    scored_fields = {TEXT_FIELD: 1.0, **field_boosts}
    terms: list[tuple[str, object, float]] = []
    for field, text, boost in words:
        if field == TEXT_FIELD:
            for f, b in scored_fields.items():
                terms.append((f, text, boost * b))
        elif field in ("title", "captions", "headings"):
            terms.append((field, text, boost))
    reader = searcher.reader()
    expanded = []
    for field, text, boost in terms:
        if isinstance(text, str):
            expanded.append((field, text, boost))
        else:  # a prefix or fuzzy query: score each expansion that exists
            expanded.extend((field, t, boost) for t in _expansions(text, field, reader))
    cand_docs, cand_scores, cand_stub = [], [], []
    for (sub, offset), mask in zip(leaf_readers(reader), masks):
        if not mask.any():
            continue
        scores = np.zeros(len(mask), dtype=np.float32)
        empty = postings(sub, "is_empty", "1", memo)[0] if "is_empty" in sub.schema else ()
        stub = None
        if len(empty):
            stub = np.zeros(len(mask), dtype=bool)
            stub[empty] = True
        for field, text, boost in expanded:
            ids, tf = postings(sub, field, text, memo)
            if not len(ids):
                continue
            idf = searcher.idf(field, text)
            avg = searcher.avg_field_length(field) or 1.0
            fl = field_lengths(cache, sub, field)[ids]
            if stub is not None and field in (TEXT_FIELD, "title"):
                fl = _ordinary(fl, stub[ids], avg)
            scores[ids] += boost * idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avg))
        local = np.flatnonzero(mask)
        s = scores[local]
        if len(local) > k:
            keep = np.argpartition(-s, k - 1)[:k]
            local, s = local[keep], s[keep]
        cand_docs.append(local + offset)
        cand_scores.append(s)
        cand_stub.append(stub[local] if stub is not None else np.zeros(len(local), bool))
    if not cand_docs:
        return []
    docs, scores = np.concatenate(cand_docs), np.concatenate(cand_scores)
    stub = np.concatenate(cand_stub)
    # equal scores: articles with text before stubs, then index order
    order = np.lexsort((docs, stub, -scores))[:k]
    return [(int(docs[i]), float(scores[i])) for i in order]


def _ordinary(fl: np.ndarray, is_stub: np.ndarray, avg: float) -> np.ndarray:
    """Field lengths (text, title) of articles kept without body text raised
    to the field's average: their whole text is their title, and BM25 would
    take that for a very focused article and rank a stub above every real
    article on its title's words. At an ordinary length they rank as an
    ordinary article with that title would, and after it on a tie."""
    if not is_stub.any():
        return fl
    fl = fl.astype(np.float32, copy=True)
    fl[is_stub] = np.maximum(fl[is_stub], avg)
    return fl


def _expansions(q, field: str, reader) -> list[str]:
    """The index terms a prefix, fuzzy or wildcard query expands to in `field`."""
    from whoosh import query as Q

    if isinstance(q, Q.FuzzyTerm):
        clone = Q.FuzzyTerm(field, q.text, maxdist=q.maxdist, prefixlength=q.prefixlength)
    elif isinstance(q, Q.Prefix):
        clone = Q.Prefix(field, q.text)
    else:
        clone = Q.Wildcard(field, q.text)
    return [t.decode("utf-8") if isinstance(t, bytes) else t for _, t in clone.expanded_terms(reader)]
