"""Workload per doctor and firedelt tracking on hand-made rotas with known answers."""

from __future__ import annotations

from datetime import date

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


def test_a_stretch_in_a_rule_exception_is_marked_so() -> None:
    """Closer than 1:4 is what an exception may allow (3-delt over Christmas): the stretch
    says which exception's days it touches (the report prints «(10 vakter; unntak …)»)."""
    from datetime import timedelta

    from legevakt_app.domain import RuleException
    from legevakt_app.reports.output import doctor_dict
    from legevakt_app.rota_source import source_from_project
    from tests.reports.conftest import START, dogn_project, round_robin

    project = dogn_project(3)
    project.rules.exceptions = [RuleException(start=START + timedelta(days=7),
                                              end=START + timedelta(days=13), spacing_window_days=3)]
    report = workload_report(source_from_project(project, round_robin(project)))
    [span] = report.doctor("d1").tight_spans  # the whole period every third day
    when = f"{START + timedelta(days=7):%d.%m}–{START + timedelta(days=13):%d.%m}"
    assert span.exception == when
    assert doctor_dict(report.doctor("d1"))["tight_spans"][0]["exception"] == when
    plain = workload_report(dogn_source(3)).doctor("d1").tight_spans[0]
    assert plain.exception == ""


def test_hours_nights_weekends_and_practice_days() -> None:
    d = workload_report(dogn_source(4)).doctor("d1")  # Mondays 4, 8, 12, … 16–08 hjemmevakt
    assert d.vakter == 7 and d.nights == 7
    assert d.hjemmevakt_hours == pytest.approx(7 * 16)
    assert d.hours_per_week == pytest.approx(7 * 16 / 4)
    # starts 4 Mon, 8 Fri, 12 Tue, 16 Sat, 20 Wed, 24 Sun, 28 Thu (January 2027):
    # the nights from Mon, Tue, Wed, Thu and Sun end on a weekday → 5 practice days lost
    assert d.practice_days_lost == 5
    # the week: 49 t practice less 5 lost days (9,8 t each) over 4 weeks, + 28 t duty
    assert d.estimated_total_week == pytest.approx(49 - 5 * 9.8 / 4 + 28)
    assert d.above_48h and not d.above_68h  # 64,75 t
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
    assert seventh.estimated_total_week_equivalent == pytest.approx(49 - 5 * 9.8 / 4 + 28 / 7)
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


def _block_source(n_doctors: int, block: str, days: int = 56):  # type: ignore[no-untyped-def]
    """Døgnvakt every day, made into ukevakt (``block="week"``) or helgevakt blocks; the
    blocks go round robin, so each doctor has every n-th week (or weekend block)."""
    from legevakt_app.rota_source import source_from_project
    from legevakt_app.shifts import expand_shifts
    from solver.problem import Assignment, Rota
    from tests.reports.conftest import dogn_project

    project = dogn_project(n_doctors, days=days)
    project.templates[0].block = block  # type: ignore[assignment]
    shifts = expand_shifts(project)
    order = sorted({s.block or s.id for s in shifts}, key=lambda k: min(
        s.start for s in shifts if (s.block or s.id) == k))  # fmt: skip
    ids = [d.id for d in project.doctors]
    rota = Rota([Assignment(s.id, ids[order.index(s.block or s.id) % n_doctors]) for s in shifts])
    return source_from_project(project, rota)


def test_four_doctor_ukevakt_is_exactly_one_week_in_four() -> None:
    report = workload_report(_block_source(4, "week"))
    for d in report.doctors:
        assert d.rotation_unit == "uke" and d.rotation_ratio == pytest.approx(4.0)
        assert d.tightest_spacing_days == 4  # weeks
        assert not d.tight_spans and not d.below(4)  # seven days in a row are one vakt
    assert report.district.doctors_below == 0


