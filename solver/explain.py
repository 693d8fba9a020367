"""Why no rota exists, in Norwegian, with dates and doctors, and what would make one possible.

1. Cheap pre-checks, no solver: a shift with no eligible doctor (naming who is away or exempt),
   a week whose demand exceeds what the available doctors may take (hard weekly limit), a shift
   where a non-competent doctor would need a bakvakt and no competent colleague is free.
2. CP-SAT with one assumption literal per rule group (per doctor for absences and
   pre-assignments, per ISO week for hard spacing limits): the core of conflicting groups is
   shrunk by deletion and named.
3. Relaxations: each relaxable group in the core (a spacing limit in a week, the rest rule, the
   practice rule, a pre-assignment) is dropped on its own; if the model becomes feasible it is
   offered, e.g. "tillat 3-delt vakt i uke 52".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ortools.sat.python import cp_model

from solver.common import (
    RULE_NAMES,
    SCOPE_TEXT,
    days,
    display_day,
    iso_week,
    names,
    unavailable_reasons,
)
from solver.problem import Doctor, Problem, Rules, Shift
from solver.rules import build_model

RELAXABLE = {"max_in_window", "max_per_week", "max_consecutive_days", "min_rest", "practice",
             "pre_assigned", "block"}


@dataclass
class Conflict:
    rule: str
    rule_name: str
    detail: str  # doctor id, "2027-W52", or ""


@dataclass
class Explanation:
    messages: list[str] = field(default_factory=list)  # Norwegian, most specific first
    conflicts: list[Conflict] = field(default_factory=list)
    relaxations: list[str] = field(default_factory=list)  # Norwegian suggestions that work

    def text(self) -> str:
        out = list(self.messages)
        if self.relaxations:
            out.append("Mulige lettelser: " + "; ".join(self.relaxations))
        return "\n".join(out)


def _shift_text(s) -> str:
    return f"{display_day(s.start.date())} {s.label or s.template}"


def _doctors(n: int) -> str:
    return "1 lege" if n == 1 else f"{n} leger"


def _available(n: int) -> str:
    if n == 0:
        return "ingen er tilgjengelig"
    return f"bare {n} er tilgjengelig" if n == 1 else f"bare {n} er tilgjengelige"


def _grouped(problems: list[tuple[Shift, str]]) -> list[str]:
    """One line per distinct reason: '24.12 Natt: …', or '16 vakter fra 28.02 til 07.03
    (Kveld, Natt): …' when the same reason stops many shifts (a holiday week for everyone)."""
    by_reason: dict[str, list[Shift]] = defaultdict(list)
    for s, reason in problems:
        by_reason[reason].append(s)
    out = []
    for reason, shifts in by_reason.items():
        if len(shifts) == 1:
            out.append(f"{_shift_text(shifts[0])}: {reason}")
            continue
        first, last = min(s.start for s in shifts), max(s.start for s in shifts)
        labels = list(dict.fromkeys(s.label or s.template for s in shifts))
        what = ", ".join(labels[:4]) + (" …" if len(labels) > 4 else "")
        out.append(f"{len(shifts)} vakter fra {display_day(first.date())} til "
                   f"{display_day(last.date())} ({what}): {reason}")
    return out


