"""Whole `archive search` processes of one or more checkouts, alternately, on one index.

    python -m bench.search_process --index DIR [--checkout A --checkout B ...] [--runs 60]

What a user waits for: Python start-up, imports, opening the index, one
query with the three facets of the benchmark (actor, place, month,
`bench.archive_system.FACETS`), printing. Each sample is one fresh
`python -P -m archive search Q --index DIR --limit 10 --facet actor --facet
place --facet month` with the checkout on PYTHONPATH (the queries of
`bench.queries`, in turn), its output discarded; the checkouts take turns
sample by sample, so a shared machine's drift falls on all of them alike.
One untimed run of each first (the facet files of a fresh index are
written by its first search). Prints each checkout's median, 10th and 90th
percentile and its median's ratio to the first checkout's. Run `python -m
compileall -q archive` in every checkout first: with PYTHONDONTWRITEBYTECODE
set, a process compiles every module it imports that has no cached bytecode.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from bench.archive_system import FACETS
from bench.queries import QUERIES


def argv(index: str, query: str) -> list[str]:
    out = [sys.executable, "-P", "-m", "archive", "search", query, "--index", index, "--limit", "10"]
    for f in FACETS:
        out += ["--facet", f]
    return out


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main(args=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--index", required=True)
    p.add_argument("--checkout", action="append",
                   help="a checkout of archive (repeatable; default: this one)")
    p.add_argument("--runs", type=int, default=60, help="timed processes per checkout")
    p.add_argument("--by-query", action="store_true", help="also each query's median per checkout")
    a = p.parse_args(args)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    checkouts = [os.path.abspath(c) for c in (a.checkout or [here])]
    envs = [{**os.environ, "PYTHONPATH": c} for c in checkouts]
    for env in envs:
        subprocess.run(argv(a.index, QUERIES[0]), env=env, capture_output=True, check=True)
    samples: list[list[float]] = [[] for _ in checkouts]
    per_query: dict[str, list[list[float]]] = {}
    for k in range(a.runs):
        q = QUERIES[k % len(QUERIES)]
        order = range(len(checkouts)) if k % 2 == 0 else reversed(range(len(checkouts)))
        for i in order:
            t = time.perf_counter()
            proc = subprocess.run(argv(a.index, q), env=envs[i], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
            samples[i].append((time.perf_counter() - t) * 1000.0)
            per_query.setdefault(q, [[] for _ in checkouts])[i].append(samples[i][-1])
            if proc.returncode != 0:
                print(f"{checkouts[i]}: {q!r} exited {proc.returncode}: {proc.stderr.decode()[-500:]}",
                      file=sys.stderr)
                return 1
    base = statistics.median(samples[0])
    print(f"index {a.index}, {a.runs} processes each, load {os.getloadavg()[0]:.1f}")
    for c, s in zip(checkouts, samples):
        m = statistics.median(s)
        print(f"{c}: median {m:.1f} ms (p10 {pct(s, 0.1):.1f}, p90 {pct(s, 0.9):.1f}), {m / base:.2f}x")
    if a.by_query:
        for q, per in per_query.items():
            print(f"  {q!r:45s} " + "  ".join(f"{statistics.median(v):6.1f}" for v in per))
    return 0


if __name__ == "__main__":
    sys.exit(main())
