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
is read by `archive.extract.html.simplehtml` without building a tree, with the same result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.builder import LXMLTreeBuilder
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from archive.extract.captions import normalise_credit, split_credit
from archive.document import Caption
from archive.normalise import collapse, normalise_text, unescape_entities
from archive.extract.html.simplehtml import read_fragment

_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9:-]*\s*|!--.*?--|!DOCTYPE[^>]*)>", re.S | re.I)
_PAGE = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s)", re.I)


def looks_like_html(text: str) -> bool:
    """Cheap test: does `text` contain anything that is an HTML tag?"""
    return "<" in text and _TAG.search(text) is not None


# Elements an article body is written in. A text whose tags are these, with
# at least one closing tag, is HTML; "a <b> c" or "<Naam>" alone is not.
_FRAGMENT_TAG = re.compile(
    r"<(/?)(?:p|div|span|h[1-6]|br|hr|em|strong|b|i|u|a|ul|ol|li|blockquote|figure|figcaption"
    r"|img|table|tr|td|th|section|article|sup|sub|small|cite|q)(?:\s[^<>]*)?/?>",
    re.I,
)


def looks_like_fragment(text: str) -> bool:
    """Is `text` clearly an HTML fragment (`<p>A.</p><h2>Kop</h2>`), not prose mentioning a tag?

    Stricter than `looks_like_html`, for text that was not declared HTML: an
    entity-escaped feed body ("&lt;p&gt;A.&lt;/p&gt;" once unescaped) or a
    fragment saved as .txt. It takes two article-element tags, one of them
    a closing tag (or a `<br>`), so "gebruik &lt;b&gt; voor vet" stays text.
    """
    if "<" not in text:
        return False
    tags = _FRAGMENT_TAG.findall(text, 0, 100_000)
    closing = sum(1 for slash in tags if slash)
    breaks = len(re.findall(r"<br\s*/?>", text[:100_000], re.I))
    return len(tags) >= 2 and (closing >= 1 or breaks >= 2)


def looks_like_page(text: str) -> bool:
    """Does the start of `text` look like an HTML document (for content sniffing)?"""
    head = text[:2048].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _PAGE.search(head) is not None


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


# --------------------------------------------------------------------------
# What is boilerplate

# Removed wherever they are: never article prose.
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "form", "button", "input", "select", "textarea", "label", "nav", "footer", "aside", "dialog",
    "menu", "link", "meta", "head", "title", "map", "audio", "video", "source", "picture", "img",
})
# Class/id words of share bars, cookie walls, related-article lists and ads.
_BOILERPLATE_WORDS = (
    r"share|sharing|social|socials|deel|delen|cookie|cookies|consent|gdpr|cmp"
    r"|newsletter|nieuwsbrief|related|gerelateerd|lees-?ook|leesook|read-?more|readmore|meer-lezen"
    r"|recommended|aanbevolen|breadcrumbs?|comments?|reacties?|advert|advertisement|advertentie"
    r"|ad|ads|adslot|ad-slot|banner|promo|sponsored|subscribe|abonneer|abonnement|paywall|popup"
    r"|modal|sidebar|widget|navigation|navbar|nav|menu|toolbar|tags|tag-list|byline|author|auteur"
    r"|skip-link|sr-only|visually-hidden|screen-reader-text|print-only|hidden|footer|masthead"
    r"|site-header|topbar|overlay|most-read|meest-gelezen|trending|teaser-list|pagination"
)
_BOILERPLATE = re.compile(rf"(?:^|[\s_-])(?:{_BOILERPLATE_WORDS})(?:$|[\s_-])", re.I)
# The same words without hyphens, matched against whole squashed class words
# ("top-bar", "site_header" -> "topbar", "siteheader"; see `_squashed`).
_BOILERPLATE_SQUASHED = re.compile(
    r"(?:^|\s)(?:" + _BOILERPLATE_WORDS.replace("-?", "").replace("-", "") + r")(?:$|\s)", re.I
)
_BOILERPLATE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar"})
_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:caption|bijschrift|wp-caption-text|figcaption|image-caption|photo-caption|media-caption)(?:$|[\s_-])", re.I)
_CREDIT_CLASS = re.compile(r"(?:^|[\s_-])(?:credit|credits|copyright|photographer|fotograaf|image-source|photo-credit|beeldbron|source)(?:$|[\s_-])", re.I)
_DATE_CLASS = re.compile(r"(?:^|[\s_-])(?:date|datum|dateline|published|pubdate|publish-date|publication-date|timestamp|time)(?:$|[\s_-])", re.I)
_MODIFIED = re.compile(r"modif|updat|bijgewerkt|gewijzigd|aangepast|edited", re.I)

