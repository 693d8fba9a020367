"""One calendar file (.ics) per doctor with that doctor's own vakter.

Every event's UID is made from the shift id, the role and the doctor id, so importing an
updated rota into a phone calendar updates the events instead of adding copies. A vakt the
doctor was sent (in a published snapshot of the project, or in a calendar export published or
not: the project's record of what each file held, ``Project.calendars``) but no longer has is
written as a cancelled event with the same UID, so the phone removes it too; an event that
changed since it was sent (cancelled, given back, or its vakttype's times or place changed) has
a higher SEQUENCE than anything sent before, so a calendar that imports the file takes the
change. :func:`write_ics_sent` says what each file holds, for the caller to keep in the
project (:func:`legevakt_app.snapshots.record_calendars`). A doctor removed from the project
since (left the district) still gets a file: only the vakter she was sent, each cancelled,
since her phone holds them and nothing else can take them away. Times are Europe/Oslo with the
time zone included. Privacy: a calendar holds only the doctor's own duties — never other
doctors' data, never anything about exemptions (fritak).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from legevakt_app import __version__
from legevakt_app.calendar import OSLO
from legevakt_app.domain import PublishedTemplate, SentCalendar, SentEvent
from legevakt_app.export.layout import Duty, RotaLayout, build_layout
from legevakt_app.rota_source import RotaSource
from legevakt_app.shifts import template_of
from legevakt_app.snapshots import known_names, published_templates

UID_DOMAIN = "legevakt.invalid"
PRODID = f"-//Legevakt//Legevakt {__version__}//NO"


def event_uid(shift_id: str, role: str, doctor_id: str) -> str:
    """Stable UID: the same vakt for the same doctor keeps its UID across exports."""
    raw = f"{shift_id}|{role}|{doctor_id}"
    readable = re.sub(r"[^A-Za-z0-9.-]+", "-", f"{shift_id}-{role}-{doctor_id}").strip("-")
    digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:10]
    return f"{readable}-{digest}@{UID_DOMAIN}"


def _summary(template_name: str, station_name: str, role: str, at_home: bool = False) -> str:
    """``Legevakt: Kveld, Sørvang legevakt`` / ``Legevakt: Natt (hjemmevakt), Lysfjord
    legevakt`` / ``Bakvakt: Helg (video), Eikenes satellitt``: a vakt from home says so in
    the title the phone shows, not only in the details (a bakvakt is always from home)."""
    if role == "bakvakt":
        return f"Bakvakt: {template_name}, {station_name}"
    if at_home and "hjemmevakt" not in template_name.lower():
        if template_name.endswith(")"):  # «Helg (video)» → «Helg (video, hjemmevakt)»
            template_name = template_name[:-1] + ", hjemmevakt)"
        else:
            template_name += " (hjemmevakt)"
    return f"Legevakt: {template_name}, {station_name}"


def _description(duty: Duty) -> str:
    lines = [
        f"Rolle: {duty.role_text}",
        f"Stasjon: {duty.station_name}",
        f"Vakt: {duty.template_name} ({duty.kind_text.lower()}, {duty.presence_text.lower()})",
        f"Varighet: {duty.hours:g} timer".replace(".", ","),
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class _Planned:
    """One event of a doctor's calendar as it will be written (the dtstamp aside)."""

    shift_id: str
    role: str
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str  # "" for a cancelled event
    description: str  # ""  for a cancelled event
    role_text: str
    cancelled: bool
    sequence: int = 0

    @property
    def content(self) -> str:
        """A digest of what the event says: an event sent again as it was keeps its SEQUENCE."""
        said = ("CANCELLED" if self.cancelled else "", self.start.astimezone(UTC).isoformat(),
                self.end.astimezone(UTC).isoformat(), self.summary, self.location,
                self.description)
        return hashlib.sha1("\x1f".join(said).encode("utf-8")).hexdigest()[:16]


