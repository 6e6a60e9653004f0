"""The byte-level encodings of the codec: varints, arrays of the narrowest
integer width that fits (decoded by `array`, not a Python loop), and the
format's constants and error.
"""

from __future__ import annotations

import struct
import sys
from array import array

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
