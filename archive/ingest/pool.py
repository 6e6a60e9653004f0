"""The worker pool, main-process side: extraction and indexing, here and in workers.

With `jobs == 1`, or for an ingest too small to pay for a worker (under
`PARALLEL_BYTES` of input; `min_parallel`, when given, starts them once
that many articles were extracted here), records are extracted in this
process and their articles kept (and later indexed) here. Otherwise
`jobs - 1` workers (`archive.ingest.remote`, `archive.ingest.worker`),
spawned before the dictionary is sampled (`spawn`), join in: this
process is the last of the `jobs`. A chunk of records goes to the least
busy worker while the workers have room (`capacity`); otherwise it is extracted here, so the main process,
which also reads the input and keeps the books, works on its own share
instead of waiting, and no core idles. Each worker keeps what it
extracted; the main process sends it the decisions (`send_index`) and, at
each commit, collects its part (`finish`) for `Writer.commit`. One
process fewer than jobs means one copy fewer of the gazetteers in memory
and half the articles never cross a pipe.
"""

from __future__ import annotations

import pickle
import queue
import signal
import threading
from typing import Any

from archive.document import Article
from archive.ingest.articles import Extracted, extract, summary
from archive.ingest.remote import Remote, WorkerDied
from archive.read.formats import RawRecord

#: Worker processes start at once when the input holds this many bytes;
#: below that they do not pay for their start-up (a quarter of a second
#: before a worker takes its first chunk, while what it was sent waits).
#: With `-j 2` a worker paid from about 500 leestmeer records (386 KB,
#: 0.57 s against 0.56 s with `-j 1`; 700 records, 540 KB: 0.62 against
#: 0.67 s). It was 256 KB, or else 200 articles extracted here: a
#: 300-record batch started its worker with 100 records left and waited
#: for it (0.58 s; 0.42 s now, bench/README, round 5).
PARALLEL_BYTES = 512 * 1024
#: Chunks a worker may hold. Each is `session._CHUNK` records, so 8 are about
#: 60 ms of work: enough that the worker still has some while this process
#: extracts a chunk of its own and indexes a flush group (with 4 the worker
#: idled a third of the time; 17k with `-j 2`, alternating: median 8.27 s
#: against 7.26 s, see bench/README, round 4).
_INFLIGHT_PER_WORKER = 8


class Slot:
    """One raw record on its way through the (possibly parallel) pipeline."""

    __slots__ = ("raw", "result", "submitted")

    def __init__(self, raw: RawRecord) -> None:
        self.raw = raw
        self.result: Extracted | None = None
        self.submitted = False


