"""Norwegian words for the engine's results, shared by the app and the command line (no Qt):
the objective levels, a solve's status and numbers with a decimal comma."""

from __future__ import annotations

LEVEL_NAMES = {
    "feasibility": "finner en første gyldig turnus",
    "moves": "færrest mulig flyttinger",
    "fairness": "1 rettferdig belastning",
    "balance": "2 jevne netter, helger og høytid",
    "wishes": "3 legenes ønsker",
}

# a solve's status, as the leader reads it
STATUS = {
    "optimal": "optimal",
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
}


def decimal(value: float, digits: int = 1) -> str:
    """``244.63`` → ``244,6``: a Norwegian decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def number(value: float | None, digits: int = 2) -> str:
    """A whole value without decimals (``32990``), any other with ``digits`` decimals after a
    comma (``1104,08``); ``–`` for no value."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{value:.0f}"
    return decimal(value, digits)
