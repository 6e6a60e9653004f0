"""Searching the index: query parsing, filters, facets, ranking, snippets.

Queries go through the same Dutch analyzer as the articles, over title,
headings, captions, body and entity names at once (BM25F, with title and
captions weighted above body). Filters on actors, places, credits and sources
are exact `Term` lookups on canonical values, never run through the query
parser, so a name with spaces or a hyphen means exactly itself. Dates are
filtered through precomputed year/month/day terms (a `DateRange` query costs
about half a second at 117k articles), and facets are counted from per-segment
NumPy arrays (`archive.index.whoosh.facets`), never with Whoosh's `groupedby`.

Filter rules: values within one filter are OR-ed (`--place Kyiv --place
Minsk`: either), different filters are AND-ed. `--from`/`--to` keep every
article whose date *overlaps* the range at its own precision: an article
dated only `2022-12` is inside `--from 2022-12-19` and inside `--to 2022-12-01`.
`--date VALUE` is the exact facet bucket: `2022`, `2022-12`, `2022-12-19` or
`no date`, so a date facet value passed back returns exactly its count.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from typing import Sequence

from archive.errors import QueryError
from archive.results import FacetValue, Hit, SearchResult
from archive.index.whoosh.schema import FIELD_BOOSTS, PROSE_FIELDS, TEXT_FIELD

SORTS = ("relevance", "newest", "oldest")
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
ENTITY_FIELDS = ("actor", "place")


# --------------------------------------------------------------------------
# Query parsing


def _parser(schema):
    from whoosh import qparser

    parser = qparser.QueryParser(TEXT_FIELD, schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.remove_plugin_class(qparser.PlusMinusPlugin)
    return parser


def _check_syntax(text: str) -> None:
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


def parse_query(text: str, schema, aliases=None):
    """Parse the user's query; a malformed one raises `QueryError` (one line).

    `field:value` accepts title, body, caption, heading, actor, place, credit
    and source; actor and place values are mapped to their canonical names
    through the alias table, so `place:Kiev` finds articles stored as Kyiv.
    """
    from whoosh.query import And, NullQuery, Or, Phrase, Prefix, Term

    _check_syntax(text)
    unknown = [
        f
        for f in re.findall(r"(?:^|[\s(])([A-Za-z_]+):", text)
        if f.lower() not in FIELD_ALIASES
    ]
    if unknown:
        fields = ", ".join(sorted(FIELD_ALIASES))
        raise QueryError(f"unknown field {unknown[0]!r} in query; fields are: {fields}")
    rewritten = re.sub(
        r"(?:(?<=^)|(?<=[\s(]))([A-Za-z_]+):",
        lambda m: FIELD_ALIASES[m.group(1).lower()] + ":",
        text,
    )
    try:
        q = _parser(schema).parse(rewritten)
    except Exception as e:  # whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query {text!r}: {e}") from None

    prefixes = _prefix_words(text)
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
    """Query words that are aliases of an actor or place -> a query for the
    canonical name, so `Kiev` also finds articles that only wrote `Kyiv`
    (canonical names are indexed as words with every article)."""
    from whoosh.query import Phrase, Term

    from archive.extract.entities.aliases import AliasTable
    from archive.analysis import analyze

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
                    out[tuple(analyze(word))] = (
                        Term(TEXT_FIELD, terms[0]) if len(terms) == 1 else Phrase(TEXT_FIELD, terms))
                break
    return out


def _prefix_words(text: str) -> dict[str, str]:
    """Whoosh stems the text of `word*`, but a prefix is not a word: map each
    stemmed prefix back to the folded, unstemmed prefix the user typed."""
    from archive.analysis import analyze, fold

    out = {}
    for word in re.findall(r"(\w+)\*", text):
        stems = analyze(word) or [fold(word)]
        out[stems[-1]] = fold(word)
    return out


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


# --------------------------------------------------------------------------
# Filters


def value_filter(field: str, values: Sequence[str]):
    """OR within one filter: any of the values."""
    from whoosh.query import Or, Term

    terms = [Term(field, v) for v in dict.fromkeys(values) if v]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else Or(terms)


def _listed(values) -> Sequence[str]:
    """A filter's values; one string is one value, not its characters."""
    return [values] if isinstance(values, str) else values or ()


