"""``legevakt solve PROJECT [--out RESULT.json] [--save]``: build the fairest rota.

Exit codes: 0 a rota was found, 1 no rota exists (the Norwegian explanation is printed),
2 bad input, or ``--save`` found the project changed on disk while it solved (nothing is saved
over that change; the rota is in ``--out`` or, without it, in a result file beside the project).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from legevakt_app.cli import (
    EXIT_INTERRUPTED,
    EXIT_NO_ROTA,
    EXIT_OK,
    UserError,
    guard_output,
    refuse_sample,
    resolve_path,
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


def run_solve(args: argparse.Namespace) -> int:
    from legevakt_app.engine_input import nothing_to_solve
    from legevakt_app.project_io import load_project_stamped, save_project
    from legevakt_app.rota_source import source_from_project, write_result_file
    from solver.solve import solve

    if args.time_limit <= 0:
        raise UserError(f"--time-limit {args.time_limit:g}: må være mer enn 0 sekunder")
    if args.workers < 1:
        raise UserError(f"--workers {args.workers}: må være minst 1")
    path = resolve_path(args.project)
    if args.out:  # refuse a bad target before minutes of solving, not after
        guard_output("--out", args.out, [path])
    if args.save:
        refuse_sample("--save", path, "og løs kopien (eller Fil → Lagre som … i appen)")
        if path.exists():  # a missing project is the loader's to report
            try:
                check_writable(path)
            except WriteFailed as err:
                raise UserError(f"--save: {cannot_write(path, err, 'lagre')}") from None
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
    if getattr(args, "repair", False):
        if not project.rota:
            raise UserError(f"--repair: {path} har ingen lagret turnus å reparere (lag den "
                            f"først med «legevakt solve {path} --save»)")
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
        deterministic=getattr(args, "deterministic", False),
        repair_from=repair,
    ))
    if stop.is_set():
        print("Avbrutt (Ctrl-C): ingenting er lagret.", file=sys.stderr)
        return EXIT_INTERRUPTED
    if result.status == "too_large":
        raise UserError(explanation_text(result.explanation, project))
    if not result.rota.assignments:
        if args.save and project.rota:  # a repair that cannot be made changes nothing
            print(f"Ingenting er lagret: turnusen i {path} er som før.", file=sys.stderr)
        if result.status != "infeasible":
            # time ran out before a first rota, and the counting found nothing impossible
            print(out_of_time_text(args.time_limit), file=sys.stderr)
            return EXIT_NO_ROTA
        print("Ingen turnus finnes:", file=sys.stderr)
        print(explanation_text(result.explanation, project), file=sys.stderr)
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
            saved = save_project(project, path, expected=stamp)
        except FileChanged as err:
            raise UserError(_changed_while_solving(err, path, args.out, source, result)) from None
        except OSError as err:
            done = f" ({written[0]} er skrevet)" if written else ""
            raise UserError(f"--save: {cannot_write(path, err, 'lagre')}; filen er som før"
                            f"{done}") from None
        kept = previous_version(saved)
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
    if result.perfect_fairness_bound is not None:
        print(f"  Perfekt rettferdighet (analytisk grense): "
              f"{decimal(result.perfect_fairness_bound, 2)}")
    if result.objective is not None:
        margin = f"{source.problem.rules.fairness_margin * 100:g}".replace(".", ",")
        print(f"  Største belastning per andel i turnusen: {decimal(result.objective, 2)} "
              f"(rettferdighetsmargin {margin} % for netter, helger og avstand)")
    for line in _outcome_lines(source):
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
    return EXIT_OK


def _outcome_lines(source: Any) -> list[str]:
    """What the level values mean for the doctors, as the report and the app say it: who is
    outside the fair number of nights, weekends or høytid, the vakter closer than a soft
    spacing limit, whose wishes are not met (with the days), and who carries a full share in
    what a partial fritak leaves."""
    from legevakt_app.reports.fairness import fairness_report, outside_text
    from legevakt_app.reports.wishes import unmet_lines
    from legevakt_app.summary import pressure_notes
    from solver.checker import soft_breaches_text

    report = fairness_report(source)
    lines = [outside_text(report)]
    if soft := soft_breaches_text(source.problem, source.rota):
        lines.append(soft)
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
