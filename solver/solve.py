"""``solve(problem, ...)``: build the rule model, solve it level by level, report.

1. A first valid rota from CP-SAT (from the previous rota when there is one).
2. On a small district CP-SAT first gets a short try at level 1 (it often proves it at once);
   otherwise the load balancer (:mod:`solver.balance`) evens out the loads by local search; its
   rota is a complete hint, and proves level 1 at once when it is within level 1's first step
   of the analytic lower bound.
3. Each objective level (:mod:`solver.objective`) is solved to proven optimality when the time
   allows, then fixed (level 1 with the rules' fairness margin) before the next level starts
   from the previous rota; before level 2 the balancer works on the fair bands and spacing.
   CP-SAT solves level 2 with the wishes as its tie-break (:meth:`Level.folded`): of two
   equally balanced rotas it prefers the one with fewer unmet wishes, and a proof of the
   folded level proves the wishes too (the wishes level then needs no solve of its own).
Every level reports the value reached and the proven lower bound.

Determinism: with ``deterministic=True`` the result is reproducible for a fixed ``seed`` and
``workers``: CP-SAT's interleaved search, budgets counted in CP-SAT's deterministic time (work,
not the clock) and a local search that gives up by counts only. The time limit is then
approximate (the wall clock only stops a run at three times the limit; a cancel stops it too).
The default parallel portfolio is much faster on large districts, but two runs may return
different rotas of equal objective values.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ortools.sat.python import cp_model, cp_model_helper

from solver.balance import Balancer
from solver.common import LOAD_SCALE, SHARE_SCALE, Ticking, is_cancelled
from solver.fairness import FairnessBound, perfect_fairness_bound, share_units, water_filling_bound
from solver.metrics import DoctorMetrics, doctor_metrics
from solver.objective import (
    DEFAULT_RESOLUTION,
    Level,
    balance_level,
    canonical,
    counts_left_out,
    fairness_grid,
    fairness_level,
    fix_count_bands,
    move_costs,
    move_expr,
    moves_level,
    others_grid,
    others_level,
    sharing_level,
    wishes_level,
)
from solver.problem import Assignment, Problem, Rota
from solver.rules import RotaModel, build_model

Status = str  # "optimal" | "feasible" | "infeasible" | "cancelled" | "unknown" | "too_large"
# (a level's status may also be "not_started": the time limit left it unsolved)


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
    seconds: float  # this level's own solve time
    done_at: float = 0.0  # seconds since solve() started when the level was done

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
    max_ratio: float | None = None  # level 1 measured on the rota delivered (see objective)
    # level 2's fair bands where the engine fixed them from the rota in hand (some doctors'
    # counts not measured: solver.objective.fix_count_bands), by count ("nights", "weekends",
    # "high_days") and doctor id: (lowest, highest). What the sharing level's value is counted
    # against; a count not here has the district's band (solver.objective.fair_band)
    count_bands: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    # when the engine delivered this result (UTC; set by :func:`solve`): what «laget» says in
    # the project's solve record, «Om turnusen» and the result file's ``solve.made_at``
    finished_at: datetime | None = None

    def level(self, name: str) -> LevelResult | None:
        return next((lv for lv in self.levels if lv.name == name), None)

    @property
    def objective(self) -> float | None:
        """The largest load per unit of fair share (weighted hours) in the rota delivered. It is
        at most level 1's optimum plus the rules' fairness margin (which the later levels may
        use for nights, weekends and spacing); ``level("fairness").value`` is the optimum."""
        if self.max_ratio is not None:
            return self.max_ratio
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


class _Watcher(cp_model.CpSolverSolutionCallback, Ticking):
    """Solution callback + timer thread: progress at least every ``period`` s, and cancel."""

    def __init__(self, solver: cp_model.CpSolver, level: Level | None, started: float,
                 on_progress: Callable[[Progress], None] | None, cancel_token: Any,
                 period: float = 0.5, known_bound: float | None = None,
                 shown: Progress | None = None) -> None:
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
        self.known_bound = known_bound  # proven before this run (model units): never report less
        self.shown = shown  # what the level showed before this run, repeated until it finds a rota
        self.first_solution_at: float | None = None
        self.cancelled = False
        self._lock = threading.Lock()
        self._last_report = 0.0

    def on_solution_callback(self) -> None:
        with self._lock:
            self.solutions += 1
            self.best = self.objective_value
            self.bound = self._at_least_known(self.best_objective_bound)
            if self.first_solution_at is None:
                self.first_solution_at = time.perf_counter()
        if is_cancelled(self.cancel_token):
            self.cancelled = True
            self.stop_search()
        self._report()

    def on_bound(self, bound: float) -> None:
        with self._lock:
            self.bound = self._at_least_known(bound)

    def _at_least_known(self, bound: float) -> float:
        return bound if self.known_bound is None else max(bound, self.known_bound)

    def _report(self) -> None:
        if self.on_progress is None or self.level is None:
            return
        level = self.level
        if self.best is None and self.shown is not None:
            # still presolving: keep showing the level's best so far, not a blank
            self.on_progress(replace(self.shown, elapsed=time.perf_counter() - self.started))
            return
        with self._lock:
            bound = None if self.bound is None else level.display(self.bound)
            if self.bound is not None and level.proven_floor is not None:
                # t ≥ b proves only that the exact ratio is above step b - 1
                bound = max(level.display(self.bound - 1), level.proven_floor)
            p = Progress(
                elapsed=time.perf_counter() - self.started,
                level=level.name,
                objective=None if self.best is None else level.display(self.best),
                bound=bound,
                solutions=self.solutions,
            )
        self.on_progress(p)

    def _tick(self) -> None:
        if is_cancelled(self.cancel_token):
            # Repeated on purpose: a stop requested while CP-SAT is still starting (presolve)
            # can be lost, so keep asking until the solve returns.
            self.cancelled = True
            self.solver.stop_search()
        now = time.perf_counter()
        if now - self._last_report >= self.period:
            self._last_report = now
            self._report()


def _pairs_from_rota(ctx: RotaModel, rota: Rota) -> tuple[set, set]:
    vakt, bak = set(), set()
    for a in rota.assignments:
        di = ctx.doctor_index.get(a.doctor_id)
        si = ctx.shift_index.get(a.shift_id)
        if di is not None and si is not None:
            (vakt if a.role == "vakt" else bak).add((di, si))
    return vakt, bak


def _set_hint(ctx: RotaModel, values: dict[int, int]) -> None:
    """Hint every variable in ``values`` (a complete rota: CP-SAT starts from it at once)."""
    ctx.model.clear_hints()
    hint = ctx.model.proto.solution_hint
    for index, value in values.items():
        hint.vars.append(index)
        hint.values.append(value)


@dataclass
class _Search:
    """What the level loop carries: the problem's model, the clock, the caller's hooks."""

    problem: Problem
    ctx: RotaModel
    started: float
    deadline: float
    workers: int
    seed: int
    deterministic: bool
    on_progress: Callable[[Progress], None] | None
    cancel_token: Any
    result: SolveResult
    time_limit: float = 0.0
    resolution: float = DEFAULT_RESOLUTION  # level 1's step (see objective.fairness_grid)
    deterministic_used: float = 0.0  # CP-SAT deterministic time spent so far
    all_levels_done: bool = False
    load_cap: float | None = None  # level 1 as fixed, in balancer units (load / share unit)
    balance_cap: int | None = None  # level 2 as fixed (its cost)
    # levels proven as the tie-break of the level before (Level.tie_break): their optimum
    proven_ahead: dict[str, int] = field(default_factory=dict)
    shown: dict[str, Progress] = field(default_factory=dict)  # last progress per level
    in_hand: tuple[set, set] = field(default_factory=lambda: (set(), set()))  # when a level is built
    perfect: float = 0.0  # the perfect-fairness bound (the tighter one: reported, proves level 1)
    # the doctors each level «de andre legene» measures, by round (objective.others_level)
    others: dict[int, list[int]] = field(default_factory=dict)

    def report(self, progress: Progress) -> None:
        self.shown[progress.level] = progress
        if self.on_progress is not None:
            self.on_progress(progress)

    def remaining(self) -> float:
        """Seconds left. In deterministic mode they are counted in CP-SAT's deterministic time
        (work done, not the clock), so every budget, and the rota, is the same on every run;
        the wall clock only stops a run that takes three times the limit."""
        wall = self.deadline - time.perf_counter()
        if not self.deterministic:
            return wall
        if wall < -2 * self.time_limit:
            return 0.0
        return self.time_limit - self.deterministic_used

    def small(self) -> bool:
        """Few enough duty variables for CP-SAT's full LP (see cp_sat)."""
        return len(self.ctx.x) + len(self.ctx.b) <= MAX_LP_VARIABLES

    def cp_sat(self, level: Level, budget: float, first_only: bool = False,
               gap: float = 0.0, prove: bool = False, known_bound: float | None = None,
               model: cp_model.CpModel | None = None) -> tuple[int, cp_model.CpSolver, _Watcher]:
        """Solve ``level`` (already the model's objective) on the rule model, or on ``model``
        (a copy of it with more constraints: the same variables)."""
        solver = cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = max(1, self.workers)
        prm.random_seed = self.seed
        # Ctrl-C is the caller's to handle (through cancel_token): CP-SAT's own handler would
        # stop only this level's search, and aborts the process in the Python binding
        prm.catch_sigint_signal = False
        prm.max_time_in_seconds = max(0.05, budget)
        prm.stop_after_first_solution = first_only
        if self.deterministic:
            prm.max_deterministic_time = max(0.05, budget)
            prm.max_time_in_seconds = max(5.0, 3 * budget)  # only a safety net
            if self.workers > 1:
                prm.interleave_search = True
        if gap > 0:
            prm.absolute_gap_limit = gap
        if self.small():
            # The full LP relaxation with cuts; on a 40-doctor year it is too slow to help.
            # ``prove``: both threads prove (with the LP-bound tree search beside it), no
            # neighbourhood search: liten-kommune's spacing level, already found, is proven in
            # 2.5-38 s (6 of 6 seeds) where the full LP with search often is not in 40 s.
            prm.subsolvers.append("max_lp")
            if prove and self.workers > 1:
                prm.subsolvers.append("lb_tree_search")
                prm.num_full_subsolvers = 2
        watcher = _Watcher(solver, level, self.started,
                           self.report if self.on_progress is not None else None,
                           self.cancel_token, known_bound=known_bound,
                           shown=self.shown.get(level.name))
        solver.best_bound_callback = watcher.on_bound
        with watcher:
            status = solver.solve(model if model is not None else self.ctx.model, watcher)
        self.deterministic_used += solver.response_proto.deterministic_time
        if watcher.first_solution_at is not None and self.result.seconds_to_first_feasible is None:
            self.result.seconds_to_first_feasible = watcher.first_solution_at - self.started
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"internal model error: {(model or self.ctx.model).validate()}")
        return status, solver, watcher


