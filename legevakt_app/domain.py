"""The legevakt district as data: district, doctors, shift templates, rules, project.

Pure pydantic models (no Qt, no pandas). Validation messages name the field path, so a
leader can find the problem in the file or the form. Terms follow ``DOMAIN.md``: code in
English, user-facing words in Norwegian bokmål.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from legevakt_app.calendar import wall_clock

# 2: snapshots keep the doctors' names as announced (``Snapshot.doctor_names``), so a
#    published rota stays readable after a doctor leaves the district. See project_io.MIGRATIONS.
# 3: a fritak by the right of pregnancy or breastfeeding is kept as «right», not which of the
#    two (that is health information; only that she is exempt, and by right, is needed).
SCHEMA_VERSION = 3

DoctorKind = Literal["fastlege", "kommunalt_ansatt", "vikar", "lis1", "alis"]
DOCTOR_KIND_LABELS: dict[str, str] = {
    "fastlege": "Fastlege",
    "kommunalt_ansatt": "Kommunalt ansatt",
    "vikar": "Vikar",
    "lis1": "LIS1",
    "alis": "ALIS",
}
# Which right is kept only for age (from the birth year, which is kept anyway): whether a
# doctor is pregnant or breastfeeds is not the district's to store (see SCHEMA_VERSION 3).
ExemptionCategory = Literal["over_55", "right", "granted"]
EXEMPTION_CATEGORY_LABELS: dict[str, str] = {
    "over_55": "Rett: over 55 år",
    "right": "Rett: annen rett etter fastlegeforskriften § 13",
    "granted": "Innvilget fritak",
}
ExemptionScope = Literal["full", "no_nights", "no_weekends", "no_16_08"]
EXEMPTION_SCOPE_LABELS: dict[str, str] = {
    "full": "Fullt fritak",
    "no_nights": "Ikke natt",
    "no_weekends": "Ikke helg",
    "no_16_08": "Ikke 16–08 (kveld og natt)",  # the over-55 right, fastlegeforskriften § 13
}
AbsenceKind = Literal["ferie", "kurs", "permisjon", "annet"]
ShiftKind = Literal["evening", "night", "day", "dogn", "weekend", "week"]
SHIFT_KIND_LABELS: dict[str, str] = {
    "evening": "Kveld",
    "night": "Natt",
    "day": "Dag",
    "dogn": "Døgn",
    "weekend": "Helg",
    "week": "Uke",
}
CompetenceRule = Literal["akuttmedisinforskriften_2020", "lis1_sufficient"]
COMPETENCE_RULE_LABELS: dict[str, str] = {
    "akuttmedisinforskriften_2020": "Akuttmedisinforskriften § 7 (2020)",
    "lis1_sufficient": "Fullført LIS1 er nok (2021–2024 / ekspertutvalget 2023)",
}
# the rules as the app's «Regler» form, its messages and `legevakt rules` name them
RULE_LABELS: dict[str, str] = {
    "competence_rule": "Kompetanseregel", "min_rest_hours": "Minste hviletid",
    "practice_after_night": "For kort hvile før/etter praksis",
    "spacing_window_days": "Vindu for vakthyppighet", "max_in_window": "Maks vakter i vinduet",
    "max_per_week": "Maks vakter per uke", "max_consecutive_days": "Maks vakter på rad",
    "hjemmevakt_factor": "Hjemmevakt i arbeidstid",
    "bakvakt_weight": "Bakvakt belastning per time", "fairness_margin": "Rettferdighetsmargin",
}
PRACTICE_AFTER_NIGHT_LABELS: dict[str, str] = {
    "day_off": "Fri fra praksis den dagen", "forbid": "Vakten er ikke tillatt"}
HolidayPolicy = Literal["as_sunday", "normal", "skip", "only"]
HOLIDAY_POLICY_LABELS: dict[str, str] = {
    "as_sunday": "Som søndag",
    "normal": "Som vanlig dag",
    "skip": "Ingen vakt",
    # a vakttype for the holidays alone, e.g. dag 08–16 man–fre when the practices are closed
    # (a helgevakt fre–man covers the weekend's; a søndag vakttype would lie on top of it)
    "only": "Bare på helligdager",
}
BlockKind = Literal["none", "week", "weekend"]
BLOCK_LABELS: dict[str, str] = {
    "none": "Nei",
    "week": "Hele uka",
    "weekend": "Hele helga",
}
# the høytider (legevakt_app.calendar.high_day_group)
HighDayName = Literal["jul", "nyttår", "påske", "pinse", "17. mai"]


def high_days_in_order(names: Iterable[str]) -> list[str]:
    """Høytider in one fixed order (jul, nyttår, påske, pinse, 17. mai), wherever a list of
    them is shown or saved: «påske, 17. mai», never «17. mai, påske» one time and the other
    the next."""
    order = list(get_args(HighDayName))
    return sorted(set(names), key=lambda n: order.index(n) if n in order else len(order))


def next_numbered_id(prefix: str, taken: Iterable[str], min_width: int = 2) -> str:
    """The id after the highest ``prefix``+number in ``taken``, zero-padded to the widest
    number in use and to at least ``min_width`` digits: «lege05» after «lege01»…«lege04».
    After the highest, not the first gap: a removed doctor's id may still name them in a
    published rota or the vaktregnskap."""
    taken = set(taken)
    numbers = [m.group(1) for t in taken if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", t))]
    width = max([min_width, *(len(n) for n in numbers)])
    candidate = max((int(n) for n in numbers), default=0) + 1
    while f"{prefix}{candidate:0{width}d}" in taken:  # «lege5» beside «lege05»
        candidate += 1
    return f"{prefix}{candidate:0{width}d}"


WEEKDAY_NAMES = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]

Identifier = Annotated[
    str,
    Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"),
]


def _no_control_character(value: str) -> str:
    """Refuse a text with a control character (a tab, a line break, NUL, ...): typed by
    accident or pasted, it is invisible in the app, cannot be written to an Excel sheet and
    breaks a calendar file."""
    for position, char in enumerate(value, start=1):
        if unicodedata.category(char) == "Cc":
            raise PydanticCustomError(
                "control_character",
                "the text has a control character (U+{code}) at position {position}",
                {"code": f"{ord(char):04X}", "position": position},
            )
    return value


# free text: a name, a label (never a control character). The check comes after a field's
# length and pattern, so those keep their own messages («kan være høyst 120 tegn»).
NO_CONTROL_CHARACTER = AfterValidator(_no_control_character)
Text = Annotated[str, NO_CONTROL_CHARACTER]
Name = Annotated[str, Field(min_length=1, max_length=120, pattern=r"\S"),  # not only spaces
                 NO_CONTROL_CHARACTER]
# a full fastlege position's practice hours per week (the survey's 49 t without legevakt): a
# new doctor's, and in the app a doctor's practice hours follow her stilling while they match it
FULL_PRACTICE_HOURS = 49.0


def practice_following(practice: float, old_share: float, new_share: float) -> float | None:
    """The practice hours for a new stilling when they were the old stilling's agreement
    (:data:`FULL_PRACTICE_HOURS` × the stilling): they follow it; None when they were agreed
    otherwise and stay as they are (the Leger table and the import alike)."""
    if abs(practice - FULL_PRACTICE_HOURS * old_share) < 0.05:
        return round(FULL_PRACTICE_HOURS * new_share, 1)
    return None
MIN_YEAR, MAX_YEAR = 1900, 2199  # dates outside are typing errors or "for ever" sentinels
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def in_years(value: Any) -> Any:
    """A date or moment in the years a project may hold: calendar arithmetic (a shift ending
    the next day, time zones) overflows at the ends of Python's date range, and "9999-12-31"
    as "for ever" must be refused clearly."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"{value.isoformat()} is outside the years {MIN_YEAR}–{MAX_YEAR}; "
                         "give a real date")
    return value


