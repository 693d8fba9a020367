"""Per-doctor figures of a rota, computed from the rota itself (not from the model)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from solver.common import days, period_days, problem_tz
from solver.problem import Doctor, Problem, Rota
from solver.rules import practice_days, practice_days_lost


@dataclass(frozen=True)
class DoctorMetrics:
    id: str
    hours: float  # raw duty hours as vakt
    weighted_load: float  # vakt hours × weight + bakvakt hours × bakvakt_weight (no ledger)
    shifts: int  # vakter
    nights: int
    weekends: int
    holidays: int
    high_days: int
    bakvakter: int
    bakvakt_hours: float
    duty_days: int  # dates a vakt starts on
    # N in "1:N": the days of the period she could be on duty (not away, not fully exempt, from
    # midnight to midnight: :func:`days_away`) / duty days (None: no duty); for a doctor with
    # ukevakt (a shift of kind "week") in weeks: the ISO weeks with such a day / weeks with duty
    rotation_ratio: float | None
    # the period's practice days a vakt cost (solver.rules.practice_days_lost); not the day
    # after the period, which a vakt on its last night costs too: the reports count the
    # period's own days, and so does the summary
    practice_days_lost: int
    # share × available fraction (solver.common.fair_shares) in the engine's thousandths
    # (solver.fairness.share_units), so the largest load_per_share is level 1's value exactly
    fair_share: float
    load_per_share: float | None  # (weighted_load + ledger) / fair_share
    rotation_unit: str = "dag"  # of rotation_ratio: "dag" or "uke"

    def to_dict(self) -> dict:
        return asdict(self)


def whole_days(spans: Iterable[tuple[datetime, datetime]], start: date, end: date,
               tz: tzinfo | None) -> set[date]:
    """The days from ``start`` to ``end`` (in ``tz``, else each span's own zone) that one of
    ``spans`` (half-open, aware datetimes) covers from midnight to midnight."""
    covered: set[date] = set()
    for s_start, s_end in spans:
        zone = tz or s_start.tzinfo
        day = max(start, s_start.astimezone(zone).date())
        while day <= end:
            day_start = datetime.combine(day, time(0), zone)
            if day_start >= s_end:
                break
            if s_start <= day_start and day_start + timedelta(days=1) <= s_end:
                covered.add(day)
            day += timedelta(days=1)
    return covered


def unavailable_days(doctor: Doctor, start: date, end: date, tz: tzinfo | None) -> set[date]:
    """The days from ``start`` to ``end`` the doctor can have no duty at all: an absence or a
    full fritak covers the day from midnight to midnight."""
    spans = [(a.start, a.end) for a in doctor.absences]
    spans += [(e.start, e.end) for e in doctor.exemptions if e.scope == "full"]
    return whole_days(spans, start, end, tz)


def days_away(problem: Problem, doctor: Doctor) -> set[date]:
    """The days of the period the doctor can have no duty at all (:func:`unavailable_days`):
    her 1:N leaves them out, as the reports' does (a doctor on ferie for a week is not on
    vakt more often for it)."""
    return unavailable_days(doctor, problem.period_start, problem.period_end, problem_tz(problem))


def doctor_metrics(problem: Problem, rota: Rota, fair: dict[str, float] | None = None) -> list[DoctorMetrics]:
    from solver.common import SHARE_SCALE
    from solver.fairness import share_units

    if fair is None:
        fair = {k: u / SHARE_SCALE for k, u in share_units(problem).items()}
    shifts = {s.id: s for s in problem.shifts}
    pdays = {p[0]: p for p in practice_days(problem)}
    ndays = period_days(problem)
    by_doc: dict[str, list] = {d.id: [] for d in problem.doctors}
    for a in rota.assignments:
        if a.doctor_id in by_doc and a.shift_id in shifts:
            by_doc[a.doctor_id].append((shifts[a.shift_id], a.role))
    out = []
    for d in problem.doctors:
        vakt = [s for s, role in by_doc[d.id] if role == "vakt"]
        bak = [s for s, role in by_doc[d.id] if role == "bakvakt"]
        duty_days = {s.start.date() for s in vakt}
        lost = ({day for day in practice_days_lost(problem, d.absences, vakt, pdays)
                 if problem.period_start <= day <= problem.period_end}
                if d.has_practice else set())
        load = sum(s.hours * s.weight for s in vakt) + sum(s.hours * s.bakvakt_weight for s in bak)
        f = fair.get(d.id, 0.0)
        away = days_away(problem, d)
        present = ndays - len(away)
        ratio = round(present / len(duty_days), 2) if duty_days else None
        weekly = any(s.kind == "week" for s in vakt)
        if weekly:
            weeks = {day.isocalendar()[:2]
                     for day in days(problem.period_start, problem.period_end) if day not in away}
            duty_weeks = {day.isocalendar()[:2] for day in duty_days}
            ratio = round(len(weeks) / len(duty_weeks), 2)
        out.append(
            DoctorMetrics(
                id=d.id,
                hours=round(sum(s.hours for s in vakt), 2),
                weighted_load=round(load, 2),
                shifts=len(vakt),
                nights=sum(1 for s in vakt if s.night),
                weekends=sum(1 for s in vakt if s.weekend),
                holidays=sum(1 for s in vakt if s.holiday),
                high_days=sum(1 for s in vakt if s.high_day),
                bakvakter=len(bak),
                bakvakt_hours=round(sum(s.hours for s in bak), 2),
                duty_days=len(duty_days),
                rotation_ratio=ratio,
                practice_days_lost=len(lost),
                fair_share=round(f, 4),
                load_per_share=round((load + d.ledger.load_balance) / f, 3) if f > 0 else None,
                rotation_unit="uke" if weekly else "dag",
            )
        )
    return out


def max_load_per_share(metrics: list[DoctorMetrics]) -> float | None:
    vals = [m.load_per_share for m in metrics if m.load_per_share is not None]
    return max(vals) if vals else None
