"""``legevakt solve PROJECT [--out RESULT.json] [--save] [--apply-fix NR]``: build the fairest
rota.

When no rota exists the explanation is printed with its fixes numbered; ``--apply-fix NR``
makes fix NR on the project, as «Bruk» in the app does, saves it (with a ``.bak``) and solves
again.

Exit codes: 0 a rota was found, 1 no rota exists (the Norwegian explanation is printed),
2 bad input (also an ``--apply-fix`` number that is not among the fixes, or a fix the leader
must make herself), or ``--save`` found the project changed on disk while it solved (nothing is
saved over that change; the rota is in ``--out`` or, without it, in a result file beside the
project).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legevakt_app.cli import (
    EXIT_INTERRUPTED,
    EXIT_NO_ROTA,
    EXIT_OK,
    SOLVE_SEED,
    SOLVE_TIME_LIMIT,
    SOLVE_WORKERS,
    UserError,
    guard_output,
    is_bundled_sample,
    refuse_sample,
    resolve_path,
    sample_copy,
    save_or_refuse,
)
from legevakt_app.file_errors import (
    FileChanged,
    WriteFailed,
    cannot_write,
    changed_text,
    check_writable,
    previous_version,
)
from legevakt_app.wording import (
    LEVEL_NAMES,
    STATUS,
    count,
    decimal,
    level_line,
    level_value,
    number,
    ratio_number,
    unfinished_repair,
)

if TYPE_CHECKING:
    from legevakt_app.domain import Project
    from legevakt_app.project_io import FileStamp


def out_of_time_text(time_limit: float) -> str:
    """A solve that found no rota before ``time_limit`` (and proved none impossible): not
    «no rota exists», but try longer (solve, and report and export of a project they solve)."""
    more = max(60, round(time_limit * 4))
    return (f"Fant ingen turnus innen tidsgrensen ({number(time_limit)} s). Det betyr ikke at "
            f"ingen finnes: prøv igjen med lengre tid, for eksempel --time-limit {more}.")


def explanation_text(explanation: Any, project: Any = None) -> str:
    """The engine's infeasibility explanation as plain Norwegian text; with the ``project``,
    its fixes in the project's words (a locked cell is «lås opp», not a pre-assignment)."""
    if explanation is None:
        return "Ingen turnus finnes med disse reglene."
    fixes = getattr(explanation, "fixes", None)
    if project is not None and fixes is not None:
        from legevakt_app.fixes import fix_text

        return explanation.text([fix_text(project, f) for f in fixes])
    for attr in ("text", "to_text"):
        method = getattr(explanation, attr, None)
        if callable(method):
            return str(method())
    return str(explanation)


def explanation_lines(explanation: Any, project: Project, path: Path,
                      advice: bool = True, repair: bool = False) -> list[str]:
    """Why no rota exists, as ``solve`` prints it: the engine's messages, then its fixes in the
    project's words, numbered for ``--apply-fix NR`` (one the leader must make herself says
    why), and (``advice``) how to apply one (``repair``: in a repair, which goes on with it)."""
    from legevakt_app.fixes import by_hand, fix_text

    fixes = list(getattr(explanation, "fixes", None) or [])
    messages = list(getattr(explanation, "messages", None) or [])
    if not fixes or not messages:
        lines = explanation_text(explanation, project).splitlines()
        if messages and advice:  # no rule eased alone helps: what is left to the leader
            lines.append(no_fix_advice(path, repair))
        return lines
    lines = [*messages, "Mulige lettelser:"]
    applicable = 0
    for nr, fix in enumerate(fixes, 1):
        reason = by_hand(project, fix)
        applicable += reason is None
        lines.append(f"  {nr}. {fix_text(project, fix)}"
                     + (f" (gjøres for hånd: {reason})" if reason else ""))
    if applicable and advice:
        lines.append(apply_fix_advice(path, len(fixes), repair))
    return lines


