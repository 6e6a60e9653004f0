"""Postings as the ingest writer buffers them, and the fast paths that make them.

Whoosh's writer turns every field value into `Token` objects, pushes 5-tuple
postings into a `PostingPool` that sorts them (and, past its memory limit,
spills sorted runs to disk and merges them back in Python), then writes the
segment. For our fields the same postings come much cheaper:
`field_indexer` yields a field's (term, frequency, weight, value) postings
straight from the analyzer's word positions, `PostingBuffer` keeps them per
field and term as arrays, and `write_postings` hands each term's postings to
the codec whole. Same terms, postings and order, so the same segment bytes
(`tests/test_fast_index.py`, `tests/test_parallel.py` compare them).

Where the C module `_accumulate` is built (`csrc/`), `field_adder` runs
those loops in C: a field value's words, terms and positions straight into
the buffer, a term's postings from its second in a C `Postings`, encoded
whole at commit (`ArchiveFieldWriter.add_whole`). The Python loops here
stay the reference and the fallback.
"""

from __future__ import annotations

from array import array
from functools import partial

from archive.index.whoosh.codec.postings import PackedValues


class PostingBuffer:
    """Drop-in for Whoosh's `PostingPool`: a writer's postings, kept per field
    and term instead of as one list of 5-tuples to sort.

    Whoosh's pool holds about 200 bytes per posting and, past its limit,
    pickles sorted runs to disk one posting at a time and merges them back in
    Python, which costs more than the indexing itself. Here a term's postings
    are arrays (docnums come in order, so nothing but the distinct terms is
    ever sorted), a third of the memory; instead of spilling, the ingest
    commits the round when `size` passes its budget. Same postings, same
    order, so the segment written is the same.
    """

    def __init__(self) -> None:
        self.fields: dict[str, dict] = {}
        self.fieldnames: set[str] = set()
        self.runs: list = []
        self.size = 0  # estimated bytes
        self.unsorted: set = set()

    def add(self, item, tuple=tuple, type=type):
        fieldname, text, docnum, weight, value = item
        try:
            terms = self.fields[fieldname]
        except KeyError:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        p = terms.get(text)
        if p is None:
            terms[text] = item
            self.size += 200 + len(text) + (len(value) if value else 0)
        elif type(p) is tuple:
            terms[text] = second_posting(p, docnum, weight, value)
            self.size += 250 + (len(value) if value else 0)
            if docnum < p[2]:
                self.unsorted.add((fieldname, text))
        else:
            if type(p) is not list:  # the C loops' `Postings`
                if type(value) is bytes:
                    if docnum < p.last:
                        self.unsorted.add((fieldname, text))
                    p.append(docnum, weight, value)
                    self.size += 16 + len(value)
                    return
                p = terms[text] = list(p.export())
            docs = p[0]
            if docnum < docs[-1]:
                self.unsorted.add((fieldname, text))
            values = p[2]
            if type(values) is PackedValues and type(value) is not bytes:
                values = p[2] = list(values)  # a value that is not bytes (None): a plain list
            docs.append(docnum)
            p[1].append(weight)
            values.append(value)
            self.size += 16 + (len(value) + (0 if type(values) is PackedValues else 33) if value else 0)

    def iter_terms(self, whole=None):
        """(field, term, docnums, weights, values) per term, fields and terms
        sorted, each term's postings in docnum order. A term held in an
        instance of `whole` whose docnums came in order comes as (field,
        term, that instance, None, None), for the writer to encode whole
        (`write_postings`)."""
        unsorted = self.unsorted
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for text in sorted(terms):
                p = terms[text]
                if type(p) is tuple:
                    yield fieldname, text, (p[2],), (p[3],), (p[4],)
                    continue
                if type(p) is whole and (fieldname, text) not in unsorted:
                    yield fieldname, text, p, None, None
                    continue
                docs, weights, values = p if type(p) is list else p.export()  # or the C loops' `Postings`
                if (fieldname, text) in unsorted:
                    order = sorted(range(len(docs)), key=docs.__getitem__)
                    values = list(values)
                    docs = [docs[i] for i in order]
                    weights = [weights[i] for i in order]
                    values = [values[i] for i in order]
                yield fieldname, text, docs, weights, values

    def iter_postings(self):
        for fieldname, text, docs, weights, values in self.iter_terms():
            for d, w, v in zip(docs, weights, values):
                yield (fieldname, text, d, w, v)

    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self.fields = {}
        self.unsorted = set()
        self.size = 0



