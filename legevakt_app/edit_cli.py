"""``legevakt edit PROSJEKT HANDLING ...``: change the stored rota by hand, as in the Turnus view —
give a shift to a doctor, take a doctor off, swap two doctors' vakter, lock and unlock cells —
and save the project.

A cell changed by hand is locked at once, so a new solve keeps it. The edited rota is
re-checked by the independent checker and every rule the edit breaks is printed; the edit
is saved all the same, as in the app (the leader may be half-way: a doctor taken off before
another is given the vakt), unless ``--strict``. Exit codes: 0 done (or nothing to do), 1
``--strict`` refused an edit that breaks a rule (nothing saved), 2 bad input — a shift or
doctor not found or ambiguous, no stored rota, a file that cannot be written (nothing saved).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from legevakt_app.cli import (
    EXIT_NO_ROTA,
    EXIT_OK,
    UserError,
    make_rota_advice,
    refuse_unchangeable,
    resolve_path,
    save_or_refuse,
)
from legevakt_app.file_errors import previous_version
from legevakt_app.rota_edit import ROLES, SHIFT_FORMS, EditError
from legevakt_app.wording import count

if TYPE_CHECKING:
    from legevakt_app.domain import Project, PublishedAssignment
    from legevakt_app.project_io import FileStamp
    from legevakt_app.rota_edit import Edit
    from solver.checker import Violation
    from solver.problem import Problem, Rota, Shift

LISTED_CELLS = 10  # cells named one by one by lock/unlock; more are counted

SHIFT_HELP = (f"vakten: {SHIFT_FORMS}; DATO er dagen vakten begynner (ÅÅÅÅ-MM-DD, dd.mm.åååå "
              "eller dd.mm), VAKTTYPE vakttypens id eller navn (eller starten av det)")
DOCTOR_HELP = "legen: id (lege01) eller navn (Kari Nordeng; starten av for- eller etternavn holder)"


def _common(p: argparse.ArgumentParser, role: bool = True) -> None:
    if role:
        p.add_argument("--role", choices=ROLES, default="vakt",
                       help="vakt (standard) eller bakvakt")
    p.add_argument("--dry-run", action="store_true",
                   help="vis endringen og kontrollen, men lagre ingenting")
    p.add_argument("--strict", action="store_true",
                   help="lagre bare om endringen ikke gir nye regelbrudd (ellers kode 1)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``legevakt edit``."""
    p.add_argument("project", metavar="PROSJEKT", help="prosjektfil med lagret turnus")
    actions = p.add_subparsers(dest="action", metavar="HANDLING", title="handlinger",
                               required=True)

    a = actions.add_parser("give", help="gi en vakt (eller bakvakt) til en lege; den som stod "
                           "der, tas av")
    a.add_argument("shift", metavar="VAKT", help=SHIFT_HELP)
    a.add_argument("doctor", metavar="LEGE", help=DOCTOR_HELP)
    a.add_argument("--instead-of", metavar="LEGE",
                   help="legen som skal av vakten (trengs når flere står på den; standard: en "
                   "ledig plass, ellers den ene legen som står der)")
    _common(a)

    a = actions.add_parser("remove", help="ta en lege av en vakt (plassen står ledig)")
    a.add_argument("shift", metavar="VAKT", help=SHIFT_HELP)
    a.add_argument("doctor", metavar="LEGE", nargs="?",
                   help="legen som skal av (trengs bare når flere står på vakten)")
    _common(a)

    a = actions.add_parser("swap", help="bytt vakter mellom to leger: legen på VAKT_A tar VAKT_B "
                           "og omvendt")
    a.add_argument("first", metavar="VAKT_A", help=SHIFT_HELP)
    a.add_argument("second", metavar="VAKT_B", help="den andre vakten, skrevet på samme måte")
    a.add_argument("--doctor-a", metavar="LEGE",
                   help="legen på VAKT_A som bytter (trengs når flere står på den)")
    a.add_argument("--doctor-b", metavar="LEGE",
                   help="legen på VAKT_B som bytter (trengs når flere står på den)")
    _common(a)

    for name, verb in (("lock", "lås"), ("unlock", "lås opp")):
        a = actions.add_parser(name, help=f"{verb} tildelinger i turnusen (en låst tildeling "
                               "beholdes av en ny løsing)")
        a.add_argument("shifts", metavar="VAKT", nargs="*",
                       help=f"vaktene som skal {'låses' if name == 'lock' else 'låses opp'}; "
                       "uten VAKT: alle som passer --doctor, --from og --to")
        a.add_argument("--doctor", metavar="LEGE", help="bare denne legens tildelinger")
        a.add_argument("--from", dest="start", metavar="DATO",
                       help="bare vakter som begynner denne dagen eller senere (dd.mm.åååå "
                       "eller dd.mm)")
        a.add_argument("--to", dest="end", metavar="DATO",
                       help="bare vakter som begynner denne dagen eller før (dd.mm.åååå "
                       "eller dd.mm)")
        a.add_argument("--role", choices=ROLES,
                       help="bare vakt eller bare bakvakt (standard: begge)")
        a.add_argument("--all", action="store_true", help="hele turnusen")
        _common(a, role=False)


