"""The query language users type, the same on every engine.

Words (all must match), `"exact phrases"`, `AND`, `OR`, `NOT`, `( )`,
`prefix*`, `fuzzy~` (`~2` for two edits) and `field:value`. What a query may
say is checked here, on the text, before an engine parses it, so a malformed
query gets the same one-line error (`QueryError`, exit status 2) whichever
engine holds the index.
"""

from __future__ import annotations

import re

from archive.errors import QueryError

#: Edits a `word~N` may make: at three and more nearly every short word
#: matches and the expansion alone takes seconds.
MAX_EDITS = 2

#: Names users may write before a colon, and the field each one searches.
FIELD_ALIASES = {
    "title": "title",
    "body": "text",
    "text": "text",
    "heading": "headings",
    "headings": "headings",
    "caption": "captions",
    "captions": "captions",
    "actor": "actor",
    "place": "place",
    "credit": "credit",
    "source": "source",
}
#: Fields whose values are canonical entity names (aliases apply).
ENTITY_FIELDS = ("actor", "place")


def check_query(text: str) -> str:
    """`text` with its field names mapped to index fields (`body:` ->
    `text:`); a malformed query raises `QueryError`."""
    check_syntax(text)
    unknown = [
        f
        for f in re.findall(r"(?:^|[\s(])([A-Za-z_]+):", text)
        if f.lower() not in FIELD_ALIASES
    ]
    if unknown:
        fields = ", ".join(sorted(FIELD_ALIASES))
        raise QueryError(f"unknown field {unknown[0]!r} in query; fields are: {fields}")
    return re.sub(
        r"(?:(?<=^)|(?<=[\s(]))([A-Za-z_]+):",
        lambda m: FIELD_ALIASES[m.group(1).lower()] + ":",
        text,
    )


def check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError(f'unbalanced quote in query {text!r}: close the "phrase"')
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise QueryError(f"unbalanced parenthesis in query {text!r}: ')' without '('")
    if depth:
        raise QueryError(f"unbalanced parenthesis in query {text!r}: '(' without ')'")
    words = text.split()
    if words and words[-1] in ("AND", "OR", "NOT"):
        raise QueryError(f"query {text!r} ends with {words[-1]}: add a word after it")
    if words and words[0] in ("AND", "OR"):
        raise QueryError(f"query {text!r} starts with {words[0]}: add a word before it")
    if re.search(r"(?:^|\s)\*", text):
        raise QueryError(f"query {text!r}: a wildcard needs a prefix (write soldat*, not *)")
    for a, b in zip(words, words[1:]):
        if a in ("AND", "OR", "NOT") and b in ("AND", "OR") or (a, b) == ("NOT", "NOT"):
            raise QueryError(f"query {text!r}: {a} {b} needs a word between them")
    empty = re.search(r"(?:^|[\s(])([A-Za-z_]*):(?=$|[\s)])", text)
    if empty:
        what = f"{empty.group(1)}:" if empty.group(1) else "':'"
        raise QueryError(f"query {text!r}: {what} needs a value (write place:Kyiv or title:\"two words\")")
    if re.search(r"(?:^|[\s(])~", text):
        raise QueryError(f"query {text!r}: ~ needs a word before it (write Loekasjenko~)")
    for far in re.finditer(r'(?<!")~(\d+)', text):  # "a phrase"~3 is slop, not edits
        if int(far.group(1)) > MAX_EDITS:
            raise QueryError(f"query {text!r}: fuzzy matching allows at most {MAX_EDITS} edits "
                             f"(word~1 or word~2)")


# --------------------------------------------------------------------------
# The query as a tree, for engines without a parser of their own.
#
# `parse` reads what `check_query` accepted into `Leaf` and `Group` nodes
# with the precedence of the embedded engine's parser (Whoosh's, with an AND
# group and fuzzy terms), so both engines mean the same by one query:
# explicit `AND` binds tightest, then `OR`, then words side by side (all
# must match); `NOT` applies to the unit after it. `a b OR c` is `a AND (b
# OR c)`; `a OR b AND c` is `a OR (b AND c)`. A `NOT` alone matches every
# article without what follows it. Analysis (stemming, stopwords, aliases)
# is left to the engine: leaves hold the text as typed.

from dataclasses import dataclass as _dataclass

#: Index fields a `field:` names (values of `FIELD_ALIASES`).
INDEX_FIELDS = frozenset(FIELD_ALIASES.values())
_OPERATORS = ("AND", "OR", "NOT")


@_dataclass(frozen=True)
class Leaf:
    """One word, phrase, prefix, fuzzy word or wildcard, in one index field.

    `kind` is "word", "phrase", "prefix" (`text` without its `*`), "fuzzy"
    (`edits` 1 or 2) or "wildcard" (`*` and `?` inside). `slop` is the
    embedded engine's: 1 means the words must be adjacent, `"a b"~3` allows
    up to two other words between each pair (in order)."""

    kind: str
    field: str
    text: str
    slop: int = 1
    edits: int = 1
    boost: float = 1.0


@_dataclass(frozen=True)
class Group:
    """`op` "and" or "or" over `children`, or "not" over one child."""

    op: str
    children: tuple


def parse(text: str):
    """The tree of a query (None: nothing in it); `QueryError` if malformed."""
    tokens = _lex(check_query(text))
    parser = _Parser(tokens, text)
    node = parser.sequence(top=True)
    return node


