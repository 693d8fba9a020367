"""The Kontroll panel: always visible; one line while all is well, the list of problems when
there are some, and the leader can fold the list away (the line stays)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from tests.conftest import SAMPLES

pytestmark = pytest.mark.gui

ONE_LINE = 40  # px: the panel's title line, with room for a larger font


def leave_one_shift_empty(window):
    assignment = window.project.rota[10]
    window.assign(assignment.shift_id, assignment.role, assignment.doctor_id, None)
    return assignment


def test_one_line_when_all_is_well_and_the_list_when_not(qtbot, make_window, solved_sample):
    window = make_window()
    window.resize(1366, 768)
    window.open_path(solved_sample("interkommunal"))
    dock = window.kontroll
    qtbot.waitUntil(lambda: dock.height() <= ONE_LINE)
    assert window.violations == [] and "✔ Turnusen oppfyller alle" in window.status_label.text()
    assert window.status_label.isVisible() and not window.problem_view.isVisible()
    # (two satellitter with no vakttyper: a calm note, folded away behind the toggle)
    assert window.kontroll_toggle.text() == "▴ Vis listen (1)"
    assert dock.width() == window.width()  # a full-width line, not a stub
    roomy = window.tabs.height()
    assert roomy > 768 - 22 - 28 - 2 * ONE_LINE  # menu, status bar and the one line: the rest is work space

    leave_one_shift_empty(window)
    assert window.problem_model.rowCount() >= 1
    qtbot.waitUntil(lambda: window.problem_view.isVisible() and dock.height() > ONE_LINE + 15)
    assert "✖" in window.status_label.text()
    assert window.kontroll_toggle.isVisible() and window.kontroll_toggle.text() == "▾ Skjul listen"
    assert window.tabs.height() < roomy
    rect = window.problem_view.visualRect(window.problem_model.index(0))
    assert window.problem_view.viewport().rect().contains(rect)  # the problem is in sight

    qtbot.mouseClick(window.kontroll_toggle, Qt.MouseButton.LeftButton)  # fold the list away
    qtbot.waitUntil(lambda: dock.height() <= ONE_LINE)
    assert not window.problem_view.isVisible() and window.status_label.isVisible()
    n = window.problem_model.rowCount()
    assert "✖" in window.status_label.text() and window.kontroll_toggle.text() == f"▴ Vis listen ({n})"
    qtbot.mouseClick(window.kontroll_toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.problem_view.isVisible() and dock.height() > ONE_LINE + 15)

    window.undo.undo()  # all well again: back to one line
    qtbot.waitUntil(lambda: dock.height() <= ONE_LINE and not window.problem_view.isVisible())
    assert "✔ Turnusen oppfyller alle" in window.status_label.text()


def test_a_station_with_no_vakttyper_is_a_calm_note_that_leads_to_the_station(qtbot, make_window):
    """interkommunal: Kvitdal and Myrhavn satellitt have no vakttyper (only nurses, the doctor
    on video). Kontroll says so in grey, folded away: the line stays one line and ✔; the
    note opens when asked, and a click on it leads to the first of them in Distrikt."""
    window = make_window()
    window.resize(1366, 768)
    window.open_path(SAMPLES["interkommunal"])
    qtbot.waitUntil(lambda: window.kontroll.height() <= ONE_LINE)
    assert window.status_label.text().startswith("✔ Prosjektet er gyldig")
    assert not window.problem_view.isVisible()
    model = window.problem_model
    [entry] = model.entries
    assert entry.text == ("Merk: Kvitdal satellitt og Myrhavn satellitt har ingen vakttyper, så "
                          "ingen lege har vakt der (i orden for en stasjon med bare sykepleier, "
                          "der legen er med på video)")
    from legevakt_app.ui.models import INFO_FG

    assert model.data(model.index(0), Qt.ItemDataRole.ForegroundRole).color() == INFO_FG
    qtbot.mouseClick(window.kontroll_toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.problem_view.isVisible())
    window._jump_to_problem(model.index(0))
    stations = window.project.district.stations
    assert stations[window.station_view.currentIndex().row()].name == "Kvitdal satellitt"
    # a vakttype for each of them: the note is gone
    project = window.project.model_copy(deep=True)
    for station in ("kvitdal", "myrhavn"):
        project.templates.append(project.templates[-1].model_copy(
            update={"id": f"{station}-helg", "station": station}))
    window.apply(project, "Vakter på satellittene")
    assert not any(e.text.startswith("Merk: ") for e in model.entries)
    window.undo.undo()
    assert [e.text for e in model.entries] == [entry.text]


def test_many_problems_open_a_few_rows_and_scroll(qtbot, make_window):
    from legevakt_app.ui.models import ProblemEntry

    window = make_window()
    window.resize(1366, 768)
    window.open_path(SAMPLES["liten-kommune"])
    window.problem_model.set_entries([ProblemEntry(f"Dekning: vakt {i}", ("doctor", "lege01"))
                                      for i in range(40)])
    window._fit_kontroll()
    qtbot.waitUntil(lambda: window.problem_view.isVisible() and window.kontroll.height() > ONE_LINE)
    row = window.problem_view.sizeHintForRow(0)
    rows_shown = window.problem_view.viewport().height() / row
    assert window.KONTROLL_MAX_ROWS - 1 <= rows_shown <= window.KONTROLL_MAX_ROWS + 1
    assert window.problem_view.verticalScrollBar().maximum() > 0


def test_it_cannot_be_closed(window):
    features = window.kontroll.features()
    assert not features & QDockWidget.DockWidgetFeature.DockWidgetClosable
    assert window.kontroll.isVisible()


def test_rules_that_clash_are_found_in_the_background_before_solving(qtbot, window, tmp_path):
    """No counting shows it: two doctors share a døgnvakt 16–08 every day, and Lege 1 is
    pre-assigned Monday's and Thursday's. With 11 t hvile neither may take two days running,
    so they alternate, and Thursday is Lege 2's: no rota. A moment after the change, a search
    off the GUI thread finds it and the Kontroll line says so; undone, the line is green
    again and stays so."""
    from legevakt_app.domain import PreAssignment
    from legevakt_app.project_io import save_project
    from tests.reports.conftest import dogn_project

    project = dogn_project(2, days=14)
    project.doctors[0].pre_assigned = [PreAssignment(shift_id="dogn@2027-01-04"),
                                       PreAssignment(shift_id="dogn@2027-01-07")]
    save_project(project, tmp_path / "to.legevakt.json")
    window.open_path(tmp_path / "to.legevakt.json")
    ok = "✔ Prosjektet er gyldig"
    assert window.status_label.text().startswith(ok)
    project = window.project.model_copy(deep=True)
    project.rules.min_rest_hours = 11
    window.apply(project, "Strengere hvile")
    assert window.status_label.text().startswith(ok)  # not known yet: nothing claimed
    qtbot.waitUntil(lambda: "reglene kan ikke oppfylles samtidig" in window.status_label.text(),
                    timeout=30_000)
    assert window.status_label.text().startswith("✖ Ingen turnus kan lages slik prosjektet er nå")
    window.undo.undo()
    assert window.status_label.text().startswith(ok)
    qtbot.waitUntil(lambda: window.probe is None and not window.probe_timer.isActive()
                    and window.probe_answer is not None
                    and window.probe_answer[0] is window.problem, timeout=30_000)
    assert window.probe_answer[1] is True and window.status_label.text().startswith(ok)


@pytest.mark.parametrize(("sample", "named"), [
    # every doctor who may take nights has practice: the counting names the nights nobody
    # may take
    ("liten-kommune", "har for kort hvile før dagpraksis"),
    # only the vikar without practice may take the weekday nights (a search of several
    # seconds found it before)
    ("interkommunal", "Kjetil Grønlid"),
])
def test_nights_barred_by_practice_are_said_at_once(window, sample, named):
    """With 11 t hvile and the vakt forbidden rather than fri fra praksis, the counting says
    at once, without waiting for a search, that no rota exists, and why."""
    window.open_path(SAMPLES[sample])
    project = window.project.model_copy(deep=True)
    project.rules.min_rest_hours = 11
    project.rules.practice_after_night = "forbid"
    window.apply(project, "Strengere hvile")
    assert window.status_label.text().startswith("✖ Ingen turnus kan lages slik prosjektet er nå")
    shown = [window.problem_model.index(i, 0).data() for i in range(window.problem_model.rowCount())]
    assert any(named in str(text) for text in shown), shown


def test_closing_the_window_stops_the_background_search(qtbot, window):
    window.open_path(SAMPLES["stor-legevakt"])
    window._start_probe()
    assert window.probe is not None and window.probe.isRunning()
    probe = window.probe
    window.undo.setClean()
    window.close()
    assert not probe.isRunning() and window.probe is None


def test_a_locked_cell_changed_by_hand_is_no_break_of_its_old_lock(window, solved_sample, tmp_path):
    """A cell locked in an earlier session, changed by hand: the lock moves with the change.
    The Kontroll panel used to keep the old lock as a pre-assignment and flag «… er
    forhåndstildelt … men står ikke der» for a rota with nothing pre-assigned."""
    from legevakt_app.project_io import load_project, save_project

    project = load_project(solved_sample("interkommunal"))
    i, first = next((i, a) for i, a in enumerate(project.rota) if a.role == "vakt")
    project.rota[i] = first.model_copy(update={"locked": True})  # a hand change of last time
    path = tmp_path / "laast.legevakt.json"
    save_project(project, path, backup=False)
    window.open_path(path)
    assert window.violations == []
    other = next(d.id for d in window.project.doctors if d.id != first.doctor_id)
    window.assign(first.shift_id, "vakt", first.doctor_id, other)
    assert not [v.message for v in window.violations if v.rule == "pre_assigned"]
    locked = [a for a in window.project.rota if a.locked]
    assert [(a.shift_id, a.doctor_id) for a in locked] == [(first.shift_id, other)]


def test_holes_in_the_cover_are_shown_and_the_vakttype_column_closes_them(window, tmp_path):
    """Weekend vakttyper set to «Ingen vakt» on a holiday, weekday ones running as a Sunday
    (they have none): Easter, Kristi himmelfart and 17. mai have no vakt at all. Every rule
    holds, but the Kontroll line warns and lists the days; «Som søndag» in the «På
    helligdag» column gives the holidays their weekend vakter back."""
    from legevakt_app.project_io import load_project, save_project
    from tests.gui.test_editors import column

    project = load_project(SAMPLES["liten-kommune"])
    for t in project.templates:
        if t.id.startswith("helg"):
            t.holiday_policy = "skip"
    path = tmp_path / "hull.legevakt.json"
    save_project(project, path, backup=False)
    window.open_path(path)
    assert window.status_label.text().startswith("⚠ Hull i dekningen:")
    lines = [window.problem_model.data(window.problem_model.index(r))
             for r in range(window.problem_model.rowCount())]
    assert any(line.startswith("Hull i dekningen: 25.03 (Skjærtorsdag): ingen vakt") for line in lines)
    assert any("«På helligdag» under Vakter og regler" in line for line in lines)
    model = window.template_model
    for row, t in enumerate(window.project.templates):
        if t.id.startswith("helg"):
            assert model.setData(model.index(row, column(model, "holiday_policy")), "Som søndag",
                                 Qt.ItemDataRole.EditRole)
    assert window.checked.gaps == []
    assert not window.status_label.text().startswith("⚠ Hull")


def test_a_partial_fritak_that_leaves_most_of_the_rest_is_said_in_kontroll(window, tmp_path):
    """liten-kommune's Ingrid has fritak from nights and a full vaktandel: she must take about
    all the vakter the fritak does not cover. Said in Kontroll, where the leader looks (a
    QA audit found it only beside her in Leger), in amber (no rule is broken), a click leads
    to her; with the vaktandel the note suggests, it is gone."""
    from legevakt_app.ui.models import WARNING_FG
    from tests.gui.test_editors import column

    window.open_path(SAMPLES["liten-kommune"])
    assert window.status_label.text().startswith("⚠ Delvis fritak (Ingrid Reinvik) — se listen.")
    [row] = [r for r in range(window.problem_model.rowCount())
             if "Ingrid Reinvik har delvis fritak" in window.problem_model.data(
                 window.problem_model.index(r))]
    index = window.problem_model.index(row)
    assert window.problem_model.data(index).startswith("Merk: ")
    assert "med vaktandel 25 % tar Ingrid om lag 54 %" in window.problem_model.data(index)
    assert window.problem_model.data(index, Qt.ItemDataRole.ForegroundRole).color() == WARNING_FG
    assert window.problem_model.data(index, Qt.ItemDataRole.UserRole) == ("doctor", "lege03")
    model = window.doctor_model
    ingrid = next(i for i, d in enumerate(window.project.doctors) if d.id == "lege03")
    assert model.setData(model.index(ingrid, column(model, "legevakt_share")), "0,25",
                         Qt.ItemDataRole.EditRole)
    assert not any("Ingrid Reinvik har delvis fritak" in window.problem_model.data(
        window.problem_model.index(r)) for r in range(window.problem_model.rowCount()))
    assert window.status_label.text().startswith("✔")


def test_a_kontroll_line_too_long_ends_in_an_ellipsis_and_reads_whole_in_its_tooltip(qtbot):
    """The one-line Kontroll text is cut with «…», not mid-word at the edge (a QA audit read
    «…telt i fordeli»), and the whole text is its tooltip."""
    from PySide6.QtWidgets import QLabel

    from legevakt_app.ui.widgets import ElidedLabel

    label = ElidedLabel()
    qtbot.addWidget(label)
    label.show()
    label.resize(220, 20)
    text = ("✔ Turnusen oppfyller alle harde regler. Myke regler (tillatt, men telt i "
            "fordelingen): 136 vakter tettere enn maks 1 vakt per 4 dager.")
    label.setText(text)
    shown = QLabel.text(label)
    assert shown.endswith("…") and len(shown) < len(text)
    assert label.text() == text and label.toolTip() == text
    label.resize(2000, 20)  # a wider window: the whole text again
    qtbot.waitUntil(lambda: QLabel.text(label) == text)


def test_marking_a_ferie_counts_the_partial_fritak_notes_in_the_background(qtbot, window):
    """Marking a ferie re-checked the project on the GUI thread, the notes on partial fritak
    (the perfect-fairness bound) and the holes in the cover too: 0.25–0.73 s on stor-legevakt.
    Now the notes are counted in a worker and Kontroll says them when done, as counted for
    the project with the ferie; the holes are kept (a ferie changes no shift); undo shows
    the notes before the ferie at once."""
    from datetime import date

    from legevakt_app.engine_input import build_problem
    from legevakt_app.summary import pressure_by_doctor

    window.open_path(SAMPLES["liten-kommune"])

    def kontroll_notes():
        return [window.problem_model.data(window.problem_model.index(r))
                for r in range(window.problem_model.rowCount())
                if window.problem_model.data(window.problem_model.index(r)).startswith("Merk: ")]

    before = kontroll_notes()
    assert any("Ingrid Reinvik har delvis fritak" in n for n in before)
    window.tabs.setCurrentIndex(3)
    other = next(d.id for d in window.project.doctors if d.id != "lege03")
    window.absence_doctor.setCurrentIndex(window.absence_doctor.findData(other))
    start = window.project.period.start
    window.select_days(date(start.year, 3, 1), date(start.year, 3, 28))
    window.mark_selected_days("ferie")
    assert window.checks_busy()  # not counted on the GUI thread
    qtbot.waitUntil(lambda: not window.checks_busy(), timeout=30_000)
    expected = [f"Merk: {note}" for _id, note in pressure_by_doctor(build_problem(window.project))]
    assert kontroll_notes() == expected and expected != before  # her part grew
    window.undo.undo()
    assert kontroll_notes() == before and not window.checks_busy()
