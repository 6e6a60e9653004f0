"""The engine's part of `archive check`: is the index folder whole?

`check_index` is `WhooshIndex.check()`: in order, the table of contents
(TOC) reads; every segment opens and reads (every stored document and every
term of the exact-value fields, with their postings; a damaged or missing
segment file shows here); every live id is stored once; every
`duplicate_of` points at a present original and all copies of one text
agree on it; what a killed writer can leave (temp files, an unfinished
rebuild); and whether another process is writing right now. It returns an
`archive.index.maintenance.IndexCheck` with the live stored records, which
`archive.ingest.check` compares with the source files.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from archive.index.maintenance import IndexCheck
from archive.index.bookkeeping import check_duplicate_marks, listed


def check_index(index) -> IndexCheck:
    """Check the open `WhooshIndex` `index`. Raises when its table of
    contents cannot be read at all."""
    path = index.path
    rebuild = f"archive ingest --rebuild --index {path} PATH... (the raw files are the source of truth)"
    ix = index.ix
    toc = ix._read_toc()
    report = IndexCheck(generation=toc.generation, segments=len(toc.segments),
                        documents=sum(s.doc_count() for s in toc.segments),  # as the TOC says
                        deleted=sum(s.deleted_count() for s in toc.segments))
    report.writing = _writing(path)
    if report.writing:
        report.notes.append("another process is writing to the index now; what it has not "
                            "committed yet is not counted")
    docs = _read_segments(ix, toc, report, rebuild)
    if docs is None:
        return report
    report.records = docs
    _check_bookkeeping(docs, report, path)
    _check_leftovers(path, ix, toc, report)
    return report


def _writing(index: Path) -> bool:
    from archive.index.whoosh.writelock import is_locked

    return is_locked(index)


def _read_segments(ix, toc, report: IndexCheck, rebuild: str) -> list[dict] | None:
    """Read every live stored document of every segment; None when broken."""
    from whoosh.reading import SegmentReader

    docs: list[dict] = []
    broken = []
    deleted = 0
    for seg in toc.segments:
        name = seg.segment_id()
        try:
            reader = SegmentReader(ix.storage, toc.schema, seg)
        except Exception as e:
            broken.append(f"{name} ({type(e).__name__}: {e})")
            continue
        try:
            for n in range(seg.doc_count_all()):
                if not reader.is_deleted(n):
                    docs.append(reader.stored_fields(n))
                else:
                    deleted += 1
            for fieldname in ("id", "paths", "text_hash", "duplicate_of"):
                if fieldname not in toc.schema:
                    continue
                for term in reader.lexicon(fieldname):
                    m = reader.postings(fieldname, term)
                    while m.is_active():
                        m.id()
                        m.next()
            # Field lengths (BM25 needs them) live in files of their own: a
            # missing one would only fail at ranking time.
            for fieldname in toc.schema.scorable_names():
                _length_file_present(ix.storage, name, fieldname, reader)
        except Exception as e:
            broken.append(f"{name} ({type(e).__name__}: {e})")
        finally:
            try:
                reader.close()
            except Exception:
                pass
    if broken:
        report.add("segment", f"{len(broken)} segment(s) cannot be read: {listed(broken, 3)}", rebuild)
        return None
    report.documents, report.deleted = len(docs), deleted
    return docs


def _length_file_present(storage, segid: str, fieldname: str, reader) -> None:
    """Whoosh answers 0 for a field length whose column file is missing (it
    checks the file exists first), so look for the file itself when the
    segment has lengths for that field."""
    name = f"{segid}._{fieldname}_len.col"
    if reader.field_length(fieldname) and not storage.file_exists(name):
        raise FileNotFoundError(f"{name} is missing")


def _check_bookkeeping(docs: list[dict], report: IndexCheck, index: Path) -> None:
    counts = Counter(d.get("id") for d in docs)
    twice = sorted(i for i, n in counts.items() if n > 1)
    if twice:
        report.add("ids", f"{len(twice)} id(s) stored more than once: {listed(twice)}",
                   f"archive ingest --rebuild --index {index} PATH...")
    check_duplicate_marks(docs, report, index)


def _check_leftovers(index: Path, ix, toc, report: IndexCheck) -> None:
    if report.writing:
        return
    live = {s.segment_id() for s in toc.segments}
    stray = []
    for name in os.listdir(index):
        if name.startswith("_MAIN_") and "." in name and not name.endswith(".toc"):
            seg = name[1:].split(".", 1)[0]
            if seg not in live:
                stray.append(name)
        elif ".toc." in name or (name.endswith(".tmp") and (index / name).is_dir()):
            stray.append(name)
    parent = index.resolve().parent
    stale = [p.name for p in parent.glob(f".{index.name}.rebuild-*")] + \
            [p.name for p in parent.glob(f".{index.name}.old-*")]
    if stray:
        report.leftovers.append(f"{len(stray)} leftover file(s) of an interrupted write "
                            f"({listed(stray, 3)}): harmless, the next `archive ingest` removes them")
    if stale:
        report.leftovers.append(f"leftover of an interrupted rebuild beside the index ({listed(stale, 3)}): "
                            f"harmless, the next `archive ingest --rebuild` removes it")