def _plan(source: RotaSource, doctor_id: str, layout: RotaLayout) -> list[_Planned]:
    """The events of the doctor's calendar: her vakter now, then the cancelled ones
    (:func:`withdrawn_duties`), each with its SEQUENCE (:func:`_sequence`)."""
    base = event_sequences(source, doctor_id)
    sent = _sent_events(source, doctor_id)
    planned: list[_Planned] = []
    for duty in layout.duties.get(doctor_id, []):
        planned.append(_Planned(
            duty.shift.id, duty.role, event_uid(duty.shift.id, duty.role, doctor_id),
            duty.shift.start, duty.shift.end,
            _summary(duty.template_name, duty.station_name, duty.role, at_home=not duty.on_site),
            duty.location_text, _description(duty), duty.role_text, cancelled=False))
    shifts = {sh.id: sh for sh in source.problem.shifts}
    names = {(c.station_id, c.template_id): (c.template_name, c.station_name)
             for c in layout.columns}
    for shift_id, role in withdrawn_duties(source, doctor_id):
        shift = shifts[shift_id]
        template_name, station_name = names.get((shift.station, shift.template),
                                                (shift.label or shift.template, ""))
        earlier = sent.get((shift_id, role))
        planned.append(_Planned(
            shift_id, role,
            earlier.uid if earlier is not None else event_uid(shift_id, role, doctor_id),
            shift.start, shift.end,
            "Avlyst – " + _summary(template_name, station_name, role,
                                   at_home=not shift.on_site).rstrip(", "),
            "", "", "", cancelled=True))
    return [replace(event, sequence=_sequence(event, base, sent)) for event in planned]


def _sequence(event: _Planned, published: dict[tuple[str, str], int],
              sent: dict[tuple[str, str], SentEvent]) -> int:
    """The event's SEQUENCE: as the published snapshots count its revisions
    (:func:`event_sequences`; a cancellation at least 1, newer than the event it cancels), and
    never below what an export sent of it: the same again when it says what it said then, one
    higher when it changed (a vakt taken, given back, or with new times since)."""
    key = (event.shift_id, event.role)
    sequence = published.get(key, 1 if event.cancelled else 0)
    earlier = sent.get(key)
    if earlier is not None:
        sequence = max(sequence, earlier.sequence + (earlier.content != event.content))
    return sequence


def _sent_events(source: RotaSource, doctor_id: str) -> dict[tuple[str, str], SentEvent]:
    """(shift id, role) → the event as the doctor's calendar was last exported with it."""
    if source.project is None or doctor_id not in source.project.calendars:
        return {}
    return {(e.shift_id, e.role): e for e in source.project.calendars[doctor_id].events}


def doctor_calendar(
    source: RotaSource,
    doctor_id: str,
    layout: RotaLayout | None = None,
    stamp: datetime | None = None,
) -> Calendar:
    """The calendar of ``doctor_id``: one event per vakt or bakvakt of that doctor, and one
    cancelled event per vakt she was sent but no longer has. A doctor no longer in the
    project (see :func:`former_doctors`) has only the cancelled ones. KeyError: a doctor
    neither in the rota nor with a vakt sent to cancel."""
    layout = layout or build_layout(source)
    return _calendar(source, doctor_id, layout, _plan(source, doctor_id, layout), stamp)


def _calendar(source: RotaSource, doctor_id: str, layout: RotaLayout, planned: list[_Planned],
              stamp: datetime | None) -> Calendar:
    """The calendar file of ``planned`` (:func:`_plan`); KeyError: a doctor neither in the
    project now nor with a vakt sent to cancel."""
    if doctor_id not in layout.duties and not planned:
        raise KeyError(doctor_id)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    name = _doctor_name(source, layout, doctor_id)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Legevakt {name}")
    cal.add("x-wr-timezone", "Europe/Oslo")
    for planned_event in planned:
        event = Event()
        event.add("uid", planned_event.uid)
        event.add("dtstamp", stamp)
        if planned_event.sequence and not planned_event.cancelled:
            event.add("sequence", planned_event.sequence)  # changed since sent: newer than it
        event.add("dtstart", planned_event.start.astimezone(OSLO))
        event.add("dtend", planned_event.end.astimezone(OSLO))
        event.add("summary", planned_event.summary)
        if planned_event.cancelled:
            event.add("status", "CANCELLED")
            event.add("sequence", planned_event.sequence)  # newer than the event it cancels
            event.add("transp", "TRANSPARENT")
        else:
            event.add("location", planned_event.location)
            event.add("description", planned_event.description)
            event.add("categories", ["Legevakt", planned_event.role_text])
            event.add("transp", "OPAQUE")
        cal.add_component(event)
    # Time zone rules only for the years the rota covers (keeps the file small).
    cal.add_missing_timezones(
        first_date=date(layout.period_start.year - 1, 1, 1),
        last_date=date(layout.period_end.year + 2, 1, 1),
    )
    for tz in cal.walk("VTIMEZONE"):  # the library's English note on the years covered
        tz.pop("COMMENT", None)
        _onsets_in_offset_from(tz)
    return cal


