"""build_article: JSON field mapping, text layout, dates, ids and normalisation."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata

import pytest

from archive.document import Caption
from archive.extract.core import ExtractError, article_id, build_article
from archive.read.formats import RawRecord, read_file


def articles(tmp_path, name: str, data: bytes | str):
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    out = []
    for item in read_file(str(p)):
        assert isinstance(item, RawRecord), item
        out.append(build_article(item))
    return out


def one(tmp_path, name, data):
    arts = articles(tmp_path, name, data)
    assert len(arts) == 1
    return arts[0]


def jsonl(*records) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"


# --------------------------------------------------------------------------
# JSON records


def test_record_fields_and_id(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"id": 10593548, "title": "'Stel tevredener'", "text": "Tekst.",
                                        "published_at": "2019-02-12"}))
    assert (a.id, a.title, a.body, a.date, a.date_precision, a.line) == (
        "10593548", "'Stel tevredener'", "Tekst.", "2019-02-12", "day", 1)
    assert a.extra == {}


@pytest.mark.parametrize("title_key", ["title", "headline"])
@pytest.mark.parametrize("text_key", ["text", "body", "content"])
def test_common_field_names(tmp_path, title_key, text_key):
    a = one(tmp_path, "a.jsonl", jsonl({title_key: "De kop", text_key: "De tekst."}))
    assert (a.title, a.body) == ("De kop", "De tekst.")


@pytest.mark.parametrize("date_key", ["date", "published_at", "published", "pubdate", "datePublished"])
def test_common_date_field_names(tmp_path, date_key):
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "text": "x", date_key: "19 december 2022"}))
    assert a.date == "2022-12-19"


def test_url_source_and_unknown_fields(tmp_path):
    rec = {"id": "abc", "title": "T", "text": "x", "url": "https://ad.nl/x", "publisher": {"name": "AD"},
           "categories": ["Utrecht"], "image": None, "date_raw": "Mon, 22 Oct 2012 15:11:00 GMT"}
    a = one(tmp_path, "a.jsonl", jsonl(rec))
    assert (a.id, a.url, a.source) == ("abc", "https://ad.nl/x", "AD")
    assert a.extra == {"categories": ["Utrecht"], "image": None, "date_raw": "Mon, 22 Oct 2012 15:11:00 GMT"}


@pytest.mark.parametrize("site_key", ["source", "publisher", "site"])
def test_source_field_names(tmp_path, site_key):
    assert one(tmp_path, "a.jsonl", jsonl({"title": "T", site_key: "nos.nl"})).source == "nos.nl"


def test_record_without_id_gets_the_hash_of_its_line(tmp_path):
    line = json.dumps({"title": "T", "text": "x"})
    a = one(tmp_path, "a.jsonl", line + "\n")
    assert a.id == hashlib.sha256(line.encode()).hexdigest()[:16]
    assert a.content_hash == hashlib.sha256(line.encode()).hexdigest()


def test_article_id_is_known_before_extraction(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(jsonl({"id": 7, "title": "T"}, {"title": "U"}))
    raws = list(read_file(str(p)))
    assert [article_id(r) for r in raws] == ["7", raws[1].content_hash[:16]]


def test_title_only_record_is_kept_with_a_warning(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"id": 1, "title": "Alleen een kop", "text": ""}))
    assert (a.title, a.body, a.warnings) == ("Alleen een kop", "", ("title only: no text",))


def test_record_without_title_and_text_is_kept_for_its_id_and_date(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(jsonl({"id": 1, "title": "", "text": " ", "date": "2019-01-01"}))
    a = build_article(next(iter(read_file(str(p)))))
    assert (a.id, a.title, a.body, a.date) == ("1", None, "", "2019-01-01")
    assert a.warnings == ("no text: kept for its id, date",)


def test_record_with_nothing_in_it_is_an_error(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(jsonl({"title": "", "text": " ", "tags": ["x"]}))
    with pytest.raises(ExtractError, match="no title and no text"):
        build_article(next(iter(read_file(str(p)))))


def test_html_body_becomes_clean_paragraphs_and_headings(tmp_path):
    body = ("<p>Het wordt een mysterie genoemd&#8230;</p>\n<p>Waar is zij&nbsp;gebleven?</p>"
            "<h2>Salma verdwijnt</h2><p>Fast forward naar <em>oktober</em> 2017.</p>"
            '<img src="http://feeds.feedburner.com/x" height="1" width="1" alt=""/>')
    a = one(tmp_path, "a.jsonl", jsonl({"id": "x", "title": "Lalla Salma &amp; de koning", "body": body}))
    assert a.title == "Lalla Salma & de koning"
    assert a.body == "Het wordt een mysterie genoemd…\n\nWaar is zij gebleven?\n\nFast forward naar oktober 2017."
    assert a.headings == ("Salma verdwijnt",)


def test_entity_escaped_html_body_is_cleaned_as_html(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"id": "e3", "text": "&lt;p&gt;A.&lt;/p&gt;&lt;h2&gt;Kop hier&lt;/h2&gt;&lt;p&gt;B.&lt;/p&gt;"}))
    assert (a.body, a.headings) == ("A.\n\nB.", ("Kop hier",))


def test_plain_body_that_mentions_a_tag_stays_text(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "text": "Gebruik &lt;b&gt; voor vet, en a &lt; b &amp; c."}))
    assert a.body == "Gebruik <b> voor vet, en a < b & c."


def test_plain_body_with_entities_is_unescaped(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "body": "Schrijver overleden.&nbsp; Plus &amp; min [&#8230;]"}))
    assert a.body == "Schrijver overleden. Plus & min […]"


def test_plain_body_captions_are_taken_out(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "text": "Eerste alinea.\n\nDe premier in Brussel. Foto: ANP\n\nTweede alinea."}))
    assert a.body == "Eerste alinea.\n\nTweede alinea."
    assert a.captions == (Caption("De premier in Brussel.", "ANP"),)
    assert a.credits == ("ANP",)


def test_zoned_time_is_the_amsterdam_calendar_day(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "date": "2012-10-22T23:11:00+00:00"}))
    assert (a.date, a.date_precision) == ("2012-10-23", "day")


@pytest.mark.parametrize("value", [1671492600, "1671492600", 1671492600000, "1671492600000"])
def test_epoch_date_field_is_the_amsterdam_day(tmp_path, value):
    # 2022-12-19 23:30 UTC, seconds or milliseconds, number or digit string.
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "text": "x", "date": value}))
    assert (a.date, a.date_precision, a.warnings) == ("2022-12-20", "day", ())


def test_month_precision_is_never_padded(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "date": "2022-12"}))
    assert (a.date, a.date_precision) == ("2022-12", "month")


def test_modified_date_never_wins(tmp_path):
    arts = articles(tmp_path, "a.jsonl", jsonl(
        {"title": "T", "dateModified": "2023-01-05", "date": "2022-12-19"},
        {"title": "U", "updated_at": "2023-01-05", "modified": "2023-01-05"},
    ))
    assert [a.date for a in arts] == ["2022-12-19", None]
    assert arts[1].extra == {"updated_at": "2023-01-05", "modified": "2023-01-05"}


def test_unparsable_date_is_none_with_a_warning(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "text": "x", "date": "gisteren"}))
    assert a.date is None and a.date_precision is None
    assert a.warnings == ("unparsed date: 'gisteren'",)


def test_null_date_is_no_date_not_today(tmp_path):
    a = one(tmp_path, "a.jsonl", jsonl({"title": "T", "text": "x", "date": None, "date_raw": ""}))
    assert a.date is None


# --------------------------------------------------------------------------
# Plain text files


def test_text_file_id_is_its_content_hash(tmp_path):
    data = "Een alinea.\n".encode()
    a = one(tmp_path, "a.txt", data)
    assert a.id == hashlib.sha256(data).hexdigest()[:16]
    assert (a.path, a.paths, a.line) == (str(tmp_path / "a.txt"), (str(tmp_path / "a.txt"),), None)
    (tmp_path / "copy").mkdir()
    assert one(tmp_path, "copy/b.txt", data).id == a.id


def test_text_file_with_a_headline_first_line_has_a_title(tmp_path):
    a = one(tmp_path, "a.txt", "Kabinet valt over stikstofplannen\n\nHet kabinet is gevallen. Dat meldt de NOS.\n")
    assert a.title == "Kabinet valt over stikstofplannen"
    assert a.body == "Het kabinet is gevallen. Dat meldt de NOS."


def test_text_file_whose_first_line_is_a_sentence_has_no_title(tmp_path):
    a = one(tmp_path, "a.txt", "Het kabinet is gevallen.\n\nDat meldt de NOS.\n")
    assert a.title is None
    assert a.body == "Het kabinet is gevallen.\n\nDat meldt de NOS."


def test_hard_wrapped_paragraphs_are_joined(tmp_path):
    a = one(tmp_path, "a.txt", "Het kabinet is\ngevallen over de\nstikstof.\n\nDat meldt de NOS.\n")
    assert a.body == "Het kabinet is gevallen over de stikstof.\n\nDat meldt de NOS."


def test_date_from_the_file_name(tmp_path):
    a = one(tmp_path, "2022-12-19-poetin.txt", "Poetin is in Minsk.\n")
    assert (a.date, a.date_precision) == ("2022-12-19", "day")


def test_header_date_beats_the_file_name(tmp_path):
    a = one(tmp_path, "2021-01-01-x.txt", "date 2022-12\n\nPoetin is in Minsk.\n")
    assert (a.date, a.date_precision) == ("2022-12", "month")
    assert a.body == "Poetin is in Minsk."


def test_visible_dateline_line(tmp_path):
    a = one(tmp_path, "a.txt", "Poetin bezoekt Minsk\n\nma 19 dec 2022 14:05\n\nPoetin is in Minsk.\n")
    assert (a.title, a.date, a.body) == ("Poetin bezoekt Minsk", "2022-12-19", "Poetin is in Minsk.")


def test_dateline_opening_the_first_paragraph(tmp_path):
    a = one(tmp_path, "a.txt", "MINSK, 19 december 2022 - Poetin is in Minsk.\n")
    assert a.date == "2022-12-19"


@pytest.mark.parametrize(
    "first, iso",
    [
        ("AMSTERDAM, 19 december 2022 - Het kabinet is gevallen.", "2022-12-19"),
        ("Den Haag, 19-12-2022 – Het kabinet is gevallen.", "2022-12-19"),
        ("KIEV - 19 december 2022 - De Russische president is in Minsk.", "2022-12-19"),
        ("19 december 2022 - Het kabinet is gevallen.", "2022-12-19"),
        ("Op 4 mei 1945 - de dag voor de bevrijding - was het stil.", None),
        ("Het was 4 mei 1945 - de dag voor de bevrijding.", None),
        ("Vandaag 19 december 2022 - het kabinet valt.", None),
    ],
)
def test_only_a_dateline_shape_opening_the_text_is_a_date(tmp_path, first, iso):
    a = one(tmp_path, "a.txt", first + "\n\nTweede.\n")
    assert a.date == iso


def test_modified_line_is_no_title_and_no_date(tmp_path):
    a = one(tmp_path, "a.txt", "Bijgewerkt 20 december 2022\n\nHet kabinet is gevallen.\n\nDat meldt de NOS.\n")
    assert (a.title, a.date) == (None, None)
    assert a.body == "Het kabinet is gevallen.\n\nDat meldt de NOS."


@pytest.mark.parametrize("lines", [
    "Gepubliceerd: 19 december 2022\n\nBijgewerkt 20 december 2022",
    "Laatste update: 20-12-2022 14:05\n\nGepubliceerd op 19 december 2022",
])
def test_published_line_wins_over_a_modified_line(tmp_path, lines):
    a = one(tmp_path, "a.txt", f"Kabinet valt over stikstof\n\n{lines}\n\nHet kabinet is gevallen.\n")
    assert (a.title, a.date, a.body, a.headings) == ("Kabinet valt over stikstof", "2022-12-19", "Het kabinet is gevallen.", ())


def test_a_date_line_is_never_the_title(tmp_path):
    a = one(tmp_path, "a.txt", "19 december 2022\n\nHet kabinet is gevallen.\n")
    assert (a.title, a.date, a.body) == (None, "2022-12-19", "Het kabinet is gevallen.")


def test_date_mentioned_in_the_text_is_not_the_publication_date(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Dina is voor het laatst gezien te Burgh Haamstede op 3 november 2005.\n")
    os.utime(p, (1_600_000_000, 1_600_000_000))
    a = build_article(next(iter(read_file(str(p)))))
    assert a.date is None and a.date_precision is None


def test_windows_1252_text_survives_end_to_end(tmp_path):
    a = one(tmp_path, "a.txt", "Oekraïne vreest een opmars vlak vóór de winter.\n".encode("cp1252"))
    assert a.body == "Oekraïne vreest een opmars vlak vóór de winter."


def test_text_is_nfc_whitespace_normalised_and_keeps_typography(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Oekraïne")
    a = one(tmp_path, "a.txt", f"  {decomposed}\u00a0zegt:\t“nee”  –  ‘echt’.\r\n\r\n\r\nTweede\u200b alinea.  ")
    assert a.body == "Oekraïne zegt: “nee” – ‘echt’.\n\nTweede alinea."
    assert unicodedata.is_normalized("NFC", a.body)


def test_text_file_with_only_a_date_header_is_kept_for_its_date(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("date 2022-12\n")
    a = build_article(next(iter(read_file(str(p)))))
    assert (a.body, a.date, a.warnings) == ("", "2022-12", ("no text: kept for its date",))


# --------------------------------------------------------------------------
# HTML files: date sources in order


def test_html_visible_dateline_when_there_is_no_metadata(tmp_path):
    a = one(tmp_path, "a.html", "<html><body><article><h1>Kop</h1><p class='date'>ma 19 dec 2022 14:05</p>"
                                "<p>De tekst van het artikel.</p></article></body></html>")
    assert (a.title, a.date, a.body) == ("Kop", "2022-12-19", "De tekst van het artikel.")


def test_html_metadata_beats_file_name_beats_dateline(tmp_path):
    page = ("<html><head>{meta}</head><body><article><p class='date'>1 januari 2020</p>"
            "<p>De tekst.</p></article></body></html>")
    meta = '<meta property="article:published_time" content="2022-12-19T10:00:00+01:00">'
    assert one(tmp_path, "2021-05-04-a.html", page.format(meta=meta)).date == "2022-12-19"
    assert one(tmp_path, "2021-05-04-b.html", page.format(meta="")).date == "2021-05-04"
    assert one(tmp_path, "c.html", page.format(meta="")).date == "2020-01-01"


def test_html_with_only_a_modified_date_has_no_date(tmp_path):
    a = one(tmp_path, "a.html", '<html><head><meta property="article:modified_time" content="2023-01-05">'
                                "</head><body><p>De tekst.</p></body></html>")
    assert a.date is None


def test_the_lead_never_runs_across_a_paragraph_and_skips_a_kicker():
    from archive.document import first_sentence

    assert first_sentence("Kop\n\nTweede versie van het bericht. En meer.") == "Tweede versie van het bericht."
    assert first_sentence("Eerste alinea zonder punt\n\nTweede alinea.") == "Eerste alinea zonder punt"
    assert first_sentence("Kort") == "Kort"
    assert first_sentence("  \n\n ") is None
