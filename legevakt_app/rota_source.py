"""What reports and exports work from: a rota together with its problem and district.

A :class:`RotaSource` comes either from a project file (its stored rota, or a fresh solve
when it has none) or from a self-contained result file (``legevakt-rota/1``). Reports and
exports take a ``RotaSource`` and never need to know which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from legevakt_app.domain import Kommune, Project, Station
from solver.problem import RESULT_FORMAT, Problem, Rota


@dataclass(frozen=True)
class DoctorInfo:
    """Facts about a doctor that the engine does not need but reports do."""

    kind: str  # fastlege | kommunalt_ansatt | vikar | lis1 | alis
    kommune: str
    practice_hours_per_week: float
    birth_year: int | None = None
    position_share: float = 1.0


@dataclass
class RotaSource:
    problem: Problem
    rota: Rota
    district_name: str
    kommuner: list[Kommune]
    stations: list[Station]
    doctor_info: dict[str, DoctorInfo]
    competence_rule: str = "akuttmedisinforskriften_2020"
    project: Project | None = None  # None when read from a result file
    solve_info: dict[str, Any] = field(default_factory=dict)  # status, objective, bound, ...
    # how many more doctors firedelt vakt (1:4) takes, as the engine checked it for this rota
    # (a reports.threshold.NeedEstimate); None: the exports count duty days only
    doctors_needed: Any = None
    # the what-if scenarios solved for this rota (a reports.scenarios.ScenarioComparison,
    # «Nåværende» first); None: the exports have no «Scenarier»
    scenarios: Any = None
    # what the project file held when it was read (load_source): a save back into it
    # (export --publish) passes it on, so a change made since is not overwritten
    stamp: Any = None
    # the engine's result when the rota was made now (load_source: a project without one);
    # a result file written of it carries the engine's own figures
    engine_result: Any = None

    @property
    def has_rota(self) -> bool:
        return bool(self.rota.assignments)


def source_from_project(project: Project, rota: Rota | None = None) -> RotaSource:
    """A source for ``project`` with ``rota`` (default: the rota stored in the project)."""
    from legevakt_app.engine_input import build_problem, project_rota
    from legevakt_app.solve_record import applying_record, record_info

    record = applying_record(project) if rota is None else None
    return RotaSource(
        problem=build_problem(project),
        rota=rota if rota is not None else project_rota(project),
        district_name=project.district.name,
        kommuner=list(project.district.kommuner),
        stations=list(project.district.stations),
        doctor_info={
            d.id: DoctorInfo(
                kind=d.kind,
                kommune=d.kommune,
                practice_hours_per_week=d.practice_hours_per_week,
                birth_year=d.birth_year,
                position_share=d.position_share,
            )
            for d in project.doctors
        },
        competence_rule=project.rules.competence_rule,
        project=project,
        # the engine's figures, saved with the rota it made and still describing it
        solve_info=record_info(record) if record is not None else {},
    )




class NoRota(Exception):
    """There is no rota and none can be made (exit code 1); the message says why."""


def result_document(source: RotaSource, result: Any = None) -> dict[str, Any]:
    """The self-contained result file: the engine's ``legevakt-rota/1`` document plus the
    district facts (kommuner, stations) and doctor facts (kind, kommune, practice hours) that
    reports need, so a result file can be reported and exported without its project."""
    from solver.rota_file import to_dict

    document = to_dict(source.problem, source.rota, result)
    document["high_days"] = high_days(source.problem)
    stored = _stored_solve(source) if result is None else None
    if stored is not None:
        document["solve"] = stored
    if result is not None or stored is not None:
        # the engine's figures: for this rota and these inputs only; of a changed rota, what
        # was changed since the solve is counted for this rota only
        document["solve"]["digest"] = result_digest(document)
    document["district"] = {
        "name": source.district_name,
        "kommuner": [k.model_dump(mode="json") for k in source.kommuner],
        "stations": [s.model_dump(mode="json") for s in source.stations],
        "competence_rule": source.competence_rule,
    }
    document["doctor_info"] = {
        doctor_id: {
            "kind": info.kind,
            "kommune": info.kommune,
            "practice_hours_per_week": info.practice_hours_per_week,
            "birth_year": info.birth_year,
            "position_share": info.position_share,
        }
        for doctor_id, info in source.doctor_info.items()
    }
    return document


def _stored_solve(source: RotaSource) -> dict[str, Any] | None:
    """The solve block of a result file written from a project's stored rota (no solve of
    this session to give it): the figures the project's record keeps while they still describe
    the rota; :data:`CHANGED` when the engine made the rota and it (or the project) was changed
    after, with the engine's own status as ``engine_status`` and how many places of the rota
    differ (``changed_assignments``, when a published snapshot holds the engine's rota; 0
    when only the project changed). None: no record, the rota is «manual» as before. Such a
    file said «laget for hånd» of a rota the engine made (QA)."""
    from legevakt_app.export.origin import ENGINE_MADE, rota_origin
    from solver.rota_file import count_bands_document

    project = source.project
    record = project.solved if project is not None else None
    if record is None or not source.rota.assignments:
        return None
    made = {} if record.made_at is None else {"made_at": record.made_at.isoformat()}
    origin = rota_origin(source)
    if origin.engines_figures:  # the record's rota and inputs, as the engine made them
        fairness = next((lv for lv in record.levels if lv.name == "fairness"), None)
        pfb = record.perfect_fairness_bound
        return {
            "status": record.status,
            "objective": record.objective,
            "bound": record.bound,
            "perfect_fairness_bound": None if pfb is None else round(pfb, 4),
            "fairness_level_value": None if fairness is None else fairness.value,
            "fairness_margin": source.problem.rules.fairness_margin,
            "seconds": record.seconds,
            "levels": [level.model_dump(mode="json") for level in record.levels],
            **made,
            **({"count_bands": bands} if (bands := count_bands_document(record.count_bands))
               else {}),
        }
    if origin.kind != "edited" or record.status not in ENGINE_MADE:
        return None
    block: dict[str, Any] = {"status": CHANGED, "engine_status": record.status}
    if not origin.rota_changed:
        block["changed_assignments"] = 0
    elif origin.cells_changed is not None:
        block["changed_assignments"] = origin.cells_changed
    block["inputs_changed"] = origin.inputs_changed
    return {**block, **made}


def high_days(problem: Problem) -> dict[str, str]:
    """The period's høytid days and which høytid each is (legevakt_app.calendar): what makes
    a vakt's ``high_day`` and ``high_day_name``, stated in the result file for an auditor."""
    from legevakt_app.calendar import high_day_group
    from solver.common import days

    return {day.isoformat(): group for day in days(problem.period_start, problem.period_end)
            if (group := high_day_group(day))}


