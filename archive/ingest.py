"""Ingest: files in, index updated, and a report of every input's fate.

Every input ends up counted exactly once: added, updated, unchanged, removed
(`prune`) or failed (with a one-line reason naming the file and line). The
index is only changed through Whoosh commits, so a crash or kill leaves the
last committed state, and the raw files stay the source of truth.

Incremental rules:
- An article's id is stable (file articles: content hash; JSON records: their
  own `id`). Same id and same content hash at a known path: unchanged, not
  even re-extracted.
- The same content under a new path (a copy) adds the path to the article.
- A file whose content changed replaces the article that path held before.
- Identical title and text under different ids (syndicated copies) are kept
  as separate articles, marked `duplicate_of` the first.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .document import Article
from .readers import RawRecord, read_file
from .sources import InputError, iter_files, normalise_path

#: Exit status of `archive ingest` when some inputs failed and the rest went in.
EXIT_PARTIAL = 3


@dataclass(frozen=True)
class IngestReport:
    index: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    errors: tuple[InputError, ...] = ()
    warnings: tuple[str, ...] = ()
    committed: int = 0
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return EXIT_PARTIAL if self.failed else 0

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["errors"] = [e.to_dict() for e in self.errors]
        d["warnings"] = list(self.warnings)
        return d

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {self.failed} failed"
        )


@dataclass
class _Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    committed: int = 0


def article_id(raw: RawRecord) -> str | None:
    """The id `raw` will get, when it is known before extraction."""
    from . import extract

    fn = getattr(extract, "article_id", None)
    return fn(raw) if fn else None


class _Batch:
    """Articles to write in the next commit, merged by id.

    Whoosh's `update_document` cannot replace a document added by the same
    uncommitted writer, so everything for one commit is collected here first
    and written once per id at flush time.
    """

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.articles: dict[str, Article] = {}
        self.deletes: set[str] = set()
        self.by_text: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.articles) + len(self.deletes)

    def current(self, aid: str) -> Article | None:
        """The article with this id as it will be after this batch."""
        if aid in self.articles:
            return self.articles[aid]
        if aid in self.deletes:
            return None
        stored = self.searcher.document(id=aid)
        if stored is None:
            return None
        from .schema import from_stored

        return from_stored(stored)

    def ids_at_path(self, path: str) -> set[str]:
        from whoosh.query import Term

        ids = {
            self.searcher.stored_fields(n)["id"]
            for n in self.searcher.document_numbers(paths=path)
        }
        ids |= {aid for aid, a in self.articles.items() if path in a.paths}
        return ids - self.deletes

    def first_with_text(self, key: str, aid: str) -> str | None:
        if key in self.by_text and self.by_text[key] != aid:
            return self.by_text[key]
        for n in self.searcher.document_numbers(text_hash=key):
            other = self.searcher.stored_fields(n)
            if other["id"] != aid and other["id"] not in self.deletes:
                return other.get("duplicate_of") or other["id"]
        return None

    def put(self, article: Article) -> None:
        from .schema import text_hash

        self.deletes.discard(article.id)
        self.articles[article.id] = article
        key = text_hash(article)
        if key:
            self.by_text.setdefault(key, article.duplicate_of or article.id)

    def drop_path(self, aid: str, path: str) -> bool:
        """Remove `path` from article `aid`; delete it when no path is left.
        Returns True when the article was deleted."""
        article = self.current(aid)
        if article is None:
            return False
        rest = tuple(p for p in article.paths if p != path)
        if rest:
            self.put(dataclasses.replace(article, paths=rest, path=rest[0]))
            return False
        self.articles.pop(aid, None)
        self.deletes.add(aid)
        return True

    def flush(self, writer) -> int:
        from .schema import to_fields

        for aid in self.deletes:
            writer.delete_by_term("id", aid)
        for article in self.articles.values():
            writer.update_document(**to_fields(article))
        return len(self.articles)


def _records(paths: Iterable[str], tally: _Tally, seen: set[str]) -> Iterator[RawRecord]:
    for item in iter_files(paths):
        if isinstance(item, InputError):
            tally.errors.append(item)
            continue
        seen.add(item)
        for rec in read_file(item):
            if isinstance(rec, InputError):
                tally.errors.append(rec)
            else:
                yield rec


def ingest(
    index: str | os.PathLike,
    paths: Iterable[str | os.PathLike],
    *,
    prune: bool = False,
    rebuild: bool = False,
    aliases=None,
    lock_timeout: float | None = None,
    batch_size: int = 20_000,
    on_wait: Callable[[], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Add or update the articles under `paths` in the index at `index`."""
    from .store import DEFAULT_LOCK_TIMEOUT

    index = Path(index)
    paths = [os.fspath(p) for p in paths]
    timeout = DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
    if rebuild:
        return _rebuild(index, paths, aliases=aliases, lock_timeout=timeout,
                        batch_size=batch_size, on_wait=on_wait, progress=progress)
    return _ingest_into(index, paths, prune=prune, aliases=aliases, lock_timeout=timeout,
                        batch_size=batch_size, on_wait=on_wait, progress=progress)


