"""The report as text and JSON: what a leader reads must say what it counts."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from legevakt_app.reports import threshold_report
from legevakt_app.reports.output import report_dict, report_lines
from legevakt_app.rota_source import source_from_project
from tests.reports.conftest import dogn_project, round_robin


def _report(practice: float = 49.0, **kwargs: object):  # type: ignore[no-untyped-def]
    project = dogn_project(4, **kwargs)  # type: ignore[arg-type]
    for doctor in project.doctors:
        doctor.practice_hours_per_week = practice
    return threshold_report(source_from_project(project, round_robin(project)))


def test_the_practice_note_follows_the_doctors_practice_hours() -> None:
    """«49 t praksis alene er over 48 t» only when the practice hours are that high."""
    full = "\n".join(report_lines(_report(49.0)))
    assert "merk: 49 t avtalt praksis alene er over 48 t (4 leger)" in full
    half = "\n".join(report_lines(_report(24.5)))
    assert "praksis alene" not in half


def test_the_report_cites_arbeidsmiljoloven_as_it_reads() -> None:
    text = "\n".join(report_lines(_report()))
    assert "§ 10-5 (1): høyst 48 timer i løpet av sju dager, i snitt over høyst åtte uker, " \
           "men ikke over 50 timer i noen enkelt uke" in text
    assert "gjennomsnittlig inntil 48 timer per uke" not in text
    assert "Aml. 8 u" in text and "Aml. 1 u" in text


def test_json_has_each_doctors_aml_figures_and_the_week_parts() -> None:
    out = report_dict(_report(on_site=True))
    d = next(x for x in out["doctors"] if x["id"] == "d1")
    assert set(d["aml"]) == {"worst_8_weeks_per_week", "worst_week", "above_48h_8_weeks",
                             "above_50h_week"}
    assert d["aml"]["worst_week"] >= d["aml"]["worst_8_weeks_per_week"] > 0
    # the week is its two parts
    assert d["estimated_total_week"] == pytest.approx(
        d["practice_worked_per_week"] + d["hours_per_week"], abs=0.01)
    assert "ferie, kurs, permisjon" in out["definitions"]["per_week"]


def test_ukevakt_spacing_is_in_weeks_in_every_line() -> None:
    """Ukevakt: the district line says «uker», as the doctors' column («3 u») does."""
    from tests.reports.test_workload import _block_source

    report = threshold_report(_block_source(3, "week"))
    text = "\n".join(report_lines(report))
    assert "korteste avstand mellom vakter: 3 uker" in text
    assert "3 dager" not in text
    assert "vakt oftere enn hver 4. uke" in threshold_report(_block_source(5, "week", days=70)).verdict()


