"""Ingest: files in, index updated, and a report of every input's fate.

Every input ends up counted exactly once: added, updated, unchanged, copy
(the same content already stored under another path), or failed (with a
one-line reason naming the file and line); `--prune` adds removed articles.
The index only changes through commits that write a new table of contents
after every new segment file is on disk (fsync), so a crash or kill leaves
the last committed state; the raw files stay the source of truth and
re-running the same ingest finishes the job.

Incremental rules (decided in input order in the main process, so the result
does not depend on `jobs`):

- An article's id is stable (file articles: content hash; JSON records: their
  own `id`). Same id and same content hash at a known path: unchanged, not
  even re-extracted.
- The same content under a new path (a copy) adds the path to the article.
- A file whose content changed replaces the article that path held before; a
  JSON record replaces the article with its id.
- Identical title and text under different ids (syndicated copies) are kept
  as separate articles, marked `duplicate_of` the first; when that first one
  goes away or changes, the next one becomes the original.

Parallel ingest (`jobs > 1`): worker processes (plain subprocesses, fed over
pipes) extract articles AND index them into their own Whoosh segment; the
main process reads the input, keeps the bookkeeping above, and at each commit
writes one table of contents holding the workers' segments. Workers start
only once an ingest is big enough to pay for them. Memory stays bounded: the
input is streamed, workers hold a few hundred articles at a time, and a round
is committed when a writer's postings reach `POOL_MB` or `commit_every`
articles were written.

Writing (see `new_writer`): segments are separate files (not Whoosh's compound
file, which readers copy into memory), postings are buffered per term
(`_PostingBuffer`) instead of Whoosh's sort-and-spill pool, and every commit
fsyncs the new files before the table of contents that names them.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from array import array
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from archive.document import Article
from archive.errors import ArchiveError, IndexLocked
from archive.read.formats import RawRecord, read_file
from archive.read.sources import InputError, Notice, iter_files, normalise_path
from archive.read.sources import where as source_where

#: Exit status of `archive ingest` when some inputs failed and the rest went in.
EXIT_PARTIAL = 3
#: Exit status when the ingest was interrupted (SIGINT): 128 + 2, as shells do.
EXIT_INTERRUPTED = 130
#: Commit (make the work durable and visible) at least every this many articles.
DEFAULT_COMMIT_EVERY = 100_000
#: Worker processes start at once when the input holds this many bytes, or
#: else once this many articles were extracted here: below that they do not
#: pay for their start-up (about a second each).
PARALLEL_BYTES = 2 * 1024 * 1024
PARALLEL_MIN = 400
#: Memory for the postings of one writer (per worker process) before the
#: round is committed, in MB (estimated; see `_PostingBuffer`).
POOL_MB = 160

# Decided articles wait this long (in articles) before they are indexed, so a
# copy of a file met soon after it is merged into one document for free.
_WINDOW = 256
_FLUSH_GROUP = 64
_CHUNK = 16
_INFLIGHT_PER_WORKER = 4
_INDEX_NAME = "MAIN"


# --------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class IngestReport:
    index: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    #: Inputs whose content was already stored under another path: the
    #: article gained a path, no new document.
    copies: int = 0
    #: Articles marked as duplicates (same title and text, other id) this run.
    duplicates: int = 0
    errors: tuple[InputError, ...] = ()
    warnings: tuple[str, ...] = ()
    #: Documents written by the commits of this run (what survives a kill).
    committed: int = 0
    interrupted: bool = False
    rebuilt: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_PARTIAL if self.failed else 0

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["errors"] = [e.to_dict() for e in self.errors]
        d["warnings"] = list(self.warnings)
        d["exit_code"] = self.exit_code
        return d

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {self.failed} failed"
        )
        extra = []
        if self.copies:
            extra.append(f"{self.copies} cop{'y' if self.copies == 1 else 'ies'} of stored content")
        if self.duplicates:
            extra.append(f"{self.duplicates} marked duplicate")
        if self.warnings:
            extra.append(f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}")
        return text + (f" ({', '.join(extra)})" if extra else "")


@dataclass(frozen=True)
class Progress:
    """What a progress callback gets: inputs handled so far, and the estimated
    total (None until the input has been counted in the background)."""

    done: int
    total: int | None
    committed: int


@dataclass
class _Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    copies: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    committed: int = 0
    #: The counts as of the last commit: what a discarded batch falls back to.
    at_commit: tuple = (0, 0, 0, 0, 0, 0)

    _COUNTS = ("added", "updated", "unchanged", "removed", "copies", "duplicates")

    def committed_now(self) -> None:
        self.at_commit = tuple(getattr(self, k) for k in self._COUNTS)

    def discard_uncommitted(self) -> None:
        """The batch since the last commit was thrown away: count only what
        the index holds (failures and warnings stay: they were real)."""
        for k, v in zip(self._COUNTS, self.at_commit):
            setattr(self, k, v)

    def report(self, index, interrupted=False, rebuilt=False) -> IngestReport:
        return IngestReport(
            index=str(index),
            added=self.added,
            updated=self.updated,
            unchanged=self.unchanged,
            removed=self.removed,
            failed=len(self.errors),
            copies=self.copies,
            duplicates=self.duplicates,
            errors=tuple(self.errors),
            warnings=tuple(self.warnings),
            committed=self.committed,
            interrupted=interrupted,
            rebuilt=rebuilt,
        )


def article_id(raw: RawRecord) -> str | None:
    """The id `raw` will get, when it is known before extraction."""
    from archive.extract import core as extract

    fn = getattr(extract, "article_id", None)
    return fn(raw) if fn else None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------
# The writer lock


def lock_path(index: Path) -> Path:
    """Whoosh's own writer lock file: every writer of the index takes it."""
    return Path(index) / f"{_INDEX_NAME}_WRITELOCK"


def acquire_lock(index: Path, timeout: float, on_wait: Callable[[], None] | None = None):
    """Take the index's writer lock, waiting up to `timeout` seconds.

    It is an OS file lock (flock): the kernel drops it when its holder dies,
    so a lock left by a killed process is recovered at once, and two live
    writers can never hold it together. Raises `IndexLocked` on time-out,
    before anything was written.
    """
    from whoosh.util.filelock import FileLock

    try:
        Path(index).mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path(index)))
        if lock.acquire():
            return lock
    except OSError as e:
        raise ArchiveError(f"cannot use {index} as an index folder: {e.strerror or e}") from None
    if on_wait is not None:
        on_wait()
    deadline = time.monotonic() + timeout
    while True:
        time.sleep(0.1)
        if lock.acquire():
            return lock
        if time.monotonic() >= deadline:
            raise IndexLocked(
                f"another process is writing to the index {index} (waited {timeout:g} s); "
                f"nothing was written: try again later or raise --lock-timeout"
            )


# --------------------------------------------------------------------------
# Durable commits


def _fsync_path(path: str, directory: bool = False) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_segment(storage, segment) -> None:
    for name in segment.list_files(storage):
        _fsync_path(os.path.join(storage.folder, name))


def _discard_segment(storage, segment) -> None:
    for name in segment.list_files(storage):
        try:
            storage.delete_file(name)
        except OSError:
            pass


class _DurableStorage:
    """Storage proxy for writing the TOC: fsync the file before the rename
    that publishes it, and the folder after (Whoosh itself never fsyncs)."""

    def __init__(self, storage) -> None:
        self._storage = storage

    def create_file(self, name, **kwargs):
        f = self._storage.create_file(name, **kwargs)
        previous = f.onclose

        def onclose(sf):
            sf.flush()
            os.fsync(sf.file.fileno())
            if previous:
                previous(sf)

        f.onclose = onclose
        return f

    def rename_file(self, frm, to, safe=False):
        self._storage.rename_file(frm, to, safe=safe)
        _fsync_path(self._storage.folder, directory=True)

    def __getattr__(self, name):
        return getattr(self._storage, name)


def commit_segments(writer, new_segments=(), *, merge: bool = True, optimize: bool = False) -> list:
    """Commit `writer` (a `SegmentWriter` created with `_lk=False`) together
    with finished segments written by other processes; return the segments of
    the new index generation. Small segments are merged (Whoosh's
    MERGE_SMALL) unless `merge` is False."""
    from whoosh.index import TOC, clean_files

    final = writer._merge_segments(None, optimize, merge)
    final = list(final) + [s for s in new_segments if s is not None]
    if writer._added:
        seg = writer._finalize_segment()
        _fsync_segment(writer.storage, seg)
        final.append(seg)
    else:
        writer._close_segment()
        _discard_segment(writer.storage, writer.newsegment)
    _fsync_path(writer.storage.folder, directory=True)
    TOC(writer.schema, final, writer.generation).write(_DurableStorage(writer.storage), writer.indexname)
    clean_files(writer.storage, writer.indexname, writer.generation, final)
    writer._finish()
    return final


