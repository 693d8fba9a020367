"""The rota laid out for people: calendar columns, day rows, each doctor's vakter.

One layout serves every output (Excel, PDF, calendar files), so the workbook, the printout
and the phone calendar always say the same thing. Pure Python: no openpyxl, no Qt.
"""

from __future__ import annotations

import colorsys
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from legevakt_app.calendar import OSLO, holiday_names, is_high_day
from legevakt_app.domain import SHIFT_KIND_LABELS, WEEKDAY_NAMES
from legevakt_app.rota_source import RotaSource
from legevakt_app.shifts import continued_days
from legevakt_app.wording import count, duty_counts
from solver.problem import Problem, Shift

ROLE_LABELS = {"vakt": "Vakt", "bakvakt": "Bakvakt"}
VACANT_TEXT = "LEDIG"  # a place on a vakt that nobody has
CONTINUED_MARK = "↳ "  # before the doctor of a vakt begun on an earlier day (Cell.continued)


@dataclass(frozen=True)
class Column:
    """One calendar column: a station × shift template × role × slot."""

    station_id: str
    station_name: str
    template_id: str
    template_name: str
    time_text: str  # "16–23"
    role: str  # "vakt" | "bakvakt"
    slot: int  # 0-based: the n-th doctor on that shift in that role
    slots: int  # how many slots the (template, role) has

    @property
    def role_text(self) -> str:
        label = ROLE_LABELS[self.role]
        return f"{label} {self.slot + 1}" if self.slots > 1 else label


@dataclass(frozen=True)
class Cell:
    """What one calendar cell shows: a shift that exists that day, with its doctor (if any)."""

    shift_id: str
    doctor_id: str | None
    doctor_name: str  # "" when nobody has the slot (ledig)
    # a vakt begun on an earlier day that still runs on this one (shifts.continued_days): the
    # calendar shows who is on it, marked as the same vakt, not a vakt of its own
    continued: bool = False

    @property
    def text(self) -> str:
        """The doctor's name, «LEDIG» for a place nobody has; «↳ » before a vakt continued."""
        name = self.doctor_name if self.doctor_id is not None else VACANT_TEXT
        return f"{CONTINUED_MARK}{name}" if self.continued else name


