"""The lexicographic objective, level by level.

0. ``moves`` (repair mode only): how many assignments of the published rota change.
1. ``fairness``: the largest load per fair share over the doctors, in weighted hours per unit of
   fair share. Load = vakt hours × weight + bakvakt hours × bakvakt_weight + the ledger
   balance; doctors with share 0 are left out. It is minimised in steps of ``resolution`` × the
   water-filling bound (:func:`solver.fairness.water_filling_bound`; default 1 %, about two weighted hours in half a year for a full
   share), counted from that bound: step 0 is every rota whose worst-off doctor is within one
   step of the bound, step k is the k-th step above it. A rota whose worst-off doctor carries
   less than a step more is not worth a weekend more for anybody, and the coarse step lets
   CP-SAT *prove* the level instead of creeping in hundredths of an hour; a rota in step 0 is
   proven at once by the analytic bound. The value reported is the exact ratio.
2. ``balance``: every doctor's nights, weekends and høytid vakter within one of their fair
   number (the fair band: the district's count × the doctor's share of those who may take such
   a vakt, shifted by the carried-over ledger; where some doctors' counts are not measured,
   what they leave, split among the others: :func:`fix_count_bands`); each vakt outside the
   band costs
   ``COUNT_WEIGHT``, as does each vakt in a høytid the doctor had last time (the ledger's
   ``had_high_days``: who had Christmas last year has it off this year when anybody can).
   Plus ``SOFT_WEIGHT`` × each soft spacing penalty, plus ``SPREAD_WEIGHT`` × each duty day
   bunched closer than half the doctor's ideal spacing. Every term is zero in a
   perfectly balanced rota, so reaching zero proves the level at once.
   Then ``sharing``: what no rota keeps inside the bands, shared (:func:`sharing_level`):
   level 2 fixed, the k-th vakt outside a doctor's band costs k (:func:`band_cost`), so two
   doctors 2 and 2 short beat 1 and 3 short, which level 2 prices the same. Zero (proven at
   once) where nobody is more than one vakt outside.
3. ``wishes``: one point per unmet wish: an avoided shift given, a wanted shift not given, a
   group of wanted shifts (a wished day) with none of them given. Folded into level 2 as its
   tie-break when CP-SAT solves it (:meth:`Level.folded`).

Each level is built only when it starts (a smaller model for the levels before it). Every
auxiliary variable records how it follows from the duties (:meth:`RotaModel.derive`), so a rota
made outside CP-SAT (the load balancer, a previous rota) is a complete hint.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from ortools.sat.python import cp_model

from solver.common import (
    LOAD_SCALE,
    SHARE_SCALE,
    bakvakt_load,
    count_weight,
    days,
    period_days,
    vakt_load,
)
from solver.fairness import FairnessBound, share_units
from solver.ledger import left_out_of_counts
from solver.problem import Rota
from solver.rules import RotaModel, build_duty_days

K = TypeVar("K")  # a doctor by index (the model) or by id (the reports)

SOFT_WEIGHT = 10  # level-2 cost per penalty point of a soft spacing limit (a limit's penalty is 10)
COUNT_WEIGHT = 10  # level-2 cost per night / weekend / høytid vakt outside a doctor's fair band
SPREAD_WEIGHT = 5  # level-2 cost per extra duty day inside a doctor's spread window
DEFAULT_RESOLUTION = 0.01  # level-1 step as a fraction of the perfect-fairness bound

Terms = list[tuple[int, cp_model.IntVar]]


@dataclass
class Level:
    name: str  # "moves" | "fairness" | "fairness_others" | "balance" | "sharing" | "wishes"
    title: str  # Norwegian
    expr: cp_model.LinearExprT
    scale: float = 1.0  # a model value v is (v + offset) / scale for display
    lower_bound: int | None = None  # analytic, when known
    terms: dict[str, cp_model.LinearExprT] = field(default_factory=dict)
    value: Callable[[dict[int, int]], int] | None = None  # the level's value for given variables
    # stepped levels (fairness): the analytic bound in display units; a model bound b of the
    # stepped value proves only that the exact value exceeds the display of b - 1
    proven_floor: float | None = None
    offset: float = 0.0
    most: int | None = None  # the largest value the level can take, when known
    # the next level, folded in as a tie-break: CP-SAT minimises expr × fold + next.expr
    # (fold = next.most + 1, so the order of the two levels is kept exactly)
    tie_break: Level | None = None
    fold: int = 1
    # the level as a sum of one part per doctor (by index), when it is one (balance): what
    # solver.solve._DoctorFloors bounds part by part
    by_doctor: dict[int, cp_model.LinearExprT] = field(default_factory=dict)
    doctors: tuple[int, ...] = ()  # the doctors (by index) the level measures, when not all

    def display(self, v: float) -> float:
        return (v // self.fold + self.offset) / (self.scale or 1.0)

    def folded(self) -> Level:
        """The level as CP-SAT solves it: with the next level as its tie-break, when it has
        one. A model value v of the folded level is the level's v // fold (and its bound b
        proves the level's b // fold, as the tie-break is at most fold - 1)."""
        nxt = self.tie_break
        if nxt is None or nxt.most is None:
            return self
        fold = nxt.most + 1
        return replace(self, expr=self.expr * fold + nxt.expr, fold=fold, tie_break=None)

    def model_value(self, shown: float) -> int:
        """The largest model value whose display is at most ``shown``."""
        return math.floor(shown * (self.scale or 1.0) - self.offset + 1e-9)