QUARTER = timedelta(minutes=15)  # the finest step a zone's offset changes by (_onset)


def _onsets_in_offset_from(tz: Any) -> None:
    """Each change of offset in a VTIMEZONE written as RFC 5545 § 3.6.5 wants it: the onset's
    wall clock in the offset before the change (TZOFFSETFROM). icalendar (7.3) writes the
    spring change as the clock reads after it (03:00 for Europe/Oslo, which changes at 02:00
    CET), so a calendar that goes by the file, not by its own copy of the zone, would put the
    change an hour late. The onsets are found again in the zone's own rules (zoneinfo)."""
    zone = ZoneInfo(str(tz["TZID"]))
    for part in tz.subcomponents:
        before, after = part["TZOFFSETFROM"].td, part["TZOFFSETTO"].td
        if before == after or "DTSTART" not in part:
            continue
        rdates = part.get("RDATE", [])
        onsets = [part.decoded("DTSTART")] + [
            when.dt for group in (rdates if isinstance(rdates, list) else [rdates])
            for when in group.dts]
        fixed = [_onset(zone, when.date(), before, after) or when for when in onsets]
        part.pop("DTSTART")
        part.add("DTSTART", fixed[0])
        if len(fixed) > 1:
            part.pop("RDATE")
            part.add("RDATE", fixed[1:])


def _onset(zone: ZoneInfo, day: date, before: timedelta, after: timedelta) -> datetime | None:
    """The wall clock, in the offset ``before``, at which ``zone`` goes from ``before`` to
    ``after`` within a day of ``day`` (None: no such change there)."""
    at = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=1)
    was = at.astimezone(zone).utcoffset()
    for _ in range(3 * 24 * 4):  # quarter hours, three days
        at += QUARTER
        now = at.astimezone(zone).utcoffset()
        if was == before and now == after:
            return (at + before).replace(tzinfo=None)
        was = now
    return None


def withdrawn_duties(source: RotaSource, doctor_id: str) -> list[tuple[str, str]]:
    """(shift id, role) the doctor was sent — in any published snapshot, or in her calendar
    as last exported (``Project.calendars``), published or not — but does not have in the rota
    now (only for shifts that still exist in the period). Any, not only the latest: a leader
    who publishes the changed rota before exporting the calendars must still cancel what the
    doctor was given before; sending a cancellation again changes nothing on a phone."""
    if source.project is None:
        return []
    now = {(a.shift_id, a.role) for a in source.rota.assignments if a.doctor_id == doctor_id}
    shifts = {sh.id for sh in source.problem.shifts}
    published = [(a.shift_id, a.role) for snap in source.project.snapshots
                 for a in snap.assignments if a.doctor_id == doctor_id]
    published += list(_sent_events(source, doctor_id))  # her calendar as last exported
    return [key for key in dict.fromkeys(published) if key not in now and key[0] in shifts]


def former_doctors(source: RotaSource, layout: RotaLayout | None = None) -> dict[str, str]:
    """The doctors a published snapshot or an export of the calendars gave vakter who are no
    longer in the project (removed in the Leger table: left the district), and who have
    vakter to cancel: id → name as the snapshot or the export kept it (the id for a snapshot
    from before names were kept). Their phones still hold those vakter, and only a calendar
    file of their own can take them away."""
    if source.project is None:
        return {}
    layout = layout or build_layout(source)
    present = set(layout.doctor_ids)
    published = dict.fromkeys([*(a.doctor_id for snap in source.project.snapshots
                                 for a in snap.assignments), *source.project.calendars])
    return {doctor_id: _doctor_name(source, layout, doctor_id) for doctor_id in published
            if doctor_id not in present and withdrawn_duties(source, doctor_id)}


def former_doctors_text(names: list[str]) -> str:
    """What an export says of the calendar files it wrote for doctors no longer in the project,
    so the leader sends those too: «1 av dem for en lege som ikke lenger er i prosjektet (Ola
    Hallingset: bare avlysninger)»."""
    from solver.common import names as joined

    who = "en lege" if len(names) == 1 else "leger"
    return (f"{len(names)} av dem for {who} som ikke lenger er i prosjektet "
            f"({joined(names)}: bare avlysninger)")


