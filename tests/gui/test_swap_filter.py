"""«Bytt vakt …» with «Bare bytter uten brudd på harde regler»: the dialog checks the vakter not checked
yet in small chunks on the GUI thread and lists only the swaps that keep every hard rule.
Real windows offscreen, solved sample rotas; what the dialog lists is compared with the
independent checker run on each swapped rota."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from legevakt_app import rota_edit
from legevakt_app.engine_input import project_rota
from solver.checker import check
from tests.gui.test_swap_gui import INGRID, cell_of, holders, open_rota

pytestmark = pytest.mark.gui

KARI = "lege01"  # liten-kommune and interkommunal: vaktkompetent, takes døgnvakter


def keeps_every_rule(window, shift, doctor, candidate) -> bool:
    """Whether ``doctor`` taking ``candidate``'s vakt (and its doctor taking ``shift``) leaves
    a rota the checker finds nothing wrong with (the sample rotas break no rule before)."""
    try:
        edit = rota_edit.swap(window.project, window.problem, shift, candidate.shift, "vakt",
                              doctor, candidate.doctor_id)
    except rota_edit.EditError:
        return False
    return check(window.problem, project_rota(window.project.model_copy(update={"rota": edit.rota}))) == []


def click(qtbot, box) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)


def open_dialog(qtbot, window, index):
    """The swap dialog for the cell, shown and left open (the hook chooses nothing)."""
    window.swap_dialog_hook = lambda dialog: None
    window.swap_for_cell(index)
    dialog = window.swap_dialog
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def checking_started(qtbot, window, solved_sample):
    """Kari's dialog on solved interkommunal, the box ticked and the first chunk checked:
    (dialog, rows, the cell's index and assignment id)."""
    open_rota(window, solved_sample("interkommunal"))
    index, a_id = cell_of(window, KARI)
    dialog = open_dialog(qtbot, window, index)
    total = dialog.model.rowCount()
    click(qtbot, dialog.only_free)
    start = dialog.model.checked_count()
    qtbot.waitUntil(lambda: dialog.model.checked_count() > start)
    return dialog, total, index, a_id


def wait_checked(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.checking(), timeout=60_000)


def test_ticked_lists_exactly_the_swaps_that_keep_every_rule(qtbot, window, solved_sample):
    open_rota(window, solved_sample("liten-kommune"))
    index, a_id = cell_of(window, INGRID)  # a helg dag; Ingrid has fritak from nights
    shift = window._shift_by_id()[a_id]
    seen = {}

    def look(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        total = dialog.model.rowCount()
        lazily = dialog.model.checked_count()  # the rows shown so far
        assert 0 < lazily < total
        click(qtbot, dialog.only_free)
        assert dialog.only_free.isChecked() and dialog.checking()
        assert dialog.count_label.text().startswith(f"Kontrollerer … {lazily} av {total} vakter")
        wait_checked(qtbot, dialog)
        assert dialog.model.checked_count() == total
        listed = dialog.listed()
        # what the independent checker finds on each swapped rota, in the dialog's order
        assert listed == [c for c in dialog.model.candidates
                          if keeps_every_rule(window, shift, INGRID, c)]
        assert 0 < len(listed) < total
        # swapping for one of Kari's døgnvakter (16–08) breaks Ingrid's fritak: not listed
        assert any(c.shift.template == "dogn" for c in dialog.model.candidates)
        assert not any(c.shift.template == "dogn" for c in listed)
        assert all(t.endswith("| ✔ ingen") for t in dialog.texts())
        assert dialog.count_label.text() == (f"{len(listed)} bytter uten brudd på harde regler "
                                             f"({total} vakter kontrollert)")
        # the farthest of them, taken as the leader would
        dialog.choose_row(len(listed) - 1)
        assert dialog.ok_button.text() == "Bytt"
        assert dialog.detail.text().endswith("Byttet bryter ingen hard regel.")
        seen["chosen"] = dialog.current()
        dialog.accept()

    window.swap_dialog_hook = look
    window.swap_for_cell(index)
    chosen = seen["chosen"]
    assert holders(window, chosen.shift.id) == [(INGRID, True)]
    assert holders(window, a_id) == [(chosen.doctor_id, True)]
    assert window.violations == []


def test_breaking_swaps_are_hidden_untick_shows_them_and_the_filters_still_work(
        qtbot, window, solved_sample):
    open_rota(window, solved_sample("liten-kommune"))
    index, a_id = cell_of(window, INGRID)
    shift = window._shift_by_id()[a_id]
    dialog = open_dialog(qtbot, window, index)
    total = dialog.model.rowCount()
    dialog.set_doctor(KARI)
    qtbot.keyClicks(dialog.search, "døgnvakt")
    dogn = dialog.listed()
    assert dogn and all(c.doctor_id == KARI and c.shift.template == "dogn" for c in dogn)

    click(qtbot, dialog.only_free)
    wait_checked(qtbot, dialog)
    # each of them breaks a rule: none listed, and said so
    assert dialog.listed() == []
    assert dialog.count_label.text() == (f"Ingen bytte uten brudd på harde regler ({len(dogn)} vakter "
                                         f"kontrollert av {total})")
    assert dialog.detail.text().startswith("Ingen bytte uten brudd på harde regler")
    assert not dialog.ok_button.isEnabled()
    # only the rows the filters let through were checked, not the whole period
    assert dialog.model.checked_count() < total

    # unticked: the same rows again, each with what it breaks; nothing checked anew
    checked = dialog.model.checked_count()
    click(qtbot, dialog.only_free)
    assert not dialog.checking()
    assert dialog.listed() == dogn
    assert all("✖ Fravær og fritak" in t for t in dialog.texts())
    assert dialog.count_label.text() == f"{len(dogn)} vakter vist av {total}"
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == "Bytt likevel"

    # ticked again and the search cleared: the rest of Kari's vakter are checked
    click(qtbot, dialog.only_free)
    assert not dialog.checking()  # the døgnvakter are known already
    assert dialog.model.checked_count() == checked
    dialog.search.clear()
    assert dialog.checking()
    wait_checked(qtbot, dialog)
    karis = [c for c in dialog.model.candidates if c.doctor_id == KARI]
    assert len(karis) > len(dogn)
    listed = dialog.listed()
    assert listed == [c for c in karis if keeps_every_rule(window, shift, INGRID, c)]
    assert all(c.shift.template != "dogn" for c in listed)
    # all doctors again: the others' vakter are checked too
    dialog.set_doctor(None)
    assert dialog.checking()
    wait_checked(qtbot, dialog)
    assert dialog.model.checked_count() == total
    listed = dialog.listed()
    assert listed == [c for c in dialog.model.candidates
                      if keeps_every_rule(window, shift, INGRID, c)]
    assert {c.doctor_id for c in listed} - {KARI}
    assert dialog.current() in listed and dialog.ok_button.text() == "Bytt"
    dialog.reject()
    assert window.undo.count() == 0


def test_the_dialog_answers_while_checking(qtbot, window, solved_sample):
    dialog, total, _index, _a_id = checking_started(qtbot, window, solved_sample)
    # in chunks: after the first turn of the event loop, most rows are still to check
    checked = dialog.model.checked_count()
    assert dialog.checking() and checked < total // 2
    # nearest dates first: the rows checked are the first ones of the list
    assert all(dialog.model.known(row) is not None for row in range(checked))
    # keys typed meanwhile (queued as the system queues them) are answered between chunks
    for key, char in ((Qt.Key.Key_T, "t"), (Qt.Key.Key_I, "i"), (Qt.Key.Key_R, "r")):
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.postEvent(dialog.search, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                            char))
    qtbot.waitUntil(lambda: dialog.search.text() == "tir")
    assert dialog.checking()
    # the search narrows the checking to the rows it lets through
    tuesdays = sum(1 for c in dialog.model.candidates if "tir" in c.search_text())
    assert tuesdays < total
    assert dialog.count_label.text().split(" – ")[0].endswith(f" av {tuesdays} vakter")
    wait_checked(qtbot, dialog)
    assert dialog.model.checked_count() < total
    listed = dialog.listed()
    assert listed and all("tir" in c.search_text() for c in listed)
    assert all(t.endswith("| ✔ ingen") for t in dialog.texts())
    dialog.reject()


def test_closing_the_dialog_mid_check_stops_the_checking(qtbot, window, solved_sample):
    dialog, total, index, a_id = checking_started(qtbot, window, solved_sample)
    dialog.close()  # the window's close button
    assert not dialog.isVisible() and not dialog.checking()
    stopped = dialog.model.checked_count()
    assert stopped < total
    qtbot.wait(300)
    assert dialog.model.checked_count() == stopped

    # the next «Bytt vakt» deletes the closed dialog; this one is deleted while checking
    second = open_dialog(qtbot, window, index)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    click(qtbot, second.only_free)
    start = second.model.checked_count()
    qtbot.waitUntil(lambda: second.model.checked_count() > start)
    assert second.checking()
    second.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(second))
    qtbot.wait(300)  # no timer left to call into it (an error here would fail the test)
    # the window goes on as before
    assert window.violations == [] and window.undo.count() == 0
    assert holders(window, a_id) == [(KARI, False)]


def test_a_search_nothing_passes_says_so_with_the_box_ticked(qtbot, window, solved_sample):
    open_rota(window, solved_sample("liten-kommune"))
    index, _a_id = cell_of(window, KARI)
    dialog = open_dialog(qtbot, window, index)
    total = dialog.model.rowCount()
    click(qtbot, dialog.only_free)
    qtbot.keyClicks(dialog.search, "finnes ikke")
    assert not dialog.checking() and dialog.listed() == []
    assert dialog.count_label.text() == f"0 vakter vist av {total}"
    assert dialog.detail.text() == "Ingen vakt passer søket."
    dialog.search.clear()
    wait_checked(qtbot, dialog)
    assert dialog.count_label.text().endswith(f"uten brudd på harde regler ({total} vakter kontrollert)")
    dialog.reject()
