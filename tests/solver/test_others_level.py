"""Level 1 for the doctors below its top (objective.others_level): where level 1's top is a
doctor the rules force far above the rest, the others' loads are still evened out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from solver.problem import Absence
from solver.solve import solve
from tests.solver.helpers import assert_valid, at, doctor, problem, shift

AWAY_FIRST_DAYS = (Absence(at(0, 0), at(3, 0), "ferie"),)


def district(ill_from: int | None = None):
    """21 evenings of 8 h. Ane, Bo, Cato and Dina are away the first three days, so the vikar
    Vera (a fifth of a share) must take them: her load per share is far above anyone's."""
    shifts = [shift(f"kveld@{d}", d, 16, 24) for d in range(21)]
    docs = [doctor(n, absences=AWAY_FIRST_DAYS) for n in ("ane", "bo", "cato", "dina")]
    docs.append(doctor("vera", share=0.2))
    p = problem(shifts, docs, days=21)
    if ill_from is None:
        return p
    ill = Absence(at(ill_from, 0), at(21, 0), "annet")
    return replace(p, doctors=tuple(replace(d, absences=d.absences + (ill,)) if d.id == "bo"
                                    else d for d in p.doctors))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_repair_spreads_an_ill_doctors_vakter_although_a_vikar_tops_level_1(seed):
    # Bo falls ill for the last two weeks. Level 1 is Vera's forced 3 evenings (120 h per full
    # share) whoever takes Bo's vakter, so it capped nobody: the repair gave them to any one
    # colleague (Dina 7, Cato 4). The level for the others spreads them.
    first = solve(district(), time_limit=10, workers=2, seed=seed, deterministic=True,
                  explain=False)
    ill = district(ill_from=7)
    repaired = solve(ill, time_limit=10, workers=2, seed=seed, deterministic=True,
                     explain=False, repair_from=first.rota)
    assert repaired.status == "optimal"
    assert_valid(ill, repaired.rota)
    assert repaired.level("fairness").value == pytest.approx(120.0)
    others = repaired.level("fairness_others")
    assert others is not None and others.status == "optimal"
    counts = {m.id: m.shifts for m in repaired.metrics}
    healthy = [counts[d] for d in ("ane", "cato", "dina")]
    assert max(healthy) - min(healthy) <= 1, counts
    # the others' top as reported is the largest of their loads per share
    assert others.value == pytest.approx(max(m.load_per_share for m in repaired.metrics
                                             if m.id != "vera"), abs=0.01)


def test_no_level_for_the_others_where_the_top_is_most_of_the_district():
    # Without the vikar the top is where everybody is: no extra level, no extra time.
    p = district()
    p = replace(p, doctors=tuple(d for d in p.doctors if d.id != "vera"),
                shifts=tuple(s for s in p.shifts if s.start >= at(3, 0)))
    result = solve(p, time_limit=10, workers=2, seed=0, deterministic=True, explain=False)
    assert result.status == "optimal"
    assert [lv.name for lv in result.levels if lv.name.startswith("fairness_others")] == []
