"""The PDF's «Belastning» and «Terskel»: the workbook's sheets on paper, with the same
numbers. Each figure is read back from the written PDF (pypdf) and compared with the
workbook written from the same rota (openpyxl), as the workbook shows it."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook

from tests.export.conftest import sample_source

pytestmark = pytest.mark.gui

LOAD_HEADER_ROW = 4  # the Belastning sheet: title, subtitle, blank, header
HOURS_COLUMNS = 14  # Lege … Total arbeidstid per uke: the PDF's first table
LOAD_COLUMNS = 23  # the last: «Helger på rad»


def pdf_pages(path) -> list[str]:
    """Each page's text, with ligatures (ﬁ) undone and all white space as one space."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(path).pages:
        text = unicodedata.normalize("NFKC", page.extract_text()).replace("\u00ad", "")
        pages.append(re.sub(r"\s+", " ", text))
    return pages


def shown(cell) -> str:
    """A cell as the spreadsheet shows it: its number format's decimals, rounded half away
    from zero, with a decimal comma; an empty cell as the PDF's «–»."""
    value = cell.value
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    fmt = cell.number_format
    digits = len(fmt.partition(".")[2]) if fmt != "General" else 0
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{exact:f}".replace(".", ",")


def exported(name: str, tmp_path, **options):
    from legevakt_app.export.xlsx import export_xlsx
    from legevakt_app.ui.pdf_export import export_pdf

    source = sample_source(name)
    pdf = export_pdf(source, tmp_path / f"{name}.pdf", **options)
    workbook = load_workbook(export_xlsx(source, tmp_path / f"{name}.xlsx"))
    return source, pdf_pages(pdf), workbook


@pytest.mark.parametrize("name", ["liten-kommune", "interkommunal"])
def test_belastning_has_every_doctor_with_the_workbooks_figures(name, tmp_path):
    _source, pages, workbook = exported(name, tmp_path)
    sheet = workbook["Belastning"]
    hours = " ".join(p for p in pages if "Belastning per lege, del 1 av 2" in p)
    others = " ".join(p for p in pages if "Belastning per lege, del 2 av 2" in p)
    assert hours and others, "the PDF has no Belastning section"
    headers = [sheet.cell(LOAD_HEADER_ROW, c).value for c in range(1, LOAD_COLUMNS + 1)]
    def unbroken(text: str) -> str:  # a title's word broken at a soft hyphen, made whole
        return text.replace("- ", "")

    for title in headers:  # the workbook's column titles, each in one of the two tables
        assert unbroken(title) in unbroken(hours) or unbroken(title) in unbroken(others), title
    assert "Total arbeidstid per uke = praksistimer arbeidet per uke" in hours  # subtitle
    assert "Referansetall (timer per uke)" in hours
    assert ("med legevakt, total arbeidstid — Ekspertgruppen om legevakt 2021 "
            "(Tidsbruksundersøkelsen 2018): 68,0") in hours  # each figure with its source
    doctors = 0
    for row in sheet.iter_rows(min_row=LOAD_HEADER_ROW + 1, max_col=LOAD_COLUMNS):
        if row[0].value is None:  # the rows below the table (reference figures, legend)
            break
        doctors += 1
        cells = [shown(c) for c in row]
        name_ = cells[0]
        # the doctor's row as printed: the name, then every figure in the sheet's order
        assert " ".join(cells[:HOURS_COLUMNS]) in hours, (name_, cells[:HOURS_COLUMNS])
        assert " ".join([name_, *cells[HOURS_COLUMNS:]]) in others, (name_, cells[HOURS_COLUMNS:])
        after = others.split(" ".join([name_, *cells[HOURS_COLUMNS:]]), 1)[1]
        total = row[HOURS_COLUMNS - 1].value
        assert after.lstrip().startswith("over 68 t") == (total > 68), (name_, total, after[:40])
    assert doctors == len(sample_source(name).problem.doctors)


@pytest.mark.parametrize("name", ["liten-kommune", "interkommunal"])
def test_terskel_has_the_workbooks_verdict_and_rows(name, tmp_path):
    _source, pages, workbook = exported(name, tmp_path)
    sheet = workbook["Terskel"]
    text = " ".join(p for p in pages if p.startswith("Terskel: Firelegegrensen"))
    assert text, "the PDF has no Terskel section"
    assert sheet.cell(2, 1).value in text  # «Målgruppe: …»
    rows = list(sheet.iter_rows(min_row=4, max_col=2))
    assert rows[0][0].value == "Vurdering"
    for label, value in rows:
        assert f"{label.value} {shown(value)}" in text, (label.value, shown(value))


def test_without_report_and_the_page_plan_agrees(tmp_path):
    """``report=False`` leaves both sections out; with them, the PDF has the pages planned
    and the sections come after the calendar, before the doctors' lists."""
    from tests.export.test_pdf import page_count, planned

    source = sample_source("liten-kommune")
    _source, pages, _workbook = exported("liten-kommune", tmp_path, report=False)
    assert not [p for p in pages if "Belastning per lege" in p or "Firelegegrensen" in p]
    assert len(pages) == len(planned(source, report=False)[2])
    _source, pages, _workbook = exported("liten-kommune", tmp_path)
    assert len(pages) == len(planned(source)[2])
    firsts = [i for i, p in enumerate(pages)
              if p.startswith(("Vaktturnus", "Belastning per lege, del", "Terskel", "Kari"))]
    assert [pages[i].split(" ")[0].rstrip(":") for i in firsts] == ["Vaktturnus", "Belastning", "Belastning",
                                                        "Terskel", "Kari"]
    assert page_count((tmp_path / "liten-kommune.pdf").read_bytes()) == len(pages)


