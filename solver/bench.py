"""Benchmark: each solve runs in a fresh process (spawned) so its peak memory can be measured
(``ru_maxrss`` of that process). Figures are medians of ``repeats`` runs.

``objective`` is the largest load per share in the delivered rota, ``level1`` the optimum of
objective level 1 (the delivered rota may use the rules' fairness margin above it),
``bound`` the proven lower bound; ``status`` is the most common status of the runs ("optimal"
when every level was proven), ``runs_optimal`` how many runs proved every level, and
``levels_by_run`` each run's levels with their status and time.

``repair``: after each run its rota is taken as published, the doctor with the most vakter in
the two weeks from the Monday of the week the period's middle falls in is ill for those two
weeks, and the rota is repaired (repair mode, as ``legevakt solve --repair``): ``moved``
published assignments changed, ``forced`` of them the illness forbids (the fewest a repair can
move), ``seconds_total``, ``runs_found`` in how many runs the illness left a rota, and
``runs_proven`` in how many the fewest moves were proven. A doctor whose illness the counting
pre-checks already prove leaves no rota is passed over for the next busiest
(``runs_passed_over``: in how many runs): on liten-kommune Kari Nordeng, in some runs the
busiest, is one weekend the only vaktkompetent bakvakt free for Per Kroken, and the repair
would only explain that, as ``legevakt solve`` does."""

from __future__ import annotations

import multiprocessing as mp
import resource
import statistics
import sys
from collections import Counter
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

from solver.baseline import round_robin
from solver.explain import precheck
from solver.problem import Absence, Problem, Rota

ILLNESS_DAYS = 14


def illness(problem: Problem, rota: Rota) -> tuple[Problem, int, int]:
    """The benchmark's change after publishing (see ``repair`` above): the changed problem,
    how many of the rota's assignments the illness forbids, and how many busier doctors were
    passed over (their illness would leave no rota, as the counting pre-checks prove)."""
    middle = problem.period_start + (problem.period_end - problem.period_start) / 2
    monday = middle - timedelta(days=middle.weekday())
    tz = problem.shifts[0].start.tzinfo if problem.shifts else None
    start = datetime.combine(monday, time(0), tzinfo=tz)
    end = start + timedelta(days=ILLNESS_DAYS)
    shifts = {s.id: s for s in problem.shifts}

    def during(a) -> bool:
        s = shifts[a.shift_id]
        return s.start < end and start < s.end

    busy = Counter(a.doctor_id for a in rota.assignments if a.role == "vakt" and during(a))
    if not busy:
        return problem, 0, 0

    def away(ill: str) -> Problem:
        return replace(problem, doctors=tuple(
            replace(d, absences=(*d.absences, Absence(start, end, "annet")))
            if d.id == ill else d for d in problem.doctors))

    order = [doctor for doctor, _n in busy.most_common()]
    # the busiest whose two weeks away the counting does not already prove leave no rota
    passed_over = next((i for i, doctor in enumerate(order) if not precheck(away(doctor))), 0)
    ill = order[passed_over]
    forced = sum(1 for a in rota.assignments if a.doctor_id == ill and during(a))
    return away(ill), forced, passed_over


def _run_one(problem: Problem, workers: int, time_limit: float, seed: int, queue: Any) -> None:
    from solver.solve import solve

    r = solve(problem, time_limit=time_limit, workers=workers, seed=seed, explain=False)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
    repair = None
    if r.rota.assignments:
        changed, forced, passed_over = illness(problem, r.rota)
        fixed = solve(changed, time_limit=time_limit, workers=workers, seed=seed, explain=False,
                      repair_from=r.rota)
        moves = fixed.level("moves")
        repair = {"seconds_total": fixed.seconds, "moved": fixed.moved, "forced": forced,
                  "passed_over": passed_over,
                  "found": bool(fixed.rota.assignments),
                  "proven": moves is not None and moves.status == "optimal"}
    queue.put({
        "repair": repair,
        "status": r.status,
        "seconds_to_first_feasible": r.seconds_to_first_feasible,
        "seconds_total": r.seconds,
        "objective": r.objective,
        "bound": r.bound,
        "perfect_fairness_bound": r.perfect_fairness_bound,
        "level1": r.level("fairness").value if r.level("fairness") else None,
        "level1_status": r.level("fairness").status if r.level("fairness") else None,
        "level1_done_at": r.level("fairness").done_at if r.level("fairness") else None,
        "levels": [(lv.name, lv.status, lv.done_at) for lv in r.levels],
        "peak_rss_mb": round(rss_mb, 1),
    })


