"""The engine seam: what ingest and search ask of an index, whatever engine holds it.

Ingest and search talk to an index only through `Index` and `Writer` below,
and get one from `archive.index.open_index` / `create_index` (a writer: from
`archive.index.lock`), which choose the implementation from the location
(a folder: the embedded Whoosh index in `archive.index.whoosh`). Nothing
above this package imports an engine.

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
* **One writer at a time per index** (`archive.index.lock` waits `timeout`
  seconds, then raises `IndexLocked`); searches keep working meanwhile.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol, Sequence

if TYPE_CHECKING:
    from archive.document import Article
    from archive.index.maintenance import IndexCheck, OptimizeReport
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


#: Seconds a writer waits for another process's lock unless told otherwise.
DEFAULT_LOCK_TIMEOUT = 60.0


# --------------------------------------------------------------------------
# Writing. It starts from a location, not from an open `Index`: the lock
# comes first (`archive.index.lock`), because a new index must be created by
# the lock's holder only, an index a rebuild swapped in while one waited is
# the one to write, and a rebuild replaces an index that may not even open.


class WriteLock(Protocol):
    """One process's hold on an index location, from `archive.index.lock`
    (which waits up to `timeout` seconds for another writer, then raises
    `IndexLocked` with nothing written) to `release`. Everything written to
    the location meanwhile is written by its holder; searches keep working.
    A lock held by a process that died must be recovered (Whoosh: an OS file
    lock, dropped by the kernel)."""

    #: The location it holds.
    location: str

    def writer(self) -> "Writer":
        """The writer of the index here, which is created (empty) when there
        is none. Look-ups see the index as committed now."""

    def rebuild(self) -> "Rebuild":
        """A fresh, empty index beside this one, to be written and then
        swapped in whole (or discarded); the old one is never touched until
        then. What an earlier, killed rebuild left is removed first."""

    def keep_file(self, name: str, text: str) -> None:
        """Keep a small text file with the index (the user's alias table,
        `aliases.tsv`), durably and whole, replacing one of that name."""

    def kept_file(self, name: str) -> str | None:
        """The text of a file kept with the index (None: there is none)."""

    def tidy(self) -> None:
        """Remove what a killed writer may have left (temporary files)."""

    def release(self) -> None:
        """Let the next writer in."""


class Rebuild(Protocol):
    """A fresh index being built to replace the one at a held location."""

    #: Where the fresh index is written (an input walk must pass over it).
    location: str

    def writer(self) -> "Writer":
        """The fresh index's writer."""

    def keep_file(self, name: str, text: str) -> None:
        """As `WriteLock.keep_file`, for the fresh index."""

    def replaced(self) -> int:
        """Articles in the index the fresh one would replace (0: there is
        none; one that does not even open counts as holding some)."""

    def replace(self) -> None:
        """Swap the fresh index in, durably and atomically (a reader sees
        the old index or the new one, whole); files kept with the old index
        come along unless kept anew. The old index is gone after."""

    def discard(self) -> None:
        """Throw the fresh index away; the old one stays as it was."""