def no_fix_advice(path: Path, repair: bool = False) -> str:
    """What the leader can do when the engine found no rule to ease alone (the app's «Hva kan
    gjøres»): look at the absences and fritak named, or add a doctor or vikar, and solve
    (``repair``: repair) again."""
    again = f"legevakt solve {path} --repair" if repair else f"legevakt solve {path} --save"
    return ("Hva kan gjøres: motoren fant ingen regel å lette på alene. Se på fraværet og "
            "fritakene til legene over, eller legg til en lege eller vikar («legevakt import "
            f"{path} LEGER.csv», med fravær utenom dagene vikaren kan ta), og kjør «{again}» "
            "igjen.")


def apply_fix_advice(path: Path, fixes: int, repair: bool = False) -> str:
    """How to apply one of the numbered fixes from the command line (a bundled sample: on a
    copy, since it is never changed; ``repair``: and repair with it, not solve anew)."""
    which = ("--repair " if repair else "") + "--apply-fix " + ("1" if fixes == 1 else "NR")
    if is_bundled_sample(path):
        text, copy = sample_copy(path)
        return f"{text} og bruk en lettelse med «legevakt solve {copy} {which}»"
    return (f"Bruk en lettelse med «legevakt solve {path} {which}»: endringen lagres "
            "i prosjektet (forrige versjon i .bak), og turnusen lages på nytt (med --save "
            "lagres også den).")


def _progress_printer(quiet: bool):
    last = [0.0]

    def on_progress(p: Any) -> None:
        if quiet or p.elapsed - last[0] < 1.0:
            return
        last[0] = p.elapsed
        if p.level == "feasibility":  # no rota yet: nothing to show but that it is searching
            print(f"  {decimal(p.elapsed):>5} s  leter etter en første gyldig turnus …", file=sys.stderr)
            return
        level = LEVEL_NAMES.get(p.level, p.level)
        print(f"  {decimal(p.elapsed):>5} s  nivå {level}: beste {level_value(p.level, p.objective)}"
              f", nedre grense {level_value(p.level, p.bound)}", file=sys.stderr)

    return on_progress


