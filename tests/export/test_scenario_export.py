"""«Scenarier» in the workbook and the PDF: ``legevakt export --scenarios`` / ``--scenario``
solves the what-ifs as ``legevakt report`` does and puts one row per scenario in the
documents, «Nåværende» first, with how the figures were made (QA audit, small kommune: the
comparison for the kommunestyre existed only on screen and in the report's text)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook

from legevakt_app.cli import main
from legevakt_app.domain import PublishedAssignment
from legevakt_app.project_io import load_project, save_project
from legevakt_app.rota_source import source_from_project
from solver.checker import soft_breaches
from tests.conftest import SAMPLES
from tests.export.conftest import handmade_rota

HEADERS = ("Scenario", "Endring", "Verste arbeidsuke (t/uke)", "Median arbeidsuke (t/uke)",
           "Verste 1:N (tettest lege)", "Effektivt N (andelsvektet)",
           "Bakvakt i distriktet, t/uke", "Tapte praksisdager (alle leger, perioden)",
           "Leger over 68 t/uke", "Leger i turnusen",
           "Vakter for tett (myke avstandsregler, alle leger)", "Status", "Merknad")
FORMATS = ("General", "General", "0.0", "0.0", "0.00", "0.00", "0.0", "0", "0", "0", "0",
           "General", "General")
HEADER_ROW = 4


def three_weeks_of_liten_kommune():  # type: ignore[no-untyped-def]
    """liten-kommune cut to three weeks, with a rota made by hand (kept fast)."""
    project = load_project(SAMPLES["liten-kommune"])
    project.period.end = project.period.start + timedelta(days=20)
    rota = handmade_rota(source_from_project(project).problem)
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in rota.assignments]
    return project


@pytest.fixture
def small_project(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "lysfjord.legevakt.json"
    save_project(three_weeks_of_liten_kommune(), path, backup=False)
    return path


@pytest.mark.gui  # the PDF is laid out by Qt
def test_export_scenarios_puts_each_row_in_the_workbook_and_the_pdf(small_project, tmp_path,
                                                                    capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.export.test_pdf_report import pdf_pages, shown

    plain = tmp_path / "uten.xlsx"
    assert main(["export", str(small_project), "--xlsx", str(plain)]) == 0
    assert "Scenarier" not in load_workbook(plain).sheetnames  # none run: no empty sheet
    capsys.readouterr()

    xlsx, pdf = tmp_path / "turnus.xlsx", tmp_path / "turnus.pdf"
    code = main(["export", str(small_project), "--xlsx", str(xlsx), "--pdf", str(pdf),
                 "--scenario", "Nattvikar=vikar_nights", "--scenario", "To til=add_doctor:2",
                 "--time-limit", "10"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Scenario 1 av 2: Nattvikar …" in err  # as report says it is working
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames.index("Scenarier") == workbook.sheetnames.index("Terskel") + 1
    ws = workbook["Scenarier"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert tuple(header) == HEADERS
    rows = [list(ws[r]) for r in range(HEADER_ROW + 1, HEADER_ROW + 4)]
    assert [r[0].value for r in rows] == ["Nåværende", "Nattvikar", "To til"]
    assert rows[1][1].value.startswith("En vikar dekker alle netter 23–08")
    assert rows[2][1].value.startswith("2 fastleger til med full vaktandel")
    for row in rows:
        assert tuple(c.number_format for c in row) == FORMATS
        assert all(isinstance(c.value, int | float) for c in row[2:11]), [c.value for c in row]
        assert row[12].value.startswith(("under firelegegrensen", "over firelegegrensen"))
    current, vikar, two_more = rows
    terskel = {r[0]: r[1] for r in load_workbook(xlsx)["Terskel"].iter_rows(values_only=True)}
    assert current[9].value == terskel["Leger i turnusen"]  # «Nåværende» is the rota exported
    assert current[11].value == "nåværende turnus"
    # liten-kommune's firedelt is soft: the hand-made rota has vakter closer, as check counts them
    assert current[10].value == sum(n for _text, n in soft_breaches(
        source_from_project(load_project(small_project)).problem,
        source_from_project(load_project(small_project)).rota)) > 0
    assert two_more[9].value == current[9].value + 2
    assert vikar[7].value == 0  # no night, so no practice day lost
    assert ws.cell(HEADER_ROW + 4, 1).value is None  # no row more
    method = ws.cell(HEADER_ROW + 5, 1).value
    assert method.startswith("Slik er tallene laget: hvert scenario er løst med turnusmotoren "
                             "på inntil 5 s, i deterministisk modus med fast frø")
    assert "En turnus som ikke er bevist best (status «løst (tidsgrensen nådd)»)" in method

    text = " ".join(pdf_pages(pdf))
    assert "Scenarier" in text and method in text
    for row in rows:  # the same cells as the workbook shows them, decimal comma
        assert " ".join(shown(c) for c in row[:11] if c.value is not None) in text, row[0].value
    assert any("," in shown(c) for c in current[2:7])


def test_a_bad_scenario_is_refused_as_report_refuses_it_and_nothing_is_written(
        small_project, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    xlsx = tmp_path / "turnus.xlsx"
    assert main(["export", str(small_project), "--xlsx", str(xlsx),
                 "--scenario", "To til=add_doctor:99"]) == 2
    err = capsys.readouterr().err
    assert "--scenario: scenario «To til»: add_doctor trenger et tall fra 1 til 20" in err
    assert "Traceback" not in err and "løser" not in err and not xlsx.exists()
    assert main(["export", str(small_project), "--xlsx", str(xlsx),
                 "--scenario", "A=add_doctor", "--scenario", "A=rest_11h"]) == 2
    assert "står to ganger" in capsys.readouterr().err
    # the rows go in the workbook and the PDF: calendars alone cannot carry them
    assert main(["export", str(small_project), "--ics-dir", str(tmp_path / "kal"),
                 "--scenarios"]) == 2
    assert "--scenarios og --scenario gjelder Excel og PDF" in capsys.readouterr().err
    assert not (tmp_path / "kal").exists()


def test_the_apps_scenarios_reach_the_pdf_child_and_a_bad_file_names_the_option(
        small_project, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The app hands the rows it solved to ``export --scenarios-from`` (the PDF's child
    process) as JSON; they read back as they were."""
    from legevakt_app.reports.scenarios import (
        ScenarioComparison,
        comparison_from_dict,
        comparison_to_dict,
        parse_scenario,
        run_scenarios,
    )

    project = load_project(small_project)
    source = source_from_project(project)
    results = run_scenarios(source, [parse_scenario("Nattvikar=vikar_nights")], time_limit=5)
    comparison = ScenarioComparison(tuple(results), 5.0)
    again = comparison_from_dict(comparison_to_dict(comparison))
    assert again.seconds == 5.0
    assert [(r.name, r.worst_week, r.worst_ratio, r.practice_days_lost, r.too_close, r.note)
            for r in again.results] == [(r.name, r.worst_week, r.worst_ratio,
                                         r.practice_days_lost, r.too_close, r.note)
                                        for r in results]
    # rows written before «Vakter for tett» existed read back without it
    older = comparison_to_dict(comparison)
    for row in older["results"]:  # type: ignore[union-attr]
        del row["too_close"]
    assert [r.too_close for r in comparison_from_dict(older).results] == [None, None]
    broken = tmp_path / "scenarier.json"
    broken.write_text('{"seconds": 5}', encoding="utf-8")
    xlsx = tmp_path / "turnus.xlsx"
    assert main(["export", str(small_project), "--xlsx", str(xlsx),
                 "--scenarios-from", str(broken)]) == 2
    assert f"--scenarios-from {broken}: kan ikke leses" in capsys.readouterr().err
    assert not xlsx.exists()
