"""PDF of the rota calendar and of each doctor's list, through Qt's printing to PDF.

A4 landscape, one table per section with the header row repeated on every page, each
doctor's list starting on a new page. The content is the same layout as the workbook
(``legevakt_app.export.layout``); Qt is imported only when a PDF is made, so the CLI and
the tests of the other exports never load it.
"""

from __future__ import annotations

import os
import sys
from html import escape
from pathlib import Path
from typing import Any

from legevakt_app import __version__
from legevakt_app.export.layout import RotaLayout, build_layout, no_date, totals
from legevakt_app.rota_source import RotaSource

SHORT_WEEKDAYS = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]
WEEKEND_BG = "#E4E4E4"
HOLIDAY_BG = "#F8CBAD"
NO_SHIFT_BG = "#F5F5F5"
HEADER_BG = "#1F4E79"
RESOLUTION = 300  # dots per inch of the PDF's layout
MARGIN_MM = 9
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
table { border-collapse: collapse; }
th { background-color: #1F4E79; color: white; font-weight: bold; padding: 2px; }
th.role { background-color: #D9E1F2; color: black; }
td { padding: 1px 3px; }
td.num { text-align: right; }
td.vacant { color: #C00000; font-weight: bold; }
tr.sum td { font-weight: bold; border-top: 1px solid #404040; }
table.doc td, table.doc th { font-size: 7pt; }
"""


def calendar_font_pt(columns: int) -> float:
    """Smaller type when there are many columns, so names wrap at spaces, not inside words."""
    return max(5.5, min(8.0, 10.0 - 0.28 * columns))


def calendar_html(layout: RotaLayout) -> str:
    parts = [
        f"<h1>Vaktturnus — {escape(layout.district_name)}</h1>",
        f"<p class='sub'>Periode {escape(layout.period_text)}. Grå dato: helg. "
        f"Rød dato: helligdag (★ høytid). LEDIG: vakt uten lege.</p>",
        "<table class='cal' width='100%' border='1' cellspacing='0' cellpadding='1' "
        "style='border-color:#A6A6A6'>",
        "<thead>",
    ]
    row1 = ["<tr><th rowspan='3'>Dato</th><th rowspan='3'>Dag</th><th rowspan='3'>Uke</th>"]
    for name, span in layout.stations():
        row1.append(f"<th colspan='{span}'>{escape(name)}</th>")
    row1.append("</tr>")
    row2 = (
        ["<tr>"]
        + [f"<th colspan='{span}'>{escape(name)}</th>" for name, span in layout.templates()]
        + ["</tr>"]
    )
    row3 = (
        ["<tr>"]
        + [f"<th class='role'>{escape(col.role_text)}</th>" for col in layout.columns]
        + ["</tr>"]
    )
    parts += ["".join(row1), "".join(row2), "".join(row3), "</thead><tbody>"]
    for day in layout.rows:
        bg = HOLIDAY_BG if day.holiday_name else WEEKEND_BG if day.weekend else ""
        bg_attr = f" bgcolor='{bg}'" if bg else ""
        note = ""
        if day.holiday_name:
            star = "★ " if day.high_day else ""
            note = f"<br/><small>{star}{escape(day.holiday_name)}</small>"
        cells = [
            f"<td{bg_attr}><b>{day.day:%d.%m}</b>{note}</td>",
            f"<td{bg_attr}>{SHORT_WEEKDAYS[day.day.weekday()]}</td>",
            f"<td{bg_attr} align='center'>{day.week}</td>",
        ]
        for item in day.cells:
            if item is None:
                cells.append(f"<td bgcolor='{NO_SHIFT_BG}'></td>")
            elif item.doctor_id is None:
                cells.append("<td class='vacant'>LEDIG</td>")
            else:
                colour = layout.colours[item.doctor_id]
                cells.append(f"<td bgcolor='#{colour}'>{escape(item.doctor_name)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


DOCTOR_HEADERS = ("Dato", "Dag", "Uke", "Fra", "Til", "Stasjon", "Vakt", "Rolle", "Form", "Timer")


def doctor_html(layout: RotaLayout, doctor_id: str) -> str:
    name = layout.doctor_names.get(doctor_id, doctor_id)
    duties = layout.duties.get(doctor_id, [])
    t = totals(duties)
    colour = layout.colours.get(doctor_id, "FFFFFF")
    parts = [
        f"<h1><span style='background-color:#{colour}'>&nbsp;{escape(name)}&nbsp;</span></h1>",
        f"<p class='sub'>Vakter i {escape(layout.district_name)}, "
        f"periode {escape(layout.period_text)}</p>",
        "<table width='100%' border='1' cellspacing='0' cellpadding='1' "
        "style='border-color:#A6A6A6' class='doc'><thead><tr>",
        "".join(f"<th>{h}</th>" for h in DOCTOR_HEADERS),
        "</tr></thead><tbody>",
    ]
    for duty in duties:
        start, end = duty.start_local, duty.end_local
        shift = duty.shift
        bg = HOLIDAY_BG if shift.holiday else WEEKEND_BG if shift.weekend else ""
        bg_attr = f" bgcolor='{bg}'" if bg else ""
        same_day = end.date() == start.date()
        end_text = f"{end:%H:%M}" if same_day else f"{end:%d.%m} {end:%H:%M}"
        parts.append(
            "<tr>"
            f"<td{bg_attr}>{start:%d.%m.%Y}</td>"
            f"<td{bg_attr}>{SHORT_WEEKDAYS[start.weekday()]}</td>"
            f"<td{bg_attr} align='center'>{start.isocalendar()[1]}</td>"
            f"<td>{start:%H:%M}</td><td>{end_text}</td>"
            f"<td>{escape(duty.station_name)}</td><td>{escape(duty.template_name)}</td>"
            f"<td>{escape(duty.role_text)}</td><td>{escape(duty.presence_text)}</td>"
            f"<td class='num' align='right'>{_hours(duty.hours)}</td></tr>"
        )
    if not duties:
        parts.append(f"<tr><td colspan='{len(DOCTOR_HEADERS)}'>Ingen vakter i perioden</td></tr>")
    summary = (
        f"Sum: {t.vakter} vakter ({t.nights} natt, {t.weekends} helg, {t.holidays} helligdag)"
        + (f", {t.bakvakter} bakvakter" if t.bakvakter else "")
    )
    parts.append(
        f"<tr class='sum'><td colspan='{len(DOCTOR_HEADERS) - 1}'><b>{summary}</b></td>"
        f"<td align='right'><b>{_hours(t.hours)}</b></td></tr>"
    )
    parts.append("</tbody></table>")
    return "".join(parts)


def rota_html(
    layout: RotaLayout, calendar: bool = True, doctor_ids: list[str] | None = None
) -> str:
    """The whole document as Qt rich text (HTML subset)."""
    size = calendar_font_pt(len(layout.columns))
    cal_style = f"table.cal td, table.cal th {{ font-size: {size:.1f}pt; }}"
    sections: list[str] = []
    if calendar:
        sections.append(calendar_html(layout))
    ids = layout.doctor_ids if doctor_ids is None else doctor_ids
    for doctor_id in ids:
        sections.append(doctor_html(layout, doctor_id))
    body = "".join(
        f"<div style='page-break-before: always'>{s}</div>" if i else f"<div>{s}</div>"
        for i, s in enumerate(sections)
    )
    return (
        f"<html><head><meta charset='utf-8'><style>{STYLE}{cal_style}</style></head>"
        f"<body>{body}</body></html>"
    )


def export_pdf(
    source: RotaSource,
    path: str | os.PathLike[str],
    calendar: bool = True,
    doctor_ids: list[str] | None = None,
) -> Path:
    """Write the rota calendar (``calendar``) and each doctor's list (``doctor_ids``; None:
    every doctor, []: none) as one A4 landscape PDF. Returns the path."""
    _ensure_gui_application()
    from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

    layout = build_layout(source)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(f"Vaktturnus {layout.district_name} {layout.period_text}")
    writer.setCreator(f"Legevakt {__version__}")
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
    footer_height = RESOLUTION * 0.22  # inches → device pixels
    document = QTextDocument()
    document.setDocumentMargin(0)
    # Lay out at the PDF's resolution, so sizes in pt are true sizes on paper.
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(QFont("DejaVu Sans", 8))
    document.setHtml(rota_html(layout, calendar, doctor_ids))
    body_height = page.height() - footer_height
    document.setPageSize(QSizeF(page.width(), body_height))
    pages = document.pageCount()
    footer_left = f"{layout.district_name} · vaktturnus {layout.period_text}"
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise OSError(f"cannot write {target}")
        painter.setFont(QFont("DejaVu Sans", 7))
        for index in range(pages):
            if index:
                writer.newPage()
            painter.save()
            painter.translate(0, -index * body_height)
            document.drawContents(painter, QRectF(0, index * body_height, page.width(),
                                                  body_height))  # fmt: skip
            painter.restore()
            box = QRectF(QPointF(0, body_height), QSizeF(page.width(), footer_height))
            align = Qt.AlignmentFlag.AlignBottom
            painter.drawText(box, align | Qt.AlignmentFlag.AlignLeft, footer_left)
            painter.drawText(
                box, align | Qt.AlignmentFlag.AlignRight, f"Side {index + 1} av {pages}"
            )
        painter.end()
        del writer  # finishes and closes the file
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise OSError(f"Qt wrote no PDF to {target}")
        os.replace(tmp, target)
    finally:
        if painter.isActive():
            painter.end()
        if tmp.exists():
            tmp.unlink()
    return target


def pdf_summary(layout: RotaLayout) -> str:
    """One line for the CLI: what the PDF contains."""
    return (
        f"kalender {no_date(layout.period_start)}–{no_date(layout.period_end)} og "
        f"{len(layout.doctor_ids)} legelister"
    )
