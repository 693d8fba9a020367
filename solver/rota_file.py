"""The self-contained result file ``legevakt-rota/1`` (JSON).

Everything an outside auditor needs to re-check the rota without the project file: period,
rules, doctors (availability, exemption flags, never a reason), shifts with who is assigned,
the solve figures and a per-doctor summary. Times are ISO 8601 local times with offset; the
``timezone`` key names the zone so DST-aware rules (practice hours) read back exactly.

Bakvakt duties appear as shifts of their own (``role: "bakvakt"``, id ``<shift id>#bakvakt``,
``covers``: the vakt shift id).

Some things the file states twice, for a reader who wants them at hand: a doctor's
``unavailable``, ``exempt`` and ``exempt_from_nights`` beside her ``absences`` and
``exemptions``; a vakt's ``hours``, ``night``, ``weekend``, ``holiday`` and ``high_day`` beside its
times and the file's rules and calendar; a bakvakt entry's times beside its vakt's.
:func:`stated_twice` lists where they disagree, and :func:`from_dict` reads such a file the
stricter way (a doctor unavailable or exempt by either statement, a vakt a night by either),
so that neither edit lets a rule break through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from solver.common import number
from solver.metrics import doctor_metrics
from solver.problem import (
    NIGHT_END,
    NIGHT_START,
    RESULT_FORMAT,
    WEEKEND_FROM_FRIDAY,
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
    covers_night,
    starts_weekend,
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


def count_bands_document(bands: Any) -> dict[str, dict[str, list[int]]]:
    """The engine's fixed bands for level 2 (``SolveResult.count_bands``: by count, then doctor
    id, (low, high)) as the result file's ``solve.count_bands`` keeps them, ``[low, high]``;
    {} when every doctor was measured against the district's band (then left out)."""
    return {attr: {doctor_id: [int(low), int(high)] for doctor_id, (low, high) in by.items()}
            for attr, by in (bands or {}).items() if by}


def level_documents(levels: Any) -> list[dict[str, Any]]:
    """Each objective level of a solve (``SolveResult.levels``) as the result file, the
    project's solve record and the exports keep it."""
    return [{"name": lv.name, "title": lv.title, "value": lv.value, "bound": lv.bound,
             "status": lv.status} for lv in levels]


def made_at_text(moment: datetime | None, problem: Problem) -> str | None:
    """When the engine made the rota, as the result file's ``solve.made_at`` says it: ISO
    8601 to the second, in the problem's zone with its offset (``2026-11-28T17:30:05+01:00``)."""
    if moment is None:
        return None
    zone = _tzname(problem)
    local = moment.astimezone(ZoneInfo(zone)) if zone else moment
    return local.isoformat(timespec="seconds")


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
            # the vakt's times and flags; the bakvakt's own: one doctor, from home, who must be
            # vaktkompetent, with bakvakt_weight per hour in her load (files written before
            # the 2026-11-28 result audit repeated the vakt's requires_competent and weight here)
            shifts.append({**base, "id": s.id + BAKVAKT_SUFFIX, "role": "bakvakt", "covers": s.id,
                           "required": 1, "on_site": False, "requires_competent": True,
                           "weight": s.bakvakt_weight, "assigned": bak[s.id]})
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
        made = made_at_text(getattr(result, "finished_at", None), problem)
        if made is not None:
            solve_block["made_at"] = made
        bands = count_bands_document(getattr(result, "count_bands", None))
        if bands:
            solve_block["count_bands"] = bands
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
            # what makes a vakt's «night» and «weekend» (solver.problem), for an auditor
            "night_start": NIGHT_START.isoformat(timespec="minutes"),
            "night_end": NIGHT_END.isoformat(timespec="minutes"),
            "weekend_from_friday": WEEKEND_FROM_FRIDAY.isoformat(timespec="minutes"),
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


