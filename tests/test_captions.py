"""Caption detection in text and credit normalisation."""

from __future__ import annotations

import pytest

from archive.extract.captions import credit_parts, distinct_credits, normalise_credit, split_credit
from archive.document import Caption


@pytest.mark.parametrize(
    "paragraph, text, credit",
    [
        ("De Oekraïense bevelhebber Valeriy Zaloezjny. Beeld REUTERS", "De Oekraïense bevelhebber Valeriy Zaloezjny.", "Reuters"),
        ("Loekasjenko tijdens een top begin deze maand. Beeld Photo News", "Loekasjenko tijdens een top begin deze maand.", "Photo News"),
        ("Een tank vlak vóór de invasie in februari van dit jaar Beeld AP", "Een tank vlak vóór de invasie in februari van dit jaar", "AP"),
        ("Demonstranten in Den Haag. Foto: ANP", "Demonstranten in Den Haag.", "ANP"),
        ("Demonstranten in Den Haag. Foto ANP / Remko de Waal", "Demonstranten in Den Haag.", "ANP / Remko de Waal"),
        ("Premier Rutte op het Binnenhof. (Foto: Reuters)", "Premier Rutte op het Binnenhof.", "Reuters"),
        ("Koning Willem-Alexander. Beeld Belga", "Koning Willem-Alexander.", "Belga"),
        ("Ruïnes in Bachmoet. Beeld AFP", "Ruïnes in Bachmoet.", "AFP"),
        ("Het stadion. Beeld MARCEL VAN DEN BERGH", "Het stadion.", "Marcel van den Bergh"),
        ("Foto: ANP", "", "ANP"),
    ],
)
def test_paragraph_ending_in_a_credit_is_a_caption(paragraph, text, credit):
    assert split_credit(paragraph) == Caption(text, credit)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Dat zei een woordvoerder van Credit Suisse.",
        "Volgens de bronnen van Osesjkin zijn de Russen van plan om eerst massaal voetsoldaten te sturen.",
        "Het kabinet brengt de gevolgen in beeld.",
        "Over de ruggen van dode soldaten",
        "Bekijk hier alle foto's",
        "Hij nam een Foto van de zonsondergang.",
        "",
    ],
)
def test_ordinary_paragraphs_are_not_captions(paragraph):
    assert split_credit(paragraph) is None


@pytest.mark.parametrize(
    "paragraph, text, credit",
    [
        ("Een blusboot op de Maas. Beeld afp", "Een blusboot op de Maas.", "AFP"),
        ("Een blusboot op de Maas. (foto: anp)", "Een blusboot op de Maas.", "ANP"),
        ("Een blusboot op de Maas. (foto: Jan de Vries)", "Een blusboot op de Maas.", "Jan de Vries"),
        ("Een blusboot op de Maas. foto: anp", "Een blusboot op de Maas.", "ANP"),
        ("EEN BLUSBOOT OP DE MAAS. BEELD AP", "EEN BLUSBOOT OP DE MAAS.", "AP"),
        ("Een blusboot op de Maas. (Foto: Reuters).", "Een blusboot op de Maas.", "Reuters"),
        ("Een blusboot op de Maas. Beeld Photonews", "Een blusboot op de Maas.", "Photo News"),
    ],
)
def test_credit_forms_in_other_cases_and_punctuation(paragraph, text, credit):
    assert split_credit(paragraph) == Caption(text, credit)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Op de foto Rutte en Biden.",  # a lower-case "foto" is a word, not a credit
        "Hij maakte een foto: anp",
        "Hij bekeek de foto ANP",
        "Dat is een mooi Beeld",
        "Dit is het Beeld.",
        "Het kabinet brengt het in beeld Den Haag.",
    ],
)
def test_lower_case_and_bare_credit_words_stay_prose(paragraph):
    assert split_credit(paragraph) is None


def test_very_long_paragraph_is_not_a_caption_even_with_a_credit():
    long = " ".join(["woord"] * 120) + ". Beeld AP"
    assert split_credit(long) is None


@pytest.mark.parametrize(
    "raw, normal",
    [
        ("REUTERS", "Reuters"),
        ("reuters", "Reuters"),
        ("AP", "AP"),
        ("afp", "AFP"),
        ("ANP", "ANP"),
        ("BELGA", "Belga"),
        ("PHOTO NEWS", "Photo News"),
        ("Getty Images", "Getty Images"),
        ("anp/Remko de Waal", "ANP / Remko de Waal"),
        ("Remko de Waal, ANP", "Remko de Waal / ANP"),
        ("AFP PHOTO", "AFP"),
        (" Beeldbank NOS. ", "Beeldbank NOS"),
        ("Photonews", "Photo News"),
        ("PHOTONEWS", "Photo News"),
    ],
)
def test_credit_normalisation(raw, normal):
    assert normalise_credit(raw) == normal


def test_credit_parts_and_distinct_credits_keep_order():
    caps = [Caption("a", "ANP / Remko de Waal"), Caption("b", "Reuters"), Caption("c", "ANP"), Caption("d", None)]
    assert credit_parts("ANP / Remko de Waal") == ["ANP", "Remko de Waal"]
    assert distinct_credits(caps, ["AP", "Reuters"]) == ("ANP", "Remko de Waal", "Reuters", "AP")


def test_credit_forms_of_german_and_flemish_pages():
    from archive.extract.captions import split_caption_credit, split_credit

    assert split_credit("De minister in Berlijn. Foto: SWR/picture alliance/dpa").credit == "SWR / picture alliance / DPA"
    assert split_credit("De presentator. © SWR/Hugo Jehle").credit == "SWR / Hugo Jehle"
    # an agency after a dash is a credit in a caption, never in a body paragraph
    assert split_caption_credit("Koning Filip in Brussel - Belga") == Caption("Koning Filip in Brussel", "Belga")
    assert split_credit("Koning Filip in Brussel - Belga") is None
    assert split_caption_credit("Het debat Rutte - Wilders") is None


def test_figure_caption_with_a_dash_agency_and_a_copyright_credit(tmp_path):
    from archive.extract.html.clean import clean_html

    page = clean_html("<html><body><article><h1>Kop</h1><p>Een bericht over Brussel en Berlijn.</p>"
                      "<figure><img src='a.jpg'><figcaption>Koning Filip in Brussel - Belga</figcaption></figure>"
                      "<figure><img src='b.jpg'><figcaption>De presentator <span class='credit'>© SWR/Hugo Jehle"
                      "</span></figcaption></figure></article></body></html>")
    assert [(c.text, c.credit) for c in page.captions] == [("Koning Filip in Brussel", "Belga"),
                                                          ("De presentator", "SWR / Hugo Jehle")]


@pytest.mark.parametrize("paragraph", [
    "Foto ANP", "FOTO: Remko de Waal", "afBeelding", "İllustratie: x", "ıllustratie", "Beeld ſ",
    "© Reuters", "beeldbank", "autofoto", "x" * 300 + " Beeld: AP", "Beeld " + "y" * 300,
    "FOTOGRAFİE", "fotografie", "De minister zei dat hij het ’beeld’ herkende.", "", "Geen woord hier.",
    "Fotó", "illustrati", "beel d", "ontwikkeling " * 30 + "foto",
])
def test_credit_pre_check_says_what_the_regex_says(paragraph):
    """The substring pre-check in front of `_QUICK` never changes its answer
    (the letters `re.I` also matches: İ, ı, ſ)."""
    from archive.extract.captions import _QUICK, _may_have_credit

    assert _may_have_credit(paragraph) == (_QUICK.search(paragraph, max(0, len(paragraph) - 200)) is not None)
