"""``legevakt check`` on a result file an auditor has tampered with (the result audit): where
the file states a thing twice and the two disagree, the rules are checked against the
stricter reading and the disagreement is named (doctor or shift, field); every summary figure
the rota does not give is listed; solve figures not of this rota are not shown as the
engine's. Each test edits a file written by a real solve of liten-kommune, as the audit did."""

from __future__ import annotations

import json

import pytest

from legevakt_app.cli import EXIT_NO_ROTA, EXIT_OK, main


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("solved") / "liten.result.json"
    assert main(["solve", "liten-kommune", "--out", str(path), "--time-limit", "5",
                 "--quiet"]) == EXIT_OK
    return json.loads(path.read_text(encoding="utf-8"))


def check(tmp_path, document: dict) -> tuple[int, str]:
    path = tmp_path / "r.result.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", str(path)])
    return code, out.getvalue()


def copy(document: dict) -> dict:
    return json.loads(json.dumps(document))


def doctor(document: dict, name: str) -> dict:
    return next(d for d in document["doctors"] if d["name"] == name)


def vakt_of(document: dict, doctor_id: str, night: bool) -> dict:
    """A vakt of another doctor's (a night or not) that has no bakvakt entry."""
    covered = {s.get("covers") for s in document["shifts"]}
    return next(s for s in document["shifts"] if s["role"] == "vakt" and s["night"] is night
                and s["assigned"] and doctor_id not in s["assigned"] and s["id"] not in covered)


def test_the_engines_file_is_in_order(solved, tmp_path) -> None:
    code, out = check(tmp_path, solved)
    assert code == EXIT_OK, out
    assert "er i orden" in out and "Oppsummering: ✔ doctors_summary er turnusens" in out
    assert "Avvik" not in out and "✖" not in out
    # the file states what makes a night and a weekend, and the period's høytid days
    assert solved["rules"]["night_start"] == "00:00" and solved["rules"]["night_end"] == "06:00"
    assert solved["rules"]["weekend_from_friday"] == "16:00"
    assert solved["high_days"]["2027-03-28"] == "påske"


def test_an_absence_removed_but_unavailable_kept_still_keeps_her_off(solved, tmp_path) -> None:
    """t6: Kari's ferie taken out of «absences», left in «unavailable», a vakt in it given to
    her: the disagreement is named, and the ferie still counts."""
    document = copy(solved)
    kari = doctor(document, "Kari Nordeng")
    kari["absences"] = []
    start = kari["unavailable"][0][0]
    shift = next(s for s in document["shifts"] if s["role"] == "vakt"
                 and s["start"][:10] == start[:10])
    shift["assigned"] = [kari["id"]]
    code, out = check(tmp_path, document)
    assert code == EXIT_NO_ROTA
    assert (f"{kari['id']} (Kari Nordeng): unavailable har 22.02.2027 00:00 – 01.03.2027 00:00, "
            "som ikke står i absences") in out
    assert "Fravær og fritak: Kari Nordeng har annet fravær" in out


def test_the_fritak_list_emptied_but_exempt_from_nights_kept(solved, tmp_path) -> None:
    """t7: Ingrid's fritak from nights taken out of «exemptions», «exempt_from_nights» kept,
    a night given to her."""
    document = copy(solved)
    ingrid = doctor(document, "Ingrid Reinvik")
    assert ingrid["exempt_from_nights"] is True
    ingrid["exemptions"] = []
    vakt_of(document, ingrid["id"], night=True)["assigned"] = [ingrid["id"]]
    code, out = check(tmp_path, document)
    assert code == EXIT_NO_ROTA
    assert (f"{ingrid['id']} (Ingrid Reinvik): exempt_from_nights er true, men exemptions har "
            "ikke fritak fra nattevakt for hele perioden") in out
    assert "Ingrid Reinvik har fritak fra nattevakt" in out


def test_exempt_set_on_a_doctor_with_vakter(solved, tmp_path) -> None:
    """t8: «exempt: true» on a doctor who has vakter all period."""
    document = copy(solved)
    ola = doctor(document, "Ola Hallingset")
    ola["exempt"] = True
    code, out = check(tmp_path, document)
    assert code == EXIT_NO_ROTA
    assert (f"{ola['id']} (Ola Hallingset): exempt er true, men exemptions har ikke fullt "
            "fritak for hele perioden") in out
    assert "Ola Hallingset har fritak fra legevakt" in out


