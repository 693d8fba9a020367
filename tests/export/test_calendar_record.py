"""Every calendar export, published or not, is kept in the project (``Project.calendars``): the
next export cancels a vakt a doctor was sent and no longer has, and sends a vakt given back,
or changed, with a SEQUENCE above anything she was sent (a calendar ignores an update that is
not higher). Real project files, the real command line, the calendar files read back with
icalendar."""

from __future__ import annotations

import json

from legevakt_app.export.ics import event_uid
from legevakt_app.project_io import dumps_project, load_project, save_project
from tests.export.conftest import saved_with_rota


def test_a_project_keeps_the_calendars_sent_and_one_without_them_saves_as_before(tmp_path):
    """``calendars`` is optional: a file without it (every file from before it was kept) reads
    with none and saves byte for byte as it was; one with it reads back as saved, and a wrong
    value in it is named where it is; the next period starts with none (its vakter are
    others)."""
    import pytest

    from legevakt_app.domain import SentCalendar, SentEvent
    from legevakt_app.next_period import next_period
    from legevakt_app.project_io import ProjectError

    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    text = path.read_text(encoding="utf-8")
    assert '"calendars"' not in text
    project = load_project(path)
    assert project.calendars == {} and dumps_project(project) == text
    first = project.rota[0]
    project.calendars = {first.doctor_id: SentCalendar(name="Kari Nordeng", events=[SentEvent(
        uid=event_uid(first.shift_id, first.role, first.doctor_id), shift_id=first.shift_id,
        role=first.role, sequence=2, cancelled=True, content="0123456789abcdef")])}
    save_project(project, path)
    again = load_project(path)
    assert again.calendars == project.calendars
    assert next_period(again).project.calendars == {}
    document = json.loads(path.read_text(encoding="utf-8"))
    document["calendars"][first.doctor_id]["events"][0]["sequence"] = -1
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ProjectError) as refused:
        load_project(path)
    assert [p.path for p in refused.value.problems] == [
        f"calendars.{first.doctor_id}.events[0].sequence"]
