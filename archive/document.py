"""The article as the rest of the program sees it: a small frozen dataclass.

Everything ingest learns about one article ends up in an `Article`; the index
stores it field by field (see `archive.index.whoosh.schema`) and `archive show` prints it
back. Keeping it immutable means the steps (read, clean, extract, index) can
run in worker processes and be compared for equality across `--jobs` values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from archive.results import first_sentence  # noqa: F401  (its home was here)


@dataclass(frozen=True)
class Caption:
    """A photo caption and the credit it ends with (`Beeld AP` -> "AP")."""

    text: str
    credit: str | None = None


@dataclass(frozen=True)
class Article:
    """One cleaned article with the metadata extracted from it.

    `date` is an ISO string exactly as precise as the source: "2022",
    "2022-12" or "2022-12-19"; `date_precision` says which. A month is never
    padded into a day. `body` holds paragraphs separated by blank lines.
    """

    id: str
    path: str
    body: str
    title: str | None = None
    date: str | None = None
    date_precision: str | None = None
    source: str | None = None
    url: str | None = None
    headings: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    credits: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    # Where the article was found: every file path (and for JSON Lines the
    # line) it was read from. `path` is the first of them.
    paths: tuple[str, ...] = ()
    line: int | None = None
    # Fields of a JSON record we have no column for, kept as given.
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    # sha256 of the raw bytes (file) or raw line (JSON record) the article was
    # built from: unchanged input is recognised without re-extracting.
    content_hash: str = ""
    duplicate_of: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["headings"] = list(self.headings)
        d["captions"] = [asdict(c) for c in self.captions]
        d["credits"] = list(self.credits)
        d["actors"] = list(self.actors)
        d["places"] = list(self.places)
        d["paths"] = list(self.paths or (self.path,))
        d["warnings"] = list(self.warnings)
        return d

    @property
    def display_title(self) -> str | None:
        """The title, or else the lead's first sentence (for hit lists)."""
        if self.title:
            return self.title
        return first_sentence(self.body)
