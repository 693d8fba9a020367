"""Project files: validation with field paths, exemption rules, byte-stable round trip."""

import copy
import json

import pytest

from legevakt_app.project_io import (
    ProjectError,
    dumps_project,
    load_project,
    project_from_document,
    save_project,
)
from tests.conftest import SAMPLES


def sample_doc(name="interkommunal"):
    return json.loads(SAMPLES[name].read_text(encoding="utf-8"))


def problems_of(document):
    with pytest.raises(ProjectError) as info:
        project_from_document(document)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_load_then_save_is_byte_for_byte_stable(name, tmp_path):
    original = SAMPLES[name].read_bytes()
    project = load_project(SAMPLES[name])
    assert dumps_project(project).encode("utf-8") == original
    out = tmp_path / "copy.legevakt.json"
    save_project(project, out)
    assert out.read_bytes() == original
    assert load_project(out) == project


def test_samples_are_what_the_generator_makes():
    from samples.make_samples import SAMPLES as MAKERS

    for name, make in MAKERS.items():
        assert dumps_project(make()) == SAMPLES[name].read_text(encoding="utf-8"), name


def test_reversed_dates_name_the_field_path():
    doc = sample_doc()
    doc["doctors"][3]["unavailable"] = [{"start": "2027-02-08", "end": "2027-02-01",
                                         "kind": "ferie"}]
    assert problems_of(doc) == [
        "doctors[3].unavailable[0]: end 2027-02-01 is before start 2027-02-08"
    ]


def test_all_problems_are_reported_at_once():
    doc = sample_doc()
    doc["doctors"][0]["birth_year"] = "nineteen"
    doc["doctors"][1]["legevakt_share"] = 7
    doc["templates"][0]["start"] = "25:00"
    doc["district"]["kommuner"][0]["centrality"] = 9
    del doc["doctors"][2]["name"]
    doc["doctors"][4]["favourite_colour"] = "blå"
    found = problems_of(doc)
    paths = {p.split(":")[0] for p in found}
    assert paths == {
        "doctors[0].birth_year",
        "doctors[1].legevakt_share",
        "templates[0].start",
        "district.kommuner[0].centrality",
        "doctors[2].name",
        "doctors[4].favourite_colour",
    }
    assert "doctors[2].name: required field is missing" in found
    assert "doctors[4].favourite_colour: unknown field (not part of the project format)" in found


def test_cross_references_are_checked():
    doc = sample_doc()
    doc["doctors"][0]["kommune"] = "Atlantis"
    doc["doctors"][1]["id"] = doc["doctors"][0]["id"]
    doc["templates"][1]["station"] = "mars"
    found = problems_of(doc)
    assert "doctors[0].kommune: unknown kommune 'Atlantis'" in found
    assert "doctors[1]: doctor id 'lege01' is used twice" in found
    assert "templates[1].station: unknown station 'mars'" in found


def test_exemption_over_55_requires_the_age():
    doc = sample_doc()
    doc["doctors"][0]["birth_year"] = 1980
    doc["doctors"][0]["exemptions"] = [
        {"start": "2027-01-04", "end": "2027-07-04", "category": "over_55", "scope": "full"}
    ]
    assert problems_of(doc) == [
        "doctors[0].exemptions[0].category: fritak 'over 55' but born 1980 (turns 47 in 2027)"
    ]
    ok = copy.deepcopy(doc)
    ok["doctors"][0]["birth_year"] = 1972  # turns 55 in 2027
    assert project_from_document(ok).doctors[0].exemptions[0].category == "over_55"


def test_exemption_stores_no_reason():
    doc = sample_doc("liten-kommune")
    doc["doctors"][2]["exemptions"][0]["reason"] = "diagnose"
    assert problems_of(doc) == [
        "doctors[2].exemptions[0].reason: unknown field (not part of the project format)"
    ]


def test_pre_assigned_shift_must_exist():
    doc = sample_doc()
    doc["doctors"][0]["pre_assigned"] = [{"shift_id": "kveld@2027-01-09", "role": "vakt"}]
    # a Saturday: the weekday evening does not run then, which is what the message says
    assert problems_of(doc) == [
        "doctors[0].pre_assigned[0].shift_id: no shift 'kveld@2027-01-09': 'Kveld' does not run "
        "on 2027-01-09"
    ]
    doc["doctors"][0]["pre_assigned"] = [{"shift_id": "kveld@2029-01-09", "role": "vakt"}]
    assert problems_of(doc) == [
        "doctors[0].pre_assigned[0].shift_id: no shift 'kveld@2029-01-09' in the period"
    ]
    doc["doctors"][0]["pre_assigned"] = [{"shift_id": "kveld@2027-01-08", "role": "vakt"}]
    project_from_document(doc)


def test_exactly_one_central_station():
    doc = sample_doc()
    doc["district"]["stations"][1]["kind"] = "central"
    assert any(p.startswith("district.stations: there must be exactly one central")
               for p in problems_of(doc))


def test_newer_schema_is_refused_clearly():
    doc = sample_doc()
    doc["schema_version"] = 99
    (msg,) = problems_of(doc)
    assert msg.startswith("schema_version: the file is version 99, made by a newer Legevakt")


def test_carried_duty_days_are_saved_only_where_there_are_some(tmp_path):
    """The ledger's duty days of the period before (the spacing limits run on from them): a
    file from before they were kept loads and saves byte for byte, with no empty list added;
    one that has them keeps them."""
    from datetime import date

    original = SAMPLES["liten-kommune"].read_bytes()
    assert b"earlier_duty_days" not in original
    project = load_project(SAMPLES["liten-kommune"])
    assert all(d.ledger.earlier_duty_days == [] for d in project.doctors)
    assert dumps_project(project).encode("utf-8") == original
    doc = sample_doc("liten-kommune")
    doc["doctors"][0]["ledger"]["earlier_duty_days"] = ["2027-01-03", "2026-12-31"]
    carried = project_from_document(doc)
    # kept in date order, and only for the doctor who has them
    assert carried.doctors[0].ledger.earlier_duty_days == [date(2026, 12, 31), date(2027, 1, 3)]
    text = dumps_project(carried)
    assert text.count("earlier_duty_days") == 1
    out = tmp_path / "carried.legevakt.json"
    save_project(carried, out)
    assert load_project(out) == carried
    save_project(load_project(out), out)
    assert out.read_text(encoding="utf-8") == text
