"""The fixed query set of the benchmark, and how each query reaches each engine.

Queries are plain strings in a small subset that all engines can express:

    word            a word, analyzed like the field (stemmed where the engine stems)
    "a phrase"      words in this order
    prefix*         every term that starts with `prefix` (lower-case ASCII)
    a b             both (implicit AND)
    a AND b         both
    a OR b          either; AND binds tighter than OR
    ( ... )         grouping

How they are translated (`parse` gives the tree, the functions below emit it):

* Whoosh (raw baseline and, presumably, `archive`): the string as is, through
  `MultifieldParser(["title", "body"])`, whose default group is AND. Whoosh
  drops stopwords, also inside phrases.
* SQLite FTS5 (`to_fts5`): every word becomes a quoted string `"word"` (so
  `-`, `.` or digits can never be read as FTS5 syntax), a phrase stays
  `"a b"`, a prefix becomes `"prefix"*`, AND/OR are kept with explicit
  parentheses. A MATCH on the table searches title and body. No stemming and
  no stopwords: `unicode61 remove_diacritics 2` only folds case and accents.
* tantivy (`to_tantivy`): words and phrases go through `Index.parse_query`
  over title and body (which runs the field's Dutch analyzer: lower-case,
  stopwords, ASCII folding, Snowball Dutch stemmer); a prefix becomes a
  `regex_query` `prefix.*` on each field (tantivy's query parser has no
  single-term wildcard), after running the prefix through the same analyzer
  as Whoosh does; AND/OR become boolean queries with Must/Should.

Prefixes: Whoosh runs the prefix text through the field's analyzer, stemmer
included (`vluchteling*` becomes `vluchteel*`, `verkiezingen*` becomes
`verkies*`); tantivy's translation does the same with its own Dutch analyzer;
FTS5 takes the prefix as typed (case and accents folded), on unstemmed terms.

Every query searches title and body. A query's answer is the top 10 hits
(with their stored title) and the exact total number of hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# At least 30 realistic queries for Dutch news of 2012-2019 (leestmeer's feeds
# and DPG Media's 2019 articles): single words, names, places, phrases,
# AND/OR, grouping and two prefixes. None is made only of stopwords.
QUERIES: list[str] = [
    "politie",
    "brand",
    "Rutte",
    "verkiezingen",
    "Brexit",
    '"Mark Rutte"',
    '"Tweede Kamer"',
    '"Den Haag"',
    '"Europese Unie"',
    '"koning Willem-Alexander"',
    "Trump",
    "Wilders",
    "Oekraïne",
    "MH17",
    "vluchtelingen",
    "stikstof",
    "ziekenhuis",
    "Eindhoven",
    "klimaat*",
    "vluchteling*",
    "brand OR explosie",
    "voetbal OR hockey",
    "ongeluk AND snelweg",
    "Ajax AND Feyenoord",
    "aardbeving AND Groningen",
    "Amsterdam AND woningmarkt",
    "Rotterdam haven",
    "inbraak woning",
    "vermist meisje",
    "staking leraren",
    "Schiphol AND vertraging",
    "drugs AND cocaïne",
    '"Formule 1" AND Verstappen',
    "belasting AND (pensioen OR AOW)",
    "onderwijs AND (leraren OR docenten)",
    '(Brexit OR "Europese Unie") AND verkiezingen',
]


# --------------------------------------------------------------------------
# A tiny parser for the subset above.

@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


_TOKEN = re.compile(r'\s*(\(|\)|"[^"]*"|[^\s()"]+)')


def _tokens(q: str) -> list[str]:
    pos, out = 0, []
    q = q.strip()
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if not m:
            raise ValueError(f"cannot parse query {q!r} at {pos}")
        out.append(m.group(1))
        pos = m.end()
        while pos < len(q) and q[pos].isspace():
            pos += 1
    return out


def parse(q: str):
    """The query's tree: Word, Phrase, Prefix, And, Or."""
    toks = _tokens(q)
    pos = 0

    def peek():
        return toks[pos] if pos < len(toks) else None

    def atom():
        nonlocal pos
        t = peek()
        if t is None:
            raise ValueError(f"unexpected end of query {q!r}")
        pos += 1
        if t == "(":
            node = or_expr()
            if peek() != ")":
                raise ValueError(f"missing ) in {q!r}")
            pos += 1
            return node
        if t.startswith('"'):
            return Phrase(t.strip('"'))
        if t.endswith("*") and len(t) > 1:
            return Prefix(t[:-1])
        return Word(t)

    def and_expr():
        nonlocal pos
        items = [atom()]
        while peek() not in (None, ")", "OR"):
            if peek() == "AND":
                pos += 1
            items.append(atom())
        return items[0] if len(items) == 1 else And(tuple(items))

    def or_expr():
        nonlocal pos
        items = [and_expr()]
        while peek() == "OR":
            pos += 1
            items.append(and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    node = or_expr()
    if pos != len(toks):
        raise ValueError(f"trailing tokens in {q!r}: {toks[pos:]}")
    return node


# --------------------------------------------------------------------------
# Translations.


def to_whoosh(q: str) -> str:
    """Whoosh's query language already is the subset: the string as is."""
    parse(q)  # validate
    return q


def _fts5_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts5(q: str) -> str:
    """The FTS5 MATCH expression for `q` (see the module docstring)."""

    def emit(node) -> str:
        if isinstance(node, Word):
            return _fts5_quote(node.text)
        if isinstance(node, Phrase):
            return _fts5_quote(node.text)
        if isinstance(node, Prefix):
            return _fts5_quote(node.text) + "*"
        op = " AND " if isinstance(node, And) else " OR "
        return "(" + op.join(emit(n) for n in node.items) + ")"

    return emit(parse(q))


def fold_prefix(text: str) -> str:
    import unicodedata

    d = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in d if not unicodedata.combining(c))


def to_tantivy(q: str, index, fields=("title", "body"), analyzer=None):
    """A tantivy `Query` for `q` on `index` (see the module docstring).

    `analyzer` (the fields' tantivy `TextAnalyzer`) is applied to a prefix
    the way Whoosh applies its field analyzer to one; without it the prefix
    is only lower-cased and accent-folded."""
    import tantivy

    schema = index.schema
    fields = list(fields)

    def emit(node):
        if isinstance(node, Word):
            return index.parse_query(node.text, fields)
        if isinstance(node, Phrase):
            return index.parse_query(_fts5_quote(node.text), fields)
        if isinstance(node, Prefix):
            text = fold_prefix(node.text)
            if analyzer is not None:
                toks = analyzer.analyze(node.text)
                if len(toks) == 1:
                    text = toks[0]
            pattern = re.escape(text) + ".*"
            subs = [(tantivy.Occur.Should, tantivy.Query.regex_query(schema, f, pattern))
                    for f in fields]
            return tantivy.Query.boolean_query(subs)
        occur = tantivy.Occur.Must if isinstance(node, And) else tantivy.Occur.Should
        return tantivy.Query.boolean_query([(occur, emit(n)) for n in node.items])

    return emit(parse(q))
