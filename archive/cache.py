"""Values built from files, kept between processes in the user's cache folder.

Some processes build the same thing from the same files every time they
start: an ingest the gazetteers of extraction
(`archive.extract.entities.stash`), a search the parsed alias table
(`archive.extract.entities.aliases`) and the accent-folding table and
Dutch stoplist the analyzer takes from Whoosh (`archive.analysis`). Each
is kept as one `marshal` file in `$ARCHIVE_CACHE_DIR`, else
`$XDG_CACHE_HOME/archive`, else `~/.cache/archive`; `ARCHIVE_CACHE_DIR=`
(empty) keeps nothing. A file is written whole or not at all (a temporary
file renamed), so processes racing to write one each leave a complete
one, and anything unexpected (no file yet, an unreadable one, a folder
that cannot be written) only means the value is built as before.

`load_keyed` names its file by a digest of exactly the bytes the value is
made from (the data and the code that parses it), with the Python version
(and its Unicode data, which folding follows), so a changed input never
reads an old value. The digest is `_sha1`'s, not `hashlib`'s: a search
process defers `hashlib` (OpenSSL, about 2 ms to load).
"""

from __future__ import annotations

import marshal
import os
import sys
import unicodedata
from pathlib import Path
from typing import Callable, Sequence

_FORMAT = 1


def cache_dir() -> Path | None:
    """The folder of kept values (None: keep nothing)."""
    env = os.environ.get("ARCHIVE_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archive"


def save(path: Path, value) -> None:
    """`value` marshalled into `path`, whole or not at all."""
    import tempfile  # (only to write: a process that reads need not load it)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            marshal.dump(value, f)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_keyed(name: str, inputs: Sequence[bytes], build: Callable[[], object]):
    """What `build()` makes (a value `marshal` writes) from exactly the bytes
    in `inputs`: from the file named by `name` and their digest when there
    is one, else built and kept. What `build` raises is raised."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha1
    h = sha1(f"{_FORMAT} {sys.version} {unicodedata.unidata_version}".encode())
    for data in inputs:
        h.update(len(data).to_bytes(8, "little") + data)
    path = folder / f"{name}-{h.hexdigest()[:24]}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except Exception:  # none yet, or not one we can read: build it
        pass
    value = build()
    try:
        save(path, value)
    except Exception:
        pass  # a read-only home: build it every time
    return value
