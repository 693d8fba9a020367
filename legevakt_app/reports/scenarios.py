"""What-if scenarios: copy the district, change one thing, solve, compare side by side.

Each scenario is a function ``RotaSource → RotaSource`` (a changed problem without a rota);
:func:`run_scenarios` solves each with the engine and measures it with the same workload
report as the current rota, so the comparison is like for like. Headless: the GUI's scenario
table and ``legevakt report --scenarios`` both call :func:`run_scenarios`. The same change made
on the project itself, to keep as a project file, is in :mod:`legevakt_app.reports.scenario_projects`.
"""

from __future__ import annotations

import difflib
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from legevakt_app.calendar import OSLO
from legevakt_app.domain import WEEKDAY_NAMES, Kommune, Station
from legevakt_app.reports.engine import SolveFn, solve_reproducibly
from legevakt_app.reports.threshold import ThresholdReport, threshold_report
from legevakt_app.reports.workload import WorkloadReport, workload_report
from legevakt_app.rota_source import DoctorInfo, RotaSource
from legevakt_app.wording import count, ratio_number
from solver.checker import soft_breaches
from solver.problem import Doctor, Limit, Problem, Rota, Rules, Shift

VIKAR_NIGHT_FROM = time(23, 0)  # the vikar takes the night from 23:00
VIKAR_EVENING_FROM = time(6, 0)  # a night shift starting 06–23 keeps its part until 23:00
NEIGHBOUR_NAME = "Nabokommune"  # join_neighbour's defaults
NEIGHBOUR_INHABITANTS = 6000
NEIGHBOUR_CENTRALITY = 5
NEIGHBOUR_CENTRAL_ID = "nabo-sentral"
NEIGHBOUR_DOCTORS = 6
CURRENT_NAME = "Nåværende"  # the first row: today's project and rota


def new_doctor_id(i: int) -> str:
    """The id of the ``i``-th doctor a scenario adds (from 1)."""
    return f"scenario-lege-{i}"


def new_doctor_name(i: int) -> str:
    return f"Ny lege {i}"


def neighbour_doctor_id(i: int) -> str:
    return f"nabo-{i}"


def neighbour_doctor_name(kommune: str, i: int) -> str:
    return f"{kommune} lege {i}"


@dataclass(frozen=True)
class Scenario:
    key: str
    name: str  # Norwegian, shown in the table
    description: str  # Norwegian: the one change
    apply: Callable[[RotaSource], RotaSource]
    value: int | None = None  # the change's number (count, hours …); None: it takes none


# the scenario table's bakvakt figure is the district's, beside figures per doctor: its heading
# and explanation, the same on screen and in the text report
BAKVAKT_DISTRICT_HEADING = "Bakvakt i distriktet, t/uke"
# vakter closer than the soft spacing limits allow, in every view of the comparison
TOO_CLOSE_HEADING = "Vakter for tett"
TOO_CLOSE_TIP = ("Vakter tettere enn de myke avstandsreglene (f.eks. maks 1 vakt per 4 døgn), "
                 "alle legene sammen, som «Myke regler» i kontrollen teller dem: tillatt, men "
                 "det motoren prøver å unngå. «Absolutt avstand» viser hva det koster å ha "
                 "ingen.")
BAKVAKT_DISTRICT_TIP = ("Alle bakvakttimer i distriktet delt på periodens uker: summen for alle "
                        "legene sammen, ikke per lege.")


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
    too_close: int | None = None  # vakter closer than the soft spacing limits, all doctors
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
        Doctor(id=new_doctor_id(i), name=new_doctor_name(i), competent=True, share=1.0)
        for i in range(1, count + 1)
    )
    info = dict(source.doctor_info)
    for d in new:
        info[d.id] = DoctorInfo(kind="fastlege", kommune=kommune, practice_hours_per_week=49.0)
    problem = replace(source.problem, doctors=source.problem.doctors + new)
    return replace(_unsolved(source), problem=problem, doctor_info=info)


VIKAR_MORNING = time(8, 0)  # the vikar's night ends at 08:00