def _doctor_name(source: RotaSource, layout: RotaLayout, doctor_id: str) -> str:
    """The doctor's name: as in the rota, else as a published snapshot or an export of the
    calendars kept it (a doctor who has left), else her id."""
    if doctor_id in layout.doctor_names:
        return layout.doctor_names[doctor_id]
    if source.project is not None:
        return known_names(source.project).get(doctor_id, doctor_id)
    return doctor_id


_GONE = object()  # the doctor did not have the vakt


def event_sequences(source: RotaSource, doctor_id: str) -> dict[tuple[str, str], int]:
    """The iCalendar SEQUENCE of each of the doctor's (shift id, role) events: how many times
    the event was revised over the published snapshots and the rota now, the first giving not
    counted. A revision is a change between given and cancelled, or a vakt kept while its
    vakttype got new times, place or name (the vakttyper as published are in each snapshot;
    one from before they were kept tells nothing of them). A vakt given, cancelled and given
    back is 2, so a phone that holds the cancellation (1) takes the vakt back; Kveld moved from
    16–23 to 15–22 after publishing is 1, so the phone takes the new times. Absent: 0."""
    project = source.project
    if project is None or not project.snapshots:
        return {}

    def held(assignments: Iterable[Any], templates: dict[str, PublishedTemplate],
             ) -> dict[tuple[str, str], PublishedTemplate | None]:
        """(shift id, role) → the vakttype as told (None: not known) of the doctor's vakter."""
        return {(a.shift_id, a.role): templates.get(template_of(a.shift_id))
                for a in assignments if a.doctor_id == doctor_id}

    states = [held(snap.assignments, snap.templates) for snap in project.snapshots]
    states.append(held(source.rota.assignments, published_templates(project)))
    out: dict[tuple[str, str], int] = {}
    for key in set().union(*states):
        revisions, told = 0, _GONE
        for state in states:
            now = state.get(key, _GONE)
            if now is None and told is not _GONE:
                now = told  # the vakttype not known: as told before
            if (now is _GONE) != (told is _GONE):
                revisions += 1  # given or cancelled
            elif now is not _GONE and now is not None and told is not None and now != told:
                revisions += 1  # its vakttype has new times, place or name
            told = now
        out[key] = revisions - 1
    return out


def _slug(text: str) -> str:
    text = text.replace("æ", "ae").replace("Æ", "Ae").replace("ø", "o").replace("Ø", "O")
    text = text.replace("å", "a").replace("Å", "A")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "lege"


def ics_filename(doctor_id: str, name: str) -> str:
    """``lege01-Kari-Nordeng.ics``: the id keeps it unique, the name makes it findable."""
    return f"{_slug(doctor_id)}-{_slug(name)}.ics"


def ics_filenames(doctors: dict[str, str], beside: Iterable[str] = ()) -> dict[str, str]:
    """The file name of each doctor's calendar (doctor id → name given): :func:`ics_filename`,
    and never one name for two doctors, not even on a file system that ignores case. Ids that
    the slug makes alike (``kari_n``, ``kari.n``) keep their own spelling
    (``kari_n-Kari-Nordeng.ics``); ids alike but for case get a short mark made from the id.
    Never one of ``beside`` either (names given already: the current doctors' files, which a
    doctor who has left must neither take nor rename). Each name depends only on the doctors
    and ``beside``, so an export repeated writes the same files."""
    taken = {name.casefold() for name in beside}
    names = {doctor_id: ics_filename(doctor_id, name) for doctor_id, name in doctors.items()}
    for spell in (_own_spelling, _marked):
        clash = _clashing(names, taken)
        for doctor_id in clash:
            names[doctor_id] = spell(doctor_id, doctors[doctor_id])
    used = set(taken)
    for doctor_id, name in names.items():  # two marks alike: unheard of, but never lose a file
        n = 2
        while name.casefold() in used:
            name, n = f"{names[doctor_id][:-4]}-{n}.ics", n + 1
        used.add(name.casefold())
        names[doctor_id] = name
    return names


def _clashing(names: dict[str, str], taken: set[str]) -> list[str]:
    """The doctors whose file name another doctor's, or one ``taken``, equals, case aside."""
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
    return [doctor_id for doctor_id, name in names.items()
            if seen[name.casefold()] > 1 or name.casefold() in taken]


def _own_spelling(doctor_id: str, name: str) -> str:
    own = re.sub(r"[^A-Za-z0-9_.-]+", "-", doctor_id).strip("-.") or "lege"
    return f"{own}-{_slug(name)}.ics"


