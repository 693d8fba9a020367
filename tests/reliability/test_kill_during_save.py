"""A save killed at any moment (SIGKILL, no clean-up) leaves the old or the new file, never a mix.

A helper process forks savers that write a ~0.9 MB project (stor-legevakt with a full-year
rota and 5 published snapshots) over and over, alternating between two versions; the test
kills each saver after a random delay spread over a whole save cycle (serialising, copying
the backup, writing, fsync, rename), then checks the project file and its ``.bak`` byte for
byte against the two versions, and loads the file now and then. 200 trials in the normal run,
2000 with LEGEVAKT_SLOW=1.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from legevakt_app.project_io import load_project

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
SERVER = Path(__file__).with_name("save_server.py")


def run_trials(folder: Path, trials: int, seed: int) -> dict[str, int]:
    server = subprocess.Popen(
        [sys.executable, str(SERVER), str(folder), "5"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        head = server.stdout.readline().split()
        assert head and head[0] == "ready", head
        cycle = float(head[1])
        versions = {
            (folder / "expected-A.json").read_bytes(): "A",
            (folder / "expected-B.json").read_bytes(): "B",
        }
        target = folder / "turnus.legevakt.json"
        backup = folder / "turnus.legevakt.json.bak"
        rng = random.Random(seed)
        counts = {"trials": 0, "corrupt": 0, "A": 0, "B": 0, "stray_tmp": 0, "loaded": 0}
        for trial in range(trials):
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = int(server.stdout.readline().split()[1])
            time.sleep(rng.uniform(0.0, cycle))
            os.kill(pid, signal.SIGKILL)
            assert server.stdout.readline().strip() == "dead"
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
    finally:
        server.stdin.close()
        server.wait(timeout=30)


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
