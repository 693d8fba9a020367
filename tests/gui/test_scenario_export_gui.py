"""Terskel → «Kjør scenarier», then Fil → Eksporter: the workbook and the PDF carry the rows
shown, while they are still the project's (as the doctors needed from «Regn ut» do)."""

import pytest

from tests.gui.conftest import open_three_doctor_terskel, wait_idle

pytestmark = pytest.mark.gui


def test_exports_carry_the_scenarios_run_in_terskel_until_the_project_changes(
        qtbot, window, tmp_path):
    from openpyxl import load_workbook

    from tests.export.test_pdf_report import pdf_pages

    open_three_doctor_terskel(window, tmp_path)
    view = window.terskel
    for scenario in view.chosen_scenarios():
        if scenario.name != "+1 lege":
            view.remove_scenario(scenario.name)
    view.scenarios_requested.emit()
    wait_idle(qtbot, window)
    shown = view.scenarios()
    assert [r.name for r in shown] == ["Nåværende", "+1 lege"], [(r.name, r.status) for r in shown]
    # the leader is told it is done, and how it went (the table may be out of sight)
    done = window.statusBar().currentMessage()
    assert done.startswith("1 scenario løst på ") and "1 med turnus" in done, done

    def export(kind: str):  # type: ignore[no-untyped-def]
        target = tmp_path / f"turnus.{kind}"
        assert window.export(kind, str(target)) is not None
        wait_idle(qtbot, window)
        return target

    workbook = load_workbook(export("xlsx"))
    rows = list(workbook["Scenarier"].iter_rows(min_row=5, max_row=6, values_only=True))
    assert [r[0] for r in rows] == ["Nåværende", "+1 lege"]
    for row, result in zip(rows, shown, strict=True):
        assert row[2] == round(result.worst_week, 1) and row[9] == result.doctors_in_rota
        assert row[10] == result.too_close is not None  # «Vakter for tett», as shown
        assert row[12] == result.note
    assert "scenariene" not in window.last_message
    text = " ".join(pdf_pages(export("pdf")))  # written by the child process
    assert "Scenarier" in text and "turnusmotoren på inntil 15 s" in text
    assert f"+1 lege {shown[1].description}" in text

    window.tabs.setCurrentIndex(0)  # away from Terskel: its table is refreshed when shown
    first = window.project.rota[0]
    window.assign(first.shift_id, first.role, first.doctor_id, None)  # the rota changed
    assert view.scenarios()  # still there, but of the rota as it was
    assert "Scenarier" not in load_workbook(export("xlsx")).sheetnames
    assert ("Merk: scenariene er ikke tatt med: de ble kjørt før prosjektet ble endret (eller et "
            "annet ble åpnet); kjør dem på nytt under Terskel") in window.last_message
    window.tabs.setCurrentWidget(view)  # shown again: «ikke kjørt», and nothing to leave out
    assert not view.scenarios()
    assert "Scenarier" not in load_workbook(export("xlsx")).sheetnames
    assert "scenariene" not in window.last_message
