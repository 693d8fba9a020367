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
* **week at work** — every per-week figure is an average over the weeks the doctor was at
  work: the period's days less the whole days of absence (ferie, kurs, permisjon …), ÷ 7.
  The survey figures (68 / 49 h) are typical weeks of a doctor at work, so a doctor away
  half the period is not shown half as busy. Fritak is not absence: the doctor still works
  in the practice;
* **practice hours worked** — a fifth of the week's practice hours for each weekday of the
  period the doctor worked in the practice: not a public holiday, not absent, and not a
  practice day lost to vakt (below);
* **estimated total week** = (practice hours worked + duty hours in the chosen view) ÷ weeks
  at work, i.e. practice hours worked per week + duty hours per week: the two add up
  (unrounded; every figure is shown rounded once from its own value, :func:`shown_hours`, so
  the parts as shown may differ by 0,1 from the week shown);
* **duty day** — a calendar date on which one of the doctor's vakter starts (as the engine
  counts them: its spacing rule "at most one duty day in any N days" uses the same days);
* **available days** — the period's days less the whole days the doctor was absent or had
  full fritak (no legevakt possible);
* **rotation ratio 1:N** — available days ÷ duty days (for week-long vakt, i.e. ukevakt built
  as a week block or a ``week`` shift: ISO weeks of the period with an available day ÷ weeks
  with duty); 4.0 is exactly firedelt. Time away does not dilute it: 23 vakter in the 91
  days a doctor was there are 1:3,96, whether or not she was away the other 91. ``rotation_ratio_with_bakvakt`` counts bakvakt days too, because a
  bakvakt is on call as well: it shows the burden, the plain ratio the vakt rota;
* **spacing** — days (weeks for week-long vakt) from one vakt to the next; the days of one
  block (a helgevakt Fri–Sun, an ukevakt) are one vakt, not vakter one day apart;
* **tight span** — consecutive vakter closer than ``window`` days (weeks) (default 4), i.e.
  where the doctor is on duty more often than firedelt; overlapping pairs are merged;
* **practice day lost** — as the engine counts it: a weekday practice day (not a holiday,
  the doctor not absent) that a vakt runs into or ends less than the minimum rest before, so
  the 11 h rest rule costs more practice days than the 8 h rule; only the period's own days
  (the engine also counts the day after the period), so days worked + days lost never exceed
  the period's practice days;
* **arbeidsmiljøloven** (§ 10-5 (1)) — working time at most 48 h in any seven days, which
  may be averaged over at most eight weeks, but never over 50 h in a single week. Each
  doctor's working time per day (practice hours worked on the day + the clock hours of duty
  on the day, hjemmevakt and bakvakt × ``hjemmevakt_factor``) gives the worst average over
  any 56 days in a row (the whole period when it is shorter) and the worst 7 days in a row.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from legevakt_app.calendar import OSLO
from legevakt_app.reports.figures import (
    AML_AVERAGE_LIMIT,
    AML_AVERAGE_WEEKS,
    AML_WEEK_LIMIT,
    FASTLEGE_KINDS,
    FIREDELT,
    LIMIT_WITH_LEGEVAKT,
)
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import count
from solver.common import overlaps
from solver.metrics import unavailable_days, whole_days
from solver.problem import Shift
from solver.rules import practice_days, practice_days_lost  # the engine's practice days


@dataclass(frozen=True)
class TightSpan:
    """A stretch where a doctor's vakter come closer than the window (tighter than 1:N)."""

    start: date  # first duty day of the stretch
    end: date  # last duty day of the stretch
    duty_days: int  # vakter (blocks count once; weeks for week-long vakt) in the stretch
    closest_gap_days: int  # smallest distance between two vakter, in ``unit``s
    unit: str = "dag"  # "dag" | "uke"
    # the rules' exception (``20.12–03.01``) whose days the stretch touches: the closer
    # spacing there may be what the exception allows
    exception: str = ""


def shown_hours(hours: float) -> float:
    """An hours figure (per week, per period) as every view shows it: rounded once, from its
    unrounded value, to one decimal (the report's and the app's «94,5», and the value the
    workbook stores under its «0.0» format, so a spreadsheet shows the same and a PDF made
    from the cell too). Never a sum of figures rounded before."""
    return round(hours, 1)


