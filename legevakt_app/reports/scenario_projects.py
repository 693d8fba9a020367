"""A scenario the leader can keep: a copy of the project with the scenario's one change,
saved as a project file of its own.

:mod:`legevakt_app.reports.scenarios` makes each change on the engine's input (a
:class:`~legevakt_app.rota_source.RotaSource`), which is enough to solve and compare but cannot
be opened, edited or solved again later. Here the same change is made on the domain project
(:class:`~legevakt_app.domain.Project`), so that ``build_problem`` of the scenario project is
the problem the comparison solved (tests/reports/test_scenario_projects.py checks this for
every change):

* ``add_doctor``: fictional fastleger "Ny lege 1" … (ids ``scenario-lege-1`` …, as in the
  comparison) in the first kommune, full share, specialist in allmennmedisin (vaktkompetent
  under either competence rule), 45 years old at the start of the period (no fritak by right).
* ``vikar_nights``: a vikar outside the district's rota takes every night 23–08. In the
  project: a shift template that runs through the night and starts between 06 and 23 ends at
  23:00 ("… (til 23)"); one that starts at 23:00 or later, or before 06:00, is removed (wishes,
  pre-assigned and locked vakter on the removed shifts go with it). The vikar is not a doctor in
  the project: the comparison does not give the nights to anybody either.
* ``rest_11h``: ``rules.min_rest_hours`` set to the number.
* ``hard_spacing``: every ``hard`` of the spacing limits (``rules.max_in_window``,
  ``max_per_week``, ``max_consecutive_days`` and each exception's) set true.
* ``lis1_sufficient``: ``rules.competence_rule`` = ``lis1_sufficient``.
* ``join_neighbour``: a kommune "Nabokommune" (6 000 innb., sentralitetsklasse 5) with the new
  central legevakt and its fastleger; today's central legevakt becomes a satellitt and its
  shift templates move to the new central.

In every scenario project the district's name says which scenario it is
("<distrikt> — scenario: <navn>"), the rota is cleared except locked vakter (the scenario
needs a rota of its own, made by the engine), and everything else — snapshots, absences,
the ledger — is copied unchanged. The original project is never changed.

A scenario whose change exists only on the engine's input (a :class:`Scenario` made by hand
with its own ``apply`` function, not one of :data:`~legevakt_app.reports.scenarios.CHANGES`)
cannot be saved: a function from problem to problem says nothing about templates, doctors or
rules, so there is nothing to write into a project file. It is refused with
:class:`~legevakt_app.reports.scenarios.ScenarioUnavailable` and a Norwegian message naming the
scenario, as is a change that would leave the project invalid.
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from legevakt_app.calendar import OSLO
from legevakt_app.domain import (
    WEEKDAY_NAMES,
    CompetenceFacts,
    Doctor,
    Kommune,
    Project,
    ShiftTemplate,
    Station,
)
from legevakt_app.file_errors import FileChanged
from legevakt_app.project_io import ProjectError, file_stamp, project_from_document, save_project
from legevakt_app.reports.scenarios import (
    NEIGHBOUR_CENTRAL_ID,
    NEIGHBOUR_CENTRALITY,
    NEIGHBOUR_DOCTORS,
    NEIGHBOUR_INHABITANTS,
    NEIGHBOUR_NAME,
    Scenario,
    ScenarioUnavailable,
    day_parts,
    neighbour_doctor_id,
    neighbour_doctor_name,
    new_doctor_id,
    new_doctor_name,
    vikar_refusal,
)
from legevakt_app.shifts import covers_night

PROJECT_SUFFIX = ".legevakt.json"
NEW_DOCTOR_AGE = 45  # years at the start of the period: full duty, no fritak over 55
PLAIN_DAY = date(2027, 1, 11)  # a Monday far from a DST change: a template's hours as they read
NAME_MAX = 120  # domain.Name


class ScenarioSaveError(Exception):
    """The scenario project could not be written (Norwegian message naming the file)."""


def _unique(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted 2``, ``wanted 3`` … — the first not in ``taken``."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted} {n}" in taken:
        n += 1
    return f"{wanted} {n}"


def _unique_id(wanted: str, taken: set[str]) -> str:
    return _unique(wanted, taken).replace(" ", "-")


def _new_fastlege(project: Project, doctor_id: str, name: str, kommune: str) -> Doctor:
    born = min(max(project.period.start.year - NEW_DOCTOR_AGE, 1930), 2010)
    return Doctor(
        id=doctor_id,
        name=name,
        kommune=kommune,
        kind="fastlege",
        birth_year=born,
        competence=CompetenceFacts(specialist_allmennmedisin=True),
    )


# --- the changes, on a private copy of the project ----------------------------------------


def add_doctors(project: Project, count: int) -> None:
    """``count`` fictional, vaktkompetent fastleger with a full share in the first kommune."""
    kommune = project.district.kommuner[0].name
    ids = {d.id for d in project.doctors}
    for i in range(1, count + 1):
        doctor_id = _unique_id(new_doctor_id(i), ids)
        ids.add(doctor_id)
        project.doctors.append(_new_fastlege(project, doctor_id, new_doctor_name(i), kommune))


def _template_covers_night(template: ShiftTemplate) -> bool:
    """Whether the template's shifts are nights, as ``shifts.expand_template`` marks them."""
    return covers_night(*_first_shift(template))


