"""Changing a stored rota by hand: find a shift or a doctor the way a leader names them, give
a shift to a doctor, take one off, swap two doctors' vakter, lock and unlock cells.

Pure functions on domain objects (no Qt, no printing): ``legevakt edit`` uses them, and they
do what the Turnus view does with a cell. Every function that changes a rota returns a new
list and leaves its argument untouched. A cell changed by hand is locked at once, so a new
solve keeps it; a bakvakt nobody needs any more is released in the same step, as in the app.
Problems are :class:`EditError` with a Norwegian message that names the value given and the
candidates there were.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from legevakt_app.domain import WEEKDAY_NAMES, Doctor, Project, PublishedAssignment
from legevakt_app.wording import date_parts
from solver.checker import Violation, check
from solver.problem import Assignment, Problem, Rota, Shift

ROLES = ("vakt", "bakvakt")
MAX_LISTED = 12  # candidates named in one message


class EditError(ValueError):
    """A shift or doctor that cannot be found (or is ambiguous), or an edit that cannot be
    made; the message is Norwegian and starts with the field and the value given."""


# ----- naming shifts and doctors --------------------------------------------------------------

def shift_text(shift: Shift) -> str:
    """``fre 12.03.2027 Sørvang legevakt Natt 23:00–08:00 (natt@2027-03-12)``."""
    day = WEEKDAY_NAMES[shift.start.weekday()][:3]
    return (f"{day} {shift.start:%d.%m.%Y} {shift.label} {shift.start:%H:%M}–{shift.end:%H:%M} "
            f"({shift.id})")


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" … og {len(items) - MAX_LISTED} til" if len(items) > MAX_LISTED else "")


def _doctor_text(doctor: Doctor) -> str:
    return f"{doctor.id} {doctor.name}"


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def similar_doctors(doctors: Sequence[Doctor], text: str) -> list[Doctor]:
    """The doctors ``text`` may have meant: a name, or a word of it, that starts with it
    («Ola» → Ola Hallingset) or is spelt nearly alike («Kary», «Nordheim» → Kari Nordeng);
    for «mente du …?» when nothing matches exactly."""
    wanted = _folded(text)
    if not wanted:
        return []

    def close(a: str, b: str) -> bool:
        return difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_RATIO

    found = []
    for d in doctors:
        name = _folded(d.name)
        words = name.split()
        if (name.startswith(wanted) or any(w.startswith(wanted) for w in words)
                or close(wanted, name) or any(close(part, w) for part in wanted.split() for w in words)):
            found.append(d)
    return found


SIMILAR_RATIO = 0.75  # «Kary»/«Kari» 0,75; «Nordheim»/«Nordeng» 0,67 alone, 0,8 with «Kari»


def mente_du(doctors: Sequence[Doctor]) -> str:
    """« — mente du Kari Nordeng (lege01)?» for the doctors :func:`similar_doctors` found
    ('' for none; «… eller …» for a few)."""
    if not doctors:
        return ""
    named = [f"{d.name} ({d.id})" for d in doctors[:MAX_LISTED]]
    said = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " eller " + named[-1]
    return f" — mente du {said}?"


def find_doctor(doctors: Sequence[Doctor], text: str, field: str = "LEGE") -> Doctor:
    """The doctor ``text`` names: the id or the whole name (any case), else the one doctor
    with that word in her name, else the one whose name (or one of its words, or the id)
    starts with it: «kari», «Nordeng», «lege01». More than one: an error naming them."""
    wanted = _folded(text)
    if not wanted:
        raise EditError(f"{field} er tom; oppgi en lege med id eller navn")

    def words(d: Doctor) -> list[str]:
        return _folded(d.name).split()

    # a whole name word («Hans») before the start of one («Hans» of Hansen); the start of the
    # first name counts no more than the start of another word, so «M» for Marte, Moldestad
    # and Myrseth asks which
    tiers: list[Callable[[Doctor], bool]] = [
        lambda d: d.id.casefold() == wanted or _folded(d.name) == wanted,
        lambda d: wanted in words(d),
        lambda d: (_folded(d.name).startswith(wanted) or d.id.casefold().startswith(wanted)
                   or any(w.startswith(wanted) for w in words(d))),
    ]
    for matches in tiers:
        found = [d for d in doctors if matches(d)]
        if len(found) == 1:
            return found[0]
        if found:
            raise EditError(f"{field} «{text}» kan være flere leger: "
                            f"{_listed([_doctor_text(d) for d in found])}; skriv mer av navnet "
                            "eller id-en")
    likely = mente_du(similar_doctors(doctors, text))
    raise EditError(f"{field} «{text}»: ingen lege har den id-en eller det navnet"
                    f"{likely}{' Legene' if likely else '; legene'} er "
                    f"{', '.join(_doctor_text(d) for d in doctors)}")


def parse_day(text: str, start: date, end: date) -> date:
    """A date as ÅÅÅÅ-MM-DD, dd.mm.åååå, d.m.åå, or dd.mm (the one such day in the period
    ``start``–``end``). Raises ValueError with the reason in Norwegian."""
    text = text.strip()
    parts = date_parts(text)
    if parts is None:
        raise ValueError(f"«{text}» er ingen dato")
    d, m, y = parts
    if y is not None:
        try:
            return date(y, m, d)
        except ValueError:
            raise ValueError(f"«{text}» er ingen gyldig dato") from None
    days, real = [], False
    for year in range(start.year, end.year + 1):
        try:
            day = date(year, m, d)
        except ValueError:
            continue
        real = True
        if start <= day <= end:
            days.append(day)
    if not real and not (m == 2 and d == 29):
        raise ValueError(f"«{text}» er ingen gyldig dato")
    if len(days) != 1:
        if not days:
            raise ValueError(f"«{text}» er utenfor perioden {start:%d.%m.%Y}–{end:%d.%m.%Y}")
        raise ValueError(f"«{text}» er to dager i perioden {start:%d.%m.%Y}–{end:%d.%m.%Y}; "
                         "skriv året også")
    return days[0]


SHIFT_FORMS = "vakt-id (natt@2027-03-12) eller DATO:VAKTTYPE (12.03.2027:natt)"


def find_shift(project: Project, shifts: Sequence[Shift], text: str, field: str = "VAKT") -> Shift:
    """The shift ``text`` names: its id (``natt@2027-03-12``), or the date it starts and its
    vakttype — the template's id or name, or the station and name as the rota shows them —
    as ``2027-03-12:natt``, ``12.03.2027:Natt``, ``12.03:natt``; a date alone when one shift
    starts that day. A vakttype may be the start of a name («helg d») when only one shift
    that day fits."""
    raw = text.strip()
    by_id = {s.id.casefold(): s for s in shifts}
    if raw.casefold() in by_id:
        return by_id[raw.casefold()]
    if "@" in raw:
        kind, _, day_text = raw.rpartition("@")
    elif ":" in raw:
        day_text, _, kind = raw.partition(":")
    else:
        day_text, kind = raw, ""
    period = project.period
    try:
        day = parse_day(day_text, period.start, period.end)
    except ValueError as err:
        if not str(err).endswith("er ingen dato"):
            raise EditError(f"{field} «{text}»: {err}") from None
        kinds = ", ".join(f"{t.id} ({t.name})" for t in project.templates)
        raise EditError(f"{field} «{text}»: finner ingen slik vakt; skriv {SHIFT_FORMS} "
                        f"(vakttypene er {kinds})") from None
    if not period.start <= day <= period.end:
        raise EditError(f"{field} «{text}»: {day:%d.%m.%Y} er utenfor perioden "
                        f"{period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}")
    on_day = [s for s in shifts if s.day == day]
    if not on_day:
        raise EditError(f"{field} «{text}»: ingen vakt begynner {day:%d.%m.%Y}")
    listed = _listed([shift_text(s) for s in on_day])
    if not _folded(kind):
        if len(on_day) == 1:
            return on_day[0]
        raise EditError(f"{field} «{text}»: {len(on_day)} vakter begynner {day:%d.%m.%Y}: "
                        f"{listed}; skriv DATO:VAKTTYPE")
    names = {t.id: t.name for t in project.templates}

    def keys(s: Shift) -> list[str]:
        return [_folded(k) for k in (s.template, names.get(s.template, ""), s.label) if k]

    wanted = _folded(kind)
    for matches in (lambda k: k == wanted, lambda k: k.startswith(wanted), lambda k: wanted in k):
        found = [s for s in on_day if any(matches(k) for k in keys(s))]
        if len(found) == 1:
            return found[0]
        if found:
            raise EditError(f"{field} «{text}» kan være flere vakter: "
                            f"{_listed([shift_text(s) for s in found])}")
    raise EditError(f"{field} «{text}»: ingen vakt «{kind.strip()}» begynner {day:%d.%m.%Y}; "
                    f"vakter den dagen: {listed}")


# ----- changing the rota ----------------------------------------------------------------------

@dataclass
class Edit:
    """A changed rota and what changed, one Norwegian line per change, and the bakvakt
    doctors released by it (nobody needs them any more)."""

    rota: list[PublishedAssignment]
    lines: list[str]
    released: list[str] = dataclass_field(default_factory=list)
    # bakvakter that followed a doctor who needs one to the shift she took: (doctor, shift)
    followed: list[tuple[str, Shift]] = dataclass_field(default_factory=list)
    # bakvakter that could not follow (away or on another vakt then): (doctor, shift, why)
    stayed: list[tuple[str, Shift, str]] = dataclass_field(default_factory=list)

    def notes(self, names: dict[str, str]) -> list[str]:
        """«bakvakt Kari følger med til 15.03 …», «bakvakt Kari kan ikke følge med til …
        (ferie); vakten trenger en annen bakvakt», «bakvakt Ola trengs ikke lenger»."""
        out = [f"bakvakt {names.get(d, d)} følger med til {s.start:%d.%m} {s.label}"
               for d, s in self.followed]
        out += [f"bakvakt {names.get(d, d)} kan ikke følge med til {s.start:%d.%m} {s.label} "
                f"({why}); vakten trenger en annen bakvakt" for d, s, why in self.stayed]
        if self.released:
            out.append(f"bakvakt {', '.join(names.get(d, d) for d in self.released)} "
                       "trengs ikke lenger")
        return out


def on_shift(rota: Iterable[PublishedAssignment], shift_id: str, role: str) -> list[str]:
    """The doctors on ``shift_id`` in ``role``, as stored."""
    return [a.doctor_id for a in rota if a.shift_id == shift_id and a.role == role]


def place(rota: Sequence[PublishedAssignment], problem: Problem, shift_id: str, role: str,
          old: str | None, new: str | None) -> tuple[list[PublishedAssignment], list[str]]:
    """``new`` on the shift instead of ``old`` (either may be None), locked: the Turnus view's
    choice of a doctor for a cell. When the change leaves no doctor on the shift who is not
    vaktkompetent, its bakvakt is released (nobody needs it); returns the rota and the
    released bakvakt doctors. The new cell takes the old one's place in the list, so a saved
    file changes only there."""
    out = list(rota)
    at = next((i for i, a in enumerate(out)
               if a.shift_id == shift_id and a.role == role and a.doctor_id == old), None)
    if at is not None:
        del out[at]
    if new is not None:
        cell = PublishedAssignment(shift_id=shift_id, doctor_id=new, role=role, locked=True)
        out.insert(len(out) if at is None else at, cell)
    released: list[str] = []
    if role == "vakt":
        competent = {d.id for d in problem.doctors if d.competent}
        vakt = on_shift(out, shift_id, "vakt")
        bakvakt = [a for a in out if a.shift_id == shift_id and a.role == "bakvakt"]
        if bakvakt and all(d in competent for d in vakt):
            out = [a for a in out if a not in bakvakt]
            released = [a.doctor_id for a in bakvakt]
    return out, released


class _Names:
    def __init__(self, project: Project, shifts: Sequence[Shift]) -> None:
        self.doctors = {d.id: d.name for d in project.doctors}
        self.shifts = {s.id: s for s in shifts}

    def who(self, doctor_id: str | None) -> str:
        return "ledig" if doctor_id is None else self.doctors.get(doctor_id, doctor_id)

    def change(self, shift_id: str, role: str, old: str | None, new: str | None,
               released: list[str]) -> str:
        shift = self.shifts.get(shift_id)
        where = shift_text(shift) if shift else shift_id
        text = f"{where}, {role}: {self.who(old)} → {self.who(new)}"
        if new is not None:
            text += " (låst)"
        if released:
            text += f"; bakvakt {', '.join(self.who(d) for d in released)} trengs ikke lenger"
        return text


def give(project: Project, problem: Problem, shift: Shift, role: str, doctor: str,
         instead_of: str | None = None) -> Edit:
    """Give ``shift`` (as ``role``) to ``doctor``: in place of ``instead_of``; else in an open
    place; else in place of the one doctor there. Several doctors there and none named: an
    :class:`EditError` that names them."""
    names = _Names(project, problem.shifts)
    rota = project.rota
    there = on_shift(rota, shift.id, role)
    what = f"{shift_text(shift)} som {role}"
    if doctor in there:
        raise EditError(f"LEGE «{names.who(doctor)}» står alt på {what}")
    places = shift.required if role == "vakt" else 1
    if instead_of is not None:
        if instead_of not in there:
            now = ", ".join(names.who(d) for d in there) or "ingen"
            raise EditError(f"--instead-of «{names.who(instead_of)}» står ikke på {what}; der "
                            f"står nå: {now}")
        old: str | None = instead_of
    elif len(there) < places:
        old = None
    elif len(there) == 1:
        old = there[0]
    else:
        raise EditError(f"VAKT: {what} har {len(there)} leger ({', '.join(names.who(d) for d in there)});"
                        " si hvem som skal av med --instead-of LEGE")
    after, released = place(rota, problem, shift.id, role, old, doctor)
    return Edit(after, [names.change(shift.id, role, old, doctor, released)], released)


def remove(project: Project, problem: Problem, shift: Shift, role: str,
           doctor: str | None = None) -> Edit:
    """Take ``doctor`` (or the one doctor there) off ``shift`` in ``role``; the place is left
    open."""
    names = _Names(project, problem.shifts)
    there = on_shift(project.rota, shift.id, role)
    what = f"{shift_text(shift)} som {role}"
    if not there:
        raise EditError(f"VAKT: ingen lege står på {what}")
    if doctor is None:
        if len(there) > 1:
            raise EditError(f"VAKT: {what} har {len(there)} leger "
                            f"({', '.join(names.who(d) for d in there)}); si hvem som skal av")
        doctor = there[0]
    elif doctor not in there:
        raise EditError(f"LEGE «{names.who(doctor)}» står ikke på {what}; der står: "
                        f"{', '.join(names.who(d) for d in there)}")
    after, released = place(project.rota, problem, shift.id, role, doctor, None)
    return Edit(after, [names.change(shift.id, role, doctor, None, released)], released)


def _the_one(names: _Names, there: list[str], doctor: str | None, field: str, what: str,
             option: str) -> str:
    if doctor is not None:
        if doctor not in there:
            now = ", ".join(names.who(d) for d in there) or "ingen"
            raise EditError(f"{option} «{names.who(doctor)}» står ikke på {what}; der står: {now}")
        return doctor
    if not there:
        raise EditError(f"{field}: ingen lege står på {what}; gi den til en lege med «give»")
    if len(there) > 1:
        raise EditError(f"{field}: {what} har {len(there)} leger "
                        f"({', '.join(names.who(d) for d in there)}); si hvem med {option} LEGE")
    return there[0]


def _cannot_take(problem: Problem, rota: Sequence[PublishedAssignment], doctor: str,
                 shift: Shift) -> str:
    """Why ``doctor`` cannot be on ``shift`` at all («ferie», «på vakt 03.07 Helg dag»), or ""."""
    from solver.common import overlaps, unavailable_reasons

    d = next((d for d in problem.doctors if d.id == doctor), None)
    if d is None:
        return ""
    why = unavailable_reasons(d, shift)
    if why:
        return why[0]
    by_id = {s.id: s for s in problem.shifts}
    for a in rota:
        other = by_id.get(a.shift_id)
        if a.doctor_id == doctor and other is not None and other.id != shift.id and \
                overlaps(other.start, other.end, shift.start, shift.end):
            return f"på {a.role} {other.start:%d.%m} {other.label}"
    return ""


def swap(project: Project, problem: Problem, first: Shift, second: Shift, role: str,
         first_doctor: str | None = None, second_doctor: str | None = None) -> Edit:
    """The doctor on ``first`` takes ``second`` and the doctor on ``second`` takes ``first``
    (both in ``role``, both locked). A shift with several doctors needs the one named."""
    if first.id == second.id:
        raise EditError(f"VAKT_B «{first.id}» er den samme vakten som VAKT_A; velg to vakter")
    names = _Names(project, problem.shifts)
    rota = project.rota
    what_a, what_b = (f"{shift_text(s)} som {role}" for s in (first, second))
    x = _the_one(names, on_shift(rota, first.id, role), first_doctor, "VAKT_A", what_a, "--doctor-a")
    y = _the_one(names, on_shift(rota, second.id, role), second_doctor, "VAKT_B", what_b,
                 "--doctor-b")
    if x == y:
        raise EditError(f"{names.who(x)} står på begge vaktene; ingenting å bytte")
    if y in on_shift(rota, first.id, role):
        raise EditError(f"{names.who(y)} står alt på {what_a}")
    if x in on_shift(rota, second.id, role):
        raise EditError(f"{names.who(x)} står alt på {what_b}")
    after, released_a = place(rota, problem, first.id, role, x, y)
    after, released_b = place(after, problem, second.id, role, y, x)
    lines = [names.change(first.id, role, x, y, []), names.change(second.id, role, y, x, [])]
    followed: list[tuple[str, Shift]] = []
    stayed: list[tuple[str, Shift, str]] = []
    # a doctor who needs a bakvakt takes it along: the bakvakt of the shift she left, now
    # free, follows her to the shift she took (if the checker finds it busy, it says so)
    competent = {d.id for d in problem.doctors if d.competent}
    for shift, freed in ((first, released_b), (second, released_a)):
        vakt = on_shift(after, shift.id, "vakt")
        if all(d in competent for d in vakt) or on_shift(after, shift.id, "bakvakt"):
            continue
        k = next((k for k in freed if k not in vakt), None)
        if k is None:
            continue
        busy = _cannot_take(problem, after, k, shift)
        if busy:  # away or on another vakt then: the place is left open, and said so
            stayed.append((k, shift, busy))
            continue
        freed.remove(k)
        after.append(PublishedAssignment(shift_id=shift.id, doctor_id=k, role="bakvakt",
                                         locked=True))
        followed.append((k, shift))
    edit = Edit(after, lines, released_a + released_b, followed, stayed)
    edit.lines += edit.notes(names.doctors)
    return edit


def set_locked(project: Project, problem: Problem, chosen: Callable[[PublishedAssignment], bool],
               lock: bool) -> tuple[Edit, int]:
    """Lock (or unlock) every assignment ``chosen`` picks: the edit, with one line per cell
    changed, and how many of those picked were already as asked."""
    names = _Names(project, problem.shifts)
    rota: list[PublishedAssignment] = []
    lines: list[str] = []
    already = 0
    for a in project.rota:
        if chosen(a):
            if a.locked == lock:
                already += 1
            else:
                a = a.model_copy(update={"locked": lock})
                shift = names.shifts.get(a.shift_id)
                where = shift_text(shift) if shift else a.shift_id
                lines.append(f"{where}, {a.role}: {names.who(a.doctor_id)} "
                             f"({'låst' if lock else 'låst opp'})")
        rota.append(a)
    return Edit(rota, lines), already


def scoped_change(problem: Any, before: Sequence[Any], after: Sequence[Any]
                  ) -> tuple[list[Violation], int]:
    """:func:`added_violations` of the edit from the project rota ``before`` to ``after``,
    checked only for the doctors and shifts whose assignments differ (nothing else can
    change)."""
    def cells(rota: Sequence[Any]) -> set[tuple[str, str, str]]:
        return {(a.shift_id, a.doctor_id, a.role) for a in rota}

    changed = cells(before) ^ cells(after)
    doctors = {d for _s, d, _r in changed}
    shifts = {s for s, _d, _r in changed}
    # what those rules read: the doctors' duties, and who is on the shifts and their
    # vaktblokker
    blocks = {s.block for s in problem.shifts if s.id in shifts and s.block}
    seen = shifts | {s.id for s in problem.shifts if s.block in blocks}

    def scoped(rota: Sequence[Any]) -> list[Violation]:
        return check(problem, Rota([Assignment(a.shift_id, a.doctor_id, a.role) for a in rota
                                    if a.doctor_id in doctors or a.shift_id in seen]),
                     doctors=doctors, shifts=shifts)
    return added_violations(scoped(before), scoped(after))


def added_violations(before: Sequence[Violation], after: Sequence[Violation]
                     ) -> tuple[list[Violation], int]:
    """The rule breaks ``after`` has that ``before`` had not, and how many of ``before`` are
    gone (an edit that mends what an earlier one broke)."""
    def key(v: Violation) -> tuple[str, str | None, str | None, str]:
        return (v.rule, v.doctor_id, v.shift_id, v.message)

    was = Counter(key(v) for v in before)
    now = Counter(key(v) for v in after)
    new: list[Violation] = []
    left = Counter(was)
    for v in after:
        if left[key(v)] > 0:
            left[key(v)] -= 1
        else:
            new.append(v)
    return new, sum((was - now).values())
