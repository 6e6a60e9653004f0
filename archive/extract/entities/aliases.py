"""Alias table: one canonical name per actor or place across articles.

News writes the same entity several ways: exonyms and transliterations
(`Kiev`/`Kyiv`/`Kiëv`, `Wit-Rusland`/`Belarus`, `Poetin`/`Putin`), old and
new names (`'s-Gravenhage`/`Den Haag`), bare surnames of famous people
(`Poetin` for `Vladimir Poetin`). The table maps each written form to one
canonical name, per kind, so both the index (through
`archive.extract.entities.extract_entities`) and the query side
(`archive.extract.entities.canonical_name`) agree.

The project ships `archive/data/aliases.tsv`; users add their own files
without touching code (`AliasTable.from_files`). File format, UTF-8 text:

    # comment lines start with '#'; blank lines are ignored
    kind<TAB>canonical<TAB>alias1|alias2|...

`kind` is `actor` (a person) or `place`. The canonical name is also an
alias of itself. Matching ignores case, accents, and the difference between
spaces, hyphens and apostrophe styles (`Kiëv` == `kiev`, `Wit Rusland` ==
`Wit-Rusland`). A later line (and a user file, read after the shipped
table) overrides an earlier one for the same alias, so a user can re-point
an alias or rename a canonical entity. Example:

    place	Kyiv	Kiev|Kiëv|Kijev
    actor	Vladimir Poetin	Poetin|Putin|Vladimir Putin

A malformed line raises `ValueError` naming `file:line` and the reason.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Hashable, Iterable, Sequence

KINDS = ("actor", "place")
DATA_DIR = Path(__file__).resolve().parents[2] / "data"  # archive/data
DEFAULT_ALIAS_FILE = DATA_DIR / "aliases.tsv"

_SEP_RE = re.compile(r"[\s\-‐‑–—_]+")
_QUOTE_RE = re.compile(r"[’‘`´]")


@lru_cache(maxsize=32_768)
def fold_key(name: str) -> str:
    """The matching key of a name: lower case, no accents, one space between parts.

    Cached: extraction asks for the same few thousand names over and over
    (a fifth of its time went here); the cache holds the most recent 32,768
    (about 7 MB; about 4 misses an article either way, mostly names never
    seen before), so a long ingest's memory stays flat."""
    if name.isascii():  # most names: NFKD changes nothing, nothing combines
        if name.replace(" ", "").isalnum():  # letters, digits, spaces: only the spaces to even out
            return " ".join(name.lower().split())
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _QUOTE_RE.sub("'", text)
    text = text.replace(".", " ")
    return _SEP_RE.sub(" ", text).strip()


#: Names kept per cached look-up of a table (`AliasTable.cached`): about
#: 0.4 MB each when full; an article asks a few dozen distinct names.
LOOKUP_CACHE_SIZE = 2048


def _folded_get(table: dict[str, str], name: str) -> str | None:
    return table.get(fold_key(name))


