"""The engine's verified fixes, made on the project as a leader would make them."""

from __future__ import annotations

from legevakt_app.domain import PreAssignment, Project, PublishedAssignment
from legevakt_app.engine_input import build_problem
from legevakt_app.fixes import apply_fix, can_apply, fix_text
from legevakt_app.project_io import load_project
from solver.explain import explain
from solver.solve import solve
from tests.conftest import SAMPLES

FERIE_DAY = "dogn@2027-02-24"  # a Wednesday in Kari's winter ferie (22.02–28.02)


def _kari_in_ferie(locked: bool) -> Project:
    """liten-kommune with Kari on a døgnvakt inside her own ferie: pre-assigned, or a
    locked cell of the rota."""
    project = load_project(SAMPLES["liten-kommune"])
    kari = next(d for d in project.doctors if d.name.startswith("Kari"))
    assert any(str(a.start) <= "2027-02-24" <= str(a.end) for a in kari.unavailable)
    if locked:
        return project.model_copy(update={"rota": [
            PublishedAssignment(shift_id=FERIE_DAY, doctor_id=kari.id, role="vakt", locked=True)]})
    doctors = [d.model_copy(update={"pre_assigned": [PreAssignment(shift_id=FERIE_DAY)]})
               if d.id == kari.id else d for d in project.doctors]
    return project.model_copy(update={"doctors": doctors})


def test_a_pre_assignment_in_ferie_is_removed_and_then_a_rota_exists():
    project = _kari_in_ferie(locked=False)
    fixes = explain(build_problem(project), time_limit=10).fixes
    fix = next(f for f in fixes if f.kind == "pre_assigned")
    assert fix_text(project, fix) == "fjern forhåndstildelingen av 24.02 Lysfjord legevakt Døgnvakt for Kari Nordeng"
    assert can_apply(fix)
    fixed = apply_fix(project, fix)
    assert all(not d.pre_assigned for d in fixed.doctors)
    assert solve(build_problem(fixed), time_limit=5, explain=False).found


def test_a_locked_cell_is_unlocked_not_called_a_pre_assignment():
    project = _kari_in_ferie(locked=True)
    fix = next(f for f in explain(build_problem(project), time_limit=10).fixes if f.kind == "pre_assigned")
    assert fix_text(project, fix) == "lås opp 24.02 Lysfjord legevakt Døgnvakt for Kari Nordeng"
    fixed = apply_fix(project, fix)
    assert [a.locked for a in fixed.rota] == [False]  # still there, no longer binding
    assert solve(build_problem(fixed), time_limit=5, explain=False).found


def test_a_rule_fix_changes_the_periods_rule_under_the_projects_own_name():
    project = load_project(SAMPLES["liten-kommune"])
    hard = project.rules.model_copy(update={"max_in_window": project.rules.max_in_window.model_copy(
        update={"hard": True})})
    project = project.model_copy(update={"rules": hard})
    # (the milder fix first is 3-delt with two exceptions: test_rule_exceptions)
    fix = next(f for f in explain(build_problem(project), time_limit=10).fixes if f.kind == "rules")
    assert fix.text.startswith("tillat ")
    fixed = apply_fix(project, fix)
    assert fixed.rules.spacing_window_days < 4 and fixed.rules.max_in_window.hard
    assert solve(build_problem(fixed), time_limit=5, explain=False).found


def test_several_pre_assignments_in_ferie_are_removed_together():
    # four døgnvakter pre-assigned inside Kari's ferie: taking one away is not enough, so the
    # fix takes all four, and then a rota exists
    project = load_project(SAMPLES["liten-kommune"])
    kari = next(d for d in project.doctors if d.name.startswith("Kari"))
    pre = [PreAssignment(shift_id=f"dogn@2027-02-{day}") for day in (22, 23, 24, 25)]
    project = project.model_copy(update={"doctors": [
        d.model_copy(update={"pre_assigned": pre}) if d.id == kari.id else d
        for d in project.doctors]})
    fixes = explain(build_problem(project), time_limit=10).fixes
    assert [f.text for f in fixes] == ["fjern forhåndstildelingene av 4 vakter 22.02–25.02 for Kari Nordeng"]
    fixed = apply_fix(project, fixes[0])
    assert all(not d.pre_assigned for d in fixed.doctors)
    assert solve(build_problem(fixed), time_limit=5, explain=False).found


def test_a_pre_assignment_beside_a_rule_conflict_is_removed_with_the_rules_fix():
    # Kari's døgnvakt inside her ferie, and hard firedelt that the three who may take nights
    # cannot keep: neither change alone makes a rota, so the fix does both at once
    project = _kari_in_ferie(locked=False)
    hard = project.rules.model_copy(update={"max_in_window": project.rules.max_in_window.model_copy(
        update={"hard": True})})
    project = project.model_copy(update={"rules": hard})
    fixes = explain(build_problem(project), time_limit=10).fixes
    fix = next(f for f in fixes if f.kind == "rules")
    assert fix_text(project, fix).startswith(
        "fjern forhåndstildelingen av 24.02 Lysfjord legevakt Døgnvakt for Kari Nordeng, og tillat ")
    assert can_apply(fix, project)
    fixed = apply_fix(project, fix)
    assert all(not d.pre_assigned for d in fixed.doctors)
    assert fixed.rules.spacing_window_days < 4 and fixed.rules.max_in_window.hard
    assert solve(build_problem(fixed), time_limit=5, explain=False).found
