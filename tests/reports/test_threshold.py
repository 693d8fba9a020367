"""The four-doctor threshold, the grant and the doctors-needed answer."""

from __future__ import annotations

from datetime import timedelta

from legevakt_app.reports import doctors_needed, threshold_report
from legevakt_app.reports.engine import SolveOutcome
from legevakt_app.reports.threshold import day_demand, grant_eligible
from solver.problem import Assignment, Problem, Rota
from tests.reports.conftest import dogn_source


def window_solver(problem: Problem, time_limit: float) -> SolveOutcome:
    """Exact for one shift a day: round robin, a doctor only after ``window_days`` days off.
    (For one døgnvakt a day, always taking the doctor who has waited longest is optimal.)"""
    window = problem.rules.window_days
    last: dict[str, object] = {d.id: None for d in problem.doctors}
    out = []
    for s in problem.shifts:
        ready = [d.id for d in problem.doctors
                 if last[d.id] is None or (s.day - last[d.id]).days >= window]  # type: ignore[operator]
        if not ready:
            return SolveOutcome(None, "INFEASIBLE", True)
        pick = min(ready, key=lambda i: (last[i] is not None, last[i] or s.day))
        last[pick] = s.day
        out.append(Assignment(s.id, pick))
    return SolveOutcome(Rota(out), "OPTIMAL", False)


def test_four_doctors_are_in_the_target_group_but_not_below_firedelt() -> None:
    report = threshold_report(dogn_source(4))
    assert report.doctors_in_rota == 4 and report.fastleger_in_rota == 4
    assert report.four_or_fewer and not report.below_firedelt
    assert report.in_target_group
    assert report.verdict().startswith("Testvik legevakt er under firelegegrensen: bare 4")


def test_three_doctor_rota_is_flagged_below_firedelt() -> None:
    report = threshold_report(dogn_source(3))
    assert report.four_or_fewer and report.below_firedelt and report.doctors_below == 3
    assert "mindre enn firedelt" in report.verdict()


def test_five_doctors_are_over_the_threshold() -> None:
    report = threshold_report(dogn_source(5, inhabitants=6000, centrality=5))
    assert not report.four_or_fewer and not report.below_firedelt
    assert not report.in_target_group and "over firelegegrensen" in report.verdict()


def test_grant_eligibility() -> None:
    assert grant_eligible(2600, 6)
    assert not grant_eligible(6000, 6)
    assert not grant_eligible(2600, 5)
    assert not grant_eligible(5000, 6)  # "under 5000"
    assert threshold_report(dogn_source(4, inhabitants=2600, centrality=6)).grant_eligible
    assert not threshold_report(dogn_source(4, inhabitants=6000, centrality=6)).grant_eligible
    kommune = threshold_report(dogn_source(4)).kommuner[0]
    assert kommune.grant_eligible and kommune.fastleger == 4 and kommune.fastleger_in_rota == 4


def test_lis1_and_vikar_are_not_counted_as_fastleger() -> None:
    report = threshold_report(dogn_source(5, kind="vikar"))
    assert report.doctors_in_rota == 5 and report.fastleger_in_rota == 0
    assert report.four_or_fewer


def test_counting_bound_for_firedelt_and_for_one_in_six() -> None:
    three = doctors_needed(dogn_source(3), 4, solve_fn=None)
    assert (three.day_demand, three.capacity, three.per_doctor_capacity) == (28, 21, 7)
    assert three.lower_bound == 1
    assert three.vikar_nights == 7
    assert doctors_needed(dogn_source(4), 4, solve_fn=None).lower_bound == 0
    # 1:6 over 28 days: ⌈28/6⌉ = 5 duty days each; 28 days need ⌈28/5⌉ = 6 doctors
    assert doctors_needed(dogn_source(4), 6, solve_fn=None).lower_bound == 2


def test_doctors_needed_is_verified_by_re_solving() -> None:
    need = doctors_needed(dogn_source(3), 4, solve_fn=window_solver)
    assert need.extra_doctors == 1 and need.exact and need.engine_checked
    assert need.attempts[0].found
    assert need.vikar_verified
    assert "nøyaktig 1" in need.text()
    six = doctors_needed(dogn_source(4), 6, solve_fn=window_solver)
    assert six.extra_doctors == 2 and six.exact
    none_needed = doctors_needed(dogn_source(4), 4, solve_fn=window_solver)
    assert none_needed.extra_doctors == 0


def test_the_search_goes_past_an_infeasible_lower_bound() -> None:
    calls = []

    def stubborn(problem: Problem, time_limit: float) -> SolveOutcome:
        calls.append(len(problem.doctors))
        if len(problem.doctors) < 5:
            return SolveOutcome(None, "INFEASIBLE", True)
        return window_solver(problem, time_limit)

    need = doctors_needed(dogn_source(3), 4, solve_fn=stubborn, vikar=False)
    assert calls == [4, 5]
    assert need.extra_doctors == 2 and need.exact  # K = 1 was proven infeasible


def test_day_demand_counts_simultaneous_slots() -> None:
    source = dogn_source(4, days=7)
    shifts = list(source.problem.shifts)
    from dataclasses import replace

    second = replace(shifts[0], id="extra", start=shifts[0].start + timedelta(hours=1))
    assert day_demand([*shifts, second])[shifts[0].day] == 2
    later = replace(shifts[0], id="later", start=shifts[0].end, end=shifts[0].end + timedelta(hours=2))
    assert day_demand([shifts[0], later])[shifts[0].day] == 1
