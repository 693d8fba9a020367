"""The Belastning and Terskel widgets (offscreen)."""

from __future__ import annotations

import pytest

from legevakt_app.reports.scenarios import run_scenarios
from tests.reports.conftest import dogn_source
from tests.reports.test_scenarios_cli import loose_solver

pytestmark = pytest.mark.gui


def test_belastning_view_shows_every_doctor_and_saves_png(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from legevakt_app.ui.report_views import BelastningView

    view = BelastningView()
    qtbot.addWidget(view)
    report = view.set_source(dogn_source(3, hjemmevakt_factor=1 / 7))
    assert view.model.rowCount() == 3 and view.report() is report
    assert "1/7" in view.explanation.text() or "Rå timer" in view.explanation.text()
    view.set_equivalent(True)
    assert view.view_choice.currentIndex() == 1 and "1/7" in view.explanation.text()
    path = view.save_chart_png(tmp_path / "chart.png")
    assert path.stat().st_size > 5000
    assert view.save_timeline_png(tmp_path / "timeline.png").stat().st_size > 2000
    view.set_report(None)
    assert view.model.rowCount() == 0


def test_terskel_view_verdict_and_scenario_table(qtbot) -> None:  # type: ignore[no-untyped-def]
    from legevakt_app.ui.report_views import TerskelView

    view = TerskelView()
    qtbot.addWidget(view)
    source = dogn_source(3)
    report = view.set_source(source)
    assert "under firelegegrensen" in view.verdict.text()
    assert report.need is not None and "minst 1" in view.fact_labels["need"].text()
    assert view.kommune_table.rowCount() == 1
    view.set_scenarios(run_scenarios(source, solve_fn=loose_solver))
    assert view.scenario_table.rowCount() == 6
    with qtbot.waitSignal(view.scenarios_requested, timeout=1000):
        view.scenario_button.click()
    with qtbot.waitSignal(view.need_requested, timeout=1000) as blocker:
        view.need_button.click()
    assert blocker.args == [4]
