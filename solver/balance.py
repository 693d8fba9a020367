"""Load balancing by local search: a fast road to a near-fair rota for objective level 1.

CP-SAT proves bounds well, but on a district of 40 doctors and a year its own search creeps
towards the fairest rota slowly: when every doctor is close to the maximum, no small random
neighbourhood lowers the maximum. This module improves a valid rota with the moves a legevakt
leader would make by hand — give a vakt to a colleague, swap two vakter between two doctors,
hand a bakvakt to someone else — and accepts a move when it makes the loads per fair share more
even (a lower sum of load² / share) without raising the largest load per share. The result is
handed to CP-SAT as the hint for level 1, which improves it further and proves the bound.

Every move keeps every hard rule of the model. Eligibility (absences, fritak, vaktandel 0, the
competence filter, the practice rule) is read from the model's variables: a pair without a
variable is never used. Overlap, rest between vakter, the hard spacing limits, competence on the
shift and bakvakt coverage are checked here. Locked and pre-assigned duties and vaktblokker never
move. The independent checker (:mod:`solver.checker`) verifies the final rota in the tests.

Units: loads in model units (``LOAD_SCALE`` per weighted hour), times in minutes since the epoch.
"""

from __future__ import annotations

import random
import time
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from solver.common import LOAD_SCALE, bakvakt_load, minutes, vakt_load
from solver.fairness import share_units
from solver.objective import (
    COUNT_WEIGHT,
    SOFT_WEIGHT,
    SPREAD_WEIGHT,
    fair_band,
    repeated_high_days,
    spread_windows,
)
from solver.problem import PRACTICE_BREAK, Role
from solver.rules import RotaModel, carried_windows, spacing_windows

Starts = range | frozenset[int]  # the first days (indices) of a rule's windows


def _starts(firsts: list[int]) -> Starts:
    """``firsts`` as a range when they are consecutive (fast membership), else a set."""
    firsts = sorted(firsts)
    if firsts and firsts[-1] - firsts[0] + 1 == len(firsts):
        return range(firsts[0], firsts[-1] + 1)
    return frozenset(firsts)


class _Stall:
    """When an iterated search gives up: after ``PATIENCE`` kicks in a row without progress,
    or (unless ``deterministic``) when the time since the last progress exceeds a third of the
    search so far (at least a second)."""

    def __init__(self, deterministic: bool = False) -> None:
        self.started = self.last = time.perf_counter()
        self.kicks = 0
        self.deterministic = deterministic

    def progress(self) -> None:
        self.last, self.kicks = time.perf_counter(), 0

    def idle(self) -> None:
        self.kicks += 1

    def given_up(self) -> bool:
        if self.kicks >= PATIENCE:
            return True
        now = time.perf_counter()
        return not self.deterministic and now - self.last > max(0.25, (now - self.started) / 3)


PATIENCE = 40  # kicks in a row without a better rota before the search gives up
SECONDS_PER_CHECK = 4e-6  # deterministic mode's clock: a typical pace of move checks (1-9 µs measured)
FLAGS = ("night", "weekend", "high_day")
LEDGER_OF_FLAG = {"night": "nights", "weekend": "weekends", "high_day": "high_days"}


