"""`archive optimize`: thin layer over `Archive.optimize`."""

from __future__ import annotations

import click

from . import _archive, _dump, _format_option, _index_option, main


@main.command()
@_index_option
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Seconds to wait while another process writes the index (default 60).")
@_format_option("text", "json")
def optimize(index, lock_timeout, fmt):
    """Merge the index's segments into one (faster searches, deleted articles' space freed)."""

    def waiting():
        click.echo("waiting for another process to finish writing the index…", err=True)

    report = _archive(index).optimize(lock_timeout=lock_timeout, on_wait=waiting)
    if fmt == "json":
        _dump(report.to_dict())
    else:
        click.echo(report.summary())
