"""A doctor's vaktregnskap (:class:`~legevakt_app.domain.LedgerBalance`) as the leader reads and
types it, without Qt: the Leger table's column for each field, each value shown and read as the
table shows and reads it, and a doctor's ledger changed and checked as the app checks an edit
(the command line's ``legevakt ledger``).

Reading only turns text into values; whether a value may stand is the domain's to say (the
limits of the file format, a duty day before the period's start, a last vakt no later than a
vakt begun before the period can end). The balances are signed: + above the fair share (the
doctor takes less this period), − below, so a negative value is a value like any other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from legevakt_app.carried import days_text, end_text, read_days, read_end
from legevakt_app.domain import HighDayName, LedgerBalance, Project
from legevakt_app.next_period import signed
from legevakt_app.wording import read_number, read_whole_number


@dataclass(frozen=True)
class LedgerField:
    attr: str  # the field of LedgerBalance
    label: str  # the Leger table's column
    option: str  # the command line's option (``legevakt ledger PROSJEKT set LEGE --nights 2``)
    example: str  # what to type, for the help


LEDGER_FIELDS = (
    LedgerField("load_balance", "Regnskap t", "--hours", "120"),
    LedgerField("nights", "Netter ±", "--nights", "2"),
    LedgerField("weekends", "Vakter i helg ±", "--weekends", "-1"),
    LedgerField("high_days", "Høytidsvakter ±", "--high-days", "1"),
    LedgerField("had_high_days", "Hadde høytid", "--had-high-days", "jul, påske"),
    LedgerField("last_vakt_end", "Siste vakt sluttet", "--last-vakt-end", "03.01.2027 08:00"),
    LedgerField("earlier_duty_days", "Vaktdager i forrige periode", "--earlier-duty-days",
                "31.12, 03.01"),
)
BALANCES = ("load_balance", "nights", "weekends", "high_days")  # signed numbers
FIELD_BY_ATTR = {f.attr: f for f in LEDGER_FIELDS}


class LedgerRefused(ValueError):
    """Typed values the ledger does not take: ``problems`` is each (field, why), in the order of
    :data:`LEDGER_FIELDS` (field None: the project as a whole, not expected when only the
    ledger changed); nothing is changed."""

    def __init__(self, problems: list[tuple[LedgerField | None, str]]) -> None:
        super().__init__("; ".join(f"{f.label}: {why}" if f else why for f, why in problems))
        self.problems = problems


def parse_high_days(raw: str) -> list[str]:
    """``jul, påske`` → ``["jul", "påske"]`` (in the calendar's order); ``–`` or nothing → ``[]``."""
    names = get_args(HighDayName)
    found: set[str] = set()
    for part in re.split(r"[,;]+|\s+og\s+", raw.strip().lower()):
        word = re.sub(r"\s+", " ", part.strip()).replace("17 mai", "17. mai")
        if word in ("", "–", "-"):
            continue
        if word not in names:
            raise ValueError(f"«{part.strip()}» er ikke en høytid (skriv jul, nyttår, påske, "
                             "pinse eller 17. mai)")
        found.add(word)
    return [n for n in names if n in found]


def show_value(attr: str, value: Any) -> str:
    """One ledger value as the leader reads it (``–`` for none)."""
    if attr in BALANCES:
        return signed(value)
    if attr == "had_high_days":
        return ", ".join(value) or "–"
    if attr == "last_vakt_end":
        return end_text(value)
    return days_text(value)


def read_value(attr: str, text: str, period_start: date) -> Any:
    """What the leader typed for ``attr`` as its value (a day without a year: one of the days
    before ``period_start``, as in the Leger table). ValueError in Norwegian."""
    raw = text.strip()
    if attr in BALANCES and not raw:
        raise ValueError("kan ikke være tomt")
    if attr == "load_balance":
        return read_number(raw)
    if attr in BALANCES:
        return read_whole_number(raw)
    if attr == "had_high_days":
        return parse_high_days(raw)
    if attr == "last_vakt_end":
        return read_end(raw, period_start)
    return read_days(raw, period_start)


def with_ledger(project: Project, doctor_id: str, typed: Mapping[str, str]) -> Project:
    """A copy of ``project`` with the doctor's ledger fields ``typed`` (attr → text) set, checked
    as the app checks an edit of the Leger table: each value read, then by the file format, then
    the project as a whole. :class:`LedgerRefused` names every value refused."""
    from pydantic import ValidationError

    from legevakt_app.messages import pydantic_error_message

    index = next(i for i, d in enumerate(project.doctors) if d.id == doctor_id)
    old = project.doctors[index].ledger
    problems: list[tuple[LedgerField | None, str]] = []
    values: dict[str, Any] = {}
    for field in LEDGER_FIELDS:
        if field.attr not in typed:
            continue
        try:
            value = read_value(field.attr, typed[field.attr], project.period.start)
            # one field at a time, so a refusal names its own field
            LedgerBalance.model_validate({**old.model_dump(), field.attr: value})
        except ValueError as err:  # (a ValidationError is one)
            why = (pydantic_error_message(err.errors()[0]) if isinstance(err, ValidationError)
                   else str(err))
            problems.append((field, why))
            continue
        values[field.attr] = value
    if problems:
        raise LedgerRefused(problems)
    ledger = LedgerBalance.model_validate({**old.model_dump(), **values})
    doctors = list(project.doctors)
    doctors[index] = doctors[index].model_copy(update={"ledger": ledger})
    after = project.model_copy(update={"doctors": doctors})
    try:  # the carried moments against the period: a duty day before its start, say
        Project.model_validate(after.model_dump())
    except ValidationError as err:
        for error in err.errors():
            loc = [str(x) for x in error.get("loc", ())]
            field = next((FIELD_BY_ATTR[x] for x in reversed(loc) if x in FIELD_BY_ATTR),
                         None)
            problems.append((field, pydantic_error_message(error)))
        raise LedgerRefused(problems) from None
    return after