# Of the time left when a level starts, the part it may use when a later level follows. Level 2
# outranks the wishes, and on a small district its proof is what needs the time. The wishes are
# its tie-break (Level.folded), so once level 2 is proven they are too; their own level needs
# time only when level 2 is not proven, and then not every level is proven anyway.
# liten-kommune at a 10 s limit, 64 seeds: every level proven in 44 with 0.95, in 40 with 0.85
# (and in 2 of 16 with 0.6, before the fold).
LEVEL_SHARE = {"fairness": 0.8, "balance": 0.95}
MAX_LP_VARIABLES = 25_000  # duty variables up to which CP-SAT's full worker uses the full LP
LOCAL_SEARCH_SECONDS_PER_VARIABLE = 1 / 2000  # level-1 local search budget by district size
MB_PER_VARIABLE = 0.008  # peak memory per model variable, measured on stor-legevakt (~6.3 KB)
BASE_MB = 120.0  # the interpreter, OR-Tools and the problem itself


@dataclass(frozen=True)
class SizeEstimate:
    """How big the model of a problem will be, before building it."""

    variables: int
    memory_mb: float


def estimate_size(problem: Problem) -> SizeEstimate:
    """An upper estimate of the model's variables (vakt and bakvakt pairs, duty days, spacing
    and spread windows) and of the solve's peak memory."""
    shifts = sum(1 for s in problem.shifts if s.required > 0)
    doctors = len(problem.doctors)
    competent = sum(1 for d in problem.doctors if d.competent)
    bakvakt = shifts * competent if competent < doctors else 0
    days = (problem.period_end - problem.period_start).days + 1
    variables = shifts * doctors + bakvakt + 3 * doctors * max(0, days)
    return SizeEstimate(variables, BASE_MB + variables * MB_PER_VARIABLE)


