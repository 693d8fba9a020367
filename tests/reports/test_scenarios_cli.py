"""Scenarios (with a stand-in solver), the report command, and the samples with the engine."""

from __future__ import annotations

import json
from argparse import Namespace

import pytest

from legevakt_app.cli import main
from legevakt_app.domain import PublishedAssignment
from legevakt_app.project_io import save_project
from legevakt_app.reports.engine import engine_available
from legevakt_app.reports.scenarios import (
    STANDARD_SCENARIOS,
    add_doctor,
    join_neighbour,
    lis1_sufficient,
    rest_11h,
    run_scenarios,
    vikar_takes_nights,
)
from tests.reports.conftest import dogn_project, dogn_source, round_robin
from tests.reports.test_threshold import window_solver


def loose_solver(problem, time_limit):  # type: ignore[no-untyped-def]
    """Round robin on every shift, no rules: enough to test the scenario plumbing."""
    return window_solver(
        __import__("dataclasses").replace(
            problem, rules=__import__("dataclasses").replace(problem.rules, window_days=1)
        ),
        time_limit,
    )


def test_each_scenario_changes_one_thing() -> None:
    source = dogn_source(3)
    plus = add_doctor(source)
    assert len(plus.problem.doctors) == 4 and not plus.has_rota
    assert plus.doctor_info["scenario-lege-1"].kind == "fastlege"
    vikar = vikar_takes_nights(source)
    assert all(not s.night and s.hours == 7 for s in vikar.problem.shifts)  # 16–23 left
    assert rest_11h(source).problem.rules.min_rest_hours == 11.0
    assert source.problem.rules.min_rest_hours == 8.0  # the original is untouched
    joined = join_neighbour(source)
    assert [k.name for k in joined.kommuner] == ["Testvik", "Nabokommune"]
    assert {s.kind for s in joined.stations} == {"satellite", "central"}
    assert {s.station for s in joined.problem.shifts} == {"nabo-sentral"}
    assert len(joined.problem.doctors) == 9
    lis1 = lis1_sufficient(source)
    assert lis1.competence_rule == "lis1_sufficient"


def test_run_scenarios_compares_side_by_side() -> None:
    results = run_scenarios(dogn_source(3), solve_fn=loose_solver)
    assert [r.key for r in results] == ["current"] + [s.key for s in STANDARD_SCENARIOS]
    current, plus = results[0], results[1]
    assert current.worst_ratio == pytest.approx(2.8) and plus.worst_ratio == pytest.approx(4.0)
    assert plus.worst_week < current.worst_week
    vikar = results[2]
    assert vikar.practice_days_lost == 0 and vikar.worst_week == pytest.approx(49 + 7 * 10 / 4)
    assert all(r.solved for r in results)


def _project_file(tmp_path, n: int):  # type: ignore[no-untyped-def]
    project = dogn_project(n)
    project.rota = [
        PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id)
        for a in round_robin(project).assignments
    ]
    path = tmp_path / f"{n}.legevakt.json"
    save_project(project, path, backup=False)
    return path


def test_report_json_has_the_contract_keys(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _project_file(tmp_path, 3)
    from legevakt_app.report_cli import main as report_main

    assert report_main([str(path), "--json", "--no-need"]) == 0
    data = json.loads(capsys.readouterr().out)
    doc = data["doctors"][0]
    for key in ("hours_per_week", "estimated_total_week", "rotation_ratio", "nights",
                "weekends", "holidays", "bakvakter", "above_68h"):  # fmt: skip
        assert key in doc
    district = data["district"]
    assert district["doctors_in_rota"] == 3
    assert district["four_or_fewer"] and district["below_firedelt"]
    assert district["grant_eligible"]
    assert "doctors_needed_for_firedelt" in district
    assert doc["rotation_ratio"] == 2.8


def test_report_text_through_the_main_cli(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _project_file(tmp_path, 4)
    assert main(["report", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Firelegegrensen" in out and "Fire eller færre fastleger: ja" in out
    assert "Mindre enn firedelt vakt: nei" in out


def test_report_bad_input_is_exit_2(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.legevakt.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["report", str(bad)]) == 2
    assert main(["report", str(tmp_path / "missing.legevakt.json")]) == 2
    from legevakt_app.report_cli import run_report

    with pytest.raises(Exception, match="target"):
        run_report(Namespace(source=str(_project_file(tmp_path, 4)), json=True, target=1))


needs_engine = pytest.mark.skipif(not engine_available(), reason="solver.solve not there yet")


@needs_engine
def test_liten_kommune_is_flagged(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["report", "liten-kommune", "--json", "--time-limit", "8"]) == 0
    small = json.loads(capsys.readouterr().out)["district"]
    assert small["four_or_fewer"] and small["grant_eligible"]
    assert small["doctors_needed_for_firedelt"] is not None


@pytest.mark.slow
@needs_engine
def test_stor_legevakt_is_not_flagged(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["report", "stor-legevakt", "--json", "--time-limit", "30"]) == 0
    big = json.loads(capsys.readouterr().out)["district"]
    assert not big["four_or_fewer"] and not big["below_firedelt"] and not big["grant_eligible"]
