"""One test per legevakt rule: the rule model rejects a hand-made bad rota that it accepts
without the rule, and the solver's rota respects it (checked independently)."""

from __future__ import annotations

from dataclasses import replace

from solver.checker import check
from solver.metrics import doctor_metrics
from solver.problem import Absence, Exemption, Limit, RuleException, Rules
from solver.rules import RULES
from tests.solver.helpers import admits, at, doctor, problem, rota, shift


def test_every_rule_has_a_norwegian_name():
    for rule in ("coverage", "unavailability", "competence", "overlap", "min_rest", "practice",
                 "max_in_window", "max_per_week", "max_consecutive_days", "pre_assigned", "block",
                 "share"):
        assert RULES[rule]


def test_coverage(solved):
    p = problem([shift("kveld@0", 0, 16, 23, required=2)], [doctor("ola"), doctor("kari"), doctor("per")])
    bad = rota(("kveld@0", "ola"))
    assert admits(p, bad, skip=["add_coverage"])
    assert not admits(p, bad)
    r = solved(p)
    assert len(r.rota.doctors_on("kveld@0")) == 2


def test_unavailability_absence(solved):
    away = Absence(at(0, 0), at(1, 0), "ferie")
    p = problem([shift("kveld@0", 0, 16, 23)], [doctor("ola", absences=(away,)), doctor("kari")])
    bad = rota(("kveld@0", "ola"))
    assert admits(p, bad, skip=["add_unavailability"])
    assert not admits(p, bad)
    assert solved(p).rota.doctors_on("kveld@0") == ["kari"]


def test_unavailability_partial_exemption_no_nights(solved):
    ex = Exemption(at(0, 0), at(7, 0), "no_nights", "over_55")
    shifts = [shift("natt@0", 0, 23, 32, night=True, kind="night"), shift("kveld@1", 1, 16, 23)]
    p = problem(shifts, [doctor("ola", exemptions=(ex,)), doctor("kari")])
    bad = rota(("natt@0", "ola"), ("kveld@1", "kari"))
    assert admits(p, bad, skip=["add_unavailability"])
    assert not admits(p, bad)
    r = solved(p)
    assert r.rota.doctors_on("natt@0") == ["kari"] and r.rota.doctors_on("kveld@1") == ["ola"]


def test_competence_single_shift_needs_competent_doctor(solved):
    p = problem([shift("kveld@0", 0, 16, 23)], [doctor("lis", competent=False), doctor("kari")])
    bad = rota(("kveld@0", "lis"))
    assert admits(p, bad, skip=["add_competence_filter", "add_competence_and_bakvakt"])
    assert not admits(p, bad)
    assert solved(p).rota.doctors_on("kveld@0") == ["kari"]


def test_competence_bakvakt_for_non_competent(solved):
    s = shift("sat@0", 5, 10, 15, requires_competent=False, station="sat1")
    lis = doctor("lis", competent=False, pre_assigned=(("sat@0", "vakt"),))
    p = problem([s], [lis, doctor("kari"), doctor("ola")])
    bad = rota(("sat@0", "lis"))  # no bakvakt
    assert admits(p, bad, skip=["add_competence_and_bakvakt"])
    assert not admits(p, bad)
    r = solved(p)
    assert r.rota.doctors_on("sat@0") == ["lis"]
    assert len(r.rota.doctors_on("sat@0", "bakvakt")) == 1
    assert r.metrics[1].bakvakter + r.metrics[2].bakvakter == 1
    assert max(m.weighted_load for m in r.metrics[1:]) == 5 * 0.3


def test_no_overlap(solved):
    shifts = [shift("a@0", 0, 16, 23), shift("b@0", 0, 20, 26)]
    p = problem(shifts, [doctor("ola"), doctor("kari")])
    bad = rota(("a@0", "ola"), ("b@0", "ola"))
    assert admits(p, bad, skip=["add_no_overlap"])
    assert not admits(p, bad)
    r = solved(p)
    assert r.rota.doctors_on("a@0") != r.rota.doctors_on("b@0")


def test_min_rest_and_contiguous_allowed(solved):
    shifts = [shift("kveld@0", 0, 16, 23), shift("tidlig@1", 1, 2, 8), shift("natt@0", 0, 23, 32)]
    p = problem(shifts, [doctor("ola"), doctor("kari"), doctor("per")])
    bad = rota(("kveld@0", "ola"), ("tidlig@1", "ola"), ("natt@0", "kari"))
    assert admits(p, bad, skip=["add_min_rest"])
    assert not admits(p, bad)
    # kveld 16–23 directly followed by natt 23–08 is one work period (gap 0): allowed
    assert admits(p, rota(("kveld@0", "ola"), ("natt@0", "ola"), ("tidlig@1", "per")))
    solved(p)