def test_three_doctor_ukevakt_is_flagged_in_weeks() -> None:
    report = workload_report(_block_source(3, "week"))
    d = report.doctor("d1")  # weeks 1, 4, 7 of 8
    assert d.rotation_unit == "uke" and d.rotation_ratio == pytest.approx(8 / 3)
    assert d.tightest_spacing_days == 3 and d.below(4)
    assert [(s.duty_days, s.closest_gap_days, s.unit) for s in d.tight_spans] == [(3, 3, "uke")]


def _week_shift_project(n_doctors: int):  # type: ignore[no-untyped-def]
    """Ukevakt as one shift a week (Monday 08 to Monday 08), for doctors without practice."""
    from tests.reports.conftest import dogn_project

    project = dogn_project(n_doctors, days=56)
    template = project.templates[0]
    template.kind, template.name, template.weekdays = "week", "Ukevakt", [0]
    template.start, template.end, template.end_day_offset = "08:00", "08:00", 7
    for doctor in project.doctors:
        doctor.practice_hours_per_week = 0
    return project


def test_one_shift_a_week_counts_in_weeks_with_and_without_bakvakt() -> None:
    """A week-long shift is one vakt on one start day: 1:N and «m/bakv» both count weeks
    (every third week is 1:2,7 u), not days (56 days ÷ 3 start days = 1:18,7)."""
    from legevakt_app.rota_source import source_from_project
    from tests.reports.conftest import round_robin

    project = _week_shift_project(3)
    d = workload_report(source_from_project(project, round_robin(project))).doctor("d1")
    assert d.rotation_unit == "uke" and d.vakter == 3  # weeks 1, 4 and 7 of 8
    assert d.rotation_ratio == pytest.approx(8 / 3)
    assert d.rotation_ratio_with_bakvakt == pytest.approx(8 / 3)
    assert d.tightest_spacing_days == 3 and d.tightest_spacing_with_bakvakt_days == 3


