"""One benchmark run: build and query every selected system on one corpus slice.

    python -m bench.run --corpus leestmeer --size 17000 --json bench-17k.json

(from the repository root; see bench/README.md). For every system, in this
order and each step in a fresh child process (so peak RSS is per system):

1. build: `System.build(docs_path, index_dir)`, timed inside the child;
   docs/s, peak RSS of the child's process tree, index size on disk.
2. warm queries: `open`, one untimed pass over all queries, then up to
   `--repeats` timed passes (stopping early once `--budget` seconds are spent,
   after at least one pass); first without facets, then with three facets.
3. first query: `--first-runs` fresh processes, each timing `open` plus one
   query (queries spread over the set); then as many again with facets. The OS page cache is warm (the index
   was just written); this is a fresh process, not a cold disk.

It prints one table with ratios to raw Whoosh and, with `--json OUT`, writes
every raw figure (per-query samples and hit counts included).

A system is any class with the `bench.baselines.System` interface, named in
`SYSTEMS` below or given as `module:Class` in `--systems`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.common import (
    corpus_path,
    dir_size,
    median,
    p95,
    prepare_slice,
    run_child,
    self_peak_rss_kb,
)
from bench.queries import QUERIES

# name -> "module:Class". `archive` is plugged in by its own module; it is
# skipped (with a note) while that module does not exist.
SYSTEMS = {
    "archive": "bench.archive_system:ArchiveSystem",
    "whoosh": "bench.baselines:WhooshSystem",
    "whoosh-2p": "bench.baselines:WhooshParallelSystem",
    "fts5": "bench.baselines:Fts5System",
    "tantivy": "bench.baselines:TantivySystem",
}
DEFAULT_SYSTEMS = "archive,whoosh,whoosh-2p,fts5,tantivy"
#: Ratios are to the best of these in the run, column by column (the fastest
#: build, the smallest index, the quickest query), so archive is never
#: measured against a weaker configuration of raw Whoosh than it could be.
REFERENCES = ("whoosh", "whoosh-2p")


def resolve(spec: str) -> str:
    return SYSTEMS.get(spec, spec)


def load_system(spec: str, build: bool = False):
    """The system named `spec`; for a build child, through the class's
    `for_build()` where it has one (a system that builds in a subprocess of
    its own need not load its query side into the process whose tree is
    measured)."""
    module, _, cls = resolve(spec).partition(":")
    klass = getattr(importlib.import_module(module), cls)
    return klass.for_build() if build and hasattr(klass, "for_build") else klass()


def available(spec: str) -> bool:
    module = resolve(spec).partition(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# --------------------------------------------------------------------------
# Child side.


def child_build(args) -> dict:
    system = load_system(args.system, build=True)
    t0 = time.perf_counter()
    stats = system.build(args.docs, args.index) or {}
    secs = time.perf_counter() - t0
    return {"build_s": secs, "stats": stats, "versions": system.versions()}


def _time_passes(system, facets: bool, repeats: int, budget: float) -> dict:
    hits = [system.query(q, facets=facets) for q in QUERIES]  # warm-up, untimed
    samples: list[list[float]] = [[] for _ in QUERIES]
    t_start = time.perf_counter()
    passes = 0
    while passes < repeats:
        for i, q in enumerate(QUERIES):
            t0 = time.perf_counter()
            system.query(q, facets=facets)
            samples[i].append((time.perf_counter() - t0) * 1000.0)
        passes += 1
        if time.perf_counter() - t_start > budget:
            break
    return {"hits": hits, "samples_ms": samples, "passes": passes}


def child_warm(args) -> dict:
    system = load_system(args.system)
    t0 = time.perf_counter()
    system.open(args.index)
    out = {"open_ms": (time.perf_counter() - t0) * 1000.0}
    for mode in args.modes.split(","):
        out[mode] = _time_passes(system, mode == "facets", args.repeats, args.budget)
    system.close()
    return out


def child_first(args) -> dict:
    t_import = time.perf_counter()
    system = load_system(args.system)
    t0 = time.perf_counter()
    system.open(args.index)
    t1 = time.perf_counter()
    hits = system.query(QUERIES[args.query_index], facets=args.facets)
    t2 = time.perf_counter()
    system.close()
    return {
        "query": QUERIES[args.query_index],
        "facets": args.facets,
        "hits": hits,
        "import_ms": (t0 - t_import) * 1000.0,
        "open_ms": (t1 - t0) * 1000.0,
        "query_ms": (t2 - t1) * 1000.0,
        "first_query_ms": (t2 - t0) * 1000.0,
    }


def child_optimize(args) -> dict:
    system = load_system(args.system)
    t0 = time.perf_counter()
    stats = system.optimize(args.index) or {}
    return {"optimize_s": time.perf_counter() - t0, "stats": stats}


def child_main(args) -> None:
    fn = {"build": child_build, "warm": child_warm, "first": child_first,
          "optimize": child_optimize}[args.child]
    result = fn(args)
    result["vmhwm_kb"] = self_peak_rss_kb()
    Path(args.out).write_text(json.dumps(result))


# --------------------------------------------------------------------------
# Parent side.


def bench_system(name, docs_path, n_docs, workdir: Path, args, log: Path) -> dict:
    sysdir = workdir / name.replace(":", "_").replace(".", "_")
    out = workdir / f"{sysdir.name}.json"
    rec: dict = {"system": name, "builds": []}
    index_dir = None
    for b in range(args.build_repeats):
        index_dir = sysdir / f"index{b}"
        if index_dir.exists():
            shutil.rmtree(index_dir)
        index_dir.mkdir(parents=True)
        print(f"[{name}] build {b + 1}/{args.build_repeats} ...", file=sys.stderr, flush=True)
        run = run_child(["build", "--system", name, "--docs", str(docs_path),
                         "--index", str(index_dir)], out, log=log)
        build = {
            "build_s": run.result["build_s"],
            "child_wall_s": run.wall_s,
            "child_cpu_s": run.cpu_s,
            "docs": run.result["stats"].get("docs"),
            "stats": run.result["stats"],
            "peak_rss_mb": run.peak_rss_mb,
            "maxrss_kb": run.maxrss_kb,
            "tree_peak_kb": run.tree_peak_kb,
            "vmhwm_kb": run.result.get("vmhwm_kb"),
            "index_bytes": dir_size(index_dir),
        }
        rec["versions"] = run.result.get("versions", {})
        rec["builds"].append(build)
        if b + 1 < args.build_repeats:
            shutil.rmtree(index_dir)
    builds = rec["builds"]
    docs = builds[-1]["docs"]
    if docs != n_docs:
        print(f"[{name}] warning: indexed {docs} of {n_docs} records", file=sys.stderr)
    rec["build"] = {
        "docs": docs,
        "build_s": median([b["build_s"] for b in builds]),
        "docs_per_s": median([b["docs"] / b["build_s"] for b in builds]),
        "peak_rss_mb": median([b["peak_rss_mb"] for b in builds]),
        "index_mb": builds[-1]["index_bytes"] / 1e6,
    }

    modes = [m for m in ("plain", "facets") if not (m == "facets" and args.no_facets)]
    _bench_queries(rec, name, index_dir, modes, out, log, args)
    system_cls = _system_class(name)
    if hasattr(system_cls, "cli_argv"):
        rec["cli"] = _bench_cli(system_cls, name, index_dir, args)
    if hasattr(system_cls, "optimize"):
        # The same queries again after merging the index into one segment.
        print(f"[{name}] optimize ...", file=sys.stderr, flush=True)
        run = run_child(["optimize", "--system", name, "--index", str(index_dir)], out, log=log)
        after: dict = {"optimize_s": run.result["optimize_s"], "index_mb": dir_size(index_dir) / 1e6,
                       "stats": run.result["stats"]}
        _bench_queries(after, name, index_dir, modes, out, log, args, label=f"{name} optimized")
        if hasattr(system_cls, "cli_argv"):
            after["cli"] = _bench_cli(system_cls, name, index_dir, args)
        rec["optimized"] = after
    if not args.keep:
        shutil.rmtree(sysdir, ignore_errors=True)
    return rec


def _system_class(name: str):
    module, _, cls = resolve(name).partition(":")
    return getattr(importlib.import_module(module), cls)


def _bench_cli(system_cls, name: str, index_dir: Path, args) -> dict:
    """Whole command-line processes (Python start-up, imports, opening the
    index, one query with facets, printing): what a user waits for."""
    import subprocess

    runs = []
    for k in range(max(args.first_runs, 3)):
        q = QUERIES[(k * len(QUERIES)) // max(args.first_runs, 3)]
        argv = system_cls.cli_argv(str(index_dir), q, facets=True)
        subprocess.run(argv, capture_output=True)  # the previous query's pages out of the way
        t0 = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True)
        runs.append({"query": q, "ms": (time.perf_counter() - t0) * 1000.0, "rc": proc.returncode})
    bad = [r for r in runs if r["rc"] != 0]
    if bad:
        print(f"[{name}] warning: {len(bad)} CLI runs failed", file=sys.stderr)
    return {"runs": runs, "median_ms": median([r["ms"] for r in runs]),
            "max_ms": max(r["ms"] for r in runs)}


def _bench_queries(rec: dict, name: str, index_dir: Path, modes: list[str], out: Path, log: Path, args,
                   label: str | None = None) -> None:
    print(f"[{label or name}] warm queries ({','.join(modes)}) ...", file=sys.stderr, flush=True)
    run = run_child(["warm", "--system", name, "--index", str(index_dir),
                     "--repeats", str(args.repeats), "--budget", str(args.budget),
                     "--modes", ",".join(modes)], out, log=log)
    warm = run.result
    rec["warm"] = warm
    rec["query_peak_rss_mb"] = run.peak_rss_mb
    for mode in modes:
        flat = [s for per_q in warm[mode]["samples_ms"] for s in per_q]
        rec[mode] = {
            "median_ms": median(flat),
            "p95_ms": p95(flat),
            "passes": warm[mode]["passes"],
            "hits_total": sum(warm[mode]["hits"]),
        }

    print(f"[{name}] first queries x{args.first_runs} ...", file=sys.stderr, flush=True)
    for mode in modes:
        firsts = []
        for k in range(args.first_runs):
            qi = (k * len(QUERIES)) // max(args.first_runs, 1)
            argv = ["first", "--system", name, "--index", str(index_dir),
                    "--query-index", str(qi)] + (["--facets"] if mode == "facets" else [])
            run = run_child(argv, out, log=log)
            r = run.result
            r["process_wall_ms"] = run.wall_s * 1000.0
            firsts.append(r)
        rec[mode]["first"] = firsts
        rec[mode]["first_query_ms"] = median([f["first_query_ms"] for f in firsts])
        rec[mode]["first_process_ms"] = median([f["process_wall_ms"] for f in firsts])


COLUMNS = [
    # header, getter, higher-is-better, format
    ("docs/s", lambda r: r["build"]["docs_per_s"], True, "{:.0f}"),
    ("peak RSS MB", lambda r: r["build"]["peak_rss_mb"], False, "{:.0f}"),
    ("index MB", lambda r: r["build"]["index_mb"], False, "{:.1f}"),
    ("query median ms", lambda r: r["plain"]["median_ms"], False, "{:.2f}"),
    ("p95 ms", lambda r: r["plain"]["p95_ms"], False, "{:.2f}"),
    ("first-query ms", lambda r: r["plain"]["first_query_ms"], False, "{:.1f}"),
    ("facet median ms", lambda r: r.get("facets", {}).get("median_ms"), False, "{:.2f}"),
    ("facet p95 ms", lambda r: r.get("facets", {}).get("p95_ms"), False, "{:.2f}"),
    ("first-facet ms", lambda r: r.get("facets", {}).get("first_query_ms"), False, "{:.1f}"),
]


def best_reference(results: dict, get, higher_is_better: bool, references=REFERENCES):
    """(system, value): the best raw Whoosh figure of this run for one column."""
    values = [(name, get(results[name])) for name in references if name in results]
    values = [(n, v) for n, v in values if v]
    if not values:
        return None, None
    return (max if higher_is_better else min)(values, key=lambda nv: nv[1])


def table(results: dict, references=REFERENCES) -> str:
    head = ["system"] + [c[0] for c in COLUMNS] + ["hits"]
    rows = [head, ["---"] * len(head)]
    shown = {}
    for name, r in results.items():
        shown[name] = r
        if "optimized" in r:  # the same build, queried again after `optimize`
            o = r["optimized"]
            shown[f"{name} (optimized)"] = {**o, "build": {**r["build"], "index_mb": o["index_mb"]}}
    for name, r in shown.items():
        row = [name]
        for _h, get, hib, fmt in COLUMNS:
            v = get(r)
            if v is None:
                row.append("-")
                continue
            cell = fmt.format(v)
            _ref, rv = best_reference(results, lambda x: get(x) if x is not None else None, hib, references)
            if rv:
                cell += f" ({v / rv:.2f}x)"
            row.append(cell)
        row.append(str(r["plain"]["hits_total"]))
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for row in rows:
        cells = [
            ("-" * widths[i]) if row[i] == "---" else row[i].ljust(widths[i]) if i == 0
            else row[i].rjust(widths[i])
            for i in range(len(row))
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parent_main(args) -> None:
    wanted = [s.strip() for s in args.systems.split(",") if s.strip()]
    systems = []
    for s in wanted:
        if available(s):
            systems.append(s)
        elif s in SYSTEMS and args.systems == DEFAULT_SYSTEMS:
            print(f"note: system {s!r} ({SYSTEMS[s]}) not available yet; skipped",
                  file=sys.stderr)
        else:
            raise SystemExit(f"system {s!r} ({resolve(s)}) cannot be imported")

    size = None if args.size == "all" else int(args.size)
    src = corpus_path(args.corpus, args.corpus_dir)
    workdir = Path(args.workdir) if args.workdir else Path(
        tempfile.mkdtemp(prefix="archive-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "children.log"
    docs_path, n_docs = prepare_slice(src, size, workdir)
    if args.build_repeats is None:
        args.build_repeats = 3 if n_docs <= 20000 else 1
    print(f"corpus {args.corpus} size {args.size}: {n_docs} records from {src}; "
          f"scratch {workdir}", file=sys.stderr)

    meta = {
        "corpus": args.corpus,
        "size": args.size,
        "records": n_docs,
        "source_file": str(src),
        "queries": QUERIES,
        "repeats": args.repeats,
        "budget_s": args.budget,
        "first_runs": args.first_runs,
        "build_repeats": args.build_repeats,
        "python": platform.python_version(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "loadavg_start": os.getloadavg(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    results: dict = {}
    ok = False
    try:
        for s in systems:
            results[s] = bench_system(s, docs_path, n_docs, workdir, args, log)
        ok = True
    finally:
        meta["loadavg_end"] = os.getloadavg()
        if args.json:
            Path(args.json).write_text(json.dumps(
                {"meta": meta, "systems": results, "complete": ok}, indent=1))
        if ok and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif not ok:
            print(f"run failed; scratch and child log kept in {workdir}", file=sys.stderr)

    title = (f"corpus={args.corpus} size={args.size} docs={n_docs} "
             f"queries={len(QUERIES)} builds={args.build_repeats} repeats<={args.repeats} "
             f"load {meta['loadavg_start'][0]:.1f}->{meta['loadavg_end'][0]:.1f}")
    print(title)
    print(table(results))
    for name, r in results.items():
        if "cli" in r:
            line = (f"{name}: whole `search` process with 3 facets (start-up, imports, open, query, print): "
                    f"median {r['cli']['median_ms']:.0f} ms, max {r['cli']['max_ms']:.0f} ms")
            if "optimized" in r and "cli" in r["optimized"]:
                o = r["optimized"]
                line += (f"; after optimize ({o['optimize_s']:.1f} s): median {o['cli']['median_ms']:.0f} ms, "
                         f"max {o['cli']['max_ms']:.0f} ms")
            print(line)
    refs = [n for n in REFERENCES if n in results]
    if not refs:
        print(f"(no ratios: no raw Whoosh system ({', '.join(REFERENCES)}) in this run)")
    else:
        best = []
        for h, get, hib, _fmt in COLUMNS:
            name, _v = best_reference(results, get, hib)
            if name:
                best.append(f"{h}: {name}")
        print("ratios are to the best raw Whoosh of this run, per column (" + "; ".join(best) + ")")
    if args.json:
        print(f"raw figures: {args.json}")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default="leestmeer", choices=["leestmeer", "dpgmedia"])
    p.add_argument("--size", default=None,
                   help="first N records of the corpus, or 'all' "
                        "(default: 1000 for leestmeer, all for dpgmedia)")
    p.add_argument("--systems", default=DEFAULT_SYSTEMS,
                   help=f"comma-separated names ({', '.join(SYSTEMS)}) or module:Class")
    p.add_argument("--json", metavar="OUT", help="write the raw figures here")
    p.add_argument("--repeats", type=int, default=5, help="timed passes over the queries")
    p.add_argument("--budget", type=float, default=60.0,
                   help="stop timed passes after this many seconds (per mode)")
    p.add_argument("--first-runs", type=int, default=5,
                   help="fresh processes timing open + first query")
    p.add_argument("--build-repeats", type=int, default=None,
                   help="builds per system, median reported "
                        "(default: 3 up to 20000 records, else 1)")
    p.add_argument("--no-facets", action="store_true", help="skip the facet queries")
    p.add_argument("--corpus-dir", help="default: ../shared/corpus from the repo")
    p.add_argument("--workdir", help="scratch directory (default: a new temp dir)")
    p.add_argument("--keep", action="store_true", help="keep indexes and scratch")
    # child-process plumbing
    p.add_argument("--child", choices=["build", "warm", "first", "optimize"], help=argparse.SUPPRESS)
    p.add_argument("--system", help=argparse.SUPPRESS)
    p.add_argument("--docs", help=argparse.SUPPRESS)
    p.add_argument("--index", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--modes", default="plain,facets", help=argparse.SUPPRESS)
    p.add_argument("--query-index", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--facets", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.size is None:
        args.size = "all" if args.corpus == "dpgmedia" else "1000"
    if args.size != "all":
        try:
            if int(args.size) <= 0:
                raise ValueError
        except ValueError:
            p.error("--size must be a positive number or 'all'")
    if args.child:
        child_main(args)
    else:
        parent_main(args)


if __name__ == "__main__":
    main()
