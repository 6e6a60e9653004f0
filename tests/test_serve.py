"""`archive serve` over HTTP: a real uvicorn on 127.0.0.1 serving a real index
built from files written here plus `seeds/`, read with urllib.

Every link the pages offer is followed and checked against what it claims
(a facet count, a month bar, a chip), the JSON endpoints are compared byte
for byte with what the CLI prints for the same arguments, and bad input of
every kind must be a message, never a 500 or a traceback.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest

from archive import Archive

from .conftest import ROOT, SEEDS

try:
    import uvicorn
except ImportError:  # the suite's own run (`.ci/run`) requires it: there this is a failure
    if os.environ.get("ARCHIVE_REQUIRE_BROWSER_TESTS"):
        raise
    pytest.skip("the serve extra is not installed: pip install -e '.[test]'", allow_module_level=True)

RECORDS = [
    # id, date, source, title, text
    ("nl-01", "2022-10-03", "NOS", "Premier Rutte bezoekt Kyiv",
     "Premier Mark Rutte reisde maandag naar Kyiv voor overleg met president Zelensky. In Kyiv sprak hij over steun aan Oekraïne."),
    ("nl-02", "2022-10-20", "NRC", "Gasprijs stijgt verder",
     "De gasprijs in Amsterdam en Rotterdam steeg opnieuw. Huishoudens in Amsterdam betalen meer dan ooit."),
    ("nl-03", "2022-12-05", "NOS", "Loekasjenko ontvangt gasten in Minsk",
     "In Minsk ontving president Aleksandr Loekasjenko een delegatie uit Moskou. Over Kyiv werd niet gesproken."),
    ("nl-04", "2022-12-18", "NRC", "Winter in Kyiv",
     "Stroomuitval treft Kyiv en Charkiv. Inwoners van Kyiv zoeken warmte in metrostations."),
    ("nl-05", "2023-01", "NOS", "Nieuwjaar in Amsterdam",
     "Het vuurwerk in Amsterdam trok duizenden mensen. Ook in Utrecht werd het nieuwe jaar gevierd."),
    ("nl-06", "2023-01-12", "NRC", "Tanks voor Oekraïne",
     "Duitsland aarzelt over tanks voor Oekraïne. In Kyiv wordt met spanning gewacht, in Minsk met argwaan."),
    ("nl-07", "2023-02-24", "NOS", "Een jaar oorlog",
     "Een jaar na de invasie herdenkt Kyiv de slachtoffers. Ook in Amsterdam werd stilgestaan bij de oorlog."),
    ("nl-08", "2023", "NRC", "Jaaroverzicht klimaat",
     "Het klimaatbeleid van Nederland kwam dit jaar onder druk. In Den Haag werd fel gedebatteerd."),
]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = [
    {"id": "xss-1", "date": "2023-01-15", "source": "Test<b>Bron</b>", "url": "javascript:alert(1)",
     "title": "&lt;script&gt;alert(1)&lt;/script&gt; Aanval op Kyiv &lt;img src=x onerror=alert(1)&gt;",
     "text": "<p>De burgemeester van Kyiv sprak &lt;script&gt;alert(1)&lt;/script&gt; in Minsk. Kijk op "
             "<a href=\"javascript:alert(1)\">javascript:alert(1)</a> voor meer.</p>"
             "<figure><img src=\"x\" onerror=\"alert(1)\"><figcaption>&lt;img src=x onerror=alert(1)&gt; "
             "De stad bij nacht. Beeld AP</figcaption></figure>"
             "<p>Tweede alinea met &lt;img src=x onerror=alert(1)&gt; en meer over Kyiv.</p>",
     "note": SCRIPT},
    {"id": "odd/id ?#1", "date": "2022-10-21", "source": "NOS", "title": "Een id met rare tekens",
     "text": "Dit artikel over Rotterdam heeft een id met een schuine streep, een spatie en een hekje."},
]
SEED_ID = "24eaa604f967804d"  # seeds/000: headings, captions with credits, actors, places, 2022-12


def write_corpus(folder: Path) -> Path:
    """The test articles as a JSON Lines file, beside a copy of the seeds."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as f:
        for id, date, source, title, text in RECORDS:
            f.write(json.dumps({"id": id, "date": date, "source": source, "title": title, "text": text},
                               ensure_ascii=False) + "\n")
        for record in HOSTILE:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    shutil.copytree(SEEDS, folder / "seeds")
    return folder


