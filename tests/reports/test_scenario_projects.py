"""Scenarios saved as projects of their own: real files, the real loader and ``legevakt check``."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from legevakt_app.cli import main
from legevakt_app.domain import Project, PublishedAssignment
from legevakt_app.engine_input import build_problem
from legevakt_app.project_io import dumps_project, load_project, save_project
from legevakt_app.reports.scenario_projects import (
    ScenarioSaveError,
    save_scenario_project,
    scenario_file_name,
    scenario_project,
)
from legevakt_app.reports.scenarios import (
    CHANGES,
    STANDARD_SCENARIOS,
    Scenario,
    ScenarioUnavailable,
    make_scenario,
)
from legevakt_app.rota_source import source_from_project
from tests.conftest import SAMPLES
from tests.reports.conftest import dogn_project, round_robin


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    """Every leaf of a JSON document by its path (``doctors[3].name``)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flat(item, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list):
        out = {f"{path}#len": len(value)}
        for i, item in enumerate(value):
            out.update(_flat(item, f"{path}[{i}]"))
        return out
    return {path: value}


def _differences(original: Project, changed: Project) -> set[str]:
    """The paths where ``changed`` differs from ``original`` (the district's name aside)."""
    a, b = _flat(original.model_dump(mode="json")), _flat(changed.model_dump(mode="json"))
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)} - {"district.name"}


def _area(path: str) -> str:
    """The top-level part of a path: ``doctors[3].name`` → ``doctors``."""
    return re.split(r"[.\[#]", path)[0]


