"""`legevakt check`: a summary for good files, field-path problems and exit 2 for bad ones."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLES


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "legevakt_app.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("liten-kommune", ["Leger:       4 (3 fastleger, 1 LIS1)", "Trenger bakvakt: 1",
                           "Fritak:      1", "sentralitetsklasse 6"]),
        ("interkommunal", ["Kommuner:    5, 15 000 innbyggere", "satellitter: Eikenes",
                           "Leger:       14", "Trenger bakvakt: 2"]),
        ("stor-legevakt", ["Leger:       40", "(364 dager, 52,0 uker)", "Trenger bakvakt: 3",
                           "Fritak:      3"]),
    ],
)
def test_check_prints_summary_of_each_sample(name, expected):
    result = run_cli("check", name)
    assert result.returncode == 0, result.stderr
    for text in expected:
        assert text in result.stdout


def test_check_broken_file_names_each_place_as_the_app_does_and_exits_2(tmp_path):
    doc = json.loads(SAMPLES["interkommunal"].read_text(encoding="utf-8"))
    doc["doctors"][3]["unavailable"] = [{"start": "2027-02-08", "end": "2027-02-01"}]
    doc["templates"][0]["required"] = 0
    broken = tmp_path / "broken.legevakt.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("check", str(broken))
    assert result.returncode == 2
    assert "lege 4 (Per Kroken), fravær 1: Til (01.02.2027) er før Fra (08.02.2027)" in result.stderr
    assert "vakttype 1, Antall leger: må være minst 1" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("content", [b"not json at all", b"\xff\xfe\x00garbage", b"[1, 2]"])
def test_check_non_project_files_exit_2_without_traceback(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run_cli("check", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(bad) in result.stderr


def test_help_lists_every_subcommand():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("gui", "check", "solve", "report", "export", "bench"):
        assert command in result.stdout


def test_summary_names_every_kind_of_doctor_in_the_right_number():
    from legevakt_app.domain import DOCTOR_KIND_LABELS
    from legevakt_app.summary import KIND_WORDS

    assert set(KIND_WORDS) == set(DOCTOR_KIND_LABELS)  # a new kind gets its words here too
    result = run_cli("check", "interkommunal")
    line = next(x for x in result.stdout.splitlines() if x.startswith("Leger:"))
    assert "fastleger" in line and "1 ALIS" in line and "(r)" not in line


def test_check_counts_the_alis_among_the_fastleger_as_the_report_does():
    """The report and the Terskel tab say «herav fastleger: 12» for interkommunal: its ALIS
    is a fastlege in specialist training, and check counts the same."""
    result = run_cli("check", "interkommunal")
    assert result.returncode == 0, result.stderr
    assert "Leger:       14 (12 fastleger, herav 1 ALIS; 1 vikar; 1 LIS1)" in result.stdout, \
        result.stdout
