"""Strict loading: a project file's numbers are JSON numbers, its yes/no are true/false, and
no key stands twice in one object; anything else is refused with the field and the problem
in Norwegian (``legevakt check`` exit 2), while everything the app writes still loads.

Every file here is written to disk and read by :func:`load_project`, the path the command
line and the app's «Åpne» take.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from legevakt_app.domain import Doctor, Project, Rules
from legevakt_app.messages import problem_message, reference_problem_text
from legevakt_app.project_io import ProjectError, dumps_project, load_project
from tests.conftest import ROOT, SAMPLES

_SCRIPT = Path(sys.executable).with_name("legevakt")
LEGEVAKT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "legevakt_app.cli"]


def legevakt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LEGEVAKT, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def sample_doc(name: str = "liten-kommune") -> dict:
    return json.loads(SAMPLES[name].read_text(encoding="utf-8"))


def write(tmp_path: Path, document: dict | str, name: str = "prosjekt") -> Path:
    path = tmp_path / f"{name}.legevakt.json"
    text = document if isinstance(document, str) else json.dumps(document, indent=2,
                                                                  ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> dict[str, str]:
    """Field path → the Norwegian message, for every problem loading ``path`` reports."""
    with pytest.raises(ProjectError) as info:
        load_project(path)
    return {p.path: problem_message(p) for p in info.value.problems}


# -- true/false and text where a number belongs ------------------------------------------------

@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        (("doctors", 0, "legevakt_share"), True, "må være et tall, ikke true"),
        (("doctors", 0, "legevakt_share"), False, "må være et tall, ikke false"),
        (("district", "kommuner", 0, "inhabitants"), True, "må være et heltall, ikke true"),
        (("rules", "min_rest_hours"), True, "må være et tall, ikke true"),
        (("templates", 0, "required"), False, "må være et heltall, ikke false"),
        (("doctors", 1, "ledger", "nights"), True, "må være et heltall, ikke true"),
        (("district", "kommuner", 0, "inhabitants"), "2480",
         "må være et heltall uten anførselstegn: 2480, ikke teksten «2480»"),
        (("doctors", 0, "legevakt_share"), "0.5",
         "må være et tall uten anførselstegn: 0.5, ikke teksten «0.5»"),
        (("doctors", 0, "legevakt_share"), "0,5",  # a Norwegian decimal comma
         "må være et tall uten anførselstegn: 0.5, ikke teksten «0,5»"),
        (("doctors", 0, "birth_year"), "1970",
         "må være et heltall uten anførselstegn: 1970, ikke teksten «1970»"),
        (("doctors", 0, "birth_year"), "nitten sytti", "må være et heltall, ikke teksten «nitten sytti»"),
        (("rules", "min_rest_hours"), "11", "må være et tall uten anførselstegn: 11, ikke teksten «11»"),
        (("doctors", 0, "birth_year"), 1970.0, "må være et heltall uten desimaler, ikke 1970.0"),
        (("templates", 0, "on_site"), "true", "må være true uten anførselstegn, ikke teksten «true»"),
        (("templates", 0, "on_site"), 1, "må være true eller false, ikke 1"),
        (("doctors", 0, "competence", "lis1_completed"), "ja",
         "må være true eller false, ikke teksten «ja»"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_refused_at_its_field(tmp_path, where, value, expected):
    doc = sample_doc()
    *parents, last = where
    target = doc
    for part in parents:
        target = target[part]
    target[last] = value
    path = write(tmp_path, doc)
    before = path.read_bytes()
    field = ".".join(f"[{p}]" if isinstance(p, int) else p for p in where).replace(".[", "[")
    assert refused(path) == {field: expected}
    assert path.read_bytes() == before  # a refused file is left as it was


def test_the_leaders_window_names_the_field_in_norwegian(tmp_path):
    doc = sample_doc()
    doc["doctors"][2]["legevakt_share"] = True
    doc["district"]["kommuner"][0]["inhabitants"] = "2480"
    with pytest.raises(ProjectError) as info:
        load_project(write(tmp_path, doc))
    assert [reference_problem_text(p) for p in info.value.problems] == [
        "kommune 1, Innbyggere: må være et heltall uten anførselstegn: 2480, ikke teksten «2480»",
        "lege 3 (Ingrid Reinvik), Vaktandel: må være et tall, ikke true",
    ]


def test_check_exits_2_naming_each_field_and_leaves_the_file(tmp_path):
    doc = sample_doc("interkommunal")
    doc["doctors"][3]["legevakt_share"] = True
    doc["district"]["kommuner"][1]["inhabitants"] = "2480"
    doc["rules"]["min_rest_hours"] = False
    path = write(tmp_path, doc)
    before = path.read_bytes()
    result = legevakt("check", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{path}: 3 problemer" in result.stderr
    assert "  lege 4 (Per Kroken), Vaktandel: må være et tall, ikke true" in result.stderr
    assert ("  kommune 2, Innbyggere: må være et heltall uten anførselstegn: 2480, "
            "ikke teksten «2480»") in result.stderr
    assert "  regler, Minste hviletid: må være et tall, ikke false" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Input should" not in result.stderr  # no English from the validator
    assert path.read_bytes() == before


# -- a control character in a text ---------------------------------------------------------------

def test_a_control_character_in_a_name_is_refused_at_its_field(tmp_path):
    """A NUL, a vertical tab or a line break in a name (pasted, or a hand edit) is refused
    where the file is read, naming the field: nothing downstream (an Excel sheet, a calendar
    file) ever sees it."""
    doc = sample_doc()
    doc["doctors"][0]["name"] = "Kari\u0000Nordeng"
    doc["district"]["name"] = "Lys\tfjord"
    doc["templates"][0]["name"] = "Døgn\nvakt"
    doc["rules"]["exceptions"] = [{"name": "J\u000bul", "start": "2027-01-11",
                                   "end": "2027-01-12", "spacing_window_days": 3}]
    path = write(tmp_path, doc)
    before = path.read_bytes()
    assert refused(path) == {
        "district.name": "har et usynlig kontrolltegn (tabulator, tegn 4); skriv teksten uten det",
        "doctors[0].name": "har et usynlig kontrolltegn (U+0000, tegn 5); skriv teksten uten det",
        "templates[0].name": "har et usynlig kontrolltegn (linjeskift, tegn 5); skriv teksten "
                             "uten det",
        "rules.exceptions[0].name": "har et usynlig kontrolltegn (U+000B, tegn 2); skriv teksten "
                                    "uten det",
    }
    with pytest.raises(ProjectError) as info:
        load_project(path)
    assert ("lege 1 (lege01), Navn: har et usynlig kontrolltegn (U+0000, tegn 5); skriv teksten uten det"
            in [reference_problem_text(p) for p in info.value.problems])
    assert path.read_bytes() == before
    result = legevakt("check", str(path))
    assert result.returncode == 2 and "lege 1 (lege01), Navn: har et usynlig kontrolltegn" in result.stderr


# -- practice hours back to front ---------------------------------------------------------------

@pytest.mark.parametrize(("start", "end"), [("16:00", "08:00"), ("08:00", "08:00")])
def test_practice_hours_back_to_front_are_refused_at_practice_end(tmp_path, start, end):
    """Praksis 16:00–08:00 would make the practice day empty and switch the practice rule off
    without a word; the file is refused naming the field."""
    doc = sample_doc()
    doc["rules"].update(practice_start=start, practice_end=end)
    assert refused(write(tmp_path, doc)) == {
        "rules.practice_end": f"praksisdagen slutter {end}, ikke etter at den begynner "
                              f"({start}): Praksis til må være senere enn Praksis fra"}


# -- a key twice in one object -------------------------------------------------------------------

def with_key_twice(document: dict, where: tuple, key: str, first: object) -> str:
    """The document's JSON text with ``key`` written once more, first, in the object at
    ``where`` (JSON allows the text; json.dumps cannot write it)."""
    marker = "__twin__"
    target = document
    for part in where:
        target = target[part]
    target[marker] = first
    text = json.dumps(document, indent=2, ensure_ascii=False)
    assert text.count(f'"{marker}"') == 1
    return text.replace(f'"{marker}"', f'"{key}"')


def test_a_key_twice_names_the_object_and_the_key(tmp_path):
    doc = sample_doc()
    text = with_key_twice(doc, ("doctors", 2), "legevakt_share", 0.5)
    path = write(tmp_path, text)
    assert refused(path) == {
        "doctors[2]": "feltet «legevakt_share» (Vaktandel) står to ganger i samme objekt; "
                      "behold bare ett (det er ikke klart hvilken verdi som skal gjelde)",
    }


def test_every_repeated_key_is_reported_at_once(tmp_path):
    doc = sample_doc()
    doc["rules"]["__a__"] = 8
    doc["doctors"][1]["ledger"]["__b__"] = 1
    doc["__c__"] = "x"
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    text = (text.replace('"__a__"', '"min_rest_hours"').replace('"__b__"', '"nights"')
            .replace('"__c__"', '"schema_version"'))
    # a key three times, and a key that is no field of the format
    text = text.replace('"practice_after_night"', '"x": 1, "x": 2, "x": 3, "practice_after_night"')
    with pytest.raises(ProjectError) as info:
        load_project(write(tmp_path, text))
    # objects in the order they open in the file, each object's keys in the order they first stand
    assert [(p.path, problem_message(p)) for p in info.value.problems] == [
        ("", "feltet «schema_version» (Formatversjon) står to ganger øverst i filen; behold "
             "bare ett (det er ikke klart hvilken verdi som skal gjelde)"),
        ("doctors[1].ledger", "feltet «nights» (Netter) står to ganger i samme objekt; behold "
                              "bare ett (det er ikke klart hvilken verdi som skal gjelde)"),
        ("rules", "feltet «min_rest_hours» (Minste hviletid) står to ganger i samme objekt; "
                  "behold bare ett (det er ikke klart hvilken verdi som skal gjelde)"),
        ("rules", "feltet «x» står tre ganger i samme objekt; behold bare ett (det er ikke "
                  "klart hvilken verdi som skal gjelde)"),
    ]


def test_the_same_value_twice_is_refused_too(tmp_path):
    """Even an identical repeat: the leader who wrote it meant something by it."""
    doc = sample_doc()
    text = with_key_twice(doc, ("period",), "start", doc["period"]["start"])
    assert list(refused(write(tmp_path, text))) == ["period"]


def test_check_reports_a_key_twice_with_exit_2_and_keeps_the_file(tmp_path):
    doc = sample_doc()
    path = write(tmp_path, with_key_twice(doc, ("doctors", 0), "legevakt_share", 2))
    before = path.read_bytes()
    result = legevakt("check", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert (f"{path}: 1 problem\n  lege 1 (Kari Nordeng): feltet «legevakt_share» (Vaktandel) står to "
            "ganger i samme objekt; behold bare ett (det er ikke klart hvilken verdi som skal "
            "gjelde)\n") in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert path.read_bytes() == before


def test_a_key_twice_in_the_window_names_the_doctor(tmp_path):
    doc = sample_doc()
    path = write(tmp_path, with_key_twice(doc, ("doctors", 3), "birth_year", 1970))
    with pytest.raises(ProjectError) as info:
        load_project(path)
    (problem,) = info.value.problems
    assert reference_problem_text(problem).startswith("lege 4 (Per Kroken): feltet «birth_year» (Født) står")


# -- what is legitimately written loads as before ------------------------------------------------

@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_loads_from_a_copy_unchanged(tmp_path, name):
    path = tmp_path / f"{name}.legevakt.json"
    path.write_bytes(SAMPLES[name].read_bytes())
    assert dumps_project(load_project(path)) == SAMPLES[name].read_text(encoding="utf-8")


def test_the_version_1_fixture_still_loads():
    load_project(ROOT / "tests" / "reliability" / "data" / "v1-liten-kommune.legevakt.json")


def test_whole_numbers_for_decimals_dates_and_choices_as_text_still_load(tmp_path):
    doc = sample_doc()
    doc["doctors"][0]["legevakt_share"] = 1  # 1 for 1.0
    doc["doctors"][0]["position_share"] = 1
    doc["doctors"][0]["practice_hours_per_week"] = 40
    doc["rules"]["min_rest_hours"] = 11
    doc["rules"]["fairness_margin"] = 0
    doc["doctors"][1]["ledger"]["last_vakt_end"] = "2026-12-28T08:00:00"
    doc["doctors"][1]["ledger"]["load_balance"] = -12
    doc["doctors"][1]["unavailable"] = [{"start": "2027-02-01", "end": "2027-02-07",
                                         "kind": "kurs"}]
    project = load_project(write(tmp_path, doc))
    assert project.doctors[0].legevakt_share == 1.0
    assert isinstance(project.doctors[0].legevakt_share, float)
    assert project.rules.min_rest_hours == 11.0
    assert project.doctors[1].ledger.last_vakt_end == datetime(2026, 12, 28, 8, 0)
    assert project.doctors[1].unavailable[0].start == date(2027, 2, 1)
    assert project.doctors[1].unavailable[0].kind == "kurs"
    # and what it saves reads again
    again = write(tmp_path, dumps_project(project), "igjen")
    assert load_project(again) == project


def test_a_date_must_be_just_a_date_and_a_time_a_full_one(tmp_path):
    """Strict JSON reads ISO text of the field's own type; lax mode also took a midnight
    date-time for a date and a bare date for a date-time (a leader's slip either way)."""
    doc = sample_doc()
    doc["period"]["start"] = doc["period"]["start"] + "T00:00:00"
    doc["doctors"][1]["ledger"]["last_vakt_end"] = "2026-12-28"
    doc["doctors"][2]["unavailable"] = [{"start": 20270201, "end": "2027-02-07"}]
    assert refused(write(tmp_path, doc)) == {
        "period.start": "må være en dato ÅÅÅÅ-MM-DD: 2027-01-04, ikke «2027-01-04T00:00:00»",
        "doctors[1].ledger.last_vakt_end": "må være dato og klokkeslett ÅÅÅÅ-MM-DDTtt:mm, "
                                           "ikke «2026-12-28»",
        "doctors[2].unavailable[0].start": "må være en dato ÅÅÅÅ-MM-DD i anførselstegn, "
                                           "ikke 20270201",
    }


def test_a_value_nested_past_the_validators_depth_is_a_clear_problem(tmp_path):
    value: object = 0
    for i in range(300):
        value = [value] if i % 2 else {"x": value}
    doc = sample_doc()
    doc["doctors"][0]["name"] = value
    assert refused(write(tmp_path, doc)) == {"": "filen er nøstet for dypt"}


def test_the_apps_own_edits_stay_as_they_were():
    """The models are not strict: the window assigns a spin box's int to a decimal field, and
    builds models from Python dates; only reading a file is strict."""
    project = load_project(SAMPLES["liten-kommune"])
    doctor = project.doctors[0]
    doctor.legevakt_share = 2  # QSpinBox gives an int
    doctor.practice_hours_per_week = 37.5
    assert doctor.legevakt_share == 2.0
    rules = project.rules
    rules.min_rest_hours = 11
    rules.fairness_margin = 0.0
    assert Rules.model_validate(rules.model_dump()) == rules
    assert Project.model_validate(project.model_dump()) == project  # dates as Python dates
    Doctor.model_validate({**doctor.model_dump(), "id": "ny", "birth_year": 1980})
