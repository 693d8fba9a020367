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


def greedy_rota(source: RotaSource) -> Rota:
    """A simple person-style rota: each shift to the available doctor with the least load
    per share so far (no overlap, rests of 8 h, fritak and absences respected; bakvakt from
    the least-loaded competent doctor). Good enough to draw and measure; not optimal."""
    from datetime import timedelta as td

    problem = source.problem
    load = {d.id: 0.0 for d in problem.doctors}
    busy: dict[str, list[tuple[object, object]]] = {d.id: [] for d in problem.doctors}
    out: list[Assignment] = []

    def free(doc, s) -> bool:  # type: ignore[no-untyped-def]
        if doc.share <= 0:
            return False
        for a in doc.absences:
            if a.start < s.end and s.start < a.end:
                return False
        for e in doc.exemptions:
            if e.start < s.end and s.start < e.end:
                if e.scope == "full" or (e.scope == "no_nights" and s.night) or (
                    e.scope == "no_weekends" and s.weekend
                ):
                    return False
        rest = td(hours=8)
        return all(not (b0 - rest < s.end and s.start < b1 + rest) for b0, b1 in busy[doc.id])

    for s in problem.shifts:
        taken: list[str] = []
        for _slot in range(s.required):
            pool = [
                d for d in problem.doctors
                if d.id not in taken and free(d, s) and (d.competent or not s.requires_competent)
            ]  # fmt: skip
            if not pool:
                continue
            doc = min(pool, key=lambda d: (load[d.id] / d.share, d.id))
            taken.append(doc.id)
            load[doc.id] += s.hours
            busy[doc.id].append((s.start, s.end))
            out.append(Assignment(s.id, doc.id))
        by_id = {d.id: d for d in problem.doctors}
        if any(not by_id[t].competent for t in taken):
            pool = [d for d in problem.doctors if d.competent and d.id not in taken and free(d, s)]
            if pool:
                doc = min(pool, key=lambda d: (load[d.id] / d.share, d.id))
                load[doc.id] += s.hours * 0.3
                busy[doc.id].append((s.start, s.end))
                out.append(Assignment(s.id, doc.id, "bakvakt"))
    return Rota(out)
