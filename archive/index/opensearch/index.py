"""`OpenSearchIndex`: the `archive.index.backend.Index` of the server engine.

It holds one client (a connection pool to the first node of the URL) and
the concrete index behind the alias the URL names. Every request goes
through `client.call`, so a cluster that is down, refuses the credentials or
answers with an error gives one line naming the URL, never a traceback or a
password. Reads see the last commit: documents become visible when a
writer's `commit` refreshes the index (`refresh_interval` is off), and
`get` reads the refreshed state too (`realtime=false`), as searches do.
"""

from __future__ import annotations

from typing import Callable

from archive.document import Article
from archive.index.backend import SearchRequest
from archive.index.opensearch.client import Location, call, describe
from archive.results import SearchResult


class OpenSearchIndex:
    """An open archive index on an OpenSearch cluster."""

    def __init__(self, loc: Location, client, concrete: str, meta: dict) -> None:
        self.loc = loc
        self.location = loc.url  # never the password
        self.name = loc.index
        self.concrete = concrete
        self.meta = meta
        self.client = client

    def __repr__(self) -> str:
        return f"OpenSearchIndex({self.location!r})"

    # -- requests ---------------------------------------------------------
    def raw_search(self, body: dict, *, search_type: str | None = None) -> dict:
        params = {"search_type": search_type} if search_type else {}
        return call(self.loc, self.client.search, index=self.name, body=body, params=params, what="searching")

    def raw_count(self, body: dict | None = None) -> int:
        return call(self.loc, self.client.count, index=self.name, body=body, what="counting")["count"]

    def source(self, article_id: str) -> dict | None:
        """The stored document with this id as last committed, or None."""
        try:
            return self.client.get(index=self.name, id=article_id, params={"realtime": "false"})["_source"]
        except Exception as e:
            if describe(e)[0] == 404:
                return None
            return call(self.loc, _reraise, e, what=f"reading article {article_id}")

    # -- reading ------------------------------------------------------------
    def count(self) -> int:
        return self.raw_count()

    def search(self, request: SearchRequest) -> SearchResult:
        from archive.index.opensearch.search import search

        return search(self, request)

    def articles(self, request: SearchRequest):
        from archive.index.opensearch.search import articles

        return articles(self, request)

    def get(self, article_id: str) -> Article | None:
        from archive.index.opensearch.search import get

        return get(self, article_id)

    def similar(self, article_id: str, limit: int) -> SearchResult | None:
        from archive.index.opensearch.search import similar

        return similar(self, article_id, limit)

    def suggest(self, query: str) -> str | None:
        from archive.index.opensearch.search import suggest

        return suggest(self, query)

    def kept_file(self, name: str) -> str | None:
        """A small text file kept with the index (`WriteLock.keep_file`), or None."""
        return (self.meta.get("files") or {}).get(name)

    # -- maintenance --------------------------------------------------------
    def info(self) -> dict:
        from archive.index.opensearch.check import info

        return info(self)

    def check(self):
        from archive.index.opensearch.check import check_index

        return check_index(self)

    def optimize(self, *, lock_timeout: float | None = None, on_wait: Callable[[], None] | None = None):
        """Force-merge into one segment per shard (no lock: OpenSearch merges
        while others search and write)."""
        from archive.index.opensearch.check import optimize

        return optimize(self)

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:
            pass


def _reraise(e: Exception):
    raise e
