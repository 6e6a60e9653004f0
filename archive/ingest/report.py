"""What an ingest tells its caller: the report, progress, and the running tally.

Every input ends up counted exactly once: added, updated, unchanged, copy
(the same content already stored under another path), or failed (with a
one-line reason naming the file and line); `--prune` adds removed articles.
The tally keeps the counts as of the last commit too, so an ingest whose
current batch was discarded reports only what the index holds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from archive.read.sources import InputError

#: Exit status of `archive ingest` when some inputs failed and the rest went in.
EXIT_PARTIAL = 3
#: Exit status when the ingest was interrupted (SIGINT): 128 + 2, as shells do.
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class IngestReport:
    index: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    #: Inputs whose content was already stored under another path: the
    #: article gained a path, no new document.
    copies: int = 0
    #: Articles marked as duplicates (same title and text, other id) this run.
    duplicates: int = 0
    #: Articles added or updated without text (a title, id, date, URL or
    #: source only: paywalled or removed), kept and counted like any other.
    empty: int = 0
    errors: tuple[InputError, ...] = ()
    warnings: tuple[str, ...] = ()
    #: Documents written by the commits of this run (what survives a kill).
    committed: int = 0
    interrupted: bool = False
    rebuilt: bool = False
    #: Failures of inputs whose files have not changed since the last ingest
    #: failed on them the same way: reported, but not new.
    unchanged_failures: int = 0
    #: Exit 3 on any failure, unchanged ones too (`--strict`).
    strict: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        new = self.failed - (0 if self.strict else self.unchanged_failures)
        return EXIT_PARTIAL if new > 0 else 0

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["errors"] = [e.to_dict() for e in self.errors]
        d["warnings"] = list(self.warnings)
        d["exit_code"] = self.exit_code
        return d

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {self.failed} failed"
        )
        extra = []
        if self.copies:
            extra.append(f"{self.copies} cop{'y' if self.copies == 1 else 'ies'} of stored content")
        if self.duplicates:
            extra.append(f"{self.duplicates} marked duplicate")
        if self.empty:
            extra.append(f"{self.empty} kept without text")
        if self.unchanged_failures:
            n = self.unchanged_failures
            extra.append(("all " if n == self.failed and n > 1 else "") +
                         f"{n} failure{'s' if n != 1 else ''} unchanged since the last ingest")
        if self.warnings:
            extra.append(f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}")
        return text + (f" ({', '.join(extra)})" if extra else "")


@dataclass(frozen=True)
class Progress:
    """What a progress callback gets: inputs handled so far, and the estimated
    total (None until the input has been counted in the background)."""

    done: int
    total: int | None
    committed: int


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    copies: int = 0
    duplicates: int = 0
    empty: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    committed: int = 0
    #: The counts as of the last commit: what a discarded batch falls back to.
    at_commit: tuple = (0, 0, 0, 0, 0, 0, 0)

    _COUNTS = ("added", "updated", "unchanged", "removed", "copies", "duplicates", "empty")

    def committed_now(self) -> None:
        self.at_commit = tuple(getattr(self, k) for k in self._COUNTS)

    def discard_uncommitted(self) -> None:
        """The batch since the last commit was thrown away: count only what
        the index holds (failures and warnings stay: they were real)."""
        for k, v in zip(self._COUNTS, self.at_commit):
            setattr(self, k, v)

    def report(self, index, interrupted=False, rebuilt=False) -> IngestReport:
        return IngestReport(
            index=str(index),
            added=self.added,
            updated=self.updated,
            unchanged=self.unchanged,
            removed=self.removed,
            failed=len(self.errors),
            copies=self.copies,
            duplicates=self.duplicates,
            empty=self.empty,
            errors=tuple(self.errors),
            warnings=tuple(self.warnings),
            committed=self.committed,
            interrupted=interrupted,
            rebuilt=rebuilt,
        )
