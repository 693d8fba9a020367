"""Small shared helpers of the engine (time axis, eligibility, load units).

The independent checker (:mod:`solver.checker`) deliberately does *not* use this module.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from solver.problem import Doctor, Problem, Shift

LOAD_SCALE = 100  # model load units per weighted hour (integer arithmetic in CP-SAT)
SHARE_SCALE = 1000  # fair shares as integers: share × availability × SHARE_SCALE

RULE_NAMES: dict[str, str] = {
    "coverage": "Dekning",
    "unavailability": "Fravær og fritak",
    "share": "Vaktandel",
    "competence": "Vaktkompetanse og bakvakt",
    "overlap": "Ingen overlapp",
    "min_rest": "Minste hviletid",
    "practice": "Hvile rundt dagpraksis",
    "max_in_window": "Maks vakter i vinduet",
    "max_per_week": "Maks vakter per uke",
    "max_consecutive_days": "Maks vakter på rad",
    "pre_assigned": "Forhåndstildelt vakt",
    "block": "Vaktblokk",
    "unknown": "Ukjent vakt eller lege",
}

# what a fritak of each scope keeps the doctor from, in an explanation
SCOPE_TEXT: dict[str, str] = {
    "full": "fritak",
    "no_nights": "fritak fra natt",
    "no_weekends": "fritak fra helg",
    "no_16_08": "fritak 16–08",
}


def minutes(dt: datetime) -> int:
    """Minutes since the Unix epoch (UTC): a time axis unaffected by DST."""
    return int(dt.astimezone(UTC).timestamp() // 60)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def period_days(problem: Problem) -> int:
    return (problem.period_end - problem.period_start).days + 1


def problem_tz(problem: Problem) -> tzinfo | None:
    for s in problem.shifts:
        return s.start.tzinfo
    return None


def days(start: date, end: date) -> Iterable[date]:
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def unavailable_reasons(doctor: Doctor, shift: Shift) -> list[str]:
    """Why ``doctor`` cannot take ``shift`` at all: absence kinds and exemption categories."""
    out: list[str] = []
    for a in doctor.absences:
        if overlaps(a.start, a.end, shift.start, shift.end):
            out.append(a.kind)
    for e in doctor.exemptions:
        if not overlaps(e.start, e.end, shift.start, shift.end):
            continue
        if (
            e.scope == "full"
            or (e.scope == "no_nights" and shift.night)
            or (e.scope == "no_weekends" and shift.weekend)
            or (e.scope == "no_16_08" and in_16_to_08(shift))
        ):
            out.append("fritak")
    return out


def in_16_to_08(shift: Shift) -> bool:
    """Does ``shift`` touch 16:00–08:00 local time (what the fritak of fastlegeforskriften § 13
    covers: «fritak fra legevakt mellom kl. 16 og kl. 08»)?"""
    tz = shift.start.tzinfo
    day = shift.start.date() - timedelta(days=1)
    while day <= shift.end.date():
        evening = datetime.combine(day, datetime.min.time(), tzinfo=tz) + timedelta(hours=16)
        morning = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz) \
            + timedelta(hours=8)
        if overlaps(evening, morning, shift.start, shift.end):
            return True
        day += timedelta(days=1)
    return False


def competence_allows(doctor: Doctor, shift: Shift) -> bool:
    """A single-doctor shift that requires a vaktkompetent doctor goes only to one (with two or
    more doctors, one competent colleague is enough)."""
    return doctor.competent or not (shift.requires_competent and shift.required == 1)


def vakt_load(shift: Shift) -> int:
    """Weighted load of one vakt on ``shift`` in model units (LOAD_SCALE per hour)."""
    return round(shift.hours * shift.weight * LOAD_SCALE)


def bakvakt_load(shift: Shift) -> int:
    return round(shift.hours * shift.bakvakt_weight * LOAD_SCALE)


def fully_unavailable(doctor: Doctor, shift: Shift) -> bool:
    """Absent or fully exempt (partial exemptions do not reduce the fair share)."""
    for a in doctor.absences:
        if overlaps(a.start, a.end, shift.start, shift.end):
            return True
    for e in doctor.exemptions:
        if e.scope == "full" and overlaps(e.start, e.end, shift.start, shift.end):
            return True
    return False


def count_weight(units: float, doctor: Doctor, flagged: Iterable[Shift], may_take: int) -> float:
    """A doctor's weight when a count (nights, weekends, høytid) is split fairly: the fair
    share ``units`` (which already leaves out time away or fully exempt) × the part of the
    flagged vakter *while present* that the doctor may take (``may_take`` of them: none of
    the nights for a doctor free of nights). Time away is counted once, in ``units``."""
    present = sum(1 for s in flagged if not fully_unavailable(doctor, s))
    return units * may_take / present if present else 0.0


def fair_shares(problem: Problem) -> dict[str, float]:
    """Fair share per doctor: legevakt share × the fraction of the period's demand
    (weighted vakt hours) during which the doctor is not absent or fully exempt."""
    total = 0.0
    avail = {d.id: 0.0 for d in problem.doctors}
    for s in problem.shifts:
        w = s.hours * s.weight * s.required
        total += w
        for d in problem.doctors:
            if d.share > 0 and not fully_unavailable(d, s):
                avail[d.id] += w
    out: dict[str, float] = {}
    for d in problem.doctors:
        frac = avail[d.id] / total if total > 0 else 1.0
        out[d.id] = max(0.0, d.share) * frac
    return out


def number(value: float) -> str:
    """``6.5`` → ``6,5``, ``2.0`` → ``2``: a number as a Norwegian reads it, no needless «,0»."""
    return f"{value:g}".replace(".", ",")


def display_day(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}"


def iso_week(d: date) -> tuple[int, int]:
    y, w, _ = d.isocalendar()
    return y, w


def names(items: Sequence[str], last: str = "og") -> str:
    """'Ola', 'Ola og Kari', 'Ola, Kari og Per' (``last`` «eller»: 'Ola, Kari eller Per')."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def is_cancelled(token: Any) -> bool:
    """``token``: None, a threading.Event, an object with ``.cancelled`` or a callable."""
    if token is None:
        return False
    is_set = getattr(token, "is_set", None)
    if callable(is_set):
        return bool(is_set())
    if hasattr(token, "cancelled"):
        c = token.cancelled
        return bool(c() if callable(c) else c)
    if callable(token):
        return bool(token())
    return False


class Ticking:
    """A daemon thread that calls ``_tick`` every 50 ms while the ``with`` block lasts."""

    def _tick(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._done.wait(0.05):
            self._tick()

    def __enter__(self) -> Any:
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
