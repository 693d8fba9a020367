"""The self-contained result file ``legevakt-rota/1`` (JSON).

Everything an outside auditor needs to re-check the rota without the project file: period,
rules, doctors (availability, exemption flags, never a reason), shifts with who is assigned,
the solve figures and a per-doctor summary. Times are ISO 8601 local times with offset; the
``timezone`` key names the zone so DST-aware rules (practice hours) read back exactly.

Bakvakt duties appear as shifts of their own (``role: "bakvakt"``, id ``<shift id>#bakvakt``,
``covers``: the vakt shift id).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from solver.metrics import doctor_metrics
from solver.problem import (
    RESULT_FORMAT,
    Absence,
    Assignment,
    Doctor,
    Exemption,
    LedgerEntry,
    Limit,
    Problem,
    Rota,
    RuleException,
    Rules,
    Shift,
)

BAKVAKT_SUFFIX = "#bakvakt"


@dataclass
class RotaFile:
    problem: Problem
    rota: Rota
    solve: dict[str, Any] = field(default_factory=dict)
    doctors_summary: list[dict[str, Any]] = field(default_factory=list)


def _limit(limit: Limit | None) -> dict | None:
    return None if limit is None else {"value": limit.value, "hard": limit.hard, "penalty": limit.penalty}


def _unlimit(d: dict | None) -> Limit | None:
    return None if d is None else Limit(int(d["value"]), bool(d.get("hard", True)), int(d.get("penalty", 10)))


def _tzname(problem: Problem) -> str | None:
    for s in problem.shifts:
        return getattr(s.start.tzinfo, "key", None)
    return None


def _covers(a_start: datetime, a_end: datetime, p: Problem) -> bool:
    return a_start <= datetime.combine(p.period_start, time(0), a_start.tzinfo) and a_end >= datetime.combine(
        p.period_end, time(23, 59), a_end.tzinfo
    )


def level_documents(levels: Any) -> list[dict[str, Any]]:
    """Each objective level of a solve (``SolveResult.levels``) as the result file, the
    project's solve record and the exports keep it."""
    return [{"name": lv.name, "title": lv.title, "value": lv.value, "bound": lv.bound,
             "status": lv.status} for lv in levels]


