"""``legevakt export SOURCE [--xlsx FILE] [--pdf FILE] [--ics-dir DIR] [--result FILE]`` and
``legevakt import PROJECT FILE [--kind leger|fravaer] [--apply]``.

SOURCE is a result file (``legevakt-rota/1``), or a project file / sample name: its stored
rota, or a fresh solve when it has none. Import shows what a doctor or absence list would
change and every problem in it; only ``--apply`` (the leader's acceptance) saves the
project, and only when the file has no problems. Exit codes as in :mod:`legevakt_app.cli`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from legevakt_app.cli import (
    EXIT_BAD_INPUT,
    EXIT_NO_ROTA,
    EXIT_OK,
    UserError,
    guard_output,
    make_rota_advice,
    refuse_sample,
    resolve_path,
    save_or_refuse,
)
from legevakt_app.file_errors import (
    FileChanged,
    cannot_write,
    changed_text,
    ics_dir_problem,
    looks_like_project,
    previous_version,
)
from legevakt_app.rota_source import NoRota, load_source, rule_breaks_note
from legevakt_app.snapshots import calendar_note, has_unpublished_changes

if TYPE_CHECKING:
    from legevakt_app.domain import SentCalendar
    from legevakt_app.export.ics import ChangedCalendars
    from legevakt_app.reports.scenarios import Scenario, ScenarioComparison
    from legevakt_app.reports.threshold import NeedEstimate
    from legevakt_app.rota_source import RotaSource

__all__ = ["NoRota", "add_import_arguments", "load_source", "run_export", "run_import"]


def run_export(args: argparse.Namespace) -> int:
    from legevakt_app.report_cli import report_time_limit

    result_out = getattr(args, "result", None)
    targets = [args.xlsx, args.pdf, args.ics_dir, result_out]
    if not any(targets):
        raise UserError("ingenting å eksportere: gi --xlsx FIL, --pdf FIL, --ics-dir MAPPE "
                        "og/eller --result FIL")
    args.time_limit = report_time_limit(args)  # more than 0 seconds, as solve and report ask
    source_path = resolve_path(args.source)
    for option, out, kind in (("--xlsx", args.xlsx, "xlsx"), ("--pdf", args.pdf, "pdf"),
                              ("--result", result_out, "result")):
        if out:  # before any solving: nothing is written when one of them is wrong
            guard_output(option, out, [source_path], kind)
    if result_out and source_path.is_file() and not looks_like_project(source_path):
        raise UserError(f"--result: {source_path.name} er alt en resultatfil; kopier den, "
                        "eller eksporter fra prosjektfilen (ingenting er skrevet)")
    if args.ics_dir and (problem := ics_dir_problem(args.ics_dir)) is not None:
        raise UserError(f"--ics-dir {args.ics_dir}: {problem}")
    only_changed = bool(getattr(args, "only_changed", False))
    if only_changed and not args.ics_dir:
        raise UserError("--only-changed gjelder kalenderfilene: gi --ics-dir MAPPE")
    if args.publish:
        _can_publish(source_path)
    scenarios = _asked_scenarios(args)  # a bad --scenario is refused before any solving
    try:
        source = load_source(args.source, time_limit=args.time_limit)
    except NoRota as err:
        print(str(err), file=sys.stderr)
        return EXIT_NO_ROTA
    if not source.has_rota:
        print(f"{args.source}: turnusen er tom; ingenting å eksportere", file=sys.stderr)
        return EXIT_NO_ROTA
    # the calendars of the rota stored in a project: what they hold is kept in it (saved below)
    record = bool(args.ics_dir) and _records_calendars(source, source_path)
    if record:
        _can_record(source_path)
    if only_changed and not record:
        raise UserError("--only-changed: bare et prosjekt med lagret turnus husker hva "
                        "kalenderne som er sendt ut, holder; eksporter alle, eller fra "
                        "prosjektfilen (ingenting er skrevet)")
    if (note := rule_breaks_note(source)) is not None:
        print(note, file=sys.stderr)
    if args.xlsx or args.pdf:
        source.doctors_needed = _doctors_needed(args, source)
        source.scenarios = _scenario_comparison(args, source, scenarios)
    option, target = "", ""
    sent: dict[str, SentCalendar] = {}  # doctor id → what her calendar file holds
    try:
        if args.xlsx:
            from legevakt_app.export.xlsx import export_xlsx

            option, target = "--xlsx", args.xlsx
            path = export_xlsx(source, args.xlsx)
            print(f"Excel: {path}")
        if args.pdf:
            from legevakt_app.ui.pdf_export import export_pdf

            option, target = "--pdf", args.pdf
            path = export_pdf(source, args.pdf)
            print(f"PDF: {path}")
        if args.ics_dir:
            from legevakt_app.export.ics import (
                changed_calendars,
                former_doctors,
                former_doctors_text,
                write_ics_sent,
            )
            from legevakt_app.export.layout import build_layout

            option, target = "--ics-dir", args.ics_dir
            layout = build_layout(source)
            whose = changed_calendars(source, layout) if only_changed else None
            paths, sent = (([], {}) if whose is not None and not whose.doctor_ids else
                           write_ics_sent(source, args.ics_dir, layout=layout,
                                          doctor_ids=None if whose is None else whose.doctor_ids))
            if whose is not None:
                print(_only_changed_text(whose, args.ics_dir))
            else:
                gone = former_doctors(source, layout)  # their files are among the paths
                print(f"Kalender: {len(paths)} .ics-filer i {args.ics_dir}"
                      + (f", {former_doctors_text(list(gone.values()))}" if gone else ""))
            older = sorted(p.name for p in Path(args.ics_dir).glob("*.ics") if p not in paths)
            if older and whose is None:  # not this rota's: one sent from here is out of date
                shown = ", ".join(older[:3]) + (" …" if len(older) > 3 else "")
                what = ("én annen .ics-fil" if len(older) == 1
                        else f"{len(older)} andre .ics-filer")
                print(f"Merk: {args.ics_dir} har også {what} fra før, som ikke er fra denne "
                      f"turnusen ({shown}).", file=sys.stderr)
        if result_out:
            from legevakt_app.rota_source import write_result_file

            option, target = "--result", result_out
            # a rota made now: the engine's own figures; a stored one: its project's record
            write_result_file(result_out, source, source.engine_result)
            print(f"Resultatfil: {result_out}")
    except OSError as err:
        raise UserError(f"{option} {cannot_write(target, err)}") from None
    _save_export(args, source, source_path, sent if record else None)
    if args.ics_dir and not args.publish and source.project is not None and (note := calendar_note(
            source.project, "eksporter med --publish, eller Turnus → Publiser i appen")):
        print(f"Merk: {note}.", file=sys.stderr)
    elif args.ics_dir and source.project is None:  # a result file: no project to keep it in
        print("Merk: en resultatfil husker ikke hva kalenderne holder. Flyttes en vakt senere, "
              "avlyses den bare i kalenderne hvis det som sendes ut nå, eksporteres fra "
              "prosjektfilen.", file=sys.stderr)
    if looks_like_project(source_path) and not (source.project is not None
                                                and source.project.rota):
        print(f"Merk: {source_path} har ingen lagret turnus; denne ble laget nå og er ikke "
              f"lagret. Før noe sendes ut: {make_rota_advice(source_path)}, og eksporter igjen, "
              "så det som sendes ut er turnusen som gjelder.", file=sys.stderr)
    return EXIT_OK


def _only_changed_text(whose: ChangedCalendars, folder: str) -> str:
    """What ``--only-changed`` wrote: the doctors whose calendar changed since the last export
    (the files to send), and how many were the same and not written."""
    n = len(whose.doctor_ids)
    if not n:
        return ("Kalender: ingen kalender er endret siden forrige eksport; ingen .ics-filer "
                f"skrevet i {folder}")
    return (f"Kalender: {n} .ics-{'fil' if n == 1 else 'filer'} i {folder}, bare de endrede "
            f"siden forrige eksport — send dem til {', '.join(whose.names)}"
            + (f" ({whose.unchanged} uendret, ikke skrevet)" if whose.unchanged else ""))


def _records_calendars(source: RotaSource, path: Path) -> bool:
    """Whether the calendars of ``source`` are kept in its project file: the rota stored in a
    project of the leader's (not one made now from a project without it, not a bundled sample,
    not a result file)."""
    from legevakt_app.cli import is_bundled_sample

    return (source.project is not None and bool(source.project.rota)
            and looks_like_project(path) and not is_bundled_sample(path))


def _can_record(path: Path) -> None:
    """Refuse calendars, before anything is written, when the project cannot keep what they
    hold: a later move could not be cancelled in them."""
    from legevakt_app.file_errors import WriteFailed, check_writable

    try:
        check_writable(path)
    except WriteFailed as err:
        raise UserError(f"--ics-dir: {cannot_write(path, err, 'lagre')}; hva kalenderne holder, "
                        "lagres i prosjektet, så en vakt som flyttes senere, kan avlyses i dem. "
                        "Ingenting er eksportert") from None


def _save_export(args: argparse.Namespace, source: RotaSource, path: Path,
                 sent: dict[str, SentCalendar] | None) -> None:
    """Save into the project what the export did: the rota published (``--publish``) and what
    the calendars hold (``sent``; None: nothing to keep). Nothing new: nothing saved. A save
    that fails leaves the file as it was, and says so."""
    from legevakt_app.project_io import save_project
    from legevakt_app.snapshots import publish_snapshot, record_calendars, whom_to_tell

    project = source.project
    publishing = bool(args.publish) and project is not None and has_unpublished_changes(project)
    if args.publish and not publishing:
        print(f"Publisert: turnusen i {path} er alt publisert slik den er")
    if project is None:
        return
    after, told = project, ""
    if publishing:
        told = whom_to_tell(project)  # before: the snapshot then holds the changes
        after = publish_snapshot(after)
    if sent is not None:
        after = record_calendars(after, sent)
    if after is project:
        return
    option = "--publish" if publishing else "--ics-dir"
    unsaved = (" Kalenderfilene er skrevet, men hva de holder, er ikke lagret i prosjektet: "
               "eksporter igjen før du sender dem." if sent is not None else "")
    try:
        saved = save_project(after, path, expected=source.stamp)
    except FileChanged as err:
        what = ("Turnusen er ikke lagret som publisert" if publishing
                else "Hva kalenderne holder, er ikke lagret")
        again = ("eksporter og publiser igjen" if publishing
                 else "eksporter igjen før kalenderne sendes")
        raise UserError(f"{option}: {changed_text(err)}. {what} (det ville overskrevet den "
                        "endringen), og filen er som den andre endringen gjorde den. Det som er "
                        f"eksportert, er turnusen slik den var før endringen: {again}") from None
    except OSError as err:
        raise UserError(f"{option}: {cannot_write(path, err, 'lagre')}; filen er som før."
                        f"{unsaved}".rstrip(".")) from None
    kept = previous_version(saved)
    if publishing:
        print(f"Publisert: turnusen er lagret som kunngjort i {path}"
              + (f" ({kept})" if kept else ""))
        if told:
            print(f"{told}.")
    else:
        print(f"Lagret i {path} hva kalenderne holder, så en vakt som flyttes senere, avlyses "
              "i dem" + (f" ({kept})" if kept else ""))


def _doctors_needed(args: argparse.Namespace, source: RotaSource) -> NeedEstimate | None:
    """--need: the engine's answer for the Terskel sheet (the report's); --need-from: one the
    app computed (its JSON); neither: None, the sheet then counts duty days only."""
    if getattr(args, "need_from", None):
        from legevakt_app.reports.threshold import need_from_dict

        try:
            return need_from_dict(json.loads(Path(args.need_from).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as err:
            raise UserError(f"--need-from {args.need_from}: kan ikke leses ({err})") from None
    if getattr(args, "need", False):
        from legevakt_app.report_cli import engine_need

        return engine_need(source, 4, args.time_limit)
    return None


def _asked_scenarios(args: argparse.Namespace) -> list[Scenario]:
    """``--scenarios`` / ``--scenario NAVN=ENDRING[:TALL]``, read and checked as ``legevakt
    report`` does; they go in the workbook and the PDF, so one of those must be asked for."""
    from legevakt_app.report_cli import asked_scenarios

    scenarios = asked_scenarios(args)
    if scenarios and not (args.xlsx or args.pdf):
        raise UserError("--scenarios og --scenario gjelder Excel og PDF: gi --xlsx FIL "
                        "og/eller --pdf FIL")
    if scenarios and getattr(args, "scenarios_from", None):
        raise UserError("gi enten --scenarios/--scenario eller --scenarios-from, ikke begge")
    return scenarios


def _scenario_comparison(args: argparse.Namespace, source: RotaSource,
                         scenarios: list[Scenario]) -> ScenarioComparison | None:
    """The «Scenarier» of the workbook and the PDF: ``scenarios`` solved now, as ``legevakt
    report`` solves them (deterministic, --time-limit / 2 s each); --scenarios-from: those
    the app solved (its JSON); neither: None, no «Scenarier»."""
    if getattr(args, "scenarios_from", None):
        from legevakt_app.reports.scenarios import comparison_from_dict

        try:
            return comparison_from_dict(json.loads(
                Path(args.scenarios_from).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as err:
            raise UserError(f"--scenarios-from {args.scenarios_from}: kan ikke leses "
                            f"({err})") from None
    if not scenarios:
        return None
    from legevakt_app.report_cli import engine_scenarios

    return engine_scenarios(source, scenarios, args.time_limit)


def _can_publish(path: Path) -> None:
    """Refuse --publish, before anything is written, for what cannot take a snapshot."""
    if not looks_like_project(path):
        raise UserError(f"--publish: {path.name} er ikke en prosjektfil; bare et prosjekt kan "
                        "publiseres")
    refuse_sample("--publish", path, "og publiser kopien")
    from legevakt_app.file_errors import WriteFailed, check_writable

    try:
        check_writable(path)
    except WriteFailed as err:
        raise UserError(f"--publish: {cannot_write(path, err, 'lagre')}") from None
    from legevakt_app.project_io import load_project

    if not load_project(path).rota:
        raise UserError(f"--publish: {path.name} har ingen lagret turnus å publisere; "
                        f"{make_rota_advice(path)}")


IMPORT_KINDS = {"leger": "doctors", "fravaer": "absences"}


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``legevakt import`` (for the command-line parser)."""
    parser.add_argument("project", metavar="PROSJEKT",
                        help="prosjektfilen (.legevakt.json) det skal importeres til")
    parser.add_argument("file", metavar="FIL", help="lege- eller fraværsliste (.xlsx eller .csv; "
                        "se resources/templates/README.md)")  # fmt: skip
    parser.add_argument("--kind", choices=sorted(IMPORT_KINDS),
                        help="hva filen inneholder (standard: ut fra kolonneoverskriftene)")  # fmt: skip
    parser.add_argument("--replace", action="store_true",
                        help="fravær: filen er hele listen, for legene i den og fraværstypene "
                        "den har, i turnusperioden: det som er lagret og ikke står i filen, "
                        "fjernes, og et fravær med andre dager i filen (kortere ferie) får "
                        "filens dager (uten dette legges fravær bare til eller forlenges)")
    parser.add_argument("--apply", action="store_true",
                        help="lagre importen i prosjektet (bare om filen er uten problemer; den "
                        "gamle filen beholdes som .bak)")  # fmt: skip


