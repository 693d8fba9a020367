"""«Rettferdighet per lege» where the leader works: the Belastning tab, the workbook's
«Rettferdighet» sheet and the PDF show each doctor's fair share, load per share and fair
bands exactly as ``legevakt_app.reports.fairness`` (``legevakt report``) has them, on the
interkommunal sample solved by the real engine."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from legevakt_app.domain import PublishedAssignment
from legevakt_app.engine_input import build_problem
from legevakt_app.project_io import load_project
from legevakt_app.reports.fairness import (
    COUNTS,
    band_range_text,
    band_text,
    fairness_report,
    percent_text,
)
from legevakt_app.rota_source import source_from_project
from legevakt_app.wording import decimal, share_text
from solver.solve import solve

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def solved():
    """interkommunal (14 doctors, a half share, a share of 1,5, ferie), a real CP-SAT solve."""
    from tests.conftest import SAMPLES

    project = load_project(SAMPLES["interkommunal"])
    result = solve(build_problem(project), time_limit=10, workers=2, seed=0)
    assert result.rota.assignments
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in result.rota.assignments]
    source = source_from_project(project)
    return source, fairness_report(source)


def _doctors(report):
    """The doctors the tests follow: the worst off per share, the one with the half share
    (fair share 0,5) and the one with 1,5."""
    picked = {report.worst.doctor_id}
    picked |= {d.doctor_id for d in report.doctors if d.share != 1.0}
    assert len(picked) >= 2
    return [d for d in report.doctors if d.doctor_id in picked]


def test_belastning_tab_shows_each_doctors_fairness(qtbot, solved) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from legevakt_app.ui.report_views import BelastningView, FairnessTableModel

    source, report = solved
    view = BelastningView()
    qtbot.addWidget(view)
    view.set_source(source)
    proxy = view.fairness_proxy
    assert proxy.rowCount() == len(report.doctors)
    col = {key: FairnessTableModel.column(key) for _h, key in FairnessTableModel.COLUMNS}
    rows = {proxy.index(r, col["name"]).data(): r for r in range(proxy.rowCount())}
    # most loaded per share first, as the report prints it
    assert proxy.index(0, col["name"]).data() == report.worst.name
    # the vaktandel as the Leger table shows it (a percent), the fair share in hours' thousandths
    assert proxy.index(rows["Ingrid Reinvik"], col["share"]).data() == "50 %"
    assert proxy.index(rows["Kjetil Grønlid"], col["share"]).data() == "150 %"
    full = next(d.name for d in report.doctors if d.share == 1.0)
    assert proxy.index(rows[full], col["share"]).data() == "100 %"
    assert proxy.headerData(col["share"], Qt.Orientation.Horizontal) == "Vakt-\nandel"
    for d in _doctors(report):
        r = rows[d.name]
        assert proxy.index(r, col["share"]).data() == share_text(d.share)
        assert proxy.index(r, col["fair_share"]).data() == decimal(d.fair_share, 3)
        assert proxy.index(r, col["load_per_share"]).data() == decimal(d.load_per_share)
        assert proxy.index(r, col["above_bound"]).data() == percent_text(d.above_bound)
        for _f, attr, _t in COUNTS:
            cell = proxy.index(r, col[attr])
            assert cell.data() == band_text(d.bands[attr])  # «14 (13–14)», « !» outside
            marked = cell.data(Qt.ItemDataRole.BackgroundRole) is not None
            assert marked == d.bands[attr].outside
    nights = proxy.headerData(col["nights"], Qt.Orientation.Horizontal,
                              Qt.ItemDataRole.ToolTipRole)
    assert "Rettferdig antall netter" in nights
    assert "Rettferdig andel = vaktandel" in proxy.headerData(
        col["fair_share"], Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"Mest belastet per andel: {report.worst.name}" in view.fairness_notes.text()
    # whose wishes are not met, and when (Per Kroken would rather have no nights at all)
    assert report.unmet_wishes
    total = sum(u.count for u in report.unmet_wishes)
    assert f"Uoppfylte ønsker ({total}):" in view.fairness_notes.text()
    for u in report.unmet_wishes:
        assert f"{u.name}: fikk" in view.fairness_notes.text()
    view.set_report(None)  # no rota: nothing from the last one is left
    assert proxy.rowCount() == 0 and view.fairness_notes.text() == ""


def test_workbook_sheet_has_the_reports_figures(tmp_path, solved) -> None:
    from legevakt_app.export.report_data import FAIRNESS_COLUMNS
    from legevakt_app.export.xlsx import SHEET_FAIRNESS, SHEET_LOAD, export_xlsx

    source, report = solved
    wb = load_workbook(export_xlsx(source, tmp_path / "r.xlsx"))
    assert wb.sheetnames.index(SHEET_FAIRNESS) == wb.sheetnames.index(SHEET_LOAD) + 1
    ws = wb[SHEET_FAIRNESS]
    titles = [ws.cell(4, c).value for c in range(1, len(FAIRNESS_COLUMNS) + 1)]
    assert titles[:3] == ["Lege", "Vaktandel", "Rettferdig andel"]
    rows = {row[0].value: row for row in ws.iter_rows(min_row=5, max_col=len(titles))
            if row[0].value and row[1].value is not None}
    assert len(rows) == len(report.doctors)
    at = {t: i for i, t in enumerate(titles)}
    assert rows["Ingrid Reinvik"][at["Vaktandel"]].value == 0.5
    assert rows["Kjetil Grønlid"][at["Vaktandel"]].value == 1.5
    for d in _doctors(report):
        row = rows[d.name]
        share = row[at["Vaktandel"]]  # a number, shown in percent as the Leger table
        assert share.value == d.share and share.number_format == "0 %"
        fair = row[at["Rettferdig andel"]]
        assert fair.value == pytest.approx(d.fair_share) and fair.number_format == "0.000"
        per = row[at["Belastning per andel"]]
        assert per.value == pytest.approx(d.load_per_share) and per.number_format == "0.0"
        assert row[at["Over grensen"]].value == pytest.approx(d.above_bound, abs=5e-4)
        assert "%" in row[at["Over grensen"]].number_format
        for _f, attr, title in COUNTS:
            band = d.bands[attr]
            assert row[at[title]].value == band.count  # a number
            assert row[at[f"{title}, rettferdig"]].value == (
                band_range_text(band) + (" !" if band.outside else ""))  # text
            assert (row[at[title]].fill.fgColor.rgb[-6:] == "FFC7CE") == band.outside
    below = [ws.cell(r, 1).value or "" for r in range(5 + len(rows), ws.max_row + 1)]
    assert any(line.startswith(f"Mest belastet per andel: {report.worst.name}") for line in below)
    assert any(line.startswith("Rettferdig andel = vaktandel") for line in below)
    assert not any("fritak" in line for line in below)  # the file is shared: no fritak named
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$4:$4"


def test_pdf_has_the_section_with_the_reports_figures(tmp_path, solved) -> None:
    from legevakt_app.ui.pdf_export import export_pdf
    from tests.export.test_pdf_report import pdf_pages

    source, report = solved
    pages = pdf_pages(export_pdf(source, tmp_path / "r.pdf"))
    sections = ("Belastning per lege, del", "Rettferdighet per lege", "Terskel")
    heads = [next(h for h in sections if p.startswith(h)) for p in pages
             if p.startswith(sections)]
    assert heads == [sections[0], sections[0], sections[1], sections[2]], heads
    text = " ".join(p for p in pages if "Rettferdighet per lege" in p)
    for d in _doctors(report):
        figures = [share_text(d.share), decimal(d.fair_share, 3)]  # «50 %», as in Leger
        assert f"{d.name} {' '.join(figures)}" in text, d.name
        bands = " ".join(f"{d.bands[a].count} {band_range_text(d.bands[a])}"
                         + (" !" if d.bands[a].outside else "") for _f, a, _t in COUNTS)
        assert f"{decimal(d.load_per_share)} {percent_text(d.above_bound)} {bands}" in text, d.name
    assert f"Mest belastet per andel: {report.worst.name}" in text
    assert "Rettferdig andel = vaktandel" in text and "Rettferdig antall netter" in text
    assert "fritak" not in text  # the file is shared: no fritak named


def test_counts_not_measured_are_not_marked_in_the_app_or_the_pdf(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The hand-made district of ``tests.reports.test_fairness``: the night-exempt Lege 4 has
    every weekend day vakt. The app shows her weekends «ikke målt», unmarked, and says why in
    the tooltip and the notes; the PDF (shared) says it too, naming no fritak. Lege 1's half
    of the nights is still marked."""
    from PySide6.QtCore import Qt

    from legevakt_app.ui.pdf_export import export_pdf
    from legevakt_app.ui.report_views import BelastningView, FairnessTableModel
    from tests.export.test_pdf_report import pdf_pages
    from tests.reports.test_fairness import _district, _weekends_for_the_night_exempt

    project = _district()
    source = source_from_project(project, _weekends_for_the_night_exempt(project))
    view = BelastningView()
    qtbot.addWidget(view)
    view.set_source(source)
    proxy = view.fairness_proxy
    name, weekends, nights = (FairnessTableModel.column(k) for k in ("name", "weekends", "nights"))
    rows = {proxy.index(r, name).data(): r for r in range(proxy.rowCount())}
    cell = proxy.index(rows["Lege 4"], weekends)
    assert cell.data() == "8 (ikke målt)"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "delvis fritak" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert proxy.index(rows["Lege 1"], nights).data(Qt.ItemDataRole.BackgroundRole) is not None
    notes = view.fairness_notes.text()
    assert "Ikke målt mot det rettferdige antallet: Lege 4 (delvis fritak" in notes
    assert "Lege 4" not in notes.split("Utenfor det rettferdige antallet:")[1].split(".")[0]

    text = " ".join(p for p in pdf_pages(export_pdf(source, tmp_path / "r.pdf"))
                    if "Rettferdighet per lege" in p)
    assert "8 ikke målt" in text and "Lege 4 (tar ikke alle slags vakter" in text
    assert "fritak" not in text  # the file is shared: no fritak named


def test_a_doctor_who_needs_bakvakt_is_not_measured(solved) -> None:
    """interkommunal's doctor who is not vaktkompetent takes more vakter than her share (her
    colleagues' bakvakter are load): as the vaktregnskap, her counts are not measured."""
    from solver.ledger import needs_bakvakt

    source, report = solved
    needing = {d.id for d in source.problem.doctors
               if needs_bakvakt(source.problem, d, source.rota)}
    assert needing
    for d in report.doctors:
        assert (d.not_compared == "needs_bakvakt") == (d.doctor_id in needing)
        if d.doctor_id in needing:
            assert not any(b.outside or b.compared for b in d.bands.values())
            assert all(band_text(b).endswith(("(ikke målt)", "(–)")) for b in d.bands.values())