def _first_shift(template: ShiftTemplate) -> tuple[datetime, datetime]:
    """Start and end of the template's shift on its first weekday of a plain week."""
    day = PLAIN_DAY + timedelta(days=template.weekdays[0])
    return (datetime.combine(day, template.start_time, OSLO),
            datetime.combine(day + timedelta(days=template.end_day_offset), template.end_time,
                             OSLO))


def _part_templates(project: Project, template: ShiftTemplate) -> list[ShiftTemplate]:
    """The template's :func:`~legevakt_app.reports.scenarios.day_parts` as templates: one
    per part, starting on the template's weekdays moved by the part's day. Several parts go
    to one doctor through a block (the template's own kind, else ``week``); a split that no
    block can hold together is refused (:class:`ScenarioUnavailable`)."""
    first_day = PLAIN_DAY + timedelta(days=template.weekdays[0])
    start, end = _first_shift(template)
    parts = day_parts(start, end)
    offsets = [(begin.date() - first_day).days for begin, _ in parts]
    if len(parts) <= 1:
        block = template.block
    else:
        block = template.block if template.block != "none" else "week"
        days = [w + j for w in template.weekdays for j in offsets]
        fits = max(days) <= 6 and (block == "week" or min(days) >= 4)
        clash = block != template.block and any(
            t.block == block and t.station == template.station and t.id != template.id
            for t in project.templates)
        if not fits or clash:
            raise ScenarioUnavailable(vikar_refusal(template.name, start, end))
    taken = {t.id for t in project.templates}
    out = []
    for i, ((begin, finish), j) in enumerate(zip(parts, offsets, strict=True)):
        keep_id = i == 0 and j == 0  # the template's own shifts, by id and date
        if len(parts) == 1:
            name = f"{template.name[:NAME_MAX - 9]} (til {finish:%H})"
        else:
            when = (WEEKDAY_NAMES[(template.weekdays[0] + j) % 7][:3]
                    if len(template.weekdays) == 1 else f"dag {j + 1}")
            name = f"{template.name[:NAME_MAX - 16]} ({when} {begin:%H}–{finish:%H})"
        part_id = template.id if keep_id else _unique_id(f"{template.id[:58]}-{i + 1}", taken)
        taken.add(part_id)
        out.append(template.model_copy(update={
            "id": part_id,
            "name": name,
            "weekdays": sorted((w + j) % 7 for w in template.weekdays),
            "start": begin.strftime("%H:%M"),
            "end": finish.strftime("%H:%M"),
            "end_day_offset": (finish.date() - begin.date()).days,
            "block": block,
        }))  # fmt: skip
    return out


