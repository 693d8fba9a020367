"""The *Belastning* and *Terskel* sheets: workload against the expert-group figures, and
the four-doctor threshold verdict.

The figures per doctor are gathered in :func:`load_rows` / :func:`threshold_rows`; the sheet
writers only format them (numbers as numbers, conditional formatting, a native bar chart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from legevakt_app.export.layout import RotaLayout
from legevakt_app.export.xlsx import (
    BOLD,
    CENTER,
    FIREDELT,
    HEADER_FILL,
    HEADER_FONT,
    HOURS_FORMAT,
    LIMIT_HOURS,
    REFERENCE_FIGURES,
    TITLE_FONT,
    _key_values,
    _print_setup,
    put,
)
from legevakt_app.reports.figures import THRESHOLD_SOURCE
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import count

OVER_LIMIT_FILL = PatternFill("solid", fgColor="FFC7CE")
OVER_LIMIT_FONT = Font(color="9C0006", bold=True)
TIGHT_FILL = PatternFill("solid", fgColor="FFEB9C")
TIGHT_FONT = Font(color="9C5700", bold=True)


@dataclass(frozen=True)
class LoadRow:
    """One doctor's workload, hours per week unless said otherwise."""

    name: str
    kind: str
    kommune: str
    vakter: int
    bakvakter: int
    duty_hours: float  # the whole period, raw hours (hjemmevakt in full)
    duty_per_week: float
    equivalent_per_week: float  # hjemmevakt hours × hjemmevakt_factor
    practice_per_week: float
    total_per_week: float  # practice + raw duty, comparable with 68 / 49 / 55.6
    rotation_ratio: float | None  # N in "N-delt": period days per duty day; None: no duty


def load_rows(source: RotaSource, layout: RotaLayout) -> list[LoadRow]:
    """The sheet's rows, taken from the reports package (one calculation for app and sheet)."""
    from legevakt_app.domain import DOCTOR_KIND_LABELS
    from legevakt_app.reports.workload import workload_report

    report = workload_report(source)
    by_id = {d.doctor_id: d for d in report.doctors}
    rows: list[LoadRow] = []
    for doctor_id in layout.doctor_ids:
        d = by_id[doctor_id]
        duty_hours = d.on_site_hours + d.hjemmevakt_hours + d.bakvakt_hours
        rows.append(
            LoadRow(
                name=layout.doctor_names.get(doctor_id, d.name),
                kind=DOCTOR_KIND_LABELS.get(d.kind, d.kind),
                kommune=d.kommune,
                vakter=d.vakter,
                bakvakter=d.bakvakter,
                duty_hours=duty_hours,
                duty_per_week=d.hours_per_week,
                equivalent_per_week=d.equivalent_hours_per_week,
                practice_per_week=d.practice_hours_per_week,
                total_per_week=d.estimated_total_week,
                rotation_ratio=d.rotation_ratio,
            )
        )
    return rows


LOAD_COLUMNS: tuple[tuple[str, str | None, float], ...] = (
    ("Lege", None, 22),
    ("Type", None, 14),
    ("Kommune", None, 14),
    ("Vakter", "0", 8),
    ("Bakvakter", "0", 10),
    ("Vakt- og bakvakttimer i perioden", HOURS_FORMAT, 13),
    ("Vakt- og bakvakttimer per uke", HOURS_FORMAT, 13),
    ("Arbeidstidsekvivalent per uke", HOURS_FORMAT, 13),
    ("Praksistimer per uke", HOURS_FORMAT, 10),
    ("Total arbeidstid per uke", HOURS_FORMAT, 11),
    ("N-delt (1:N)", "0.0", 9),
)
TOTAL_COLUMN = 10
RATIO_COLUMN = 11


