"""The gazetteers in their compact form (`WordSet`) and kept between runs
(`stash`): the same answers as the plain sets they replace."""

from __future__ import annotations

import pytest

from archive.extract.entities import stash
from archive.extract.entities.resources import DATA_DIR, Resources, _read_lines
from archive.extract.entities.wordset import WordSet


def test_wordset_answers_exactly_the_words_given():
    words = ["huis", "Jansen", "de", "a", "", "café", "’s-Hertogenbosch", "x" * 300, "a"]
    ws = WordSet(words, per_bucket=2)
    for w in words:
        assert w in ws
    for w in ("hui", "huis ", "Huis", "ansen", "de\nhuis", "huis\n", "\n", "cafe", None, 3, b"huis", "\ud800"):
        assert w not in ws
    assert len(ws) == len(words)
    assert sorted(ws) == sorted(words)
    with pytest.raises(ValueError):
        WordSet(["een", "twee\ndrie"])
    again = WordSet.from_state(ws.state())
    assert all(w in again for w in words) and "hui" not in again


def test_wordset_matches_the_lexicon_as_a_frozenset():
    lines = _read_lines(DATA_DIR / "family_names_nl.txt.gz")
    plain, compact = frozenset(lines), WordSet(lines)
    probes = lines[::97] + [w[:-1] for w in lines[::89]] + [w + "s" for w in lines[::101]] + ["", "van", "de vries"]
    assert [p in compact for p in probes] == [p in plain for p in probes]


def _same(a: Resources, b: Resources) -> None:
    assert vars(a).keys() == vars(b).keys()
    for name, x in vars(a).items():
        y = getattr(b, name)
        if isinstance(x, WordSet):
            assert x.state() == y.state(), name
        elif name == "multi_orgs":  # lists in the order of a frozenset: compare as sets
            assert {k: sorted(v) for k, v in x.items()} == {k: sorted(v) for k, v in y.items()}
        else:
            assert x == y and type(x) is type(y), name


def test_stash_gives_what_a_build_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    built = stash.load(DATA_DIR, Resources)  # nothing stashed yet: built, then stashed
    files = list((tmp_path / "cache").glob("resources-*.marshal"))
    assert len(files) == 1
    loaded = stash.load(DATA_DIR, Resources)
    _same(built, loaded)
    _same(Resources(), loaded)
    files[0].write_bytes(b"not marshal")  # a damaged stash is rebuilt
    _same(Resources(), stash.load(DATA_DIR, Resources))


def test_stash_can_be_turned_off_and_survives_an_unwritable_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVE_CACHE_DIR", "")
    assert stash.cache_dir() is None
    assert "huis" in stash.load(DATA_DIR, Resources).lexicon
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("ARCHIVE_CACHE_DIR", str(blocked / "cache"))
    assert "huis" in stash.load(DATA_DIR, Resources).lexicon