def test_legevakt_solve_shows_a_weekly_rota_in_weeks(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from legevakt_app.cli import main
    from legevakt_app.project_io import save_project

    path = tmp_path / "uke.legevakt.json"
    save_project(_week_shift_project(3), path)
    out = tmp_path / "resultat.json"
    assert main(["solve", str(path), "--time-limit", "10", "--quiet", "--out", str(out)]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines()
            if line.startswith(("Lege 1", "Lege 2", "Lege 3"))]
    # eight weeks among three: two doctors every third week, one every fourth
    assert sorted(" ".join(row.split()[-2:]) for row in rows) == [
        "1:2,7 u", "1:2,7 u", "1:4,0 u"]
    # the result file says the same, with its unit
    summary = json.loads(out.read_text(encoding="utf-8"))["doctors_summary"]
    assert sorted((d["rotation_ratio"], d["rotation_unit"]) for d in summary) == [
        (2.67, "uke"), (2.67, "uke"), (4.0, "uke")]


def test_a_weekend_block_is_one_vakt_not_three_days_in_a_row() -> None:
    from dataclasses import replace

    from solver.problem import Rota

    source = _block_source(4, "weekend")
    # keep only the Fri–Sun blocks: each doctor has every 4th weekend
    blocks = {s.id: s.block for s in source.problem.shifts}
    weekend = Rota([a for a in source.rota.assignments if blocks[a.shift_id]])
    report = workload_report(replace(source, rota=weekend))
    for d in report.in_rota:
        assert d.duty_days == 3 * d.weekends  # Fri, Sat and Sun of each of its weekends
        assert d.weekends == 2 and d.tightest_spacing_days == 26  # Sun → Fri four weeks on
        assert not d.tight_spans and not d.below(4)


def test_a_bakvakt_weekend_is_not_free_but_not_a_weekend_with_vakt() -> None:
    """«Helger» counts weekends with a vakt; «Helger på rad» counts weekends that are not free,
    and a bakvakt Saturday is not a free weekend. The report says so where it shows both."""
    from dataclasses import replace

    from legevakt_app.reports import threshold_report
    from legevakt_app.reports.output import report_lines
    from solver.problem import Assignment, Rota

    source = dogn_source(4)
    before = workload_report(source).doctor("d1")
    # d1's vakter touch the weekends of 9, 16 and 23 January; the 30th is d3's
    assert (before.weekends, before.longest_weekends_without_free) == (3, 3)
    saturday = next(s.id for s in source.problem.shifts if s.start.day == 30)
    bakvakt = Assignment(saturday, "d1", "bakvakt")
    after_source = replace(source, rota=Rota(source.rota.assignments + [bakvakt]))
    after = workload_report(after_source).doctor("d1")
    assert (after.weekends, after.longest_weekends_without_free) == (3, 4)
    text = "\n".join(report_lines(threshold_report(after_source)))
    assert "vakt eller bakvakt en gang fra fredag 16 til mandag 08" in text


def test_bakvakt_days_show_in_the_second_ratio_only() -> None:
    from dataclasses import replace

    from solver.problem import Assignment, Rota

    source = dogn_source(4)
    first_shifts = [s.id for s in source.problem.shifts][:7]  # days 1–7 ...
    extra = [Assignment(i, "d2", "bakvakt") for i in first_shifts if not any(
        a.shift_id == i and a.doctor_id == "d2" for a in source.rota.assignments)]  # fmt: skip
    d = workload_report(replace(source, rota=Rota(source.rota.assignments + extra))).doctor("d2")
    assert d.bakvakter == 5 and d.duty_days == 7
    assert d.rotation_ratio == pytest.approx(4.0) and not d.below(4)
    assert d.duty_days_with_bakvakt == 12
    assert d.rotation_ratio_with_bakvakt == pytest.approx(28 / 12)
    assert d.bakvakt_hours == pytest.approx(5 * 16)
    assert d.hours_per_week == pytest.approx((7 * 16 + 5 * 16) / 4)  # raw: bakvakt in full


def test_practice_days_lost_follow_the_rest_rule() -> None:
    """An evening 16–23 ends 9 h before the practice opens at 08: free under the 8 h rule,
    a lost practice day under the 11 h rule (as the engine counts it)."""
    from legevakt_app.rota_source import source_from_project
    from tests.reports.conftest import dogn_project, round_robin

    counts = {}
    for rest in (8.0, 11.0):
        project = dogn_project(4)
        project.templates[0].end = "23:00"
        project.templates[0].end_day_offset = 0
        project.rules.min_rest_hours = rest
        d = workload_report(source_from_project(project, round_robin(project))).doctor("d1")
        counts[rest] = d.practice_days_lost
        assert d.nights == 0
    # d1's evenings start Mon 4, Fri 8, Tue 12, Sat 16, Wed 20, Sun 24, Thu 28 January:
    # the next day is a weekday after Mon, Tue, Wed, Thu and Sun
    assert counts == {8.0: 0, 11.0: 5}


def test_no_practice_day_is_lost_on_new_years_day_after_the_period() -> None:
    """A period ending 31.12: the døgnvakt into 01.01 (a holiday, the day after the period)
    costs no practice day, as one into an ordinary weekday does."""
    from legevakt_app.domain import Period
    from legevakt_app.rota_source import source_from_project
    from tests.reports.conftest import dogn_project, round_robin

    project = dogn_project(4)
    project.period = Period(start=date(2026, 12, 28), end=date(2026, 12, 31))  # Mon–Thu
    report = workload_report(source_from_project(project, round_robin(project)))
    # d1 28.12 → Tue 29.12 and d2 29.12 → Wed 30.12 lose one; 31.12 and 01.01 are holidays
    assert {d: report.doctor(d).practice_days_lost for d in ("d1", "d2", "d3", "d4")} == {
        "d1": 1, "d2": 1, "d3": 0, "d4": 0}


def test_no_practice_day_after_the_period_is_counted_lost() -> None:
    """A week Mon 04.01 – Sun 10.01: Lege 3's døgnvakt on the last Sunday costs Monday 11.01,
    after the period; the report counts only the period's five practice days, so nobody has
    more days worked and lost than there are (the audit: 74 + 52 of 125)."""
    report = workload_report(dogn_source(4, days=7))
    d3 = report.doctor("d3")  # Wed 06.01 (costs Thu 07.01) and Sun 10.01
    assert d3.practice_days_lost == 1
    for d in report.doctors:
        assert d.practice_days_worked + d.practice_days_lost <= 5, d.name


def test_even_spacing_is_not_below_firedelt_at_the_period_edges() -> None:
    """30 days, 4 doctors: d1 and d2 get 8 vakter (1:3,75 on average) but every one is 4
    days after the previous one, so nobody is on vakt more often than every 4th day."""
    report = workload_report(dogn_source(4, days=30))
    d1 = report.doctor("d1")
    assert d1.rotation_ratio == pytest.approx(30 / 8) and d1.tightest_spacing_days == 4
    assert not d1.below(4) and report.district.doctors_below == 0


def test_practice_days_lost_agree_with_the_engine_on_interkommunal(sample_path) -> None:
    """Interkommunal has kveld 16–23 and natt 23–08: a natt from 23 after practice until 16
    leaves 7 t, short of the 8 t rest, and costs that day's practice unless the doctor's kveld
    runs on into it. The report counts the lost days as the engine does, doctor by doctor."""
    from legevakt_app.project_io import load_project
    from legevakt_app.rota_source import source_from_project
    from solver.metrics import doctor_metrics
    from solver.rules import practice_days_lost
    from tests.reports.conftest import greedy_rota

    project = load_project(sample_path("interkommunal"))
    source = source_from_project(project, None)
    rota = greedy_rota(source)
    shifts = {s.id: s for s in source.problem.shifts}
    # and on five weekdays the kveld's doctor runs on into the natt (no rest, no day lost)
    by_start = {(s.station, s.start): s for s in shifts.values()}
    chained = 0
    for a in list(rota.assignments):
        kveld = shifts[a.shift_id]
        natt = by_start.get((kveld.station, kveld.end))
        if (chained < 5 and kveld.start.hour == 16 and kveld.start.weekday() < 5
                and natt is not None and a.role == "vakt"):
            rota.assignments = [b for b in rota.assignments if b.shift_id != natt.id]
            rota.assignments.append(type(a)(natt.id, a.doctor_id))
            chained += 1
    assert chained == 5
    source = source_from_project(project, rota)
    report = workload_report(source)
    engine = {m.id: m.practice_days_lost for m in doctor_metrics(source.problem, rota)}
    # a vakt on the period's last night costs the practice day after it; neither the report
    # nor the engine's summary counts that day
    end = source.problem.period_end
    after = {d.id: sum(1 for day in practice_days_lost(
        source.problem, d.absences,
        [shifts[a.shift_id] for a in rota.assignments if a.doctor_id == d.id and a.role == "vakt"])
        if day > end) for d in source.problem.doctors}
    assert sum(after.values()) == 1
    assert {d.id: report.doctor(d.id).practice_days_lost for d in project.doctors} == engine
    # some natt from 23 on a practice day with no kveld before it, in this rota
    held = {(a.doctor_id, a.shift_id) for a in rota.assignments}
    alone = [a for a in rota.assignments if shifts[a.shift_id].start.hour == 23
             and shifts[a.shift_id].start.weekday() < 5
             and not any(o.end == shifts[a.shift_id].start and (a.doctor_id, o.id) in held
                         for o in shifts.values())]
    assert alone


def _easter_source(away: str):  # type: ignore[no-untyped-def]
    """22.03–18.04.2027 (Easter: 25, 26 and 29 March are holidays), a døgnvakt 16–08 every
    day; Lege 4 has a vakt every third day of the first fortnight (22, 25, 28, 31.03 and
    03.04) and is away the second fortnight: ``away`` is ``"absence"`` (permisjon) or
    ``"fritak"`` (full fritak; still in the practice)."""
    from datetime import datetime, time, timedelta

    from legevakt_app.calendar import OSLO
    from legevakt_app.domain import Absence, Exemption, Period
    from legevakt_app.rota_source import source_from_project
    from legevakt_app.shifts import expand_shifts
    from solver.problem import Assignment, Rota
    from tests.reports.conftest import dogn_project

    project = dogn_project(4)
    first = date(2027, 3, 22)
    project.period = Period(start=first, end=first + timedelta(days=27))
    start = datetime.combine(first + timedelta(days=14), time(0), OSLO)
    end = datetime.combine(first + timedelta(days=28), time(0), OSLO)
    if away == "absence":
        project.doctors[3].unavailable = [Absence(start=start, end=end, kind="permisjon")]
    else:
        project.doctors[3].exemptions = [Exemption(start=start, end=end, category="granted")]
    others = iter(["d1", "d2", "d3"] * 10)
    rota = Rota([Assignment(s.id, "d4" if i in (0, 3, 6, 9, 12) else next(others))
                 for i, s in enumerate(expand_shifts(project))])
    return source_from_project(project, rota)


def test_the_week_counts_practice_only_on_days_worked_per_week_at_work() -> None:
    """The 68 / 49 h figures are weeks at work: Lege 4's week is her practice on the days she
    worked in it (not the Easter holidays, not the fortnight away, not the 2 days lost to
    vakt) and her vakt hours, both over the 2 weeks she was there."""
    d = workload_report(_easter_source("absence")).doctor("d4")
    # 7 weekdays in the fortnight are no holiday; the vakter from Mon 22 and Wed 31 run into
    # the next practice day
    assert d.practice_days_lost == 2 and d.practice_days_worked == 5
    assert d.weeks_at_work == pytest.approx(2.0)
    assert d.practice_worked_per_week == pytest.approx(5 * 9.8 / 2)  # 24,5 t
    assert d.hours_per_week == pytest.approx(5 * 16 / 2)  # 40 t
    assert d.estimated_total_week == pytest.approx(24.5 + 40)  # the two add up
    # fritak is no absence: she works in the practice the second fortnight too
    f = workload_report(_easter_source("fritak")).doctor("d4")
    assert f.weeks_at_work == pytest.approx(4.0) and f.practice_days_worked == 5 + 10
    assert f.estimated_total_week == pytest.approx((15 * 9.8 + 80) / 4)


@pytest.mark.parametrize("away", ["absence", "fritak"])
def test_the_ratio_counts_the_days_the_doctor_could_have_vakt(away: str) -> None:
    """Five vakter every third day in the 14 days Lege 4 was available are 1:2,8 and below
    firedelt, not 1:5,6 diluted by the fortnight she was away or exempt."""
    report = workload_report(_easter_source(away))
    d = report.doctor("d4")
    assert d.available_days == 14
    assert d.rotation_ratio == pytest.approx(14 / 5) and d.below(4)
    assert report.district.doctors_below >= 1
    # the district's N: 3 doctors × 28 days + Lege 4's 14 days, over 28 vakt days
    assert report.district.effective_n == pytest.approx((3 * 28 + 14) / 28)


def test_arbeidsmiljoloven_worst_eight_weeks_and_worst_week() -> None:
    """A doctor without practice on site every night of the first fortnight of ten weeks:
    16 h a day (8 h the first), 112 h in the worst 7 days; the worst 8 weeks in a row hold
    all of it, 224 h, 28 h a week on average."""
    from legevakt_app.rota_source import source_from_project
    from solver.problem import Assignment, Rota
    from tests.reports.conftest import dogn_project

    project = dogn_project(1, days=70, on_site=True)
    project.doctors[0].practice_hours_per_week = 0
    from legevakt_app.shifts import expand_shifts

    rota = Rota([Assignment(s.id, "d1") for s in expand_shifts(project)[:14]])
    d = workload_report(source_from_project(project, rota)).doctor("d1")
    assert d.aml_worst_week == pytest.approx(112.0)
    assert d.aml_worst_8_weeks == pytest.approx(224 / 8)
    assert d.above_aml_week and not d.above_aml_average
