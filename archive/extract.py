"""Turning a raw record into an `Article`: cleaning plus metadata extraction."""

from __future__ import annotations

import unicodedata

from .document import Article
from .readers import RawRecord


class ExtractError(ValueError):
    """The record holds no usable article; the message says why."""


def article_id(raw: RawRecord) -> str:
    """Stable id: the file's content hash (copies of a file are one article)."""
    return raw.content_hash[:16]


def build_article(raw: RawRecord) -> Article:
    text = unicodedata.normalize("NFC", raw.text or "")
    paragraphs = [" ".join(p.split()) for p in text.split("\n")]
    body = "\n\n".join(p for p in paragraphs if p)
    if not body:
        raise ExtractError("no article text")
    return Article(
        id=article_id(raw),
        path=raw.path,
        paths=(raw.path,),
        body=body,
        content_hash=raw.content_hash,
    )