class Strict(BaseModel):
    """Base: unknown fields are errors (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class DateRange(Strict):
    """Inclusive date range (``start`` .. ``end``)."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        for day in (self.start, self.end):
            in_years(day)
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


class Kommune(Strict):
    name: Name
    inhabitants: int = Field(ge=0, le=2_000_000)
    centrality: int = Field(ge=1, le=6, description="SSB sentralitetsklasse 1–6")


class Station(Strict):
    id: Identifier
    name: Name
    kind: Literal["central", "satellite"]
    kommune: Name


class District(Strict):
    name: Name
    kommuner: list[Kommune] = Field(min_length=1)
    stations: list[Station] = Field(min_length=1)


class CompetenceFacts(Strict):
    """What a doctor has done; competence is derived from these (see ``competence.py``)."""

    specialist_allmennmedisin: bool = False
    clinical_months: int = Field(default=0, ge=0, le=800)
    legevakter_done: int = Field(default=0, ge=0, le=20_000)
    years_allmennlege: float = Field(default=0.0, ge=0, le=70)
    lis1_completed: bool = False
    courses_done: bool = True  # akuttmedisin + volds- og overgrepshåndtering


class Exemption(DateRange):
    """Fritak. Only category, scope and dates are stored — never a medical reason."""

    category: ExemptionCategory
    scope: ExemptionScope = "full"


