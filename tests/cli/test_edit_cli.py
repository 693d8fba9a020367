"""`legevakt edit`: a leader changes the stored rota by hand from the command line, as in the
Turnus view — the saved file changes as asked, the changed cell is locked (a new solve keeps
it), a rule the edit breaks is named, and bad input is one Norwegian line (exit 2) that names
the value and changes nothing."""

from __future__ import annotations

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, EXIT_NO_ROTA, EXIT_OK, main
from legevakt_app.domain import PublishedAssignment
from legevakt_app.engine_input import build_problem, project_rota
from legevakt_app.project_io import load_project, save_project
from legevakt_app.snapshots import publish_snapshot
from solver.baseline import round_robin
from solver.checker import candidates, check
from solver.problem import Rota
from tests.conftest import SAMPLES
from tests.foundation.full_disk import fill, full_disk

ENGLISH = ("Traceback", "Errno", "error", "intern feil")


def _with_rota(tmp_path, name="interkommunal", published=False):
    """A copy of a sample with a rota that keeps every hard rule (the naive round robin)."""
    project = load_project(SAMPLES[name])
    rota = round_robin(build_problem(project))
    project = project.model_copy(update={"rota": [
        PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
        for a in rota.assignments]})
    if published:
        project = publish_snapshot(project)
    assert check(build_problem(project), project_rota(project)) == []
    path = tmp_path / f"{name}.legevakt.json"
    save_project(project, path, backup=False)
    return path


def _on(path, shift_id, role="vakt"):
    """Who is on the shift in the saved file, and whether the cell is locked."""
    return [(a.doctor_id, a.locked) for a in load_project(path).rota
            if a.shift_id == shift_id and a.role == role]


def _name(path, doctor_id):
    return load_project(path).doctor(doctor_id).name


def _free_doctor(path, shift_id, role="vakt", off_the_shift=False):
    """A vaktkompetent doctor who could take the shift in place of the one there without
    breaking any rule (the app's doctor picker, asked through the library); with
    ``off_the_shift`` not one on it in the other role either (her place there would change too)."""
    project = load_project(path)
    problem = build_problem(project)
    there = {a.doctor_id for a in project.rota
             if a.shift_id == shift_id and (off_the_shift or a.role == role)}
    rest = Rota([a for a in project_rota(project).assignments
                 if not (a.shift_id == shift_id and a.role == role)])
    competent = {d.id for d in problem.doctors if d.competent}
    return next(d for d, broken in candidates(problem, rest, shift_id, role).items()
                if not broken and d in competent and d not in there)


def _run(capsys, *argv):
    code = main(["edit", *map(str, argv)])
    out, err = capsys.readouterr()
    for word in ENGLISH:
        assert word not in out + err, (word, out, err)
    return code, out, err


def test_give_a_shift_by_date_and_type_to_a_doctor_by_first_name(tmp_path, capsys):
    path = _with_rota(tmp_path)
    before = path.read_bytes()
    [(old, _)] = _on(path, "natt@2027-03-12")
    new = _free_doctor(path, "natt@2027-03-12")
    first_name = _name(path, new).split()[0].lower()
    code, out, _err = _run(capsys, path, "give", "12.03.2027:natt", first_name)
    assert code == EXIT_OK
    # the new doctor is on the night, locked so a new solve keeps it; the old one is off
    assert _on(path, "natt@2027-03-12") == [(new, True)]
    assert (tmp_path / f"{path.name}.bak").read_bytes() == before
    assert f"{_name(path, old)} → {_name(path, new)} (låst)" in out
    assert "fre 12.03.2027 Sørvang legevakt Natt 23:00–08:00 (natt@2027-03-12)" in out
    assert "Kontroll: ✔ turnusen oppfyller alle harde regler" in out
    assert f"Lagret i {path}" in out


