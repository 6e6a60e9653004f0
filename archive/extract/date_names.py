"""The words of dates: Dutch and English month and weekday names, time zone
abbreviations, and python-dateutil taught Dutch (`DutchParserInfo`), as the
parsers in `archive.extract.dates` use them.
"""

from __future__ import annotations

import re

from dateutil.parser import parser as _DateutilParser
from dateutil.parser import parserinfo

# --------------------------------------------------------------------------
# Vocabulary. One table feeds both the regexes and dateutil, so they can
# never disagree about what "mrt" means.

_DUTCH_MONTHS: tuple[tuple[str, ...], ...] = (
    ("januari", "jan"),
    ("februari", "feb", "febr"),
    ("maart", "mrt", "mar"),
    ("april", "apr"),
    ("mei",),
    ("juni", "jun"),
    ("juli", "jul"),
    ("augustus", "aug"),
    ("september", "sep", "sept"),
    ("oktober", "okt"),
    ("november", "nov"),
    ("december", "dec"),
)

_ENGLISH_MONTHS: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

_DUTCH_WEEKDAYS: tuple[tuple[str, ...], ...] = (
    ("maandag", "ma"),
    ("dinsdag", "di", "din"),
    ("woensdag", "wo", "woe"),
    ("donderdag", "do", "don"),
    ("vrijdag", "vr", "vrij"),
    ("zaterdag", "za", "zat"),
    ("zondag", "zo", "zon"),
)

_ENGLISH_WEEKDAYS: tuple[tuple[str, ...], ...] = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)


# Zone abbreviations seen in feeds. CET/CEST matter most: Dutch feeds use them
# and dateutil does not know them (it would silently drop the zone). The US
# ones are those RFC 2822 defines.
_TZ_OFFSETS: dict[str, int] = {
    "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "WET": 0,
    "WEST": 3600, "BST": 3600, "CET": 3600, "MET": 3600,
    "CEST": 7200, "MEST": 7200, "EET": 7200, "EEST": 10800,
    "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
    "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
}



def _merge(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    return [tuple(dict.fromkeys(x + y)) for x, y in zip(a, b)]



_MONTHS = _merge(_DUTCH_MONTHS, _ENGLISH_MONTHS)

_WEEKDAYS = _merge(_DUTCH_WEEKDAYS, _ENGLISH_WEEKDAYS)

_MONTH_NUMBER = {name: i + 1 for i, names in enumerate(_MONTHS) for name in names}

_WEEKDAY_NAMES = {name for names in _WEEKDAYS for name in names}



class DutchParserInfo(parserinfo):
    """dateutil's vocabulary with Dutch added (English kept for RFC 2822 feeds).

    Day-first, as Dutch writes "19-12-2022". "uur" is a jump word rather than
    a unit so "14.05 uur" stays a clock time.
    """

    JUMP = parserinfo.JUMP + ["om", "uur", "u", "van", "op", "den"]
    WEEKDAYS = [tuple(names) for names in _WEEKDAYS]
    MONTHS = [tuple(names) for names in _MONTHS]
    TZOFFSET = dict(_TZ_OFFSETS)

    def __init__(self, dayfirst: bool = True, yearfirst: bool = False) -> None:
        super().__init__(dayfirst=dayfirst, yearfirst=yearfirst)



_DATEUTIL = _DateutilParser(DutchParserInfo())



# --------------------------------------------------------------------------
# Building blocks


def _alt(names: set[str] | dict[str, int]) -> str:
    # Longest first, so "september" wins over "sep" and "sept".
    return "|".join(sorted(map(re.escape, names), key=lambda s: (-len(s), s)))



_MONTH_RE = _alt(_MONTH_NUMBER)

_WEEKDAY_RE = _alt(_WEEKDAY_NAMES)

_TZNAME_RE = _alt(_TZ_OFFSETS)



# --------------------------------------------------------------------------
# find_dateline: a date somewhere in running text

# Full Dutch month names only for "maart 2020"; abbreviations alone are too
# risky there ("Jan 2022" might be a man and a number).
_FULL_DUTCH_MONTHS = {names[0]: i + 1 for i, names in enumerate(_DUTCH_MONTHS)}
