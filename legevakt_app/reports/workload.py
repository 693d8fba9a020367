"""Each doctor's burden over the rota period, and how often each one is on duty.

Computed only from the problem and the rota (``RotaSource``), never from the engine's own
metrics, so a rota made by hand is measured the same way as one the engine made.

Definitions (all hours are real clock hours, measured through UTC across DST):

* **on-site hours** — vakt on a shift with ``on_site=True`` (tilstedevakt);
* **hjemmevakt hours** — vakt on a shift with ``on_site=False``;
* **bakvakt hours** — every bakvakt assignment (bakvakt is on call, like hjemmevakt);
* **raw view** — every duty hour counts fully; this is how the time-use survey behind the
  68 / 49 / 55.6 h figures counted, so only this view is comparable with them;
* **equivalent view** (arbeidstidsekvivalent) — hjemmevakt and bakvakt hours multiplied by
  the project's ``hjemmevakt_factor`` (KS: 1/7), on-site hours in full;
* **estimated total week** = the doctor's daytime practice hours per week + the average duty
  hours per week (over the whole period) in the chosen view;
* **duty day** — a calendar date on which one of the doctor's vakter or bakvakter starts;
* **rotation ratio 1:N** — period days ÷ duty days (for week-long vakt: ISO weeks of the
  period ÷ weeks with duty); 4.0 is exactly firedelt;
* **tight span** — consecutive duty days closer than ``window`` days (default 4), i.e. where
  the doctor is on duty more often than firedelt; overlapping pairs are merged.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from legevakt_app.calendar import OSLO
from legevakt_app.reports.figures import (
    AML_AVERAGE_LIMIT,
    FASTLEGE_KINDS,
    FIREDELT,
    LIMIT_WITH_LEGEVAKT,
)
from legevakt_app.rota_source import RotaSource
from solver.problem import Shift


@dataclass(frozen=True)
class TightSpan:
    """A stretch where a doctor's duty days come closer than the window (tighter than 1:N)."""

    start: date  # first duty day of the stretch
    end: date  # last duty day of the stretch
    duty_days: int
    closest_gap_days: int  # smallest distance between two duty days in the stretch


@dataclass(frozen=True)
class DoctorLoad:
    """One doctor's burden over the period. Hours per week are averages over the period."""

    doctor_id: str
    name: str
    kind: str  # fastlege | kommunalt_ansatt | vikar | lis1 | alis
    kommune: str
    share: float  # legevakt share (1 = full)
    competent: bool
    vakter: int
    bakvakter: int
    on_site_hours: float  # whole period
    hjemmevakt_hours: float  # whole period
    bakvakt_hours: float  # whole period
    practice_hours_per_week: float
    hours_per_week: float  # raw: every duty hour in full
    equivalent_hours_per_week: float  # hjemmevakt and bakvakt × hjemmevakt_factor
    estimated_total_week: float  # practice + raw duty per week (comparable with 68/49/55.6)
    estimated_total_week_equivalent: float  # practice + equivalent duty per week
    above_68h: bool  # raw view above the 68 h survey figure
    above_48h: bool  # raw view above the arbeidsmiljøloven 48 h average
    above_68h_equivalent: bool
    above_48h_equivalent: bool
    nights: int  # vakter that cover 00–06
    weekends: int  # weekends (Sat key) with at least one vakt
    holidays: int  # days with a vakt starting on a public holiday (or 24/31 Dec)
    high_days: int  # days with a vakt starting on a høytid day
    practice_days_lost: int  # weekday practice days after a night vakt
    longest_weekends_without_free: int  # longest run of consecutive weekends with duty
    duty_days: int
    duty_weeks: int
    rotation_ratio: float | None  # N of 1:N (days, or weeks for week-long vakt); None: no duty
    rotation_unit: str  # "dag" | "uke"
    rotation_ratio_days: float | None
    rotation_ratio_weeks: float | None
    tightest_spacing_days: int | None  # smallest gap between two duty days
    tight_spans: tuple[TightSpan, ...] = ()
    duty_dates: tuple[date, ...] = ()

    @property
    def in_rota(self) -> bool:
        return self.vakter > 0 or self.bakvakter > 0

    @property
    def is_fastlege(self) -> bool:
        return self.kind in FASTLEGE_KINDS

    @property
    def duty_hours(self) -> float:
        return self.on_site_hours + self.hjemmevakt_hours + self.bakvakt_hours

    def below(self, target: float = FIREDELT) -> bool:
        """On duty more often than 1:``target`` on average."""
        return self.rotation_ratio is not None and self.rotation_ratio < target - 1e-9


@dataclass(frozen=True)
class DistrictLoad:
    """How many doctors effectively share the district's main rota."""

    effective_n: float | None  # period days × Σ shares ÷ Σ vakt duty days (a full-share N)
    share_sum: float  # Σ legevakt shares of doctors with vakt
    worst_ratio: float | None  # tightest doctor's N (vakt and bakvakt days)
    worst_doctor: str | None  # that doctor's name
    median_ratio: float | None
    tightest_spacing_days: int | None
    doctors_below: int  # doctors with a ratio below the window (4 = firedelt)


