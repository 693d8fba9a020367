"""The status bar speaks of the last change only: each edit replaces what it said about the one
before (or clears it), and Angre / Gjør om say which change they undid or redid."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.conftest import SAMPLES
from tests.gui.test_editors import column

pytestmark = pytest.mark.gui


def status(window) -> str:
    return window.statusBar().currentMessage()


@pytest.fixture
def opened(qtbot, window):
    window.open_path(SAMPLES["liten-kommune"])
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_a_later_edit_and_undo_redo_replace_what_the_status_bar_said(opened):
    """The review's case: «Til» 08:00 on a Helg says it ends the next day (+dager 1); setting
    +dager to 3 must not leave that saying, and Ctrl+Z / Ctrl+Y say what they undid / redid."""
    window = opened
    window.tabs.setCurrentIndex(2)
    window.add_template()
    row = len(window.project.templates) - 1
    model = window.template_model
    name = window.project.templates[row].name
    assert model.setData(model.index(row, column(model, "end")), "08:00", Qt.ItemDataRole.EditRole)
    assert "slutter 08:00 neste dag, så vakten varer" in status(window)
    assert "t (+dager satt til 1" in status(window)
    assert model.setData(model.index(row, column(model, "end_day_offset")), "3",
                         Qt.ItemDataRole.EditRole)
    assert window.project.templates[row].end_day_offset == 3
    assert "neste dag" not in status(window)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.project.templates[row].end_day_offset == 1
    assert status(window) == f"Angret: Endre +dager for {name}"
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert status(window) == f"Angret: Endre til for {name}"
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert status(window) == f"Gjort om: Endre til for {name}"


def test_adding_a_fritak_or_changing_omfang_does_not_leave_the_ferie_message(opened):
    window = opened
    window.tabs.setCurrentIndex(3)
    doctor = window.project.doctors[window._current_absence_doctor()]
    window.select_days(date(2027, 3, 22), date(2027, 3, 28))
    window.mark_selected_days("ferie")
    assert status(window) == f"Ferie: {doctor.name} 22.03–28.03"
    window.absence_lists.setCurrentIndex(2)
    window.add_exemption()
    assert "Ferie" not in status(window)
    window.select_days(date(2027, 4, 5), date(2027, 4, 6))
    window.mark_selected_days("kurs")
    assert status(window).startswith("Kurs:")
    model = window.exemption_model
    row = len(model.records) - 1
    scope = model.index(row, column(model, "scope"))
    other = next(label for value, label in model.fields[scope.column()].choice_list()
                 if value != model.records[row].scope)
    assert model.setData(scope, other, Qt.ItemDataRole.EditRole)
    assert "Kurs" not in status(window)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert status(window) == f"Angret: Endre fritak for {doctor.name}"


def test_a_refused_export_save_import_or_open_says_so_instead_of_what_went_before(
        qtbot, window, solved_sample, tmp_path, monkeypatch):
    """The message box says why; the status bar must not go on saying «Eksportert: …» or
    «Angret: …» from the action before, as if the last one had worked."""
    from PySide6.QtWidgets import QFileDialog

    from tests.gui.conftest import wait_idle

    window.open_path(solved_sample("liten-kommune"))
    missing = tmp_path / "finnes-ikke"
    assert window.export("xlsx", str(tmp_path / "turnus.xlsx")) is not None
    wait_idle(qtbot, window)
    assert status(window).startswith("Eksportert:")
    for kind, name in (("pdf", "turnus.pdf"), ("xlsx", "turnus.xlsx"), ("result", "r.json")):
        assert window.export(kind, str(missing / name)) is None
        assert status(window).startswith(f"Ikke eksportert: {missing / name}"), status(window)
        assert "finnes ikke" in status(window)

    model = window.doctor_model
    col = [f.attr for f in model.fields].index("legevakt_share")
    assert model.setData(model.index(0, col), "0,8", Qt.ItemDataRole.EditRole)
    window.undo.undo()
    assert status(window).startswith("Angret:")
    target = missing / "kopi.legevakt.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    assert not window.save_as()
    assert status(window) == f"Ikke lagret: {target}: mappen {missing} finnes ikke", status(window)

    window.undo.redo()
    assert status(window).startswith("Gjort om:")
    assert window.import_file("doctors", missing / "leger.csv") is None
    assert status(window).startswith("Ikke importert:") and "finnes ikke" in status(window)

    broken = tmp_path / "ødelagt.legevakt.json"
    broken.write_text("{ikke json", encoding="utf-8")
    window.undo.setClean()  # (no save prompt before opening)
    assert not window.open_path(broken)
    assert status(window).startswith("Ikke åpnet: ødelagt.legevakt.json"), status(window)
