"""The rota as an Excel workbook, formatted as a legevakt leader would format it by hand.

Sheets: *Turnus* (the calendar), *Per lege* (each doctor's vakter and totals), *Belastning*
(the workload table against the expert-group figures, with a bar chart), *Rettferdighet*
(each doctor's fair share, load per share and fair bands), *Terskel* (the
four-doctor threshold verdict), *Scenarier* (the what-if comparison, only when scenarios were
run) and *Om turnusen* (rules, solve status, version).

Dates are real dates, numbers are numbers, and text a spreadsheet could mistake for a
formula (``=``, ``+``, ``-``, ``@`` first) is stored as text with Excel's quote prefix.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from legevakt_app import __version__
from legevakt_app.calendar import OSLO, day_name
from legevakt_app.colours import CONTINUED_COLOUR, HOLIDAY_COLOUR
from legevakt_app.export.layout import RotaLayout, build_layout, no_date, totals, totals_text
from legevakt_app.export.origin import (
    STATUS_TEXT,
    origin_text,
    rota_origin,
    status_text,
)
from legevakt_app.export.report_data import (  # noqa: F401  (figures named here before)
    FIREDELT,
    HOURS_FORMAT,
    LIMIT_HOURS,
    REFERENCE_FIGURES,
    breaks_listed,
)
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import LEVEL_LABELS, count, level_status

DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
FORMULA_STARTS = ("=", "+", "-", "@")

SHEET_TURNUS = "Turnus"
SHEET_PER_DOCTOR = "Per lege"
SHEET_ALL_DUTIES = "Alle vakter"
SHEET_LOAD = "Belastning"
SHEET_FAIRNESS = "Rettferdighet"
SHEET_THRESHOLD = "Terskel"
SHEET_SCENARIOS = "Scenarier"  # only when scenarios were run (RotaSource.scenarios)
SHEET_ABOUT = "Om turnusen"

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
SUBHEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WEEKEND_FILL = PatternFill("solid", fgColor="E4E4E4")
HOLIDAY_FILL = PatternFill("solid", fgColor=HOLIDAY_COLOUR)
NO_SHIFT_FILL = PatternFill("solid", fgColor="F5F5F5")
HEADER_FONT = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
HIGH_DAY_FONT = Font(bold=True, color="9C0006")
VACANT_FONT = Font(bold=True, color="C00000")
CONTINUED_FONT = Font(italic=True, color=CONTINUED_COLOUR)  # a vakt begun on an earlier day
TITLE_FONT = Font(bold=True, size=14)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")
WRAP = Alignment(vertical="center", wrap_text=True)
THIN = Side(style="thin", color="A6A6A6")
WEEK_SIDE = Side(style="medium", color="404040")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WEEK_START = Border(left=THIN, right=THIN, top=WEEK_SIDE, bottom=THIN)

TURNUS_FIXED_COLUMNS = ("Dato", "Dag", "Uke", "Merknad")
TURNUS_HEADER_ROWS = 3
MAX_NOTE_WIDTH = 30  # characters; longer notes shrink to fit
PER_DOCTOR_COLUMNS = (
    "Dato", "Dag", "Uke", "Start", "Slutt", "Stasjon", "Vakt", "Type", "Rolle", "Form", "Timer",
    "Lege",  # on every row: a printed page that continues a list says whose it is; filterable
)  # fmt: skip
HOURS_COLUMN = PER_DOCTOR_COLUMNS.index("Timer") + 1



def put(cell: Cell, value: Any, number_format: str | None = None) -> Cell:
    """Write ``value``; text that looks like a formula stays text (quote prefix)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    return cell


def header_text(text: str) -> str:
    """Text for a print header/footer: '&' is a control character there."""
    return text.replace("&", "&&")


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