def vikar_refusal(label: str, start: datetime, end: datetime) -> str:
    """Why «Vikar tar nettene» cannot be saved as a project for this vakttype: its days and
    evenings, each a vakttype of its own, cannot be tied to one doctor by a block (they run
    from one ISO week into the next, or the station has another block of that kind)."""
    def at(t: datetime) -> str:
        t = t.astimezone(OSLO)
        return f"{WEEKDAY_NAMES[t.weekday()]} {t:%H:%M}"

    return (f"«Vikar tar nettene» kan ikke lagres som prosjekt når en vakt over flere netter "
            f"({label}, {at(start)}–{at(end)}) ikke kan deles i dager som samme lege beholder "
            "(dagene går over i neste uke, eller stasjonen har en annen vaktblokk): del vakten i "
            "døgnvakter (kveld/natt) og helgedager først.")


def day_parts(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """What is left of a duty ``start``–``end`` for the district's doctor when a vikar takes
    every night 23:00–08:00 (Oslo time): a døgnvakt 16–08 keeps 16–23; a helgevakt Fri 16 –
    Mon 08 keeps Fri 16–23, Sat 08–23 and Sun 08–23. A duty starting 23–06 has no evening
    of its own: its first part is the vikar's night."""
    start, end = start.astimezone(OSLO), end.astimezone(OSLO)
    parts = []
    day = start.date()
    while True:
        morning = datetime.combine(day, VIKAR_MORNING, OSLO)
        if morning >= end:
            break
        if day == start.date():
            begin = start if VIKAR_EVENING_FROM <= start.time() < VIKAR_NIGHT_FROM else None
        else:
            begin = morning
        finish = min(end, datetime.combine(day, VIKAR_NIGHT_FROM, OSLO))
        if begin is not None and finish > begin:
            parts.append((begin, finish))
        day += timedelta(days=1)
    return parts


def _parts_of(shift: Shift) -> list[Shift]:
    """:func:`day_parts` of a night shift as shifts. Several parts (a helgevakt) go to one
    doctor, as the whole did: they share a block (the shift's own, or one of their own). The
    first part keeps the shift's id, so a locked or pre-assigned helgevakt stays that
    doctor's."""
    parts = day_parts(shift.start, shift.end)
    if len(parts) == 1:
        begin, finish = parts[0]
        return [replace(shift, start=begin, end=finish, night=False,
                        label=f"{shift.label} (til {finish:%H})")]
    block = shift.block or f"vikar-dager:{shift.id}"
    return [replace(shift, id=shift.id if i == 0 else f"{shift.id}~{i}", start=begin, end=finish,
                    night=False, block=block,
                    label=f"{shift.label} ({WEEKDAY_NAMES[begin.weekday()]} {begin:%H}–{finish:%H})")
            for i, (begin, finish) in enumerate(parts)]


def vikar_takes_nights(source: RotaSource) -> RotaSource:
    """A vikar takes every night (23–08): night shifts leave the rota; a shift that starts
    in the evening and runs through the night (døgnvakt 16–08) keeps its part until 23:00;
    a shift over several nights (a helgevakt Fri 16 – Mon 08) keeps its days and evenings
    (:func:`day_parts`), still one doctor's."""
    shifts: list[Shift] = []
    for s in source.problem.shifts:
        if s.night:
            shifts.extend(_parts_of(s))
        else:
            shifts.append(s)
    problem = replace(source.problem, shifts=tuple(shifts))
    return replace(_unsolved(source), problem=problem)


def rest_hours(source: RotaSource, hours: float = 11.0) -> RotaSource:
    """The rest rule set to ``hours`` free between work periods (SFS 2305: 8)."""
    rules = replace(source.problem.rules, min_rest_hours=float(hours))
    return replace(_unsolved(source), problem=replace(source.problem, rules=rules))


def rest_11h(source: RotaSource) -> RotaSource:
    """Arbeidsmiljøloven § 10-8: 11 hours free between work periods instead of 8."""
    return rest_hours(source, 11.0)


def _absolute(limit: Limit | None) -> Limit | None:
    return None if limit is None else replace(limit, hard=True)


def hard_spacing(source: RotaSource) -> RotaSource:
    """Every soft spacing limit (the period's «maks K per N døgn», per week and on end, and
    each exception's) made absolute: what a rota with no vakt closer than the rules costs."""
    r = source.problem.rules
    rules = replace(
        r, max_in_window=_absolute(r.max_in_window), max_per_week=_absolute(r.max_per_week),
        max_consecutive_days=_absolute(r.max_consecutive_days),
        exceptions=tuple(replace(e, max_in_window=_absolute(e.max_in_window),
                                 max_per_week=_absolute(e.max_per_week),
                                 max_consecutive_days=_absolute(e.max_consecutive_days))
                         for e in r.exceptions))
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
    name: str = NEIGHBOUR_NAME,
    inhabitants: int = NEIGHBOUR_INHABITANTS,
    centrality: int = NEIGHBOUR_CENTRALITY,
    doctors: int = NEIGHBOUR_DOCTORS,
) -> RotaSource:
    """Join a neighbour kommune in an interkommunal legevakt: the doctor on duty sits at the
    neighbour's central legevakt, today's stations become satellites (nurses, video), and the
    neighbour's ``doctors`` fastleger join one shared rota."""
    central_id = NEIGHBOUR_CENTRAL_ID
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
        Doctor(id=neighbour_doctor_id(i), name=neighbour_doctor_name(name, i), competent=True,
               share=1.0)
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


