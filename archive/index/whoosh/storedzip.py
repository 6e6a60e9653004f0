"""Stored records compressed with a dictionary trained on the index's own articles.

Whoosh zlib-compresses each document's stored fields on their own. A news
article's record is short (a few hundred bytes of text, a URL, dates, hashes,
field names), and a compressor learns nothing from a few hundred bytes: it
saved little. It can start from a dictionary instead, so each index gets one,
built at its first ingest from the pickled records of a sample of the
articles being ingested (the user's own data; nothing is shipped).

Since schema 6 that is a Zstandard dictionary trained on the sample
(`stored.zstd`): over 17k leestmeer records 516 bytes a record against 668
for deflate with a preset dictionary (`stored.zdict`, schema 5) and 950 for
Whoosh alone, and compressing a record takes 7 instead of 46 microseconds
(decompressing 3 instead of 10), which is about 4% of an ingest's CPU. An
index of schema 5 keeps its deflate dictionary: it is read as before, and
records added to it are written the way it was written.

The dictionary is a file in the index folder, written once before the first
document and never changed (a rebuild makes a new index and so a new one).
Each stored value says how it was compressed in its first byte:

- `0x02` + the dictionary's CRC-32 (4 bytes) + a Zstandard frame with it;
- `0x01` + the dictionary's CRC-32 (4 bytes) + raw deflate with that dictionary;
- `0x00` + a zlib stream (no dictionary yet);
- anything else: a plain zlib stream as Whoosh writes it.

Whoosh's W3 codec reads and writes stored fields through one module-level
column object; `install()` swaps it for ours, in every process that opens an
index through `archive.index.whoosh.store` (or `use()`), before any segment is read.
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

#: The deflate dictionary of an index of schema 5.
DICT_FILE = "stored.zdict"
#: The Zstandard dictionary of an index of schema 6 on.
ZSTD_FILE = "stored.zstd"
#: Deflate reaches back 32 KB: a longer dictionary is never used; 32 KB is
#: also where a trained Zstandard dictionary stops paying (measured: 16 KB
#: 535, 32 KB 516, 64 KB 499 bytes a record, for twice the file).
DICT_BYTES = 32 * 1024
#: Articles sampled to build a dictionary.
SAMPLE_ARTICLES = 200
LEVEL = 4
ZSTD_LEVEL = 3

_TAG_ZSTD = 2
_TAG_DICT = 1
_TAG_PLAIN = 0

#: Dictionaries this process has seen, by CRC-32 (what readers need):
#: deflate dictionaries as bytes, Zstandard ones as their decompressor.
_known: dict[int, bytes] = {}
_known_zstd: dict[int, object] = {}
#: Index folders this process has opened: where an unknown dictionary is
#: looked for (another process may have written an index's first articles,
#: or swapped in a rebuild, since this one opened it).
_folders: set[str] = set()
#: How new values are compressed (the index being written): its dictionary's
#: tag, CRC-32 and compressor; None: plain zlib, no dictionary yet.
_active: tuple[int, bytes, object] | None = None


from archive.errors import IndexIncompatible  # noqa: E402


class DictionaryMissing(IndexIncompatible, LookupError):
    pass


def install() -> None:
    """Make Whoosh store documents through `compress`/`decompress`."""
    import whoosh.codec.whoosh3 as w3
    from whoosh import columns

    if getattr(w3, "_archive_storedzip", False):
        return
    w3.STORED_COLUMN = columns.PickleColumn(_DictColumn())
    w3._archive_storedzip = True


def use(index_dir: str | os.PathLike) -> bool:
    """Be able to read the stored records of the index at `index_dir`.
    False when that index has no dictionary (yet)."""
    return _register(index_dir) != (None, None)


def write_with(index_dir: str | os.PathLike) -> None:
    """Compress the values written from now on with the dictionary of the
    index at `index_dir` (called when a writer for it is made; reading
    another index meanwhile does not change it)."""
    global _active
    zstd, deflate = _register(index_dir)
    if zstd is not None:
        _active = (_TAG_ZSTD, zlib.crc32(zstd).to_bytes(4, "big"), _zstd_compressor(zstd))
    elif deflate is not None:
        _active = (_TAG_DICT, zlib.crc32(deflate).to_bytes(4, "big"), _compressor(deflate))
    else:
        _active = None


def _register(index_dir: str | os.PathLike) -> tuple[bytes | None, bytes | None]:
    """(The Zstandard, the deflate dictionary) of the index at `index_dir`,
    each None when it has none, remembered for reading."""
    install()
    _folders.add(os.path.abspath(os.fspath(index_dir)))
    zstd, deflate = read_zstd_dict(index_dir), read_dict(index_dir)
    if deflate is not None:
        _known[zlib.crc32(deflate)] = deflate
    if zstd is not None and zlib.crc32(zstd) not in _known_zstd:
        _known_zstd[zlib.crc32(zstd)] = _zstd_decompressor(zstd)
    return zstd, deflate


def _lookup(crc: int, known: dict, name: str):
    found = known.get(crc)
    if found is None:
        for folder in list(_folders):
            _register(folder)
        found = known.get(crc)
    if found is None:
        raise DictionaryMissing(
            "a stored record needs a compression dictionary that is not in the index folder "
            f"({name} missing or changed): rebuild the index with `archive ingest --rebuild`")
    return found


def read_dict(index_dir: str | os.PathLike) -> bytes | None:
    """The deflate dictionary of an index of schema 5."""
    return _read(Path(index_dir) / DICT_FILE)


def read_zstd_dict(index_dir: str | os.PathLike) -> bytes | None:
    """The Zstandard dictionary of an index of schema 6 on."""
    return _read(Path(index_dir) / ZSTD_FILE)


def has_dict(index_dir: str | os.PathLike) -> bool:
    return read_zstd_dict(index_dir) is not None or read_dict(index_dir) is not None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def build_dict(stored_records) -> bytes:
    """A preset dictionary from sample stored records (dicts as Whoosh pickles
    them): their bytes, up to the 32 KB deflate can reach back. A sample from
    all over the input beats its first articles (measured on a 117k-item
    feed: 580 against 680 bytes a record; Whoosh alone: 950)."""
    parts, size = [], 0
    for rec in stored_records:
        b = pickle.dumps(rec, 2)
        parts.append(b)
        size += len(b)
        if size >= DICT_BYTES:
            break
    return b"".join(parts)[-DICT_BYTES:]


def build_zstd_dict(stored_records) -> bytes:
    """A Zstandard dictionary trained on sample stored records (dicts as
    Whoosh pickles them). Too small a sample to train on (a first ingest of
    a handful of articles) gives their bytes as a raw-content dictionary,
    which Zstandard takes as well."""
    import zstandard

    samples = [pickle.dumps(rec, 2) for rec in stored_records]
    try:
        # Fixed cover parameters instead of zstd's search over them: 11 ms
        # instead of 34 on 200 leestmeer records, 518 against 517 bytes a record.
        return zstandard.train_dictionary(DICT_BYTES, samples, level=ZSTD_LEVEL, k=400, d=8).as_bytes()
    except zstandard.ZstdError:
        return build_dict(stored_records)


def write_dict(index_dir: str | os.PathLike, data: bytes, name: str = DICT_FILE) -> None:
    """Keep `data` as the index's dictionary (once: it is never replaced,
    since every value compressed with it needs exactly these bytes)."""
    path = Path(index_dir) / name
    if path.exists() or not data:
        return
    from archive.index.whoosh.durable import fsync_path

    tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    fsync_path(str(tmp))
    os.replace(tmp, path)
    fsync_path(str(path.parent), directory=True)


class Sampler:
    """The sample a new index's dictionary is built from: the records
    Whoosh would store for some of the first ingest's articles (entities may
    be left out: the dictionary only needs typical bytes). `WhooshWriter`
    gives one while the index is empty and has no dictionary yet: a
    Zstandard one, or (`zstd=False`, an empty index of schema 5) deflate's."""

    def __init__(self, index_dir: str | os.PathLike, schema, zstd: bool = True) -> None:
        self._dir = index_dir
        self._zstd = zstd
        self._stored = {name for name in schema.names() if schema[name].stored}
        self.records: list[dict] = []
        self.wanted = SAMPLE_ARTICLES

    @property
    def count(self) -> int:
        return len(self.records)

    def add(self, art) -> None:
        """Take `art` into the sample (passed over when it cannot be stored)."""
        from archive.index.whoosh.schema import to_fields

        try:
            fields = to_fields(art)
        except Exception:
            return
        self.records.append({k: v for k, v in fields.items() if k in self._stored})

    def finish(self) -> None:
        """Build the dictionary and keep it with the index, before anything is written."""
        if self._zstd:
            write_dict(self._dir, build_zstd_dict(self.records), ZSTD_FILE)
        else:
            write_dict(self._dir, build_dict(self.records))


