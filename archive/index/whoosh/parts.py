"""Parts: what a worker process of a parallel ingest indexes on its own.

A `WhooshPart` is the picklable recipe `WhooshWriter.part()` gives: the
index folder and the postings' memory budget. In the worker, `open()` makes
a `PartWriter`, a segment writer of its own on that index (it never takes
the lock: the main process holds it for the whole ingest). `finish()` closes
its segment, fsynced, and returns it, a picklable `Segment`, which the main
process publishes with its own changes in one table of contents
(`WhooshWriter.commit(parts)`). Segments are separate files named by a
random id, so any number of workers write side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.index.whoosh.documents import prepare
from archive.index.whoosh.segment import POOL_MB

__all__ = ["PartWriter", "WhooshPart"]


@dataclass(frozen=True)
class WhooshPart:
    """The recipe for one worker's part of the index at `folder`."""

    folder: str
    limitmb: int = POOL_MB

    #: `Part.prepare`: the article as the part's writer takes it, and its text key.
    prepare = staticmethod(prepare)

    def open(self) -> "PartWriter":
        """A writer for one part (one segment); the worker makes a new one
        for each round."""
        from whoosh.index import open_dir

        from archive.index.whoosh import codec  # noqa: F401  (the name its pickles use)
        from archive.index.whoosh.segment import new_writer
        from archive.index.whoosh.store import INDEX_NAME

        # new_writer takes up the index's dictionary (written before any article is sent)
        return PartWriter(new_writer(open_dir(self.folder, indexname=INDEX_NAME), self.limitmb), self.limitmb)


class PartWriter:
    """One worker's segment in the making."""

    def __init__(self, writer, limitmb: int) -> None:
        self._w = writer
        self._limitmb = limitmb
        add_document = writer.add_document
        self.add = lambda doc: add_document(**doc)

    def full(self) -> bool:
        """Its postings reached their memory budget: the round should be committed."""
        from archive.index.whoosh.segment import writer_full

        return writer_full(self._w, self._limitmb)

    def finish(self):
        """The segment, on disk, for `WhooshWriter.commit` (None: nothing was added)."""
        from archive.index.whoosh.durable import finish_segment

        return finish_segment(self._w)

    def cancel(self) -> None:
        """Throw the segment away."""
        from archive.index.whoosh.durable import discard_segment

        w = self._w
        try:
            w._close_segment()
            discard_segment(w.storage, w.newsegment)
        except Exception:
            pass