class ScenarioSpecError(ValueError):
    """A scenario the leader described is not valid; the message names the field."""


@dataclass(frozen=True)
class Change:
    """One kind of change a scenario makes; ``value`` is its number (count, hours …)."""

    key: str
    label: str  # Norwegian, for the GUI's list of changes
    value_label: str | None  # what the number means; None: the change takes no number
    default: int | None
    minimum: int
    maximum: int
    build: Callable[[RotaSource, int | None], RotaSource]
    describe: Callable[[int | None], str]  # Norwegian: the one change, with its number


CHANGES: dict[str, Change] = {
    c.key: c
    for c in (
        Change("add_doctor", "Flere leger", "antall leger", 1, 1, 20,
               lambda src, v: add_doctor(src, int(v or 1)),
               lambda v: f"{count(int(v or 1), 'fastlege', 'fastleger')} til med full vaktandel "
               "(vaktkompetent, 49 t praksis per uke, i distriktets første kommune)"),
        Change("vikar_nights", "Vikar tar nettene", None, None, 0, 0,
               lambda src, _v: vikar_takes_nights(src),
               lambda _v: "En vikar dekker alle netter 23–08 (en døgnvakt beholder "
               "kveldsdelen til 23 hos legene, en helgevakt dagene og kveldene, hos samme "
               "lege)"),
        Change("rest_11h", "Hvileregel", "timer hvile", 11, 8, 24,
               lambda src, v: rest_hours(src, float(v or 11)),
               lambda v: f"Minst {v or 11} timer hvile mellom arbeidsperioder"
               + (" (arbeidsmiljøloven § 10-8)" if (v or 11) == 11 else "")),
        Change("hard_spacing", "Absolutt avstand", None, None, 0, 0,
               lambda src, _v: hard_spacing(src),
               # said with the district's own limits where it is known (scenario_description)
               lambda _v: "De myke avstandsreglene gjøres absolutte: ingen vakt tettere enn "
               "reglene, også der det gir en skjevere belastning"),
        Change("lis1_sufficient", "LIS1 er nok", None, None, 0, 0,
               lambda src, _v: lis1_sufficient(src),
               lambda _v: "Kompetanseregel: fullført LIS1 er nok til å ha vakt alene"),
        Change("join_neighbour", "Interkommunalt med nabokommune", "nabokommunens fastleger", 6,
               1, 60, lambda src, v: join_neighbour(src, doctors=int(6 if v is None else v)),
               lambda v: f"Slå sammen med en nabokommune (6 000 innb., sentralitetsklasse 5, "
               f"{6 if v is None else v} fastleger, vaktkompetente med full vaktandel); "
               "legen på vakt sitter på nabokommunens legevakt, dagens legevakt blir satellitt"),
    )
}  # fmt: skip


def soft_spacing_limits(rules: Rules) -> list[str]:
    """The soft spacing limits of ``rules`` (the engine's), as the rules name them: the
    period's («maks 1 vakt per 4 døgn», «maks 2 vakter per uke», «maks 2 vakter på rad»),
    then each exception's own that the period does not have («20.12–03.01: maks 1 vakt per
    3 døgn»). Empty when every limit is absolute, or there is none."""
    from legevakt_app.rule_exceptions import row_text, short_range, week_text, window_text

    out: list[str] = []
    period: list[str] = []
    for exc, window, in_window, per_week, in_a_row in rules.spacing_rules():
        texts = ([window_text(window, in_window)] if in_window and not in_window.hard else []) \
            + ([week_text(per_week)] if per_week and not per_week.hard else []) \
            + ([row_text(in_a_row)] if in_a_row and not in_a_row.hard else [])  # type: ignore[arg-type]
        if exc is None:
            period = texts
            out += texts
        elif own := [t for t in texts if t not in period]:
            out.append(f"{short_range(exc.start, exc.end)}: {', '.join(own)}")
    return out


