"""The query language as OpenSearch query DSL, meaning what it means on the embedded engine.

`archive.index.querylang.parse` gives the tree; each leaf becomes DSL the way
the embedded engine reads it (`archive.index.whoosh.query` is the reference):

* a word in a prose field is a `match` of all its tokens (`Wit-Rusland` is
  `wit` AND `rusland`), analysed by the index's own analyzer; a word that is
  only stopwords drops out, and a query left with nothing is an error;
* a phrase is a `match_phrase`; the embedded engine's slop `~N` lets up to
  N-1 words stand between each pair, Lucene's slop counts moves over the
  whole phrase, so `~N` becomes (N-1) x (words-1) (the same for exact
  phrases; with slop Lucene also accepts swapped words);
* `prefix*` matches stems that begin with the folded prefix (a final z/v
  dropped, as Dutch stems turn it into s/f) and the stem of the word typed;
* `fuzzy~N` is Levenshtein distance N over the index terms (no
  transpositions, no common prefix, every expansion: exact counts);
* `field:value` on actor/place/credit/source is an exact `term` on the
  canonical name (aliases and credit spelling applied);
* query words that are aliases of an actor or place also match the canonical
  name (`Kiev` finds `Kyiv`);
* the positive words also score in the title (x3) and captions (x1.5).

`compile_query` also returns what the snippets need to mark: the stems,
prefixes, fuzzy targets and wildcard patterns a hit can match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.errors import QueryError
from archive.index.opensearch.mapping import FIELD_BOOSTS, PROSE_FIELDS, TEXT_FIELD
from archive.index.querylang import ENTITY_FIELDS, Group, Leaf, alias_words, parse, prefix_words


@dataclass
class Marks:
    """What a hit's snippet marks: the terms and patterns a query can match in prose."""

    terms: set = field(default_factory=set)
    prefixes: set = field(default_factory=set)
    fuzzy: set = field(default_factory=set)  # (term, edits)
    wildcards: set = field(default_factory=set)


@dataclass
class Compiled:
    dsl: dict
    marks: Marks
    #: Stems of the positive words in `text` (they also score in title and captions).
    words: list[str]


def compile_query(text: str, aliases=None) -> Compiled:
    """The DSL of a user's query; `QueryError` (one line) if malformed or only stopwords."""
    tree = parse(text)
    ctx = _Context(text, aliases)
    dsl = ctx.node(tree, negated=False) if tree is not None else None
    if dsl is None:
        raise QueryError(f"query {text!r} holds only stopwords (de, het, een, ...), which are not "
                         f"indexed: add a word that says what you look for")
    words = sorted(ctx.words)
    if words:
        extras = [{"term": {f: {"value": w, "boost": b}}} for f, b in FIELD_BOOSTS.items() for w in words]
        dsl = {"bool": {"must": [dsl], "should": extras}}
    return Compiled(dsl, ctx.marks, words)


def _term_or_fold(value: str) -> str:
    """What the embedded engine makes of a prefix, fuzzy word or wildcard:
    the whole text folded and stemmed as one word (a stopword: folded)."""
    from archive.analysis import fold, shared_analyzer

    return shared_analyzer().term(value) or fold(value)


