"""The one Dutch analyzer used both to index and to query.

Index and query must agree token for token, or `soldaten` would never find
`soldaat`; so every field that holds prose is built from `dutch_analyzer()`
and its version is written into the index (see `archive.store`). Change the
chain below and you must bump `ANALYZER_VERSION`, which makes old indexes
refuse to open with a "rebuild" message instead of silently missing hits.

Order matters: lower-case, fold accents (`Oekraïne` == `Oekraine`), drop
stopwords (so `vóór` and `voor` go alike), then stem with the Snowball
Dutch stemmer from PyStemmer (C, about 20x faster than Whoosh's pure-Python
one). Tokens keep their character offsets, so highlights show the words as the
article writes them, never the stems.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import Stemmer
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.support.charset import accent_map
from whoosh.lang.stopwords import stoplists

ANALYZER_VERSION = "nl-snowball-fold-1"

# Words, numbers with inner dots or commas (80.000, 1,5) and inner apostrophes
# (zo'n, 's-Gravenhage keeps "s" and "gravenhage" apart through the hyphen).
TOKEN_PATTERN = r"\w+(?:[.,']\w+)*"


def fold(text: str) -> str:
    """Case- and accent-fold text the way the analyzer does (for vocabularies)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


DUTCH_STOPWORDS = frozenset(fold(w) for w in stoplists["nl"])


class DutchStemFilter(Filter):
    """Snowball Dutch stemming through PyStemmer, with a per-process cache.

    News vocabulary is Zipfian, so a plain dict cache answers most tokens
    without calling the stemmer at all.
    """

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("dutch")
        self._cache: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()

    def __call__(self, tokens):
        cache = self._cache
        stem = self._stemmer.stemWord
        for t in tokens:
            if not t.stopped:
                text = t.text
                s = cache.get(text)
                if s is None:
                    s = stem(text)
                    if len(cache) < 500_000:
                        cache[text] = s
                t.text = s
            yield t


def dutch_analyzer():
    """A fresh analyzer chain: tokenize, lower-case, stop, fold accents, stem."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=DUTCH_STOPWORDS, minsize=1)
        | DutchStemFilter()
    )


def folding_analyzer():
    """Tokenize, lower-case and fold accents, but keep every word unstemmed.

    Used for the spelling vocabulary behind "did you mean": suggestions must be
    real words as articles write them, not stems.
    """
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


@lru_cache(maxsize=1)
def shared_analyzer():
    """One analyzer instance per process for query-side analysis."""
    return dutch_analyzer()


def analyze(text: str) -> list[str]:
    """The index terms `text` becomes, in order (stopwords removed)."""
    return [t.text for t in shared_analyzer()(text)]
