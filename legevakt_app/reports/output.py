"""The report as text (Norwegian, for ``legevakt report``) and as a JSON-ready dict.

The JSON keys are the stable, machine-readable contract (English, as in issue 5):
``doctors[]`` with ``hours_per_week``, ``estimated_total_week``, ``rotation_ratio``,
``nights``, ``weekends``, ``holidays``, ``bakvakter``, ``above_68h`` …; ``district`` with
``doctors_in_rota``, ``four_or_fewer``, ``below_firedelt``, ``grant_eligible``,
``doctors_needed_for_firedelt`` …; ``kommuner[]``; ``reference_figures[]``; ``scenarios[]``.
``hours_per_week`` / ``estimated_total_week`` / ``above_68h`` are the raw view (every duty
hour counted fully, comparable with the survey figures); the equivalent view is under
``equivalent``.
"""

from __future__ import annotations

from typing import Any

from legevakt_app.domain import DOCTOR_KIND_LABELS
from legevakt_app.reports.fairness import FairnessReport, fairness_dict, fairness_lines
from legevakt_app.reports.figures import (
    AML_AVERAGE_LIMIT,
    AML_AVERAGE_WEEKS,
    AML_SOURCE,
    AML_WEEK_LIMIT,
    REFERENCE_FIGURES,
    THRESHOLD_SOURCE,
)
from legevakt_app.reports.scenarios import (
    BAKVAKT_DISTRICT_HEADING,
    TOO_CLOSE_HEADING,
    ScenarioResult,
)
from legevakt_app.reports.threshold import ThresholdReport
from legevakt_app.reports.workload import DoctorLoad, WorkloadReport
from legevakt_app.wording import count, decimal, ratio_number, thousands


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _no(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else decimal(value, decimals)


def _ratio(value: float | None) -> str:
    return "–" if value is None else ratio_number(value)


def _date(d: Any) -> str:
    return d.strftime("%d.%m.%Y")


def factor_text(factor: float) -> str:
    """``0.142857`` → ``"1/7"``, ``1.0`` → ``"1"``; other factors as decimals."""
    if abs(factor - round(factor)) < 1e-9:
        return str(round(factor))
    if factor > 0 and abs(1 / factor - round(1 / factor)) < 1e-6 and round(1 / factor) > 1:
        return f"1/{round(1 / factor)}"
    return decimal(factor, 2)


# What the figures mean, in the same words in the report, the app and the workbook.
WEEK_DEFINITION = (
    "Timer per uke er gjennomsnitt over ukene legen var på jobb: periodens dager uten hele "
    "fraværsdager (ferie, kurs, permisjon) ÷ 7, slik 68 / 49 t er vanlige arbeidsuker."
)
PRACTICE_DEFINITION = (
    "Praksis = praksistimer arbeidet per uke: avtalte praksistimer ÷ 5 for hver hverdag legen "
    "var i praksis, ikke helligdager, fravær eller praksisdager tapt til vakt."
)
ROUNDING_NOTE = ("Hvert tall er avrundet for seg til én desimal, så de viste delene kan "
                 "summere til 0,1 mer eller mindre enn uken.")
TOTAL_DEFINITION = f"Uke = praksis + vakt- og bakvakttimer per uke. {ROUNDING_NOTE}"
RATIO_DEFINITION = (
    "1:N = dager legen kunne ha vakt (periodens dager uten hele dager med fravær eller uten "
    "vaktplikt) ÷ dager med vakt (uker for ukevakt); 4 = firedelt."
)
WEEKEND_RUN_DEFINITION = (
    "Helger på rad = lengste rekke helger på rad uten en fri helg: en helg er ikke fri når "
    "legen har vakt eller bakvakt en gang fra fredag 16 til mandag 08 («Helger med vakt» "
    "teller bare helger med vakt)."
)
# Belastning counts weekends and days; Rettferdighet per lege counts vakter: the headings say
# which, the same in the report, the app and the workbook/PDF (report_data.LOAD_COLUMNS)
NIGHTS_HEADING = "Nattevakter"
WEEKENDS_HEADING = "Helger med vakt"
HOLIDAYS_HEADING = "Helligdager med vakt"
HIGH_DAYS_HEADING = "Høytidsdager med vakt"
COUNTED_DEFINITION = (
    f"{NIGHTS_HEADING} = vakter over 00–06. «{WEEKENDS_HEADING}», «{HOLIDAYS_HEADING}» og "
    f"«{HIGH_DAYS_HEADING}» teller helger og dager, ikke vakter: to vakter i samme helg er én "
    "helg («Rettferdighet» teller vakter: «Vakter i helg» og «Høytidsvakter», som summen "
    "under hver leges vakter i Excel og PDF)."
)
AML_DEFINITION = (
    f"Aml.: høyeste snitt per uke over {AML_AVERAGE_WEEKS} uker på rad («{AML_AVERAGE_WEEKS} u») "
    "og høyeste sum over 7 dager på rad («1 u»), av praksis + vakttimer i "
    f"arbeidstidsekvivalent (grenser {AML_AVERAGE_LIMIT:g} og {AML_WEEK_LIMIT:g} t). Loven "
    "gjelder arbeidstakere (kommunalt ansatte, LIS1); for en selvstendig fastlege er grensene "
    "en sammenligning, ikke en regel."
)


def practice_note(doctors: list[DoctorLoad]) -> str:
    """« — merk: 49 t praksis alene er over 48 t (4 leger)»: said only when some doctor's
    agreed practice hours alone are over the 48 h limit, with their hours."""
    over = [d for d in doctors if d.practice_hours_per_week > AML_AVERAGE_LIMIT + 1e-9]
    if not over:
        return ""
    hours = "/".join(decimal(h, 1).removesuffix(",0")
                     for h in sorted({d.practice_hours_per_week for d in over}))
    return (f" — merk: {hours} t avtalt praksis alene er over {AML_AVERAGE_LIMIT:g} t "
            f"({count(len(over), 'lege', 'leger')})")


def spacing_text(value: int | None, unit: str) -> str:
    """``2 dager`` / ``2 uker`` (``–`` for none): a spacing in the unit it was measured in."""
    if value is None:
        return "–"
    return count(value, "uke", "uker") if unit == "uke" else count(value, "dag", "dager")


STATUS_TEXT = {
    "OPTIMAL": "løst (bevist best mulig innen 1 %)",
    "FEASIBLE": "løst (tidsgrensen nådd)",
    "INFEASIBLE": "umulig etter reglene",
    "MODEL_INVALID": "umulig etter reglene",
    "UNKNOWN": "ingen turnus innen tidsgrensen",
    "NO_ENGINE": "motoren mangler",
}


def status_text(status: str) -> str:
    """The engine's status name in Norwegian (other texts pass through)."""
    return STATUS_TEXT.get(status, status)


# arbeidsmiljøloven § 10-5 (1) as a flag, the same words in the report, the app and the PDF:
# the 7 days are any 7 in a row, not a calendar week
AML_AVERAGE_FLAG = f"over {AML_AVERAGE_LIMIT:g} t/{AML_AVERAGE_WEEKS} u (aml.)"
AML_WEEK_FLAG = f"over {AML_WEEK_LIMIT:g} t på 7 dager (aml.)"


def doctor_flags(d: DoctorLoad, window: int = 4) -> list[str]:
    """Short Norwegian flags for one doctor (empty when nothing to flag). A doctor with no
    vakt is flagged too where her week is over a limit: arbeidsmiljøloven's 48 t is of all
    her working time, practice included (DOMAIN: legevakt comes on top of the practice, and
    49 t is a fastlege's week without legevakt), so 49 t of practice alone is over it, as
    the workbook's colours and the PDF say; :func:`practice_note` says why."""
    flags: list[str] = []
    if d.above_68h:
        flags.append("over 68 t")
    if d.above_aml_average:
        flags.append(AML_AVERAGE_FLAG)
    if d.above_aml_week:
        flags.append(AML_WEEK_FLAG)
    if d.below(window):
        flags.append(f"tettere enn 1:{window}")
    elif d.below_with_bakvakt(window):
        flags.append(f"tettere enn 1:{window} med bakvakt")
    return flags


def doctor_dict(d: DoctorLoad) -> dict[str, Any]:
    return {
        "id": d.doctor_id,
        "name": d.name,
        "kind": d.kind,
        "kommune": d.kommune,
        "share": d.share,
        "competent": d.competent,
        "vakter": d.vakter,
        "bakvakter": d.bakvakter,
        "on_site_hours": _r(d.on_site_hours),
        "hjemmevakt_hours": _r(d.hjemmevakt_hours),
        "bakvakt_hours": _r(d.bakvakt_hours),
        "practice_hours_per_week": _r(d.practice_hours_per_week),
        "practice_days_worked": d.practice_days_worked,
        "practice_worked_per_week": _r(d.practice_worked_per_week),
        "weeks_at_work": _r(d.weeks_at_work),
        "available_days": d.available_days,
        "hours_per_week": _r(d.hours_per_week),
        "estimated_total_week": _r(d.estimated_total_week),
        "above_68h": d.above_68h,
        "above_48h": d.above_48h,
        "equivalent": {
            "hours_per_week": _r(d.equivalent_hours_per_week),
            "estimated_total_week": _r(d.estimated_total_week_equivalent),
            "above_68h": d.above_68h_equivalent,
            "above_48h": d.above_48h_equivalent,
        },
        "aml": {
            "worst_8_weeks_per_week": _r(d.aml_worst_8_weeks),
            "worst_week": _r(d.aml_worst_week),
            "above_48h_8_weeks": d.above_aml_average,
            "above_50h_week": d.above_aml_week,
        },
        "rotation_ratio": _r(d.rotation_ratio),
        "rotation_unit": "week" if d.rotation_unit == "uke" else "day",
        "rotation_ratio_days": _r(d.rotation_ratio_days),
        "rotation_ratio_weeks": _r(d.rotation_ratio_weeks),
        "rotation_ratio_with_bakvakt": _r(d.rotation_ratio_with_bakvakt),
        "duty_days": d.duty_days,
        "duty_days_with_bakvakt": d.duty_days_with_bakvakt,
        "tightest_spacing_days": d.tightest_spacing_days,
        "tight_spans": [
            {"start": s.start.isoformat(), "end": s.end.isoformat(), "duty_days": s.duty_days,
             "closest_gap_days": s.closest_gap_days,
             "unit": "week" if s.unit == "uke" else "day", "exception": s.exception or None}
            for s in d.tight_spans
        ],  # fmt: skip
        "nights": d.nights,
        "weekends": d.weekends,
        "holidays": d.holidays,
        "high_days": d.high_days,
        "practice_days_lost": d.practice_days_lost,
        "longest_weekends_without_free": d.longest_weekends_without_free,
    }


def scenario_dict(s: ScenarioResult) -> dict[str, Any]:
    return {
        "key": s.key,
        "name": s.name,
        "description": s.description,
        "status": s.status,
        "worst_week": _r(s.worst_week),
        "median_week": _r(s.median_week),
        "worst_ratio": _r(s.worst_ratio),
        "effective_n": _r(s.effective_n),
        "bakvakt_hours_per_week": _r(s.bakvakt_hours_per_week),
        "practice_days_lost": s.practice_days_lost,
        "doctors_above_68h": s.doctors_above_68,
        "doctors_in_rota": s.doctors_in_rota,
        "too_close": s.too_close,
        "note": s.note,
    }


def report_dict(
    threshold: ThresholdReport, scenarios: list[ScenarioResult] | None = None,
    fairness: FairnessReport | None = None,
) -> dict[str, Any]:
    load = threshold.workload
    need = threshold.need
    out: dict[str, Any] = {
        "district_name": load.district_name,
        "period": {"start": load.period_start.isoformat(), "end": load.period_end.isoformat(),
                   "days": load.period_days, "weeks": _r(load.weeks)},
        "hjemmevakt_factor": load.hjemmevakt_factor,
        "views": {
            "raw": "alle vakttimer regnet fullt (sammenlignbart med 68 / 49 / 55,6 t)",
            "equivalent": "hjemmevakt- og bakvakttimer × hjemmevakt_factor",
        },
        "definitions": {
            "per_week": WEEK_DEFINITION,
            "practice_worked_per_week": PRACTICE_DEFINITION,
            "estimated_total_week": TOTAL_DEFINITION,
            "rotation_ratio": RATIO_DEFINITION,
            "aml": AML_DEFINITION,
            "longest_weekends_without_free": WEEKEND_RUN_DEFINITION,
        },
        "doctors": [doctor_dict(d) for d in load.doctors],
        "district": {
            "doctors_in_rota": threshold.doctors_in_rota,
            "fastleger_in_rota": threshold.fastleger_in_rota,
            "four_or_fewer": threshold.four_or_fewer,
            "below_firedelt": threshold.below_firedelt,
            "in_target_group": threshold.in_target_group,
            "grant_eligible": threshold.grant_eligible,
            "effective_n": _r(threshold.effective_n),
            "worst_ratio": _r(threshold.worst_ratio),
            "worst_doctor": threshold.worst_doctor,
            "median_ratio": _r(load.district.median_ratio),
            "tightest_spacing_days": load.district.tightest_spacing_days,
            "doctors_below_firedelt": threshold.doctors_below,
            "doctors_below_firedelt_with_bakvakt": [
                {"name": name, "rotation_ratio_with_bakvakt": _r(ratio)}
                for name, ratio in threshold.below_with_bakvakt
            ],
            "doctors_needed_for_firedelt": threshold.doctors_needed_for_firedelt,
            "verdict": threshold.verdict(),
        },
        "kommuner": [
            {"name": k.name, "inhabitants": k.inhabitants, "centrality": k.centrality,
             "fastleger": k.fastleger, "fastleger_in_rota": k.fastleger_in_rota,
             "doctors_in_rota": k.doctors_in_rota, "worst_ratio": _r(k.worst_ratio),
             "four_or_fewer": k.four_or_fewer, "below_firedelt": k.below_firedelt,
             "grant_eligible": k.grant_eligible}
            for k in threshold.kommuner
        ],
        "reference_figures": [
            {"key": f.key, "hours": f.hours, "label": f.label, "source": f.source}
            for f in REFERENCE_FIGURES
        ],
        "notes": load.notes,
    }  # fmt: skip
    if need is not None:
        out["need"] = {
            "target": need.target,
            "lower_bound": need.lower_bound,
            "extra_doctors": need.extra_doctors,
            "exact": need.exact,
            "engine_checked": need.engine_checked,
            "attempts": [
                {"extra": a.extra, "status": a.status, "found": a.found} for a in need.attempts
            ],
            "vikar_nights": need.vikar_nights,
            "vikar_nights_per_month": _r(need.vikar_nights_per_month),
            "vikar_verified": need.vikar_verified,
            "day_demand": need.day_demand,
            "capacity": need.capacity,
            "text": need.text(),
        }
    if scenarios is not None:
        out["scenarios"] = [scenario_dict(s) for s in scenarios]
    if fairness is not None:
        out["fairness"] = fairness_dict(fairness)
    return out


def report_lines(
    threshold: ThresholdReport, scenarios: list[ScenarioResult] | None = None,
    fairness: FairnessReport | None = None, origin: str = "",
) -> list[str]:
    """The report as Norwegian text lines (what ``legevakt report`` prints). ``origin``: who
    made the rota and when, a sentence under the period (export.origin.origin_sentence)."""
    load: WorkloadReport = threshold.workload
    f = factor_text(load.hjemmevakt_factor)
    lines = [
        f"Belastning og firelegegrense: {load.district_name}",
        f"Periode: {_date(load.period_start)} – {_date(load.period_end)} "
        f"({load.period_days} dager, {_no(load.weeks)} uker)",
        *([origin] if origin else []),
        "",
        f"  {WEEK_DEFINITION}",
        "  Vakt (rå): alle vakt- og bakvakttimer regnet fullt, også hjemmevakt (sammenlignbart "
        "med 68 / 49 / 55,6 t).",
        f"  Ekv.: arbeidstidsekvivalent, hjemmevakt og bakvakt × {f}.",
        f"  {PRACTICE_DEFINITION}",
        f"  {TOTAL_DEFINITION}",
        f"  {RATIO_DEFINITION} m/bakv = også dager med bakvakt.",
        f"  {AML_DEFINITION}",
        f"  {COUNTED_DEFINITION}",
        f"  {WEEKEND_RUN_DEFINITION}",
        "",
    ]
    header = (
        f"{'Lege':<22} {'Type':<10} {'Praksis':>7} {'Vakt':>5} {'Ekv.':>5} {'Uke':>5} "
        f"{'Uke ekv':>7} {'1:N':>5} {'m/bakv':>6} {'Tettest':>7} "
        f"{f'Aml. {AML_AVERAGE_WEEKS} u':>8} {'Aml. 1 u':>8} {NIGHTS_HEADING:>11} "
        f"{WEEKENDS_HEADING:>15} {HOLIDAYS_HEADING:>20} {HIGH_DAYS_HEADING:>21} {'Bakv.':>5} "
        f"{'Tapt pr.':>8} {'Helger på rad':>13}  Merknad"
    )
    lines.append(header)
    lines.append("-" * len(header))
    for d in sorted(load.doctors, key=lambda x: -x.estimated_total_week):
        kind = DOCTOR_KIND_LABELS.get(d.kind, d.kind)
        ratio = _ratio(d.rotation_ratio) + ("u" if d.rotation_unit == "uke" else "")
        unit = "u" if d.rotation_unit == "uke" else "d"
        spacing = (
            f"{d.tightest_spacing_days} {unit}" if d.tightest_spacing_days is not None else "–"
        )
        lines.append(
            f"{d.name[:22]:<22} {kind[:10]:<10} {_no(d.practice_worked_per_week):>7} "
            f"{_no(d.hours_per_week):>5} "
            f"{_no(d.equivalent_hours_per_week):>5} {_no(d.shown_total_week):>5} "
            f"{_no(d.shown_total_week_equivalent):>7} {ratio:>5} "
            f"{_ratio(d.rotation_ratio_with_bakvakt):>6} {spacing:>7} "
            f"{_no(d.aml_worst_8_weeks):>8} {_no(d.aml_worst_week):>8} "
            f"{d.nights:>11} {d.weekends:>15} {d.holidays:>20} {d.high_days:>21} {d.bakvakter:>5} "
            f"{d.practice_days_lost:>8} {d.longest_weekends_without_free:>13}  "
            + ", ".join(doctor_flags(d, load.window_days))
        )
    lines += ["", "Referansetall (timer per uke):"]
    for fig in REFERENCE_FIGURES:
        lines.append(f"  {_no(fig.hours):>5} t  {fig.label} — {fig.source}")
    lines.append(f"  {_no(AML_AVERAGE_LIMIT):>5} t  {AML_SOURCE}")
    # every doctor of the table, as its Merknad (doctor_flags), the app and the exports
    above_68 = [d.name for d in load.doctors if d.above_68h]
    above_48 = [d.name for d in load.doctors if d.above_aml_average]
    above_50 = [d.name for d in load.doctors if d.above_aml_week]
    lines.append(
        f"Over 68 t (rå): {len(above_68)}"
        + (f" ({', '.join(above_68)})" if above_68 else "")
    )
    lines.append(
        f"Over {AML_AVERAGE_LIMIT:g} t i snitt over {AML_AVERAGE_WEEKS} uker på rad (ekv., "
        f"arbeidsmiljøloven): {len(above_48)}"
        + (f" ({', '.join(above_48)})" if above_48 else "")
        + practice_note(load.doctors)
    )
    lines.append(
        f"Over {AML_WEEK_LIMIT:g} t i en enkelt uke (7 dager på rad, ekv.): {len(above_50)}"
        + (f" ({', '.join(above_50)})" if above_50 else "")
    )
    dist = load.district
    week_long = any(d.rotation_unit == "uke" for d in load.in_rota)
    lines += [
        "",
        f"Effektivt N (andelsvektet): 1:{_no(dist.effective_n)}; {threshold.tightest_text()}; "
        f"median 1:{_ratio(dist.median_ratio)}; korteste avstand mellom "
        + ("vakter: " if week_long else "vaktdager: ")
        + spacing_text(dist.tightest_spacing_days, "uke" if week_long else "dag"),
    ]
    tight = [d for d in load.doctors if d.tight_spans]
    if tight:
        lines.append(f"Tettere enn 1:{load.window_days} (perioder):")
        for d in tight:
            spans = ", ".join(
                f"{s.start:%d.%m}–{s.end:%d.%m} ({s.duty_days} vakter"
                + (f"; unntak {s.exception}" if s.exception else "") + ")" for s in d.tight_spans[:4]
            )
            more = f" og {len(d.tight_spans) - 4} til" if len(d.tight_spans) > 4 else ""
            lines.append(f"  {d.name}: {spans}{more}")
    if fairness is not None:
        lines += ["", *fairness_lines(fairness)]
    lines += [
        "",
        "Firelegegrensen",
        f"  {threshold.verdict()}",
        f"  Kilde: {THRESHOLD_SOURCE}.",
        f"  Leger i turnusen: {threshold.doctors_in_rota}, herav fastleger: "
        f"{threshold.fastleger_in_rota}",
        f"  Fire eller færre fastleger: {'ja' if threshold.four_or_fewer else 'nei'}",
        f"  Mindre enn firedelt vakt: {'ja' if threshold.below_firedelt else 'nei'}"
        + (f" ({count(threshold.doctors_below, 'lege', 'leger')} med vanlig vaktandel under 1:4 i snitt)"
           if threshold.doctors_below else "")
        + (f"; med bakvakt: {', '.join(f'{name} 1:{_ratio(r)}' for name, r in threshold.below_with_bakvakt)}"
           if threshold.below_with_bakvakt else ""),
        # the grant is the kommune's, not the district's: say which kommuner, as the app does
        "  Legevakttilskudd (kommuner med < 5 000 innbyggere og sentralitetsklasse 6): "
        + threshold.grant_text(),
    ]
    for k in threshold.kommuner:
        lines.append(
            f"    {k.name}: {thousands(k.inhabitants)} innb."
            + f", sentralitetsklasse {k.centrality}; "
            + f"{k.fastleger_in_rota} av {count(k.fastleger, 'fastlege', 'fastleger')} i turnusen"
            + (f", tettest 1:{_ratio(k.worst_ratio)}" if k.worst_ratio else "")
            # the kommune's own count: the threshold itself is the district's (line above)
            + f"; egne fastleger ≤ 4: {'ja' if k.four_or_fewer else 'nei'}"
            + f"; mindre enn firedelt: {'ja' if k.below_firedelt else 'nei'}"
            + f"; tilskudd: {'ja' if k.grant_eligible else 'nei'}"
        )
    if threshold.need is not None:
        lines.append(f"  {threshold.need.text()}")
    for note in load.notes:
        lines.append(f"  Merk: {note}")
    if scenarios:
        lines += ["", "Scenarier (uke = estimert total arbeidsuke, rå):"]
        head = (
            f"  {'Scenario':<18} {'Verste uke':>10} {'Median':>7} {'Verste 1:N':>10} "
            f"{'Eff. N':>6} {BAKVAKT_DISTRICT_HEADING:>27} {'Tapte pr.d.':>11} {'Over 68 t':>9} "
            f"{TOO_CLOSE_HEADING:>15}  Status"
        )
        lines.append(head)
        for s in scenarios:
            lines.append(
                f"  {s.name[:18]:<18} {_no(s.worst_week):>10} {_no(s.median_week):>7} "
                f"{_ratio(s.worst_ratio):>10} {_ratio(s.effective_n):>6} "
                f"{_no(s.bakvakt_hours_per_week):>27} "
                f"{'–' if s.practice_days_lost is None else s.practice_days_lost:>11} "
                f"{'–' if s.doctors_above_68 is None else s.doctors_above_68:>9} "
                f"{'–' if s.too_close is None else s.too_close:>15}  "
                f"{status_text(s.status)}{': ' + s.note if s.note else ''}"
            )
        lines.append("  Hva scenariene forutsetter (én endring hver, ellers som nåværende):")
        for s in scenarios[1:] if scenarios[0].key == "current" else scenarios:
            lines.append(f"    {s.name}: {s.description}")
    return lines
