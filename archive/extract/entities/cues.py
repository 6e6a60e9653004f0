"""The small cues `classify` weighs: adjective forms, genitives, result
abbreviations, embedded names, teams, event years, where a name starts.
"""

from __future__ import annotations

from functools import lru_cache

from archive.extract.entities.aliases import fold_key
from archive.extract.entities.mention import ACTOR, PLACE, Mention  # noqa: F401  (re-exported)
from archive.extract.entities.resources import DATA_DIR, Resources, load_resources  # noqa: F401  (re-exported)
from archive.extract.entities.tokens import (
    _is_initial,
    _place_noun,
    _title_word,
)
from archive.extract.entities.words import (
    _RESULT_ABBR_RE,
    ARTICLES,
    CAP_PARTICLES,
    COMPANY_HEADS,
    INFORMAL_TITLES,
    OTHER_NOUNS,
    PLACE_PREPS,
    SPEECH_VERBS,
    STORM_NOUNS,
    STRONG_PLACE_PREPS,
    WEAK_PLACE_NOUNS,
    FUNCTION_WORDS,  # noqa: F401  (re-exported)
    PARTICLES,
    SPORTS_ABBR,
    SPORTS_ROLE_SUFFIXES,
    SPORTS_VERBS,
    SPORTS_WORDS,
)


@lru_cache(maxsize=4096)  # pure; asked for every span, of a few thousand words
def before_cues(tok: str) -> tuple[tuple, tuple | None]:
    """What the token `tok` right before a span (in its unit; "" for none)
    tells `classify` about the span: (person_cue, formal_cue, other_cue,
    place_cue, title, storm, after_article, van), where `storm` means the
    span names a storm if it is one word ("orkaan Dorian") and `van` that
    `tok` is "van" ("minister van Justitie X"). The second item is the
    tuple for `tok` after a determiner when that changes it (a weak place
    noun: "de staat Ohio" against "er staat Ohio"), else None. Results
    are shared tuples: a cache entry costs its key and a slot."""
    prev = tok.lower()
    plain = _before(tok, prev, _place_noun(prev, ""))
    if prev in WEAK_PLACE_NOUNS:
        return plain, _before(tok, prev, True)
    return plain, None


def _before(tok: str, prev: str, place_noun: bool) -> tuple:
    person = formal = other = place = storm = False
    title = None
    if prev in ("heer", "mevrouw", "meneer", "mevr.", "dhr."):
        person = formal = True
    elif prev in SPEECH_VERBS:
        person = True
    # a capitalised word gives no cue; one starting with a letter is
    # capitalised exactly when `_Tokens.cap` says so
    if prev and not tok[:1].isupper() and prev[:1].isalpha():
        if prev.endswith(COMPANY_HEADS):
            other = True  # "bodemonderzoeker Fugro": the company
        elif _title_word(prev):
            person = True
            formal = prev not in INFORMAL_TITLES
            title = prev
        elif prev not in PLACE_PREPS and place_noun:
            place = True
        elif prev.endswith(OTHER_NOUNS):
            other = True
            storm = prev.endswith(STORM_NOUNS)
        elif prev in PLACE_PREPS:
            place = prev in STRONG_PLACE_PREPS
    if prev in ("beeld", "foto", "©"):
        other = True
    out = (person, formal, other, place, title, storm, prev in ARTICLES, prev == "van")
    return _SHARED.setdefault(out, out) if title is None else out


#: The few distinct cue tuples without a title, shared by all cache entries.
_SHARED: dict[tuple, tuple] = {}


