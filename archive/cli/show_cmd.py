"""`archive show`: thin layer over `Archive.show`."""

from __future__ import annotations

import json

import click

from . import _archive, _dump, _format_option, _index_option, _shown_path, main


def _print_article(a) -> None:
    click.echo(click.style(a.title or a.display_title or "(untitled)", bold=True))
    rows = [
        ("id", a.id),
        ("date", f"{a.date} ({a.date_precision})" if a.date else "no date"),
        ("source", a.source),
        ("url", a.url),
        ("paths", "\n        ".join(_shown_path(p) for p in (a.paths or (a.path,)))),
        ("line", a.line),
        ("actors", ", ".join(a.actors)),
        ("places", ", ".join(a.places)),
        ("credits", ", ".join(a.credits)),
        ("duplicate of", a.duplicate_of),
    ]
    for name, value in rows:
        if value not in (None, ""):
            click.echo(f"{name + ':':<8}{value}" if len(name) < 8 else f"{name}: {value}")
    for key, value in a.extra.items():
        click.echo(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    if a.headings:
        click.echo("\nheadings:")
        for h in a.headings:
            click.echo(f"  - {h}")
    if a.captions:
        click.echo("\ncaptions:")
        for c in a.captions:
            click.echo(f"  - {c.text}" + (f" [{c.credit}]" if c.credit else ""))
    click.echo("\n" + a.body)


@main.command()
@click.argument("id")
@_index_option
@_format_option("text", "json")
def show(id, index, fmt):
    """Show one article whole, with everything stored about it."""
    article = _archive(index).show(id)
    if fmt == "json":
        _dump(article.to_dict())
    else:
        _print_article(article)
