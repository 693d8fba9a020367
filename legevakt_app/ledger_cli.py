"""``legevakt ledger PROSJEKT [set LEGE --hours T --nights N …]``: show the doctors' vaktregnskap
carried from earlier periods, or change one doctor's, as the ledger columns of the app's Leger
table do (:mod:`legevakt_app.ledger_edit`), and save the project.

Exit codes: 0 shown, changed and saved (or nothing to change), 2 bad input — an unknown or
ambiguous doctor, a value that is not a number, a date or a høytid, one outside what the file
format takes, a bundled sample, a file that cannot be written or was changed on disk since it
was read (nothing saved).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from legevakt_app.cli import (
    EXIT_OK,
    UserError,
    how_to_change,
    refuse_unchangeable,
    resolve_path,
    save_or_refuse,
)
from legevakt_app.ledger_edit import LEDGER_FIELDS, LedgerRefused, show_value

if TYPE_CHECKING:
    from legevakt_app.domain import Project
    from legevakt_app.project_io import FileStamp

METAVARS = {"load_balance": "TIMER", "nights": "ANTALL", "weekends": "ANTALL",
            "high_days": "ANTALL", "had_high_days": "HØYTIDER", "last_vakt_end": "TID",
            "earlier_duty_days": "DAGER"}
FIELD_HELP = {
    "load_balance": "vektede vakttimer over (+) eller under (−) rettferdig andel; + gir mindre "
                    "belastning denne perioden (et negativt tall med komma skrives "
                    "--hours=-12,5)",
    "nights": "netter over (+) eller under (−) rettferdig antall",
    "weekends": "vakter i helg over (+) eller under (−) rettferdig antall",
    "high_days": "høytidsvakter over (+) eller under (−) rettferdig antall",
    "had_high_days": "høytidene legen hadde vakt i sist (jul, nyttår, påske, pinse, 17. mai), "
                     "skilt med komma; de går til de andre denne gangen når det går; – for ingen",
    "last_vakt_end": "når legens siste vakt i forrige periode sluttet (minste hviletid regnes "
                     "videre inn i denne perioden); – når den ikke er kjent",
    "earlier_duty_days": "dagene legens vakter begynte de siste 31 dagene før periodens start, "
                         "skilt med komma (en dag uten år er en av de 31); de regnes med i "
                         "vakthyppigheten; – for ingen",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``legevakt ledger``."""
    p.description = ("Uten HANDLING vises hver leges vaktregnskap fra tidligere perioder, under "
                     "kolonnenavnene i Leger-tabellen; «set» endrer en leges og lagrer.")
    # argparse writes an optional subcommand as if it were required («PROSJEKT HANDLING ...»)
    p.usage = "%(prog)s [-h] PROSJEKT [HANDLING ...]"
    p.add_argument("project", metavar="PROSJEKT", help="prosjektfil eller navnet på et eksempel")
    actions = p.add_subparsers(dest="action", metavar="HANDLING", title="handlinger")
    a = actions.add_parser("set", help="endre en leges vaktregnskap (bare verdiene som gis) og "
                           "lagre prosjektet (trygt, med sikkerhetskopi)")
    a.add_argument("doctor", metavar="LEGE",
                   help="legen: id (lege01) eller navn (Kari Nordeng; starten av for- eller "
                   "etternavn holder)")
    for field in LEDGER_FIELDS:
        a.add_argument(field.option, dest=field.attr, metavar=METAVARS[field.attr],
                       help=f"«{field.label}» i Leger-tabellen: {FIELD_HELP[field.attr]} "
                       f"(f.eks. {field.example})")


def run_ledger(args: argparse.Namespace) -> int:
    from legevakt_app.project_io import load_project_stamped

    path = resolve_path(args.project)
    if args.action == "set":
        refuse_unchangeable(path, "og endre vaktregnskapet i kopien")
    project, stamp = load_project_stamped(path)
    if args.action != "set":
        for line in ledger_lines(project, path):
            print(line)
        return EXIT_OK
    return _set(args, path, project, stamp)


def ledger_lines(project: Project, path: Path) -> list[str]:
    """Every doctor's vaktregnskap, one line each, under the Leger table's column labels: the
    balances right-aligned, the rest left-aligned."""
    p = project.period
    headings = ("Id", "Lege", *(f.label for f in LEDGER_FIELDS))
    rows = [headings] + [(d.id, d.name, *(show_value(f.attr, getattr(d.ledger, f.attr))
                                          for f in LEDGER_FIELDS))
                         for d in project.doctors]
    widths = [max(len(r[c]) for r in rows) for c in range(len(headings))]
    numeric = range(2, 6)  # the four balances

    def cell(c: int, text: str) -> str:
        return text.rjust(widths[c]) if c in numeric else text.ljust(widths[c])

    lines = [f"Vaktregnskap fra tidligere perioder, {project.district.name} "
             f"{p.start:%d.%m.%Y}–{p.end:%d.%m.%Y} (pluss = over rettferdig andel, tar mindre "
             "denne perioden; minus = under):"]
    lines += ["  ".join(cell(c, text) for c, text in enumerate(r)).rstrip() for r in rows]
    if not project.doctors:
        lines.append("(ingen leger)")
    lines.append(how_to_change(path, "ledger", "set LEGE --hours TIMER --nights ANTALL …"))
    return lines


def _set(args: argparse.Namespace, path: Path, project: Project, stamp: FileStamp) -> int:
    from legevakt_app.ledger_edit import with_ledger
    from legevakt_app.rota_breaks import print_saved
    from legevakt_app.rota_edit import EditError, find_doctor

    typed = {f.attr: getattr(args, f.attr) for f in LEDGER_FIELDS
             if getattr(args, f.attr) is not None}
    if not typed:
        raise UserError("set: si hva som skal endres: "
                        + ", ".join(f.option for f in LEDGER_FIELDS) + "; ingenting er lagret")
    try:
        doctor = find_doctor(project.doctors, args.doctor, "LEGE")
    except EditError as err:
        raise UserError(f"{err}; ingenting er lagret") from None
    try:
        after = with_ledger(project, doctor.id, typed)
    except LedgerRefused as err:
        said = [f"{f.option} ({f.label}): {why}" if f is not None else why
                for f, why in err.problems]
        if len(said) == 1:
            raise UserError(f"{doctor.name}: {said[0]}; ingenting er lagret") from None
        raise UserError(f"{doctor.name}: {len(said)} verdier kan ikke brukes; ingenting er "
                        "lagret:\n" + "\n".join(f"  {line}" for line in said)) from None
    new = after.doctor(doctor.id).ledger
    changes = [f"  {f.label}: {show_value(f.attr, getattr(doctor.ledger, f.attr))} → "
               f"{show_value(f.attr, getattr(new, f.attr))}"
               for f in LEDGER_FIELDS if getattr(doctor.ledger, f.attr) != getattr(new, f.attr)]
    if not changes:
        print(f"Ingenting er endret: {doctor.name} ({doctor.id}) har alt disse verdiene i "
              "vaktregnskapet; ingenting er lagret.")
        return EXIT_OK
    saved = save_or_refuse(after, path, stamp, "vaktregnskapet er ikke lagret (det ville "
                           "overskrevet den endringen)")
    print(f"Vaktregnskapet til {doctor.name} ({doctor.id}) er endret:")
    for line in changes:
        print(line)
    # the carried moments are rules for the rota (rest, spacing); the balances are not
    print_saved(project, after, path, saved, "vaktregnskapet regnes med når turnusen lages på "
                "nytt")
    return EXIT_OK