def _print_setup(ws: Worksheet, title: str, layout: RotaLayout, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = header_text(layout.district_name)
    ws.oddHeader.center.text = "&B" + header_text(title)
    ws.oddHeader.right.text = header_text(f"Periode {layout.period_text}")
    ws.oddFooter.left.text = header_text(f"Legevakt {__version__}")
    ws.oddFooter.right.text = "Side &P av &N"


NAME_WIDTH_FACTOR = 1.15  # room for names in fonts wider than Calibri


def _set_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for index, width in widths.items():
        ws.column_dimensions[get_column_letter(index)].width = width


def write_turnus(ws: Worksheet, layout: RotaLayout) -> None:
    fixed = len(TURNUS_FIXED_COLUMNS)
    first_doc_col = fixed + 1
    # Three header rows: station, shift template with its hours, role.
    for i, title in enumerate(TURNUS_FIXED_COLUMNS, start=1):
        put(ws.cell(1, i), title)
        ws.merge_cells(start_row=1, start_column=i, end_row=TURNUS_HEADER_ROWS, end_column=i)
    col = first_doc_col
    for name, span in layout.stations():
        put(ws.cell(1, col), name)
        if span > 1:
            ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + span - 1)
        col += span
    col = first_doc_col
    for name, span in layout.templates():
        put(ws.cell(2, col), name)
        if span > 1:
            ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + span - 1)
        col += span
    for i, column in enumerate(layout.columns):
        put(ws.cell(3, first_doc_col + i), column.role_text)
    last_col = fixed + len(layout.columns)
    for row in range(1, TURNUS_HEADER_ROWS + 1):
        for c in range(1, last_col + 1):
            cell = ws.cell(row, c)
            cell.fill = HEADER_FILL if row < 3 or c <= fixed else SUBHEADER_FILL
            cell.font = HEADER_FONT if row < 3 or c <= fixed else BOLD
            cell.alignment = CENTER
            cell.border = GRID

    fills = {doc: _fill(colour) for doc, colour in layout.colours.items()}
    widths = {1: 12.5, 2: 9.0, 3: 5.0, 4: 10.0}
    for i in range(len(layout.columns)):
        widths[first_doc_col + i] = 9.0
    row = TURNUS_HEADER_ROWS + 1
    for day in layout.rows:
        border = WEEK_START if day.day.weekday() == 0 else GRID
        date_fill = HOLIDAY_FILL if day.holiday_name else WEEKEND_FILL if day.weekend else None
        note = f"Høytid: {day_name(day.day)}" if day.high_day else day.holiday_name
        values = (day.day, day.weekday_name, day.week, note)
        for c, value in enumerate(values, start=1):
            cell = put(ws.cell(row, c), value or None, DATE_FORMAT if c == 1 else None)
            cell.border = border
            if date_fill is not None:
                cell.fill = date_fill
            if c == 3:
                cell.alignment = CENTER
            elif c == 1:
                cell.alignment = LEFT  # a right-aligned date runs into the weekday after it
        if day.high_day:
            ws.cell(row, 4).font = HIGH_DAY_FONT
            ws.cell(row, 1).font = HIGH_DAY_FONT
        if note:
            # One line, never wrapped: a wrapped note needs a taller row, which neither
            # Excel nor LibreOffice makes on its own, and the text then covers the next rows.
            widths[4] = max(widths[4], min(len(note) * 1.1 + 2, MAX_NOTE_WIDTH))
            ws.cell(row, 4).alignment = Alignment(vertical="center", shrink_to_fit=True)
        for i, item in enumerate(day.cells):
            cell = ws.cell(row, first_doc_col + i)
            cell.border = border
            if item is None:
                cell.fill = NO_SHIFT_FILL
                continue
            if item.doctor_id is None:
                put(cell, item.text)
                cell.font = VACANT_FONT
                continue
            put(cell, item.text)
            cell.fill = fills[item.doctor_id]
            if item.continued:  # the same vakt as the row above: said in grey italics
                cell.font = CONTINUED_FONT
            # Excel's width unit is a Calibri digit; LibreOffice's fallback fonts run wider
            width = len(item.text) * NAME_WIDTH_FACTOR + 2
            if width > widths[first_doc_col + i]:
                widths[first_doc_col + i] = width
        row += 1
    # Headers wrap, so a column needs only room for the longest word of its header.
    for i, column in enumerate(layout.columns):
        words = f"{column.template_name} {column.time_text} {column.role_text}".split()
        longest = max((len(w) for w in words), default=0) + 2
        widths[first_doc_col + i] = min(max(widths[first_doc_col + i], longest), 28)
    _set_widths(ws, widths)
    ws.row_dimensions[2].height = 30
    ws.freeze_panes = ws.cell(TURNUS_HEADER_ROWS + 1, first_doc_col)
    _print_setup(ws, "Vaktturnus", layout)
    ws.print_title_rows = f"1:{TURNUS_HEADER_ROWS}"
    ws.print_title_cols = "A:C"  # date, weekday and week on every page
    # a wide district prints on as many pages across as keep the type readable (the date
    # columns repeat on each), not squeezed onto one; each page ends where a vakttype does
    # (its header is never cut in two), and a week's pages print one after the other
    ws.page_setup.fitToWidth = pages_across(sum(widths.values()))
    if ws.page_setup.fitToWidth > 1:
        printed = {c: w + COLUMN_PADDING for c, w in widths.items()}
        title = sum(printed[c] for c in range(1, 4))
        sizes = [n for _, n in layout.templates()]
        spans = [(first_doc_col + before, n)
                 for before, n in zip(itertools.accumulate(sizes, initial=0), sizes, strict=False)]
        groups = [sum(printed[c] for c in range(start, start + n)) for start, n in spans]
        room = A4_LANDSCAPE_UNITS / MIN_PRINT_SCALE / PRINT_SAFETY - title - printed[4]
        pages = page_groups(groups, room)
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        widest = max(sum(groups[k] for k in page) for page in pages)
        first_width = printed[4] + sum(groups[k] for k in pages[0])  # the note column, page 1
        ws.page_setup.scale = max(round(MIN_PRINT_SCALE * 100), min(100, math.floor(
            100 * A4_LANDSCAPE_UNITS / PRINT_SAFETY / (title + max(widest, first_width)))))
        ws.page_setup.pageOrder = "overThenDown"
        for page in pages[:-1]:
            start, n = spans[page[-1]]
            ws.col_breaks.append(Break(id=start + n - 1))  # after the page's last column


