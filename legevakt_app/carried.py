"""The two moments the vaktregnskap carries from the period before, as a leader reads and
types them: the days the doctor's vakter began on in its last 31 days («tor 31.12, søn 03.01»:
the spacing limits run on from them) and when her last vakt ended («04.01.2027 08:00»: the
minimum rest runs on). ``next-period`` fills them in; a leader who starts using the app in
the middle of a year, or corrects them, types them in the Leger table.

Reading only turns text into dates (a day without a year is the one of that date in the 31
days before the period); whether the values may stand is the domain's to say
(:class:`legevakt_app.domain.LedgerBalance` and :class:`legevakt_app.domain.Project`: every
day before the period's start and once, an end no later than a vakt begun before the period
can last). No Qt: the app and scripts read them alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from legevakt_app.calendar import wall_clock
from legevakt_app.domain import CARRIED_DAYS, WEEKDAY_NAMES
from legevakt_app.wording import date_parts

NONE_WORDS = ("", "–", "-", "ingen")
SHORT_WEEKDAYS = [name[:3] for name in WEEKDAY_NAMES]  # man, tir, ons, tor, fre, lør, søn
EXAMPLE_DAYS = "skriv f.eks. 31.12, 03.01 eller 31.12.2026"
EXAMPLE_END = "skriv f.eks. 04.01.2027 08:00"


def carried_window(period_start: date) -> tuple[date, date]:
    """The first and last of the days whose vakter are carried: the CARRIED_DAYS days
    before ``period_start``."""
    return period_start - timedelta(days=CARRIED_DAYS), period_start - timedelta(days=1)


def day_text(day: date) -> str:
    """``tor 31.12``"""
    return f"{SHORT_WEEKDAYS[day.weekday()]} {day:%d.%m}"


def days_text(days: Iterable[date]) -> str:
    """``tor 31.12, søn 03.01``; ``–`` for none."""
    return ", ".join(day_text(d) for d in sorted(days)) or "–"


def end_text(moment: datetime | None) -> str:
    """``04.01.2027 08:00`` (Oslo time); ``–`` for none."""
    return "–" if moment is None else f"{wall_clock(moment):%d.%m.%Y %H:%M}"


def _weekday(word: str) -> int | None:
    word = word.lower().rstrip(".")
    for i, name in enumerate(WEEKDAY_NAMES):
        if word in (name, SHORT_WEEKDAYS[i]):
            return i
    return None


def _real(token: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"«{token}» er ikke en dato som finnes") from None


def _day_in_window(token: str, day: int, month: int, period_start: date) -> date:
    """The day ``day.month`` among the CARRIED_DAYS days before ``period_start``."""
    _real(token, 2000, month, day)  # a leap year: 29.02 is a date
    first, last = carried_window(period_start)
    for year in (last.year, first.year):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29.02 of another year
            continue
        if first <= candidate <= last:
            return candidate
    raise ValueError(f"{token} er ikke blant de {CARRIED_DAYS} dagene før periodens start "
                     f"({first:%d.%m.%Y}–{last:%d.%m.%Y})")


def read_days(text: str, period_start: date) -> list[date]:
    """The duty days typed as ``text`` (``31.12, 03.01``, ``tor 31.12, søn 3.1``,
    ``31.12.2026``; ``–`` or nothing: none), in date order. A day without a year is the one
    of that date in the CARRIED_DAYS days before ``period_start``; one with a year more than
    CARRIED_DAYS days before is refused (the spacing limits reach no further back). A weekday
    given must be the date's. ValueError with a Norwegian message for what cannot be read;
    a day on or after the start, or one typed twice, is left for the domain to refuse."""
    if text.strip().lower() in NONE_WORDS:
        return []
    first, last = carried_window(period_start)
    days: list[date] = []
    weekday: tuple[str, int] | None = None  # a weekday typed before its date
    for token in re.findall(r"[^\s,;]+", text):
        if (wd := _weekday(token)) is not None:
            if weekday is not None:
                raise ValueError(f"«{weekday[0]}» står uten dato ({EXAMPLE_DAYS})")
            weekday = (token, wd)
            continue
        parts = date_parts(token)
        if parts is None:
            raise ValueError(f"«{token}» er ikke en dato ({EXAMPLE_DAYS})")
        d, m, y = parts
        if y is None:
            day = _day_in_window(token, d, m, period_start)
        else:
            day = _real(token, y, m, d)
            if day < first:
                raise ValueError(
                    f"{day:%d.%m.%Y} er mer enn {CARRIED_DAYS} dager før periodens start "
                    f"({period_start:%d.%m.%Y}): bare vaktdager fra {first:%d.%m.%Y} til "
                    f"{last:%d.%m.%Y} teller i vakthyppigheten")
        if weekday is not None and weekday[1] != day.weekday():
            raise ValueError(f"{weekday[0]} {token}: {day:%d.%m.%Y} er en "
                             f"{WEEKDAY_NAMES[day.weekday()]}")
        weekday = None
        days.append(day)
    if weekday is not None:
        raise ValueError(f"«{weekday[0]}» står uten dato ({EXAMPLE_DAYS})")
    return sorted(days)


def _clock(token: str) -> time | None:
    """``8``, ``08``, ``0800``, ``08:00``, ``08.00`` → 08:00; None if it is no time of day."""
    m = re.fullmatch(r"(\d{1,2})(?:[:.]?(\d{2}))?", token)
    if m is None or int(m[1]) > 23 or int(m[2] or 0) > 59:
        return None
    return time(int(m[1]), int(m[2] or 0))


def read_end(text: str, period_start: date) -> datetime | None:
    """When the last vakt ended, typed as ``04.01.2027 08:00`` (also ``4.1.27 8``,
    ``man 04.01 kl. 08:00``, ``2027-01-04T08:00``; a weekday given must be the date's; ``–`` or
    nothing: not known), as Oslo wall-clock time. A date without a year is the one nearest
    ``period_start``. ValueError with a Norwegian message for what cannot be read."""
    raw = text.strip()
    if raw.lower() in NONE_WORDS:
        return None
    tokens = [t for t in re.split(r"[\sT]+", re.sub(r"\bkl\b\.?", " ", raw, flags=re.I)) if t]
    weekday = _weekday(tokens[0]) if tokens else None
    if weekday is not None:
        named = tokens.pop(0)
    if len(tokens) == 1 and date_parts(tokens[0]) is not None:
        raise ValueError("skriv også klokkeslettet vakten sluttet, ikke bare dagen "
                         f"(f.eks. {raw} 08:00)")
    if len(tokens) != 2 or (parts := date_parts(tokens[0])) is None:
        raise ValueError(f"«{raw}» er ikke dato og klokkeslett ({EXAMPLE_END})")
    if (at := _clock(tokens[1])) is None:
        raise ValueError(f"«{tokens[1]}» er ikke et klokkeslett ({EXAMPLE_END})")
    d, m, y = parts
    if y is None:
        years = (period_start.year - 1, period_start.year, period_start.year + 1)
        found = []
        for year in years:
            try:
                found.append(date(year, m, d))
            except ValueError:
                continue
        if not found:
            raise ValueError(f"«{tokens[0]}» er ikke en dato som finnes")
        day = min(found, key=lambda x: abs((x - period_start).days))
    else:
        day = _real(tokens[0], y, m, d)
    if weekday is not None and weekday != day.weekday():
        raise ValueError(f"{named} {tokens[0]}: {day:%d.%m.%Y} er en {WEEKDAY_NAMES[day.weekday()]}")
    return datetime.combine(day, at)
