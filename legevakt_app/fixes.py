"""The engine's verified fixes for a project with no rota, applied to the project.

The engine (:mod:`solver.explain`) speaks of its own rules and doctors; here a fix becomes the
change a leader would make by hand: a rule of the period (``spacing_window_days`` for the
engine's ``window_days``), a pre-assignment taken off the doctor, or a locked rota cell
unlocked (the engine sees both as pre-assigned), a template's vaktblokk turned off. Giving
doctors a vaktandel is the leader's own choice of how much, so that fix is only said.
"""

from __future__ import annotations

from typing import Any

from legevakt_app.domain import FrequencyLimit, Project

# the engine's Rules field → the project's Rules field
RULE_FIELDS = {"window_days": "spacing_window_days", "max_in_window": "max_in_window",
               "max_per_week": "max_per_week", "max_consecutive_days": "max_consecutive_days",
               "min_rest_hours": "min_rest_hours", "practice_after_night": "practice_after_night"}


def can_apply(fix: Any) -> bool:
    """Can :func:`apply_fix` make this change without asking the leader for a value?"""
    if fix.kind == "rules":
        return all(name in RULE_FIELDS for name, _ in fix.rules)
    return fix.kind in ("pre_assigned", "block")


def _only_locked(project: Project, doctor_id: str, shift_id: str) -> bool:
    """A locked cell of the rota, not a pre-assignment of the doctor's."""
    locked = any(a.locked and a.doctor_id == doctor_id and a.shift_id == shift_id
                 for a in project.rota)
    return locked and not any(p.shift_id == shift_id for d in project.doctors if d.id == doctor_id
                              for p in d.pre_assigned)


def fix_text(project: Project, fix: Any) -> str:
    """The fix in the leader's words: pre-assignments that are really locked cells of the
    rota are «lås opp …»."""
    if fix.kind == "pre_assigned" and fix.cells and all(
            _only_locked(project, d, s) for d, s in fix.cells):
        return (fix.text.replace("fjern forhåndstildelingene av", "lås opp", 1)
                .replace("fjern forhåndstildelingen av", "lås opp", 1))
    return fix.text


def _rule_value(value: Any) -> Any:
    if hasattr(value, "hard") and hasattr(value, "value"):  # the engine's Limit
        return FrequencyLimit(value=value.value, hard=value.hard)
    return value


def apply_fix(project: Project, fix: Any) -> Project:
    """A copy of ``project`` with the fix made. ``ValueError`` for a fix that needs the
    leader's own choice (see :func:`can_apply`)."""
    if not can_apply(fix):
        raise ValueError(f"«{fix.text}» må gjøres for hånd")
    if fix.kind == "rules":
        changes = {RULE_FIELDS[name]: _rule_value(value) for name, value in fix.rules}
        return project.model_copy(update={"rules": project.rules.model_copy(update=changes)})
    if fix.kind == "pre_assigned":
        cells = set(fix.cells)
        doctors = [d.model_copy(update={"pre_assigned": [p for p in d.pre_assigned
                                                          if (d.id, p.shift_id) not in cells]})
                   for d in project.doctors]
        rota = [a.model_copy(update={"locked": False})
                if a.locked and (a.doctor_id, a.shift_id) in cells else a for a in project.rota]
        return project.model_copy(update={"doctors": doctors, "rota": rota})
    templates = [t.model_copy(update={"block": "none"}) if t.id in fix.templates else t
                 for t in project.templates]
    return project.model_copy(update={"templates": templates})
