"""`archive ingest`: thin layer over `Archive.ingest`."""

from __future__ import annotations

import sys

import click

from . import _archive, _dump, _format_option, _index_option, _shown_path, main


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_index_option
@click.option("--prune", is_flag=True, help="Remove articles whose source file is gone.")
@click.option("--rebuild", is_flag=True, help="Build a fresh index and swap it in when complete.")
@click.option("--lock-timeout", type=float, default=None,
              help="Seconds to wait for another writer (default 300).")
@_format_option("text", "json")
def ingest(paths, index, prune, rebuild, lock_timeout, fmt):
    """Ingest articles from files and folders (recursively) into the index."""
    arc = _archive(index)

    def waiting():
        click.echo("waiting for another process to finish writing the index…", err=True)

    report = arc.ingest(paths, prune=prune, rebuild=rebuild, lock_timeout=lock_timeout,
                        on_wait=waiting)
    if fmt == "json":
        _dump(report.to_dict())
    else:
        for err in report.errors:
            click.echo(f"failed: {err}", err=True)
        for w in report.warnings:
            click.echo(f"warning: {w}", err=True)
        click.echo(f"{report.summary()} ({_shown_path(str(arc.path))})")
        if report.interrupted:
            click.echo(f"interrupted: {report.committed} articles committed", err=True)
    sys.exit(report.exit_code)
