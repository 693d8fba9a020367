"""The four-doctor threshold, the legevakt grant, and how many doctors a district lacks.

Definitions (seed ``002_…`` = Handlingsplan for allmennlegetjenesten, årsrapport 2021):

* **fire eller færre fastleger** (§ 1.8.3) — at most four fastleger take part in the rota
  (vakt or bakvakt). Fastlege here means a doctor of kind ``fastlege`` or ``alis`` (an ALIS
  holds a fastlege list); LIS1, vikarer and employed doctors are counted as doctors in the
  rota but not as fastleger.
* **mindre enn firedelt vakt** (§ 1.8.3) — the district's effective N is below 4, or a doctor
  with an ordinary share (legevakt share ≤ 1, i.e. not a volunteer for extra) has a rotation
  ratio below 1:4 over the period (see :mod:`legevakt_app.reports.workload`).
* **legevakttilskudd** (§ 1.8.2) — a kommune with fewer than 5000 inhabitants in SSB
  sentralitetsklasse 6 may apply. The district is reported eligible when any of its kommuner
  is.

**How many more doctors are needed to reach 1:N** (N = 4 for firedelt, or e.g. 6) is answered
under the current rules plus a hard rule *at most one duty day in any N days for every
doctor* — that is what "every N-th day" means on a rota. First a counting argument gives a
lower bound that holds for any rota:

* each calendar day needs at least as many distinct doctors as the most shift slots that
  start that day and run at the same time (``day_demand``);
* under the rule, a doctor available on a stretch of L consecutive days has at most
  ⌈L / N⌉ duty days in it (absences and full fritak split the stretches; share 0 = none);
* so ``K`` extra full-share doctors are needed with
  ``K ≥ (Σ day_demand − Σ capacity) ÷ ⌈period days / N⌉``.

Then the engine re-solves the problem with K, K+1, … synthetic full-share, vaktkompetent
doctors added until a rota exists. When the first K found equals the lower bound, or every
smaller K was proven infeasible, the answer is exact; otherwise it is an upper bound.
The vikar alternative removes night shifts from the district's rota (the vikar covers them)
until the counting argument is satisfied, and checks that with the engine too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from legevakt_app.calendar import OSLO
from legevakt_app.reports.engine import SolveFn, SolveOutcome, solve_problem
from legevakt_app.reports.figures import (
    FASTLEGE_KINDS,
    FIREDELT,
    GRANT_CENTRALITY,
    GRANT_MAX_INHABITANTS,
    norwegian_number,
)
from legevakt_app.reports.workload import WorkloadReport, workload_report
from legevakt_app.rota_source import RotaSource
from solver.problem import Doctor, Limit, Problem, Shift

DAYS_PER_MONTH = 365.25 / 12


def grant_eligible(inhabitants: int, centrality: int) -> bool:
    """Legevakttilskudd: fewer than 5000 inhabitants and sentralitetsklasse 6 (§ 1.8.2)."""
    return inhabitants < GRANT_MAX_INHABITANTS and centrality == GRANT_CENTRALITY


@dataclass(frozen=True)
class KommuneThreshold:
    name: str
    inhabitants: int
    centrality: int
    fastleger: int  # fastleger from this kommune in the project
    fastleger_in_rota: int
    doctors_in_rota: int
    worst_ratio: float | None  # tightest N among this kommune's doctors in the rota
    four_or_fewer: bool  # this kommune's own fastleger in the rota ≤ 4
    below_firedelt: bool  # one of its ordinary-share doctors is below 1:4
    grant_eligible: bool


@dataclass(frozen=True)
class NeedAttempt:
    extra: int  # extra doctors (or vikar nights) tried
    status: str  # engine status
    found: bool
    proven_infeasible: bool


@dataclass
class NeedEstimate:
    """How many more doctors (or vikar nights) reach 1:``target`` under the current rules."""

    target: int
    lower_bound: int  # extra full-share doctors, by the counting argument
    extra_doctors: int | None  # first K for which the engine made a rota; None: not checked
    exact: bool  # extra_doctors is the true minimum (not just an upper bound)
    attempts: list[NeedAttempt] = field(default_factory=list)
    vikar_nights: int | None = None  # nights over the period the vikar must take (None: no)
    vikar_nights_per_month: float | None = None
    vikar_verified: bool = False
    vikar_attempts: list[NeedAttempt] = field(default_factory=list)
    day_demand: int = 0  # Σ per-day distinct doctors needed
    capacity: int = 0  # Σ duty days the current doctors may have under 1:target
    per_doctor_capacity: int = 0  # ⌈period days / target⌉
    engine_checked: bool = False

    @property
    def doctors(self) -> int:
        """The best answer available: the engine's if it found one, else the lower bound."""
        return self.extra_doctors if self.extra_doctors is not None else self.lower_bound

    def text(self) -> str:
        n = self.target
        if self.extra_doctors is not None:
            k = self.extra_doctors
            how = "nøyaktig" if self.exact else "høyst"
            main = (
                f"For 1:{n} trengs {how} {k} lege(r) til (sjekket med motoren; "
                f"telleargumentet gir minst {self.lower_bound})."
                if k
                else f"1:{n} er mulig med dagens leger (sjekket med motoren)."
            )
        elif self.engine_checked:
            main = (
                f"For 1:{n} trengs minst {self.lower_bound} lege(r) til (telleargument); "
                "motoren fant ingen turnus innen tidsgrensen."
            )
        else:
            main = f"For 1:{n} trengs minst {self.lower_bound} lege(r) til (telleargument)."
        if self.vikar_nights is not None and self.vikar_nights > 0:
            per_month = norwegian_number(self.vikar_nights_per_month or 0.0)
            check = "sjekket med motoren" if self.vikar_verified else "telleargument"
            main += f" Alternativt: vikar tar {per_month} netter per måned ({check})."
        elif self.vikar_nights is None and self.lower_bound > 0:
            main += " Vikar på netter alene er ikke nok."
        return main