def cancel_writer(writer) -> None:
    """Throw away an uncommitted writer and the files it started."""
    try:
        if not writer.is_closed:
            writer._close_segment()
            _discard_segment(writer.storage, writer.newsegment)
            writer._finish()
    except Exception:
        pass


class _PostingBuffer:
    """Drop-in for Whoosh's `PostingPool`: a writer's postings, kept per field
    and term instead of as one list of 5-tuples to sort.

    Whoosh's pool holds about 200 bytes per posting and, past its limit,
    pickles sorted runs to disk one posting at a time and merges them back in
    Python, which costs more than the indexing itself. Here a term's postings
    are arrays (docnums come in order, so nothing but the distinct terms is
    ever sorted), a third of the memory; instead of spilling, the ingest
    commits the round when `size` passes its budget. Same postings, same
    order, so the segment written is the same.
    """

    def __init__(self) -> None:
        self.fields: dict[str, dict] = {}
        self.fieldnames: set[str] = set()
        self.runs: list = []
        self.size = 0  # estimated bytes
        self._unsorted: set = set()

    def add(self, item, tuple=tuple, type=type):
        fieldname, text, docnum, weight, value = item
        try:
            terms = self.fields[fieldname]
        except KeyError:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        p = terms.get(text)
        if p is None:
            terms[text] = item
            self.size += 200 + len(text) + (len(value) if value else 0)
        elif type(p) is tuple:
            terms[text] = [array("i", (p[2], docnum)), array("f", (p[3], weight)), [p[4], value]]
            self.size += 250 + (len(value) if value else 0)
            if docnum < p[2]:
                self._unsorted.add((fieldname, text))
        else:
            docs = p[0]
            if docnum < docs[-1]:
                self._unsorted.add((fieldname, text))
            docs.append(docnum)
            p[1].append(weight)
            p[2].append(value)
            self.size += 16 + (len(value) + 33 if value else 0)

    def iter_terms(self):
        """(field, term, docnums, weights, values) per term, fields and terms
        sorted, each term's postings in docnum order."""
        unsorted = self._unsorted
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for text in sorted(terms):
                p = terms[text]
                if type(p) is tuple:
                    yield fieldname, text, (p[2],), (p[3],), (p[4],)
                    continue
                docs, weights, values = p
                if (fieldname, text) in unsorted:
                    order = sorted(range(len(docs)), key=docs.__getitem__)
                    docs = [docs[i] for i in order]
                    weights = [weights[i] for i in order]
                    values = [values[i] for i in order]
                yield fieldname, text, docs, weights, values

    def iter_postings(self):
        for fieldname, text, docs, weights, values in self.iter_terms():
            for d, w, v in zip(docs, weights, values):
                yield (fieldname, text, d, w, v)

    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self.fields = {}
        self._unsorted = set()
        self.size = 0


_Writer = None


class _Lengths:
    """The writer's field lengths, each field's column read once: Whoosh asks
    for the length of the document of every posting it writes, and reading
    the column file once per posting is a fifth of the commit."""

    def __init__(self, pdr, doccount: int) -> None:
        self._pdr = pdr
        self._n = doccount
        self._cache: dict[str, list] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        return self.column(fieldname)[docnum]

    def column(self, fieldname) -> list:
        col = self._cache.get(fieldname)
        if col is None:
            get = self._pdr.doc_field_length
            col = self._cache[fieldname] = [get(i, fieldname, 0) for i in range(self._n)]
        return col


def _write_postings(fw, schema, lengths, pool: _PostingBuffer) -> None:
    """Whoosh's `add_postings` for an `ArchiveFieldWriter`, a term at a time:
    the buffer already holds each term's postings as arrays, so they go to
    the codec whole instead of as a sorted stream of 5-tuples (same fields,
    terms and order, so the same segment bytes)."""
    current = col = None
    for fieldname, text, ids, weights, values in pool.iter_terms():
        if fieldname != current:  # a field with no terms is never started, as in Whoosh
            if current is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            col = lengths.column(fieldname) if lengths is not None else None
            current = fieldname
        fw.add_term(text, ids, weights, values, col)
    if current is not None:
        fw.finish_field()


#: Index prose, ID and line fields through `_field_indexer`'s direct paths
#: (False: every field through Whoosh's own `field.index`, which writes the
#: same postings; tests compare the two).
FAST_INDEX = True


def _field_indexer(field):
    """`field.index` for one field, or a direct path that yields the same
    (term bytes, frequency, weight, value) postings for the field kinds
    `archive.index.whoosh.schema` uses: Whoosh's generic path builds a `Token`, a
    generator step and a dict entry per word, a third of the indexing time.
    Any other field (or value) keeps Whoosh's path."""
    from whoosh import formats
    from whoosh.analysis import IDTokenizer, RegexTokenizer

    from archive.analysis import DutchAnalyzer
    from archive.index.whoosh.codec import CompactPositions

    stock = field.index
    fmt = field.format
    ana = field.analyzer
    if not FAST_INDEX:
        return stock
    fb = fmt.field_boost
    if type(fmt) is CompactPositions and type(ana) is DutchAnalyzer:
        encode = fmt.encode
        positions = ana.term_positions

        def index_prose(value):
            if type(value) is not str:
                return stock(value)
            return [(w.encode("utf-8"), len(p), len(p) * fb, encode(p)) for w, p in positions(value).items()]

        return index_prose
    if type(fmt) is not formats.Existence:
        return stock
    if type(ana) is IDTokenizer:
        def index_id(value):
            if type(value) is not str:
                return stock(value)
            return ((value.encode("utf-8"), 1, fb, b""),)

        return index_id
    if type(ana) is RegexTokenizer and not ana.gaps and ana.expression.pattern == r"[^\n]+":
        def index_lines(value):
            if type(value) is not str:
                return stock(value)
            return [(w.encode("utf-8"), 1, fb, b"") for w in set(value.split("\n")) if w]

        return index_lines
    return stock


def _writer_class():
    from whoosh.writing import SegmentWriter

    class Writer(SegmentWriter):
        def add_document(self, **fields):
            """Whoosh's `add_document`, putting postings straight into the
            `_PostingBuffer` (one call and one tuple less per posting)."""
            pool = self.pool
            if not isinstance(pool, _PostingBuffer):
                return super().add_document(**fields)
            self._check_state()
            perdocwriter = self.perdocwriter
            schema = self.schema
            docnum = self.docnum
            byfield = pool.fields
            unsorted = pool._unsorted
            docboost = self._doc_boost(fields)
            indexers = self.__dict__.setdefault("_indexers", {})
            fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
            self._check_fields(schema, fieldnames)
            size = 0
            perdocwriter.start_doc(docnum)
            try:
                for fieldname in fieldnames:
                    value = fields.get(fieldname)
                    if value is None:
                        continue
                    field = schema[fieldname]
                    length = 0
                    if field.indexed:
                        fieldboost = self._field_boost(fields, fieldname, docboost)
                        scorable = field.scorable
                        terms = byfield.get(fieldname)
                        if terms is None:
                            terms = byfield[fieldname] = {}
                            pool.fieldnames.add(fieldname)
                        get = terms.get
                        index = indexers.get(fieldname)
                        if index is None:
                            index = indexers[fieldname] = _field_indexer(field)
                        for tbytes, freq, weight, vbytes in index(value):
                            weight *= fieldboost
                            if scorable:
                                length += freq
                            p = get(tbytes)
                            if p is None:
                                terms[tbytes] = (fieldname, tbytes, docnum, weight, vbytes)
                                size += 200 + len(tbytes) + (len(vbytes) if vbytes else 0)
                            elif type(p) is tuple:
                                terms[tbytes] = [array("i", (p[2], docnum)), array("f", (p[3], weight)),
                                                 [p[4], vbytes]]
                                size += 250 + (len(vbytes) if vbytes else 0)
                                if docnum < p[2]:
                                    unsorted.add((fieldname, tbytes))
                            else:
                                docs = p[0]
                                if docnum < docs[-1]:
                                    unsorted.add((fieldname, tbytes))
                                docs.append(docnum)
                                p[1].append(weight)
                                p[2].append(vbytes)
                                size += 16 + (len(vbytes) + 33 if vbytes else 0)
                    if field.separate_spelling():
                        from whoosh.util.text import utf8encode

                        spellfield = field.spelling_fieldname(fieldname)
                        for word in field.spellable_words(value):
                            pool.add((spellfield, utf8encode(word)[0], 0, 1, None))
                    vformat = field.vector
                    if vformat:
                        vitems = vformat.word_values(value, field.analyzer, mode="index")
                        vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                        perdocwriter.add_vector_items(fieldname, field, vitems)
                    customval = fields.get("_stored_%s" % fieldname, value)
                    perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                    column = field.column_type
                    if column and customval is not None:
                        perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
            except Exception:
                perdocwriter.cancel_doc()
                raise
            pool.size += size
            perdocwriter.finish_doc()
            self._added = True
            self.docnum += 1

        def _flush_segment(self):  # as Whoosh's, with the lengths read once
            self.perdocwriter.close()
            pdr = self.per_document_reader() if self.codec.length_stats else None
            lengths = _Lengths(pdr, self.docnum) if pdr is not None else None
            fw = self.fieldwriter
            if FAST_INDEX and isinstance(self.pool, _PostingBuffer) and hasattr(fw, "add_term"):
                _write_postings(fw, self.schema, lengths, self.pool)
            else:
                fw.add_postings(self.schema, lengths, self.pool.iter_postings())
            fw.close()
            if pdr is not None:
                pdr.close()

    return Writer


