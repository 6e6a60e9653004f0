"""The `archive` command line (one module per command in this package): a thin layer over `archive.api.Archive`.

May import `archive.api` and the shared modules (`archive.errors`), and
`archive.index` only for its engine-neutral names (the default location,
the damaged-index error). `startup.py` keeps start-up fast, and a command's
module is imported only when that command (or the list of all) is asked for.

Each command maps option for option onto the method of the same name, and
`--format json` prints exactly the method's `to_dict()`. Errors a user can fix
are one line on stderr (no traceback) with a documented exit status:
0 success, 1 fatal error, 2 usage error, 3 some inputs failed (the rest was
ingested).
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys

import click

from archive.errors import ArchiveError
from .startup import command_starts, defer_unused_imports, leave_quickly, standalone

defer_unused_imports()


class _Group(click.Group):
    def main(self, args=None, **extra):
        if args is not None or not extra.get("standalone_mode", True):
            return super().main(args, **extra)  # in-process (tests, embedding): nothing changes
        standalone()
        try:
            return super().main(args, **extra)
        except SystemExit as e:  # standalone: click always ends with it
            leave_quickly(e.code)
            raise

    def get_command(self, ctx, name):
        """The command `name`, its module imported on first use (a search
        need not define the options of ingest and the rest: about 1.5 ms);
        a name that is none of them imports all, so the "no such command"
        error suggests from every command."""
        module = _COMMANDS.get(name)
        for m in [module] if module else dict.fromkeys(_COMMANDS.values()):
            importlib.import_module(f"{__name__}.{m}")
        return super().get_command(ctx, name)

    def list_commands(self, ctx):
        return sorted(_COMMANDS)

    def resolve_command(self, ctx, args):
        name, cmd, rest = super().resolve_command(ctx, args)
        command_starts(cmd.name if cmd is not None else name)
        return name, cmd, rest

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ArchiveError as e:
            click.echo(f"error: {e}", err=True)
            ctx.exit(e.exit_code)
        except BrokenPipeError:  # `archive search ... | head`: the reader is gone, nothing to say
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
            ctx.exit(0)
        except (OSError, EOFError, _codec_error()) as e:
            # A damaged or vanished index file (a segment deleted by hand, a
            # full disk): one line that says where to look, not a traceback.
            if os.environ.get("ARCHIVE_DEBUG"):
                raise
            index = _given_index()
            click.echo(f"error: cannot read or write the index files ({type(e).__name__}: {e}); "
                       f"run `archive check --index {index}` to see what is wrong and how to fix it "
                       f"(ARCHIVE_DEBUG=1 shows the traceback)", err=True)
            ctx.exit(1)


def _codec_error():
    from archive.index import DamagedIndex

    return DamagedIndex


def _given_index() -> str:
    """The --index the user gave (for a hint printed after a failure)."""
    args = sys.argv[1:]
    for i, a in enumerate(args):
        if a == "--index" and i + 1 < len(args):
            return _no_password(args[i + 1])
        if a.startswith("--index="):
            return _no_password(a.split("=", 1)[1])
    return _no_password(os.environ.get("ARCHIVE_INDEX") or "index")


def _no_password(location: str) -> str:
    """An index URL as it may be shown: `http://user:pw@host` -> `http://user@host`."""
    return re.sub(r"(://[^/@:\s]*):[^/@\s]*@", r"\1@", location)


def _ca_certs(ctx, param, value):
    """`--ca-certs FILE`: the CA of an https OpenSearch cluster (read by the engine from the environment)."""
    if value:
        os.environ["ARCHIVE_OPENSEARCH_CA_CERTS"] = value
    return value


INDEX_HELP = (
    "Index folder, or the URL of an OpenSearch index (http(s)://host:port/NAME) "
    "(default: $ARCHIVE_INDEX, else ./index)."
)


def _resolve_index(ctx, param, value):
    """`--index` after the command, else before it (`archive --index DIR
    search ...`), else $ARCHIVE_INDEX, else ./index."""
    if value is None:
        root = ctx.find_root()
        value = root.params.get("index") if root is not ctx else None
    return value or os.environ.get("ARCHIVE_INDEX") or "index"


def _index_option(f):
    f = click.option(
        "--ca-certs",
        type=click.Path(dir_okay=False),
        default=None,
        expose_value=False,
        callback=_ca_certs,
        help="CA file of an https OpenSearch index (or set ARCHIVE_OPENSEARCH_CA_CERTS).",
    )(f)
    return click.option(
        "--index",
        "index",
        default=None,
        callback=_resolve_index,
        type=str,
        help=INDEX_HELP,
    )(f)


def _format_option(*choices: str):
    def deco(f):
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=choices[0],
            show_default=True,
            help="Output: text for people, json for scripts.",
        )(f)

    return deco


def _archive(index: str):
    from archive.api import Archive

    return Archive(index)


def _shown_path(path: str) -> str:
    """A path relative to here when it is below here; a URL as it is."""
    if "://" in path:
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="archive", prog_name="archive")
@click.option("--index", "index", default=None, type=str, help=INDEX_HELP)
def main(index) -> None:
    """A full-text search archive for Dutch news, on a local Whoosh index.

    \b
    Shell completion (bash; zsh and fish likewise):
      eval "$(_ARCHIVE_COMPLETE=bash_source archive)"
    """


#: Each command's module (in this package), where it registers itself on
#: `main` when imported (`_Group.get_command`).
_COMMANDS = {
    "check": "check_cmd",
    "export": "export_cmd",
    "stats": "export_cmd",
    "ingest": "ingest_cmd",
    "optimize": "optimize_cmd",
    "search": "search_cmd",
    "similar": "search_cmd",
    "serve": "serve_cmd",
    "show": "show_cmd",
}
