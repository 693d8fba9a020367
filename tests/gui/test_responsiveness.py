"""Long work (solve, export) runs off the GUI thread: the window keeps answering, with
progress, and cancel stops it quickly."""

import time
import zipfile

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from tests.conftest import SAMPLES
from tests.gui.conftest import wait_idle

pytestmark = pytest.mark.gui

# The issue asks for ~100 ms. The bound is generous so a loaded CI machine (2 shared cores,
# CP-SAT using both) still passes; the measured figure is printed for the closing note.
GAP_BOUND_MS = 400


class GapMeter:
    """A 10 ms timer on the GUI thread; records how late each tick came (ms)."""

    def __init__(self) -> None:
        self.gaps: list[int] = []
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append(now - self.last)
        self.last = now

    def __enter__(self) -> "GapMeter":
        self.clock.start()
        self.last = self.clock.elapsed()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()

    @property
    def worst(self) -> int:
        return max(self.gaps)


def warm(qtbot, window) -> None:
    """What the app does at start-up: load the engine in the background."""
    with qtbot.waitSignal(window.warmed_up, timeout=60_000):
        window.warm_up()


def test_gui_thread_stays_responsive_during_a_solve(qtbot, window):
    warm(qtbot, window)
    window.open_path(SAMPLES["interkommunal"])
    started = time.perf_counter()
    with GapMeter() as meter:
        window.solve(time_limit=6)
        assert window.progress is not None and window.progress.isVisible()
        wait_idle(qtbot, window)
        qtbot.wait(200)  # the result is drawn: include it
    assert window.project.rota
    print(f"worst GUI-thread gap during a {time.perf_counter() - started:.1f} s solve "
          f"(interkommunal, result drawn): {meter.worst} ms ({len(meter.gaps)} ticks)")
    assert len(meter.gaps) > 100
    assert meter.worst < GAP_BOUND_MS


def test_progress_shows_elapsed_best_bound_and_gap(qtbot, window):
    window.open_path(SAMPLES["interkommunal"])
    window.solve(time_limit=30)
    dialog = window.progress
    qtbot.waitUntil(lambda: window.progress is not None and dialog.best_label.text() != "–",
                    timeout=60_000)
    qtbot.waitUntil(lambda: window.progress is not None and dialog.bound_label.text() != "–"
                    and dialog.gap_label.text() != "–", timeout=60_000)
    summary = dialog.summary()
    print("progress:", summary)
    assert dialog.elapsed_label.text().endswith(" s av høyst 30 s")  # the leader knows when
    assert dialog.level_label.text() != "–"
    assert dialog.gap_label.text().endswith("%")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels, like the button
    wait_idle(qtbot, window, timeout=30_000)
    assert window.project.rota


def test_cancel_returns_quickly_with_the_best_rota(qtbot, window):
    window.open_path(SAMPLES["interkommunal"])
    worker = window.solve(time_limit=120)
    dialog = window.progress
    # wait for a first rota: a number as best value, not "–"
    qtbot.waitUntil(lambda: window.progress is not None and dialog.best_label.text() != "–",
                    timeout=60_000)
    cancelled_at = time.perf_counter()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # what the user does
    assert dialog.cancel_button.text() == "Avbryter …"
    wait_idle(qtbot, window, timeout=30_000)
    latency = time.perf_counter() - cancelled_at
    print(f"cancel latency (click to best rota shown): {latency:.2f} s")
    assert worker.cancel_event.is_set()
    assert window.project.rota  # the best rota so far is kept
    assert window.last_solve.status == "cancelled"
    assert "avbrutt" in window.statusBar().currentMessage()
    assert latency < 10


