"""`legevakt check` on broken project files: exit 2, and a Norwegian message per problem that
starts with where it is, as the app names it (the place to fix it)."""

from __future__ import annotations

import json

import pytest

from legevakt_app.cli import main
from tests.conftest import SAMPLES


def _sample() -> dict:
    return json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))


def _write(tmp_path, name: str, content: bytes | str | dict) -> str:
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return str(path)


def _broken(kind: str) -> dict:
    doc = _sample()
    if kind == "wrong-types":
        doc["doctors"][0]["birth_year"] = "nitten"
        doc["period"]["start"] = "i morgen"
    elif kind == "unknown-and-missing":
        doc["district"]["farge"] = "blå"
        del doc["period"]
    elif kind == "newer":
        doc["schema_version"] = 99
    elif kind == "no-such-day":
        doc["period"]["start"] = "2027-02-30"
        doc["period"]["end"] = "2028-02-30"
        doc["doctors"][0]["ledger"]["last_vakt_end"] = "2026-13-31T08:00"
        doc["doctors"][1]["unavailable"] = [{"start": "2027-04-31", "end": "2027-05-02"}]
    elif kind == "odd-values":
        doc["period"]["start"] = -1
        doc["doctors"][0]["ledger"]["last_vakt_end"] = "x"
        doc["rules"]["fairness_margin"] = float("nan")
    return doc


CASES = [
    ("missing", None, ["finner ikke filen"]),
    ("json", '{"schema_version": 2, "district": {', ["ikke gyldig JSON på linje 1, kolonne 36"]),
    ("comma", '{"schema_version": 2,\n "period": {"start": "2027-01-04",\n}}',
     ["ikke gyldig JSON på linje 2, kolonne 34: et komma for mye rett før } eller ] (fjern "
      "kommaet)"]),
    ("decimal", '{"schema_version": 2, "rules": {"fairness_margin": 0,02}}',
     ["linje 1, kolonne 53: desimaltall skrives med punktum: 0.5, ikke 0,5"]),
    ("date", '{"schema_version": 2, "period": {"start": 2027-01-04}}',
     ["kolonne 47: ventet et komma mellom to verdier eller felt (eller står en tekst eller dato "
      "uten anførselstegn?)"]),
    # nothing, or no JSON from the first character: said so, without the hints for a mistake
    # inside a project (quotes, decimal points), which do not fit there
    ("empty", "", ["filen er tom"]),
    ("blank", " \n\t\n", ["filen er tom"]),
    ("hello", "hello", ["ikke en Legevakt-prosjektfil: filen er ikke JSON (den begynner med "
                        "«hello»)"]),
    ("csv", "\nLege;Dato;Vakt\nKari;04.01.2027;Dag\n",
     ["ikke en Legevakt-prosjektfil: filen er ikke JSON (den begynner med «Lege;Dato;Vakt»)"]),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00", ["ikke UTF-8-tekst (byte 0)"]),
    ("list", "[1, 2]", ["filen er ikke et Legevakt-prosjekt"]),
    ("wrong-types", "doc", ["lege 1 (Kari Nordeng), Født: må være et heltall",
                            "Periode, Fra: må være en dato ÅÅÅÅ-MM-DD"]),
    # written as ÅÅÅÅ-MM-DD, but no such day: said so, not that the form is wrong
    ("no-such-day", "doc", ["Periode, Fra: 30.02.2027 finnes ikke (februar 2027 har 28 dager)",
                            "Periode, Til: 30.02.2028 finnes ikke (februar 2028 har 29 dager)",
                            "lege 1 (Kari Nordeng), Vaktregnskap, Siste vakt sluttet: 31.13.2026 finnes ikke (det er ingen "
                            "måned 13)",
                            "lege 2 (Ola Hallingset), fravær 1, Fra: 31.04.2027 finnes ikke (april 2027 "
                            "har 30 dager)"]),
    ("unknown-and-missing", "doc", ["farge: ukjent felt (ikke en del av prosjektformatet)",
                                    "Periode: mangler (må være med)"]),
    ("newer", "doc", ["Formatversjon: filen er versjon 99, laget av en nyere Legevakt"]),
    ("odd-values", "doc", ["Periode, Fra: må være en dato ÅÅÅÅ-MM-DD i anførselstegn, ikke -1",
                           "lege 1 (Kari Nordeng), Vaktregnskap, Siste vakt sluttet: må være dato og klokkeslett",
                           "regler, Rettferdighetsmargin: må være et tall (ikke NaN)"]),
]