def _lex(text: str) -> list[tuple]:
    """("(",) (")",) ("op", NAME) ("field", NAME) ("phrase", text, slop,
    boost) ("word", text) in order."""
    out: list[tuple] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append((ch,))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            phrase = text[i + 1:end]
            i = end + 1
            m = re.match(r"~(\d*)", text[i:])
            slop = 1
            if m:
                slop = int(m.group(1)) if m.group(1) else 1
                i += m.end()
            boost, i = _boost(text, i)
            out.append(("phrase", phrase, slop, boost))
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
            i = j
            m = re.match(r"([A-Za-z_]+):(.*)$", word, re.S)
            if m and m.group(1) in INDEX_FIELDS:
                out.append(("field", m.group(1)))
                word = m.group(2)
                if not word:
                    continue
            if word in _OPERATORS and (not out or out[-1][0] != "field"):
                out.append(("op", word))
            else:
                out.append(("word", word))
    return out


def _boost(text: str, i: int) -> tuple[float, int]:
    m = re.match(r"\^(\d+(?:\.\d+)?)", text[i:])
    return (float(m.group(1)), i + m.end()) if m else (1.0, i)


def _word_leaf(word: str, field: str) -> Leaf | None:
    boost = 1.0
    m = re.search(r"\^(\d+(?:\.\d+)?)$", word)
    if m:
        boost, word = float(m.group(1)), word[:m.start()]
    m = re.search(r"~(\d*)$", word)
    if m and m.start() > 0:
        edits = int(m.group(1)) if m.group(1) else 1
        return Leaf("fuzzy", field, word[:m.start()], edits=edits, boost=boost)
    if not word:
        return None
    if "*" in word or "?" in word:
        if word.endswith("*") and "*" not in word[:-1] and "?" not in word:
            return Leaf("prefix", field, word[:-1], boost=boost)
        return Leaf("wildcard", field, word, boost=boost)
    return Leaf("word", field, word, boost=boost)


class _Parser:
    """Recursive descent over the tokens: sequence > or > and > not > unit."""

    def __init__(self, tokens: list[tuple], text: str) -> None:
        self.tokens = tokens
        self.i = 0
        self.text = text

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def sequence(self, top: bool = False, field: str = "text"):
        parts = []
        while True:
            t = self.peek()
            if t is None or t == (")",):
                break
            before = self.i
            node = self.orexpr(field)
            if node is not None:
                parts.append(node)
            if self.i == before:  # a stray operator: skip it
                self.i += 1
        if top and self.peek() == (")",):
            raise QueryError(f"unbalanced parenthesis in query {self.text!r}: ')' without '('")
        return _group("and", parts)

    def orexpr(self, field: str):
        parts = [self.andexpr(field)]
        while self.peek() == ("op", "OR"):
            self.i += 1
            parts.append(self.andexpr(field))
        return _group("or", parts)

    def andexpr(self, field: str):
        parts = [self.unary(field)]
        while self.peek() == ("op", "AND"):
            self.i += 1
            parts.append(self.unary(field))
        return _group("and", parts)

    def unary(self, field: str):
        t = self.peek()
        if t == ("op", "NOT"):
            self.i += 1
            child = self.unary(field)
            return None if child is None else Group("not", (child,))
        return self.unit(field)

    def unit(self, field: str):
        t = self.peek()
        if t is None or t == (")",) or t[0] == "op":
            return None
        self.i += 1
        if t[0] == "field":
            nxt = self.peek()
            if nxt is None or nxt == (")",) or nxt[0] == "op":
                return None
            return self.unit(t[1])
        if t == ("(",):
            node = self.sequence(field=field)
            if self.peek() == (")",):
                self.i += 1
            return node
        if t[0] == "phrase":
            return Leaf("phrase", field, t[1], slop=t[2], boost=t[3]) if t[1].strip() else None
        return _word_leaf(t[1], field)


def _group(op: str, parts: list):
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    flat = []
    for p in parts:
        flat.extend(p.children if isinstance(p, Group) and p.op == op else (p,))
    return Group(op, tuple(flat))


# --------------------------------------------------------------------------
# Words of the query the engines treat specially (the same on every engine).


def alias_words(text: str, aliases=None) -> dict:
    """Query words that are aliases of an actor or place -> (canonical name,
    its terms), keyed by the word's terms: `Kiev` also finds articles that
    only wrote `Kyiv` (canonical names are indexed as words with every
    article). `aliases`: an `AliasTable` (default: the shipped one)."""
    from archive.analysis import analyze
    from archive.extract.entities.aliases import AliasTable

    table = aliases if aliases is not None else AliasTable.default()
    out = {}
    for m in re.finditer(r"(?<![:\w])([^\W\d_][\w'’-]*)", text):
        word = m.group(1)
        if word in ("AND", "OR", "NOT") or text[m.end():m.end() + 1] == ":":
            continue
        for kind in ("place", "actor"):
            canon = table.lookup(word, kind)
            if canon and canon.lower() != word.lower():
                terms = analyze(canon)
                if terms:
                    out[tuple(analyze(word))] = (canon, terms)
                break
    return out


def prefix_words(text: str) -> dict[str, str]:
    """Each `word*` of the query: its stem -> the folded, unstemmed prefix
    typed (the analyzer stems a prefix, but a prefix is not a word)."""
    from archive.analysis import analyze, fold

    out = {}
    for word in re.findall(r"(\w+)\*", text):
        stems = analyze(word) or [fold(word)]
        out[stems[-1]] = fold(word)
    return out
