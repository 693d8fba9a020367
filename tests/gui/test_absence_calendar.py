"""Fravær og ønsker: a calendar per doctor where the leader marks ranges and pre-assigns shifts."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import SAMPLES
from tests.gui.conftest import wait_idle

pytestmark = pytest.mark.gui


def choose_doctor(window, index=1):
    window.tabs.setCurrentIndex(3)
    window.absence_doctor.setCurrentIndex(index)
    return window.project.doctors[index]


def test_drag_over_days_and_mark_them_as_ferie(qtbot, window):
    window.open_path(SAMPLES["interkommunal"])
    doctor = choose_doctor(window)
    before = list(doctor.unavailable)
    view = window.calendar_view
    model = window.calendar_model
    # drag with the mouse from Wednesday 10.03 to Tuesday 16.03: the seven days, not a
    # rectangle of Tuesdays and Wednesdays
    view.scrollTo(model.index_of(date(2027, 3, 10)))
    first = view.visualRect(model.index_of(date(2027, 3, 10))).center()
    last = view.visualRect(model.index_of(date(2027, 3, 16))).center()
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
    QTest.mouseMove(view.viewport(), last)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, last)
    assert window.selected_days() == (date(2027, 3, 10), date(2027, 3, 16))
    assert len(view.selectionModel().selectedIndexes()) == 7
    # Shift+Right extends the run by a day, from where the drag started
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected_days() == (date(2027, 3, 10), date(2027, 3, 17))
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.mouseClick(window.mark_buttons["ferie"], Qt.MouseButton.LeftButton)
    added = [a for a in window.project.doctors[1].unavailable if a not in before]
    assert [(a.kind, a.start, a.end) for a in added] == [("ferie", date(2027, 3, 10), date(2027, 3, 16))]
    # the calendar shows it at once
    cell = model.index_of(date(2027, 3, 12))
    assert "Ferie" in model.data(cell) and model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None
    assert "Ferie" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert window.absence_lists.tabText(0) == f"Fravær ({len(before) + 1})"
    window.undo.undo()
    assert window.project.doctors[1].unavailable == before


def test_clearing_the_middle_of_a_range_splits_it(window):
    window.open_path(SAMPLES["interkommunal"])
    choose_doctor(window)
    window.select_days(date(2027, 4, 5), date(2027, 4, 18))
    window.mark_selected_days("kurs")
    window.select_days(date(2027, 4, 10), date(2027, 4, 11))
    window.mark_selected_days("clear")
    kurs = [(a.start, a.end) for a in window.project.doctors[1].unavailable if a.kind == "kurs"]
    assert kurs == [(date(2027, 4, 5), date(2027, 4, 9)), (date(2027, 4, 12), date(2027, 4, 18))]
    assert window.calendar_model.data(window.calendar_model.index_of(date(2027, 4, 10))) == "10.4"


def test_wishes_to_work_and_to_avoid(window):
    window.open_path(SAMPLES["interkommunal"])
    choose_doctor(window, 2)
    window.select_days(date(2027, 5, 1), date(2027, 5, 2))
    window.mark_selected_days("wants")
    window.select_days(date(2027, 5, 17), date(2027, 5, 17))
    window.mark_selected_days("avoids")
    wishes = {(w.start, w.end, w.wants) for w in window.project.doctors[2].wishes}
    assert (date(2027, 5, 1), date(2027, 5, 2), True) in wishes
    assert (date(2027, 5, 17), date(2027, 5, 17), False) in wishes
    model = window.calendar_model
    assert "Ønsker vakt" in model.data(model.index_of(date(2027, 5, 1)))
    assert "Vil helst ikke" in model.data(model.index_of(date(2027, 5, 17)))
    assert "17. mai" in model.data(model.index_of(date(2027, 5, 17)), Qt.ItemDataRole.ToolTipRole).lower() or \
        "grunnlovsdag" in model.data(model.index_of(date(2027, 5, 17)), Qt.ItemDataRole.ToolTipRole).lower()


def test_marking_without_a_selection_says_what_to_do(window):
    window.open_path(SAMPLES["interkommunal"])
    choose_doctor(window)
    before = window.project
    window.calendar_view.clearSelection()
    window.mark_selected_days("ferie")
    assert window.project is before
    assert "Velg en lege og en eller flere dager" in window.last_message


def test_pre_assign_a_shift_from_the_calendar_and_solve_with_it(qtbot, window):
    window.open_path(SAMPLES["liten-kommune"])
    doctor = choose_doctor(window, 0)
    window.select_days(date(2027, 2, 3), date(2027, 2, 3))
    window.preassign_menu()
    menu = window._preassign_popup
    actions = [a for a in menu.actions() if a.isEnabled()]
    assert actions and all("(bakvakt)" in a.text() or ":" in a.text() for a in actions)
    actions[0].trigger()  # the first shift of the day, as vakt
    pre = window.project.doctors[0].pre_assigned
    assert len(pre) == 1 and pre[0].shift_id.endswith("@2027-02-03") and pre[0].role == "vakt"
    assert window.preassigned_model.rowCount() == 1
    assert "2027" in window.preassigned_model.data(window.preassigned_model.index(0, 0))
    assert "★ vakt" in window.calendar_model.data(window.calendar_model.index_of(date(2027, 2, 3)))
    window.solve(time_limit=5)
    wait_idle(qtbot, window)
    assert any(a.shift_id == pre[0].shift_id and a.doctor_id == doctor.id and a.role == "vakt"
               for a in window.project.rota)
    assert window.violations == []


def test_a_partial_fritak_says_which_and_keeps_the_holidays_in_view(window):
    from legevakt_app.ui.models import MARKS

    window.open_path(SAMPLES["liten-kommune"])
    index = next(i for i, d in enumerate(window.project.doctors) if d.exemptions)
    assert window.project.doctors[index].exemptions[0].scope == "no_nights"
    choose_doctor(window, index)
    model = window.calendar_model
    weekday = model.index_of(date(2027, 3, 10))
    assert model.data(weekday) == "10.3\nIkke natt"  # not «Fritak»: she is there in the day
    assert model.data(weekday, Qt.ItemDataRole.BackgroundRole).color() == MARKS["delvis fritak"][1]
    assert model.data(weekday, Qt.ItemDataRole.BackgroundRole).color() != MARKS["fritak"][1]
    # a holiday's name in the cell, uncut; the partial fritak stays in its tooltip
    holiday = model.index_of(date(2027, 3, 25))
    assert model.data(holiday) == "25.3\nSkjærtorsdag"
    assert "Delvis fritak (ikke natt)" in model.data(holiday, Qt.ItemDataRole.ToolTipRole)
    # weekends and holidays keep their own colour
    saturday = model.index_of(date(2027, 3, 13))
    assert model.data(saturday, Qt.ItemDataRole.BackgroundRole).color() != MARKS["delvis fritak"][1]
    # a second partial fritak (the over-55 right, 16–08) is shown beside the first
    window.add_exemption()
    assert [e.scope for e in window.project.doctors[index].exemptions] == ["no_nights", "no_16_08"]
    assert window.calendar_model.data(weekday) == "10.3\nIkke 16–08"  # the wider of the two
    # and the Leger table has a Fritak column (the Kompetanse beside it says «vaktkompetent»)
    doctors = window.doctor_model
    col = next(c for c in range(doctors.columnCount())
               if doctors.headerData(c, Qt.Orientation.Horizontal) == "Fritak")
    other = next(i for i, d in enumerate(window.project.doctors) if not d.exemptions)
    assert doctors.data(doctors.index(other, col)) == "–"
    shown = doctors.data(doctors.index(index, col))
    assert shown.startswith("ikke natt; ikke 16–08 (kveld og natt)"), shown


def test_only_the_engines_holidays_are_shaded_påskeaften_named_as_høytid(window):
    """The calendar shades the days the engine counts as holidays (holidays.Norway with 24 and
    31 December), no more: påskeaften is named as høytid but shaded as the Saturday it is."""
    from legevakt_app.engine_input import build_problem
    from legevakt_app.ui.models import HOLIDAY_BG, WEEKEND_BG

    window.open_path(SAMPLES["liten-kommune"])
    choose_doctor(window, 0)
    model = window.calendar_model
    view = window.calendar_view
    view.scrollTo(model.index_of(date(2027, 3, 27)))

    def shade(day):
        brush = model.data(model.index_of(day), Qt.ItemDataRole.BackgroundRole)
        return None if brush is None else brush.color()

    easter_saturday = model.index_of(date(2027, 3, 27))
    assert shade(date(2027, 3, 27)) == WEEKEND_BG
    assert model.data(easter_saturday) == "27.3\nPåskeaften"
    assert "høytid, ikke helligdag" in model.data(easter_saturday, Qt.ItemDataRole.ToolTipRole)
    assert model.data(easter_saturday, Qt.ItemDataRole.ForegroundRole) is None  # not red
    assert shade(date(2027, 3, 26)) == HOLIDAY_BG  # langfredag
    assert "Langfredag" in model.data(model.index_of(date(2027, 3, 26)))
    # every day shaded as a holiday is one the engine's problem holds as a holiday, and back
    p = window.project
    days = [p.period.start + timedelta(days=i) for i in range((p.period.end - p.period.start).days + 1)]
    shaded = {d for d in days if shade(d) == HOLIDAY_BG}
    assert shaded == {d for d in build_problem(p).holidays if d <= p.period.end}
    assert date(2027, 3, 25) in shaded and date(2027, 3, 27) not in shaded
    # and the legend above the calendar says which is which
    assert "Helligdag" in window.absence_legend.text()
    assert "Påskeaften: høytid, ikke helligdag" in window.absence_legend.text()