def precheck(problem: Problem) -> list[str]:
    out: list[str] = []
    docs = problem.doctors
    problems: list[tuple[Shift, str]] = []
    for s in problem.shifts:
        if s.required <= 0:
            continue
        away: dict[str, list[str]] = defaultdict(list)
        eligible, eligible_comp = [], []
        for d in docs:
            why = unavailable_reasons(d, s)
            if why:
                away[why[0]].append(d.name)
            elif d.share > 0 or any(sid == s.id for sid, _ in d.pre_assigned):
                eligible.append(d)
                if d.competent:
                    eligible_comp.append(d)
            else:
                away["vaktandel 0"].append(d.name)
        reasons = "; ".join(
            f"{names(v)} har {'fritak' if k == 'fritak' else k}" for k, v in away.items()
        )
        tail = f" — {reasons}" if reasons else ""
        if s.requires_competent and not eligible_comp:
            problems.append((s, f"ingen tilgjengelig vaktkompetent lege{tail}"))
        elif len(eligible) < s.required:
            problems.append((s, f"trenger {_doctors(s.required)}, {_available(len(eligible))}{tail}"))
        elif not s.requires_competent and not eligible_comp and any(not d.competent for d in eligible):
            problems.append((s, "ingen vaktkompetent bakvakt er ledig for "
                                + names([d.name for d in eligible]) + tail))
    out.extend(_grouped(problems))
    r = problem.rules
    if r.max_per_week is not None and r.max_per_week.hard:
        weeks: dict[tuple[int, int], list] = defaultdict(list)
        for s in problem.shifts:
            weeks[iso_week(s.start.date())].append(s)
        for (_, wk), shifts in sorted(weeks.items()):
            demand_by_day: dict = defaultdict(int)
            for s in shifts:
                demand_by_day[s.start.date()] = max(demand_by_day[s.start.date()], s.required)
            demand = sum(demand_by_day.values())
            avail = [d for d in docs if d.share > 0 and any(not unavailable_reasons(d, s) for s in shifts)]
            cap = len(avail) * r.max_per_week.value
            if demand > cap:
                out.append(f"uke {wk}: minst {demand} vaktdøgn trengs, men {len(avail)} tilgjengelige leger kan ta høyst {cap} (maks {r.max_per_week.value} per uke)")
    out.extend(window_shortfalls(problem))
    return out


def _reason(d: Doctor, s: Shift, first: str) -> str:
    """«fritak fra natt» rather than «fritak» when a partial fritak keeps ``d`` from ``s``."""
    if first != "fritak":
        return first
    for e in d.exemptions:
        if e.scope != "full" and e.start < s.end and s.start < e.end and \
                unavailable_reasons(replace(d, absences=(), exemptions=(e,)), s):
            return SCOPE_TEXT[e.scope]
    return first


def limit_text(rules: Rules) -> str:
    """«maks 1 vakt per 4 døgn» for the rolling spacing limit."""
    v = rules.max_in_window.value if rules.max_in_window else 0
    return f"maks {v} {'vakt' if v == 1 else 'vakter'} per {max(1, rules.window_days)} døgn"


def _period_text(first: date, last: date) -> str:
    return f"{display_day(first)}–{display_day(last)}"


