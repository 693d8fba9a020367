"""Vaktregnskap carried into the next period: how far each doctor's rota of this period (and
what was carried into it) lies above (+) or below (-) the fair share, so the next period's
targets even it out (the ledger shifts level 1's loads and level 2's fair bands).

* ``load_balance``: carried balance + this period's weighted load − the doctor's fair part:
  the compared doctors' loads (carried balances included) split by fair share
  (:func:`solver.common.fair_shares`: legevakt share × the time not away or fully exempt). A
  doctor away half the period has half the fair part, so time away is never owed.
* ``nights``, ``weekends``, ``high_days``: the same for the counts; a doctor's fair number is
  the compared doctors' count split by fair share × the part of the flagged vakter while present
  that each may take (:func:`solver.common.count_weight`, as level 2's band,
  :func:`solver.objective.fair_band`; :func:`may_take`), rounded to whole vakter so that the
  compared doctors' balances still sum to what they sum to unrounded (largest remainder:
  three doctors at +0,4, +0,4 and −0,8 carry +1, 0 and −1, not 0, 0 and −1).
* ``had_high_days``: the høytider of this period the doctor had a vakt in; a høytid the period
  does not contain keeps what was carried (who had Christmas is still known in the spring), and
  so does one the period took up from the period before (``continued``: a period from 1
  January holds only the second day of a nyttår that began on 31 December; who had that
  evening still had nyttår).

Compared are the doctors with a share and no partial exemption (no nights, no weekends) in the
period. A doctor with a partial exemption takes what the exemption leaves (a doctor free of
nights may have to take every weekend day to carry a full share), which says nothing about
fairness, so that period adds nothing to her balances and she is left out of the others' fair
parts; what she carried in is kept. Likewise a doctor who needs a bakvakt (not vaktkompetent,
where a bakvakt is load) takes more vakter than her share, as her colleagues' bakvakter are
load too: where the other vakter are nights (døgnvakt in a small kommune) she has more nights
than the share says, every period, which no later period could give back without undoing the
load. So her nights, weekends and høytid are left out of the counts (her hours are compared as
anyone's), and the others' counts are compared with each other's. The rota is taken as it is:
it is what was worked, also where it breaks a rule.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from solver.common import (
    LOAD_SCALE,
    bakvakt_load,
    competence_allows,
    count_weight,
    unavailable_reasons,
    vakt_load,
)
from solver.fairness import share_units
from solver.problem import Doctor, LedgerEntry, Problem, Rota, Shift

COUNTS = (("night", "nights"), ("weekend", "weekends"), ("high_day", "high_days"))


def partly_exempt(problem: Problem, doctor: Doctor) -> bool:
    """Has a partial exemption (not "full") for some of the period's shifts."""
    return any(e.scope != "full" and e.start < s.end and s.start < e.end
               for e in doctor.exemptions for s in problem.shifts)


def needs_bakvakt(problem: Problem, doctor: Doctor, rota: Rota) -> bool:
    """Not vaktkompetent, and her vakter in ``rota`` brought bakvakter that are load: load
    fairness has her take more vakter than her share, so her counts say nothing about
    fairness."""
    if doctor.competent:
        return False
    shifts = {s.id: s for s in problem.shifts}
    return any(a.doctor_id == doctor.id and a.role == "vakt" and a.shift_id in shifts
               and bakvakt_load(shifts[a.shift_id]) > 0 for a in rota.assignments)


def left_out_of_counts(problem: Problem, doctor: Doctor, rota: Rota,
                       units: dict[str, int]) -> str | None:
    """Why the doctor's nights, weekends and høytid say nothing about fairness, so the counts
    leave her out (see the module's text): "partly_exempt" (a share and a partial fritak),
    "needs_bakvakt"; None when they are compared. ``units``: :func:`share_units`."""
    if units[doctor.id] > 0 and partly_exempt(problem, doctor):
        return "partly_exempt"
    if needs_bakvakt(problem, doctor, rota):
        return "needs_bakvakt"
    return None


def may_take(doctor: Doctor, shift: Shift) -> bool:
    """Not away, not exempt, and vaktkompetent where the shift needs it of its only doctor."""
    return not unavailable_reasons(doctor, shift) and competence_allows(doctor, shift)


