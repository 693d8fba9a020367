"""Autosave of unsaved work, so a crash or power cut never costs a day's rota work.

The GUI calls :func:`write_recovery` about once a minute while the project has unsaved
changes, :func:`discard_recovery` after a successful save (or when the user closes without
saving on purpose), and :func:`find_recoveries` at start-up to offer a restore::

    for rec in find_recoveries():          # newest first
        if rec.problem:                    # unreadable recovery file: offer to discard it
            ...
        elif rec.newer_than_original:      # the autosave has work the saved file lacks
            project = rec.load()           # ProjectError if it no longer validates
            ...
        rec.discard()                      # after restoring (and saving) or declining

Recovery files live outside the project folder, in the user's own data folder (nothing is
sent anywhere):

* ``$LEGEVAKT_DATA_DIR/recovery`` if that variable is set (tests use it),
* else ``$XDG_DATA_HOME/legevakt/recovery``, else ``~/.local/share/legevakt/recovery``
  (on Windows ``%LOCALAPPDATA%\\legevakt\\recovery``).

There is one recovery file per project path (a hash of the absolute path names it), and
one for a project that has never been saved (``project_path=None``). Each is an envelope
``{"format": "legevakt-recovery/1", "original_path", "saved_at", "project"}`` written
atomically (:func:`legevakt_app.project_io.atomic_write_text`), readable by the owner only,
since it holds the same personal data as the project file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from legevakt_app.domain import Project
from legevakt_app.project_io import (
    Problem,
    ProjectError,
    atomic_write_text,
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


def recovery_path(project_path: str | os.PathLike[str] | None) -> Path:
    """The recovery file for the project saved at ``project_path`` (``None``: never saved).

    The name is the project's file name (for a human looking in the folder) plus a hash of
    its absolute path (so two ``turnus.legevakt.json`` in different folders do not clash).
    """
    if project_path is None:
        return recovery_dir() / f"{UNTITLED}{RECOVERY_SUFFIX}"
    absolute = os.path.abspath(os.fspath(project_path))
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = Path(absolute).name.removesuffix(".json").removesuffix(".legevakt")
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem)[:40] or "prosjekt"
    return recovery_dir() / f"{stem}-{digest}{RECOVERY_SUFFIX}"


def write_recovery(
    project: Project,
    project_path: str | os.PathLike[str] | None = None,
    now: datetime | None = None,
) -> Path:
    """Autosave ``project`` (the unsaved state of the file at ``project_path``).

    Atomic: a crash during the write leaves the previous recovery file. Returns its path.
    Raises ``OSError`` if the data folder cannot be written (the GUI should say so once and
    keep going; the project itself is unaffected).
    """
    saved_at = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
    original = None if project_path is None else os.path.abspath(os.fspath(project_path))
    envelope = {
        "format": RECOVERY_FORMAT,
        "original_path": original,
        "saved_at": saved_at,
        "project": project.model_dump(mode="json"),
    }
    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = recovery_path(project_path)
    atomic_write_text(target, json.dumps(envelope, ensure_ascii=False) + "\n", backup=False)
    return target


@dataclass(frozen=True)
class Recovery:
    """One recovery file found at start-up."""

    path: Path  # the recovery file itself
    original_path: Path | None  # the project file it belongs to (None: never saved)
    saved_at: datetime  # when the autosave was written (timezone-aware)
    problem: str | None = None  # set when the recovery file cannot be read

    @property
    def newer_than_original(self) -> bool:
        """True when the autosave is newer than the saved project file (or there is none):
        only then does it hold work that would otherwise be lost."""
        if self.original_path is None:
            return True
        try:
            modified = self.original_path.stat().st_mtime
        except OSError:
            return True  # the project file is gone: the recovery copy is all there is
        return self.saved_at.timestamp() > modified

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
    if not isinstance(envelope.get("project"), dict):
        return Recovery(p, original_path, saved_at, "the recovery file holds no project")
    return Recovery(p, original_path, saved_at)


def find_recoveries() -> list[Recovery]:
    """Every recovery file, newest first (broken ones too, with ``problem`` set)."""
    folder = recovery_dir()
    try:
        files = [f for f in folder.iterdir() if f.name.endswith(RECOVERY_SUFFIX) and f.is_file()]
    except OSError:
        return []
    found = [read_recovery(f) for f in files]
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def discard_recovery(project_path: str | os.PathLike[str] | None = None) -> None:
    """Delete the recovery file of the project at ``project_path`` (``None``: never saved).
    Call after a successful save, or when the user chose not to keep the changes."""
    _unlink(recovery_path(project_path))
