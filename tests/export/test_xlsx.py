"""The workbook says exactly what the rota says, read back by two independent readers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from legevakt_app import __version__
from legevakt_app.calendar import OSLO
from legevakt_app.export.xlsx import (
    SHEET_ABOUT,
    SHEET_ALL_DUTIES,
    SHEET_FAIRNESS,
    SHEET_LOAD,
    SHEET_PER_DOCTOR,
    SHEET_THRESHOLD,
    SHEET_TURNUS,
    TURNUS_HEADER_ROWS,
    export_xlsx,
)
from legevakt_app.project_io import load_project
from legevakt_app.rota_source import RotaSource, source_from_project
from solver.problem import Assignment, Rota
from tests.conftest import SAMPLES
from tests.export.conftest import SAMPLE_NAMES, handmade_rota, sample_source

FIXED = 4  # Dato, Dag, Uke, Merknad


def expected(source: RotaSource) -> set[tuple[str, str, str]]:
    """(shift id, doctor name, role) of every assignment in the rota."""
    names = {d.id: d.name for d in source.problem.doctors}
    return {(a.shift_id, names[a.doctor_id], a.role) for a in source.rota.assignments}


def template_ids(source: RotaSource) -> dict[tuple[str, str], str]:
    """(station name, template name) → template id, from the project (not the layout)."""
    stations = {s.id: s.name for s in source.stations}
    assert source.project is not None
    return {(stations[t.station], t.name): t.id for t in source.project.templates}


def as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise AssertionError(f"not a date: {value!r}")


def forward_fill(row: list) -> list:
    out, last = [], None
    for value in row:
        if value not in (None, ""):
            last = value
        out.append(last)
    return out


def turnus_assignments(rows: list[list], source: RotaSource) -> set[tuple[str, str, str]]:
    """Rebuild the assignments from the Turnus grid: headers name station, template, role."""
    ids = template_ids(source)
    stations = forward_fill(list(rows[0]))
    templates = forward_fill(list(rows[1]))
    roles = list(rows[2])
    found: set[tuple[str, str, str]] = set()
    for row in rows[TURNUS_HEADER_ROWS:]:
        day = as_date(row[0])
        for c in range(FIXED, len(row)):
            value = row[c]
            if value in (None, "", "LEDIG"):
                continue
            template_name = templates[c].rsplit(" ", 1)[0]  # drop "16–23"
            template_id = ids[(stations[c], template_name)]
            role = "bakvakt" if str(roles[c]).startswith("Bakvakt") else "vakt"
            found.add((f"{template_id}@{day.isoformat()}", value, role))
    return found


def per_doctor_assignments(rows: list[list], source: RotaSource) -> set[tuple[str, str, str]]:
    """Rebuild the assignments from the Per lege blocks (name row, duty rows, sum row)."""
    ids = template_ids(source)
    header = list(rows[0])
    col = {name: header.index(name) for name in ("Dato", "Start", "Stasjon", "Vakt", "Rolle")}
    found: set[tuple[str, str, str]] = set()
    doctor = None
    for row in rows[1:]:
        first = row[0]
        if first in (None, ""):
            doctor = None
            continue
        if isinstance(first, str):
            if not first.startswith(("Sum:", "Ingen vakter")):
                doctor = first
            continue
        assert doctor is not None
        day = as_date(row[col["Dato"]])
        assert as_date(row[col["Start"]]) == day
        template_id = ids[(row[col["Stasjon"]], row[col["Vakt"]])]
        role = "bakvakt" if row[col["Rolle"]] == "Bakvakt" else "vakt"
        found.add((f"{template_id}@{day.isoformat()}", doctor, role))
    return found


def openpyxl_rows(path: Path, sheet: str) -> list[list]:
    wb = openpyxl.load_workbook(path)
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def calamine_rows(path: Path, sheet: str) -> list[list]:
    wb = CalamineWorkbook.from_path(str(path))
    return [list(r) for r in wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple[RotaSource, Path]]:
    folder = tmp_path_factory.mktemp("xlsx")
    out = {}
    for name in SAMPLE_NAMES:
        source = sample_source(name)
        out[name] = (source, export_xlsx(source, folder / f"{name}.xlsx"))
    return out


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("reader", [openpyxl_rows, calamine_rows], ids=["openpyxl", "calamine"])
def test_turnus_and_per_lege_equal_the_rota(exported, name, reader):
    source, path = exported[name]
    want = expected(source)
    assert want, "the hand-made rota must not be empty"
    assert turnus_assignments(reader(path, SHEET_TURNUS), source) == want
    assert per_doctor_assignments(reader(path, SHEET_PER_DOCTOR), source) == want


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sheets_formats_and_frozen_panes(exported, name):
    source, path = exported[name]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [SHEET_TURNUS, SHEET_PER_DOCTOR, SHEET_ALL_DUTIES, SHEET_LOAD,
                             SHEET_FAIRNESS, SHEET_THRESHOLD, SHEET_ABOUT]  # fmt: skip
    turnus = wb[SHEET_TURNUS]
    assert turnus.freeze_panes == "E4"
    first = turnus.cell(TURNUS_HEADER_ROWS + 1, 1)
    assert first.is_date and first.number_format == "dd.mm.yyyy"
    assert as_date(first.value) == source.problem.period_start
    assert turnus.cell(turnus.max_row, 1).value.date() == source.problem.period_end
    assert isinstance(turnus.cell(TURNUS_HEADER_ROWS + 1, 3).value, int)  # week number
    assert turnus.page_setup.orientation == "landscape"
    # one page across, fitted; or whole vakttyper per page at a readable scale (a wide district)
    assert turnus.sheet_properties.pageSetUpPr.fitToPage or turnus.page_setup.scale >= 55
    assert turnus.print_title_rows == "$1:$3"
    assert source.district_name.replace("&", "&&") in turnus.oddHeader.left.text

    per = wb[SHEET_PER_DOCTOR]
    assert per.freeze_panes == "A2"
    hours = [r[10] for r in per.iter_rows(min_row=2) if r[10].value is not None]
    assert hours and all(isinstance(c.value, float | int) for c in hours)
    assert all(c.number_format == "0.0" for c in hours)
    starts = [r[3] for r in per.iter_rows(min_row=2) if isinstance(r[3].value, datetime)]
    assert starts and all(c.number_format == "dd.mm.yyyy hh:mm" for c in starts)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_alle_vakter_is_one_plain_table_to_sort_and_filter(exported, name):
    """The QA audit: «Per lege» has a name row, a totals row and a blank row per doctor, so
    sorting it by date mixes text into the dates. «Alle vakter» is every vakt and bakvakt as
    one row each, in time order, real dates, a filter on the header."""
    source, path = exported[name]
    ws = openpyxl.load_workbook(path)[SHEET_ALL_DUTIES]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header, body = rows[0], rows[1:]
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(header))}{len(rows)}"
    assert ws.freeze_panes == "A2"
    col = {title: header.index(title) for title in ("Dato", "Start", "Stasjon", "Vakt", "Rolle",
                                                    "Lege")}
    assert all(isinstance(r[col["Dato"]], datetime) and isinstance(r[col["Start"]], datetime)
               for r in body)
    starts = [r[col["Start"]] for r in body]
    assert starts == sorted(starts)
    ids = template_ids(source)
    found = [(f"{ids[(r[col['Stasjon']], r[col['Vakt']])]}@{as_date(r[col['Dato']]).isoformat()}",
              r[col["Lege"]], "bakvakt" if r[col["Rolle"]] == "Bakvakt" else "vakt")
             for r in body]
    assert len(found) == len(set(found)) and set(found) == expected(source)


def test_per_lege_totals_and_times(exported):
    source, path = exported["interkommunal"]
    rows = openpyxl_rows(path, SHEET_PER_DOCTOR)
    shifts = {s.id: s for s in source.problem.shifts}
    first_doctor = source.problem.doctors[0]
    mine = [a for a in source.rota.assignments if a.doctor_id == first_doctor.id]
    total = sum(shifts[a.shift_id].hours for a in mine)
    assert rows[1][0] == first_doctor.name
    sum_row = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("Sum:"))
    assert sum_row[10] == pytest.approx(total, abs=0.01)
    earliest = min(shifts[a.shift_id].start for a in mine)
    assert rows[2][3] == earliest.astimezone(OSLO).replace(tzinfo=None)


def test_weekends_holidays_and_high_days_are_marked(exported):
    source, path = exported["stor-legevakt"]
    ws = openpyxl.load_workbook(path)[SHEET_TURNUS]
    by_date = {as_date(r[0].value): r for r in ws.iter_rows(min_row=TURNUS_HEADER_ROWS + 1)}
    christmas = by_date[date(2027, 12, 25)]
    assert christmas[3].value == "Høytid: Første juledag"
    # påskeaften is høytid though no public holiday: named all the same
    assert by_date[date(2027, 3, 27)][3].value == "Høytid: Påskeaften"
    assert by_date[date(2027, 5, 1)][3].value == "Arbeidernes dag"  # a holiday, not høytid
    assert christmas[0].fill.fgColor.rgb.endswith("F8D7DA")
    saturday = by_date[date(2027, 1, 9)]
    assert saturday[0].fill.fgColor.rgb.endswith("E4E4E4")
    monday = by_date[date(2027, 1, 4)]
    assert monday[0].fill.fgColor.rgb in (None, "00000000")


def test_each_doctor_has_one_fill_colour(exported):
    source, path = exported["interkommunal"]
    ws = openpyxl.load_workbook(path)[SHEET_TURNUS]
    colours: dict[str, set[str]] = {}
    for row in ws.iter_rows(min_row=TURNUS_HEADER_ROWS + 1, min_col=FIXED + 1):
        for cell in row:
            if cell.value and cell.value != "LEDIG":
                colours.setdefault(cell.value, set()).add(cell.fill.fgColor.rgb)
    assert all(len(c) == 1 for c in colours.values())
    assert len({next(iter(c)) for c in colours.values()}) == len(colours)  # 14 doctors, 14 colours


def test_formula_like_names_stay_text(tmp_path):
    source = sample_source("liten-kommune")
    tricky = ['=HYPERLINK("http://x")', "+47 Hansen", "-Ola", "@Kari"]
    doctors = tuple(
        type(d)(**{**d.__dict__, "name": tricky[i]}) if i < len(tricky) else d
        for i, d in enumerate(source.problem.doctors)
    )
    source.problem = type(source.problem)(**{**source.problem.__dict__, "doctors": doctors})
    path = export_xlsx(source, tmp_path / "tricky.xlsx")
    wb = openpyxl.load_workbook(path)
    found = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if cell.value in tricky:
                    assert cell.quotePrefix
                    found.add(cell.value)
    assert found == set(tricky)
    cal = calamine_rows(path, SHEET_PER_DOCTOR)
    assert set(tricky) <= {r[0] for r in cal}


def test_vacant_slots_show_ledig(tmp_path):
    source = sample_source("liten-kommune")
    source.rota = handmade_rota(source.problem, leave_vacant=5)
    path = export_xlsx(source, tmp_path / "ledig.xlsx")
    rows = calamine_rows(path, SHEET_TURNUS)
    vacant = sum(1 for r in rows for v in r if v == "LEDIG")
    assert vacant == len(source.problem.shifts) // 5
    assert turnus_assignments(rows, source) == expected(source)


def test_load_sheet_numbers_chart_and_rules(exported):
    source, path = exported["stor-legevakt"]
    ws = openpyxl.load_workbook(path)[SHEET_LOAD]
    header = [c.value for c in ws[4]]
    assert header[0] == "Lege" and "Total arbeidstid per uke" in header
    body = list(ws.iter_rows(min_row=5, max_row=4 + len(source.problem.doctors), values_only=True))
    assert [r[0] for r in body] == [d.name for d in source.problem.doctors]
    for r in body:
        assert all(isinstance(v, int | float) for v in r[3:10])
    from legevakt_app.export.report_sheets import TOTAL_COLUMN

    references = [ws.cell(r, TOTAL_COLUMN).value for r in range(1, ws.max_row + 1)]
    for figure in (37.5, 49.0, 55.6, 68.0):
        assert figure in references
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert any(">68" in f for f in rules) and any("<4" in f for f in rules)
    assert len(ws._charts) == 1


def test_about_sheet(exported):
    source, path = exported["interkommunal"]
    rows = dict(
        (r[0], r[1])
        for r in openpyxl_rows(path, SHEET_ABOUT)
        if r[0] is not None and r[1] is not None
    )
    assert rows["Programversjon"] == f"Legevakt {__version__}"
    # the rule in words, never its code; numbers agree with their nouns
    assert rows["Kompetanseregel"] != source.competence_rule
    assert source.competence_rule not in rows.values()
    assert rows["Spredning"] == "maks 1 vakt per 4 døgn (ønsket)"
    assert isinstance(rows["Generert"], datetime)
    assert rows["Minste hvile mellom arbeidsøkter (timer)"] == 8.0
    assert "Løsningsstatus" in rows
    # the hand-made rota of these tests keeps not every rule: the workbook says how many
    from solver.checker import check

    breaks = check(source.problem, source.rota)
    assert breaks and rows["Brudd på harde regler"].startswith(
        f"{len(breaks)} — {breaks[0].rule_name}: {breaks[0].message}")


def test_about_sheet_names_holes_in_the_cover(tmp_path, exported):
    """Weekend vakttyper with no vakt on a holiday leave Easter without a doctor: «Om
    turnusen» says so beside the rule breaks (it said only «ingen (kontrollert)»)."""
    _source, path = exported["interkommunal"]
    rows = {r[0]: r[1] for r in openpyxl_rows(path, SHEET_ABOUT) if r[0] is not None}
    assert rows["Hull i dekningen"] == "ingen"
    project = load_project(SAMPLES["liten-kommune"])
    for t in project.templates:
        if t.id.startswith("helg"):
            t.holiday_policy = "skip"
    source = source_from_project(project)
    source.rota = handmade_rota(source.problem)
    rows = {r[0]: r[1] for r in openpyxl_rows(export_xlsx(source, tmp_path / "hull.xlsx"),
                                              SHEET_ABOUT) if r[0] is not None}
    assert rows["Hull i dekningen"].startswith("Hull i dekningen: 8 dager mangler vakt")
    assert "25.03 (Skjærtorsdag): ingen vakt dag, kveld eller natt" in rows["Hull i dekningen"]


def test_about_sheet_lists_the_exceptions_under_the_spacing_rules(tmp_path):
    """«Unntak fra vakthyppigheten» stand under the period's own spacing rows, by name when the
    workbook is made from the project, by dates alone from a result file (which has no names)."""
    from legevakt_app.domain import FrequencyLimit, RuleException
    from legevakt_app.rota_source import (
        result_document,
        source_from_project,
        source_from_result_document,
    )
    from tests.conftest import SAMPLES

    project = load_project(SAMPLES["interkommunal"])
    project.rules.exceptions = [
        RuleException(name="Pinse", start=date(2027, 5, 14), end=date(2027, 5, 17),
                      max_per_week=FrequencyLimit(value=4, hard=False)),
        RuleException(name="Påske", start=date(2027, 3, 22), end=date(2027, 3, 29),
                      spacing_window_days=3, max_in_window=FrequencyLimit(value=1, hard=True))]
    source = source_from_project(project)
    source.rota = handmade_rota(source.problem)
    rows = [tuple(r[:2]) for r in openpyxl_rows(export_xlsx(source, tmp_path / "p.xlsx"),
                                                SHEET_ABOUT) if r[0]]
    labels = [label for label, _ in rows]
    at = labels.index("Maks vakter på rad")
    assert rows[at + 1:at + 3] == [
        ("Unntak 22.03–29.03 (Påske)", "maks 1 vakt per 3 døgn (3-delt, absolutt)"),
        ("Unntak 14.05–17.05 (Pinse)", "maks 4 vakter per uke (ønsket)")]
    assert rows[labels.index("Spredning")][1] == "maks 1 vakt per 4 døgn (ønsket)"
    from_result = source_from_result_document(result_document(source), "r.json")
    rows = [tuple(r[:2]) for r in openpyxl_rows(export_xlsx(from_result, tmp_path / "r.xlsx"),
                                                SHEET_ABOUT) if r[0]]
    assert ("Unntak 22.03–29.03", "maks 1 vakt per 3 døgn (3-delt, absolutt)") in rows
    assert ("Unntak 14.05–17.05", "maks 4 vakter per uke (ønsket)") in rows


def test_solve_info_is_shown(tmp_path):
    source = sample_source("liten-kommune")
    source.solve_info = {"status": "OPTIMAL", "objective": 1234.0, "bound": 1200.5}
    rows = dict(
        (r[0], r[1])
        for r in calamine_rows(export_xlsx(source, tmp_path / "s.xlsx"), SHEET_ABOUT)
        if r and r[0]
    )
    assert rows["Løsningsstatus"] == "bevist best mulig innen 1 %"  # in words, not as a key
    assert rows["Største belastning per andel i turnusen (vektede timer, lavere er bedre)"] == 1234.0
    assert rows["Bevist nedre grense for største belastning per andel"] == 1200.5


def test_solve_info_of_a_result_file_reads_as_norwegian(tmp_path):
    """What ``legevakt solve --out`` stores (levels, times, the analytic bound) is shown with
    Norwegian labels and numbers as numbers, never as a Python list or English keys."""
    source = sample_source("liten-kommune")
    source.solve_info = {
        "status": "feasible",
        "objective": 476.0085,
        "bound": 378.5391,
        "perfect_fairness_bound": 378.53905829940857,
        "seconds": 20.344,
        "seconds_to_first_feasible": 9.9025,
        "levels": [{"name": "fairness", "title": "Største belastning per andel",
                    "value": 476.0085, "bound": 378.5391, "status": "feasible"}],
    }  # fmt: skip
    ws = openpyxl.load_workbook(export_xlsx(source, tmp_path / "s.xlsx"))[SHEET_ABOUT]
    cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=3) if r[0].value}
    text = " ".join(str(k) + " " + str(c.value) for k, c in cells.items())
    for raw in ("[{", "'name'", "perfect_fairness_bound", "seconds", "levels", "feasible"):
        assert raw not in text
    assert cells["Løsningsstatus"].value.startswith("gyldig, men ikke bevist best mulig")
    assert cells["Nivå 1: Største belastning per andel"].value == 476.0085
    assert cells["Nivå 1: nedre grense"].value == 378.5391
    assert cells["Grense for helt rettferdig fordeling"].value == pytest.approx(378.539, abs=1e-3)
    assert cells["Løsetid (sekunder)"].value == 20.344
    assert cells["Tid til første gyldige turnus (sekunder)"].value == 9.9025
    gap = cells["Turnusen over den beviste nedre grensen"]
    assert gap.value == pytest.approx((476.0085 - 378.5391) / 378.5391)
    assert gap.number_format == "0.0%"


def test_long_text_wraps_in_tall_enough_rows(exported):
    """Terskel and Om turnusen: text longer than its column wraps, and the row is made
    taller (spreadsheets do not do it when opening the file; the text would cover the rows
    below). The print width stays within a portrait page."""
    source, path = exported["interkommunal"]
    wb = openpyxl.load_workbook(path)
    for sheet in (SHEET_THRESHOLD, SHEET_ABOUT):
        ws = wb[sheet]
        width = ws.column_dimensions["B"].width
        assert ws.column_dimensions["A"].width + width <= 110
        long_cells = [r[1] for r in ws.iter_rows(min_row=3)
                      if isinstance(r[1].value, str) and len(r[1].value) > width * 1.2]  # fmt: skip
        if sheet == SHEET_THRESHOLD:
            assert long_cells, "the verdict is longer than one line"
        for cell in long_cells:
            assert cell.alignment.wrap_text
            height = ws.row_dimensions[cell.row].height
            assert height is not None and height >= 15 * len(cell.value) / (width * 1.2)


def test_turnus_notes_fit_on_one_line(exported):
    """Holiday notes (høytid) are not wrapped: the Merknad column is as wide as the longest
    note, or the note shrinks to fit; a wrapped note would overlap the next days."""
    _source, path = exported["stor-legevakt"]
    ws = openpyxl.load_workbook(path)[SHEET_TURNUS]
    notes = [r[3] for r in ws.iter_rows(min_row=TURNUS_HEADER_ROWS + 1) if r[3].value]
    assert any(n.value.startswith("Høytid: ") for n in notes)
    width = ws.column_dimensions["D"].width
    for note in notes:
        assert not note.alignment.wrap_text
        assert len(note.value) <= width or note.alignment.shrink_to_fit


def test_load_headers_are_not_cut_inside_words(exported):
    _source, path = exported["liten-kommune"]
    ws = openpyxl.load_workbook(path)[SHEET_LOAD]
    for cell in ws[4]:
        if cell.value:
            longest = max(len(w) for w in cell.value.split())
            assert ws.column_dimensions[cell.column_letter].width >= longest + 1, cell.value


def test_per_lege_sum_says_one_bakvakt_not_one_bakvakter(tmp_path):
    source = sample_source("liten-kommune")
    doctor = source.problem.doctors[0].id
    shifts = source.problem.shifts
    source.rota = Rota([Assignment(shifts[0].id, doctor), Assignment(shifts[3].id, doctor),
                        Assignment(shifts[6].id, doctor, "bakvakt")])  # fmt: skip
    rows = calamine_rows(export_xlsx(source, tmp_path / "one.xlsx"), SHEET_PER_DOCTOR)
    sums = [r[0] for r in rows if str(r[0]).startswith("Sum:")]
    assert sums[0].startswith("Sum: 2 vakter (") and sums[0].endswith(", 1 bakvakt")
    mine = (shifts[0], shifts[3])
    nights, weekends, holidays = (sum(1 for s in mine if getattr(s, flag))
                                  for flag in ("night", "weekend", "holiday"))
    assert nights == 2 and weekends == 0 and holidays == 0  # two weekday døgnvakter
    assert sums[0] == ("Sum: 2 vakter (2 nattevakter, 0 vakter i helg, 0 helligdagsvakter), "
                       "1 bakvakt")
    assert "Ingen vakter i perioden" in [r[0] for r in rows]


def test_empty_rota_still_exports(tmp_path):
    source = sample_source("liten-kommune")
    source.rota = Rota([])
    path = export_xlsx(source, tmp_path / "empty.xlsx")
    rows = calamine_rows(path, SHEET_TURNUS)
    assert sum(1 for r in rows for v in r if v == "LEDIG") == len(source.problem.shifts)


def test_unknown_shift_in_rota_is_left_out_and_counted(tmp_path):
    source = sample_source("liten-kommune")
    doc = source.problem.doctors[0].id
    source.rota = Rota([*source.rota.assignments, Assignment("nope@2027-01-01", doc)])
    rows = dict(
        (r[0], r[1])
        for r in calamine_rows(export_xlsx(source, tmp_path / "u.xlsx"), SHEET_ABOUT)
        if r and r[0]
    )
    assert rows["Tildelinger til ukjente vakter (utelatt)"] == 1


def test_workbook_says_nothing_about_fritak(exported):
    """stor-legevakt has fritak for age (over 55) and another right: the workbook shows neither
    the word nor the category anywhere, on any sheet (privacy: only the rota leaves)."""
    import re

    from legevakt_app.domain import EXEMPTION_CATEGORY_LABELS

    source, path = exported["stor-legevakt"]
    assert source.project is not None
    categories = {e.category for d in source.project.doctors for e in d.exemptions}
    assert {"over_55", "right"} <= categories
    words = ["fritak", "over 55", "over_55", "gravid", "ammer", "innvilget", "pregnancy"]
    words += [label.lower() for label in EXEMPTION_CATEGORY_LABELS.values()]
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words))
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python():
            for value in row:
                assert not pattern.search(str(value).lower()), (name, value)


def test_a_wide_district_prints_readably_and_every_per_lege_row_names_its_doctor(exported):
    """stor-legevakt's 17 calendar columns squeezed onto one A4 page printed at under 4 pt; it
    now prints two pages across (the dates repeat), a small district still one. A Per lege
    page that continues a list names the doctor on every row."""
    from legevakt_app.export.xlsx import pages_across

    widths = {}
    for name in ("liten-kommune", "stor-legevakt"):
        ws = openpyxl.load_workbook(exported[name][1])[SHEET_TURNUS]
        total = sum(ws.column_dimensions[get_column_letter(c)].width
                    for c in range(1, ws.max_column + 1))
        widths[name] = (ws.page_setup.fitToWidth, total)
        assert ws.page_setup.fitToWidth == pages_across(total)
    assert widths["liten-kommune"][0] == 1 and widths["stor-legevakt"][0] >= 2
    # the pages across end where a vakttype ends (its header is not cut in two), print one
    # week's pages one after the other, and repeat date, weekday and week
    ws = openpyxl.load_workbook(exported["stor-legevakt"][1])[SHEET_TURNUS]
    starts = {r.min_col for r in ws.merged_cells.ranges if r.min_row == 2}
    starts |= {c for c in range(5, ws.max_column + 1) if ws.cell(2, c).value}
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks and all(b + 1 in starts for b in breaks)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 55 <= ws.page_setup.scale <= 100
    assert ws.page_setup.pageOrder == "overThenDown" and ws.print_title_cols == "$A:$C"
    source, path = exported["interkommunal"]
    rows = openpyxl_rows(path, SHEET_PER_DOCTOR)
    lege = rows[0].index("Lege")
    names = set(source.problem.doctors[i].name for i in range(len(source.problem.doctors)))
    block = None
    for row in rows[1:]:
        if isinstance(row[0], str) and row[0] in names:
            block = row[0]
        elif row[0] is not None and not str(row[0]).startswith(("Sum:", "Ingen vakter")):
            assert row[lege] == block


def test_a_vakt_over_several_days_says_its_days_in_the_header():
    from legevakt_app.export.layout import clock_text

    friday = datetime(2027, 1, 8, 16, tzinfo=OSLO)
    assert clock_text(friday, datetime(2027, 1, 9, 8, tzinfo=OSLO)) == "16–08"
    # a helgevakt Fri 16 – Mon 08 (64 t) is not «16–08»
    assert clock_text(friday, datetime(2027, 1, 11, 8, tzinfo=OSLO)) == "fre 16–man 08"
    # a døgn across the autumn DST change (25 t) is still a døgn
    autumn = datetime(2026, 10, 24, 8, tzinfo=OSLO)
    assert clock_text(autumn, datetime(2026, 10, 25, 8, tzinfo=OSLO)) == "08–08"


def _load_sheet(source: RotaSource, tmp_path: Path):  # type: ignore[no-untyped-def]
    from legevakt_app.export.xlsx import export_xlsx

    path = export_xlsx(source, tmp_path / "b.xlsx")
    ws = openpyxl.load_workbook(path)[SHEET_LOAD]
    header = [c.value for c in ws[4]]
    rows = [dict(zip(header, r, strict=True))
            for r in ws.iter_rows(min_row=5, max_row=4 + len(source.problem.doctors),
                                  values_only=True)]
    return ws, rows


def test_the_load_sheet_adds_up_as_its_subtitle_says(exported, tmp_path):
    """«Total arbeidstid» is the practice hours worked (holidays, absence and the practice days
    lost to vakt taken out) plus the duty hours, both per week at work, in columns of their
    own, as the subtitle says: each rounded from its own value, so the parts may add up to
    0,1 more or less than the total (the subtitle says that too)."""
    source, _path = exported["liten-kommune"]
    ws, rows = _load_sheet(source, tmp_path)
    assert "Total arbeidstid per uke = praksistimer arbeidet per uke + vakt- og bakvakttimer " \
           "per uke" in ws["A2"].value
    assert "de viste delene kan summere til 0,1 mer eller mindre enn uken" in ws["A2"].value
    from legevakt_app.reports import workload_report

    report = {d.name: d for d in workload_report(source).doctors}
    for r in rows:
        assert r["Total arbeidstid per uke"] == round(report[r["Lege"]].estimated_total_week, 1)
        assert r["Total arbeidstid per uke"] == pytest.approx(
            r["Praksistimer arbeidet per uke"] + r["Vakt- og bakvakttimer per uke"], abs=0.1001)
        assert r["Praksistimer arbeidet per uke"] == pytest.approx(
            r["Praksisdager arbeidet"] * r["Praksistimer per uke (avtalt)"] / 5
            / r["Uker på jobb"], abs=0.05)
        assert r["Vakt- og bakvakttimer per uke"] == pytest.approx(
            r["Vakt- og bakvakttimer i perioden"] / r["Uker på jobb"], abs=0.05)
    assert any(r["Praksisdager tapt til vakt"] for r in rows)
    assert all(r["Aml.: verste 7 dager (ekv.)"] >= r["Aml.: verste snitt 8 uker (ekv.)"]
               for r in rows)
    # nights, weekends, holidays and høytid per doctor as numbers, as the report counts them
    from legevakt_app.reports import workload_report

    report = {d.name: d for d in workload_report(source).doctors}
    for r in rows:
        d = report[r["Lege"]]
        assert (r["Nattevakter"], r["Helger med vakt"], r["Helligdager med vakt"],
                r["Høytidsdager med vakt"]) == (d.nights, d.weekends, d.holidays, d.high_days)
    assert any(r["Nattevakter"] for r in rows) and any(r["Høytidsdager med vakt"] for r in rows)


def test_a_ratio_below_firedelt_is_never_shown_as_four(tmp_path):
    """24 vakter in 95 days are 1:3,958: the cell says 3,96 (two decimals), not a «4,0»
    coloured «mindre enn firedelt», and the colour follows the report's judgement."""
    from dataclasses import replace

    from legevakt_app.export.report_sheets import RATIO_COLUMN, SPACING_COLUMN
    from legevakt_app.reports import workload_report
    from legevakt_app.wording import ratio_value
    from tests.reports.conftest import dogn_source

    source = dogn_source(4, days=95)
    # Lege 1 swaps day 4 with Lege 2's day 5: still 24 vakter, two of them 3 days apart
    shift_ids = [s.id for s in source.problem.shifts]
    swap = {shift_ids[4]: "d2", shift_ids[5]: "d1"}
    source = replace(source, rota=Rota([Assignment(a.shift_id, swap.get(a.shift_id, a.doctor_id))
                                        for a in source.rota.assignments]))
    d1 = workload_report(source).doctor("d1")
    assert d1.rotation_ratio == pytest.approx(95 / 24) and d1.below(4)
    ws, rows = _load_sheet(source, tmp_path)
    cell = ws.cell(5, RATIO_COLUMN)
    assert cell.value == 3.96 and cell.number_format == "0.00"
    assert ws.cell(5, SPACING_COLUMN).value == 3
    [rule] = [r for cf in ws.conditional_formatting for r in cf.rules
              if get_column_letter(RATIO_COLUMN) + "5<4" in r.formula[0]]
    assert get_column_letter(SPACING_COLUMN) + "5<4" in rule.formula[0]
    assert ratio_value(3.997) == 3.99 and ratio_value(4.004) == 4.0


