"""Command line: ``legevakt [gui|check|solve|report|export|bench] ...``.

Exit codes: 0 ok, 1 no rota exists (explanation printed), 2 bad input. Bad input never
produces a Python traceback: every problem is printed with the file and field it concerns.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from legevakt_app import __version__
from legevakt_app.project_io import ProjectError

EXIT_OK = 0
EXIT_NO_ROTA = 1
EXIT_BAD_INPUT = 2
SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_SUFFIX = ".legevakt.json"


SAVE_SCENARIOS_HELP = (
    "instead of the report, save each --scenario (or with --scenarios the standard ones) as "
    "a project file of its own, FOLDER/<scenario-name>.legevakt.json (a-z, 0-9 and '-': 'To "
    "til' gives to-til.legevakt.json): the project with that one "
    "change, its district named '<district> — scenario: <name>', no rota yet (locked vakter "
    "kept); nothing is solved. FOLDER is made if missing. A file that already exists is not "
    "overwritten: nothing is saved and the command stops with exit 2, unless --force"
)


class UserError(Exception):
    """Bad input from the user: printed as one clear line, exit code 2."""


def resolve_path(name: str) -> Path:
    """Accept a path, or a bundled sample's basename (``interkommunal``), with or without
    the ``.legevakt.json`` suffix."""
    path = Path(name)
    if path.exists():
        return path
    for candidate in (
        Path(name + SAMPLE_SUFFIX),
        SAMPLES_DIR / name,
        SAMPLES_DIR / (name + SAMPLE_SUFFIX),
        SAMPLES_DIR / (Path(name).name + SAMPLE_SUFFIX),
    ):
        if candidate.exists():
            return candidate
    return path


def print_problems(err: ProjectError) -> None:
    """What is wrong with a project file, in Norwegian; each line starts with the field's
    path in the file (``doctors[2].name``), which is where to fix it."""
    from legevakt_app.messages import problem_message

    n = len(err.problems)
    print(f"{err.source or 'prosjektet'}: {n} {'problem' if n == 1 else 'problemer'}",
          file=sys.stderr)
    for problem in err.problems:
        text = problem_message(problem)
        print(f"  {problem.path}: {text}" if problem.path else f"  {text}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from legevakt_app.project_io import load_project
    from legevakt_app.summary import summary_lines

    path = resolve_path(args.project)
    project = load_project(path)
    print(f"{path}: OK")
    for line in summary_lines(project):
        print(line)
    return EXIT_OK


def _delegate(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        mod = importlib.import_module(module)
        return int(getattr(mod, function)(args))

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="legevakt",
        description="Build fair legevakt duty rotas for a Norwegian legevakt district. "
        "Without a command, the desktop app starts.",
        epilog="Exit codes: 0 ok, 1 no rota exists (explanation printed), 2 bad input. "
        "PROJECT may be a path or the name of a bundled sample "
        "(liten-kommune, interkommunal, stor-legevakt).",
    )
    parser.add_argument("--version", action="version", version=f"legevakt {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="start the desktop app, optionally on a project")
    p.add_argument("project", nargs="?", help="project file to open")
    p.set_defaults(func=_delegate("legevakt_app.ui.app", "run_gui"))

    p = sub.add_parser("check", help="validate a project file and print a summary")
    p.add_argument("project", help="project file (.legevakt.json) or sample name")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("solve", help="build the fairest rota for a project")
    p.add_argument("project", help="project file or sample name")
    p.add_argument("--out", help="write the self-contained result (legevakt-rota/1 JSON) here")
    p.add_argument("--save", action="store_true",
                   help="also store the rota in the project file (atomic, with backup)")
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    p.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--deterministic", action="store_true",
                   help="the same rota for the same seed and workers (slower on big districts)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=_delegate("legevakt_app.solve_cli", "run_solve"))

    p = sub.add_parser("report", help="workload and four-doctor-threshold report")
    p.add_argument("source", help="project file, sample name, or result file (legevakt-rota/1)")
    p.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    p.add_argument("--time-limit", type=float, default=30.0,
                   help="seconds for solving a project that has no rota yet (default 30)")
    p.add_argument("--target", type=int, default=4,
                   help="rotation target 1:N for 'doctors needed' (default 4 = firedelt)")
    p.add_argument("--no-need", action="store_true",
                   help="skip computing how many more doctors the target needs (faster)")
    p.add_argument("--scenarios", action="store_true",
                   help="also solve and compare the standard what-if scenarios")
    p.add_argument("--scenario", action="append", metavar="NAVN=ENDRING[:TALL]",
                   help="a named what-if scenario (repeatable), e.g. 'To til=add_doctor:2'; "
                   "changes: add_doctor, vikar_nights, rest_11h, lis1_sufficient, join_neighbour")
    p.add_argument("--save-scenarios", metavar="FOLDER", help=SAVE_SCENARIOS_HELP)
    p.add_argument("--force", action="store_true",
                   help="with --save-scenarios: replace files that already exist (each old "
                   "file is kept as .bak)")
    p.set_defaults(func=_delegate("legevakt_app.report_cli", "run_report"))

    p = sub.add_parser("export", help="export a rota to Excel, PDF or calendar files")
    p.add_argument("source", help="result file (legevakt-rota/1) or project with a rota")
    p.add_argument("--xlsx", help="write an Excel workbook here")
    p.add_argument("--pdf", help="write a PDF of the rota calendar here")
    p.add_argument("--ics-dir", help="write one .ics calendar per doctor into this folder")
    p.add_argument("--time-limit", type=float, default=30.0,
                   help="seconds for solving a project that has no rota yet (default 30)")
    p.set_defaults(func=_delegate("legevakt_app.export_cli", "run_export"))

    p = sub.add_parser("import", help="import doctors or absences from .xlsx/.csv (preview; "
                       "--apply saves)")
    from legevakt_app.export_cli import add_import_arguments

    add_import_arguments(p)
    p.set_defaults(func=_delegate("legevakt_app.export_cli", "run_import"))

    p = sub.add_parser("bench", help="benchmark the engine on the samples and generated districts")
    p.add_argument("--json", action="store_true", help="print figures as JSON")
    p.add_argument("--repeats", type=int, default=3, help="runs per instance (median; default 3)")
    p.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    p.add_argument("--only", action="append", help="run only this instance (repeatable)")
    p.set_defaults(func=_delegate("legevakt_app.bench_cli", "run_bench"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args = parser.parse_args(["gui", *(argv or [])])
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
        return 130
    except Exception as err:  # noqa: BLE001 - last line of defence: no traceback to the user
        log = Path.home() / ".legevakt-crash.log"
        try:
            with open(log, "a", encoding="utf-8") as fh:
                traceback.print_exc(file=fh)
            where = f" (details in {log})"
        except OSError:
            where = ""
        print(f"legevakt {args.command}: internal error: {err}{where}", file=sys.stderr)
        return 3


def entry_point() -> None:
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    # Run through the imported module, so exception classes raised by subcommand modules
    # (which import ``legevakt_app.cli``) are the same objects this module catches.
    from legevakt_app import cli as _cli

    _cli.entry_point()