@pytest.mark.parametrize(("kind", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_says_what_is_wrong_in_norwegian(tmp_path, capsys, kind, content, expected):
    if content is None:
        path = str(tmp_path / "finnes-ikke.legevakt.json")
    else:
        path = _write(tmp_path, f"{kind}.legevakt.json", _broken(kind) if content == "doc" else content)
    assert main(["check", path]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: ")
    for text in expected:
        assert text in err, err
    # the loader's English wording does not leak through
    for english in ("Input should", "required field", "not valid", "file not found", "made by a",
                    "Datetimes", "kan være høyst"):
        assert english not in err, err


@pytest.mark.parametrize("content", ["", "   \n", "hello", "Lege;Dato\n"])
def test_a_file_with_no_json_gets_no_hint_about_quotes_or_decimals(tmp_path, capsys, content):
    path = _write(tmp_path, "x.legevakt.json", content)
    assert main(["check", path]) == 2
    err = capsys.readouterr().err
    assert "ikke gyldig JSON" not in err and "anførselstegn" not in err, err
    assert "punktum" not in err and "linje 1, kolonne 1" not in err, err


def test_a_device_or_pipe_is_refused_at_once_not_read_for_ever(tmp_path, capsys):
    import os

    pipe = tmp_path / "ror.legevakt.json"
    os.mkfifo(pipe)  # opening it to read would wait for a writer; /dev/zero would never end
    assert main(["check", str(pipe)]) == 2
    assert "er ikke en vanlig fil (en enhet eller et rør)" in capsys.readouterr().err


def _wrong_values() -> dict:
    """The QA tester's file: a value out of range on the first two doctors, in the rules and
    a template, and a choice that is not one of the format's."""
    doc = _sample()
    doc["doctors"][0]["legevakt_share"] = -1
    doc["doctors"][1]["birth_year"] = 1800
    doc["doctors"][1]["kind"] = "overlege"
    doc["doctors"][2]["exemptions"][0]["scope"] = "alt"
    doc["rules"]["min_rest_hours"] = -3
    doc["templates"][0]["start"] = "25:00"
    return doc


def test_check_names_each_place_as_the_app_does_with_the_doctor(tmp_path, capsys):
    path = _write(tmp_path, "feil.legevakt.json", _wrong_values())
    assert main(["check", path]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"{path}: 6 problemer"
    assert "  lege 1 (Kari Nordeng), Vaktandel: må være minst 0" in lines
    assert "  lege 2 (Ola Hallingset), Født: må være minst 1930" in lines
    assert "  regler, Minste hviletid: må være minst 0" in lines
    assert "  vakttype 1, Fra: «25:00» er ikke et klokkeslett TT:MM" in lines
    # the file's own code paths, counted from 0, are gone
    assert not any("doctors[" in line or "rules." in line or "templates[" in line for line in lines)


def test_a_value_that_is_not_a_choice_is_told_the_choices_in_norwegian(tmp_path, capsys):
    path = _write(tmp_path, "feil.legevakt.json", _wrong_values())
    assert main(["check", path]) == 2
    err = capsys.readouterr().err
    assert ("  lege 2 (Ola Hallingset), Type: er ikke et av valgene («overlege»); skriv en av: "
            "«fastlege», «kommunalt_ansatt» (Kommunalt ansatt), «vikar», «lis1» eller «alis»\n"
            ) in err, err
    assert ("  lege 3 (Ingrid Reinvik), fritak 1, Omfang: er ikke et av valgene («alt»); skriv en "
            "av: «full» (Fullt fritak), «no_nights» (Ikke natt), «no_weekends» (Ikke helg) eller "
            "«no_16_08» (Ikke 16–08 (kveld og natt))\n") in err, err


def test_a_doctor_without_a_usable_name_is_named_by_id(tmp_path, capsys):
    doc = _sample()
    doc["doctors"][3]["name"] = "   "
    path = _write(tmp_path, "feil.legevakt.json", doc)
    assert main(["check", path]) == 2
    assert "  lege 4 (lege04), Navn: " in capsys.readouterr().err


def test_a_bad_date_and_a_doctor_id_used_twice_are_told_at_once(tmp_path, capsys):
    doc = _sample()
    doc["doctors"][0]["unavailable"][0]["start"] = "2027-02-30"
    doc["doctors"][1]["id"] = "lege01"
    path = _write(tmp_path, "feil.legevakt.json", doc)
    assert main(["check", path]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: 2 problemer\n"), err
    assert "  lege 1 (Kari Nordeng), fravær 1, Fra: 30.02.2027 finnes ikke" in err, err
    assert "  lege 2 (Ola Hallingset): lege-id «lege01» står to ganger\n" in err, err


def test_a_duplicate_is_told_once_when_the_file_is_otherwise_sound(tmp_path, capsys):
    doc = _sample()
    doc["doctors"][1]["id"] = "lege01"
    path = _write(tmp_path, "feil.legevakt.json", doc)
    assert main(["check", path]) == 2
    assert capsys.readouterr().err.count("står to ganger") == 1


def test_the_partial_fritak_note_names_the_vaktandel_that_eases_it():
    """liten-kommune: Ingrid (no nights, full share) must take about every weekend day. The
    note says the largest vaktandel, in steps of 0,05, at which she would take less than 60 %
    of what her fritak leaves — with the bound counted again, so the others carry the rest."""
    from dataclasses import replace

    from legevakt_app.engine_input import build_problem
    from legevakt_app.project_io import load_project
    from legevakt_app.summary import PRESSED, SHARE_STEP, gentler_share, pressure_notes
    from solver.fairness import partial_exemption_pressure
    from tests.conftest import SAMPLES

    problem = build_problem(load_project(SAMPLES["liten-kommune"]))
    ingrid = next(d for d in problem.doctors if d.name == "Ingrid Reinvik")
    share, part = gentler_share(problem, ingrid.id)

    def at(s: float) -> float:
        tried = replace(problem, doctors=tuple(replace(d, share=s) if d.id == ingrid.id else d
                                               for d in problem.doctors))
        return partial_exemption_pressure(tried)[ingrid.id]

    assert part == at(share) < PRESSED <= at(share + SHARE_STEP)
    (note,) = pressure_notes(problem)
    assert note.endswith(f"(vurder lavere vaktandel; med vaktandel "
                         f"{f'{share * 100:g}'.replace('.', ',')} % tar Ingrid om lag "
                         f"{round(part * 100)} %)")
