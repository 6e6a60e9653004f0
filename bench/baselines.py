"""The three baselines of the benchmark, each a `System` (see `bench.run`).

* `WhooshSystem` ("whoosh"): raw Whoosh with the project's Dutch analyzer and
  no extraction; the floor `archive` is measured against. Facets are plain
  Whoosh faceting: `groupedby` over three un-columned fields (KEYWORD
  `categories`, ID `source`, ID `month`), the known-slow path.
* `Fts5System` ("fts5"): SQLite FTS5 from the standard library with the
  `unicode61 remove_diacritics 2` tokenizer (case and accent folding; SQLite
  has no Dutch stemmer, so `soldaten` does not find `soldaat`). Facets are
  GROUP BY counts over the matching rowids.
* `TantivySystem` ("tantivy"): tantivy's Python bindings (a benchmark-only
  extra: `pip install tantivy`) with a Dutch analyzer built from tantivy's own
  filters (simple tokenizer, lower-case, Dutch stopwords, ASCII folding,
  Snowball Dutch stemmer). Facets are a `terms` aggregation over three raw,
  fast text fields.

All three index the title and body of each record as they come (HTML tags
stripped with a regex, entities unescaped), store title and body, and answer a
query with the top 10 hits (stored title read) and the exact hit count; with
`facets=True` they also count the hits per source, per category and per month.
"""

from __future__ import annotations

import os
import sqlite3

from bench.common import iter_docs
from bench.queries import to_fts5, to_tantivy, to_whoosh

TOP_N = 10
FACET_FIELDS = ("source", "categories", "month")