@dataclass
class ThresholdReport:
    district_name: str
    target: int
    doctors_in_rota: int
    fastleger_in_rota: int
    four_or_fewer: bool
    below_firedelt: bool
    effective_n: float | None
    worst_ratio: float | None
    worst_doctor: str | None
    doctors_below: int  # ordinary-share doctors below 1:4
    worst_ordinary_ratio: float | None  # tightest N among ordinary-share doctors (share ≤ 1)
    worst_ordinary_doctor: str | None
    grant_eligible: bool
    kommuner: list[KommuneThreshold]
    need: NeedEstimate | None
    workload: WorkloadReport

    @property
    def in_target_group(self) -> bool:
        return self.four_or_fewer or self.below_firedelt

    @property
    def doctors_needed_for_firedelt(self) -> int | None:
        return self.need.doctors if self.need is not None and self.need.target == 4 else None

    def verdict(self) -> str:
        """The threshold verdict in one Norwegian sentence, with the numbers behind it."""
        n = norwegian_number(self.effective_n) if self.effective_n else "–"
        worst = norwegian_number(self.worst_ratio) if self.worst_ratio else "–"
        if self.in_target_group:
            reasons = []
            if self.four_or_fewer:
                reasons.append(f"bare {self.fastleger_in_rota} fastleger i turnusen")
            if self.below_firedelt:
                reasons.append(f"mindre enn firedelt vakt (effektivt 1:{n}, verst 1:{worst})")
            return f"{self.district_name} er under firelegegrensen: " + " og ".join(reasons) + "."
        ordinary = (
            norwegian_number(self.worst_ordinary_ratio) if self.worst_ordinary_ratio else "–"
        )
        volunteer = (
            f"; {self.worst_doctor} med frivillig ekstra andel har 1:{worst}"
            if self.worst_doctor and self.worst_doctor != self.worst_ordinary_doctor
            and self.worst_ratio is not None and self.worst_ratio < FIREDELT
            else ""
        )
        return (
            f"{self.district_name} er over firelegegrensen: {self.fastleger_in_rota} fastleger "
            f"i turnusen, effektivt 1:{n}, og ingen lege med vanlig vaktandel har tettere enn "
            f"firedelt vakt (tettest 1:{ordinary}{volunteer})."
        )


