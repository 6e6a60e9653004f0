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
