"""What-if scenarios: copy the district, change one thing, solve, compare side by side.

Each scenario is a function ``RotaSource → RotaSource`` (a changed problem without a rota);
:func:`run_scenarios` solves each with the engine and measures it with the same workload
report as the current rota, so the comparison is like for like. Headless: the GUI's scenario
table and ``legevakt report --scenarios`` both call :func:`run_scenarios`.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, time

from legevakt_app.calendar import OSLO
from legevakt_app.domain import Kommune, Station
from legevakt_app.reports.engine import SolveFn, solve_problem
from legevakt_app.reports.figures import FIREDELT
from legevakt_app.reports.workload import WorkloadReport, workload_report
from legevakt_app.rota_source import DoctorInfo, RotaSource
from solver.problem import Doctor, Rota, Shift

VIKAR_NIGHT_FROM = time(23, 0)  # the vikar takes the night from 23:00


@dataclass(frozen=True)
class Scenario:
    key: str
    name: str  # Norwegian, shown in the table
    description: str  # Norwegian: the one change
    apply: Callable[[RotaSource], RotaSource]


@dataclass
class ScenarioResult:
    key: str
    name: str
    description: str
    status: str  # "nåværende turnus", engine status, or why it could not run
    worst_week: float | None = None  # h/week, estimated total (raw view)
    median_week: float | None = None
    worst_ratio: float | None = None  # N of the tightest doctor
    effective_n: float | None = None
    bakvakt_hours_per_week: float | None = None  # all doctors together
    practice_days_lost: int | None = None  # all doctors together, over the period
    doctors_above_68: int | None = None
    doctors_in_rota: int | None = None
    note: str = ""
    source: RotaSource | None = field(default=None, repr=False)
    workload: WorkloadReport | None = field(default=None, repr=False)

    @property
    def solved(self) -> bool:
        return self.workload is not None


def _unsolved(source: RotaSource) -> RotaSource:
    return replace(source, rota=Rota([]), solve_info={})


# --- the one-change scenarios -----------------------------------------------------------


def add_doctor(source: RotaSource, count: int = 1) -> RotaSource:
    """``count`` more full-share, vaktkompetent fastleger in the first kommune."""
    kommune = source.kommuner[0].name if source.kommuner else ""
    new = tuple(
        Doctor(id=f"scenario-lege-{i}", name=f"Ny lege {i}", competent=True, share=1.0)
        for i in range(1, count + 1)
    )
    info = dict(source.doctor_info)
    for d in new:
        info[d.id] = DoctorInfo(kind="fastlege", kommune=kommune, practice_hours_per_week=49.0)
    problem = replace(source.problem, doctors=source.problem.doctors + new)
    return replace(_unsolved(source), problem=problem, doctor_info=info)


def _evening_part(shift: Shift) -> Shift | None:
    """What is left of a shift for the district's doctors when a vikar takes 23:00–08:00."""
    start = shift.start.astimezone(OSLO)
    cut = datetime.combine(start.date(), VIKAR_NIGHT_FROM, OSLO)
    if start >= cut or start.time() < time(6, 0):
        return None
    return replace(shift, end=cut, night=False, label=f"{shift.label} (til 23)")


def vikar_takes_nights(source: RotaSource) -> RotaSource:
    """A vikar takes every night (23–08): night shifts leave the rota; a shift that starts
    in the evening and runs through the night (døgnvakt 16–08) keeps its part until 23:00."""
    shifts: list[Shift] = []
    for s in source.problem.shifts:
        if not s.night:
            shifts.append(s)
            continue
        evening = _evening_part(s)
        if evening is not None:
            shifts.append(evening)
    problem = replace(source.problem, shifts=tuple(shifts))
    return replace(_unsolved(source), problem=problem)


def rest_11h(source: RotaSource) -> RotaSource:
    """Arbeidsmiljøloven § 10-8: 11 hours free between work periods instead of 8."""
    rules = replace(source.problem.rules, min_rest_hours=11.0)
    return replace(_unsolved(source), problem=replace(source.problem, rules=rules))


def lis1_sufficient(source: RotaSource) -> RotaSource:
    """Competence rule "completed LIS1 is enough" (needs the project's competence facts)."""
    if source.project is None:
        raise ScenarioUnavailable("trenger prosjektfilen (kompetansefakta), ikke bare et resultat")
    from legevakt_app.rota_source import source_from_project

    project = source.project.model_copy(deep=True)
    project.rules.competence_rule = "lis1_sufficient"
    project.rota = [a for a in project.rota if a.locked]
    changed = source_from_project(project)
    changed.rota = Rota([])
    return changed


