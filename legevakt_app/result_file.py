"""Checking a result file (``legevakt-rota/1``) as strictly as a project file is checked.

A result file is written by the app, but it is plain JSON that anyone may edit by hand before
``report`` or ``export`` reads it. :func:`result_problems` says everything that is wrong with
one, each problem at its field path (``doctors[0].share``) in Norwegian, so that nothing the
reports and exports cannot rely on gets past the door: first every value's type and range
(read strictly, as a project file is: a number is a JSON number, a yes/no ``true`` or
``false``), then, once every record reads, the references between them (each doctor and shift
once, the doctors a shift is given to, the stations, the shift a bakvakt covers).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from legevakt_app.domain import (
    CARRIED_DAYS,
    NO_CONTROL_CHARACTER,
    CompetenceRule,
    DoctorKind,
    ExemptionCategory,
    HighDayName,
    Kommune,
    Name,
    Period,
    ShiftKind,
    Station,
    Text,
    _errors_at,
    in_years,
)
from legevakt_app.project_io import Problem, _pydantic_problems, format_path
from solver.problem import (
    NIGHT_END,
    NIGHT_START,
    RESULT_FORMAT,
    WEEKEND_FROM_FRIDAY,
    AbsenceKind,
    ExemptionScope,
    PracticeAfterNight,
    Role,
)

Id = Annotated[str, Field(min_length=1, max_length=120), NO_CONTROL_CHARACTER]


Day = Annotated[date, AfterValidator(in_years)]
Moment = Annotated[AwareDatetime, AfterValidator(in_years)]  # with its offset: +01:00


class _Part(BaseModel):
    """A part of the format: no unknown keys (a typo is not ignored), no NaN."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class _Ordered(_Part):
    """A span from ``start`` to ``end`` (dates or moments, as the subclass says)."""

    start: Any
    end: Any

    @model_validator(mode="after")
    def _ordered(self) -> Any:
        if self.end < self.start:
            raise _errors_at(type(self).__name__, [
                (("end",), f"end {self.end.isoformat()} is before start {self.start.isoformat()}",
                 self.end.isoformat())])
        return self


class _Span(_Ordered):
    start: Moment
    end: Moment
    kind: AbsenceKind = "annet"


class _Exemption(_Ordered):
    start: Moment
    end: Moment
    scope: ExemptionScope = "full"
    category: ExemptionCategory = "granted"

    @field_validator("category", mode="before")
    @classmethod
    def _right_not_which(cls, value: Any) -> Any:
        """A file written before schema 3 named the right (pregnancy, breastfeeding): read
        as «right», as the project migration keeps it."""
        return "right" if value in ("pregnancy", "breastfeeding") else value


class _Ledger(_Part):
    load_balance: float = Field(default=0.0, ge=-5000, le=5000)
    nights: int = Field(default=0, ge=-500, le=500)
    weekends: int = Field(default=0, ge=-500, le=500)
    high_days: int = Field(default=0, ge=-100, le=100)
    had_high_days: list[HighDayName] = Field(default_factory=list)


class _Doctor(_Part):
    id: Id
    name: Name
    competent: bool
    exempt: bool = False  # written for an auditor; the reader works from the spans
    exempt_from_nights: bool = False
    share: float = Field(default=1.0, ge=0, le=3)
    has_practice: bool = True
    unavailable: list[tuple[Moment, Moment]] = Field(default_factory=list)
    absences: list[_Span] | None = None  # None: a minimal file, «unavailable» only
    exemptions: list[_Exemption] = Field(default_factory=list)
    pre_assigned: list[tuple[Id, Role]] = Field(default_factory=list)
    wishes: list[tuple[Id, Literal[-1, 1]]] = Field(default_factory=list)
    wants: list[list[Id]] = Field(default_factory=list)
    ledger: _Ledger | None = None
    # the days her vakter started in the period before: the spacing limits run on from them
    earlier_duty_days: list[Day] = Field(default_factory=list, max_length=CARRIED_DAYS)


# the fields a vakt must have (a bakvakt's entry need only say which vakt it covers)
VAKT_FIELDS = ("station", "kind", "start", "end", "on_site", "required", "requires_competent",
               "night", "weekend", "holiday")


