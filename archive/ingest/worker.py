"""Where a worker process of a parallel ingest runs: its main loop.

`archive.ingest.remote` starts each worker as `python -P -c "from
archive.ingest.worker import _worker_main; _worker_main()" RFD WFD PID`,
a plain subprocess fed pickled messages over two pipes:

- `("init", worker, part, aliases)`: its number, the engine's `Part` recipe
  (`archive.index.backend`) and the pickled alias table;
- `("extract", [(seq, raw), ...])`: extract each record, keep the article
  and its prepared document under `seq`, answer `("extracted", summaries)`;
- `("index", assign, articles, drops)`: add held articles with their
  decided paths and mark (`assign`), articles sent whole, forget `drops`;
  answers `("full", None)` once when the part reached its memory budget;
- `("finish",)`: end the part, answer `("finished", token)` for the main
  process's commit; `("cancel",)`: throw it away; `("stop",)`: exit.

It knows only the seam: what the part recipe gives.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys

from archive.document import Article
from archive.ingest.articles import document_for, extract, summary

#: A worker's young-generation GC threshold (Python's default: 700).
GC_THRESHOLD = (10_000, 10, 10)


def _worker_main() -> None:
    """Entry point of a worker subprocess: argv holds its two pipe fds and the
    parent's pid. Messages are pickled tuples (see `WorkerState`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    rfd, wfd, parent = (int(a) for a in sys.argv[1:4])
    try:  # Linux: die with the parent, so a killed ingest leaves no orphan
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != parent:
        os._exit(1)
    from multiprocessing.connection import Connection

    inbox = Connection(rfd, writable=False)
    outbox = Connection(wfd, readable=False)
    _quiet_gc()
    state = WorkerState()
    while True:
        try:
            msg = pickle.loads(inbox.recv_bytes())
        except (EOFError, OSError):
            state.cancel()
            return
        try:
            reply = state.handle(msg)
        except BaseException:
            import traceback

            try:
                outbox.send_bytes(pickle.dumps(("fatal", traceback.format_exc())))
            finally:
                state.cancel()
                os._exit(1)
        if reply == "stop":
            state.cancel()
            # Nothing left to write (its segments are on disk, fsynced, and
            # committed by the main process): skip the interpreter's
            # teardown, which frees the gazetteers object by object while
            # the main process waits (about 40 ms at the end of every ingest).
            sys.stderr.flush()
            os._exit(0)
        if reply is not None:
            outbox.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def _quiet_gc() -> None:
    """Keep the cyclic garbage collector off what a worker holds for good.

    A worker's heap is mostly long-lived: the gazetteers (loaded here, once)
    and, growing all round, the posting buffer. Python's full collections
    walk all of it, and with the default thresholds a 17k ingest spent about
    1.2 s per worker in the collector (0.8 s of it in five full passes).
    Frozen resources and a larger young generation bring that to about
    0.4 s; bs4's cyclic trees are still collected, just in bigger batches.
    Only worker processes do this: they are ours alone."""
    import gc

    from archive.extract.entities import load_resources

    load_resources()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


_TRIM: list = []


def release_memory() -> None:
    """After a round's segment is written: give the freed posting buffer back
    to the system (glibc's `malloc_trim`; elsewhere nothing). Python keeps
    the pages of freed large blocks otherwise, and each round's buffer is
    laid out a little differently, so a long ingest's memory crept up round
    by round."""
    if not _TRIM:
        try:
            import ctypes

            _TRIM.append(ctypes.CDLL(None).malloc_trim)
        except (OSError, AttributeError):
            _TRIM.append(None)
    if _TRIM[0] is not None:
        _TRIM[0](0)


class WorkerState:
    """What one worker holds between messages: its extracted articles and
    the part it is writing this round."""

    def __init__(self) -> None:
        self.recipe = None
        self.aliases = None
        self.held: dict[int, tuple[Article, object]] = {}
        self.part = None
        self.widx = 0
        self.full = False

    def handle(self, msg):
        op = msg[0]
        if op == "init":
            _, self.widx, self.recipe, aliases = msg
            self.aliases = pickle.loads(aliases)
            return None
        if op == "extract":
            out = []
            prepare = self.recipe.prepare
            for seq, raw in msg[1]:
                res, held = summary(seq, self.widx, prepare, *extract(raw, self.aliases))
                if held is not None:
                    self.held[seq] = held
                out.append(res)
            return ("extracted", out)
        if op == "index":
            _, assign, articles, drops = msg
            for seq in drops:
                self.held.pop(seq, None)
            if assign or articles:
                self._add(assign, articles)
                if not self.full and self.part.full():
                    self.full = True
                    return ("full", None)  # the main process commits the round soon
            return None
        if op == "finish":
            token = None
            self.full = False
            if self.part is not None:
                part, self.part = self.part, None
                token = part.finish()
                del part
                release_memory()
            return ("finished", token)
        if op == "cancel":
            self.cancel()
            return ("cancelled", None)
        if op == "stop":
            return "stop"
        raise ValueError(f"unknown message {op!r}")

    def _add(self, assign, articles) -> None:
        if self.part is None:
            self.part = self.recipe.open()
        add = self.part.add
        prepare = self.recipe.prepare
        for seq, paths, dup in assign:
            add(document_for(self.held.pop(seq), paths, dup, prepare))
        for art in articles:
            add(prepare(art)[0])

    def cancel(self) -> None:
        self.held.clear()
        self.full = False
        if self.part is not None:
            part, self.part = self.part, None
            part.cancel()
