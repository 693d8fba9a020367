"""File menu, start dialog, title, recent files; keyboard use; fitting a 1366×768 screen."""

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from legevakt_app.project_io import load_project
from tests.conftest import SAMPLES
from tests.gui.conftest import copy_sample, first_column, wait_idle, wait_reports

pytestmark = pytest.mark.gui


def menu_texts(menu):
    return [a.text().replace("&", "") for a in menu.actions() if a.text()]


def test_file_menu_has_the_workflow(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = menu_texts(file_menu)
    for wanted in ("Ny", "Åpne …", "Nylig brukte", "Lagre", "Lagre som …", "Eksporter", "Avslutt"):
        assert wanted in texts
    export = next(a.menu() for a in file_menu.actions() if a.text().replace("&", "") == "Eksporter")
    assert menu_texts(export) == ["Excel-arbeidsbok …", "PDF …", "Kalenderfiler (.ics) …",
                                  "Kalenderfiler, bare de endrede (.ics) …",
                                  "Resultatfil (legevakt-rota/1) …"]


def test_title_recent_files_and_reopening_from_the_menu(window, tmp_path):
    a = copy_sample(tmp_path, "liten-kommune")
    b = copy_sample(tmp_path, "interkommunal")
    assert window.open_path(a)
    assert window.windowTitle().startswith("liten-kommune.legevakt.json — ")
    window.add_doctor()
    assert window.windowTitle().startswith("liten-kommune.legevakt.json* — ")
    window.undo.undo()
    assert "*" not in window.windowTitle()  # back at the saved state: not modified
    assert window.open_path(b)
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent == [str(b.resolve()), str(a.resolve())]
    window.recent_menu.actions()[1].trigger()
    assert window.path == a.resolve() or window.path == a
    assert window.project == load_project(a)


def test_start_dialog_offers_samples_and_recent_files(qtbot, window, tmp_path):
    from legevakt_app.ui.dialogs import StartDialog
    from legevakt_app.ui.main_window import start_dialog

    window.open_path(copy_sample(tmp_path, "liten-kommune"))
    shown = {}

    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, StartDialog) and w.isVisible())
        shown["items"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        shown["current"] = dialog.list.currentRow()
        dialog.accept()  # Enter: the file chosen to begin with

    qtbot.waitUntil(lambda: True)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, answer)
    chosen = start_dialog(window)
    items = shown["items"]
    assert [i for i in items if i.startswith("Eksempel:")] and len(items) == 4
    assert any("Interkommunal" in i for i in items) and any("Stor legevakt" in i for i in items)
    # the latest file comes first and is the one chosen to begin with, not a sample
    assert items[0] == f"Nylig: {(tmp_path / 'liten-kommune.legevakt.json').resolve()}"
    assert shown["current"] == 0
    assert str(chosen) == str((tmp_path / "liten-kommune.legevakt.json").resolve())


def test_start_dialog_without_recent_files_chooses_the_first_sample(window):
    from legevakt_app.cli import SAMPLES_DIR
    from legevakt_app.ui.dialogs import StartDialog

    sample = SAMPLES_DIR / "interkommunal.legevakt.json"
    gone = "/finnes/ikke/gammel.legevakt.json"
    dialog = StartDialog({"interkommunal": sample}, [gone], window)
    assert dialog.list.item(0).text() == f"Nylig: {gone} (finnes ikke lenger)"
    assert not dialog.list.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    assert dialog.list.currentRow() == 1  # the sample, not the missing file
    dialog.accept()
    assert dialog.chosen == sample


