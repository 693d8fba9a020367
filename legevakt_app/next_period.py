"""The next period's project, with the vaktregnskap carried over from this period's rota.

The district, the doctors, the shift templates and the rules are copied. Each doctor's ledger
is the one :func:`solver.ledger.carry_over` computes from the rota as it stands (published,
solved or edited by hand), with when the doctor's last vakt ended (the minimum rest runs on)
and the days her vakter started on in the last days (the spacing limits run on), told which
høytid this period took up from the one before (:func:`continued_high_days`: 1 January after
a period ending 31 December). A fritak that
ends on this period's last day (given for the whole period, as the over-55 right usually is)
goes on through the new one, and the ledger table says so; a fritak with its own later end
date keeps it. Absences, wishes and fritak that end before the new period starts are dropped,
later ones kept; pre-assigned vakter are kept only when their shift is in the new period. The
exceptions to the spacing rules (``rules.exceptions``) lie in this period's days, so none goes
on. The new project has no rota, no snapshots and no calendars sent yet. The
old project is never changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from legevakt_app.calendar import OSLO, high_day_group, wall_clock
from legevakt_app.competence import derive_competence
from legevakt_app.domain import (
    CARRIED_DAYS,
    MAX_YEAR,
    MIN_YEAR,
    Exemption,
    LedgerBalance,
    Period,
    Project,
    high_days_in_order,
)
from legevakt_app.engine_input import build_problem, project_rota
from legevakt_app.shifts import expand_shifts
from legevakt_app.wording import number

DAYS_PER_MONTH = 365.25 / 12  # the months of service a period adds (rounded)
MAX_DAYS = 371  # the longest period the project format takes (legevakt_app.domain.Period)
# the ledger's limits in the project format (legevakt_app.domain.LedgerBalance)
LIMITS = {"load_balance": 5000.0, "nights": 500, "weekends": 500, "high_days": 100}


LEDGER_NOTE = (
    "Pluss = over rettferdig andel (tar mindre neste periode), minus = under. Timer er vektede "
    "vakttimer; netter, helger og høytid er vakter. «Hadde høytid» er høytidene legen hadde vakt i: "
    "neste gang får de andre dem når det går. Leger med delvis fritak (for eksempel ingen netter) "
    "får ikke noe nytt i regnskapet for perioden: fritaket bestemmer hva de kan ta. Leger som "
    "trenger bakvakt, tar flere vakter enn andelen (kollegenes bakvakter er belastning også), så "
    "deres netter, helger og høytid føres bare videre; timene regnes som for alle.")


LEDGER_HEADINGS = ("Lege", "Timer", "Netter", "Vakter i helg", "Høytidsvakter", "Hadde høytid",
                   "Merknad")
BALANCE_COLUMNS = range(1, 5)  # the signed balances among LEDGER_HEADINGS, aligned as numbers
NOT_MEASURED = {"partly_exempt": "delvis fritak: bare ført videre", "no_share": "ingen vaktandel",
                "away": "borte hele perioden: bare ført videre",
                "needs_bakvakt": "trenger bakvakt: netter, helger og høytid bare ført videre"}


def signed(value: float) -> str:
    """A ledger balance with its sign: ``+2``, ``-1,5``, ``0``."""
    if round(value, 1) == 0:
        return "0"
    # as the Leger table shows the ledger: «-2», «+4,9» (no «-2,0» next to a «-2»)
    text = number(round(value, 1)) if isinstance(value, float) else str(value)
    return text if text.startswith("-") else "+" + text


def ledger_rows(carried: Carried) -> list[tuple[str, ...]]:
    """Each doctor's carried ledger as shown (see LEDGER_HEADINGS)."""
    def note(doctor_id: str) -> str:
        parts = [NOT_MEASURED.get(carried.not_measured.get(doctor_id, ""), "")]
        if doctor_id in carried.continued:
            parts.append(f"fritak videreført til {carried.continued[doctor_id]:%d.%m.%Y}")
        return "; ".join(p for p in parts if p)

    return [(d.name, signed(d.ledger.load_balance), signed(d.ledger.nights),
             signed(d.ledger.weekends), signed(d.ledger.high_days),
             ", ".join(d.ledger.had_high_days) or "–", note(d.id))
            for d in carried.project.doctors]


