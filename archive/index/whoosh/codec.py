"""The on-disk format of the term dictionary and posting lists: Whoosh's W3
codec with compact encodings, so the index is smaller than stock Whoosh's.

Stock Whoosh 2.7 spends most of an index on framing, not on data:

* a term's entry in the dictionary is a hash-table record (about 36 bytes of
  table and framing) plus a 23-byte fixed struct of statistics; a term that
  occurs once (most terms: ids, hashes, names, rare words) also gets a posting
  block of its own, pickled, zlib-compressed and framed (about 60 bytes);
* a posting's positions are a 4-byte count plus a pickled list.

Here the dictionary is a sorted list of front-coded keys in blocks of
`BLOCK_TERMS`, found by binary search over the first key of each block (only
those keys and the block offsets, a sixteenth of the dictionary, are read at
open; a block is decoded when a look-up lands in it); statistics and pointers
are varints; up to `INLINE_LIMIT` postings live inline in the dictionary;
posting blocks are small headers of varints plus arrays of the narrowest
integer width that fits (decoded by `array`, not by a Python loop), and
positions are varint deltas (`CompactPositions`, the format of the prose
fields in `archive.index.whoosh.schema`).

Measured on the first 17,000 leestmeer records, one optimized segment: the
term dictionary shrinks from 16.0 MB to 4.1 MB and the postings from 15.1 MB
to 4.1 MB (the whole index from 43.8 MB to 20.8 MB; raw Whoosh's is 33.6 MB),
with the same hits (bench/README.md).
The reader and writer classes are Whoosh's own interfaces (`TermsReader`,
`FieldWriter`, `PostingsWriter`, `LeafMatcher`), so every query type, merge
and "did you mean" works unchanged. Each segment pickles its codec object in
the index's table of contents (and the schema its `CompactPositions`), so a
segment written by stock Whoosh keeps being read by stock Whoosh. Pickles
name a class by module path: these classes keep the name they were first
written under, `archive.codec.*` (see `PICKLED_MODULE` at the end), so the
package layout can change without changing the index format.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from bisect import bisect_left
from itertools import accumulate
from operator import sub

from whoosh import formats
from whoosh.codec import base
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3LeafMatcher, W3PostingsWriter, W3TermInfo
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

#: Terms per dictionary block: a look-up decodes at most this many keys.
BLOCK_TERMS = 16
#: Posting lists up to this long live in the term dictionary.
INLINE_LIMIT = 4

_MAGIC = b"ATD1"
_FOOTER = struct.Struct("<QQQQQ4s")
_FLOAT = struct.Struct("<f")
_BIG = sys.byteorder == "big"
_WIDTH_CODES = ("B", "H", "I")
_NP_CODES = ("<u1", "<u2", "<u4")
_SIZES = (1, 2, 4)  # bytes per item of each width code
assert array("I").itemsize == 4, "array('I') must be 4 bytes"
_HIGH_BYTES = bytes(range(128))  # deleting these leaves the continuation bytes


class CodecError(ValueError):
    """A posting list the compact format cannot hold (never raised for the
    fields `archive.index.whoosh.schema` defines)."""


# -- varints -------------------------------------------------------------


def _put(out: bytearray, n: int) -> None:
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _get(b, i: int):
    x = b[i]
    i += 1
    if x < 0x80:
        return x, i
    result = x & 0x7F
    shift = 7
    while True:
        x = b[i]
        i += 1
        result |= (x & 0x7F) << shift
        if x < 0x80:
            return result, i
        shift += 7


def _width(maximum: int) -> int:
    if maximum < 0x100:
        return 0
    if maximum < 0x10000:
        return 1
    if maximum < 0x100000000:
        return 2
    raise CodecError(f"value {maximum} too large for a posting block")


def _pack(values, code: int) -> bytes:
    a = array(_WIDTH_CODES[code], values)
    if _BIG:
        a.byteswap()
    return a.tobytes()


def _unpack(b, code: int) -> array:
    a = array(_WIDTH_CODES[code])
    a.frombytes(b)
    if _BIG:
        a.byteswap()
    return a


def _integral(values) -> bool:
    return all(v >= 0 and v == int(v) and v < 0x100000000 for v in values)


# -- positions -----------------------------------------------------------


class CompactPositions(formats.Positions):
    """Whoosh's `Positions` format with the positions as varint deltas: one
    or two bytes for a typical posting instead of a 4-byte count and a
    pickled list (about 12 bytes)."""

    def encode(self, poslist):
        if len(poslist) == 1:  # most postings: one position
            p = poslist[0]
            if 0 <= p < 0x80:
                return bytes(poslist)
            if 0x80 <= p < 0x4000:
                return bytes(((p & 0x7F) | 0x80, p >> 7))
        if not poslist:
            return b""
        deltas = [poslist[0], *map(sub, poslist[1:], poslist)]
        if max(deltas) < 0x80:  # most terms: every delta one byte
            return bytes(deltas)
        out = bytearray()
        for d in deltas:
            _put(out, d)
        return bytes(out)

    def decode_positions(self, valuestring):
        positions = []
        pos = 0
        i = 0
        n = len(valuestring)
        while i < n:
            delta, i = _get(valuestring, i)
            pos += delta
            positions.append(pos)
        return positions

    def decode_frequency(self, valuestring):
        return len(valuestring) - len(valuestring.translate(None, _HIGH_BYTES))

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost

    def combine(self, vs):
        s = set()
        for v in vs:
            s.update(self.decode_positions(v))
        return self.encode(sorted(s))


# -- term statistics -----------------------------------------------------

_TI_INLINE = 1
_TI_FLOAT = 2
_TI_VALUES = 4
_TI_NOID = 8


class ArchiveTermInfo(W3TermInfo):
    """A term's statistics and where its postings are, as varints."""

    def to_bytes(self):
        inlined = self._inlined
        weight, maxweight = self._weight, self._maxweight
        weights = inlined[1] if inlined else ()
        floats = not _integral((weight, maxweight, *weights))
        flags = (_TI_INLINE if inlined else 0) | (_TI_FLOAT if floats else 0)
        if self._minid is None:
            flags |= _TI_NOID
        values = inlined[2] if inlined else ()
        if any(values):
            flags |= _TI_VALUES
        out = bytearray((flags,))
        _put(out, self._df)
        if floats:
            out += _FLOAT.pack(weight)
            out += _FLOAT.pack(maxweight)
        else:
            _put(out, int(weight))
            _put(out, int(maxweight))
        out.append(0 if self._minlength is None else length_to_byte(self._minlength))
        out.append(length_to_byte(self._maxlength))
        if not flags & _TI_NOID:
            _put(out, self._minid)
            _put(out, self._maxid - self._minid)
        if inlined:
            ids = inlined[0]
            _put(out, len(ids))
            prev = ids[0]
            for d in ids[1:]:
                _put(out, d - prev)
                prev = d
            if len(ids) > 1:
                for w in weights:
                    if floats:
                        out += _FLOAT.pack(w)
                    else:
                        _put(out, int(w))
            if flags & _TI_VALUES:
                for v in values:
                    v = v or b""
                    _put(out, len(v))
                    out += v
        else:
            _put(out, self._offset)
            _put(out, self._length)
        return bytes(out)

    @classmethod
    def from_bytes(cls, s):
        ti = cls()
        flags = s[0]
        ti._df, i = _get(s, 1)
        floats = flags & _TI_FLOAT
        if floats:
            ti._weight = _FLOAT.unpack_from(s, i)[0]
            ti._maxweight = _FLOAT.unpack_from(s, i + 4)[0]
            i += 8
        else:
            w, i = _get(s, i)
            mw, i = _get(s, i)
            ti._weight, ti._maxweight = float(w), float(mw)
        ti._minlength = byte_to_length(s[i])
        ti._maxlength = byte_to_length(s[i + 1])
        i += 2
        if flags & _TI_NOID:
            ti._minid = ti._maxid = None
        else:
            ti._minid, i = _get(s, i)
            span, i = _get(s, i)
            ti._maxid = ti._minid + span
        if flags & _TI_INLINE:
            n, i = _get(s, i)
            ids = [ti._minid]
            for _ in range(n - 1):
                d, i = _get(s, i)
                ids.append(ids[-1] + d)
            if n > 1:
                weights = []
                for _ in range(n):
                    if floats:
                        weights.append(_FLOAT.unpack_from(s, i)[0])
                        i += 4
                    else:
                        w, i = _get(s, i)
                        weights.append(float(w))
            else:
                weights = [ti._weight]
            if flags & _TI_VALUES:
                values = []
                for _ in range(n):
                    ln, i = _get(s, i)
                    values.append(bytes(s[i:i + ln]))
                    i += ln
            else:
                values = [b""] * n
            ti._inlined = (tuple(ids), tuple(weights), tuple(values))
        else:
            ti._offset, i = _get(s, i)
            ti._length, i = _get(s, i)
        return ti


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
            values = tuple(self._values) if len(self._values) == n else (b"",) * n
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
        for s in range(0, len(ids), limit):
            if s:
                self._write_block()
            block = ids[s:s + limit]
            self._ids = array("I", block)
            bw = weights[s:s + limit]
            self._weights = array("f", bw)
            self._values = [v for v in values[s:s + limit] if v]
            self._maxweight, self._minlength, self._maxlength = _block_stats(block, bw, lengths)

    def _write_block(self, last=False):
        self._terminfo.add_block(self)
        ids = self._ids
        n = len(ids)
        weights = self._weights
        values = self._values
        if values and len(values) != n:
            raise CodecError("a posting block mixes postings with and without values")
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
            lens = [len(v) for v in values]
            lw = _width(max(lens))
            data += _pack(lens, lw)
            data += b"".join(values)
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

    def all_arrays(self):
        """(ids as int64, weights as float32) of every posting from here on,
        decoded block by block with numpy (the search's fast path)."""
        import numpy as np

        ids_parts, w_parts = [], []
        while self.is_active():
            data, n, idw, ww, _, ids_end, w_end = self._parts()
            ids = np.empty(n, np.int64)
            ids[0] = self._first
            if n > 1:
                np.cumsum(np.frombuffer(data, _NP_CODES[idw], n - 1), out=ids[1:])
                ids[1:] += self._first
            flags = self._flags
            if flags & _B_ONES:
                w = np.ones(n, np.float32)
            elif flags & _B_FLOAT:
                w = np.frombuffer(data, "<f4", n, ids_end).astype(np.float32)
            else:
                w = np.frombuffer(data, _NP_CODES[ww], n, ids_end).astype(np.float32)
            ids_parts.append(ids)
            w_parts.append(w)
            self._next_block()
        if not ids_parts:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        return np.concatenate(ids_parts), np.concatenate(w_parts)

    def _read_values(self):
        data, n, _, _, lw, _, w_end = self._parts()
        if not self._flags & _B_VALUES:
            self._values = (None if self._fixedsize == 0 else b"",) * n
            return
        l_end = w_end + n * _SIZES[lw]
        lens = _unpack(data[w_end:l_end], lw)
        ends = list(accumulate(lens, initial=l_end))
        self._values = tuple(bytes(data[a:b]) for a, b in zip(ends, ends[1:]))


