"""A fast start and a fast end for the command line process.

Modules imported on the way that a command never uses are deferred until
first use. A search process spends most of its life starting up, and a good
part of that imported modules for Whoosh and NumPy that no command of ours
calls: `urllib.request` (with http.client and email, for `whoosh.compat`'s
`urlretrieve`), `whoosh.lang.morph_en` (English word variations, about a
hundred regular expressions compiled at import, for the `Variations`
query), the `cached_property` package (which imports asyncio for one
decorator on `SegmentReader`), Whoosh's English stemmers
(`whoosh.lang.porter`, `whoosh.lang.dmetaphone`) and its Levenshtein
automata (`whoosh.automata.lev`, for fuzzy terms: loaded by a `word~`
query), `hashlib` (OpenSSL, for Whoosh's hash tables), `queue` and
`calendar` (for Whoosh's multiprocessing writer and its date fields), and
`numpy.linalg` (with `numpy._typing`, about 8 ms: NumPy's matrix and
polynomial modules import four of its functions, which nothing here calls).
For the command line process only, each is a stand-in module until
something actually uses it: an attribute it does not define imports the
real module (which then replaces the stand-in) and returns the real
attribute, and the names other modules import from it at start-up are
functions that call the real one, so behaviour is unchanged. The Python API
installs nothing: a program that embeds `archive` keeps its imports as they
are.

In the command line's own process (see `standalone`) a short command
(`search`, `similar`, `show`: read, print, end) also runs without the
cyclic garbage collector, which would otherwise walk the growing heap of
imported modules dozens of times during start-up (about 5 ms of a search),
and once its output is flushed it leaves with `os._exit` instead of tearing
the interpreter down (freeing every module and object one by one: about 25
ms of a search at 117k articles, which the user waits for too). Nothing is
left to do by then: such a command writes nothing but its output (the
facet cache files it may write are complete, renamed into place, before it
prints). It also loads NumPy with OpenBLAS at one thread (unless the user
set a number): OpenBLAS otherwise starts a worker per CPU that spins for
work a search never gives it, and on a busy machine takes the CPU the
search needs. `ingest` keeps the collector but leaves with `os._exit` too,
once its report is printed: by then every round is committed and fsynced,
the lock released and the workers gone. Every other command turns the
collector back on when it starts and exits as usual; so does any process
that runs the command line in-process
(`main([...])`, click's test runner), which keeps its interpreter.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
import types
from importlib.machinery import ModuleSpec


class _Deferred(types.ModuleType):
    """A stand-in for a module: its own attributes, anything else from the
    real module, imported on first use."""

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(_load(self.__name__), name)


class _StandIns:
    """A finder on `sys.meta_path` that answers an import of a deferred
    module with its stand-in (so the import system binds it in its parent
    package as it would the real one), until the real one is asked for."""

    def __init__(self, attrs: dict[str, dict]) -> None:
        self.attrs = attrs

    def find_spec(self, name, path=None, target=None):
        if name in self.attrs:
            return ModuleSpec(name, self)
        return None

    def create_module(self, spec):
        module = _Deferred(spec.name)
        module.__dict__.update(self.attrs[spec.name])
        return module

    def exec_module(self, module) -> None:
        pass


_FINDER = _StandIns({})


def _load(name: str) -> types.ModuleType:
    _FINDER.attrs.pop(name, None)
    if isinstance(sys.modules.get(name), _Deferred):
        del sys.modules[name]
    return importlib.import_module(name)


def _deferred_function(module: str, name: str):
    def call(*args, **kwargs):
        return getattr(_load(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


def defer_unused_imports() -> None:
    """Install the stand-ins (only for modules not imported yet)."""
    stand_ins = {
        "urllib.request": {"urlretrieve": _deferred_function("urllib.request", "urlretrieve")},
        "whoosh.lang.morph_en": {"variations": _deferred_function("whoosh.lang.morph_en", "variations")},
        # the package's class and the standard library's behave alike for a
        # plain method: computed once, then kept in the instance's __dict__
        "cached_property": {"cached_property": functools.cached_property},
        "whoosh.lang.porter": {"stem": _deferred_function("whoosh.lang.porter", "stem")},
        "whoosh.lang.dmetaphone": {
            "double_metaphone": _deferred_function("whoosh.lang.dmetaphone", "double_metaphone")},
        "whoosh.automata.lev": {},
        # OpenSSL's hashes (about 2 ms to load) for the md5 of Whoosh's hash
        # tables, which our codec does not use
        "hashlib": {"md5": _deferred_function("hashlib", "md5")},
        "numpy.linalg": {n: _deferred_function("numpy.linalg", n)
                         for n in ("matrix_power", "eigvals", "inv", "lstsq")},
        # Whoosh's (`whoosh.compat`), for its multiprocessing writer
        "queue": {},
        # Whoosh's (`whoosh.util.times`), for the days of a month in date
        # fields, which our schema does not have
        "calendar": {},
    }
    _FINDER.attrs.update((k, v) for k, v in stand_ins.items() if k not in sys.modules)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


#: Commands that read the index, print and end.
SHORT_COMMANDS = frozenset({"search", "similar", "show"})
#: Commands that leave with `os._exit` once their output is flushed: the
#: short ones, and `ingest`, whose work is committed, fsynced and unlocked
#: before it prints its report (its workers have exited too): tearing down
#: the interpreter after it (freeing the gazetteers, the parsed records,
#: every module) took 100-150 ms of every ingest, a tenth of adding 1,000
#: articles.
QUICK_EXIT = SHORT_COMMANDS | {"ingest"}

_standalone = False  # this process is the command line's own (see `standalone`)
_short = False
_quick = False


def standalone() -> None:
    """This process runs one command line and ends (the `archive` command,
    `python -m archive`): start-up goes on without the cyclic garbage
    collector until `command_starts` knows the command."""
    global _standalone
    _standalone = True
    gc.disable()


def command_starts(name: str | None) -> None:
    """The command line has chosen its command: a short one keeps the
    collector off and may leave quickly; any other gets it back."""
    global _short, _quick
    if not _standalone:
        return
    _short = name in SHORT_COMMANDS
    _quick = name in QUICK_EXIT
    if not _short:
        gc.enable()
    elif not any(v in os.environ for v in _BLAS_THREADS):
        # NumPy's OpenBLAS starts a worker thread per CPU when it loads, and
        # a fresh worker spins waiting for work it never gets here (nothing
        # of ours multiplies matrices): on a busy machine it takes the CPU
        # the search needs. One thread: no workers. Read when NumPy loads,
        # which a short command does after this; an explicit setting wins.
        os.environ["OPENBLAS_NUM_THREADS"] = "1"


#: What OpenBLAS reads for its number of threads, in its order.
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def leave_quickly(code) -> None:
    """After a short command (or another of `QUICK_EXIT`): flush the output
    and end the process now, with its exit status, skipping the
    interpreter's teardown. Returns (for the usual exit) if the command was
    not one of those, the status is not a number, or the output cannot be
    flushed."""
    if not (_standalone and _quick) or not (code is None or isinstance(code, int)):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code or 0)