@dataclass(frozen=True)
class Disagreement:
    """Two statements of a result file that do not agree: ``subject`` (a doctor's or a
    shift's id), the ``field`` whose value (``stated``) the rest of the file contradicts
    (``derived``), and ``text``, the Norwegian line ``legevakt check`` prints."""

    subject: str
    field: str
    stated: Any
    derived: Any
    text: str


# the fields of a bakvakt entry that are its vakt's (from_dict reads them from the vakt)
BAKVAKT_COPIES = ("station", "template", "kind", "start", "end", "hours", "night", "weekend",
                  "holiday", "high_day", "high_day_name", "bakvakt_weight", "block", "label")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
FLAG_TEXT = {"night": "nattevakt", "weekend": "helgevakt", "holiday": "vakt på helligdag",
             "high_day": "vakt i høytid"}


@dataclass
class _Reading:
    """A result file read the stricter way where it states a thing twice (:func:`from_dict`)
    and the disagreements found on the way (:func:`stated_twice`)."""

    absences: dict[str, list[Absence]] = field(default_factory=dict)  # by doctor id: more
    exemptions: dict[str, list[Exemption]] = field(default_factory=dict)  # by doctor id: more
    flags: dict[str, dict[str, bool]] = field(default_factory=dict)  # by shift id: read as
    disagreements: list[Disagreement] = field(default_factory=list)


def _moment(tz: tzinfo | None):  # type: ignore[no-untyped-def]
    def dt(text: str) -> datetime:
        value = datetime.fromisoformat(text)
        return value.astimezone(tz) if tz is not None else value
    return dt


def _zone(data: dict[str, Any]) -> tzinfo | None:
    return ZoneInfo(data["timezone"]) if data.get("timezone") else None


def _when(moment: datetime) -> str:
    return f"{moment:%d.%m.%Y %H:%M}"


def _span_text(span: tuple[datetime, datetime]) -> str:
    return f"{_when(span[0])} – {_when(span[1])}"


def _json(value: Any) -> str:
    """A value of the file as written, a number with a decimal comma (16.5 → «16,5»)."""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return json.dumps(value, ensure_ascii=False)


