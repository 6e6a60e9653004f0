"""`WordSet`: a large, fixed set of words in a few megabytes.

The Dutch lexicon (357,703 words), the family names (119,558) and the
capitalised word list (54,843) are only ever asked "is this word in it?",
a dozen times an article. As `frozenset`s they took 54 MB of every
process that extracts (a string object and a hash-table slot per word,
37.7 MB for the lexicon alone); here each set is 2^k strings, the words of
one bucket joined by newlines, about 8 MB for the three. A look-up finds
its bucket by the CRC-32 of the word's UTF-8 bytes and the word, between
newlines, in it: exactly the words given, no false positives (a word never
holds a newline), about 0.3 microseconds. The buckets do not depend on the
process (Python's own string hash does), so a built set can be stored and
loaded as it is (`state`, `from_state`).
"""

from __future__ import annotations

from operator import methodcaller
from typing import Iterable
from zlib import crc32

_UTF8 = methodcaller("encode", "utf-8", "surrogatepass")


class WordSet:
    """A read-only set of strings without newlines, answering `in` only
    (and `len`); as compact as a few joined strings."""

    __slots__ = ("_buckets", "_mask", "_len")

    def __init__(self, words: Iterable[str], per_bucket: int = 12) -> None:
        words = words if isinstance(words, list) else list(words)
        bits = max(4, (len(words) // per_bucket).bit_length())
        mask = (1 << bits) - 1
        buckets: list[list[str]] = [[] for _ in range(mask + 1)]
        for w, h in zip(words, map(crc32, map(_UTF8, words))):
            buckets[h & mask].append(w)
        joined = tuple(["\n" + "\n".join(b) + "\n" if b else "" for b in buckets])
        # n words in a bucket make n + 1 newlines: any more came with a word
        if sum(map(str.count, joined, ["\n"] * len(joined))) != len(words) + sum(map(bool, buckets)):
            raise ValueError("a WordSet holds words without newlines")
        self._buckets = joined
        self._mask = mask
        self._len = len(words)

    def __contains__(self, word) -> bool:
        if type(word) is not str or "\n" in word:
            return False
        return ("\n" + word + "\n") in self._buckets[crc32(word.encode("utf-8", "surrogatepass")) & self._mask]

    def __len__(self) -> int:
        """The number of words given (a word given twice counts twice)."""
        return self._len

    def __iter__(self):
        for b in self._buckets:
            if b:
                yield from b[1:-1].split("\n")

    def state(self) -> tuple:
        """What `from_state` takes: plain strings and ints (for `marshal`)."""
        return (self._buckets, self._mask, self._len)

    @classmethod
    def from_state(cls, state: tuple) -> "WordSet":
        self = cls.__new__(cls)
        self._buckets, self._mask, self._len = state
        if not (isinstance(self._buckets, tuple) and len(self._buckets) == self._mask + 1):
            raise ValueError("not a WordSet state")
        return self