def available_memory_mb() -> float | None:
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is a dependency of the app
        return None
    return psutil.virtual_memory().available / 2**20


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
    fairness_resolution: float = DEFAULT_RESOLUTION,
    explain: bool = True,
    deterministic: bool = False,
    balance: bool = True,
    memory_limit_mb: float | None = None,
) -> SolveResult:
    """Make the fairest rota for ``problem``.

    ``time_limit`` seconds in all (levels share it; unused time carries over).
    ``hint``: a previous rota to start from. ``repair_from``: a published rota; the first level
    then minimises how many of its assignments move (its locked assignments stay).
    ``fairness_gap``: accept a level-1 solution within this relative gap of the proven bound
    (0 = prove optimality). ``fairness_resolution``: level 1 is optimised (and proven) in
    steps of this fraction of the perfect-fairness bound; the reported value is exact.
    ``explain``: on infeasibility, build a Norwegian explanation. ``balance``: improve the first
    rota with the load balancer (:mod:`solver.balance`) before level 1 (not in repair mode).
    ``memory_limit_mb``: refuse (status "too_large", with an explanation) a problem whose
    estimated peak memory exceeds 80 % of this; default: the machine's available memory.
    ``on_progress`` is called at least every :data:`HEARTBEAT` seconds, also while the model
    is built and between levels (the last progress again, with the time).
    """
    started = time.perf_counter()
    if on_progress is None:
        result = _solve(problem, time_limit, workers, seed, None, cancel_token, hint,
                        repair_from, fairness_gap, fairness_resolution, explain, deterministic,
                        balance, memory_limit_mb, started)
    else:
        with _Heartbeat(on_progress, started) as beat:
            result = _solve(problem, time_limit, workers, seed, beat.send, cancel_token, hint,
                            repair_from, fairness_gap, fairness_resolution, explain,
                            deterministic, balance, memory_limit_mb, started)
    result.finished_at = datetime.now(UTC)
    return result


HEARTBEAT = 0.5  # seconds: the longest a solve goes without a progress report


class _Heartbeat(Ticking):
    """Passes progress on, and repeats the last one (a first «looking for a rota» before any)
    when nothing was reported for :data:`HEARTBEAT` seconds: building a 40-doctor year's model
    or a level's takes a second or more with nothing to say."""

    def __init__(self, on_progress: Callable[[Progress], None], started: float) -> None:
        self.on_progress, self.started = on_progress, started
        self.last = Progress(0.0, "feasibility", None, None, 0)
        self.sent = started
        self._lock = threading.Lock()

    def send(self, progress: Progress) -> None:
        with self._lock:  # one report at a time, in order of time
            self.last, self.sent = progress, time.perf_counter()
            self.on_progress(progress)

    def _tick(self) -> None:
        with self._lock:
            now = time.perf_counter()
            if now - self.sent >= HEARTBEAT:
                self.sent = now
                self.on_progress(replace(self.last, elapsed=now - self.started))


def _solve(problem: Problem, time_limit: float, workers: int, seed: int,
           on_progress: Callable[[Progress], None] | None, cancel_token: Any, hint: Rota | None,
           repair_from: Rota | None, fairness_gap: float, fairness_resolution: float,
           explain: bool, deterministic: bool, balance: bool, memory_limit_mb: float | None,
           started: float) -> SolveResult:
    size = estimate_size(problem)
    limit = memory_limit_mb if memory_limit_mb is not None else available_memory_mb()
    if limit is not None and size.memory_mb > 0.8 * limit:
        from solver.explain import Explanation

        count = f"{size.variables:,}".replace(",", " ")

        def gb(mb: float) -> str:
            return f"{mb / 1024:.1f}".replace(".", ",")

        text = (f"Distriktet er for stort for denne maskinen: omtrent {count} variabler, "
                f"anslått {gb(size.memory_mb)} GB minne, men bare {gb(limit)} GB er ledig. "
                "Del perioden (for eksempel i halvår) eller løs på en maskin med mer minne.")
        return SolveResult(status="too_large", rota=Rota(), explanation=Explanation([text]),
                           seconds=round(time.perf_counter() - started, 3))
    published = repair_from
    extra_fixed = [a for r in (hint, repair_from) if r is not None for a in r.assignments if a.locked]
    # level 1 counts its steps (and the later levels their margin) from the water-filling
    # bound; the perfect-fairness bound reported, and the proof of level 1, is the tighter one
    bound = water_filling_bound(problem)
    perfect = perfect_fairness_bound(problem, bound).value
    result = SolveResult(status="unknown", rota=Rota(), perfect_fairness_bound=perfect)
    seen = _with_locks_as_pre_assigned(problem, extra_fixed)
    if explain and _counted_impossible(seen):
        # the cheap counting pre-checks first: where they prove that no rota exists, the
        # explanation starts at once (on a 40-doctor year CP-SAT took the whole time limit,
        # 60 s, neither finding a rota nor proving there is none)
        result.status = "infeasible"
        return _explained(result, seen, time_limit, workers, seed, started, cancel_token)
    ctx = build_model(problem, extra_fixed=extra_fixed)
    run = _Search(problem, ctx, started, started + max(0.0, time_limit), workers, seed,
                  deterministic, on_progress, cancel_token, result, max(0.0, time_limit),
                  fairness_resolution, perfect=perfect)
    plan: list[Callable[[], Level | None]] = []
    if published is not None:
        plan.append(lambda: moves_level(ctx, published))
    plan.append(lambda: fairness_level(ctx, bound, symmetry=hint is None and published is None,
                                       resolution=fairness_resolution))

    def others(k: int) -> Level | None:  # level 1 for those far below the top before
        rest = _below_the_top(run, bound, k)
        return others_level(ctx, bound, rest, others_name(k), fairness_resolution) if rest else None

    plan += [lambda k=k: others(k) for k in range(1, OTHERS_ROUNDS + 1)]
    has_wishes = any(d.wishes or d.wants for d in problem.doctors)
    wishes: list[Level | None] = []  # built once, with level 2 (whose tie-break it is)

    def balance_and_wishes() -> Level:  # (_solve_levels evens out the rota in hand first)
        # the bands of those measured: what is left after what the others take in the rota in
        # hand (level 1's, evened out by the local search in _solve_levels)
        fix_count_bands(ctx, ctx.rota_from(_chosen(ctx, run.in_hand)))
        level = balance_level(ctx)
        if has_wishes:
            wishes.append(wishes_level(ctx))
            level = replace(level, tie_break=wishes[0])
        return level

    balance_and_wishes.level_name = "balance"  # type: ignore[attr-defined]
    plan.append(balance_and_wishes)
    plan.append(lambda: sharing_level(ctx))  # level 2's shortfall shared (built after it)
    if has_wishes:
        plan.append(lambda: wishes[0] if wishes else wishes_level(ctx))

    # 1. A first valid rota (from the previous rota when there is one).
    start_rota = published if published is not None else hint
    if start_rota is not None:
        _set_hint(ctx, ctx.complete(*_pairs_from_rota(ctx, start_rota)))
    feasibility = Level("feasibility", "Første gyldige turnus", 0)
    status = None
    if published is not None:
        status, solver, watcher = _keep_published(run, feasibility, published)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # (cancelled: returns at once)
        # all the time there is: it stops at the first rota, and a rota is worth more than levels
        status, solver, watcher = run.cp_sat(feasibility, run.remaining(), first_only=True)
    if status == cp_model.INFEASIBLE:
        result.status = "infeasible"
    elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        pairs = ctx.pairs(solver.value)
        if watcher.cancelled:
            result.status = "cancelled"
        else:
            pairs = _solve_levels(run, plan, pairs, bound, fairness_gap, balance and published is None)
        _finish(run, pairs, published)
    elif watcher.cancelled:
        result.status = "cancelled"
    if result.status == "infeasible" and explain:
        return _explained(result, seen, time_limit, workers, seed, started, cancel_token)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _with_locks_as_pre_assigned(problem: Problem, locked_cells: list[Assignment]) -> Problem:
    """``problem`` with the locked cells of a hint or published rota as the pre-assignments
    they act as (what the counting pre-checks and the explanation must see)."""
    locked: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a in locked_cells:
        locked[a.doctor_id].append((a.shift_id, a.role))
    if not locked:
        return problem
    return replace(problem, doctors=tuple(
        replace(d, pre_assigned=tuple(dict.fromkeys((*d.pre_assigned, *locked[d.id]))))
        if locked.get(d.id) else d for d in problem.doctors))