def test_terskel_names_its_tightest_and_the_close_stretches(exported):
    """The Terskel sheet says which «tettest» it means (the ordinary share, as the verdict),
    and counts the doctors with stretches closer than 1:4 apart from those below on
    average."""
    from legevakt_app.reports import threshold_report

    source, path = exported["stor-legevakt"]
    rows = {r[0]: r[1] for r in openpyxl_rows(path, SHEET_THRESHOLD) if r[0]}
    t = threshold_report(source)
    assert rows["Tettest i snitt, vanlig vaktandel (1:N)"] == pytest.approx(
        t.worst_ordinary_ratio, abs=0.005)
    assert f"1:{rows['Tettest i snitt, vanlig vaktandel (1:N)']:.1f}".replace(".", ",") \
        in rows["Vurdering"]
    assert rows["Leger med vanlig vaktandel under 1:4 i snitt"] == t.doctors_below
    assert rows["Leger med perioder tettere enn 1:4"] == len(t.ordinary_with_tight_spans)
    assert "Effektivt N (andelsvektet)" in rows and "Tetteste vakt (1:N)" not in rows


def test_per_lege_says_a_bakvakt_is_hjemmevakt(exported):
    """Stor-legevakt's shifts are tilstedevakt; their bakvakt is on call from home."""
    source, path = exported["stor-legevakt"]
    rows = [r for r in openpyxl_rows(path, SHEET_PER_DOCTOR)[1:] if r[8] in ("Vakt", "Bakvakt")]
    assert {r[9] for r in rows if r[8] == "Bakvakt"} == {"Hjemmevakt"}
    assert {r[9] for r in rows if r[8] == "Vakt"} == {"Tilstedevakt"}