def test_the_columns_say_what_they_count(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Belastning counts weekends and days with vakt, Rettferdighet per lege counts vakter:
    «Helger» beside «Vakter i helg» and «Høytid» beside «Høytidsvakter» read as the same
    thing with different numbers (QA). Every Belastning heading says what it counts, the same
    words in the report, the app's table and the workbook, and the report and the workbook
    say how they differ from Rettferdighet's."""
    from openpyxl import load_workbook

    from legevakt_app.export.xlsx import export_xlsx
    from legevakt_app.ui.report_views import FairnessTableModel, LoadTableModel

    report = _report()
    lines = report_lines(report)
    header = next(line for line in lines if line.startswith("Lege "))
    for words in ("Nattevakter", "Helger med vakt", "Helligdager med vakt",
                  "Høytidsdager med vakt", "Helger på rad"):
        assert f" {words} " in header, words
    assert " Natt " not in header and " Høytid " not in header and " Helger  " not in header
    text = "\n".join(lines)
    assert ("«Helger med vakt», «Helligdager med vakt» og «Høytidsdager med vakt» teller helger "
            "og dager, ikke vakter") in text
    assert any("Effektivt N" in line for line in lines)
    # the numbers under the longer headings
    row = next(line for line in lines if line.startswith("Lege 1 "))
    d = report.workload.doctor("d1")
    for heading, value in (("Nattevakter", d.nights), ("Helger med vakt", d.weekends),
                           ("Høytidsdager med vakt", d.high_days)):
        end = header.index(heading) + len(heading)
        assert row[:end].split()[-1] == str(value), heading

    app = [LoadTableModel.COLUMNS[LoadTableModel.column(k)][0].replace("-\n", "").replace("\n", " ")
           for k in ("nights", "weekends", "holidays", "high_days")]
    assert app == ["Nattevakter", "Helger med vakt", "Helligdager med vakt",
                   "Høytidsdager med vakt"]
    fair = [FairnessTableModel.COLUMNS[FairnessTableModel.column(k)][0]
            .replace("-\n", "").replace("\n", " ") for k in ("weekends", "high_days")]
    assert fair == ["Vakter i helg", "Høytidsvakter"]
    project = dogn_project(4)
    book = load_workbook(export_xlsx(source_from_project(project, round_robin(project)),
                                     tmp_path / "b.xlsx"))
    titles = [c.value for c in book["Belastning"][4]]
    assert app == [t for t in titles if t in app]
    legend = [c.value for c in book["Belastning"]["A"] if isinstance(c.value, str)]
    assert any(line.startswith("Nattevakter = vakter over 00–06.") for line in legend)
    assert {"Vakter i helg", "Høytidsvakter"} <= {c.value for c in book["Rettferdighet"][4]}


def test_a_kommunes_own_count_is_not_read_as_the_districts_threshold() -> None:
    """A kommune with one fastlege in a district of six reads «egne fastleger ≤ 4: ja», not
    «fire eller færre: ja» under a district that is not under the four-doctor threshold."""
    from legevakt_app.domain import Kommune

    project = dogn_project(6)
    project.district.kommuner.append(Kommune(name="Nabovik", inhabitants=900, centrality=6))
    project.doctors[5].kommune = "Nabovik"
    text = "\n".join(report_lines(threshold_report(source_from_project(project,
                                                                        round_robin(project)))))
    assert "Fire eller færre fastleger: nei" in text
    assert "1 av 1 fastlege i turnusen" in text and "; egne fastleger ≤ 4: ja" in text
    assert "; fire eller færre: " not in text


def test_the_grant_line_names_the_kommuner_that_may_apply() -> None:
    """A district of 3 500 + 900 inhabitants where only the small kommune is in
    sentralitetsklasse 6: the grant is that kommune's, so the district line names it (as the
    app's Terskel view does) instead of a bare «ja» under the district."""
    from legevakt_app.domain import Kommune

    project = dogn_project(6, centrality=5)
    project.district.kommuner.append(Kommune(name="Nabovik", inhabitants=900, centrality=6))
    project.doctors[5].kommune = "Nabovik"
    text = "\n".join(report_lines(threshold_report(source_from_project(project,
                                                                        round_robin(project)))))
    assert ("  Legevakttilskudd (kommuner med < 5 000 innbyggere og sentralitetsklasse 6): "
            "ja: Nabovik\n") in text
    none = "\n".join(report_lines(_report(centrality=5)))
    assert ("Legevakttilskudd (kommuner med < 5 000 innbyggere og sentralitetsklasse 6): nei "
            "(ingen kommune under 5 000 innbyggere i sentralitetsklasse 6)") in none


def test_the_week_reads_the_same_in_the_report_the_app_the_workbook_and_the_scenarios(
        qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """22 days, 49 t practice: Lege 1 works 37,42 t practice and 30,54 t vakt per week,
    67,96 t in all. Belastning (the report, the app's table and chart, the workbook) added the
    parts as shown (37,4 + 30,5 = 67,9) while the scenario comparison's «Verste arbeidsuke»
    (the app's Terskel, the report, the workbook's «Scenarier», 67.96 there) said 68,0 of the
    same week (QA: Ola 94,4 in Belastning, 94,5 in Terskel). The week is now rounded from its
    own value everywhere, 68,0, and the workbook stores both cells as 68.0 under «0.0»; the
    parts beside it keep their own rounding, and the definitions say so."""
    from openpyxl import load_workbook
    from PySide6.QtCore import Qt

    from legevakt_app.export.layout import build_layout
    from legevakt_app.export.report_sheets import load_rows
    from legevakt_app.export.xlsx import export_xlsx
    from legevakt_app.reports.scenarios import ScenarioComparison, current_row, measure
    from legevakt_app.ui.report_views import BelastningView, LoadTableModel, TerskelView

    project = dogn_project(4, days=22)
    source = source_from_project(project, round_robin(project))
    report = threshold_report(source)
    lege1 = next(d for d in report.workload.doctors if d.name == "Lege 1")
    assert lege1.estimated_total_week == pytest.approx(67.96, abs=0.01)
    assert lege1.estimated_total_week == max(d.estimated_total_week
                                             for d in report.workload.doctors)
    workbook = {r.name: r.total_per_week for r in load_rows(source, build_layout(source))}
    assert workbook["Lege 1"] == 68.0
    current = measure(current_row(), source)  # the comparison's «Nåværende»
    lines = report_lines(report, [current])
    row = next(line for line in lines if line.startswith("Lege 1 "))
    assert row.split()[3:7] == ["37,4", "30,5", "30,5", "68,0"]  # praksis, vakt, ekv., uke
    assert "over 68 t" not in row  # 68,0 is not over 68
    scenario = next(line for line in lines if line.startswith("  Nåværende "))
    assert scenario.split()[1] == "68,0"  # «Verste uke»
    assert "Hvert tall er avrundet for seg til én desimal" in "\n".join(lines)
    view = BelastningView()
    qtbot.addWidget(view)
    view.set_source(source)
    for r in range(view.proxy.rowCount()):
        name = view.proxy.headerData(r, Qt.Orientation.Vertical)
        shown = view.proxy.index(r, LoadTableModel.column("estimated_total_week")).data()
        assert shown == f"{workbook[name]:.1f}".replace(".", ","), name
    labels = [t.get_text() for t in view.figure.axes[0].texts]
    assert "68,0" in labels and "67,9" not in labels
    terskel = TerskelView()
    qtbot.addWidget(terskel)
    terskel.set_source(source)
    assert terskel.scenario_table.item(0, 0).text() == "Nåværende"
    assert terskel.scenario_table.item(0, 2).text() == "68,0"  # «Verste uke»
    source.scenarios = ScenarioComparison((current,), 1.0)
    book = load_workbook(export_xlsx(source, tmp_path / "uke.xlsx"))
    load = book["Belastning"]
    header = [c.value for c in load[4]]
    total = next(load.cell(r, header.index("Total arbeidstid per uke") + 1)
                 for r in range(5, 9) if load.cell(r, 1).value == "Lege 1")
    assert book["Scenarier"].cell(4, 3).value.startswith("Verste arbeidsuke")
    worst = book["Scenarier"].cell(5, 3)
    assert (total.value, total.number_format) == (worst.value, worst.number_format) \
        == (68.0, "0.0")


def test_a_week_that_reads_68_0_is_not_flagged_over_68_anywhere(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """24 days, 49 t practice: Lege 1's week is 68,02 t, shown «68,0». The report and the app
    flagged it «over 68 t» (judged unrounded) beside «68,0», while the workbook's red and the
    PDF's words judge the cell, 68.0, and did not: every view now judges the number it
    shows."""
    from openpyxl import load_workbook
    from PySide6.QtCore import Qt

    from legevakt_app.export.layout import build_layout
    from legevakt_app.export.report_data import flag_words, load_flags, load_rows, load_values
    from legevakt_app.export.xlsx import export_xlsx
    from legevakt_app.ui.report_views import BelastningView, LoadTableModel

    project = dogn_project(4, days=24)
    source = source_from_project(project, round_robin(project))
    report = threshold_report(source)
    lege1 = report.workload.doctor("d1")
    assert 68 < lege1.estimated_total_week < 68.05
    lines = report_lines(report)
    row = next(line for line in lines if line.startswith("Lege 1 "))
    assert row.split()[6] == "68,0" and "over 68 t" not in row
    assert "Over 68 t (rå): 1 (Lege 4)" in lines  # 70,9
    assert next(d for d in report_dict(report)["doctors"] if d["id"] == "d1")["above_68h"] is False
    pdf_row = next(r for r in load_rows(source, build_layout(source)) if r.name == "Lege 1")
    assert "over 68 t" not in flag_words(load_flags(load_values(pdf_row)))
    ws = load_workbook(export_xlsx(source, tmp_path / "b.xlsx"))["Belastning"]
    header = [c.value for c in ws[4]]
    lege1_row = next(r for r in range(5, 9) if ws.cell(r, 1).value == "Lege 1")
    assert ws.cell(lege1_row, header.index("Total arbeidstid per uke") + 1).value == 68.0  # >68
    view = BelastningView()
    qtbot.addWidget(view)
    view.set_source(source)
    total = LoadTableModel.column("estimated_total_week")
    r = next(r for r in range(view.proxy.rowCount())
             if view.proxy.headerData(r, Qt.Orientation.Vertical) == "Lege 1")
    assert view.proxy.index(r, total).data() == "68,0"
    assert view.proxy.index(r, total).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "over 68 t" not in view.proxy.index(r, LoadTableModel.column("flags")).data()


def test_a_doctor_with_no_vakt_over_48_t_on_practice_alone_is_flagged_in_every_view(
        qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """QA: a doctor with vaktandel 0 whose «Aml. 8 u» is 49,0 (49 t practice, no vakt) was
    flagged «over 48 t/8 u (aml.)» on the PDF's Belastning page but not in the report, whose
    count «Over 48 t i snitt over 8 uker» left her out. arbeidsmiljøloven's 48 t is of all
    working time, practice included (DOMAIN: legevakt comes on top of the practice), so she
    is over it: flagged in the report, its count, the app and the PDF alike, with the note
    that says it is the practice alone. A real solve of a small district."""
    import json

    from PySide6.QtCore import Qt

    from legevakt_app.cli import main
    from legevakt_app.domain import Doctor, PublishedAssignment
    from legevakt_app.engine_input import build_problem
    from legevakt_app.project_io import save_project
    from legevakt_app.ui.report_views import BelastningView, LoadTableModel
    from solver.solve import solve
    from tests.export.test_pdf_report import pdf_pages

    project = dogn_project(5)
    project.doctors.append(Doctor(id="d6", name="Eva Utenvakt", kommune="Testvik",
                                  kind="fastlege", birth_year=1980, legevakt_share=0.0,
                                  practice_hours_per_week=49.0,
                                  competence={"specialist_allmennmedisin": True}))
    result = solve(build_problem(project), time_limit=10, workers=2, seed=0)
    assert result.rota.assignments
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in result.rota.assignments]
    path = tmp_path / "t.legevakt.json"
    save_project(project, path)
    report = threshold_report(source_from_project(project))
    eva = report.workload.doctor("d6")
    assert not eva.in_rota and eva.aml_worst_8_weeks == pytest.approx(49.0)

    out = subprocess.run([sys.executable, "-m", "legevakt_app.cli", "report", str(path),
                          "--no-need"], capture_output=True, text=True, check=True).stdout
    row = next(line for line in out.splitlines() if line.startswith("Eva Utenvakt "))
    assert row.rstrip().endswith("over 48 t/8 u (aml.)")
    count = next(line for line in out.splitlines() if line.startswith("Over 48 t i snitt"))
    assert "Eva Utenvakt" in count and "49 t avtalt praksis alene er over 48 t" in count
    doc = json.loads(subprocess.run(
        [sys.executable, "-m", "legevakt_app.cli", "report", str(path), "--no-need", "--json"],
        capture_output=True, text=True, check=True).stdout)
    assert next(d for d in doc["doctors"] if d["id"] == "d6")["aml"]["above_48h_8_weeks"]

    pdf = tmp_path / "t.pdf"
    assert main(["export", str(path), "--pdf", str(pdf)]) == 0
    text = " ".join(pdf_pages(pdf))
    assert re.search(r"Eva Utenvakt [^A-ZÆØÅ]*over 48 t/8 u \(aml\.\)", text)

    view = BelastningView()
    qtbot.addWidget(view)
    view.set_source(source_from_project(project))
    r = next(r for r in range(view.proxy.rowCount())
             if view.proxy.headerData(r, Qt.Orientation.Vertical) == "Eva Utenvakt")
    assert view.proxy.index(r, LoadTableModel.column("flags")).data() == "over 48 t/8 u (aml.)"
    assert "49 t avtalt praksis alene er over 48 t (6 leger)" in view.explanation.text()
