"""The index template: the Dutch analysis from OpenSearch's own parts, the fields, the version.

The analyzer repeats `archive.analysis` step for step, so a query finds on
OpenSearch what it finds in the embedded index:

* tokens: a `pattern` tokenizer with `archive.analysis.TOKEN_PATTERN` and
  Java's `UNICODE_CHARACTER_CLASS` (Java's `\\w` is Python's but for
  combining marks, which Java counts as word characters, and superscript and
  fraction digits, which Python does);
* `lowercase`, then `asciifolding` (Whoosh's `accent_map` on the Python side:
  they agree on every accented Latin letter Dutch uses; they differ on
  ligatures and letters such as `æ ĳ œ ß þ`, which `asciifolding` spells out
  as `ae ij oe ss th` and `accent_map` keeps or shortens);
* stopwords: exactly `archive.analysis.DUTCH_STOPWORDS`. Whoosh's stop
  filter numbers the kept words on (`Vladimir de Poetin` puts `poetin` right
  after `vladimir`), Lucene's leaves a hole in the positions, so the phrase
  `"vladimir poetin"` would find that text on one engine only. The stopwords
  are therefore removed by a `pattern_replace` character filter before
  tokenizing (any spelling that folds to a stopword, as a whole token), and
  the `stop` filter with the same list stays only as a safety net;
* the Dutch stemmer: Lucene's Kraaij-Pohlmann (`stemmer`, language
  `dutch_kp`), which is what PyStemmer's Snowball Dutch (3.x) grew out of
  and agrees with it on all but 354 of the 349,693 words of the shipped
  OpenTaal word list; those get PyStemmer's stem through `stemmer_override`
  rules (`stem_overrides.txt`). Lucene's `dutch` (the older Porter-style
  Snowball stemmer) disagrees on 168,051 of them (48 %);
* a `length` filter drops tokens over 8,000 characters, which Lucene could
  not index (a document holding one would be rejected whole).

`python3 -m bench.opensearch_analysis` measures the agreement on a real
feed (figures and the remaining differences: README, section OpenSearch).

Multi-valued prose (headings, captions, the `text`
field that gathers title, headings, captions, body and the canonical actor
and place names) keeps its parts apart by OpenSearch's position gap, as
`PART_GAP` does in Whoosh: a phrase never runs from one part into the next.

Bump `SCHEMA_VERSION` whenever a field or the analysis changes: an index
made with another one is refused with the rebuild message.
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path
from functools import lru_cache
from typing import TYPE_CHECKING

from archive.analysis import ANALYZER_VERSION, DUTCH_STOPWORDS, PART_GAP, TOKEN_PATTERN, fold

if TYPE_CHECKING:
    from archive.document import Article

SCHEMA_VERSION = "os-1"
FORMAT = "archive-index"
ANALYZER = "archive_dutch"
#: Fields a query can match (for snippets and field queries), as in Whoosh.
TEXT_FIELD = "text"
PROSE_FIELDS = ("text", "title", "headings", "captions")
#: Extra weight of a query word in these fields (on top of the `text` score).
FIELD_BOOSTS = {"title": 3.0, "captions": 1.5}
VALUE_FIELDS = ("actor", "place", "credit", "source")
#: Longest token indexed (Lucene's limit is 32,766 UTF-8 bytes).
MAX_TOKEN = 8000
#: Keyword values longer than this are kept in the source, not indexed.
MAX_KEYWORD = 8000


#: The concrete indexes behind an alias NAME are NAME--0, NAME--1, ... (one per rebuild).
GENERATION = "--"


def concrete_name(alias: str, generation: int) -> str:
    return f"{alias}{GENERATION}{generation}"


def generation_of(name: str, alias: str) -> int | None:
    head = alias + GENERATION
    tail = name[len(head):] if name.startswith(head) else ""
    return int(tail) if tail.isdigit() else None


def meta() -> dict:
    """What an index records about how it was made (in its mapping's `_meta`)."""
    return {"format": FORMAT, "engine": "opensearch", "schema_version": SCHEMA_VERSION,
            "analyzer": ANALYZER_VERSION}


def _letter_classes() -> dict[str, str]:
    """For each ASCII letter, every character that `fold` turns into it."""
    groups: dict[str, list[int]] = {}
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        f = fold(chr(cp))
        if len(f) == 1 and "a" <= f <= "z":
            groups.setdefault(f, []).append(cp)
    return {k: "[" + _ranges(v) + "]" for k, v in groups.items()}


def _ranges(cps: list[int]) -> str:
    """Sorted code points as a Java character class body, runs as ranges."""
    out, i = [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(_java_char(cps[i]) if i == j else f"{_java_char(cps[i])}-{_java_char(cps[j])}")
        i = j + 1
    return "".join(out)


def _java_char(cp: int) -> str:
    return chr(cp) if 0x61 <= cp <= 0x7A or 0x41 <= cp <= 0x5A else f"\\x{{{cp:X}}}"


def _trie(words, classes) -> str:
    """A regex alternation of `words` as a trie (one branch per first letter,
    and so on), each letter an accent- and case-blind class."""
    tree: dict = {}
    for w in sorted(words):
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node) -> str:
        alts = [classes[ch] + walk(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        group = "(?:" + "|".join(alts) + ")"
        return group + "?" if "" in node else group

    return walk(tree)


@lru_cache(maxsize=1)
def stopword_pattern() -> str:
    """A Java regex matching a whole token (as `TOKEN_PATTERN` cuts them)
    whose folded form is one of `DUTCH_STOPWORDS`."""
    classes = _letter_classes()
    before = r"(?<!\w)(?<!\w[.,'])"
    after = r"(?!\w)(?![.,']\w)"
    return before + _trie(DUTCH_STOPWORDS, classes) + after


OVERRIDES = Path(__file__).with_name("stem_overrides.txt")


@lru_cache(maxsize=1)
def stem_overrides() -> list[str]:
    """`stemmer_override` rules (`word => stem`) from `stem_overrides.txt`."""
    try:
        lines = OVERRIDES.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [" => ".join(line.split("\t")) for line in lines if line and not line.startswith("#")]


def analysis() -> dict:
    return {
        "char_filter": {
            "archive_stopwords": {"type": "pattern_replace", "pattern": stopword_pattern(), "replacement": "",
                                  "flags": "UNICODE_CHARACTER_CLASS"},
        },
        "tokenizer": {
            "archive_words": {"type": "pattern", "pattern": TOKEN_PATTERN, "group": 0,
                              "flags": "UNICODE_CHARACTER_CLASS"},
        },
        "filter": {
            "archive_stop": {"type": "stop", "stopwords": sorted(DUTCH_STOPWORDS), "ignore_case": False},
            "archive_stem_override": {"type": "stemmer_override", "rules": stem_overrides()},
            "archive_stem": {"type": "stemmer", "language": "dutch_kp"},
            "archive_length": {"type": "length", "min": 0, "max": MAX_TOKEN},
        },
        "analyzer": {
            ANALYZER: {"type": "custom", "char_filter": ["archive_stopwords"], "tokenizer": "archive_words",
                       "filter": ["lowercase", "asciifolding", "archive_stop", "archive_stem_override",
                                  "archive_stem", "archive_length"]},
        },
        "normalizer": {
            "archive_fold": {"type": "custom", "filter": ["lowercase", "asciifolding"]},
        },
    }


def _prose(copy: bool = True, index: bool = True) -> dict:
    field = {"type": "text", "analyzer": ANALYZER, "position_increment_gap": PART_GAP}
    if not index:
        field = {"type": "text", "index": False}
    if copy:
        field["copy_to"] = TEXT_FIELD
    return field


def _keyword(index: bool = True, folded: bool = False, copy: bool = False) -> dict:
    field = {"type": "keyword", "ignore_above": MAX_KEYWORD}
    if not index:
        field = {"type": "keyword", "index": False, "doc_values": False}
    if folded:
        field["fields"] = {"folded": {"type": "keyword", "normalizer": "archive_fold", "ignore_above": MAX_KEYWORD}}
    if copy:
        field["copy_to"] = TEXT_FIELD
    return field


def mappings() -> dict:
    return {
        "dynamic": "strict",
        "_meta": meta(),
        "properties": {
            "id": _keyword(),
            # Matching and counting run on `text` (title, headings, captions,
            # body, canonical names); title and captions also on their own, to
            # weigh a match there above one in the body; headings for `heading:`.
            TEXT_FIELD: {"type": "text", "analyzer": ANALYZER, "position_increment_gap": PART_GAP},
            "title": _prose(),
            "headings": _prose(),
            "captions": _prose(),
            "body": _prose(index=False),
            "actor": _keyword(folded=True, copy=True),
            "place": _keyword(folded=True, copy=True),
            "credit": _keyword(folded=True),
            "source": _keyword(folded=True),
            "url": _keyword(index=False),
            "paths": _keyword(),
            "line": {"type": "integer", "index": False},
            "content_hash": _keyword(index=False),
            # Dates keep their precision: year/month/day hold a value only
            # where the source was that precise; `date_first`/`date_last` are
            # the days it spans (for --from/--to), `date_key` sorts it
            # (YYYYMMDD, 00 for an unknown month or day).
            "date": _keyword(),
            "date_precision": _keyword(),
            "year": _keyword(),
            "month": _keyword(),
            "day": _keyword(),
            "date_key": {"type": "integer"},
            "date_first": {"type": "date", "format": "yyyy-MM-dd"},
            "date_last": {"type": "date", "format": "yyyy-MM-dd"},
            "text_hash": _keyword(),
            "duplicate_of": _keyword(),
            "is_duplicate": {"type": "boolean"},
            # The order documents were added in (ties in date order, as
            # Whoosh's document numbers break them).
            "added": {"type": "long"},
            # Captions with their credits, extra JSON fields, warnings: kept, not indexed.
            "record": {"type": "object", "enabled": False},
        },
    }


def settings(shards: int, replicas: int) -> dict:
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        # Readers see the last commit: `Writer.commit` refreshes, nothing else does.
        "refresh_interval": "-1",
        "max_result_window": MAX_WINDOW,
        "analysis": analysis(),
    }


#: Deepest hit a search may page to (OpenSearch keeps `from + size` per shard).
MAX_WINDOW = 100_000


def body(shards: int = 1, replicas: int = 1) -> dict:
    """The whole `PUT /index` request body."""
    return {"settings": {"index": settings(shards, replicas)}, "mappings": mappings()}


# --------------------------------------------------------------------------
# Articles as documents


def _dates(date: str | None) -> dict:
    if not date or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        return {}
    y = int(date[:4])
    m = int(date[5:7]) if len(date) >= 7 else None
    d = int(date[8:10]) if len(date) >= 10 else None
    first_m, last_m = (m, m) if m else (1, 12)
    first_d = d or 1
    last_d = d or calendar.monthrange(y, last_m)[1]
    out = {"year": date[:4], "date_key": y * 10000 + (m or 0) * 100 + (d or 0),
           "date_first": f"{y:04d}-{first_m:02d}-{first_d:02d}", "date_last": f"{y:04d}-{last_m:02d}-{last_d:02d}"}
    if m:
        out["month"] = date[:7]
    if d:
        out["day"] = date[:10]
    return out


def to_source(article: "Article") -> dict:
    """The document of an article (its `_source`), in the order `copy_to`
    feeds `text`: title, headings, captions, body, actors, places."""
    record = {
        "captions": [[c.text, c.credit] for c in article.captions],
        "extra": article.extra,
        "warnings": list(article.warnings),
    }
    doc: dict = {"id": article.id}
    if article.title:
        doc["title"] = article.title
    doc["headings"] = [h for h in article.headings if h]
    doc["captions"] = [c.text for c in article.captions if c.text]
    doc["body"] = article.body
    doc["actor"] = list(article.actors)
    doc["place"] = list(article.places)
    doc["credit"] = list(article.credits)
    doc["paths"] = list(article.paths or (article.path,))
    doc["content_hash"] = article.content_hash
    optional = {"source": article.source, "url": article.url, "line": article.line, "date": article.date,
                "date_precision": article.date_precision, "text_hash": text_hash(article),
                "duplicate_of": article.duplicate_of}
    doc.update({k: v for k, v in optional.items() if v is not None and v != ""})
    if article.date:
        doc.update(_dates(article.date))
    if article.duplicate_of:
        doc["is_duplicate"] = True
    doc["record"] = {k: v for k, v in record.items() if v}
    return doc


def record_of(source: dict) -> dict:
    """A document as ingest's look-ups read it: Whoosh's stored-record keys
    (`paths` newline-joined), with the whole source kept for `article_of`."""
    return {
        "id": source.get("id"),
        "paths": "\n".join(source.get("paths") or ()),
        "content_hash": source.get("content_hash") or "",
        "text_hash": source.get("text_hash"),
        "duplicate_of": source.get("duplicate_of"),
        "line": source.get("line"),
        "_source": source,
    }


def article_of(source: dict) -> "Article":
    """The `Article` a document holds, field for field as it was added."""
    from archive.document import Article, Caption

    record = source.get("record") or {}
    paths = tuple(source.get("paths") or ())
    return Article(
        id=source["id"],
        path=paths[0] if paths else "",
        paths=paths,
        line=source.get("line"),
        body=source.get("body") or "",
        title=source.get("title") or None,
        date=source.get("date"),
        date_precision=source.get("date_precision"),
        source=source.get("source"),
        url=source.get("url"),
        headings=tuple(source.get("headings") or ()),
        captions=tuple(Caption(t, c) for t, c in record.get("captions", ())),
        credits=tuple(source.get("credit") or ()),
        actors=tuple(source.get("actor") or ()),
        places=tuple(source.get("place") or ()),
        extra=record.get("extra") or {},
        content_hash=source.get("content_hash") or "",
        duplicate_of=source.get("duplicate_of"),
        warnings=tuple(record.get("warnings", ())),
    )


def text_hash(article: "Article") -> str | None:
    """Key that syndicated copies share: normalised title and text (the
    same key as the embedded engine's, `archive.index.whoosh.schema.text_hash`).
    Empty text is never a key, so title-only articles are never duplicates."""
    import hashlib

    body = " ".join(fold(article.body).split())
    if not body:
        return None
    title = " ".join(fold(article.title or "").split())
    return hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()[:24]