_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dd", "dt", "blockquote",
    "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "address", "center",
    "header", "hgroup", "details", "summary", "body", "html", "hr", "br", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "fieldset", "legend",
})
_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
_SKIP_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)

_META_TITLE = ("og:title", "twitter:title")
# Publication date metadata, best first. Modified/updated names are absent on
# purpose: they must never stand in for a publication date.
_META_PUBLISHED = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "publication_date", "publication-date", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date", "article.published",
    "sailthru.date", "parsely-pub-date", "originalpublicationdate", "article_date_original",
)
_META_SITE = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")


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
        # The lxml builder class itself rather than the name "lxml": same
        # parser, without a builder lookup per document (~10% of a small body).
        soup = BeautifulSoup(markup, builder=LXMLTreeBuilder)
        meta = _page_meta(soup) if page else {}
        root = _main_container(soup) if page else soup
        h1 = root.find("h1") or (soup.find("h1") if page else None)
        h1_text = _text_of(h1) if h1 is not None else None
        datelines = _visible_datelines(root) if page else []
        _drop_boilerplate(root)
        walker = _Walker()
        walker.walk(root)
        title = _choose_title(meta, h1_text)
        # A visible date line on its own ("ma 19 dec 2022 14:05") is metadata.
        body = [p for p in walker.paragraphs if p != title and p not in datelines]
        headings = [h for h in walker.headings if h != title]
        captions = list(walker.captions)
        credits = list(walker.loose_credits)
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


def inline_text(markup: str) -> str:
    """One line of text from a title or caption that may hold inline HTML."""
    if looks_like_html(markup):
        markup = BeautifulSoup(markup, builder=LXMLTreeBuilder).get_text(" ")
    return collapse(unescape_entities(normalise_text(markup)))


# --------------------------------------------------------------------------
# Metadata


