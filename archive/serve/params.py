"""A search URL <-> the arguments of `Archive.search`, in one frozen dataclass.

The URL holds the whole state of a search (so it can be bookmarked, shared,
and the back button works), and `/search` and `/search.json` read the same
parameters, named after the CLI's options: `q` (the query), `actor`,
`place`, `credit`, `source`, `date` (repeatable), `from`, `to`, `sort`,
`page`, `limit`, `facet` (repeatable), `facet_limit`, `collapse_duplicates`;
the page also reads `lang` (the labels' language) and `more` (one facet
panel shown longer). Checking happens here, before the archive is asked,
so a mistake is a sentence naming the parameter, not a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from archive.errors import QueryError

#: Value filters, in the order chips and URLs list them.
VALUE_FILTERS = ("actor", "place", "credit", "source")
FACETS = ("actor", "place", "credit", "source", "year", "month", "day")
SORTS = ("relevance", "newest", "oldest")
LANGS = ("nl", "en")
REPEATABLE = VALUE_FILTERS + ("date", "facet")
SINGLE = ("q", "from", "to", "sort", "page", "limit", "facet_limit", "collapse_duplicates", "lang", "more")
KNOWN = REPEATABLE + SINGLE
#: Bounds that keep one request cheap: a page of hits, a query's length.
MAX_LIMIT = 500
MAX_PAGE = 100_000
MAX_VALUE = 1000
MAX_VALUES = 50
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


class ParamError(QueryError):
    """A parameter a search cannot take; `str()` says which and why."""


@dataclass(frozen=True)
class SearchArgs:
    """One search as the URL states it (defaults are left out of URLs)."""

    q: str | None = None
    actor: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    credit: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    limit: int = 10
    facets: tuple[str, ...] = ()
    facet_limit: int = 10
    collapse_duplicates: bool = False
    lang: str | None = None
    more: str | None = None

    # -- to the archive ----------------------------------------------------
    def search_kwargs(self) -> dict:
        """Keyword arguments for `Archive.search(self.q, **...)`, exactly as
        `archive search` passes its options."""
        return dict(
            limit=self.limit, page=self.page, sort=self.sort, actor=self.actor, place=self.place,
            credit=self.credit, source=self.source, date_from=self.date_from, date_to=self.date_to,
            date=self.date, facets=self.facets, facet_limit=self.facet_limit,
            collapse_duplicates=self.collapse_duplicates,
        )

    def values(self, name: str) -> tuple[str, ...]:
        return getattr(self, name)

    @property
    def has_filters(self) -> bool:
        return bool(any(self.values(f) for f in VALUE_FILTERS) or self.date or self.date_from or self.date_to)

    # -- changed copies (a new filter starts again at page 1) ----------------
    def adding(self, name: str, value: str) -> "SearchArgs":
        have = self.values(name)
        return replace(self, **{name: have if value in have else have + (value,)}, page=1, more=None)

    def removing(self, name: str, value: str | None = None) -> "SearchArgs":
        if name in ("from", "to"):
            return replace(self, **{"date_" + name: None}, page=1)
        kept = tuple(v for v in self.values(name) if value is not None and v != value)
        return replace(self, **{name: kept}, page=1)

    def only_date(self, value: str) -> "SearchArgs":
        return replace(self, date=(value,), page=1)

    def without_filters(self) -> "SearchArgs":
        return replace(self, actor=(), place=(), credit=(), source=(), date=(), date_from=None,
                       date_to=None, page=1, more=None)

    def with_query(self, q: str | None) -> "SearchArgs":
        return replace(self, q=q, page=1)

    def at_page(self, page: int) -> "SearchArgs":
        return replace(self, page=page)

    def sorted_by(self, sort: str) -> "SearchArgs":
        return replace(self, sort=sort, page=1)

    def showing_more(self, facet: str | None) -> "SearchArgs":
        return replace(self, more=facet)

    def in_lang(self, lang: str | None) -> "SearchArgs":
        return replace(self, lang=lang)

    # -- back to a URL -----------------------------------------------------
    def pairs(self, *, page_only: bool = True) -> list[tuple[str, str]]:
        """The URL's parameters, defaults left out. `page_only`: leave out
        what only `/search.json` reads (`facet`, `facet_limit`)."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in VALUE_FILTERS:
            out.extend((name, v) for v in self.values(name))
        out.extend(("date", v) for v in self.date)
        if self.date_from:
            out.append(("from", self.date_from))
        if self.date_to:
            out.append(("to", self.date_to))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.limit != 10:
            out.append(("limit", str(self.limit)))
        if self.collapse_duplicates:
            out.append(("collapse_duplicates", "1"))
        if not page_only:
            out.extend(("facet", f) for f in self.facets)
            if self.facet_limit != 10:
                out.append(("facet_limit", str(self.facet_limit)))
        if self.more:
            out.append(("more", self.more))
        if self.lang:
            out.append(("lang", self.lang))
        if self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def url(self, path: str = "/search") -> str:
        query = urlencode(self.pairs(page_only=path != "/search.json"))
        return f"{path}?{query}" if query else path


