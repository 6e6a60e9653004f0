"""CPU time and output of `extract_entities`, one tree against another.

    python -m bench.entities_speed units            # build the text units once
    python -m bench.entities_speed compare A B      # outputs of trees A and B, all records
    python -m bench.entities_speed time A B --rounds 5

`units` builds the text units the way ingest does (`read_file`,
`build_article`, `text_units`) for the first 17,000 leestmeer records and
all of DpgMedia2019 and pickles them outside the repository
(`$BENCH_ENTITY_UNITS`, default `/tmp/entity-units.pickle`), so every
later run times only the extractor. `compare` runs each tree (a checkout
of this repository) in its own process and checks that `extract_entities`
and `find_mentions` give the same for every record. `time` runs one fresh
process per tree and round, alternating A, B, A, B, ... (the machine is
noisy: both in the same run), each timing one pass of `extract_entities`
over all units in CPU time after the gazetteers are loaded; it prints the
median per tree.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

UNITS = Path(os.environ.get("BENCH_ENTITY_UNITS", "/tmp/entity-units.pickle"))
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SOURCES = (("leestmeer/leestmeer_posts.jsonl", 17_000),
           ("dpgmedia2019/dpgMedia2019-articles-byarticle-all.jsonl", None))


def build_units() -> None:
    """Text units of every record that holds an article, in corpus order."""
    from archive.extract.core import build_article
    from archive.extract.pipeline import text_units
    from archive.read.formats import RawRecord, read_file

    out: list[list[str]] = []
    for rel, limit in SOURCES:
        n = 0
        for rec in read_file(str(CORPUS / rel)):
            if limit is not None and n >= limit:
                break
            n += 1
            if not isinstance(rec, RawRecord):
                continue
            try:
                out.append(text_units(build_article(rec)))
            except Exception:
                continue  # no article in it: ingest skips it too
    UNITS.write_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    print(f"{len(out)} articles -> {UNITS}")


def child_time() -> None:
    """One timed pass (in the tree on PYTHONPATH); prints CPU seconds."""
    from archive.extract.entities import extract_entities, load_resources

    units = pickle.loads(UNITS.read_bytes())
    load_resources()
    extract_entities(["Warming up in Amsterdam met Jan de Vries."])
    t0 = time.process_time()
    for us in units:
        extract_entities(us)
    print(time.process_time() - t0)


def child_dump(out: str) -> None:
    """Everything the extractor gives for every record, pickled to `out`."""
    from archive.extract.entities import extract_entities, find_mentions

    units = pickle.loads(UNITS.read_bytes())
    res = []
    for us in units:
        res.append((extract_entities(us), find_mentions("\n".join(us))))
    Path(out).write_bytes(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))


def _run_child(tree: str, *args: str) -> str:
    """This file as a script in a fresh process that imports `archive`
    from `tree` (run from /tmp, so neither the current folder nor this
    repository comes first on the path)."""
    env = dict(os.environ, PYTHONPATH=os.path.abspath(tree))
    return subprocess.run([sys.executable, __file__, *args], env=env, cwd="/tmp",
                          check=True, capture_output=True, text=True).stdout


def compare(a: str, b: str) -> int:
    outs = []
    for k, tree in enumerate((a, b)):
        path = f"/tmp/entity-out-{k}.pickle"
        _run_child(tree, "child-dump", path)
        outs.append(pickle.loads(Path(path).read_bytes()))
    bad = [k for k, (x, y) in enumerate(zip(*outs)) if x != y]
    print(f"{len(outs[0])} records compared, {len(bad)} differ"
          + (f" (first: {bad[:10]})" if bad else ""))
    return 1 if bad or len(outs[0]) != len(outs[1]) else 0


def timing(trees: list[str], rounds: int) -> None:
    times: dict[str, list[float]] = {t: [] for t in trees}
    for r in range(rounds):
        for tree in trees if r % 2 == 0 else trees[::-1]:
            times[tree].append(float(_run_child(tree, "child-time").split()[-1]))
            print(f"round {r + 1} {tree}: {times[tree][-1]:.2f} s", flush=True)
    base = statistics.median(times[trees[0]])
    for tree in trees:
        med = statistics.median(times[tree])
        print(f"{tree}: median {med:.2f} s CPU over {rounds} rounds "
              f"({(1 - med / base) * 100:+.1f}% less than {trees[0]})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("units")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    t = sub.add_parser("time")
    t.add_argument("trees", nargs="+")
    t.add_argument("--rounds", type=int, default=5)
    sub.add_parser("child-time")
    sub.add_parser("child-dump").add_argument("out")
    args = ap.parse_args()
    if args.cmd == "child-time":
        child_time()
        return 0
    if args.cmd == "child-dump":
        child_dump(args.out)
        return 0
    if args.cmd == "units":
        build_units()
        return 0
    if args.cmd == "compare":
        return compare(args.a, args.b)
    timing(args.trees, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