def _page_meta(soup: BeautifulSoup) -> dict:
    metas: dict[str, str] = {}
    for m in soup.find_all("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = m.get("content")
        if key and isinstance(value, str) and value.strip() and key not in metas:
            metas[key] = value.strip()
    ld = _json_ld(soup)
    published: list[str] = []
    for key in _META_PUBLISHED[:2]:
        if key in metas:
            published.append(metas[key])
    published.extend(ld.get("datePublished", []))
    published.extend(metas[k] for k in _META_PUBLISHED[2:] if k in metas)
    published.extend(_time_elements(soup))
    title = next((metas[k] for k in _META_TITLE if k in metas), None) or next(iter(ld.get("headline", [])), None)
    doc_title = soup.title.get_text(" ") if soup.title is not None else None
    url = metas.get("og:url")
    if not url:
        link = soup.find("link", rel="canonical")
        url = link.get("href") if link is not None else None
    url = url or next(iter(ld.get("url", [])), None)
    source = next((metas[k] for k in _META_SITE if k in metas and not metas[k].startswith("@")), None)
    source = source or next(iter(ld.get("publisher", [])), None)
    sites = [s for s in (source, metas.get("og:site_name"), _host(url)) if s]
    return {
        "published": published,
        "title": _clean_title(title, sites) if title else None,
        "doc_title": _clean_title(doc_title, sites, guess_site=True) if doc_title else None,
        "url": url.strip() if isinstance(url, str) and url.strip() else None,
        "source": collapse(source) if source else None,
    }


def _json_ld(soup: BeautifulSoup) -> dict[str, list[str]]:
    """datePublished, headline, url and publisher name from JSON-LD scripts."""
    out: dict[str, list[str]] = {}
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        for obj in _ld_objects(data):
            for key in ("datePublished", "headline", "url"):
                v = obj.get(key)
                if isinstance(v, str) and v.strip():
                    out.setdefault(key, []).append(v.strip())
            pub = obj.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                out.setdefault("publisher", []).append(pub["name"])
    return out


_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|WebPage", re.I)


def _ld_objects(data, depth: int = 0):
    """JSON-LD objects that describe the article, articles first."""
    if depth > 5:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        kind = data.get("@type")
        kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
        if _ARTICLE_TYPES.search(kinds) or "datePublished" in data:
            yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"], depth + 1)


def _time_elements(soup: BeautifulSoup) -> list[str]:
    """`<time datetime>` values: explicitly published ones first, modified ones never."""
    marked, plain = [], []
    for t in soup.find_all("time"):
        value = t.get("datetime")
        if not isinstance(value, str) or not value.strip():
            continue
        attrs = " ".join(_attr_words(t)) + " " + str(t.get("itemprop") or "")
        if _MODIFIED.search(attrs) or _in_boilerplate(t):
            continue
        if t.has_attr("pubdate") or "datePublished" in attrs or re.search(r"publi", attrs, re.I):
            marked.append(value.strip())
        else:
            plain.append(value.strip())
    return marked + plain


def _visible_datelines(root: Tag) -> list[str]:
    """Short texts in date-like elements: a dateline a reader sees but no machine value."""
    out = []
    for el in root.find_all(["time", "span", "div", "p", "small"], limit=2000):
        if el.name != "time" and not _DATE_CLASS.search(" ".join(_attr_words(el))):
            continue
        text = collapse(el.get_text(" "))
        if 6 <= len(text) <= 80 and not _MODIFIED.search(text) and not _in_boilerplate(el):
            out.append(text)
    return out


def _host(url: str | None) -> str | None:
    if not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else host or None


def _site_key(s: str) -> str:
    s = s.lower().strip()
    s = re.sub(r"^www\.", "", s)
    return re.sub(r"\.(?:nl|be|com|net|org|eu|de|co\.uk)$", "", s)


# What a site name looks like: up to three capitalised words, maybe after
# "de"/"het" ("NOS", "RTL Nieuws", "de Volkskrant", "NU.nl", "1Limburg").
_SITE_NAME = re.compile(r"(?:(?:de|het|the)\s+)?[A-Z0-9][\w.&'’!-]*(?:\s+[A-Z0-9][\w.&'’!-]*){0,2}")
# Separators a site name is put in front with ("NOS | Kabinet valt"). A dash
# in front is far more often part of the headline ("Ajax - Feyenoord: 2-1").
_PREFIX_SEPARATORS = frozenset({"|", "::", "·", "•", "»"})


def _clean_title(title: str, sites: list[str], *, guess_site: bool = False) -> str | None:
    """The headline without a site name ("Poetin in Minsk | NOS" -> "Poetin in Minsk").

    Known names (og:site_name, publisher, host) go wherever they are. With
    `guess_site`, for the `<title>` that is used only when a page has no
    og:title or h1 (and often no og:site_name either), a short name-like side
    goes too: at most three capitalised words, the rest of the title longer
    ("Kabinet valt - NOS", "NOS | Kabinet valt over stikstof"). A prefix only
    before a "|"-like separator, and never the longer side, so "Ajax -
    Feyenoord" and "Vermist - Azaa Saraa" stay whole.
    """
    title = collapse(unescape_entities(normalise_text(title)))
    if not title:
        return None
    keys = {_site_key(s) for s in sites if s}
    parts = _TITLE_SEPARATORS.split(title)
    seps = _TITLE_SEPARATORS.findall(title)
    while len(parts) > 1:
        last = parts[-1]
        sep = seps[-1].strip()
        rest_words = sum(len(p.split()) for p in parts[:-1])
        if (
            _site_key(last) in keys
            or re.search(r"\.(?:nl|be|com|net|org|eu)$", last, re.I)
            or (sep == "|" and len(last.split()) <= 4 and rest_words > len(last.split()))
            or (guess_site and _guessed_site(last, parts[:-1]))
        ):
            parts.pop()
            seps.pop()
            continue
        first = parts[0]
        if _site_key(first) in keys or (  # "NOS | Poetin in Minsk"
            guess_site and seps[0].strip() in _PREFIX_SEPARATORS and _guessed_site(first, parts[1:], min_rest=3)
        ):
            parts.pop(0)
            seps.pop(0)
            continue
        break
    joined = parts[0]
    for sep, part in zip(seps, parts[1:]):
        joined += sep + part
    return joined.strip() or None


def _guessed_site(side: str, rest: list[str], *, min_rest: int = 2) -> bool:
    """Is `side` of a split title a site name, judged by shape alone?

    The shorter side, name-like and at most three words, against a rest of
    at least `min_rest` words that is longer in words, or as long in words
    and longer in characters.
    """
    if not _SITE_NAME.fullmatch(side):
        return False
    words = len(side.split())
    rest_text = " ".join(rest)
    rest_words = len(rest_text.split())
    if rest_words < min_rest:
        return False
    return rest_words > words or (rest_words == words and len(rest_text) > len(side))


def _choose_title(meta: dict, h1: str | None) -> str | None:
    title = meta.get("title")
    if title:
        return title
    if h1:
        return h1
    return meta.get("doc_title")


# --------------------------------------------------------------------------
# Main content and boilerplate


def _attr_words(el: Tag) -> list[str]:
    words = []
    cls = el.get("class")
    if isinstance(cls, list):
        words.extend(cls)
    elif isinstance(cls, str):
        words.append(cls)
    ident = el.get("id")
    if isinstance(ident, str):
        words.append(ident)
    return words


def _is_boilerplate(el: Tag) -> bool:
    if el.name in _DROP_TAGS:
        return True
    attrs = el.attrs
    if not attrs:
        return False
    role = attrs.get("role")
    if isinstance(role, str) and role.lower() in _BOILERPLATE_ROLES:
        return True
    if attrs.get("aria-hidden") == "true" or "hidden" in attrs:
        return True
    style = attrs.get("style")
    if isinstance(style, str) and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style, re.I):
        return True
    words = _attr_words(el)
    if words:
        joined = " ".join(words)
        if _CAPTION_CLASS.search(joined) or _CREDIT_CLASS.search(joined):
            return False
        if _BOILERPLATE.search(joined) or _BOILERPLATE_SQUASHED.search(_squashed(words)):
            return True
    return False


