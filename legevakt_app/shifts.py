"""Expand shift templates over a rota period into concrete shifts.

A shift starting on date ``d`` exists when ``d``'s weekday is in the template's weekdays —
where a public holiday counts as a Sunday unless the template says otherwise (as its own
weekday, not at all, or as the only days it runs: «Bare på helligdager»). Times are
Europe/Oslo wall-clock times, so a night across the DST change has its true length.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from legevakt_app.calendar import OSLO, high_day_group, is_high_day, is_holiday
from legevakt_app.domain import SHIFT_KIND_LABELS, Project, Rules, ShiftTemplate
from solver.problem import Shift, starts_weekend
from solver.problem import covers_night as covers_night  # the engine's, as the file states it


def shift_id(template_id: str, day: date) -> str:
    """Stable id of the shift of ``template_id`` starting on ``day``, e.g. ``natt@2027-01-04``."""
    return f"{template_id}@{day.isoformat()}"


def template_of(shift_id: str) -> str:
    """The template id in a shift id (``natt@2027-01-04`` → ``natt``)."""
    return shift_id.rpartition("@")[0]


def period_days(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def effective_weekday(day: date, template: ShiftTemplate) -> int | None:
    """The weekday the template sees for ``day`` (None: no shift that day)."""
    if is_holiday(day):
        if template.holiday_policy == "skip":
            return None
        if template.holiday_policy == "as_sunday":
            return 6
    elif template.holiday_policy == "only":
        return None  # a holiday vakttype: nothing on an ordinary day
    return day.weekday()


CONTINUED_AT = time(12, 0)  # a vakt that runs through this hour of a later day is shown there


def continued_days(shift: Shift) -> list[date]:
    """The days after a vakt's first on which it still runs at noon: Saturday and Sunday of a
    helgevakt fre 16 – man 08, the days of an ukevakt. A calendar shows the vakt there too
    (a row left blank looks as if nobody were on duty); a night 16–08 has none."""
    first = shift.start.astimezone(OSLO).date()
    out = []
    day = first + timedelta(days=1)
    while (noon := datetime.combine(day, CONTINUED_AT, OSLO)) < shift.end:
        if shift.start < noon:
            out.append(day)
        day += timedelta(days=1)
    return out


def _block_id(template: ShiftTemplate, day: date) -> str | None:
    """Block of a ukevakt/helgevakt: all block templates of one station share it, so one
    doctor gets the whole week (or weekend) at that station."""
    if template.block == "week":
        year, week, _ = day.isocalendar()
        return f"{template.station}:uke-{year}-W{week:02d}"
    if template.block == "weekend" and day.weekday() >= 4:
        saturday = day + timedelta(days=5 - day.weekday())
        return f"{template.station}:helg-{saturday.isoformat()}"
    return None


def shift_weight(template: ShiftTemplate, rules: Rules, weekend: bool, holiday: bool) -> float:
    """Load per hour: the template's weight, times the holiday or weekend weight if set."""
    factor = 1.0
    if holiday and rules.holiday_weight:
        factor = rules.holiday_weight
    elif weekend and rules.weekend_weight:
        factor = rules.weekend_weight
    return template.weight * factor


def expand_template(
    template: ShiftTemplate, start: date, end: date, rules: Rules, station_name: str = ""
) -> list[Shift]:
    out: list[Shift] = []
    for day in period_days(start, end):
        weekday = effective_weekday(day, template)
        if weekday is None or weekday not in template.weekdays:
            continue
        begin = datetime.combine(day, template.start_time, OSLO)
        finish = datetime.combine(
            day + timedelta(days=template.end_day_offset), template.end_time, OSLO
        )
        holiday = is_holiday(day)
        weekend = starts_weekend(begin)
        out.append(
            Shift(
                id=shift_id(template.id, day),
                station=template.station,
                template=template.id,
                kind=template.kind,
                start=begin,
                end=finish,
                on_site=template.on_site,
                required=template.required,
                requires_competent=template.requires_competent,
                night=covers_night(begin, finish),
                weekend=weekend,
                holiday=holiday,
                high_day=is_high_day(day),
                high_day_name=high_day_group(day) or "",
                weight=shift_weight(template, rules, weekend, holiday),
                bakvakt_weight=rules.bakvakt_weight,
                block=_block_id(template, day),
                label=f"{station_name} {template.name}".strip()
                or SHIFT_KIND_LABELS[template.kind],
            )
        )
    return out


def expand_shifts(project: Project) -> list[Shift]:
    """All concrete shifts of the project's period, ordered by start time then template."""
    names = {s.id: s.name for s in project.district.stations}
    order = {t.id: i for i, t in enumerate(project.templates)}
    shifts: list[Shift] = []
    for template in project.templates:
        shifts.extend(
            expand_template(
                template,
                project.period.start,
                project.period.end,
                project.rules,
                names.get(template.station, ""),
            )
        )
    shifts.sort(key=lambda s: (s.start, order[s.template]))
    return shifts