def test_start_dialog_opens_any_file(qtbot, window, tmp_path, monkeypatch):
    """«Åpne fil …»: a project kept anywhere, starting in the latest file's folder."""
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

    from legevakt_app.cli import SAMPLES_DIR
    from legevakt_app.ui.dialogs import StartDialog

    elsewhere = copy_sample(tmp_path, "stor-legevakt")
    folder = tmp_path / "mappe"
    folder.mkdir()
    recent = copy_sample(folder, "liten-kommune")
    asked = {}

    def answer(_parent, title, folder, _filter):
        asked.update(title=title, folder=folder)
        return str(elsewhere), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answer))
    dialog = StartDialog({"interkommunal": SAMPLES_DIR / "interkommunal.legevakt.json"},
                         [str(recent)], window)
    box = dialog.findChild(QDialogButtonBox)
    assert dialog.open_file_button in box.buttons()
    assert dialog.open_file_button.text() == "Åpne fil …"
    qtbot.mouseClick(dialog.open_file_button, Qt.MouseButton.LeftButton)
    assert asked == {"title": "Åpne distrikt", "folder": str(recent.parent)}
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.chosen == elsewhere
    assert not dialog.new_requested


def test_new_project_then_save_as(window, tmp_path, monkeypatch):
    from datetime import date

    from PySide6.QtWidgets import QFileDialog

    from legevakt_app.calendar import next_half_year

    window.new_project()
    assert window.windowTitle().startswith("Uten navn")
    # the next half-year, from its first Monday; a second kommune gets the first one's figures
    period = window.project.period
    assert (period.start, period.end) == next_half_year(date.today())
    window.add_kommune()
    first, second = window.project.district.kommuner
    assert (first.inhabitants, first.centrality) == (second.inhabitants, second.centrality)
    window.undo.undo()
    assert window.project_problems == [] and window.problem is not None
    window.add_doctor()
    target = tmp_path / "nytt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.save()  # no path yet: asks where (the file dialog answers)
    saved = tmp_path / "nytt.legevakt.json"
    assert window.path == saved and load_project(saved) == window.project
    assert window.windowTitle().startswith("nytt.legevakt.json — ")
    # a first save has no earlier version to keep; the next one has
    assert window.statusBar().currentMessage() == f"Lagret {saved}"
    window.add_doctor()
    assert window.save()
    assert window.statusBar().currentMessage() == f"Lagret {saved} (forrige versjon som .bak)"
    assert saved.with_name(saved.name + ".bak").exists()


def test_keyboard_shortcuts_save_undo_redo_solve_and_views(qtbot, window, tmp_path):
    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.add_doctor()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.project.doctors) == 4
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(window.project.doctors) == 5
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.modified and len(load_project(path).doctors) == 5
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    QTest.keyClick(window, Qt.Key.Key_F5)
    assert window.worker is not None  # F5: Lag turnus
    assert window.progress is not None
    QTest.keyClick(window.progress, Qt.Key.Key_Escape)  # and Esc cancels it
    wait_idle(qtbot, window)
    assert window.tabs.currentIndex() in (2, 4)


def test_tab_moves_through_the_district_view_in_reading_order(qtbot, window):
    window.open_path(SAMPLES["interkommunal"])
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tabs.setCurrentIndex(0)
    window.district_name.setFocus()
    expected = [window.period_start, window.period_end, window.kommune_view,
                window.add_kommune_button, window.remove_kommune_button, window.station_view,
                window.add_satellite_button, window.remove_satellite_button]

    def owner(widget):  # a date field's inner line edit belongs to the date field
        return widget.parent() if isinstance(widget, QLineEdit) and widget.parent() in expected else widget

    visited = []
    for _ in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Tab also steps day/month/year
        focus = owner(QApplication.focusWidget())
        if not visited or visited[-1] is not focus:
            visited.append(focus)
        if focus is expected[-1]:
            break
    assert visited == expected


