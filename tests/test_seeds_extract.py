"""The seed articles (issue 3, point 7): each point one test."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.document import Caption
from archive.extract.core import build_article
from archive.read.formats import RawRecord, read_file

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def load(name: str):
    items = list(read_file(str(SEEDS / name)))
    assert len(items) == 1 and isinstance(items[0], RawRecord), items
    return build_article(items[0])


@pytest.fixture(scope="module")
def seed0():
    return load("000_d77eaabc6ee2bbe2.txt")


@pytest.fixture(scope="module")
def seed3():
    return load("003_97c7250373d392c4.txt")


def test_seed0_date_is_the_month(seed0):
    assert (seed0.date, seed0.date_precision) == ("2022-12", "month")


def test_seed0_has_no_title(seed0):
    assert seed0.title is None


def test_seed0_captions_and_credits(seed0):
    assert len(seed0.captions) == 4
    assert [c.credit for c in seed0.captions] == ["Photo News", "AFP", "Reuters", "AP"]
    assert seed0.credits == ("Photo News", "AFP", "Reuters", "AP")
    assert seed0.captions[2] == Caption("De Oekraïense bevelhebber Valeriy Zaloezjny.", "Reuters")


def test_seed0_headings(seed0):
    assert seed0.headings == (
        "Oekraïne vreest nieuwe opmars naar Kiev",
        "Over de ruggen van dode soldaten",
        "Russen willen 80.000 soldaten opofferen",
    )


def test_seed0_body_holds_only_body_paragraphs(seed0):
    assert "Beeld" not in seed0.body
    assert "date 2022-12" not in seed0.body
    paragraphs = seed0.body.split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("Dat Vladimir Poetin voor het eerst")
    assert not any(h in paragraphs for h in seed0.headings)


def test_seed0_keeps_diacritics_and_typographic_quotes(seed0):
    assert "vóór" in seed0.captions[3].text
    assert "‘Minstens 80.000 soldaten" in seed0.body
    assert "“Onze soevereiniteit is heilig”" in seed0.body


def test_seed3_has_no_date(seed3):
    assert seed3.date is None and seed3.date_precision is None


def test_seed3_caption(seed3):
    assert seed3.captions == (
        Caption("President Poetin (links) met zijn Belarussische collega Aleksandr Loekasjenko in Minsk, maandag.", "AP"),
    )
    assert seed3.credits == ("AP",)
    assert seed3.title is None


def test_seed3_headings(seed3):
    assert seed3.headings == (
        "Nauwe samenwerking wakkert achterdocht aan",
        "Beschuldiging aan adres Oekraïne",
        "Twijfels aan betrouwbaarheid van leger",
    )
    assert seed3.body.startswith("Al vanaf het begin van de Russische invasie")
    assert "Beeld" not in seed3.body


def test_seed_ids_are_content_hashes(seed0, seed3):
    import hashlib

    data = (SEEDS / "000_d77eaabc6ee2bbe2.txt").read_bytes()
    assert seed0.id == hashlib.sha256(data).hexdigest()[:16]
    assert seed0.actors == () and seed0.places == ()
