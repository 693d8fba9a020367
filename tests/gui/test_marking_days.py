"""Marking days in «Fravær og ønsker» (ferie, kurs, a wish, clearing) changes one doctor: the
window shows the change where it shows, and redraws or counts again only what depends on it
(it blocked the window 0.15–0.3 s on stor-legevakt: every table reset, the pre-checks and the
partial-fritak figures worked out on the GUI thread)."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.conftest import SAMPLES

pytestmark = pytest.mark.gui


def mark(window, doctor_id, first, last, key="ferie"):
    window.tabs.setCurrentIndex(3)
    window.absence_doctor.setCurrentIndex(window.absence_doctor.findData(doctor_id))
    window.select_days(first, last)
    window.mark_selected_days(key)


def test_a_ferie_shows_in_the_calendar_and_beside_the_doctor_and_the_table_is_kept(qtbot, window):
    window.open_path(SAMPLES["interkommunal"])
    model, view = window.doctor_model, window.doctor_view
    row = 3
    doctor = window.project.doctors[row]
    view.setCurrentIndex(model.index(row, 4))
    shown = [[model.index(r, c).data() for c in range(model.columnCount())]
             for r in range(model.rowCount())]
    resets, changed = [], []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))

    mark(window, doctor.id, date(2027, 3, 15), date(2027, 3, 28))

    assert [(a.kind, a.start, a.end) for a in window.project.doctors[row].unavailable
            if a.start == date(2027, 3, 15)] == [("ferie", date(2027, 3, 15), date(2027, 3, 28))]
    cal = window.calendar_model
    for day in (date(2027, 3, 15), date(2027, 3, 21), date(2027, 3, 28)):
        assert "Ferie" in cal.data(cal.index_of(day))
    assert "Ferie" not in (cal.data(cal.index_of(date(2027, 3, 29))) or "")
    # Leger: the doctor's panel lists it; the table shows what it showed (a ferie is in no
    # column), the leader's place in it kept, and it was neither reset nor redrawn
    assert "Ferie: 15.03.2027–28.03.2027" in window.doctor_detail.text()
    assert [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())] == shown
    assert view.currentIndex().row() == row and view.currentIndex().column() == 4
    assert not resets and not changed
    assert "Ferie: " in window.statusBar().currentMessage()

    # undone: gone from the calendar and the panel alike
    window.undo.undo()
    assert "Ferie" not in (cal.data(cal.index_of(date(2027, 3, 21))) or "")
    assert "15.03.2027" not in window.doctor_detail.text()


def test_a_table_told_of_changed_records_redraws_only_the_rows_that_show_otherwise(qtbot):
    """``update_records``: the rows whose cells (or colour) show something else are said to
    have changed, no reset; another number of records resets the table."""
    from legevakt_app.domain import Kommune
    from legevakt_app.ui.models import Field, RecordTableModel

    model = RecordTableModel([Field("Navn", "name"), Field("Innbyggere", "inhabitants", kind="int")])
    a, b, c = (Kommune(name=n, inhabitants=1000, centrality=3) for n in ("A", "B", "C"))
    model.set_records([a, b, c])
    resets, changed = [], []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda x, y, _roles=(): changed.append((x.row(), y.row())))
    same_b = b.model_copy(update={"centrality": 5})  # a copy, and a field no column shows
    new_c = c.model_copy(update={"inhabitants": 2000})
    model.update_records([a, same_b, new_c])
    assert changed == [(2, 2)] and not resets
    assert model.records[1] is same_b and model.index(2, 1).data() == "2000"
    model.update_records([a, same_b])
    assert resets == [True] and model.rowCount() == 2


def test_the_note_on_a_partial_fritak_beside_the_doctor_follows_a_ferie_marked_for_another(
        qtbot, window):
    """liten-kommune: Ingrid (no nights, a full vaktandel) shown in Leger. A colleague's ferie
    leaves her more of the vakter to carry: the note beside her is counted again off the GUI
    thread (with her gentler vaktandel, several counts of the fairness bound) and says the
    same as Kontroll when done."""
    from legevakt_app.engine_input import build_problem
    from legevakt_app.summary import pressure_by_doctor

    window.open_path(SAMPLES["liten-kommune"])
    ingrid = next(i for i, d in enumerate(window.project.doctors) if d.name == "Ingrid Reinvik")
    window.doctor_view.selectRow(ingrid)

    def panel_note():
        text = window.doctor_detail.text()
        return text.split("<b>Merk:</b> ")[1].split("</p>")[0] if "<b>Merk:</b> " in text else None

    before = panel_note()
    assert before is not None and before.startswith("Ingrid Reinvik har delvis fritak")
    other = next(d.id for i, d in enumerate(window.project.doctors) if i != ingrid)
    mark(window, other, date(2027, 3, 1), date(2027, 3, 28))
    assert window.checks_busy()  # counted in a worker
    qtbot.waitUntil(lambda: not window.checks_busy(), timeout=30_000)
    expected = dict(pressure_by_doctor(build_problem(window.project)))[window.project.doctors[ingrid].id]
    assert panel_note() == f"{expected}." and expected != before.rstrip(".")
    kontroll = [window.problem_model.index(r).data() for r in range(window.problem_model.rowCount())]
    assert f"Merk: {expected}" in kontroll
    window.undo.undo()  # known: said at once
    assert panel_note() == before and not window.checks_busy()


def test_what_makes_every_rota_impossible_is_counted_off_the_gui_thread_and_said_when_done(
        qtbot, window):
    """liten-kommune, the first week of March: Kari and then Ola on ferie leaves Per no
    vaktkompetent bakvakt, and Per too leaves nobody for the nights (Ingrid has fritak from
    them). Kontroll says it as `legevakt check` does (check_project on the GUI thread),
    counted in a worker after each mark (meanwhile what it said before the mark, as while the
    window counted on the GUI thread); undone, what was said before is known at once."""
    from legevakt_app.ui.state import check_project

    window.open_path(SAMPLES["liten-kommune"])
    ok = window.status_label.text()
    first, last = date(2027, 3, 1), date(2027, 3, 7)

    def impossible():
        return [window.problem_model.index(r).data() for r in range(window.problem_model.rowCount())
                if window.problem_model.index(r).data().startswith("Ingen turnus mulig: ")]

    def expected():
        return [f"Ingen turnus mulig: {text}" for text, _target in
                check_project(window.project).blockers]

    said = []
    for name in ("Kari Nordeng", "Ola Hallingset", "Per Kroken"):
        doctor = next(d.id for d in window.project.doctors if d.name == name)
        mark(window, doctor, first, last)
        assert window.checks_busy()  # not counted on the GUI thread
        assert impossible() == (said[-1] if said else [])  # as before it, until counted
        qtbot.waitUntil(lambda: not window.checks_busy(), timeout=30_000)
        assert impossible() == expected()
        said.append(impossible())
    assert said[0] == []
    assert "ingen vaktkompetent bakvakt er ledig for Per Kroken" in said[1][0]
    assert "trenger 1 lege, ingen er tilgjengelig" in said[2][0]
    assert window.status_label.text().startswith("✖ Ingen turnus kan lages slik prosjektet er nå")
    # a click on the line leads to the first doctor it names (her absences)
    window._jump_to_problem(window.problem_model.index(0))
    assert window.tabs.currentIndex() in (1, 3)

    window.undo.undo()
    assert impossible() == said[1] and not window.checks_busy()
    window.undo.undo()
    assert impossible() == [] and not window.checks_busy()
    assert window.status_label.text() == ok
    window.undo.redo()
    assert impossible() == said[1] and not window.checks_busy()


def test_a_ferie_over_a_doctors_vakter_in_the_rota_shows_them_in_red_in_the_grid(
        qtbot, window, solved_sample):
    """With a rota: the grid keeps every name where it was, and the vakter the doctor now has
    on her ferie are red there and listed in Kontroll; undone, they are not."""
    from legevakt_app.ui.models import CONFLICT_FG

    window.open_path(solved_sample("liten-kommune"))
    grid = window.grid_model
    cells = [(r, c) for r in range(grid.rowCount()) for c in range(grid.columnCount())]

    def names():
        return [grid.index(r, c).data() for r, c in cells]

    def red():
        return {(r, c) for r, c in cells if (brush := grid.index(r, c).data(
            Qt.ItemDataRole.ForegroundRole)) is not None and brush.color() == CONFLICT_FG}

    shown = names()
    assert not red() and window.violations == []
    a = next(a for a in window.project.rota if a.role == "vakt")
    day = next(s for s in window.problem.shifts if s.id == a.shift_id).start.date()
    mark(window, a.doctor_id, day, day)
    assert names() == shown
    now_red = red()
    theirs = {(grid.index_of(v.shift_id).row(), grid.index_of(v.shift_id).column())
              for v in window.violations}
    assert window.violations and a.shift_id in {v.shift_id for v in window.violations}
    assert theirs <= now_red
    kontroll = [window.problem_model.index(r).data() for r in range(window.problem_model.rowCount())]
    assert any(window.project.doctor(a.doctor_id).name in line for line in kontroll)
    window.undo.undo()
    assert names() == shown and not red() and window.violations == []


def test_marks_in_quick_succession_are_counted_once_for_the_last(qtbot, window):
    """The count starts once the window has drawn the mark; a mark made before it started
    drops it unstarted, and what Kontroll says is counted for the project as it is last."""
    from legevakt_app.ui.state import check_project

    window.open_path(SAMPLES["liten-kommune"])
    first, last = date(2027, 3, 1), date(2027, 3, 7)
    workers = []
    for name in ("Kari Nordeng", "Ola Hallingset", "Per Kroken"):
        mark(window, next(d.id for d in window.project.doctors if d.name == name), first, last)
        workers.append(window.checks_worker)
    assert all(w is not None for w in workers) and not any(w.isRunning() for w in workers)
    assert not window._ending  # the dropped ones never ran: nothing to wait for
    qtbot.waitUntil(lambda: not window.checks_busy(), timeout=30_000)
    assert not workers[0].isFinished() and not workers[1].isFinished()
    expected = [f"Ingen turnus mulig: {text}" for text, _target
                in check_project(window.project).blockers]
    shown = [window.problem_model.index(r).data() for r in range(window.problem_model.rowCount())]
    assert expected and [s for s in shown if s.startswith("Ingen turnus mulig: ")] == expected
