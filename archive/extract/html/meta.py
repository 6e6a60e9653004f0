"""Page metadata read before anything is removed: titles, publication date
candidates (never a modified date), canonical URL and site name, from
`<head>` meta tags, JSON-LD, `<time>` elements and visible datelines.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from archive.extract.html.boilerplate import (
    _DATE_CLASS,
    _MODIFIED,
    _attr_words,
    _in_boilerplate,
)
from archive.normalise import collapse, normalise_text, unescape_entities

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


_BYLINE_WORDS = re.compile(r"^(?:byline|author|auteur|authors|credits?|attribution|article-meta|article__meta"
                           r"|meta|article-info|info|bylines|contributors?)$", re.I)


def _byline_credits(soup) -> tuple[list[str], list]:
    """Photo credits stated once for the whole page, in the byline or
    attribution block beside the author ("Door Jan Jansen · Beeld: ANP").
    Read before boilerplate removal drops those blocks; returns the credits
    and the blocks that state them (bylines, never body text)."""
    from archive.extract.captions import byline_credits
    from archive.extract.html.boilerplate import _attr_words

    found: list[str] = []
    blocks = []
    for el in soup.find_all(True):
        if el.name == "address" or (el.attrs and any(_BYLINE_WORDS.match(w) or "byline" in w.lower()
                                                      for w in _attr_words(el))):
            if el.find_parent(("figure", "figcaption")) is not None:
                continue  # a photo's own credit: the walker gives it to its caption
            credits = byline_credits(" ".join(el.get_text(" ").split()))
            if credits:
                blocks.append(el)  # a byline: not body text either
            for credit in credits:
                if credit not in found:
                    found.append(credit)
    return found, blocks