def run_edit(args: argparse.Namespace) -> int:
    from legevakt_app.project_io import load_project_stamped

    path = resolve_path(args.project)
    if not args.dry_run:
        refuse_unchangeable(path, "og rediger kopien")
    project, stamp = load_project_stamped(path)
    if not project.rota:
        raise UserError(f"{path} har ingen lagret turnus å redigere; {make_rota_advice(path)}")
    try:
        return _edit(args, path, project, stamp)
    except EditError as err:
        raise UserError(f"{err}; ingenting er lagret") from None


def _edit(args: argparse.Namespace, path: Path, project: Project, stamp: FileStamp) -> int:
    from legevakt_app import rota_edit
    from legevakt_app.engine_input import build_problem, project_rota
    from solver.checker import check

    problem = build_problem(project)
    shifts = problem.shifts

    def shift(text: str, field: str = "VAKT") -> Shift:
        return rota_edit.find_shift(project, shifts, text, field)

    def doctor(text: str | None, field: str = "LEGE") -> str | None:
        return None if text is None else rota_edit.find_doctor(project.doctors, text, field).id

    if args.action == "give":
        edit = rota_edit.give(project, problem, shift(args.shift), args.role,
                              doctor(args.doctor), doctor(args.instead_of, "--instead-of"))
    elif args.action == "remove":
        edit = rota_edit.remove(project, problem, shift(args.shift), args.role, doctor(args.doctor))
    elif args.action == "swap":
        edit = rota_edit.swap(project, problem, shift(args.first, "VAKT_A"),
                              shift(args.second, "VAKT_B"), args.role,
                              doctor(args.doctor_a, "--doctor-a"), doctor(args.doctor_b, "--doctor-b"))
    else:
        edit = _lock(args, project, problem)
        if edit is None:
            return EXIT_OK
    after = project.model_copy(update={"rota": edit.rota})
    before_breaks = check(problem, project_rota(project))
    after_breaks = check(build_problem(after), project_rota(after))
    new, mended = rota_edit.added_violations(before_breaks, after_breaks)
    if args.strict and new:
        for line in edit.lines:
            print(line)
        print(f"Kontroll: ✖ endringen gir {count(len(new), 'nytt regelbrudd', 'nye regelbrudd')}:")
        _print_breaks(project, new, sys.stdout)
        print(f"Ingenting er lagret (--strict): endringen gir "
              f"{count(len(new), 'nytt regelbrudd', 'nye regelbrudd')}.", file=sys.stderr)
        return EXIT_NO_ROTA
    saved = None
    if not args.dry_run:
        saved = save_or_refuse(after, path, stamp, "endringen er ikke lagret (den ville "
                               "overskrevet det som ble endret)")
    for line in edit.lines:
        print(line)
    old = len(after_breaks) - len(new)
    if not after_breaks:
        mend = f" (retter {count(mended, 'regelbrudd', 'regelbrudd')})" if mended else ""
        print(f"Kontroll: ✔ turnusen oppfyller alle harde regler{mend}")
    elif new:
        print(f"Kontroll: ✖ endringen gir {count(len(new), 'nytt regelbrudd', 'nye regelbrudd')}:")
        _print_breaks(project, new, sys.stdout)
        lacking = sorted({v.shift_id for v in new if v.rule == "competence" and v.shift_id
                          and "bakvakt" in v.message and "(har 0)" in v.message})
        if lacking:  # what to do: the command that gives the vakt its bakvakt
            print(f"  Gi vakten en bakvakt: legevakt edit {path} give {lacking[0]} LEGE "
                  "--role bakvakt")
    else:
        mend = f"retter {count(mended, 'regelbrudd', 'regelbrudd')}; " if mended else ""
        print(f"Kontroll: ingen nye regelbrudd ({mend}turnusen har "
              f"{count(old, 'regelbrudd', 'regelbrudd')} fra før)")
    if old and new:
        print(f"  Turnusen har også {count(old, 'regelbrudd', 'regelbrudd')} fra før.")
    for line in _soft_lines(problem, project_rota(project), after):
        print(line)
    if after_breaks:
        print(f"  Alle regelbrudd: «legevakt check {path}», eller Kontroll i appen.")
    if args.dry_run:
        print("Prøvekjøring (--dry-run): ingenting er lagret.")
        return EXIT_OK
    if new:
        print("Lagret med regelbruddene, som i appen; med --strict lagres bare endringer uten "
              "nye regelbrudd.", file=sys.stderr)
    kept = previous_version(saved)
    print(f"Lagret i {path}" + (f" ({kept})" if kept else ""))
    if args.action not in ("lock", "unlock"):
        _published_note(after, path)
    return EXIT_OK


