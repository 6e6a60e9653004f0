"""Which documents match a query, as NumPy arrays instead of Python loops.

Whoosh walks matches one document at a time in Python: counting the 10,000
articles that say "politie" means 10,000 trips through a matcher tree, and
it does that a second time just to report the total. Yet the total, the
facet counts and date-sorted browsing only need the *set* of matching
documents, never their scores. So for the boolean skeleton of a query (terms,
AND, OR, NOT, prefixes and fuzzy terms expanded to their terms) we read each
term's posting ids block by block straight into arrays and combine them with
set operations. Anything else (phrases, spans) falls back to Whoosh's own
matcher for that subtree, so results are always exactly Whoosh's.

This reads Whoosh 2.7's on-disk posting blocks (`W3LeafMatcher`); the project
pins whoosh-reloaded==2.7.5, and `tests/test_docsets.py` checks the arrays
against Whoosh's matchers, so a change underneath fails loudly.
"""

from __future__ import annotations

import numpy as np

_EMPTY = np.zeros(0, dtype=np.int64)


def _leaf_ids(matcher) -> np.ndarray:
    """All ids of a fresh on-disk posting matcher, one array per block."""
    if hasattr(matcher, "all_arrays"):  # archive.index.whoosh.codec's posting blocks
        return matcher.all_arrays()[0]
    if not hasattr(matcher, "_data") or not hasattr(matcher, "_next_block"):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    parts = []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        raw = matcher._data[0]
        if matcher._byteids:
            parts.append(np.asarray(raw, dtype=np.int64))
        else:
            parts.append(np.cumsum(np.asarray(raw, dtype=np.int64)))
        matcher._next_block()
    return np.concatenate(parts) if parts else _EMPTY


def term_docs(reader, field: str, text, memo: dict | None = None) -> np.ndarray:
    if memo is not None:
        return postings(reader, field, text, memo)[0]
    if (field, text) not in reader:
        return _EMPTY
    return _leaf_ids(reader.postings(field, text))


def postings(reader, field: str, text, memo: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ids, term frequencies) of one term in one segment; `memo` shares
    what one search has read between matching and ranking."""
    if memo is not None:
        key = (id(reader), field, text)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = postings(reader, field, text)
        return hit
    empty = (np.zeros(0, np.int64), np.zeros(0, np.float32))
    if (field, text) not in reader:
        return empty
    m = reader.postings(field, text)
    if hasattr(m, "all_arrays"):  # archive.index.whoosh.codec's posting blocks
        return m.all_arrays()
    if not hasattr(m, "_data"):
        ids, tfs = [], []
        while m.is_active():
            ids.append(m.id())
            tfs.append(m.weight())
            m.next()
        return np.array(ids, np.int64), np.array(tfs, np.float32)
    id_parts, tf_parts = [], []
    while m.is_active():
        if m._data is None:
            m._read_data()
        raw_ids, raw_w = m._data[0], m._data[1]
        ids = np.asarray(raw_ids, dtype=np.int64)
        if not m._byteids:
            ids = np.cumsum(ids)
        if raw_w is None:
            w = np.ones(len(ids), np.float32)
        elif isinstance(raw_w, float):
            w = np.full(len(ids), raw_w, np.float32)
        else:
            w = np.asarray(raw_w, dtype=np.float32)
        id_parts.append(ids)
        tf_parts.append(w)
        m._next_block()
    if not id_parts:
        return empty
    return np.concatenate(id_parts), np.concatenate(tf_parts)


def _union(arrays) -> np.ndarray:
    arrays = [a for a in arrays if len(a)]
    if not arrays:
        return _EMPTY
    if len(arrays) == 1:
        return arrays[0]
    return distinct(np.sort(np.concatenate(arrays)))


def distinct(ids: np.ndarray) -> np.ndarray:
    """A sorted array without its repeats (what `np.unique` returns, which
    imports all of `numpy.ma` on first use: 15-30 ms of a search process)."""
    if len(ids) < 2:
        return ids
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


def docs(query, searcher, memo: dict | None = None) -> np.ndarray:
    """Sorted ids (segment-local for an atomic searcher) matching `query`.

    Deleted documents are not removed here; callers mask them.
    """
    from whoosh import query as Q

    reader = searcher.reader()
    t = type(query)
    if t is Q.Term:
        return term_docs(reader, query.fieldname, query.text, memo)
    if t is Q.And:
        pos = [c for c in query.subqueries if not isinstance(c, Q.Not)]
        neg = [c.query for c in query.subqueries if isinstance(c, Q.Not)]
        if not pos:
            result = np.arange(reader.doc_count_all(), dtype=np.int64)
        else:
            result = docs(pos[0], searcher, memo)
            for c in pos[1:]:
                if not len(result):
                    return _EMPTY
                result = np.intersect1d(result, docs(c, searcher, memo), assume_unique=True)
        for c in neg:
            if not len(result):
                break
            result = np.setdiff1d(result, docs(c, searcher, memo), assume_unique=True)
        return result
    if t in (Q.Or, Q.DisjunctionMax):
        return _union(docs(c, searcher, memo) for c in query.subqueries)
    if t is Q.AndNot:
        a = docs(query.a, searcher, memo)
        return np.setdiff1d(a, docs(query.b, searcher, memo), assume_unique=True) if len(a) else a
    if t is Q.AndMaybe:
        return docs(query.a, searcher, memo)
    if t is Q.Require:
        return np.intersect1d(docs(query.a, searcher, memo), docs(query.b, searcher, memo), assume_unique=True)
    if t is Q.Not:
        every = np.arange(reader.doc_count_all(), dtype=np.int64)
        return np.setdiff1d(every, docs(query.query, searcher, memo), assume_unique=True)
    if t is Q.Every and not query.fieldname:
        return np.arange(reader.doc_count_all(), dtype=np.int64)
    if query is Q.NullQuery or t is type(Q.NullQuery):
        return _EMPTY
    if t is Q.Phrase:
        from archive.index.whoosh.phrases import phrase_docs

        found = phrase_docs(reader, searcher.schema, query)
        if found is not None:
            return distinct(found)
    if isinstance(query, (Q.Prefix, Q.FuzzyTerm, Q.Wildcard)):
        field = query.fieldname
        return _union(term_docs(reader, field, text, memo) for _, text in query.expanded_terms(reader))
    m = query.matcher(searcher, searcher.boolean_context())
    if not m.is_active():
        return _EMPTY
    return np.fromiter(m.all_ids(), dtype=np.int64)


def leaf_readers(reader):
    """(segment reader, first global document number) per segment; none for
    an index without segments (Whoosh's empty reader has no segment)."""
    if reader.is_atomic():
        return [(reader, 0)] if reader.segment() is not None else []
    return reader.leaf_readers()


def masks(searcher, query, memo: dict | None = None) -> list[np.ndarray]:
    """Per segment, a boolean mask of its live documents matching `query`
    (None: every live document)."""
    out = []
    top = searcher.reader()
    for sub, _ in leaf_readers(top):
        n = sub.doc_count_all()
        if query is None:
            mask = np.ones(n, dtype=bool)
        else:
            mask = np.zeros(n, dtype=bool)
            subsearcher = searcher if sub is top else searcher._subsearcher(sub)
            ids = docs(query, subsearcher, memo)
            if len(ids):
                mask[ids] = True
        if sub.has_deletions():
            deleted = np.fromiter(sub.deleted_docs_set, dtype=np.int64)
            mask[deleted[deleted < n]] = False
        out.append(mask)
    return out
