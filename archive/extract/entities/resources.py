"""The open lists behind the rules, loaded once per process: gazetteers of
places, first and family names, a Dutch lexicon, inhabitant names, and the
alias table (`archive/data`, with their licenses in its README).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from archive.extract.entities.aliases import fold_key, normalize_space
from archive.extract.entities.words import _TOKEN_RE
from archive.extract.entities.wordset import WordSet

DATA_DIR = Path(__file__).resolve().parents[2] / "data"  # archive/data



# ---------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------


def _read_lines(path: Path) -> list[str]:
    """Non-blank lines of a (gzipped) UTF-8 file, without '#' comment lines."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as fh:
            text = fh.read().decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if path.name.endswith((".gz",)) or path.parent.name == "data":
        # generated files: one '#' header line, no blank lines
        if lines and lines[0].startswith("#"):
            del lines[0]
        if lines and not lines[-1]:
            lines.pop()
        return lines
    return [x for x in lines if x and not x.startswith("#") and not x.isspace()]



class Resources:
    """Compiled gazetteers, loaded once per process (see `load_resources`)."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        d = data_dir
        # the three big lists are only asked for membership: compact sets
        self.lexicon: WordSet = WordSet(_read_lines(d / "lexicon_nl.txt.gz"))
        proper = _read_lines(d / "propernames_nl.txt.gz")
        self.propernames: WordSet = WordSet(proper)
        first = set(_read_lines(d / "first_names_nl.txt.gz"))
        first |= set(_read_lines(d / "curated" / "first_names.txt"))
        self.first_names: frozenset[str] = frozenset(first)
        # stored as fold_key() matching keys
        self.family_names: WordSet = WordSet(_read_lines(d / "family_names_nl.txt.gz"))
        self.languages: frozenset[str] = frozenset(_read_lines(d / "languages_nl.txt"))
        not_names = _read_lines(d / "curated" / "not_names.txt")
        self.not_names: frozenset[str] = frozenset(not_names)
        # organisations, brands, media, teams, events: never actor or place
        self.organisations: frozenset[str] = frozenset(
            _read_lines(d / "curated" / "organisations.txt")
        )

        # places: surface -> canonical; later sources do not override earlier
        places: dict[str, str] = {}

        def add(name: str, canon: str | None = None) -> None:
            name = normalize_space(name)
            if name and name not in places:
                places[name] = normalize_space(canon) if canon else name

        for curated in ("places.tsv", "regions.tsv"):
            for line in _read_lines(d / "curated" / curated):
                parts = line.split("\t")
                add(parts[0], parts[1] if len(parts) > 1 and parts[1] else None)
        for line in _read_lines(d / "places_cldr.tsv"):
            name, canon = line.split("\t")
            add(name, canon)
        trusted = set(places)  # curated and CLDR names
        for line in _read_lines(d / "places_bag_nl.txt"):
            add(line)
        family = self.family_names
        for line in _read_lines(d / "places_geonames.tsv.gz"):
            name, gname = line.split("\t")
            if name != gname and name not in places and (
                # alternate names: keep exonyms (Keulen), not the surnames
                # (Halep), first names or inflected forms (Amsterdams,
                # Adenas) that other languages list
                fold_key(name) in family or name in first
                or name[:-1] in places or name[:-2] in places
            ):
                continue
            add(name)
        for bad in self.not_names:
            places.pop(bad, None)
        for lang in self.languages:  # "Nederlands" is no place; "Kongo" is
            if lang not in trusted:
                places.pop(lang, None)
        for org in self.organisations:  # "Antwerp", "Sparta": the club
            if org not in trusted:
                places.pop(org, None)
        self.places = places
        # names from the curated lists and CLDR: known as places first
        self.trusted_places: frozenset[str] = frozenset(trusted & set(places))
        self.inhabitants: frozenset[str] = _inhabitants(
            proper, places, self.trusted_places, self.first_names, self.family_names
        )
        for w in self.inhabitants:  # "Brabander" the hamlet is rarer than the inhabitant
            places.pop(w, None)
        # multi-token place names, by first token, longest first
        multi: dict[str, list[tuple[str, ...]]] = {}
        for name in places:
            if " " not in name and "'" not in name and "’" not in name:
                continue
            toks = tuple(m.group() for m in _TOKEN_RE.finditer(name))
            if len(toks) > 1:
                multi.setdefault(toks[0], []).append(toks)
        for v in multi.values():
            v.sort(key=len, reverse=True)
        self.multi_places = multi
        # organisations and programmes with lower-case words, which the
        # capitalised runs of `spans` would cut: "Boer zoekt Vrouw", "Ik hou
        # van Holland", "Heel Holland Bakt" is caught whole anyway
        morgs: dict[str, list[tuple[str, ...]]] = {}
        for name in self.organisations:
            toks = tuple(m.group() for m in _TOKEN_RE.finditer(name))
            if len(toks) > 1 and any(not t[:1].isupper() for t in toks[1:]):
                morgs.setdefault(toks[0], []).append(toks)
        for v in morgs.values():
            v.sort(key=len, reverse=True)
        self.multi_orgs = morgs
        # three-letter country abbreviations of sports results: (Fra), (Ned)
        abbr: dict[str, str] = {}
        for line in _read_lines(d / "places_cldr.tsv"):
            name, canon = line.split("\t")
            if name == canon and " " not in name and "-" not in name and len(name) > 3:
                abbr.setdefault(name[:3], canon)
        self.country_abbr = abbr



# Endings of inhabitant names: Amsterdammer, Antwerpenaar, Colombiaan.
_INHABITANT_SUFFIXES = (
    "enaren", "enaars", "enaar", "naren", "naars", "naar", "aren", "aars", "aar",
    "ers", "er", "anen", "aan", "ezen", "ees", "iërs", "iër",
)

_COUNTRY_SUFFIXES = frozenset(("anen", "aan", "ezen", "ees", "iërs", "iër"))



def _inhabitants(proper: list[str], places: dict[str, str], trusted: frozenset[str],
                 first: frozenset[str], family: WordSet) -> frozenset[str]:
    """Inhabitant names of known places, from the word list's capitalised
    entries: Amsterdammer(s), Brabander, Groninger, Antwerpenaar, Colombiaan.
    Never a person or a place on their own."""
    out = set()
    for w in proper:
        if w in trusted or w in first or " " in w or len(w) < 5:
            continue
        for suf in _INHABITANT_SUFFIXES:
            if not w.endswith(suf) or len(w) - len(suf) < 3:
                continue
            stem = w[: -len(suf)]
            if suf in _COUNTRY_SUFFIXES:
                bases = (stem, stem + "a")
            else:
                bases = [stem, stem + "e", stem + "en"]
                if stem[-1] == stem[-2]:
                    bases.append(stem[:-1])  # Amsterdamm-er
                if stem[-1] == "z":
                    bases.append(stem[:-1] + "s")  # Parijz-enaar
                if stem[-1] == "d":
                    bases.append(stem[:-1] + "t")  # Braband-er
            for b in bases:
                if b in places and len(b) >= 4 and b != w:
                    # a surname like Steiner (Stein) or Verlaan (Verl) is
                    # only taken when the place name is a long one
                    if len(b) < 7 and fold_key(w) in family:
                        continue
                    out.add(w)
                    break
            break
    return frozenset(out)



@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """The process-wide resources: from the cache (`stash`, about 40 ms),
    else built from the lists (about 0.4 s) and stashed for next time."""
    from archive.extract.entities import stash

    return stash.load(DATA_DIR, Resources)
