"""Why no rota exists, in Norwegian, with dates and doctors, and what would make one possible.

1. Cheap pre-checks, no solver (:func:`precheck`): a shift with no eligible doctor (naming who
   is away or exempt, or barred by the daytime practice; one shortage one line), a week, or
   its scarcest days, whose demand exceeds what the doctors free for them may take (hard
   weekly limit, an exception's where it has one; counted for nights alone and for the
   vakter that need a vaktkompetent doctor too: :func:`week_shortfalls`), windows of N days
   that need more duty days than a hard «maks K per N døgn» allows
   (:func:`window_shortfalls`), moments with more shifts than free vaktkompetente
   doctors (:func:`competence_shortfalls`), vakter only one doctor may take that she cannot
   both have (:func:`sole_doctor_breaks`), a vaktblokk longer than a hard limit
   (:func:`block_limits`); and what a pre-assigned vakt breaks on its own (the checker).
   The counting leaves the doctors' duty days of the period before out (the windows reaching
   back to them only take room away): what it finds short is short with them too.
2. CP-SAT with one assumption literal per rule group (per doctor for absences, rest and
   practice, per pre-assigned vakt, per ISO week for hard spacing limits — and per doctor for
   their windows reaching back to her duty days of the period before, said as «medregnet vakt
   03.01 i forrige periode» —, per vaktblokk): the
   core of conflicting groups is shrunk by deletion and named, each rule once.
   Pre-assigned vakter no rota can hold are set aside one conflict after another, so all of
   them are named at once (:func:`_set_aside`).
3. Fixes (:class:`Fix`): only changes a leader can make, each verified by solving again — a
   rule of the period changed to the mildest value that works (on the changed rules), a
   pre-assignment removed (or all those set aside, with the next conflict's fix where one is
   left), vaktandel for those with 0, the vaktblokker turned off.
4. Where the counting proves that no rota exists but the conflict is not found in time (a
   40-doctor year), the fix of a hard spacing limit comes from the counting
   (:func:`_counted_fixes`): an exception for the short weeks (else the period's limit), the
   mildest with which the counting — of windows, and of runs of weeks
   (:func:`_short_spans`) — finds nothing short, screened on the weeks around the crunch
   and verified on the whole period by the engine's own model; where the time runs out
   first, the explanation says it was not verified.
"""
from __future__ import annotations

import math
import os
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from ortools.sat.python import cp_model

from solver.checker import check_pre_assigned
from solver.common import (
    RULE_NAMES,
    SCOPE_TEXT,
    Ticking,
    competence_allows,
    display_day,
    is_cancelled,
    iso_week,
    minutes,
    names,
    number,
    overlaps,
    unavailable_reasons,
)
from solver.problem import Doctor, Problem, RuleException, Rules, Shift
from solver.rules import (
    build_model,
    carried_windows,
    practice_days,
    practice_effect,
    spacing_windows,
)

T = TypeVar("T")


@dataclass
class Conflict:
    rule: str
    rule_name: str
    detail: str  # doctor id, "2027-W52", or ""


@dataclass(frozen=True)
class Fix:
    """One verified change that makes a rota possible, for an app to apply.

    ``kind``: "rules" (``rules``: fields of :class:`solver.problem.Rules` and their new
    values), "pre_assigned" (``cells``: each (doctor id, shift id) taken off its
    pre-assignment or lock; with another kind, ``cells`` are pre-assignments no rota can
    hold, taken off as well: that change was verified without them), "share" (the doctors
    with vaktandel 0 need one; how much is the leader's choice), "block" (the templates ``templates`` no longer bind a week or weekend
    to one doctor) or "exception" (``exceptions``: new :class:`RuleException` of the period's
    rules, e.g. 3-delt vakt in the weeks of the conflict only, one per run of weeks; one with
    the dates of an exception the rules have replaces it, loosened; with ``rules`` too, the
    period's rules change as well: 3-delt for the period and 2-delt in two weeks)."""

    text: str  # Norwegian
    kind: str
    rules: tuple[tuple[str, object], ...] = ()
    cells: tuple[tuple[str, str], ...] = ()
    templates: tuple[str, ...] = ()
    exceptions: tuple[RuleException, ...] = ()


@dataclass
class Explanation:
    messages: list[str] = field(default_factory=list)  # Norwegian, most specific first
    conflicts: list[Conflict] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)  # verified changes that would make a rota

    @property
    def relaxations(self) -> list[str]:
        """The fixes in Norwegian."""
        return [f.text for f in self.fixes]

    def text(self, relaxations: list[str] | None = None) -> str:
        """The messages and the fixes (``relaxations``: the fixes in other words)."""
        out = list(self.messages)
        said = self.relaxations if relaxations is None else relaxations
        if said:
            out.append("Mulige lettelser: " + "; ".join(said))
        return "\n".join(out)


def _shift_text(s) -> str:
    return f"{display_day(s.start.date())} {s.label or s.template}"


def _doctors(n: int) -> str:
    return "1 lege" if n == 1 else f"{n} leger"


def _available(n: int) -> str:
    if n == 0:
        return "ingen er tilgjengelig"
    return f"bare {n} er tilgjengelig" if n == 1 else f"bare {n} er tilgjengelige"


# a vakt nobody may take: (the vakt, what is wrong, who is kept out with every cause that keeps
# each of them out, the one that lasts longest first)
Uncovered = tuple[Shift, str, dict[str, list[str]]]


def _kept_text(kept: dict[str, str]) -> str:
    """«Kari og Ola har ferie; Per har fritak» (``kept``: name → cause)."""
    by_cause: dict[str, list[str]] = defaultdict(list)
    for name, cause in kept.items():
        by_cause[cause].append(name)
    return "; ".join(f"{_some(v)} har {k}" for k, v in by_cause.items())


def _reason_text(head: str, kept: dict[str, str]) -> str:
    return head + (f" — {_kept_text(kept)}" if kept else "")


MOST_LINES = 3  # lines one shortage of the shift lines gets before they are said as one


def _grouped(problems: list[Uncovered]) -> list[str]:
    """One line per distinct reason: '24.12 Natt: …', or '16 vakter fra 28.02 til 07.03
    (Kveld, Natt): …' when the same reason stops many shifts (a holiday week for everyone).
    The vakter the same doctors are kept out of share a line when each doctor has one cause
    for all of them (a fritak for the whole period, not the ferie some of them also fall in;
    ferie, not the fritak fra natt of the nights among them). A shortage that would take more
    than :data:`MOST_LINES` lines (the same «trenger 3 leger, bare 2 er tilgjengelige» with
    someone else on kurs each week) is one line, which says who is out on all its days and
    who only on some (:func:`_merged_tail`)."""
    same_people: dict[tuple[str, tuple[str, ...]], list[Uncovered]] = defaultdict(list)
    for item in problems:
        same_people[item[1], tuple(item[2])].append(item)
    by_reason: dict[tuple[str, str], list[Uncovered]] = defaultdict(list)
    for (head, people), items in same_people.items():
        common = {name: [c for c in items[0][2][name] if all(c in it[2][name] for it in items)]
                  for name in people}
        if all(common.values()):
            by_reason[head, _reason_text(head, {n: c[0] for n, c in common.items()})] += items
            continue
        for item in items:
            by_reason[head, _reason_text(head, {n: c[0] for n, c in item[2].items()})].append(item)
    lines: dict[str, int] = defaultdict(int)
    for head, _reason in by_reason:
        lines[head] += 1
    merged: dict[tuple[str, str], list[Uncovered]] = defaultdict(list)
    for (head, reason), items in by_reason.items():
        if lines[head] > MOST_LINES:
            merged[head, ""] += items
        else:
            merged[head, reason] = items
    out = []
    for (head, reason), items in merged.items():
        if not reason:
            reason = head + _merged_tail([kept for _s, _head, kept in items])
        shifts = [s for s, _head, _kept in items]
        if len(shifts) == 1:
            out.append(f"{_shift_text(shifts[0])}: {reason}")
            continue
        first, last = min(s.start for s in shifts), max(s.start for s in shifts)
        labels = list(dict.fromkeys(s.label or s.template for s in shifts))
        what = ", ".join(labels[:4]) + (" …" if len(labels) > 4 else "")
        out.append(f"{len(shifts)} vakter fra {display_day(first.date())} til "
                   f"{display_day(last.date())} ({what}): {reason}")
    return out


def _merged_tail(kept: list[dict[str, list[str]]]) -> str:
    """« — Kari, Ola … og 30 andre har for kort hvile før dagpraksis; noen av dagene har også
    Ida, Åse og 23 andre ferie, kurs eller fritak»: who is out of every one of the vakter
    (by the cause that keeps each out of most of them), and who of only some."""
    causes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for one in kept:
        for name, why in one.items():
            causes[name][why[0]] += 1
    always = {name: min(c, key=lambda k: (-c[k], k)) for name, c in causes.items()
              if sum(c.values()) == len(kept)}
    sometimes = [name for name in causes if name not in always]
    parts = [_kept_text(always)] if always else []
    if sometimes:
        kinds = sorted({k for name in sometimes for k in causes[name]})
        said = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " eller " + kinds[-1]
        parts.append(f"noen av dagene har {'også ' if always else ''}{_some(sometimes)} {said}")
    return f" — {'; '.join(parts)}" if parts else ""


def precheck(problem: Problem) -> list[str]:
    out = _grouped(_uncovered(problem))
    out.extend(week_shortfalls(problem))
    out.extend(window_shortfalls(problem))
    out.extend(competence_shortfalls(problem))
    out.extend(sole_doctor_breaks(problem))
    out.extend(block_limits(problem))
    return out


@dataclass
class _Who:
    """Who may take one vakt, and why the others may not."""

    kept: dict[str, list[str]]  # name → every cause that keeps her out, longest-lasting first
    eligible: list[Doctor]  # may take it as vakt
    eligible_comp: list[Doctor]  # of them, the vaktkompetente
    backup: list[Doctor]  # vaktkompetente free to be bakvakt (practice does not bar that)


def _who(problem: Problem, s: Shift, barred: dict[tuple[str, str], str]) -> _Who:
    out = _Who({}, [], [], [])
    kept = _kept(problem)
    for d in problem.doctors:
        why = kept[d.id].get(s.id)
        if why:
            out.kept[d.name] = why
        elif d.share > 0 or any(sid == s.id for sid, _ in d.pre_assigned):
            if d.competent:
                out.backup.append(d)
            if (d.id, s.id) in barred:
                out.kept[d.name] = [barred[d.id, s.id]]
                continue
            out.eligible.append(d)
            if d.competent:
                out.eligible_comp.append(d)
        else:
            out.kept[d.name] = ["vaktandel 0"]
    return out


def _uncovered(problem: Problem) -> list[Uncovered]:
    """The shifts nobody may take (or with no vaktkompetent doctor free for them, on vakt or
    as bakvakt), each with why: away, fritak, vaktandel 0, or the daytime practice the vakt
    may not come next to (:func:`_practice_bars`)."""
    return _memo("uncovered", problem, lambda: _shifts_uncovered(problem))


def _shifts_uncovered(problem: Problem) -> list[Uncovered]:
    barred = _practice_bars(problem)
    problems: list[Uncovered] = []
    for s in problem.shifts:
        if s.required <= 0:
            continue
        w = _who(problem, s, barred)
        if s.requires_competent and not w.eligible_comp:
            problems.append((s, "ingen tilgjengelig vaktkompetent lege", w.kept))
        elif len(w.eligible) < s.required:
            problems.append((s, f"trenger {_doctors(s.required)}, {_available(len(w.eligible))}",
                             w.kept))
        elif not s.requires_competent and not w.backup and any(not d.competent for d in w.eligible):
            problems.append((s, "ingen vaktkompetent bakvakt er ledig for "
                             + names([d.name for d in w.eligible]), w.kept))
    return problems