def test_the_rest_break_is_named_in_norwegian_figures():
    """The checker says «6,5 t», not «6.5 t», as everywhere else in the app."""
    shifts = [shift("kveld@0", 0, 16, 24.5), shift("tidlig@1", 1, 7, 12)]
    p = problem(shifts, [doctor("ola")], rules=Rules(min_rest_hours=8.5))
    [v] = check(p, rota(("kveld@0", "ola"), ("tidlig@1", "ola")))
    assert "bare 6,5 t hvile mellom" in v.message and "(minst 8,5 t)" in v.message


def test_practice_day_lost_or_forbidden(solved):
    night = shift("natt@0", 0, 23, 30, kind="night", night=True)  # Mon 23 – Tue 06
    docs = [doctor("ola", has_practice=True), doctor("kari", has_practice=True)]
    p = problem([night], docs)
    assert admits(p, rota(("natt@0", "ola")))
    r = solved(p)
    # Tuesday's practice from 08 (2 t after the night) and Monday's until 16 (7 t before it)
    assert sum(m.practice_days_lost for m in r.metrics) == 2
    strict = problem([night], docs, rules=Rules(practice_after_night="forbid"))
    assert admits(strict, rota(("natt@0", "ola")), skip=["add_practice"])
    assert not admits(strict, rota(("natt@0", "ola")))
    # a vakt may not start inside weekday practice hours, but may on a holiday
    day = shift("dag@1", 1, 10, 15, kind="day")
    p2 = problem([day], docs + [doctor("vikar", has_practice=False)])
    assert not admits(p2, rota(("dag@1", "ola")))
    assert solved(p2).rota.doctors_on("dag@1") == ["vikar"]
    holiday = problem([day], docs, holidays=[at(1, 0).date()])
    assert admits(holiday, rota(("dag@1", "ola")))


def test_evening_vakt_and_the_next_mornings_practice_under_11_hours_rest(solved):
    """Kveld 16–23, praksis 08:00 next morning: 9 t hvile. Fine under the 8 t main rule; under
    the 11 t rule (arbeidsmiljøloven) the practice day is lost, or the vakt is not allowed."""
    evening = shift("kveld@0", 0, 16, 23)  # Monday
    docs = [doctor("ola", has_practice=True), doctor("kari", has_practice=True)]
    eight = problem([evening], docs)
    assert sum(m.practice_days_lost for m in solved(eight).metrics) == 0
    eleven = problem([evening], docs, rules=Rules(min_rest_hours=11))
    r = solved(eleven)
    assert sum(m.practice_days_lost for m in r.metrics) == 1
    strict = problem([evening], docs, rules=Rules(min_rest_hours=11, practice_after_night="forbid"))
    assert admits(strict, rota(("kveld@0", "ola")), skip=["add_practice"])
    assert not admits(strict, rota(("kveld@0", "ola")))
    broken = check(strict, rota(("kveld@0", "ola")))
    assert [v.rule for v in broken] == ["practice"]
    assert "for kort hvile før praksis" in broken[0].message


def test_rest_after_the_practice_day_before_a_night(solved):
    """Praksis 08–16 on Friday, then natt 23–08: 7 t free between two work periods, short of
    the 8 t main rule. The practice day is lost (day_off) or the night not allowed (forbid); a
    kveld 16–23 taken with the night follows on from practice (one work period, as with two
    contiguous vakter); a vikar without practice may take the night either way."""
    kveld, natt = shift("kveld@4", 4, 16, 23), shift("natt@4", 4, 23, 32, kind="night", night=True)
    docs = [doctor("ola", has_practice=True), doctor("vikar", has_practice=False)]
    p = problem([natt], docs)
    assert admits(p, rota(("natt@4", "ola")))
    lost = {m.id: m.practice_days_lost for m in doctor_metrics(p, rota(("natt@4", "ola")))}
    assert lost == {"ola": 1, "vikar": 0}  # Friday's; no practice on Saturday
    strict = replace(p, rules=Rules(practice_after_night="forbid"))
    assert admits(strict, rota(("natt@4", "ola")), skip=["add_practice"])
    assert not admits(strict, rota(("natt@4", "ola")))
    broken = check(strict, rota(("natt@4", "ola")))
    assert [v.rule for v in broken] == ["practice"]
    assert "begynner bare 7 t etter praksis 08.01 (minst 8 t hvile)" in broken[0].message
    assert solved(strict).rota.doctors_on("natt@4") == ["vikar"]
    # kveld and natt together: on from practice, nothing lost, allowed even when strict
    both = replace(strict, shifts=(kveld, natt), doctors=(docs[0],))
    assert admits(both, rota(("kveld@4", "ola"), ("natt@4", "ola")))
    assert check(both, rota(("kveld@4", "ola"), ("natt@4", "ola"))) == []
    # a vakt from 00:00 under the 11 t rule is 8 t after Friday's practice
    late = shift("sen@5", 5, 0, 8, kind="night", night=True)
    eleven = problem([late], docs, rules=Rules(min_rest_hours=11))
    assert {m.id: m.practice_days_lost
            for m in doctor_metrics(eleven, rota(("sen@5", "ola")))}["ola"] == 1


