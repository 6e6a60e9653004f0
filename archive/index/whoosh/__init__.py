"""The embedded engine: a Whoosh index in a folder (the default).

`index.py` is the `archive.index.backend.Index` implementation; the rest are
its parts: `schema.py` (fields, and how an article is stored), `codec.py`
(compact term dictionary and postings), `storedzip.py` (stored records
compressed with the index's own dictionary), `store.py` (opening, creating,
version checks), the writer (`writelock.py` the lock and what its holder may
do, `writer.py` rounds of changes, `lookups.py` its look-ups, `documents.py`, `segment.py` and
`postings.py` how documents become a segment, `parts.py` the workers'
segments, `durable.py` commits, `rebuild.py` the swap), `facets.py` (per-segment facet arrays),
`docsets.py` and `ranking.py` (matching sets and BM25F top hits as arrays),
`search.py` (query language, filters, pages), `suggest.py`, `similar.py`,
`check.py`, `optimize.py`.

May import Whoosh, `archive.index.backend`, `archive.index.snippets`,
`archive.extract`, `archive.read` and the shared modules.
"""

from __future__ import annotations

from pathlib import Path


def open_index(path: Path):
    from archive.index.whoosh.index import WhooshIndex
    from archive.index.whoosh.store import open_index as open_dir

    return WhooshIndex(path, open_dir(path))


def create_index(path: Path):
    from archive.index.whoosh.index import WhooshIndex
    from archive.index.whoosh.store import create_index as create_dir

    return WhooshIndex(path, create_dir(path))


def has_index(path: Path) -> bool:
    from archive.index.whoosh.store import has_index as has

    return has(path)


def lock(path: Path, *, timeout: float | None = None, on_wait=None):
    from archive.index.whoosh.writelock import lock as take

    return take(path, timeout=timeout, on_wait=on_wait)