def new_writer(ix, limitmb: int = POOL_MB):
    """A writer for an index whose lock the caller holds.

    Segments are written as separate files, not one compound file: Whoosh
    reads a compound segment by copying its term and posting files into
    memory (a `BytesIO` over the mmap), so every searcher (and the ingest's
    own look-ups) would hold the whole index in RAM; separate files are read
    in place, open several times faster and search as fast.
    """
    global _Writer
    from archive.index.whoosh.codec import ArchiveCodec
    from archive.index.whoosh.storedzip import write_with

    write_with(ix.storage.folder)  # this index's dictionary for the records written
    tune_whoosh()
    if _Writer is None:
        _Writer = _writer_class()
    writer = _Writer(ix, _lk=False, limitmb=limitmb, compound=False, codec=ArchiveCodec())
    writer.pool = _PostingBuffer()
    return writer


def writer_full(writer, limitmb: int = POOL_MB) -> bool:
    return writer is not None and getattr(writer.pool, "size", 0) > limitmb * 1024 * 1024


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


def clean_leftovers(index: Path) -> list[str]:
    """Remove what a killed writer may leave behind (the caller holds the lock):
    temporary files of an unfinished TOC and the writers' temp folder."""
    removed = []
    try:
        names = os.listdir(index)
    except OSError:
        return removed
    for name in names:
        p = Path(index) / name
        if name.startswith(f"_{_INDEX_NAME}_") and ".toc." in name:
            p.unlink(missing_ok=True)
            removed.append(name)
        elif name.endswith(".tmp") and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(name)
    return removed


# --------------------------------------------------------------------------
# Extraction (the same function in this process and in workers)


def _extract(raw: RawRecord, aliases) -> tuple[Article | None, str | None]:
    from archive.extract.core import ExtractError
    from archive.extract.pipeline import process

    try:
        return process(raw, aliases), None
    except ExtractError as e:
        return None, str(e) or "no article"
    except RecursionError:
        return None, "could not extract: nested too deeply"
    except MemoryError:
        raise
    except Exception as e:  # a bug in extraction must not lose the batch
        return None, f"could not extract ({type(e).__name__}: {e})"


@dataclass
class _Extracted:
    id: str | None
    text_hash: str | None
    warnings: tuple[str, ...]
    error: str | None
    worker: int  # -1: held in this process
    seq: int


def _summary(seq: int, worker: int, art: Article | None, err: str | None):
    """What the main process needs to decide about an article, and what the
    extracting process keeps of it: the article and its index fields (built
    once; reused unless the decision changes its paths or duplicate mark)."""
    if art is None:
        return _Extracted(None, None, (), err, worker, seq), None
    from archive.index.whoosh.schema import text_hash, to_fields

    try:
        fields = to_fields(art)
        _check_storable(fields)
        key = fields["text_hash"] if "text_hash" in fields else text_hash(art)
    except (ValueError, TypeError, UnicodeError) as e:  # one bad article, never the batch
        return _Extracted(None, None, (), f"could not index ({type(e).__name__}: {e})", worker, seq), None
    return _Extracted(art.id, key, tuple(art.warnings), None, worker, seq), (art, fields)


def _sample_record(raw: RawRecord, schema) -> dict | None:
    """What Whoosh would store for `raw` (entities left out: the dictionary
    only needs typical bytes), or None when it holds no article."""
    from archive.extract.core import build_article
    from archive.index.whoosh.schema import to_fields

    try:
        fields = to_fields(build_article(raw))
    except Exception:
        return None
    return {k: v for k, v in fields.items() if k in schema and schema[k].stored}


def _check_storable(fields: dict) -> None:
    """Every text must be storable as UTF-8, or the writer would fail the
    whole segment (and so the batch) on this one document."""
    for name, value in fields.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"field {name} holds text that is not valid Unicode") from None


def _doc_fields(held: tuple[Article, dict], paths: tuple[str, ...], dup: str | None) -> dict:
    art, fields = held
    if fields is not None and paths == art.paths and dup == art.duplicate_of and art.path == paths[0]:
        return fields
    from archive.index.whoosh.schema import to_fields

    return to_fields(_final(art, paths, dup))


def _final(art: Article, paths: tuple[str, ...], dup: str | None) -> Article:
    return dataclasses.replace(art, paths=paths, path=paths[0], duplicate_of=dup)


# --------------------------------------------------------------------------
# Worker processes


