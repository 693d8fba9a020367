"""The counting pre-checks of an explanation on small hand-made cases: what they say must
be true (never «no rota» where one exists) and name the real shortage."""

from __future__ import annotations

import random
import threading
from dataclasses import replace

import pytest

from solver.checker import check
from solver.explain import _count_bound, _rule_changes, explain, precheck, week_shortfalls
from solver.problem import Absence, Exemption, Limit, RuleException, Rules
from solver.solve import solve
from tests.solver.helpers import MONDAY, at, doctor, problem, shift


def _nights(days: int):
    return [shift(f"natt@{d}", d, 23, 32, night=True, label="natt") for d in range(days)]


def test_a_week_short_of_night_doctors_is_counted_for_nights():
    # four doctors, Ingrid exempt from nights, a night every day, hard «maks 2 per uke»:
    # 4 × 2 ≥ 7 duty days, but only three may take a night and 3 × 2 < 7, every week
    ex = Exemption(at(0, 0), at(14, 0), "no_nights", "over_55")
    docs = [doctor("kari", name="Kari"), doctor("ola", name="Ola"), doctor("per", name="Per"),
            doctor("ingrid", name="Ingrid", exemptions=(ex,))]
    p = problem(_nights(14), docs, days=14, rules=Rules(max_per_week=Limit(2)))
    line = ("uke 1–2: minst 7 vaktdøgn med natt trengs, men 3 leger (Kari, Ola og Per) kan ta "
            "høyst 6 (maks 2 per uke) — Ingrid har fritak fra natt")
    assert week_shortfalls(p) == [line]
    e = explain(p, time_limit=10)
    assert line in e.messages
    assert e.relaxations[0] == "tillat 3 vakter per uke"
    fixed = replace(p, rules=replace(p.rules, **dict(e.fixes[0].rules)))
    r = solve(fixed, time_limit=10, deterministic=True)
    assert r.status in ("optimal", "feasible") and check(fixed, r.rota) == []


def test_a_cancelled_explanation_keeps_what_the_counting_says_and_offers_no_unverified_fix():
    # the case above: the counting names the short weeks at once; the fixes need solves, which
    # a cancel stops (the app's «Avbryt» while an explanation is built)
    ex = Exemption(at(0, 0), at(14, 0), "no_nights", "over_55")
    docs = [doctor("kari", name="Kari"), doctor("ola", name="Ola"), doctor("per", name="Per"),
            doctor("ingrid", name="Ingrid", exemptions=(ex,))]
    p = problem(_nights(14), docs, days=14, rules=Rules(max_per_week=Limit(2)))
    cancelled = threading.Event()
    cancelled.set()
    e = explain(p, time_limit=10, cancel_token=cancelled)
    assert any(m.startswith("uke 1–2: minst 7 vaktdøgn med natt trengs") for m in e.messages)
    assert e.fixes == []
    # the solve counts first: no rota is searched for, and the explanation says why
    r = solve(p, time_limit=10, cancel_token=cancelled)
    assert r.status == "infeasible" and r.rota.assignments == []
    assert r.explanation.messages == e.messages and r.explanation.fixes == []


def test_one_week_short_is_named_with_its_dates_and_who_is_away():
    # Kari on ferie in week 2: the three left cannot give 7 evenings with maks 2 per uke
    evenings = [shift(f"kveld@{d}", d, 16, 23, label="kveld") for d in range(14)]
    docs = [doctor("kari", name="Kari", absences=(Absence(at(7, 0), at(14, 0), "ferie"),)),
            doctor("ola", name="Ola"), doctor("per", name="Per"), doctor("liv", name="Liv")]
    p = problem(evenings, docs, days=14, rules=Rules(max_per_week=Limit(2)))
    assert week_shortfalls(p) == [
        "uke 2 (11.01–17.01): minst 7 vaktdøgn trengs, men 3 leger (Ola, Per og Liv) kan ta "
        "høyst 6 (maks 2 per uke) — Kari har ferie"]


