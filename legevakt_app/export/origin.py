"""Where the exported rota comes from, in one set of words for the workbook's «Om turnusen»
and the Belastning page of the workbook and the PDF: made by the engine (and its status), or
made by the engine and changed by hand after (how many places, when known), or stored with no
figures from the engine. No openpyxl, no Qt.

A project keeps the engine's figures with the rota it made (:class:`legevakt_app.domain.
SolveRecord`, with a digest of that rota and of the inputs): the exports use the figures only
while both digests still match (:func:`legevakt_app.solve_record.applying_record`). When they
no longer do, the record still says the engine made the rota: the words say that, and that it
was changed after, instead of «laget for hånd» (the app) or «lagret i prosjektet» (the command
line), which read as if the engine had never made it (QA). A result file's rota changed since
the engine made it reads the same way (:data:`legevakt_app.rota_source.CHANGED`).

The record says when the engine made the rota (``made_at``; not in a record from before it
was kept, which then says no date: :attr:`RotaOrigin.made_at`); the number of places changed is
known when a published snapshot holds the engine's rota as it made it (the usual way: solve,
publish, then change by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from legevakt_app.rota_source import CHANGED, STORED, RotaSource
from legevakt_app.wording import STATUS, count

# a project's rota with no record of the engine's: drawn by hand, or solved by a Legevakt
# from before the figures were kept with the rota
NO_RECORD = ("lagret i prosjektet, uten tall fra motoren (laget for hånd, eller løst av en "
             "eldre Legevakt)")
# A solve status in words, as «Om turnusen» says it (CP-SAT's «OPTIMAL» too, lower-cased).
STATUS_TEXT = {
    "optimal": STATUS["optimal"],  # every level proven, level 1 within its 1 % step
    "feasible": "gyldig, men ikke bevist best mulig (tidsgrensen nådd)",
    "manual": "laget for hånd",
    CHANGED: "laget av motoren, endret etter løsningen (motorens status og tall gjelder ikke "
             "denne turnusen)",
    STORED: NO_RECORD,
    "cancelled": "avbrutt",
    "unknown": "ukjent",
    "infeasible": "ingen turnus mulig med disse reglene",
    "too_large": "for stort for maskinens minne",
    "not_started": "ikke nådd innen tidsgrensen (verdien er turnusens)",
}
# the statuses of a rota the engine delivered (a cancelled solve delivers its best so far)
ENGINE_MADE = frozenset({"optimal", "feasible", "cancelled"})
NOT_ITS_FIGURES = "motorens status og tall gjelder ikke denne turnusen"


def status_text(status: Any) -> str:
    """A solve status in words (CP-SAT's «OPTIMAL» as «optimal»); «ukjent» for a word not
    known here, which is never shown as it is."""
    return STATUS_TEXT.get(str(status)) or STATUS_TEXT.get(str(status).lower(), "ukjent")


@dataclass(frozen=True)
class RotaOrigin:
    """Who made the rota, as far as the source can tell."""

    # «optimal» …: the engine's status, its figures this rota's; CHANGED: a result file's rota
    # changed since; "manual": a file that says it was made by hand; STORED: a project's rota
    # with no record; "edited": a project's rota the engine made, changed since
    kind: str
    engine_status: str | None = None  # the status the engine gave the rota it made
    rota_changed: bool = False  # the cells differ from the engine's
    inputs_changed: bool = False  # doctors, vakttyper, rules or period changed since the solve
    cells_changed: int | None = None  # places of the rota that differ, when known
    made_at: datetime | None = None  # when the engine made the rota, when known

    @property
    def engines_figures(self) -> bool:
        """Whether the solve figures (status, objective, bounds) describe this rota."""
        return self.kind in ENGINE_MADE


def made_at_in(info: dict[str, Any]) -> datetime | None:
    """The ``made_at`` of solve figures (a project's record, a result file's solve block), an
    aware datetime; None when absent or not one (a file's is checked when it is read)."""
    value = info.get("made_at")
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def rota_origin(source: RotaSource) -> RotaOrigin:
    """Where ``source``'s rota comes from (see the module's words)."""
    info = source.solve_info
    status = str(info.get("status") or "").lower()
    made_at = made_at_in(info)
    if status in ENGINE_MADE:
        return RotaOrigin(status, engine_status=status, made_at=made_at)
    if status == CHANGED and info.get("engine_status") in ENGINE_MADE:
        # a result file written from a project whose rota was changed after the solve
        # (rota_source._stored_solve): it says what the engine gave and what changed
        cells = info.get("changed_assignments")
        return RotaOrigin("edited", engine_status=info["engine_status"],
                          rota_changed=cells != 0,
                          inputs_changed=bool(info.get("inputs_changed")),
                          cells_changed=cells if cells else None, made_at=made_at)
    if status and status != STORED:  # a result file's: CHANGED, "manual", …
        return RotaOrigin(status, made_at=made_at if status == CHANGED else None)
    project = source.project
    record = project.solved if project is not None else None
    if project is None or record is None or not source.rota.assignments:
        return RotaOrigin(STORED)
    from legevakt_app.solve_record import inputs_digest, rota_digest

    # the rota exported (a caller may give another than the project's own)
    rota_changed = record.rota_digest != rota_digest(source.rota.assignments)
    inputs_changed = record.inputs_digest != inputs_digest(project)
    if not (rota_changed or inputs_changed):  # the engine's rota, as it made it
        return RotaOrigin(record.status, engine_status=record.status, made_at=record.made_at)
    return RotaOrigin("edited", engine_status=record.status, rota_changed=rota_changed,
                      inputs_changed=inputs_changed,
                      cells_changed=_cells_changed(project, source.rota.assignments,
                                                   record.rota_digest)
                      if rota_changed else None, made_at=record.made_at)


def _cells_changed(project: Any, rota: Any, digest: str) -> int | None:
    """How many places of the rota (a doctor on a vakt, in its role) differ from the engine's
    rota, when a published snapshot holds that rota (its digest is the record's); else None.
    A vakt moved from one doctor to another is one place, a swap two (as the ◆ of a
    published rota count them: :func:`legevakt_app.snapshots.diff_assignments`)."""
    from legevakt_app.snapshots import diff_assignments
    from legevakt_app.solve_record import rota_digest

    engine = next((s.assignments for s in reversed(project.snapshots)
                   if rota_digest(s.assignments) == digest), None)
    if engine is None:
        return None
    return len(diff_assignments(engine, rota).changes)


def made_by_engine(status: str | None) -> str:
    """«laget av motoren med status «bevist best mulig innen 1 %»»: the status in the words
    an export of the unchanged rota gives it."""
    return f"laget av motoren med status «{status_text(status)}»"


def origin_text(origin: RotaOrigin) -> str:
    """«bevist best mulig innen 1 %» (the engine's, its figures this rota's); «laget av
    motoren med status «bevist best mulig innen 1 %», endret for hånd etter løsningen: 2
    tildelinger (motorens status og tall gjelder ikke denne turnusen)»; «lagret i prosjektet,
    uten tall fra motoren (…)»: the workbook's «Løsningsstatus»."""
    if origin.kind != "edited":
        return status_text(origin.kind)
    made = made_by_engine(origin.engine_status)
    if not origin.rota_changed:
        return (f"{made}; prosjektet er endret etter løsningen (leger, vakttyper, regler eller "
                f"periode), så {NOT_ITS_FIGURES}")
    cells = ("" if origin.cells_changed is None
             else f": {count(origin.cells_changed, 'tildeling', 'tildelinger')}")
    also = (", og prosjektet er endret etter løsningen (leger, vakttyper, regler eller periode)"
            if origin.inputs_changed else "")
    return f"{made}, endret for hånd etter løsningen{cells}{also} ({NOT_ITS_FIGURES})"


def origin_sentence(origin: RotaOrigin) -> str:
    """The origin as a sentence for a page's subtitle: «Turnusen er laget av motoren med
    status «bevist best mulig innen 1 %».», «Turnusen er laget av motoren med status «…»,
    endret for hånd etter løsningen: 2 tildelinger (…).»"""
    if origin.engines_figures:
        return f"Turnusen er {made_by_engine(origin.kind)}."
    return f"Turnusen er {origin_text(origin)}."
