"""Shared helpers of the benchmark: corpus slicing and streaming, documents as
the baselines see them, and the measurements (peak RSS of a child process tree,
index size on disk, median and p95).

Nothing here imports a search engine, so the parent process of `bench.run`
stays small and its own memory never counts against a system.

The corpus is read where it lies, `../shared/corpus` relative to the repository
(override with `BENCH_CORPUS_DIR` or `--corpus-dir`). It is never copied into
the project: a slice of the first N lines is streamed into the benchmark's own
scratch directory (outside the repository), and the whole file is used in place.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS_DIR = REPO.parent / "shared" / "corpus"

CORPORA = {
    "leestmeer": Path("leestmeer") / "leestmeer_posts.jsonl",
    "dpgmedia": Path("dpgmedia2019") / "dpgMedia2019-articles-byarticle-all.jsonl",
}


def corpus_dir(override: str | None = None) -> Path:
    return Path(override or os.environ.get("BENCH_CORPUS_DIR") or DEFAULT_CORPUS_DIR)


def corpus_path(name: str, override_dir: str | None = None) -> Path:
    try:
        rel = CORPORA[name]
    except KeyError:
        raise SystemExit(f"unknown corpus {name!r}; choose from {', '.join(CORPORA)}")
    path = corpus_dir(override_dir) / rel
    if not path.is_file():
        raise SystemExit(f"corpus file not found: {path}")
    return path


def prepare_slice(src: Path, size: int | None, workdir: Path) -> tuple[Path, int]:
    """The JSON Lines file to index and its number of records.

    `size=None` means the whole file, used in place. Otherwise the first `size`
    non-blank lines are streamed, line by line, into `workdir` (the benchmark's
    scratch directory, never the repository).
    """
    if size is None:
        with open(src, "rb") as f:
            return src, sum(1 for line in f if line.strip())
    dest = workdir / f"{src.stem}-first{size}.jsonl"
    n = 0
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        for line in fin:
            if not line.strip():
                continue
            if n >= size:
                break
            fout.write(line if line.endswith(b"\n") else line + b"\n")
            n += 1
    return dest, n


# --------------------------------------------------------------------------
# Documents as the baselines index them: no extraction, tags stripped cheaply.

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


@dataclass
class Doc:
    id: str
    title: str
    body: str
    source: str = ""
    month: str = ""
    categories: list[str] = field(default_factory=list)


def strip_tags(text: str) -> str:
    """Cheap regex tag stripping plus entity unescaping (no extraction)."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return _SPACE.sub(" ", text)


def month_of(date: object) -> str:
    if isinstance(date, str):
        m = _MONTH.match(date)
        if m:
            return f"{m.group(1)}-{m.group(2)}"
    return ""


def to_doc(rec: dict, lineno: int) -> Doc:
    """Either corpus's record as a `Doc` (leestmeer: body/date/source/
    categories; dpgmedia2019: text/published_at, no source or categories)."""
    body = rec.get("body")
    if body is None:
        body = rec.get("text")
    cats = rec.get("categories") or []
    if isinstance(cats, str):
        cats = [cats]
    return Doc(
        id=str(rec.get("id") if rec.get("id") is not None else lineno),
        title=strip_tags(rec.get("title") or ""),
        body=strip_tags(body or ""),
        source=str(rec.get("source") or ""),
        month=month_of(rec.get("date") or rec.get("published_at")),
        categories=[str(c) for c in cats if c],
    )


def iter_docs(path: str | os.PathLike) -> Iterator[Doc]:
    """Stream `Doc`s from a JSON Lines file, one line at a time."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                yield to_doc(json.loads(line), lineno)


# --------------------------------------------------------------------------
# Statistics.


def percentile(values: list[float], p: float) -> float | None:
    """Linear-interpolated percentile (p in 0..100); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    if lo == hi:
        return xs[lo]
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def median(values: list[float]) -> float | None:
    return percentile(values, 50)


def p95(values: list[float]) -> float | None:
    return percentile(values, 95)


# --------------------------------------------------------------------------
# Disk and memory.


def dir_size(path: str | os.PathLike) -> int:
    """Bytes of all regular files under `path` (or of `path` itself)."""
    p = Path(path)
    if p.is_file():
        return p.stat().st_size
    total = 0
    for root, _dirs, files in os.walk(p):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except FileNotFoundError:
                pass
    return total


def self_peak_rss_kb() -> int:
    """This process's own high-water RSS (VmHWM), in KiB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    kids.extend(int(x) for x in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return kids


def tree_rss_kb(pid: int) -> int:
    """Current RSS of `pid` plus all its descendants, in KiB."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kb(p)
        stack.extend(_children(p))
    return total


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process tree until stopped; keeps the peak.

    Complements the kernel's ru_maxrss (exact, but the maximum of single
    processes, not their sum) for systems that index with worker processes.
    """

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class ChildRun:
    result: dict
    wall_s: float
    maxrss_kb: int  # ru_maxrss of the child (largest single process of its tree)
    tree_peak_kb: int  # sampled peak of the summed RSS of the child's tree
    cpu_s: float = 0.0  # user + system CPU of the child and its waited-for descendants

    @property
    def peak_rss_mb(self) -> float:
        own = int(self.result.get("vmhwm_kb") or 0)
        return max(self.maxrss_kb, self.tree_peak_kb, own) / 1024.0


def run_child(argv: list[str], out_json: Path, timeout: float | None = None,
              log: Path | None = None) -> ChildRun:
    """Run `python -m bench.run --child ...` in a fresh process from the repo
    root; the child writes its result to `out_json`. Peak RSS comes from
    wait4()'s rusage of that very child plus a sampled tree sum."""
    if out_json.exists():
        out_json.unlink()
    cmd = [sys.executable, "-m", "bench.run", "--child", *argv, "--out", str(out_json)]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    logf = open(log, "ab") if log else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=logf, stderr=logf)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        deadline = None if timeout is None else t0 + timeout
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                pid, status, ru = os.wait4(proc.pid, 0)
                sampler.stop()
                raise RuntimeError(f"child timed out after {timeout}s: {' '.join(argv)}")
            time.sleep(0.01)
        wall = time.perf_counter() - t0
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            logf.close()
    if proc.returncode != 0 or not out_json.exists():
        hint = f"; see {log}" if log else ""
        raise RuntimeError(f"child failed (exit {proc.returncode}): {' '.join(argv)}{hint}")
    result = json.loads(out_json.read_text())
    return ChildRun(result, wall, ru.ru_maxrss, sampler.peak_kb, ru.ru_utime + ru.ru_stime)
