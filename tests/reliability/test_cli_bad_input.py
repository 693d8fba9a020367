"""Every CLI subcommand on bad input: a clear message, the documented exit code, no traceback.

Exit codes (``legevakt --help``): 0 ok, 1 no rota exists, 2 bad input. Each case runs
``python -m legevakt_app.cli`` in a subprocess; all cases run once, two at a time, and each
is then checked by its own parametrised test. Subcommands whose module has not landed yet
are skipped (``pytest.importorskip``) and run once it exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from legevakt_app.domain import SCHEMA_VERSION
from tests.conftest import ROOT, SAMPLES

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
CSV = "navn;kommune;født\nKari Nordeng;Lysfjord;1971\n".encode("latin-1")
MODULES = {
    "check": "legevakt_app.cli",
    "solve": "legevakt_app.solve_cli",
    "report": "legevakt_app.report_cli",
    "export": "legevakt_app.export_cli",
    "bench": "legevakt_app.bench_cli",
}


def make_inputs(folder: Path) -> dict[str, Path]:
    """Bad inputs, by name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = {"missing": folder / "finnes-ikke.legevakt.json", "folder": folder / "mappe"}
    inputs["folder"].mkdir()
    contents: dict[str, bytes] = {
        "png": PNG,
        "csv": CSV,
        "empty": b"",
        "truncated": SAMPLES["liten-kommune"].read_bytes()[:700],
        "json-array": b"[1, 2, 3]",
        "utf16": SAMPLES["liten-kommune"].read_text(encoding="utf-8").encode("utf-16"),
        "bad-result-file": json.dumps({"format": "legevakt-rota/1", "doctors": "x"}).encode(),
        "newer-version": SAMPLES["liten-kommune"].read_bytes().replace(
            f'"schema_version": {SCHEMA_VERSION}'.encode(), b'"schema_version": 99'),
        "unreadable": SAMPLES["liten-kommune"].read_bytes(),
    }
    for name, raw in contents.items():
        inputs[name] = folder / f"{name}.legevakt.json"
        inputs[name].write_bytes(raw)
    os.chmod(inputs["unreadable"], 0)
    return inputs


def infeasible_project(folder: Path) -> Path:
    """liten-kommune where every doctor has full fritak for the whole period: no rota exists."""
    document = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    period = document["period"]
    for doctor in document["doctors"]:
        doctor["exemptions"] = [{"start": period["start"], "end": period["end"],
                                 "category": "granted", "scope": "full"}]
    path = folder / "ingen-turnus.legevakt.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def command(sub: str, source: Path, out: Path) -> list[str]:
    extra = {
        "check": [],
        "solve": ["--time-limit", "5", "--quiet"],
        "report": ["--time-limit", "5", "--no-need"],
        "export": ["--time-limit", "5", "--xlsx", str(out / "x.xlsx")],
    }[sub]
    return [sub, str(source), *extra]


BAD_INPUTS = ["missing", "folder", "unreadable", "png", "csv", "empty", "truncated",
              "json-array", "utf16", "bad-result-file", "newer-version"]
SUBCOMMANDS = ["check", "solve", "report", "export"]
WITH_ROTA = Path(__file__).with_name("data") / "v1-liten-kommune.legevakt.json"


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "legevakt_app.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(ROOT),
                               "HOME": str(cwd)})  # a crash log would land here, not in ~


def timed(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    run = run_cli(args, cwd)
    return run, time.perf_counter() - started


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[tuple[str, str], subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("cli-bad-input")
    inputs = make_inputs(folder / "in")
    inputs["infeasible"] = infeasible_project(folder / "in")
    out = folder / "out"
    out.mkdir()
    cases: dict[tuple[str, str], list[str]] = {}
    for sub in SUBCOMMANDS:
        for name in [*BAD_INPUTS, "infeasible"]:
            if name == "unreadable" and root_reads_anything():
                continue  # root reads it anyway: it would just solve the sample
            cases[(sub, name)] = command(sub, inputs[name], out)
    cases[("bench", "unknown-instance")] = ["bench", "--only", "finnes-ikke"]
    cases[("bench", "zero-repeats")] = ["bench", "--repeats", "0"]
    cases[("solve", "zero-time-limit")] = ["solve", "liten-kommune", "--time-limit", "0"]
    cases[("solve", "out-in-missing-folder")] = [
        "solve", "liten-kommune", "--quiet", "--time-limit", "2",
        "--out", str(folder / "no" / "such" / "result.json")]
    cases[("export", "nothing-to-export")] = ["export", "liten-kommune"]
    cases[("export", "xlsx-in-missing-folder")] = [  # a project with a stored rota: no solve
        "export", str(WITH_ROTA), "--xlsx", str(folder / "no" / "such" / "x.xlsx")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(timed, args, folder) for key, args in cases.items()}
        done = {key: f.result() for key, f in futures.items()}
    slowest = sorted(done.items(), key=lambda kv: -kv[1][1])[:5]
    print("\nslowest CLI cases:", ", ".join(f"{'/'.join(k)} {t:.1f}s" for k, (_, t) in slowest))
    done = {key: run for key, (run, _) in done.items()}
    os.chmod(inputs["unreadable"], 0o600)
    return done


def root_reads_anything() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def expect(results, key, code: int) -> None:
    sub = key[0]
    pytest.importorskip(MODULES[sub])
    run = results[key]
    both = run.stdout + run.stderr
    assert "Traceback" not in both, both[-2000:]
    assert "intern feil" not in both, both[-2000:]
    assert run.returncode == code, f"exit {run.returncode}, expected {code}:\n{both[-2000:]}"
    assert run.stderr.strip(), "no message on stderr"


@pytest.mark.parametrize("name", BAD_INPUTS)
@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_bad_input_exits_2_without_traceback(results, sub, name):
    if name == "unreadable" and root_reads_anything():
        pytest.skip("running as root: chmod 000 does not stop root from reading")
    expect(results, (sub, name), 2)


@pytest.mark.parametrize("sub", ["solve", "report", "export"])
def test_infeasible_project_exits_1_with_explanation(results, sub):
    expect(results, (sub, "infeasible"), 1)
    assert "turnus" in results[(sub, "infeasible")].stderr.lower()


def test_check_reads_an_infeasible_but_valid_project_and_says_no_rota_can_be_made(results):
    run = results[("check", "infeasible")]
    assert run.returncode == 1, run.stderr  # the file is fine (not 2); no rota can exist
    assert "ingen turnus kan lages" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


@pytest.mark.parametrize("key", [("bench", "unknown-instance"), ("bench", "zero-repeats"),
                                 ("solve", "zero-time-limit"),
                                 ("solve", "out-in-missing-folder"),
                                 ("export", "nothing-to-export"),
                                 ("export", "xlsx-in-missing-folder")], ids="-".join)
def test_bad_arguments_exit_2(results, key):
    expect(results, key, 2)


def test_messages_name_the_file(results):
    for name in ["missing", "png", "newer-version"]:
        run = results[("check", name)]
        assert f"{name}.legevakt.json" in run.stderr or "finnes-ikke" in run.stderr
    assert "nyere Legevakt" in results[("check", "newer-version")].stderr
    assert "UTF-8" in results[("check", "png")].stderr
