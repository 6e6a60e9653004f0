"""What the whole article says about a word: its surface text, how often and
where it occurs, whether it names a place, an organisation or an
inhabitant elsewhere in the article. The rules ask these before deciding
one span.
"""

from __future__ import annotations

from archive.extract.entities.aliases import fold_key
from archive.extract.entities.mention import ACTOR, PLACE, Mention  # noqa: F401  (re-exported)
from archive.extract.entities.resources import DATA_DIR, Resources, load_resources  # noqa: F401  (re-exported)
from archive.extract.entities.tokens import (
    _camel_case,
    _is_acronym,
    _is_adjective,
    _place_noun,
)
from archive.extract.entities.words import (
    _POSSESSIVE_RE,
    COMPASS,
    DEPARTMENT_HEADS,
    FUNCTION_WORDS,  # noqa: F401  (re-exported)
    ORG_TAILS,
    ORG_WORD_SUFFIXES,
    PLACE_PREPS,
    STRONG_STREET_SUFFIXES,
    WEAK_ADJ_SUFFIXES,
)


class _Context:
    """Article-wide look-ups (a mixin of `rules._Article`: reads its tokens, resources and memories)."""

    # -- helpers ------------------------------------------------------
    def surface(self, i: int, j: int) -> str:
        tk = self.tk
        return self.units[tk.unit[i]][tk.start[i]:tk.end[j - 1]]

    def words(self, i: int, j: int) -> list[str]:
        return self.tk.text[i:j]

    def common(self, t: str) -> bool:
        """Is `t` (capitalised) an ordinary Dutch word when lower-cased?"""
        return t.lower() in self.R.lexicon

    def place_of(self, name: str) -> str | None:
        R = self.R
        canon = self.al.lookup(name, PLACE)
        if canon is not None:
            return canon
        canon = R.places.get(name)
        if canon is not None:
            return self.al.lookup(canon, PLACE) or canon
        return None

    def organisation(self, i: int, j: int) -> bool:
        """Is text[i:j] an organisation, brand, team, medium or event: a
        listed name (Ajax, Red Bull, De Telegraaf) or a name ending in an
        organisation word (Imperial Invest, Manchester City, Ziggo Dome)?"""
        words = self.tk.text[i:j]
        orgs = self.R.organisations
        name = " ".join(words).replace("’", "'")
        if name in orgs or self.surface(i, j) in orgs or (
            len(words) > 1 and words[-1] in ORG_TAILS
        ):
            self.org_start.add(i)
            self.org_end.add(j)
            return True
        return False

    def mentions(self, w: str) -> int:
        """How often the article writes the token `w`."""
        if self._counts is None:
            counts: dict[str, int] = {}
            for t in self.tk.text:
                counts[t] = counts.get(t, 0) + 1
            self._counts = counts
        return self._counts.get(w, 0)

    def inhabitant(self, t: str) -> bool:
        """Amsterdammer, Nuenenaar, Antwerpenaren: an inhabitant name (from
        the word list, or a place name with -(e)naar(s/en))."""
        R = self.R
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

    def compound_head(self, t: str) -> bool:
        """`Philipsonderzoeker`, `Disneyklassieker`: a capitalised compound of
        a name and an ordinary noun (at least five letters), not itself a
        known name."""
        R = self.R
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

    def ambiguous_place(self, w: str) -> bool:
        """A one-word place name from the large gazetteers that is also a
        first name or a compass direction (Victoria, Florence, Noorden):
        taken as a place only with a cue or when the article confirms it."""
        R = self.R
        if w in R.trusted_places or self.al.lookup(w, PLACE):
            return False
        return w in R.first_names or w.lower() in COMPASS

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

    def actor_alias(self, name: str) -> str | None:
        return self.al.lookup(name, ACTOR)

    def base_forms(self, name: str) -> list[str]:
        """`name` and its possessive/inflected bases: Poetins -> Poetin."""
        out = [name]
        m = _POSSESSIVE_RE.match(name)
        if m and len(m.group(1)) >= 3:
            out.append(m.group(1))
        if name.endswith("'") or name.endswith("’"):
            out.append(name[:-1])
        return out

    def adjective(self, t: str) -> bool:
        """Russische, Wit-Russische, Antwerpse, Dendermondse; not Vandenbussche."""
        if _is_adjective(t):
            return True
        low = t.lower()
        if low.endswith("sse") and t[:-1] in self.R.places:
            return True  # Osse (Oss)
        if len(t) < 5 or not low.endswith(WEAK_ADJ_SUFFIXES):
            return False
        R = self.R
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

    def surname_like(self, t: str) -> bool:
        if not t[:1].isupper() or any(c.isdigit() for c in t):
            return False
        if t in self.R.not_names or t in self.R.languages:
            return False
        if t not in self.R.places and self.adjective(t):
            return False
        if "-" in t:
            parts = t.split("-")
            if not parts[-1][:1].isupper():
                return False
        if _is_acronym(t) or _camel_case(t) or t in self.R.organisations:
            return False
        if "-" in t and t not in self.R.places:
            parts = t.split("-")
            if any(x in self.R.organisations for x in parts):
                return False  # "Vitesse-PEC": a match
            if sum(1 for x in parts if x in self.R.places) >= 2:
                return False  # "Parijs-Nice": a race
        low = t.lower()
        if low.endswith(STRONG_STREET_SUFFIXES) and fold_key(t) not in self.R.family_names and any(
            low.endswith(x) and len(low) >= len(x) + 3 for x in STRONG_STREET_SUFFIXES
        ) and t not in self.R.places:
            return False  # Willemstraat, Royenstraat, Vredeskerk
        if low.endswith(ORG_WORD_SUFFIXES) and t not in self.R.places and not any(
            low == x for x in ORG_WORD_SUFFIXES
        ) and fold_key(t) not in self.R.family_names:
            return False  # Rabobank, Rijksmuseum
        return True
