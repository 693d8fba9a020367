"""A date typed the way people write it — «04.02.2027», «4.2.2027» or «04022027» — is the date
meant, in every date field of the app: the period, the tables' Fra/Til, the unntak dialog and
the next period. (Qt's own date field moved on by itself after «04» and once more at the dot,
so «04.02.2027» became a date in the old month, silently.)"""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from legevakt_app.next_period import next_period
from legevakt_app.ui.date_edit import typed_date
from legevakt_app.ui.dialogs import NextPeriodDialog
from tests.conftest import SAMPLES

pytestmark = pytest.mark.gui

FORMS = ("04.02.2027", "4.2.2027", "04022027")


def type_in_fra_cell(qtbot, window, text: str) -> None:
    """Type ``text`` on the Fravær table's first Fra cell (its date field opens with the first
    key, as for every cell) and press Enter."""
    view, model = window.absence_view, window.absence_model
    view.setCurrentIndex(model.index(0, 1))  # Fra
    view.setFocus()
    qtbot.keyClicks(view, text[0])
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def type_date(qtbot, edit, text: str) -> None:
    """Type ``text`` into the date field ``edit`` from its day part, as after a click there."""
    edit.setFocus()
    edit.setSelectedSection(edit.Section.DaySection)
    qtbot.keyClicks(edit, text)


@pytest.fixture
def opened(qtbot, window):
    window.open_path(SAMPLES["liten-kommune"])  # 04.01.2027–04.07.2027
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.mark.parametrize("typed", FORMS)
def test_period_start_typed_after_tab_from_the_name(qtbot, opened, typed):
    """The review's steps: Tab from «Navn» into «Periode fra», type the date, Enter."""
    window = opened
    window.tabs.setCurrentIndex(0)
    window.district_name.setFocus()
    qtbot.keyClick(window.district_name, Qt.Key.Key_Tab)
    field = QApplication.focusWidget()
    assert window.period_start in (field, field.parent())
    qtbot.keyClicks(field, typed)
    assert window.period_start.text() == "04.02.2027"  # while typing, not only after Enter
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.project.period.start == date(2027, 2, 4)


def test_a_two_digit_year_is_this_century_once_the_date_is_applied(qtbot, opened):
    window = opened
    window.tabs.setCurrentIndex(0)
    edit = window.period_end
    type_date(qtbot, edit, "1.6.27")
    window.commit_edits()  # what Ctrl+S does before saving
    assert window.project.period.end == date(2027, 6, 1)


@pytest.mark.parametrize(("typed", "expected"), [
    # the field shows 22.02.2027: a date in another month
    ("04.01.2027", date(2027, 1, 4)), ("4.1.2027", date(2027, 1, 4)), ("04012027", date(2027, 1, 4)),
    # 29 typed while the field shows February (28 days) stays 29 once January is typed
    ("29.01.2027", date(2027, 1, 29)), ("29012027", date(2027, 1, 29)),
])
def test_absence_from_typed_in_the_table(qtbot, opened, typed, expected):
    """Typing on a Fra cell opens its date field with the first key, as for every cell."""
    window = opened
    window.tabs.setCurrentIndex(3)
    doctor = window._current_absence_doctor()
    assert window.project.doctors[doctor].unavailable[0].start == date(2027, 2, 22)
    type_in_fra_cell(qtbot, window, typed)
    qtbot.waitUntil(lambda: window.project.doctors[doctor].unavailable[0].start == expected)


@pytest.mark.parametrize("typed", FORMS)
def test_unntak_dates_typed(qtbot, opened, typed):
    dialog = opened.add_rule_exception()
    edit = dialog.start_edit
    type_date(qtbot, edit, typed)
    assert edit.date() == QDate(2027, 2, 4)
    dialog.reject()


@pytest.mark.parametrize("typed", ["04.10.2027", "4.10.2027", "04102027"])
def test_next_period_dates_typed(qtbot, window, solved_sample, typed):
    window.open_path(solved_sample("liten-kommune"))
    dialog = NextPeriodDialog(next_period(window.project), (date(2027, 1, 4), date(2027, 7, 4)), window)
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.end_edit
    type_date(qtbot, edit, typed)
    assert dialog.period()[1] == date(2027, 10, 4)