@dataclass(frozen=True)
class DayRow:
    day: date
    weekday_name: str  # "mandag"
    week: int  # ISO week number
    holiday_name: str  # "" unless a public holiday or 24/31 Dec
    high_day: bool  # høytid
    cells: tuple[Cell | None, ...]  # one per column; None: no such shift that day

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass(frozen=True)
class Duty:
    """One vakt (or bakvakt) of one doctor."""

    shift: Shift
    role: str
    station_name: str
    template_name: str

    @property
    def start_local(self) -> datetime:
        """Oslo wall-clock start without tzinfo (what a spreadsheet shows)."""
        return self.shift.start.astimezone(OSLO).replace(tzinfo=None)

    @property
    def end_local(self) -> datetime:
        return self.shift.end.astimezone(OSLO).replace(tzinfo=None)

    @property
    def hours(self) -> float:
        return self.shift.hours

    @property
    def kind_text(self) -> str:
        return SHIFT_KIND_LABELS.get(self.shift.kind, self.shift.kind)

    @property
    def on_site(self) -> bool:
        """At the station: a vakt on a tilstedevakt shift. A bakvakt is on call from home,
        whatever the shift it backs up (as the engine and the report count it)."""
        return self.role == "vakt" and self.shift.on_site

    @property
    def presence_text(self) -> str:
        return "Tilstedevakt" if self.on_site else "Hjemmevakt"

    @property
    def location_text(self) -> str:
        """Where the doctor is: the station, or «hjemme» for a duty on call from home."""
        return self.station_name if self.on_site else f"Hjemme (for {self.station_name})"

    @property
    def role_text(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class DoctorTotals:
    duties: int
    vakter: int
    bakvakter: int
    hours: float
    vakt_hours: float
    bakvakt_hours: float
    nights: int
    weekends: int
    holidays: int
    high_days: int


def totals(duties: list[Duty]) -> DoctorTotals:
    vakt = [d for d in duties if d.role == "vakt"]
    bak = [d for d in duties if d.role != "vakt"]
    return DoctorTotals(
        duties=len(duties),
        vakter=len(vakt),
        bakvakter=len(bak),
        hours=sum(d.hours for d in duties),
        vakt_hours=sum(d.hours for d in vakt),
        bakvakt_hours=sum(d.hours for d in bak),
        nights=sum(1 for d in vakt if d.shift.night),
        weekends=sum(1 for d in vakt if d.shift.weekend),
        holidays=sum(1 for d in vakt if d.shift.holiday),
        high_days=sum(1 for d in vakt if d.shift.high_day),
    )


def totals_text(t: DoctorTotals) -> str:
    """The sum line under a doctor's list: "Sum: 47 vakter (17 nattevakter, 22 vakter i helg,
    0 helligdagsvakter), 1 bakvakt" (the counts are of vakter, not bakvakter)."""
    if not t.duties:
        return "Ingen vakter i perioden"
    text = f"Sum: {count(t.vakter, 'vakt', 'vakter')} "
    text += f"({duty_counts(t.nights, t.weekends, t.holidays)})"
    if t.bakvakter:
        text += f", {count(t.bakvakter, 'bakvakt', 'bakvakter')}"
    return text


@dataclass
class RotaLayout:
    """Everything the outputs need, computed once from a :class:`RotaSource`."""

    district_name: str
    period_start: date
    period_end: date
    columns: list[Column]
    rows: list[DayRow]
    doctor_ids: list[str]  # in the problem's order
    doctor_names: dict[str, str]
    duties: dict[str, list[Duty]]  # doctor id → duties in date order
    colours: dict[str, str]  # doctor id → "RRGGBB" light fill
    unknown_assignments: int  # assignments naming a shift that is not in the problem
    # the hard rules the rota breaks, by the independent checker («Vaktkompetanse og
    # bakvakt: 06.01 …»): a rota edited by hand may break some, and every document says so
    rule_breaks: tuple[str, ...] = ()
    # who made the rota, as a sentence (export.origin): «Turnusen er laget av motoren (…),
    # endret for hånd etter løsningen: 2 tildelinger (…).»; the Belastning page says it
    origin: str = ""

    @property
    def period_text(self) -> str:
        return f"{no_date(self.period_start)}–{no_date(self.period_end)}"

    def stations(self) -> list[tuple[str, int]]:
        """(station name, number of columns) in column order, for a grouped header."""
        out: list[tuple[str, int]] = []
        for col in self.columns:
            if out and out[-1][0] == col.station_name:
                out[-1] = (col.station_name, out[-1][1] + 1)
            else:
                out.append((col.station_name, 1))
        return out

    def templates(self) -> list[tuple[str, int]]:
        """(template header, number of columns) in column order."""
        out: list[tuple[str, int]] = []
        key_prev = None
        for col in self.columns:
            key = (col.station_id, col.template_id)
            header = f"{col.template_name} {col.time_text}"
            if out and key == key_prev:
                out[-1] = (header, out[-1][1] + 1)
            else:
                out.append((header, 1))
            key_prev = key
        return out


def no_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


WEEKDAY_SHORT = ("man", "tir", "ons", "tor", "fre", "lør", "søn")


def clock_text(start: datetime, end: datetime) -> str:
    """``16–08``; a vakt over more than a day says its days: ``fre 16–man 08`` (a helgevakt)."""
    def hm(t: datetime) -> str:
        return f"{t:%H}" if t.minute == 0 else f"{t:%H:%M}"

    if end - start > timedelta(hours=26):  # longer than a døgn (and a DST night's extra hour)
        return (f"{WEEKDAY_SHORT[start.weekday()]} {hm(start)}–"
                f"{WEEKDAY_SHORT[end.weekday()]} {hm(end)}")
    return f"{hm(start)}–{hm(end)}"


def _colour(i: int) -> str:
    """The ``i``-th light, readable fill, spread round the colour wheel (golden angle), so
    neighbouring numbers differ."""
    hue = (i * 0.381966) % 1.0
    lightness = (0.86, 0.80, 0.91)[(i // 7) % 3]
    r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.75)
    return f"{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def _natural(text: str) -> list[Any]:
    """``lege2`` before ``lege10``."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", text) if part]


def _colour_number(doctor_id: str) -> int:
    """The doctor's own place in the colours: the number the id ends with (the app numbers
    its doctors lege1, lege2, …; the samples lege01, …), else one made from the id."""
    m = re.search(r"(\d{1,6})$", doctor_id)
    if m and int(m[1]) > 0:
        return int(m[1]) - 1
    return 1_000_000 + zlib.crc32(doctor_id.encode("utf-8")) % 1_000_000


def doctor_colours(doctor_ids: list[str]) -> dict[str, str]:
    """A light, readable fill per doctor, the same in the app's grid and in every export.

    A doctor's colour comes from their id, not their place in the list: removing or adding
    another doctor leaves it as it was. No two doctors share a colour: when two ids would
    (``lege1`` and ``kari-1``), the one later in id order takes the next colour free."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    # «lege1» and «lege01» read alike naturally: the id itself breaks the tie, or the order
    # of a set (which changes from run to run) would decide which one keeps its colour
    for doctor_id in sorted(set(doctor_ids), key=lambda i: (_natural(i), i)):
        i = _colour_number(doctor_id)
        while _colour(i) in taken:
            i += 1
        out[doctor_id] = _colour(i)
        taken.add(out[doctor_id])
    return {d: out[d] for d in doctor_ids}


def _template_names(source: RotaSource) -> dict[str, str]:
    """Template id → its display name (the shift label without the station name)."""
    station_names = {s.id: s.name for s in source.stations}
    if source.project is not None:
        return {t.id: t.name for t in source.project.templates}
    names: dict[str, str] = {}
    for shift in source.problem.shifts:
        if shift.template in names:
            continue
        prefix = station_names.get(shift.station, "")
        label = shift.label
        if prefix and label.startswith(prefix):
            label = label[len(prefix) :].strip()
        names[shift.template] = label or SHIFT_KIND_LABELS.get(shift.kind, shift.template)
    return names


def template_order(problem: Problem, station_ids: list[str],
                   project_template_ids: list[str] | None = None) -> list[str]:
    """The vakttyper as a day reads: per station (in the district's order), by the local time
    the vakt starts, then in the project's order. The same order in the app's grid, the
    workbook and the PDF."""
    first: dict[str, Shift] = {}
    for shift in problem.shifts:
        first.setdefault(shift.template, shift)
    station_order = {sid: i for i, sid in enumerate(station_ids)}
    order = {t: i for i, t in enumerate(project_template_ids or first)}

    def key(template_id: str) -> tuple:
        s = first[template_id]
        return (station_order.get(s.station, len(station_order)), s.station,
                s.start.astimezone(OSLO).time(), order.get(template_id, len(order)))

    return sorted(first, key=key)


def build_layout(source: RotaSource) -> RotaLayout:
    from legevakt_app.export.origin import origin_sentence, rota_origin
    from solver.checker import check

    problem = source.problem
    shifts = {s.id: s for s in problem.shifts}
    station_names = {s.id: s.name for s in source.stations}
    template_names = _template_names(source)
    doctor_names = {d.id: d.name for d in problem.doctors}

    # Who is on each shift, per role, in rota order.
    on_shift: dict[tuple[str, str], list[str]] = defaultdict(list)
    unknown = 0
    for a in source.rota.assignments:
        if a.shift_id not in shifts:
            unknown += 1
            continue
        on_shift[(a.shift_id, a.role)].append(a.doctor_id)
        doctor_names.setdefault(a.doctor_id, a.doctor_id)

    # Templates: per station, in the order a day reads (day, evening, night).
    first: dict[str, Shift] = {}
    slots: dict[tuple[str, str], int] = defaultdict(int)
    for shift in problem.shifts:
        first.setdefault(shift.template, shift)
        key = (shift.template, "vakt")
        slots[key] = max(slots[key], shift.required, len(on_shift.get((shift.id, "vakt"), ())))
        bak = len(on_shift.get((shift.id, "bakvakt"), ()))
        if bak:
            slots[(shift.template, "bakvakt")] = max(slots[(shift.template, "bakvakt")], bak)
    columns: list[Column] = []
    project_ids = [t.id for t in source.project.templates] if source.project else None
    for template_id in template_order(problem, [st.id for st in source.stations], project_ids):
        s = first[template_id]
        for role in ("vakt", "bakvakt"):
            n = slots.get((template_id, role), 0)
            for slot in range(n):
                columns.append(
                    Column(
                        station_id=s.station,
                        station_name=station_names.get(s.station, s.station),
                        template_id=template_id,
                        template_name=template_names.get(template_id, template_id),
                        time_text=clock_text(s.start.astimezone(OSLO), s.end.astimezone(OSLO)),
                        role=role,
                        slot=slot,
                        slots=n,
                    )
                )
    column_index: dict[tuple[str, str], int] = {}
    for i, col in enumerate(columns):
        column_index.setdefault((col.template_id, col.role), i)

    by_day: dict[date, list[Shift]] = defaultdict(list)
    running: dict[date, list[Shift]] = defaultdict(list)  # begun on an earlier day
    for shift in problem.shifts:
        by_day[shift.start.astimezone(OSLO).date()].append(shift)
        for later in continued_days(shift):
            running[later].append(shift)
    names = holiday_names(problem.period_start, problem.period_end)
    rows: list[DayRow] = []
    day = problem.period_start
    while day <= problem.period_end:
        cells: list[Cell | None] = [None] * len(columns)
        for continued, shifts_of_day in ((True, running.get(day, ())),
                                         (False, by_day.get(day, ()))):
            for shift in shifts_of_day:  # (a vakt begun that day before one continued)
                for role in ("vakt", "bakvakt"):
                    start = column_index.get((shift.template, role))
                    if start is None:
                        continue
                    doctors = on_shift.get((shift.id, role), [])
                    n = columns[start].slots
                    for slot in range(n):
                        if slot < len(doctors):
                            doc = doctors[slot]
                            cell = Cell(shift.id, doc, doctor_names[doc], continued)
                        elif role == "vakt" and slot < shift.required:
                            cell = Cell(shift.id, None, "", continued)
                        else:
                            continue
                        cells[start + slot] = cell
        iso = day.isocalendar()
        rows.append(
            DayRow(
                day=day,
                weekday_name=WEEKDAY_NAMES[day.weekday()],
                week=iso[1],
                holiday_name=names.get(day, ""),
                high_day=is_high_day(day),
                cells=tuple(cells),
            )
        )
        day += timedelta(days=1)

    doctor_ids = [d.id for d in problem.doctors]
    for a in source.rota.assignments:
        if a.doctor_id not in doctor_ids and a.shift_id in shifts:
            doctor_ids.append(a.doctor_id)
    duties: dict[str, list[Duty]] = {d: [] for d in doctor_ids}
    for a in source.rota.assignments:
        shift = shifts.get(a.shift_id)
        if shift is None:
            continue
        duties[a.doctor_id].append(
            Duty(
                shift=shift,
                role=a.role,
                station_name=station_names.get(shift.station, shift.station),
                template_name=template_names.get(shift.template, shift.template),
            )
        )
    for items in duties.values():
        items.sort(key=lambda d: (d.shift.start, d.role != "vakt", d.shift.id))

    return RotaLayout(
        district_name=source.district_name,
        period_start=problem.period_start,
        period_end=problem.period_end,
        columns=columns,
        rows=rows,
        doctor_ids=doctor_ids,
        doctor_names=doctor_names,
        duties=duties,
        colours=doctor_colours(doctor_ids),
        unknown_assignments=unknown,
        rule_breaks=tuple(f"{v.rule_name}: {v.message}" for v in check(problem, source.rota)),
        origin=origin_sentence(rota_origin(source)),
    )
