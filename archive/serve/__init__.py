"""`archive serve`: the archive as web pages and JSON, for people who would rather click than type.

Holds the ASGI app (`app.py`: routes, one shared `Archive`, safety headers,
the package's own static files), the pages (`views.py`), the URL <-> search
arguments mapping (`params.py`), what the search page shows beside the hits
(`panels.py`), every label in Dutch and English (`labels.py`), the Jinja2
set-up (`templating.py`, autoescape on), and `templates/` and `static/`.

May import the shared modules (`archive.errors`, `archive.results`,
`archive.document`), `archive.index` for its engine-neutral names (the
damaged-index error), and Starlette, Jinja2 and uvicorn (the `serve`
extra). Never `archive.api`: `Archive.app()` and `Archive.serve()` import
this package and hand it their `Archive`, so importing back would be a
cycle. Starlette is imported only when an app is made, so a missing extra
is a one-line message, not an ImportError.
"""

from __future__ import annotations

from archive.errors import UsageError

__all__ = ["create_app", "run"]

EXTRA_HINT = "the web pages need the serve extra: pip install 'archive[serve]' (starlette, uvicorn, jinja2)"


def _require(*modules: str) -> None:
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            raise UsageError(f"{name} is not installed: {EXTRA_HINT}") from None


def create_app(archive, *, allowed_hosts=None):
    """The ASGI app serving `archive` (an `archive.Archive`); see `app.create_app`."""
    _require("starlette", "jinja2")
    from archive.serve.app import create_app as make

    return make(archive, allowed_hosts=allowed_hosts)


def run(archive, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Serve `archive` with uvicorn until Ctrl-C (see `app.run`)."""
    _require("starlette", "jinja2", "uvicorn")
    from archive.serve.app import run as serve

    serve(archive, host=host, port=port, log_level=log_level)
