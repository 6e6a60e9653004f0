"""The session: one `archive ingest` into one writer, driven in rounds.

The main process reads the input (`archive.ingest.inputs`), hands records to
the pool to be extracted (`archive.ingest.pool`), and takes them back in
input order as tickets, each decided (`archive.ingest.decide`) on the
round's ledger (`archive.ingest.ledger`). Decided articles wait a while
(`_WINDOW` articles) before they are sent to be indexed, so a copy of a
file met soon after is merged into one document for free. A round is
committed when `commit_every` articles were written or a writer's postings
reached their budget; changes that had to wait for it are made in the next
round. Memory stays bounded: the input is streamed, workers hold a few
hundred articles at a time.

`run_session` runs one under the Ctrl-C guard: the first SIGINT commits
what is finished and stops, a second discards the current round at once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from contextlib import contextmanager
from typing import Callable

from archive.ingest.articles import Extracted, document_for
from archive.ingest.decide import Decisions
from archive.ingest.inputs import count_inputs, input_bytes, walk, with_dictionary
from archive.ingest.ledger import Ledger
from archive.ingest.pool import PARALLEL_BYTES, Pool, Slot
from archive.ingest.prune import Pruner
from archive.ingest.report import IngestReport, Progress, Tally
from archive.ingest.worker import GC_THRESHOLD, release_memory
from archive.read.formats import RawRecord
from archive.read.sources import InputError, normalise_path

# Decided articles wait this long (in articles) before they are indexed, so a
# copy of a file met soon after it is merged into one document for free.
_WINDOW = 256
_FLUSH_GROUP = 64
_CHUNK = 16
# Inputs read ahead of the oldest one still being extracted by a worker (at
# least, and always four times what the workers may hold: at the limit this
# process only waits, so the limit must stay far above the workers' backlog).
_AHEAD = 512


class Stop:
    """Set by the first Ctrl-C: finish (commit) the current round and stop."""

    def __init__(self) -> None:
        self.requested = False
        self.presses = 0


class Session:
    """One ingest through one writer: the tickets in input order, the
    round's flushes and commits. The pieces it drives: `pool` (extraction
    and indexing), `decide` (each input's fate), `ledger` (the round's
    bookkeeping), `pruner` (`--prune`), `tally` (the counts)."""

    def __init__(self, writer, *, aliases, jobs: int, commit_every: int, prune: bool,
                 progress, stop: Stop, min_parallel: int | None, skip_dirs: tuple[str, ...]) -> None:
        self.writer = writer
        self.tally = Tally()
        self.commit_every = max(1, commit_every)
        self.prune = prune
        self.progress = progress
        self.stop = stop
        self.skip = tuple(d.rstrip(os.sep) + os.sep for d in skip_dirs)
        self.pool = Pool(writer, aliases, jobs, min_parallel)
        self.ledger = Ledger(writer, self.pool.discard)
        self.pruner = Pruner(self.ledger, self.tally, prune)
        self.decide = Decisions(self.ledger, self.pool, self.tally, self.pruner)
        self.tickets: deque = deque()
        self.buf: list[Slot] = []
        self.done = 0
        self.total: list[int] = []
        self._last_progress = 0.0

    # -- driving --------------------------------------------------------
    def run(self, paths: list[str]) -> None:
        pool, stop = self.pool, self.stop
        self.decide.roots = [normalise_path(p) for p in paths]
        try:
            big = pool.jobs > 1 and not pool.remote and input_bytes(paths, PARALLEL_BYTES) >= PARALLEL_BYTES
            if big:
                pool.spawn()  # they import meanwhile
            inputs = walk(paths, self.skip, self.decide.order, self.tally.warnings)
            inputs = with_dictionary(inputs, self.writer.sampler(), paths)
            if big:
                pool.start()  # no article is extracted here before the workers have theirs
            for item in inputs:
                self._feed(item)
                if stop.requested:
                    break
            self._drain()
            self.decide.main_done = True
            self.commit()
            rounds = 0
            while self.ledger.deferred and not stop.requested and rounds < 5:
                rounds += 1
                self.decide.apply_deferred()
                self._drain()
                self.commit()
            if self.prune and not stop.requested:
                self.pruner.missing(paths)
                self.commit()
        except BaseException:
            self.cancel()
            raise
        finally:
            pool.close()
            self.writer.close()
            self._report_progress(force=True)

    def _feed(self, item) -> None:
        if isinstance(item, RawRecord):
            slot = Slot(item)
            if self.decide.needs_extraction(item):
                self.buf.append(slot)
                if not self.pool.remote or len(self.buf) >= _CHUNK:
                    self._submit()
            self.tickets.append(slot)
        elif isinstance(item, InputError):
            self.tickets.append(item)
        elif item[0] == "start":
            self.pruner.start(item[1])
        else:
            self.tickets.append(item)
        self._advance(block=False)

    def _submit(self) -> None:
        buf, self.buf = self.buf, []
        self.pool.submit(buf)

    def _advance(self, block: bool) -> None:
        """Handle tickets in input order, as far as their results are in."""
        pool, handle, led = self.pool, self.decide.handle, self.ledger
        while self.tickets:
            t = self.tickets[0]
            if isinstance(t, Slot) and t.result is None and (t.submitted or t in self.buf):
                if not t.submitted:
                    if not (block or len(self.buf) >= _CHUNK):
                        break
                    self._submit()
                if t.result is None:
                    pool.poll()
                if t.result is None:
                    # Not blocking: read on (what the workers have no room for
                    # is extracted here), as long as not too much waits behind it.
                    if not block and len(self.tickets) < max(_AHEAD, 4 * _CHUNK * pool.capacity()):
                        break
                    pool.wait(t)
            self.tickets.popleft()
            handle(t)
            if not isinstance(t, tuple):  # an input, not a file's end mark
                self.done += 1
            if self.progress is not None:
                self._report_progress()
            if len(led.pending) >= _WINDOW + _FLUSH_GROUP:
                self._flush(keep=_WINDOW)
        if self._round_full():
            if self.buf or self.tickets:
                self._drain()  # ends here again, with nothing left in flight
            else:
                self.commit()
                self.decide.apply_deferred()

    def _round_full(self) -> bool:
        """Time to commit: enough articles, or a writer's postings at their budget."""
        led = self.ledger
        return (led.written + len(led.pending) >= self.commit_every
                or self.pool.full or self.writer.full())

    def _drain(self) -> None:
        if self.buf:
            self._submit()
        self._advance(block=True)

    def _report_progress(self, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last_progress < 0.1:
            return
        self._last_progress = now
        total = self.total[0] if self.total else None
        self.progress(Progress(self.done, total, self.tally.committed))

    # -- committing -----------------------------------------------------
    def _flush(self, keep: int = 0) -> None:
        """Send decided articles (oldest first) to be indexed."""
        led, pool, writer = self.ledger, self.pool, self.writer
        pending = led.pending
        if len(pending) <= keep and not pool.drops:
            return
        groups: dict[int, tuple[list, list]] = {}
        while len(pending) > keep:
            aid = next(iter(pending))
            del pending[aid]
            e = led.entries[aid]
            src = e.source
            if isinstance(src, Extracted) and src.worker >= 0:
                groups.setdefault(src.worker, ([], []))[0].append((src.seq, e.paths, e.duplicate_of))
            else:
                if isinstance(src, Extracted):
                    held = pool.take_local(src.seq)
                elif isinstance(src, dict):
                    held = (writer.article(src), None)
                else:
                    held = (src, None)
                writer.add(document_for(held, e.paths, e.duplicate_of, writer.prepare))
            e.source = None
            e.loc = "sent"
            led.written += 1
        pool.send_index(groups)

    def commit(self) -> None:
        """Commit the round (with the workers' parts) and start the next."""
        self._flush(0)
        self.writer.commit(self.pool.finish())
        self.tally.committed += self.ledger.written
        self.tally.committed_now()
        self.ledger.new_round()
        release_memory()

    def cancel(self) -> None:
        try:
            self.pool.cancel()
        finally:
            self.writer.cancel()


@contextmanager
def _sigint_guard(stop: Stop, on_interrupt: Callable[[str], None] | None):
    """First Ctrl-C: finish (commit) the current batch and stop. Second:
    discard it at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        stop.presses += 1
        if stop.presses == 1:
            stop.requested = True
            if on_interrupt is not None:
                on_interrupt("interrupted: committing what is finished (Ctrl-C again to discard it)…")
        else:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _quiet_gc():
    """The workers' garbage-collector thresholds (`worker.GC_THRESHOLD`) in
    this process too while it extracts and indexes its share: with Python's
    default (700) the collector walked the growing posting buffer over and
    over, about 3% of this process's time. Restored after."""
    import gc

    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def run_session(writer, index, paths: list[str], *, prune: bool, skip: tuple[str, ...], aliases, jobs,
                commit_every, progress, min_parallel, on_interrupt) -> IngestReport:
    """Ingest `paths` through `writer` (the report names `index`): a session
    under the Ctrl-C guard, the input counted meanwhile for `progress`, and
    what the next search needs built once all is committed."""
    stop = Stop()
    session = Session(writer, aliases=aliases, jobs=jobs, commit_every=commit_every, prune=prune,
                      progress=progress, stop=stop, min_parallel=min_parallel, skip_dirs=skip)
    halt = threading.Event()
    if progress is not None:
        threading.Thread(target=count_inputs, args=(paths, session.total, halt), daemon=True).start()
    try:
        with _sigint_guard(stop, on_interrupt), _quiet_gc():
            session.run(paths)
    except KeyboardInterrupt:  # a second Ctrl-C: the current batch was discarded
        session.tally.discard_uncommitted()
        return session.tally.report(index, interrupted=True)
    finally:
        halt.set()
    if (session.tally.committed or session.tally.removed) and not stop.requested:
        try:
            writer.warm()  # e.g. facet arrays of the new segments: the next search is not the slow one
        except KeyboardInterrupt:
            pass  # everything is committed; the first search builds what is missing
    return session.tally.report(index, interrupted=stop.requested)
