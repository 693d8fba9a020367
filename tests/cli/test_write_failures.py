"""The command line when a file cannot be written: a full disk, a read-only folder, a named
pipe (as a device would be), a file name of another format. Always exit 2 with a Norwegian
line naming the file and the reason; never a traceback, «intern feil», English OS text or a
stray temporary file; and nothing the leader had is changed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, main
from tests.conftest import ROOT, SAMPLES
from tests.export.conftest import saved_with_rota
from tests.foundation.full_disk import fill, full_disk, no_write_caps

ENGLISH = ("Errno", "Traceback", "No space", "Permission denied", "not permitted", "intern feil")




def _norwegian(err: str) -> None:
    assert not any(word in err for word in ENGLISH), err


def _tmp_files(folder):
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_full_disk_save_export_and_import_say_so_in_norwegian(tmp_path, capsys):
    source = saved_with_rota(tmp_path / "løst.legevakt.json")
    csv = tmp_path / "fravaer.csv"
    csv.write_text("lege;fra;til\nKari Nordeng;1.2.27;7.2.27\n", encoding="utf-8")
    with full_disk(tmp_path / "full") as full:
        project = full / "p.legevakt.json"
        project.write_bytes(SAMPLES["liten-kommune"].read_bytes())
        (full / "p.legevakt.json.bak").write_text("GAMMEL")
        before = project.read_bytes()
        fill(full, free_kb=4)
        runs = [
            ["solve", str(project), "--save", "--time-limit", "3", "--quiet"],
            ["import", str(project), str(csv), "--apply"],
            ["export", str(source), "--xlsx", str(full / "t.xlsx")],
            ["export", str(source), "--ics-dir", str(full / "ics")],
            ["next-period", str(source), "--out", str(full / "neste.legevakt.json")],
        ]
        for argv in runs:
            assert main(argv) == EXIT_BAD_INPUT, argv
            err = capsys.readouterr().err
            assert "ingen plass igjen på disken" in err, (argv, err)
            _norwegian(err)
        assert project.read_bytes() == before
        assert (full / "p.legevakt.json.bak").read_text() == "GAMMEL"
        assert _tmp_files(full) == []
        assert not (full / "t.xlsx").exists() and not (full / "neste.legevakt.json").exists()


def test_an_export_with_another_formats_name_is_refused(tmp_path, capsys):
    source = saved_with_rota(tmp_path / "løst.legevakt.json")
    csv = tmp_path / "fravaer.csv"
    csv.write_text("lege;fra;til\n", encoding="utf-8")
    result = tmp_path / "behold.result.json"
    result.write_text('{"format": "legevakt-rota/1"}', encoding="utf-8")
    for option, target, suffix in (("--pdf", csv, ".pdf"), ("--xlsx", result, ".xlsx")):
        before = target.read_bytes()
        assert main(["export", str(source), option, str(target)]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert f"slutter på {suffix}" in err and str(target) in err
        assert target.read_bytes() == before


def test_a_named_pipe_target_is_refused_before_solving(tmp_path, capsys):
    fifo = tmp_path / "rør.json"
    os.mkfifo(fifo)
    source = saved_with_rota(tmp_path / "løst.legevakt.json")
    assert main(["solve", "liten-kommune", "--out", str(fifo), "--time-limit", "2"]) \
        == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert "ikke en vanlig fil" in captured.err and "løser" not in captured.err
    xlsx = tmp_path / "rør.xlsx"
    os.mkfifo(xlsx)
    assert main(["export", str(source), "--xlsx", str(xlsx)]) == EXIT_BAD_INPUT
    assert "ikke en vanlig fil" in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and stat.S_ISFIFO(xlsx.lstat().st_mode)


def _cli(prefix, *argv):
    return subprocess.run([*prefix, sys.executable, "-m", "legevakt_app.cli", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_a_read_only_folder_is_refused_before_solving_and_in_norwegian(tmp_path):
    prefix = no_write_caps()
    source = saved_with_rota(tmp_path / "løst.legevakt.json")
    folder = tmp_path / "lesbar"
    folder.mkdir()
    project = folder / "p.legevakt.json"
    project.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    folder.chmod(0o555)
    try:
        started = time.perf_counter()
        out = _cli(prefix, "solve", "liten-kommune", "--out", str(folder / "r.json"),
                   "--time-limit", "30")
        assert time.perf_counter() - started < 20  # refused before the 30 s solve
        save = _cli(prefix, "solve", str(project), "--save", "--time-limit", "30")
        nxt = _cli(prefix, "next-period", str(source), "--out", str(folder / "n.legevakt.json"))
        scen = _cli(prefix, "report", str(source), "--scenarios", "--save-scenarios",
                    str(folder / "sc"))
    finally:
        folder.chmod(0o755)
    for done in (out, save, nxt, scen):
        assert done.returncode == EXIT_BAD_INPUT, done
        assert "ingen skrivetilgang" in done.stderr, done.stderr
        assert "løser" not in done.stderr
        _norwegian(done.stderr)
    assert sorted(p.name for p in folder.iterdir()) == ["p.legevakt.json"]


@pytest.mark.parametrize("kind", ["leger", "fravaer"])
def test_one_row_to_import_is_klar(tmp_path, capsys, kind):
    project = tmp_path / "p.legevakt.json"
    project.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    table = tmp_path / "liste.csv"
    if kind == "leger":
        table.write_text("navn;kommune;fødselsår;type\nNy Lege;Lysfjord;1980;fastlege\n",
                         encoding="utf-8")
    else:
        table.write_text("lege;fra;til\nKari Nordeng;1.2.27;7.2.27\n", encoding="utf-8")
    assert main(["import", str(project), str(table)]) == 0
    out = capsys.readouterr().out
    assert "1 lege klar til import" in out or "1 fravær klart til import" in out, out
