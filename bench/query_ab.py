"""Warm query medians of two checkouts of archive, alternately, one process each.

    python -m bench.query_ab CHECKOUT_A INDEX_A CHECKOUT_B INDEX_B [--rounds 3] [--facets]

Each process imports `archive` from its checkout, opens its index, runs the
36 benchmark queries once (warm-up), then 5 timed passes, and prints the
median of `Archive.search(q, limit=10)` (hits' titles read). Alternating
the two cancels most of a shared machine's drift.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

_CHILD = r"""
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
from archive import Archive
from bench.queries import QUERIES
arc = Archive(sys.argv[2])
facets = ("actor", "place", "month") if sys.argv[3] == "1" else ()
for q in QUERIES:
    arc.search(q, limit=10, facets=facets)
ts = []
for _ in range(5):
    for q in QUERIES:
        t = time.perf_counter()
        for h in arc.search(q, limit=10, facets=facets).hits:
            h.title
        ts.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(ts):.2f}")
"""


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("a")
    p.add_argument("index_a")
    p.add_argument("b")
    p.add_argument("index_b")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--facets", action="store_true")
    args = p.parse_args(argv)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": repo}
    for r in range(args.rounds):
        row = []
        for code, index in ((args.a, args.index_a), (args.b, args.index_b)):
            out = subprocess.run([sys.executable, "-P", "-c", _CHILD, os.path.abspath(code), index,
                                  "1" if args.facets else "0"], env=env, capture_output=True, text=True, check=True)
            row.append(out.stdout.strip())
        print(f"round {r + 1}: A {row[0]} ms, B {row[1]} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
