"""Stored records compressed with the index's own dictionary: smaller, and
every path that reads them (search, show, optimize, rebuild, a fresh
process) still gets exactly what was stored."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import zlib

from archive import Archive
from archive.index.whoosh import storedzip
from archive.index.whoosh.store import open_index

from .test_ingest import record, write_jsonl


def _stored_values(index):
    """The raw bytes of every document's stored record, as on disk."""
    import whoosh.codec.whoosh3 as w3
    from whoosh.columns import VarBytesColumn

    out = []
    with open_index(index).reader() as r:
        for sub, _ in (r.leaf_readers() if not r.is_atomic() else [(r, 0)]):
            column = sub._perdoc._cached_reader("_stored", w3.STORED_COLUMN)._child
            out.extend(VarBytesColumn.Reader.__getitem__(column, n) for n in range(sub.doc_count_all()))
    return out


def _forget_dictionaries():
    storedzip._known.clear()
    storedzip._known_zstd.clear()


def test_a_new_index_gets_a_dictionary_and_smaller_records(tmp_path):
    feed = write_jsonl(tmp_path / "feed.jsonl",
                       [record(i, url=f"https://www.example.nl/nieuws/{i}/bericht", source="example.nl")
                        for i in range(400)])
    arc = Archive(tmp_path / "index")
    assert arc.ingest([feed], jobs=1).added == 400
    assert (tmp_path / "index" / storedzip.ZSTD_FILE).stat().st_size > 4096
    assert not (tmp_path / "index" / storedzip.DICT_FILE).exists()
    values = _stored_values(tmp_path / "index")
    assert len(values) == 400 and all(v[0] == 2 for v in values)  # Zstandard with the dictionary
    with open_index(tmp_path / "index").searcher() as s:
        plain = sum(len(zlib.compress(pickle.dumps(d, 2), 3)) for d in s.documents())
    assert sum(len(v) for v in values) < 0.8 * plain  # what Whoosh alone would write
    assert arc.show("r7").url == "https://www.example.nl/nieuws/7/bericht"
    assert arc.search("bericht", limit=1).hits[0].snippet


def test_records_read_back_in_a_fresh_process_after_optimize_and_rebuild(tmp_path):
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(i) for i in range(120)])
    more = write_jsonl(tmp_path / "more.jsonl", [record(i) for i in range(120, 200)])
    arc = Archive(tmp_path / "index")
    arc.ingest([feed], jobs=1)
    first_dict = storedzip.read_zstd_dict(tmp_path / "index")
    arc.ingest([more], jobs=1)  # a second segment, same dictionary
    assert storedzip.read_zstd_dict(tmp_path / "index") == first_dict
    arc.optimize()
    cmd = [sys.executable, "-m", "archive", "show", "r150", "--index", str(tmp_path / "index"), "--format", "json"]
    shown = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    assert shown["title"] == "Bericht nummer 150" and shown["date"] == "2022-12-19"
    arc.ingest([feed, more], rebuild=True)
    assert Archive(tmp_path / "index").show("r3").title == "Bericht nummer 3"
    assert storedzip.read_zstd_dict(tmp_path / "index")  # the rebuilt index has its own


def test_every_format_a_value_can_have_decompresses(tmp_path):
    data = pickle.dumps({"id": "x", "body": "Een tekst over de stad." * 3}, 2)
    assert storedzip.decompress(zlib.compress(data, 3)) == data  # Whoosh's own
    assert storedzip.decompress(b"\x00" + zlib.compress(data)) == data  # no dictionary yet
    storedzip.write_dict(tmp_path, storedzip.build_dict([{"id": "y", "body": "Een tekst over het dorp."}]))
    assert storedzip.use(tmp_path)
    storedzip.write_with(tmp_path)
    packed = storedzip.compress(data)
    assert packed[0] == 1 and storedzip.decompress(packed) == data
    assert storedzip.decompress(b"") == b""
    zdir = tmp_path / "z"
    zdir.mkdir()
    storedzip.write_dict(zdir, storedzip.build_zstd_dict([{"id": "y", "body": "Een tekst over het dorp."}]),
                         storedzip.ZSTD_FILE)  # too few to train on: their bytes
    storedzip.write_with(zdir)
    packed = storedzip.compress(data)
    assert packed[0] == 2 and storedzip.decompress(packed) == data