class _Shift(_Part):
    id: Id
    role: Role = "vakt"
    covers: Id | None = None  # a bakvakt (and only it): the vakt's id
    assigned: list[Id] = Field(default_factory=list)
    station: Id | None = None
    template: Id | None = None
    kind: ShiftKind | None = None
    start: Moment | None = None
    end: Moment | None = None
    hours: float | None = None  # written for an auditor; the reader works from start and end
    on_site: bool | None = None
    required: int | None = Field(default=None, ge=1, le=10)
    requires_competent: bool | None = None
    night: bool | None = None
    weekend: bool | None = None
    holiday: bool | None = None
    high_day: bool = False
    high_day_name: Literal[HighDayName, ""] = ""
    # a vakt's load per hour (> 0); a bakvakt entry's: its bakvakt_weight, which may be 0
    weight: float = Field(default=1.0, ge=0, le=100)
    bakvakt_weight: float = Field(default=0.3, ge=0, le=5)
    block: Text | None = None
    label: Text = ""

    @model_validator(mode="after")
    def _a_whole_vakt(self) -> _Shift:
        fields = ("covers",) if self.role == "bakvakt" else VAKT_FIELDS
        missing = [name for name in fields if getattr(self, name) is None]
        if missing:
            raise ValidationError.from_exception_data("Shift", [
                {"type": "missing", "loc": (name,), "input": None} for name in missing])
        if self.role == "vakt" and self.weight <= 0:  # a bakvakt entry's may be 0
            raise ValidationError.from_exception_data("Shift", [
                {"type": "greater_than", "loc": ("weight",), "input": self.weight,
                 "ctx": {"gt": 0}}])
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise _errors_at("Shift", [(("end",), f"the shift ends {self.end.isoformat()}, not "
                                        f"after it starts {self.start.isoformat()}",
                                        self.end.isoformat())])
        return self


class _Limit(_Part):
    value: int = Field(ge=1, le=31)
    hard: bool = True
    penalty: int = Field(default=10, ge=0, le=1_000_000)


class _RuleException(_Ordered):
    start: Day
    end: Day
    window_days: int | None = Field(default=None, ge=1, le=28)
    max_in_window: _Limit | None = None
    max_per_week: _Limit | None = None
    max_consecutive_days: _Limit | None = None


class _Rules(_Part):
    min_rest_hours: float = Field(ge=0, le=24)
    practice_start: time
    practice_end: time
    practice_after_night: PracticeAfterNight
    window_days: int = Field(ge=1, le=28)
    max_in_window: _Limit | None = None
    max_per_week: _Limit | None = None
    max_consecutive_days: _Limit | None = None
    hjemmevakt_factor: float = Field(default=1.0, ge=0, le=1)
    fairness_margin: float = Field(default=0.0, ge=0, le=0.2)
    exceptions: list[_RuleException] = Field(default_factory=list)
    # what makes a vakt's «night» and «weekend» (solver.problem); files before the 2026-11-28 result audit
    # leave them out, and mean these
    night_start: time = NIGHT_START
    night_end: time = NIGHT_END
    weekend_from_friday: time = WEEKEND_FROM_FRIDAY

    @model_validator(mode="after")
    def _practice_day(self) -> _Rules:
        start, end = f"{self.practice_start:%H:%M}", f"{self.practice_end:%H:%M}"
        if self.practice_end <= self.practice_start:
            raise _errors_at("Rules", [(("practice_end",), f"practice_end {end} is not after "
                                        f"practice_start {start}", end)])
        return self


class _Level(_Part):
    name: Text
    title: Text = ""
    value: float | None = None
    bound: float | None = None
    status: Text = ""


