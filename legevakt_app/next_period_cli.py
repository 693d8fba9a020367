"""``legevakt next-period PROSJEKT --out NY``: the next period's project with the vaktregnskap
carried over (:mod:`legevakt_app.next_period`), and the carried ledger printed per doctor."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from legevakt_app.cli import EXIT_OK, UserError, make_rota_advice, resolve_path
from legevakt_app.file_errors import FileChanged, cannot_write, check_writable
from legevakt_app.next_period import (
    BALANCE_COLUMNS,
    LEDGER_HEADINGS,
    LEDGER_NOTE,
    Carried,
    ledger_rows,
)


def cli_date(text: str) -> date:
    """An argparse type: a date as dd.mm.åååå (as everywhere else) or ÅÅÅÅ-MM-DD."""
    from legevakt_app.export.importer import CellError, parse_date

    try:
        return parse_date(text)
    except CellError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", metavar="PROSJEKT",
                   help="prosjektfil med turnus (publisert, løst eller redigert for hånd)")
    p.add_argument("--out", required=True, metavar="FIL",
                   help="den nye prosjektfilen (.legevakt.json); en fil som finnes, overskrives "
                   "bare med --force")
    p.add_argument("--start", type=cli_date, metavar="DATO",
                   help="første dag i ny periode, dd.mm.åååå (standard: dagen etter denne periodens slutt)")
    p.add_argument("--end", type=cli_date, metavar="DATO",
                   help="siste dag i ny periode (standard: like lang som denne perioden)")
    p.add_argument("--force", action="store_true",
                   help="erstatt --out om den finnes (den gamle filen beholdes som .bak)")


def ledger_table(carried: Carried) -> str:
    """Each doctor's carried ledger, one line per doctor, every column as wide as its heading or
    its widest value: the balances right-aligned under their headings, the words left-aligned."""
    rows = [LEDGER_HEADINGS, *ledger_rows(carried)]
    widths = [max(len(r[c]) for r in rows) for c in range(len(LEDGER_HEADINGS))]

    def cell(c: int, text: str) -> str:
        return text.rjust(widths[c]) if c in BALANCE_COLUMNS else text.ljust(widths[c])

    return "\n".join("  ".join(cell(c, text) for c, text in enumerate(r)).rstrip() for r in rows)


def run_next_period(args: argparse.Namespace) -> int:
    from legevakt_app.next_period import NoRotaToCarry, next_period
    from legevakt_app.project_io import file_stamp, load_project, save_project

    source = resolve_path(args.project)
    project = load_project(source)  # a missing or bad project is said first
    out = Path(args.out)
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise UserError(f"--out {out}: er prosjektet det føres fra; velg en ny fil")
    if out.exists() and not args.force:
        raise UserError(f"--out {out}: finnes fra før; ingenting er lagret (bruk --force for å "
                        "erstatte den)")
    try:
        check_writable(out)
        out_stamp = file_stamp(out)  # a file made or changed there meanwhile is not replaced
    except OSError as err:
        raise UserError(f"--out {cannot_write(out, err, 'lagre')}") from None
    try:
        carried = next_period(project, args.start, args.end)
    except NoRotaToCarry as err:
        text = str(err)
        if not project.rota:  # «lag turnusen først», and how (not «først (lag den med …)»)
            text = (f"{text.removesuffix(': lag turnusen først')}: "
                    f"{make_rota_advice(source, first=True)}")
        # the option the date came from, as every other bad argument is named
        if args.end is not None and text.startswith("ny periode slutter"):
            text = f"--end {args.end:%d.%m.%Y}: {text}"
        elif args.start is not None and text.startswith("ny periode"):
            text = f"--start {args.start:%d.%m.%Y}: {text}"
        elif args.end is not None and text.startswith("ny periode"):
            text = f"--end {args.end:%d.%m.%Y}: {text}"
        raise UserError(text) from None
    try:
        save_project(carried.project, out, expected=out_stamp)
    except FileChanged:
        raise UserError(f"--out {out}: filen ble laget, endret eller slettet av noe annet mens "
                        "neste periode ble laget; ingenting er lagret (kjør kommandoen igjen)"
                        ) from None
    except OSError as err:
        raise UserError(f"--out {cannot_write(out, err, 'lagre')}") from None
    p = carried.project.period
    print(f"Neste periode {p.start:%d.%m.%Y}–{p.end:%d.%m.%Y} lagret i {out}, med "
          f"vaktregnskapet ført over fra {project.period.start:%d.%m.%Y}–"
          f"{project.period.end:%d.%m.%Y}:")
    print(ledger_table(carried))
    from legevakt_app.snapshots import diff_against_latest
    from legevakt_app.wording import count

    if (diff := diff_against_latest(project)) is not None and diff.changed:
        # the ledger counts the rota as saved: what was worked, if the changes were sent
        print(f"Merk: turnusen er endret etter siste publisering («{diff.snapshot_name}»): "
              f"{count(len(diff.changes), 'tildeling', 'tildelinger')} står ikke som legene fikk "
              "dem. "
              "Vaktregnskapet regner med turnusen slik den er lagret; send endringene "
              "(export --publish) om det var slik den ble gått.")
    if (gap := (p.start - project.period.end).days - 1) > 0:
        first = project.period.end + timedelta(days=1)
        print(f"Merk: {gap} dager mellom periodene ({first:%d.%m.%Y}–"
              f"{p.start - timedelta(days=1):%d.%m.%Y}) har ingen turnus i noen av dem.")
    for item in carried.clamped:
        print(f"Merk: {item} er satt til filformatets grense")
    names = {d.id: d.name for d in carried.project.doctors}
    for doctor_id, text in carried.competence.items():
        print(f"Kompetanse: {names[doctor_id]}: {text} (periodens måneder og vakter er lagt til)")
    print(LEDGER_NOTE)
    return EXIT_OK
