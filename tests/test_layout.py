"""The package's shape: imports run one way, down the pipeline; only the
engine imports the engine; rooms stay small.

Every import of an `archive` module is read with `ast`, at module level and
inside functions alike (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import archive

ROOT = Path(archive.__file__).parent

#: Lowest first. A module may import its own layer or any layer below.
LAYERS = [
    ("shared", ("archive.analysis", "archive.cache", "archive.document", "archive.errors", "archive.normalise",
                "archive.results")),
    ("read", ("archive.read",)),
    ("extract", ("archive.extract",)),
    ("index", ("archive.index",)),
    ("ingest", ("archive.ingest",)),
    ("search", ("archive.search",)),
    ("api", ("archive.api", "archive.serve")),
    ("cli", ("archive.cli", "archive.__main__", "archive.evaluate", "archive.data")),
    ("facade", ("archive",)),
]
#: Siblings that must not import each other (same height in the picture).
SIBLINGS = {("ingest", "search"), ("search", "ingest")}
#: Modules that may import Whoosh: the engine, and the analyzer built from
#: Whoosh's analysis parts (the same analysis at index and query time).
ENGINE = ("archive.index.whoosh",)
WHOOSH_OK = ENGINE + ("archive.analysis",)
#: The server engine, the one place that may import the OpenSearch client.
OPENSEARCH_ENGINE = ("archive.index.opensearch",)
OPENSEARCH_OK = OPENSEARCH_ENGINE
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 300


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module name this module imports (absolute, resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            for a in node.names:  # `from archive.x import y` may import module archive.x.y
                if f"{mod}.{a.name}" in MODULES:
                    found.add(f"{mod}.{a.name}")
    return found


GRAPH = {name: {m for m in _imports(name, path) if m in MODULES and m != name} for name, path in MODULES.items()}


def _layer(name: str) -> int:
    best, height = -1, None
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (name == p or name.startswith(p + ".")) and len(p) > best:
                best, height = len(p), i
    assert height is not None, f"{name} belongs to no layer: add it to LAYERS"
    return height


def test_every_module_has_a_layer():
    for name in MODULES:
        _layer(name)


def test_imports_run_down_the_pipeline():
    wrong = []
    for name, deps in GRAPH.items():
        for dep in deps:
            if dep == "archive" or name == "archive":
                continue  # the package facade
            a, b = _layer(name), _layer(dep)
            if b > a or (LAYERS[a][0], LAYERS[b][0]) in SIBLINGS:
                wrong.append(f"{name} ({LAYERS[a][0]}) imports {dep} ({LAYERS[b][0]})")
    assert not wrong, "imports against the order cli -> api -> ingest/search -> index -> extract -> read -> shared:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    graph = {n: {d for d in deps if d != "archive"} for n, deps in GRAPH.items() if n != "archive"}
    # a package imports its own modules and they import their siblings through
    # it: count a module importing its own parent package as no edge
    for n in graph:
        graph[n] = {d for d in graph[n] if not n.startswith(d + ".")}
    state, stack, cycles = {}, [], []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for d in sorted(graph.get(n, ())):
            if state.get(d) == 1:
                cycles.append(" -> ".join(stack[stack.index(d):] + [d]))
            elif d not in state:
                visit(d)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_only_the_engine_imports_whoosh():
    wrong = []
    for name, path in MODULES.items():
        if name.startswith(WHOOSH_OK) or name in ("archive.index",):
            continue
        for mod in _imports(name, path):
            if mod == "whoosh" or mod.startswith("whoosh.") or mod.startswith(ENGINE):
                wrong.append(f"{name} imports {mod}")
    assert not wrong, "outside the engine, use archive.index (the seam):\n" + "\n".join(wrong)


def test_only_the_server_engine_imports_opensearchpy():
    wrong = []
    for name, path in MODULES.items():
        if name.startswith(OPENSEARCH_OK) or name in ("archive.index",):
            continue
        for mod in _imports(name, path):
            if mod == "opensearchpy" or mod.startswith("opensearchpy.") or mod.startswith(OPENSEARCH_ENGINE):
                wrong.append(f"{name} imports {mod}")
    assert not wrong, "outside the OpenSearch engine, use archive.index (the seam):\n" + "\n".join(wrong)


def test_the_layout_test_sees_the_server_engine():
    """The rule above is no rule if the engine's imports are not read."""
    client = [n for n in MODULES if n.startswith(OPENSEARCH_ENGINE)]
    assert "archive.index.opensearch.client" in client
    assert any(m == "opensearchpy" or m.startswith("opensearchpy.")
               for n in client for m in _imports(n, MODULES[n]))


def test_small_rooms():
    big = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + 1
        if lines > MAX_MODULE_LINES:
            big.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                big.append(f"{name}.{node.name}: class of {node.end_lineno - node.lineno + 1} lines")
    assert not big, f"over {MAX_MODULE_LINES} lines a module or {MAX_CLASS_LINES} a class:\n" + "\n".join(big)


def test_every_package_says_what_it_holds_and_may_import():
    for name, path in MODULES.items():
        if path.name == "__init__.py" and name != "archive.data":
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert len(doc) > 80, f"{name}/__init__.py needs a docstring: what it holds, what it may import"
            if name != "archive":
                assert "import" in doc, f"{name}/__init__.py: say what the package may import"

