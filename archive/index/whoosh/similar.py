"""Similar articles: shared distinctive words plus shared actors and places.

An article's key terms (the words that set it apart from the rest of the
archive, by Whoosh's Bo1 model over its own text) and its canonical actors
and places become one weighted OR query; the article itself is masked out.
"""

from __future__ import annotations

import json

from archive.results import SearchResult

KEY_TERMS = 25
ENTITY_BOOST = {"actor": 2.0, "place": 1.0}


def similar(ix, article_id: str, *, limit: int = 10) -> SearchResult | None:
    """The articles most like `article_id` (None: no such article)."""
    from whoosh.query import Or, Term

    from archive.index.whoosh.hits import make_hit, query_matcher, snippet_of

    with ix.searcher() as searcher:
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        record = json.loads(stored.get("record") or "{}")
        captions = " ".join(t for t, _ in record.get("captions", ()))
        text = "\n".join(filter(None, (stored.get("title"), stored.get("body"), captions)))
        terms = [
            Term("text", word, boost=weight)
            for word, weight in searcher.key_terms_from_text("text", text, numterms=KEY_TERMS)
        ]
        for kind, names in (("actor", record.get("actors", ())), ("place", record.get("places", ()))):
            terms.extend(Term(kind, name, boost=ENTITY_BOOST[kind]) for name in names)
        if not terms:
            return SearchResult(query=None, total=0, page=1, limit=limit)
        results = searcher.search(Or(terms), limit=limit, mask=Term("id", article_id))
        hits = tuple(make_hit(h, round(float(h.score), 4), snippet_of(h, query_matcher(None, None))) for h in results)
        return SearchResult(query=None, total=len(results), page=1, limit=limit, hits=hits)
