"""The independent checker's count of soft spacing breaches (solver.checker.soft_breaches): what
the Kontroll line and ``legevakt check`` report besides the hard rules."""

from __future__ import annotations

from solver.checker import check, check_pre_assigned, soft_breaches, soft_breaches_text
from solver.problem import Exemption, Limit, Rules
from tests.solver.helpers import at, doctor, problem, rota, shift


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


def test_pre_assigned_vakter_that_break_a_hard_rule_on_their_own_are_found_before_solving():
    ex = Exemption(at(0, 0), at(7, 0), "no_nights", "over_55")
    night = shift("natt@0", 0, 23, 32, night=True, kind="night")
    evening = shift("kveld@1", 1, 16, 23)
    ola = doctor("ola", exemptions=(ex,), pre_assigned=(("natt@0", "vakt"),))
    lis = doctor("lis", competent=False, pre_assigned=(("kveld@1", "vakt"),))
    kari = doctor("kari", pre_assigned=(("kveld@1", "vakt"),))
    broken = check_pre_assigned(problem([night, evening], [ola, lis, kari]))
    assert sorted((v.rule, v.shift_id) for v in broken) == [("coverage", "kveld@1"),
                                                            ("unavailability", "natt@0")]
    assert any("har fritak fra nattevakt" in v.message for v in broken)
    # pre-assignments that keep the rules, however few: nothing (the rest is the solver's job)
    fine = [doctor("ola", pre_assigned=(("natt@0", "vakt"),)), doctor("kari")]
    assert check_pre_assigned(problem([night, evening], fine)) == []