def _sum(terms: Terms, val: dict[int, int]) -> int:
    return sum(c * val[v.index] for c, v in terms)


def load_terms(ctx: RotaModel) -> dict[int, Terms]:
    """Each doctor's load (model units) as (coefficient, variable) pairs, without the ledger."""
    out: dict[int, Terms] = defaultdict(list)
    for (di, si), v in ctx.x.items():
        out[di].append((vakt_load(ctx.shifts[si]), v))
    for (di, si), v in ctx.b.items():
        out[di].append((bakvakt_load(ctx.shifts[si]), v))
    return out


def fairness_step(bound: FairnessBound, resolution: float) -> int:
    """Level-1 step in load units per unit of fair share: ``resolution`` × the analytic bound
    (at least 0.01 weighted hour)."""
    if bound.value == float("inf") or bound.value <= 0:
        return 1
    return max(1, int(bound.value * LOAD_SCALE * resolution))


@dataclass(frozen=True)
class FairnessGrid:
    """Level 1's steps: a rota whose worst load per share (model units, × LOAD_SCALE) is at
    most ``base + (t + 1) × step`` is in step ``t`` (t ≥ 0) when the analytic bound is known
    (``base`` = the bound rounded down); otherwise ``t × step`` with no floor."""

    base: int
    step: int
    anchored: bool

    def ceiling(self, t: int) -> int:
        """The largest load per share (model units) in step ``t``."""
        return self.base + (t + 1 if self.anchored else t) * self.step

    def step_of(self, load: int, units: int) -> int:
        """The step of a doctor with ``load`` × SHARE_SCALE (model units) and ``units`` of
        fair share (exact integer arithmetic)."""
        over = load - self.base * units
        t = -((-over) // (self.step * units))  # ceiling
        return max(0, t - 1) if self.anchored else t


def fairness_grid(bound: FairnessBound, resolution: float = DEFAULT_RESOLUTION) -> FairnessGrid:
    step = fairness_step(bound, resolution)
    if bound.value == float("inf") or bound.value <= 0:
        return FairnessGrid(0, step, False)
    return FairnessGrid(math.floor(bound.value * LOAD_SCALE + 1e-9), step, True)


def others_grid(bound: FairnessBound, resolution: float = DEFAULT_RESOLUTION) -> FairnessGrid:
    """The steps of :func:`others_level`: level 1's, counted from 0 (the others' top may lie
    below the district's bound)."""
    return FairnessGrid(0, fairness_step(bound, resolution), False)


def _worst_step(ctx: RotaModel, grid: FairnessGrid, doctors: list[int], loads: dict[int, Terms],
                lb: int | None, name: str, span: Iterable[int]) -> cp_model.IntVar:
    """``t`` ≥ the step (``grid``) of each of ``doctors``' load per share, the ledger counted;
    at least ``lb`` where given. Its largest value is counted from the largest load of the
    doctors in ``span``."""
    units = share_units(ctx.problem)
    ledger = {di: round(ctx.doctors[di].ledger.load_balance * LOAD_SCALE) for di in span}
    min_unit = min(units[ctx.doctors[di].id] for di in doctors)
    max_load = max(abs(ledger[di]) + sum(c for c, _ in loads[di]) for di in span)
    ub = max_load * SHARE_SCALE // max(1, min_unit) // grid.step + 2
    t = ctx.model.new_int_var(lb if lb is not None else -ub, ub, name)
    for di in doctors:
        u = units[ctx.doctors[di].id]
        ctx.model.add((sum(c * v for c, v in loads[di]) + ledger[di]) * SHARE_SCALE
                      <= (t * grid.step + grid.ceiling(0)) * u)

    def t_value(val: dict[int, int]) -> int:
        need = max(grid.step_of((_sum(loads[di], val) + ledger[di]) * SHARE_SCALE,
                                units[ctx.doctors[di].id]) for di in doctors)
        return max(need, lb if lb is not None else need)

    ctx.derive(t, t_value)
    return t


def fairness_level(ctx: RotaModel, bound: FairnessBound, symmetry: bool,
                   resolution: float = DEFAULT_RESOLUTION) -> Level:
    """``t`` ≥ the step (:class:`FairnessGrid`) of every sharing doctor's load per share;
    minimise t."""
    grid = fairness_grid(bound, resolution)
    step = grid.step
    units = share_units(ctx.problem)
    sharing = [di for di, d in enumerate(ctx.doctors) if units[d.id] > 0]
    offset = grid.ceiling(0) / step  # display(t) = grid.ceiling(t) / LOAD_SCALE
    if not sharing:
        return Level("fairness", "Største belastning per andel", 0, LOAD_SCALE / step,
                     offset=offset)
    loads = load_terms(ctx)
    # no rota has a doctor's ratio below the analytic bound, so t is at least 0 there
    lb = 0 if grid.anchored else None
    t = _worst_step(ctx, grid, sharing, loads, lb, "max_load_per_share", range(len(ctx.doctors)))
    if symmetry:
        add_symmetry_breaking(ctx, loads)
    return Level("fairness", "Største belastning per andel", t, LOAD_SCALE / step, lb,
                 value=lambda val: val[t.index],
                 proven_floor=bound.value if bound.value != float("inf") else None,
                 offset=offset)


def others_level(ctx: RotaModel, bound: FairnessBound, rest: list[int],
                 name: str = "fairness_others", resolution: float = DEFAULT_RESOLUTION) -> Level:
    """Level 1 again for the doctors ``rest`` below its top (the next step of a leximin
    order): the largest load per share among them, in level 1's steps counted from 0
    (:func:`others_grid`). Where level 1's top is a doctor the rules force far above the rest
    (a vikar with a small fair share who alone may take some vakter; in a repair, a doctor
    whose vakter must stay), level 1 caps nobody else, and nothing would keep the others'
    loads even (QA: liten-kommune repaired, Per Kroken given 5 of an ill colleague's
    døgnvakter while two others were free). Solved only then
    (:func:`solver.solve._below_the_top`), and capped like level 1 after; again, ``name``
    numbered, for those far below its own top."""
    grid = others_grid(bound, resolution)
    t = _worst_step(ctx, grid, rest, load_terms(ctx), 0, f"max_load_per_share|{name}", rest)
    return Level(name, "Største belastning per andel blant de andre legene", t,
                 LOAD_SCALE / grid.step, 0, value=lambda val: val[t.index], doctors=tuple(rest))


def _identity(ctx: RotaModel, di: int) -> tuple | None:
    d = ctx.doctors[di]
    if d.wishes or d.wants or d.pre_assigned or any(f[0] == di for f in ctx.fixed):
        return None
    # the duty days of the period before are part of her rules (solver.rules.carried_windows)
    return (d.competent, d.share, d.has_practice, d.absences, d.exemptions, d.ledger,
            d.earlier_duty_days)


def add_symmetry_breaking(ctx: RotaModel, loads: dict[int, Terms]) -> None:
    """Identical doctors are interchangeable: order them by load (a valid cut, since swapping
    two identical doctors' duties leaves every rule and every objective level unchanged)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for di in range(len(ctx.doctors)):
        key = _identity(ctx, di)
        if key is not None:
            groups[key].append(di)
    for members in groups.values():
        if len(members) > 1:
            ctx.symmetric.append(members)
        for a, b in zip(members, members[1:], strict=False):
            ctx.model.add(sum(c * v for c, v in loads[a]) >= sum(c * v for c, v in loads[b]))


def canonical(ctx: RotaModel, pairs: tuple[set, set]) -> tuple[set, set]:
    """The same rota with identical doctors' duties reordered so their loads fall in the order
    the symmetry cuts demand (any rota made outside CP-SAT can then serve as its hint)."""
    if not ctx.symmetric:
        return pairs
    vakt, bak = set(pairs[0]), set(pairs[1])
    load = defaultdict(int)
    for d, si in vakt:
        load[d] += vakt_load(ctx.shifts[si])
    for d, si in bak:
        load[d] += bakvakt_load(ctx.shifts[si])
    for members in ctx.symmetric:
        duties = {m: ({si for d, si in vakt if d == m}, {si for d, si in bak if d == m})
                  for m in members}
        order = sorted(members, key=lambda m: -load[m])
        group = set(members)
        vakt = {(d, si) for d, si in vakt if d not in group}
        bak = {(d, si) for d, si in bak if d not in group}
        for target, source in zip(members, order, strict=True):
            vakt |= {(target, si) for si in duties[source][0]}
            bak |= {(target, si) for si in duties[source][1]}
    return vakt, bak


BAND_TIERS = 10  # vakter outside a fair band whose cost grows: 1, 2, … 10, then 10 each


def band_cost(outside: int) -> int:
    """The sharing level's price (:func:`sharing_level`) of ``outside`` vakter outside a
    doctor's fair band: 1 for the first, 2 for the second, … (convex), so a shortfall nobody
    can avoid is shared (two doctors 2 and 2 below their bands cost 6, 1 and 3 below cost 7);
    from the BAND_TIERS-th on, BAND_TIERS each."""
    k = min(outside, BAND_TIERS)
    return k * (k + 1) // 2 + (outside - k) * BAND_TIERS


def fair_range(total: int, weights: dict[K, float], may_take: dict[K, int],
               ledger: dict[K, int]) -> dict[K, tuple[int, int, float]]:
    """The fair number of ``total`` flagged vakter per doctor with a count ``weights``
    (:func:`solver.common.count_weight`), shifted by the carried-over ledger count: (lowest,
    highest, exact), never more than the ``may_take`` the doctor may take. The engine's level 2
    and the reports' fairness table both count by it."""
    whole = sum(weights.values())
    if whole <= 0:
        return {}
    ledger_total = sum(ledger[k] for k in weights)
    out = {}
    for k, w in weights.items():
        target = (total + ledger_total) * w / whole - ledger[k]
        lo = min(may_take[k], max(0, math.floor(target + 1e-9)))
        hi = min(may_take[k], max(lo, math.ceil(target - 1e-9)))
        out[k] = (lo, hi, target)
    return out


def _band_weights(ctx: RotaModel, flagged: list[int]) -> tuple[dict[int, float], dict[int, int]]:
    """Per doctor with a share who may take some of the ``flagged`` shifts: her count weight
    (:func:`solver.common.count_weight`) and how many of them she may take."""
    units = share_units(ctx.problem)
    weights, may = {}, {}
    for di, d in enumerate(ctx.doctors):
        n = sum(1 for si in flagged if (di, si) in ctx.x)
        if n and units[d.id] > 0:
            weights[di] = count_weight(units[d.id], d, (ctx.shifts[si] for si in flagged), n)
            may[di] = n
    return weights, may


def fair_band(ctx: RotaModel, flagged: list[int], ledger_attr: str) -> dict[int, tuple[int, int]]:
    """For each doctor who may take some of the ``flagged`` shifts: the lowest and highest fair
    number of them (:func:`fair_range`), as fixed by :func:`fix_count_bands` when it was."""
    if ledger_attr in ctx.count_bands:
        return ctx.count_bands[ledger_attr]
    weights, may = _band_weights(ctx, flagged)
    ledger = {di: getattr(ctx.doctors[di].ledger, ledger_attr) for di in weights}
    total = sum(ctx.shifts[si].required for si in flagged)
    return {di: (lo, hi) for di, (lo, hi, _exact) in fair_range(total, weights, may, ledger).items()}


COUNT_FLAGS = (("night", "nights"), ("weekend", "weekends"), ("high_day", "high_days"))


def counts_left_out(ctx: RotaModel, rota: Rota) -> set[int]:
    """The doctors whose nights, weekends and høytid say nothing about fairness in ``rota``
    (:func:`solver.ledger.left_out_of_counts`)."""
    problem = ctx.problem
    units = share_units(problem)
    return {ctx.doctor_index[d.id] for d in problem.doctors
            if left_out_of_counts(problem, d, rota, units) is not None}


def fix_count_bands(ctx: RotaModel, rota: Rota) -> None:
    """Level 2's fair bands, fixed from ``rota`` where some doctors' counts say nothing about
    fairness (:func:`counts_left_out`: a partial fritak, or not vaktkompetent with bakvakter
    that are load): the others split what is left after what those doctors take in ``rota``,
    as the vaktregnskap and the fairness report split it, and those doctors' band is what they
    take there (each vakt more or less costs as one outside a band), so that the split stays
    what the report will find. Level 1 may force what those doctors take (a doctor free of
    nights takes the weekend days, to carry her share); the district's count split among all
    then leaves the others a band nobody can reach, and level 2 would not care which of them
    falls short (liten-kommune: 27 and 19 vakter in helg for two fastleger alike). ``rota`` is
    level 1's, evened out by the local search against the district's bands first (see
    :func:`solver.solve._solve_levels`): where nothing forces those doctors, they are brought to
    their share before their counts are fixed (a LIS1's nights), not left as level 1 happened to
    leave them. Counts where everybody is measured keep the district's band."""
    left_out = counts_left_out(ctx, rota)
    if not left_out:
        return
    taken: dict[int, set[int]] = defaultdict(set)  # shift -> the left-out doctors on it
    for a in rota.assignments:
        di, si = ctx.doctor_index.get(a.doctor_id), ctx.shift_index.get(a.shift_id)
        if a.role == "vakt" and di in left_out and si is not None:
            taken[si].add(di)
    for flag, attr in COUNT_FLAGS:
        flagged = [si for si, s in enumerate(ctx.shifts) if getattr(s, flag) and s.required > 0]
        weights, may = _band_weights(ctx, flagged)
        if not left_out & weights.keys():
            continue
        keep = {di: w for di, w in weights.items() if di not in left_out}
        total = sum(ctx.shifts[si].required - len(taken[si]) for si in flagged)
        ledger = {di: getattr(ctx.doctors[di].ledger, attr) for di in keep}
        bands = {di: (lo, hi) for di, (lo, hi, _exact)
                 in fair_range(max(0, total), keep, may, ledger).items()}
        for di in left_out & weights.keys():  # keeps what she takes, so the split stays exact
            took = sum(1 for si in flagged if di in taken[si])
            bands[di] = (took, took)
        ctx.count_bands[attr] = bands


def repeated_high_days(ctx: RotaModel) -> dict[int, list[int]]:
    """Per doctor: the shifts the doctor may take in a høytid the doctor had last time (the
    ledger's ``had_high_days``); each of them given costs ``COUNT_WEIGHT`` in level 2."""
    out: dict[int, list[int]] = {}
    for di, d in enumerate(ctx.doctors):
        had = d.ledger.had_high_days
        if had:
            sis = [si for si, s in enumerate(ctx.shifts)
                   if s.high_day_name in had and (di, si) in ctx.x]
            if sis:
                out[di] = sis
    return out


def balance_level(ctx: RotaModel) -> Level:
    m = ctx.model
    parts: list[cp_model.LinearExprT] = []
    terms: dict[str, cp_model.LinearExprT] = {}
    mine: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)  # each doctor's part
    for flag, ledger_attr in COUNT_FLAGS:
        flagged = [si for si, s in enumerate(ctx.shifts) if getattr(s, flag) and s.required > 0]
        band = fair_band(ctx, flagged, ledger_attr)
        devs = []
        for di, (lo, hi) in band.items():
            vs = [ctx.x[di, si] for si in flagged if (di, si) in ctx.x]
            dev = m.new_int_var(0, len(vs), f"{ledger_attr}_outside_band|{ctx.doctors[di].id}")
            m.add(dev >= sum(vs) - hi)
            m.add(dev >= lo - sum(vs))
            ctx.derive(dev, lambda val, vs=vs, lo=lo, hi=hi: max(
                0, sum(val[v.index] for v in vs) - hi, lo - sum(val[v.index] for v in vs)))
            devs.append(dev)
            ctx.band_devs.append((dev, len(vs)))
            mine[di].append(dev * COUNT_WEIGHT)
        if devs:
            parts.append(sum(devs) * COUNT_WEIGHT)
            terms[ledger_attr] = sum(devs)
    repeated = []
    for di, sis in repeated_high_days(ctx).items():
        repeated += [ctx.x[di, si] for si in sis]
        mine[di].append(sum(ctx.x[di, si] for si in sis) * COUNT_WEIGHT)
    if repeated:
        parts.append(sum(repeated) * COUNT_WEIGHT)
        terms["had_high_days"] = sum(repeated)
    if ctx.soft:
        soft = sum(p.weight * p.var for p in ctx.soft)
        parts.append(soft * SOFT_WEIGHT)
        terms["soft"] = soft
        for p in ctx.soft:
            mine[ctx.doctor_index[p.doctor_id]].append(p.var * (p.weight * SOFT_WEIGHT))
    spread = add_spread(ctx, share_units(ctx.problem))
    if spread:
        parts.append(sum(over for _di, over in spread) * SPREAD_WEIGHT)
        terms["spread"] = sum(over for _di, over in spread)
        for di, over in spread:
            mine[di].append(over * SPREAD_WEIGHT)
    expr = sum(parts) if parts else 0
    return Level("balance", "Jevn fordeling av netter, helger, høytid og spredning", expr, 1.0,
                 0, terms, by_doctor={di: sum(es) for di, es in mine.items()})


