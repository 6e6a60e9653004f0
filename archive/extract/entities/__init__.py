"""Actors and places: the people and places an article mentions, under one canonical name.

Loaded on first use (the gazetteers take a while), so `archive search`
without a name filter never imports the rules.
"""

from __future__ import annotations

_PUBLIC = ("Mention", "Resources", "canonical_name", "extract_entities", "find_mentions", "load_resources")
__all__ = list(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        from archive.extract.entities import rules

        return getattr(rules, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
