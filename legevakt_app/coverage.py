"""Holes in the legevakt's cover: times the district normally has a doctor on duty but on some
days no shift exists at all (a holiday that runs as a Sunday when no vakttype starts on a
Sunday: Easter with no legevakt). The solver cannot see these — there is no shift to fill — so
they are found from the shifts the templates make.

Three moments are probed on each day: 12:00 (dag), 20:00 (kveld) and 02:00 the next morning
(natt). A moment is *normal cover* for weekdays, or for weekend days, when shifts cover it on
at least half of the ordinary (non-holiday) days of that kind; the days of that kind — a
holiday counts as a weekend day — where nothing covers it are the holes. Weekday daytime is the fastleger's own practice, so it is normal cover only when
the district's shifts really cover it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from legevakt_app.calendar import OSLO, holiday_names, is_holiday
from legevakt_app.domain import Project
from legevakt_app.shifts import expand_shifts, period_days
from legevakt_app.wording import count

PROBES: tuple[tuple[str, time, int], ...] = (
    ("dag", time(12, 0), 0),
    ("kveld", time(20, 0), 0),
    ("natt", time(2, 0), 1),  # the night after the day: 02:00 the next morning
)
NORMAL = 0.5  # covered on at least half the days of a kind: the district's normal cover


@dataclass(frozen=True)
class Gap:
    moment: str  # dag | kveld | natt
    day: date  # the day the moment belongs to (natt: the evening it starts)
    holiday: str | None  # the holiday's name, when the day is one


def coverage_gaps(project: Project) -> list[Gap]:
    """The days where a normally covered moment has no shift at all, in date order."""
    shifts = [(s.start, s.end) for s in expand_shifts(project) if s.required > 0]
    if not shifts:
        return []
    names = holiday_names(project.period.start, project.period.end)
    seen: dict[tuple[str, bool], list[tuple[date, bool]]] = {}
    norm: dict[tuple[str, bool], list[bool]] = {}
    for day in period_days(project.period.start, project.period.end):
        holiday = is_holiday(day)
        free_day = day.weekday() >= 5 or holiday
        for moment, at, offset in PROBES:
            if day + timedelta(days=offset) > project.period.end:
                continue  # the last night runs into the next period, whose shifts are not here
            probe = datetime.combine(day + timedelta(days=offset), at, OSLO)
            covered = any(start <= probe < end for start, end in shifts)
            seen.setdefault((moment, free_day), []).append((day, covered))
            if not holiday:  # the norm comes from ordinary days; a holiday is held to a Sunday's
                norm.setdefault((moment, free_day), []).append(covered)
    gaps = []
    for kind, days_seen in seen.items():
        usual = norm.get(kind, [])
        if not usual or sum(usual) < NORMAL * len(usual):
            continue  # not normally covered: the district's choice, not a hole
        gaps += [Gap(kind[0], day, names.get(day)) for day, covered in days_seen if not covered]
    order = {m: i for i, (m, _, _) in enumerate(PROBES)}
    return sorted(gaps, key=lambda g: (g.day, order[g.moment]))


def gap_lines(gaps: list[Gap], most: int = 8) -> list[str]:
    """Norwegian lines, one per day: «24.03 (Onsdag før skjærtorsdag): natt», at most ``most``."""
    by_day: dict[date, list[Gap]] = {}
    for g in gaps:
        by_day.setdefault(g.day, []).append(g)
    lines = []
    for day, day_gaps in list(by_day.items())[:most]:
        name = f" ({day_gaps[0].holiday})" if day_gaps[0].holiday else ""
        moments = [g.moment for g in day_gaps]
        said = " eller ".join([", ".join(moments[:-1]), moments[-1]] if len(moments) > 1 else moments)
        lines.append(f"{day.strftime('%d.%m')}{name}: ingen vakt {said}")
    if len(by_day) > most:
        lines.append(f"… og {count(len(by_day) - most, 'dag', 'dager')} til")
    return lines


def gap_summary(gaps: list[Gap]) -> str:
    """One line: «Hull i dekningen: 6 dager mangler vakt på tider distriktet ellers dekker …»."""
    days = {g.day for g in gaps}
    text = (f"Hull i dekningen: {count(len(days), 'dag', 'dager')} mangler vakt på tider "
            "distriktet ellers dekker")
    if any(g.holiday for g in gaps):
        text += (" (en helligdag får vakttypene som gjelder søndag, med mindre vakttypen sier "
                 "noe annet: kolonnen «På helligdag» under Vakter og regler; en vakttype med "
                 "«Bare på helligdager» går bare de dagene)")
    return text
