"""``legevakt report PROJECT --scenario NAVN=ENDRING[:TALL] --save-scenarios FOLDER``: real
files, real exit codes, the saved projects opened with the loader and ``legevakt check``."""

from __future__ import annotations

import json
from pathlib import Path

from legevakt_app.cli import main
from legevakt_app.project_io import load_project
from legevakt_app.reports.scenarios import STANDARD_SCENARIOS
from legevakt_app.rota_source import write_result_file
from tests.conftest import SAMPLES
from tests.reports.conftest import dogn_source


def _copy_sample(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.legevakt.json"
    path.write_bytes(SAMPLES[name].read_bytes())
    return path


def test_cli_saves_one_project_per_scenario(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = _copy_sample(tmp_path, "liten-kommune")
    before = source.read_bytes()
    folder = tmp_path / "scenarier"
    args = ["report", str(source), "--scenario", "To nye leger=add_doctor:2",
            "--scenario", "Hvile 11=rest_11h", "--save-scenarios", str(folder)]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["hvile-11.legevakt.json", "to-nye-leger.legevakt.json"]
    assert str(folder / "to-nye-leger.legevakt.json") in out and "«To nye leger»" in out
    two = load_project(folder / "to-nye-leger.legevakt.json")
    assert len(two.doctors) == len(load_project(source).doctors) + 2
    assert load_project(folder / "hvile-11.legevakt.json").rules.min_rest_hours == 11.0
    for name in files:
        assert main(["check", str(folder / name)]) == 0
    capsys.readouterr()

    # again: the files exist, nothing is overwritten, exit 2 naming the file and --force
    saved = (folder / "hvile-11.legevakt.json").read_bytes()
    (folder / "to-nye-leger.legevakt.json").write_text("leader's notes", encoding="utf-8")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "to-nye-leger.legevakt.json: finnes allerede" in err and "--force" in err
    assert "Traceback" not in err
    assert (folder / "to-nye-leger.legevakt.json").read_text(encoding="utf-8") == "leader's notes"
    assert (folder / "hvile-11.legevakt.json").read_bytes() == saved

    # --force replaces, keeping the old file as .bak
    assert main([*args, "--force"]) == 0
    assert len(load_project(folder / "to-nye-leger.legevakt.json").doctors) == len(two.doctors)
    bak = folder / "to-nye-leger.legevakt.json.bak"
    assert bak.read_text(encoding="utf-8") == "leader's notes"
    assert source.read_bytes() == before  # the project the scenarios come from is unchanged


def test_cli_standard_scenarios_as_json(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ny" / "mappe"  # made when missing
    assert main(["report", "interkommunal", "--scenarios", "--json",
                 "--save-scenarios", str(folder)]) == 0  # fmt: skip
    saved = json.loads(capsys.readouterr().out)["saved"]
    assert [s["name"] for s in saved] == [s.name for s in STANDARD_SCENARIOS]
    for entry in saved:
        assert load_project(entry["path"]).district.name.endswith(f"scenario: {entry['name']}")


def test_cli_bad_input_is_exit_2_and_writes_nothing(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = _copy_sample(tmp_path, "liten-kommune")
    a_file = tmp_path / "fil.txt"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        (["--scenario", "A=add_doctor", "--save-scenarios", str(a_file)], "ikke en mappe"),
        (["--save-scenarios", str(tmp_path / "s1")], "hvilke scenarier"),
        (["--scenario", "A b=add_doctor", "--scenario", "a-b=rest_11h",
          "--save-scenarios", str(tmp_path / "s2")], "samme filnavn a-b.legevakt.json"),
        (["--scenario", "A=add_doctor:99", "--save-scenarios", str(tmp_path / "s3")],
         "fra 1 til 20"),
        (["--force", "--no-need"], "--force gjelder bare sammen med --save-scenarios"),
    ]  # fmt: skip
    for extra, message in cases:
        assert main(["report", str(source), *extra]) == 2, extra
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, (extra, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fil.txt", "liten-kommune.legevakt.json"]

    result = tmp_path / "resultat.json"
    write_result_file(result, dogn_source(3))
    assert main(["report", str(result), "--scenario", "A=add_doctor",
                 "--save-scenarios", str(tmp_path / "s4")]) == 2  # fmt: skip
    assert "resultatfil" in capsys.readouterr().err and not (tmp_path / "s4").exists()


def test_saved_absolute_spacing_is_described_with_the_districts_own_limit(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """«Absolutt avstand» saved as a project names the district's soft rule (liten-kommune:
    maks 1 vakt per 4 døgn), as the comparison does — not limits it does not have."""
    source = _copy_sample(tmp_path, "liten-kommune")
    folder = tmp_path / "scenarier"
    assert main(["report", str(source), "--scenario", "Absolutt=hard_spacing",
                 "--save-scenarios", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "«Absolutt» (Den myke avstandsregelen (maks 1 vakt per 4 døgn) gjøres absolutt" in out, out
    assert "per uke" not in out
