"""Autosave: recovery files per project, found at start-up, restored, discarded."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from legevakt_app import recovery
from legevakt_app.project_io import ProjectError, load_project, save_project
from tests.conftest import SAMPLES


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("LEGEVAKT_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def project():
    return load_project(SAMPLES["liten-kommune"])


def test_location_follows_env_and_xdg(monkeypatch, tmp_path, data_dir):
    assert recovery.recovery_dir() == data_dir / "recovery"
    monkeypatch.delenv("LEGEVAKT_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert recovery.recovery_dir() == tmp_path / "xdg" / "legevakt" / "recovery"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert recovery.recovery_dir() == Path.home() / ".local/share/legevakt/recovery"


def test_one_file_per_project_path(tmp_path):
    a = recovery.recovery_path(tmp_path / "a" / "turnus.legevakt.json")
    b = recovery.recovery_path(tmp_path / "b" / "turnus.legevakt.json")
    assert a != b and a.name.startswith("turnus-") and a.name.endswith(".recovery.json")
    assert a == recovery.recovery_path(str(tmp_path / "a" / "turnus.legevakt.json"))
    assert recovery.recovery_path(None).name == "uten-navn.recovery.json"


def test_write_find_restore_discard(project, tmp_path):
    path = tmp_path / "turnus.legevakt.json"
    save_project(project, path)
    old = datetime.now(UTC) - timedelta(hours=1)
    os.utime(path, (old.timestamp(), old.timestamp()))
    edited = project.model_copy(update={"doctors": project.doctors[:-1]})
    written = recovery.write_recovery(edited, path)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600  # personal data: owner only
    (found,) = recovery.find_recoveries()
    assert found.path == written and found.problem is None
    assert found.original_path == path.resolve()
    assert found.newer_than_original
    assert abs(found.saved_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert found.load() == edited
    recovery.discard_recovery(path)
    assert recovery.find_recoveries() == []
    recovery.discard_recovery(path)  # missing is fine


def test_autosave_overwrites_and_untitled(project):
    recovery.write_recovery(project, None, now=datetime(2027, 1, 1, 10, 0))
    recovery.write_recovery(project, None, now=datetime(2027, 1, 1, 10, 1))
    (found,) = recovery.find_recoveries()
    assert found.original_path is None and found.newer_than_original
    assert found.saved_at.replace(tzinfo=None) == datetime(2027, 1, 1, 10, 1)
    found.discard()
    assert not found.path.exists()


def test_newest_first_and_older_than_saved_file(project, tmp_path):
    p1, p2 = tmp_path / "en.legevakt.json", tmp_path / "to.legevakt.json"
    save_project(project, p1)
    recovery.write_recovery(project, p1, now=datetime.now() - timedelta(days=1))
    recovery.write_recovery(project, p2, now=datetime.now())
    found = recovery.find_recoveries()
    assert [r.original_path.name for r in found] == ["to.legevakt.json", "en.legevakt.json"]
    assert found[0].newer_than_original  # to.legevakt.json was never saved: keep it
    assert not found[1].newer_than_original  # saved after the autosave: nothing to restore


def test_broken_recovery_files_are_listed_not_fatal(project, data_dir):
    folder = data_dir / "recovery"
    folder.mkdir(parents=True)
    (folder / "x.recovery.json").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "y.recovery.json").write_text('{"format": "legevakt-recovery/1", "project": {}}')
    (folder / "z.recovery.json").write_text("[1, 2]")
    (folder / "ignored.txt").write_text("x")
    found = {r.path.name: r for r in recovery.find_recoveries()}
    assert set(found) == {"x.recovery.json", "y.recovery.json", "z.recovery.json"}
    assert "UTF-8" in found["x.recovery.json"].problem
    assert found["z.recovery.json"].problem == "not a Legevakt recovery file"
    assert found["y.recovery.json"].problem is None
    with pytest.raises(ProjectError):
        found["y.recovery.json"].load()  # an empty project does not validate
    with pytest.raises(ProjectError):
        found["x.recovery.json"].load()


def test_no_folder_means_nothing_to_recover():
    assert recovery.find_recoveries() == []


def test_recovery_write_is_atomic(project, tmp_path, monkeypatch):
    """A failure while writing leaves the previous autosave intact."""
    path = tmp_path / "turnus.legevakt.json"
    written = recovery.write_recovery(project, path)
    before = written.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        recovery.write_recovery(project.model_copy(update={"doctors": []}), path)
    monkeypatch.undo()
    assert written.read_bytes() == before
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temp left


def test_each_window_has_its_own_file_and_records_itself(project, tmp_path):
    a, b = recovery.Owner(), recovery.Owner()
    path = tmp_path / "turnus.legevakt.json"
    assert recovery.recovery_path(None, a) != recovery.recovery_path(None, b)
    assert recovery.recovery_path(path, a) != recovery.recovery_path(path, b)
    assert recovery.recovery_path(None, a).name == f"uten-navn-{a.token}.recovery.json"
    written = recovery.write_recovery(project, None, owner=a)
    (found,) = recovery.find_recoveries(include_live=True)
    assert found.path == written and found.owner["window"] == a.token
    assert found.owner["pid"] == os.getpid() and found.live
    assert recovery.find_recoveries() == []  # a running window's copy is its own


def test_the_copy_knows_whether_the_file_changed_since(project, tmp_path):
    path = tmp_path / "turnus.legevakt.json"
    save_project(project, path)
    edited = project.model_copy(update={"doctors": project.doctors[:-1]})
    recovery.write_recovery(edited, path)  # the file as it is now is what the work began from
    (found,) = recovery.find_recoveries()
    assert found.file_changed() is False
    assert found.district == project.district.name
    assert found.period == (project.period.start, project.period.end)
    os.utime(path, (1, 1))
    assert found.file_changed() is False  # touched, not changed
    save_project(project.model_copy(update={"doctors": []}), path, backup=False)
    assert found.file_changed() is True
    path.unlink()
    assert found.file_changed() is True
