"""HTML to article structure: paragraphs, headings, captions, and page metadata.

A saved news page is mostly not the article: navigation, share buttons,
cookie walls, "lees ook" lists, footers. Those are dropped by element
(`nav`, `aside`, `footer`, ...) and by the class/id/role names sites give
them. What remains is walked in document order and cut into blocks at every
block element, so `<p>a</p><p>b</p>` stays two paragraphs instead of running
into "ab". `<h2>`-`<h6>` become headings and `<figcaption>` or caption/credit
elements become captions, each kept out of the body.

Page metadata (titles, publication dates, canonical URL, site name) is read
before anything is removed, because it often lives in `<head>`, in JSON-LD
scripts or in the article's `<header>`. Dates come out as candidate strings
in priority order; `archive.extract.core` parses them, so a modified date is never
even a candidate.

Parsing uses beautifulsoup4 with lxml, and only for text that has tags at all
(`looks_like_html`), which keeps feeds of plain-text bodies fast; a body
fragment that is a flat run of paragraphs and subheadings (most feed bodies)
is read by `archive.extract.html.simplehtml` without building a tree, with the same result."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.document import Caption
from archive.extract.captions import split_credit
from archive.extract.html.simplehtml import read_fragment
from archive.normalise import collapse, normalise_text, unescape_entities
from archive.read.sniff import looks_like_fragment, looks_like_html, looks_like_page  # noqa: F401  (re-exported)

# --------------------------------------------------------------------------
# Result


@dataclass(frozen=True)
class CleanPage:
    """The article found in an HTML page or fragment, each part in its own field."""

    body: tuple[str, ...]
    title: str | None = None
    headings: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    credits: tuple[str, ...] = ()  # credit elements that belong to no caption
    published: tuple[str, ...] = ()  # publication date values, best first, unparsed
    datelines: tuple[str, ...] = ()  # visible date texts (no machine-readable value)
    url: str | None = None
    source: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)



#: Read simple body fragments without a tree (`archive.extract.html.simplehtml`); False:
#: every fragment through BeautifulSoup (tests compare the two).
SIMPLE_FRAGMENTS = True



def clean_html(markup: str, *, page: bool = True) -> CleanPage:
    """The article in `markup`: a whole saved page (`page=True`) or a body fragment.

    For a fragment (a JSON record's HTML body) no `<head>` metadata is looked
    for and no main-content container is chosen: all of it is the article.
    """
    simple = read_fragment(markup) if SIMPLE_FRAGMENTS and not page else None
    if simple is not None:
        # A flat run of paragraphs and subheadings: the same blocks without a tree.
        meta: dict = {}
        title = None
        datelines: list[str] = []
        body, headings = simple
        captions: list[Caption] = []
        credits: list[str] = []
    else:
        # The tree's modules (bs4, lxml) are imported on first use: a feed of
        # plain text or simple fragments never needs them (80 ms a process).
        from archive.extract.html.boilerplate import _drop_boilerplate, _drop_category_links, _main_container
        from archive.extract.html.meta import _byline_credits, _choose_title, _page_meta, _visible_datelines
        from archive.extract.html.walker import _text_of, _Walker

        soup = _soup(markup)
        meta = _page_meta(soup) if page else {}
        root = _main_container(soup) if page else soup
        h1 = root.find("h1") or (soup.find("h1") if page else None)
        h1_text = _text_of(h1) if h1 is not None else None
        datelines = _visible_datelines(root) if page else []
        page_credits, bylines = _byline_credits(soup) if page else ([], [])
        for el in bylines:
            if not el.__dict__.get("_decomposed") and el is not root:
                el.decompose()
        _drop_boilerplate(root)
        if page:  # a feed's body fragment starts with its text
            _drop_category_links(root)
        walker = _Walker()
        walker.walk(root)
        title = _choose_title(meta, h1_text)
        # A visible date line on its own ("ma 19 dec 2022 14:05") is metadata.
        body = [p for p in walker.paragraphs if p != title and p not in datelines]
        headings = [h for h in walker.headings if h != title]
        captions = list(walker.captions)
        credits = list(walker.loose_credits) + page_credits
    # Plain paragraphs that end in a credit ("... Beeld AP") are captions in
    # HTML too.
    kept = []
    for p in body:
        cap = split_credit(p)
        if cap is None:
            kept.append(p)
        elif cap.text:
            captions.append(cap)
        else:
            credits.append(cap.credit or "")
    return CleanPage(
        body=tuple(kept),
        title=title,
        headings=tuple(headings),
        captions=tuple(captions),
        credits=tuple(c for c in credits if c),
        published=tuple(meta.get("published", ())),
        datelines=tuple(datelines),
        url=meta.get("url"),
        source=meta.get("source"),
    )



def _soup(markup: str):
    from bs4 import BeautifulSoup
    from bs4.builder import LXMLTreeBuilder

    # The lxml builder class itself rather than the name "lxml": same
    # parser, without a builder lookup per document (~10% of a small body).
    return BeautifulSoup(markup, builder=LXMLTreeBuilder)


def inline_text(markup: str) -> str:
    """One line of text from a title or caption that may hold inline HTML."""
    if looks_like_html(markup):
        markup = _soup(markup).get_text(" ")
    return collapse(unescape_entities(normalise_text(markup)))
