"""The fixes of a hard spacing limit the counting finds short, where the explanation's solve
finds neither a rota nor the conflict in its time (a 40-doctor year; in small, eleven doctors
for twelve places): an exception for the short weeks, verified by the engine, or a plain word
that it could not be verified in time."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from legevakt_app.engine_input import build_problem
from legevakt_app.project_io import load_project
from solver.checker import check
from solver.explain import _short_spans, explain, precheck
from solver.problem import Absence, Limit, RuleException, Rules
from solver.solve import solve
from tests.conftest import SAMPLES
from tests.solver.helpers import MONDAY, at, doctor, problem, shift

COUNTED = ("11.01–16.01 (og 1 annen periode på 6 døgn): 12 vaktdøgn trengs, men 11 leger "
           "(Lege 7, Lege 8, Lege 9, Lege 10, Lege 11, Lege 12, Lege 13, Lege 14, Lege 15, "
           "Lege 16 og Lege 17) kan ta høyst 11 med maks 1 vakt per 6 døgn — Lege 0, Lege 1, "
           "Lege 2, Lege 3, Lege 4, Lege 5 og Lege 6 har ferie")
FIX = "unntak for uke 2 (11.01–17.01): tillat 5-delt vakt (maks 1 vakt per 5 døgn)"


def _ferie_crunch():
    """Eighteen doctors, two on kveld every evening for three weeks, a hard «maks 1 vakt per 6
    døgn», seven on ferie in week 2: the eleven left can give 11 of the 12 duty days six days
    there need. The counting sees it at once; the explanation's solve, with a switch per rule
    group, neither finds the conflict nor a rota in 10 s (eleven pigeons, twelve holes)."""
    ferie = (Absence(at(7, 0), at(14, 0), "ferie"),)
    docs = [doctor(f"d{i:02}", name=f"Lege {i}", absences=ferie if i < 7 else ())
            for i in range(18)]
    evenings = [shift(f"kveld@{d}", d, 16, 23, label="kveld", required=2) for d in range(21)]
    return problem(evenings, docs, days=21, rules=Rules(window_days=6, max_in_window=Limit(1)))


def test_a_week_short_by_counting_gets_an_exception_for_that_week_verified():
    p = _ferie_crunch()
    e = explain(p, time_limit=4)
    assert e.messages == [COUNTED] == precheck(p)  # the counting as it was, then the fix
    assert e.relaxations == [FIX]
    (fix,) = e.fixes
    assert fix.kind == "exception" and fix.rules == ()
    assert fix.exceptions == (RuleException(at(7, 0).date(), at(13, 0).date(), window_days=5),)
    fixed = replace(p, rules=replace(p.rules, exceptions=fix.exceptions))
    assert precheck(fixed) == []
    r = solve(fixed, time_limit=10, deterministic=True, explain=False)
    assert r.found and check(fixed, r.rota) == []


def test_a_fix_not_verified_in_time_is_said_so_and_not_offered():
    # the whole half second goes to looking for the conflict: the fix the counting shows
    # enough is named, not offered as one that works
    e = explain(_ferie_crunch(), time_limit=0.5)
    assert e.fixes == []
    assert e.messages == [COUNTED, f"Motoren rakk ikke å bekrefte innen tidsgrensen at «{FIX}» "
                                   "gir en turnus (tellingen finner ingen mangel med det)."]


def test_the_solve_offers_the_fix_after_the_counting():
    # as the command line and the app call it: the counting first, then the explanation
    r = solve(_ferie_crunch(), time_limit=5)
    assert r.status == "infeasible" and r.rota.assignments == []
    assert r.explanation.messages == [COUNTED] and r.explanation.relaxations == [FIX]


def test_a_run_of_weeks_is_short_where_every_window_has_room():
    # kveld Monday–Saturday, hard «maks 1 vakt per 3 døgn»: Kari and Ola may take two of the
    # six each, Per only Tuesday or Thursday (two days apart: one of them). Every window of
    # three days has its three doctors, but the week has five duty days for six evenings
    evenings = [shift(f"kveld@{d}", d, 16, 23, label="kveld") for d in range(6)]
    away = tuple(Absence(at(d, 0), at(d + 1, 0), "kurs") for d in (0, 2, 4, 5))
    docs = [doctor("kari", name="Kari"), doctor("ola", name="Ola"),
            doctor("per", name="Per", absences=away)]
    p = problem(evenings, docs, rules=Rules(window_days=3, max_in_window=Limit(1)))
    assert precheck(p) == []  # each window alone has room
    assert _short_spans(p) == [[(2027, 1)]]
    assert solve(p, time_limit=10, explain=False).status == "infeasible"
    # a doctor more for Wednesday, and the week has room: a rota exists
    docs.append(doctor("liv", name="Liv", absences=tuple(
        Absence(at(d, 0), at(d + 1, 0), "kurs") for d in (0, 1, 3, 4, 5))))
    roomy = replace(p, doctors=tuple(docs))
    assert _short_spans(roomy) == []
    assert solve(roomy, time_limit=10, explain=False).found


def test_the_count_of_runs_of_weeks_never_says_short_where_a_rota_exists():
    # small random districts, a kveld every evening for two weeks, doctors away on scattered
    # kurs days, hard «maks 1 vakt per N døgn» (and sometimes «per uke»): where the runs of
    # weeks are counted short, CP-SAT must find no rota. Some are short where no window or
    # week is, which is what this count is for
    beyond = 0
    for seed in range(200):
        rng = random.Random(seed)
        days = 14
        evenings = [shift(f"kveld@{d}", d, 16, 23, label="kveld") for d in range(days)]
        docs = [doctor(f"d{i}", name=f"Lege {i}", absences=tuple(
            Absence(at(a, 0), at(a + 1, 0), "kurs")
            for a in sorted(rng.sample(range(days), rng.randint(0, 9)))))
            for i in range(rng.randint(3, 6))]
        rules = Rules(window_days=rng.choice((2, 3, 4)), max_in_window=Limit(1),
                      max_per_week=Limit(rng.randint(2, 4)) if rng.random() < 0.3 else None)
        p = problem(evenings, docs, days=days, rules=rules)
        if _short_spans(p):
            beyond += not precheck(p)
            r = solve(p, time_limit=10, deterministic=True, explain=False)
            assert r.status == "infeasible", (seed, r.status)
    assert beyond >= 5


def test_an_exception_of_the_leaders_on_the_short_days_is_loosened_instead():
    # the leader's own exception for week 2 (6-delt there too): the fix loosens it, as the
    # conflict's fix does, instead of laying a second one over it
    p = _ferie_crunch()
    own = RuleException(MONDAY.replace(day=11), MONDAY.replace(day=17), window_days=6)
    p = replace(p, rules=replace(p.rules, exceptions=(own,)))
    e = explain(p, time_limit=4)
    assert e.relaxations == ["endre unntaket 11.01–17.01: tillat 5-delt vakt (maks 1 vakt per 5 "
                             "døgn)"]
    assert e.fixes[0].exceptions == (replace(own, window_days=5),)


@pytest.mark.slow
def test_stor_legevakt_with_a_hard_nine_day_limit_gets_its_summer_exception_verified(
        tmp_path, monkeypatch):
    """The year the counted fixes were made for: the counting finds the summer short, the
    conflict is not found in the explanation's time, and the fix for uke 26–30 is screened
    and verified in the work of the explanation's 20 s (as the solve's explanation: 2
    workers, 20 s). On a busy machine too: two cores with four busy loops and others' tests
    beside them, where by the clock it named the fix, or a looser one, as not verified in 5
    runs of 8 (2026-11-28). The clock's safety net (3 × 20 s) is set far off here: a busier
    machine took over 60 s (it is then said: tests/solver/test_explain_time.py)."""
    monkeypatch.setattr("solver.explain.WALL_FACTOR", 1000.0)
    data = json.loads(SAMPLES["stor-legevakt"].read_text(encoding="utf-8"))
    data["rules"]["spacing_window_days"] = 9
    data["rules"]["max_in_window"] = {"value": 1, "hard": True}
    path = tmp_path / "stor.legevakt.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    p = build_problem(load_project(path))
    e = explain(p, time_limit=20, workers=2)
    assert e.messages == precheck(p)
    assert e.relaxations == ["unntak for uke 26–30 (28.06–01.08): tillat 5-delt vakt (maks 1 "
                             "vakt per 5 døgn)"]
