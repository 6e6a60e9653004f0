"""`WhooshWriter`: the seam's `Writer` (`archive.index.backend`) for an index folder.

It writes in rounds. Look-ups read the last commit through one searcher;
changes go to a `SegmentWriter` made on the round's first add or delete
(`archive.index.whoosh.segment`); `commit(parts)` publishes that segment and
the workers' (`archive.index.whoosh.parts`) in one durable table of contents
(`archive.index.whoosh.durable`) and starts the next round on a new
searcher. The caller holds the index's lock (`archive.index.whoosh.writelock`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from archive.index.whoosh.documents import article, prepare


class WhooshWriter:
    """Rounds of changes to one index folder, each invisible until `commit`."""

    #: The article as `add` takes it, and its text key (see `documents.prepare`).
    prepare = staticmethod(prepare)
    #: The `Article` a stored record holds.
    article = staticmethod(article)

    def __init__(self, path: Path, ix) -> None:
        self.path = Path(path)
        self.location = str(path)
        self._ix = ix
        self._segment = None  # this round's SegmentWriter, made on the first change
        self._limitmb = None  # its postings' budget (None: all of POOL_MB; see `part`)
        from archive.index.whoosh.lookups import SegmentLookups

        self._lookups = SegmentLookups()
        self._open_lookups()

    def _open_lookups(self) -> None:
        self._searcher = self._ix.searcher()
        self._reader = self._searcher.reader()
        self._lookups.refresh(self._reader)

    def _changes(self):
        if self._segment is None:
            from archive.index.whoosh.segment import new_writer

            self._segment = new_writer(self._ix)
        return self._segment

    # -- the last commit ------------------------------------------------------
    def stored(self, article_id: str) -> dict | None:
        return next(self._lookups.stored_with("id", article_id), None)

    def stored_with(self, field: str, value: str) -> Iterator[dict]:
        return self._lookups.stored_with(field, value)

    def values(self, field: str) -> list[str]:
        try:
            terms = list(self._reader.lexicon(field))
        except Exception:
            terms = []
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in terms]

    def sampler(self):
        """A `storedzip.Sampler` while the index is empty and has no
        dictionary for its stored records; None otherwise."""
        from archive.index.whoosh.store import read_meta
        from archive.index.whoosh.storedzip import Sampler, has_dict

        if self._ix.doc_count_all() != 0 or has_dict(self.path):
            return None
        # An empty index of schema 5 (made by an older archive) gets its kind
        # of dictionary, so the version it states stays true.
        zstd = (read_meta(self.path) or {}).get("schema_version") != 5
        return Sampler(self.path, self._ix.schema, zstd=zstd)

    # -- this round -------------------------------------------------------------
    def add(self, doc: dict) -> None:
        self._changes().add_document(**doc)

    def delete(self, article_id: str) -> None:
        self._changes().delete_by_term("id", article_id, searcher=self._searcher)

    def full(self) -> bool:
        from archive.index.whoosh.segment import writer_full

        return writer_full(self._segment, self._limitmb)

    def part(self, writers: int = 1):
        from archive.index.whoosh.parts import WhooshPart
        from archive.index.whoosh.segment import POOL_MB

        self._limitmb = POOL_MB // max(1, writers)
        return WhooshPart(self.location, self._limitmb)

    def commit(self, parts: Sequence = ()) -> None:
        from archive.index.whoosh.durable import commit_segments

        if callable(parts) and self._segment is None:
            parts = parts()  # nothing of our own to write while the parts are finished
        if callable(parts) or self._segment is not None or any(p is not None for p in parts):
            commit_segments(self._changes(), parts)
        self._segment = None
        self._close_lookups()
        self._open_lookups()

    def cancel(self) -> None:
        from archive.index.whoosh.durable import cancel_writer

        if self._segment is not None:
            cancel_writer(self._segment)
            self._segment = None

    def close(self) -> None:
        self._close_lookups()

    def _close_lookups(self) -> None:
        try:
            self._searcher.close()
        except Exception:
            pass

    def warm(self) -> None:
        from archive.index.whoosh.facets import warm

        warm(self.path)
