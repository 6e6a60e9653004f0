from archive.analysis import analyze, fold


def test_stemming_joins_dutch_inflections():
    assert analyze("soldaat") == analyze("soldaten")
    assert analyze("offensief") == analyze("offensieven")
    assert analyze("huis") == analyze("huizen")


def test_accent_folding_and_case():
    assert analyze("Oekraine") == analyze("Oekraïne") == analyze("OEKRAÏNE")
    assert analyze("vóór") == analyze("voor") == []  # a stopword, accented or not


def test_stopwords_removed():
    assert analyze("de het een en van") == []
    assert analyze("de soldaten") == analyze("soldaten")


def test_numbers_stay_whole():
    assert "80.000" in analyze("Minstens 80.000 soldaten")


def test_fold_matches_analyzer_folding():
    assert fold("Kiëv Oekraïne") == "kiev oekraine"


def test_distinct_words_stay_distinct():
    assert analyze("Rusland") != analyze("Russisch")


from hypothesis import given, settings
from hypothesis import strategies as st

from archive.analysis import dutch_analyzer, reference_analyzer

_OPTIONS = [
    dict(positions=True, chars=True),
    dict(positions=True, chars=True, removestops=False),
    dict(tokenize=False),
    dict(tokenize=False, removestops=False),
]


def _tokens(analyzer, text, kw):
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None),
             getattr(t, "endchar", None), t.stopped) for t in analyzer(text, **kw)]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeiouëïéó dtnrsDKOÉ.,'-80\n")) , max_size=80) | st.sampled_from(
    ["De Oekraïense soldaten en Poetins offensieven", "vóór één 80.000 zo'n 's-Gravenhage", "de het een"]))
def test_fused_analyzer_equals_the_reference_chain(text):
    for kw in _OPTIONS:
        assert _tokens(dutch_analyzer(), text, kw) == _tokens(reference_analyzer(), text, kw)


def test_fold_is_lowercase_and_accent_map_everywhere():
    from whoosh.support.charset import accent_map

    from archive.analysis import fold
    from .conftest import SEEDS

    every = "".join(chr(k) for k in accent_map) + "".join(chr(k).upper() for k in accent_map)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS.iterdir()] + [
        every, every[::-1], "ascii only", "", "İstanbul ǅemal ΣΑΣ", "a\u0308 combining", "Oekraïne"]
    for text in texts:
        assert fold(text) == text.lower().translate(accent_map)


def _tables_in_a_fresh_process(cache) -> list[str]:
    """Import `archive.analysis` in a new interpreter keeping values in
    `cache`; check its tables are Whoosh's; the modules it had to import."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, archive.analysis as a\n"
        "loaded = [m for m in ('whoosh.support.charset', 'whoosh.lang.stopwords') if m in sys.modules]\n"
        "from whoosh.support.charset import accent_map\n"
        "from whoosh.lang.stopwords import stoplists\n"
        "assert a.accent_map == accent_map and a._STOPLIST == stoplists['nl']\n"
        "assert a.DUTCH_STOPWORDS == frozenset(a.fold(w) for w in stoplists['nl'])\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "ARCHIVE_CACHE_DIR": str(cache)})
    assert out.returncode == 0, out.stderr
    return [m for m in out.stdout.strip().split(",") if m]


def test_whoosh_tables_are_kept_between_processes(tmp_path):
    """The folding table and stoplist come from Whoosh the first time, then
    from the cache (keyed by the source of the two Whoosh modules); a
    damaged cache file means Whoosh's again."""
    cache = tmp_path / "cache"
    assert _tables_in_a_fresh_process(cache) == ["whoosh.support.charset", "whoosh.lang.stopwords"]
    (kept,) = cache.glob("whoosh-tables-*.marshal")
    assert _tables_in_a_fresh_process(cache) == []
    for junk in (b"not marshal", __import__("marshal").dumps((1, 2))):
        kept.write_bytes(junk)
        assert _tables_in_a_fresh_process(cache) == ["whoosh.support.charset", "whoosh.lang.stopwords"]
    assert _tables_in_a_fresh_process("") == ["whoosh.support.charset", "whoosh.lang.stopwords"]  # cache off