def test_a_new_solve_keeps_the_cells_changed_by_hand(tmp_path, capsys):
    path = _with_rota(tmp_path, "liten-kommune")
    given = {}
    for shift_id in ("dogn@2027-03-10", "helg-natt@2027-04-17"):
        given[shift_id] = _free_doctor(path, shift_id)
        assert _run(capsys, path, "give", shift_id, given[shift_id])[0] == EXIT_OK
    assert main(["solve", str(path), "--save", "--time-limit", "3", "--quiet"]) == EXIT_OK
    capsys.readouterr()
    # kept, and still locked: a second solve keeps them too
    for shift_id, doctor in given.items():
        assert _on(path, shift_id) == [(doctor, True)]


def test_an_edit_that_breaks_a_rule_is_saved_as_in_the_app_and_the_break_named(tmp_path, capsys):
    path = _with_rota(tmp_path)
    # Eirik Vikhammer has ferie 15.–21.02
    code, out, err = _run(capsys, path, "give", "2027-02-17:natt", "Vikhammer")
    assert code == EXIT_OK
    assert _on(path, "natt@2027-02-17") == [("lege08", True)]
    assert "Kontroll: ✖ endringen gir 1 nytt regelbrudd:" in out
    assert "  - Fravær og fritak: Eirik Vikhammer har ferie (17.02 Sørvang legevakt Natt)" in out
    assert "Lagret med regelbruddene, som i appen" in err
    # «legevakt check» now reports the stored rota's break (exit 1)
    assert main(["check", str(path)]) == EXIT_NO_ROTA
    assert "Eirik Vikhammer har ferie" in capsys.readouterr().out


def test_strict_refuses_an_edit_that_breaks_a_rule(tmp_path, capsys):
    path = _with_rota(tmp_path)
    before = path.read_bytes()
    code, out, err = _run(capsys, path, "give", "2027-02-17:natt", "lege08", "--strict")
    assert code == EXIT_NO_ROTA
    assert "Eirik Vikhammer har ferie" in out and "Ingenting er lagret (--strict)" in err
    assert path.read_bytes() == before and not (tmp_path / f"{path.name}.bak").exists()


def test_remove_leaves_the_place_open_and_giving_it_back_mends_it(tmp_path, capsys):
    path = _with_rota(tmp_path)
    [(old, _)] = _on(path, "kveld@2027-03-15")
    code, out, _err = _run(capsys, path, "remove", "2027-03-15:kveld")
    assert code == EXIT_OK
    assert _on(path, "kveld@2027-03-15") == []
    assert f"{_name(path, old)} → ledig" in out
    assert "  - Dekning: 15.03 Sørvang legevakt Kveld: 0 av 1 lege på vakt" in out
    # giving it back (to the doctor by id) mends the break
    code, out, _err = _run(capsys, path, "give", "kveld@2027-03-15", old)
    assert code == EXIT_OK
    assert _on(path, "kveld@2027-03-15") == [(old, True)]
    assert "ledig → " in out and "(retter 1 regelbrudd)" in out


def test_swap_exchanges_two_doctors_vakter_and_locks_both(tmp_path, capsys):
    path = _with_rota(tmp_path)
    [(x, _)] = _on(path, "natt@2027-03-01")
    [(y, _)] = _on(path, "natt@2027-03-20")
    assert x != y
    code, out, _err = _run(capsys, path, "swap", "01.03.2027:natt", "2027-03-20:Natt")
    assert code == EXIT_OK
    assert _on(path, "natt@2027-03-01") == [(y, True)]
    assert _on(path, "natt@2027-03-20") == [(x, True)]
    assert f"{_name(path, x)} → {_name(path, y)}" in out
    assert f"{_name(path, y)} → {_name(path, x)}" in out


def test_a_bakvakt_nobody_needs_any_more_is_released(tmp_path, capsys):
    path = _with_rota(tmp_path)
    project = load_project(path)
    # a vakt of the LIS1 (not vaktkompetent), who has a bakvakt
    shift_id = next(a.shift_id for a in project.rota
                    if a.doctor_id == "lege06" and a.role == "vakt"
                    and _on(path, a.shift_id, "bakvakt") and _free_doctor(path, a.shift_id))
    [(bakvakt, _)] = _on(path, shift_id, "bakvakt")
    new = _free_doctor(path, shift_id)
    code, out, _err = _run(capsys, path, "give", shift_id, new)
    assert code == EXIT_OK
    assert _on(path, shift_id) == [(new, True)] and _on(path, shift_id, "bakvakt") == []
    assert f"bakvakt {_name(path, bakvakt)} trengs ikke lenger" in out
    assert "✔ turnusen oppfyller alle harde regler" in out