def write_result_file(path: Any, source: RotaSource, result: Any = None) -> None:
    import json

    from legevakt_app.project_io import atomic_write_text

    text = json.dumps(result_document(source, result), ensure_ascii=False, indent=1) + "\n"
    atomic_write_text(path, text, backup=False)


def source_from_result_document(document: dict[str, Any], origin: str = "") -> RotaSource:
    """Read a ``legevakt-rota/1`` document; everything wrong with it (each at its field path,
    :func:`legevakt_app.result_file.result_problems`) becomes a ResultFileError."""
    from legevakt_app.project_io import ResultFileError
    from legevakt_app.result_file import result_problems
    from solver.rota_file import from_dict

    problems = result_problems(document)
    if problems:
        raise ResultFileError(problems, origin)
    loaded = from_dict(document)
    district = document.get("district") or {}
    infos = document.get("doctor_info") or {}
    doctor_info = {
        d.id: DoctorInfo(
            kind=str(infos.get(d.id, {}).get("kind", "fastlege")),
            kommune=str(infos.get(d.id, {}).get("kommune", "")),
            practice_hours_per_week=float(infos.get(d.id, {}).get("practice_hours_per_week", 0.0)),
            birth_year=infos.get(d.id, {}).get("birth_year"),
            position_share=float(infos.get(d.id, {}).get("position_share", 1.0)),
        )
        for d in loaded.problem.doctors
    }
    return RotaSource(
        problem=loaded.problem,
        rota=loaded.rota,
        district_name=str(district.get("name", "")),
        kommuner=[Kommune.model_validate(k) for k in district.get("kommuner", [])],
        stations=[Station.model_validate(s) for s in district.get("stations", [])],
        doctor_info=doctor_info,
        competence_rule=str(district.get("competence_rule", "akuttmedisinforskriften_2020")),
        solve_info=_solve_info(document, loaded),
    )


# What the engine read and the rota it made, as a result file holds them: the solve block's
# status and bounds describe these, and nothing else (district and doctor_info are facts for
# the reports, doctors_summary is written for a reader).
SOLVED_PARTS = ("timezone", "period", "holidays", "rules", "doctors", "shifts", "locked")
ADDED_PARTS = ("high_days",)  # since the 2026-11-28 result audit; in the digest when the file has them
CHANGED = "changed"  # the status of a result file's rota changed since the engine made it