def _counted_impossible(problem: Problem) -> bool:
    """Whether the counting pre-checks prove that no rota exists (they never claim it where one
    does: tests/solver/test_explain_counting.py plays 40 random districts)."""
    from solver.explain import pre_assigned_breaks, precheck

    return bool(precheck(problem) or pre_assigned_breaks(problem))


def _explained(result: SolveResult, seen: Problem, time_limit: float, workers: int, seed: int,
               started: float, cancel_token: Any) -> SolveResult:
    """``result`` (no rota exists) with the Norwegian explanation of why (cancelled: what is
    known so far)."""
    from solver.explain import explain as explain_fn

    result.explanation = explain_fn(seen, time_limit=max(5.0, min(20.0, time_limit)),
                                    workers=workers, seed=seed, cancel_token=cancel_token)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


KEEP_SHARE = 0.25  # repair: of the time limit, the most the rota keeping every vakt may take


def _keep_published(run: _Search, feasibility: Level, published: Rota
                    ) -> tuple[int, cp_model.CpSolver, _Watcher]:
    """Repair: the rota that keeps every published vakt the change leaves possible and fills
    only the places it takes away (a copy of the model with those vakter fixed: small, so
    found in a moment where the whole model takes seconds on a 40-doctor year). It moves
    exactly the published vakter that must move, the fewest there can be (:func:`moves_level`'s
    lower bound). When no such rota exists (a doctor must move to free a colleague), the
    status says so and the caller searches the whole model."""
    kept = run.ctx.model.clone()
    for cost in move_costs(run.ctx, published):
        if cost[2] is not None:  # kept: the vakt stays, the bakvakt stays while it is needed
            kept.add(move_expr(cost) == 0)
    return run.cp_sat(feasibility, min(run.remaining(), KEEP_SHARE * run.time_limit),
                      first_only=True, model=kept)


def _local_search(run: _Search, pairs: tuple[set, set], level: str, share: float,
                  per_variable: float, value: Callable[[Balancer], float],
                  bound: float | None, search: Callable[[Balancer, float, Callable, Callable], None],
                  most: float | None = None) -> tuple[set, set]:
    """Run one level's local search on a :class:`Balancer` of ``pairs``: for a time that grows
    with the district (``per_variable`` × LOCAL_SEARCH_SECONDS_PER_VARIABLE per duty variable,
    at least 0.5 s, at most ``share`` of what is left), reporting ``value`` as progress every
    half second (the best value seen so far: the search may step back to get out of a dead
    end); at most ``most`` seconds when given. In deterministic mode the search stops by its
    own counts (the clock is only a safety net). Returns the rota it ends with."""
    balancer = Balancer(run.ctx, pairs, run.seed, run.deterministic)
    last = [0.0]
    best = [math.inf]  # the best rota seen so far: a kick may leave the current one worse

    def tick() -> None:
        now = time.perf_counter()
        if run.on_progress is not None and now - last[0] >= 0.5:
            last[0] = now
            best[0] = min(best[0], value(balancer))
            run.report(Progress(now - run.started, level, best[0], bound, 0))

    size = len(run.ctx.x) + len(run.ctx.b)
    budget = min(run.remaining() * share,
                 max(0.5, per_variable * size * LOCAL_SEARCH_SECONDS_PER_VARIABLE),
                 math.inf if most is None else most)
    # deterministic mode: the balancer's clock counts work done (Balancer.now)
    search(balancer, balancer.now() + budget, lambda: is_cancelled(run.cancel_token), tick)
    return balancer.assignment()