def second_posting(first: tuple, docnum: int, weight: float, value) -> list:
    """A term's postings once it has two: [docnums, weights, values], the
    values packed into one buffer while they are bytes (as positions are),
    a plain list otherwise."""
    one = first[4]
    if type(one) is bytes and type(value) is bytes:
        values = PackedValues()
        values.append(one)
        values.append(value)
    else:
        values = [one, value]
    return [array("i", (first[2], docnum)), array("f", (first[3], weight)), values]


class Lengths:
    """The writer's field lengths, each field's column read once: Whoosh asks
    for the length of the document of every posting it writes, and reading
    the column file once per posting is a fifth of the commit."""

    def __init__(self, pdr, doccount: int) -> None:
        self._pdr = pdr
        self._n = doccount
        self._cache: dict[str, list] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        return self.column(fieldname)[docnum]

    def column(self, fieldname) -> list:
        col = self._cache.get(fieldname)
        if col is None:
            get = self._pdr.doc_field_length
            col = self._cache[fieldname] = [get(i, fieldname, 0) for i in range(self._n)]
        return col


def write_postings(fw, schema, lengths, pool: PostingBuffer) -> None:
    """Whoosh's `add_postings` for an `ArchiveFieldWriter`, a term at a time:
    the buffer already holds each term's postings as arrays, so they go to
    the codec whole instead of as a sorted stream of 5-tuples (same fields,
    terms and order, so the same segment bytes)."""
    current = col = None
    whole = getattr(NATIVE, "Postings", None) if hasattr(fw, "add_whole") else None
    for fieldname, text, ids, weights, values in pool.iter_terms(whole):
        if fieldname != current:  # a field with no terms is never started, as in Whoosh
            if current is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            col = lengths.column(fieldname) if lengths is not None else None
            current = fieldname
        if weights is None:  # the C loops' `Postings`, encoded in C
            fw.add_whole(text, ids, col)
        else:
            fw.add_term(text, ids, weights, values, col)
    if current is not None:
        fw.finish_field()


def _native():
    """The C loops of `csrc/` (the same postings and segment bytes, in
    less than half the time), unless not built or `ARCHIVE_NATIVE=0`."""
    import os

    if os.environ.get("ARCHIVE_NATIVE", "1") == "0":
        return None
    try:
        from archive.index.whoosh import _accumulate
    except ImportError:
        return None
    from whoosh.util.numeric import _length_byte_cache

    _accumulate.set_length_bytes(_length_byte_cache)  # Whoosh's `length_to_byte`, for `Postings.encode`
    return _accumulate


#: The C posting loops (module `_accumulate`, sources in
#: `archive/index/whoosh/csrc/`), or None: the Python loops of `field_adder`
#: and the codec (the reference; tests compare the two).
NATIVE = _native()


def field_adder(field):
    """A function that puts one value of `field` into the posting buffer:
    `add(value, terms, fieldname, docnum, fieldboost, scorable, unsorted) ->
    (length, size)`, `terms` the field's dict of the `PostingBuffer`,
    `length` the field length to store, `size` the bytes added (estimated).
    The C loops when built, else the same in Python."""
    import re

    from archive.analysis import DUTCH_STOPWORDS, PART_BREAK, PART_GAP, TERM_CACHE, TOKEN_PATTERN

    index = field_indexer(field)
    native = NATIVE if FAST_INDEX else None
    if native is None:
        return partial(_add_python, index)
    add_postings = native.add_postings

    def add_stock(value, terms, fieldname, docnum, fieldboost, scorable, unsorted):  # any postings `index` gives
        return add_postings(index(value), terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting)

    exact = getattr(index, "exact", None)  # index_id or index_lines: (lines, field boost)
    ana = getattr(index, "analyzer", None)  # index_prose
    if exact is not None:
        add_exact = native.add_exact

        def add(value, terms, fieldname, docnum, fieldboost, scorable, unsorted):
            if type(value) is not str:
                return add_stock(value, terms, fieldname, docnum, fieldboost, scorable, unsorted)
            return add_exact(value, *exact, terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting)

        return add
    if ana is None:
        return add_stock
    add_prose = native.add_prose
    # a word not in the cache: its term, in C for ASCII words (`compute_term` in accumulate.c)
    cache, fb = ana._term_bytes, float(field.format.field_boost)
    compute = (ana.compute_term, DUTCH_STOPWORDS, ana._stemmer.stemWord)
    # the C scan knows TOKEN_PATTERN's words (tests compare it with `re`); any other pattern: its findall
    findall = None if (ana._pattern.pattern, ana._pattern.flags) == (TOKEN_PATTERN, re.UNICODE) else ana._pattern.findall

    def add(value, terms, fieldname, docnum, fieldboost, scorable, unsorted):
        if type(value) is not str:
            return add_stock(value, terms, fieldname, docnum, fieldboost, scorable, unsorted)
        return add_prose(value, findall, cache, compute, TERM_CACHE, PART_BREAK, PART_GAP, fb,
                         terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting)

    return add