def result_digest(document: dict[str, Any]) -> str:
    """SHA-256 of the document's :data:`SOLVED_PARTS` (the rota is in ``shifts``), the same
    for the document in memory and read back from its file."""
    import hashlib
    import json

    solved = {key: document.get(key) for key in SOLVED_PARTS}
    solved.update({key: document[key] for key in ADDED_PARTS if key in document})
    text = json.dumps(solved, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _solve_info(document: dict[str, Any], loaded: Any) -> dict[str, Any]:
    """The file's solve block when it still describes the file's rota, as a project's solve
    record must (solve_record.applying_record); else only that the rota was changed. A rota
    edited by hand in the file kept «bevist optimal» and the engine's figures, beside the
    sheet's own «Brudd på harde regler: 2» (QA audit).

    A file written since the digest was added is compared by it (:func:`result_digest`); an
    older one by what it can show: its per-doctor summary is still the rota's, and the rota
    keeps every hard rule (the engine's rotas do). Either way the figures the file itself
    decides (``objective``: the rota's largest load per share, and level 1 as ``levels`` say,
    :func:`solver.result_audit.solve_disagreements`) must be right: the digest does not cover
    the solve block (an edited ``objective`` passed, the result audit)."""
    from solver.checker import check
    from solver.metrics import doctor_metrics
    from solver.result_audit import solve_disagreements

    info = dict(loaded.solve)
    digest = info.pop("digest", None)
    if info.get("status", "manual") == CHANGED:
        # no engine's figures to vouch for (the file says so itself); how much was changed
        # since the solve holds only for the rota and inputs the file was written with
        if digest is not None and digest != result_digest(document):
            info.pop("changed_assignments", None)
            info.pop("inputs_changed", None)
        return info
    if info.get("status", "manual") == "manual":
        return info  # made by hand: no engine's figures
    if digest is not None:
        same = digest == result_digest(document)
    else:
        import json

        summary = [json.loads(json.dumps(m.to_dict()))
                   for m in doctor_metrics(loaded.problem, loaded.rota)]
        same = summary == loaded.doctors_summary and not check(loaded.problem, loaded.rota)
    return info if same and not solve_disagreements(loaded) else {"status": CHANGED}


def rule_breaks_note(source: RotaSource) -> str | None:
    """A warning when the rota breaks a hard rule (checked by the independent checker): a rota
    edited by hand in the file, say. None when it keeps every rule."""
    from legevakt_app.wording import count
    from solver.checker import check

    n = len(check(source.problem, source.rota))
    if not n:
        return None
    return (f"Merk: turnusen har {count(n, 'regelbrudd', 'regelbrudd')} («legevakt check» på "
            "filen lister dem, og Kontroll i appen).")


STORED = "lagret i prosjektet"  # the status of a rota read from its project


def load_source(name: str, time_limit: float = 30.0, quiet: bool = False) -> RotaSource:
    """The rota to report on or export: from a result file, or from a project (its stored
    rota, or a fresh solve when it has none).

    Raises ``ProjectError`` for bad input and :class:`NoRota` when no rota can be made.
    """
    import sys

    from legevakt_app.cli import resolve_path
    from legevakt_app.project_io import project_from_document, read_document_stamped

    path = resolve_path(name)
    document, stamp = read_document_stamped(path)
    if isinstance(document, dict) and document.get("format") == RESULT_FORMAT:
        return source_from_result_document(document, str(path))
    project = project_from_document(document, str(path))
    source = source_from_project(project)
    source.stamp = stamp
    if source.has_rota:
        source.solve_info.setdefault("status", STORED)
        return source
    from solver.solve import solve

    if not quiet:
        print(f"{path}: ingen lagret turnus; løser (inntil {time_limit:g} s) …", file=sys.stderr)
    result = solve(source.problem, time_limit=time_limit)
    if not result.rota.assignments:
        from legevakt_app.solve_cli import explanation_text, out_of_time_text
        from legevakt_app.wording import STATUS

        if result.status not in ("infeasible", "too_large"):  # the time ran out, no more
            raise NoRota(f"{path}: {out_of_time_text(time_limit)}")
        raise NoRota(f"{path}: {STATUS.get(result.status, result.status)}.\n"
                     + explanation_text(result.explanation))
    source.rota = result.rota
    source.solve_info = solve_info_of(result)
    source.engine_result = result
    return source


def solve_info_of(result: Any) -> dict[str, Any]:
    """The engine's figures for the rota it made, as exports show them («Om turnusen»)."""
    from legevakt_app.solve_record import made_at_of
    from solver.rota_file import level_documents

    made = made_at_of(result)
    return {
        "status": result.status,
        "objective": getattr(result, "objective", None),
        "bound": getattr(result, "bound", None),
        "perfect_fairness_bound": result.perfect_fairness_bound,
        "seconds": result.seconds,
        "levels": level_documents(getattr(result, "levels", [])),
        "count_bands": getattr(result, "count_bands", None) or {},  # reports.fairness.sharing_note
        **({"made_at": made.isoformat(timespec="seconds")} if made is not None else {}),
    }
