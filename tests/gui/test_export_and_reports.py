"""Exports from the File menu, publishing, and the report questions the window answers for the
Terskel view (in a worker, with cancel)."""

import json
import time

import pytest
from PySide6.QtCore import Qt

from legevakt_app.project_io import load_project
from tests.conftest import SAMPLES
from tests.gui.conftest import open_three_doctor_terskel, wait_idle, wait_reports

pytestmark = pytest.mark.gui


def just_export(monkeypatch) -> None:
    """Answer «Bare eksporter» when asked to publish the calendars' rota first."""
    import legevakt_app.ui.main_window as mw

    monkeypatch.setattr(mw, "ask_publish_calendars", lambda _parent: "export")


def test_ics_files_one_per_doctor_with_own_duties_only(qtbot, window, solved_sample, tmp_path,
                                                      monkeypatch):
    just_export(monkeypatch)
    window.open_path(solved_sample("liten-kommune"))
    folder = tmp_path / "kalender"
    assert window.export("ics", str(folder)) is not None
    wait_idle(qtbot, window)
    files = sorted(folder.glob("*.ics"))
    doctors = {a.doctor_id for a in window.project.rota}
    assert len(files) == len(doctors)
    assert not [p for p in folder.iterdir() if p.name.startswith(".legevakt-ics-")]  # no scratch left
    names = {d.id: d.name for d in window.project.doctors}
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert text.startswith("BEGIN:VCALENDAR")
        owner = [n for n in names.values() if n.split()[0].lower() in f.name.lower()]
        others = [n for n in names.values() if n not in owner]
        assert not any(n in text for n in others)  # only this doctor's own duties
    # not published: nothing to warn of, the export is kept in the project all the same
    assert "ikke publisert" not in window.last_message
    window.publish()
    assert window.export("ics", str(folder)) is not None
    wait_idle(qtbot, window)
    assert "ikke publisert" not in window.last_message


def test_calendars_exported_without_publishing_are_kept_so_a_moved_vakt_is_cancelled(
        qtbot, window, solved_sample, tmp_path, monkeypatch):
    """«Bare eksporter»: what the calendars hold is kept in the project (an edit that can be
    undone, saved with the project, as «Publiser» is), so after a vakt is given to a colleague
    the next export cancels it in the first doctor's calendar."""
    from icalendar import Calendar

    from legevakt_app.export.ics import event_uid

    just_export(monkeypatch)
    path = solved_sample("liten-kommune")
    window.open_path(path)
    folder = tmp_path / "kalender"
    assert window.export("ics", str(folder)) is not None
    wait_idle(qtbot, window)
    assert window.project.snapshots == [] and window.project.calendars
    assert window.modified and window.undo.undoText() == "Eksporter kalendere"
    assert window.last_message.endswith(". Lagre prosjektet (Ctrl+S), så huskes hva "
                                        "kalenderne holder.")
    assert window.save()
    assert load_project(path).calendars == window.project.calendars

    backed = {a.shift_id for a in window.project.rota if a.role == "bakvakt"}
    cell = next(a for a in window.project.rota if a.role == "vakt" and a.shift_id not in backed)
    there = {a.doctor_id for a in window.project.rota if a.shift_id == cell.shift_id}
    other = next(d.id for d in window.project.doctors if d.id not in there)
    window.assign(cell.shift_id, "vakt", cell.doctor_id, other)
    assert window.export("ics", str(folder)) is not None
    wait_idle(qtbot, window)
    [file] = folder.glob(f"{cell.doctor_id}-*.ics")
    events = {str(e["uid"]): e for e in Calendar.from_ical(file.read_bytes()).walk("VEVENT")}
    gone = events[event_uid(cell.shift_id, "vakt", cell.doctor_id)]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 1