def test_a_night_flag_turned_off_does_not_let_a_night_through(solved, tmp_path) -> None:
    """t2: «night: false» on a vakt into the night, then given to the night-exempt doctor."""
    document = copy(solved)
    ingrid = doctor(document, "Ingrid Reinvik")
    shift = vakt_of(document, ingrid["id"], night=True)
    shift["night"], shift["assigned"] = False, [ingrid["id"]]
    code, out = check(tmp_path, document)
    assert code == EXIT_NO_ROTA
    assert f"{shift['id']}: night er false, men vakten" in out
    assert "går inn i natten, 00:00–06:00 i rules" in out
    assert "Ingrid Reinvik har fritak fra nattevakt" in out


def test_a_vakts_hours_changed(solved, tmp_path) -> None:
    """t4: a vakt's «hours» no longer its start to end."""
    document = copy(solved)
    shift = next(s for s in document["shifts"] if s["role"] == "vakt" and s["hours"] == 16.0)
    shift["hours"] = 2.0
    code, out = check(tmp_path, document)
    assert code == EXIT_NO_ROTA
    assert f"{shift['id']}: vakttimer (hours) er 2,0, men vakten" in out and "varer 16 t" in out


def test_a_falsified_summary_and_objective_are_each_named(solved, tmp_path) -> None:
    """t1: a doctor's hours and nights, and the objective, changed in the file; the rota and
    the inputs (what the digest covers) untouched."""
    document = copy(solved)
    row = document["doctors_summary"][0]
    hours, nights = row["hours"], row["nights"]
    row["hours"], row["nights"] = 500.0, 5
    objective = document["solve"]["objective"]
    document["solve"]["objective"] = 900.0
    code, out = check(tmp_path, document)
    assert code == EXIT_NO_ROTA
    assert "Oppsummering: 2 tall i doctors_summary er ikke turnusens" in out
    # in the leader's words, the file's key for an auditor, decimal commas as the file has them
    comma = str(hours).replace(".", ",")
    assert (f"{row['id']} (Kari Nordeng): vakttimer (hours) er 500,0 i filen, turnusen gir "
            f"{comma}") in out
    assert f"{row['id']} (Kari Nordeng): netter (nights) er 5 i filen, turnusen gir {nights}" in out
    assert (f"største belastning per andel (solve.objective) er 900,0 i filen, men turnusen gir "
            f"{str(objective).replace('.', ',')}") in out
    assert "500.0" not in out and "900.0" not in out
    assert "tallene i solve er ikke turnusens (motorens status og tall gjelder ikke" in out
    assert "største belastning per andel 9" not in out  # not shown as the engine's


def test_a_deleted_vakt_is_a_file_changed_since_the_solve(solved, tmp_path) -> None:
    """t5: a vakt taken out of «shifts»: the rota breaks no rule without it, but the file is
    not what the engine wrote (its digest), and the summary is not its rota's."""
    document = copy(solved)
    covered = {s.get("covers") for s in document["shifts"]}
    shift = next(s for s in document["shifts"] if s["role"] == "vakt" and s["id"] not in covered)
    document["shifts"].remove(shift)
    code, out = check(tmp_path, document)
    assert code == EXIT_NO_ROTA
    assert "Løsning:     ✖ endret etter løsningen: innholdet stemmer ikke med solve.digest" in out
    assert "i doctors_summary er ikke turnusens" in out


def test_a_bakvakt_entry_is_the_bakvakts_own(solved) -> None:
    """A bakvakt entry: a vaktkompetent doctor's duty (requires_competent), its load per hour
    the bakvakt weight, the vakt's times."""
    entries = [s for s in solved["shifts"] if s["role"] == "bakvakt"]
    assert entries
    vakter = {s["id"]: s for s in solved["shifts"] if s["role"] == "vakt"}
    for entry in entries:
        vakt = vakter[entry["covers"]]
        assert entry["requires_competent"] is True and vakt["requires_competent"] is False
        assert entry["weight"] == vakt["bakvakt_weight"]
        assert (entry["start"], entry["end"], entry["hours"]) == (vakt["start"], vakt["end"],
                                                                  vakt["hours"])


def test_a_file_from_before_the_audit_still_checks_clean(solved, tmp_path) -> None:
    """Files written before: no night hours in the rules, no high_days, bakvakt entries that
    repeat the vakt's requires_competent and weight. They read, and nothing is wrong."""
    from legevakt_app.rota_source import result_digest

    document = copy(solved)
    for key in ("night_start", "night_end", "weekend_from_friday"):
        del document["rules"][key]
    del document["high_days"]
    vakter = {s["id"]: s for s in document["shifts"] if s["role"] == "vakt"}
    for entry in document["shifts"]:
        if entry["role"] == "bakvakt":
            entry["requires_competent"] = vakter[entry["covers"]]["requires_competent"]
            entry["weight"] = vakter[entry["covers"]]["weight"]
    document["solve"]["digest"] = result_digest(document)
    code, out = check(tmp_path, document)
    assert code == EXIT_OK, out
    assert "er i orden" in out
