"""The independent checker's count of soft spacing breaches (solver.checker.soft_breaches): what
the Kontroll line and ``legevakt check`` report besides the hard rules."""

from __future__ import annotations

from solver.checker import check, soft_breaches, soft_breaches_text
from solver.problem import Limit, Rules
from tests.solver.helpers import doctor, problem, rota, shift


def test_soft_spacing_breaches_are_counted_per_vakt_that_came_too_close():
    # firedelt as a soft rule (at most 1 vakt in any 4 days); the hard rules all hold, so
    # check() finds nothing.
    rules = Rules(window_days=4, max_in_window=Limit(1, hard=False))
    evenings = [shift(f"kveld@{d}", d, 16, 23) for d in range(6)]
    p = problem(evenings, [doctor("ola"), doctor("kari")], days=6, rules=rules)
    r = rota(("kveld@0", "ola"), ("kveld@1", "ola"), ("kveld@5", "ola"), ("kveld@2", "kari"),
             ("kveld@3", "ola"), ("kveld@4", "kari"))
    assert check(p, r) == []
    # Ola: 0, 1, 3, 5 -> 1, 3 and 5 too close; Kari: 2, 4 -> 4 too close
    assert soft_breaches(p, r) == [("maks 1 vakt per 4 dager", 4)]
    assert soft_breaches_text(p, r).endswith("4 vakter tettere enn maks 1 vakt per 4 dager")
    # as a hard rule it is a violation for check() instead, and no soft breach
    hard = Rules(window_days=4, max_in_window=Limit(1, hard=True))
    p_hard = problem(evenings, [doctor("ola"), doctor("kari")], days=6, rules=hard)
    assert check(p_hard, r) and soft_breaches(p_hard, r) == []
