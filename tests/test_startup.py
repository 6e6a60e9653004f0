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


@pytest.mark.parametrize("module, use", [
    ("urllib.request", "from urllib.request import Request; assert Request.__module__ == 'urllib.request'"),
    ("urllib.request", "import urllib.request; assert callable(urllib.request.urlopen)"),
    ("whoosh.lang.morph_en", "from whoosh.lang.morph_en import variations; assert 'rendered' in variations('render')"),
    ("whoosh.lang.morph_en", "import whoosh.lang.morph_en as m; assert 'rendered' in m.variations('render')"),
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