def scenario_description(scenario: Scenario, source: RotaSource | None) -> str:
    """What ``scenario`` changes in ``source``'s district, in the words of its rules where
    they matter: «Absolutt avstand» names the district's own soft limits (a district whose
    rule is «maks 1 vakt per 4 døgn» is not told of limits per week and on end it does not
    have). Without a source, the change in general."""
    if scenario.key != "hard_spacing" or source is None:
        return scenario.description
    return described_with_rules(scenario, source.problem.rules)


def described_with_rules(scenario: Scenario, rules: Rules) -> str:
    """:func:`scenario_description` from the engine's ``rules`` alone (a scenario saved as a
    project is described before anything is solved)."""
    if scenario.key != "hard_spacing":
        return scenario.description
    limits = soft_spacing_limits(rules)
    if not limits:
        return "Ingen av distriktets avstandsregler er myke, så ingen gjøres absolutte"
    if len(limits) == 1:
        return (f"Den myke avstandsregelen ({limits[0]}) gjøres absolutt: ingen vakt tettere "
                "enn regelen, også der det gir en skjevere belastning")
    return (f"De myke avstandsreglene ({'; '.join(limits)}) gjøres absolutte: ingen vakt "
            "tettere enn reglene, også der det gir en skjevere belastning")


def make_scenario(name: str, change: str, value: int | None = None) -> Scenario:
    """A scenario the leader names: ``name`` (shown in the table), one ``change`` (a key of
    :data:`CHANGES`) and its number. Raises :class:`ScenarioSpecError` naming the field."""
    clean = " ".join(str(name).split())
    if not clean:
        raise ScenarioSpecError("scenarionavn: tomt; gi scenariet et navn")
    if len(clean) > 40:
        raise ScenarioSpecError(f"scenarionavn «{clean[:20]}…»: lengre enn 40 tegn")
    if clean.casefold() == CURRENT_NAME.casefold():
        raise ScenarioSpecError(f"scenarionavn «{clean}»: er navnet på raden med dagens "
                                "turnus; gi scenariet et annet navn")  # fmt: skip
    spec = CHANGES.get(change)
    if spec is None:
        close = difflib.get_close_matches(change, list(CHANGES), n=1, cutoff=0.6)
        raise ScenarioSpecError(
            f"scenario «{clean}»: endringen «{change}» er ukjent"
            + (f" (mente du «{close[0]}»?)" if close else "")
            + "; velg en av " + ", ".join(CHANGES)
        )
    if spec.value_label is None:
        if value is not None:
            raise ScenarioSpecError(f"scenario «{clean}»: endringen «{change}» tar ikke noe tall")
    else:
        value = spec.default if value is None else value
        if value is None or not spec.minimum <= value <= spec.maximum:
            raise ScenarioSpecError(
                f"scenario «{clean}»: {change} trenger et tall fra {spec.minimum} til "
                f"{spec.maximum} ({spec.value_label}), ikke {value}"
            )
    return Scenario(change, clean, spec.describe(value),
                    lambda src, _b=spec.build, _v=value: _b(src, _v), value)  # fmt: skip


def parse_scenario(text: str) -> Scenario:
    """``"NAVN=ENDRING[:TALL]"`` (or just ``"ENDRING[:TALL]"``, named after the change), as
    given on the command line, e.g. ``"To nye leger=add_doctor:2"``."""
    name, sep, rest = str(text).rpartition("=")
    if not sep:
        rest = name = text
    change, colon, number = rest.strip().partition(":")
    change = change.strip()
    value: int | None = None
    if colon:
        try:
            value = int(number.strip())
        except ValueError:
            raise ScenarioSpecError(
                f"scenario «{text}»: «{number.strip()}» etter «:» er ikke et heltall"
            ) from None
    if not sep:
        spec = CHANGES.get(change)
        name = spec.label if spec else change
        if spec and value is not None and spec.value_label:
            name = f"{spec.label} ({value})"
    return make_scenario(name, change, value)