class NoRotaToCarry(ValueError):
    """The project has nothing to carry over (no rota), or the new period is not valid."""


@dataclass(frozen=True)
class Carried:
    project: Project  # the next period's project
    clamped: list[str]  # "Navn: felt" where a balance hit the file format's limit
    # doctors whose period added nothing, or no counts (only carried on): id -> a key of
    # NOT_MEASURED
    not_measured: dict[str, str] = field(default_factory=dict)
    continued: dict[str, date] = field(default_factory=dict)  # id -> a fritak's new end
    # doctors not vaktkompetent at the start of the period just worked, with the service and
    # vakter it added: id -> «32 mnd, 47 legevakter: nå vaktkompetent»
    competence: dict[str, str] = field(default_factory=dict)


def _continued(exemption: Exemption, old_end: date, new_end: date) -> Exemption:
    """A fritak that ends on this period's last day was given for the period (a right such as
    over 55 does not lapse with it): it goes on to the new period's end. One with an end date
    of its own keeps it."""
    if exemption.end == old_end < new_end:
        return exemption.model_copy(update={"end": new_end})
    return exemption


def continued_high_days(start: date, end: date) -> frozenset[str]:
    """The høytid a period from ``start`` to ``end`` takes up from the period before: it starts
    on a later day of it (1 January after a period ending 31 December) and holds no new start
    of it. Who had that høytid in the period before keeps it in the ledger."""
    name = high_day_group(start)
    if not name or high_day_group(start - timedelta(days=1)) != name:
        return frozenset()
    day = start + timedelta(days=1)
    while day <= end:
        if high_day_group(day) == name and high_day_group(day - timedelta(days=1)) != name:
            return frozenset()  # a new one begins in the period: it says who had that
        day += timedelta(days=1)
    return frozenset({name})


def default_period(project: Project) -> tuple[date, date]:
    """The period after this one, of the same length."""
    start = project.period.end + timedelta(days=1)
    return start, start + (project.period.end - project.period.start)


def period_problem(start: date, end: date) -> str | None:
    """What is wrong with a new period from ``start`` to ``end`` (None: nothing)."""
    for day in (start, end):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            return (f"ny periode {start:%d.%m.%Y}–{end:%d.%m.%Y} går utenfor årene "
                    f"{MIN_YEAR}–{MAX_YEAR}; skriv en virkelig dato")
    days = (end - start).days + 1
    if days < 1:
        return f"ny periode slutter {end:%d.%m.%Y}, før den starter ({start:%d.%m.%Y})"
    if days > MAX_DAYS:
        return f"ny periode {start:%d.%m.%Y}–{end:%d.%m.%Y} er {days} dager; høyst 53 uker støttes"
    return None


