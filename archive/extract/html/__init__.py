"""HTML into article structure: the body's paragraphs, headings and captions, and page metadata.

`clean.py` is the order of the steps (`clean_html`, `inline_text`);
`meta.py` reads titles, dates, URL and site name before anything is removed;
`boilerplate.py` holds what is not the article (navigation, share bars,
related lists, ...) and finds the element that is; `walker.py` cuts what
remains into blocks; `simplehtml.py` reads flat body fragments without a
tree, with the same result.

May import `archive.read` (content sniffing), `archive.extract.captions`
and the shared modules; never the index or anything above it.
"""
