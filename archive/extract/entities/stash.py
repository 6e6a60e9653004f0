"""The built gazetteers, kept between runs: every process that extracts
(an ingest's main process and its worker, each `archive ingest`) would
otherwise spend about 0.4 s of CPU building them from the lists in
`archive/data`, most of a small ingest's start-up.

`load` reads them from one `marshal` file (about 40 ms) in the user's cache
folder (`archive.cache`: `$ARCHIVE_CACHE_DIR`, else `$XDG_CACHE_HOME/archive`,
else `~/.cache/archive`), named by a fingerprint of everything the build reads:
the data files (name, size, modification time) and the source of the
modules that build them, with the Python version. Anything unexpected (no
such file, another version, a folder that cannot be written) builds them
as before; a stash is written whole or not at all (a temporary file
renamed), so processes racing to write it each leave a complete one.
`ARCHIVE_CACHE_DIR=` (empty) turns the stash off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from archive.cache import cache_dir, save
from archive.extract.entities.wordset import WordSet

#: The modules whose code decides what a build gives.
_SOURCES = ("resources.py", "wordset.py", "aliases.py", "words.py", "stash.py")
_FORMAT = 1


def fingerprint(data_dir: Path) -> str:
    h = hashlib.sha256(f"{_FORMAT} {sys.version}".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    for root, dirs, files in os.walk(data_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            st = os.stat(os.path.join(root, name))
            h.update(f"{os.path.relpath(os.path.join(root, name), data_dir)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def load(data_dir: Path, build):
    """The resources `build(data_dir)` makes, from the stash when it holds them."""
    folder = cache_dir()
    if folder is None:
        return build(data_dir)
    try:
        path = folder / f"resources-{fingerprint(data_dir)}.marshal"
    except OSError:
        return build(data_dir)
    try:
        return _thaw(build, marshal.loads(path.read_bytes()))
    except Exception:  # none yet, or not one we can read: build it
        pass
    res = build(data_dir)
    try:
        save(path, _freeze(res))
    except Exception:
        pass  # a read-only home: build it every time, as before
    return res


def _freeze(res) -> dict:
    out = {}
    for name, value in vars(res).items():
        if isinstance(value, WordSet):
            out[name] = ("wordset", value.state())
        else:
            out[name] = ("plain", value)
    return out


def _thaw(build, state: dict):
    cls = build if isinstance(build, type) else None
    if cls is None or not isinstance(state, dict):
        raise ValueError("no stash for this build")
    res = cls.__new__(cls)
    for name, (kind, value) in state.items():
        setattr(res, name, WordSet.from_state(value) if kind == "wordset" else value)
    return res
