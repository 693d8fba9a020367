"""Why a file could not be written (or would be destroyed by writing it), in Norwegian.

One wording for the desktop app and the command line: a failed save or export names the
file the leader chose (never a temporary file beside it) and says what the operating system
refused — «ingen plass igjen på disken», «ingen skrivetilgang», «mappen finnes ikke», «filen er
låst eller i bruk» — and never shows its English text or a traceback. No Qt here.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

REASONS = {
    errno.ENOSPC: "ingen plass igjen på disken",
    errno.ENOENT: "mappen finnes ikke",
    errno.EISDIR: "er en mappe",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EEXIST: "finnes alt, og er ikke en mappe",
    errno.EACCES: "ingen skrivetilgang",
    errno.EPERM: "filen er låst eller skrivebeskyttet (ikke tillatt)",
    errno.EBUSY: "filen er låst eller i bruk",
    errno.ETXTBSY: "filen er låst eller i bruk",
    errno.EROFS: "disken er skrivebeskyttet",
    errno.ENAMETOOLONG: "filnavnet er for langt",
    errno.EIO: "lese- eller skrivefeil på disken",
    errno.EFBIG: "filen blir for stor",
    errno.EINVAL: "ugyldig filnavn",
    errno.ELOOP: "stien har for mange symbolske lenker",
    errno.EMFILE: "for mange åpne filer",
}
if hasattr(errno, "EDQUOT"):
    REASONS[errno.EDQUOT] = "ingen plass igjen (diskkvoten er brukt opp)"
_READ_REASONS = {errno.EACCES: "ingen lesetilgang", errno.ENOENT: "finnes ikke"}
_WINDOWS_IN_USE = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (open in Excel, say)


class WriteFailed(OSError):
    """A file that could not be written: ``errno`` as the operating system gave it,
    ``strerror`` the reason in Norwegian and ``filename`` the file the leader chose.
    ``str()`` is the whole message: ``p.legevakt.json: kan ikke skrive (ingen plass igjen på
    disken)``."""

    def __str__(self) -> str:
        return cannot_write(self.filename, self)


class FileChanged(WriteFailed):
    """The file was changed (or removed) on disk since it was read, so it was not written:
    saving would throw away what the other program, command or window put there.
    ``gone``: it is not there at all now."""

    def __init__(self, path: str | os.PathLike[str], gone: bool = False) -> None:
        reason = (CHANGED_GONE if gone else CHANGED_REASON) + "; den er ikke overskrevet"
        super().__init__(getattr(errno, "ESTALE", 0), reason, str(path))
        self.gone = gone


CHANGED_REASON = ("filen er endret på disken etter at den ble lest (av et annet program, en "
                  "annen kommando eller et annet Legevakt-vindu)")
CHANGED_GONE = "filen er slettet eller flyttet etter at den ble lest"


def changed_text(err: FileChanged) -> str:
    """«FIL er endret på disken etter at den ble lest …» (no «kan ikke lagre» before it)."""
    what = CHANGED_GONE if err.gone else CHANGED_REASON
    return f"{err.filename}: {what}"


def previous_version(saved: object) -> str | None:
    """Where a save kept the file's previous version, for the message after «Lagret …»:
    «forrige versjon i p.json.bak», or that it could not be kept; None when there was no
    previous version (a new file) or no backup was asked for. ``saved`` is a
    :class:`legevakt_app.project_io.Saved`."""
    backup = getattr(saved, "backup", None)
    problem = getattr(saved, "backup_problem", None)
    if backup is not None:
        return f"forrige versjon i {backup}" + (f"; {problem}" if problem else "")
    if problem:
        return f"NB: forrige versjon kunne ikke tas vare på: {problem}"
    return None


def os_reason(err: OSError, reading: bool = False) -> str:
    """What the operating system refused, in Norwegian (the path is the caller's to name)."""
    if isinstance(err, WriteFailed):
        return str(err.strerror)
    if getattr(err, "winerror", None) in _WINDOWS_IN_USE:
        return "filen er i bruk av et annet program (lukk den der og prøv igjen)"
    code = err.errno or 0
    if reading and code in _READ_REASONS:
        return _READ_REASONS[code]
    if code in REASONS:
        return REASONS[code]
    return f"feil fra operativsystemet (kode {code})" if code else "ukjent feil ved skriving"


def cannot_write(path: object, err: OSError, verb: str = "skrive") -> str:
    """``FIL: kan ikke skrive (ingen plass igjen på disken)``; ``verb`` «lagre», «eksportere» …"""
    return f"{path}: kan ikke {verb} ({os_reason(err)})"


def write_failed(path: str | os.PathLike[str], err: OSError) -> WriteFailed:
    """``err`` as a :class:`WriteFailed` about ``path`` (the target, not a temporary file)."""
    if isinstance(err, WriteFailed):
        return err
    return WriteFailed(err.errno or 0, os_reason(err), str(path))


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def check_writable(path: str | os.PathLike[str], folder_access: bool = True) -> None:
    """Raise :class:`WriteFailed`, before anything is written, when ``path`` cannot be (or must
    not be) replaced by a new file: it is a folder, a device or other special file, a file
    marked read-only; or its folder is missing or (``folder_access``) not writable."""
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise write_failed(target, err) from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise WriteFailed(errno.EISDIR, "er en mappe; oppgi et filnavn", str(target))
        if not stat.S_ISREG(info.st_mode):
            raise WriteFailed(errno.EINVAL, "er en enhet eller en annen spesialfil, ikke en "
                              "vanlig fil, og overskrives ikke", str(target))
        # the write bits, not only os.access: for root (or an administrator) os.access says
        # yes to any file, and a file marked read-only is still not to be replaced
        no_write_bits = not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        if no_write_bits or not os.access(target, os.W_OK):
            raise WriteFailed(errno.EACCES, "filen er skrivebeskyttet", str(target))
    folder = _folder(target)
    if not folder.is_dir():
        raise WriteFailed(errno.ENOENT, _no_folder(folder), str(target))
    if folder_access and not os.access(folder, os.W_OK | os.X_OK):
        raise WriteFailed(errno.EACCES, f"ingen skrivetilgang til mappen {folder}", str(target))


def _no_folder(folder: Path) -> str:
    """«mappen … finnes ikke», or that the name is a file, where the folder would be."""
    if folder.exists():
        return f"{folder} er en fil, ikke en mappe"
    return f"mappen {folder} finnes ikke"


def looks_like_project(path: Path) -> bool:
    """A Legevakt project file (it starts with its ``schema_version``)."""
    try:
        if not Path(path).is_file():
            return False
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return b'"schema_version"' in head


EXPORT_SUFFIXES = {"xlsx": (".xlsx", "en Excel-arbeidsbok"), "pdf": (".pdf", "en PDF"),
                   "result": (".json", "en resultatfil")}


def output_problem(out: str | os.PathLike[str], sources: Sequence[Path] = (),
                   kind: str | None = None) -> str | None:
    """Why ``out`` must not be written by an export or a result file, in Norwegian (None: it
    may): a folder, a missing or unwritable folder, a special file, the file being read, a
    project file, or (``kind`` «xlsx», «pdf», «result») a name that does not end in the
    format's own extension. The command line and the app refuse the same targets."""
    target = Path(out)
    if target.is_dir():
        return "er en mappe; oppgi et filnavn"
    if kind in EXPORT_SUFFIXES:
        suffix, what = EXPORT_SUFFIXES[kind]
        if not target.name.lower().endswith(suffix):
            return (f"{what} må ha et filnavn som slutter på {suffix}; velg et annet filnavn "
                    "(ingenting er skrevet)")
    folder = target.resolve().parent
    if not folder.is_dir():
        return _no_folder(folder)
    if target.exists():
        for source in sources:
            try:
                if source.exists() and os.path.samefile(target, source):
                    return "er filen det leses fra; velg et annet filnavn"
            except OSError:
                continue
        if looks_like_project(target):
            return "er en prosjektfil, og den overskrives ikke; velg et annet filnavn"
        if (lock := open_elsewhere(target)) is not None:
            return (f"er åpen i et annet program (låsefilen {lock.name} ligger ved siden av); "
                    "lukk den der, eller velg et annet filnavn (ingenting er skrevet)")
    try:
        check_writable(target)
    except WriteFailed as err:
        return str(err.strerror)
    return None


def open_elsewhere(target: Path) -> Path | None:
    """The lock file of a spreadsheet or office program that has ``target`` open (None: none):
    LibreOffice's ``.~lock.NAME#``, Excel's ``~$NAME``. The file itself is not locked on Linux
    or macOS, so an export would replace it under the program, which then saves its own copy
    over the export (QA audit: a workbook open in LibreOffice was overwritten silently)."""
    for name in (f".~lock.{target.name}#", f"~${target.name}"):
        lock = target.parent / name
        if lock.is_file():
            return lock
    return None


def ics_dir_problem(folder: str | os.PathLike[str]) -> str | None:
    """Why the calendar files cannot go into ``folder`` (None: they can); the CLI and the app
    both ask."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        return "er en fil, ikke en mappe"
    if target.is_dir() and not os.access(target, os.W_OK | os.X_OK):
        return "ingen skrivetilgang til mappen"
    parent = target.resolve().parent
    if not target.exists() and not parent.is_dir():
        # only the last folder is made, as a file dialog would: a typo in the path is not
        # made into a tree of folders
        return _no_folder(parent)
    if not target.exists() and not os.access(parent, os.W_OK | os.X_OK):
        return f"ingen skrivetilgang til mappen {parent}"
    return None