# -- the term dictionary -------------------------------------------------


def _shared_prefix(a: bytes, b: bytes) -> int:
    """How many leading bytes `a` and `b` share: the bytes after the first
    difference are the highest set bits of the XOR of the two prefixes read
    as big-endian numbers (two C calls instead of a loop per byte)."""
    m = min(len(a), len(b))
    x = int.from_bytes(a[:m], "big") ^ int.from_bytes(b[:m], "big")
    return m - (x.bit_length() + 7) // 8


class TermDictWriter:
    """Sorted (key, value) pairs in front-coded blocks, then an index of
    each block's first key and offset, then a footer."""

    def __init__(self, dbfile) -> None:
        self._f = dbfile
        self._f.write(_MAGIC)
        self._block = bytearray()
        self._count = 0
        self._inblock = 0
        self._last = None
        self._firsts: list[bytes] = []
        self._offsets: list[int] = []
        self.extras: dict = {}

    def add(self, key: bytes, value: bytes) -> None:
        last = self._last
        if last is not None and key <= last:
            raise CodecError(f"terms out of order: {key!r} after {last!r}")
        if self._inblock == 0:
            self._firsts.append(key)
            self._offsets.append(self._f.tell())
            shared = 0
        else:
            shared = _shared_prefix(key, last)
        out = self._block
        rest = len(key) - shared
        if shared < 0x80 and rest < 0x80:
            out.append(shared)
            out.append(rest)
        else:
            _put(out, shared)
            _put(out, rest)
        out += key[shared:]
        if len(value) < 0x80:
            out.append(len(value))
        else:
            _put(out, len(value))
        out += value
        self._last = key
        self._count += 1
        self._inblock += 1
        if self._inblock == BLOCK_TERMS:
            self._flush()

    def _flush(self) -> None:
        if self._block:
            self._f.write(bytes(self._block))
            self._block = bytearray()
        self._inblock = 0

    def close(self) -> None:
        self._flush()
        f = self._f
        end_of_blocks = f.tell()
        keys_at = end_of_blocks
        f.write(b"".join(self._firsts))
        koffs_at = f.tell()
        f.write(_pack(list(accumulate((len(k) for k in self._firsts), initial=0)), 2))
        offs_at = f.tell()
        offs = array("Q", self._offsets + [end_of_blocks])
        if _BIG:
            offs.byteswap()
        f.write(offs.tobytes())
        extras_at = f.tell()
        extras = dict(self.extras, terms=self._count)
        f.write(json.dumps(extras, sort_keys=True).encode("utf-8"))
        f.write(_FOOTER.pack(keys_at, koffs_at, offs_at, extras_at, len(self._firsts), _MAGIC))
        f.close()


