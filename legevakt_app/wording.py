"""Norwegian words for the engine's results, shared by the app and the command line (no Qt):
the objective levels, a solve's status and numbers with a decimal comma."""

from __future__ import annotations

import math
import re
from typing import Any

from solver.common import number  # noqa: F401  (the app's words use the engine's)

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
_DATE_NO_YEAR = re.compile(r"(\d{1,2})\.(\d{1,2})\.?")


def date_parts(text: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of a date as people type it: ``2026-12-31``,
    ``31.12.2026``, ``31.12.26`` (2026), ``31.12`` or ``31.12.`` (no year); None for text in
    no such form. Whether the date is in the calendar is the caller's to say."""
    text = text.strip()
    if m := _ISO_DATE.fullmatch(text):
        return int(m[3]), int(m[2]), int(m[1])
    if m := _NORWEGIAN_DATE.fullmatch(text):
        return int(m[1]), int(m[2]), int(m[3]) + (2000 if len(m[3]) == 2 else 0)
    if m := _DATE_NO_YEAR.fullmatch(text):
        return int(m[1]), int(m[2]), None
    return None


def thousands(n: int) -> str:
    """Norwegian digit grouping with a space: 15 000."""
    return f"{n:,}".replace(",", " ")


def read_number(text: str, percent: bool = False) -> float:
    """A number as a Norwegian types it: ``0,5``, ``0.5``, ``1 450`` (space or no-break space
    between thousands), ``1.450,5``, ``−2`` (the minus sign as well as the hyphen) and, where
    ``percent``, ``50 %`` → 0.5. Raises ValueError with a Norwegian message."""
    raw = str(text).strip()
    bare = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
    is_percent = bare.endswith("%")
    if is_percent and not percent:
        raise ValueError(f"«{raw}» er ikke et tall (prosent passer ikke her)")
    bare = bare.rstrip("%")
    if "," in bare and "." in bare:
        bare = bare.replace(".", "")  # 1.450,5
    try:
        value = float(bare.replace(",", "."))
    except ValueError:
        raise ValueError(f"«{raw}» er ikke et tall (skriv f.eks. 0,5)") from None
    if not math.isfinite(value):
        raise ValueError(f"«{raw}» er ikke et tall (skriv f.eks. 0,5)")
    return value / 100.0 if is_percent else value


PERCENT_FROM = 10  # a share typed without «%» from this up is a percentage: «50» is 50 %


def share_text(value: float) -> str:
    """A share (stillingsbrøk, vaktandel) as a percentage: 0.5 → «50 %», 1.25 → «125 %»."""
    return f"{number(round(value * 100, 4))} %"


def share_from(value: float, text: str) -> float:
    """The share ``value`` read from ``text`` stands for: without «%», a number from 10 up
    is a percentage (no share is 10 full ones: «80» is 0,8), a smaller one the share itself
    («1» a full share, «1,5»); with «%» it was read as one already."""
    if value >= PERCENT_FROM and not str(text).strip().endswith("%"):
        return value / 100.0
    return value


def read_share(text: str, most: float) -> float:
    """A share as the leader types it, the fraction stored: «50 %», «50» and «0,5» are all
    a half (:func:`share_from`). ValueError in Norwegian, in percent, for a share below 0
    or above ``most`` (a fraction: 1.5 is «150 %»)."""
    value = share_from(read_number(text, percent=True), text)
    if value < 0:
        raise ValueError("må være minst 0 %")
    if value > most + 1e-9:
        typed = "" if str(text).strip().endswith("%") else f"«{text.strip()}» er {share_text(value)}; "
        raise ValueError(f"{typed}kan være høyst {share_text(most)}")
    return value


def read_whole_number(text: str) -> int:
    """A whole number as a Norwegian types it (``1 450``); ValueError in Norwegian otherwise."""
    raw = str(text).strip()
    try:
        value = read_number(raw)
    except ValueError:
        raise ValueError(f"«{raw}» er ikke et heltall") from None
    if not value.is_integer():
        raise ValueError(f"«{raw}» er ikke et heltall")
    return int(value)


LEVEL_NAMES = {
    "feasibility": "finner en første gyldig turnus",
    "moves": "færrest mulig flyttinger",
    "fairness": "1 rettferdig belastning",
    # level 1 again for the doctors far below its top (solver.objective.others_level)
    "fairness_others": "1 rettferdig belastning for de andre legene",
    "fairness_others2": "1 rettferdig belastning for de andre legene, runde 2",
    "fairness_others3": "1 rettferdig belastning for de andre legene, runde 3",
    "balance": "2 jevne netter, helger og høytid",
    "sharing": "2 det ingen kan unngå, delt jevnt",
    "wishes": "3 legenes ønsker",
}

# how the workbook names a level's rows, numbered as LEVEL_NAMES (the three levels;
# the sharing of what nobody can avoid is part of level 2, a repair's moves come first)
LEVEL_LABELS = {
    "moves": "Flyttinger",
    "fairness": "Nivå 1",
    "fairness_others": "Nivå 1, de andre legene",
    "fairness_others2": "Nivå 1, de andre legene (2)",
    "fairness_others3": "Nivå 1, de andre legene (3)",
    "balance": "Nivå 2",
    "sharing": "Nivå 2, deling",
    "wishes": "Nivå 3",
}

# a solve's status, as the leader reads it. «optimal» is every level proven, level 1
# (fairness) in its steps of 1 % of the perfect-fairness bound (solver.objective): no rota is
# a step fairer, but one may be up to a step fairer within it
STATUS = {
    "optimal": "bevist best mulig innen 1 %",
    "feasible": "gyldig, ikke bevist optimal",
    "cancelled": "avbrutt, beste turnus så langt",
    "infeasible": "ingen turnus finnes med disse reglene",
    "unknown": "ingen turnus funnet innen tidsgrensen",
    "too_large": "for stort for denne maskinen",
}

# one objective level's status
LEVEL_STATUS = {
    "optimal": "bevist optimal",
    "feasible": "ikke bevist",
    "cancelled": "avbrutt",
    "not_started": "ikke nådd innen tidsgrensen; verdien er turnusens",
}


def level_status(level: str, status: str) -> str:
    """One objective level's status as proven: level 1 (``fairness``) is proven only within
    its step (``bevist innen 1 %``, as the app's fairness line says), the others exactly."""
    if level.startswith("fairness") and status == "optimal":  # (fairness_others too)
        from solver.objective import DEFAULT_RESOLUTION  # the step the engine proves within

        return f"bevist innen {number(DEFAULT_RESOLUTION * 100)} %"
    return LEVEL_STATUS.get(status, status)


def level_line(level: Any) -> str:
    """«Jevn fordeling av netter, helger, høytid og spredning: 27070 (nedre grense 27070;
    bevist optimal)»: one objective level of a solve (anything with name, title, value, bound
    and status: the engine's LevelResult or the project's SolveLevelRecord)."""
    value, bound = level_value(level.name, level.value), level_value(level.name, level.bound)
    return (f"{level.title or level.name}: {value} (nedre grense {bound}; "
            f"{level_status(level.name, level.status)})")


def moment_text(moment: Any) -> str:
    """«28.11.2026 kl. 17:30»: a moment (a datetime with its zone) in Oslo time, as the app,
    the exports and the commands say when the engine made the rota."""
    from legevakt_app.calendar import wall_clock

    return f"{wall_clock(moment):%d.%m.%Y kl. %H:%M}"


def count(n: int, singular: str, plural: str) -> str:
    """``1 lege``, ``3 leger``, ``0 leger``: a number with its noun in the right number."""
    return f"{n} {singular if n == 1 else plural}"


def duty_counts(nights: int, weekends: int, holidays: int) -> str:
    """``5 nattevakter, 4 vakter i helg, 1 helligdagsvakt``: counted in vakter (the Belastning
    report counts weekends and days), said in the words. Not «helgevakter»: a helgevakt is the
    whole Fri 16 – Mon 08 duty, while this counts each vakt that falls in a weekend."""
    return ", ".join((count(nights, "nattevakt", "nattevakter"),
                      count(weekends, "vakt i helg", "vakter i helg"),
                      count(holidays, "helligdagsvakt", "helligdagsvakter")))


def decimal(value: float, digits: int = 1) -> str:
    """``244.63`` → ``244,6``: a Norwegian decimal comma. Never a negative zero: a value that
    rounds to nothing is ``0,0`` whatever its sign (``-0.04`` is not «-0,0»)."""
    text = f"{value:.{digits}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    return text.replace(".", ",")


FIREDELT = 4.0  # firedelt vakt: on duty every 4th day (or week) or less often


def ratio_value(value: float, digits: int = 2) -> float:
    """N of a rotation ratio rounded to ``digits`` decimals, but never up to the firedelt
    line: 3.997 is 3.99, not a 4.00 coloured «mindre enn firedelt» (for a spreadsheet cell)."""
    if value < FIREDELT <= round(value, digits):
        return math.floor(value * 10**digits) / 10**digits
    return round(value, digits)


def ratio_number(value: float) -> str:
    """N of a rotation ratio 1:N with one decimal (``2,7``), but never rounded up to the
    firedelt line: 3.96 is ``3,96``, not a «4,0» next to the words «mindre enn firedelt»."""
    if value < FIREDELT <= round(value, 1):
        return decimal(ratio_value(value, 2), 2)
    return decimal(value)


def level_value(level: str, value: float | None) -> str:
    """An objective level's value or bound as shown: level 1's load per share with two
    decimals (``1104,08``), the counted levels as whole numbers (``32990``); ``–`` for none."""
    if value is None:
        return "–"
    if level.startswith("fairness"):  # level 1, and level 1 for the others
        return decimal(value, 2)
    return f"{value:.0f}"


def unfinished_repair(result: Any) -> str | None:
    """None when a repair (``solve(repair_from=…)``) found the fewest moves it can; else
    «flytter 134 tildelinger, og færre kan være nok (ingen reparasjon flytter færre enn 2)»:
    stopped (by the time limit or a cancel) before its first level was proven, the rota may
    move far more than a finished repair would."""
    if result.moved is None:
        return None
    level = result.level("moves")
    if level is not None and level.status == "optimal":
        return None
    least = math.ceil(level.bound - 1e-9) if level is not None and level.bound is not None else 0
    fewer = f" (ingen reparasjon flytter færre enn {least})" if 0 < least < result.moved else ""
    return f"flytter {count(result.moved, 'tildeling', 'tildelinger')}, og færre kan være nok{fewer}"
