"""The read step: the paths a user gives, turned into raw records, nothing lost on the way.

`sources.py` walks files and folders (and names every input it passes over
or cannot read); `formats.py` picks a reader per file by extension and, when
the extension lies, by content (`sniff.py`); `jsonfiles.py` reads JSON and
JSON Lines record by record; `encoding.py` decodes legacy encodings;
`raw.py` is the `RawRecord` every reader yields; `records.py` maps a JSON
record's field names onto ours.

May import only the shared modules (`archive.errors`, `archive.normalise`);
never extract, index, ingest, search, api or cli.
"""
