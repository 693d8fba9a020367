"""Fair shares and the perfect-fairness bound, computed without the solver.

Level 1 of the objective minimises ``max over doctors of load / fair share`` (weighted hours per
unit of fair share). Whatever the rota, the doctors together carry at least the total weighted
vakt load, each doctor carries at least what is pre-assigned (and the ledger), and at most what
they are eligible for. The smallest ratio ``T`` with ``sum_d clamp(T × share_d, min_d, max_d) >=
total`` is therefore a lower bound on level 1 (water-filling: "tightened where availability
forces it"). It is reported next to the solver's own proven bound.

On a small district (up to ``LP_PAIRS`` doctor–vakt pairs) the bound is tightened further by
the linear relaxation of level 1 (:func:`_relaxed_bound`): each vakt's places shared out in
fractions among the doctors who may take it, a vaktkompetent vakt where the vakt needs one and
a bakvakt as large as any non-competent doctor's part. It sees what the water-filling cannot:
the nights only three of liten-kommune's four doctors may take (1032.07 → 1103.49, the rota's
largest 1104.08). Where the water-filling is tighter (its bakvakt ratio), it is kept.

Bakvakt is load too. Every vakt hour a non-competent doctor takes brings a bakvakt hour for a
competent colleague; one bakvakt covers at most ``min(required, non-competent allowed)`` doctors
on a shift. With ``r`` the smallest bakvakt load per unit of non-competent vakt load over the
shifts such a doctor may take, a non-competent doctor who carries ``v`` of vakt load relieves the
others of at most ``(1 - r) × v``; the water-filling counts it so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from solver.common import (
    LOAD_SCALE,
    SHARE_SCALE,
    bakvakt_load,
    competence_allows,
    fair_shares,
    unavailable_reasons,
    vakt_load,
)
from solver.problem import Problem


@dataclass(frozen=True)
class FairnessBound:
    value: float  # weighted hours per unit of fair share; +inf when demand exceeds all capacity
    total_load: float  # weighted vakt hours to be carried in the period (+ ledger balances)
    total_share: float  # sum of fair shares


def share_units(problem: Problem) -> dict[str, int]:
    """Fair shares as integers (SHARE_SCALE = 1.0), as the model uses them."""
    return {k: round(v * SHARE_SCALE) for k, v in fair_shares(problem).items()}


LP_PAIRS = 25_000  # doctor–vakt pairs up to which the linear relaxation tightens the bound


# the last problem's bound (the app, the report and the engine ask for the same problem's)
_known: tuple[Problem | None, FairnessBound | None] = (None, None)


def perfect_fairness_bound(problem: Problem,
                           water_filling: FairnessBound | None = None) -> FairnessBound:
    """The perfect-fairness bound: the water-filling bound (``water_filling``, when the caller
    has it), tightened by the linear relaxation of level 1 on a small district (see the
    module)."""
    global _known
    seen, known = _known
    if known is not None and (seen is problem or seen == problem):
        return known
    bound = water_filling if water_filling is not None else water_filling_bound(problem)
    if 0 < bound.value < float("inf"):
        relaxed = _relaxed_bound(problem)
        if relaxed is not None and relaxed > bound.value:
            bound = FairnessBound(relaxed, bound.total_load, bound.total_share)
    _known = (problem, bound)
    return bound


def _relaxed_bound(problem: Problem) -> float | None:
    """The least largest load per fair share of the linear relaxation of level 1: every vakt
    its ``required`` places, shared out in fractions among the doctors who may take it (not
    away, no fritak keeping them out, vaktandel above 0 or pre-assigned, competent where a
    one-doctor vakt needs it), at least one vaktkompetent place where the vakt needs one, and
    a bakvakt (a vaktkompetent doctor free then, not also vakt on it) at least as large as any
    non-competent doctor's part of it and at most 1. Every rota is a solution, so its optimum is
    a lower bound on level 1. None on a district larger than ``LP_PAIRS`` pairs, and when the
    relaxation has no solution (the counting pre-checks say why)."""
    units = share_units(problem)
    pre = {(sid, d.id) for d in problem.doctors for sid, _role in d.pre_assigned}
    may: list[tuple] = []  # (shift, [(doctor, may be vakt, may be bakvakt)])
    for s in problem.shifts:
        if s.required <= 0:
            continue
        # a pre-assigned (or locked) vakt may be the doctor's whatever else is said
        who = [(d, competence_allows(d, s) or (s.id, d.id) in pre, d.competent)
               for d in problem.doctors if (s.id, d.id) in pre
               or (units[d.id] > 0 and not unavailable_reasons(d, s))]
        may.append((s, who))
    if sum(len(who) for _s, who in may) > LP_PAIRS:
        return None
    lp = pywraplp.Solver.CreateSolver("GLOP")
    top = lp.NumVar(0, lp.infinity(), "largest")
    load: dict[str, list] = {d.id: [] for d in problem.doctors}
    for s, who in may:
        places, competent, non_competent, bak = [], [], [], []
        for d, vakt, bakvakt in who:
            x = lp.NumVar(0, 1, "") if vakt else None
            if x is not None:
                places.append(x)
                (competent if d.competent else non_competent).append(x)
                load[d.id].append(vakt_load(s) * x)
            if bakvakt:
                b = lp.NumVar(0, 1, "")
                bak.append(b)
                load[d.id].append(bakvakt_load(s) * b)
                if x is not None:
                    lp.Add(x + b <= 1)
        lp.Add(sum(places) == s.required)
        if s.requires_competent:
            lp.Add(sum(competent) >= 1)
        if non_competent:
            lp.Add(sum(bak) <= 1)
            for x in non_competent:
                lp.Add(sum(bak) >= x)
    for d in problem.doctors:
        if units[d.id] > 0:
            lp.Add(sum(load[d.id]) + d.ledger.load_balance * LOAD_SCALE <= top * units[d.id])
    lp.Minimize(top)
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    # a little below the optimum: the LP's own tolerance must not make it more than a bound
    return top.solution_value() * SHARE_SCALE / LOAD_SCALE * (1 - 1e-7)


def water_filling_bound(problem: Problem) -> FairnessBound:
    """The bound from each doctor's least and most load alone (see the module); level 1 counts
    its steps from it (:func:`solver.objective.fairness_grid`)."""
    units = share_units(problem)
    shifts = {s.id: s for s in problem.shifts}
    total = sum(vakt_load(s) * s.required for s in problem.shifts)
    low: dict[str, float] = {}
    cap: dict[str, float] = {}
    for d in problem.doctors:
        ledger = d.ledger.load_balance * LOAD_SCALE
        pre = 0.0
        for sid, role in d.pre_assigned:
            s = shifts.get(sid)
            if s is not None:
                pre += vakt_load(s) if role == "vakt" else bakvakt_load(s)
        low[d.id] = ledger + pre
        total += ledger
        eligible = 0.0
        if units[d.id] > 0:
            for s in problem.shifts:
                if s.required <= 0 or unavailable_reasons(d, s):
                    continue
                if competence_allows(d, s):
                    eligible += vakt_load(s)
                if d.competent:
                    eligible += bakvakt_load(s)
        cap[d.id] = max(low[d.id], ledger + eligible)
    sharing = [d.id for d in problem.doctors if units[d.id] > 0]
    rest = total - sum(low[d.id] for d in problem.doctors if units[d.id] <= 0)
    total_share = sum(units[i] for i in sharing) / SHARE_SCALE
    if not sharing:
        return FairnessBound(0.0 if rest <= 0 else float("inf"), total / LOAD_SCALE, 0.0)
    f = {i: units[i] / SHARE_SCALE for i in sharing}
    r = bakvakt_ratio(problem)
    relief = {d.id: 1.0 if d.competent else 1.0 - r for d in problem.doctors}
    ledger = {d.id: d.ledger.load_balance * LOAD_SCALE for d in problem.doctors}

    def carried(t: float) -> float:
        """Load the sharing doctors can take off the total at ratio ``t``."""
        out = 0.0
        for i in sharing:
            own = min(max(t * f[i], low[i]), cap[i])
            out += ledger[i] + relief[i] * (own - ledger[i])
        return out

    lo = max([0.0] + [low[i] / f[i] for i in sharing])
    # from this ratio on every sharing doctor is at their cap: the most they can carry
    full = max([lo] + [cap[i] / f[i] for i in sharing])
    if carried(lo) >= rest:
        value = lo
    elif carried(full) < rest:
        value = float("inf")  # e.g. only non-competent doctors share: their bakvakt is missing
    else:
        hi = full
        for _ in range(100):
            mid = (lo + hi) / 2
            if carried(mid) >= rest:
                hi = mid
            else:
                lo = mid
        value = hi
    return FairnessBound(value / LOAD_SCALE, total / LOAD_SCALE, total_share)


def bakvakt_ratio(problem: Problem) -> float:
    """The least bakvakt load a non-competent doctor's vakt can bring, per unit of vakt load:
    min over the shifts such a doctor may take of bakvakt load / (vakt load × the number of
    non-competent doctors one bakvakt can cover there). 0 when there is no such shift."""
    ratios = []
    for s in problem.shifts:
        allowed = s.required - 1 if s.requires_competent else s.required
        load = vakt_load(s)
        if allowed <= 0 or load <= 0:
            continue
        ratios.append(bakvakt_load(s) / (load * allowed))
    return max(0.0, min(ratios)) if ratios else 0.0


def partial_exemption_pressure(problem: Problem) -> dict[str, float]:
    """Per doctor with a partial fritak (no nights, no weekends, no 16–08) and a vaktandel: the
    share of the vakter the fritak leaves them that their fair share would take — 1.0 means
    every one of them (liten-kommune's doctor exempt from nights must take every weekend day);
    infinite when the fritak leaves no vakt at all (no 16–08 where every vakt is 16–08).
    A partial fritak does not lower the fair share; this says what that costs. (An estimate
    from the water-filling bound: the app asks for it after every edit, and with other
    vaktandeler to suggest one, where the relaxation would take a tenth of a second each.)"""
    bound = water_filling_bound(problem)
    if bound.value == float("inf"):
        return {}
    shares = fair_shares(problem)
    out: dict[str, float] = {}
    for d in problem.doctors:
        if d.share <= 0 or not any(e.scope != "full" for e in d.exemptions):
            continue
        open_load = sum(vakt_load(s) * s.required for s in problem.shifts
                        if s.required > 0 and not unavailable_reasons(d, s)
                        and competence_allows(d, s)) / LOAD_SCALE
        out[d.id] = (min(1.0, bound.value * shares[d.id] / open_load) if open_load > 0
                     else float("inf"))
    return out