def _stored_value(reader, field: str, value: str, canonical) -> str:
    """The index term a filter value means.

    A value exactly as stored (what a facet lists) is taken as is, so every
    facet value passed back returns exactly its count. Anything else goes
    through the field's canonical form (aliases: Kiev -> Kyiv; credit
    spelling: REUTERS -> Reuters), then a case- and accent-blind match
    against the stored values (nrc -> NRC).
    """
    value = " ".join(str(value).split())
    if not value or (field, value) in reader:
        return value
    if canonical is not None:
        value = canonical(value)
        if (field, value) in reader:
            return value
    from archive.analysis import fold

    want = fold(value).casefold()
    for term in reader.lexicon(field):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        if fold(text).casefold() == want:
            return text
    return value


def _years(reader) -> list[int]:
    return sorted(int(t.decode() if isinstance(t, bytes) else t) for t in reader.lexicon("year"))


def _parse_bound(text: str, option: str):
    from archive.extract.dates import parse_date_strict

    try:
        return parse_date_strict(str(text))
    except ValueError as e:
        raise QueryError(f"{option}: {e}") from None


def date_range_filter(reader, date_from=None, date_to=None):
    """Articles whose date overlaps [from, to], as a query on date terms.

    A range is cut into whole years, whole months and single days, so the
    query stays a few dozen `Term`s however long the range is.
    """
    from whoosh.query import And, NullQuery, Or, Term

    lo = _parse_bound(date_from, "--from").first_day() if date_from else None
    hi = _parse_bound(date_to, "--to").last_day() if date_to else None
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"--from {date_from} is after --to {date_to}")
    years = _years(reader)
    if not years:
        return NullQuery
    # Only the years the archive holds need terms; a bound outside them
    # simply matches nothing beyond them.
    lo = max(lo or datetime.date.min, datetime.date(years[0], 1, 1))
    hi = min(hi or datetime.date.max, datetime.date(years[-1], 12, 31))
    if lo > hi:
        return NullQuery
    parts = []
    for y in range(lo.year, hi.year + 1):
        y_lo = max(lo, datetime.date(y, 1, 1))
        y_hi = min(hi, datetime.date(y, 12, 31))
        if (y_lo.month, y_lo.day, y_hi.month, y_hi.day) == (1, 1, 12, 31):
            parts.append(Term("year", f"{y:04d}"))
            continue
        # Only part of the year: a year-precision article still overlaps.
        parts.append(And([Term("year", f"{y:04d}"), Term("date_precision", "year")]))
        for m in range(y_lo.month, y_hi.month + 1):
            m_first = datetime.date(y, m, 1)
            m_last = (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1))
            m_lo, m_hi = max(y_lo, m_first), min(y_hi, m_last)
            month = f"{y:04d}-{m:02d}"
            if m_lo == m_first and m_hi == m_last:
                parts.append(Term("month", month))
                continue
            parts.append(And([Term("month", month), Term("date_precision", "month")]))
            d = m_lo
            while d <= m_hi:
                parts.append(Term("day", d.isoformat()))
                d += datetime.timedelta(days=1)
    return parts[0] if len(parts) == 1 else Or(parts)


