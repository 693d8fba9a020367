"""`legevakt solve`: a rota (exit 0), no rota with a Norwegian explanation (exit 1), bad input (2)."""

import json
import subprocess
import sys

from legevakt_app.project_io import load_project
from tests.conftest import ROOT, SAMPLES


def run_cli(*args, timeout=180):
    return subprocess.run([sys.executable, "-m", "legevakt_app.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_solve_small_district_writes_result_and_saves_rota(tmp_path):
    project_file = tmp_path / "liten.legevakt.json"
    project_file.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    out = tmp_path / "resultat.json"
    result = run_cli("solve", str(project_file), "--time-limit", "20", "--out", str(out),
                     "--save", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "Status:" in result.stdout and "Traceback" not in result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "legevakt-rota/1"
    assigned = sum(len(s["assigned"]) for s in document["shifts"])
    assert assigned >= len(document["shifts"])
    # --save stored the rota in the project, and kept the previous file as a backup
    saved = load_project(project_file)
    assert len(saved.rota) == sum(len(s["assigned"]) for s in document["shifts"])
    assert (tmp_path / "liten.legevakt.json.bak").read_bytes() == SAMPLES["liten-kommune"].read_bytes()


def test_solve_with_everybody_on_holiday_explains_and_exits_1(tmp_path):
    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    for doctor in doc["doctors"]:
        doctor["unavailable"].append({"start": "2027-03-01", "end": "2027-03-07", "kind": "ferie"})
    conflict = tmp_path / "konflikt.legevakt.json"
    conflict.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("solve", str(conflict), "--time-limit", "20", "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ferie" in result.stderr  # the explanation names why nobody is free
    # one line for the whole week, with its first and last shift (the night from Sunday 28.02)
    assert "10 vakter fra 28.02 til 07.03" in result.stderr


def test_solve_bad_arguments_exit_2(tmp_path):
    result = run_cli("solve", "liten-kommune", "--time-limit", "0")
    assert result.returncode == 2
    assert "--time-limit" in result.stderr and "Traceback" not in result.stderr
    missing = run_cli("solve", str(tmp_path / "finnes-ikke.legevakt.json"))
    assert missing.returncode == 2 and "finner ikke filen" in missing.stderr


def test_deterministic_solves_give_the_same_rota(tmp_path):
    outs = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.json"
        result = run_cli("solve", "liten-kommune", "--time-limit", "60", "--quiet",
                         "--deterministic", "--seed", "3", "--out", str(out))
        assert result.returncode == 0, result.stderr
        doc = json.loads(out.read_text(encoding="utf-8"))
        outs.append(sorted((s["id"], tuple(s["assigned"])) for s in doc["shifts"]))
    assert outs[0] == outs[1]


def test_solve_prints_its_result_in_norwegian(tmp_path, capsys):
    from legevakt_app.cli import main
    from legevakt_app.wording import LEVEL_STATUS, STATUS, level_status

    # deterministic: the same levels are reached on every run (on the clock, level 2 may use
    # the whole 4 s on a busy machine, and the wishes line is then not printed)
    assert main(["solve", "liten-kommune", "--time-limit", "4", "--deterministic"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    status = lines[0].removeprefix("Status: ").split(" (")[0]
    assert status in STATUS.values()
    levels = [line for line in lines if "(nedre grense" in line]
    assert len(levels) == 4  # fairness, balance, sharing, wishes
    proven = [*LEVEL_STATUS.values(), level_status("fairness", "optimal")]
    for line in levels:
        assert line.endswith(tuple(f"; {s})" for s in proven)), line
    # level 1 is proven only within its 1 % step, never «bevist optimal» outright
    assert not levels[0].endswith("; bevist optimal)"), levels[0]
    assert "Perfekt rettferdighet (analytisk grense): 1103,49" in captured.out
    # what the values mean for the doctors: the fair numbers, the soft firedelt, and Ingrid
    # (free of nights, full share) taking nearly all the weekend days, as «check» warns
    assert "Utenfor det rettferdige antallet:" in captured.out
    assert "vakter tettere enn maks 1 vakt per 4 dager" in captured.out
    assert "Merk: Ingrid Reinvik har delvis fritak og vaktandel som før" in captured.out
    assert "nivå 1 rettferdig belastning" in captured.err or "nivå 2 jevne" in captured.err
    for english in ("feasible", ", optimal)", "balance:", "wishes:", "grense 0.00"):
        assert english not in captured.out + captured.err, english
    missing = tmp_path / "finnes-ikke" / "resultat.json"
    assert main(["solve", "liten-kommune", "--out", str(missing)]) == 2
    assert f"mappen {missing.parent} finnes ikke" in capsys.readouterr().err


def test_a_crunch_only_the_counting_finds_gets_its_fix_printed(tmp_path):
    # eleven doctors for twelve places in week 2 under a hard «maks 1 vakt per 6 døgn»: the
    # counting names the short days, the conflict is not found in the time, and the fix the
    # counting leads to is printed after it, verified; with it made, a rota exists
    from legevakt_app.project_io import save_project
    from tests.foundation.test_rule_exceptions import ferie_crunch

    path = tmp_path / "lysfjord.legevakt.json"
    save_project(ferie_crunch(), path)
    result = run_cli("solve", str(path), "--time-limit", "5", "--quiet")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[1:] == [
        "11.01–16.01 (og 1 annen periode på 6 døgn): 12 vaktdøgn trengs, men 11 leger (Jon Hol, "
        "Siri Bø, Arne Lie, Eva Sand, Geir Ask, Hege Rud, Ivar Tveit, Mona Eik, Nils Bakke, Rita "
        "Lund og Stig Haug) kan ta høyst 11 med maks 1 vakt per 6 døgn — Kari Nes, Ola Li, Per "
        "Dal, Dina Berg, Liv Aas, Lars Moe og Tone Vik har ferie",
        "Mulige lettelser:",
        "  1. unntak for uke 2 (11.01–17.01): tillat 5-delt vakt (maks 1 vakt per 5 døgn)",
        f"Bruk en lettelse med «legevakt solve {path} --apply-fix 1»: endringen lagres i "
        "prosjektet (forrige versjon i .bak), og turnusen lages på nytt (med --save lagres også "
        "den)."]
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["rules"]["exceptions"] = [{"start": "2027-01-11", "end": "2027-01-17",
                                   "spacing_window_days": 5}]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("solve", str(path), "--time-limit", "5", "--quiet")
    assert result.returncode == 0, result.stderr
