"""Hits as users see them: stored fields into `Hit`, with a snippet of the
article's own words around what the query matched."""

from __future__ import annotations

from archive.index.whoosh.schema import PROSE_FIELDS
from archive.results import Hit


def query_matcher(q, reader):
    """The index terms of the article text a query can match (prefixes and
    fuzzy terms expanded, NOT branches left out), for snippets."""
    from whoosh.query import Not, NullQuery

    from archive.index.snippets import Matcher

    if q is None:
        return Matcher(())

    kept = q.accept(lambda node: NullQuery if isinstance(node, Not) else node)
    terms = set()
    for leaf in kept.leaves():
        pairs = leaf.expanded_terms(reader) if reader is not None else leaf.terms()
        for field, text in pairs:
            if field in PROSE_FIELDS:
                terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return Matcher(terms)


def snippet_of(stored, matcher) -> str:
    import json

    from archive.index.snippets import lead, snippet

    if matcher:
        record = json.loads(stored.get("record") or "{}")
        texts = (
            stored.get("body"),
            " … ".join(t for t, _ in record.get("captions", ())),
            " … ".join(record.get("headings", ())),
            stored.get("title"),
        )
        for text in texts:
            if text:
                found = snippet(text, matcher)
                if found:
                    return found
    return lead(stored.get("body") or stored.get("title") or "")


def make_hit(hit, score: float | None, snippet: str) -> Hit:
    import json

    from archive.results import first_sentence

    record = json.loads(hit.get("record") or "{}")
    paths = (hit.get("paths") or "").split("\n")
    return Hit(
        id=hit["id"],
        path=paths[0],
        title=hit.get("title") or None,
        lead=first_sentence(hit.get("body") or ""),
        date=hit.get("date"),
        date_precision=hit.get("date_precision"),
        score=score,
        snippet=snippet,
        source=hit.get("source"),
        url=hit.get("url"),
        actors=tuple(record.get("actors", ())),
        places=tuple(record.get("places", ())),
        credits=tuple(record.get("credits", ())),
        duplicate_of=hit.get("duplicate_of"),
    )
