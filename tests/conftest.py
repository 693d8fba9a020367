"""Shared test setup: Qt offscreen, the bundled samples, opt-in slow tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {
    name: ROOT / "samples" / f"{name}.legevakt.json"
    for name in ("liten-kommune", "interkommunal", "stor-legevakt")
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("LEGEVAKT_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set LEGEVAKT_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def sample_path():
    """``sample_path("interkommunal")`` → the bundled sample's file."""
    return lambda name: SAMPLES[name]


def pre_assign_anothers_vakt(project):
    """The leader pre-assigns a free vaktkompetent doctor a vakt another doctor has in the
    published rota (mid-period): no repair keeps every other published vakt (the other must
    give way), so the repair searches the whole model. Changes ``project`` in place and
    returns it."""
    from legevakt_app.domain import PreAssignment
    from legevakt_app.engine_input import build_problem
    from solver.common import unavailable_reasons

    problem = build_problem(project)
    shifts = {s.id: s for s in problem.shifts}
    engine = {d.id: d for d in problem.doctors}
    busy: dict[str, list] = {}
    for a in project.rota:
        busy.setdefault(a.doctor_id, []).append(shifts[a.shift_id])
    taken = next(a for a in project.rota[len(project.rota) // 2:]
                 if a.role == "vakt" and shifts[a.shift_id].required == 1
                 and engine[a.doctor_id].competent)
    when = shifts[taken.shift_id]
    free = next(d for d in project.doctors
                if engine[d.id].competent and d.id != taken.doctor_id
                and not unavailable_reasons(engine[d.id], when)
                and all(abs((s.start - when.start).days) > 2 for s in busy.get(d.id, [])))
    free.pre_assigned = [*free.pre_assigned, PreAssignment(shift_id=taken.shift_id)]
    return project



@pytest.fixture(scope="session")
def sharing_noted(tmp_path_factory):
    """liten-kommune solved in 5 s (deterministic), its next period made and solved in 5 s
    and saved (``solve --save``): a project whose engine's sharing level counts vakter the
    fairness report does not find outside (Per Kroken needs a bakvakt, Ingrid Reinvik has a
    partial fritak), as tests/cli/test_leader_qa.py finds it. Its path (copy it to change it)."""
    import contextlib
    import io

    from legevakt_app.cli import EXIT_OK, main

    folder = tmp_path_factory.mktemp("deling")
    first, second = folder / "liten.legevakt.json", folder / "neste.legevakt.json"
    first.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    for args in (["solve", str(first), "--save", "--quiet", "--time-limit", "5",
                  "--deterministic"],
                 ["next-period", str(first), "--out", str(second)],
                 ["solve", str(second), "--save", "--quiet", "--time-limit", "5",
                  "--deterministic"]):
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(args) == EXIT_OK
    return second


def assert_sharing_note(note: str, value: int, ending: str, prefix: str = "") -> None:
    """The sharing note of the ``sharing_noted`` project (reports.fairness.sharing_note), as
    ``legevakt solve`` (``prefix`` its indent) and the app's tooltip both say it: what of the
    sharing figure ``value`` it counts, the doctors not measured, ending in ``ending``."""
    import re

    counted = re.match(prefix + r"Merk: (?:(\d+) av )?delingstallet \((\d+)\) er ikke vakter "
                       r"utenfor det rettferdige antallet, men avstand fra antall motoren satte "
                       r"underveis: ", note)
    assert counted and int(counted[2]) == value and int(counted[1] or value) <= value
    assert ("for legene som ikke måles mot det rettferdige (Ingrid Reinvik: delvis fritak; "
            "Per Kroken: trenger bakvakt) det de fikk i motorens første turnus") in note
    assert "(motoren regnet med " in note
    assert note.endswith(ending)
