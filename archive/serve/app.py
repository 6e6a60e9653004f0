"""The ASGI app: routes, the one `Archive` every request reads, safety headers,
the package's static files, and errors as pages.

One `Archive` per app: it keeps a Whoosh searcher open between requests and
renews it when another process (an `archive ingest`) has committed, so the
pages see new articles without a restart. Starlette runs the (blocking)
views in its thread pool; the archive is used under one lock, because a
searcher being renewed must not be closed under another request.

Safe by default: GET and HEAD only (nothing writes); the host header must
name this machine unless the server was bound elsewhere on purpose (no DNS
rebinding from a web page); every response carries a Content-Security-Policy
that allows only this server's own script and style, no framing, no
referrer; `/static/NAME` serves only the files found in the package's
`static/` folder at start-up, by name, so no URL reaches any other file.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from archive.serve.templating import environment

STATIC = Path(__file__).with_name("static")
#: The Host header names of this machine (as Starlette parses them: IPv6 in brackets).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


class Reader:
    """The app's `Archive`, used by one request at a time."""

    def __init__(self, archive) -> None:
        self.archive = archive
        self.lock = threading.Lock()

    @property
    def location(self) -> str:
        return str(self.archive.path)

    def search(self, query, **options):
        with self.lock:
            return self.archive.search(query, **options)

    def show(self, article_id: str):
        with self.lock:
            return self.archive.show(article_id)

    def similar(self, article_id: str, limit: int = 10):
        with self.lock:
            return self.archive.similar(article_id, limit=limit)

    def count(self) -> int:
        with self.lock:
            return self.archive.count()


class SafetyHeaders:
    """ASGI middleware: the headers above on every response."""

    def __init__(self, app) -> None:
        self.app = app
        self.extra = [(k.encode(), v.encode()) for k, v in HEADERS.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.extra if k not in have]
            await send(message)

        await self.app(scope, receive, sending)


def static_files() -> dict[str, tuple[bytes, str]]:
    """Every regular file directly in `static/`, read once: the only files
    the server ever sends."""
    out = {}
    for path in sorted(STATIC.iterdir()):
        if path.is_file() and not path.is_symlink():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
                kind += "; charset=utf-8"
            out[path.name] = (path.read_bytes(), kind)
    return out


def create_app(archive, *, allowed_hosts=None) -> Starlette:
    """The app serving `archive` (an `archive.Archive`; it need not exist yet:
    until it does, every page says how to make it). `allowed_hosts`: the
    names the Host header may give (default: this machine's loopback names;
    `["*"]` for any)."""
    from archive.serve import views

    files = static_files()

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in files:
            return views.not_found(request)
        body, kind = files[name]
        return Response(body, media_type=kind, headers={"cache-control": "public, max-age=3600"})

    routes = [
        Route("/", views.home, methods=["GET", "HEAD"]),
        Route("/search.json", views.search_json, methods=["GET", "HEAD"]),
        Route("/search", views.search_page, methods=["GET", "HEAD"]),
        Route("/article/{id:path}.json", views.article_json, methods=["GET", "HEAD"]),
        Route("/article/{id:path}", views.article_page, methods=["GET", "HEAD"]),
        Route("/static/{name}", static, methods=["GET", "HEAD"]),
    ]
    middleware = [
        Middleware(SafetyHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or LOOPBACK_HOSTS)),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: views.not_found_handler, 405: views.not_allowed_handler,
                            Exception: views.internal_error},
    )
    app.state.reader = Reader(archive)
    app.state.env = environment()
    return app


def run(archive, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Serve until Ctrl-C. A host other than this machine's loopback serves
    anyone who can reach it (the caller chose that), so any Host header is
    accepted there."""
    import socket

    import uvicorn

    from archive.errors import UsageError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as e:
        raise UsageError(f"cannot listen on {host}:{port} ({e.strerror or e}); pass another --port or --host") from None
    hosts = [*LOOPBACK_HOSTS, f"[{host}]" if ":" in host else host] if _loopback(host) else ["*"]
    app = create_app(archive, allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    print(f"archive serve: {archive.path} at http://{shown}:{port}/ (Ctrl-C stops)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def _loopback(host: str) -> bool:
    """Whether `host` is an address (or the name) of this machine's loopback."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
