"""Holes in the cover (legevakt_app.coverage) judged over whole hours, not one moment a part of
the day: a satellitt's few hours do not hide a day with no doctor at the central; why a
holiday loses its vakt, when a «Som søndag» vakttype is why; a station with no vakttyper."""

from __future__ import annotations

from datetime import date

from legevakt_app.coverage import coverage_gaps, gap_lines, gap_summary
from legevakt_app.domain import Period, ShiftTemplate, Station
from legevakt_app.project_io import load_project
from legevakt_app.summary import summary_lines
from tests.conftest import SAMPLES
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


def test_the_holes_of_som_sondag_vakttyper_name_them_and_what_som_vanlig_dag_covers():
    """The central's vakttyper left «Som søndag» (the default): neither has a Sunday, so a
    holiday loses them. Each line says what «Som vanlig dag» would cover — kveld and natt of
    Skjærtorsdag (its 08–16 is no vakttype's), all of påskeaften (the helgevakt from
    Langfredag) — and the summary names them and where to change it."""
    project = _district_with_satellitt(policy="as_sunday")
    gaps = coverage_gaps(project)
    lines = gap_lines(gaps)
    assert lines[0] == ("25.03 (Skjærtorsdag): ingen vakt 08–10 og 14–08 (med «Som vanlig dag» "
                        "på helligdager ville vakttypen «Hverdagsvakt» dekket kveld og natt)")
    assert lines[1] == ("26.03 (Langfredag): ingen vakt 08–10 og 14–08 (med «Som vanlig dag» "
                        "på helligdager ville vakttypen «Helgevakt» dekket kveld og natt)")
    assert lines[2] == ("27.03: ingen vakt 08–10 og 14–08 (med «Som vanlig dag» på helligdager "
                        "ville vakttypen «Helgevakt» dekket det)")
    assert gap_summary(gaps) == (
        "Hull i dekningen: 5 dager mangler vakt på tider distriktet ellers dekker (vakttypene "
        "«Hverdagsvakt» og «Helgevakt» går «Som søndag» på en helligdag og har ingen vakt på søndager, så "
        "helligdagen får ingen vakt fra dem: «Som vanlig dag» i kolonnen «På helligdag» under "
        "Vakter og regler gir dem vakt også da; en vakttype med «Bare på helligdager» går bare "
        "på helligdagene)")
    # and it is so: «Som vanlig dag» leaves the holes of the first district, 08–10 and 14–16
    switched = _district_with_satellitt(policy="as_sunday")
    for t in switched.templates[:2]:
        t.holiday_policy = "normal"
    assert coverage_gaps(switched) == coverage_gaps(_district_with_satellitt())


def test_no_remedy_is_named_when_som_sondag_is_not_why():
    """The holes of the first district come from no vakttype's «Som søndag»: nothing is said
    of it, not even for a «Som søndag» vakttype (no Sunday among its days) whose lost vakt on
    Skjærtorsdag lies where no hole is."""
    project = _district_with_satellitt()
    project.templates.append(ShiftTemplate(
        id="sat-kveld", name="Satellitt kveld", station="sat", kind="evening",
        weekdays=[0, 1, 2, 3, 4], start="18:00", end="20:00"))
    gaps = coverage_gaps(project)
    assert gap_lines(gaps)[0] == "25.03 (Skjærtorsdag): ingen vakt 08–10 og 14–16"
    assert not any(g.remedy for g in gaps)
    text = " ".join([gap_summary(gaps), *gap_lines(gaps)])
    assert "Som vanlig dag" not in text and "Satellitt kveld" not in text
    # liten-kommune with the weekend vakter «Ingen vakt» on a holiday: 1. mai (a Saturday)
    # has none, and no «Som søndag» vakttype would give it one
    sample = load_project(SAMPLES["liten-kommune"])
    for t in sample.templates:
        if t.id.startswith("helg"):
            t.holiday_policy = "skip"
    lines = gap_lines(coverage_gaps(sample), most=20)
    assert "01.05 (Arbeidernes dag): ingen vakt dag, kveld eller natt" in lines
    assert ("25.03 (Skjærtorsdag): ingen vakt dag, kveld eller natt (med «Som vanlig dag» på "
            "helligdager ville vakttypen «Døgnvakt» dekket kveld og natt)") in lines


def test_a_station_with_no_vakttyper_is_a_calm_note_in_check():
    """interkommunal's Kvitdal and Myrhavn satellitt and stor-legevakt's Rypefjell have no
    vakttyper: `legevakt check` says so under the stations, as a list line, not a «!»."""
    lines = summary_lines(load_project(SAMPLES["interkommunal"]))
    at = next(i for i, line in enumerate(lines) if line.startswith("Stasjoner:"))
    assert lines[at + 1] == ("  - Kvitdal satellitt og Myrhavn satellitt har ingen vakttyper, "
                             "så ingen lege har vakt der (i orden for en stasjon med bare "
                             "sykepleier, der legen er med på video)")
    assert any(line.startswith("  - Rypefjell satellitt har ingen vakttyper")
               for line in summary_lines(load_project(SAMPLES["stor-legevakt"])))
    project = _district_with_satellitt()
    assert not any("ingen vakttyper" in line for line in summary_lines(project))
    project.templates = project.templates[:2]
    assert "  - Testvik satellitt har ingen vakttyper" in " ".join(summary_lines(project))


def test_the_last_night_is_not_looked_at_nor_counted_as_covered():
    """The period's last night runs into the next period: it is no hole, and it does not make
    a night normal cover either. A natt on Tuesdays alone, Monday to Thursday: one night of
    the three looked at is no norm (counted as covered, the last made it two of four)."""
    project = dogn_project(3)
    project.period = Period(start=date(2027, 3, 1), end=date(2027, 3, 4))
    project.templates = [ShiftTemplate(id="natt", name="Natt", station="lv", kind="night",
                                       weekdays=[1], start="23:00", end="08:00",
                                       end_day_offset=1)]
    assert coverage_gaps(project) == []
