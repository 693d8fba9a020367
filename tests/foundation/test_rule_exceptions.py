"""Unntak fra vakthyppigheten: other spacing limits on some days of the period («tillat 3-delt
vakt i påskeuken»), in the project file, its validation, the engine's input, the engine's
verified fixes and the next period.

Every file is written to disk and read by :func:`load_project`, as the app and the command
line read it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from legevakt_app.domain import (
    SCHEMA_VERSION,
    Absence,
    CompetenceFacts,
    District,
    Doctor,
    FrequencyLimit,
    Kommune,
    Period,
    Project,
    PublishedAssignment,
    RuleException,
    Rules,
    ShiftTemplate,
    Station,
)
from legevakt_app.engine_input import build_problem
from legevakt_app.fixes import apply_fix, can_apply
from legevakt_app.messages import pydantic_error_text, reference_problem_text
from legevakt_app.next_period import next_period
from legevakt_app.project_io import ProjectError, dumps_project, load_project, save_project
from legevakt_app.rule_exceptions import exception_lines
from legevakt_app.summary import summary_lines
from solver import problem as sp
from solver.baseline import round_robin
from solver.checker import check
from solver.explain import Fix, explain
from solver.solve import solve
from tests.conftest import ROOT, SAMPLES

_SCRIPT = Path(sys.executable).with_name("legevakt")
LEGEVAKT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "legevakt_app.cli"]

# liten-kommune runs 04.01.2027–04.07.2027, firedelt as a wish (max 1 per 4 days, soft)
PAASKE = {"name": "Påske", "start": "2027-03-22", "end": "2027-03-29",
          "spacing_window_days": 3, "max_in_window": {"value": 1, "hard": True}}
PINSE = {"start": "2027-05-14", "end": "2027-05-17", "max_per_week": {"value": 4, "hard": False}}


def sample_doc(name: str = "liten-kommune") -> dict:
    return json.loads(SAMPLES[name].read_text(encoding="utf-8"))


def write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "prosjekt.legevakt.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def with_exceptions(*exceptions: dict, name: str = "liten-kommune") -> dict:
    doc = sample_doc(name)
    doc["rules"]["exceptions"] = [dict(e) for e in exceptions]
    return doc


def problems(tmp_path: Path, document: dict) -> list[str]:
    """Every problem loading the file reports, as the app's «Kan ikke åpne filen» says it."""
    with pytest.raises(ProjectError) as info:
        load_project(write(tmp_path, document))
    return [reference_problem_text(p) for p in info.value.problems]


# -- the file --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_file_from_before_exceptions_loads_and_saves_unchanged(tmp_path, name):
    # the bundled samples have no «exceptions» key: they load with none, and saving writes
    # no empty list into them, so older files stay byte for byte as they were
    assert "exceptions" not in SAMPLES[name].read_text(encoding="utf-8")
    project = load_project(SAMPLES[name])
    assert project.rules.exceptions == []
    out = tmp_path / "lagret.legevakt.json"
    save_project(project, out)
    assert out.read_bytes() == SAMPLES[name].read_bytes()


def test_exceptions_are_saved_and_read_back(tmp_path):
    path = write(tmp_path, with_exceptions(PAASKE, PINSE))
    project = load_project(path)
    paaske, pinse = project.rules.exceptions
    assert (paaske.name, paaske.start, paaske.end) == ("Påske", date(2027, 3, 22), date(2027, 3, 29))
    assert paaske.spacing_window_days == 3
    assert paaske.max_in_window == FrequencyLimit(value=1, hard=True)
    assert paaske.max_per_week is None and paaske.max_consecutive_days is None
    assert pinse.name == "" and pinse.max_per_week == FrequencyLimit(value=4, hard=False)
    out = tmp_path / "igjen.legevakt.json"
    save_project(project, out)
    again = load_project(out)
    assert again.rules.exceptions == project.rules.exceptions
    assert dumps_project(again) == out.read_text(encoding="utf-8")  # load-then-save is stable
    # a new optional field: exceptions needed no format version of their own
    assert project.schema_version == SCHEMA_VERSION


