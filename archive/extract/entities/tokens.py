"""An article's text units as tokens with their shapes (capitalised, initial,
acronym, sentence start), and the word-shape predicates the rules ask.
"""

from __future__ import annotations

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


class _Tokens:
    """Tokens of all units of one article, with sentence-start flags."""

    __slots__ = ("text", "start", "end", "unit", "sent", "cap", "n")

    def __init__(self, units: Sequence[str]) -> None:
        text: list[str] = []
        start: list[int] = []
        end: list[int] = []
        unit: list[int] = []
        sent: list[bool] = []
        for u, s in enumerate(units):
            prev_end = 0
            prev_tok = None
            prev_sent = True
            first = True
            lines = "\n" in s  # most units are one paragraph on one line
            for m in _TOKEN_RE.finditer(s):
                t = m.group()
                b = m.start()
                if first:
                    is_start = True
                elif lines and s.find("\n", prev_end, b) >= 0:
                    is_start = True
                elif prev_tok not in _AFTER_PUNCT:
                    is_start = False  # after a word (most tokens): none of the rules below apply
                elif prev_tok in SENTENCE_END:
                    # "dr. Jansen" does not start a sentence
                    is_start = not (
                        prev_tok == "." and len(text) >= 2 and unit[-2] == u
                        and text[-2].lower() in ABBREVIATIONS
                    )
                elif prev_tok in BREAKS:
                    is_start = True
                elif (prev_tok == "," and len(text) >= 2 and text[-2] == ","
                      and end[-2] == start[-1] and unit[-2] == u):
                    is_start = True  # Dutch opening quote ,,
                elif prev_tok in DASHES and start[-1] > 0 and s[start[-1] - 1].isspace() and (
                    start[-1] + 1 < len(s) and s[start[-1] + 1].isspace()
                ):
                    is_start = True  # "klok - Een parlementaire commissie"
                elif prev_tok in QUOTES and end[-1] == b and (
                    start[-1] == 0 or s[start[-1] - 1].isspace() or s[start[-1] - 1] in "(["
                ):
                    is_start = True  # an opening quote: "Echt goed", zegt ze
                elif prev_tok in OPENERS or prev_tok == "--":
                    is_start = prev_sent
                else:
                    is_start = False
                if not is_start and t[:1].isupper() and t.lower() in FUNCTION_WORDS:
                    is_start = True  # a heading glued to its paragraph
                text.append(t)
                start.append(b)
                end.append(m.end())
                unit.append(u)
                sent.append(is_start)
                prev_end = m.end()
                prev_tok = t
                prev_sent = is_start
                first = False
        # "naar Boeing De openbaar aanklager": a capitalised article or
        # particle before a lower-case word begins a (glued) sentence
        for k in range(len(text) - 1):
            t = text[k]
            if (not sent[k] and t[:1].isupper() and t.lower() in CAP_PARTICLES
                    and unit[k + 1] == unit[k] and text[k + 1][:1].islower()
                    and text[k + 1][:1].isalpha() and text[k + 1] not in PARTICLES):
                sent[k] = True
        self.text = text
        self.start = start
        self.end = end
        self.unit = unit
        self.sent = sent
        # "'s-Gravenhage", "'s-Hertogenbosch": names that begin in lower case
        self.cap = [t[0].isupper() or (t[:3] in ("'s-", "’s-") and t[3:4].isupper())
                    for t in text]
        self.n = len(text)



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



def _is_acronym(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2 and (
        t.isupper() or sum(c.isupper() for c in letters) * 2 > len(letters)
    )



def _is_adjective(t: str) -> bool:
    """Proper adjectives: Russische, Oekraïense, Amerikaanse (not Vandenbussche)."""
    low = t.lower()
    return len(t) > 4 and low.endswith(ADJ_SUFFIXES)



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
