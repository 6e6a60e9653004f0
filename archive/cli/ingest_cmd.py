"""`archive ingest`: thin layer over `Archive.ingest`.

Exit status: 0 everything ingested; 3 some inputs failed (each reported on
stderr as one `failed: PATH[:LINE]: reason` line) and the rest went in; 2 usage
error; 1 fatal error (nothing half-written: the last commit stands); 130
interrupted (what was committed stays, re-run the same command to finish).
"""

from __future__ import annotations

import sys

import click

from archive.errors import ArchiveError
from . import _archive, _dump, _format_option, _index_option, _shown_path, main

#: Warnings printed one per line; beyond this a count (all are in --format json).
MAX_WARNING_LINES = 20


def _kinds(warnings, most: int = 8):
    """Warnings counted by kind (what a warning says, without where and the
    names and numbers in it), most common first; the last row counts the rest,
    so every warning the summary counts is accounted for."""
    import re
    from collections import Counter

    def kind(w: str) -> str:
        said = re.sub(r"^.*?(?::\d+| \(item \d+\))?: ", "", w, count=1) if ": " in w else w
        said = re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", said)
        return said[:80]

    counts = Counter(kind(w) for w in warnings).most_common()
    shown = counts[:most]
    others = sum(n for _, n in counts[most:])
    return shown + ([("other kinds", others)] if others else [])


class _Bar:
    """tqdm progress bar on stderr: articles, rate and ETA."""

    def __init__(self) -> None:
        import os

        from tqdm import tqdm

        try:
            sized = os.get_terminal_size(sys.stderr.fileno()).columns > 0
        except (OSError, ValueError):
            sized = False
        width = {"dynamic_ncols": True} if sized else {"ncols": 80}
        # nrows: a pseudo-terminal may report 0 rows, which makes tqdm hide the bar.
        self.bar = tqdm(total=None, unit=" articles", file=sys.stderr, mininterval=0.25,
                        smoothing=0.05, leave=False, nrows=20, **width)

    def __call__(self, p) -> None:
        bar = self.bar
        if p.total is not None and bar.total != max(p.total, p.done):
            bar.total = max(p.total, p.done)
            bar.refresh()
        if p.done > bar.n:
            bar.update(p.done - bar.n)

    def close(self) -> None:
        self.bar.close()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_index_option
@click.option("--prune", is_flag=True,
              help="Also remove articles whose source file under PATHS is gone "
                   "(and records no longer in a JSON file).")
@click.option("--rebuild", is_flag=True,
              help="Build a fresh index from PATHS beside the old one; swap it in only when complete.")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Seconds to wait while another process writes the index (default 60).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction and indexing (default: number of CPUs).")
@click.option("--commit-every", type=click.IntRange(min=1), default=None, metavar="N",
              help="Commit (make durable and searchable) every N articles (default 100000).")
@click.option("--aliases", "aliases", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Your alias table (kind<TAB>canonical<TAB>alias|alias), kept with the index.")
@click.option("--strict", is_flag=True,
              help="Exit 3 on any failed input, also on failures unchanged since the last ingest.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, waiting notice or warnings.")
@_format_option("text", "json")
def ingest(paths, index, prune, rebuild, lock_timeout, jobs, commit_every, aliases, strict, quiet, fmt):
    """Ingest articles from files and folders (recursively) into the index.

    Unchanged files are skipped; changed ones replace what they held. Every
    input that cannot be ingested is reported (exit status 3), never dropped.
    """
    arc = _archive(index)

    def waiting():
        if not quiet:
            click.echo("waiting for another process to finish writing the index…", err=True)

    def interrupted(message):
        click.echo(message, err=True)

    bar = _Bar() if (not quiet and sys.stderr.isatty()) else None
    try:
        report = arc.ingest(paths, prune=prune, rebuild=rebuild, lock_timeout=lock_timeout,
                            jobs=jobs, commit_every=commit_every, on_wait=waiting,
                            on_interrupt=interrupted, progress=bar, aliases=aliases, strict=strict)
    except ArchiveError as e:
        if fmt == "json":  # a script reading stdout learns why too
            _dump({"index": str(arc.path), "error": str(e), "exit_code": e.exit_code})
        raise
    finally:
        if bar is not None:
            bar.close()
    if fmt == "json":
        _dump(report.to_dict())
    else:
        for err in report.errors:
            click.echo(f"failed: {err}", err=True)
        if not quiet:
            for w in report.warnings[:MAX_WARNING_LINES]:
                click.echo(f"warning: {w}", err=True)
            rest = report.warnings[MAX_WARNING_LINES:]
            if rest:
                click.echo(f"warning: … and {len(rest)} more (all in --format json):", err=True)
                for kind, n in _kinds(rest):
                    click.echo(f"warning:   {n} × {kind}", err=True)
        click.echo(f"{report.summary()} ({_shown_path(str(arc.path))})")
    if report.interrupted and rebuild:
        click.echo("interrupted: the rebuild was discarded, the index is as it was; run the same "
                   "command again to rebuild", err=True)
    elif report.interrupted:
        click.echo(f"interrupted: {report.committed} articles committed; run the same command "
                   f"again to finish", err=True)
    sys.exit(report.exit_code)
