"""What reports and exports work from: a rota together with its problem and district.

A :class:`RotaSource` comes either from a project file (its stored rota, or a fresh solve
when it has none) or from a self-contained result file (``legevakt-rota/1``). Reports and
exports take a ``RotaSource`` and never need to know which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from legevakt_app.domain import Kommune, Project, Station
from solver.problem import Problem, Rota


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