class _Cues:
    """Cues around a span (a mixin of `rules._Article`)."""

    @staticmethod
    def adjective_form(word: str, base: str) -> bool:
        """Is `word` the -s adjective of the place `base` ("Brabants",
        "Utrechts", "Gronings"), not its apostrophe genitive?"""
        return word == base + "s" and word[-2:-1] not in ("'", "’")

    def genitive_before_noun(self, j: int) -> bool:
        """Is the span (ending at j) a genitive or an -s adjective directly
        before a lower-case word: "May's missie", "Gronings gebied"?"""
        tk = self.tk
        w = tk.text[j - 1]
        if w.endswith(("'s", "’s", "'", "’")):
            pass
        elif w.endswith("s") and w[:-1] in self.R.first_names:
            pass  # "Kims logica"
        elif not self.place_adjective_s(w):
            return False  # "in Geetbets ligt" is the place
        if j >= tk.n or tk.unit[j] != tk.unit[j - 1]:
            return False
        nxt = tk.text[j]
        return nxt[:1].isalpha() and nxt[:1].islower() and nxt not in PARTICLES and (
            nxt.lower() not in FUNCTION_WORDS
        )

    def result_abbr(self, i: int) -> bool:
        """`Dui` in "Zabel ( Dui )": a nationality in sports results."""
        tk = self.tk
        text = tk.text
        if i < 2 or i + 1 >= tk.n or text[i - 1] != "(" or text[i + 1] not in (")", "/"):
            return False
        if not (tk.cap[i - 2] and text[i - 2][:1].isalpha()) and text[i - 2] != ".":
            return False
        t = text[i]
        if t in SPORTS_ABBR:
            return True
        return bool(_RESULT_ABBR_RE.match(t)) and not self.common(t) and (
            t not in self.R.first_names and t in self.R.country_abbr
        )

    def embedded(self, i: int) -> bool:
        """Is the span the tail of a longer name: "Ronde van Frankrijk",
        "Universiteit van Gent", "Koning der Belgen"?"""
        tk = self.tk
        k = i - 1
        while k >= 0 and tk.unit[k] == tk.unit[i] and tk.text[k] in (
            "van", "der", "de", "den", "des", "voor", "het"
        ):
            k -= 1
        if k == i - 1 or k < 0 or tk.unit[k] != tk.unit[i]:
            return False
        head = tk.text[k]
        return tk.cap[k] and head[:1].isalpha() and self.common(head) and not _title_word(head)

    def listed_with_organisation(self, i: int, j: int) -> bool:
        """Is the name coordinated with an organisation: "Ajax, Liverpool en
        Hoffenheim", "Liverpool en Tottenham Hotspur", "Porto - Ajax"?"""
        tk = self.tk
        text = tk.text
        seps = (",", "en", "-", "–", "tegen", "of", "&")
        u = tk.unit[i]
        if j + 1 < tk.n and text[j] in seps and (j + 1) in self.org_start and tk.unit[j + 1] == u:
            return True
        if i > 1 and text[i - 1] in seps and (i - 1) in self.org_end and tk.unit[i - 2] == u:
            return True
        return False

    def team(self, i: int, j: int) -> bool:
        """Is the place name a sports team here: "verdediger van Liverpool",
        "won van Sevilla", "gelijk bij Anderlecht (1-1)", "Ajax - Benfica 3-0"?"""
        tk = self.tk
        text = tk.text
        u = tk.unit[i]
        prev = text[i - 1].lower() if i > 0 and tk.unit[i - 1] == u else ""
        prev2 = text[i - 2].lower() if i > 1 and tk.unit[i - 2] == u else ""
        if prev in ("van", "bij", "tegen", "naar", "voor") and (
            prev2 in SPORTS_WORDS or prev2.endswith(SPORTS_ROLE_SUFFIXES)
        ):
            return True
        nxt = text[j] if j < tk.n and tk.unit[j] == u else ""
        if nxt in SPORTS_VERBS and not tk.sent[i] or (tk.sent[i] and nxt in SPORTS_VERBS and (
            j + 1 < tk.n and text[j + 1] in ("van", "met", "bij", "tegen", "in", "de", "het")
        )):
            return True  # "Liverpool won van Porto", "Ajax speelde gelijk"
        # a score right after: "Anderlecht (1-1)", "Liverpool 2-0", "Porto - Ajax 1-2"
        k = j
        if k < tk.n and tk.unit[k] == u and text[k] in ("(", "-", "–"):
            k += 1
            if k < tk.n and tk.unit[k] == u and text[k][:1].isupper() and k + 1 < tk.n:
                k += 1  # "Porto - Ajax 1-2"
        if (k + 2 < tk.n and tk.unit[k + 2] == u and text[k].isdigit()
                and text[k + 1] in ("-", "–") and text[k + 2].isdigit()
                and len(text[k]) <= 2 and len(text[k + 2]) <= 2):
            return True
        return False

    def event_year(self, j: int) -> bool:
        """Is the span followed by a year, as in "Expo 2000"?"""
        tk = self.tk
        if j >= tk.n or tk.unit[j] != tk.unit[j - 1]:
            return False
        t = tk.text[j]
        return len(t) == 4 and t.isdigit() and t[:2] in ("19", "20") and (
            tk.start[j] - tk.end[j - 1] <= 1
        )

    def surname_start(self, k: int, j: int) -> bool:
        """Can text[k:j] begin with a surname (after a first name)?"""
        text = self.tk.text
        w = text[k]
        if w.lower() in PARTICLES:
            while k < j and text[k].lower() in PARTICLES:
                k += 1
            return k < j and self.surname_like(text[k])
        return self.surname_like(w) and (
            not self.common(w) or self.family(w)
        )

    def name_start(self, t: str) -> bool:
        """Can `t` begin a person's name on its own (first name, initial)?"""
        return t in self.R.first_names or _is_initial(t)

    def particle_name(self, i: int, j: int) -> bool:
        """Does the span start with a Flemish capitalised surname particle
        (`De Gucht`, `Van den Stockt`) rather than an article (`De Russen`)?"""
        text = self.tk.text
        k = i
        while k < j and text[k].lower() in CAP_PARTICLES:
            k += 1
        if k >= j or k == i:
            return False
        rest = text[k]
        if not self.surname_like(rest):
            return False
        key = fold_key(" ".join(text[i:k + 1]))
        if key in self.R.family_names:
            return True
        return not self.common(rest) and rest not in self.R.places and rest not in self.R.propernames
