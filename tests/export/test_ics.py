"""Calendar files: exactly the doctor's own vakter, Oslo times, stable UIDs, no fritak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from legevakt_app.domain import EXEMPTION_CATEGORY_LABELS
from legevakt_app.export.ics import event_uid, write_ics
from tests.export.conftest import sample_source

STAMP = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def events(path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk("VEVENT")]


@pytest.fixture(scope="module")
def interkommunal():
    return sample_source("interkommunal")


def test_one_file_per_doctor_with_exactly_their_vakter(interkommunal, tmp_path):
    source = interkommunal
    paths = write_ics(source, tmp_path, stamp=STAMP)
    with_duty = {a.doctor_id for a in source.rota.assignments}
    assert len(paths) == len(with_duty)
    shifts = {s.id: s for s in source.problem.shifts}
    for doctor in source.problem.doctors:
        if doctor.id not in with_duty:
            continue
        path = next(p for p in paths if p.name.startswith(doctor.id + "-"))
        got = {(str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend")) for e in events(path)}
        mine = [a for a in source.rota.assignments if a.doctor_id == doctor.id]
        want = {
            (
                event_uid(a.shift_id, a.role, doctor.id),
                shifts[a.shift_id].start,
                shifts[a.shift_id].end,
            )
            for a in mine
        }
        assert got == want
        assert len(events(path)) == len(mine)


def test_times_are_europe_oslo_and_summary_names_station_and_role(interkommunal, tmp_path):
    source = interkommunal
    bak = next(a for a in source.rota.assignments if a.role == "bakvakt")
    path = next(p for p in write_ics(source, tmp_path) if p.name.startswith(bak.doctor_id + "-"))
    text = path.read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Oslo:" in text and "BEGIN:VTIMEZONE" in text
    assert "COMMENT" not in text  # the library's English note on the time zone's years
    for event in events(path):
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Europe/Oslo"
        assert str(event["location"])
    summaries = [str(e["summary"]) for e in events(path)]
    assert any(s.startswith("Bakvakt: ") for s in summaries)
    assert all("legevakt" in s.lower() or "satellitt" in s.lower() for s in summaries)
    assert not [s for s in summaries if s.count("(") > 1]  # «Helg (video) (bakvakt)» read badly


def test_dst_night_has_its_true_length(tmp_path):
    source = sample_source("interkommunal")
    # The night 27–28 March 2027 crosses the change to summer time: 23–08 is 8 hours.
    night = next(s for s in source.problem.shifts if s.id == "natt@2027-03-27")
    holder = next(a.doctor_id for a in source.rota.assignments if a.shift_id == night.id)
    path = next(p for p in write_ics(source, tmp_path) if p.name.startswith(holder + "-"))
    uid = event_uid(night.id, "vakt", holder)
    event = next(e for e in events(path) if str(e["uid"]) == uid)
    # Same-zone aware datetimes subtract as wall-clock times in Python; go through UTC.
    length = event.decoded("dtend").astimezone(UTC) - event.decoded("dtstart").astimezone(UTC)
    assert length.total_seconds() / 3600 == pytest.approx(8.0)


def test_the_time_zone_in_the_file_changes_to_summer_time_when_norway_does(interkommunal, tmp_path):
    # A calendar that reads the zone from the file (not its own copy of Europe/Oslo) must put
    # each change at its true moment: 02:00 CET in spring, 03:00 CEST in autumn. icalendar
    # 7.3 wrote the spring change as 03:00 CET, an hour late.
    path = write_ics(interkommunal, tmp_path)[0]
    zone = ZoneInfo("Europe/Oslo")
    (tz,) = Calendar.from_ical(path.read_bytes()).walk("VTIMEZONE")
    changes = []
    for part in tz.subcomponents:
        before, after = part["TZOFFSETFROM"].td, part["TZOFFSETTO"].td
        if before == after:
            continue
        rdates = part.get("RDATE", [])
        onsets = [part.decoded("DTSTART")] + [
            w.dt for g in (rdates if isinstance(rdates, list) else [rdates]) for w in g.dts]
        for onset in onsets:
            moment = (onset - before).replace(tzinfo=UTC)  # the wall clock in TZOFFSETFROM
            assert (moment - timedelta(seconds=1)).astimezone(zone).utcoffset() == before
            assert moment.astimezone(zone).utcoffset() == after, (part.name, onset)
            changes.append((part.name, onset))
    assert ("DAYLIGHT", datetime(2027, 3, 28, 2, 0)) in changes
    assert ("STANDARD", datetime(2027, 10, 31, 3, 0)) in changes


def test_uids_are_stable_and_unique(interkommunal, tmp_path):
    first = write_ics(interkommunal, tmp_path / "a", stamp=STAMP)
    second = write_ics(interkommunal, tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        uids_a = [str(e["uid"]) for e in events(a)]
        uids_b = [str(e["uid"]) for e in events(b)]
        assert uids_a == uids_b
        assert len(set(uids_a)) == len(uids_a)
    assert event_uid("natt@2027-01-04", "vakt", "lege01") == event_uid(
        "natt@2027-01-04", "vakt", "lege01"
    )
    assert event_uid("natt@2027-01-04", "vakt", "lege01") != event_uid(
        "natt@2027-01-04", "bakvakt", "lege01"
    )
    assert a.read_bytes() == write_ics(interkommunal, tmp_path / "c", stamp=STAMP)[-1].read_bytes()


def test_no_exemption_and_no_other_doctors_in_calendars(tmp_path):
    source = sample_source("liten-kommune")
    assert source.project is not None
    exempt = [d for d in source.project.doctors if d.exemptions]
    assert exempt, "the sample has a doctor with fritak"
    paths = write_ics(source, tmp_path)
    forbidden = ["fritak", "over_55", "over 55", "gravid", "ammer", "granted", "innvilget"]
    forbidden += [label.lower() for label in EXEMPTION_CATEGORY_LABELS.values()]
    names = {d.id: d.name for d in source.problem.doctors}
    for path in paths:
        text = path.read_text(encoding="utf-8").lower()
        for word in forbidden:
            assert word not in text, f"{path.name} mentions {word!r}"
        owner = path.name.split("-", 1)[0]
        for doctor_id, name in names.items():
            if doctor_id != owner:
                assert name.lower() not in text


def test_a_vakt_moved_after_publishing_is_cancelled_in_the_old_doctors_calendar(tmp_path):
    from legevakt_app.domain import PublishedAssignment, Snapshot
    from solver.problem import Assignment, Rota

    source = sample_source("liten-kommune")
    project = source.project
    published = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                 for a in source.rota.assignments]
    project.snapshots.append(Snapshot(name="Publisert", published_at="2026-11-01T12:00:00",
                                      assignments=published))
    moved = next(a for a in source.rota.assignments if a.role == "vakt")
    other = next(d.id for d in source.problem.doctors
                 if d.id != moved.doctor_id and d.competent)
    source.rota = Rota([Assignment(a.shift_id, other if a is moved else a.doctor_id, a.role)
                        for a in source.rota.assignments])
    paths = {p.name.split("-")[0]: p for p in write_ics(source, tmp_path, stamp=STAMP)}
    uid = event_uid(moved.shift_id, "vakt", moved.doctor_id)
    old = {str(e["uid"]): e for e in events(paths[moved.doctor_id])}
    assert str(old[uid]["status"]) == "CANCELLED" and int(old[uid]["sequence"]) == 1
    kept = next(e for e in events(paths[other]) if str(e["uid"]) == event_uid(moved.shift_id,
                                                                             "vakt", other))
    assert str(old[uid]["summary"]) == "Avlyst – " + str(kept["summary"])  # the same words
    new = {str(e["uid"]): e for e in events(paths[other])}
    assert "status" not in new[event_uid(moved.shift_id, "vakt", other)]
    # nothing else is cancelled: every other published vakt is still there, unchanged
    cancelled = [e for p in paths.values() for e in events(p) if e.get("status") == "CANCELLED"]
    assert len(cancelled) == 1


def _published_then_moved():
    """liten-kommune published, then published again with one vakt moved to a colleague:
    (source, original assignments, the moved one, the colleague, the assignments after)."""
    from legevakt_app.domain import PublishedAssignment, Snapshot
    from solver.problem import Assignment

    source = sample_source("liten-kommune")
    original = list(source.rota.assignments)
    moved = next(a for a in original if a.role == "vakt")
    other = next(d.id for d in source.problem.doctors if d.id != moved.doctor_id and d.competent)
    away = [Assignment(a.shift_id, other if a is moved else a.doctor_id, a.role) for a in original]
    for n, rota in enumerate((original, away)):
        source.project.snapshots.append(Snapshot(
            name=f"Publisert {n}", published_at=f"2026-11-0{n + 1}T12:00:00",
            assignments=[PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id,
                                             role=a.role) for a in rota]))
    return source, original, moved, other, away


def test_a_vakt_given_back_after_its_cancellation_was_published_is_newer_than_it(tmp_path):
    """Published, moved away and published (the phone holds a cancellation, SEQUENCE 1), then
    moved back: the vakt's event must outrank the cancellation, or the phone keeps it
    cancelled."""
    from solver.problem import Rota

    source, original, moved, other, _away = _published_then_moved()
    source.rota = Rota(original)  # given back
    paths = {p.name.split("-")[0]: p for p in write_ics(source, tmp_path, stamp=STAMP)}
    back = {str(e["uid"]): e for e in events(paths[moved.doctor_id])}
    event = back[event_uid(moved.shift_id, "vakt", moved.doctor_id)]
    assert "status" not in event and int(event["sequence"]) == 2
    # the colleague who had it in between now gets it cancelled, newer than his event (0)
    theirs = {str(e["uid"]): e for e in events(paths[other])}
    gone = theirs[event_uid(moved.shift_id, "vakt", other)]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 1
    # vakter never moved carry no SEQUENCE (0), as before
    untouched = next(e for e in back.values() if str(e["uid"]) != str(event["uid"]))
    assert "sequence" not in untouched


def test_publishing_the_changed_rota_before_exporting_still_cancels_what_was_given(tmp_path):
    """The order a leader uses: change (a doctor falls ill), «Publiser», then export the
    calendars. The old holder's phone has the vakt from the first publishing; the export must
    cancel it although the latest published rota is the one exported."""
    from solver.problem import Rota

    source, _original, moved, _other, changed = _published_then_moved()
    source.rota = Rota(changed)
    paths = {p.name.split("-")[0]: p for p in write_ics(source, tmp_path, stamp=STAMP)}
    old = {str(e["uid"]): e for e in events(paths[moved.doctor_id])}
    gone = old[event_uid(moved.shift_id, "vakt", moved.doctor_id)]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 1
    cancelled = [e for p in paths.values() for e in events(p) if e.get("status") == "CANCELLED"]
    assert len(cancelled) == 1  # only the vakt that moved


def test_a_bakvakt_is_on_call_from_home_even_behind_a_tilstedevakt(tmp_path):
    """Stor-legevakt's shifts are all tilstedevakt; the bakvakt behind them is on call from
    home: the calendar, the workbook's «Form» and the PDF's say «Hjemmevakt» for it."""
    from legevakt_app.export.layout import build_layout

    source = sample_source("stor-legevakt")
    layout = build_layout(source)
    bak = [d for duties in layout.duties.values() for d in duties if d.role == "bakvakt"]
    vakt = [d for duties in layout.duties.values() for d in duties if d.role == "vakt"]
    assert bak and all(d.shift.on_site for d in bak)
    assert {d.presence_text for d in bak} == {"Hjemmevakt"}
    assert {d.presence_text for d in vakt} == {"Tilstedevakt"}
    doctor = bak[0]
    doctor_id = next(k for k, v in layout.duties.items() if doctor in v)
    path = next(p for p in write_ics(source, tmp_path, stamp=STAMP)
                if p.name.startswith(doctor_id + "-"))
    for event in events(path):
        description, location = str(event["description"]), str(event["location"])
        if str(event["summary"]).startswith("Bakvakt: "):
            assert "hjemmevakt)" in description and "tilstedevakt" not in description
            assert location.startswith("Hjemme (for ")
        else:
            assert "tilstedevakt)" in description and not location.startswith("Hjemme")


def test_doctors_whose_ids_look_alike_each_get_their_own_file(tmp_path):
    """Ids ``kari_n`` and ``kari.n`` (both «Kari Nordeng») made one file name, so one calendar
    overwrote the other while the export counted two. Each doctor now has a file of their own,
    with their own vakter, and as many files are written as are counted."""
    from legevakt_app.domain import Project
    from legevakt_app.export.ics import ics_filenames
    from legevakt_app.rota_source import source_from_project
    from tests.export.conftest import handmade_rota

    project = sample_source("liten-kommune").project
    renamed = {"lege01": "kari_n", "lege02": "kari.n"}
    doc = project.model_dump(mode="json")
    for d in doc["doctors"]:
        if d["id"] in renamed:
            d["id"], d["name"] = renamed[d["id"]], "Kari Nordeng"
    source = source_from_project(Project.model_validate(doc))
    source.rota = handmade_rota(source.problem)
    paths = write_ics(source, tmp_path, stamp=STAMP)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    assert len(paths) == 4 and {"kari_n-Kari-Nordeng.ics", "kari.n-Kari-Nordeng.ics"} <= {
        p.name for p in paths}
    for doctor_id in renamed.values():
        path = tmp_path / f"{doctor_id}-Kari-Nordeng.ics"
        mine = [a for a in source.rota.assignments if a.doctor_id == doctor_id]
        assert mine and {str(e["uid"]) for e in events(path)} == {
            event_uid(a.shift_id, a.role, doctor_id) for a in mine}
    # ids alike but for case would share a file on Windows and macOS: a mark tells them apart
    names = ics_filenames({"Kari-N": "Kari Nordeng", "kari-n": "Kari Nordeng", "lege03": "Ingrid"})
    assert len({n.casefold() for n in names.values()}) == 3
    assert names["lege03"] == "lege03-Ingrid.ics"


def test_a_vakt_from_home_says_so_in_the_title_the_phone_shows(tmp_path):
    """liten-kommune's Døgnvakt and Helg kveld/natt are hjemmevakt, Helg dag is at the
    legevakt: the doctor glancing at the calendar sees which without opening the event."""
    source = sample_source("liten-kommune")
    on_site = {s.id: s.on_site for s in source.problem.shifts}
    seen = set()
    for path in write_ics(source, tmp_path):
        for event in events(path):
            summary = str(event["summary"])
            if summary.startswith("Bakvakt: "):
                continue
            shift_id = next(a.shift_id for a in source.rota.assignments
                            if event_uid(a.shift_id, a.role, a.doctor_id) == str(event["uid"]))
            assert ("(hjemmevakt)" in summary) == (not on_site[shift_id]), summary
            seen.add(on_site[shift_id])
    assert seen == {True, False}


def _published_interkommunal(tmp_path, capsys):
    """interkommunal with a rota saved in a project file of its own, its calendars exported
    and published (``export --publish``): (project path, calendar folder)."""
    from legevakt_app.cli import EXIT_OK, main
    from legevakt_app.domain import PublishedAssignment
    from legevakt_app.project_io import save_project

    source = sample_source("interkommunal")
    project = source.project
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in source.rota.assignments]
    path, cal = tmp_path / "interkommunal.legevakt.json", tmp_path / "kalender"
    save_project(project, path)
    assert main(["export", str(path), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    capsys.readouterr()
    return path, cal


def _retime(path, template_id: str, start: str, end: str) -> None:
    """The leader gives a vakttype new times in the project file, as the app saves it."""
    from legevakt_app.project_io import load_project, save_project

    project = load_project(path)
    template = next(t for t in project.templates if t.id == template_id)
    template.start, template.end = start, end
    save_project(project, path)


def _calendar_events(cal, doctor_id: str) -> dict:
    """The events of ``doctor_id``'s calendar file, by UID."""
    path = next(cal.glob(f"{doctor_id}-*.ics"))
    return {str(e["uid"]): e for e in events(path)}