A4_LANDSCAPE_UNITS = 150  # column-width units across A4 landscape at 100 % (0.4" margins)
COLUMN_PADDING = 0.75  # a column prints this much wider than its width (5 px of 7 per unit)
PRINT_SAFETY = 1.03  # room for a font a little wider than Calibri
MIN_PRINT_SCALE = 0.55  # below this the 11 pt type prints under 6 pt


def page_groups(widths: list[float], room: float) -> list[list[int]]:
    """The vakttype column groups (their widths, in order) on each page across: as many as
    fit in ``room`` width units, a group never split (one wider than a page gets its own)."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for k, width in enumerate(widths):
        if pages[-1] and used + width > room:
            pages.append([])
            used = 0.0
        pages[-1].append(k)
        used += width
    return pages


def pages_across(width_units: float) -> int:
    """Pages across for a sheet ``width_units`` wide: one unless that would shrink the print
    below MIN_PRINT_SCALE."""
    return max(1, math.ceil(width_units / (A4_LANDSCAPE_UNITS / MIN_PRINT_SCALE)))


PER_DOCTOR_WIDTHS = {1: 12.5, 2: 9.0, 3: 5.0, 4: 16.5, 5: 16.5, 6: 12.0, 7: 12.0, 8: 7.0,
                     9: 8.5, 10: 13.0, 11: 7.0, 12: 12.0}


def write_per_doctor(ws: Worksheet, layout: RotaLayout) -> None:
    """One block per doctor (name row, vakter in date order, totals row), page break
    between blocks so each doctor's list prints on its own page."""
    ncols = len(PER_DOCTOR_COLUMNS)
    _header_row(ws, PER_DOCTOR_COLUMNS)
    widths = dict(PER_DOCTOR_WIDTHS)
    row = 2
    for doctor_id in layout.doctor_ids:
        duties = layout.duties.get(doctor_id, [])
        name = layout.doctor_names.get(doctor_id, doctor_id)
        fill = _fill(layout.colours[doctor_id])
        cell = put(ws.cell(row, 1), name)
        cell.font = Font(bold=True, size=12)
        for c in range(1, ncols + 1):
            ws.cell(row, c).fill = fill
        row += 1
        for duty in duties:
            _duty_row(ws, row, duty, name, widths)
            row += 1
        t = totals(duties)
        put(ws.cell(row, 1), totals_text(t))
        put(ws.cell(row, HOURS_COLUMN), round(t.hours, 2), HOURS_FORMAT)
        for c in range(1, ncols + 1):
            cell = ws.cell(row, c)
            cell.font = BOLD
            cell.border = Border(top=THIN)
        row += 1
        ws.row_breaks.append(Break(id=row - 1))
        row += 1
    _set_widths(ws, widths)
    ws.freeze_panes = "A2"
    _print_setup(ws, "Vakter per lege", layout, landscape=False)  # a year's list on one page
    ws.print_title_rows = "1:1"