def _spacing_case(rules):
    shifts = [shift(f"kveld@{d}", d, 16, 23) for d in range(7)]
    return problem(shifts, [doctor("ola"), doctor("kari"), doctor("per")], rules=rules)


def test_max_in_window_hard(solved):
    p = _spacing_case(Rules(window_days=3, max_in_window=Limit(1)))
    bad = rota(*[(f"kveld@{d}", ["ola", "ola", "kari", "per", "ola", "kari", "per"][d]) for d in range(7)])
    assert admits(p, bad, skip=["add_spacing"])
    assert not admits(p, bad)
    r = solved(p)
    for doc in ("ola", "kari", "per"):
        days = sorted(int(a.shift_id.split("@")[1]) for a in r.rota.assignments if a.doctor_id == doc)
        assert all(b - a >= 3 for a, b in zip(days, days[1:], strict=False))


def test_max_in_window_soft_is_penalised_and_labelled(solved):
    p = problem([shift(f"kveld@{d}", d, 16, 23) for d in range(4)], [doctor("ola"), doctor("kari")],
                rules=Rules(window_days=4, max_in_window=Limit(1, hard=False)))
    r = solved(p)
    assert r.status == "optimal"
    assert r.soft_violations and all(v.startswith("max_in_window|") for v in r.soft_violations)


def _christmas_crunch(exceptions=()):
    """Four doctors, an evening every day for three weeks, hard firedelt; Dina has ferie on
    days 8–12, when three doctors cannot keep «maks 1 vakt per 4 døgn»."""
    shifts = [shift(f"kveld@{d}", d, 16, 23) for d in range(21)]
    docs = [doctor("ola"), doctor("kari"), doctor("per"),
            doctor("dina", absences=(Absence(at(8, 0), at(13, 0)),))]
    return problem(shifts, docs, days=21,
                   rules=Rules(window_days=4, max_in_window=Limit(1), exceptions=tuple(exceptions)))


def _gaps(result, doc):
    days = sorted(int(a.shift_id.split("@")[1]) for a in result.rota.assignments if a.doctor_id == doc)
    return list(zip(days, days[1:], strict=False))


def test_rule_exception_allows_3_delt_in_its_days_only(solved):
    assert solved(_christmas_crunch()).status == "infeasible"
    # «tillat 3-delt vakt i uke 2» (days 7–13): a window touching those days holds at most 1 of 3
    week2 = RuleException(at(7, 0).date(), at(13, 0).date(), window_days=3)
    p = _christmas_crunch([week2])
    r = solved(p)
    assert r.status in ("optimal", "feasible")
    for doc in ("ola", "kari", "per", "dina"):
        for a, b in _gaps(r, doc):
            assert b - a >= 3
            if b - a == 3:  # a 3-day gap only where a window of 4 days touches the exception
                assert a + 3 >= 7 and a <= 13
    # the rule model itself: 3 days apart inside the exception is allowed, outside it is not
    inside = rota(*[(f"kveld@{d}", ["ola", "kari", "per", "dina"][d % 4]) for d in range(7)],
                  ("kveld@7", "ola"), ("kveld@8", "kari"), ("kveld@9", "per"), ("kveld@10", "ola"),
                  ("kveld@11", "kari"), ("kveld@12", "per"), ("kveld@13", "dina"), ("kveld@14", "ola"),
                  *[(f"kveld@{d}", ["kari", "per", "dina", "ola"][(d - 15) % 4]) for d in range(15, 21)])
    assert check(p, inside) == []
    assert admits(p, inside)
    assert not admits(_christmas_crunch(), inside)
    outside = RuleException(at(14, 0).date(), at(20, 0).date(), window_days=3)
    assert not admits(_christmas_crunch([outside]), inside)
    assert {v.rule for v in check(_christmas_crunch([outside]), inside)} == {"max_in_window"}


