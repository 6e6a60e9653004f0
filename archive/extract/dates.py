"""Publication dates, kept exactly as precise as the source gave them.

Sources disagree about how much they know. A feed header says
"Mon, 22 Oct 2012 15:11:00 GMT", a scraped page only "december 2022", a file
is called "nieuws-2022-12.txt". Filling the gaps (the 1st of the month, or
worse: today's day, which is what `dateutil.parser.parse(default=...)` does)
would invent facts that a date filter then treats as true. So a date here is a
`PartialDate` that remembers its precision, and range queries use its
`first_day()`/`last_day()` instead of a made-up day.

Everything is a pure function without I/O, because ingest runs this on every
article (117k in the big collection) in worker processes. The common shapes
(ISO, RFC 2822, "19 december 2022") are matched by precompiled regexes; only
the rest goes to python-dateutil, taught Dutch through `DutchParserInfo`, and
even then we read the parts dateutil actually found (its `_parse` result)
rather than letting it complete a date.

A moment with a time zone is turned into the calendar day it was in
Amsterdam, because that is the day a Dutch reader saw it as published
("23:30Z" on the 19th is the 20th here). A time without a zone is taken to be
Amsterdam time already, so its date is left alone.

Anything doubtful is "not a date" (None) rather than a guess: two-digit years,
years outside 1800..2100, impossible days, words like "morgen"."""

from __future__ import annotations

import datetime
import os
import re
from zoneinfo import ZoneInfo

from archive.extract.date_names import (
    _DATEUTIL,
    _FULL_DUTCH_MONTHS,
    _MONTH_NUMBER,
    _MONTH_RE,
    _TZ_OFFSETS,
    _TZNAME_RE,
    _WEEKDAY_RE,
    DutchParserInfo,  # noqa: F401  (re-exported)
    _alt,
)
from archive.extract.partial_date import MAX_YEAR, MIN_YEAR, PartialDate, _valid  # noqa: F401  (re-exported)

__all__ = [
    "AMSTERDAM",
    "DutchParserInfo",
    "PartialDate",
    "date_from_filename",
    "find_dateline",
    "parse_date",
    "parse_date_strict",
    "parse_dateline_date",
    "parse_timestamp",
]


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# Standalone values are short; a long string is running text, not a value, and
# dateutil should not be asked to chew through it.
_MAX_VALUE_LEN = 80


# How far into a text `find_dateline` looks. A dateline sits in the first
# lines; "4 mei 1945" in paragraph nine is a subject, not a publication date.
DATELINE_HEAD = 500



def _offset_seconds(sign: str, hh: str, mm: str | None) -> int:
    return (-1 if sign == "-" else 1) * (int(hh) * 3600 + int(mm or 0) * 60)



_DAY = 24 * 3600

# Amsterdam has been between UTC+0:19:32 (its old mean time) and UTC+2 (summer
# time) in every year a date may have (1800-2100, as zoneinfo's tables say,
# and after 2037 their rule): a UTC moment more than two hours before
# midnight is on the same day there, without asking zoneinfo (the most of
# what a JSON date with a time costs).
_MAX_AMSTERDAM_OFFSET = 2 * 3600


def _day_in_amsterdam(
    y: int, m: int, d: int, hh: int, mi: int, ss: int, offset: int | None
) -> PartialDate | None:
    """Calendar day in Amsterdam of a clock reading; None if the clock is impossible."""
    if not (0 <= hh <= 23 and 0 <= mi <= 59 and 0 <= ss <= 60):
        return None
    base = _valid(y, m, d)
    if base is None or offset is None:
        return base
    if abs(offset) >= 24 * 3600:
        return None
    utc = hh * 3600 + mi * 60 + min(ss, 59) - offset  # seconds into day `d`, in UTC
    if 0 <= utc < _DAY - _MAX_AMSTERDAM_OFFSET:
        return base  # no offset Amsterdam has had puts this moment on another day
    moment = datetime.datetime(
        y, m, d, hh, mi, min(ss, 59), tzinfo=datetime.timezone(datetime.timedelta(seconds=offset))
    )
    try:
        local = moment.astimezone(AMSTERDAM)
    except (OverflowError, ValueError):
        return None
    return _valid(local.year, local.month, local.day)