def test_only_the_changed_calendars_are_written_and_whom_to_send_them_to_is_said(
        qtbot, window, solved_sample, tmp_path, monkeypatch):
    """Eksporter → «Kalenderfiler, bare de endrede»: after a vakt is given to a colleague only
    the two doctors' files are written, and the status line names them as those to send them
    to; exported again with nothing changed, no file is written and the line says so. The
    menu has the action."""
    just_export(monkeypatch)
    window.open_path(solved_sample("liten-kommune"))
    export_menu = next(a.menu() for a in window.menuBar().actions()[0].menu().actions()
                       if a.menu() is not None and "Eksporter" in a.text())
    assert any("bare de" in a.text() and "endrede" in a.text() for a in export_menu.actions())
    assert window.export("ics", str(tmp_path / "alle")) is not None
    wait_idle(qtbot, window)
    backed = {a.shift_id for a in window.project.rota if a.role == "bakvakt"}
    cell = next(a for a in window.project.rota if a.role == "vakt" and a.shift_id not in backed)
    there = {a.doctor_id for a in window.project.rota if a.shift_id == cell.shift_id}
    other = next(d for d in window.project.doctors if d.id not in there)
    window.assign(cell.shift_id, "vakt", cell.doctor_id, other.id)
    names = {d.id: d.name for d in window.project.doctors}

    folder = tmp_path / "endret"
    assert window.export("ics", str(folder), only_changed=True) is not None
    wait_idle(qtbot, window)
    assert sorted(p.name.split("-")[0] for p in folder.glob("*.ics")) == sorted(
        [cell.doctor_id, other.id])
    assert "(2 kalenderfiler, bare de endrede siden forrige eksport: send dem til " in (
        window.last_message)
    assert names[cell.doctor_id] in window.last_message and other.name in window.last_message

    again = tmp_path / "igjen"
    assert window.export("ics", str(again), only_changed=True) is not None
    wait_idle(qtbot, window)
    assert window.last_message.startswith("Ingen kalender er endret siden forrige eksport")
    assert not list(again.glob("*.ics"))


def test_a_doctor_removed_after_publishing_gets_her_calendar_of_cancellations(
        qtbot, window, solved_sample, tmp_path, monkeypatch):
    """Published, then a doctor removed under Leger: the calendar export writes her file too,
    her published vakter cancelled, and the message says whose file it is."""
    from icalendar import Calendar

    just_export(monkeypatch)
    window.open_path(solved_sample("liten-kommune"))
    window.publish()
    doctor = window.project.doctors[0]
    given = [a for a in window.project.snapshots[-1].assignments if a.doctor_id == doctor.id]
    window.doctor_view.setCurrentIndex(window.doctor_model.index(0, 0))
    window.remove_selected("doctors", window.doctor_view)
    assert doctor.id not in {d.id for d in window.project.doctors}
    folder = tmp_path / "kalender"
    assert window.export("ics", str(folder)) is not None
    wait_idle(qtbot, window)
    files = sorted(folder.glob("*.ics"))
    assert (f"({len(files)} kalenderfiler, 1 av dem for en lege som ikke lenger er i prosjektet "
            f"({doctor.name}: bare avlysninger))") in window.last_message
    mine = next(folder.glob(f"{doctor.id}-*.ics"))
    events = Calendar.from_ical(mine.read_bytes()).walk("VEVENT")
    assert given and len(events) == len(given)
    assert {str(e["status"]) for e in events} == {"CANCELLED"}
    assert min(int(e["sequence"]) for e in events) >= 1


