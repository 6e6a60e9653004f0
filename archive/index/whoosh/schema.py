"""The Whoosh schema: which article field is indexed how, and its version.

Prose fields share the Dutch analyzer, so one query term means the same thing
everywhere. A query matches one field, `text` (title, headings, captions,
body and the canonical actor and place names, indexed together but stored
nowhere): one posting list per word makes matching and counting about three
times faster than a union over five fields. Title and captions are indexed
on their own as well, only to weigh a match there above one in the body
(see `archive.index.whoosh.search`); the body is stored, not indexed twice. Facet
and filter fields (actor, place, credit, source, year, month, day) hold exact
values, one term per value, so `--place Kyiv` is a single `Term` lookup and a
facet value can be passed straight back as a filter. Multi-valued exact fields
take their values newline-joined: names and paths may contain spaces and
commas, never newlines.

Bump `SCHEMA_VERSION` whenever a field changes; `archive.index.whoosh.store` refuses to open
an index written with another version and says how to rebuild it.
"""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import RegexTokenizer

from typing import TYPE_CHECKING

from archive.analysis import ANALYZER_VERSION, PART_BREAK, dutch_analyzer

if TYPE_CHECKING:
    from archive.document import Article

#: 5: `is_empty` marks articles kept without text (ranked as ordinary length).
#: 6: stored records compressed with a Zstandard dictionary (`storedzip`).
SCHEMA_VERSION = 6
#: Versions this code reads and writes as they are: an index of schema 5
#: differs only in how its stored records are compressed, and keeps that.
READABLE_SCHEMAS = (5, 6)

# Exact multi-valued fields: one term per line of the joined value.
_LINES = RegexTokenizer(r"[^\n]+")

#: The field a query searches when it names none.
TEXT_FIELD = "text"
#: Fields whose words a query can match (for snippets and "did you mean").
PROSE_FIELDS = ("text", "title", "headings", "captions")
#: Extra weight of a query word found in these fields (BM25F-style boosts
#: on top of the `text` score).
FIELD_BOOSTS = {"title": 3.0, "captions": 1.5}

#: Exact-valued fields usable as filters and facets.
VALUE_FIELDS = ("actor", "place", "credit", "source")
DATE_FIELDS = ("year", "month", "day")


def _prose(analyzer, stored: bool = False) -> fields.TEXT:
    """A prose field: positions (for phrases) as varint deltas, see
    `archive.index.whoosh.codec.CompactPositions`."""
    from archive.index.whoosh.codec import CompactPositions

    field = fields.TEXT(analyzer=analyzer, stored=stored)
    field.format = CompactPositions(field_boost=field.format.field_boost)
    return field


def _lines(stored: bool = False) -> fields.ID:
    return fields.ID(stored=stored, analyzer=_LINES)


def build_schema() -> fields.Schema:
    text = dutch_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # Every file the article was found at, newline-joined (copies of one
        # file are one article with several paths).
        paths=_lines(stored=True),
        line=fields.STORED,
        content_hash=fields.STORED,
        title=_prose(text, stored=True),
        text=_prose(text),
        body=fields.STORED,
        # Stored in `record` (with their structure), indexed for field queries.
        headings=_prose(text),
        captions=_prose(text),
        actor=_lines(),
        place=_lines(),
        credit=_lines(),
        source=fields.ID(stored=True),
        url=fields.STORED,
        # Dates keep their precision: `date` is "2022", "2022-12" or
        # "2022-12-19". year/month/day hold a term only where the source was
        # that precise, so a month-precision article has no day term at all.
        date=fields.ID(stored=True),
        date_precision=fields.ID(stored=True),
        year=fields.ID(),
        month=fields.ID(),
        day=fields.ID(),
        # Stored-only payload for `archive show`: structured values as JSON.
        record=fields.STORED,
        # Hash of the normalised title + text: syndicated copies with their
        # own ids share it and are marked `duplicate_of` the first one.
        text_hash=fields.ID(stored=True),
        duplicate_of=fields.ID(stored=True),
        # "1" on duplicates, so `--collapse-duplicates` is one mask term.
        is_duplicate=fields.ID(),
        # "1" on articles kept without body text (a title, id or date only):
        # ranking gives them an ordinary length, not their title's.
        is_empty=fields.ID(),
    )


