"""The entity recogniser's C tokens (`_tokens.tokens`) are the matches of
its regex, `words._TOKEN_RE`: the same texts, offsets and capital flags,
on generated text of the characters the pattern treats apart."""

from __future__ import annotations

import os

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from archive.extract.entities import tokens
from archive.extract.entities.words import _TOKEN_RE

NATIVE = tokens.NATIVE

#: Letters (ASCII, capitals of both Latin-1 ranges and beside them, other
#: scripts, titlecase), digits (ASCII, others, and numerics that are no
#: digit), the joiners and the number separators, spaces of every kind,
#: "_", combining marks, punctuation.
_ALPHABET = ("aZsSJLéÀÖ×ØÞßÿǅΩЖ٣²½Ⅻ〇09_-'’.,:/ \t\n\u00a0\u2029\u2009\u0301()\"!?;…–—😀")


def _regex(s: str):
    ms = list(_TOKEN_RE.finditer(s))
    texts = [m.group() for m in ms]
    return texts, [m.start() for m in ms], [m.end() for m in ms], [t[0].isupper() for t in texts]


def test_the_c_tokens_are_built():
    if NATIVE is None and os.environ.get("ARCHIVE_REQUIRE_NATIVE") != "1":
        pytest.skip("archive.extract.entities._tokens was not built (no C compiler at install)")
    assert NATIVE is not None


@pytest.mark.skipif(NATIVE is None, reason="archive.extract.entities._tokens was not built")
@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET) | st.characters(), max_size=40))
@example("'s-Gravenhage en ’s-Hertogenbosch, 's-x 's- J.-L. Dehaene, A.B.C. J.K.x o.a. z.t. a.b 80.000 1,5 12:30 3/4 3rd")
@example("J.-L J.- J..K. Ö.Ø. É.-À. a-b a- -a Hoekstra's zo'n ’t x’’y __a_b _ 9_a ²a a² ½.")
def test_c_tokens_are_the_regex_matches(text):
    assert NATIVE.tokens(text) == _regex(text)


@pytest.mark.skipif(NATIVE is None, reason="archive.extract.entities._tokens was not built")
def test_c_tokens_on_real_units():
    from .conftest import SEEDS

    for p in sorted(SEEDS.iterdir()):
        for unit in p.read_text(encoding="utf-8").split("\n"):
            assert NATIVE.tokens(unit) == _regex(unit)