def to_dict(problem: Problem, rota: Rota, result: Any = None) -> dict[str, Any]:
    r = problem.rules
    vakt: dict[str, list[str]] = {}
    bak: dict[str, list[str]] = {}
    for a in rota.assignments:
        (vakt if a.role == "vakt" else bak).setdefault(a.shift_id, []).append(a.doctor_id)
    locked = sorted({(a.shift_id, a.doctor_id, a.role) for a in rota.assignments if a.locked})
    doctors = []
    for d in problem.doctors:
        doctors.append({
            "id": d.id,
            "name": d.name,
            "competent": d.competent,
            "exempt": any(e.scope == "full" and _covers(e.start, e.end, problem) for e in d.exemptions),
            # for the whole period; a fritak for some dates is in "exemptions" (its scope and
            # dates), a full one also in "unavailable"
            "exempt_from_nights": any(e.scope in ("full", "no_nights", "no_16_08")
                                      and _covers(e.start, e.end, problem) for e in d.exemptions),
            "unavailable": [[a.start.isoformat(), a.end.isoformat()] for a in d.absences]
            + [[e.start.isoformat(), e.end.isoformat()] for e in d.exemptions if e.scope == "full"],
            "share": d.share,
            "has_practice": d.has_practice,
            "absences": [{"start": a.start.isoformat(), "end": a.end.isoformat(), "kind": a.kind} for a in d.absences],
            "exemptions": [
                {"start": e.start.isoformat(), "end": e.end.isoformat(), "scope": e.scope, "category": e.category}
                for e in d.exemptions
            ],
            "pre_assigned": [[sid, role] for sid, role in d.pre_assigned],
            "wishes": [[sid, sign] for sid, sign in d.wishes],
            "wants": [list(group) for group in d.wants],
            "ledger": {**vars(d.ledger), "had_high_days": sorted(d.ledger.had_high_days)},
            # the spacing limits run on from these (left out when none: files as before)
            **({"earlier_duty_days": [x.isoformat() for x in d.earlier_duty_days]}
               if d.earlier_duty_days else {}),
        })
    shifts = []
    for s in problem.shifts:
        base = {
            "id": s.id, "station": s.station, "template": s.template, "kind": s.kind, "role": "vakt",
            "start": s.start.isoformat(), "end": s.end.isoformat(), "hours": round(s.hours, 3),
            "on_site": s.on_site, "required": s.required, "requires_competent": s.requires_competent,
            "night": s.night, "weekend": s.weekend, "holiday": s.holiday, "high_day": s.high_day,
            "high_day_name": s.high_day_name,
            "weight": s.weight, "bakvakt_weight": s.bakvakt_weight, "block": s.block, "label": s.label,
            "assigned": vakt.get(s.id, []),
        }
        shifts.append(base)
        if s.id in bak:
            shifts.append({**base, "id": s.id + BAKVAKT_SUFFIX, "role": "bakvakt", "covers": s.id,
                           "required": 1, "on_site": False, "assigned": bak[s.id]})
    solve_block: dict[str, Any] = {"status": "manual"}
    if result is not None:
        pfb, first = result.perfect_fairness_bound, result.seconds_to_first_feasible
        fairness = result.level("fairness")
        solve_block = {
            "status": result.status,
            # the rota's largest load per share: at most level 1's value (proven within its
            # step of «bound») + fairness_margin × the perfect-fairness bound, which the later
            # levels may use for nights, weekends and spacing
            "objective": result.objective,
            "bound": result.bound,
            # rounded as the bound is, so the proven bound is never shown below it
            "perfect_fairness_bound": None if pfb is None else round(pfb, 4),
            "fairness_level_value": None if fairness is None else fairness.value,
            "fairness_margin": problem.rules.fairness_margin,
            "seconds": result.seconds,
            "seconds_to_first_feasible": None if first is None else round(first, 3),
            "levels": level_documents(result.levels),
        }
    metrics = result.metrics if result is not None and result.metrics else doctor_metrics(problem, rota)
    return {
        "format": RESULT_FORMAT,
        "timezone": _tzname(problem),
        "period": {"start": problem.period_start.isoformat(), "end": problem.period_end.isoformat()},
        "holidays": [h.isoformat() for h in problem.holidays],
        "rules": {
            "min_rest_hours": r.min_rest_hours,
            "practice_start": r.practice_start.isoformat(timespec="minutes"),
            "practice_end": r.practice_end.isoformat(timespec="minutes"),
            "practice_after_night": r.practice_after_night,
            "window_days": r.window_days,
            "max_in_window": _limit(r.max_in_window),
            "max_per_week": _limit(r.max_per_week),
            "max_consecutive_days": _limit(r.max_consecutive_days),
            "hjemmevakt_factor": r.hjemmevakt_factor,
            "fairness_margin": r.fairness_margin,
            # other spacing limits on some days; a limit left null is the period's own
            "exceptions": [{"start": e.start.isoformat(), "end": e.end.isoformat(),
                            "window_days": e.window_days, "max_in_window": _limit(e.max_in_window),
                            "max_per_week": _limit(e.max_per_week),
                            "max_consecutive_days": _limit(e.max_consecutive_days)}
                           for e in r.exceptions],
        },
        "doctors": doctors,
        "shifts": shifts,
        "locked": [list(k) for k in locked],
        "solve": solve_block,
        "doctors_summary": [m.to_dict() for m in metrics],
    }


