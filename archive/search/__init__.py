"""The search step: what a user asks, checked once, carried out by the index's engine.

`request.py` turns the options of `archive search` / `Archive.search` into
an `archive.index.SearchRequest`: limits, the query language's syntax,
filter values with their canonical forms, date options at their precision.
The engine behind `archive.index.Index` does the matching, ranking,
highlights, facet counts and "did you mean"; `show` and `similar` here add
the one-line "no such article" error every engine shares.

May import `archive.index` (the seam, never an engine), `archive.extract`
(canonical names, credits, dates) and the shared modules.
"""

from __future__ import annotations

from archive.errors import NotFound
from archive.search.request import build_request

__all__ = ["build_request", "search", "show", "similar"]


def search(index, query: str | None = None, **options):
    """Ranked hits, exact total and facets for `query` and the options of
    `Archive.search`, from an `archive.index.Index`."""
    return index.search(build_request(query, **options))


def show(index, article_id: str):
    """The whole stored article with this id."""
    article = index.get(article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id!r} in the index")
    return article


def similar(index, article_id: str, *, limit: int = 10):
    """The articles most like article `article_id`."""
    result = index.similar(article_id, limit)
    if result is None:
        raise NotFound(f"no article with id {article_id!r} in the index")
    return result
