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
from pathlib import Path

import numpy as np

from archive.results import FacetValue

CACHE_DIR = "facets"
CACHE_VERSION = 3
_SUFFIX = f".v{CACHE_VERSION}.arr"
_MAGIC = b"AFC3"

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


class SegmentFacet:
    """One field of one segment: its values and (doc, value) pairs. Read
    from the cache file, the values stay packed until asked for: counting
    needs only how many there are, and a search process would otherwise
    decode every segment's 10k actor names at start-up."""

    __slots__ = ("count", "docs", "ords", "_packed", "_ends", "_values")

    def __init__(self, values: list[str] | None, docs: np.ndarray, ords: np.ndarray, *,
                 packed: np.ndarray | None = None, count: int | None = None, ends: np.ndarray | None = None) -> None:
        self.docs = docs  # int32 segment-local document numbers
        self.ords = ords  # int32 ordinals into `values`
        self._values = values
        self._packed = packed
        self._ends = ends
        self.count = len(values) if values is not None else int(count)

    @property
    def values(self) -> "list[str] | PackedValues":
        if self._values is None:
            self._values = PackedValues(self._packed, self.count, self._ends)
        return self._values


class PackedValues:
    """Facet values as they lie in a cache file (newline-joined UTF-8),
    decoded one at a time: a search shows ten actors of 40k, and decoding
    them all took a fresh process a few milliseconds per facet."""

    __slots__ = ("_data", "_ends", "count")

    def __init__(self, data: np.ndarray, count: int, ends: np.ndarray | None = None) -> None:
        self._data = data
        self.count = count
        if ends is None or len(ends) != max(count - 1, 0):  # files written before the `ends` array
            ends = np.flatnonzero(data == 10) if count else np.zeros(0, np.int64)
        if count and len(ends) != count - 1:
            raise ValueError("facet cache values do not match their count")
        self._ends = ends

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> str:
        i = int(i)
        if not -self.count <= i < self.count:
            raise IndexError(i)
        i %= self.count
        start = int(self._ends[i - 1]) + 1 if i else 0
        end = int(self._ends[i]) if i < self.count - 1 else len(self._data)
        return self._data[start:end].tobytes().decode("utf-8")

    def __iter__(self):
        return iter(_unpack_values(self._data, self.count))


def _build(reader, field: str) -> SegmentFacet:
    walk = getattr(getattr(reader, "_terms", None), "field_postings", None)
    if walk is not None and field in reader.schema.names():
        return _build_walking(reader, field, walk)
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


def _build_walking(reader, field: str, walk) -> SegmentFacet:
    """`_build` in one walk over the archive codec's term dictionary (its
    `field_postings`): a third of the time of a look-up and a matcher per
    value, which is most of an ingest's final facet warm-up."""
    values: list[str] = []
    docs: list[int] = []
    ords: list[int] = []
    for i, (tbytes, ids) in enumerate(walk(field, reader.schema[field].format)):
        values.append(tbytes.decode("utf-8"))
        docs.extend(ids)
        ords.extend([i] * len(ids))
    docs_a = np.array(docs, dtype=np.int32)
    ords_a = np.array(ords, dtype=np.int32)
    deleted = reader.deleted_docs_set if reader.has_deletions() else None
    if deleted:
        live = ~np.isin(docs_a, np.fromiter(deleted, dtype=np.int32, count=len(deleted)))
        docs_a, ords_a = docs_a[live], ords_a[live]
    return SegmentFacet(values, docs_a, ords_a)


def _pack_values(values) -> dict[str, np.ndarray]:
    """Values as one newline-joined UTF-8 byte array (a NumPy string array
    pads every value to the longest at 4 bytes a character: 41k actor names
    took 8 MB instead of 0.5), their count, and where each but the last
    ends (so a search decodes only the values it shows, without finding
    the newlines of all of them first)."""
    data = np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)
    count = len(values)
    return {"values": data, "count": np.array([count], np.int64),
            "ends": np.flatnonzero(data == 10) if count else np.zeros(0, np.int64)}


def _write_arrays(path: Path, **arrays: np.ndarray) -> None:
    """Arrays in one file: magic, a JSON header (name, dtype, length, offset)
    and the raw bytes. A search process reads dozens of these at start-up;
    NumPy's `.npz` (a zip archive of `.npy` files) took ten times longer to
    open than reading the bytes."""
    import json

    header, offset = {}, 0
    for name, a in arrays.items():
        a = np.ascontiguousarray(a)
        header[name] = [a.dtype.str, int(a.size), offset]
        offset += a.nbytes
    head = json.dumps(header).encode()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(_MAGIC + len(head).to_bytes(4, "little") + head)
        for a in arrays.values():
            f.write(np.ascontiguousarray(a).tobytes())
    os.replace(tmp, path)


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """What `_write_arrays` wrote (read-only arrays over the file's bytes);
    ValueError if the file is not one, or torn."""
    import json

    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != _MAGIC:
        raise ValueError(f"{path}: not a facet cache file")
    n = int.from_bytes(data[4:8], "little")
    base = 8 + n
    out = {}
    for name, (dtype, size, offset) in json.loads(data[8:base]).items():
        dt = np.dtype(dtype)
        if base + offset + size * dt.itemsize > len(data):
            raise ValueError(f"{path}: torn facet cache file")
        out[name] = np.frombuffer(data, dtype=dt, count=size, offset=base + offset)
    return out