class Pool:
    """Extraction and indexing, here or in worker processes, for one writer."""

    def __init__(self, writer, aliases, jobs: int, min_parallel: int | None) -> None:
        self.writer = writer
        self.prepare = writer.prepare
        self.aliases = aliases
        self.jobs = jobs
        self.min_parallel = min_parallel
        self.workers: list[Remote] = []
        self.results: queue.SimpleQueue = queue.SimpleQueue()
        self.local_held: dict[int, tuple[Article, Any]] = {}
        #: Per worker, the articles it holds that will not be indexed.
        self.drops: dict[int, list[int]] = {}
        self.seq = 0
        self.extracted = 0
        self._rr = 0
        self._finished: dict[int, Any] = {}
        self.full = False  # a worker's part reached its memory budget
        self.started = 0  # workers started (they are gone from `workers` once closed)
        self._spare: list[Remote] = []  # spawned, not yet given a part (`spawn`)

    @property
    def remote(self) -> bool:
        return bool(self.workers)

    def inflight(self) -> int:
        return sum(len(w.chunks) for w in self.workers)

    def capacity(self) -> int:
        return _INFLIGHT_PER_WORKER * len(self.workers)

    def spawn(self) -> None:
        """Start the worker processes before `start` can give them their part:
        they import (most of their quarter of a second of start-up) while
        this process samples the dictionary their part needs."""
        if not self.workers and not self._spare:
            self._spare = self._spawn(self.jobs - 1)

    def start(self) -> None:
        aliases = pickle.dumps(self.aliases, protocol=pickle.HIGHEST_PROTOCOL)
        part = self.writer.part(self.jobs)  # the processes share the memory budget
        workers, self._spare = self._spare or self._spawn(self.jobs - 1), []
        for i, w in enumerate(workers):
            w.send(("init", i, part, aliases))
            self.workers.append(w)
            self.started += 1

    def _spawn(self, n: int) -> list[Remote]:
        # Block SIGINT while spawning, so a Ctrl-C cannot hit a half-started
        # worker (workers live in their own process group and ignore it).
        masked = threading.current_thread() is threading.main_thread()
        if masked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        out: list[Remote] = []
        try:
            for i in range(n):
                out.append(Remote(i, self.results))
        except BaseException:
            for w in out:
                w.kill()
            raise
        finally:
            if masked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return out

    # -- extracting -------------------------------------------------------------
    def submit(self, slots: list[Slot]) -> None:
        if not slots:
            return
        if (not self.workers and self.jobs > 1 and self.min_parallel is not None
                and self.extracted + len(slots) > self.min_parallel):
            self.start()
        self.extracted += len(slots)
        items = []
        for s in slots:
            self.seq += 1
            s.submitted = True
            items.append((self.seq, s))
        if self.workers:
            self.poll()
        if self.workers and self.inflight() < self.capacity():
            w = min(self.workers, key=lambda w: (len(w.chunks), (w.idx - self._rr) % len(self.workers)))
            self._rr = (w.idx + 1) % len(self.workers)
            w.chunks.append([s for _, s in items])
            w.send(("extract", [(seq, s.raw) for seq, s in items]))
        else:
            for seq, s in items:
                s.result, held = summary(seq, -1, self.prepare, *extract(s.raw, self.aliases))
                if held is not None:
                    self.local_held[seq] = held

    def extract_now(self, raw: RawRecord) -> Extracted:
        self.seq += 1
        res, held = summary(self.seq, -1, self.prepare, *extract(raw, self.aliases))
        if held is not None:
            self.local_held[self.seq] = held
        return res

    def wait(self, slot: Slot) -> None:
        while slot.result is None:
            self._pump(0.2)

    def poll(self) -> None:
        """Take in every reply that has arrived, without waiting."""
        while not self.results.empty():
            self._pump(0)

    def _pump(self, timeout: float) -> None:
        try:
            idx, msg = self.results.get(timeout=timeout) if timeout else self.results.get_nowait()
        except queue.Empty:
            if not timeout:
                return
            for w in self.workers:
                if w.proc.poll() is not None and w.failed is None:
                    w.failed = f"exit status {w.proc.returncode}"
                if w.failed:
                    raise WorkerDied(f"an ingest worker process died ({w.failed}); "
                                     f"nothing of the current batch was written: run the same command again")
            return
        w = self.workers[idx]
        kind, payload = msg
        if kind == "extracted":
            chunk = w.chunks.popleft()
            for slot, res in zip(chunk, payload):
                slot.result = res
        elif kind == "full":
            self.full = True
        elif kind in ("finished", "cancelled"):
            self._finished[idx] = payload
        elif kind == "fatal":
            w.failed = payload.strip().splitlines()[-1]
            raise WorkerDied(f"an ingest worker failed: {w.failed}; nothing of the current batch "
                             f"was written: run the same command again")
        elif kind == "eof":
            w.failed = w.failed or "it exited"

    # -- what becomes of the held articles -------------------------------------
    def discard(self, res: Extracted | None) -> None:
        """The article extracted for `res` will not be indexed: forget it."""
        if res is None or res.error is not None:
            return
        if res.worker < 0:
            self.local_held.pop(res.seq, None)
        else:
            self.drops.setdefault(res.worker, []).append(res.seq)

    def take_local(self, seq: int) -> tuple[Article, Any]:
        return self.local_held.pop(seq)

    def send_index(self, groups: dict[int, tuple[list, list]]) -> None:
        """Send each worker its articles to index, and what to forget."""
        drops = self.drops
        if self.workers:
            for idx in set(groups) | set(drops):
                assign, articles = groups.get(idx, ([], []))
                self.workers[idx].send(("index", assign, articles, drops.get(idx, [])))
        drops.clear()

    # -- the round's end -------------------------------------------------------
    def _ask(self, op: str) -> None:
        self._finished.clear()
        for w in self.workers:
            w.send((op,))

    def _answers(self) -> list:
        while len(self._finished) < len(self.workers):
            self._pump(0.2)
        return [self._finished[w.idx] for w in self.workers]

    def _all(self, op: str) -> list:
        self._ask(op)
        return self._answers()

    def finish(self):
        """Ask the workers to end their parts since the last commit; the
        callable returned waits for them (None: a part with nothing), so
        this process writes its own segment meanwhile."""
        self.full = False
        if not self.workers:
            return list
        self._ask("finish")
        return self._answers

    def cancel(self) -> None:
        if not self.workers:
            return
        try:
            self._all("cancel")
        except BaseException:
            self.kill()

    def close(self) -> None:
        self._kill_spare()
        for w in self.workers:
            if w.failed or w.proc.poll() is not None:
                w.kill()
            else:
                w.close()
        self.workers = []

    def kill(self) -> None:
        self._kill_spare()
        for w in self.workers:
            w.kill()
        self.workers = []

    def _kill_spare(self) -> None:
        spare, self._spare = self._spare, []
        for w in spare:  # it holds nothing: no part, no articles
            w.kill()
