"""Vaktkompetanse derived from facts under each rule version (akuttmedisinforskriften § 7)."""

import pytest

from legevakt_app.competence import derive_competence
from legevakt_app.domain import CompetenceFacts

RULE_2020 = "akuttmedisinforskriften_2020"
RULE_LIS1 = "lis1_sufficient"


def facts(**kw):
    return CompetenceFacts(**kw)


def test_specialist_is_competent_under_both_rules():
    f = facts(specialist_allmennmedisin=True)
    assert derive_competence(f, RULE_2020).competent
    assert derive_competence(f, RULE_LIS1).competent


@pytest.mark.parametrize(
    ("months", "vakter", "expected"),
    [(30, 40, True), (29, 40, False), (30, 39, False), (29, 39, False), (120, 400, True)],
)
def test_30_months_and_40_legevakter_edges(months, vakter, expected):
    f = facts(clinical_months=months, legevakter_done=vakter)
    assert derive_competence(f, RULE_2020).competent is expected


def test_one_year_as_allmennlege_replaces_40_legevakter():
    assert derive_competence(facts(clinical_months=30, years_allmennlege=1.0), RULE_2020).competent
    short = derive_competence(facts(clinical_months=30, years_allmennlege=0.5), RULE_2020)
    assert not short.competent
    assert "0 av 40 legevakter og 0,5 av 1 år som allmennlege" in short.reason  # decimal comma
    # ...but not the 30 months
    assert not derive_competence(
        facts(clinical_months=29, years_allmennlege=3.0), RULE_2020
    ).competent


def test_completed_lis1_is_enough_only_under_the_lis1_rule():
    f = facts(clinical_months=14, legevakter_done=10, lis1_completed=True)
    strict = derive_competence(f, RULE_2020)
    assert not strict.competent
    assert strict.label == "trenger bakvakt"
    assert "14 av 30 mnd" in strict.reason
    relaxed = derive_competence(f, RULE_LIS1)
    assert relaxed.competent
    assert "LIS1" in relaxed.reason


def test_lis1_not_completed_needs_bakvakt_under_both_rules():
    f = facts(clinical_months=8, lis1_completed=False)
    assert not derive_competence(f, RULE_LIS1).competent


def test_missing_courses_means_not_competent_even_for_specialists():
    f = facts(specialist_allmennmedisin=True, courses_done=False)
    verdict = derive_competence(f, RULE_2020)
    assert not verdict.competent
    assert "kurs" in verdict.reason


def test_missing_courses_says_what_else_is_missing_too():
    """A LIS1 six months in, without the courses: the reason names the courses and the
    months and legevakter still to go (a QA audit saw only the courses, and the rest only
    once «Kurs» was ticked); a specialist without them is told of the courses alone."""
    reason = derive_competence(
        facts(clinical_months=6, legevakter_done=3, courses_done=False), RULE_2020).reason
    assert reason.startswith("Mangler påkrevde kurs (akuttmedisin, volds- og overgrepshåndtering)")
    assert "6 av 30 mnd klinisk tjeneste" in reason
    assert "3 av 40 legevakter og 0 av 1 år som allmennlege" in reason
    specialist = derive_competence(facts(specialist_allmennmedisin=True, courses_done=False),
                                   RULE_2020).reason
    assert specialist == "Mangler påkrevde kurs (akuttmedisin, volds- og overgrepshåndtering)"
