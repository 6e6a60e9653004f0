"""The gazetteers in their compact form (`WordSet`) and kept between runs
(`stash`): the same answers as the plain sets they replace; and the shipped
alias table, kept parsed the same way."""

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


# ---------------------------------------------------------------------------
# The shipped alias table, kept parsed between search processes


def _parsed_default():
    from archive.extract.entities.aliases import DEFAULT_ALIAS_FILE, AliasTable

    table = AliasTable()
    table._load(DEFAULT_ALIAS_FILE)  # what the default table always was
    return table


def _same_table(a, b) -> None:
    assert a._map == b._map and a._canonicals == b._canonicals and a.sources == b.sources


@pytest.fixture
def fresh_default(tmp_path, monkeypatch):
    from archive.extract.entities import aliases

    monkeypatch.setenv("ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    aliases._default_table.cache_clear()
    yield aliases
    aliases._default_table.cache_clear()


def test_default_alias_table_is_stashed_and_read_back(fresh_default, tmp_path, monkeypatch):
    aliases = fresh_default
    built = aliases.AliasTable.default()
    _same_table(built, _parsed_default())
    files = list((tmp_path / "cache").glob("aliases-*.marshal"))
    assert len(files) == 1
    aliases._default_table.cache_clear()

    def no_parsing(*args):
        raise AssertionError("parsed again instead of read from the stash")

    with monkeypatch.context() as m:
        m.setattr(aliases.AliasTable, "_add_lines", no_parsing)
        loaded = aliases.AliasTable.default()
    _same_table(loaded, built)
    assert loaded.lookup("Kiev", "place") == "Kyiv"


def test_an_edited_alias_table_never_reads_the_old_stash(fresh_default, tmp_path, monkeypatch):
    aliases = fresh_default
    aliases.AliasTable.default()  # the shipped table, stashed
    edited = tmp_path / "aliases.tsv"
    edited.write_bytes(aliases.DEFAULT_ALIAS_FILE.read_bytes() + "place\tKyiv\tKijv\n".encode())
    monkeypatch.setattr(aliases, "DEFAULT_ALIAS_FILE", edited)
    aliases._default_table.cache_clear()
    table = aliases.AliasTable.default()
    assert table.lookup("Kijv", "place") == "Kyiv"
    assert len(list((tmp_path / "cache").glob("aliases-*.marshal"))) == 2  # one per table


def test_a_damaged_alias_stash_is_rebuilt(fresh_default, tmp_path):
    import marshal

    aliases = fresh_default
    aliases.AliasTable.default()
    (path,) = (tmp_path / "cache").glob("aliases-*.marshal")
    for junk in (b"not marshal", marshal.dumps([1, 2]), marshal.dumps({"map": {}})):
        path.write_bytes(junk)
        aliases._default_table.cache_clear()
        _same_table(aliases.AliasTable.default(), _parsed_default())


def test_alias_stash_off_or_unwritable(fresh_default, tmp_path, monkeypatch):
    aliases = fresh_default
    monkeypatch.setenv("ARCHIVE_CACHE_DIR", "")
    _same_table(aliases.AliasTable.default(), _parsed_default())
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("ARCHIVE_CACHE_DIR", str(blocked / "cache"))
    aliases._default_table.cache_clear()
    _same_table(aliases.AliasTable.default(), _parsed_default())
