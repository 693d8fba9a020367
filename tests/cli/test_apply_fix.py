"""``legevakt solve PROJECT --apply-fix NR``: the fix «Bruk» makes in the app, from the command
line. The fixes are printed numbered; NR is made on the project, saved with a ``.bak`` (the
file as it was before the command), and the project solved again. A number not in the list, a
fix the leader must make herself, a bundled sample, a read-only file and a change made on disk
meanwhile are refused with exit 2, and the file is left as it was."""

from __future__ import annotations

import json

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, EXIT_NO_ROTA, EXIT_OK, main
from legevakt_app.project_io import load_project
from tests.conftest import SAMPLES

FIX_1 = ("tillat 3-delt vakt (maks 1 vakt per 3 døgn) for hele perioden, og unntak for uke 8 "
         "(22.02–28.02) og uke 15 (12.04–18.04): tillat 2-delt vakt (maks 1 vakt per 2 døgn)")
FIX_2 = "tillat 2-delt vakt (maks 1 vakt per 2 døgn) for hele perioden"


def _hard_firedelt(tmp_path):
    """liten-kommune with firedelt (maks 1 vakt per 4 døgn) as a hard rule: Ingrid has no
    nights, so three doctors cannot keep it, and the engine finds two fixes."""
    data = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    data["rules"]["max_in_window"] = {"value": 1, "hard": True}
    path = tmp_path / "firedelt.legevakt.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _kari_without_share(tmp_path):
    """liten-kommune with Kari at vaktandel 0, and the døgnvakt of 02.03 nobody else may take
    (Ola and Per away, Ingrid no nights): the one fix is a vaktandel for Kari, how much being
    the leader's choice."""
    data = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    doctors = {d["name"]: d for d in data["doctors"]}
    doctors["Kari Nordeng"]["legevakt_share"] = 0
    doctors["Ola Hallingset"]["unavailable"].append(
        {"start": "2027-03-02", "end": "2027-03-02", "kind": "ferie"})
    doctors["Per Kroken"]["unavailable"].append(
        {"start": "2027-03-03", "end": "2027-03-03", "kind": "ferie"})
    path = tmp_path / "andel.legevakt.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_fixes_are_printed_numbered_with_how_to_apply_one(tmp_path, capsys):
    path = _hard_firedelt(tmp_path)
    assert main(["solve", str(path), "--quiet", "--time-limit", "10"]) == EXIT_NO_ROTA
    err = capsys.readouterr().err.splitlines()
    at = err.index("Mulige lettelser:")
    assert err[at + 1:] == [
        f"  1. {FIX_1}",
        f"  2. {FIX_2}",
        f"Bruk en lettelse med «legevakt solve {path} --apply-fix NR»: endringen lagres i "
        "prosjektet (forrige versjon i .bak), og turnusen lages på nytt (med --save lagres "
        "også den)."]


