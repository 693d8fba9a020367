"""The lexicographic objective, level by level.

0. (repair mode only) moved assignments: how many assignments of the published rota change.
1. ``fairness``: max over doctors of load / fair share, in weighted hours per unit of fair share
   (model units: LOAD_SCALE per hour). Load = vakt hours × weight + bakvakt hours ×
   bakvakt_weight + the ledger balance. Doctors with share 0 are left out. A redundant
   total-load constraint gives the LP relaxation the perfect-fairness bound directly.
2. ``balance``: the largest nights / weekends / høytid count per unit of fair share (each in
   hundredths, ledger counts included), plus 10 × every soft spacing penalty, plus a spread
   term that penalises duty days bunched closer than half a doctor's ideal spacing.
3. ``wishes``: one point per unmet wish (a wanted shift not given, an avoided shift given).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.common import LOAD_SCALE, SHARE_SCALE, bakvakt_load, days, period_days, vakt_load
from solver.fairness import FairnessBound, share_units
from solver.problem import Rota
from solver.rules import RotaModel, build_duty_days

SOFT_WEIGHT = 10  # level-2 cost per penalty point of a soft spacing limit
SPREAD_WEIGHT = 5  # level-2 cost per extra duty day inside a doctor's spread window
COUNT_SCALE = 10  # level-2 counts are measured in tenths per unit of fair share


@dataclass
class Level:
    name: str  # "moves" | "fairness" | "balance" | "wishes"
    title: str  # Norwegian
    expr: cp_model.LinearExprT
    scale: float = 1.0  # divide a model value by this for display
    lower_bound: int | None = None  # analytic, when known
    terms: dict[str, cp_model.LinearExprT] = field(default_factory=dict)


def _max_ratio(ctx: RotaModel, name: str, counts: dict[int, cp_model.LinearExprT],
               units: dict[str, int], scale: int, ub_total: int) -> cp_model.IntVar | None:
    """M >= counts[d] × SHARE_SCALE / share_units[d] for every sharing doctor."""
    sharing = [d for d in counts if units[ctx.doctors[d].id] > 0]
    if not sharing:
        return None
    min_unit = min(units[ctx.doctors[d].id] for d in sharing)
    ub = ub_total * scale * SHARE_SCALE // max(1, min_unit) + 1
    lb = -ub
    mvar = ctx.model.new_int_var(lb, ub, name)
    for d in sharing:
        ctx.model.add(counts[d] * SHARE_SCALE * scale <= mvar * units[ctx.doctors[d].id])
    return mvar


def fairness_step(bound: FairnessBound, resolution: float) -> int:
    """Level-1 resolution in load units per unit of fair share: ``resolution`` × the analytic
    bound (at least 0.01 weighted hour). A coarse step lets CP-SAT *prove* the optimum as soon as
    it meets its own bound instead of creeping in hundredths of an hour."""
    if bound.value == float("inf") or bound.value <= 0:
        return 1
    return max(1, int(bound.value * LOAD_SCALE * resolution))


REDUNDANT = False  # the redundant total-load rows slowed the first solution badly (stor-legevakt)


def fairness_level(ctx: RotaModel, bound: FairnessBound, symmetry: bool,
                   resolution: float = 0.0025) -> Level:
    step = fairness_step(bound, resolution)
    units = share_units(ctx.problem)
    per = ctx.per_doctor()
    loads: dict[int, cp_model.LinearExprT] = {}
    max_load = 0
    for di, d in enumerate(ctx.doctors):
        items = per.get(di, [])
        terms = [
            (vakt_load(ctx.shifts[si]) if role == "vakt" else bakvakt_load(ctx.shifts[si])) * v
            for si, role, v in items
        ]
        ledger = round(d.ledger.load_balance * LOAD_SCALE)
        loads[di] = sum(terms) + ledger
        max_load = max(max_load, abs(ledger) + sum(
            vakt_load(ctx.shifts[si]) if role == "vakt" else bakvakt_load(ctx.shifts[si])
            for si, role, _ in items
        ))
    m = ctx.model
    sharing = [di for di, d in enumerate(ctx.doctors) if units[d.id] > 0]
    lb = None
    if sharing:
        min_unit = min(units[ctx.doctors[di].id] for di in sharing)
        ub = max_load * SHARE_SCALE // max(1, min_unit) // step + 2
        if bound.value != float("inf"):
            lb = min(ub, int(bound.value * LOAD_SCALE) // step - 1)
        t = m.new_int_var(lb if lb is not None else -ub, ub, "max_load_per_share")
        for di in sharing:
            m.add(loads[di] * SHARE_SCALE <= t * (units[ctx.doctors[di].id] * step))
        # Redundant: the doctors together carry all vakt and bakvakt load ...
        total_vakt = sum(vakt_load(s) * s.required for s in ctx.shifts)
        total_bak = sum(bakvakt_load(ctx.shifts[si]) * nv for si, nv in ctx.need_bakvakt.items())
        ledgers = sum(round(d.ledger.load_balance * LOAD_SCALE) for d in ctx.doctors)
        if REDUNDANT:
            m.add(sum(loads.values()) == total_vakt + total_bak + ledgers)
        # ... so the sharing doctors' total is at most T × their total share.
        if REDUNDANT:
            m.add(sum(loads[di] for di in sharing) * SHARE_SCALE
                  <= t * (step * sum(units[ctx.doctors[di].id] for di in sharing)))
        expr: cp_model.LinearExprT = t
    else:
        expr = 0
    if symmetry:
        add_symmetry_breaking(ctx, loads)
    return Level("fairness", "Største belastning per andel", expr, LOAD_SCALE / step, lb)


def _identity(ctx: RotaModel, di: int) -> tuple | None:
    d = ctx.doctors[di]
    if d.wishes or d.pre_assigned or any(f[0] == di for f in ctx.fixed):
        return None
    return (d.competent, d.share, d.has_practice, d.absences, d.exemptions, d.ledger)


def add_symmetry_breaking(ctx: RotaModel, loads: dict[int, cp_model.LinearExprT]) -> None:
    """Identical doctors are interchangeable: order them by load (a valid cut, since swapping
    two identical doctors' duties leaves every rule and every objective level unchanged)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for di in range(len(ctx.doctors)):
        key = _identity(ctx, di)
        if key is not None:
            groups[key].append(di)
    for members in groups.values():
        for a, b in zip(members, members[1:], strict=False):
            ctx.model.add(loads[a] >= loads[b])


def balance_level(ctx: RotaModel) -> Level:
    units = share_units(ctx.problem)
    per = ctx.per_doctor()
    parts: list[cp_model.LinearExprT] = []
    terms: dict[str, cp_model.LinearExprT] = {}
    for flag, ledger_attr in (("night", "nights"), ("weekend", "weekends"), ("high_day", "high_days")):
        if not any(getattr(s, flag) for s in ctx.shifts):
            continue
        counts: dict[int, cp_model.LinearExprT] = {}
        n_total = 0
        for di, d in enumerate(ctx.doctors):
            vs = [v for si, role, v in per.get(di, []) if role == "vakt" and getattr(ctx.shifts[si], flag)]
            counts[di] = sum(vs) + getattr(d.ledger, ledger_attr)
            n_total = max(n_total, len(vs) + abs(getattr(d.ledger, ledger_attr)))
        mv = _max_ratio(ctx, f"max_{ledger_attr}", counts, units, COUNT_SCALE, n_total)
        if mv is not None:
            parts.append(mv)
            terms[ledger_attr] = mv
    if ctx.soft:
        soft = sum(p.weight * p.var for p in ctx.soft) * SOFT_WEIGHT
        parts.append(soft)
        terms["soft"] = soft
    spread = add_spread(ctx, units)
    if spread is not None:
        parts.append(spread * SPREAD_WEIGHT)
        terms["spread"] = spread
    expr = sum(parts) if parts else 0
    return Level("balance", "Jevn fordeling av netter, helger, høytid og spredning", expr, 1.0,
                 None, terms)


def add_spread(ctx: RotaModel, units: dict[str, int]) -> cp_model.LinearExprT | None:
    """Each doctor's duty days spread evenly: at most one duty day in any window of half the
    doctor's ideal spacing (period days / expected duty days); each extra day costs 1. Skipped
    where the rules' own spacing window already covers it."""
    p = ctx.problem
    r = p.rules
    total_units = sum(units.values())
    if total_units <= 0:
        return None
    duty_total = sum(s.required for s in ctx.shifts)
    build_duty_days(ctx)
    all_days = list(days(p.period_start, p.period_end))
    m = ctx.model
    overs = []
    for di, d in enumerate(ctx.doctors):
        u = units[d.id]
        if u <= 0:
            continue
        expected = duty_total * u / total_units
        if expected <= 1:
            continue
        w = int(period_days(p) / expected / 2)
        if r.max_in_window is not None and w <= r.window_days:
            continue
        if w < 2:
            continue
        for i in range(len(all_days) - w + 1):
            vs = [ctx.duty_days[di, day] for day in all_days[i:i + w] if (di, day) in ctx.duty_days]
            if len(vs) <= 1:
                continue
            over = m.new_int_var(0, len(vs) - 1, f"spread|{d.id}|{all_days[i]}")
            m.add(sum(vs) - over <= 1)
            overs.append(over)
    return sum(overs) if overs else None


def wishes_level(ctx: RotaModel) -> Level | None:
    terms = []
    for di, d in enumerate(ctx.doctors):
        for sid, sign in d.wishes:
            si = ctx.shift_index.get(sid)
            if si is None:
                continue
            v = ctx.x.get((di, si))
            if v is None:
                continue  # cannot be honoured or broken: a constant
            terms.append(v if sign < 0 else 1 - v)
    if not terms:
        return None
    return Level("wishes", "Uoppfylte ønsker", sum(terms), 1.0)


def moves_level(ctx: RotaModel, published: Rota) -> Level:
    terms = []
    for a in published.assignments:
        di = ctx.doctor_index.get(a.doctor_id)
        si = ctx.shift_index.get(a.shift_id)
        v = ctx.var(di, si, a.role) if di is not None and si is not None else None
        terms.append(1 - v if v is not None else 1)
    return Level("moves", "Endrede tildelinger", sum(terms) if terms else 0, 1.0)
