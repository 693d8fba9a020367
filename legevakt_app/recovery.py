"""Autosave of unsaved work, so a crash or power cut never costs a day's rota work.

The GUI calls :func:`write_recovery` about once a minute while the project has unsaved
changes, :func:`discard_recovery` after a successful save (or when the user closes without
saving on purpose), and :func:`find_recoveries` at start-up to offer a restore::

    for rec in find_recoveries():          # newest first; a running window's copies are left out
        if rec.problem:                    # unreadable recovery file
            ...
        project = rec.load()               # ProjectError if it no longer validates
        rec.file_changed()                 # has the project file changed since the copy?
        rec.discard()                      # only after restoring (and saving) or when declined

Recovery files live outside the project folder, in the user's own data folder (nothing is
sent anywhere):

* ``$LEGEVAKT_DATA_DIR/recovery`` if that variable is set (tests use it),
* else ``$XDG_DATA_HOME/legevakt/recovery``, else ``~/.local/share/legevakt/recovery``
  (on Windows ``%LOCALAPPDATA%\\legevakt\\recovery``).

Each window has an :class:`Owner`: its recovery files are named by the project path (a hash
of the absolute path) *and* the window (``turnus-<hash>-<window>.recovery.json``;
``uten-navn-<window>.recovery.json`` for a project never saved), so two windows — in one
Legevakt or in two — never overwrite or delete each other's copy. The file records its owner
(process id, the process's start time, host, window): while that process runs, the copy is
not offered to anybody else (:func:`owner_alive`); once it has ended (a crash), it is.

Each is an envelope ``{"format": "legevakt-recovery/1", "original_path", "saved_at",
"owner", "original_sha256", "project"}``, where ``original_sha256`` is the SHA-256 of the
project file the unsaved work started from (so a later start can tell whether the file was
changed since: :meth:`Recovery.file_changed`). It is written atomically
(:func:`legevakt_app.project_io.atomic_write_text`), readable by the owner only, since it
holds the same personal data as the project file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import socket
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from legevakt_app.domain import Project
from legevakt_app.project_io import (
    FileStamp,
    Problem,
    ProjectError,
    atomic_write_text,
    file_stamp,
    project_from_document,
    read_document,
)

RECOVERY_FORMAT = "legevakt-recovery/1"
RECOVERY_SUFFIX = ".recovery.json"
UNTITLED = "uten-navn"


def data_dir() -> Path:
    """The user's Legevakt data folder (not created here)."""
    override = os.environ.get("LEGEVAKT_DATA_DIR")
    if override:
        return Path(override)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "legevakt"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "legevakt"


def recovery_dir() -> Path:
    """Where recovery files are kept: ``data_dir() / "recovery"``."""
    return data_dir() / "recovery"


