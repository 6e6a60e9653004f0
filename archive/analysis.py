"""The one Dutch analyzer used both to index and to query.

Index and query must agree token for token, or `soldaten` would never find
`soldaat`; so every field that holds prose is built from `dutch_analyzer()`
and its version is written into the index (see `archive.index.whoosh.store`). Change the
chain below and you must bump `ANALYZER_VERSION`, which makes old indexes
refuse to open with a "rebuild" message instead of silently missing hits.

Order matters: lower-case, fold accents (`Oekraïne` == `Oekraine`), drop
stopwords (so `vóór` and `voor` go alike), then stem with the Snowball
Dutch stemmer from PyStemmer (C, about 20x faster than Whoosh's pure-Python
one). Tokens keep their character offsets, so highlights show the words as the
article writes them, never the stems.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
    Tokenizer,
)


def _whoosh_tables() -> tuple[dict[int, str], frozenset[str]]:
    """Whoosh's accent-folding table (`whoosh.support.charset.accent_map`)
    and Dutch stoplist, kept between processes (`archive.cache`) under a
    digest of the two modules' source: importing them (the charset module
    parses its tables and compiles its patterns as it loads) took a search
    process about 1.3 ms, finding, digesting and reading them back 0.5."""
    from importlib.util import find_spec
    from pathlib import Path

    from archive.cache import load_keyed

    def build():
        from whoosh.lang.stopwords import stoplists
        from whoosh.support.charset import accent_map

        return accent_map, stoplists["nl"]

    try:
        sources = [Path(find_spec(m).origin).read_bytes() for m in ("whoosh.support.charset", "whoosh.lang.stopwords")]
    except (ImportError, AttributeError, TypeError, OSError):  # no source to key them by: as Whoosh has them
        return build()
    kept = load_keyed("whoosh-tables", sources, build)
    try:
        folding, stops = kept
        if type(folding) is dict and type(stops) is frozenset:
            return folding, stops
    except (TypeError, ValueError):
        pass
    return build()  # not what was kept: a damaged file


accent_map, _STOPLIST = _whoosh_tables()

ANALYZER_VERSION = "nl-snowball-fold-3"

#: Separates the parts of one field value (title, headings, captions, body,
#: entity names) that a phrase must not run across: a position gap of
#: `PART_GAP` follows each. U+2029 never survives `normalise_text` in article
#: text, so only `archive.index.whoosh.schema` puts it there.
PART_BREAK = "\u2029"
PART_GAP = 100

# Words, numbers with inner dots or commas (80.000, 1,5) and inner apostrophes
# (zo'n, 's-Gravenhage keeps "s" and "gravenhage" apart through the hyphen).
TOKEN_PATTERN = r"\w+(?:[.,']\w+)*"


def fold(text: str) -> str:
    """Case- and accent-fold text exactly as the analyzer does.

    `str.translate` with a dict costs about 70 ns a character once a string
    holds one non-ASCII character (a 5,000-character article: 0.4 ms, and
    every article's text is folded for its duplicate key); after lower-casing,
    `accent_map` changes only non-ASCII characters, so only those runs are
    translated."""
    low = text.lower()
    if low.isascii():
        return low
    return _NON_ASCII.sub(_fold_run, low)


def _fold_run(m) -> str:
    return m.group().translate(accent_map)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
assert all(v == chr(k).lower() for k, v in accent_map.items() if k < 128), "accent_map folds ASCII"


DUTCH_STOPWORDS = frozenset(fold(w) for w in _STOPLIST)


def _stemmer():
    """PyStemmer's Dutch stemmer without its own cache: every caller keeps
    one of its own in front of it, so only words it has not seen (or could
    not keep) reach the stemmer, and for those PyStemmer's cache is pure
    cost: inserting, and purging when full, made a new word cost 1.6 µs
    instead of 0.4 (7% of indexing a 17k feed)."""
    return Stemmer.Stemmer("dutch", 0)


class _Rebuilt:
    """Pickled into the index's schema as its class alone: caches and the C
    stemmer are rebuilt on load, and any two instances are equal."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()


class DutchStemFilter(_Rebuilt, Filter):
    """Snowball Dutch stemming through PyStemmer, with a per-process cache.

    News vocabulary is Zipfian, so a plain dict cache answers most tokens
    without calling the stemmer at all.
    """

    def __init__(self) -> None:
        self._stemmer = _stemmer()
        self._cache: dict[str, str] = {}

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


#: Surface words whose index term `DutchAnalyzer` remembers, the first met
#: (about 8 MB, so a long ingest's memory stays flat): 94% of the 11.3
#: million words of all 117,816 leestmeer articles are among the first
#: 60,000 distinct ones (97% among 100,000); the rest are stemmed every time.
TERM_CACHE = 60_000


class DutchAnalyzer(_Rebuilt, Tokenizer):
    """The whole chain of `reference_analyzer()` fused into one loop.

    Whoosh runs a chain as five nested generators, per token; indexing spends
    most of its time there. Here each distinct surface word is lower-cased,
    folded, checked against the stoplist and stemmed once, and remembered, so
    a token costs one regex match and one dict lookup. It yields exactly the
    tokens (text, positions, character offsets, stopped flags) the reference
    chain yields; `tests/test_analysis.py` checks that.
    """

    def __init__(self) -> None:
        self._pattern = re.compile(TOKEN_PATTERN)
        self._stemmer = _stemmer()
        self._terms: dict[str, str | None] = {}
        self._term_bytes: dict[str, bytes | None] = {}  # the writer's native path's (see `compute_term`)

    def term(self, word: str) -> str | None:
        """The index term of one surface word; None for a stopword."""
        t = self._terms.get(word, "")
        if t == "":
            t = self.compute_term(word)
            if len(self._terms) < TERM_CACHE:
                self._terms[word] = t
        return t

    def compute_term(self, word: str) -> str | None:
        """`term` without the cache: the writer's native path
        (`archive.index.whoosh.postings`) keeps its own, of term bytes."""
        folded = fold(word)
        return None if not folded or folded in DUTCH_STOPWORDS else self._stemmer.stemWord(folded)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if tokenize and PART_BREAK in value:
            yield from self._parts(value, positions, chars, keeporiginal, removestops,
                                   start_pos, start_char, mode, **kwargs)
            return
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        if not tokenize:
            term = self.term(value)
            if term is None and removestops:
                return
            t.original = value
            t.text = fold(value) if term is None else term
            t.stopped = term is None
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        terms = self._terms
        pos = None  # Whoosh's StopFilter numbering: kept tokens run on from the first
        for i, m in enumerate(self._pattern.finditer(value)):
            word = m.group()
            term = terms.get(word, "")
            if term == "":
                term = self.term(word)
            if term is None:
                if removestops:
                    continue
                t.text, t.stopped = fold(word), True
                if positions:
                    t.pos = start_pos + i
            else:
                t.text, t.stopped = term, False
                if positions:
                    pos = start_pos + i if pos is None else pos + 1
                    t.pos = pos
            if keeporiginal:
                t.original = word
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t


    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Every kept term of `value` with its positions, exactly as indexing
        through `__call__` (stopwords removed, parts apart) numbers them, but
        without a `Token` and a generator step per word: the writer's fast
        path (`archive.ingest`) spends a third less time per prose field."""
        out: dict[str, list[int]] = {}
        terms = self._terms
        findall = self._pattern.findall  # positions only: no match objects needed
        start = 0
        for part in value.split(PART_BREAK) if PART_BREAK in value else (value,):
            pos = None
            for i, word in enumerate(findall(part)):
                term = terms.get(word, "")
                if term == "":
                    term = self.term(word)
                if term is None:
                    continue
                pos = start + i if pos is None else pos + 1
                poses = out.get(term)
                if poses is None:
                    out[term] = [pos]
                else:
                    poses.append(pos)
            if pos is not None:
                start = pos + PART_GAP
        return out

    def _parts(self, value, positions, chars, keeporiginal, removestops, start_pos, start_char, mode, **kwargs):
        """Each part analysed on its own, positions running on after a gap,
        so `"Rutte Mark"` never matches the end of one part and the start of
        the next ("... Mark Rutte" + "Mark Harbers")."""
        offset, pos = 0, start_pos
        for part in value.split(PART_BREAK):
            last = None
            for t in self(part, positions=positions, chars=chars, keeporiginal=keeporiginal,
                          removestops=removestops, start_pos=pos, start_char=start_char + offset,
                          tokenize=True, mode=mode, **kwargs):
                if positions:
                    last = t.pos
                yield t
            offset += len(part) + len(PART_BREAK)
            if last is not None:
                pos = last + PART_GAP


def dutch_analyzer():
    """The analyzer of every prose field (see `DutchAnalyzer`)."""
    return DutchAnalyzer()


def reference_analyzer():
    """The same analysis as a plain Whoosh chain: tokenize, lower-case, fold
    accents, drop stopwords, stem. Kept as the specification the fused
    `DutchAnalyzer` is tested against."""
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
