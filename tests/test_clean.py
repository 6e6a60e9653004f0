"""HTML cleaning: boilerplate out, structure kept, metadata read."""

from __future__ import annotations

import re

import pytest

from archive.extract.html.clean import clean_html, inline_text, looks_like_fragment, looks_like_html, looks_like_page
from archive.document import Caption
from archive.extract.core import ExtractError, build_article
from archive.read.formats import read_file

PAGE = """<!DOCTYPE html>
<html lang="nl"><head>
<meta charset="utf-8">
<title>Poetin bezoekt Minsk | NOS</title>
<meta property="og:title" content="Poetin bezoekt Minsk voor het eerst in drie jaar">
<meta property="og:site_name" content="NOS">
<meta property="og:url" content="https://nos.nl/artikel/123-poetin-bezoekt-minsk">
<meta property="article:modified_time" content="2022-12-21T10:00:00+01:00">
<meta property="article:published_time" content="2022-12-19T23:30:00Z">
<style>p { color: red }</style>
<script>var tracking = "<p>script tekst</p>";</script>
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/binnenland">Binnenland</a></nav></header>
<div class="cookie-banner">Wij gebruiken cookies. <button>Akkoord</button></div>
<main>
<article>
<header><h1>Poetin bezoekt Minsk</h1><time datetime="2022-12-18T14:05:00+01:00">zo 18 dec 2022 14:05</time>
<div class="share-buttons"><a href="#">Deel op Facebook</a></div></header>
<p class="intro">Vladimir Poetin is&nbsp;voor het eerst in meer dan drie jaar in <b>Wit-Rusland</b>.</p>
<figure><img src="p.jpg" alt="Poetin"><figcaption>President Poetin (links) met Loekasjenko in Minsk. <span class="credit">Foto: REUTERS</span></figcaption></figure>
<p>Het bezoek voedt de vrees voor een nieuw offensief &amp; meer.</p><p>Tweede alinea zonder spatie ervoor.</p>
<h2>Oekraïne vreest nieuwe opmars</h2>
<p>Poetin wou al van bij het begin dat Wit-Rusland meevocht.</p>
<div class="related"><h3>Lees ook</h3><ul><li><a href="/a">Ander artikel</a></li></ul></div>
<p>Een Oekraïense tank tijdens manoeuvres vlak vóór de invasie. Beeld AP</p>
<h3>Tussenkop drie</h3>
<p>Laatste alinea van het stuk.</p>
<!-- een commentaar -->
</article>
<aside><p>Meest gelezen: iets anders</p></aside>
</main>
<footer><p>© NOS 2022</p></footer>
</body></html>
"""


@pytest.fixture(scope="module")
def page():
    return clean_html(PAGE)


def test_boilerplate_is_gone(page):
    everything = " ".join(page.body + page.headings + tuple(c.text for c in page.captions))
    for junk in ("Home", "cookies", "Akkoord", "Deel op Facebook", "Lees ook", "Ander artikel",
                 "Meest gelezen", "© NOS", "script tekst", "color", "commentaar"):
        assert junk not in everything


def test_paragraphs_stay_apart_and_have_no_markup(page):
    assert page.body == (
        "Vladimir Poetin is voor het eerst in meer dan drie jaar in Wit-Rusland.",
        "Het bezoek voedt de vrees voor een nieuw offensief & meer.",
        "Tweede alinea zonder spatie ervoor.",
        "Poetin wou al van bij het begin dat Wit-Rusland meevocht.",
        "Laatste alinea van het stuk.",
    )


def test_headings_are_structure_not_body(page):
    assert page.headings == ("Oekraïne vreest nieuwe opmars", "Tussenkop drie")


def test_figcaption_and_credit_paragraph_become_captions(page):
    assert page.captions == (
        Caption("President Poetin (links) met Loekasjenko in Minsk.", "Reuters"),
        Caption("Een Oekraïense tank tijdens manoeuvres vlak vóór de invasie.", "AP"),
    )


def test_page_metadata(page):
    assert page.title == "Poetin bezoekt Minsk voor het eerst in drie jaar"
    assert page.url == "https://nos.nl/artikel/123-poetin-bezoekt-minsk"
    assert page.source == "NOS"
    # Published first, the <time> after it, the modified time nowhere.
    assert page.published == ("2022-12-19T23:30:00Z", "2022-12-18T14:05:00+01:00")


