"""A short text summary of a project, as printed by ``legevakt check``."""

from __future__ import annotations

from legevakt_app.competence import derive_competence
from legevakt_app.domain import (
    COMPETENCE_RULE_LABELS,
    DOCTOR_KIND_LABELS,
    EXEMPTION_CATEGORY_LABELS,
    EXEMPTION_SCOPE_LABELS,
    Project,
)
from legevakt_app.shifts import expand_shifts


def thousands(n: int) -> str:
    """Norwegian digit grouping with a space: 15 000."""
    return f"{n:,}".replace(",", " ")


def _no_date(d: object) -> str:
    return d.strftime("%d.%m.%Y")  # type: ignore[attr-defined]


def summary_lines(project: Project) -> list[str]:
    d = project.district
    p = project.period
    days = (p.end - p.start).days + 1
    shifts = expand_shifts(project)
    centrals = [s for s in d.stations if s.kind == "central"]
    satellites = [s for s in d.stations if s.kind == "satellite"]
    inhabitants = sum(k.inhabitants for k in d.kommuner)
    rule = project.rules.competence_rule
    lines = [
        f"District:    {d.name}",
        f"Period:      {_no_date(p.start)} – {_no_date(p.end)} ({days} days, {days / 7:.1f} weeks)",
        f"Kommuner:    {len(d.kommuner)}, {thousands(inhabitants)} inhabitants",
    ]
    for k in d.kommuner:
        lines.append(
            f"  - {k.name}: {thousands(k.inhabitants)} inhabitants, "
            f"sentralitetsklasse {k.centrality}"
        )
    lines.append(
        f"Stations:    {len(d.stations)} — central: "
        + ", ".join(s.name for s in centrals)
        + (f"; satellitter: {', '.join(s.name for s in satellites)}" if satellites else "")
    )
    kinds: dict[str, int] = {}
    for doc in project.doctors:
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    lines.append(
        f"Doctors:     {len(project.doctors)} ("
        + ", ".join(f"{n} {DOCTOR_KIND_LABELS[k].lower()}" for k, n in kinds.items())
        + ")"
    )
    by_template: dict[str, int] = {}
    for s in shifts:
        by_template[s.template] = by_template.get(s.template, 0) + 1
    lines.append(
        f"Shifts:      {len(shifts)} generated from {len(project.templates)} templates ("
        + ", ".join(f"{t}: {n}" for t, n in by_template.items())
        + f"), {sum(s.required for s in shifts)} doctor slots"
    )
    lines.append(f"Competence rule: {COMPETENCE_RULE_LABELS[rule]}")
    needs = [
        doc for doc in project.doctors if not derive_competence(doc.competence, rule).competent
    ]
    lines.append(f"Need bakvakt: {len(needs)}")
    for doc in needs:
        lines.append(f"  - {doc.name} ({derive_competence(doc.competence, rule).reason})")
    exempt = [doc for doc in project.doctors if doc.exemptions]
    lines.append(f"Exempt (fritak): {len(exempt)}")
    for doc in exempt:
        for ex in doc.exemptions:
            lines.append(
                f"  - {doc.name}: {EXEMPTION_CATEGORY_LABELS[ex.category]}, "
                f"{EXEMPTION_SCOPE_LABELS[ex.scope].lower()}, "
                f"{_no_date(ex.start)}–{_no_date(ex.end)}"
            )
    return lines
