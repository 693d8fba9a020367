"""``legevakt report SOURCE [--json]``: workload per doctor and the four-doctor threshold.

SOURCE is a project file, a sample name or a result file (``legevakt-rota/1``). A project
without a stored rota is solved first (``--time-limit`` seconds). The district's
``doctors_needed_for_firedelt`` is computed with the counting argument and checked by
re-solving with the engine (see :mod:`legevakt_app.reports.threshold`).

Options read when present on ``args`` (``python -m legevakt_app.report_cli`` takes the same
arguments as ``legevakt report``): ``scenarios`` (run the
standard what-if scenarios), ``scenario`` (the leader's own named scenarios, a list of specs;
see :func:`legevakt_app.reports.scenarios.parse_scenario`), ``target`` (1:N target, default 4),
``no_need``, ``save_scenarios`` (instead of the report, save each scenario as a project file
in this folder; see :func:`save_scenarios`) and ``force`` (replace existing files).
Exit codes as in :mod:`legevakt_app.cli`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from legevakt_app.cli import EXIT_NO_ROTA, EXIT_OK, UserError
from legevakt_app.wording import count, number

if TYPE_CHECKING:
    from legevakt_app.domain import Project
    from legevakt_app.reports.scenarios import Scenario, ScenarioComparison
    from legevakt_app.reports.threshold import NeedEstimate
    from legevakt_app.rota_source import RotaSource


def seconds_per_attempt(time_limit: float) -> float:
    """The engine's time for each attempt of the doctors needed and of each scenario."""
    return max(5.0, time_limit / 2)


def engine_need(source: RotaSource, target: int, time_limit: float, quiet: bool = False,
                ) -> NeedEstimate:
    """How many more doctors 1:``target`` takes, checked with the engine (the counting bound
    alone where no engine is installed): ``time_limit`` / 2 s per attempt (at least 5), at
    most three attempts; says on standard error that it is working unless ``quiet``."""
    from legevakt_app.reports.engine import engine_available, solve_reproducibly
    from legevakt_app.reports.threshold import doctors_needed

    per_attempt = seconds_per_attempt(time_limit)
    use_engine = engine_available()
    if use_engine and not quiet:
        print(f"Regner ut legebehov for 1:{target} (motoren, opptil {number(per_attempt)} s per "
              "forsøk) …", file=sys.stderr)  # fmt: skip
    return doctors_needed(source, target, time_limit=per_attempt,
                          solve_fn=solve_reproducibly if use_engine else None, max_tries=3)


def scenarios_time_text(scenarios: int, seconds: float) -> str:
    """«Løser nåværende turnus og 7 scenarioer med motoren, opptil 15 s hver: det kan ta
    inntil om lag 2 minutter …»: said before the scenarios, which take a while."""
    total = (scenarios + 1) * seconds
    how_long = (f"{number(round(total))} s" if total < 90
                else f"om lag {number(round(total / 60))} minutter")
    return (f"Løser nåværende turnus og {count(scenarios, 'scenario', 'scenarioer')} med "
            f"motoren, opptil {number(seconds)} s hver: det kan ta inntil {how_long} …")


def engine_scenarios(source: RotaSource, scenarios: list[Scenario], time_limit: float,
                     quiet: bool = False) -> ScenarioComparison:
    """The current rota and each of ``scenarios`` solved with the engine (deterministic, a
    fixed seed), ``time_limit`` / 2 s each (at least 5): for the report and for the exports
    (``legevakt export --scenarios``). Says each step on standard error unless ``quiet``."""
    from legevakt_app.reports.engine import engine_available
    from legevakt_app.reports.scenarios import ScenarioComparison, run_scenarios

    if not engine_available():
        raise UserError("scenariene trenger turnusmotoren (solver.solve), som mangler")
    seconds = seconds_per_attempt(time_limit)
    if not quiet:
        print(scenarios_time_text(len(scenarios), seconds), file=sys.stderr)
    results = run_scenarios(
        source, scenarios, time_limit=seconds,
        on_progress=None if quiet else (lambda step: print(f"{step} …", file=sys.stderr)),
    )  # fmt: skip
    return ScenarioComparison(tuple(results), seconds)


def asked_scenarios(args: argparse.Namespace) -> list[Scenario]:
    """``--scenarios`` and each ``--scenario NAVN=ENDRING[:TALL]``, read and checked as
    ``legevakt report`` reads them (a UserError names a bad one); [] when none is asked."""
    return chosen_scenarios(args, _named_scenarios(getattr(args, "scenario", None)))