def _copy_sample(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.legevakt.json"
    path.write_bytes(SAMPLES[name].read_bytes())
    return path


def _by_key(key: str) -> Scenario:
    return next(s for s in STANDARD_SCENARIOS if s.key == key)


def test_every_change_can_be_kept_as_a_project() -> None:
    assert set(CHANGES) <= {s.key for s in STANDARD_SCENARIOS}
    project = load_project(SAMPLES["liten-kommune"])
    for scenario in STANDARD_SCENARIOS:
        changed = scenario_project(project, scenario)
        assert changed.district.name == f"Lysfjord legevaktdistrikt — scenario: {scenario.name}"
    assert load_project(SAMPLES["liten-kommune"]) == project  # the original is untouched


@pytest.mark.parametrize("sample", ["liten-kommune", "interkommunal"])
def test_the_project_solves_the_problem_the_comparison_solved(sample: str) -> None:
    """``build_problem`` of the scenario project is the scenario's engine input: the same
    shifts, doctors and rules (wishes for shifts the vikar now covers aside: the comparison
    keeps them as references to shifts that no longer exist, the project drops them)."""
    project = load_project(SAMPLES[sample])
    source = source_from_project(project)
    scenarios = [*STANDARD_SCENARIOS, make_scenario("Tre til", "add_doctor", 3),
                 make_scenario("Hvile 10", "rest_11h", 10),
                 make_scenario("Liten nabo", "join_neighbour", 2)]  # fmt: skip

    def shifts(problem):  # type: ignore[no-untyped-def]
        return [(s.id, s.station, s.template, s.kind, s.start, s.end, s.night, s.weekend,
                 s.holiday, s.weight, s.required, s.requires_competent, s.block)
                for s in problem.shifts]  # fmt: skip

    def doctors(problem, ids):  # type: ignore[no-untyped-def]
        return [(d.id, d.competent, d.share, d.has_practice, d.absences, d.exemptions,
                 tuple(w for w in d.wishes if w[0] in ids),
                 tuple(kept for g in d.wants if (kept := tuple(s for s in g if s in ids))),
                 tuple(p for p in d.pre_assigned if p[0] in ids), d.ledger)
                for d in problem.doctors]  # fmt: skip

    for scenario in scenarios:
        mine = build_problem(scenario_project(project, scenario))
        theirs = scenario.apply(source).problem
        ids = {s.id for s in theirs.shifts}
        assert shifts(mine) == shifts(theirs), scenario.name
        assert doctors(mine, ids) == doctors(theirs, ids), scenario.name
        assert mine.rules == theirs.rules and mine.holidays == theirs.holidays, scenario.name


def test_saved_scenarios_load_pass_check_and_differ_by_the_change(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    original_path = _copy_sample(tmp_path, "interkommunal")
    before = original_path.read_bytes()
    original = load_project(original_path)

    def saved(scenario: Scenario) -> Project:
        path = tmp_path / scenario_file_name(scenario.name)
        save_scenario_project(original, scenario, path, original=original_path)
        assert main(["check", str(path)]) == 0, capsys.readouterr().err
        assert f"— scenario: {scenario.name}" in capsys.readouterr().out
        return load_project(path)

    plus = saved(_by_key("add_doctor"))
    added = f"doctors[{len(original.doctors)}]"
    assert _differences(original, plus) == {"doctors#len"} | {
        k for k in _flat(plus.model_dump(mode="json")) if k.startswith(added)}
    new = plus.doctors[-1]
    assert len(plus.doctors) == len(original.doctors) + 1
    assert (new.id, new.name, new.kind, new.kommune) == ("scenario-lege-1", "Ny lege 1",
                                                         "fastlege", "Sørvang")  # fmt: skip
    assert new.legevakt_share == 1.0 and new.competence.specialist_allmennmedisin
    assert not new.exemptions and plus.period.start.year - new.birth_year == 45

    rest = saved(_by_key("rest_11h"))
    assert _differences(original, rest) == {"rules.min_rest_hours"}
    assert (original.rules.min_rest_hours, rest.rules.min_rest_hours) == (8.0, 11.0)

    absolute = saved(_by_key("hard_spacing"))  # firedelt soft, at most 3 a week hard
    assert _differences(original, absolute) == {"rules.max_in_window.hard"}
    assert absolute.rules.max_in_window.hard and not original.rules.max_in_window.hard

    lis1 = saved(_by_key("lis1_sufficient"))
    assert _differences(original, lis1) == {"rules.competence_rule"}
    assert lis1.rules.competence_rule == "lis1_sufficient"

    vikar = saved(_by_key("vikar_nights"))
    assert [t.id for t in original.templates] == ["kveld", "natt", "helg-dag", "sat-helg"]
    assert [t.id for t in vikar.templates] == ["kveld", "helg-dag", "sat-helg"]  # natt 23–08 gone
    assert vikar.templates == [t for t in original.templates if t.id != "natt"]
    assert all(not d.wishes or all(w.template != "natt" for w in d.wishes) for d in vikar.doctors)
    changes = _differences(original, vikar)
    assert {_area(p) for p in changes} == {"templates", "doctors"}
    assert all(".wishes" in p for p in changes if p.startswith("doctors"))  # wishes for 'natt'

    joined = saved(_by_key("join_neighbour"))
    assert [k.name for k in joined.district.kommuner][-1] == "Nabokommune"
    central = [s for s in joined.district.stations if s.kind == "central"]
    assert [(s.id, s.kommune) for s in central] == [("nabo-sentral", "Nabokommune")]
    assert joined.station("sentral").kind == "satellite"
    assert {t.station for t in joined.templates} == {"nabo-sentral", "eikenes"}
    assert len(joined.doctors) == len(original.doctors) + 6
    assert {d.kommune for d in joined.doctors[len(original.doctors):]} == {"Nabokommune"}
    changes = _differences(original, joined)
    assert {_area(p) for p in changes} == {"district", "templates", "doctors"}
    assert all(p.startswith(("district.kommuner", "district.stations")) for p in changes
               if p.startswith("district"))  # fmt: skip
    assert all(p.endswith(".station") for p in changes if p.startswith("templates"))

    assert original_path.read_bytes() == before  # the original file is never written
    assert not original_path.with_name(original_path.name + ".bak").exists()


def test_a_night_that_starts_in_the_evening_keeps_its_evening() -> None:
    project = load_project(SAMPLES["liten-kommune"])  # døgnvakt and weekend night 16–08
    vikar = scenario_project(project, _by_key("vikar_nights"))
    cut = {t.id: (t.name, t.start, t.end, t.end_day_offset) for t in vikar.templates}
    assert cut["dogn"][1:] == ("16:00", "23:00", 0) and cut["dogn"][0].endswith("(til 23)")
    assert cut["helg-natt"][1:] == ("16:00", "23:00", 0)
    assert vikar.templates[1] == project.templates[1]  # helg-dag 08–16 touches no night


def _helgevakt_project(weekday: int = 4, days: int = 3):
    """Four doctors and one helgevakt from 16:00 on ``weekday`` to 08:00 ``days`` later."""
    project = dogn_project(4)
    helg = project.templates[0]
    helg.name, helg.weekdays, helg.end_day_offset = "Helgevakt", [weekday], days
    return project


def test_a_helgevakt_keeps_its_days_and_evenings_for_one_doctor_when_a_vikar_takes_the_nights(
) -> None:
    """A helgevakt Fri 16 – Mon 08 with a vikar on the nights is Fri 16–23, Sat 08–23 and Sun
    08–23, all three the same doctor's, in the comparison and when saved as a project."""
    from legevakt_app.reports.scenarios import run_scenarios, vikar_takes_nights

    project = _helgevakt_project()
    source = source_from_project(project, round_robin(project))
    vikar = vikar_takes_nights(source).problem
    weekend = sorted((s for s in vikar.shifts if s.start.date() >= date(2027, 1, 8)
                      and s.start.date() <= date(2027, 1, 10)), key=lambda s: s.start)
    assert [(f"{s.start:%a %H}", f"{s.end:%a %H}") for s in weekend] == [
        ("Fri 16", "Fri 23"), ("Sat 08", "Sat 23"), ("Sun 08", "Sun 23")]
    assert len({s.block for s in weekend}) == 1 and weekend[0].block
    assert not any(s.night for s in vikar.shifts)
    assert sum(s.hours for s in weekend) == 7 + 15 + 15

    saved = scenario_project(project, _by_key("vikar_nights"))
    parts = [(t.name, t.weekdays, t.start, t.end, t.end_day_offset, t.block)
             for t in saved.templates]
    assert parts == [("Helgevakt (fre 16–23)", [4], "16:00", "23:00", 0, "week"),
                     ("Helgevakt (lør 08–23)", [5], "08:00", "23:00", 0, "week"),
                     ("Helgevakt (søn 08–23)", [6], "08:00", "23:00", 0, "week")]
    [row] = run_scenarios(source, [_by_key("vikar_nights")], time_limit=5)[1:]
    assert row.solved, row.status
    shifts = {s.id: s for s in row.source.problem.shifts}
    by_block = defaultdict(set)
    for a in row.source.rota.assignments:
        by_block[shifts[a.shift_id].block].add(a.doctor_id)
    assert len(by_block) == 4 and all(len(who) == 1 for who in by_block.values())


def test_a_helgevakt_running_into_the_next_week_is_compared_but_not_saved_as_a_project() -> None:
    """Sun 16 – Tue 08 keeps Sun 16–23 and Mon 08–23 for one doctor in the comparison; as a
    project no block holds Sunday and Monday together (they are in two ISO weeks), so saving
    says so instead of splitting the doctor's vakt between two doctors."""
    from legevakt_app.reports.scenarios import vikar_takes_nights

    project = _helgevakt_project(weekday=6, days=2)
    source = source_from_project(project, round_robin(project))
    parts = [s for s in vikar_takes_nights(source).problem.shifts
             if s.start.date() in (date(2027, 1, 10), date(2027, 1, 11))]
    assert len(parts) == 2 and parts[0].block == parts[1].block
    expected = "Helgevakt, søndag 16:00–tirsdag 08:00) ikke kan deles i dager som samme lege beholder"
    with pytest.raises(ScenarioUnavailable, match=re.escape(expected)):
        scenario_project(project, _by_key("vikar_nights"))


def test_locked_vakter_stay_the_rest_of_the_rota_goes() -> None:
    project = dogn_project(3)
    rota = round_robin(project).assignments
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id,
                                        locked=i < 2) for i, a in enumerate(rota)]  # fmt: skip
    for scenario in STANDARD_SCENARIOS:
        changed = scenario_project(project, scenario)
        kept = [(a.shift_id, a.doctor_id) for a in changed.rota]
        assert kept == [(a.shift_id, a.doctor_id) for a in rota[:2]], scenario.name
        assert all(a.locked for a in changed.rota)
    assert len(project.rota) == len(rota)  # the original keeps its rota