def _lock(args: argparse.Namespace, project: Project, problem: Problem) -> Edit | None:
    """The lock/unlock edit, or None (printed why) when every cell chosen is already so."""
    from legevakt_app import rota_edit

    lock = args.action == "lock"
    if not (args.shifts or args.doctor or args.start or args.end or args.all):
        raise EditError(f"{args.action}: si hvilke tildelinger: VAKT, --doctor, --from/--to "
                        "eller --all")
    for name, attr in (("--from", "start"), ("--to", "end")):
        text = getattr(args, attr)
        if isinstance(text, str):  # dd.mm like VAKT, read against the period
            try:
                setattr(args, attr, rota_edit.parse_day(text, project.period.start, project.period.end))
            except ValueError as err:
                raise EditError(f"{name}: {err}") from None
    if args.start and args.end and args.end < args.start:
        raise EditError(f"--to {args.end:%d.%m.%Y} er før --from {args.start:%d.%m.%Y}")
    chosen_shifts = {rota_edit.find_shift(project, problem.shifts, text).id
                     for text in args.shifts}
    doctor = (rota_edit.find_doctor(project.doctors, args.doctor, "--doctor").id
              if args.doctor else None)
    days = {s.id: s.day for s in problem.shifts}

    def chosen(a: PublishedAssignment) -> bool:
        day = days.get(a.shift_id)
        return ((not chosen_shifts or a.shift_id in chosen_shifts)
                and (doctor is None or a.doctor_id == doctor)
                and (args.role is None or a.role == args.role)
                and (args.start is None or (day is not None and day >= args.start))
                and (args.end is None or (day is not None and day <= args.end)))

    edit, already = rota_edit.set_locked(project, problem, chosen, lock)
    state = "låst" if lock else "ulåst"
    if not edit.lines and not already:
        raise EditError(f"{args.action}: ingen tildelinger i turnusen passer det som er valgt")
    if not edit.lines:
        print(f"Ingenting er endret: {count(already, 'tildeling', 'tildelinger')} var alt "
              f"{state}; ingenting er lagret.")
        return None
    changed = len(edit.lines)
    if changed > LISTED_CELLS:
        edit.lines = edit.lines[:LISTED_CELLS] + [f"… og {changed - LISTED_CELLS} til"]
    was = f" ({already} var alt {state})" if already else ""
    keep = "; en ny løsing beholder dem" if lock else ""
    edit.lines.append(f"{'Låst' if lock else 'Låst opp'}: "
                      f"{count(changed, 'tildeling', 'tildelinger')}{was}{keep}")
    return edit


def _soft_lines(problem: Problem, before: Rota, after: Project) -> list[str]:
    """The soft spacing limits the edit goes further beyond (allowed, but counted in the
    fairness), as the app's doctor picker says: «myk regel: 1 vakt til tettere enn …»."""
    from legevakt_app.engine_input import project_rota
    from solver.checker import soft_breaches

    was = dict(soft_breaches(problem, before))
    return [f"  Myk regel (tillatt, men telt i fordelingen): {count(n - was.get(text, 0), 'vakt', 'vakter')}"
            f" til tettere enn {text}"
            for text, n in soft_breaches(problem, project_rota(after)) if n > was.get(text, 0)]


def _print_breaks(project: Project, violations: Sequence[Violation], out: TextIO) -> None:
    names = {d.id: d.name for d in project.doctors}
    for v in violations:
        name = names.get(v.doctor_id or "", "")
        who = f" ({name})" if name and name not in v.message else ""
        print(f"  - {v.rule_name}: {v.message}{who}", file=out)


def _published_note(project: Project, path: Path) -> None:
    from legevakt_app.snapshots import diff_against_latest

    diff = diff_against_latest(project)
    if diff is None or not diff.changed:
        return
    names = {d.id: d.name for d in project.doctors}
    who = sorted(names.get(d, d) for d in diff.affected_doctors())
    print(f"Merk: turnusen er publisert («{diff.snapshot_name}»), og "
          f"{count(len(who), 'lege', 'leger')} har nå vakter som er endret siden: "
          f"{', '.join(who)}. Send {'legen' if len(who) == 1 else 'dem'} de nye kalenderne («legevakt export {path} --ics-dir "
          "MAPPE --publish»); en vakt som er tatt fra en lege, avlyses i legens kalender.",
          file=sys.stderr)
