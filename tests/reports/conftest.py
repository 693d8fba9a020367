"""Hand-made districts and rotas with known answers (no engine needed)."""

from __future__ import annotations

from datetime import date, timedelta

from legevakt_app.domain import (
    District,
    Doctor,
    Kommune,
    Period,
    Project,
    Rules,
    ShiftTemplate,
    Station,
)
from legevakt_app.rota_source import RotaSource, source_from_project
from legevakt_app.shifts import expand_shifts
from solver.problem import Assignment, Rota

START = date(2027, 1, 4)  # a Monday; January 2027 after the 1st has no holidays


def dogn_project(
    n_doctors: int,
    days: int = 28,
    on_site: bool = False,
    inhabitants: int = 2600,
    centrality: int = 6,
    hjemmevakt_factor: float = 1.0,
    kind: str = "fastlege",
) -> Project:
    """One kommune, one station, a døgnvakt 16–08 every day, ``n_doctors`` doctors."""
    return Project(
        district=District(
            name="Testvik legevakt",
            kommuner=[Kommune(name="Testvik", inhabitants=inhabitants, centrality=centrality)],
            stations=[Station(id="lv", name="Testvik legevakt", kind="central", kommune="Testvik")],
        ),
        period=Period(start=START, end=START + timedelta(days=days - 1)),
        doctors=[
            Doctor(
                id=f"d{i}",
                name=f"Lege {i}",
                kommune="Testvik",
                kind=kind,  # type: ignore[arg-type]
                birth_year=1980,
                competence={"specialist_allmennmedisin": True},
            )
            for i in range(1, n_doctors + 1)
        ],
        templates=[
            ShiftTemplate(
                id="dogn",
                name="Døgnvakt",
                station="lv",
                kind="dogn",
                weekdays=list(range(7)),
                start="16:00",
                end="08:00",
                end_day_offset=1,
                on_site=on_site,
            )
        ],
        rules=Rules(hjemmevakt_factor=hjemmevakt_factor),
    )


def round_robin(project: Project) -> Rota:
    """Shift i goes to doctor i mod n: the textbook N-delt rota."""
    shifts = expand_shifts(project)
    ids = [d.id for d in project.doctors]
    return Rota([Assignment(s.id, ids[i % len(ids)]) for i, s in enumerate(shifts)])


def dogn_source(n_doctors: int, **kwargs: object) -> RotaSource:
    project = dogn_project(n_doctors, **kwargs)  # type: ignore[arg-type]
    return source_from_project(project, round_robin(project))
