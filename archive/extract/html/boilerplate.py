"""What on a saved page is not the article: tags, class/id words and roles of
navigation, share bars, cookie walls, related lists, ads, and the element that
holds the article itself.

The rules are words, not site templates: `_BOILERPLATE_WORDS` matched against
class and id words (also squashed, `top-bar` -> `topbar`), ARIA roles, and a
guard that never drops most of the text for a class name.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

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

_SKIP_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)



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
            # Nor the element that holds the headline with text after it
            # ("article-detail paywall-free" around a short local story,
            # beside a longer related block): that is the article.
            h1 = el.find("h1")
            if h1 is not None and h1.find_next("p") is not None and el in h1.parents:
                continue
        el.decompose()


def _drop_category_links(root: Tag) -> None:
    """Section and category labels before the article's first paragraph
    ("Topnews", "Binnenland"): a block that is one or two short links and
    nothing else, ahead of any prose, is navigation, not the lead."""
    for el in list(root.find_all(("p", "div", "span", "ul"))):
        if el.__dict__.get("_decomposed") or el.__dict__.get("parent") is None:
            continue
        text = el.get_text(" ").strip()
        if not text:
            continue
        links = el.find_all("a")
        linked = " ".join(a.get_text(" ").strip() for a in links)
        if links and len(links) <= 2 and len(text.split()) <= 3 and " ".join(linked.split()) == " ".join(text.split()):
            el.decompose()
            continue
        if el.name == "p":
            break  # the first paragraph of prose: labels come before it or not at all


#: Headings that title a block around the article, not a part of it.
_BOILERPLATE_HEADING = re.compile(
    r"(?:\d+\s+)?(?:reacties?|reageer|reageren|praat mee|discussie|comments?|lees (?:ook|meer|verder)|zie ook"
    r"|meer (?:over (?:dit|deze)\s+\w+|nieuws|lezen|artikelen)|gerelateerd(?:e artikelen)?|related(?: articles)?"
    r"|read more|nieuwsbrief|newsletter|abonneer.*|schrijf je in.*|meld je aan.*|deel (?:dit|het) (?:artikel|bericht)"
    r"|delen|share(?: this(?: article)?)?|volg ons.*|tags|meest gelezen|most read)"
    r"(?:\s*\(\d+\))?\s*[:.!]?", re.I)


def boilerplate_heading(text: str) -> bool:
    """Is this heading the title of a block around the article ("Reacties
    (12)", "Lees ook", "Meld je aan voor onze nieuwsbrief")?"""
    return len(text) <= 60 and _BOILERPLATE_HEADING.fullmatch(text.strip()) is not None


_COMMENTS_HEADING = re.compile(r"(?:\d+\s+)?(?:reacties?|reageer|reageren|praat mee|discussie|comments?)\b.*", re.I)


def comments_heading(text: str) -> bool:
    """Does this heading open the reader comments ("Reacties (12)")?"""
    return boilerplate_heading(text) and _COMMENTS_HEADING.fullmatch(text.strip()) is not None