def sharing_level(ctx: RotaModel) -> Level | None:
    """What no rota keeps inside the fair bands, shared out (level 2 as fixed): each doctor's
    vakter outside a band cost :func:`band_cost` of them, less the one per vakt level 2 has
    already counted. Zero where nobody is more than one vakt outside (so proven at once)."""
    if not ctx.band_devs:
        return None
    m = ctx.model
    extras = []
    for dev, most in ctx.band_devs:
        if most < 2:
            continue
        extra = m.new_int_var(0, band_cost(most) - most, f"shared|{dev.name}")
        for k in range(2, min(most, BAND_TIERS) + 1):
            # the k-th line of the convex cost, less dev
            m.add(extra >= (k - 1) * dev - k * (k - 1) // 2)
        ctx.derive(extra, lambda val, dev=dev: band_cost(val[dev.index]) - val[dev.index])
        extras.append((extra, dev))
    if not extras:
        return None

    def value(val: dict[int, int]) -> int:
        return sum(band_cost(val[dev.index]) - val[dev.index] for _extra, dev in extras)

    # the value is not how many vakter are outside (the report lists those): 0 is nobody
    # more than one outside
    return Level("sharing", "Deling av netter, helger og høytid som ingen turnus holder innenfor "
                 "det rettferdige (0: ingen mer enn én vakt utenfor)",
                 sum(extra for extra, _dev in extras), 1.0, 0, value=value)


def spread_windows(ctx: RotaModel, units: dict[str, int]) -> dict[int, int]:
    """Per doctor: the window (days) of half the doctor's ideal spacing (period days / expected
    duty days) that should hold at most one duty day. Left out where the rules' own spacing
    window already covers it, or where it is shorter than two days."""
    p = ctx.problem
    r = p.rules
    total_units = sum(units.values())
    if total_units <= 0:
        return {}
    duty_total = sum(s.required for s in ctx.shifts)
    out = {}
    for di, d in enumerate(ctx.doctors):
        u = units[d.id]
        if u <= 0:
            continue
        expected = duty_total * u / total_units
        if expected <= 1:
            continue
        w = int(period_days(p) / expected / 2)
        if (r.max_in_window is not None and w <= r.window_days) or w < 2:
            continue
        out[di] = w
    return out


def add_spread(ctx: RotaModel, units: dict[str, int]) -> list[tuple[int, cp_model.IntVar]]:
    """Each doctor's duty days spread evenly: at most one duty day in any window of
    :func:`spread_windows`; each extra day costs 1. Returns (doctor, extra days) per window."""
    windows = spread_windows(ctx, units)
    if not windows:
        return []
    build_duty_days(ctx)
    p = ctx.problem
    all_days = list(days(p.period_start, p.period_end))
    m = ctx.model
    overs = []
    for di, w in windows.items():
        d = ctx.doctors[di]
        for i in range(len(all_days) - w + 1):
            vs = [ctx.duty_days[di, day] for day in all_days[i:i + w] if (di, day) in ctx.duty_days]
            if len(vs) <= 1:
                continue
            over = m.new_int_var(0, len(vs) - 1, f"spread|{d.id}|{all_days[i]}")
            m.add(sum(vs) - over <= 1)
            ctx.derive(over, lambda val, vs=vs: max(0, sum(val[v.index] for v in vs) - 1))
            overs.append((di, over))
    return overs


def wishes_level(ctx: RotaModel) -> Level | None:
    terms = []
    for di, d in enumerate(ctx.doctors):
        for sid, sign in d.wishes:
            si = ctx.shift_index.get(sid)
            if si is None:
                continue
            v = ctx.x.get((di, si))
            if v is None:
                continue  # cannot be honoured or broken: a constant
            terms.append(v if sign < 0 else 1 - v)
        for group in d.wants:
            vs = [ctx.x[di, si] for sid in group
                  if (si := ctx.shift_index.get(sid)) is not None and (di, si) in ctx.x]
            if not vs:
                continue  # cannot be honoured: a constant
            if len(vs) == 1:
                terms.append(1 - vs[0])
                continue
            got = ctx.model.new_bool_var(f"wish_met|{d.id}|{group[0]}")
            ctx.model.add(got <= sum(vs))
            ctx.derive(got, lambda val, vs=vs: int(any(val[v.index] for v in vs)))
            terms.append(1 - got)
    if not terms:
        return None
    return Level("wishes", "Uoppfylte ønsker", sum(terms), 1.0, 0, most=len(terms))


MoveCost = tuple[int, "cp_model.IntVar | None", "cp_model.IntVar | None"]  # c + plus - minus


def move_costs(ctx: RotaModel, published: Rota) -> list[MoveCost]:
    """What each assignment of the published rota costs the repair, as ``constant + plus −
    minus`` (0 or 1): a vakt moves when its doctor no longer has it (1 where the change
    forbids it: a doctor now away, a shift gone). A bakvakt moves when another doctor backs
    the vakt now; one no longer needed (the vakt went to a vaktkompetent doctor) is released,
    not moved: counted as a move, it made the fewest moves give a sick LIS1's vakter to the
    one other doctor who needs a bakvakt, however unfair (QA audit)."""
    out: list[MoveCost] = []
    for a in published.assignments:
        di = ctx.doctor_index.get(a.doctor_id)
        si = ctx.shift_index.get(a.shift_id)
        v = ctx.var(di, si, a.role) if di is not None and si is not None else None
        if a.role != "bakvakt":
            out.append((1, None, v))
            continue
        need = ctx.need_bakvakt.get(si) if si is not None else None
        out.append((0, need, v) if need is not None else (0, None, None))
    return out


def move_expr(cost: MoveCost) -> cp_model.LinearExprT:
    """The model expression of one :func:`move_costs` entry."""
    c, plus, minus = cost
    return c + (plus if plus is not None else 0) - (minus if minus is not None else 0)


def moves_level(ctx: RotaModel, published: Rota) -> Level:
    """Repair mode: how many assignments of the published rota move (:func:`move_costs`).
    The vakter the change forbids must: their number is the level's lower bound."""
    costs = move_costs(ctx, published)

    def value(val: dict[int, int]) -> int:
        return sum(c + (val[plus.index] if plus is not None else 0)
                   - (val[minus.index] if minus is not None else 0) for c, plus, minus in costs)

    return Level("moves", "Endrede tildelinger", sum(move_expr(c) for c in costs) if costs else 0,
                 1.0, least_moves(ctx, published, costs), value=value)


def least_moves(ctx: RotaModel, published: Rota, costs: list[MoveCost]) -> int:
    """What any repair moves at least: each published vakt the change forbids, and for each
    published bakvakt it forbids on a vakt whose doctor (not vaktkompetent) may keep it, one
    more: that vakt keeps a bakvakt, another doctor's, or it moves. (Without the second, a
    kept rota that moves a sick doctor's bakvakt is not known to be the fewest until CP-SAT
    proves it.)"""
    forced = {(a.shift_id, a.doctor_id) for a, (c, _plus, minus) in
              zip(published.assignments, costs, strict=True) if c == 1 and minus is None}
    kept_by_trainee = {a.shift_id for a in published.assignments
                       if a.role == "vakt" and (a.shift_id, a.doctor_id) not in forced
                       and (di := ctx.doctor_index.get(a.doctor_id)) is not None
                       and not ctx.doctors[di].competent}
    bakvakt = sum(1 for a, (_c, plus, minus) in zip(published.assignments, costs, strict=True)
                  if a.role == "bakvakt" and plus is not None and minus is None
                  and a.shift_id in kept_by_trainee)
    return len(forced) + bakvakt
