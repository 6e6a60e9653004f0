"""`ingest()`: the entry point. Take the index's lock, then a plain ingest or a rebuild.

The lock comes first (`archive.index.lock`), before the index is opened or
created: see `archive.index.backend`. A plain ingest then writes into the
index as it is now; a rebuild (`archive.ingest.rebuild`) into a fresh one
swapped in at the end. Either way the index only changes through commits
whose files are on disk first, so a crash or kill leaves the last committed
state; the raw files stay the source of truth and re-running the same
ingest finishes the job.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Callable, Iterable

from archive.errors import ArchiveError
from archive.index import lock
from archive.index import where as index_location
from archive.ingest.failures import settle
from archive.ingest.inputs import skips
from archive.ingest.rebuild import rebuild as rebuild_index
from archive.ingest.report import IngestReport, Progress, Tally
from archive.ingest.session import run_session

#: Commit (make the work durable and visible) at least every this many articles.
DEFAULT_COMMIT_EVERY = 100_000
#: The user's alias table, kept with the index (`Archive` reads it from there).
ALIASES_FILE = "aliases.tsv"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


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
    strict: bool = False,
) -> IngestReport:
    """Add or update the articles under `paths` in the index at `index`.

    Waits up to `lock_timeout` seconds for another writer (`IndexLocked`
    after that, nothing written). The first SIGINT commits what is finished
    and stops (the report says `interrupted`); a second one discards the
    current batch. `jobs` worker processes extract and index (default: one
    per CPU), once the input is big enough to pay for them
    (`pool.PARALLEL_BYTES`), or once `min_parallel` articles were extracted
    when that is given; `commit_every` articles are made durable at a time.
    `keep_aliases`: the text of the user's alias table, kept with the index
    (as `aliases.tsv`) once the lock is held; a rebuild keeps it only if the
    rebuilt index is swapped in.
    """
    index = index_location(index)
    paths = [os.fspath(p) for p in paths]
    options = dict(
        aliases=aliases,
        jobs=default_jobs() if jobs is None else max(1, int(jobs)),
        commit_every=commit_every or DEFAULT_COMMIT_EVERY,
        progress=progress,
        min_parallel=min_parallel,
        on_interrupt=on_interrupt,
    )
    keep = {ALIASES_FILE: keep_aliases} if keep_aliases is not None else {}
    try:
        held = lock(index, timeout=lock_timeout, on_wait=on_wait)
    except KeyboardInterrupt:
        return Tally().report(index, interrupted=True)
    try:
        if rebuild:
            # A rebuild starts afresh: its failures are all new, and remembered.
            report = rebuild_index(held, index, paths, keep, **options)
            if report.rebuilt:
                report = settle(held, report, paths)
            return dataclasses.replace(report, strict=strict)
        writer = held.writer()
        try:
            for name, text in keep.items():
                held.keep_file(name, text)
            held.tidy()
        except BaseException:
            writer.close()
            raise
        report = run_session(writer, index, paths, prune=prune, skip=skips(index), **options)
        return dataclasses.replace(settle(held, report, paths), strict=strict)
    except OSError as e:  # disk full, index folder not writable, a segment file gone, ...
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        raise ArchiveError(f"cannot read or write the index at {index}: {e.strerror or e}{where}; the "
                           f"current batch was discarded and the last commit stands (`archive check "
                           f"--index {index}` says what is wrong)") from None
    finally:
        held.release()
