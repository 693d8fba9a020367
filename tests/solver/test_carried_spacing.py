"""The spacing limits run on across the change of period: a doctor's duty days of the period
before (``Doctor.earlier_duty_days``) count in the windows that reach back to them, in the rule
model, the load balancer, the independent checker and the explanation."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta

from ortools.sat.python import cp_model

from solver.balance import Balancer
from solver.checker import check, soft_breaches
from solver.explain import explain, precheck
from solver.generate import make_problem
from solver.objective import balance_level
from solver.problem import Absence, Assignment, Limit, Problem, Rota, RuleException, Rules
from solver.rota_file import from_dict, to_dict
from solver.rules import build_model
from tests.solver.helpers import (
    MONDAY,
    admits,
    at,
    doctor,
    model_value_of,
    problem,
    rota,
    shift,
)

SUNDAY = MONDAY - timedelta(days=1)  # 3 January 2027, the old period's last day
SATURDAY = MONDAY - timedelta(days=2)


def _evenings(n: int = 7, first: int = 0) -> list:
    return [shift(f"kveld@{d}", d, 16, 23) for d in range(first, first + n)]


def _days_of(result_rota: Rota, doc: str) -> list[int]:
    return sorted(int(a.shift_id.split("@")[1]) for a in result_rota.assignments
                  if a.doctor_id == doc and a.role == "vakt")


def _firedelt(hard: bool = True, earlier: tuple[date, ...] = (SUNDAY,), **kw) -> Problem:
    """Four doctors, an evening every day of the week from Monday 4 January, «maks 1 vakt per
    4 døgn»; Ola had vakt on the old period's last day(s)."""
    docs = [doctor("ola", earlier_duty_days=earlier), doctor("kari"), doctor("per"),
            doctor("dina")]
    return problem(_evenings(), docs, rules=Rules(window_days=4, max_in_window=Limit(1, hard=hard)),
                   **kw)


def test_firedelt_hard_counts_the_vakt_of_the_old_periods_last_day(solved):
    p = _firedelt()
    # Ola on Monday and Friday: 4 days apart within the period, 1 day after his Sunday vakt
    monday = rota(*[(f"kveld@{d}", ["ola", "kari", "per", "dina"][d % 4]) for d in range(7)])
    assert admits(p, monday, skip=["add_spacing"])
    assert admits(replace(p, doctors=(doctor("ola"), *p.doctors[1:])), monday)  # without it: fine
    assert not admits(p, monday)
    # from Thursday (four days after Sunday) he may
    thursday = rota(*[(f"kveld@{d}", ["kari", "per", "dina", "ola"][d % 4]) for d in range(7)])
    assert admits(p, thursday)
    r = solved(p)  # the fixture also runs the independent checker
    assert r.status == "optimal"
    assert _days_of(r.rota, "ola")[0] >= 3
    # the counting pre-checks leave the carried days out: they never claim «no rota» here
    assert precheck(p) == []


def test_firedelt_soft_penalises_only_what_the_new_period_adds(solved):
    # Ola had Saturday and Sunday (already over «1 per 4 døgn»: not the new rota's fault);
    # the others are away on Monday, so Monday is his: one vakt over in each window holding it
    away = Absence(at(0, 0), at(1, 0), "ferie")
    docs = [doctor("ola", earlier_duty_days=(SATURDAY, SUNDAY)), doctor("kari", absences=(away,)),
            doctor("per", absences=(away,)), doctor("dina", absences=(away,))]
    p = problem(_evenings(), docs, rules=Rules(window_days=4, max_in_window=Limit(1, hard=False)))
    r = solved(p)
    assert r.status == "optimal" and r.rota.doctors_on("kveld@0") == ["ola"]
    # the penalties of the windows that begin before the period («rule|doctor|first day:over»):
    # 01.01–04.01, 02.01–05.01 and 03.01–06.01 each hold Monday, one over (not three)
    carried = [v for v in r.soft_violations if v.split("|")[2] < MONDAY.isoformat()]
    assert sorted(carried) == ["max_in_window|ola|2027-01-01:1", "max_in_window|ola|2027-01-02:1",
                               "max_in_window|ola|2027-01-03:1"]
    # counted by the checker's separate code: Monday is the one vakt too close
    assert soft_breaches(p, r.rota) == [("maks 1 vakt per 4 dager", 1)]
    # with everyone there, the soft limit keeps Ola off Monday–Wednesday at no cost
    free = solved(_firedelt(hard=False, earlier=(SATURDAY, SUNDAY)))
    assert free.soft_violations == [] and _days_of(free.rota, "ola")[0] >= 3


