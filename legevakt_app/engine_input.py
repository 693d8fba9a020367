"""Turn a project (domain model) into the engine's plain :class:`solver.problem.Problem`."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from legevakt_app.calendar import OSLO, holiday_names
from legevakt_app.competence import derive_competence
from legevakt_app.domain import DateRange, Doctor, Project
from legevakt_app.shifts import expand_shifts
from solver import problem as sp


def _interval(r: DateRange) -> tuple[datetime, datetime]:
    """An inclusive date range as a half-open Oslo time interval (midnight to midnight)."""
    return (
        datetime.combine(r.start, time(0), OSLO),
        datetime.combine(r.end + timedelta(days=1), time(0), OSLO),
    )


def is_competent(project: Project, doctor: Doctor) -> bool:
    return derive_competence(doctor.competence, project.rules.competence_rule).competent


def over_55_from(doctor: Doctor, start: date, end: date) -> date | None:
    """The first day from ``start`` to ``end`` with the over-55 right to fritak from 16–08
    (fastlegeforskriften § 13): 1 January of the year the doctor turns 55 (only the birth
    year is stored), or ``start`` when that is earlier; None when it is after ``end``."""
    turns = date(doctor.birth_year + 55, 1, 1)
    return None if turns > end else max(start, turns)


def _wishes(doctor: Doctor, shifts: list[sp.Shift]
            ) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, ...], ...]]:
    """The doctor's wishes for the engine: every shift a wish avoids (one point each when
    given), and for a wish to work, each of its days as a group (one point when none of the
    day's matching shifts is given)."""
    avoids: list[tuple[str, int]] = []
    wants: dict[tuple[int, object], list[str]] = {}
    for i, wish in enumerate(doctor.wishes):
        for s in shifts:
            if wish.contains(s.day) and (wish.template is None or wish.template == s.template):
                if wish.wants:
                    wants.setdefault((i, s.day), []).append(s.id)
                else:
                    avoids.append((s.id, -1))
    return tuple(avoids), tuple(tuple(g) for g in wants.values())


def _rest_after_last_period(project: Project, doctor: Doctor) -> tuple[sp.Absence, ...]:
    """The minimum rest after the doctor's last vakt of the period before, where it reaches
    into this one (a night ending Monday 08:00 and 11 t rest: nothing before 19:00)."""
    end = doctor.ledger.last_vakt_end
    if end is None:
        return ()
    end = end.replace(tzinfo=OSLO) if end.tzinfo is None else end.astimezone(OSLO)
    # in real hours (through UTC): a night with a change of clock is an hour shorter or longer
    rested = (end.astimezone(UTC) + timedelta(hours=project.rules.min_rest_hours)).astimezone(OSLO)
    if rested <= datetime.combine(project.period.start, time(0), OSLO):
        return ()
    # from a minute after: a vakt that starts as the last one ended is one work period, as
    # within a period (a night to 08:00, then a day shift from 08:00)
    return (sp.Absence(end + timedelta(minutes=1), rested, kind="hvile"),)


def _locked_cells(project: Project) -> dict[str, list[tuple[str, str]]]:
    """Per doctor, the rota's cells locked on her (one pass over the rota)."""
    locked: dict[str, list[tuple[str, str]]] = {}
    for a in project.rota:
        if a.locked:
            locked.setdefault(a.doctor_id, []).append((a.shift_id, a.role))
    return locked


def pre_assignments(doctor: Doctor, locked: dict[str, list[tuple[str, str]]]
                    ) -> tuple[tuple[str, str], ...]:
    """The doctor's pre-assigned vakter and the rota's cells locked on her
    (:func:`_locked_cells`): the engine keeps both where they are."""
    pre = [(p.shift_id, p.role) for p in doctor.pre_assigned]
    return tuple(dict.fromkeys(pre + locked.get(doctor.id, [])))


def with_locks(problem: sp.Problem, project: Project) -> sp.Problem:
    """``problem`` (built from another rota of the same project) with ``project``'s
    pre-assignments: the locks move with a hand change, and nothing else needs rebuilding."""
    locked = _locked_cells(project)
    pre = {d.id: pre_assignments(d, locked) for d in project.doctors}
    if all(d.pre_assigned == pre.get(d.id, d.pre_assigned) for d in problem.doctors):
        return problem
    return replace(problem, doctors=tuple(replace(d, pre_assigned=pre.get(d.id, d.pre_assigned))
                                          for d in problem.doctors))


def solver_doctor(project: Project, doctor: Doctor, shifts: list[sp.Shift],
                  locked: dict[str, list[tuple[str, str]]] | None = None) -> sp.Doctor:
    """The engine's view of ``doctor``; ``locked``: :func:`_locked_cells` of the project, when
    the caller has it already."""
    avoids, wants = _wishes(doctor, shifts)
    return sp.Doctor(
        id=doctor.id,
        name=doctor.name,
        competent=is_competent(project, doctor),
        share=doctor.legevakt_share,
        has_practice=doctor.practice_hours_per_week > 0,
        absences=tuple(sp.Absence(*_interval(a), kind=a.kind) for a in doctor.unavailable)
        + _rest_after_last_period(project, doctor),
        exemptions=tuple(
            sp.Exemption(*_interval(e), scope=e.scope, category=e.category)
            for e in doctor.exemptions
        ),
        wishes=avoids,
        wants=wants,
        pre_assigned=pre_assignments(doctor, _locked_cells(project) if locked is None else locked),
        # the firedelt etc. run on from the period before (the project refuses a day in this one)
        earlier_duty_days=tuple(doctor.ledger.earlier_duty_days),
        ledger=sp.LedgerEntry(
            load_balance=doctor.ledger.load_balance,
            nights=doctor.ledger.nights,
            weekends=doctor.ledger.weekends,
            high_days=doctor.ledger.high_days,
            had_high_days=frozenset(doctor.ledger.had_high_days),
        ),
    )


def build_problem(project: Project) -> sp.Problem:
    shifts = expand_shifts(project)
    r = project.rules
    locked = _locked_cells(project)
    rules = sp.Rules(
        min_rest_hours=r.min_rest_hours,
        practice_start=time.fromisoformat(r.practice_start),
        practice_end=time.fromisoformat(r.practice_end),
        practice_after_night=r.practice_after_night,
        window_days=r.spacing_window_days,
        max_in_window=_limit(r.max_in_window),
        max_per_week=_limit(r.max_per_week),
        max_consecutive_days=_limit(r.max_consecutive_days),
        hjemmevakt_factor=r.hjemmevakt_factor,
        fairness_margin=r.fairness_margin,
        exceptions=rule_exceptions(project),
    )
    return sp.Problem(
        period_start=project.period.start,
        period_end=project.period.end,
        shifts=tuple(shifts),
        doctors=tuple(solver_doctor(project, d, shifts, locked) for d in project.doctors),
        rules=rules,
        # the day after the period too: a vakt ending into it costs no practice on a holiday
        holidays=tuple(holiday_names(project.period.start, project.period.end + timedelta(days=1))),
    )


def with_doctors(problem: sp.Problem, before: Project, project: Project) -> sp.Problem:
    """:func:`build_problem` of ``project``, from ``problem`` (that of ``before``) when the two
    projects differ only in their doctors (a ferie marked): the same district, period,
    vakttyper and rules (the very objects, as an edit that changes one copies it) give the
    same shifts, rules and holidays, and a doctor the two share (the very object) the same
    view in the engine; only the others are built (the shifts alone take most of a build:
    10-20 ms on a 40-doctor year). Else built anew."""
    if not (before.district is project.district and before.period is project.period
            and before.templates is project.templates and before.rules is project.rules
            and [d.id for d in before.doctors] == [d.id for d in problem.doctors]):
        return build_problem(project)
    known = {id(d): engine for d, engine in zip(before.doctors, problem.doctors, strict=True)}
    shifts = list(problem.shifts)
    locked = _locked_cells(project)
    doctors = tuple(known[id(d)] if id(d) in known else solver_doctor(project, d, shifts, locked)
                    for d in project.doctors)
    # a shared doctor's cells locked in the rota are those of ``before``'s rota: as this one's
    return with_locks(replace(problem, doctors=doctors), project)


def rule_exceptions(project: Project) -> tuple[sp.RuleException, ...]:
    """The period's exceptions to the spacing limits, for the engine: in date order, each
    limit as the engine's :class:`~solver.problem.Limit`, a limit left out still None (the
    engine fills it from the period's own rule)."""
    return tuple(
        sp.RuleException(
            start=e.start,
            end=e.end,
            window_days=e.spacing_window_days,
            max_in_window=_limit(e.max_in_window),
            max_per_week=_limit(e.max_per_week),
            max_consecutive_days=_limit(e.max_consecutive_days),
        )
        for e in sorted(project.rules.exceptions, key=lambda e: e.start)
    )


def _limit(limit: object) -> sp.Limit | None:
    if limit is None:
        return None
    return sp.Limit(value=limit.value, hard=limit.hard)  # type: ignore[attr-defined]


def project_rota(project: Project) -> sp.Rota:
    """The rota stored in the project (published or edited by hand)."""
    return sp.Rota([sp.Assignment(a.shift_id, a.doctor_id, a.role, a.locked) for a in project.rota])


def weeks_in(start: date, end: date) -> float:
    return ((end - start).days + 1) / 7.0


def nothing_to_solve(problem: sp.Problem) -> str | None:
    """Why there is no rota to make at all (no doctors, no vakter), said before solving; None
    when there is something to make."""
    if not problem.doctors:
        return "det er ingen leger i prosjektet: legg dem til under Leger, eller importer en legeliste"
    if not any(s.required > 0 for s in problem.shifts):
        return ("det er ingen vakter å fordele i perioden: legg til vakttyper under Vakter og regler "
                "(eller se at de gjelder dager i perioden)")
    return None
