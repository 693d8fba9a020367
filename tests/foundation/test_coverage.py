"""Holes in the cover (legevakt_app.coverage) judged over whole hours, not one moment a part of
the day: a satellitt's few hours do not hide a day with no doctor at the central."""

from __future__ import annotations

from datetime import date

from legevakt_app.coverage import coverage_gaps, gap_lines
from legevakt_app.domain import Period, ShiftTemplate, Station
from legevakt_app.summary import summary_lines
from tests.reports.conftest import dogn_project


def _district_with_satellitt(policy: str = "normal"):
    """The QA's district over Easter 2027: «Hverdagsvakt» man–tor 16–08 and «Helgevakt» fre 16
    – man 08 at the central legevakt, both ``policy`` on a holiday; at the satellitt «Satellitt
    helg» lør and søn 10–14, left «Som søndag»."""
    project = dogn_project(5)
    project.period = Period(start=date(2027, 3, 1), end=date(2027, 4, 11))
    project.district.stations.append(
        Station(id="sat", name="Testvik satellitt", kind="satellite", kommune="Testvik"))
    project.templates = [
        ShiftTemplate(id="hverdag", name="Hverdagsvakt", station="lv", kind="evening",
                      weekdays=[0, 1, 2, 3], start="16:00", end="08:00", end_day_offset=1,
                      holiday_policy=policy),
        ShiftTemplate(id="helg", name="Helgevakt", station="lv", kind="weekend", weekdays=[4],
                      start="16:00", end="08:00", end_day_offset=3, holiday_policy=policy),
        ShiftTemplate(id="sat-helg", name="Satellitt helg", station="sat", kind="day",
                      weekdays=[5, 6], start="10:00", end="14:00"),
    ]
    return project


def test_a_satellitts_few_hours_do_not_hide_a_day_with_no_doctor():
    """Skjærtorsdag, Langfredag and 2. påskedag have no vakt 08–16 at the central (the weekday
    vakter run as on a weekday, and start at 16); the satellitt runs 10–14 as on a Sunday. A
    weekend day has a doctor all day, so 08–10 and 14–16 are holes — the check looked at
    12:00 alone, and the satellitt was there."""
    project = _district_with_satellitt()
    gaps = coverage_gaps(project)
    assert {(g.day, g.moment, g.hours) for g in gaps} == {
        (date(2027, 3, day), "dag", ((8 * 60, 10 * 60), (14 * 60, 16 * 60)))
        for day in (25, 26, 29)}
    assert gap_lines(gaps) == ["25.03 (Skjærtorsdag): ingen vakt 08–10 og 14–16",
                               "26.03 (Langfredag): ingen vakt 08–10 og 14–16",
                               "29.03 (Andre påskedag): ingen vakt 08–10 og 14–16"]
    assert any(line.startswith("Dekning:     ✖ Hull i dekningen: 3 dager mangler vakt")
               for line in summary_lines(project))
    # an ordinary weekday's 08–16 is the fastleger's practice, never a hole
    assert all(g.holiday for g in gaps)
    # without the satellitt the same days have no vakt the whole dag: said as «dag»
    project.templates = project.templates[:2]
    assert gap_lines(coverage_gaps(project))[0] == "25.03 (Skjærtorsdag): ingen vakt dag"
