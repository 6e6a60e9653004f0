"""Simple HTML body fragments read in one regex pass, without a tree.

Feeds and exports mostly carry their article body as a flat run of
paragraphs and subheadings: `<p class="intro">…</p><h2>…</h2><p>… <em>x</em>
<a href="…">y</a></p>`. For those, building a BeautifulSoup tree (lxml parses,
then bs4 makes a Python object per element and string) is over half the cost
of cleaning the article: about 0.5 ms of a 2 ms ingest per record. This
module reads such fragments directly and gives exactly what
`archive.extract.html.clean`'s tree walk gives for them: paragraphs and headings.

It takes only what it can read exactly as lxml + the walker would, and
returns None for anything else, which then goes the tree way:

- elements: paragraphs and headings `h2`-`h6` at the top level; inline
  `a em strong b i u span` inside them; `br` (in a paragraph),
  `hr` (at the top level) and `img` (dropped, as the walker drops it);
  or, with no paragraph or heading at all, loose text and inline elements
  (the one paragraph lxml makes of them, broken at `br` and `hr`);
- properly nested and closed, nothing but white space between top-level
  blocks, no inline element inside itself, no block inside a paragraph
  (lxml would move things around);
- attributes only of kinds that change nothing (`href`, `class`, ...),
  and no class or id word that marks boilerplate, a caption or a credit;
- text with no comment, CDATA, processing instruction, stray `<`, control
  character, and only entities both readers decode alike (named entities
  of HTML 4 and plain numeric references, each with its `;`).

`tests/test_simplehtml.py` checks the result against the tree walk on
generated fragments, and that every fragment it refuses still cleans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.entities import name2codepoint

from archive.extract.html.classwords import boilerplate_heading, class_rule_applies
from archive.normalise import clean_line

# (Not `sub`/`sup`: lxml drops white space that stands alone in them.)
_INLINE = frozenset({"a", "em", "strong", "b", "i", "u", "span"})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"br", "hr", "img"})
# Attributes that neither the boilerplate rules nor the walker look at
# (`class` is looked at below; `id`, `style`, `role`, `hidden`, `aria-*` are
# refused).
_HARMLESS = frozenset({"class", "href", "target", "rel", "title", "alt", "src", "width", "height",
                       "lang", "dir", "name"})

# One token: a tag, a run of text, or anything else starting with "<".
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>|[^<]+|<")
_ATTR = re.compile(r"\s+([a-zA-Z][-a-zA-Z0-9_:]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")
_AMP = re.compile(r"&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]*;)?")
# Characters lxml drops or reads otherwise (controls, CR). Markup that is
# not an element (a comment, CDATA, a processing instruction: "<!", "<?")
# needs no test of its own: no tag starts so, and `_TOKEN` covers the text
# without a gap, so it comes out as a stray "<", which is refused (one
# character class scans in half the time of the class and two branches).
_REFUSE = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\r\\x7f\\ud800-\\udfff\\ufffe\\uffff]")


def _ok_codepoint(cp: int) -> bool:
    return cp in (9, 10) or 32 <= cp < 127 or 160 <= cp < 0xD800 or 0xE000 <= cp < 0xFFFE or 0x10000 <= cp < 0x110000


def _decode(text: str) -> str | None:
    """Text as lxml hands it over (entities resolved), or None where the two
    readers might differ."""
    if "&" not in text:
        return text
    out = []
    last = 0
    for m in _AMP.finditer(text):
        ref = m.group(1)
        if ref is None:
            # A bare "&": lxml keeps it unless it could start a reference.
            nxt = text[m.end():m.end() + 1]
            if nxt == "#" or nxt.isalnum():
                return None
            continue
        if ref[0] == "#":
            cp = int(ref[2:-1], 16) if ref[1] in "xX" else int(ref[1:-1])
            if not _ok_codepoint(cp):
                return None
            char = chr(cp)
        else:
            cp = name2codepoint.get(ref[:-1])
            if cp is None:
                return None
            char = chr(cp)
        out.append(text[last:m.start()])
        out.append(char)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


@lru_cache(maxsize=2048)
def _harmless(name: str, attrs: str) -> bool:
    """(Remembered: a feed writes the same few tags, `<p class="intro">`,
    again and again.)"""
    if not attrs.strip(" \t\n/"):
        return True
    pos = 0
    body = attrs.rstrip(" \t\n/") if name in _VOID else attrs.rstrip(" \t\n")
    while pos < len(body):
        m = _ATTR.match(body, pos)
        if m is None:
            return False
        key = m.group(1).lower()
        if key not in _HARMLESS:
            return False
        if key == "class" and name != "img":
            value = m.group(2) if m.group(2) is not None else m.group(3)
            if value is None or "&" in value:
                return False
            words = value.split()
            if words and class_rule_applies(words):
                return False
        pos = m.end()
    return True


def read_fragment(markup: str) -> tuple[list[str], list[str]] | None:
    """(paragraphs, headings) of a simple body fragment, as the tree walk
    makes them; None when `markup` is not simple enough (see the module)."""
    if _REFUSE.search(markup) is not None:
        return None
    paragraphs: list[str] = []
    headings: list[str] = []
    stack: list[str] = []  # open elements, outermost first
    buf: list[str] = []  # text of the paragraph being read
    heading: list[str] | None = None  # text strings of the heading being read
    # Either paragraphs and headings (`blocks`), or text and inline elements
    # with no block around them (`loose`: lxml puts it in one paragraph,
    # broken at `br` and `hr`), never both.
    blocks = loose = False

    def flush() -> None:
        if buf:
            text = clean_line("".join(buf))
            buf.clear()
            if text:
                paragraphs.append(text)

    for m in _TOKEN.finditer(markup):
        name = m.group(2)
        if name is None:
            raw = m.group()
            if raw == "<":
                return None
            if not stack:
                if not raw.strip(" \t\n"):
                    buf.append(raw)  # white space between blocks: flushed to nothing
                    continue
                if blocks:
                    return None  # text beside paragraphs: lxml gives it one of its own
                loose = True
            text = _decode(raw)
            if text is None:
                return None
            if heading is not None:
                heading.append(text)
            else:
                buf.append(text)
            continue
        name = name.lower()
        closing = m.group(1) == "/"
        attrs = m.group(3)
        if closing:
            if attrs.strip(" \t\n") or not stack or stack[-1] != name:
                return None
            stack.pop()
            if name == "p":
                flush()
            elif name in _HEADINGS:
                text = clean_line(" ".join(heading or ()))
                if text:
                    headings.append(text)
                heading = None
            continue
        if not _harmless(name, attrs):
            return None
        selfclosed = attrs.rstrip(" \t\n").endswith("/")
        if name in _VOID:
            if name == "br":
                if stack[:1] != ["p"] and (blocks or stack[:1] and stack[0] not in _INLINE):
                    return None
                flush()
            elif name == "hr":
                if stack:
                    return None
                flush()
            continue  # img: dropped with everything in it (it holds nothing)
        if selfclosed:
            return None
        if name == "p" or name in _HEADINGS:
            if stack or loose:
                return None
            blocks = True
            flush()
            if name != "p":
                heading = []
            stack.append(name)
        elif name in _INLINE:
            if name in stack:
                return None
            if not stack:
                if blocks:
                    return None
                loose = True
            stack.append(name)
        else:
            return None
    if stack:
        return None
    flush()
    if headings:
        if any(boilerplate_heading(h) for h in headings):
            return None  # a "Lees ook" block: the tree walk drops it with its links
    return paragraphs, headings
