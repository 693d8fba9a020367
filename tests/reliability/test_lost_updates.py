"""A save never throws away what another program put in the file meanwhile.

Every command that saves into the project it read (``solve --save``, ``edit``, ``import
--apply``, ``export --publish``, ``export --ics-dir``) hands the stamp of what it read to ``save_project``, which
refuses (``FileChanged``) when the file holds something else now: exit 2, a Norwegian line,
the other change kept, and the command's own work not lost (``solve`` writes its rota to a
result file of its own). The same check keeps a new file made meanwhile (``next-period
--out``). And the backup, the link, the read-only mark and a closed output pipe are honoured."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from legevakt_app.file_errors import FileChanged, WriteFailed, check_writable, previous_version
from legevakt_app.project_io import (
    MISSING,
    FileStamp,
    atomic_write_text,
    file_stamp,
    load_project,
    load_project_stamped,
    save_project,
)
from tests.conftest import ROOT, SAMPLES
from tests.export.conftest import saved_with_rota

DOCTORS_CSV = ROOT / "resources" / "templates" / "leger-eksempel.csv"




def _someone_else_renames(path, name="Endret av en annen"):
    """Another program's change to the file (as a colleague's ``legevakt`` run makes it)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["district"]["name"] = name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ----- save_project ----------------------------------------------------------------------------
def test_a_save_with_the_stamp_of_an_older_read_is_refused_and_changes_nothing(tmp_path):
    path = tmp_path / "p.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    project, stamp = load_project_stamped(path)
    assert stamp == file_stamp(path) and stamp.exists
    _someone_else_renames(path)
    theirs = path.read_bytes()
    project.doctors = project.doctors[:1]
    with pytest.raises(FileChanged) as caught:
        save_project(project, path, expected=stamp)
    assert isinstance(caught.value, WriteFailed) and not caught.value.gone
    assert str(caught.value).startswith(f"{path}: kan ikke skrive (filen er endret på disken "
                                        "etter at den ble lest")
    assert path.read_bytes() == theirs
    assert not (tmp_path / "p.legevakt.json.bak").exists()
    assert _leftovers(tmp_path) == []


def test_a_file_only_touched_is_not_changed(tmp_path):
    path = tmp_path / "p.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    project, stamp = load_project_stamped(path)
    os.utime(path, (1, 1))  # a sync tool, ``touch``: the time, not the content
    project.district.name = "Lagret"
    saved = save_project(project, path, expected=stamp)
    assert load_project(path).district.name == "Lagret"
    assert saved.stamp == file_stamp(path)
    assert saved.backup == tmp_path / "p.legevakt.json.bak" and saved.backup_problem is None
    # the stamp a save returns is the one for the next save
    project.district.name = "Lagret igjen"
    save_project(project, path, expected=saved.stamp)


def test_a_file_removed_since_it_was_read_is_not_made_anew(tmp_path):
    path = tmp_path / "p.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    project, stamp = load_project_stamped(path)
    path.unlink()
    with pytest.raises(FileChanged) as caught:
        save_project(project, path, expected=stamp)
    assert caught.value.gone and "slettet eller flyttet" in str(caught.value)
    assert not path.exists()


def test_missing_means_the_file_must_still_not_be_there(tmp_path):
    path = tmp_path / "ny.legevakt.json"
    assert file_stamp(path) == MISSING
    project = load_project(SAMPLES["liten-kommune"])
    path.write_text("laget av noe annet i mellomtiden")
    with pytest.raises(FileChanged):
        save_project(project, path, expected=MISSING)
    assert path.read_text() == "laget av noe annet i mellomtiden"


# ----- the backup, the link, the read-only mark ------------------------------------------------
def test_a_save_through_a_symbolic_link_writes_the_file_it_points_to(tmp_path):
    shared = tmp_path / "delt"
    shared.mkdir()
    real = shared / "turnus.legevakt.json"
    atomic_write_text(real, "en\n")
    link = tmp_path / "turnus.legevakt.json"
    link.symlink_to(os.path.join("delt", "turnus.legevakt.json"))
    saved = atomic_write_text(link, "to\n")
    assert link.is_symlink() and real.read_text() == "to\n"
    assert saved.backup == shared / "turnus.legevakt.json.bak"
    assert not saved.backup.is_symlink() and saved.backup.read_text() == "en\n"
    assert not (tmp_path / "turnus.legevakt.json.bak").exists()
    assert _leftovers(shared) == [] and _leftovers(tmp_path) == []