class TermDictReader:
    def __init__(self, dbfile, length: int) -> None:
        self._f = dbfile
        if length < len(_MAGIC) + _FOOTER.size:
            raise CodecError("term dictionary file is truncated")
        footer = dbfile.get(length - _FOOTER.size, _FOOTER.size)
        keys_at, koffs_at, offs_at, extras_at, nblocks, magic = _FOOTER.unpack(footer)
        if magic != _MAGIC or dbfile.get(0, 4) != _MAGIC:
            raise CodecError("not an archive term dictionary")
        self._n = nblocks
        self._keys = dbfile.get(keys_at, koffs_at - keys_at)
        self._koffs = _unpack(dbfile.get(koffs_at, offs_at - koffs_at), 2)
        offs = array("Q")
        offs.frombytes(dbfile.get(offs_at, extras_at - offs_at))
        if _BIG:
            offs.byteswap()
        self._offs = offs
        self.extras = json.loads(dbfile.get(extras_at, length - _FOOTER.size - extras_at).decode("utf-8"))
        self._cache: dict[int, tuple] = {}

    def __len__(self) -> int:
        return self.extras.get("terms", 0)

    def _first(self, i: int) -> bytes:
        k = self._koffs
        return self._keys[k[i]:k[i + 1]]

    def _block_for(self, key: bytes) -> int:
        """The last block whose first key is <= key (-1 if none)."""
        lo, hi = 0, self._n
        first = self._first
        while lo < hi:
            mid = (lo + hi) // 2
            if first(mid) <= key:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    def block(self, i: int):
        cached = self._cache.get(i)
        if cached is not None:
            return cached
        start, end = self._offs[i], self._offs[i + 1]
        b = self._f.get(start, end - start)
        keys, vals = [], []
        prev = b""
        j, n = 0, len(b)
        while j < n:
            shared, j = _get(b, j)
            ln, j = _get(b, j)
            key = prev[:shared] + b[j:j + ln]
            j += ln
            ln, j = _get(b, j)
            keys.append(key)
            vals.append(b[j:j + ln])
            j += ln
            prev = key
        if len(self._cache) > 512:
            self._cache.clear()
        cached = self._cache[i] = (keys, vals)
        return cached

    def get(self, key: bytes):
        bi = self._block_for(key)
        if bi < 0:
            return None
        keys, vals = self.block(bi)
        j = bisect_left(keys, key)
        if j < len(keys) and keys[j] == key:
            return vals[j]
        return None

    def position(self, key: bytes):
        """(block, index) of the first key >= key, or None past the end."""
        bi = max(self._block_for(key), 0)
        while bi < self._n:
            keys, _ = self.block(bi)
            j = bisect_left(keys, key)
            if j < len(keys):
                return bi, j
            bi += 1
            key = b""
        return None

    def advance(self, pos):
        bi, j = pos
        j += 1
        if j < len(self.block(bi)[0]):
            return bi, j
        if bi + 1 < self._n:
            return bi + 1, 0
        return None

    def at(self, pos):
        keys, vals = self.block(pos[0])
        return keys[pos[1]], vals[pos[1]]

    def items_from(self, key: bytes):
        pos = self.position(key)
        if pos is None:
            return
        bi, j = pos
        while bi < self._n:
            keys, vals = self.block(bi)
            for k in range(j, len(keys)):
                yield keys[k], vals[k]
            bi += 1
            j = 0

    def close(self) -> None:
        self._cache = {}
        self._f.close()


