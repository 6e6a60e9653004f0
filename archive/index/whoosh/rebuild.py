"""A rebuild of an index folder: a fresh index beside it, swapped in whole.

The fresh index is a hidden sibling (`.NAME.rebuild-PID`) written while the
caller holds the old index's lock, so no other ingest adds to the old one
meanwhile. `replace()` carries over the files kept with the old index that
the fresh one does not have anew (the user's alias table), fsyncs everything
and swaps the two folders in one atomic `renameat2(RENAME_EXCHANGE)` where
the system has it (else two renames); a kill at any point leaves one whole
index at the path. Siblings left by a killed rebuild are removed by the next.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from archive.index.whoosh.durable import fsync_path, keep_file


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    return fn(AT_FDCWD, os.fsencode(str(a)), AT_FDCWD, os.fsencode(str(b)), RENAME_EXCHANGE) == 0


class WhooshRebuild:
    """`archive.index.backend.Rebuild` for an index folder."""

    def __init__(self, index: Path) -> None:
        from archive.index.whoosh.store import create_index

        self.index = Path(index)
        parent = self.parent = self.index.resolve().parent
        prefix = f".{self.index.name}."
        for stale in parent.glob(f"{prefix}rebuild-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed rebuild (we hold the lock)
        for stale in parent.glob(f"{prefix}old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.fresh = parent / f"{prefix}rebuild-{os.getpid()}"
        self._old = parent / f"{prefix}old-{os.getpid()}"
        self.location = str(self.fresh)
        try:
            self._ix = create_index(self.fresh)
        except BaseException:
            self.discard()
            raise

    def writer(self):
        from archive.index.whoosh.writer import WhooshWriter

        return WhooshWriter(self.fresh, self._ix)

    def keep_file(self, name: str, text: str) -> None:
        keep_file(self.fresh, name, text)

    def replaced(self) -> int:
        """Articles in the index this one would replace (0: there is none;
        one that does not even open counts as holding some)."""
        from archive.index.whoosh.store import INDEX_NAME, has_index

        if not has_index(self.index):
            return 0
        from whoosh.index import open_dir

        try:
            old_ix = open_dir(str(self.index), indexname=INDEX_NAME)
            held = old_ix.doc_count()
            old_ix.close()
        except Exception:
            held = 1  # the old index does not even open: still never swap an empty one over it
        return held

    def replace(self) -> None:
        """Swap the fresh index in (durably); the old one is removed."""
        index, fresh = self.index, self.fresh
        # Carry over files kept with the index (such as a user alias table).
        for extra in index.iterdir():
            if extra.is_file() and extra.suffix in (".tsv",) and not (fresh / extra.name).exists():
                shutil.copy2(extra, fresh / extra.name)
        for name in os.listdir(fresh):
            fsync_path(str(fresh / name))
        fsync_path(str(fresh), directory=True)
        if _exchange(fresh, index):
            shutil.rmtree(fresh, ignore_errors=True)  # now the old index
        else:
            os.replace(index, self._old)
            os.replace(fresh, index)
            shutil.rmtree(self._old, ignore_errors=True)
        fsync_path(str(self.parent), directory=True)

    def discard(self) -> None:
        """Throw the fresh index away; the old one stays as it was."""
        shutil.rmtree(self.fresh, ignore_errors=True)