def join_neighbour(
    source: RotaSource,
    name: str = "Nabokommune",
    inhabitants: int = 6000,
    centrality: int = 5,
    doctors: int = 6,
) -> RotaSource:
    """Join a neighbour kommune in an interkommunal legevakt: the doctor on duty sits at the
    neighbour's central legevakt, today's stations become satellites (nurses, video), and the
    neighbour's ``doctors`` fastleger join one shared rota."""
    central_id = "nabo-sentral"
    stations = [
        Station(id=s.id, name=s.name.replace("legevakt", "satellitt"), kind="satellite",
                kommune=s.kommune) if s.kind == "central" else s
        for s in source.stations
    ]  # fmt: skip
    stations.append(
        Station(id=central_id, name=f"{name} legevakt", kind="central", kommune=name)
    )
    moved = {s.id for s in source.stations if s.kind == "central"}
    shifts = tuple(
        replace(s, station=central_id, block=s.block.replace(s.station, central_id, 1)
                if s.block else None) if s.station in moved else s
        for s in source.problem.shifts
    )  # fmt: skip
    new = tuple(
        Doctor(id=f"nabo-{i}", name=f"{name} lege {i}", competent=True, share=1.0)
        for i in range(1, doctors + 1)
    )
    info = dict(source.doctor_info)
    for d in new:
        info[d.id] = DoctorInfo(kind="fastlege", kommune=name, practice_hours_per_week=49.0)
    problem = replace(source.problem, shifts=shifts, doctors=source.problem.doctors + new)
    return replace(
        _unsolved(source),
        problem=problem,
        district_name=f"{source.district_name} + {name}",
        kommuner=[*source.kommuner, Kommune(name=name, inhabitants=inhabitants,
                                            centrality=centrality)],
        stations=stations,
        doctor_info=info,
        project=None,
    )  # fmt: skip


class ScenarioUnavailable(Exception):
    """The scenario cannot be built from this source (Norwegian message)."""


STANDARD_SCENARIOS: tuple[Scenario, ...] = (
    Scenario("add_doctor", "+1 lege", "Én fastlege til med full vaktandel", add_doctor),
    Scenario("vikar_nights", "Vikar tar nettene", "En vikar dekker alle netter 23–08",
             vikar_takes_nights),
    Scenario("rest_11h", "Hvile 11 t", "Minst 11 timer hvile mellom arbeidsperioder "
             "(arbeidsmiljøloven § 10-8)", rest_11h),
    Scenario("lis1_sufficient", "LIS1 er nok", "Kompetanseregel: fullført LIS1 er nok til å "
             "ha vakt alene", lis1_sufficient),
    Scenario("join_neighbour", "Interkommunalt", "Slå sammen med en nabokommune (6 000 innb., "
             "6 fastleger); dagens legevakt blir satellitt", join_neighbour),
)  # fmt: skip


def measure(result: ScenarioResult, source: RotaSource) -> ScenarioResult:
    """Fill ``result`` with the comparison figures of ``source``'s rota."""
    load = workload_report(source)
    rota = load.in_rota
    weeks = [d.estimated_total_week for d in rota]
    ratios = [d.rotation_ratio for d in rota if d.rotation_ratio is not None]
    result.source = source
    result.workload = load
    result.worst_week = max(weeks) if weeks else None
    result.median_week = statistics.median(weeks) if weeks else None
    result.worst_ratio = min(ratios) if ratios else None
    result.effective_n = load.district.effective_n
    result.bakvakt_hours_per_week = sum(d.bakvakt_hours for d in rota) / load.weeks
    result.practice_days_lost = sum(d.practice_days_lost for d in rota)
    result.doctors_above_68 = sum(1 for d in rota if d.above_68h)
    result.doctors_in_rota = len(rota)
    if result.worst_ratio is not None and result.worst_ratio < FIREDELT and not result.note:
        result.note = "mindre enn firedelt"
    return result


def run_scenarios(
    source: RotaSource,
    scenarios: tuple[Scenario, ...] | list[Scenario] = STANDARD_SCENARIOS,
    time_limit: float = 20.0,
    solve_fn: SolveFn = solve_problem,
    on_progress: Callable[[str], None] | None = None,
) -> list[ScenarioResult]:
    """The current rota first, then each scenario solved within ``time_limit`` seconds."""
    results: list[ScenarioResult] = []
    base = ScenarioResult("current", "Nåværende", "Dagens prosjekt og turnus", "nåværende turnus")
    if source.has_rota:
        results.append(measure(base, source))
    else:
        outcome = solve_fn(source.problem, time_limit)
        base.status = outcome.status
        if outcome.rota is not None:
            results.append(measure(base, replace(source, rota=outcome.rota)))
        else:
            base.note = "ingen turnus funnet"
            results.append(base)
    for scenario in scenarios:
        if on_progress:
            on_progress(scenario.name)
        result = ScenarioResult(scenario.key, scenario.name, scenario.description, "")
        try:
            changed = scenario.apply(source)
        except ScenarioUnavailable as err:
            result.status = "ikke tilgjengelig"
            result.note = str(err)
            results.append(result)
            continue
        outcome = solve_fn(changed.problem, time_limit)
        result.status = outcome.status
        if outcome.rota is None:
            result.note = (
                "ingen turnus mulig" if outcome.proven_infeasible else "ingen turnus funnet"
            )
            results.append(result)
            continue
        results.append(measure(result, replace(changed, rota=outcome.rota)))
    return results
