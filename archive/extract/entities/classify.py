"""Deciding what one candidate span is: a person, a place, an organisation,
or nothing, from the cues around it (titles and functions before it,
prepositions, what follows, what the article said before).
"""

from __future__ import annotations

from archive.extract.entities.aliases import fold_key
from archive.extract.entities.mention import ACTOR, PLACE, Mention  # noqa: F401  (re-exported)
from archive.extract.entities.resources import DATA_DIR, Resources, load_resources  # noqa: F401  (re-exported)
from archive.extract.entities.cues import before_cues
from archive.extract.entities.spans import _Cand
from archive.extract.entities.tokens import (
    _is_initial,
    _title_word,
)
from archive.extract.entities.words import (
    ARTICLES,
    CAP_PARTICLES,
    COMPANY_HEADS,
    DETERMINERS,
    FUNCTION_WORDS,  # noqa: F401  (re-exported)
    INFORMAL_TITLES,
    PARTICLES,
    SPORTS_ABBR,
    STORM_NOUNS,
    STRONG_STREET_SUFFIXES,
    TITLES,
)


def lone_word_fate(R, f, known_name, ambiguous_place, actor_alias, sent_start: bool, t: str) -> int:
    """What `_Classify.classify`'s strip loop does with a one-word span `t`
    (at a sentence start or not), and what the span is then: 0, it keeps
    the word (the word is the core); 1, it strips it and the span is
    nothing; 2, it strips it and the span is a sentence-initial ordinary
    word that only the article's people may claim ("Dekker zei"). The
    loop's tests for one word, in its order: for one word they read
    nothing but the word (no surname can follow it, no street name end
    it), so `_Article` asks them of a cache (`context.word_plans`). `f` holds the
    word tests of `R` (`facts.word_facts`); the rest are the article's
    look-ups (`context.bind_lookups`)."""
    if not t[0].isupper():
        return 0  # a lower-case particle
    low = t.lower()
    common = f.common
    stripped = (
        t in R.not_names or t in R.languages or f.inhabitant(t)
        or (_title_word(t) and not (t in R.first_names and not common(t))
            and not (f.family(t) and not common(t) and low not in TITLES))
        or (t not in R.places and f.adjective(t) and not known_name(t))
        or (sent_start and common(t) and not _is_initial(t) and (
            not known_name(t) or (ambiguous_place(t) and not actor_alias(t))))
    )
    if not stripped:
        return 0
    return 2 if sent_start and low not in FUNCTION_WORDS and low not in ARTICLES and f.surname_like(t) else 1