def over(hours: float, limit: float) -> bool:
    """Whether ``hours`` is over ``limit`` as shown (:func:`shown_hours`): a week of 68,04 t
    reads «68,0» and is not flagged «over 68 t», in the report, the app, the workbook's
    colours and the PDF alike, which all judge the number they show."""
    return shown_hours(hours) > limit


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
    practice_hours_per_week: float  # the doctor's practice hours in a full week (as agreed)
    hours_per_week: float  # raw: every duty hour in full, per week at work
    equivalent_hours_per_week: float  # hjemmevakt and bakvakt × hjemmevakt_factor
    # practice hours worked + raw duty, per week at work (comparable with 68/49/55.6)
    estimated_total_week: float
    estimated_total_week_equivalent: float  # practice worked + equivalent duty per week
    above_68h: bool  # raw view above the 68 h survey figure, as shown (over())
    above_48h: bool  # raw view: the period's average week above 48 h, as shown
    above_68h_equivalent: bool
    above_48h_equivalent: bool
    nights: int  # vakter that cover 00–06
    weekends: int  # weekends (Sat key) with at least one vakt
    holidays: int  # days with a vakt starting on a public holiday (or 24/31 Dec)
    high_days: int  # days with a vakt starting on a høytid day
    # weekday practice days lost to vakt, as the engine counts them (solver.rules.practice_days_lost):
    # the day a vakt runs into practice or ends less than the rest before it, and the day a
    # vakt starts less than the rest after practice ends (a lone natt from 23 costs both)
    practice_days_lost: int
    longest_weekends_without_free: int  # longest run of consecutive weekends with duty
    duty_days: int  # days a vakt starts on
    duty_weeks: int  # ISO weeks with a vakt
    rotation_ratio: float | None  # N of 1:N (days, or weeks for week-long vakt); None: no vakt
    rotation_unit: str  # "dag" | "uke"
    rotation_ratio_days: float | None
    rotation_ratio_weeks: float | None
    tightest_spacing_days: int | None  # smallest gap between two vakter (in rotation_unit)
    tight_spans: tuple[TightSpan, ...] = ()
    duty_dates: tuple[date, ...] = ()  # days a vakt starts on
    rotation_ratio_with_bakvakt: float | None = None  # period days ÷ days with vakt or bakvakt
    duty_days_with_bakvakt: int = 0
    bakvakt_dates: tuple[date, ...] = ()  # days a bakvakt starts on
    tightest_spacing_with_bakvakt_days: int | None = None  # as tightest_spacing_days, bakvakt too
    available_days: int = 0  # period days less whole days absent or with full fritak
    weeks_at_work: float = 0.0  # (period days less whole days absent) ÷ 7
    practice_days_worked: int = 0  # weekdays in the practice: no holiday, absence or lost day
    practice_worked_per_week: float = 0.0  # their practice hours per week at work
    # arbeidsmiljøloven, equivalent view: the worst average week over any 8 weeks in a row
    # (the whole period when shorter), and the worst 7 days in a row
    aml_worst_8_weeks: float = 0.0
    aml_worst_week: float = 0.0

    @property
    def in_rota(self) -> bool:
        return self.vakter > 0 or self.bakvakter > 0

    @property
    def is_fastlege(self) -> bool:
        return self.kind in FASTLEGE_KINDS

    @property
    def duty_hours(self) -> float:
        return self.on_site_hours + self.hjemmevakt_hours + self.bakvakt_hours

    @property
    def above_aml_average(self) -> bool:
        """Over 48 h in the worst eight weeks in a row, on average (equivalent view), as
        shown (:func:`over`)."""
        return over(self.aml_worst_8_weeks, AML_AVERAGE_LIMIT)

    @property
    def above_aml_week(self) -> bool:
        """Over 50 h in some seven days in a row (equivalent view), as shown (:func:`over`)."""
        return over(self.aml_worst_week, AML_WEEK_LIMIT)

    def below_with_bakvakt(self, target: float = FIREDELT) -> bool:
        """On duty — vakt or bakvakt, both on call — more often than 1:``target`` by the same
        test as :meth:`below`; a doctor with no bakvakt is judged by :meth:`below` alone."""
        return (
            self.bakvakter > 0
            and self.rotation_ratio_with_bakvakt is not None
            and self.rotation_ratio_with_bakvakt < target - 1e-9
            and self.tightest_spacing_with_bakvakt_days is not None
            and self.tightest_spacing_with_bakvakt_days < target
        )

    @property
    def shown_total_week(self) -> float:
        """The week as every view shows it (hours): :func:`shown_hours` of the unrounded
        week, the same number in the report, the app's table and chart, the workbook's
        «Total arbeidstid per uke» and the scenario comparison's «Verste arbeidsuke».

        Chosen over adding the parts as shown: a leader compares the week across views (the
        Belastning row with the Terskel's worst week, and both with 68 t), so the week is
        rounded once from its own value. Each part (praksis, vakt) is rounded from its own
        value too, so the parts as shown may add up to 0,1 more or less than the week (the
        definitions say so: :data:`legevakt_app.reports.output.TOTAL_DEFINITION`)."""
        return shown_hours(self.estimated_total_week)

    @property
    def shown_total_week_equivalent(self) -> float:
        """:attr:`shown_total_week` with the duty in working-time equivalent."""
        return shown_hours(self.estimated_total_week_equivalent)

    def below(self, target: float = FIREDELT) -> bool:
        """On vakt more often than 1:``target``: the average ratio is below ``target`` and
        two vakter somewhere are closer than ``target``. (A doctor whose vakter are all at
        least ``target`` apart is not below, even when the period's edges make the average
        dip: 8 vakter every 4th day in 30 days are 1:3,75 on average but exactly firedelt.)"""
        return (
            self.rotation_ratio is not None
            and self.rotation_ratio < target - 1e-9
            and self.tightest_spacing_days is not None
            and self.tightest_spacing_days < target
        )