def _thursday_period(rules: Rules, earlier: tuple[date, ...]) -> Problem:
    """From Thursday 7 to Wednesday 13 January: ISO week 1 is split, its Monday–Wednesday in
    the period before. Three doctors, one evening a day."""
    shifts = _evenings(7, first=3)
    docs = [doctor("ola", earlier_duty_days=earlier), doctor("kari"), doctor("per")]
    return Problem(MONDAY + timedelta(days=3), MONDAY + timedelta(days=9), tuple(shifts),
                   tuple(docs), rules)


def test_max_per_week_counts_the_days_of_the_iso_week_in_the_period_before(solved):
    # «maks 2 per uke»; Ola had Monday and Tuesday of week 1: no more that week
    p = _thursday_period(Rules(max_per_week=Limit(2)), (MONDAY, MONDAY + timedelta(days=1)))
    thursday = rota(*[(f"kveld@{d}", ["ola", "kari", "per", "kari", "per", "ola", "kari"][d - 3])
                      for d in range(3, 10)])
    assert admits(p, thursday, skip=["add_spacing"]) and not admits(p, thursday)
    violations = check(p, thursday)
    assert [(v.rule, v.doctor_id, v.shift_id) for v in violations] == [
        ("max_per_week", "ola", "kveld@3")]
    assert "uke 1" in violations[0].message and "04.01 og 05.01 i forrige periode" in \
        violations[0].message
    r = solved(p)
    ola = _days_of(r.rota, "ola")
    assert ola and all(d >= 7 for d in ola)  # only from Monday 11 January (week 2)
    assert precheck(p) == []
    # one day of the period before leaves room for one more in week 1
    one = _thursday_period(Rules(max_per_week=Limit(2)), (MONDAY,))
    assert check(one, thursday) == [] and admits(one, thursday)


def test_a_period_starting_on_monday_carries_no_week():
    # the week before is a week of its own: a full one of Ola's does not touch the new one
    p = problem(_evenings(), [doctor("ola", earlier_duty_days=(SATURDAY, SUNDAY)), doctor("kari")],
                rules=Rules(max_per_week=Limit(4)))
    ola_first = rota(*[(f"kveld@{d}", "ola" if d in (0, 2, 4, 6) else "kari") for d in range(7)])
    assert check(p, ola_first) == [] and admits(p, ola_first)


def test_max_consecutive_days_runs_on_from_the_old_periods_weekend(solved):
    # «maks 2 på rad»: Ola had Saturday and Sunday, so not Monday; Tuesday is fine
    p = problem(_evenings(), [doctor("ola", earlier_duty_days=(SATURDAY, SUNDAY)), doctor("kari")],
                rules=Rules(max_consecutive_days=Limit(2)))
    monday = rota(*[(f"kveld@{d}", "ola" if d in (0, 3, 6) else "kari") for d in range(7)])
    tuesday = rota(*[(f"kveld@{d}", "ola" if d in (1, 4, 5) else "kari") for d in range(7)])
    assert admits(p, monday, skip=["add_spacing"]) and not admits(p, monday)
    assert admits(p, tuesday)
    violations = check(p, monday)
    assert [(v.rule, v.doctor_id, v.shift_id) for v in violations] == [
        ("max_consecutive_days", "ola", "kveld@0")]
    assert violations[0].message == ("Ola: 3 vakter i 3 dager fra 02.01, medregnet vakter 02.01 "
                                     "og 03.01 i forrige periode (maks 2 på rad)")
    assert check(p, tuesday) == []
    r = solved(p)
    assert r.status == "optimal" and 0 not in _days_of(r.rota, "ola")


