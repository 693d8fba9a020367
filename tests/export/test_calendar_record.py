"""Every calendar export, published or not, is kept in the project (``Project.calendars``): the
next export cancels a vakt a doctor was sent and no longer has, and sends a vakt given back,
or changed, with a SEQUENCE above anything she was sent (a calendar ignores an update that is
not higher). Real project files, the real command line, the calendar files read back with
icalendar.

The new functions are imported inside the tests that use them, so the command-line tests run
(and fail on their assertions) against a Legevakt from before the record was kept."""

from __future__ import annotations

import json

from icalendar import Calendar

from legevakt_app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from legevakt_app.export.ics import event_uid
from legevakt_app.project_io import dumps_project, load_project, save_project
from tests.export.conftest import saved_with_rota
from tests.foundation.full_disk import fill, full_disk


def _events(folder, doctor_id: str) -> dict:
    """UID → event of the doctor's calendar file in ``folder``."""
    [path] = folder.glob(f"{doctor_id}-*.ics")
    return {str(e["uid"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def _export(path, folder, capsys) -> tuple[str, str]:
    assert main(["export", str(path), "--ics-dir", str(folder)]) == EXIT_OK
    return capsys.readouterr()


def _give(path, shift_id: str, doctor: str, instead_of: str, capsys) -> None:
    """``legevakt edit PROJECT give VAKT LEGE --instead-of LEGE``: as a leader moves a vakt."""
    assert main(["edit", str(path), "give", shift_id, doctor, "--instead-of", instead_of]) == EXIT_OK
    capsys.readouterr()


def _a_vakt_and_a_colleague(path) -> tuple[str, str, str]:
    """(shift id, the doctor on it, another doctor not on it): a vakt without a bakvakt."""
    project = load_project(path)
    backed = {a.shift_id for a in project.rota if a.role == "bakvakt"}
    taken = next(a for a in project.rota if a.role == "vakt" and a.shift_id not in backed)
    there = {a.doctor_id for a in project.rota if a.shift_id == taken.shift_id}
    other = next(d.id for d in project.doctors if d.id not in there)
    return taken.shift_id, taken.doctor_id, other


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


def test_a_vakt_taken_after_an_unpublished_export_is_cancelled_and_given_back_outranks_it(
        tmp_path, capsys):
    """«Bare eksporter» / --ics-dir without --publish, then the vakt given to a colleague
    (legevakt edit): the next export cancels it in the first doctor's calendar. Given back,
    her event outranks the cancellation her phone holds. Exported again as it is, nothing
    changes: the same SEQUENCE, and the project file is not written again."""
    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    cal = tmp_path / "kalender"
    out, err = _export(path, cal, capsys)
    assert f"Lagret i {path} hva kalenderne holder" in out
    assert "ikke publisert" not in err  # no limitation to warn of
    saved = load_project(path)
    assert saved.snapshots == []  # kept, not published
    shift_id, kari, ola = _a_vakt_and_a_colleague(path)
    uid = event_uid(shift_id, "vakt", kari)
    assert "status" not in _events(cal, kari)[uid]

    _give(path, shift_id, ola, kari, capsys)
    _export(path, cal, capsys)
    cancelled = _events(cal, kari)[uid]
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["summary"]).startswith("Avlyst – ")
    assert int(cancelled["sequence"]) == 1  # above the event she was sent (0)
    theirs = _events(cal, ola)[event_uid(shift_id, "vakt", ola)]
    assert "status" not in theirs
    # only that vakt is cancelled, in every file
    every = [e for p in cal.glob("*.ics") for e in Calendar.from_ical(p.read_bytes()).walk("VEVENT")]
    assert [str(e["uid"]) for e in every if e.get("status") == "CANCELLED"] == [uid]

    _give(path, shift_id, kari, ola, capsys)
    _export(path, cal, capsys)
    back = _events(cal, kari)[uid]
    assert "status" not in back
    assert int(back["sequence"]) > int(cancelled["sequence"])
    gone = _events(cal, ola)[event_uid(shift_id, "vakt", ola)]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) >= 1

    before = path.read_bytes()
    out, _err = _export(path, cal, capsys)
    assert "Lagret" not in out and path.read_bytes() == before  # nothing new to keep
    again = _events(cal, kari)[uid]
    assert int(again["sequence"]) == int(back["sequence"])
    assert int(_events(cal, ola)[event_uid(shift_id, "vakt", ola)]["sequence"]) == int(
        gone["sequence"])


def test_a_vakt_given_back_after_an_unpublished_cancellation_outranks_it(tmp_path, capsys):
    """Published and exported; the vakt given to a colleague and the calendars exported without
    publishing (her phone holds the cancellation, SEQUENCE 1); given back and exported again,
    still not published: her event must be above the cancellation, though the rota is again
    as published, or her phone keeps the vakt cancelled."""
    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    cal = tmp_path / "kalender"
    assert main(["export", str(path), "--ics-dir", str(cal), "--publish"]) == EXIT_OK
    capsys.readouterr()
    shift_id, kari, ola = _a_vakt_and_a_colleague(path)
    uid = event_uid(shift_id, "vakt", kari)
    _give(path, shift_id, ola, kari, capsys)
    _export(path, cal, capsys)
    cancelled = _events(cal, kari)[uid]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) == 1
    _give(path, shift_id, kari, ola, capsys)
    _export(path, cal, capsys)
    back = _events(cal, kari)[uid]
    assert "status" not in back and int(back.get("sequence", 0)) > 1