def vikar_takes_nights(project: Project) -> None:
    """Nights 23–08 leave the district's rota (a vikar outside it takes them): a night
    template starting 06–23 ends at 23:00, one starting 23–06 is removed, one over several
    nights (a helgevakt Fri 16 – Mon 08) becomes its days and evenings, still one doctor's
    (:func:`_part_templates`)."""
    kept = []
    for template in project.templates:
        if _template_covers_night(template):
            kept.extend(_part_templates(project, template))
        else:
            kept.append(template)
    removed = {t.id for t in project.templates} - {t.id for t in kept}
    project.templates = kept
    for doctor in project.doctors:
        doctor.wishes = [w for w in doctor.wishes if w.template not in removed]
        doctor.pre_assigned = [p for p in doctor.pre_assigned
                               if p.shift_id.split("@")[0] not in removed]  # fmt: skip


def set_rest_hours(project: Project, hours: float) -> None:
    """At least ``hours`` free between work periods (arbeidsmiljøloven § 10-8: 11)."""
    project.rules.min_rest_hours = float(hours)


def set_hard_spacing(project: Project) -> None:
    """Every spacing limit (the period's and each exception's) absolute, none soft."""
    for holder in (project.rules, *project.rules.exceptions):
        for name in ("max_in_window", "max_per_week", "max_consecutive_days"):
            limit = getattr(holder, name)
            if limit is not None:
                limit.hard = True


def set_lis1_sufficient(project: Project) -> None:
    """Competence rule: a completed LIS1 is enough to have vakt alone."""
    project.rules.competence_rule = "lis1_sufficient"


def join_neighbour(project: Project, doctors: int) -> None:
    """An interkommunal legevakt with a neighbour kommune: the neighbour gets the central
    legevakt and its ``doctors`` fastleger join the rota; today's central becomes a satellitt
    and its shift templates move to the new central."""
    name = _unique(NEIGHBOUR_NAME, {k.name for k in project.district.kommuner})
    central_id = _unique_id(NEIGHBOUR_CENTRAL_ID, {s.id for s in project.district.stations})
    moved = {s.id for s in project.district.stations if s.kind == "central"}
    district = project.district
    district.kommuner = [*district.kommuner, Kommune(
        name=name, inhabitants=NEIGHBOUR_INHABITANTS, centrality=NEIGHBOUR_CENTRALITY)]
    district.stations = [
        s.model_copy(update={"kind": "satellite",
                             "name": s.name.replace("legevakt", "satellitt")})
        if s.id in moved else s
        for s in district.stations
    ] + [Station(id=central_id, name=f"{name} legevakt", kind="central", kommune=name)]
    project.templates = [
        t.model_copy(update={"station": central_id}) if t.station in moved else t
        for t in project.templates
    ]  # fmt: skip
    ids = {d.id for d in project.doctors}
    for i in range(1, doctors + 1):
        doctor_id = _unique_id(neighbour_doctor_id(i), ids)
        ids.add(doctor_id)
        project.doctors.append(_new_fastlege(project, doctor_id, neighbour_doctor_name(name, i),
                                             name))


PROJECT_CHANGES: dict[str, Callable[[Project, int | None], None]] = {
    "add_doctor": lambda p, v: add_doctors(p, int(v or 1)),
    "vikar_nights": lambda p, _v: vikar_takes_nights(p),
    "rest_11h": lambda p, v: set_rest_hours(p, float(v or 11)),
    "hard_spacing": lambda p, _v: set_hard_spacing(p),
    "lis1_sufficient": lambda p, _v: set_lis1_sufficient(p),
    "join_neighbour": lambda p, v: join_neighbour(p, int(NEIGHBOUR_DOCTORS if v is None else v)),
}


def scenario_district_name(district_name: str, scenario_name: str) -> str:
    """``"<distrikt> — scenario: <navn>"``, the district shortened to fit 120 characters."""
    tail = f" — scenario: {scenario_name}"
    room = NAME_MAX - len(tail)
    if len(district_name) > room:
        district_name = district_name[: room - 1].rstrip() + "…"
    return district_name + tail