def _about_rows(tmp_path, status: str, levels: list[tuple]) -> dict:
    """«Om turnusen» of liten-kommune's workbook, as label -> value, for a solve with
    ``levels`` (name, title, value, bound, status)."""
    source = sample_source("liten-kommune")
    source.solve_info = {
        "status": status, "objective": levels[0][2], "bound": 1084.5,
        "levels": [{"name": n, "title": t, "value": v, "bound": b, "status": st}
                   for n, t, v, b, st in levels]}
    ws = openpyxl.load_workbook(export_xlsx(source, tmp_path / "s.xlsx"))[SHEET_ABOUT]
    return {r[0].value: r[1].value for r in ws.iter_rows(min_row=3) if r[0].value}


def test_an_optimal_solve_says_what_is_proven(tmp_path):
    """Level 1 (fairness) is proven only within its 1 % step: the workbook and the command
    line say so, as the app does («bevist innen 1 %»), not «bevist best mulig» outright."""
    from legevakt_app.wording import STATUS, level_status

    cells = _about_rows(tmp_path, "optimal", [
        ("fairness", "Største belastning per andel", 1104.08, 1093.98, "optimal"),
        ("balance", "Jevn fordeling", 27070, 27070, "optimal")])
    assert cells["Løsningsstatus"] == STATUS["optimal"]
    assert "innen 1 %" in cells["Løsningsstatus"]
    assert cells["Nivå 1: status"] == "bevist innen 1 %"
    assert cells["Nivå 2: status"] == "bevist optimal"
    assert level_status("fairness", "optimal") == "bevist innen 1 %"  # the CLI's level line
    assert not [v for v in cells.values() if isinstance(v, str) and "(bevist best mulig)" in v]