@dataclass(frozen=True)
class DistrictLoad:
    """How many doctors effectively share the district's main rota."""

    effective_n: float | None  # Σ available days × share ÷ Σ vakt duty days (a full-share N)
    share_sum: float  # Σ legevakt shares of doctors with vakt
    worst_ratio: float | None  # tightest doctor's N (vakt days)
    worst_doctor: str | None  # that doctor's name
    median_ratio: float | None
    tightest_spacing_days: int | None
    doctors_below: int  # doctors with a ratio below the window (4 = firedelt)
    # the tightest N among doctors with an ordinary share (≤ 1; a share over 1 volunteers
    # extra): the «tettest» the threshold verdict, the app and the workbook name
    worst_ordinary_ratio: float | None = None
    worst_ordinary_doctor: str | None = None


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


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return (year, week)


Episode = tuple[date, date]  # first and last day of one vakt (a block is one vakt)


def tight_spans(
    dates: list[date] | list[Episode], window: int, unit: str = "dag"
) -> list[TightSpan]:
    """Stretches where consecutive vakter are fewer than ``window`` apart.

    ``dates`` are duty days, or (first, last) episodes. The gap between two episodes runs
    from the last day of one to the first day of the next, in days (a 1:4 døgnvakt rota has
    gap 4). With ``unit="uke"`` gaps are whole ISO weeks between the episodes' weeks.
    """
    episodes: list[Episode] = [e if isinstance(e, tuple) else (e, e) for e in dates]
    spans: list[TightSpan] = []
    current: list[Episode] = []
    gaps: list[int] = []
    for a, b in zip(episodes, episodes[1:], strict=False):
        if unit == "uke":
            gap = (_monday(b[0]) - _monday(a[0])).days // 7
        else:
            gap = (b[0] - a[1]).days
        if gap < window:
            if not current:
                current = [a]
            current.append(b)
            gaps.append(gap)
        elif current:
            spans.append(TightSpan(current[0][0], current[-1][1], len(current), min(gaps), unit))
            current, gaps = [], []
    if current:
        spans.append(TightSpan(current[0][0], current[-1][1], len(current), min(gaps), unit))
    return spans


def _in_exception(spans: list[TightSpan], rules: Any) -> list[TightSpan]:
    """Each stretch with the exception (:class:`solver.problem.RuleException`) whose days it
    touches, if any."""
    out = []
    for span in spans:
        exc = next((e for e in rules.exceptions if e.covers(span.start, span.end)), None)
        out.append(replace(span, exception=f"{exc.start:%d.%m}–{exc.end:%d.%m}") if exc else span)
    return out


def vakt_episodes(vakt: list[Shift]) -> list[Episode]:
    """The doctor's vakter as (first day, last day) episodes, sorted: the shifts of one block
    (helgevakt, ukevakt) form one episode; other shifts one each (several on the same start
    day are one)."""
    by_key: dict[object, list[date]] = {}
    for s in vakt:
        day = _local(s.start).date()
        by_key.setdefault(s.block or day, []).append(day)
    episodes = {(min(days), max(days)) for days in by_key.values()}
    # a lone shift that starts inside a block episode belongs to it
    merged: list[Episode] = []
    for first, last in sorted(episodes):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def is_week_long(shift: Shift) -> bool:
    """Ukevakt: a ``week`` shift, or a shift of a week block (see ``legevakt_app.shifts``)."""
    return shift.kind == "week" or bool(shift.block and ":uke-" in shift.block)