# --------------------------------------------------------------------------
# parse_date: a whole string that should be a date

_RE_YEAR = re.compile(r"(\d{4})", re.ASCII)

_RE_YEAR_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})", re.ASCII)

_RE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)

_RE_ISO = re.compile(
    r"""(\d{4})-(\d{2})-(\d{2})
        (?:[T\ ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?
           \s*(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?
        )?""",
    re.ASCII | re.VERBOSE | re.IGNORECASE,
)

_RE_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})", re.ASCII)

# "19 december 2022", "ma 19 dec. 2022 14:05", "maandag 19 december 2022,
# 14.05 uur", "Mon, 22 Oct 2012 15:11:00 GMT", "Thu, 04 Feb 2016 16:49:25 +0100".
_RE_WORDY = re.compile(
    rf"""(?:(?:{_WEEKDAY_RE})\.?,?\s+)?
        (\d{{1,2}})\.?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})
        (?:,?\s+(?:om\s+)?(\d{{1,2}})[:.](\d{{2}})(?:[:.](\d{{2}}))?(?:\s*u(?:ur)?\b)?
           (?:\s*(?:({_TZNAME_RE})|([+-])(\d{{2}}):?(\d{{2}})))?
        )?""",
    re.VERBOSE | re.IGNORECASE,
)

_RE_MONTH_YEAR = re.compile(rf"({_MONTH_RE})\.?,?\s+(\d{{4}})", re.IGNORECASE)

# "14.05" -> "14:05" before dateutil sees it, which otherwise rejects the value.
_RE_DOTTED_TIME = re.compile(r"(?<![\d.])([01]?\d|2[0-3])[.u]([0-5]\d)(?![\d.])", re.ASCII)



def _fast_path(s: str) -> PartialDate | None | bool:
    """Regex shapes; False means "no shape matched, ask dateutil"."""
    if m := _RE_ISO.fullmatch(s):
        y, mo, d, hh, mi, ss, z, sign, oh, om = m.groups()
        if hh is None:
            return _valid(int(y), int(mo), int(d))
        offset = 0 if z else (_offset_seconds(sign, oh, om) if sign else None)
        return _day_in_amsterdam(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0), offset)
    if m := _RE_WORDY.fullmatch(s):
        d, mon, y, hh, mi, ss, tzname, sign, oh, om = m.groups()
        month = _MONTH_NUMBER[mon.lower()]
        if hh is None:
            return _valid(int(y), month, int(d))
        if tzname:
            offset: int | None = _TZ_OFFSETS[tzname.upper()]
        elif sign:
            offset = _offset_seconds(sign, oh, om)
        else:
            offset = None
        return _day_in_amsterdam(int(y), month, int(d), int(hh), int(mi), int(ss or 0), offset)
    if m := _RE_YEAR.fullmatch(s):
        return _valid(int(m.group(1)))
    if m := _RE_YEAR_MONTH.fullmatch(s):
        return _valid(int(m.group(1)), int(m.group(2)))
    if m := _RE_DMY.fullmatch(s):
        return _valid(int(m.group(4)), int(m.group(3)), int(m.group(1)))
    if m := _RE_MONTH_YEAR.fullmatch(s):
        return _valid(int(m.group(2)), _MONTH_NUMBER[m.group(1).lower()])
    if m := _RE_COMPACT.fullmatch(s):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return False



