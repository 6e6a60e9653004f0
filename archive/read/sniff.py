"""Is this text HTML, a body fragment, or a whole page? Cheap checks on the text itself.

Reading uses them to pick a format when an extension lies, and extraction to
decide whether a JSON body needs an HTML parser at all (plain-text bodies stay
fast).
"""

from __future__ import annotations

import re

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