def _longest_run_without_free(weekends: list[date], busy: set[date]) -> int:
    best = run = 0
    for saturday in weekends:
        if saturday in busy:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


def hours_by_day(shift: Shift) -> dict[date, float]:
    """The shift's clock hours on each (Oslo) calendar day it touches: a 16–08 vakt is
    8 h on its first day and 8 h on the next."""
    out: dict[date, float] = {}
    moment = shift.start
    while moment < shift.end:
        day = _local(moment).date()
        midnight = datetime.combine(day + timedelta(days=1), time(0), OSLO)
        upto = min(shift.end, midnight)
        hours = (upto.astimezone(UTC) - moment.astimezone(UTC)).total_seconds() / 3600.0
        out[day] = out.get(day, 0.0) + hours
        moment = upto
    return out


def _worst_window(per_day: list[float], days: int) -> float:
    """The largest sum over ``days`` days in a row (the whole list when it is shorter)."""
    days = min(days, len(per_day))
    if days <= 0:
        return 0.0
    best = current = sum(per_day[:days])
    for i in range(days, len(per_day)):
        current += per_day[i] - per_day[i - days]
        best = max(best, current)
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
    all_weekends = weekends_in(start, end)
    shifts = {s.id: s for s in problem.shifts}
    notes: list[str] = []
    unknown = sorted({a.shift_id for a in source.rota.assignments if a.shift_id not in shifts})
    if unknown:
        notes.append(
            f"{count(len(unknown), 'vakt', 'vakter')} i turnusen finnes ikke i perioden og er ikke "
            f"regnet med (f.eks. {unknown[0]})."
        )

    by_doctor: dict[str, list[tuple[Shift, str]]] = {d.id: [] for d in problem.doctors}
    for a in source.rota.assignments:
        shift = shifts.get(a.shift_id)
        if shift is None:
            continue
        by_doctor.setdefault(a.doctor_id, []).append((shift, a.role))

    doctors_by_id = {d.id: d for d in problem.doctors}
    pdays = {p[0]: p for p in practice_days(problem)}
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
        has_practice = (doctor.has_practice if doctor else True) and practice > 0
        absences = doctor.absences if doctor else ()
        # the engine's practice days run to the day after the period (a vakt on the last
        # night costs it); the report counts the period's own days, as it counts days worked
        lost = ({day for day in practice_days_lost(problem, absences, vakt, pdays)
                 if start <= day <= end} if has_practice else set())
        # practice is worked on the period's practice days the doctor was there and no vakt
        # cost (a public holiday is no practice day; absence and lost days are not worked)
        worked = [
            day for day, p_start, p_end in pdays.values()
            if has_practice and start <= day <= end and day not in lost
            and not any(overlaps(a.start, a.end, p_start, p_end) for a in absences)
        ]  # fmt: skip
        away = whole_days(((a.start, a.end) for a in absences), start, end, OSLO)
        at_work_weeks = (period_days - len(away)) / 7.0
        unavailable = unavailable_days(doctor, start, end, OSLO) if doctor else set()
        available = period_days - len(unavailable)

        def per_week(hours: float, weeks_: float = at_work_weeks) -> float:
            return hours / weeks_ if weeks_ > 0 else 0.0

        practice_worked = per_week(len(worked) * practice / 5)
        raw_week = per_week(on_site + home + bak_hours)
        eq_week = per_week(on_site + factor * (home + bak_hours))
        total = practice_worked + raw_week
        total_eq = practice_worked + eq_week

        # working time per day for arbeidsmiljøloven (equivalent view)
        per_day = [0.0] * period_days
        for day in worked:
            per_day[(day - start).days] += practice / 5
        for s, role in duties:
            weight = 1.0 if role == "vakt" and s.on_site else factor
            for day, hours in hours_by_day(s).items():
                if start <= day <= end:
                    per_day[(day - start).days] += weight * hours
        aml_8_days = AML_AVERAGE_WEEKS * 7
        aml_average = _worst_window(per_day, aml_8_days) / (min(aml_8_days, period_days) / 7)
        aml_week = _worst_window(per_day, 7)

        duty_dates = sorted({_local(s.start).date() for s in vakt})
        bak_dates = sorted({_local(s.start).date() for s in bak})
        all_dates = set(duty_dates) | set(bak_dates)
        duty_weeks = {_iso_week(d) for d in duty_dates}
        available_weeks = len({_iso_week(start + timedelta(days=i)) for i in range(period_days)
                               if start + timedelta(days=i) not in unavailable})
        ratio_days = available / len(duty_dates) if duty_dates else None
        ratio_weeks = available_weeks / len(duty_weeks) if duty_weeks else None
        week_long = any(is_week_long(s) for s in vakt)
        ratio = ratio_weeks if week_long else ratio_days
        if week_long:  # one episode per ISO week with vakt
            by_week: dict[tuple[int, int], list[date]] = {}
            for d in duty_dates:
                by_week.setdefault(_iso_week(d), []).append(d)
            episodes = [(min(ds), max(ds)) for _w, ds in sorted(by_week.items())]
            gaps = [(_monday(b[0]) - _monday(a[0])).days // 7
                    for a, b in zip(episodes, episodes[1:], strict=False)]  # fmt: skip
        else:
            episodes = vakt_episodes(vakt)
            gaps = [(b[0] - a[1]).days for a, b in zip(episodes, episodes[1:], strict=False)]
        on_call = vakt_episodes(sorted(vakt + bak, key=lambda s: s.start))
        on_call_gaps = [(b[0] - a[1]).days for a, b in zip(on_call, on_call[1:], strict=False)]
        ratio_with_bakvakt = available / len(all_dates) if all_dates else None
        if week_long:  # in weeks, as the 1:N beside it
            on_call_weeks = sorted({_monday(d) for d in all_dates})
            ratio_with_bakvakt = (available_weeks / len(on_call_weeks)
                                  if on_call_weeks else None)
            on_call_gaps = [(b - a).days // 7
                            for a, b in zip(on_call_weeks, on_call_weeks[1:], strict=False)]

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
                above_68h=over(total, LIMIT_WITH_LEGEVAKT),
                above_48h=over(total, AML_AVERAGE_LIMIT),
                above_68h_equivalent=over(total_eq, LIMIT_WITH_LEGEVAKT),
                above_48h_equivalent=over(total_eq, AML_AVERAGE_LIMIT),
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
                tight_spans=tuple(_in_exception(
                    tight_spans(episodes, window_days, "uke" if week_long else "dag"), rules)),
                duty_dates=tuple(duty_dates),
                rotation_ratio_with_bakvakt=ratio_with_bakvakt,
                duty_days_with_bakvakt=len(all_dates),
                bakvakt_dates=tuple(bak_dates),
                tightest_spacing_with_bakvakt_days=min(on_call_gaps) if on_call_gaps else None,
                available_days=available,
                weeks_at_work=at_work_weeks,
                practice_days_worked=len(worked),
                practice_worked_per_week=practice_worked,
                aml_worst_8_weeks=aml_average,
                aml_worst_week=aml_week,
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
    were spread exactly by legevakt share over the days each doctor was available
    (Σ available days × share ÷ Σ vakt duty days; without absence, period days × Σ shares ÷
    Σ vakt duty days)."""
    shifts = {s.id: s for s in source.problem.shifts}
    vakt_days: dict[str, set[date]] = {}
    for a in source.rota.assignments:
        if a.role == "vakt" and a.shift_id in shifts:
            vakt_days.setdefault(a.doctor_id, set()).add(_local(shifts[a.shift_id].start).date())
    shares = {d.doctor_id: d.share for d in loads}
    available = {d.doctor_id: d.available_days for d in loads}
    share_sum = sum(shares.get(doc, 1.0) for doc in vakt_days)
    share_days = sum(shares.get(doc, 1.0) * available.get(doc, period_days) for doc in vakt_days)
    total_days = sum(len(days) for days in vakt_days.values())
    effective = share_days / total_days if total_days else None
    in_rota = [d for d in loads if d.rotation_ratio is not None]
    worst = min(in_rota, key=lambda d: d.rotation_ratio or 0.0) if in_rota else None
    spacings = [d.tightest_spacing_days for d in in_rota if d.tightest_spacing_days is not None]
    ordinary = [d for d in in_rota if d.share <= 1.0]
    worst_ordinary = min(ordinary, key=lambda d: d.rotation_ratio or 0.0) if ordinary else None
    return DistrictLoad(
        worst_ordinary_ratio=worst_ordinary.rotation_ratio if worst_ordinary else None,
        worst_ordinary_doctor=worst_ordinary.name if worst_ordinary else None,
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