def test_apply_fix_makes_the_fix_saves_it_and_solves(tmp_path, capsys):
    path = _hard_firedelt(tmp_path)
    before = path.read_bytes()
    assert main(["solve", str(path), "--apply-fix", "1", "--save", "--quiet",
                 "--time-limit", "10"]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [f"Lettelse 1 brukt: {FIX_1}",
                       f"Lettelsen er lagret i {path} (forrige versjon i {path}.bak); turnusen "
                       "lages nå"]
    assert out[2].startswith("Status: ")
    assert out[-1] == f"Lagret turnusen i {path} (forrige versjon i {path}.bak, fra før lettelsen)"
    saved = load_project(path)
    assert saved.rules.spacing_window_days == 3 and saved.rules.max_in_window.hard
    assert [(e.name, f"{e.start:%d.%m}", f"{e.end:%d.%m}", e.spacing_window_days)
            for e in saved.rules.exceptions] == [("uke 8", "22.02", "28.02", 2),
                                                 ("uke 15", "12.04", "18.04", 2)]
    assert saved.rota  # the rota made with the fix is stored
    # the .bak is the file from before the command, not the fix alone
    assert (tmp_path / f"{path.name}.bak").read_bytes() == before
    # and the stored rota keeps every hard rule of the changed project
    assert main(["check", str(path)]) == EXIT_OK
    assert "kontroll: ✔ oppfyller alle" in capsys.readouterr().out


def test_apply_fix_without_save_keeps_the_fix_but_not_the_rota(tmp_path, capsys):
    path = _hard_firedelt(tmp_path)
    assert main(["solve", str(path), "--apply-fix", "2", "--quiet",
                 "--time-limit", "5"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith(f"Lettelse 2 brukt: {FIX_2}\nLettelsen er lagret i {path} (forrige "
                          "versjon i ")
    # the word about the fix is not to be read as the rota saved: it says so, and last
    assert out.splitlines()[1].endswith("; turnusen lages nå (lagres ikke uten --save)")
    assert "Lagret turnusen" not in out
    assert out.splitlines()[-1] == (
        "Turnusen er ikke lagret (bare lettelsen er det): den står bare her. Lagre den i "
        f"prosjektet med «legevakt solve {path} --save» (løsingen kjøres på nytt), eller skriv "
        "den til en fil med --out FIL.")
    saved = load_project(path)
    assert (saved.rules.spacing_window_days, saved.rules.exceptions, saved.rota) == (2, [], [])


def test_a_locked_cell_in_ferie_is_unlocked_and_the_rota_then_made(tmp_path, capsys):
    from legevakt_app.project_io import save_project
    from tests.foundation.test_fixes import FERIE_DAY, _kari_in_ferie

    path = tmp_path / "laast.legevakt.json"
    save_project(_kari_in_ferie(locked=True), path, backup=False)
    assert main(["solve", str(path), "--apply-fix", "1", "--save", "--quiet",
                 "--time-limit", "5"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Lettelse 1 brukt: lås opp 24.02 Lysfjord legevakt Døgnvakt for "
                          "Kari Nordeng\n")
    saved = load_project(path)
    kari = next(d.id for d in saved.doctors if d.name == "Kari Nordeng")
    # a new rota, and not Kari in her own ferie
    assert saved.rota and (FERIE_DAY, kari) not in {(a.shift_id, a.doctor_id) for a in saved.rota}


@pytest.mark.parametrize("number", ["3", "9"])
def test_a_number_not_in_the_list_is_refused_with_the_range(tmp_path, capsys, number):
    path = _hard_firedelt(tmp_path)
    before = path.read_bytes()
    assert main(["solve", str(path), "--apply-fix", number, "--save", "--quiet",
                 "--time-limit", "10"]) == EXIT_BAD_INPUT
    printed = capsys.readouterr()
    # the list to choose from, and the range, with the option named
    assert f"  2. {FIX_2}\n" in printed.err
    assert (f"legevakt solve: --apply-fix {number}: det er 2 mulige lettelser (over); velg et "
            "tall fra 1 til 2; ingenting er endret") in printed.err
    assert printed.out == ""
    assert path.read_bytes() == before and not (tmp_path / f"{path.name}.bak").exists()


def test_a_number_below_1_is_refused_before_solving(tmp_path, capsys):
    path = _hard_firedelt(tmp_path)
    before = path.read_bytes()
    assert main(["solve", str(path), "--apply-fix", "0"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err == ("legevakt solve: --apply-fix 0: lettelsene er nummerert fra 1 (se «Mulige "
                   "lettelser» når ingen turnus finnes)\n")
    assert path.read_bytes() == before


def test_a_fix_that_needs_the_leaders_own_value_is_refused_and_says_why(tmp_path, capsys):
    path = _kari_without_share(tmp_path)
    before = path.read_bytes()
    # solve says so beside the fix, and offers no --apply-fix for it
    assert main(["solve", str(path), "--quiet", "--time-limit", "10"]) == EXIT_NO_ROTA
    err = capsys.readouterr().err
    assert ("Mulige lettelser:\n  1. gi Kari Nordeng vaktandel større enn 0 (gjøres for hånd: "
            "hvor stor vaktandelen skal være, velger du selv)\n") in err
    assert "--apply-fix" not in err
    assert main(["solve", str(path), "--apply-fix", "1", "--quiet",
                 "--time-limit", "10"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert (f"legevakt solve: --apply-fix 1: «gi Kari Nordeng vaktandel større enn 0» kan ikke "
            "brukes herfra: hvor stor vaktandelen skal være, velger du selv. Sett Vaktandel under "
            "Leger i appen, eller importer legelisten med den nye vaktandelen («legevakt import "
            f"{path} LEGER.csv --apply»), og løs igjen; ingenting er endret") in err
    assert path.read_bytes() == before and not (tmp_path / f"{path.name}.bak").exists()


def test_a_project_that_has_a_rota_as_it_is_is_not_changed(tmp_path, capsys):
    path = tmp_path / "liten.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    assert main(["solve", str(path), "--apply-fix", "1", "--quiet",
                 "--time-limit", "3"]) == EXIT_BAD_INPUT
    assert ("--apply-fix 1: en turnus finnes slik prosjektet er nå, så ingen lettelse trengs; "
            "ingenting er endret") in capsys.readouterr().err
    assert path.read_bytes() == SAMPLES["liten-kommune"].read_bytes()


def test_a_bundled_sample_and_a_read_only_file_are_refused_before_solving(tmp_path, capsys):
    assert main(["solve", "liten-kommune", "--apply-fix", "1"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert ("legevakt solve: --apply-fix: liten-kommune.legevakt.json er et medfølgende eksempel "
            "og endres ikke: kopier det først") in err
    assert err.rstrip().endswith("og bruk lettelsen på kopien")
    path = _hard_firedelt(tmp_path)
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        assert main(["solve", str(path), "--apply-fix", "1"]) == EXIT_BAD_INPUT
        assert (f"legevakt solve: --apply-fix: {path}: kan ikke lagre (filen er "
                "skrivebeskyttet)") in capsys.readouterr().err
        assert path.read_bytes() == before
    finally:
        path.chmod(0o644)


def test_a_change_made_on_disk_while_it_solved_is_not_overwritten(tmp_path, capsys, monkeypatch):
    import solver.solve

    path = _hard_firedelt(tmp_path)
    real_solve = solver.solve.solve

    def solve_while_someone_edits(*args, **kwargs):
        result = real_solve(*args, **kwargs)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["district"]["name"] = "Endret mens den løste"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return result

    monkeypatch.setattr(solver.solve, "solve", solve_while_someone_edits)
    assert main(["solve", str(path), "--apply-fix", "1", "--save", "--quiet",
                 "--time-limit", "10"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "filen er endret på disken etter at den ble lest" in err
    assert "lettelsen er ikke lagret (den ville overskrevet den endringen)" in err
    saved = load_project(path)
    assert saved.district.name == "Endret mens den løste"
    assert saved.rules.spacing_window_days == 4 and saved.rules.exceptions == []


def test_in_a_repair_the_fix_is_made_and_the_repair_goes_on_with_it(tmp_path, capsys):
    # the stored rota's døgnvakt of 01.03 is locked, and its doctor then gets ferie that day:
    # no repair can keep the lock; the fix unlocks it, and the repair moves that vakt alone
    from datetime import date

    from legevakt_app.domain import Absence
    from legevakt_app.project_io import save_project

    path = tmp_path / "reparer.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    assert main(["solve", str(path), "--save", "--quiet", "--time-limit", "4",
                 "--deterministic"]) == EXIT_OK
    project = load_project(path)
    cell = next(a for a in project.rota if a.shift_id == "dogn@2027-03-01" and a.role == "vakt")
    cell.locked = True
    ill = project.doctor(cell.doctor_id)
    day = date(2027, 3, 1)
    ill.unavailable.append(Absence(start=day, end=day, kind="ferie"))
    save_project(project, path, backup=False)
    capsys.readouterr()
    assert main(["solve", str(path), "--repair", "--quiet", "--time-limit", "10"]) == EXIT_NO_ROTA
    err = capsys.readouterr().err
    assert f"  1. lås opp 01.03 Lysfjord legevakt Døgnvakt for {ill.name}\n" in err
    assert f"«legevakt solve {path} --repair --apply-fix 1»" in err
    assert main(["solve", str(path), "--repair", "--apply-fix", "1", "--save", "--quiet",
                 "--time-limit", "10"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith(f"Lettelse 1 brukt: lås opp 01.03 Lysfjord legevakt Døgnvakt for "
                          f"{ill.name}\n")
    assert "Flyttet: 1 tildeling av de " in out
    after = load_project(path)
    assert [a.doctor_id for a in after.rota
            if a.shift_id == "dogn@2027-03-01" and a.role == "vakt"] != [ill.id]