def _at(shift_id: str, clock: str) -> datetime:
    from datetime import date, time
    from zoneinfo import ZoneInfo

    day = date.fromisoformat(shift_id.rpartition("@")[2])
    return datetime.combine(day, time.fromisoformat(clock), ZoneInfo("Europe/Oslo"))


def test_a_vakttype_given_new_times_after_publishing_reaches_the_calendars(tmp_path, capsys):
    """Kveld 16–23 becomes 15–22 after the calendars were published: each Kveld event keeps
    its UID with a higher SEQUENCE and the new times, so a calendar that imports the file takes
    the change (RFC 5545 § 3.8.7.4); the other vakter keep theirs. A second change, published
    or not before it, goes higher again."""
    from legevakt_app.cli import EXIT_OK, main
    from legevakt_app.project_io import load_project

    path, cal = _published_interkommunal(tmp_path, capsys)
    rota = load_project(path).rota
    kveld = next(a for a in rota if a.shift_id.startswith("kveld@") and a.role == "vakt")
    doctor = kveld.doctor_id
    other = next(a for a in rota if a.doctor_id == doctor and not a.shift_id.startswith("kveld@"))
    uid, other_uid = event_uid(kveld.shift_id, "vakt", doctor), event_uid(other.shift_id,
                                                                          other.role, doctor)
    before = _calendar_events(cal, doctor)
    assert "sequence" not in before[uid] and before[uid].decoded("dtstart") == _at(
        kveld.shift_id, "16:00")
    other_start = before[other_uid].decoded("dtstart")

    _retime(path, "kveld", "15:00", "22:00")
    assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_OK
    err = capsys.readouterr().err
    assert "vakttypen «Kveld» har fått nye tider" in err and "Publiser det som sendes ut" in err
    after = _calendar_events(cal, doctor)
    assert int(after[uid]["sequence"]) == 1
    assert after[uid].decoded("dtstart") == _at(kveld.shift_id, "15:00")
    assert after[uid].decoded("dtend") == _at(kveld.shift_id, "22:00")
    assert "status" not in after[uid]
    assert "sequence" not in after[other_uid]  # not revised: as before
    assert after[other_uid].decoded("dtstart") == other_start
    # every Kveld event of every doctor is revised, and only those
    for file in cal.glob("*.ics"):
        for event in events(file):
            revised = str(event["summary"]).split(": ", 1)[1].startswith("Kveld,")
            assert int(event.get("sequence", 0)) == (1 if revised else 0), event["summary"]

    # the leader publishes what was sent (a changed vakttype is something to publish), then
    # moves Kveld again: the calendars hold revision 1, so this one must be 2
    assert main(["export", str(path), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    assert "alt publisert" not in capsys.readouterr().out
    assert load_project(path).snapshots[-1].templates["kveld"].start == "15:00"
    assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_OK
    assert "Publiser" not in capsys.readouterr().err  # everything sent is published
    assert int(_calendar_events(cal, doctor)[uid]["sequence"]) == 1  # unchanged: not higher
    _retime(path, "kveld", "14:00", "21:00")
    assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_OK
    again = _calendar_events(cal, doctor)
    assert int(again[uid]["sequence"]) == 2
    assert again[uid].decoded("dtstart") == _at(kveld.shift_id, "14:00")
    assert "sequence" not in again[other_uid]


def test_a_vakttype_moved_to_another_station_is_a_revision(tmp_path, capsys):
    """Helg (video) moved from Eikenes to Kvitdal satellitt after publishing: same times, a
    new place. The events say the new place and outrank the published ones."""
    from legevakt_app.cli import EXIT_OK, main
    from legevakt_app.project_io import load_project, save_project

    path, cal = _published_interkommunal(tmp_path, capsys)
    project = load_project(path)
    next(t for t in project.templates if t.id == "sat-helg").station = "kvitdal"
    save_project(project, path)
    assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_OK
    video = [e for file in cal.glob("*.ics") for e in events(file)
             if str(e["summary"]).startswith("Legevakt: Helg (video)")]
    assert video and all(int(e["sequence"]) == 1 for e in video)
    assert {str(e["location"]) for e in video} == {"Kvitdal satellitt"}


def test_new_times_and_a_vakt_cancelled_and_given_back_count_together(tmp_path, capsys):
    """Published; then a Kveld moved to a colleague while Kveld became 15–22, and published
    (the doctor's phone holds the cancellation); then given back. The doctor's event must
    outrank the cancellation and carry the new times; the colleague's is cancelled over his
    event; a Kveld nobody moved is one revision (the new times)."""
    from legevakt_app.cli import EXIT_OK, main
    from legevakt_app.project_io import load_project, save_project

    path, cal = _published_interkommunal(tmp_path, capsys)
    project = load_project(path)
    kveld = [a for a in project.rota if a.shift_id.startswith("kveld@") and a.role == "vakt"]
    moved, still = kveld[0], next(a for a in kveld[1:] if a.doctor_id == kveld[0].doctor_id)
    doctor = moved.doctor_id
    on_it = {a.doctor_id for a in project.rota if a.shift_id == moved.shift_id}
    colleague = next(a.doctor_id for a in project.rota  # a bakvakt is vaktkompetent
                     if a.role == "bakvakt" and a.doctor_id not in on_it | {doctor})
    moved.doctor_id = colleague
    next(t for t in project.templates if t.id == "kveld").start = "15:00"
    next(t for t in project.templates if t.id == "kveld").end = "22:00"
    save_project(project, path)
    assert main(["export", str(path), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    mine = _calendar_events(cal, doctor)[event_uid(moved.shift_id, "vakt", doctor)]
    assert str(mine["status"]) == "CANCELLED" and int(mine["sequence"]) == 1
    project = load_project(path)
    next(a for a in project.rota if a.shift_id == moved.shift_id and a.role == "vakt"
         ).doctor_id = doctor  # given back
    save_project(project, path)
    assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_OK
    capsys.readouterr()
    back = _calendar_events(cal, doctor)
    event = back[event_uid(moved.shift_id, "vakt", doctor)]
    assert "status" not in event and int(event["sequence"]) == 2
    assert event.decoded("dtstart") == _at(moved.shift_id, "15:00")
    assert int(back[event_uid(still.shift_id, "vakt", doctor)]["sequence"]) == 1
    gone = _calendar_events(cal, colleague)[event_uid(moved.shift_id, "vakt", colleague)]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 1


def test_a_project_published_before_vakttyper_were_kept_exports_as_before(tmp_path, capsys):
    """A file whose snapshot has no vakttyper (published by an older Legevakt) opens, saves
    without them and exports as before: its moved vakt cancelled from the snapshot. Nothing
    says what times its vakter were published with, but the export is kept in the project
    now, so a vakttype changed after it is a revision; publishing again keeps the vakttyper,
    and a change after that is one more."""
    import json
    from pathlib import Path

    from legevakt_app.cli import EXIT_OK, main
    from legevakt_app.project_io import load_project, save_project

    old = Path(__file__).parents[1] / "reliability" / "data" / "v1-liten-kommune.legevakt.json"
    path, cal = tmp_path / "gammel.legevakt.json", tmp_path / "kalender"
    project = load_project(old)
    assert project.snapshots and not project.snapshots[-1].templates
    save_project(project, path)
    assert all("templates" not in snap
               for snap in json.loads(path.read_text(encoding="utf-8"))["snapshots"])

    def sequences() -> dict[str, int]:
        assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_OK
        capsys.readouterr()
        return {str(e["uid"]): int(e.get("sequence", 0))
                for file in cal.glob("*.ics") for e in events(file)}

    before = sequences()
    # the vakt moved since publishing (dogn@2027-01-06, lege01 → lege03) is cancelled as before
    assert before[event_uid("dogn@2027-01-06", "vakt", "lege01")] == 1
    kept = event_uid("dogn@2027-01-04", "vakt", "lege01")
    assert before[kept] == 0
    _retime(path, "dogn", "15:00", "08:00")
    assert sequences()[kept] == 1  # the times the export sent are kept: a revision
    assert main(["export", str(path), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    assert "Publisert: turnusen er lagret som kunngjort" in capsys.readouterr().out
    assert load_project(path).snapshots[-1].templates["dogn"].start == "15:00"
    _retime(path, "dogn", "14:00", "08:00")
    after = sequences()
    assert after[kept] == 2
    assert after[event_uid("helg-dag@2027-01-09", "vakt", "lege03")] == 0


def _without(project, doctor_id: str):
    """``project`` after the leader removes ``doctor_id`` in the Leger table, as the app does:
    the doctor goes, and her places in the rota stand vacant (MainWindow.remove_selected)."""
    return project.model_copy(update={
        "doctors": [d for d in project.doctors if d.id != doctor_id],
        "rota": [a for a in project.rota if a.doctor_id != doctor_id]})


def _published_liten_kommune():
    """liten-kommune with a hand-made rota stored and published (publish_snapshot)."""
    from legevakt_app.domain import PublishedAssignment
    from legevakt_app.snapshots import publish_snapshot

    project = sample_source("liten-kommune").project
    rota = sample_source("liten-kommune").rota
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in rota.assignments]
    return publish_snapshot(project, "Publisert", now=datetime(2026, 11, 1, 12, 0))


def test_a_doctor_removed_after_publishing_gets_her_vakter_cancelled(tmp_path):
    """Ola leaves the district after the rota was published and is removed from the project:
    his phone still holds every vakt he was given. The export writes his calendar too, each of
    those vakter cancelled with the UID it was published with and a SEQUENCE above it, under
    the name the published rota gave him; the colleagues' files are as they were."""
    from legevakt_app.rota_source import source_from_project

    project = _published_liten_kommune()
    before = {p.name for p in write_ics(source_from_project(project), tmp_path / "før",
                                        stamp=STAMP)}
    given = [a for a in project.snapshots[-1].assignments if a.doctor_id == "lege02"]
    assert given
    source = source_from_project(_without(project, "lege02"))
    paths = write_ics(source, tmp_path / "etter", stamp=STAMP)
    assert {p.name for p in paths} == before  # his file as before, the others' names unchanged
    assert sorted(p.name for p in (tmp_path / "etter").iterdir()) == sorted(p.name for p in paths)
    path = tmp_path / "etter" / "lege02-Ola-Hallingset.ics"
    cal = Calendar.from_ical(path.read_bytes())
    assert str(cal["x-wr-calname"]) == "Legevakt Ola Hallingset"
    cancelled = {str(e["uid"]): e for e in events(path)}
    assert set(cancelled) == {event_uid(a.shift_id, a.role, "lege02") for a in given}
    for event in cancelled.values():
        assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) >= 1
        assert str(event["summary"]).startswith("Avlyst – ")
    # the times are those of the vakter he was given
    shifts = {s.id: s for s in source.problem.shifts}
    assert {cancelled[event_uid(a.shift_id, a.role, "lege02")].decoded("dtstart")
            for a in given} == {shifts[a.shift_id].start for a in given}
    # only his own duties: no colleague's name, nothing about fritak
    text = path.read_text(encoding="utf-8").lower()
    for doctor in project.doctors:
        if doctor.id != "lege02":
            assert doctor.name.lower() not in text and doctor.id not in text
    assert "fritak" not in text
    # the colleagues' calendars: their own vakter, nothing cancelled
    for other in paths:
        if other != path:
            assert not [e for e in events(other) if e.get("status") == "CANCELLED"]


def test_a_removed_doctors_file_never_takes_a_current_doctors_file_name(tmp_path):
    """Kari (id ``kari-n``) left; Kari (id ``kari_n``) came. Alone, ``kari_n``'s file is
    ``kari-n-Kari-Nordeng.ics``, the name ``kari-n``'s own spelling would give: the leaver's
    cancellations must not overwrite the current doctor's vakter, nor rename her file."""
    from legevakt_app.domain import Project
    from legevakt_app.rota_source import source_from_project

    project = _published_liten_kommune()
    doc = project.model_dump(mode="json")
    for d in doc["doctors"]:
        if d["id"] == "lege01":
            d["id"] = "kari-n"
    for place in [*doc["rota"], *doc["snapshots"][0]["assignments"]]:
        if place["doctor_id"] == "lege01":
            place["doctor_id"] = "kari-n"
    names = doc["snapshots"][0]["doctor_names"]
    names["kari-n"] = names.pop("lege01")
    project = _without(Project.model_validate(doc), "kari-n")
    doc = project.model_dump(mode="json")
    doc["doctors"].append({**doc["doctors"][0], "id": "kari_n", "name": "Kari Nordeng"})
    newcomer = doc["rota"][0]
    newcomer["doctor_id"] = "kari_n"
    source = source_from_project(Project.model_validate(doc))
    paths = write_ics(source, tmp_path, stamp=STAMP)
    assert len({p.name.casefold() for p in paths}) == len(paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    current = tmp_path / "kari-n-Kari-Nordeng.ics"
    assert {str(e["uid"]) for e in events(current)} == {
        event_uid(newcomer["shift_id"], newcomer["role"], "kari_n")}
    left = [p for p in paths if p != current and "Kari" in p.name]
    assert len(left) == 1
    assert {str(e["status"]) for e in events(left[0])} == {"CANCELLED"}
    assert {str(e["uid"]) for e in events(left[0])} == {
        event_uid(a["shift_id"], a["role"], "kari-n") for a in doc["snapshots"][0]["assignments"]
        if a["doctor_id"] == "kari-n"}


def test_a_removed_doctors_revised_vakter_are_cancelled_above_the_revision(tmp_path, capsys):
    """A doctor's Kveld vakter were published, Kveld moved to 15–22 and published again (her
    phone holds them at SEQUENCE 1); then she left and was removed. Her cancellations carry
    SEQUENCE 2, above what the phone holds, so it takes them; her other vakter, never
    revised, are cancelled at 1."""
    from legevakt_app.cli import EXIT_OK, main
    from legevakt_app.project_io import load_project, save_project

    path, cal = _published_interkommunal(tmp_path, capsys)
    _retime(path, "kveld", "15:00", "22:00")
    assert main(["export", str(path), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    project = load_project(path)
    doctor = next(a.doctor_id for a in project.rota
                  if a.shift_id.startswith("kveld@") and a.role == "vakt")
    name = next(d.name for d in project.doctors if d.id == doctor)
    published = {event_uid(a.shift_id, a.role, doctor): a for a in project.rota
                 if a.doctor_id == doctor}
    held = _calendar_events(cal, doctor)
    assert set(held) == set(published)
    save_project(_without(project, doctor), path)
    assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_OK
    capsys.readouterr()
    gone = _calendar_events(cal, doctor)
    assert set(gone) == set(published)
    for uid, event in gone.items():
        assert str(event["status"]) == "CANCELLED"
        assert int(event["sequence"]) > int(held[uid].get("sequence", 0))
        revised = published[uid].shift_id.startswith("kveld@")
        assert int(event["sequence"]) == (2 if revised else 1), event["summary"]
    assert name.lower() in str(Calendar.from_ical(
        next(cal.glob(f"{doctor}-*.ics")).read_bytes())["x-wr-calname"]).lower()
