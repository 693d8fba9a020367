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
from legevakt_app.reports.figures import (
    AML_AVERAGE_LIMIT,
    AML_AVERAGE_WEEKS,
    AML_SOURCE,
    AML_WEEK_LIMIT,
    THRESHOLD_SOURCE,
)
from legevakt_app.reports.output import (
    AML_DEFINITION,
    PRACTICE_DEFINITION,
    RATIO_DEFINITION,
    WEEK_DEFINITION,
)
from legevakt_app.reports.workload import is_week_long
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import count, ratio_value

OVER_LIMIT_FILL = PatternFill("solid", fgColor="FFC7CE")
OVER_LIMIT_FONT = Font(color="9C0006", bold=True)
TIGHT_FILL = PatternFill("solid", fgColor="FFEB9C")
TIGHT_FONT = Font(color="9C5700", bold=True)
AML_FILL = PatternFill("solid", fgColor="FCE4D6")
AML_FONT = Font(color="833C0B", bold=True)


@dataclass(frozen=True)
class LoadRow:
    """One doctor's workload, hours per week (at work) unless said otherwise."""

    name: str
    kind: str
    kommune: str
    vakter: int
    bakvakter: int
    duty_hours: float  # the whole period, raw hours (hjemmevakt in full)
    weeks_at_work: float  # the period's weeks less whole days away
    duty_per_week: float
    equivalent_per_week: float  # hjemmevakt hours × hjemmevakt_factor
    practice_per_week: float  # as agreed, a full week
    practice_days_worked: int
    practice_days_lost: int  # to vakt, as the engine counts them
    practice_worked_per_week: float
    total_per_week: float  # practice worked + raw duty, comparable with 68 / 49 / 55.6
    rotation_ratio: float | None  # N in "N-delt": available days per duty day; None: no duty
    tightest_spacing: int | None  # days (weeks for ukevakt) between the closest two vakter
    aml_worst_8_weeks: float  # equivalent view
    aml_worst_week: float
    nights: int = 0  # vakter over 00–06
    weekends: int = 0  # weekends with a vakt
    holidays: int = 0  # days with a vakt on a public holiday (or 24/31 Dec)
    high_days: int = 0  # days with a vakt in a høytid