def _unpack_values(data: np.ndarray, count: int) -> list[str]:
    if count == 0:
        return []
    values = data.tobytes().decode("utf-8").split("\n")
    if len(values) != count:
        raise ValueError("facet cache values do not match their count")
    return values


class FacetCache:
    """Per-segment facet arrays, memoised in memory and on disk."""

    def __init__(self, index_dir: str | os.PathLike) -> None:
        self.dir = Path(index_dir) / CACHE_DIR
        self._memory: dict[tuple[str, str], SegmentFacet] = {}
        self._pruned: tuple[str, ...] | None = None

    def get(self, reader, field: str) -> SegmentFacet:
        segid = reader.segment().segment_id()
        key = (segid, field)
        hit = self._memory.get(key)
        if hit is not None:
            return hit
        path = self.dir / f"{segid}.{field}{_SUFFIX}"
        facet = None
        try:
            data = _read_arrays(path)
            facet = SegmentFacet(None, data["docs"], data["ords"], packed=data["values"], count=int(data["count"][0]),
                                 ends=data.get("ends"))
            if len(facet.docs) != len(facet.ords) or (facet.count == 0) != (len(data["values"]) == 0):
                raise ValueError(f"{path}: torn facet cache file")
        except Exception:  # missing, torn (a crash mid-write) or from another version: rebuild
            facet = _build(reader, field)
            self._save(path, facet)
        self._memory[key] = facet
        return facet

    def _save(self, path: Path, facet: SegmentFacet) -> None:
        try:
            self.dir.mkdir(exist_ok=True)
            _write_arrays(path, **_pack_values(facet.values), docs=facet.docs, ords=facet.ords)
        except OSError:
            pass  # a read-only index still answers; it just rebuilds in memory

    def merged(self, segids: tuple[str, ...], field: str, seg_facets: list[SegmentFacet]):
        """One sorted value list over several segments, and each segment's
        map into it: kept on disk for this set of segments, since merging
        40k actor names costs a fresh `archive search` process ~50 ms. A new
        set of segments (after a commit) also clears the files of segments
        that are gone."""
        tag = _set_tag(segids)
        path = self.dir / f"vocab-{tag}.{field}{_SUFFIX}"
        try:
            data = _read_arrays(path)
            values = PackedValues(data["values"], int(data["count"][0]), data.get("ends"))
            bounds = data["bounds"]
            flat = data["remaps"]
            if len(bounds) == len(seg_facets) + 1 and all(
                    bounds[i + 1] - bounds[i] == sf.count for i, sf in enumerate(seg_facets)):
                return values, [flat[bounds[i]:bounds[i + 1]] for i in range(len(seg_facets))]
        except Exception:
            pass
        values, remaps = _merge(seg_facets)
        try:
            self.dir.mkdir(exist_ok=True)
            bounds = np.cumsum([0] + [len(r) for r in remaps]).astype(np.int64)
            flat = np.concatenate(remaps) if remaps else np.zeros(0, dtype=np.int64)
            _write_arrays(path, **_pack_values([str(v) for v in values]), bounds=bounds, remaps=flat)
        except OSError:
            pass
        return values, remaps

    def prune(self, live_segments: set[str], keep_vocab: str | None = None) -> None:
        """Delete cache files of segments that are no longer in the index."""
        try:
            names = os.listdir(self.dir)
        except OSError:
            return
        current = _SUFFIX
        for name in names:
            if name.startswith("."):
                continue
            head = name.split(".", 1)[0]
            if head.startswith("vocab-"):
                if head == f"vocab-{keep_vocab}" and name.endswith(current):
                    continue
            elif head in live_segments and name.endswith(current):
                continue
            try:
                os.remove(self.dir / name)
            except OSError:
                pass


def _vocabulary(cache: FacetCache, subs, field: str):
    """One sorted value list for a field over all segments, and per segment
    the map from its local ordinals to positions in that list (memoised for
    this set of segments)."""
    segids = tuple(sub.segment().segment_id() for sub in subs)
    key = ("vocab", field, segids)
    hit = cache._memory.get(key)
    if hit is None:
        if cache._pruned != segids:  # first sight of this set of segments
            cache._pruned = segids
            cache.prune(set(segids), keep_vocab=_set_tag(segids))
        seg_facets = [cache.get(sub, field) for sub in subs]
        if len(seg_facets) == 1:
            values = seg_facets[0].values
            remaps = [np.arange(len(values), dtype=np.int64)]
        else:
            values, remaps = cache.merged(segids, field, seg_facets)
        hit = (values, seg_facets, remaps)
        cache._memory[key] = hit
    return hit


