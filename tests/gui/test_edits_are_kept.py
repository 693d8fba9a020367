"""Nothing a leader types is silently lost: the rules form and the period take a value as soon
as it is finished (marking the project changed, one undo step each), and a value still being
typed is taken before the project is saved, solved, left for another tab or closed."""

import json
import subprocess
import sys
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.conftest import copy_sample

pytestmark = pytest.mark.gui


def saved(path):
    return json.loads(path.read_text(encoding="utf-8"))


def type_into(qtbot, spin, text):
    """Select the field's text and type ``text`` (no Enter, the focus stays)."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)


@pytest.fixture
def opened(window, tmp_path):
    path = copy_sample(tmp_path, "liten-kommune")
    assert window.open_path(path)
    window.activateWindow()
    return window, path


def test_rules_typed_then_another_tab_then_save(qtbot, opened):
    """The review's case: 11 t rest and a spacing limit typed, another tab, then Lagre."""
    window, path = opened
    window.tabs.setCurrentIndex(2)
    type_into(qtbot, window.rule_rest, "11")
    assert window.project.rules.min_rest_hours == 8  # still being typed
    type_into(qtbot, window.rule_per_week, "2")  # (leaving «hviletid» finished it)
    assert window.project.rules.max_per_week is None  # still being typed
    window.tabs.setCurrentIndex(4)
    rules = window.project.rules
    assert rules.min_rest_hours == 11 and rules.max_per_week.value == 2
    assert window.modified and "*" in window.windowTitle()
    assert window.problem.rules.min_rest_hours == 11  # what F5 would solve with
    assert window.save()
    written = saved(path)["rules"]
    assert written["min_rest_hours"] == 11 and written["max_per_week"]["value"] == 2
    window.tabs.setCurrentIndex(2)
    assert window.rule_rest.value() == 11 and window.rule_per_week.value() == 2


def test_a_rule_is_taken_when_its_field_is_left(qtbot, opened):
    window, _path = opened
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tabs.setCurrentIndex(2)
    type_into(qtbot, window.rule_rest, "11")
    window.rule_per_week.setFocus()  # Tab / a click elsewhere
    qtbot.waitUntil(lambda: window.project.rules.min_rest_hours == 11)
    assert window.undo.undoText() == "Endre regler: minste hviletid"
    assert "*" in window.windowTitle()
    window.undo.undo()
    assert window.rule_rest.value() == 8 and not window.modified