def _balance_loads(run: _Search, pairs: tuple[set, set], bound: FairnessBound,
                   resolution: float) -> tuple[set, set]:
    """Even out the loads of the first rota (the cheap part of level 1), until the search
    reaches level 1's first step (within one step of the analytic lower bound, which proves
    the level), gives up, or its time is up."""
    grid = fairness_grid(bound, resolution)
    target = grid.ceiling(0) / SHARE_SCALE if grid.anchored else None  # step 0: proven
    scale = SHARE_SCALE / LOAD_SCALE
    return _local_search(
        run, pairs, "fairness", 0.4, 1, lambda b: b.max_ratio() * scale,
        bound.value if target is not None else None,
        lambda b, deadline, cancelled, tick: b.search(deadline, target, cancelled, tick))


QUICK_TRY_SECONDS = 0.3  # CP-SAT's first try at level 1 on a small district


def _quick_try(run: _Search, level: Level, pairs: tuple[set, set]
               ) -> tuple[int, cp_model.CpSolver, _Watcher] | None:
    """On a small district CP-SAT first gets a short try at level 1 from the first rota: on
    liten-kommune it proves the level in about 0.1 s, where the local search alone takes
    0.5 s. Returns CP-SAT's answer when it proved the level; otherwise None, and the local
    search starts from the first rota as it would without the try."""
    if not run.small():
        return None
    _set_hint(run.ctx, run.ctx.complete(*canonical(run.ctx, pairs)))
    run.ctx.model.minimize(level.expr)
    answer = run.cp_sat(level, min(QUICK_TRY_SECONDS, run.remaining() * 0.1))
    return answer if answer[0] == cp_model.OPTIMAL else None


# On a district small enough for the full LP, CP-SAT with the doctors' floors finishes and
# proves level 2; the local search before it only gives it a start (and, before the level,
# evens out what fixes its bands), and stops after this long. liten-kommune at a 10 s limit,
# seeds 0-9, three runs by turns with the size-scaled time (1.3 s each): every level proven in
# 27 of 30, median solve 2.9 s, against 15 of 20 and 4.0-5.5 s. Not shorter: 0.3 s proved 8 of
# 10 in 4.4 s, and no search before CP-SAT proved 3 of 10.
SMALL_BALANCE_SEARCH_SECONDS = 0.5


def _balance_rules(run: _Search, pairs: tuple[set, set]) -> tuple[set, set]:
    """Level 2 by local search first (fair bands, spacing, spread) under level 1's cap; CP-SAT
    then starts from (and may prove) the result."""
    cap = run.load_cap
    assert cap is not None
    most = SMALL_BALANCE_SEARCH_SECONDS if run.small() and not run.deterministic else None
    return _local_search(
        run, pairs, "balance", 1 / 3, 2, lambda b: b.balance_cost(), 0,
        lambda b, deadline, cancelled, tick: b.search_balance(deadline, cap, cancelled, tick),
        most=most)


def _honour_wishes(run: _Search, pairs: tuple[set, set]) -> tuple[set, set]:
    """Level 3 by local search first (hand avoided vakter over, take wanted ones) with levels 1
    and 2 as fixed; CP-SAT then starts from (and proves) the result."""
    load_cap, balance_cap = run.load_cap, run.balance_cap
    assert load_cap is not None and balance_cap is not None
    return _local_search(
        run, pairs, "wishes", 1 / 3, 1, lambda b: b.unmet_wishes(), 0,
        lambda b, deadline, cancelled, tick: b.search_wishes(deadline, load_cap, balance_cap,
                                                             cancelled, tick))


DOCTOR_FLOOR_SHARE = 0.4  # of the time left, for all the doctors' floors together
DOCTOR_FLOOR_SECONDS = 1.5  # at most, per doctor (what a quick one leaves, the next may use)


