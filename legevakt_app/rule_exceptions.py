"""Unntak fra vakthyppigheten in the leader's words, and kept within a period (no Qt).

An exception (:class:`legevakt_app.domain.RuleException`) gives some days other spacing limits
than the period's: «tillat 3-delt vakt i uke 52». A limit the exception leaves out is the
period's own. The app's table, the Excel workbook and ``legevakt check`` say an exception the
same way: ``Unntak 20.12–03.01 (Jul): maks 1 vakt per 3 døgn (absolutt)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from legevakt_app.domain import FrequencyLimit, RuleException, Rules
from legevakt_app.wording import count


def short_range(start: date, end: date) -> str:
    """``20.12–03.01`` (no years: an exception lies within its period)."""
    return f"{start:%d.%m}" if start == end else f"{start:%d.%m}–{end:%d.%m}"


def exception_title(exc: RuleException) -> str:
    """``Unntak 20.12–03.01 (Jul)``."""
    name = exc.name.strip()
    return f"Unntak {short_range(exc.start, exc.end)}" + (f" ({name})" if name else "")


def in_force(exc: RuleException, rules: Rules) -> tuple[int, FrequencyLimit | None,
                                                         FrequencyLimit | None,
                                                         FrequencyLimit | None]:
    """The limits on the exception's days: (window, max in the window, per week, in a row),
    each the exception's own or, where it leaves one out, the period's."""
    window = exc.spacing_window_days if exc.spacing_window_days is not None else \
        rules.spacing_window_days
    return (window, exc.max_in_window or rules.max_in_window,
            exc.max_per_week or rules.max_per_week,
            exc.max_consecutive_days or rules.max_consecutive_days)


def hardness(limit: FrequencyLimit) -> str:
    return "absolutt" if limit.hard else "ønsket"


def window_text(window: int, limit: FrequencyLimit | None) -> str:
    """``maks 1 vakt per 3 døgn``; ``ingen grense per 3 døgn``."""
    if limit is None:
        return f"ingen grense per {window} døgn"
    return f"maks {count(limit.value, 'vakt', 'vakter')} per {window} døgn"


def n_delt(window: int, limit: FrequencyLimit | None) -> str:
    """``3-delt`` for «maks 1 vakt per 3 døgn», else nothing."""
    return f"{window}-delt" if limit is not None and limit.value == 1 and window > 1 else ""


def week_text(limit: FrequencyLimit) -> str:
    return f"maks {count(limit.value, 'vakt', 'vakter')} per uke"


def row_text(limit: FrequencyLimit) -> str:
    return f"maks {count(limit.value, 'vakt', 'vakter')} på rad"


def changed_parts(exc: RuleException, rules: Rules) -> list[str]:
    """What the exception sets, each with whether it is absolute: ``["maks 1 vakt per 3
    døgn (absolutt)", "maks 2 vakter per uke (ønsket)"]``."""
    window, in_window, _per_week, _in_a_row = in_force(exc, rules)
    parts = []
    if exc.spacing_window_days is not None or exc.max_in_window is not None:
        text = window_text(window, in_window)
        if in_window is not None:
            delt = n_delt(window, in_window)
            text += f" ({delt + ', ' if delt else ''}{hardness(in_window)})"
        parts.append(text)
    if exc.max_per_week is not None:
        parts.append(f"{week_text(exc.max_per_week)} ({hardness(exc.max_per_week)})")
    if exc.max_consecutive_days is not None:
        parts.append(f"{row_text(exc.max_consecutive_days)} "
                     f"({hardness(exc.max_consecutive_days)})")
    return parts


def exception_text(exc: RuleException, rules: Rules) -> str:
    """``Unntak 20.12–03.01 (Jul): maks 1 vakt per 3 døgn (absolutt)``."""
    return f"{exception_title(exc)}: {'; '.join(changed_parts(exc, rules))}"


def exception_lines(rules: Rules) -> list[str]:
    """Every exception of ``rules`` in date order, one line each."""
    return [exception_text(e, rules) for e in sorted(rules.exceptions, key=lambda e: e.start)]


def changes_nothing(exc: RuleException, rules: Rules) -> bool:
    """True when the exception's days would be judged exactly as the period's: its limits are
    the period's own, or only the window changes where no limit counts in a window."""
    window, in_window, per_week, in_a_row = in_force(exc, rules)
    same_window = window == rules.spacing_window_days or in_window is None
    return (same_window and in_window == rules.max_in_window and per_week == rules.max_per_week
            and in_a_row == rules.max_consecutive_days)


def within(exceptions: list[RuleException], start: date, end: date
           ) -> tuple[list[RuleException], list[RuleException]]:
    """The exceptions cut to the days ``start``–``end`` (a new period): (kept, each cut to
    those days; dropped, wholly outside them)."""
    kept, dropped = [], []
    for exc in exceptions:
        if exc.end < start or exc.start > end:
            dropped.append(exc)
        elif exc.start < start or exc.end > end:
            kept.append(exc.model_copy(update={"start": max(exc.start, start),
                                               "end": min(exc.end, end)}))
        else:
            kept.append(exc)
    return kept, dropped


def week_name(start: date, end: date) -> str:
    """``uke 52``, ``uke 51–52``: a name for an exception the engine proposed (no longer than
    the 40 characters a name may have)."""
    first, last = start.isocalendar()[1], end.isocalendar()[1]
    if first == last and (end - start).days < 7:
        return f"uke {first}"
    return f"uke {first}–{last}"


def as_domain_limit(limit: Any) -> FrequencyLimit | None:
    """The engine's :class:`solver.problem.Limit` (or None) as the project's limit."""
    if limit is None:
        return None
    return FrequencyLimit(value=limit.value, hard=limit.hard)


def rules_exception_lines(source_rules: Any, project_rules: Rules | None = None) -> list[tuple[str, str]]:
    """(title, what it sets) for each exception, in date order: from the project's rules when
    there is a project (the exceptions have their names there), else from the engine's
    (:class:`solver.problem.Rules`, read back from a result file: no names)."""
    rules = project_rules if project_rules is not None else _domain_rules(source_rules)
    return [(exception_title(e), "; ".join(changed_parts(e, rules)))
            for e in sorted(rules.exceptions, key=lambda e: e.start)]


def domain_limits(engine: Any) -> dict[str, Any]:
    """An engine exception's (:class:`solver.problem.RuleException`) window and limits as
    the project's :class:`RuleException` fields."""
    return {"spacing_window_days": engine.window_days,
            "max_in_window": as_domain_limit(engine.max_in_window),
            "max_per_week": as_domain_limit(engine.max_per_week),
            "max_consecutive_days": as_domain_limit(engine.max_consecutive_days)}


def _domain_rules(engine: Any) -> Rules:
    """The engine's spacing limits and exceptions as the project's :class:`Rules` (only what
    the texts above read)."""
    exceptions = [RuleException(start=e.start, end=e.end, **domain_limits(e))
                  for e in getattr(engine, "exceptions", ())]
    return Rules(spacing_window_days=engine.window_days,
                 max_in_window=as_domain_limit(engine.max_in_window),
                 max_per_week=as_domain_limit(engine.max_per_week),
                 max_consecutive_days=as_domain_limit(engine.max_consecutive_days),
                 exceptions=exceptions)