def test_result_file_export(qtbot, window, solved_sample, tmp_path):
    window.open_path(solved_sample("liten-kommune"))
    target = tmp_path / "turnus.resultat.json"
    window.export("result", str(target))
    wait_idle(qtbot, window)
    from legevakt_app.rota_source import source_from_result_document

    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "legevakt-rota/1"
    source = source_from_result_document(document, str(target))  # readable back, same rota
    assert {(a.shift_id, a.doctor_id, a.role) for a in source.rota.assignments} == \
        {(a.shift_id, a.doctor_id, a.role) for a in window.project.rota}
    # opened in the app by mistake: said what it is and what to open, in the app's words (no
    # talk of the command line's report and export)
    before = window.project
    assert not window.open_path(target)
    assert window.project is before
    message = window.last_message
    assert message.startswith("Kan ikke åpne filen")
    assert "dette er en resultatfil (legevakt-rota/1): en ferdig turnus som er eksportert" in \
        message, message
    assert "Åpne prosjektfilen (.legevakt.json) turnusen ble laget i" in message, message
    assert "report og export" not in message and "legevakt " not in message, message


def test_exporting_a_rota_that_breaks_a_hard_rule_warns_and_the_workbook_says_so(
        qtbot, window, solved_sample, tmp_path):
    from openpyxl import load_workbook

    window.open_path(solved_sample("liten-kommune"))
    target = tmp_path / "turnus.xlsx"
    window.export("xlsx", str(target))
    wait_idle(qtbot, window)
    about = dict(load_workbook(target)["Om turnusen"].iter_rows(min_row=1, max_col=2,
                                                                 values_only=True))
    assert about["Brudd på harde regler"] == "ingen (kontrollert)"
    assert "regelbrudd" not in window.last_message
    # a vakt with no bakvakt taken from its doctor by hand: nobody on it
    backed = {a.shift_id for a in window.project.rota if a.role == "bakvakt"}
    cell = next(a for a in window.project.rota if a.role == "vakt" and a.shift_id not in backed)
    window.assign(cell.shift_id, cell.role, cell.doctor_id, None)
    assert len(window.violations) == 1
    window.export("xlsx", str(target))
    wait_idle(qtbot, window)
    from PySide6.QtWidgets import QMessageBox

    assert "har 1 brudd på harde regler" in window.last_message
    boxes = [b for b in window.findChildren(QMessageBox)
             if b.windowTitle() == "Eksportert med regelbrudd"]
    assert boxes and "har 1 brudd på harde regler" in boxes[-1].text()
    about = dict(load_workbook(target)["Om turnusen"].iter_rows(min_row=1, max_col=2,
                                                                 values_only=True))
    assert about["Brudd på harde regler"].startswith("1 — Dekning: ")


def test_export_without_a_rota_says_so(window, tmp_path):
    from tests.conftest import SAMPLES

    window.open_path(SAMPLES["liten-kommune"])
    assert window.export("xlsx", str(tmp_path / "x.xlsx")) is None
    assert "Lag turnusen først" in window.last_message
    assert not (tmp_path / "x.xlsx").exists()


def test_publish_keeps_the_rota_as_announced(window, solved_sample, tmp_path):
    path = solved_sample("liten-kommune")
    window.open_path(path)
    window.publish()
    snapshot = window.project.snapshots[-1]
    assert snapshot.name.startswith("Publisert ")
    assert len(snapshot.assignments) == len(window.project.rota)
    assert set(snapshot.doctor_names) == {a.doctor_id for a in window.project.rota}
    assert "Lagre prosjektet (Ctrl+S)" in window.last_message  # not saved by publishing
    # publishing the same rota again adds no second copy
    window.publish()
    assert len(window.project.snapshots) == 1 and "alt publisert" in window.last_message
    assert window.save()
    assert load_project(path).snapshots[-1].assignments == snapshot.assignments
    window.undo.undo()
    assert window.project.snapshots == []


def test_doctors_needed_runs_in_a_worker_and_cancel_stops_it(qtbot, window, solved_sample):
    window.open_path(solved_sample("liten-kommune"))
    window.tabs.setCurrentIndex(6)  # Terskel
    window.terskel.need_requested.emit(4)
    assert window.worker is not None and window.progress is not None
    qtbot.wait(1500)  # let the engine get going
    started = time.perf_counter()
    window.progress.request_cancel()
    wait_idle(qtbot, window, timeout=30_000)
    latency = time.perf_counter() - started
    print(f"cancel latency, doctors-needed question: {latency:.2f} s")
    assert "avbrutt" in window.statusBar().currentMessage().lower()
    assert latency < 10


