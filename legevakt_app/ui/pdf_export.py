"""PDF of the rota calendar, the burden report (the workbook's Belastning, Rettferdighet,
Terskel and, when run, Scenarier) and each doctor's list, through Qt's printing to PDF.

A4 landscape. The content is the same layout as the workbook
(``legevakt_app.export.layout``); Qt is imported only when a PDF is made, so the CLI and
the tests of the other exports never load it.

Pages are cut here, not by Qt: Qt would split a table row across two pages (a date on one
page, its doctors on the next). So each section (the calendar, each doctor's list) is
measured once, cut into pages between rows — the calendar preferably before a Monday, so
a page holds whole weeks — and every page is drawn as its own document with the table
header repeated and fixed column widths, so the columns line up from page to page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from legevakt_app import __version__
from legevakt_app.calendar import day_name
from legevakt_app.colours import CONTINUED_COLOUR, HOLIDAY_COLOUR, HOLIDAY_LEGEND, css
from legevakt_app.export.layout import (
    CONTINUED_MARK,
    DayRow,
    RotaLayout,
    build_layout,
    totals,
    totals_text,
)
from legevakt_app.export.report_data import (
    AML_INDEXES,
    FAIRNESS_COLUMNS,
    FAIRNESS_TEXT_COLUMNS,
    FAIRNESS_TITLE,
    HOURS_FORMAT,
    LOAD_COLUMNS,
    LOAD_TITLE,
    RATIO_INDEX,
    REFERENCE_FIGURES,
    REFERENCE_TITLE,
    SCENARIO_COLUMNS,
    SCENARIO_TEXT_COLUMNS,
    SCENARIO_TITLE,
    THRESHOLD_FLOAT_FORMAT,
    THRESHOLD_SUBTITLE,
    THRESHOLD_TITLE,
    TOTAL_INDEX,
    breaks_note,
    cell_text,
    fairness_formats,
    fairness_notes,
    fairness_subtitle,
    fairness_table,
    flag_words,
    load_flags,
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
from legevakt_app.reports.scenarios import ScenarioComparison
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import count

SHORT_WEEKDAYS = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]
WEEKEND_BG = "#E4E4E4"
HOLIDAY_BG = css(HOLIDAY_COLOUR)
NO_SHIFT_BG = "#F5F5F5"
HEADER_BG = "#1F4E79"
RESOLUTION = 300  # dots per inch of the PDF's layout
MARGIN_MM = 9
FOOTER_INCH = 0.22
SMALL = 0.85  # <small> text relative to the calendar's type
WHOLE_WEEKS_MIN_ROWS = 7  # a calendar page cut before a Monday still holds a whole week
_app: Any = None  # the QApplication made here, kept alive for later exports


def _ensure_gui_application() -> None:
    """Text layout needs a QGuiApplication; make one (offscreen when there is no display).

    A full QApplication, not a bare QGuiApplication: the process may show widgets later
    (the desktop app, tests), and Qt allows only one application object per process."""
    global _app
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is not None:
        return
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QApplication([])


def _hours(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


STYLE = """
body { font-family: 'DejaVu Sans', 'Arial', sans-serif; font-size: 7.5pt; }
h1 { font-size: 13pt; margin: 0; }
p.sub { font-size: 8pt; color: #404040; margin-top: 2px; margin-bottom: 6px; }
p.cont { font-size: 8pt; color: #404040; margin-top: 0; margin-bottom: 4px; }
table { border-collapse: collapse; }
th { background-color: #1F4E79; color: white; font-weight: bold; padding: 2px; }
th.role { background-color: #D9E1F2; color: black; }
td { padding: 1px 3px; }
td.num { text-align: right; }
td.vacant { color: #C00000; font-weight: bold; }
tr.sum td { font-weight: bold; border-top: 1px solid #404040; }
table.doc td, table.doc th { font-size: 7pt; }
table.load td { font-size: 7pt; }
table.load th { font-size: 6.5pt; }
table.terskel td { font-size: 8pt; padding: 2px 4px; }
p.note { font-size: 7pt; color: #404040; margin-top: 1px; margin-bottom: 1px; }
p.notehead { font-size: 7.5pt; margin-top: 6px; margin-bottom: 1px; }
"""


@dataclass
class Section:
    """A table that may run over several pages: what goes above it on its first and on
    later pages, its header (repeated on every page), and its body rows."""

    first_title: str
    next_title: str
    table_open: str  # "<table …><thead>…</thead><tbody>"
    rows: list[str]
    footer: str
    preferred_starts: set[int] = field(default_factory=set)  # rows a page should start at
    avoid_starts: set[int] = field(default_factory=set)  # rows a page should not start at
    min_last_rows: int = 4  # the last page holds at least this many rows (no lone Sum line)
    closing: str = ""  # under the table on the page with its last row (legends, notes)

    def page_html(self, start: int, end: int) -> str:
        title = self.first_title if start == 0 else self.next_title
        closing = self.closing if end >= len(self.rows) > 0 else ""
        return (title + self.table_open + "".join(self.rows[start:end]) + "</tbody></table>"
                + closing)


# ---------------------------------------------------------------- the calendar


def calendar_font_pt(columns: int) -> float:
    """Smaller type when there are many columns, so names wrap at spaces, not inside words."""
    return max(5.5, min(8.0, 10.0 - 0.28 * columns))


def calendar_widths(layout: RotaLayout, font_pt: float, width_pt: float) -> list[float]:
    """Column widths in per cent of the page: Dato, Dag and Uke just wide enough for their
    text (they must not wrap), the rest shared by the calendar columns in proportion to
    the longest name each holds (names may wrap at spaces). Fixed, so all pages line up."""
    em = font_pt  # DejaVu Sans: digits ≈ 0.64 em, bold ≈ 0.7 em, letters ≈ 0.6 em
    padding = 8.0  # points: cell padding and borders
    # Holiday names go under the date in small type and may wrap at spaces, not in words.
    words = [w for day in layout.rows for w in _holiday_note(day).split(" ")]
    note = max((len(w) for w in words), default=0) * 0.68 * SMALL * em  # æ, m, d are wide
    fixed = [max(5 * 0.72 * em, note) + padding, 3 * 0.72 * em + padding, 3 * 0.72 * em + padding]
    longest = [len(c.role_text) + 1 for c in layout.columns]
    for day in layout.rows:
        for i, item in enumerate(day.cells):
            if item is not None:
                longest[i] = max(longest[i], len(item.text))
    natural = [min(max(n, 6), 24) * 0.6 * em + padding for n in longest]
    room = max(width_pt - sum(fixed), 1.0)
    scale = min(1.0, room / sum(natural)) if natural else 1.0
    widths = fixed + [w * scale for w in natural]
    total = sum(widths)
    return [100.0 * w / total for w in widths]


def _calendar_table_open(layout: RotaLayout, widths: list[float]) -> str:
    w = [f" width='{p:.2f}%'" for p in widths]
    row1 = [
        f"<tr><th rowspan='3'{w[0]}>Dato</th><th rowspan='3'{w[1]}>Dag</th>"
        f"<th rowspan='3'{w[2]}>Uke</th>"
    ]
    row1 += [f"<th colspan='{span}'>{escape(name)}</th>" for name, span in layout.stations()]
    row2 = [f"<th colspan='{span}'>{escape(name)}</th>" for name, span in layout.templates()]
    row3 = [
        f"<th class='role'{w[3 + i]}>{escape(col.role_text)}</th>"
        for i, col in enumerate(layout.columns)
    ]
    return (
        "<table class='cal' width='100%' border='1' cellspacing='0' cellpadding='1' "
        "style='border-color:#A6A6A6'><thead>"
        + "".join(row1) + "</tr><tr>" + "".join(row2) + "</tr><tr>" + "".join(row3)
        + "</tr></thead><tbody>"
    )  # fmt: skip


def _holiday_note(day: DayRow) -> str:
    """The holiday's name, with a star (kept on the first word's line) on høytid; a høytid
    that is no holiday (påskeaften) by its name too, as in the workbook."""
    name = day.holiday_name or (day_name(day.day) if day.high_day else "")
    return ("★\u00a0" if day.high_day else "") + name if name else ""


def _calendar_row(layout: RotaLayout, day: DayRow) -> str:
    bg = HOLIDAY_BG if day.holiday_name else WEEKEND_BG if day.weekend else ""
    bg_attr = f" bgcolor='{bg}'" if bg else ""
    text = _holiday_note(day)
    note = f"<br/><small>{escape(text)}</small>" if text else ""
    cells = [
        f"<td{bg_attr}><b>{day.day:%d.%m}</b>{note}</td>",
        f"<td{bg_attr}>{SHORT_WEEKDAYS[day.day.weekday()]}</td>",
        f"<td{bg_attr} align='center'>{day.week}</td>",
    ]
    for item in day.cells:
        if item is None:
            cells.append(f"<td bgcolor='{NO_SHIFT_BG}'></td>")
        elif item.doctor_id is None:
            cells.append(f"<td class='vacant'>{escape(item.text)}</td>")
        else:
            colour = layout.colours[item.doctor_id]
            text = escape(item.text)
            if item.continued:  # the same vakt as the row above: in grey italics
                text = f"<i><font color='#{CONTINUED_COLOUR}'>{text}</font></i>"
            cells.append(f"<td bgcolor='#{colour}'>{text}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _breaks_line(layout: RotaLayout, own_list: bool = False) -> str:
    """The rota's hard-rule breaks, under the title of a part that comes before (or without)
    the Belastning page: a calendar or a doctor's list does not look valid when it is not.
    A doctor's own list says only how many (the breaks name colleagues and fritak)."""
    if own_list:
        n = len(layout.rule_breaks)
        note = (f"Merk: turnusen bryter {count(n, 'hard regel', 'harde regler')} og kan bli "
                "endret." if n else None)
    else:
        note = breaks_note(layout)
    return f"<p class='sub'><b>{escape(note)}</b></p>" if note else ""


def calendar_section(layout: RotaLayout, font_pt: float, width_pt: float) -> Section:
    continued = (f" {CONTINUED_MARK.strip()} vakten fortsetter fra en dag før."
                 if any(c is not None and c.continued for day in layout.rows for c in day.cells)
                 else "")
    title = (
        f"<h1>Vaktturnus — {escape(layout.district_name)}</h1>"
        f"<p class='sub'>Periode {escape(layout.period_text)}. Grå dato: helg. "
        f"{HOLIDAY_LEGEND}. ★ høytid. LEDIG: vakt uten lege.{continued}</p>"
        f"{_breaks_line(layout)}"
    )
    return Section(
        first_title=title,
        next_title="",
        table_open=_calendar_table_open(layout, calendar_widths(layout, font_pt, width_pt)),
        rows=[_calendar_row(layout, day) for day in layout.rows],
        footer=f"{layout.district_name} · vaktturnus {layout.period_text}",
        preferred_starts={i for i, day in enumerate(layout.rows) if day.day.weekday() == 0},
        avoid_starts={i for i, day in enumerate(layout.rows) if day.day.weekday() == 6},
    )


# ---------------------------------------------------------------- each doctor's list

DOCTOR_HEADERS = ("Dato", "Dag", "Uke", "Fra", "Til", "Stasjon", "Vakt", "Rolle", "Form", "Timer")
DOCTOR_WIDTHS = (10, 5, 4, 6, 10, 20, 16, 9, 12, 8)  # per cent


def doctor_section(layout: RotaLayout, doctor_id: str) -> Section:
    name = layout.doctor_names.get(doctor_id, doctor_id)
    duties = layout.duties.get(doctor_id, [])
    colour = layout.colours.get(doctor_id, "FFFFFF")
    where = f"{escape(layout.district_name)}, periode {escape(layout.period_text)}"
    first = (
        f"<h1><span style='background-color:#{colour}'>&nbsp;{escape(name)}&nbsp;</span></h1>"
        f"<p class='sub'>Vakter i {where}</p>{_breaks_line(layout, own_list=True)}"
    )
    later = f"<p class='cont'><b>{escape(name)}</b> (forts.) — vakter i {where}</p>"
    head = "".join(
        f"<th width='{w}%'>{h}</th>" for h, w in zip(DOCTOR_HEADERS, DOCTOR_WIDTHS, strict=True)
    )
    table_open = (
        "<table width='100%' border='1' cellspacing='0' cellpadding='1' "
        f"style='border-color:#A6A6A6' class='doc'><thead><tr>{head}</tr></thead><tbody>"
    )
    rows: list[str] = []
    days = {day.day: day for day in layout.rows}
    for duty in duties:
        start, end = duty.start_local, duty.end_local
        shift = duty.shift
        bg = HOLIDAY_BG if shift.holiday else WEEKEND_BG if shift.weekend else ""
        bg_attr = f" bgcolor='{bg}'" if bg else ""
        same_day = end.date() == start.date()
        end_text = f"{end:%H:%M}" if same_day else f"{end:%d.%m} {end:%H:%M}"
        # the day's holiday by name, as in the calendar, not by its colour alone (a list
        # printed in black and white, or read by someone who does not tell colours apart)
        text = _holiday_note(days[start.date()]) if start.date() in days else ""
        note = f"<br/><small>{escape(text)}</small>" if text else ""
        rows.append(
            "<tr>"
            f"<td{bg_attr}>{start:%d.%m.%Y}{note}</td>"
            f"<td{bg_attr}>{SHORT_WEEKDAYS[start.weekday()]}</td>"
            f"<td{bg_attr} align='center'>{start.isocalendar()[1]}</td>"
            f"<td>{start:%H:%M}</td><td>{end_text}</td>"
            f"<td>{escape(duty.station_name)}</td><td>{escape(duty.template_name)}</td>"
            f"<td>{escape(duty.role_text)}</td><td>{escape(duty.presence_text)}</td>"
            f"<td class='num' align='right'>{_hours(duty.hours)}</td></tr>"
        )
    t = totals(duties)
    if duties:
        rows.append(
            f"<tr class='sum'><td colspan='{len(DOCTOR_HEADERS) - 1}'><b>{totals_text(t)}</b>"
            f"</td><td align='right'><b>{_hours(t.hours)}</b></td></tr>"
        )
    else:
        rows.append(f"<tr><td colspan='{len(DOCTOR_HEADERS)}'>{totals_text(t)}</td></tr>")
    return Section(
        first_title=first,
        next_title=later,
        table_open=table_open,
        rows=rows,
        footer=f"{name} · {layout.district_name} · {layout.period_text}",
    )


# ---------------------------------------------------------------- Belastning and Terskel
# The workbook's «Belastning» and «Terskel» sheets on paper: the same rows
# (legevakt_app.export.report_data), the same column titles, the numbers shown as the
# workbook's number formats show them, and the cells the workbook colours coloured alike.
# The 22 columns of the sheet do not fit one A4 width in readable type, so the table is
# printed as two: the hours (up to «Total arbeidstid per uke», against 68 / 49 t) and the
# frequency, arbeidsmiljøloven and duty counts, each with the doctor's name first.

LOAD_FONT_PT = 7.0
LOAD_HEADER_PT = 6.5
LOAD_HOURS_COLUMNS = tuple(range(TOTAL_INDEX + 1))  # Lege … Total arbeidstid per uke
LOAD_OTHER_COLUMNS = (0, *range(TOTAL_INDEX + 1, len(LOAD_COLUMNS)))  # Lege, 1:N … høytid
TEXT_COLUMNS = {0, 1, 2}  # Lege, Type, Kommune: left-aligned, may wrap at spaces
FLAGS_TITLE = "Merknad"
# Where a long word of a column title may break (a soft hyphen), so a narrow column does not
# cut it anywhere (Qt breaks a word that does not fit wherever it must).
TITLE_BREAKS = {
    "Arbeidstidsekvivalent": "Arbeidstids\u00adekvivalent",
    "bakvakttimer": "bakvakt\u00adtimer",
    "Praksistimer": "Praksis\u00adtimer",
    "Praksisdager": "Praksis\u00addager",
    "Nattevakter": "Natte\u00advakter",
    "Helligdager": "Hellig\u00addager",
    "Høytidsdager": "Høytids\u00addager",
    "Høytidsvakter": "Høytids\u00advakter",
    "Høytidsvakter,": "Høytids\u00advakter,",
    "Vaktregnskap": "Vakt\u00adregnskap",
}
OVER_LIMIT_STYLE = ("#FFC7CE", "#9C0006")  # background, text: as the workbook's red
TIGHT_STYLE = ("#FFEB9C", "#9C5700")  # yellow: mindre enn firedelt
AML_STYLE = ("#FCE4D6", "#833C0B")  # orange: arbeidsmiljøloven


def _title_html(title: str) -> str:
    words = [TITLE_BREAKS.get(w, w) for w in title.split(" ")]
    return escape(" ".join(words))


def _text_width_pt(text: str, font_pt: float, bold: bool = False) -> float:
    """A generous estimate of a text's width in DejaVu Sans (digits ≈ 0.64 em, letters
    ≈ 0.6 em, bold ≈ 0.7 em)."""
    return len(text) * (0.7 if bold else 0.64) * font_pt


def table_widths(
    titles: Sequence[str], cells: Sequence[Sequence[str]], wrapping: set[int], width_pt: float
) -> list[float]:
    """Column widths in per cent of the page: each column at least as wide as its title's
    longest piece (words, split at the soft hyphens of TITLE_BREAKS) and, for figures, its
    widest figure; text columns (``wrapping``) may wrap at spaces but want room for their
    longest text up to 22 characters; the page's spare width goes first to text columns whose
    longest text is longer (up to 48 characters, then the rest of a long Merknad if there is
    room for it on one line), then to every column alike."""
    padding = 8.0  # points: cell padding and borders
    least, want, whole, full = [], [], [], []
    for i, title in enumerate(titles):
        pieces = [p for w in _title_html(title).split(" ") for p in w.split("\u00ad")]
        head = max(_text_width_pt(p, LOAD_HEADER_PT, bold=True) for p in pieces)
        texts = [row[i] for row in cells]
        if i in wrapping:
            word = max((len(w) for t in texts for w in t.split(" ")), default=0)
            longest = max((len(t) for t in texts), default=0)
            low = max(head, word * 0.64 * LOAD_FONT_PT)
            least.append(low + padding)
            want.append(max(low, min(longest, 22) * 0.64 * LOAD_FONT_PT) + padding)
            whole.append(max(low, min(longest, 48) * 0.64 * LOAD_FONT_PT) + padding)
            full.append(max(low, longest * 0.64 * LOAD_FONT_PT) + padding)
        else:
            low = max([head] + [_text_width_pt(t, LOAD_FONT_PT) for t in texts])
            least.append(low + padding)
            want.append(low + padding)
            whole.append(low + padding)
            full.append(low + padding)
    extra = width_pt - sum(want)
    if extra >= 0:  # everything fits: long texts get more room, the rest is spread
        widths = list(want)
        for goal in (whole, full):  # up to 48 characters first, then unwrapped if room
            more = [max(g - w, 0.0) for g, w in zip(goal, widths, strict=True)]
            spare = width_pt - sum(widths)
            share = min(1.0, spare / sum(more)) if sum(more) > 0 else 0.0
            widths = [w + m * share for w, m in zip(widths, more, strict=True)]
        spare = width_pt - sum(widths)
        widths = [w + spare / len(widths) for w in widths]
    else:  # the text columns give up room, down to their longest word
        give = [w - low for w, low in zip(want, least, strict=True)]
        share = min(1.0, -extra / sum(give)) if sum(give) > 0 else 0.0
        widths = [w - g * share for w, g in zip(want, give, strict=True)]
    total = sum(widths)
    return [100.0 * w / total for w in widths]


def _styled_cell(text: str, align_right: bool, style: tuple[str, str] | None) -> str:
    attrs = " align='right'" if align_right else ""
    if style is None:
        return f"<td{attrs}>{escape(text)}</td>"
    background, colour = style
    return (f"<td{attrs} bgcolor='{background}'><span style='color:{colour}'>"
            f"<b>{escape(text)}</b></span></td>")


def _table_open(css_class: str, titles: Sequence[str], widths: Sequence[float]) -> str:
    head = "".join(
        f"<th width='{w:.2f}%'>{_title_html(t)}</th>" for t, w in zip(titles, widths, strict=True)
    )
    return (
        "<table width='100%' border='1' cellspacing='0' cellpadding='1' "
        f"style='border-color:#A6A6A6' class='{css_class}'><thead><tr>{head}</tr></thead><tbody>"
    )


def _notes(lines: Sequence[str]) -> str:
    return "".join(f"<p class='note'>{escape(line)}</p>" for line in lines)


def load_sections(source: RotaSource, layout: RotaLayout, width_pt: float) -> list[Section]:
    """The workbook's «Belastning» sheet as two tables (see above): one row per doctor."""
    rows = load_rows(source, layout)
    values = [load_values(r) for r in rows]
    flags = [load_flags(v) for v in values]
    texts = [[cell_text(v, fmt) for v, (_t, fmt, _w) in zip(vs, LOAD_COLUMNS, strict=True)]
             for vs in values]  # fmt: skip
    styles: list[dict[int, tuple[str, str]]] = []
    for f in flags:
        style: dict[int, tuple[str, str]] = {}
        if f.over_limit:
            style[TOTAL_INDEX] = OVER_LIMIT_STYLE
        if f.below_firedelt:
            style[RATIO_INDEX] = TIGHT_STYLE
        if f.aml_average:
            style[AML_INDEXES[0]] = AML_STYLE
        if f.aml_week:
            style[AML_INDEXES[1]] = AML_STYLE
        styles.append(style)
    legend = load_legend(week_long_rota(source))
    where = f"{escape(layout.district_name)}, {escape(layout.period_text)}"
    footer = f"{layout.district_name} · belastning {layout.period_text}"
    references = " · ".join(
        f"{escape(label)}: <b>{cell_text(value, HOURS_FORMAT)}</b>"
        for label, value in REFERENCE_FIGURES
    )
    parts = (
        (LOAD_HOURS_COLUMNS, "del 1 av 2: arbeidstid", False, escape(load_subtitle(layout)),
         f"<p class='notehead'><b>{escape(REFERENCE_TITLE)}</b>, å sammenligne med «"
         f"{escape(LOAD_COLUMNS[TOTAL_INDEX][0])}»: {references}</p>"
         + _notes(legend[:3])),
        (LOAD_OTHER_COLUMNS, "del 2 av 2: vakthyppighet, arbeidsmiljøloven og vakter", True,
         f"{where}. Vakthyppighet (1:N), tettest avstand og arbeidsmiljøloven per lege, og "
         "vakter om natten, i helg, på helligdager og i høytid.",
         _notes((legend[0], *legend[3:]))),
    )  # fmt: skip
    sections = []
    for columns, part, with_flags, subtitle, closing in parts:
        titles = [LOAD_COLUMNS[c][0] for c in columns] + ([FLAGS_TITLE] if with_flags else [])
        cells = [[t[c] for c in columns] + ([", ".join(flag_words(f))] if with_flags else [])
                 for t, f in zip(texts, flags, strict=True)]  # fmt: skip
        wrapping = {i for i, c in enumerate(columns) if c in TEXT_COLUMNS}
        if with_flags:
            wrapping.add(len(columns))
        widths = table_widths(titles, cells, wrapping, width_pt)
        body = []
        for row_cells, style in zip(cells, styles, strict=True):
            tds = [
                _styled_cell(text, i not in wrapping, style.get(c))
                for i, (text, c) in enumerate(zip(row_cells, [*columns, -1], strict=False))
            ]
            body.append("<tr>" + "".join(tds) + "</tr>")
        sections.append(
            Section(
                first_title=f"<h1>{escape(LOAD_TITLE)}, {part}</h1><p class='sub'>{subtitle}</p>",
                next_title=f"<p class='cont'><b>{escape(LOAD_TITLE)}</b>, {part} (forts.) — "
                f"{where}</p>",
                table_open=_table_open("load", titles, widths),
                rows=body,
                footer=footer,
                closing=closing,
            )
        )
    return sections


def threshold_section(source: RotaSource, layout: RotaLayout) -> Section:
    """The workbook's «Terskel» sheet: the four-doctor threshold verdict and its numbers."""
    rows = []
    for label, value in threshold_rows(source, layout):
        # as the sheet: the float format for fractions only, whole numbers and words as they are
        fmt = THRESHOLD_FLOAT_FORMAT if isinstance(value, float) else None
        rows.append(f"<tr><td><b>{escape(label)}</b></td><td>{escape(cell_text(value, fmt))}</td></tr>")
    where = f"{escape(layout.district_name)}, {escape(layout.period_text)}"
    return Section(
        first_title=f"<h1>Terskel: {escape(THRESHOLD_TITLE)}</h1>"
        f"<p class='sub'>{where}. {escape(THRESHOLD_SUBTITLE)}</p>",
        next_title=f"<p class='cont'><b>Terskel: {escape(THRESHOLD_TITLE)}</b> (forts.) — "
        f"{where}</p>",
        table_open="<table width='100%' border='1' cellspacing='0' cellpadding='2' "
        "style='border-color:#A6A6A6' class='terskel'><thead><tr>"
        "<th width='40%'>Nøkkeltall</th><th width='60%'>Verdi</th></tr></thead><tbody>",
        rows=rows,
        footer=f"{layout.district_name} · terskel {layout.period_text}",
    )


def fairness_section(source: RotaSource, layout: RotaLayout, width_pt: float) -> Section:
    """The workbook's «Rettferdighet» sheet: ``legevakt report``'s «Rettferdighet per lege»,
    the counts outside their fair band red (and «!»), the definitions under the table."""
    report, rows = fairness_table(source, layout)
    titles = [t for t, _fmt, _w in FAIRNESS_COLUMNS]
    cells = [[cell_text(v, fmt) for v, fmt in zip(r.values, fairness_formats(r.values),
                                                   strict=True)] for r in rows]
    widths = table_widths(titles, cells, set(FAIRNESS_TEXT_COLUMNS), width_pt)
    body = []
    for r, texts in zip(rows, cells, strict=True):
        tds = [_styled_cell(text, i not in FAIRNESS_TEXT_COLUMNS,
                            OVER_LIMIT_STYLE if i in r.outside else None)
               for i, text in enumerate(texts)]
        body.append("<tr>" + "".join(tds) + "</tr>")
    return _noted_table(FAIRNESS_TITLE, fairness_subtitle(layout), "rettferdighet", layout,
                        titles, widths, body, fairness_notes(report))


def scenario_section(comparison: ScenarioComparison, layout: RotaLayout,
                     width_pt: float) -> Section:
    """The workbook's «Scenarier» sheet: one row per scenario, «Nåværende» first, the
    numbers as its number formats show them, how they were made under the table."""
    titles = [t for t, _fmt, _w in SCENARIO_COLUMNS]
    cells = [[cell_text(v, fmt) for v, (_t, fmt, _w) in zip(scenario_values(r),
                                                             SCENARIO_COLUMNS, strict=True)]
             for r in comparison.results]  # fmt: skip
    widths = table_widths(titles, cells, set(SCENARIO_TEXT_COLUMNS), width_pt)
    body = ["<tr>" + "".join(_styled_cell(text, i not in SCENARIO_TEXT_COLUMNS, None)
                             for i, text in enumerate(texts)) + "</tr>" for texts in cells]
    return _noted_table(SCENARIO_TITLE, scenario_subtitle(layout), "scenarier", layout,
                        titles, widths, body, scenario_notes(comparison))


def _noted_table(title: str, subtitle: str, footer_word: str, layout: RotaLayout,
                 titles: Sequence[str], widths: Sequence[float], body: list[str],
                 notes: Sequence[str]) -> Section:
    """A report table with its title and subtitle, the title again on each page it runs on,
    and its notes after it (the first in bold)."""
    where = f"{escape(layout.district_name)}, {escape(layout.period_text)}"
    return Section(
        first_title=f"<h1>{escape(title)}</h1><p class='sub'>{escape(subtitle)}</p>",
        next_title=f"<p class='cont'><b>{escape(title)}</b> (forts.) — {where}</p>",
        table_open=_table_open("load", titles, widths),
        rows=body,
        footer=f"{layout.district_name} · {footer_word} {layout.period_text}",
        closing=f"<p class='notehead'><b>{escape(notes[0])}</b></p>" + _notes(notes[1:]),
    )


def report_sections(source: RotaSource, layout: RotaLayout, width_pt: float) -> list[Section]:
    """Belastning (two tables), Rettferdighet and Terskel, as in the workbook, and the
    Scenarier when they were run (``source.scenarios``)."""
    sections = [*load_sections(source, layout, width_pt),
                fairness_section(source, layout, width_pt), threshold_section(source, layout)]
    if source.scenarios is not None and source.scenarios.results:
        sections.append(scenario_section(source.scenarios, layout, width_pt))
    return sections


A4_LANDSCAPE_WIDTH_PT = (297 - 2 * MARGIN_MM) / 25.4 * 72


def rota_sections(
    layout: RotaLayout,
    calendar: bool = True,
    doctor_ids: list[str] | None = None,
    width_pt: float = A4_LANDSCAPE_WIDTH_PT,
) -> list[Section]:
    """The calendar (if ``calendar``), then each doctor's list (``doctor_ids``; None: all)."""
    font_pt = calendar_font_pt(len(layout.columns))
    sections = [calendar_section(layout, font_pt, width_pt)] if calendar else []
    ids = layout.doctor_ids if doctor_ids is None else doctor_ids
    return sections + [doctor_section(layout, d) for d in ids]


# ---------------------------------------------------------------- cutting into pages


def paginate(
    section: Section,
    row_heights: Sequence[float],
    empty_height: Callable[[bool], float],
    page_height: float,
    fits: Callable[[str], bool],
) -> list[tuple[int, int]]:
    """Cut ``section`` into pages ``[(start, end), …]`` of whole rows.

    ``row_heights`` are the measured heights of the body rows, ``empty_height(first)`` the
    height of a page with the title and table header but no rows; ``fits(html)`` checks a
    page for real (the estimate can be off by a border). A page starts at one of
    ``section.preferred_starts`` when it can still hold a whole week; a row taller than a
    page gets a page of its own."""
    pages: list[tuple[int, int]] = []
    n = len(section.rows)
    start = 0
    while start < n:
        room = page_height - empty_height(start == 0)
        end, used = start, 0.0
        while end < n and used + row_heights[end] <= room:
            used += row_heights[end]
            end += 1
        end = max(end, start + 1)
        if end < n and end not in section.preferred_starts:
            # Start the next page on a Monday if that costs at most a fifth of this page.
            least = max(start + WHOLE_WEEKS_MIN_ROWS, start + 0.8 * (end - start))
            cuts = [k for k in section.preferred_starts if least <= k < end]
            if cuts:
                end = max(cuts)
            elif end in section.avoid_starts and end - 1 > start:
                end -= 1  # not between Saturday and Sunday: the weekend stays together
        end = _leave_enough_for_last_page(section, start, end)
        while end > start + 1 and not fits(section.page_html(start, end)):
            end -= 1
        # the real layout took rows off (a closing text under the table needs room too):
        # again not a lone row or two on the last page
        end = _leave_enough_for_last_page(section, start, end)
        pages.append((start, end))
        start = end
    return pages


def _leave_enough_for_last_page(section: Section, start: int, end: int) -> int:
    """Where a page from ``start`` should end so that the last page holds at least
    ``section.min_last_rows`` rows: a last page with a row or two (a lone Sum line, one day,
    one doctor) takes a few more along, from a Monday when there is one."""
    n = len(section.rows)
    if 0 < n - end < section.min_last_rows and end - start > section.min_last_rows:
        last = n - section.min_last_rows
        mondays = [k for k in section.preferred_starts if start < k <= last]
        return max(mondays) if mondays else last
    return end


class _PageMaker:
    """Lays out HTML exactly as it will be printed (same paint device, width and font)."""

    def __init__(self, device: Any, width: float, style: str) -> None:
        from PySide6.QtGui import QFont

        self.device = device
        self.width = width
        self.style = style
        self.font = QFont("DejaVu Sans", 8)
        self._pages: dict[str, Any] = {}  # page HTML → laid-out QTextDocument

    def document(self, body: str) -> Any:
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setDocumentMargin(0)
        document.documentLayout().setPaintDevice(self.device)
        document.setDefaultFont(self.font)
        document.setTextWidth(self.width)
        document.setHtml(
            f"<html><head><meta charset='utf-8'><style>{self.style}</style></head>"
            f"<body>{body}</body></html>"
        )
        return document

    def page(self, body: str) -> Any:
        """The laid-out document of one page (kept: it is measured, then printed)."""
        if body not in self._pages:
            self._pages[body] = self.document(body)
        return self._pages[body]

    def height(self, body: str) -> float:
        return float(self.page(body).size().height())

    def row_heights(self, section: Section) -> list[float]:
        """Height of each body row, from one layout of the whole table."""
        document = self.document(section.table_open + "".join(section.rows) + "</tbody></table>")
        frames = document.rootFrame().childFrames()
        n = len(section.rows)
        if not frames or n == 0:
            return [0.0] * n
        table = frames[0]
        header_rows = table.rows() - n
        layout = document.documentLayout()

        def top(row: int) -> float:
            block = table.cellAt(header_rows + row, 0).firstCursorPosition().block()
            return float(layout.blockBoundingRect(block).top())

        tops = [top(r) for r in range(n)]
        tops.append(float(layout.frameBoundingRect(table).bottom()))
        return [tops[r + 1] - tops[r] for r in range(n)]


@dataclass(frozen=True)
class Page:
    """One printed page: rows ``start:end`` of ``section``, its HTML and its footer."""

    section: Section
    start: int
    end: int
    html: str
    height: float  # laid out, device pixels (at most the body height unless one row is taller)


@dataclass(frozen=True)
class PageGeometry:
    width: float  # device pixels
    body_height: float  # above the footer
    footer_height: float


def setup_writer(writer: Any) -> PageGeometry:
    """A4 landscape with our margins and resolution; the printable area in device pixels."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer = RESOLUTION * FOOTER_INCH  # inches → device pixels
    return PageGeometry(float(page.width()), float(page.height()) - footer, footer)


def plan_pages(
    layout: RotaLayout,
    writer: Any,
    geometry: PageGeometry,
    calendar: bool = True,
    doctor_ids: list[str] | None = None,
    report_source: RotaSource | None = None,
) -> tuple[_PageMaker, list[Page]]:
    """Every page of the PDF, laid out on ``writer`` (so sizes are true sizes on paper):
    the calendar, then the Belastning and Terskel report of ``report_source`` (None: no
    report), then each doctor's list."""
    size = calendar_font_pt(len(layout.columns))
    style = STYLE + f"table.cal td, table.cal th {{ font-size: {size:.1f}pt; }}"
    maker = _PageMaker(writer, geometry.width, style)
    body = geometry.body_height
    pages: list[Page] = []
    width_pt = geometry.width / RESOLUTION * 72
    sections = rota_sections(layout, calendar, doctor_ids, width_pt)
    if report_source is not None:
        at = 1 if calendar else 0
        sections[at:at] = report_sections(report_source, layout, width_pt)
    for section in sections:
        heights = maker.row_heights(section)
        empty = {True: maker.height(section.page_html(0, 0)),
                 False: maker.height(section.page_html(1, 1))}  # fmt: skip
        cuts = paginate(
            section, heights, empty.__getitem__, body, lambda html: maker.height(html) <= body
        )
        for start, end in cuts:
            html = section.page_html(start, end)
            pages.append(Page(section, start, end, html, maker.height(html)))
    return maker, pages


def export_pdf(
    source: RotaSource,
    path: str | os.PathLike[str],
    calendar: bool | None = None,
    doctor_ids: list[str] | None = None,
    report: bool | None = None,
) -> Path:
    """Write the rota calendar (``calendar``), the burden report (``report``: the
    workbook's Belastning, Rettferdighet and Terskel, same figures) and each doctor's list
    (``doctor_ids``; None: every doctor, []: none) as one A4 landscape PDF. Returns the path.

    ``calendar=None`` and ``report=None`` include the calendar and the report in the PDF of
    the whole rota and leave them out of a PDF of some doctors' lists only (``doctor_ids``
    given): a doctor's own PDF shows neither every colleague's vakter nor their figures
    unless asked for with ``calendar=True`` or ``report=True``.

    The PDF is made in memory and written at the end (temporary file, then rename): a
    process killed while laying out the pages (the desktop app cancels an export that way)
    leaves no half-written file with personal data behind."""
    _ensure_gui_application()
    from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import QFont, QPainter, QPdfWriter

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(2, f"mappen {folder} finnes ikke", str(target))
    layout = build_layout(source)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"Vaktturnus {layout.district_name} {layout.period_text}")
    writer.setCreator(f"Legevakt {__version__}")
    geometry = setup_writer(writer)
    with_report = doctor_ids is None if report is None else report
    with_calendar = doctor_ids is None if calendar is None else calendar
    maker, pages = plan_pages(
        layout, writer, geometry, with_calendar, doctor_ids, source if with_report else None
    )
    width, body_height = geometry.width, geometry.body_height

    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise OSError(f"Qt cannot make a PDF for {target}")
        footer_font = QFont("DejaVu Sans", 7)
        for index, page in enumerate(pages):
            if index:
                writer.newPage()
            maker.page(page.html).drawContents(painter, QRectF(0, 0, width, body_height))
            painter.setFont(footer_font)
            box = QRectF(QPointF(0, body_height), QSizeF(width, geometry.footer_height))
            align = Qt.AlignmentFlag.AlignBottom
            painter.drawText(box, align | Qt.AlignmentFlag.AlignLeft, page.section.footer)
            painter.drawText(
                box, align | Qt.AlignmentFlag.AlignRight, f"Side {index + 1} av {len(pages)}"
            )
    finally:
        if painter.isActive():
            painter.end()
    del writer  # finishes the PDF into the buffer
    data = bytes(buffer.data().data())
    buffer.close()
    if not data.startswith(b"%PDF"):
        raise OSError(f"Qt made no PDF for {target}")
    from legevakt_app.project_io import atomic_write_bytes

    atomic_write_bytes(target, data, backup=False, private=False)
    return target