def _via_dateutil(s: str) -> PartialDate | None:
    """Less common shapes ("December 19, 2022", "2022-12-19 14:05 CET").

    We use dateutil's private `_parse` because it reports which parts were
    present; the public `parse` fills the rest from a default date.
    """
    s = _RE_DOTTED_TIME.sub(r"\1:\2", s)
    try:
        res, _ = _DATEUTIL._parse(s)
    except Exception:  # noqa: BLE001 - private API; any failure just means "not a date"
        return None
    if res is None or res.year is None or not res.century_specified:
        return None
    if res.day is not None and res.month is None:
        return None
    has_time = res.hour is not None or res.minute is not None or res.second is not None
    if res.day is None and (has_time or res.weekday is not None):
        # "2022 14:05" or "zondag 2022": not a date we can vouch for.
        return None
    if res.day is None:
        return _valid(res.year, res.month)
    if not has_time:
        return _valid(res.year, res.month, res.day)
    offset = res.tzoffset
    if offset is None and res.tzname:
        offset = _TZ_OFFSETS.get(res.tzname.upper())
    return _day_in_amsterdam(
        res.year, res.month, res.day, res.hour or 0, res.minute or 0, res.second or 0, offset
    )



def parse_date(text: str) -> PartialDate | None:
    """A standalone date value (metadata field, JSON field, header, CLI filter).

    Returns None when it is not a date. Accepts None (an absent field) too.
    """
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s or len(s) > _MAX_VALUE_LEN or not any(c.isdigit() for c in s):
        return None
    fast = _fast_path(s)
    if fast is not False:
        return fast  # type: ignore[return-value]
    return _via_dateutil(s)



# Unix time in seconds (9-10 digits: 1973..2286) or milliseconds (12-13
# digits). Never 8 digits or fewer: "20221219" is a compact date, not 1970.
_RE_EPOCH = re.compile(r"(\d{9,13})(?:\.\d+)?", re.ASCII)

_EPOCH_MS_FROM = 10**11  # 1e11 seconds is the year 5138: bigger values are milliseconds



