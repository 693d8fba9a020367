"""Command line: ``legevakt [gui|check|solve|report|export|import|next-period|edit|ledger|bench]
...``.

Exit codes: 0 ok, 1 no rota exists (explanation printed), 2 bad input. Bad input never
produces a Python traceback: every problem is printed with the file and field it concerns.
A reader of the output that goes away (``legevakt import … --apply | head -1``) loses the
rest of the output, never the work: the command goes on and saves, and its exit code is
the command's own.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legevakt_app import __version__
from legevakt_app.project_io import ProjectError
from legevakt_app.rota_breaks import MAX_LISTED  # what keeps no rota from being made

if TYPE_CHECKING:
    from legevakt_app.domain import Project

EXIT_OK = 0
EXIT_NO_ROTA = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C
EXIT_OUTPUT_GONE = 141  # the shell's code for a command stopped by a closed pipe (SIGPIPE)
SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_SUFFIX = ".legevakt.json"
# ``solve``'s defaults: with --deterministic (a repair's default) the same three give the same rota
SOLVE_TIME_LIMIT = 60.0
SOLVE_WORKERS = 2
SOLVE_SEED = 0


SAVE_SCENARIOS_HELP = (
    "i stedet for rapporten: lagre hvert --scenario (eller med --scenarios standardscenarioene) "
    "som en egen prosjektfil, MAPPE/<scenarionavn>.legevakt.json (a-z, 0-9 og '-': 'To til' "
    "gir to-til.legevakt.json): prosjektet med den ene endringen, distriktet kalt "
    "'<distrikt> — scenario: <navn>', ingen turnus ennå (låste vakter beholdes); ingenting "
    "løses. MAPPE lages om den mangler. En fil som finnes fra før, overskrives ikke: ingenting "
    "lagres og kommandoen stopper med kode 2, med mindre --force er gitt"
)


class UserError(Exception):
    """Bad input from the user: printed as one clear line, exit code 2."""


def resolve_path(name: str) -> Path:
    """Accept a path, or a bundled sample's basename (``interkommunal``), with or without
    the ``.legevakt.json`` suffix. A name found with the suffix added (``liten-kommune`` for
    ``liten-kommune.legevakt.json`` in the current folder, which comes before the bundled
    sample) is given as a full path, so every message («Lagret i …») says which file it is."""
    path = Path(name)
    if path.exists():
        return path
    local = Path(name + SAMPLE_SUFFIX)
    if local.exists():
        return local.absolute()
    for candidate in (
        SAMPLES_DIR / name,
        SAMPLES_DIR / (name + SAMPLE_SUFFIX),
        SAMPLES_DIR / (Path(name).name + SAMPLE_SUFFIX),
    ):
        if candidate.exists():
            return candidate
    return path


def is_bundled_sample(path: Path) -> bool:
    """A file in the bundled samples folder (``liten-kommune`` given by name, say)."""
    try:
        return path.resolve().parent == SAMPLES_DIR
    except OSError:
        return False


def sample_copy(path: Path) -> tuple[str, str]:
    """``(«x er et medfølgende eksempel …: kopier det først (cp …)», copy name)``."""
    copy = f"mitt-{path.name}"
    return (f"{path.name} er et medfølgende eksempel og endres ikke: kopier det først "
            f"(cp {path} {copy})"), copy


def refuse_sample(option: str, path: Path, then: str) -> None:
    """Refuse ``option``, which would change ``path``, when it is a bundled sample; ``then``
    says what to do with the copy («og løs den»)."""
    if is_bundled_sample(path):
        raise UserError(f"{option}: {sample_copy(path)[0]} {then}")


def refuse_unchangeable(path: Path, then: str) -> None:
    """Before a command changes the project at ``path``, nothing done yet: refuse a bundled
    sample (``then``: what to do with the copy) and a file that cannot be written (a missing
    one is the loader's to report)."""
    from legevakt_app.file_errors import WriteFailed, cannot_write, check_writable

    refuse_sample("PROSJEKT", path, then)
    if path.exists():
        try:
            check_writable(path)
        except WriteFailed as err:
            raise UserError(cannot_write(path, err, "lagre")) from None


def how_to_change(path: Path, command: str, change: str) -> str:
    """The last line of a command's listing: how to change what it lists (``legevakt
    COMMAND PROSJEKT change``), for a bundled sample from a copy of it."""
    if is_bundled_sample(path):
        text, copy = sample_copy(path)
        return f"{text} og endre med «legevakt {command} {copy} {change}»"
    return (f"Endre: «legevakt {command} {path} {change}» («legevakt {command} PROSJEKT set "
            "--help» viser alle)")


def make_rota_advice(path: Path, first: bool = False) -> str:
    """How to make and save the rota of ``path`` («lag den med …»; ``first``: «lag turnusen
    først med …», where the rota is not named before): a bundled sample is never changed, so
    its advice starts with a copy (else the leader is sent round in a circle)."""
    if is_bundled_sample(path):
        text, copy = sample_copy(path)
        return f"{text} og lag turnusen med «legevakt solve {copy} --save»"
    what = "lag turnusen først" if first else "lag den"
    return f"{what} med «legevakt solve {path} --save» eller i appen"


def save_or_refuse(project: Project, path: Path, stamp: Any, lost: str, *,
                   untouched: str = "ingenting er endret", again: str = "kjør kommandoen igjen",
                   prefix: str = "") -> Any:
    """Save ``project`` over ``path`` as read (``stamp``); returns the saved file. When the
    file changed since (another change: ``lost`` says what is not saved and why, ``again``
    what to do) or cannot be written (``untouched``: what that leaves as it was), a
    :class:`UserError` says so, starting with ``prefix`` (the option, «--apply: »)."""
    from legevakt_app.file_errors import FileChanged, cannot_write, changed_text
    from legevakt_app.project_io import save_project

    try:
        return save_project(project, path, expected=stamp)
    except FileChanged as err:
        raise UserError(f"{prefix}{changed_text(err)}; {lost}, og filen er som den andre "
                        f"endringen gjorde den: {again}") from None
    except OSError as err:
        raise UserError(f"{prefix}{cannot_write(path, err, 'lagre')}; {untouched}, og filen "
                        "er som før") from None


def guard_output(option: str, out: str | os.PathLike[str], sources: Sequence[Path],
                 kind: str | None = None) -> None:
    """Refuse, before any work, an output path that would destroy something or cannot be
    written: a folder, a missing or unwritable folder, a device or other special file, the
    file being read, a project file, or (``kind`` «xlsx», «pdf») a name without the format's
    extension (nothing is written). The app refuses the same
    (:func:`legevakt_app.file_errors.output_problem`)."""
    from legevakt_app.file_errors import output_problem

    problem = output_problem(out, sources, kind)
    if problem is not None:
        raise UserError(f"{option} {out}: {problem}")


def print_problems(err: ProjectError) -> None:
    """What is wrong with a project file, in Norwegian; each line starts with where, worded
    as the app words it (``lege 3 (Per Kroken), Navn``), which is where to fix it; a result
    file's at the path it has there (``doctors[0].share``), as the app does not open one."""
    from legevakt_app.messages import problem_message, reference_problem_text
    from legevakt_app.project_io import ResultFileError

    n = len(err.problems)
    print(f"{err.source or 'prosjektet'}: {n} {'problem' if n == 1 else 'problemer'}",
          file=sys.stderr)
    for problem in err.problems:
        if isinstance(err, ResultFileError):
            text = problem_message(problem)
            print(f"  {problem.path}: {text}" if problem.path else f"  {text}", file=sys.stderr)
        else:
            print(f"  {reference_problem_text(problem)}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from legevakt_app.project_io import load_project
    from legevakt_app.summary import summary_lines

    path = resolve_path(args.project)
    if (result := _result_file_check(path)) is not None:
        return result
    project = load_project(path)
    print(f"{path}: filen er i orden")
    for line in summary_lines(project):
        print(line)
    lines, valid = rota_check_lines(project, path)
    for line in lines:
        print(line)
    return EXIT_OK if valid else EXIT_NO_ROTA  # a script sees a stored rota that breaks a rule


def _result_file_check(path: Path) -> int | None:
    """``check`` of a result file (``legevakt-rota/1``): its rota re-verified by the
    independent checker from the file alone, as an auditor would (None: not a result file).

    Before the rules, what the file says of itself: where it states a thing twice and the two
    disagree (solver.rota_file.stated_twice: the rules are then checked against the stricter
    reading), every figure of its summary its rota does not give, and whether its solve
    figures are still the engine's for this rota (the digest, and what the file decides of
    them: solver.result_audit). Exit 1 for any of these, as for a broken rule."""
    from legevakt_app.export.origin import origin_text, rota_origin
    from legevakt_app.project_io import read_document_stamped
    from legevakt_app.rota_breaks import violation_lines
    from legevakt_app.rota_source import (
        CHANGED,
        RESULT_FORMAT,
        result_digest,
        source_from_result_document,
    )
    from legevakt_app.wording import STATUS, count, decimal, moment_text
    from solver.checker import check, soft_breaches_text
    from solver.result_audit import older_file, solve_disagreements, summary_disagreements
    from solver.rota_file import RotaFile, stated_twice

    document, _stamp = read_document_stamped(path)
    if not (isinstance(document, dict) and document.get("format") == RESULT_FORMAT):
        return None
    source = source_from_result_document(document, str(path))
    problem, rota = source.problem, source.rota
    loaded = RotaFile(problem, rota, dict(document.get("solve") or {}),
                      list(document.get("doctors_summary") or []))
    twice = stated_twice(document)
    summary, notes = summary_disagreements(loaded, older_file(document))
    figures = solve_disagreements(loaded)
    origin = rota_origin(source)
    status = source.solve_info.get("status", "manual")
    # changed since its solve figures were written; a file that says so itself (written from a
    # project whose rota was changed after the solve) does not contradict itself
    says_changed = loaded.solve.get("status") == CHANGED
    changed = status == CHANGED and not says_changed
    if twice or summary or changed:
        print(f"{path}: resultatfilen ({RESULT_FORMAT}) kan leses, men stemmer ikke med seg selv")
    else:
        print(f"{path}: resultatfilen ({RESULT_FORMAT}) er i orden")
    print(f"Periode:     {problem.period_start:%d.%m.%Y} – {problem.period_end:%d.%m.%Y}; "
          f"{count(len(problem.doctors), 'lege', 'leger')}, "
          f"{count(len(problem.shifts), 'vakt', 'vakter')}")

    def listed(lines: list[str]) -> None:  # every one: an auditor checks each
        for line in lines:
            print(f"  - {line}")

    if twice:
        print(f"Avvik:       {count(len(twice), 'felt', 'felt')} sier imot resten av filen "
              "(reglene er kontrollert mot det strengeste)")
        listed([d.text for d in twice])
    if summary:
        print(f"Oppsummering: {count(len(summary), 'tall', 'tall')} i doctors_summary er ikke "
              "turnusens")
        listed([d.text for d in summary])
    elif loaded.doctors_summary:
        print("Oppsummering: ✔ doctors_summary er turnusens")
    listed(notes)
    not_engines = "motorens status og tall gjelder ikke denne turnusen"
    digest = loaded.solve.get("digest")
    if changed and digest is not None and digest != result_digest(document):
        print(f"Løsning:     ✖ endret etter løsningen: innholdet stemmer ikke med solve.digest "
              f"({not_engines})")
        listed([d.text for d in figures])
    elif changed and figures:
        print(f"Løsning:     ✖ tallene i solve er ikke turnusens ({not_engines})")
        listed([d.text for d in figures])
    elif changed:  # a file from before the digest: its summary or its rules say so
        print(f"Løsning:     ✖ endret etter løsningen ({not_engines})")
    elif says_changed:
        print(f"Løsning:     {origin_text(origin)}")
    elif status == "manual":
        print("Løsning:     laget for hånd (ingen tall fra motoren)")
    else:
        objective = loaded.solve.get("objective")
        print(f"Løsning:     {STATUS.get(status, status)}"
              + ("" if objective is None
                 else f"; største belastning per andel {decimal(objective, 2)}"))
    if origin.made_at is not None:
        print(f"Laget:       av motoren {moment_text(origin.made_at)}")
    violations = check(problem, rota)
    head = f"Turnus:      {count(len(rota.assignments), 'tildeling', 'tildelinger')}; kontroll: "
    if not violations:
        soft = soft_breaches_text(problem, rota)
        print(head + ("✔ oppfyller alle harde regler" if soft else "✔ oppfyller alle regler"))
        if soft:
            print(f"  {soft}")
        return EXIT_NO_ROTA if twice or summary or changed else EXIT_OK
    print(head + f"✖ {len(violations)} regelbrudd")
    # the doctors' names are in the file itself (the engine's doctors have them)
    for line in violation_lines(problem, violations, problem,  # type: ignore[arg-type]
                                limit=None):
        print(line)
    return EXIT_NO_ROTA


ROTA_PROBE_SECONDS = 10.0  # ``check``'s search for any rota (a 40-doctor year: about 6 s)


def rota_check_lines(project: Project, path: Path) -> tuple[list[str], bool]:
    """The stored rota re-checked by the independent checker (a rota edited by hand, say), and
    whether it keeps every hard rule (no stored rota: True, nothing is broken)."""
    from legevakt_app.engine_input import build_problem, project_rota
    from legevakt_app.rota_breaks import violation_lines
    from legevakt_app.wording import count, decimal
    from solver.checker import check, check_pre_assigned, soft_breaches_text
    from solver.explain import precheck
    from solver.solve import rota_possible

    problem = build_problem(project)
    if not project.rota:
        # what makes every rota impossible is worth knowing before solving: a shift nobody can
        # take, a pre-assigned vakt that breaks a hard rule on its own
        broken = check_pre_assigned(problem)
        blocked = precheck(problem)
        if not broken and not blocked:
            # the counting found nothing; the rules may still clash (11 t hvile and no practice
            # after a night, say): a quick search for any rota that keeps them, no fairness
            possible, seconds = rota_possible(problem, time_limit=ROTA_PROBE_SECONDS)
            if possible is False:
                return ["Turnus:      ingen ennå; ✖ ingen turnus kan lages slik prosjektet er nå "
                        f"(reglene kan ikke oppfylles samtidig; «legevakt solve {path.name}» "
                        "forklarer hvorfor)"], False
            known = (f"✔ en turnus er mulig (funnet på {decimal(seconds)} s)" if possible
                     else f"ikke avgjort på {ROTA_PROBE_SECONDS:g} s om en turnus er mulig")
            return [f"Turnus:      ingen ennå; {known}", f"  Neste steg: {make_rota_advice(path)}"], True
        lines = ["Turnus:      ingen ennå; ✖ ingen turnus kan lages slik prosjektet er nå"]
        lines += [f"  - {line}" for line in blocked[:MAX_LISTED]]
        if len(blocked) > MAX_LISTED:
            lines.append(f"  … og {len(blocked) - MAX_LISTED} til («legevakt solve» forklarer)")
        if broken:
            lines.append(f"  Forhåndstildelte vakter: {len(broken)} regelbrudd")
        return lines + violation_lines(project, broken, problem, limit=None), False
    rota = project_rota(project)
    violations = check(problem, rota)
    head = f"Turnus:      {count(len(project.rota), 'tildeling', 'tildelinger')}; kontroll: "
    soft = soft_breaches_text(problem, rota)
    if not violations:
        return [head + ("✔ oppfyller alle harde regler" if soft else "✔ oppfyller alle regler")]\
            + ([f"  {soft}"] if soft else []), True
    return ([head + f"✖ {len(violations)} regelbrudd"]
            + violation_lines(project, violations, problem, limit=None)), False


def _delegate(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        mod = importlib.import_module(module)
        return int(getattr(mod, function)(args))

    return run


# argparse's own words (usage, section titles, errors) are English; a leader reads Norwegian.
# Its errors arrive as formatted English text, so they are matched here and reworded.
_ARGPARSE_ERRORS: list[tuple[str, str]] = [
    (r"the following arguments are required: (.*)", r"mangler \1"),
    (r"unrecognized arguments: (.*)", r"ukjente argumenter: \1"),
    (r"argument (\S+): invalid int value: (.*)", r"\1: \2 er ikke et heltall"),
    (r"argument (\S+): invalid float value: (.*)", r"\1: \2 er ikke et tall"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"\1: ukjent valg \2 (velg blant \3)"),
    (r"argument (\S+): expected one argument", r"\1: mangler en verdi"),
    (r"ambiguous option: (\S+) could match (.*)", r"\1 kan bety flere valg: \2"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]


def norwegian_error(message: str) -> str:
    """argparse's English error ``message`` in Norwegian (unknown ones are kept as they are)."""
    import re

    for pattern, text in _ARGPARSE_ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, text, message)
    return message


class _NorwegianFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "bruk: " if prefix is None else prefix)


class NorwegianParser(argparse.ArgumentParser):
    """An argument parser whose help and errors are in Norwegian; an error names the argument,
    prints the usage line and exits with 2 (bad input) like every other input problem."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _NorwegianFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "valg"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="vis denne hjelpen og avslutt")

    def error(self, message: str):  # type: ignore[no-untyped-def]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {norwegian_error(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = NorwegianParser(
        prog="legevakt",
        description="Lag rettferdige vaktturnuser for et norsk legevaktdistrikt. "
        "Uten kommando starter skrivebordsappen.",
        epilog="Avslutningskoder: 0 ok, 1 ingen turnus finnes (forklaringen skrives ut) eller "
        "ingen er funnet innen tidsgrensen, "
        "2 feil i det som ble gitt inn. PROSJEKT kan være en filsti eller navnet på et "
        "medfølgende eksempel (liten-kommune, interkommunal, stor-legevakt).",
    )
    parser.add_argument("--version", action="version", version=f"legevakt {__version__}",
                        help="vis versjonsnummeret og avslutt")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandoer")

    p = sub.add_parser("gui", help="start skrivebordsappen, eventuelt med et prosjekt")
    p.add_argument("project", nargs="?", metavar="PROSJEKT", help="prosjektfilen som skal åpnes")
    p.set_defaults(func=_delegate("legevakt_app.ui.app", "run_gui"))

    p = sub.add_parser("check", help="kontroller en prosjektfil (eller en resultatfil) og skriv "
                       "et sammendrag")
    p.add_argument("project", metavar="FIL",
                   help="prosjektfil (.legevakt.json), navnet på et eksempel, eller en "
                   "resultatfil (legevakt-rota/1), hvis turnus kontrolleres mot reglene i den")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("solve", help="lag den mest rettferdige turnusen for et prosjekt")
    p.add_argument("project", metavar="PROSJEKT", help="prosjektfil eller navnet på et eksempel")
    p.add_argument("--out", metavar="FIL",
                   help="skriv det selvstendige resultatet (legevakt-rota/1 JSON) hit")
    p.add_argument("--save", action="store_true",
                   help="lagre også turnusen i prosjektfilen (trygt, med sikkerhetskopi)")
    p.add_argument("--time-limit", type=float, default=SOLVE_TIME_LIMIT, metavar="SEKUNDER",
                   help=f"tidsgrense i sekunder (standard {SOLVE_TIME_LIMIT:g})")
    p.add_argument("--workers", type=int, default=SOLVE_WORKERS, metavar="ANTALL",
                   help=f"antall CP-SAT-tråder (standard {SOLVE_WORKERS})")
    p.add_argument("--seed", type=int, default=SOLVE_SEED, metavar="TALL",
                   help=f"startverdi for tilfeldighet (standard {SOLVE_SEED})")
    p.add_argument("--deterministic", action=argparse.BooleanOptionalAction, default=None,
                   help="samme turnus for samme startverdi og antall tråder (tregere i store "
                   "distrikter); --repair gjør det uten å bli bedt om det, --no-deterministic "
                   "slår det av")
    p.add_argument("--repair", action="store_true",
                   help="reparer den lagrede turnusen etter en endring (nytt fravær, sykdom): "
                   "flytt så få som mulig av vaktene som er publisert (eller lagret); låste "
                   "celler står. Med de samme valgene gir den samme reparasjon hver gang, så "
                   "--repair --save lagrer den --repair viste")
    p.add_argument("--replace-published", action="store_true",
                   help="med --save: erstatt en publisert turnus med en helt ny (uten dette "
                   "nekter --save, og --repair flytter færrest mulig av de publiserte vaktene)")
    p.add_argument("--apply-fix", type=int, metavar="NR",
                   help="når ingen turnus finnes: bruk lettelse nummer NR av «Mulige "
                   "lettelser» (som «Bruk» i appen): endringen lagres i prosjektet (trygt, med "
                   "sikkerhetskopi), og turnusen lages på nytt; med --save lagres også den")
    p.add_argument("--quiet", action="store_true", help="ingen fremdriftslinjer")
    p.set_defaults(func=_delegate("legevakt_app.solve_cli", "run_solve"))

    p = sub.add_parser("report", help="arbeidsbelastning og firelegegrensen",
                       description="Arbeidsbelastning, firelegegrensen, legebehovet for 1:N "
                       "og rettferdighet per lege. Legebehovet sjekkes med motoren (opptil tre "
                       "forsøk; --no-need hopper over det). Med --scenarios løses også "
                       "standardscenarioene, ett om gangen: det tar et par minutter.")
    add_report_arguments(p)
    p.set_defaults(func=_delegate("legevakt_app.report_cli", "run_report"))

    p = sub.add_parser("export", help="eksporter en turnus til Excel, PDF, kalenderfiler eller "
                       "en resultatfil")
    p.add_argument("source", metavar="KILDE",
                   help="resultatfil (legevakt-rota/1) eller prosjekt med turnus")
    p.add_argument("--xlsx", metavar="FIL", help="skriv en Excel-arbeidsbok hit")
    p.add_argument("--pdf", metavar="FIL",
                   help="skriv turnuskalenderen, belastning og terskel og hver leges vakter "
                   "som PDF hit")
    p.add_argument("--ics-dir", metavar="MAPPE",
                   help="skriv én .ics-kalender per lege i denne mappen (fra et prosjekt lagres "
                   "det de holder i prosjektet, så en vakt som flyttes senere, avlyses i dem)")
    p.add_argument("--only-changed", action="store_true",
                   help="med --ics-dir: skriv bare kalenderne som er endret siden forrige "
                   "eksport (det prosjektet husker), altså de som må sendes ut på nytt")
    p.add_argument("--result", metavar="FIL",
                   help="skriv turnusen som resultatfil (legevakt-rota/1, .json) hit: alt en "
                   "revisor trenger for å kontrollere den uten prosjektfilen (som Eksporter → "
                   "Resultatfil i appen)")
    p.add_argument("--publish", action="store_true",
                   help="lagre turnusen som publisert (kunngjort) i prosjektet etter eksporten, "
                   "så senere endringer regnes fra det legene har fått")
    p.add_argument("--need", action="store_true",
                   help="regn ut med motoren hvor mange leger til firedelt vakt (1:4) krever, "
                   "til arket Terskel i Excel og PDF (tar et halvt minutt eller mer; uten: bare "
                   "en opptelling av vaktdøgn)")
    p.add_argument("--need-from", metavar="FIL", help=argparse.SUPPRESS)  # the app's answer
    p.add_argument("--scenarios", action="store_true",
                   help="løs standardscenarioene («hva om», som legevakt report --scenarios) og "
                   "ta dem med i Excel (arket Scenarier) og PDF (tar litt tid per scenario)")
    p.add_argument("--scenario", action="append", metavar="NAVN=ENDRING[:TALL]",
                   help="et navngitt «hva om»-scenario til Excel og PDF (kan gjentas), som for "
                   "legevakt report, f.eks. 'To til=add_doctor:2'")
    p.add_argument("--scenarios-from", metavar="FIL", help=argparse.SUPPRESS)  # the app's rows
    p.add_argument("--time-limit", type=float, default=30.0, metavar="SEKUNDER",
                   help="sekunder til å løse et prosjekt som ikke har turnus ennå (standard 30)")
    p.set_defaults(func=_delegate("legevakt_app.export_cli", "run_export"))

    p = sub.add_parser("import", help="importer leger eller fravær fra .xlsx/.csv "
                       "(forhåndsvisning; --apply lagrer)")
    from legevakt_app.export_cli import add_import_arguments

    add_import_arguments(p)
    p.set_defaults(func=_delegate("legevakt_app.export_cli", "run_import"))

    p = sub.add_parser("next-period", help="lag neste periodes prosjekt med vaktregnskapet "
                       "ført over fra turnusen")
    from legevakt_app.next_period_cli import add_arguments as add_next_period_arguments

    add_next_period_arguments(p)
    p.set_defaults(func=_delegate("legevakt_app.next_period_cli", "run_next_period"))

    p = sub.add_parser("edit", help="endre turnusen for hånd: gi, ta av, bytt, lås eller lås "
                       "opp vakter (som i Turnus-visningen), og lagre")
    from legevakt_app.edit_cli import add_arguments as add_edit_arguments

    add_edit_arguments(p)
    p.set_defaults(func=_delegate("legevakt_app.edit_cli", "run_edit"))

    p = sub.add_parser("ledger", help="vis vaktregnskapet fra tidligere perioder per lege, "
                       "eller endre en leges (som kolonnene i Leger-tabellen), og lagre")
    from legevakt_app.ledger_cli import add_arguments as add_ledger_arguments

    add_ledger_arguments(p)
    p.set_defaults(func=_delegate("legevakt_app.ledger_cli", "run_ledger"))

    p = sub.add_parser("rules", help="vis reglene og unntakene fra vakthyppigheten, eller endre "
                       "dem (som under «Vakter og regler»), og lagre")
    from legevakt_app.rules_cli import add_arguments as add_rules_arguments

    add_rules_arguments(p)
    p.set_defaults(func=_delegate("legevakt_app.rules_cli", "run_rules"))

    p = sub.add_parser("bench", help="mål motoren på eksemplene og genererte distrikter")
    p.add_argument("--json", action="store_true", help="skriv tallene som JSON")
    p.add_argument("--repeats", type=int, default=3, metavar="ANTALL",
                   help="kjøringer per instans (median; standard 3)")
    p.add_argument("--workers", type=int, default=2, metavar="ANTALL",
                   help="antall CP-SAT-tråder (standard 2)")
    p.add_argument("--only", action="append", metavar="INSTANS",
                   help="kjør bare denne instansen (kan gjentas)")
    p.set_defaults(func=_delegate("legevakt_app.bench_cli", "run_bench"))
    return parser


def add_report_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``legevakt report``."""
    p.add_argument("source", metavar="KILDE",
                   help="prosjektfil, navnet på et eksempel eller resultatfil (legevakt-rota/1)")
    p.add_argument("--json", action="store_true", help="maskinlesbar JSON på standard ut")
    p.add_argument("--time-limit", type=float, default=30.0, metavar="SEKUNDER",
                   help="sekunder til å løse et prosjekt som ikke har turnus ennå (standard "
                   "30); halvparten (minst 5) er tiden per forsøk i legebehovet og per "
                   "scenario")
    p.add_argument("--target", type=int, default=4, metavar="N",
                   help="rotasjonsmål 1:N for «leger som trengs» (standard 4 = firedelt)")
    p.add_argument("--no-need", action="store_true",
                   help="hopp over beregningen av hvor mange leger til målet krever (raskere)")
    p.add_argument("--scenarios", action="store_true",
                   help="løs og sammenlign også standardscenarioene («hva om»): nåværende "
                   "turnus og hvert scenario løses med motoren, opptil halve --time-limit "
                   "hver (standard 15 s), så det tar tid: om lag 1½ minutt for liten-kommune "
                   "og 2 minutter for interkommunal")
    p.add_argument("--scenario", action="append", metavar="NAVN=ENDRING[:TALL]",
                   help="et navngitt «hva om»-scenario (kan gjentas), f.eks. 'To til=add_doctor:2'; "
                   "endringer: add_doctor, vikar_nights, rest_11h, hard_spacing, lis1_sufficient, "
                   "join_neighbour; hvert løses med motoren, opptil halve --time-limit (standard "
                   "15 s)")
    p.add_argument("--save-scenarios", metavar="MAPPE", help=SAVE_SCENARIOS_HELP)
    p.add_argument("--force", action="store_true",
                   help="med --save-scenarios: erstatt filer som finnes (den gamle filen "
                   "beholdes som .bak)")


class _OutputMayGo:
    """``sys.stdout`` / ``sys.stderr`` while a command runs: when the reader goes away
    (``| head -1`` has read its line), the rest of the output goes nowhere and the command
    carries on, so a save after a long preview still happens. Everything but writing is
    the wrapped stream's."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._went_away()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._went_away()

    def _went_away(self) -> None:
        self.gone = True
        try:  # what is still buffered, and Python's flush at exit, go nowhere without a word
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args = parser.parse_args(["gui", *(argv or [])])
    out, err = sys.stdout, sys.stderr
    if out is not None:
        sys.stdout = _OutputMayGo(out)  # type: ignore[assignment]
    if err is not None:
        sys.stderr = _OutputMayGo(err)  # type: ignore[assignment]
    try:
        return _run(args)
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, _OutputMayGo):
                stream.flush()
        sys.stdout, sys.stderr = out, err


def _run(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except ProjectError as err:
        print_problems(err)
        return EXIT_BAD_INPUT
    except UserError as err:
        print(f"legevakt {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("avbrutt", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # a pipe other than the output (which :class:`_OutputMayGo` keeps from stopping the
        # work) went away: the command did not finish, whatever it had printed
        print(f"legevakt {args.command}: avbrutt (en rørledning ble lukket); det er ikke "
              "sikkert at alt er gjort", file=sys.stderr)
        return EXIT_OUTPUT_GONE
    except OSError as err:  # a file that could not be read or written: which, and why
        from legevakt_app.file_errors import os_reason

        where = f"{err.filename}: " if err.filename is not None else ""
        print(f"legevakt {args.command}: {where}{os_reason(err)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as err:  # noqa: BLE001 - last line of defence: no traceback to the user
        log = Path.home() / ".legevakt-crash.log"
        try:
            with open(log, "a", encoding="utf-8") as fh:
                traceback.print_exc(file=fh)
            where = f" (detaljer i {log})"
        except OSError:
            where = ""
        print(f"legevakt {args.command}: intern feil: {err}{where}", file=sys.stderr)
        return 3


def entry_point() -> None:
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    # Run through the imported module, so exception classes raised by subcommand modules
    # (which import ``legevakt_app.cli``) are the same objects this module catches.
    from legevakt_app import cli as _cli

    _cli.entry_point()
