"""`archive check`: is the index whole, and does it still match its sources?

Checks, in order, each problem with what to do about it:

1. The index opens: it exists, was written by a compatible version, and its
   table of contents (TOC) reads.
2. Every segment opens and reads: every stored document and every term of
   the exact-value fields, with their postings (a damaged or missing segment
   file shows here).
3. Bookkeeping: every live id is stored once; every `duplicate_of` points at
   a present original, and all copies of one text agree on it.
4. Sources: every file the index knows still exists, and each plain text or
   HTML article still has the content it was built from (`quick=True` skips
   reading the files).
5. Leftovers a killed writer can leave (temp files, an unfinished rebuild);
   and whether another process is writing right now.

Exit status of the CLI: 0 when no problem was found, 1 otherwise.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from archive.errors import ArchiveError


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str
    fix: str


@dataclass
class CheckReport:
    index: str
    generation: int | None = None
    segments: int = 0
    documents: int = 0
    deleted: int = 0
    source_files: int = 0
    missing_files: int = 0
    changed_files: int = 0
    sources_checked: bool = False
    writing: bool = False
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ok"] = self.ok
        d["exit_code"] = self.exit_code
        return d

    def add(self, kind: str, message: str, fix: str) -> None:
        self.problems.append(Problem(kind, message, fix))


def _list(items, n: int = 5) -> str:
    items = list(items)
    shown = ", ".join(str(i) for i in items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


def check(index: str | os.PathLike, *, quick: bool = False, repair: bool = False,
          lock_timeout: float | None = None) -> CheckReport:
    """Verify the index at `index`. With `repair`, fix what can be fixed in
    place (duplicate marks that disagree) and check again."""
    from archive.index.whoosh.store import open_index

    index = Path(index)
    rebuild = f"archive ingest --rebuild --index {index} PATH... (the raw files are the source of truth)"
    report = CheckReport(index=str(index))
    try:
        ix = open_index(index)
        toc = ix._read_toc()
    except ArchiveError as e:
        from archive.errors import IndexIncompatible

        fix = rebuild if isinstance(e, IndexIncompatible) else f"archive ingest --index {index} PATH..."
        report.add("open", str(e), fix)
        return report
    except Exception as e:
        report.add("open", f"the index's table of contents cannot be read ({type(e).__name__}: {e})",
                   rebuild)
        return report
    report.generation = toc.generation
    report.segments = len(toc.segments)
    report.documents = sum(s.doc_count() for s in toc.segments)  # as the TOC says
    report.deleted = sum(s.deleted_count() for s in toc.segments)
    report.writing = _writing(index)
    if report.writing:
        report.notes.append("another process is writing to the index now; what it has not "
                            "committed yet is not counted")

    docs = _read_segments(ix, toc, report, rebuild)
    if docs is None:
        return report
    _check_bookkeeping(docs, report, index)
    if repair and any(p.kind == "duplicates" for p in report.problems):
        _repair_duplicates(index, docs, lock_timeout)
        return check(index, quick=quick, repair=False)
    _check_sources(docs, report, quick, index)
    _check_leftovers(index, ix, toc, report)
    return report


def _writing(index: Path) -> bool:
    from whoosh.util.filelock import FileLock

    from archive.ingest import lock_path

    if not lock_path(index).exists():
        return False
    lock = FileLock(str(lock_path(index)))
    try:
        if lock.acquire():
            lock.release()
            return False
    except OSError:
        return False
    return True


def _read_segments(ix, toc, report: CheckReport, rebuild: str) -> list[dict] | None:
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
        report.add("segment", f"{len(broken)} segment(s) cannot be read: {_list(broken, 3)}", rebuild)
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


def _check_bookkeeping(docs: list[dict], report: CheckReport, index: Path) -> None:
    counts = Counter(d.get("id") for d in docs)
    twice = sorted(i for i, n in counts.items() if n > 1)
    if twice:
        report.add("ids", f"{len(twice)} id(s) stored more than once: {_list(twice)}",
                   f"archive ingest --rebuild --index {index} PATH...")
    by_id = {d.get("id"): d for d in docs}
    groups: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        if d.get("text_hash"):
            groups[d["text_hash"]].append(d)
    bad = []
    for d in docs:
        dup = d.get("duplicate_of")
        if dup is None:
            continue
        target = by_id.get(dup)
        if target is None or target.get("duplicate_of") or target.get("text_hash") != d.get("text_hash"):
            bad.append(d["id"])
    for key, members in groups.items():
        roots = {m.get("duplicate_of") or m["id"] for m in members}
        if len(roots) > 1:
            bad.extend(m["id"] for m in members)
    if bad:
        bad = sorted(set(bad))
        report.add("duplicates",
                   f"{len(bad)} article(s) with a wrong duplicate_of mark: {_list(bad)}",
                   f"archive check --repair --index {index}")


def _sha256(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _is_json(path: str) -> bool:
    if os.path.splitext(path)[1].lower() in (".json", ".jsonl", ".ndjson", ".jsonlines"):
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(4096).lstrip(b" \t\r\n\xef\xbb\xbf")
    except OSError:
        return False
    return head[:1] in (b"{", b"[")


def _check_sources(docs: list[dict], report: CheckReport, quick: bool, index: Path) -> None:
    report.sources_checked = True
    by_path: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        for p in (d.get("paths") or "").split("\n"):
            if p:
                by_path[p].append(d)
    report.source_files = len(by_path)
    missing = sorted(p for p in by_path if not os.path.isfile(p))
    report.missing_files = len(missing)
    if missing:
        gone = sum(1 for p in missing for _ in by_path[p])
        report.add("sources",
                   f"{len(missing)} source file(s) of {gone} article(s) no longer exist: {_list(missing)}",
                   "archive ingest --prune PATH... over the folders they were in "
                   "(or ingest the files where they are now)")
    if quick:
        return
    changed = []
    for path, held in by_path.items():
        if path in missing or any(d.get("line") is not None for d in held) or _is_json(path):
            continue  # gone, or a JSON (Lines) file: records are checked on ingest
        digest = _sha256(path)
        if digest is not None and all(d.get("content_hash") != digest for d in held):
            changed.append(path)
    _check_records(by_path, missing, report)
    report.changed_files = len(changed)
    if changed:
        report.add("sources", f"{len(changed)} source file(s) changed since they were ingested: "
                              f"{_list(sorted(changed))}",
                   "archive ingest PATH... again (it updates what changed)")


def _check_records(by_path: dict[str, list[dict]], missing: list[str], report: CheckReport) -> None:
    """JSON (Lines) sources record by record: every record's article stored,
    every stored article still read from its file. An interrupted or killed
    import, or an export changed since, shows up here. A record counts as
    stored when its id is (a feed may repeat an id: the last line wins), and
    records that hold no article are never expected in the index."""
    from archive.ingest import _extract, article_id
    from archive.read.formats import RawRecord, read_file

    gone = set(missing)
    behind, stale, changed = [], [], []
    for path, held in sorted(by_path.items()):
        if path in gone or not (_is_json(path) or any(d.get("line") is not None for d in held)):
            continue
        hashes = {d.get("content_hash") for d in held}
        ids = {d.get("id") for d in held}
        seen_hashes, seen_ids = set(), set()
        absent = 0
        try:
            for rec in read_file(path):
                if not isinstance(rec, RawRecord):
                    continue  # unreadable: reported by every ingest, never stored
                seen_hashes.add(rec.content_hash)
                aid = article_id(rec)
                if aid:
                    seen_ids.add(aid)
                if rec.content_hash in hashes or (aid and aid in ids):
                    continue
                art, err = _extract(rec, None)
                if art is None:
                    continue  # holds no article (or fails every ingest the same way): never stored
                seen_ids.add(art.id)
                if art.id not in ids:
                    absent += 1
        except Exception as e:  # a reader bug: say so, do not stop the check
            report.notes.append(f"{path}: could not be read through ({type(e).__name__}: {e})")
            continue
        if absent:
            behind.append((path, absent))
        left = sum(1 for d in held if d.get("content_hash") not in seen_hashes and d.get("id") not in seen_ids)
        if left:
            stale.append((path, left))
        edited = sum(1 for d in held if d.get("content_hash") not in seen_hashes and d.get("id") in seen_ids)
        if edited:
            changed.append((path, edited))
    if behind:
        report.add("sources", f"{sum(n for _, n in behind)} record(s) in {len(behind)} JSON file(s) are not in "
                              f"the index (added since, or an ingest that did not finish): "
                              f"{_list([f'{p} ({n})' for p, n in behind])}",
                   "archive ingest PATH... again (it adds what is missing)")
    if stale:
        report.add("sources", f"{sum(n for _, n in stale)} article(s) come from records no longer in their "
                              f"JSON file: {_list([f'{p} ({n})' for p, n in stale])}",
                   "archive ingest --prune PATH... (removes records deleted from the file)")
    if changed:
        report.add("sources", f"{sum(n for _, n in changed)} record(s) changed in their JSON file since they "
                              f"were ingested: {_list([f'{p} ({n})' for p, n in changed])}",
                   "archive ingest PATH... again (it updates what changed)")


def _check_leftovers(index: Path, ix, toc, report: CheckReport) -> None:
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
        report.notes.append(f"{len(stray)} leftover file(s) of an interrupted write "
                            f"({_list(stray, 3)}): harmless, the next `archive ingest` removes them")
    if stale:
        report.notes.append(f"leftover of an interrupted rebuild beside the index ({_list(stale, 3)}): "
                            f"harmless, the next `archive ingest --rebuild` removes it")


def _repair_duplicates(index: Path, docs: list[dict], lock_timeout: float | None) -> None:
    """Re-elect one original per text and re-point the copies (under the lock)."""
    from archive.ingest import _Round, _Session, _Stop, acquire_lock
    from archive.index.whoosh.store import DEFAULT_LOCK_TIMEOUT, open_index

    keys = {d["text_hash"] for d in docs if d.get("text_hash")}
    keys |= {d["text_hash"] for d in docs if d.get("duplicate_of") and d.get("text_hash")}
    lock = acquire_lock(index, DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout)
    try:
        ix = open_index(index)
        session = _Session(ix, index, aliases=None, jobs=1, commit_every=10**9, prune=False,
                           progress=None, stop=_Stop(), min_parallel=10**9, skip_dirs=())
        session.round = _Round(ix)
        try:
            # Marks pointing at an id that is gone or not an original.
            ids = {d["id"] for d in docs}
            for d in docs:
                dup = d.get("duplicate_of")
                if dup and (dup not in ids or not d.get("text_hash")):
                    e = session._lookup(d["id"])
                    if e is not None:
                        e = session._editable(e)
                        e.duplicate_of = None
            for key in sorted(keys):
                session._repoint(key, None)
            session._commit()
        finally:
            session.pool.close()
            session.round.close()
    finally:
        lock.release()
