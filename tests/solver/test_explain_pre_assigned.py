"""Pre-assigned vakter no rota can hold are named all at once, not one conflict at a time,
and the fixes take them all off (with the next conflict's fix where one is left)."""

from __future__ import annotations

from dataclasses import replace

from solver.checker import check
from solver.explain import explain
from solver.problem import Absence, Limit, Rules
from solver.solve import solve
from tests.solver.helpers import at, doctor, problem, shift


def _without(p, cells):
    return replace(p, doctors=tuple(
        replace(d, pre_assigned=tuple(x for x in d.pre_assigned if (d.id, x[0]) not in cells))
        for d in p.doctors))


def _rota_exists(p) -> bool:
    r = solve(p, time_limit=10, deterministic=True, explain=False)
    return r.status in ("optimal", "feasible") and check(p, r.rota) == []


def test_a_pre_assigned_vakt_in_each_of_two_blocks_is_named_at_once_and_removed_together():
    # kveld Monday–Friday is one doctor's week (vaktblokk). Kari is pre-assigned Monday of
    # week 1 and is on kurs Wednesday; Ola is pre-assigned Monday of week 2 and on kurs
    # Thursday. Neither block can be held, each for its own reason: removing Kari's alone
    # leaves Ola's, so the leader who did that met the next conflict only after solving again
    kveld = [shift(f"kveld@{d}", d, 16, 23, label="kveld", block=f"sentral:uke-{d // 7}")
             for w in (0, 7) for d in range(w, w + 5)]
    docs = [doctor("kari", name="Kari", pre_assigned=(("kveld@0", "vakt"),),
                   absences=(Absence(at(2, 0), at(3, 0), "kurs"),)),
            doctor("ola", name="Ola", pre_assigned=(("kveld@7", "vakt"),),
                   absences=(Absence(at(10, 0), at(11, 0), "kurs"),)),
            doctor("liv", name="Liv")]
    p = problem(kveld, docs, days=14)
    e = explain(p, time_limit=10)
    conflicts = [m for m in e.messages if "kan oppfylles samtidig" in m]
    assert len(conflicts) == 2
    assert conflicts[1].startswith("Heller ikke disse reglene kan oppfylles samtidig: ")
    said = " ".join(conflicts)
    assert "Kari: 04.01 kveld" in said and "Ola: 11.01 kveld" in said
    assert "Kari: kurs 06.01" in said and "Ola: kurs 14.01" in said
    removal = next(f for f in e.fixes if f.kind == "pre_assigned")
    assert sorted(removal.cells) == [("kari", "kveld@0"), ("ola", "kveld@7")]
    assert removal.text in ("fjern forhåndstildelingene av 04.01 kveld for Kari og 11.01 kveld for Ola",
                            "fjern forhåndstildelingene av 11.01 kveld for Ola og 04.01 kveld for Kari")
    assert _rota_exists(_without(p, set(removal.cells)))


def test_a_pre_assignment_that_cannot_be_held_beside_another_conflict_gets_a_fix_for_both():
    # Kari is pre-assigned Tuesday's kveld while on kurs, and three doctors cannot give seven
    # evenings a week with a hard «maks 2 per uke». No one change makes a rota: the fixes
    # were none. Now the pre-assignment is removed and the weekly limit loosened, together
    evenings = [shift(f"kveld@{d}", d, 16, 23, label="kveld") for d in range(7)]
    docs = [doctor("kari", name="Kari", pre_assigned=(("kveld@1", "vakt"),),
                   absences=(Absence(at(1, 0), at(2, 0), "kurs"),)),
            doctor("ola", name="Ola"), doctor("liv", name="Liv")]
    p = problem(evenings, docs, rules=Rules(max_per_week=Limit(2)))
    e = explain(p, time_limit=10)
    assert "Forhåndstildelt eller låst vakt: Kari har kurs (05.01 kveld)" in e.messages
    fix = e.fixes[0]
    assert fix.text.startswith("fjern forhåndstildelingen av 05.01 kveld for Kari, og tillat 3 vakter per uke")
    assert fix.cells == (("kari", "kveld@1"),)
    fixed = _without(p, set(fix.cells))
    fixed = replace(fixed, rules=replace(fixed.rules, **dict(fix.rules),
                                         exceptions=(*fixed.rules.exceptions, *fix.exceptions)))
    assert _rota_exists(fixed)
