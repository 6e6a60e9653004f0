"""Whoosh's field-writer and terms-reader interfaces over the compact
dictionary and postings: what a segment writer calls per term and per
posting, and what a reader asks per field and term.
"""

from __future__ import annotations

from array import array

from whoosh.codec import base
from whoosh.codec.whoosh3 import (
    W3Codec,
    W3FieldWriter,
)
from whoosh.reading import TermNotFound
from whoosh.util.numeric import length_to_byte

from archive.index.whoosh.codec.encoding import CodecError, _put
from archive.index.whoosh.codec.postings import ArchiveLeafMatcher, _block_stats
from archive.index.whoosh.codec.termdict import TermDictReader, TermDictWriter
from archive.index.whoosh.codec.terminfo import _TI_INLINE, _TI_VALUES, ArchiveTermInfo


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

    def add_whole(self, btext, postings, lengths=None):
        """`add_term` for a term the C loops hold (`_accumulate.Postings`,
        docnums ascending): it encodes its own blocks and dictionary entry,
        the same bytes, or answers None for what only this path writes."""
        pw = self._postwriter
        if pw is None:
            raise CodecError("add_whole before start_field")
        post = self._postfile
        got = None if pw._byteids else postings.encode(lengths, pw._blocklimit, pw._inlinelimit, post.tell())
        if got is None:
            self.add_term(btext, *postings.export(), lengths)
            return
        data, entry = got
        if data:
            post.write(data)
        self._tindex.add(_fieldkey(self._fieldid, btext), entry)



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

    def field_postings(self, fieldname, format_):
        """(term bytes, document numbers) for every term of `fieldname`, in
        order, deleted documents included: one walk over the dictionary,
        the ids of a term inlined there read straight from it. Building a
        facet's arrays this way skips a dictionary look-up and a matcher per
        value (most facet values are in one or two documents)."""
        fnum = self._fieldmap.get(fieldname)
        if fnum is None:
            return
        prefix = _fieldkey(fnum, b"")
        for key, v in self._tindex.items_from(prefix):
            if not key.startswith(prefix):
                return
            ti = ArchiveTermInfo.from_bytes(v)
            if ti.is_inlined():
                yield key[2:], ti.inlined_postings()[0]
            else:
                offset, length = ti.extent()
                yield key[2:], tuple(ArchiveLeafMatcher(self._postfile, offset, length, format_).all_ids())

    def matcher(self, fieldname, tbytes, format_, scorer=None):
        terminfo = self.term_info(fieldname, tbytes)
        return self._codec.postings_reader(self._postfile, terminfo, format_,
                                           term=(fieldname, tbytes), scorer=scorer)

    def close(self):
        self._tindex.close()
        self._postfile.close()
