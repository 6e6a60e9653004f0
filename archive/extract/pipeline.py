"""One raw record in, one finished `Article` out: the per-article work of ingest.

This is the pure, CPU-bound part (clean, extract metadata, find entities), so
it is what worker processes run in a parallel ingest. It touches no index.
"""

from __future__ import annotations

import dataclasses

from archive.document import Article
from archive.read.formats import RawRecord


def text_units(article: Article) -> list[str]:
    """The article's text in reading order, one unit per title, heading,
    paragraph and caption, so each unit's first word starts a sentence."""
    units: list[str] = []
    if article.title:
        units.append(article.title)
    units.extend(article.headings)
    units.extend(p for p in article.body.split("\n\n") if p)
    units.extend(c.text for c in article.captions if c.text)
    return units


def process(raw: RawRecord, aliases=None) -> Article:
    """Build the article for `raw` and add the actors and places it mentions.

    Raises `archive.extract.core.ExtractError` when the record holds no article.
    """
    from archive.extract.entities import extract_entities
    from archive.extract.core import build_article

    article = build_article(raw)
    actors, places = extract_entities(text_units(article), aliases)
    warnings = (*raw.notes, *article.warnings) if raw.notes else article.warnings
    return dataclasses.replace(article, actors=tuple(actors), places=tuple(places), warnings=tuple(warnings))
