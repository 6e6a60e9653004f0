"""Writing to an OpenSearch index: the seam's `WriteLock`, `Writer`, `Part` and `Rebuild`.

What differs from the embedded engine, and why:

* **No exclusive lock.** Several ingest processes, on several machines, may
  write to one index at once (that is what a cluster is for); `lock` only
  checks the cluster answers. Ids are stable and each document is written
  whole, so concurrent writers never corrupt an article; what each decides
  about copies and duplicates rests on what it has seen (`lookups.py`).
  Only a rebuild wants the index to itself: while it runs, the old index is
  write-blocked, so a concurrent ingest is told (its documents rejected, by
  file and line) instead of writing into an index about to be replaced.
* **Rounds.** Documents go out in bulk batches as they are added (from a
  sender thread, `bulk.py`), but nobody sees them before `commit`, which
  sends the rest and the deletions, then refreshes the index (the index's
  own refresh is off). Each acknowledged batch is durable (OpenSearch fsyncs
  its translog before answering). A commit is not atomic across documents:
  a crash in the middle leaves some of the round's documents, each whole,
  and re-running the ingest completes it. `cancel` drops what was not yet
  sent; documents already sent stay (whole articles, settled by the next
  ingest: an unchanged re-run says "unchanged").
* **Deletions wait for the commit** and are left out for ids the round adds
  again (a bulk `index` replaces a document), so an updated article is never
  missing.
* **Rejected documents** (anything but 429/503, which are retried) are
  reported when the writer is closed, by file and line, after everything
  else is committed: `bulk.RejectedDocuments`.
* **Parts** (worker processes of a parallel ingest) send their own bulk
  batches, in parallel; `commit(parts)` collects what they sent.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from archive.index.opensearch.bulk import RejectedDocuments, Sender
from archive.index.opensearch.client import Location, call, connect, describe, parse
from archive.index.opensearch.lookups import Lookups, record_of_doc
from archive.index.opensearch.mapping import article_of, concrete_name, generation_of, to_source
from archive.index.opensearch.store import check_compatible, create_concrete, keep_file, kept_files, resolve


def prepare(article) -> tuple[dict, str | None]:
    """(The document for `article`, its text key). Raises ValueError for an
    article OpenSearch could not store, so it fails alone."""
    doc = to_source(article)
    for name, value in doc.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"field {name} holds text that is not valid Unicode") from None
    return doc, doc.get("text_hash")


class _Order:
    """The order documents are added in, as a number (`added`)."""

    def __init__(self) -> None:
        self.n = time.time_ns()

    def next(self) -> int:
        self.n += 1
        return self.n


def lock(location, *, timeout: float | None = None, on_wait: Callable[[], None] | None = None) -> "OpenSearchLock":
    loc = parse(location)
    client = connect(loc)
    call(loc, client.info, what="connecting")
    return OpenSearchLock(loc, client)


class OpenSearchLock:
    """`archive.index.backend.WriteLock` for an OpenSearch index (not exclusive: see above)."""

    def __init__(self, loc: Location, client) -> None:
        self.loc = loc
        self.client = client
        self.location = loc.url

    def _current(self) -> str:
        found = resolve(self.loc, self.client)
        if found is None:
            create_concrete(self.loc, self.client, 0, alias=True)
            found = resolve(self.loc, self.client)
        name, meta = found
        check_compatible(self.loc, meta)
        return name

    def writer(self) -> "OpenSearchWriter":
        concrete = self._current()
        blocked = call(self.loc, self.client.indices.get_settings, index=concrete, name="index.blocks.write",
                       what="reading settings")
        if str(blocked.get(concrete, {}).get("settings", {}).get("index", {}).get("blocks", {}).get("write")) == "true":
            from archive.errors import IndexLocked

            raise IndexLocked(f"{self.loc.url} is write-blocked: a rebuild is running, or one was interrupted "
                              f"(then run `archive ingest --rebuild --index {self.loc.url} PATH...` again); "
                              f"nothing was written")
        return OpenSearchWriter(self.loc, self.client, self.loc.index, concrete)

    def rebuild(self) -> "OpenSearchRebuild":
        return OpenSearchRebuild(self.loc, self.client)

    def keep_file(self, name: str, text: str) -> None:
        keep_file(self.loc, self.client, self._current(), name, text)

    def kept_file(self, name: str) -> str | None:
        return kept_files(self.loc, self.client, self._current()).get(name)

    def tidy(self) -> None:
        """Nothing to tidy: leftovers of a killed rebuild go with the next rebuild."""

    def release(self) -> None:
        pass


class OpenSearchWriter:
    """Rounds of changes to one OpenSearch index (see the module docstring)."""

    prepare = staticmethod(prepare)

    def __init__(self, loc: Location, client, target: str, concrete: str) -> None:
        self.loc = loc
        self.client = client
        self.location = loc.url
        self.target = target  # where documents go: the alias, or a rebuild's fresh index
        self.concrete = concrete
        empty = call(loc, client.count, index=target, what="counting")["count"] == 0
        self.lookups = Lookups(loc, client, target, empty=empty)
        self.sender = Sender(loc, client, target)
        self.order = _Order()
        self.rejected: list = []
        self._new_round()

    def _new_round(self) -> None:
        self.added: dict[str, dict] = {}
        self.deleted: set[str] = set()

    # -- the last commit ------------------------------------------------------
    def stored(self, article_id: str) -> dict | None:
        return self.lookups.stored(article_id)

    def stored_with(self, field: str, value: str):
        return iter(self.lookups.stored_with(field, value))

    def values(self, field: str) -> list[str]:
        return self.lookups.values(field)

    def article(self, record: dict):
        source = record.get("_source")
        if source is None or "body" not in source:
            r = call(self.loc, self.client.get, index=self.target, id=record["id"], params={"realtime": "false"},
                     what="reading a stored article")
            source = r["_source"]
        return article_of(source)

    def sampler(self):
        return None

    # -- this round -------------------------------------------------------------
    def add(self, doc: dict) -> None:
        doc = {**doc, "added": self.order.next()}
        self.added[doc["id"]] = record_of_doc(doc)
        self.sender.index_doc(doc["id"], doc)

    def delete(self, article_id: str) -> None:
        self.deleted.add(article_id)

    def full(self) -> bool:
        return False  # batches go out as they fill: memory stays bounded without a commit

    def part(self, writers: int = 1) -> "OpenSearchPart":
        """A worker's part (`writers` does not matter here: nothing waits in
        memory beyond one bulk batch per writer)."""
        return OpenSearchPart(self.loc, self.target)

    def commit(self, parts: Sequence | Callable[[], Sequence] = ()) -> None:
        if callable(parts):
            self.sender.flush()  # this writer's documents go out while the workers finish theirs
            parts = parts()
        gone = {aid for aid in self.deleted if aid not in self.added}
        for token in parts:
            if token is not None:
                self.rejected += token.rejected
                for rec in token.records:
                    self.added[rec["id"]] = rec
                gone -= {rec["id"] for rec in token.records}
        for aid in sorted(gone):
            self.sender.delete_doc(aid)
        self.sender.flush()
        self.rejected += self.sender.rejected
        self.sender.rejected = []
        if self.added or gone:
            call(self.loc, self.client.indices.refresh, index=self.target, what="committing (refresh)")
        bad = {r.id for r in self.rejected}
        self.lookups.committed([rec for aid, rec in self.added.items() if aid not in bad], gone)
        self._new_round()

    def cancel(self) -> None:
        self.sender.drop()
        self._new_round()

    def close(self) -> None:
        self.sender.close()
        if self.rejected and sys.exc_info()[0] is None:
            rejected, self.rejected = self.rejected, []
            raise RejectedDocuments(self.location, rejected)

    def warm(self) -> None:
        pass


@dataclass(frozen=True)
class PartToken:
    """What a worker's part sent: its documents' bookkeeping and its rejections."""

    records: tuple
    rejected: tuple


@dataclass(frozen=True)
class OpenSearchPart:
    """The picklable recipe of a worker's part: where to send (the password
    travels inside `loc`, whose repr leaves it out)."""

    loc: Location
    target: str

    prepare = staticmethod(prepare)

    def open(self) -> "PartWriter":
        return PartWriter(self.loc, self.target)


class PartWriter:
    """A worker process's bulk sender for one round."""

    def __init__(self, loc: Location, target: str) -> None:
        self.client = connect(loc)
        self.sender = Sender(loc, self.client, target)
        self.order = _Order()
        self.records: list[dict] = []

    def add(self, doc: dict) -> None:
        doc = {**doc, "added": self.order.next()}
        self.records.append(record_of_doc(doc))
        self.sender.index_doc(doc["id"], doc)

    def full(self) -> bool:
        return False

    def finish(self) -> PartToken | None:
        self.sender.flush()
        self.sender.close()
        token = PartToken(tuple(self.records), tuple(self.sender.rejected)) if self.records else None
        self.client.close()
        return token

    def cancel(self) -> None:
        self.sender.drop()
        self.sender.close()
        self.client.close()