def _fair(amounts: dict[str, float], weights: dict[str, float]) -> dict[str, float]:
    """The total of ``amounts`` split by ``weights``."""
    whole = sum(weights.values())
    total = sum(amounts[k] for k in weights)
    return {k: total * w / whole for k, w in weights.items()} if whole > 0 else {}


def _round_keeping_sum(values: dict[str, float]) -> dict[str, int]:
    """Whole numbers that sum to the rounded sum of ``values``, each within 1 of its value
    (largest remainder; a tie goes to the first)."""
    out = {k: math.floor(v) for k, v in values.items()}
    missing = round(sum(values.values())) - sum(out.values())
    for k in sorted(values, key=lambda k: out[k] - values[k])[:max(0, missing)]:
        out[k] += 1
    return out


def carry_over(problem: Problem, rota: Rota,
               continued: Collection[str] = ()) -> dict[str, LedgerEntry]:
    """The ledger each doctor takes into the next period after working ``rota``.
    ``continued``: the høytider whose first days lay in the period before (the calendar knows:
    :func:`legevakt_app.next_period.continued_high_days`)."""
    eligible = {(d.id, s.id) for d in problem.doctors for s in problem.shifts if may_take(d, s)}
    doctors = {d.id: d for d in problem.doctors}
    shifts = {s.id: s for s in problem.shifts}
    units = share_units(problem)
    compared = [d.id for d in problem.doctors
                if units[d.id] > 0 and not partly_exempt(problem, d)]
    load = {d.id: d.ledger.load_balance * LOAD_SCALE for d in problem.doctors}
    vakter: dict[str, list[Shift]] = {d.id: [] for d in problem.doctors}
    for a in rota.assignments:
        s = shifts.get(a.shift_id)
        if s is None or a.doctor_id not in load:
            continue
        if a.role == "vakt":
            load[a.doctor_id] += vakt_load(s)
            vakter[a.doctor_id].append(s)
        else:
            load[a.doctor_id] += bakvakt_load(s)
    fair_load = _fair(load, {i: units[i] for i in compared})
    counted = [i for i in compared if left_out_of_counts(problem, doctors[i], rota, units) is None]
    counts: dict[str, dict[str, float]] = {}
    fair_count: dict[str, dict[str, float]] = {}
    for flag, attr in COUNTS:
        flagged = [s for s in problem.shifts if getattr(s, flag) and s.required > 0]
        counts[attr] = {d.id: getattr(d.ledger, attr) + sum(getattr(s, flag) for s in vakter[d.id])
                        for d in problem.doctors}
        weights = {}
        for i in counted:
            n = sum(1 for s in flagged if (i, s.id) in eligible)
            if n:
                weights[i] = count_weight(units[i], doctors[i], flagged, n)
        fair_count[attr] = _fair(counts[attr], weights)
    rounded = {attr: _round_keeping_sum({i: counts[attr][i] - fair_count[attr].get(i, 0.0)
                                         for i in counted}) for _, attr in COUNTS}
    in_period = {s.high_day_name for s in problem.shifts if s.high_day_name}
    out = {}
    for d in problem.doctors:
        worked = {s.high_day_name for s in vakter[d.id] if s.high_day_name}
        kept = {name for name in d.ledger.had_high_days
                if name not in in_period or name in continued}
        if units[d.id] > 0 and d.id not in compared:  # partly exempt: nothing added
            balance = d.ledger.load_balance
            carried = {attr: getattr(d.ledger, attr) for _, attr in COUNTS}
        else:
            balance = (load[d.id] - fair_load.get(d.id, 0.0)) / LOAD_SCALE
            if d.id in compared and d.id not in counted:  # needs bakvakt: counts carried on
                carried = {attr: getattr(d.ledger, attr) for _, attr in COUNTS}
            else:
                carried = {attr: rounded[attr].get(d.id, round(counts[attr][d.id]))
                           for _, attr in COUNTS}
        out[d.id] = LedgerEntry(load_balance=round(balance, 1),
                                had_high_days=frozenset(worked | kept), **carried)
    return out