def _fieldkey(fnum: int, tbytes: bytes) -> bytes:
    return bytes((fnum >> 8, fnum & 0xFF)) + tbytes


class _Position:
    """A file being written that counts its own position: `tell()` on a
    buffered file asks the OS (an lseek), and the writers ask once per term
    with postings of its own, about 1.5% of an ingest. Seeking asks again."""

    __slots__ = ("_f", "_pos")

    def __init__(self, f) -> None:
        self._f = f
        self._pos = f.tell()

    def write(self, b) -> int:
        n = self._f.write(b)
        self._pos += n
        return n

    def tell(self) -> int:
        return self._pos

    def seek(self, *args):
        r = self._f.seek(*args)
        self._pos = self._f.tell()
        return r

    def __getattr__(self, name):
        return getattr(self._f, name)


def _tracked(structfile):
    """`structfile` writing through a `_Position` (only real files: a
    compound segment's in-memory files answer `tell` cheaply already)."""
    if structfile.is_real:
        structfile.file = _Position(structfile.file)
    return structfile


def _single_inline(docnum: int, weight: int, value: bytes | None, lengths) -> bytes:
    """`ArchiveTermInfo.to_bytes` of a term with one inlined posting whose
    weight is a whole number below 128 (the same bytes; a test compares)."""
    length = lengths[docnum] if lengths is not None else 0
    lb = _length_byte(length) if length else 0
    head = bytes((_TI_INLINE | _TI_VALUES if value else _TI_INLINE, 1, weight, weight, lb, lb))
    if docnum < 0x80:
        head += bytes((docnum, 0, 1))
    else:
        out = bytearray(head)
        _put(out, docnum)
        out += b"\x00\x01"
        head = bytes(out)
    if not value:
        return head
    n = len(value)
    return head + bytes((n,)) + value if n < 0x80 else head + _varint(n) + value


