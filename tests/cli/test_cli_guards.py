"""What a leader's slip on the command line must not cost: the project overwritten by an output
file, a bundled sample changed, a rota saved after Ctrl-C, a hand-edited rota that breaks the
rules passing unseen, a backup replaced by an import that changed nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import date

from legevakt_app.cli import EXIT_BAD_INPUT, EXIT_NO_ROTA, EXIT_OK, main
from legevakt_app.domain import PreAssignment
from legevakt_app.project_io import load_project, save_project
from legevakt_app.shifts import expand_shifts
from tests.conftest import ROOT, SAMPLES


def _copy(tmp_path, name="liten-kommune"):
    path = tmp_path / f"{name}.legevakt.json"
    path.write_bytes(SAMPLES[name].read_bytes())
    return path


def test_solve_refuses_to_write_its_result_over_a_project(tmp_path, capsys):
    project = _copy(tmp_path)
    other = _copy(tmp_path, "interkommunal")
    before, before_other = project.read_bytes(), other.read_bytes()
    # the project itself, and another project, are refused before any solving
    assert main(["solve", str(project), "--out", str(project)]) == EXIT_BAD_INPUT
    assert "er filen det leses fra" in capsys.readouterr().err
    assert main(["solve", str(project), "--out", str(other)]) == EXIT_BAD_INPUT
    assert "er en prosjektfil" in capsys.readouterr().err
    assert project.read_bytes() == before and other.read_bytes() == before_other
    assert not list(tmp_path.glob("*.bak"))


def test_export_refuses_to_write_over_its_source_or_a_project(tmp_path, capsys):
    project = _copy(tmp_path)
    before = project.read_bytes()
    assert main(["export", str(project), "--pdf", str(project)]) == EXIT_BAD_INPUT
    assert "--pdf" in capsys.readouterr().err
    assert main(["export", str(project), "--xlsx", str(tmp_path / "mangler" / "t.xlsx")]) \
        == EXIT_BAD_INPUT
    assert "finnes ikke" in capsys.readouterr().err
    assert project.read_bytes() == before


def test_a_bundled_sample_is_not_changed_by_save(capsys):
    before = SAMPLES["liten-kommune"].read_bytes()
    assert main(["solve", "liten-kommune", "--save", "--time-limit", "5"]) == EXIT_BAD_INPUT
    assert "medfølgende eksempel" in capsys.readouterr().err
    assert SAMPLES["liten-kommune"].read_bytes() == before


def test_ctrl_c_stops_the_solve_and_saves_nothing(tmp_path):
    project = _copy(tmp_path, "interkommunal")
    before = project.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-m", "legevakt_app.cli", "solve", str(project), "--save",
         "--time-limit", "120", "--out", str(tmp_path / "r.json")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    proc.stderr.readline()  # "… løser (inntil 120 s …)": the solve has started
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)  # far less than the 120 s it was given
    assert proc.returncode == 130, err
    assert "Avbrutt (Ctrl-C): ingenting er lagret." in err and "Traceback" not in err
    assert project.read_bytes() == before
    assert not (tmp_path / "r.json").exists() and not list(tmp_path.glob("*.bak"))


def test_check_lists_what_a_hand_edited_rota_breaks(tmp_path, capsys):
    project_file = _copy(tmp_path)
    assert main(["solve", str(project_file), "--save", "--quiet", "--time-limit", "5"]) == EXIT_OK
    printed = (capsys.readouterr(), _check(project_file, EXIT_OK))[1]
    assert "kontroll: ✔ oppfyller alle harde regler" in printed
    assert "vakter tettere enn maks 1 vakt per 4 dager" in printed  # soft: allowed, counted
    # by hand: the doctor exempt from nights is put on a night
    project = load_project(project_file)
    exempt = next(d for d in project.doctors if d.exemptions)
    first = next(i for i, a in enumerate(project.rota) if a.doctor_id != exempt.id
                 and a.shift_id.startswith("dogn@") and a.role == "vakt")
    project.rota[first] = project.rota[first].model_copy(update={"doctor_id": exempt.id})
    save_project(project, project_file, backup=False)
    printed = _check(project_file, EXIT_NO_ROTA)  # a script sees it, not only a reader
    assert "kontroll: ✖" in printed
    assert f"{exempt.name} har fritak fra nattevakt" in printed
    # export warns too, and still writes what was asked
    assert main(["export", str(project_file), "--xlsx", str(tmp_path / "t.xlsx")]) == EXIT_OK
    assert "regelbrudd" in capsys.readouterr().err



def test_check_before_solving_names_a_pre_assigned_vakt_no_rota_can_keep(tmp_path):
    project_file = _copy(tmp_path)
    assert "ingen turnus kan lages" not in _check(project_file, EXIT_OK)
    project = load_project(project_file)
    exempt = next(d for d in project.doctors if d.exemptions)
    night = next(s.id for s in expand_shifts(project) if s.id.startswith("dogn@"))
    exempt.pre_assigned.append(PreAssignment(shift_id=night, role="vakt"))
    save_project(project, project_file, backup=False)
    printed = _check(project_file, EXIT_NO_ROTA)
    assert "ingen turnus kan lages slik prosjektet er nå" in printed
    assert f"{exempt.name} har fritak fra nattevakt" in printed

def test_check_before_solving_finds_rules_that_clash(tmp_path):
    """No shift lacks a doctor by absence and no pre-assignment breaks a rule, but 11 t hvile
    and no vakt next to a practice day leave no rota on interkommunal (the vikar alone may
    take the weekday nights, and not all of them): «check» says so before the leader waits
    for a solve, counting those nights against his weekly limit, and says when a rota is
    possible. On liten-kommune, where everyone who may take nights practises, the counting
    names the nights nobody may take."""
    for name, said in (
            ("interkommunal", "mandag–torsdag og søndag i uke 1–11, 13–17 og 20–26: minst 5 "
                              "vaktdøgn med natt trengs, men 1 lege (Kjetil Grønlid) kan ta høyst 3 "
                              "(maks 3 per uke)"),
            ("liten-kommune", "Kari Nordeng, Ola Hallingset og Per Kroken har for kort hvile før "
                              "dagpraksis; Ingrid Reinvik har fritak fra natt")):
        project_file = _copy(tmp_path, name)
        assert "✔ en turnus er mulig" in _check(project_file, EXIT_OK)
        project = load_project(project_file)
        project.rules.min_rest_hours = 11
        project.rules.practice_after_night = "forbid"
        save_project(project, project_file, backup=False)
        printed = _check(project_file, EXIT_NO_ROTA)
        assert said in printed
        assert "en turnus er mulig" not in printed


def _check(path, code: int) -> str:
    result = subprocess.run([sys.executable, "-m", "legevakt_app.cli", "check", str(path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == code, result.stderr
    return result.stdout


def test_an_import_that_changes_nothing_keeps_the_project_and_its_backup(tmp_path, capsys):
    project_file = _copy(tmp_path)
    project = load_project(project_file)
    doctor = project.doctors[0]
    absence = doctor.unavailable[0]
    sheet = tmp_path / "fravaer.csv"
    sheet.write_text(f"lege;fra;til;type\n{doctor.name};{absence.start:%d.%m.%Y};"
                     f"{absence.end:%d.%m.%Y};ferie\n", encoding="utf-8")
    backup = tmp_path / (project_file.name + ".bak")
    backup.write_text("the version before the first import", encoding="utf-8")
    before = project_file.read_bytes()
    assert main(["import", str(project_file), str(sheet), "--apply"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "Ingenting er lagret" in printed and "Importert" not in printed
    assert project_file.read_bytes() == before
    assert backup.read_text(encoding="utf-8") == "the version before the first import"


def test_a_doctor_list_imported_twice_saves_once_and_keeps_the_first_backup(tmp_path, capsys):
    project_file = _copy(tmp_path)
    sheet = ROOT / "resources" / "templates" / "leger-eksempel.csv"
    assert main(["import", str(project_file), str(sheet), "--apply"]) == EXIT_OK
    assert "Importert og lagret" in capsys.readouterr().out
    backup = tmp_path / (project_file.name + ".bak")
    first_backup, after_first = backup.read_bytes(), project_file.read_bytes()
    assert first_backup == SAMPLES["liten-kommune"].read_bytes()  # the file before the import
    assert main(["import", str(project_file), str(sheet), "--apply"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "finnes alt" in printed and "oppdaterer lege" not in printed
    assert "Ingenting er lagret" in printed and "Importert" not in printed
    assert project_file.read_bytes() == after_first and backup.read_bytes() == first_backup


def test_report_refuses_a_target_of_zero(capsys):
    assert main(["report", "liten-kommune", "--target", "0"]) == EXIT_BAD_INPUT
    assert "--target 0: må være mellom 2 og 28" in capsys.readouterr().err


def test_a_result_file_given_as_a_project_is_named_for_what_it_is(tmp_path, capsys):
    result = tmp_path / "resultat.json"
    result.write_text(json.dumps({"format": "legevakt-rota/1"}), encoding="utf-8")
    assert main(["solve", str(result)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "dette er en resultatfil (legevakt-rota/1), ikke en prosjektfil" in err
    # the commands that read it
    assert "check, report og export leser også resultatfiler" in err
    # «check» reads it as a result file, and says what is missing
    assert main(["check", str(result)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "shifts: ikke en gyldig resultatfil (legevakt-rota/1): mangler (må være med)" in err


def test_check_verifies_a_result_file_from_the_file_alone(tmp_path, capsys):
    """The QA audit: «export» warned that a result file broke a hard rule and pointed to
    «legevakt check», which refused the file. Now it lists the breaks, as for a project."""
    result = tmp_path / "resultat.json"
    assert main(["solve", "liten-kommune", "--out", str(result), "--time-limit", "5",
                 "--quiet"]) == EXIT_OK
    capsys.readouterr()
    assert main(["check", str(result)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "resultatfilen (legevakt-rota/1) er i orden" in out
    assert "kontroll: ✔ oppfyller alle harde regler" in out
    document = json.loads(result.read_text(encoding="utf-8"))
    # a hand edit: the first vakt to a doctor on ferie that day
    kari = next(d for d in document["doctors"] if d["name"] == "Kari Nordeng")
    start, _end = kari["unavailable"][0]
    shift = next(s for s in document["shifts"] if s["start"][:10] == start[:10]
                 and s["role"] == "vakt")
    shift["assigned"] = [kari["id"]]
    result.write_text(json.dumps(document), encoding="utf-8")
    assert main(["check", str(result)]) == EXIT_NO_ROTA
    out = capsys.readouterr().out
    assert "✖" in out and "Fravær og fritak: Kari Nordeng har ferie" in out


def test_a_calendar_folder_with_older_files_is_pointed_out(tmp_path, capsys):
    # a leader exports the calendars into the folder used last time: the files of doctors no
    # longer on the rota would still be there, out of date, and get sent with the new ones
    project_file = _copy(tmp_path)
    assert main(["solve", str(project_file), "--save", "--quiet", "--time-limit", "5"]) == EXIT_OK
    folder = tmp_path / "kalender"
    folder.mkdir()
    (folder / "lege99-Tidligere-Lege.ics").write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    capsys.readouterr()
    assert main(["export", str(project_file), "--ics-dir", str(folder)]) == EXIT_OK
    err = capsys.readouterr().err
    assert "har også én annen .ics-fil fra før" in err and "lege99-Tidligere-Lege.ics" in err
    assert (folder / "lege99-Tidligere-Lege.ics").exists()  # pointed out, never deleted


def test_export_publish_records_what_was_sent_so_a_later_move_is_cancelled(tmp_path, capsys):
    """The CLI can publish what it exports; a vakt moved afterwards is then cancelled in the
    old doctor's calendar. Without --publish the export is kept in the project all the same
    (it says so), and nothing warns that the rota is not published."""
    project = _copy(tmp_path)
    cal = tmp_path / "kalender"
    # nothing stored yet: refused before anything is solved or written
    assert main(["export", str(project), "--ics-dir", str(cal), "--publish"]) == EXIT_BAD_INPUT
    assert "ingen lagret turnus" in capsys.readouterr().err and not cal.exists()
    assert main(["solve", str(project), "--save", "--time-limit", "3", "--deterministic"]) == EXIT_OK
    capsys.readouterr()
    assert main(["export", str(project), "--ics-dir", str(cal)]) == EXIT_OK
    out = capsys.readouterr()
    assert "ikke publisert" not in out.err and "hva kalenderne holder" in out.out
    assert main(["export", str(project), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    out = capsys.readouterr()
    assert "Publisert" in out.out and "ikke publisert" not in out.err
    saved = load_project(project)
    assert len(saved.snapshots) == 1
    assert {(a.shift_id, a.doctor_id) for a in saved.snapshots[0].assignments} == {
        (a.shift_id, a.doctor_id) for a in saved.rota}
    # move one vakt to a colleague, as a leader would by hand, and export again
    moved = next(a for a in saved.rota if a.role == "vakt")
    old_doctor = moved.doctor_id
    moved.doctor_id = next(d.id for d in saved.doctors if d.id != old_doctor and d.kind == "fastlege")
    save_project(saved, project)
    assert main(["export", str(project), "--ics-dir", str(cal)]) == EXIT_OK
    err = capsys.readouterr().err
    assert "turnusen har 1 endring siden den sist ble publisert" in err
    old_file = next(cal.glob(f"{old_doctor}-*.ics")).read_text(encoding="utf-8")
    assert old_file.count("STATUS:CANCELLED") == 1
    # publishing the change too, and exporting again, still sends the cancellation (the
    # leader's order in the app: change, «Publiser», export)
    assert main(["export", str(project), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    capsys.readouterr()
    assert main(["export", str(project), "--ics-dir", str(cal)]) == EXIT_OK
    assert "siden den sist ble publisert" not in capsys.readouterr().err
    # publishing the same rota again adds no second copy
    assert main(["export", str(project), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    assert "alt publisert slik den er" in capsys.readouterr().out
    assert len(load_project(project).snapshots) == 2
    old_file = next(cal.glob(f"{old_doctor}-*.ics")).read_text(encoding="utf-8")
    assert old_file.count("STATUS:CANCELLED") == 1
    # the bundled sample itself is never changed
    assert main(["export", "liten-kommune", "--ics-dir", str(cal), "--publish"]) == EXIT_BAD_INPUT
    assert "medfølgende eksempel" in capsys.readouterr().err


def test_a_sample_never_sends_the_leader_round_in_a_circle(tmp_path, capsys):
    """Advice for a bundled sample starts with a copy (its own --save is refused); a sample
    name can be previewed for import but not changed by it."""
    assert main(["check", "liten-kommune"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "medfølgende eksempel" in out and "legevakt solve mitt-liten-kommune" in out
    project = _copy(tmp_path)
    assert main(["check", str(project)]) == EXIT_OK
    assert f"«legevakt solve {project} --save»" in capsys.readouterr().out
    sheet = ROOT / "resources" / "templates" / "leger-eksempel.csv"
    before = SAMPLES["liten-kommune"].read_bytes()
    assert main(["import", "liten-kommune", str(sheet)]) == EXIT_OK
    assert "ny lege" in capsys.readouterr().out
    assert main(["import", "liten-kommune", str(sheet), "--apply"]) == EXIT_BAD_INPUT
    assert "medfølgende eksempel" in capsys.readouterr().err
    assert SAMPLES["liten-kommune"].read_bytes() == before


def test_repair_from_the_command_line_moves_few_published_vakter(tmp_path, capsys):
    """A doctor falls ill after the rota was published: «solve --repair» moves as few as it can
    of what was published; a plain re-solve says it moved what the doctors were told."""
    from legevakt_app.domain import Absence
    from legevakt_app.snapshots import latest_snapshot

    project_file = _copy(tmp_path)
    assert main(["solve", str(project_file), "--repair", "--quiet"]) == EXIT_BAD_INPUT
    assert "ingen lagret turnus å reparere" in capsys.readouterr().err
    # deterministic solves: which vakt falls ill, and what the repair finds, do not depend on
    # how busy the machine is (a busy machine once gave a rota where the ill doctor's day off
    # left a LIS1 night with no free bakvakt: a project with no rota, rightly refused)
    assert main(["solve", str(project_file), "--save", "--quiet", "--time-limit", "5",
                 "--deterministic"]) == EXIT_OK
    assert main(["export", str(project_file), "--ics-dir", str(tmp_path / "kal"), "--publish"]) == EXIT_OK
    capsys.readouterr()
    project = load_project(project_file)
    published = {(a.shift_id, a.role, a.doctor_id) for a in latest_snapshot(project).assignments}
    ill = next(a for a in project.rota if a.role == "vakt" and a.shift_id.startswith("dogn@2027-03"))
    day = date.fromisoformat(ill.shift_id.split("@")[1])
    doctor = next(d for d in project.doctors if d.id == ill.doctor_id)
    doctor.unavailable.append(Absence(start=day, end=day, kind="annet"))
    save_project(project, project_file, backup=False)
    assert main(["solve", str(project_file), "--repair", "--save", "--quiet",
                 "--time-limit", "8", "--deterministic"]) == EXIT_OK
    out = capsys.readouterr()
    repaired = load_project(project_file)
    now = {(a.shift_id, a.role, a.doctor_id) for a in repaired.rota}
    moved = len(published - now)
    assert 1 <= moved <= 6 and f"Flyttet: {moved} tildeling" in out.out
    assert (ill.shift_id, "vakt", ill.doctor_id) not in now
    assert "Merk: turnusen var publisert" not in out.err
    # a re-solve from scratch of a published rota is refused unless asked for, as the app
    # asks; nothing is changed
    before = project_file.read_bytes()
    assert main(["solve", str(project_file), "--save", "--quiet", "--time-limit", "3",
                 "--seed", "3"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "er publisert" in err and "--repair" in err and "--replace-published" in err
    assert project_file.read_bytes() == before
    assert main(["solve", str(project_file), "--save", "--quiet", "--time-limit", "3",
                 "--seed", "3", "--replace-published"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "Merk: turnusen var publisert;" in err and "tildeling" in err and "--publish" in err


def _vinterferie(tmp_path, rule: str, limit: dict) -> tuple[dict, object]:
    """Interkommunal with ``rule`` set to ``limit`` and ten of fourteen doctors on ferie
    01.03–14.03: (the project document, its file)."""
    data = json.loads(SAMPLES["interkommunal"].read_text(encoding="utf-8"))
    data["rules"][rule] = limit
    for doctor in data["doctors"][:10]:
        doctor["unavailable"].append({"start": "2027-03-01", "end": "2027-03-14", "kind": "ferie"})
    path = tmp_path / "vinterferie.legevakt.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data, path


def test_a_two_week_ferie_crunch_gets_an_exception_for_both_weeks(tmp_path, capsys, monkeypatch):
    """Interkommunal with firedelt as a hard rule and ten of fourteen doctors on vinterferie
    for two weeks: the conflict names one of the weeks, an exception for that week alone is
    not enough, so the engine widens it by the conflict that is left — and says the whole
    period's change apart.

    The explanation's 20 s are counted in work (solver.explain.WORK_PER_SECOND): it uses
    under a third of them, so every machine gets these fixes. Its 24 solves take 7 s on an
    idle machine and 47-49 s with sixteen busy loops on the two cores; the clock's safety net
    (3 × 20 s) would stop one busier still, and the explanation then says that it did not try
    every fix (tests/solver/test_explain_time.py). That net is set far off here, so this test
    checks the fixes alone, on any machine: when the clock decided them, it failed on a busy
    one (the conflict with «Minste hviletid» in it, and the period's fix left out unsaid, or
    «gjør … til en myk regel» offered for the two weeks as if it were the mildest)."""
    monkeypatch.setattr("solver.explain.WALL_FACTOR", 1000.0)
    data, path = _vinterferie(tmp_path, "max_in_window", {"value": 1, "hard": True})
    assert main(["solve", str(path), "--quiet", "--time-limit", "30"]) == EXIT_NO_ROTA
    printed = capsys.readouterr()
    out = printed.out + printed.err
    assert ("Mulige lettelser:\n"
            "  1. unntak for uke 9–10 (01.03–14.03): tillat 2-delt vakt (maks 1 vakt per 2 døgn)\n"
            "  2. tillat 2-delt vakt (maks 1 vakt per 2 døgn) for hele perioden\n") in out
    # the exception is enough: with it the project has a rota
    data["rules"]["exceptions"] = [{"start": "2027-03-01", "end": "2027-03-14",
                                    "spacing_window_days": 2}]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "✔ en turnus er mulig" in _check(path, EXIT_OK)


def test_the_exception_fix_covers_no_more_weeks_than_it_needs(tmp_path, capsys):
    """3-delt vakt as a hard rule on liten-kommune (Ingrid has no nights) and Ola away a week
    in May: the counting finds windows short over six weeks, but an exception on three of
    them is enough; the fix names those three, verified."""
    data = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    data["rules"]["spacing_window_days"] = 3
    data["rules"]["max_in_window"] = {"value": 1, "hard": True}
    ola = next(d for d in data["doctors"] if d["name"] == "Ola Hallingset")
    ola["unavailable"].append({"start": "2027-05-03", "end": "2027-05-09", "kind": "ferie"})
    path = tmp_path / "tredelt.legevakt.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["solve", str(path), "--quiet", "--time-limit", "30"]) == EXIT_NO_ROTA
    printed = capsys.readouterr()
    assert ("Mulige lettelser:\n  1. unntak for uke 8 (22.02–28.02), uke 15 (12.04–18.04) og "
            "uke 18 (03.05–09.05): tillat 2-delt vakt") in printed.out + printed.err
    data["rules"]["exceptions"] = [{"start": a, "end": b, "spacing_window_days": 2} for a, b in (
        ("2027-02-22", "2027-02-28"), ("2027-04-12", "2027-04-18"), ("2027-05-03", "2027-05-09"))]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "✔ en turnus er mulig" in _check(path, EXIT_OK)


def test_a_time_limit_too_short_for_a_first_rota_is_not_called_no_rota(tmp_path, capsys):
    """Out of time before a first rota: the leader is told to give it more time, not that no
    rota exists. When the counting pre-checks prove that none does (at most 1 vakt a week,
    hard, and ten of fourteen doctors away for two weeks), that is said, with the counting."""
    assert main(["solve", "interkommunal", "--quiet", "--time-limit", "0.05"]) == EXIT_NO_ROTA
    err = capsys.readouterr().err
    assert err.startswith("Fant ingen turnus innen tidsgrensen (0,05 s). Det betyr ikke at "
                          "ingen finnes: prøv igjen med lengre tid, for eksempel --time-limit 60")
    _data, path = _vinterferie(tmp_path, "max_per_week", {"value": 1, "hard": True})
    assert main(["solve", str(path), "--quiet", "--time-limit", "0.05"]) == EXIT_NO_ROTA
    err = capsys.readouterr().err
    assert err.startswith("Ingen turnus finnes:\n")
    assert ("uke 9–10: minst 7 vaktdøgn med natt trengs, men 4 leger (Hanne Ånestad, Jon Fjellvang, "
            "Tone Myrseth og Kjetil Grønlid) kan ta høyst 4 (maks 1 per uke)") in err
