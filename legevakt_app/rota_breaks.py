"""Which of a stored rota's vakter break a hard rule, as ``legevakt check`` lists them, and which
breaks a change to the doctors (an imported absence, say) brings to a rota that is already
saved or published. The rules are the independent checker's (:func:`solver.checker.check`);
nothing here judges a rule of its own."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legevakt_app.domain import Project

# rule breaks a preview lists (import, ledger: the rest in ``legevakt check``, which lists all)
MAX_LISTED = 20


def in_time_order(problem: Any, violations: list[Any], names: dict[str, str]) -> list[Any]:
    """``violations`` by the start of their vakt (those without one last), then by doctor."""
    starts = {s.id: s.start for s in problem.shifts}
    latest = datetime.max.replace(tzinfo=None)

    def key(v: Any) -> tuple[Any, ...]:
        start = starts.get(v.shift_id or "")
        moment = start.replace(tzinfo=None) if start is not None else latest
        return (start is None, moment, names.get(v.doctor_id or "", v.doctor_id or ""), v.message)

    return sorted(violations, key=key)


def violation_lines(project: Project, violations: list[Any], problem: Any,
                    more: str = "appen viser alle under Kontroll",
                    limit: int | None = MAX_LISTED) -> list[str]:
    """``  - Fravær og fritak: Ola Hallingset har annet fravær (07.03 …)``, one per break in
    time order, at most ``limit`` of them (None: every one, as ``legevakt check`` lists them;
    ``more``: where to see the rest)."""
    names = {d.id: d.name for d in project.doctors}
    lines = []
    ordered = in_time_order(problem, violations, names)
    shown = ordered if limit is None else ordered[:limit]
    for v in shown:
        name = names.get(v.doctor_id or "", "")
        who = f" ({name})" if name and name not in v.message else ""
        lines.append(f"  - {v.rule_name}: {v.message}{who}")
    if len(ordered) > len(shown):
        lines.append(f"  … og {len(ordered) - len(shown)} til ({more})")
    return lines


def new_breaks(before: Project, after: Project, problem: Any, everyone: bool = False
               ) -> list[Any]:
    """The hard-rule breaks of ``after``'s stored rota that ``before`` (the same rota, the
    doctors as they were) did not have: what a change to the doctors did to the rota
    (``problem``: ``after``'s, as the engine sees it). Only the changed doctors' rules and
    their vakter are checked; ``everyone`` (a change of the rules): every doctor's and vakt's.
    Empty without a stored rota."""
    from legevakt_app.engine_input import build_problem, project_rota
    from solver.checker import check

    if not after.rota:
        return []
    rota = project_rota(after)
    if everyone:
        old = set(check(build_problem(before), project_rota(before)))
        return [v for v in check(problem, rota) if v not in old]
    was = {d.id: d for d in before.doctors}
    changed = {d.id for d in after.doctors if was.get(d.id) != d}
    if not changed:
        return []
    shifts = {a.shift_id for a in rota.assignments if a.doctor_id in changed}
    old = set(check(build_problem(before), project_rota(before), doctors=changed, shifts=shifts))
    return [v for v in check(problem, rota, doctors=changed, shifts=shifts) if v not in old]


def new_break_lines(before: Project, after: Project, path: Any, done: bool,
                    everyone: bool = False) -> list[str]:
    """What a change does to the stored rota, for the leader: how many vakter it breaks, each
    (whose, which day), and how to move them with as few changes as possible; no lines when
    it breaks none. ``done``: the change is saved (else it is a preview); ``everyone``: the
    change may touch every doctor's vakter (the rules), not only the changed doctors'."""
    from legevakt_app.engine_input import build_problem
    from legevakt_app.wording import count

    if not after.rota:
        return []
    problem = build_problem(after)
    breaks = new_breaks(before, after, problem, everyone)
    if not breaks:
        return []
    vakter = {(v.doctor_id, v.shift_id) for v in breaks if v.shift_id}
    which = "den publiserte turnusen" if after.snapshots else "den lagrede turnusen"
    verb = "bryter nå" if done else "vil bryte"
    head = (f"Merk: endringen {verb} reglene på {count(len(vakter), 'vakt', 'vakter')} i {which} "
            f"({count(len(breaks), 'regelbrudd', 'regelbrudd')}):")
    where = (f"«legevakt check {path}» viser alle" if done
             else f"etter importen viser «legevakt check {path}» alle")
    lines = [head] + violation_lines(after, breaks, problem, more=where)
    step = "Flytt dem" if done else "Etter importen: flytt dem"
    lines.append(f"  {step} med «legevakt solve {path} --repair», som flytter så få av "
                 "vaktene som mulig (med --save lagres flyttingen).")
    return lines


def print_saved(before: Project, after: Project, path: Any, saved: Any, later: str,
                everyone: bool = False) -> None:
    """After a command saved ``after`` over ``before`` at ``path`` (``saved``: the file
    written): where it is saved (and the previous version kept), then what the change makes
    the stored rota break (:func:`new_break_lines`), or, when nothing, that the rota is
    unchanged and ``later`` (when the change counts: «de nye reglene gjelder når …»)."""
    from legevakt_app.file_errors import previous_version

    kept = previous_version(saved)
    print(f"Lagret i {path}" + (f" ({kept})" if kept else ""))
    breaks = new_break_lines(before, after, path, done=True, everyone=everyone)
    for line in breaks:
        print(line)
    if after.rota and not breaks:
        print(f"Merk: den lagrede turnusen er ikke endret; {later}.")
