"""The app never overwrites a change made to its file on disk since it opened or last saved
it (``legevakt import --apply`` while the window is open, another window): «Lagre» asks —
overwrite, save as, or cancel — and the crash copies of one window are never offered to,
or deleted by, another that is still running. A copy is deleted only when the leader says so
or when the file holds exactly what it holds."""

from __future__ import annotations

import os
import time

import pytest

import legevakt_app.ui.main_window as mw
from legevakt_app import recovery
from legevakt_app.cli import main
from legevakt_app.project_io import load_project, save_project
from tests.conftest import ROOT, SAMPLES
from tests.gui.conftest import copy_sample

pytestmark = pytest.mark.gui

DOCTORS_CSV = ROOT / "resources" / "templates" / "leger-eksempel.csv"


def rename_district(window, name):
    changed = window.copy()
    changed.district.name = name
    window.apply(changed, "navn")


def answer_changed(monkeypatch, answer):
    asked = []
    monkeypatch.setattr(mw, "ask_file_changed",
                        lambda _w, path, gone, on_disk: (asked.append((path, gone, on_disk)),
                                                         answer)[1])
    return asked


# ----- saving over a file changed on disk ------------------------------------------------------
def test_save_asks_before_overwriting_an_import_made_meanwhile(window, tmp_path, monkeypatch,
                                                               capsys):
    path = copy_sample(tmp_path, "liten-kommune")
    assert window.open_path(path)
    assert main(["import", str(path), str(DOCTORS_CSV), "--apply"]) == 0  # a colleague, meanwhile
    capsys.readouterr()
    imported = path.read_bytes()
    rename_district(window, "Endret i appen")
    asked = answer_changed(monkeypatch, "cancel")
    assert not window.save()
    [(where, gone, on_disk)] = asked
    assert where == path and not gone and "6 leger" in on_disk
    assert path.read_bytes() == imported and window.modified
    assert "Ikke lagret" in window.statusBar().currentMessage()

    asked = answer_changed(monkeypatch, "overwrite")  # the leader chooses to replace it
    assert window.save() and asked
    assert load_project(path).district.name == "Endret i appen"
    assert path.with_name(path.name + ".bak").read_bytes() == imported  # theirs is in .bak
    assert not window.modified
    rename_district(window, "Og igjen")
    asked = answer_changed(monkeypatch, "cancel")
    assert window.save() and not asked  # nothing changed on disk since: no question


