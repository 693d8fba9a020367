"""`legevakt solve --repair` in the middle of a published period: a doctor falls ill for two
weeks, and the leader must know whom to tell what."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from legevakt_app.cli import EXIT_OK, main
from legevakt_app.engine_input import build_problem
from legevakt_app.project_io import load_project
from legevakt_app.snapshots import diff_against_latest, latest_snapshot
from tests.conftest import SAMPLES

ILL_FROM, ILL_TO = "2027-03-01", "2027-03-14"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> bytes:
    """liten-kommune solved (deterministically, so the test does not depend on the machine)
    and published, as the file a leader has: its bytes, solved once for the module."""
    path = tmp_path_factory.mktemp("publisert") / "liten.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    assert main(["solve", str(path), "--save", "--quiet", "--time-limit", "5",
                 "--deterministic"]) == EXIT_OK
    assert main(["export", str(path), "--ics-dir", str(path.parent / "kalendere"),
                 "--publish"]) == EXIT_OK
    return path.read_bytes()


def _ill(tmp_path: Path, published: bytes, doctor: str) -> Path:
    """The published project with ``doctor`` ill (fravær «annet») for two weeks."""
    document = json.loads(published)
    for d in document["doctors"]:
        if d["id"] == doctor:
            d["unavailable"].append({"start": ILL_FROM, "end": ILL_TO, "kind": "annet"})
    path = tmp_path / "liten.legevakt.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_repair_names_each_doctor_to_tell_and_the_vakter_they_get_or_lose(tmp_path, published,
                                                                              capsys):
    path = _ill(tmp_path, published, "lege01")
    capsys.readouterr()
    assert main(["solve", str(path), "--repair", "--save", "--quiet", "--time-limit", "10",
                 "--deterministic"]) == EXIT_OK
    out = capsys.readouterr().out
    project = load_project(path)
    snapshot = latest_snapshot(project)
    ill = [a for a in snapshot.assignments if a.doctor_id == "lege01"
           and ILL_FROM <= a.shift_id.split("@")[1] <= ILL_TO]
    assert ill, "Kari had vakter in the two weeks"
    diff = diff_against_latest(project)
    # every vakt Kari had in the two weeks moved, and nothing else of what was published
    assert sorted((c.shift_id, c.role) for c in diff.moved + diff.removed) == \
        sorted((a.shift_id, a.role) for a in ill)
    lines = {line.split(":")[0].strip(): line for line in out.splitlines() if line.startswith("  ")}
    # Kari is told which vakter she no longer has, by day and vakt …
    kari = lines["Kari Nordeng"]
    assert f"mister {len(ill)}:" in kari
    shifts = {s.id: s for s in build_problem(project).shifts}
    for a in ill:
        assert f"{shifts[a.shift_id].start:%d.%m} {shifts[a.shift_id].label}" in kari
    # … and each colleague which ones they get
    gained = Counter(c.after for c in diff.changes if c.after is not None)
    names = {d.id: d.name for d in project.doctors}
    for doctor, n in gained.items():
        assert f"får {n}:" in lines[names[doctor]]
    assert f"({len(diff.affected_doctors())} leger må få beskjed)" in out
    assert f"Flyttet: {len(ill)} tildelinger av de {len(snapshot.assignments)} som var publisert" in out
    assert "--ics-dir MAPPE --publish" in out

