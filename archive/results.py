"""What a search returns: small frozen dataclasses with a JSON form.

`SearchResult.to_dict()` *is* the `archive search --format json` contract, so
the CLI prints exactly what the Python API returns. Later work may add keys;
it never removes or retypes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hit:
    id: str
    path: str
    title: str | None
    lead: str | None  # the first sentence: the display title when there is no title
    date: str | None
    date_precision: str | None
    score: float | None
    snippet: str
    source: str | None = None
    url: str | None = None
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    duplicate_of: str | None = None

    @property
    def display_title(self) -> str:
        return self.title or self.lead or "(untitled)"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "lead": self.lead,
            "date": self.date,
            "date_precision": self.date_precision,
            "score": self.score,
            "snippet": self.snippet,
            "source": self.source,
            "url": self.url,
            "actors": list(self.actors),
            "places": list(self.places),
            "credits": list(self.credits),
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class SearchResult:
    query: str | None
    total: int
    page: int
    limit: int
    hits: tuple[Hit, ...] = ()
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    suggestion: str | None = None

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vs] for k, vs in self.facets.items()},
            "suggestion": self.suggestion,
        }
