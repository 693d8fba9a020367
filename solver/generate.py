"""Synthetic legevakt districts for benchmarks and property tests (deterministic per seed)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from solver.problem import Absence, Doctor, Exemption, Limit, Problem, Rules, Shift

OSLO = ZoneInfo("Europe/Oslo")
HIGH_DAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1), (5, 17)}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour % 24), tzinfo=OSLO) + timedelta(days=hour // 24)


def make_problem(
    doctors: int = 14,
    weeks: int = 26,
    seed: int = 0,
    evening_doctors: int = 1,
    night_doctors: int = 1,
    satellites: int = 0,
    noncompetent: float = 0.1,
    absence_weeks: int = 2,
    exempt_nights: float = 0.05,
    start: date = date(2027, 1, 4),
    rules: Rules | None = None,
) -> Problem:
    """``doctors`` doctors, ``weeks`` weeks from ``start`` (a Monday). Weekdays: evening 16–23
    on site (``evening_doctors``) and night 23–08 (``night_doctors``); weekends and holidays:
    day 08–16 and evening 16–23 as well; each satellite has a 10–15 weekend/holiday shift that a
    non-competent doctor may take (with bakvakt)."""
    rng = random.Random(seed)
    end = start + timedelta(days=7 * weeks - 1)
    hol = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    hol = [d for d in hol if (d.month, d.day) in HIGH_DAYS]
    holset = set(hol)
    shifts: list[Shift] = []

    def add(day: date, tpl: str, kind: str, h0: int, h1: int, req: int, weight: float,
            station: str = "sentral", competent: bool = True, on_site: bool = True) -> None:
        s, e = _at(day, h0), _at(day, h1)
        weekend = day.weekday() >= 5 or (day.weekday() == 4 and h0 >= 16)
        shifts.append(Shift(
            id=f"{station}-{tpl}@{day.isoformat()}", station=station, template=tpl, kind=kind,
            start=s, end=e, on_site=on_site, required=req, requires_competent=competent,
            night=h1 > 24, weekend=weekend, holiday=day in holset, high_day=day in holset,
            weight=weight * (1.5 if day in holset else 1.0), label=f"{station} {tpl}",
        ))

    day = start
    while day <= end:
        off = day.weekday() >= 5 or day in holset
        if off:
            add(day, "dag", "day", 8, 16, evening_doctors, 1.2)
            for k in range(satellites):
                add(day, "sat", "day", 10, 15, 1, 1.0, station=f"sat{k + 1}", competent=False)
        add(day, "kveld", "evening", 16, 23, evening_doctors, 1.2 if off else 1.0)
        add(day, "natt", "night", 23, 32, night_doctors, 1.3)
        day += timedelta(days=1)

    docs: list[Doctor] = []
    n_nc = int(round(doctors * noncompetent))
    for i in range(doctors):
        absences = []
        for _ in range(absence_weeks and 1):
            w = rng.randrange(max(1, weeks - absence_weeks + 1))
            a0 = datetime.combine(start + timedelta(days=7 * w), time(8), tzinfo=OSLO)
            absences.append(Absence(a0, a0 + timedelta(days=7 * absence_weeks), "ferie"))
        exemptions = ()
        if rng.random() < exempt_nights:
            exemptions = (Exemption(_at(start, 0), _at(end + timedelta(days=1), 0), "no_nights", "over_55"),)
        docs.append(Doctor(
            id=f"lege{i + 1:02d}", name=f"Lege {i + 1}", competent=i >= n_nc,
            share=1.0, has_practice=True, absences=tuple(absences) if absence_weeks else (),
            exemptions=exemptions,
        ))
    if rules is None:
        rules = Rules(max_in_window=Limit(1, hard=False), max_per_week=Limit(3, hard=True))
    return Problem(start, end, tuple(shifts), tuple(docs), rules, tuple(hol))


def benchmark_instances(seed: int = 0) -> list[tuple[str, Problem]]:
    """The three sizes of the issue's speed targets."""
    return [
        ("gen-liten-4x26", make_problem(4, 26, seed, noncompetent=0.0, absence_weeks=1,
                                        exempt_nights=0.0,
                                        rules=Rules(max_in_window=Limit(1, hard=False)))),
        ("gen-interkommunal-14x26", make_problem(14, 26, seed, satellites=3)),
        ("gen-stor-40x52", make_problem(40, 52, seed, evening_doctors=3, night_doctors=2,
                                        rules=Rules(max_in_window=Limit(1, hard=False),
                                                    max_per_week=Limit(2, hard=True)))),
    ]
