"""Real processes: SIGKILL and SIGINT in the middle of an ingest, the writer
lock (waiting, time-out, a dead holder), searches while an ingest writes, and
the progress bar on a terminal. No timing is asserted: tests wait for states
(a first commit, an exit), with generous time limits only against hangs."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from archive import Archive
from archive.errors import IndexMissing
from archive.index import lock as take_lock
from archive.ingest.pool import PARALLEL_BYTES

from .conftest import ROOT
from .test_ingest import body_text, cli, index_files, stored_docs, write_article, write_jsonl

HANG = 120  # seconds: only a hung process takes this long


def corpus(path: Path, n: int, paragraphs: int = 1) -> Path:
    return write_jsonl(path, ({"id": f"k{i}", "title": f"Melding {i}", "text": body_text(i, paragraphs=paragraphs)}
                              for i in range(n)))


def start(*args, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "archive", *map(str, args)],
                            cwd=ROOT, env=env,
                            stdout=kw.pop("stdout", subprocess.PIPE), stderr=kw.pop("stderr", subprocess.PIPE),
                            text=kw.pop("text", True), **kw)


def count(index: Path) -> int:
    try:
        return Archive(index).count()
    except IndexMissing:  # not created yet (anything else is a failure)
        return 0


def wait_for(cond, proc: subprocess.Popen, what: str):
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"the ingest ended before {what}: {proc.communicate()}")
        time.sleep(0.02)
    proc.send_signal(signal.SIGABRT)  # faulthandler prints where it hangs
    out, err = proc.communicate(timeout=HANG)
    pytest.fail(f"timed out waiting for {what}; the ingest's stderr:\n{err[-5000:]}")


def workers_of(pid: int) -> list[int]:
    """Live ingest worker processes started by process `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            state = Path(f"/proc/{entry}/stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if b"_worker_main" in b" ".join(argv) and argv[-2:-1] == [str(pid).encode()] and state != "Z":
            found.append(int(entry))
    return found


def test_sigkill_leaves_the_last_commit_and_a_rerun_completes(tmp_path):
    # Three paragraphs a record: about 0.9 MB, above the size that starts a
    # worker (`archive.ingest.pool.PARALLEL_BYTES`).
    src, index = corpus(tmp_path / "feed.jsonl", 900, paragraphs=3), tmp_path / "index"
    assert src.stat().st_size > PARALLEL_BYTES
    proc = start("ingest", src, "--index", index, "--commit-every", 50, "--jobs", 2, "--quiet")
    wait_for(lambda: workers_of(proc.pid) and count(index) >= 50, proc, "workers and a first commit")
    proc.send_signal(signal.SIGKILL)
    proc.wait(HANG)
    # The workers die with it (they held no lock, and must not keep writing).
    deadline = time.monotonic() + 30
    while workers_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not workers_of(proc.pid)
    committed = count(index)
    assert 50 <= committed < 900
    assert Archive(index).search("Melding", limit=1).total == committed
    assert Archive(index).check(quick=True).ok
    # The dead process's lock is gone: the same command finishes the job.
    again = start("ingest", src, "--index", index, "--format", "json", "--jobs", 1)
    out, err = again.communicate(timeout=HANG)
    assert again.returncode == 0, err
    report = json.loads(out)
    assert report["unchanged"] == committed and report["added"] == 900 - committed
    assert set(stored_docs(index)) == {f"k{i}" for i in range(900)}


def test_sigint_commits_the_batch_and_reports_it(tmp_path):
    src, index = corpus(tmp_path / "feed.jsonl", 600), tmp_path / "index"
    proc = start("ingest", src, "--index", index, "--commit-every", 50, "--jobs", 1)
    wait_for(lambda: count(index) >= 50, proc, "a first commit")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=HANG)
    assert proc.returncode == 130, err
    m = re.search(r"interrupted: (\d+) articles committed", err)
    assert m, err
    assert "Traceback" not in err
    committed = int(m.group(1))
    assert 50 <= committed < 600
    assert count(index) == committed
    again = start("ingest", src, "--index", index, "--format", "json")
    out, err = again.communicate(timeout=HANG)
    report = json.loads(out)
    assert (report["unchanged"], report["added"], again.returncode) == (committed, 600 - committed, 0)


def test_interrupted_rebuild_leaves_the_old_index(tmp_path, seeds):
    src, index = corpus(tmp_path / "feed.jsonl", 600), tmp_path / "index"
    Archive(index).ingest([seeds])
    proc = start("ingest", src, "--index", index, "--rebuild", "--commit-every", 50, "--jobs", 1)
    fresh = lambda: [p for p in tmp_path.glob(".index.rebuild-*") if count(p) >= 50]  # noqa: E731
    wait_for(fresh, proc, "the fresh index's first commit")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=HANG)
    assert proc.returncode == 130, err
    assert "the rebuild was discarded, the index is as it was" in err
    assert count(index) == 2 and not list(tmp_path.glob(".index.*"))


def test_lock_timeout_exits_clearly_with_nothing_written(tmp_path, seeds):
    index = tmp_path / "index"
    Archive(index).ingest([seeds])
    before = index_files(index)
    extra = write_article(tmp_path / "more" / "x.txt", 3)
    lock = take_lock(index, timeout=1)  # another writer holds the lock
    try:
        result = cli("ingest", extra, "--index", index, "--lock-timeout", 0.3, ok=(1,))
    finally:
        lock.release()
    assert "waiting for another process" in result.stderr
    assert "another process is writing" in result.stderr and "--lock-timeout" in result.stderr
    assert "Traceback" not in result.output
    assert index_files(index) == before
    lock = take_lock(index, timeout=1)
    try:  # a script asking for JSON gets the reason on stdout too
        result = cli("ingest", extra, "--index", index, "--lock-timeout", 0.1, "--format", "json", ok=(1,))
    finally:
        lock.release()
    out = json.loads(result.stdout)
    assert out["exit_code"] == 1 and "another process is writing" in out["error"]
    assert cli("ingest", extra, "--index", index).exit_code == 0
    assert count(index) == 3


def test_two_ingests_both_finish_and_searches_see_commits(tmp_path):
    # Long enough that the second ingest (a fresh process) meets the lock held.
    n = 3000
    src, index = corpus(tmp_path / "big.jsonl", n), tmp_path / "index"
    small = [write_article(tmp_path / "small" / f"{i}.txt", 10_000 + i) for i in range(3)]
    first = start("ingest", src, "--index", index, "--commit-every", 50, "--jobs", 1, "--quiet")
    wait_for(lambda: count(index) >= 50, first, "a first commit")
    second = start("ingest", tmp_path / "small", "--index", index, "--lock-timeout", HANG)
    seen = []
    while first.poll() is None:  # searches keep working and see committed states only
        total = Archive(index).search("Melding", limit=1).total
        assert total % 50 == 0 or total == n, total
        seen.append(total)
        time.sleep(0.05)
    out1, err1 = first.communicate(timeout=HANG)
    out2, err2 = second.communicate(timeout=HANG)
    assert (first.returncode, second.returncode) == (0, 0), (err1, err2)
    assert "waiting for another process to finish writing the index" in err2
    assert "3 added" in out2
    assert seen == sorted(seen) and len(set(seen)) >= 2
    assert count(index) == n + 3
    assert {Path(p).name for d in stored_docs(index).values() for p in d["paths"].split("\n")} >= \
        {p.name for p in small}


def _run_on_terminal(*args) -> tuple[int, str]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = start(*args, stdout=subprocess.DEVNULL, stderr=slave, text=False)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(HANG)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path):
    # Enough articles that the bar is redrawn (every 0.25 s) before the end:
    # 400 took under half a second once extraction got faster.
    src = corpus(tmp_path / "feed.jsonl", 3000)
    code, shown = _run_on_terminal("ingest", src, "--index", tmp_path / "a", "--jobs", 1)
    assert code == 0, shown
    # articles done / total, elapsed < remaining (ETA), and the rate
    assert re.search(r"\d+/3000 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ articles/s\]", shown), shown
    small = corpus(tmp_path / "small.jsonl", 20)
    code, quiet = _run_on_terminal("ingest", small, "--index", tmp_path / "b", "--jobs", 1, "--quiet")
    assert code == 0 and "articles" not in quiet and "%|" not in quiet
    piped = start("ingest", small, "--index", tmp_path / "c", "--jobs", 1)
    out, err = piped.communicate(timeout=HANG)
    assert piped.returncode == 0 and "articles/s" not in err and "%|" not in err
    assert "20 added" in out