class Balancer:
    """A mutable rota over the model's doctor and shift indices, with the moves and checks."""

    def __init__(self, ctx: RotaModel, pairs: tuple[set[tuple[int, int]], set[tuple[int, int]]],
                 seed: int = 0, deterministic: bool = False) -> None:
        """``pairs``: the valid rota to start from, as (doctor, shift) index pairs on vakt and
        on bakvakt."""
        self.ctx = ctx
        p = ctx.problem
        units = share_units(p)
        self.rng = random.Random(seed)
        self.nd = len(ctx.doctors)
        self.units = [units[d.id] for d in ctx.doctors]
        self.competent = [d.competent for d in ctx.doctors]
        self.shifts = ctx.shifts
        self.vload = [vakt_load(s) for s in ctx.shifts]
        self.bload = [bakvakt_load(s) for s in ctx.shifts]
        self.max_bload = max(self.bload, default=0)
        self.start, self.end = ctx.start, ctx.end
        self.longest = max((e - s for s, e in zip(self.start, self.end, strict=True)), default=0)
        self.rest = round(p.rules.min_rest_hours * 60)
        self.day = [(s.start.date() - p.period_start).days for s in ctx.shifts]
        self.movable = [not s.block for s in ctx.shifts]
        # forbid mode: vakter a doctor may hold only on from her practice (its end, minutes)
        self.chain = {key: minutes(end) for key, end in ctx.practice_chain.items()}
        self.practice_break = round(PRACTICE_BREAK.total_seconds() / 60)
        self._spacing_setup()
        self.mode = "load"  # "load": level 1 (even loads); "balance": level 2 (see _accept)
        self.deadline = float("inf")  # of the running search
        self.stop: Callable[[], bool] = lambda: False  # the running search's cancel check
        self.tick: Callable[[], None] = lambda: None  # the running search's progress report
        # deterministic: give up by kick counts only, and measure every deadline in work done
        # (move checks, see now()) instead of the clock
        self.deterministic = deterministic
        self.work = 0
        self.clock_start = time.perf_counter()
        self._balance_setup()
        self.ledger = [round(d.ledger.load_balance * LOAD_SCALE) for d in ctx.doctors]
        self._load(*pairs)

    # ------------------------------------------------------------------ state
    def _load(self, vakt: set[tuple[int, int]], bak: set[tuple[int, int]]) -> None:
        ns = len(self.shifts)
        self.vakt: list[list[int]] = [[] for _ in range(ns)]
        self.bak: list[int | None] = [None] * ns
        self.starts: list[list[tuple[int, int, int]]] = [[] for _ in range(self.nd)]  # (start, si, role)
        self.days: list[dict[int, int]] = [{} for _ in range(self.nd)]  # duty day -> vakter
        self.week_count: list[dict[int, int]] = [{} for _ in range(self.nd)]  # week -> duty days
        self.load = [0] * self.nd  # this period's duties (the ledger is apart)
        self.counts = {f: [0] * self.nd for f in FLAGS}  # night / weekend / høytid vakter
        for di, si in sorted(vakt):
            self._add(di, si, "vakt")
        for di, si in sorted(bak):
            self._add(di, si, "bakvakt")

    def _add(self, d: int, si: int, role: Role) -> None:
        insort(self.starts[d], (self.start[si], si, 0 if role == "vakt" else 1))
        if role == "vakt":
            self.vakt[si].append(d)
            k = self.day[si]
            if k not in self.days[d]:
                w = self.week_of[k]
                self.week_count[d][w] = self.week_count[d].get(w, 0) + 1
            self.days[d][k] = self.days[d].get(k, 0) + 1
            self.load[d] += self.vload[si]
            for f in self.flags_of[si]:
                self.counts[f][d] += 1
        else:
            self.bak[si] = d
            self.load[d] += self.bload[si]

    def _remove(self, d: int, si: int, role: Role) -> None:
        item = (self.start[si], si, 0 if role == "vakt" else 1)
        lst = self.starts[d]
        del lst[bisect_left(lst, item)]
        if role == "vakt":
            self.vakt[si].remove(d)
            k = self.day[si]
            if self.days[d][k] == 1:
                del self.days[d][k]
                self.week_count[d][self.week_of[k]] -= 1
            else:
                self.days[d][k] -= 1
            self.load[d] -= self.vload[si]
            for f in self.flags_of[si]:
                self.counts[f][d] -= 1
        else:
            self.bak[si] = None
            self.load[d] -= self.bload[si]

    def total(self, d: int) -> int:
        return self.load[d] + self.ledger[d]

    def ratio(self, d: int, extra: int = 0) -> float:
        u = self.units[d]
        return (self.total(d) + extra) / u if u > 0 else 0.0

    def max_ratio(self) -> float:
        return max((self.ratio(d) for d in range(self.nd) if self.units[d] > 0), default=0.0)

    def assignment(self) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
        """(vakt pairs, bakvakt pairs) as (doctor index, shift index)."""
        vakt = {(d, si) for si, ds in enumerate(self.vakt) for d in ds}
        bak = {(d, si) for si, d in enumerate(self.bak) if d is not None}
        return vakt, bak

    # ------------------------------------------------------------------ rules
    def _spacing_setup(self) -> None:
        """The spacing limits (:func:`solver.rules.spacing_windows`) as day indices: hard
        sliding windows as (length, limit, starts), hard weekly limits per week index; the
        soft ones (for the level-2 cost) likewise, with their cost per duty day over."""
        p = self.ctx.problem
        n = (p.period_end - p.period_start).days + 1
        self.ndays = n
        self.week_days: list[list[int]] = []
        self.week_of: list[int] = []
        weeks: dict[tuple[int, int], int] = {}
        for i in range(n):
            key = (p.period_start + timedelta(days=i)).isocalendar()[:2]
            if key not in weeks:
                weeks[key] = len(self.week_days)
                self.week_days.append([])
            self.week_of.append(weeks[key])
            self.week_days[weeks[key]].append(i)
        self.windows: list[tuple[int, int, Starts]] = []  # hard sliding windows
        self.week_limits: dict[int, int] = {}  # week index -> hard limit
        self.soft_windows: list[tuple[int, int, int, Starts]] = []  # (length, limit, cost, starts)
        self.soft_weeks: dict[int, list[tuple[int, int]]] = defaultdict(list)  # week -> (limit, cost)
        for rule, limit, windows in spacing_windows(p):
            if rule == "max_per_week":
                for wdays in windows:
                    w = self.week_of[(wdays[0] - p.period_start).days]
                    if limit.hard:
                        self.week_limits[w] = min(limit.value, self.week_limits.get(w, limit.value))
                    else:
                        self.soft_weeks[w].append((limit.value, SOFT_WEIGHT * limit.penalty))
                continue
            by_length: dict[int, list[int]] = defaultdict(list)
            for wdays in windows:
                by_length[len(wdays)].append((wdays[0] - p.period_start).days)
            for length, firsts in by_length.items():
                if limit.hard:
                    self.windows.append((length, limit.value, _starts(firsts)))
                else:
                    self.soft_windows.append((length, limit.value, SOFT_WEIGHT * limit.penalty,
                                              _starts(firsts)))
        # the windows reaching back before the period (solver.rules.carried_windows): per
        # doctor, their days in the period are the first ``length`` days, which may hold what
        # her duty days of the period before leave of the limit
        self.carried_hard: list[list[tuple[int, int, Starts]]] = [[] for _ in range(self.nd)]
        self.carried_soft: list[list[tuple[int, int, int, Starts]]] = [[] for _ in range(self.nd)]
        for d, doc in enumerate(self.ctx.doctors):
            for cw in carried_windows(p, doc):
                length = sum(1 for day in cw.days if day >= p.period_start)
                if not length:
                    continue
                if cw.limit.hard:
                    self.carried_hard[d].append((length, cw.allowed, range(1)))
                else:
                    self.carried_soft[d].append((length, cw.allowed,
                                                 SOFT_WEIGHT * cw.limit.penalty, range(1)))
        self.hard_windows = [self.windows + mine for mine in self.carried_hard]  # per doctor

    def _balance_setup(self) -> None:
        """The level-2 terms (:func:`solver.objective.balance_level`) in per-doctor form: soft
        sliding windows and spread windows as (length, limit, cost per day over, window starts),
        the soft weekly limit, and each doctor's fair band for nights, weekends and høytid."""
        ctx, p = self.ctx, self.ctx.problem
        n = self.ndays
        self.flags_of = [tuple(f for f in FLAGS if getattr(s, f)) for s in ctx.shifts]
        spread = spread_windows(ctx, share_units(p))
        self.window_rules = [
            self.soft_windows + self.carried_soft[d]
            + ([(spread[d], 1, SPREAD_WEIGHT, range(max(0, n - spread[d] + 1)))]
               if d in spread else [])
            for d in range(self.nd)
        ]
        # wishes to work as groups (one point when the doctor has none of a group's shifts)
        self.wants: list[list[frozenset[int]]] = [[] for _ in range(self.nd)]
        self.avoids: list[set[int]] = [set() for _ in range(self.nd)]
        for d, doc in enumerate(ctx.doctors):
            groups = [(sid,) for sid, sign in doc.wishes if sign > 0] + list(doc.wants)
            for sid, sign in doc.wishes:
                si = ctx.shift_index.get(sid)
                if sign < 0 and si is not None and (d, si) in ctx.x:  # others: a constant
                    self.avoids[d].add(si)
            for group in groups:
                found = frozenset(si for sid in group
                                  if (si := ctx.shift_index.get(sid)) is not None
                                  and (d, si) in ctx.x)
                if found:
                    self.wants[d].append(found)
        self.wanted = [frozenset().union(*groups) for groups in self.wants]
        self.cost_now = 0
        self.balance_cap = 0
        # vakter in a høytid the doctor had last time: each costs COUNT_WEIGHT
        self.repeated = [frozenset()] * self.nd
        for d, sis in repeated_high_days(ctx).items():
            self.repeated[d] = frozenset(sis)
        self.band: dict[str, dict[int, tuple[int, int]]] = {}
        for f in FLAGS:
            flagged = [si for si, s in enumerate(ctx.shifts) if getattr(s, f) and s.required > 0]
            self.band[f] = fair_band(ctx, flagged, LEDGER_OF_FLAG[f])

    def _outside(self, f: str, d: int, count: int) -> int:
        lo, hi = self.band[f].get(d, (0, 1 << 30))
        return max(0, count - hi, lo - count)

    def _balance_delta(self, plan: list) -> int:
        """Change of the level-2 cost by the vakter this move takes and gives."""
        moved: dict[int, tuple[list[int], list[int]]] = {}
        for step, d, si in plan:
            if step == "unvakt":
                moved.setdefault(d, ([], []))[0].append(si)
            elif step == "vakt":
                moved.setdefault(d, ([], []))[1].append(si)
        return sum(self._doctor_balance_delta(d, rem, add) for d, (rem, add) in moved.items())

    def _doctor_balance_delta(self, d: int, removed: list[int], added: list[int]) -> int:
        repeated = self.repeated[d]
        out = (sum(si in repeated for si in added) - sum(si in repeated for si in removed)
               ) * COUNT_WEIGHT
        for f in FLAGS:
            change = sum(1 for si in added if f in self.flags_of[si])
            change -= sum(1 for si in removed if f in self.flags_of[si])
            if change and d in self.band[f]:
                c = self.counts[f][d]
                out += (self._outside(f, d, c + change) - self._outside(f, d, c)) * COUNT_WEIGHT
        days = self.days[d]
        shift: dict[int, int] = {}
        for si in removed:
            shift[self.day[si]] = shift.get(self.day[si], 0) - 1
        for si in added:
            shift[self.day[si]] = shift.get(self.day[si], 0) + 1
        gone = {k for k, c in shift.items() if c < 0 and days.get(k, 0) + c == 0}
        new = {k for k, c in shift.items() if c > 0 and days.get(k, 0) == 0}
        if not gone and not new:
            return out
        changed = gone | new
        for length, limit, cost, starts in self.window_rules[d]:
            seen: set[int] = set()
            for k in changed:
                for i in range(max(0, k - length + 1), k + 1):
                    if i in seen or i not in starts:
                        continue
                    seen.add(i)
                    end = min(i + length, self.ndays)
                    before = sum(1 for j in range(i, end) if j in days)
                    after = before - sum(1 for j in gone if i <= j < end) + sum(
                        1 for j in new if i <= j < end)
                    out += (max(0, after - limit) - max(0, before - limit)) * cost
        if self.soft_weeks:
            for w in {self.week_of[k] for k in changed}:
                before = self.week_count[d].get(w, 0)
                after = before - sum(1 for k in gone if self.week_of[k] == w) + sum(
                    1 for k in new if self.week_of[k] == w)
                for limit, cost in self.soft_weeks.get(w, ()):
                    out += (max(0, after - limit) - max(0, before - limit)) * cost
        return out

    def doctor_balance_cost(self, d: int) -> tuple[int, set[int]]:
        """Doctor ``d``'s level-2 cost, and the duty days that take part in a broken window."""
        cost = sum(d in self.vakt[si] for si in self.repeated[d]) * COUNT_WEIGHT
        bad: set[int] = set()
        for f in FLAGS:
            if d in self.band[f]:
                cost += self._outside(f, d, self.counts[f][d]) * COUNT_WEIGHT
        days = self.days[d]
        for length, limit, weight, starts in self.window_rules[d]:
            for i in starts:
                inside = [j for j in range(i, min(i + length, self.ndays)) if j in days]
                if len(inside) > limit:
                    cost += (len(inside) - limit) * weight
                    bad.update(inside)
        for w, c in self.week_count[d].items():
            for limit, weight in self.soft_weeks.get(w, ()):
                if c > limit:
                    cost += (c - limit) * weight
                    bad.update(k for k in self.week_days[w] if k in days)
        return cost, bad

    def balance_cost(self) -> int:
        return sum(self.doctor_balance_cost(d)[0] for d in range(self.nd))

    def _spacing_ok(self, d: int, add: int, drop: int | None) -> bool:
        """May doctor ``d`` start a vakt on day ``add`` (having dropped one on ``drop``)?"""
        days = self.days[d]
        dropped = drop if drop is not None and days.get(drop, 0) == 1 and drop != add else None
        if add in days and add != dropped:
            return True  # already a duty day: no count changes
        w = self.week_of[add]
        if w in self.week_limits:
            n = self.week_count[d].get(w, 0) + 1
            if dropped is not None and self.week_of[dropped] == w:
                n -= 1
            if n > self.week_limits[w]:
                return False
        for length, limit, starts in self.hard_windows[d]:
            first = max(0, add - length + 1)
            last = min(add, self.ndays - length)
            for i in range(first, last + 1):
                if i not in starts:
                    continue
                n = 1
                for k in range(i, i + length):
                    if k != add and k != dropped and k in days:
                        n += 1
                if n > limit:
                    return False
        return True

    def _free(self, d: int, si: int, role: Role, skip: tuple[int, int] | None = None) -> bool:
        """No overlap with ``d``'s other duties and, for vakt, the minimum rest to other vakter.
        ``skip``: (shift, role code) of a duty ``d`` gives up in the same move."""
        s0, e0 = self.start[si], self.end[si]
        lst = self.starts[d]
        lo = bisect_left(lst, (s0 - self.longest - self.rest, -1, -1))
        hi = bisect_left(lst, (e0 + self.rest, -1, -1))
        vakt = role == "vakt"
        for j in range(lo, hi):
            s1, sj, rj = lst[j]
            if (sj, rj) == skip:
                continue
            e1 = self.end[sj]
            if s1 < e0 and s0 < e1:
                return False
            if vakt and rj == 0 and self.rest > 0:
                gap = s0 - e1 if e1 <= s0 else s1 - e0
                if 0 < gap < self.rest:
                    return False
        return True

    def _needs_bakvakt(self, doctors: list[int]) -> bool:
        return any(not self.competent[d] for d in doctors)

    def _competence_ok(self, si: int, doctors: list[int]) -> bool:
        s = self.shifts[si]
        return not s.requires_competent or any(self.competent[d] for d in doctors)

    def now(self) -> float:
        """The search's clock: the wall clock, or in deterministic mode the time the work done
        so far takes at a typical pace (SECONDS_PER_CHECK per move check), so that where the
        search stops does not depend on the machine's load."""
        if self.deterministic:
            return self.clock_start + self.work * SECONDS_PER_CHECK
        return time.perf_counter()

    def _vakt_ok(self, d: int, si: int, skip: tuple[int, int] | None = None,
                 drop_day: int | None = None) -> bool:
        self.work += 1
        return ((d, si) in self.ctx.x and self._spacing_ok(d, self.day[si], drop_day)
                and self._free(d, si, "vakt", skip))

    def _bakvakt_choice(self, si: int, vakt: list[int], busy: dict[int, int]) -> int | None:
        """The least-loaded competent doctor who can be bakvakt on ``si`` (``busy``: load changes
        of this move so far)."""
        best, best_ratio = None, 0.0
        for d in range(self.nd):
            if not self.competent[d] or d in vakt or (d, si) not in self.ctx.b:
                continue
            r = self.ratio(d, busy.get(d, 0) + self.bload[si])
            if best is not None and r >= best_ratio:
                continue
            if self._free(d, si, "bakvakt"):
                best, best_ratio = d, r
        return best

    # ------------------------------------------------------------------ moves
    def _evaluate(self, delta: dict[int, int], ceiling: float) -> float | None:
        """Change of sum(load²/share) for load changes ``delta``; None when a changed doctor would
        end above ``ceiling``."""
        self.work += 1
        out = 0.0
        for d, dl in delta.items():
            u = self.units[d]
            if u <= 0:
                continue
            old = self.total(d)
            new = old + dl
            if dl > 0 and new / u > ceiling:
                return None
            out += (new * new - old * old) / u
        return out

    def _bakvakt_effect(self, si: int, before: list[int], after: list[int],
                        delta: dict[int, int], plan: list) -> bool:
        """Keep bakvakt coverage of ``si`` right after its vakter change; add the load changes
        to ``delta`` and the steps to ``plan``. False when no valid bakvakt can be found or a
        locked bakvakt would have to go."""
        need_after = self._needs_bakvakt(after)
        current = self.bak[si]
        if need_after and current is not None and current not in after:
            return True
        if current is not None and (current, si, "bakvakt") in self.ctx.fixed:
            return False
        if current is not None:
            delta[current] = delta.get(current, 0) - self.bload[si]
            plan.append(("unbak", current, si))
        if need_after:
            new = self._bakvakt_choice(si, after, delta)
            if new is None:
                return False
            delta[new] = delta.get(new, 0) + self.bload[si]
            plan.append(("bak", new, si))
        return True

    def _apply(self, plan: list) -> None:
        if self.mode == "wishes":  # keep the level-2 cost the wishes search must not exceed
            self.cost_now += self._balance_delta(plan)
        for step, d, si in plan:  # removals first, so additions find the doctor free
            if step in ("unvakt", "unbak"):
                self._remove(d, si, "vakt" if step == "unvakt" else "bakvakt")
        for step, d, si in plan:
            if step in ("vakt", "bak"):
                self._add(d, si, "vakt" if step == "vakt" else "bakvakt")

    def _movable_vakt(self, d: int) -> list[int]:
        return [si for _, si, rc in self.starts[d]
                if rc == 0 and self.movable[si] and (d, si, "vakt") not in self.ctx.fixed]

    def try_transfer(self, a: int, si: int, b: int, ceiling: float,
                     force: bool = False) -> float | None:
        """Give ``a``'s vakt on ``si`` to ``b``. Returns the objective change and applies the
        move when it improves, else None."""
        if b in self.vakt[si] or not self._vakt_ok(b, si):
            return None
        after = [b if d == a else d for d in self.vakt[si]]
        if not self._competence_ok(si, after):
            return None
        delta = {a: -self.vload[si], b: self.vload[si]}
        plan: list = [("unvakt", a, si), ("vakt", b, si)]
        if self.bak[si] == b or self._needs_bakvakt(after) != self._needs_bakvakt(self.vakt[si]):
            if not self._bakvakt_effect(si, self.vakt[si], after, delta, plan):
                return None
        change = self._accept(plan, delta, ceiling, force)
        if change is None:
            return None
        self._apply(plan)
        if not self._chains_ok(plan):
            self._undo(plan)
            return None
        return change

    def try_swap(self, a: int, si: int, b: int, sj: int, ceiling: float,
                 force: bool = False) -> float | None:
        """``a`` takes ``b``'s vakt on ``sj`` and ``b`` takes ``a``'s vakt on ``si``."""
        if b in self.vakt[si] or a in self.vakt[sj]:
            return None
        delta = {a: self.vload[sj] - self.vload[si], b: self.vload[si] - self.vload[sj]}
        if si == sj or self._evaluate(delta, ceiling) is None:
            return None
        if not (self._vakt_ok(b, si, (sj, 0), self.day[sj])
                and self._vakt_ok(a, sj, (si, 0), self.day[si])):
            return None
        # a and b may each hold the other's shift as bakvakt: checked by _free (overlap).
        after_i = [b if d == a else d for d in self.vakt[si]]
        after_j = [a if d == b else d for d in self.vakt[sj]]
        if not (self._competence_ok(si, after_i) and self._competence_ok(sj, after_j)):
            return None
        if self._overlaps(si, sj):
            return None  # two simultaneous shifts: rest/overlap of the pair is subtle; skip
        plan: list = [("unvakt", a, si), ("unvakt", b, sj), ("vakt", b, si), ("vakt", a, sj)]
        for s, before, after in ((si, self.vakt[si], after_i), (sj, self.vakt[sj], after_j)):
            cur = self.bak[s]
            if cur in (a, b) or self._needs_bakvakt(after) != self._needs_bakvakt(before):
                if not self._bakvakt_effect(s, before, after, delta, plan):
                    return None
        change = self._accept(plan, delta, ceiling, force)
        if change is None:
            return None
        self._apply(plan)
        if not (self._consistent(plan) and self._chains_ok(plan)):
            self._undo(plan)
            return None
        return change

    def _overlaps(self, si: int, sj: int) -> bool:
        return self.start[si] < self.end[sj] + self.rest and self.start[sj] < self.end[si] + self.rest

    def _consistent(self, plan: list) -> bool:
        """After a compound move: every doctor it touched is still free of overlap and rest
        conflicts (a bakvakt chosen before the vakt moved could clash with them)."""
        for step, d, si in plan:
            if step in ("vakt", "bak"):
                role: Role = "vakt" if step == "vakt" else "bakvakt"
                code = 0 if role == "vakt" else 1
                if not self._free(d, si, role, (si, code)):
                    return False
        return True

    def _chains_ok(self, plan: list) -> bool:
        """After a move: every vakt of a doctor it touched that she may hold only on from her
        practice (forbid mode, :func:`solver.rules.add_practice_chain`) still does."""
        if not self.chain:
            return True
        day = 24 * 60
        for step, d, si in plan:
            if step not in ("vakt", "unvakt"):
                continue
            lst = self.starts[d]
            lo = bisect_left(lst, (self.start[si] - day, -1, -1))
            hi = bisect_left(lst, (self.end[si] + day, -1, -1))
            for _, sj, rj in lst[lo:hi]:
                if rj == 0 and (d, sj) in self.chain and not self._on_from_practice(d, sj):
                    return False
        return True

    def _on_from_practice(self, d: int, si: int) -> bool:
        practice_end = self.chain[d, si]
        ends = {self.end[sj]: sj for _, sj, rj in self.starts[d] if rj == 0}
        cur = si
        while (before := ends.get(self.start[cur])) is not None and before != cur:
            if self.start[before] <= practice_end + self.practice_break:
                return self.start[before] >= practice_end
            cur = before
        return False

    def _undo(self, plan: list) -> None:
        inverse = {"vakt": "unvakt", "unvakt": "vakt", "bak": "unbak", "unbak": "bak"}
        self._apply([(inverse[step], d, si) for step, d, si in plan])

    def try_bakvakt(self, c: int, si: int, d: int, ceiling: float) -> float | None:
        """Hand ``c``'s bakvakt on ``si`` to ``d``."""
        if (c, si, "bakvakt") in self.ctx.fixed or not self.competent[d] or d in self.vakt[si]:
            return None
        if (d, si) not in self.ctx.b or not self._free(d, si, "bakvakt"):
            return None
        delta = {c: -self.bload[si], d: self.bload[si]}
        plan = [("unbak", c, si), ("bak", d, si)]
        change = self._accept(plan, delta, ceiling, False)
        if change is None:
            return None
        self._apply(plan)
        return change

    def _accept(self, plan: list, delta: dict[int, int], ceiling: float,
                force: bool) -> float | None:
        """Is the move an improvement (or forced) and within the ceiling? Returns the change of
        the search's objective: the spread (load mode), or the balance cost with the spread as
        a tie-break (balance mode)."""
        change = self._evaluate(delta, ceiling)
        if change is None:
            return None
        if self.mode == "balance":
            cost = self._balance_delta(plan)
            if cost < 0 or force:
                return cost - 1e-12 * abs(change)
            return change if cost == 0 and change < -1e-9 else None
        if self.mode == "wishes":
            cost = self._balance_delta(plan)
            if self.cost_now + cost > self.balance_cap:
                return None  # level 2 is fixed: never worse than its optimum
            unmet = self._wish_delta(plan)
            if unmet < 0 or force:
                return unmet
            return None
        return change if change < -1e-9 or force else None

    def _wish_delta(self, plan: list) -> int:
        out = 0
        change: dict[int, dict[int, int]] = {}  # doctor -> wanted shift -> +1 taken / -1 given
        for step, d, si in plan:
            if step == "vakt":
                out += si in self.avoids[d]
            elif step == "unvakt":
                out -= si in self.avoids[d]
            if step in ("vakt", "unvakt") and si in self.wanted[d]:
                moved = change.setdefault(d, {})
                moved[si] = moved.get(si, 0) + (1 if step == "vakt" else -1)
        for d, moved in change.items():
            held = self.held(d)
            for group in self.wants[d]:
                if not moved.keys() & group:
                    continue
                before = len(group & held)
                after = before + sum(c for si, c in moved.items() if si in group)
                out += (after == 0) - (before == 0)
        return out

    def unmet_wishes(self) -> int:
        out = 0
        for d in range(self.nd):
            held = self.held(d)
            out += len(self.avoids[d] & held) + sum(1 for g in self.wants[d] if not g & held)
        return out

    def held(self, d: int) -> set[int]:
        return {si for _, si, rc in self.starts[d] if rc == 0}

    def search_wishes(self, deadline: float, ceiling: float, balance_cap: int,
                      cancelled: Callable[[], bool] = lambda: False,
                      tick: Callable[[], None] = lambda: None) -> None:
        """Level 3 by local search: fewer unmet wishes, with every load per share at or below
        ``ceiling`` and the level-2 cost at or below ``balance_cap`` (both levels as fixed)."""
        self.mode = "wishes"
        self.deadline, self.stop, self.tick = deadline, cancelled, tick
        self.balance_cap = balance_cap
        try:
            best, best_unmet = self.assignment(), self.unmet_wishes()
            stall = _Stall(self.deterministic)
            self.cost_now = self.balance_cost()
            while (best_unmet > 0 and self.now() < deadline and not cancelled()
                   and not stall.given_up()):
                self._improve_wishes(ceiling)
                unmet = self.unmet_wishes()
                if unmet < best_unmet:
                    best, best_unmet = self.assignment(), unmet
                    stall.progress()
                else:
                    self._load(*best)
                    stall.idle()
                    self.cost_now = self.balance_cost()
                    self._kick(2, ceiling, loosen=1.0)
        finally:
            self.mode = "load"
            self._load(*best)

    def _improve_wishes(self, ceiling: float) -> None:
        """Descend: hand avoided vakter to colleagues and take wanted ones, directly or by a
        swap, while both fixed levels hold."""
        sharing = [d for d in range(self.nd) if self.units[d] > 0]
        improved = True
        while improved and not self._must_stop():
            improved = False
            for a in sharing:
                mine = self.held(a)
                for si in sorted(self.avoids[a] & mine):
                    if self._move_away(a, si, sharing, ceiling):
                        improved = True
                for group in self.wants[a]:
                    if group & mine:
                        continue
                    if any(self._take(a, si, b, ceiling)
                           for si in sorted(group) for b in list(self.vakt[si])):
                        improved = True
                        mine = self.held(a)

    def _move_away(self, a: int, si: int, sharing: list[int], ceiling: float) -> bool:
        if not self.movable[si] or (a, si, "vakt") in self.ctx.fixed:
            return False
        for b in sharing:
            if b != a and self.try_transfer(a, si, b, ceiling) is not None:
                return True
        for b in sharing:
            if b == a:
                continue
            for sj in self._movable_vakt(b):
                if self.try_swap(a, si, b, sj, ceiling) is not None:
                    return True
        return False

    def _take(self, a: int, si: int, b: int, ceiling: float) -> bool:
        """``a`` takes the wanted ``si`` from ``b`` (directly, or giving one of its own)."""
        if not self.movable[si] or (b, si, "vakt") in self.ctx.fixed:
            return False
        if self.try_transfer(b, si, a, ceiling) is not None:
            return True
        return any(self.try_swap(b, si, a, sj, ceiling) is not None
                   for sj in self._movable_vakt(a))

    # ------------------------------------------------------------------ search
    def improve(self, deadline: float, cancelled: Callable[[], bool] = lambda: False,
                tick: Callable[[], None] = lambda: None) -> int:
        """Descend until no move improves or the deadline passes. Returns the number of moves."""
        moves = 0
        sharing = [d for d in range(self.nd) if self.units[d] > 0]
        improved = True
        while improved:
            improved = False
            order = sorted(sharing, key=self.ratio, reverse=True)
            for a in order:
                if self.now() > deadline or cancelled():
                    return moves
                tick()
                ceiling = self.max_ratio()
                ra = self.ratio(a)
                lower = [b for b in reversed(order) if self.ratio(b) < ra and b != a]
                if self._improve_doctor(a, lower, ceiling):
                    moves += 1
                    improved = True
        return moves

    def spread(self) -> float:
        """Sum of load² / share: lower is more even (the search's second criterion)."""
        return sum(self.total(d) ** 2 / self.units[d] for d in range(self.nd) if self.units[d] > 0)

    def search(self, deadline: float, target: float | None = None,
               cancelled: Callable[[], bool] = lambda: False,
               tick: Callable[[], None] = lambda: None) -> None:
        """Iterated local search: descend, then kick the rota with a few random moves that may
        make it worse, descend again, and keep the best rota seen (smallest maximum, then the
        most even)."""
        self.deadline, self.stop, self.tick = deadline, cancelled, tick
        self.improve(deadline, cancelled, tick)
        best = self.assignment()
        best_key = (self.max_ratio(), self.spread())
        strength, stall = 2, _Stall(self.deterministic)
        while self.now() < deadline and not cancelled() and not stall.given_up():
            if target is not None and best_key[0] <= target:
                break
            self._kick(strength, best_key[0])
            self.improve(deadline, cancelled, tick)
            key = (self.max_ratio(), self.spread())
            if key < best_key:  # only a lower maximum, not a more even spread, is progress
                stall.progress() if key[0] < best_key[0] else stall.idle()
                best, best_key, strength = self.assignment(), key, 2
            else:
                stall.idle()
                self._load(*best)
                strength = strength + 1 if strength < 12 else 2

    def search_balance(self, deadline: float, ceiling: float,
                       cancelled: Callable[[], bool] = lambda: False,
                       tick: Callable[[], None] = lambda: None) -> None:
        """Level 2 by iterated local search: lower the balance cost (fair bands, soft spacing,
        spread) while every load per share stays at or below ``ceiling`` (level 1 as fixed)."""
        self.mode = "balance"
        self.deadline, self.stop, self.tick = deadline, cancelled, tick
        try:
            self.improve_balance(deadline, ceiling, cancelled, tick)
            best = self.assignment()
            best_key = (self.balance_cost(), self.spread())
            strength, stall = 2, _Stall(self.deterministic)
            while (best_key[0] > 0 and self.now() < deadline and not cancelled()
                   and not stall.given_up()):
                self._kick(strength, ceiling, loosen=1.0)
                self.improve_balance(deadline, ceiling, cancelled, tick)
                key = (self.balance_cost(), self.spread())
                if key < best_key:  # only a lower cost, not a more even load, is progress
                    stall.progress() if key[0] < best_key[0] else stall.idle()
                    best, best_key, strength = self.assignment(), key, 2
                else:
                    self._load(*best)
                    strength = strength + 1 if strength < 12 else 2
                    stall.idle()
        finally:
            self.mode = "load"

    def improve_balance(self, deadline: float, ceiling: float, cancelled: Callable[[], bool],
                        tick: Callable[[], None]) -> int:
        sharing = [d for d in range(self.nd) if self.units[d] > 0]
        moves = 0
        improved = True
        while improved:
            improved = False
            costs = {d: self.doctor_balance_cost(d)[0] for d in sharing}
            for a in sorted((d for d in sharing if costs[d] > 0), key=lambda d: -costs[d]):
                if self.now() > deadline or cancelled():
                    return moves
                tick()
                cost, bad = self.doctor_balance_cost(a)
                if cost > 0 and self._improve_balance_doctor(a, bad, sharing, ceiling):
                    moves += 1
                    improved = True
        return moves

    def _improve_balance_doctor(self, a: int, bad_days: set[int], sharing: list[int],
                                ceiling: float) -> bool:
        mine = self._movable_vakt(a)
        over = {f for f in FLAGS if a in self.band[f] and self.counts[f][a] > self.band[f][a][1]}
        under = {f for f in FLAGS if a in self.band[f] and self.counts[f][a] < self.band[f][a][0]}
        give = [si for si in mine if self.day[si] in bad_days or over & set(self.flags_of[si])
                or si in self.repeated[a]]
        self.rng.shuffle(give)
        others = [b for b in sharing if b != a]
        self.rng.shuffle(others)
        for si in give:
            if self._must_stop():
                return False
            for b in others:
                if self.try_transfer(a, si, b, ceiling) is not None:
                    return True
            for b in others:
                for sj in self._movable_vakt(b):
                    if self.try_swap(a, si, b, sj, ceiling) is not None:
                        return True
        if under:  # take a vakt of the missing kind from a colleague, give a plain one back
            plain = [si for si in mine if not under & set(self.flags_of[si])]
            for b in others:
                if self._must_stop():
                    return False
                for sj in self._movable_vakt(b):
                    if under & set(self.flags_of[sj]):
                        if self.try_transfer(b, sj, a, ceiling) is not None:
                            return True
                        for si in plain:
                            if self.try_swap(a, si, b, sj, ceiling) is not None:
                                return True
        return False

    def _kick(self, moves: int, ceiling: float, loosen: float = 1.01) -> None:
        """``moves`` random valid swaps or transfers between random doctors, each allowed to
        make the objective worse and (load mode) to go a little above the current maximum."""
        loose = ceiling * loosen
        sharing = [d for d in range(self.nd) if self.units[d] > 0]
        if len(sharing) < 2:
            return  # nobody to move a vakt to (a district of one doctor)
        tries = 0
        while moves > 0 and tries < 200 * moves:
            tries += 1
            if self.rng.random() < 0.5:  # half the kicks start at the most loaded doctors
                top = sorted(sharing, key=self.ratio, reverse=True)[:3]
                a = self.rng.choice(top)
                b = self.rng.choice([d for d in sharing if d != a])
            else:
                a, b = self.rng.sample(sharing, 2)
            mine, theirs = self._movable_vakt(a), self._movable_vakt(b)
            if not mine:
                continue
            si = self.rng.choice(mine)
            if theirs and self.rng.random() < 0.7:
                sj = self.rng.choice(theirs)
                done = self.try_swap(a, si, b, sj, loose, force=True)
            else:
                done = self.try_transfer(a, si, b, loose, force=True)
            if done is not None:
                moves -= 1

    def _must_stop(self) -> bool:
        """Deadline or cancel, checked inside long neighbourhood scans (and progress reported)."""
        self.tick()
        return self.now() > self.deadline or self.stop()

    def _room(self, a: int, b: int, ceiling: float) -> float:
        """The largest load ``a`` can pass to ``b`` so that the loads get more even (the sum of
        load²/share falls) and ``b`` stays at or below ``ceiling``."""
        ua, ub = self.units[a], self.units[b]
        even = 2 * (self.total(a) / ua - self.total(b) / ub) / (1 / ua + 1 / ub)
        return min(even, ceiling * ub - self.total(b))

    def _improve_doctor(self, a: int, lower: list[int], ceiling: float) -> bool:
        mine = self._movable_vakt(a)
        self.rng.shuffle(mine)
        room = {b: self._room(a, b, ceiling) for b in lower}
        lower = [b for b in lower if room[b] > 0]
        for si in mine:
            load = self.vload[si]
            for b in lower:
                if ((load < room[b] or self._may_change_bakvakt(si, a, b))
                        and self.try_transfer(a, si, b, ceiling) is not None):
                    return True
        for si in [s for _, s, rc in self.starts[a] if rc == 1]:
            if (a, si, "bakvakt") in self.ctx.fixed:
                continue
            for d in lower:
                if self.bload[si] < room[d] and self.try_bakvakt(a, si, d, ceiling) is not None:
                    return True
        for b in lower:
            if self._must_stop():
                return False
            theirs = sorted(self._movable_vakt(b), key=self.vload.__getitem__)
            mixed = self.competent[a] != self.competent[b]  # bakvakt needs may change
            loads = [self.vload[sj] for sj in theirs]
            slack = 0
            for si in mine:
                load = self.vload[si]
                window = theirs[bisect_left(loads, load - room[b] - slack + 1e-9):
                                bisect_left(loads, load + slack)]
                if mixed:
                    # Besides evening out, a swap can save a bakvakt: a non-competent doctor
                    # joins a shift where another non-competent doctor already has one.
                    if not self.competent[a]:
                        window = window + [sj for sj in theirs if self._other_noncompetent(sj, b)]
                    elif self._other_noncompetent(si, a):
                        window = theirs
                for sj in window:
                    if self.try_swap(a, si, b, sj, ceiling) is not None:
                        return True
        return False

    def _other_noncompetent(self, si: int, besides: int) -> bool:
        return any(not self.competent[d] for d in self.vakt[si] if d != besides)

    def _may_change_bakvakt(self, si: int, a: int, b: int) -> bool:
        return self.competent[a] != self.competent[b] or self.bak[si] == b