def _solve_interruptibly(stop: threading.Event, work: Callable[[], Any]) -> Any:
    """Run ``work`` (a solve with ``stop`` as its cancel token) in a thread while this one
    waits, so Ctrl-C is seen at once: it sets ``stop``, and the solve returns within a
    second. (A signal handler runs only in the main thread, and not while it waits inside
    CP-SAT.)"""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = work()
        except BaseException as err:  # noqa: BLE001 - handed back to the caller below
            box["error"] = err

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set()) if main else None
    try:
        worker = threading.Thread(target=run, name="legevakt-solve", daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    if "error" in box:
        raise box["error"]
    return box["result"]


def deterministic(args: argparse.Namespace) -> bool:
    """Whether the engine runs deterministically: as ``--deterministic`` /
    ``--no-deterministic`` says, else for a repair. A repair looked at and then saved is two
    runs, and the doctors are told from the first: on the clock the second may give the vakter
    to others (QA, interkommunal: Kjetil's 15.03 Kveld went to Sigrid, then to Kari)."""
    chosen = getattr(args, "deterministic", None)
    return bool(getattr(args, "repair", False)) if chosen is None else bool(chosen)


def same_options(args: argparse.Namespace) -> str:
    """The options besides the defaults that decide a deterministic rota (« --time-limit 10»),
    for a command that must make the same one again."""
    given = [(f"--time-limit {args.time_limit:g}", args.time_limit != SOLVE_TIME_LIMIT),
             (f"--workers {args.workers}", args.workers != SOLVE_WORKERS),
             (f"--seed {args.seed}", args.seed != SOLVE_SEED)]
    return "".join(f" {option}" for option, differs in given if differs)


def run_solve(args: argparse.Namespace) -> int:
    from legevakt_app.engine_input import nothing_to_solve
    from legevakt_app.project_io import load_project_stamped, save_project
    from legevakt_app.rota_source import source_from_project, write_result_file
    from solver.solve import solve

    if args.time_limit <= 0:
        raise UserError(f"--time-limit {args.time_limit:g}: må være mer enn 0 sekunder")
    if args.workers < 1:
        raise UserError(f"--workers {args.workers}: må være minst 1")
    fix_number = getattr(args, "apply_fix", None)
    if fix_number is not None and fix_number < 1:
        raise UserError(f"--apply-fix {fix_number}: lettelsene er nummerert fra 1 (se «Mulige "
                        "lettelser» når ingen turnus finnes)")
    path = resolve_path(args.project)
    if args.out:  # refuse a bad target before minutes of solving, not after
        guard_output("--out", args.out, [path])
    for option, wanted, then in (
            ("--save", args.save, "og løs kopien (eller Fil → Lagre som … i appen)"),
            ("--apply-fix", fix_number is not None, "og bruk lettelsen på kopien")):
        if not wanted:
            continue
        refuse_sample(option, path, then)
        if path.exists():  # a missing project is the loader's to report
            try:
                check_writable(path)
            except WriteFailed as err:
                raise UserError(f"{option}: {cannot_write(path, err, 'lagre')}") from None
    # the stamp of what was read: --save does not overwrite a change made while solving
    project, stamp = load_project_stamped(path)
    source = source_from_project(project)
    if (nothing := nothing_to_solve(source.problem)) is not None:
        raise UserError(f"{path}: {nothing}")
    repair = None
    replacing = getattr(args, "replace_published", False)
    if (args.save and project.snapshots and not getattr(args, "repair", False)
            and not replacing):
        # as the app asks before it replaces a published rota (Reparer / likevel / avbryt)
        from legevakt_app.snapshots import latest_snapshot

        published = latest_snapshot(project)
        raise UserError(
            f"--save: turnusen i {path} er publisert («{published.name}»), og en ny løsing "
            "lager en helt annen turnus. Etter en endring (fravær, sykdom) flytter "
            f"«legevakt solve {path} --repair --save» færrest mulig av de publiserte vaktene; "
            "vil du likevel erstatte den publiserte turnusen, legg til --replace-published "
            "(legene må da få nye kalendere). Ingenting er endret.")
    if getattr(args, "repair", False) and not project.rota:
        raise UserError(f"--repair: {path} har ingen lagret turnus å reparere (lag den "
                        f"først med «legevakt solve {path} --save»)")
    fixed = None
    if fix_number is not None:
        # the fix is made and saved first: the solve below is of the project with it
        outcome = _apply_fix_first(args, path, project, stamp, fix_number)
        if isinstance(outcome, int):
            return outcome
        fixed = outcome
        project, stamp = fixed.project, fixed.stamp
        source = source_from_project(project)
        if (nothing := nothing_to_solve(source.problem)) is not None:
            raise UserError(f"{path}: {nothing}")
    if getattr(args, "repair", False):
        from legevakt_app.snapshots import repair_base

        repair = repair_base(project)
        stored = list(project.rota)  # what the repair's changes are told against, if unpublished
    if not args.quiet:
        print(
            f"{path}: {count(len(source.problem.shifts), 'vakt', 'vakter')}, "
            f"{count(len(source.problem.doctors), 'lege', 'leger')}; "
            f"løser (inntil {number(args.time_limit)} s, {args.workers} tråder) …",
            file=sys.stderr,
        )
    started = time.perf_counter()
    stop = threading.Event()
    result = _solve_interruptibly(stop, lambda: solve(
        source.problem,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        on_progress=_progress_printer(args.quiet),
        cancel_token=stop,
        deterministic=deterministic(args),
        repair_from=repair,
    ))
    only_fix = f" (bare lettelsen er lagret i {path})" if fixed is not None else ""
    if stop.is_set():
        print(f"Avbrutt (Ctrl-C): {'turnusen er ikke lagret' if fixed else 'ingenting er lagret'}"
              f"{only_fix}.", file=sys.stderr)
        return EXIT_INTERRUPTED
    if result.status == "too_large":
        raise UserError(explanation_text(result.explanation, project))
    if not result.rota.assignments:
        if args.save and project.rota:  # a repair that cannot be made changes nothing
            print(f"{'Turnusen er ikke lagret' if fixed else 'Ingenting er lagret'}: turnusen i "
                  f"{path} er som før{only_fix}.", file=sys.stderr)
        if result.status != "infeasible":
            # time ran out before a first rota, and the counting found nothing impossible
            print(out_of_time_text(args.time_limit), file=sys.stderr)
            return EXIT_NO_ROTA
        print("Ingen turnus finnes:", file=sys.stderr)
        for line in explanation_lines(result.explanation, project, path,
                                      repair=repair is not None):
            print(line, file=sys.stderr)
        return EXIT_NO_ROTA
    source.rota = result.rota
    # written before anything is printed: a reader that goes away (``| head``) loses lines,
    # never the saved rota
    written: list[str] = []
    if args.out:
        try:
            write_result_file(args.out, source, result)
        except OSError as err:
            raise UserError(f"--out {cannot_write(args.out, err)}") from None
        written.append(f"Resultat: {args.out}")
    if args.save:
        from legevakt_app.domain import PublishedAssignment

        # the cells locked before (by hand, or published and locked) stay locked, as in the app
        locked = {(a.shift_id, a.role, a.doctor_id) for a in project.rota if a.locked}
        project.rota = [
            PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role,
                                locked=a.locked or (a.shift_id, a.role, a.doctor_id) in locked)
            for a in result.rota.assignments
        ]
        from legevakt_app.solve_record import solve_record

        project.solved = solve_record(project, result)  # the figures go with the rota
        try:
            # after a fix, the .bak keeps the file as it was before the fix, not the fix alone
            saved = save_project(project, path, backup=fixed is None, expected=stamp)
        except FileChanged as err:
            raise UserError(_changed_while_solving(err, path, args.out, source, result)) from None
        except OSError as err:
            done = f" ({written[0]} er skrevet)" if written else ""
            after_fix = " (med lettelsen)" if fixed else ""
            raise UserError(f"--save: {cannot_write(path, err, 'lagre')}; filen er som før"
                            f"{after_fix}{done}") from None
        kept = previous_version(saved) if fixed is None else (
            f"{fixed.kept}, fra før lettelsen" if fixed.kept else None)
        written.append(f"Lagret turnusen i {path}" + (f" ({kept})" if kept else ""))
        if repair is None and project.snapshots:
            from legevakt_app.snapshots import diff_against_latest

            diff = diff_against_latest(project)
            if diff is not None and diff.changed:
                moved = len(diff.moved) + len(diff.removed)
                print(f"Merk: turnusen var publisert; {count(moved, 'tildeling', 'tildelinger')} "
                      f"er flyttet, og {count(len(diff.affected_doctors()), 'lege', 'leger')} "
                      f"har fått endringer. Send dem de nye kalenderne («legevakt export {path} "
                      "--ics-dir MAPPE --publish»).", file=sys.stderr)
    if repair is not None:
        note = unfinished_note(result, args.time_limit, bool(project.snapshots))
        # no «send the calendars» for changes a finished repair may not make
        written += repair_lines(project, stored, result.rota, source.problem, path,
                                args.save and note is None)
        if note is not None:
            written.append(note)
        from legevakt_app.snapshots import left_out, left_out_note

        if idle := left_out(source.problem, result.rota):
            names = {d.id: d.name for d in source.problem.doctors}
            written.append("Merk: " + left_out_note(
                [names[d] for d in idle],
                f"lås vaktene som skal stå («legevakt edit {path} lock --to DATO»), løs "
                f"resten uten --repair («legevakt solve {path} --save --replace-published») og "
                "publiser den nye turnusen (export --publish), så en senere reparasjon regner "
                "fra den."))
    first = decimal(result.seconds_to_first_feasible or 0)
    print(f"Status: {STATUS.get(result.status, result.status)} "
          f"({decimal(time.perf_counter() - started)} s; første gyldige turnus etter {first} s)")
    for level in result.levels:
        print(f"  {level_line(level)}")
    if (longer := longer_time_text(result, args.time_limit)) is not None:
        print(f"  {longer}")
    if result.perfect_fairness_bound is not None:
        print(f"  Perfekt rettferdighet (analytisk grense): "
              f"{decimal(result.perfect_fairness_bound, 2)}")
    if result.objective is not None:
        margin = f"{source.problem.rules.fairness_margin * 100:g}".replace(".", ",")
        print(f"  Største belastning per andel i turnusen: {decimal(result.objective, 2)} "
              f"(rettferdighetsmargin {margin} % for netter, helger og avstand)")
    for line in _outcome_lines(source, result):
        print(f"  {line}")
    names = {d.id: d.name for d in source.problem.doctors}
    print(f"{'Lege':<26}{'vakter':>7}{'vakttimer':>10}{'netter':>7}{'i helg':>8}"
          f"{'bakvakter':>10}{'bakvakttimer':>13}  1:N")
    from legevakt_app.reports import workload_report

    # 1:N as the app and the report count it: in weeks for ukevakt («1:4 u»)
    loads = {d.doctor_id: d for d in workload_report(source).doctors}
    for m in result.metrics:
        load = loads.get(m.id)
        ratio = (f"1:{ratio_number(load.rotation_ratio)}"
                 + (" u" if load.rotation_unit == "uke" else "")
                 if load is not None and load.rotation_ratio else "–")
        print(f"{names.get(m.id, m.id):<26}{m.shifts:>7}{decimal(m.hours):>10}{m.nights:>7}"
              f"{m.weekends:>8}{m.bakvakter:>10}{decimal(m.bakvakt_hours):>13}  {ratio}")
    for line in written:
        print(line)
    if not args.save and not args.out:  # the last line: the rota above is not kept anywhere
        print(not_kept_text(path, repair is not None, fixed is not None,
                            same_options(args), deterministic(args)))
    return EXIT_OK