def _compressor(data: bytes):
    return zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, data)


def _zstd_compressor(data: bytes):
    import zstandard

    return zstandard.ZstdCompressor(level=ZSTD_LEVEL, dict_data=zstandard.ZstdCompressionDict(data),
                                    write_checksum=False, write_dict_id=False)


def _zstd_decompressor(data: bytes):
    import zstandard

    return zstandard.ZstdDecompressor(dict_data=zstandard.ZstdCompressionDict(data))


def compress(value: bytes, level: int = LEVEL) -> bytes:
    if _active is None:
        return bytes((_TAG_PLAIN,)) + zlib.compress(value, level)
    tag, crc, how = _active
    if tag == _TAG_ZSTD:
        return b"\x02" + crc + how.compress(value)
    c = how.copy()
    return b"\x01" + crc + c.compress(value) + c.flush()


def decompress(value: bytes) -> bytes:
    if not value:
        return value
    tag = value[0]
    if tag == _TAG_ZSTD:
        return _lookup(int.from_bytes(value[1:5], "big"), _known_zstd, ZSTD_FILE).decompress(value[5:])
    if tag == _TAG_DICT:
        data = _lookup(int.from_bytes(value[1:5], "big"), _known, DICT_FILE)
        d = zlib.decompressobj(-15, data)
        return d.decompress(value[5:]) + d.flush()
    if tag == _TAG_PLAIN:
        return zlib.decompress(value[1:])
    return zlib.decompress(value)  # Whoosh's own format