class Server:
    """A real uvicorn serving `Archive(index).app()` on 127.0.0.1 in a thread."""

    def __init__(self, index: Path) -> None:
        self.archive = Archive(index)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(self.archive.app(), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, *, lang: str = "en", method: str = "GET", headers=None):
        """(status, headers, body text) for one request."""
        req = urllib.request.Request(self.base + path, method=method,
                                     headers={"Accept-Language": lang, **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode("utf-8")

    def page(self, path: str, **kw) -> str:
        status, _, body = self.get(path, **kw)
        assert status == 200, (path, status, body[:500])
        return body

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.archive.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("serve")
    src = write_corpus(base / "src")
    Archive(base / "index").ingest([src], jobs=1)
    return base


@pytest.fixture(scope="module")
def server(corpus):
    s = Server(corpus / "index")
    yield s
    s.stop()


# -- reading pages ------------------------------------------------------------
def facet_links(body: str, facet: str) -> dict[str, tuple[str, int | None]]:
    """{value: (href, count)} of one facet panel."""
    out = {}
    pattern = (rf'<a href="([^"]*)" data-facet="{facet}" data-value="([^"]*)"[^>]*>.*?</a>\s*'
               rf'(?:<span class="count">([\d.,]+)</span>)?')
    for href, value, count in re.findall(pattern, body, re.S):
        out[html.unescape(value)] = (html.unescape(href), int(re.sub(r"[.,]", "", count)) if count else None)
    return out


def bars(body: str) -> list[tuple[str, str]]:
    """(month, href) of the histogram's bars, in page order."""
    return [(m, html.unescape(h)) for h, m in re.findall(r'<a href="([^"]*)" class="bar[^"]*" data-month="([^"]*)"', body)]


def bar_counts(body: str) -> dict[str, int]:
    return {m: int(re.sub(r"[.,]", "", n)) for m, n in re.findall(
        r'data-month="([^"]*)" aria-label="[^"]*: ([\d.,]+)"', body)}


def total(body: str) -> int:
    m = re.search(r'<h1 class="total">\s*(?:\D*?)([\d.,]+) (?:hits?|articles?|resultaten|resultaat|artikelen|artikel)', body)
    assert m, body[:2000]
    return int(re.sub(r"[.,]", "", m.group(1)))


def hit_titles(body: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r'<li class="hit">\s*<h2><a [^>]*>(.*?)</a>', body, re.S)]


def params(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


def cli(*args) -> subprocess.CompletedProcess:
    """The real command line, in a fresh interpreter, importing this checkout."""
    return subprocess.run([sys.executable, "-m", "archive", *map(str, args)], capture_output=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


# -- home -------------------------------------------------------------------
def test_home_shows_search_box_size_date_range_and_help(server):
    body = server.page("/")
    assert '<form class="searchbox" action="/search" method="get"' in body and 'name="q"' in body
    assert "12 articles, from October 2022 to February 2023" in body
    assert "Query language" in body and "field:value" in body
    # the archive's months as bars linking to a search of that month
    assert [m for m, _ in bars(body)] == ["2022-10", "2022-12", "2023-01", "2023-02"]
    assert dict(bars(body))["2022-12"] == "/search?date=2022-12"
    dutch = server.page("/", lang="nl-NL,nl;q=0.9,en;q=0.5")
    assert "12 artikelen, van oktober 2022 tot februari 2023" in dutch and "Zoektaal" in dutch
    assert '<html lang="nl">' in dutch


def test_language_follows_the_browser_and_the_url(server):
    assert "hits for" in server.page("/search?q=Kyiv", lang="en-GB,en;q=0.9")
    assert "resultaten voor" in server.page("/search?q=Kyiv", lang="nl-BE")
    assert "resultaten voor" in server.page("/search?q=Kyiv", lang="de-DE,nl;q=0.8,en;q=0.5")
    assert "hits for" in server.page("/search?q=Kyiv", lang="fr-FR")  # neither: English
    assert "hits for" in server.page("/search?q=Kyiv&lang=en", lang="nl")  # the URL wins
    body = server.page("/search?q=Kyiv&lang=nl", lang="en")
    assert "resultaten voor" in body and 'name="lang" value="nl"' in body  # kept by the form
    _, headers, _ = server.get("/search?q=Kyiv")
    assert "Accept-Language" in headers["Vary"]


# -- search page ------------------------------------------------------------
def test_hits_show_title_date_at_its_precision_source_and_marked_snippet(server):
    body = server.page("/search?q=Loekasjenko")
    assert total(body) == 3
    assert "Loekasjenko ontvangt gasten in Minsk" in hit_titles(body)
    assert "December 2022" in body  # seed 000 is dated 2022-12: a month, never a day
    assert "5 December 2022" in body and "no date" in body
    assert '<span class="source">NOS</span>' in body
    assert "<mark>Loekasjenko</mark>" in body
    # the first hits link to their article pages
    assert f'href="/article/{SEED_ID}"' in body


def test_search_without_query_browses_everything_newest_first(server):
    body = server.page("/search")
    assert total(body) == 12
    assert hit_titles(body)[0] == "Een jaar oorlog"  # 2023-02-24


def test_every_facet_value_link_adds_its_filter_and_gives_its_count(server):
    body = server.page("/search?q=oorlog+OR+Kyiv+OR+Amsterdam")
    base = total(body)
    for facet in ("place", "source", "actor"):
        links = facet_links(body, facet)
        assert links, facet
        for value, (href, count) in links.items():
            assert (facet, value) in params(href)
            assert ("q", "oorlog OR Kyiv OR Amsterdam") in params(href)
            assert total(server.page(href)) == count <= base, (facet, value)
    counts = [c for _, c in facet_links(body, "place").values()]
    assert counts == sorted(counts, reverse=True)


def test_an_active_filter_is_a_chip_whose_link_removes_it(server):
    body = server.page("/search?q=Kyiv&place=Minsk&source=NOS")
    chips = re.findall(r'<li class="chip chip-(\w+)"><span class="what">([^<]*):</span> ([^<]*)\s*<a href="([^"]*)"', body)
    got = {(kind, html.unescape(value.strip())): html.unescape(href) for kind, _, value, href in chips}
    assert set(got) == {("place", "Minsk"), ("source", "NOS")}
    assert params(got[("place", "Minsk")]) == [("q", "Kyiv"), ("source", "NOS")]
    assert params(got[("source", "NOS")]) == [("q", "Kyiv"), ("place", "Minsk")]
    assert total(server.page(got[("place", "Minsk")])) == total(server.page("/search?q=Kyiv&source=NOS"))
    clear = html.unescape(re.search(r'<a class="clear" href="([^"]*)"', body).group(1))
    assert params(clear) == [("q", "Kyiv")]
    # the search box keeps the filters for the next query
    assert '<input type="hidden" name="place" value="Minsk">' in body


def test_panel_with_an_active_value_counts_each_value_with_the_other_filters(server):
    """place=Minsk is active: Kyiv's count is what place=Kyiv alone gives
    (with the query), and its link makes Kyiv an alternative (either)."""
    body = server.page("/search?q=president+OR+oorlog+OR+Kyiv&place=Minsk")
    links = facet_links(body, "place")
    assert "(any of these)" in body
    href, count = links["Kyiv"]
    assert count == total(server.page("/search?q=president+OR+oorlog+OR+Kyiv&place=Kyiv"))
    assert params(href).count(("place", "Minsk")) == 1 and ("place", "Kyiv") in params(href)
    either = total(server.page(href))
    assert either >= max(count, total(body))
    href, _ = links["Minsk"]  # the active value's link removes it
    assert ("place", "Minsk") not in params(href)


def test_more_shows_a_longer_panel(server):
    body = server.page("/search")
    assert len(facet_links(body, "place")) == 10
    more = html.unescape(re.search(r'<section class="panel" id="facet-place">.*?<a class="more" href="([^"]*)"', body, re.S).group(1))
    assert ("more", "place") in params(more)
    longer = server.page(more)
    assert len(facet_links(longer, "place")) == 14
    assert facet_links(longer, "actor") == facet_links(body, "actor")  # the other panels stay short
    assert "fewer" in longer


def test_month_histogram_is_chronological_and_a_bar_filters_to_its_month(server):
    body = server.page("/search?q=Kyiv+OR+Amsterdam+OR+Loekasjenko")
    months = [m for m, _ in bars(body)]
    assert months == sorted(months) and months[0] == "2022-10" and months[-1] == "2023-02"
    # a month without matches (November 2022) has a place but no link
    assert "2022-11" not in months and 'November 2022: 0' not in body
    counts = bar_counts(body)
    href = dict(bars(body))["2022-12"]
    assert ("date", "2022-12") in params(href)
    filtered = server.page(href)
    assert total(filtered) == counts["2022-12"] == 3
    assert "December 2022" in filtered and 'class="bar selected" data-month="2022-12"' in filtered
    # the histogram keeps its other months, and a bar sets the month rather than adding one
    other = dict(bars(filtered))["2023-01"]
    assert [v for k, v in params(other) if k == "date"] == ["2023-01"]
    undated = html.unescape(re.search(r'<a href="([^"]*)">undated: 1</a>', body).group(1))
    assert total(server.page(undated)) == 1


def test_did_you_mean_is_a_link_that_finds(server):
    body = server.page("/search?q=Loekasjenkoo")
    assert total(body) == 0
    href = html.unescape(re.search(r'class="suggestion">Did you mean <a href="([^"]*)">', body).group(1))
    assert params(href) == [("q", "Loekasjenko")]
    assert total(server.page(href)) == 3


def test_paging_links(server):
    first = server.page("/search?limit=5")
    assert "(showing 1–5)" in first and 'rel="prev"' not in first
    nxt = html.unescape(re.search(r'<a rel="next" href="([^"]*)"', first).group(1))
    assert ("page", "2") in params(nxt)
    second = server.page(nxt)
    assert "(showing 6–10)" in second
    assert not set(hit_titles(first)) & set(hit_titles(second))
    prev = html.unescape(re.search(r'<a rel="prev" href="([^"]*)"', second).group(1))
    assert hit_titles(server.page(prev)) == hit_titles(first)
    beyond = server.page("/search?limit=5&page=9")
    assert "This page is empty: there are 12 hits." in beyond


def test_sort_and_date_range_are_links_and_a_get_form(server):
    body = server.page("/search?q=Kyiv")
    oldest = html.unescape(re.search(r'<a href="([^"]*)">oldest first</a>', body).group(1))
    assert hit_titles(server.page(oldest))[0] == "Premier Rutte bezoekt Kyiv"
    assert re.search(r'<form class="dates" action="/search" method="get">', body)
    ranged = server.page("/search?q=Kyiv&from=2022-12&to=2022-12")
    assert total(ranged) == 3 and "from:</span> 2022-12" in ranged


def test_unknown_filter_value_says_no_article_has_it(server):
    body = server.page("/search?place=Atlantis")
    assert total(body) == 0 and "No article in the archive has place &#39;Atlantis&#39;." in body


# -- article page --------------------------------------------------------------
def test_article_page_shows_everything_stored_and_similar_articles(server):
    a = Archive(server.archive.path).show(SEED_ID)
    body = server.page(f"/article/{SEED_ID}")
    text = html.unescape(body)
    assert "December 2022" in text
    for heading in a.headings:
        assert f"<li>{heading}</li>" in text
    for caption in a.captions:
        assert caption.text in text and f"Photo: {caption.credit}" in text
    for name in a.actors + a.places + a.credits:
        assert name in text
    assert a.path in text  # the source file
    assert text.count("<p>") >= len([p for p in a.body.split("\n\n") if p.strip()])
    assert a.body.split("\n\n")[1][:80] in text
    assert f'href="/search?place=Kyiv"' in body  # entities link to their search
    similar = re.search(r'<aside class="similar">(.*?)</aside>', body, re.S).group(1)
    assert 'href="/article/dde757e4bc17e160"' in similar  # the other seed shares Poetin, Loekasjenko, Kyiv


def test_article_with_any_id(server):
    href = "/article/" + quote("odd/id ?#1", safe="")
    assert html.escape(href) in server.page("/search?q=rare+tekens")
    body = server.page(href)
    assert "Een id met rare tekens" in body
    nl = html.unescape(re.search(r'<a href="([^"]*)" hreflang="nl">', body).group(1))
    assert nl == href + "?lang=nl"
    assert "Een id met rare tekens" in server.page(nl) and '<html lang="nl">' in server.page(nl)
    status, _, body = server.get(href + ".json")
    assert status == 200 and json.loads(body)["id"] == "odd/id ?#1"


def test_unknown_article_is_404(server):
    status, _, body = server.get("/article/nope")
    assert status == 404 and "no article with id &#39;nope&#39;" in body
    status, _, body = server.get("/article/nope.json")
    assert status == 404 and json.loads(body) == {"error": "no article with id 'nope' in the index"}


# -- JSON: exactly what the CLI prints ---------------------------------------------
CLI_CASES = [
    ([], []),
    ([("q", "Kyiv")], ["Kyiv"]),
    ([("q", "Kiev"), ("facet", "place"), ("facet", "month"), ("facet_limit", "3")],
     ["Kiev", "--facet", "place", "--facet", "month", "--facet-limit", "3"]),
    ([("q", "Kyiv OR Amsterdam"), ("place", "Minsk"), ("place", "Amsterdam"), ("source", "NOS"), ("sort", "oldest"),
      ("limit", "2"), ("page", "2")],
     ["Kyiv OR Amsterdam", "--place", "Minsk", "--place", "Amsterdam", "--source", "NOS", "--sort", "oldest",
      "--limit", "2", "--page", "2"]),
    ([("from", "2022-12"), ("to", "19 januari 2023"), ("credit", "reuters"), ("facet", "credit"), ("facet", "day")],
     ["--from", "2022-12", "--to", "19 januari 2023", "--credit", "reuters", "--facet", "credit", "--facet", "day"]),
    ([("date", "2022-12"), ("date", "no date"), ("actor", "Poetin"), ("collapse_duplicates", "1")],
     ["--date", "2022-12", "--date", "no date", "--actor", "Poetin", "--collapse-duplicates"]),
    ([("q", "Loekasjenkoo")], ["Loekasjenkoo"]),
]


@pytest.mark.parametrize("query, argv", CLI_CASES)
def test_search_json_is_byte_for_byte_the_cli(server, query, argv):
    status, headers, body = server.get("/search.json?" + urlencode(query))
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    out = cli("search", *argv, "--index", server.archive.path, "--format", "json")
    assert out.returncode == 0, out.stderr
    assert body.encode("utf-8") == out.stdout


def test_article_json_is_byte_for_byte_the_cli(server):
    for article_id in (SEED_ID, "xss-1", "odd/id ?#1"):
        status, _, body = server.get("/article/" + quote(article_id, safe="") + ".json")
        out = cli("show", article_id, "--index", server.archive.path, "--format", "json")
        assert status == 200 and out.returncode == 0, out.stderr
        assert body.encode("utf-8") == out.stdout


def test_the_page_offers_its_search_as_json(server):
    body = server.page("/search?q=Kyiv&place=Minsk")
    href = html.unescape(re.search(r'<a class="json" href="([^"]*)"', body).group(1))
    assert href.startswith("/search.json?")
    status, _, data = server.get(href)
    data = json.loads(data)
    assert status == 200 and data["total"] == total(body)
    assert set(data["facets"]) == {"actor", "place", "credit", "source", "month"}


# -- bad input -----------------------------------------------------------------
BAD = [
    ("q=%22unbalanced", "unbalanced"),
    ("q=(Kyiv", "parenthes"),
    ("q=Kyiv+AND", "AND"),
    ("q=title%3A", "title:"),
    ("q=*", "*"),
    ("q=Kyiv~3", "edit"),
    ("q=de+het", "stopword"),
    ("sort=best", "sort"),
    ("page=0", "page"),
    ("page=abc", "page"),
    ("page=1&page=2", "once"),
    ("limit=100000", "limit"),
    ("facet_limit=-1", "facet_limit"),
    ("facet=colour", "facet"),
    ("date=december", "date"),
    ("from=gisteren", "from"),
    ("from=2023&to=2022", "after"),
    ("collapse_duplicates=maybe", "collapse_duplicates"),
    ("plaats=Kyiv", "unknown parameter"),
    ("lang=fr", "lang"),
    ("q=%00", "NUL"),
    ("q=" + "x" * 1001, "1000"),
]


@pytest.mark.parametrize("query, says", BAD)
def test_bad_input_is_a_message_on_the_page_and_400_in_json(server, query, says):
    status, _, body = server.get("/search?" + query)
    assert status == 400, body[:300]
    message = html.unescape(re.search(r'<p class="message" role="alert">(.*?)</p>', body, re.S).group(1))
    assert says.lower() in message.lower()
    assert "Traceback" not in body and 'name="q"' in body  # the search box is still there
    status, headers, body = server.get("/search.json?" + query)
    if query.startswith("lang="):
        return  # the JSON endpoint takes lang too (and ignores it) so a page URL works there
    assert status == 400 and headers["Content-Type"].startswith("application/json")
    assert says.lower() in json.loads(body)["error"].lower()


@pytest.mark.parametrize("path", [
    "/search?q=%FF%FE", "/search?q=%E2%80%AE%3Cscript%3E", "/search?place=", "/search?q=Kyiv&place=%20",
    "/search?q=NOT+Kyiv", "/search?q=%22%22", "/search?q=a*", "/search?q=title%3A%22%22", "/search?actor=%00x",
    "/search?date=no+date", "/search?date=2022-13", "/search?from=2022-02-30", "/search?q=()", "/search?q=OR",
    "/search?page=100000&limit=500", "/article/", "/article/%00", "/article/..%2F..%2Fetc%2Fpasswd",
])
def test_odd_input_is_never_a_500(server, path):
    status, _, body = server.get(path)
    assert status in (200, 400, 404), (path, status, body[:300])
    assert "Traceback" not in body


def test_only_the_packages_static_files_are_served(server):
    status, headers, body = server.get("/static/style.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and ".hits" in body
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2fapp.py",
                 "/static//etc/passwd", "/static/%2Fetc%2Fpasswd", "/static/templates/base.html",
                 "/../archive/serve/app.py", "/static/style.css%00.py", "/search/../../../etc/passwd",
                 "/static/" + quote(str(Path(ROOT, "pyproject.toml")), safe="")):
        status, _, body = server.get(path)
        assert status in (400, 404), path
        assert "create_app" not in body and "root:" not in body and "[project]" not in body, path


def test_read_only_and_this_machine_only(server):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        status, headers, _ = server.get("/search?q=Kyiv", method=method)
        assert status == 405 and headers["Allow"] == "GET, HEAD"
    # a page on another site that points a name at 127.0.0.1 (DNS rebinding) is refused
    status, _, _ = server.get("/search.json?q=Kyiv", headers={"Host": "evil.example"})
    assert status == 400
    status, headers, body = server.get("/")
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"


def test_article_strings_reach_the_page_escaped(server):
    results = server.page("/search?q=Aanval")
    article = server.page("/article/xss-1")
    for body in (results, article):
        assert SCRIPT not in body and IMG not in body and "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Aanval op Kyiv &lt;img src=x onerror=alert(1)&gt;" in body
        assert "Test&lt;b&gt;Bron&lt;/b&gt;" in body
        assert 'href="javascript:' not in body.lower()
    assert "&lt;img src=x onerror=alert(1)&gt; De stad bij nacht." in article  # the caption
    assert '<span class="inert">javascript:alert(1)</span>' in article  # a stored javascript: URL is not a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in re.search(r'<section class="extra">.*?</section>', article, re.S).group(0)
    assert "<mark>Aanval</mark>" in results
    # the query too
    body = server.get("/search?q=" + quote(SCRIPT))[2]
    assert SCRIPT not in body and "&lt;script&gt;" in body


def test_concurrent_requests_get_the_answers_of_serial_ones(server):
    """One `Archive` serves every request: eight clients at once must get
    exactly what one client gets, one request at a time."""
    paths = ["/search.json?q=Kyiv&facet=place", "/search.json?place=Minsk&facet=month&facet=actor",
             "/search.json?q=Amsterdam+OR+Loekasjenko&sort=oldest", f"/article/{SEED_ID}.json",
             "/search.json?q=Loekasjenkoo", "/search.json?date=2022-12&facet=source"]
    serial = {p: server.get(p)[2] for p in paths}
    got, failures = [], []

    def client(n):
        for i in range(12):
            path = paths[(n + i) % len(paths)]
            status, _, body = server.get(path)
            (got if status == 200 and body == serial[path] else failures).append(path)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures and len(got) == 96


# -- the index comes and goes ----------------------------------------------------
def test_missing_index_says_how_to_make_one_then_serves_it_once_ingested(tmp_path):
    server = Server(tmp_path / "nowhere")
    try:
        for path in ("/", "/search?q=Kyiv", f"/article/{SEED_ID}"):
            status, _, body = server.get(path)
            assert status == 503 and "There is no archive yet" in body
            assert f"archive ingest --index {tmp_path / 'nowhere'} PATH..." in html.unescape(body)
        status, _, body = server.get("/search.json?q=Kyiv")
        assert status == 503 and "archive ingest" in json.loads(body)["error"]
        seeds = tmp_path / "seeds"
        shutil.copytree(SEEDS, seeds)
        out = cli("ingest", seeds, "--index", tmp_path / "nowhere", "-q")
        assert out.returncode == 0, out.stderr
        assert "2 articles, from December 2022 to December 2022" in server.page("/")
    finally:
        server.stop()


def test_another_process_commit_is_seen_without_a_restart(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    Archive(tmp_path / "index").ingest([seeds], jobs=1)
    server = Server(tmp_path / "index")
    try:
        assert total(server.page("/search")) == 2
        assert total(server.page("/search?q=Rotterdam")) == 0
        (seeds / "new.txt").write_text(" date 2023-03\nHaven van Rotterdam\n\nDe haven van Rotterdam groeit weer.\n",
                                       encoding="utf-8")
        out = cli("ingest", seeds, "--index", tmp_path / "index", "-q")
        assert out.returncode == 0, out.stderr
        assert total(server.page("/search")) == 3
        assert total(server.page("/search?q=Rotterdam")) == 1
    finally:
        server.stop()


# -- the command ------------------------------------------------------------------
def test_archive_serve_binds_this_machine_by_default(corpus, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "archive", "serve", "--index", str(corpus / "index"),
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True)
    try:
        line = proc.stdout.readline()
        assert f"at http://127.0.0.1:{port}/" in line, line
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/search.json?q=Kyiv", timeout=5) as r:
                    assert json.loads(r.read())["total"] == 8
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout \
            if shutil.which("ss") else f"127.0.0.1:{port}"
        assert f"127.0.0.1:{port}" in listening and f"0.0.0.0:{port}" not in listening
        # the same port again: a one-line error, exit status 2
        again = cli("serve", "--index", corpus / "index", "--port", port)
        assert again.returncode == 2 and b"cannot listen on 127.0.0.1:" in again.stderr
        assert b"Traceback" not in again.stderr
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_help_lists_the_endpoints():
    out = cli("serve", "--help")
    assert out.returncode == 0
    for word in (b"--host", b"--port", b"--index", b"/search.json", b"/article/ID", b"127.0.0.1"):
        assert word in out.stdout


def test_accept_language_parsing():
    from archive.serve.labels import choose

    assert choose(None) == "nl" and choose("") == "nl"
    assert choose("en-US,en;q=0.9") == "en"
    assert choose("nl;q=0.4, en;q=0.8") == "en"
    assert choose("en;q=0.4, nl-BE;q=0.8") == "nl"
    assert choose("fr, de") == "en"
    assert choose("en, nl") == "en" and choose("nl, en") == "nl"
    assert choose("nl;q=0, en;q=0.1") == "en" and choose("nl;q=bad") == "en"
    assert choose("nl", "en") == "en"
