"""Durable commits: nothing is published before the files it names are on disk.

Whoosh itself never fsyncs. Here every commit fsyncs each new segment file,
then the folder, then writes the table of contents (TOC) through
`DurableStorage`, which fsyncs the TOC file before the rename that
publishes it and the folder after. A crash or kill at any point leaves the
last committed generation; what an unfinished commit wrote is removed by the
next writer (`archive.index.whoosh.writelock.clean_leftovers`).

Segments written by worker processes (`archive.index.whoosh.parts`) are
finished and fsynced there and published here, in one TOC with the main
process's own.
"""

from __future__ import annotations

import os
from pathlib import Path


def fsync_path(path: str, directory: bool = False) -> None:
    """fsync a file (or a folder's entries); a path that cannot be opened is passed over."""
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


def fsync_segment(storage, segment) -> None:
    for name in segment.list_files(storage):
        fsync_path(os.path.join(storage.folder, name))


def discard_segment(storage, segment) -> None:
    for name in segment.list_files(storage):
        try:
            storage.delete_file(name)
        except OSError:
            pass


class DurableStorage:
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
        fsync_path(self._storage.folder, directory=True)

    def __getattr__(self, name):
        return getattr(self._storage, name)


def commit_segments(writer, new_segments=(), *, merge: bool = True, optimize: bool = False) -> list:
    """Commit `writer` (a `SegmentWriter` created with `_lk=False`) together
    with finished segments written by other processes (or a callable that
    waits for them, called once this writer's own segment is on disk);
    return the segments of the new index generation. Small segments are merged (Whoosh's
    MERGE_SMALL) unless `merge` is False."""
    from whoosh.index import TOC, clean_files

    final = writer._merge_segments(None, optimize, merge)
    own = None
    if writer._added:
        own = writer._finalize_segment()
        fsync_segment(writer.storage, own)
    else:
        writer._close_segment()
        discard_segment(writer.storage, writer.newsegment)
    # A callable gives the other processes' segments once this one is written
    # (they write theirs meanwhile); the order in the TOC is the same.
    others = new_segments() if callable(new_segments) else new_segments
    final = list(final) + [s for s in others if s is not None] + ([own] if own is not None else [])
    fsync_path(writer.storage.folder, directory=True)
    TOC(writer.schema, final, writer.generation).write(DurableStorage(writer.storage), writer.indexname)
    clean_files(writer.storage, writer.indexname, writer.generation, final)
    writer._finish()
    return final


def finish_segment(writer):
    """End a worker's writer without committing: its segment, on disk
    (fsynced) for the main process to publish, or None when it holds nothing."""
    if writer._added:
        seg = writer._finalize_segment()
        fsync_segment(writer.storage, seg)
        return seg
    writer._close_segment()
    discard_segment(writer.storage, writer.newsegment)
    return None


def cancel_writer(writer) -> None:
    """Throw away an uncommitted writer and the files it started."""
    try:
        if not writer.is_closed:
            writer._close_segment()
            discard_segment(writer.storage, writer.newsegment)
            writer._finish()
    except Exception:
        pass


def keep_file(folder: Path, name: str, text: str) -> None:
    """Write a small file kept with the index (the user's alias table):
    whole or not at all, on disk before it replaces the previous one."""
    tmp = folder / (name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    fsync_path(str(tmp))
    os.replace(tmp, folder / name)
