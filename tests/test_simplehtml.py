"""Simple body fragments read without a tree give exactly what the tree walk gives."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.extract.html import clean
from archive.extract.html.clean import clean_html
from archive.extract.html.simplehtml import read_fragment


def _both(markup: str):
    """clean_html of a fragment the simple way and the tree way."""
    fast = clean_html(markup, page=False)
    clean.SIMPLE_FRAGMENTS = False
    try:
        slow = clean_html(markup, page=False)
    finally:
        clean.SIMPLE_FRAGMENTS = True
    return fast, slow


READ = [
    # the feed shape: intro paragraph, subheading, inline markup, links
    ('<p class="intro">Poetin is in <b>Minsk</b>.</p>\n<h2>Oekraïne <em>vreest</em> opmars</h2>\n'
     '<p>Volgens <a href="https://nos.nl/x" target="_blank">de NOS</a> &amp; anderen&#8230;</p>',
     ["Poetin is in Minsk.", "Volgens de NOS & anderen…"], ["Oekraïne vreest opmars"]),
    # a line break splits a paragraph; an image holds no text
    ('<p>Eerste regel<br>tweede regel<img src="a.jpg" alt="foto"/></p>', ["Eerste regel", "tweede regel"], []),
    # loose text with inline elements is one paragraph, broken at br and hr
    ('Het boek <em>Het hondje</em> wint.<br />\n&nbsp;Tweede.<hr>Derde', ["Het boek Het hondje wint.", "Tweede.", "Derde"], []),
    # entities escaped twice come out once unescaped, as the tree walk does
    ('<p>A &amp;lt;b&amp;gt; B</p>', ["A <b> B"], []),
    # a heading's inline parts are words apart
    ('<h3>Kop<em>deel</em></h3><p>x</p>', ["x"], ["Kop deel"]),
]


@pytest.mark.parametrize("markup, paragraphs, headings", READ)
def test_simple_fragments_are_read_as_the_tree_reads_them(markup, paragraphs, headings):
    assert read_fragment(markup) is not None
    fast, slow = _both(markup)
    assert fast == slow
    assert list(fast.body) == paragraphs
    assert list(fast.headings) == headings


REFUSED = [
    '<p class="share-buttons">Deel dit</p><p>Tekst</p>',  # boilerplate class: the tree drops it
    '<p>Tekst</p><figure><figcaption>Foto</figcaption></figure>',  # captions
    '<p id="x">Tekst</p>',  # id words may be boilerplate
    '<p style="display:none">Weg</p><p>Tekst</p>',
    '<p>Open <b>vet <b>dubbel</b></b></p>',  # lxml nests this otherwise
    '<p>Een <h2>kop in</h2> een alinea</p>',  # lxml closes the paragraph first
    'Los <p>en blok</p>',  # loose text beside paragraphs
    '<p>Niet gesloten',
    '<p>Kapot </b> einde</p>',
    '<p>a &copy b</p>',  # entity without ";": the readers differ
    '<p>a &apos; b</p>',  # not an HTML 4 entity
    '<p>a &#128; b</p>',  # C1 code point: the readers differ
    '<p>a < b</p>',
    '<p>x<!-- commentaar --></p>',
    '<p>x<sub> </sub>y</p>',  # lxml drops white space that stands alone there
    '<h1>Kop</h1><p>Tekst</p>',  # a headline is the title
    '<div><p>Tekst</p></div>',
    '<p>a\rb</p>',
    '<p><a href=x>ongequote</a></p>',
]


@pytest.mark.parametrize("markup", REFUSED)
def test_fragments_that_are_not_simple_go_the_tree_way(markup):
    assert read_fragment(markup) is None
    fast, slow = _both(markup)
    assert fast == slow


def test_a_boilerplate_paragraph_is_still_dropped():
    page = clean_html('<p class="share-buttons">Deel dit</p><p>Het artikel zelf, lang genoeg.</p>', page=False)
    assert page.body == ("Het artikel zelf, lang genoeg.",)


_SAFE = list("ab Z.,'\"-é\n\t\u00a0;#>/=") + ["&amp;", "&nbsp;", "&#8217;", "&lt;", "&euml;", "&#39;", " & "]
_WILD = _SAFE + ["<", "&", "&x", "\u2029", "\r"]


@st.composite
def _fragments(draw, wild: bool):
    """Feed-like fragments: `wild` ones mix in what the simple reader
    refuses (boilerplate classes, stray "<", unclosed paragraphs, `h1`), the
    others are mostly simple, so both paths are exercised."""
    text = st.lists(st.sampled_from(_WILD if wild else _SAFE), max_size=12).map("".join)
    inline = st.sampled_from(["em", "strong", "b", "a", "span", "i", "u"] + (["sub"] if wild else []))
    attrs = st.sampled_from(["", ' class="intro"', ' href="https://x.nl/a?b=1&amp;c=2"', ' target="_blank"']
                            + ([' class="related"', " id='k'", ' class="caption"', " hidden", " class=x"]
                               if wild else []))
    kinds = ["p", "p", "h2", "h4", "hr", "space"] + (["h1", "unclosed", "loose"] if wild else [])

    def run():
        parts = []
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["text", "inline", "br", "img"]))
            if kind == "text":
                parts.append(draw(text))
            elif kind == "inline":
                tag = draw(inline)
                parts.append(f"<{tag}{draw(attrs)}>{draw(text)}</{tag}>")
            elif kind == "br":
                parts.append(draw(st.sampled_from(["<br>", "<br/>", "<br />"])))
            else:
                parts.append('<img src="a.jpg" alt="x">')
        return "".join(parts)

    if not wild and draw(st.booleans()):
        return run()  # loose text and inline elements only
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(kinds))
        if kind in ("p", "h2", "h4", "h1"):
            blocks.append(f"<{kind}{draw(attrs)}>{run()}</{kind}>")
        elif kind == "loose":
            blocks.append(run())
        elif kind == "hr":
            blocks.append("<hr>")
        elif kind == "space":
            blocks.append(draw(st.sampled_from(["\n", " ", "\n\n  "])))
        else:
            blocks.append(f"<p>{run()}")
    return "".join(blocks)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fragments(wild=False))
def test_generated_simple_fragments_clean_the_same_either_way(markup):
    fast, slow = _both(markup)
    assert fast == slow


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fragments(wild=True))
def test_generated_fragments_of_any_kind_clean_the_same_either_way(markup):
    fast, slow = _both(markup)
    assert fast == slow