def run_import(args: argparse.Namespace) -> int:
    """Preview (and with ``--apply`` save) an import: exit 0 ok, 2 problems in the file."""
    from legevakt_app.export.importer import (
        ImportRejected,
        apply_import,
        preview_import,
        row_details,
    )
    from legevakt_app.project_io import load_project_stamped
    from legevakt_app.rota_breaks import new_break_lines

    path = resolve_path(args.project)  # a sample name too: its preview is harmless
    if not path.is_file():
        raise UserError(f"{args.project}: finner ikke prosjektfilen")
    if args.apply:
        refuse_sample("--apply", path, "og importer til kopien")
    project, stamp = load_project_stamped(path)
    kind = IMPORT_KINDS[args.kind] if args.kind else None
    replace = bool(getattr(args, "replace", False))
    try:
        preview = preview_import(args.file, project, kind, replace=replace)
    except ImportRejected as err:
        raise UserError(str(err)) from None
    if replace and preview.kind != "absences":
        raise UserError("--replace gjelder bare fraværslister")
    details = row_details(preview, project) if not preview.problems else {}
    for item in preview.rows:
        more = f" — {details[item.row]}" if item.row in details else ""
        print(f"rad {item.row or '–'}: {item.action}: {item.text}{more}")
    for problem in preview.problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    print(preview.summary(), file=sys.stderr if preview.problems else sys.stdout)
    if preview.problems:
        return EXIT_BAD_INPUT
    if not preview.changes:  # (the summary said there is nothing to import)
        print(f"Ingenting er lagret: {path} er som før.")
        return EXIT_OK
    try:
        updated = apply_import(project, preview)
    except ImportRejected as err:
        raise UserError(str(err)) from None
    if not args.apply:
        for line in new_break_lines(project, updated, path, done=False):
            print(line)
        print("Ingenting er lagret; kjør igjen med --apply for å importere.")
        return EXIT_OK
    saved = save_or_refuse(updated, path, stamp, "ingenting er importert (det ville "
                           "overskrevet den endringen)", untouched="ingenting er importert",
                           again="kjør importen igjen", prefix="--apply: ")
    kept = previous_version(saved)
    print(f"Importert og lagret i {path}" + (f" ({kept})" if kept else ""))
    for line in new_break_lines(project, updated, path, done=True):
        print(line)
    return EXIT_OK
