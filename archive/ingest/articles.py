"""One input's article on its way: extracted, summed up for the decision, made final.

The same functions run in the main process and in worker processes: the
extracting process keeps the article and its prepared document (made once,
by the engine's `prepare`), and the main process, which decides in input
order what becomes of every input, gets only an `Extracted` summary: id,
text key, warnings or the reason it failed. When the decision gives the
article other paths or a duplicate mark, `final`/`document_for` remake it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

from archive.document import Article
from archive.read.formats import RawRecord


def article_id(raw: RawRecord) -> str | None:
    """The id `raw` will get, when it is known before extraction."""
    from archive.extract import core as extract

    fn = getattr(extract, "article_id", None)
    return fn(raw) if fn else None


def extract(raw: RawRecord, aliases) -> tuple[Article | None, str | None]:
    """(The article, None) or (None, why there is none)."""
    from archive.extract.core import ExtractError
    from archive.extract.pipeline import process

    try:
        return process(raw, aliases), None
    except ExtractError as e:
        return None, str(e) or "no article"
    except RecursionError:
        return None, "could not extract: nested too deeply"
    except MemoryError:
        raise
    except Exception as e:  # a bug in extraction must not lose the batch
        return None, f"could not extract ({type(e).__name__}: {e})"


def sample_article(raw: RawRecord) -> Article | None:
    """The article of `raw` without entities (cheap: a sample for the
    engine, see `Writer.sampler`), or None when it holds none."""
    from archive.extract.core import build_article

    try:
        return build_article(raw)
    except Exception:
        return None


@dataclass
class Extracted:
    id: str | None
    text_hash: str | None
    warnings: tuple[str, ...]
    error: str | None
    worker: int  # -1: held in this process
    seq: int


#: An extracted article and its prepared document (None: prepare it when indexed).
Held = tuple[Article, object]


def summary(seq: int, worker: int, prepare: Callable, art: Article | None, err: str | None):
    """What the main process needs to decide about an article, and what the
    extracting process keeps of it: the article and its document (prepared
    once; reused unless the decision changes its paths or duplicate mark)."""
    if art is None:
        return Extracted(None, None, (), err, worker, seq), None
    try:
        doc, key = prepare(art)
    except (ValueError, TypeError, UnicodeError) as e:  # one bad article, never the batch
        return Extracted(None, None, (), f"could not index ({type(e).__name__}: {e})", worker, seq), None
    return Extracted(art.id, key, tuple(art.warnings), None, worker, seq), (art, doc)


def document_for(held: Held, paths: tuple[str, ...], dup: str | None, prepare: Callable):
    """The document to add for a held article with its decided paths and mark."""
    art, doc = held
    if doc is not None and paths == art.paths and dup == art.duplicate_of and art.path == paths[0]:
        return doc
    return prepare(final(art, paths, dup))[0]


def final(art: Article, paths: tuple[str, ...], dup: str | None) -> Article:
    return dataclasses.replace(art, paths=paths, path=paths[0], duplicate_of=dup)