class System:
    """What the benchmark runs, always in child processes of `bench.run`:
    one process calls `build` alone; another calls `open` and then `query`
    many times; each first-query process calls `open` and one `query`.

    The constructor takes no arguments and should import whatever the system
    needs (untimed); `build`, `open` and `query` are timed."""

    name = "system"

    def build(self, docs_path: str, index_dir: str) -> dict:
        """Index the JSON Lines file `docs_path` into the (empty, existing)
        directory `index_dir`. Return stats; `docs` (records indexed) is
        required, anything else is kept in the JSON."""
        raise NotImplementedError

    def open(self, index_dir: str) -> None:
        """Open the index for searching."""
        raise NotImplementedError

    def query(self, q: str, facets: bool = False) -> int:
        """Run `q` (see `bench.queries`): read the top 10 hits, and return the
        exact number of hits; with `facets`, also count hits per source,
        category and month."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def versions(self) -> dict:
        return {}


# --------------------------------------------------------------------------


class WhooshSystem(System):
    name = "whoosh"

    def __init__(self):
        # Imports happen here, outside the timed `open` and `build`.
        from whoosh import fields, index, sorting
        from whoosh.qparser import MultifieldParser

        from archive.analysis import dutch_analyzer

        self.w_fields, self.w_index, self.w_sorting = fields, index, sorting
        self.MultifieldParser, self.dutch_analyzer = MultifieldParser, dutch_analyzer

    def schema(self):
        fields = self.w_fields
        analyzer = self.dutch_analyzer()
        return fields.Schema(
            id=fields.ID(stored=True, unique=True),
            title=fields.TEXT(analyzer=analyzer, stored=True),
            body=fields.TEXT(analyzer=analyzer, stored=True),
            categories=fields.KEYWORD(commas=True),
            source=fields.ID,
            month=fields.ID,
        )

    #: `ix.writer(**WRITER)`: one process by default.
    WRITER: dict = {}

    def build(self, docs_path, index_dir):
        ix = self.w_index.create_in(index_dir, self.schema())
        writer = ix.writer(**self.WRITER)
        n = 0
        for d in iter_docs(docs_path):
            fields = {"id": d.id, "title": d.title, "body": d.body}
            if d.categories:
                fields["categories"] = ",".join(c.replace(",", " ") for c in d.categories)
            if d.source:
                fields["source"] = d.source
            if d.month:
                fields["month"] = d.month
            writer.add_document(**fields)
            n += 1
        writer.commit()
        ix.close()
        return {"docs": n}

    def open(self, index_dir):
        sorting = self.w_sorting
        self.ix = self.w_index.open_dir(index_dir)
        self.searcher = self.ix.searcher()
        self.parser = self.MultifieldParser(["title", "body"], self.ix.schema)
        self.facets = {
            "source": sorting.FieldFacet("source", maptype=sorting.Count),
            "categories": sorting.FieldFacet(
                "categories", allow_overlap=True, maptype=sorting.Count
            ),
            "month": sorting.FieldFacet("month", maptype=sorting.Count),
        }

    def query(self, q, facets=False):
        query = self.parser.parse(to_whoosh(q))
        if facets:
            results = self.searcher.search(query, limit=TOP_N, groupedby=self.facets)
            for name in FACET_FIELDS:
                results.groups(name)
        else:
            results = self.searcher.search(query, limit=TOP_N)
        for hit in results:
            hit["title"]
        return len(results)

    def close(self):
        self.searcher.close()
        self.ix.close()

    def versions(self):
        import whoosh

        return {"whoosh": whoosh.versionstring(), "analyzer": _analyzer_version()}


# --------------------------------------------------------------------------


class WhooshParallelSystem(WhooshSystem):
    """Raw Whoosh at its best on this machine: `procs` = the CPUs (the cores
    archive's ingest uses) and `multisegment=True` (each process writes its own
    segment, no merge at the end). `BENCH_WHOOSH_PROCS` overrides the count."""

    name = "whoosh-2p"
    WRITER = {"procs": int(os.environ.get("BENCH_WHOOSH_PROCS") or os.cpu_count() or 2), "multisegment": True}


class Fts5System(System):
    name = "fts5"
    DB = "fts5.sqlite"

    def build(self, docs_path, index_dir):
        con = sqlite3.connect(os.path.join(index_dir, self.DB))
        con.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE VIRTUAL TABLE fts USING fts5(
                title, body, tokenize = 'unicode61 remove_diacritics 2');
            CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE,
                              source TEXT, month TEXT);
            CREATE TABLE cat(doc INTEGER NOT NULL, category TEXT NOT NULL);
            """
        )
        n = 0
        with con:
            for rowid, d in enumerate(iter_docs(docs_path), 1):
                con.execute("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                            (rowid, d.title, d.body))
                con.execute("INSERT INTO meta VALUES (?, ?, ?, ?)",
                            (rowid, d.id, d.source or None, d.month or None))
                if d.categories:
                    con.executemany("INSERT INTO cat VALUES (?, ?)",
                                    [(rowid, c) for c in d.categories])
                n = rowid
            con.execute("CREATE INDEX cat_doc ON cat(doc)")
            con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        con.close()
        return {"docs": n}

    FACET_SQL = """
        WITH h(r) AS MATERIALIZED (SELECT rowid FROM fts WHERE fts MATCH ?)
        SELECT 0, NULL, count(*) FROM h
        UNION ALL
        SELECT 1, m.source, count(*) FROM h JOIN meta m ON m.rowid = h.r
            WHERE m.source IS NOT NULL GROUP BY m.source
        UNION ALL
        SELECT 2, c.category, count(*) FROM h JOIN cat c ON c.doc = h.r
            GROUP BY c.category
        UNION ALL
        SELECT 3, m.month, count(*) FROM h JOIN meta m ON m.rowid = h.r
            WHERE m.month IS NOT NULL GROUP BY m.month
    """

    def open(self, index_dir):
        path = os.path.join(index_dir, self.DB)
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def query(self, q, facets=False):
        match = to_fts5(q)
        top = self.con.execute(
            "SELECT rowid, title FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?",
            (match, TOP_N),
        ).fetchall()
        del top
        if facets:
            rows = self.con.execute(self.FACET_SQL, (match,)).fetchall()
            return next(c for k, _, c in rows if k == 0)
        return self.con.execute(
            "SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)
        ).fetchone()[0]

    def close(self):
        self.con.close()

    def versions(self):
        return {"sqlite": sqlite3.sqlite_version}


# --------------------------------------------------------------------------


class TantivySystem(System):
    name = "tantivy"
    TOKENIZER = "nl_stem"
    WRITER_HEAP = 128_000_000

    def __init__(self):
        import tantivy  # benchmark-only extra: pip install tantivy

        self.tantivy = tantivy

    @staticmethod
    def _analyzer(tantivy):
        return (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stopword("dutch"))
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("dutch"))
            .build()
        )

    def _index(self, index_dir, create):
        tantivy, cls = self.tantivy, type(self)
        if create:
            sb = tantivy.SchemaBuilder()
            sb.add_text_field("id", stored=True, tokenizer_name="raw")
            sb.add_text_field("title", stored=True, tokenizer_name=cls.TOKENIZER)
            sb.add_text_field("body", stored=True, tokenizer_name=cls.TOKENIZER)
            for f in FACET_FIELDS:
                sb.add_text_field(f, fast=True, tokenizer_name="raw")
            ix = tantivy.Index(sb.build(), path=index_dir, reuse=False)
        else:
            ix = tantivy.Index.open(index_dir)
        ix.register_tokenizer(cls.TOKENIZER, cls._analyzer(tantivy))
        return ix

    def build(self, docs_path, index_dir):
        tantivy = self.tantivy
        ix = self._index(index_dir, create=True)
        writer = ix.writer(heap_size=self.WRITER_HEAP)
        n = 0
        for d in iter_docs(docs_path):
            doc = tantivy.Document(id=d.id, title=d.title, body=d.body)
            if d.source:
                doc.add_text("source", d.source)
            if d.month:
                doc.add_text("month", d.month)
            for c in d.categories:
                doc.add_text("categories", c)
            writer.add_document(doc)
            n += 1
        writer.commit()
        writer.wait_merging_threads()
        return {"docs": n}

    def open(self, index_dir):
        self.ix = self._index(index_dir, create=False)
        self.analyzer = self._analyzer(self.tantivy)
        self.ix.reload()
        self.searcher = self.ix.searcher()
        self.aggs = {f: {"terms": {"field": f, "size": 10_000}} for f in FACET_FIELDS}

    def query(self, q, facets=False):
        query = to_tantivy(q, self.ix, analyzer=self.analyzer)
        res = self.searcher.search(query, TOP_N, count=True)
        for _score, addr in res.hits:
            self.searcher.doc(addr)["title"]
        if facets:
            self.searcher.aggregate(query, self.aggs)
        return res.count

    def versions(self):
        return {"tantivy": self.tantivy.__version__}


def _analyzer_version():
    from archive.analysis import ANALYZER_VERSION

    return ANALYZER_VERSION


BASELINES = {
    "whoosh": WhooshSystem,
    "fts5": Fts5System,
    "tantivy": TantivySystem,
}
