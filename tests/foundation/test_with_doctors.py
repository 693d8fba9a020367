"""engine_input.with_doctors: the engine's problem after an edit of the doctors alone, built
from the one before it, is the one build_problem gives."""

from datetime import date

from legevakt_app.domain import Absence, PublishedAssignment, Wish
from legevakt_app.engine_input import build_problem, with_doctors
from legevakt_app.project_io import load_project
from tests.conftest import SAMPLES


def one_doctor_changed(project, i, change):
    """``project`` with doctor ``i`` copied and changed, the rest shared (as the window's
    «merk dagene» does)."""
    doctors = list(project.doctors)
    doctors[i] = doctors[i].model_copy(deep=True)
    change(doctors[i])
    return project.model_copy(update={"doctors": doctors})


def test_a_ferie_or_a_wish_marked_gives_the_problem_built_anew():
    before = load_project(SAMPLES["interkommunal"])
    problem = build_problem(before)

    def ferie(d):
        d.unavailable = [*d.unavailable, Absence(start=date(2027, 3, 15), end=date(2027, 3, 21),
                                                 kind="ferie")]

    def wish(d):
        d.wishes = [*d.wishes, Wish(start=date(2027, 5, 1), end=date(2027, 5, 2), wants=True)]

    for change in (ferie, wish):
        after = one_doctor_changed(before, 2, change)
        got = with_doctors(problem, before, after)
        assert got == build_problem(after)
        assert got.shifts is problem.shifts  # not expanded again
        assert got.doctors[0] is problem.doctors[0] and got.doctors[2] != problem.doctors[2]


def test_the_locks_of_another_rota_and_other_doctors_are_followed():
    before = load_project(SAMPLES["liten-kommune"])
    problem = build_problem(before)
    shift = problem.shifts[3].id
    doctor = before.doctors[1].id
    # the same doctors, but a rota with a cell locked on one of them: her pre-assignments
    locked = before.model_copy(update={"rota": [PublishedAssignment(
        shift_id=shift, doctor_id=doctor, role="vakt", locked=True)], "doctors": list(before.doctors)})
    assert with_doctors(problem, before, locked) == build_problem(locked)
    # a doctor fewer, or the rules copied: built anew, all the same
    fewer = before.model_copy(update={"doctors": before.doctors[1:]})
    assert with_doctors(problem, before, fewer) == build_problem(fewer)
    copied = before.model_copy(deep=True)
    assert with_doctors(problem, before, copied) == build_problem(copied)
