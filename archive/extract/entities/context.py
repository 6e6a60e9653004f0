"""What the whole article says about a word: its surface text, how often and
where it occurs, whether it names a place, an organisation or an
inhabitant elsewhere in the article. The rules ask these before deciding
one span.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from archive.extract.entities.aliases import AliasTable
from archive.extract.entities.facts import word_facts

from archive.extract.entities.mention import ACTOR, PLACE, Mention  # noqa: F401  (re-exported)
from archive.extract.entities.resources import DATA_DIR, Resources, load_resources  # noqa: F401  (re-exported)
from archive.extract.entities.tokens import (
    _place_noun,
)
from archive.extract.entities.words import (
    COMPASS,
    DEPARTMENT_HEADS,
    FUNCTION_WORDS,  # noqa: F401  (re-exported)
    ORG_TAILS,
    PLACE_PREPS,
)


def place_of(place_alias, R: Resources, name: str) -> str | None:
    """The canonical place `name` stands for: the alias table's, else the
    gazetteers' (itself through the alias table). `_Article` asks it
    through `bind_lookups`, with `place_alias` the table's cached look-up."""
    canon = place_alias(name)
    if canon is not None:
        return canon
    canon = R.places.get(name)
    if canon is not None:
        return place_alias(canon) or canon
    return None


def ambiguous_place(place_alias, R: Resources, w: str) -> bool:
    """A one-word place name from the large gazetteers that is also a
    first name or a compass direction (Victoria, Florence, Noorden):
    taken as a place only with a cue or when the article confirms it."""
    if w in R.trusted_places or place_alias(w):
        return False
    return w in R.first_names or w.lower() in COMPASS


def known_name(place_alias, actor_alias, R: Resources, t: str) -> bool:
    """A capitalised word the gazetteers know as a name (not as a word)."""
    return bool(t in R.places or actor_alias(t) or place_alias(t))


def bind_lookups(al: AliasTable, R: Resources) -> dict:
    """The look-ups of an `_Article` that read only the alias table and the
    resources, by attribute name: `actor_alias`, `place_alias`,
    `place_of`, and, each from a bounded cache kept on the table
    (`AliasTable.cached`: cleared when the table changes, shared by every
    article that uses it), `ambiguous_place` and `known_name`, asked of
    the same few thousand words over and over (a hit costs no Python call)."""
    actor = al.lookup_of(ACTOR)
    place = al.lookup_of(PLACE)
    return {
        "actor_alias": actor,
        "place_alias": place,
        "place_of": partial(place_of, place, R),  # mostly new names: no cache
        "ambiguous_place": al.cached(("ambiguous_place", R), lambda t: partial(ambiguous_place, place, R)),
        "known_name": al.cached(("known_name", R), lambda t: partial(known_name, place, actor, R)),
    }


#: Above this many tokens `mentions` counts all of them at once.
_COUNT_ALL = 1500


def word_plans(al: AliasTable, R: Resources, plan, *look) -> tuple:
    """`plan(R, word tests of R, *look, sent_start, word)`, a decision
    about a one-word span from the word alone, at a sentence start and
    elsewhere: two bounded caches kept on the alias table (`AliasTable.cached`:
    cleared when the table changes). `look`: look-ups of `bind_lookups`."""
    f = word_facts(R)
    return tuple(al.cached((plan, R, start), lambda t, start=start: partial(plan, R, f, *look, start))
                 for start in (True, False))


class _Context:
    """Article-wide look-ups (a mixin of `rules._Article`: reads its tokens,
    resources and memories; `bind_lookups` gives it the table's)."""

    # -- helpers ------------------------------------------------------
    def surface(self, i: int, j: int) -> str:
        tk = self.tk
        if j - i == 1:
            return tk.text[i]  # the same characters
        return self.units[tk.unit[i]][tk.start[i]:tk.end[j - 1]]

    def words(self, i: int, j: int) -> list[str]:
        return self.tk.text[i:j]

    def organisation(self, i: int, j: int) -> bool:
        """Is text[i:j] an organisation, brand, team, medium or event: a
        listed name (Ajax, Red Bull, De Telegraaf) or a name ending in an
        organisation word (Imperial Invest, Manchester City, Ziggo Dome)?"""
        orgs = self.R.organisations
        if j - i == 1:  # most spans: the surface is the token
            t = self.tk.text[i]
            found = t in orgs or ("’" in t and t.replace("’", "'") in orgs)
        else:
            words = self.tk.text[i:j]
            found = " ".join(words).replace("’", "'") in orgs or self.surface(i, j) in orgs or (
                words[-1] in ORG_TAILS
            )
        if found:
            self.org_start.add(i)
            self.org_end.add(j)
            return True
        return False

    def mentions(self, w: str) -> int:
        """How often the article writes the token `w`."""
        counts = self._counts
        if counts is None:
            text = self.tk.text
            if len(text) > _COUNT_ALL:
                counts = self._counts = Counter(text)
                return counts[w]
            counts = self._counts = {}
        n = counts.get(w)
        if n is None:
            # a few words asked of an article of a hundred or so tokens:
            # one scan each (in C) costs less than counting every token
            n = counts[w] = self.tk.text.count(w)
        return n

    def homonym_context(self, i: int, j: int) -> bool:
        """Does the context make a one-word place that is also an ordinary
        word (Handel, Helden, Noorden) part of a department or title:
        "ministerie van Handel", "Helden van de Publieke Zaak", "Dagblad van
        het Noorden"?"""
        tk = self.tk
        text = tk.text
        w = text[i]
        if j - i != 1 or not self.common(w) or w in self.R.trusted_places:
            return False
        u = tk.unit[i]
        if i > 1 and tk.unit[i - 2] == u and text[i - 1] == "van" and (
            text[i - 2].lower() in DEPARTMENT_HEADS
        ):
            return True
        # head of a title: "Helden van de Publieke Zaak"
        k = j
        while (k < tk.n and tk.unit[k] == u and k - j < 3
               and text[k] in ("van", "de", "het", "der", "den")):
            k += 1
        if k > j and k < tk.n and tk.unit[k] == u and tk.cap[k] and text[j] == "van":
            return True
        return False

    def place_context(self, i: int, j: int) -> bool:
        """Does the context make text[i:j] a place: "in Best", "de gemeente
        Monster", "Eindhoven, Best en Veldhoven"?"""
        tk = self.tk
        text = tk.text
        u = tk.unit[i]
        prev = text[i - 1].lower() if i > 0 and tk.unit[i - 1] == u else ""
        prev2 = text[i - 2].lower() if i > 1 and tk.unit[i - 2] == u else ""
        if prev in PLACE_PREPS or (prev[:1].isalpha() and _place_noun(prev, prev2)):
            return True
        if prev in (",", "en", "of", "/") and i > 1 and tk.unit[i - 2] == u:
            w = text[i - 2]
            if w in self.R.places and not self.common(w):
                return True
        nxt = text[j] if j < tk.n and tk.unit[j] == u else ""
        if nxt in (",", "en", "of", "/") and j + 1 < tk.n and tk.unit[j + 1] == u:
            w = text[j + 1]
            if w in self.R.places and not self.common(w):
                return True
        return False