class _Context:
    def __init__(self, text: str, aliases) -> None:
        self.text = text
        self.synonyms = alias_words(text, aliases)
        self.prefixes = prefix_words(text)
        self.aliases = aliases
        self.marks = Marks()
        self.words: set[str] = set()

    def node(self, node, negated: bool):
        if isinstance(node, Group):
            kids = [self.node(c, negated or node.op == "not") for c in node.children]
            kids = [k for k in kids if k is not None]
            if not kids:
                return None
            if node.op == "not":
                return {"bool": {"must_not": kids}}
            if len(kids) == 1:
                return kids[0]
            if node.op == "and":
                return {"bool": {"must": kids}}
            return {"bool": {"should": kids, "minimum_should_match": 1}}
        return self.leaf(node, negated)

    # -- leaves ---------------------------------------------------------
    def leaf(self, leaf: Leaf, negated: bool):
        if leaf.field not in PROSE_FIELDS:
            return self.exact(leaf)
        from archive.analysis import analyze

        f, boost = leaf.field, leaf.boost
        if leaf.kind in ("word", "phrase"):
            tokens = analyze(leaf.text)
            if not tokens:
                return None
            if leaf.kind == "phrase" and len(tokens) > 1:
                slop = max(0, leaf.slop - 1) * (len(tokens) - 1)
                q = {"match_phrase": {f: {"query": leaf.text, "slop": slop, "boost": boost}}}
            else:
                q = {"match": {f: {"query": leaf.text, "operator": "and", "boost": boost}}}
                if f == TEXT_FIELD and not negated:
                    self.words.update(tokens)
            self._mark(tokens, negated)
            if f == TEXT_FIELD:
                syn = self.synonyms.get(tuple(tokens))
                if syn is not None:
                    name, terms = syn
                    self._mark(terms, negated)
                    if len(terms) == 1 and not negated:
                        self.words.update(terms)
                    alt = {"match_phrase": {f: {"query": name}}}
                    q = {"bool": {"should": [q, alt], "minimum_should_match": 1}}
            return q
        value = _term_or_fold(leaf.text)
        if leaf.kind == "prefix":
            return self.prefix(leaf, value, negated)
        if leaf.kind == "fuzzy":
            if not negated:
                self.marks.fuzzy.add((value, leaf.edits))
            return {"fuzzy": {f: {"value": value, "fuzziness": leaf.edits, "prefix_length": 0,
                                  "transpositions": False, "rewrite": "constant_score", "boost": boost}}}
        if not negated:
            self.marks.wildcards.add(value)
        return {"wildcard": {f: {"value": value, "rewrite": "constant_score", "boost": boost}}}

    def prefix(self, leaf: Leaf, value: str, negated: bool):
        from archive.analysis import analyze

        f, boost = leaf.field, leaf.boost
        typed = self.prefixes.get(value)
        if typed is None:
            if not negated:
                self.marks.prefixes.add(value)
            return {"prefix": {f: {"value": value, "boost": boost}}}
        stem_prefix = typed[:-1] if len(typed) > 3 and typed[-1] in "zv" else typed
        parts = [{"prefix": {f: {"value": stem_prefix, "boost": boost}}}]
        stems = [s for s in analyze(typed) if not s.startswith(stem_prefix)]
        parts += [{"term": {f: {"value": s, "boost": boost}}} for s in stems]
        if not negated:
            self.marks.prefixes.add(stem_prefix)
            self.marks.terms.update(stems)
            if f == TEXT_FIELD:
                self.words.update(stems)
        return parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}

    def exact(self, leaf: Leaf):
        """actor/place/credit/source: exact stored values, never analysed."""
        f, value = leaf.field, leaf.text
        if leaf.kind in ("word", "phrase"):
            if f in ENTITY_FIELDS:
                from archive.extract.entities import canonical_name

                value = canonical_name(value, f, self.aliases)
            elif f == "credit":
                value = _credit(value)
            return {"term": {f: {"value": value, "boost": leaf.boost}}}
        if leaf.kind == "prefix":
            return {"prefix": {f: {"value": value, "boost": leaf.boost}}}
        if leaf.kind == "fuzzy":
            return {"fuzzy": {f: {"value": value, "fuzziness": leaf.edits, "prefix_length": 0,
                                  "transpositions": False, "rewrite": "constant_score"}}}
        return {"wildcard": {f: {"value": value, "rewrite": "constant_score"}}}

    def _mark(self, terms, negated: bool) -> None:
        if not negated:
            self.marks.terms.update(terms)


def _credit(value: str) -> str:
    from archive.extract.captions import normalise_credit

    return normalise_credit(value) or value
