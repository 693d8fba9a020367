"""One calendar file (.ics) per doctor with that doctor's own vakter.

Every event's UID is made from the shift id, the role and the doctor id, so importing an
updated rota into a phone calendar updates the events instead of adding copies. A vakt the
doctor was told about (a published snapshot of the project) but no longer has is written as a
cancelled event with the same UID, so the phone removes it too; an event that changed since it
was published (cancelled, given back, or its vakttype's times or place changed) has a higher
SEQUENCE than before, so a calendar that imports the file takes the change. A doctor removed
from the project since (left the district) still gets a file: only her vakter as published,
each cancelled, since her phone holds them and nothing else can take them away. Times are
Europe/Oslo with the time zone included. Privacy: a calendar holds only the doctor's own
duties — never other doctors' data, never anything about exemptions (fritak).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from legevakt_app import __version__
from legevakt_app.calendar import OSLO
from legevakt_app.domain import PublishedTemplate
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


def doctor_calendar(
    source: RotaSource,
    doctor_id: str,
    layout: RotaLayout | None = None,
    stamp: datetime | None = None,
) -> Calendar:
    """The calendar of ``doctor_id``: one event per vakt or bakvakt of that doctor, and one
    cancelled event per vakt she was published but no longer has. A doctor no longer in the
    project (see :func:`former_doctors`) has only the cancelled ones. KeyError: a doctor
    neither in the rota nor with a published vakt to cancel."""
    layout = layout or build_layout(source)
    withdrawn = withdrawn_duties(source, doctor_id)
    if doctor_id not in layout.duties and not withdrawn:
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
    sequence = event_sequences(source, doctor_id)
    for duty in layout.duties.get(doctor_id, []):
        event = Event()
        event.add("uid", event_uid(duty.shift.id, duty.role, doctor_id))
        event.add("dtstamp", stamp)
        if seq := sequence.get((duty.shift.id, duty.role), 0):
            event.add("sequence", seq)  # given back after a cancellation: newer than it
        event.add("dtstart", duty.shift.start.astimezone(OSLO))
        event.add("dtend", duty.shift.end.astimezone(OSLO))
        event.add("summary", _summary(duty.template_name, duty.station_name, duty.role,
                                      at_home=not duty.on_site))
        event.add("location", duty.location_text)
        event.add("description", _description(duty))
        event.add("categories", ["Legevakt", duty.role_text])
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    shifts = {sh.id: sh for sh in source.problem.shifts}
    names = {(c.station_id, c.template_id): (c.template_name, c.station_name)
             for c in layout.columns}
    for shift_id, role in withdrawn:
        shift = shifts[shift_id]
        template_name, station_name = names.get((shift.station, shift.template),
                                                (shift.label or shift.template, ""))
        event = Event()
        event.add("uid", event_uid(shift_id, role, doctor_id))
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.start.astimezone(OSLO))
        event.add("dtend", shift.end.astimezone(OSLO))
        event.add("summary", "Avlyst – " + _summary(template_name, station_name, role,
                                                    at_home=not shift.on_site).rstrip(", "))
        event.add("status", "CANCELLED")
        # newer than the published event, so calendars take it
        event.add("sequence", sequence.get((shift_id, role), 1))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    # Time zone rules only for the years the rota covers (keeps the file small).
    cal.add_missing_timezones(
        first_date=date(layout.period_start.year - 1, 1, 1),
        last_date=date(layout.period_end.year + 2, 1, 1),
    )
    for tz in cal.walk("VTIMEZONE"):  # the library's English note on the years covered
        tz.pop("COMMENT", None)
    return cal


def withdrawn_duties(source: RotaSource, doctor_id: str) -> list[tuple[str, str]]:
    """(shift id, role) the doctor had in any published snapshot but not in the rota now (only
    for shifts that still exist in the period). Any, not only the latest: a leader who
    publishes the changed rota before exporting the calendars must still cancel what the
    doctor was given before; sending a cancellation again changes nothing on a phone."""
    if source.project is None:
        return []
    now = {(a.shift_id, a.role) for a in source.rota.assignments if a.doctor_id == doctor_id}
    shifts = {sh.id for sh in source.problem.shifts}
    published = [(a.shift_id, a.role) for snap in source.project.snapshots
                 for a in snap.assignments if a.doctor_id == doctor_id]
    return [key for key in dict.fromkeys(published) if key not in now and key[0] in shifts]


def former_doctors(source: RotaSource, layout: RotaLayout | None = None) -> dict[str, str]:
    """The doctors a published snapshot gave vakter who are no longer in the project (removed
    in the Leger table: left the district), and who have vakter to cancel: id → name as the
    snapshot kept it (the id for a snapshot from before names were kept). Their phones still
    hold those vakter, and only a calendar file of their own can take them away."""
    if source.project is None:
        return {}
    layout = layout or build_layout(source)
    present = set(layout.doctor_ids)
    published = dict.fromkeys(a.doctor_id for snap in source.project.snapshots
                              for a in snap.assignments)
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
    """The doctor's name: as in the rota, else as a published snapshot kept it (a doctor who
    has left), else her id."""
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

    ``doctor_ids`` None means every doctor who has at least one vakt or a published vakt to
    cancel, also one no longer in the project (:func:`former_doctors`). The current doctors'
    file names do not depend on those who have left.
    """
    from legevakt_app.file_errors import write_failed
    from legevakt_app.project_io import atomic_write_bytes

    layout = layout or build_layout(source)
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_failed(target, err) from None
    if doctor_ids is None:
        doctor_ids = [d for d in layout.doctor_ids
                      if layout.duties.get(d) or withdrawn_duties(source, d)]
        doctor_ids += former_doctors(source, layout)
    filenames = ics_filenames({d: layout.doctor_names.get(d, d) for d in layout.doctor_ids})
    gone = [d for d in dict.fromkeys(doctor_ids) if d not in filenames]
    filenames.update(ics_filenames({d: _doctor_name(source, layout, d) for d in gone},
                                   beside=filenames.values()))
    paths: list[Path] = []
    for doctor_id in doctor_ids:
        cal = doctor_calendar(source, doctor_id, layout, stamp)
        path = target / filenames[doctor_id]
        atomic_write_bytes(path, cal.to_ical(), backup=False, private=False)
        paths.append(path)
    return paths