def test_an_exception_that_allows_more_a_week_is_counted_by_its_own_limit():
    # two doctors, an evening a day, hard «maks 3 per uke»; the leader's exception allows
    # 4 a week in week 1: 2 × 4 ≥ 7 there, so the counting must not claim that no rota
    # exists (it used the period's 3 in every week)
    evenings = [shift(f"kveld@{d}", d, 16, 23, label="kveld") for d in range(7)]
    docs = [doctor("ola", name="Ola"), doctor("kari", name="Kari")]
    week1 = RuleException(MONDAY, at(6, 0).date(), max_per_week=Limit(4))
    p = problem(evenings, docs, days=7, rules=Rules(max_per_week=Limit(3), exceptions=(week1,)))
    assert week_shortfalls(p) == []
    assert precheck(p) == []
    r = solve(p, time_limit=10, deterministic=True)
    assert r.status in ("optimal", "feasible") and check(p, r.rota) == []
    # without the exception the same week is short, and said so
    bare = replace(p, rules=Rules(max_per_week=Limit(3)))
    assert week_shortfalls(bare) == [
        "uke 1 (04.01–10.01): minst 7 vaktdøgn trengs, men 2 leger (Ola og Kari) kan ta høyst 6 "
        "(maks 3 per uke)"]


def test_the_conflict_names_only_the_absences_on_the_days_it_is_about():
    # Kari, Ola and Ingrid are on kurs Saturday 09.01, leaving LIS1 Per with no bakvakt;
    # Kari's ferie earlier in the week has nothing to do with it and is not named
    evenings = [shift(f"kveld@{d}", d, 16, 23, label="kveld", requires_competent=False)
                for d in range(7)]
    kurs = Absence(at(5, 0), at(6, 0), "kurs")
    docs = [doctor("kari", name="Kari", absences=(Absence(at(1, 0), at(3, 0), "ferie"), kurs)),
            doctor("ola", name="Ola", absences=(kurs,)),
            doctor("ingrid", name="Ingrid", absences=(kurs,)),
            doctor("per", competent=False, name="Per")]
    e = explain(problem(evenings, docs), time_limit=10)
    assert e.messages[0] == ("09.01 kveld: ingen vaktkompetent bakvakt er ledig for Per — Kari, "
                             "Ola og Ingrid har kurs")
    core = next(m for m in e.messages if m.startswith("Reglene som"))
    assert "Fravær og fritak (Kari, Ola og Ingrid: kurs 09.01)" in core
    assert "ferie" not in core


def test_nights_nobody_may_take_before_practice_are_named_with_their_dates():
    # «forby vakten» instead of fri fra praksis: a night from 23:00 after practice, or ending
    # 08:00 before it, is barred for every doctor with practice: nobody may take Monday–Friday
    # nights (7 h after practice), nor Sunday's (none before Monday's)
    nights = [shift(f"natt@{d}", d, 23, 32, night=True, label="natt", on_site=False)
              for d in range(7)]
    docs = [doctor("kari", name="Kari", has_practice=True),
            doctor("ola", name="Ola", has_practice=True)]
    rules = Rules(min_rest_hours=11, practice_after_night="forbid")
    p = problem(nights, docs, rules=rules)
    line = ("4 vakter fra 04.01 til 07.01 (natt): ingen tilgjengelig vaktkompetent lege — Kari og "
            "Ola har for kort hvile etter og før dagpraksis")
    assert precheck(p) == [
        line,
        "08.01 natt: ingen tilgjengelig vaktkompetent lege — Kari og Ola har for kort hvile "
        "etter dagpraksis",
        "10.01 natt: ingen tilgjengelig vaktkompetent lege — Kari og Ola har for kort hvile "
        "før dagpraksis"]
    e = explain(p, time_limit=10)
    assert e.messages[0] == line
    assert [f.rules for f in e.fixes] == [(("practice_after_night", "day_off"),)]
    fixed = replace(p, rules=replace(rules, practice_after_night="day_off"))
    assert precheck(fixed) == []
    r = solve(fixed, time_limit=10, deterministic=True)
    assert r.status in ("optimal", "feasible") and check(fixed, r.rota) == []


def test_a_night_a_kveld_leads_into_from_practice_is_not_counted_as_barred():
    # a kveld from 16:00 runs on into the natt from 23:00 as one work period after practice,
    # which the rules allow: the counting must not call the natt impossible
    # (a Friday, so no practice the morning after)
    shifts = [shift("kveld@4", 4, 16, 23, label="kveld"),
              shift("natt@4", 4, 23, 32, night=True, label="natt", on_site=False)]
    rules = Rules(min_rest_hours=11, practice_after_night="forbid")
    p = problem(shifts, [doctor("kari", name="Kari", has_practice=True)], rules=rules)
    assert precheck(p) == []


