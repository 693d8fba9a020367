"""Turnus → «Neste periode med vaktregnskap»: the carried ledger is shown before anything is
saved, the new period is a project file of its own, and the Leger table shows and edits the
ledger (who had which høytid included)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from legevakt_app.project_io import load_project
from tests.gui.test_editors import column, refused

pytestmark = pytest.mark.gui


def test_next_period_shows_the_ledger_saves_a_new_project_and_opens_it(window, solved_sample,
                                                                      tmp_path, monkeypatch):
    from legevakt_app.ui import main_window as mw

    source = solved_sample("liten-kommune")
    before = source.read_bytes()
    assert window.open_path(source)
    asked = []
    monkeypatch.setattr(mw, "ask_open_next", lambda _parent, path: asked.append(path) or True)
    target = tmp_path / "lysfjord-h2.legevakt.json"
    assert window.next_period(str(target)) == target
    # the dialog showed every doctor's carried ledger, with the default next half year
    dialog = window.next_period_dialog
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == [d.name for d in load_project(source).doctors]
    start, end = dialog.period()
    assert (start.isoformat(), end.isoformat()) == ("2027-07-05", "2028-01-02")
    # the weekend count is named as the report, the CLI and the Leger table name it
    headings = [dialog.table.horizontalHeaderItem(c).text()
                for c in range(dialog.table.columnCount())]
    assert headings[3] == "Vakter i helg" and "Helgevakter" not in headings
    # saved as its own file, the old one untouched; the window now shows the new period
    assert source.read_bytes() == before and asked == [target]
    assert window.path == target and window.project.rota == []
    assert window.project.period.start.isoformat() == "2027-07-05"
    hours = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    shown = [window.doctor_model.data(window.doctor_model.index(r, column(
        window.doctor_model, "ledger.load_balance"))) for r in range(len(names))]
    assert [h.lstrip("+") for h in hours] == shown
    weekends = column(window.doctor_model, "ledger.weekends")
    assert window.doctor_model.headerData(weekends, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.DisplayRole) == "Vakter i\nhelg ±"
    had = column(window.doctor_model, "ledger.had_high_days")
    assert "påske" in window.doctor_model.data(window.doctor_model.index(0, had))


def test_next_period_needs_a_rota(window):
    from tests.conftest import SAMPLES

    window.open_path(SAMPLES["liten-kommune"])
    assert window.next_period("/tmp/ikke-lagret.legevakt.json") is None
    assert "Lag turnusen først" in window.last_message


def test_the_dialog_refuses_a_period_that_ends_before_it_starts(qtbot, window, solved_sample):
    from legevakt_app.next_period import next_period
    from legevakt_app.ui.dialogs import NextPeriodDialog

    window.open_path(solved_sample("liten-kommune"))
    p = window.project
    dialog = NextPeriodDialog(next_period(p), (p.period.start, p.period.end), window)
    qtbot.addWidget(dialog)
    assert dialog.save_button.isEnabled()
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(-1))
    assert not dialog.save_button.isEnabled() and "før den starter" in dialog.problem.text()
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(400))
    assert not dialog.save_button.isEnabled() and "høyst 53 uker" in dialog.problem.text()
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(363))
    assert dialog.save_button.isEnabled() and dialog.problem.text() == ""


def test_the_ledger_is_edited_in_the_doctor_table(window):
    from tests.conftest import SAMPLES

    window.open_path(SAMPLES["interkommunal"])
    model = window.doctor_model
    had = model.index(0, column(model, "ledger.had_high_days"))
    assert model.data(had) == "–"
    assert model.setData(had, "Påske og 17 mai", Qt.ItemDataRole.EditRole)
    assert window.project.doctors[0].ledger.had_high_days == ["påske", "17. mai"]
    assert model.data(had) == "påske, 17. mai"
    assert model.setData(model.index(0, column(model, "ledger.load_balance")), "-12,5",
                         Qt.ItemDataRole.EditRole)
    assert window.project.doctors[0].ledger.load_balance == -12.5
    window.undo.undo()
    assert window.project.doctors[0].ledger.load_balance == 0.0
    refused(window, window.doctor_view, 0, "ledger.had_high_days", "jul, hanukka",
            "«hanukka» er ikke en høytid")
    refused(window, window.doctor_view, 0, "ledger.nights", "900", "500")