def test_rule_exception_for_weekly_and_consecutive_limits(solved):
    shifts = [shift(f"kveld@{d}", d, 16, 23) for d in range(14)]
    docs = [doctor("ola"), doctor("kari")]
    # two doctors, an evening every day: 4 a week for one of them; «maks 3 per uke» in
    # week 1, but an exception allows 4 in week 2 only: still no rota (week 1 breaks)
    week2 = RuleException(at(7, 0).date(), at(13, 0).date(), max_per_week=Limit(4))
    p = problem(shifts, docs, days=14, rules=Rules(max_per_week=Limit(3), exceptions=(week2,)))
    assert solved(p).status == "infeasible"
    both = RuleException(at(0, 0).date(), at(13, 0).date(), max_per_week=Limit(4))
    p = problem(shifts, docs, days=14, rules=Rules(max_per_week=Limit(3), exceptions=(both,)))
    assert solved(p).status in ("optimal", "feasible")
    # «maks 1 på rad» made «maks 2 på rad» in week 2: a run of two there, not in week 1
    runs = rota(*[(f"kveld@{d}", ["ola", "kari"][d % 2]) for d in range(7)],
                *[(f"kveld@{d}", ["kari", "kari", "ola", "ola"][(d - 7) % 4]) for d in range(7, 14)])
    week2 = RuleException(at(7, 0).date(), at(13, 0).date(), max_consecutive_days=Limit(2))
    p = problem(shifts, docs, days=14, rules=Rules(max_consecutive_days=Limit(1), exceptions=(week2,)))
    assert check(p, runs) == [] and admits(p, runs)
    strict = problem(shifts, docs, days=14, rules=Rules(max_consecutive_days=Limit(1)))
    assert not admits(strict, runs) and {v.rule for v in check(strict, runs)} == {"max_consecutive_days"}


def test_max_per_week(solved):
    p = _spacing_case(Rules(max_per_week=Limit(2)))
    bad = rota(*[(f"kveld@{d}", ["ola", "ola", "ola", "kari", "kari", "per", "per"][d]) for d in range(7)])
    assert admits(p, bad, skip=["add_spacing"])
    assert not admits(p, bad)
    solved(p)


def test_max_consecutive_days(solved):
    p = _spacing_case(Rules(max_consecutive_days=Limit(1)))
    bad = rota(*[(f"kveld@{d}", ["ola", "ola", "kari", "per", "kari", "per", "kari"][d]) for d in range(7)])
    assert admits(p, bad, skip=["add_spacing"])
    assert not admits(p, bad)
    solved(p)


def test_pre_assigned(solved):
    shifts = [shift("kveld@0", 0, 16, 23), shift("kveld@1", 1, 16, 23)]
    p = problem(shifts, [doctor("ola", pre_assigned=(("kveld@0", "vakt"),)), doctor("kari")])
    bad = rota(("kveld@0", "kari"), ("kveld@1", "ola"))
    assert admits(p, bad, skip=["add_pre_assigned"])
    assert not admits(p, bad)
    assert solved(p).rota.doctors_on("kveld@0") == ["ola"]


def test_block_goes_to_one_doctor(solved):
    shifts = [shift(f"uke@{d}", d, 16, 23, block="uke1") for d in range(3)] + [shift("x@5", 5, 16, 23)]
    p = problem(shifts, [doctor("ola"), doctor("kari")])
    bad = rota(("uke@0", "ola"), ("uke@1", "kari"), ("uke@2", "ola"), ("x@5", "kari"))
    assert admits(p, bad, skip=["add_blocks"])
    assert not admits(p, bad)
    r = solved(p)
    assert len({r.rota.doctors_on(f"uke@{d}")[0] for d in range(3)}) == 1


def test_share_zero_takes_nothing(solved):
    p = problem([shift("kveld@0", 0, 16, 23)], [doctor("ola", share=0.0), doctor("kari")])
    bad = rota(("kveld@0", "ola"))
    assert admits(p, bad, skip=["add_share"])
    assert not admits(p, bad)
    assert solved(p).rota.doctors_on("kveld@0") == ["kari"]


