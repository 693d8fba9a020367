"""«Unntak fra vakthyppigheten» on the Vakter og regler page, through the real widgets: the
dialog adds, changes and refuses; the table shows; every change is one undo step and is
saved with the project; the engine's exception fix gets its «Bruk» button."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from legevakt_app.domain import FrequencyLimit, RuleException
from legevakt_app.project_io import load_project, save_project
from legevakt_app.ui.main_window import TAB_RULES
from tests.foundation.test_rule_exceptions import ferie_crunch, local_crunch
from tests.gui.conftest import copy_sample, wait_idle

pytestmark = pytest.mark.gui

PAASKE = RuleException(name="Påske", start=date(2027, 3, 22), end=date(2027, 3, 29),
                       spacing_window_days=3, max_in_window=FrequencyLimit(value=1, hard=True))


@pytest.fixture
def opened(window, tmp_path):
    """liten-kommune (04.01–04.07.2027, firedelt as a wish) from a file, on the rules page."""
    path = copy_sample(tmp_path, "liten-kommune")
    assert window.open_path(path)
    window.tabs.setCurrentIndex(TAB_RULES)
    return window, path


def table(window) -> list[list[str]]:
    model = window.rule_exceptions.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def fill(dialog, name="Påske", start=date(2027, 3, 22), end=date(2027, 3, 29), window=None,
         in_window=None, per_week=None) -> None:
    """Type into the dialog as a leader would: name, dates, and the limits to tick."""
    dialog.name_edit.setText(name)
    dialog.start_edit.setDate(QDate(start))
    dialog.end_edit.setDate(QDate(end))
    for row, value in ((dialog.window, window), (dialog.in_window, in_window),
                       (dialog.per_week, per_week)):
        if value is None:
            continue
        row.own.setChecked(True)
        number, *hard = value if isinstance(value, tuple) else (value,)
        row.value.setValue(number)
        if hard:
            row.hard.setChecked(hard[0])


def test_add_an_exception_see_it_undo_it_and_save_it(qtbot, opened):
    window, path = opened
    steps = window.undo.count()
    window.rule_exceptions.add_button.click()
    dialog = window.exception_dialog
    assert dialog is not None and dialog.isVisible()
    # the period's own values stand in the dialog, unticked
    assert dialog.window.value.value() == 4 and not dialog.window.own.isChecked()
    assert dialog.in_window.value.value() == 1 and not dialog.in_window.hard.isChecked()
    assert "perioden: 1 vakt (ønsket)" == dialog.in_window.period.text()
    fill(dialog, window=3, in_window=(1, True))
    assert "maks 1 vakt per 3 døgn (3-delt, absolutt)" in dialog.summary.text()
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert window.project.rules.exceptions == [PAASKE]
    assert window.undo.count() == steps + 1 and window.modified
    assert table(window) == [["Påske", "22.03.2027", "29.03.2027", "3 dager (3-delt)",
                              "1 vakt (absolutt)", "ingen grense", "ingen grense"]]
    # what the exception leaves to the period is shown grey
    model = window.rule_exceptions.model
    assert model.data(model.index(0, 5), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ForegroundRole) is None
    # the engine gets it
    assert window.problem.rules.exceptions[0].window_days == 3
    window.undo.undo()
    assert window.project.rules.exceptions == [] and table(window) == []
    assert not window.modified
    window.undo.redo()
    assert table(window)[0][0] == "Påske"
    assert window.save()
    saved = json.loads(path.read_text(encoding="utf-8"))["rules"]["exceptions"]
    assert saved == [{"start": "2027-03-22", "end": "2027-03-29", "name": "Påske",
                      "spacing_window_days": 3, "max_in_window": {"value": 1, "hard": True},
                      "max_per_week": None, "max_consecutive_days": None}]
    assert load_project(path).rules.exceptions == [PAASKE]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({}, "Unntaket endrer ingenting: kryss av for Eget vindu, Maks vakter i vinduet"),
        # ticked, but the period's own value: still nothing changes
        ({"window": 4, "in_window": (1, False)}, "Unntaket endrer ingenting"),
        ({"window": 3, "start": date(2027, 3, 29), "end": date(2027, 3, 22)},
         "Til (22.03.2027) er før Fra (29.03.2027)."),
        ({"per_week": 2, "start": date(2027, 3, 29), "end": date(2027, 4, 4)},
         "Fra og Til: unntaket «Påske» (29.03.2027–04.04.2027) overlapper unntaket «Påske» "
         "(22.03.2027–29.03.2027): to unntak kan ikke gjelde samme dag"),
    ],
)
def test_a_bad_exception_is_refused_in_the_dialog_naming_the_field(qtbot, opened, typed, message):
    window, _ = opened
    project = window.project.model_copy(deep=True)
    project.rules.exceptions = [PAASKE]
    window.apply(project, "Påske")
    before, steps = window.project, window.undo.count()
    dialog = window.add_rule_exception()
    fill(dialog, **typed)
    dialog.ok_button.click()
    assert dialog.isVisible()  # stays open to be put right
    assert dialog.problem.isVisible() and message in dialog.problem.text()
    assert window.project is before and window.undo.count() == steps
    # put right, it is taken
    fill(dialog, name="Etter påske", start=date(2027, 3, 30), end=date(2027, 4, 4), per_week=2)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert [e.name for e in window.project.rules.exceptions] == ["Påske", "Etter påske"]


def test_dates_outside_the_period_cannot_be_picked(opened):
    window, _ = opened
    dialog = window.add_rule_exception()
    dialog.start_edit.setDate(QDate(2026, 12, 20))  # the period starts 04.01.2027
    assert dialog.start_edit.date().toPython() == date(2027, 1, 4)
    dialog.end_edit.setDate(QDate(2027, 8, 1))
    assert dialog.end_edit.date().toPython() == date(2027, 7, 4)
    dialog.reject()


def test_change_and_remove_are_one_undo_step_each(qtbot, opened):
    window, _ = opened
    project = window.project.model_copy(deep=True)
    project.rules.exceptions = [PAASKE]
    window.apply(project, "Påske")
    assert not window.rule_exceptions.edit_button.isEnabled()  # nothing chosen yet
    window.rule_exceptions.select_row(0)
    assert window.rule_exceptions.edit_button.isEnabled()
    window.rule_exceptions.edit_button.click()
    dialog = window.exception_dialog
    assert dialog.name_edit.text() == "Påske" and dialog.window.own.isChecked()
    assert dialog.window.value.value() == 3 and dialog.in_window.hard.isChecked()
    fill(dialog, per_week=(2, False))
    dialog.ok_button.click()
    assert window.project.rules.exceptions == [PAASKE.model_copy(update={
        "max_per_week": FrequencyLimit(value=2, hard=False)})]
    assert table(window)[0][5] == "2 vakter (ønsket)"
    window.undo.undo()
    assert window.project.rules.exceptions == [PAASKE]
    window.rule_exceptions.select_row(0)
    window.rule_exceptions.remove_button.click()
    assert window.project.rules.exceptions == [] and table(window) == []
    assert window.undo.undoText() == "Fjern unntak 22.03–29.03 (Påske)"
    window.undo.undo()
    assert window.project.rules.exceptions == [PAASKE]


def test_a_shorter_period_cuts_an_exception_and_drops_one_outside(opened):
    window, _ = opened
    project = window.project.model_copy(deep=True)
    late = RuleException(name="Sommer", start=date(2027, 6, 21), end=date(2027, 7, 4),
                         max_per_week=FrequencyLimit(value=4))
    project.rules.exceptions = [PAASKE, late]
    window.apply(project, "Påske og sommer")
    window.change_period(date(2027, 1, 4), date(2027, 3, 25))
    assert window.project.period.end == date(2027, 3, 25)
    assert window.project.rules.exceptions == [PAASKE.model_copy(update={"end": date(2027, 3, 25)})]
    said = window.statusBar().currentMessage()
    assert "Unntak 21.06–04.07 (Sommer) utenfor perioden fjernet" in said
    assert "Unntak 22.03–29.03 (Påske) kuttet til 22.03–25.03" in said
    window.undo.undo()
    assert window.project.rules.exceptions == [PAASKE, late]


def test_the_engines_exception_fix_gets_a_button_and_is_one_undo_step(qtbot, window, tmp_path):
    # a local crunch (Dina's ferie in week 2 under hard firedelt): the explanation offers an
    # exception for that week first; «Bruk» adds it, and then a rota exists
    path = tmp_path / "lysfjord.legevakt.json"
    save_project(local_crunch(), path)
    assert window.open_path(path)
    window.solve(time_limit=10)
    wait_idle(qtbot, window)
    dialog = window.explanation_dialog
    assert dialog is not None and window.project.rota == []
    labels = [b.text() for b in dialog.fix_buttons]
    assert labels[0].startswith("Bruk: unntak for uke 2 (11.01–17.01): tillat 3-delt vakt"), labels
    steps = window.undo.count()
    dialog.fix_buttons[0].click()
    (exc,) = window.project.rules.exceptions
    assert (exc.name, exc.start, exc.end, exc.spacing_window_days) == (
        "uke 2", date(2027, 1, 11), date(2027, 1, 17), 3)
    assert window.undo.count() == steps + 1
    assert table(window)[0][:4] == ["uke 2", "11.01.2027", "17.01.2027", "3 dager (3-delt)"]
    window.solve(time_limit=10)
    wait_idle(qtbot, window)
    assert window.project.rota and window.violations == []
    window.undo.undo()  # the solve
    window.undo.undo()  # the fix
    assert window.project.rules.exceptions == [] and table(window) == []


def test_the_counted_fix_is_shown_with_its_button_after_the_counting(qtbot, window, tmp_path):
    # eleven doctors for twelve places in week 2: the conflict is not found in the time, the
    # counting says why, and the fix it leads to, verified, gets its «Bruk» as any other
    path = tmp_path / "lysfjord.legevakt.json"
    save_project(ferie_crunch(), path)
    assert window.open_path(path)
    window.solve(time_limit=5)
    wait_idle(qtbot, window)
    dialog = window.explanation_dialog
    assert dialog is not None and window.project.rota == []
    assert window.last_explanation.startswith("11.01–16.01 (og 1 annen periode på 6 døgn): 12 "
                                              "vaktdøgn trengs")
    assert [b.text() for b in dialog.fix_buttons] == [
        "Bruk: unntak for uke 2 (11.01–17.01): tillat 5-delt vakt (maks 1 vakt per 5 døgn)"]
    dialog.fix_buttons[0].click()
    (exc,) = window.project.rules.exceptions
    assert (exc.name, exc.start, exc.end, exc.spacing_window_days) == (
        "uke 2", date(2027, 1, 11), date(2027, 1, 17), 5)
    window.solve(time_limit=10)
    wait_idle(qtbot, window)
    assert window.project.rota and window.violations == []


def test_a_fix_on_days_with_an_exception_is_refused_not_a_traceback(qtbot, window, tmp_path):
    from solver import problem as sp
    from solver.explain import Fix

    path = tmp_path / "lysfjord.legevakt.json"
    project = local_crunch()
    project.rules.exceptions = [RuleException(start=date(2027, 1, 11), end=date(2027, 1, 12),
                                              max_per_week=FrequencyLimit(value=3))]
    save_project(project, path)
    assert window.open_path(path)
    steps = window.undo.count()
    fix = Fix("unntak for uke 2 (11.01–17.01): tillat 3-delt vakt", "exception",
              exceptions=(sp.RuleException(date(2027, 1, 11), date(2027, 1, 17), window_days=3),))
    window.apply_fix(fix, fix.text)
    assert window.undo.count() == steps
    assert "gjelder dager som alt har et unntak (11.01.2027–12.01.2027)" in window.last_message
