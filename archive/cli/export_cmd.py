"""`archive export` and `archive stats`: thin layers over `Archive.export`
and `Archive.stats`."""

from __future__ import annotations

import sys

import click

from . import _archive, _dump, _format_option, _index_option, main
from .search_cmd import filter_options


@main.command()
@click.argument("query", nargs=-1)
@_index_option
@filter_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file (default: standard output).")
@_format_option("jsonl", "csv")
def export(query, index, actor, place, credit, source, date_from, date_to, date, collapse_duplicates,
           output, fmt):
    """Write every matching article, with every stored field, one a line
    (jsonl) or row (csv, list fields as JSON), oldest first.

    Without QUERY or filters, the whole archive. Takes the query language
    and filters of `archive search`.
    """
    arc = _archive(index)
    filters = dict(actor=actor, place=place, credit=credit, source=source, date_from=date_from,
                   date_to=date_to, date=date, collapse_duplicates=collapse_duplicates)
    q = " ".join(query) or None
    if output is None:
        n = arc.export(sys.stdout, q, format=fmt, **filters)
    else:
        with open(output, "w", encoding="utf-8", newline="") as f:
            n = arc.export(f, q, format=fmt, **filters)
    click.echo(f"{n} article{'s' if n != 1 else ''} exported" + (f" to {output}" if output else ""), err=True)


@main.command()
@_index_option
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many top sources, actors, places and credits.")
@_format_option("text", "json")
def stats(index, top, fmt):
    """What the archive holds: articles, date range, sources, top actors and
    places, index size and schema version."""
    st = _archive(index).stats(top=top)
    if fmt == "json":
        _dump(st.to_dict())
        return
    d = st.to_dict()
    click.echo(f"index:      {d['index']} ({d['engine']}, schema {d['schema_version']}, "
               f"{d['index_bytes'] / 1e6:.1f} MB)")
    if d["engine"] == "opensearch":
        click.echo(f"cluster:    OpenSearch {d['opensearch']}, {d['nodes']} node(s), {d['health']}; index "
                   f"{d['concrete_index']}, {d['shards']} shard(s), {d['replicas']} replica(s)")
    click.echo(f"articles:   {d['articles']} ({d['duplicates']} marked duplicate, {d['undated']} undated)")
    click.echo(f"dates:      {d['first_date'] or '-'} .. {d['last_date'] or '-'}")
    for name in ("sources", "actors", "places", "credits"):
        values = d[name]
        if values:
            width = max(len(str(v["count"])) for v in values)
            click.echo(f"\n{name}:")
            for v in values:
                click.echo(f"  {v['count']:>{width}}  {v['value']}")
