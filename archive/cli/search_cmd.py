"""`archive search` and `archive similar`: thin layers over `Archive.search`
and `Archive.similar`."""

from __future__ import annotations

import json
import re
import sys

import click

from . import _archive, _dump, _format_option, _index_option, _shown_path, main

FACETS = ("actor", "place", "credit", "source", "year", "month", "day")


def _highlight(snippet: str, color: bool) -> str:
    if not color:
        return snippet
    return re.sub(r"\*\*(.+?)\*\*", lambda m: click.style(m.group(1), bold=True, fg="yellow"), snippet)


def _print_hits(res, color: bool, head: str) -> None:
    first = (res.page - 1) * res.limit + 1
    if res.hits:
        head += f" (showing {first}-{first + len(res.hits) - 1})"
    click.echo(click.style(head, bold=True), color=color)
    if res.suggestion:
        click.echo(f"Did you mean: {click.style(res.suggestion, bold=True)}?", color=color)
    for n, hit in enumerate(res.hits, first):
        click.echo("", color=color)
        title = click.style(hit.display_title, bold=True)
        click.echo(f"{n:>3}. {title}  [{hit.date or 'no date'}]", color=color)
        meta = f"id {hit.id} · {_shown_path(hit.path)}"
        if hit.source:
            meta += f" · {hit.source}"
        if hit.score is not None:
            meta += f" · score {hit.score:.2f}"
        if hit.duplicate_of:
            meta += f" · duplicate of {hit.duplicate_of}"
        click.echo("     " + click.style(meta, dim=True), color=color)
        if hit.snippet:
            click.echo("     " + _highlight(hit.snippet, color), color=color)


def _print_facets(res, color: bool) -> None:
    for name, values in res.facets.items():
        click.echo("", color=color)
        click.echo(click.style(f"{name}:", bold=True), color=color)
        if not values:
            click.echo("  (none)", color=color)
        width = max((len(str(v.count)) for v in values), default=1)
        for v in values:
            click.echo(f"  {v.count:>{width}}  {v.value}", color=color)


def _emit(res, fmt: str, head: str) -> None:
    if fmt == "json":
        _dump(res.to_dict())
    elif fmt == "jsonl":
        for hit in res.hits:
            click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
    elif fmt == "csv":
        from archive.search.export import HIT_COLUMNS, write_csv

        write_csv((h.to_dict() for h in res.hits), HIT_COLUMNS, click.get_text_stream("stdout"))
    else:
        color = sys.stdout.isatty()
        _print_hits(res, color, head)
        _print_facets(res, color)


def filter_options(f):
    """The filters `search` and `export` share."""
    options = [
        click.option("--actor", multiple=True, help="Mentions this person (repeatable: any of them)."),
        click.option("--place", multiple=True, help="Mentions this place (repeatable: any of them)."),
        click.option("--credit", multiple=True, help="Has a photo by this credit (repeatable)."),
        click.option("--source", multiple=True, help="From this source (repeatable)."),
        click.option("--from", "date_from", metavar="DATE",
                     help="Dated on or after DATE (2022, 2022-12, 2022-12-19, '19 december 2022', 'dec 2022')."),
        click.option("--to", "date_to", metavar="DATE", help="Dated on or before DATE (same forms)."),
        click.option("--date", "date", multiple=True, metavar="VALUE",
                     help="Exactly this date facet value: 2022, 2022-12, 2022-12-19 or 'no date' (repeatable)."),
        click.option("--collapse-duplicates", is_flag=True,
                     help="Show one article of each set of syndicated copies."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@main.command()
@click.argument("query", nargs=-1)
@_index_option
@filter_options
@click.option("--facet", "facets", multiple=True, type=click.Choice(FACETS),
              help="Count values of this facet over all matches (repeatable).")
@click.option("--facet-limit", type=click.IntRange(min=0), default=10, show_default=True,
              help="Values per facet (date facets: the latest buckets); 0 for all.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
              show_default=True, help="Order of hits (no query: newest first).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page number.")
@_format_option("text", "json", "jsonl", "csv")
def search(query, index, actor, place, credit, source, date_from, date_to, date, collapse_duplicates, facets,
           facet_limit, sort, limit, page, fmt):
    """Search the archive. Without QUERY, browse every article, newest first.

    \b
    Query language: words (all must match), "exact phrases", AND / OR / NOT,
    (grouping), prefix*, fuzzy~ (one edit), and field:value for title, body,
    caption, heading, actor, place, credit and source.
    Filters: repeated values of one filter are OR-ed, different filters AND-ed.
    Unquoted words are one query: `archive search oorlog Oekraïne`.
    """
    query = " ".join(query) or None
    res = _archive(index).search(
        query, limit=limit, page=page, sort=sort, actor=actor, place=place, credit=credit,
        source=source, date_from=date_from, date_to=date_to, date=date, facets=facets,
        facet_limit=facet_limit, collapse_duplicates=collapse_duplicates,
    )
    if res.total == 0 and fmt == "text" and _archive(index).count() == 0:
        click.echo(f"note: the index at {index} holds no articles yet: run `archive ingest PATH...` "
                   f"(or pass --index DIR / set ARCHIVE_INDEX)", err=True)
    if res.query:
        head = f"{res.total} hit{'s' if res.total != 1 else ''} for {res.query!r}"
    else:
        head = f"{res.total} article{'s' if res.total != 1 else ''}"
    _emit(res, fmt, head)


@main.command()
@click.argument("id")
@_index_option
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="How many.")
@_format_option("text", "json", "jsonl")
def similar(id, index, limit, fmt):
    """The articles most similar to article ID (shared words, actors, places)."""
    res = _archive(index).similar(id, limit=limit)
    _emit(res, fmt, f"{res.total} article{'s' if res.total != 1 else ''} similar to {id}")
