"""A short summary of a project in Norwegian, as printed by ``legevakt check``."""

from __future__ import annotations

from legevakt_app.competence import derive_competence
from legevakt_app.coverage import coverage_gaps, gap_lines, gap_summary
from legevakt_app.domain import (
    COMPETENCE_RULE_LABELS,
    EXEMPTION_CATEGORY_LABELS,
    EXEMPTION_SCOPE_LABELS,
    Project,
)
from legevakt_app.reports.figures import FASTLEGE_KINDS, count_fastleger
from legevakt_app.rule_exceptions import changes_nothing, exception_title, rules_exception_lines
from legevakt_app.shifts import expand_shifts
from legevakt_app.wording import count, decimal, share_text, thousands
from solver.problem import Problem as EngineProblem

# each kind of doctor in a count: «3 fastleger, 1 LIS1»
KIND_WORDS: dict[str, tuple[str, str]] = {
    "fastlege": ("fastlege", "fastleger"),
    "kommunalt_ansatt": ("kommunalt ansatt", "kommunalt ansatte"),
    "vikar": ("vikar", "vikarer"),
    "lis1": ("LIS1", "LIS1"),
    "alis": ("ALIS", "ALIS"),
}


def doctor_kinds_text(kinds: list[str]) -> str:
    """«12 fastleger, herav 1 ALIS; 1 LIS1; 1 vikar»: the doctors by kind, the fastleger
    counted as the report and the Terskel tab count them (an ALIS is a fastlege in specialist
    training: :func:`legevakt_app.reports.figures.count_fastleger`)."""
    fastleger = count_fastleger(kinds)
    alis = kinds.count("alis")
    parts = []
    if fastleger:
        parts.append(count(fastleger, *KIND_WORDS["fastlege"])
                     + (f", herav {count(alis, *KIND_WORDS['alis'])}" if alis else ""))
    others = [k for k in KIND_WORDS if k not in FASTLEGE_KINDS and k in kinds]
    parts += [count(kinds.count(k), *KIND_WORDS[k]) for k in others]
    return ("; " if alis else ", ").join(parts)


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
        f"Distrikt:    {d.name}",
        f"Periode:     {_no_date(p.start)} – {_no_date(p.end)} ({count(days, 'dag', 'dager')}, "
        f"{decimal(days / 7)} uker)",
        f"Kommuner:    {len(d.kommuner)}, {thousands(inhabitants)} innbyggere",
    ]
    for k in d.kommuner:
        lines.append(
            f"  - {k.name}: {thousands(k.inhabitants)} innbyggere, "
            f"sentralitetsklasse {k.centrality}"
        )
    lines.append(
        f"Stasjoner:   {len(d.stations)} — hovedlegevakt: "
        + ", ".join(s.name for s in centrals)
        + (f"; satellitter: {', '.join(s.name for s in satellites)}" if satellites else "")
    )
    if note := idle_stations_note(project):
        lines.append(f"  - {note}")
    lines.append(
        f"Leger:       {len(project.doctors)}"
        + (f" ({doctor_kinds_text([doc.kind for doc in project.doctors])})" if project.doctors
           else " — legg til legene før turnusen kan lages")
    )
    by_template: dict[str, int] = {}
    template_names = {t.id: t.name for t in project.templates}
    for s in shifts:
        by_template[s.template] = by_template.get(s.template, 0) + 1
    if shifts:
        lines.append(
            f"Vakter:      {len(shifts)} laget fra "
            f"{count(len(project.templates), 'vakttype', 'vakttyper')} ("
            + ", ".join(f"{template_names.get(t, t)}: {n}" for t, n in by_template.items())
            + f"), {count(sum(s.required for s in shifts), 'legeplass', 'legeplasser')}"
        )
    else:
        lines.append("Vakter:      0 — ingen vakter å fordele i perioden: legg til vakttyper")
    gaps = coverage_gaps(project)
    if gaps:
        lines.append(f"Dekning:     ✖ {gap_summary(gaps)}")
        lines += [f"  - {line}" for line in gap_lines(gaps)]
    lines.append(f"Kompetanseregel: {COMPETENCE_RULE_LABELS[rule]}")
    needs = [
        doc for doc in project.doctors if not derive_competence(doc.competence, rule).competent
    ]
    lines.append(f"Trenger bakvakt: {len(needs)}")
    for doc in needs:
        lines.append(f"  - {doc.name} ({derive_competence(doc.competence, rule).reason})")
    for doc in project.doctors:
        # a doctor in LIS1 has not completed it; the rules of completed LIS1 (and the
        # scenario «LIS1 er nok») would count her vaktkompetent
        if doc.kind == "lis1" and doc.competence.lis1_completed:
            lines.append(f"  ! {doc.name} er LIS1, men «LIS1 fullført» er krysset av: er "
                         "LIS1 fullført, er legen ikke lenger LIS1 (velg en annen type)")
    if overlaps := overlapping_absence_notes(project):
        lines.append(f"Fravær:      ! {count(len(overlaps), 'overlapp', 'overlapp')} (to fravær "
                     "for samme lege på samme dager; ikke en feil, men se over datoene)")
        lines += [f"  ! {note}" for note in overlaps]
    exempt = [doc for doc in project.doctors if doc.exemptions]
    n_fritak = sum(len(doc.exemptions) for doc in exempt)
    lines.append(f"Fritak:      {n_fritak}" + (
        f" (for {count(len(exempt), 'lege', 'leger')})" if n_fritak != len(exempt) else ""))
    for doc in exempt:
        for ex in doc.exemptions:
            lines.append(
                f"  - {doc.name}: {EXEMPTION_CATEGORY_LABELS[ex.category]}, "
                f"{EXEMPTION_SCOPE_LABELS[ex.scope].lower()}, "
                f"{_no_date(ex.start)}–{_no_date(ex.end)}"
            )
    lines += partial_exemption_notes(project)
    lines += [f"  ! {note}" for note in factor_notes(project)]
    if project.rules.exceptions:
        lines.append(f"Unntak:      {len(project.rules.exceptions)} fra vakthyppigheten")
        for title, text in rules_exception_lines(None, project.rules):
            lines.append(f"  - {title.removeprefix('Unntak ')}: {text}")
        for exc in project.rules.exceptions:
            if changes_nothing(exc, project.rules):  # the app refuses to make one like it
                lines.append(f"  ! {exception_title(exc)} endrer ingenting: dagene har "
                             "periodens egne grenser (fjern det, eller gi det andre grenser)")
    return lines