@dataclass
class WorkloadReport:
    district_name: str
    period_start: date
    period_end: date
    hjemmevakt_factor: float
    window_days: int  # the N of "tighter than 1:N" (4 = firedelt)
    doctors: list[DoctorLoad]
    district: DistrictLoad
    notes: list[str] = field(default_factory=list)

    @property
    def period_days(self) -> int:
        return (self.period_end - self.period_start).days + 1

    @property
    def weeks(self) -> float:
        return self.period_days / 7.0

    @property
    def in_rota(self) -> list[DoctorLoad]:
        return [d for d in self.doctors if d.in_rota]

    def doctor(self, doctor_id: str) -> DoctorLoad:
        for d in self.doctors:
            if d.doctor_id == doctor_id:
                return d
        raise KeyError(doctor_id)


def _local(dt: datetime) -> datetime:
    return dt.astimezone(OSLO)


def _weekend_key(day: date) -> date:
    """The Saturday of the weekend ``day`` belongs to (Fri → next day, Sun → previous)."""
    return day + timedelta(days=5 - day.weekday()) if day.weekday() <= 5 else day - timedelta(1)


def weekends_in(start: date, end: date) -> list[date]:
    """Saturdays of every weekend with at least one day (Sat or Sun) in the period."""
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return sorted({_weekend_key(d) for d in days if d.weekday() >= 5})


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return (year, week)


def tight_spans(dates: list[date], window: int) -> list[TightSpan]:
    """Stretches where consecutive duty days are fewer than ``window`` days apart."""
    spans: list[TightSpan] = []
    current: list[date] = []
    gaps: list[int] = []
    for a, b in zip(dates, dates[1:], strict=False):
        gap = (b - a).days
        if gap < window:
            if not current:
                current = [a]
            current.append(b)
            gaps.append(gap)
        elif current:
            spans.append(TightSpan(current[0], current[-1], len(current), min(gaps)))
            current, gaps = [], []
    if current:
        spans.append(TightSpan(current[0], current[-1], len(current), min(gaps)))
    return spans


def _practice_day_lost(shift: Shift, holidays: set[date]) -> date | None:
    """The weekday practice day a night vakt takes: the day it ends on, unless that is a
    weekend day or a holiday, or the vakt ends exactly at midnight."""
    end = _local(shift.end)
    day = end.date()
    if end.time() == time(0) or day.weekday() >= 5 or day in holidays:
        return None
    return day


def _longest_run_without_free(weekends: list[date], busy: set[date]) -> int:
    best = run = 0
    for saturday in weekends:
        if saturday in busy:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


