"""The few places reports need the engine: re-solving a changed problem.

Wraps ``solver.solve.solve`` so reports do not depend on the engine's result type beyond
``.status`` and ``.rota``; a missing engine is reported as such, not as a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from solver.problem import Problem, Rota

INFEASIBLE_NAMES = frozenset({"INFEASIBLE", "MODEL_INVALID"})


@dataclass(frozen=True)
class SolveOutcome:
    rota: Rota | None  # None: no rota found (infeasible, time out or no engine)
    status: str  # the engine's status name, e.g. "OPTIMAL", "FEASIBLE", "INFEASIBLE"
    proven_infeasible: bool  # the engine proved that no rota exists
    explanation: Any = None  # why no rota exists (solver.explain.Explanation), when asked for

    @property
    def found(self) -> bool:
        return self.rota is not None


SolveFn = Callable[[Problem, float], SolveOutcome]


def engine_available() -> bool:
    try:
        import solver.solve  # noqa: F401
    except ImportError:
        return False
    return True


def status_name(status: Any) -> str:
    name = getattr(status, "name", None)
    if isinstance(name, str):
        return name.upper()
    return str(status).split(".")[-1].upper()


def solve_problem(problem: Problem, time_limit: float, seed: int = 0, cancel_token: Any = None,
                  explain: bool = True, deterministic: bool = False) -> SolveOutcome:
    """Solve ``problem`` within ``time_limit`` seconds with the project's engine.

    ``cancel_token`` (e.g. a ``threading.Event``): when set, the engine stops within about a
    second; the outcome then has status ``"CANCELLED"`` and the best rota found so far, if
    any. ``explain``: when no rota exists, also say why (``outcome.explanation``); that costs
    up to 20 s more, so a report that needs only whether a rota exists passes False.
    ``deterministic``: the engine's reproducible mode (see :mod:`solver.solve`): the same
    problem and ``seed`` give the same rota, whatever the machine is busy with.
    """
    try:
        from solver.solve import solve
    except ImportError:
        return SolveOutcome(None, "NO_ENGINE", False)
    result = solve(problem, time_limit=time_limit, workers=2, seed=seed,
                   cancel_token=cancel_token, explain=explain, deterministic=deterministic)
    status = status_name(getattr(result, "status", "UNKNOWN"))
    rota = getattr(result, "rota", None)
    if rota is None or (problem.shifts and not getattr(rota, "assignments", None)):
        rota = None  # (a problem without shifts is solved by the empty rota)
    if status in INFEASIBLE_NAMES:
        rota = None
    proven = status in INFEASIBLE_NAMES or bool(getattr(result, "proven_infeasible", False))
    return SolveOutcome(rota, status, proven, getattr(result, "explanation", None))


COMPARISON_SEED = 0  # every what-if and doctors-needed solve uses this seed


def solve_reproducibly(problem: Problem, time_limit: float) -> SolveOutcome:
    """:func:`solve_problem` for comparisons (scenarios, doctors needed): deterministic mode
    with a fixed seed, so the same input gives the same rota and the same figures run after
    run, and no explanation (only whether a rota exists is used)."""
    return solve_problem(problem, time_limit, seed=COMPARISON_SEED, explain=False,
                         deterministic=True)
