"""`archive optimize`: merge all segments of the index into one.

Every ingest adds segments (one per worker process and commit); Whoosh merges
small ones as it goes, but a search still opens each one and deleted
(replaced) documents keep their space until a merge. Merging everything
makes searches a little faster and the index smaller. It takes the writer
lock like an ingest (waiting up to `lock_timeout` seconds) and commits the
same way, so searches keep working meanwhile and a kill leaves the index as
it was.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from archive.index.maintenance import OptimizeReport


def _size(path: Path) -> int:
    total = 0
    for name in os.listdir(path):
        p = path / name
        if p.is_file():
            total += p.stat().st_size
    return total


def optimize(index: str | os.PathLike, *, lock_timeout: float | None = None,
             on_wait: Callable[[], None] | None = None) -> OptimizeReport:
    from archive.index.whoosh.durable import cancel_writer, commit_segments
    from archive.index.whoosh.segment import new_writer
    from archive.index.whoosh.store import DEFAULT_LOCK_TIMEOUT, open_index
    from archive.index.whoosh.writelock import acquire_lock, clean_leftovers

    index = Path(index)
    open_index(index)  # refuses a missing or incompatible index before waiting for the lock
    lock = acquire_lock(index, DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout, on_wait)
    try:
        ix = open_index(index)  # as it is now: a rebuild may have landed while we waited
        clean_leftovers(index)
        toc = ix._read_toc()
        before = len(toc.segments)
        deleted = sum(s.deleted_count() for s in toc.segments)
        size_before = _size(index)
        if before <= 1 and not deleted:
            docs = ix.doc_count()
            return OptimizeReport(str(index), before, before, docs, 0, size_before, size_before)
        writer = new_writer(ix)
        try:
            segments = commit_segments(writer, optimize=True)
        except BaseException:
            cancel_writer(writer)
            raise
        from archive.index.whoosh.facets import warm

        warm(index)  # the merged segment's facet arrays, for the next search
        return OptimizeReport(str(index), before, len(segments), ix.doc_count(), deleted,
                              size_before, _size(index))
    finally:
        lock.release()
