"""Rotas for export tests: made by hand (a simple fair round robin), as a leader might."""

from __future__ import annotations

from datetime import timedelta

import pytest

from legevakt_app.project_io import load_project
from legevakt_app.rota_source import RotaSource, source_from_project
from solver.problem import Assignment, Problem, Rota

SAMPLE_NAMES = ("liten-kommune", "interkommunal", "stor-legevakt")


def handmade_rota(problem: Problem, leave_vacant: int = 0) -> Rota:
    """Round robin by hours: each shift to the least-loaded doctor who is free (not on an
    overlapping shift, 8 h rest); a non-competent doctor gets a competent bakvakt.
    Every ``leave_vacant``-th shift (if > 0) is left empty, to show vacant slots."""
    hours: dict[str, float] = {d.id: 0.0 for d in problem.doctors}
    busy: dict[str, list[tuple]] = {d.id: [] for d in problem.doctors}
    competent = {d.id: d.competent for d in problem.doctors}
    rest = timedelta(hours=8)
    out: list[Assignment] = []

    def free(doctor_id: str, shift) -> bool:
        return all(
            shift.start >= end + rest or shift.end + rest <= start for start, end in busy[doctor_id]
        )

    def take(doctor_id: str, shift, role: str) -> None:
        out.append(Assignment(shift.id, doctor_id, role))
        hours[doctor_id] += shift.hours * (1.0 if role == "vakt" else 0.3)
        busy[doctor_id].append((shift.start, shift.end))

    ordered = sorted(d.id for d in problem.doctors)
    for n, shift in enumerate(problem.shifts):
        if leave_vacant and n % leave_vacant == leave_vacant - 1:
            continue
        for _ in range(shift.required):
            candidates = [d for d in ordered if free(d, shift)]
            if not candidates:
                break
            doc = min(candidates, key=lambda d: (hours[d], ordered.index(d)))
            take(doc, shift, "vakt")
            if not competent[doc]:  # § 7: a bakvakt whenever the doctor is not vaktkompetent
                backups = [d for d in ordered if competent[d] and free(d, shift)]
                if backups:
                    take(min(backups, key=lambda d: hours[d]), shift, "bakvakt")
    return Rota(out)


def sample_source(name: str) -> RotaSource:
    from tests.conftest import SAMPLES

    project = load_project(SAMPLES[name])
    source = source_from_project(project)
    source.rota = handmade_rota(source.problem)
    return source


def saved_with_rota(path):  # type: ignore[no-untyped-def]
    """liten-kommune with a hand-made rota stored in it, saved at ``path`` (returned)."""
    from legevakt_app.domain import PublishedAssignment
    from legevakt_app.project_io import save_project
    from tests.conftest import SAMPLES

    project = load_project(SAMPLES["liten-kommune"])
    rota = handmade_rota(sample_source("liten-kommune").problem)
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in rota.assignments]
    save_project(project, path, backup=False)
    return path


_CACHE: dict[str, RotaSource] = {}


@pytest.fixture
def source_of():
    """``source_of("interkommunal")`` → the sample with a hand-made rota (cached)."""

    def get(name: str) -> RotaSource:
        if name not in _CACHE:
            _CACHE[name] = sample_source(name)
        return _CACHE[name]

    return get


def helgevakt_source() -> RotaSource:
    """liten-kommune with a helgevakt fre 16 – man 08 (one vakt over the weekend) and
    døgnvakter man–tor, holidays as ordinary days, and a hand-made rota."""
    from legevakt_app.domain import ShiftTemplate
    from tests.conftest import SAMPLES

    project = load_project(SAMPLES["liten-kommune"])
    dogn = next(t for t in project.templates if t.id == "dogn")
    project.templates = [
        dogn.model_copy(update={"weekdays": [0, 1, 2, 3], "holiday_policy": "normal"}),
        ShiftTemplate(id="helg", name="Helgevakt", station=dogn.station, kind="dogn",
                      weekdays=[4], start="16:00", end="08:00", end_day_offset=3, on_site=False,
                      holiday_policy="normal"),
    ]
    source = source_from_project(project)
    source.rota = handmade_rota(source.problem)
    return source
