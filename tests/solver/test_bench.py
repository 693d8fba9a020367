"""`legevakt bench` figures: every key the issue names, from real solves in child processes."""

from solver.bench import run_benchmark
from solver.generate import make_problem

KEYS = {"instance", "doctors", "weeks", "shifts", "status", "seconds_to_first_feasible",
        "seconds_total", "objective", "bound", "perfect_fairness_bound", "gap_to_bound",
        "peak_rss_mb", "baseline_objective", "runs_optimal", "runs"}


def test_benchmark_reports_every_figure_and_beats_round_robin():
    problem = make_problem(doctors=8, weeks=4, seed=3)
    (row,) = run_benchmark([("liten-test", problem)], repeats=2, workers=1, time_limit=5.0)
    assert KEYS <= row.keys()
    assert row["doctors"] == 8 and row["weeks"] == 4.0 and row["runs"] == 2
    assert 0 <= row["runs_optimal"] <= 2
    assert row["status"] in {"optimal", "feasible"}
    assert row["seconds_to_first_feasible"] <= row["seconds_total"]
    # the proven bound never exceeds the rota, and the engine is never less fair than round robin
    assert row["bound"] <= row["objective"] <= row["baseline_objective"]
    assert row["peak_rss_mb"] > 50  # the child's interpreter with OR-Tools loaded
