"""Spans against what is known: whole matches in the gazetteers and the alias
table, known names inside longer runs, and the core type of a span.
"""

from __future__ import annotations

from archive.extract.entities.cues import _Cues
from archive.extract.entities.facts import base_forms
from archive.extract.entities.mention import ACTOR, PLACE, Mention  # noqa: F401  (re-exported)
from archive.extract.entities.resources import DATA_DIR, Resources, load_resources  # noqa: F401  (re-exported)
from archive.extract.entities.spans import _Cand
from archive.extract.entities.tokens import (
    _is_acronym,
    _is_initial,
)
from archive.extract.entities.words import (
    FUNCTION_WORDS,  # noqa: F401  (re-exported)
    NAME_CONNECTORS,
    PARTICLES,
    STREET_SUFFIXES,
)


#: The plan of a word that matches nothing.
_NO_MATCH: tuple = (False, False, ())


def one_word_plan(R, f, actor_alias, place_of, ambiguous_place, sent_start: bool,
                  w: str) -> tuple[bool, bool, tuple]:
    """What `match_whole` decides about the one-word span `w` from the word
    alone (at a sentence start or not), for `_Match.match_one` to finish
    with the context: (adj_s, homonym, steps). `adj_s`: no match if a
    lower-case word follows ("een Brussels voorstadsnet", "Leons
    ouders"); `homonym`: `homonym_context` may hold. `steps`:
    the matches of `w` and its base forms in order, each (kind, canonical,
    first_name, ambiguous): an actor is the answer; a place is, unless it
    is a first name at a sentence start (then the next step), or
    ambiguous ("Victoria", "Noorden") without a place cue, or a homonym in
    a title ("ministerie van Handel"), which leave no match. The word
    tests are the same as for a longer span, in the same order; only the
    context is left out, so the plan can be cached (`context.word_plans`)."""
    common = f.common
    if sent_start and common(w):
        # a sentence-initial ordinary word is never taken on its own
        # gazetteer entry (Boom, Spa); the article may still confirm it.
        # A person in the alias table is (Wilders, Merkel: rare words)
        if w.lower() in FUNCTION_WORDS:
            return _NO_MATCH
        for form in base_forms(w):
            canon = actor_alias(form)
            if canon is not None:
                return (False, False, ((ACTOR, canon, False, False),))
        return _NO_MATCH
    if w in R.not_names or f.inhabitant(w) or (w in R.languages and w not in R.places):
        return _NO_MATCH
    # "een echt Brussels voorstadsnet": adjective in -s before a noun
    adj_s = bool(f.place_adjective_s(w) or (w.endswith("s") and w[:-1] in R.first_names))
    steps: list[tuple] = []
    for form in base_forms(w):
        canon = actor_alias(form)
        if canon is not None:
            steps.append((ACTOR, canon, False, False))
            break
        canon = place_of(form)
        if canon is not None:
            if form != w and (common(form) or common(w) or _Cues.adjective_form(w, form)):
                continue  # "Brabants", "Utrechts": the adjective, no place
            first_name = form in R.first_names
            steps.append((PLACE, canon, first_name, ambiguous_place(form)))
            if first_name:
                continue  # at a sentence start the next form is tried
            break
        if form != w:
            break
    if not steps:
        return _NO_MATCH
    # `homonym_context` holds only for an ordinary word that is no trusted place
    return (adj_s, common(w) and w not in R.trusted_places, tuple(steps))