def test_unavailability_fritak_16_to_08_leaves_only_daytime(solved):
    """The over-55 right (fastlegeforskriften § 13): fritak from legevakt between 16 and 08 —
    so no evening either, while a weekend day shift 08–16 is allowed."""
    ex = Exemption(at(0, 0), at(7, 0), "no_16_08", "over_55")
    shifts = [shift("kveld@0", 0, 16, 23), shift("natt@1", 1, 23, 32, night=True, kind="night"),
              shift("dag@5", 5, 8, 16, kind="day")]
    docs = [doctor("ola", exemptions=(ex,)), doctor("kari"), doctor("per")]
    p = problem(shifts, docs)
    for bad in (rota(("kveld@0", "ola"), ("natt@1", "kari"), ("dag@5", "per")),
                rota(("kveld@0", "kari"), ("natt@1", "ola"), ("dag@5", "per"))):
        assert admits(p, bad, skip=["add_unavailability"])
        assert not admits(p, bad)
        assert [v.rule for v in check(p, bad)] == ["unavailability"]
        assert "fritak fra vakt mellom 16 og 08" in check(p, bad)[0].message
    r = solved(p)
    assert r.rota.doctors_on("dag@5") == ["ola"]  # the only vakt he may take; he has a share


def test_a_short_break_after_practice_is_one_working_day_not_a_lost_practice_day():
    """Practice until 15:30 and a kveld from 16: a break, not rest between two work periods;
    a vakt from 17:00 leaves 1,5 t, and costs the practice day (or is not allowed)."""
    from datetime import time as clock

    docs = [doctor("ola", has_practice=True)]
    rules = Rules(practice_end=clock(15, 30))
    kveld = problem([shift("kveld@0", 0, 16, 23)], docs, rules=rules)
    sen = problem([shift("sen@1", 1, 17, 23)], docs, rules=rules)
    assert doctor_metrics(kveld, rota(("kveld@0", "ola")))[0].practice_days_lost == 0
    assert doctor_metrics(sen, rota(("sen@1", "ola")))[0].practice_days_lost == 1
    strict = Rules(practice_end=clock(15, 30), practice_after_night="forbid")
    kveld, sen = replace(kveld, rules=strict), replace(sen, rules=strict)
    assert check(kveld, rota(("kveld@0", "ola"))) == []
    assert [v.rule for v in check(sen, rota(("sen@1", "ola")))] == ["practice"]
    assert admits(kveld, rota(("kveld@0", "ola")))
    assert not admits(sen, rota(("sen@1", "ola")))


def test_a_pre_assigned_natt_after_practice_is_no_break_while_a_kveld_can_lead_into_it():
    """«Vakten er ikke tillatt»: Ola pre-assigned Friday's natt from 23. Before any rota, the
    kveld 16–23 the rota may give her too keeps it on from practice: no break said; with no
    such kveld in the district it is one, and said before solving."""
    from solver.checker import check_pre_assigned

    kveld, natt = shift("kveld@4", 4, 16, 23), shift("natt@4", 4, 23, 32, night=True)
    ola = doctor("ola", has_practice=True, pre_assigned=(("natt@4", "vakt"),))
    rules = Rules(practice_after_night="forbid")
    with_kveld = problem([kveld, natt], [ola, doctor("kari")], rules=rules)
    assert check_pre_assigned(with_kveld) == []
    alone = problem([natt], [ola, doctor("kari")], rules=rules)
    assert [v.rule for v in check_pre_assigned(alone)] == ["practice"]


def test_rotation_ratio_leaves_out_the_days_away():
    """1:N counts the days a doctor could be on vakt: a week of ferie (and a full fritak)
    from midnight to midnight is left out, as the reports leave it out; an absence of part of
    a day is not (she may still take that day's evening)."""
    shifts = [shift(f"kveld@{d}", d, 16, 23) for d in range(28)]
    ferie = Absence(at(7, 0), at(14, 0), "ferie")  # days 7-13
    fritak = Exemption(at(21, 0), at(23, 0), "full", "over_55")  # days 21-22
    kurs = Absence(at(3, 8), at(3, 15), "kurs")  # part of day 3
    p = problem(shifts, [doctor("ola", absences=(ferie,)), doctor("kari", exemptions=(fritak,)),
                         doctor("per", absences=(kurs,))], days=28)
    r = rota(*[(f"kveld@{d}", "ola") for d in (0, 3, 16, 20, 24, 27)],
             *[(f"kveld@{d}", "kari") for d in (1, 5, 9, 13, 17, 25, 26)],
             *[(f"kveld@{d}", "per") for d in range(2, 28, 2) if d not in (16, 20, 24, 26)])
    ratio = {m.id: m.rotation_ratio for m in doctor_metrics(p, r)}
    assert ratio == {"ola": round(21 / 6, 2), "kari": round(26 / 7, 2), "per": round(28 / 9, 2)}