class Writer(Protocol):
    """Rounds of changes to one index, each invisible until `commit`.

    Look-ups see the last commit, not this round's own changes (ingest keeps
    those itself). The caller holds the index's `WriteLock`.

    Documents: `prepare` turns an `Article` into the engine's document and
    its text key, once, in the process that extracted the article; it raises
    ValueError (or TypeError, UnicodeError) for an article the engine could
    not store, so that article fails alone, not the whole round.

    Parallel ingest: `part()` gives a picklable `Part` recipe; a worker
    process opens it and indexes documents on its own (`PartWriter`), and
    what `PartWriter.finish` returns (picklable) is published by
    `commit(parts)` together with this round's own changes. A second
    engine's parts must guarantee: any number are written side by side,
    none is visible before that commit, the commit publishes all of them or
    none (a crash in between leaves the last commit), a part that is never
    committed leaves nothing behind but what `WriteLock.tidy` removes, and
    documents keep the order they were added in, part by part.
    """

    #: Where this writer writes.
    location: str

    def stored(self, article_id: str) -> dict | None:
        """The stored record of this id in the last commit, or None. Ingest
        reads its `id`, `paths` (newline-joined), `content_hash`, `text_hash`
        and `duplicate_of`."""

    def stored_with(self, field: str, value: str) -> Iterator[dict]:
        """Stored records whose `field` (`paths`, `text_hash`) holds `value`."""

    def values(self, field: str) -> list[str]:
        """Every value of the exact-value field `field` (`paths`) in the last
        commit, sorted."""

    def article(self, record: dict) -> "Article":
        """The `Article` a stored record holds (to write it anew)."""

    def prepare(self, article: "Article") -> tuple[Any, str | None]:
        """(The engine's document for `article`, its text key: what
        syndicated copies share, the hash of its normalised title and text,
        stored as `text_hash`; None when it has no text)."""

    def sampler(self) -> Any:
        """None, or (for a new index whose engine learns from a sample of the
        articles before storing any: Whoosh's stored-record dictionary) an
        object with `wanted` and `count` (articles), `add(article)` and
        `finish()`, which must be called before the first document is added."""

    def add(self, document: Any) -> None:
        """Add a prepared document (ingest first deletes a stored one with
        its id: adding never replaces)."""

    def delete(self, article_id: str) -> None:
        """Delete the committed document with this id (at commit)."""

    def full(self) -> bool:
        """This round's changes reached their memory budget: commit soon."""

    def part(self, writers: int = 1) -> "Part":
        """The picklable recipe of a part, for a worker process; `writers`
        (this one and the parts) share the ingest's memory budget, so this
        writer's `full()` comes sooner too."""

    def commit(self, parts: Sequence[Any] | Callable[[], Sequence[Any]] = ()) -> None:
        """Make this round's changes and `parts` (what `PartWriter.finish`
        returned; None entries hold nothing; or a callable that returns them,
        called once this writer's own changes are written, so the workers
        finish their parts meanwhile) durable and visible at once:
        after a crash the index holds all of them or none. A round with no
        change and no part commits nothing. The next round's look-ups see
        the commit."""

    def cancel(self) -> None:
        """Drop this round's changes; the last commit stands."""

    def close(self) -> None:
        """Release the look-ups (after `commit` or `cancel`)."""

    def warm(self) -> None:
        """After the last commit: build now what the next search would
        otherwise build first (Whoosh: the new segments' facet arrays). May
        be interrupted; may follow `close`."""


class Part(Protocol):
    """A picklable recipe for a worker's part of an index."""

    def prepare(self, article: "Article") -> tuple[Any, str | None]:
        """As `Writer.prepare`, in the worker."""

    def open(self) -> "PartWriter":
        """A writer of one part; one per round."""


class PartWriter(Protocol):
    def add(self, document: Any) -> None:
        """Add a prepared document."""

    def full(self) -> bool:
        """Its memory budget is reached: the round should be committed."""

    def finish(self) -> Any:
        """End the part: a picklable token for `Writer.commit` (None: it holds nothing)."""

    def cancel(self) -> None:
        """Throw the part away."""


# --------------------------------------------------------------------------
# Maintenance: the reports of `Index.check` and `Index.optimize` live in
# `archive.index.maintenance` (a search process need not define them: three
# dataclasses, about 1 ms); their names here still work.

_MAINTENANCE = ("IndexCheck", "OptimizeReport", "Problem")


def __getattr__(name: str):
    if name in _MAINTENANCE:
        from archive.index import maintenance

        return getattr(maintenance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Index(Protocol):
    """An open archive index."""

    #: Where it is (a folder, or a URL for a server engine).
    location: str

    def count(self) -> int:
        """Live articles."""

    def search(self, request: SearchRequest) -> "SearchResult":
        """Hits (with highlights), exact total and facet counts, and a
        "did you mean" suggestion when nothing matched."""

    def articles(self, request: SearchRequest) -> Iterator["Article"]:
        """Every article matching the request's query and filters, whole,
        oldest first, undated last (paging, sort and facets ignored)."""

    def info(self) -> dict:
        """The engine's own figures for `archive stats`: at least `engine`,
        `schema_version`, `analyzer` and `index_bytes`."""

    def get(self, article_id: str) -> "Article | None":
        """The whole stored article (None: no article has this id)."""

    def similar(self, article_id: str, limit: int) -> "SearchResult | None":
        """The articles most like this one, by shared distinctive words and
        shared actors and places (None: no article has this id)."""

    def suggest(self, query: str) -> str | None:
        """A query built from the index's own words for one that found nothing."""

    def check(self) -> IndexCheck:
        """What is wrong with the index itself: every segment (or shard)
        reads, every id is stored once, duplicate marks agree, leftovers,
        whether another process is writing. Raises when the index cannot be
        read at all."""

    def optimize(self, *, lock_timeout: float | None = None,
                 on_wait: Callable[[], None] | None = None) -> Any:
        """Merge the index into its most compact, fastest form, under the
        writer lock (waiting as `archive.index.lock` does); searches keep
        working and a kill leaves the index as it was."""

    def close(self) -> None:
        """Release open files and connections."""