def test_an_index_of_schema_5_keeps_its_deflate_records(tmp_path):
    """An index written before schema 6 is read, and added to, as it was
    written: no rebuild, and an older archive can still read it."""
    from archive.index.whoosh.store import META_FILE, create_index

    index = tmp_path / "index"
    create_index(index)
    meta = json.loads((index / META_FILE).read_text())
    (index / META_FILE).write_text(json.dumps({**meta, "schema_version": 5}))
    arc = Archive(index)
    arc.ingest([write_jsonl(tmp_path / "a.jsonl", [record(i) for i in range(300)])], jobs=1)
    arc.ingest([write_jsonl(tmp_path / "b.jsonl", [record(i) for i in range(300, 320)])], jobs=1)
    assert storedzip.read_dict(index) and storedzip.read_zstd_dict(index) is None
    values = _stored_values(index)
    assert len(values) == 320 and all(v[0] == 1 for v in values)
    assert json.loads((index / META_FILE).read_text())["schema_version"] == 5
    assert Archive(index).show("r310").title == "Bericht nummer 310" and arc.check().ok

def test_feeds_are_sampled_from_all_over_not_just_their_start(tmp_path):
    from archive.read.formats import sample_lines

    feed = write_jsonl(tmp_path / "feed.jsonl", [record(i) for i in range(1000)])
    sample = sample_lines(str(feed), 10)
    ids = [r.record["id"] for r in sample]
    assert len(ids) == 10 and ids[0] == "r0" and int(ids[-1][1:]) > 850
    assert ids == [r.record["id"] for r in sample_lines(str(feed), 10)]  # the same every time
    assert sample_lines(str(write_jsonl(tmp_path / "a.json", [record(1)])), 5) == []  # not JSON Lines


def test_an_archive_opened_before_the_first_ingest_reads_what_another_writes(tmp_path):
    from archive.index.whoosh.store import create_index

    create_index(tmp_path / "index")  # an empty index, no dictionary yet
    early = Archive(tmp_path / "index")
    assert early.search().total == 0
    _forget_dictionaries()  # as in a process that never saw the dictionary being made
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(i) for i in range(30)])
    subprocess.run([sys.executable, "-m", "archive", "ingest", str(feed), "--index", str(tmp_path / "index"),
                    "-q"], check=True, capture_output=True)
    _forget_dictionaries()
    assert early.search("bericht").total == 30 and early.show("r4").title == "Bericht nummer 4"


def test_a_missing_dictionary_is_a_rebuild_message_not_a_traceback(tmp_path):
    feed = write_jsonl(tmp_path / "feed.jsonl", [record(i) for i in range(30)])
    Archive(tmp_path / "index").ingest([feed])
    (tmp_path / "index" / storedzip.ZSTD_FILE).unlink()
    _forget_dictionaries()
    cmd = [sys.executable, "-m", "archive", "show", "r1", "--index", str(tmp_path / "index")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "--rebuild" in proc.stderr


def test_column_reads_back_with_and_without_stored_offsets(tmp_path):
    """Whoosh writes a column's offsets only past 32k documents; the reader
    derives them otherwise: both layouts give every value back."""
    from whoosh.filedb.filestore import FileStorage

    _, writer_class, reader_class = storedzip._column_classes()
    values = [b"", b"a", b"kort", b"x" * 70_000, b"", "één".encode()] * 40
    storedzip.write_dict(tmp_path, b"kort en een dictionary " * 50)
    storedzip.write_with(tmp_path)  # values compressed with this folder's dictionary
    st = FileStorage(str(tmp_path))
    for cutoff in (2 ** 15, 0):  # default (derived offsets), always stored
        name = f"col{cutoff}"
        f = st.create_file(name)
        w = writer_class(f, True, cutoff)
        for i, v in enumerate(values):
            w.add(i, v)
        w.finish(len(values))
        f.close()
        length = st.file_length(name)
        r = reader_class(st.open_file(name), 0, length, len(values))
        assert r.had_stored_offsets == (cutoff == 0)
        assert [r[i] for i in range(len(values))] == values
