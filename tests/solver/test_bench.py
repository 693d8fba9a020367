"""`legevakt bench` figures: every key the issue names, from real solves in child processes."""

from dataclasses import replace
from datetime import timedelta

from legevakt_app.bench_cli import bench_table
from legevakt_app.project_io import load_project
from legevakt_app.rota_source import source_from_project
from legevakt_app.wording import decimal
from solver.bench import illness, run_benchmark
from solver.explain import precheck
from solver.generate import make_problem
from solver.problem import Assignment, Rota
from tests.conftest import SAMPLES

KEYS = {"instance", "doctors", "weeks", "shifts", "status", "seconds_to_first_feasible",
        "seconds_total", "objective", "bound", "perfect_fairness_bound", "gap_to_bound",
        "peak_rss_mb", "baseline_objective", "runs_optimal", "runs"}


def test_benchmark_reports_every_figure_and_beats_round_robin():
    problem = make_problem(doctors=8, weeks=4, seed=3, absence_weeks=0)
    (row,) = run_benchmark([("liten-test", problem)], repeats=2, workers=1, time_limit=5.0)
    assert KEYS <= row.keys()
    assert row["doctors"] == 8 and row["weeks"] == 4.0 and row["runs"] == 2
    assert 0 <= row["runs_optimal"] <= 2
    assert row["status"] in {"optimal", "feasible"}
    # each run's own levels, agreeing with the count of runs that proved every level
    assert len(row["levels_by_run"]) == 2
    proven = [all(status == "optimal" for _name, status, _at in run) for run in row["levels_by_run"]]
    assert sum(proven) == row["runs_optimal"]
    assert row["seconds_to_first_feasible"] <= row["seconds_total"]
    # the proven bound never exceeds the rota, and the engine is never less fair than round robin
    assert row["bound"] <= row["objective"] <= row["baseline_objective"]
    assert row["peak_rss_mb"] > 50  # the child's interpreter with OR-Tools loaded
    # the text table a person reads: Norwegian headings, decimal commas, the row's own figures
    table = bench_table([row], repeats=2, workers=1)
    heading, line, note = table.splitlines()
    assert heading.split()[:4] == ["distrikt", "leger", "uker", "vakter"]
    assert line.startswith("liten-test") and f"{row['runs_optimal']} av 2" in line
    assert decimal(row["objective"], 2) in line and decimal(row["baseline_objective"], 2) in line
    assert note.startswith("Medianer av 2 kjøringer med 1 tråd")
    # the repair after a two-week illness: never fewer moves than the illness forces
    repair = row["repair"]
    assert repair["runs"] == repair["runs_found"] == 2 and 0 <= repair["runs_proven"] <= 2
    assert 0 < repair["forced"] <= repair["moved"]
    assert f"{repair['moved']:.0f} flyttet ({repair['forced']:.0f} måtte)" in line


def test_the_benchmarks_illness_forbids_the_vakter_it_counts():
    """The ill doctor is the one with most vakter in the two weeks from the middle of the
    period; the vakter counted as forced are exactly those the checker now rejects."""
    from solver.checker import check
    from solver.solve import solve

    problem = make_problem(doctors=6, weeks=4, seed=3, absence_weeks=0, noncompetent=0.0)
    rota = solve(problem, time_limit=5, workers=1, explain=False).rota
    changed, forced, passed_over = illness(problem, rota)
    ill = [d for d, was in zip(changed.doctors, problem.doctors, strict=True) if d != was]
    assert len(ill) == 1 and passed_over == 0
    broken = {(v.doctor_id, v.shift_id) for v in check(changed, rota) if v.rule == "unavailability"}
    assert forced == len(broken) > 0 and {d for d, _ in broken} == {ill[0].id}


def test_the_benchmarks_illness_passes_over_a_doctor_whose_absence_leaves_no_rota():
    """liten-kommune: with Kari Nordeng ill over 11.04, Per Kroken's weekend night has no
    vaktkompetent bakvakt free (Ola on kurs, Ingrid free of nights), as the counting proves;
    the benchmark then makes the next busiest ill, and its repair has a rota to find."""
    problem = source_from_project(load_project(SAMPLES["liten-kommune"])).problem
    kari = next(d.id for d in problem.doctors if d.name == "Kari Nordeng")
    ola = next(d.id for d in problem.doctors if d.name == "Ola Hallingset")
    assert illness(problem, Rota([]))[0] is problem  # nothing published: nobody falls ill
    # a published rota of the two weeks: Kari has the most vakter in them, Ola the rest
    middle = problem.period_start + (problem.period_end - problem.period_start) / 2
    monday = middle - timedelta(days=middle.weekday())
    weeks = sorted((s for s in problem.shifts if s.start.date() >= monday),
                   key=lambda s: s.start)[:14]
    rota = Rota([Assignment(s.id, kari if i < 8 else ola) for i, s in enumerate(weeks)])
    changed, forced, passed_over = illness(problem, rota)
    ill = {d.id for d, was in zip(changed.doctors, problem.doctors, strict=True) if d != was}
    assert (ill, forced, passed_over) == ({ola}, 6, 1)
    assert not precheck(changed)
    # and Kari's two weeks away: the counting proves that no rota exists
    sick = next(d for d in changed.doctors if d.id == ola).absences[-1]
    kari_away = replace(problem, doctors=tuple(
        replace(d, absences=(*d.absences, sick)) if d.id == kari else d
        for d in problem.doctors))
    assert any("ingen vaktkompetent bakvakt er ledig for Per Kroken" in line
               for line in precheck(kari_away))
