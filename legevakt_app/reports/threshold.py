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
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from legevakt_app.calendar import OSLO
from legevakt_app.reports.engine import SolveFn, SolveOutcome, solve_reproducibly
from legevakt_app.reports.figures import (
    FIREDELT,
    GRANT_CENTRALITY,
    GRANT_MAX_INHABITANTS,
    count_fastleger,
)
from legevakt_app.reports.workload import (
    WorkloadReport,
    is_week_long,
    workload_report,
)
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import count, decimal, ratio_number
from solver.metrics import unavailable_days
from solver.problem import Doctor, Limit, Problem, Rota, Shift

DAYS_PER_MONTH = 365.25 / 12


def need_to_dict(need: NeedEstimate) -> dict[str, Any]:
    """The estimate as plain JSON values (:func:`need_from_dict` reads it back): the app
    hands the answer it computed to the child process that writes the PDF."""
    return asdict(need)


def need_from_dict(data: dict[str, Any]) -> NeedEstimate:
    fields = dict(data)
    for key in ("attempts", "vikar_attempts"):
        fields[key] = [NeedAttempt(**a) for a in fields.get(key, [])]
    return NeedEstimate(**fields)


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
    # some vakter need a bakvakt: bakvakt days count toward 1:N too (as in the verdict), and
    # the rule «Maks vakter i vinduet» counts vakt days only
    with_bakvakt: bool = False
    # the project's own rule is already at most one vakt in any N days, ticked «absolutt»
    rule_in_place: bool = False

    @property
    def doctors(self) -> int:
        """The best answer available: the engine's if it found one, else the lower bound."""
        return self.extra_doctors if self.extra_doctors is not None else self.lower_bound

    def _possible_now_text(self) -> str:
        """1:N with today's doctors: how the leader gets that rota, never asking to tick what
        is ticked, and saying plainly that the rule does not space bakvakter."""
        n = self.target
        if self.with_bakvakt:
            found = (f"1:{n} er mulig med dagens leger, også når bakvakt teller med (sjekket "
                     "med motoren).")
            rule = ("«Maks vakter i vinduet» er alt absolutt" if self.rule_in_place
                    else "Huk av «absolutt» ved «Maks vakter i vinduet» under Vakter og regler")
            return (f"{found} {rule}, men regelen teller bare vaktdager: lag turnusen på nytt og "
                    f"se at ingen har vakt eller bakvakt oftere enn 1:{n}.")
        if self.rule_in_place:
            return (f"1:{n} er mulig med dagens leger (sjekket med motoren); «Maks vakter i "
                    f"vinduet» er alt absolutt, så en ny turnus holder 1:{n}.")
        return (f"1:{n} er mulig med dagens leger (sjekket med motoren, med 1:{n} som absolutt "
                "regel: huk av «absolutt» ved «Maks vakter i vinduet» under Vakter og regler og "
                "lag turnusen på nytt, så holder turnusen det).")

    def text(self, ask_engine: bool = True) -> str:
        """The answer in Norwegian, saying how it was found; where only duty days were counted
        and they do not settle it, to ask the engine (unless ``ask_engine`` is False: the
        caller says how)."""
        n = self.target
        if self.extra_doctors is not None:
            k = self.extra_doctors
            how = "nøyaktig" if self.exact else "høyst"
            counted = (
                f"opptellingen av vaktdøgn gir minst {self.lower_bound}" if self.lower_bound
                else "en ren opptelling av vaktdøgn viser ikke behovet"
            )
            counts = " (vakt og bakvakt teller begge)" if self.with_bakvakt else ""
            main = (
                f"For 1:{n}{counts} trengs {how} {count(k, 'lege', 'leger')} til (sjekket med "
                f"motoren; {counted})."
                if k
                else self._possible_now_text()
            )
        elif self.engine_checked:
            tried = max(a.extra for a in self.attempts) if self.attempts else self.lower_bound
            # a counting bound of 0 is no «minst 0 leger»: the counting does not rule 1:N out
            counted = (
                f"For 1:{n} trengs minst {count(self.lower_bound, 'lege', 'leger')} til (opptelling av vaktdøgn)"
                if self.lower_bound
                else f"Opptellingen av vaktdøgn utelukker ikke 1:{n} med dagens leger"
            )
            main = (f"{counted}; med opptil {count(tried, 'lege', 'leger')} til fant motoren ingen turnus "
                    "innen tidsgrensen.")
        elif self.lower_bound == 0:
            main = (f"Opptellingen av vaktdøgn utelukker ikke 1:{n} med dagens leger"
                    + ("; regn ut med motoren for å få svaret." if ask_engine else "."))
        else:
            main = f"For 1:{n} trengs minst {count(self.lower_bound, 'lege', 'leger')} til (opptelling av vaktdøgn)."
        if self.extra_doctors == 0:
            return main
        if self.vikar_nights is not None and self.vikar_nights > 0:
            per_month = decimal(self.vikar_nights_per_month or 0.0)
            check = "sjekket med motoren" if self.vikar_verified else "opptelling av vaktdøgn"
            failed = [a.extra for a in self.vikar_attempts if not a.found]
            tried = (
                f"; med {max(failed)} netter fant den ingen" if failed
                else "; færre er ikke prøvd" if self.vikar_verified else ""
            )  # fmt: skip
            main += (
                f" Alternativt holder det at en vikar tar {per_month} hele nattevakter per "
                f"måned, også kveldsdelen ({self.vikar_nights} i perioden, {check}{tried})."
                if self.vikar_verified
                # counting alone gives only a floor: the engine may find more are needed
                else f" Alternativt må en vikar ta minst {per_month} hele nattevakter per "
                f"måned, også kveldsdelen (minst {self.vikar_nights} i perioden, {check}; "
                "om det er nok, viser bare motoren)."
            )
        elif self.vikar_attempts:
            proven = self.vikar_attempts[-1].proven_infeasible
            main += (
                " Vikar på alle netter er ikke nok (sjekket med motoren)."
                if proven
                else " Med vikar på nettene fant motoren ingen turnus innen tidsgrensen."
            )
        elif self.vikar_nights is None and self.lower_bound > 0:
            main += " Vikar på netter alene er ikke nok (opptelling av vaktdøgn)."
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
    # ordinary-share doctors below 1:4 only when their bakvakt days count too (on call as well):
    # (name, 1:N with bakvakt), tightest first
    below_with_bakvakt: list[tuple[str, float]] = field(default_factory=list)

    @property
    def below_on_vakt_alone(self) -> bool:
        """Less than firedelt counting vakter only (a doctor with an ordinary share, or the
        district's effective N), not only once bakvakter count (``below_with_bakvakt``)."""
        return self.doctors_below > 0 or (
            self.effective_n is not None and self.effective_n < FIREDELT - 1e-9)

    @property
    def in_target_group(self) -> bool:
        return self.four_or_fewer or self.below_firedelt

    @property
    def doctors_needed_for_firedelt(self) -> int | None:
        return self.need.doctors if self.need is not None and self.need.target == 4 else None

    @property
    def unit_text(self) -> str:
        """«dag», or «uke» when the rota is of week-long vakter (ukevakt)."""
        return "uke" if any(d.rotation_unit == "uke" for d in self.workload.in_rota) else "dag"

    @property
    def ordinary_with_tight_spans(self) -> list[str]:
        """Ordinary-share doctors with stretches where vakter come closer than 1:4, even
        when their average over the period is not below it."""
        return [d.name for d in self.workload.in_rota if d.share <= 1.0 and d.tight_spans]

    def grant_text(self) -> str:
        """Legevakttilskudd is the kommune's, not the district's: «ja: Kvitdal, Tindøy», or
        «nei (ingen kommune …)» — the same words in the report, the app and the workbook."""
        names = [k.name for k in self.kommuner if k.grant_eligible]
        if names:
            return "ja: " + ", ".join(names)
        return "nei (ingen kommune under 5 000 innbyggere i sentralitetsklasse 6)"

    def tightest_text(self) -> str:
        """«tettest i snitt (vanlig vaktandel): Kari Nordeng 1:3,2», and the doctor with a
        volunteered extra share when that one is tighter: the one «tettest» the verdict, the
        app and the workbook use."""
        if self.worst_ordinary_ratio is None:
            return "tettest i snitt (vanlig vaktandel): –"
        text = (f"tettest i snitt (vanlig vaktandel): {self.worst_ordinary_doctor} "
                f"1:{ratio_number(self.worst_ordinary_ratio)}")
        if self.volunteer_tighter:
            text += (f"; med frivillig ekstra andel: {self.worst_doctor} "
                     f"1:{ratio_number(self.worst_ratio or 0.0)}")
        return text

    @property
    def volunteer_tighter(self) -> bool:
        """The tightest average of all is a doctor with a volunteered share over 1."""
        return (self.worst_doctor is not None and self.worst_ratio is not None
                and self.worst_doctor != self.worst_ordinary_doctor
                and (self.worst_ordinary_ratio is None
                     or self.worst_ratio < self.worst_ordinary_ratio - 1e-9))

    def verdict(self) -> str:
        """The threshold verdict in one Norwegian sentence, with the numbers behind it.

        «Mindre enn firedelt vakt» for a doctor is :meth:`DoctorLoad.below`: on vakt more
        often than every 4th day (week) on average over the days the doctor was available,
        with vakter somewhere closer than that; stretches closer than 1:4 in a rota that is
        firedelt on average are said separately, so the verdict and the stretches listed
        under it never contradict each other."""
        n = ratio_number(self.effective_n) if self.effective_n else "–"
        ordinary = (
            ratio_number(self.worst_ordinary_ratio) if self.worst_ordinary_ratio else "–"
        )
        unit = self.unit_text
        if self.in_target_group:
            reasons = []
            if self.four_or_fewer:
                reasons.append(f"{count(self.fastleger_in_rota, 'fastlege', 'fastleger')} i "
                               "turnusen (fire eller færre)")
            if self.below_firedelt and (self.below_on_vakt_alone or not self.below_with_bakvakt):
                detail = f"effektivt 1:{n}"
                if self.doctors_below:
                    detail += (f"; {count(self.doctors_below, 'lege', 'leger')} med vanlig "
                               f"vaktandel under 1:4 i snitt, tettest {self.worst_ordinary_doctor}"
                               f" 1:{ordinary}")
                reasons.append(f"mindre enn firedelt vakt ({detail})")
            elif self.below_firedelt:
                name, ratio = self.below_with_bakvakt[0]
                reasons.append("mindre enn firedelt vakt når bakvakt teller med "
                               f"({name} 1:{ratio_number(ratio)} med bakvakt)")
            return f"{self.district_name} er under firelegegrensen: " + " og ".join(reasons) + "."
        close = (
            f", men med minst 4 {'uker' if unit == 'uke' else 'dager'} mellom vaktene"
            if self.worst_ordinary_ratio is not None and self.worst_ordinary_ratio < FIREDELT
            else ""
        )
        volunteer = (
            f"; {self.worst_doctor} med frivillig ekstra andel har 1:"
            f"{ratio_number(self.worst_ratio or 0.0)}"
            if self.volunteer_tighter and (self.worst_ratio or 0.0) < FIREDELT
            else ""
        )
        text = (
            f"{self.district_name} er over firelegegrensen: {self.fastleger_in_rota} fastleger "
            f"i turnusen, effektivt 1:{n}, og ingen lege med vanlig vaktandel har vakt oftere "
            f"enn hver 4. {unit} i snitt over perioden (tettest i snitt 1:{ordinary}{close}"
            f"{volunteer})."
        )
        tight = self.ordinary_with_tight_spans
        if tight:
            text += (f" {count(len(tight), 'lege', 'leger')} har likevel perioder der vaktene "
                     "kommer tettere enn 1:4.")
        return text