def report_time_limit(args: argparse.Namespace) -> float:
    """``--time-limit``: more than 0 seconds (as ``legevakt solve`` asks); 30 when not given."""
    given = getattr(args, "time_limit", None)
    if given is None:
        return 30.0
    value = float(given)
    if not math.isfinite(value):
        raise UserError(f"--time-limit {given}: må være et antall sekunder")
    if value <= 0:
        raise UserError(f"--time-limit {number(value)}: må være mer enn 0 sekunder")
    return value


def origin_line(source: RotaSource) -> str:
    """«Turnusen er laget av motoren med status «…», endret for hånd etter løsningen: 2
    tildelinger (…). Laget av motoren 28.11.2026 kl. 17:30.»: who made the rota, and when, as
    «Om turnusen» says it (no date from a record or file from before it was kept)."""
    from legevakt_app.export.origin import origin_sentence, rota_origin
    from legevakt_app.wording import moment_text

    origin = rota_origin(source)
    when = ("" if origin.made_at is None
            else f" Laget av motoren {moment_text(origin.made_at)}.")
    return origin_sentence(origin) + when


def run_report(args: argparse.Namespace) -> int:
    from legevakt_app.export_cli import NoRota, load_source
    from legevakt_app.reports.fairness import fairness_report
    from legevakt_app.reports.output import report_dict, report_lines
    from legevakt_app.reports.threshold import doctors_needed, threshold_report
    from legevakt_app.rota_source import rule_breaks_note

    time_limit = report_time_limit(args)
    given = getattr(args, "target", None)
    target = 4 if given is None else int(given)
    if not 2 <= target <= 28:
        raise UserError(f"--target {target}: må være mellom 2 og 28 (1:N)")
    quiet = bool(getattr(args, "json", False))
    named = _named_scenarios(getattr(args, "scenario", None))
    if getattr(args, "save_scenarios", None):
        return save_scenarios(args, named)
    if getattr(args, "force", False):
        raise UserError("--force gjelder bare sammen med --save-scenarios MAPPE")
    try:
        source = load_source(args.source, time_limit=time_limit, quiet=quiet)
    except NoRota as err:
        print(str(err), file=sys.stderr)
        return EXIT_NO_ROTA
    if not source.has_rota:
        print(f"{args.source}: turnusen er tom; ingenting å rapportere", file=sys.stderr)
        return EXIT_NO_ROTA
    if (note := rule_breaks_note(source)) is not None:
        print(note, file=sys.stderr)

    need = None
    if not getattr(args, "no_need", False):
        need = engine_need(source, target, time_limit, quiet)
    threshold = threshold_report(source, target=target, need=need or False)
    if need is not None and target != 4:
        # the JSON contract asks for firedelt explicitly: count it too (bound only)
        firedelt = doctors_needed(source, 4, solve_fn=None)
        extra_firedelt: int | None = firedelt.doctors
    else:
        extra_firedelt = None

    scenarios = None
    if getattr(args, "scenarios", False) or named:
        scenarios = list(engine_scenarios(source, chosen_scenarios(args, named), time_limit,
                                          quiet).results)

    fairness = fairness_report(source)
    if quiet:
        data = report_dict(threshold, scenarios, fairness)
        if extra_firedelt is not None:
            data["district"]["doctors_needed_for_firedelt"] = extra_firedelt
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for line in report_lines(threshold, scenarios, fairness, origin=origin_line(source)):
            print(line)
    return EXIT_OK