def _worker_main() -> None:
    """Entry point of a worker subprocess: argv holds its two pipe fds and the
    parent's pid. Messages are pickled tuples (see `_WorkerState`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    rfd, wfd, parent = (int(a) for a in sys.argv[1:4])
    try:  # Linux: die with the parent, so a killed ingest leaves no orphan
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != parent:
        os._exit(1)
    from multiprocessing.connection import Connection

    inbox = Connection(rfd, writable=False)
    outbox = Connection(wfd, readable=False)
    _quiet_gc()
    state = _WorkerState()
    while True:
        try:
            msg = pickle.loads(inbox.recv_bytes())
        except (EOFError, OSError):
            state.cancel()
            return
        try:
            reply = state.handle(msg)
        except BaseException:
            import traceback

            try:
                outbox.send_bytes(pickle.dumps(("fatal", traceback.format_exc())))
            finally:
                state.cancel()
                os._exit(1)
        if reply == "stop":
            state.cancel()
            return
        if reply is not None:
            outbox.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


#: A worker's young-generation GC threshold (Python's default: 700).
GC_THRESHOLD = (10_000, 10, 10)


def _quiet_gc() -> None:
    """Keep the cyclic garbage collector off what a worker holds for good.

    A worker's heap is mostly long-lived: the gazetteers (loaded here, once)
    and, growing all round, the posting buffer. Python's full collections
    walk all of it, and with the default thresholds a 17k ingest spent about
    1.2 s per worker in the collector (0.8 s of it in five full passes).
    Frozen resources and a larger young generation bring that to about
    0.4 s; bs4's cyclic trees are still collected, just in bigger batches.
    Only worker processes do this: they are ours alone."""
    import gc

    from archive.extract.entities import load_resources

    load_resources()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


class _WorkerState:
    def __init__(self) -> None:
        self.index_dir: str | None = None
        self.aliases = None
        self.limitmb = POOL_MB
        self.held: dict[int, tuple[Article, dict]] = {}
        self.writer = None
        self.widx = 0
        self.full = False

    def handle(self, msg):
        op = msg[0]
        if op == "init":
            _, self.widx, self.index_dir, aliases, self.limitmb = msg
            self.aliases = pickle.loads(aliases)
            return None
        if op == "extract":
            out = []
            for seq, raw in msg[1]:
                summary, held = _summary(seq, self.widx, *_extract(raw, self.aliases))
                if held is not None:
                    self.held[seq] = held
                out.append(summary)
            return ("extracted", out)
        if op == "index":
            _, assign, articles, drops = msg
            for seq in drops:
                self.held.pop(seq, None)
            if assign or articles:
                self._add(assign, articles)
                if not self.full and writer_full(self.writer, self.limitmb):
                    self.full = True
                    return ("full", None)  # the main process commits the round soon
            return None
        if op == "finish":
            seg = None
            self.full = False
            if self.writer is not None:
                w, self.writer = self.writer, None
                if w._added:
                    seg = w._finalize_segment()
                    _fsync_segment(w.storage, seg)
                else:
                    w._close_segment()
                    _discard_segment(w.storage, w.newsegment)
            return ("finished", seg)
        if op == "cancel":
            self.cancel()
            return ("cancelled", None)
        if op == "stop":
            return "stop"
        raise ValueError(f"unknown message {op!r}")

    def _add(self, assign, articles) -> None:
        from archive.index.whoosh.schema import to_fields

        if self.writer is None:
            from whoosh.index import open_dir

            from archive.index.whoosh import codec  # noqa: F401  (the name its pickles use)

            # new_writer takes up the index's dictionary (written before any article is sent)
            self.writer = new_writer(open_dir(self.index_dir, indexname=_INDEX_NAME), self.limitmb)
        add = self.writer.add_document
        for seq, paths, dup in assign:
            add(**_doc_fields(self.held.pop(seq), paths, dup))
        for art in articles:
            add(**to_fields(art))

    def cancel(self) -> None:
        self.held.clear()
        self.full = False
        if self.writer is not None:
            w, self.writer = self.writer, None
            try:
                w._close_segment()
                _discard_segment(w.storage, w.newsegment)
            except Exception:
                pass


class WorkerDied(ArchiveError):
    pass


class _Remote:
    """The main process's end of one worker subprocess."""

    def __init__(self, idx: int, results: "queue.SimpleQueue") -> None:
        from multiprocessing.connection import Connection

        self.idx = idx
        self.chunks: deque[list] = deque()  # extract chunks in flight, oldest first
        r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])  # the folder that holds the archive package
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-P", "-c", "from archive.ingest import _worker_main; _worker_main()",
                 str(r1), str(w2), str(os.getpid())],
                pass_fds=(r1, w2), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                env=env, process_group=0,
            )
        finally:
            os.close(r1)
            os.close(w2)
        self.out = Connection(w1, readable=False)
        self.inp = Connection(r2, writable=False)
        self.sendq: queue.SimpleQueue = queue.SimpleQueue()
        self.results = results
        self.failed: str | None = None
        self.sender = threading.Thread(target=self._send_loop, daemon=True)
        self.receiver = threading.Thread(target=self._recv_loop, daemon=True)
        self.sender.start()
        self.receiver.start()

    def send(self, msg) -> None:
        self.sendq.put(pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL))

    def _send_loop(self) -> None:
        while True:
            data = self.sendq.get()
            if data is None:
                break
            try:
                self.out.send_bytes(data)
            except OSError:
                break
        try:
            self.out.close()
        except OSError:
            pass

    def _recv_loop(self) -> None:
        while True:
            try:
                msg = pickle.loads(self.inp.recv_bytes())
            except (EOFError, OSError):
                self.results.put((self.idx, ("eof", None)))
                return
            self.results.put((self.idx, msg))

    def close(self, timeout: float = 10.0) -> None:
        self.sendq.put(pickle.dumps(("stop",)))
        self.sendq.put(None)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:
            self.inp.close()
        except OSError:
            pass

    def kill(self) -> None:
        self.sendq.put(None)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        try:
            self.inp.close()
        except OSError:
            pass


class _Slot:
    """One raw record on its way through the (possibly parallel) pipeline."""

    __slots__ = ("raw", "result", "submitted")

    def __init__(self, raw: RawRecord) -> None:
        self.raw = raw
        self.result: _Extracted | None = None
        self.submitted = False


class _Pool:
    """Extraction and indexing, here or in worker processes."""

    def __init__(self, index_dir: Path, aliases, jobs: int, min_parallel: int, stop) -> None:
        self.index_dir = index_dir
        self.aliases = aliases
        self.jobs = jobs
        self.min_parallel = min_parallel
        self.stop = stop
        self.workers: list[_Remote] = []
        self.results: queue.SimpleQueue = queue.SimpleQueue()
        self.local_held: dict[int, tuple[Article, dict]] = {}
        self.seq = 0
        self.extracted = 0
        self._rr = 0
        self._finished: dict[int, Any] = {}
        self.full = False  # a worker's postings reached their memory budget

    @property
    def remote(self) -> bool:
        return bool(self.workers)

    def inflight(self) -> int:
        return sum(len(w.chunks) for w in self.workers)

    def capacity(self) -> int:
        return _INFLIGHT_PER_WORKER * len(self.workers)

    def start(self) -> None:
        aliases = pickle.dumps(self.aliases, protocol=pickle.HIGHEST_PROTOCOL)
        # Block SIGINT while spawning, so a Ctrl-C cannot hit a half-started
        # worker (workers live in their own process group and ignore it).
        masked = threading.current_thread() is threading.main_thread()
        if masked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for i in range(self.jobs):
                w = _Remote(i, self.results)
                w.send(("init", i, str(self.index_dir), aliases, POOL_MB))
                self.workers.append(w)
        finally:
            if masked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def submit(self, slots: list[_Slot]) -> None:
        if not slots:
            return
        if not self.workers and self.jobs > 1 and self.extracted + len(slots) > self.min_parallel:
            self.start()
        self.extracted += len(slots)
        items = []
        for s in slots:
            self.seq += 1
            s.submitted = True
            items.append((self.seq, s))
        if self.workers:
            w = min(self.workers, key=lambda w: (len(w.chunks), (w.idx - self._rr) % len(self.workers)))
            self._rr = (w.idx + 1) % len(self.workers)
            w.chunks.append([s for _, s in items])
            w.send(("extract", [(seq, s.raw) for seq, s in items]))
        else:
            for seq, s in items:
                s.result, held = _summary(seq, -1, *_extract(s.raw, self.aliases))
                if held is not None:
                    self.local_held[seq] = held

    def extract_now(self, raw: RawRecord) -> _Extracted:
        self.seq += 1
        summary, held = _summary(self.seq, -1, *_extract(raw, self.aliases))
        if held is not None:
            self.local_held[self.seq] = held
        return summary

    def wait(self, slot: _Slot) -> None:
        while slot.result is None:
            self._pump(0.2)

    def _pump(self, timeout: float) -> None:
        try:
            idx, msg = self.results.get(timeout=timeout)
        except queue.Empty:
            for w in self.workers:
                if w.proc.poll() is not None and w.failed is None:
                    w.failed = f"exit status {w.proc.returncode}"
                if w.failed:
                    raise WorkerDied(f"an ingest worker process died ({w.failed}); "
                                     f"nothing of the current batch was written: run the same command again")
            return
        w = self.workers[idx]
        kind, payload = msg
        if kind == "extracted":
            chunk = w.chunks.popleft()
            for slot, res in zip(chunk, payload):
                slot.result = res
        elif kind == "full":
            self.full = True
        elif kind in ("finished", "cancelled"):
            self._finished[idx] = payload
        elif kind == "fatal":
            w.failed = payload.strip().splitlines()[-1]
            raise WorkerDied(f"an ingest worker failed: {w.failed}; nothing of the current batch "
                             f"was written: run the same command again")
        elif kind == "eof":
            w.failed = w.failed or "it exited"

    def discard(self, res: _Extracted | None, drops: dict[int, list[int]]) -> None:
        if res is None or res.error is not None:
            return
        if res.worker < 0:
            self.local_held.pop(res.seq, None)
        else:
            drops.setdefault(res.worker, []).append(res.seq)

    def take_local(self, seq: int) -> tuple[Article, dict]:
        return self.local_held.pop(seq)

    def pick(self) -> int:
        self._rr = (self._rr + 1) % len(self.workers)
        return self._rr

    def send_index(self, groups: dict[int, tuple[list, list]], drops: dict[int, list[int]]) -> None:
        for idx in set(groups) | set(drops):
            assign, articles = groups.get(idx, ([], []))
            self.workers[idx].send(("index", assign, articles, drops.get(idx, [])))
        drops.clear()

    def _all(self, op: str) -> list:
        self._finished.clear()
        for w in self.workers:
            w.send((op,))
        while len(self._finished) < len(self.workers):
            self._pump(0.2)
        return [self._finished[w.idx] for w in self.workers]

    def finish(self) -> list:
        """The segments the workers wrote since the last commit (None: nothing)."""
        self.full = False
        return self._all("finish") if self.workers else []

    def cancel(self) -> None:
        if not self.workers:
            return
        try:
            self._all("cancel")
        except BaseException:
            self.kill()

    def close(self) -> None:
        for w in self.workers:
            if w.failed or w.proc.poll() is not None:
                w.kill()
            else:
                w.close()
        self.workers = []

    def kill(self) -> None:
        for w in self.workers:
            w.kill()
        self.workers = []