def test_reports_never_show_an_earlier_rota(qtbot, window, solved_sample):
    from tests.conftest import SAMPLES

    window.open_path(solved_sample("liten-kommune"))
    window.tabs.setCurrentWidget(window.terskel)
    window.tabs.setCurrentWidget(window.belastning)
    assert window.belastning.explanation.text() == "Regner ut …"  # counted in a worker
    qtbot.waitUntil(lambda: not window.reports_busy(), timeout=30_000)
    assert window.belastning.report() is not None and window.terskel.report() is not None
    assert window.terskel.scenario_table.rowCount() >= 1  # the current rota's row
    window.open_path(SAMPLES["interkommunal"])  # no rota yet
    window.tabs.setCurrentWidget(window.terskel)
    assert window.terskel.report() is None
    assert window.terskel.verdict.text() == "Ingen turnus å vurdere ennå."
    names = [window.terskel.scenario_table.item(r, 0).text()
             for r in range(window.terskel.scenario_table.rowCount())]
    assert "Nåværende" not in names
    window.tabs.setCurrentWidget(window.belastning)
    assert window.belastning.report() is None
    assert window.belastning.explanation.text() == "Ingen turnus å vise ennå."


def _select_scenario(view, name):
    rows = {view.scenario_table.item(r, 0).text(): r for r in range(view.scenario_table.rowCount())}
    view.scenario_table.selectRow(rows[name])


