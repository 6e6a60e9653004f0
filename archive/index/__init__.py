"""The index step: where articles are kept and searched, behind one seam.

`backend.py` is the seam: the `Index` and `Writer` interfaces that ingest
and search use, and the `SearchRequest` they pass (`maintenance.py`: the
reports of check and optimize). `open_index`, `create_index` and `lock` (a
writer's hold on a location, from which its `Writer` comes) here choose
the engine from the location: a folder is the
embedded Whoosh index (`whoosh/`: schema, codec, stored-record
compression, store and writer, facet arrays, ranking, snippets, "did you
mean", similar, check, optimize); an `http://` or `https://` URL whose path
is the index name is an OpenSearch index (`opensearch/`, needs the
`archive[opensearch]` extra). `snippets.py` marks query words in an
article's own text for any engine.

May import: `archive.extract` (canonical names, credits), `archive.read`,
and the shared modules (`archive.analysis`, `document`, `errors`,
`normalise`, `results`). Never `archive.ingest`, `archive.search`,
`archive.api` or `archive.cli`. Only `whoosh/` imports Whoosh, only
`opensearch/` imports `opensearchpy`.
"""

from __future__ import annotations

import os
from pathlib import Path

from archive.index.backend import Index, SearchRequest, WriteLock, Writer

__all__ = ["DamagedIndex", "Index", "SearchRequest", "WriteLock", "Writer", "create_index", "default_location",
           "has_index", "is_url", "lock", "open_index", "open_or_create", "safe_location",
           "where"]


def __getattr__(name: str):
    if name == "DamagedIndex":
        # What an engine raises when an index file is damaged (a CLI error
        # line pointing at `archive check`, not a traceback).
        from archive.index.whoosh.codec import CodecError

        return CodecError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_location() -> str:
    """`$ARCHIVE_INDEX`, else `./index`."""
    return os.environ.get("ARCHIVE_INDEX") or "index"


def is_url(location) -> bool:
    """Whether `location` names a server index (`http(s)://host:port/NAME`)."""
    import re

    return bool(re.match(r"^https?://", os.fspath(location), re.IGNORECASE))


def safe_location(location: str | os.PathLike):
    """`location` as the rest of the program should hold it: a folder as
    given; a URL without its password (which waits in the engine for this
    process, so reports and error lines never show it)."""
    if not is_url(location):
        return location
    from archive.index.opensearch.client import remember

    return remember(location)


def _engine(location):
    if is_url(location):
        from archive.index import opensearch

        return opensearch
    from archive.index import whoosh

    return whoosh


def where(location):
    """A folder as a Path, a URL as it is (`Path` would fold its `//`)."""
    return os.fspath(location) if is_url(location) else Path(location)


def open_index(location: str | os.PathLike) -> Index:
    """An existing, compatible index (`IndexMissing` / `IndexIncompatible` otherwise)."""
    return _engine(location).open_index(where(location))


def create_index(location: str | os.PathLike) -> Index:
    """A new, empty index at `location` (which must not hold one)."""
    return _engine(location).create_index(where(location))


def has_index(location: str | os.PathLike) -> bool:
    return _engine(location).has_index(where(location))


def open_or_create(location: str | os.PathLike) -> Index:
    return open_index(location) if has_index(location) else create_index(location)


def lock(location: str | os.PathLike, *, timeout: float | None = None, on_wait=None) -> WriteLock:
    """The one writer lock of `location`, which need not hold an index yet
    (`archive.index.backend.WriteLock`), waiting up to `timeout` seconds
    (None: 60) for another writer; `on_wait` is called once if it waits."""
    return _engine(location).lock(where(location), timeout=timeout, on_wait=on_wait)
