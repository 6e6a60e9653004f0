"""Actors and places: the people and places an article mentions, under one canonical name.

`rules.py` is the order of the steps (`_Article.run`, `find_mentions`,
`extract_entities`, `canonical_name`); what it asks is split by kind:
`tokens.py` (tokens and word shapes), `spans.py` (candidate spans and
joining them), `context.py` (what the whole article says about a word),
`classify.py` and `cues.py` (deciding one span), `match.py` (known names),
`names.py` (learning and merging names), `words.py` (closed word lists),
`resources.py` (gazetteers and name lists), `aliases.py` (canonical names),
`mention.py` (the result type). May import `archive.analysis` and the
shared modules only.

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
