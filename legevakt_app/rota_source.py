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
    # what the project file held when it was read (load_source): a save back into it
    # (export --publish) passes it on, so a change made since is not overwritten
    stamp: Any = None

    @property
    def has_rota(self) -> bool:
        return bool(self.rota.assignments)


def source_from_project(project: Project, rota: Rota | None = None) -> RotaSource:
    """A source for ``project`` with ``rota`` (default: the rota stored in the project)."""
    from legevakt_app.engine_input import build_problem, project_rota

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
    )




class NoRota(Exception):
    """There is no rota and none can be made (exit code 1); the message says why."""


def result_document(source: RotaSource, result: Any = None) -> dict[str, Any]:
    """The self-contained result file: the engine's ``legevakt-rota/1`` document plus the
    district facts (kommuner, stations) and doctor facts (kind, kommune, practice hours) that
    reports need, so a result file can be reported and exported without its project."""
    from solver.rota_file import to_dict

    document = to_dict(source.problem, source.rota, result)
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


def write_result_file(path: Any, source: RotaSource, result: Any = None) -> None:
    import json

    from legevakt_app.project_io import atomic_write_text

    text = json.dumps(result_document(source, result), ensure_ascii=False, indent=1) + "\n"
    atomic_write_text(path, text, backup=False)


def _result_problem(err: Exception) -> str:
    """What is wrong in a result file, in Norwegian (when no field could be named)."""
    if isinstance(err, KeyError):
        return f"feltet «{err.args[0]}» mangler"
    return "en verdi har feil type eller form"


_KIND_TEXT = {
    "object": "må være et objekt", "list": "må være en liste", "number": "må være et tall",
    "integer": "må være et heltall", "date": "må være en dato ÅÅÅÅ-MM-DD",
    "datetime": "må være et tidspunkt ÅÅÅÅ-MM-DDTtt:mm", "time": "må være et klokkeslett TT:MM",
    "pair": "må være en liste med to verdier", "timezone": "er ikke en kjent tidssone",
}


def _readable(value: Any, kind: str) -> bool:
    """Whether :func:`solver.rota_file.from_dict` can read ``value`` as ``kind``."""
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    try:
        if kind == "object":
            return isinstance(value, dict)
        if kind == "list":
            return isinstance(value, list)
        if kind == "pair":
            return isinstance(value, list | tuple) and len(value) == 2
        if kind == "number":
            float(value)
        elif kind == "integer":
            int(value)
        elif kind == "date":
            date.fromisoformat(value)
        elif kind == "datetime":
            datetime.fromisoformat(value)
        elif kind == "time":
            time.fromisoformat(value)
        elif kind == "timezone":
            ZoneInfo(value)
    except (TypeError, ValueError, AttributeError, LookupError, OSError):
        return False
    return True


def result_field_problem(document: dict[str, Any]) -> tuple[str, str] | None:
    """The first field of a ``legevakt-rota/1`` document that cannot be read, as (its path,
    ``shifts[3].start``; what is wrong, in Norwegian), or None when every field the reader
    uses has the right form."""
    found: list[tuple[str, str]] = []

    def need(where: str, container: Any, key: str, kind: str | None, required: bool = True,
             nullable: bool = False) -> Any:
        path = f"{where}.{key}" if where else key
        missing = not isinstance(container, dict) or key not in container
        if missing or (container[key] is None and (required or nullable or kind is None)):
            if required:
                found.append((path, "mangler (må være med)"))
            return None
        value = container[key]
        if kind is not None and not _readable(value, kind):
            found.append((path, _KIND_TEXT[kind]))
            return None
        return value

    def items(where: str, container: Any, key: str, kind: str, required: bool = True,
              nullable: bool = False) -> list:
        values = need(where, container, key, "list", required, nullable) or []
        path = f"{where}.{key}" if where else key
        for i, value in enumerate(values):
            if not _readable(value, kind):
                found.append((f"{path}[{i}]", _KIND_TEXT[kind]))
                return []
        return values

    need("", document, "timezone", "timezone", required=False, nullable=True)
    rules = need("", document, "rules", "object")
    if rules is not None:
        need("rules", rules, "min_rest_hours", "number")
        need("rules", rules, "practice_start", "time")
        need("rules", rules, "practice_end", "time")
        need("rules", rules, "window_days", "integer")
        for key in ("max_in_window", "max_per_week", "max_consecutive_days"):
            if need("rules", rules, key, "object", required=False, nullable=True) is not None:
                need(f"rules.{key}", rules[key], "value", "integer")
        for key in ("hjemmevakt_factor", "fairness_margin"):
            need("rules", rules, key, "number", required=False)
        # the exceptions to the spacing limits (other limits on some days), each limit null
        # where the period's own holds
        for j, exc in enumerate(items("rules", rules, "exceptions", "object", required=False)):
            where = f"rules.exceptions[{j}]"
            need(where, exc, "start", "date")
            need(where, exc, "end", "date")
            need(where, exc, "window_days", "integer", required=False, nullable=True)
            for key in ("max_in_window", "max_per_week", "max_consecutive_days"):
                if need(where, exc, key, "object", required=False, nullable=True) is not None:
                    need(f"{where}.{key}", exc[key], "value", "integer")
    for i, doctor in enumerate(items("", document, "doctors", "object")):
        where = f"doctors[{i}]"
        need(where, doctor, "id", None)
        need(where, doctor, "name", None)
        need(where, doctor, "share", "number", required=False)
        for key in ("absences", "exemptions"):
            listed = items(where, doctor, key, "object", required=False,
                           nullable=key == "absences")
            for j, entry in enumerate(listed):
                need(f"{where}.{key}[{j}]", entry, "start", "datetime")
                need(f"{where}.{key}[{j}]", entry, "end", "datetime")
        for key in ("unavailable", "wishes", "pre_assigned"):
            for j, (_first, second) in enumerate(items(where, doctor, key, "pair", required=False)):
                if key == "wishes" and not _readable(second, "integer"):
                    found.append((f"{where}.wishes[{j}][1]", _KIND_TEXT["integer"]))
        items(where, doctor, "wants", "list", required=False)
        need(where, doctor, "ledger", "object", required=False, nullable=True)
    for i, shift in enumerate(items("", document, "shifts", "object")):
        where = f"shifts[{i}]"
        need(where, shift, "id", None)
        need(where, shift, "assigned", "list", required=False)
        if shift.get("role", "vakt") == "bakvakt":
            continue
        need(where, shift, "station", None)
        need(where, shift, "kind", None)
        need(where, shift, "start", "datetime")
        need(where, shift, "end", "datetime")
        need(where, shift, "required", "integer")
        for key in ("on_site", "requires_competent", "night", "weekend", "holiday"):
            need(where, shift, key, None)
        for key in ("weight", "bakvakt_weight"):
            need(where, shift, key, "number", required=False)
    period = need("", document, "period", "object")
    if period is not None:
        need("period", period, "start", "date")
        need("period", period, "end", "date")
    items("", document, "holidays", "date", required=False)
    items("", document, "locked", "list", required=False)
    need("", document, "solve", "object", required=False)
    district = need("", document, "district", "object", required=False, nullable=True)
    if district is not None:
        items("district", district, "kommuner", "object", required=False)
        items("district", district, "stations", "object", required=False)
    infos = need("", document, "doctor_info", "object", required=False, nullable=True) or {}
    for doctor_id, info in infos.items():
        where = f"doctor_info.{doctor_id}"
        if not isinstance(info, dict):
            found.append((where, _KIND_TEXT["object"]))
            continue
        for key in ("practice_hours_per_week", "position_share"):
            need(where, info, key, "number", required=False)
    return found[0] if found else None


