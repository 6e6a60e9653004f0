"""Finding the input files under the paths a user gives to `archive ingest`.

Folders are walked recursively in a stable (sorted) order; symlinked folders
are followed once, so a symlink loop ends instead of recursing forever. A
path that does not exist, or a folder that cannot be listed, becomes an
`InputError` in the report: nothing the user named is silently skipped.
Files whose extension we do not read are skipped inside folders, but a file
named explicitly is always tried (its content decides its format).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

#: Extensions read when walking a folder.
EXTENSIONS = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json"})


@dataclass(frozen=True)
class InputError:
    """One input that could not be ingested, and why (one report line)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "reason": self.reason}


def normalise_path(p: str | os.PathLike) -> str:
    """The absolute form stored in the index (symlinks in the name are kept)."""
    return os.path.abspath(os.fspath(p))


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[str | InputError]:
    """Yield absolute file paths under `paths`, or an `InputError` per bad path."""
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        p = Path(given)
        if not os.path.lexists(p):
            yield InputError(str(given), "no such file or folder")
            continue
        if p.is_dir():
            yield from _walk(p, seen_dirs)
        elif p.is_file():
            yield normalise_path(p)
        elif p.is_symlink():
            yield InputError(str(given), "broken symlink or symlink loop")
        else:
            yield InputError(str(given), "not a regular file or folder")


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[str | InputError]:
    try:
        st = folder.stat()
    except OSError as e:
        yield InputError(str(folder), f"cannot read folder ({e.strerror or e})")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return  # already walked (a symlink loop or a second link to it)
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield InputError(str(folder), f"cannot list folder ({e.strerror or e})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=True):
                yield from _walk(path, seen)
            elif entry.is_file(follow_symlinks=True):
                if path.suffix.lower() in EXTENSIONS:
                    yield normalise_path(path)
            elif entry.is_symlink():
                yield InputError(str(path), "broken symlink or symlink loop")
        except OSError as e:
            yield InputError(str(path), f"cannot read ({e.strerror or e})")
