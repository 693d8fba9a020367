"""The engine's sharing figure (delingstallet) in the app: where the fairness report finds
fewer outside the fair number than the figure counts, the Turnus summary line's tooltip, which
lists the level values, says what it counts instead, as `legevakt solve` does."""

import re
import shutil

import pytest

from legevakt_app.reports.fairness import fairness_report, outside_text, sharing_note
from legevakt_app.rota_source import source_from_project
from legevakt_app.ui.main_window import FAIRNESS_HELP, SHARING_WHERE
from tests.conftest import SAMPLES, assert_sharing_note
from tests.gui.conftest import wait_idle

pytestmark = pytest.mark.gui


def test_the_tooltip_says_what_the_sharing_figure_counts(qtbot, window, sharing_noted,
                                                         tmp_path) -> None:
    """liten-kommune's next period, solved and saved, opened the next day: the tooltip's
    sharing level (value > 0) is followed by who is outside the fair number and what the
    figure counts besides (Per Kroken needs a bakvakt, Ingrid Reinvik has a partial fritak:
    the engine set what they take), naming where the fair number is shown in the app; gone
    once the rota is changed by hand, back after Angre."""
    path = tmp_path / "neste.legevakt.json"
    shutil.copy(sharing_noted, path)
    window.open_path(path)
    assert window.last_solve is None  # the engine's figures saved with the rota
    tip = window.solve_summary.toolTip()
    level = next(line for line in tip.splitlines() if line.startswith("3. Deling av netter"))
    value = int(re.search(r": (\d+) \(nedre grense", level)[1])
    assert value > 0
    # a paragraph of its own after the level values (the tooltip wraps it)
    paragraphs = tip.split("\n\n")
    at = next(i for i, part in enumerate(paragraphs) if part.startswith("Utenfor det rettf"))
    assert paragraphs[at - 1].startswith("Motorens nivåer") and level in paragraphs[at - 1]
    outside, note = paragraphs[at].split("\n")
    # who is outside, as the red counts in Belastning: the rest of the figure
    report = fairness_report(source_from_project(window.project))
    assert outside == outside_text(report)
    assert_sharing_note(note, value, "Det rettferdige antallet i «Rettferdighet per lege» "
                        "(Belastning) er regnet av det legene tok i denne turnusen, som i "
                        "rapporten og vaktregnskapet.")
    assert tip.endswith(FAIRNESS_HELP)

    # a vakt given to another doctor: the engine's figures no longer describe the rota
    first = window.project.rota[0]
    other = next(d.id for d in window.project.doctors if d.id != first.doctor_id
                 and d.id not in {a.doctor_id for a in window.project.rota
                                  if a.shift_id == first.shift_id})
    window.assign(first.shift_id, first.role, first.doctor_id, other)
    assert "delingstallet" not in window.solve_summary.toolTip()
    window.undo.undo()
    assert window.solve_summary.toolTip().count(note) == 1


def test_a_solve_in_the_app_keeps_what_the_note_counts_against(qtbot, window, tmp_path) -> None:
    """The bands the engine fixed for the doctors not measured (liten-kommune: Per Kroken,
    Ingrid Reinvik) go with the rota into the project, so the note is the same after the
    project is saved and opened again as right after «Lag turnus»."""
    path = tmp_path / "liten.legevakt.json"
    shutil.copy(SAMPLES["liten-kommune"], path)
    window.open_path(path)
    window.solve(time_limit=3)
    wait_idle(qtbot, window)
    result = window.last_solve
    assert result.count_bands  # two doctors not measured: the engine fixed bands
    assert window.project.solved.count_bands == result.count_bands
    report = fairness_report(source_from_project(window.project))
    expected = sharing_note(result, report, where=SHARING_WHERE)
    assert window.sharing_note() == (expected and f"{outside_text(report)}\n{expected}")
    assert (expected is None) == ("delingstallet" not in window.solve_summary.toolTip())
    assert window._write(path)
    window.open_path(path)
    assert window.last_solve is None
    assert window.project.solved.count_bands == result.count_bands
    assert window.sharing_note() == (expected and f"{outside_text(report)}\n{expected}")
