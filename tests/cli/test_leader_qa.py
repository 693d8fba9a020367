"""What a legevakt leader relies on when she uses only the command line (found in a QA pass):
each test runs the command on a real file and reads what the leader reads."""

from __future__ import annotations

from legevakt_app.cli import EXIT_NO_ROTA, main
from legevakt_app.domain import PublishedAssignment
from legevakt_app.project_io import load_project, save_project
from legevakt_app.shifts import expand_shifts
from tests.conftest import SAMPLES


def _copy(tmp_path, name: str = "liten-kommune", to: str = "liten.legevakt.json"):
    path = tmp_path / to
    path.write_bytes(SAMPLES[name].read_bytes())
    return path


def test_check_lists_every_rule_break_of_a_stored_rota(tmp_path, capsys) -> None:
    """A rota edited by hand so that one doctor has every vakt breaks the rules many times:
    ``check`` lists every break (as the README says), not the first 20 and «… og 75 til»."""
    path = _copy(tmp_path)
    project = load_project(path)
    project.rota = [PublishedAssignment(shift_id=s.id, doctor_id=project.doctors[0].id)
                    for s in expand_shifts(project)[:60]]
    save_project(project, path, backup=False)
    assert main(["check", str(path)]) == EXIT_NO_ROTA
    out = capsys.readouterr().out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "regelbrudd" in line)
    breaks = int(lines[at].split("✖ ")[1].split()[0])
    assert breaks > 20
    assert len(lines[at + 1:]) == breaks
    assert all(line.startswith("  - ") for line in lines[at + 1:])
    assert "… og" not in out and "Kontroll" not in out
