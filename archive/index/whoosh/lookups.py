"""The ingest's look-ups (is this id, path or text hash stored?), segment by segment.

Every article an ingest reads asks the last commit two or three questions:
what is stored under its id, under its path, with its text hash. Whoosh
answers each by asking every segment, and most answers are "nothing" (a
new article). An ingest commits in rounds of about 22,000 articles, a
round writes a segment per writer, so by the end of a 117k-article build
the index has a dozen segments and a look-up for a new id cost 50 µs, three
of them per article: about a tenth of the ingest's CPU, in the main process
that must keep pace with every worker.

The segments this writer committed itself (its rounds, its workers' parts,
and what a merge made of them) get a Bloom filter over the terms of the
fields looked up (`KEYED`), filled from their term lists when they appear;
a look-up visits them only when the filter says the value may be there
(a false alarm, a visit to no effect, is one look-up in about 4,500 at
three values for each of 117,000 articles). The segments the
index had before are asked as before: their terms were never read, and a
newsroom's daily ingest of a few hundred articles into a large index should
not read them all.
"""

from __future__ import annotations

from typing import Iterator

#: The fields whose values the ingest looks up (`WhooshWriter.stored`, `stored_with`).
KEYED = ("id", "paths", "text_hash")
#: Bits of the filter: 2 MB; false alarms (1 - e^(-3n/BITS))^3 for n
#: values: 1 in 4,500 at 350,000, 1 in 600 at 700,000.
BITS = 1 << 24
_MASK = BITS - 1


class KeyFilter:
    """A Bloom filter over (field, value) pairs with three probes, taken
    from the bits of Python's own hash (the filter lives in one process)."""

    def __init__(self) -> None:
        self._bits = bytearray(BITS >> 3)

    def add(self, key: tuple) -> None:
        h = hash(key)
        bits = self._bits
        for i in (h & _MASK, (h >> 24) & _MASK, (h >> 40) & _MASK):
            bits[i >> 3] |= 1 << (i & 7)

    def __contains__(self, key: tuple) -> bool:
        h = hash(key)
        bits = self._bits
        for i in (h & _MASK, (h >> 24) & _MASK, (h >> 40) & _MASK):
            if not bits[i >> 3] & (1 << (i & 7)):
                return False
        return True


class SegmentLookups:
    """Look-ups over the segments of one commit, the filtered ones skipped
    when they cannot hold the value. `refresh` after each commit."""

    def __init__(self) -> None:
        self._before: set[str] | None = None  # the segments the index had when the writer opened
        self._filtered: set[str] = set()  # the segments whose terms are in the filter
        self._filter = KeyFilter()
        self._leaves: list[tuple[object, bool]] = []  # (segment reader, filtered)

    def refresh(self, reader) -> None:
        """Take the segments of `reader` (a new commit's), filling the filter
        with the keyed terms of segments it has not seen."""
        leaves = [r for r, _ in reader.leaf_readers()] if not reader.is_atomic() else [reader]
        names = [_name(r) for r in leaves]
        if self._before is None:
            self._before = set(names)
        out = []
        for leaf, name in zip(leaves, names):
            if name is None or name in self._before:
                out.append((leaf, False))
                continue
            if name not in self._filtered:
                self._fill(leaf)
                self._filtered.add(name)
            out.append((leaf, True))
        self._leaves = out

    def _fill(self, leaf) -> None:
        add = self._filter.add
        for field in KEYED:
            try:
                terms = leaf.lexicon(field)
            except Exception:  # a field the segment has no terms in
                continue
            for t in terms:
                add((field, t.decode("utf-8") if isinstance(t, bytes) else t))

    def stored_with(self, field: str, value: str) -> Iterator[dict]:
        """The stored fields of every live document whose `field` holds `value`."""
        maybe = field not in KEYED or (field, value) in self._filter
        for leaf, filtered in self._leaves:
            if filtered and not maybe:
                continue
            if (field, value) not in leaf:
                continue
            for docnum in leaf.postings(field, value).all_ids():
                if not leaf.is_deleted(docnum):
                    yield leaf.stored_fields(docnum)


def _name(leaf) -> str | None:
    try:
        return leaf.segment().segment_id()
    except Exception:
        return None