def test_checker_names_the_doctor_the_vakt_the_rule_and_the_period_before():
    p = _firedelt()
    # Ola on Tuesday: 2 days after Sunday
    bad = rota(("kveld@0", "kari"), ("kveld@1", "ola"), ("kveld@2", "per"), ("kveld@3", "dina"),
               ("kveld@4", "kari"), ("kveld@5", "ola"), ("kveld@6", "per"))
    violations = check(p, bad)
    assert len(violations) == 1
    v = violations[0]
    assert (v.rule, v.rule_name, v.doctor_id, v.shift_id) == (
        "max_in_window", "Maks vakter i vinduet", "ola", "kveld@1")
    assert v.message == ("Ola: 2 vakter i 4 dager fra 03.01, medregnet vakt 03.01 i forrige "
                         "periode (maks 1 i 4 dager)")
    good = rota(("kveld@0", "kari"), ("kveld@1", "per"), ("kveld@2", "dina"), ("kveld@3", "ola"),
                ("kveld@4", "kari"), ("kveld@5", "per"), ("kveld@6", "dina"))
    assert check(p, good) == []
    # a day long before counts in no window; a day in the period itself is not «before»
    far = replace(p, doctors=(doctor("ola", earlier_duty_days=(MONDAY - timedelta(days=4),
                                                               MONDAY + timedelta(days=1))),
                              *p.doctors[1:]))
    assert check(far, bad) == [] and admits(far, bad)


def test_the_doctor_picker_warns_of_the_old_periods_vakt():
    from solver.checker import candidates

    p = _firedelt()
    r = rota(("kveld@1", "kari"))
    found = candidates(p, r, "kveld@0")
    assert [v.rule for v in found["ola"]] == ["max_in_window"]
    assert found["per"] == [] and found["dina"] == []


def test_a_rule_exception_judges_the_windows_reaching_back_into_it():
    # 3-delt (window of 3 days) on 4–5 January: Ola may take Wednesday... and with 2-delt,
    # Tuesday, which the period's firedelt forbids after his Sunday
    tuesday = rota(("kveld@0", "kari"), ("kveld@1", "ola"), ("kveld@2", "per"),
                   ("kveld@3", "dina"), ("kveld@4", "kari"), ("kveld@5", "ola"), ("kveld@6", "per"))
    p = _firedelt()
    assert not admits(p, tuesday) and check(p, tuesday)
    two = RuleException(MONDAY, MONDAY + timedelta(days=1), window_days=2)
    loose = replace(p, rules=replace(p.rules, exceptions=(two,)))
    assert admits(loose, tuesday) and check(loose, tuesday) == []
    # Monday stays forbidden under the exception's own 2-day window (03.01–04.01)
    monday = rota(*[(f"kveld@{d}", ["ola", "kari", "per", "dina"][d % 4]) for d in range(7)])
    assert not admits(loose, monday)
    assert [v.rule for v in check(loose, monday)] == ["max_in_window"]
    assert "unntak 04.01–05.01" in check(loose, monday)[0].message


def test_the_explanation_says_the_other_vakt_was_in_the_period_before(solved):
    # the others away Monday: only Ola could take it, and his Sunday vakt forbids it
    away = Absence(at(0, 0), at(1, 0), "ferie")
    docs = [doctor("ola", earlier_duty_days=(SUNDAY,)), doctor("kari", absences=(away,)),
            doctor("per", absences=(away,)), doctor("dina", absences=(away,))]
    p = problem(_evenings(), docs, rules=Rules(window_days=4, max_in_window=Limit(1)))
    assert solved(replace(p, doctors=(doctor("ola"), *docs[1:]))).status == "optimal"
    assert solved(p).status == "infeasible"
    e = explain(p, time_limit=10)
    text = e.text()
    said = ("Maks 1 vakt per 4 døgn i uke 1 (04.01–10.01), medregnet vakt 03.01 i forrige "
            "periode (Ola)")
    assert said in text, text
    assert any(c.rule == "max_in_window" and c.detail == "2027-W01" for c in e.conflicts)
    # even 2-delt keeps Monday from Sunday: the one fix that works (verified) is a soft limit
    assert e.relaxations == ["gjør «maks 1 vakt per 4 døgn» til en myk regel (straff i stedet "
                             "for forbud)"]


