"""Broken result files and import files are explained in Norwegian, naming the field; no
Python exception names or English library text reach the leader."""

from __future__ import annotations

import copy
import json

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, main
from legevakt_app.export.importer import ImportRejected, preview_import, read_table
from legevakt_app.project_io import ProjectError, load_project
from legevakt_app.rota_source import result_document, source_from_result_document
from tests.conftest import SAMPLES

ENGLISH = ("Error", "must be", "argument", "object has no attribute", "String should",
           "Cannot detect")


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    from tests.export.conftest import sample_source

    return json.loads(json.dumps(result_document(sample_source("liten-kommune"))))


@pytest.mark.parametrize("change, path, words", [
    (lambda d: d["period"].__setitem__("start", "2027-13-01"), "period.start",
     "01.13.2027 finnes ikke (det er ingen måned 13)"),
    (lambda d: d["doctors"][0].__setitem__("share", None), "doctors[0].share", "et tall"),
    (lambda d: d.__setitem__("shifts", "mange"), "shifts", "en liste"),
    (lambda d: d.pop("doctors"), "doctors", "mangler"),
    (lambda d: d["shifts"][2].__setitem__("start", "i morgen"), "shifts[2].start", "dato og klokkeslett"),
    (lambda d: d["rules"].__setitem__("practice_start", 8), "rules.practice_start", "klokkeslett"),
    (lambda d: d["doctor_info"].__setitem__("lege01", "fastlege"), "doctor_info.lege01",
     "et objekt"),
    (lambda d: d["rules"].__setitem__("exceptions", [{"start": "2027-03-22", "end": "påske"}]),
     "rules.exceptions[0].end", "dato"),
    (lambda d: d["rules"].__setitem__("exceptions", [
        {"start": "2027-03-22", "end": "2027-03-29", "max_in_window": {"value": "en"}}]),
     "rules.exceptions[0].max_in_window.value", "heltall"),
    (lambda d: d["rules"].__setitem__("exceptions", {"start": "2027-03-22"}),
     "rules.exceptions", "en liste"),
    # a hand edit that reads but cannot be right: refused as a project file would be
    (lambda d: d["doctors"][0].__setitem__("name", 5), "doctors[0].name", "må være tekst"),
    (lambda d: d["doctors"][1].__setitem__("name", "Kari\u0000"), "doctors[1].name",
     "kontrolltegn (U+0000"),
    (lambda d: d["rules"].__setitem__("window_days", 0), "rules.window_days", "minst 1"),
    (lambda d: d["rules"].__setitem__("min_rest_hours", -5), "rules.min_rest_hours", "minst 0"),
    (lambda d: d["rules"].update(practice_start="16:00", practice_end="08:00"),
     "rules.practice_end", "Praksis til må være senere enn Praksis fra"),
    (lambda d: d.__setitem__("period", {"start": "2027-07-04", "end": "2027-01-04"}), "period",
     "Til (04.01.2027) er før Fra (04.07.2027)"),
    (lambda d: d["doctors"][0].__setitem__("share", -1), "doctors[0].share", "minst 0"),
    (lambda d: d["shifts"][0].__setitem__("end", "2027-01-03T08:00:00+01:00"), "shifts[0].end",
     "vakten slutter 03.01.2027 08:00, ikke etter at den starter"),
    (lambda d: d["shifts"][0].__setitem__("start", "2027-01-04T16:00:00"), "shifts[0].start",
     "må ha tidssone"),
    (lambda d: d["shifts"][0].update(start="2031-01-04T16:00:00+01:00",
                                     end="2031-01-05T08:00:00+01:00"), "shifts[0].start",
     "vakten starter 04.01.2031 16:00, utenfor perioden (04.01.2027–04.07.2027)"),
    (lambda d: d["shifts"][0].__setitem__("role", "bakvakt"), "shifts[0].covers",
     "mangler"),  # a bakvakt says which vakt it covers
    (lambda d: d["shifts"][0].__setitem__("kind", "lunsj"), "shifts[0].kind", "ikke et av valgene"),
    (lambda d: d["doctors"].append(copy.deepcopy(d["doctors"][0])), "doctors[4].id",
     "lege-id «lege01» står to ganger"),
    (lambda d: d["shifts"][0].__setitem__("station", "nowhere"), "shifts[0].station",
     "ukjent stasjon «nowhere»"),
    (lambda d: d["shifts"][0].__setitem__("assigned", ["lege99"]), "shifts[0].assigned[0]",
     "ukjent lege «lege99»"),
    (lambda d: d["shifts"][0].__setitem__("assigned", "lege01"), "shifts[0].assigned",
     "en liste"),  # not read letter by letter as doctors «l», «e», …
    (lambda d: d["doctor_info"]["lege01"].__setitem__("kind", "kirurg"),
     "doctor_info.lege01.kind", "ikke et av valgene"),
    (lambda d: d["solve"].__setitem__("levels", "x"), "solve.levels", "en liste"),
])
def test_a_broken_result_file_names_the_field(document, tmp_path, capsys, change, path, words):
    broken = copy.deepcopy(document)
    change(broken)
    with pytest.raises(ProjectError) as caught:
        source_from_result_document(broken, "r.json")
    problem = caught.value.problems[0]
    assert problem.path == path and words in problem.message
    assert not any(w in problem.message for w in ENGLISH), problem.message
    file = tmp_path / "r.json"
    file.write_text(json.dumps(broken), encoding="utf-8")
    assert main(["report", str(file)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert path in err and not any(w in err for w in ENGLISH), err


def test_an_export_of_a_result_file_with_a_broken_rule_writes_nothing(document, tmp_path, capsys):
    """«rules.window_days: 0» read by the report but crashed the Excel export (exit 3, the
    validator's English); it is refused up front, exit 2, and no workbook is written."""
    broken = copy.deepcopy(document)
    broken["rules"]["window_days"] = 0
    file = tmp_path / "r.json"
    file.write_text(json.dumps(broken), encoding="utf-8")
    workbook = tmp_path / "turnus.xlsx"
    assert main(["export", str(file), "--xlsx", str(workbook)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "rules.window_days: ikke en gyldig resultatfil (legevakt-rota/1): må være minst 1" in err
    assert not workbook.exists()


def test_the_unbroken_document_reads(document):
    assert source_from_result_document(copy.deepcopy(document), "r.json").has_rota


def test_a_fake_excel_file_and_a_long_name_are_said_in_norwegian(tmp_path):
    fake = tmp_path / "leger.xlsx"
    fake.write_bytes(b"dette er ikke en arbeidsbok")
    with pytest.raises(ImportRejected) as caught:
        read_table(fake)
    assert "ikke en Excel-fil" in str(caught.value)
    assert not any(w in str(caught.value) for w in ENGLISH)
    table = tmp_path / "leger.csv"
    table.write_text("navn;kommune;fødselsår;type\n" + "X" * 800 + ";Lysfjord;1980;fastlege\n",
                     encoding="utf-8")
    preview = preview_import(table, load_project(SAMPLES["liten-kommune"]))
    texts = [str(p) for p in preview.problems]
    assert any("høyst 120 tegn" in t for t in texts), texts
    assert not any(w in t for t in texts for w in ENGLISH), texts
