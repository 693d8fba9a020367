"""The Turnus grid: calendar rows, shading, doctor colours, highlight, month and whole-period
views on a big district, the Kontroll panel jumping to cells, and repair after an absence."""

import re
import time
from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.conftest import SAMPLES
from tests.gui.conftest import first_column, wait_idle

pytestmark = pytest.mark.gui


def row_of(grid, day):
    return grid.days.index(day)


def test_rows_are_dates_with_weekends_and_holidays_shaded(window, solved_sample):
    from legevakt_app.ui.models import HOLIDAY_BG, WEEKEND_BG

    window.open_path(solved_sample("interkommunal"))
    grid = window.grid_model
    header = grid.headerData(row_of(grid, date(2027, 3, 26)), Qt.Orientation.Vertical)
    assert header.startswith("fre 26.03.27")
    brush = grid.headerData(row_of(grid, date(2027, 3, 26)), Qt.Orientation.Vertical,
                            Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == HOLIDAY_BG
    assert "Langfredag" in grid.headerData(row_of(grid, date(2027, 3, 26)), Qt.Orientation.Vertical,
                                           Qt.ItemDataRole.ToolTipRole)
    # påskeaften is no public holiday but høytid: named as such, shaded as the Saturday it is
    # (the engine does not count it as a holiday)
    eve = row_of(grid, date(2027, 3, 27))
    assert grid.headerData(eve, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) == \
        "Påskeaften (høytid, ikke helligdag)"
    assert grid.headerData(eve, Qt.Orientation.Vertical,
                           Qt.ItemDataRole.BackgroundRole).color() == WEEKEND_BG
    saturday = row_of(grid, date(2027, 1, 9))
    assert grid.headerData(saturday, Qt.Orientation.Vertical, Qt.ItemDataRole.BackgroundRole).color() == WEEKEND_BG
    assert grid.headerData(row_of(grid, date(2027, 1, 11)), Qt.Orientation.Vertical).endswith("u2")  # Monday: week
    # columns: station × shift × role, titles with the station first
    titles = [grid.headerData(c, Qt.Orientation.Horizontal) for c in range(grid.columnCount())]
    stations = {s.name for s in window.project.district.stations}
    assert all(t.split("\n")[0] in stations for t in titles)
    assert len({c.template for c in grid.columns}) == len(window.project.templates)


def test_cells_show_doctors_in_their_colours_and_one_can_be_highlighted(window, solved_sample):
    window.open_path(solved_sample("interkommunal"))
    grid = window.grid_model
    cells = [(grid.index(r, first_column(window)), grid.doctor_at(grid.index(r, first_column(window)))[0]) for r in range(20)]
    cells = [(i, d) for i, d in cells if d]
    names = {d.id: d.name for d in window.project.doctors}
    index, doctor = cells[0]
    assert grid.data(index) == names[doctor]
    colour = grid.data(index, Qt.ItemDataRole.BackgroundRole).color()
    other = next((i, d) for i, d in cells if d != doctor)
    assert grid.data(other[0], Qt.ItemDataRole.BackgroundRole).color() != colour
    window.highlight_combo.setCurrentIndex(window.highlight_combo.findData(doctor))
    from legevakt_app.ui.models import HIGHLIGHT_BG

    assert grid.data(index, Qt.ItemDataRole.BackgroundRole).color() == HIGHLIGHT_BG
    assert grid.data(index, Qt.ItemDataRole.FontRole).bold()
    summary = window.highlight_summary.text()
    vakter = sum(1 for a in window.project.rota if a.doctor_id == doctor and a.role == "vakt")
    assert summary.startswith(f"{names[doctor]} i hele perioden: {vakter} vakter (")
    # with one month shown, the line counts that month first, and says which counts are which
    shifts = {s.id: s for s in window.problem.shifts}
    window.month_combo.setCurrentIndex(2)  # the period's second month
    month = window.month_combo.currentData()
    in_month = sum(1 for a in window.project.rota if a.doctor_id == doctor and a.role == "vakt"
                   and f"{shifts[a.shift_id].day:%Y-%m}" == month)
    summary = window.highlight_summary.text()
    assert summary.startswith(f"{names[doctor]} i {window.month_combo.currentText()}: "
                              f"{in_month} vakt"), summary
    assert f"— i hele perioden: {vakter} vakter (" in summary
    window.month_combo.setCurrentIndex(0)
    faded = grid.data(other[0], Qt.ItemDataRole.ForegroundRole).color()
    assert faded.name() == "#9aa0a6"  # everyone else greyed out
    assert grid.data(other[0], Qt.ItemDataRole.BackgroundRole) is None or \
        grid.data(other[0], Qt.ItemDataRole.BackgroundRole).color() != HIGHLIGHT_BG
    window.compact_box.setChecked(True)
    initials = "".join(p[0] for p in names[doctor].split())
    assert grid.data(index) == initials


def test_month_and_whole_period_on_the_big_district_stay_fast(qtbot, window):
    """52 weeks, 40 doctors: model/view, so switching views and painting take milliseconds."""
    from legevakt_app.domain import PublishedAssignment
    from legevakt_app.engine_input import build_problem
    from legevakt_app.project_io import load_project
    from solver.baseline import round_robin

    project = load_project(SAMPLES["stor-legevakt"])
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in round_robin(build_problem(project)).assignments]
    window.tabs.setCurrentIndex(4)
    timings = {}

    def timed(name, action):
        started = time.perf_counter()
        action()
        window.grid_view.viewport().repaint()  # paint now, not at the next event
        timings[name] = (time.perf_counter() - started) * 1000

    timed("open 52 weeks", lambda: window.load(project, None))
    assert window.grid_model.rowCount() == 364 and window.grid_proxy.rowCount() == 364
    timed("one month", lambda: window.month_combo.setCurrentIndex(3))
    assert window.grid_proxy.rowCount() == 31  # March
    timed("whole period", lambda: window.month_combo.setCurrentIndex(0))
    assert window.grid_proxy.rowCount() == 364
    timed("scroll to the end", lambda: window.grid_view.scrollToBottom())
    timed("highlight a doctor", lambda: window.highlight_combo.setCurrentIndex(5))
    timed("initials", lambda: window.compact_box.setChecked(not window.compact_box.isChecked()))
    print("stor-legevakt grid (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    # generous bounds for a loaded machine; the figures are printed
    assert max(v for k, v in timings.items() if k != "open 52 weeks") < 500
    assert timings["open 52 weeks"] < 3000


def test_clicking_a_problem_jumps_to_the_cell(qtbot, window, solved_sample):
    window.open_path(solved_sample("liten-kommune"))
    grid = window.grid_model
    row = row_of(grid, date(2027, 5, 20))
    shift = grid.shift_for(grid.index(row, first_column(window)))
    holder = grid.doctor_at(grid.index(row, first_column(window)))[0]
    window.assign(shift.id, "vakt", holder, None)  # leave the shift empty
    window.month_combo.setCurrentIndex(1)  # January shown
    window.tabs.setCurrentIndex(1)
    entries = window.problem_model.entries
    i = next(i for i, e in enumerate(entries) if e.target[:2] == ("shift", shift.id))
    assert "Dekning" in entries[i].text
    index = window.problem_model.index(i)
    rect = window.problem_view.visualRect(index)
    qtbot.mouseClick(window.problem_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentIndex() == 4
    current = window.grid_proxy.mapToSource(window.grid_view.currentIndex())
    assert grid.shift_for(current).id == shift.id
    assert window.month_combo.currentData() == "2027-05"  # the month of the cell
    assert grid.data(current) == "LEDIG"
    assert grid.data(current, Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"


def test_a_problem_without_a_shift_jumps_to_the_doctor(qtbot, window):
    window.open_path(SAMPLES["liten-kommune"])
    from legevakt_app.ui.models import ProblemEntry

    doctor = window.project.doctors[2]
    window.problem_model.set_entries([ProblemEntry("Vaktandel: test", ("doctor", doctor.id))])
    window._jump_to_problem(window.problem_model.index(0))
    assert window.tabs.currentIndex() == 1
    assert window.doctor_view.currentIndex().row() == 2


def test_repair_after_a_new_absence_moves_few_cells(qtbot, window, solved_sample):
    window.open_path(solved_sample("liten-kommune"))
    grid = window.grid_model
    row = row_of(grid, date(2027, 3, 17))
    shift = grid.shift_for(grid.index(row, first_column(window)))
    doctor = grid.doctor_at(grid.index(row, first_column(window)))[0]
    before = {(a.shift_id, a.role, a.doctor_id) for a in window.project.rota}
    # the doctor reports a course that day: mark it in the calendar
    window.tabs.setCurrentIndex(3)
    window.absence_doctor.setCurrentIndex(window.absence_doctor.findData(doctor))
    window.select_days(date(2027, 3, 17), date(2027, 3, 17))
    window.mark_selected_days("kurs")
    assert any(v.rule == "unavailability" and v.shift_id == shift.id for v in window.violations)
    window.solve(mode="repair", time_limit=8)
    wait_idle(qtbot, window)
    result = window.last_solve
    after = {(a.shift_id, a.role, a.doctor_id) for a in window.project.rota}
    print(f"repair after one day's absence: {result.moved} assignment(s) moved, status {result.status}")
    assert window.violations == []
    assert not any(a.shift_id == shift.id and a.doctor_id == doctor for a in window.project.rota)
    assert result.moved is not None and 1 <= result.moved <= 6
    # a bakvakt no longer needed is released, not moved (solver.objective.move_costs)
    backed = {shift_id for shift_id, role, _doctor in after if role == "bakvakt"}
    released = {c for c in before - after if c[1] == "bakvakt" and c[0] not in backed}
    assert len(before - after) - len(released) == result.moved
    assert "flyttet" in window.statusBar().currentMessage()
    # its bound on level 1 holds among the repairs that move so few, not among all rotas
    assert "ingen reparasjon med så få flyttinger under" in window.fairness_text()
    assert "ingen turnus under" not in window.fairness_text()


def repair_after_kari_falls_ill(qtbot, window, solved_sample, check_unchanged=False,
                                publish=None) -> None:
    """liten-kommune solved and published (``publish``: how, given the window; by default
    Turnus → Publiser); Kari marked ill 01.–14.03 in the Fravær calendar; «Reparer» run to
    the end."""
    window.open_path(solved_sample("liten-kommune"))
    if publish is None:
        window.publish()
    else:
        publish(window)
    if check_unchanged:
        assert not window.change_summary.isVisibleTo(window)  # nothing changed since
    window.tabs.setCurrentIndex(3)
    window.absence_doctor.setCurrentIndex(window.absence_doctor.findData("lege01"))
    window.select_days(date(2027, 3, 1), date(2027, 3, 14))
    window.mark_selected_days("annet")
    window.solve(mode="repair", time_limit=8)
    wait_idle(qtbot, window)


def test_after_a_repair_the_leader_sees_what_changed_since_publishing_and_whom_to_tell(
        qtbot, window, solved_sample):
    """Kari falls ill for two weeks after the rota was published. After «Reparer» every place
    that differs from the published rota is marked ◆ (the doctor published there in the
    tooltip), nothing else is, the grid shows the first change, and the line above the grid
    names each doctor who must be told, with how many vakter they get or lose."""
    from legevakt_app.snapshots import diff_against_latest
    from legevakt_app.ui.models import CHANGE_MARK

    repair_after_kari_falls_ill(qtbot, window, solved_sample, check_unchanged=True)
    diff = diff_against_latest(window.project)
    assert diff.changed and window.violations == []
    grid = window.grid_model
    names = {d.id: d.name for d in window.project.doctors}
    changed = {(c.shift_id, c.role, c.after): c.before for c in diff.changes}
    marked = 0
    for row in range(grid.rowCount()):
        for col in range(grid.columnCount()):
            index = grid.index(row, col)
            shift = grid.shift_for(index)
            if shift is None:
                continue
            doctor = grid.doctor_at(index)[0]
            role = grid.columns[col].role
            shown = grid.data(index) or ""
            if (shift.id, role, doctor) in changed:
                marked += 1
                assert CHANGE_MARK.strip() in shown, (shift.id, role, shown)
                was = changed[(shift.id, role, doctor)]
                assert f"publisert: {names[was] if was else 'ingen'}" in grid.data(
                    index, Qt.ItemDataRole.ToolTipRole)
                assert grid.data(index, Qt.ItemDataRole.FontRole).italic()
                if doctor is None and role == "bakvakt":  # released: said, not a lone ◆
                    assert shown == f"{CHANGE_MARK}ingen"
            else:
                assert CHANGE_MARK.strip() not in shown, (shift.id, role, shown)
    assert marked == len(diff.changes)
    # the first change is in view, the current cell
    first = diff.changes[0]
    current = window.grid_proxy.mapToSource(window.grid_view.currentIndex())
    assert grid.shift_for(current).id == first.shift_id
    assert grid.columns[current.column()].role == first.role
    # whom to tell, and what
    summary = window.change_summary
    assert summary.isVisibleTo(window)
    text = summary.text()
    assert f"{len(diff.affected_doctors())} leger må få beskjed" in text
    assert f"Kari Nordeng (mister {sum(c.before == 'lege01' for c in diff.changes)})" in text
    for doctor in diff.affected_doctors() - {"lege01"}:
        assert f"{names[doctor]} (får {sum(c.after == doctor for c in diff.changes)}" in text
    assert "Kari Nordeng: mister" in summary.toolTip()
    # published again: nothing is marked any more, and the message names whom to send new
    # calendars (the marks are gone after it)
    window.publish()
    assert not window.change_summary.isVisibleTo(window)
    told = sorted(names[d] for d in diff.affected_doctors())
    assert (f"{len(told)} leger har endringer siden forrige publisering og må få nye "
            f"kalendere: {', '.join(told)}.") in window.last_message
    assert not any(CHANGE_MARK.strip() in (grid.data(grid.index(r, c)) or "")
                   for r in range(grid.rowCount()) for c in range(grid.columnCount()))


def test_the_change_line_after_a_repair_is_read_whole_at_1366_px(qtbot, make_window, solved_sample):
    """interkommunal, published; a doctor falls ill for thirteen weeks and the rota is
    repaired: many doctors must be told (10–12 in four runs; six weeks told 5–7, too close to
    the line's 6 names to test it: one CI run told 5). At 1366×768 the line above the grid was cut at the right edge
    after the fifth name; it is read whole (wrapped, the first names and «og N til», every
    doctor in the tooltip), and the grid keeps most of the window."""
    from datetime import timedelta

    from PySide6.QtCore import QPoint

    from legevakt_app.snapshots import diff_against_latest, known_names
    from legevakt_app.ui.main_window import CHANGE_LINE_DOCTORS

    window = make_window()
    window.fit_to_screen = lambda: None  # the offscreen screen is 800×600
    window.resize(1366, 768)
    window.open_path(solved_sample("interkommunal"))
    window.publish()
    ill = window.project.doctors[0]
    window.tabs.setCurrentIndex(3)
    window.absence_doctor.setCurrentIndex(window.absence_doctor.findData(ill.id))
    first = window.project.period.start + timedelta(days=20)
    window.select_days(first, first + timedelta(days=90))
    window.mark_selected_days("annet")
    window.solve(mode="repair", time_limit=8)
    wait_idle(qtbot, window)
    window.tabs.setCurrentIndex(4)  # Turnus
    qtbot.wait(50)  # laid out at the window's size
    diff = diff_against_latest(window.project)
    told = diff.affected_doctors()
    assert len(told) > CHANGE_LINE_DOCTORS  # more than one line's worth of names
    line = window.change_summary
    assert line.isVisible() and window.width() == 1366
    right = line.mapTo(window, QPoint(line.width(), 0)).x()
    assert right <= window.width()
    text_width = line.fontMetrics().horizontalAdvance(line.text())
    if line.wordWrap():  # every wrapped line has room: its height is the wrapped text's
        assert line.heightForWidth(line.width()) <= line.height()
        assert line.height() <= 3 * line.fontMetrics().lineSpacing() + 8  # two lines, not a page
    else:
        assert text_width <= line.contentsRect().width(), (text_width, line.width())
    assert f"og {len(told) - CHANGE_LINE_DOCTORS} til" in line.text()
    names = known_names(window.project)
    assert all(names[d] in line.toolTip() for d in told)  # every doctor, with her vakter
    assert window.grid_view.height() >= 400  # the grid keeps the screen


def test_a_repair_cancelled_before_its_fewest_moves_leaves_the_rota_as_it_was(
        qtbot, window, solved_sample):
    """After publishing, the leader pre-assigns a doctor a vakt another has (no repair keeps
    every other vakt: the engine searches the whole model), presses «Reparer» and then Avbryt
    while the engine still looks for the fewest moves. Its best rota so far may change many
    published vakter where a finished repair moves a few: the rota stays as it was, and the
    status bar says why and what to do."""
    from tests.conftest import pre_assign_anothers_vakt

    window.open_path(solved_sample("interkommunal"))
    window.publish()
    window.apply(pre_assign_anothers_vakt(window.project.model_copy(deep=True)), "Forhåndstildel")
    before = list(window.project.rota)
    worker = window.solve(mode="repair", time_limit=30)

    def cancel_at_the_moves_level(progress):  # in the worker thread, before the engine goes on
        if getattr(progress, "level", None) == "moves":
            worker.cancel()

    worker.progress.connect(cancel_at_the_moves_level, Qt.ConnectionType.DirectConnection)
    wait_idle(qtbot, window)
    result = window.last_solve
    moves = result.level("moves")  # not reached, or not proven
    assert result.status == "cancelled" and (moves is None or moves.status != "optimal")
    assert window.project.rota == before
    message = window.statusBar().currentMessage()
    assert message.startswith("Avbrutt før reparasjonen var ferdig")
    assert f"flytter {result.moved} tildelinger, og færre kan være nok" in message
    assert "som før" in message and "«Reparer» igjen" in message


def test_a_repair_tells_the_leader_that_a_doctor_who_joined_got_no_vakter(qtbot, window,
                                                                         solved_sample):
    """Nina joins on 1 April, after publishing; «Reparer» moves nothing, so she has no vakter:
    the leader is told, and how to give her some."""
    from legevakt_app.domain import Absence

    window.open_path(solved_sample("liten-kommune"))
    window.publish()
    nina = window.project.doctors[1].model_copy(update={
        "id": "lege05", "name": "Nina Nyvik", "birth_year": 1985,
        "unavailable": [Absence(start=date(2027, 1, 4), end=date(2027, 3, 31), kind="annet")]})
    window.apply(window.project.model_copy(update={"doctors": [*window.project.doctors, nina]}),
                 "Legg til lege")
    window.solve(mode="repair", time_limit=8)
    wait_idle(qtbot, window)
    assert window.last_solve.moved == 0
    assert not any(a.doctor_id == "lege05" for a in window.project.rota)
    assert window.last_message.startswith("Ingen vakter: Nina Nyvik har ingen vakter")
    assert "lås dem (Ctrl+L), trykk «Optimaliser resten»" in window.last_message


def test_picker_wraps_a_long_rule_instead_of_cutting_it(qtbot):
    from legevakt_app.ui.dialogs import RULE_LINE_CHARS, PickDoctorDialog

    rule = ("Vaktkompetanse og bakvakt: 06.03 Eikenes satellitt Helg (video): Lars Sæterbø er ikke "
            "vaktkompetent og har ingen vaktkompetent bakvakt på samme tid")
    dialog = PickDoctorDialog("Helg (video)", [(None, "(ingen — ledig)", []), ("lege06", "Lars", [rule])])
    qtbot.addWidget(dialog)
    shown = dialog.list.topLevelItem(1).text(1)
    lines = shown.splitlines()
    assert len(lines) == 2 and all(len(line) <= RULE_LINE_CHARS for line in lines)
    assert " ".join(shown.split()) == rule  # every word is there
    assert dialog.list.topLevelItem(1).toolTip(1) == shown


def test_a_published_rota_asks_before_a_new_solve_and_repairs_against_what_was_published(
        qtbot, window, solved_sample, monkeypatch):
    import legevakt_app.ui.main_window as main_window

    window.open_path(solved_sample("liten-kommune"))
    window.publish()
    published = {(a.shift_id, a.role, a.doctor_id) for a in window.project.snapshots[-1].assignments}
    answers = ["cancel", "repair"]
    asked: list[str] = []
    monkeypatch.setattr(main_window, "ask_published_solve",
                        lambda _parent, what: asked.append(what) or answers.pop(0))
    # «Lag turnus» on a published rota: asked first; «Avbryt» starts nothing
    assert window.solve(mode="new", time_limit=8) is None and asked == ["Lag turnus"]
    # a doctor falls ill on a day; the leader answers «Reparer»
    grid = window.grid_model
    row = row_of(grid, date(2027, 3, 17))
    shift = grid.shift_for(grid.index(row, first_column(window)))
    doctor = grid.doctor_at(grid.index(row, first_column(window)))[0]
    window.tabs.setCurrentIndex(3)
    window.absence_doctor.setCurrentIndex(window.absence_doctor.findData(doctor))
    window.select_days(date(2027, 3, 17), date(2027, 3, 17))
    window.mark_selected_days("annet")
    assert window.solve(mode="new", time_limit=8) is not None
    wait_idle(qtbot, window)
    result = window.last_solve
    after = {(a.shift_id, a.role, a.doctor_id) for a in window.project.rota}
    assert window.violations == [] and result.moved is not None
    # moves counted from what was published; a bakvakt no longer needed (its vakt went to a
    # vaktkompetent doctor) is released, not moved
    backed = {shift_id for shift_id, role, _doctor in after if role == "bakvakt"}
    moved = {(s, r, d) for s, r, d in published - after if r == "vakt" or s in backed}
    assert len(moved) == result.moved <= 6
    assert not any(a.shift_id == shift.id and a.doctor_id == doctor for a in window.project.rota)


def test_the_grid_keeps_its_place_after_a_hand_change_a_lock_and_undo_redo(qtbot, window,
                                                                           solved_sample):
    """The review's case: «Hele perioden», a cell far down (row 128), Enter, a doctor chosen.
    The grid stays on that cell, scrolled as it was; so after Ctrl+L, Ctrl+Z, Ctrl+Y and a
    swap (Ctrl+B)."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window.open_path(solved_sample("liten-kommune"))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tabs.setCurrentIndex(4)
    window.month_combo.setCurrentIndex(0)  # Hele perioden
    grid, view = window.grid_model, window.grid_view
    cell = window.grid_proxy.mapFromSource(grid.index(128, first_column(window)))
    assert grid.doctor_at(grid.index(128, first_column(window)))[0] is not None
    view.setFocus()
    view.scrollTo(cell)
    view.setCurrentIndex(cell)
    scroll = view.verticalScrollBar().value()
    assert scroll > 0

    def choose_another(dialog):
        row = next(r for r in range(1, dialog.list.topLevelItemCount())
                   if dialog.list.topLevelItem(r).data(0, Qt.ItemDataRole.UserRole)
                   not in (None, dialog_current))
        dialog.choose_row(row)
        dialog.accept()

    dialog_current = grid.doctor_at(grid.index(128, first_column(window)))[0]
    window.pick_dialog_hook = choose_another
    before = window.undo.count()
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert window.undo.count() == before + 1  # changed by hand

    def still_there():
        return (view.currentIndex().row(), view.currentIndex().column(),
                view.verticalScrollBar().value())

    assert still_there() == (cell.row(), cell.column(), scroll)
    QTest.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert still_there() == (cell.row(), cell.column(), scroll)
    assert view.selectionModel().isSelected(view.currentIndex())  # Ctrl+L again unlocks it
    for key in (Qt.Key.Key_Z, Qt.Key.Key_Z, Qt.Key.Key_Y):
        QTest.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)
        assert still_there() == (cell.row(), cell.column(), scroll)

    def swap_with_the_first_listed(dialog):
        dialog.choose_row(0)
        dialog.accept()

    window.swap_dialog_hook = swap_with_the_first_listed
    QTest.keyClick(view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.undo.undoText().startswith("Bytt vakt")
    assert still_there() == (cell.row(), cell.column(), scroll)
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == cell.row() + 1  # the keys go on from there


def test_removing_a_doctor_leaves_every_other_doctors_colour(qtbot, window, solved_sample):
    """Colours follow the doctor, not the place in the list: removing the second doctor
    used to give everyone after her a new colour, in the grid and in the exports."""
    window.open_path(solved_sample("interkommunal"))
    grid = window.grid_model

    def cell_colours():
        out = {}
        for r in range(grid.rowCount()):
            for c in range(grid.columnCount()):
                doctor = grid.doctor_at(grid.index(r, c))[0]
                if doctor is not None:
                    out.setdefault(doctor, set()).add(
                        grid.data(grid.index(r, c), Qt.ItemDataRole.BackgroundRole).color().name())
        return out

    before = cell_colours()
    assert all(len(c) == 1 for c in before.values())
    assert len({next(iter(c)) for c in before.values()}) == len(before)  # no two alike
    window.tabs.setCurrentIndex(1)
    window.doctor_view.selectRow(1)
    gone = window.project.doctors[1].id
    qtbot.mouseClick(window.remove_doctor_button, Qt.MouseButton.LeftButton)
    assert gone not in {d.id for d in window.project.doctors}
    after = cell_colours()
    assert gone not in after and after
    assert after == {d: before[d] for d in after}


@pytest.mark.parametrize("sample", ["liten-kommune", "interkommunal"])
def test_the_grid_shows_the_vakttyper_in_the_order_the_workbook_prints_them(window, sample):
    """The leader compares the screen with the printout: the same vakttyper in the same order,
    as a day reads (liten-kommune: Helg dag 08–16 before Døgnvakt 16–08, though the project
    lists Døgnvakt first)."""
    from legevakt_app.export.layout import build_layout
    from legevakt_app.rota_source import source_from_project

    window.open_path(SAMPLES[sample])

    def in_order(templates):
        return list(dict.fromkeys(templates))

    grid = in_order(c.template for c in window.grid_model.columns)
    printed = in_order(c.template_id for c in build_layout(source_from_project(window.project)).columns)
    assert grid == printed
    if sample == "liten-kommune":
        assert grid.index("helg-dag") < grid.index("dogn")


def test_the_holiday_colour_and_its_word_are_the_same_on_screen_in_the_pdf_and_workbook(
        window, solved_sample):
    """The Turnus legend and the PDF's say the same words for the same colour, and the grid,
    the PDF and the workbook shade a holiday (langfredag) in that colour."""
    from legevakt_app.export.layout import build_layout
    from legevakt_app.export.xlsx import HOLIDAY_FILL
    from legevakt_app.ui.pdf_export import _calendar_row, calendar_section
    from tests.export.conftest import sample_source

    window.open_path(solved_sample("liten-kommune"))
    window.tabs.setCurrentIndex(4)
    grid = window.grid_model
    langfredag = row_of(grid, date(2027, 3, 26))
    screen = grid.headerData(langfredag, Qt.Orientation.Vertical,
                             Qt.ItemDataRole.BackgroundRole).color().name().upper()
    assert "Rosa: helligdag" in window.grid_legend.text()
    assert window.grid_legend.isVisible()

    layout = build_layout(sample_source("liten-kommune"))
    assert "Rosa: helligdag" in calendar_section(layout, 8, 700).first_title
    row = _calendar_row(layout, next(d for d in layout.rows if d.day == date(2027, 3, 26)))
    assert f"bgcolor='{screen}'" in row
    assert HOLIDAY_FILL.fgColor.rgb.endswith(screen.lstrip("#"))
    assert screen == "#F8D7DA"  # pink: the calendar's «Permisjon» is light orange


def test_a_helgevakt_shows_on_the_weekend_days_it_runs_through(window, tmp_path):
    """Turnus: a helgevakt fre 16 – man 08 shows «↳ » and its doctor on Saturday and Sunday,
    in italics on her colour (a QA audit saw blank weekend rows, as if nobody were on duty);
    those cells are not a vakt of their own (no shift there: changed on Friday), and their
    tooltip says when the vakt began."""
    from legevakt_app.domain import PublishedAssignment
    from legevakt_app.project_io import save_project
    from tests.export.conftest import helgevakt_source

    source = helgevakt_source()
    project = source.project.model_copy(update={"rota": [
        PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
        for a in source.rota.assignments]})
    path = tmp_path / "helg.legevakt.json"
    save_project(project, path, backup=False)
    window.open_path(path)
    grid = window.grid_model
    column = next(c for c, col in enumerate(grid.columns)
                  if col.template == "helg" and col.role == "vakt")
    names = {d.id: d.name for d in project.doctors}
    doctor = next(a.doctor_id for a in project.rota
                  if a.shift_id == "helg@2027-01-08" and a.role == "vakt")
    friday = grid.index(row_of(grid, date(2027, 1, 8)), column)
    assert grid.data(friday) == names[doctor]
    for day in (date(2027, 1, 9), date(2027, 1, 10)):
        cell = grid.index(row_of(grid, day), column)
        assert grid.data(cell) == f"↳ {names[doctor]}"
        assert grid.data(cell, Qt.ItemDataRole.FontRole).italic()
        assert grid.data(cell, Qt.ItemDataRole.BackgroundRole).color() == grid.colours[doctor]
        assert "fortsetter fra 08.01 16:00" in grid.data(cell, Qt.ItemDataRole.ToolTipRole)
        assert grid.shift_for(cell) is None
    assert grid.data(grid.index(row_of(grid, date(2027, 1, 11)), column)) is None  # Monday


def test_a_repair_of_an_unpublished_rota_shows_what_it_moved(qtbot, window, solved_sample):
    """«Reparer» on a rota not yet published said «4 tildelinger flyttet» and left the grid
    where it was: now the places moved are selected, the first in view, and the status line
    names them (as a published one shows its changes, marked ◆)."""
    window.open_path(solved_sample("liten-kommune"))
    window.tabs.setCurrentIndex(4)
    window.month_combo.setCurrentIndex(0)  # «Hele perioden»
    grid = window.grid_model
    row = row_of(grid, date(2027, 3, 17))
    doctor = grid.doctor_at(grid.index(row, first_column(window)))[0]
    before = {(a.shift_id, a.role, a.doctor_id) for a in window.project.rota}
    window.tabs.setCurrentIndex(3)
    window.absence_doctor.setCurrentIndex(window.absence_doctor.findData(doctor))
    window.select_days(date(2027, 3, 15), date(2027, 3, 19))
    window.mark_selected_days("ferie")
    window.grid_view.scrollToTop()
    window.solve(mode="repair", time_limit=8)
    wait_idle(qtbot, window)
    assert not window.project.snapshots and window.violations == []
    after = {(a.shift_id, a.role, a.doctor_id) for a in window.project.rota}
    backed = {shift_id for shift_id, role, _doctor in after if role == "bakvakt"}
    moved = {(s, r) for s, r, d in before - after if r == "vakt" or s in backed}
    assert moved and len(moved) <= window.last_solve.moved
    proxy, view = window.grid_proxy, window.grid_view
    selected = {(grid.shift_for(proxy.mapToSource(i)).id, grid.columns[proxy.mapToSource(i).column()].role)
                for i in view.selectionModel().selectedIndexes()}
    assert selected == moved
    shifts = window._shift_by_id()
    first = min(moved, key=lambda m: (shifts[m[0]].start, m[1]))
    current = proxy.mapToSource(view.currentIndex())
    assert (grid.shift_for(current).id, grid.columns[current.column()].role) == first
    assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))
    message = window.statusBar().currentMessage()
    assert f"flyttet: {shifts[first[0]].start:%d.%m} {shifts[first[0]].label}" in message


def test_a_missing_bakvakt_shows_as_ledig_and_one_not_needed_stays_blank(window, solved_sample):
    """A bakvakt taken off a vakt held by a doctor who is not vaktkompetent is a place the rota
    must fill: «LEDIG» in red, as an empty vakt is (a QA find: it was as blank as a bakvakt
    place nobody needs)."""
    window.open_path(solved_sample("liten-kommune"))
    grid = window.grid_model
    rota = window.project.rota
    needed = next(a for a in rota if a.role == "bakvakt")
    noncompetent = {a.doctor_id for a in rota if a.shift_id == needed.shift_id and a.role == "vakt"}
    not_needed = next(a for a in rota if a.role == "vakt" and a.doctor_id not in noncompetent
                      and a.shift_id.startswith("dogn@")
                      and not any(b.shift_id == a.shift_id and b.role == "bakvakt" for b in rota))
    window.assign(needed.shift_id, "bakvakt", needed.doctor_id, None)  # take the bakvakt off
    empty = grid.index_of(needed.shift_id, "bakvakt")
    blank = grid.index_of(not_needed.shift_id, "bakvakt")
    assert grid.data(empty) == "LEDIG"
    assert grid.data(empty, Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert "bakvakt mangler" in grid.data(empty, Qt.ItemDataRole.ToolTipRole)
    assert grid.data(blank) == ""
    assert "trengs ikke" in grid.data(blank, Qt.ItemDataRole.ToolTipRole)


def test_the_changes_since_publishing_can_be_read_and_copied_whole(qtbot, window, solved_sample):
    """After «Reparer» the leader must phone or e-mail each doctor told: whom, and which
    vakter. The per-day list was only in the change line's tooltip, gone when the mouse moves
    and never copied; a link on the line opens it in a window of its own, its text
    selectable, with a button that copies it."""
    from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit, QPushButton

    from legevakt_app.snapshots import diff_against_latest, doctor_notices, known_names

    repair_after_kari_falls_ill(qtbot, window, solved_sample)
    line = window.change_summary
    assert line.isVisibleTo(window)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', line.text())
    assert len(links) == 1, line.text()
    line.linkActivated.emit(links[0][0])
    boxes = [b for b in window.findChildren(QDialog, "changes_list") if b.isVisible()]
    assert len(boxes) == 1
    box = boxes[0]
    view = box.findChild(QPlainTextEdit)
    diff = diff_against_latest(window.project)
    notices = doctor_notices(diff, known_names(window.project), window._shift_by_id())
    for notice in notices:  # every doctor told, each vakt by day
        assert notice in view.toPlainText()
    assert view.isReadOnly()
    assert view.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    copy = next(b for b in box.findChildren(QPushButton) if b.text() == "Kopier")
    copy.click()
    copied = QApplication.clipboard().text()
    assert all(notice in copied for notice in notices)
    assert box.isVisible()  # copied, still open to read


def test_a_repair_undone_is_not_called_the_engines_rota_edited_by_hand(qtbot, window,
                                                                      solved_sample):
    """QA: after «Reparer» and Ctrl+Z the rota is the published one, Kari still on the vakter
    of her illness, and the fairness line called it the engine's rota «etter endringer for
    hånd», with that rota's figure beside the repair's. Undone, the line has no engine's
    figures (as before the repair); redone, the repair's again; a change by hand on top of
    the repair is still said to be one."""
    repair_after_kari_falls_ill(qtbot, window, solved_sample)
    repaired = window.fairness_text()
    assert repaired.startswith("Rettferdighet: mest belastede lege ")
    assert "etter endringer for hånd" not in repaired
    window.undo.undo()
    assert window.fairness_text() == ""
    window.undo.redo()
    assert window.fairness_text() == repaired
    backed = {a.shift_id for a in window.project.rota if a.role == "bakvakt"}
    cell = next(a for a in window.project.rota if a.role == "vakt" and a.shift_id not in backed
                and a.doctor_id != "lege01")
    there = {a.doctor_id for a in window.project.rota if a.shift_id == cell.shift_id}
    other = next(d.id for d in window.project.doctors if d.id not in there and d.id != "lege01")
    window.assign(cell.shift_id, "vakt", cell.doctor_id, other)
    assert "etter endringer for hånd" in window.fairness_text()


def test_the_changed_doctors_calendars_are_written_from_the_changes_list(
        qtbot, window, solved_sample, tmp_path, monkeypatch):
    """Calendars sent with the rota published; Kari falls ill, «Reparer». From the list of
    changes, «Kalenderfiler til dem …» writes the calendar files of exactly the doctors told
    (Kari's with her vakter cancelled), as Eksporter → «Kalenderfiler, bare de endrede»
    does, and the status line names them."""
    from PySide6.QtWidgets import QDialog, QPushButton

    import legevakt_app.ui.main_window as mw
    from legevakt_app.snapshots import diff_against_latest

    monkeypatch.setattr(mw, "ask_publish_calendars", lambda _parent: "publish")

    def publish_with_the_calendars(window) -> None:  # «Publiser og eksporter»
        assert window.export("ics", str(tmp_path / "alle")) is not None
        wait_idle(qtbot, window)

    repair_after_kari_falls_ill(qtbot, window, solved_sample, publish=publish_with_the_calendars)
    told = diff_against_latest(window.project).affected_doctors()
    assert "lege01" in told and len(told) < len(window.project.doctors) + 1

    window.show_changes_list()
    box = next(b for b in window.findChildren(QDialog, "changes_list") if b.isVisible())
    folder = tmp_path / "til-legene"
    monkeypatch.setattr(mw.QFileDialog, "getExistingDirectory", lambda *_a: str(folder))
    send = next(b for b in box.findChildren(QPushButton) if b.text() == "Kalenderfiler til dem …")
    send.click()
    qtbot.waitUntil(lambda: "Eksportert" in window.last_message, timeout=30000)
    wait_idle(qtbot, window)
    assert not [b for b in window.findChildren(QDialog, "changes_list") if b.isVisible()]
    assert {p.name.split("-")[0] for p in folder.glob("*.ics")} == told
    assert "bare de endrede siden forrige eksport: send dem til" in window.last_message


def test_a_repair_with_a_one_week_vikar_on_top_evens_out_the_others(qtbot, window, solved_sample):
    """Kari falls ill for two weeks after publishing; a vikar with a tenth of a share, there
    only the week Ola is on a course, is the only vaktkompetent bakvakt free for Per some days,
    so she tops level 1 (thousands of hours per full share) whatever the others take. The
    fairness line says what the engine evened out among the others (objective.others_level):
    the level's best, which the most loaded of them in the rota is at least and at most the
    fairness margin above (the later levels may use it; one run under load: 1161,6 and
    1177,6, where the line said «mest belastede 1161,6»). (Whether Kari's døgnvakter go to Ola or Per
    depends on who was the others' top in the rota solved for the test: one CI run gave all
    4 to Per, fairly, so the split is not asserted; tests/solver/test_others_level.py checks
    the spreading on a deterministic case.)"""
    from legevakt_app.domain import Absence

    window.open_path(solved_sample("liten-kommune"))
    window.publish()
    project = window.project
    vera = project.doctors[1].model_copy(update={
        "id": "vikar1", "name": "Vera Vikar", "kind": "vikar", "legevakt_share": 0.1,
        "practice_hours_per_week": 0.0,
        "unavailable": [Absence(start=date(2027, 1, 4), end=date(2027, 4, 8), kind="annet"),
                        Absence(start=date(2027, 4, 17), end=date(2027, 7, 4), kind="annet")]})
    kari = project.doctors[0].model_copy(update={"unavailable": [
        *project.doctors[0].unavailable,
        Absence(start=date(2027, 4, 5), end=date(2027, 4, 18), kind="annet")]})
    window.apply(project.model_copy(update={"doctors": [kari, *project.doctors[1:], vera]}),
                 "Vikar og sykdom")
    before = {d.id: sum(1 for a in window.project.rota if a.doctor_id == d.id and a.role == "vakt")
              for d in window.project.doctors}
    window.solve(mode="repair", time_limit=15)
    wait_idle(qtbot, window)
    result = window.last_solve
    assert result.status == "optimal" and window.violations == []
    assert result.level("fairness").value > 2000  # the vikar's tenth of a share, on top
    others = result.level("fairness_others")
    assert others is not None and others.value < 1300
    text = window.fairness_text()
    assert f"de andre legene: beste motoren fant {others.value:.1f}".replace(".", ",") in text
    # the most loaded of the doctors below the vikar: at least the level's best, and at most
    # the fairness margin above it (what the later levels may use for nights and weekends)
    below = [m.load_per_share for m in result.metrics
             if m.id != "vikar1" and m.load_per_share is not None]
    margin = window.project.rules.fairness_margin * result.perfect_fairness_bound
    assert others.value - 0.01 <= max(below) <= others.value + margin + 0.01
    after = {d.id: sum(1 for a in window.project.rota if a.doctor_id == d.id and a.role == "vakt")
             for d in window.project.doctors}
    assert after["lege02"] + after["lege04"] > before["lege02"] + before["lege04"]  # Kari's went
