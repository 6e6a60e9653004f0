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


#: The file that marks a folder as an archive index (see `archive.index.whoosh.store`).
INDEX_MARKER = "archive.json"


@dataclass(frozen=True)
class InputError:
    """One input that could not be ingested, and why (one report line)."""

    path: str
    reason: str
    line: int | None = None
    #: `line` counts the values of a JSON list (or of a file of several
    #: JSON values), not lines: shown as "(item N)", never as "path:N".
    item: bool = False

    def __str__(self) -> str:
        return f"{where(self.path, self.line, self.item)}: {self.reason}"

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "unit": "item" if self.item else "line",
                "reason": self.reason}


def where(path: str, line: int | None, item: bool = False) -> str:
    """How a report names a place in an input: `feed.jsonl:12`, `list.json (item 3)`."""
    if line is None:
        return path
    return f"{path} (item {line})" if item else f"{path}:{line}"


@dataclass(frozen=True)
class Notice:
    """Something about the inputs worth a warning line, not a failure: files
    a folder walk passed over, or a folder that held nothing to read."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def normalise_path(p: str | os.PathLike) -> str:
    """The absolute form stored in the index (symlinks in the name are kept)."""
    return os.path.abspath(os.fspath(p))


def unstorable_name(path: str) -> str | None:
    """Why a file name cannot be kept in the index as text, or None.

    Paths are stored as UTF-8 text, several to a field one per line: a name
    that is not valid UTF-8 (Python hands it over with surrogate escapes) or
    that holds a line break would break the stored paths, so such a file is
    reported, with what to do about it, instead of failing the batch."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8 (it was written in another encoding): rename the file"
    if "\n" in path or "\r" in path:
        return "file name contains a line break: rename the file"
    return None


def _shown(path: str) -> str:
    """A path fit to print and store in a report line."""
    return os.fsencode(path).decode("utf-8", "backslashreplace").replace("\n", "\\n").replace("\r", "\\r")


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[str | InputError]:
    """Yield absolute file paths under `paths`, or an `InputError` per bad path."""
    for item in _iter_files(paths):
        if isinstance(item, str):
            reason = unstorable_name(item)
            if reason is not None:
                yield InputError(_shown(item), reason)
                continue
        yield item


def _iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[str | InputError]:
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        p = Path(given)
        if not os.path.lexists(p):
            yield InputError(str(given), "no such file or folder")
            continue
        if p.is_dir():
            skipped: dict[str, int] = {}
            found = 0
            for item in _walk(p, seen_dirs, skipped):
                found += isinstance(item, str)
                yield item
            if skipped:
                kinds = ", ".join(f"{n} {ext or 'without extension'}" for ext, n in
                                  sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))[:6])
                yield Notice(str(given), f"passed over {sum(skipped.values())} file(s) of other kinds ({kinds}); "
                                         f"name a file to ingest it anyway (its content decides its format)")
            if not found:
                yield Notice(str(given), "this folder holds no .txt, .html, .json or .jsonl file to ingest")
        elif p.is_file():
            yield normalise_path(p)
        elif p.is_symlink():
            yield InputError(str(given), "broken symlink or symlink loop")
        else:
            yield InputError(str(given), "not a regular file or folder")


def _is_index(folder: str) -> bool:
    """An archive index folder: its `archive.json` says so (a data folder may
    well hold a file of that name)."""
    import json

    try:
        with open(os.path.join(folder, INDEX_MARKER), "rb") as f:
            meta = json.loads(f.read(4096))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("format") == "archive-index"


def _walk(folder: Path, seen: set[tuple[int, int]], skipped: dict[str, int]) -> Iterator[str | InputError]:
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
                if _is_index(entry.path):
                    continue  # an archive index (ours or another), never input
                yield from _walk(path, seen, skipped)
            elif entry.is_file(follow_symlinks=True):
                ext = path.suffix.lower()
                if ext in EXTENSIONS:
                    yield normalise_path(path)
                else:
                    skipped[ext] = skipped.get(ext, 0) + 1
            elif entry.is_symlink():
                yield InputError(str(path), "broken symlink or symlink loop")
        except OSError as e:
            yield InputError(str(path), f"cannot read ({e.strerror or e})")
