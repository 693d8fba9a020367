"""File → Importer leger / fravær: a preview of every row and every problem; nothing changes
until the leader presses «Importer», and then as one undoable step."""

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from legevakt_app.ui.resources import TEMPLATES
from tests.conftest import SAMPLES

pytestmark = pytest.mark.gui

BAD_DOCTORS = (
    "navn;kommune;fødselsår;type;vaktandel\n"
    "Eva Lund;Lysfjord;1980;fastlege;1\n"
    "Tor Berg;Atlantis;1975;fastlege;1\n"
    "Siv Dal;Lysfjord;nitten;vikar;7\n"
)


def test_doctors_from_the_example_template_after_a_preview(qtbot, window, tmp_path):
    window.open_path(SAMPLES["liten-kommune"])
    before = window.project
    steps = window.undo.count()
    source = tmp_path / "mine leger.csv"
    kari = before.doctors[0]
    assert (kari.name, kari.competence.clinical_months, kari.competence.legevakter_done) == (
        "Kari Nordeng", 71, 793)  # as in the example file; the leader's copy brings her up to date
    text = (TEMPLATES / "leger-eksempel.csv").read_text(encoding="utf-8-sig")
    source.write_text(text.replace("ja;71;793;", "ja;80;812;"), encoding="utf-8")
    dialog = window.import_file("doctors", source)
    assert dialog is not None and dialog.isVisible() and window.import_dialog is dialog
    assert dialog.windowTitle() == "Importer leger — forhåndsvisning"
    assert dialog.texts() == [
        "rad 2: oppdaterer lege: Kari Nordeng (Fastlege, Lysfjord, født 1971) — endrer "
        "kliniske måneder 71 → 80, legevakter 793 → 812",
        # a new doctor's stilling and vaktandel, and whether the facts given make her need
        # a bakvakt
        "rad 3: ny lege: Jonas Bakke (LIS1, Lysfjord, født 1996) — stilling 100 %, vaktandel 100 %, "
        "praksis 40 t/uke; trenger bakvakt (14 av 30 mnd klinisk tjeneste; 12 av 40 "
        "legevakter og 0,5 av 1 år som allmennlege)",
        "rad 4: ny lege: Åse Øvrebø (Vikar, Lysfjord, født 1960) — stilling 50 %, vaktandel 50 %, "
        "praksis 0 t/uke",
    ]
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Importer 3"
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert str(TEMPLATES.resolve()) in labels and "leger-eksempel.xlsx" in labels
    assert window.project is before  # the preview changed nothing

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    names = [d.name for d in window.project.doctors]
    assert len(names) == 6 and "Jonas Bakke" in names and "Åse Øvrebø" in names
    kari = next(d for d in window.project.doctors if d.name == "Kari Nordeng")
    assert kari.competence.clinical_months == 80 and kari.id == before.doctors[0].id
    assert window.doctor_model.rowCount() == 6 and window.tabs.currentIndex() == 1
    assert window.undo.count() == steps + 1  # one step
    assert "Importer leger fra mine leger.csv: 2 nye, 1 oppdatert" in window.undo.undoText()
    window.undo.undo()
    assert window.project is before
    window.undo.redo()
    assert len(window.project.doctors) == 6


def test_a_file_with_problems_lists_every_one_and_imports_nothing(qtbot, window, tmp_path):
    window.open_path(SAMPLES["liten-kommune"])
    before, steps = window.project, window.undo.count()
    source = tmp_path / "leger.csv"
    source.write_text(BAD_DOCTORS, encoding="utf-8")
    dialog = window.import_file("doctors", source)
    texts = dialog.texts()
    problems = [t for t in texts if t.startswith("problem:")]
    assert any(t.startswith("problem: rad 3: kommune: ukjent kommune «Atlantis»") for t in problems), texts
    assert any(t.startswith("problem: rad 4: fødselsår:") for t in problems), texts
    assert any(t.startswith("problem: rad 4: vaktandel: for høy verdi") for t in problems), texts
    assert any(text.startswith("rad 2: ny lege: Eva Lund (Fastlege, Lysfjord, født 1980)")
               for text in texts)  # the good row
    assert not dialog.import_button.isEnabled() and dialog.import_button.text() == "Importer"
    assert dialog.cancel_button.text() == "Lukk"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.import_dialog is None)
    assert window.project is before and window.undo.count() == steps and not window.modified