def test_rest_around_practice_and_minimum_rest_name_the_week_they_bite_in():
    # døgnvakter 16–08 every day; Kari and Ola have practice, so with «forby vakten» they may
    # take only Friday's and Saturday's (the others end at 08:00 before practice). Kjetil and
    # Liv share the rest in week 1, but Liv has ferie in week 2, and Kjetil alone cannot take
    # døgnvakter on consecutive days (8 t between them, minst 11 t): the conflict is week 2's
    dogn = [shift(f"dogn@{d}", d, 16, 32, night=True, label="døgn", on_site=False)
            for d in range(14)]
    docs = [doctor("kari", name="Kari", has_practice=True),
            doctor("ola", name="Ola", has_practice=True),
            doctor("kjetil", name="Kjetil"),
            doctor("liv", name="Liv", absences=(Absence(at(7, 0), at(14, 0), "ferie"),))]
    rules = Rules(min_rest_hours=11, practice_after_night="forbid")
    p = problem(dogn, docs, days=14, rules=rules)
    # every døgnvakt has someone who may take it, but Sunday's and Monday's in week 2 only
    # Kjetil, with 8 t between them
    assert precheck(p) == [
        "10.01 døgn og 11.01 døgn (og 3 andre ganger): bare Kjetil kan ta dem, men det gir bare "
        "8 t hvile mellom dem (minst 11 t) — Kari og Ola har for kort hvile før dagpraksis; Liv "
        "har ferie"]
    e = explain(p, time_limit=10)
    core = next(m for m in e.messages if m.startswith("Reglene som"))
    assert "Hvile rundt dagpraksis blant annet i uke 2 (11.01–17.01) (Kari og Ola)" in core
    assert "Minste hviletid blant annet i uke 2 (11.01–17.01) (Kjetil)" in core
    assert "Fravær og fritak (Liv: ferie 11.01–17.01)" in core
    # the app links each doctor once, by id
    assert sorted(c.detail for c in e.conflicts) == ["kari", "kjetil", "liv", "ola"]
    assert e.relaxations[:2] == [
        "tillat fri fra praksis når en vakt gir for kort hvile før eller etter praksis (i "
        "stedet for å forby vakten)", "senk minste hviletid fra 11 t til 8 t"]


def test_the_weeks_a_block_breaks_a_hard_weekly_limit_in_are_counted_for_the_exception_search():
    # natt as an ukevakt (one doctor Monday–Sunday) with a hard «maks 3 per uke»: every week's
    # block breaks it, which the counting knows without solving; the search for an exception
    # for a few weeks must see that it is all of them (it solved six rounds of exceptions, 16 s
    # of interkommunal's 20, and had no time left to offer the block split)
    from solver.explain import _counted_weeks

    nights = [shift(f"natt@{d}", d, 23, 32, night=True, label="natt", block=f"sentral:uke-{d // 7}")
              for d in range(21)]
    docs = [doctor("kari", name="Kari"), doctor("ola", name="Ola"), doctor("liv", name="Liv")]
    p = problem(nights, docs, days=21, rules=Rules(max_per_week=Limit(3)))
    assert _counted_weeks(p, "max_per_week") == {(2027, 1), (2027, 2), (2027, 3)}
    assert _counted_weeks(p, "max_consecutive_days") == set()
    e = explain(p, time_limit=10)
    assert "la vakttypen «natt» deles mellom leger (uten blokk)" in e.relaxations
    assert not any(f.kind == "exception" for f in e.fixes)