def test_forty_doctors_run_over_pages_with_the_header_on_each():
    """stor-legevakt: the first Belastning table runs over two pages, each with the column
    titles; every doctor once, in the workbook's order; nothing taller than the page; the
    last page holds more than a lone doctor."""
    from legevakt_app.export.layout import build_layout
    from legevakt_app.export.report_data import load_rows
    from tests.export.test_pdf import planned

    source = sample_source("stor-legevakt")
    layout, geometry, pages = planned(source)
    assert all(p.height <= geometry.body_height for p in pages)
    names = [r.name for r in load_rows(source, build_layout(source))]
    for part in ("del 1 av 2", "del 2 av 2"):
        mine = [p for p in pages if part in p.section.first_title]
        assert mine and mine[0].start == 0 and mine[-1].end == len(names)
        for page in mine:
            assert "<thead>" in page.html and "Lege</th>" in page.html
        printed = [n for page in mine for n in names[page.start:page.end]]
        assert printed == names
        if len(mine) > 1:
            assert mine[-1].end - mine[-1].start >= 4
            assert "(forts.)" in mine[1].html
        assert "Rødt: total arbeidstid over 68 t" in mine[-1].html  # the legend, once, at the end
        assert all("Rødt:" not in page.html for page in mine[:-1])
    assert len([p for p in pages if "del 1 av 2" in p.section.first_title]) >= 2


def test_cell_text_shows_numbers_as_the_workbook():
    from legevakt_app.export.report_data import cell_text

    assert cell_text(0.25, "0.0") == "0,3"  # a spreadsheet rounds the half up; f"{0.25:.1f}" is 0.2
    assert cell_text(2.675, "0.00") == "2,68"
    assert cell_text(3.996, "0.00") == "4,00"
    assert cell_text(12, "0") == "12"
    assert cell_text(12, None) == "12"
    assert cell_text(None, "0.0") == "–"
    assert cell_text("Per Kroken", None) == "Per Kroken"
    # a percent format shows the value × 100 on its decimal digits (0.145 * 100 is 14.4999…)
    assert cell_text(0.5, "0 %") == "50 %" and cell_text(1.5, "0 %") == "150 %"
    assert cell_text(0.145, "0.0 %") == "14,5 %" and cell_text(0.125, "0 %") == "13 %"
    assert cell_text(0.019, "+0.0 %;-0.0 %;0.0 %") == "+1,9 %"
    assert cell_text(0.0, "+0.0 %;-0.0 %;0.0 %") == "0,0 %"


def test_a_vaktandel_reads_in_the_workbook_and_the_pdf_as_in_the_leger_table():
    from legevakt_app.export.report_data import cell_text, share_format
    from legevakt_app.wording import share_text

    assert share_format(0.5) == "0 %" and share_format(0.125) == "0.0 %"
    for value in (0, 0.05, 0.125, 0.145, 0.29, 0.5, 0.8, 1, 1.0, 1.125, 1.2, 1.5, 2, 3):
        assert cell_text(value, share_format(value)) == share_text(value), value


def test_a_doctors_own_pdf_has_no_report_unless_asked():
    """The report names every doctor; a PDF of one doctor's list leaves it out by default."""
    from tests.export.test_pdf import planned

    source = sample_source("liten-kommune")
    one = [source.problem.doctors[0].id]
    _layout, _geometry, pages = planned(source, calendar=False, doctor_ids=one)
    assert not [p for p in pages if "Belastning" in p.html or "Firelegegrensen" in p.html]
    _layout, _geometry, pages = planned(source, calendar=False, doctor_ids=one, report=True)
    assert [p for p in pages if "Firelegegrensen" in p.html]


def test_the_grant_names_the_kommuner_that_may_apply_in_the_workbook_and_the_pdf(tmp_path):
    """Legevakttilskudd is the kommune's: interkommunal's Terskel names the small kommuner, as
    the report and the app do, not a bare «ja» under a district of 15 000."""
    from legevakt_app.export.layout import build_layout
    from legevakt_app.export.report_data import threshold_rows
    from legevakt_app.reports.threshold import threshold_report

    source = sample_source("interkommunal")
    rows = dict(threshold_rows(source, build_layout(source)))
    [grant] = [v for k, v in rows.items() if k.startswith("Kan søke legevakttilskudd")]
    small = [k.name for k in threshold_report(source).kommuner if k.grant_eligible]
    assert small and grant == "ja: " + ", ".join(small)
    big = max(threshold_report(source).kommuner, key=lambda k: k.inhabitants)
    assert big.inhabitants >= 1000
    grouped = f"{big.inhabitants:,}".replace(",", " ")
    assert rows[f"Kommune {big.name}"].startswith(f"{grouped} innbyggere")  # «6 500», not «6500»