def test_a_pre_assigned_vakt_too_close_to_the_old_period_is_said_before_solving():
    docs = [doctor("ola", earlier_duty_days=(SUNDAY,), pre_assigned=(("kveld@1", "vakt"),)),
            doctor("kari"), doctor("per"), doctor("dina")]
    p = problem(_evenings(), docs, rules=Rules(window_days=4, max_in_window=Limit(1)))
    e = explain(p, time_limit=10)
    assert e.messages[0] == ("Forhåndstildelt eller låst vakt: Ola: 2 vakter i 4 dager fra "
                             "03.01, medregnet vakt 03.01 i forrige periode (maks 1 i 4 dager)")
    assert any(f.kind == "pre_assigned" for f in e.fixes)


def _with_earlier(p: Problem, days_before: dict[int, tuple[int, ...]]) -> Problem:
    """``p`` with doctors (by index) given duty days that many days before the period."""
    docs = list(p.doctors)
    for i, back in days_before.items():
        docs[i] = replace(docs[i], earlier_duty_days=tuple(
            p.period_start - timedelta(days=b) for b in back))
    return replace(p, doctors=tuple(docs))


def _as_rota(ctx, pairs) -> Rota:
    vakt, bak = pairs
    return Rota([Assignment(ctx.shifts[s].id, ctx.doctors[d].id, "vakt") for d, s in vakt]
                + [Assignment(ctx.shifts[s].id, ctx.doctors[d].id, "bakvakt") for d, s in bak])


def _first(ctx) -> tuple[set, set]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(ctx.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return ctx.pairs(solver.value)


def test_the_load_balancer_keeps_the_carried_hard_limits():
    rules = Rules(max_in_window=Limit(1), window_days=4, max_per_week=Limit(3),
                  max_consecutive_days=Limit(2, hard=False))
    p = _with_earlier(make_problem(7, 2, seed=5, noncompetent=0.0, absence_weeks=0, rules=rules),
                      {0: (1,), 1: (2,), 2: (3,)})
    ctx = build_model(p)
    balancer = Balancer(ctx, _first(ctx), seed=1)
    # the first day is closed to the doctor with vakt on the old period's last day
    assert not balancer._spacing_ok(0, 0, None)
    balancer.search(time.perf_counter() + 2)
    assert check(p, _as_rota(ctx, balancer.assignment())) == []
    balancer.search_balance(time.perf_counter() + 2, balancer.max_ratio() * 1.02)
    assert check(p, _as_rota(ctx, balancer.assignment())) == []


def test_the_load_balancers_soft_cost_counts_the_carried_windows_as_the_model_does():
    rules = Rules(max_in_window=Limit(1, hard=False), window_days=4,
                  max_per_week=Limit(2, hard=False), max_consecutive_days=Limit(1, hard=False))
    base = make_problem(6, 2, seed=3, noncompetent=0.0, absence_weeks=0, rules=rules)
    # a period from a Wednesday splits its first ISO week
    start = base.period_start + timedelta(days=(2 - base.period_start.weekday()) % 7)
    p = _with_earlier(replace(base, period_start=start,
                              shifts=tuple(s for s in base.shifts if s.start.date() >= start)),
                      {0: (1, 2), 1: (1,), 2: (2, 3)})
    ctx = build_model(p)
    pairs = _first(ctx)
    level = balance_level(ctx)
    balancer = Balancer(ctx, pairs)
    assert any(pen.day < p.period_start for pen in ctx.soft)  # carried windows are there
    assert balancer.balance_cost() == model_value_of(ctx, pairs, level.expr)


def test_the_result_file_keeps_the_earlier_duty_days():
    p = _firedelt()
    bad = rota(*[(f"kveld@{d}", ["ola", "kari", "per", "dina"][d % 4]) for d in range(7)])
    data = to_dict(p, bad)
    assert data["doctors"][0]["earlier_duty_days"] == ["2027-01-03"]
    assert "earlier_duty_days" not in data["doctors"][1]  # left out when none: files as before
    back = from_dict(data)
    assert back.problem.doctors[0].earlier_duty_days == (SUNDAY,)
    assert [v.rule for v in check(back.problem, back.rota)] == ["max_in_window"]