def save_scenarios(args: argparse.Namespace, named: list[Scenario]) -> int:
    """``--save-scenarios FOLDER``: each scenario as a project file of its own, nothing solved.

    All scenario projects are built and every target checked before the first file is
    written, so a refused scenario, two names that give the same file, or a file that already
    exists (without ``--force``) leaves the folder as it was (exit 2). With ``--force`` an
    existing file is replaced and kept as ``.bak``. The source project is never written.
    """
    from pathlib import Path

    from legevakt_app.cli import resolve_path
    from legevakt_app.project_io import project_from_document, read_document
    from legevakt_app.reports.scenario_projects import (
        ScenarioSaveError,
        scenario_file_name,
        scenario_project,
        write_scenario_project,
    )
    from legevakt_app.reports.scenarios import ScenarioUnavailable, described_with_rules
    from legevakt_app.rota_source import RESULT_FORMAT

    scenarios = chosen_scenarios(args, named)
    if not scenarios:
        raise UserError("--save-scenarios: hvilke scenarier? Gi dem med --scenario "
                        "NAVN=ENDRING[:TALL] (eller --scenarios for standardscenariene)")  # fmt: skip
    path = resolve_path(args.source)
    document = read_document(path)
    if isinstance(document, dict) and document.get("format") == RESULT_FORMAT:
        raise UserError(f"--save-scenarios: {path} er en resultatfil ({RESULT_FORMAT}); et "
                        "scenario er en kopi av prosjektet, så gi prosjektfilen")  # fmt: skip
    project = project_from_document(document, str(path))

    problems: list[str] = []
    built: dict[int, Project] = {}  # by position in ``scenarios``
    for i, scenario in enumerate(scenarios):
        try:
            built[i] = scenario_project(project, scenario)
        except ScenarioUnavailable as err:
            problems.append(str(err))
    folder = Path(args.save_scenarios)
    if folder.exists() and not folder.is_dir():
        problems.append(f"{folder}: finnes og er ikke en mappe")
    targets: dict[Path, tuple[Scenario, int]] = {}
    for i, scenario in enumerate(scenarios):
        target = folder / scenario_file_name(scenario.name)
        if target in targets:
            problems.append(f"scenariene «{targets[target][0].name}» og «{scenario.name}» gir "
                            f"samme filnavn {target.name}; gi dem navn som skiller seg mer")  # fmt: skip
            continue
        targets[target] = (scenario, i)
        if target.exists() and not getattr(args, "force", False):
            problems.append(f"{target}: finnes allerede (overskriv med --force; den gamle "
                            "beholdes som .bak)")  # fmt: skip
        if target.exists() and target.resolve() == path.resolve():
            problems.append(f"{target}: er prosjektfilen scenariene lages fra")
    if problems:
        raise UserError("--save-scenarios: ingenting er lagret: " + "; ".join(problems))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        from legevakt_app.file_errors import os_reason

        raise UserError(f"--save-scenarios: kan ikke lage mappen {folder} "
                        f"({os_reason(err)})") from None  # fmt: skip

    saved: list[dict[str, str]] = []
    quiet = bool(getattr(args, "json", False))
    rules = None  # the engine's rules, for «Absolutt avstand» in the district's own words
    if any(scenario.key == "hard_spacing" for scenario in scenarios):
        from legevakt_app.engine_input import build_problem

        rules = build_problem(project).rules
    for target, (scenario, i) in targets.items():
        description = (described_with_rules(scenario, rules) if rules is not None
                       else scenario.description)
        try:
            write_scenario_project(built[i], target, overwrite=True, original=path)
        except ScenarioSaveError as err:
            done = f" (lagret før feilen: {', '.join(s['path'] for s in saved)})" if saved else ""
            raise UserError(f"--save-scenarios: {err}{done}") from None
        saved.append({"name": scenario.name, "change": scenario.key,
                      "description": description, "path": str(target)})  # fmt: skip
        if not quiet:
            print(f"Scenario «{scenario.name}» ({description}) lagret som prosjekt: "
                  f"{target}")  # fmt: skip
    if quiet:
        json.dump({"saved": saved}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{count(len(saved), 'scenarioprosjekt', 'scenarioprosjekter')} i {folder}. Kontroller med «legevakt check "
              "FIL», åpne med «legevakt gui FIL», lag turnus med «legevakt solve FIL».")  # fmt: skip
    return EXIT_OK


def chosen_scenarios(args: argparse.Namespace, named: list[Scenario]) -> list[Scenario]:
    """``--scenarios``: the standard what-ifs, and each ``--scenario`` after them; without it,
    the named ones alone (the README: --scenario adds your own)."""
    from legevakt_app.reports.scenarios import STANDARD_SCENARIOS

    standard = list(STANDARD_SCENARIOS) if getattr(args, "scenarios", False) else []
    return standard + [s for s in named if s.name not in {t.name for t in standard}]


def _named_scenarios(specs: Sequence[str] | None) -> list[Scenario]:
    """The leader's own scenarios from ``--scenario NAVN=ENDRING[:TALL]`` (repeatable)."""
    from legevakt_app.reports.scenarios import ScenarioSpecError, parse_scenario

    out: list[Scenario] = []
    for spec in specs or []:
        try:
            scenario = parse_scenario(spec)
        except ScenarioSpecError as err:
            raise UserError(f"--scenario: {err}") from None
        if any(s.name == scenario.name for s in out):
            raise UserError(f"--scenario '{spec}': navnet «{scenario.name}» står to ganger")
        out.append(scenario)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m legevakt_app.report_cli …``: the same as ``legevakt report …``."""
    from legevakt_app import cli

    return cli.main(["report", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
