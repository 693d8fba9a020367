"""The export-error dialog: a refused or failed export says in Norwegian which file and why
(no Python exception, no traceback), and nothing is written over a project file, the open
project, a file of another format or a special file."""

from __future__ import annotations

import os
import stat

import pytest

from tests.conftest import SAMPLES
from tests.foundation.full_disk import fill, full_disk
from tests.gui.conftest import wait_idle

pytestmark = pytest.mark.gui
ENGLISH = ("Traceback", "Error", "Errno", "No space", "Noe gikk galt")


def _refused(window, kind, target):
    window.last_message = None
    assert window.export(kind, str(target)) is None  # refused before any work
    return window.last_message or ""


def test_export_never_writes_over_a_project_or_another_formats_file(window, solved_sample,
                                                                     tmp_path):
    path = solved_sample("liten-kommune")
    window.open_path(path)
    other = tmp_path / "annet.legevakt.json"
    other.write_bytes(SAMPLES["interkommunal"].read_bytes())
    csv = tmp_path / "fravaer.csv"
    csv.write_text("lege;fra;til\n", encoding="utf-8")
    fifo = tmp_path / "rør.json"
    os.mkfifo(fifo)
    kept = {p: p.read_bytes() for p in (path, other, csv)}
    cases = [("xlsx", path, "slutter på .xlsx"), ("result", path, "er filen det leses fra"),
             ("xlsx", other, "slutter på .xlsx"), ("result", other, "er en prosjektfil"),
             ("pdf", csv, "slutter på .pdf"), ("result", fifo, "ikke en vanlig fil")]
    for kind, target, words in cases:
        message = _refused(window, kind, target)
        assert str(target) in message, message
        assert message.startswith("Kan ikke eksportere") and words in message, message
        assert not any(w in message for w in ENGLISH), message
    assert {p: p.read_bytes() for p in kept} == kept
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert not window.modified


def test_an_export_to_a_full_disk_says_so_without_a_traceback(qtbot, window, solved_sample,
                                                               tmp_path, monkeypatch):
    from tests.gui.test_export_and_reports import just_export

    just_export(monkeypatch)  # (the calendars of a rota not published: asked first)
    window.open_path(solved_sample("liten-kommune"))
    with full_disk(tmp_path / "full") as full:
        fill(full, free_kb=4)
        for kind, name in (("xlsx", "turnus.xlsx"), ("ics", "kalender"), ("pdf", "turnus.pdf")):
            window.last_message = None
            assert window.export(kind, str(full / name)) is not None
            wait_idle(qtbot, window, timeout=120_000)
            message = window.last_message or ""
            assert message.startswith("Eksporten feilet"), message
            assert f"{full / name}: kan ikke " in message, message
            assert "ingen plass igjen på disken" in message, message
            assert not any(w in message for w in ENGLISH), message
            said = window.statusBar().currentMessage()  # not what went before
            assert said.startswith(f"Ikke eksportert: {full / name}: kan ikke "), said
        left = sorted(p.name for p in full.rglob("*") if p.name != "fyll" and p.is_file())
        assert left == []
