"""archive: a full-text search and archive backend for Dutch news.

    from archive import Archive
    arc = Archive("index")
    arc.ingest(["seeds"])
    res = arc.search("Loekasjenko", limit=10)

Heavy modules (Whoosh, bs4, the gazetteers) load on first use, so importing
this package, and `archive --help`, stay fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Archive", "Article", "Caption", "SearchResult", "find_mentions", "__version__"]


def __getattr__(name: str):
    if name == "Archive":
        from archive.api import Archive

        return Archive
    if name in ("Article", "Caption"):
        from archive import document

        return getattr(document, name)
    if name == "SearchResult":
        from archive.results import SearchResult

        return SearchResult
    if name == "find_mentions":
        from archive.extract.entities import find_mentions

        return find_mentions
    raise AttributeError(f"module 'archive' has no attribute {name!r}")
