"""`ArchiveTermInfo`: a term's statistics and where its postings are, as
varints; up to `INLINE_LIMIT` postings live in it, in the dictionary.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import (
    W3TermInfo,
)
from whoosh.util.numeric import byte_to_length, length_to_byte

from archive.index.whoosh.codec.encoding import _FLOAT, _get, _integral, _put

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