def threshold_report(
    source: RotaSource,
    target: int = int(FIREDELT),
    need: bool | NeedEstimate = False,
    time_limit: float = 20.0,
    solve_fn: SolveFn = solve_reproducibly,
    workload: WorkloadReport | None = None,
) -> ThresholdReport:
    """The threshold verdict for ``source``.

    ``need=True`` also computes how many doctors reach 1:``target`` (re-solving with the
    engine, ``time_limit`` seconds per attempt); pass a ready :class:`NeedEstimate` to reuse
    one; ``False`` skips it.
    """
    load = workload or workload_report(source)
    in_rota = load.in_rota
    fastleger = count_fastleger(d.kind for d in in_rota)
    ordinary_below = [d for d in in_rota if d.share <= 1.0 and d.below(FIREDELT)]
    on_call_below = sorted(
        (d for d in in_rota
         if d.share <= 1.0 and not d.below(FIREDELT) and d.below_with_bakvakt(FIREDELT)),
        key=lambda d: d.rotation_ratio_with_bakvakt or 0.0)
    effective = load.district.effective_n
    below = (bool(ordinary_below) or bool(on_call_below)
             or (effective is not None and effective < FIREDELT - 1e-9))

    kommuner = []
    for k in source.kommuner:
        own = [d for d in load.doctors if d.kommune == k.name]
        own_rota = [d for d in own if d.in_rota]
        ratios = [d.rotation_ratio for d in own_rota if d.rotation_ratio is not None]
        own_fastleger = count_fastleger(d.kind for d in own_rota)
        all_fastleger = count_fastleger(
            i.kind for i in source.doctor_info.values() if i.kommune == k.name)
        kommuner.append(
            KommuneThreshold(
                name=k.name,
                inhabitants=k.inhabitants,
                centrality=k.centrality,
                fastleger=all_fastleger,
                fastleger_in_rota=own_fastleger,
                doctors_in_rota=len(own_rota),
                worst_ratio=min(ratios) if ratios else None,
                four_or_fewer=own_fastleger <= 4,
                below_firedelt=any(d.share <= 1.0 and (d.below(FIREDELT) or d.below_with_bakvakt(FIREDELT))
                                   for d in own_rota),
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
        fastleger_in_rota=fastleger,
        four_or_fewer=fastleger <= 4,
        below_firedelt=below,
        effective_n=effective,
        worst_ratio=load.district.worst_ratio,
        worst_doctor=load.district.worst_doctor,
        doctors_below=len(ordinary_below),
        worst_ordinary_ratio=load.district.worst_ordinary_ratio,
        worst_ordinary_doctor=load.district.worst_ordinary_doctor,
        grant_eligible=any(k.grant_eligible for k in kommuner),
        kommuner=kommuner,
        need=estimate,
        workload=load,
        below_with_bakvakt=[(d.name, d.rotation_ratio_with_bakvakt or 0.0) for d in on_call_below],
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


def doctor_capacity(
    doctor: Doctor, start: date, end: date, target: int, per_window: int = 1
) -> int:
    """Most duty days ``doctor`` can have with at most ``per_window`` in any ``target`` days."""
    if doctor.share <= 0:
        return 0
    blocked = unavailable_days(doctor, start, end, OSLO)

    def most(run: int) -> int:
        return min(run, math.ceil(run / target) * per_window)

    total = run = 0
    day = start
    while day <= end:
        if day in blocked:
            total += most(run)
            run = 0
        else:
            run += 1
        day += timedelta(days=1)
    return total + most(run)


def target_window(problem: Problem, target: int) -> tuple[int, int]:
    """``(window_days, max_in_window)`` that mean 1:``target`` on this problem: one duty day
    in any ``target`` days; with ukevakt (week blocks) one week in any ``target`` weeks, i.e.
    at most 7 duty days in any 7 × ``target`` days."""
    if any(is_week_long(s) for s in problem.shifts):
        return 7 * target, 7
    return target, 1


def with_target_rule(problem: Problem, target: int) -> Problem:
    """The problem with a hard rule: at most one duty day in any ``target`` days (one duty
    week in any ``target`` weeks for ukevakt). On every day: the period's exceptions (3-delt
    vakt at Christmas) keep their weekly and in-a-row limits but not their window, as the
    counting bound has none — 1:N is asked of the whole period."""
    window, per = target_window(problem, target)
    exceptions = tuple(replace(e, window_days=None, max_in_window=None)
                       for e in problem.rules.exceptions
                       if e.max_per_week is not None or e.max_consecutive_days is not None)
    rules = replace(problem.rules, window_days=window, max_in_window=Limit(per, hard=True),
                    exceptions=exceptions)
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


def _night_days(problem: Problem) -> list[tuple[date, int, list[str]]]:
    """Per start day with a night shift: (day, how much the day's demand drops when a vikar
    takes its nights, the night shift ids), in date order."""
    demand = day_demand(problem.shifts)
    by_day: dict[date, list[Shift]] = {}
    for s in problem.shifts:
        by_day.setdefault(_local_day(s.start), []).append(s)
    out: list[tuple[date, int, list[str]]] = []
    for day in sorted(by_day):
        nights = [s for s in by_day[day] if s.night]
        if not nights:
            continue
        rest = [s for s in by_day[day] if not s.night]
        gain = demand[day] - (max(day_demand(rest).values()) if rest else 0)
        out.append((day, gain, [s.id for s in nights]))
    return out


def _spread_order(n: int) -> list[int]:
    """0 … n-1 in an order that spreads any prefix evenly over the range (bit-reversal-like)."""
    order: list[int] = []
    seen: set[int] = set()
    step = 1
    while step * 2 <= n:
        step *= 2
    while step >= 1:
        for i in range(0, n, step):
            if i not in seen:
                seen.add(i)
                order.append(i)
        step //= 2
    return order


def _vikar_nights_plan(problem: Problem, deficit: int, min_days: int = 0) -> list[str] | None:
    """Night shifts a vikar takes, spread over the period, so the day demand drops by
    ``deficit`` and nights of at least ``min_days`` days are taken; None when all nights are
    not enough for ``deficit``."""
    if deficit <= 0 and min_days <= 0:
        return []
    candidates = _night_days(problem)
    if sum(g for _d, g, _ids in candidates if g > 0) < deficit:
        return None
    chosen: list[str] = []
    gained = taken = 0
    for i in _spread_order(len(candidates)):
        _day, gain, ids = candidates[i]
        if gain <= 0 and taken >= min_days:
            continue
        chosen.extend(ids)
        gained += max(gain, 0)
        taken += 1
        if gained >= deficit and taken >= min_days:
            break
    return chosen


def _vikar_plans(problem: Problem, deficit: int, first_guess: int) -> list[list[str]]:
    """Growing vikar plans to try with the engine: the counting argument's, then at least
    ``first_guess`` night days, then halfway to every night, then every night."""
    nights = _night_days(problem)
    everything = [i for _d, _g, ids in nights for i in ids]
    plans: list[list[str]] = []
    counted = _vikar_nights_plan(problem, deficit)
    if counted:
        plans.append(counted)
    days_in = len({s.day for s in problem.shifts if s.id in set(counted or [])})
    guess = max(first_guess, math.ceil(1.5 * days_in))
    for size in (guess, (guess + len(nights) + 1) // 2):
        candidate = _vikar_nights_plan(problem, deficit, min_days=min(size, len(nights)))
        if candidate and (not plans or len(candidate) > len(plans[-1])):
            plans.append(candidate)
    if everything and (not plans or len(plans[-1]) < len(everything)):
        plans.append(everything)
    return plans


def reaches_target(problem: Problem, rota: Rota, target: int) -> bool:
    """True when no doctor with an ordinary share (≤ 1) in ``rota`` is on duty more often
    than 1:``target``, measured as the verdict measures it: vakt days, and vakt and bakvakt
    days together (both are on call; see :func:`threshold_report`), not as the engine models
    it (its window rule counts vakt days only)."""
    source = RotaSource(problem, rota, "", [], [], {})
    load = workload_report(source, window=target)
    return not any(d.share <= 1.0 and (d.below(target) or d.below_with_bakvakt(target))
                   for d in load.in_rota)


def needs_bakvakt(problem: Problem) -> bool:
    """Some doctor is not vaktkompetent, so some vakter may need a bakvakt."""
    return any(not d.competent and d.share > 0 for d in problem.doctors)


def rule_in_place(problem: Problem, target: int) -> bool:
    """The project's own rule already holds 1:``target`` absolutely: «Maks vakter i vinduet»
    ticked «absolutt», at most as many in a window at least as long."""
    window, per = target_window(problem, target)
    limit = problem.rules.max_in_window
    return (limit is not None and limit.hard and limit.value <= per
            and problem.rules.window_days >= window)


def _attempt(problem: Problem, target: int, time_limit: float, solve_fn: SolveFn,
             extra: int) -> tuple[NeedAttempt, bool]:
    """Solve ``problem`` (already with the target rule) and check the rota reaches it."""
    outcome: SolveOutcome = solve_fn(problem, time_limit)
    ok = outcome.found and reaches_target(problem, outcome.rota, target)  # type: ignore[arg-type]
    status = outcome.status if ok or not outcome.found else f"{outcome.status} (ikke 1:{target})"
    return NeedAttempt(extra, status, ok, outcome.proven_infeasible), ok


def doctors_needed(
    source: RotaSource,
    target: int = int(FIREDELT),
    time_limit: float = 20.0,
    solve_fn: SolveFn | None = solve_reproducibly,
    max_tries: int = 4,
    vikar: bool = True,
) -> NeedEstimate:
    """How many extra full-share doctors (or vikar nights) give every doctor at most one
    duty day in any ``target`` days. ``solve_fn=None`` gives the counting bound only.

    With the engine: K = lower bound, K+1, … (``max_tries``) synthetic doctors until a rota
    exists and reaches 1:``target``; then, when doctors are needed, the vikar alternative:
    night shifts taken out of the rota (the vikar covers them), growing plans (the counting
    deficit, the duty days the K doctors would have taken, every night) until one works.
    """
    problem = source.problem
    start, end = problem.period_start, problem.period_end
    days = (end - start).days + 1
    window, per_window = target_window(problem, target)
    per_doctor = min(days, math.ceil(days / window) * per_window)
    demand = sum(day_demand(problem.shifts).values())
    capacity = sum(
        doctor_capacity(d, start, end, window, per_window) for d in problem.doctors
    )
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
        with_bakvakt=needs_bakvakt(problem),
        rule_in_place=rule_in_place(problem, target),
    )
    months = days / DAYS_PER_MONTH
    plan = _vikar_nights_plan(problem, deficit) if vikar else None
    if plan is not None:
        estimate.vikar_nights = len(plan)
        estimate.vikar_nights_per_month = len(plan) / months
    if solve_fn is None:
        return estimate

    ruled = with_target_rule(problem, target)
    all_smaller_infeasible = True
    for k in range(lower, lower + max_tries):
        attempt, ok = _attempt(with_extra_doctors(ruled, k), target, time_limit, solve_fn, k)
        if attempt.status == "NO_ENGINE":
            return estimate
        estimate.engine_checked = True
        estimate.attempts.append(attempt)
        if ok:
            estimate.extra_doctors = k
            estimate.exact = k == lower or all_smaller_infeasible
            break
        all_smaller_infeasible = all_smaller_infeasible and attempt.proven_infeasible

    if not vikar:
        return estimate
    if estimate.extra_doctors == 0:  # nothing to take over: the current doctors reach it
        estimate.vikar_nights, estimate.vikar_nights_per_month = 0, 0.0
        estimate.vikar_verified = True
        return estimate
    k = estimate.extra_doctors if estimate.extra_doctors is not None else lower + max_tries
    plans = _vikar_plans(problem, deficit, k * per_doctor)
    estimate.vikar_nights, estimate.vikar_nights_per_month = None, None
    for nights in plans:
        attempt, ok = _attempt(without_shifts(ruled, set(nights)), target, time_limit, solve_fn,
                               len(nights))  # fmt: skip
        estimate.vikar_attempts.append(attempt)
        if ok:
            estimate.vikar_nights = len(nights)
            estimate.vikar_nights_per_month = len(nights) / months
            estimate.vikar_verified = True
            break
    return estimate