def sole_doctor_breaks(problem: Problem) -> list[str]:
    """Vakter only one doctor may take (the others away, exempt, barred by the daytime
    practice, or not vaktkompetent where the vakt needs it), two of which she cannot both
    have: too little rest between them, or at the same time («04.01 natt og 05.01 kveld (og
    77 andre ganger): bare Kjetil kan ta dem, men det gir bare 8 t hvile mellom dem (minst
    11 t) — … har for kort hvile før dagpraksis»: with «forby vakten», minst 11 t and no
    weekly limit to count)."""
    barred = _practice_bars(problem)
    sole: dict[str, list[Shift]] = defaultdict(list)
    kept: dict[str, dict[str, list[str]]] = {}
    for s in problem.shifts:
        if s.required <= 0:
            continue
        w = _who(problem, s, barred)
        may = [d for d in w.eligible if competence_allows(d, s)]
        if len(may) == s.required:
            for d in may:
                sole[d.id].append(s)
            kept[s.id] = w.kept
    rest = round(problem.rules.min_rest_hours * 60)
    out = []
    for d in problem.doctors:
        shifts = sorted(sole.get(d.id, ()), key=lambda s: minutes(s.start))
        # (the earlier, the later, minutes between them) by what is wrong
        found: dict[str, list[tuple[Shift, Shift, int]]] = defaultdict(list)
        for i, a in enumerate(shifts):
            for b in shifts[i + 1:]:
                if minutes(b.start) >= minutes(a.end) + rest:
                    break  # and so does every later one
                gap = minutes(b.start) - minutes(a.end)
                if gap < 0:
                    found["overlap"].append((a, b, gap))
                elif gap > 0:  # (0: one work period, kveld into natt)
                    found["rest"].append((a, b, gap))
        for what, pairs in found.items():
            a, b, gap = pairs[0]
            n = len(pairs) - 1
            more = f" (og {n} {'annen gang' if n == 1 else 'andre ganger'})" if n else ""
            why = ("men de er samtidig" if what == "overlap" else
                   f"men det gir bare {_hours(gap / 60)} hvile mellom dem (minst "
                   f"{_hours(problem.rules.min_rest_hours)})")
            tail = _kept_out_text([x.id for x, y, _gap in pairs] + [y.id for x, y, _gap in pairs],
                                  kept, [d.name], _some)
            out.append(f"{_shift_text(a)} og {_shift_text(b)}{more}: bare {d.name} kan ta dem, "
                       f"{why}" + (f" — {tail}" if tail else ""))
    return out


def _practice_bars(problem: Problem) -> dict[tuple[str, str], str]:
    """(doctor id, shift id) → why the rules bar the doctor's daytime practice from that vakt,
    as :func:`solver.rules.add_practice` does: a vakt starting in practice hours, and, where
    the rules forbid rather than give a day off (``practice_after_night`` "forbid"), a vakt
    ending less than the minimum rest before practice or starting less than it after (one
    that another vakt may lead into from practice is left out: it may be allowed)."""
    return _memo("bars", problem, lambda: _bars(problem))


def _bars(problem: Problem) -> dict[tuple[str, str], str]:
    pdays = {p[0]: p for p in practice_days(problem)}
    ending: dict[datetime, list[Shift]] = defaultdict(list)
    for s in problem.shifts:
        ending[s.end].append(s)
    out: dict[tuple[str, str], str] = {}
    for d in problem.doctors:
        if d.has_practice:
            mine = _doctor_part("bars", problem, d, d.absences,
                                lambda d=d: _doctor_bars(problem, d, pdays, ending))
            out.update(((d.id, sid), why) for sid, why in mine.items())
    return out


def _doctor_bars(problem: Problem, d: Doctor, pdays: dict[date, tuple],
                 ending: dict[datetime, list[Shift]]) -> dict[str, str]:
    """Shift id → why the rules bar ``d``'s daytime practice from it (see :func:`_bars`)."""
    forbid = problem.rules.practice_after_night == "forbid"
    out: dict[str, str] = {}
    for s in problem.shifts:
        if s.required <= 0:
            continue
        kinds = set()
        for kind, day in practice_effect(problem, d.absences, s, pdays):
            if kind == "after" and any(pdays[day][2] <= x.start < s.start
                                       for x in ending.get(s.start, ())):
                continue  # another vakt may take her on into it from practice
            kinds.add(kind)
        if "start" in kinds:
            out[s.id] = "dagpraksis samtidig"
        elif forbid and kinds & {"lost", "after"}:
            when = " og ".join(w for k, w in (("after", "etter"), ("lost", "før")) if k in kinds)
            out[s.id] = f"for kort hvile {when} dagpraksis"
    return out


# per kind, the last problem's answer: the shift lines, each count of the pre-checks and each
# fix's count ask for the practice bars and the vakter nobody may take
_memos: dict[str, tuple[tuple, object]] = {}


def _memo(kind: str, problem: Problem, work: Callable[[], T]) -> T:
    """``work()``, or what it gave for a problem alike in all it may depend on: everything but
    the spacing limits, which the fixes try changed."""
    r = problem.rules
    key = (problem.shifts, problem.doctors, problem.holidays, problem.period_start,
           problem.period_end, r.min_rest_hours, r.practice_start, r.practice_end,
           r.practice_after_night)
    known = _memos.get(kind)
    if known is not None and all(a is b or a == b for a, b in zip(known[0], key, strict=True)):
        return known[1]  # type: ignore[return-value]
    value = work()
    _memos[kind] = (key, value)
    return value


def pre_assigned_breaks(problem: Problem) -> list[tuple[str, str | None]]:
    """What pre-assigned or locked vakter break on their own, as the checker says it («bare 2 t
    hvile mellom 06.03 … Natt og 07.03 …»), each with the doctor's id."""
    dname = {d.id: d.name for d in problem.doctors}
    out = []
    for v in check_pre_assigned(problem):
        who = dname.get(v.doctor_id or "", "")
        named = f" ({who})" if who and who not in v.message else ""
        out.append((f"Forhåndstildelt eller låst vakt: {v.message}{named}", v.doctor_id))
    return out


def block_limits(problem: Problem) -> list[str]:
    """A vaktblokk (one doctor the whole week or weekend) with more duty days than a hard
    «maks per uke», «maks på rad» or «maks K per N døgn» allows any doctor."""
    hard = [(rule, limit, windows) for rule, limit, windows in spacing_windows(problem) if limit.hard]
    found: dict[str, list[Shift]] = defaultdict(list)
    for shifts, duty in _block_days(problem):
        labels = sorted({s.label or s.template for s in shifts})
        if len(labels) == 1:
            label = f"vaktblokken «{labels[0]}»"
        else:  # a week or weekend of several vakttyper at one station: named by the station
            kind = ("ukevakten" if ":uke-" in (shifts[0].block or "") else
                    "helgevakten" if ":helg-" in (shifts[0].block or "") else "vaktblokken")
            station = " ".join(os.path.commonprefix([x.split() for x in labels])) or shifts[0].station
            label = f"{kind} ved {station}"
        limits = []
        # every window the block's days break, per rule and limit (the period's or an exception's)
        for rule, limit, windows in hard:
            most = max((sum(d in duty for d in wdays) for wdays in windows), default=0)
            if most <= limit.value:
                continue
            k = limit.value
            if rule == "max_per_week":
                limits.append(f"{most} vaktdøgn i én uke, men maks {k} per uke")
            elif rule == "max_consecutive_days":
                limits.append(f"{_longest_run(sorted(duty))} vaktdøgn på rad, men maks {k} på rad")
            else:
                w = len(windows[0])
                limits.append(f"{most} vaktdøgn på {w} døgn, men {_limit_words(k, w)}")
        limits = list(dict.fromkeys(limits))
        for text in limits:
            found[f"{label} gir én lege {text}"].append(shifts[0])
    out = []
    for reason, firsts in found.items():
        first = firsts[0].start.date()
        others = len(firsts) - 1
        more = (f" (og {others} {'annen blokk' if others == 1 else 'andre blokker'})"
                if others else "")
        out.append(f"{_week_text(problem, *iso_week(first))}{more}: {reason}")
    return out


def _block_days(problem: Problem) -> list[tuple[list[Shift], set[date]]]:
    """Each vaktblokk's vakter, in time order, and its duty days."""
    blocks: dict[str, list[Shift]] = defaultdict(list)
    for s in problem.shifts:
        if s.block and s.required > 0:
            blocks[s.block].append(s)
    return [(sorted(shifts, key=lambda s: s.start), {s.start.date() for s in shifts})
            for shifts in blocks.values()]


def _longest_run(duty: list[date]) -> int:
    run = best = 1
    for a, b in zip(duty, duty[1:], strict=False):
        run = run + 1 if (b - a).days == 1 else 1
        best = max(best, run)
    return best


def _weeks_text(weeks: list[int]) -> str:
    """«uke 9», «uke 1–26», «uke 1–7 og 9–26»."""
    runs: list[list[int]] = []
    for w in weeks:
        if runs and w == runs[-1][-1] + 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    return "uke " + names([f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs])


def _may_serve(d: Doctor, s: Shift, kept: dict[str, dict[str, list[str]]]) -> bool:
    """May ``d`` take ``s`` (``kept``: :func:`_kept` of the problem)?"""
    return ((d.share > 0 or any(sid == s.id for sid, _ in d.pre_assigned))
            and s.id not in kept[d.id])


def competence_shortfalls(problem: Problem) -> list[str]:
    """Moments when more shifts run at once than there are vaktkompetente doctors free for them.

    Every shift needs a vaktkompetent doctor, on vakt or as bakvakt for a colleague who is not,
    and nobody takes two shifts at once; so when n shifts overlap and fewer than n competent
    doctors may take any of them, no rota exists (Christmas nights at three stations with two
    competent doctors home). A moment where one shift alone has no competent doctor is said
    shift by shift in :func:`precheck`.
    """
    shifts = sorted((s for s in problem.shifts if s.required > 0), key=lambda s: s.start)
    competent = [d for d in problem.doctors if d.competent]
    kept = _kept(problem)
    free = {s.id: {d.id for d in competent if _may_serve(d, s, kept)} for s in shifts}
    found: dict[str, list[datetime]] = defaultdict(list)
    seen: set[frozenset[str]] = set()
    active: list[Shift] = []  # the shifts running at t, in start order (a sweep over the starts)
    started = 0  # how many of ``shifts`` start at or before t
    for t in dict.fromkeys(s.start for s in shifts):
        while started < len(shifts) and shifts[started].start <= t:
            active.append(shifts[started])
            started += 1
        active = [s for s in active if s.end > t]
        if len(active) < 2 or any(not free[s.id] for s in active):
            continue
        ids = frozenset(s.id for s in active)
        union = set().union(*(free[s.id] for s in active))
        if len(union) >= len(active) or ids in seen:
            continue
        seen.add(ids)
        able = [d.name for d in competent if d.id in union]
        away: dict[str, list[str]] = defaultdict(list)
        for d in competent:
            if d.id not in union:
                why = next((w for s in active if (w := _cause(kept, d, s))), "vaktandel 0")
                away[why].append(d.name)
        labels = list(dict.fromkeys(s.label or s.template for s in active))
        tail = "; ".join(f"{_some(v)} har {k}" for k, v in away.items())
        reason = (f"{len(active)} vakter samtidig ({', '.join(labels[:4])}{' …' if len(labels) > 4 else ''}) "
                  f"trenger hver en vaktkompetent lege på vakt eller som bakvakt, men bare "
                  f"{names(able)} er ledig{'e' if len(able) > 1 else ''}" + (f" — {tail}" if tail else ""))
        found[reason].append(t)
    out = []
    for reason, moments in found.items():
        first = moments[0]
        n = len(moments) - 1
        more = f" (og {n} {'annet tidspunkt' if n == 1 else 'andre tidspunkter'})" if n else ""
        out.append(f"{display_day(first.date())} kl. {first:%H:%M}{more}: {reason}")
    return out


