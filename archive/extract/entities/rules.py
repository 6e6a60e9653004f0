"""Entity extraction for Dutch and Flemish news: actors (people) and places.

A rule- and gazetteer-based recogniser, precise enough to browse facets by and
fast enough to run on every article (well over 20,000 tokens per second on one
core; `python -m archive.evaluate conll FILE` measures both quality and speed).

How a name is found, in order:

1. Tokens. A capitalised word in the middle of a Dutch sentence is almost
   always part of a name; at the start of a sentence, unit (title, heading,
   paragraph, caption) or quotation it is a name only when the OpenTaal word
   list does not know it as a common word (`Maar`, `Beeld`, `Volgens`).
   Sentence starts are also found where punctuation does not show them: after
   `|`, bullets, a spaced dash, the Dutch opening quote `,,`, an opening
   quotation mark, and at a capitalised function word (`Een`, `Heel`, `Is`)
   or article before a lower-case word: a heading glued to its paragraph.
2. Candidate spans: runs of capitalised words, initials (`J.-L.`) and name
   particles (`van der`, `de`, `ter`, `von`, `bin`) between them; Dutch `of`
   ("or") separates names, English `of` joins a title (`Bank of America`).
3. Rules of Dutch news style: titles and functions before a name (`president`,
   `premier`, `Kremlinwoordvoerder`, `Philipsonderzoeker`, `de heer`) mark a
   person and are not part of the name; adjectives (`Russische`, `Gronings`,
   `Osse`) and inhabitants (`Russen`, `Belg`, `Amsterdammer`, `Nuenenaar`)
   are never entities; a head noun before a name types it (`de stad X` is a
   place, `de krant X`, `ministerie van X` are neither); organisations never
   are entities: listed parties, clubs, companies, media and events (`Ajax`,
   `Red Bull`, `De Telegraaf`), names ending in an organisation word
   (`Imperial Invest`, `Ziggo Dome`, `Rabobank`), brand-like camel case
   (`TechCrunch`), a capitalised article inside a sentence (`in De
   Telegraaf`); streets are places (`Marco Pololaan`); a town used for its
   team (`verdediger van Liverpool`, `Liverpool en Tottenham Hotspur`) is no
   place in that article; `(Fra)` after a name in sports results is a place.
4. Gazetteers (lazy-loaded once per process from `archive/data`, see its
   README for sources and licenses): countries, regions, cities (CLDR, BAG,
   GeoNames, curated lists of regions and places), first names and family names
   (Meertens), the alias table (`archive/aliases.py`) with well-known public
   figures (`Baudet` -> `Thierry Baudet`). A one-word place that is also a
   first name or a compass word (`Victoria`, `Noorden`) needs a cue (`in`,
   `de stad`, a list of places) or the article's confirmation.
5. Within an article: once a person is known by full name, a later surname
   (`Loekasjenko`), first name, or inflected form (`Poetins`,
   `Loekasjenko's`) joins that person, also over a village of that name
   (`Peter Kanne ... Kanne`) and over the alias table (`Erwin Koeman ...
   Koeman`); a name seen once as a place or person keeps that reading
   elsewhere in the article.

Canonical names come from the alias table (`Kiev` -> `Kyiv`, `Poetin` ->
`Vladimir Poetin`), then from the within-article merge, else the surface form."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from archive.extract.entities.aliases import AliasTable, fold_key, normalize_space
from archive.extract.entities.classify import _Classify, lone_word_fate
from archive.extract.entities.context import _Context, bind_lookups, word_plans
from archive.extract.entities.cues import _Cues
from archive.extract.entities.facts import WordFacts, base_forms, word_facts
from archive.extract.entities.match import _Match, one_word_plan
from archive.extract.entities.mention import ACTOR, PLACE, Mention  # noqa: F401  (re-exported)
from archive.extract.entities.names import _Names
from archive.extract.entities.resources import DATA_DIR, Resources, load_resources  # noqa: F401  (re-exported)
from archive.extract.entities.spans import _Cand, _Spans
from archive.extract.entities.tokens import (
    _is_initial,
    _Tokens,
)
from archive.extract.entities.words import (
    FUNCTION_WORDS,  # noqa: F401  (re-exported)
    LONE_NAME_MIN,
    PARTICLES,
)

__all__ = [
    "Mention",
    "find_mentions",
    "extract_entities",
    "canonical_name",
    "load_resources",
]



@lru_cache(maxsize=4)  # one alias table and one `Resources` in an ingest
def _word_lookups(al: AliasTable, R: Resources) -> dict:
    """What `_Article` asks of a word alone, by attribute name: the word
    tests of `R` (facts.py), the alias table's look-ups
    (`context.bind_lookups`) and the one-word plans (`context.word_plans`),
    each a cache that lives as long as the table and `R` (`AliasTable.add`
    clears the table's in place), so an article takes them all in one
    update instead of building them."""
    f = word_facts(R)
    d = {name: getattr(f, name) for name in WordFacts.TESTS}
    d["base_forms"] = base_forms
    d.update(bind_lookups(al, R))
    # what a one-word span is, as far as the word alone decides
    d["lone_start"], d["lone_mid"] = word_plans(
        al, R, lone_word_fate, d["known_name"], d["ambiguous_place"], d["actor_alias"])
    d["one_plan_start"], d["one_plan_mid"] = word_plans(
        al, R, one_word_plan, d["actor_alias"], d["place_of"], d["ambiguous_place"])
    return d


class _Article(_Context, _Spans, _Classify, _Cues, _Match, _Names):
    def __init__(self, units: Sequence[str], aliases: AliasTable) -> None:
        self.units = units
        self.al = aliases
        self.R = load_resources()
        # what one word is, asked over and over: answered from caches
        # shared by every article of the process, bound once
        self.__dict__.update(_word_lookups(aliases, self.R))
        self.tk = _Tokens(units)
        self.person_memory: dict[str, str] = {}  # surface key -> canonical
        self.surname_memory: dict[str, set[str]] = {}
        self.first_memory: dict[str, set[str]] = {}
        self.place_memory: dict[str, str] = {}
        self.teams: set[str] = set()  # place names the article uses for sports teams
        self._counts: dict[str, int] | None = None
        self.org_start: set[int] = set()  # token spans of organisations
        self.org_end: set[int] = set()
        self.why: list[tuple[int, Mention, str]] = []  # (unit, mention, rule)
        self.storms: set[str] = set()  # names the article gives to a storm

    # -- driver ---------------------------------------------------------
    def run(self) -> list[list[Mention]]:
        """The mentions of each unit, in text order."""
        tk = self.tk
        out: list[list[Mention]] = [[] for _ in self.units]
        for c in self.resolve():
            u = tk.unit[c.i]
            s, e = tk.start[c.i], tk.end[c.j - 1]
            m = Mention(s, e, c.kind, c.name, self.units[u][s:e])
            out[u].append(m)
            self.why.append((u, m, c.why))
        return out

    def resolve(self) -> list[_Cand]:
        """The typed cores, in text order, each with its canonical name
        (what `extract_entities` needs: no `Mention` built for it)."""
        tk = self.tk
        cores: list[_Cand] = []
        for span in self.spans():
            cores.extend(self.classify(span))
        self.results_patterns(cores)
        self.learn(cores)
        self.merge_bare(cores)
        self.people_over_places(cores)
        self.article_over_aliases(cores)
        for c in cores:
            if c.kind is None:
                self.recall(c)
        for c in cores:
            if c.kind is None:
                self.default(c)
        self.merge_bare(cores)  # "Duncan" of a headline, typed by default()
        for c in cores:
            if c.kind == PLACE and c.j - c.i <= 2 and self.listed_with_organisation(c.i, c.j):
                self.teams.add(c.name)  # "Liverpool en Tottenham Hotspur", "Ajax, Liverpool"
        if self.teams:
            # the article's sports teams named after a town: the town only
            # where it is clearly the town ("in Liverpool", "uit Porto")
            town = {c.name for c in cores if c.kind == PLACE and c.name in self.teams and (
                c.i > 0 and tk.text[c.i - 1] in ("in", "uit", "te", "nabij", "vanuit")
            )}
            for c in cores:
                if c.kind == PLACE and c.name in self.teams and c.name not in town:
                    c.kind = None
        self.drop_lone_first_names(cores)
        if self.storms:
            for c in cores:
                if c.kind == ACTOR and c.j - c.i == 1 and any(
                    fold_key(f) in self.storms for f in self.base_forms(tk.text[c.i])
                ):
                    c.kind = None  # "Dorian raast verder": the storm
        # canonical names for everything typed
        typed = [c for c in cores if c.kind is not None]
        for c in typed:
            if c.name is None:
                words = tk.text[c.i:c.j]
                if c.kind == ACTOR:
                    c.name = self.actor_canonical(words)
                else:
                    c.name = self.place_of(" ".join(words)) or " ".join(words)
        return typed

    def drop_lone_first_names(self, cores: list[_Cand]) -> None:
        """A lone first name (`Jan`, `Joost`, `Marit (26)`), an initial (`R.`)
        or a particle (`Van`) is no facet: dropped unless the article or the
        alias table made it a full name, or a title that goes with a
        surname or a royal name (`premier May`, `prinses Ariane`) names it
        somewhere in the article."""
        text = self.tk.text
        R = self.R
        lone: list[tuple[_Cand, str]] = []
        keep: set[str] = set()
        for c in cores:
            if c.kind != ACTOR or c.j - c.i != 1:
                continue
            if c.name and (" " in c.name or self.actor_alias(c.name) is not None):
                continue  # resolved: "Duncan" -> Duncan Laurence, "Beatrix"
            w = text[c.i]
            forms = [w]
            if w.endswith(("'s", "’s")):
                forms.append(w[:-2])  # "Jans": Jan's; "Adams", "Rios" are surnames
            elif w.endswith("s") and not self.family(w):
                forms.append(w[:-1])
            if _is_initial(w) or w.lower() in PARTICLES:
                c.kind = None
                continue
            first = next((f for f in forms if f in R.first_names), None)
            if first is None:
                continue
            key = fold_key(first)
            lone.append((c, key))
            if c.formal_cue or self.mentions(w) >= LONE_NAME_MIN:
                keep.add(key)
        for c, key in lone:
            if key not in keep:
                c.kind = None

    def weak_place(self, c: _Cand) -> bool:
        """A one-word place from the large gazetteers only (Kanne, Wijnaldum,
        Halep are villages and surnames)."""
        if c.kind != PLACE or c.j - c.i != 1 or c.result:
            return False
        w = self.tk.text[c.i]
        return w not in self.R.trusted_places and self.place_alias(w) is None

    def article_over_aliases(self, cores: list[_Cand]) -> None:
        """A bare surname from the alias table names the person the article
        itself names in full ("Erwin Koeman ... Koeman" is Erwin, not the
        table's Ronald)."""
        if not self.surname_memory:
            return
        for c in cores:
            if c.why == "alias" and c.j - c.i == 1:
                for form in self.base_forms(self.tk.text[c.i]):
                    sur = self.surname_memory.get(fold_key(form))
                    if sur and c.name not in sur:
                        c.name = next(iter(sur)) if len(sur) == 1 else c.name
                        break

    def people_over_places(self, cores: list[_Cand]) -> None:
        """A one-word gazetteer place that the article knows as the surname
        of a person it names in full is that person ("Peter Kanne ...
        Kanne:")."""
        if not self.surname_memory:
            return
        for c in cores:
            if self.weak_place(c):
                w = self.tk.text[c.i]
                for form in self.base_forms(w):
                    sur = self.surname_memory.get(fold_key(form))
                    if sur:
                        c.kind = ACTOR
                        c.name = next(iter(sur)) if len(sur) == 1 else form
                        c.why = "mem-sur"
                        break

    def results_patterns(self, cores: list[_Cand]) -> None:
        """Sports results: `Zabel (Dui)` -> Zabel is a person."""
        by_end = {c.j: c for c in cores}
        for c in cores:
            if c.result:
                before = by_end.get(c.i - 1)
                if before is not None and self.weak_place(before):
                    before.kind, before.name = None, None  # "Halep (Roe/2)"
                if before is not None and before.kind is None and not before.other_cue:
                    words = self.tk.text[before.i:before.j]
                    if len(words) <= 3 and all(
                        self.surname_like(w) or w.lower() in PARTICLES or _is_initial(w)
                        for w in words
                    ):
                        before.kind = ACTOR
                        before.why = "result"
                        before.strong = True



# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _analyze(units: Sequence[str], aliases: AliasTable | None) -> list[list[Mention]]:
    return _Article(list(units), aliases if aliases is not None else AliasTable.default()).run()



def find_mentions(text: str, aliases: AliasTable | None = None) -> list[Mention]:
    """The actor and place mentions in `text`, in text order.

    Each mention has character offsets into `text`, its kind ("actor" or
    "place"), its canonical name and its surface form. `text` is one article
    or part of one (a line break starts a new sentence); within it, a later
    surname joins an earlier full name.
    """
    return _analyze([text], aliases)[0]



def extract_entities(
    units: Sequence[str], aliases: AliasTable | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(actors, places) of one article, canonical, deduplicated, in order of
    first mention.

    `units` are the article's text units in reading order: title, headings,
    paragraphs and caption texts (credits already removed), each a separate
    string, so capitalisation at a unit start is a sentence start.
    Within-article merging happens here: a later surname mention joins its
    full name (Loekasjenko -> Aleksandr Loekasjenko), possessives and
    inflections join their base (Poetins -> Vladimir Poetin).
    """
    actors: dict[str, None] = {}
    places: dict[str, None] = {}
    art = _Article(list(units), aliases if aliases is not None else AliasTable.default())
    unit = art.tk.unit
    # in the order of `run`'s mentions: by unit, then text order
    for c in sorted(art.resolve(), key=lambda c: unit[c.i]):
        (actors if c.kind == ACTOR else places).setdefault(c.name, None)
    return tuple(actors), tuple(places)



def canonical_name(name: str, kind: str, aliases: AliasTable | None = None) -> str:
    """Query side: the canonical name stored in the index for what a user typed.

    'Kiev' -> 'Kyiv', 'Putin' -> 'Vladimir Poetin', 'Wit-Rusland' -> 'Belarus'.
    An unknown name comes back whitespace-normalised, otherwise unchanged.
    """
    if kind not in (ACTOR, PLACE):
        raise ValueError(f"kind must be 'actor' or 'place', not {kind!r}")
    table = aliases if aliases is not None else AliasTable.default()
    clean = normalize_space(name)
    canon = table.lookup(clean, kind)
    if canon is not None:
        return canon
    if kind == PLACE and clean:
        R = load_resources()
        canon = R.places.get(clean)
        if canon is None:
            # case-insensitive: what a user types is often lower case
            key = fold_key(clean)
            canon = _place_keys().get(key)
        if canon is not None:
            return table.lookup(canon, PLACE) or canon
    return clean



@lru_cache(maxsize=1)
def _place_keys() -> dict[str, str]:
    R = load_resources()
    out: dict[str, str] = {}
    for name, canon in R.places.items():
        out.setdefault(fold_key(name), canon)
    return out
