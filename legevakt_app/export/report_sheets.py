"""The *Belastning*, *Rettferdighet* and *Terskel* sheets: workload against the expert-group
figures, each doctor's fair share and load per share, and the four-doctor threshold verdict.

The figures per doctor are gathered in :mod:`legevakt_app.export.report_data`
(:func:`load_rows` / :func:`threshold_rows`, shared with the PDF); the sheet writers only
format them (numbers as numbers, conditional formatting, a native bar chart).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from legevakt_app.export.layout import RotaLayout
from legevakt_app.export.report_data import (
    AML_INDEXES,
    FAIRNESS_COLUMNS,
    FAIRNESS_SHEET_SUBTITLE,
    FAIRNESS_TEXT_COLUMNS,
    FAIRNESS_TITLE,
    FIREDELT,
    HOURS_FORMAT,
    LIMIT_HOURS,
    LOAD_COLUMNS,
    LOAD_TITLE,
    RATIO_INDEX,
    REFERENCE_FIGURES,
    REFERENCE_TITLE,
    SCENARIO_COLUMNS,
    SCENARIO_TEXT_COLUMNS,
    SCENARIO_TITLE,
    SPACING_INDEX,
    THRESHOLD_FLOAT_FORMAT,
    THRESHOLD_SUBTITLE,
    THRESHOLD_TITLE,
    TOTAL_INDEX,
    LoadRow,
    fairness_formats,
    fairness_notes,
    fairness_subtitle,
    fairness_table,
    load_legend,
    load_rows,
    load_subtitle,
    load_values,
    scenario_notes,
    scenario_subtitle,
    scenario_values,
    threshold_rows,
    week_long_rota,
)
from legevakt_app.export.xlsx import (
    BOLD,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    LINE_HEIGHT,
    TITLE_FONT,
    WRAP,
    _key_values,
    _lines,
    _print_setup,
    put,
)
from legevakt_app.reports.figures import AML_AVERAGE_LIMIT, AML_WEEK_LIMIT
from legevakt_app.reports.scenarios import ScenarioComparison
from legevakt_app.rota_source import RotaSource

__all__ = ["LOAD_COLUMNS", "LoadRow", "load_rows", "threshold_rows", "write_fairness",
           "write_load", "write_scenarios", "write_threshold"]

OVER_LIMIT_FILL = PatternFill("solid", fgColor="FFC7CE")
OVER_LIMIT_FONT = Font(color="9C0006", bold=True)
TIGHT_FILL = PatternFill("solid", fgColor="FFEB9C")
TIGHT_FONT = Font(color="9C5700", bold=True)
AML_FILL = PatternFill("solid", fgColor="FCE4D6")
AML_FONT = Font(color="833C0B", bold=True)


DUTY_WEEK_COLUMN = 8
PRACTICE_WORKED_COLUMN = 13
TOTAL_COLUMN = TOTAL_INDEX + 1  # the sheet's columns count from 1
RATIO_COLUMN = RATIO_INDEX + 1
SPACING_COLUMN = SPACING_INDEX + 1
AML_COLUMNS = tuple(i + 1 for i in AML_INDEXES)


def write_load(ws: Worksheet, source: RotaSource, layout: RotaLayout) -> None:
    rows = load_rows(source, layout)
    put(ws.cell(1, 1), LOAD_TITLE).font = TITLE_FONT
    put(ws.cell(2, 1), load_subtitle(layout))
    header = 4
    for c, (title, _fmt, width) in enumerate(LOAD_COLUMNS, start=1):
        cell = put(ws.cell(header, c), title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = CENTER
        # The header wraps at spaces; its longest word (bold) must fit, or it is cut mid-word.
        longest = max(len(word) for word in title.split()) * 1.1 + 2
        ws.column_dimensions[get_column_letter(c)].width = max(width, longest)
    ws.row_dimensions[header].height = 60
    first = header + 1
    for i, r in enumerate(rows):
        values = load_values(r)
        for c, value in enumerate(values, start=1):
            fmt = LOAD_COLUMNS[c - 1][1]
            put(ws.cell(first + i, c), value, fmt)
    last = first + max(len(rows), 1) - 1
    total_letter = get_column_letter(TOTAL_COLUMN)
    ratio_letter = get_column_letter(RATIO_COLUMN)
    spacing_letter = get_column_letter(SPACING_COLUMN)
    ws.conditional_formatting.add(
        f"{total_letter}{first}:{total_letter}{last}",
        FormulaRule(formula=[f"{total_letter}{first}>{LIMIT_HOURS}"], fill=OVER_LIMIT_FILL,
                    font=OVER_LIMIT_FONT),
    )  # fmt: skip
    # mindre enn firedelt as the report judges it: below 1:4 on average, and two vakter
    # somewhere closer than 4 days (weeks) — evenly every 4th day is firedelt at the edges too
    ws.conditional_formatting.add(
        f"{ratio_letter}{first}:{ratio_letter}{last}",
        FormulaRule(
            formula=[f"AND(ISNUMBER({ratio_letter}{first}),{ratio_letter}{first}<{FIREDELT:g},"
                     f"ISNUMBER({spacing_letter}{first}),{spacing_letter}{first}<{FIREDELT:g})"],
            fill=TIGHT_FILL,
            font=TIGHT_FONT,
        ),
    )
    for column, limit in zip(AML_COLUMNS, (AML_AVERAGE_LIMIT, AML_WEEK_LIMIT), strict=True):
        letter = get_column_letter(column)
        ws.conditional_formatting.add(
            f"{letter}{first}:{letter}{last}",
            FormulaRule(formula=[f"{letter}{first}>{limit:g}"], fill=AML_FILL, font=AML_FONT),
        )

    ref_row = last + 2
    put(ws.cell(ref_row, 1), REFERENCE_TITLE).font = BOLD
    for i, (label, value) in enumerate(REFERENCE_FIGURES, start=1):
        put(ws.cell(ref_row + i, 1), label)
        put(ws.cell(ref_row + i, TOTAL_COLUMN), value, HOURS_FORMAT)
    legend = ref_row + len(REFERENCE_FIGURES) + 2
    lines = load_legend(week_long_rota(source))
    for i, line in enumerate(lines):
        put(ws.cell(legend + i, 1), line)

    if rows:
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.gapWidth = 40
        chart.title = "Total arbeidstid per uke (timer)"
        chart.y_axis.title = "timer per uke"
        chart.x_axis.title = None
        data = Reference(ws, min_col=TOTAL_COLUMN, min_row=header, max_row=last)
        cats = Reference(ws, min_col=1, min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.legend = None
        chart.x_axis.scaling.orientation = "maxMin"  # first doctor at the top
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        chart.height = max(7.5, 0.5 * len(rows) + 2)
        chart.width = 18
        ws.add_chart(chart, f"{get_column_letter(len(LOAD_COLUMNS) + 2)}{header}")
    ws.freeze_panes = ws.cell(first, 2)
    _print_setup(ws, "Belastning", layout)
    ws.print_title_rows = f"{header}:{header}"


def _header_row(ws: Worksheet, row: int, columns: Sequence[tuple[str, Any, float]]) -> list[float]:
    """A table's header cells on ``row``, each column at least its given width and as wide
    as its longest word in bold (not cut); returns the widths."""
    widths = []
    for c, (title, _fmt, width) in enumerate(columns, start=1):
        cell = put(ws.cell(row, c), title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = CENTER
        longest = max(len(word) for word in title.split()) * 1.25 + 2  # bold, not cut
        widths.append(max(width, longest))
        ws.column_dimensions[get_column_letter(c)].width = widths[-1]
    return widths


def _notes_under(ws: Worksheet, first_row: int, lines: Sequence[str], columns: int,
                 table_width: float) -> None:
    """``lines`` from ``first_row`` down, each across the table's ``columns`` and wrapped to
    its width, the first in bold."""
    for i, line in enumerate(lines):
        row = first_row + i
        cell = put(ws.cell(row, 1), line)
        cell.alignment = WRAP
        if i == 0:
            cell.font = BOLD
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        ws.row_dimensions[row].height = LINE_HEIGHT * _lines(line, table_width)


def write_fairness(ws: Worksheet, source: RotaSource, layout: RotaLayout) -> None:
    """«Rettferdighet per lege» (legevakt_app.reports.fairness): numbers as numbers, each
    fair band as text beside its count, a count outside its band red; the worst-off doctor
    and the definitions under the table, wrapped to the table's width."""
    report, rows = fairness_table(source, layout)
    put(ws.cell(1, 1), f"{FAIRNESS_TITLE} ({FAIRNESS_SHEET_SUBTITLE})").font = TITLE_FONT
    put(ws.cell(2, 1), fairness_subtitle(layout))
    header = 4
    widths = _header_row(ws, header, FAIRNESS_COLUMNS)
    ws.row_dimensions[header].height = 45
    first = header + 1
    for i, r in enumerate(rows):
        formats = fairness_formats(r.values)  # the vaktandel a percent: «50 %»
        for c, value in enumerate(r.values, start=1):
            cell = put(ws.cell(first + i, c), value, formats[c - 1])
            if c - 1 in r.outside:
                cell.fill = OVER_LIMIT_FILL
                cell.font = OVER_LIMIT_FONT
            if c - 1 not in FAIRNESS_TEXT_COLUMNS and isinstance(value, str):
                # a band, beside its count; centred, so it does not run into the text after it
                cell.alignment = Alignment(horizontal="center")
    last = first + max(len(rows), 1) - 1
    notes = last + 2
    table_width = sum(widths)
    # the first: the worst-off doctor
    _notes_under(ws, notes, fairness_notes(report), len(FAIRNESS_COLUMNS), table_width)
    ws.freeze_panes = ws.cell(first, 2)
    _print_setup(ws, "Rettferdighet", layout)
    ws.print_title_rows = f"{header}:{header}"


