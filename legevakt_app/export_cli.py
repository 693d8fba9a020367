"""``legevakt export SOURCE [--xlsx FILE] [--pdf FILE] [--ics-dir DIR]``.

SOURCE is a result file (``legevakt-rota/1``), or a project file / sample name: its stored
rota, or a fresh solve when it has none. Exit codes as in :mod:`legevakt_app.cli`.
"""

from __future__ import annotations

import argparse
import sys

from legevakt_app.cli import EXIT_NO_ROTA, EXIT_OK, UserError
from legevakt_app.rota_source import NoRota, load_source

__all__ = ["NoRota", "load_source", "run_export"]


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