def not_kept_text(path: Path, repair: bool, fixed: bool, options: str = "",
                  same: bool = False) -> str:
    """After a rota found but neither saved (``--save``) nor written (``--out``): that it is
    not kept, and how to keep one (``repair``: by repairing again; ``fixed``: the fix was
    saved, the rota not, and solving again needs no ``--apply-fix``). A repair that was
    deterministic (``same``) is made again by the same command with the same ``options``
    (:func:`same_options`), so the changes listed above are the ones the doctors are told."""
    head = ("Turnusen er ikke lagret (bare lettelsen er det)" if fixed
            else "Turnusen er ikke lagret")
    again = "--repair --save" + (options if same else "") if repair else "--save"
    if is_bundled_sample(path):
        text, copy = sample_copy(path)
        return (f"{head}: den står bare her. {text} og lagre turnusen med «legevakt solve "
                f"{copy} {again}», eller skriv den til en fil med --out FIL.")
    if repair and same:
        anew = ("med de samme valgene lagrer den nøyaktig denne reparasjonen, så legene får "
                "beskjed etter listen over")
    elif repair:
        # --no-deterministic: on the clock the repair saved may give the vakter to other
        # doctors than the list printed above, whom the leader must not tell
        anew = ("reparasjonen kjøres på nytt og kan gi vaktene til andre leger enn over: gi "
                "legene beskjed etter listen den skriver")
    else:
        anew = "løsingen kjøres på nytt"
    return (f"{head}: den står bare her. Lagre den i prosjektet med «legevakt solve {path} "
            f"{again}» ({anew}), eller skriv den til en fil med --out FIL.")


