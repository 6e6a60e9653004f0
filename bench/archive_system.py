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

    #: How to start `python -m archive` (a checkout variant adds its path).
    PYTHON = (sys.executable,)

    def __init__(self, search: bool = True):
        self.jobs = os.environ.get("BENCH_ARCHIVE_JOBS")
        if search:
            self._import_search()

    @classmethod
    def for_build(cls):
        """The build child: it only starts `archive ingest` and waits, so it
        imports nothing of the search side. Its process is the root of the
        tree whose peak RSS is measured, and those modules (numpy, Whoosh's
        reader side: about 40 MB) are no part of the ingest."""
        return cls(search=False)

    def _import_search(self):
        # Import what a search uses here, untimed, as the baselines do
        # (archive loads these lazily, so the CLI starts fast).
        import importlib

        for layout in (("archive.index.whoosh.facets", "archive.index.whoosh.search"),
                       ("archive.facets", "archive.search")):  # the layout before the packages
            try:
                for name in layout:
                    importlib.import_module(name)  # numpy, whoosh
                break
            except ImportError:
                continue
        from archive import Archive

        self.Archive = Archive

    def build(self, docs_path, index_dir):
        cmd = [*self.PYTHON, "-m", "archive", "ingest", str(docs_path), "--index", str(index_dir),
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
        proc = subprocess.run([*self.PYTHON, "-m", "archive", "optimize", "--index", str(index_dir),
                               "--format", "json"], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"archive optimize failed ({proc.returncode}): {proc.stderr[-2000:]}")
        return json.loads(proc.stdout)

    @classmethod
    def cli_argv(cls, index_dir, q, facets=True):
        """The `archive search` command a user would type (through the
        installed console script's module, so Python start-up counts)."""
        argv = [*cls.PYTHON, "-m", "archive", "search", q, "--index", str(index_dir), "--limit", "10"]
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

        try:
            from archive.index.whoosh.schema import SCHEMA_VERSION
        except ImportError:  # the layout before the packages
            from archive.schema import SCHEMA_VERSION
        return {"archive": archive.__version__, "schema": SCHEMA_VERSION, "code": archive.__file__}


def _checkout() -> str:
    root = os.environ.get("BENCH_ARCHIVE_CHECKOUT")
    if not root or not os.path.isfile(os.path.join(root, "archive", "__init__.py")):
        raise RuntimeError("archive@checkout: set BENCH_ARCHIVE_CHECKOUT to a checkout's root "
                           "(e.g. `git worktree add /tmp/before HEAD~3`)")
    return os.path.abspath(root)


class ArchiveCheckout(ArchiveSystem):
    """`archive` as another checkout of it has it (`BENCH_ARCHIVE_CHECKOUT=DIR`,
    for example the commit before a refactoring), so before and after are
    measured in one run: `--systems archive,bench.archive_system:ArchiveCheckout`.

    Its processes run `python -P` (the working directory's `archive` is not
    put first on the path) with the checkout on PYTHONPATH; whole-process
    searches start through `env`, which adds about a millisecond."""

    name = "archive@checkout"
    PYTHON = ("env", f"PYTHONPATH={os.environ.get('BENCH_ARCHIVE_CHECKOUT', '')}", sys.executable, "-P")

    def __init__(self, search: bool = True):
        root = _checkout()
        if "archive" in sys.modules and not sys.modules["archive"].__file__.startswith(root):
            raise RuntimeError("archive@checkout: another archive was imported first")
        sys.path.insert(0, root)
        super().__init__(search)