def test_a_scenario_is_saved_as_a_project_beside_the_open_one(qtbot, window, solved_sample,
                                                              tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from legevakt_app.cli import main

    path = solved_sample("liten-kommune")
    before = path.read_bytes()
    window.open_path(path)
    window.tabs.setCurrentWidget(window.terskel)
    wait_reports(qtbot, window)
    view = window.terskel
    asked = {}

    def answer(parent, caption, proposed, filters, *args, **kwargs):
        asked.update(caption=caption, proposed=proposed, options=kwargs.get("options"))
        return str(tmp_path / "pluss-en"), filters  # the leader types a name without suffix

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    qtbot.mouseClick(view.save_project_button, Qt.MouseButton.LeftButton)  # nothing selected
    assert "Velg et scenario" in view.scenario_message.text() and not asked
    _select_scenario(view, "+1 lege")
    qtbot.mouseClick(view.save_project_button, Qt.MouseButton.LeftButton)

    assert asked["caption"] == "Lagre scenariet «+1 lege» som prosjekt"
    assert asked["proposed"] == str(path.parent / "pluss-1-lege.legevakt.json")  # beside it
    assert asked["options"] & QFileDialog.Option.DontUseNativeDialog
    saved = tmp_path / "pluss-en.legevakt.json"
    assert view.scenario_message.isVisibleTo(view)
    assert str(saved) in view.scenario_message.text() and "lagret som prosjekt" in view.scenario_message.text()
    scenario = load_project(saved)
    assert scenario.district.name == "Lysfjord legevaktdistrikt — scenario: +1 lege"
    assert len(scenario.doctors) == len(window.project.doctors) + 1 and scenario.rota == []
    assert main(["check", str(saved)]) == 0
    assert path.read_bytes() == before and not window.modified  # the open project is untouched

    # the project's own file is refused, and «Nåværende» is not a scenario
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    _select_scenario(view, "Hvile 11 t")
    qtbot.mouseClick(view.save_project_button, Qt.MouseButton.LeftButton)
    assert "prosjektfilen scenariet er laget fra" in view.scenario_message.text()
    assert path.read_bytes() == before
    _select_scenario(view, "Nåværende")
    qtbot.mouseClick(view.save_project_button, Qt.MouseButton.LeftButton)
    assert "Fil → Lagre som" in view.scenario_message.text()


def _whole_rows(table):
    height = table.viewport().height()
    return sum(1 for r in range(table.model().rowCount())
               if 0 <= table.rowViewportPosition(r) and
               table.rowViewportPosition(r) + table.rowHeight(r) <= height)


def _whole_column(table, col):
    left = table.columnViewportPosition(col)
    return 0 <= left and left + table.columnWidth(col) <= table.viewport().width()


def test_belastning_and_leger_at_1366x768_show_the_tables_and_readable_labels(qtbot, window,
                                                                              solved_sample):
    """At a 1366×768 laptop the Belastning tables showed 7 and 4 of interkommunal's 14
    doctors, «Aml. 8 u» cut at the edge, bar labels on the dashed reference lines; the Leger
    table cut its competence facts. Now: the tables on their own page at full width, the charts
    on «Diagrammer», labels on a white ground over the lines, two-line headers in Leger."""
    from matplotlib.colors import to_rgba

    from legevakt_app.ui.report_views import LoadTableModel

    window.fit_to_screen = lambda: None  # the offscreen screen is 800×600
    window.resize(1366, 768)
    window.open_path(solved_sample("interkommunal"))
    view = window.belastning
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: not window.reports_busy(), timeout=30_000)
    qtbot.wait(200)
    assert view.pages.tabText(view.pages.currentIndex()) == "Tabeller"
    assert len(view.report().doctors) == 14
    assert _whole_rows(view.table) >= 10 and _whole_rows(view.fairness_table) >= 10
    aml = view.proxy.mapFromSource(view.model.index(0, LoadTableModel.column("aml_worst_8_weeks")))
    assert _whole_column(view.table, aml.column())

    view.pages.setCurrentIndex(1)
    qtbot.wait(200)
    assert view.canvas.isVisible() and view.timeline_canvas.isVisible()
    ax = view.figure.axes[0]
    lines = [line.get_zorder() for line in ax.get_lines()]
    labels = ax.texts[:len(view.report().doctors)]
    assert labels and lines
    for label in labels:
        box = label.get_bbox_patch()
        assert box is not None and box.get_facecolor()[:3] == to_rgba("white")[:3]
        assert label.get_zorder() > max(lines)  # drawn over the dashed lines

    window.tabs.setCurrentIndex(1)
    qtbot.wait(200)
    doctors = window.doctor_view
    titles = [window.doctor_model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(window.doctor_model.columnCount())]
    assert all(_whole_column(doctors, titles.index(t)) for t in ("Praksis\nt/uke", "Mnd\nklinisk",
                                                                 "LIS1", "Kurs"))


def test_exports_carry_the_doctors_needed_the_engine_checked(qtbot, window, tmp_path):
    """Terskel → «Regn ut» answers how many more doctors 1:4 takes; the workbook and the PDF
    exported next say the same. Once the project has changed, that answer is not the rota's:
    the exports go back to the count of duty days (and how to get the engine's answer)."""
    from openpyxl import load_workbook

    from tests.export.test_pdf_report import pdf_pages

    open_three_doctor_terskel(window, tmp_path)
    window.terskel.need_requested.emit(4)
    wait_idle(qtbot, window)
    assert window.engine_need() is not None
    assert window.statusBar().currentMessage() == \
        "Legebehovet for 1:4 er regnet ut — se «Leger som trengs» i Terskel."  # told it is done

    def exported(kind: str) -> str:
        target = tmp_path / f"turnus.{kind}"
        assert window.export(kind, str(target)) is not None
        wait_idle(qtbot, window)
        if kind == "pdf":
            return " ".join(pdf_pages(target))
        sheet = load_workbook(target)["Terskel"]
        return dict(sheet.iter_rows(min_row=1, max_col=2, values_only=True))[
            "Leger som trengs for firedelt vakt (1:4)"]

    assert exported("xlsx").startswith("For 1:4 trengs nøyaktig 1 lege til (sjekket med motoren")
    assert "nøyaktig 1 lege til (sjekket med motoren" in exported("pdf")
    first = window.project.rota[0]
    window.assign(first.shift_id, first.role, first.doctor_id, None)  # the rota changed
    assert window.engine_need() is None
    said = exported("xlsx")
    assert "minst 1 lege til (opptelling av vaktdøgn)" in said and "sjekket" not in said