def test_cancel_keeps_the_rota_the_leader_had_when_the_new_one_is_worse(qtbot, window,
                                                                         tmp_path):
    """F5 on a finished rota, then Avbryt after the first new rota: the engine's best so far
    is less fair than the rota there was, and must not replace it."""
    from legevakt_app.domain import PublishedAssignment
    from legevakt_app.engine_input import build_problem
    from legevakt_app.project_io import load_project, save_project
    from legevakt_app.ui.state import rota_quality
    from solver.solve import solve

    # the rota the leader has: level 1's proven optimum with no fairness margin, then evened
    # out, so no rota stopped early can carry a lighter worst load (with the 2 % margin the
    # level-1 rota the engine has first could, and would rightly replace it)
    project = load_project(SAMPLES["liten-kommune"])
    project.rules.fairness_margin = 0.0
    solved = solve(build_problem(project), time_limit=8, workers=2, seed=0)
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in solved.rota.assignments]
    path = tmp_path / "liten-kommune.legevakt.json"
    save_project(project, path, backup=False)
    window.open_path(path)
    had = list(window.project.rota)
    quality = rota_quality(window.checked)
    window.solve(time_limit=60)
    dialog = window.progress
    qtbot.waitUntil(lambda: window.progress is not None and dialog.best_label.text() != "–",
                    timeout=60_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window, timeout=30_000)
    assert window.last_solve.status == "cancelled" and window.last_solve.rota.assignments
    if window.project.rota != had:
        # on a loaded machine the engine may get further than the rota the leader had
        # before the click lands (the 8 s solve above got less far too): then, and only
        # then, the new rota replaces it, and it must be the better one
        assert rota_quality(window.checked) < quality
        return
    assert rota_quality(window.checked) == quality
    assert "turnusen er som før" in window.statusBar().currentMessage()
    assert not window.modified  # nothing to undo or save


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_gui_thread_stays_responsive_during_an_export(qtbot, window, solved_sample, tmp_path, kind):
    warm(qtbot, window)
    window.open_path(solved_sample("interkommunal"))
    target = tmp_path / f"turnus.{kind}"
    started = time.perf_counter()
    with GapMeter() as meter:
        assert window.export(kind, str(target)) is not None
        wait_idle(qtbot, window)
    print(f"worst GUI-thread gap during a {time.perf_counter() - started:.1f} s {kind} export "
          f"(interkommunal): {meter.worst} ms ({len(meter.gaps)} ticks)")
    assert target.exists() and window.last_export == target
    head = target.read_bytes()[:5]
    if kind == "xlsx":
        assert zipfile.is_zipfile(target)
    else:
        assert head == b"%PDF-"
    assert not [p for p in tmp_path.iterdir() if "delvis" in p.name]
    assert meter.worst < GAP_BOUND_MS


def test_cancelled_export_leaves_the_old_file(qtbot, window, solved_sample, tmp_path):
    window.open_path(solved_sample("interkommunal"))
    target = tmp_path / "turnus.xlsx"
    target.write_bytes(b"old")
    window.export("xlsx", str(target))
    window.progress.request_cancel()
    wait_idle(qtbot, window)
    assert target.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if "delvis" in p.name]
    assert "avbrutt" in window.statusBar().currentMessage().lower()


def test_lag_turnus_while_the_background_search_runs_starts_at_once(qtbot, window):
    """«Lag turnus» while «kan en turnus lages?» is being searched: the solve starts at once and
    the search ends in the background, its answer unused (the GUI thread used to wait for it:
    0.3–1.4 s on stor-legevakt, the engine sees the cancel only after building its model)."""
    window.open_path(SAMPLES["stor-legevakt"])
    window._start_probe()
    probe = window.probe
    assert probe is not None and probe.isRunning()
    window.solve(time_limit=5)
    assert window.worker is not None and window.probe is None
    assert probe.isRunning()  # not waited for
    qtbot.waitUntil(lambda: not probe.isRunning(), timeout=30_000)
    qtbot.waitUntil(lambda: not window._ending, timeout=5_000)  # let go once it has ended
    window.progress.request_cancel()
    wait_idle(qtbot, window)


def test_belastning_is_counted_off_the_gui_thread_and_charts_drawn_when_shown(qtbot, window,
                                                                             solved_sample):
    """Opening Belastning after a change froze the window 0.8–1.8 s on stor-legevakt: the
    figures were counted (the workload three times) and both charts drawn on the GUI thread,
    the charts even while «Tabeller» was shown. Now «Regner ut …» until a worker has counted
    them, the charts drawn when «Diagrammer» is opened, and the figures are the rota's as it
    is after each change."""
    from legevakt_app.reports.workload import workload_report
    from legevakt_app.rota_source import source_from_project
    from tests.gui.conftest import wait_reports

    window.open_path(solved_sample("interkommunal"))
    view = window.belastning
    window.tabs.setCurrentWidget(view)
    assert view.explanation.text() == "Regner ut …" and view.report() is None
    wait_reports(qtbot, window)
    assert len(view.report().doctors) == 14
    assert [t.get_text() for t in view.figure.axes[0].texts] == ["Ingen turnus"]  # not drawn
    view.pages.setCurrentIndex(1)
    labels = [t.get_text() for t in view.figure.axes[0].texts]
    assert len(labels) >= 14  # a bar label per doctor

    # a hand change while the tab is shown: counted again, for the new rota
    a = next(a for a in window.project.rota if a.role == "vakt")
    other = next(d.id for d in window.project.doctors
                 if d.id != a.doctor_id and d.id not in
                 {b.doctor_id for b in window.project.rota if b.shift_id == a.shift_id})
    before = view.report().doctor(other).duty_days
    window.assign(a.shift_id, "vakt", a.doctor_id, other)
    assert view.explanation.text() == "Regner ut …"
    wait_reports(qtbot, window)
    expected = workload_report(source_from_project(window.project))
    shown = {d.doctor_id: d.duty_days for d in view.report().doctors}
    assert shown == {d.doctor_id: d.duty_days for d in expected.doctors}
    assert shown[other] == before + 1
    assert window.terskel.report() is not None
