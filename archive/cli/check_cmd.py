"""`archive check`: thin layer over `Archive.check`.

Exit status: 0 no problem found; 1 problems found (each printed with how to
fix it) or the index cannot be opened.
"""

from __future__ import annotations

import sys

import click

from . import _archive, _dump, _format_option, _index_option, _shown_path, main


@main.command()
@_index_option
@click.option("--quick", is_flag=True, help="Do not read the source files (only check that they exist).")
@click.option("--repair", is_flag=True, help="Fix wrong duplicate marks in place, then check again.")
@_format_option("text", "json")
def check(index, quick, repair, fmt):
    """Verify the index: every segment reads, ids and duplicate marks agree,
    and the source files it knows about are still there and unchanged."""
    report = _archive(index).check(quick=quick, repair=repair)
    if fmt == "json":
        _dump(report.to_dict())
    else:
        where = _shown_path(report.index)
        if report.generation is not None:
            click.echo(f"index {where}: {report.documents} articles in {report.segments} segment(s), "
                       f"{report.deleted} deleted awaiting a merge (generation {report.generation})")
            if report.sources_checked:
                click.echo(f"sources: {report.source_files} file(s) known, {report.missing_files} missing, "
                           f"{report.changed_files} changed")
        for note in report.notes:
            click.echo(f"note: {note}")
        for p in report.problems:
            click.echo(f"problem: {p.message}")
            click.echo(f"  fix: {p.fix}")
        click.echo("ok" if report.ok else f"{len(report.problems)} problem(s) found")
    sys.exit(report.exit_code)
