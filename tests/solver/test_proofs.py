"""What the engine claims to have proven holds: on random tiny districts, where every rota can be
tried, level 1's reported bound and the perfect-fairness bound never exceed the true optimum,
and a level reported optimal is within its step of it."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.checker import check
from solver.common import LOAD_SCALE
from solver.fairness import perfect_fairness_bound
from solver.objective import fairness_step
from solver.problem import Absence
from solver.solve import max_ratio, solve
from tests.solver.helpers import at, doctor, problem, rota, shift

NAMES = ("ola", "kari", "per")


@st.composite
def tiny_districts(draw):  # type: ignore[no-untyped-def]
    n_shifts = draw(st.integers(2, 6))
    shifts = []
    for i in range(n_shifts):
        day = draw(st.integers(0, 3))
        start = draw(st.sampled_from([8, 16, 23]))
        hours = draw(st.sampled_from([5, 7, 8, 9]))
        weight = draw(st.sampled_from([1.0, 1.2, 1.5]))
        shifts.append(shift(f"s{i}@{day}", day, start, start + hours, weight=weight,
                            night=start + hours > 24))
    doctors = []
    for name in NAMES[:draw(st.integers(2, 3))]:
        share = draw(st.sampled_from([0.5, 1.0, 1.5]))
        away = ()
        if draw(st.booleans()):
            first = draw(st.integers(0, 3))
            away = (Absence(at(first, 0), at(first + 1, 0), "ferie"),)
        doctors.append(doctor(name, share=share, absences=away))
    return problem(shifts, doctors, days=5)


def true_optimum(p) -> float | None:  # type: ignore[no-untyped-def]
    """The smallest level-1 value over every valid rota, by trying them all."""
    ids = [d.id for d in p.doctors]
    best = None
    for choice in itertools.product(ids, repeat=len(p.shifts)):
        r = rota(*zip((s.id for s in p.shifts), choice, strict=True))
        if check(p, r):
            continue
        value = max_ratio(p, r)
        best = value if best is None else min(best, value)
    return best


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=tiny_districts())
def test_level_one_bounds_never_exceed_the_true_optimum(p):  # type: ignore[no-untyped-def]
    optimum = true_optimum(p)
    result = solve(p, time_limit=10, deterministic=True, explain=False)
    if optimum is None:
        assert result.status == "infeasible"
        return
    fairness = result.level("fairness")
    assert fairness is not None and fairness.status == "optimal"
    bound = perfect_fairness_bound(p).value
    assert bound <= optimum + 1e-6
    assert fairness.bound <= optimum + 1e-3  # what was proven is true
    assert fairness.value >= optimum - 1e-3  # nothing beats the optimum
    step = fairness_step(perfect_fairness_bound(p), 0.01) / LOAD_SCALE
    assert fairness.value <= optimum + step + 1e-3  # optimal to the level's 1 % step


def test_doctor_floors_are_true_bounds_and_keep_level_two(monkeypatch):  # type: ignore[no-untyped-def]
    """Level 2's per-doctor floors (solver.solve._DoctorFloors: each doctor's part minimised
    alone, added as a cut) are valid: on small four-doctor districts with soft firedelt, no
    floor is above that doctor's part in the rota proven optimal without floors
    (deterministic mode adds none) nor in the one found with them, and both prove the same
    level-2 optimum."""
    from solver import solve as solve_module
    from solver.generate import make_problem
    from solver.problem import Limit, Rules

    seen: list[tuple[object, list[tuple[object, int]]]] = []
    finish = solve_module._DoctorFloors.finish

    def recording(self, in_hand: int) -> bool:  # type: ignore[no-untyped-def]
        added = finish(self, in_hand)
        seen.append((self.run.ctx, list(self.floors)))
        return added

    monkeypatch.setattr(solve_module._DoctorFloors, "finish", recording)
    floored = 0
    for seed in range(3):
        p = make_problem(4, 6, seed, noncompetent=0.0, absence_weeks=1, exempt_nights=0.0,
                         rules=Rules(max_in_window=Limit(1, hard=False)))
        seen.clear()
        with_floors = solve(p, time_limit=20, seed=seed, explain=False)
        without = solve(p, time_limit=20, seed=seed, deterministic=True, explain=False)
        a, b = with_floors.level("balance"), without.level("balance")
        assert a is not None and b is not None
        assert a.status == b.status == "optimal"
        assert a.value == b.value
        assert not check(p, with_floors.rota)
        assert len(seen) == 1
        ctx, floors = seen[0]
        for r in (without.rota, with_floors.rota):
            values = ctx.complete(*solve_module._pairs_from_rota(ctx, r))
            for part, floor in floors:
                assert solve_module._expr_value(part, values) >= floor
        floored += bool(floors)
    assert floored >= 2  # the floors were put to the test


def test_the_perfect_fairness_bound_counts_the_bakvakt_a_lis1s_vakt_brings():
    """Three nights (bakvakt load as the vakt's) and one day (no bakvakt load) for Kari and Ola,
    vaktkompetente, and Per, who is not: whoever takes a night, Kari and Ola carry its 9 t, as
    vakt or as bakvakt, so the best they can share is 27 t between them — 13,5 each, with the
    day Per's. The water-filling alone counts the cheapest bakvakt (the day's: none) and says
    35 / 3 = 11,67; the relaxation says 13,5, and no rota does better than 18."""
    nights = [shift(f"natt@{d}", d, 23, 32, night=True, bakvakt_weight=1.0,
                    requires_competent=False) for d in range(3)]
    day = shift("dag@5", 5, 8, 16, bakvakt_weight=0.0, requires_competent=False)
    p = problem([*nights, day], [doctor("kari"), doctor("ola"), doctor("per", competent=False)])
    from solver.fairness import water_filling_bound

    assert round(water_filling_bound(p).value, 2) == 11.67
    assert round(perfect_fairness_bound(p).value, 4) == 13.5
    result = solve(p, time_limit=10, deterministic=True, explain=False)
    assert check(p, result.rota) == []
    fairness = result.level("fairness")
    assert fairness is not None and fairness.status == "optimal"
    assert fairness.value == 18.0
    assert result.perfect_fairness_bound == perfect_fairness_bound(p).value
