"""The pages and the JSON endpoints.

Each view reads its URL (`params.parse`), asks the app's `Archive`, and lays
the answer out with a template; `.json` views return exactly the bytes the
CLI prints for the same arguments (`archive search --format json` is
`SearchResult.to_dict()`, `archive show --format json` is
`Article.to_dict()`, both indented by two). Anything a user can fix is a
page that says so (400 for a parameter or query, 404 for an id, 503 while
there is no readable index), and the JSON endpoints answer `{"error": ...}`
with the same status; nothing a user types is ever a traceback.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from archive.errors import ArchiveError, IndexMissing, NotFound, QueryError, UsageError
from archive.serve import labels, panels
from archive.serve.params import VALUE_FILTERS, ParamError, SearchArgs, parse, web_message
from archive.serve.templating import article_url

log = logging.getLogger("archive.serve")
#: What the page's "as JSON" link asks for: the panels' facets and months.
PAGE_FACETS = VALUE_FILTERS + ("month",)


def dumps(data) -> bytes:
    """JSON exactly as the CLI prints it (`click.echo(json.dumps(..., indent=2))`)."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json(data, status: int = 200) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json")


def _lang(request: Request) -> str:
    override = request.query_params.get("lang")
    return labels.choose(request.headers.get("accept-language"), override if override in labels.LABELS else None)


def _render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    lang = context.pop("lang", None) or _lang(request)
    env = request.app.state.env
    args = context.pop("args", None) or SearchArgs()
    # This page's path for its language links (an article's id made one segment).
    here = context.pop("here", None) or quote(request.scope["path"])
    html = env.get_template(template).render(
        t=labels.LABELS[lang], lang=lang, args=args, index=request.app.state.reader.location,
        lang_urls={code: args.in_lang(code).url() if here == "/search" else f"{here}?lang={code}"
                   for code in labels.LABELS},
        **context)
    return HTMLResponse(html, status_code=status, headers={"vary": "Accept-Language"})


# -- errors -----------------------------------------------------------------
def _status(exc: Exception) -> int:
    if isinstance(exc, (QueryError, UsageError)):
        return 400
    if isinstance(exc, NotFound):
        return 404
    return 503


def _problem(request: Request, exc: Exception, *, as_json: bool, args: SearchArgs | None = None) -> Response:
    """An error a user can act on, as a page or as JSON."""
    if isinstance(exc, ArchiveError):
        message = web_message(str(exc))
    else:  # a damaged or vanished index file
        message = (f"cannot read the index files ({type(exc).__name__}: {exc}); "
                   f"run `archive check --index {request.app.state.reader.location}`")
    status = _status(exc)
    if as_json:
        return _json({"error": message}, status)
    kind = ("no_index" if isinstance(exc, IndexMissing) else "index_problem" if status == 503
            else "not_found" if status == 404 else "error")
    return _render(request, "error.html", status, kind=kind, message=message, args=args or SearchArgs())


def _read_errors():
    """What reading the archive may raise that is the user's or the index's
    business, not a bug: `ArchiveError`s, and a damaged index file."""
    from archive.index import DamagedIndex

    return (ArchiveError, OSError, EOFError, DamagedIndex)


def not_found(request: Request) -> Response:
    return _problem(request, NotFound(f"nothing at {request.url.path}"), as_json=request.url.path.endswith(".json"))


async def not_found_handler(request: Request, exc) -> Response:
    return not_found(request)


async def not_allowed_handler(request: Request, exc) -> Response:
    text = "this archive is read-only: only GET and HEAD requests are answered"
    return Response(text + "\n", status_code=405, media_type="text/plain; charset=utf-8",
                    headers={"allow": "GET, HEAD"})


async def internal_error(request: Request, exc: Exception) -> Response:
    """A bug: logged with its traceback on the server, a plain page for the user."""
    log.exception("error serving %s", request.url.path)
    if request.url.path.endswith(".json"):
        return _json({"error": "internal error; see the server's log"}, 500)
    return _render(request, "error.html", 500, kind="error", message=labels.LABELS[_lang(request)]["internal"])


# -- pages ------------------------------------------------------------------
def home(request: Request) -> Response:
    lang = _lang(request)
    reader = request.app.state.reader
    try:
        parse([(k, v) for k, v in request.query_params.multi_items() if k == "lang"])
        count = reader.count()
        months = reader.search(None, facets=["month"], facet_limit=0, limit=1).facets["month"]
    except _read_errors() as e:
        return _problem(request, e, as_json=False)
    args = SearchArgs(lang=request.query_params.get("lang"))
    hist = panels.histogram(months, args, lang, base_url=lambda m: SearchArgs(date=(m,), lang=args.lang).url())
    dated = [v.value for v in months if v.value != "no date"]
    return _render(request, "home.html", lang=lang, args=args, count=count, histogram=hist,
                   first=dated[0] if dated else None, last=dated[-1] if dated else None)