def overlapping_absence_notes(project: Project) -> list[str]:
    """«Kari Nordeng: fravær 1 (ferie 22.02.2027–28.02.2027) og fravær 2 (ferie
    25.02.2027–05.03.2027) overlapper 25.02.2027–28.02.2027: …»: two absences of one doctor
    on the same days. Not an error (she is away either way), but often a slip: a ferie typed
    twice, or a date wrong."""
    notes = []
    for doc in project.doctors:
        spans = list(enumerate(doc.unavailable, 1))
        for i, (n, a) in enumerate(spans):
            for m, b in spans[i + 1:]:
                start, end = max(a.start, b.start), min(a.end, b.end)
                if start > end:
                    continue
                notes.append(
                    f"{doc.name}: fravær {n} ({a.kind} {_no_date(a.start)}–{_no_date(a.end)}) og "
                    f"fravær {m} ({b.kind} {_no_date(b.start)}–{_no_date(b.end)}) overlapper "
                    f"{_no_date(start)}–{_no_date(end)}: legen er borte alle dagene i begge; "
                    "rett datoene om det er en skrivefeil"
                    + (", eller slå dem sammen til ett" if a.kind == b.kind else ""))
    return notes


def factor_notes(project: Project) -> list[str]:
    """When «Hjemmevakt i arbeidstid» (the reports' working-time equivalent) is not 1 and an
    hjemmevakt vakttype's «Vekt», its load per hour (what the rota is shared by), is not:
    the reports then weigh a doctor's hjemmevakt hours otherwise than the sharing did, and a
    doctor with fewer of them (one free of nights) may come out heaviest in «ekv.» in a rota
    that is fair by the vakttype's load."""
    factor = project.rules.hjemmevakt_factor
    if abs(factor - 1.0) < 1e-9:
        return []
    other = [t for t in project.templates if not t.on_site and abs(t.weight - factor) > 1e-9]
    if not other:
        return []
    names = ", ".join(f"{t.name} {_short(t.weight)}" for t in other)
    return [f"Hjemmevakt i arbeidstid er {_short(factor)} i rapportene (ekv.), men "
            f"vaktene fordeles etter vakttypenes vekt, belastningen per time ({names}): sett "
            "vekten på hjemmevaktene til det samme om fordelingen skal regne likt"]


def idle_stations(project: Project) -> list[int]:
    """The indexes of the stations no vakttype has, when some station has one (with none at
    all, «Vakter: 0» says so already)."""
    used = {t.station for t in project.templates}
    if not used:
        return []
    return [i for i, s in enumerate(project.district.stations) if s.id not in used]


