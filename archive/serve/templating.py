"""The Jinja2 environment of the pages: autoescape on for every template, and
the few filters that turn stored text into markup safely.

Autoescape is on for every template (not only `.html` names) so no string
from an article or a URL ever reaches a page unescaped; the only markup
made from article text is `<mark>` around the words a snippet marks with
`**`, added *after* escaping. Undefined names fail loudly (a template typo is
a test failure, not a blank on the page).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from archive.serve.labels import date_text, number

TEMPLATES = Path(__file__).with_name("templates")
_MARK = re.compile(r"\*\*(.+?)\*\*", re.S)
_SAFE_SCHEMES = ("http://", "https://")


def marked(snippet: str | None) -> Markup:
    """A snippet with its `**word**` marks as `<mark>word</mark>`, the rest escaped."""
    text = str(escape(snippet or ""))
    return Markup(_MARK.sub(r"<mark>\1</mark>", text))


def article_url(article_id: str, suffix: str = "") -> str:
    """`/article/ID`: any id (JSON records bring their own) made one path segment."""
    return "/article/" + quote(article_id, safe="") + suffix


def web_link(url: str | None) -> str | None:
    """The URL if a browser may follow it (http or https), else None: a
    stored `javascript:` or `data:` URL is shown as text, never linked."""
    if url and url.strip().lower().startswith(_SAFE_SCHEMES) and not any(c in url for c in "\r\n\t"):
        return url.strip()
    return None


def paragraphs(body: str | None) -> list[str]:
    return [" ".join(p.split()) for p in (body or "").split("\n\n") if p.strip()]


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(marked=marked, paragraphs=paragraphs)
    env.globals.update(article_url=article_url, web_link=web_link, date_text=date_text, number=number)
    return env
