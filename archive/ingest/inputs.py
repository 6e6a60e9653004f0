"""The input stream of an ingest: files walked, records read, a few looked at ahead.

`walk` turns the given paths into one stream of tickets in input order:
`("start", path)`, the file's `RawRecord`s or `InputError`s, `("end",
path)`. It never loads more than a record at a time. `with_dictionary`
lets a new index's engine see a sample of the articles before anything is
written (`Writer.sampler`); `input_bytes` and `count_inputs` size the input
(to start workers at once, and for the progress bar).
"""

from __future__ import annotations

import os
import threading
from itertools import chain
from pathlib import Path
from typing import Iterator

from archive.ingest.articles import sample_article
from archive.index import is_url
from archive.read.formats import JSON_LINES_EXTENSIONS, RawRecord, read_file, sample_lines
from archive.read.sources import InputError, Notice, iter_files, normalise_path


def skips(index: Path) -> tuple[str, ...]:
    """The index folder, as the walk may meet it: never an input."""
    if is_url(index):
        return ()
    return tuple({normalise_path(index), str(Path(index).resolve())})


def walk(paths: list[str], skip: tuple[str, ...], order: dict[str, int], warnings: list[str]) -> Iterator:
    """The tickets of every input under `paths` (folders in `skip` passed
    over); each file's place in the walk goes into `order`, notices about
    the walk into `warnings`."""
    for item in iter_files(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if isinstance(item, Notice):
            warnings.append(str(item))
            continue
        if skip and (item + os.sep).startswith(skip):
            continue  # the index itself (or a rebuild beside it)
        order.setdefault(item, len(order))
        yield ("start", item)
        try:
            for rec in read_file(item):
                yield rec
        except MemoryError:
            raise
        except Exception as e:  # a reader bug must not stop the batch
            yield InputError(item, f"could not read ({type(e).__name__}: {e})")
        yield ("end", item)


def with_dictionary(inputs: Iterator, sampler, paths: list[str]) -> Iterator:
    """A new index's first ingest: give the engine's `sampler` a few hundred
    articles (for Whoosh the dictionary its stored records are compressed
    with, see `archive.index.whoosh.storedzip`) before anything is written:
    from all over the JSON Lines inputs, else the first ones, read ahead."""
    if sampler is None:
        return inputs
    _sample_feeds(sampler, paths)
    ahead: list = []
    if sampler.count < sampler.wanted // 2:  # no big feed to sample: the first articles, then
        for item in inputs:
            ahead.append(item)
            if isinstance(item, RawRecord):
                art = sample_article(item)
                if art is not None:
                    sampler.add(art)
                if sampler.count >= sampler.wanted or len(ahead) >= 10 * sampler.wanted:
                    break
    sampler.finish()  # before any writer starts
    return chain(ahead, inputs)


def _sample_feeds(sampler, paths: list[str], max_files: int = 64) -> None:
    """Articles from all over the JSON Lines inputs."""
    feeds = []
    for item in iter_files(paths):
        if isinstance(item, str) and os.path.splitext(item)[1].lower() in JSON_LINES_EXTENSIONS:
            feeds.append(item)
            if len(feeds) >= max_files:
                break
    if not feeds:
        return
    per_file = max(1, -(-sampler.wanted // len(feeds)))
    for path in feeds:
        for raw in sample_lines(path, per_file):
            art = sample_article(raw)
            if art is not None:
                sampler.add(art)


def input_bytes(paths: list[str], enough: int) -> int:
    """Bytes of input under `paths`, counted until `enough`."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, str):
            try:
                total += os.path.getsize(item)
            except OSError:
                pass
            if total >= enough:
                break
    return total


def count_inputs(paths: list[str], out: list[int], halt: threading.Event) -> None:
    """Estimate the number of inputs (one per file, one per JSON Lines line)."""
    n = 0
    try:
        for item in iter_files(paths):
            if halt.is_set():
                return
            if isinstance(item, str) and os.path.splitext(item)[1].lower() in JSON_LINES_EXTENSIONS:
                lines, last = 0, b"\n"
                with open(item, "rb") as f:
                    while chunk := f.read(1 << 22):
                        if halt.is_set():
                            return
                        lines += chunk.count(b"\n")
                        last = chunk[-1:]
                n += lines + (last != b"\n")
            else:
                n += 1
    except OSError:
        return
    out.append(n)