def test_exceptions_that_overlap_are_refused_naming_both(tmp_path):
    overlapping = {"name": "Etter påske", "start": "2027-03-29", "end": "2027-04-04",
                   "max_per_week": {"value": 3, "hard": True}}
    assert problems(tmp_path, with_exceptions(PAASKE, overlapping)) == [
        "regler, unntak 2: unntaket «Etter påske» (29.03.2027–04.04.2027) overlapper unntaket "
        "«Påske» (22.03.2027–29.03.2027): to unntak kan ikke gjelde samme dag"]
    # the day after is fine
    overlapping["start"] = "2027-03-30"
    assert len(load_project(write(tmp_path, with_exceptions(PAASKE, overlapping))).rules.exceptions) == 2


def test_an_exception_outside_the_period_is_refused(tmp_path):
    jul = {"name": "Jul", "start": "2026-12-20", "end": "2027-01-03",
           "spacing_window_days": 3}  # the period starts 04.01.2027
    late = dict(PINSE, start="2027-07-01", end="2027-07-10")  # the period ends 04.07.2027
    assert problems(tmp_path, with_exceptions(jul, PAASKE, late)) == [
        "regler, unntak 1: unntaket «Jul» (20.12.2026–03.01.2027) går utenfor perioden "
        "(04.01.2027–04.07.2027): et unntak må ligge innenfor perioden",
        "regler, unntak 3: unntaket (01.07.2027–10.07.2027) går utenfor perioden "
        "(04.01.2027–04.07.2027): et unntak må ligge innenfor perioden"]


def test_an_exception_that_changes_nothing_is_refused(tmp_path):
    empty = {"name": "Jul", "start": "2027-03-22", "end": "2027-03-29"}
    assert problems(tmp_path, with_exceptions(empty)) == [
        "regler, unntak 1: unntaket «Jul» (22.03.2027–29.03.2027) endrer ingenting: gi det et "
        "eget vindu eller en egen grense (maks i vinduet, maks per uke eller maks vakter på rad)"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"max_in_window": {"value": "1", "hard": True}},
         "regler, unntak 1, Maks vakter i vinduet, Verdi: må være et heltall uten anførselstegn: 1, "
         "ikke teksten «1»"),
        ({"spacing_window_days": 40}, "regler, unntak 1, Vindu: kan være høyst 28"),
        ({"max_per_week": {"value": 2, "hard": "ja"}},
         "regler, unntak 1, Maks vakter per uke, Absolutt: må være true eller false, ikke teksten «ja»"),
        ({"end": "2027-03-20"}, "regler, unntak 1: Til (20.03.2027) er før Fra (22.03.2027)"),
        ({"start": "22.03.2027"}, "regler, unntak 1, Fra: må være en dato ÅÅÅÅ-MM-DD: "
                                  "2027-03-22, ikke «22.03.2027»"),
        ({"reason": "jul"}, "regler, unntak 1, reason: ukjent felt (ikke en del av prosjektformatet)"),
        ({"name": "x" * 41}, "regler, unntak 1, Navn: kan være høyst 40 tegn"),
    ],
)
def test_a_bad_value_inside_an_exception_names_the_field(tmp_path, change, expected):
    assert problems(tmp_path, with_exceptions(dict(PAASKE, **change))) == [expected]