def _varint(n: int) -> bytes:
    out = bytearray()
    _put(out, n)
    return bytes(out)


_LENGTH_BYTES: dict[int, int] = {}


def _length_byte(length: int) -> int:
    b = _LENGTH_BYTES.get(length)
    if b is None:
        b = _LENGTH_BYTES[length] = length_to_byte(length)
    return b


class ArchiveFieldWriter(W3FieldWriter):
    def __init__(self, codec, storage, segment):
        self._codec = codec
        self._storage = storage
        self._segment = segment
        self._fieldname = None
        self._fieldid = None
        self._btext = None
        self._fieldobj = None
        self._format = None
        self._tindex = TermDictWriter(_tracked(self._create_file(W3Codec.TERMS_EXT)))
        self._fieldmap = self._tindex.extras["fieldmap"] = {}
        self._postfile = _tracked(self._create_file(W3Codec.POSTS_EXT))
        self._postwriter = None
        self._infield = False
        self.is_closed = False

    def start_term(self, btext):
        if self._postwriter is None:
            raise CodecError("start_term before start_field")
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, ArchiveTermInfo())

    def finish_term(self):
        terminfo = self._postwriter.finish_postings()
        self._tindex.add(_fieldkey(self._fieldid, self._btext), terminfo.to_bytes())

    def add_term(self, btext, ids, weights, values, lengths=None):
        """One term's postings in one call (see `ArchivePostingsWriter.add_many`):
        the ingest's commit writes a segment this way instead of one
        `add` per posting, with the same bytes. Most terms of a segment
        occur in a document or two: their statistics and inlined postings
        are set directly, as `add_block` and `set_inlined` would set them."""
        pw = self._postwriter
        if pw is None:
            raise CodecError("add_term before start_field")
        n = len(ids)
        if n == 1 and not pw._byteids:
            w = weights[0]
            if 0 < w < 0x80 and w == int(w):  # most terms: one posting, a small whole weight
                self._tindex.add(_fieldkey(self._fieldid, btext),
                                 _single_inline(ids[0], int(w), values[0], lengths))
                return
        if 0 < n <= pw._inlinelimit and not pw._byteids:
            ti = ArchiveTermInfo()
            w32 = array("f", weights)  # the block's weights are float32
            ti._weight = sum(w32)
            ti._df = n
            ti._maxweight, ti._minlength, ti._maxlength = _block_stats(ids, weights, lengths)
            ti._minid = ids[0]
            ti._maxid = ids[-1]
            kept = [v for v in values if v]
            ti._inlined = (tuple(ids), tuple(w32), tuple(kept) if len(kept) == n else (b"",) * n)
            self._tindex.add(_fieldkey(self._fieldid, btext), ti.to_bytes())
            return
        self.start_term(btext)
        self._postwriter.add_many(ids, weights, values, lengths)
        self.finish_term()