def _read_twice_stated(data: dict[str, Any]) -> _Reading:
    """Compare what the file states twice (the module's docstring) and read it the stricter
    way. A file that leaves out one of the two (a minimal file: no ``absences``, no
    ``exempt``; no ``holidays`` or ``high_days``) states it once and is not compared."""
    out = _Reading()
    tz = _zone(data)
    dt = _moment(tz)
    period_start = date.fromisoformat(data["period"]["start"])
    period_end = date.fromisoformat(data["period"]["end"])
    period_zone = tz
    if period_zone is None:
        period_zone = next((dt(s["start"]).tzinfo for s in data["shifts"] if s.get("start")), None)
    whole_from = datetime.combine(period_start, time(0), period_zone)
    whole_to = datetime.combine(period_end + timedelta(days=1), time(0), period_zone)

    def whole_period(start: datetime, end: datetime) -> bool:  # as to_dict's «exempt» says
        return start <= whole_from and end >= datetime.combine(period_end, time(23, 59),
                                                               period_zone)

    for d in data["doctors"]:
        who = f"{d['id']} ({d['name']})"

        def differ(field_: str, stated: Any, derived: Any, text: str, d=d, who=who) -> None:
            out.disagreements.append(Disagreement(d["id"], field_, stated, derived,
                                                  f"{who}: {text}"))

        exemptions = [(dt(e["start"]), dt(e["end"]), e.get("scope", "full"))
                      for e in d.get("exemptions", [])]
        if d.get("absences") is not None and "unavailable" in d:
            spans = {(dt(a), dt(b)) for a, b in d["unavailable"]}
            listed = {(dt(a["start"]), dt(a["end"])): a.get("kind", "annet") for a in d["absences"]}
            listed.update({(a, b): "fullt fritak" for a, b, scope in exemptions if scope == "full"})
            for span in sorted(spans - set(listed)):
                out.absences.setdefault(d["id"], []).append(Absence(span[0], span[1], "annet"))
                differ("unavailable", [x.isoformat() for x in span], None,
                       f"unavailable har {_span_text(span)}, som ikke står i absences eller som "
                       "fullt fritak i exemptions; kontrollert som fravær")
            for span in sorted(set(listed) - spans):
                differ("unavailable", None, [x.isoformat() for x in span],
                       f"unavailable mangler {_span_text(span)} ({listed[span]}), som står i "
                       f"{'exemptions' if listed[span] == 'fullt fritak' else 'absences'}; "
                       "kontrollert som fravær")
        for field_, scopes, scope, what in (
                ("exempt", ("full",), "full", "fullt fritak"),
                ("exempt_from_nights", ("full", "no_nights", "no_16_08"), "no_nights",
                 "fritak fra nattevakt")):
            if field_ not in d:
                continue
            derived = any(sc in scopes and whole_period(a, b) for a, b, sc in exemptions)
            if bool(d[field_]) == derived:
                continue
            if d[field_]:
                out.exemptions.setdefault(d["id"], []).append(
                    Exemption(whole_from, whole_to, scope, "granted"))
                differ(field_, True, False, f"{field_} er true, men exemptions har ikke "
                       f"{what} for hele perioden; kontrollert som {what} hele perioden")
            else:
                differ(field_, False, True, f"{field_} er false, men exemptions har {what} for "
                       "hele perioden; kontrollert som fritak")

    r = data["rules"]
    night_start = time.fromisoformat(r.get("night_start", NIGHT_START.isoformat()))
    night_end = time.fromisoformat(r.get("night_end", NIGHT_END.isoformat()))
    friday_from = time.fromisoformat(r.get("weekend_from_friday",
                                           WEEKEND_FROM_FRIDAY.isoformat()))
    holidays = ({date.fromisoformat(h) for h in data["holidays"]}
                if "holidays" in data else None)
    high_days = ({date.fromisoformat(k): v for k, v in data["high_days"].items()}
                 if data.get("high_days") is not None else None)
    night_text = f"{night_start:%H:%M}–{night_end:%H:%M}"
    vakter = {s["id"]: s for s in data["shifts"] if s.get("role", "vakt") == "vakt"}
    for s in data["shifts"]:
        sid = s["id"]

        def differ_s(field_: str, stated: Any, derived: Any, text: str, sid=sid) -> None:
            out.disagreements.append(Disagreement(sid, field_, stated, derived, f"{sid}: {text}"))

        if s.get("role", "vakt") == "bakvakt":
            vakt = vakter.get(s.get("covers", ""))
            if vakt is None:
                continue  # a reference problem (legevakt_app.result_file)
            for key in BAKVAKT_COPIES:
                if key not in s:
                    continue
                if key in ("start", "end"):
                    same = dt(s[key]) == dt(vakt[key])
                else:
                    same = s[key] == vakt.get(key, s[key])
                if not same:
                    differ_s(key, s[key], vakt.get(key), f"{key} er {_json(s[key])}, men vakten "
                             f"den dekker ({vakt['id']}) har {_json(vakt.get(key))}; kontrollert "
                             "etter vakten")
            for key, own, old in (("required", 1, 1), ("on_site", False, False),
                                  ("requires_competent", True, vakt.get("requires_competent")),
                                  ("weight", vakt.get("bakvakt_weight", 0.3), vakt.get("weight"))):
                if key in s and s[key] not in (own, old):
                    differ_s(key, s[key], own, f"{key} er {_json(s[key])}, men en bakvakt er "
                             f"{_json(own)}")
            continue
        start, end = dt(s["start"]), dt(s["end"])
        if end <= start:
            continue  # a problem of its own (legevakt_app.result_file)
        day = start.date()
        hours = round((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600, 3)
        if s.get("hours") is not None and abs(float(s["hours"]) - hours) > 0.0005:
            differ_s("hours", s["hours"], hours, f"vakttimer (hours) er {_json(s['hours'])}, "
                     f"men vakten {_when(start)} – {_when(end)} varer {number(hours)} t")
        night = covers_night(start, end, night_start, night_end)
        why = {
            "night": (night, f"vakten {_when(start)} – {_when(end)} går{'' if night else ' ikke'}"
                             f" inn i natten, {night_text} i rules"),
            "weekend": (starts_weekend(start, friday_from),
                        f"vakten begynner {WEEKDAYS[start.weekday()]} {start:%H:%M} (helg: "
                        f"lørdag, søndag og fredag fra {friday_from:%H:%M} i rules)"),
        }
        for key, calendar in (("holiday", holidays), ("high_day", high_days)):
            if calendar is not None:
                listed = day in calendar
                why[key] = (listed, f"{day:%d.%m.%Y} står{'' if listed else ' ikke'} i "
                                    f"{'holidays' if key == 'holiday' else 'high_days'}")
        if high_days is not None:
            name = high_days.get(day, "")
            if s.get("high_day_name", "") != name:
                differ_s("high_day_name", s.get("high_day_name", ""), name,
                         f"high_day_name er {_json(s.get('high_day_name', ''))}, men high_days "
                         f"har {_json(name)} for {day:%d.%m.%Y}")
        for key, (derived, because) in why.items():
            if key not in s or bool(s[key]) == derived:
                continue
            out.flags.setdefault(sid, {})[key] = True  # the stricter reading: either says so
            differ_s(key, bool(s[key]), derived, f"{key} er {_json(bool(s[key]))}, men {because}"
                     f"; kontrollert som {FLAG_TEXT[key]}")
    return out


def stated_twice(data: dict[str, Any]) -> list[Disagreement]:
    """Where a result file's twice-stated things disagree (the module's docstring): each with
    its doctor or shift, the field, the file's value and what the rest of the file gives.
    ``data`` must read (legevakt_app.result_file.result_problems finds nothing)."""
    return _read_twice_stated(data).disagreements


def from_dict(data: dict[str, Any]) -> RotaFile:
    """The file's problem and rota; where it states a thing twice and the two disagree
    (:func:`stated_twice`), read the stricter way: a doctor unavailable when either her
    ``unavailable`` or her ``absences``/``exemptions`` say so, exempt for the whole period when
    ``exempt`` (``exempt_from_nights``) says so, a vakt a night (weekend, holiday, høytid) when
    its flag or its times do."""
    if data.get("format") != RESULT_FORMAT:
        raise ValueError(f"not a {RESULT_FORMAT} file (format={data.get('format')!r})")
    dt = _moment(_zone(data))
    reading = _read_twice_stated(data)

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
            absences=tuple(Absence(dt(a["start"]), dt(a["end"]), a.get("kind", "annet")) for a in absences)
            + tuple(reading.absences.get(d["id"], ())),
            exemptions=tuple(
                Exemption(dt(e["start"]), dt(e["end"]), e.get("scope", "full"), e.get("category", "granted"))
                for e in d.get("exemptions", [])
            ) + tuple(reading.exemptions.get(d["id"], ())),
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
        flags = {key: bool(s[key]) for key in ("night", "weekend", "holiday")}
        flags["high_day"] = bool(s.get("high_day", False))
        flags.update(reading.flags.get(s["id"], {}))
        shifts.append(Shift(
            id=s["id"], station=s["station"], template=s.get("template", s["kind"]), kind=s["kind"],
            start=dt(s["start"]), end=dt(s["end"]), on_site=bool(s["on_site"]),
            required=int(s["required"]), requires_competent=bool(s["requires_competent"]),
            night=flags["night"], weekend=flags["weekend"], holiday=flags["holiday"],
            high_day=flags["high_day"],
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