def threshold_report(
    source: RotaSource,
    target: int = int(FIREDELT),
    need: bool | NeedEstimate = False,
    time_limit: float = 20.0,
    solve_fn: SolveFn = solve_problem,
    workload: WorkloadReport | None = None,
) -> ThresholdReport:
    """The threshold verdict for ``source``.

    ``need=True`` also computes how many doctors reach 1:``target`` (re-solving with the
    engine, ``time_limit`` seconds per attempt); pass a ready :class:`NeedEstimate` to reuse
    one; ``False`` skips it.
    """
    load = workload or workload_report(source)
    in_rota = load.in_rota
    fastleger = [d for d in in_rota if d.is_fastlege]
    ordinary_below = [d for d in in_rota if d.share <= 1.0 and d.below(FIREDELT)]
    effective = load.district.effective_n
    below = bool(ordinary_below) or (effective is not None and effective < FIREDELT - 1e-9)

    ordinary = [d for d in in_rota if d.share <= 1.0 and d.rotation_ratio is not None]
    worst_ordinary = min(ordinary, key=lambda d: d.rotation_ratio or 0.0) if ordinary else None
    kommuner = []
    for k in source.kommuner:
        own = [d for d in load.doctors if d.kommune == k.name]
        own_rota = [d for d in own if d.in_rota]
        ratios = [d.rotation_ratio for d in own_rota if d.rotation_ratio is not None]
        own_fastleger = [d for d in own_rota if d.is_fastlege]
        all_fastleger = [
            i for i in source.doctor_info.values() if i.kommune == k.name and i.kind in FASTLEGE_KINDS
        ]
        kommuner.append(
            KommuneThreshold(
                name=k.name,
                inhabitants=k.inhabitants,
                centrality=k.centrality,
                fastleger=len(all_fastleger),
                fastleger_in_rota=len(own_fastleger),
                doctors_in_rota=len(own_rota),
                worst_ratio=min(ratios) if ratios else None,
                four_or_fewer=len(own_fastleger) <= 4,
                below_firedelt=any(d.share <= 1.0 and d.below(FIREDELT) for d in own_rota),
                grant_eligible=grant_eligible(k.inhabitants, k.centrality),
            )
        )

    estimate: NeedEstimate | None
    if isinstance(need, NeedEstimate):
        estimate = need
    elif need:
        estimate = doctors_needed(source, target, time_limit=time_limit, solve_fn=solve_fn)
    else:
        estimate = None

    return ThresholdReport(
        district_name=source.district_name,
        target=target,
        doctors_in_rota=len(in_rota),
        fastleger_in_rota=len(fastleger),
        four_or_fewer=len(fastleger) <= 4,
        below_firedelt=below,
        effective_n=effective,
        worst_ratio=load.district.worst_ratio,
        worst_doctor=load.district.worst_doctor,
        doctors_below=len(ordinary_below),
        worst_ordinary_ratio=worst_ordinary.rotation_ratio if worst_ordinary else None,
        worst_ordinary_doctor=worst_ordinary.name if worst_ordinary else None,
        grant_eligible=any(k.grant_eligible for k in kommuner),
        kommuner=kommuner,
        need=estimate,
        workload=load,
    )


# --- the counting argument -------------------------------------------------------------


def _local_day(dt: datetime) -> date:
    return dt.astimezone(OSLO).date()


def day_demand(shifts: tuple[Shift, ...] | list[Shift]) -> dict[date, int]:
    """Per start day, the fewest distinct doctors that day needs: the most vakt slots of
    shifts starting that day that run at the same time."""
    by_day: dict[date, list[Shift]] = {}
    for s in shifts:
        by_day.setdefault(_local_day(s.start), []).append(s)
    out: dict[date, int] = {}
    for day, todays in by_day.items():
        events: list[tuple[datetime, int]] = []
        for s in todays:
            events.append((s.start, s.required))
            events.append((s.end, -s.required))
        events.sort(key=lambda e: (e[0], e[1]))  # an end before a start at the same moment
        running = best = 0
        for _when, delta in events:
            running += delta
            best = max(best, running)
        out[day] = best
    return out


def _unavailable_days(doctor: Doctor, start: date, end: date) -> set[date]:
    """Days a doctor can have no duty at all: absences and full fritak covering the day."""
    blocked: set[date] = set()
    spans = [(a.start, a.end) for a in doctor.absences]
    spans += [(e.start, e.end) for e in doctor.exemptions if e.scope == "full"]
    for s_start, s_end in spans:
        day = max(start, _local_day(s_start))
        while day <= end:
            day_start = datetime.combine(day, time(0), OSLO)
            if day_start >= s_end:
                break
            if s_start <= day_start and day_start + timedelta(days=1) <= s_end:
                blocked.add(day)
            day += timedelta(days=1)
    return blocked


def doctor_capacity(doctor: Doctor, start: date, end: date, target: int) -> int:
    """Most duty days ``doctor`` can have with at most one in any ``target`` days."""
    if doctor.share <= 0:
        return 0
    blocked = _unavailable_days(doctor, start, end)
    total = run = 0
    day = start
    while day <= end:
        if day in blocked:
            total += math.ceil(run / target)
            run = 0
        else:
            run += 1
        day += timedelta(days=1)
    return total + math.ceil(run / target)


def with_target_rule(problem: Problem, target: int) -> Problem:
    """The problem with a hard rule: at most one duty day in any ``target`` days."""
    rules = replace(problem.rules, window_days=target, max_in_window=Limit(1, hard=True))
    return replace(problem, rules=rules)


def with_extra_doctors(problem: Problem, count: int, prefix: str = "ekstra") -> Problem:
    """The problem with ``count`` synthetic full-share, vaktkompetent doctors added."""
    extra = tuple(
        Doctor(id=f"{prefix}-{i}", name=f"Ekstra lege {i}", competent=True, share=1.0)
        for i in range(1, count + 1)
    )
    return replace(problem, doctors=problem.doctors + extra)


