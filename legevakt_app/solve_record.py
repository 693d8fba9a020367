"""The engine's figures kept with the rota it made (:class:`legevakt_app.domain.SolveRecord`).

A record applies while the rota is the one the engine delivered and the project's inputs
(district, period, doctors, vakttyper, rules) are those it solved: both are compared by
SHA-256 digests, so a rota changed by hand, or a doctor added since, reads as «laget for hånd /
lagret i prosjektet» again, as it does in the app before it is reopened. The record says when
the engine made the rota (``made_at``), a record from before that was kept says no date.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from legevakt_app.calendar import OSLO
from legevakt_app.domain import Project, SolveLevelRecord, SolveRecord
from solver.rota_file import level_documents

INPUTS = ("district", "period", "doctors", "templates", "rules")


def rota_digest(assignments: Any) -> str:
    """Of the rota's cells (shift, doctor, role), in any order; locks do not count."""
    keys = sorted(f"{a.shift_id}|{a.doctor_id}|{a.role}" for a in assignments)
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()


def inputs_digest(project: Project) -> str:
    """Of everything the engine reads besides the rota."""
    document = project.model_dump(mode="json", include=set(INPUTS))
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode("utf-8")).hexdigest()


def solve_record(project: Project, result: Any) -> SolveRecord:
    """The record of ``result`` (a solver.solve.SolveResult) for ``project`` holding its rota."""
    return SolveRecord(
        status=result.status,
        objective=result.objective,
        bound=result.bound,
        perfect_fairness_bound=result.perfect_fairness_bound,
        seconds=result.seconds,
        rota_digest=rota_digest(project.rota),
        inputs_digest=inputs_digest(project),
        levels=[SolveLevelRecord(**level) for level in level_documents(result.levels)],
        count_bands=getattr(result, "count_bands", None) or {},
        made_at=made_at_of(result),
    )


def made_at_of(result: Any) -> datetime | None:
    """When the engine delivered ``result``, in Oslo time with its offset (None: a result
    that does not say, such as one built by hand in a test)."""
    moment = getattr(result, "finished_at", None)
    return None if moment is None else moment.astimezone(OSLO).replace(microsecond=0)


def applying_record(project: Project) -> SolveRecord | None:
    """The project's record when it still describes its rota and inputs, else None."""
    record = project.solved
    if record is None or not project.rota:
        return None
    if record.rota_digest != rota_digest(project.rota):
        return None
    return record if record.inputs_digest == inputs_digest(project) else None


def record_info(record: SolveRecord) -> dict[str, Any]:
    """The record as the exports' solve figures (see rota_source.solve_info_of)."""
    return record.model_dump(mode="json", include={"status", "objective", "bound",
                                                   "perfect_fairness_bound", "seconds", "levels",
                                                   "count_bands", "made_at"})
