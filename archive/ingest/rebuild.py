"""`archive ingest --rebuild`: a fresh index from the sources, swapped in only when complete.

The engine builds the fresh index beside the old one (`WriteLock.rebuild`)
while this process holds the old index's lock for the whole time, so no
other ingest can add to the old index meanwhile (its work would be lost).
A rebuild whose named paths are missing, that was interrupted, or that would
replace articles with an empty index, is refused or discarded: the old index
stays (a typo must not wipe an archive).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from archive.errors import ArchiveError
from archive.ingest.inputs import skips
from archive.ingest.report import IngestReport
from archive.ingest.session import run_session


def rebuild(held, index: Path, paths: list[str], keep_files: dict[str, str], **options) -> IngestReport:
    """Rebuild the index `held` (a `WriteLock`) holds from `paths`;
    `keep_files` (name -> text) are kept with it only if it is swapped in."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise ArchiveError(f"--rebuild: {missing[0]}: no such file or folder; nothing was rebuilt and "
                           f"the index stays as it was")
    fresh = held.rebuild()
    notify = options.get("on_interrupt")
    if notify is not None:
        options["on_interrupt"] = lambda _msg: notify(
            "interrupted: stopping; the unfinished rebuild is discarded and the index stays as it was…")
    try:
        report = run_session(fresh.writer(), index, paths, prune=False, skip=skips(index) + (fresh.location,),
                             **options)
    except BaseException:
        fresh.discard()
        raise
    if report.interrupted:  # nothing of it reaches the index
        fresh.discard()
        return dataclasses.replace(report, index=str(index), committed=0, added=0, updated=0,
                                   unchanged=0, removed=0, copies=0, duplicates=0)
    if report.committed == 0:
        held_before = fresh.replaced()
        if held_before:
            fresh.discard()
            raise ArchiveError(f"--rebuild found no article to ingest under the given paths, so it did not "
                               f"replace the {held_before} articles in {index}; the index stays as it was")
    for name, text in keep_files.items():
        fresh.keep_file(name, text)
    fresh.replace()
    return dataclasses.replace(report, index=str(index), rebuilt=True)