def _set_tag(segids: tuple[str, ...]) -> str:
    try:
        from _sha1 import sha1  # the same digest without loading OpenSSL (hashlib: ~2 ms of a search process)
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha1

    return sha1("\n".join(segids).encode()).hexdigest()[:16]


def _merge(seg_facets: list[SegmentFacet]):
    allv = np.array([v for sf in seg_facets for v in sf.values], dtype=object)
    values, inverse = np.unique(allv.astype(str), return_inverse=True) if len(allv) else (allv, allv)
    values = [str(v) for v in values]
    remaps, start = [], 0
    for sf in seg_facets:
        remaps.append(np.asarray(inverse[start : start + sf.count], dtype=np.int64))
        start += sf.count
    return values, remaps


def date_keys(cache: FacetCache, sub) -> np.ndarray:
    """Per document of a segment, a sortable date number: YYYYMMDD with 00
    for unknown month or day (a month sorts before its days), -1 undated."""
    key = ("datekeys", sub.segment().segment_id())
    hit = cache._memory.get(key)
    if hit is None:
        hit = np.full(sub.doc_count_all(), -1, dtype=np.int64)
        for field, scale in (("year", 10000), ("month", 100), ("day", 1)):
            sf = cache.get(sub, field)
            if len(sf.docs):
                nums = np.array([int(v.replace("-", "")) for v in sf.values], dtype=np.int64)
                hit[sf.docs] = nums[sf.ords] * scale
        cache._memory[key] = hit
    return hit


def facet_values(cache: FacetCache, searcher, masks, facet: str, limit: int) -> tuple[FacetValue, ...]:
    """Exact counts of `facet` over the matched documents, ordered: value
    facets by count then name, date facets chronologically with `no date`
    last. `limit` keeps the top values (value facets) or the latest buckets
    (date facets); 0 keeps all."""
    from archive.index.whoosh.docsets import leaf_readers

    field = FACET_FIELDS[facet]
    subs = [sub for sub, _ in leaf_readers(searcher.reader())]
    values, seg_facets, remaps = _vocabulary(cache, subs, field)
    counts = np.zeros(len(values), dtype=np.int64)
    for sf, remap, mask in zip(seg_facets, remaps, masks):
        if len(sf.docs):
            local = np.bincount(sf.ords[mask[sf.docs]], minlength=sf.count)
            counts[remap] += local  # remap is one-to-one within a segment
    nonzero = np.flatnonzero(counts)
    if facet in DATE_FACETS:
        idx = nonzero[-limit:] if limit else nonzero  # values sort chronologically
        names = _names(values, idx)
        out = [FacetValue(names[i], int(counts[i])) for i in idx.tolist()]
        # undated: matched documents without a year term (a date always has one)
        undated = 0
        for sub, mask in zip(subs, masks):
            years = cache.get(sub, "year")
            undated += int(np.count_nonzero(mask)) - int(np.count_nonzero(mask[years.docs]))
        if undated:
            out.append(FacetValue(NO_DATE, undated))
        return tuple(out)
    order = nonzero[np.lexsort((nonzero, -counts[nonzero]))]
    if limit and len(order) > limit:
        # Everything tied with the last value shown competes for its place.
        order = order[counts[order] >= counts[order[limit - 1]]]
    # Ties in reading order (Épernay before Zuidplas), not code point order.
    from archive.analysis import fold

    names = _names(values, order)
    order = sorted(order.tolist(), key=lambda i: (-int(counts[i]), fold(names[i]), names[i]))
    if limit:
        order = order[:limit]
    return tuple(FacetValue(names[i], int(counts[i])) for i in order)


def _names(values, idx: np.ndarray) -> dict[int, str]:
    """The values at positions `idx`: one by one for a page of them, all at
    once when most are wanted (`--facet-limit 0`)."""
    idx = idx.tolist()
    if isinstance(values, PackedValues) and len(idx) > 1000:
        values = list(values)
    return {i: str(values[i]) for i in idx}


def warm(index_dir: str | os.PathLike) -> None:
    """Build the facet arrays of every segment (and their merged values) now,
    after a commit, so the first search after an ingest or `optimize` is as
    fast as the next ones (at 117k articles building them takes a second or
    two, which the first search would otherwise pay)."""
    from archive.index.whoosh.docsets import leaf_readers
    from archive.index.whoosh.store import open_index

    try:
        ix = open_index(Path(index_dir))
        cache = FacetCache(index_dir)
        with ix.reader() as reader:
            subs = [sub for sub, _ in leaf_readers(reader)]
            for field in dict.fromkeys(FACET_FIELDS.values()) if subs else ():
                _vocabulary(cache, subs, field)
    except Exception:
        pass  # only a head start: the first search builds whatever is missing