def test_a_bak_that_cannot_be_replaced_keeps_the_previous_version_elsewhere(tmp_path):
    path = tmp_path / "p.legevakt.json"
    atomic_write_text(path, "en\n")
    (tmp_path / "p.legevakt.json.bak").mkdir()
    saved = atomic_write_text(path, "to\n")
    assert path.read_text() == "to\n"
    assert saved.backup is not None and saved.backup.read_text() == "en\n"
    assert saved.backup.name.startswith("p.legevakt.json.") and saved.backup.name.endswith(".bak")
    assert saved.backup_problem == "p.legevakt.json.bak kan ikke erstattes (er en mappe)"
    note = previous_version(saved)
    assert note == f"forrige versjon i {saved.backup}; {saved.backup_problem}"


def test_when_no_backup_can_be_kept_the_message_says_so(tmp_path, monkeypatch):
    path = tmp_path / "p.legevakt.json"
    atomic_write_text(path, "en\n")

    def refuse(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")

    import legevakt_app.project_io as project_io

    real_replace = os.replace
    monkeypatch.setattr(project_io.os, "replace",
                        lambda a, b: refuse() if str(b).endswith(".bak") else real_replace(a, b))
    monkeypatch.setattr(project_io.os, "link", refuse)
    monkeypatch.setattr(project_io.os, "rename", refuse)
    saved = atomic_write_text(path, "to\n")
    assert path.read_text() == "to\n" and saved.backup is None
    assert previous_version(saved).startswith("NB: forrige versjon kunne ikke tas vare på: "
                                              "p.legevakt.json.bak kan ikke erstattes")
    assert _leftovers(tmp_path) == []


def test_a_file_without_write_permission_is_refused_also_for_root(tmp_path):
    path = tmp_path / "p.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    path.chmod(0o444)
    with pytest.raises(WriteFailed) as caught:
        check_writable(path)
    assert caught.value.strerror == "filen er skrivebeskyttet"
    with pytest.raises(WriteFailed):
        save_project(load_project(path), path)
    assert path.read_bytes() == SAMPLES["liten-kommune"].read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


# ----- the commands ----------------------------------------------------------------------------
def test_solve_save_keeps_a_change_made_while_solving_and_its_rota(tmp_path, capsys, monkeypatch):
    path = tmp_path / "p.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    import solver.solve

    real_solve = solver.solve.solve

    def solve_while_someone_imports(*args, **kwargs):
        result = real_solve(*args, **kwargs)
        _someone_else_renames(path, "Importert mens den løste")
        return result

    monkeypatch.setattr(solver.solve, "solve", solve_while_someone_imports)
    rc = main(["solve", str(path), "--save", "--time-limit", "2", "--quiet"])
    err = capsys.readouterr().err
    assert rc == EXIT_BAD_INPUT
    assert load_project(path).district.name == "Importert mens den løste"
    assert not load_project(path).rota
    [side] = tmp_path.glob("p.ulagret-turnus-*.json")
    assert f"Turnusen ligger i {side} (en resultatfil)" in err
    assert "filen er endret på disken etter at den ble lest" in err
    kept = json.loads(side.read_text(encoding="utf-8"))
    assert kept["format"] == "legevakt-rota/1"
    assert sum(m["shifts"] for m in kept["doctors_summary"]) > 0  # the rota is kept
    from legevakt_app.rota_source import load_source

    assert load_source(str(side)).has_rota  # a result file like --out's: report, export


def test_solve_save_with_out_points_to_it(tmp_path, capsys, monkeypatch):
    path = tmp_path / "p.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    out = tmp_path / "resultat.json"
    import solver.solve

    real_solve = solver.solve.solve

    def solve_then_change(*args, **kwargs):
        result = real_solve(*args, **kwargs)
        _someone_else_renames(path)
        return result

    monkeypatch.setattr(solver.solve, "solve", solve_then_change)
    rc = main(["solve", str(path), "--save", "--out", str(out), "--time-limit", "2", "--quiet"])
    assert rc == EXIT_BAD_INPUT
    assert f"Turnusen ligger i {out}." in capsys.readouterr().err
    assert out.exists() and list(tmp_path.glob("*ulagret*")) == []


@pytest.mark.parametrize("command", ["edit", "import", "publish", "calendars"])
def test_edit_import_and_publish_refuse_to_save_over_a_change(tmp_path, capsys, monkeypatch,
                                                                command):
    path = saved_with_rota(tmp_path / "p.legevakt.json")
    if command == "edit":
        import legevakt_app.rota_edit as rota_edit

        hooked, attr = rota_edit, "give"
        argv = ["edit", str(path), "give", "05.01", "Kari"]
    elif command == "import":
        import legevakt_app.export.importer as importer

        hooked, attr = importer, "apply_import"
        argv = ["import", str(path), str(DOCTORS_CSV), "--apply"]
    elif command == "publish":
        import legevakt_app.export.xlsx as xlsx

        hooked, attr = xlsx, "export_xlsx"
        argv = ["export", str(path), "--xlsx", str(tmp_path / "t.xlsx"), "--publish"]
    else:  # what the calendars hold is saved after them
        import legevakt_app.export.ics as ics

        hooked, attr = ics, "write_ics_sent"
        argv = ["export", str(path), "--ics-dir", str(tmp_path / "kalender")]
    real = getattr(hooked, attr)

    def meanwhile(*args, **kwargs):
        _someone_else_renames(path)
        return real(*args, **kwargs)

    monkeypatch.setattr(hooked, attr, meanwhile)
    theirs = None
    rc = main(argv)
    theirs = load_project(path)
    err = capsys.readouterr().err
    assert rc == EXIT_BAD_INPUT, err
    assert "filen er endret på disken etter at den ble lest" in err and "Traceback" not in err
    assert theirs.district.name == "Endret av en annen"
    assert theirs.snapshots == [] and theirs.calendars == {} and len(theirs.doctors) == 4
    assert not (tmp_path / "p.legevakt.json.bak").exists()


def test_the_commands_name_the_backup_they_kept(tmp_path, capsys):
    path = saved_with_rota(tmp_path / "p.legevakt.json")
    (tmp_path / "p.legevakt.json.bak").mkdir()
    assert main(["edit", str(path), "lock", "--all"]) == EXIT_OK
    out = capsys.readouterr().out
    [kept] = [p for p in tmp_path.glob("p.legevakt.json.*.bak") if p.is_file()]
    assert (f"Lagret i {path} (forrige versjon i {kept}; p.legevakt.json.bak kan ikke "
            "erstattes (er en mappe))") in out


def test_next_period_does_not_replace_a_file_made_meanwhile(tmp_path, capsys, monkeypatch):
    source = saved_with_rota(tmp_path / "p.legevakt.json")
    out = tmp_path / "neste.legevakt.json"
    import legevakt_app.next_period as next_period

    real = next_period.next_period

    def meanwhile(*args, **kwargs):
        out.write_text("en annens fil")
        return real(*args, **kwargs)

    monkeypatch.setattr(next_period, "next_period", meanwhile)
    assert main(["next-period", str(source), "--out", str(out)]) == EXIT_BAD_INPUT
    assert "ingenting er lagret" in capsys.readouterr().err
    assert out.read_text() == "en annens fil"


def test_a_reader_that_goes_away_does_not_stop_the_save(tmp_path):
    """``legevakt import p.json many.csv --apply | head -1``: the preview is longer than the
    pipe holds, the reader has gone before the save; the import is saved all the same."""
    path = tmp_path / "p.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    csv = tmp_path / "mange.csv"
    csv.write_text("navn;kommune;fødselsår\n" + "".join(
        f"Lege Nummer{i:04d} Testesen;Lysfjord;1970\n" for i in range(2500)), encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "legevakt_app.cli", "import", str(path),
                              str(csv), "--apply"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    first = child.stdout.readline()
    child.stdout.close()  # ``head -1`` has its line
    err = child.stderr.read().decode()
    assert child.wait(120) == EXIT_OK, err
    assert first.startswith(b"rad 2: ny lege") and "Traceback" not in err
    assert len(load_project(path).doctors) == 4 + 2500
    assert (tmp_path / "p.legevakt.json.bak").exists()


def test_stamps_compare_content():
    assert FileStamp.of_bytes(b"a") == FileStamp.of_bytes(b"a") != FileStamp.of_bytes(b"b")
    assert not MISSING.exists


def test_saves_from_the_same_read_at_the_same_moment_one_wins(tmp_path, monkeypatch):
    """Two commands (or windows) that read the same version and save at once: one is saved,
    every other is refused; never both, the second silently over the first."""
    import threading
    import time

    import legevakt_app.project_io as project_io

    real_stamp = project_io.file_stamp

    def slow_disk(path):  # the check takes a while: room for another save to pass it too
        stamp = real_stamp(path)
        time.sleep(0.05)
        return stamp

    monkeypatch.setattr(project_io, "file_stamp", slow_disk)
    path = tmp_path / "p.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    project, stamp = load_project_stamped(path)
    start = threading.Barrier(6)
    outcome: list[str] = []

    def save(n):
        mine = project.model_copy(deep=True)
        mine.district.name = f"Lagring {n}"
        start.wait()
        try:
            save_project(mine, path, expected=stamp)
            outcome.append(mine.district.name)
        except FileChanged:
            outcome.append("nektet")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    [winner] = [o for o in outcome if o != "nektet"]
    assert outcome.count("nektet") == 5
    assert load_project(path).district.name == winner
