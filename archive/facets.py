"""Exact facet counts from per-segment NumPy arrays, fast at 100k articles.

Whoosh's own `groupedby` walks every matching document in Python (over a
second at 117k articles). Instead, for each segment and facet field we build
once, and keep on disk beside the index, two parallel arrays: for every
(document, value) pair the document number and the value's ordinal. Counting
a result set is then a boolean mask and one `bincount`.

Whoosh segments never change after they are written (deletions are kept in a
separate set), so a segment's arrays stay valid for its whole life; counts
are taken only over the matched, live documents, so they stay exact after
incremental updates and deletions. Cache files of merged-away segments are
removed when seen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .results import FacetValue

CACHE_DIR = "facets"
CACHE_VERSION = 1

#: Facet name -> index field. Date facets count the precomputed date terms.
FACET_FIELDS = {
    "actor": "actor",
    "place": "place",
    "credit": "credit",
    "source": "source",
    "year": "year",
    "month": "month",
    "day": "day",
}
DATE_FACETS = ("year", "month", "day")
NO_DATE = "no date"


@dataclass(frozen=True)
class SegmentFacet:
    """One field of one segment: its values and (doc, value) pairs."""

    values: list[str]
    docs: np.ndarray  # int32 segment-local document numbers
    ords: np.ndarray  # int32 ordinals into `values`


def _build(reader, field: str) -> SegmentFacet:
    values: list[str] = []
    docs: list[np.ndarray] = []
    ords: list[np.ndarray] = []
    if field in reader.schema.names():
        for i, term in enumerate(reader.lexicon(field)):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            ids = np.fromiter(reader.postings(field, term).all_ids(), dtype=np.int32)
            values.append(text)
            docs.append(ids)
            ords.append(np.full(len(ids), i, dtype=np.int32))
    if docs:
        return SegmentFacet(values, np.concatenate(docs), np.concatenate(ords))
    empty = np.zeros(0, dtype=np.int32)
    return SegmentFacet(values, empty, empty)


class FacetCache:
    """Per-segment facet arrays, memoised in memory and on disk."""

    def __init__(self, index_dir: str | os.PathLike) -> None:
        self.dir = Path(index_dir) / CACHE_DIR
        self._memory: dict[tuple[str, str], SegmentFacet] = {}

    def get(self, reader, field: str) -> SegmentFacet:
        segid = reader.segment().segment_id()
        key = (segid, field)
        hit = self._memory.get(key)
        if hit is not None:
            return hit
        path = self.dir / f"{segid}.{field}.v{CACHE_VERSION}.npz"
        facet = None
        try:
            with np.load(path, allow_pickle=False) as data:
                facet = SegmentFacet(list(data["values"]), data["docs"], data["ords"])
        except (OSError, KeyError, ValueError):
            facet = _build(reader, field)
            self._save(path, facet)
        self._memory[key] = facet
        return facet

    def _save(self, path: Path, facet: SegmentFacet) -> None:
        try:
            self.dir.mkdir(exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                np.savez(f, values=np.array(facet.values, dtype=str), docs=facet.docs, ords=facet.ords)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only index still answers; it just rebuilds in memory

    def prune(self, live_segments: set[str]) -> None:
        """Delete cache files of segments that are no longer in the index."""
        try:
            names = os.listdir(self.dir)
        except OSError:
            return
        for name in names:
            if name.split(".", 1)[0] not in live_segments and not name.startswith("."):
                try:
                    os.remove(self.dir / name)
                except OSError:
                    pass


def leaf_readers(reader):
    return [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()


def matched_masks(searcher, query) -> list[np.ndarray]:
    """For each segment, a boolean mask of its live documents matching `query`
    (None: every document)."""
    masks = []
    for sub, offset in leaf_readers(searcher.reader()):
        n = sub.doc_count_all()
        if query is None:
            mask = np.ones(n, dtype=bool)
        else:
            mask = np.zeros(n, dtype=bool)
            subsearcher = searcher if sub is searcher.reader() else searcher._subsearcher(sub)
            m = query.matcher(subsearcher, subsearcher.boolean_context())
            if m.is_active():
                ids = np.fromiter(m.all_ids(), dtype=np.int64)
                if len(ids):
                    mask[ids] = True
        if sub.has_deletions():
            deleted = np.fromiter(sub.deleted_docs_set, dtype=np.int64)
            mask[deleted[deleted < n]] = False
        masks.append(mask)
    return masks


def count(cache: FacetCache, searcher, masks, facet: str) -> dict[str, int]:
    """value -> number of matched documents having it, over all segments."""
    field = FACET_FIELDS[facet]
    totals: dict[str, int] = {}
    for (sub, _), mask in zip(leaf_readers(searcher.reader()), masks):
        sf = cache.get(sub, field)
        if not len(sf.docs):
            continue
        counts = np.bincount(sf.ords[mask[sf.docs]], minlength=len(sf.values))
        for i in np.flatnonzero(counts):
            v = sf.values[i]
            totals[v] = totals.get(v, 0) + int(counts[i])
    if facet in DATE_FACETS:
        # Documents with no date have no year term.
        undated = 0
        for (sub, _), mask in zip(leaf_readers(searcher.reader()), masks):
            years = cache.get(sub, "year")
            dated = np.zeros(len(mask), dtype=bool)
            dated[years.docs] = True
            undated += int(np.count_nonzero(mask & ~dated))
        if undated:
            totals[NO_DATE] = undated
    return totals


def ordered(facet: str, totals: dict[str, int], limit: int) -> tuple[FacetValue, ...]:
    """Value facets by count then name; date facets chronologically, `no date`
    last. `limit` keeps the top values (value facets) or the latest buckets
    (date facets); 0 keeps all."""
    if facet in DATE_FACETS:
        dated = sorted((v, c) for v, c in totals.items() if v != NO_DATE)
        if limit:
            dated = dated[-limit:]
        items = dated + ([(NO_DATE, totals[NO_DATE])] if NO_DATE in totals else [])
    else:
        items = sorted(totals.items(), key=lambda vc: (-vc[1], vc[0]))
        if limit:
            items = items[:limit]
    return tuple(FacetValue(v, c) for v, c in items)
