"""Published rotas: keep what the doctors were told, and show what a new rota would change.

Publishing stores the current rota as a :class:`~legevakt_app.domain.Snapshot` inside the
project (with the doctors' names as announced). Before a re-solve or a hand edit replaces
the rota, :func:`diff_against_latest` says which published vakter would move to another
doctor, so nothing the doctors were told is rewritten silently; :func:`lock_published`
locks the published assignments so the engine keeps them. Every export of the calendars,
published or not, is kept too (:func:`record_calendars`: what each doctor's file held), so the
next export cancels what a doctor no longer has and sends changes above what she was sent.

Pure functions on domain objects (no Qt): the GUI and the CLI both use them. Functions that
change a project return a new one and leave the argument untouched (undo-friendly).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from legevakt_app.domain import (
    WEEKDAY_NAMES,
    Project,
    PublishedAssignment,
    PublishedTemplate,
    SentCalendar,
    Snapshot,
)
from legevakt_app.shifts import template_of
from solver.problem import Assignment, Problem, Rota, Shift

ROLE_LABELS = {"vakt": "vakt", "bakvakt": "bakvakt"}


class SnapshotError(ValueError):
    """Publishing is not possible (e.g. there is no rota yet); the message says why."""


@dataclass(frozen=True)
class SlotChange:
    """One place on one shift that has a different doctor than published.

    ``before`` is the published doctor (None: a place that was not filled or did not
    exist), ``after`` the doctor now (None: the place is now empty or gone).
    """

    shift_id: str
    role: str
    before: str | None
    after: str | None


@dataclass
class RotaDiff:
    """What changed between a published rota (``before``) and a rota now (``after``)."""

    changes: list[SlotChange] = field(default_factory=list)
    unchanged: int = 0  # assignments that are exactly as published
    snapshot_name: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def moved(self) -> list[SlotChange]:
        """Places that went from one doctor to another."""
        return [c for c in self.changes if c.before is not None and c.after is not None]

    @property
    def removed(self) -> list[SlotChange]:
        """Published places that nobody has now."""
        return [c for c in self.changes if c.after is None]

    @property
    def added(self) -> list[SlotChange]:
        """Places filled now that were not in the published rota."""
        return [c for c in self.changes if c.before is None]

    def affected_doctors(self) -> set[str]:
        """Every doctor whose duties differ from what was announced (they must be told)."""
        return {d for c in self.changes for d in (c.before, c.after) if d is not None}

    def lines(self, names: dict[str, str] | None = None) -> list[str]:
        """Norwegian, one line per change: ``natt@2027-01-04 (vakt): Kari → Ola``."""
        names = names or {}

        def who(doctor_id: str | None) -> str:
            return "ledig" if doctor_id is None else names.get(doctor_id, doctor_id)

        return [
            f"{c.shift_id} ({ROLE_LABELS.get(c.role, c.role)}): {who(c.before)} → {who(c.after)}"
            for c in self.changes
        ]


def _shift_order(shift_id: str) -> tuple[str, str]:
    """Sort by date, then template (shift ids are ``template@YYYY-MM-DD``)."""
    template, _, day = shift_id.rpartition("@")
    return (day, template) if template else ("", shift_id)


def diff_assignments(
    before: Iterable[PublishedAssignment], after: Iterable[PublishedAssignment]
) -> RotaDiff:
    """Compare two rotas place by place: per (shift, role), doctors in both are unchanged;
    the rest are paired up in id order as moves, and the remainder are added/removed.
    The ``locked`` flag is not a change of duty and is ignored."""
    slots_before: dict[tuple[str, str], Counter[str]] = {}
    slots_after: dict[tuple[str, str], Counter[str]] = {}
    for target, entries in ((slots_before, before), (slots_after, after)):
        for a in entries:
            target.setdefault((a.shift_id, a.role), Counter())[a.doctor_id] += 1
    diff = RotaDiff()
    for key in sorted(slots_before.keys() | slots_after.keys(),
                      key=lambda k: (_shift_order(k[0]), k[1] != "vakt", k[1])):
        was = slots_before.get(key, Counter())
        now = slots_after.get(key, Counter())
        diff.unchanged += sum((was & now).values())
        gone = sorted((was - now).elements())
        came = sorted((now - was).elements())
        for i in range(max(len(gone), len(came))):
            diff.changes.append(
                SlotChange(
                    shift_id=key[0],
                    role=key[1],
                    before=gone[i] if i < len(gone) else None,
                    after=came[i] if i < len(came) else None,
                )
            )
    return diff


def latest_snapshot(project: Project) -> Snapshot | None:
    """The most recently published snapshot (the last one in the list), if any."""
    return project.snapshots[-1] if project.snapshots else None


def diff_against_latest(
    project: Project, rota: Sequence[PublishedAssignment] | None = None
) -> RotaDiff | None:
    """What ``rota`` (default: the project's current rota) changes against the latest
    published snapshot; ``None`` when nothing has been published yet.

    Call this before replacing the rota with a new solve: if ``result.changed``, show
    ``result.lines(names)`` and ask before saving, since these doctors were told otherwise.
    """
    snapshot = latest_snapshot(project)
    if snapshot is None:
        return None
    diff = diff_assignments(snapshot.assignments, project.rota if rota is None else rota)
    diff.snapshot_name = snapshot.name
    return diff


def whom_to_tell(project: Project) -> str:
    """«3 leger har endringer siden forrige publisering og må få nye kalendere: A, B, C»:
    the doctors whose vakter differ from the rota published last, said before publishing
    again (after it, nothing marks them); "" for a first publishing or no change."""
    from legevakt_app.wording import count

    diff = diff_against_latest(project)
    if diff is None or not diff.changed:
        return ""
    names = known_names(project)
    who = sorted(names.get(d, d) for d in diff.affected_doctors())
    return (f"{count(len(who), 'lege har', 'leger har')} endringer siden forrige publisering "
            f"og må få nye kalendere: {', '.join(who)}")


def known_names(project: Project) -> dict[str, str]:
    """Every doctor's name by id: the doctors in the project now, and those only a published
    snapshot or an export of the calendars still names (a doctor who has left the district
    since)."""
    names: dict[str, str] = {}
    for snapshot in project.snapshots:
        names.update(snapshot.doctor_names)
    names.update({d: sent.name for d, sent in project.calendars.items()})
    names.update({d.id: d.name for d in project.doctors})
    return names


def shift_day_text(shift_id: str, shifts: Mapping[str, Shift]) -> str:
    """``fre 05.03 Lysfjord legevakt Døgnvakt``: the day and the vakt, as a doctor is told
    (the shift id itself for a shift the project no longer has)."""
    shift = shifts.get(shift_id)
    if shift is None:
        return shift_id
    return f"{WEEKDAY_NAMES[shift.start.weekday()][:3]} {shift.start:%d.%m} {shift.label}"


def doctor_notices(diff: RotaDiff, names: Mapping[str, str],
                   shifts: Mapping[str, Shift]) -> list[str]:
    """What the leader must tell each doctor whose vakter differ from ``diff``'s before, one
    line per doctor in name order: «Ola Hallingset: får 2: fre 05.03 Lysfjord legevakt
    Døgnvakt, tir 09.03 Lysfjord legevakt Døgnvakt (bakvakt); mister 1: …»."""
    def vakter(changes: list[SlotChange]) -> str:
        return ", ".join(shift_day_text(c.shift_id, shifts)
                         + ("" if c.role == "vakt" else f" ({ROLE_LABELS.get(c.role, c.role)})")
                         for c in changes)

    return [f"{names.get(doctor, doctor)}: {'; '.join(parts)}"
            for doctor, gained, lost in per_doctor(diff, names)
            if (parts := [f"{verb} {len(changes)}: {vakter(changes)}"
                          for verb, changes in (("får", gained), ("mister", lost)) if changes])]


def per_doctor(diff: RotaDiff, names: Mapping[str, str]
               ) -> list[tuple[str, list[SlotChange], list[SlotChange]]]:
    """Each doctor whose vakter differ, in name order, with the places she got and the places
    she lost (each in date order)."""
    gained: dict[str, list[SlotChange]] = {}
    lost: dict[str, list[SlotChange]] = {}
    for c in diff.changes:  # in date order
        if c.after is not None:
            gained.setdefault(c.after, []).append(c)
        if c.before is not None:
            lost.setdefault(c.before, []).append(c)
    return [(d, gained.get(d, []), lost.get(d, []))
            for d in sorted(gained.keys() | lost.keys(), key=lambda d: (names.get(d, d), d))]


def left_out(problem: Problem, rota: Rota) -> list[str]:
    """The doctors who could have vakter (a fair share above 0: a legevaktandel and days they
    are free) but have none in ``rota``: after a repair, a doctor who joined after publishing
    (a repair moves only what it must, so it gives her nothing)."""
    from solver.common import fair_shares

    busy = {a.doctor_id for a in rota.assignments}
    shares = fair_shares(problem)
    return [d.id for d in problem.doctors if shares.get(d.id, 0) > 0 and d.id not in busy]


def left_out_note(names: Sequence[str], how: str) -> str:
    """«Nina Nyvik har ingen vakter: …» after a repair, with ``how`` the way to give them some
    (the command line's or the app's)."""
    who = " og ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return (f"{who} har ingen vakter: en reparasjon flytter bare det den må (fravær, en lege som "
            f"har sluttet), så en lege som er kommet til, får ingen. For å gi {who} vakter: {how}")


def repair_base(project: Project) -> Rota:
    """What a repair moves as few of as it can: the latest published rota — what the doctors
    were given — with the cells locked now; or the stored rota when nothing is published."""
    current = [Assignment(a.shift_id, a.doctor_id, a.role, a.locked) for a in project.rota]
    published = latest_snapshot(project)
    if published is None:
        return Rota(current)
    locked = [a for a in current if a.locked]
    kept = {(a.shift_id, a.doctor_id, a.role) for a in locked}
    return Rota([Assignment(a.shift_id, a.doctor_id, a.role) for a in published.assignments
                 if (a.shift_id, a.doctor_id, a.role) not in kept] + locked)


def published_templates(
    project: Project, template_ids: Iterable[str] | None = None
) -> dict[str, PublishedTemplate]:
    """The project's vakttyper as the doctors' calendars show their vakter (template id → its
    times, place and name); with ``template_ids``, only those."""
    stations = {s.id: s.name for s in project.district.stations}
    wanted = None if template_ids is None else set(template_ids)
    return {
        t.id: PublishedTemplate(
            name=t.name, kind=t.kind, station=t.station,
            station_name=stations.get(t.station, ""), start=t.start, end=t.end,
            end_day_offset=t.end_day_offset, on_site=t.on_site,
        )
        for t in project.templates if wanted is None or t.id in wanted
    }


def revised_templates(project: Project) -> list[str]:
    """The names of the vakttyper whose times, place or name changed since the latest
    publishing (those with vakter in it): the calendars get their vakter as revised events.
    Empty when nothing is published, or the snapshot is from before vakttyper were kept."""
    snapshot = latest_snapshot(project)
    if snapshot is None:
        return []
    now = published_templates(project, snapshot.templates)
    return [t.name for key, t in now.items() if t != snapshot.templates[key]]


def calendar_note(project: Project, publish_how: str) -> str | None:
    """What a leader exporting the calendars of a rota changed since it was published should
    know (None: nothing, also for a rota never published), e.g. ``publish_how`` = "eksporter
    med --publish" or "Turnus → Publiser". The calendars are right either way (the export is
    kept in the project); publishing makes what is sent the rota later changes are told
    against (the ◆ marks, whom to tell, what a repair keeps)."""
    diff = diff_against_latest(project)
    if diff is None:
        return None
    revised = revised_templates(project)
    if not diff.changed and not revised:
        return None
    from legevakt_app.wording import count

    said: list[str] = []
    if diff.changed:
        changes = len(diff.moved) + len(diff.removed) + len(diff.added)
        said.append(f"turnusen har {count(changes, 'endring', 'endringer')} siden den sist ble "
                    "publisert; vakter som er tatt fra en lege, avlyses i legens kalender")
    if revised:
        from solver.common import names

        which = names([f"«{name}»" for name in revised])
        said.append(f"{'vakttypene' if len(revised) > 1 else 'vakttypen'} {which} har fått nye "
                    "tider, nytt sted eller nytt navn siden turnusen sist ble publisert; "
                    "vaktene oppdateres i kalenderne")
    said[1:] = [text[0].upper() + text[1:] for text in said[1:]]  # a new sentence
    return (f"{'. '.join(said)}. Publiser det som sendes ut nå ({publish_how}), så regnes "
            "senere endringer fra det legene har fått")


def record_calendars(project: Project, sent: Mapping[str, SentCalendar]) -> Project:
    """A copy of ``project`` that keeps what the calendar files just exported hold (doctor id
    → her events, :func:`legevakt_app.export.ics.write_ics_sent`), published or not: the next
    export cancels what a doctor was sent and no longer has, and sends a change with a higher
    SEQUENCE than anything she was sent. Events of a doctor's earlier exports that this one
    did not send again (a shift no longer in the period) are kept with theirs. ``project``
    itself when that changes nothing (the same calendars exported again)."""
    calendars = dict(project.calendars)
    for doctor_id, now in sent.items():
        sent_now = {(e.shift_id, e.role) for e in now.events}
        before = calendars.get(doctor_id)
        kept = [e for e in before.events if (e.shift_id, e.role) not in sent_now] if before else []
        events = sorted([*kept, *now.events], key=lambda e: (_shift_order(e.shift_id), e.role))
        calendars[doctor_id] = SentCalendar(name=now.name, events=events)
    if calendars == project.calendars:
        return project
    # a new record, everything else shared (the app keeps its view of the engine input)
    return project.model_copy(update={"calendars": calendars})


def has_unpublished_changes(project: Project) -> bool:
    """True when the rota differs from the latest snapshot (or a rota exists and was never
    published), or a vakttype of its vakter has new times, place or name since. A snapshot
    from before vakttyper were kept counts too: publishing again keeps them, so a later change
    of times reaches the calendars."""
    diff = diff_against_latest(project)
    if diff is None:
        return bool(project.rota)
    snapshot = project.snapshots[-1]
    unkept = bool(snapshot.assignments) and not snapshot.templates
    return diff.changed or bool(revised_templates(project)) or unkept


def publish_snapshot(
    project: Project, name: str | None = None, now: datetime | None = None
) -> Project:
    """A copy of ``project`` with its current rota appended as a published snapshot.

    The snapshot keeps the names of the doctors in it, so it stays readable if a doctor
    later leaves. ``name`` defaults to ``Publisert DD.MM.YYYY HH:MM``. Raises
    :class:`SnapshotError` when there is no rota to publish.
    """
    if not project.rota:
        raise SnapshotError("det er ingen turnus å publisere ennå")
    from legevakt_app.calendar import OSLO

    moment = now or datetime.now(OSLO).replace(tzinfo=None)  # Norwegian time, as shown
    label = (name or "").strip() or f"Publisert {moment:%d.%m.%Y %H:%M}"
    names = {d.id: d.name for d in project.doctors}
    in_rota = dict.fromkeys(a.doctor_id for a in project.rota)
    snapshot = Snapshot(
        name=label,
        published_at=moment.isoformat(timespec="seconds"),
        assignments=[a.model_copy() for a in project.rota],
        doctor_names={d: names[d] for d in in_rota if d in names},
        # the vakttyper's times and place as sent: a later change of them reaches calendars
        templates=published_templates(project, (template_of(a.shift_id) for a in project.rota)),
    )
    # a new snapshot list, everything else shared (the app keeps its view of the engine input)
    return project.model_copy(update={"snapshots": [*project.snapshots, snapshot]})


def lock_published(project: Project) -> Project:
    """A copy of ``project`` where every rota assignment that is as published in the
    latest snapshot is locked, so a re-solve keeps it (the engine treats locked
    assignments as fixed). Nothing published: an unchanged copy."""
    after = project.model_copy(deep=True)
    snapshot = latest_snapshot(after)
    if snapshot is None:
        return after
    published = Counter((a.shift_id, a.role, a.doctor_id) for a in snapshot.assignments)
    rota = []
    for a in after.rota:
        key = (a.shift_id, a.role, a.doctor_id)
        if published[key] > 0:
            published[key] -= 1
            a = a.model_copy(update={"locked": True})
        rota.append(a)
    after.rota = rota
    return after
