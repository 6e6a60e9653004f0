"""Name merging within an article: full names learned once are recalled for
their surnames and first names later, bare names resolved or merged, and
the canonical form of a person chosen.
"""

from __future__ import annotations

from typing import Sequence

from archive.extract.entities.aliases import fold_key
from archive.extract.entities.mention import ACTOR, PLACE, Mention  # noqa: F401  (re-exported)
from archive.extract.entities.resources import DATA_DIR, Resources, load_resources  # noqa: F401  (re-exported)
from archive.extract.entities.spans import _Cand
from archive.extract.entities.tokens import (
    _is_initial,
)
from archive.extract.entities.words import (
    _POSSESSIVE_RE,
    _ROMAN_RE,
    DETERMINERS,
    FUNCTION_WORDS,  # noqa: F401  (re-exported)
    NAME_CONNECTORS,
    PARTICLES,
    ROYAL_TITLES,
)


class _Names:
    """What the article teaches about its people and places (a mixin of `rules._Article`)."""

    # -- pass 2: article memory ----------------------------------------
    def learn(self, cands: list[_Cand]) -> None:
        text = self.tk.text
        for c in cands:
            if c.kind == ACTOR and c.strong:
                words = text[c.i:c.j]
                canon = c.name or self.actor_canonical(words)
                c.name = canon
                self.person_memory[fold_key(" ".join(words))] = canon
                # "Koningin Elizabeth II", "Prins Harry" (from the alias
                # table): the name without title and number teaches the
                # article "Elizabeth", "Harry"
                cw = canon.split()
                if len(cw) >= 2 and cw[0].lower() in ROYAL_TITLES:
                    cw = cw[1:]
                    if len(cw) >= 2 and _ROMAN_RE.match(cw[-1]):
                        cw = cw[:-1]
                    if len(cw) == 1:
                        self.surname_memory.setdefault(fold_key(cw[0]), set()).add(canon)
                        continue
                if len(words) >= 2 and not self.bare_words(words):
                    # surname: last word, with particles before it
                    k = len(words) - 1
                    while k > 1 and words[k - 1].lower() in PARTICLES:
                        k -= 1
                    sur = " ".join(words[k:])
                    self.surname_memory.setdefault(fold_key(sur), set()).add(canon)
                    if k < len(words) - 1:
                        self.surname_memory.setdefault(fold_key(words[-1]), set()).add(canon)
                    if words[0] in self.R.first_names or (
                        not _is_initial(words[0]) and words[0].lower() not in PARTICLES
                        and not self.common(words[0])
                    ):
                        self.first_memory.setdefault(fold_key(words[0]), set()).add(canon)
            elif c.kind == PLACE and c.strong:
                words = text[c.i:c.j]
                self.place_memory[fold_key(" ".join(words))] = c.name or " ".join(words)

    @staticmethod
    def bare_words(words: Sequence[str]) -> bool:
        """One word, or a surname with its particles (`Van der Poel`, `De
        Vries`): a mention that may stand for a full name in the article."""
        return len(words) == 1 or all(w.lower() in PARTICLES for w in words[:-1])

    def resolve_bare(self, words: Sequence[str]) -> str | None:
        """The one full name of the article that a bare surname or first
        name stands for (`De Vries` -> `Jan de Vries`, `Duncan` -> `Duncan
        Laurence`); None when no full name or more than one matches."""
        if not self.bare_words(words):
            return None
        name = " ".join(words)
        for form in self.base_forms(name):
            key = fold_key(form)
            found = set(self.surname_memory.get(key, ()))
            if len(words) == 1:
                found |= self.first_memory.get(key, set())
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    def merge_bare(self, cores: list[_Cand]) -> None:
        """Within the article, a bare surname or first name that a rule has
        already typed as a person (`Later zei De Vries`, `Van der Poel`
        after `Mathieu van der Poel`, a headline's `Duncan`) joins the one
        full name it matches, before or after it in the text."""
        if not self.surname_memory and not self.first_memory:
            return
        text = self.tk.text
        for c in cores:
            if c.kind != ACTOR:
                continue
            words = text[c.i:c.j]
            full = self.resolve_bare(words)
            if full is not None and full != c.name:
                c.name = full
                c.why = (c.why or "") + "+merge"
                self.person_memory[fold_key(" ".join(words))] = full

    def actor_canonical(self, words: list[str]) -> str:
        name = " ".join(words)
        canon = self.actor_alias(name)
        if canon:
            return canon
        # possessive on the last word: Aleksandr Loekasjenko's
        m = _POSSESSIVE_RE.match(words[-1])
        if m and m.group(1) and len(words) > 1:
            base = " ".join(words[:-1] + [m.group(1)])
            canon = self.actor_alias(base)
            if canon:
                return canon
            if words[-1].endswith(("'s", "’s", "'", "’")):
                return base
        return name

    def recall(self, c: _Cand) -> bool:
        """Type an untyped core from the article memory."""
        words = self.tk.text[c.i:c.j]
        name = " ".join(words)
        for form in self.base_forms(name) if len(words) <= 3 else [name]:
            key = fold_key(form)
            if key in self.person_memory:
                c.kind, c.name = ACTOR, self.person_memory[key]
                c.why = "mem-person"
                return True
            sur = self.surname_memory.get(key)
            if sur:
                c.kind = ACTOR
                c.why = "mem-sur"
                c.name = next(iter(sur)) if len(sur) == 1 else form
                return True
            if c.start_word:
                continue
            if key in self.place_memory:
                c.kind, c.name = PLACE, self.place_memory[key]
                c.why = "mem-place"
                return True
            fm = self.first_memory.get(key)
            if fm and len(words) == 1 and not c.sent_start:
                c.kind = ACTOR
                c.why = "mem-first"
                c.name = next(iter(fm)) if len(fm) == 1 else form
                return True
        return False

    def default(self, c: _Cand) -> None:
        """Last resort for an untyped core: what a name this shaped usually is."""
        R = self.R
        if c.other_cue or c.after_article:
            return
        if c.j - c.i == 1:
            # one word (most cores): the tests below, without their loops
            w = self.tk.text[c.i]
            low = w.lower()
            if low in NAME_CONNECTORS or not (self.surname_like(w) or low in PARTICLES) or (
                w[0].isupper() and self.common(w)
            ):
                return
            self.default_one(c, w)
            return
        words = self.tk.text[c.i:c.j]
        n = len(words)
        if any(w.lower() in NAME_CONNECTORS for w in words):
            return
        if not all(self.surname_like(w) or w.lower() in PARTICLES for w in words):
            return
        sur = n - 1
        while sur > 1 and words[sur - 1].lower() in PARTICLES:
            sur -= 1  # "Nyck de Vries": the surname is "de Vries"
        particle_surname = sur < n - 1 and self.family(" ".join(words[sur:]))
        checked = words[:sur] if particle_surname else words
        if any(self.common(w) for w in checked if w[0].isupper()):
            return
        # two or three unknown capitalised words: a person if the last one is
        # a known family name (Morgan Stanley is the price of that)
        if n <= 4 and (
            self.family(" ".join(words[sur:])) or words[0] in R.first_names
        ) and words[-1].lower() not in PARTICLES:
            c.kind, c.name = ACTOR, " ".join(words)
            c.why = "def-multi"

    def default_one(self, c: _Cand, w: str) -> None:
        """`default` of a one-word core `w` that looks like a name."""
        if c.sent_start and self.common(w):
            return
        if self.inhabitant(w):
            return
        tk = self.tk
        if c.i > 0 and tk.unit[c.i - 1] == tk.unit[c.i] and tk.text[c.i - 1] in DETERMINERS:
            return  # "zijn Ferrari", "geen Mercedes"
        if self.mentions(w) < 2:
            # a lone name without any cue, once in the article, is as
            # often a brand, a pet or a title as a person (Gartner, Astro)
            return
        if w in self.R.first_names:
            c.kind, c.name = ACTOR, w
            c.why = "def-first"
            return
        if self.family(w):
            c.kind, c.name = ACTOR, w
            c.why = "def-family"
            return
        # an unknown lone capitalised word is far more often a company
        # or a title than a person: leave it out of the facets