@dataclass(frozen=True)
class FixApplied:
    """A fix made on the project and saved: the project as saved, the stamp of what the file
    now holds, and where its version from before the fix was kept («forrige versjon i …»)."""

    project: Project
    stamp: FileStamp
    kept: str | None


def _apply_fix_first(args: argparse.Namespace, path: Path, project: Project, stamp: FileStamp,
                     number_: int) -> FixApplied | int:
    """``--apply-fix NR``: solve the project as it is, with the same settings, for the
    explanation's fixes; make fix ``number_`` on the project and save it. An exit code when
    nothing was made (interrupted, or no rota and no explanation within the time); bad input
    (no such fix, one the leader must make herself, a project that has a rota as it is) raises
    :class:`UserError`. Nothing is saved unless the fix is."""
    import json

    from legevakt_app.fixes import apply_fix, by_hand, fix_text
    from legevakt_app.project_io import (
        ProjectError,
        dumps_project,
        project_from_document,
    )
    from legevakt_app.rota_source import source_from_project
    from solver.solve import solve

    option = f"--apply-fix {number_}"
    problem = source_from_project(project).problem
    repair = None
    if getattr(args, "repair", False):
        from legevakt_app.snapshots import repair_base

        repair = repair_base(project)
    if not args.quiet:
        print(f"{path}: løser prosjektet slik det er nå for å finne lettelsene (inntil "
              f"{number(args.time_limit)} s) …", file=sys.stderr)
    stop = threading.Event()
    result = _solve_interruptibly(stop, lambda: solve(
        problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed,
        on_progress=_progress_printer(args.quiet), cancel_token=stop,
        deterministic=deterministic(args), repair_from=repair))
    if stop.is_set():
        print("Avbrutt (Ctrl-C): ingenting er lagret.", file=sys.stderr)
        return EXIT_INTERRUPTED
    if result.status == "too_large":
        raise UserError(explanation_text(result.explanation, project))
    if result.rota.assignments:
        raise UserError(f"{option}: en turnus finnes slik prosjektet er nå, så ingen lettelse "
                        f"trengs; ingenting er endret (kjør «legevakt solve {path}» uten "
                        "--apply-fix)")
    if result.status != "infeasible":
        print(f"{option}: ingenting er endret. {out_of_time_text(args.time_limit)}",
              file=sys.stderr)
        return EXIT_NO_ROTA
    fixes = list(getattr(result.explanation, "fixes", None) or [])
    if not fixes or number_ > len(fixes):  # what there is to choose from
        print("Ingen turnus finnes:", file=sys.stderr)
        for line in explanation_lines(result.explanation, project, path, advice=False):
            print(line, file=sys.stderr)
    if not fixes:
        raise UserError(f"{option}: forklaringen over har ingen lettelser å bruke; ingenting "
                        "er endret")
    if number_ > len(fixes):
        valid = "1" if len(fixes) == 1 else f"et tall fra 1 til {len(fixes)}"
        raise UserError(f"{option}: det er {count(len(fixes), 'mulig lettelse', 'mulige lettelser')}"
                        f" (over); velg {valid}; ingenting er endret")
    fix = fixes[number_ - 1]
    text = fix_text(project, fix)
    if (reason := by_hand(project, fix)) is not None:
        raise UserError(f"{option}: «{text}» kan ikke brukes herfra: {reason}. "
                        f"{_by_hand_advice(fix, path)}; ingenting er endret")
    try:
        after = apply_fix(project, fix)
        # what is saved is a project the app and every command can open
        after = project_from_document(json.loads(dumps_project(after)), str(path))
    except ValueError as err:
        raise UserError(f"{option}: {err}; ingenting er endret") from None
    except ProjectError as err:  # not expected: the fix would make a file that cannot be read
        from legevakt_app.messages import reference_problem_text

        problems = "; ".join(reference_problem_text(p) for p in err.problems)
        raise UserError(f"{option}: lettelsen ville gitt en ugyldig prosjektfil ({problems}); "
                        "ingenting er endret") from None
    saved = save_or_refuse(after, path, stamp, "lettelsen er ikke lagret (den ville overskrevet "
                           "den endringen)", prefix=f"{option}: ")
    kept = previous_version(saved)
    print(f"Lettelse {number_} brukt: {text}")
    print(f"Lettelsen er lagret i {path}" + (f" ({kept})" if kept else "")
          + ("; turnusen lages nå" if args.save else "; turnusen lages nå (lagres ikke uten --save)"))
    sys.stdout.flush()  # said before the solve that follows, which takes a while
    return FixApplied(after, saved.stamp, kept)