def date_bucket_filter(reader, values: Sequence[str]):
    """The exact date facet buckets: `2022`, `2022-12`, `2022-12-19`, `no date`."""
    from whoosh.query import Not, Or, Term

    from archive.index.whoosh.facets import NO_DATE

    parts = []
    for v in dict.fromkeys(str(x).strip() for x in values):
        if v.lower() in (NO_DATE, "none", "null"):
            dated = [Term("year", y) for y in (f"{y:04d}" for y in _years(reader))]
            parts.append(Not(Or(dated)) if dated else _every())
            continue
        m = re.fullmatch(r"(\d{4})(-\d{2})?(-\d{2})?", v)
        if not m:
            raise QueryError(f"--date {v!r}: give a facet value such as 2022, 2022-12, 2022-12-19 or 'no date'")
        field = "day" if m.group(3) else "month" if m.group(2) else "year"
        parts.append(Term(field, v))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(parts)


def _every():
    from whoosh.query import Every

    return Every()


# --------------------------------------------------------------------------
# Hits and snippets


def query_matcher(q, reader):
    """The index terms of the article text a query can match (prefixes and
    fuzzy terms expanded, NOT branches left out), for snippets."""
    from whoosh.query import Not, NullQuery

    from archive.index.snippets import Matcher

    if q is None:
        return Matcher(())

    kept = q.accept(lambda node: NullQuery if isinstance(node, Not) else node)
    terms = set()
    for leaf in kept.leaves():
        pairs = leaf.expanded_terms(reader) if reader is not None else leaf.terms()
        for field, text in pairs:
            if field in PROSE_FIELDS:
                terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return Matcher(terms)


def _snippet(stored, matcher) -> str:
    import json

    from archive.index.snippets import lead, snippet

    if matcher:
        record = json.loads(stored.get("record") or "{}")
        texts = (
            stored.get("body"),
            " … ".join(t for t, _ in record.get("captions", ())),
            " … ".join(record.get("headings", ())),
            stored.get("title"),
        )
        for text in texts:
            if text:
                found = snippet(text, matcher)
                if found:
                    return found
    return lead(stored.get("body") or stored.get("title") or "")


def _hit(hit, score: float | None, snippet: str) -> Hit:
    import json

    from archive.document import first_sentence

    record = json.loads(hit.get("record") or "{}")
    paths = (hit.get("paths") or "").split("\n")
    return Hit(
        id=hit["id"],
        path=paths[0],
        title=hit.get("title") or None,
        lead=first_sentence(hit.get("body") or ""),
        date=hit.get("date"),
        date_precision=hit.get("date_precision"),
        score=score,
        snippet=snippet,
        source=hit.get("source"),
        url=hit.get("url"),
        actors=tuple(record.get("actors", ())),
        places=tuple(record.get("places", ())),
        credits=tuple(record.get("credits", ())),
        duplicate_of=hit.get("duplicate_of"),
    )


# --------------------------------------------------------------------------
# Search


