"""Who made the rota, and when: the date the engine made it, kept with its solve record in the
project (``solved.made_at``), in «Om turnusen», in the result file's solve block (``made_at``)
and in what ``legevakt check`` and ``legevakt report`` say of a result file; and a result file
written from a project whose rota the engine made and the leader changed says so (status
«changed», the engine's own status kept as ``engine_status``), not «laget for hånd» (QA).

Real solves of liten-kommune (3 s), the commands a leader runs, the files read back as they
are written; the workbook read with openpyxl."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from legevakt_app.cli import EXIT_OK, main
from legevakt_app.project_io import ProjectError, ResultFileError, load_project, save_project
from tests.conftest import SAMPLES

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(scope="module")
def solved_once(tmp_path_factory):  # type: ignore[no-untyped-def]
    """liten-kommune solved and saved (``solve --save``), and its result file (``--out``),
    with the moments before and after the solve."""
    folder = tmp_path_factory.mktemp("solved")
    path = folder / "liten.legevakt.json"
    shutil.copy(SAMPLES["liten-kommune"], path)
    before = datetime.now(OSLO)
    assert main(["solve", str(path), "--save", "--out", str(folder / "liten.result.json"),
                 "--time-limit", "3", "--quiet"]) == EXIT_OK
    return path, folder / "liten.result.json", before, datetime.now(OSLO)


@pytest.fixture
def project_path(solved_once, tmp_path):  # type: ignore[no-untyped-def]
    """A copy of the solved project, for a test to change."""
    path = tmp_path / "liten.legevakt.json"
    shutil.copy(solved_once[0], path)
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def about(source_name: str, out) -> dict:  # type: ignore[no-untyped-def]
    """«Om turnusen» of the workbook ``legevakt export SOURCE --xlsx`` makes, label → value."""
    from legevakt_app.export.xlsx import SHEET_ABOUT

    assert main(["export", source_name, "--xlsx", str(out)]) == EXIT_OK
    return {r[0]: r[1] for r in load_workbook(out)[SHEET_ABOUT].iter_rows(values_only=True)
            if r[0]}


def when(moment: datetime) -> str:
    return f"{moment.astimezone(OSLO):%d.%m.%Y kl. %H:%M}"


def test_the_date_is_kept_with_the_rota_and_shown(solved_once, tmp_path):
    path, result_path, before, after = solved_once
    made_at = load_project(path).solved.made_at
    # when the engine delivered the rota, in Oslo time with its offset, to the second
    assert made_at.utcoffset() == OSLO.utcoffset(made_at.replace(tzinfo=None))
    assert before - timedelta(seconds=1) <= made_at <= after
    assert '"made_at": "' + made_at.isoformat() + '"' in path.read_text(encoding="utf-8")
    # «Om turnusen»: a date and time cell, Oslo wall-clock time as «Generert» is
    rows = about(str(path), tmp_path / "p.xlsx")
    assert rows["Laget av motoren"] == made_at.astimezone(OSLO).replace(tzinfo=None)
    # the result file of the same solve: ISO 8601 with the offset, the same moment
    solve = json.loads(result_path.read_text(encoding="utf-8"))["solve"]
    assert solve["made_at"] == made_at.isoformat()
    assert datetime.fromisoformat(solve["made_at"]).utcoffset() is not None
    code, out = run("check", str(result_path))
    assert code == EXIT_OK, out
    assert f"Laget:       av motoren {when(made_at)}\n" in out
    assert about(str(result_path), tmp_path / "r.xlsx")["Laget av motoren"] == \
        made_at.astimezone(OSLO).replace(tzinfo=None)


def test_an_edited_rota_exported_as_a_result_file_says_the_engine_made_it(project_path,
                                                                        tmp_path):
    """Solved, published, one vakt given to another doctor by hand, then written as a result
    file as the app's Eksporter → Resultatfil does: it said {"status": "manual"}, «laget for
    hånd». Now «changed», with the engine's status, the places changed and the date; read
    back, ``check``, ``report`` and the workbook say the engine made it and it was changed
    after, and ``check`` does not take the file for one that contradicts itself."""
    from legevakt_app.export.xlsx import STATUS_TEXT
    from legevakt_app.rota_source import source_from_project, write_result_file
    from tests.cli.test_edit_cli import _free_doctor

    record = load_project(project_path).solved
    assert main(["export", str(project_path), "--xlsx", str(tmp_path / "pub.xlsx"),
                 "--publish"]) == EXIT_OK
    shift_id = "dogn@2027-03-10"
    assert main(["edit", str(project_path), "give", shift_id,
                 _free_doctor(project_path, shift_id)]) == EXIT_OK
    project = load_project(project_path)
    # the places changed: the vakt given; and her bakvakt on it, when she had that (a place
    # emptied, as the ◆ count it)
    now = {(a.shift_id, a.doctor_id, a.role) for a in project.rota}
    was = {(a.shift_id, a.doctor_id, a.role) for a in project.snapshots[-1].assignments}
    n = max(len(now - was), len(was - now))
    assert n in (1, 2)
    result = tmp_path / "endret.resultat.json"
    write_result_file(result, source_from_project(project))
    solve = json.loads(result.read_text(encoding="utf-8"))["solve"]
    digest = solve.pop("digest")  # what the count is of: this file's rota and inputs
    assert len(digest) == 64
    assert solve == {"status": "changed", "engine_status": record.status,
                     "changed_assignments": n, "inputs_changed": False,
                     "made_at": record.made_at.isoformat()}

    said = (f"laget av motoren med status «{STATUS_TEXT[record.status]}», endret for hånd "
            f"etter løsningen: {n} tildeling{'er' if n > 1 else ''} (motorens status og tall "
            "gjelder ikke denne turnusen)")
    code, out = run("check", str(result))
    assert code == EXIT_OK, out
    assert "er i orden" in out and "✖" not in out
    assert f"Løsning:     {said}\n" in out
    assert f"Laget:       av motoren {when(record.made_at)}\n" in out
    assert "for hånd (ingen tall" not in out
    code, out = run("report", str(result), "--no-need")
    assert code == EXIT_OK
    assert f"Turnusen er {said}. Laget av motoren {when(record.made_at)}." in out
    assert "laget for hånd" not in out
    rows = about(str(result), tmp_path / "r.xlsx")
    assert rows["Løsningsstatus"] == said
    assert rows["Laget av motoren"] == record.made_at.astimezone(OSLO).replace(tzinfo=None)
    assert not [label for label in rows if label.startswith("Nivå")]  # not this rota's


def test_a_reopened_unchanged_rota_keeps_the_engines_figures_in_the_result_file(project_path):
    """Written from a project reopened later (no solve in this session), the engine's rota
    as it made it: the record's status and figures, vouched for by the digest (it said
    «manual»)."""
    from legevakt_app.rota_source import source_from_project, write_result_file

    record = load_project(project_path).solved
    result = project_path.with_name("r.resultat.json")
    write_result_file(result, source_from_project(load_project(project_path)))
    solve = json.loads(result.read_text(encoding="utf-8"))["solve"]
    assert solve["status"] == record.status and solve["objective"] == record.objective
    assert solve["made_at"] == record.made_at.isoformat() and solve["digest"]
    code, out = run("check", str(result))
    assert code == EXIT_OK and "er i orden" in out and "✖" not in out, out


@pytest.mark.parametrize(("key", "value", "said"), [
    ("made_at", "2026-11-28T17:30:00", "solve.made_at: ikke en gyldig resultatfil "
     "(legevakt-rota/1): må ha tidssone, f.eks. 2027-01-04T16:00:00+01:00"),
    ("made_at", "i går", "solve.made_at: ikke en gyldig resultatfil (legevakt-rota/1): må være "
     "dato og klokkeslett ÅÅÅÅ-MM-DDTtt:mm, ikke «i går»"),
    ("engine_status", "best", "solve.engine_status: ikke en gyldig resultatfil "
     "(legevakt-rota/1): er ikke et av valgene («best»)"),
    ("changed_assignments", -1, "solve.changed_assignments: ikke en gyldig resultatfil"),
])
def test_a_bad_date_or_origin_in_a_result_file_is_named(solved_once, tmp_path, key, value, said):
    from legevakt_app.rota_source import source_from_result_document

    document = json.loads(solved_once[1].read_text(encoding="utf-8"))
    document["solve"][key] = value
    with pytest.raises(ResultFileError) as caught:
        source_from_result_document(document, "r.json")
    assert said in str(caught.value)


def test_a_result_file_without_the_date_still_reads(solved_once, tmp_path):
    document = json.loads(solved_once[1].read_text(encoding="utf-8"))
    del document["solve"]["made_at"]  # as every file written before it was kept
    path = tmp_path / "eldre.resultat.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out = run("check", str(path))
    assert code == EXIT_OK and "er i orden" in out, out
    assert "Laget:" not in out
    rows = about(str(path), tmp_path / "r.xlsx")
    assert "Laget av motoren" not in rows
    assert rows["Løsningsstatus"] != "laget for hånd"


def test_an_old_project_without_the_date_loads_and_says_no_date(project_path, tmp_path,
                                                                capsys):
    """A project solved by a Legevakt from before the date was kept: it opens, its record
    still applies, no date is said, and saving it writes no ``made_at: null``."""
    from legevakt_app.export.xlsx import STATUS_TEXT

    document = json.loads(project_path.read_text(encoding="utf-8"))
    del document["solved"]["made_at"]
    project_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    project = load_project(project_path)
    assert project.solved is not None and project.solved.made_at is None
    rows = about(str(project_path), tmp_path / "old.xlsx")
    assert rows["Løsningsstatus"] == STATUS_TEXT[project.solved.status]  # the engine's still
    assert "Laget av motoren" not in rows
    save_project(project, project_path, backup=False)
    assert "made_at" not in project_path.read_text(encoding="utf-8")
    # a date without its offset is refused, naming the field
    document["solved"]["made_at"] = "2026-11-28T17:30:00"
    project_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectError):
        load_project(project_path)
    capsys.readouterr()
    assert main(["check", str(project_path)]) == 2
    said = capsys.readouterr()
    assert ("solved, made_at: må ha tidssone, f.eks. 2027-01-04T16:00:00+01:00"
            in said.out + said.err)