def test_absences_from_a_workbook_cancel_then_import(qtbot, window, solved_sample, tmp_path):
    window.open_path(solved_sample("liten-kommune"))
    assert window.violations == []
    before = window.project
    source = tmp_path / "fravær.xlsx"
    shutil.copy(TEMPLATES / "fravaer-eksempel.xlsx", source)
    dialog = window.import_file("absences", source)
    assert dialog.texts() == [
        "rad 2: nytt fravær: Kari Nordeng: ferie 01.07.2027–21.07.2027",
        "rad 3: finnes alt (hoppes over): Ola Hallingset: kurs 12.04.2027–14.04.2027",
    ]
    assert dialog.import_button.text() == "Importer 1"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # Avbryt
    assert window.project is before and not window.modified

    dialog = window.import_file("absences", source)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    kari = next(d for d in window.project.doctors if d.name == "Kari Nordeng")
    assert [(a.start.isoformat(), a.end.isoformat(), a.kind) for a in kari.unavailable][-1] == (
        "2027-07-01", "2027-07-21", "ferie")
    assert window.tabs.currentIndex() == 3
    window.undo.undo()
    assert window.project is before


def test_an_absence_over_a_duty_shows_in_kontroll(qtbot, window, solved_sample, tmp_path):
    window.open_path(solved_sample("liten-kommune"))
    duty = window.project.rota[40]
    day = duty.shift_id.split("@")[1]  # the day the shift starts (yyyy-mm-dd)
    name = next(d.name for d in window.project.doctors if d.id == duty.doctor_id)
    source = tmp_path / "fravaer.csv"
    source.write_text(f"lege;fra;til;type\n{name};{day};{day};kurs\n", encoding="utf-8")
    dialog = window.import_file("absences", source)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert any(v.shift_id == duty.shift_id for v in window.violations)
    assert "«Reparer» tilpasser den" in window.last_message
    assert "✖" in window.status_label.text()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("leger.pdf", b"%PDF-1.4", "ukjent filtype «.pdf» (bruk .xlsx eller .csv)"),
        ("tom.csv", b"", "filen er tom"),
        ("finnes-ikke.csv", None, "filen finnes ikke"),
    ],
)
def test_an_unreadable_file_gets_a_norwegian_message(window, tmp_path, name, content, expected):
    window.open_path(SAMPLES["liten-kommune"])
    before = window.project
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    assert window.import_file("doctors", source) is None
    assert window.import_dialog is None
    assert expected in window.last_message and "Kan ikke importere" in window.last_message
    assert window.project is before


def test_file_menu_offers_both_imports(qtbot, window, tmp_path, monkeypatch):
    import legevakt_app.ui.main_window as mw

    window.open_path(SAMPLES["liten-kommune"])
    source = tmp_path / "fravaer.csv"
    shutil.copy(TEMPLATES / "fravaer-eksempel.csv", source)
    asked = []
    monkeypatch.setattr(mw, "choose_import_file",
                        lambda _parent, kind, folder: (asked.append((kind, folder)), str(source))[1])
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Importer leger …" in texts and "Importer &fravær …" in texts
    window.act_import_absences.trigger()
    assert asked[0][0] == "absences"
    assert window.import_dialog is not None
    assert window.import_dialog.windowTitle() == "Importer fravær — forhåndsvisning"
    window.import_dialog.reject()
    window.act_import_doctors.trigger()  # remembers the folder of the last import
    assert asked[1] == ("doctors", tmp_path)


def test_the_whole_list_box_cancels_what_the_file_no_longer_has(qtbot, window, tmp_path):
    """An absence preview offers «Filen er hele fraværslisten …»: ticked, the file is read
    again and the preview adds a row (–) for Kari's saved winter ferie, which the HR list no
    longer has; «Importer» then cancels it."""
    from datetime import date

    from legevakt_app.domain import Absence

    window.open_path(SAMPLES["liten-kommune"])
    source = tmp_path / "ferie.csv"
    source.write_text("lege;fra;til;type\nKari Nordeng;07.06.2027;11.06.2027;ferie\n",
                      encoding="utf-8")
    dialog = window.import_file("absences", source)
    assert dialog.replace_box is not None and not dialog.replace_box.isChecked()
    assert dialog.texts() == ["rad 2: nytt fravær: Kari Nordeng: ferie 07.06.2027–11.06.2027"]
    dialog.replace_box.setChecked(True)
    dialog = window.import_dialog
    assert dialog.replace_box.isChecked()
    assert dialog.texts() == [
        "rad 2: nytt fravær: Kari Nordeng: ferie 07.06.2027–11.06.2027",
        "rad –: fjerner fravær: Kari Nordeng: ferie 22.02.2027–28.02.2027 (står ikke i filen)"]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    kari = next(d for d in window.project.doctors if d.name == "Kari Nordeng")
    assert kari.unavailable == [Absence(start=date(2027, 6, 7), end=date(2027, 6, 11),
                                        kind="ferie")]