def load_rows(source: RotaSource, layout: RotaLayout) -> list[LoadRow]:
    """The sheet's rows, taken from the reports package (one calculation for app and sheet).

    The week's parts are rounded to the sheet's one decimal first and the total is their
    sum, so the row adds up as shown."""
    from legevakt_app.domain import DOCTOR_KIND_LABELS
    from legevakt_app.reports.workload import workload_report

    report = workload_report(source)
    by_id = {d.doctor_id: d for d in report.doctors}
    rows: list[LoadRow] = []
    for doctor_id in layout.doctor_ids:
        d = by_id[doctor_id]
        practice = round(d.practice_worked_per_week, 1)
        duty = round(d.hours_per_week, 1)
        rows.append(
            LoadRow(
                name=layout.doctor_names.get(doctor_id, d.name),
                kind=DOCTOR_KIND_LABELS.get(d.kind, d.kind),
                kommune=d.kommune,
                vakter=d.vakter,
                bakvakter=d.bakvakter,
                duty_hours=d.duty_hours,
                weeks_at_work=d.weeks_at_work,
                duty_per_week=duty,
                equivalent_per_week=d.equivalent_hours_per_week,
                practice_per_week=d.practice_hours_per_week,
                practice_days_worked=d.practice_days_worked,
                practice_days_lost=d.practice_days_lost,
                practice_worked_per_week=practice,
                total_per_week=round(practice + duty, 1),
                rotation_ratio=None if d.rotation_ratio is None else ratio_value(d.rotation_ratio),
                tightest_spacing=d.tightest_spacing_days,
                aml_worst_8_weeks=d.aml_worst_8_weeks,
                aml_worst_week=d.aml_worst_week,
                nights=d.nights,
                weekends=d.weekends,
                holidays=d.holidays,
                high_days=d.high_days,
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
    ("Uker på jobb", HOURS_FORMAT, 8),
    ("Vakt- og bakvakttimer per uke", HOURS_FORMAT, 13),
    ("Arbeidstidsekvivalent per uke", HOURS_FORMAT, 13),
    ("Praksistimer per uke (avtalt)", HOURS_FORMAT, 10),
    ("Praksisdager arbeidet", "0", 10),
    ("Praksisdager tapt til vakt", "0", 10),
    ("Praksistimer arbeidet per uke", HOURS_FORMAT, 10),
    ("Total arbeidstid per uke", HOURS_FORMAT, 11),
    ("N-delt (1:N)", "0.00", 9),
    ("Tettest avstand", "0", 9),
    (f"Aml.: verste snitt {AML_AVERAGE_WEEKS} uker (ekv.)", HOURS_FORMAT, 12),
    ("Aml.: verste 7 dager (ekv.)", HOURS_FORMAT, 12),
    ("Nattevakter", "0", 9),  # as the report counts them: vakter over 00–06, then days
    ("Helger med vakt", "0", 9),
    ("Helligdager med vakt", "0", 11),
    ("Høytidsdager med vakt", "0", 11),
)
DUTY_WEEK_COLUMN = 8
PRACTICE_WORKED_COLUMN = 13
TOTAL_COLUMN = 14
RATIO_COLUMN = 15
SPACING_COLUMN = 16
AML_COLUMNS = (17, 18)


def write_load(ws: Worksheet, source: RotaSource, layout: RotaLayout) -> None:
    rows = load_rows(source, layout)
    week_long = any(is_week_long(s) for s in source.problem.shifts)
    unit = "uke" if week_long else "dag"
    put(ws.cell(1, 1), "Belastning per lege").font = TITLE_FONT
    put(
        ws.cell(2, 1),
        f"{layout.district_name}, {layout.period_text}. Total arbeidstid per uke = praksistimer "
        "arbeidet per uke + vakt- og bakvakttimer per uke (hjemmevakt regnet fullt), "
        "sammenlignbar med 68 / 49 / 55,6 t; alle per uke legen var på jobb.",
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
    ws.row_dimensions[header].height = 60
    first = header + 1
    for i, r in enumerate(rows):
        values: tuple[Any, ...] = (
            r.name, r.kind, r.kommune, r.vakter, r.bakvakter, r.duty_hours, r.weeks_at_work,
            r.duty_per_week, r.equivalent_per_week, r.practice_per_week, r.practice_days_worked,
            r.practice_days_lost, r.practice_worked_per_week, r.total_per_week, r.rotation_ratio,
            r.tightest_spacing, r.aml_worst_8_weeks, r.aml_worst_week, r.nights, r.weekends,
            r.holidays, r.high_days,
        )  # fmt: skip
        for c, value in enumerate(values, start=1):
            fmt = LOAD_COLUMNS[c - 1][1]
            if isinstance(value, float):
                value = round(value, 2)
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
    put(ws.cell(ref_row, 1), "Referansetall (timer per uke)").font = BOLD
    for i, (label, value) in enumerate(REFERENCE_FIGURES, start=1):
        put(ws.cell(ref_row + i, 1), label)
        put(ws.cell(ref_row + i, TOTAL_COLUMN), value, HOURS_FORMAT)
    legend = ref_row + len(REFERENCE_FIGURES) + 2
    every = "hver 4. uke" if week_long else "hver 4. dag"
    lines = (
        f"Rødt: total arbeidstid over {LIMIT_HOURS:g} t per uke. Gult: vakt oftere enn {every} "
        f"i snitt, med vakter tettere enn det (mindre enn firedelt). Oransje: over "
        f"{AML_AVERAGE_LIMIT:g} t i snitt over {AML_AVERAGE_WEEKS} uker på rad eller over "
        f"{AML_WEEK_LIMIT:g} t på 7 dager ({AML_SOURCE}).",
        WEEK_DEFINITION,
        PRACTICE_DEFINITION.replace("Praksis = praksistimer", "Praksistimer"),
        RATIO_DEFINITION + f" Tettest avstand: {'uker' if unit == 'uke' else 'dager'} mellom "
        "de to nærmeste vaktene.",
        AML_DEFINITION,
    )
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


def threshold_rows(source: RotaSource, layout: RotaLayout) -> list[tuple[str, Any]]:
    """The verdict and its numbers, from the reports package's threshold report."""
    from legevakt_app.reports.threshold import threshold_report

    t = threshold_report(source)

    def ratio(value: float | None) -> float | None:
        return ratio_value(value) if value is not None else None

    out: list[tuple[str, Any]] = [
        ("Vurdering", t.verdict()),
        ("Leger i turnusen", t.doctors_in_rota),
        ("Fastleger i turnusen", t.fastleger_in_rota),
        ("Fire eller færre fastleger", "ja" if t.four_or_fewer else "nei"),
        ("Mindre enn firedelt vakt", "ja" if t.below_firedelt else "nei"),
        ("Effektivt N (andelsvektet)", ratio(t.effective_n)),
        ("Tettest i snitt, vanlig vaktandel (1:N)", ratio(t.worst_ordinary_ratio)),
        ("Tettest i snitt, vanlig vaktandel: lege", t.worst_ordinary_doctor or "–"),
    ]
    if t.volunteer_tighter:
        out.append(("Tettest i snitt, frivillig ekstra andel (1:N)", ratio(t.worst_ratio)))
        out.append(("Tettest i snitt, frivillig ekstra andel: lege", t.worst_doctor))
    out += [
        ("Leger med vanlig vaktandel under 1:4 i snitt", t.doctors_below),
        ("Leger med perioder tettere enn 1:4", len(t.ordinary_with_tight_spans)),
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
        float_format="0.00",
    )
    _print_setup(ws, "Firelegegrensen", layout, landscape=False)
