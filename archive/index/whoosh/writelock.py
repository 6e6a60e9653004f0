"""The writer lock of an index folder, and what its holder may do.

One process at a time writes an index: it holds Whoosh's own lock file
(`MAIN_WRITELOCK`), an OS file lock (flock) that the kernel drops when its
holder dies, so a lock left by a killed process is recovered at once and two
live writers never hold it together. The lock comes first, before the index
is opened or created: a new index is created by the lock's holder only, an
index swapped in by a rebuild while one waited is the one opened, and a
rebuild can replace an index that does not even open.

`WhooshLock` is the seam's `WriteLock` (`archive.index.backend`): the held
lock, from which the writer, a rebuild, kept files and tidying come.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Callable

from archive.errors import ArchiveError, IndexLocked
from archive.index.whoosh.store import DEFAULT_LOCK_TIMEOUT, INDEX_NAME


def lock_path(index: Path) -> Path:
    """Whoosh's own writer lock file: every writer of the index takes it."""
    return Path(index) / f"{INDEX_NAME}_WRITELOCK"


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


def is_locked(index: Path) -> bool:
    """Whether another process holds the writer lock now."""
    from whoosh.util.filelock import FileLock

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
        if name.startswith(f"_{INDEX_NAME}_") and ".toc." in name:
            p.unlink(missing_ok=True)
            removed.append(name)
        elif name.endswith(".tmp") and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(name)
    return removed


class WhooshLock:
    """The held writer lock of one index folder (`archive.index.backend.WriteLock`)."""

    def __init__(self, path: Path, filelock) -> None:
        self.path = Path(path)
        self.location = str(path)
        self._lock = filelock

    def writer(self):
        """The writer of the index here, created empty when there is none."""
        from archive.index.whoosh.store import open_or_create
        from archive.index.whoosh.writer import WhooshWriter

        return WhooshWriter(self.path, open_or_create(self.path))

    def rebuild(self):
        """A fresh index beside this one, to be swapped in when complete."""
        from archive.index.whoosh.rebuild import WhooshRebuild

        return WhooshRebuild(self.path)

    def keep_file(self, name: str, text: str) -> None:
        from archive.index.whoosh.durable import keep_file

        keep_file(self.path, name, text)

    def kept_file(self, name: str) -> str | None:
        try:
            return (self.path / name).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None

    def tidy(self) -> None:
        clean_leftovers(self.path)

    def release(self) -> None:
        self._lock.release()


def lock(path: Path, *, timeout: float | None = None, on_wait: Callable[[], None] | None = None) -> WhooshLock:
    """`archive.index.lock` for an index folder."""
    path = Path(path)
    held = acquire_lock(path, DEFAULT_LOCK_TIMEOUT if timeout is None else timeout, on_wait)
    return WhooshLock(path, held)
