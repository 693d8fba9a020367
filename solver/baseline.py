"""The naive rota people build in Excel: go down the shifts in time order and give each one to
the next doctor in a fixed rotation who is free (not away, not exempt, competent when needed,
not already on duty, rest respected). No look-ahead, no fairness. Used by the benchmark to show
what the solver gains for the worst-off doctor."""

from __future__ import annotations

from datetime import timedelta

from solver.common import unavailable_reasons
from solver.problem import Assignment, Problem, Rota


def round_robin(problem: Problem) -> Rota:
    docs = [d for d in problem.doctors if d.share > 0]
    rest = timedelta(hours=problem.rules.min_rest_hours)
    busy: dict[str, list[tuple]] = {d.id: [] for d in docs}
    out: list[Assignment] = []
    pointer = 0

    def free(d, s) -> bool:
        if unavailable_reasons(d, s):
            return False
        for a0, a1 in busy[d.id]:
            if a0 < s.end and s.start < a1:
                return False
            if timedelta(0) < s.start - a1 < rest or timedelta(0) < a0 - s.end < rest:
                return False
        return True

    for s in sorted(problem.shifts, key=lambda s: (s.start, s.id)):
        chosen = []
        for k in range(len(docs)):
            if len(chosen) == s.required:
                break
            d = docs[(pointer + k) % len(docs)]
            if d in chosen or not free(d, s):
                continue
            if not d.competent and (s.requires_competent and not any(c.competent for c in chosen)
                                    and len(chosen) == s.required - 1):
                continue
            chosen.append(d)
        if chosen:
            pointer = (docs.index(chosen[-1]) + 1) % len(docs)
        for d in chosen:
            busy[d.id].append((s.start, s.end))
            out.append(Assignment(s.id, d.id, "vakt"))
        if any(not d.competent for d in chosen):
            for d in docs:
                if d.competent and d not in chosen and free(d, s):
                    busy[d.id].append((s.start, s.end))
                    out.append(Assignment(s.id, d.id, "bakvakt"))
                    break
    return Rota(out)