def write_load(ws: Worksheet, source: RotaSource, layout: RotaLayout) -> None:
    rows = load_rows(source, layout)
    put(ws.cell(1, 1), "Belastning per lege").font = TITLE_FONT
    put(
        ws.cell(2, 1),
        f"{layout.district_name}, {layout.period_text}. Total arbeidstid = "
        "praksistimer + vakttimer (hjemmevakt regnet fullt), sammenlignbar med 68 / 49 / 55,6 t.",
    )
    header = 4
    for c, (title, _fmt, width) in enumerate(LOAD_COLUMNS, start=1):
        cell = put(ws.cell(header, c), title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = CENTER
        # The header wraps at spaces; its longest word (bold) must fit, or it is cut mid-word.
        longest = max(len(word) for word in title.split()) * 1.1 + 2
        ws.column_dimensions[get_column_letter(c)].width = max(width, longest)
    ws.row_dimensions[header].height = 45
    first = header + 1
    for i, r in enumerate(rows):
        values: tuple[Any, ...] = (
            r.name, r.kind, r.kommune, r.vakter, r.bakvakter, r.duty_hours, r.duty_per_week,
            r.equivalent_per_week, r.practice_per_week, r.total_per_week, r.rotation_ratio,
        )  # fmt: skip
        for c, value in enumerate(values, start=1):
            fmt = LOAD_COLUMNS[c - 1][1]
            if isinstance(value, float):
                value = round(value, 2)
            put(ws.cell(first + i, c), value, fmt)
    last = first + max(len(rows), 1) - 1
    total_letter = get_column_letter(TOTAL_COLUMN)
    ratio_letter = get_column_letter(RATIO_COLUMN)
    ws.conditional_formatting.add(
        f"{total_letter}{first}:{total_letter}{last}",
        FormulaRule(formula=[f"{total_letter}{first}>{LIMIT_HOURS}"], fill=OVER_LIMIT_FILL,
                    font=OVER_LIMIT_FONT),
    )  # fmt: skip
    ws.conditional_formatting.add(
        f"{ratio_letter}{first}:{ratio_letter}{last}",
        FormulaRule(
            formula=[f"AND(ISNUMBER({ratio_letter}{first}),{ratio_letter}{first}<{FIREDELT})"],
            fill=TIGHT_FILL,
            font=TIGHT_FONT,
        ),
    )

    ref_row = last + 2
    put(ws.cell(ref_row, 1), "Referansetall (timer per uke)").font = BOLD
    for i, (label, value) in enumerate(REFERENCE_FIGURES, start=1):
        put(ws.cell(ref_row + i, 1), label)
        put(ws.cell(ref_row + i, TOTAL_COLUMN), value, HOURS_FORMAT)
    legend = ref_row + len(REFERENCE_FIGURES) + 2
    put(
        ws.cell(legend, 1),
        f"Rødt: total arbeidstid over {LIMIT_HOURS:g} t per uke. "
        f"Gult: vakt oftere enn hver {FIREDELT:g}. dag (mindre enn firedelt).",
    )

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


def threshold_rows(source: RotaSource, layout: RotaLayout) -> list[tuple[str, Any]]:
    """The verdict and its numbers, from the reports package's threshold report."""
    from legevakt_app.reports.threshold import threshold_report

    t = threshold_report(source)

    def ratio(value: float | None) -> float | None:
        return round(value, 2) if value is not None else None

    out: list[tuple[str, Any]] = [
        ("Vurdering", t.verdict()),
        ("Leger i turnusen", t.doctors_in_rota),
        ("Fastleger i turnusen", t.fastleger_in_rota),
        ("Fire eller færre fastleger", "ja" if t.four_or_fewer else "nei"),
        ("Mindre enn firedelt vakt", "ja" if t.below_firedelt else "nei"),
        ("Effektiv N (andelsvektet)", ratio(t.effective_n)),
        ("Tetteste vakt (1:N)", ratio(t.worst_ratio)),
        ("Leger med tettere enn firedelt vakt", t.doctors_below),
        ("Kan søke legevakttilskudd", "ja" if t.grant_eligible else "nei"),
    ]
    for k in t.kommuner:
        out.append(
            (
                f"Kommune {k.name}",
                f"{k.inhabitants} innbyggere, sentralitetsklasse {k.centrality}, "
                f"{count(k.fastleger_in_rota, 'fastlege', 'fastleger')} i turnusen"
                + ("; kan søke legevakttilskudd" if k.grant_eligible else ""),
            )
        )
    return out


def write_threshold(ws: Worksheet, source: RotaSource, layout: RotaLayout) -> None:
    _key_values(
        ws,
        "Firelegegrensen",
        threshold_rows(source, layout),
        subtitle=f"Målgruppe: {THRESHOLD_SOURCE}.",
        float_format="0.0",
    )
    _print_setup(ws, "Firelegegrensen", layout, landscape=False)
