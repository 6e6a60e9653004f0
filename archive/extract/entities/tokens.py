"""An article's text units as tokens with their shapes (capitalised, initial,
acronym, sentence start), and the word-shape predicates the rules ask.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter
from typing import Sequence

from archive.extract.entities.words import (
    _AFTER_PUNCT,
    _TOKEN_RE,
    _VERB_PREFIXES,
    ABBREVIATIONS,
    ADJ_SUFFIXES,
    BREAKS,
    CAP_PARTICLES,
    DASHES,
    DETERMINERS,
    FUNCTION_WORDS,
    LONG_TITLES,
    OPENERS,
    PARTICLES,
    PLACE_NOUNS,
    QUOTES,
    SENTENCE_END,
    TITLE_SUFFIXES,
    TITLES,
    WEAK_PLACE_NOUNS,
)

# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


_GROUP = re.Match.group
_START = re.Match.start
_END = re.Match.end
_FIRST = itemgetter(0)
_IS_AFTER_PUNCT = _AFTER_PUNCT.__contains__
#: Where there is no ",," a comma starts no sentence: most commas.
_IS_AFTER_PUNCT_NO_COMMA = (_AFTER_PUNCT - {","}).__contains__


def _native():
    """`_TOKEN_RE`'s tokens in C (`csrc/tokens.c`: the same matches, in a
    third of the time), unless not built or `ARCHIVE_NATIVE=0`."""
    import os

    if os.environ.get("ARCHIVE_NATIVE", "1") == "0":
        return None
    try:
        from archive.extract.entities import _tokens
    except ImportError:
        return None
    return _tokens


#: The C tokens, or None: `_regex_tokens` (the reference; tests compare).
NATIVE = _native()


def _regex_tokens(s: str) -> tuple[list[str], list[int], list[int], list[bool]]:
    """(texts, starts, ends, begins with a capital) of `_TOKEN_RE`'s matches in `s`."""
    ms = list(_TOKEN_RE.finditer(s))
    toks = list(map(_GROUP, ms))
    return toks, list(map(_START, ms)), list(map(_END, ms)), list(map(str.isupper, map(_FIRST, toks)))


class _Tokens:
    """Tokens of all units of one article, with sentence-start flags.

    `cap[k]`: the token begins with a capital (or is "'s-Gravenhage");
    `caps`: the indices where `cap` holds, in order,
    the only tokens that can begin a candidate span besides a lower-case
    surname particle. `start[k]`, `end[k]`: the token's offsets in its unit."""

    __slots__ = ("text", "start", "end", "unit", "sent", "cap", "caps", "n")

    def __init__(self, units: Sequence[str]) -> None:
        text: list[str] = []
        start: list[int] = []
        end: list[int] = []
        unit: list[int] = []
        sent: list[bool] = []
        cap: list[bool] = []
        read = NATIVE.tokens if NATIVE is not None else _regex_tokens
        for u, s in enumerate(units):
            toks, starts, ends, up = read(s)
            if not toks:
                continue
            sent += _sentence_starts(s, toks, starts, ends, up)
            text += toks
            start += starts
            end += ends
            unit += repeat(u, len(toks))
            if "s-" in s:  # "'s-Gravenhage", "'s-Hertogenbosch": names that begin in lower case
                cap += [c or (t[:3] in ("'s-", "’s-") and t[3:4].isupper()) for c, t in zip(up, toks)]
            else:
                cap += up
        self.text = text
        self.start = start
        self.end = end
        self.unit = unit
        self.sent = sent
        self.cap = cap
        self.caps = list(compress(range(len(cap)), cap))
        self.n = len(text)


