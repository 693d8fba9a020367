"""The Belastning and Terskel widgets (offscreen, real Qt and the real engine)."""

from __future__ import annotations

import pytest

from legevakt_app.reports.scenarios import run_scenarios
from legevakt_app.ui.report_views import SORT_ROLE as SORT
from tests.reports.conftest import dogn_source

pytestmark = pytest.mark.gui


def test_belastning_view_shows_every_doctor_and_saves_png(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from legevakt_app.ui.report_views import BelastningView, LoadTableModel

    view = BelastningView()
    qtbot.addWidget(view)
    report = view.set_source(dogn_source(3, hjemmevakt_factor=1 / 7))
    assert view.model.rowCount() == 3 and view.report() is report
    assert "rå timer" in view.explanation.text() and "1/7" in view.explanation.text()
    total = LoadTableModel.column("estimated_total_week")
    from PySide6.QtCore import Qt

    first = next(d for d in report.doctors
                 if d.name == view.proxy.headerData(0, Qt.Orientation.Vertical))
    # 49 t practice on the weekdays not lost to vakt (9,8 t each) over 4 weeks, + the duty hours
    week = first.practice_days_worked * 9.8 / 4 + first.vakter * 16 / 4
    assert first.practice_days_lost > 0 and first.estimated_total_week == pytest.approx(week)
    # shown rounded from the week itself (as the workbook and the scenario comparison have it)
    assert view.proxy.index(0, total).data() == f"{week:.1f}".replace(".", ",")
    ratio = {10: "1:2,8", 9: "1:3,1"}[first.vakter]  # 28 days ÷ days with vakt
    assert view.proxy.index(0, LoadTableModel.column("rotation_ratio")).data() == ratio
    # the chart's bars end at the table's week, lost practice days taken out, in the same order
    labels = [t.get_text() for t in view.figure.axes[0].texts][:len(report.doctors)]
    weeks = sorted(report.doctors, key=lambda d: d.estimated_total_week)
    assert labels == [f"{d.shown_total_week:.1f}".replace(".", ",") for d in weeks]
    view.set_equivalent(True)
    assert view.view_choice.currentIndex() == 1
    assert "arbeidstidsekvivalent" in view.explanation.text()
    legend = [t.get_text() for t in view.figure.legends[0].get_texts()]
    assert any(t.startswith("68 t") and "Ekspertgruppen 2021" in t for t in legend)
    assert any(t.startswith("48 t") and "arbeidsmiljøloven" in t for t in legend)
    # with 1/7 a week stays under 48 t once the practice days lost to nights are taken out;
    # counted in full (factor 1) it is over: drawn and explained in red
    from matplotlib.colors import to_hex

    from legevakt_app.ui.report_views import DUTY_OVER_COLOUR

    assert "Legevakt, uka over 48 t" not in legend
    assert all(d.estimated_total_week_equivalent <= 48 for d in report.doctors)
    view.set_source(dogn_source(3, hjemmevakt_factor=1.0))
    legend = [t.get_text() for t in view.figure.legends[0].get_texts()]
    handles = dict(zip(legend, view.figure.legends[0].legend_handles, strict=True))
    assert to_hex(handles["Legevakt, uka over 48 t"].get_facecolor()) == DUTY_OVER_COLOUR
    path = view.save_chart_png(tmp_path / "chart.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000
    assert view.save_timeline_png(tmp_path / "timeline.png").stat().st_size > 2000
    view.set_report(None)
    assert view.model.rowCount() == 0


def test_belastning_table_sorts_by_number(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from legevakt_app.ui.report_views import BelastningView, LoadTableModel

    view = BelastningView()
    qtbot.addWidget(view)
    view.set_source(dogn_source(3, days=29))  # d1 gets 10 vakter, d2 and d3 get 10 and 9
    column = LoadTableModel.column("vakter")
    view.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    counts = [int(view.proxy.index(r, column).data()) for r in range(3)]
    assert counts == sorted(counts) and counts[0] == 9


def test_belastning_keeps_names_in_view_follows_the_chart_and_fits_forty_doctors(
        qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The names head the rows (they stay when the table scrolls sideways); the table and the
    timeline follow the view's order, heaviest first; the saved timeline of stor-legevakt
    (40 doctors) is tall enough for a 7 pt name per row."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from legevakt_app.ui.report_views import BelastningView, LoadTableModel
    from tests.export.conftest import sample_source

    view = BelastningView()
    qtbot.addWidget(view)
    report = view.set_source(sample_source("stor-legevakt"))
    assert view.table.isColumnHidden(LoadTableModel.column("name"))
    shown = [view.proxy.headerData(r, Qt.Orientation.Vertical) for r in range(view.proxy.rowCount())]
    raw = sorted(report.doctors, key=lambda d: -d.estimated_total_week)
    assert shown[0] == raw[0].name and sorted(shown) == sorted(d.name for d in report.doctors)
    view.set_equivalent(True)
    eq = LoadTableModel.column("estimated_total_week_equivalent")
    weeks = [view.proxy.index(r, eq).data(SORT) for r in range(view.proxy.rowCount())]
    assert weeks == sorted(weeks, reverse=True)
    labels = [t.get_text() for t in view.timeline_figure.axes[0].get_yticklabels()]
    heaviest = max(report.in_rota, key=lambda d: d.estimated_total_week_equivalent)
    assert labels[0] == heaviest.name and len(labels) == len(report.in_rota) >= 40
    image = QImage(str(view.save_timeline_png(tmp_path / "t.png", dpi=100)))
    assert image.height() / 100 * 72 >= 13 * len(labels)  # points per row, at least 13


def test_terskel_view_verdict_named_scenarios_and_table(qtbot) -> None:  # type: ignore[no-untyped-def]
    from legevakt_app.ui.report_views import TerskelView

    view = TerskelView()
    qtbot.addWidget(view)
    source = dogn_source(3, days=14)
    report = view.set_source(source)
    assert "under firelegegrensen" in view.verdict.text()
    assert report.need is not None and "minst 1" in view.fact_labels["need"].text()
    assert view.kommune_table.rowCount() == 1
    # the current rota and the six standard scenarios, not yet solved
    assert view.scenario_table.rowCount() == 7
    assert view.scenario_table.item(1, 10).text() == "ikke kjørt"
    # no soft spacing rule: no vakt of the rota in hand is too close
    assert view.scenario_table.horizontalHeaderItem(9).text() == "Vakter\nfor tett"
    assert view.scenario_table.item(0, 9).text() == "0"

    # the leader names a scenario in the editor
    view.scenario_change.setCurrentIndex(view.scenario_change.findData("add_doctor"))
    view.scenario_value.setValue(2)
    view.add_button.click()
    assert "navn" in view.scenario_message.text() and len(view.chosen_scenarios()) == 6
    qtbot.keyClicks(view.scenario_name, "To nye leger")
    view.add_button.click()
    chosen = view.chosen_scenarios()
    assert chosen[-1].name == "To nye leger" and "2 fastlege" in chosen[-1].description
    assert view.scenario_table.rowCount() == 8 and view.scenario_name.text() == ""

    with qtbot.waitSignal(view.scenarios_requested, timeout=1000):
        view.scenario_button.click()
    results = run_scenarios(source, view.chosen_scenarios(), time_limit=10)
    view.set_scenarios(results)
    rows = {view.scenario_table.item(r, 0).text(): r for r in range(8)}
    named = rows["To nye leger"]
    assert view.scenario_table.item(named, 10).text().startswith("løst")
    assert view.scenario_table.item(named, 4).text() == "1:4,7"  # 5 doctors: 14 days ÷ 3

    view.scenario_table.selectRow(named)
    view.remove_button.click()
    assert [s.name for s in view.chosen_scenarios()][-1] != "To nye leger"

    with qtbot.waitSignal(view.need_requested, timeout=1000) as blocker:
        view.need_button.click()
    assert blocker.args == [4]


def test_terskel_says_the_bakvakt_figure_is_the_districts_as_the_text_report_does(qtbot) -> None:  # type: ignore[no-untyped-def]
    """«Bakvakt t/uke» stood among figures per doctor though it is all bakvakt hours ÷ weeks:
    the heading and its tooltip say it is the district's, and the text report has the same
    words over the same number."""
    from legevakt_app.reports.output import report_lines
    from legevakt_app.ui.report_views import TerskelView, _no

    view = TerskelView()
    qtbot.addWidget(view)
    view.show()
    report = view.set_source(dogn_source(3, days=14))
    header = view.scenario_table.horizontalHeaderItem(6)
    assert header.text().replace("\n", " ") == "Bakvakt i distriktet, t/uke"
    assert "summen for alle legene sammen, ikke per lege" in header.toolTip()
    current = view._current
    shown = view.scenario_table.item(0, 6).text()
    assert view.scenario_table.item(0, 0).text() == "Nåværende"
    assert shown == _no(current.bakvakt_hours_per_week)
    text = report_lines(report, [current])
    head = next(line for line in text if "Scenario " in line)
    assert "Bakvakt i distriktet, t/uke" in head and "Bakvakt t/u " not in head
    row = text[text.index(head) + 1]
    # the number stands under the heading's end, as the other columns' do
    assert row[:head.index("t/uke") + len("t/uke")].rstrip().endswith(shown)


def test_terskel_saves_the_selected_scenario_through_the_real_file_dialog(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The non-native dialog works offscreen: a timer types the name into the real dialog."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    from legevakt_app.project_io import load_project
    from legevakt_app.ui.report_views import TerskelView

    view = TerskelView()
    qtbot.addWidget(view)
    source = dogn_source(3, days=14)
    view.set_source(source)
    view.project_path = tmp_path / "testvik.legevakt.json"
    view.add_scenario("To nye leger", "add_doctor", 2)
    view.scenario_table.selectRow(view.scenario_table.rowCount() - 1)
    target = tmp_path / "to.legevakt.json"
    seen = {}

    def answer(tries: int = 100) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):  # not open yet
            if tries:
                QTimer.singleShot(50, lambda: answer(tries - 1))
            return
        seen.update(native=not dialog.testOption(QFileDialog.Option.DontUseNativeDialog),
                    proposed=dialog.selectedFiles())  # fmt: skip
        name = dialog.findChild(QLineEdit, "fileNameEdit")  # what the leader types into
        name.clear()
        qtbot.keyClicks(name, str(target))
        dialog.accept()

    QTimer.singleShot(200, answer)
    qtbot.mouseClick(view.save_project_button, Qt.MouseButton.LeftButton)
    assert seen["native"] is False
    assert seen["proposed"] == [str(tmp_path / "to-nye-leger.legevakt.json")]
    saved = load_project(target)
    assert [d.name for d in saved.doctors][-2:] == ["Ny lege 1", "Ny lege 2"]
    assert saved.district.name == "Testvik legevakt — scenario: To nye leger"
    assert "#1e6b30" in view.scenario_message.styleSheet()  # green: done

    # a rota read from a result file has no project to copy
    from legevakt_app.rota_source import result_document, source_from_result_document

    view.set_source(source_from_result_document(result_document(source)))
    view.scenario_table.selectRow(1)
    seen.clear()
    target = tmp_path / "fra-resultat.legevakt.json"
    QTimer.singleShot(200, lambda: answer(0))  # would answer a dialog; none is opened
    qtbot.mouseClick(view.save_project_button, Qt.MouseButton.LeftButton)
    assert "ikke noe prosjekt å kopiere" in view.scenario_message.text()
    assert "#9c0006" in view.scenario_message.styleSheet()
    qtbot.wait(400)
    assert not seen and not target.exists()  # refused before asking for a file name


def test_belastning_table_shows_the_weeks_parts_and_the_aml_figures(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The app's table has the week's two parts (practice worked, duty) that add up to it,
    and each doctor's worst 8 weeks and worst 7 days against arbeidsmiljøloven, coloured
    over the limits; the practice note follows the doctors' practice hours."""
    from PySide6.QtCore import Qt

    from legevakt_app.ui.report_views import BelastningView, LoadTableModel

    view = BelastningView()
    qtbot.addWidget(view)
    report = view.set_source(dogn_source(3, on_site=True))

    def shown(row: int, key: str) -> str:
        return view.proxy.index(row, LoadTableModel.column(key)).data()

    for row in range(3):
        name = view.proxy.headerData(row, Qt.Orientation.Vertical)
        d = next(x for x in report.doctors if x.name == name)
        assert d.estimated_total_week == pytest.approx(d.practice_worked_per_week + d.hours_per_week)
        assert shown(row, "practice_worked_per_week") == f"{d.practice_worked_per_week:.1f}".replace(".", ",")
        assert shown(row, "aml_worst_week") == f"{d.aml_worst_week:.1f}".replace(".", ",")
        assert d.above_aml_week  # on site every third night, 49 t practice
        brush = view.proxy.index(row, LoadTableModel.column("aml_worst_week")).data(
            Qt.ItemDataRole.BackgroundRole)
        assert brush is not None
    assert "49 t avtalt praksis alene er over 48 t" in view.explanation.text()
    header = view.model.headerData(LoadTableModel.column("aml_worst_8_weeks"),
                                   Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "8 uker på rad" in header
