"""OpenSearch against the embedded index, in one run: ingest docs/s, plain and 3-facet query medians.

    python3 -m bench.opensearch [--size all] [--jobs N] [--shards S] [--url URL] [--json OUT]

Both engines get the same feed (the leestmeer feed, whole by default)
through the same command, `archive ingest FEED --index ...` (a process of its
own, timed from start to exit: reading, extraction, writing, the last
commit), then the same queries (`bench.queries.QUERIES`) through
`Archive.search`: `--warmup` untimed passes, then `--repeats` timed passes; the
median and 95th percentile of all samples, plain (top 10 and the exact
total) and with three facets (source, place, month). Without `--url` a fresh
two-node cluster is started with `tools/opensearch/cluster` (full JIT, as
its README advises for benchmarks) on free ports in a temp folder and stopped
at the end; the index gets `--shards` primaries and one replica.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT.parent / "shared" / "corpus" / "leestmeer" / "leestmeer_posts.jsonl"
FACETS = ["source", "place", "month"]


def _slice(feed: Path, size: str, work: Path) -> tuple[Path, int]:
    if size == "all":
        with open(feed, "rb") as f:
            return feed, sum(1 for _ in f)
    out = work / "feed.jsonl"
    n = 0
    with open(feed, "rb") as src, open(out, "wb") as dst:
        for line in src:
            if n >= int(size):
                break
            dst.write(line)
            n += 1
    return out, n


def _node_cpu(data: Path | None) -> float:
    """CPU seconds the cluster's node JVMs have used so far (0 without a local cluster)."""
    if data is None:
        return 0.0
    r = subprocess.run([sys.executable, str(ROOT / "tools/opensearch/cluster"), "pids", "--data", str(data)],
                       capture_output=True, text=True)
    total = 0.0
    for line in r.stdout.splitlines():
        pid = line.split("\t")[1]
        if pid.isdigit():
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _ingest(feed: Path, index: str, jobs: int, data: Path | None = None) -> dict:
    """One `archive ingest` process: wall seconds, docs/s, and the CPU it
    (with its workers) and the cluster's nodes spent, per document."""
    import resource

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    nodes_before = _node_cpu(data)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "archive", "ingest", str(feed), "--index", index, "-q",
                        "--format", "json", "-j", str(jobs)], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 3):
        raise SystemExit(f"ingest into {index} failed ({r.returncode}): {r.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    nodes_cpu = _node_cpu(data) - nodes_before
    report = json.loads(r.stdout)
    per_doc = 1000 / max(1, report["added"])
    return {"seconds": round(wall, 2), "added": report["added"], "failed": report["failed"],
            "docs_per_s": round(report["added"] / wall, 1), "client_cpu_ms_per_doc": round(client_cpu * per_doc, 3),
            "nodes_cpu_ms_per_doc": round(nodes_cpu * per_doc, 3)}


def _queries(index: str, repeats: int, warmup: int) -> dict:
    """Plain and 3-facet medians: `warmup` untimed passes in both modes (the
    first also gives the hit counts; a JVM needs a few passes before its
    compiled code runs, Python one), then `repeats` passes, the two modes
    alternating pass by pass so a JVM still warming up (or a noisy
    neighbour) weighs on both alike."""
    from archive import Archive
    from bench.queries import QUERIES

    arc = Archive(index)
    size = arc.stats(top=1).engine.get("index_bytes")
    modes = {"plain": {}, "facets3": {"facets": FACETS, "facet_limit": 10}}
    totals = {m: {q: arc.search(q, **o).total for q in QUERIES} for m, o in modes.items()}
    for _ in range(warmup - 1):  # the JVM compiles its hot paths over the first passes
        for options in modes.values():
            for q in QUERIES:
                arc.search(q, **options)
    samples = {m: [] for m in modes}
    for _ in range(repeats):
        for mode, options in modes.items():
            for q in QUERIES:
                t0 = time.perf_counter()
                arc.search(q, **options)
                samples[mode].append((time.perf_counter() - t0) * 1000)
    arc.close()
    out = {"index_mb": round(size / 1e6, 1) if size else None}
    for mode, got in samples.items():
        got.sort()
        p95 = got[min(len(got) - 1, int(round(0.95 * (len(got) - 1))))]
        out[mode] = {"median_ms": round(statistics.median(got), 2), "p95_ms": round(p95, 2),
                     "samples": len(got), "hits": sum(totals[mode].values()), "totals": totals[mode]}
    return out


def _free_port() -> int:
    """A base port P with P, P+1 (HTTP) and P+100, P+101 (transport) free."""
    import random
    import socket

    for _ in range(200):
        base = random.randrange(20000, 40000)
        try:
            for p in (base, base + 1, base + 100, base + 101):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            return base
        except OSError:
            continue
    raise SystemExit("no free ports for the cluster")


def _start_cluster(work: Path) -> tuple[str, Path]:
    port = _free_port()
    data = work / "cluster"
    env = {**os.environ, "OPENSEARCH_JAVA_OPTS": "-XX:TieredStopAtLevel=4"}
    r = subprocess.run([sys.executable, str(ROOT / "tools/opensearch/cluster"), "start", "--nodes", "2",
                        "--http-port", str(port), "--data", str(data), "--fresh"], capture_output=True, text=True,
                       env=env)
    if r.returncode:
        raise SystemExit(f"the cluster did not start: {r.stderr[-2000:]}")
    return r.stdout.strip().splitlines()[-1], data


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feed", default=str(FEED))
    ap.add_argument("--size", default="all", help="records from the start of the feed, or all")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=5, help="untimed passes over the queries first (default 5)")
    ap.add_argument("--bulk", type=int, help="documents per bulk request (ARCHIVE_OPENSEARCH_BULK_DOCS)")
    ap.add_argument("--only-opensearch", action="store_true", help="leave out the embedded index")
    ap.add_argument("--url", help="an existing cluster (default: start a two-node one)")
    ap.add_argument("--json", help="write every figure here")
    args = ap.parse_args(argv)
    if args.bulk:
        os.environ["ARCHIVE_OPENSEARCH_BULK_DOCS"] = str(args.bulk)
    work = Path(tempfile.mkdtemp(prefix="archive-bench-os-"))
    data = None
    try:
        feed, records = _slice(Path(args.feed), args.size, work)
        url, data = (args.url, None) if args.url else _start_cluster(work)
        server = f"{url.rstrip('/')}/bench-{os.getpid()}?shards={args.shards}&replicas=1"
        out = {"records": records, "jobs": args.jobs, "shards": args.shards, "bulk": args.bulk or 500, "replicas": 1, "nodes": 2,
               "cpus": os.cpu_count(), "load_before": os.getloadavg()}
        systems = {"whoosh (embedded)": str(work / "index"), "opensearch (2 nodes)": server}
        if args.only_opensearch:
            del systems["whoosh (embedded)"]
        for label, index in systems.items():
            out[label] = {"ingest": _ingest(feed, index, args.jobs, data if index == server else None)}
            out[label].update(_queries(index, args.repeats, args.warmup))
        out["hits_agree"] = len({json.dumps(out[label]["plain"]["totals"]) for label in systems}) == 1
        print(f"{records} records, --jobs {args.jobs}, {os.cpu_count()} CPUs; OpenSearch: 2 nodes on this machine, "
              f"{args.shards} shards, 1 replica, bulk {args.bulk or 500}")
        print(f"{'system':<22} {'ingest s':>9} {'docs/s':>8} {'cpu ms/doc':>11} {'nodes':>6} {'plain med':>10} "
              f"{'p95':>8} {'3-facet med':>12} {'p95':>8} {'hits':>8}")
        for label in systems:
            s = out[label]
            print(f"{label:<22} {s['ingest']['seconds']:>9} {s['ingest']['docs_per_s']:>8} "
                  f"{s['ingest']['client_cpu_ms_per_doc']:>11} {s['ingest']['nodes_cpu_ms_per_doc']:>6} "
                  f"{s['plain']['median_ms']:>10} {s['plain']['p95_ms']:>8} {s['facets3']['median_ms']:>12} "
                  f"{s['facets3']['p95_ms']:>8} {s['plain']['hits']:>8}")
        print("index MB (OpenSearch: the primaries, one copy): "
              + ", ".join(f"{label} {out[label]['index_mb']}" for label in systems))
        print(f"same total for every query: {out['hits_agree']}")
        if args.json:
            Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    finally:
        if data is not None:
            subprocess.run([sys.executable, str(ROOT / "tools/opensearch/cluster"), "stop", "--data", str(data)],
                           capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
