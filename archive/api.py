"""`Archive`: the Python API. Every CLI command is a thin layer over one method
here with the same name and options, so `archive search` == `Archive.search`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from archive.results import SearchResult

if TYPE_CHECKING:  # ingest pulls in readers, hashing and subprocess: not for a search
    from archive.document import Article
    from archive.ingest import IngestReport


class Archive:
    """An archive index on disk (default `./index`, or `$ARCHIVE_INDEX`)."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        from archive.index import default_location, is_url, safe_location

        given = path if path is not None else default_location()
        # A URL (an OpenSearch index) stays a string, without its password.
        self.path = safe_location(given) if is_url(given) else Path(given)
        self._index = None

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r})"

    @property
    def index(self):
        """The open `archive.index.Index` (opened on first use, reopened after writes)."""
        from archive.index import open_index

        if self._index is None:
            self._index = open_index(self.path)
        return self._index

    def _reopen(self) -> None:
        """After a write: the next call opens the index as now committed."""
        self.close()
        self._index = None

    USER_ALIASES = "aliases.tsv"

    def _aliases(self):
        """The shipped alias table, extended by the one kept with the index."""
        from archive.extract.entities.aliases import AliasTable

        if isinstance(self.path, str):  # a server index keeps the table itself
            return self._kept_aliases()
        kept = self.path / self.USER_ALIASES
        if not kept.is_file():
            return AliasTable.default()
        key = kept.stat().st_mtime_ns
        if getattr(self, "_alias_key", None) != key:
            self._alias_table, self._alias_key = AliasTable.from_files([kept]), key
        return self._alias_table

    def _kept_aliases(self):
        """The alias table kept with a server index (`WriteLock.keep_file`)."""
        import tempfile

        from archive.errors import IndexIncompatible, IndexMissing
        from archive.extract.entities.aliases import AliasTable

        try:
            text = self.index.kept_file(self.USER_ALIASES)
        except (IndexMissing, IndexIncompatible):  # not made yet, or to be rebuilt: the shipped table
            text = None
        if not text:
            return AliasTable.default()
        if getattr(self, "_alias_key", None) != text:
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".tsv") as f:
                f.write(text)
                f.flush()
                self._alias_table, self._alias_key = AliasTable.from_files([f.name]), text
        return self._alias_table

    def _read_aliases(self, files):
        """Check the user's alias files: (their table, their merged text to
        keep with the index). Nothing is written here: ingest keeps the text
        only once it holds the writer lock (and a rebuild only if it lands)."""
        from archive.extract.entities.aliases import AliasTable
        from archive.errors import UsageError

        files = [Path(f) for f in files]
        try:
            table = AliasTable.from_files(files)
            merged = "".join(f"# from {f}\n" + f.read_text(encoding="utf-8").rstrip("\n") + "\n" for f in files)
        except (OSError, ValueError) as e:
            raise UsageError(f"alias file: {e}") from None
        return table, merged

    def ingest(
        self,
        paths: Iterable[str | os.PathLike],
        *,
        prune: bool = False,
        rebuild: bool = False,
        lock_timeout: float | None = None,
        jobs: int | None = None,
        commit_every: int | None = None,
        on_wait: Callable[[], None] | None = None,
        on_interrupt: Callable[[str], None] | None = None,
        progress: Callable[..., None] | None = None,
        aliases: Sequence[str | os.PathLike] = (),
        strict: bool = False,
    ) -> IngestReport:
        """Add or update the articles in files and folders under `paths`.

        `prune`: also remove articles whose source file under `paths` is gone.
        `rebuild`: build a fresh index beside this one, swapped in when complete.
        `lock_timeout`: seconds to wait for another writer (default 60).
        `aliases`: user alias files (see README), kept with the index and used
        by this and later ingests and searches.
        `strict`: inputs that failed the same way in the last ingest, their
        files unchanged, count as failures for the exit status too (by
        default a run whose only failures are such old ones exits 0).
        `jobs`: worker processes (default: one per CPU). `progress` is called
        with an `archive.ingest.Progress` now and then.
        """
        from archive.ingest import ingest

        table, keep = self._read_aliases(aliases) if aliases else (None, None)
        report = ingest(
            self.path,
            paths,
            prune=prune,
            rebuild=rebuild,
            aliases=table if table is not None else self._aliases(),
            keep_aliases=keep,
            lock_timeout=lock_timeout,
            jobs=jobs,
            commit_every=commit_every,
            on_wait=on_wait,
            on_interrupt=on_interrupt,
            progress=progress,
            strict=strict,
        )
        self._reopen()
        return report

    def check(self, *, quick: bool = False, repair: bool = False, lock_timeout: float | None = None):
        """Verify the index and its sources; an `archive.ingest.check.CheckReport`
        listing each problem with its fix (`repair`: fix duplicate marks)."""
        from archive.ingest.check import check

        report = check(self.path, quick=quick, repair=repair, lock_timeout=lock_timeout)
        self._reopen()
        return report

    def optimize(self, *, lock_timeout: float | None = None, on_wait: Callable[[], None] | None = None):
        """Merge all segments into one; the engine's report (`summary()`, `to_dict()`)."""
        report = self.index.optimize(lock_timeout=lock_timeout, on_wait=on_wait)
        self._reopen()
        return report

    def search(
        self,
        query: str | None = None,
        *,
        limit: int = 10,
        page: int = 1,
        sort: str = "relevance",
        actor: Sequence[str] = (),
        place: Sequence[str] = (),
        credit: Sequence[str] = (),
        source: Sequence[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        date: Sequence[str] = (),
        facets: Sequence[str] = (),
        facet_limit: int = 10,
        collapse_duplicates: bool = False,
    ) -> SearchResult:
        """Ranked hits for `query` (None: every article, newest first).

        Filters: values within one filter are alternatives (OR), different
        filters must all hold (AND). `date_from`/`date_to` keep articles whose
        date overlaps the range at its own precision; `date` takes exact
        date facet values ("2022", "2022-12", "2022-12-19", "no date").
        `facets` names facets to count over all matches (actor, place, credit,
        source, year, month, day); `facet_limit` 0 means all values.
        """
        from archive.search import search

        return search(
            self.index,
            query,
            limit=limit,
            page=page,
            sort=sort,
            actor=actor,
            place=place,
            credit=credit,
            source=source,
            date_from=date_from,
            date_to=date_to,
            date=date,
            facets=facets,
            facet_limit=facet_limit,
            collapse_duplicates=collapse_duplicates,
            aliases=self._aliases(),
        )

    def close(self) -> None:
        """Release open index files (also done when the object is collected)."""
        if self._index is not None:
            self._index.close()

    def similar(self, id: str, *, limit: int = 10) -> SearchResult:
        """The articles most like article `id`: shared key words, actors, places."""
        from archive.search import similar

        return similar(self.index, id, limit=limit)

    def show(self, id: str) -> Article:
        """One article, whole, with everything stored about it."""
        from archive.search import show

        return show(self.index, id)

    def count(self) -> int:
        return self.index.count()

    def articles(
        self,
        query: str | None = None,
        *,
        actor: Sequence[str] = (),
        place: Sequence[str] = (),
        credit: Sequence[str] = (),
        source: Sequence[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        date: Sequence[str] = (),
        collapse_duplicates: bool = False,
    ) -> Iterator[Article]:
        """Every matching article, whole, oldest first (undated last): the
        query and filters of `search`, without paging."""
        from archive.search import build_request

        request = build_request(query, actor=actor, place=place, credit=credit, source=source,
                                date_from=date_from, date_to=date_to, date=date,
                                collapse_duplicates=collapse_duplicates, aliases=self._aliases())
        return self.index.articles(request)

    def export(self, file: IO[str], query: str | None = None, *, format: str = "jsonl", **filters) -> int:
        """Write every matching article (every stored field) to the text
        stream `file` as `jsonl` (one `Article.to_dict()` a line) or `csv`
        (one row each, list fields as JSON); the number written. `filters`
        are those of `articles`."""
        from archive.errors import UsageError
        from archive.search.export import FORMATS, write_articles

        if format not in FORMATS:
            raise UsageError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
        return write_articles(self.articles(query, **filters), file, format)

    def stats(self, *, top: int = 10):
        """An `archive.search.stats.Stats`: articles, date range, undated and
        duplicate counts, top sources, actors, places and credits, and the
        engine's figures (schema version, size on disk)."""
        from archive.search.stats import stats

        return stats(self.index, top=top)

    def app(self, *, allowed_hosts: Sequence[str] | None = None):
        """The ASGI app of `archive serve` for this archive, to embed in another
        server (needs the `serve` extra). `allowed_hosts`: the names a request's
        Host header may give (default: this machine's loopback names)."""
        from archive.serve import create_app

        return create_app(self, allowed_hosts=allowed_hosts)

    def serve(self, *, host: str = "127.0.0.1", port: int = 8000) -> None:
        """Serve the search pages and JSON at http://host:port/ until Ctrl-C
        (read-only; this machine only unless `host` says otherwise)."""
        from archive.serve import run

        run(self, host=host, port=port)