def _by_hand_advice(fix: Any, path: Path) -> str:
    """Where the leader makes a fix the engine leaves to her."""
    if fix.kind == "share":
        return ("Sett Vaktandel under Leger i appen, eller importer legelisten med den nye "
                f"vaktandelen («legevakt import {path} LEGER.csv --apply»), og løs igjen")
    if fix.kind == "exception":
        return ("Endre unntaket under Vakter og regler i appen (i prosjektfilen: "
                "rules.exceptions), og løs igjen")
    return "Gjør endringen i appen, og løs igjen"


def longer_time_text(result: Any, time_limit: float) -> str | None:
    """«Ikke bevist innen tidsgrensen (60 s): nivå 2 …; prøv --time-limit 180.» when the
    time limit stopped the solve with a level of the objective not proven (a repair's moves
    have :func:`unfinished_note`); None when every level is proven."""
    if result.status != "feasible":
        return None
    open_levels = [level for level in result.levels
                   if level.name != "moves" and level.status != "optimal"]
    if not open_levels:
        return None
    which = "; ".join(f"nivå {LEVEL_NAMES.get(level.name, level.name)}" for level in open_levels)
    more = max(180, round(time_limit * 3))
    return (f"Ikke bevist innen tidsgrensen ({number(time_limit)} s): {which}. Med lengre tid "
            "kan motoren finne en jevnere turnus eller bevise at denne er best: prøv "
            f"--time-limit {more}.")


