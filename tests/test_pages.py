"""Saved article pages in the styles of Dutch and Flemish news sites (written
here from what such pages look like; no page of the corpus is copied): a
page-level photo credit beside the author, and the headings of comment,
"lees ook", newsletter and share blocks, which are neither headings nor body."""

from __future__ import annotations

from archive import Archive
from archive.extract.html.clean import clean_html

REGIONAL_NL = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>Nieuwe rotonde bij Zeist | Stadsblad Utrecht</title>
<meta property="article:published_time" content="2023-05-04T09:12:00+02:00"></head>
<body><header class="site-header"><nav><a href="/">Home</a> <a href="/regio">Regio</a></nav></header>
<main><article><h1>Nieuwe rotonde bij Zeist</h1>
<div class="article__byline"><span class="author">Door Marieke de Boer</span> · <span>Beeld: ANP</span></div>
<p>De gemeente Zeist legt deze zomer een nieuwe rotonde aan op de kruising bij de Utrechtseweg.</p>
<h2>Veiliger verkeer</h2>
<p>Volgens wethouder Jansen wordt het verkeer daar veiliger voor fietsers en scholieren.</p>
<h2>Lees ook</h2><ul><li><a href="/a">Fietspad langs de Kromme Rijn klaar</a></li></ul>
<h2>Reacties (3)</h2><div><p>Eindelijk!</p><p>Wat kost dat wel niet?</p></div>
</article></main><footer>© Stadsblad</footer></body></html>"""

FLEMISH = """<html lang="nl-BE"><head><title>Koning bezoekt Gent - Het Dagblad</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Koning bezoekt Gent",
"datePublished": "2023-06-01T10:00:00+02:00"}</script></head>
<body><article><h1>Koning bezoekt Gent</h1>
<p class="article-meta">Tekst Jef Peeters | Foto's: Kristof Vadino</p>
<figure><img src="k.jpg"><figcaption>Koning Filip in Gent - Belga</figcaption></figure>
<p>Koning Filip bracht donderdag een bezoek aan de haven van Gent, waar hij werknemers sprak.</p>
<h3>Zie ook</h3><p><a href="/x">Koningin Mathilde in Antwerpen</a></p>
<p>Het bezoek duurde de hele ochtend.</p>
<h2>Schrijf je in voor onze nieuwsbrief</h2><form><input name="mail"></form>
<h2>Deel dit artikel</h2><p><a href="#">Facebook</a> <a href="#">X</a></p>
</article></body></html>"""

NATIONAL = """<html><head><title>Kabinet presenteert plan</title>
<meta name="date" content="2024-02-02"></head><body>
<div class="content"><h1>Kabinet presenteert plan</h1>
<address>Redactie politiek, 2 februari 2024 · Foto: Bart Maat/ANP</address>
<p>Het kabinet presenteerde vrijdag een plan voor betaalbare huizen in de Randstad.</p>
<figure><img src="p.jpg"><figcaption>De minister in Den Haag <span class="credit">© Bart Maat/ANP</span></figcaption></figure>
<h2>Meer over dit onderwerp</h2><ul><li><a href="/w">Woningmarkt in cijfers</a></li></ul>
</div></body></html>"""


def test_page_level_credit_beside_the_author_is_a_credit():
    assert clean_html(REGIONAL_NL).credits == ("ANP",)
    assert "Kristof Vadino" in clean_html(FLEMISH).credits
    assert "Bart Maat / ANP" in clean_html(NATIONAL).credits


def test_headings_of_blocks_around_the_article_are_neither_headings_nor_body():
    page = clean_html(REGIONAL_NL)
    assert page.headings == ("Veiliger verkeer",)
    assert page.body == (
        "De gemeente Zeist legt deze zomer een nieuwe rotonde aan op de kruising bij de Utrechtseweg.",
        "Volgens wethouder Jansen wordt het verkeer daar veiliger voor fietsers en scholieren.",
    )
    page = clean_html(FLEMISH)
    assert page.headings == ()
    assert page.body == ("Koning Filip bracht donderdag een bezoek aan de haven van Gent, waar hij werknemers sprak.",
                         "Het bezoek duurde de hele ochtend.")
    assert [(c.text, c.credit) for c in page.captions] == [("Koning Filip in Gent", "Belga")]
    assert clean_html(NATIONAL).headings == ()


def test_page_credits_count_in_the_credit_facet(tmp_path):
    src = tmp_path / "pages"
    src.mkdir()
    for name, html in (("zeist.html", REGIONAL_NL), ("gent.html", FLEMISH), ("plan.html", NATIONAL)):
        (src / name).write_text(html, encoding="utf-8")
    arc = Archive(tmp_path / "index")
    assert arc.ingest([src]).added == 3
    credits = {v.value: v.count for v in arc.search(facets=["credit"], facet_limit=0).facets["credit"]}
    assert credits["ANP"] == 2 and credits["Belga"] == 1 and credits["Kristof Vadino"] == 1
    assert arc.search(credit=["ANP"]).total == 2


SHORT_LOCAL = """<html><head><title>Nieuwe rotonde bij Zeist | Zeist Nu</title>
<meta property="article:published_time" content="2023-05-04T09:12:00+02:00"></head><body>
<div id="main-content" class="article-detail paywall-free"><p class="category"><a href="/c/topnews">Topnews</a></p>
<h1>Nieuwe rotonde bij Zeist</h1>
<div class="article-body"><p>De gemeente legt een rotonde aan.</p><p>Wethouder Jansen is blij.</p>
<p>Het werk duurt zes weken.</p></div></div>
<div class="related"><article><p>Een ander, langer artikel over de begroting van de provincie Utrecht en de plannen
voor nieuwe woonwijken in Amersfoort, Houten en Nieuwegein in de komende tien jaar.</p></article></div>
</body></html>"""


def test_a_short_real_page_is_an_article_with_its_date_and_title(tmp_path):
    page = clean_html(SHORT_LOCAL)
    assert page.title == "Nieuwe rotonde bij Zeist"
    assert page.body[:3] == ("De gemeente legt een rotonde aan.", "Wethouder Jansen is blij.",
                             "Het werk duurt zes weken.")  # (a related block longer than it stays: see note)
    assert "Topnews" not in page.body
    (tmp_path / "zeist.html").write_text(SHORT_LOCAL, encoding="utf-8")
    arc = Archive(tmp_path / "index")
    report = arc.ingest([tmp_path / "zeist.html"])
    assert (report.added, report.failed, report.warnings) == (1, 0, ())
    art = arc.show(arc.search().hits[0].id)
    assert (art.title, art.date) == ("Nieuwe rotonde bij Zeist", "2023-05-04")