def test_removing_the_lis1_releases_the_bakvakt_and_a_swap_takes_it_along(tmp_path, capsys):
    path = _with_rota(tmp_path)
    project = load_project(path)
    lis1 = [a.shift_id for a in project.rota if a.doctor_id == "lege06" and a.role == "vakt"
            and _on(path, a.shift_id, "bakvakt")]
    # taken off: nobody on the vakt needs a bakvakt, so it goes too (and off his calendar)
    [(bakvakt, _)] = _on(path, lis1[0], "bakvakt")
    code, out, _err = _run(capsys, path, "remove", lis1[0], "lege06")
    assert code == EXIT_OK and _on(path, lis1[0], "bakvakt") == []
    assert f"bakvakt {_name(path, bakvakt)} trengs ikke lenger" in out
    # swapped with a vaktkompetent colleague: the bakvakt follows the LIS1
    shift_a = lis1[1]
    [(bakvakt, _)] = _on(path, shift_a, "bakvakt")
    other = next(a for a in load_project(path).rota
                 if a.role == "vakt" and a.doctor_id not in ("lege06", bakvakt)
                 and a.shift_id.split("@")[0] == shift_a.split("@")[0]
                 and not _on(path, a.shift_id, "bakvakt") and a.shift_id > shift_a)
    code, out, _err = _run(capsys, path, "swap", shift_a, other.shift_id)
    assert code == EXIT_OK
    assert _on(path, other.shift_id) == [("lege06", True)]
    assert _on(path, other.shift_id, "bakvakt") == [(bakvakt, True)]
    assert _on(path, shift_a, "bakvakt") == []
    assert f"bakvakt {_name(path, bakvakt)} følger med til" in out


def test_a_short_name_that_is_a_whole_word_of_one_name_picks_that_doctor(tmp_path, capsys):
    path = _with_rota(tmp_path)
    shift_id = "natt@2027-03-12"
    new = _free_doctor(path, shift_id)
    word = _name(path, new).split()[-1]  # the surname, a whole word of one name only
    assert _run(capsys, path, "give", shift_id, word)[0] == EXIT_OK
    assert _on(path, shift_id) == [(new, True)]


def test_lock_and_unlock_a_doctors_month_and_one_cell(tmp_path, capsys):
    path = _with_rota(tmp_path)
    code, out, _err = _run(capsys, path, "lock", "--doctor", "kari", "--from", "01.04.2027",
                           "--to", "30.04.2027")
    assert code == EXIT_OK
    project = load_project(path)
    april = {s.id for s in build_problem(project).shifts if s.day.month == 4}
    locked = {(a.shift_id, a.role) for a in project.rota if a.locked}
    karis = {(a.shift_id, a.role) for a in project.rota
             if a.doctor_id == "lege01" and a.shift_id in april}
    assert locked == karis and karis
    assert f"Låst: {len(karis)} tildelinger; en ny løsing beholder dem" in out
    # asked again: nothing to change, and the file is not written
    before = path.read_bytes()
    code, out, _err = _run(capsys, path, "lock", "--doctor", "lege01", "--from", "2027-04-01",
                           "--to", "2027-04-30")
    assert code == EXIT_OK and "Ingenting er endret" in out and path.read_bytes() == before
    shift_id, role = sorted(karis)[0]
    code, out, _err = _run(capsys, path, "unlock", shift_id, "--role", role)
    assert code == EXIT_OK and "Låst opp: 1 tildeling" in out
    assert _on(path, shift_id, role) == [("lege01", False)]


