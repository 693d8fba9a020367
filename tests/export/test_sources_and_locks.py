"""QA audit of the exports: the reference figures with their sources and «Helger på rad» in
both documents (the CLI report had them, the workbook and the PDF did not), and a workbook
open in another program is not overwritten (LibreOffice's or Excel's lock file beside it).
Real files: the workbook read back with openpyxl, the PDF with pypdf."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from legevakt_app.cli import main
from legevakt_app.reports.figures import REFERENCE_FIGURES
from tests.export.conftest import sample_source, saved_with_rota


def sourced(figure) -> str:  # type: ignore[no-untyped-def]
    """A reference figure as the CLI report names it: what, then where it comes from."""
    return f"{figure.label} — {figure.source}"


def load_sheet(tmp_path):  # type: ignore[no-untyped-def]
    from legevakt_app.export.xlsx import SHEET_LOAD, export_xlsx

    source = sample_source("liten-kommune")
    return source, load_workbook(export_xlsx(source, tmp_path / "b.xlsx"))[SHEET_LOAD]


def test_the_workbook_names_the_source_of_each_reference_figure(tmp_path):
    _source, ws = load_sheet(tmp_path)
    rows = [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]
    for figure in REFERENCE_FIGURES:
        assert [sourced(figure), figure.hours] in rows
    assert ["Fastleger med legevakt, total arbeidstid — Ekspertgruppen om legevakt 2021 "
            "(Tidsbruksundersøkelsen 2018)", 68] in rows


def test_the_workbook_has_each_doctors_weekends_in_a_row(tmp_path):
    from legevakt_app.reports.workload import workload_report

    source, ws = load_sheet(tmp_path)
    header = [c.value for c in ws[4]]
    column = header.index("Helger på rad")
    by_name = {d.name: d.longest_weekends_without_free for d in workload_report(source).doctors}
    shown = {row[0]: row[column] for row in ws.iter_rows(min_row=5, values_only=True)
             if row[0] in by_name}
    assert shown == {name: by_name[name] for name in shown}
    assert len(shown) == len(source.problem.doctors)
    assert any(str(c.value).startswith("Helger på rad = ") for row in ws.iter_rows()
               for c in row)  # what it counts, under the table


@pytest.mark.gui
def test_the_pdf_names_the_sources_and_the_weekends_in_a_row(tmp_path):
    from legevakt_app.reports.workload import workload_report
    from legevakt_app.ui.pdf_export import export_pdf
    from tests.export.test_pdf_report import pdf_pages

    source = sample_source("liten-kommune")
    pages = pdf_pages(export_pdf(source, tmp_path / "b.pdf"))
    text = " ".join(pages)
    for figure in REFERENCE_FIGURES:
        hours = f"{figure.hours:.1f}".replace(".", ",")
        assert f"{sourced(figure)}: {hours}" in text
    part2 = next(p for p in pages if "del 2 av 2" in p)
    assert "Helger på rad" in part2
    for d in workload_report(source).doctors:  # the count after «Høytidsdager med vakt»
        assert f"{d.name} " in part2
        assert f" {d.high_days} {d.longest_weekends_without_free} " in part2


@pytest.mark.parametrize("lock", [".~lock.turnus.xlsx#", "~$turnus.xlsx"])
def test_a_workbook_open_in_another_program_is_not_overwritten(lock, tmp_path, capsys):
    project = saved_with_rota(tmp_path / "p.legevakt.json")
    target = tmp_path / "turnus.xlsx"
    target.write_bytes(b"the leader's own workbook")
    (tmp_path / lock).write_text("lock")
    assert main(["export", str(project), "--xlsx", str(target)]) == 2
    assert target.read_bytes() == b"the leader's own workbook"
    err = capsys.readouterr().err
    assert f"{target}: er åpen i et annet program (låsefilen {lock} ligger ved siden av)" in err
    assert "lukk den der, eller velg et annet filnavn (ingenting er skrevet)" in err


def test_the_app_is_refused_the_same_file(tmp_path):
    """The app asks file_errors.output_problem before it exports, as the CLI does."""
    from legevakt_app.file_errors import output_problem

    target = tmp_path / "turnus.pdf"
    assert output_problem(target, kind="pdf") is None  # no file yet: nothing to refuse
    target.write_bytes(b"%PDF")
    (tmp_path / ".~lock.turnus.pdf#").write_text("lock")
    assert output_problem(target, kind="pdf").startswith("er åpen i et annet program")
    other = tmp_path / "turnus-2.pdf"
    other.write_bytes(b"%PDF")
    assert output_problem(other, kind="pdf") is None  # another file's lock is not this one's
