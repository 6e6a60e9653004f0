"""The archive out again: every stored field of every matching article, as
JSON Lines or CSV, for pandas, R or another tool.

JSON Lines: one `Article.to_dict()` per line (exactly what `archive show
--format json` prints for it). CSV: one row per article with a header; plain
values as they are, list and object fields (headings, captions, actors,
places, credits, paths, extra, warnings) as JSON in their cell, so nothing is
lost or ambiguous (`json.loads` in pandas, `jsonlite::fromJSON` in R). Both
are UTF-8. Articles come oldest first, undated last, ties in index order.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Iterable, Iterator

from archive.document import Article

FORMATS = ("jsonl", "csv")
#: CSV columns, in order: every field of `Article.to_dict()`.
ARTICLE_COLUMNS = (
    "id", "title", "date", "date_precision", "source", "url", "path", "paths", "line", "headings",
    "captions", "credits", "actors", "places", "body", "extra", "duplicate_of", "content_hash", "warnings",
)
HIT_COLUMNS = (
    "id", "path", "title", "lead", "date", "date_precision", "score", "snippet", "source", "url",
    "actors", "places", "credits", "duplicate_of",
)


def cell(value) -> str:
    """One CSV cell: None empty, lists and objects as JSON, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_csv(rows: Iterable[dict], columns: tuple[str, ...], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
        n += 1
    return n


def write_jsonl(rows: Iterable[dict], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_articles(articles: Iterator[Article], out: IO[str], fmt: str = "jsonl") -> int:
    """Write `articles` to `out` in `fmt`; the number written."""
    rows = (a.to_dict() for a in articles)
    if fmt == "csv":
        return write_csv(rows, ARTICLE_COLUMNS, out)
    return write_jsonl(rows, out)