class OpenSearchRebuild:
    """`archive.index.backend.Rebuild`: a fresh concrete index `NAME--k`,
    the alias moved over to it at the end (one atomic alias update)."""

    def __init__(self, loc: Location, client) -> None:
        self.loc, self.client = loc, client
        found = resolve(loc, client)
        self.old = found[0] if found else None
        self.old_meta = found[1] if found else {}
        existing = call(loc, client.indices.get, index=f"{loc.index}--*", params={"expand_wildcards": "all"},
                        what="listing the index's generations")
        gens = {n: generation_of(n, loc.index) for n in existing}
        for name, gen in gens.items():  # left by a killed rebuild
            if gen is not None and name != self.old:
                call(loc, client.indices.delete, index=name, what=f"removing {name}, left by an interrupted rebuild")
        top = max([g for g in gens.values() if g is not None] + [-1])
        self.fresh = concrete_name(loc.index, top + 1)
        if self.old is not None and (loc.shards is None or loc.replicas is None):
            loc = self._like_old(loc)
        create_concrete(loc, client, top + 1, alias=False)
        self.location = f"{self.loc.base}/{self.fresh}"
        if self.old is not None:
            self._block(True)

    def _like_old(self, loc: Location) -> Location:
        import dataclasses

        s = call(self.loc, self.client.indices.get_settings, index=self.old, what="reading settings")
        s = s[self.old]["settings"]["index"]
        return dataclasses.replace(loc, shards=loc.shards if loc.shards is not None else int(s["number_of_shards"]),
                                   replicas=loc.replicas if loc.replicas is not None else int(s["number_of_replicas"]))

    def _block(self, on: bool) -> None:
        call(self.loc, self.client.indices.put_settings, index=self.old, body={"index.blocks.write": on},
             what="write-blocking the old index during the rebuild" if on else "lifting the write block")

    def writer(self) -> OpenSearchWriter:
        return OpenSearchWriter(self.loc, self.client, self.fresh, self.fresh)

    def keep_file(self, name: str, text: str) -> None:
        keep_file(self.loc, self.client, self.fresh, name, text)

    def replaced(self) -> int:
        if self.old is None:
            return 0
        try:
            return call(self.loc, self.client.count, index=self.old, what="counting")["count"]
        except Exception:
            return 1

    def replace(self) -> None:
        old, fresh, alias = self.old, self.fresh, self.loc.index
        old_files = self.old_meta.get("files") or {}
        if old_files:
            mapping = call(self.loc, self.client.indices.get_mapping, index=fresh, what="reading the mapping")
            have = ((mapping[fresh].get("mappings") or {}).get("_meta") or {}).get("files") or {}
            for name, text in old_files.items():
                if name not in have:
                    keep_file(self.loc, self.client, fresh, name, text)
        call(self.loc, self.client.indices.refresh, index=fresh, what="refreshing the rebuilt index")
        if old is not None and old == alias:  # a concrete index under the name itself: no atomic swap
            call(self.loc, self.client.indices.delete, index=old, what="replacing the old index")
            old = None
        actions = [{"add": {"index": fresh, "alias": alias}}]
        if old is not None:
            actions.insert(0, {"remove": {"index": old, "alias": alias}})
        call(self.loc, self.client.indices.update_aliases, body={"actions": actions}, what="swapping the alias")
        if old is not None:
            call(self.loc, self.client.indices.delete, index=old, what="removing the replaced index")

    def discard(self) -> None:
        try:
            self.client.indices.delete(index=self.fresh)
        except Exception as e:
            if describe(e)[0] != 404:
                raise
        if self.old is not None:
            self._block(False)
