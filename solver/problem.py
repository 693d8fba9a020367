"""Plain input and output types of the rota engine.

The engine (`solver/`) knows nothing of project files, Qt or pandas. The application
turns a project into a :class:`Problem` (see ``legevakt_app.engine_input``); tests and
benchmarks may build one by hand.

Times are timezone-aware datetimes (Europe/Oslo). Durations are hours (float) unless the
name says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

Role = Literal["vakt", "bakvakt"]
ExemptionScope = Literal["full", "no_nights", "no_weekends", "no_16_08"]
AbsenceKind = Literal["ferie", "kurs", "permisjon", "annet", "hvile"]  # hvile: after the last period
PracticeAfterNight = Literal["day_off", "forbid"]


RESULT_FORMAT = "legevakt-rota/1"  # the self-contained result file (solver.rota_file)
# a vakt starting within this time after the practice day ends follows on from it (a break in
# one working day, not rest between two: practice until 15:30, kveld from 16)
PRACTICE_BREAK = timedelta(hours=1)
# What makes a vakt a night (Shift.night) and a weekend vakt (Shift.weekend); the result file
# states them in its rules, so an auditor can derive both flags from a vakt's times.
NIGHT_START = time(0, 0)
NIGHT_END = time(6, 0)  # a night: the vakt runs at least partly in NIGHT_START–NIGHT_END
WEEKEND_FROM_FRIDAY = time(16, 0)  # a weekend vakt starts on Friday from then, or Sat/Sun


def covers_night(start: datetime, end: datetime, night_start: time = NIGHT_START,
                 night_end: time = NIGHT_END) -> bool:
    """Does the vakt ``start``–``end`` run at least partly in the night hours of some day
    (local wall-clock time of ``start``'s zone; a night from 23:00 to 06:00 spans midnight)?"""
    wraps = night_end <= night_start
    day = start.date() - timedelta(days=1 if wraps else 0)
    while (night_from := datetime.combine(day, night_start, start.tzinfo)) < end:
        night_to = datetime.combine(day + timedelta(days=1 if wraps else 0), night_end,
                                    start.tzinfo)
        if start < night_to and night_from < end:
            return True
        day += timedelta(days=1)
    return False


def starts_weekend(start: datetime, friday_from: time = WEEKEND_FROM_FRIDAY) -> bool:
    """Is a vakt starting at ``start`` (local time) a weekend vakt: on Saturday or Sunday, or
    on Friday from ``friday_from``?"""
    weekday = start.weekday()
    return weekday >= 5 or (weekday == 4 and start.time() >= friday_from)


@dataclass(frozen=True)
class Shift:
    """One concrete duty period at one station.

    ``required`` doctors take the shift as *vakt*. When any of them is not vaktkompetent, one
    vaktkompetent doctor must be *bakvakt* for the same hours (a separate assignment, with
    ``bakvakt_weight`` per hour in the load).
    """

    id: str
    station: str
    template: str
    kind: str  # "evening" | "night" | "day" | "dogn" | "weekend" | "week"
    start: datetime
    end: datetime
    on_site: bool
    required: int = 1
    requires_competent: bool = True
    night: bool = False  # covers 00–06 at least partly (covers_night)
    weekend: bool = False  # starts Fri 16:00 or later, or on Sat/Sun (starts_weekend)
    holiday: bool = False  # on a public holiday (or 24/31 Dec)
    high_day: bool = False  # høytid: Christmas, New Year, Easter, Whitsun, 17 May
    high_day_name: str = ""  # which høytid ("jul", "nyttår", "påske", "pinse", "17. mai")
    weight: float = 1.0  # load per hour of vakt
    bakvakt_weight: float = 0.3  # load per hour of bakvakt
    block: str | None = None  # shifts with the same block id go to the same doctor(s)
    label: str = ""  # Norwegian display text, e.g. "Hovedlegevakt natt"

    @property
    def hours(self) -> float:
        """True length in hours (a night across the DST change is 1 h shorter or longer)."""
        # Aware datetimes sharing one tzinfo subtract as wall-clock times; go through UTC.
        return (self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() / 3600.0

    @property
    def day(self) -> date:
        return self.start.date()


@dataclass(frozen=True)
class Absence:
    """The doctor cannot be on duty from ``start`` to ``end`` (half-open interval)."""

    start: datetime
    end: datetime
    kind: AbsenceKind = "ferie"


@dataclass(frozen=True)
class Exemption:
    """Fritak: no medical reason is ever stored, only category, scope and time span."""

    start: datetime
    end: datetime
    scope: ExemptionScope = "full"
    category: str = "granted"  # "over_55" | "right" | "granted"


@dataclass(frozen=True)
class LedgerEntry:
    """Carried over from earlier periods (vaktregnskap): how much above (+) or below (-)
    the fair share the doctor has already carried."""

    load_balance: float = 0.0  # weighted hours
    nights: int = 0
    weekends: int = 0
    high_days: int = 0
    # the høytider (see Shift.high_day_name) the doctor was on vakt in last time: vakter in them
    # this period count against level 2, so they go to those who had them off
    had_high_days: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Doctor:
    id: str
    name: str
    competent: bool
    share: float = 1.0  # legevakt share: 0 none, 1 full, >1 volunteers extra
    has_practice: bool = True  # weekday daytime practice counts as a work period for rest
    absences: tuple[Absence, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    wishes: tuple[tuple[str, int], ...] = ()  # (shift id, +1 wants / -1 avoids)
    # wishes to work: each group is met when the doctor has at least one of its shifts (the
    # leader's "ønsker vakt 17. mai" is one group: that day's shifts)
    wants: tuple[tuple[str, ...], ...] = ()
    pre_assigned: tuple[tuple[str, Role], ...] = ()  # (shift id, role) fixed by the leader
    ledger: LedgerEntry = field(default_factory=LedgerEntry)
    # the days (before period_start) on which a vakt of hers started in the period before, as
    # far back as a spacing window reaches: the spacing limits run on across the change of
    # period (a duty day on the old period's Sunday counts in the new period's first windows)
    earlier_duty_days: tuple[date, ...] = ()


@dataclass(frozen=True)
class Limit:
    """A frequency limit, hard or soft (soft: each unit over costs ``penalty``)."""

    value: int
    hard: bool = True
    penalty: int = 10


@dataclass(frozen=True)
class RuleException:
    """Unntak: other spacing limits on the days ``start``–``end`` (inclusive), e.g. 3-delt vakt
    in Christmas week where the period's rule is firedelt. A field left None keeps the
    period's own value. Every window of a limit (the ``window_days`` days of «maks K per N
    døgn», an ISO week, a run of days) that touches one of these days is judged by the
    exception's limit instead of the period's; a window touching two exceptions is judged by
    both."""

    start: date
    end: date  # inclusive
    window_days: int | None = None
    max_in_window: Limit | None = None
    max_per_week: Limit | None = None
    max_consecutive_days: Limit | None = None

    def covers(self, first: date, last: date) -> bool:
        """Whether the window ``first``–``last`` (inclusive) touches the exception's days."""
        return first <= self.end and last >= self.start


@dataclass(frozen=True)
class Rules:
    min_rest_hours: float = 8.0  # SFS 2305 pkt. 7.4; 11.0 = arbeidsmiljøloven § 10-8
    practice_start: time = time(8, 0)
    practice_end: time = time(16, 0)
    practice_after_night: PracticeAfterNight = "day_off"
    # Minimum spacing: at most ``max_in_window.value`` duty days in any ``window_days`` days.
    # Firedelt = at most 1 in any 4 days.
    window_days: int = 4
    max_in_window: Limit | None = None
    max_per_week: Limit | None = None  # duty days per ISO week
    max_consecutive_days: Limit | None = None
    hjemmevakt_factor: float = 1.0  # working-time equivalent of an hjemmevakt hour (reports)
    # After objective level 1 is solved, the later levels (nights, weekends, høytid, spacing,
    # wishes) may raise the largest load per share by up to this fraction of the
    # perfect-fairness bound. 0 = strictly lexicographic.
    fairness_margin: float = 0.02
    exceptions: tuple[RuleException, ...] = ()  # non-overlapping, in date order

    def spacing_rules(self) -> list[tuple[RuleException | None, int, Limit | None, Limit | None,
                                          Limit | None]]:
        """The spacing limits in force: the period's own (exception None) and each
        exception's, as (exception, window_days, max_in_window, max_per_week,
        max_consecutive_days) with the exception's None fields filled from the period."""
        out: list[tuple[RuleException | None, int, Limit | None, Limit | None, Limit | None]] = [
            (None, self.window_days, self.max_in_window, self.max_per_week, self.max_consecutive_days)]
        for e in self.exceptions:
            out.append((e, e.window_days if e.window_days is not None else self.window_days,
                        e.max_in_window or self.max_in_window, e.max_per_week or self.max_per_week,
                        e.max_consecutive_days or self.max_consecutive_days))
        return out


@dataclass(frozen=True)
class Problem:
    period_start: date
    period_end: date  # inclusive
    shifts: tuple[Shift, ...]
    doctors: tuple[Doctor, ...]
    rules: Rules = field(default_factory=Rules)
    holidays: tuple[date, ...] = ()  # public holidays + 24/31 Dec in the period and the day after (no practice)


@dataclass(frozen=True)
class Assignment:
    shift_id: str
    doctor_id: str
    role: Role = "vakt"
    locked: bool = False


@dataclass
class Rota:
    """Who is on which shift. Made by the solver or by a person."""

    assignments: list[Assignment] = field(default_factory=list)

    def doctors_on(self, shift_id: str, role: Role = "vakt") -> list[str]:
        return [a.doctor_id for a in self.assignments if a.shift_id == shift_id and a.role == role]
