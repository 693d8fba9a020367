"""``legevakt next-period PROSJEKT --out NY``: the next period's project with the vaktregnskap
carried over (:mod:`legevakt_app.next_period`), and the carried ledger printed per doctor."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from legevakt_app.cli import EXIT_OK, UserError, resolve_path
from legevakt_app.domain import Project
from legevakt_app.wording import decimal

LEDGER_NOTE = (
    "Pluss = over rettferdig andel (tar mindre neste periode), minus = under. Timer er vektede "
    "vakttimer; netter, helger og høytid er vakter. «Hadde» er høytidene legen hadde vakt i: "
    "neste gang får de andre dem når det går. Leger med delvis fritak (for eksempel ingen netter) "
    "får ikke noe nytt i regnskapet for perioden: fritaket bestemmer hva de kan ta.")


def iso_date(text: str) -> date:
    """An argparse type: a date as ÅÅÅÅ-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' er ikke en dato (ÅÅÅÅ-MM-DD)") from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", metavar="PROSJEKT",
                   help="prosjektfil med turnus (publisert, løst eller redigert for hånd)")
    p.add_argument("--out", required=True, metavar="FIL",
                   help="den nye prosjektfilen (.legevakt.json); en fil som finnes, overskrives "
                   "bare med --force")
    p.add_argument("--start", type=iso_date, metavar="DATO",
                   help="første dag i ny periode (standard: dagen etter denne periodens slutt)")
    p.add_argument("--end", type=iso_date, metavar="DATO",
                   help="siste dag i ny periode (standard: like lang som denne perioden)")
    p.add_argument("--force", action="store_true",
                   help="erstatt --out om den finnes (den gamle filen beholdes som .bak)")


def _signed(value: float) -> str:
    """``+2``, ``-1,5``, ``0``: a balance with its sign."""
    if round(value, 1) == 0:
        return "0"
    text = decimal(value) if isinstance(value, float) else str(value)
    return text if text.startswith("-") else "+" + text


def ledger_table(project: Project) -> str:
    """Each doctor's carried ledger, one line per doctor."""
    width = max([4] + [len(d.name) for d in project.doctors])
    head = f"{'Lege':<{width}}  {'timer':>8}  {'netter':>6}  {'helger':>6}  {'høytid':>6}  hadde"
    lines = [head]
    for d in project.doctors:
        g = d.ledger
        had = ", ".join(g.had_high_days) or "–"
        lines.append(f"{d.name:<{width}}  {_signed(g.load_balance):>8}  {_signed(g.nights):>6}  "
                     f"{_signed(g.weekends):>6}  {_signed(g.high_days):>6}  {had}")
    return "\n".join(lines)


def run_next_period(args: argparse.Namespace) -> int:
    from legevakt_app.next_period import NoRotaToCarry, next_period
    from legevakt_app.project_io import load_project, save_project

    source = resolve_path(args.project)
    out = Path(args.out)
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise UserError(f"--out {out}: er prosjektet det føres fra; velg en ny fil")
    if out.exists() and not args.force:
        raise UserError(f"--out {out}: finnes fra før; ingenting er lagret (bruk --force for å "
                        "erstatte den)")
    project = load_project(source)
    try:
        carried = next_period(project, args.start, args.end)
    except NoRotaToCarry as err:
        raise UserError(str(err)) from None
    try:
        save_project(carried.project, out)
    except OSError as err:
        raise UserError(f"--out {out}: kan ikke lagres ({err.strerror or err})") from None
    p = carried.project.period
    print(f"Neste periode {p.start:%d.%m.%Y}–{p.end:%d.%m.%Y} lagret i {out}, med "
          f"vaktregnskapet ført over fra {project.period.start:%d.%m.%Y}–"
          f"{project.period.end:%d.%m.%Y}:")
    print(ledger_table(carried.project))
    for item in carried.clamped:
        print(f"Merk: {item} er satt til filformatets grense")
    print(LEDGER_NOTE)
    return EXIT_OK