def test_a_vakttype_given_new_times_after_an_unpublished_export_reaches_the_calendars(
        tmp_path, capsys):
    """Exported, never published, then Døgnvakt moved an hour: every vakt of it is sent with
    the new times and SEQUENCE 1 (else the phone keeps the old times); exported again, still 1."""
    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    cal = tmp_path / "kalender"
    _export(path, cal, capsys)
    project = load_project(path)
    doctor = next(a.doctor_id for a in project.rota if a.shift_id.startswith("dogn@"))
    first = {uid: e.decoded("dtstart") for uid, e in _events(cal, doctor).items()}
    project.templates = [t.model_copy(update={"start": "07:00"}) if t.id == "dogn" else t
                         for t in project.templates]
    save_project(project, path)
    for _ in range(2):
        _export(path, cal, capsys)
        now = _events(cal, doctor)
        moved = [e for uid, e in now.items() if e.decoded("dtstart") != first[uid]]
        assert moved and all(int(e["sequence"]) == 1 for e in moved)
        assert all(e.decoded("dtstart").hour == 7 for e in moved)
        assert all("sequence" not in e for e in now.values() if e not in moved)


def test_a_doctor_removed_after_an_unpublished_export_gets_her_vakter_cancelled(tmp_path,
                                                                                capsys):
    """Exported without publishing, then a doctor leaves and is removed: the next export
    writes her a file of her own, every vakt she was sent cancelled under the name she had."""
    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    cal = tmp_path / "kalender"
    _export(path, cal, capsys)
    project = load_project(path)
    leaving = project.doctors[0]
    had = {event_uid(a.shift_id, a.role, leaving.id) for a in project.rota
           if a.doctor_id == leaving.id}
    assert had
    project.doctors = project.doctors[1:]
    project.rota = [a for a in project.rota if a.doctor_id != leaving.id]
    save_project(project, path)
    out, _err = _export(path, cal, capsys)
    assert "1 av dem for en lege som ikke lenger er i prosjektet" in out
    assert f"{leaving.name}: bare avlysninger" in out
    events = _events(cal, leaving.id)
    assert set(events) == had
    assert all(str(e["status"]) == "CANCELLED" and int(e["sequence"]) == 1
               for e in events.values())


def test_an_old_project_without_the_record_loads_and_exports_as_before(tmp_path, capsys):
    """A file from before the record was kept (published, then a vakt moved) reads and saves
    byte for byte, and its calendars cancel the moved vakt from the snapshot as they always
    did (SEQUENCE 1, the vakter never moved without one); the export then keeps the record."""
    from legevakt_app.snapshots import publish_snapshot

    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    project = publish_snapshot(load_project(path))
    shift_id, kari, ola = _a_vakt_and_a_colleague(path)
    project.rota = [a.model_copy(update={"doctor_id": ola})
                    if (a.shift_id, a.doctor_id, a.role) == (shift_id, kari, "vakt") else a
                    for a in project.rota]
    save_project(project, path)
    text = path.read_text(encoding="utf-8")
    assert '"calendars"' not in text  # as an older Legevakt wrote it
    old = load_project(path)
    assert old.calendars == {} and dumps_project(old) == text

    cal = tmp_path / "kalender"
    _export(path, cal, capsys)
    hers = _events(cal, kari)
    gone = hers.pop(event_uid(shift_id, "vakt", kari))
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 1
    kept = list(hers.values())
    assert kept and all("sequence" not in e for e in kept)
    assert "status" not in _events(cal, ola)[event_uid(shift_id, "vakt", ola)]
    # the export is kept now: each calendar file's events, with what was sent of them
    document = json.loads(path.read_text(encoding="utf-8"))
    record = document["calendars"][kari]
    sent = {(e["shift_id"], e["role"]): e for e in record["events"]}
    assert sent[(shift_id, "vakt")]["cancelled"] is True
    assert sent[(shift_id, "vakt")]["sequence"] == 1
    assert sent[(shift_id, "vakt")]["uid"] == event_uid(shift_id, "vakt", kari)
    assert record["name"] == next(d.name for d in old.doctors if d.id == kari)
    assert load_project(path).calendars[kari].events  # and the file still loads