# --------------------------------------------------------------------------
# One commit round: the index as it will be after the next commit


@dataclass(eq=False, slots=True)
class _Entry:
    """An article as it stands in this round (or, loc "index", as committed)."""

    id: str
    content_hash: str
    paths: tuple[str, ...]
    text_hash: str | None
    duplicate_of: str | None
    loc: str  # "pending" (decided, not yet indexed) | "sent" (indexed, uncommitted) | "index"
    source: Any = None  # _Extracted (held by a worker or here) | Article | stored dict
    fresh: bool = False  # read from the input in this run


class _Round:
    def __init__(self, ix) -> None:
        self.ix = ix
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        self.writer = None
        self.entries: dict[str, _Entry] = {}
        self.pending: dict[str, None] = {}
        self.deleted: set[str] = set()
        # path -> ids and text hash -> ids of the round's articles; a lone id
        # is kept as a plain string (most keys have one), more as a set.
        self.path_ids: dict[str, str | set[str]] = {}
        self.text_ids: dict[str, str | set[str]] = {}
        self.written = 0

    def get_writer(self):
        if self.writer is None:
            self.writer = new_writer(self.ix)
        return self.writer

    def close(self) -> None:
        try:
            self.searcher.close()
        except Exception:
            pass

    # -- the committed index ------------------------------------------
    def stored(self, aid: str) -> dict | None:
        if ("id", aid) not in self.reader:
            return None
        n = self.searcher.document_number(id=aid)
        return None if n is None else self.searcher.stored_fields(n)

    def stored_with(self, fieldname: str, value: str) -> Iterator[dict]:
        if (fieldname, value) not in self.reader:
            return
        for n in self.searcher.document_numbers(**{fieldname: value}):
            yield self.searcher.stored_fields(n)

    def delete(self, aid: str) -> None:
        if aid not in self.deleted:
            self.get_writer().delete_by_term("id", aid, searcher=self.searcher)
            self.deleted.add(aid)


def _ids(value) -> set[str]:
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


def _link(index: dict, key: str, aid: str) -> None:
    have = index.get(key)
    if have is None:
        index[key] = aid
    elif isinstance(have, str):
        if have != aid:
            index[key] = {have, aid}
    else:
        have.add(aid)


def _unlink(index: dict, key: str, aid: str) -> None:
    have = index.get(key)
    if have is None:
        return
    if isinstance(have, str):
        if have == aid:
            del index[key]
    else:
        have.discard(aid)
        if len(have) == 1:
            index[key] = next(iter(have))
        elif not have:
            del index[key]


def _from_stored_entry(stored: dict) -> _Entry:
    paths = tuple(p for p in (stored.get("paths") or "").split("\n") if p)
    return _Entry(
        id=stored["id"],
        content_hash=stored.get("content_hash") or "",
        paths=paths,
        text_hash=stored.get("text_hash"),
        duplicate_of=stored.get("duplicate_of"),
        loc="index",
        source=stored,
    )


# --------------------------------------------------------------------------
# The session: one `archive ingest` into one index


class _Stop:
    def __init__(self) -> None:
        self.requested = False
        self.presses = 0