def test_ctrl_s_saves_the_value_still_being_typed(qtbot, opened):
    window, path = opened
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tabs.setCurrentIndex(2)
    type_into(qtbot, window.rule_margin, "5")
    QTest.keyClick(window.rule_margin.lineEdit(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved(path)["rules"]["fairness_margin"] == 0.05
    assert not window.modified


def answer_save(monkeypatch) -> list[str]:
    """The «Lagre endringene?» question answered «Lagre»; the names it was asked about."""
    import legevakt_app.ui.main_window as main_window

    asked: list[str] = []
    monkeypatch.setattr(main_window, "ask_save_changes",
                        lambda _parent, name: asked.append(name) or "save")
    return asked


def test_quitting_asks_about_a_rule_still_being_typed(qtbot, opened, monkeypatch):
    """Fil → Avslutt after the margin was typed: the usual «Lagre endringene?» question."""
    window, path = opened
    asked = answer_save(monkeypatch)
    window.tabs.setCurrentIndex(2)
    type_into(qtbot, window.rule_margin, "5")
    quit_action = next(a for a in window.menuBar().actions()[0].menu().actions()
                       if a.text() == "&Avslutt")
    quit_action.trigger()
    assert asked == [path.name]
    assert saved(path)["rules"]["fairness_margin"] == 0.05


def test_solve_uses_the_rule_still_being_typed(qtbot, opened, monkeypatch):
    window, _path = opened
    window.tabs.setCurrentIndex(2)
    type_into(qtbot, window.rule_rest, "11")
    monkeypatch.setattr(window, "_start_worker", lambda *a, **k: None)  # no real solve here
    window.solve()
    assert window.problem.rules.min_rest_hours == 11


def test_the_period_end_typed_is_kept(qtbot, opened, monkeypatch):
    """The review's case: «til» set to 11.04.2027 without a button, then Avslutt."""
    window, path = opened
    asked = answer_save(monkeypatch)
    window.tabs.setCurrentIndex(0)
    edit = window.period_end
    edit.setFocus()
    edit.setSelectedSection(edit.Section.DaySection)
    qtbot.keyClicks(edit, "1104")  # day 11, then the month 04
    assert edit.text() == "11.04.2027"
    assert window.project.period.end == date(2027, 7, 4)  # still being typed
    window.close()
    assert asked == [path.name]
    assert saved(path)["period"]["end"] == "2027-04-11"


def test_typing_a_period_date_day_first_drops_no_rota_cells_on_the_way(qtbot, window,
                                                                       solved_sample):
    """04.07 → 15.06 typed day first passes 15.07, and 28.02 → 15.03 would pass 15.02:
    only the finished date counts."""
    window.open_path(solved_sample("liten-kommune"))
    n = len(window.project.rota)
    edit = window.period_end
    window.tabs.setCurrentIndex(0)
    edit.setFocus()
    edit.setSelectedSection(edit.Section.MonthSection)
    qtbot.keyClicks(edit, "03")  # 04.03.2027: most of the rota would go
    assert len(window.project.rota) == n
    edit.setSelectedSection(edit.Section.MonthSection)
    qtbot.keyClicks(edit, "08")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.project.period.end == date(2027, 8, 4)
    assert len(window.project.rota) == n and window.undo.count() == 1


def test_a_period_date_from_the_calendar_is_taken_at_once(opened):
    window, _path = opened
    calendar = window.period_end.calendarWidget()
    calendar.setSelectedDate(QDate(2027, 4, 11))
    calendar.clicked.emit(QDate(2027, 4, 11))  # a click on the day
    QApplication.processEvents()
    assert window.project.period.end == date(2027, 4, 11)
    assert "*" in window.windowTitle()
    assert window.period_info.text().startswith("14 uker")
    window.undo.undo()
    assert window.period_end.date() == QDate(2027, 7, 4) and not window.modified


def test_a_period_over_53_weeks_is_refused_and_named(opened):
    window, _path = opened
    window.period_end.setDate(QDate(2028, 6, 30))
    window.period_end.editingFinished.emit()  # Enter, or a click elsewhere
    assert window.project.period.end == date(2027, 7, 4)
    assert window.period_end.date() == QDate(2027, 7, 4)  # the field shows the project's end
    assert window.last_message.startswith("Ugyldig verdi: Periode: ")
    assert "53 uker" in window.last_message
    # said under the period, as a table says a refused value under it: no box to close
    assert not window.district_error.isHidden()
    assert window.district_error.text().startswith("⚠ Periode: ")
    assert window.statusBar().currentMessage().startswith("Ikke endret — Periode: ")
    assert not window.findChildren(QMessageBox)
    assert not window.modified
    window.period_end.setDate(QDate(2027, 6, 27))
    window.period_end.editingFinished.emit()  # a good date: taken, the message gone
    assert window.project.period.end == date(2027, 6, 27) and window.district_error.isHidden()


def test_a_refused_rule_names_the_field_and_is_put_back(opened):
    """The fields' ranges keep most bad values out; the project's own limits are the last word."""
    window, _path = opened
    window.rule_rest.setMaximum(30)
    window.rule_rest.setValue(25)
    assert window.project.rules.min_rest_hours == 8
    assert window.rule_rest.value() == 8
    assert window.last_message.startswith("Ugyldig verdi: Minste hviletid: ")
    assert window.rules_error.text().startswith("⚠ Minste hviletid: ")
    assert not window.rules_error.isHidden() and not window.findChildren(QMessageBox)
    assert not window.modified


def test_a_table_cell_being_edited_is_kept_on_save(qtbot, opened):
    window, path = opened
    window.tabs.setCurrentIndex(1)
    col = [f.attr for f in window.doctor_model.fields].index("name")
    index = window.doctor_model.index(0, col)
    window.doctor_view.setCurrentIndex(index)
    window.doctor_view.edit(index)
    editor = window.doctor_view.indexWidget(index)
    assert editor is not None
    editor.setText("Kari Nymark")
    assert window.save()
    assert saved(path)["doctors"][0]["name"] == "Kari Nymark"
    assert window.project.doctors[0].name == "Kari Nymark"


def test_python_m_legevakt_app_is_the_legevakt_command(tmp_path):
    """``python -m legevakt_app`` runs the same entry point as ``legevakt``: the subcommands,
    and without one (or with ``gui``) the desktop app."""
    env = {"HOME": str(tmp_path), "LEGEVAKT_DATA_DIR": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen", "LEGEVAKT_NO_LOOP": "1", "PATH": "/usr/bin:/bin"}
    version = subprocess.run([sys.executable, "-m", "legevakt_app", "--version"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and "0.1.0" in version.stdout + version.stderr
    check = subprocess.run([sys.executable, "-m", "legevakt_app", "check", "liten-kommune"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and ": filen er i orden" in check.stdout
    gui = subprocess.run([sys.executable, "-m", "legevakt_app", "gui", "liten-kommune"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert gui.returncode == 0, gui.stderr
    bad = subprocess.run([sys.executable, "-m", "legevakt_app", "solve"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("bruk: legevakt")


def test_a_rule_the_form_rounds_is_left_as_it_is_when_another_rule_changes(window, tmp_path):
    """0,125 shows as 0,13 (the field rounds a half up, Python's round() to even): changing the
    rest rule must not write 0,13 into the bakvakt weight nobody touched."""
    doc = json.loads(copy_sample(tmp_path, "liten-kommune").read_text(encoding="utf-8"))
    doc["rules"]["bakvakt_weight"] = 0.125
    path = tmp_path / "rund.legevakt.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert window.open_path(path)
    assert window.rule_bakvakt.text().startswith("0,13")
    window.rule_rest.setValue(9)
    window.apply_rules()
    assert window.project.rules.min_rest_hours == 9
    assert window.project.rules.bakvakt_weight == 0.125
    assert window.undo.undoText() == "Endre regler: minste hviletid"