def next_period(project: Project, start: date | None = None, end: date | None = None) -> Carried:
    if not project.rota:
        raise NoRotaToCarry(
            "prosjektet har ingen turnus å føre vaktregnskapet fra: lag turnusen først")
    d_start, d_end = default_period(project)
    start = start or d_start
    end = end or (start + (d_end - d_start))
    if start <= project.period.end:
        raise NoRotaToCarry(
            f"ny periode starter {start:%d.%m.%Y}, men må starte etter denne periodens slutt "
            f"({project.period.end:%d.%m.%Y})")
    if (problem := period_problem(start, end)) is not None:
        raise NoRotaToCarry(problem)
    period = Period(start=start, end=end)
    problem = build_problem(project)
    from solver.fairness import share_units
    from solver.ledger import carry_over, needs_bakvakt, partly_exempt

    rota = project_rota(project)
    ledgers = carry_over(problem, rota,
                         continued_high_days(project.period.start, project.period.end))
    shift_end = {s.id: s.end for s in problem.shifts}
    shift_day = {s.id: s.start.astimezone(OSLO).date() for s in problem.shifts}
    last_end: dict[str, datetime] = {}
    # the days a vakt started on (as the engine counts duty days), in the last CARRIED_DAYS
    # days before the new period: the spacing limits run on from them
    duty_days: dict[str, set[date]] = {}
    for a in rota.assignments:
        if a.role == "vakt" and a.shift_id in shift_end:
            last_end[a.doctor_id] = max(last_end.get(a.doctor_id, shift_end[a.shift_id]),
                                        shift_end[a.shift_id])
            if start - timedelta(days=CARRIED_DAYS) <= shift_day[a.shift_id] < start:
                duty_days.setdefault(a.doctor_id, set()).add(shift_day[a.shift_id])
    units = share_units(problem)
    not_measured = {d.id: ("partly_exempt" if units[d.id] > 0 else
                           "away" if d.share > 0 else "no_share")
                    for d in problem.doctors if units[d.id] <= 0 or partly_exempt(problem, d)}
    not_measured |= {d.id: "needs_bakvakt" for d in problem.doctors
                     if d.id not in not_measured and needs_bakvakt(problem, d, rota)}
    continued: dict[str, date] = {}
    clamped: list[str] = []
    competence: dict[str, str] = {}
    vakter = Counter(a.doctor_id for a in rota.assignments if a.role == "vakt")
    months = round(((project.period.end - project.period.start).days + 1) / DAYS_PER_MONTH)
    doctors = []
    for doc in project.doctors:
        entry = ledgers[doc.id]
        values = {}
        for name, limit in LIMITS.items():
            v = getattr(entry, name)
            if abs(v) > limit:
                clamped.append(f"{doc.name}: {name}")
                v = max(-limit, min(limit, v))
            values[name] = v
        ended = last_end.get(doc.id)
        ledger = LedgerBalance(**values, had_high_days=high_days_in_order(entry.had_high_days),
                               last_vakt_end=wall_clock(ended) if ended is not None else None,
                               earlier_duty_days=sorted(duty_days.get(doc.id, ())))
        kept = [e for e in doc.exemptions if e.end >= project.period.end]
        exemptions = [_continued(e, project.period.end, end) for e in kept]
        if exemptions != kept:
            continued[doc.id] = end
        facts = doc.competence
        rule = project.rules.competence_rule
        if not derive_competence(facts, rule).competent and units[doc.id] > 0:
            # a doctor in training who worked the period: its months of service (also as
            # allmennlege in the kommune) and its vakter count
            facts = facts.model_copy(update={
                "clinical_months": min(800, facts.clinical_months + months),
                "years_allmennlege": min(70.0, round(facts.years_allmennlege + months / 12, 2)),
                "legevakter_done": min(20_000, facts.legevakter_done + vakter[doc.id])})
            now = derive_competence(facts, rule).competent
            competence[doc.id] = (f"{facts.clinical_months} mnd, {facts.legevakter_done} "
                                  "legevakter: " + ("nå vaktkompetent" if now
                                                    else "trenger fortsatt bakvakt"))
        doctors.append(doc.model_copy(update={
            "competence": facts,
            "ledger": ledger,
            "unavailable": [a for a in doc.unavailable if a.end >= start],
            "exemptions": exemptions,
            "wishes": [w for w in doc.wishes if w.end >= start],
        }))
    # an exception lies within its period (3-delt vakt at Easter): none reaches the next one
    rules = project.rules.model_copy(update={"exceptions": []})
    new = project.model_copy(update={"period": period, "doctors": doctors, "rota": [],
                                     "snapshots": [], "calendars": {}, "rules": rules})
    shift_ids = {s.id for s in expand_shifts(new)}
    new = new.model_copy(update={"doctors": [
        d.model_copy(update={"pre_assigned": [p for p in d.pre_assigned if p.shift_id in shift_ids]})
        for d in new.doctors]})
    return Carried(Project.model_validate(new.model_dump()), clamped, not_measured, continued,
                   competence)