def test_dry_run_shows_the_edit_and_saves_nothing(tmp_path, capsys):
    path = _with_rota(tmp_path)
    before = path.read_bytes()
    new = _free_doctor(path, "natt@2027-03-12")
    code, out, _err = _run(capsys, path, "give", "natt@2027-03-12", new, "--dry-run")
    assert code == EXIT_OK
    assert "(låst)" in out and "Prøvekjøring (--dry-run): ingenting er lagret." in out
    assert path.read_bytes() == before and not (tmp_path / f"{path.name}.bak").exists()


def test_a_published_rota_says_who_must_be_told(tmp_path, capsys):
    path = _with_rota(tmp_path, published=True)
    [(old, _)] = _on(path, "natt@2027-03-12")
    new = _free_doctor(path, "natt@2027-03-12")
    code, _out, err = _run(capsys, path, "give", "natt@2027-03-12", new)
    assert code == EXIT_OK
    assert "Merk: turnusen er publisert" in err and "2 leger har nå vakter som er endret" in err
    assert _name(path, old) in err and _name(path, new) in err
    assert "--ics-dir MAPPE --publish" in err


@pytest.mark.parametrize(("argv", "expected"), [
    (["give", "natt@2027-03-12", "Karl"],
     ["LEGE «Karl»: ingen lege har den id-en eller det navnet", "lege01 Kari Nordeng",
      "lege14 Kjetil Grønlid"]),
    (["give", "natt@2027-03-12", "lege1"], ["LEGE «lege1» kan være flere leger", "lege10 Anders"]),
    (["give", "2027-03-13:helg", "kari"],
     ["VAKT «2027-03-13:helg» kan være flere vakter", "helg-dag@2027-03-13",
      "sat-helg@2027-03-13"]),
    (["give", "2027-03-13", "kari"], ["VAKT «2027-03-13»: 3 vakter begynner 13.03.2027",
                                      "natt@2027-03-13"]),
    (["give", "2027-03-12:lunsj", "kari"],
     ["VAKT «2027-03-12:lunsj»: ingen vakt «lunsj» begynner 12.03.2027", "kveld@2027-03-12"]),
    (["give", "12.03.2028:natt", "kari"], ["12.03.2028 er utenfor perioden 04.01.2027–04.07.2027"]),
    (["give", "natt", "kari"], ["VAKT «natt»: finner ingen slik vakt", "natt@2027-03-12"]),
    (["give", "natt@2027-03-12", "kari", "--instead-of", "Tone"],
     ["--instead-of «Tone Myrseth» står ikke på fre 12.03.2027"]),
    (["remove", "natt@2027-03-12", "Tone"], ["LEGE «Tone Myrseth» står ikke på"]),
    (["swap", "natt@2027-03-12", "natt@2027-03-12"], ["VAKT_B «natt@2027-03-12» er den samme"]),
    (["lock", "--doctor", "Zorro"], ["--doctor «Zorro»: ingen lege"]),
    (["lock"], ["lock: si hvilke tildelinger"]),
    (["give", "31.02:natt", "kari"], ["«31.02» er ingen gyldig dato"]),
    (["give", "natt@2027-03-12", "M"], ["LEGE «M» kan være flere leger", "Marte Sandvold",
                                        "Sigrid Moldestad", "Tone Myrseth"]),
    (["lock", "--from", "12.03", "--to", "01.03"], ["--to 01.03.2027 er før --from 12.03.2027"]),
])
def test_bad_input_names_the_value_exits_2_and_changes_nothing(tmp_path, capsys, argv, expected):
    path = _with_rota(tmp_path)
    if "Tone" in argv:  # Tone must not be the doctor on the night of 12.03
        assert ("lege13", False) not in _on(path, "natt@2027-03-12")
    before = path.read_bytes()
    code, _out, err = _run(capsys, path, *argv)
    assert code == EXIT_BAD_INPUT
    assert err.startswith("legevakt edit: ") and err.rstrip().endswith("ingenting er lagret")
    for text in expected:
        assert text in err, (text, err)
    assert path.read_bytes() == before and not (tmp_path / f"{path.name}.bak").exists()


