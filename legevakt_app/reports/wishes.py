"""Which wishes a rota leaves unmet, per doctor, counted as the engine's level 3 counts them
(:func:`solver.objective.wishes_level`): each vakt given in a wish to be free is one, each
day of a wish to work with none of its vakter given is one (a day she may take none of them,
being away or exempt, is not). The engine only says how many;
the leader needs to know whose and when, to tell the doctor or to honour a wish by hand.

Read from the engine's problem (:class:`solver.problem.Doctor` ``wishes`` and ``wants``), so a
result file without its project shows the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from legevakt_app.wording import count
from solver.common import display_day, names
from solver.ledger import may_take
from solver.problem import Problem, Rota, Shift


@dataclass(frozen=True)
class UnmetWishes:
    doctor_id: str
    name: str
    given: tuple[Shift, ...]  # vakter given in a wish to be free
    missed: tuple[tuple[Shift, ...], ...]  # days wished to work: that day's vakter, none given

    @property
    def count(self) -> int:
        return len(self.given) + len(self.missed)


def unmet_wishes(problem: Problem, rota: Rota) -> list[UnmetWishes]:
    """The doctors with a wish the rota does not meet, in the problem's order."""
    shifts = {s.id: s for s in problem.shifts}
    on: set[tuple[str, str]] = {(a.doctor_id, a.shift_id) for a in rota.assignments
                                if a.role == "vakt"}
    out = []
    for d in problem.doctors:
        given = tuple(sorted((shifts[sid] for sid, sign in d.wishes
                              if sign < 0 and sid in shifts and (d.id, sid) in on),
                             key=lambda s: s.start))
        # a day she may take none of its vakter (away, fritak) is no wish the rota can meet,
        # and the engine does not count it either
        missed = tuple(sorted((tuple(shifts[sid] for sid in group if sid in shifts)
                               for group in d.wants
                               if any(sid in shifts and may_take(d, shifts[sid]) for sid in group)
                               and not any((d.id, sid) in on for sid in group)),
                              key=lambda g: g[0].start))
        if given or missed:
            out.append(UnmetWishes(d.id, d.name, given, missed))
    return out


MOST_SHOWN = 8  # days listed per doctor before «… og N til»


def _days(items: list[str]) -> str:
    shown = items[:MOST_SHOWN]
    more = f" og {len(items) - MOST_SHOWN} til" if len(items) > MOST_SHOWN else ""
    return (", ".join(shown) + more) if more else names(shown)


def unmet_text(u: UnmetWishes) -> str:
    """«Per Kroken: fikk 12 vakter i ønsket fri (Sørvang legevakt Natt 03.02, 19.02, … og 4
    til); fikk ikke vakt som ønsket 17.05»."""
    parts = []
    if u.given:
        by_label: dict[str, list[str]] = {}
        for s in u.given:
            by_label.setdefault(s.label or s.template, []).append(display_day(s.start.date()))
        parts.append(f"fikk {count(len(u.given), 'vakt', 'vakter')} i ønsket fri ("
                     + "; ".join(f"{label} {_days(days)}" for label, days in by_label.items())
                     + ")")
    if u.missed:
        parts.append("fikk ikke vakt som ønsket "
                     + _days([display_day(g[0].start.date()) for g in u.missed]))
    return f"{u.name}: " + "; ".join(parts)


def unmet_lines(unmet: Sequence[UnmetWishes]) -> list[str]:
    """«Uoppfylte ønsker (12):» and one line per doctor ([] when every wish is met)."""
    if not unmet:
        return []
    return [f"Uoppfylte ønsker ({sum(u.count for u in unmet)}):",
            *(f"  {unmet_text(u)}" for u in unmet)]