STANDARD_SCENARIOS: tuple[Scenario, ...] = (
    make_scenario("+1 lege", "add_doctor", 1),
    make_scenario("Vikar tar nettene", "vikar_nights"),
    make_scenario("Hvile 11 t", "rest_11h", 11),
    make_scenario("Absolutt avstand", "hard_spacing"),
    make_scenario("LIS1 er nok", "lis1_sufficient"),
    make_scenario("Interkommunalt", "join_neighbour", 6),
)


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
    result.too_close = sum(n for _text, n in soft_breaches(source.problem, source.rota))
    if not result.note:
        result.note = threshold_note(threshold_report(source, workload=load))
    return result


def threshold_note(threshold: ThresholdReport) -> str:
    """The four-doctor verdict of a scenario in a few words, judged as the report's verdict
    is (both criteria: a scenario that makes the rota firedelt but leaves four or fewer
    fastleger is still under the threshold)."""
    if not threshold.in_target_group:
        return "over firelegegrensen"
    reasons = []
    if threshold.four_or_fewer:
        reasons.append(f"{count(threshold.fastleger_in_rota, 'fastlege', 'fastleger')}, "
                       "fire eller færre")
    if threshold.below_firedelt:
        if threshold.below_on_vakt_alone or not threshold.below_with_bakvakt:
            reasons.append("mindre enn firedelt")
        else:  # the table's «Verste 1:N» is of vakter only: say whose bakvakter make it so
            name, ratio = threshold.below_with_bakvakt[0]
            reasons.append(f"mindre enn firedelt med bakvakt: {name} 1:{ratio_number(ratio)}")
    return f"under firelegegrensen ({'; '.join(reasons)})"


def run_scenarios(
    source: RotaSource,
    scenarios: tuple[Scenario, ...] | list[Scenario] | None = None,
    time_limit: float = 20.0,
    solve_fn: SolveFn = solve_reproducibly,
    on_progress: Callable[[str], None] | None = None,
) -> list[ScenarioResult]:
    """The current rota first, then each scenario (default: :data:`STANDARD_SCENARIOS`)
    solved within ``time_limit`` seconds. ``on_progress`` gets «Scenario 2 av 5: navn» as
    each one starts."""
    if scenarios is None:
        scenarios = STANDARD_SCENARIOS
    results: list[ScenarioResult] = []
    base = current_row()
    if source.has_rota:
        results.append(measure(base, source))
    else:
        outcome = solve_fn(source.problem, time_limit)
        base.status = outcome.status
        if outcome.rota is not None:
            results.append(_unproven(measure(base, replace(source, rota=outcome.rota)),
                                     outcome.status))
        else:
            base.note = "ingen turnus funnet"
            results.append(base)
    for n, scenario in enumerate(scenarios, start=1):
        if on_progress:
            on_progress(f"Scenario {n} av {len(scenarios)}: {scenario.name}")
        described = scenario_description(scenario, source)
        result = ScenarioResult(scenario.key, scenario.name, described, "")
        try:
            changed = scenario.apply(source)
        except ScenarioUnavailable as err:
            result.status = "ikke tilgjengelig"
            result.note = str(err)
            results.append(result)
            continue
        if changed.problem == source.problem:
            # nothing to compare (11 t rest that is already the rule; «LIS1 er nok» with no
            # doctor who has completed LIS1): say so rather than solve the same thing again
            results.append(replace(results[0], key=scenario.key, name=scenario.name,
                                   description=described, status="ingen endring",
                                   note=f"{unchanged_reason(scenario, source)}, så tallene er som nåværende"))
            continue
        outcome = solve_fn(changed.problem, time_limit)
        result.status = outcome.status
        if outcome.rota is None:
            result.note = (
                impossible_note(changed.problem) if outcome.proven_infeasible
                else "ingen turnus funnet"
            )
            results.append(result)
            continue
        results.append(_unproven(measure(result, replace(changed, rota=outcome.rota)),
                                 outcome.status))
    return results


def impossible_note(problem: Problem) -> str:
    """«ingen turnus mulig», with the first reason the counting pre-checks give (as the
    engine's explanation begins; «Absolutt avstand» on a district with too few doctors for
    firedelt nights: the days that need more nights than the doctors can take)."""
    from solver.explain import precheck

    reasons = precheck(problem)
    return f"ingen turnus mulig: {reasons[0]}" if reasons else "ingen turnus mulig"