def search(
    ix,
    query: str | None = None,
    *,
    limit: int = 10,
    page: int = 1,
    sort: str = "relevance",
    actor: Sequence[str] = (),
    place: Sequence[str] = (),
    credit: Sequence[str] = (),
    source: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    date: Sequence[str] = (),
    facets: Sequence[str] = (),
    facet_limit: int = 10,
    collapse_duplicates: bool = False,
    aliases=None,
    facet_cache=None,
    searcher=None,
) -> SearchResult:
    from whoosh.query import And, AndNot, Term

    from archive.index.whoosh import docsets
    from archive.index.whoosh import facets as facet_mod

    if limit < 1:
        raise QueryError("--limit must be at least 1")
    if page < 1:
        raise QueryError("--page must be at least 1")
    if facet_limit < 0:
        raise QueryError("--facet-limit must be 0 (all) or more")
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    bad = [f for f in facets if f not in facet_mod.FACET_FIELDS]
    if bad:
        raise QueryError(f"unknown facet {bad[0]!r}; choose from {', '.join(facet_mod.FACET_FIELDS)}")
    text = (query or "").strip() or None
    # the searcher's schema: `ix.schema` reads the table of contents again
    base = parse_query(text, searcher.schema if searcher is not None else ix.schema, aliases) if text else None

    if actor or place:  # the entity module is large: only a name filter needs it
        from archive.extract.entities import canonical_name
    else:
        def canonical_name(v, kind, aliases):
            return v

    with contextlib.nullcontext(searcher) if searcher is not None else ix.searcher() as searcher:
        reader = searcher.reader()
        filters = [
            value_filter("actor", [_stored_value(reader, "actor", v, lambda v: canonical_name(v, "actor", aliases))
                                   for v in _listed(actor)]),
            value_filter("place", [_stored_value(reader, "place", v, lambda v: canonical_name(v, "place", aliases))
                                   for v in _listed(place)]),
            value_filter("credit", [_stored_value(reader, "credit", v, _credit) for v in _listed(credit)]),
            value_filter("source", [_stored_value(reader, "source", v, None) for v in _listed(source)]),
            date_bucket_filter(reader, _listed(date)),
        ]
        if date_from or date_to:
            filters.append(date_range_filter(reader, date_from, date_to))
        parts = [p for p in [base, *filters] if p is not None]
        if not parts:
            q = None
        elif len(parts) == 1:
            q = parts[0]
        else:
            q = And(parts)
        if collapse_duplicates:
            q = AndNot(q if q is not None else _every(), Term("is_duplicate", "1"))

        # The matching set, as arrays: the exact total, facet counts and
        # date-sorted pages come from it without another pass over matches.
        cache = facet_cache or facet_mod.FacetCache(ix.storage.folder)
        memo: dict = {}  # posting arrays read once per search
        masks = docsets.masks(searcher, q, memo)
        total = int(sum(int(m.sum()) for m in masks))
        start = (page - 1) * limit
        matcher = query_matcher(base, reader)
        if text and sort == "relevance":
            from archive.index.whoosh.ranking import top

            ranked = top(searcher, q, masks, cache._memory, start + limit, memo=memo)[start:]
            hits = tuple(
                _hit(stored, round(score, 4), _snippet(stored, matcher))
                for stored, score in ((searcher.stored_fields(n), sc) for n, sc in ranked)
            )
        else:
            hits = tuple(
                _hit(stored, None, _snippet(stored, matcher))
                for stored in (searcher.stored_fields(n) for n in _by_date(
                    cache, searcher, masks, newest=sort != "oldest", start=start, limit=limit))
            )

        counted: dict[str, tuple[FacetValue, ...]] = {}
        for name in dict.fromkeys(facets):
            counted[name] = facet_mod.facet_values(cache, searcher, masks, name, facet_limit)

        suggestion = None
        if text and total == 0:
            from archive.index.whoosh.suggest import suggest

            suggestion = suggest(searcher, text, base)
    return SearchResult(query=text, total=total, page=page, limit=limit, hits=hits,
                        facets=counted, suggestion=suggestion)


def _by_date(cache, searcher, masks, *, newest: bool, start: int, limit: int) -> list[int]:
    """Global document numbers of one page of matches in date order; undated
    articles last either way, ties in index order."""
    import numpy as np

    from archive.index.whoosh.docsets import leaf_readers
    from archive.index.whoosh.facets import date_keys

    ids, keys = [], []
    for (sub, offset), mask in zip(leaf_readers(searcher.reader()), masks):
        local = np.flatnonzero(mask)
        ids.append(local + offset)
        keys.append(date_keys(cache, sub)[local])
    if not ids:
        return []
    ids, keys = np.concatenate(ids), np.concatenate(keys)
    if newest:
        order = np.lexsort((ids, -keys))
    else:
        order = np.lexsort((ids, np.where(keys < 0, np.iinfo(np.int64).max, keys)))
    return [int(n) for n in ids[order[start : start + limit]]]


def show(ix, article_id: str):
    """The whole stored article with this id."""
    from archive.errors import NotFound
    from archive.index.whoosh.schema import from_stored

    with ix.searcher() as searcher:
        stored = searcher.document(id=article_id)
    if stored is None:
        raise NotFound(f"no article with id {article_id!r} in the index")
    return from_stored(stored)