def _search(reader, args: SearchArgs, **changes):
    kwargs = {**args.search_kwargs(), **changes}
    return reader.search(args.q, **kwargs)


def _empty_filters(reader, args: SearchArgs, lang: str) -> list[str]:
    """For a search that found nothing: the filter values that no article in
    the archive holds at all (a typo in a URL is then named)."""
    words = labels.LABELS[lang]
    out = []
    for name in VALUE_FILTERS:
        for value in args.values(name):
            if reader.search(None, **{name: [value]}, limit=1).total == 0:
                out.append(f"{words['filter_' + name]} {value!r}")
    return out


def search_page(request: Request) -> Response:
    lang = _lang(request)
    reader = request.app.state.reader
    try:
        args = parse(request.query_params.multi_items())
    except ParamError as e:  # keep what was typed in the search box
        typed = request.query_params.get("q", "")[:1000]
        return _problem(request, e, as_json=False, args=SearchArgs(q=typed or None))
    try:
        # One search for the hits, the panels without an active value and,
        # unless a date is chosen, the months (the histogram's span as the
        # limit: cheaper than a second search for the months alone).
        own = [f for f in VALUE_FILTERS if not args.values(f)]
        with_months = not args.date
        limit = panels.HISTOGRAM_SPAN if with_months else max(
            [panels.panel_limit(f, args) for f in own], default=panels.PANEL_VALUES + 1)
        res = _search(reader, args, facets=own + (["month"] if with_months else []), facet_limit=limit)
        facets = dict(res.facets)
        for name in VALUE_FILTERS:  # a panel with an active value: counted without its own filter
            if name not in facets:
                facets[name] = _search(reader, args.removing(name), facets=[name], limit=1, page=1,
                                       facet_limit=panels.panel_limit(name, args)).facets[name]
        months = facets.pop("month", None)
        if months is None or sum(v.value != "no date" for v in months) >= panels.HISTOGRAM_SPAN:
            months = _search(reader, replace(args, date=()), facets=["month"], facet_limit=0, limit=1,
                             page=1).facets["month"]
        empty = _empty_filters(reader, args, lang) if res.total == 0 else []
    except _read_errors() as e:
        return _problem(request, e, as_json=False, args=args)
    first = (args.page - 1) * args.limit + 1
    json_args = replace(args, facets=PAGE_FACETS, lang=None, more=None)
    return _render(
        request, "search.html", lang=lang, args=args, res=res, first=first, last=first + len(res.hits) - 1,
        panels=[panels.panel(name, facets[name], args, lang) for name in VALUE_FILTERS],
        chips=panels.chips(args, lang), histogram=panels.histogram(months, args, lang),
        pager=panels.pager(args, res.total), empty_filters=empty,
        suggestion_url=args.with_query(res.suggestion).url() if res.suggestion else None,
        sort_urls={s: args.sorted_by(s).url() for s in ("relevance", "newest", "oldest")},
        clear_url=args.without_filters().url(), json_url=json_args.url("/search.json"),
        filter_url=lambda name, value: args.adding(name, value).url(),
    )


def search_json(request: Request) -> Response:
    reader = request.app.state.reader
    try:
        args = parse(request.query_params.multi_items(), for_json=True)
        res = reader.search(args.q, **args.search_kwargs())
    except _read_errors() as e:
        return _problem(request, e, as_json=True)
    return _json(res.to_dict())


def _article_id(request: Request) -> str:
    unknown = [k for k in request.query_params if k != "lang"]
    if unknown:
        raise ParamError(f"unknown parameter {unknown[0]!r}; an article page takes only lang")
    return request.path_params["id"]


def article_page(request: Request) -> Response:
    lang = _lang(request)
    reader = request.app.state.reader
    try:
        article_id = _article_id(request)
        parse([(k, v) for k, v in request.query_params.multi_items() if k == "lang"])
        article = reader.show(article_id)
        similar = reader.similar(article_id, limit=10)
    except _read_errors() as e:
        return _problem(request, e, as_json=False)
    args = SearchArgs(lang=request.query_params.get("lang"))
    extra = [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in article.extra.items()]
    return _render(request, "article.html", lang=lang, args=args, a=article, similar=similar, extra=extra,
                   here=article_url(article.id),
                   filter_url=lambda name, value: SearchArgs(lang=args.lang).adding(name, value).url())


def article_json(request: Request) -> Response:
    reader = request.app.state.reader
    try:
        article = reader.show(_article_id(request))
    except _read_errors() as e:
        return _problem(request, e, as_json=True)
    return _json(article.to_dict())

