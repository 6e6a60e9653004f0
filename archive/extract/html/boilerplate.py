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

from archive.extract.html.classwords import (  # noqa: F401  (re-exported)
    _BOILERPLATE,
    _BOILERPLATE_HEADING,
    _BOILERPLATE_ROLES,
    _BOILERPLATE_SQUASHED,
    _BOILERPLATE_WORDS,
    _CAPTION_CLASS,
    _COMMENTS_HEADING,
    _CREDIT_CLASS,
    _DATE_CLASS,
    _DROP_TAGS,
    _MODIFIED,
    _squashed,
    boilerplate_heading,
    class_rule_applies,
    comments_heading,
)

# --------------------------------------------------------------------------
# What is boilerplate (the words: `archive.extract.html.classwords`)

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