def _who_text(who: list[str]) -> str:
    """«Kari, Ola og Per», or with what keeps each away, the doctors with the same absence
    together: «Kari og Ola: ferie 08.03–14.03; Solveig: kurs 08.03–10.03»."""
    if not any(": " in w for w in who):
        return names(who)
    same: dict[str, list[str]] = {}
    for w in who:
        name, _, what = w.partition(": ")
        same.setdefault(what, []).append(name)
    return "; ".join(f"{_some(people)}: {what}" if what else _some(people)
                     for what, people in same.items())


def _some(items: list[str], most: int = 6) -> str:
    """«A, B og C», or «A, B, C, D, E, F og 29 andre» for a long list."""
    if len(items) <= most + 1:
        return names(items)
    return names([*items[:most], f"{len(items) - most} andre"])


def _causes(d: Doctor, s: Shift) -> list[str]:
    """What keeps ``d`` from ``s``, as the explanation says it: «ferie», «fritak fra natt»
    rather than «fritak» for a partial fritak, «annet fravær» rather than the bare kind
    «annet»; the one that lasts longest first (a fritak for the whole period before the
    week's ferie inside it)."""
    causes: list[tuple[timedelta, str]] = [
        (a.end - a.start, "annet fravær" if a.kind == "annet" else a.kind)
        for a in d.absences if overlaps(a.start, a.end, s.start, s.end)]
    causes += [(e.end - e.start, SCOPE_TEXT[e.scope]) for e in d.exemptions
               if unavailable_reasons(replace(d, absences=(), exemptions=(e,)), s)]
    causes.sort(key=lambda c: c[0], reverse=True)
    return list(dict.fromkeys(c[1] for c in causes))


def _cause(kept: dict[str, dict[str, list[str]]], d: Doctor, s: Shift) -> str | None:
    """The first of :func:`_causes` (None: nothing keeps ``d`` from ``s``; ``kept``:
    :func:`_kept` of the problem)."""
    return next(iter(kept[d.id].get(s.id, ())), None)


def _kept(problem: Problem) -> dict[str, dict[str, list[str]]]:
    """Doctor id → shift id → :func:`_causes` (the shifts she may not take, and why; the
    others are not there)."""
    return _memo("kept", problem, lambda: {
        d.id: _doctor_part("kept", problem, d, (d.absences, d.exemptions),
                           lambda d=d: _doctor_kept(problem, d))
        for d in problem.doctors})


def _doctor_kept(problem: Problem, d: Doctor) -> dict[str, list[str]]:
    """Shift id → what keeps ``d`` from it, for the shifts her absences and fritak touch (found
    by their start: a shift overlapping a span starts less than the longest shift before it)."""
    order = _by_start(problem)
    starts = [s.start for s in order]
    longest = max((s.end - s.start for s in order), default=timedelta(0))
    out: dict[str, list[str]] = {}
    for span in (*d.absences, *d.exemptions):
        lo, hi = bisect_right(starts, span.start - longest), bisect_left(starts, span.end)
        for s in order[lo:hi]:
            if s.id not in out and (why := _causes(d, s)):
                out[s.id] = why
    return out


def _by_start(problem: Problem) -> list[Shift]:
    return _memo("by start", problem, lambda: sorted(problem.shifts, key=lambda s: s.start))


# the last problem's shifts and the rules they are judged by, and per doctor (and kind:
# "kept", "bars") what she was judged by and the answer: marking one doctor's ferie in the app
# counts her alone again, not the whole district (0.1 s of a stor-legevakt edit)
_doctor_memos: tuple[tuple, dict[tuple[str, str], tuple[object, object]]] = ((), {})


def _doctor_part(kind: str, problem: Problem, d: Doctor, part: object,
                 work: Callable[[], T]) -> T:
    """``work()`` for doctor ``d``, or what it gave for the same ``part`` of her (what it
    depends on) under shifts and rules alike."""
    global _doctor_memos
    r = problem.rules
    key = (problem.shifts, problem.holidays, problem.period_start, problem.period_end,
           r.min_rest_hours, r.practice_start, r.practice_end, r.practice_after_night)
    known, answers = _doctor_memos  # (read at once: another thread may replace it)
    if len(known) != len(key) or not all(a is b or a == b for a, b in zip(known, key, strict=True)):
        answers = {}
        _doctor_memos = (key, answers)
    elif any(a is not b for a, b in zip(known, key, strict=True)):
        _doctor_memos = (key, answers)  # alike: the next look compares by identity
    hit = answers.get((kind, d.id))
    if hit is not None and hit[0] == part:
        return hit[1]  # type: ignore[return-value]
    value = work()
    answers[kind, d.id] = (part, value)
    return value


def limit_text(rules: Rules) -> str:
    """«maks 1 vakt per 4 døgn» for the rolling spacing limit."""
    return _limit_words(rules.max_in_window.value if rules.max_in_window else 0, max(1, rules.window_days))


def _limit_words(k: int, w: int) -> str:
    return f"maks {k} {'vakt' if k == 1 else 'vakter'} per {w} døgn"


def _period_text(first: date, last: date) -> str:
    return f"{display_day(first)}–{display_day(last)}"


def _kept_out_text(window: list, kept_out: dict, able: list[str],
                   listed: Callable[[list[str]], str]) -> str:
    """«Kari og Ola har ferie; Per har fritak fra natt»: why the doctors who could take none
    of the window's vakter are out, each by the reason that keeps her out on most of its
    days (of those alike, the first)."""
    away: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day in window:
        for name, kinds in kept_out[day].items():
            if name not in able:
                for kind in kinds:
                    away[name][kind] += 1
    by_kind: dict[str, list[str]] = defaultdict(list)
    for name, kinds in away.items():
        by_kind[min(kinds, key=lambda k: (-kinds[k], k))].append(name)
    return "; ".join(f"{listed(v)} har {k}" for k, v in by_kind.items())


def window_shortfalls(problem: Problem) -> list[str]:
    """Rolling windows where a hard «maks K vakter per N døgn» cannot hold, by counting.

    In every window of N days each doctor has at most K duty days, and only on days where she
    may take the shifts in question. Each day with a shift needs that shift's doctors, so a
    window whose days need more duty days than the doctors who may take them can give proves
    that no rota exists. Counted twice: for all shifts, and for night shifts alone (a doctor
    exempt from nights gives no night duty days, which is how 4 doctors with one night-exempt
    cannot keep firedelt vakt).
    """
    noun, short, kept_out = _short_windows(problem)
    out: list[str] = []
    if short:
        window, demand, cap, limit = short[0]
        w = len(window)
        able = [d.name for d in problem.doctors if cap[d.id] > 0]
        tail = _kept_out_text(window, kept_out, able, names)
        who = (f"{_doctors(len(able))} ({names(able)}) kan ta høyst {sum(cap.values())}"
               if able else "ingen kan ta dem")
        n = len(short) - 1
        more = f" (og {n} {'annen periode' if n == 1 else 'andre perioder'} på {w} døgn)" if n else ""
        out.append(f"{_period_text(window[0], window[-1])}{more}: {demand} {noun} trengs, men {who}"
                   f" med {_limit_words(limit, w)}" + (f" — {tail}" if tail else ""))
    return out


def week_shortfalls(problem: Problem) -> list[str]:
    """ISO weeks where a hard «maks K vakter per uke» cannot hold, by counting, as
    :func:`window_shortfalls` counts its windows: for all shifts, for nights alone (three
    doctors who may take nights cannot give seven nights a week with maks 2 per uke) and for
    the vakter only a vaktkompetent doctor may take, each doctor at most K duty days and only
    on days she may serve, each week by its own limit (an exception's where it has one).
    Counted for the whole week and for its scarcest days (the nights 22.12–26.12 that only
    the two vaktkompetente doctors at home may take; the nights only the doctor without
    practice may take where the rules forbid short rest before it). The weeks alike share
    one line."""
    noun, short, kept_out = _short_windows(problem, "max_per_week")
    # the weeks alike: (the days by the days of the week when they are some of the week's, what
    # is said, who may) → the days of each week
    same: dict[tuple[str, str, tuple[str, ...]], list[list[date]]] = {}
    for window, demand, cap, limit in short:
        able = [d.name for d in problem.doctors if cap[d.id] > 0]
        if not able:  # nobody free at all: the shift lines say who is away
            continue
        text = (f"minst {demand} {noun} trengs, men {_doctors(len(able))} ({_some(able)}) kan ta "
                f"høyst {sum(cap.values())} (maks {limit} per uke)")
        some = window != _week_days(problem, iso_week(window[0]))  # some of its days: which
        same.setdefault((_days_text(window, weekdays=True) if some else "", text, tuple(able)),
                        []).append(window)
    out = []
    for (weekdays, text, able), windows in same.items():
        # who is out, and why, over all the weeks' days (by the reason of most of them)
        tail = _kept_out_text([day for days in windows for day in days], kept_out, list(able), _some)
        tail = f" — {tail}" if tail else ""
        weeks = [iso_week(days[0]) for days in windows]
        if len(weeks) > 1:
            when = _weeks_text([w for _y, w in weeks])
            out.append(f"{weekdays} i {when}: {text}{tail}" if weekdays else f"{when}: {text}{tail}")
        elif weekdays:
            out.append(f"{_days_text(windows[0])} (uke {weeks[0][1]}): {text}{tail}")
        else:
            out.append(f"{_week_text(problem, *weeks[0])}: {text}{tail}")
    return out


WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def _week_days(problem: Problem, week: tuple[int, int]) -> list[date]:
    """The days of an ISO week in the period."""
    monday = date.fromisocalendar(week[0], week[1], 1)
    return [d for d in (monday + timedelta(days=i) for i in range(7))
            if problem.period_start <= d <= problem.period_end]


def _days_text(days: list[date], weekdays: bool = False) -> str:
    """«22.12–26.12», «11.01–14.01 og 17.01»; or, by the days of the week, «mandag–torsdag og
    søndag»."""
    runs: list[list[date]] = []
    for d in sorted(days):
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])

    def say(d: date) -> str:
        return WEEKDAYS[d.weekday()] if weekdays else display_day(d)

    return names([say(r[0]) if len(r) == 1 else f"{say(r[0])}–{say(r[-1])}" for r in runs])


# what the counting counts: all shifts, those that need a vaktkompetent doctor, nights alone
# (the count that fails in more windows says more: where as many fail, the same shortage, save
# that nights say more: the flag)
COUNTS: tuple[tuple[str, Callable[[Shift], bool], bool], ...] = (
    ("vaktdøgn", lambda s: True, False),
    ("vaktdøgn som krever vaktkompetent lege", lambda s: s.requires_competent, False),
    ("vaktdøgn med natt", lambda s: s.night, True))


def _room(problem: Problem, noun: str, wanted: Callable[[Shift], bool]
          ) -> tuple[dict[date, int], dict[str, set[date]], dict]:
    """For the shifts ``wanted`` (the count ``noun`` of :data:`COUNTS`): the doctors each day
    needs at least (its largest need), the days each doctor may take one of them as vakt (a
    doctor who is not vaktkompetent no vakt that needs one alone; none the daytime practice
    bars), and why the others are kept out, per day (name → causes). The same whatever the
    spacing limits, so counted once for all the changes of them a fix tries."""
    return _memo(f"room {noun}", problem, lambda: _count_room(problem, wanted))


