"""The duty days and last vakt end carried from the period before, typed in the Leger table
as a leader who starts with the app mid-year would: one undo step each, shown in the doctor
panel, saved, read again, and counted by the checker; a bad one refused with the column
named and nothing changed."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from legevakt_app.project_io import load_project
from legevakt_app.ui.main_window import TAB_DOCTORS
from tests.gui.conftest import copy_sample
from tests.gui.test_editors import column, refused, type_in_cell

pytestmark = pytest.mark.gui

DAYS = "ledger.earlier_duty_days"
END = "ledger.last_vakt_end"


@pytest.fixture
def opened(window, tmp_path):
    """liten-kommune (from Monday 04.01.2027) from a file, on the Leger page, Kari chosen."""
    path = copy_sample(tmp_path, "liten-kommune")
    assert window.open_path(path)
    window.activateWindow()
    window.tabs.setCurrentIndex(TAB_DOCTORS)
    window.doctor_view.selectRow(0)
    assert window.project.doctors[0].name == "Kari Nordeng"
    return window, path


def panel(window) -> str:
    """The doctor panel's text (a weekday and its date are kept on one line there)."""
    return window.doctor_detail.text().replace("&nbsp;", " ")


def cell(window, attr, row=0):
    model = window.doctor_model
    return model.data(model.index(row, column(model, attr)))


