"""`--prune`: removing what the sources no longer hold.

Two cases. A JSON (Lines) file read through without error: its stored
records that were not seen in it are dropped (at the file's end mark, so in
input order). A file under the given paths that is gone: its path is
dropped from its articles after the main pass. An article left with no
path is deleted and counted as removed.
"""

from __future__ import annotations

import os

from archive.read.formats import RawRecord
from archive.read.sources import normalise_path


class Pruner:
    """What each file gave in this run, and the removals it allows."""

    def __init__(self, ledger, tally, active: bool) -> None:
        self.ledger = ledger
        self.tally = tally
        self.active = active
        self.files: dict[str, list] = {}  # path -> [seen ids, errors] (with --prune)

    def start(self, path: str) -> None:
        if self.active:
            self.files[path] = [set(), 0]

    def seen(self, raw: RawRecord, aid: str | None) -> None:
        f = self.files.get(raw.path)
        if f is not None and aid:
            f[0].add(aid)

    def failed(self, path: str) -> None:
        f = self.files.get(path)
        if f is not None:
            f[1] += 1

    def end(self, path: str) -> None:
        """Records no longer in a JSON (Lines) file that was read without error."""
        if path not in self.files:
            return  # named twice: pruned at its first reading (or no --prune)
        led = self.ledger
        seen, errors = self.files.pop(path)
        if errors:
            # A record that failed may be a stored one still in the file:
            # removing what was not seen could delete it. Keep, and say so.
            if led.ids_at_path(path) - seen:
                self.tally.warnings.append(
                    f"{path}: --prune kept the articles missing from this file, because {errors} of its "
                    f"records could not be read (see the failures); fix them and run again to prune it")
            return
        for aid in led.ids_at_path(path) - seen:
            e = led.lookup(aid)
            if e is None:
                continue
            if e.loc == "sent":
                led.deferred.append(("drop", aid, path))
            elif led.drop_path(aid, path):
                self.tally.removed += 1

    def missing(self, roots: list[str]) -> None:
        """Drop paths under `roots` whose files are gone; count deleted articles."""
        led = self.ledger
        prefixes = [normalise_path(r) for r in roots]
        for path in led.writer.values("paths"):
            under = any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)
            if not under or os.path.isfile(path):
                continue
            for aid in led.ids_at_path(path):
                if led.drop_path(aid, path):
                    self.tally.removed += 1
