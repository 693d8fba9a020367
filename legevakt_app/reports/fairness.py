"""Each doctor's fair share and load against it: what the engine's «provably fair» is about.

Computed from the problem and the rota (``RotaSource``) with the engine's own definitions,
so a rota edited by hand is measured as the engine measures its own:

* **fair share** — legevakt share × the part of the period's weighted vakt hours during which
  the doctor is not away or fully exempt (:func:`solver.common.fair_shares`), in the
  engine's thousandths (:func:`solver.fairness.share_units`);
* **load** — vakt hours × the shift's weight + bakvakt hours × the bakvakt weight + the
  carried-over vaktregnskap (weighted hours);
* **load per share** — load ÷ fair share: level 1 of the objective minimises the largest;
  the *perfect-fairness bound* (:func:`solver.fairness.perfect_fairness_bound`) is the value
  every doctor would have in a perfectly fair rota (raised where availability forces it);
* **fair band** — nights, vakter in a weekend and høytid vakter: the district's count split
  by fair share × the part of those vakter while present that the doctor may take, shifted by
  the ledger (as level 2's band, :func:`solver.objective.fair_band`); floor to ceiling of it
  is fair. A doctor with a partial fritak is left out of the band of the vakter it covers.

Counts that say nothing about fairness are shown but not measured against their band, as the
vaktregnskap leaves them out (:func:`solver.ledger.carry_over`): a doctor with a partial fritak
takes what the fritak leaves (free of nights, she may have to take every weekend day to carry a
full share: level 1 forces it), and a doctor who needs a bakvakt takes more vakter than her
share, as her colleagues' bakvakter are load too. Neither is «outside the fair band»: nobody can
even it out, and the next period does not try.

The others are then measured as the vaktregnskap measures them: what *they* took is split among
them (:func:`count_bands` with ``among``), so a doctor whose colleague without a bakvakt took
more of the nights is not «outside» for the nights she could not have, and the band says what
the next period will even out.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from legevakt_app.domain import high_days_in_order
from legevakt_app.reports.wishes import UnmetWishes, unmet_lines, unmet_text, unmet_wishes
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import count, decimal, share_text
from solver.common import SHARE_SCALE, count_weight
from solver.fairness import perfect_fairness_bound, share_units
from solver.ledger import left_out_of_counts, may_take
from solver.metrics import doctor_metrics
from solver.objective import fair_range
from solver.problem import Problem, Shift

# the counts level 2 balances: (shift flag, ledger attribute, Norwegian heading)
COUNTS = (("night", "nights", "Netter"), ("weekend", "weekends", "Vakter i helg"),
          ("high_day", "high_days", "Høytidsvakter"))

# Why a doctor's counts are not measured against a fair band (as the vaktregnskap leaves them
# out): for the report and the app, and for what leaves the leader's machine (no fritak named).
NOT_COMPARED = {
    "partly_exempt": "delvis fritak: tar det fritaket lar være igjen",
    "needs_bakvakt": "trenger bakvakt: tar flere vakter enn andelen, siden kollegenes "
                     "bakvakter også er belastning",
}
SHARED_NOT_COMPARED = {
    "partly_exempt": "tar ikke alle slags vakter, og tar det som blir igjen",
    "needs_bakvakt": "har bakvakt, og tar flere vakter enn andelen, siden kollegenes "
                     "bakvakter også er belastning",
}
NOT_COMPARED_MARK = "ikke målt"  # in place of the band
NOT_COMPARED_DEFINITION = (
    "«ikke målt»: antallet sier ikke noe om rettferdighet (delvis fritak, trenger bakvakt) og "
    "måles ikke mot det rettferdige, som i vaktregnskapet; det de andre tok, fordeles mellom dem.")
SHARED_NOT_COMPARED_DEFINITION = (
    "«ikke målt»: antallet følger av hvilke vakter legen tar, ikke av fordelingen, og måles "
    "ikke mot det rettferdige, som i vaktregnskapet; det de andre tok, fordeles mellom dem.")


@dataclass(frozen=True)
class CountBand:
    """A doctor's count of one kind of vakt against the fair band (``None``: the doctor may
    take none of them, e.g. fritak from nights). ``compared`` False: the count says nothing
    about fairness (partial fritak, needs a bakvakt), so it is never outside the band."""

    count: int
    low: int | None
    high: int | None
    target: float | None  # the exact fair number (before rounding to the band)
    compared: bool = True
    # the band splits what the compared doctors took among them (somebody's counts are not
    # compared: :func:`count_bands` with ``among``), not the district's count among all
    among_compared: bool = False

    @property
    def inside(self) -> bool:
        """Within the band (or no band); says nothing of ``compared``."""
        return self.low is None or self.low <= self.count <= (self.high or 0)

    @property
    def outside(self) -> bool:
        """Outside a band it is measured against: what the report marks «!»."""
        return self.compared and not self.inside


@dataclass(frozen=True)
class DoctorFairness:
    doctor_id: str
    name: str
    share: float  # vaktandel (1 = full)
    fair_share: float  # share × available part, in the engine's thousandths
    available_part: float  # the part of the period's weighted vakt hours the doctor was there
    carried: float  # weighted hours carried in (vaktregnskap), + = carried more before
    load: float  # weighted hours this period + carried
    load_per_share: float | None  # load ÷ fair share; None for vaktandel 0
    above_bound: float | None  # load per share ÷ perfect-fairness bound − 1
    bands: dict[str, CountBand]  # "nights" | "weekends" | "high_days"
    had_high_days: tuple[str, ...]  # from the ledger: the høytider the doctor had last time
    high_days_now: tuple[str, ...]  # the høytider of this period the doctor has a vakt in
    # why the counts are not measured (a key of NOT_COMPARED), None: they are
    not_compared: str | None = None
    # the counts carried in from the period before (vaktregnskap): + = had more than fair
    carried_counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FairnessReport:
    bound: float  # perfect-fairness bound (weighted hours per full fair share)
    doctors: list[DoctorFairness]
    # whose wishes the rota leaves unmet, and which (level 3: legevakt_app.reports.wishes)
    unmet_wishes: tuple[UnmetWishes, ...] = ()
    # what the engine proved no rota under the rules gets below (level 1's bound, same unit),
    # when the rota is the engine's: what lies between the two bounds is the rules' price
    proven: float | None = None

    @property
    def worst(self) -> DoctorFairness | None:
        sharing = [d for d in self.doctors if d.load_per_share is not None]
        return max(sharing, key=lambda d: d.load_per_share or 0.0) if sharing else None


def count_bands(problem: Problem, flag: str, attr: str, among: Collection[str] | None = None,
                took: Mapping[str, int] | None = None) -> dict[str, tuple[int, int, float]]:
    """Per doctor who may take some of the ``flag`` vakter: (low, high, exact fair number) of
    the district's count, as level 2's band. ``among``: only these doctors, splitting what
    they ``took`` in the rota, as the vaktregnskap splits it when some doctors' counts are left
    out (:func:`solver.ledger.carry_over`)."""
    units = share_units(problem)
    flagged: list[Shift] = [s for s in problem.shifts if getattr(s, flag) and s.required > 0]
    weights: dict[str, float] = {}
    eligible: dict[str, int] = {}
    for d in problem.doctors:
        if among is not None and d.id not in among:
            continue
        n = sum(1 for s in flagged if may_take(d, s))
        if n and units[d.id] > 0:
            weights[d.id] = count_weight(units[d.id], d, flagged, n)
            eligible[d.id] = n
    ledger = {d.id: getattr(d.ledger, attr) for d in problem.doctors}
    total = (sum(s.required for s in flagged) if among is None
             else sum((took or {}).get(i, 0) for i in weights))
    return fair_range(total, weights, eligible, ledger)


def fairness_report(source: RotaSource) -> FairnessReport:
    problem = source.problem
    units = share_units(problem)
    bound = perfect_fairness_bound(problem).value
    metrics = {m.id: m for m in doctor_metrics(problem, source.rota)}
    # as the vaktregnskap (solver.ledger.carry_over) leaves them out
    not_compared = {d.id: left_out_of_counts(problem, d, source.rota, units)
                    for d in problem.doctors}
    compared = {i for i, why in not_compared.items() if why is None}
    bands = {attr: count_bands(problem, flag, attr) for flag, attr, _ in COUNTS}
    among: set[str] = set()  # the counts whose bands split what the compared doctors took
    for flag, attr, _ in COUNTS:
        if any(i not in compared for i in bands[attr]):
            took = {m.id: getattr(m, attr) for m in metrics.values()}
            bands[attr] |= count_bands(problem, flag, attr, among=compared, took=took)
            among.add(attr)
    shifts = {s.id: s for s in problem.shifts}
    worked: dict[str, set[str]] = {d.id: set() for d in problem.doctors}
    for a in source.rota.assignments:
        s = shifts.get(a.shift_id)
        if s is not None and a.role == "vakt" and s.high_day_name and a.doctor_id in worked:
            worked[a.doctor_id].add(s.high_day_name)
    def ordered(names: set[str] | frozenset[str]) -> tuple[str, ...]:
        return tuple(high_days_in_order(names))

    doctors = []
    for d in problem.doctors:
        m = metrics[d.id]
        fair = units[d.id] / SHARE_SCALE
        counts = {"nights": m.nights, "weekends": m.weekends, "high_days": m.high_days}
        measured = not_compared[d.id] is None
        doc_bands = {}
        for _flag, attr, _title in COUNTS:
            band = bands[attr].get(d.id)
            doc_bands[attr] = (CountBand(counts[attr], band[0], band[1], band[2],
                                         compared=measured,
                                         among_compared=measured and attr in among) if band
                               else CountBand(counts[attr], None, None, None, compared=measured))
        per_share = m.load_per_share
        doctors.append(DoctorFairness(
            doctor_id=d.id, name=d.name, share=d.share, fair_share=fair,
            available_part=fair / d.share if d.share > 0 else 0.0,
            carried=d.ledger.load_balance, load=m.weighted_load + d.ledger.load_balance,
            load_per_share=per_share,
            above_bound=(per_share / bound - 1) if per_share is not None and 0 < bound < math.inf
            else None,
            bands=doc_bands, had_high_days=ordered(d.ledger.had_high_days),
            high_days_now=ordered(worked[d.id]), not_compared=not_compared[d.id],
            carried_counts={a: getattr(d.ledger, a) for _f, a, _t in COUNTS}))
    proven = source.solve_info.get("bound")
    if any(level.get("name") == "moves" for level in source.solve_info.get("levels") or []):
        proven = None  # a repair's bound holds only among the repairs with the fewest moves
    return FairnessReport(bound=bound, doctors=doctors,
                          unmet_wishes=tuple(unmet_wishes(problem, source.rota)),
                          proven=float(proven) if isinstance(proven, int | float) else None)


FAIR_SHARE_DEFINITION = (
    "Rettferdig andel = vaktandel × den delen av periodens vektede vakttimer legen kunne ha "
    "vakt (ikke fravær eller fullt fritak); et delvis fritak (ikke natt, ikke helg, ikke 16–08) "
    "senker den ikke.")
LOAD_DEFINITION = (
    "Belastning = vakttimer × vakttypens vekt + bakvakttimer × bakvaktvekten + vaktregnskap fra "
    "forrige periode (vektede timer). Per andel = belastning ÷ rettferdig andel: motoren gjør den "
    "største så liten som mulig (nivå 1).")
BAND_DEFINITION = (
    "Rettferdig antall netter, vakter i helg og høytidsvakter = distriktets antall fordelt etter "
    "rettferdig andel blant legene som kan ta slike vakter, forskjøvet av vaktregnskapet; alt "
    "fra tallet rundet ned til tallet rundet opp er rettferdig (nivå 2). «–»: legen kan ikke ta "
    "slike vakter (fravær, fritak, kompetanse).")


# The same, for what leaves the leader's machine (the workbook, the PDF): they name no fritak,
# as the rest of those exports (whom a fritak concerns, and why, stays with the leader).
SHARED_FAIR_SHARE_DEFINITION = (
    "Rettferdig andel = vaktandel × den delen av periodens vektede vakttimer legen kunne ha "
    "vakt (tid borte fra vakt regnes ikke med); at legen ikke tar en slags vakter (natt, helg, "
    "16–08) senker den ikke.")
SHARED_BAND_DEFINITION = BAND_DEFINITION.replace(
    "«–»: legen kan ikke ta slike vakter (fravær, fritak, kompetanse).",
    "«–»: legen tar ikke slike vakter.")


def band_range_text(b: CountBand) -> str:
    """The fair band alone: «13–14», «6», «–» (the doctor may take none of them) or «ikke
    målt» (the count says nothing about fairness)."""
    if b.low is None:
        return "–"
    if not b.compared:
        return NOT_COMPARED_MARK
    return str(b.low) if b.low == b.high else f"{b.low}–{b.high}"


def band_text(b: CountBand) -> str:
    """The count against its band, as the report prints it: «14 (13–14)», « !» outside,
    «49 (ikke målt)»."""
    return f"{b.count} ({band_range_text(b)})" + (" !" if b.outside else "")


def percent_text(value: float) -> str:
    """How far above the bound: «+1,9 %»."""
    return ("+" if value >= 0.0005 else "") + decimal(value * 100) + " %"


def carried_text(value: float) -> str:
    """The carried vaktregnskap: «0», «+16,0», «-4,5»."""
    return "0" if round(value, 1) == 0 else ("+" if value > 0 else "") + decimal(value)


def high_days_text(names: tuple[str, ...]) -> str:
    return ", ".join(names) or "ingen"


def bound_known(report: FairnessReport) -> bool:
    return 0 < report.bound < math.inf


def bound_text(report: FairnessReport, shared: bool = False) -> str:
    """What «perfekt rettferdig» and «over grensen» mean for this rota (``shared``: for an
    export, naming no fritak)."""
    if not bound_known(report):
        return "Grensen for perfekt rettferdighet kan ikke regnes ut for denne turnusen."
    forced = ("fravær, eller hvem som kan ta hvilke vakter," if shared
              else "fravær, fritak eller kompetanse")
    return ("Perfekt rettferdig: alle på grensen "
            f"{decimal(report.bound)} vektede timer per rettferdig andel (analytisk grense, hevet "
            f"der {forced} tvinger det); «over grensen» er hvor mye legen ligger over den.")


def definitions(report: FairnessReport, shared: bool = False) -> tuple[str, ...]:
    """The lines that say how each figure is counted: the report and the app; ``shared``:
    the workbook and the PDF, which name no fritak."""
    fair_share = SHARED_FAIR_SHARE_DEFINITION if shared else FAIR_SHARE_DEFINITION
    band = SHARED_BAND_DEFINITION if shared else BAND_DEFINITION
    if any(d.not_compared is not None for d in report.doctors):
        band += " " + (SHARED_NOT_COMPARED_DEFINITION if shared else NOT_COMPARED_DEFINITION)
    return (fair_share, LOAD_DEFINITION, bound_text(report, shared),
            f"{band} «!»: utenfor det rettferdige.")


def by_load_per_share(report: FairnessReport) -> list[DoctorFairness]:
    """The doctors, most loaded per share first (vaktandel 0 last)."""
    return sorted(report.doctors, key=lambda x: -(x.load_per_share or -1.0))


def worst_text(report: FairnessReport) -> str | None:
    """«Mest belastet per andel: …» (None: nobody shares the vakter)."""
    worst = report.worst
    if worst is None or worst.load_per_share is None:
        return None
    text = (f"Mest belastet per andel: {worst.name}, {decimal(worst.load_per_share)}"
            + (f" — {percent_text(worst.above_bound or 0.0).lstrip('+')} over grensen for "
               f"perfekt rettferdighet ({decimal(report.bound)})" if bound_known(report) else ""))
    proven = report.proven
    if bound_known(report) and proven is not None and proven > report.bound * 1.005:
        # the analytic bound cannot see the rules (an absolute firedelt, rest, blocks): say
        # how much of the way above it no rota could avoid, as the engine proved it
        text += (f". Motoren har bevist at ingen turnus etter reglene kommer under "
                 f"{decimal(proven)} ({percent_text(proven / report.bound - 1).lstrip('+')} over "
                 "grensen): så mye skyldes reglene, ikke fordelingen")
    return text


def outside_text(report: FairnessReport) -> str:
    """Who has a count outside the fair band, and of what."""
    outside = [(d.name, title) for d in report.doctors for _f, a, title in COUNTS
               if d.bands[a].outside]
    return "Utenfor det rettferdige antallet: " + (
        "ingen" if not outside else "; ".join(f"{n} ({t.lower()})" for n, t in outside))


# a count of level 2 in words: (one, many)
COUNT_WORDS = {"nights": ("natt", "netter"), "weekends": ("vakt i helg", "vakter i helg"),
               "high_days": ("høytidsvakt", "høytidsvakter")}


def _sharing_figures(solve: Any) -> tuple[float | None, Mapping[str, Any]]:
    """The sharing level's value and the engine's fixed bands (by count, then doctor id) of
    ``solve``: the engine's SolveResult, or the solve figures an export holds
    (:func:`legevakt_app.rota_source.solve_info_of`: ``levels`` as documents)."""
    if isinstance(solve, Mapping):
        level = next((lv for lv in solve.get("levels") or []
                      if isinstance(lv, Mapping) and lv.get("name") == "sharing"), None)
        return (level or {}).get("value"), solve.get("count_bands") or {}
    level = solve.level("sharing") if hasattr(solve, "level") else None
    return getattr(level, "value", None), getattr(solve, "count_bands", None) or {}


def sharing_note(solve: Any, report: FairnessReport, where: str = "over",
                 shared: bool = False) -> str | None:
    """What the sharing level's value counts where the fairness report finds nobody (or fewer)
    outside the fair number: where some doctors' counts are not measured (a partial fritak, a
    doctor who needs a bakvakt), the engine set what they take from its first rota and split
    the rest among the others (:func:`solver.objective.fix_count_bands`); the value counts each
    doctor more than one vakt from that (:func:`solver.objective.band_cost`). The report's fair
    number splits what the doctors took in the rota delivered, as the vaktregnskap does. None
    when the value is 0, the bands are not known, or all of it is the report's «outside»
    (named where the report is shown).

    ``solve``: the engine's SolveResult or an export's solve figures (:func:`_sharing_figures`);
    ``where``: where the leader reads the fair number (``over``: the line above, in ``legevakt
    solve``); ``shared``: for an export, naming no fritak (as :func:`not_compared_text`)."""
    from solver.objective import band_cost

    value, bands = _sharing_figures(solve)
    if not value or not bands:
        return None
    doctors = {d.doctor_id: d for d in report.doctors}
    parts, counted = [], 0
    for _flag, attr, _title in COUNTS:
        for doctor_id, (low, high) in bands.get(attr, {}).items():
            doctor = doctors.get(doctor_id)
            if doctor is None or doctor.bands[attr].outside:  # the report names it
                continue
            took = doctor.bands[attr].count
            off = max(0, took - high, low - took)
            if band_cost(off) - off <= 0:
                continue
            counted += band_cost(off) - off
            set_to = str(low) if low == high else f"{low}–{high}"
            parts.append(f"{doctor.name} {count(took, *COUNT_WORDS[attr])} ("
                         + ("motoren regnet med " if not parts else "") + f"{set_to})")
    if not counted:
        return None
    value = round(value)
    head = (f"delingstallet ({value})" if counted >= value
            else f"{counted} av delingstallet ({value})")
    # the reason in a few words: «delvis fritak» (the report), «har bakvakt» (an export)
    reasons = SHARED_NOT_COMPARED if shared else NOT_COMPARED
    cut = "," if shared else ":"
    who = "; ".join(f"{d.name}: {reasons[d.not_compared].split(cut)[0]}"
                    for d in report.doctors if d.not_compared is not None)
    return (f"Merk: {head} er ikke vakter utenfor det rettferdige antallet, men avstand fra "
            "antall motoren satte underveis: for legene som ikke måles mot det rettferdige"
            + (f" ({who})" if who else "") + " det de fikk i motorens første turnus, for de "
            f"andre det som da var igjen. Mer enn én vakt fra det: {', '.join(parts)}. Det "
            f"rettferdige antallet {where} er regnet av det legene tok i denne turnusen, som i "
            "rapporten og vaktregnskapet.")


def not_compared_text(report: FairnessReport, shared: bool = False) -> str | None:
    """Whose counts are shown «ikke målt», and why (None: nobody's). ``shared``: for an
    export, naming no fritak."""
    reasons = SHARED_NOT_COMPARED if shared else NOT_COMPARED
    left_out = [(d.name, d.not_compared) for d in report.doctors
                if d.not_compared is not None
                and any(b.low is not None for b in d.bands.values())]
    if not left_out:
        return None
    return ("Ikke målt mot det rettferdige antallet: "
            + "; ".join(f"{n} ({reasons[r]})" for n, r in left_out)
            + ". Disse antallene sier ikke noe om rettferdighet: vaktregnskapet legger dem "
            "ikke til, og det som stod fra før, føres bare videre.")


def carried_counts_text(report: FairnessReport) -> str | None:
    """«Ført inn fra forrige periode (vaktregnskapet): Kari netter +1, vakter i helg -1; …»:
    the counts the bands were shifted by (the hours are in «Regnskap»); None when none."""
    from legevakt_app.next_period import signed  # as the Leger panel and next-period say them

    parts = []
    for d in report.doctors:
        counts = [f"{title.lower()} {signed(d.carried_counts.get(a, 0))}"
                  for _f, a, title in COUNTS if d.carried_counts.get(a, 0)]
        if counts:
            parts.append(f"{d.name} {', '.join(counts)}")
    if not parts:
        return None
    return ("Ført inn fra forrige periode (vaktregnskapet, + = hadde flere enn rettferdig; de "
            "rettferdige antallene over er flyttet så mye): " + "; ".join(parts))


def fairness_lines(report: FairnessReport) -> list[str]:
    """«Rettferdighet per lege» as ``legevakt report`` prints it."""
    lines = ["Rettferdighet per lege (slik motoren måler den)",
             *(f"  {line}" for line in definitions(report)), ""]
    header = (f"{'Lege':<22} {'Vaktandel':>9} {'Rettf. andel':>12} {'Regnskap':>8} "
              f"{'Belastning':>10} {'Per andel':>9} {'Over grensen':>12} "
              + " ".join(f"{title:>14}" for _f, _a, title in COUNTS)
              + "  Høytid nå / forrige gang")
    lines += [header, "-" * len(header)]
    for d in by_load_per_share(report):
        per_share = "–" if d.load_per_share is None else decimal(d.load_per_share)
        over = "–" if d.above_bound is None else percent_text(d.above_bound)
        high = high_days_text(d.high_days_now) + " / " + high_days_text(d.had_high_days)
        lines.append(
            f"{d.name[:22]:<22} {share_text(d.share):>9} {decimal(d.fair_share, 3):>12} "
            f"{carried_text(d.carried):>8} {decimal(d.load):>10} {per_share:>9} {over:>12} "
            + " ".join(f"{band_text(d.bands[a]):>14}" for _f, a, _t in COUNTS)
            + f"  {high}")
    if carried := carried_counts_text(report):
        lines.append(carried)
    worst = worst_text(report)
    if worst is not None:
        lines.append(worst)
    lines.append(outside_text(report))
    left_out = not_compared_text(report)
    if left_out is not None:
        lines.append(left_out)
    return lines + unmet_lines(report.unmet_wishes)


def fairness_dict(report: FairnessReport) -> dict:
    """The same figures for ``legevakt report --json`` (``fairness``)."""
    return {
        "perfect_fairness_bound": None if not 0 < report.bound < math.inf else round(report.bound, 3),
        "definitions": {"fair_share": FAIR_SHARE_DEFINITION, "load": LOAD_DEFINITION,
                        "bands": BAND_DEFINITION},
        "not_compared_note": not_compared_text(report),
        "doctors": [
            {"id": d.doctor_id, "name": d.name, "share": d.share,
             "fair_share": d.fair_share, "carried": d.carried, "load": round(d.load, 2),
             "load_per_share": d.load_per_share,
             "above_bound": None if d.above_bound is None else round(d.above_bound, 4),
             **{a: {"count": b.count, "low": b.low, "high": b.high,
                    "target": None if b.target is None else round(b.target, 2),
                    "compared": b.compared, "among_compared": b.among_compared,
                    "outside": b.outside}
                for a, b in d.bands.items()},
             "high_days_now": list(d.high_days_now), "had_high_days": list(d.had_high_days),
             "carried_counts": dict(d.carried_counts),
             "not_compared": d.not_compared,
             "not_compared_reason": None if d.not_compared is None
             else NOT_COMPARED[d.not_compared]}
            for d in report.doctors
        ],
        "unmet_wishes": [
            {"id": u.doctor_id, "name": u.name, "count": u.count,
             "given": [s.id for s in u.given],
             "days_without_wished_vakt": [g[0].start.date().isoformat() for g in u.missed],
             "text": unmet_text(u)}
            for u in report.unmet_wishes
        ],
    }