def window_shortfalls(problem: Problem) -> list[str]:
    """Rolling windows where a hard «maks K vakter per N døgn» cannot hold, by counting.

    In every window of N days each doctor has at most K duty days, and only on days where she
    may take the shifts in question. Each day with a shift needs that shift's doctors, so a
    window whose days need more duty days than the doctors who may take them can give proves
    that no rota exists. Counted twice: for all shifts, and for night shifts alone (a doctor
    exempt from nights gives no night duty days, which is how 4 doctors with one night-exempt
    cannot keep firedelt vakt).
    """
    r = problem.rules
    lim = r.max_in_window
    if lim is None or not lim.hard:
        return []
    w = max(1, r.window_days)
    all_days = list(days(problem.period_start, problem.period_end))
    by_day: dict[date, list[Shift]] = defaultdict(list)
    for s in problem.shifts:
        if s.required > 0:
            by_day[s.start.date()].append(s)
    out: list[str] = []
    # the count that fails in more windows says more (all shifts, or nights alone)
    worst: tuple[str, list] = ("", [])
    for noun, wanted in (("vaktdøgn", lambda s: True), ("vaktdøgn med natt", lambda s: s.night)):
        need = {day: max((s.required for s in ss if wanted(s)), default=0) for day, ss in by_day.items()}
        # may[d][day]: d may take one of the day's shifts in question
        may: dict[str, set[date]] = defaultdict(set)
        kept_out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for day, ss in by_day.items():
            for s in ss:
                if not wanted(s):
                    continue
                for d in problem.doctors:
                    why = unavailable_reasons(d, s)
                    if not why and (d.share > 0 or any(sid == s.id for sid, _ in d.pre_assigned)):
                        may[d.id].add(day)
                    elif why:
                        kept_out[day][d.name].add(_reason(d, s, why[0]))
        short = []
        for i in range(max(1, len(all_days) - w + 1)):
            window = all_days[i:i + w]
            demand = sum(need.get(day, 0) for day in window)
            if demand == 0:
                continue
            cap = {d.id: min(lim.value, sum(day in may[d.id] for day in window)) for d in problem.doctors}
            if demand > sum(cap.values()):
                short.append((window, demand, cap))
        if short and len(short) >= len(worst[1]):  # a tie: nights say more
            worst = (noun, short)
    if worst[1]:
        noun, short = worst
        window, demand, cap = short[0]
        able = [d.name for d in problem.doctors if cap[d.id] > 0]
        away: dict[str, set[str]] = defaultdict(set)
        for day in window:
            for name, kinds in kept_out[day].items():
                if name not in able:
                    away[name] |= kinds
        by_kind: dict[str, list[str]] = defaultdict(list)
        for name, kinds in away.items():
            by_kind[sorted(kinds)[0]].append(name)
        tail = "; ".join(f"{names(v)} har {k}" for k, v in by_kind.items())
        who = (f"{_doctors(len(able))} ({names(able)}) kan ta høyst {sum(cap.values())}"
               if able else "ingen kan ta dem")
        more = f" (og {len(short) - 1} andre perioder på {w} døgn)" if len(short) > 1 else ""
        out.append(f"{_period_text(window[0], window[-1])}{more}: {demand} {noun} trengs, men {who}"
                   f" med {limit_text(r)}" + (f" — {tail}" if tail else ""))
    return out


def _week_text(problem: Problem, year: int, week: int) -> str:
    first = max(problem.period_start, date.fromisocalendar(year, week, 1))
    last = min(problem.period_end, date.fromisocalendar(year, week, 7))
    return f"uke {week} ({_period_text(first, last)})"


def _away_text(problem: Problem, d: Doctor) -> str:
    """«fritak fra natt», «ferie 05.07–25.07»: what keeps ``d`` away in the period."""
    start, end = problem.period_start, problem.period_end
    parts: list[str] = []
    spans = [(SCOPE_TEXT[e.scope], e.start, e.end) for e in d.exemptions]
    spans += [(a.kind, a.start, a.end) for a in d.absences]
    for what, a, b in spans:
        first, last = a.date(), (b - timedelta(minutes=1)).date()
        if last < start or first > end:
            continue
        whole = first <= start and last >= end
        parts.append(what if whole else f"{what} {_period_text(max(first, start), min(last, end))}")
    if len(parts) > 3:
        parts = parts[:3] + ["…"]
    return ", ".join(parts)


def _conflict_text(problem: Problem, rule: str, detail: object) -> tuple[str, str]:
    dname = {d.id: d.name for d in problem.doctors}
    if isinstance(detail, tuple):
        name = limit_text(problem.rules).capitalize() if rule == "max_in_window" else RULE_NAMES[rule]
        return f"{detail[0]}-W{detail[1]:02d}", f"{name} i {_week_text(problem, *detail)}"
    if isinstance(detail, str):
        doc = next((d for d in problem.doctors if d.id == detail), None)
        what = _away_text(problem, doc) if doc is not None and rule == "unavailability" else ""
        who = dname.get(detail, detail) + (f": {what}" if what else "")
        return detail, f"{RULE_NAMES[rule]} ({who})"
    return "", RULE_NAMES[rule]