@contextmanager
def _sigint_guard(stop: _Stop, on_interrupt: Callable[[str], None] | None):
    """First Ctrl-C: finish (commit) the current batch and stop. Second:
    discard it at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        stop.presses += 1
        if stop.presses == 1:
            stop.requested = True
            if on_interrupt is not None:
                on_interrupt("interrupted: committing what is finished (Ctrl-C again to discard it)…")
        else:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Session:
    def __init__(self, ix, index_dir: Path, *, aliases, jobs: int, commit_every: int, prune: bool,
                 progress, stop: _Stop, min_parallel: int, skip_dirs: tuple[str, ...]) -> None:
        self.ix = ix
        self.index_dir = index_dir
        self.tally = _Tally()
        self.commit_every = max(1, commit_every)
        self.prune = prune
        self.progress = progress
        self.stop = stop
        self.skip = tuple(d.rstrip(os.sep) + os.sep for d in skip_dirs)
        self.pool = _Pool(index_dir, aliases, jobs, min_parallel, stop)
        self.round: _Round | None = None
        self.tickets: deque = deque()
        self.buf: list[_Slot] = []
        self.drops: dict[int, list[int]] = {}
        self.deferred: list[tuple] = []
        self.done = 0
        self.total: list[int] = []
        self._last_progress = 0.0
        self.files: dict[str, list] = {}  # path -> [seen ids, errors] (with --prune)
        # Where each input file stands in the walk, and for a record id the
        # latest file that gave it: a record id in two files goes to the file
        # read last, and re-reading them both must change nothing.
        self.order: dict[str, int] = {}
        self.last_read: dict[str, int] = {}
        self.main_done = False

    # -- driving --------------------------------------------------------
    def run(self, paths: list[str]) -> None:
        self.round = _Round(self.ix)
        self._paths = paths
        self._roots = [normalise_path(p) for p in paths]
        try:
            inputs = self._inputs(paths)
            if self.ix.doc_count_all() == 0:
                inputs = self._with_dictionary(inputs)
            if self.pool.jobs > 1 and not self.pool.remote and _input_bytes(paths, PARALLEL_BYTES) >= PARALLEL_BYTES:
                self.pool.start()  # big enough: no article is extracted here
            for item in inputs:
                self._feed(item)
                if self.stop.requested:
                    break
            self._drain()
            self.main_done = True
            self._commit()
            rounds = 0
            while self.deferred and not self.stop.requested and rounds < 5:
                rounds += 1
                self._apply_deferred()
                self._drain()
                self._commit()
            if self.prune and not self.stop.requested:
                self._prune_missing(paths)
                self._commit()
        except BaseException:
            self._cancel()
            raise
        finally:
            self.pool.close()
            if self.round is not None:
                self.round.close()
            self._report_progress(force=True)

    def _with_dictionary(self, inputs: Iterator) -> Iterator:
        """A new index's first ingest: read ahead a few hundred articles and
        build the dictionary its stored records are compressed with (see
        `archive.index.whoosh.storedzip`) from them, before anything is written."""
        from itertools import chain

        from archive.index.whoosh.storedzip import SAMPLE_ARTICLES, build_dict, read_dict, write_dict

        if read_dict(self.index_dir) is not None:
            return inputs
        sample = self._sample_feeds(SAMPLE_ARTICLES)
        ahead: list = []
        if len(sample) < SAMPLE_ARTICLES // 2:  # no big feed to sample: the first articles, then
            for item in inputs:
                ahead.append(item)
                if isinstance(item, RawRecord):
                    rec = _sample_record(item, self.ix.schema)
                    if rec is not None:
                        sample.append(rec)
                    if len(sample) >= SAMPLE_ARTICLES or len(ahead) >= 10 * SAMPLE_ARTICLES:
                        break
        write_dict(self.index_dir, build_dict(sample))  # the writers take it up (`new_writer`)
        return chain(ahead, inputs)

    def _sample_feeds(self, want: int, max_files: int = 64) -> list[dict]:
        """Stored records of articles from all over the JSON Lines inputs."""
        from archive.read.formats import JSON_LINES_EXTENSIONS, sample_lines

        feeds = []
        for item in iter_files(self._paths):
            if isinstance(item, str) and os.path.splitext(item)[1].lower() in JSON_LINES_EXTENSIONS:
                feeds.append(item)
                if len(feeds) >= max_files:
                    break
        if not feeds:
            return []
        per_file = max(1, -(-want // len(feeds)))
        out = []
        for path in feeds:
            for raw in sample_lines(path, per_file):
                rec = _sample_record(raw, self.ix.schema)
                if rec is not None:
                    out.append(rec)
        return out

    def _inputs(self, paths: list[str]) -> Iterator:
        for item in iter_files(paths):
            if isinstance(item, InputError):
                yield item
                continue
            if isinstance(item, Notice):
                self.tally.warnings.append(str(item))
                continue
            if self.skip and (item + os.sep).startswith(self.skip):
                continue  # the index itself (or a rebuild beside it)
            self.order.setdefault(item, len(self.order))
            yield ("start", item)
            try:
                for rec in read_file(item):
                    yield rec
            except MemoryError:
                raise
            except Exception as e:  # a reader bug must not stop the batch
                yield InputError(item, f"could not read ({type(e).__name__}: {e})")
            yield ("end", item)

    def _feed(self, item) -> None:
        if isinstance(item, RawRecord):
            slot = _Slot(item)
            if self._needs_extraction(item):
                self.buf.append(slot)
                if not self.pool.remote or len(self.buf) >= _CHUNK:
                    self._submit()
            self.tickets.append(slot)
        elif isinstance(item, InputError):
            self.tickets.append(item)
        elif item[0] == "start":
            if self.prune:
                self.files[item[1]] = [set(), 0]
        else:
            self.tickets.append(item)
        self._advance(block=False)

    def _submit(self) -> None:
        buf, self.buf = self.buf, []
        self.pool.submit(buf)

    def _advance(self, block: bool) -> None:
        """Handle tickets in input order, as far as their results are in."""
        pool = self.pool
        while self.tickets:
            t = self.tickets[0]
            if isinstance(t, _Slot) and t.result is None and (t.submitted or t in self.buf):
                if not t.submitted:
                    if not (block or len(self.buf) >= _CHUNK):
                        break
                    self._submit()
                if t.result is None:
                    if not block and pool.inflight() < pool.capacity():
                        break
                    pool.wait(t)
            self.tickets.popleft()
            self._handle(t)
            if not isinstance(t, tuple):  # an input, not a file's end mark
                self.done += 1
            if self.progress is not None:
                self._report_progress()
            # Before the workers start (jobs > 1), hold decided articles a while
            # longer, so the first ones are not indexed into a segment of their own.
            if len(self.round.pending) >= (_WINDOW + _FLUSH_GROUP if pool.remote or pool.jobs == 1
                                           else 4 * _WINDOW):
                self._flush(keep=_WINDOW)
        if self._round_full():
            if self.buf or self.tickets:
                self._drain()  # ends here again, with nothing left in flight
            else:
                self._commit()
                self._apply_deferred()

    def _round_full(self) -> bool:
        """Time to commit: enough articles, or a writer's postings at their budget."""
        rnd = self.round
        return (rnd.written + len(rnd.pending) >= self.commit_every
                or self.pool.full or writer_full(rnd.writer))

    def _drain(self) -> None:
        if self.buf:
            self._submit()
        self._advance(block=True)

    def _report_progress(self, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last_progress < 0.1:
            return
        self._last_progress = now
        total = self.total[0] if self.total else None
        self.progress(Progress(self.done, total, self.tally.committed))

    # -- committing -----------------------------------------------------
    def _flush(self, keep: int = 0) -> None:
        """Send decided articles (oldest first) to be indexed."""
        rnd, pool = self.round, self.pool
        if len(rnd.pending) <= keep and not self.drops:
            return
        groups: dict[int, tuple[list, list]] = {}
        while len(rnd.pending) > keep:
            aid = next(iter(rnd.pending))
            del rnd.pending[aid]
            e = rnd.entries[aid]
            src = e.source
            if isinstance(src, _Extracted) and src.worker >= 0:
                groups.setdefault(src.worker, ([], []))[0].append((src.seq, e.paths, e.duplicate_of))
            else:
                if isinstance(src, _Extracted):
                    held = pool.take_local(src.seq)
                elif isinstance(src, dict):
                    from archive.index.whoosh.schema import from_stored

                    held = (from_stored(src), None)
                else:
                    held = (src, None)
                if pool.remote:
                    groups.setdefault(pool.pick(), ([], []))[1].append(_final(held[0], e.paths, e.duplicate_of))
                else:
                    rnd.get_writer().add_document(**_doc_fields(held, e.paths, e.duplicate_of))
            e.source = None
            e.loc = "sent"
            rnd.written += 1
        if pool.remote:
            pool.send_index(groups, self.drops)
        else:
            self.drops.clear()

    def _commit(self) -> None:
        rnd = self.round
        self._flush(0)
        segments = self.pool.finish()
        if rnd.writer is not None or any(s is not None for s in segments):
            commit_segments(rnd.get_writer(), segments)
            self.tally.committed += rnd.written
        self.tally.committed_now()
        rnd.close()
        self.round = _Round(self.ix)

    def _cancel(self) -> None:
        try:
            self.pool.cancel()
        finally:
            if self.round is not None and self.round.writer is not None:
                cancel_writer(self.round.writer)
                self.round.writer = None

    # -- looking things up ----------------------------------------------
    def _lookup(self, aid: str) -> _Entry | None:
        rnd = self.round
        e = rnd.entries.get(aid)
        if e is not None:
            return e
        if aid in rnd.deleted:
            return None
        stored = rnd.stored(aid)
        return None if stored is None else _from_stored_entry(stored)

    def _ids_at_path(self, path: str) -> set[str]:
        rnd = self.round
        ids = _ids(rnd.path_ids.get(path))
        for stored in rnd.stored_with("paths", path):
            aid = stored["id"]
            if aid not in rnd.entries and aid not in rnd.deleted:
                ids.add(aid)
        return ids

    def _members(self, key: str) -> list[_Entry]:
        """Every current article with this text hash (round first)."""
        rnd = self.round
        out = [rnd.entries[i] for i in _ids(rnd.text_ids.get(key))]
        for stored in rnd.stored_with("text_hash", key):
            aid = stored["id"]
            if aid not in rnd.entries and aid not in rnd.deleted:
                out.append(_from_stored_entry(stored))
        return out

    def _root_of(self, key: str, me: str) -> str | None:
        for m in self._members(key):
            if m.id != me:
                root = m.duplicate_of or m.id
                return None if root == me else root
        return None

    # -- changing the round ---------------------------------------------
    def _put(self, e: _Entry) -> None:
        rnd = self.round
        old = rnd.entries.get(e.id)
        if old is not None:
            self._unlink(old)
        e.loc = "pending"
        rnd.entries[e.id] = e
        rnd.pending.pop(e.id, None)
        rnd.pending[e.id] = None
        for p in e.paths:
            _link(rnd.path_ids, p, e.id)
        if e.text_hash:
            _link(rnd.text_ids, e.text_hash, e.id)

    def _unlink(self, e: _Entry) -> None:
        rnd = self.round
        for p in e.paths:
            _unlink(rnd.path_ids, p, e.id)
        if e.text_hash:
            _unlink(rnd.text_ids, e.text_hash, e.id)

    def _editable(self, e: _Entry) -> _Entry:
        """A pending entry for `e` (loading a committed article to rewrite it)."""
        if e.loc == "pending":
            return e
        assert e.loc == "index"
        self.round.delete(e.id)
        new = dataclasses.replace(e, loc="pending")
        self._put(new)
        return new

    def _remove(self, e: _Entry) -> None:
        """Delete an article (pending or committed) from the index-to-be."""
        rnd = self.round
        if e.loc == "pending":
            self.pool.discard(e.source if isinstance(e.source, _Extracted) else None, self.drops)
            self._unlink(e)
            del rnd.entries[e.id]
            rnd.pending.pop(e.id, None)
        rnd.delete(e.id)  # whatever the committed index holds under this id
        if e.text_hash:
            self._repoint(e.text_hash, e.id)

    def _set_paths(self, e: _Entry, paths: tuple[str, ...]) -> None:
        e = self._editable(e)
        self._unlink(e)
        e.paths = paths
        self._put(e)

    def _drop_path(self, aid: str, path: str) -> bool:
        """Remove `path` from article `aid`; delete the article when no path is
        left. Returns True when it was deleted."""
        e = self._lookup(aid)
        if e is None or path not in e.paths:
            return False
        if e.loc == "sent":
            self.deferred.append(("drop", aid, path))
            return False
        rest = tuple(p for p in e.paths if p != path)
        if rest:
            self._set_paths(e, rest)
            return False
        self._remove(e)
        return True

    def _repoint(self, key: str, gone: str | None) -> None:
        """Keep one original per text hash: after `gone` left (or to repair),
        every remaining article with `key` points at the same present root."""
        members = [m for m in self._members(key) if m.id != gone]
        if not members:
            return
        ids = {m.id for m in members}
        roots = {m.duplicate_of or m.id for m in members}
        if len(roots) == 1:
            root = next(iter(roots))
            if root in ids and root != gone:
                return
        old = sorted(m.id for m in members if m.loc != "pending")
        if old:
            new_root = old[0]
        else:
            order = {aid: i for i, aid in enumerate(self.round.pending)}
            new_root = min(members, key=lambda m: order.get(m.id, 0)).id
        for m in members:
            want = None if m.id == new_root else new_root
            if m.duplicate_of == want:
                continue
            if m.loc == "sent":
                self.deferred.append(("key", key))
                continue
            m = self._editable(m)
            m.duplicate_of = want

    def _defer(self, raw: RawRecord) -> None:
        self.deferred.append(("raw", raw))

    def _apply_deferred(self) -> None:
        items, self.deferred = self.deferred, []
        keys = set()
        for item in items:
            if item[0] == "raw":
                self._handle(_Slot(item[1]))
            elif item[0] == "drop":
                self._drop_path(item[1], item[2])
            else:
                keys.add(item[1])
        for key in keys:
            self._repoint(key, None)

    # -- deciding -------------------------------------------------------
    def _needs_extraction(self, raw: RawRecord) -> bool:
        """A guess made ahead of time (the decision is taken in order later)."""
        aid = article_id(raw)
        if not aid:
            return True
        e = self._lookup(aid)
        return e is None or e.content_hash != raw.content_hash and e.loc != "sent"

    def _fail(self, err: InputError) -> None:
        self.tally.errors.append(err)
        f = self.files.get(err.path)
        if f is not None:
            f[1] += 1

    def _handle(self, t) -> None:
        if isinstance(t, InputError):
            self._fail(t)
        elif isinstance(t, _Slot):
            self._handle_raw(t)
        else:  # ("end", path)
            if self.prune:
                self._prune_file(t[1])

    def _handle_raw(self, slot: _Slot) -> None:
        raw, res = slot.raw, slot.result
        if res is not None and res.error is not None:
            self._fail(InputError(raw.path, res.error, raw.line, raw.item))
            return
        aid = res.id if res is not None else article_id(raw)
        record = raw.kind == "record" and bool(aid)
        if record:
            if self.main_done and self._read_later(raw, aid, res):
                return
            mine = self.order.get(raw.path, -1)
            if mine > self.last_read.get(aid, -1):
                self.last_read[aid] = mine
        for _ in range(2):
            e = self._lookup(aid) if aid else None
            if e is not None and e.content_hash == raw.content_hash:
                self.pool.discard(res, self.drops)
                self._seen(raw, aid)
                self._same_content(raw, e)
                return
            if record and e is not None and not self.main_done and self._stored_from_later(raw, e):
                self.pool.discard(res, self.drops)
                self._seen(raw, aid)
                self._defer(raw)  # decided once that file is read
                return
            if e is not None and e.loc == "sent":
                self.pool.discard(res, self.drops)
                self._seen(raw, aid)
                self._twice(raw, aid, e)
                self._defer(raw)  # cannot replace an uncommitted document
                return
            if res is not None:
                break
            res = self.pool.extract_now(raw)
            if res.error is not None:
                self._fail(InputError(raw.path, res.error, raw.line, raw.item))
                return
            if res.id == aid:
                break
            aid = res.id
        self._seen(raw, aid)
        self._place(raw, res, e)

    def _read_later(self, raw: RawRecord, aid: str, res) -> bool:
        """After the main pass: was this id given by a file read after this
        one? Then that file's record stands (the last one read wins) and this
        one is passed over, said in a warning; nothing is rewritten when both
        files are as they were."""
        mine = self.order.get(raw.path, -1)
        later = self.last_read.get(aid, -1)
        if later <= mine:
            return False
        self.pool.discard(res, self.drops)
        self._seen(raw, aid)
        self.tally.unchanged += 1
        other = next((p for p, i in self.order.items() if i == later), "another file")
        where = source_where(raw.path, raw.line, raw.item)
        self.tally.warnings.append(f"{where}: id {aid!r} is also in {other}, read later, whose record is "
                                   f"kept (the last one read wins)")
        return True

    def _stored_from_later(self, raw: RawRecord, e: _Entry) -> bool:
        """Is the stored article with this record's id (other content) from
        another input file that this run reads later? Then whether this
        record replaces it is decided once that file has been read."""
        if raw.path in e.paths or raw.path not in self.order:
            return False
        mine = self.order[raw.path]
        return any(self.order.get(p, -1) > mine or p not in self.order and self._walks(p) for p in e.paths)

    def _walks(self, path: str) -> bool:
        """Will this run still read `path` (it lies under the given paths and
        has not been reached yet)?"""
        return os.path.isfile(path) and any(
            path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in self._roots)

    def _seen(self, raw: RawRecord, aid: str | None) -> None:
        f = self.files.get(raw.path)
        if f is not None and aid:
            f[0].add(aid)

    def _twice(self, raw: RawRecord, aid: str, old: _Entry) -> None:
        if old.fresh and raw.kind == "record":
            where = source_where(raw.path, raw.line, raw.item)
            self.tally.warnings.append(f"{where}: id {aid!r} was read before in this run with other "
                                       f"content; the last one read wins")

    def _same_content(self, raw: RawRecord, e: _Entry) -> None:
        if raw.path in e.paths:
            self.tally.unchanged += 1
            return
        if e.loc == "sent":
            self._defer(raw)
            return
        replaced = False
        if raw.kind != "record":
            for other in self._ids_at_path(raw.path) - {e.id}:
                self._drop_path(other, raw.path)
                replaced = True
        e = self._lookup(e.id) or e
        self._set_paths(e, (*e.paths, raw.path))
        if replaced:
            self.tally.updated += 1
        else:
            self.tally.copies += 1

    def _place(self, raw: RawRecord, res: _Extracted, old: _Entry | None) -> None:
        aid = res.id
        replaced = old is not None
        old_key = old.text_hash if old is not None else None
        if old is not None and old.loc == "pending":
            self.pool.discard(old.source if isinstance(old.source, _Extracted) else None, self.drops)
            self._twice(raw, aid, old)
        if old is not None:
            self.round.delete(aid)
        if raw.kind != "record":
            # A file holds one article: whatever this path held before is replaced.
            for other in self._ids_at_path(raw.path) - {aid}:
                self._drop_path(other, raw.path)
                replaced = True
        key = res.text_hash
        dup = self._root_of(key, aid) if key else None
        self._put(_Entry(aid, raw.content_hash, (raw.path,), key, dup, "pending", res, fresh=True))
        if old_key and old_key != key:
            self._repoint(old_key, aid)
        for w in res.warnings:
            self.tally.warnings.append(f"{source_where(raw.path, raw.line, raw.item)}: {w}")
        if dup:
            self.tally.duplicates += 1
        if replaced:
            self.tally.updated += 1
        else:
            self.tally.added += 1

    # -- pruning --------------------------------------------------------
    def _prune_file(self, path: str) -> None:
        """Records no longer in a JSON (Lines) file that was read without error."""
        if path not in self.files:
            return  # named twice: pruned at its first reading
        seen, errors = self.files.pop(path)
        if errors:
            # A record that failed may be a stored one still in the file:
            # removing what was not seen could delete it. Keep, and say so.
            if self._ids_at_path(path) - seen:
                self.tally.warnings.append(
                    f"{path}: --prune kept the articles missing from this file, because {errors} of its "
                    f"records could not be read (see the failures); fix them and run again to prune it")
            return
        for aid in self._ids_at_path(path) - seen:
            e = self._lookup(aid)
            if e is None:
                continue
            if e.loc == "sent":
                self.deferred.append(("drop", aid, path))
            elif self._drop_path(aid, path):
                self.tally.removed += 1

    def _prune_missing(self, roots: list[str]) -> None:
        """Drop paths under `roots` whose files are gone; count deleted articles."""
        prefixes = [normalise_path(r) for r in roots]
        reader = self.round.reader
        try:
            terms = list(reader.lexicon("paths"))
        except Exception:
            terms = []
        for term in terms:
            path = term.decode("utf-8") if isinstance(term, bytes) else term
            under = any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)
            if not under or os.path.isfile(path):
                continue
            for aid in self._ids_at_path(path):
                if self._drop_path(aid, path):
                    self.tally.removed += 1


