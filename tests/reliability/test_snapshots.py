"""Published snapshots: what the doctors were told is kept, and a new rota's changes show."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from legevakt_app.domain import PublishedAssignment as PA
from legevakt_app.project_io import dumps_project, load_project, project_from_document
from legevakt_app.snapshots import (
    SlotChange,
    SnapshotError,
    calendar_note,
    diff_against_latest,
    diff_assignments,
    doctor_notices,
    has_unpublished_changes,
    known_names,
    latest_snapshot,
    lock_published,
    publish_snapshot,
)

V1 = Path(__file__).with_name("data") / "v1-liten-kommune.legevakt.json"
NOW = datetime(2026, 12, 15, 9, 30)


@pytest.fixture
def project():
    p = load_project(V1)
    return p.model_copy(update={"snapshots": []})


def test_publish_keeps_rota_and_names_and_leaves_the_original(project):
    published = publish_snapshot(project, now=NOW)
    assert project.snapshots == []  # the argument is untouched (undo-friendly)
    snap = latest_snapshot(published)
    assert snap.name == "Publisert 15.12.2026 09:30"
    assert snap.published_at == "2026-12-15T09:30:00"
    assert snap.assignments == project.rota
    assert snap.doctor_names == {"lege01": "Kari Nordeng", "lege02": "Ola Hallingset",
                                 "lege03": "Ingrid Reinvik"}
    # a published project saves and opens again
    assert project_from_document(__import__("json").loads(dumps_project(published))) == published
    assert not has_unpublished_changes(published)


def test_publish_named_and_appends(project):
    once = publish_snapshot(project, name="Vårturnus", now=NOW)
    twice = publish_snapshot(once, name="  ", now=datetime(2027, 1, 2, 8, 0))
    assert [s.name for s in twice.snapshots] == ["Vårturnus", "Publisert 02.01.2027 08:00"]


def test_nothing_to_publish(project):
    with pytest.raises(SnapshotError, match="ingen turnus"):
        publish_snapshot(project.model_copy(update={"rota": []}))


def test_diff_none_before_publishing(project):
    assert diff_against_latest(project) is None
    assert has_unpublished_changes(project)  # a rota that was never announced


def test_resolve_that_moves_a_vakt_is_reported(project):
    published = publish_snapshot(project, now=NOW)
    first = published.rota[0]
    new_rota = [first.model_copy(update={"doctor_id": "lege04"}), *published.rota[1:]]
    diff = diff_against_latest(published, new_rota)
    assert diff.changed and diff.snapshot_name == "Publisert 15.12.2026 09:30"
    assert diff.changes == [SlotChange(first.shift_id, "vakt", first.doctor_id, "lege04")]
    assert diff.moved == diff.changes and not diff.added and not diff.removed
    assert diff.unchanged == len(published.rota) - 1
    assert diff.affected_doctors() == {first.doctor_id, "lege04"}
    names = {d.id: d.name for d in published.doctors}
    assert diff.lines(names) == [f"{first.shift_id} (vakt): Kari Nordeng → Per Kroken"]


def test_diff_added_removed_and_lock_flag_ignored():
    before = [PA(shift_id="natt@2027-01-04", doctor_id="a"),
              PA(shift_id="natt@2027-01-05", doctor_id="b"),
              PA(shift_id="natt@2027-01-05", doctor_id="c", role="bakvakt")]
    after = [PA(shift_id="natt@2027-01-04", doctor_id="a", locked=True),
             PA(shift_id="natt@2027-01-06", doctor_id="b")]
    diff = diff_assignments(before, after)
    assert diff.unchanged == 1
    assert diff.removed == [SlotChange("natt@2027-01-05", "vakt", "b", None),
                            SlotChange("natt@2027-01-05", "bakvakt", "c", None)]
    assert diff.added == [SlotChange("natt@2027-01-06", "vakt", None, "b")]
    assert diff.lines()[-1] == "natt@2027-01-06 (vakt): ledig → b"


def test_diff_with_two_doctors_on_one_shift_pairs_only_the_changed_place():
    before = [PA(shift_id="kveld@2027-01-04", doctor_id=d) for d in ("a", "b")]
    after = [PA(shift_id="kveld@2027-01-04", doctor_id=d) for d in ("b", "c")]
    diff = diff_assignments(before, after)
    assert diff.unchanged == 1
    assert diff.changes == [SlotChange("kveld@2027-01-04", "vakt", "a", "c")]


def test_identical_rota_has_no_changes(project):
    published = publish_snapshot(project, now=NOW)
    diff = diff_against_latest(published)
    assert not diff.changed and diff.unchanged == len(project.rota) and diff.lines() == []


def test_lock_published_locks_only_what_is_as_announced(project):
    published = publish_snapshot(project, now=NOW)
    edited = published.model_copy(update={"rota": [
        published.rota[0].model_copy(update={"doctor_id": "lege04"}), *published.rota[1:]]})
    locked = lock_published(edited)
    assert [a.locked for a in locked.rota] == [False] + [True] * (len(edited.rota) - 1)
    assert not any(a.locked for a in edited.rota)  # argument untouched
    assert lock_published(project) == project  # nothing published: unchanged


def test_loaded_v1_snapshot_diffs_against_its_rota():
    project = load_project(V1)
    diff = diff_against_latest(project)
    # the fixture's snapshot had dogn@2027-01-06 with lege01; the rota has lege03 there
    assert [(c.shift_id, c.before, c.after) for c in diff.changes] == [
        ("dogn@2027-01-06", "lege01", "lege03")]


def _with_template(project, template_id: str, **changes):
    templates = [t.model_copy(update=changes) if t.id == template_id else t
                 for t in project.templates]
    return project.model_copy(update={"templates": templates})


def test_publishing_keeps_the_vakttyper_of_its_vakter_as_sent(project):
    """What the doctors' calendars were given of each vakttype with published vakter: times,
    place and name, so a later change of them can reach the calendars."""
    snap = latest_snapshot(publish_snapshot(project, now=NOW))
    assert set(snap.templates) == {"dogn", "helg-dag"}  # the rota has no Helg kveld/natt
    dogn = snap.templates["dogn"]
    assert (dogn.name, dogn.start, dogn.end, dogn.end_day_offset) == ("Døgnvakt", "16:00",
                                                                      "08:00", 1)
    assert (dogn.station, dogn.station_name, dogn.on_site) == ("lysfjord", "Lysfjord legevakt",
                                                               False)


def test_a_vakttype_changed_since_publishing_is_something_to_publish(project):
    """New times (or place, or name) for a vakttype with published vakter are not yet sent:
    «Publiser» and «export --publish» take them, and the calendar export names the vakttype.
    What the calendars do not show (its weight), or a vakttype with no published vakter, is
    not a change to publish."""
    published = publish_snapshot(project, now=NOW)
    assert not has_unpublished_changes(published)
    for change in ({"start": "15:00"}, {"station": "lysfjord", "on_site": True},
                   {"name": "Døgn"}):
        changed = _with_template(published, "dogn", **change)
        assert has_unpublished_changes(changed), change
        note = calendar_note(changed, "Turnus → Publiser")
        name = change.get("name", "Døgnvakt")
        assert note.startswith(f"vakttypen «{name}» har fått nye tider, nytt sted eller nytt "
                               "navn siden turnusen sist ble publisert"), note
        assert note.endswith("Publiser det som sendes ut nå (Turnus → Publiser), så regnes "
                             "senere endringer fra det legene har fått")
        assert not has_unpublished_changes(publish_snapshot(changed))
    assert not has_unpublished_changes(_with_template(published, "dogn", weight=2.0))
    assert not has_unpublished_changes(_with_template(published, "helg-natt", start="17:00"))
    # both a moved vakt and new times: the note says both
    moved = _with_template(published, "dogn", start="15:00").model_copy(update={"rota": [
        published.rota[0].model_copy(update={"doctor_id": "lege04"}), *published.rota[1:]]})
    note = calendar_note(moved, "Turnus → Publiser")
    assert note.startswith("turnusen har 1 endring siden den sist ble publisert; vakter som er "
                           "tatt fra en lege, avlyses i legens kalender. Vakttypen «Døgnvakt» "
                           "har fått nye tider"), note


def test_a_snapshot_from_before_vakttyper_were_kept_can_be_published_again(project):
    """A rota published by an older Legevakt (no vakttyper in its snapshot) is something to
    publish again, so the vakttyper are kept from then on; and it saves as it was."""
    published = publish_snapshot(project, now=NOW)
    old = published.model_copy(update={"snapshots": [
        published.snapshots[-1].model_copy(update={"templates": {}})]})
    assert has_unpublished_changes(old)
    assert calendar_note(old, "Turnus → Publiser") is None  # nothing to say it changed
    assert not has_unpublished_changes(publish_snapshot(old))
    assert '"templates": {}' not in dumps_project(old)


def test_a_doctor_who_left_after_publishing_is_named_in_what_the_leader_must_tell(project):
    """Ola leaves the district after the rota was published: he is gone from the doctors, but
    the leader is still told, by his name, which of his vakter went to whom."""
    from legevakt_app.engine_input import build_problem

    published = publish_snapshot(project, now=NOW)
    ola = [a for a in published.rota if a.doctor_id == "lege02"][:2]
    rota = [a.model_copy(update={"doctor_id": "lege01"}) if a in ola else a for a in published.rota]
    left = published.model_copy(update={
        "doctors": [d for d in published.doctors if d.id != "lege02"], "rota": rota})
    shifts = {s.id: s for s in build_problem(left).shifts}
    lines = doctor_notices(diff_against_latest(left), known_names(left), shifts)
    days = [f"{shifts[a.shift_id].start:%d.%m} {shifts[a.shift_id].label}" for a in ola]
    assert len(lines) == 2
    kari, gone = lines
    assert kari.startswith("Kari Nordeng: får 2: ") and all(day in kari for day in days)
    assert gone.startswith("Ola Hallingset: mister 2: ") and all(day in gone for day in days)
