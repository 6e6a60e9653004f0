"""Failures remembered from one ingest to the next, so a scheduled run that
changed nothing is not a failure.

Every failed input is kept with the index (`failures.json`) with its file's
size and modification time. On the next run a failure of an input whose file
is unchanged is an *unchanged* failure: still reported, line by line, but it
alone does not make the exit status 3 (`--strict` does). Failures of inputs
outside this run's paths are carried over untouched.
"""

from __future__ import annotations

import dataclasses
import json
import os

from archive.ingest.report import IngestReport
from archive.read.sources import normalise_path

FILE = "failures.json"


def _fingerprint(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _under(path: str, roots: list[str]) -> bool:
    p = normalise_path(path)
    return any(p == r or p.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _key(path: str, line, item, reason: str) -> str:
    return json.dumps([path, line, bool(item), reason], ensure_ascii=False)


def settle(held, report: IngestReport, paths: list[str]) -> IngestReport:
    """`report` with its unchanged failures counted, and the remembered
    failures brought up to date (under the write lock `held`)."""
    try:
        before = {_key(r["path"], r["line"], r["item"], r["reason"]): r
                  for r in json.loads(held.kept_file(FILE) or "[]")}
    except (ValueError, KeyError, TypeError):
        before = {}  # unreadable: every failure counts as new, the file is rewritten
    roots = [normalise_path(p) for p in paths]
    now = {}
    for e in report.errors:
        now[_key(e.path, e.line, e.item, e.reason)] = {"path": e.path, "line": e.line, "item": bool(e.item),
                                                        "reason": e.reason, "file": _fingerprint(e.path)}
    unchanged = sum(1 for k, r in now.items() if r["file"] is not None and before.get(k, {}).get("file") == r["file"])
    if not report.interrupted:
        kept = {k: r for k, r in before.items() if not _under(r["path"], roots)}
        kept.update(now)
        if kept != before:
            held.keep_file(FILE, json.dumps(sorted(kept.values(), key=lambda r: (r["path"], r["line"] or 0)),
                                            ensure_ascii=False, indent=0) + "\n")
    return dataclasses.replace(report, unchanged_failures=unchanged)
