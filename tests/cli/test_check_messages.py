"""`legevakt check` on broken project files: exit 2, and a Norwegian message per problem that
starts with the field's path in the file (the place to fix it)."""

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
    ("wrong-types", "doc", ["doctors[0].birth_year: må være et heltall",
                            "period.start: må være en dato ÅÅÅÅ-MM-DD"]),
    # written as ÅÅÅÅ-MM-DD, but no such day: said so, not that the form is wrong
    ("no-such-day", "doc", ["period.start: 30.02.2027 finnes ikke (februar 2027 har 28 dager)",
                            "period.end: 30.02.2028 finnes ikke (februar 2028 har 29 dager)",
                            "doctors[0].ledger.last_vakt_end: 31.13.2026 finnes ikke (det er ingen "
                            "måned 13)",
                            "doctors[1].unavailable[0].start: 31.04.2027 finnes ikke (april 2027 "
                            "har 30 dager)"]),
    ("unknown-and-missing", "doc", ["district.farge: ukjent felt (ikke en del av prosjektformatet)",
                                    "period: mangler (må være med)"]),
    ("newer", "doc", ["schema_version: filen er versjon 99, laget av en nyere Legevakt"]),
    ("odd-values", "doc", ["period.start: må være en dato ÅÅÅÅ-MM-DD i anførselstegn, ikke -1",
                           "doctors[0].ledger.last_vakt_end: må være dato og klokkeslett",
                           "rules.fairness_margin: må være et tall (ikke NaN)"]),
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
