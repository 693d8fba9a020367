"""``legevakt export SOURCE [--xlsx FILE] [--pdf FILE] [--ics-dir DIR]``.

SOURCE is a result file (``legevakt-rota/1``), or a project file / sample name: its stored
rota, or a fresh solve when it has none. Exit codes as in :mod:`legevakt_app.cli`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from legevakt_app.cli import EXIT_NO_ROTA, EXIT_OK, UserError, resolve_path
from legevakt_app.rota_source import RotaSource

ROTA_FORMAT = "legevakt-rota/1"
SOLVE_TIME_LIMIT = 30.0  # seconds, for a project that has no rota yet


def _is_result_file(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            head = fh.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    return '"format"' in head and ROTA_FORMAT in head


def _load_result_file(path: Path) -> RotaSource:
    try:
        from solver import rota_file  # type: ignore[attr-defined]
    except ImportError:
        raise UserError(
            f"{path}: result files ({ROTA_FORMAT}) cannot be read by this build"
        ) from None
    for name in ("read_rota_file", "load_rota_file", "read_result", "load_result", "load"):
        reader = getattr(rota_file, name, None)
        if callable(reader):
            loaded = reader(path)
            if isinstance(loaded, RotaSource):
                return loaded
            to_source = getattr(loaded, "to_source", None) or getattr(loaded, "source", None)
            if callable(to_source):
                return to_source()
            if isinstance(to_source, RotaSource):
                return to_source
    raise UserError(f"{path}: no reader for {ROTA_FORMAT} files found")


def _solve_info(result: Any) -> dict[str, Any]:
    info: dict[str, Any] = {}
    for key in ("status", "objective", "bound", "gap", "wall_time", "time_limit"):
        value = getattr(result, key, None)
        if value is not None:
            info[key] = (
                getattr(value, "name", value) if not isinstance(value, int | float | str) else value
            )
    return info


def load_source(name: str, time_limit: float = SOLVE_TIME_LIMIT, quiet: bool = False) -> RotaSource:
    """The rota to export: from a result file, or a project (solving it if it has no rota).

    Raises :class:`UserError` / ``ProjectError`` for bad input and :class:`NoRota` when no
    rota exists and none can be made.
    """
    from legevakt_app.project_io import load_project
    from legevakt_app.rota_source import source_from_project

    path = resolve_path(name)
    if path.exists() and _is_result_file(path):
        return _load_result_file(path)
    project = load_project(path)
    source = source_from_project(project)
    if source.has_rota:
        source.solve_info.setdefault("status", "lagret i prosjektet")
        return source
    try:
        from solver.solve import solve  # type: ignore[import-not-found]
    except ImportError:
        raise NoRota(f"{path}: the project has no rota, and the engine is not available") from None
    if not quiet:
        print(f"{path}: no stored rota; solving (up to {time_limit:g} s) …", file=sys.stderr)
    started = time.perf_counter()
    result = solve(source.problem, time_limit=time_limit)
    rota = getattr(result, "rota", None)
    if rota is None or not rota.assignments:
        status = getattr(result, "status", "unknown")
        raise NoRota(f"{path}: no rota could be made (status {getattr(status, 'name', status)})")
    source.rota = rota
    source.solve_info = _solve_info(result)
    source.solve_info.setdefault("wall_time", round(time.perf_counter() - started, 2))
    return source


class NoRota(Exception):
    """There is no rota to export (exit code 1)."""


def run_export(args: argparse.Namespace) -> int:
    targets = [args.xlsx, args.pdf, args.ics_dir]
    if not any(targets):
        raise UserError("nothing to export: give --xlsx FILE, --pdf FILE and/or --ics-dir DIR")
    try:
        source = load_source(args.source, time_limit=args.time_limit)
    except NoRota as err:
        print(str(err), file=sys.stderr)
        return EXIT_NO_ROTA
    if not source.has_rota:
        print(f"{args.source}: the rota is empty; nothing to export", file=sys.stderr)
        return EXIT_NO_ROTA
    try:
        if args.xlsx:
            from legevakt_app.export.xlsx import export_xlsx

            path = export_xlsx(source, args.xlsx)
            print(f"Excel: {path}")
        if args.pdf:
            from legevakt_app.ui.pdf_export import export_pdf

            path = export_pdf(source, args.pdf)
            print(f"PDF: {path}")
        if args.ics_dir:
            from legevakt_app.export.ics import write_ics

            paths = write_ics(source, args.ics_dir)
            print(f"Kalender: {len(paths)} .ics-filer i {args.ics_dir}")
    except OSError as err:
        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        raise UserError(f"cannot write{where}: {err.strerror or err}") from None
    return EXIT_OK
