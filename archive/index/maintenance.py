"""What `Index.check` and `Index.optimize` report, on any engine (part of the
seam in `archive.index.backend`, which still gives these names).

Kept apart from `backend.py` for the search process: it never checks or
optimizes, and defining these dataclasses cost it about 1 ms of start-up.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong, and the command that fixes it."""

    kind: str
    message: str
    fix: str


@dataclass(frozen=True)
class OptimizeReport:
    """What `Index.optimize` did, on any engine."""

    index: str
    segments_before: int
    segments_after: int
    documents: int
    deleted_purged: int
    bytes_before: int
    bytes_after: int

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def summary(self) -> str:
        mb = lambda n: f"{n / 2**20:.1f} MB"  # noqa: E731
        return (f"{self.segments_before} segment(s) -> {self.segments_after}, {self.documents} articles, "
                f"{self.deleted_purged} deleted purged, {mb(self.bytes_before)} -> {mb(self.bytes_after)}")


@dataclass
class IndexCheck:
    """What `Index.check` found wrong with the index itself; the sources are
    checked above it (`archive.ingest.check`), from `records`."""

    generation: int | None = None
    segments: int = 0
    documents: int = 0
    deleted: int = 0
    #: Another process is writing right now.
    writing: bool = False
    problems: list[Problem] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    #: Notes about harmless leftovers (said after the sources' notes).
    leftovers: list[str] = dataclasses.field(default_factory=list)
    #: Every live stored record (None: the index could not be read through).
    records: list[dict] | None = None

    def add(self, kind: str, message: str, fix: str) -> None:
        self.problems.append(Problem(kind, message, fix))
