"""`PartialDate`: a date exactly as precise as its source (a year, a month or a
day), never padded into a day it does not know. Range queries use its
`first_day()`/`last_day()`; the index stores its ISO form and precision.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass, field

# Years we believe. Outside this a four-digit number is far more likely an
# amount, a house number or an ID than a publication date.
MIN_YEAR = 1800

MAX_YEAR = 2100


_PRECISIONS = ("year", "month", "day")



@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to year, month or day precision.

    Ordering and equality go through a hidden key in which a missing part
    counts as 0, so dates of mixed precision sort (a less precise date just
    before the more precise ones it contains) instead of raising on None.
    """

    year: int = field(compare=False)
    month: int | None = field(default=None, compare=False)
    day: int | None = field(default=None, compare=False)
    _key: tuple[int, int, int] = field(init=False, repr=False, compare=True)

    def __post_init__(self) -> None:
        # Validate here so that no code path can carry an impossible date
        # (2022-02-31, a day without a month) into the index.
        for name in ("year", "month", "day"):
            v = getattr(self, name)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool)):
                raise TypeError(f"PartialDate.{name} must be int, got {v!r}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
        elif not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        elif self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"day out of range: {self.year}-{self.month:02d}-{self.day}")
        object.__setattr__(self, "_key", (self.year, self.month or 0, self.day or 0))

    @property
    def precision(self) -> str:
        """"year", "month" or "day": how much the source actually said."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """ISO 8601 at the date's own precision; a month is never padded to a day."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    __str__ = iso

    def first_day(self) -> datetime.date:
        """Earliest day the date could mean (lower bound for range filters)."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        """Latest day the date could mean (upper bound for range filters)."""
        if self.day is not None:
            return datetime.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @classmethod
    def from_iso(cls, s: str) -> PartialDate:
        """Inverse of `iso()`: only "YYYY", "YYYY-MM", "YYYY-MM-DD" (strict, for stored values)."""
        m = _ISO_PARTIAL.fullmatch(s) if isinstance(s, str) else None
        if m is None:
            raise ValueError(f"not an ISO partial date (YYYY, YYYY-MM or YYYY-MM-DD): {s!r}")
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)

    @classmethod
    def from_date(cls, d: datetime.date) -> PartialDate:
        """A full date (a datetime counts as its own, unconverted, date)."""
        return cls(d.year, d.month, d.day)



_ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)



def _valid(y: int, m: int | None = None, d: int | None = None) -> PartialDate | None:
    """The PartialDate if it exists and the year is believable, else None."""
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    return _checked(y, m, d)


@functools.lru_cache(maxsize=4096, typed=True)
def _checked(y: int, m: int | None, d: int | None) -> PartialDate | None:
    """Made once per day: a feed repeats its days, and a `PartialDate` is
    immutable, while checking one is the most of what reading a date costs.
    (`typed`: `True` is no month 1, `PartialDate` refuses it.)"""
    try:
        return PartialDate(y, m, d)
    except ValueError:
        return None
