"""The engine's verified fixes for a project with no rota, applied to the project.

The engine (:mod:`solver.explain`) speaks of its own rules and doctors; here a fix becomes the
change a leader would make by hand: a rule of the period (``spacing_window_days`` for the
engine's ``window_days``), a pre-assignment taken off the doctor, or a locked rota cell
unlocked (the engine sees both as pre-assigned), a template's vaktblokk turned off, an
exception to the spacing limits added to the period's rules (``rules.exceptions``, named by
its weeks: «uke 52»), or an exception of the leader's loosened (same days, name kept). Giving
doctors a vaktandel is the leader's own choice of how much, so that fix is only said; so is a
new exception on some of the days of another (how the two should combine is the leader's
choice too: the engine checked the new one alone). A fix found once pre-assignments that
cannot be held are set aside takes them off as well as making its own change.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from legevakt_app.domain import Project, RuleException
from legevakt_app.rule_exceptions import as_domain_limit, domain_limits, week_name, within

# the engine's Rules field → the project's Rules field
RULE_FIELDS = {"window_days": "spacing_window_days", "max_in_window": "max_in_window",
               "max_per_week": "max_per_week", "max_consecutive_days": "max_consecutive_days",
               "min_rest_hours": "min_rest_hours", "practice_after_night": "practice_after_night"}


def can_apply(fix: Any, project: Project | None = None) -> bool:
    """Can :func:`apply_fix` make this change without asking the leader for a value? With
    ``project``: also on this project (an exception on days that have one already cannot)."""
    if fix.kind == "rules":
        return all(name in RULE_FIELDS for name, _ in fix.rules)
    if fix.kind == "exception":
        if not getattr(fix, "exceptions", ()) or any(n not in RULE_FIELDS for n, _ in fix.rules):
            return False
        return project is None or _overlapped(project, fix) is None
    return fix.kind in ("pre_assigned", "block")


def by_hand(project: Project, fix: Any) -> str | None:
    """Why the leader makes ``fix`` herself («hvor stor vaktandelen skal være, velger du
    selv»), or None when :func:`apply_fix` makes it on ``project``: the app shows no «Bruk»
    for it, and ``solve --apply-fix`` refuses it with this reason."""
    if can_apply(fix, project):
        return None
    if fix.kind == "share":
        return "hvor stor vaktandelen skal være, velger du selv"
    if fix.kind == "exception" and can_apply(fix) and (old := _overlapped(project, fix)) is not None:
        return (f"dagene har alt unntaket {_exception_label(old)}, og hvordan de to skal virke "
                "sammen, velger du selv")
    return "motoren kan ikke gjøre denne endringen selv"


def _exception_label(exception: RuleException) -> str:
    """«uke 52» 21.12.2026–27.12.2026 (the name only when it has one)."""
    label = f"«{exception.name}» " if exception.name.strip() else ""
    return f"{label}{exception.start:%d.%m.%Y}–{exception.end:%d.%m.%Y}"


def exceptions_from_fix(project: Project, fix: Any) -> list[RuleException]:
    """The engine's exceptions as the project's, cut to the period and named by their weeks."""
    out = []
    for engine in fix.exceptions:
        exc = RuleException(start=engine.start, end=engine.end, **domain_limits(engine))
        kept, _dropped = within([exc], project.period.start, project.period.end)
        out += [k.model_copy(update={"name": week_name(k.start, k.end)}) for k in kept]
    if not out:
        raise ValueError(f"«{fix.text}» gjelder dager utenfor perioden "
                         f"({project.period.start:%d.%m.%Y}–{project.period.end:%d.%m.%Y})")
    return out


def _same_days(project: Project, engine: Any) -> RuleException | None:
    """The project's exception with exactly the days of the engine's: the fix loosens it."""
    return next((e for e in project.rules.exceptions
                 if (e.start, e.end) == (engine.start, engine.end)), None)


def _overlapped(project: Project, fix: Any) -> RuleException | None:
    """The project's exception on some of the fix's days, if any (other than one the fix
    loosens)."""
    return next((e for e in project.rules.exceptions for engine in fix.exceptions
                 if e.start <= engine.end and engine.start <= e.end
                 and _same_days(project, engine) is None), None)


def _only_locked(project: Project, doctor_id: str, shift_id: str) -> bool:
    """A locked cell of the rota, not a pre-assignment of the doctor's."""
    locked = any(a.locked and a.doctor_id == doctor_id and a.shift_id == shift_id
                 for a in project.rota)
    return locked and not any(p.shift_id == shift_id for d in project.doctors if d.id == doctor_id
                              for p in d.pre_assigned)