# --------------------------------------------------------------------------
# Entry points


def _input_bytes(paths: list[str], enough: int) -> int:
    """Bytes of input under `paths`, counted until `enough`."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, str):
            try:
                total += os.path.getsize(item)
            except OSError:
                pass
            if total >= enough:
                break
    return total


def _count_inputs(paths: list[str], out: list[int], halt: threading.Event) -> None:
    """Estimate the number of inputs (one per file, one per JSON Lines line)."""
    from archive.read.formats import JSON_LINES_EXTENSIONS

    n = 0
    try:
        for item in iter_files(paths):
            if halt.is_set():
                return
            if isinstance(item, str) and os.path.splitext(item)[1].lower() in JSON_LINES_EXTENSIONS:
                lines, last = 0, b"\n"
                with open(item, "rb") as f:
                    while chunk := f.read(1 << 22):
                        if halt.is_set():
                            return
                        lines += chunk.count(b"\n")
                        last = chunk[-1:]
                n += lines + (last != b"\n")
            else:
                n += 1
    except OSError:
        return
    out.append(n)


def ingest(
    index: str | os.PathLike,
    paths: Iterable[str | os.PathLike],
    *,
    prune: bool = False,
    rebuild: bool = False,
    aliases=None,
    keep_aliases: str | None = None,
    lock_timeout: float | None = None,
    jobs: int | None = None,
    commit_every: int | None = None,
    on_wait: Callable[[], None] | None = None,
    on_interrupt: Callable[[str], None] | None = None,
    progress: Callable[[Progress], None] | None = None,
    min_parallel: int | None = None,
) -> IngestReport:
    """Add or update the articles under `paths` in the index at `index`.

    Waits up to `lock_timeout` seconds for another writer (`IndexLocked`
    after that, nothing written). The first SIGINT commits what is finished
    and stops (the report says `interrupted`); a second one discards the
    current batch. `jobs` worker processes extract and index (default: one
    per CPU); `commit_every` articles are made durable at a time.
    `keep_aliases`: the text of the user's alias table, kept with the index
    (as `aliases.tsv`) once the lock is held; a rebuild keeps it only if the
    rebuilt index is swapped in.
    """
    from archive.index.whoosh.store import DEFAULT_LOCK_TIMEOUT

    index = Path(index)
    paths = [os.fspath(p) for p in paths]
    options = dict(
        aliases=aliases,
        jobs=default_jobs() if jobs is None else max(1, int(jobs)),
        commit_every=commit_every or DEFAULT_COMMIT_EVERY,
        progress=progress,
        min_parallel=PARALLEL_MIN if min_parallel is None else min_parallel,
        on_interrupt=on_interrupt,
    )
    timeout = DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
    try:
        lock = acquire_lock(index, timeout, on_wait)
    except KeyboardInterrupt:
        return _Tally().report(index, interrupted=True)
    try:
        if rebuild:
            return _rebuild(index, paths, keep_aliases=keep_aliases, **options)
        from archive.index.whoosh.store import open_or_create

        ix = open_or_create(index)
        if keep_aliases is not None:
            _write_aliases(index, keep_aliases)
        return _run(ix, index, paths, prune=prune, skip=_skips(index), **options)
    except OSError as e:  # disk full, index folder not writable, a segment file gone, ...
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        raise ArchiveError(f"cannot read or write the index at {index}: {e.strerror or e}{where}; the "
                           f"current batch was discarded and the last commit stands (`archive check "
                           f"--index {index}` says what is wrong)") from None
    finally:
        lock.release()


ALIASES_FILE = "aliases.tsv"


def _write_aliases(folder: Path, text: str) -> None:
    tmp = folder / (ALIASES_FILE + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    _fsync_path(str(tmp))
    os.replace(tmp, folder / ALIASES_FILE)


def _skips(index: Path) -> tuple[str, ...]:
    return tuple({normalise_path(index), str(Path(index).resolve())})


def _run(ix, index: Path, paths: list[str], *, prune: bool, skip: tuple[str, ...], aliases, jobs,
         commit_every, progress, min_parallel, on_interrupt) -> IngestReport:
    clean_leftovers(index)
    stop = _Stop()
    session = _Session(ix, index, aliases=aliases, jobs=jobs, commit_every=commit_every, prune=prune,
                       progress=progress, stop=stop, min_parallel=min_parallel, skip_dirs=skip)
    halt = threading.Event()
    if progress is not None:
        threading.Thread(target=_count_inputs, args=(paths, session.total, halt), daemon=True).start()
    try:
        with _sigint_guard(stop, on_interrupt):
            session.run(paths)
    except KeyboardInterrupt:  # a second Ctrl-C: the current batch was discarded
        session.tally.discard_uncommitted()
        return session.tally.report(index, interrupted=True)
    finally:
        halt.set()
    if (session.tally.committed or session.tally.removed) and not stop.requested:
        from archive.index.whoosh.facets import warm

        try:
            warm(index)  # facet arrays of the new segments: the next search is not the slow one
        except KeyboardInterrupt:
            pass  # everything is committed; the first search builds what is missing
    return session.tally.report(index, interrupted=stop.requested)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    return fn(AT_FDCWD, os.fsencode(str(a)), AT_FDCWD, os.fsencode(str(b)), RENAME_EXCHANGE) == 0


def _rebuild(index: Path, paths: list[str], keep_aliases: str | None = None, **options) -> IngestReport:
    """Build a fresh index beside `index` and swap it in only when complete.

    The caller holds the old index's lock for the whole time, so no other
    ingest can add to the old index meanwhile (its work would be lost).
    A rebuild whose named paths are missing, or that would replace articles
    with an empty index, is refused: the old index stays (a typo must not
    wipe an archive)."""
    from archive.index.whoosh.store import create_index, has_index

    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise ArchiveError(f"--rebuild: {missing[0]}: no such file or folder; nothing was rebuilt and "
                           f"the index stays as it was")

    parent = index.resolve().parent
    prefix = f".{index.name}."
    for stale in parent.glob(f"{prefix}rebuild-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed rebuild (we hold the lock)
    for stale in parent.glob(f"{prefix}old-*"):
        shutil.rmtree(stale, ignore_errors=True)
    fresh = parent / f"{prefix}rebuild-{os.getpid()}"
    old = parent / f"{prefix}old-{os.getpid()}"
    notify = options.get("on_interrupt")
    if notify is not None:
        options["on_interrupt"] = lambda _msg: notify(
            "interrupted: stopping; the unfinished rebuild is discarded and the index stays as it was…")
    try:
        ix = create_index(fresh)
        report = _run(ix, fresh, paths, prune=False, skip=_skips(index) + (str(fresh),), **options)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if report.interrupted:  # nothing of it reaches the index
        shutil.rmtree(fresh, ignore_errors=True)
        return dataclasses.replace(report, index=str(index), committed=0, added=0, updated=0,
                                   unchanged=0, removed=0, copies=0, duplicates=0)
    if report.committed == 0 and has_index(index):
        from whoosh.index import open_dir

        try:
            old_ix = open_dir(str(index), indexname=_INDEX_NAME)
            held = old_ix.doc_count()
            old_ix.close()
        except Exception:
            held = 1  # the old index does not even open: still never swap an empty one over it
        if held:
            shutil.rmtree(fresh, ignore_errors=True)
            raise ArchiveError(f"--rebuild found no article to ingest under the given paths, so it did not "
                               f"replace the {held} articles in {index}; the index stays as it was")
    if keep_aliases is not None:
        _write_aliases(fresh, keep_aliases)
    # Carry over files kept with the index (such as a user alias table).
    for extra in index.iterdir():
        if extra.is_file() and extra.suffix in (".tsv",) and not (fresh / extra.name).exists():
            shutil.copy2(extra, fresh / extra.name)
    for name in os.listdir(fresh):
        _fsync_path(str(fresh / name))
    _fsync_path(str(fresh), directory=True)
    if _exchange(fresh, index):
        shutil.rmtree(fresh, ignore_errors=True)  # now the old index
    else:
        os.replace(index, old)
        os.replace(fresh, index)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_path(str(parent), directory=True)
    return dataclasses.replace(report, index=str(index), rebuilt=True)
