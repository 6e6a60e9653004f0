"""`archive` itself as a benchmark system: the full pipeline, as users run it.

`build` runs `archive ingest` (cleaning, date/caption/heading extraction,
entities, the index; `--jobs` default = all CPUs) as a subprocess, exactly as
a user would, so its figures include Python start-up and imports; the
benchmark's RSS sampling covers the whole process tree (workers included).
Queries go through `Archive.search` (snippets included). "With facets" counts
actor, place and month: two multi-valued entity facets and a date facet,
harder than the baselines' source/category/month.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.baselines import System

FACETS = ("actor", "place", "month")


class ArchiveSystem(System):
    name = "archive"

    def __init__(self):
        # Import what a search uses here, untimed, as the baselines do
        # (archive loads these lazily, so the CLI starts fast).
        import archive.index.whoosh.facets  # noqa: F401  (numpy)
        import archive.index.whoosh.search  # noqa: F401  (whoosh)
        from archive import Archive

        self.Archive = Archive
        self.jobs = os.environ.get("BENCH_ARCHIVE_JOBS")

    def build(self, docs_path, index_dir):
        cmd = [sys.executable, "-m", "archive", "ingest", str(docs_path), "--index", str(index_dir),
               "--quiet", "--format", "json"]
        if self.jobs:
            cmd += ["--jobs", self.jobs]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode not in (0, 3):
            raise RuntimeError(f"archive ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
        report = json.loads(proc.stdout)
        return {"docs": report["added"] + report["updated"] + report["unchanged"],
                "failed": report["failed"]}

    def optimize(self, index_dir):
        """`archive optimize`: merge the segments (the benchmark queries again after)."""
        proc = subprocess.run([sys.executable, "-m", "archive", "optimize", "--index", str(index_dir),
                               "--format", "json"], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"archive optimize failed ({proc.returncode}): {proc.stderr[-2000:]}")
        return json.loads(proc.stdout)

    @staticmethod
    def cli_argv(index_dir, q, facets=True):
        """The `archive search` command a user would type (through the
        installed console script's module, so Python start-up counts)."""
        argv = [sys.executable, "-m", "archive", "search", q, "--index", str(index_dir), "--limit", "10"]
        if facets:
            for f in FACETS:
                argv += ["--facet", f]
        return argv

    def open(self, index_dir):
        self.arc = self.Archive(index_dir)
        self.arc.count()

    def query(self, q, facets=False):
        res = self.arc.search(q, limit=10, facets=FACETS if facets else ())
        for hit in res.hits:
            hit.title
        return res.total

    def close(self):
        self.arc.close()

    def versions(self):
        import archive
        from archive.index.whoosh.schema import SCHEMA_VERSION

        return {"archive": archive.__version__, "schema": SCHEMA_VERSION}