def fills_by_name(path: Path) -> dict[str, str]:
    """Doctor name → the fill of their cells in the Turnus sheet."""
    ws = openpyxl.load_workbook(path)[SHEET_TURNUS]
    return {cell.value: cell.fill.fgColor.rgb
            for row in ws.iter_rows(min_row=TURNUS_HEADER_ROWS + 1, min_col=FIXED + 1)
            for cell in row if cell.value and cell.value != "LEDIG"}


def test_removing_a_doctor_leaves_every_other_doctors_colour(exported, tmp_path):
    from legevakt_app.rota_source import source_from_project
    from tests.conftest import SAMPLES

    _source, path = exported["interkommunal"]
    before = fills_by_name(path)
    project = load_project(SAMPLES["interkommunal"])
    gone = project.doctors.pop(2)
    smaller = source_from_project(project)
    smaller.rota = handmade_rota(smaller.problem)
    after = fills_by_name(export_xlsx(smaller, tmp_path / "uten-en-lege.xlsx"))
    assert gone.name in before and gone.name not in after
    assert len(after) == len(before) - 1
    assert after == {name: before[name] for name in after}


def test_no_two_doctors_share_a_colour_even_when_their_ids_would():
    from legevakt_app.export.layout import doctor_colours

    ids = ["lege1", "kari-1", "lege01", "ola-nordmann", "per", "lege2", *(f"d{i}" for i in range(60))]
    colours = doctor_colours(ids)
    assert len(set(colours.values())) == len(ids)
    assert doctor_colours(list(reversed(ids))) == colours  # the list's order plays no part
    fewer = doctor_colours([i for i in ids if i != "ola-nordmann"])
    assert fewer == {i: colours[i] for i in fewer}


