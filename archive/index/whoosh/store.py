"""Opening and creating the Whoosh index, with its version checked.

An index directory holds Whoosh's files plus `archive.json`, which records
the schema and analyzer versions it was written with. We read that small JSON
file *before* letting Whoosh unpickle the schema: a directory that is not our
index, or was written by an incompatible version, is refused with a message
that says how to rebuild, instead of returning wrong hits or a traceback.
(Opening any Whoosh index unpickles it, so only open indexes you trust.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from archive.errors import IndexIncompatible, IndexMissing
from archive.index.backend import DEFAULT_LOCK_TIMEOUT  # noqa: F401  (the writers' default)
from archive.index.whoosh.schema import READABLE_SCHEMAS, build_schema, index_meta

META_FILE = "archive.json"
INDEX_NAME = "MAIN"


def read_meta(path: Path) -> dict | None:
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise IndexIncompatible(
            f"{path / META_FILE} is unreadable ({e}); rebuild the index with "
            f"`archive ingest --rebuild --index {path} PATH...`"
        ) from None


def has_index(path: Path) -> bool:
    """Whether `path` holds a table of contents: what Whoosh's `exists_in`
    answers, without opening the index (and unpickling its schema and
    segment list) just to ask."""
    if not path.is_dir():
        return False
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    return TOC._latest_generation(FileStorage(str(path)), INDEX_NAME) > -1


def check_compatible(path: Path) -> None:
    meta = read_meta(path)
    want = index_meta()
    if meta is None:
        raise IndexIncompatible(
            f"{path} holds a Whoosh index not written by this version of archive "
            f"(no {META_FILE}); rebuild it with `archive ingest --rebuild --index {path} PATH...`"
        )
    for key in ("format", "schema_version", "analyzer"):
        if meta.get(key) != want[key] and not (key == "schema_version" and meta.get(key) in READABLE_SCHEMAS):
            raise IndexIncompatible(
                f"{path} was written with {key} {meta.get(key)!r} but this version of archive "
                f"uses {want[key]!r}; rebuild it with `archive ingest --rebuild --index {path} PATH...` "
                f"(the raw files are the source of truth)"
            )


def open_index(path: Path):
    """Open an existing, compatible index for reading (and later writing)."""
    from whoosh.index import open_dir

    from archive.index.whoosh import codec  # noqa: F401  (the name its pickles use, before any is read)

    path = Path(path)
    if not has_index(path):
        raise IndexMissing(
            f"no archive index at {path}: run `archive ingest PATH...` first "
            f"(or pass --index DIR / set ARCHIVE_INDEX)"
        )
    check_compatible(path)
    from archive.index.whoosh.storedzip import use

    use(path)  # its stored records' dictionary, before Whoosh reads any
    from whoosh.index import EmptyIndexError

    try:
        return open_dir(str(path), indexname=INDEX_NAME)
    except EmptyIndexError:  # its table of contents went away since has_index
        raise IndexMissing(f"no archive index at {path}: run `archive ingest PATH...` first") from None


def create_index(path: Path):
    """Create an empty index at `path` (which must not hold one already)."""
    from whoosh.index import create_in

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    # The version file first: a reader that sees Whoosh's table of contents
    # must also see it, or it would call a brand-new index incompatible.
    write_meta(path)
    from archive.index.whoosh.storedzip import use

    use(path)
    return create_in(str(path), build_schema(), indexname=INDEX_NAME)


def write_meta(path: Path) -> None:
    tmp = path / (META_FILE + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps(index_meta(), indent=2) + "\n")
        f.flush()
        os.fsync(f.fileno())  # on disk before the rename publishes it
    os.replace(tmp, path / META_FILE)


def open_or_create(path: Path):
    path = Path(path)
    if has_index(path):
        return open_index(path)
    return create_index(path)
