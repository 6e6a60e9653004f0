"""`CompactPositions`: term positions as varint deltas, the format of the prose
fields (phrases and snippets need positions; a 4-byte count plus a pickled
list, Whoosh's own, costs several times more).
"""

from __future__ import annotations

from operator import sub

from whoosh import formats

from archive.index.whoosh.codec.encoding import _HIGH_BYTES, _get, _put

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