def index_meta() -> dict:
    """What an index records about how it was written."""
    return {
        "format": "archive-index",
        "schema_version": SCHEMA_VERSION,
        "analyzer": ANALYZER_VERSION,
    }


def _joined(values) -> str:
    return "\n".join(v for v in values if v)


def to_fields(article: "Article") -> dict:
    """The Whoosh document for an article (what `writer.add_document` takes)."""
    import json

    date = article.date
    year = month = day = None
    if date:
        year = date[:4]
        if len(date) >= 7:
            month = date[:7]
        if len(date) >= 10:
            day = date[:10]
    record = {
        "headings": list(article.headings),
        "captions": [[c.text, c.credit] for c in article.captions],
        "credits": list(article.credits),
        "actors": list(article.actors),
        "places": list(article.places),
        "extra": article.extra,
        "warnings": list(article.warnings),
    }
    record = {k: v for k, v in record.items() if v}  # empty lists cost bytes x 100k
    doc = {
        "id": article.id,
        "paths": _joined(article.paths or (article.path,)),
        "content_hash": article.content_hash,
        "title": article.title or "",
        "body": article.body,
        "headings": PART_BREAK.join(h for h in article.headings if h),
        "captions": PART_BREAK.join(c.text for c in article.captions if c.text),
        # Canonical entity names ride along as words, so `archive search
        # Kyiv` finds an article that wrote "Kiev".
        # Parts apart (a position gap between them): a phrase never runs
        # from a title into the body or from one entity name into the next.
        "text": PART_BREAK.join(
            p for p in (
                article.title,
                *article.headings,
                *(c.text for c in article.captions),
                article.body,
                *article.actors,
                *article.places,
            ) if p
        ),
        "actor": _joined(article.actors),
        "place": _joined(article.places),
        "credit": _joined(article.credits),
        "record": json.dumps(record, ensure_ascii=False, separators=(",", ":")),
    }
    optional = {
        "line": article.line,
        "url": article.url,
        "source": article.source,
        "date": date,
        "date_precision": article.date_precision,
        "year": year,
        "month": month,
        "day": day,
        "text_hash": text_hash(article),
        "duplicate_of": article.duplicate_of,
        "is_duplicate": "1" if article.duplicate_of else None,
        "is_empty": None if article.body else "1",
    }
    doc.update({k: v for k, v in optional.items() if v})
    return doc


def text_hash(article: "Article") -> str | None:
    """Key that syndicated copies share: normalised title and text.

    Empty text is never a key, so title-only articles are never duplicates.
    """
    import hashlib

    body = _fold_words(article.body)
    if not body:
        return None
    title = _fold_words(article.title or "")
    return hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()[:24]


def _fold_words(text: str) -> str:
    """`" ".join(fold(text).split())`, in C when built (`fold_words` in
    csrc/fold.c: every ingested article's body is folded for its key)."""
    from archive.analysis import accent_map, fold
    from archive.index.whoosh.postings import NATIVE

    if NATIVE is not None:
        return NATIVE.fold_words(text, accent_map)
    return " ".join(fold(text).split())


def from_stored(stored: dict) -> "Article":
    """Rebuild the `Article` from a document's stored fields."""
    import json

    from archive.document import Article, Caption

    record = json.loads(stored.get("record") or "{}")
    paths = tuple(p for p in (stored.get("paths") or "").split("\n") if p)
    return Article(
        id=stored["id"],
        path=paths[0] if paths else "",
        paths=paths,
        line=stored.get("line"),
        body=stored.get("body") or "",
        title=stored.get("title") or None,
        date=stored.get("date"),
        date_precision=stored.get("date_precision"),
        source=stored.get("source"),
        url=stored.get("url"),
        headings=tuple(record.get("headings", ())),
        captions=tuple(Caption(t, c) for t, c in record.get("captions", ())),
        credits=tuple(record.get("credits", ())),
        actors=tuple(record.get("actors", ())),
        places=tuple(record.get("places", ())),
        extra=record.get("extra") or {},
        content_hash=stored.get("content_hash") or "",
        duplicate_of=stored.get("duplicate_of"),
        warnings=tuple(record.get("warnings", ())),
    )
