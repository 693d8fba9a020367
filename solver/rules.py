"""The legevakt rules as a CP-SAT model: one function per rule, each with a Norwegian name.

Decision variables: ``x[d, s]`` = doctor ``d`` is vakt on shift ``s``; ``b[d, s]`` = doctor ``d``
is bakvakt for shift ``s``. Variables exist only for allowed pairs; rules that make a pair
impossible (absence, exemption, practice hours) call :meth:`RotaModel.forbid` *before* the
variables are made, the other rules add constraints afterwards.

In *explain* mode every pair gets a variable and every rule (group) is switched on by an
assumption literal, so CP-SAT can name the rules that conflict (see :mod:`solver.explain`).

Decisions worth knowing:

- Coverage is exact: ``required`` vakter per shift, and exactly one bakvakt when (and only when)
  a non-competent doctor is vakt.
- Bakvakt is on call from home as backup: it counts in the load (``bakvakt_weight`` per hour),
  is subject to absences/exemptions and cannot overlap the doctor's own duties, but it does
  *not* break rest and does *not* take the doctor's practice day (rest and practice rules apply
  to vakt only), and it does not count as a duty day for the spacing limits.
- Two vakter of one doctor need ``min_rest_hours`` between them unless contiguous (gap 0:
  evening directly followed by night is one work period).
- Weekday (non-holiday) practice ``practice_start``–``practice_end`` is a work period for doctors
  with ``has_practice``: a vakt may not start inside it; a vakt that ends less than
  ``min_rest_hours`` before practice starts costs that practice day (``day_off``, reported as
  *practice days lost*) or is not allowed (``forbid``). A vakt starting right after practice
  (e.g. 16:00) is the normal legevakt evening and is allowed. Practice days inside an absence
  are not counted.
- A duty day is the date a vakt starts on.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ortools.sat.python import cp_model

from solver.common import (
    LOAD_SCALE,
    RULE_NAMES,
    bakvakt_load,
    competence_allows,
    days,
    iso_week,
    minutes,
    overlaps,
    problem_tz,
    unavailable_reasons,
    vakt_load,
)
from solver.problem import (
    PRACTICE_BREAK,
    Assignment,
    Doctor,
    Limit,
    Problem,
    Role,
    Rota,
    RuleException,
    Shift,
)

RULES = RULE_NAMES  # rule id -> Norwegian display name


@dataclass
class SoftPenalty:
    """One soft limit: ``weight`` per unit of ``var``; the label says who, when and which rule."""

    rule: str
    doctor_id: str
    day: date
    var: cp_model.IntVar
    weight: int

    @property
    def label(self) -> str:
        return f"{self.rule}|{self.doctor_id}|{self.day.isoformat()}"


@dataclass
class RotaModel:
    """The CP-SAT model of one problem plus the bookkeeping the solve and explain steps need."""

    problem: Problem
    explain: bool = False
    extra_fixed: tuple[Assignment, ...] = ()  # locked assignments from a hint / published rota
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    b: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    need_bakvakt: dict[int, cp_model.IntVar] = field(default_factory=dict)
    forbidden: dict[tuple[int, int, str], list[tuple[str, object]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    guards: dict[tuple[str, object], cp_model.IntVar] = field(default_factory=dict)
    soft: list[SoftPenalty] = field(default_factory=list)
    duty_days: dict[tuple[int, date], cp_model.IntVar] = field(default_factory=dict)
    # forbid mode: (doctor, shift) allowed only on from practice, with that practice's end
    practice_chain: dict[tuple[int, int], datetime] = field(default_factory=dict)
    infeasible_reasons: list[str] = field(default_factory=list)
    # How each auxiliary variable follows from the duties (x, b): a rota made outside CP-SAT
    # becomes a *complete* hint, which CP-SAT takes as its first solution at once.
    derived: list[tuple[cp_model.IntVar, Callable[[dict[int, int]], int]]] = field(
        default_factory=list
    )
    symmetric: list[list[int]] = field(default_factory=list)  # groups ordered by the cuts
    # level 2's vakter outside each fair band, with the most there can be (the sharing level)
    band_devs: list[tuple[cp_model.IntVar, int]] = field(default_factory=list)
    # level 2's fair bands per count ("nights", …) where they were fixed from a rota in hand
    # (solver.objective.fix_count_bands); a count not here has the district's band
    count_bands: dict[str, dict[int, tuple[int, int]]] = field(default_factory=dict)
    created: bool = False

    def __post_init__(self) -> None:
        p = self.problem
        self.doctors = list(p.doctors)
        self.shifts = list(p.shifts)
        self.doctor_index = {d.id: i for i, d in enumerate(self.doctors)}
        self.shift_index = {s.id: i for i, s in enumerate(self.shifts)}
        self.start = [minutes(s.start) for s in self.shifts]
        self.end = [minutes(s.end) for s in self.shifts]
        self.fixed: set[tuple[int, int, str]] = set()
        for i, d in enumerate(self.doctors):
            for sid, role in d.pre_assigned:
                if sid in self.shift_index:
                    self.fixed.add((i, self.shift_index[sid], role))
        for a in self.extra_fixed:
            if a.shift_id in self.shift_index and a.doctor_id in self.doctor_index:
                self.fixed.add((self.doctor_index[a.doctor_id], self.shift_index[a.shift_id], a.role))

    # ----------------------------------------------------------------- helpers
    def derive(self, var: cp_model.IntVar, rule: Callable[[dict[int, int]], int]) -> None:
        """Record ``var``'s value as a function of the values of variables made before it."""
        self.derived.append((var, rule))

    def complete(self, vakt: set[tuple[int, int]], bak: set[tuple[int, int]]) -> dict[int, int]:
        """Values of every model variable for the rota with these (doctor, shift) index pairs."""
        values = {v.index: int(k in vakt) for k, v in self.x.items()}
        values.update({v.index: int(k in bak) for k, v in self.b.items()})
        for var, rule in self.derived:
            values[var.index] = rule(values)
        return values

    def pairs(self, value: Callable[[cp_model.IntVar], int]) -> tuple[set, set]:
        """The (doctor, shift) index pairs on vakt and on bakvakt in a solution."""
        return ({k for k, v in self.x.items() if value(v)}, {k for k, v in self.b.items() if value(v)})

    def guard(self, rule: str, detail: object = None) -> cp_model.IntVar | None:
        """The assumption literal of a rule group (explain mode), else None."""
        if not self.explain:
            return None
        key = (rule, detail)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"{rule}|{detail}")
        return self.guards[key]

    def enforce(self, ct: cp_model.Constraint, rule: str, detail: object = None) -> None:
        lit = self.guard(rule, detail)
        if lit is not None:
            ct.only_enforce_if(lit)

    def forbid(self, d: int, s: int, role: Role, rule: str, detail: object = None) -> None:
        """Doctor ``d`` may not take shift ``s`` in ``role`` (call before variables exist)."""
        assert not self.created, "forbid() must run before create_variables()"
        self.forbidden[(d, s, role)].append((rule, detail))

    def var(self, d: int, s: int, role: Role) -> cp_model.IntVar | None:
        return (self.x if role == "vakt" else self.b).get((d, s))

    def vakt_candidates(self) -> Iterable[tuple[int, int]]:
        for si, s in enumerate(self.shifts):
            if s.required <= 0:
                continue
            for di in range(len(self.doctors)):
                yield di, si

    def create_variables(self) -> None:
        """Make x (and b where a non-competent vakt is possible) for every allowed pair."""
        m = self.model
        for di, si in self.vakt_candidates():
            reasons = self.forbidden.get((di, si, "vakt"), [])
            if reasons and not self.explain:
                continue
            v = m.new_bool_var(f"x|{self.doctors[di].id}|{self.shifts[si].id}")
            self.x[di, si] = v
            for rule, detail in reasons:
                self.enforce(m.add(v == 0), rule, detail)
        noncompetent_possible = {
            si for (di, si) in self.x if not self.doctors[di].competent
        }
        for si in sorted(noncompetent_possible):
            for di, d in enumerate(self.doctors):
                if not d.competent:
                    continue
                reasons = self.forbidden.get((di, si, "bakvakt"), [])
                if reasons and not self.explain:
                    continue
                v = m.new_bool_var(f"b|{d.id}|{self.shifts[si].id}")
                self.b[di, si] = v
                for rule, detail in reasons:
                    self.enforce(m.add(v == 0), rule, detail)
        self.created = True

    def doctor_vars(self, d: int) -> list[tuple[int, Role, cp_model.IntVar]]:
        return [(si, "vakt", v) for (di, si), v in self.x.items() if di == d] + [
            (si, "bakvakt", v) for (di, si), v in self.b.items() if di == d
        ]

    def per_doctor(self) -> dict[int, list[tuple[int, Role, cp_model.IntVar]]]:
        out: dict[int, list[tuple[int, Role, cp_model.IntVar]]] = defaultdict(list)
        for (di, si), v in self.x.items():
            out[di].append((si, "vakt", v))
        for (di, si), v in self.b.items():
            out[di].append((si, "bakvakt", v))
        return out

    def load_expr(self, d: int) -> cp_model.LinearExprT:
        """Weighted load of doctor ``d`` in model units (LOAD_SCALE per weighted hour)."""
        terms = [vakt_load(self.shifts[si]) * v for (di, si), v in self.x.items() if di == d]
        terms += [bakvakt_load(self.shifts[si]) * v for (di, si), v in self.b.items() if di == d]
        ledger = round(self.doctors[d].ledger.load_balance * LOAD_SCALE)
        return sum(terms) + ledger

    def rota_from(self, value) -> Rota:  # value: callable var -> int
        out: list[Assignment] = []
        locked = {(a.shift_id, a.doctor_id, a.role) for a in self.extra_fixed if a.locked}
        for (di, si), v in sorted(self.x.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            if value(v):
                sid, did = self.shifts[si].id, self.doctors[di].id
                out.append(Assignment(sid, did, "vakt", (sid, did, "vakt") in locked))
        for (di, si), v in sorted(self.b.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            if value(v):
                sid, did = self.shifts[si].id, self.doctors[di].id
                out.append(Assignment(sid, did, "bakvakt", (sid, did, "bakvakt") in locked))
        return Rota(out)


# ===================================================================== eligibility rules
def add_share(ctx: RotaModel) -> None:
    """Vaktandel: a doctor with share 0 takes no legevakt (except what is pre-assigned)."""
    for di, d in enumerate(ctx.doctors):
        if d.share > 0:
            continue
        for si in range(len(ctx.shifts)):
            for role in ("vakt", "bakvakt"):
                if (di, si, role) not in ctx.fixed:
                    ctx.forbid(di, si, role, "share")


def add_unavailability(ctx: RotaModel) -> None:
    """Fravær og fritak: nobody on duty during an absence or a (partial) exemption."""
    for si, s in enumerate(ctx.shifts):
        for di, d in enumerate(ctx.doctors):
            if unavailable_reasons(d, s):
                ctx.forbid(di, si, "vakt", "unavailability", d.id)
                ctx.forbid(di, si, "bakvakt", "unavailability", d.id)


def practice_days(problem: Problem) -> list[tuple[date, datetime, datetime]]:
    """Weekday, non-holiday practice periods in (and just after) the period."""
    tz = problem_tz(problem)
    hol = set(problem.holidays)
    r = problem.rules
    out = []
    for day in days(problem.period_start, problem.period_end + timedelta(days=1)):
        if day.weekday() >= 5 or day in hol:
            continue
        out.append(
            (
                day,
                datetime.combine(day, r.practice_start, tzinfo=tz),
                datetime.combine(day, r.practice_end, tzinfo=tz),
            )
        )
    return out


def practice_effect(problem: Problem, doctor_absences, shift, pdays_by_date) -> list[tuple[str, date]]:
    """('start', day) when the vakt starts in practice hours, ('lost', day) when it ends less than
    the minimum rest before practice starts (or runs into it), or starts less than the minimum
    rest after practice ends (a night 23–08 after practice until 16: 7 t; a vakt starting as
    practice ends, or within :data:`~solver.problem.PRACTICE_BREAK` of it, follows on from it,
    as one work period)."""
    rest = timedelta(hours=problem.rules.min_rest_hours)
    out = []
    day = (shift.start - rest).date()  # a vakt from 01:00 and 11 t rest: practice the day before
    while day <= (shift.end + rest).date():  # an evening vakt ending 23:00 and 11 t rest: next day
        p = pdays_by_date.get(day)
        day += timedelta(days=1)
        if p is None:
            continue
        _, ps, pe = p
        if any(overlaps(a.start, a.end, ps, pe) for a in doctor_absences):
            continue
        if ps <= shift.start < pe:
            out.append(("start", p[0]))
        elif shift.start < ps and shift.end > ps - rest:
            out.append(("lost", p[0]))
        elif pe + PRACTICE_BREAK < shift.start < pe + rest:
            out.append(("after", p[0]))
    return out


def on_from_practice(shift: Shift, practice_end: datetime, vakter: Iterable[Shift]) -> bool:
    """Does ``shift`` follow on from the practice ending at ``practice_end`` through a chain of
    the doctor's contiguous ``vakter`` (kveld 16–23 and natt 23–08 after practice until 16:
    one work period, no rest between; the first of them starting within
    :data:`~solver.problem.PRACTICE_BREAK` of practice's end)? Such a vakt costs no practice day."""
    by_end = {v.end: v for v in vakter}
    cur = shift
    while (before := by_end.get(cur.start)) is not None and before is not cur:
        if before.start <= practice_end + PRACTICE_BREAK:
            return before.start >= practice_end
        cur = before
    return False


def practice_days_lost(problem: Problem, absences: Iterable, vakt: list[Shift],
                       pdays: dict | None = None) -> set[date]:
    """The practice days a doctor's ``vakt`` cost (day_off): those a vakt ends less than the
    minimum rest before, and those it starts less than that after unless it follows on from
    practice. ``pdays``: :func:`practice_days` by date, when the caller has them."""
    pdays = pdays if pdays is not None else {p[0]: p for p in practice_days(problem)}
    lost: set[date] = set()
    for s in vakt:
        for kind, day in practice_effect(problem, absences, s, pdays):
            if kind == "lost" or (kind == "after" and not on_from_practice(s, pdays[day][2], vakt)):
                lost.add(day)
    return lost


def add_practice(ctx: RotaModel) -> None:
    """Hvile rundt dagpraksis: no vakt starting in practice hours; a vakt ending less than the
    minimum rest before practice, or starting less than it after (unless it follows on from
    practice, :func:`on_from_practice`), costs the practice day (day_off: counted in the
    metrics, no constraint) or is not allowed (forbid)."""
    pdays = {p[0]: p for p in practice_days(ctx.problem)}
    forbid_mode = ctx.problem.rules.practice_after_night == "forbid"
    ending = _ending_at(ctx)
    for di, d in enumerate(ctx.doctors):
        if not d.has_practice:
            continue
        for si, s in enumerate(ctx.shifts):
            if s.required <= 0:
                continue
            for kind, day in practice_effect(ctx.problem, d.absences, s, pdays):
                group = _doctor_week(ctx, di, si)
                if kind == "start" or (forbid_mode and kind == "lost"):
                    ctx.forbid(di, si, "vakt", "practice", group)
                elif forbid_mode and kind == "after":
                    practice_end = pdays[day][2]
                    if _leading_into(ctx, ending, si, practice_end):
                        ctx.practice_chain[di, si] = practice_end  # see add_practice_chain
                    else:
                        ctx.forbid(di, si, "vakt", "practice", group)


def _doctor_week(ctx: RotaModel, di: int, si: int) -> tuple[str, tuple[int, int]]:
    """The rule group of doctor ``di``'s rest rules for shift ``si``: one per doctor and ISO
    week, so an explanation names her and the week."""
    return ctx.doctors[di].id, iso_week(ctx.shifts[si].start.date())


def _ending_at(ctx: RotaModel) -> dict[datetime, list[int]]:
    """The shifts (indices) by the time they end."""
    out: dict[datetime, list[int]] = defaultdict(list)
    for si, s in enumerate(ctx.shifts):
        out[s.end].append(si)
    return out


def _leading_into(ctx: RotaModel, ending: dict[datetime, list[int]], si: int,
                  practice_end: datetime) -> list[int]:
    """The shifts that end as shift ``si`` starts and start after ``practice_end``: those that
    may take a doctor from practice on into it."""
    start = ctx.shifts[si].start
    return [sj for sj in ending.get(start, ()) if practice_end <= ctx.shifts[sj].start < start]


def add_practice_chain(ctx: RotaModel) -> None:
    """Forbid mode: a vakt starting less than the minimum rest after practice is allowed only
    right after a vakt of the same doctor that ends as it starts and itself follows on from
    practice (starts as practice ends, or is such a vakt in turn: :func:`on_from_practice`)."""
    ending = _ending_at(ctx) if ctx.practice_chain else {}
    for (di, si), practice_end in ctx.practice_chain.items():
        v = ctx.x.get((di, si))
        if v is None:
            continue
        before = [ctx.x[di, sj] for sj in _leading_into(ctx, ending, si, practice_end)
                  if (di, sj) in ctx.x]
        ctx.enforce(ctx.model.add(v <= sum(before)), "practice", _doctor_week(ctx, di, si))


def add_competence_filter(ctx: RotaModel) -> None:
    """A single-doctor shift that requires a vaktkompetent doctor cannot go to a non-competent one."""
    for si, s in enumerate(ctx.shifts):
        for di, d in enumerate(ctx.doctors):
            if not competence_allows(d, s):
                ctx.forbid(di, si, "vakt", "competence")


# ===================================================================== constraint rules
def add_coverage(ctx: RotaModel) -> None:
    """Dekning: exactly ``required`` doctors as vakt on every shift."""
    by_shift: dict[int, list] = defaultdict(list)
    for (_, si), v in ctx.x.items():
        by_shift[si].append(v)
    for si, s in enumerate(ctx.shifts):
        vs = by_shift.get(si, [])
        if len(vs) < s.required:
            ctx.infeasible_reasons.append(f"coverage|{s.id}")
        ctx.model.add(sum(vs) == s.required)


def add_competence_and_bakvakt(ctx: RotaModel) -> None:
    """Vaktkompetanse (akuttmedisinforskriften § 7): a shift that requires it has a competent vakt;
    when a non-competent doctor is vakt, exactly one competent doctor not on the shift is bakvakt
    for the same hours (and no bakvakt otherwise)."""
    m = ctx.model
    competent: dict[int, list] = defaultdict(list)
    noncompetent: dict[int, list] = defaultdict(list)
    for (di, si), v in ctx.x.items():
        (competent if ctx.doctors[di].competent else noncompetent)[si].append(v)
    bak: dict[int, list] = defaultdict(list)
    for (_, si), v in ctx.b.items():
        bak[si].append(v)
    for si, s in enumerate(ctx.shifts):
        if s.requires_competent and s.required > 0:
            ctx.enforce(m.add(sum(competent[si]) >= 1), "competence")
        nc = noncompetent.get(si, [])
        if not nc:
            continue
        need = m.new_bool_var(f"need_bakvakt|{s.id}")
        ctx.need_bakvakt[si] = need
        ctx.derive(need, lambda val, nc=nc: int(any(val[v.index] for v in nc)))
        if s.required == 1:
            # At most one vakt: "a non-competent doctor is vakt" is the linear sum itself, which
            # the LP relaxation sees (implications alone leave the bakvakt load out of the bound).
            m.add(need == sum(nc))
        else:
            for v in nc:
                m.add_implication(v, need)
            m.add(sum(nc) >= need)
            # the same, linear, for the LP relaxation: one bakvakt covers at most this many
            m.add(min(len(nc), s.required) * need >= sum(nc))
        ctx.enforce(m.add(sum(bak[si]) == need), "competence")
    for (di, si), v in ctx.b.items():  # bakvakt is not also vakt on the same shift
        xv = ctx.x.get((di, si))
        if xv is not None:
            m.add_bool_or([v.Not(), xv.Not()])


def _doctor_intervals(ctx: RotaModel) -> dict[int, list[tuple[int, int, Role, cp_model.IntVar, int]]]:
    out: dict[int, list] = {}
    for di, items in ctx.per_doctor().items():
        ivs = [(ctx.start[si], ctx.end[si], role, v, si) for si, role, v in items]
        ivs.sort(key=lambda t: (t[0], t[1]))
        out[di] = ivs
    return out


def add_no_overlap(ctx: RotaModel) -> None:
    """Ingen overlapp: a doctor holds at most one duty (vakt or bakvakt) at any time.

    A sweep over each doctor's time-ordered candidate duties adds one at-most-one per start
    point (the maximal cliques of an interval graph), never all pairs."""
    for ivs in _doctor_intervals(ctx).values():
        active: list[tuple[int, cp_model.IntVar]] = []
        i = 0
        while i < len(ivs):
            t = ivs[i][0]
            active = [(e, v) for e, v in active if e > t]
            while i < len(ivs) and ivs[i][0] == t:
                if ivs[i][1] > t:
                    active.append((ivs[i][1], ivs[i][3]))
                i += 1
            if len(active) >= 2:
                ctx.model.add_at_most_one([v for _, v in active])


def add_min_rest(ctx: RotaModel) -> None:
    """Minste hviletid: at least ``min_rest_hours`` between two vakter of one doctor unless they
    are contiguous (gap 0). Only pairs closer than the rest period are visited."""
    rest = round(ctx.problem.rules.min_rest_hours * 60)
    if rest <= 0:
        return
    for di, ivs in _doctor_intervals(ctx).items():
        vakt = [iv for iv in ivs if iv[2] == "vakt"]
        for i, (_, e_i, _, v_i, _) in enumerate(vakt):
            for j in range(i + 1, len(vakt)):
                s_j = vakt[j][0]
                if s_j >= e_i + rest:
                    break
                if s_j <= e_i:  # overlapping (add_no_overlap) or contiguous (allowed)
                    continue
                ctx.enforce(ctx.model.add_bool_or([v_i.Not(), vakt[j][3].Not()]), "min_rest",
                            _doctor_week(ctx, di, vakt[j][4]))
        # pairs where a later-starting vakt ends first are found from the earlier one above;
        # a vakt that ends before an earlier-starting one ends overlaps it (clique rule).


def duty_day_var(ctx: RotaModel, d: int, day: date) -> cp_model.IntVar | None:
    return ctx.duty_days.get((d, day))


def build_duty_days(ctx: RotaModel) -> None:
    """dd[d, day] >= every vakt of d starting on day (only pushed up, never needed down)."""
    if ctx.duty_days:
        return
    by: dict[tuple[int, date], list] = defaultdict(list)
    for (di, si), v in ctx.x.items():
        by[di, ctx.shifts[si].start.date()].append(v)
    for key, vs in by.items():
        if len(vs) == 1:
            ctx.duty_days[key] = vs[0]
            continue
        dd = ctx.model.new_bool_var(f"dd|{ctx.doctors[key[0]].id}|{key[1]}")
        ctx.derive(dd, lambda val, vs=vs: int(any(val[v.index] for v in vs)))
        for v in vs:
            ctx.model.add_implication(v, dd)
        ctx.model.add(sum(vs) >= dd)  # exact, so the metric read from the model is the truth
        ctx.duty_days[key] = dd


def _judged_by(exc: RuleException | None, exceptions: tuple[RuleException, ...], first: date,
               last: date) -> bool:
    """Whether the window ``first``–``last`` is judged by the limits of ``exc`` (None: the
    period's own): by an exception's where it touches its days, by the period's elsewhere."""
    if exc is not None:
        return exc.covers(first, last)
    return not any(e.covers(first, last) for e in exceptions)


def spacing_windows(problem: Problem) -> list[tuple[str, Limit, list[list[date]]]]:
    """The windows of the spacing limits as (rule, limit, the windows' days): «maks K per N døgn»
    over each N days, «maks K per uke» over each ISO week, «maks K på rad» over each K + 1
    days. A window touching an exception's days is judged by the exception's limits
    (:class:`solver.problem.RuleException`), any other by the period's."""
    all_days = list(days(problem.period_start, problem.period_end))
    weeks: dict[tuple[int, int], list[date]] = defaultdict(list)
    for day in all_days:
        weeks[iso_week(day)].append(day)
    exceptions = problem.rules.exceptions
    out: list[tuple[str, Limit, list[list[date]]]] = []
    for exc, w, in_window, per_week, consecutive in problem.rules.spacing_rules():
        runs: list[tuple[str, Limit, list[list[date]]]] = []
        if in_window is not None:
            w = max(1, w)
            runs.append(("max_in_window", in_window,
                         [all_days[i:i + w] for i in range(max(1, len(all_days) - w + 1))]))
        if per_week is not None:
            runs.append(("max_per_week", per_week, list(weeks.values())))
        if consecutive is not None:
            k = consecutive.value + 1
            runs.append(("max_consecutive_days", consecutive,
                         [all_days[i:i + k] for i in range(max(0, len(all_days) - k + 1))]))
        for rule, limit, windows in runs:
            mine = [wdays for wdays in windows
                    if wdays and _judged_by(exc, exceptions, wdays[0], wdays[-1])]
            if mine:
                out.append((rule, limit, mine))
    return out


@dataclass(frozen=True)
class CarriedWindow:
    """A window of a spacing limit that reaches back before the period, for one doctor with
    duty days in its earlier part (``Doctor.earlier_duty_days``): those count as constants,
    so the new days of the window may hold only what is left of the limit."""

    rule: str
    limit: Limit
    days: tuple[date, ...]  # the whole window (its days in the period, if any, last)
    carried: tuple[date, ...]  # the doctor's duty days of the period before in it

    @property
    def allowed(self) -> int:
        """Duty days the new period may add in the window (a past already over the limit is
        not the new rota's fault: it leaves 0, and a soft limit counts only what is added)."""
        return max(0, self.limit.value - len(self.carried))


def carried_windows(problem: Problem, doctor: Doctor) -> list[CarriedWindow]:
    """The windows of the spacing limits that begin before the period and hold one of the
    doctor's earlier duty days: «maks K per N døgn» over each N days, «maks K per uke» over
    the ISO week the period starts in (unless it starts on a Monday), «maks K på rad» over
    each K + 1 days. Judged as :func:`spacing_windows` judges a window (an exception's limit
    where it touches the exception's days)."""
    start, end = problem.period_start, problem.period_end
    earlier = {d for d in doctor.earlier_duty_days if d < start}
    if not earlier:
        return []
    exceptions = problem.rules.exceptions
    out: list[CarriedWindow] = []
    for exc, w, in_window, per_week, consecutive in problem.rules.spacing_rules():
        firsts: list[tuple[str, Limit, date, int]] = []  # (rule, limit, first day, length)
        if in_window is not None:
            length = max(1, w)
            firsts += [("max_in_window", in_window, start - timedelta(days=back), length)
                       for back in range(1, length)]
        if per_week is not None and start.weekday() > 0:
            firsts.append(("max_per_week", per_week, start - timedelta(days=start.weekday()), 7))
        if consecutive is not None:
            length = consecutive.value + 1
            firsts += [("max_consecutive_days", consecutive, start - timedelta(days=back), length)
                       for back in range(1, length)]
        for rule, limit, first, length in firsts:
            wdays = tuple(d for d in days(first, first + timedelta(days=length - 1)) if d <= end)
            carried = tuple(d for d in wdays if d in earlier)
            if carried and _judged_by(exc, exceptions, wdays[0], wdays[-1]):
                out.append(CarriedWindow(rule, limit, wdays, carried))
    return out


def add_spacing(ctx: RotaModel) -> None:
    """Maks vakter i vinduet / per uke / på rad, as hard limits or labelled soft penalties,
    over the windows of :func:`spacing_windows`, and over those reaching back before the
    period (:func:`carried_windows`), where a doctor's duty days of the period before count
    as constants. A carried window's hard limit is one rule group per doctor (the ISO week
    the period starts in, and her id), so an explanation can say the other vakt was then."""
    groups = spacing_windows(ctx.problem)
    carried = {di: cws for di, d in enumerate(ctx.doctors)
               if (cws := carried_windows(ctx.problem, d))}
    if not groups and not carried:
        return
    build_duty_days(ctx)
    for rule, limit, windows in groups:
        for (di, d), wdays in itertools.product(enumerate(ctx.doctors), windows):
            vs = [ctx.duty_days[di, day] for day in wdays if (di, day) in ctx.duty_days]
            _limit_window(ctx, rule, limit, limit.value, d.id, wdays[0], vs, iso_week(wdays[0]))
    first_week = iso_week(ctx.problem.period_start)
    for di, cws in carried.items():
        d = ctx.doctors[di]
        for cw in cws:
            vs = [ctx.duty_days[di, day] for day in cw.days if (di, day) in ctx.duty_days]
            _limit_window(ctx, cw.rule, cw.limit, cw.allowed, d.id, cw.days[0], vs,
                          (*first_week, d.id))


def _limit_window(ctx: RotaModel, rule: str, limit: Limit, allowed: int, doctor_id: str,
                  first: date, vs: list[cp_model.IntVar], group: object) -> None:
    """At most ``allowed`` of the duty days ``vs`` (hard, in rule group ``group``), or a soft
    penalty of ``limit.penalty`` per duty day over it, labelled with the window's first day."""
    if len(vs) <= allowed:
        return
    m = ctx.model
    if limit.hard:
        ctx.enforce(m.add(sum(vs) <= allowed), rule, group)
        return
    over = m.new_int_var(0, len(vs) - allowed, f"{rule}|{doctor_id}|{first}")
    m.add(sum(vs) - over <= allowed)
    ctx.derive(over, lambda val, vs=vs, k=allowed: max(0, sum(val[v.index] for v in vs) - k))
    ctx.soft.append(SoftPenalty(rule, doctor_id, first, over, limit.penalty))


def add_pre_assigned(ctx: RotaModel) -> None:
    """Forhåndstildelt vakt: pre-assigned and locked assignments stay as they are."""
    for di, si, role in sorted(ctx.fixed):
        v = ctx.var(di, si, role)
        if v is None:
            ctx.infeasible_reasons.append(f"pre_assigned|{ctx.doctors[di].id}|{ctx.shifts[si].id}")
            ctx.model.add_bool_or([])  # impossible: the pair is forbidden by another rule
            continue
        # one group per pre-assignment, so an explanation names the very vakt
        ctx.enforce(ctx.model.add(v == 1), "pre_assigned", (ctx.doctors[di].id, ctx.shifts[si].id))


def add_blocks(ctx: RotaModel) -> None:
    """Vaktblokk: all shifts with the same block id go to the same doctor(s), in both roles."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for si, s in enumerate(ctx.shifts):
        if s.block:
            blocks[s.block].append(si)
    m = ctx.model
    for block, members in blocks.items():
        if len(members) < 2:
            continue
        for di in range(len(ctx.doctors)):
            for store in (ctx.x, ctx.b):
                vs = [store.get((di, si)) for si in members]
                present = [v for v in vs if v is not None]
                if not present:
                    continue
                if len(present) < len(vs):
                    for v in present:
                        ctx.enforce(m.add(v == 0), "block", block)
                else:
                    for v in present[1:]:
                        ctx.enforce(m.add(v == present[0]), "block", block)


ELIGIBILITY_RULES = (add_share, add_unavailability, add_competence_filter, add_practice)
CONSTRAINT_RULES = (
    add_coverage,
    add_competence_and_bakvakt,
    add_no_overlap,
    add_min_rest,
    add_spacing,
    add_pre_assigned,
    add_blocks,
    add_practice_chain,
)


def build_model(problem: Problem, explain: bool = False, extra_fixed: Iterable[Assignment] = (),
                skip: Iterable[str] = ()) -> RotaModel:
    """The full rule model. ``skip``: rule functions left out (by name, e.g. "add_min_rest"),
    used by the tests that prove each rule matters."""
    ctx = RotaModel(problem, explain=explain, extra_fixed=tuple(extra_fixed))
    skipped = set(skip)
    for rule in ELIGIBILITY_RULES:
        if rule.__name__ not in skipped:
            rule(ctx)
    ctx.create_variables()
    for rule in CONSTRAINT_RULES:
        if rule.__name__ not in skipped:
            rule(ctx)
    return ctx
