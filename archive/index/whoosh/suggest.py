""""Did you mean": respelling a query that found nothing from the index's own words.

The index holds stems (`oekrain`), not words, so a correction is found among
the stems within a small edit distance of the query word's stem, preferring
the closest, then the most frequent; it is then shown as a real word the way
an article writes it, by re-reading one article that contains that stem.
"""

from __future__ import annotations

SEARCH_FIELDS = ("text",)
STORED_TEXT = ("body", "title")
MAX_DIST = 2


def _word_spans(text: str):
    """(stem, start, end) for each word of the user's query text."""
    from archive.analysis import shared_analyzer

    for t in shared_analyzer()(text, chars=True, removestops=True):
        yield t.text, t.startchar, t.endchar


def _doc_freq(reader, stem: str) -> int:
    return sum(reader.doc_frequency(f, stem) for f in SEARCH_FIELDS)


def _candidates(reader, stem: str) -> list[str]:
    """Index stems at the smallest edit distance that has any, most
    frequent first."""
    for dist in range(1, MAX_DIST + 1):
        if len(stem) < 3 * dist:
            break
        found = {}
        for field in SEARCH_FIELDS:
            for cand in reader.terms_within(field, stem, dist, prefix=1):
                freq = _doc_freq(reader, cand)
                if freq:
                    found[cand] = max(found.get(cand, 0), freq)
        if found:
            return sorted(found, key=lambda c: (-found[c], c))
    return []


def _together(searcher, cand: str, known: list[str]) -> int:
    """Articles holding `cand` and every known word of the query: a
    correction should make sense with the rest of what was typed (`Mark
    Rutt` means Rutte, not the more frequent `rust`)."""
    from archive.index.whoosh.docsets import term_docs

    total = 0
    for sub, _ in _leaves(searcher.reader()):
        docs = term_docs(sub, SEARCH_FIELDS[0], cand)
        for word in known:
            if not len(docs):
                break
            import numpy as np

            docs = np.intersect1d(docs, term_docs(sub, SEARCH_FIELDS[0], word), assume_unique=True)
        total += len(docs)
    return total


def _leaves(reader):
    from archive.index.whoosh.docsets import leaf_readers

    return leaf_readers(reader)


def _candidate(searcher, stem: str, known: list[str]) -> str | None:
    cands = _candidates(searcher.reader(), stem)
    if not cands:
        return None
    if known and len(cands) > 1:
        scored = [(_together(searcher, c, known), -i, c) for i, c in enumerate(cands[:8])]
        best = max(scored)
        if best[0]:
            return best[2]
    return cands[0]


def _surface(searcher, stem: str) -> str | None:
    """The word as an article writes it, for an index stem."""
    from archive.analysis import shared_analyzer

    for docnum in searcher.document_numbers(text=stem):
        stored = searcher.stored_fields(docnum)
        for field in STORED_TEXT:
            text = stored.get(field) or ""
            for t in shared_analyzer()(text, chars=True):
                if t.text == stem:
                    return text[t.startchar : t.endchar]
        break
    return None


def suggest(searcher, text: str, query=None) -> str | None:
    """A respelled `text` whose unknown words are replaced, or None."""
    reader = searcher.reader()
    out, last, changed = [], 0, False
    spans = list(_word_spans(text))
    known = [stem for stem, _, _ in spans if _doc_freq(reader, stem)]
    for stem, start, end in spans:
        if start < last or _doc_freq(reader, stem):
            continue
        cand = _candidate(searcher, stem, known)
        word = _surface(searcher, cand) if cand else None
        if not word:
            continue
        out.append(text[last:start])
        out.append(word)
        last, changed = end, True
    if not changed:
        return None
    out.append(text[last:])
    return "".join(out)
