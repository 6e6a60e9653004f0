"""The article's elements walked in document order and cut into blocks at
every block element, so `<p>a</p><p>b</p>` stays two paragraphs; `<h2>`-`<h6>`
become headings, figure captions and credit elements captions.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag

from archive.document import Caption
from archive.extract.captions import normalise_credit, split_caption_credit
from archive.extract.html.boilerplate import (
    boilerplate_heading,
    comments_heading,
    _CAPTION_CLASS,
    _CREDIT_CLASS,
    _DROP_TAGS,
    _SKIP_STRINGS,
    _attr_words,
)
from archive.normalise import collapse, normalise_text, unescape_entities

_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dd", "dt", "blockquote",
    "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "address", "center",
    "header", "hgroup", "details", "summary", "body", "html", "hr", "br", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "fieldset", "legend",
})

_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")



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
                if text and boilerplate_heading(text):
                    # The title of a comments, "lees ook", newsletter or share
                    # block: neither a heading nor body, and a list of links
                    # right under it is that block.
                    if comments_heading(text):
                        # Reader comments close an article: what follows in
                        # this block is theirs, not the article's.
                        after = {id(x) for x in child.find_next_siblings()}
                        stack[:] = [x for x in stack if id(x) not in after]
                        continue
                    nxt = child.find_next_sibling(True)
                    if nxt is not None and _only_links(nxt):
                        for i in range(len(stack) - 1, -1, -1):
                            if stack[i] is nxt:
                                del stack[i]
                                break
                    continue
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
            split = split_caption_credit(text)
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



def _only_links(el: Tag) -> bool:
    """A list or block whose text is all links (a related-articles list)."""
    links = sum(len(a.get_text()) for a in el.find_all("a"))
    return links > 0 and links >= 0.8 * len(el.get_text().strip())


def _is_figure_credit(el: Tag) -> bool:
    return el.name != "figcaption" and bool(el.attrs) and _FIGURE_CREDIT.search(" ".join(_attr_words(el))) is not None



_CREDIT_LEAD = re.compile(r"^\s*[(\[]?\s*(?:Beeld|Foto(?:'s|’s)?|Fotografie|Photo|Credit|Copyright|©)\s*[:\-–]?\s*", re.I)



def _strip_credit_lead(text: str) -> str:
    return _CREDIT_LEAD.sub("", text).rstrip(")] ").lstrip("© ")
