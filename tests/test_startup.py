"""The command line imports only what a command needs (each case runs in a
fresh interpreter, so the modules it loaded are its own)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest


def _modules_after(code: str) -> dict:
    """Run `code` in a new interpreter; return {module name: repr of its type}."""
    script = textwrap.dedent(code) + textwrap.dedent("""
        import json as _j, sys as _s
        print("MODULES=" + _j.dumps({k: type(v).__name__ for k, v in _s.modules.items()}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    line = [x for x in out.stdout.splitlines() if x.startswith("MODULES=")][-1]
    return json.loads(line[len("MODULES="):])


HEAVY_FOR_SEARCH = ("bs4", "dateutil", "lxml", "archive.extract.entities.rules", "archive.extract.html.clean", "asyncio",
                    "http.client", "email.parser")


def test_help_imports_no_engine():
    mods = _modules_after("""
        from archive.cli import main
        try:
            main(["--help"])
        except SystemExit:
            pass
    """)
    for name in ("whoosh", "numpy", "bs4", "dateutil", "archive.api", "archive.extract.entities.rules"):
        assert name not in mods, name


def test_search_with_facets_imports_no_extraction(seeded_index):
    mods = _modules_after(f"""
        from archive.cli import main
        try:
            main(["search", "Poetin", "--index", {str(seeded_index)!r},
                  "--facet", "actor", "--facet", "place", "--facet", "month"])
        except SystemExit as e:
            assert not e.code, e.code
    """)
    assert "whoosh.searching" in mods and "numpy" in mods  # it did search and count facets
    for name in HEAVY_FOR_SEARCH:
        assert name not in mods, name
    # stand-ins, never loaded for real by a search
    assert mods.get("urllib.request") == "_Deferred"
    assert mods.get("whoosh.lang.morph_en") == "_Deferred"
    for name in ("numpy.linalg", "whoosh.lang.porter", "whoosh.lang.dmetaphone", "whoosh.automata.lev", "hashlib",
                 "queue", "calendar"):
        assert mods.get(name) == "_Deferred", name
    # only the command asked for is defined, and no maintenance report
    for name in ("archive.cli.ingest_cmd", "archive.cli.export_cmd", "archive.cli.check_cmd",
                 "archive.cli.serve_cmd", "archive.index.maintenance", "archive.document"):
        assert name not in mods, name


@pytest.mark.parametrize("module, use", [
    ("urllib.request", "from urllib.request import Request; assert Request.__module__ == 'urllib.request'"),
    ("urllib.request", "import urllib.request; assert callable(urllib.request.urlopen)"),
    ("whoosh.lang.morph_en", "from whoosh.lang.morph_en import variations; assert 'rendered' in variations('render')"),
    ("whoosh.lang.morph_en", "import whoosh.lang.morph_en as m; assert 'rendered' in m.variations('render')"),
    ("numpy.linalg", "import numpy as np; assert (np.matrix([[2, 0], [0, 2]]) ** 2).tolist() == [[4, 0], [0, 4]]; "
                     "assert np.linalg.inv(np.eye(2)).tolist() == [[1, 0], [0, 1]]"),
    ("hashlib", "import hashlib; assert hashlib.sha256(b'').hexdigest().startswith('e3b0c442')"),
    ("hashlib", "from whoosh.filedb.filetables import md5_hash; assert md5_hash(b'x') == 358377382"),
    ("whoosh.lang.porter", "from whoosh.analysis import StemmingAnalyzer; "
                           "assert [t.text for t in StemmingAnalyzer()('rendering')] == ['render']"),
    ("queue", "from whoosh.compat import queue; q = queue.Queue(); q.put(1); assert q.get() == 1"),
    ("calendar", "from whoosh.util.times import adatetime; assert adatetime(2024, 2).ceil().day == 29"),
])
def test_stand_ins_become_the_real_modules(module, use):
    mods = _modules_after(f"""
        from archive.cli.startup import defer_unused_imports
        defer_unused_imports()
        import whoosh.index, whoosh.query, whoosh.reading
        {use}
    """)
    assert mods[module] == "module"  # the real one, loaded on use


def test_whoosh_works_under_the_stand_ins(tmp_path):
    """A reader's cached property (the one `cached_property` use) and a
    Variations query, in a process with the stand-ins installed."""
    mods = _modules_after(f"""
        from archive.cli.startup import defer_unused_imports
        defer_unused_imports()
        from whoosh import fields, index, query
        ix = index.create_in({str(tmp_path)!r}, fields.Schema(t=fields.TEXT(stored=True)))
        w = ix.writer()
        w.add_document(t="rendered pages")
        w.add_document(t="nothing")
        w.commit()
        w = ix.writer()
        w.delete_by_term("t", "nothing")
        w.commit(merge=False)
        with ix.searcher() as s:
            assert len(s.search(query.Variations("t", "render"))) == 1
            assert s.doc_count() == 1
            for r, _ in s.reader().leaf_readers():
                assert isinstance(r.deleted_docs_set, frozenset)
                assert r.deleted_docs_set is r.deleted_docs_set
    """)
    assert mods["whoosh.lang.morph_en"] == "module"


def _archive_process(*args, env=None):
    """`python -m archive ARGS` as a user runs it (its own process, which
    skips the interpreter's teardown after a short command)."""
    import os

    return subprocess.run([sys.executable, "-X", "importtime", "-m", "archive", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def _imported(stderr: str) -> set[str]:
    """Module names from `-X importtime` lines."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


def test_search_process_output_status_and_imports(seeded_index):
    """The real process: the same output as in-process, exit 0, and no
    extraction, HTML or ingest module loaded, nor the deferred ones."""
    from click.testing import CliRunner

    from archive.cli import main

    args = ["search", "Poetin", "--index", str(seeded_index), "--facet", "actor", "--facet", "place",
            "--facet", "month"]
    proc = _archive_process(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == CliRunner().invoke(main, args).stdout
    mods = _imported(proc.stderr)
    assert "whoosh.searching" in mods and "numpy" in mods
    for name in (*HEAVY_FOR_SEARCH, "archive.ingest", "archive.read", "archive.extract.html",
                 "numpy.linalg._linalg", "numpy._typing", "whoosh.automata.fsa", "_hashlib"):
        assert name not in mods, name  # (a stand-in counts as imported here: its real module's parts do not)
    for fmt in ("json", "jsonl", "csv"):
        proc = _archive_process(*args, "--format", fmt)
        assert proc.returncode == 0 and proc.stdout == CliRunner().invoke(main, [*args, "--format", fmt]).stdout


def test_search_process_errors_keep_their_status(seeded_index, tmp_path):
    proc = _archive_process("search", "x", "--index", str(tmp_path / "none"))
    assert proc.returncode == 1 and "no archive index" in proc.stderr
    proc = _archive_process("search", '"open', "--index", str(seeded_index))
    assert proc.returncode == 2 and "error:" in proc.stderr
    proc = _archive_process("show", "no-such-id", "--index", str(seeded_index))
    assert proc.returncode == 1 and "no article" in proc.stderr


def test_search_process_into_a_closed_pipe(seeded_index):
    """`archive search ... | head -1`: the reader leaves early; no traceback."""
    import os

    r, w = os.pipe()
    proc = subprocess.Popen([sys.executable, "-m", "archive", "search", "--index", str(seeded_index),
                             "--limit", "50"], stdout=w, stderr=subprocess.PIPE)
    os.close(w)
    os.read(r, 1)
    os.close(r)
    err = proc.communicate(timeout=120)[1].decode()
    assert proc.returncode == 0 and "Traceback" not in err, err


def test_in_process_command_line_keeps_the_collector(seeded_index):
    """Run in-process (a test runner, a program), a search leaves the
    interpreter as it was: the garbage collector on."""
    mods = _modules_after(f"""
        import gc
        from archive.cli import main
        try:
            main(["search", "Poetin", "--index", {str(seeded_index)!r}])
        except SystemExit as e:
            assert not e.code, e.code
        assert gc.isenabled()
    """)
    assert "whoosh.searching" in mods


@pytest.mark.parametrize("command, preset, expected", [
    ("search", {}, "1"), ("show", {}, "1"), ("ingest", {}, None), ("serve", {}, None),
    ("search", {"OMP_NUM_THREADS": "4"}, None), ("search", {"OPENBLAS_NUM_THREADS": "3"}, "3"),
])
def test_short_commands_start_numpy_without_blas_workers(command, preset, expected):
    """A short command's process sets OpenBLAS to one thread (no spinning
    workers) unless the user chose a number; other commands leave it."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
                                                              "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import gc, os
        from archive.cli import startup
        startup.standalone()
        startup.command_starts({command!r})
        print(os.environ.get("OPENBLAS_NUM_THREADS"), gc.isenabled())
    """)], capture_output=True, text=True, timeout=60, env={**env, **preset})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(expected), str(command not in ("search", "show"))]


def test_an_ingest_process_leaves_quickly_with_all_committed(tmp_path):
    """`archive ingest` ends with `os._exit` after its report: the status,
    the whole report, and an index that holds everything and checks clean."""
    import json

    from archive import Archive

    from .test_ingest import record, write_jsonl

    feed = write_jsonl(tmp_path / "feed.jsonl", [record(i) for i in range(40)] + ["{kapot"])
    index = tmp_path / "index"
    proc = _archive_process("ingest", str(feed), "--index", str(index), "--format", "json")
    assert proc.returncode == 3, proc.stderr  # one bad line
    report = json.loads(proc.stdout)
    assert report["added"] == 40 and report["failed"] == 1
    arc = Archive(index)
    assert arc.count() == 40 and arc.check().ok and arc.show("r39").title == "Bericht nummer 39"
    again = _archive_process("ingest", str(feed), "--index", str(index), "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)["unchanged"] == 40  # the failure is known