class _Solve(_Part):
    status: Text = "manual"
    objective: float | None = None
    bound: float | None = None
    perfect_fairness_bound: float | None = None
    fairness_level_value: float | None = None
    fairness_margin: float | None = Field(default=None, ge=0, le=1)
    seconds: float | None = Field(default=None, ge=0)
    seconds_to_first_feasible: float | None = Field(default=None, ge=0)
    levels: list[_Level] = Field(default_factory=list)
    digest: str | None = None  # rota_source.result_digest: what the figures are of
    # when the engine made the rota, with its offset; files before it was kept leave it out
    made_at: Moment | None = None
    # status «changed» written from a project (rota_source._stored_solve): the status the
    # engine gave the rota it made, the places that differ from it (0: only the project
    # changed; left out: not known) and whether the project changed since the solve
    engine_status: Literal["optimal", "feasible", "cancelled"] | None = None
    changed_assignments: int | None = Field(default=None, ge=0, le=1_000_000)
    inputs_changed: bool | None = None
    # level 2's bands the engine fixed for the doctors whose counts are not measured, and
    # split among the others (solver.objective.fix_count_bands): count → doctor id → [low,
    # high]; left out when every doctor was measured (reports.fairness.sharing_note)
    count_bands: dict[Literal["nights", "weekends", "high_days"],
                      dict[str, tuple[Annotated[int, Field(ge=0)],
                                      Annotated[int, Field(ge=0)]]]] | None = None

    @model_validator(mode="after")
    def _bands_low_to_high(self) -> _Solve:
        wrong = [(("count_bands", attr, doctor_id), f"nedre grense {low} er over øvre {high}",
                  [low, high])
                 for attr, by in (self.count_bands or {}).items()
                 for doctor_id, (low, high) in by.items() if low > high]
        if wrong:
            raise _errors_at("Solve", wrong)
        return self


class _District(_Part):
    name: Text = ""
    kommuner: list[Kommune] = Field(min_length=1)
    stations: list[Station] = Field(min_length=1)
    competence_rule: CompetenceRule = "akuttmedisinforskriften_2020"


class _DoctorInfo(_Part):
    kind: DoctorKind = "fastlege"
    kommune: Text = ""
    practice_hours_per_week: float = Field(default=0.0, ge=0, le=100)
    birth_year: int | None = Field(default=None, ge=1930, le=2010)
    position_share: float = Field(default=1.0, ge=0, le=1.5)


class ResultFile(_Part):
    """The ``legevakt-rota/1`` document, as :func:`solver.rota_file.to_dict` writes it, with
    the district and doctor facts of :func:`legevakt_app.rota_source.result_document`."""

    format: Literal["legevakt-rota/1"]
    timezone: Text | None = None
    period: Period
    holidays: list[Day] = Field(default_factory=list)
    # the period's høytid days and which høytid (a vakt's high_day and high_day_name); files
    # before the 2026-11-28 result audit leave it out
    high_days: dict[Day, HighDayName] | None = None
    rules: _Rules
    doctors: list[_Doctor]
    shifts: list[_Shift]
    locked: list[tuple[Id, Id, Role]] = Field(default_factory=list)
    solve: _Solve = Field(default_factory=_Solve)
    doctors_summary: list[Any] = Field(default_factory=list)  # written for a reader, not read
    district: _District | None = None
    doctor_info: dict[str, _DoctorInfo] | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        from zoneinfo import ZoneInfo

        if value is not None:
            try:
                ZoneInfo(value)
            except (ValueError, LookupError, OSError):
                raise ValueError(f"unknown time zone '{value}'") from None
        return value


def result_problems(document: Any) -> list[Problem]:
    """Everything wrong with a parsed ``legevakt-rota/1`` document, each problem at its field
    path with the message in Norwegian; empty when reports and exports can rely on it."""
    try:
        text = json.dumps(document, ensure_ascii=False, allow_nan=True)
        parsed = ResultFile.model_validate_json(text, strict=True)
    except ValidationError as err:
        return [_problem(p.path, _message(p.error or {})) for p in _pydantic_problems(err)]
    except (TypeError, ValueError, RecursionError):  # not what json.loads makes
        return [_problem("", "dokumentet har en verdi som ikke kan stå i en JSON-fil")]
    return _reference_problems(parsed)


def _problem(path: str, text: str) -> Problem:
    return Problem(path, f"ikke en gyldig resultatfil ({RESULT_FORMAT}): {text}")