def write_threshold(ws: Worksheet, source: RotaSource, layout: RotaLayout) -> None:
    _key_values(
        ws,
        THRESHOLD_TITLE,
        threshold_rows(source, layout),
        subtitle=THRESHOLD_SUBTITLE,
        float_format=THRESHOLD_FLOAT_FORMAT,
    )
    _print_setup(ws, THRESHOLD_TITLE, layout, landscape=False)


def write_scenarios(ws: Worksheet, comparison: ScenarioComparison, layout: RotaLayout) -> None:
    """«Scenarier»: one row per scenario, «Nåværende» first, figures as numbers (their units
    in the headers), the status and the note as text; how the figures were made and what
    each one means under the table, wrapped to its width."""
    put(ws.cell(1, 1), SCENARIO_TITLE).font = TITLE_FONT
    header = 4
    widths = _header_row(ws, header, SCENARIO_COLUMNS)
    ws.row_dimensions[header].height = 60
    table_width = sum(widths)
    subtitle = scenario_subtitle(layout)
    cell = put(ws.cell(2, 1), subtitle)
    cell.alignment = WRAP
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(SCENARIO_COLUMNS))
    ws.row_dimensions[2].height = LINE_HEIGHT * _lines(subtitle, table_width)
    first = header + 1
    for i, result in enumerate(comparison.results):
        row = first + i
        lines = 1
        for c, value in enumerate(scenario_values(result), start=1):
            cell = put(ws.cell(row, c), value, SCENARIO_COLUMNS[c - 1][1])
            if c - 1 in SCENARIO_TEXT_COLUMNS:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                lines = max(lines, _lines(str(value or ""), widths[c - 1]))
            else:
                cell.alignment = Alignment(vertical="top")
        if i == 0:
            ws.cell(row, 1).font = BOLD  # «Nåværende»: what the others are compared with
        ws.row_dimensions[row].height = LINE_HEIGHT * lines
    notes = first + len(comparison.results) + 1
    # the first: how the figures were made
    _notes_under(ws, notes, scenario_notes(comparison), len(SCENARIO_COLUMNS), table_width)
    ws.freeze_panes = ws.cell(first, 2)
    _print_setup(ws, SCENARIO_TITLE, layout)
    ws.print_title_rows = f"{header}:{header}"
