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
    (lambda d: d["period"].__setitem__("start", "2027-13-01"), "period.start", "dato"),
    (lambda d: d["doctors"][0].__setitem__("share", None), "doctors[0].share", "et tall"),
    (lambda d: d.__setitem__("shifts", "mange"), "shifts", "en liste"),
    (lambda d: d.pop("doctors"), "doctors", "mangler"),
    (lambda d: d["shifts"][2].__setitem__("start", "i morgen"), "shifts[2].start", "tidspunkt"),
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
