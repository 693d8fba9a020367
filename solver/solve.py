"""``solve(problem, ...)``: build the rule model, solve it level by level, report.

Each objective level (see :mod:`solver.objective`) is solved to proven optimality when the
time allows, then fixed (``expr <= best value``) before the next level starts from the previous
solution as a hint. Every level reports the value reached and the proven lower bound.

Before level 1 (when no hint is given) a pure feasibility solve finds a first rota; the
objective levels start from it. (Searching with the objective from scratch was far slower to
find any rota on a 40-doctor year.)

Determinism: with ``deterministic=True`` (or ``workers=1``) the search is reproducible for a
fixed ``seed`` and ``workers`` (CP-SAT's interleaved search) as long as no wall-clock limit or
cancel cuts a level short. The default parallel portfolio is much faster on large districts but
two runs may return different rotas of equal objective values.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.common import SHARE_SCALE
from solver.fairness import perfect_fairness_bound, share_units
from solver.metrics import DoctorMetrics, doctor_metrics
from solver.objective import Level, balance_level, fairness_level, moves_level, wishes_level
from solver.problem import Problem, Rota
from solver.rules import RotaModel, build_model

Status = str  # "optimal" | "feasible" | "infeasible" | "cancelled" | "unknown"


@dataclass(frozen=True)
class Progress:
    elapsed: float  # seconds since solve() started
    level: str  # objective level being solved
    objective: float | None  # best value of this level so far (display units)
    bound: float | None  # proven lower bound of this level so far
    solutions: int  # solutions found in this level


@dataclass
class LevelResult:
    name: str
    title: str
    value: float | None
    bound: float | None
    status: Status
    seconds: float

    @property
    def proven(self) -> bool:
        return self.status == "optimal"


@dataclass
class SolveResult:
    status: Status
    rota: Rota
    metrics: list[DoctorMetrics] = field(default_factory=list)
    levels: list[LevelResult] = field(default_factory=list)
    perfect_fairness_bound: float | None = None  # weighted hours per unit of fair share
    seconds: float = 0.0
    seconds_to_first_feasible: float | None = None
    explanation: Any = None  # solver.explain.Explanation when infeasible
    soft_violations: list[str] = field(default_factory=list)  # labels "rule|doctor|date"
    moved: int | None = None  # repair mode: assignments of the published rota that changed

    def level(self, name: str) -> LevelResult | None:
        return next((lv for lv in self.levels if lv.name == name), None)

    @property
    def objective(self) -> float | None:
        """Level 1: max load per unit of fair share (weighted hours)."""
        lv = self.level("fairness")
        return lv.value if lv else None

    @property
    def bound(self) -> float | None:
        """Proven lower bound of level 1 (the better of CP-SAT's and the analytic bound)."""
        lv = self.level("fairness")
        return lv.bound if lv else None

    @property
    def gap(self) -> float | None:
        if self.objective is None or not self.bound:
            return None
        return (self.objective - self.bound) / abs(self.bound)

    @property
    def wall_time(self) -> float:
        return self.seconds

    @property
    def proven_infeasible(self) -> bool:
        return self.status == "infeasible"

    @property
    def found(self) -> bool:
        return bool(self.rota.assignments) or self.status in ("optimal", "feasible")


def is_cancelled(token: Any) -> bool:
    """``token``: None, a threading.Event, an object with ``.cancelled`` or a callable."""
    if token is None:
        return False
    is_set = getattr(token, "is_set", None)
    if callable(is_set):
        return bool(is_set())
    if hasattr(token, "cancelled"):
        c = token.cancelled
        return bool(c() if callable(c) else c)
    if callable(token):
        return bool(token())
    return False


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Solution callback + timer thread: progress at least every ``period`` s, and cancel."""

    def __init__(self, solver: cp_model.CpSolver, level: Level, started: float,
                 on_progress: Callable[[Progress], None] | None, cancel_token: Any,
                 period: float = 0.5) -> None:
        super().__init__()
        self.solver = solver
        self.level = level
        self.started = started
        self.on_progress = on_progress
        self.cancel_token = cancel_token
        self.period = period
        self.solutions = 0
        self.best: float | None = None
        self.bound: float | None = None
        self.first_solution_at: float | None = None
        self.cancelled = False
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def on_solution_callback(self) -> None:
        with self._lock:
            self.solutions += 1
            self.best = self.objective_value
            self.bound = self.best_objective_bound
            if self.first_solution_at is None:
                self.first_solution_at = time.perf_counter()
        if is_cancelled(self.cancel_token):
            self.cancelled = True
            self.stop_search()
        self._report()

    def on_bound(self, bound: float) -> None:
        with self._lock:
            self.bound = bound

    def _report(self) -> None:
        if self.on_progress is None:
            return
        scale = self.level.scale or 1.0
        with self._lock:
            p = Progress(
                elapsed=time.perf_counter() - self.started,
                level=self.level.name,
                objective=None if self.best is None else self.best / scale,
                bound=None if self.bound is None else self.bound / scale,
                solutions=self.solutions,
            )
        self.on_progress(p)

    def _run(self) -> None:
        last = 0.0
        while not self._done.wait(0.05):
            if is_cancelled(self.cancel_token) and not self.cancelled:
                self.cancelled = True
                self.solver.stop_search()
            now = time.perf_counter()
            if now - last >= self.period:
                last = now
                self._report()

    def __enter__(self) -> _Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def _values(solver: cp_model.CpSolver, ctx: RotaModel) -> dict[int, int]:
    sol = solver.response_proto.solution
    out = {}
    for v in list(ctx.x.values()) + list(ctx.b.values()):
        out[v.index] = sol[v.index]
    return out


def _hint_from_rota(ctx: RotaModel, rota: Rota) -> None:
    chosen = set()
    for a in rota.assignments:
        di = ctx.doctor_index.get(a.doctor_id)
        si = ctx.shift_index.get(a.shift_id)
        if di is not None and si is not None:
            chosen.add((di, si, a.role))
    ctx.model.clear_hints()
    for (di, si), v in ctx.x.items():
        ctx.model.add_hint(v, (di, si, "vakt") in chosen)
    for (di, si), v in ctx.b.items():
        ctx.model.add_hint(v, (di, si, "bakvakt") in chosen)


def _hint_from_values(ctx: RotaModel, values: dict[int, int]) -> None:
    ctx.model.clear_hints()
    for v in list(ctx.x.values()) + list(ctx.b.values()):
        ctx.model.add_hint(v, bool(values[v.index]))


def solve(
    problem: Problem,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
    cancel_token: Any = None,
    hint: Rota | None = None,
    repair_from: Rota | None = None,
    fairness_gap: float = 0.0,
    fairness_resolution: float = 0.0025,
    explain: bool = True,
    deterministic: bool = False,
) -> SolveResult:
    """Make the fairest rota for ``problem``.

    ``time_limit`` seconds in all (levels share it; unused time carries over).
    ``hint``: a previous rota to start from. ``repair_from``: a published rota; the first level
    then minimises how many of its assignments move (its locked assignments stay).
    ``fairness_gap``: accept a level-1 solution within this relative gap of the proven bound
    (0 = prove optimality). ``fairness_resolution``: level 1 is optimised (and proven) in
    steps of this fraction of the perfect-fairness bound; the reported value is exact.
    ``explain``: on infeasibility, build a Norwegian explanation.
    """
    started = time.perf_counter()
    deadline = started + max(0.0, time_limit)
    published = repair_from
    extra_fixed = [a for r in (hint, repair_from) if r is not None for a in r.assignments if a.locked]
    ctx = build_model(problem, extra_fixed=extra_fixed)
    bound = perfect_fairness_bound(problem)
    levels: list[Level] = []
    if published is not None:
        levels.append(moves_level(ctx, published))
    levels.append(fairness_level(ctx, bound, symmetry=hint is None and published is None,
                                 resolution=fairness_resolution))
    levels.append(balance_level(ctx))
    wl = wishes_level(ctx)
    if wl is not None:
        levels.append(wl)
    start_rota = published if published is not None else hint
    if start_rota is not None:
        _hint_from_rota(ctx, start_rota)

    result = SolveResult(status="unknown", rota=Rota(), perfect_fairness_bound=bound.value)
    values: dict[int, int] | None = None
    if start_rota is None:
        levels.insert(0, Level("feasibility", "Første gyldige turnus", 0))
    for i, level in enumerate(levels):
        last = i == len(levels) - 1
        remaining = deadline - time.perf_counter()
        if remaining <= 0.01 and values is not None:
            break
        budget = remaining if last else remaining * (0.6 if level.name != "fairness" else 0.8)
        if values is None:
            budget = max(budget, min(remaining, 1.0))
        if level.name == "feasibility":
            ctx.model.clear_objective()
            budget = remaining * 0.5
        else:
            ctx.model.minimize(level.expr)
        solver = cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = max(1, workers)
        prm.random_seed = seed
        prm.max_time_in_seconds = max(0.05, budget)
        if workers > 1 and deterministic:
            prm.interleave_search = True
        if level.name == "fairness" and fairness_gap > 0:
            prm.relative_gap_limit = fairness_gap
        t0 = time.perf_counter()
        watcher = _Watcher(solver, level, started, on_progress, cancel_token)
        solver.best_bound_callback = watcher.on_bound
        with watcher:
            status = solver.solve(ctx.model, watcher)
        seconds = time.perf_counter() - t0
        if watcher.first_solution_at is not None and result.seconds_to_first_feasible is None:
            result.seconds_to_first_feasible = watcher.first_solution_at - started
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"internal model error: {ctx.model.validate()}")
        if status == cp_model.INFEASIBLE:
            if values is None:
                result.status = "infeasible"
            break
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if watcher.cancelled:
                result.status = "cancelled"
            break
        values = _values(solver, ctx)
        if level.name == "feasibility":
            _hint_from_values(ctx, values)
            if watcher.cancelled:
                result.status = "cancelled"
                break
            continue
        value = solver.objective_value
        lb = solver.best_objective_bound
        if level.lower_bound is not None:
            lb = max(lb, level.lower_bound)
        lb = min(lb, value)
        shown_value, shown_bound = value / level.scale, lb / level.scale
        if level.name == "fairness":
            exact = max_ratio(problem, ctx.rota_from(lambda v, f=values: f[v.index]))
            # proven: no rota reaches one step below CP-SAT's bound at the level's resolution
            proven_below = (lb - 1) / level.scale
            if bound.value != float("inf"):
                proven_below = max(proven_below, bound.value)
            shown_value, shown_bound = exact, min(exact, proven_below)
        lstatus = "optimal" if status == cp_model.OPTIMAL else "feasible"
        if watcher.cancelled:
            lstatus = "cancelled"
        result.levels.append(
            LevelResult(level.name, level.title, round(shown_value, 4), round(shown_bound, 4),
                        lstatus, round(seconds, 3))
        )
        if level.name == "balance":
            result.soft_violations = [
                f"{p.label}:{values_get(solver, p.var)}" for p in ctx.soft if values_get(solver, p.var)
            ]
        if watcher.cancelled:
            result.status = "cancelled"
            break
        ctx.model.add(level.expr <= int(round(value)))
        _hint_from_values(ctx, values)

    if values is not None:
        result.rota = ctx.rota_from(lambda v: values[v.index])
        if result.status not in ("cancelled",):
            all_opt = len(result.levels) == len(
                [lv for lv in levels if lv.name != "feasibility"]
            ) and all(
                lv.status == "optimal" for lv in result.levels
            )
            result.status = "optimal" if all_opt else "feasible"
        result.metrics = doctor_metrics(problem, result.rota)
        if published is not None:
            new = {(a.shift_id, a.doctor_id, a.role) for a in result.rota.assignments}
            result.moved = sum(
                1 for a in published.assignments if (a.shift_id, a.doctor_id, a.role) not in new
            )
    result.seconds = round(time.perf_counter() - started, 3)
    if result.status == "infeasible" and explain:
        from solver.explain import explain as explain_fn

        result.explanation = explain_fn(problem, time_limit=max(5.0, min(20.0, time_limit)),
                                        workers=workers, seed=seed)
    return result


def max_ratio(problem: Problem, rota: Rota) -> float:
    """Level 1 measured exactly: max over sharing doctors of (load + ledger) / fair share."""
    units = share_units(problem)
    shifts = {s.id: s for s in problem.shifts}
    load = {d.id: d.ledger.load_balance for d in problem.doctors}
    for a in rota.assignments:
        s = shifts.get(a.shift_id)
        if s is not None and a.doctor_id in load:
            load[a.doctor_id] += s.hours * (s.weight if a.role == "vakt" else s.bakvakt_weight)
    vals = [load[d] * SHARE_SCALE / u for d, u in units.items() if u > 0]
    return max(vals) if vals else 0.0


def values_get(solver: cp_model.CpSolver, var: cp_model.IntVar) -> int:
    return int(solver.value(var))
