"""Ingest: files in, index updated, and a report of every input's fate.

Orchestration only: it reads inputs (`archive.read`), extracts articles
(`archive.extract`), decides what becomes of each, and writes through the
engine seam (`archive.index`: `lock`, the `WriteLock`, `Writer` and `Part`
of `archive.index.backend`); nothing here knows which engine holds the index.

- `run.py`: `ingest()`, the entry point: the lock, then a plain ingest or
  `rebuild.py` (a fresh index swapped in when complete).
- `session.py`: one ingest driven in rounds and committed; `inputs.py` the
  input stream; `decide.py` the decision for each input, in input order;
  `ledger.py` the incremental bookkeeping (entries, paths, text hashes,
  duplicates) over the last commit; `prune.py` `--prune`.
- `pool.py` the worker pool (main-process side), `remote.py` one worker's
  pipes, `worker.py` the worker subprocess's main loop; `articles.py` what
  both sides do with one article.
- `report.py`: `IngestReport`, `Progress`, the tally.
- `check.py`: `archive check`: the engine's `Index.check()` plus the source
  files, and the duplicate-mark repair.

Parallel ingest (`jobs > 1`): worker processes (plain subprocesses, fed over
pipes) extract articles AND index them into a part of their own (for Whoosh
a segment); the main process reads the input, keeps the bookkeeping, and at
each commit publishes the workers' parts with its own changes at once.
Workers start only once an ingest is big enough to pay for them.

May import `archive.index` (never an engine: not `archive.index.whoosh`,
not `whoosh`), `archive.extract`, `archive.read` and the shared modules.
"""

from __future__ import annotations

from archive.ingest.articles import article_id
from archive.ingest.remote import WorkerDied
from archive.ingest.report import EXIT_INTERRUPTED, EXIT_PARTIAL, IngestReport, Progress
from archive.ingest.run import ALIASES_FILE, DEFAULT_COMMIT_EVERY, default_jobs, ingest

__all__ = ["ALIASES_FILE", "DEFAULT_COMMIT_EVERY", "EXIT_INTERRUPTED", "EXIT_PARTIAL", "IngestReport", "Progress",
           "WorkerDied", "article_id", "default_jobs", "ingest"]