def _median(values: list) -> Any:
    vals = [v for v in values if v is not None]
    return round(statistics.median(vals), 4) if vals else None


def _repair_figures(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Medians of the runs' repairs; ``runs_found``: those the illness left a rota for (the
    others are explained as no rota, as a leader would see it)."""
    if not runs:
        return None
    return {"seconds_total": _median([r["seconds_total"] for r in runs]),
            "moved": _median([r["moved"] for r in runs if r["found"]]),
            "forced": _median([r["forced"] for r in runs]),
            "runs_found": sum(1 for r in runs if r["found"]),
            "runs_passed_over": sum(1 for r in runs if r["passed_over"]),
            "runs_proven": sum(1 for r in runs if r["proven"]), "runs": len(runs)}


def run_benchmark(instances: list[tuple[str, Problem]], repeats: int = 3, workers: int = 2,
                  time_limit: float = 60.0) -> list[dict[str, Any]]:
    from solver.solve import max_ratio

    ctx = mp.get_context("spawn")
    out = []
    for name, problem in instances:
        runs = []
        for rep in range(repeats):
            queue = ctx.Queue()
            proc = ctx.Process(target=_run_one, args=(problem, workers, time_limit, rep, queue))
            proc.start()
            runs.append(queue.get())
            proc.join()
        objective = _median([r["objective"] for r in runs])
        bound = _median([r["bound"] for r in runs])
        level1 = _median([r["level1"] for r in runs])
        pfb = runs[0]["perfect_fairness_bound"]
        statuses = [r["status"] for r in runs]
        out.append({
            "instance": name,
            "doctors": len(problem.doctors),
            "weeks": round(((problem.period_end - problem.period_start).days + 1) / 7, 1),
            "shifts": len(problem.shifts),
            "status": max(set(statuses), key=statuses.count),
            "runs_optimal": statuses.count("optimal"),
            "runs": len(statuses),
            "seconds_to_first_feasible": _median([r["seconds_to_first_feasible"] for r in runs]),
            "seconds_total": _median([r["seconds_total"] for r in runs]),
            "objective": objective,
            "bound": bound,
            "perfect_fairness_bound": round(pfb, 4) if pfb is not None else None,
            "gap_to_bound": round((objective - bound) / bound, 4) if objective and bound else None,
            "level1": level1,
            "level1_gap": round((level1 - bound) / bound, 4) if level1 and bound else None,
            "level1_status": max(set(s1 := [r["level1_status"] for r in runs]), key=s1.count),
            "seconds_level1": _median([r["level1_done_at"] for r in runs]),
            "peak_rss_mb": _median([r["peak_rss_mb"] for r in runs]),
            "baseline_objective": round(max_ratio(problem, round_robin(problem)), 4),
            # every run's levels (name, status, seconds), in seed order: the medians above
            # mix runs, so one run's levels alone would contradict them
            "levels_by_run": [r["levels"] for r in runs],
            "repair": _repair_figures([r["repair"] for r in runs if r["repair"]]),
        })
    return out


if __name__ == "__main__":  # python -m solver.bench [time_limit] [repeats]
    import json

    from solver.generate import benchmark_instances

    tl = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(json.dumps(run_benchmark(benchmark_instances(), repeats=reps, time_limit=tl), indent=1))
