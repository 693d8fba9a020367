"""The figures a result file carries, recomputed from its rota: ``doctors_summary`` (every
doctor's row, :func:`solver.metrics.doctor_metrics`) and the solve block's figures that the
rota and the file decide (``objective``, the rota's largest load per share; level 1's value
and bound as its ``levels`` say; the fairness margin as its rules say). What the engine
alone knows (the bounds it proved, the other levels' values) cannot be recomputed; the solve
block's digest (legevakt_app.rota_source.result_digest) says whether they are still of this
rota and these inputs.
"""

from __future__ import annotations

import json
from typing import Any

from solver.rota_file import Disagreement, RotaFile

OBJECTIVE_DIGITS = 4  # solve.objective is written rounded to this (solver.solve)


def _same(stated: Any, derived: Any) -> bool:
    if isinstance(stated, bool) or isinstance(derived, bool):
        return stated is derived
    if isinstance(stated, int | float) and isinstance(derived, int | float):
        return abs(stated - derived) <= 1e-9 * max(1.0, abs(derived))
    return stated == derived


# the figures of ``doctors_summary`` as the leader reads them (the report's and the solve
# table's words); ``legevakt check`` adds the file's key in parentheses, for an auditor
SUMMARY_LABELS = {
    "hours": "vakttimer",
    "weighted_load": "vektet belastning",
    "shifts": "vakter",
    "nights": "netter",
    "weekends": "vakter i helg",
    "holidays": "helligdagsvakter",
    "high_days": "høytidsvakter",
    "bakvakter": "bakvakter",
    "bakvakt_hours": "bakvakttimer",
    "duty_days": "vaktdøgn",
    "rotation_ratio": "rotasjon 1:N",
    "rotation_unit": "enhet for rotasjon 1:N",
    "practice_days_lost": "tapte praksisdager",
    "fair_share": "rettferdig andel",
    "load_per_share": "belastning per andel",
}


def label(key: str) -> str:
    """«vakttimer (hours)»: a figure of ``doctors_summary`` by its Norwegian name, the key
    after it («bakvakter» once; an unknown key as it is)."""
    name = SUMMARY_LABELS.get(key)
    return f"{name} ({key})" if name and name != key else key


def _shown(value: Any) -> str:
    """A value of the file as a Norwegian reads it: a number with a decimal comma, as written
    (904.0 → «904,0», 3.12 → «3,12»), a text in «», null as «ingen (null)»."""
    if value is None:
        return "ingen (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return f"«{value}»"
    return json.dumps(value, ensure_ascii=False).replace(".", ",")


def lost_after_period(loaded: RotaFile) -> dict[str, int]:
    """By doctor: the practice days after the period's end that her vakter cost (a vakt on
    the last night costs the next morning): files written before the 2026-11-28 result audit counted them in
    ``practice_days_lost``."""
    from solver.rules import practice_days_lost

    p = loaded.problem
    shifts = {s.id: s for s in p.shifts}
    out = {}
    for d in p.doctors:
        vakt = [shifts[a.shift_id] for a in loaded.rota.assignments
                if a.doctor_id == d.id and a.role == "vakt" and a.shift_id in shifts]
        out[d.id] = (sum(1 for day in practice_days_lost(p, d.absences, vakt) if day > p.period_end)
                     if d.has_practice else 0)
    return out


def summary_disagreements(loaded: RotaFile, older_file: bool = False
                          ) -> tuple[list[Disagreement], list[str]]:
    """Every figure of the file's ``doctors_summary`` that its rota does not give (doctor,
    field, the file's value, the recomputed one). ``older_file``: written before the
    2026-11-28 result audit (:func:`older_file`), whose ``practice_days_lost`` also counted
    the day after the period: that figure is then a note (Norwegian), not a disagreement."""
    from solver.metrics import doctor_metrics

    names = {d.id: d.name for d in loaded.problem.doctors}
    rows = {r.get("id"): r for r in loaded.doctors_summary if isinstance(r, dict)}
    found: list[Disagreement] = []
    notes: list[str] = []
    after: dict[str, int] | None = None
    for metrics in doctor_metrics(loaded.problem, loaded.rota):
        row = json.loads(json.dumps(metrics.to_dict()))  # as the file holds it
        who = f"{metrics.id} ({names[metrics.id]})"
        stated = rows.pop(metrics.id, None)
        if stated is None:
            found.append(Disagreement(metrics.id, "doctors_summary", None, row,
                                      f"{who}: står ikke i doctors_summary"))
            continue
        for key, derived in row.items():
            value = stated.get(key)
            if key not in stated and key == "rotation_unit" and derived == "dag":
                continue  # files before ukevakt's 1:N in weeks: days
            if _same(value, derived):
                continue
            if older_file and key == "practice_days_lost" and isinstance(value, int):
                after = after if after is not None else lost_after_period(loaded)
                if after[metrics.id] and value == derived + after[metrics.id]:
                    notes.append(f"{who}: {label(key)} {value} i filen teller også "
                                 f"dagen etter perioden, som eldre versjoner gjorde; turnusen gir "
                                 f"{derived} i perioden")
                    continue
            found.append(Disagreement(metrics.id, key, value, derived,
                                      f"{who}: {label(key)} er {_shown(value)} i filen, "
                                      f"turnusen gir {_shown(derived)}"))
    for doctor_id in rows:
        found.append(Disagreement(str(doctor_id), "doctors_summary", rows[doctor_id], None,
                                  f"{doctor_id}: står i doctors_summary, men ikke i doctors"))
    return found, notes


def older_file(data: dict[str, Any]) -> bool:
    """Written before the 2026-11-28 result audit: its rules do not say what makes a night
    (solver.rota_file.to_dict writes ``night_start`` since)."""
    return "night_start" not in data.get("rules", {})


def solve_disagreements(loaded: RotaFile) -> list[Disagreement]:
    """The solve block's figures that the file itself decides and that disagree with it
    (none for a rota made by hand, status «manual»)."""
    from solver.solve import max_ratio

    solve = loaded.solve
    if solve.get("status", "manual") == "manual":
        return []
    found: list[Disagreement] = []

    def differ(key: str, name: str, stated: Any, derived: Any, because: str) -> None:
        if stated is not None and derived is not None and not _same(stated, derived):
            found.append(Disagreement("solve", key, stated, derived,
                                      f"{name} (solve.{key}) er {_shown(stated)} i filen, men "
                                      f"{because} {_shown(derived)}"))

    if solve.get("objective") is not None:
        rota_value = round(max_ratio(loaded.problem, loaded.rota), OBJECTIVE_DIGITS)
        if abs(solve["objective"] - rota_value) > 0.6 * 10 ** -OBJECTIVE_DIGITS:
            differ("objective", "største belastning per andel", solve["objective"], rota_value,
                   "turnusen gir")
    fairness = next((lv for lv in solve.get("levels", []) if lv.get("name") == "fairness"), None)
    if fairness is not None:
        differ("fairness_level_value", "nivå 1s verdi", solve.get("fairness_level_value"),
               fairness.get("value"), "nivå 1 i levels har")
        differ("bound", "nedre grense for nivå 1", solve.get("bound"), fairness.get("bound"),
               "nivå 1 i levels har")
    differ("fairness_margin", "rettferdighetsmargin", solve.get("fairness_margin"),
           loaded.problem.rules.fairness_margin, "rules.fairness_margin er")
    return found