def test_title_tag_loses_its_site_suffix():
    p = clean_html("<html><head><title>Kabinet valt over stikstof - NU.nl</title></head><body><p>Tekst.</p></body></html>")
    assert p.title == "Kabinet valt over stikstof"
    p = clean_html('<html><head><meta property="og:site_name" content="de Volkskrant">'
                   "<title>Vermist - Azaa Saraa – de Volkskrant</title></head><body><p>Tekst.</p></body></html>")
    assert p.title == "Vermist - Azaa Saraa"


@pytest.mark.parametrize(
    "title, expected",
    [
        ("NOS | Kabinet valt over stikstof", "Kabinet valt over stikstof"),  # a prefix, and no og:site_name
        ("Kabinet valt - NOS", "Kabinet valt"),
        ("Kabinet valt over stikstof – RTL Nieuws", "Kabinet valt over stikstof"),
        ("Kabinet valt over stikstof — de Volkskrant", "Kabinet valt over stikstof"),
        ("Kabinet valt - Binnenland | NOS", "Kabinet valt"),
        ("Ajax - Feyenoord", "Ajax - Feyenoord"),  # equal sides: the headline itself
        ("Ajax - Feyenoord: 2-1 na een spannende wedstrijd", "Ajax - Feyenoord: 2-1 na een spannende wedstrijd"),
        ("Poetin - Loekasjenko", "Poetin - Loekasjenko"),
        ("Vermist - Azaa Saraa", "Vermist - Azaa Saraa"),
        ("Rutte: het kabinet valt - en nu verder", "Rutte: het kabinet valt - en nu verder"),
    ],
)
def test_title_tag_loses_an_unnamed_site_name(title, expected):
    p = clean_html(f"<html><head><title>{title}</title></head><body><p>Tekst van het stuk.</p></body></html>")
    assert p.title == expected


def test_site_name_is_only_guessed_for_the_title_tag():
    # og:title is the headline as the site meant it: no guessing there.
    p = clean_html('<html><head><meta property="og:title" content="Poetin - Loekasjenko in Minsk - Wit-Rusland">'
                   "<title>x</title></head><body><p>Tekst.</p></body></html>")
    assert p.title == "Poetin - Loekasjenko in Minsk - Wit-Rusland"


def test_h1_is_the_title_when_there_is_no_metadata():
    p = clean_html("<html><body><h1>De kop</h1><p>De tekst.</p></body></html>")
    assert p.title == "De kop"
    assert p.body == ("De tekst.",)


@pytest.mark.parametrize("cls", ["credit", "image__credit", "fotoBron", "media-copyright", "photographer", "source"])
def test_credit_element_next_to_the_figcaption_is_its_credit(cls):
    p = clean_html(f'<figure><img src=x><figcaption>Een blusboot.</figcaption><span class="{cls}">Foto: Belga</span>'
                   "</figure><p>De tekst.</p>", page=False)
    assert p.captions == (Caption("Een blusboot.", "Belga"),)
    assert p.body == ("De tekst.",)


def test_figure_credit_before_the_caption_and_without_a_caption():
    p = clean_html('<figure><div class="credit">ANP</div><figcaption>Een brand.</figcaption></figure>'
                   '<figure><img src=y><span class="credit">Beeld AP</span></figure><p>Tekst.</p>', page=False)
    assert p.captions == (Caption("Een brand.", "ANP"),)
    assert p.credits == ("AP",)


def test_figcaption_credit_inside_wins_over_a_sibling_credit():
    p = clean_html('<figure><figcaption>Een brand. <span class="credit">Reuters</span></figcaption>'
                   '<span class="credit">Foto: Belga</span></figure><p>Tekst.</p>', page=False)
    assert p.captions == (Caption("Een brand.", "Reuters"),)
    assert p.credits == ("Belga",)


@pytest.mark.parametrize("attr", ['class="top-bar"', 'class="Top_Bar"', 'id="site_header"', 'class="side-bar"',
                                  'class="nav-bar main"', 'class="read_more"'])
def test_hyphenated_boilerplate_classes_are_dropped(attr):
    p = clean_html(f"<html><body><div {attr}>Home | Nieuws | Sport</div>"
                   "<p>Het kabinet is vandaag gevallen over de stikstofplannen, meldt de NOS.</p></body></html>")
    assert p.body == ("Het kabinet is vandaag gevallen over de stikstofplannen, meldt de NOS.",)


def test_squashed_class_words_must_match_whole():
    # "lead-article" squashes to "leadarticle", which is no boilerplate word.
    p = clean_html('<html><body><div class="lead-article"><p>Het kabinet is vandaag gevallen.</p></div>'
                   '<div class="article-body"><p>Dat meldt de NOS vanavond.</p></div></body></html>')
    assert p.body == ("Het kabinet is vandaag gevallen.", "Dat meldt de NOS vanavond.")