def source_from_result_document(document: dict[str, Any], origin: str = "") -> RotaSource:
    """Read a ``legevakt-rota/1`` document; every format problem becomes a ProjectError."""
    from pydantic import ValidationError

    from legevakt_app.project_io import Problem as FileProblem
    from legevakt_app.project_io import ProjectError
    from solver.rota_file import from_dict

    try:
        loaded = from_dict(document)
        district = document.get("district") or {}
        kommuner = [Kommune.model_validate(k) for k in district.get("kommuner", [])]
        stations = [Station.model_validate(s) for s in district.get("stations", [])]
        infos = document.get("doctor_info") or {}
        doctor_info = {
            d.id: DoctorInfo(
                kind=str(infos.get(d.id, {}).get("kind", "fastlege")),
                kommune=str(infos.get(d.id, {}).get("kommune", "")),
                practice_hours_per_week=float(
                    infos.get(d.id, {}).get("practice_hours_per_week", 0.0)
                ),
                birth_year=infos.get(d.id, {}).get("birth_year"),
                position_share=float(infos.get(d.id, {}).get("position_share", 1.0)),
            )
            for d in loaded.problem.doctors
        }
    except ValidationError as err:  # a kommune or a station of the district
        from legevakt_app.messages import pydantic_error_text

        message = f"ikke en gyldig resultatfil ({RESULT_FORMAT}): {pydantic_error_text(err.errors()[0])}"
        raise ProjectError([FileProblem("district", message)], origin) from None
    except (KeyError, TypeError, ValueError, AttributeError, LookupError) as err:
        where, what = result_field_problem(document) or ("", _result_problem(err))
        message = f"ikke en gyldig resultatfil ({RESULT_FORMAT}): {what}"
        raise ProjectError([FileProblem(where, message)], origin) from None
    return RotaSource(
        problem=loaded.problem,
        rota=loaded.rota,
        district_name=str(district.get("name", "")),
        kommuner=kommuner,
        stations=stations,
        doctor_info=doctor_info,
        competence_rule=str(district.get("competence_rule", "akuttmedisinforskriften_2020")),
        solve_info=dict(loaded.solve),
    )


def rule_breaks_note(source: RotaSource) -> str | None:
    """A warning when the rota breaks a hard rule (checked by the independent checker): a rota
    edited by hand in the file, say. None when it keeps every rule."""
    from legevakt_app.wording import count
    from solver.checker import check

    n = len(check(source.problem, source.rota))
    if not n:
        return None
    return (f"Merk: turnusen har {count(n, 'regelbrudd', 'regelbrudd')} (se «legevakt check» "
            "for prosjektet, eller Kontroll i appen).")


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
        from legevakt_app.solve_cli import explanation_text
        from legevakt_app.wording import STATUS

        raise NoRota(f"{path}: {STATUS.get(result.status, result.status)}.\n"
                     + explanation_text(result.explanation))
    source.rota = result.rota
    source.solve_info = solve_info_of(result)
    return source


def solve_info_of(result: Any) -> dict[str, Any]:
    """The engine's figures for the rota it made, as exports show them («Om turnusen»)."""
    return {
        "status": result.status,
        "objective": getattr(result, "objective", None),
        "bound": getattr(result, "bound", None),
        "perfect_fairness_bound": result.perfect_fairness_bound,
        "seconds": result.seconds,
    }
