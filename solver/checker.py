"""Independent checker: re-verifies every hard rule of a rota with plain, separate code.

It shares nothing with the CP-SAT model (only the input types), so a bug in the model cannot
hide itself. The GUI uses :func:`check` after manual edits and :func:`candidates` for the
doctor picker. Soft limits (``Limit(hard=False)``) are not violations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from solver.common import number
from solver.problem import (
    PRACTICE_BREAK,
    Doctor,
    Limit,
    Problem,
    Role,
    Rota,
    RuleException,
    Rules,
    Shift,
)

RULE_NAMES: dict[str, str] = {
    "unknown": "Ukjent vakt eller lege",
    "coverage": "Dekning",
    "unavailability": "Fravær og fritak",
    "share": "Vaktandel",
    "competence": "Vaktkompetanse og bakvakt",
    "overlap": "Ingen overlapp",
    "min_rest": "Minste hviletid",
    "practice": "Hvile rundt dagpraksis",
    "max_in_window": "Maks vakter i vinduet",
    "max_per_week": "Maks vakter per uke",
    "max_consecutive_days": "Maks vakter på rad",
    "pre_assigned": "Forhåndstildelt vakt",
    "block": "Vaktblokk",
}


@dataclass(frozen=True)
class Violation:
    rule: str
    rule_name: str
    doctor_id: str | None
    shift_id: str | None
    message: str  # Norwegian


def _v(rule: str, doctor: str | None, shift: str | None, message: str) -> Violation:
    return Violation(rule, RULE_NAMES[rule], doctor, shift, message)


def _utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)


def _ddmm(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}"


def _what(s: Shift) -> str:
    return f"{_ddmm(s.start.date())} {s.label or s.template}"


class _Index:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.shifts = {s.id: s for s in problem.shifts}
        self.doctors = {d.id: d for d in problem.doctors}
        self.longest = max((_utc(s.end) - _utc(s.start) for s in problem.shifts), default=timedelta(0))
        tz = problem.shifts[0].start.tzinfo if problem.shifts else None
        r = problem.rules
        hol = set(problem.holidays)
        self.practice: dict[date, tuple[datetime, datetime]] = {}
        day = problem.period_start
        while day <= problem.period_end + timedelta(days=1):
            if day.weekday() < 5 and day not in hol:
                self.practice[day] = (
                    datetime.combine(day, r.practice_start, tzinfo=tz),
                    datetime.combine(day, r.practice_end, tzinfo=tz),
                )
            day += timedelta(days=1)


_last_index: list[_Index] = []  # the last problem's index: a problem is immutable


def _index(problem: Problem) -> _Index:
    """The index of ``problem``, made once for the hand edits checked one after another on
    the same problem (the swap dialog checks hundreds)."""
    if not _last_index or _last_index[0].problem is not problem:
        _last_index[:] = [_Index(problem)]
    return _last_index[0]


def _daytime_only(s: Shift) -> bool:
    """Within 08:00–16:00 of one day, local time: what a doctor with fritak 16–08 may take."""
    start, end = s.start, s.end
    return (start.date() == end.date() and start.hour >= 8
            and (end.hour, end.minute, end.second) <= (16, 0, 0))


def _doctor_violations(ix: _Index, doc: Doctor, items: list[tuple[Shift, Role]],
                       pre_only: bool = False) -> list[Violation]:
    """Every rule that concerns one doctor's own duties (``pre_only``: only the pre-assigned
    ones, before any rota; what the rota may add around them is given the benefit)."""
    p = ix.problem
    r = p.rules
    out: list[Violation] = []
    pre = set(doc.pre_assigned)
    for s, role in items:
        for a in doc.absences:
            if a.start < s.end and s.start < a.end:
                kind = {"hvile": "hvile etter vakt i forrige periode",
                        "annet": "annet fravær"}.get(a.kind, a.kind)
                out.append(_v("unavailability", doc.id, s.id, f"{doc.name} har {kind} ({_what(s)})"))
        for e in doc.exemptions:
            if not (e.start < s.end and s.start < e.end):
                continue
            if e.scope == "full":
                out.append(_v("unavailability", doc.id, s.id, f"{doc.name} har fritak fra legevakt ({_what(s)})"))
            elif e.scope == "no_nights" and s.night:
                out.append(_v("unavailability", doc.id, s.id, f"{doc.name} har fritak fra nattevakt ({_what(s)})"))
            elif e.scope == "no_weekends" and s.weekend:
                out.append(_v("unavailability", doc.id, s.id, f"{doc.name} har fritak fra helgevakt ({_what(s)})"))
            elif e.scope == "no_16_08" and not _daytime_only(s):
                out.append(_v("unavailability", doc.id, s.id, f"{doc.name} har fritak fra vakt mellom 16 og 08 ({_what(s)})"))
        if doc.share <= 0 and (s.id, role) not in pre:
            out.append(_v("share", doc.id, s.id, f"{doc.name} har vaktandel 0 ({_what(s)})"))
        if role == "bakvakt" and not doc.competent:
            out.append(_v("competence", doc.id, s.id, f"{doc.name} er ikke vaktkompetent og kan ikke være bakvakt ({_what(s)})"))
    # overlap (all roles) and rest (vakt only), in time order
    ordered = sorted(items, key=lambda it: (_utc(it[0].start), _utc(it[0].end)))
    latest_end: datetime | None = None
    latest: tuple[Shift, Role] | None = None
    for s, role in ordered:
        if latest_end is not None and _utc(s.start) < latest_end and latest is not None:
            if latest[0].id != s.id:
                text = f"{doc.name}: {_what(s)} overlapper {_what(latest[0])}"
            elif latest[1] == role:
                text = f"{doc.name} står to ganger som {role} på {_what(s)}"
            else:
                text = f"{doc.name} er både vakt og bakvakt på {_what(s)}"
            out.append(_v("overlap", doc.id, s.id, text))
        if latest_end is None or _utc(s.end) > latest_end:
            latest_end, latest = _utc(s.end), (s, role)
    rest = timedelta(hours=r.min_rest_hours)
    vakt = [s for s, role in ordered if role == "vakt"]
    # every pair with 0 < gap < rest (a contiguous gap 0 is one work period)
    for j, b in enumerate(vakt):
        for i in range(j - 1, -1, -1):
            a = vakt[i]
            if _utc(a.start) < _utc(b.start) - rest - ix.longest:
                break
            gap = _utc(b.start) - _utc(a.end)
            if timedelta(0) < gap < rest:
                hours = gap.total_seconds() / 3600
                out.append(_v("min_rest", doc.id, b.id, f"{doc.name}: bare {number(hours)} t hvile mellom {_what(a)} og {_what(b)} (minst {number(r.min_rest_hours)} t)"))
    if doc.has_practice:
        for s in vakt:
            day = (s.start - rest).date()
            while day <= (s.end + rest).date():
                pr = ix.practice.get(day)
                day += timedelta(days=1)
                if pr is None:
                    continue
                ps, pe = pr
                if any(a.start < pe and ps < a.end for a in doc.absences):
                    continue
                if ps <= s.start < pe:
                    out.append(_v("practice", doc.id, s.id, f"{doc.name}: {_what(s)} begynner i praksistiden"))
                elif r.practice_after_night == "forbid" and s.start < ps and s.end > ps - rest:
                    out.append(_v("practice", doc.id, s.id, f"{doc.name}: {_what(s)} gir for kort hvile før praksis {_ddmm(ps.date())}"))
                elif (r.practice_after_night == "forbid" and pe + PRACTICE_BREAK < s.start < pe + rest
                      and not _continues(s, pe, vakt)
                      and not (pre_only and _may_continue(ix, s, pe))):
                    gap = number((s.start - pe).total_seconds() / 3600)
                    out.append(_v("practice", doc.id, s.id, f"{doc.name}: {_what(s)} begynner bare {gap} t etter praksis {_ddmm(pe.date())} (minst {number(r.min_rest_hours)} t hvile)"))
    out += _spacing(p, doc, vakt)
    return out


def _continues(s: Shift, practice_end: datetime, vakt: list[Shift]) -> bool:
    """The vakt ends a contiguous run of the doctor's vakter that began as practice ended (or
    within PRACTICE_BREAK of it)."""
    start = s.start
    while True:
        prev = [o for o in vakt if o.end == start and o.start < start]
        if not prev:
            return False
        start = prev[0].start
        if start <= practice_end + PRACTICE_BREAK:
            return start >= practice_end


def _may_continue(ix: _Index, s: Shift, practice_end: datetime) -> bool:
    """Before any rota: some vakt of the district could take the doctor from practice to
    ``s`` (it ends as ``s`` starts, and starts after practice ends); the rota may give it."""
    return any(o.end == s.start and practice_end <= o.start < s.start for o in ix.shifts.values())


SpacingLimits = tuple[RuleException | None, int, Limit | None, Limit | None, Limit | None]


def _spacing_limits(r: Rules) -> list[SpacingLimits]:
    """(exception or None, window days, max in window, max per week, max on end): the period's
    own limits, then each exception's with its empty fields taken from the period's."""
    out: list[SpacingLimits] = [(None, r.window_days, r.max_in_window, r.max_per_week,
                                 r.max_consecutive_days)]
    for e in r.exceptions:
        w = r.window_days if e.window_days is None else e.window_days
        out.append((e, w, e.max_in_window or r.max_in_window, e.max_per_week or r.max_per_week,
                    e.max_consecutive_days or r.max_consecutive_days))
    return out


def _judged_by(exc: RuleException | None, r: Rules, first: date, last: date) -> bool:
    """Is the window ``first``–``last`` judged by ``exc`` (None: the period's own limits)? An
    exception judges the windows that touch its days; the period's limits judge the rest."""
    def touches(e: RuleException) -> bool:
        return first <= e.end and e.start <= last
    return touches(exc) if exc is not None else not any(touches(e) for e in r.exceptions)


def _exception_text(exc: RuleException | None) -> str:
    return "" if exc is None else f", unntak {_ddmm(exc.start)}–{_ddmm(exc.end)}"


def _spacing(p: Problem, doc: Doctor, vakt: list[Shift]) -> list[Violation]:
    r = p.rules
    out: list[Violation] = []
    duty: dict[date, str] = {}
    for s in vakt:
        duty.setdefault(s.start.date(), s.id)
    if not duty:
        return out
    ndays = (p.period_end - p.period_start).days + 1
    flags = [(p.period_start + timedelta(days=i)) in duty for i in range(ndays)]

    def windows(exc: RuleException | None, length: int, limit: int, rule: str, text: str) -> None:
        run = sum(flags[:length])
        for i in range(0, max(1, ndays - length + 1)):
            if i > 0:
                run += flags[i + length - 1] - flags[i - 1] if i + length - 1 < ndays else -flags[i - 1]
            first = p.period_start + timedelta(days=i)
            last = min(first + timedelta(days=length - 1), p.period_end)
            if run > limit and _judged_by(exc, r, first, last):
                sid = next(duty[first + timedelta(days=k)] for k in range(length) if first + timedelta(days=k) in duty)
                out.append(_v(rule, doc.id, sid, f"{doc.name}: {run} vakter i {length} dager fra {_ddmm(first)} ({text})"))

    weeks: dict[tuple[int, int], list[date]] = defaultdict(list)  # the duty days per ISO week
    for d in sorted(duty):
        weeks[d.isocalendar()[:2]].append(d)
    for exc, w, in_window, per_week, consecutive in _spacing_limits(r):
        unntak = _exception_text(exc)
        if in_window is not None and in_window.hard:
            w = max(1, w)
            windows(exc, min(w, ndays), in_window.value, "max_in_window", f"maks {in_window.value} i {w} dager{unntak}")
        if consecutive is not None and consecutive.hard:
            k = consecutive.value + 1
            if k <= ndays:
                windows(exc, k, consecutive.value, "max_consecutive_days", f"maks {consecutive.value} på rad{unntak}")
        if per_week is not None and per_week.hard:
            for (_, wk), ds in weeks.items():
                monday = ds[0] - timedelta(days=ds[0].weekday())
                first, last = max(monday, p.period_start), min(monday + timedelta(days=6), p.period_end)
                if len(ds) > per_week.value and _judged_by(exc, r, first, last):
                    out.append(_v("max_per_week", doc.id, duty[ds[-1]],
                                  f"{doc.name}: {len(ds)} vakter i uke {wk} (maks {per_week.value}{unntak})"))
    return out + _carried_spacing(p, doc, duty)


def _earlier_text(days: list[date]) -> str:
    """«vakt 03.01 i forrige periode», «vakter 02.01 og 03.01 i forrige periode»."""
    said = [_ddmm(d) for d in days]
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " og " + said[-1]
    return f"{'vakt' if len(days) == 1 else 'vakter'} {listed} i forrige periode"


def _carried_spacing(p: Problem, doc: Doctor, duty: dict[date, str]) -> list[Violation]:
    """The windows that begin before the period: the doctor's duty days of the period before
    (``earlier_duty_days``) count in them. Such a window breaks a hard limit only when the rota
    adds a duty day to it (a past over the limit is not this rota's fault): the vakt named is
    the first one the limit has no room for."""
    start = p.period_start
    before = sorted(d for d in set(doc.earlier_duty_days) if d < start)
    if not before or not duty:
        return []
    r = p.rules
    out: list[Violation] = []
    said: set[tuple[str, str]] = set()
    for exc, w, in_window, per_week, consecutive in _spacing_limits(r):
        unntak = _exception_text(exc)
        # (rule, limit, the window's first day, its length, the limit in words)
        spans: list[tuple[str, int, date, int, str]] = []
        if in_window is not None and in_window.hard:
            w = max(1, w)
            spans += [("max_in_window", in_window.value, start - timedelta(days=back), w,
                       f"maks {in_window.value} i {w} dager{unntak}") for back in range(1, w)]
        if consecutive is not None and consecutive.hard:
            k = consecutive.value + 1
            spans += [("max_consecutive_days", consecutive.value, start - timedelta(days=back), k,
                       f"maks {consecutive.value} på rad{unntak}") for back in range(1, k)]
        if per_week is not None and per_week.hard and start.weekday() > 0:
            monday = start - timedelta(days=start.weekday())
            spans.append(("max_per_week", per_week.value, monday, 7,
                          f"maks {per_week.value} per uke{unntak}"))
        for rule, limit, first, length, text in spans:
            last = min(first + timedelta(days=length - 1), p.period_end)
            old = [d for d in before if d >= first]
            new = sorted(d for d in duty if d <= last)
            if (not old or not new or len(old) + len(new) <= limit
                    or not _judged_by(exc, r, first, last)):
                continue
            sid = duty[new[max(0, limit - len(old))]]
            if (rule, sid) in said:
                continue
            said.add((rule, sid))
            n = len(old) + len(new)
            where = (f"i uke {start.isocalendar()[1]}" if rule == "max_per_week"
                     else f"i {length} dager fra {_ddmm(first)}")
            out.append(_v(rule, doc.id, sid, f"{doc.name}: {n} vakter {where}, medregnet "
                                             f"{_earlier_text(old)} ({text})"))
    return out


def _shift_violations(ix: _Index, s: Shift, vakt: list[str], bak: list[str]) -> list[Violation]:
    out: list[Violation] = []
    if len(vakt) != s.required:
        out.append(_v("coverage", None, s.id, f"{_what(s)}: {len(vakt)} av {s.required} {'lege' if s.required == 1 else 'leger'} på vakt"))
    if len(set(vakt)) != len(vakt):
        out.append(_v("coverage", None, s.id, f"{_what(s)}: samme lege står flere ganger"))
    docs = ix.doctors
    comp = [d for d in vakt if d in docs and docs[d].competent]
    noncomp = [d for d in vakt if d in docs and not docs[d].competent]
    if s.requires_competent and s.required > 0 and not comp:
        out.append(_v("competence", None, s.id, f"{_what(s)}: ingen vaktkompetent lege på vakt"))
    if noncomp:
        if len(bak) != 1:
            who = ", ".join(docs[d].name for d in noncomp)
            out.append(_v("competence", None, s.id, f"{_what(s)}: {who} er ikke vaktkompetent og trenger nøyaktig én bakvakt (har {len(bak)})"))
        for d in bak:
            if d in vakt:
                out.append(_v("competence", d, s.id, f"{_what(s)}: {docs[d].name} kan ikke være bakvakt for sin egen vakt"))
    elif bak:
        out.append(_v("competence", bak[0], s.id, f"{_what(s)}: bakvakt uten at noen trenger det"))
    return out


def check(problem: Problem, rota: Rota, doctors: Collection[str] | None = None,
          shifts: Collection[str] | None = None) -> list[Violation]:
    """All hard-rule violations of ``rota`` (empty list: the rota is valid). ``doctors`` and
    ``shifts``: only the rules of these doctors (their duties, absences, rest, spacing,
    pre-assignments) and of these shifts (coverage, competence, their vaktblokk) — all a hand
    edit that changes only their assignments can change, found in a fraction of the time."""
    ix = _index(problem)
    out: list[Violation] = []
    vakt: dict[str, list[str]] = defaultdict(list)
    bak: dict[str, list[str]] = defaultdict(list)
    per_doc: dict[str, list[tuple[Shift, Role]]] = defaultdict(list)
    present: set[tuple[str, str, str]] = set()
    for a in rota.assignments:
        s = ix.shifts.get(a.shift_id)
        if s is None or a.doctor_id not in ix.doctors:
            out.append(_v("unknown", a.doctor_id, a.shift_id, f"ukjent vakt eller lege: {a.shift_id} / {a.doctor_id}"))
            continue
        (vakt if a.role == "vakt" else bak)[a.shift_id].append(a.doctor_id)
        per_doc[a.doctor_id].append((s, a.role))
        present.add((a.shift_id, a.doctor_id, a.role))
    for s in problem.shifts:
        if shifts is None or s.id in shifts:
            out += _shift_violations(ix, s, vakt.get(s.id, []), bak.get(s.id, []))
    for d in problem.doctors:
        if doctors is not None and d.id not in doctors:
            continue
        out += _doctor_violations(ix, d, per_doc.get(d.id, []))
        for sid, role in d.pre_assigned:
            if (sid, d.id, role) not in present:
                where = _what(ix.shifts[sid]) if sid in ix.shifts else sid
                out.append(_v("pre_assigned", d.id, sid, f"{d.name} er forhåndstildelt {where} ({role}), men står ikke der"))
    blocks: dict[str, list[Shift]] = defaultdict(list)
    for s in problem.shifts:
        if s.block:
            blocks[s.block].append(s)
    for members in blocks.values():
        if shifts is not None and not any(s.id in shifts for s in members):
            continue
        first = members[0]
        for s in members[1:]:
            for store, role in ((vakt, "vakt"), (bak, "bakvakt")):
                if sorted(store.get(s.id, [])) != sorted(store.get(first.id, [])):
                    out.append(_v("block", None, s.id, f"{_what(s)}: vaktblokken har ikke samme lege som {_what(first)} ({role})"))
    return out


def candidates(problem: Problem, rota: Rota, shift_id: str, role: Role = "vakt") -> dict[str, list[Violation]]:
    """For each doctor: the violations that putting them on ``shift_id`` as ``role`` would add
    (an empty list means the doctor can take it). Coverage of the shift itself is left out: the
    picker replaces or adds a doctor as the user decides."""
    ix = _Index(problem)
    s = ix.shifts[shift_id]
    per_doc: dict[str, list[tuple[Shift, Role]]] = defaultdict(list)
    for a in rota.assignments:
        t = ix.shifts.get(a.shift_id)
        if t is not None:
            per_doc[a.doctor_id].append((t, a.role))
    vakt = [a.doctor_id for a in rota.assignments if a.shift_id == shift_id and a.role == "vakt"]
    bak = [a.doctor_id for a in rota.assignments if a.shift_id == shift_id and a.role == "bakvakt"]

    def shift_level(vakt_ids: list[str], bak_ids: list[str]) -> set[tuple[str, str]]:
        """Competence and bakvakt problems of the shift itself (coverage left to the user)."""
        return {(v.rule, v.message) for v in _shift_violations(ix, s, vakt_ids, bak_ids)
                if v.rule != "coverage"}

    shift_before = shift_level(vakt, bak)
    out: dict[str, list[Violation]] = {}
    for d in problem.doctors:
        items = per_doc.get(d.id, [])
        before = {(v.rule, v.shift_id, v.message) for v in _doctor_violations(ix, d, items)}
        after = _doctor_violations(ix, d, items + [(s, role)])
        new = [v for v in after if (v.rule, v.shift_id, v.message) not in before]
        if role == "vakt" and not d.competent and s.requires_competent and s.required == 1:
            new.append(_v("competence", d.id, s.id, f"{d.name} er ikke vaktkompetent; {_what(s)} krever vaktkompetent lege"))
        else:
            # e.g. a doctor who is not vaktkompetent on a shift with no bakvakt (yet)
            with_d = shift_level(vakt + [d.id], bak) if role == "vakt" else shift_level(vakt, bak + [d.id])
            new += [_v(rule, d.id, s.id, message) for rule, message in sorted(with_d - shift_before)]
        out[d.id] = new
    return out


def soft_breaches(problem: Problem, rota: Rota) -> list[tuple[str, int]]:
    """The soft spacing limits the rota breaks (they are allowed, at a cost in the objective):
    for each soft limit, a Norwegian description and how many vakter came too close — a
    vaktdag with more than K vaktdager in the W days ending on it (K per W days), the day that
    makes a run longer than K (K on end), a vaktdag beyond the K-th of its ISO week (K per week).
    Counted here, separately from the model, like every rule of this module."""
    r = problem.rules
    duty: dict[str, set[date]] = defaultdict(set)
    doctors = {d.id for d in problem.doctors}
    shifts = {s.id: s for s in problem.shifts}
    for a in rota.assignments:
        if a.role == "vakt" and a.shift_id in shifts and a.doctor_id in doctors:
            duty[a.doctor_id].add(shifts[a.shift_id].start.date())
    # the duty days of the period before count in the windows reaching back to them; only
    # the vakter of this period are counted as too close
    start = problem.period_start
    earlier = {d.id: {x for x in d.earlier_duty_days if x < start} for d in problem.doctors}
    seen = {did: days | earlier[did] for did, days in duty.items()}
    out: list[tuple[str, int]] = []
    for exc, w, in_window, per_week, consecutive in _spacing_limits(r):
        unntak = _exception_text(exc)

        def judged(first: date, last: date, exc: RuleException | None = exc) -> bool:
            return _judged_by(exc, r, max(first, problem.period_start), last)

        if in_window is not None and not in_window.hard:
            k, w = in_window.value, max(1, w)
            n = sum(1 for did, days in duty.items() for d in days
                    if sum(1 for i in range(w) if d - timedelta(days=i) in seen[did]) > k
                    and judged(d - timedelta(days=w - 1), d))
            out.append((f"maks {k} {'vakt' if k == 1 else 'vakter'} per {w} dager{unntak}", n))
        if consecutive is not None and not consecutive.hard:
            k = consecutive.value
            n = sum(1 for did, days in duty.items() for d in days
                    if all(d - timedelta(days=i) in seen[did] for i in range(k + 1))
                    and judged(d - timedelta(days=k), d))
            out.append((f"maks {k} på rad{unntak}", n))
        if per_week is not None and not per_week.hard:
            k = per_week.value
            n = 0
            for did, days in duty.items():
                weeks: dict[date, int] = defaultdict(int)
                for d in days:
                    weeks[d - timedelta(days=d.weekday())] += 1
                before: dict[date, int] = defaultdict(int)  # the period before's, same week
                for d in earlier[did]:
                    before[d - timedelta(days=d.weekday())] += 1
                n += sum(max(0, c + before[monday] - k) - max(0, before[monday] - k)
                         for monday, c in weeks.items()
                         if judged(monday, min(monday + timedelta(days=6), problem.period_end)))
            out.append((f"maks {k} per uke{unntak}", n))
    return [(text, n) for text, n in out if n]


def soft_breaches_text(problem: Problem, rota: Rota) -> str:
    """``Myke regler: 131 vakter tettere enn maks 1 vakt per 4 dager`` ('' when none)."""
    parts = [f"{n} {'vakt' if n == 1 else 'vakter'} tettere enn {text}"
             for text, n in soft_breaches(problem, rota)]
    return "Myke regler (tillatt, men telt i fordelingen): " + "; ".join(parts) if parts else ""


def check_pre_assigned(problem: Problem) -> list[Violation]:
    """The hard rules the project's pre-assigned vakter break on their own, before any rota
    exists (a weekend døgn pre-assigned to a doctor exempt from nights): no rota can keep them."""
    ix = _Index(problem)
    out: list[Violation] = []
    on: dict[str, list[tuple[str, Role]]] = defaultdict(list)
    for d in problem.doctors:
        items = [(ix.shifts[sid], role) for sid, role in d.pre_assigned if sid in ix.shifts]
        out += _doctor_violations(ix, d, items, pre_only=True)
        for sid, role in d.pre_assigned:
            on[sid].append((d.id, role))
    for sid, who in on.items():
        s = ix.shifts.get(sid)
        if s is None:
            continue
        vakt = [d for d, role in who if role == "vakt"]
        if len(vakt) > s.required:
            out.append(_v("coverage", None, s.id, f"{_what(s)}: {len(vakt)} leger forhåndstildelt, "
                                                  f"men vakten trenger {s.required}"))
        elif (len(vakt) == s.required > 0 and s.requires_competent
              and not any(ix.doctors[d].competent for d in vakt if d in ix.doctors)):
            out.append(_v("competence", None, s.id, f"{_what(s)}: ingen vaktkompetent lege på vakt"))
    return out

