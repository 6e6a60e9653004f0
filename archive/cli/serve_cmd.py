"""`archive serve`: thin layer over `Archive.serve` (the search pages and JSON)."""

from __future__ import annotations

import click

from . import _archive, _index_option, main


@main.command()
@_index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
def serve(index, host, port):
    """Serve the archive as web pages and JSON (read-only) until Ctrl-C.

    \b
    /                 search box, size and date range of the archive
    /search?q=...     hits, facets, month histogram (same filters as `archive search`)
    /search.json      what `archive search --format json` prints
    /article/ID       one article whole, with similar articles
    /article/ID.json  what `archive show --format json` prints
    Needs the serve extra: pip install 'archive[serve]'.
    """
    _archive(index).serve(host=host, port=port)
