"""Holes in the legevakt's cover: hours the district normally has a doctor on duty but on some
days no shift covers at all (a holiday that runs as a Sunday when no vakttype starts on a
Sunday: Easter with no legevakt). The solver cannot see these — there is no shift to fill — so
they are found from the shifts the templates make.

A day's legevakt runs from 08:00 to 08:00 the next morning, in three parts: dag 08–16, kveld
16–23 and natt 23–08. The day is cut into stretches at those hours and wherever a vakttype
starts or ends, so no shift starts or ends inside a stretch: each is covered wholly or not at
all on a day, and a part is covered only when every stretch of it is (a satellitt's 10–14
does not cover the dag 08–16). A stretch is *normal cover* for weekdays, or for weekend days,
when shifts cover it on at least half of the ordinary (non-holiday) days of that kind; the
days of that kind — a holiday counts as a weekend day — where nothing covers it are the holes.
Weekday daytime is the fastleger's own practice, so it is normal cover only when the
district's shifts really cover it. Times are wall-clock times, as the vakttyper say them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from legevakt_app.calendar import holiday_names, is_holiday
from legevakt_app.domain import HOLIDAY_POLICY_LABELS, Project, ShiftTemplate
from legevakt_app.shifts import effective_weekday, period_days
from legevakt_app.wording import count
from solver.common import names as names_text

DAY = 24 * 60  # minutes
# the parts of a day's legevakt, in minutes from the day's midnight (natt: into the next day)
PARTS: tuple[tuple[str, int, int], ...] = (
    ("dag", 8 * 60, 16 * 60),
    ("kveld", 16 * 60, 23 * 60),
    ("natt", 23 * 60, DAY + 8 * 60),
)
NORMAL = 0.5  # covered on at least half the days of a kind: the district's normal cover

Span = tuple[int, int]  # [start, end) in minutes


@dataclass(frozen=True)
class Gap:
    """The uncovered hours of one part of one day."""

    moment: str  # dag | kveld | natt
    day: date  # the day the part belongs to (natt: the evening it starts)
    holiday: str | None  # the holiday's name, when the day is one
    hours: tuple[Span, ...] = ()  # uncovered, minutes from the day's midnight
    # «Som søndag» vakttyper that have no vakt on a holiday and «Som vanlig dag» would give
    # one that covers (some of) the day's holes; ``remedied``: those of ``hours`` it covers
    remedy: tuple[str, ...] = ()
    remedied: tuple[Span, ...] = ()

    @property
    def whole(self) -> bool:
        """The whole part is uncovered (not only some of its hours)."""
        _name, start, end = next(p for p in PARTS if p[0] == self.moment)
        return self.hours == ((start, end),)


def coverage_gaps(project: Project) -> list[Gap]:
    """The parts of days where hours the district normally covers have no shift at all, in
    date order (dag, kveld, natt within a day)."""
    start, end = project.period.start, project.period.end
    templates = project.templates
    covered = _merged([span for t in templates for span in _spans(t, start, end)])
    if not covered:
        return []
    cuts = sorted({p[1] for p in PARTS} | {PARTS[-1][2]} | {
        _in_day(t.start_time.hour * 60 + t.start_time.minute) for t in templates} | {
        _in_day(t.end_time.hour * 60 + t.end_time.minute) for t in templates})
    stretches = list(zip(cuts, cuts[1:], strict=False))
    starts = [a for a, _b in covered]
    last = (end - start).days
    # (day, free day, whether each stretch is covered; None: not looked at)
    seen: list[tuple[date, bool, list[bool | None]]] = []
    usual: dict[bool, list[list[bool | None]]] = {False: [], True: []}
    for i, day in enumerate(period_days(start, end)):
        holiday = is_holiday(day)
        free_day = day.weekday() >= 5 or holiday
        at = i * DAY
        # the last night runs into the next period, whose shifts are not here
        shown = [_covers(covered, starts, at + a, at + b) if i < last or b <= PARTS[-1][1]
                 else None for a, b in stretches]
        seen.append((day, free_day, shown))
        if not holiday:  # the norm comes from ordinary days; a holiday is held to a Sunday's
            usual[free_day].append(shown)
    normal = {kind: [_normal([d[k] for d in days if d[k] is not None])
                     for k in range(len(stretches))] for kind, days in usual.items()}
    names = holiday_names(start, end)
    holes: dict[int, list[Span]] = {}
    for i, (_day, free_day, shown) in enumerate(seen):
        spans = [s for s, c, n in zip(stretches, shown, normal[free_day], strict=True)
                 if n and c is False]
        if spans:
            holes[i] = _merged(spans)
    remedies = _remedies(project, holes)
    gaps = []
    for i, spans in holes.items():
        day = seen[i][0]
        named, helped = remedies.get(i, ((), []))
        for moment, a, b in PARTS:
            hours = _clipped(spans, a, b)
            if hours:
                gaps.append(Gap(moment, day, names.get(day), tuple(hours), named,
                                tuple(_clipped(helped, a, b))))
    return gaps


def _normal(covered: list[bool]) -> bool:
    """Covered on at least :data:`NORMAL` of the days looked at (and some were)."""
    return bool(covered) and sum(covered) >= NORMAL * len(covered)


def _in_day(minute: int) -> int:
    """A clock time's minute in the day's legevakt, 08:00 to 08:00 the next morning."""
    return minute if minute >= PARTS[0][1] else minute + DAY


def _spans(template: ShiftTemplate, start: date, end: date, policy: str | None = None,
           days: Sequence[date] | None = None) -> list[Span]:
    """The template's shifts as minutes from ``start``'s midnight, on ``days`` (default: the
    period's), with its own holiday policy or ``policy``."""
    t = template if policy is None else template.model_copy(update={"holiday_policy": policy})
    begin = t.start_time.hour * 60 + t.start_time.minute
    finish = t.end_day_offset * DAY + t.end_time.hour * 60 + t.end_time.minute
    out = []
    for day in (period_days(start, end) if days is None else days):
        weekday = effective_weekday(day, t)
        if weekday is not None and weekday in t.weekdays:
            at = (day - start).days * DAY
            out.append((at + begin, at + finish))
    return out


def _merged(spans: list[Span]) -> list[Span]:
    """``spans`` sorted, the overlapping and touching ones made one."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _covers(covered: list[Span], starts: list[int], a: int, b: int) -> bool:
    """Whether merged ``covered`` (its ``starts``) covers all of [a, b)."""
    k = bisect_right(starts, a) - 1
    return k >= 0 and covered[k][1] >= b


def _clipped(spans: list[Span], a: int, b: int) -> list[Span]:
    return [(max(x, a), min(y, b)) for x, y in spans if x < b and a < y]


def _remedies(project: Project, holes: dict[int, list[Span]]
              ) -> dict[int, tuple[tuple[str, ...], list[Span]]]:
    """For the day index of each hole: the «Som søndag» vakttyper whose vakt a holiday loses
    (no Sunday among their days) and «Som vanlig dag» would give back, where that vakt
    covers some of the day's holes, and the hours of the holes it covers."""
    start, end = project.period.start, project.period.end
    holidays = [d for d in holiday_names(start, end) if d.weekday() < 6]
    names = {t.id: t.name for t in project.templates}
    lost = {t.id: _spans(t, start, end, "normal", [d for d in holidays if d.weekday()
                                                      in t.weekdays])
            for t in project.templates if t.holiday_policy == "as_sunday" and 6 not in t.weekdays}
    lost = {tid: spans for tid, spans in lost.items() if spans}
    out = {}
    for i, spans in holes.items():
        day_spans = [(i * DAY + a, i * DAY + b) for a, b in spans]
        named = [tid for tid, back in lost.items()
                 if any(_clipped(day_spans, x, y) for x, y in back)]
        if named:
            back = _merged([s for tid in named for s in lost[tid]])
            helped = [(x - i * DAY, y - i * DAY) for a, b in back
                      for x, y in _clipped(day_spans, a, b)]
            out[i] = (tuple(dict.fromkeys(names[tid] for tid in named)), _merged(helped))
    return out


def _vakttyper(names: Sequence[str]) -> str:
    """«vakttypen «Kveld»», «vakttypene «Hverdagsvakt» og «Helgevakt»»."""
    quoted = names_text([f"«{name}»" for name in names])
    return f"vakttypen {quoted}" if len(names) == 1 else f"vakttypene {quoted}"


def _clock(minute: int) -> str:
    """«08», «15:30», «24» (an end at midnight) from minutes since a day's midnight."""
    if minute == DAY:
        return "24"
    hour, rest = divmod(minute % DAY, 60)
    return f"{hour:02d}" + (f":{rest:02d}" if rest else "")


def _hours_text(spans: list[Span]) -> str:
    """«08–10 og 14–16», or the parts' names when the hours are whole parts («kveld og natt»)."""
    spans = _merged(spans)
    parts = [(name, _clipped(spans, a, b), (a, b)) for name, a, b in PARTS]
    parts = [p for p in parts if p[1]]
    if all(hours == [whole] for _name, hours, whole in parts):
        return names_text([name for name, _hours, _whole in parts])
    return names_text([f"{_clock(a)}–{_clock(b)}" for a, b in spans])


def gap_lines(gaps: list[Gap], most: int = 8) -> list[str]:
    """Norwegian lines, one per day, at most ``most``: «25.03 (Skjærtorsdag): ingen vakt dag,
    kveld eller natt» when whole parts have no vakt, else the hours («ingen vakt 08–10 og
    14–16»); and what «Som vanlig dag» would cover, when a «Som søndag» vakttype's lost vakt
    would (see :class:`Gap`)."""
    by_day: dict[date, list[Gap]] = {}
    for g in gaps:
        by_day.setdefault(g.day, []).append(g)
    lines = []
    for day, day_gaps in list(by_day.items())[:most]:
        name = f" ({day_gaps[0].holiday})" if day_gaps[0].holiday else ""
        if all(g.whole for g in day_gaps):
            said = names_text([g.moment for g in day_gaps], "eller")
        else:
            said = _hours_text([h for g in day_gaps for h in g.hours])
        line = f"{day.strftime('%d.%m')}{name}: ingen vakt {said}"
        if remedy := day_gaps[0].remedy:
            helped = [h for g in day_gaps for h in g.remedied]
            holes = [h for g in day_gaps for h in g.hours]
            what = "det" if _merged(helped) == _merged(holes) else _hours_text(helped)
            line += (f" (med «{HOLIDAY_POLICY_LABELS['normal']}» på helligdager ville "
                     f"{_vakttyper(remedy)} dekket {what})")
        lines.append(line)
    if len(by_day) > most:
        lines.append(f"… og {count(len(by_day) - most, 'dag', 'dager')} til")
    return lines


def gap_summary(gaps: list[Gap]) -> str:
    """One line: «Hull i dekningen: 6 dager mangler vakt på tider distriktet ellers dekker …»,
    with why a holiday may have none: the named «Som søndag» vakttyper when they are why."""
    days = {g.day for g in gaps}
    text = (f"Hull i dekningen: {count(len(days), 'dag', 'dager')} mangler vakt på tider "
            "distriktet ellers dekker")
    named = list(dict.fromkeys(name for g in gaps for name in g.remedy))
    sunday, normal = HOLIDAY_POLICY_LABELS["as_sunday"], HOLIDAY_POLICY_LABELS["normal"]
    if named:
        them = "den" if len(named) == 1 else "dem"
        text += (f" ({_vakttyper(named)} går «{sunday}» på en helligdag og har ingen vakt "
                 f"på søndager, så helligdagen får ingen vakt fra {them}: «{normal}» i kolonnen "
                 f"«På helligdag» under Vakter og regler gir {them} vakt også da")
        left = any(g.holiday and _merged(list(g.remedied)) != list(g.hours) for g in gaps)
        if left:
            text += "; en vakttype med «Bare på helligdager» går bare på helligdagene"
        text += ")"
    elif any(g.holiday for g in gaps):
        text += (" (en helligdag får vakttypene som gjelder søndag, med mindre vakttypen sier "
                 "noe annet: kolonnen «På helligdag» under Vakter og regler; en vakttype med "
                 "«Bare på helligdager» går bare de dagene)")
    return text
