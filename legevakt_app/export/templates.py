"""Write the import template files in ``resources/templates/``.

Run ``python -m legevakt_app.export.templates`` after changing a column layout in
``importer.py``; a test checks the committed files still match.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from legevakt_app.export.importer import ABSENCE_COLUMNS, DOCTOR_COLUMNS, ImportColumn

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "resources" / "templates"

EXAMPLE_DOCTORS = [
    ["Kari Nordeng", "Lysfjord", "1971", "fastlege", "", "1", "1", "49", "ja", "71", "793", "5", "ja", "ja"],
    ["Jonas Bakke", "Lysfjord", "1996", "LIS1", "", "1", "1", "40", "nei", "14", "12", "0,5", "ja", "ja"],
    ["Åse Øvrebø", "Lysfjord", "1960", "vikar", "", "0,5", "0,5", "0", "ja", "300", "1200", "20", "ja", "ja"],
]  # fmt: skip
EXAMPLE_ABSENCES = [
    ["Kari Nordeng", "01.07.2027", "21.07.2027", "ferie"],
    ["Ola Hallingset", "12.04.2027", "14.04.2027", "kurs"],
]


def _write_xlsx(path: Path, columns: tuple[ImportColumn, ...], rows: list[list[str]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Import"
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(1, c, col.name)
        cell.font = Font(bold=True, color="FFFFFF" if col.required else "000000")
        cell.fill = PatternFill("solid", fgColor="1F4E79" if col.required else "D9E1F2")
        ws.column_dimensions[get_column_letter(c)].width = max(12, len(col.name) + 3)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value).number_format = "@"  # typed in as text, read as the user wrote it
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Forklaring")
    info.cell(1, 1, "Kolonne").font = Font(bold=True)
    info.cell(1, 2, "Må fylles ut").font = Font(bold=True)
    info.cell(1, 3, "Hva").font = Font(bold=True)
    for r, col in enumerate(columns, start=2):
        info.cell(r, 1, col.name)
        info.cell(r, 2, "ja" if col.required else "nei")
        info.cell(r, 3, col.help).alignment = Alignment(wrap_text=True)
    info.cell(len(columns) + 3, 1, "Bare det første arket leses. Rad 1 er overskrifter. "
              "Datoer som dd.mm.åååå, desimaltall med komma (0,5).")  # fmt: skip
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 13
    info.column_dimensions["C"].width = 80
    wb.save(path)


def _write_csv(path: Path, columns: tuple[ImportColumn, ...], rows: list[list[str]]) -> None:
    # Semicolons and a BOM: what Excel in Norwegian writes and reads without a wizard.
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.name for c in columns])
        writer.writerows(rows)


def write_templates(folder: str | os.PathLike[str] = TEMPLATES_DIR) -> list[Path]:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for stem, columns, examples in (
        ("leger", DOCTOR_COLUMNS, EXAMPLE_DOCTORS),
        ("fravaer", ABSENCE_COLUMNS, EXAMPLE_ABSENCES),
    ):
        for suffix, rows in (("", []), ("-eksempel", examples)):
            xlsx = target / f"{stem}{suffix}.xlsx"
            csv_path = target / f"{stem}{suffix}.csv"
            _write_xlsx(xlsx, columns, rows)
            _write_csv(csv_path, columns, rows)
            out += [xlsx, csv_path]
    return out


if __name__ == "__main__":
    for path in write_templates():
        print(path)
