"""``reports.engine.solve_problem``: the reports' one door to the engine (real CP-SAT solves)."""

from __future__ import annotations

import threading
from datetime import timedelta

from legevakt_app.domain import Absence, ShiftTemplate, Wish
from legevakt_app.engine_input import build_problem
from legevakt_app.reports.engine import solve_problem
from legevakt_app.rota_source import source_from_project
from solver.problem import Rota
from tests.reports.conftest import START, dogn_project, dogn_source


def everyone_away_one_day():  # type: ignore[no-untyped-def]
    project = dogn_project(4, days=7)
    for doctor in project.doctors:
        doctor.unavailable = [Absence(start=START, end=START, kind="ferie")]
    return source_from_project(project, Rota([])).problem


def test_a_rota_is_found() -> None:
    outcome = solve_problem(dogn_source(4, days=7).problem, 10)
    assert outcome.found and outcome.status in ("OPTIMAL", "FEASIBLE")
    assert not outcome.proven_infeasible and outcome.explanation is None


def test_a_set_cancel_token_stops_the_solve() -> None:
    cancel = threading.Event()
    cancel.set()
    outcome = solve_problem(dogn_source(4).problem, 60, cancel_token=cancel)
    assert outcome.status == "CANCELLED"
    assert not outcome.proven_infeasible  # stopped, not proven impossible


def test_the_explanation_only_when_asked_for() -> None:
    problem = everyone_away_one_day()
    quiet = solve_problem(problem, 10, explain=False)
    assert quiet.proven_infeasible and not quiet.found and quiet.explanation is None
    explained = solve_problem(problem, 10)  # explains by default
    assert explained.proven_infeasible and explained.explanation is not None
    assert any("ferie" in m for m in explained.explanation.messages)


def test_a_wish_to_work_counts_per_day_and_an_avoided_day_per_shift() -> None:
    project = dogn_project(2, days=7)
    project.templates.append(ShiftTemplate(id="dag", name="Dagvakt", station="lv", kind="day",
                                           weekdays=list(range(7)), start="08:00", end="16:00"))
    day = [START + timedelta(days=i) for i in range(7)]
    project.doctors[0].wishes = [Wish(start=day[1], end=day[2], wants=True),
                                 Wish(start=day[4], end=day[4], wants=False)]
    doctor = build_problem(project).doctors[0]
    # "ønsker vakt 5.-6. januar": one wish per day, met by either of the day's two shifts
    assert [sorted(group) for group in doctor.wants] == [
        [f"dag@{day[1]}", f"dogn@{day[1]}"], [f"dag@{day[2]}", f"dogn@{day[2]}"]]
    # "ikke vakt 8. januar": each of that day's shifts given is a wish broken
    assert sorted(doctor.wishes) == [(f"dag@{day[4]}", -1), (f"dogn@{day[4]}", -1)]