def test_looks_like_fragment_wants_real_markup():
    assert looks_like_fragment("<p>A.</p><h2>Kop hier</h2><p>B.</p>")
    assert looks_like_fragment("Regel een<br>regel twee<br/>regel drie")
    assert not looks_like_fragment("Gebruik <b> voor vet en a < b.")
    assert not looks_like_fragment("Het adres is <info@nos.nl> en <Naam>.")
    assert not looks_like_fragment("Plus & min")


def test_json_ld_date_published_is_read_and_date_modified_is_not():
    p = clean_html('<html><head><script type="application/ld+json">'
                   '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", '
                   '"dateModified": "2023-01-05", "datePublished": "2022-12-19T08:00:00+01:00"}]}'
                   "</script></head><body><article><p>Tekst van het artikel.</p></article></body></html>")
    assert p.published == ("2022-12-19T08:00:00+01:00",)


def test_time_marked_as_updated_is_not_a_publication_date():
    p = clean_html('<html><body><article><time class="updated" datetime="2023-01-05">5 jan</time>'
                   '<time pubdate datetime="2022-12-19">19 dec</time><p>Tekst.</p></article></body></html>')
    assert p.published == ("2022-12-19",)


def test_fragment_entities_and_double_escaping_are_resolved():
    p = clean_html("<p>Plus &amp; min&nbsp;&#8230;</p><p>Dubbel: &amp;#8220;citaat&amp;#8221;</p>", page=False)
    assert p.body == ("Plus & min …", "Dubbel: “citaat”")


def test_fragment_line_breaks_and_lists_do_not_run_on():
    p = clean_html("Eerste regel<br>tweede regel<ul><li>een</li><li>twee</li></ul>", page=False)
    assert p.body == ("Eerste regel", "tweede regel", "een", "twee")


def test_fragment_h2_is_a_heading():
    p = clean_html("<p>Een.</p><h2>Tussenkop</h2><p>Twee.</p><img src='x.gif' alt='pixel'/>", page=False)
    assert p.headings == ("Tussenkop",)
    assert p.body == ("Een.", "Twee.")


def test_mislabelled_wrapper_is_not_dropped_with_the_article():
    p = clean_html('<html><body><div class="layout-with-sidebar">'
                   "<p>Een lange alinea met de hele tekst van het artikel, die moet blijven staan.</p>"
                   '<div class="sidebar">Zijbalk</div></div></body></html>')
    assert p.body == ("Een lange alinea met de hele tekst van het artikel, die moet blijven staan.",)


def test_looks_like_html_is_cheap_and_exact():
    assert looks_like_html("<p>Tekst</p>")
    assert looks_like_html("Tekst<br/>meer")
    assert not looks_like_html("a < b en c > d")
    assert not looks_like_html("Plus & min")
    assert looks_like_page("\ufeff<!doctype html><html>")
    assert not looks_like_page("<p>fragment</p>")


def test_inline_text_strips_markup_from_titles():
    assert inline_text("<b>Poetin</b> in&nbsp;Minsk") == "Poetin in Minsk"


def test_page_without_article_text_is_an_extract_error(tmp_path):
    p = tmp_path / "leeg.html"
    p.write_text("<html><head><title>Pagina niet gevonden</title><script>x()</script></head>"
                 "<body><nav><a href='/'>Home</a></nav><footer>© 2022</footer></body></html>")
    raw = next(iter(read_file(str(p))))
    with pytest.raises(ExtractError, match="no article text"):
        build_article(raw)


def test_html_file_end_to_end(tmp_path):
    p = tmp_path / "pagina.html"
    p.write_text(PAGE, encoding="utf-8")
    a = build_article(next(iter(read_file(str(p)))))
    assert a.date == "2022-12-20"  # 23:30 UTC on the 19th is the 20th in Amsterdam
    assert a.date_precision == "day"
    assert a.credits == ("Reuters", "AP")
    assert not re.search(r"<[a-z/]|&[a-z#]+;", a.body)
    assert "\n\n" in a.body


def test_collapse_turns_every_kind_of_space_into_one():
    from archive.normalise import _SPACES, collapse

    spaces = [chr(c) for c in range(0x3001) if _SPACES.fullmatch(chr(c))]
    assert len(spaces) == 20 and all(c.isspace() for c in spaces)
    text = "a" + "".join(spaces) + "b\n\n c" + "\u00a0\u202f" + "d\u200be"
    assert collapse(text) == "a b c d\u200be"  # a zero-width space is not a space