def test_a_scenario_of_a_scenario_gets_fresh_ids() -> None:
    project = load_project(SAMPLES["liten-kommune"])
    twice = scenario_project(scenario_project(project, _by_key("add_doctor")), _by_key("add_doctor"))
    assert [d.id for d in twice.doctors][-2:] == ["scenario-lege-1", "scenario-lege-1-2"]
    assert twice.district.name.count("— scenario:") == 2
    joined = scenario_project(scenario_project(project, _by_key("join_neighbour")),
                              _by_key("join_neighbour"))  # fmt: skip
    assert [k.name for k in joined.district.kommuner][-2:] == ["Nabokommune", "Nabokommune 2"]
    assert [s.id for s in joined.district.stations if s.kind == "central"] == ["nabo-sentral-2"]
    long_name = project.model_copy(deep=True)
    long_name.district.name = "L" * 120
    assert len(scenario_project(long_name, _by_key("rest_11h")).district.name) == 120


def test_a_change_only_the_engine_knows_is_refused_by_name() -> None:
    own = Scenario("eget", "Egen magi", "noe motoren gjør", lambda src: src)
    with pytest.raises(ScenarioUnavailable, match="Scenariet «Egen magi» kan ikke lagres som prosjekt"):
        scenario_project(dogn_project(3), own)