@pytest.mark.parametrize(("text", "expected"), [
    ("4.1.2027", date(2027, 1, 4)), ("04012027", date(2027, 1, 4)), ("4,1,2027", date(2027, 1, 4)),
    ("4.1.27", date(2027, 1, 4)), ("040127", date(2027, 1, 4)), ("31.04.2027", None),
    ("4.1.", None), ("0401", None), ("4.1.202", None),
])
def test_typed_date(text, expected):
    assert typed_date(text) == expected


def test_tab_leaves_the_period_start_for_the_end(qtbot, opened):
    """The QA walk-through: Tab in «Periode fra» (meaning to go to «til») moved to the month
    of the start, and what was typed next became the start's month."""
    window = opened
    window.tabs.setCurrentIndex(0)
    window.period_start.setFocus()
    window.period_start.setSelectedSection(window.period_start.Section.DaySection)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    field = QApplication.focusWidget()
    assert window.period_end in (field, field.parent())
    qtbot.keyClicks(field, "30.06.2027")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.project.period == type(window.project.period)(
        start=date(2027, 1, 4), end=date(2027, 6, 30))


@pytest.mark.parametrize("section", ["MonthSection", "YearSection"])
def test_a_whole_date_typed_in_the_month_or_year_is_the_date(qtbot, opened, section):
    """A click in the month (or year) puts the typing there; a whole date typed from there
    is still the date (it showed «04.01.00002.2027», and Enter put the old date back)."""
    window = opened
    window.tabs.setCurrentIndex(0)
    edit = window.period_end
    edit.setFocus()
    edit.setSelectedSection(getattr(edit.Section, section))
    qtbot.keyClicks(edit, "30.06.2027")
    assert edit.text() == "30.06.2027"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.project.period.end == date(2027, 6, 30)


@pytest.mark.parametrize("typed", ["31.02.2027", "30.02.2027", "31022027", "29.02.2027"])
def test_a_date_that_does_not_exist_is_refused_in_the_table(qtbot, opened, typed):
    """An impossible date typed in a Fra cell is said to be no date, naming the column, and
    the absence keeps its day (Qt made «31.02.2027» into 03.01.2027, before the period,
    silently)."""
    window = opened
    window.tabs.setCurrentIndex(3)
    doctor = window._current_absence_doctor()
    before = window.project.doctors[doctor].unavailable[0]
    type_in_fra_cell(qtbot, window, typed)
    qtbot.waitUntil(lambda: f"«{typed}» er ikke en dato" in window.last_message)
    assert "Fra" in window.last_message
    assert window.project.doctors[doctor].unavailable[0] == before


def test_a_date_that_does_not_exist_is_refused_for_the_period(qtbot, opened):
    window = opened
    window.tabs.setCurrentIndex(0)
    edit = window.period_end
    type_date(qtbot, edit, "31.04.2027")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "Periode til: «31.04.2027» er ikke en dato" in window.last_message
    assert window.project.period.end == date(2027, 7, 4)
    assert edit.date() == QDate(2027, 7, 4)  # the field shows the period's end, not 30.04


def test_a_date_that_does_not_exist_is_refused_in_the_dialogs(qtbot, opened, solved_sample):
    dialog = opened.add_rule_exception()
    edit = dialog.start_edit
    before = edit.date()
    type_date(qtbot, edit, "30.02.2027")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.date() == before
    assert dialog.problem.isVisibleTo(dialog)
    assert "Fra: «30.02.2027» er ikke en dato" in dialog.problem.text()
    dialog.reject()
    opened.open_path(solved_sample("liten-kommune"))
    next_dialog = NextPeriodDialog(next_period(opened.project),
                                   (date(2027, 1, 4), date(2027, 7, 4)), opened)
    qtbot.addWidget(next_dialog)
    next_dialog.show()
    edit = next_dialog.end_edit
    before = edit.date()
    type_date(qtbot, edit, "31.11.2027")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.date() == before
    assert "til og med: «31.11.2027» er ikke en dato" in next_dialog.problem.text()