class ArchiveFieldCursor(base.FieldCursor):
    def __init__(self, tdict: TermDictReader, fieldname: str, fnum: int, fieldobj) -> None:
        self._d = tdict
        self._fieldname = fieldname
        self._prefix = _fieldkey(fnum, b"") if fnum is not None else None
        self._fieldobj = fieldobj
        self._pos = None
        self._text = None
        self.first()

    def _settle(self, pos):
        self._pos = pos
        self._text = None
        if pos is not None and self._prefix is not None:
            key, _ = self._d.at(pos)
            if key.startswith(self._prefix):
                self._text = self._fieldobj.from_bytes(key[2:])
                return self._text
        self._pos = None
        return None

    def first(self):
        if self._prefix is None:
            return None
        return self._settle(self._d.position(self._prefix))

    def find(self, term):
        if self._prefix is None:
            return None
        if not isinstance(term, bytes):
            term = self._fieldobj.to_bytes(term)
        return self._settle(self._d.position(self._prefix + term))

    def next(self):
        if self._pos is None:
            return None
        return self._settle(self._d.advance(self._pos))

    def text(self):
        return self._text

    def term_info(self):
        if self._pos is None:
            return None
        return ArchiveTermInfo.from_bytes(self._d.at(self._pos)[1])

    def is_valid(self):
        return self._pos is not None