def test_a_failed_save_after_the_calendars_leaves_the_project_file_as_it_was(tmp_path, capsys):
    """The project is on a full disk: the calendars are written, the save of what they hold
    fails, and the file and its .bak are as before, no temporary file left; the leader is told
    to export again before sending them (exit 2)."""
    with full_disk(tmp_path / "full", size_kb=256) as full:
        path = saved_with_rota(full / "lysfjord.legevakt.json")
        (full / f"{path.name}.bak").write_text("GAMMEL")
        before = path.read_bytes()
        fill(full, free_kb=4)
        cal = tmp_path / "kalender"
        assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_BAD_INPUT
        out, err = capsys.readouterr()
        assert "ingen plass igjen på disken" in err and str(path) in err
        assert "filen er som før" in err and "eksporter igjen før du sender dem" in err
        assert "Traceback" not in err and "Lagret" not in out
        assert path.read_bytes() == before
        assert (full / f"{path.name}.bak").read_text() == "GAMMEL"
        assert not [p for p in full.iterdir() if p.name.endswith(".tmp")]
        assert load_project(path).calendars == {}


def test_a_read_only_project_is_refused_before_any_calendar_is_written(tmp_path, capsys):
    """A project that cannot keep what the calendars hold: nothing is exported (a later move
    could not be cancelled in them), exit 2."""
    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    before = path.read_bytes()
    path.chmod(0o444)
    cal = tmp_path / "kalender"
    assert main(["export", str(path), "--ics-dir", str(cal)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "skrivebeskyttet" in err and "Ingenting er eksportert" in err
    assert not cal.exists() and path.read_bytes() == before


def test_only_changed_writes_just_the_calendars_to_send_again(tmp_path, capsys):
    """``--ics-dir --only-changed`` after a vakt is moved: only the two doctors whose calendar
    changed get a file (the one who lost it: a cancellation; the one who took it), named in
    the output as those to send them to; the files are those a full export writes for them.
    Exported again, nothing has changed and nothing is written."""
    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    _export(path, tmp_path / "alle", capsys)
    shift_id, had, other = _a_vakt_and_a_colleague(path)
    _give(path, shift_id, other, had, capsys)
    names = {d.id: d.name for d in load_project(path).doctors}

    changed = tmp_path / "endret"
    assert main(["export", str(path), "--ics-dir", str(changed), "--only-changed"]) == EXIT_OK
    out = capsys.readouterr().out
    assert sorted(p.name.split("-")[0] for p in changed.glob("*.ics")) == sorted([had, other])
    assert "bare de endrede siden forrige eksport — send dem til " in out
    assert names[had] in out and names[other] in out
    assert f"({len(names) - 2} uendret, ikke skrevet)" in out
    assert str(_events(changed, had)[event_uid(shift_id, "vakt", had)]["status"]) == "CANCELLED"
    assert event_uid(shift_id, "vakt", other) in _events(changed, other)

    again = tmp_path / "igjen"
    assert main(["export", str(path), "--ics-dir", str(again), "--only-changed"]) == EXIT_OK
    assert "ingen kalender er endret siden forrige eksport" in capsys.readouterr().out
    assert not list(again.glob("*.ics"))


def test_only_changed_needs_calendars_and_a_project(tmp_path, capsys):
    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    assert main(["export", str(path), "--xlsx", str(tmp_path / "t.xlsx"),
                 "--only-changed"]) == EXIT_BAD_INPUT
    assert "--only-changed gjelder kalenderfilene: gi --ics-dir MAPPE" in capsys.readouterr().err
    result = tmp_path / "r.json"
    assert main(["export", str(path), "--result", str(result)]) == EXIT_OK
    capsys.readouterr()
    assert main(["export", str(result), "--ics-dir", str(tmp_path / "k"),
                 "--only-changed"]) == EXIT_BAD_INPUT
    assert "--only-changed: bare et prosjekt med lagret turnus" in capsys.readouterr().err
    assert not (tmp_path / "k").exists() or not list((tmp_path / "k").glob("*.ics"))