def fix_text(project: Project, fix: Any) -> str:
    """The fix in the leader's words: pre-assignments that are really locked cells of the
    rota are «lås opp …» (alone, or before the change that follows their removal)."""
    if getattr(fix, "cells", ()) and all(_only_locked(project, d, s) for d, s in fix.cells):
        return (fix.text.replace("fjern forhåndstildelingene av", "lås opp", 1)
                .replace("fjern forhåndstildelingen av", "lås opp", 1))
    return fix.text


def _rule_value(value: Any) -> Any:
    """An engine :class:`~solver.problem.Limit` as the project's; other values as they are."""
    return as_domain_limit(value) if hasattr(value, "hard") and hasattr(value, "value") else value


def _without_cells(project: Project, cells: set[tuple[str, str]]) -> Project:
    """The pre-assignments of ``cells`` (doctor id, shift id) taken off, their locks undone."""
    doctors = [d.model_copy(update={"pre_assigned": [p for p in d.pre_assigned
                                                      if (d.id, p.shift_id) not in cells]})
               for d in project.doctors]
    rota = [a.model_copy(update={"locked": False})
            if a.locked and (a.doctor_id, a.shift_id) in cells else a for a in project.rota]
    return project.model_copy(update={"doctors": doctors, "rota": rota})


def apply_fix(project: Project, fix: Any) -> Project:
    """A copy of ``project`` with the fix made. ``ValueError`` for a fix that needs the
    leader's own choice (see :func:`can_apply`). A rule, exception or block fix with
    ``cells`` takes those pre-assignments off too (the engine verified the change without
    them: «fjern forhåndstildelingen av …, og tillat 3-delt vakt …»)."""
    after = _apply(project, fix)
    if fix.kind != "pre_assigned" and getattr(fix, "cells", ()):
        after = _without_cells(after, set(fix.cells))
    return after


def _apply(project: Project, fix: Any) -> Project:
    if not can_apply(fix):
        raise ValueError(f"«{fix.text}» må gjøres for hånd")
    if fix.kind == "rules":
        changes = {RULE_FIELDS[name]: _rule_value(value) for name, value in fix.rules}
        return project.model_copy(update={"rules": project.rules.model_copy(update=changes)})
    if fix.kind == "exception":
        if (old := _overlapped(project, fix)) is not None:
            raise ValueError(
                f"«{fix.text}» gjelder dager som alt har et unntak ({_exception_label(old)}): "
                "endre det unntaket under Vakter og regler i stedet")
        loosened = {id(old): engine for engine in fix.exceptions
                    if (old := _same_days(project, engine)) is not None}
        kept = [e.model_copy(update=domain_limits(loosened[id(e)])) if id(e) in loosened else e
                for e in project.rules.exceptions]
        new = [x for x in fix.exceptions if _same_days(project, x) is None]
        added = exceptions_from_fix(project, replace(fix, exceptions=tuple(new))) if new else []
        exceptions = sorted([*kept, *added], key=lambda e: e.start)
        changes = {RULE_FIELDS[name]: _rule_value(value) for name, value in fix.rules}
        rules = project.rules.model_copy(update={**changes, "exceptions": exceptions})
        return project.model_copy(update={"rules": rules})
    if fix.kind == "pre_assigned":
        return _without_cells(project, set(fix.cells))
    templates = [t.model_copy(update={"block": "none"}) if t.id in fix.templates else t
                 for t in project.templates]
    return project.model_copy(update={"templates": templates})
