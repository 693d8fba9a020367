"""Helper process for test_kill_during_save: forks savers on request, to be SIGKILLed.

``python save_server.py FOLDER SNAPSHOTS`` builds two large versions (A, B) of the
stor-legevakt project, writes their exact file text to ``FOLDER/expected-A.json`` and
``expected-B.json``, saves A to ``FOLDER/turnus.legevakt.json`` and prints
``ready <seconds per save cycle>``. Then, for every line on stdin, it forks a child that
saves B, A, B, A, ... to the project file with :func:`save_project` until it is killed,
the child prints ``pid <its pid>`` as it starts; the server waits for the child to die and prints ``dead``.

Forking from this small single-threaded server (instead of starting a new interpreter per
trial) makes a kill cost milliseconds, so hundreds of trials fit in the normal test run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from legevakt_app.domain import PublishedAssignment, Snapshot  # noqa: E402
from legevakt_app.project_io import dumps_project, load_project, save_project  # noqa: E402
from legevakt_app.shifts import expand_shifts  # noqa: E402


def versions(snapshots: int):
    base = load_project(ROOT / "samples" / "stor-legevakt.legevakt.json")
    shifts = [s.id for s in expand_shifts(base)]
    doctors = [d.id for d in base.doctors]

    def rota(offset: int) -> list[PublishedAssignment]:
        return [PublishedAssignment(shift_id=s, doctor_id=doctors[(i + offset) % len(doctors)])
                for i, s in enumerate(shifts)]

    def snap(k: int) -> Snapshot:
        return Snapshot(name=f"Publisert versjon {k}", published_at=f"2026-12-{k % 28 + 1:02d}T12:00:00",
                        assignments=rota(k), doctor_names={d.id: d.name for d in base.doctors})

    a = base.model_copy(update={"rota": rota(0), "snapshots": [snap(k) for k in range(snapshots)]})
    b = base.model_copy(update={"rota": rota(7),
                                "snapshots": [snap(k) for k in range(snapshots + 1)]})
    return a, b


def main() -> None:
    folder = Path(sys.argv[1])
    a, b = versions(int(sys.argv[2]))
    (folder / "expected-A.json").write_text(dumps_project(a), encoding="utf-8")
    (folder / "expected-B.json").write_text(dumps_project(b), encoding="utf-8")
    target = folder / "turnus.legevakt.json"
    save_project(b, target)
    save_project(a, target)
    started = time.perf_counter()
    for _ in range(3):
        save_project(b, target)
        save_project(a, target)
    cycle = (time.perf_counter() - started) / 3
    print(f"ready {cycle:.4f}", flush=True)
    for _line in sys.stdin:
        pid = os.fork()
        if pid == 0:  # the saver: says it has started, then saves until SIGKILL
            print(f"pid {os.getpid()}", flush=True)
            while True:
                save_project(b, target)
                save_project(a, target)
        os.waitpid(pid, 0)
        print("dead", flush=True)


if __name__ == "__main__":
    main()
