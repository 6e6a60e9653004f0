"""CPU time of reading + `build_article`, and a dump to prove two trees give the same articles.

    python bench/extract_speed.py --dump out.txt INPUT...      # one line per record: repr or error
    python bench/extract_speed.py --time INPUT...              # CPU seconds: read, build
    python bench/extract_speed.py --ab OTHER_TREE --runs 5 INPUT...

Inputs are read the way ingest reads them (`iter_files` + `read_file`, as
`archive.ingest.inputs.walk` does), then every `RawRecord` goes through
`archive.extract.core.build_article`. `--root` puts a tree first on
`sys.path`, so one copy of this script times and dumps any checkout; `--ab`
runs this tree and OTHER_TREE in turn, alternating, each in a fresh process,
and prints the medians of their CPU times (the machine is shared and noisy:
only the same run, alternated, compares).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _items(paths):
    """Every ticket the read step gives for `paths`: RawRecords and InputErrors."""
    from archive.read.formats import read_file
    from archive.read.sources import InputError, Notice, iter_files

    for item in iter_files(paths):
        if isinstance(item, (InputError, Notice)):
            yield item
            continue
        try:
            yield from read_file(item)
        except Exception as e:  # as ingest reports a reader bug
            yield InputError(item, f"could not read ({type(e).__name__}: {e})")


def _built(raw):
    from archive.extract.core import build_article

    try:
        return repr(build_article(raw))
    except Exception as e:  # ExtractError and any bug alike: the message is the result
        return f"{type(e).__name__}: {e}"


def dump(paths, out) -> int:
    n = 0
    with open(out, "w", encoding="utf-8", errors="backslashreplace") as f:
        for item in _items(paths):
            n += 1
            if hasattr(item, "kind"):
                f.write(f"R {item!r}\nA {_built(item)}\n")
            else:
                f.write(f"E {item!r} {item}\n")
    return n


#: What extraction imports on first use (bs4 and lxml for the tree walk): not timed.
_MODULES = ("archive.read.formats", "archive.extract.core", "archive.extract.html.clean",
            "archive.extract.textlayout", "archive.extract.dates", "archive.extract.html.boilerplate",
            "archive.extract.html.meta", "archive.extract.html.walker", "bs4", "bs4.builder")


def timed(paths) -> tuple[float, float, int]:
    """(CPU seconds reading, CPU seconds building, records), after the
    modules are imported (an ingest imports them once, not per article)."""
    import importlib

    for name in _MODULES:
        importlib.import_module(name)
    from archive.extract.core import build_article

    c0 = time.process_time()
    items = list(_items(paths))
    c1 = time.process_time()
    n = 0
    for item in items:
        if hasattr(item, "kind"):
            n += 1
            try:
                build_article(item)
            except Exception:
                pass
    return c1 - c0, time.process_time() - c1, n


def ab(other: str, runs: int, paths) -> None:
    trees = {"this": REPO, "other": os.path.abspath(other)}
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in trees}
    for i in range(runs):
        for name in (list(trees) if i % 2 == 0 else list(trees)[::-1]):
            env = dict(os.environ, PYTHONPATH=trees[name])
            out = subprocess.run([sys.executable, __file__, "--root", trees[name], "--time", *paths],
                                 env=env, capture_output=True, text=True, check=True).stdout.split()
            got[name].append((float(out[0]), float(out[1])))
    for name, vals in got.items():
        read = statistics.median(v[0] for v in vals)
        build = statistics.median(v[1] for v in vals)
        total = statistics.median(v[0] + v[1] for v in vals)
        print(f"{name:5} {trees[name]}: read {read:.3f}s  build {build:.3f}s  total {total:.3f}s (median of {runs})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--root", default=REPO)
    ap.add_argument("--dump")
    ap.add_argument("--time", action="store_true")
    ap.add_argument("--ab")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, args.root)
    if args.ab:
        ab(args.ab, args.runs, args.paths)
    elif args.dump:
        print(dump(args.paths, args.dump), "items")
    else:
        read, build, n = timed(args.paths)
        print(f"{read:.4f} {build:.4f} {n}")


if __name__ == "__main__":
    main()
