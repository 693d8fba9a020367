"""Norwegian holidays and høytid for a rota period.

Public holidays come from the ``holidays`` package; 24 and 31 December are added because a
rota treats them as holidays although they are not official ones (DOMAIN.md rule 7).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

OSLO = ZoneInfo("Europe/Oslo")


def wall_clock(moment: datetime) -> datetime:
    """``moment`` as Oslo wall-clock time without a zone (as the project files keep it): a
    moment with a zone is turned to Oslo's time first."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(OSLO).replace(tzinfo=None)


@lru_cache(maxsize=64)
def _year_holidays(year: int) -> dict[date, str]:
    days: dict[date, str] = {}
    for language in ("no", None):
        try:
            table = holidays.Norway(years=year, language=language)
            break
        except (ValueError, KeyError, NotImplementedError):  # pragma: no cover - old package
            continue
    days.update({d: str(name) for d, name in table.items()})
    days[date(year, 12, 24)] = "Julaften"
    days[date(year, 12, 31)] = "Nyttårsaften"
    return days


def holiday_names(start: date, end: date) -> dict[date, str]:
    """Holidays (public + 24/31 Dec) between ``start`` and ``end`` inclusive, with names."""
    out: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        out.update({d: n for d, n in _year_holidays(year).items() if start <= d <= end})
    return dict(sorted(out.items()))


def is_holiday(day: date) -> bool:
    return day in _year_holidays(day.year)


def is_high_day(day: date) -> bool:
    """Høytid: Christmas (24–26 Dec), New Year (31 Dec, 1 Jan), Easter (Skjærtorsdag to
    2. påskedag, påskeaften too although it is no public holiday), Whitsun (1. and 2.
    pinsedag) and 17 May — the days everybody wants off. 1 May and Kristi himmelfartsdag are
    holidays but not høytid."""
    from dateutil.easter import easter

    if day == easter(day.year) - timedelta(days=1):  # påskeaften
        return True
    if not is_holiday(day):
        return False
    if (day.month, day.day) == (5, 1):
        return False
    return day != easter(day.year) + timedelta(days=39)  # Kristi himmelfartsdag


def day_name(day: date) -> str:
    """The name of a holiday or høytid day («1. påskedag», «Påskeaften»), or ""."""
    from dateutil.easter import easter

    if day == easter(day.year) - timedelta(days=1):
        return "Påskeaften"
    return _year_holidays(day.year).get(day, "")


def high_day_group(day: date) -> str | None:
    """Which høytid a day belongs to ("jul", "nyttår", "påske", "pinse", "17. mai")."""
    if not is_high_day(day):
        return None
    if day.month == 12 and day.day in (24, 25, 26):
        return "jul"
    if (day.month, day.day) in ((12, 31), (1, 1)):
        return "nyttår"
    if (day.month, day.day) == (5, 17):
        return "17. mai"
    from dateutil.easter import easter

    e = easter(day.year)
    if e - timedelta(days=3) <= day <= e + timedelta(days=1):
        return "påske"
    return "pinse"


def next_half_year(today: date) -> tuple[date, date]:
    """A new project's period: the next half-year (from 1 January or 1 July after ``today``),
    starting on its first Monday, 26 weeks — as most rotas are made, ahead of time."""
    first = date(today.year, 7, 1) if today < date(today.year, 7, 1) else date(today.year + 1, 1, 1)
    start = first + timedelta(days=(7 - first.weekday()) % 7)
    return start, start + timedelta(weeks=26, days=-1)