def _header_row(ws: Worksheet, titles: tuple[str, ...]) -> None:
    for c, title in enumerate(titles, start=1):
        cell = put(ws.cell(1, c), title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = CENTER


def _duty_row(ws: Worksheet, row: int, duty: Any, name: str, widths: dict[int, float]) -> None:
    """One vakt or bakvakt as a row of :data:`PER_DOCTOR_COLUMNS` (real dates and times)."""
    start = duty.start_local
    values = (
        (start.date(), DATE_FORMAT),
        (_weekday(start), None),
        (start.isocalendar()[1], None),
        (start, DATETIME_FORMAT),
        (duty.end_local, DATETIME_FORMAT),
        (duty.station_name, None),
        (duty.template_name, None),
        (duty.kind_text, None),
        (duty.role_text, None),
        (duty.presence_text, None),
        (round(duty.hours, 2), HOURS_FORMAT),
        (name, None),
    )
    for c, (value, fmt) in enumerate(values, start=1):
        put(ws.cell(row, c), value, fmt)
    ws.cell(row, 1).alignment = LEFT  # not into the weekday after it
    for c, text in ((6, duty.station_name), (7, duty.template_name), (12, name)):
        widths[c] = max(widths[c], min(len(text) + 2, 30))
    if duty.shift.weekend or duty.shift.holiday:
        for c in (1, 2, 3):
            ws.cell(row, c).fill = HOLIDAY_FILL if duty.shift.holiday else WEEKEND_FILL


def write_all_duties(ws: Worksheet, layout: RotaLayout) -> None:
    """Every vakt and bakvakt of the rota as one plain table, in time order, with a filter on
    the header: to sort and filter by date, doctor, station or vakttype (the «Per lege» sheet
    has a name row and a totals row per doctor, which sorting would mix in)."""
    _header_row(ws, PER_DOCTOR_COLUMNS)
    widths = dict(PER_DOCTOR_WIDTHS)
    rows = sorted(((duty, layout.doctor_names.get(doctor_id, doctor_id))
                   for doctor_id in layout.doctor_ids
                   for duty in layout.duties.get(doctor_id, [])),
                  key=lambda item: (item[0].start_local, item[0].role_text, item[1]))
    for row, (duty, name) in enumerate(rows, start=2):
        _duty_row(ws, row, duty, name, widths)
    _set_widths(ws, widths)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(PER_DOCTOR_COLUMNS))}{len(rows) + 1}"
    _print_setup(ws, "Alle vakter", layout, landscape=False)
    ws.print_title_rows = "1:1"


def _weekday(moment: datetime) -> str:
    from legevakt_app.domain import WEEKDAY_NAMES

    return WEEKDAY_NAMES[moment.weekday()]