def write_rota_file(path: str | Path, problem: Problem, rota: Rota, result: Any = None) -> Path:
    path = Path(path)
    path.write_text(json.dumps(to_dict(problem, rota, result), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def from_dict(data: dict[str, Any]) -> RotaFile:
    if data.get("format") != RESULT_FORMAT:
        raise ValueError(f"not a {RESULT_FORMAT} file (format={data.get('format')!r})")
    tz = ZoneInfo(data["timezone"]) if data.get("timezone") else None

    def dt(text: str) -> datetime:
        value = datetime.fromisoformat(text)
        return value.astimezone(tz) if tz is not None else value

    r = data["rules"]
    rules = Rules(
        min_rest_hours=float(r["min_rest_hours"]),
        practice_start=time.fromisoformat(r["practice_start"]),
        practice_end=time.fromisoformat(r["practice_end"]),
        practice_after_night=r["practice_after_night"],
        window_days=int(r["window_days"]),
        max_in_window=_unlimit(r.get("max_in_window")),
        max_per_week=_unlimit(r.get("max_per_week")),
        max_consecutive_days=_unlimit(r.get("max_consecutive_days")),
        hjemmevakt_factor=float(r.get("hjemmevakt_factor", 1.0)),
        fairness_margin=float(r.get("fairness_margin", 0.0)),
        exceptions=tuple(RuleException(
            start=date.fromisoformat(e["start"]), end=date.fromisoformat(e["end"]),
            window_days=None if e.get("window_days") is None else int(e["window_days"]),
            max_in_window=_unlimit(e.get("max_in_window")), max_per_week=_unlimit(e.get("max_per_week")),
            max_consecutive_days=_unlimit(e.get("max_consecutive_days")))
            for e in r.get("exceptions", [])),
    )
    doctors = []
    for d in data["doctors"]:
        absences = d.get("absences")
        if absences is None:  # minimal files: "unavailable" intervals only
            absences = [{"start": a, "end": b, "kind": "annet"} for a, b in d.get("unavailable", [])]
        doctors.append(Doctor(
            id=d["id"],
            name=d["name"],
            competent=bool(d["competent"]),
            share=float(d.get("share", 1.0)),
            has_practice=bool(d.get("has_practice", True)),
            absences=tuple(Absence(dt(a["start"]), dt(a["end"]), a.get("kind", "annet")) for a in absences),
            exemptions=tuple(
                Exemption(dt(e["start"]), dt(e["end"]), e.get("scope", "full"), e.get("category", "granted"))
                for e in d.get("exemptions", [])
            ),
            wishes=tuple((sid, int(sign)) for sid, sign in d.get("wishes", [])),
            wants=tuple(tuple(group) for group in d.get("wants", [])),
            pre_assigned=tuple((sid, role) for sid, role in d.get("pre_assigned", [])),
            ledger=_ledger(d.get("ledger") or {}),
            earlier_duty_days=tuple(date.fromisoformat(x) for x in d.get("earlier_duty_days", [])),
        ))
    shifts = []
    assignments = []
    locked = {tuple(k) for k in data.get("locked", [])}
    for s in data["shifts"]:
        role = s.get("role", "vakt")
        sid = s.get("covers", s["id"]) if role == "bakvakt" else s["id"]
        for did in s.get("assigned", []):
            assignments.append(Assignment(sid, did, role, (sid, did, role) in locked))
        if role == "bakvakt":
            continue
        shifts.append(Shift(
            id=s["id"], station=s["station"], template=s.get("template", s["kind"]), kind=s["kind"],
            start=dt(s["start"]), end=dt(s["end"]), on_site=bool(s["on_site"]),
            required=int(s["required"]), requires_competent=bool(s["requires_competent"]),
            night=bool(s["night"]), weekend=bool(s["weekend"]), holiday=bool(s["holiday"]),
            high_day=bool(s.get("high_day", False)),
            high_day_name=str(s.get("high_day_name", "")), weight=float(s.get("weight", 1.0)),
            bakvakt_weight=float(s.get("bakvakt_weight", 0.3)), block=s.get("block"),
            label=s.get("label", ""),
        ))
    problem = Problem(
        period_start=date.fromisoformat(data["period"]["start"]),
        period_end=date.fromisoformat(data["period"]["end"]),
        shifts=tuple(shifts),
        doctors=tuple(doctors),
        rules=rules,
        holidays=tuple(date.fromisoformat(h) for h in data.get("holidays", [])),
    )
    return RotaFile(problem, Rota(assignments), dict(data.get("solve", {})), list(data.get("doctors_summary", [])))


def read_rota_file(path: str | Path) -> RotaFile:
    with open(path, encoding="utf-8-sig") as fh:
        return from_dict(json.load(fh))


def _ledger(data: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(**{**data, "had_high_days": frozenset(data.get("had_high_days", ()))})