def _add_python(index, value, terms, fieldname, docnum, fieldboost, scorable, unsorted):
    """`field_adder`'s loop in Python: each posting of `index(value)` into
    the field's dict (a tuple for a term's first, then `second_posting`'s
    arrays)."""
    length = size = 0
    get = terms.get
    for tbytes, freq, weight, vbytes in index(value):
        weight *= fieldboost
        if scorable:
            length += freq
        p = get(tbytes)
        if p is None:
            terms[tbytes] = (fieldname, tbytes, docnum, weight, vbytes)
            size += 200 + len(tbytes) + (len(vbytes) if vbytes else 0)
        elif type(p) is tuple:
            terms[tbytes] = second_posting(p, docnum, weight, vbytes)
            size += 250 + (len(vbytes) if vbytes else 0)
            if docnum < p[2]:
                unsorted.add((fieldname, tbytes))
        else:
            docs = p[0]
            if docnum < docs[-1]:
                unsorted.add((fieldname, tbytes))
            docs.append(docnum)
            p[1].append(weight)
            p[2].append(vbytes)
            size += 16 + (len(vbytes) if vbytes else 0)
    return length, size


#: Index prose, ID and line fields through `field_indexer`'s direct paths
#: (False: every field through Whoosh's own `field.index`, which writes the
#: same postings; tests compare the two).
FAST_INDEX = True


def field_indexer(field):
    """`field.index` for one field, or a direct path that yields the same
    (term bytes, frequency, weight, value) postings for the field kinds
    `archive.index.whoosh.schema` uses: Whoosh's generic path builds a `Token`, a
    generator step and a dict entry per word, a third of the indexing time.
    Any other field (or value) keeps Whoosh's path."""
    from whoosh import formats
    from whoosh.analysis import IDTokenizer, RegexTokenizer

    from archive.analysis import DutchAnalyzer
    from archive.index.whoosh.codec import CompactPositions

    stock = field.index
    fmt = field.format
    ana = field.analyzer
    if not FAST_INDEX:
        return stock
    fb = fmt.field_boost
    if type(fmt) is CompactPositions and type(ana) is DutchAnalyzer:
        encode = fmt.encode
        positions = ana.term_positions

        def index_prose(value):
            if type(value) is not str:
                return stock(value)
            return [(w.encode("utf-8"), len(p), len(p) * fb, encode(p)) for w, p in positions(value).items()]

        index_prose.analyzer = ana  # `field_adder`'s C path tokenizes itself
        return index_prose
    if type(fmt) is not formats.Existence:
        return stock
    if type(ana) is IDTokenizer:
        def index_id(value):
            if type(value) is not str:
                return stock(value)
            return ((value.encode("utf-8"), 1, fb, b""),)

        index_id.exact = (False, float(fb))  # `field_adder`'s C path: one term, the value
        return index_id
    if type(ana) is RegexTokenizer and not ana.gaps and ana.expression.pattern == r"[^\n]+":
        def index_lines(value):
            if type(value) is not str:
                return stock(value)
            return [(w.encode("utf-8"), 1, fb, b"") for w in set(value.split("\n")) if w]

        index_lines.exact = (True, float(fb))  # `field_adder`'s C path: a term a distinct line
        return index_lines
    return stock