def _outcome_lines(source: Any, result: Any = None) -> list[str]:
    """What the level values mean for the doctors, as the report and the app say it: who is
    outside the fair number of nights, weekends or høytid (and what the sharing level's value
    counts besides: :func:`legevakt_app.reports.fairness.sharing_note`), the vakter closer
    than a soft spacing limit, whose wishes are not met (with the days), and who carries a
    full share in what a partial fritak leaves."""
    from legevakt_app.reports.fairness import fairness_report, outside_text, sharing_note
    from legevakt_app.reports.wishes import unmet_lines
    from legevakt_app.summary import pressure_notes
    from solver.checker import soft_breaches_text

    report = fairness_report(source)
    lines = [outside_text(report)]
    if result is not None and (note := sharing_note(result, report)) is not None:
        lines.append(note)
    if soft := soft_breaches_text(source.problem, source.rota):
        # what the leader may ask next: could none be too close, and at what cost
        lines.append(f"{soft} («legevakt report PROSJEKT --scenario hard_spacing» viser hva "
                     "en turnus med avstandsreglene absolutte gir)")
    lines += unmet_lines(report.unmet_wishes)
    # as «legevakt check» says it: a partial fritak with a full share takes most of what the
    # fritak leaves (liten-kommune: every weekend day), which the counts do not measure
    return lines + [f"Merk: {note}" for note in pressure_notes(source.problem)]