def _sentence_starts(s: str, toks: list[str], starts: list[int], ends: list[int],
                     up: list[bool]) -> list[bool]:
    """Which tokens of one unit (`toks`, their offsets `starts` and `ends`,
    whether each begins with a capital `up`) begin a sentence.

    Only the first token, a token after a line break or punctuation, and a
    capitalised token can; the rules are asked for those alone (a token
    after a word, most of them, starts none), the punctuation rules in text
    order, since after an opening bracket or quote a token inherits the
    flag of the one before (punctuation itself, never capitalised)."""
    m = len(toks)
    flags = [False] * m
    flags[0] = True
    if "\n" in s:  # most units are one paragraph on one line
        k = 0
        pos = s.find("\n")
        while pos >= 0:
            k = bisect_right(starts, pos, k)  # the first token after the line break
            if k >= m:
                break
            flags[k] = True
            pos = s.find("\n", starts[k])
    after = _IS_AFTER_PUNCT if ",," in s else _IS_AFTER_PUNCT_NO_COMMA
    for k in compress(range(1, m), map(after, toks)):
        if flags[k]:
            continue  # a line break before it
        prev_tok = toks[k - 1]
        if prev_tok in SENTENCE_END:
            # "dr. Jansen" does not start a sentence
            flags[k] = not (prev_tok == "." and k >= 2 and toks[k - 2].lower() in ABBREVIATIONS)
        elif prev_tok in BREAKS:
            flags[k] = True
        elif prev_tok == ",":
            flags[k] = k >= 2 and toks[k - 2] == "," and ends[k - 2] == starts[k - 1]  # Dutch opening quote ,,
        elif prev_tok in DASHES and (b := starts[k - 1]) > 0 and s[b - 1].isspace() and (
            b + 1 < len(s) and s[b + 1].isspace()
        ):
            flags[k] = True  # "klok - Een parlementaire commissie"
        elif prev_tok in QUOTES and ends[k - 1] == starts[k] and (
            (b := starts[k - 1]) == 0 or s[b - 1].isspace() or s[b - 1] in "(["
        ):
            flags[k] = True  # an opening quote: "Echt goed", zegt ze
        elif prev_tok in OPENERS or prev_tok == "--":
            flags[k] = flags[k - 1]
    for k in compress(range(m), up):
        if not flags[k]:
            low = toks[k].lower()
            if low in FUNCTION_WORDS:
                flags[k] = True  # a heading glued to its paragraph
            elif low in CAP_PARTICLES and k + 1 < m:
                # "naar Boeing De openbaar aanklager": a capitalised article
                # or particle before a lower-case word begins a (glued) sentence
                nxt = toks[k + 1]
                if nxt[:1].islower() and nxt[:1].isalpha() and nxt not in PARTICLES:
                    flags[k] = True
    return flags



# ---------------------------------------------------------------------------
# Word tests
# ---------------------------------------------------------------------------


def _is_initial(t: str) -> bool:
    return len(t) >= 2 and t[-1] == "." and t[0].isupper() and (
        len(t) == 2 or all(c.isupper() or c in ".-" for c in t)
    )



def _place_noun(prev: str, prev2: str) -> bool:
    """Is `prev` a head noun that makes the next name a place: "de stad",
    "de deelstaat", "het dorp"; not "onder meer", "er bestaat"?"""
    if prev in WEAK_PLACE_NOUNS:
        return prev2 in DETERMINERS
    if not prev.endswith(PLACE_NOUNS):
        return False
    for noun in PLACE_NOUNS:
        if prev.endswith(noun):
            head = prev[: -len(noun)]
            if not head:
                return True
            if noun in WEAK_PLACE_NOUNS and (head.endswith(_VERB_PREFIXES) or len(head) < 3):
                return False  # bestaat, verplaats, ontstaat
            return True
    return False



@lru_cache(maxsize=4096)  # pure, and asked of the same words over and over
def _camel_case(t: str) -> bool:
    """TechCrunch, PayPal, EenVandaag: a brand, not a person's or a
    place's name (McDonald, DeSantis, IJmuiden, O'Neill are)."""
    for k in range(1, len(t)):
        if t[k].isupper() and t[k - 1].islower():
            head = t[:k]
            if head in ("Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Fitz",
                        "Del", "Della", "Dos", "Ten", "Ter", "Vande", "Vanden", "Vander"):
                continue
            if head.endswith(("-", "'", "’")):
                continue
            return True
    return False



@lru_cache(maxsize=4096)  # pure, and asked of the same words over and over
def _is_acronym(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2 and (
        t.isupper() or sum(c.isupper() for c in letters) * 2 > len(letters)
    )



def _is_adjective(t: str) -> bool:
    """Proper adjectives: Russische, Oekraïense, Amerikaanse (not Vandenbussche)."""
    low = t.lower()
    return len(t) > 4 and low.endswith(ADJ_SUFFIXES)



@lru_cache(maxsize=4096)  # pure, and asked of the same words over and over
def _title_word(t: str) -> bool:
    low = t.lower().rstrip(".")
    if low in TITLES or low.startswith(("ex-", "oud-")):
        return True  # "ex-premier", "Ex-Feyenoordhooligan", "oud-minister"
    if "-" in low:
        last = low.rsplit("-", 1)[1]
        if last in TITLES:
            return True
    if len(low) > 6 and low.endswith(TITLE_SUFFIXES):
        return True
    return len(low) > 9 and low.endswith(LONG_TITLES) and any(
        low.endswith(x) and len(low) - len(x) >= 3 for x in LONG_TITLES
    )
