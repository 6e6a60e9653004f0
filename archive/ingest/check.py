"""`archive check`: is the index whole, and does it still match its sources?

Checks, in order, each problem with what to do about it:

1. The index opens: it exists, was written by a compatible version, and its
   table of contents reads.
2. The index itself (`Index.check`, the engine's): every segment reads,
   every live id is stored once, duplicate marks agree.
3. Sources (here: reading them needs `archive.read`, `archive.extract` and
   ingest's article ids): every file the index knows still exists, each
   plain text or HTML article still has the content it was built from, and
   every record of a JSON (Lines) file is stored (`quick=True` skips
   reading the files).
4. Leftovers a killed writer can leave; whether another process is writing.

`repair=True` fixes wrong duplicate marks in place (under the writer lock,
as an ingest would) and checks again. Exit status of the CLI: 0 when no
problem was found, 1 otherwise.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from archive.errors import ArchiveError
from archive.index import where as index_location
from archive.index.backend import Problem
from archive.ingest.articles import article_id, extract


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
    from archive.index import open_index

    index = index_location(index)
    report = CheckReport(index=str(index))
    try:
        found = open_index(index).check()
    except ArchiveError as e:
        from archive.errors import IndexIncompatible

        fix = (f"archive ingest --rebuild --index {index} PATH... (the raw files are the source of truth)"
               if isinstance(e, IndexIncompatible) else f"archive ingest --index {index} PATH...")
        report.add("open", str(e), fix)
        return report
    except Exception as e:
        report.add("open", f"the index's table of contents cannot be read ({type(e).__name__}: {e})",
                   f"archive ingest --rebuild --index {index} PATH... (the raw files are the source of truth)")
        return report
    for name in ("generation", "segments", "documents", "deleted", "writing"):
        setattr(report, name, getattr(found, name))
    report.problems += found.problems
    report.notes += found.notes
    docs = found.records
    if docs is None:
        return report
    if repair and any(p.kind == "duplicates" for p in report.problems):
        _repair_duplicates(index, docs, lock_timeout)
        return check(index, quick=quick, repair=False)
    _check_sources(docs, report, quick, index)
    report.notes += found.leftovers
    return report


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
                art, err = extract(rec, None)
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


def _repair_duplicates(index: Path, docs: list[dict], lock_timeout: float | None) -> None:
    """Re-elect one original per text and re-point the copies (under the lock)."""
    from archive.index import lock
    from archive.ingest.session import Session, Stop

    keys = {d["text_hash"] for d in docs if d.get("text_hash")}
    keys |= {d["text_hash"] for d in docs if d.get("duplicate_of") and d.get("text_hash")}
    held = lock(index, timeout=lock_timeout)
    try:
        writer = held.writer()
        session = Session(writer, aliases=None, jobs=1, commit_every=10**9, prune=False,
                          progress=None, stop=Stop(), min_parallel=None, skip_dirs=())
        led = session.ledger
        try:
            # Marks pointing at an id that is gone or not an original.
            ids = {d["id"] for d in docs}
            for d in docs:
                dup = d.get("duplicate_of")
                if dup and (dup not in ids or not d.get("text_hash")):
                    e = led.lookup(d["id"])
                    if e is not None:
                        e = led.editable(e)
                        e.duplicate_of = None
            for key in sorted(keys):
                led.repoint(key, None)
            session.commit()
        finally:
            session.pool.close()
            writer.close()
    finally:
        held.release()
