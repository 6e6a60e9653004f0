"""The segment writer every writer of an index uses (ingest, its workers, optimize).

`new_writer` gives a Whoosh `SegmentWriter` for an index whose lock the
caller holds (`archive.index.whoosh.writelock`): separate segment files, the
archive codec, the index's stored-record dictionary, postings in a
`PostingBuffer`. Committing it is `archive.index.whoosh.durable`'s.
"""

from __future__ import annotations

from whoosh.writing import SegmentWriter

from archive.index.whoosh import postings
from archive.index.whoosh.postings import Lengths, PostingBuffer, field_adder, write_postings

#: Memory for the postings of an ingest before the round is committed, in
#: MB (estimated; see `PostingBuffer`), shared by its writers (the main
#: process's and each worker's, `WhooshWriter.part`): about 17,000
#: leestmeer articles a round, and the process tree of an ingest under
#: 300 MB at any corpus size (was 160 MB a writer: 782 MB at 117k articles;
#: 72 MB gave 284 MB at 117k once the entity caches came, 64 MB gives 270 MB
#: and 14 segments instead of 12, the same ingest and search times).
POOL_MB = 64


class ArchiveSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with the postings in a `PostingBuffer` and
    the lengths read once per field (see `archive.index.whoosh.postings`)."""

    def add_document(self, **fields):
        """Whoosh's `add_document`, putting postings straight into the
        `PostingBuffer` (`postings.field_adder`), with what each field is
        asked once per writer (`_plan`) instead of once per document."""
        pool = self.pool
        if not isinstance(pool, PostingBuffer):
            return super().add_document(**fields)
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        byfield = pool.fields
        unsorted = pool.unsorted
        docboost = self._doc_boost(fields)
        plans = self.__dict__.setdefault("_plans", {})
        fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
        for name in fieldnames:
            if name not in plans:
                self._check_fields(self.schema, (name,))
                plans[name] = self._plan(name)
        size = 0
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field, add, scorable, spelling, vector, stored, column, boostkw, storedkw = plans[fieldname]
                length = 0
                if add is not None:
                    fieldboost = float(fields[boostkw]) if boostkw in fields else docboost
                    terms = byfield.get(fieldname)
                    if terms is None:
                        terms = byfield[fieldname] = {}
                        pool.fieldnames.add(fieldname)
                    length, added = add(value, terms, fieldname, docnum, fieldboost, scorable, unsorted)
                    size += added
                if spelling:
                    from whoosh.util.text import utf8encode

                    spellfield = field.spelling_fieldname(fieldname)
                    for word in field.spellable_words(value):
                        pool.add((spellfield, utf8encode(word)[0], 0, 1, None))
                if vector:
                    vitems = vector.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)
                customval = fields.get(storedkw, value)
                perdocwriter.add_field(fieldname, field, customval if stored else None, length)
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        pool.size += size
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _plan(self, fieldname: str) -> tuple:
        """What `add_document` asks of a field, as Whoosh's asks it for
        every document: (field, its `field_adder` or None when not indexed,
        scorable, separate spelling, vector format, stored, column type,
        and the names of its boost and stored-value keywords)."""
        field = self.schema[fieldname]
        return (field, field_adder(field) if field.indexed else None, field.scorable,
                field.separate_spelling(), field.vector, field.stored, field.column_type,
                "_%s_boost" % fieldname, "_stored_%s" % fieldname)

    def _flush_segment(self):  # as Whoosh's, with the lengths read once
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = Lengths(pdr, self.docnum) if pdr is not None else None
        fw = self.fieldwriter
        if postings.FAST_INDEX and isinstance(self.pool, PostingBuffer) and hasattr(fw, "add_term"):
            write_postings(fw, self.schema, lengths, self.pool)
        else:
            fw.add_postings(self.schema, lengths, self.pool.iter_postings())
        fw.close()
        if pdr is not None:
            pdr.close()


def new_writer(ix, limitmb: int = POOL_MB):
    """A writer for an index whose lock the caller holds.

    Segments are written as separate files, not one compound file: Whoosh
    reads a compound segment by copying its term and posting files into
    memory (a `BytesIO` over the mmap), so every searcher (and the ingest's
    own look-ups) would hold the whole index in RAM; separate files are read
    in place, open several times faster and search as fast.
    """
    from archive.index.whoosh.codec import ArchiveCodec
    from archive.index.whoosh.storedzip import write_with

    write_with(ix.storage.folder)  # this index's dictionary for the records written
    tune_whoosh()
    writer = ArchiveSegmentWriter(ix, _lk=False, limitmb=limitmb, compound=False, codec=ArchiveCodec())
    writer.pool = PostingBuffer()
    return writer


def writer_full(writer, limitmb: int | None = None) -> bool:
    limit = POOL_MB if limitmb is None else limitmb
    return writer is not None and getattr(writer.pool, "size", 0) > limit * 1024 * 1024


def tune_whoosh() -> None:
    """Remember that a field has no length column: Whoosh 2.7 asks the file
    system (a stat) for every posting of such a field while writing a segment,
    about a fifth of the commit time with our exact-value fields. Segment
    files never change once written, so caching the answer is safe."""
    import whoosh.codec.whoosh3 as w3

    if getattr(w3.W3PerDocReader, "_archive_tuned", False):
        return

    def _cached_reader(self, fieldname, column):
        readers = self._readers
        if fieldname in readers:
            return readers[fieldname]
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
        return reader

    w3.W3PerDocReader._cached_reader = _cached_reader
    w3.W3PerDocReader._archive_tuned = True
