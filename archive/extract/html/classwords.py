"""The words of the boilerplate rules: tags, class/id words and roles of
navigation, share bars, cookie walls, related lists and ads, and the
headings of such blocks. Plain regular expressions, no tree: the tree walk
(`archive.extract.html.boilerplate`, `walker`) and the fast reader of simple
fragments (`archive.extract.html.simplehtml`, which must not import bs4 for
the feeds that never need it) share them.
"""

from __future__ import annotations

import re

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