def test_an_export_with_two_notes_says_each_as_a_sentence(qtbot, window, solved_sample,
                                                         tmp_path, monkeypatch):
    """Calendars of a rota changed since it was published that also breaks a rule: the status
    line says both, each a sentence of its own (no «fått.. Merk»)."""
    just_export(monkeypatch)
    window.open_path(solved_sample("liten-kommune"))
    window.publish()
    backed = {a.shift_id for a in window.project.rota if a.role == "bakvakt"}
    cell = next(a for a in window.project.rota if a.role == "vakt" and a.shift_id not in backed)
    window.assign(cell.shift_id, cell.role, cell.doctor_id, None)
    assert window.export("ics", str(tmp_path / "kalender")) is not None
    wait_idle(qtbot, window)
    message = window.last_message
    assert "siden den sist ble publisert" in message and "har 1 brudd på harde regler" in message
    assert ".." not in message and message.count(". Merk: ") == 2 and message.endswith(".")


def test_calendars_of_an_unpublished_rota_are_offered_to_be_published_first(
        qtbot, window, solved_sample, tmp_path, monkeypatch):
    """The calendars are what the doctors get: exporting those of a rota not published asks
    first. «Avbryt» writes nothing; «Publiser og eksporter» publishes (one undo step) and
    writes them, so later changes are told against what was sent; published already, nothing
    is asked."""
    import legevakt_app.ui.main_window as mw

    asked: list[str] = []

    def answer(reply: str):
        def ask(_parent) -> str:
            asked.append(reply)
            return reply
        return ask

    window.open_path(solved_sample("liten-kommune"))
    monkeypatch.setattr(mw, "ask_publish_calendars", answer("cancel"))
    assert window.export("ics", str(tmp_path / "avbrutt")) is None
    assert not (tmp_path / "avbrutt").exists() and window.project.snapshots == []
    monkeypatch.setattr(mw, "ask_publish_calendars", answer("publish"))
    assert window.export("ics", str(tmp_path / "kalender")) is not None
    wait_idle(qtbot, window)
    assert len(window.project.snapshots) == 1 and list((tmp_path / "kalender").glob("*.ics"))
    assert "Publisert" in window.last_message and "ikke publisert" not in window.last_message
    assert asked == ["cancel", "publish"]
    assert window.export("ics", str(tmp_path / "igjen")) is not None  # published: not asked
    wait_idle(qtbot, window)
    assert asked == ["cancel", "publish"]


def test_the_apps_comparison_solves_are_the_clis(tmp_path):
    """Terskel's «Regn ut» and «Kjør scenarier» solve as `legevakt report` does (deterministic,
    the comparisons' seed): a rota not proven best in its time is the same rota in the app and
    in the CLI, so the figures on screen are the figures in the report (QA audit: they varied
    from run to run)."""
    import threading
    from datetime import timedelta

    from legevakt_app.engine_input import build_problem
    from legevakt_app.project_io import load_project
    from legevakt_app.reports.engine import solve_reproducibly
    from legevakt_app.ui.main_window import _cancellable_solve_fn

    project = load_project(SAMPLES["liten-kommune"])
    project.period.end = project.period.start + timedelta(days=90)
    problem = build_problem(project)
    app = _cancellable_solve_fn(threading.Event())(problem, 0.5)
    cli = solve_reproducibly(problem, 0.5)
    assert app.status == cli.status == "FEASIBLE"  # cut short: the case where runs differ
    assert set(app.rota.assignments) == set(cli.rota.assignments)