@cache
def _process_started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), or None when it cannot be told.
    Cached: asked for this process only, whose start never changes."""
    return _started(pid)


def _started(pid: int) -> float | None:
    try:
        import psutil

        return float(psutil.Process(pid).create_time())
    except Exception:  # noqa: BLE001 - no such process, no access, no psutil: cannot tell
        return None


@dataclass(frozen=True)
class Owner:
    """The window whose unsaved work a recovery file holds: a token of its own (its recovery
    files' names end in it), and the process it runs in, recorded in each file so that no
    other window offers — or deletes — the copy while that process is still running."""

    token: str = field(default_factory=lambda: secrets.token_hex(6))

    def record(self) -> dict[str, Any]:
        pid = os.getpid()
        return {"pid": pid, "started": _process_started(pid), "host": socket.gethostname(),
                "window": self.token}


def owner_alive(owner: Any) -> bool:
    """True when the process that wrote a recovery file (its ``owner`` record) still runs:
    the same process id on this machine, started at the same time (so a process id used
    again after a reboot is not taken for it). A copy without an owner, or from another
    machine (which cannot be asked), counts as left behind."""
    if not isinstance(owner, dict):
        return False
    pid, started = owner.get("pid"), owner.get("started")
    if not isinstance(pid, int) or isinstance(pid, bool) or owner.get("host") != socket.gethostname():
        return False
    now = _process_started(pid) if pid == os.getpid() else _started(pid)
    if now is None:  # its start time cannot be read: whether the process id runs at all
        if pid == os.getpid() or os.name == "nt":  # (on Windows signal 0 is Ctrl+C)
            return True
        try:
            os.kill(pid, 0)  # signal 0 sends nothing
        except ProcessLookupError:
            return False
        except OSError:
            return True  # it runs, as another user
        return True
    if not isinstance(started, int | float) or isinstance(started, bool):
        return True  # the process id runs, and the file does not say when its owner started
    return abs(now - float(started)) < 1.0


def recovery_path(project_path: str | os.PathLike[str] | None, owner: Owner | None = None) -> Path:
    """The recovery file of ``owner``'s window for the project saved at ``project_path``
    (``None``: never saved).

    The name is the project's file name (for a human looking in the folder), a hash of its
    absolute path (so two ``turnus.legevakt.json`` in different folders do not clash) and the
    owner's token (so two windows never share one file).
    """
    tail = f"-{owner.token}" if owner is not None else ""
    if project_path is None:
        return recovery_dir() / f"{UNTITLED}{tail}{RECOVERY_SUFFIX}"
    absolute = os.path.abspath(os.fspath(project_path))
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = Path(absolute).name.removesuffix(".json").removesuffix(".legevakt")
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem)[:40] or "prosjekt"
    return recovery_dir() / f"{stem}-{digest}{tail}{RECOVERY_SUFFIX}"


def write_recovery(
    project: Project,
    project_path: str | os.PathLike[str] | None = None,
    now: datetime | None = None,
    owner: Owner | None = None,
    base: FileStamp | None = None,
) -> Path:
    """Autosave ``project`` (the unsaved state of the file at ``project_path``), as
    ``owner``'s window; ``base``: the stamp of the file as the window read or last saved it
    (the work began from it), by default what the file holds now.

    Atomic: a crash during the write leaves the previous recovery file. Returns its path.
    Raises ``OSError`` if the data folder cannot be written (the GUI should say so once and
    keep going; the project itself is unaffected).
    """
    saved_at = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
    original = None if project_path is None else os.path.abspath(os.fspath(project_path))
    if base is None and original is not None:
        try:
            base = file_stamp(original)
        except OSError:
            base = None
    envelope = {
        "format": RECOVERY_FORMAT,
        "original_path": original,
        "saved_at": saved_at,
        "owner": owner.record() if owner is not None else None,
        "original_sha256": base.digest if base is not None else None,
        "project": project.model_dump(mode="json"),
    }
    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = recovery_path(project_path, owner)
    atomic_write_text(target, json.dumps(envelope, ensure_ascii=False) + "\n", backup=False)
    return target


@dataclass(frozen=True)
class Recovery:
    """One recovery file found at start-up."""

    path: Path  # the recovery file itself
    original_path: Path | None  # the project file it belongs to (None: never saved)
    saved_at: datetime  # when the autosave was written (timezone-aware)
    problem: str | None = None  # set when the recovery file cannot be read
    owner: dict[str, Any] | None = None  # the window and process that wrote it
    base_digest: str | None = None  # SHA-256 of the project file the work started from
    district: str | None = None  # the copy's district name, as written
    period: tuple[date, date] | None = None  # the copy's period, as written

    @property
    def live(self) -> bool:
        """Its window's process still runs (its copy is not this window's to offer)."""
        return owner_alive(self.owner)

    @property
    def newer_than_original(self) -> bool:
        """True when the autosave is newer than the saved project file (or there is none).
        A clue only (a file's time changes when it is merely copied or touched): what
        decides is :meth:`file_changed` and what the copy holds."""
        if self.original_path is None:
            return True
        try:
            modified = self.original_path.stat().st_mtime
        except OSError:
            return True  # the project file is gone: the recovery copy is all there is
        return self.saved_at.timestamp() > modified

    def file_changed(self) -> bool | None:
        """Whether the project file on disk changed after the work in the copy began: True
        (also when it is gone), False, or None when this cannot be told (never saved; an older
        recovery file without the file's stamp, where the file is not newer than the copy)."""
        if self.original_path is None:
            return None
        try:
            now = file_stamp(self.original_path)
        except OSError:
            return None
        if self.base_digest is not None:
            return now.digest != self.base_digest
        if not now.exists:
            return True
        return True if not self.newer_than_original else None

    def load(self) -> Project:
        """The autosaved project; :class:`ProjectError` (with field paths) if unusable."""
        if self.problem:
            raise ProjectError([Problem("", self.problem)], str(self.path))
        envelope = read_document(self.path)
        if not isinstance(envelope, dict) or "project" not in envelope:
            raise ProjectError([Problem("", "not a Legevakt recovery file")], str(self.path))
        return project_from_document(envelope["project"], str(self.path))

    def discard(self) -> None:
        """Delete the recovery file (missing is fine)."""
        _unlink(self.path)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def read_recovery(path: str | os.PathLike[str]) -> Recovery:
    """Describe one recovery file; never raises for a broken file (``problem`` is set)."""
    p = Path(path)
    try:
        fallback = datetime.fromtimestamp(p.stat().st_mtime).astimezone()
    except OSError:
        fallback = datetime.now().astimezone()
    try:
        envelope = read_document(p)
    except ProjectError as err:
        return Recovery(p, None, fallback, "; ".join(str(x) for x in err.problems))
    if not isinstance(envelope, dict) or envelope.get("format") != RECOVERY_FORMAT:
        return Recovery(p, None, fallback, "not a Legevakt recovery file")
    original = envelope.get("original_path")
    original_path = Path(original) if isinstance(original, str) and original else None
    saved_at = fallback
    raw = envelope.get("saved_at")
    if isinstance(raw, str):
        try:
            saved_at = datetime.fromisoformat(raw)
            if saved_at.tzinfo is None:
                saved_at = saved_at.astimezone()
        except ValueError:
            pass
    owner = envelope.get("owner")
    owner = owner if isinstance(owner, dict) else None
    base = envelope.get("original_sha256")
    base = base if isinstance(base, str) else None
    project = envelope.get("project")
    if not isinstance(project, dict):
        return Recovery(p, original_path, saved_at, "the recovery file holds no project",
                        owner, base)
    district = project.get("district")
    name = district.get("name") if isinstance(district, dict) else None
    return Recovery(p, original_path, saved_at, None, owner, base,
                    name if isinstance(name, str) else None, _period(project.get("period")))


def _period(value: Any) -> tuple[date, date] | None:
    try:
        return date.fromisoformat(value["start"]), date.fromisoformat(value["end"])
    except (TypeError, KeyError, ValueError):
        return None


def find_recoveries(include_live: bool = False) -> list[Recovery]:
    """Every recovery file, newest first (broken ones too, with ``problem`` set), except those
    of a window whose process still runs (another Legevakt, or another window of this one):
    those are their owner's, not to be offered or deleted (``include_live`` lists them too)."""
    folder = recovery_dir()
    try:
        files = [f for f in folder.iterdir() if f.name.endswith(RECOVERY_SUFFIX) and f.is_file()]
    except OSError:
        return []
    found = [read_recovery(f) for f in files]
    if not include_live:
        found = [r for r in found if not r.live]
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def discard_recovery(project_path: str | os.PathLike[str] | None = None,
                     owner: Owner | None = None) -> None:
    """Delete ``owner``'s recovery file of the project at ``project_path`` (``None``: never
    saved). Call after a successful save, or when the user chose not to keep the changes."""
    _unlink(recovery_path(project_path, owner))
