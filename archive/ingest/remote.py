"""The main process's end of one worker subprocess (the worker's side: `archive.ingest.worker`).

A worker is a plain `python -P -c ...` subprocess, not `multiprocessing`:
it starts without re-importing the caller's `__main__`, in its own process
group (a Ctrl-C reaches only the main process, which decides), and dies
with its parent (Linux `PR_SET_PDEATHSIG`). Two threads per worker move
pickled messages over its pipes, so the main process never blocks on a
full pipe; replies land in one queue shared by all workers.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path

from archive.errors import ArchiveError

#: How a worker process starts: `archive.ingest.worker` holds its main loop.
WORKER_COMMAND = "from archive.ingest.worker import _worker_main; _worker_main()"


class WorkerDied(ArchiveError):
    pass


class Remote:
    """The main process's end of one worker subprocess."""

    def __init__(self, idx: int, results: "queue.SimpleQueue") -> None:
        from multiprocessing.connection import Connection

        self.idx = idx
        self.chunks: deque[list] = deque()  # extract chunks in flight, oldest first
        r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])  # the folder that holds the archive package
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-P", "-c", WORKER_COMMAND,
                 str(r1), str(w2), str(os.getpid())],
                pass_fds=(r1, w2), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                env=env, process_group=0,
            )
        finally:
            os.close(r1)
            os.close(w2)
        self.out = Connection(w1, readable=False)
        self.inp = Connection(r2, writable=False)
        self.sendq: queue.SimpleQueue = queue.SimpleQueue()
        self.results = results
        self.failed: str | None = None
        self.sender = threading.Thread(target=self._send_loop, daemon=True)
        self.receiver = threading.Thread(target=self._recv_loop, daemon=True)
        self.sender.start()
        self.receiver.start()

    def send(self, msg) -> None:
        self.sendq.put(pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL))

    def _send_loop(self) -> None:
        while True:
            data = self.sendq.get()
            if data is None:
                break
            try:
                self.out.send_bytes(data)
            except OSError:
                break
        try:
            self.out.close()
        except OSError:
            pass

    def _recv_loop(self) -> None:
        while True:
            try:
                msg = pickle.loads(self.inp.recv_bytes())
            except (EOFError, OSError):
                self.results.put((self.idx, ("eof", None)))
                return
            self.results.put((self.idx, msg))

    def close(self, timeout: float = 10.0) -> None:
        self.sendq.put(pickle.dumps(("stop",)))
        self.sendq.put(None)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:
            self.inp.close()
        except OSError:
            pass

    def kill(self) -> None:
        self.sendq.put(None)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        try:
            self.inp.close()
        except OSError:
            pass
