"""The term dictionary: sorted keys front-coded in blocks of `BLOCK_TERMS`,
found by binary search over each block's first key (only those and the block
offsets are read at open).
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from itertools import accumulate

from archive.index.whoosh.codec.encoding import (
    _BIG,
    _FOOTER,
    _MAGIC,
    BLOCK_TERMS,
    CodecError,
    _get,
    _pack,
    _put,
    _unpack,
)

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