def repair_lines(project: Any, stored: Any, rota: Any, problem: Any, path: Any,
                 send: bool) -> list[str]:
    """After a repair: how many vakter moved, and what the leader must tell each doctor whose
    vakter now differ from the published rota (or, with nothing published, the stored one);
    ``send``: and how to send them their calendars (the repair is saved and finished)."""
    from legevakt_app.domain import PublishedAssignment
    from legevakt_app.snapshots import (
        diff_assignments,
        doctor_notices,
        known_names,
        latest_snapshot,
    )

    snapshot = latest_snapshot(project)
    before = snapshot.assignments if snapshot is not None else stored
    after = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
             for a in rota.assignments]
    diff = diff_assignments(before, after)
    # a bakvakt no longer needed (its vakt went to a vaktkompetent doctor) is released, not
    # moved, as the repair counts (solver.objective.move_costs); its doctor is told all the same
    released = sum(1 for c in diff.removed if c.role == "bakvakt")
    moved = len(diff.moved) + len(diff.removed) - released
    told = "var publisert" if snapshot is not None else "var lagret"
    lines = [f"Flyttet: {count(moved, 'tildeling', 'tildelinger')} av de "
             f"{number(len(before))} som {told}"
             + (f" (og {count(released, 'bakvakt', 'bakvakter')} som ikke trengs lenger)"
                if released else "")]
    against = (f"den publiserte turnusen («{snapshot.name}»)" if snapshot is not None
               else "den lagrede turnusen")
    if not diff.changed:
        return [*lines, f"Ingen lege har fått endringer mot {against}."]
    doctors = len(diff.affected_doctors())
    lines.append(f"Endringer mot {against}, per lege"
                 + (f" ({count(doctors, 'lege', 'leger')} må få beskjed):" if snapshot is not None
                    else ":"))
    lines += [f"  {line}" for line in doctor_notices(diff, known_names(project),
                                                     {s.id: s for s in problem.shifts})]
    if snapshot is not None and send:
        lines.append(f"Send {'legen' if doctors == 1 else 'dem'} de nye kalenderne: «legevakt "
                     f"export {path} --ics-dir MAPPE --publish» (en vakt som er tatt fra en "
                     "lege, avlyses i legens kalender).")
    return lines


def unfinished_note(result: Any, time_limit: float, published: bool) -> str | None:
    """«Merk: reparasjonen ble ikke ferdig innen tidsgrensen: …» when a repair stopped before
    it had found its fewest moves (its rota may change far more than it needs to); None when
    it finished."""
    unfinished = unfinished_repair(result)
    if unfinished is None:
        return None
    more = max(120, round(time_limit * 4))
    again = " (den regner fra den publiserte turnusen igjen)" if published else ""
    return (f"Merk: reparasjonen ble ikke ferdig innen tidsgrensen: turnusen {unfinished}. "
            f"Kjør «--repair» igjen med lengre tid før legene får beskjed, for eksempel "
            f"--time-limit {more}{again}.")


def _changed_while_solving(err: FileChanged, path: Any, out: str | None, source: Any,
                           result: Any) -> str:
    """The message when the project changed on disk while it was solved (another command, the
    app): the file is left as the other change made it, and the rota goes to ``--out`` or, without
    it, to a result file of its own beside the project, so nothing is lost."""
    from legevakt_app.rota_source import write_result_file

    head = (f"--save: {changed_text(err)}. Turnusen er ikke lagret i prosjektet (det ville "
            "overskrevet den endringen), og filen er som den andre endringen gjorde den.")
    again = (f"Kjør «legevakt solve {path} --save» igjen, så turnusen tar med endringen (den "
             "ble laget ut fra filen slik den var da løsingen begynte).")
    if out:
        return f"{head} Turnusen ligger i {out}. {again}"
    side = side_result_path(path)
    try:
        write_result_file(side, source, result)
    except OSError as write_err:
        return (f"{head} Den kunne heller ikke skrives til en egen fil "
                f"({cannot_write(side, write_err)}). {again}")
    return f"{head} Turnusen ligger i {side} (en resultatfil). {again}"


def side_result_path(project_path: Any) -> Any:
    """A new result file beside the project, «turnus.legevakt.json» →
    «turnus.ulagret-turnus-20270105-101500.json» (never an existing file)."""
    from pathlib import Path

    project = Path(project_path)
    stem = project.name.removesuffix(".json").removesuffix(".legevakt") or "prosjekt"
    when = time.strftime("%Y%m%d-%H%M%S")
    n = 1
    while True:
        candidate = project.with_name(f"{stem}.ulagret-turnus-{when}"
                                      f"{'' if n == 1 else f'-{n}'}.json")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
        n += 1