def test_saving_never_overwrites_silently(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = dogn_project(3)
    original = tmp_path / "testvik.legevakt.json"
    save_project(project, original, backup=False)
    target = tmp_path / "hvile.legevakt.json"
    target.write_text("mine", encoding="utf-8")
    scenario = _by_key("rest_11h")
    with pytest.raises(ScenarioSaveError, match="finnes allerede"):
        save_scenario_project(project, scenario, target)
    assert target.read_text(encoding="utf-8") == "mine"
    save_scenario_project(project, scenario, target, overwrite=True)
    assert load_project(target).rules.min_rest_hours == 11.0
    assert target.with_name(target.name + ".bak").read_text(encoding="utf-8") == "mine"
    with pytest.raises(ScenarioSaveError, match="prosjektfilen scenariet er laget fra"):
        save_scenario_project(project, scenario, original, overwrite=True, original=original)
    assert original.read_text(encoding="utf-8") == dumps_project(project)
    with pytest.raises(ScenarioSaveError, match="mappen finnes ikke"):
        save_scenario_project(project, scenario, tmp_path / "nei" / "x.legevakt.json")
    with pytest.raises(ScenarioSaveError, match="er en mappe"):
        save_scenario_project(project, scenario, tmp_path)


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("To nye leger", "to-nye-leger.legevakt.json"),
        ("+1 lege", "pluss-1-lege.legevakt.json"),
        ("Sør-Ål / Bø: natt?", "sor-al-bo-natt.legevakt.json"),
        ("Café ÆØÅ", "cafe-aeoa.legevakt.json"),
        ("../../etc", "etc.legevakt.json"),
        ("!!!", "scenario.legevakt.json"),
        ("CON", "scenario-con.legevakt.json"),
    ],
)
def test_file_names_are_safe(name: str, file: str) -> None:
    assert scenario_file_name(name) == file