def _message(error: dict[str, Any]) -> str:
    from legevakt_app.messages import pydantic_error_message

    if error.get("type") == "extra_forbidden":
        return "ukjent felt (ikke en del av resultatformatet)"
    if error.get("type") == "literal_error" and error.get("loc") == ("format",):
        return f"må være «{RESULT_FORMAT}»"
    if error.get("loc") == ("timezone",) and error.get("type") == "value_error":
        return f"«{error.get('input')}» er ikke en kjent tidssone"
    return pydantic_error_message(error)


def _reference_problems(parsed: ResultFile) -> list[Problem]:
    """Problems between records, worded as a project's are (messages.problem_message)."""
    from legevakt_app.messages import problem_message

    found: list[tuple[tuple[Any, ...], str]] = []

    def twice(items: list[str], where: str, what: str) -> None:
        counts = Counter(items)
        for i, value in enumerate(items):
            if counts[value] > 1 and items.index(value) != i:
                found.append(((where, i, "id"), f"{what} '{value}' is used twice"))

    doctor_ids = [d.id for d in parsed.doctors]
    twice(doctor_ids, "doctors", "doctor id")
    twice([s.id for s in parsed.shifts], "shifts", "shift id")
    doctors = set(doctor_ids)
    vakter = {s.id for s in parsed.shifts if s.role == "vakt"}
    stations = kommuner = None
    if parsed.district is not None:
        kommuner = {k.name for k in parsed.district.kommuner}
        stations = {s.id for s in parsed.district.stations}
        for i, st in enumerate(parsed.district.stations):
            if st.kommune not in kommuner:
                found.append((("district", "stations", i, "kommune"),
                              f"unknown kommune '{st.kommune}'"))
    for i, shift in enumerate(parsed.shifts):
        for j, doctor_id in enumerate(shift.assigned):
            if doctor_id not in doctors:
                found.append((("shifts", i, "assigned", j), f"unknown doctor '{doctor_id}'"))
            elif doctor_id in shift.assigned[:j]:
                found.append((("shifts", i, "assigned", j),
                              f"'{doctor_id}' is on '{shift.id}' ({shift.role}) twice"))
        if shift.role == "bakvakt":
            if shift.covers not in vakter:
                found.append((("shifts", i, "covers"), f"no shift '{shift.covers}' in the period"))
        else:
            if stations is not None and shift.station not in stations:
                found.append((("shifts", i, "station"), f"unknown station '{shift.station}'"))
            assert shift.start is not None  # a vakt has its times (_Shift)
            if not parsed.period.contains(shift.start.date()):
                found.append((("shifts", i, "start"), f"the shift starts "
                              f"{shift.start.isoformat()}, outside the period "
                              f"{parsed.period.start.isoformat()}–{parsed.period.end.isoformat()}"))
    for i, doctor in enumerate(parsed.doctors):
        for key, entries in (("pre_assigned", [p[0] for p in doctor.pre_assigned]),
                             ("wishes", [w[0] for w in doctor.wishes])):
            for j, shift_id in enumerate(entries):
                if shift_id not in vakter:
                    found.append((("doctors", i, key, j, 0), f"no shift '{shift_id}' in the period"))
        for j, group in enumerate(doctor.wants):
            for k, shift_id in enumerate(group):
                if shift_id not in vakter:
                    found.append((("doctors", i, "wants", j, k),
                                  f"no shift '{shift_id}' in the period"))
    for i, (shift_id, doctor_id, _role) in enumerate(parsed.locked):
        if shift_id not in vakter:
            found.append((("locked", i, 0), f"no shift '{shift_id}' in the period"))
        if doctor_id not in doctors:
            found.append((("locked", i, 1), f"unknown doctor '{doctor_id}'"))
    for attr, by in (parsed.solve.count_bands or {}).items():
        for doctor_id in by:
            if doctor_id not in doctors:
                found.append((("solve", "count_bands", attr, doctor_id),
                              f"unknown doctor '{doctor_id}'"))
    for doctor_id, info in (parsed.doctor_info or {}).items():
        if kommuner is not None and info.kommune and info.kommune not in kommuner:
            found.append((("doctor_info", doctor_id, "kommune"), f"unknown kommune '{info.kommune}'"))
    return [_problem(format_path(loc), problem_message(Problem("", english)))
            for loc, english in found]