class _Classify:
    """The decision for one span (a mixin of `rules._Article`)."""

    # -- pass 1: classify -----------------------------------------------
    def plain_sentence_word(self, i: int) -> bool:
        """Is the one-word span at i a function word at a sentence start
        ("De", "Het", "Maar": a sixth of all spans) that `classify` would
        strip as an ordinary word, leaving nothing? The same tests it asks
        for such a word, in short (no gazetteer match is tried for it, and
        every way of stripping it ends the same); a storm noun before it
        ("orkaan Het ...") goes the long way, which remembers the name."""
        t = self.tk.text[i]
        low = t.lower()
        if not (t[:1].isupper() and low in FUNCTION_WORDS and self.common(t)):
            return False
        tk = self.tk
        if i > 0 and tk.unit[i - 1] == tk.unit[i] and tk.text[i - 1].lower().endswith(STORM_NOUNS):
            return False
        R = self.R
        if t in R.not_names or t in R.languages or self.inhabitant(t) or _title_word(t):
            return True
        if t not in R.places and self.adjective(t) and not self.known_name(t):
            return True
        return not _is_initial(t) and (
            not self.known_name(t) or (self.ambiguous_place(t) and not self.actor_alias(t))
        )

    def classify(self, c: _Cand) -> list[_Cand]:
        """Strip titles and common words, type the core; may split the span."""
        tk, R = self.tk, self.R
        text = tk.text
        i, j = c.i, c.j
        res: list[_Cand] = []

        # multi-token places anywhere inside the span (Verenigde Staten,
        # Den Haag, Bosnië en Herzegovina) are taken first
        if j - i == 1 and i >= 2 and text[i - 1] == "(" and self.result_abbr(i):
            t = text[i]
            canon = SPORTS_ABBR.get(t) or R.country_abbr.get(t) or t
            return [_Cand(i, j, kind=PLACE, name=self.place_alias(canon) or canon,
                          result=True, why="result")]
        if self.organisation(i, j):
            return res
        if j - i == 1 and c.sent_start and self.plain_sentence_word(i):
            return res
        for k in range(j - 1, i, -1) if j - i > 1 else ():
            if self.name_start(text[k]) and self.organisation(i, k):
                # "Red Bull Pierre Gasly": the team, then the driver
                return self.classify(_Cand(k, j, sent_start=False))
        if j < tk.n and text[j] == "-" and tk.start[j] == tk.end[j - 1] and (
            j + 1 >= tk.n or tk.start[j + 1] > tk.end[j]
        ):
            return res  # "Latijns- en Midden-Amerika": half a compound
        full = self.match_one(i, c.sent_start) if j - i == 1 else self.match_whole(i, j, c.sent_start)
        if full is not None:
            if full.kind == PLACE and (self.event_year(j) or self.embedded(i)):
                return res  # "Brussel 2000", "Ronde van Frankrijk"
            if full.kind == PLACE and self.team(i, j):
                self.teams.add(full.name)  # "verdediger van Liverpool"
                return res
            return [full]
        if self.surface(i, j) in R.not_names:
            return res

        # context before the span
        u = tk.unit[i]
        cues, det = before_cues(text[i - 1] if i > 0 and tk.unit[i - 1] == u else "")
        prev2 = ""
        if (det is not None or cues[7]) and i > 1 and tk.unit[i - 2] == u:
            prev2 = text[i - 2].lower()
            if det is not None and prev2 in DETERMINERS:
                cues = det  # "de staat Ohio"
        person_cue, formal_cue, other_cue, place_cue, title, storm, after_article, van = cues
        if storm and j - i == 1:
            self.storms.add(fold_key(text[i]))
        # "minister van Justitie Verwilghen" names a person after the
        # department; "voorzitter van Imperial Invest" names an organisation
        dept = van and bool(prev2) and _title_word(prev2)
        nxt = text[j] if j < tk.n and tk.unit[j] == tk.unit[i] else ""
        if nxt == "(" and j + 2 < tk.n and text[j + 1].isdigit() and text[j + 2] == ")" and (
            len(text[j + 1]) <= 2
        ):
            person_cue = True  # age: "Jansen ( 34 )"

        # strip leading words
        sent_start = c.sent_start
        stripped_any = False
        org_head = False
        several = j - i > 1
        if not several:
            # one word: whether the loop below strips it, and what the span
            # is then, depends on the word and sent_start alone
            fate = (self.lone_start if sent_start else self.lone_mid)(text[i])
            if fate:
                return [_Cand(i, j, sent_start=True, other_cue=True, start_word=True)] if fate == 2 else res
        while several and i < j:
            t = text[i]
            low = t.lower()
            if not t[0].isupper():
                break  # a lower-case particle that starts a surname
            if stripped_any:
                full = self.match_whole(i, j, False)
                if full is not None:
                    break
            keep_first = t in R.first_names and i + 1 < j and self.surname_start(i + 1, j) and not (
                (t in R.not_names or self.inhabitant(t))
                and (self.name_start(text[i + 1]) or j - i >= 3)
            ) and not (
                sent_start and (low in FUNCTION_WORDS or low in PARTICLES)
            ) and low not in STORM_NOUNS  # "Brit Hugh Carthy": the inhabitant, then the name; "Alle Rembrandts"
            if (t in R.not_names or t in R.languages or self.inhabitant(t)) and not keep_first:
                # "Russen", "Belg", "Frans": never names; a singular
                # inhabitant before a name is a person cue (de Fransman Zidane)
                i += 1
                if t[1:].islower() and not low.endswith("en") and i < j:
                    person_cue = True
                    formal_cue = True
                else:
                    other_cue = True  # "Belga", "Photo News": credits, agencies
                sent_start = False
                stripped_any = True
                continue
            if i + 1 < j and low.endswith(COMPANY_HEADS) and self.common(t):
                i += 1  # "Bodemonderzoeker Fugro", "Techgigant Google"
                other_cue = True
                sent_start = False
                stripped_any = True
                continue
            if _title_word(t) and not (t in R.first_names and not self.common(t)) and not (
                self.family(t) and not self.common(t) and low not in TITLES
            ):
                i += 1
                person_cue = True
                formal_cue = low not in INFORMAL_TITLES
                title = low
                sent_start = False
                stripped_any = True
                continue
            if low == "the" and i + 1 < j:
                i += 1  # "The Conception", "The Carricks": a title, ship or band
                other_cue = True
                sent_start = False
                stripped_any = True
                continue
            if i + 1 < j and self.compound_head(t):
                # "Disneyklassieker Aladdin": a name + noun compound describes
                # the name after it and is no part of it; before a lone name
                # that is no person it makes the name a title or a thing
                i += 1
                sent_start = False
                stripped_any = True
                if i + 1 == j and text[i] not in R.first_names:
                    other_cue = True
                continue
            if t not in R.places and self.adjective(t) and not self.known_name(t):
                i += 1
                sent_start = False
                stripped_any = True
                other_cue = other_cue or i == j
                continue
            if (sent_start or i + 1 < j) and self.common(t) and not _is_initial(t) and not (
                not sent_start and text[j - 1].lower().endswith(STRONG_STREET_SUFFIXES)
            ) and (
                not self.known_name(t) or (sent_start and self.ambiguous_place(t)
                                           and not self.actor_alias(t))
            ) and not keep_first:
                if low in ("beeld", "foto", "lijst"):
                    other_cue = True  # "Lijst Smolders Tilburg": a party
                if low.endswith(STORM_NOUNS) and j - i == 2:
                    other_cue = True  # "Orkaan Dorian"
                    self.storms.add(fold_key(text[i + 1]))
                if dept and not sent_start:
                    person_cue = True
                    formal_cue = True
                if not sent_start:
                    org_head = True
                # sentence-initial ordinary word; keep "De" of "De Gucht"
                if low in CAP_PARTICLES and i + 1 < j and self.particle_name(i, j):
                    break
                sent_start_before = sent_start
                i += 1
                sent_start = False
                stripped_any = True
                if low in ARTICLES:
                    after_article = True
                    if not sent_start_before:
                        # "in De Telegraaf", "Het Parool": a title
                        other_cue = True
                continue
            break
        if i >= j:
            if c.j - c.i == 1 and c.sent_start and text[c.i][:1].isupper() and (
                text[c.i].lower() not in FUNCTION_WORDS and text[c.i].lower() not in ARTICLES
                and self.surname_like(text[c.i])
            ):
                # "Dekker zei": an ordinary word at a sentence start is a
                # person only if the article names that person in full
                return [_Cand(c.i, c.j, sent_start=True, other_cue=True, start_word=True)]
            return res
        if stripped_any and self.organisation(i, j):
            return res
        if dept and not person_cue:
            other_cue = True
        if dept and all(self.common(w) for w in text[i:j]):
            # "minister van Buitenlandse Zaken": the department, no person
            return res
        if stripped_any:
            full = self.match_whole(i, j, False)
            if full is not None:
                if full.kind == PLACE and (org_head or self.event_year(j)):
                    return res  # "Haven Brussel", "Club Brugge": organisations
                return [full]

        if j - i >= 3 and self.name_start(text[i]):
            # a signature or caption without its comma: "Ger Becker Hoogeveen"
            for k in range(i + 2, j):
                w = text[k]
                if (w in R.places and not self.ambiguous_place(w) and w not in R.first_names
                        and (not self.family(w) or w in R.trusted_places
                             or not self.name_start(text[i + 1]))
                        and text[k - 1].lower() not in PARTICLES):
                    head = _Cand(i, k, person_cue=person_cue, sent_start=sent_start)
                    self.type_core(head)
                    return [head] + self.classify(_Cand(k, j, sent_start=False))
        core = _Cand(i, j, person_cue=person_cue, place_cue=place_cue,
                     other_cue=other_cue, after_article=after_article,
                     sent_start=sent_start, formal_cue=formal_cue, title=title)
        # split "Poetin Loekasjenko" into known parts
        parts = self.segment_known(i, j) if j - i > 1 else None
        if parts is not None:
            return parts
        # a heading or name glued to the next name: "Israël Rafi Eitan",
        # "Red Bull Pierre Gasly", "China Mercedes"
        for k in range(j - 1, i, -1) if j - i > 1 else ():
            if not (self.name_start(text[k]) or text[k] in R.organisations):
                continue
            if self.organisation(i, k):
                return self.classify(_Cand(k, j, sent_start=False))
            head = self.match_whole(i, k, sent_start)
            if head is not None and head.kind == PLACE and (
                " ".join(text[i:k]) in R.trusted_places
                or (k == i + 1 and text[k] in R.first_names and not self.ambiguous_place(text[i]))
            ):
                # "Israël Rafi Eitan", "Rijswijk Pierre Valkering" (a letter's signature)
                return [head] + self.classify(_Cand(k, j, sent_start=False))
        self.type_core(core)
        if core.kind == ACTOR and title is not None and not core.name:
            # "de Britse prins Harry", "paus Franciscus": the title is no part
            # of the name, but the alias table may know the titled form
            canon = self.actor_alias(title + " " + " ".join(text[i:j]))
            if canon is not None:
                core.name = canon
                core.why = "title-alias"
        return [core]
