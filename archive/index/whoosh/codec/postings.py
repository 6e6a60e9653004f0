"""Posting blocks: small headers of varints plus arrays of ids, weights and
values, written by `ArchivePostingsWriter` and read by `ArchiveLeafMatcher`
(whole blocks as NumPy arrays for `docsets` and `ranking`).
"""

from __future__ import annotations

from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import (
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.util.numeric import byte_to_length, length_to_byte

from archive.index.whoosh.codec.encoding import (
    _BIG,
    _FLOAT,
    _NP_CODES,
    _SIZES,
    CodecError,
    _get,
    _integral,
    _pack,
    _put,
    _unpack,
    _width,
)

# -- posting blocks ------------------------------------------------------
#
# A term's postings are blocks back to back, each:
#   flags (1 byte: last block, float weights, all weights 1, has values)
#   widths (1 byte: 2 bits each for id deltas, weights, value lengths)
#   varints: count, first id, last id - first id, max weight (or a float),
#   min and max length bytes, varint data length, then the data:
#   id deltas, weights, value lengths (arrays), value bytes.

_B_LAST = 1

_B_FLOAT = 2

_B_ONES = 4

_B_VALUES = 8

_HEADER_MAX = 48



class PackedValues:
    """A term's posting values back to back in one buffer, with their
    lengths: how the ingest's posting buffer keeps positions (a bytes object
    per posting took 33 bytes of overhead for two or three of data).
    Iterates as the list of values it stands for; `add_many` writes its
    blocks from the buffer directly."""

    __slots__ = ("data", "lens")

    def __init__(self, data=None, lens=None) -> None:
        self.data = bytearray() if data is None else data
        self.lens = array("I") if lens is None else lens

    def append(self, value: bytes) -> None:
        self.data += value
        self.lens.append(len(value))

    def __len__(self) -> int:
        return len(self.lens)

    def __iter__(self):
        data, o = self.data, 0
        for n in self.lens:
            yield bytes(data[o:o + n])
            o += n

    def __getitem__(self, i):
        return list(self)[i]


def _packed_block(lens, data) -> tuple:
    """A block's values from a `PackedValues` run: ("packed", lens, bytes),
    or [] when they are all empty (as the empty values a list drops)."""
    nonempty = len(lens) - lens.count(0)
    if not nonempty:
        return []
    if nonempty != len(lens):
        raise CodecError("a posting block mixes postings with and without values")
    return ("packed", lens, bytes(data))


class ArchivePostingsWriter(W3PostingsWriter):
    def start_postings(self, format_, terminfo):
        if self._byteids:
            raise CodecError("the archive codec writes no term vectors")
        super().start_postings(format_, terminfo)

    def finish_postings(self):
        terminfo = self._terminfo
        if not self.written() and len(self) <= self._inlinelimit:
            terminfo.add_block(self)
            n = len(self._ids)
            vals = self._values
            if type(vals) is tuple:  # a packed block
                vals = list(PackedValues(bytearray(vals[2]), vals[1]))
            values = tuple(vals) if len(vals) == n else (b"",) * n
            terminfo.set_inlined(self._ids, self._weights, values)
            self._terminfo = None
            self._new_block()
            return terminfo
        if self._ids:
            self._write_block(last=True)
        terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        self._terminfo = None
        return terminfo

    def add_many(self, ids, weights, values, lengths=None):
        """A whole term's postings (ids ascending) at once, into the same
        blocks and statistics as one `add_posting` call each would build;
        `lengths[docnum]` is the document's field length (0: none)."""
        limit = self._blocklimit
        packed = type(values) is PackedValues
        offset = 0
        for s in range(0, len(ids), limit):
            if s:
                self._write_block()
            block = ids[s:s + limit]
            self._ids = array("I", block)
            bw = weights[s:s + limit]
            self._weights = array("f", bw)
            if packed:
                lens = values.lens[s:s + limit]
                end = offset + sum(lens)
                self._values = _packed_block(lens, values.data[offset:end])
                offset = end
            else:
                self._values = [v for v in values[s:s + limit] if v]
            self._maxweight, self._minlength, self._maxlength = _block_stats(block, bw, lengths)

    def _write_block(self, last=False):
        self._terminfo.add_block(self)
        ids = self._ids
        n = len(ids)
        weights = self._weights
        values = self._values
        if type(values) is tuple:  # ("packed", lens, bytes) from add_many
            _, lens, joined = values
        elif values:
            if len(values) != n:
                raise CodecError("a posting block mixes postings with and without values")
            lens = [len(v) for v in values]
            joined = b"".join(values)
        first = ids[0]
        deltas = [b - a for a, b in zip(ids, ids[1:])]
        idw = _width(max(deltas)) if deltas else 0
        flags = _B_LAST if last else 0
        data = bytearray(_pack(deltas, idw))
        ww = lw = 0
        maxweight = self._maxweight
        if all(w == 1.0 for w in weights):
            flags |= _B_ONES
        elif _integral(weights):
            ww = _width(int(max(weights)))
            data += _pack([int(w) for w in weights], ww)
        else:
            flags |= _B_FLOAT
            data += array("f", weights).tobytes() if not _BIG else _pack_floats(weights)
        if values:
            flags |= _B_VALUES
            lw = _width(max(lens))
            data += _pack(lens, lw)
            data += joined
        head = bytearray((flags, idw | (ww << 2) | (lw << 4)))
        _put(head, n)
        _put(head, first)
        _put(head, ids[-1] - first)
        if flags & _B_FLOAT:
            head += _FLOAT.pack(maxweight)
        else:
            _put(head, int(maxweight))
        head.append(length_to_byte(self._minlength) if self._minlength is not None else 0)
        head.append(length_to_byte(self._maxlength))
        _put(head, len(data))
        self._postfile.write(bytes(head))
        self._postfile.write(bytes(data))
        self._blockcount += 1
        self._new_block()



def _block_stats(ids, weights, lengths):
    """(max weight, min length, max length) of postings, as `add_posting`
    tracks them: the weight never below 0, lengths of 0 ignored (None, 0
    when no length is known)."""
    top = max(weights)
    known = [n for n in map(lengths.__getitem__, ids) if n] if lengths is not None else ()
    return (top if top > 0 else 0), (min(known) if known else None), (max(known) if known else 0)



def _pack_floats(weights) -> bytes:
    a = array("f", weights)
    a.byteswap()
    return a.tobytes()



class ArchiveLeafMatcher(W3LeafMatcher):
    """Reads the posting blocks `ArchivePostingsWriter` writes."""

    def _read_header(self):
        self._baseoffset = self._startoffset

    def _goto(self, position):
        self._data = None
        self._ids = None
        self._weights = None
        self._values = None
        self._i = 0
        h = self._postfile.get(position, _HEADER_MAX)
        flags, widths = h[0], h[1]
        self._flags = flags
        self._widths = widths
        self._lastblock = bool(flags & _B_LAST)
        n, i = _get(h, 2)
        first, i = _get(h, i)
        span, i = _get(h, i)
        if flags & _B_FLOAT:
            maxweight = _FLOAT.unpack_from(h, i)[0]
            i += 4
        else:
            maxweight, i = _get(h, i)
        self._minlength = byte_to_length(h[i])
        self._maxlength = byte_to_length(h[i + 1])
        datalen, i = _get(h, i + 2)
        self._blocklength = n
        self._first = first
        self._maxid = first + span
        self._maxweight = float(maxweight)
        self._compression = 0
        self._dataoffset = position + i
        self._nextoffset = self._dataoffset + datalen

    def _read_data(self):
        self._data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)

    def _parts(self):
        if self._data is None:
            self._read_data()
        data = self._data
        n = self._blocklength
        widths = self._widths
        flags = self._flags
        idw, ww, lw = widths & 3, (widths >> 2) & 3, (widths >> 4) & 3
        ids_end = i = (n - 1) * _SIZES[idw]
        if flags & _B_ONES:
            w_end = i
        elif flags & _B_FLOAT:
            w_end = i + 4 * n
        else:
            w_end = i + n * _SIZES[ww]
        return data, n, idw, ww, lw, ids_end, w_end

    def _read_ids(self):
        data, n, idw, _, _, ids_end, _ = self._parts()
        self._ids = tuple(accumulate(_unpack(data[:ids_end], idw), initial=self._first))

    def _read_weights(self):
        data, n, _, ww, _, ids_end, w_end = self._parts()
        flags = self._flags
        if flags & _B_ONES:
            self._weights = array("f", (1.0,)) * n
        elif flags & _B_FLOAT:
            a = array("f")
            a.frombytes(data[ids_end:w_end])
            if _BIG:
                a.byteswap()
            self._weights = a
        else:
            self._weights = array("f", _unpack(data[ids_end:w_end], ww))

    def _block_ids(self, data, n: int, idw: int):
        """The ids of the current block as an int64 array."""
        import numpy as np

        ids = np.empty(n, np.int64)
        ids[0] = self._first
        if n > 1:
            np.cumsum(np.frombuffer(data, _NP_CODES[idw], n - 1), out=ids[1:])
            ids[1:] += self._first
        return ids

    def _blocks(self, decode, dtypes):
        """`decode(data, n, idw, ww, lw, ids_end, w_end)` for every block from
        here on, its arrays concatenated (empty ones of `dtypes` if none);
        None if `decode` returns None for a block."""
        import numpy as np

        parts = []
        while self.is_active():
            got = decode(*self._parts())
            if got is None:
                return None
            parts.append(got)
            self._next_block()
        if not parts:
            return tuple(np.zeros(0, dt) for dt in dtypes)
        return tuple(np.concatenate(p) for p in zip(*parts))

    def all_arrays(self):
        """(ids as int64, weights as float32) of every posting from here on,
        decoded block by block with numpy (the search's fast path)."""
        import numpy as np

        def decode(data, n, idw, ww, lw, ids_end, w_end):
            flags = self._flags
            if flags & _B_ONES:
                w = np.ones(n, np.float32)
            elif flags & _B_FLOAT:
                w = np.frombuffer(data, "<f4", n, ids_end).astype(np.float32)
            else:
                w = np.frombuffer(data, _NP_CODES[ww], n, ids_end).astype(np.float32)
            return self._block_ids(data, n, idw), w

        return self._blocks(decode, (np.int64, np.float32))

    def all_positions(self):
        """(document of each position, position) as int64 arrays over every
        posting from here on, for a field in `CompactPositions`: the varint
        deltas of a whole block decoded at once with numpy (phrase matching,
        `archive.index.whoosh.phrases`). None for postings without values."""
        import numpy as np

        def decode(data, n, idw, ww, lw, ids_end, w_end):
            if not self._flags & _B_VALUES:
                return None
            lens = np.frombuffer(data, _NP_CODES[lw], n, w_end).astype(np.int64)
            raw = np.frombuffer(data, np.uint8, int(lens.sum()), w_end + n * _SIZES[lw])
            return positions_of(self._block_ids(data, n, idw), lens, raw)

        return self._blocks(decode, (np.int64, np.int64))

    def _read_values(self):
        data, n, _, _, lw, _, w_end = self._parts()
        if not self._flags & _B_VALUES:
            self._values = (None if self._fixedsize == 0 else b"",) * n
            return
        l_end = w_end + n * _SIZES[lw]
        lens = _unpack(data[w_end:l_end], lw)
        ends = list(accumulate(lens, initial=l_end))
        self._values = tuple(bytes(data[a:b]) for a, b in zip(ends, ends[1:]))


