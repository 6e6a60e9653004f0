"""The documents of a phrase, as arrays: every position of every word decoded
block by block, then one sorted look-up per word.

Whoosh matches a phrase one candidate document at a time in Python (its
`SpanNear2` over each word's positions): "Tweede Kamer" at 117k articles
took about 30 ms, and every query word that is an alias of a longer name
(`Rutte` also finds "Mark Rutte") is such a phrase. With slop 1, as every
phrase of the query language, Whoosh's rule comes down to this: the words
stand at consecutive positions p, p+1, ..., in order. So each word's
postings become one sorted array of keys (document << 32 | position), and
the phrase starts are the keys of the first word whose key + i is among the
keys of word i. The postings must be this codec's
(`archive.index.whoosh.codec`) or small inlined ones; anything else (a
segment written by stock Whoosh, another slop) is None here, and
`archive.index.whoosh.docsets` asks Whoosh's own matcher.
`tests/test_docsets.py` checks the result against Whoosh's.
"""

from __future__ import annotations

import numpy as np

_SHIFT = 32


def _keys(reader, field: str, word) -> np.ndarray | None:
    """Sorted document << 32 | position keys of one word, or None if its
    postings cannot be read in bulk."""
    terms = getattr(reader, "_terms", None)  # a segment's own: deleted documents included (masks drop them)
    if terms is None:
        return None
    m = terms.matcher(field, word, reader.schema[field].format)
    if hasattr(m, "all_positions"):
        got = m.all_positions()
        if got is None:
            return None
        docs, pos = got
    elif type(m).__name__ == "ListMatcher" and hasattr(m, "_values"):  # inlined in the dictionary
        from archive.index.whoosh.codec.postings import positions_of

        if any(not isinstance(v, bytes) for v in m._values):
            return None
        values = list(m._values)
        raw = np.frombuffer(b"".join(values), np.uint8)
        docs, pos = positions_of(np.asarray(m._ids, np.int64),
                                 np.array([len(v) for v in values], np.int64), raw)
    else:
        return None
    if len(pos) and int(pos.max()) >= 1 << _SHIFT:
        return None
    return (docs << _SHIFT) | pos


def phrase_docs(reader, schema, query) -> np.ndarray | None:
    """Sorted segment-local ids of the documents holding the phrase (one
    for each place it stands; deleted documents too), or None when Whoosh's
    matcher must decide (see the module)."""
    if query.slop != 1 or len(query.words) < 2:
        return None
    fieldname = query.fieldname
    if fieldname not in schema:
        return None
    field = schema[fieldname]
    from archive.index.whoosh.codec.positions import CompactPositions

    if not isinstance(field.format, CompactPositions):
        return None
    words = []
    for word in query.words:
        try:
            word = field.to_bytes(word)
        except ValueError:
            return np.zeros(0, np.int64)
        if (fieldname, word) not in reader:
            return np.zeros(0, np.int64)
        words.append(word)
    starts = _keys(reader, fieldname, words[0])
    if starts is None:
        return None
    for i, word in enumerate(words[1:], 1):
        if not len(starts):
            break
        keys = _keys(reader, fieldname, word)
        if keys is None:
            return None
        want = starts + i
        at = np.searchsorted(keys, want)
        found = at < len(keys)
        found[found] = keys[at[found]] == want[found]
        starts = starts[found]
    return starts >> _SHIFT  # sorted, a document once per start