def normalize_space(name: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(name.split())


class AliasTable:
    """Written forms -> canonical names, separately for actors and places."""

    def __init__(self) -> None:
        self._map: dict[str, dict[str, str]] = {k: {} for k in KINDS}
        self._canonicals: dict[str, set[str]] = {k: set() for k in KINDS}
        self.sources: list[str] = []

    # -- construction -------------------------------------------------
    @classmethod
    def default(cls) -> "AliasTable":
        """The shipped table (cached: the same object every call)."""
        return _default_table()

    @classmethod
    def from_files(cls, paths: Sequence[str | Path]) -> "AliasTable":
        """The shipped table extended (and overridden) by user alias files."""
        table = cls._from_state(_default_table()._state(), str(DEFAULT_ALIAS_FILE))
        for p in paths:
            table._load(Path(p))
        return table

    @classmethod
    def from_lines(cls, lines: Iterable[str], source: str = "<lines>") -> "AliasTable":
        """A table from lines in the file format only (no shipped table)."""
        table = cls()
        table._add_lines(lines, source)
        return table

    def _load(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ValueError(f"{path}: alias file not found") from None
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8 text ({exc.reason})") from None
        self._add_lines(text.splitlines(), str(path))

    def _add_text(self, data: bytes, source: str) -> None:
        """`_load` of a file already read (`data`, its bytes)."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{source}: not UTF-8 text ({exc.reason})") from None
        self._add_lines(text.replace("\r\n", "\n").replace("\r", "\n").splitlines(), source)

    def _add_lines(self, lines: Iterable[str], source: str) -> None:
        self.sources.append(source)
        for lineno, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{source}:{lineno}"
            parts = line.split("\t")
            if len(parts) != 3:
                raise ValueError(
                    f"{where}: expected 3 tab-separated fields "
                    f"(kind, canonical, aliases), found {len(parts)}"
                )
            kind, canonical, aliases = (p.strip() for p in parts)
            if kind not in KINDS:
                raise ValueError(f"{where}: kind must be 'actor' or 'place', not {kind!r}")
            canonical = normalize_space(canonical)
            if not canonical or not fold_key(canonical):
                raise ValueError(f"{where}: empty canonical name")
            names = [normalize_space(a) for a in aliases.split("|")]
            if any(not a or not fold_key(a) for a in names):
                raise ValueError(f"{where}: empty alias (check for '||' or a trailing '|')")
            self.add(kind, canonical, names)

    def add(self, kind: str, canonical: str, aliases: Iterable[str] = ()) -> None:
        """Map `aliases` (and `canonical` itself) to `canonical` for `kind`."""
        if kind not in KINDS:
            raise ValueError(f"kind must be 'actor' or 'place', not {kind!r}")
        table = self._map[kind]
        self._canonicals[kind].add(canonical)
        table[fold_key(canonical)] = canonical
        for alias in aliases:
            table[fold_key(alias)] = canonical
        for f in self.__dict__.get("_caches", {}).values():
            f.cache_clear()  # what they derived may have changed

    # -- cached look-ups (extraction) ---------------------------------
    def cached(self, key: Hashable, build: Callable[["AliasTable"], Callable[[str], object]]):
        """`build(self)`, a look-up of one name that reads this table (and
        perhaps fixed resources), behind a bounded cache kept on the table
        under `key` and cleared by `add`. Extraction asks the same few
        thousand names tens of times an article; a cache hit is answered in
        C, where `lookup` costs two Python calls and `fold_key`'s cache."""
        caches = self.__dict__.setdefault("_caches", {})
        f = caches.get(key)
        if f is None:
            f = caches[key] = lru_cache(maxsize=LOOKUP_CACHE_SIZE)(build(self))
        return f

    def lookup_of(self, kind: str) -> Callable[[str], str | None]:
        """`lookup` for one kind, as one callable (no method look-up, no
        kind argument; the names asked are mostly new ones: no cache)."""
        return partial(_folded_get, self._map[kind])

    def _state(self) -> dict:
        """What the table knows, as plain dicts and sets (what is kept)."""
        return {"map": self._map, "canonicals": self._canonicals}

    @classmethod
    def _from_state(cls, state: dict, source: str) -> "AliasTable":
        """A table knowing what `state` says (copied: the table may grow)."""
        table = cls()
        for kind in KINDS:
            table._map[kind] = dict(state["map"][kind])
            table._canonicals[kind] = set(state["canonicals"][kind])
        table.sources.append(source)
        return table

    def __getstate__(self) -> dict:
        """The table without its caches (it goes to worker processes)."""
        state = dict(self.__dict__)
        state.pop("_caches", None)
        return state

    # -- lookup -------------------------------------------------------
    def lookup(self, name: str, kind: str) -> str | None:
        """The canonical name for `name`, or None if the table does not know it."""
        return self._map[kind].get(fold_key(name))

    def lookup_key(self, key: str, kind: str) -> str | None:
        """Like `lookup`, for a key already passed through `fold_key`."""
        return self._map[kind].get(key)

    def canonicals(self, kind: str) -> frozenset[str]:
        return frozenset(self._canonicals[kind])

    def keys(self, kind: str) -> frozenset[str]:
        return frozenset(self._map[kind])

    def __len__(self) -> int:
        return sum(len(m) for m in self._map.values())

    def __repr__(self) -> str:
        return f"AliasTable({len(self)} aliases from {', '.join(self.sources) or 'nothing'})"


@lru_cache(maxsize=1)
def _default_table() -> AliasTable:
    """The shipped table, parsed once per process, and kept parsed between
    processes (`archive.cache`) under a digest of the table's bytes and this
    module's: parsing it took a search process about 3 ms, digesting the two
    files and reading it back 0.7."""
    from archive.cache import load_keyed

    source = str(DEFAULT_ALIAS_FILE)
    try:
        data = DEFAULT_ALIAS_FILE.read_bytes()
        code = Path(__file__).read_bytes()
    except OSError:  # the error `_load` has always given
        table = AliasTable()
        table._load(DEFAULT_ALIAS_FILE)
        return table

    def build() -> dict:
        table = AliasTable()
        table._add_text(data, source)
        return table._state()

    state = load_keyed("aliases", (data, code), build)
    try:
        return AliasTable._from_state(state, source)
    except (KeyError, TypeError, AttributeError):  # not a table's state: a damaged stash
        return AliasTable._from_state(build(), source)
