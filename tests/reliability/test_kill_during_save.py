"""A save killed at any moment (SIGKILL, no clean-up) leaves the old or the new file, never a mix.

A helper process forks savers that write a ~0.9 MB project (stor-legevakt with a full-year
rota and 5 published snapshots) over and over, alternating between two versions; the test
kills each saver after a random delay spread over a whole save cycle (serialising, copying
the backup, writing, fsync, rename), then checks the project file and its ``.bak`` byte for
byte against the two versions, and loads the file now and then. 200 trials in the normal run,
2000 with LEGEVAKT_SLOW=1.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from legevakt_app.project_io import load_project

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
SERVER = Path(__file__).with_name("save_server.py")


@contextlib.contextmanager
def save_server(folder: Path, snapshots: int) -> Iterator[tuple[subprocess.Popen, float]]:
    """The forking save server (save_server.py) and its seconds per save cycle."""
    server = subprocess.Popen(
        [sys.executable, str(SERVER), str(folder), str(snapshots)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        head = server.stdout.readline().split()
        assert head and head[0] == "ready", head
        yield server, float(head[1])
    finally:
        server.stdin.close()
        server.wait(timeout=30)


def kill_a_saver(server: subprocess.Popen, delay: float) -> None:
    """Start a saver, SIGKILL it after ``delay`` seconds, wait until it is dead."""
    server.stdin.write("go\n")
    server.stdin.flush()
    pid = int(server.stdout.readline().split()[1])
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    assert server.stdout.readline().strip() == "dead"


def run_trials(folder: Path, trials: int, seed: int) -> dict[str, int]:
    with save_server(folder, 5) as (server, cycle):
        versions = {
            (folder / "expected-A.json").read_bytes(): "A",
            (folder / "expected-B.json").read_bytes(): "B",
        }
        target = folder / "turnus.legevakt.json"
        backup = folder / "turnus.legevakt.json.bak"
        rng = random.Random(seed)
        counts = {"trials": 0, "corrupt": 0, "A": 0, "B": 0, "stray_tmp": 0, "loaded": 0}
        for trial in range(trials):
            kill_a_saver(server, rng.uniform(0.0, cycle))
            counts["trials"] += 1
            found = versions.get(target.read_bytes())
            if found is None:
                counts["corrupt"] += 1
            else:
                counts[found] += 1
            if backup.exists() and backup.read_bytes() not in versions:
                counts["corrupt"] += 1
            for stray in folder.glob(".turnus.legevakt.json.*"):
                counts["stray_tmp"] += 1
                stray.unlink()
            if trial % 50 == 0 or trial == trials - 1:
                load_project(target)  # the survivor also validates as a project
                counts["loaded"] += 1
        return counts


def report(counts: dict[str, int]) -> None:
    print(f"\nkill-during-save: {counts['trials']} trials, {counts['corrupt']} corrupt, "
          f"old/new A={counts['A']} B={counts['B']}, {counts['stray_tmp']} stray temp files, "
          f"{counts['loaded']} full loads")


def test_kill_during_save_never_corrupts(tmp_path):
    counts = run_trials(tmp_path, 200, seed=7)
    report(counts)
    assert counts["corrupt"] == 0
    assert counts["trials"] == 200
    # the kills really landed at different moments: both versions were seen
    assert counts["A"] > 0 and counts["B"] > 0


@pytest.mark.slow
def test_kill_during_save_never_corrupts_long(tmp_path):
    counts = run_trials(tmp_path, 2000, seed=11)
    report(counts)
    assert counts["corrupt"] == 0


def test_next_save_clears_what_a_killed_save_left(tmp_path):
    """Kill savers until one leaves a temp file; once it is stale, the next save removes it,
    while a fresh temp file (a save running in parallel) is left alone."""
    from legevakt_app.project_io import STALE_TEMP_SECONDS, save_project

    target = tmp_path / "turnus.legevakt.json"
    strays: list[Path] = []
    for seed in range(20):
        strays = _kill_until_stray(tmp_path, seed)
        if strays:
            break
    assert strays, "no kill left a temp file in 20 rounds"
    old = time.time() - STALE_TEMP_SECONDS - 5
    for stray in strays:
        os.utime(stray, (old, old))
    fresh = tmp_path / ".turnus.legevakt.json.parallel.tmp"
    fresh.write_text("{}")
    save_project(load_project(target), target)
    assert not any(s.exists() for s in strays)
    assert fresh.exists()
    load_project(target)


def _kill_until_stray(folder: Path, seed: int) -> list[Path]:
    """One round of kills (no clean-up between them); the temp files left behind."""
    rng = random.Random(seed)
    with save_server(folder, 1) as (server, cycle):
        for _ in range(10):
            kill_a_saver(server, rng.uniform(0.0, cycle))
            found = sorted(folder.glob(".turnus.legevakt.json.*.tmp"))
            if found:
                return found
        return []
