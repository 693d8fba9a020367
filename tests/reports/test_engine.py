"""``reports.engine.solve_problem``: the reports' one door to the engine (real CP-SAT solves)."""

from __future__ import annotations

import threading

from legevakt_app.domain import Absence
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
