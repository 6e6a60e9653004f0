"""Deciding, in input order, what becomes of every input.

Decisions are taken in the main process in the order the inputs were read,
so the result does not depend on `jobs`:

- An article's id is stable (file articles: content hash; JSON records: their
  own `id`). Same id and same content hash at a known path: unchanged, not
  even re-extracted.
- The same content under a new path (a copy) adds the path to the article.
- A file whose content changed replaces the article that path held before; a
  JSON record replaces the article with its id.
- A record id given by two files goes to the file read last, and re-reading
  them both changes nothing.
- Identical title and text under different ids are marked `duplicate_of`
  the first (`archive.ingest.ledger` keeps that true).
"""

from __future__ import annotations

import os

from archive.extract.core import NO_TEXT, TITLE_ONLY
from archive.ingest.articles import Extracted, article_id
from archive.ingest.ledger import Entry
from archive.ingest.pool import Slot
from archive.read.formats import RawRecord
from archive.read.sources import InputError
from archive.read.sources import where as source_where

#: Warnings that mark an article kept without text (counted in the report).
KEPT_WITHOUT_TEXT = (NO_TEXT + ":", TITLE_ONLY)


class Decisions:
    """The decision for each input, made on the ledger of the round."""

    def __init__(self, ledger, pool, tally, pruner) -> None:
        self.ledger = ledger
        self.pool = pool
        self.tally = tally
        self.pruner = pruner
        # Where each input file stands in the walk, and for a record id the
        # latest file that gave it: a record id in two files goes to the file
        # read last, and re-reading them both must change nothing.
        self.order: dict[str, int] = {}
        self.last_read: dict[str, int] = {}
        self.main_done = False
        self.roots: list[str] = []

    def needs_extraction(self, raw: RawRecord) -> bool:
        """A guess made ahead of time (the decision is taken in order later)."""
        aid = article_id(raw)
        if not aid:
            return True
        e = self.ledger.lookup(aid)
        return e is None or e.content_hash != raw.content_hash and e.loc != "sent"

    def fail(self, err: InputError) -> None:
        self.tally.errors.append(err)
        self.pruner.failed(err.path)

    def handle(self, t) -> None:
        if isinstance(t, InputError):
            self.fail(t)
        elif isinstance(t, Slot):
            self.handle_raw(t)
        else:  # ("end", path)
            self.pruner.end(t[1])

    def handle_raw(self, slot: Slot) -> None:
        raw, res = slot.raw, slot.result
        if res is not None and res.error is not None:
            self.fail(InputError(raw.path, res.error, raw.line, raw.item))
            return
        aid = res.id if res is not None else article_id(raw)
        record = raw.kind == "record" and bool(aid)
        if record:
            if self.main_done and self._read_later(raw, aid, res):
                return
            mine = self.order.get(raw.path, -1)
            # The first file's ids are never kept: no record is read before
            # it, so "also in file 0, read later" never holds (a one-feed
            # ingest keeps nothing here, not one entry per article).
            if mine > 0 and mine > self.last_read.get(aid, -1):
                self.last_read[aid] = mine
        pool, seen = self.pool, self.pruner.seen
        for _ in range(2):
            e = self.ledger.lookup(aid) if aid else None
            if e is not None and e.content_hash == raw.content_hash:
                pool.discard(res)
                seen(raw, aid)
                self._same_content(raw, e)
                return
            if record and e is not None and not self.main_done and self._stored_from_later(raw, e):
                pool.discard(res)
                seen(raw, aid)
                self.defer(raw)  # decided once that file is read
                return
            if e is not None and e.loc == "sent":
                pool.discard(res)
                seen(raw, aid)
                self._twice(raw, aid, e)
                self.defer(raw)  # cannot replace an uncommitted document
                return
            if res is not None:
                break
            res = pool.extract_now(raw)
            if res.error is not None:
                self.fail(InputError(raw.path, res.error, raw.line, raw.item))
                return
            if res.id == aid:
                break
            aid = res.id
        seen(raw, aid)
        self._place(raw, res, e)

    def _read_later(self, raw: RawRecord, aid: str, res) -> bool:
        """After the main pass: was this id given by a file read after this
        one? Then that file's record stands (the last one read wins) and this
        one is passed over, said in a warning; nothing is rewritten when both
        files are as they were."""
        mine = self.order.get(raw.path, -1)
        later = self.last_read.get(aid, -1)
        if later <= mine:
            return False
        self.pool.discard(res)
        self.pruner.seen(raw, aid)
        self.tally.unchanged += 1
        other = next((p for p, i in self.order.items() if i == later), "another file")
        where = source_where(raw.path, raw.line, raw.item)
        self.tally.warnings.append(f"{where}: id {aid!r} is also in {other}, read later, whose record is "
                                   f"kept (the last one read wins)")
        return True

    def _stored_from_later(self, raw: RawRecord, e: Entry) -> bool:
        """Is the stored article with this record's id (other content) from
        another input file that this run reads later? Then whether this
        record replaces it is decided once that file has been read."""
        if raw.path in e.paths or raw.path not in self.order:
            return False
        mine = self.order[raw.path]
        return any(self.order.get(p, -1) > mine or p not in self.order and self._walks(p) for p in e.paths)

    def _walks(self, path: str) -> bool:
        """Will this run still read `path` (it lies under the given paths and
        has not been reached yet)?"""
        return os.path.isfile(path) and any(
            path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in self.roots)

    def _twice(self, raw: RawRecord, aid: str, old: Entry) -> None:
        if old.fresh and raw.kind == "record":
            where = source_where(raw.path, raw.line, raw.item)
            self.tally.warnings.append(f"{where}: id {aid!r} was read before in this run with other "
                                       f"content; the last one read wins")

    def _same_content(self, raw: RawRecord, e: Entry) -> None:
        led = self.ledger
        if raw.path in e.paths:
            self.tally.unchanged += 1
            return
        if e.loc == "sent":
            self.defer(raw)
            return
        replaced = False
        if raw.kind != "record":
            for other in led.ids_at_path(raw.path) - {e.id}:
                led.drop_path(other, raw.path)
                replaced = True
        e = led.lookup(e.id) or e
        led.set_paths(e, (*e.paths, raw.path))
        if replaced:
            self.tally.updated += 1
        else:
            self.tally.copies += 1

    def _place(self, raw: RawRecord, res: Extracted, old: Entry | None) -> None:
        led = self.ledger
        aid = res.id
        replaced = old is not None
        old_key = old.text_hash if old is not None else None
        if old is not None and old.loc == "pending":
            self.pool.discard(old.source if isinstance(old.source, Extracted) else None)
            self._twice(raw, aid, old)
        if old is not None:
            led.delete(aid)
        if raw.kind != "record":
            # A file holds one article: whatever this path held before is replaced.
            for other in led.ids_at_path(raw.path) - {aid}:
                led.drop_path(other, raw.path)
                replaced = True
        key = res.text_hash
        dup = led.root_of(key, aid) if key else None
        led.put(Entry(aid, raw.content_hash, (raw.path,), key, dup, "pending", res, fresh=True))
        if old_key and old_key != key:
            led.repoint(old_key, aid)
        for w in res.warnings:
            self.tally.warnings.append(f"{source_where(raw.path, raw.line, raw.item)}: {w}")
        if any(w.startswith(KEPT_WITHOUT_TEXT) for w in res.warnings):
            self.tally.empty += 1
        if dup:
            self.tally.duplicates += 1
        if replaced:
            self.tally.updated += 1
        else:
            self.tally.added += 1

    # -- what waited for the commit ---------------------------------------
    def defer(self, raw: RawRecord) -> None:
        self.ledger.deferred.append(("raw", raw))

    def apply_deferred(self) -> None:
        led = self.ledger
        items, led.deferred = led.deferred, []
        keys = set()
        for item in items:
            if item[0] == "raw":
                self.handle(Slot(item[1]))
            elif item[0] == "drop":
                led.drop_path(item[1], item[2])
            else:
                keys.add(item[1])
        for key in keys:
            led.repoint(key, None)