def test_a_project_without_a_rota_or_a_bundled_sample_says_what_to_do(tmp_path, capsys):
    copy = tmp_path / "liten.legevakt.json"
    copy.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    code, _out, err = _run(capsys, copy, "give", "dogn@2027-03-10", "kari")
    assert code == EXIT_BAD_INPUT
    assert "har ingen lagret turnus å redigere" in err and "legevakt solve" in err
    assert copy.read_bytes() == SAMPLES["liten-kommune"].read_bytes()
    code, _out, err = _run(capsys, "liten-kommune", "give", "dogn@2027-03-10", "kari")
    assert code == EXIT_BAD_INPUT and "medfølgende eksempel og endres ikke" in err


def test_a_full_disk_loses_nothing(tmp_path, capsys):
    with full_disk(tmp_path / "full", size_kb=256) as full:
        path = _with_rota(full, "liten-kommune")
        (full / f"{path.name}.bak").write_text("GAMMEL")
        before = path.read_bytes()
        new = _free_doctor(path, "dogn@2027-03-10")
        fill(full, free_kb=4)
        code, out, err = _run(capsys, path, "give", "dogn@2027-03-10", new)
        assert code == EXIT_BAD_INPUT
        assert "ingen plass igjen på disken" in err and str(path) in err
        assert "filen er som før" in err and "Lagret" not in out
        assert path.read_bytes() == before
        assert (full / f"{path.name}.bak").read_text() == "GAMMEL"
        assert not [p for p in full.iterdir() if p.name.endswith(".tmp")]


def test_help_is_norwegian(capsys):
    for argv in (["edit", "--help"], ["edit", "p", "give", "--help"],
                 ["edit", "p", "swap", "--help"], ["edit", "p", "lock", "--help"]):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("bruk: legevakt edit")
        for english in ("usage:", "positional arguments", "options:", "show this help"):
            assert english not in out


def test_a_locked_cell_that_makes_every_rota_impossible_is_called_a_lock(tmp_path, capsys):
    # Ingrid may not take nights; a døgnvakt given to her by hand is locked, so the next solve
    # cannot keep it. The fix offered is to unlock that cell — there is no pre-assignment.
    path = _with_rota(tmp_path, "liten-kommune")
    assert _run(capsys, path, "give", "16.03.2027", "Ingrid")[0] == EXIT_OK
    code = main(["solve", str(path), "--time-limit", "10", "--quiet"])
    _out, err = capsys.readouterr()
    assert code == EXIT_NO_ROTA
    assert "lås opp 16.03 Lysfjord legevakt Døgnvakt for Ingrid Reinvik" in err, err
    assert "fjern forhåndstildelingen" not in err


def test_a_bakvakt_on_ferie_does_not_follow_and_the_open_place_is_said(tmp_path, capsys):
    # Per (LIS1) swaps onto a day his bakvakt has ferie: she cannot come along; the vakt is
    # left without a bakvakt, the output says so and how to give it one
    path = _with_rota(tmp_path, "liten-kommune")
    project = load_project(path)
    problem = build_problem(project)
    lis1 = next(d.id for d in problem.doctors if not d.competent)
    docs = {d.id: d for d in problem.doctors}
    shifts = {s.id: s for s in problem.shifts}
    pairs = ((a, b, k) for a in project.rota if a.doctor_id == lis1 and a.role == "vakt"
             for [k] in [_on(path, a.shift_id, "bakvakt")]
             for b in project.rota
             if b.role == "vakt" and b.doctor_id not in (lis1, k[0])
             and shifts[b.shift_id].template == shifts[a.shift_id].template
             and any(x.start <= shifts[b.shift_id].start < x.end for x in docs[k[0]].absences))
    a, b, (k, _) = next(pairs)
    code, out, _err = _run(capsys, path, "swap", a.shift_id, b.shift_id)
    assert code == EXIT_OK
    assert f"bakvakt {_name(path, k)} kan ikke følge med til" in out and "(ferie)" in out, out
    assert _on(path, b.shift_id, "bakvakt") == []
    assert f"Gi vakten en bakvakt: legevakt edit {path} give {b.shift_id} LEGE --role bakvakt" in out