def class_rule_applies(words: list[str]) -> bool:
    """Does any class/id rule here (caption, credit, boilerplate) look at
    these words? `archive.extract.html.simplehtml` leaves such elements to the tree walk."""
    joined = " ".join(words)
    return bool(_CAPTION_CLASS.search(joined) or _CREDIT_CLASS.search(joined)
                or _BOILERPLATE.search(joined) or _BOILERPLATE_SQUASHED.search(_squashed(words)))


def _squashed(words: list[str]) -> str:
    """Class/id words with their hyphens and underscores taken out ("top-bar" -> "topbar").

    Sites spell one name many ways (top-bar, top_bar, topBar, topbar); the
    boilerplate words are matched against the words as written, which splits
    "top-bar" into "top" and "bar", and against this squashed form.
    """
    return " ".join(re.sub(r"[-_]", "", w).lower() for w in words)


def _in_boilerplate(el: Tag) -> bool:
    for parent in el.parents:
        if parent.name in ("nav", "aside", "footer") or (parent.name not in ("body", "html", "article", "main") and _is_boilerplate(parent)):
            return True
    return False


def _text_len(el: Tag) -> int:
    return sum(len(s) for s in el.find_all(string=True) if not isinstance(s, _SKIP_STRINGS))


def _main_container(soup: BeautifulSoup) -> Tag:
    """The element that holds the article: articleBody, the biggest <article>, <main>, or <body>."""
    body = soup.body or soup
    best = soup.find(attrs={"itemprop": "articleBody"})
    if isinstance(best, Tag) and _text_len(best) > 200:
        # The body container misses the headline and intro; take its article.
        article = best.find_parent("article")
        return article if article is not None else best
    articles = [a for a in soup.find_all("article") if not _in_boilerplate(a)]
    if articles:
        def p_text(a: Tag) -> int:
            return sum(len(p.get_text()) for p in a.find_all("p"))
        best = max(articles, key=p_text)
        if p_text(best) > 0:
            return best
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if isinstance(main, Tag) and _text_len(main) > 0:
        return main
    return body


def _drop_boilerplate(root: Tag) -> None:
    """Remove boilerplate elements under `root` (never `root` itself)."""
    total = None
    for el in list(root.find_all(True)):
        # Inside something already removed? (Read the instance dict: on a
        # decomposed Tag, attribute access falls back to a subtree search.)
        if el.__dict__.get("_decomposed") or el.__dict__.get("parent") is None:
            continue
        if el.name in ("header",) and el.find_parent("article") is None and el.find("h1") is None:
            el.decompose()
            continue
        if el.name in ("html", "body", "main", "article") or not _is_boilerplate(el):
            continue
        if el.name not in _DROP_TAGS:
            # A mislabelled wrapper ("layout-with-sidebar") may hold the whole
            # article: never drop most of the text for a class name.
            if total is None:
                total = _text_len(root) or 1
            if _text_len(el) > 0.5 * total:
                continue
        el.decompose()


# --------------------------------------------------------------------------
# Walking the content into blocks


def _text_of(el: Tag) -> str:
    return collapse(unescape_entities(normalise_text(el.get_text(" "))))


_FLUSH = object()  # walk marker: end of a block element
_SPACE = object()  # walk marker: end of a table cell


