"""The result file states some things twice (solver.rota_file): a vakt's flags beside its
times and the file's rules and calendar, a doctor's spec fields beside her lists. Where they
disagree it is named, and the file is read the stricter way. Hand-made cases, no solve."""

from __future__ import annotations

from solver.result_audit import summary_disagreements
from solver.rota_file import from_dict, stated_twice, to_dict
from tests.solver.helpers import MONDAY, doctor, problem, rota, shift


def _week():  # type: ignore[no-untyped-def]
    """Mon 04.01 – Sun 10.01.2027, Wednesday 06.01 a holiday: kveld Wed, kveld Fri 16–23,
    dag Sat 08–16, døgn Sun 16–08 (into the night and the morning after the period)."""
    shifts = [
        shift("kveld@wed", 2, 16, 23, holiday=True),
        shift("kveld@fri", 4, 16, 23, weekend=True),
        shift("dag@sat", 5, 8, 16, weekend=True, kind="day"),
        shift("dogn@sun", 6, 16, 32, night=True, weekend=True, kind="dogn"),
    ]
    return problem(shifts, [doctor("kari", has_practice=True), doctor("ola")],
                   holidays=[MONDAY.replace(day=6)])


def _by(found, subject: str) -> dict:  # type: ignore[no-untyped-def]
    return {d.field: d for d in found if d.subject == subject}


def test_flags_are_checked_against_the_files_own_rules_and_calendar() -> None:
    p = _week()
    document = to_dict(p, rota(("kveld@fri", "kari")))
    assert stated_twice(document) == []
    shifts = {s["id"]: s for s in document["shifts"]}
    shifts["kveld@fri"]["weekend"] = False
    shifts["kveld@wed"]["holiday"] = False
    shifts["dag@sat"]["night"] = True
    found = stated_twice(document)
    assert _by(found, "kveld@fri")["weekend"].text.startswith(
        "kveld@fri: weekend er false, men vakten begynner fredag 16:00")
    assert "06.01.2027 står i holidays" in _by(found, "kveld@wed")["holiday"].text
    assert "går ikke inn i natten" in _by(found, "dag@sat")["night"].text
    # each read the stricter way: a weekend, a holiday, a night all the same
    read = {s.id: s for s in from_dict(document).problem.shifts}
    assert read["kveld@fri"].weekend and read["kveld@wed"].holiday and read["dag@sat"].night


def test_the_night_is_as_the_files_rules_define_it() -> None:
    """A file whose nights run 23:00–06:00: a kveld until 23:00 is no night by it, one until
    23:30 is (and the 00–06 nights of the engine's files would not be)."""
    document = to_dict(_week(), rota())
    document["rules"].update(night_start="23:00", night_end="06:00")
    assert stated_twice(document) == []
    kveld = next(s for s in document["shifts"] if s["id"] == "kveld@fri")
    kveld["end"], kveld["hours"] = "2027-01-08T23:30:00+01:00", 7.5
    found = _by(stated_twice(document), "kveld@fri")
    assert found["night"].derived is True
    assert "går inn i natten, 23:00–06:00 i rules" in found["night"].text


def test_a_summary_that_counted_the_day_after_the_period_is_a_note_in_an_older_file() -> None:
    """Files written before practice_days_lost kept to the period: the Sunday døgn's Monday
    after counted. In such a file that is said as a note, not as a figure the rota does not
    give; one more is. In a file written since, it is a disagreement like any other (a vakt
    taken from a doctor in the file can make the same difference)."""
    from solver.result_audit import older_file

    p = _week()
    document = to_dict(p, rota(("dogn@sun", "kari")))
    assert not older_file(document)
    kari = document["doctors_summary"][0]
    assert kari["practice_days_lost"] == 0
    kari["practice_days_lost"] = 1
    found, notes = summary_disagreements(from_dict(document))
    assert [(d.subject, d.field, d.stated, d.derived) for d in found] == [
        ("kari", "practice_days_lost", 1, 0)] and notes == []
    del document["rules"]["night_start"]
    assert older_file(document)
    found, notes = summary_disagreements(from_dict(document), older_file(document))
    assert found == [] and len(notes) == 1 and "dagen etter perioden" in notes[0]
    kari["practice_days_lost"] = 2
    found, notes = summary_disagreements(from_dict(document), older_file(document))
    assert [(d.subject, d.field, d.stated, d.derived) for d in found] == [
        ("kari", "practice_days_lost", 2, 0)]