def _column_classes():
    from whoosh.columns import CompressedBytesColumn, VarBytesColumn

    class Writer(VarBytesColumn.Writer):
        def add(self, docnum, v):
            VarBytesColumn.Writer.add(self, docnum, compress(v))

    class Reader(CompressedBytesColumn.Reader):
        def __init__(self, dbfile, basepos, length, doccount):
            VarBytesColumn.Reader.__init__(self, dbfile, basepos, length, doccount)
            self._decompress = decompress

        def _read_offsets_and_lengths(self):
            """Whoosh's, but a segment without stored offsets gets them from
            a NumPy running sum instead of a Python loop over every document:
            a search process opening four 30k-document segments spent 13 ms
            there (and still 0.25 ms a segment with `itertools.accumulate`,
            2 ms of a search that shows hits from eight segments)."""
            import struct
            from array import array

            import numpy as np

            dbfile, doccount = self._dbfile, self._doccount
            lastbyte = self._basepos + self._length - 1
            lens_code = chr(dbfile.get_byte(lastbyte))
            offsets = None
            if lens_code == "X":
                self.had_stored_offsets = True
                lens_code = chr(dbfile.get_byte(lastbyte - 2))
                offsets_code = chr(dbfile.get_byte(lastbyte - 1))
                offsetstart = (lastbyte - 2) - doccount * struct.calcsize(offsets_code)
                offsets = dbfile.get_array(offsetstart, offsets_code, doccount)
                lastbyte = offsetstart
            lengths = dbfile.get_array(lastbyte - struct.calcsize(lens_code) * doccount, lens_code, doccount)
            if offsets is None:  # document n starts after the lengths of those before it
                starts = np.zeros(doccount, dtype=np.int64)
                np.cumsum(np.frombuffer(lengths, dtype=lengths.typecode)[:-1], dtype=np.int64, out=starts[1:])
                offsets = array("L")
                offsets.frombytes(starts.astype(offsets.typecode).tobytes())
            self._offsets = offsets
            self._lengths = lengths

    return CompressedBytesColumn, Writer, Reader


def _DictColumn():
    base, writer, reader = _column_classes()

    class DictColumn(base):
        """Whoosh's compressed bytes column, through our codec."""

        def writer(self, dbfile):
            return writer(dbfile)

        def reader(self, dbfile, basepos, length, doccount):
            return reader(dbfile, basepos, length, doccount)

    return DictColumn()
