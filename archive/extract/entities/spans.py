"""Candidate spans: every capitalised run of an article, with what the rules
learn about it, and how runs are cut and joined into names.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

from archive.extract.entities.aliases import fold_key
from archive.extract.entities.mention import ACTOR, PLACE, Mention  # noqa: F401  (re-exported)
from archive.extract.entities.resources import DATA_DIR, Resources, load_resources  # noqa: F401  (re-exported)
from archive.extract.entities.tokens import (
    _camel_case,
    _is_acronym,
    _is_initial,
)
from archive.extract.entities.words import (
    FUNCTION_WORDS,  # noqa: F401  (re-exported)
    LOWER_SURNAME_PARTICLES,
    NAME_CONNECTORS,
    ORG_TAILS,
    PARTICLES,
    SPEECH_VERBS,
)

# ---------------------------------------------------------------------------
# The recogniser
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    i: int  # first token
    j: int  # one past the last token
    kind: str | None = None
    name: str | None = None
    strong: bool = False  # evidence strong enough to teach the article
    person_cue: bool = False
    place_cue: bool = False
    other_cue: bool = False
    after_article: bool = False
    sent_start: bool = False
    result: bool = False  # nationality abbreviation in sports results
    org_head: bool = False  # a common word was stripped right before it
    formal_cue: bool = False  # a title that goes with a surname or a royal
    # name ("premier May", "prinses Ariane"), not "vertelt Peter", "moeder Annet"
    title: str | None = None  # the title word before the name ("prins")
    start_word: bool = False  # a sentence-initial ordinary word ("Dekker zei"):
    # only the article's people may claim it
    why: str = ""  # which rule typed it (for debugging and evaluation)


def _by_second(multi: dict[str, list[tuple[str, ...]]]) -> dict[tuple[str, str], list[tuple[str, ...]]]:
    """`multi` (first token -> token tuples, longest first) by its first two
    tokens, in the same order: "De" begins some seventy place names, and
    the one a span may extend to must at least share its second token."""
    key = id(multi)
    hit = _BY_SECOND.get(key)
    if hit is None or hit[0] is not multi:
        if len(_BY_SECOND) >= 8:
            _BY_SECOND.clear()  # resources built again and again (tests): keep it small
        index: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        for first, names in multi.items():
            for toks in names:
                index.setdefault((first, toks[1]), []).append(toks)
        hit = _BY_SECOND[key] = (multi, index)
    return hit[1]


#: id of a gazetteer -> (the gazetteer, its index): one entry per table of
#: the process-wide resources.
_BY_SECOND: dict[int, tuple[dict, dict]] = {}


#: The words after which a lower-case particle may begin a surname.
_BEFORE_PARTICLE_SURNAME = SPEECH_VERBS | {"heer", "mevrouw", "meneer"}


class _Spans:
    """Cutting capitalised runs into candidate spans and joining them into names (a mixin of `rules._Article`)."""

    # -- pass 1: spans --------------------------------------------------
    def spans(self) -> list[_Cand]:
        tk = self.tk
        text, cap, sent = tk.text, tk.cap, tk.sent
        n = tk.n
        unit = tk.unit
        multi_places, multi_orgs = self.R.multi_places, self.R.multi_orgs
        out: list[_Cand] = []
        # a span begins at a capitalised word or a lower-case surname
        # particle: only those are visited, in text order
        # particle only after a speech verb or "heer" ("aldus van Hove":
        # `particle_surname_here` asks that first, of few of them)
        particles = [k for k in compress(range(1, n), map(LOWER_SURNAME_PARTICLES.__contains__, text[1:]))
                     if text[k - 1].lower() in _BEFORE_PARTICLE_SURNAME]
        heads = tk.caps
        if particles:
            heads = sorted(heads + particles)
        i = 0  # the first token after the last span
        for h in heads:
            if h < i:
                continue  # inside the last span
            i = h
            t = text[i]
            if not cap[i] or not (t[0].isalpha() or t[0] in "'’"):
                if t in LOWER_SURNAME_PARTICLES and i > 0 and self.particle_surname_here(i):
                    pass  # "zegt van Hove": a surname with its particle
                else:
                    continue
            j = i + 1
            u = unit[i]
            while j < n and unit[j] == u and not sent[j]:
                tj = text[j]
                if cap[j] and (tj[0].isalpha() or tj[0] in "'’"):
                    j += 1
                    continue
                low = tj.lower()
                if low in PARTICLES or low in NAME_CONNECTORS:
                    k = j
                    while k < n and not sent[k] and (
                        text[k].lower() in PARTICLES or text[k].lower() in NAME_CONNECTORS
                    ) and not cap[k]:
                        k += 1
                    if (
                        k < n and k - j <= 3 and cap[k] and not sent[k] and text[k][0].isalpha()
                        and self.joins(j - 1, j, k)
                    ):
                        j = k + 1
                        continue
                break
            # gazetteer names with lower-case words: Bosnië en Herzegovina
            if i + 1 < n and (t in multi_places or t in multi_orgs):
                nxt = text[i + 1]
                for toks in _by_second(multi_places).get((t, nxt), ()):
                    e = i + len(toks)
                    if e > j and e <= n and tuple(text[i:e]) == toks and unit[e - 1] == u:
                        j = e
                        break
                for toks in _by_second(multi_orgs).get((t, nxt), ()):
                    e = i + len(toks)
                    if e > j and e <= n and tuple(text[i:e]) == toks and unit[e - 1] == u:
                        j = e  # "Boer zoekt Vrouw": one organisation span
                        break
            out.append(_Cand(i, j, sent_start=sent[i]))
            i = j
        return out

    def particle_surname_here(self, i: int) -> bool:
        """Does a lower-case particle at i start a surname ("aldus van Hove")?"""
        tk = self.tk
        text = tk.text
        if tk.unit[i - 1] != tk.unit[i] or text[i - 1].lower() not in _BEFORE_PARTICLE_SURNAME:
            return False
        k = i
        while k < tk.n and text[k] in PARTICLES and k - i < 3:
            k += 1
        return (
            k < tk.n and k > i and tk.cap[k] and not tk.sent[k] and self.surname_like(text[k])
            and not self.common(text[k]) and text[k] not in self.R.places
            and not self.inhabitant(text[k])
        )

    def joins(self, before: int, p: int, after: int) -> bool:
        """May the particles text[p:after] join text[before] and text[after]
        into one name? "Jan van der Berg" yes; "Pinochet in Londen",
        "Djukanovic van Montenegro", "Yurko van Invensys" no."""
        text = self.tk.text
        nxt = text[after]
        prev = text[before]
        parts = [t.lower() for t in text[p:after]]
        if parts == ["of"]:
            # Dutch "of" is "or" ("Rutte of Wilders"); English "of" joins the
            # words of a title ("Bank of America", "Institute of Physics")
            if prev in ORG_TAILS:
                return True
            return self.common(prev) and not self.known_name(prev) and not (
                prev in self.R.first_names or self.family(prev)
            )
        if any(x in NAME_CONNECTORS for x in parts):
            return True  # titles: "Institute for the Study of War"
        if _is_acronym(nxt) or _camel_case(nxt) or nxt in self.R.organisations:
            return False  # "Steijn van VVV-Venlo", "Marieke van Qmusic"
        if prev.lower() in FUNCTION_WORDS and self.tk.sent[before]:
            return False  # "Aan de Ferdinand Bolstraat": a sentence, then a name
        if prev in self.R.first_names or _is_initial(prev):
            return True
        if parts[-1] in LOWER_SURNAME_PARTICLES and fold_key(" ".join(parts + [nxt])) in (
            self.R.family_names
        ):
            return True  # "Nyck de Vries": de Vries is a surname, Vries a village
        if self.common(prev) and not self.family(prev):
            return False  # "Zelfs de Verenigde Staten"
        if nxt in self.R.places or self.place_alias(nxt):
            return False
        if parts[0] in ("van", "te", "ter", "ten", "in", "op", "'t", "'s"):
            return False
        return True