def test_typed_days_and_end_are_shown_saved_and_read_again(qtbot, opened, make_window):
    window, path = opened
    assert (cell(window, DAYS), cell(window, END)) == ("–", "–")
    assert "forrige periode" not in panel(window)
    steps = window.undo.count()
    type_in_cell(qtbot, window.doctor_view, 0, DAYS, "31.12, 3.1")
    kari = window.project.doctors[0]
    assert kari.ledger.earlier_duty_days == [date(2026, 12, 31), date(2027, 1, 3)]
    assert cell(window, DAYS) == "tor 31.12, søn 03.01"
    # the column is kept narrow: the cell's tooltip has every day
    model = window.doctor_model
    tip = model.data(model.index(0, column(model, DAYS)), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("tor 31.12, søn 03.01\n\nVaktregnskap fra forrige periode")
    assert window.undo.count() == steps + 1 and window.modified
    assert window.undo.undoText() == "Endre vaktdager i forrige periode for Kari Nordeng"
    type_in_cell(qtbot, window.doctor_view, 0, END, "søn 3.1 kl. 08:00")
    assert window.project.doctors[0].ledger.last_vakt_end == datetime(2027, 1, 3, 8, 0)
    assert cell(window, END) == "03.01.2027 08:00"
    assert window.undo.count() == steps + 2
    # the panel beside the table says what they do
    text = panel(window)
    assert "Siste vakt sluttet 03.01.2027 08:00: minste hviletid gjelder videre" in text
    assert ("Vaktdager sist i forrige periode: tor 31.12, søn 03.01: regnes med i "
            "vakthyppigheten") in text
    # the engine's input has them (the checker and the solver read this)
    engine = next(d for d in window.problem.doctors if d.id == kari.id)
    assert engine.earlier_duty_days == (date(2026, 12, 31), date(2027, 1, 3))
    assert window.save() and not window.modified
    saved = json.loads(path.read_text(encoding="utf-8"))["doctors"][0]["ledger"]
    assert saved["earlier_duty_days"] == ["2026-12-31", "2027-01-03"]
    assert saved["last_vakt_end"] == "2027-01-03T08:00:00"
    # opened again, in another window, as the leader would tomorrow
    again = make_window()
    assert again.open_path(path)
    again.doctor_view.selectRow(0)
    assert cell(again, DAYS) == "tor 31.12, søn 03.01"
    assert cell(again, END) == "03.01.2027 08:00"
    assert "Vaktdager sist i forrige periode: tor 31.12, søn 03.01" in panel(again)
    assert load_project(path).doctors[0].ledger == window.project.doctors[0].ledger


def test_undo_takes_each_edit_back_and_redo_brings_it(qtbot, opened):
    window, _ = opened
    model = window.doctor_model
    assert model.setData(model.index(0, column(model, DAYS)), "28.12, 1.1")
    assert model.setData(model.index(0, column(model, END)), "02.01.2027 08:00")
    window.undo.undo()
    assert window.project.doctors[0].ledger.last_vakt_end is None
    assert window.statusBar().currentMessage() == "Angret: Endre siste vakt sluttet for Kari Nordeng"
    assert cell(window, DAYS) == "man 28.12, fre 01.01"
    window.undo.undo()
    assert window.project.doctors[0].ledger.earlier_duty_days == []
    assert cell(window, DAYS) == "–" and not window.modified
    assert "forrige periode" not in panel(window)
    window.undo.redo()
    assert cell(window, DAYS) == "man 28.12, fre 01.01"
    assert "Vaktdager sist i forrige periode: man 28.12, fre 01.01" in panel(window)
    # «–» clears them again, as one more step
    assert model.setData(model.index(0, column(model, DAYS)), "–")
    assert window.project.doctors[0].ledger.earlier_duty_days == []


@pytest.mark.parametrize(
    ("attr", "typed", "message"),
    [
        # the domain's own rule: a day of the period before lies before this one
        (DAYS, "3.1, 05.01.2027", "Vaktdager i forrige periode: vaktdagen 05.01.2027 skal være "
                                  "fra forrige periode, men er ikke før denne periodens start "
                                  "(04.01.2027)"),
        (DAYS, "31.12, 31.12.2026", "Vaktdager i forrige periode: hver dag kan stå bare én gang"),
        (DAYS, "05.01", "Vaktdager i forrige periode: 05.01 er ikke blant de 31 dagene før "
                        "periodens start (04.12.2026–03.01.2027)"),
        (DAYS, "01.11.2026", "Vaktdager i forrige periode: 01.11.2026 er mer enn 31 dager før "
                             "periodens start"),
        (DAYS, "fre 31.12", "Vaktdager i forrige periode: fre 31.12: 31.12.2026 er en torsdag"),
        (DAYS, "31/12", "Vaktdager i forrige periode: «31/12» er ikke en dato"),
        (END, "11.01.2027 08:00", "Siste vakt sluttet: siste vakt i forrige periode sluttet "
                                  "11.01.2027 08:00, men en vakt som begynte før denne periodens "
                                  "start (04.01.2027), varer høyst til og med 10.01.2027"),
        (END, "31.12.9999 23:00", "Siste vakt sluttet: 31.12.9999 23:00 er utenfor årene "
                                  "1900–2199"),
        (END, "03.01.2027", "Siste vakt sluttet: skriv også klokkeslettet vakten sluttet"),
    ],
)
def test_a_bad_day_or_end_is_refused_naming_the_column_and_nothing_is_lost(
        qtbot, opened, attr, typed, message):
    window, path = opened
    model = window.doctor_model
    # what the leader has typed and saved before stays as it was
    assert model.setData(model.index(0, column(model, DAYS)), "30.12")
    assert model.setData(model.index(0, column(model, END)), "31.12.2026 08:00")
    assert window.save()
    saved = path.read_bytes()
    steps = window.undo.count()
    shown = refused(window, window.doctor_view, 0, attr, typed, message)
    assert "Traceback" not in shown
    assert window.undo.count() == steps and not window.modified
    assert window.statusBar().currentMessage().startswith(f"Ikke endret — {message}")
    ledger = window.project.doctors[0].ledger
    assert ledger.earlier_duty_days == [date(2026, 12, 30)]
    assert ledger.last_vakt_end == datetime(2026, 12, 31, 8, 0)
    assert window.save() and path.read_bytes() == saved


def _soft_count(window) -> int:
    """The vakter the Kontroll line counts as closer than the soft spacing limit."""
    found = re.search(r"(\d+) vakter? tettere enn", window.status_label.text())
    return int(found[1]) if found else 0


def test_the_checker_counts_a_carried_day_in_the_spacing_limit(qtbot, window, solved_sample):
    """liten-kommune's firedelt is a wish (soft): a carried duty day the day before the
    period, for the doctor with the first vakt, is one more vakt too close in Kontroll."""
    window.open_path(solved_sample("liten-kommune"))
    start = window.project.period.start
    first = {s.id for s in window.problem.shifts if s.day == start}
    who = next(a.doctor_id for a in window.project.rota
               if a.shift_id in first and a.role == "vakt")
    row = next(i for i, d in enumerate(window.project.doctors) if d.id == who)
    before = _soft_count(window)
    model = window.doctor_model
    eve = start - timedelta(days=1)
    assert model.setData(model.index(row, column(model, DAYS)), f"{eve:%d.%m}")
    assert _soft_count(window) > before, window.status_label.text()
    window.undo.undo()
    assert _soft_count(window) == before
