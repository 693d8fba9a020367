"""Unsaved work survives a crash: autosave to a recovery file, the offer to restore it on the
next start, and an exception hook that keeps the app running."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt, QTimer

from legevakt_app import recovery
from legevakt_app.project_io import load_project
from tests.conftest import ROOT, SAMPLES
from tests.gui.conftest import copy_sample

pytestmark = pytest.mark.gui


def rename_first_doctor(window, name):
    model = window.doctor_model
    col = [f.attr for f in model.fields].index("name")
    assert model.setData(model.index(0, col), name, Qt.ItemDataRole.EditRole)


def test_autosave_writes_unsaved_work_and_saving_removes_it(qtbot, make_window, tmp_path):
    window = make_window(autosave_ms=20)  # injectable interval: no waiting a minute
    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    qtbot.wait(60)
    assert recovery.find_recoveries() == []  # nothing unsaved, nothing written
    rename_first_doctor(window, "Kari Autolagret")
    qtbot.waitUntil(lambda: recovery.recovery_path(path, window.recovery_owner).exists(), timeout=5000)
    found = recovery.find_recoveries(include_live=True)  # this window's own copy
    assert [r.original_path for r in found] == [path.resolve()]
    assert found[0].load().doctors[0].name == "Kari Autolagret"
    assert window.save()
    assert not recovery.recovery_path(path, window.recovery_owner).exists()


def test_discarding_changes_on_close_removes_the_recovery_copy(qtbot, make_window, tmp_path, monkeypatch):
    import legevakt_app.ui.main_window as mw

    window = make_window(autosave_ms=20)
    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    rename_first_doctor(window, "Kari Forkastet")
    qtbot.waitUntil(lambda: recovery.recovery_path(path, window.recovery_owner).exists(), timeout=5000)
    monkeypatch.setattr(mw, "ask_save_changes", lambda *_a: "discard")
    assert window.close()
    assert not recovery.recovery_path(path, window.recovery_owner).exists()


CRASHING_APP = textwrap.dedent("""
    import sys, time
    from PySide6.QtWidgets import QApplication
    from PySide6.QtCore import Qt
    from legevakt_app import recovery
    from legevakt_app.ui.main_window import MainWindow
    app = QApplication([])
    w = MainWindow(autosave_ms=50)
    w.show()
    w.open_path(sys.argv[1])
    model = w.doctor_model
    col = [f.attr for f in model.fields].index("name")
    assert model.setData(model.index(0, col), "Kari Før Krasjet", Qt.ItemDataRole.EditRole)
    w.add_doctor()
    while not recovery.recovery_path(sys.argv[1], w.recovery_owner).exists():
        app.processEvents()
        time.sleep(0.01)
    print("AUTOSAVED", flush=True)
    while True:  # the leader keeps working ... until the power goes
        app.processEvents()
        time.sleep(0.01)
""")


def test_restore_after_a_real_crash(qtbot, make_window, tmp_path, scratch_home):
    """A running app is killed (SIGKILL: no close, no save prompt); the next start offers the
    autosaved work, restores it as unsaved changes, and undo gives back the saved file."""
    path = copy_sample(tmp_path, "liten-kommune")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LEGEVAKT_DATA_DIR=str(scratch_home / "data"),
               HOME=str(scratch_home))
    child = subprocess.Popen([sys.executable, "-c", CRASHING_APP, str(path)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout.readline().strip() == "AUTOSAVED"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    assert load_project(path).doctors[0].name != "Kari Før Krasjet"  # never saved

    window = make_window()
    asked = []
    assert window.offer_recoveries(ask=lambda _w, text: (asked.append(text), True)[1])
    assert str(path.resolve()) in asked[0] and "autolagret" in asked[0]
    assert window.project.doctors[0].name == "Kari Før Krasjet"
    assert len(window.project.doctors) == 5
    assert window.path == path.resolve()
    assert window.modified and window.windowTitle().split("—")[0].strip().endswith("*")
    window.undo.undo()  # back to the file as it was saved
    assert window.project == load_project(path)
    window.undo.redo()
    assert window.save()
    assert load_project(path).doctors[0].name == "Kari Før Krasjet"
    assert recovery.find_recoveries() == []


def test_declining_the_restore_discards_the_copy(make_window, tmp_path):
    project = load_project(SAMPLES["liten-kommune"])
    recovery.write_recovery(project, None)  # never-saved work
    window = make_window()
    assert not window.offer_recoveries(ask=lambda *_a: False)
    assert recovery.find_recoveries() == []
    assert window.project is None


def test_restoring_never_saved_work(make_window):
    project = load_project(SAMPLES["interkommunal"])
    project.district.name = "Distrikt uten fil"
    recovery.write_recovery(project, None)
    window = make_window()
    assert window.offer_recoveries(ask=lambda *_a: True)
    assert window.project.district.name == "Distrikt uten fil"
    assert window.path is None and window.modified


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_a_dialog_and_the_app_keeps_running(qtbot, window, monkeypatch, tmp_path):
    from legevakt_app.ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    rename_first_doctor(window, "Kari Uten Feil")
    reporter = install_excepthook(window)

    def boom():
        raise ZeroDivisionError("testfeil i en knapp")

    QTimer.singleShot(0, boom)  # raised inside the Qt event loop, like a buggy slot
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible(), timeout=5000)
    box = reporter.box
    assert "testfeil i en knapp" in box.text()
    assert "ZeroDivisionError" in box.detailedText()
    QTimer.singleShot(0, boom)  # a second error joins the open dialog
    qtbot.waitUntil(lambda: "2 uventede feil" in box.text(), timeout=5000)
    qtbot.mouseClick(reporter.save_button, Qt.MouseButton.LeftButton)
    assert reporter.saved_to == recovery.recovery_path(path, window.recovery_owner)
    assert recovery.read_recovery(reporter.saved_to).load().doctors[0].name == "Kari Uten Feil"
    assert window.isVisible() and window.project.doctors[0].name == "Kari Uten Feil"
    rename_first_doctor(window, "Kari Etter Feilen")  # the app still works
    assert window.project.doctors[0].name == "Kari Etter Feilen"