def test_check_lists_the_exceptions_and_names_a_bad_one(tmp_path):
    path = write(tmp_path, with_exceptions(PAASKE, PINSE))
    result = subprocess.run([*LEGEVAKT, "check", str(path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Unntak:      2 fra vakthyppigheten" in result.stdout
    assert "  - 22.03–29.03 (Påske): maks 1 vakt per 3 døgn (3-delt, absolutt)" in result.stdout
    assert "  - 14.05–17.05: maks 4 vakter per uke (ønsket)" in result.stdout
    assert "endrer ingenting" not in result.stdout
    # one with the period's own limits is kept (nothing saved is lost) but said to do nothing
    document = with_exceptions({"name": "Påske", "start": "2027-03-22", "end": "2027-03-29",
                                "max_per_week": {"value": 3, "hard": True}})
    document["rules"]["max_per_week"] = {"value": 3, "hard": True}
    same = write(tmp_path, document)
    result = subprocess.run([*LEGEVAKT, "check", str(same)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert ("  ! Unntak 22.03–29.03 (Påske) endrer ingenting: dagene har periodens egne grenser"
            in result.stdout)
    bad = write(tmp_path, with_exceptions(PAASKE, dict(PINSE, start="2027-03-25")))
    result = subprocess.run([*LEGEVAKT, "check", str(bad)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert ("regler, unntak 2: unntaket (25.03.2027–17.05.2027) overlapper unntaket «Påske» "
            "(22.03.2027–29.03.2027)") in result.stderr
    assert "Traceback" not in result.stderr


def test_the_app_edit_path_refuses_an_overlap_in_norwegian():
    # the app assigns to the rules it edits (validated on assignment), as for every rule
    rules = Rules(exceptions=[RuleException(**PAASKE)])
    with pytest.raises(ValidationError) as info:
        rules.exceptions = [*rules.exceptions, RuleException(**dict(PINSE, start="2027-03-29"))]
    assert pydantic_error_text(info.value.errors()[0]).startswith(
        "unntaket (29.03.2027–17.05.2027) overlapper unntaket «Påske»")


# -- the engine's input ----------------------------------------------------------------------

def test_the_engine_gets_the_exceptions_in_date_order_with_its_own_limits(tmp_path):
    project = load_project(write(tmp_path, with_exceptions(PINSE, PAASKE)))  # file order: late first
    rules = build_problem(project).rules
    assert rules.exceptions == (
        sp.RuleException(start=date(2027, 3, 22), end=date(2027, 3, 29), window_days=3,
                         max_in_window=sp.Limit(1, hard=True)),
        sp.RuleException(start=date(2027, 5, 14), end=date(2027, 5, 17),
                         max_per_week=sp.Limit(4, hard=False)),
    )
    # the period's own rule is unchanged beside them
    assert rules.window_days == 4 and rules.max_in_window == sp.Limit(1, hard=False)


def test_without_exceptions_the_engine_gets_none():
    assert build_problem(load_project(SAMPLES["interkommunal"])).rules.exceptions == ()


# -- the engine's verified fix ---------------------------------------------------------------

def exception_fix(start: date, end: date, **limits: object) -> Fix:
    exc = sp.RuleException(start=start, end=end, **limits)  # type: ignore[arg-type]
    return Fix(text=f"tillat 3-delt vakt {start:%d.%m}–{end:%d.%m}", kind="exception",
               exceptions=(exc,))


def test_an_exception_fix_is_added_to_the_rules_named_by_its_week():
    project = load_project(SAMPLES["liten-kommune"])
    fix = exception_fix(date(2027, 3, 22), date(2027, 3, 28), window_days=3,
                        max_in_window=sp.Limit(1, hard=True))
    assert can_apply(fix) and can_apply(fix, project)
    fixed = apply_fix(project, fix)
    assert fixed.rules.exceptions == [RuleException(
        name="uke 12", start=date(2027, 3, 22), end=date(2027, 3, 28), spacing_window_days=3,
        max_in_window=FrequencyLimit(value=1, hard=True))]
    assert project.rules.exceptions == []  # the project itself is not changed
    assert build_problem(fixed).rules.exceptions[0].window_days == 3
    Project.model_validate(fixed.model_dump())  # a valid project, as saved


def test_a_fix_for_two_crunches_adds_an_exception_for_each_in_one_change():
    project = load_project(SAMPLES["liten-kommune"])
    three = {"window_days": 3}
    fix = Fix(text="unntak for uke 2 og uke 12: tillat 3-delt vakt", kind="exception",
              exceptions=(sp.RuleException(date(2027, 1, 11), date(2027, 1, 17), **three),
                          sp.RuleException(date(2027, 3, 22), date(2027, 3, 28), **three)))
    fixed = apply_fix(project, fix)
    assert [(e.name, e.start, e.spacing_window_days) for e in fixed.rules.exceptions] == [
        ("uke 2", date(2027, 1, 11), 3), ("uke 12", date(2027, 3, 22), 3)]
    # on a project that has one of those days in an exception already: not offered
    assert not can_apply(fix, apply_fix(project, exception_fix(date(2027, 3, 27), date(2027, 3, 28),
                                                               **three)))


def test_a_fix_that_loosens_an_exception_changes_it_and_keeps_its_name():
    project = load_project(SAMPLES["liten-kommune"])
    project.rules.exceptions = [RuleException(**PINSE, name="Pinse")]
    pinse = project.rules.exceptions[0]
    fix = exception_fix(pinse.start, pinse.end, max_per_week=sp.Limit(3))
    assert can_apply(fix, project)
    [changed] = apply_fix(project, fix).rules.exceptions
    assert (changed.name, changed.start, changed.end) == ("Pinse", pinse.start, pinse.end)
    assert changed.max_per_week == FrequencyLimit(value=3, hard=True)


def test_an_exception_fix_is_kept_in_date_order_beside_others_and_cut_to_the_period():
    project = load_project(SAMPLES["liten-kommune"])
    project.rules.exceptions = [RuleException(**PINSE)]
    # the ISO week of the period's first day begins before it: cut to 04.01
    fix = exception_fix(date(2027, 1, 4), date(2027, 1, 10), max_per_week=sp.Limit(4))
    fixed = apply_fix(project, fix)
    first, second = fixed.rules.exceptions
    assert (first.start, first.end, first.name) == (date(2027, 1, 4), date(2027, 1, 10), "uke 1")
    assert second == project.rules.exceptions[0]
    wider = exception_fix(date(2027, 1, 1), date(2027, 1, 10), max_per_week=sp.Limit(4))
    assert apply_fix(project, wider).rules.exceptions[0].start == date(2027, 1, 4)


def test_an_exception_fix_on_days_with_an_exception_is_not_offered_and_refused():
    project = load_project(SAMPLES["liten-kommune"])
    project.rules.exceptions = [RuleException(**PAASKE)]
    fix = exception_fix(date(2027, 3, 29), date(2027, 4, 4), window_days=2)
    assert not can_apply(fix, project)  # no «Bruk» button: how to combine is the leader's call
    with pytest.raises(ValueError, match=r"gjelder dager som alt har et unntak \(«Påske» "
                                         r"22\.03\.2027–29\.03\.2027\)"):
        apply_fix(project, fix)


def local_crunch() -> Project:
    """Four doctors share an evening a day for three weeks under hard firedelt vakt; Dina's
    ferie 12.01–16.01 leaves three for those days, so no rota exists — but only in week 2."""
    lysfjord = District(name="Lysfjord", kommuner=[Kommune(name="Lysfjord", inhabitants=2000,
                                                            centrality=6)],
                        stations=[Station(id="lv", name="Lysfjord legevakt", kind="central",
                                          kommune="Lysfjord")])
    doctors = [Doctor(id=i, name=n, kommune="Lysfjord", birth_year=1980,
                      competence=CompetenceFacts(specialist_allmennmedisin=True),
                      unavailable=[Absence(start=date(2027, 1, 12), end=date(2027, 1, 16))]
                      if i == "dina" else [])
               for i, n in (("ola", "Ola Li"), ("kari", "Kari Nes"), ("per", "Per Dal"),
                            ("dina", "Dina Berg"))]
    kveld = ShiftTemplate(id="kveld", name="Kveld", station="lv", kind="evening",
                          weekdays=list(range(7)), start="16:00", end="23:00")
    return Project(district=lysfjord, period=Period(start=date(2027, 1, 4), end=date(2027, 1, 24)),
                   doctors=doctors, templates=[kveld],
                   rules=Rules(max_in_window=FrequencyLimit(value=1, hard=True)))


def test_the_engines_exception_fix_makes_a_rota_possible_and_is_saved(tmp_path):
    project = local_crunch()
    fix = explain(build_problem(project), time_limit=20).fixes[0]
    assert fix.kind == "exception" and can_apply(fix, project)
    assert fix.text.startswith("unntak for uke 2 (11.01–17.01): tillat 3-delt vakt")
    fixed = apply_fix(project, fix)
    (exc,) = fixed.rules.exceptions
    assert (exc.name, exc.start, exc.end) == ("uke 2", date(2027, 1, 11), date(2027, 1, 17))
    assert exc.spacing_window_days == 3 and exc.max_in_window is None  # the period's 1, hard
    assert fixed.rules.spacing_window_days == 4  # firedelt stays for the other weeks
    result = solve(build_problem(fixed), time_limit=10, explain=False)
    assert result.found and check(build_problem(fixed), result.rota) == []
    path = tmp_path / "lysfjord.legevakt.json"
    save_project(fixed, path)
    assert load_project(path).rules.exceptions == [exc]


def ferie_crunch() -> Project:
    """Eighteen doctors, two on kveld every evening for three weeks, under a hard «maks 1 vakt
    per 6 døgn»; seven on ferie in week 2 leave eleven for the twelve duty days each six days
    there need. The counting says so at once; the explanation's solve, with a switch per rule
    group, finds neither the conflict nor a rota in its time (eleven doctors, twelve places)."""
    lysfjord = District(name="Lysfjord", kommuner=[Kommune(name="Lysfjord", inhabitants=9000,
                                                            centrality=5)],
                        stations=[Station(id="lv", name="Lysfjord legevakt", kind="central",
                                          kommune="Lysfjord")])
    names = ("Kari Nes", "Ola Li", "Per Dal", "Dina Berg", "Liv Aas", "Lars Moe", "Tone Vik",
             "Jon Hol", "Siri Bø", "Arne Lie", "Eva Sand", "Geir Ask", "Hege Rud", "Ivar Tveit",
             "Mona Eik", "Nils Bakke", "Rita Lund", "Stig Haug")
    ferie = [Absence(start=date(2027, 1, 11), end=date(2027, 1, 17))]
    doctors = [Doctor(id=f"lege{i:02}", name=n, kommune="Lysfjord", birth_year=1980,
                      competence=CompetenceFacts(specialist_allmennmedisin=True),
                      unavailable=ferie if i < 7 else [])
               for i, n in enumerate(names)]
    kveld = ShiftTemplate(id="kveld", name="Kveld", station="lv", kind="evening",
                          weekdays=list(range(7)), start="16:00", end="23:00", required=2)
    return Project(district=lysfjord, period=Period(start=date(2027, 1, 4), end=date(2027, 1, 24)),
                   doctors=doctors, templates=[kveld],
                   rules=Rules(spacing_window_days=6,
                               max_in_window=FrequencyLimit(value=1, hard=True)))


def test_the_counted_exception_fix_is_made_and_then_a_rota_exists(tmp_path):
    # the conflict is not found in time, only counted: the fix for week 2 comes from the
    # counting, verified by the engine, and is made on the project as the conflict's is
    project = ferie_crunch()
    (fix,) = explain(build_problem(project), time_limit=4).fixes
    assert fix.kind == "exception" and can_apply(fix, project)
    assert fix.text == "unntak for uke 2 (11.01–17.01): tillat 5-delt vakt (maks 1 vakt per 5 døgn)"
    fixed = apply_fix(project, fix)
    (exc,) = fixed.rules.exceptions
    assert (exc.name, exc.start, exc.end) == ("uke 2", date(2027, 1, 11), date(2027, 1, 17))
    assert exc.spacing_window_days == 5 and exc.max_in_window is None  # the period's 1, hard
    assert fixed.rules.spacing_window_days == 6  # the other weeks keep their rule
    result = solve(build_problem(fixed), time_limit=10, explain=False)
    assert result.found and check(build_problem(fixed), result.rota) == []
    path = tmp_path / "lysfjord.legevakt.json"
    save_project(fixed, path)
    assert load_project(path).rules.exceptions == [exc]


# -- the next period -------------------------------------------------------------------------

def test_the_next_period_starts_without_this_periods_exceptions():
    # an exception lies within its period, so the next period (which starts after it) has
    # none; it is still a valid project (kept, Easter's exception would lie outside it)
    project = load_project(SAMPLES["liten-kommune"])
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in round_robin(build_problem(project)).assignments]
    project.rules.exceptions = [RuleException(**PAASKE), RuleException(**PINSE)]
    new = next_period(project).project
    assert new.period.start == date(2027, 7, 5)
    assert new.rules.exceptions == []
    assert new.rules.model_dump(exclude={"exceptions"}) == project.rules.model_dump(
        exclude={"exceptions"})


def test_summary_and_lines_say_each_exception():
    rules = Rules(max_in_window=FrequencyLimit(value=1, hard=False),
                  exceptions=[RuleException(**PAASKE), RuleException(**PINSE)])
    assert exception_lines(rules) == [
        "Unntak 22.03–29.03 (Påske): maks 1 vakt per 3 døgn (3-delt, absolutt)",
        "Unntak 14.05–17.05: maks 4 vakter per uke (ønsket)"]
    # a window of its own under the period's limit: the period's limit, counted over 3 days
    own_window = RuleException(start=date(2027, 3, 22), end=date(2027, 3, 29), spacing_window_days=3)
    assert exception_lines(rules.model_copy(update={"exceptions": [own_window]})) == [
        "Unntak 22.03–29.03: maks 1 vakt per 3 døgn (3-delt, ønsket)"]
    project = load_project(SAMPLES["liten-kommune"])
    project.rules.exceptions = [RuleException(**PAASKE)]
    assert summary_lines(project)[-2:] == [
        "Unntak:      1 fra vakthyppigheten",
        "  - 22.03–29.03 (Påske): maks 1 vakt per 3 døgn (3-delt, absolutt)"]


def test_one_step_for_the_period_and_exceptions_for_the_weeks_still_short():
    """liten-kommune with firedelt as a hard rule: three doctors take every night, so no
    exception alone helps, and 2-delt for the whole half-year is more than needed — 3-delt
    for the period with 2-delt in Kari's ferie week and Ola's kurs week is enough. The fix
    says so, the app applies it in one change, and the project then has a rota."""
    project = load_project(SAMPLES["liten-kommune"])
    project.rules.max_in_window = FrequencyLimit(value=1, hard=True)
    e = explain(build_problem(project), time_limit=20)
    both = e.fixes[0]
    assert both.text == ("tillat 3-delt vakt (maks 1 vakt per 3 døgn) for hele perioden, og "
                         "unntak for uke 8 (22.02–28.02) og uke 15 (12.04–18.04): tillat 2-delt "
                         "vakt (maks 1 vakt per 2 døgn)")
    assert e.fixes[1].text == "tillat 2-delt vakt (maks 1 vakt per 2 døgn) for hele perioden"
    assert can_apply(both, project)
    fixed = apply_fix(project, both)
    assert fixed.rules.spacing_window_days == 3
    assert [(x.name, x.spacing_window_days) for x in fixed.rules.exceptions] == [
        ("uke 8", 2), ("uke 15", 2)]
    problem = build_problem(fixed)
    r = solve(problem, time_limit=20, deterministic=True)
    assert r.rota.assignments and check(problem, r.rota) == []


def test_a_wide_conflict_still_gets_an_exception_for_the_weeks_the_counting_finds_short():
    """liten-kommune with hard 3-delt and Kari on ferie two weeks in February: the conflict
    CP-SAT names spans twelve weeks of spring, too many for an exception; the weeks the
    counting finds short come first, and the fix is an exception for three weeks, verified —
    not only 2-delt for the whole half-year."""
    from dataclasses import replace

    from legevakt_app.domain import Absence

    project = load_project(SAMPLES["liten-kommune"])
    project.rules.spacing_window_days = 3
    project.rules.max_in_window = FrequencyLimit(value=1, hard=True)
    kari = next(d for d in project.doctors if d.name == "Kari Nordeng")
    kari.unavailable = [Absence(start=date(2027, 2, 15), end=date(2027, 2, 28), kind="ferie")]
    problem = build_problem(project)
    e = explain(problem, time_limit=20)
    assert e.fixes[0].text == ("unntak for uke 7–8 (15.02–28.02) og uke 15 (12.04–18.04): "
                               "tillat 2-delt vakt (maks 1 vakt per 2 døgn)")
    assert e.fixes[-1].text == "tillat 2-delt vakt (maks 1 vakt per 2 døgn) for hele perioden"
    fixed = replace(problem, rules=replace(problem.rules, exceptions=e.fixes[0].exceptions))
    r = solve(fixed, time_limit=20, deterministic=True)
    assert r.rota.assignments and check(fixed, r.rota) == []


def test_check_says_when_the_reports_and_the_sharing_weigh_hjemmevakt_otherwise():
    """«Hjemmevakt i arbeidstid» 0,143 feeds the reports; the rota is shared by each vakttype's
    load per hour. Where they differ, «legevakt check» says so, and what to set; where every
    hjemmevakt already has the same load, or the factor is 1, it says nothing."""
    project = load_project(SAMPLES["liten-kommune"])
    assert not any("Hjemmevakt i arbeidstid" in line for line in summary_lines(project))
    project.rules.hjemmevakt_factor = 0.143
    notes = [line for line in summary_lines(project) if "Hjemmevakt i arbeidstid" in line]
    hjemme = sorted(t.name for t in project.templates if not t.on_site)
    assert notes == [f"  ! Hjemmevakt i arbeidstid er 0,143 i rapportene (ekv.), men vaktene "
                     f"fordeles etter vakttypenes vekt, belastningen per time ("
                     f"{', '.join(f'{name} 1' for name in hjemme)}): sett vekten på "
                     "hjemmevaktene til det samme om fordelingen skal regne likt"]
    for template in project.templates:
        if not template.on_site:
            template.weight = 0.143
    assert not any("Hjemmevakt i arbeidstid" in line for line in summary_lines(project))


def test_check_says_when_a_lis1_has_lis1_completed():
    """A QA audit: every LIS1 in the samples had «LIS1 fullført» at 13-16 months, and the
    scenario «LIS1 er nok» then took the district's bakvakt to 0. A doctor in LIS1 has not
    completed it: check says so."""
    project = load_project(SAMPLES["liten-kommune"])
    per = next(d for d in project.doctors if d.kind == "lis1")
    assert not per.competence.lis1_completed  # the sample: 16 months of 18
    assert not any("«LIS1 fullført»" in line for line in summary_lines(project))
    per.competence.lis1_completed = True
    assert f"  ! {per.name} er LIS1, men «LIS1 fullført» er krysset av: er LIS1 fullført, er " \
           "legen ikke lenger LIS1 (velg en annen type)" in summary_lines(project)