def scenario_project(project: Project, scenario: Scenario) -> Project:
    """A new, validated project: ``project`` with ``scenario``'s one change (see the module
    docstring). ``project`` itself is not changed. Raises :class:`ScenarioUnavailable` with a
    Norwegian message naming the scenario when the change cannot be made on a project."""
    change = PROJECT_CHANGES.get(scenario.key)
    if change is None:
        raise ScenarioUnavailable(
            f"Scenariet «{scenario.name}» kan ikke lagres som prosjekt: endringen "
            f"«{scenario.key}» finnes bare i motorens beregning, ikke som noe som kan stå i en "
            "prosjektfil (maler, leger eller regler)."
        )
    changed = project.model_copy(deep=True)
    change(changed, scenario.value)
    changed.district.name = scenario_district_name(project.district.name, scenario.name)
    # the scenario needs a rota of its own; what the leader has locked stays, where it still can
    doctor_ids = {d.id for d in changed.doctors}
    template_ids = {t.id for t in changed.templates}
    changed.rota = [a for a in changed.rota if a.locked and a.doctor_id in doctor_ids
                    and a.shift_id.split("@")[0] in template_ids]  # fmt: skip
    try:
        return project_from_document(changed.model_dump(mode="json"))
    except ProjectError as err:
        raise ScenarioUnavailable(
            f"Scenariet «{scenario.name}» kan ikke lagres som prosjekt: endringen gir et "
            "prosjekt med feil: " + "; ".join(str(p) for p in err.problems[:5])
        ) from None


_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}  # fmt: skip


def scenario_file_name(scenario_name: str) -> str:
    """A safe file name from the scenario's name: ``"To nye leger"`` →
    ``to-nye-leger.legevakt.json``, ``"+1 lege"`` → ``pluss-1-lege.legevakt.json``
    (a–z, 0–9 and '-' only, æ/ø/å spelt out, at most 60 characters before the suffix)."""
    text = scenario_name.lower().replace("+", " pluss ")
    for letter, spelt in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        text = text.replace(letter, spelt)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "scenario"
    if slug in _WINDOWS_RESERVED:
        slug = f"scenario-{slug}"
    return slug + PROJECT_SUFFIX


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def save_scenario_project(
    project: Project,
    scenario: Scenario,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    original: str | os.PathLike[str] | None = None,
) -> Project:
    """Build the scenario project and save it at ``path`` (atomic; when ``overwrite`` lets an
    existing file be replaced, the old one is kept as ``.bak``). ``original`` is the project's
    own file, which is never written. Returns the saved project.

    Raises :class:`ScenarioUnavailable` (the change cannot be a project) or
    :class:`ScenarioSaveError` (the file: exists, is the original, folder missing, no
    permission …), both with a Norwegian message."""
    changed = scenario_project(project, scenario)
    write_scenario_project(changed, path, overwrite=overwrite, original=original)
    return changed


def write_scenario_project(
    changed: Project,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    original: str | os.PathLike[str] | None = None,
) -> None:
    """Save a project made by :func:`scenario_project` at ``path``, with the checks and
    messages of :func:`save_scenario_project`."""
    target = Path(path)
    _check_target(target, overwrite, original)
    if not target.parent.is_dir():
        raise ScenarioSaveError(f"{target.parent}: mappen finnes ikke.")
    try:
        # what is there now (or that nothing is): a file made or changed meanwhile is kept
        save_project(changed, target, expected=file_stamp(target))
    except FileChanged:
        raise ScenarioSaveError(f"{target}: filen ble laget eller endret av noe annet i "
                                "mellomtiden; den er ikke overskrevet.") from None
    except OSError as err:
        if err.errno in (errno.EACCES, errno.EPERM):
            why = "ingen tilgang til å skrive der"
        else:
            why = err.strerror or str(err)
        raise ScenarioSaveError(f"{target}: kan ikke lagre ({why}).") from None


def _check_target(target: Path, overwrite: bool, original: str | os.PathLike[str] | None) -> None:
    if original is not None and _same_file(target, Path(original)):
        raise ScenarioSaveError(
            f"{target}: dette er prosjektfilen scenariet er laget fra; velg et annet filnavn "
            "(originalen skal ikke endres)."
        )
    if target.is_dir():
        raise ScenarioSaveError(f"{target}: er en mappe, ikke et filnavn.")
    if target.exists() and not overwrite:
        raise ScenarioSaveError(
            f"{target}: filen finnes allerede; den blir ikke overskrevet (velg et annet navn)."
        )