class _Match:
    """Known-name matching (a mixin of `rules._Article`)."""

    def match_whole(self, i: int, j: int, sent_start: bool) -> _Cand | None:
        """The whole span [i, j) as a known place or actor alias."""
        if j - i == 1:
            return self.match_one(i, sent_start)
        words = self.tk.text[i:j]
        name = " ".join(words)
        for form in self.base_forms(name) if j - i <= 4 else [name]:
            canon = self.actor_alias(form)
            if canon is not None:
                return _Cand(i, j, kind=ACTOR, name=canon, strong=True, why="alias")
            canon = self.place_of(form)
            if canon is not None:
                if form != name and (self.common(form) or self.common(name)
                                     or self.adjective_form(name, form)):
                    continue  # "Brabants", "Utrechts": the adjective, no place
                return _Cand(i, j, kind=PLACE, name=canon, strong=True, why="gaz")
            if form != name:
                break
        return None

    def match_one(self, i: int, sent_start: bool) -> _Cand | None:
        """`match_whole` of the one word at i: its plan (`one_word_plan`,
        cached per word) with the context it asks for."""
        tk = self.tk
        adj_s, homonym, steps = (self.one_plan_start if sent_start else self.one_plan_mid)(tk.text[i])
        j = i + 1
        if adj_s and j < tk.n and tk.unit[j] == tk.unit[i] and tk.text[j][:1].islower():
            return None  # "een Brussels voorstadsnet", "Leons ouders"
        for kind, canon, first_name, ambiguous in steps:
            if kind == ACTOR:
                return _Cand(i, j, kind=ACTOR, name=canon, strong=True, why="alias")
            if first_name and tk.sent[i]:
                continue
            if ambiguous and not self.place_context(i, j):
                return None  # "Victoria", "Noorden": a cue or the article decides
            if homonym and self.homonym_context(i, j):
                return None  # "ministerie van Handel"
            return _Cand(i, j, kind=PLACE, name=canon, strong=True, why="gaz")
        return None

    def segment_known(self, i: int, j: int) -> list[_Cand] | None:
        """Split a run of two or more known names written next to each other."""
        if j - i < 2:
            return None
        text = self.tk.text
        if text[i] in self.R.first_names or _is_initial(text[i]):
            return None
        out: list[_Cand] = []
        k = i
        while k < j:
            for e in range(j, k, -1):
                if e - k == j - i:
                    continue
                m = self.match_whole(k, e, self.tk.sent[k] and k == i)
                if m is not None:
                    out.append(m)
                    k = e
                    break
            else:
                return None
        return out if len(out) > 1 else None

    def type_core(self, c: _Cand) -> None:
        """Type a stripped span by its words and context."""
        R, tk = self.R, self.tk
        words = tk.text[c.i:c.j]
        n = len(words)
        first = words[0]
        # everything must look like a name
        if c.other_cue and not c.person_cue:
            return
        if (first.lower() in NAME_CONNECTORS if n == 1
                else any(w.lower() in NAME_CONNECTORS for w in words)):
            return
        if n == 1 and (_is_acronym(first) or (
            not first.isalpha() and any(ch.isdigit() for ch in first)  # letters are no digits
        )):
            return
        # an inner capitalised ordinary word makes it a title or organisation
        # (Europese Commissie, Rode Kruis), unless it is a surname (Jan Bos)
        def surname_ok(w: str) -> bool:
            if _is_initial(w) or w.lower() in PARTICLES:
                return True
            if not self.surname_like(w):
                return False
            if self.common(w) and not self.family(w):
                return False
            return True

        # a known surname with its particles: "Van Dam" (dam is also a word)
        sur = n - 1
        while sur > 1 and words[sur - 1].lower() in PARTICLES:
            sur -= 1
        particle_surname = sur < n - 1 and self.surname_like(words[-1]) and (
            self.family(" ".join(words[sur:]))
        )

        def rest_ok(k: int, w: str) -> bool:
            return surname_ok(w) or (particle_surname and k == n - 1)

        # first name + surname
        if n >= 2 and (first in R.first_names or _is_initial(first)):
            rest = words[1:]
            if all(rest_ok(k, w) for k, w in enumerate(rest, 1)) and not (
                rest[-1].lower() in PARTICLES or _is_initial(rest[-1])
            ):
                # Brussel Zuid, Sint-Jan are not people, but first names
                # are rarely also ordinary words (Mark, Guy are fine)
                c.kind = ACTOR
                c.why = "first+sur"
                c.strong = True
                c.name = None
                return
        # title/speech-verb cue + surname-like words
        if c.person_cue and n <= 4 and all(surname_ok(w) for w in words):
            c.kind = ACTOR
            c.why = "cue+sur"
            c.strong = True
            return
        # street and square names: Wetstraat, Grote Markt, Ninoofsesteenweg
        last = words[-1].lower()
        if (
            n <= 4 and last.endswith(STREET_SUFFIXES) and len(last) > 6
            and not self.common(words[-1]) and words[-1][:1].isupper()
            and all(self.surname_like(w) or w in PARTICLES for w in words[:-1])
            and not c.person_cue and not any(_is_acronym(w) for w in words)
        ):
            c.kind, c.name, c.strong = PLACE, None, False
            c.why = "street"
            return
        # single known place (not sentence-initial ambiguous)
        if n == 1:
            if self.genitive_before_noun(c.j):
                return  # "in Amsterdams jargon"
            for form in self.base_forms(first):
                if form != first and (self.common(form) or self.common(first)
                                      or self.adjective_form(first, form)):
                    continue  # "Eens" is no form of the village Een; "Brabants"
                pl = self.place_of(form)
                if pl is not None and not (c.sent_start and self.common(form)) and not (
                    self.ambiguous_place(form) and not self.place_context(c.i, c.j)
                ) and not self.homonym_context(c.i, c.j):
                    c.kind = PLACE
                    c.why = "known1"
                    c.name = pl
                    c.strong = not self.common(form)
                    return
        if c.place_cue and n <= 3 and all(
            w.lower() in PARTICLES or (self.surname_like(w) and not self.common(w)) for w in words
        ) and first not in R.first_names and words[-1].lower() not in PARTICLES:
            # "in Geetbets", "de stad Sjevjerodonetsk"; not "in Labour" (a
            # word), "naar Jef" (a first name), "in May's missie", "in
            # Gronings aardbevingsgebied" (a genitive or adjective)
            if self.genitive_before_noun(c.j):
                return
            if n == 1 and first.endswith(("se", "aas", "ees")) and c.j < tk.n and (
                tk.unit[c.j] == tk.unit[c.i] and tk.text[c.j][:1].islower()
                and tk.text[c.j][:1].isalpha() and tk.text[c.j].lower() not in FUNCTION_WORDS
            ):
                return  # "in Hardinxveldse sporthal", "in Indiaas pretpark": adjectives
            if not c.sent_start or not self.common(first):
                c.kind = PLACE
                c.why = "placecue"
                c.strong = False
                c.name = None
                return
