"""What one word is, whatever the article around it: an ordinary Dutch word,
a family name, an inhabitant, an adjective, a word that could be a surname.

The rules ask these of the same few thousand capitalised words over and
over (a word's answers never change: they depend on the word and the
gazetteers only), so `word_facts(R)` keeps every answer in a bounded
cache per `Resources`: the most recent `CACHE_SIZE` words of each test
(`functools.lru_cache`, in C: a hit costs about as much as a dict look-up,
where a `WordSet` test or the suffix rules cost five to fifty times that).
The caches hold about 7 MB when full, whatever the length of an ingest.
"""

from __future__ import annotations

from functools import lru_cache, partial

from archive.extract.entities.aliases import fold_key
from archive.extract.entities.resources import Resources
from archive.extract.entities.tokens import _camel_case, _is_acronym, _is_adjective
from archive.extract.entities.words import (
    _POSSESSIVE_RE,
    ORG_WORD_SUFFIXES,
    STRONG_STREET_SUFFIXES,
    WEAK_ADJ_SUFFIXES,
)

#: Words kept per test: an article asks each test about a dozen distinct
#: words, most of them rare; the frequent ones stay. All ten caches
#: (these and the three in tokens.py) take about 7 MB when full (8192
#: words: 13 MB, 1% faster; 2048: 4 MB, 1% slower).
CACHE_SIZE = 4096


def common(R: Resources, t: str) -> bool:
    """Is `t` (capitalised) an ordinary Dutch word when lower-cased?"""
    return t.lower() in R.lexicon


def family(R: Resources, name: str) -> bool:
    """Is `name` (one word or several) a known family name?"""
    return fold_key(name) in R.family_names


def inhabitant(R: Resources, t: str) -> bool:
    """Amsterdammer, Nuenenaar, Antwerpenaren: an inhabitant name (from
    the word list, or a place name with -(e)naar(s/en))."""
    if t in R.inhabitants:
        return True
    if not t.endswith(("naar", "naars", "naren")) or t in R.places:
        return False
    for suf in ("enaars", "enaren", "enaar", "naars", "naren", "naar"):
        if t.endswith(suf):
            stem = t[: -len(suf)]
            return len(stem) >= 3 and any(
                b in R.places for b in (stem, stem + "e", stem + "en")
            )
    return False


def compound_head(R: Resources, t: str) -> bool:
    """`Philipsonderzoeker`, `Disneyklassieker`: a capitalised compound of
    a name and an ordinary noun (at least five letters), not itself a
    known name."""
    low = t.lower()
    if len(low) < 9 or "-" in t or low in R.lexicon or t in R.places or t in R.first_names:
        return False
    if fold_key(t) in R.family_names or t in R.propernames:
        return False
    lex = R.lexicon
    for k in range(3, len(low) - 4):
        if low[k:] in lex:
            return True
    return False


def adjective(R: Resources, t: str) -> bool:
    """Russische, Wit-Russische, Antwerpse, Dendermondse; not Vandenbussche."""
    if _is_adjective(t):
        return True
    low = t.lower()
    if low.endswith("sse") and t[:-1] in R.places:
        return True  # Osse (Oss)
    if len(t) < 5 or not low.endswith(WEAK_ADJ_SUFFIXES):
        return False
    if t in R.propernames and t not in R.places and (
        not low.endswith("sche") or fold_key(t) not in R.family_names
    ):
        return True
    for suf in ("se", "s"):
        if low.endswith(suf):
            stem = t[: -len(suf)]
            if stem in R.places or stem + "e" in R.places or stem + "en" in R.places:
                return True
    return False


def surname_like(R: Resources, t: str) -> bool:
    """Could `t` be (the last word of) a surname: capitalised, no digits,
    no language, adjective, acronym, brand, organisation, match, race,
    street or building?"""
    if not t[:1].isupper() or any(c.isdigit() for c in t):
        return False
    if t in R.not_names or t in R.languages:
        return False
    if t not in R.places and adjective(R, t):
        return False
    if "-" in t:
        parts = t.split("-")
        if not parts[-1][:1].isupper():
            return False
    if _is_acronym(t) or _camel_case(t) or t in R.organisations:
        return False
    if "-" in t and t not in R.places:
        parts = t.split("-")
        if any(x in R.organisations for x in parts):
            return False  # "Vitesse-PEC": a match
        if sum(1 for x in parts if x in R.places) >= 2:
            return False  # "Parijs-Nice": a race
    low = t.lower()
    if low.endswith(STRONG_STREET_SUFFIXES) and fold_key(t) not in R.family_names and any(
        low.endswith(x) and len(low) >= len(x) + 3 for x in STRONG_STREET_SUFFIXES
    ) and t not in R.places:
        return False  # Willemstraat, Royenstraat, Vredeskerk
    if low.endswith(ORG_WORD_SUFFIXES) and t not in R.places and not any(
        low == x for x in ORG_WORD_SUFFIXES
    ) and fold_key(t) not in R.family_names:
        return False  # Rabobank, Rijksmuseum
    return True


def place_adjective_s(R: Resources, w: str) -> bool:
    """Gronings, Amsterdams, Brussels: the -s adjective (or genitive) of a
    place, unless the word is itself the better-known place (Parijs,
    not the village Parij)."""
    if not w.endswith("s") or len(w) < 4:
        return False
    stem = w[:-1]
    for base in (stem, stem + "en", stem + "e"):
        if base in R.places:
            return w not in R.places or (
                w not in R.trusted_places and base in R.trusted_places
            )
    return False


@lru_cache(maxsize=CACHE_SIZE)
def base_forms(name: str) -> tuple[str, ...]:
    """`name` and its possessive/inflected bases: Poetins -> Poetin."""
    out = [name]
    m = _POSSESSIVE_RE.match(name)
    if m and len(m.group(1)) >= 3:
        out.append(m.group(1))
    if name.endswith("'") or name.endswith("’"):
        out.append(name[:-1])
    return tuple(out)


class WordFacts:
    """The tests above for one `Resources`, each behind its own cache."""

    TESTS = ("common", "family", "inhabitant", "compound_head", "adjective", "surname_like",
             "place_adjective_s")
    __slots__ = TESTS

    def __init__(self, R: Resources) -> None:
        for name in self.TESTS:
            setattr(self, name, lru_cache(maxsize=CACHE_SIZE)(partial(globals()[name], R)))


@lru_cache(maxsize=1)
def word_facts(R: Resources) -> WordFacts:
    """The cached tests of `R` (the process-wide resources: one set)."""
    return WordFacts(R)
