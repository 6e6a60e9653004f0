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
    from .analysis import shared_analyzer

    for t in shared_analyzer()(text, chars=True, removestops=True):
        yield t.text, t.startchar, t.endchar


def _doc_freq(reader, stem: str) -> int:
    return sum(reader.doc_frequency(f, stem) for f in SEARCH_FIELDS)


def _candidate(reader, stem: str) -> str | None:
    best = None
    for dist in range(1, MAX_DIST + 1):
        if len(stem) < 3 * dist:
            break
        for field in SEARCH_FIELDS:
            for cand in reader.terms_within(field, stem, dist, prefix=1):
                freq = _doc_freq(reader, cand)
                if freq and (best is None or freq > best[0]):
                    best = (freq, cand)
        if best:
            return best[1]
    return None


def _surface(searcher, stem: str) -> str | None:
    """The word as an article writes it, for an index stem."""
    from .analysis import shared_analyzer

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
    for stem, start, end in _word_spans(text):
        if start < last or _doc_freq(reader, stem):
            continue
        cand = _candidate(reader, stem)
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
