"""Workload per doctor and firedelt tracking on hand-made rotas with known answers."""

from __future__ import annotations

import pytest

from legevakt_app.reports import workload_report
from tests.reports.conftest import dogn_source


def test_four_doctor_dogn_rota_is_exactly_firedelt() -> None:
    report = workload_report(dogn_source(4))
    assert [d.rotation_ratio for d in report.doctors] == [4.0, 4.0, 4.0, 4.0]
    assert all(d.tightest_spacing_days == 4 for d in report.doctors)
    assert all(not d.tight_spans and not d.below(4) for d in report.doctors)
    assert report.district.effective_n == pytest.approx(4.0)
    assert report.district.worst_ratio == pytest.approx(4.0)
    assert report.district.doctors_below == 0


def test_three_doctor_rota_is_tighter_than_firedelt() -> None:
    report = workload_report(dogn_source(3))
    assert report.district.effective_n == pytest.approx(3.0)
    assert report.district.worst_ratio == pytest.approx(28 / 10)
    assert all(d.below(4) for d in report.doctors)
    first = report.doctor("d1")
    assert first.tightest_spacing_days == 3
    # every third day from day 1 to day 28: one long stretch tighter than 1:4
    assert len(first.tight_spans) == 1 and first.tight_spans[0].duty_days == 10


def test_hours_nights_weekends_and_practice_days() -> None:
    d = workload_report(dogn_source(4)).doctor("d1")  # Mondays 4, 8, 12, … 16–08 hjemmevakt
    assert d.vakter == 7 and d.nights == 7
    assert d.hjemmevakt_hours == pytest.approx(7 * 16)
    assert d.hours_per_week == pytest.approx(7 * 16 / 4)
    assert d.estimated_total_week == pytest.approx(49 + 28)
    assert d.above_68h and d.above_48h
    # starts 4 Mon, 8 Fri, 12 Tue, 16 Sat, 20 Wed, 24 Sun, 28 Thu (January 2027):
    # the nights from Mon, Tue, Wed, Thu and Sun end on a weekday → 5 practice days lost
    assert d.practice_days_lost == 5
    assert d.weekends == 3  # Fri 8 (from 16:00), Sat 16, Sun 24: three different weekends
    assert d.holidays == 0 and d.high_days == 0 and d.bakvakter == 0


def test_hjemmevakt_factor_changes_only_the_equivalent_view() -> None:
    full = workload_report(dogn_source(4, hjemmevakt_factor=1.0)).doctor("d1")
    seventh = workload_report(dogn_source(4, hjemmevakt_factor=1 / 7)).doctor("d1")
    assert seventh.hours_per_week == full.hours_per_week
    assert seventh.estimated_total_week == full.estimated_total_week
    assert seventh.above_68h == full.above_68h
    assert seventh.rotation_ratio == full.rotation_ratio
    assert seventh.equivalent_hours_per_week == pytest.approx(full.hours_per_week / 7)
    assert seventh.estimated_total_week_equivalent == pytest.approx(49 + 28 / 7)
    assert not seventh.above_68h_equivalent


def test_on_site_hours_are_not_discounted() -> None:
    d = workload_report(dogn_source(4, on_site=True, hjemmevakt_factor=1 / 7)).doctor("d1")
    assert d.on_site_hours == pytest.approx(112) and d.hjemmevakt_hours == 0
    assert d.equivalent_hours_per_week == pytest.approx(d.hours_per_week)


def test_free_weekends_and_longest_run() -> None:
    # with 2 doctors alternating every day each doctor touches every weekend
    d = workload_report(dogn_source(2)).doctor("d1")
    assert d.longest_weekends_without_free == 4
    assert d.rotation_ratio == pytest.approx(2.0)