KEY_WIDTH = 44  # characters: the label column of the key/value sheets
VALUE_WIDTH = 62  # the value column; longer text wraps (portrait A4 fits 44 + 62 at ~95 %)
LINE_HEIGHT = 15.0  # points per line of 11 pt text


def _key_values(
    ws: Worksheet,
    title: str,
    rows: list[tuple[str, Any]],
    subtitle: str = "",
    float_format: str = "0.00",
) -> int:
    """Title, optional subtitle, then one ``label | value`` row each. Long text wraps in
    its cell and the row is made tall enough for it (spreadsheets do not do that on
    opening a file, so a wrapped cell would otherwise cover the rows below)."""
    put(ws.cell(1, 1), title).font = TITLE_FONT
    if subtitle:
        cell = put(ws.cell(2, 1), subtitle)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
        ws.row_dimensions[2].height = LINE_HEIGHT * _lines(subtitle, KEY_WIDTH + VALUE_WIDTH)
    row = 4 if subtitle else 3
    for key, value in rows:
        label = put(ws.cell(row, 1), key)
        label.font = BOLD
        label.alignment = Alignment(vertical="top", wrap_text=True)
        fmt = None
        if isinstance(value, datetime):
            fmt = DATETIME_FORMAT
        elif hasattr(value, "isoformat") and not isinstance(value, str):
            fmt = DATE_FORMAT
        elif isinstance(value, _Percent):
            value, fmt = float(value), "0.0%"
        elif isinstance(value, float):
            fmt = float_format
        cell = put(ws.cell(row, 2), value, fmt)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        lines = max(_lines(str(value), VALUE_WIDTH), _lines(key, KEY_WIDTH, bold=True))
        if lines > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * lines
        row += 1
    ws.column_dimensions["A"].width = KEY_WIDTH
    ws.column_dimensions["B"].width = VALUE_WIDTH
    return row


