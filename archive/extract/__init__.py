"""The extract step: one raw record in, one clean `Article` out. Pure: it touches no index.

`core.py` holds the order of the steps (`build_article`); `pipeline.py`
adds the entities (what ingest's worker processes run per article). The
steps: `html/` (cleaning HTML: boilerplate out, paragraphs, headings,
figure captions), `textlayout.py` (plain text: date header, title, headings,
paragraphs), `dates.py` (publication dates with their precision),
`captions.py` (photo captions and credit normalisation), `entities/`
(actors and places and their canonical names).

May import `archive.read` (the raw record) and the shared modules
(`archive.analysis`, `document`, `errors`, `normalise`); never the index,
ingest, search, api or cli.
"""
