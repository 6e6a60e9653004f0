"""Modules Whoosh imports but a command never uses, deferred until first use.

A search process spends most of its life starting up, and about a fifth of
that importing three modules for Whoosh that no command of ours calls:
`urllib.request` (with http.client and email, for `whoosh.compat`'s
`urlretrieve`), `whoosh.lang.morph_en` (English word variations, about a
hundred regular expressions compiled at import, for the `Variations` query)
and the `cached_property` package (which imports asyncio for one decorator
on `SegmentReader`). For the command line process only, each is a stand-in
module until something actually uses it: an attribute it does not define
imports the real module (which then replaces the stand-in) and returns the
real attribute, so behaviour is unchanged. The Python API installs nothing:
a program that embeds `archive` keeps its imports as they are.
"""

from __future__ import annotations

import functools
import importlib
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
    }
    _FINDER.attrs.update((k, v) for k, v in stand_ins.items() if k not in sys.modules)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