def idle_stations_note(project: Project) -> str | None:
    """«Kvitdal satellitt har ingen vakttyper: …»: said calmly, not as a fault, since a
    satellitt may well have only nurses, with the doctor on video from the central."""
    idle = [project.district.stations[i].name for i in idle_stations(project)]
    if not idle:
        return None
    names = " og ".join([", ".join(idle[:-1]), idle[-1]] if len(idle) > 1 else idle)
    return (f"{names} har ingen vakttyper, så ingen lege har vakt der (i orden for en stasjon "
            "med bare sykepleier, der legen er med på video)")


def _short(value: float) -> str:
    """A factor or share with up to three decimals, no trailing zeros: «0,143», «1», «0,25»."""
    return decimal(value, 3).rstrip("0").rstrip(",")


PRESSED = 0.6  # a fair share that takes this much of what a partial fritak leaves is noted


def partial_exemption_notes(project: Project) -> list[str]:
    """A doctor with a partial fritak keeps a full fair share, carried in what the fritak
    leaves: say how much of that it takes, when it is most of it."""
    from legevakt_app.engine_input import build_problem

    if not project.doctors or not project.templates:
        return []
    return [f"  ! {note}" for note in pressure_notes(build_problem(project))]


def pressure_notes(problem: EngineProblem) -> list[str]:
    """«Ingrid Reinvik har delvis fritak og vaktandel som før: …» for each doctor of the
    engine's ``problem`` whose fair share takes :data:`PRESSED` or more of what her partial
    fritak leaves (``legevakt check``, the solve summary and the app's Kontroll say it
    alike)."""
    return [note for _doc_id, note in pressure_by_doctor(problem)]


def pressure_by_doctor(problem: EngineProblem) -> list[tuple[str, str]]:
    """(doctor id, note) of :func:`pressure_notes`."""
    from solver.fairness import partial_exemption_pressure

    names = {d.id: d.name for d in problem.doctors}
    return [(doc_id, f"{names[doc_id]} "
             f"{pressure_text(names[doc_id], part, gentler_share(problem, doc_id))}")
            for doc_id, part in partial_exemption_pressure(problem).items() if part >= PRESSED]


SHARE_STEP = 0.05  # the vaktandel a note suggests is a multiple of this


def gentler_share(problem: EngineProblem, doctor_id: str) -> tuple[float, float] | None:
    """The largest vaktandel below the doctor's (in steps of :data:`SHARE_STEP`) at which her
    fair share takes less than :data:`PRESSED` of what her partial fritak leaves, and that
    part (the bound is counted again with that share: the others then carry more); None when
    no such share is above 0."""
    from dataclasses import replace

    from solver.fairness import partial_exemption_pressure

    def part_at(k: int) -> float:
        share = k * SHARE_STEP
        tried = replace(problem, doctors=tuple(replace(d, share=share) if d.id == doctor_id
                                               else d for d in problem.doctors))
        return partial_exemption_pressure(tried).get(doctor_id, float("inf"))

    doctor = next(d for d in problem.doctors if d.id == doctor_id)
    # her part grows with her share (the bound × her share does), so the largest step below
    # the mark is found by halving: a few counts of the bound, not one per step
    low, high = 0, round(doctor.share / SHARE_STEP)  # part_at(high) is at the mark or over
    found: tuple[float, float] | None = None
    while high - low > 1:
        mid = (low + high) // 2
        part = part_at(mid)
        if part < PRESSED:
            low, found = mid, (mid * SHARE_STEP, part)
        else:
            high = mid
    return found  # (set only at a step above 0)


def pressure_text(name: str, part: float, gentler: tuple[float, float] | None = None) -> str:
    """What a partial fritak with a full vaktandel asks of the doctor, after the name; with
    ``gentler`` (:func:`gentler_share`) the vaktandel at which she would take less."""
    if part == float("inf"):
        return ("har et delvis fritak som dekker alle distriktets vakter: i praksis fullt "
                "fritak, men vaktandelen teller fortsatt (sett vaktandel 0, eller velg et annet "
                "omfang for fritaket)")
    advice = "vurder lavere vaktandel"
    if gentler is not None:
        share, then = gentler
        advice += (f"; med vaktandel {share_text(share)} tar "
                   f"{name.split()[0]} om lag {round(then * 100)} %")
    return (f"har delvis fritak og vaktandel som før: for å bære sin andel må {name.split()[0]} "
            f"ta om lag {round(part * 100)} % av vaktene fritaket ikke dekker ({advice})")