def test_the_scarce_days_of_a_week_are_counted_for_the_vaktkompetente_doctors_free_then():
    # Christmas in small: Liv and Per (vaktkompetente) on ferie from Wednesday, so only Kari
    # and Ola may take the six nights from Tuesday's, which need a vaktkompetent doctor; with a
    # hard «maks 2 per uke» they give four. The week as a whole has room (Liv and Per take
    # Monday's; LIS1 Lars the evenings and the second night at the weekend, which needs no
    # vaktkompetent doctor on vakt), so the counting said nothing and the explanation named
    # no night, no date
    ferie = (Absence(at(2, 0), at(7, 0), "ferie"),)
    nights = [shift(f"natt@{d}", d, 23, 32, night=True, label="natt") for d in range(7)]
    nights += [shift(f"natt2@{d}", d, 23, 32, night=True, label="natt2", requires_competent=False)
               for d in (4, 5)]
    evenings = [shift(f"kveld@{d}", d, 16, 23, label="kveld", requires_competent=False)
                for d in range(7)]
    docs = [doctor("kari", name="Kari"), doctor("ola", name="Ola"),
            doctor("liv", name="Liv", absences=ferie), doctor("per", name="Per", absences=ferie),
            doctor("lars", competent=False, name="Lars")]
    p = problem(nights + evenings, docs, rules=Rules(max_per_week=Limit(2)))
    line = ("05.01–10.01 (uke 1): minst 6 vaktdøgn som krever vaktkompetent lege trengs, men 2 "
            "leger (Kari og Ola) kan ta høyst 4 (maks 2 per uke) — Liv og Per har ferie")
    assert week_shortfalls(p) == [line]
    e = explain(p, time_limit=10)
    assert e.messages[0] == line
    assert e.relaxations[0] == "tillat 3 vakter per uke"
    fixed = replace(p, rules=replace(p.rules, **dict(e.fixes[0].rules)))
    r = solve(fixed, time_limit=10, deterministic=True)
    assert r.status in ("optimal", "feasible") and check(fixed, r.rota) == []
    # the counting's bound is the first value tried (on a 40-doctor year one solve is all the
    # time there is for, and the loosest, «myk», was what it offered): with «maks 1 per uke»,
    # «tillat 2» cannot work and «tillat 3» is tried first
    one = replace(p, rules=Rules(max_per_week=Limit(1)))
    candidates = _rule_changes(one, "max_per_week")
    assert candidates[_count_bound(one, "max_per_week", candidates)][1] == "tillat 3 vakter per uke"


def test_nights_only_the_doctor_without_practice_may_take_are_counted_against_his_weekly_limit():
    # interkommunal in small, with minst 11 t hvile and «forby vakten»: Kari and Ola have
    # practice, so only Saturday's night is theirs; Kjetil (no practice) must take the other
    # six, with a hard «maks 3 per uke». The count gave everyone every night and said nothing
    nights = [shift(f"natt@{d}", d, 23, 32, night=True, label="natt", on_site=False)
              for d in range(14)]
    docs = [doctor("kari", name="Kari", has_practice=True),
            doctor("ola", name="Ola", has_practice=True), doctor("kjetil", name="Kjetil")]
    rules = Rules(min_rest_hours=11, practice_after_night="forbid", max_per_week=Limit(3))
    p = problem(nights, docs, days=14, rules=rules)
    assert week_shortfalls(p) == [
        "mandag–fredag og søndag i uke 1–2: minst 6 vaktdøgn med natt trengs, men 1 lege (Kjetil) "
        "kan ta høyst 3 (maks 3 per uke) — Kari og Ola har for kort hvile etter og før dagpraksis"]
    e = explain(p, time_limit=10)
    assert e.relaxations[0] == ("tillat fri fra praksis når en vakt gir for kort hvile før eller "
                                "etter praksis (i stedet for å forby vakten)")


def test_vakter_only_one_doctor_may_take_and_too_close_for_her_are_named_with_dates():
    # minst 11 t hvile and «forby vakten»: Kari and Ola have practice, so a kveld (9 t before
    # practice) or a natt (ending 08:00) Monday–Thursday is not theirs; Kjetil must take them
    # all, and a natt ending 08:00 leaves him 8 t before the next day's kveld. There is no
    # weekly limit to count, so the explanation named only «Hvile rundt dagpraksis (Kari og
    # Ola)» and «Minste hviletid (Kjetil)», no vakt and no date
    shifts = [shift(f"kveld@{d}", d, 16, 23, label="kveld") for d in range(4)]
    shifts += [shift(f"natt@{d}", d, 23, 32, night=True, label="natt", on_site=False)
               for d in range(4)]
    docs = [doctor("kari", name="Kari", has_practice=True),
            doctor("ola", name="Ola", has_practice=True), doctor("kjetil", name="Kjetil")]
    rules = Rules(min_rest_hours=11, practice_after_night="forbid")
    p = problem(shifts, docs, rules=rules)
    line = ("04.01 natt og 05.01 kveld (og 2 andre ganger): bare Kjetil kan ta dem, men det gir "
            "bare 8 t hvile mellom dem (minst 11 t) — Kari og Ola har for kort hvile før dagpraksis")
    assert precheck(p) == [line]
    e = explain(p, time_limit=10)
    assert e.messages[0] == line
    assert e.relaxations[:2] == [
        "tillat fri fra praksis når en vakt gir for kort hvile før eller etter praksis (i "
        "stedet for å forby vakten)", "senk minste hviletid fra 11 t til 9 t"]
    # with 9 t the kveld is Kari's and Ola's again: nothing left to say, and a rota exists
    fixed = replace(p, rules=replace(rules, min_rest_hours=9))
    assert precheck(fixed) == []
    r = solve(fixed, time_limit=10, deterministic=True)
    assert r.status in ("optimal", "feasible") and check(fixed, r.rota) == []