def test_the_levels_are_numbered_as_the_command_line_numbers_them(tmp_path):
    """The sharing of what nobody can avoid is part of level 2 and the wishes are level 3, as
    «legevakt solve» prints them («nivå 2 det ingen kan unngå», «nivå 3 legenes ønsker»)."""
    cells = _about_rows(tmp_path, "feasible", [
        ("fairness", "Største belastning per andel", 1104.08, 1093.98, "optimal"),
        ("balance", "Jevn fordeling", 26360, 26100, "feasible"),
        ("sharing", "Delt jevnt", 2, 0, "feasible"),
        ("wishes", "Uoppfylte ønsker", 0, 0, "optimal")])
    assert cells["Nivå 2: Jevn fordeling"] == 26360 and cells["Nivå 2: nedre grense"] == 26100
    assert cells["Nivå 2, deling: Delt jevnt"] == 2
    assert cells["Nivå 2, deling: nedre grense"] == 0
    assert cells["Nivå 3: Uoppfylte ønsker"] == 0 and cells["Nivå 3: status"] == "bevist optimal"
    assert not [k for k in cells if str(k).startswith("Nivå 4")]


def test_terskel_says_how_many_doctors_firedelt_needs(tmp_path):
    """A small kommune sends the workbook to show it is under the four-doctor threshold: the
    Terskel sheet says how many more doctors 1:4 takes. Without the engine's answer it gives
    the count of duty days and how to get the engine's; with it, the engine's, as the report
    words it."""
    from legevakt_app.reports import doctors_needed
    from tests.reports.conftest import dogn_source

    label = "Leger som trengs for firedelt vakt (1:4)"
    source = dogn_source(3)  # a døgnvakt every day, three doctors: 1:3
    counted = export_xlsx(source, tmp_path / "opptalt.xlsx")
    said = {r[0]: r[1] for r in openpyxl_rows(counted, SHEET_THRESHOLD) if r[0]}[label]
    assert "minst 1 lege til (opptelling av vaktdøgn)" in said
    assert "legevakt export --need" in said and "sjekket med motoren" not in said

    source.doctors_needed = doctors_needed(source, 4, time_limit=10)
    checked = export_xlsx(source, tmp_path / "sjekket.xlsx")
    said = {r[0]: r[1] for r in openpyxl_rows(checked, SHEET_THRESHOLD) if r[0]}[label]
    assert said.startswith("For 1:4 trengs nøyaktig 1 lege til (sjekket med motoren")
    assert "legevakt export --need" not in said