def test_save_as_keeps_both(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    other = load_project(path)
    other.district.name = "Fra et annet vindu"
    save_project(other, path)
    rename_district(window, "Mitt arbeid")
    answer_changed(monkeypatch, "save_as")
    copy = tmp_path / "mitt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(copy), "")))
    assert window.save()
    assert load_project(path).district.name == "Fra et annet vindu"
    assert load_project(tmp_path / "mitt.legevakt.json").district.name == "Mitt arbeid"
    assert window.path == tmp_path / "mitt.legevakt.json"


def test_a_file_removed_meanwhile_is_asked_about(window, tmp_path, monkeypatch):
    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    path.unlink()
    rename_district(window, "Mitt arbeid")
    asked = answer_changed(monkeypatch, "overwrite")
    assert window.save()
    assert asked[0][1] is True  # gone
    assert load_project(path).district.name == "Mitt arbeid"


def test_a_file_only_touched_saves_without_a_question(window, tmp_path, monkeypatch):
    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    os.utime(path, (1, 1))
    rename_district(window, "Mitt arbeid")
    asked = answer_changed(monkeypatch, "cancel")
    assert window.save() and not asked


# ----- crash copies ----------------------------------------------------------------------------
def test_a_running_windows_copy_is_not_offered_to_another(make_window, tmp_path):
    path = copy_sample(tmp_path, "liten-kommune")
    a = make_window()
    a.open_path(path)
    rename_district(a, "Ulagret arbeid i vindu A")
    copy = a.autosave()
    assert copy is not None and copy.exists()
    b = make_window()
    asked = []
    assert not b.offer_recoveries(ask=lambda _w, text: asked.append(text) or False)
    assert asked == [] and copy.exists()
    assert [r.path for r in recovery.find_recoveries(include_live=True)] == [copy]


def test_two_unsaved_windows_keep_a_copy_each(make_window):
    a, b = make_window(), make_window()
    a.new_project()
    b.new_project()
    rename_district(a, "Distrikt A")
    rename_district(b, "Distrikt B")
    ca, cb = a.autosave(), b.autosave()
    assert ca != cb and ca.exists() and cb.exists()
    assert {recovery.read_recovery(c).load().district.name for c in (ca, cb)} == {
        "Distrikt A", "Distrikt B"}
    a.undo.setClean()
    a.close()
    assert cb.exists()  # closing A never touches B's copy


def _left_by_a_crash(project, path, owner_pid=None):
    """A copy as a window whose process has ended leaves it."""
    written = recovery.write_recovery(project, path, owner=recovery.Owner())
    if owner_pid is not None:
        import json

        envelope = json.loads(written.read_text(encoding="utf-8"))
        envelope["owner"]["pid"] = owner_pid
        written.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    return written


def test_a_copy_of_an_ended_process_is_offered(make_window, tmp_path):
    path = copy_sample(tmp_path, "liten-kommune")
    project = load_project(path)
    project.district.name = "Ulagret"
    # a process id no process has (ended), and this process's id with another start time
    # (the id used again after a reboot)
    copy = _left_by_a_crash(project, path, owner_pid=2**22 + 12345)
    window = make_window()
    asked = []
    assert window.offer_recoveries(ask=lambda _w, text: asked.append(text) or True)
    assert asked and window.project.district.name == "Ulagret"
    assert not copy.exists()  # taken over by this window: written anew as its own
    assert [r.owner["window"] for r in recovery.find_recoveries(include_live=True)] == [
        window.recovery_owner.token]


def test_owner_alive():
    me = recovery.Owner().record()
    assert recovery.owner_alive(me)
    assert not recovery.owner_alive({**me, "started": me["started"] - 1000})  # id used again
    assert not recovery.owner_alive({**me, "pid": 2**22 + 12345})
    assert not recovery.owner_alive({**me, "host": "en-annen-maskin"})
    assert not recovery.owner_alive(None)


def test_a_copy_older_than_a_touched_file_is_offered_not_deleted(make_window, tmp_path):
    """The file's time says nothing: a copy is offered whenever it holds work the file lacks."""
    path = copy_sample(tmp_path, "liten-kommune")
    project = load_project(path)
    project.district.name = "Timer med ulagret arbeid"
    copy = recovery.write_recovery(project, path)
    later = time.time() + 60
    os.utime(path, (later, later))  # synced, touched: newer than the copy, same content
    window = make_window()
    asked = []
    assert not window.offer_recoveries(ask=lambda _w, text: asked.append(text))  # «Senere»
    assert len(asked) == 1 and copy.exists()  # closing the question keeps the copy
    assert "Kopien: «Timer med ulagret arbeid»" in asked[0]
    assert "Filen på disken: «Lysfjord legevaktdistrikt»" in asked[0] and "NB" not in asked[0]


def test_a_copy_holding_what_the_file_holds_is_removed_quietly(make_window, tmp_path):
    path = copy_sample(tmp_path, "liten-kommune")
    copy = recovery.write_recovery(load_project(path), path)
    window = make_window()
    assert not window.offer_recoveries(ask=lambda *_a: pytest.fail("nothing to ask"))
    assert not copy.exists()


def test_a_copy_over_a_file_changed_since_says_so_and_asks_before_saving(make_window, tmp_path,
                                                                         monkeypatch):
    path = tmp_path / "turnus.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    project = load_project(path)
    project.doctors[0].name = "Kari (ulagret endring)"
    recovery.write_recovery(project, path)  # autosave; the app crashes
    path.write_bytes(SAMPLES["interkommunal"].read_bytes())  # another project saved there
    interkommunal = path.read_bytes()
    window = make_window()
    asked = []
    assert window.offer_recoveries(ask=lambda _w, text: asked.append(text) or True)
    [text] = asked
    assert "Kopien: «Lysfjord legevaktdistrikt»" in text
    assert "NB: filen på disken er endret" in text and "«Sørvang interkommunale legevakt»" in text
    assert window.project.doctors[0].name == "Kari (ulagret endring)" and window.modified
    changed = answer_changed(monkeypatch, "cancel")
    assert not window.save() and changed
    assert path.read_bytes() == interkommunal


def test_an_unreadable_copy_is_set_aside_not_deleted(make_window, data_folder):
    folder = data_folder / "recovery"
    folder.mkdir(parents=True)
    broken = folder / "x.recovery.json"
    broken.write_bytes(b"\x89PNG")
    window = make_window()
    assert not window.offer_recoveries(ask=lambda *_a: pytest.fail("nothing to ask"))
    assert not broken.exists() and (folder / "x.recovery.json.uleselig").read_bytes() == b"\x89PNG"
    assert "lagt til side" in window.last_message


@pytest.fixture
def data_folder(scratch_home):
    return scratch_home / "data"


def test_the_restore_question_keeps_the_copy_when_closed(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen = []

    def close_it():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, close_it)
            return
        seen.append([b.text() for b in box.buttons()])
        box.reject()  # Esc, or the window's close button

    QTimer.singleShot(50, close_it)
    assert mw.ask_restore(window, "spørsmål") is None
    assert sorted(seen[0]) == ["Forkast kopien", "Gjenopprett", "Senere"]