class _DoctorFloors:
    """Each doctor's part of ``level`` (:attr:`Level.by_doctor`) at least its own minimum, as a
    valid cut: CP-SAT minimises the part alone under every rule and the levels already fixed,
    and the bound it proves holds for every rota (short runs; a bound not yet proven optimal
    is still a bound). Each part alone is quick to prove, and their sum then starts CP-SAT's
    search of the whole level from a tighter LP. The minima run in a thread beside the local
    search (:meth:`finish` waits for them and adds the cuts). The level's optimum is unchanged.

    liten-kommune's balance level is 263 breaches of «maks 1 per 4 døgn», 78 of them the
    weekends of the doctor free of nights, forced by the load cap on the three others. The LP
    relaxation splits the weekend days across the load caps and bounds her at 72.9 breaches,
    so the LP bound (260.5 with CP-SAT's cuts) leaves a gap CP-SAT closed in 1.5-10+ s, or not
    within 10 s. Her part alone is proven 78 in about 0.25 s (the four doctors' in about 1 s,
    2 workers); with her floor the plain LP bound of the captured level-2 model is its optimum.
    That model (local-search hint, 2 workers, 10 s, seeds 0-9) was then proven in 10 of 10
    with max_lp + lb_tree_search (median 1.0 s, against 3 of 10 without the floors) and with
    reduced_costs + max_lp (median 1.5 s, against 7 of 10, median 4.2 s). Once the bound is
    reached, finding the rota is what takes the time, so the level is then solved by the
    search alone (see :func:`_solve_levels`). The whole solve at a 10 s limit, run by turns
    with the code before on a machine shared with other work: seeds 10-19 (load 1.4-2), level
    2 proven in 8 of 10 (its own time, after the local search, median 1.05 s; the solve 3.9 s)
    against 4 of 10 (3.0 s; 5.8 s); seeds 0-9 (load 2.5-5), 7 of 10 against 2 of 10. The
    interkommunal and stor-legevakt samples (level 2 at 0) took the same time, within noise."""

    def __init__(self, run: _Search, level: Level, budget: float) -> None:
        self.run = run
        parts = [part for part in level.by_doctor.values() if not isinstance(part, int)]
        if len(parts) < 2:
            parts = []  # one part is the level itself
        # the rota in hand (level 1's) is a solution of each: the complete hint, and what
        # each part is at most; the costliest first, the likeliest to have a floor that matters
        values = run.ctx.complete(*run.in_hand)
        most = {id(part): _expr_value(part, values) for part in parts}
        parts.sort(key=lambda part: -most[id(part)])
        _set_hint(run.ctx, values)
        self.parts = [(part, most[id(part)]) for part in parts]
        # one copy (the rules, the levels fixed before, the hint), each part its objective in
        # turn; made here, so the thread never reads the model the level goes on with
        self.model = run.ctx.model.clone() if parts else None
        self.until = time.perf_counter() + min(DOCTOR_FLOOR_SECONDS * len(parts),
                                               budget * DOCTOR_FLOOR_SHARE)
        self.floors: list[tuple[cp_model.LinearExprT, int]] = []
        self.solver: cp_model.CpSolver | None = None  # the one solving now
        self.stopped = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._solve, daemon=True)
        self.thread.start()

    def _solve(self) -> None:
        run = self.run
        for k, (part, most) in enumerate(self.parts):
            each = (self.until - time.perf_counter()) / (len(self.parts) - k)
            if is_cancelled(run.cancel_token) or each < 0.05:
                return
            solver = cp_model.CpSolver()
            with self.lock:
                if self.stopped:
                    return
                self.solver = solver
            prm = solver.parameters
            prm.num_workers = max(1, run.workers)
            prm.random_seed = run.seed
            prm.catch_sigint_signal = False
            prm.max_time_in_seconds = each
            if run.workers > 1:
                prm.subsolvers.extend(["max_lp", "reduced_costs"])
                prm.num_full_subsolvers = 2
            else:
                prm.linearization_level = 2
            # the model has a solution (the hint), so a run stopped before it found one
            # still proves its bound
            assert self.model is not None
            self.model.minimize(part)
            status = solver.solve(self.model)
            bound = solver.best_objective_bound
            if status not in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID) and math.isfinite(bound):
                floor = min(math.ceil(round(bound, 6)), most)
                if floor > 0:
                    self.floors.append((part, floor))

    def stop(self) -> None:
        """Stop the minima (one stopped early still leaves its bound)."""
        while self.thread.is_alive():  # again until it ends: a stop before a run starts is lost
            with self.lock:
                self.stopped = True
                if self.solver is not None:
                    self.solver.stop_search()
            self.thread.join(0.05)

    def finish(self, in_hand: int) -> bool:
        """Wait for the minima (to the end of their time; not at all when none found so
        far is above 0, or the rota in hand, of level value ``in_hand``, already meets them:
        then they stop, and a minimum stopped early still leaves its bound) and add them to
        the model; whether any was added."""
        if self.floors and in_hand > sum(floor for _part, floor in self.floors):
            self.thread.join(max(0.0, self.until - time.perf_counter()))
        self.stop()
        for part, floor in self.floors:
            self.run.ctx.model.add(part >= floor)
        return bool(self.floors)