def positions_of(ids, lens, raw):
    """Decode `CompactPositions` values in bulk: `raw` holds the postings'
    value bytes back to back (`lens` bytes each, for documents `ids`), each
    a run of LEB128 varint deltas. Returns (document, position) per position."""
    import numpy as np

    if not len(raw):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    last = raw < 0x80  # the last byte of each varint
    ends = np.flatnonzero(last)
    starts = np.empty(len(ends), np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    if len(ends) == len(raw):  # every varint one byte (most postings)
        deltas = raw.astype(np.int64)
    else:
        which = np.cumsum(last) - last  # the varint each byte belongs to
        shift = 7 * (np.arange(len(raw), dtype=np.int64) - starts[which])
        deltas = np.add.reduceat((raw & 0x7F).astype(np.int64) << shift, starts)
    # varints per posting: the last bytes inside its byte range
    bounds = np.zeros(len(lens) + 1, np.int64)
    np.cumsum(lens, out=bounds[1:])
    counted = np.zeros(len(raw) + 1, np.int64)
    np.cumsum(last, out=counted[1:])
    counts = counted[bounds[1:]] - counted[bounds[:-1]]
    total = np.cumsum(deltas)
    first = np.cumsum(counts) - counts  # index of each posting's first varint
    before = np.where(first > 0, total[np.maximum(first - 1, 0)], 0)
    positions = total - np.repeat(before, counts)
    return np.repeat(ids, counts), positions
