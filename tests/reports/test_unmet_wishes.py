"""«Whose wishes are not met, and when?»: the engine only counts unmet wishes (level 3); the
leader must be able to tell each doctor, so the report, the JSON, the workbook and the solve
summary list them, counted as the engine counts them."""

from __future__ import annotations

from datetime import timedelta

from legevakt_app.cli import main
from legevakt_app.domain import Absence, PublishedAssignment, Wish
from legevakt_app.engine_input import build_problem
from legevakt_app.export.report_data import fairness_notes
from legevakt_app.project_io import save_project
from legevakt_app.reports.fairness import fairness_dict, fairness_lines, fairness_report
from legevakt_app.reports.wishes import unmet_wishes
from legevakt_app.rota_source import source_from_project
from solver.solve import solve
from tests.reports.conftest import START, dogn_project


def _wishing_district():
    """Three doctors, a døgnvakt a day for a week. All three would rather be free on day 1
    (somebody must take it) and all three want to work day 3 (one can); Lege 2 also wants day 5,
    when she is on ferie (no wish the rota can meet)."""
    project = dogn_project(3, days=7)
    free, work, away = START + timedelta(days=1), START + timedelta(days=3), START + timedelta(days=5)
    for d in project.doctors:
        d.wishes += [Wish(start=free, end=free, wants=False), Wish(start=work, end=work, wants=True)]
    project.doctors[1].wishes.append(Wish(start=away, end=away, wants=True))
    project.doctors[1].unavailable.append(Absence(kind="ferie", start=away, end=away))
    return project


def _solved():
    project = _wishing_district()
    result = solve(build_problem(project), time_limit=10, workers=2, seed=0)
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in result.rota.assignments]
    return project, result


def test_the_unmet_wishes_are_the_ones_the_engine_counts():
    project, result = _solved()
    wishes = result.level("wishes")
    assert wishes is not None and wishes.status == "optimal" and wishes.value == 3
    source = source_from_project(project)
    unmet = unmet_wishes(source.problem, source.rota)
    assert sum(u.count for u in unmet) == 3
    on_day_1 = next(a.doctor_id for a in project.rota if a.shift_id.endswith(f"{START + timedelta(days=1)}"))
    on_day_3 = next(a.doctor_id for a in project.rota if a.shift_id.endswith(f"{START + timedelta(days=3)}"))
    given = {u.doctor_id: [s.id for s in u.given] for u in unmet if u.given}
    assert list(given) == [on_day_1] and len(given[on_day_1]) == 1
    missed = {u.doctor_id: [g[0].start.date() for g in u.missed] for u in unmet if u.missed}
    # the two who did not get day 3; Lege 2's day on ferie is not counted
    assert sorted(missed) == sorted({"d1", "d2", "d3"} - {on_day_3})
    assert all(days == [START + timedelta(days=3)] for days in missed.values())


def test_report_json_and_workbook_name_the_doctor_and_the_day():
    project, _ = _solved()
    report = fairness_report(source_from_project(project))
    lines = fairness_lines(report)
    assert "Uoppfylte ønsker (3):" in lines
    day_3 = f"{START + timedelta(days=3):%d.%m}"
    wanted = [line for line in lines if f"fikk ikke vakt som ønsket {day_3}" in line]
    assert len(wanted) == 2 and all(line.strip().startswith("Lege ") for line in wanted)
    data = fairness_dict(report)["unmet_wishes"]
    assert sum(u["count"] for u in data) == 3
    assert sum(len(u["days_without_wished_vakt"]) for u in data) == 2
    notes = fairness_notes(report)
    assert "Uoppfylte ønsker (3):" in notes and any(day_3 in n for n in notes)


def test_solve_summary_lists_the_unmet_wishes(tmp_path, capsys):
    path = tmp_path / "ønsker.legevakt.json"
    save_project(_wishing_district(), path)
    assert main(["solve", str(path), "--time-limit", "10", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Uoppfylte ønsker: 3 (nedre grense 3; bevist optimal)" in out
    assert "Uoppfylte ønsker (3):" in out
    assert f"fikk ikke vakt som ønsket {START + timedelta(days=3):%d.%m}" in out
    assert "Utenfor det rettferdige antallet:" in out