@pytest.mark.parametrize("seed", range(40))
def test_the_pre_checks_never_say_no_rota_where_one_exists(seed):
    # small random districts (practice, rest, «forby vakten», ferie, partial fritak, LIS1,
    # hard weekly and 4-day limits): whatever the counting says, CP-SAT must find no rota
    rng = random.Random(seed)
    days = 14
    shifts = []
    for d in range(days):
        shifts.append(shift(f"kveld@{d}", d, 16, 23, label="kveld",
                            requires_competent=rng.random() < 0.5))
        shifts.append(shift(f"natt@{d}", d, 23, 32, night=True, label="natt",
                            requires_competent=rng.random() < 0.7))
        if d % 7 >= 5:
            shifts.append(shift(f"dag@{d}", d, 8, 16, label="dag", required=rng.choice((1, 2))))
    docs = []
    for i in range(rng.randint(3, 6)):
        absences = tuple(Absence(at(a, 0), at(a + rng.randint(1, 6), 0), "ferie")
                         for a in rng.sample(range(days), rng.randint(0, 2)))
        exemptions = (Exemption(at(0, 0), at(days, 0), rng.choice(("no_nights", "no_weekends")),
                                "over_55"),) if rng.random() < 0.2 else ()
        docs.append(doctor(f"d{i}", competent=rng.random() < 0.8, name=f"Lege {i}",
                           has_practice=rng.random() < 0.7, absences=absences,
                           exemptions=exemptions))
    rules = Rules(min_rest_hours=rng.choice((8, 11)),
                  practice_after_night=rng.choice(("day_off", "forbid")),
                  max_per_week=Limit(rng.randint(2, 4)) if rng.random() < 0.6 else None,
                  max_in_window=Limit(1) if rng.random() < 0.3 else None,
                  window_days=rng.choice((2, 3)))
    p = problem(shifts, docs, days=days, rules=rules)
    said = precheck(p)
    if said:
        r = solve(p, time_limit=10, deterministic=True, explain=False)
        assert r.status == "infeasible", (said, r.status)


def test_the_pre_checks_follow_each_edit_of_one_doctor_and_of_the_shifts():
    """What keeps each doctor from each vakt is kept per doctor between pre-checks (marking one
    doctor's ferie in the app counts her alone again): a ferie marked, moved and taken off
    again, and a shorter list of vakter, each says what a first count of that problem says."""
    docs = [doctor("kari", name="Kari"), doctor("ola", name="Ola"),
            doctor("per", name="Per", absences=(Absence(at(2, 0), at(5, 0), "ferie"),))]
    p = problem(_nights(7), docs, days=7, rules=Rules(max_per_week=Limit(3)))
    assert precheck(p) == []  # 3 + 3 + 3 ≥ 7 (Per away three of the nights may take three)
    away = (Absence(at(0, 0), at(7, 0), "kurs"),)
    steps = [replace(p, doctors=(replace(docs[0], absences=away), *docs[1:])),  # Kari on kurs
             replace(p, doctors=(docs[0], replace(docs[1], absences=away), docs[2])),  # Ola instead
             p,  # neither
             replace(p, shifts=p.shifts[:2], doctors=(replace(docs[0], absences=away), *docs[1:]))]
    said = [precheck(q) for q in steps]
    assert said[0] == ["05.01–08.01 (uke 1): minst 4 vaktdøgn med natt trengs, men 1 lege (Ola) "
                       "kan ta høyst 3 (maks 3 per uke) — Kari har kurs; Per har ferie"]
    assert said[1] == ["05.01–08.01 (uke 1): minst 4 vaktdøgn med natt trengs, men 1 lege (Kari) "
                       "kan ta høyst 3 (maks 3 per uke) — Ola har kurs; Per har ferie"]
    assert said[2] == []
    assert said[3] == []  # two nights: Ola and Per may take them
    import solver.explain as ex

    for q, before in zip(steps, said, strict=True):
        ex._memos.clear()
        ex._doctor_memos = ((), {})
        assert precheck(q) == before  # as a count from nothing says
