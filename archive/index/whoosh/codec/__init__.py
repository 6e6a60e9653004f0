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

The modules: `encoding.py` (varints, packed arrays, constants),
`positions.py`, `terminfo.py`, `postings.py` (blocks, writer, matcher),
`termdict.py` (the front-coded dictionary), `fields.py` (Whoosh's field
writer and terms reader over them); `ArchiveCodec` here ties them together.
They may import Whoosh's codec interfaces, NumPy and each other; nothing of
archive above the codec."""

from __future__ import annotations

import sys

from whoosh.codec.whoosh3 import W3Codec
from whoosh.matching import ListMatcher

from archive.index.whoosh.codec.encoding import BLOCK_TERMS, INLINE_LIMIT, CodecError  # noqa: F401  (re-exported)
from archive.index.whoosh.codec.fields import ArchiveFieldWriter, ArchiveTermsReader  # noqa: F401  (re-exported)
from archive.index.whoosh.codec.positions import CompactPositions  # noqa: F401  (re-exported)
from archive.index.whoosh.codec.postings import (  # noqa: F401  (re-exported)
    ArchiveLeafMatcher,
    ArchivePostingsWriter,
)
from archive.index.whoosh.codec.termdict import (  # noqa: F401  (re-exported)
    TermDictReader,
    TermDictWriter,
    _shared_prefix,
)
from archive.index.whoosh.codec.terminfo import ArchiveTermInfo  # noqa: F401  (re-exported)




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
