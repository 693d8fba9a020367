"""Real failing disks for the tests of failed saves and exports (no monkeypatching).

``full_disk(folder)`` mounts a tiny tmpfs and fills it, so a write gets a real ENOSPC; it
skips the test where mounting is not allowed (not root, a container without the right).
``no_write_caps`` runs a command with every capability dropped, so even root is held to the
permission bits of a read-only folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def full_disk(folder: Path, size_kb: int = 64) -> Iterator[Path]:
    """A tmpfs of ``size_kb`` mounted at ``folder`` (unmounted afterwards); fill it with
    :func:`fill`."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("a full disk needs a tmpfs mount (root)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, free_kb: int = 8) -> None:
    """Fill ``folder``'s file system until about ``free_kb`` are left."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    (folder / "fyll").write_bytes(b"\0" * max(0, free - free_kb * 1024))


def no_write_caps() -> list[str]:
    """A command prefix under which the permission bits hold (root's capabilities dropped);
    [] when not root. Skips when root cannot drop them."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to hold root to the permission bits")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--ambient-caps=-all"]
