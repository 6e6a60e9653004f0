"""What a search returns: small frozen dataclasses with a JSON form.

`SearchResult.to_dict()` *is* the `archive search --format json` contract, so
the CLI prints exactly what the Python API returns. Later work may add keys;
it never removes or retypes one.

`first_sentence` gives a hit's lead (and `Article.display_title`); it lives
here, not beside `Article`, so a search process need not define the article's
dataclasses (about 1 ms of its start-up) to show hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hit:
    """One matching article as a result page shows it."""

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
    """One value of a facet and how many matches have it."""

    value: str
    count: int

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class SearchResult:
    """One page of hits, the exact total, facet counts and "did you mean"."""

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


def first_sentence(text: str, limit: int = 160) -> str | None:
    """The first sentence of `text`, cut at `limit` characters on a word.

    A sentence never runs across a paragraph break, and a first paragraph of
    a word or two (a kicker such as "Kop" or "AMSTERDAM") is passed over for
    the first real one."""
    paras = [" ".join(p.split()) for p in text.split("\n\n")]
    paras = [p for p in paras if p]
    if not paras:
        return None
    text = next((p for p in paras if len(p.split()) >= 3), paras[0])
    import re

    m = re.search(r"(?<=[.!?…])[”’\"']?\s+(?=[A-Z“‘\"'ÀÁÂÄÉÈÊËÏÍÓÖÔÚÜ])", text)
    sentence = text[: m.start()] if m else text
    if len(sentence) > limit:
        cut = sentence.rfind(" ", 0, limit)
        sentence = sentence[: cut if cut > 40 else limit].rstrip(",;:") + "…"
    return sentence
