"""PDF through Qt: produced, non-empty, A4 landscape, calendar plus one section per doctor."""

from __future__ import annotations

import re

import pytest

from tests.export.conftest import sample_source

pytestmark = pytest.mark.gui


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def test_calendar_and_doctor_lists(tmp_path):
    from legevakt_app.ui.pdf_export import export_pdf

    source = sample_source("liten-kommune")
    path = export_pdf(source, tmp_path / "turnus.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    pages = page_count(data)
    assert pages >= 1 + len(source.problem.doctors)  # calendar, then each doctor on a new page
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    assert box is not None
    width, height = float(box[1]), float(box[2])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    assert not list(tmp_path.glob(".*.tmp"))


def test_one_doctor_only(tmp_path):
    from legevakt_app.export.layout import build_layout
    from legevakt_app.ui.pdf_export import export_pdf, rota_html

    source = sample_source("liten-kommune")
    doctor = source.problem.doctors[0]
    path = export_pdf(source, tmp_path / "kari.pdf", calendar=False, doctor_ids=[doctor.id])
    assert 1 <= page_count(path.read_bytes()) <= 3  # ~75 vakter: two pages
    html = rota_html(build_layout(source), calendar=False, doctor_ids=[doctor.id])
    assert doctor.name in html and source.problem.doctors[1].name not in html