def workload_report(source: RotaSource, window: int | None = None) -> WorkloadReport:
    """Measure every doctor of ``source`` on its rota.

    ``window`` is the N of "tighter than 1:N" for the timeline (default 4, firedelt).
    """
    problem = source.problem
    rules = problem.rules
    factor = rules.hjemmevakt_factor
    window_days = int(window or FIREDELT)
    start, end = problem.period_start, problem.period_end
    period_days = (end - start).days + 1
    weeks = period_days / 7.0
    period_weeks = len({_iso_week(start + timedelta(days=i)) for i in range(period_days)})
    holidays = set(problem.holidays)
    all_weekends = weekends_in(start, end)
    shifts = {s.id: s for s in problem.shifts}
    notes: list[str] = []
    unknown = sorted({a.shift_id for a in source.rota.assignments if a.shift_id not in shifts})
    if unknown:
        notes.append(
            f"{len(unknown)} vakt(er) i turnusen finnes ikke i perioden og er ikke regnet med "
            f"(f.eks. {unknown[0]})."
        )

    by_doctor: dict[str, list[tuple[Shift, str]]] = {d.id: [] for d in problem.doctors}
    for a in source.rota.assignments:
        shift = shifts.get(a.shift_id)
        if shift is None:
            continue
        by_doctor.setdefault(a.doctor_id, []).append((shift, a.role))

    doctors_by_id = {d.id: d for d in problem.doctors}
    loads: list[DoctorLoad] = []
    for doctor_id, duties in by_doctor.items():
        doctor = doctors_by_id.get(doctor_id)
        info = source.doctor_info.get(doctor_id)
        duties.sort(key=lambda sr: sr[0].start)
        vakt = [s for s, role in duties if role == "vakt"]
        bak = [s for s, role in duties if role == "bakvakt"]
        on_site = sum((s.hours for s in vakt if s.on_site), 0.0)
        home = sum((s.hours for s in vakt if not s.on_site), 0.0)
        bak_hours = sum((s.hours for s in bak), 0.0)
        practice = info.practice_hours_per_week if info else 0.0
        raw_week = (on_site + home + bak_hours) / weeks
        eq_week = (on_site + factor * (home + bak_hours)) / weeks
        total = practice + raw_week
        total_eq = practice + eq_week

        duty_dates = sorted({_local(s.start).date() for s, _ in duties})
        duty_weeks = {_iso_week(d) for d in duty_dates}
        ratio_days = period_days / len(duty_dates) if duty_dates else None
        ratio_weeks = period_weeks / len(duty_weeks) if duty_weeks else None
        week_long = any(s.kind == "week" for s, _ in duties)
        ratio = ratio_weeks if week_long else ratio_days
        gaps = [(b - a).days for a, b in zip(duty_dates, duty_dates[1:], strict=False)]

        has_practice = doctor.has_practice if doctor else practice > 0
        lost: set[date] = set()
        if has_practice:
            for s in vakt:
                if s.night:
                    day = _practice_day_lost(s, holidays)
                    if day is not None:
                        lost.add(day)
        busy_weekends = set()
        for s, _role in duties:
            local_start = _local(s.start)
            local_end = _local(s.end)
            # any duty touching Fri 16:00 – Mon 08:00 makes the weekend not free
            day = local_start.date()
            while day <= local_end.date():
                weekday = day.weekday()
                if weekday in (5, 6):
                    busy_weekends.add(_weekend_key(day))
                elif weekday == 4 and local_end > datetime.combine(day, time(16), OSLO):
                    busy_weekends.add(_weekend_key(day))
                elif weekday == 0 and local_start < datetime.combine(day, time(8), OSLO):
                    busy_weekends.add(day - timedelta(days=2))
                day += timedelta(days=1)
        vakt_weekends = {_weekend_key(_local(s.start).date()) for s in vakt if s.weekend}

        loads.append(
            DoctorLoad(
                doctor_id=doctor_id,
                name=doctor.name if doctor else doctor_id,
                kind=info.kind if info else "",
                kommune=info.kommune if info else "",
                share=doctor.share if doctor else 1.0,
                competent=doctor.competent if doctor else True,
                vakter=len(vakt),
                bakvakter=len(bak),
                on_site_hours=on_site,
                hjemmevakt_hours=home,
                bakvakt_hours=bak_hours,
                practice_hours_per_week=practice,
                hours_per_week=raw_week,
                equivalent_hours_per_week=eq_week,
                estimated_total_week=total,
                estimated_total_week_equivalent=total_eq,
                above_68h=total > LIMIT_WITH_LEGEVAKT + 1e-9,
                above_48h=total > AML_AVERAGE_LIMIT + 1e-9,
                above_68h_equivalent=total_eq > LIMIT_WITH_LEGEVAKT + 1e-9,
                above_48h_equivalent=total_eq > AML_AVERAGE_LIMIT + 1e-9,
                nights=sum(1 for s in vakt if s.night),
                weekends=len(vakt_weekends),
                holidays=len({_local(s.start).date() for s in vakt if s.holiday}),
                high_days=len({_local(s.start).date() for s in vakt if s.high_day}),
                practice_days_lost=len(lost),
                longest_weekends_without_free=_longest_run_without_free(
                    all_weekends, busy_weekends
                ),
                duty_days=len(duty_dates),
                duty_weeks=len(duty_weeks),
                rotation_ratio=ratio,
                rotation_unit="uke" if week_long else "dag",
                rotation_ratio_days=ratio_days,
                rotation_ratio_weeks=ratio_weeks,
                tightest_spacing_days=min(gaps) if gaps else None,
                tight_spans=tuple(tight_spans(duty_dates, window_days)),
                duty_dates=tuple(duty_dates),
            )
        )

    return WorkloadReport(
        district_name=source.district_name,
        period_start=start,
        period_end=end,
        hjemmevakt_factor=factor,
        window_days=window_days,
        doctors=loads,
        district=district_load(loads, period_days, window_days, source),
        notes=notes,
    )


def district_load(
    loads: list[DoctorLoad], period_days: int, window: int, source: RotaSource
) -> DistrictLoad:
    """Effective N of the main rota: the 1:N a full-share doctor would have if the vakt days
    were spread exactly by legevakt share (period days × Σ shares ÷ Σ vakt duty days)."""
    shifts = {s.id: s for s in source.problem.shifts}
    vakt_days: dict[str, set[date]] = {}
    for a in source.rota.assignments:
        if a.role == "vakt" and a.shift_id in shifts:
            vakt_days.setdefault(a.doctor_id, set()).add(_local(shifts[a.shift_id].start).date())
    shares = {d.doctor_id: d.share for d in loads}
    share_sum = sum(shares.get(doc, 1.0) for doc in vakt_days)
    total_days = sum(len(days) for days in vakt_days.values())
    effective = period_days * share_sum / total_days if total_days else None
    in_rota = [d for d in loads if d.rotation_ratio is not None]
    worst = min(in_rota, key=lambda d: d.rotation_ratio or 0.0) if in_rota else None
    spacings = [d.tightest_spacing_days for d in in_rota if d.tightest_spacing_days is not None]
    return DistrictLoad(
        effective_n=effective,
        share_sum=share_sum,
        worst_ratio=worst.rotation_ratio if worst else None,
        worst_doctor=worst.name if worst else None,
        median_ratio=statistics.median(d.rotation_ratio or 0.0 for d in in_rota)
        if in_rota
        else None,
        tightest_spacing_days=min(spacings) if spacings else None,
        doctors_below=sum(1 for d in in_rota if d.below(window)),
    )