def parse_timestamp(value) -> PartialDate | None:
    """A Unix timestamp (int, float or digit string) as its Amsterdam calendar day.

    Feeds and exports write a date field as epoch seconds or milliseconds
    (`1671490200`, `1671490200000`). Such a value is an instant in UTC, so the
    day is the one Amsterdam saw. Kept apart from `parse_date`, which reads
    what people type (a CLI filter "1671490200" is a typo, not a date); only
    machine-written fields (a JSON date value) should be read this way.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        if not 1e8 <= abs(number) < 1e14:
            return None
    elif isinstance(value, str) and (m := _RE_EPOCH.fullmatch(value.strip())):
        number = float(value.strip())
        if len(m.group(1)) == 11:
            return None  # neither seconds (year 5138+) nor milliseconds (1973-) are plausible
    else:
        return None
    seconds = number / 1000 if abs(number) >= _EPOCH_MS_FROM else number
    try:
        moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc).astimezone(AMSTERDAM)
    except (OverflowError, OSError, ValueError):
        return None
    return _valid(moment.year, moment.month, moment.day)



def parse_dateline_date(text: str) -> PartialDate | None:
    """A date written the way a dateline writes one, and nothing else.

    `parse_date` falls back on dateutil, which skips words it does not know
    ("Op 4 mei 1945" becomes a date); a dateline is judged on its shape, so
    only the regex forms count: "19 december 2022", "ma 19 dec 2022 14:05",
    "19-12-2022", ISO, and "december 2022". A bare year or digit run is a
    number in prose far more often than a dateline.
    """
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s or len(s) > _MAX_VALUE_LEN or _RE_YEAR.fullmatch(s) or _RE_COMPACT.fullmatch(s):
        return None
    if _RE_YEAR_MONTH.fullmatch(s):
        return None
    fast = _fast_path(s)
    return None if fast is False else fast  # type: ignore[return-value]



ACCEPTED_FORMS = (
    "YYYY, YYYY-MM, YYYY-MM-DD, DD-MM-YYYY, '19 december 2022', 'dec 2022' "
    f"(years {MIN_YEAR}-{MAX_YEAR})"
)



def parse_date_strict(text: str) -> PartialDate:
    """Same as `parse_date`, but raises ValueError with a one-line message (CLI --from/--to)."""
    d = parse_date(text)
    if d is None:
        shown = text if not isinstance(text, str) or len(text) <= 60 else text[:57] + "..."
        raise ValueError(f"not a date: {shown!r}; expected {ACCEPTED_FORMS}")
    return d

_RE_DATELINE = re.compile(
    rf"""(?<![\w.,/-])(?:
        (?P<d>\d{{1,2}})\.?\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})(?!\w|[-/.,]\d)
      | (?P<mon2>{_alt(_FULL_DUTCH_MONTHS)})\s+(?P<y2>\d{{4}})(?!\w|[-/.,]\d)
      | (?P<nd>\d{{1,2}})(?P<sep>[-/.])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}})(?!\w|[-/.,]\d)
      | (?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})(?![^\WT]|[-/.,]\d)
    )""",
    re.VERBOSE | re.IGNORECASE,
)



def find_dateline(text: str, *, head: int = DATELINE_HEAD) -> PartialDate | None:
    """A visible date inside running text: the first valid one in the first `head` characters.

    Conservative on purpose: a wrong publication date is worse than none.
    Only day-month-year (words or numbers, day first) and a full Dutch month
    name with a year count; bare numbers ("80.000", "15 duizend", "2022")
    never do. An impossible candidate is skipped, not repaired.
    """
    if not isinstance(text, str) or not text:
        return None
    for m in _RE_DATELINE.finditer(text[:head] if head else text):
        g = m.group
        if g("d"):
            found = _valid(int(g("y")), _MONTH_NUMBER[g("mon").lower()], int(g("d")))
        elif g("mon2"):
            found = _valid(int(g("y2")), _FULL_DUTCH_MONTHS[g("mon2").lower()])
        elif g("nd"):
            found = _valid(int(g("ny")), int(g("nm")), int(g("nd")))
        else:
            found = _valid(int(g("iy")), int(g("im")), int(g("id")))
        if found is not None:
            return found
    return None



# --------------------------------------------------------------------------
# date_from_filename

# Separated forms need no letters around them to be safe; a bare 8-digit run
# does (it must be a token of its own), because hex hashes are full of digits.
_RE_FN_YMD = re.compile(r"(?<!\d)(\d{4})([-_.])(\d{2})\2(\d{2})(?!\d)", re.ASCII)

_RE_FN_COMPACT = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{2})(\d{2})(?![0-9A-Za-z])", re.ASCII)

_RE_FN_DMY = re.compile(r"(?<!\d)(\d{2})([-_.])(\d{2})\2(\d{4})(?!\d)", re.ASCII)

_RE_FN_YM = re.compile(r"(?<![\d.])(\d{4})[-_](\d{2})(?!\d|[-_.]\d)", re.ASCII)



def date_from_filename(name: str) -> PartialDate | None:
    """A date in a file name ("2022-12-19-poetin.html", "20221219_x.txt", "nieuws-2022-12.txt").

    Only the last path component is looked at: directories name collections,
    not articles. Day forms win over month forms; among day forms the leftmost
    valid one wins. Digit runs that are not valid dates are ignored.
    """
    try:
        name = os.fspath(name)
    except TypeError:
        return None
    if not isinstance(name, str):
        return None
    base = re.split(r"[\\/]", name)[-1]
    best: tuple[int, PartialDate] | None = None
    for rx, order in ((_RE_FN_YMD, (1, 3, 4)), (_RE_FN_COMPACT, (1, 2, 3)), (_RE_FN_DMY, (4, 3, 1))):
        for m in rx.finditer(base):
            found = _valid(*(int(m.group(i)) for i in order))
            if found is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), found)
                break
    if best is not None:
        return best[1]
    for m in _RE_FN_YM.finditer(base):
        found = _valid(int(m.group(1)), int(m.group(2)))
        if found is not None:
            return found
    return None
