"""Valid-time arithmetic on :class:`~tahaluf.types.DateValue` ranges.

A date is honest about its precision: ``earliest``/``latest`` bound the day it stands
for (ISO strings, ``None`` = unbounded). Two dates are *compatible* when their ranges
overlap; several reports of one event narrow it to the intersection.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from tahaluf.errors import DateError
from tahaluf.types import UNKNOWN_DATE, DateValue

MIN_DAY = "0000-01-01"
MAX_DAY = "9999-12-31"
_USER_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def compatible(a: DateValue, b: DateValue) -> bool:
    """Do the two ranges overlap? Unknown bounds overlap everything."""
    lo = max(a.earliest or MIN_DAY, b.earliest or MIN_DAY)
    hi = min(a.latest or MAX_DAY, b.latest or MAX_DAY)
    return lo <= hi


def width(d: DateValue) -> int:
    """Days covered (a large number when a bound is unknown)."""
    if not d.earliest or not d.latest:
        return 1_000_000
    return (date.fromisoformat(d.latest) - date.fromisoformat(d.earliest)).days


def narrowest(dates: list[DateValue]) -> DateValue:
    """The intersection of compatible dates, labelled with the most precise report.

    When the ranges do not all overlap (a provenance was removed, or the fact was corrected)
    the most precise report wins on its own.
    """
    known = [d for d in dates if d.earliest or d.latest or d.value]
    if not known:
        return dates[0] if dates else UNKNOWN_DATE
    best = min(known, key=lambda d: (width(d), d.earliest or "", d.value or ""))
    lo = max((d.earliest for d in known if d.earliest), default=None)
    hi = min((d.latest for d in known if d.latest), default=None)
    if lo and hi and lo > hi:
        return best
    if lo and hi and lo == hi:
        return DateValue(lo, "day", lo, hi, best.basis)
    return DateValue(best.value, best.precision, lo, hi, best.basis)


def sort_key(d: DateValue) -> str:
    """Where a date sorts: its earliest day, else its value, else its latest day."""
    return d.earliest or d.value or d.latest or MIN_DAY


def point(d: DateValue) -> date | None:
    """A best single day: the value when it is a day, else the middle of the range."""
    if d.value and len(d.value) == 10:
        return date.fromisoformat(d.value)
    if d.earliest and d.latest:
        a, b = date.fromisoformat(d.earliest), date.fromisoformat(d.latest)
        return a + (b - a) / 2
    one = d.earliest or d.latest
    return date.fromisoformat(one) if one else None


def parse_user_date(text: str, option: str = "--date") -> DateValue:
    """``2016``, ``2016-03`` or ``2016-03-01`` → a DateValue with that precision."""
    m = _USER_DATE.match(text.strip())
    if not m:
        raise DateError(f"{option} {text!r} is not a date",
                        hint="write YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d is not None and mo is not None:
            day = date(y, int(mo), int(d)).isoformat()
            return DateValue(day, "day", day, day, "explicit")
        if mo is not None:
            last = calendar.monthrange(y, int(mo))[1]
            return DateValue(f"{y:04d}-{int(mo):02d}", "month", date(y, int(mo), 1).isoformat(),
                             date(y, int(mo), last).isoformat(), "explicit")
    except ValueError as exc:
        raise DateError(f"{option} {text!r} is not a date", hint=str(exc)) from exc
    return DateValue(f"{y:04d}", "year", f"{y:04d}-01-01", f"{y:04d}-12-31", "explicit")


def parse_day(text: str, option: str = "--on") -> str:
    """A full ISO day, for query dates."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError as exc:
        raise DateError(f"{option} {text!r} is not a date", hint="write it as YYYY-MM-DD") from exc


def display(d: DateValue) -> str:
    """``2016-03-01``, ``2016-03``, ``≤2016-01-03``, ``2015-03-01…2015-06-30`` or ``?``."""
    if d.value:
        return d.value
    if d.earliest and d.latest:
        return d.earliest if d.earliest == d.latest else f"{d.earliest}…{d.latest}"
    if d.latest:
        return f"≤{d.latest}"
    if d.earliest:
        return f"≥{d.earliest}"
    return "?"