def _solve_levels(run: _Search, plan: list[Callable[[], Level | None]], pairs: tuple[set, set],
                  bound: FairnessBound, fairness_gap: float, local_search: bool) -> tuple[set, set]:
    """Solve the objective levels in order, each from the rota the previous one left."""
    ctx, result = run.ctx, run.result
    built: dict[int, Level | None] = {}
    stopped_at: int | None = None  # the first level the time did not reach (or finish)
    for i, build in enumerate(plan):
        run.in_hand = pairs  # the rota a level built now starts from (fix_count_bands)
        if run.remaining() <= 0.01 or is_cancelled(run.cancel_token):
            if is_cancelled(run.cancel_token):
                result.status = "cancelled"
            else:
                stopped_at = i
            break
        if (getattr(build, "level_name", None) == "balance" and local_search
                and run.load_cap is not None
                and counts_left_out(ctx, ctx.rota_from(_chosen(ctx, pairs)))):
            # level 2's bands are fixed from the rota in hand (fix_count_bands): even it out
            # against the district's bands first, so what the doctors not measured take is
            # what level 2 would have them take, not what level 1 happened to leave
            pairs = run.in_hand = _balance_rules(run, pairs)
        level = built[i] = build()
        if level is None:
            continue
        ahead = run.proven_ahead.get(level.name)
        if ahead is not None:
            # proven as the tie-break of the level before: the rota in hand has its optimum
            expr = level.expr
            level = replace(level, lower_bound=ahead,
                            value=lambda val, expr=expr: _expr_value(expr, val))
        quick = None
        tried = time.perf_counter()
        if level.name == "fairness" and local_search:
            quick = _quick_try(run, level, pairs)
            if quick is None:
                pairs = _balance_loads(run, pairs, bound, run.resolution)
        floors = None
        if level.name == "balance" and run.small() and not run.deterministic:
            floors = _DoctorFloors(run, level, run.remaining())
        if level.name == "balance" and local_search and run.load_cap is not None:
            pairs = _balance_rules(run, pairs)
        if (level.name == "wishes" and local_search and run.balance_cap is not None
                and ahead is None):
            pairs = _honour_wishes(run, pairs)
        pairs = canonical(ctx, pairs)
        values = ctx.complete(*pairs)
        _set_hint(ctx, values)
        t0 = tried if quick is not None else time.perf_counter()  # the level's own solve time
        value = level.value(values) if level.value is not None else None
        if value is not None and level.lower_bound is not None and value <= level.lower_bound:
            lb, lstatus = value, "optimal"  # the rota in hand meets the level's lower bound
            if floors is not None:
                floors.stop()
        else:
            solving = level.folded()
            ctx.model.minimize(solving.expr)
            share = 1.0 if i == len(plan) - 1 else LEVEL_SHARE.get(level.name, 0.6)
            # the caller's relative gap, in level-1 steps (which count from the bound)
            gap = 0.0
            if level.name == "fairness" and bound.value != float("inf"):
                gap = fairness_gap * level.scale * bound.value
            prove = level.name == "balance" and run.small() and not run.deterministic
            if floors is not None and floors.finish(_expr_value(level.expr, values)):
                # the floors bring the LP bound to the optimum (or near it): the search with
                # the full LP then proves it too, and a proving phase of its own, which
                # finds less, would only take time from it (see _DoctorFloors)
                prove = False
            budget = run.remaining() * share
            status, solver, watcher = quick or run.cp_sat(solving, budget / 2 if prove else budget,
                                                          gap=gap)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                if watcher.cancelled:
                    result.status = "cancelled"
                else:
                    stopped_at = i
                break
            pairs = ctx.pairs(solver.value)
            value = round(solver.objective_value)
            lb = solver.best_objective_bound
            if prove and status == cp_model.FEASIBLE and not watcher.cancelled:
                # the search found what it could; now spend the rest proving (see cp_sat)
                _set_hint(ctx, ctx.complete(*canonical(ctx, pairs)))
                left = budget - (time.perf_counter() - t0)
                status, solver, watcher = run.cp_sat(solving, left, prove=True, known_bound=lb)
                if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    if round(solver.objective_value) <= value:
                        pairs, value = ctx.pairs(solver.value), round(solver.objective_value)
                    lb = max(lb, solver.best_objective_bound)
                    status = cp_model.OPTIMAL if lb >= value else cp_model.FEASIBLE
                else:
                    status = cp_model.FEASIBLE
            if solving.fold > 1:
                if lb >= value and level.tie_break is not None:
                    run.proven_ahead[level.tie_break.name] = value % solving.fold
                g = _granularity(level.expr)  # every value of the level is a multiple of g
                value, lb = value // solving.fold, math.ceil(lb // solving.fold / g) * g
                if lb >= value:
                    status = cp_model.OPTIMAL
            if level.lower_bound is not None:
                lb = max(lb, level.lower_bound)
            lstatus = "optimal" if status == cp_model.OPTIMAL else "feasible"
            if watcher.cancelled:
                lstatus = "cancelled"
        lb = min(lb, value)
        shown_value, shown_bound = level.display(value), level.display(lb)
        if level.name.startswith("fairness_others"):
            mine = ratios(run.problem, ctx.rota_from(_chosen(ctx, pairs)))
            exact = max(0.0, *(mine.get(ctx.doctors[di].id, 0.0) for di in level.doctors))
            shown_value, shown_bound = exact, min(exact, max(0.0, level.display(lb - 1)))
        if level.name == "fairness":
            exact = max_ratio(run.problem, ctx.rota_from(_chosen(ctx, pairs)))
            # proven: no rota reaches a lower step at the level's resolution
            proven_below = level.display(lb - 1)
            if run.perfect != float("inf"):
                proven_below = max(proven_below, run.perfect)
            shown_value, shown_bound = exact, min(exact, proven_below)
        now = time.perf_counter()
        result.levels.append(LevelResult(level.name, level.title, round(shown_value, 4),
                                         round(shown_bound, 4), lstatus, round(now - t0, 3),
                                         round(now - run.started, 3)))
        if run.on_progress is not None:
            # the level's outcome, also when no CP-SAT run reported it (a rota that met the
            # level's bound); counted as one solution, so it reads as the engine's, not a search's
            run.report(Progress(now - run.started, level.name, shown_value, shown_bound, 1))
        if lstatus == "cancelled":
            result.status = "cancelled"
            break
        cap = int(value)
        others = level.name.startswith("fairness_others")
        if (level.name == "fairness" or others) and bound.value != float("inf"):
            # later levels: at most the level's optimum + the margin (in whole steps, never
            # below the step it reached). For the others, over their own top; the local
            # search's one ceiling is theirs then (the doctors at level 1's top are above it:
            # they only give vakter)
            allowed = shown_value + run.problem.rules.fairness_margin * bound.value
            cap = max(cap, level.model_value(allowed))
            grid = (others_grid if others else fairness_grid)(bound, run.resolution)
            ceiling = grid.ceiling(cap) / SHARE_SCALE
            run.load_cap = (ceiling if not others or run.load_cap is None
                            else min(run.load_cap, ceiling))
        if level.name == "balance":
            run.balance_cap = cap
        ctx.model.add(level.expr <= cap)
    else:
        run.all_levels_done = True
    if stopped_at is not None:
        _unreached(run, [built[i] if i in built else plan[i]() for i in range(stopped_at, len(plan))],
                   pairs, bound)
    return pairs


def _unreached(run: _Search, levels: list[Level | None], pairs: tuple[set, set],
               bound: FairnessBound) -> None:
    """The levels the time limit left unsolved, reported all the same: each one's value in the
    rota delivered and the bound known without solving (level 1: the perfect-fairness bound;
    the others: 0, or what the level before proved of its tie-break)."""
    ctx = run.ctx
    values = ctx.complete(*pairs)
    now = time.perf_counter()
    for level in levels:
        if level is None or any(lv.name == level.name for lv in run.result.levels):
            continue
        if level.name == "fairness":
            value = max_ratio(run.problem, ctx.rota_from(_chosen(ctx, pairs)))
            lb = run.perfect if run.perfect != float("inf") else 0.0
        else:
            value = level.display(level.value(values) if level.value is not None
                                  else _expr_value(level.expr, values))
            lb = level.display(run.proven_ahead.get(level.name, level.lower_bound or 0))
        # a rota already at the bound (no unmet wish; a tie-break the level before proved) is
        # optimal all the same
        status = "optimal" if value <= lb else "not_started"
        run.result.levels.append(LevelResult(level.name, level.title, round(value, 4),
                                             round(min(lb, value), 4), status, 0.0,
                                             round(now - run.started, 3)))


def _granularity(expr: cp_model.LinearExprT) -> int:
    """The largest g such that every value of the integer expression is a multiple of g."""
    if isinstance(expr, int):
        return max(1, abs(expr))
    flat = cp_model_helper.FlatIntExpr(expr)
    return max(1, math.gcd(*flat.coeffs, flat.offset))


def _expr_value(expr: cp_model.LinearExprT, values: dict[int, int]) -> int:
    """The value of a linear expression for given variable values (by variable index)."""
    if isinstance(expr, int):
        return expr
    flat = cp_model_helper.FlatIntExpr(expr)
    return flat.offset + sum(c * values[v.index] for v, c in zip(flat.vars, flat.coeffs,
                                                                  strict=True))