def test_a_swap_checked_for_the_doctors_it_moves_says_what_the_whole_check_says(tmp_path):
    """The «Bytt vakt» dialog checks each swap only for the doctors and shifts it changes
    (a 40-doctor year: a tenth of the time). On 300 swaps of a rota that already breaks rules
    (so swaps both break and mend), it names the same new breaks, and counts the same mended
    ones, as the whole rota checked before and after."""
    import random

    from legevakt_app import rota_edit

    project = load_project(_with_rota(tmp_path))
    problem = build_problem(project)
    shifts = {s.id: s for s in problem.shifts}
    rng = random.Random(7)
    # some breaks to start from: a few vakter given to a random other doctor
    rota = list(project.rota)
    for i in rng.sample(range(len(rota)), 12):
        if rota[i].role == "vakt":
            rota[i] = rota[i].model_copy(update={"doctor_id": rng.choice(project.doctors).id})
    project = project.model_copy(update={"rota": rota})
    before = check(problem, project_rota(project))
    assert before
    vakter = [a for a in rota if a.role == "vakt"]
    compared = broke = mended_any = 0
    while compared < 300:
        a, b = rng.sample(vakter, 2)
        try:
            edit = rota_edit.swap(project, problem, shifts[a.shift_id], shifts[b.shift_id], "vakt",
                                  a.doctor_id, b.doctor_id)
        except rota_edit.EditError:
            continue
        after = check(problem, project_rota(project.model_copy(update={"rota": edit.rota})))
        whole_new, whole_mended = rota_edit.added_violations(before, after)
        new, mended = rota_edit.scoped_change(problem, project.rota, edit.rota)
        assert sorted(map(repr, new)) == sorted(map(repr, whole_new))
        assert mended == whole_mended
        compared += 1
        broke += bool(new)
        mended_any += bool(mended)
    assert broke and mended_any and broke < compared  # every kind of swap was seen


def test_the_engines_figures_go_with_its_rota_until_it_is_changed_by_hand(tmp_path, capsys):
    """solve --save keeps the engine's figures with the rota: an export the next day says
    what the engine proved, not «laget for hånd / lagret i prosjektet»; after a change by
    hand it says the engine made it and it was changed by hand after."""
    import openpyxl

    from legevakt_app.export.xlsx import SHEET_ABOUT

    path = tmp_path / "liten.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    assert main(["solve", str(path), "--save", "--time-limit", "3", "--quiet"]) == EXIT_OK
    record = load_project(path).solved
    assert record is not None and record.status in ("optimal", "feasible")

    def status() -> str:
        out = tmp_path / f"turnus{len(list(tmp_path.glob('*.xlsx')))}.xlsx"
        assert main(["export", str(path), "--xlsx", str(out)]) == EXIT_OK
        rows = {r[0]: r[1] for r in openpyxl.load_workbook(out)[SHEET_ABOUT].iter_rows(
            values_only=True) if r[0]}
        return rows["Løsningsstatus"]

    from legevakt_app.export.xlsx import STATUS_TEXT

    assert status() == STATUS_TEXT[record.status]
    assert status() != "laget for hånd / lagret i prosjektet"
    # and every level's value and proven bound, as the engine reported them
    assert [lv.name for lv in record.levels][:2] == ["fairness", "balance"]
    out = tmp_path / "levels.xlsx"
    assert main(["export", str(path), "--xlsx", str(out)]) == EXIT_OK
    rows = {r[0]: r[1] for r in openpyxl.load_workbook(out)[SHEET_ABOUT].iter_rows(
        values_only=True) if r[0]}
    balance = record.levels[1]
    assert rows[f"Nivå 2: {balance.title}"] == balance.value
    assert rows["Nivå 2: nedre grense"] == balance.bound
    shift_id = "dogn@2027-03-10"
    assert _run(capsys, path, "give", shift_id, _free_doctor(path, shift_id))[0] == EXIT_OK
    assert status() == (f"laget av motoren med status «{STATUS_TEXT[record.status]}», endret "
                        "for hånd etter løsningen (motorens status og tall gjelder ikke denne "
                        "turnusen)")
    capsys.readouterr()