def _ingest_into(index: Path, paths, *, prune, aliases, lock_timeout, batch_size,
                 on_wait, progress) -> IngestReport:
    from .extract import ExtractError
    from .pipeline import process
    from .store import acquire_writer, open_or_create

    ix = open_or_create(index)
    tally = _Tally()
    seen: set[str] = set()
    interrupted = False
    writer = acquire_writer(ix, lock_timeout, on_wait)
    batch = _Batch(writer.searcher())
    done = 0
    try:
        for raw in _records(paths, tally, seen):
            aid = article_id(raw)
            current = batch.current(aid) if aid else None
            if current is not None and current.content_hash == raw.content_hash:
                if raw.path in current.paths:
                    tally.unchanged += 1
                else:
                    batch.put(dataclasses.replace(current, paths=(*current.paths, raw.path)))
                    tally.updated += 1
            else:
                try:
                    article = process(raw, aliases)
                except ExtractError as e:
                    tally.errors.append(InputError(raw.path, str(e), raw.line))
                    continue
                _place(batch, tally, raw, article, current if aid else batch.current(article.id))
            done += 1
            if progress is not None:
                progress(done)
            if len(batch) >= batch_size:
                tally.committed += batch.flush(writer)
                writer.commit()
                writer = acquire_writer(ix, lock_timeout, on_wait)
                batch = _Batch(writer.searcher())
        if prune:
            tally.removed += _prune(batch, paths, seen)
        tally.committed += batch.flush(writer)
        writer.commit()
    except KeyboardInterrupt:
        # Commit what was finished: every article in the batch is complete.
        interrupted = True
        tally.committed += batch.flush(writer)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return IngestReport(
        index=str(index),
        added=tally.added,
        updated=tally.updated,
        unchanged=tally.unchanged,
        removed=tally.removed,
        failed=len(tally.errors),
        errors=tuple(tally.errors),
        warnings=tuple(tally.warnings),
        committed=tally.committed,
        interrupted=interrupted,
    )


def _place(batch: _Batch, tally: _Tally, raw: RawRecord, article: Article,
           current: Article | None) -> None:
    """Put a freshly built article into the batch and count what it was."""
    from .schema import text_hash

    paths = (raw.path,)
    if current is not None:
        paths = (*[p for p in current.paths if p != raw.path], raw.path)
        if raw.path in current.paths:
            paths = current.paths
    replaced = current is not None
    if raw.kind != "record":
        # A file holds one article: whatever this path held before is replaced.
        for other in batch.ids_at_path(raw.path) - {article.id}:
            batch.drop_path(other, raw.path)
            replaced = True
    key = text_hash(article)
    dup = batch.first_with_text(key, article.id) if key else None
    article = dataclasses.replace(article, paths=paths, path=paths[0], duplicate_of=dup)
    for w in article.warnings:
        tally.warnings.append(f"{raw.path}{f':{raw.line}' if raw.line else ''}: {w}")
    batch.put(article)
    if replaced:
        tally.updated += 1
    else:
        tally.added += 1


def _prune(batch: _Batch, roots: list[str], seen: set[str]) -> int:
    """Drop paths under `roots` whose files are gone; count deleted articles."""
    prefixes = []
    for r in roots:
        r = normalise_path(r)
        prefixes.append(r)
    removed = 0
    reader = batch.searcher.reader()
    for term in list(reader.lexicon("paths")):
        path = term.decode("utf-8") if isinstance(term, bytes) else term
        under = any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)
        if not under or path in seen or os.path.exists(path):
            continue
        for aid in batch.ids_at_path(path):
            if batch.drop_path(aid, path):
                removed += 1
    return removed


def _rebuild(index: Path, paths, **kwargs) -> IngestReport:
    """Build a fresh index beside `index` and swap it in only when complete."""
    parent = index.resolve().parent
    fresh = parent / f".{index.name}.rebuild-{os.getpid()}"
    old = parent / f".{index.name}.old-{os.getpid()}"
    if fresh.exists():
        shutil.rmtree(fresh)
    try:
        report = _ingest_into(fresh, paths, prune=False, **kwargs)
        if report.interrupted:
            raise KeyboardInterrupt
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    # Carry over files kept with the index (such as a user alias table).
    if index.exists():
        for extra in index.iterdir():
            if extra.suffix in (".tsv",) and not (fresh / extra.name).exists():
                shutil.copy2(extra, fresh / extra.name)
        os.replace(index, old)
    os.replace(fresh, index)
    shutil.rmtree(old, ignore_errors=True)
    return dataclasses.replace(report, index=str(index))
