"""Ingest speed and memory: `archive ingest` on a corpus slice, jobs 1 vs N.

    python -m bench.ingest_speed --lines 17000 --jobs 1 2
    python -m bench.ingest_speed --lines 0 --jobs 2        # the whole file

Runs the real CLI in a child process (fresh index in a scratch folder outside
the repository) and reports wall time, docs/s, CPU time of the ingest and its
workers (on a shared, noisy machine cpu_ms_per_doc is the steadier figure:
an idle machine with C cores can do at most C * 1000 / cpu_ms_per_doc docs/s),
the peak summed RSS of the
child's process tree (workers included) and the index size on disk. The
corpus is streamed from where it lies (see `bench.common`), never copied into
the project.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import REPO, TreeSampler, corpus_path, dir_size, prepare_slice


def run_once(src: Path, jobs: int, work: Path, extra: list[str]) -> dict:
    index = work / f"index-j{jobs}"
    shutil.rmtree(index, ignore_errors=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = [sys.executable, "-m", "archive", "ingest", str(src), "--index", str(index),
           "--jobs", str(jobs), "--quiet", "--format", "json", *extra]
    t0 = time.perf_counter()
    errf = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=errf)
    sampler = TreeSampler(proc.pid, interval=0.1)
    sampler.start()
    out = proc.stdout.read()
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    sampler.stop()
    cpu = ru.ru_utime + ru.ru_stime  # the ingest and the workers it waited for
    errf.seek(0)
    err = errf.read().decode(errors="replace")
    if proc.returncode not in (0, 3):
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    report = json.loads(out)
    docs = report["added"] + report["updated"]
    from whoosh.index import open_dir

    import archive.index.whoosh.codec  # noqa: F401  (the module name the index's pickled schema uses)

    ix = open_dir(str(index), indexname="MAIN")
    segments = len(ix._segments())
    count = ix.doc_count()
    ix.close()
    return {
        "jobs": jobs,
        "docs": docs,
        "in_index": count,
        "failed": report["failed"],
        "wall_s": round(wall, 2),
        "docs_per_s": round(docs / wall, 1),
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_doc": round(1000 * cpu / max(docs, 1), 3),
        "peak_tree_rss_mb": round(sampler.peak_kb / 1024, 1),
        "index_mb": round(dir_size(index) / 2**20, 1),
        "segments": segments,
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="leestmeer")
    ap.add_argument("--lines", type=int, default=17000, help="first N lines; 0 = the whole file")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--corpus-dir", default=None)
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("extra", nargs="*", help="more `archive ingest` options (after --)")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="archive-ingest-speed-"))
    try:
        src, n = prepare_slice(corpus_path(args.corpus, args.corpus_dir), args.lines or None, work)
        print(f"# {args.corpus}: {n} records from {src}", flush=True)
        for jobs in args.jobs:
            print(json.dumps(run_once(src, jobs, work, args.extra)), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