def _marked(doctor_id: str, name: str) -> str:
    mark = hashlib.sha1(doctor_id.encode("utf-8")).hexdigest()[:6]
    return f"{_own_spelling(doctor_id, name)[:-4]}-{mark}.ics"


def write_ics(
    source: RotaSource,
    folder: str | os.PathLike[str],
    doctor_ids: list[str] | None = None,
    stamp: datetime | None = None,
    layout: RotaLayout | None = None,
) -> list[Path]:
    """Write one ``.ics`` per doctor into ``folder`` (created if missing); return the paths.
    ``layout``: the source's, when the caller has it already (it also asks
    :func:`former_doctors`).

    ``doctor_ids`` None means every doctor who has at least one vakt or a vakt sent before to
    cancel, also one no longer in the project (:func:`former_doctors`). The current doctors'
    file names do not depend on those who have left. An export the doctors are sent goes
    through :func:`write_ics_sent`, so the project keeps what was sent.
    """
    return write_ics_sent(source, folder, doctor_ids, stamp, layout)[0]


def calendar_doctors(source: RotaSource, layout: RotaLayout) -> list[str]:
    """Whose calendar an export writes: each doctor with a vakt, or with one to cancel, and
    each doctor no longer in the project who was sent some (:func:`former_doctors`)."""
    doctor_ids = [d for d in layout.doctor_ids
                  if layout.duties.get(d) or withdrawn_duties(source, d)]
    return doctor_ids + list(former_doctors(source, layout))


@dataclass(frozen=True)
class ChangedCalendars:
    """:func:`changed_calendars`: whose calendar files to write and send, and how many are
    left out as the same as last exported."""

    doctor_ids: list[str]
    names: list[str]  # theirs, by the name she was sent them under for a doctor who has left
    unchanged: int


def changed_calendars(source: RotaSource, layout: RotaLayout | None = None) -> ChangedCalendars:
    """Of :func:`calendar_doctors`, those whose calendar would say something her last exported
    one (kept in the project) did not: a vakt new, changed or cancelled since, or no calendar
    exported to her yet. The others' files would be the same again: no need to send them."""
    layout = layout or build_layout(source)
    changed, everyone = [], calendar_doctors(source, layout)
    for doctor_id in everyone:
        sent = _sent_events(source, doctor_id)
        if not sent or any(
                (earlier := sent.get((e.shift_id, e.role))) is None
                or earlier.content != e.content or earlier.cancelled != e.cancelled
                for e in _plan(source, doctor_id, layout)):
            changed.append(doctor_id)
    return ChangedCalendars(changed, [_doctor_name(source, layout, d) for d in changed],
                            len(everyone) - len(changed))


def write_ics_sent(
    source: RotaSource,
    folder: str | os.PathLike[str],
    doctor_ids: list[str] | None = None,
    stamp: datetime | None = None,
    layout: RotaLayout | None = None,
) -> tuple[list[Path], dict[str, SentCalendar]]:
    """:func:`write_ics`, and what each file written holds (doctor id → her events), for
    :func:`legevakt_app.snapshots.record_calendars` to keep in the project: the next export
    then cancels what she no longer has and sends a change above what she was sent."""
    from legevakt_app.file_errors import write_failed
    from legevakt_app.project_io import atomic_write_bytes

    layout = layout or build_layout(source)
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_failed(target, err) from None
    if doctor_ids is None:
        doctor_ids = calendar_doctors(source, layout)
    filenames = ics_filenames({d: layout.doctor_names.get(d, d) for d in layout.doctor_ids})
    gone = [d for d in dict.fromkeys(doctor_ids) if d not in filenames]
    filenames.update(ics_filenames({d: _doctor_name(source, layout, d) for d in gone},
                                   beside=filenames.values()))
    paths: list[Path] = []
    sent: dict[str, SentCalendar] = {}
    for doctor_id in doctor_ids:
        planned = _plan(source, doctor_id, layout)
        cal = _calendar(source, doctor_id, layout, planned, stamp)
        path = target / filenames[doctor_id]
        atomic_write_bytes(path, cal.to_ical(), backup=False, private=False)
        paths.append(path)
        sent[doctor_id] = SentCalendar(
            name=_doctor_name(source, layout, doctor_id),
            events=[SentEvent(uid=e.uid, shift_id=e.shift_id, role=e.role, sequence=e.sequence,
                              cancelled=e.cancelled, content=e.content) for e in planned])
    return paths, sent
