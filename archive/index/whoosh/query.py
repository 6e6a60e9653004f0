"""The query language on Whoosh: the user's text parsed into a Whoosh query.

Whoosh's own parser reads the syntax (after `archive.index.querylang` has
checked it); the tree is then rewritten so it means what the README says:
query words that are aliases also match the canonical name (`Kiev` finds
`Kyiv`), `actor:`/`place:`/`credit:` values are canonical, a prefix matches
stems and the word as typed, and title and caption matches weigh more.
"""

from __future__ import annotations

from archive.errors import QueryError
from archive.index.querylang import ENTITY_FIELDS, alias_words, check_query, prefix_words
from archive.index.whoosh.schema import FIELD_BOOSTS, PROSE_FIELDS, TEXT_FIELD


def _parser(schema):
    from whoosh import qparser

    parser = qparser.QueryParser(TEXT_FIELD, schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.remove_plugin_class(qparser.PlusMinusPlugin)
    return parser


def parse_query(text: str, schema, aliases=None):
    """Parse the user's query; a malformed one raises `QueryError` (one line).

    `field:value` accepts title, body, caption, heading, actor, place, credit
    and source; actor and place values are mapped to their canonical names
    through the alias table, so `place:Kiev` finds articles stored as Kyiv.
    """
    from whoosh.query import And, NullQuery, Or, Phrase, Prefix, Term

    rewritten = check_query(text)
    try:
        q = _parser(schema).parse(rewritten)
    except Exception as e:  # whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query {text!r}: {e}") from None

    prefixes = prefix_words(text)
    synonyms = _alias_words(text, aliases)

    def canonical(node):
        if isinstance(node, (Term, Phrase)) and node.fieldname == TEXT_FIELD:
            key = (node.text,) if isinstance(node, Term) else tuple(node.words)
            if key in synonyms:
                return Or([node, synonyms[key]])
        if isinstance(node, And) and synonyms and all(
                type(c) is Term and c.fieldname == TEXT_FIELD for c in node.subqueries):
            # A hyphenated word (Wit-Rusland) parses as an AND of its parts.
            key = tuple(c.text for c in node.subqueries)
            if key in synonyms:
                return Or([node, synonyms[key]])
        if isinstance(node, Prefix) and node.fieldname in PROSE_FIELDS and node.text in prefixes:
            return _prefix_query(node, prefixes[node.text])
        if isinstance(node, Term) and node.fieldname in ENTITY_FIELDS:
            from archive.extract.entities import canonical_name

            return Term(node.fieldname, canonical_name(node.text, node.fieldname, aliases),
                        boost=node.boost)
        if isinstance(node, Term) and node.fieldname == "credit":
            return Term("credit", _credit(node.text), boost=node.boost)
        return node

    q = _boosted(q.accept(canonical))
    if q is NullQuery or type(q) is type(NullQuery):
        raise QueryError(f"query {text!r} holds only stopwords (de, het, een, ...), which are not "
                         f"indexed: add a word that says what you look for")
    return q


def _boosted(q):
    """Weigh a match in the title or a caption above one in the body.

    Matching and counting run on the single `text` field; the title and
    caption terms of the query's positive words are optional extras that
    only add to the score (`AndMaybe`), so they cost nothing for documents
    that do not match anyway.
    """
    from whoosh.query import AndMaybe, Not, NullQuery, Or, Term

    kept = q.accept(lambda node: NullQuery if isinstance(node, Not) else node)
    words = {text for leaf in kept.leaves() if isinstance(leaf, Term) and leaf.fieldname == TEXT_FIELD
             for text in [leaf.text]}
    if not words:
        return q
    extras = [Term(f, w, boost=b) for f, b in FIELD_BOOSTS.items() for w in sorted(words)]
    return AndMaybe(q, Or(extras))


def _alias_words(text: str, aliases=None) -> dict:
    """`querylang.alias_words` as Whoosh queries for the canonical names."""
    from whoosh.query import Phrase, Term

    return {word: Term(TEXT_FIELD, terms[0]) if len(terms) == 1 else Phrase(TEXT_FIELD, terms)
            for word, (_, terms) in alias_words(text, aliases).items()}


def _prefix_query(node, typed: str):
    """Match stems beginning with what was typed, and the typed word itself.

    Dutch stems turn a final z/v into s/f (`verkiezingen` -> `verkies`), so
    such a last letter is dropped from the prefix before matching stems.
    """
    from whoosh.query import Or, Prefix, Term

    from archive.analysis import analyze

    stem_prefix = typed[:-1] if len(typed) > 3 and typed[-1] in "zv" else typed
    parts = [Prefix(node.fieldname, stem_prefix, boost=node.boost)]
    parts += [Term(node.fieldname, s, boost=node.boost) for s in analyze(typed) if not s.startswith(stem_prefix)]
    return parts[0] if len(parts) == 1 else Or(parts)


def _credit(value: str) -> str:
    try:
        from archive.extract.captions import normalise_credit
    except ImportError:  # pragma: no cover - captions arrive with extraction
        return value
    return normalise_credit(value) or value