def _relaxation_text(problem: Problem, rule: str, detail: object) -> str:
    r = problem.rules
    dname = {d.id: d.name for d in problem.doctors}
    if rule == "max_in_window" and isinstance(detail, tuple) and r.max_in_window:
        n = r.window_days // max(1, r.max_in_window.value)
        return f"tillat {max(1, n - 1)}-delt vakt i uke {detail[1]}"
    if rule == "max_per_week" and isinstance(detail, tuple) and r.max_per_week:
        return f"tillat {r.max_per_week.value + 1} vakter i uke {detail[1]}"
    if rule == "max_consecutive_days" and isinstance(detail, tuple) and r.max_consecutive_days:
        return f"tillat {r.max_consecutive_days.value + 1} vakter på rad i uke {detail[1]}"
    if rule == "min_rest":
        return "tillat kortere hviletid mellom vakter"
    if rule == "practice":
        return "tillat fri fra praksis etter nattevakt (i stedet for å forby vakten)"
    if rule == "pre_assigned":
        return f"fjern forhåndstildelingen for {dname.get(str(detail), detail)}"
    if rule == "block":
        return "tillat å dele vaktblokker mellom leger"
    return f"lemp på {RULE_NAMES[rule]}"


def _feasible(model: cp_model.CpModel, assumptions: list, time_limit: float, workers: int, seed: int) -> tuple[int, cp_model.CpSolver]:
    model.clear_assumptions()
    model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1  # assumption cores need the sequential search
    solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False  # Ctrl-C is the caller's (see solve.cp_sat)
    return solver.solve(model), solver


def explain(problem: Problem, time_limit: float = 10.0, workers: int = 1, seed: int = 0) -> Explanation:
    out = Explanation(messages=precheck(problem))
    ctx = build_model(problem, explain=True)
    keys = list(ctx.guards)
    lits = [ctx.guards[k] for k in keys]
    per = max(0.5, time_limit / 4)
    status, solver = _feasible(ctx.model, lits, per, workers, seed)
    if status != cp_model.INFEASIBLE:
        if not out.messages:
            out.messages.append("Fant ingen konkret konflikt innen tidsgrensen; prøv lengre løsetid.")
        return out
    by_index = {lit.index: i for i, lit in enumerate(lits)}
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    # shrink by deletion (bounded): drop a group if the rest is still infeasible
    for i in list(core)[:15]:
        trial = [j for j in core if j != i]
        st, _ = _feasible(ctx.model, [lits[j] for j in trial], per / 4, workers, seed)
        if st == cp_model.INFEASIBLE:
            core = trial
    for i in core:
        rule, detail = keys[i]
        key, text = _conflict_text(problem, rule, detail)
        out.conflicts.append(Conflict(rule, RULE_NAMES[rule], key))
    if out.conflicts:
        out.messages.append("Reglene som ikke kan oppfylles samtidig: " + "; ".join(
            _conflict_text(problem, *keys[i])[1] for i in core))
    elif not out.messages:
        out.messages.append("Dekningen av vaktene kan ikke oppfylles med legene som finnes.")
    # relaxations: all assumptions except one relaxable group of the core
    for i in core:
        rule, detail = keys[i]
        if rule not in RELAXABLE:
            continue
        rest = [lits[j] for j in range(len(lits)) if j != i]
        st, _ = _feasible(ctx.model, rest, per / 2, workers, seed)
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            out.relaxations.append(_relaxation_text(problem, rule, detail))
    if not out.relaxations:
        # no single week or doctor will do: the whole rule, in every week, when that is enough
        for rule in dict.fromkeys(keys[i][0] for i in core if keys[i][0] in RULES_WHOLE):
            rest = [lits[j] for j in range(len(lits)) if keys[j][0] != rule]
            st, _ = _feasible(ctx.model, rest, per / 2, workers, seed)
            if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                out.relaxations.append(_whole_rule_text(problem, rule))
    return out


# rules offered as a whole (every week) when no single week's relaxation is enough
RULES_WHOLE = ("max_in_window", "max_per_week", "max_consecutive_days", "min_rest", "practice")


def _whole_rule_text(problem: Problem, rule: str) -> str:
    if rule == "max_in_window":
        return f"gjør «{limit_text(problem.rules)}» til en myk regel (straff i stedet for forbud)"
    if rule in ("max_per_week", "max_consecutive_days"):
        return f"gjør «{RULE_NAMES[rule]}» til en myk regel (straff i stedet for forbud)"
    return _relaxation_text(problem, rule, None)
