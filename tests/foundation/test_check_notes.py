"""What ``legevakt check`` warns of before any rota exists: holes in the cover (days where the
district normally has a doctor on duty but no shift exists — holidays run as Sundays and no
vakttype starts on a Sunday) and a partial fritak that a full share squeezes."""

from __future__ import annotations

from datetime import date

from legevakt_app.coverage import coverage_gaps, gap_lines
from legevakt_app.domain import Period, ShiftTemplate
from legevakt_app.project_io import load_project
from legevakt_app.summary import summary_lines
from tests.conftest import SAMPLES
from tests.reports.conftest import dogn_project


def _easter_district():
    """Døgnvakt Mon–Thu 16–08 and a helgevakt Fri 16 – Mon 08, over Easter 2027."""
    project = dogn_project(5)
    project.period = Period(start=date(2027, 3, 15), end=date(2027, 4, 4))
    project.templates = [
        project.templates[0].model_copy(update={"weekdays": [0, 1, 2, 3]}),
        ShiftTemplate(id="helg", name="Helgevakt", station="lv", kind="weekend", weekdays=[4],
                      start="16:00", end="08:00", end_day_offset=3),
    ]
    return project


def test_easter_with_no_vakttype_on_sundays_is_a_hole_in_the_cover():
    gaps = coverage_gaps(_easter_district())
    # Skjærtorsdag to 2. påskedag run as Sundays: nothing starts, day, evening or night
    assert sorted({g.day.day for g in gaps}) == [25, 26, 27, 28, 29]
    assert {g.moment for g in gaps} == {"dag", "kveld", "natt"}
    lines = gap_lines(gaps)
    # (the døgnvakt man–tor has no Sunday: «Som vanlig dag» would give it back that evening)
    assert lines[0] == ("25.03 (Skjærtorsdag): ingen vakt dag, kveld eller natt (med «Som vanlig "
                        "dag» på helligdager ville vakttypen «Døgnvakt» dekket kveld og natt)")
    # weekday daytime is the fastleger's practice: never a hole on an ordinary weekday
    assert not any(g.day.weekday() < 5 and g.holiday is None and g.moment == "dag" for g in gaps)
    assert any(line.startswith("Dekning:     ✖ Hull i dekningen: 5 dager")
               for line in summary_lines(_easter_district()))


def test_a_vakttype_for_sundays_closes_the_holidays_but_not_easter_saturday():
    project = _easter_district()
    sunday = project.templates[0].model_copy(update={"id": "son", "name": "Søndagsdøgn",
                                                     "weekdays": [6], "start": "08:00",
                                                     "end": "08:00"})
    project.templates.append(sunday)
    # påskeaften is no holiday, but the helgevakt that would cover it starts on Langfredag
    assert {(g.day.day, g.moment) for g in coverage_gaps(project)} == {
        (27, "dag"), (27, "kveld"), (27, "natt")}
    saturday = sunday.model_copy(update={"id": "lor", "name": "Lørdagsdøgn", "weekdays": [5]})
    project.templates.append(saturday)
    assert coverage_gaps(project) == []


def test_the_bundled_samples_have_no_holes():
    for path in SAMPLES.values():
        assert coverage_gaps(load_project(path)) == [], path.name


def test_check_notes_a_partial_fritak_that_takes_every_vakt_it_leaves():
    # liten-kommune: Ingrid is exempt from nights and keeps a full share, so she must take
    # (about) every weekend day shift there is
    lines = summary_lines(load_project(SAMPLES["liten-kommune"]))
    notes = [line for line in lines if line.startswith("  ! ")]
    assert len(notes) == 1 and notes[0].startswith("  ! Ingrid Reinvik har delvis fritak")
    assert "om lag 100 % av vaktene fritaket ikke dekker" in notes[0]
    assert not any(line.startswith("  ! ") for line in summary_lines(load_project(SAMPLES["stor-legevakt"])))


def test_check_notes_a_partial_fritak_that_leaves_no_vakt_at_all():
    """Every vakt is 16–08 (a døgnvakt): fritak from 16–08 («Nytt fritak» for a doctor over
    55) leaves her none, so it is a full fritak in all but name, and her share still counts."""
    from legevakt_app.domain import Exemption

    project = dogn_project(5)
    doctor = project.doctors[0]
    doctor.exemptions = [Exemption(start=project.period.start, end=project.period.end,
                                   category="over_55", scope="no_16_08")]
    notes = [line for line in summary_lines(project) if line.startswith("  ! ")]
    assert notes == [f"  ! {doctor.name} har et delvis fritak som dekker alle distriktets vakter: "
                     "i praksis fullt fritak, men vaktandelen teller fortsatt (sett vaktandel 0, "
                     "eller velg et annet omfang for fritaket)"]
