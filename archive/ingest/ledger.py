"""The incremental bookkeeping: the index as it will be after the next commit.

The writer's look-ups see the last commit only; the `Ledger` keeps this
round's articles on top of it: an `Entry` per article decided, indexed
("sent") or changed in this round, which ids each path and each text hash
hold, and what was deleted. Every question ingest asks (what is stored
under this id, at this path, with this text?) is answered round first, then
from the commit. It also keeps one original per text hash: identical title
and text under different ids are marked `duplicate_of` the first, and when
that one goes away or changes, the next one becomes the original.

A change to an article that was already sent to be indexed cannot be made
before the commit; it waits in `deferred` and is made in the next round.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from archive.ingest.articles import Extracted


@dataclass(eq=False, slots=True)
class Entry:
    """An article as it stands in this round (or, loc "index", as committed)."""

    id: str
    content_hash: str
    paths: tuple[str, ...]
    text_hash: str | None
    duplicate_of: str | None
    loc: str  # "pending" (decided, not yet indexed) | "sent" (indexed, uncommitted) | "index"
    source: Any = None  # Extracted (held by a worker or here) | Article | stored dict
    fresh: bool = False  # read from the input in this run


def _ids(value) -> set[str]:
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


def _link(index: dict, key: str, aid: str) -> None:
    have = index.get(key)
    if have is None:
        index[key] = aid
    elif isinstance(have, str):
        if have != aid:
            index[key] = {have, aid}
    else:
        have.add(aid)


def _unlink(index: dict, key: str, aid: str) -> None:
    have = index.get(key)
    if have is None:
        return
    if isinstance(have, str):
        if have == aid:
            del index[key]
    else:
        have.discard(aid)
        if len(have) == 1:
            index[key] = next(iter(have))
        elif not have:
            del index[key]


def _from_stored(stored: dict) -> Entry:
    paths = tuple(p for p in (stored.get("paths") or "").split("\n") if p)
    return Entry(
        id=stored["id"],
        content_hash=stored.get("content_hash") or "",
        paths=paths,
        text_hash=stored.get("text_hash"),
        duplicate_of=stored.get("duplicate_of"),
        loc="index",
        source=stored,
    )


class Ledger:
    """This round's articles over the writer's last commit."""

    def __init__(self, writer, discard: Callable[[Extracted | None], None]) -> None:
        self.writer = writer
        #: Forget a held extraction that will not be indexed (`Pool.discard`).
        self.discard = discard
        #: Changes waiting for the commit: ("raw", record), ("drop", id, path), ("key", text hash).
        self.deferred: list[tuple] = []
        self.new_round()

    def new_round(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.pending: dict[str, None] = {}
        self.deleted: set[str] = set()
        # path -> ids and text hash -> ids of the round's articles; a lone id
        # is kept as a plain string (most keys have one), more as a set.
        self.path_ids: dict[str, str | set[str]] = {}
        self.text_ids: dict[str, str | set[str]] = {}
        self.written = 0

    def delete(self, aid: str) -> None:
        """Delete what the last commit holds under `aid` (once)."""
        if aid not in self.deleted:
            self.writer.delete(aid)
            self.deleted.add(aid)

    # -- looking things up ----------------------------------------------
    def lookup(self, aid: str) -> Entry | None:
        e = self.entries.get(aid)
        if e is not None:
            return e
        if aid in self.deleted:
            return None
        stored = self.writer.stored(aid)
        return None if stored is None else _from_stored(stored)

    def ids_at_path(self, path: str) -> set[str]:
        ids = _ids(self.path_ids.get(path))
        for stored in self.writer.stored_with("paths", path):
            aid = stored["id"]
            if aid not in self.entries and aid not in self.deleted:
                ids.add(aid)
        return ids

    def members(self, key: str) -> list[Entry]:
        """Every current article with this text hash (round first)."""
        out = [self.entries[i] for i in _ids(self.text_ids.get(key))]
        for stored in self.writer.stored_with("text_hash", key):
            aid = stored["id"]
            if aid not in self.entries and aid not in self.deleted:
                out.append(_from_stored(stored))
        return out

    def root_of(self, key: str, me: str) -> str | None:
        for m in self.members(key):
            if m.id != me:
                root = m.duplicate_of or m.id
                return None if root == me else root
        return None

    # -- changing the round ---------------------------------------------
    def put(self, e: Entry) -> None:
        old = self.entries.get(e.id)
        if old is not None:
            self._unlink(old)
        e.loc = "pending"
        self.entries[e.id] = e
        self.pending.pop(e.id, None)
        self.pending[e.id] = None
        for p in e.paths:
            _link(self.path_ids, p, e.id)
        if e.text_hash:
            _link(self.text_ids, e.text_hash, e.id)

    def _unlink(self, e: Entry) -> None:
        for p in e.paths:
            _unlink(self.path_ids, p, e.id)
        if e.text_hash:
            _unlink(self.text_ids, e.text_hash, e.id)

    def editable(self, e: Entry) -> Entry:
        """A pending entry for `e` (loading a committed article to rewrite it)."""
        if e.loc == "pending":
            return e
        assert e.loc == "index"
        self.delete(e.id)
        new = dataclasses.replace(e, loc="pending")
        self.put(new)
        return new

    def remove(self, e: Entry) -> None:
        """Delete an article (pending or committed) from the index-to-be."""
        if e.loc == "pending":
            self.discard(e.source if isinstance(e.source, Extracted) else None)
            self._unlink(e)
            del self.entries[e.id]
            self.pending.pop(e.id, None)
        self.delete(e.id)  # whatever the committed index holds under this id
        if e.text_hash:
            self.repoint(e.text_hash, e.id)

    def set_paths(self, e: Entry, paths: tuple[str, ...]) -> None:
        e = self.editable(e)
        self._unlink(e)
        e.paths = paths
        self.put(e)

    def drop_path(self, aid: str, path: str) -> bool:
        """Remove `path` from article `aid`; delete the article when no path is
        left. Returns True when it was deleted."""
        e = self.lookup(aid)
        if e is None or path not in e.paths:
            return False
        if e.loc == "sent":
            self.deferred.append(("drop", aid, path))
            return False
        rest = tuple(p for p in e.paths if p != path)
        if rest:
            self.set_paths(e, rest)
            return False
        self.remove(e)
        return True

    def repoint(self, key: str, gone: str | None) -> None:
        """Keep one original per text hash: after `gone` left (or to repair),
        every remaining article with `key` points at the same present root."""
        members = [m for m in self.members(key) if m.id != gone]
        if not members:
            return
        ids = {m.id for m in members}
        roots = {m.duplicate_of or m.id for m in members}
        if len(roots) == 1:
            root = next(iter(roots))
            if root in ids and root != gone:
                return
        old = sorted(m.id for m in members if m.loc != "pending")
        if old:
            new_root = old[0]
        else:
            order = {aid: i for i, aid in enumerate(self.pending)}
            new_root = min(members, key=lambda m: order.get(m.id, 0)).id
        for m in members:
            want = None if m.id == new_root else new_root
            if m.duplicate_of == want:
                continue
            if m.loc == "sent":
                self.deferred.append(("key", key))
                continue
            m = self.editable(m)
            m.duplicate_of = want