def test_rota_keys_enter_picks_and_ctrl_l_locks(qtbot, window, solved_sample):
    window.open_path(solved_sample("liten-kommune"))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tabs.setCurrentIndex(4)
    window.grid_view.setFocus()
    window.grid_view.setCurrentIndex(window.grid_proxy.index(3, first_column(window)))  # a weekday: a døgnvakt
    window.grid_view.selectionModel().select(window.grid_proxy.index(3, first_column(window)),
                                             window.grid_view.selectionModel().SelectionFlag.ClearAndSelect)
    opened = []
    window.pick_dialog_hook = lambda dialog: (opened.append(dialog), dialog.reject())
    QTest.keyClick(window.grid_view, Qt.Key.Key_Return)
    assert len(opened) == 1  # Enter opens the picker for the cell
    QTest.keyClick(window.grid_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    shift = window.grid_model.shift_for(window.grid_model.index(3, first_column(window)))
    assert any(a.locked for a in window.project.rota if a.shift_id == shift.id)


@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1920, 1080)])
def test_every_view_fits_the_screen(window, solved_sample, size):
    """Nothing forces the window larger than a 1366×768 laptop screen, on any tab."""
    window.open_path(solved_sample("interkommunal"))
    window.resize(size)
    window.highlight_combo.setCurrentIndex(1)  # the longest texts: a doctor's summary
    window.month_combo.setCurrentIndex(1)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 740, (window.tabs.tabText(i), hint)
        assert window.size() == size


def test_default_size_fits_the_screen(window):
    screen = QApplication.primaryScreen().availableGeometry().size()
    size = window.default_size()
    assert size.width() <= screen.width() and size.height() <= screen.height()


@pytest.mark.parametrize("screen", [QSize(1366, 768), QSize(1920, 1080)])
def test_the_window_with_its_title_bar_fits_the_screen(window, solved_sample, screen):
    """The frame a window manager adds (openbox: 2 across, 25 down; Windows and GNOME up to
    about 37 down) fits on the screen with the window, on every tab, and the window still
    holds what every tab needs."""
    size = window.default_size(screen)
    assert size.width() + 2 <= screen.width() and size.height() + 37 <= screen.height()
    assert size.width() >= 1350 and size.height() >= 720  # still most of the screen
    window.open_path(solved_sample("interkommunal"))
    window.resize(size)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= size.width() and hint.height() <= size.height(), \
            (window.tabs.tabText(i), hint)
        assert window.size() == size


def test_fit_to_screen_brings_the_whole_frame_onto_the_screen(window, monkeypatch):
    """After the window manager has framed the window: too tall or too far down → shrunk
    and moved so that the title bar and the bottom edge (Kontroll, status bar) show."""
    area = window.screen().availableGeometry()
    monkeypatch.setattr(window, "_frame_extra", lambda: QSize(2, 25))
    window.resize(min(window.minimumSizeHint().width(), area.width()), area.height())
    window.move(area.x(), area.y() + 60)
    window.fit_to_screen()
    assert window.height() == area.height() - 25
    assert window.geometry().bottom() <= area.bottom()


def test_numbers_and_qt_texts_are_norwegian(qtbot, window):
    from PySide6.QtWidgets import QMessageBox

    from legevakt_app.ui.main_window import show_message

    window.open_path(SAMPLES["liten-kommune"])
    assert window.rule_rest.text() == "8,0 t"  # decimal comma
    show_message(window, "Prøve", "Tekst", "detaljer")
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    texts = [b.text() for b in box.buttons()]
    assert "Vis detaljer …" in texts and not any("Details" in t for t in texts)
    box.close()


def test_alt_letters_of_the_menus_and_tabs_do_not_clash(window):
    """Alt+F opens Fil, not the Fravær tab: every menu and tab has its own Alt letter."""
    import re

    letters = [re.search(r"&(\w)", text) for text in
               [a.text() for a in window.menuBar().actions()]
               + [window.tabs.tabText(i) for i in range(window.tabs.count())]]
    assert all(letters)
    chosen = [m.group(1).lower() for m in letters if m]
    assert len(chosen) == len(set(chosen)), chosen


