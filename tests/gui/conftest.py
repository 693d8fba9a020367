"""Fixtures for the desktop-app tests: a real window in a scratch home, solved sample rotas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES


@pytest.fixture
def scratch_home(tmp_path, monkeypatch):
    """HOME, QSettings (recent files) and the recovery folder inside ``tmp_path``."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("LEGEVAKT_DATA_DIR", str(tmp_path / "data"))
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings("Legevakt", "Legevakt").clear()
    return tmp_path


def close_window(w) -> None:
    """Close without the save prompt and without leaving a worker running."""
    if w.worker is not None:
        w.worker.cancel()
        w.worker.wait(10_000)
        w._finish_work()
    w.undo.setClean()
    w.close()
    w.deleteLater()


@pytest.fixture
def make_window(qtbot, scratch_home):
    """``make_window(**kwargs)`` → a shown MainWindow; all are closed at teardown.

    Closed here rather than by qtbot.addWidget: pytest-qt closes its widgets before fixture
    teardown, and a window with unsaved edits would then wait on the save prompt."""
    from legevakt_app.ui.main_window import MainWindow

    made = []

    def make(**kwargs):
        w = MainWindow(**kwargs)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        try:
            close_window(w)
        except RuntimeError:  # already deleted by the test
            pass


@pytest.fixture
def window(make_window):
    return make_window()


def wait_idle(qtbot, w, timeout=60_000):
    """Until the window's background work (solve, export) has finished."""
    qtbot.waitUntil(lambda: w.worker is None, timeout=timeout)


def wait_reports(qtbot, w, timeout=60_000):
    """Until the Belastning and Terskel figures (counted in a worker) are shown."""
    qtbot.waitUntil(lambda: not w.reports_busy(), timeout=timeout)


def copy_sample(folder: Path, name: str) -> Path:
    path = folder / f"{name}.legevakt.json"
    path.write_bytes(SAMPLES[name].read_bytes())
    return path


_SOLVED: dict[str, dict] = {}


@pytest.fixture
def solved_sample(tmp_path):
    """``solved_sample("liten-kommune")`` → path to a copy of the sample with a rota made by
    a real (short) CP-SAT solve; the solve runs once per test session."""

    def make(name: str, time_limit: float = 8.0) -> Path:
        if name not in _SOLVED:
            from legevakt_app.domain import PublishedAssignment
            from legevakt_app.engine_input import build_problem
            from legevakt_app.project_io import load_project
            from solver.solve import solve

            project = load_project(SAMPLES[name])
            result = solve(build_problem(project), time_limit=time_limit, workers=2, seed=0)
            assert result.rota.assignments, result.status
            project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                            for a in result.rota.assignments]
            _SOLVED[name] = project.model_dump(mode="json")
        path = tmp_path / f"{name}-løst.legevakt.json"
        path.write_text(json.dumps(_SOLVED[name], ensure_ascii=False), encoding="utf-8")
        return path

    return make


def first_column(w) -> int:
    """The grid column of the project's first vakttype (its first vakt slot): the grid orders
    vakttyper as a day reads, so this is not always column 0."""
    first = w.project.templates[0].id
    return next(i for i, c in enumerate(w.grid_model.columns)
                if c.template == first and c.role == "vakt" and c.slot == 0)


def open_three_doctor_terskel(window, tmp_path: Path) -> Path:
    """A døgnvakt every day for three doctors (one short of 1:4) with a round-robin rota,
    saved and opened in ``window`` on the Terskel tab; returns the project file."""
    from legevakt_app.domain import PublishedAssignment
    from legevakt_app.project_io import save_project
    from tests.reports.conftest import dogn_project, round_robin

    project = dogn_project(3)
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in round_robin(project).assignments]
    path = tmp_path / "testvik.legevakt.json"
    save_project(project, path)
    window.open_path(path)
    window.tabs.setCurrentWidget(window.terskel)
    return path
