"""Schema versions: every migration has a test with a file of the old version; a newer file
is refused with a clear message and never opened (or overwritten) half-understood."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from legevakt_app.domain import SCHEMA_VERSION
from legevakt_app.project_io import (
    MIGRATIONS,
    ProjectError,
    dumps_project,
    load_project,
    migrate,
    project_from_document,
    save_project,
)

DATA = Path(__file__).with_name("data")
V1 = DATA / "v1-liten-kommune.legevakt.json"
V2 = DATA / "v2-liten-kommune-fritak.legevakt.json"


def test_every_version_below_the_current_has_a_migration():
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_every_migration_has_a_fixture_file():
    for version in MIGRATIONS:
        fixtures = list(DATA.glob(f"v{version}-*.legevakt.json"))
        assert fixtures, f"no tests/reliability/data/v{version}-*.legevakt.json"
        for path in fixtures:
            assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == version


def test_v1_to_v2_snapshots_get_the_announced_names():
    project = load_project(V1)
    assert project.schema_version == SCHEMA_VERSION
    (snap,) = project.snapshots
    assert snap.name == "Publisert 01.12.2026 10:00"
    assert snap.doctor_names == {"lege01": "Kari Nordeng", "lege03": "Ingrid Reinvik",
                                 "lege02": "Ola Hallingset"}
    # the rest of the file is kept as it was
    v1 = json.loads(V1.read_text(encoding="utf-8"))
    assert [a.model_dump() for a in project.rota] == v1["rota"]
    assert [a.model_dump() for a in snap.assignments] == v1["snapshots"][0]["assignments"]
    assert len(project.doctors) == len(v1["doctors"])


@pytest.mark.parametrize("old", [V1, V2], ids=["v1", "v2"])
def test_an_old_file_saved_again_is_current_and_stable(tmp_path, old):
    out = tmp_path / "saved.legevakt.json"
    save_project(load_project(old), out)
    text = out.read_text(encoding="utf-8")
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION
    assert dumps_project(load_project(out)) == text


def test_v2_to_v3_keeps_a_right_but_not_which_right(tmp_path):
    """Pregnancy and breastfeeding were kept by name; from version 3 only «right» is: the
    fritak, its scope and dates stay, the health information goes, also from the saved file."""
    project = load_project(V2)
    fritak = {d.id: [(e.category, e.scope, e.start.isoformat(), e.end.isoformat())
                     for e in d.exemptions] for d in project.doctors}
    assert fritak["lege01"] == [("right", "full", "2027-05-03", "2027-06-27")]
    assert fritak["lege02"] == [("right", "no_16_08", "2027-03-01", "2027-04-30")]
    assert fritak["lege03"] == [("over_55", "no_nights", "2027-01-04", "2027-07-04")]
    out = tmp_path / "saved.legevakt.json"
    save_project(project, out)
    text = out.read_text(encoding="utf-8")
    assert "pregnancy" not in text and "breastfeeding" not in text
    assert "pregnancy" in V2.read_text(encoding="utf-8")  # the fixture is what it says


@pytest.mark.parametrize("exemptions", [None, "x", [1, None, "y"], [{"category": 5}]])
def test_v2_migration_tolerates_any_shape(exemptions):
    document = json.loads(V2.read_text(encoding="utf-8"))
    document["doctors"][0]["exemptions"] = exemptions
    document["doctors"] = [None, "lege", *document["doctors"]]
    with pytest.raises(ProjectError) as info:
        project_from_document(document)
    assert all(p.message for p in info.value.problems)


def test_v2_snapshot_survives_the_doctor_leaving():
    """The reason for schema 2: in v1, removing a doctor who was in a published snapshot
    made the project impossible to open."""
    project = load_project(V1)
    document = json.loads(dumps_project(project))
    document["doctors"] = [d for d in document["doctors"] if d["id"] != "lege03"]
    document["rota"] = [a for a in document["rota"] if a["doctor_id"] != "lege03"]
    reopened = project_from_document(document)
    assert reopened.snapshots[0].doctor_names["lege03"] == "Ingrid Reinvik"
    # without the announced name it is still an error, with the path
    del document["snapshots"][0]["doctor_names"]["lege03"]
    with pytest.raises(ProjectError) as info:
        project_from_document(document)
    assert info.value.problems[0].path.startswith("snapshots[0].assignments[")
    assert "unknown doctor 'lege03'" in info.value.problems[0].message


def test_migration_does_not_change_the_callers_document():
    document = json.loads(V1.read_text(encoding="utf-8"))
    before = json.dumps(document, sort_keys=True)
    migrate(document)
    project_from_document(document)
    assert json.dumps(document, sort_keys=True) == before


@pytest.mark.parametrize("snapshots", [None, "x", [1, None, "y"], [{"assignments": "x"}],
                                       [{"assignments": [1, {"doctor_id": 5}]}]])
def test_v1_migration_tolerates_any_shape(snapshots):
    document = json.loads(V1.read_text(encoding="utf-8"))
    document["snapshots"] = snapshots
    document["doctors"] = [None, {"id": 1}] + document["doctors"]
    with pytest.raises(ProjectError) as info:
        project_from_document(document)
    assert all(p.message for p in info.value.problems)


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 99, 10**12])
def test_newer_file_is_refused_and_not_touched(tmp_path, version):
    document = json.loads(V1.read_text(encoding="utf-8"))
    document["schema_version"] = version
    document["a_field_from_the_future"] = {"x": 1}
    path = tmp_path / "new.legevakt.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProjectError) as info:
        load_project(path)
    (problem,) = info.value.problems  # one clear message, not a list of "unknown field"s
    assert problem.path == "schema_version"
    assert f"version {version}, made by a newer Legevakt" in problem.message
    assert "Update the program" in problem.message
    assert path.read_bytes() == before


@pytest.mark.parametrize("version", [0, -1, "2", 2.0, None, True])
def test_odd_versions_are_refused(version):
    document = json.loads(V1.read_text(encoding="utf-8"))
    document["schema_version"] = version
    with pytest.raises(ProjectError) as info:
        project_from_document(document)
    assert info.value.problems[0].path == "schema_version"


def test_missing_version_is_refused():
    document = json.loads(V1.read_text(encoding="utf-8"))
    del document["schema_version"]
    with pytest.raises(ProjectError) as info:
        project_from_document(document)
    assert info.value.problems[0].path == "schema_version"