def _chosen(ctx: RotaModel, pairs: tuple[set, set]) -> Callable[[Any], int]:
    ids = {v.index for k, v in ctx.x.items() if k in pairs[0]}
    ids |= {v.index for k, v in ctx.b.items() if k in pairs[1]}
    return lambda v: int(v.index in ids)


def _finish(run: _Search, pairs: tuple[set, set], published: Rota | None) -> None:
    ctx, result, problem = run.ctx, run.result, run.problem
    result.rota = ctx.rota_from(_chosen(ctx, pairs))
    values = ctx.complete(*pairs)
    result.soft_violations = [f"{p.label}:{values[p.var.index]}" for p in ctx.soft
                              if values[p.var.index]]
    if result.status != "cancelled":
        proven = run.all_levels_done and all(lv.status == "optimal" for lv in result.levels)
        result.status = "optimal" if proven else "feasible"
    result.metrics = doctor_metrics(problem, result.rota)
    result.max_ratio = round(max_ratio(problem, result.rota), 4)
    result.count_bands = {attr: {ctx.doctors[di].id: band for di, band in bands.items()}
                          for attr, bands in ctx.count_bands.items()}
    if published is not None:
        result.moved = moved_count(published, result.rota)


def moved_count(published: Rota, rota: Rota) -> int:
    """The published assignments ``rota`` moves, as the repair counts them
    (:func:`solver.objective.move_costs`): a vakt its doctor no longer has, a bakvakt another
    doctor now has (one no longer needed is released, not moved)."""
    new = {(a.shift_id, a.doctor_id, a.role) for a in rota.assignments}
    backed = {a.shift_id for a in rota.assignments if a.role == "bakvakt"}
    return sum(1 for a in published.assignments
               if (a.shift_id, a.doctor_id, a.role) not in new
               and (a.role != "bakvakt" or a.shift_id in backed))


def rota_possible(problem: Problem, time_limit: float = 10.0, workers: int = 2,
                  cancel_token: Any = None) -> tuple[bool | None, float]:
    """Does any rota keep every hard rule? (True, False, or None when not known within
    ``time_limit`` or when cancelled) and the seconds it took. Only the rules, no objective:
    the quick answer a leader wants before solving (a 40-doctor year answers in about 6 s).
    ``cancel_token``: a ``threading.Event`` (or anything :func:`is_cancelled` reads) that
    stops the search within a tenth of a second."""
    started = time.perf_counter()
    ctx = build_model(problem)
    if is_cancelled(cancel_token):
        return None, time.perf_counter() - started
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - started))
    solver.parameters.stop_after_first_solution = True
    solver.parameters.catch_sigint_signal = False
    with _Watcher(solver, None, started, None, cancel_token):  # the cancel, as for a solve
        status = solver.solve(ctx.model)
    if is_cancelled(cancel_token):
        return None, time.perf_counter() - started
    answer = {cp_model.OPTIMAL: True, cp_model.FEASIBLE: True, cp_model.INFEASIBLE: False}.get(status)
    return answer, time.perf_counter() - started


def ratios(problem: Problem, rota: Rota) -> dict[str, float]:
    """Each sharing doctor's (load + ledger) / fair share, exactly (weighted hours per full
    vaktandel), by id."""
    units = share_units(problem)
    shifts = {s.id: s for s in problem.shifts}
    load = {d.id: d.ledger.load_balance for d in problem.doctors}
    for a in rota.assignments:
        s = shifts.get(a.shift_id)
        if s is not None and a.doctor_id in load:
            load[a.doctor_id] += s.hours * (s.weight if a.role == "vakt" else s.bakvakt_weight)
    return {d: load[d] * SHARE_SCALE / u for d, u in units.items() if u > 0}


def max_ratio(problem: Problem, rota: Rota) -> float:
    """Level 1 measured exactly: max over sharing doctors of (load + ledger) / fair share."""
    return max(ratios(problem, rota).values(), default=0.0)


OTHERS_ROUNDS = 3  # levels «de andre legene» at most, each for those below the one before


def others_name(k: int) -> str:
    """The ``k``-th level for the doctors below a top: fairness_others, fairness_others2, …"""
    return "fairness_others" if k == 1 else f"fairness_others{k}"


def _below_the_top(run: _Search, bound: FairnessBound, k: int) -> list[int]:
    """The doctors (by index) whose loads the level before leaves uncapped, for the ``k``-th
    :func:`others_level`: of those it measured (level 1: all), the ones below its top step in
    the rota in hand, when they hold more of the fair share than the top does and are on
    average more than the fairness margin (and a step) below it. None where the top is where
    most of the district is (every sample). So a round stops before it reaches a minority the
    rules keep low (a doctor free of nights), for whom it would only hand vakter on. Round 2:
    in a repair, a doctor ill for much of the period keeps the vakter before it on a share
    the illness made small, and may be the top of the others."""
    ctx, problem = run.ctx, run.problem
    before = run.result.level("fairness" if k == 1 else others_name(k - 1))
    if before is None or bound.value == float("inf") or bound.value <= 0:
        return []
    step = fairness_grid(bound, run.resolution).step / LOAD_SCALE
    mine = ratios(problem, ctx.rota_from(_chosen(ctx, run.in_hand)))
    units = share_units(problem)
    measured = run.others.get(k - 1) or sorted({di for di, _si in ctx.x} | {di for di, _si in ctx.b})
    rest = [di for di in measured if ctx.doctors[di].id in mine
            and mine[ctx.doctors[di].id] < before.value - step]
    if not rest:
        return []
    ids = [ctx.doctors[di].id for di in rest]
    average = sum(mine[d] * units[d] for d in ids) / sum(units[d] for d in ids)
    # the top a minority of the district's share, far above the rest: forced there, and the
    # cap it sets says nothing of the others (liten-kommune, interkommunal: the top holds
    # three quarters and more of the share, and the rest are below it because they may take
    # less: a doctor free of nights, those who need a bakvakt)
    margin = problem.rules.fairness_margin * bound.value
    top_units = sum(units[ctx.doctors[di].id] for di in measured if di not in rest)
    if top_units >= sum(units[d] for d in ids) or average + max(margin, step) >= before.value:
        return []
    run.others[k] = rest
    return rest


def values_get(solver: cp_model.CpSolver, var: cp_model.IntVar) -> int:
    return int(solver.value(var))