def test_help_menu_opens_with_f1_and_names_only_keys_that_work(qtbot, window):
    """Hjelp: «Kom i gang» (F1), «Hurtigtaster», «Om Legevakt». Every key the list names is
    a shortcut of one of the window's actions (so the list cannot drift from the app)."""
    from PySide6.QtGui import QAction, QKeySequence

    from legevakt_app.ui.help import KEYS

    window.open_path(SAMPLES["liten-kommune"])
    hjelp = window.menuBar().actions()[-1]
    assert hjelp.text().replace("&", "") == "Hjelp"
    assert menu_texts(hjelp.menu()) == ["Kom i gang", "Hurtigtaster", "Om Legevakt"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_F1)
    assert window.last_message.startswith("Kom i gang: Slik lager du den første turnusen")
    shortcuts = {s.toString() for a in window.findChildren(QAction) for s in a.shortcuts()}
    shortcuts |= {QKeySequence(QKeySequence.StandardKey.Undo).toString()}
    for line in KEYS.splitlines():
        keys = line.split("  ")[0]
        for key in keys.replace(" … ", " / ").split(" / "):
            if key.startswith(("Ctrl", "Shift", "F")) and "…" not in key:
                assert key in shortcuts, key
    window.show_help("about")
    assert "68 t: Fastleger med legevakt, total arbeidstid" in window.last_message


def test_terskel_headers_read_in_full_before_there_is_a_rota(window):
    """A new project has no rota yet: the Per kommune table's headers are still whole
    («Egne fastleger ≤ 4», not «gne fastleger ≤»)."""
    window.resize(1366, 768)
    window.new_project()
    window.tabs.setCurrentWidget(window.terskel)
    table = window.terskel.kommune_table
    header = table.horizontalHeader()
    for col in range(table.columnCount()):
        title = table.horizontalHeaderItem(col).text()
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title), title


def test_terskel_tables_give_the_room_to_the_text_at_1366_px(qtbot, make_window, solved_sample):
    """interkommunal at 1366×768: every scenario's «Endring» is read whole in its cell (wrapped,
    not «1 fastlege til med full vaktandel…» or «Slå sammen med en …»), the status too, with no
    scrolling sideways; «Legevakttilskudd», only «ja» or «nei», is as wide as its heading,
    not a third of the window."""
    from PySide6.QtCore import QRect

    window = make_window()
    window.fit_to_screen = lambda: None  # the offscreen screen is 800×600
    window.resize(1366, 768)
    window.open_path(solved_sample("interkommunal"))
    window.tabs.setCurrentWidget(window.terskel)
    wait_reports(qtbot, window)
    view = window.terskel
    view.add_scenario("To nye fastleger", "add_doctor", 2)
    qtbot.wait(50)  # laid out at the window's size
    table = view.scenario_table
    assert table.horizontalScrollBar().maximum() == 0  # the last column is in view
    metrics = table.fontMetrics()
    changes = []
    for row in range(table.rowCount()):
        for col in (1, 10):  # «Endring», «Status»
            item = table.item(row, col)
            cell = table.visualItemRect(item)
            room = QRect(0, 0, cell.width() - 8, 10_000)  # less the cell's margins
            needed = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, item.text())
            assert needed.height() <= cell.height() and needed.width() <= room.width(), (
                item.text(), cell)
            assert item.toolTip() == item.text()  # and whole in the tooltip
        changes.append(table.item(row, 1).text())
    assert any(c.startswith("Slå sammen med en nabokommune") for c in changes)
    assert any(c.startswith("2 fastleger til med full vaktandel") for c in changes)
    kommuner = view.kommune_table
    grant = kommuner.columnCount() - 1
    assert kommuner.horizontalHeaderItem(grant).text() == "Legevakttilskudd"
    heading = kommuner.horizontalHeader().fontMetrics().horizontalAdvance("Legevakttilskudd")
    assert kommuner.columnWidth(grant) <= heading + 30, kommuner.columnWidth(grant)
    assert {kommuner.item(r, grant).text() for r in range(kommuner.rowCount())} <= {"ja", "nei"}
