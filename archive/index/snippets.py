"""Snippets: the passage of an article that best shows why it matched.

Whoosh's highlighter re-runs the whole analyzer chain over every hit's full
text (over half the time of a query on long articles). The words a query can
match are known up front (its terms, as stems), so we tokenize with the
analyzer's own pattern, stem each distinct word once through a cache, and
pick the window with the most distinct matched terms. The words are shown
as the article writes them, marked `**like this**`.
"""

from __future__ import annotations

import re
from typing import Iterable

from archive.analysis import DUTCH_STOPWORDS, TOKEN_PATTERN, fold

MARK_OPEN, MARK_CLOSE = "**", "**"
SNIPPET_CHARS = 240
_TOKEN = re.compile(TOKEN_PATTERN)
_stems: dict[str, str | None] = {}


def _stem(word: str) -> str | None:
    """The index term of one word (None for a stopword), cached."""
    s = _stems.get(word)
    if s is None and word not in _stems:
        global _stemmer
        try:
            stemmer = _stemmer
        except NameError:
            from archive.analysis import _stemmer as make

            stemmer = _stemmer = make()
        folded = fold(word)
        s = None if folded in DUTCH_STOPWORDS else stemmer.stemWord(folded)
        if len(_stems) < 200_000:
            _stems[word] = s
    return s


_ACCENTED: dict[str, str] | None = None


def _accent_blind(head: str) -> str:
    """A regex for `head` (folded, as index terms are) that also matches the
    accented letters that fold to it: the stem `cafe` must find `Café`."""
    global _ACCENTED
    if _ACCENTED is None:
        from archive.analysis import accent_map  # the folding table the analyzer uses

        groups: dict[str, set[str]] = {}
        for code, plain in accent_map.items():
            if isinstance(plain, str) and len(plain) == 1:
                groups.setdefault(plain.lower(), set()).add(chr(code))
        _ACCENTED = {c: "".join(sorted(v)) for c, v in groups.items()}
    out = []
    for ch in head:
        extra = _ACCENTED.get(ch)
        out.append(f"[{re.escape(ch)}{re.escape(extra)}]" if extra else re.escape(ch))
    return "".join(out)


class Matcher:
    """Which words of a text match the query's terms and prefixes."""

    def __init__(self, terms: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.terms = frozenset(terms)
        self.prefixes = tuple(prefixes)
        # Only words that begin like a term can stem to it: find those with
        # one regex instead of stemming every word of the text.
        heads = sorted({t[:4] for t in (*self.terms, *self.prefixes) if t}, key=len, reverse=True)
        self._candidates = (
            re.compile(r"(?<!\w)(?:%s)\w*(?:[.,']\w+)*" % "|".join(map(_accent_blind, heads)), re.IGNORECASE)
            if heads else None
        )

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes)

    def hit(self, word: str) -> str | None:
        s = _stem(word)
        if s is None:
            return None
        if s in self.terms:
            return s
        for p in self.prefixes:
            if s.startswith(p):
                return s
        return None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        if self._candidates is None:
            return out
        for m in self._candidates.finditer(text):
            s = self.hit(m.group())
            if s is not None:
                out.append((m.start(), m.end(), s))
        return out


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


def lead(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The opening of a text, cut on a word: the snippet when nothing matched."""
    return _cut(" ".join(text.split()), limit)


def snippet(text: str, matcher: Matcher, limit: int = SNIPPET_CHARS) -> str | None:
    """The best window of `text` with its matched words marked, or None."""
    text = " ".join(text.split())
    spans = matcher.spans(text) if matcher else []
    if not spans:
        return None
    # Window with the most distinct matched terms, then the most matches.
    best, best_key = 0, (-1, -1)
    j = 0
    for i in range(len(spans)):
        while spans[j][0] < spans[i][1] - limit:
            j += 1
        window = spans[j : i + 1]
        key = (len({s for _, _, s in window}), len(window))
        if key > best_key:
            best, best_key = j, key
    first = spans[best][0]
    start = max(0, first - 60)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + limit)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    out, pos = [], start
    for s, e, _ in spans:
        if s < start or e > end:
            continue
        out += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        pos = e
    out.append(text[pos:end])
    return ("… " if start else "") + "".join(out) + (" …" if end < len(text) else "")