def _count_room(problem: Problem, wanted: Callable[[Shift], bool]
                ) -> tuple[dict[date, int], dict[str, set[date]], dict]:
    by_day: dict[date, list[Shift]] = defaultdict(list)
    for s in problem.shifts:
        if s.required > 0 and wanted(s):
            by_day[s.start.date()].append(s)
    barred, kept = _practice_bars(problem), _kept(problem)
    need = {day: max(s.required for s in ss) for day, ss in by_day.items()}
    may: dict[str, set[date]] = defaultdict(set)
    kept_out: dict[date, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for day, ss in by_day.items():
        for s in ss:
            for d in problem.doctors:
                if not _may_serve(d, s, kept):
                    if why := _cause(kept, d, s):
                        kept_out[day][d.name].add(why)
                elif (d.id, s.id) in barred:
                    kept_out[day][d.name].add(barred[d.id, s.id])
                elif competence_allows(d, s):
                    may[d.id].add(day)
    return need, may, kept_out


def _short_windows(problem: Problem, rule: str = "max_in_window") -> tuple[str, list, dict]:
    """The counting of :func:`window_shortfalls` (and, for ``rule`` "max_per_week", of
    :func:`week_shortfalls`): (what is counted, the windows that fail as (days, demand,
    capacity per doctor, limit), why doctors are kept out per day). Each window is judged by
    its own limit: an exception's where it has one."""
    windows = [(wdays, limit.value) for r, limit, group in spacing_windows(problem)
               if r == rule and limit.hard for wdays in group]
    if not windows:
        return "", [], {}
    # a day with a vakt nobody may take is said by the shift lines, not counted again
    uncovered = {s.start.date() for s, _head, _kept in _uncovered(problem)}
    worst: tuple[str, list, dict] = ("", [], {})
    for noun, wanted, tie in COUNTS:
        need, may, kept_out = _room(problem, noun, wanted)
        free_on = {day: sum(day in may[d.id] for d in problem.doctors) for day in need}
        short = []
        for window, k in windows:
            days = [day for day in window if need.get(day, 0) and day not in uncovered]
            if not days:
                continue
            # the whole window, or (a week) first its scarcest days: those at most m doctors
            # may serve, for each m there is (a set of days that needs more duty days than
            # its doctors may give is enough for no rota to exist)
            free = {day: free_on[day] for day in days}
            scarce = sorted(set(free.values()))[:-1] if rule == "max_per_week" else []
            for part in [[day for day in days if free[day] <= m] for m in scarce] + [
                    [day for day in window if day not in uncovered]]:
                demand = sum(need.get(day, 0) for day in part)
                cap = {d.id: min(k, sum(day in may[d.id] for day in part)) for d in problem.doctors}
                if demand > sum(cap.values()):
                    short.append((part, demand, cap, k))
                    break
        if short and (len(short) > len(worst[1]) or tie and len(short) == len(worst[1])):
            worst = (noun, short, kept_out)
    return worst


SPAN_WEEKS = 8  # the most weeks in a row :func:`_short_spans` counts as one


def _short_spans(problem: Problem) -> list[list[tuple[int, int]]]:
    """Runs of whole ISO weeks (up to :data:`SPAN_WEEKS`) whose days need more duty days than
    the doctors free for them may give under every hard spacing limit at once: a count over
    more than one window. With «maks 1 vakt per 9 døgn» each window of 9 days may have room
    while two weeks do not: 17 doctors free all of them give at most 34 duty days, not 17 per
    window. Each doctor's most is found day by day from the first (a day is hers when every
    window that holds it has room, the most there can be for limits over runs of days);
    counted, as the windows are, for all vakter, for those that need a vaktkompetent doctor
    and for nights alone. The doctors' duty days of the period before are left out (they only
    take room away), as are the days with a vakt nobody may take."""
    hard = [(limit.value, wdays) for _rule, limit, group in spacing_windows(problem)
            if limit.hard for wdays in group]
    if not hard:
        return []
    holding: dict[date, list[int]] = defaultdict(list)  # day → the windows that hold it
    for i, (_k, wdays) in enumerate(hard):
        for day in wdays:
            holding[day].append(i)
    room = [k for k, _wdays in hard]
    uncovered = {s.start.date() for s, _head, _kept in _uncovered(problem)}
    order = sorted({iso_week(problem.period_start + timedelta(days=i)) for i in range(
        (problem.period_end - problem.period_start).days + 1)})
    at = {week: n for n, week in enumerate(order)}
    short: set[tuple[int, int]] = set()  # (first week, how many) by their place in order
    for noun, wanted, _tie in COUNTS:
        need, may, _kept = _room(problem, noun, wanted)
        needed = [0] * len(order)
        for day, k in need.items():
            if k and day not in uncovered:
                needed[at[iso_week(day)]] += k
        # each doctor's days, in order, with the place of their week
        theirs = [[(at[iso_week(day)], day) for day in sorted(may[d.id])
                   if need.get(day) and day not in uncovered] for d in problem.doctors]
        for a in range(len(order)):
            last = min(len(order), a + SPAN_WEEKS) - 1
            give = [0] * (last - a + 1)
            for mine in theirs:
                left = room.copy()  # what each window still has room for
                for week, day in mine:
                    if week < a:
                        continue
                    if week > last:
                        break
                    held = holding[day]
                    if all(left[i] for i in held):
                        for i in held:
                            left[i] -= 1
                        give[week - a] += 1
            demand = gave = 0
            for n in range(last - a + 1):
                demand, gave = demand + needed[a + n], gave + give[n]
                if demand > gave:
                    short.add((a, n + 1))
    return [order[a:a + n] for a, n in sorted(short)]


def _in_weeks(problem: Problem, weeks: set[tuple[int, int]] | None) -> str:
    """« blant annet i uke 10 (08.03–14.03)», « blant annet i uke 10–12»: the weeks of the
    smallest conflict found (the same conflict may come again in other weeks)."""
    if not weeks:
        return ""
    if len(weeks) == 1:
        return " blant annet i " + _week_text(problem, *next(iter(weeks)))
    return " blant annet i " + _weeks_text([w for _y, w in sorted(weeks)])


def _week_text(problem: Problem, year: int, week: int) -> str:
    first = max(problem.period_start, date.fromisocalendar(year, week, 1))
    last = min(problem.period_end, date.fromisocalendar(year, week, 7))
    return f"uke {week} ({_period_text(first, last)})"


def _away_text(problem: Problem, d: Doctor, near: list[Shift] = ()) -> str:
    """«fritak fra natt», «ferie 05.07–25.07»: what keeps ``d`` away in the period (only what
    touches the days of the vakter ``near``, and a partial fritak only where it keeps her from
    one of them, when the conflict names vakter and something does)."""
    return (_away_near(problem, d, near) if near else "") or _away_near(problem, d, ())


def _away_near(problem: Problem, d: Doctor, near: list[Shift]) -> str:
    start, end = problem.period_start, problem.period_end
    days = [(s.start.date(), s.end.date()) for s in near]
    parts: list[str] = []
    spans = [(SCOPE_TEXT[e.scope], e.start, e.end, e) for e in d.exemptions]
    spans += [(a.kind, a.start, a.end, None) for a in d.absences]
    full = [(e.start, e.end) for e in d.exemptions if e.scope == "full"]
    for what, a, b, exemption in spans:
        first, last = a.date(), (b - timedelta(minutes=1)).date()
        if last < start or first > end:
            continue
        if near and not any(first <= n1 and n0 <= last for n0, n1 in days):
            continue
        if near and exemption is not None and exemption.scope != "full" and not any(
                unavailable_reasons(replace(d, absences=(), exemptions=(exemption,)), s)
                for s in near):
            continue  # fritak fra natt, and the conflict is about a day shift
        if (what, a, b) not in {(SCOPE_TEXT["full"], *f) for f in full} and any(
                f0 <= a and b <= f1 for f0, f1 in full):
            continue  # inside a full fritak: the fritak says it
        whole = first <= start and last >= end
        first, last = max(first, start), min(last, end)
        when = display_day(first) if first == last else _period_text(first, last)
        parts.append(what if whole else f"{what} {when}")
    if len(parts) > 3:
        parts = parts[:3] + ["…"]
    return ", ".join(parts)


WEEK_RULES = ("max_in_window", "max_per_week", "max_consecutive_days")
DOCTOR_WEEK_RULES = ("practice", "min_rest")  # groups held per doctor and ISO week
MOST_GROUPS = 8  # rule groups named in one explanation
REST_FLOOR = 8.0  # hours: the shortest minimum rest ever suggested (SFS 2305 pkt. 7.4)


def _shift_of(problem: Problem, sid: str) -> Shift | None:
    return next((s for s in problem.shifts if s.id == sid), None)


def _block_shifts(problem: Problem, block: str) -> list[Shift]:
    return sorted((s for s in problem.shifts if s.block == block), key=lambda s: s.start)


def _shifts_named(problem: Problem, core_keys: list[tuple[str, object]]) -> list[Shift]:
    """The vakter the conflict's dated groups name: those of its weeks, its pre-assigned
    vakter, its blocks."""
    weeks = set()
    out: list[Shift] = []
    for rule, detail in core_keys:
        week = (detail[:2] if rule in WEEK_RULES else detail[1] if rule in DOCTOR_WEEK_RULES
                else None) if isinstance(detail, tuple) else None
        if week is not None:
            weeks.add(week)
        elif rule == "pre_assigned" and isinstance(detail, tuple) and (s := _shift_of(problem, detail[1])):
            out.append(s)
        elif rule == "block" and isinstance(detail, str):
            out += _block_shifts(problem, detail)
    return out + [s for s in problem.shifts if weeks and iso_week(s.start.date()) in weeks]


def _conflict_text(problem: Problem, rule: str, detail: object,
                   near: list[Shift] = ()) -> tuple[str, str, str]:
    """(key, rule text, who) of a rule group: the key is a doctor id or an ISO week
    ("2027-W26") for the app's links; ``who`` the doctor (with what keeps her away) for the
    groups held per doctor, else "". ``near``: the vakter the conflict names, to which a
    doctor's absences are narrowed."""
    dname = {d.id: d.name for d in problem.doctors}
    if rule in WEEK_RULES and isinstance(detail, tuple):
        name = limit_text(problem.rules).capitalize() if rule == "max_in_window" else RULE_NAMES[rule]
        monday = date.fromisocalendar(detail[0], detail[1], 1)
        for exc, w, in_window, *_ in problem.rules.spacing_rules()[1:]:
            if exc is None or not exc.covers(monday, monday + timedelta(days=6)):
                continue
            own = exc.window_days is not None or exc.max_in_window is not None \
                if rule == "max_in_window" else getattr(exc, rule) is not None
            if not own:
                continue
            if rule == "max_in_window" and in_window is not None:
                name = _limit_words(in_window.value, max(1, w)).capitalize()
            name += f" (unntaket {_period_text(exc.start, exc.end)})"
            break
        if len(detail) == 3:  # a window reaching back into the period before, for one doctor
            return (f"{detail[0]}-W{detail[1]:02d}",
                    f"{name} i {_week_text(problem, *detail[:2])}, medregnet "
                    f"{_earlier_duty_text(problem, rule, detail[2])}", "")
        return f"{detail[0]}-W{detail[1]:02d}", f"{name} blant annet i {_week_text(problem, *detail)}", ""
    if rule in DOCTOR_WEEK_RULES and isinstance(detail, tuple):
        return detail[0], RULE_NAMES[rule], dname.get(detail[0], detail[0])
    if rule == "pre_assigned" and isinstance(detail, tuple):
        did, sid = detail
        s = _shift_of(problem, sid)
        what = _shift_text(s) if s is not None else sid
        return did, f"Forhåndstildelt eller låst vakt ({dname.get(did, did)}: {what})", ""
    if rule == "block" and isinstance(detail, str):
        shifts = _block_shifts(problem, detail)
        if not shifts:
            return "", RULE_NAMES[rule], ""
        y, w = iso_week(shifts[0].start.date())
        label = shifts[0].label or shifts[0].template
        when = _period_text(shifts[0].start.date(), shifts[-1].start.date())
        return f"{y}-W{w:02d}", f"{RULE_NAMES[rule]} «{label}» {when}", ""
    if isinstance(detail, str):
        doc = next((d for d in problem.doctors if d.id == detail), None)
        what = _away_text(problem, doc, near) if doc is not None and rule == "unavailability" else ""
        return detail, RULE_NAMES[rule], dname.get(detail, detail) + (f": {what}" if what else "")
    return "", RULE_NAMES[rule], ""


def _earlier_duty_text(problem: Problem, rule: str, doctor_id: str) -> str:
    """«vakt 03.01 i forrige periode (Kari)»: the duty days of the period before that count
    in the doctor's windows of a spacing ``rule`` (:func:`solver.rules.carried_windows`)."""
    doc = next((d for d in problem.doctors if d.id == doctor_id), None)
    if doc is None:
        return "vakt i forrige periode"
    days = sorted({day for cw in carried_windows(problem, doc) if cw.rule == rule
                   for day in cw.carried})
    noun = "vakt" if len(days) == 1 else "vakter"
    return f"{noun} {names([display_day(d) for d in days])} i forrige periode ({doc.name})"


def _rule_changes(problem: Problem, rule: str) -> list[tuple[dict, str]]:
    """Changes of the period's rules that a leader can make, mildest first, each with its
    Norwegian text, for a rule in the conflict."""
    r = problem.rules
    soft = "til en myk regel (straff i stedet for forbud)"
    if rule == "max_in_window" and r.max_in_window is not None:
        lim, w = r.max_in_window, max(1, r.window_days)
        out = []
        for shorter in range(w - 1, lim.value, -1):
            text = (f"tillat {shorter}-delt vakt (maks 1 vakt per {shorter} døgn)" if lim.value == 1
                    else f"tillat maks {lim.value} vakter per {shorter} døgn")
            out.append(({"window_days": shorter}, text))
        return out + [({"max_in_window": replace(lim, hard=False)}, f"gjør «{limit_text(r)}» {soft}")]
    if rule in ("max_per_week", "max_consecutive_days"):
        lim = getattr(r, rule)
        if lim is None:
            return []
        unit = "vakter per uke" if rule == "max_per_week" else "vakter på rad"
        return [({rule: replace(lim, value=k)}, f"tillat {k} {unit}")
                for k in range(lim.value + 1, 8)] + [
            ({rule: replace(lim, hard=False)}, f"gjør «{RULE_NAMES[rule]}» {soft}")]
    if rule == "practice" and r.practice_after_night == "forbid":
        return [({"practice_after_night": "day_off"},
                 "tillat fri fra praksis når en vakt gir for kort hvile før eller etter praksis (i stedet for å forby vakten)")]
    return []


def _doctors_vakter(shifts: list[Shift]) -> str:
    """«24.02 Døgnvakt» or «6 vakter 22.02–27.02»."""
    if len(shifts) == 1:
        return _shift_text(shifts[0])
    first, last = min(s.start for s in shifts), max(s.start for s in shifts)
    return f"{len(shifts)} vakter {_period_text(first.date(), last.date())}"


def _hours(h: float) -> str:
    return number(h) + " t"


# the longest one verification may take: a 40-doctor year needs about 6 s for a first rota
CHECK_SECONDS = 12.0

# An explanation's time is counted in work, not by the clock: the deterministic time of its
# CP-SAT solves (steps 2 and 3), WORK_PER_SECOND of it to a second of its limit — what those
# solves did per second on an idle core (interkommunal 0.52, stor-legevakt 0.48-0.92,
# 2026-11-28). Every verdict, and so the conflict and the fixes, is then the same on a slow or
# busy machine, only later. By the clock, a busy machine (two cores, eight busy loops on
# them) explained interkommunal's two-week ferie crunch otherwise 19 times in 19: a try at
# shrinking the conflict that needs 0.25 s took 1.4 s and was cut at its 1.25 s, so the
# conflict named more rules; then the time for the fixes ran out, so a fix went missing or a
# looser one was offered as the mildest, unsaid. The clock stops an explanation only at
# WALL_FACTOR times its limit (as solve's deterministic mode), and the explanation then says
# what it did not try. The building of the models solved is not counted (0.1 s each on
# interkommunal, 1 s on stor-legevakt): an explanation takes that much longer than its limit.
# The counted fixes (step 4) are counted so too: their searches for a first rota run one
# after the other on one thread (:func:`_first_rota`).
WORK_PER_SECOND = 0.5
WALL_FACTOR = 3.0


class _Clock:
    """An explanation's time (:data:`WORK_PER_SECOND`): its limit in seconds, the work its
    solves have done, and whether something was left untried or not known for want of time
    (``short``: the fixes found may then not be all there are, nor the mildest)."""

    def __init__(self, limit: float) -> None:
        self.limit, self.work, self.short = limit, 0.0, False
        self.stop = time.monotonic() + WALL_FACTOR * limit  # the wall clock's safety net

    def wall(self) -> float:
        """Seconds by the clock before the safety net stops the explanation."""
        return self.stop - time.monotonic()

    def left(self) -> float:
        """Seconds of the limit left (none once cancelled, or past the safety net, which
        leaves what they were asked for undone: ``short``)."""
        if is_cancelled(_CANCEL.get()):
            return 0.0
        if self.wall() <= 0:
            self.short = True
            return 0.0
        return self.limit - self.work / WORK_PER_SECOND

    def has(self, seconds: float) -> bool:
        """Whether more than ``seconds`` are left; when not, what they were for is not done."""
        if self.left() > seconds:
            return True
        self.short = True
        return False


class _Verifier:
    """Feasibility of the rules, of changed rules, or of the model without some groups,
    within the explanation's time (None: not known in time, which ``clock`` remembers)."""

    def __init__(self, problem: Problem, ctx, clock: _Clock, seed: int) -> None:
        self.problem, self.ctx, self.clock, self.seed = problem, ctx, clock, seed
        self.keys = list(ctx.guards)
        self.lits = [ctx.guards[k] for k in self.keys]
        # changed rules solved once: an exception search asks whether they work, then which
        # weeks their conflict names, of the same solve
        self.solved: dict[tuple, tuple[int, cp_model.CpSolver, list, list]] = {}

    def left(self) -> float:
        return self.clock.left()

    def _known(self, status: int) -> bool | None:
        verdict = _verdict(status)
        if verdict is None:
            self.clock.short = True
        return verdict

    def without(self, drop: Callable[[tuple[str, object]], bool]) -> bool | None:
        if not self.clock.has(0):
            return None
        rest = [lit for k, lit in zip(self.keys, self.lits, strict=True) if not drop(k)]
        st, _ = _feasible(self.ctx.model, rest, min(self.left(), CHECK_SECONDS), self.clock, self.seed)
        return self._known(st)

    def _changed(self, changes: dict[str, object]) -> tuple[int, cp_model.CpSolver, list, list]:
        """The rules with ``changes`` solved with every group's assumption: (status, solver,
        the group keys, their literals)."""
        key = tuple(sorted(changes.items()))
        if key not in self.solved:
            p = replace(self.problem, rules=replace(self.problem.rules, **changes))
            ctx = build_model(p, explain=True)
            keys = list(ctx.guards)
            lits = [ctx.guards[k] for k in keys]
            st, solver = _feasible(ctx.model, lits, min(self.left(), CHECK_SECONDS), self.clock,
                                   self.seed)
            self.solved[key] = st, solver, keys, lits
        return self.solved[key]

    def with_rules(self, **changes: object) -> bool | None:
        if not self.clock.has(0):
            return None
        return self._known(self._changed(changes)[0])

    def conflict_weeks(self, rule: str, **changes: object) -> set[tuple[int, int]]:
        """The weeks a conflict of the changed rules names for ``rule`` (none when the rules
        have a rota, or when the time is up)."""
        if not self.clock.has(0):
            return set()
        st, solver, keys, lits = self._changed(changes)
        if st != cp_model.INFEASIBLE:
            self._known(st)
            return set()
        return _rule_weeks(rule, [keys[i] for i in _core(solver, lits)])


def _core(solver: cp_model.CpSolver, lits: list) -> list[int]:
    """The groups (indices into ``lits``, their assumption literals) of an infeasible
    solve's core."""
    by_index = {lit.index: i for i, lit in enumerate(lits)}
    return [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]


def _verdict(status: int) -> bool | None:
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if status == cp_model.INFEASIBLE else None


def _removal(problem: Problem, cells: tuple[tuple[str, str], ...]) -> Fix:
    """«fjern forhåndstildelingen av 24.02 Døgnvakt for Kari», «fjern forhåndstildelingene av
    4 vakter 22.02–25.02 for Kari og 10.05 Døgnvakt for Ola» (``cells``: doctor id, shift id)."""
    dname = {d.id: d.name for d in problem.doctors}
    by_doctor: dict[str, list[Shift]] = defaultdict(list)
    for did, sid in cells:
        if (s := _shift_of(problem, sid)) is not None:
            by_doctor[did].append(s)
    what = names([f"{_doctors_vakter(ss)} for {dname.get(did, did)}" for did, ss in by_doctor.items()])
    noun = "forhåndstildelingen" if len(cells) == 1 else "forhåndstildelingene"
    return Fix(f"fjern {noun} av {what}", "pre_assigned", cells=cells)


def _relaxations(problem: Problem, core_keys: list[tuple[str, object]], check: _Verifier,
                 aside: _SetAside | None = None) -> list[Fix]:
    """What the leader can change that would make a rota possible, each one verified: a
    pre-assignment removed, a rule of the period changed (the mildest change that works), the
    doctors with vaktandel 0 given a share, a vaktblokk split. ``aside``: the pre-assigned
    vakter that cannot be held, set aside (:func:`_set_aside`): all of them removed, and,
    where a conflict of other rules is left without them, its fixes with the removal."""
    out: list[Fix] = []
    for rule, detail in core_keys:
        if rule == "pre_assigned" and isinstance(detail, tuple):
            if check.without(lambda k, key=(rule, detail): k == key):
                out.append(_removal(problem, (detail,)))
    if not out and aside is not None and aside.verdict and aside.keys:
        # one alone is not enough: all those set aside, together (six pre-assigned vakter
        # inside the doctor's ferie; one in each of two vaktblokker with a kurs)
        out.append(_removal(problem, tuple(detail for _rule, detail in aside.keys)))
    for rule in dict.fromkeys(rule for rule, _ in core_keys):
        if rule == "min_rest":
            fix = _lower_rest(problem, check)
            if fix:
                out.append(fix)
        elif rule == "share":
            if check.without(lambda k: k[0] == "share"):
                zero = [d.name for d in problem.doctors if d.share <= 0]
                out.append(Fix(f"gi {names(zero)} vaktandel større enn 0", "share"))
        elif rule == "block":
            if check.without(lambda k: k[0] == "block"):  # every block of the district
                blocked = [s for s in problem.shifts if s.block]
                labels = list(dict.fromkeys(s.label or s.template for s in blocked))
                kinds = "vakttypen " if len(labels) == 1 else "vakttypene "
                what = (kinds + names([f"«{x}»" for x in labels])) if labels else "vaktblokkene"
                templates = tuple(dict.fromkeys(s.template for s in blocked))
                out.append(Fix(f"la {what} deles mellom leger (uten blokk)", "block", templates=templates))
        out += _spacing_fixes(problem, rule, core_keys, check)
    spacing = [(rule, detail) for rule, detail in core_keys if rule in WEEK_RULES]
    if spacing and not any(f.kind in ("exception", "rules") for f in out):
        # the conflict named one spacing limit of the weeks; loosening another of theirs
        # (maks per uke where it named maks på rad, say) may be what helps
        weeks = {detail[:2] for _rule, detail in spacing if isinstance(detail, tuple)}
        for other in WEEK_RULES:
            if other not in {rule for rule, _ in spacing}:
                out += _spacing_fixes(problem, other, [(other, w) for w in weeks], check)
    if aside is not None and aside.rest and aside.keys and check.clock.has(1.0):
        # the pre-assigned vakter that cannot be held, and then another conflict: its fixes,
        # verified without them, each said and made with their removal
        removal = _removal(problem, tuple(detail for _rule, detail in aside.keys))
        cells = set(removal.cells)
        rest = replace(problem, doctors=tuple(
            replace(d, pre_assigned=tuple(p for p in d.pre_assigned if (d.id, p[0]) not in cells))
            for d in problem.doctors))
        ctx = build_model(rest, explain=True)
        for fix in _relaxations(rest, aside.rest, _Verifier(rest, ctx, check.clock, check.seed)):
            out.append(replace(fix, text=f"{removal.text}, og {fix.text}", cells=removal.cells))
    return out


def _spacing_fixes(problem: Problem, rule: str, core_keys: list[tuple[str, object]],
                   check: _Verifier) -> list[Fix]:
    """For a spacing limit in the conflict: an exception for its weeks (or the leader's own
    exception loosened), then the period's limit loosened, each the mildest that works."""
    out = []
    local = _exception_search(problem, rule, core_keys, check)
    if local is not None:
        changes, text = local
        new = tuple(e for e in changes["exceptions"] if e not in problem.rules.exceptions)
        out.append(Fix(text, "exception", exceptions=new))
    candidates = _rule_changes(problem, rule)
    mildest = _mildest(candidates, check, first=_count_bound(problem, rule, candidates))
    if mildest is not None:
        changes, text = mildest
        step = candidates.index(mildest)
        # only where no exception alone helps: beside one, it would be a needless period change
        both = (_period_and_exceptions(problem, rule, candidates[step - 1], check)
                if step and local is None else None)
        if both is not None:
            out.append(both)
        whole = " for hele perioden" if local is not None or both else ""  # not the exception's
        out.append(Fix(text + whole, "rules", rules=tuple(changes.items())))
    return out


def _period_and_exceptions(problem: Problem, rule: str, milder: tuple[dict, str],
                           check: _Verifier) -> Fix | None:
    """Where the period's limit must go two steps (firedelt to 2-delt) and no exception alone
    helps: the one step (3-delt) for the period with an exception (2-delt) for the weeks that
    still conflict, verified — liten-kommune's hard firedelt with a ferie and a kurs."""
    if not check.clock.has(2.0):
        return None
    changes, text = milder
    weeks = check.conflict_weeks(rule, **changes)
    if not weeks:
        return None
    changed = replace(problem, rules=replace(problem.rules, **changes))
    # the exception search only solves changed rules (with_rules, conflict_weeks), never the
    # model in ctx (without), so the original one serves
    local = _exception_search(changed, rule, [(rule, w) for w in weeks],
                              _Verifier(changed, check.ctx, check.clock, check.seed))
    if local is None:
        return None
    exc_changes, exc_text = local
    new = tuple(e for e in exc_changes["exceptions"] if e not in problem.rules.exceptions)
    return Fix(f"{text} for hele perioden, og {exc_text}", "exception",
               rules=tuple(changes.items()), exceptions=new)


EXCEPTION_ROUNDS = 6  # times the weeks of an exception fix are widened by a new conflict


def _exception_search(problem: Problem, rule: str, core_keys: list[tuple[str, object]],
                      check: _Verifier) -> tuple[dict, str] | None:
    """The mildest exception fix (:func:`_exception_changes`) that works, for the weeks the
    conflict names and (for «maks K per N døgn») those of the windows the counting finds
    short. A conflict names one week of a crunch («blant annet i uke 7»); when an exception
    for the weeks named is not enough, the conflict that is left (with the loosest such exception in place) names more
    weeks, which join the exception's, a few times over."""
    named, counted = _rule_weeks(rule, core_keys), _counted_weeks(problem, rule)
    weeks = named | counted
    if not _exception_changes(problem, rule, weeks):
        # too many weeks for an exception (a core need not be small): the weeks the counting
        # finds short first, and what conflict is left adds to them
        weeks = counted or named
    for _ in range(EXCEPTION_ROUNDS):
        candidates = _exception_changes(problem, rule, weeks)
        if not candidates:
            return None
        # the counting's bound first (where it works, nothing milder can), then the loosest
        first = _count_bound(problem, rule, candidates)
        verdict = ((first is not None and check.with_rules(**candidates[first][0]))
                   or check.with_rules(**candidates[-1][0]))
        if verdict:
            mildest = _mildest(candidates, check, loosest_works=True, first=first)
            if mildest is None or len(mildest[0]["exceptions"]) == len(problem.rules.exceptions):
                return mildest  # none, or the leader's own exception loosened
            return _fewest_weeks(problem, rule, weeks, candidates.index(mildest), check) or mildest
        more = check.conflict_weeks(rule, **candidates[-1][0]) if verdict is False else set()
        if not more - weeks:
            return None
        if not _exception_changes(problem, rule, weeks | more):
            # all of them would be too many: the new week nearest those there first
            near = min(more - weeks, key=lambda w: min(abs(_week_gap(w, x)) for x in weeks))
            more = {near}
        weeks |= more
    return None


def _week_gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Weeks between two ISO weeks."""
    return (date.fromisocalendar(*a, 1) - date.fromisocalendar(*b, 1)).days // 7


SHRINK_TRIES = 12  # weeks tried left out of a working exception fix


def _fewest_weeks(problem: Problem, rule: str, weeks: set[tuple[int, int]], k: int,
                  check: _Verifier) -> tuple[dict, str] | None:
    """The exception fix ``k`` (of :func:`_exception_changes`) on as few of ``weeks`` as
    still works: each week left out in turn, kept out when the rest is verified enough
    (the counting names every window that is short, but one week touching it may do)."""
    best = None
    for week in sorted(weeks)[:SHRINK_TRIES]:
        if len(weeks) == 1 or not check.clock.has(1.0):
            break
        trial = _exception_changes(problem, rule, weeks - {week})
        if len(trial) > k and check.with_rules(**trial[k][0]):
            weeks = weeks - {week}
            best = trial[k]
    return best


def _counted_weeks(problem: Problem, rule: str) -> set[tuple[int, int]]:
    """The weeks of the windows of a hard spacing ``rule`` the counting finds short: more
    duty days needed than the doctors may give («maks K per N døgn», «per uke»), or more
    than a vaktblokk gives one doctor."""
    if rule not in WEEK_RULES:
        return set()
    short = [window for window, *_ in _short_windows(problem, rule)[1]] if rule != \
        "max_consecutive_days" else []
    blocks = _block_days(problem)
    for r, limit, windows in spacing_windows(problem):
        if r == rule and limit.hard:
            short += [w for _shifts, duty in blocks for w in windows
                      if sum(day in duty for day in w) > limit.value]
    return {iso_week(day) for window in short for day in window}


def _rule_weeks(rule: str, core_keys: list[tuple[str, object]]) -> set[tuple[int, int]]:
    """The ISO weeks a conflict names for a spacing rule."""
    return {detail[:2] for r, detail in core_keys if r == rule and isinstance(detail, tuple)}


def _exception_changes(problem: Problem, rule: str, weeks: set[tuple[int, int]]
                       ) -> list[tuple[dict, str]]:
    """The changes of :func:`_rule_changes` as exceptions for ``weeks`` only («unntak for
    uke 52 (27.12–02.01): tillat 3-delt vakt»): one exception per run of weeks that follow
    each other, when together they are less than half the period and none touches an
    exception that is there already (the conflict inside one exception loosens it:
    :func:`_loosen_exception`)."""
    if rule not in WEEK_RULES or not weeks:
        return []
    mondays = sorted(date.fromisocalendar(y, w, 1) for y, w in weeks)
    runs: list[list[date]] = []
    for monday in mondays:
        if runs and (monday - runs[-1][-1]).days <= 7:
            runs[-1].append(monday)
        else:
            runs.append([monday])
    spans = [(max(problem.period_start, run[0]), min(problem.period_end, run[-1] + timedelta(days=6)))
             for run in runs]
    r = problem.rules
    touched = [e for e in r.exceptions if any(e.covers(first, last) for first, last in spans)]
    if len(touched) == 1:
        return _loosen_exception(problem, rule, touched[0])
    length = (problem.period_end - problem.period_start).days + 1
    if touched or sum((last - first).days + 1 for first, last in spans) > length / 2 or any(
            e.covers(first - timedelta(days=1), last + timedelta(days=1))
            for e in r.exceptions for first, last in spans):
        return []
    def weeks_of(run: list[date]) -> list[int]:  # every week of the run, a gap included
        return [iso_week(run[0] + timedelta(days=7 * k))[1]
                for k in range((run[-1] - run[0]).days // 7 + 1)]

    when = names([f"{_weeks_text(weeks_of(run))} ({_period_text(first, last)})"
                  for run, (first, last) in zip(runs, spans, strict=True)])
    out = []
    for changes, text in _rule_changes(problem, rule):
        new = tuple(RuleException(first, last, **changes) for first, last in spans)
        out.append(({"exceptions": tuple(sorted((*r.exceptions, *new), key=lambda e: e.start))},
                    f"unntak for {when}: {text}"))
    return out


def _loosen_exception(problem: Problem, rule: str, exc: RuleException) -> list[tuple[dict, str]]:
    """The changes of :func:`_rule_changes` made to the exception the conflict lies in (its
    own limit is what binds there): «endre unntaket 24.03–06.04: tillat 3 vakter per uke»."""
    r = problem.rules
    _exc, w, in_window, per_week, on_end = next(x for x in r.spacing_rules() if x[0] is exc)
    seen = replace(problem, rules=replace(r, window_days=w, max_in_window=in_window,
                                          max_per_week=per_week, max_consecutive_days=on_end,
                                          exceptions=()))
    out = []
    for changes, text in _rule_changes(seen, rule):
        looser = replace(exc, **changes)
        out.append(({"exceptions": tuple(looser if e is exc else e for e in r.exceptions)},
                    f"endre unntaket {_period_text(exc.start, exc.end)}: {text}"))
    return out


def _count_bound(problem: Problem, rule: str, candidates: list[tuple[dict, str]]) -> int | None:
    """Where the counting finds a spacing ``rule`` short (:func:`_counted_weeks`): the first
    of ``candidates`` with which it no longer does, which is then the mildest that may work
    (those before it cannot); None where the counting says nothing, or rules out them all."""
    if not _counted_weeks(problem, rule):
        return None
    return next((i for i, (changes, _text) in enumerate(candidates) if not _counted_weeks(
        replace(problem, rules=replace(problem.rules, **changes)), rule)), None)


def _mildest(candidates: list[tuple[dict, str]], check: _Verifier,
             loosest_works: bool = False, first: int | None = None) -> tuple[dict, str] | None:
    """The first of ``candidates`` (mildest first, each looser than the one before) that
    makes a rota possible, by bisection: the loosest is tried first (unless the caller has,
    ``loosest_works``). ``first``: the counting's bound (:func:`_count_bound`), tried before
    all: where it works nothing milder can (one solve, where a 40-doctor year has time for
    little more), and nothing before it is tried."""
    lo = 0
    if first is not None and candidates[first:]:
        verdict = check.with_rules(**candidates[first][0])
        if verdict:
            return candidates[first]
        lo = first + 1
    if not candidates[lo:] or not (loosest_works or check.with_rules(**candidates[-1][0]) is True):
        return None
    hi = len(candidates) - 1  # hi works
    while lo < hi:
        mid = (lo + hi) // 2
        verdict = check.with_rules(**candidates[mid][0])
        if verdict is None:
            break
        if verdict:
            hi = mid
        else:
            lo = mid + 1
    return candidates[hi]


def _lower_rest(problem: Problem, check: _Verifier) -> Fix | None:
    """The longest whole-hour minimum rest under today's that makes a rota possible, never
    under the 8 t of SFS 2305 (a shorter rest is no advice to give)."""
    now = problem.rules.min_rest_hours
    hours = [float(h) for h in range(math.ceil(now) - 1, int(REST_FLOOR) - 1, -1)]  # mildest first
    mildest = _mildest([({"min_rest_hours": h}, "") for h in hours], check) if now > REST_FLOOR else None
    if mildest is None:
        return None
    lo = mildest[0]["min_rest_hours"]
    return Fix(f"senk minste hviletid fra {_hours(now)} til {_hours(lo)}", "rules",
               rules=(("min_rest_hours", lo),))


# the caller's cancel token while an explanation is built (see explain): every solve stops
_CANCEL: ContextVar[Any] = ContextVar("explain_cancel", default=None)


class _StopWhenCancelled(Ticking):
    """Stops a CP-SAT solve within 50 ms of the caller's cancel."""

    def __init__(self, solver: cp_model.CpSolver, token: Any) -> None:
        self.solver, self.token = solver, token

    def _tick(self) -> None:
        if is_cancelled(self.token):
            self.solver.stop_search()  # repeated: a stop during presolve can be lost


def _feasible(model: cp_model.CpModel, assumptions: list, seconds: float, clock: _Clock,
              seed: int) -> tuple[int, cp_model.CpSolver]:
    """Whether ``model`` has a solution with ``assumptions``, searched for ``seconds`` of the
    explanation's time (:class:`_Clock`: counted in work, so the verdict is the same on every
    machine unless the clock's safety net stops it), which the work done is charged to."""
    token = _CANCEL.get()
    wall = clock.wall()
    if seconds <= 0 or wall <= 0 or is_cancelled(token):  # out of time (or cancelled): not known
        return cp_model.UNKNOWN, cp_model.CpSolver()
    model.clear_assumptions()
    model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = seconds * WORK_PER_SECOND
    solver.parameters.max_time_in_seconds = wall  # only the safety net
    solver.parameters.num_workers = 1  # assumption cores need the sequential search
    solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False  # Ctrl-C is the caller's (see solve.cp_sat)
    if token is None:
        status = solver.solve(model)
    else:
        with _StopWhenCancelled(solver, token):
            status = solver.solve(model)
    clock.work += solver.response_proto.deterministic_time
    return status, solver


def _shrink(model: cp_model.CpModel, lits: list, core: list[int], per: float, keep: float,
            clock: _Clock, seed: int) -> list[int]:
    """``core`` (indices into ``lits``) made smaller by deletion, bounded: a group is dropped
    when the rest is still infeasible without it, while more than ``keep`` seconds of the
    explanation's time are left. Two tries in a row that find nothing in their time end it:
    on a large district each would, and the time is the fixes'."""
    unknown = 0
    for i in list(core)[:15]:
        if clock.left() <= keep or unknown == 2:
            break
        trial = [j for j in core if j != i]
        st, _ = _feasible(model, [lits[j] for j in trial], per / 4, clock, seed)
        if st == cp_model.INFEASIBLE:
            core = trial
        unknown = unknown + 1 if st == cp_model.UNKNOWN else 0
    return core


def _core_texts(problem: Problem, core_keys: list[tuple[str, object]],
                conflicts: list[Conflict]) -> list[str]:
    """The conflict's rule groups in Norwegian, each rule once with everyone it holds for
    («Hvile rundt dagpraksis (Kari, Ola og Per)»; the rules held per doctor and week also say
    the weeks: «… i uke 10 og 12 (Kari og Ola)»); each group's link added to ``conflicts``."""
    # the days the conflict is about: those its dated groups name, else those of the shifts
    # nobody may take (a doctor's ferie in February is no part of a kurs day in March)
    near = _shifts_named(problem, core_keys) or [s for s, _head, _kept in _uncovered(problem)]
    grouped: dict[str, list[str]] = {}
    weeks: dict[str, set[tuple[int, int]]] = defaultdict(set)
    linked = {(c.detail, c.rule) for c in conflicts}  # each doctor once (held per week too)
    for rule, detail in core_keys:
        key, head, who = _conflict_text(problem, rule, detail, near)
        if rule in DOCTOR_WEEK_RULES and isinstance(detail, tuple):
            weeks[head].add(detail[1])
        if (key, rule) not in linked:
            linked.add((key, rule))
            conflicts.append(Conflict(rule, RULE_NAMES[rule], key))
        named = grouped.setdefault(head, [])
        if who and who not in named:
            named.append(who)
    texts = [f"{head}{_in_weeks(problem, weeks.get(head))}" + (f" ({_who_text(who)})" if who else "")
             for head, who in grouped.items()]
    if len(texts) > MOST_GROUPS:
        texts = [*texts[:MOST_GROUPS], f"og {len(texts) - MOST_GROUPS} andre"]
    return texts


@dataclass
class _SetAside:
    """The pre-assigned vakter no rota can hold, found conflict by conflict (:func:`_set_aside`)."""

    keys: list[tuple[str, object]]  # their rule groups ("pre_assigned", (doctor id, shift id))
    cores: list[list[tuple[str, object]]]  # the further conflicts met while setting them aside
    verdict: bool | None  # a rota exists without them (None: not known in time)
    rest: list[tuple[str, object]] | None  # the last of ``cores`` when it is about other rules


PRE_ROUNDS = 6  # further conflicts looked for while setting pre-assigned vakter aside


def _set_aside(problem: Problem, ctx, core_keys: list[tuple[str, object]], check: _Verifier,
               per: float, keep: float, seed: int) -> _SetAside | None:
    """The pre-assigned vakter that cannot be held, all of them, not one conflict at a time:
    those that break a hard rule on their own (the checker) and one of the conflict's, set
    aside; then, while the rest has no rota and its conflict holds a pre-assigned vakt, that
    one too (a pre-assigned Monday in each of two ukevakter with a kurs later in the week).
    A conflict left that holds none is the next one the leader meets (``rest``)."""
    broken = [("pre_assigned", (v.doctor_id, v.shift_id)) for v in check_pre_assigned(problem)
              if v.doctor_id and v.shift_id]
    aside = [k for k in dict.fromkeys(broken) if k in ctx.guards]

    def starts(key: tuple[str, object]) -> float:
        s = _shift_of(problem, key[1][1]) if isinstance(key[1], tuple) else None
        return s.start.timestamp() if s is not None else 0.0

    def one_of(keys: list[tuple[str, object]]) -> None:
        """One pre-assigned vakt of a conflict set aside (the latest, as the checker names
        the second of two too close), unless one of them is already."""
        pre = [k for k in keys if k[0] == "pre_assigned"]
        if pre and not set(pre) & set(aside):
            aside.append(max(pre, key=starts))

    one_of(core_keys)
    if not aside:
        return None
    keys = list(ctx.guards)
    lits = [ctx.guards[k] for k in keys]
    out = _SetAside(aside, [], None, None)
    for _ in range(PRE_ROUNDS):
        if not check.clock.has(0):
            break
        held = [i for i, k in enumerate(keys) if k not in aside]
        st, solver = _feasible(ctx.model, [lits[i] for i in held], min(check.left(), CHECK_SECONDS),
                               check.clock, seed)
        if st != cp_model.INFEASIBLE:
            out.verdict = check._known(st)
            break
        found = _shrink(ctx.model, lits, [held[j] for j in _core(solver, [lits[i] for i in held])],
                        per, keep, check.clock, seed)
        out.cores.append([keys[i] for i in found])
        if not any(keys[i][0] == "pre_assigned" for i in found):
            out.verdict, out.rest = False, out.cores[-1]
            break
        one_of(out.cores[-1])
    return out


PROBE_SECONDS = 1.5  # the longest one screen of a counted fix (:func:`_pick`) may take
PROBE_WEEKS = 2  # weeks either side of a counted fix's weeks that its screen solves with them


def _counted_fixes(problem: Problem, clock: _Clock, seed: int) -> tuple[list[Fix], list[str]]:
    """The fixes of the hard spacing limits the counting finds short, where it proves that no
    rota exists and the conflict was not found in time (a 40-doctor year: the explanation's
    solve with a switch per rule group finds neither a rota nor a conflict in a minute).

    As a leader would choose: an exception for the weeks of the short windows and of the short
    runs of weeks (:func:`_short_spans`; one exception per crunch), else the period's limit,
    each the mildest with which the counting finds nothing short and the engine finds a rota
    (:func:`_pick`), in what is left of the explanation's time (``clock``). Returns the fixes
    verified and, where the time ran out before the one chosen was, a line that says so. None
    is sought where the counting finds something no spacing limit makes possible (a vakt
    nobody may take, too few vaktkompetente doctors)."""
    if is_cancelled(_CANCEL.get()) or (
            _uncovered(problem) or competence_shortfalls(problem) or sole_doctor_breaks(problem)
            or pre_assigned_breaks(problem)):
        return [], []
    spans = {week for run in _short_spans(problem) for week in run}
    for rule in WEEK_RULES:
        counted = _counted_weeks(problem, rule)
        if not counted:
            continue
        weeks = counted | spans
        mondays = [date.fromisocalendar(y, w, 1) for y, w in sorted(weeks)]
        around = (max(problem.period_start, mondays[0] - timedelta(weeks=PROBE_WEEKS)),
                  min(problem.period_end, mondays[-1] + timedelta(days=6, weeks=PROBE_WEEKS)))
        unverified = None
        for candidates, kind in ((_exception_changes(problem, rule, weeks), "exception"),
                                 (_rule_changes(problem, rule), "rules")):
            first = _count_enough(problem, candidates)
            if first is None:
                continue
            best, verdict = _pick(problem, candidates, first, around, clock, seed)
            if best is None:
                continue
            changes, text = candidates[best]
            if verdict is None:
                unverified = unverified or text
                break  # the time is up
            if not verdict:
                continue
            if kind == "exception":
                new = tuple(e for e in changes["exceptions"] if e not in problem.rules.exceptions)
                return [Fix(text, kind, exceptions=new)], []
            return [Fix(text, kind, rules=tuple(changes.items()))], []
        if unverified is not None:
            return [], [f"Motoren rakk ikke å bekrefte innen tidsgrensen at «{unverified}» gir en "
                        "turnus (tellingen finner ingen mangel med det)."]
    return [], []


def _counted_short(problem: Problem) -> bool:
    """Whether the counting finds a hard spacing limit short: in its windows or weeks, in a
    vaktblokk's days (:func:`_counted_weeks`), or in a run of weeks (:func:`_short_spans`,
    counted last: the longest to count)."""
    return any(_counted_weeks(problem, rule) for rule in WEEK_RULES) or bool(_short_spans(problem))


def _count_enough(problem: Problem, candidates: list[tuple[dict, str]]) -> int | None:
    """The first of ``candidates`` (mildest first, each looser than the one before) with which
    the counting finds nothing short (:func:`_counted_short`), by bisection; None where it
    finds the loosest short too."""
    def enough(i: int) -> bool:
        return not _counted_short(replace(problem, rules=replace(problem.rules, **candidates[i][0])))

    if not candidates or not enough(len(candidates) - 1):
        return None
    lo, hi = 0, len(candidates) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if enough(mid):
            hi = mid
        else:
            lo = mid + 1
    return hi


def _pick(problem: Problem, candidates: list[tuple[dict, str]], first: int,
          around: tuple[date, date], clock: _Clock, seed: int
          ) -> tuple[int | None, bool | None]:
    """The mildest of ``candidates[first:]`` the engine finds a rota for, and whether it found
    one in the whole period (None: not known in time).

    Each is screened on the days ``around`` the crunch alone (:func:`_part`), where a rota
    is found in a moment when there is one: ``first``, then the loosest, then by bisection
    between them. A screen without a rota in :data:`PROBE_SECONDS` (a quarter of the time
    left) counts as none (a period that has none is slow to prove so), so the one chosen may
    not be the mildest there is. The screens stop while there is time left to solve the whole
    period, about as much longer than a screen as it has more days (:func:`time_for_another`),
    and the one chosen is then solved for it (where the days around are the whole period, its
    screen was that). Every time here is the explanation's (``clock``: counted in work)."""
    whole = around == (problem.period_start, problem.period_end)
    longer = ((problem.period_end - problem.period_start).days + 1) / ((around[1] - around[0]).days + 1)
    slowest = [0.0]  # the longest a screen that found a rota took, in seconds of the limit

    def changed(i: int) -> Problem:
        return replace(problem, rules=replace(problem.rules, **candidates[i][0]))

    def screen(i: int) -> bool | None:
        began = clock.work
        left = clock.left() / 4
        verdict = _first_rota(_part(changed(i), *around),
                              left if whole else min(PROBE_SECONDS, left), clock, seed)
        if verdict:
            slowest[0] = max(slowest[0], (clock.work - began) / WORK_PER_SECOND)
        return verdict

    def time_for_another() -> bool:
        """Time for another screen and then the whole period's solve, or for another screen
        where there is none for that solve even now (the one said to be unverified is then
        the mildest the screens found)."""
        left = clock.left()
        full = 0 if whole else slowest[0] * longer
        return left > PROBE_SECONDS and (left - PROBE_SECONDS > full or left < full)

    last = len(candidates) - 1
    if screen(first):
        best = first
    elif first < last and screen(last):
        best, lo = last, first + 1
        while lo < best and time_for_another():
            mid = (lo + best) // 2
            if screen(mid):
                best = mid
            else:
                lo = mid + 1
    elif time_for_another():
        return None, False  # no rota in the screens: none of them
    else:
        return first, None  # the time ran out first
    if whole:
        return best, True
    return best, _first_rota(changed(best), clock.left(), clock, seed)


def _part(problem: Problem, first: date, last: date) -> Problem:
    """The days ``first``–``last`` of ``problem`` alone, with fewer rules binding than in the
    whole period (no window reaches past its ends, no duty day of the period before counts
    where it starts later): where it has no rota, the whole period has none."""
    if (first, last) == (problem.period_start, problem.period_end):
        return problem
    shifts = tuple(s for s in problem.shifts if first <= s.start.date() <= last)
    kept = {s.id for s in shifts}
    doctors = tuple(replace(
        d, pre_assigned=tuple(p for p in d.pre_assigned if p[0] in kept),
        wishes=tuple(w for w in d.wishes if w[0] in kept),
        wants=tuple(g for g in (tuple(sid for sid in group if sid in kept) for group in d.wants) if g),
        earlier_duty_days=d.earlier_duty_days if first == problem.period_start else ())
        for d in problem.doctors)
    return replace(problem, period_start=first, period_end=last, shifts=shifts, doctors=doctors)


LOCAL_SHARE = 0.25  # of a search for a first rota, the part CP-SAT's local search gets first


def _first_rota(problem: Problem, seconds: float, clock: _Clock, seed: int) -> bool | None:
    """Whether ``problem`` has a rota, by the engine's own model searched for a first one for
    ``seconds`` of the explanation's time (None: not known in them, or cancelled). Not the
    explanation's model, whose switch per rule group slows the search: on it a 40-doctor year
    with a hard «maks 1 vakt per 9 døgn» and an exception for the summer had no rota in a
    minute, where this one finds it in seconds.

    One search after the other, on one thread, so that what each finds and the work it does
    are the same on every machine (:data:`WORK_PER_SECOND`): first CP-SAT's local search
    (feasibility jump) for :data:`LOCAL_SHARE` of the time, which finds that year's rota
    after 0.56 of work (1.3 s) and its screens' after 0.003-0.02, but never proves that there
    is none; then CP-SAT's searches taken in turn (interleaved), which prove in 0.19 (0.3 s)
    that a screen of its summer has none (the default search had not in 6, 20 s) and find
    the year's rota in 4.5 (6-8 s; 2026-11-28, a shared machine). On two threads at once,
    which search found first by the clock decided the verdict and the time left, so a busy
    machine got another explanation; CP-SAT's interleaved search on two threads counts its
    work differently from run to run (by up to 0.9 %), which would do so more rarely."""
    if seconds <= 0 or clock.left() <= 0:
        return None
    model = build_model(problem).model
    began = clock.work
    verdict = _search_once(model, seconds * LOCAL_SHARE, clock, seed, local=True)
    if verdict is None:
        rest = seconds - (clock.work - began) / WORK_PER_SECOND
        verdict = _search_once(model, rest, clock, seed, local=False)
    return verdict


def _search_once(model: cp_model.CpModel, seconds: float, clock: _Clock, seed: int,
                 local: bool) -> bool | None:
    """One search for a first rota for ``seconds`` of the explanation's time, on one thread:
    CP-SAT's local search alone (``local``), else its searches in turn."""
    if seconds <= 0 or clock.left() <= 0:  # (past the safety net: the clock remembers)
        return None
    token = _CANCEL.get()
    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.max_deterministic_time = seconds * WORK_PER_SECOND
    prm.max_time_in_seconds = max(0.0, clock.wall())  # only the safety net
    prm.num_workers = 1
    if local:
        prm.use_ls_only = True
    else:
        prm.interleave_search = True
    prm.random_seed = seed
    prm.stop_after_first_solution = True
    # without presolve: stor-legevakt's year with a hard «maks 1 vakt per 9 døgn» and the
    # summer exception has its rota from the local search after 0.56 of work (1.4 s) where
    # it took 3.2 (9.7 s) with presolve, from the searches in turn after 4.5 (8.5 s) where
    # they had none in 6; a screen of its summer with no rota is proved so in 0.19 (0.3 s)
    # where it took 5.0 (8.3 s) (2026-11-28; earlier, on 2 threads: 1.7 s where presolve
    # took 6.3 s)
    prm.cp_model_presolve = False
    prm.catch_sigint_signal = False  # Ctrl-C is the caller's (see solve.cp_sat)
    if token is None:
        status = solver.solve(model)
    else:
        with _StopWhenCancelled(solver, token):
            status = solver.solve(model)
    clock.work += solver.response_proto.deterministic_time
    if status == cp_model.UNKNOWN:
        clock.left()  # (where the clock's safety net stopped it, the clock remembers)
    return _verdict(status)


def explain(problem: Problem, time_limit: float = 10.0, workers: int = 1, seed: int = 0,
            cancel_token: Any = None) -> Explanation:
    """Why no rota exists, in Norwegian, with the fixes that would make one possible (each
    verified). ``time_limit``: seconds, counted in the work of the explanation's solves
    (:data:`WORK_PER_SECOND`), so a slow or busy machine gets the same explanation, later;
    the clock stops it at :data:`WALL_FACTOR` times the limit, and it then says what it did
    not try. Every solve runs on one thread, for that (``workers`` is not used: on two, what
    each found first decided: :func:`_first_rota`). ``cancel_token`` (as
    :func:`solver.solve.solve`'s): when set, every solve stops within a moment and what is
    known so far is returned."""
    token = _CANCEL.set(cancel_token)
    try:
        return _explain(problem, time_limit, seed)
    finally:
        _CANCEL.reset(token)


def _explain(problem: Problem, time_limit: float, seed: int) -> Explanation:
    clock = _Clock(time_limit)
    out = Explanation(messages=precheck(problem))
    out.messages += [text for text, _doctor in pre_assigned_breaks(problem)]
    ctx = build_model(problem, explain=True)
    check = _Verifier(problem, ctx, clock, seed)
    keys = list(ctx.guards)
    lits = [ctx.guards[k] for k in keys]
    per = max(0.5, time_limit / 4)
    # where the counting proves that there is no rota, the conflict would only name more: half
    # the time to find it, and more for the fixes (a 40-doctor year's is not found in either)
    first = max(0.5, time_limit / 8) if out.messages else per
    status, solver = _feasible(ctx.model, lits, first, clock, seed)
    if status != cp_model.INFEASIBLE:
        if not out.messages:
            out.messages.append("Fant ingen konkret konflikt innen tidsgrensen; prøv lengre løsetid.")
        elif status == cp_model.UNKNOWN:
            # the counting proves that there is no rota, but the conflict was not found in
            # time: the fixes of what it finds short, found by counting too, in what is left
            # of the time; where the clock's safety net stopped them, said as for the others
            fixes, notes = _counted_fixes(problem, clock, seed)
            out.messages += notes
            return out if notes else _with_fixes(out, fixes, clock)
        return out
    core = _core(solver, lits)
    # half the time is kept for verifying the fixes (on a 40-doctor year the shrinking alone
    # took all)
    keep = time_limit / 2
    if out.messages and len(core) > MOST_GROUPS:
        # the pre-checks already say why, by counting; a wide core would only bury that
        core_keys = [keys[i] for i in core]
        aside = _set_aside(problem, ctx, core_keys, check, per, keep, seed)
        return _with_fixes(out, _relaxations(problem, core_keys, check, aside), clock)
    core = _shrink(ctx.model, lits, core, per, keep, clock, seed)
    core_keys = [keys[i] for i in core]
    texts = _core_texts(problem, core_keys, out.conflicts)
    if out.conflicts:
        out.messages.append("Reglene som ikke kan oppfylles samtidig: " + "; ".join(texts))
    elif not out.messages:
        out.messages.append("Dekningen av vaktene kan ikke oppfylles med legene som finnes.")
    # the pre-assigned vakter that cannot be held are named all at once, with the conflict
    # the leader meets next without them
    aside = _set_aside(problem, ctx, core_keys, check, per, keep, seed)
    about_pre = any(rule == "pre_assigned" for rule, _ in core_keys)
    for more in aside.cores if aside is not None else ():
        # (a conflict of other rules left is new only beside one about pre-assigned vakter)
        if (about_pre or more is not aside.rest) and set(more) != set(core_keys):
            out.messages.append("Heller ikke disse reglene kan oppfylles samtidig: "
                                + "; ".join(_core_texts(problem, more, out.conflicts)))
    return _with_fixes(out, _relaxations(problem, core_keys, check, aside), clock)


def _with_fixes(out: Explanation, fixes: list[Fix], clock: _Clock) -> Explanation:
    """``out`` with the verified ``fixes``; where the time ran out before every fix sought was
    tried or known (:attr:`_Clock.short`), it says so: those named work, but there may be
    more, or milder ones (a bisection cut short names the mildest it verified)."""
    out.fixes = fixes
    if clock.short and not is_cancelled(_CANCEL.get()):  # (a cancelled one is not shown)
        out.messages.append(
            "Motoren rakk ikke å prøve alle lettelser innen tidsgrensen: de som er nevnt, gir en "
            "turnus, men det kan finnes flere eller mildere." if fixes else
            "Motoren rakk ikke å finne en lettelse som gir en turnus innen tidsgrensen.")
    return out
