"""The engine seam: what ingest and search ask of an index, whatever engine holds it.

Ingest and search talk to an index only through `Index` and `Writer` below,
and get one from `archive.index.open_index` / `create_index`, which choose
the implementation from the location (a folder: the embedded Whoosh index
in `archive.index.whoosh`). Nothing above this package imports an engine.

What every implementation must guarantee (the tests hold the Whoosh one to
it, and a second engine must pass the same cases):

* **The same analysis at index and query time**: words are lowercased,
  accent-folded, Dutch stopwords dropped and Snowball-stemmed the same way
  on both sides (`archive.analysis` is the reference), so a query finds what
  a user sees in an article.
* **Exact counts**: `SearchResult.total` and every facet count are exact over
  all matches (never estimated, never per shard); a facet value passed back
  as a filter returns exactly its count. Date facets count an article only at
  its own precision and list buckets chronologically with `no date` last.
* **Idempotent ids**: an article's id is stable (given by ingest); adding a
  document whose id is stored replaces it, so re-running an ingest changes
  nothing, and `get(id)` returns what was stored, field for field.
* **Version check**: opening an index written with another schema or
  analyzer version raises `IndexIncompatible` with the rebuild command;
  a missing index raises `IndexMissing` with the `archive ingest` hint.
* **Durable commits**: what `Writer.commit` returned is there after a crash;
  an uncommitted batch is never half visible; readers see the last commit.
* **One writer at a time per index** (`Index.writer` waits `lock_timeout`
  seconds, then raises `IndexLocked`); searches keep working meanwhile.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol, Sequence

if TYPE_CHECKING:
    from archive.document import Article
    from archive.results import SearchResult

#: Orders a search may ask for.
SORTS = ("relevance", "newest", "oldest")
#: Facets a search may count, and the stored value they count.
FACETS = ("actor", "place", "credit", "source", "year", "month", "day")
DATE_FACETS = ("year", "month", "day")
#: The date facet bucket of articles without a date (always listed last).
NO_DATE = "no date"
#: Fields a filter value may be given for.
VALUE_FIELDS = ("actor", "place", "credit", "source")


@dataclass(frozen=True)
class ValueFilter:
    """Articles whose `field` holds any of the given values. Each value comes
    with its forms to try, in order: the value as given, then its canonical
    form (aliases, credit spelling). The engine takes the first form it
    holds as stored, else matches the value ignoring case and accents."""

    field: str
    choices: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SearchRequest:
    """One search, checked and normalised by `archive.search`: the engine only
    carries it out."""

    query: str | None = None
    filters: tuple[ValueFilter, ...] = ()
    #: `--from`/`--to` as days: the first day of the from-date and the last
    #: day of the to-date at their precision (`--to 2022-12` is 31 Dec).
    #: Articles whose date *overlaps* the range at their own precision match
    #: (an article dated only `2022` is inside any range touching 2022).
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    #: Exact date facet buckets (`2022`, `2022-12`, `2022-12-19`, `no date`).
    dates: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    limit: int = 10
    facets: tuple[str, ...] = ()
    #: Values per facet; 0 = all. Date facets keep the latest buckets.
    facet_limit: int = 10
    collapse_duplicates: bool = False
    #: The alias table query words are expanded with (`Kiev` also finds `Kyiv`).
    aliases: Any = None


class Writer(Protocol):
    """The changes of one ingest round, invisible until `commit`.

    A writer holds the index's write lock from `Index.writer` until `close`.
    Look-ups see the last commit (not this round's own changes: ingest keeps
    those itself)."""

    def stored(self, article_id: str) -> dict | None:
        """The stored record of this id in the last commit, or None."""

    def stored_with(self, field: str, value: str) -> Iterator[dict]:
        """Stored records whose `field` (`paths`, `text_hash`) holds `value`."""

    def add(self, fields: dict) -> None:
        """Add one document (from `archive.index.document.to_fields`);
        one with a stored id replaces it at commit."""

    def delete(self, article_id: str) -> None:
        """Delete the committed document with this id (at commit)."""

    def commit(self, parts: Sequence[Any] = ()) -> None:
        """Make this round's changes, and the parts indexed by worker
        processes (see `Index.part_writer`), durable and visible at once."""

    def cancel(self) -> None:
        """Drop this round's changes; the last commit stands."""


class Index(Protocol):
    """An open archive index."""

    #: Where it is (a folder, or a URL for a server engine).
    location: str

    def count(self) -> int:
        """Live articles."""

    def search(self, request: SearchRequest) -> "SearchResult":
        """Hits (with highlights), exact total and facet counts, and a
        "did you mean" suggestion when nothing matched."""

    def get(self, article_id: str) -> "Article | None":
        """The whole stored article (None: no article has this id)."""

    def similar(self, article_id: str, limit: int) -> "SearchResult | None":
        """The articles most like this one, by shared distinctive words and
        shared actors and places (None: no article has this id)."""

    def suggest(self, query: str) -> str | None:
        """A query built from the index's own words for one that found nothing."""

    def check(self) -> Any:
        """An `IndexCheck`: what is wrong with the index itself (sources are
        checked above, by `archive.ingest.check`)."""

    def optimize(self, *, lock_timeout: float, on_wait: Callable[[], None] | None = None) -> Any:
        """Merge the index into its most compact, fastest form."""

    def writer(self, *, lock_timeout: float, on_wait: Callable[[], None] | None = None) -> Writer:
        """The one writer, waiting up to `lock_timeout` seconds for another."""

    def close(self) -> None:
        """Release open files and connections."""
