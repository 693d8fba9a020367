"""Tiny hand-made legevakt cases for the engine tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from solver.checker import check
from solver.problem import Assignment, Doctor, Problem, Rota, Rules, Shift
from solver.rules import build_model

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = date(2027, 1, 4)


def at(day: int, hour: float) -> datetime:
    """``day`` days after Monday 4 Jan 2027, ``hour`` o'clock (may exceed 24)."""
    base = datetime.combine(MONDAY + timedelta(days=day), time(0), tzinfo=OSLO)
    return base + timedelta(hours=hour)


def shift(sid: str, day: int, h0: float, h1: float, **kw) -> Shift:
    kw.setdefault("station", "sentral")
    kw.setdefault("template", sid.split("@")[0])
    kw.setdefault("kind", "evening")
    kw.setdefault("on_site", True)
    return Shift(id=sid, start=at(day, h0), end=at(day, h1), **kw)


def doctor(did: str, competent: bool = True, **kw) -> Doctor:
    kw.setdefault("has_practice", False)
    return Doctor(id=did, name=kw.pop("name", did.capitalize()), competent=competent, **kw)


def problem(shifts, doctors, days: int = 7, rules: Rules | None = None, holidays=()) -> Problem:
    return Problem(MONDAY, MONDAY + timedelta(days=days - 1), tuple(shifts), tuple(doctors),
                   rules or Rules(), tuple(holidays))


def rota(*triples) -> Rota:
    """rota(("s1", "ola"), ("s1", "kari", "bakvakt"))"""
    return Rota([Assignment(t[0], t[1], t[2] if len(t) > 2 else "vakt") for t in triples])


def admits(p: Problem, r: Rota, skip=()) -> bool:
    """Does the rule model (minus ``skip``) accept exactly this rota?"""
    ctx = build_model(p, skip=skip)
    chosen = {(a.doctor_id, a.shift_id, a.role) for a in r.assignments}
    for key in chosen:
        if ctx.var(ctx.doctor_index[key[0]], ctx.shift_index[key[1]], key[2]) is None:
            return False
    for store, role in ((ctx.x, "vakt"), (ctx.b, "bakvakt")):
        for (di, si), v in store.items():
            want = (ctx.doctors[di].id, ctx.shifts[si].id, role) in chosen
            ctx.model.add(v == int(want))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    return solver.solve(ctx.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def assert_valid(p: Problem, r: Rota) -> None:
    violations = check(p, r)
    assert violations == [], violations


def model_value_of(ctx, pairs, expr) -> int:
    """The model's own value of ``expr`` (a level) for the rota ``pairs``: every variable fixed
    to what the rota makes it (RotaModel.complete), then solved."""
    for var_index, value in ctx.complete(*pairs).items():
        ctx.model.add(ctx.model.get_int_var_from_proto_index(var_index) == value)
    ctx.model.minimize(expr)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(ctx.model) == cp_model.OPTIMAL
    return round(solver.objective_value)
