"""`WhooshIndex`: the `archive.index.backend.Index` of the embedded engine.

It keeps one searcher open between calls (opening one reads every segment's
files) and renews it when another process has committed, and one facet
cache (per-segment arrays on disk beside the index).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from archive.index.backend import SearchRequest
from archive.results import SearchResult

if TYPE_CHECKING:  # defined only where articles are read whole (show, export)
    from archive.document import Article


#: Attempts at opening a searcher while writers keep replacing segments.
OPEN_ATTEMPTS = 20


def open_searcher(ix):
    """A searcher of the latest generation holding every segment's column
    files (stored fields, field lengths) open. Whoosh opens a column file by
    name on first use; a commit that merges segments deletes the old ones'
    files, so a searcher opened just before it found its stored fields gone
    on first use (a `TypeError` from deep in Whoosh) and, worse, scored
    with default field lengths. An open file stays readable after a delete,
    so the files are opened here (reading them waits for first use, as
    before); a segment whose files went before that belongs to a generation
    replaced meanwhile: open the next one."""
    for _ in range(OPEN_ATTEMPTS):
        s = ix.searcher()
        if all(_hold_columns(r) for r, _ in s.reader().leaf_readers()):
            return s
        s.close()
    return ix.searcher()  # writers commit faster than we open: as Whoosh would


def _hold_columns(reader) -> bool:
    """Open `reader`'s column files now (False: its stored fields are gone)."""
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_colfiles") or not reader.doc_count_all():
        return True
    from whoosh.codec.whoosh3 import W3Codec, _lenfield

    names = ["_stored"] + [_lenfield(n) for n, field in reader.schema.items() if field.scorable]
    for name in names:
        if name in perdoc._colfiles:
            continue
        try:
            f = perdoc._storage.open_file(W3Codec.column_filename(perdoc._segment, name))
        except OSError:
            if name == "_stored":
                return False
            continue  # this segment has no such field
        perdoc._colfiles[name] = (f, 0, os.fstat(f.fileno()).st_size)
    held = perdoc._colfiles
    has_column = perdoc.has_column
    perdoc.has_column = lambda fieldname: fieldname in held or has_column(fieldname)
    return True


class WhooshIndex:
    """An open Whoosh index folder."""

    def __init__(self, path: Path, ix) -> None:
        self.path = Path(path)
        self.location = str(path)
        self.ix = ix  # the whoosh.index.FileIndex
        self._searcher = None
        self._facets = None

    def __repr__(self) -> str:
        return f"WhooshIndex({self.location!r})"

    # -- reading ----------------------------------------------------------
    def count(self) -> int:
        return self.ix.doc_count()

    def searcher(self):
        """A searcher kept open between calls, renewed when another process
        has committed."""
        s = self._searcher
        if s is None or s.is_closed:
            s = open_searcher(self.ix)
        elif not s.up_to_date():
            # A fresh searcher, not `refresh()`: Whoosh's refresh reuses a
            # segment's reader by its id, so deletions committed since in an
            # old segment would stay invisible (counts too high).
            s.close()
            s = open_searcher(self.ix)
        self._searcher = s
        return s

    def facet_cache(self):
        from archive.index.whoosh.facets import FacetCache

        if self._facets is None:
            self._facets = FacetCache(self.path)
        return self._facets

    def search(self, request: SearchRequest) -> SearchResult:
        from archive.index.whoosh.search import search

        return search(self.ix, request, facet_cache=self.facet_cache(), searcher=self.searcher())

    def articles(self, request: SearchRequest):
        from archive.index.whoosh.search import articles

        return articles(self.ix, request, facet_cache=self.facet_cache(), searcher=self.searcher())

    def info(self) -> dict:
        from archive.index.whoosh.store import read_meta

        meta = read_meta(self.path) or {}
        size = sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())
        return {
            "engine": "whoosh",
            "schema_version": meta.get("schema_version"),
            "analyzer": meta.get("analyzer"),
            "index_bytes": size,
            "segments": len(self.ix._segments()),
        }

    def get(self, article_id: str) -> Article | None:
        from archive.index.whoosh.search import get

        return get(self.ix, article_id)

    def similar(self, article_id: str, limit: int) -> SearchResult | None:
        from archive.index.whoosh.similar import similar

        return similar(self.ix, article_id, limit=limit)

    def suggest(self, query: str) -> str | None:
        from archive.index.whoosh.suggest import suggest

        return suggest(self.searcher(), query)

    # -- maintenance --------------------------------------------------------
    def check(self):
        """An `archive.index.maintenance.IndexCheck` (see `archive.index.whoosh.check`)."""
        from archive.index.whoosh.check import check_index

        return check_index(self)

    def optimize(self, *, lock_timeout: float | None = None, on_wait: Callable[[], None] | None = None):
        """Merge every segment into one (`archive.index.whoosh.optimize`)."""
        from archive.index.whoosh.optimize import optimize

        self.close()
        return optimize(self.path, lock_timeout=lock_timeout, on_wait=on_wait)

    def close(self) -> None:
        s = self._searcher
        if s is not None and not s.is_closed:
            s.close()
        self._searcher = None
