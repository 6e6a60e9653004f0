"""The server engine: an OpenSearch index named by a URL (`http(s)://host:port/NAME`).

`index.py` is the `archive.index.backend.Index` implementation; its parts:
`client.py` (the URL, credentials, one-line errors), `mapping.py` (the index
template: analysis from OpenSearch's own parts, fields, version),
`query.py` (the query language as query DSL), `filters.py`, `facets.py`
(exact counts), `search.py` (hits, snippets, similar, "did you mean"),
`store.py` (opening, creating, the alias behind the name, version checks),
`writer.py` and `bulk.py` (the writer lock, rounds of changes through the
bulk API, parts for worker processes, rebuilds), `check.py` (check and
optimize).

May import `opensearchpy` (only this package does), `archive.index.backend`,
`archive.index.querylang`, `archive.index.snippets`, `archive.extract`,
`archive.read` and the shared modules.
"""

from __future__ import annotations


def open_index(location):
    from archive.index.opensearch.store import open_index as open_url

    return open_url(location)


def create_index(location):
    from archive.index.opensearch.store import create_index as create_url

    return create_url(location)


def has_index(location) -> bool:
    from archive.index.opensearch.store import has_index as has

    return has(location)


def lock(location, *, timeout: float | None = None, on_wait=None):
    from archive.index.opensearch.writer import lock as take

    return take(location, timeout=timeout, on_wait=on_wait)
