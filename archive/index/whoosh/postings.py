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
"""

from __future__ import annotations

from array import array

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

    def iter_terms(self):
        """(field, term, docnums, weights, values) per term, fields and terms
        sorted, each term's postings in docnum order."""
        unsorted = self.unsorted
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for text in sorted(terms):
                p = terms[text]
                if type(p) is tuple:
                    yield fieldname, text, (p[2],), (p[3],), (p[4],)
                    continue
                docs, weights, values = p
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
    for fieldname, text, ids, weights, values in pool.iter_terms():
        if fieldname != current:  # a field with no terms is never started, as in Whoosh
            if current is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            col = lengths.column(fieldname) if lengths is not None else None
            current = fieldname
        fw.add_term(text, ids, weights, values, col)
    if current is not None:
        fw.finish_field()


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

        return index_prose
    if type(fmt) is not formats.Existence:
        return stock
    if type(ana) is IDTokenizer:
        def index_id(value):
            if type(value) is not str:
                return stock(value)
            return ((value.encode("utf-8"), 1, fb, b""),)

        return index_id
    if type(ana) is RegexTokenizer and not ana.gaps and ana.expression.pattern == r"[^\n]+":
        def index_lines(value):
            if type(value) is not str:
                return stock(value)
            return [(w.encode("utf-8"), 1, fb, b"") for w in set(value.split("\n")) if w]

        return index_lines
    return stock