def test_a_helgevakt_shows_on_the_weekend_days_it_runs_through(tmp_path):
    """A helgevakt fre 16 – man 08: Friday's row has the doctor; Saturday's and Sunday's say
    «↳ » and the same doctor in grey italics (the same vakt, not one more), where they were
    blank and read as nobody on duty (QA audit)."""
    from tests.export.conftest import helgevakt_source

    source = helgevakt_source()
    path = export_xlsx(source, tmp_path / "helg.xlsx")
    ws = openpyxl.load_workbook(path)[SHEET_TURNUS]
    header = [c.value for c in ws[2]]
    column = next(i for i, v in enumerate(header) if v and str(v).startswith("Helgevakt")) + 1
    rows = {ws.cell(r, 1).value.date(): r for r in range(TURNUS_HEADER_ROWS + 1, ws.max_row + 1)
            if ws.cell(r, 1).value is not None}
    names = {d.id: d.name for d in source.problem.doctors}
    holder = {a.shift_id: names[a.doctor_id] for a in source.rota.assignments if a.role == "vakt"}
    for friday in (date(2027, 1, 8), date(2027, 3, 26), date(2027, 6, 25)):
        name = holder[f"helg@{friday.isoformat()}"]
        assert ws.cell(rows[friday], column).value == name
        for later in (1, 2):
            cell = ws.cell(rows[friday + timedelta(days=later)], column)
            assert cell.value == f"↳ {name}" and cell.font.i
        assert ws.cell(rows[friday + timedelta(days=3)], column).value is None  # Monday