class _Walker:
    """Cuts the content into paragraphs at block boundaries, in document order."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.headings: list[str] = []
        self.captions: list[Caption] = []
        self.loose_credits: list[str] = []
        self._buf: list[str] = []

    def flush(self) -> None:
        if self._buf:
            text = collapse(unescape_entities(normalise_text("".join(self._buf))))
            self._buf = []
            if text:
                self.paragraphs.append(text)

    def walk(self, root: Tag) -> None:
        # Iterative, with an explicit stack: saved pages can nest thousands
        # of elements deep, far past Python's recursion limit.
        stack: list = list(reversed(root.contents))
        while stack:
            child = stack.pop()
            if child is _FLUSH:
                self.flush()
                continue
            if child is _SPACE:
                self._buf.append(" ")
                continue
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIP_STRINGS):
                    self._buf.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _DROP_TAGS:
                continue
            if name == "h1":
                self.flush()
                continue  # the headline: title, not body
            if name in _HEADING_TAGS:
                self.flush()
                text = _text_of(child)
                if text:
                    self.headings.append(text)
                continue
            if name == "figure":
                self.flush()
                self._figure(child)
                continue
            joined = " ".join(_attr_words(child)) if child.attrs else ""
            if name == "figcaption" or (joined and _CAPTION_CLASS.search(joined)):
                self.flush()
                self._caption(child)
                continue
            if joined and _CREDIT_CLASS.search(joined):
                self.flush()
                self._credit(child)
                continue
            if name == "br":
                self.flush()
                continue
            if name in ("td", "th"):
                self._buf.append(" ")
                stack.append(_SPACE)
            elif name in _BLOCK_TAGS:
                self.flush()
                stack.append(_FLUSH)
            stack.extend(reversed(child.contents))

    def _credit(self, el: Tag) -> None:
        """A credit element outside a caption belongs to the caption before it, if that has none."""
        credit = normalise_credit(_strip_credit_lead(_text_of(el)))
        if not credit:
            return
        if self.captions and self.captions[-1].credit is None:
            last = self.captions.pop()
            self.captions.append(Caption(last.text, credit))
        else:
            self.loose_credits.append(credit)

    def _figure(self, fig: Tag) -> None:
        """A figure's captions, and a credit written next to the caption rather than in it.

        `<figcaption>…</figcaption><span class="credit">Foto: Belga</span>`:
        the credit element belongs to this figure's caption (the first one
        without a credit), or is a loose credit when the figure has none.
        """
        start = len(self.captions)
        for cap in fig.find_all(["figcaption"]) or fig.find_all(class_=_CAPTION_CLASS):
            self._caption(cap)
        for el in fig.find_all(_is_figure_credit):
            if el.find_parent(_is_figure_credit) is not None:
                continue  # the outer credit element has it
            credit = normalise_credit(_strip_credit_lead(_text_of(el)))
            if not credit:
                continue
            for i in range(start, len(self.captions)):
                if self.captions[i].credit is None:
                    self.captions[i] = Caption(self.captions[i].text, credit)
                    break
            else:
                self.loose_credits.append(credit)

    def _caption(self, el: Tag) -> None:
        credit = None
        for c in el.find_all(class_=_CREDIT_CLASS):
            credit = normalise_credit(_strip_credit_lead(_text_of(c))) or credit
            c.extract()
        if credit is None:
            cite = el.find(["cite", "small"])
            if cite is not None:
                credit = normalise_credit(_strip_credit_lead(_text_of(cite))) or None
                cite.extract()
        text = _text_of(el)
        if credit is None:
            split = split_credit(text)
            if split is not None:
                text, credit = split.text, split.credit
        text = text.rstrip(" -–—|")
        if text:
            self.captions.append(Caption(text=text, credit=credit or None))
        elif credit:
            self.loose_credits.append(credit)


# Inside a <figure> any class that mentions a credit is one ("image__credit",
# "fotoBron", "media-copyright"): there is no prose there to confuse it with.
_FIGURE_CREDIT = re.compile(r"credit|copyright|photographer|fotograaf|bron|source", re.I)


def _is_figure_credit(el: Tag) -> bool:
    return el.name != "figcaption" and bool(el.attrs) and _FIGURE_CREDIT.search(" ".join(_attr_words(el))) is not None


_CREDIT_LEAD = re.compile(r"^\s*[(\[]?\s*(?:Beeld|Foto(?:'s|’s)?|Fotografie|Photo|Credit|Copyright|©)\s*[:\-–]?\s*", re.I)


def _strip_credit_lead(text: str) -> str:
    return _CREDIT_LEAD.sub("", text).rstrip(")] ").lstrip("© ")