def parse(items, *, for_json: bool = False) -> SearchArgs:
    """`SearchArgs` from a request's query parameters (a list of (name,
    value) pairs). Empty values count as absent (a GET form sends every
    field); anything else wrong raises `ParamError`."""
    got: dict[str, list[str]] = {}
    for name, value in items:
        if name not in KNOWN:
            raise ParamError(f"unknown parameter {name!r}; this page takes {', '.join(KNOWN)}")
        if len(value) > MAX_VALUE:
            raise ParamError(f"{name}: at most {MAX_VALUE} characters")
        if "\x00" in value:
            raise ParamError(f"{name}: holds a NUL character")
        value = value.strip()
        if value:
            got.setdefault(name, []).append(value)
    for name, values in got.items():
        if name in SINGLE and len(values) > 1:
            raise ParamError(f"give {name} once (it was given {len(values)} times)")
        if len(values) > MAX_VALUES:
            raise ParamError(f"{name}: at most {MAX_VALUES} values")

    def one(name):
        return got[name][0] if name in got else None

    sort = one("sort") or "relevance"
    if sort not in SORTS:
        raise ParamError(f"sort {sort!r}: choose one of {', '.join(SORTS)}")
    facets = tuple(got.get("facet", ()))
    bad = [f for f in facets if f not in FACETS]
    if bad:
        raise ParamError(f"facet {bad[0]!r}: choose from {', '.join(FACETS)}")
    lang = one("lang")
    if lang is not None and lang not in LANGS:
        raise ParamError(f"lang {lang!r}: choose one of {', '.join(LANGS)}")
    more = one("more")
    if more is not None and more not in VALUE_FILTERS:
        raise ParamError(f"more {more!r}: choose one of {', '.join(VALUE_FILTERS)}")
    return SearchArgs(
        q=one("q"),
        actor=tuple(got.get("actor", ())),
        place=tuple(got.get("place", ())),
        credit=tuple(got.get("credit", ())),
        source=tuple(got.get("source", ())),
        date=tuple(got.get("date", ())),
        date_from=one("from"),
        date_to=one("to"),
        sort=sort,
        page=_integer(one("page"), "page", 1, 1, MAX_PAGE),
        limit=_integer(one("limit"), "limit", 10, 1, MAX_LIMIT),
        facets=facets,
        facet_limit=_integer(one("facet_limit"), "facet_limit", 10, 0, None),
        collapse_duplicates=_flag(one("collapse_duplicates"), "collapse_duplicates"),
        lang=lang,
        more=more,
    )


def _integer(text: str | None, name: str, default: int, lo: int, hi: int | None) -> int:
    if text is None:
        return default
    if not text.isascii() or not text.isdigit():
        raise ParamError(f"{name} {text!r}: give a whole number")
    n = int(text)
    if n < lo or (hi is not None and n > hi):
        bound = f"from {lo} to {hi}" if hi is not None else f"{lo} or more"
        raise ParamError(f"{name} {n}: give a number {bound}")
    return n


def _flag(text: str | None, name: str) -> bool:
    if text is None:
        return False
    if text.lower() in TRUE:
        return True
    if text.lower() in FALSE:
        return False
    raise ParamError(f"{name} {text!r}: give 1 or 0")


def web_message(message: str) -> str:
    """An `Archive.search` error message in the URL's words: the CLI's
    option names (`--from`, `--facet-limit`) become the parameters'."""
    import re

    names = {"--from": "from", "--to": "to", "--date": "date", "--limit": "limit", "--page": "page",
             "--facet-limit": "facet_limit", "--sort": "sort", "--facet": "facet"}
    return re.sub(r"--[a-z-]+", lambda m: names.get(m.group(0), m.group(0)), message)
