"""`archive stats`: what an archive holds, at a glance.

Counted through the same search path as every query, so the figures agree
with what `archive search` and its facets say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.index.backend import NO_DATE, SearchRequest

TOP = 10


@dataclass(frozen=True)
class Stats:
    index: str
    articles: int
    #: The earliest and latest publication date, each at its own precision.
    first_date: str | None
    last_date: str | None
    undated: int
    duplicates: int
    sources: tuple[tuple[str, int], ...] = ()
    actors: tuple[tuple[str, int], ...] = ()
    places: tuple[tuple[str, int], ...] = ()
    credits: tuple[tuple[str, int], ...] = ()
    #: The engine's own figures: schema and analyzer version, size on disk, ...
    engine: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        def listed(pairs):
            return [{"value": v, "count": c} for v, c in pairs]

        return {
            "index": self.index,
            "articles": self.articles,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "undated": self.undated,
            "duplicates": self.duplicates,
            "sources": listed(self.sources),
            "actors": listed(self.actors),
            "places": listed(self.places),
            "credits": listed(self.credits),
            **self.engine,
        }


def stats(index, top: int = TOP) -> Stats:
    """Figures of an `archive.index.Index`."""
    every = index.search(SearchRequest(facets=("source", "actor", "place", "credit"), facet_limit=max(top, 1),
                                       sort="oldest", limit=1))
    newest = index.search(SearchRequest(facets=("year",), facet_limit=0, sort="newest", limit=1))
    originals = index.search(SearchRequest(limit=1, collapse_duplicates=True))
    years = newest.facets["year"]
    undated = next((v.count for v in years if v.value == NO_DATE), 0)
    first = every.hits[0].date if every.hits else None
    last = newest.hits[0].date if newest.hits else None

    def top_of(name):
        return tuple((v.value, v.count) for v in every.facets[name][:top] if top)

    return Stats(
        index=index.location,
        articles=every.total,
        first_date=first,
        last_date=last,
        undated=undated,
        duplicates=every.total - originals.total,
        sources=top_of("source"),
        actors=top_of("actor"),
        places=top_of("place"),
        credits=top_of("credit"),
        engine=index.info(),
    )