def current_row() -> ScenarioResult:
    """The first row, «Nåværende», before it is measured: today's project and rota."""
    return ScenarioResult("current", CURRENT_NAME, "Dagens prosjekt og turnus", "nåværende turnus")


def _unproven(result: ScenarioResult, status: str) -> ScenarioResult:
    """Say in the row when its rota was not proven best (the time limit ran out)."""
    if status == "FEASIBLE":
        result.note = f"{result.note}; {UNPROVEN_NOTE}" if result.note else UNPROVEN_NOTE
    return result


# a scenario's rota the engine did not prove best: another time limit may give another rota,
# and so may a busy machine (deterministic mode, see solve_reproducibly, gives the same rota
# each run only while the engine's wall-clock safety net, 3 × the time limit, is not reached)
UNPROVEN_NOTE = "turnusen er ikke bevist best, så tallene kan variere noe"


def unchanged_reason(scenario: Scenario, source: RotaSource) -> str:
    """Why ``scenario`` leaves ``source``'s problem as it is, in a few Norwegian words."""
    if scenario.key == "rest_11h":
        return (f"hvileregelen er alt {count(int(scenario.value or 11), 'time', 'timer')}")
    if scenario.key == "vikar_nights":
        return "ingen nattevakter å ta over"
    if scenario.key == "hard_spacing":
        return "ingen av avstandsreglene er myke"
    if scenario.key == "lis1_sufficient" and source.project is not None:
        return _lis1_unchanged_reason(source)
    return "prosjektet er alt slik"


def _lis1_unchanged_reason(source: RotaSource) -> str:
    """«LIS1 er nok» changes nothing: the rule is already chosen, every doctor is vaktkompetent
    already, or those who need bakvakt have not completed LIS1 (or lack the courses)."""
    from legevakt_app.competence import derive_competence

    project = source.project
    assert project is not None
    if project.rules.competence_rule == "lis1_sufficient":
        return "prosjektet bruker alt regelen «fullført LIS1 er nok»"
    needing = [d for d in project.doctors
               if not derive_competence(d.competence, project.rules.competence_rule).competent]
    if not needing:
        return "alle legene er vaktkompetente fra før"
    names = ", ".join(d.name for d in needing)
    if all(d.competence.lis1_completed for d in needing):
        return f"{names} har fullført LIS1, men mangler kurs"
    if len(needing) == 1:
        return f"{names} trenger bakvakt og har ikke fullført LIS1"
    return f"ingen av dem som trenger bakvakt ({names}) blir vaktkompetente av fullført LIS1"


# --- the comparison as the exports carry it --------------------------------------------

# the figures of a row that travel with an export (the app hands them to the child process
# that writes the PDF); the row's source and workload stay behind
EXPORTED_FIELDS = ("key", "name", "description", "status", "worst_week", "median_week",
                   "worst_ratio", "effective_n", "bakvakt_hours_per_week", "practice_days_lost",
                   "doctors_above_68", "doctors_in_rota", "too_close", "note")
ADDED_FIELDS = frozenset({"too_close"})  # not in the JSON of an older version: None


@dataclass(frozen=True)
class ScenarioComparison:
    """The rows :func:`run_scenarios` gave («Nåværende» first) and the engine's time for
    each (seconds): what the workbook and the PDF print, and how the figures were made."""

    results: tuple[ScenarioResult, ...]
    seconds: float


def comparison_to_dict(comparison: ScenarioComparison) -> dict[str, object]:
    """Plain JSON values (:func:`comparison_from_dict` reads them back)."""
    return {"seconds": comparison.seconds,
            "results": [{f: getattr(r, f) for f in EXPORTED_FIELDS}
                        for r in comparison.results]}


def comparison_from_dict(data: dict[str, object]) -> ScenarioComparison:
    """Raises TypeError or ValueError for a document that is not one."""
    try:
        rows = data["results"]
        if not isinstance(rows, list):
            raise ValueError("results er ikke en liste")
        if not all(isinstance(row, dict) for row in rows):
            raise ValueError("en rad i results er ikke et objekt")
        results = tuple(ScenarioResult(**{f: row.get(f) if f in ADDED_FIELDS else row[f]
                                          for f in EXPORTED_FIELDS}) for row in rows)
        return ScenarioComparison(results, float(data["seconds"]))  # type: ignore[arg-type]
    except KeyError as err:
        raise ValueError(f"mangler {err}") from None