def without_shifts(problem: Problem, shift_ids: set[str]) -> Problem:
    return replace(problem, shifts=tuple(s for s in problem.shifts if s.id not in shift_ids))


def _vikar_nights_plan(problem: Problem, deficit: int) -> list[str] | None:
    """Night shifts a vikar takes so the day demand drops by ``deficit``, spread over the
    period; None when even all nights are not enough."""
    if deficit <= 0:
        return []
    demand = day_demand(problem.shifts)
    candidates: list[tuple[date, int, list[str]]] = []
    by_day: dict[date, list[Shift]] = {}
    for s in problem.shifts:
        by_day.setdefault(_local_day(s.start), []).append(s)
    for day in sorted(by_day):
        nights = [s for s in by_day[day] if s.night]
        if not nights:
            continue
        rest = [s for s in by_day[day] if not s.night]
        gain = demand[day] - (max(day_demand(rest).values()) if rest else 0)
        if gain > 0:
            candidates.append((day, gain, [s.id for s in nights]))
    if sum(g for _d, g, _ids in candidates) < deficit:
        return None
    # take days spread evenly: order by a stride through the candidate list
    order: list[int] = []
    n = len(candidates)
    step = 1
    while step * 2 <= n:
        step *= 2
    seen: set[int] = set()
    while step >= 1:
        for i in range(0, n, step):
            if i not in seen:
                seen.add(i)
                order.append(i)
        step //= 2
    chosen: list[str] = []
    gained = 0
    for i in order:
        _day, gain, ids = candidates[i]
        chosen.extend(ids)
        gained += gain
        if gained >= deficit:
            break
    return chosen


def doctors_needed(
    source: RotaSource,
    target: int = int(FIREDELT),
    time_limit: float = 20.0,
    solve_fn: SolveFn | None = solve_problem,
    max_tries: int = 4,
    vikar: bool = True,
) -> NeedEstimate:
    """How many extra full-share doctors (or vikar nights) give every doctor at most one
    duty day in any ``target`` days. ``solve_fn=None`` gives the counting bound only."""
    problem = source.problem
    start, end = problem.period_start, problem.period_end
    days = (end - start).days + 1
    per_doctor = math.ceil(days / target)
    demand = sum(day_demand(problem.shifts).values())
    capacity = sum(doctor_capacity(d, start, end, target) for d in problem.doctors)
    deficit = demand - capacity
    lower = max(0, math.ceil(deficit / per_doctor)) if per_doctor else 0
    estimate = NeedEstimate(
        target=target,
        lower_bound=lower,
        extra_doctors=None,
        exact=False,
        day_demand=demand,
        capacity=capacity,
        per_doctor_capacity=per_doctor,
    )
    plan = _vikar_nights_plan(problem, deficit) if vikar else None
    if plan is not None:
        estimate.vikar_nights = len(plan)
        estimate.vikar_nights_per_month = len(plan) / (days / DAYS_PER_MONTH)
    if solve_fn is None:
        return estimate

    ruled = with_target_rule(problem, target)
    all_smaller_infeasible = True
    for k in range(lower, lower + max_tries):
        outcome: SolveOutcome = solve_fn(with_extra_doctors(ruled, k), time_limit)
        if outcome.status == "NO_ENGINE":
            return estimate
        estimate.engine_checked = True
        estimate.attempts.append(NeedAttempt(k, outcome.status, outcome.found, outcome.proven_infeasible))
        if outcome.found:
            estimate.extra_doctors = k
            estimate.exact = k == lower or all_smaller_infeasible
            break
        all_smaller_infeasible = all_smaller_infeasible and outcome.proven_infeasible

    if vikar and plan:
        all_nights = [s.id for s in problem.shifts if s.night]
        tries = 0
        while plan is not None and tries < 3:
            outcome = solve_fn(without_shifts(ruled, set(plan)), time_limit)
            estimate.vikar_attempts.append(
                NeedAttempt(len(plan), outcome.status, outcome.found, outcome.proven_infeasible)
            )
            tries += 1
            if outcome.found:
                estimate.vikar_verified = True
                break
            if len(plan) >= len(all_nights):
                break
            more = _vikar_nights_plan(problem, deficit + max(1, math.ceil(0.25 * max(deficit, 4))) * tries)
            plan = more if more is not None else all_nights
        if plan is not None:
            estimate.vikar_nights = len(plan)
            estimate.vikar_nights_per_month = len(plan) / (days / DAYS_PER_MONTH)
    return estimate