class ArchiveTermsReader(base.TermsReader):
    def __init__(self, codec, dbfile, length, postfile):
        self._codec = codec
        self._tindex = TermDictReader(dbfile, length)
        self._fieldmap = self._tindex.extras["fieldmap"]
        self._postfile = postfile
        self._fieldunmap = {num: name for name, num in self._fieldmap.items()}

    def _key(self, fieldname, tbytes):
        return _fieldkey(self._fieldmap.get(fieldname, 65535), tbytes)

    def _decode(self, key):
        return self._fieldunmap.get((key[0] << 8) | key[1]), key[2:]

    def __contains__(self, term):
        return self._tindex.get(self._key(*term)) is not None

    def indexed_field_names(self):
        return self._fieldmap.keys()

    def cursor(self, fieldname, fieldobj):
        return ArchiveFieldCursor(self._tindex, fieldname, self._fieldmap.get(fieldname), fieldobj)

    def terms(self):
        return (self._decode(k) for k, _ in self._tindex.items_from(b""))

    def terms_from(self, fieldname, prefix):
        return (self._decode(k) for k, _ in self._tindex.items_from(self._key(fieldname, prefix)))

    def items(self):
        return ((self._decode(k), ArchiveTermInfo.from_bytes(v)) for k, v in self._tindex.items_from(b""))

    def items_from(self, fieldname, prefix):
        return ((self._decode(k), ArchiveTermInfo.from_bytes(v))
                for k, v in self._tindex.items_from(self._key(fieldname, prefix)))

    def term_info(self, fieldname, tbytes):
        v = self._tindex.get(self._key(fieldname, tbytes))
        if v is None:
            raise TermNotFound("No term %s:%r" % (fieldname, tbytes))
        return ArchiveTermInfo.from_bytes(v)

    def frequency(self, fieldname, tbytes):
        v = self._tindex.get(self._key(fieldname, tbytes))
        return 0 if v is None else ArchiveTermInfo.from_bytes(v).weight()

    def doc_frequency(self, fieldname, tbytes):
        v = self._tindex.get(self._key(fieldname, tbytes))
        return 0 if v is None else ArchiveTermInfo.from_bytes(v).doc_frequency()

    def matcher(self, fieldname, tbytes, format_, scorer=None):
        terminfo = self.term_info(fieldname, tbytes)
        return self._codec.postings_reader(self._postfile, terminfo, format_,
                                           term=(fieldname, tbytes), scorer=scorer)

    def close(self):
        self._tindex.close()
        self._postfile.close()


class ArchiveCodec(W3Codec):
    """W3 with the compact dictionary and postings above (stored fields and
    columns as W3, see `archive.index.whoosh.storedzip`)."""

    def __init__(self, blocklimit=128, compression=0, inlinelimit=INLINE_LIMIT):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def field_writer(self, storage, segment):
        return ArchiveFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return ArchivePostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                     compression=0, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            if format_.fixed_value_size() == 0:
                values = (None,) * len(ids)
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        offset, length = terminfo.extent()
        return ArchiveLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)

    def terms_reader(self, storage, segment):
        tiname = segment.make_filename(self.TERMS_EXT)
        tilen = storage.file_length(tiname)
        tifile = storage.open_file(tiname)
        postfile = segment.open_file(storage, self.POSTS_EXT)
        return ArchiveTermsReader(self, tifile, tilen, postfile)


# --------------------------------------------------------------------------
# The name pickles use

#: The module path the index format names these classes by (it was this
#: module's path when the format was made). Existing indexes hold it in their
#: pickled schema and segments; new ones keep writing it, so an index stays
#: readable by every version of the same format whatever the layout.
PICKLED_MODULE = "archive.codec"
for _cls in (CompactPositions, ArchiveTermInfo, ArchiveCodec):
    _cls.__module__ = PICKLED_MODULE
sys.modules.setdefault(PICKLED_MODULE, sys.modules[__name__])
