"""Tests for archive.extract.dates: precision is kept, zones become Amsterdam days, doubt is None."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.dates import (
    AMSTERDAM,
    DutchParserInfo,
    PartialDate,
    date_from_filename,
    find_dateline,
    parse_date,
    parse_date_strict,
    parse_dateline_date,
    parse_timestamp,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


# --- PartialDate ----------------------------------------------------------


@pytest.mark.parametrize(
    "pd, iso, precision, first, last",
    [
        (PartialDate(2022), "2022", "year", datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)),
        (PartialDate(2022, 12), "2022-12", "month", datetime.date(2022, 12, 1), datetime.date(2022, 12, 31)),
        (PartialDate(2024, 2), "2024-02", "month", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        (PartialDate(2023, 2), "2023-02", "month", datetime.date(2023, 2, 1), datetime.date(2023, 2, 28)),
        (PartialDate(2022, 12, 19), "2022-12-19", "day", datetime.date(2022, 12, 19), datetime.date(2022, 12, 19)),
    ],
)
def test_partial_date_basics(pd, iso, precision, first, last):
    assert pd.iso() == iso
    assert str(pd) == iso
    assert pd.precision == precision
    assert pd.first_day() == first
    assert pd.last_day() == last
    assert PartialDate.from_iso(iso) == pd


def test_month_is_never_padded_to_a_day():
    assert PartialDate(2022, 12).iso() == "2022-12"
    assert PartialDate.from_iso("2022-12").day is None


@pytest.mark.parametrize(
    "junk", ["", "2022-1", "22", "2022-12-1", "2022-13", "2022-02-30", "2022/12", " 2022", "2022-12-19T00:00", "abcd"]
)
def test_from_iso_rejects_junk(junk):
    with pytest.raises(ValueError):
        PartialDate.from_iso(junk)


def test_constructor_validates():
    with pytest.raises(ValueError):
        PartialDate(2022, None, 5)
    with pytest.raises(ValueError):
        PartialDate(2022, 2, 29)
    with pytest.raises(ValueError):
        PartialDate(2022, 0)
    with pytest.raises(TypeError):
        PartialDate("2022")  # type: ignore[arg-type]


def test_from_date_and_equality():
    assert PartialDate.from_date(datetime.date(2022, 12, 19)) == PartialDate(2022, 12, 19)
    assert PartialDate(2022) != PartialDate(2022, 1)
    assert len({PartialDate(2022, 12), PartialDate(2022, 12), PartialDate(2022)}) == 2


def test_frozen():
    with pytest.raises(Exception):
        PartialDate(2022).year = 2023  # type: ignore[misc]


def test_ordering_with_mixed_precision():
    dates = [PartialDate(2022, 12, 19), PartialDate(2021), PartialDate(2022, 12), PartialDate(2022), PartialDate(2022, 1, 5)]
    assert sorted(dates) == [
        PartialDate(2021),
        PartialDate(2022),
        PartialDate(2022, 1, 5),
        PartialDate(2022, 12),
        PartialDate(2022, 12, 19),
    ]


# --- parse_date: precision -------------------------------------------------


@pytest.mark.parametrize(
    "text, iso, precision",
    [
        ("2022", "2022", "year"),
        ("2022-12", "2022-12", "month"),
        ("dec 2022", "2022-12", "month"),
        ("december 2022", "2022-12", "month"),
        ("December 2022", "2022-12", "month"),
        ("mrt 2021", "2021-03", "month"),
        ("okt. 2020", "2020-10", "month"),
        ("19 december 2022", "2022-12-19", "day"),
        ("19 dec. 2022", "2022-12-19", "day"),
        ("ma 19 dec 2022 14:05", "2022-12-19", "day"),
        ("maandag 19 december 2022, 14.05 uur", "2022-12-19", "day"),
        ("di 20 dec 2022 om 9.30 uur", "2022-12-20", "day"),
        ("zondag 1 mei 2022", "2022-05-01", "day"),
        ("3 sept 2021", "2021-09-03", "day"),
        ("2022-12-19", "2022-12-19", "day"),
        ("19-12-2022", "2022-12-19", "day"),
        ("05-04-2022", "2022-04-05", "day"),  # day first, as Dutch writes it
        ("5/4/2022", "2022-04-05", "day"),
        ("19.12.2022", "2022-12-19", "day"),
        ("dinsdag 20-12-2022", "2022-12-20", "day"),
        ("2022-12-19T14:05:00", "2022-12-19", "day"),
        ("2022-12-19 14:05", "2022-12-19", "day"),
        ("20221219", "2022-12-19", "day"),
        ("December 19, 2022", "2022-12-19", "day"),
        ("  2022-12-19\n", "2022-12-19", "day"),
    ],
)
def test_parse_date_keeps_precision(text, iso, precision):
    d = parse_date(text)
    assert d is not None, text
    assert d.iso() == iso
    assert d.precision == precision


def test_month_precision_does_not_borrow_todays_day():
    # dateutil's public parse() would fill the day in from today.
    for text in ("december 2022", "dec 2022", "2022-12"):
        assert parse_date(text) == PartialDate(2022, 12)
    assert parse_date("2022") == PartialDate(2022)


# --- parse_date: zones ------------------------------------------------------


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2022-12-19T23:30:00Z", "2022-12-20"),
        ("2022-12-19T22:30:00Z", "2022-12-19"),  # 23:30 in winter: same day
        ("2019-03-31T22:30:00+00:00", "2019-04-01"),  # DST: +2 after 31 March 2019
        ("2019-03-30T22:30:00+00:00", "2019-03-30"),  # still +1 the day before
        ("2022-12-19T23:30:00.123456+00:00", "2022-12-20"),
        ("2022-12-19 23:30:00+0000", "2022-12-20"),
        ("2022-12-20T00:30:00+05:00", "2022-12-19"),
        ("Mon, 22 Oct 2012 23:11:00 GMT", "2012-10-23"),
        ("Mon, 22 Oct 2012 15:11:00 GMT", "2012-10-22"),
        ("Thu, 04 Feb 2016 23:49:25 +0100", "2016-02-04"),
        ("Thu, 04 Feb 2016 23:49:25 -0100", "2016-02-05"),
        ("Mon, 08 Apr 2019 01:02:32 CEST", "2019-04-08"),  # dateutil does not know CEST
        ("Sun, 07 Apr 2019 23:30:00 CET", "2019-04-08"),
        ("2022-12-19 23:30 UTC", "2022-12-20"),
        ("19 december 2022 23:30 GMT", "2022-12-20"),
    ],
)
def test_zoned_times_become_the_amsterdam_day(text, iso):
    d = parse_date(text)
    assert d is not None and d.iso() == iso


@pytest.mark.parametrize("text", ["2022-12-19T23:30:00", "2022-12-19 23:59", "ma 19 dec 2022 23:59"])
def test_naive_times_are_amsterdam_already(text):
    assert parse_date(text) == PartialDate(2022, 12, 19)


def test_amsterdam_zone():
    assert AMSTERDAM.key == "Europe/Amsterdam"


# --- parse_date: not a date ---------------------------------------------------

NOT_DATES = [
    "",
    "   ",
    "geen datum",
    "80.000",
    "15 duizend",
    "31 februari 2022",
    "29-02-2023",
    "2022-13",
    "2022-12-32",
    "morgen",
    "vandaag",
    "maandag",
    "december",
    "19 december",
    "19 dec '22",
    "19-12-22",
    "22",
    "1799",
    "2101",
    "0800",
    "1 januari 1700",
    "2022 14:05",
    "zondag 2022",
    "2022-12-19T25:00:00",
    "12345678",
    "Minstens 80.000 soldaten zouden zich moeten opofferen op 19 december 2022",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text):
    assert parse_date(text) is None
    with pytest.raises(ValueError):
        parse_date_strict(text)


def test_absent_value_is_none():
    assert parse_date(None) is None  # type: ignore[arg-type]


def test_strict_message_is_one_line_and_names_the_text():
    with pytest.raises(ValueError) as exc:
        parse_date_strict("morgen")
    msg = str(exc.value)
    assert "\n" not in msg
    assert "'morgen'" in msg
    assert "YYYY-MM-DD" in msg and "december 2022" in msg


def test_strict_returns_the_date():
    assert parse_date_strict("2022-12") == PartialDate(2022, 12)


def test_year_bounds_are_inclusive():
    assert parse_date("1800") == PartialDate(1800)
    assert parse_date("2100-12-31") == PartialDate(2100, 12, 31)


def test_never_today():
    today = datetime.date.today()
    for text in NOT_DATES + ["december 2022", "2022", "dec 2022"]:
        d = parse_date(text)
        assert d is None or d.day is None or d.first_day() != today


def test_dutch_parserinfo():
    info = DutchParserInfo()
    assert info.dayfirst
    assert info.month("maart") == 3 and info.month("mrt") == 3 and info.month("okt") == 10
    assert info.month("March") == 3 and info.month("Oct") == 10
    assert info.weekday("woensdag") == 2 and info.weekday("wo") == 2 and info.weekday("Wed") == 2
    assert info.jump("om") and info.jump("uur") and info.jump("u") and info.jump("van")
    assert info.tzoffset("CEST") == 7200


# --- find_dateline ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, iso",
    [
        ("KIEV - 19 december 2022 - De Russische president ...", "2022-12-19"),
        ("Door onze correspondent\nma 19 dec 2022 14:05\nDe president ...", "2022-12-19"),
        ("maandag 19 december 2022, 14.05 uur\n\nHet kabinet ...", "2022-12-19"),
        ("Gepubliceerd: 19-12-2022 om 08:00", "2022-12-19"),
        ("Bijgewerkt 2022-12-19T08:00 | Het nieuws", "2022-12-19"),
        ("Den Haag, december 2022. Het kabinet ...", "2022-12"),
        ("(ANP) 3 Sept. 2021 - Een storing ...", "2021-09-03"),
    ],
)
def test_find_dateline(text, iso):
    d = find_dateline(text)
    assert d is not None and d.iso() == iso


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Minstens 80.000 soldaten zouden zich moeten opofferen.",
        "Er kwamen 15 duizend mensen op af.",
        "In 2022 groeide de economie met 4,5 procent.",
        "Het gaat om 1.250.000 euro en 19.12 procent.",
        "Vorige maand, in december, was het koud.",
        "Jan 2022 zei de minister niets.",  # a man and a year, not a month
        "Dat was op 31 februari 2022 volgens de brief.",
        "Het telefoonnummer is 06-12-345678.",
        "Zaak 12-05-20221 ligt bij de rechter.",
        "De vergadering is op 19 december.",
        "De wedstrijd eindigde in 2-1, 2022 was een goed jaar.",
    ],
)
def test_find_dateline_is_conservative(text):
    assert find_dateline(text) is None


def test_find_dateline_takes_the_first_valid_date():
    assert find_dateline("19 december 2022 en later 3 januari 2023") == PartialDate(2022, 12, 19)
    # An impossible day is skipped, not turned into a month.
    assert find_dateline("31 februari 2022, of 1 maart 2022") == PartialDate(2022, 3, 1)


def test_find_dateline_only_looks_at_the_head():
    body = "Het kabinet besluit vandaag. " * 40 + "Op 4 mei 1945 was het voorbij."
    assert find_dateline(body) is None
    assert find_dateline(body, head=0) == PartialDate(1945, 5, 4)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no seeds directory")
def test_find_dateline_on_the_seed_articles():
    files = sorted(SEEDS.glob("*.txt"))
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert find_dateline(text) is None, f.name
        assert find_dateline(text, head=0) is None, f.name


# --- date_from_filename ------------------------------------------------------------


@pytest.mark.parametrize(
    "name, iso",
    [
        ("2022-12-19-poetin.html", "2022-12-19"),
        ("20221219_x.txt", "2022-12-19"),
        ("2022_12_19", "2022-12-19"),
        ("2022.12.19.txt", "2022-12-19"),
        ("nieuws-2022-12.txt", "2022-12"),
        ("nieuws_2022_12.txt", "2022-12"),
        ("19-12-2022-poetin.txt", "2022-12-19"),
        ("data/archief/2022-12-19-poetin.html", "2022-12-19"),
        ("C:\\archief\\20221219_x.txt", "2022-12-19"),
        ("9999-99-99_2022-12-19.txt", "2022-12-19"),  # invalid run skipped
        ("2022-12_2023-01-05.txt", "2023-01-05"),  # a day beats a month
    ],
)
def test_date_from_filename(name, iso):
    d = date_from_filename(name)
    assert d is not None and d.iso() == iso


def test_date_from_filename_accepts_paths():
    assert date_from_filename(Path("x") / "2022-12-19-a.txt") == PartialDate(2022, 12, 19)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    [
        "000_d77eaabc6ee2bbe2.txt",
        "003_97c7250373d392c4.txt",
        "a20221219b.txt",  # inside a hash
        "12345678.txt",
        "123456789012.txt",
        "99999999.txt",
        "2022-13-01.txt",
        "2022-12-1.txt",
        "artikel-2022.txt",  # a year alone is too weak
        "v1.2022-12.txt",
        "2022/12/19/x.txt",  # directories are not looked at
        "18001301.txt",
        "",
    ],
)
def test_date_from_filename_does_not_fire(name):
    assert date_from_filename(name) is None


# --- parse_timestamp / parse_dateline_date ---------------------------------------------


@pytest.mark.parametrize(
    "value, iso",
    [
        (1671490200, "2022-12-19"),  # 22:50 UTC, 23:50 in Amsterdam
        ("1671490200", "2022-12-19"),
        (1671492600, "2022-12-20"),  # 23:30 UTC on the 19th is the 20th in Amsterdam
        ("1671492600000", "2022-12-20"),  # milliseconds
        (1671492600000, "2022-12-20"),
        (1671490200.5, "2022-12-19"),
        ("978307200", "2001-01-01"),
    ],
)
def test_epoch_timestamps_are_the_amsterdam_day(value, iso):
    d = parse_timestamp(value)
    assert d is not None and (d.iso(), d.precision) == (iso, "day")


@pytest.mark.parametrize("value", ["20221219", "12345678", "16714902001", True, None, "", "1671490200x", -5, 10**15])
def test_not_a_timestamp(value):
    assert parse_timestamp(value) is None


def test_parse_date_itself_reads_no_epochs():
    # Only machine-written fields are read as epochs, never typed text (--from 1671490200).
    assert parse_date("1671490200") is None


@pytest.mark.parametrize(
    "text, iso",
    [("19 december 2022", "2022-12-19"), ("ma 19 dec 2022 14:05", "2022-12-19"), ("19-12-2022", "2022-12-19"),
     ("2022-12-19", "2022-12-19"), ("december 2022", "2022-12")],
)
def test_dateline_date_shapes(text, iso):
    d = parse_dateline_date(text)
    assert d is not None and d.iso() == iso


@pytest.mark.parametrize("text", ["Op 4 mei 1945", "Vandaag 19 december 2022", "2022", "20221219", "2022-12", ""])
def test_dateline_date_wants_the_shape_alone(text):
    # parse_date would read "Op 4 mei 1945" (dateutil skips "op"); a dateline may not.
    assert parse_dateline_date(text) is None


# --- robustness and speed -------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_never_raises_on_random_text(s):
    for fn in (parse_date, find_dateline, date_from_filename):
        out = fn(s)
        assert out is None or isinstance(out, PartialDate)


_DATEISH = st.lists(
    st.sampled_from(
        ["19", "2022", "12", "-", "/", ".", ":", " ", ",", "dec", "december", "ma", "om", "uur", "u",
         "T", "Z", "+01:00", "GMT", "CEST", "14:05", "14.05", "0", "99", "31", "februari", "'"]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_DATEISH)
def test_never_raises_on_date_like_text(s):
    for fn in (parse_date, find_dateline, date_from_filename):
        out = fn(s)
        assert out is None or isinstance(out, PartialDate)
    if (d := parse_date(s)) is not None:
        assert 1800 <= d.year <= 2101  # a zone can push 31 Dec 2100 one day on at most


_partial_dates = st.dates(datetime.date(1800, 1, 1), datetime.date(2100, 12, 31)).flatmap(
    lambda d: st.sampled_from(
        [PartialDate(d.year), PartialDate(d.year, d.month), PartialDate(d.year, d.month, d.day)]
    )
)


@given(_partial_dates)
def test_iso_round_trips(pd):
    assert PartialDate.from_iso(pd.iso()) == pd
    assert parse_date(pd.iso()) == pd
    assert pd.first_day() <= pd.last_day()
    assert PartialDate.from_date(pd.first_day()).first_day() == pd.first_day()


@given(st.datetimes(datetime.datetime(1900, 1, 1), datetime.datetime(2099, 12, 31), timezones=st.just(datetime.timezone.utc)))
def test_utc_iso_agrees_with_zoneinfo(dt):
    expected = dt.astimezone(AMSTERDAM).date()
    assert parse_date(dt.strftime("%Y-%m-%dT%H:%M:%SZ")) == PartialDate.from_date(expected)
    assert parse_date(dt.strftime("%a, %d %b %Y %H:%M:%S GMT")) == PartialDate.from_date(expected)


def test_fast_enough():
    values = ["Mon, 22 Oct 2012 15:11:00 GMT", "Thu, 04 Feb 2016 16:49:25 +0100", "2012-10-22T15:11:00+00:00"] * 2000
    start = time.perf_counter()
    for v in values:
        parse_date(v)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{len(values)} values took {elapsed:.2f}s"
