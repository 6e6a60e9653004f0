"""Documents into OpenSearch through the bulk API: batches, retries, every rejection kept.

A `Sender` takes index and delete operations, cuts them into batches (by
count and bytes) and sends each from a thread of its own, so the process
goes on extracting articles while a batch is on its way (one batch waits at
most). A batch, or the operations of it that came back with 429 (too many
requests: the cluster's write queue is full) or 503 (a shard has no primary
right now, as while a node dies and a replica takes over), is sent again
after a growing pause (0.25 s doubling to 8 s, for up to `RETRY_SECONDS`),
and so is one whose request failed on the way (connection reset, time-out).
Sending again is safe: an operation names its document by id, and the
document is the same. Any other failure of an operation is a rejection:
kept with the file and line the article came from, for the report, and the
rest goes on.
"""

from __future__ import annotations

import json
import queue
import threading
import os
import time
from dataclasses import dataclass

from archive.errors import ArchiveError
from archive.index.opensearch.client import Location, as_error, describe

#: Documents per bulk request (`ARCHIVE_OPENSEARCH_BULK_DOCS` to change it;
#: bench/README.md, section OpenSearch, has the measurements behind 500).
BATCH_DOCS = 500
BATCH_BYTES = 8 * 2**20
RETRY_SECONDS = 300.0
RETRY_STATUS = (429, 502, 503, 504)


@dataclass(frozen=True)
class Rejected:
    """A document OpenSearch would not take."""

    path: str
    line: int | None
    reason: str
    id: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


def _where(doc: dict | None, article_id: str) -> tuple[str, int | None]:
    if not doc:
        return f"article {article_id}", None
    paths = doc.get("paths") or [f"article {article_id}"]
    return paths[0], doc.get("line")


def _batch_docs() -> int:
    given = os.environ.get("ARCHIVE_OPENSEARCH_BULK_DOCS", "")
    return max(1, int(given)) if given.isdigit() else BATCH_DOCS


class Sender:
    """Batches of bulk operations, sent in order from one background thread."""

    def __init__(self, loc: Location, client, index: str) -> None:
        self.loc = loc
        self.client = client
        self.index = index
        self.rejected: list[Rejected] = []
        self.sent = 0
        self.retries = 0
        self._batch: list[tuple[str, str, dict | None, bytes]] = []
        self._bytes = 0
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._batch_docs = _batch_docs()

    # -- operations -------------------------------------------------------
    def index_doc(self, article_id: str, doc: dict) -> None:
        line = json.dumps({"index": {"_index": self.index, "_id": article_id}}) + "\n"
        data = (line + json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        self._add(("index", article_id, doc, data))

    def delete_doc(self, article_id: str) -> None:
        data = (json.dumps({"delete": {"_index": self.index, "_id": article_id}}) + "\n").encode("utf-8")
        self._add(("delete", article_id, None, data))

    def _add(self, op) -> None:
        self._raise_error()
        self._batch.append(op)
        self._bytes += len(op[3])
        if len(self._batch) >= self._batch_docs or self._bytes >= BATCH_BYTES:
            self._hand_over()

    def _hand_over(self) -> None:
        if not self._batch:
            return
        batch, self._batch, self._bytes = self._batch, [], 0
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="archive-bulk", daemon=True)
            self._thread.start()
        while True:
            try:
                self._queue.put(batch, timeout=0.5)
                return
            except queue.Full:
                self._raise_error()

    def flush(self) -> None:
        """Send what is batched and wait until every batch is answered."""
        self._hand_over()
        if self._thread is not None:
            self._queue.join()
        self._raise_error()

    def drop(self) -> None:
        """Forget what is batched and not yet handed over."""
        self._batch, self._bytes = [], 0

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _raise_error(self) -> None:
        if self._error is not None:
            e, self._error = self._error, None
            raise e

    # -- the thread -------------------------------------------------------
    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            try:
                if batch is None:
                    return
                if self._error is None:
                    self._send(batch)
            except BaseException as e:  # handed to the writer's thread at its next call
                self._error = e
            finally:
                self._queue.task_done()

    def _send(self, batch) -> None:
        pause, deadline = 0.25, time.monotonic() + RETRY_SECONDS
        while batch:
            try:
                r = self.client.bulk(body=b"".join(op[3] for op in batch))
            except Exception as e:
                status = describe(e)[0]
                if (status in RETRY_STATUS or status == "N/A") and time.monotonic() < deadline:
                    self.retries += 1
                    time.sleep(pause)
                    pause = min(8.0, pause * 2)
                    continue
                raise as_error(self.loc, e, f"sending {len(batch)} documents") from None
            again = []
            for op, item in zip(batch, r["items"]):
                result = item.get("index") or item.get("delete") or next(iter(item.values()))
                status = result.get("status", 0)
                if status < 300 or (op[0] == "delete" and status == 404):
                    self.sent += op[0] == "index"
                    continue
                if status in RETRY_STATUS and time.monotonic() < deadline:
                    again.append(op)
                    continue
                err = result.get("error") or {}
                reason = f"rejected by OpenSearch ({err.get('type', status)}: {err.get('reason', '')})"
                path, line = _where(op[2], op[1])
                self.rejected.append(Rejected(path, line, " ".join(reason.split())[:300], op[1]))
            if again:
                self.retries += 1
                time.sleep(pause)
                pause = min(8.0, pause * 2)
            batch = again


class RejectedDocuments(ArchiveError):
    """Documents OpenSearch would not take, each named by file and line; the
    rest of the ingest is committed."""

    def __init__(self, location: str, rejected: list[Rejected]) -> None:
        self.rejected = list(rejected)
        lines = "".join(f"\n{r}: {r.reason}" for r in self.rejected)
        super().__init__(f"{len(self.rejected)} article(s) were rejected by the OpenSearch index {location}, one "
                         f"line each below; everything else is committed: run the same ingest again once the "
                         f"cause is fixed{lines}")
