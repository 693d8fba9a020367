"""What the window shows about a project besides the project itself: its cross-field
problems, the engine's view of it and the independent checker's verdict on its rota.

Pure Python (no Qt), so it can be computed in a worker thread: when a solve finishes, the
new rota is checked there and the GUI thread only redraws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from legevakt_app.coverage import coverage_gaps, gap_lines, gap_summary
from legevakt_app.domain import Project
from legevakt_app.engine_input import (
    build_problem,
    nothing_to_solve,
    project_rota,
    with_doctors,
    with_locks,
)
from legevakt_app.project_io import Problem, reference_problems


@dataclass(frozen=True)
class Checked:
    """``project`` with everything derived from it."""

    project: Project
    project_problems: list[Problem] = field(default_factory=list)
    problem: Any = None  # solver.problem.Problem, None while project_problems is not empty
    violations: list[Any] = field(default_factory=list)  # solver.checker.Violation
    soft: str = ""  # the soft spacing limits the rota breaks (solver.checker.soft_breaches_text)
    # no rota yet: what makes every rota impossible, found without solving (the pre-checks of
    # solver.explain and the pre-assigned vakter that break a hard rule), as `legevakt check`;
    # None: not counted yet (``check_project(prechecks_later=True)``: the window counts them in
    # a worker, 50-150 ms on a 40-doctor year)
    blockers: list[tuple[str, tuple[Any, ...]]] | None = field(default_factory=list)  # (text, target)
    # holes in the cover (legevakt_app.coverage): times the district normally covers with no
    # shift at all on some days (Easter when no vakttype runs on a Sunday), as `legevakt check`
    gaps: list[str] = field(default_factory=list)
    # (doctor id, note): a partial fritak with a full vaktandel that leaves the doctor most of
    # what the fritak does not cover (summary.pressure_notes), as `legevakt check` says it;
    # None: not counted yet (``check_project(notes_later=True)``: the window counts them in a
    # worker, a quarter of a second on a 40-doctor year)
    notes: list[tuple[str, str]] | None = field(default_factory=list)


def same_inputs(a: Project, b: Project) -> bool:
    """True when ``a`` and ``b`` share everything except the rota (and snapshots): then the
    engine's problem is the same. Identity, not equality: cheap, and every edit that changes
    an input makes a new copy of it."""
    return (a.district is b.district and a.period is b.period and a.doctors is b.doctors
            and a.templates is b.templates and a.rules is b.rules)


def only_doctors_changed(a: Project, b: Project) -> bool:
    """True when ``b`` is ``a`` with other doctors (a ferie marked): the same district, period,
    vakttyper and rules (identity, as :func:`same_inputs`)."""
    return (a.doctors is not b.doctors and a.district is b.district and a.period is b.period
            and a.templates is b.templates and a.rules is b.rules)


def same_cover(a: Project, b: Project) -> bool:
    """True when ``a`` and ``b`` have the same shifts (what the holes in the cover are found
    from): the same district, period, vakttyper and rules; the doctors may differ."""
    return (a.period == b.period and a.templates == b.templates and a.rules == b.rules
            and a.district == b.district)


def has_partial_fritak(problem: Any) -> bool:
    """Whether any doctor with a vaktandel has a partial fritak: only they get a note."""
    return any(d.share > 0 and any(e.scope != "full" for e in d.exemptions)
               for d in problem.doctors)


def pressure_notes_of(problem: Any) -> list[tuple[str, str]]:
    """:attr:`Checked.notes` for the engine's ``problem``."""
    from legevakt_app.summary import pressure_by_doctor

    return pressure_by_doctor(problem) if has_partial_fritak(problem) else []


def blockers_of(problem: Any, project: Project) -> list[tuple[str, tuple[Any, ...]]]:
    """:attr:`Checked.blockers` for the engine's ``problem`` of ``project`` (no rota yet)."""
    from solver.explain import pre_assigned_breaks, precheck

    blockers = [(text, ("doctor", doctor)) for text, doctor in pre_assigned_breaks(problem)]
    for line in precheck(problem):
        # a click leads to the first doctor the line names (her absences), else the rules
        named = next((d.id for d in project.doctors if d.name in line), None)
        blockers.append((line, ("doctor", named) if named else ("field", "rules")))
    return blockers


def check_project(project: Project, previous: Checked | None = None,
                  notes_later: bool = False, problems: list[Problem] | None = None,
                  prechecks_later: bool = False) -> Checked:
    """Derive everything for ``project``; reuse ``previous.problem`` when only the rota
    changed (a solve result, a manual rota edit made by the window), and ``previous.gaps``
    when only the doctors did (a ferie marked). ``notes_later``: leave the notes on partial
    fritak to be counted elsewhere (``notes`` None) when they must be counted again;
    ``prechecks_later``: so too the pre-checks (``blockers`` None, :func:`blockers_of`);
    ``problems``: ``reference_problems(project)`` when known already."""
    from solver.checker import check, soft_breaches_text

    problems = reference_problems(project) if problems is None else problems
    gaps: list[str] = []
    notes: list[tuple[str, str]] | None = []
    if problems:
        problem = None
    elif previous is not None and previous.problem is not None and same_inputs(
            previous.project, project):
        problem = with_locks(previous.problem, project)  # a hand change moves a lock
        gaps, notes = previous.gaps, previous.notes
    else:
        problem = (with_doctors(previous.problem, previous.project, project)
                   if previous is not None and previous.problem is not None
                   and only_doctors_changed(previous.project, project)
                   else build_problem(project))
        if (previous is not None and previous.problem is not None
                and same_cover(previous.project, project)):
            gaps = previous.gaps
        else:
            found = coverage_gaps(project)
            gaps = [gap_summary(found), *gap_lines(found)] if found else []
        notes = None if notes_later and has_partial_fritak(problem) else pressure_notes_of(problem)
    violations: list[Any] = []
    soft = ""
    blockers: list[tuple[str, tuple[Any, ...]]] | None = []
    if problem is not None and project.rota:
        rota = project_rota(project)
        violations = check(problem, rota)
        soft = soft_breaches_text(problem, rota)
    elif problem is not None and nothing_to_solve(problem) is None:
        # (no doctors yet, or no vakter: the window says what to add, not that the vakter
        # cannot be covered by nobody)
        blockers = None if prechecks_later else blockers_of(problem, project)
    return Checked(project, problems, problem, violations, soft, blockers, gaps, notes)


def rota_quality(checked: Checked) -> tuple[int, float, int]:
    """How good the rota of ``checked`` is, smaller is better, in the engine's order: hard
    rules broken (and places left empty), then the largest load per fair share, then the
    vakter closer than a soft spacing limit allows (breaks and closeness counted by the
    independent checker)."""
    from legevakt_app.engine_input import project_rota
    from solver.checker import soft_breaches
    from solver.solve import max_ratio

    assert checked.problem is not None
    rota = project_rota(checked.project)
    return (len(checked.violations), round(max_ratio(checked.problem, rota), 3),
            sum(n for _text, n in soft_breaches(checked.problem, rota)))


def rota_is_better(new: Checked, old: Checked) -> bool:
    """True when ``new``'s rota is better than ``old``'s (see :func:`rota_quality`); a rota
    that cannot be measured (the project has problems) is not better."""
    if new.problem is None or old.problem is None:
        return new.problem is not None
    return rota_quality(new) < rota_quality(old)