class Absence(DateRange):
    kind: AbsenceKind = "ferie"


class Wish(DateRange):
    """A doctor wants (``wants=True``) or would rather avoid duty on these dates,
    optionally only for one shift template. The engine counts a wish to work as met on each
    day the doctor has a vakt (any matching one), and a wish to avoid as broken once for each
    matching vakt given."""

    wants: bool = False
    template: Identifier | None = None


class PreAssignment(Strict):
    shift_id: Annotated[str, Field(min_length=1, max_length=120), NO_CONTROL_CHARACTER]
    role: Literal["vakt", "bakvakt"] = "vakt"


# how far back the doctors' duty days of the period before are kept (LedgerBalance.
# earlier_duty_days): the longest window a spacing rule can have reaches 31 days back («maks
# 31 på rad» is judged over 32 days; «maks K per N døgn» over at most 28; a week over 7)
CARRIED_DAYS = 31
# the longest vakt (ShiftTemplate.end_day_offset): one that starts on the last day of the
# period before ends at most this many days later, so the doctor's last vakt of that period
# (LedgerBalance.last_vakt_end) ends no later than the day this many less one into this one
LONGEST_SHIFT_DAYS = 7


class LedgerBalance(Strict):
    """Vaktregnskap carried over from earlier periods: how much above (+) or below (-) the
    fair share this doctor has carried (weighted hours), and høytid/night/weekend counts."""

    load_balance: float = Field(default=0.0, ge=-5000, le=5000)
    nights: int = Field(default=0, ge=-500, le=500)
    weekends: int = Field(default=0, ge=-500, le=500)
    high_days: int = Field(default=0, ge=-100, le=100)
    # the høytider the doctor was on vakt in last time (who had Christmas, who had Easter): the
    # engine gives them to the others this time when it can
    had_high_days: list[HighDayName] = Field(default_factory=list)
    # when the doctor's last vakt of the period before ended (Oslo wall-clock time): the rest
    # rule runs on across the change of period
    last_vakt_end: Annotated[datetime, AfterValidator(in_years)] | None = None
    # the days on which a vakt of hers started in the last CARRIED_DAYS days of the period
    # before: the spacing limits (firedelt, maks per uke, maks på rad) run on across the
    # change of period
    earlier_duty_days: list[Annotated[date, AfterValidator(in_years)]] = Field(
        default_factory=list, max_length=CARRIED_DAYS)

    @model_serializer(mode="wrap")
    def _without_unknown_end(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """No ``last_vakt_end: null`` and no ``earlier_duty_days: []`` in files: a ledger from
        before they were kept reads and saves the same."""
        out = handler(self)
        if out.get("last_vakt_end") is None:
            out.pop("last_vakt_end", None)
        if not out.get("earlier_duty_days"):
            out.pop("earlier_duty_days", None)
        return out

    @field_validator("earlier_duty_days")
    @classmethod
    def _each_day_once(cls, v: list[date]) -> list[date]:
        if len(set(v)) != len(v):
            raise ValueError("hver dag kan stå bare én gang")
        return sorted(v)

    @field_validator("had_high_days")
    @classmethod
    def _once_each(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("hver høytid kan stå bare én gang")
        return v


class Doctor(Strict):
    id: Identifier
    name: Name
    kommune: Name
    kind: DoctorKind = "fastlege"
    position_share: float = Field(default=1.0, ge=0, le=1.5, description="stillingsbrøk")
    legevakt_share: float = Field(
        default=1.0, ge=0, le=3, description="0 = ingen vakt, 1 = full andel, >1 = frivillig ekstra"
    )
    competence: CompetenceFacts = Field(default_factory=CompetenceFacts)
    birth_year: int = Field(ge=1930, le=2010)
    exemptions: list[Exemption] = Field(default_factory=list)
    unavailable: list[Absence] = Field(default_factory=list)
    wishes: list[Wish] = Field(default_factory=list)
    pre_assigned: list[PreAssignment] = Field(default_factory=list)
    practice_hours_per_week: float = Field(default=FULL_PRACTICE_HOURS, ge=0, le=100)
    ledger: LedgerBalance = Field(default_factory=LedgerBalance)


class ShiftTemplate(Strict):
    """A recurring duty, e.g. weekday evening 16–23 on site at the central legevakt.

    A shift starts on each of ``weekdays`` (0 = Monday) at ``start`` and ends ``end`` after
    ``end_day_offset`` days (0 = same day; a night 23–08 has offset 1; Fri 16 – Mon 08 has 3).
    On a public holiday the template runs as on a Sunday unless ``holiday_policy`` says
    otherwise ("only": on the holidays among its weekdays, and on no other day). Shifts of a ``block`` template in the same ISO week (``week``) or weekend go to
    one doctor — that is how ukevakt and helgevakt are built from daily shifts.
    """

    id: Identifier
    name: Name
    station: Identifier
    kind: ShiftKind
    weekdays: list[int] = Field(min_length=1)
    start: str
    end: str
    end_day_offset: int = Field(default=0, ge=0, le=LONGEST_SHIFT_DAYS)
    on_site: bool = True
    required: int = Field(default=1, ge=1, le=10)
    # True: only a vaktkompetent doctor may take this shift (no LIS/ALIS with bakvakt here).
    # False (default): a doctor who is not vaktkompetent may take it, and the engine then puts
    # a vaktkompetent bakvakt on the same hours (akuttmedisinforskriften § 7).
    requires_competent: bool = False
    weight: float = Field(default=1.0, gt=0, le=10, description="belastning per time")
    holiday_policy: HolidayPolicy = "as_sunday"
    block: BlockKind = "none"

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: list[int]) -> list[int]:
        bad = [d for d in value if not 0 <= d <= 6]
        if bad:
            raise ValueError(f"weekday {bad[0]} is not 0 (Monday) to 6 (Sunday)")
        if len(set(value)) != len(value):
            raise ValueError("a weekday is listed twice")
        return value

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _TIME_RE.match(value):
            raise ValueError(f"'{value}' is not a time HH:MM")
        return value

    @model_validator(mode="after")
    def _positive_length(self) -> ShiftTemplate:
        if self.end_day_offset == 0 and self.end_time <= self.start_time:
            raise ValueError(
                f"end {self.end} is not after start {self.start} on the same day "
                "(set end_day_offset to 1 for a shift that ends the next day)"
            )
        return self

    @property
    def start_time(self) -> time:
        return time.fromisoformat(self.start)

    @property
    def end_time(self) -> time:
        return time.fromisoformat(self.end)


class FrequencyLimit(Strict):
    value: int = Field(ge=1, le=31)
    hard: bool = True


def _errors_at(title: str, found: list[tuple[tuple[str | int, ...], str, Any]]) -> ValidationError:
    """A validation error for each (field path, message, value) in ``found``: a check that
    spans records (two exceptions that overlap) names the record it is about, as a field's own
    check does (``rules.exceptions[1]``), and every such problem is reported at once."""
    return ValidationError.from_exception_data(title, [
        InitErrorDetails(type=PydanticCustomError("value_error", message), loc=loc, input=value)
        for loc, message, value in found])


class RuleException(DateRange):
    """Unntak fra vakthyppigheten: other spacing limits on the days ``start``–``end``
    (inclusive), e.g. 3-delt vakt in Christmas week where the period's rule is firedelt. A
    limit left out (None) is the period's own. The engine judges every window of a limit (the
    days of «maks K per N døgn», an ISO week, a run of days) that touches one of these days by
    the exception's limits instead of the period's."""

    # a short label, «Jul»; may be empty
    name: Annotated[str, Field(max_length=40), NO_CONTROL_CHARACTER] = ""
    spacing_window_days: int | None = Field(default=None, ge=1, le=28)
    max_in_window: FrequencyLimit | None = None
    max_per_week: FrequencyLimit | None = None
    max_consecutive_days: FrequencyLimit | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> RuleException:
        if (self.spacing_window_days is None and self.max_in_window is None
                and self.max_per_week is None and self.max_consecutive_days is None):
            raise ValueError(
                f"the exception {self.describe()} changes nothing: give spacing_window_days, "
                "max_in_window, max_per_week or max_consecutive_days")
        return self

    def describe(self) -> str:
        """``«Jul» 2026-12-20–2027-01-03``: the exception in a message (see messages.py)."""
        label = f"«{self.name.strip()}» " if self.name.strip() else ""
        return f"{label}{self.start.isoformat()}–{self.end.isoformat()}"

    def overlaps(self, other: DateRange) -> bool:
        return self.start <= other.end and other.start <= self.end


class Rules(Strict):
    """Rules of the rota, with defaults from DOMAIN.md."""

    competence_rule: CompetenceRule = "akuttmedisinforskriften_2020"
    min_rest_hours: float = Field(default=8.0, ge=0, le=24, description="SFS 2305 pkt. 7.4")
    practice_start: str = "08:00"
    practice_end: str = "16:00"
    practice_after_night: Literal["day_off", "forbid"] = "day_off"
    spacing_window_days: int = Field(default=4, ge=1, le=28)
    max_in_window: FrequencyLimit | None = None
    max_per_week: FrequencyLimit | None = None
    max_consecutive_days: FrequencyLimit | None = None
    hjemmevakt_factor: float = Field(
        default=1.0, ge=0, le=1, description="arbeidstid per time hjemmevakt (KS: 1/7)"
    )
    bakvakt_weight: float = Field(default=0.3, ge=0, le=5)
    fairness_margin: float = Field(
        default=0.02, ge=0, le=0.2,
        description="how much (share of the perfect-fairness bound) the largest load per share "
                    "may rise to balance nights, weekends, høytid and spacing",
    )
    weekend_weight: float | None = Field(default=None, gt=0, le=10)
    holiday_weight: float | None = Field(default=None, gt=0, le=10)
    # Unntak fra vakthyppigheten: other spacing limits on some days (never two on one day)
    exceptions: list[RuleException] = Field(default_factory=list)

    @field_validator("practice_start", "practice_end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _TIME_RE.match(value):
            raise ValueError(f"'{value}' is not a time HH:MM")
        return value

    @model_validator(mode="after")
    def _practice_day_and_exceptions(self) -> Rules:
        found = []
        if self.practice_end <= self.practice_start:  # "HH:MM" text orders as the times do
            # back to front, the practice day would be empty and the practice rule silently off
            found.append((("practice_end",), f"practice_end {self.practice_end} is not after "
                          f"practice_start {self.practice_start}", self.practice_end))
        for i, exc in enumerate(self.exceptions):
            earlier = next((e for e in self.exceptions[:i] if e.overlaps(exc)), None)
            if earlier is not None:
                found.append((("exceptions", i),
                               f"the exception {exc.describe()} overlaps the exception "
                               f"{earlier.describe()}", exc.start.isoformat()))
        if found:
            raise _errors_at("Rules", found)
        return self

    @model_serializer(mode="wrap")
    def _without_no_exceptions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """No ``exceptions: []`` in files: a project without exceptions (and every file from
        before they existed) reads and saves byte for byte as before."""
        out = handler(self)
        if not out.get("exceptions"):
            out.pop("exceptions", None)
        return out


class Period(DateRange):
    @model_validator(mode="after")
    def _length(self) -> Period:
        days = (self.end - self.start).days + 1
        if days > 371:
            raise ValueError(f"the period is {days} days; at most 53 weeks are supported")
        return self


class PublishedAssignment(Strict):
    shift_id: Text
    doctor_id: Text
    role: Literal["vakt", "bakvakt"] = "vakt"
    locked: bool = False


class PublishedTemplate(Strict):
    """A vakttype as its vakter were published: what the doctors' calendars show of them
    (times, place, name). Plain texts, not checked as a template is: a snapshot is history
    and must stay loadable whatever the rules for templates become."""

    name: Text
    kind: Text
    station: Text
    station_name: Text
    start: Text
    end: Text
    end_day_offset: int
    on_site: bool


class Snapshot(Strict):
    """A rota as published to the doctors (kept so a re-solve never silently rewrites it)."""

    name: Name
    published_at: Text
    assignments: list[PublishedAssignment] = Field(default_factory=list)
    # Doctor id → name as announced. A snapshot is history: it must stay readable (and the
    # project loadable) after a doctor in it has left the district (schema 2).
    doctor_names: dict[Text, Name] = Field(default_factory=dict)
    # Template id → the vakttype as published, for each vakttype with vakter in the snapshot:
    # a calendar export sees that a vakttype's times or place changed since and sends its
    # vakter as revised events (higher SEQUENCE). Empty in a snapshot from before it was kept.
    templates: dict[Text, PublishedTemplate] = Field(default_factory=dict)

    @model_serializer(mode="wrap")
    def _without_no_templates(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """No ``templates: {}`` in files: a snapshot from before they were kept reads and saves
        byte for byte as before."""
        out = handler(self)
        if not out.get("templates"):
            out.pop("templates", None)
        return out


class SentEvent(Strict):
    """One event of a doctor's calendar file as an export last sent it: what the next export
    needs to cancel it once she no longer has the vakt, and to send any change of it with a
    higher SEQUENCE than the phone holds (a calendar ignores an update that is not higher)."""

    uid: Text
    shift_id: Text
    role: Literal["vakt", "bakvakt"] = "vakt"
    sequence: int = Field(default=0, ge=0)
    cancelled: bool = False  # sent as cancelled (STATUS:CANCELLED)
    # a digest of what the event said (times, title, place, details, cancelled or not):
    # re-sent as it was it keeps its SEQUENCE, changed it gets a higher one
    content: Text = ""


class SentCalendar(Strict):
    """What one doctor's calendar file held, event by event, when the calendars were last
    exported (published or not). History, as a snapshot is: a doctor who has left since
    still gets her vakter cancelled, under the name she was sent them by."""

    name: Name
    events: list[SentEvent] = Field(default_factory=list)


class SolveLevelRecord(Strict):
    """One objective level of a solve: the value the rota reached and the proven bound."""

    name: Text  # fairness | balance | wishes | moves
    title: Text = ""
    value: float | None = None
    bound: float | None = None
    status: Text = ""  # optimal | feasible | not_started | cancelled


class SolveRecord(Strict):
    """What the engine reported of the rota it made, kept with the project: shown and
    exported again while the rota and everything it was made from are as solved (the
    digests of :mod:`legevakt_app.solve_record` say so)."""

    status: Text
    objective: float | None = None  # the largest load per fair share in the rota
    bound: float | None = None  # level 1's proven lower bound
    perfect_fairness_bound: float | None = None
    seconds: float = Field(default=0.0, ge=0)
    rota_digest: Text
    inputs_digest: Text
    levels: list[SolveLevelRecord] = Field(default_factory=list)  # each level's value and bound
    # level 2's fair bands as the engine fixed them where some doctors' counts are not
    # measured (solver.objective.fix_count_bands): by count, then doctor id, (low, high);
    # what the sharing level's value counts against (reports.fairness.sharing_note)
    count_bands: dict[str, dict[str, tuple[int, int]]] = Field(default_factory=dict)
    # when the engine made the rota, with its offset (Europe/Oslo); None in a record from
    # before it was kept, which then says no date
    made_at: Annotated[AwareDatetime, AfterValidator(in_years)] | None = None

    @model_serializer(mode="wrap")
    def _without_empty_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """No ``count_bands: {}`` (every doctor measured) and no ``made_at: null`` in files: a
        record from before they were kept reads and saves byte for byte as before."""
        out = handler(self)
        if not out.get("count_bands"):
            out.pop("count_bands", None)
        if out.get("made_at") is None:
            out.pop("made_at", None)
        return out


class Project(Strict):
    """One district and one rota period, as saved in a ``.legevakt.json`` file."""

    schema_version: int = SCHEMA_VERSION
    district: District
    period: Period
    doctors: list[Doctor] = Field(default_factory=list)
    templates: list[ShiftTemplate] = Field(default_factory=list)
    rules: Rules = Field(default_factory=Rules)
    rota: list[PublishedAssignment] = Field(default_factory=list)
    snapshots: list[Snapshot] = Field(default_factory=list)
    solved: SolveRecord | None = None  # the engine's figures for the rota, when it made it
    # doctor id → what her calendar file held when calendars were last exported: the next
    # export cancels what she no longer has and sends changes with a higher SEQUENCE. Empty in
    # a project whose calendars were never exported (or by a Legevakt from before it was kept).
    calendars: dict[Text, SentCalendar] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _exceptions_in_period(self) -> Project:
        """An exception to the rules lies within the period (outside it there are no vakter
        it could change: a mistyped year, or a period moved without it)."""
        p = self.period
        found = [(("rules", "exceptions", i),
                  f"the exception {exc.describe()} is outside the period "
                  f"{p.start.isoformat()}–{p.end.isoformat()}", exc.start.isoformat())
                 for i, exc in enumerate(self.rules.exceptions)
                 if exc.start < p.start or exc.end > p.end]
        # the duty days carried from the period before lie before this one (a day inside it
        # would be a vakt of this rota, counted twice)
        for i, doc in enumerate(self.doctors):  # one line per doctor, her first such day
            day = next((d for d in doc.ledger.earlier_duty_days if d >= p.start), None)
            if day is not None:
                found.append((("doctors", i, "ledger", "earlier_duty_days"),
                              f"the duty day {day.isoformat()} of the period before is not "
                              f"before the period's start {p.start.isoformat()}", day.isoformat()))
        # the last vakt of the period before ended before or early in this one: it started at
        # the latest the day before this period, and no vakt is longer than LONGEST_SHIFT_DAYS
        latest = p.start + timedelta(days=LONGEST_SHIFT_DAYS - 1)
        for i, doc in enumerate(self.doctors):
            end = doc.ledger.last_vakt_end
            if end is not None and wall_clock(end).date() > latest:
                found.append((("doctors", i, "ledger", "last_vakt_end"),
                              f"the last vakt of the period before ended {end.isoformat()}, "
                              f"after {latest.isoformat()}: no vakt that began before the "
                              f"period's start {p.start.isoformat()} lasts that long",
                              end.isoformat()))
        if found:
            raise _errors_at("Project", found)
        return self

    def doctor(self, doctor_id: str) -> Doctor:
        for doc in self.doctors:
            if doc.id == doctor_id:
                return doc
        raise KeyError(doctor_id)

    def station(self, station_id: str) -> Station:
        for st in self.district.stations:
            if st.id == station_id:
                return st
        raise KeyError(station_id)