def _lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` wide (a word-wrap estimate:
    a column width counts digits, and ordinary text is about 15 % narrower than digits,
    bold text about 10 % wider, where a spreadsheet without Calibri draws it in a wider
    font: LibreOffice put «Kan søke legevakttilskudd (…)» on three lines, not two)."""
    room = max(width * (0.9 if bold else 1.15) - 1, 1)
    lines, used = 1, 0.0
    for word in text.split():
        need = len(word) + (1 if used else 0)
        if used and used + need > room:
            lines, used = lines + 1, float(len(word))
        else:
            used += need
    return lines


SOLVE_INFO_LABELS = {
    "status": "Løsningsstatus",
    "objective": "Største belastning per andel i turnusen (vektede timer, lavere er bedre)",
    "bound": "Bevist nedre grense for største belastning per andel",
    "gap": "Turnusen over den beviste nedre grensen",
    "perfect_fairness_bound": "Grense for helt rettferdig fordeling",
    "wall_time": "Løsetid (sekunder)",
    "seconds": "Løsetid (sekunder)",
    "seconds_to_first_feasible": "Tid til første gyldige turnus (sekunder)",
    "time_limit": "Tidsgrense (sekunder)",
    "workers": "Arbeidstråder",
    "seed": "Tilfeldig frø",
    "solved_at": "Løst",
}
# Keys of the solve figures shown elsewhere in the sheet, so not again: level 1's value is
# «Nivå 1: Største belastning per andel», the margin «Rettferdighetsmargin» (from the rules),
# the digest only says which rota the figures are of (rota_source.result_digest). Any other
# key is left out: an internal name («fairness level value») must not reach a document.
SOLVE_INFO_SHOWN_ELSEWHERE = frozenset({"fairness_level_value", "fairness_margin", "digest"})
# STATUS_TEXT and status_text: a solve status in words (legevakt_app.export.origin, shared
# with the PDF's Belastning page)


def solve_rows(info: dict[str, Any]) -> list[tuple[str, Any]]:
    """The solver's figures in Norwegian: status, objective and bound per level, times.

    Numbers stay numbers; the gap is a fraction (formatted as per cent). Only what has a
    Norwegian name here is shown: an unknown key or status word is left out or «ukjent»."""
    info = dict(info)
    rows: list[tuple[str, Any]] = []
    if not info:
        return [("Løsningsstatus", STATUS_TEXT["manual"])]
    levels = info.pop("levels", None) or []
    status = info.pop("status", None)
    if status is not None:
        rows.append((SOLVE_INFO_LABELS["status"], status_text(status)))
    objective, bound = info.get("objective"), info.get("bound")
    if "gap" not in info and isinstance(objective, int | float) and isinstance(bound, int | float):
        if bound:
            info["gap"] = (objective - bound) / abs(bound)
    seen_labels: set[str] = set()
    for key, label in SOLVE_INFO_LABELS.items():
        if key in info and label not in seen_labels:
            value = info.pop(key)
            if value is None:
                continue
            seen_labels.add(label)
            percent = key == "gap" and isinstance(value, int | float)
            rows.append((label, _Percent(value) if percent else _number_or_text(value)))
    for number, level in enumerate(levels, start=1):
        if not isinstance(level, dict):
            continue
        title = level.get("title") or ""
        label = LEVEL_LABELS.get(str(level.get("name") or ""), f"Nivå {number}")
        name = label + (f": {title}" if title else "")
        rows.append((name, _number_or_text(level.get("value"))))
        if level.get("bound") is not None:
            rows.append((f"{label}: nedre grense", _number_or_text(level.get("bound"))))
        if level.get("status"):
            state = str(level["status"])  # proven: level 1 only within its step
            words = (level_status(str(level.get("name") or ""), state)
                     if state == "optimal" else status_text(state))
            rows.append((f"{label}: status", words))
    return rows


def _number_or_text(value: Any) -> Any:
    """A solve figure for a cell: a number, a date or text as it is; anything else (a
    dict or list from a hand-edited file) would show its keys, so it is left blank."""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int | float | str | datetime):
        return value
    return ""


FAIRNESS_READING = (
    "Største belastning per andel = den mest belastede legens vektede vakt- og bakvakttimer "
    "(med vaktregnskapet) delt på legens rettferdige andel (vaktandel × tiden legen kunne ha "
    "vakt). «Bevist best mulig innen 1 %»: ingen turnus har en mest belastet lege som ligger "
    "1 % av grensen for helt rettferdig fordeling lavere enn det beste motoren fant. Turnusen "
    "kan ligge inntil rettferdighetsmarginen over det beste, så netter, helger og avstand "
    "mellom vaktene kan jevnes ut; «Turnusen over den beviste nedre grensen» er hvor mye den "
    "mest belastede legen ligger over den (arket «Rettferdighet» måler hver lege mot grensen "
    "for helt rettferdig fordeling, som ligger lavere, i kolonnen «Over grensen»). Hver leges "
    "andel, belastning og rettferdige antall netter, helger og høytid: legevakt report.")


class _Percent(float):
    """A fraction to be shown as a percentage."""


BREAKS_LISTED = 5  # hard-rule breaks named in «Om turnusen»; Kontroll in the app lists them all


def _breaks_text(layout: RotaLayout) -> str:
    """The rota's hard-rule breaks, by the independent checker: «ingen», or how many and the
    first few (a rota edited by hand may break one)."""
    breaks = layout.rule_breaks
    if not breaks:
        return "ingen (kontrollert)"
    return f"{len(breaks)} — {breaks_listed(breaks, BREAKS_LISTED)}"


def _gaps_text(source: RotaSource) -> str | None:
    """Holes in the cover (:mod:`legevakt_app.coverage`): «ingen», or how many days and the
    first few; None for a result file (its shifts are all there is to see)."""
    from legevakt_app.coverage import coverage_gaps, gap_lines, gap_summary

    if source.project is None:
        return None
    gaps = coverage_gaps(source.project)
    if not gaps:
        return "ingen"
    return f"{gap_summary(gaps)}: " + "; ".join(gap_lines(gaps, BREAKS_LISTED))


def about_rows(source: RotaSource, layout: RotaLayout, generated_at: datetime) -> list[tuple]:
    from legevakt_app.domain import COMPETENCE_RULE_LABELS
    from legevakt_app.rule_exceptions import rules_exception_lines

    rules = source.problem.rules
    rows: list[tuple[str, Any]] = [
        ("Legevaktdistrikt", layout.district_name),
        ("Periode", f"{no_date(layout.period_start)} – {no_date(layout.period_end)}"),
        ("Første dag", layout.period_start),
        ("Siste dag", layout.period_end),
        ("Kommuner", ", ".join(k.name for k in source.kommuner)),
        ("Stasjoner", ", ".join(s.name for s in source.stations)),
        ("Leger", len(source.problem.doctors)),
        ("Vakter i perioden", len(source.problem.shifts)),
        ("Tildelinger", len(source.rota.assignments)),
        ("Brudd på harde regler", _breaks_text(layout)),
        *([("Hull i dekningen", gaps)] if (gaps := _gaps_text(source)) is not None else []),
        ("Kompetanseregel", COMPETENCE_RULE_LABELS.get(source.competence_rule,
                                                       source.competence_rule)),
        ("Minste hvile mellom arbeidsøkter (timer)", rules.min_rest_hours),
        ("Praksistid (fastlege)", f"{rules.practice_start:%H:%M}–{rules.practice_end:%H:%M}"),
        ("For kort hvile før/etter praksis", "fri fra praksis den dagen"
         if rules.practice_after_night == "day_off" else "vakten er ikke tillatt"),
        ("Spredning", _limit_text(rules.max_in_window, "vakt", "vakter",
                                  f"per {rules.window_days} døgn")),
        ("Maks vakter per uke", _limit_text(rules.max_per_week, "vakt", "vakter", "per uke")),
        ("Maks vakter på rad", _limit_text(rules.max_consecutive_days, "vakt", "vakter", "på rad")),
    ]  # fmt: skip
    # the days with other spacing limits: «Unntak 20.12–03.01 (Jul)» | «maks 1 vakt per 3 døgn …»
    rows += rules_exception_lines(rules, source.project.rules if source.project else None)
    rows.append(("Hjemmevakt teller som arbeidstid (per time)", rules.hjemmevakt_factor))
    if source.project is not None:
        pr = source.project.rules
        rows.append(("Bakvakt belastning per time", pr.bakvakt_weight))
        if pr.weekend_weight:
            rows.append(("Helgevekt", pr.weekend_weight))
        if pr.holiday_weight:
            rows.append(("Helligdagsvekt", pr.holiday_weight))
    origin = rota_origin(source)
    if origin.engines_figures and source.solve_info.get("status"):
        rows += solve_rows(source.solve_info)  # the engine's status and figures, this rota's
        rows = _with_sharing_note(rows, source)
    else:  # made by the engine and changed after, by hand, or stored without its figures
        rows.append((SOLVE_INFO_LABELS["status"], origin_text(origin)))
    if origin.made_at is not None:  # a record or file from before it was kept: no date
        rows.append(("Laget av motoren", origin.made_at.astimezone(OSLO).replace(tzinfo=None)))
    if origin.engines_figures and isinstance(source.solve_info.get("objective"), int | float):
        # «bevist best mulig innen 1 %» next to a rota 1,9 % over the bound reads as a
        # contradiction unless the sheet says what is proven and what the margin allows
        rows.append(("Rettferdighetsmargin", _Percent(rules.fairness_margin)))
        rows.append(("Slik leses rettferdigheten", FAIRNESS_READING))
    if layout.unknown_assignments:
        rows.append(("Tildelinger til ukjente vakter (utelatt)", layout.unknown_assignments))
    rows.append(("Generert", generated_at.astimezone(OSLO).replace(tzinfo=None)))
    rows.append(("Programversjon", f"Legevakt {__version__}"))
    return rows


SHARING_WHERE = f"på arket «{SHEET_FAIRNESS}»"  # where the workbook shows the fair number


def _with_sharing_note(rows: list[tuple[str, Any]], source: RotaSource) -> list[tuple[str, Any]]:
    """``rows`` with «Nivå 2, deling: merk» after the sharing level's rows when its value
    counts vakter the «Rettferdighet» sheet does not find outside the fair number
    (:func:`legevakt_app.reports.fairness.sharing_note`, naming no fritak), as `legevakt
    solve` and the app say it; the figures must be this rota's (the engine's, unchanged)."""
    from legevakt_app.reports.fairness import fairness_report, sharing_note

    info = source.solve_info
    if not info.get("count_bands"):  # every doctor measured, or not kept (a result file)
        return rows
    note = sharing_note(info, fairness_report(source), where=SHARING_WHERE, shared=True)
    label = LEVEL_LABELS["sharing"]
    at = [i for i, (key, _value) in enumerate(rows) if key.startswith(label)]
    if note is None or not at:
        return rows
    text = note.removeprefix("Merk: ")
    return [*rows[:at[-1] + 1], (f"{label}: merk", text[:1].upper() + text[1:]),
            *rows[at[-1] + 1:]]


def _limit_text(limit: Any, one: str, many: str, tail: str) -> str:
    """``maks 1 vakt per 4 døgn (ønsket)`` (worded as the exceptions under it are)."""
    if limit is None:
        return "ingen grense"
    return f"maks {count(limit.value, one, many)} {tail} ({'absolutt' if limit.hard else 'ønsket'})"


def write_about(
    ws: Worksheet, source: RotaSource, layout: RotaLayout, generated_at: datetime
) -> None:
    _key_values(ws, "Om turnusen", about_rows(source, layout, generated_at))
    _print_setup(ws, "Om turnusen", layout, landscape=False)


# Hooks for the reports sheets: set by legevakt_app.export.report_sheets when the reports
# package is importable (kept apart so the calendar export works without it).
ReportWriter = Callable[[Worksheet, RotaSource, RotaLayout], None]


def _report_writers() -> tuple[ReportWriter, ReportWriter, ReportWriter]:
    from legevakt_app.export import report_sheets

    return report_sheets.write_load, report_sheets.write_fairness, report_sheets.write_threshold


def build_workbook(source: RotaSource, generated_at: datetime | None = None) -> Workbook:
    """The whole workbook in memory (``export_xlsx`` saves it)."""
    layout = build_layout(source)
    generated_at = generated_at or datetime.now(OSLO)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TURNUS
    write_turnus(ws, layout)
    write_per_doctor(wb.create_sheet(SHEET_PER_DOCTOR), layout)
    write_all_duties(wb.create_sheet(SHEET_ALL_DUTIES), layout)
    write_load, write_fairness, write_threshold = _report_writers()
    write_load(wb.create_sheet(SHEET_LOAD), source, layout)
    write_fairness(wb.create_sheet(SHEET_FAIRNESS), source, layout)
    write_threshold(wb.create_sheet(SHEET_THRESHOLD), source, layout)
    if source.scenarios is not None and source.scenarios.results:
        from legevakt_app.export.report_sheets import write_scenarios

        write_scenarios(wb.create_sheet(SHEET_SCENARIOS), source.scenarios, layout)
    write_about(wb.create_sheet(SHEET_ABOUT), source, layout, generated_at)
    wb.properties.title = f"Vaktturnus {layout.district_name} {layout.period_text}"
    wb.properties.creator = f"Legevakt {__version__}"
    return wb


def export_xlsx(
    source: RotaSource, path: str | os.PathLike[str], generated_at: datetime | None = None
) -> Path:
    """Write the workbook to ``path``: made in memory, then written atomically, so a crash or
    a full disk leaves no half-written file and no temporary file (a failure raises
    :class:`legevakt_app.file_errors.WriteFailed`, naming ``path`` in Norwegian)."""
    import io

    from legevakt_app.project_io import atomic_write_bytes

    target = Path(path)
    wb = build_workbook(source, generated_at)
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(target, buffer.getvalue(), backup=False, private=False)
    return target
