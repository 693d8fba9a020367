"""The figures of the *Belastning* and *Terskel* reports as the exports print them, with
neither openpyxl nor Qt: the workbook's sheets (:mod:`legevakt_app.export.report_sheets`)
and the PDF (:mod:`legevakt_app.ui.pdf_export`) both take their rows, column titles, number
formats, flags and explanations from here, so the two show the same numbers.

The figures themselves come from the reports package (one calculation for the app, the
command line and the exports); this module only picks, rounds and names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from legevakt_app.export.layout import RotaLayout
from legevakt_app.reports.figures import (
    AML_AVERAGE_LIMIT,
    AML_AVERAGE_WEEKS,
    AML_SOURCE,
    AML_WEEK_LIMIT,
    THRESHOLD_SOURCE,
)
from legevakt_app.reports.figures import (
    REFERENCE_FIGURES as SOURCED_FIGURES,
)
from legevakt_app.reports.output import (
    AML_AVERAGE_FLAG,
    AML_DEFINITION,
    AML_WEEK_FLAG,
    COUNTED_DEFINITION,
    HIGH_DAYS_HEADING,
    HOLIDAYS_HEADING,
    NIGHTS_HEADING,
    PRACTICE_DEFINITION,
    RATIO_DEFINITION,
    ROUNDING_NOTE,
    WEEK_DEFINITION,
    WEEKEND_RUN_DEFINITION,
    WEEKENDS_HEADING,
)
from legevakt_app.reports.scenarios import (
    BAKVAKT_DISTRICT_HEADING,
    TOO_CLOSE_HEADING,
    TOO_CLOSE_TIP,
)
from legevakt_app.reports.workload import is_week_long, shown_hours
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import count, ratio_value, thousands

if TYPE_CHECKING:
    from legevakt_app.reports.fairness import FairnessReport
    from legevakt_app.reports.scenarios import ScenarioComparison, ScenarioResult
    from legevakt_app.reports.threshold import NeedEstimate

HOURS_FORMAT = "0.0"

# The figures of DOMAIN.md (hours per week) with their sources, as ``legevakt report`` names
# them (reports.figures, the one definition): «Fastleger med legevakt, total arbeidstid —
# Ekspertgruppen om legevakt 2021 (Tidsbruksundersøkelsen 2018)» | 68.0
REFERENCE_FIGURES: tuple[tuple[str, float], ...] = tuple(
    (f"{f.label} — {f.source}", f.hours) for f in SOURCED_FIGURES)
LIMIT_HOURS = 68.0
FIREDELT = 4.0

LOAD_TITLE = "Belastning per lege"
REFERENCE_TITLE = "Referansetall (timer per uke)"
THRESHOLD_TITLE = "Firelegegrensen"
THRESHOLD_SUBTITLE = f"Målgruppe: {THRESHOLD_SOURCE}."
THRESHOLD_FLOAT_FORMAT = "0.00"  # 1:N and effektivt N, as the sheet shows them


@dataclass(frozen=True)
class LoadRow:
    """One doctor's workload, hours per week (at work) unless said otherwise."""

    name: str
    kind: str
    kommune: str
    vakter: int
    bakvakter: int
    duty_hours: float  # the whole period, raw hours (hjemmevakt in full)
    weeks_at_work: float  # the period's weeks less whole days away
    duty_per_week: float
    equivalent_per_week: float  # hjemmevakt hours × hjemmevakt_factor
    practice_per_week: float  # as agreed, a full week
    practice_days_worked: int
    practice_days_lost: int  # to vakt, as the engine counts them
    practice_worked_per_week: float
    total_per_week: float  # practice worked + raw duty, comparable with 68 / 49 / 55.6
    rotation_ratio: float | None  # N in "N-delt": available days per duty day; None: no duty
    tightest_spacing: int | None  # days (weeks for ukevakt) between the closest two vakter
    aml_worst_8_weeks: float  # equivalent view
    aml_worst_week: float
    nights: int = 0  # vakter over 00–06
    weekends: int = 0  # weekends with a vakt
    holidays: int = 0  # days with a vakt on a public holiday (or 24/31 Dec)
    high_days: int = 0  # days with a vakt in a høytid
    weekends_in_a_row: int = 0  # the longest run of weekends with vakt or bakvakt


def load_rows(source: RotaSource, layout: RotaLayout) -> list[LoadRow]:
    """The sheet's rows, taken from the reports package (one calculation for app and sheet).

    The week is the report's :attr:`~legevakt_app.reports.workload.DoctorLoad.shown_total_week`,
    rounded from its own value as the report, the app and the scenario comparison show it;
    its parts are rounded from theirs (:func:`load_values`), so they may add up to 0,1 more
    or less than it."""
    from legevakt_app.domain import DOCTOR_KIND_LABELS
    from legevakt_app.reports.workload import workload_report

    report = workload_report(source)
    by_id = {d.doctor_id: d for d in report.doctors}
    rows: list[LoadRow] = []
    for doctor_id in layout.doctor_ids:
        d = by_id[doctor_id]
        rows.append(
            LoadRow(
                name=layout.doctor_names.get(doctor_id, d.name),
                kind=DOCTOR_KIND_LABELS.get(d.kind, d.kind),
                kommune=d.kommune,
                vakter=d.vakter,
                bakvakter=d.bakvakter,
                duty_hours=d.duty_hours,
                weeks_at_work=d.weeks_at_work,
                duty_per_week=d.hours_per_week,
                equivalent_per_week=d.equivalent_hours_per_week,
                practice_per_week=d.practice_hours_per_week,
                practice_days_worked=d.practice_days_worked,
                practice_days_lost=d.practice_days_lost,
                practice_worked_per_week=d.practice_worked_per_week,
                total_per_week=d.shown_total_week,
                rotation_ratio=None if d.rotation_ratio is None else ratio_value(d.rotation_ratio),
                tightest_spacing=d.tightest_spacing_days,
                aml_worst_8_weeks=d.aml_worst_8_weeks,
                aml_worst_week=d.aml_worst_week,
                nights=d.nights,
                weekends=d.weekends,
                holidays=d.holidays,
                high_days=d.high_days,
                weekends_in_a_row=d.longest_weekends_without_free,
            )
        )
    return rows


LOAD_COLUMNS: tuple[tuple[str, str | None, float], ...] = (
    ("Lege", None, 22),
    ("Type", None, 14),
    ("Kommune", None, 14),
    ("Vakter", "0", 8),
    ("Bakvakter", "0", 10),
    ("Vakt- og bakvakttimer i perioden", HOURS_FORMAT, 13),
    ("Uker på jobb", HOURS_FORMAT, 8),
    ("Vakt- og bakvakttimer per uke", HOURS_FORMAT, 13),
    ("Arbeidstidsekvivalent per uke", HOURS_FORMAT, 13),
    ("Praksistimer per uke (avtalt)", HOURS_FORMAT, 10),
    ("Praksisdager arbeidet", "0", 10),
    ("Praksisdager tapt til vakt", "0", 10),
    ("Praksistimer arbeidet per uke", HOURS_FORMAT, 10),
    ("Total arbeidstid per uke", HOURS_FORMAT, 11),
    ("N-delt (1:N)", "0.00", 9),
    ("Tettest avstand", "0", 9),
    (f"Aml.: verste snitt {AML_AVERAGE_WEEKS} uker (ekv.)", HOURS_FORMAT, 12),
    ("Aml.: verste 7 dager (ekv.)", HOURS_FORMAT, 12),
    (NIGHTS_HEADING, "0", 9),  # as the report counts them: vakter over 00–06, then days
    (WEEKENDS_HEADING, "0", 9),
    (HOLIDAYS_HEADING, "0", 11),
    (HIGH_DAYS_HEADING, "0", 11),
    ("Helger på rad", "0", 9),  # as the report: the longest run without a free weekend
)


def threshold_rows(source: RotaSource, layout: RotaLayout) -> list[tuple[str, Any]]:
    """The verdict and its numbers, from the reports package's threshold report."""
    from legevakt_app.reports.threshold import doctors_needed, threshold_report

    need = source.doctors_needed
    if need is None or need.target != FIREDELT:
        need = doctors_needed(source, int(FIREDELT), solve_fn=None)
    t = threshold_report(source, need=need)

    def ratio(value: float | None) -> float | None:
        return ratio_value(value) if value is not None else None

    out: list[tuple[str, Any]] = [
        ("Vurdering", t.verdict()),
        ("Leger i turnusen", t.doctors_in_rota),
        ("Fastleger i turnusen", t.fastleger_in_rota),
        ("Fire eller færre fastleger", "ja" if t.four_or_fewer else "nei"),
        ("Mindre enn firedelt vakt", "ja" if t.below_firedelt else "nei"),
        ("Effektivt N (andelsvektet)", ratio(t.effective_n)),
        ("Tettest i snitt, vanlig vaktandel (1:N)", ratio(t.worst_ordinary_ratio)),
        ("Tettest i snitt, vanlig vaktandel: lege", t.worst_ordinary_doctor or "–"),
    ]
    if t.volunteer_tighter:
        out.append(("Tettest i snitt, frivillig ekstra andel (1:N)", ratio(t.worst_ratio)))
        out.append(("Tettest i snitt, frivillig ekstra andel: lege", t.worst_doctor))
    out += [
        ("Leger med vanlig vaktandel under 1:4 i snitt", t.doctors_below),
        ("Leger med perioder tettere enn 1:4", len(t.ordinary_with_tight_spans)),
        ("Leger som trengs for firedelt vakt (1:4)", need_text(need)),
        ("Kan søke legevakttilskudd (kommuner med < 5 000 innbyggere, sentralitetsklasse 6)",
         t.grant_text()),
    ]
    for k in t.kommuner:
        out.append(
            (
                f"Kommune {k.name}",
                f"{thousands(k.inhabitants)} innbyggere, sentralitetsklasse {k.centrality}, "
                f"{count(k.fastleger_in_rota, 'fastlege', 'fastleger')} i turnusen"
                + ("; kan søke legevakttilskudd" if k.grant_eligible else ""),
            )
        )
    return out


NEED_ADVICE = ("Regn ut med motoren: «Regn ut» under Terskel i appen, eller "
               "legevakt export --need.")


def need_text(need: NeedEstimate) -> str:
    """How many more doctors 1:4 takes, as the report says it; a count of duty days alone
    (the engine not asked) says how to get the engine's answer."""
    if need.engine_checked or need.extra_doctors is not None:
        return need.text()
    return f"{need.text(ask_engine=False)} {NEED_ADVICE}"


TOTAL_INDEX = 13  # LOAD_COLUMNS' «Total arbeidstid per uke» (0-based)
RATIO_INDEX = 14
SPACING_INDEX = 15
AML_INDEXES = (16, 17)


# The hours per week (and the aml. figures, also per week) the report and the app show too:
# stored as shown, so the sheet shows the same (a stored 94.45 would show 94,5 beside the
# report's 94,4 of 94.449). The period's hours and the weeks at work keep two decimals, to
# count with (hours ÷ weeks is the duty per week).
AS_SHOWN_INDEXES = frozenset(
    i for i, (title, fmt, _w) in enumerate(LOAD_COLUMNS)
    if fmt == HOURS_FORMAT and ("per uke" in title or title.startswith("Aml.")))


def load_values(row: LoadRow) -> tuple[Any, ...]:
    """The row as the sheet's cells, in LOAD_COLUMNS' order: the hours per week rounded
    once to the one decimal their number format shows
    (:func:`~legevakt_app.reports.workload.shown_hours`, :data:`AS_SHOWN_INDEXES`), other
    floats to two decimals (their number format may show fewer)."""
    values = (
        row.name, row.kind, row.kommune, row.vakter, row.bakvakter, row.duty_hours,
        row.weeks_at_work, row.duty_per_week, row.equivalent_per_week, row.practice_per_week,
        row.practice_days_worked, row.practice_days_lost, row.practice_worked_per_week,
        row.total_per_week, row.rotation_ratio, row.tightest_spacing, row.aml_worst_8_weeks,
        row.aml_worst_week, row.nights, row.weekends, row.holidays, row.high_days,
        row.weekends_in_a_row,
    )  # fmt: skip
    return tuple((shown_hours(v) if i in AS_SHOWN_INDEXES else round(v, 2))
                 if isinstance(v, float) else v for i, v in enumerate(values))


@dataclass(frozen=True)
class LoadFlags:
    """What the workbook colours in a row (its conditional formatting), judged on the
    stored cell values: the same rules, so the PDF marks the same cells."""

    over_limit: bool  # total arbeidstid per uke over 68 t (red)
    below_firedelt: bool  # 1:N under 4 and two vakter closer than 4 days/weeks (yellow)
    aml_average: bool  # worst 8-week average over 48 t (orange)
    aml_week: bool  # worst 7 days over 50 t (orange)


def load_flags(values: tuple[Any, ...]) -> LoadFlags:
    """The flags of one row of :func:`load_values`. Mirrors the formulas of
    ``report_sheets.write_load`` (mindre enn firedelt as the report judges it: below 1:4 on
    average, and two vakter somewhere closer than 4 days or weeks)."""
    ratio, spacing = values[RATIO_INDEX], values[SPACING_INDEX]
    aml_8, aml_7 = (values[i] for i in AML_INDEXES)
    return LoadFlags(
        over_limit=values[TOTAL_INDEX] > LIMIT_HOURS,
        below_firedelt=ratio is not None and spacing is not None
        and ratio < FIREDELT and spacing < FIREDELT,
        aml_average=aml_8 > AML_AVERAGE_LIMIT,
        aml_week=aml_7 > AML_WEEK_LIMIT,
    )


def flag_words(flags: LoadFlags) -> list[str]:
    """The flags in words (for paper, where a colour may print grey)."""
    words = []
    if flags.over_limit:
        words.append(f"over {LIMIT_HOURS:g} t")
    if flags.below_firedelt:
        words.append("mindre enn firedelt")
    if flags.aml_average:
        words.append(AML_AVERAGE_FLAG)
    if flags.aml_week:
        words.append(AML_WEEK_FLAG)
    return words


def week_long_rota(source: RotaSource) -> bool:
    """Whether the rota has ukevakt: then 1:N and the spacing are counted in weeks."""
    return any(is_week_long(s) for s in source.problem.shifts)


def load_subtitle(layout: RotaLayout) -> str:
    note = breaks_note(layout)
    return (
        f"{layout.district_name}, {layout.period_text}. "
        + (f"{layout.origin} " if layout.origin else "")
        + "Total arbeidstid per uke = praksistimer "
        "arbeidet per uke + vakt- og bakvakttimer per uke (hjemmevakt regnet fullt), "
        "sammenlignbar med 68 / 49 / 55,6 t; alle per uke legen var på jobb. "
        f"{ROUNDING_NOTE}"
        + (f" {note}" if note else "")
    )


def breaks_listed(breaks: tuple[str, ...], first: int) -> str:
    """The first ``first`` of the rota's hard-rule breaks, and how many more."""
    more = f"; og {len(breaks) - first} til" if len(breaks) > first else ""
    return "; ".join(breaks[:first]) + more


BREAKS_IN_NOTE = 3  # breaks named in the PDF's note; «legevakt check» and Kontroll list all


def breaks_note(layout: RotaLayout) -> str | None:
    """«Merk: turnusen bryter harde regler …», for a document that has no «Om turnusen»
    (the PDF); None when the rota keeps every hard rule."""
    breaks = layout.rule_breaks
    if not breaks:
        return None
    return (f"Merk: turnusen bryter {count(len(breaks), 'hard regel', 'harde regler')} "
            f"({breaks_listed(breaks, BREAKS_IN_NOTE)}). Tallene gjelder turnusen slik den er.")


def load_legend(week_long: bool) -> tuple[str, ...]:
    """The lines under the table: what the colours mean, then how each figure is counted."""
    every = "hver 4. uke" if week_long else "hver 4. dag"
    return (
        f"Rødt: total arbeidstid over {LIMIT_HOURS:g} t per uke. Gult: vakt oftere enn {every} "
        f"i snitt, med vakter tettere enn det (mindre enn firedelt). Oransje: over "
        f"{AML_AVERAGE_LIMIT:g} t i snitt over {AML_AVERAGE_WEEKS} uker på rad eller over "
        f"{AML_WEEK_LIMIT:g} t på 7 dager ({AML_SOURCE}).",
        WEEK_DEFINITION,
        PRACTICE_DEFINITION.replace("Praksis = praksistimer", "Praksistimer"),
        RATIO_DEFINITION + f" Tettest avstand: {'uker' if week_long else 'dager'} mellom "
        "de to nærmeste vaktene.",
        AML_DEFINITION,
        COUNTED_DEFINITION,
        WEEKEND_RUN_DEFINITION,
    )


def _hundredfold(value: float) -> float:
    """``value`` × 100 on its decimal digits, as a percent format shows it (0.145 → 14.5,
    where ``0.145 * 100`` is 14.499999999999998)."""
    return float(Decimal(repr(value)).scaleb(2))


def cell_text(value: Any, number_format: str | None = None) -> str:
    """A value as the workbook shows it under ``number_format`` («0», «0.0», «0.00», a
    percent «0 %»), with a decimal comma: rounded half away from zero on the decimal value,
    as a spreadsheet does (Python's own formatting rounds 0.25 to «0.2»). ``–`` for no
    value."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if number_format and ";" in number_format:  # «+0.0;-0.0;0»: a sign, and a zero of its own
        positive, negative, zero = number_format.split(";")
        percent = "%" in positive
        shown = _hundredfold(value) if percent else value
        part = positive if shown > 0 else negative if shown < 0 else zero
        core = part.strip("+- %")
        return part.replace(core, cell_text(abs(shown), core), 1)
    if number_format and "%" in number_format:  # «0 %»: the value × 100, then « %»
        core = number_format.replace("%", "").strip()
        return number_format.replace(core, cell_text(_hundredfold(value), core), 1)
    digits = len(number_format.partition(".")[2]) if number_format else (
        0 if isinstance(value, int) else 2)
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if exact.is_zero():
        exact = abs(exact)  # never a negative zero: -0.04 is «0,0», as the report says it
    return f"{exact:f}".replace(".", ",")


# --- Rettferdighet per lege ---------------------------------------------------------------
# The figures of legevakt_app.reports.fairness (``legevakt report``'s «Rettferdighet per
# lege»), as the workbook's «Rettferdighet» sheet and the PDF show them: counts as numbers,
# each fair band as text beside its count.

FAIRNESS_TITLE = "Rettferdighet per lege"
FAIRNESS_SHEET_SUBTITLE = "slik motoren måler den"
PERCENT_FORMAT = "+0.0 %;-0.0 %;0.0 %"  # how far above the bound, «+1,9 %»
CARRIED_FORMAT = "+0.0;-0.0;0"  # the carried vaktregnskap, «+16,0», «0»
SHARE_FORMAT = "0 %"  # the vaktandel, «50 %», as the Leger table shows it (share_text)
FAIR_SHARE_FORMAT = "0.000"  # the engine's thousandths
OUTSIDE_MARK = " !"  # after a band the count lies outside, as in the report

FAIRNESS_COLUMNS: tuple[tuple[str, str | None, float], ...] = (
    ("Lege", None, 22),
    ("Vaktandel", SHARE_FORMAT, 10),
    ("Rettferdig andel", FAIR_SHARE_FORMAT, 10),
    ("Vaktregnskap inn", CARRIED_FORMAT, 12),
    ("Belastning (vektede timer)", HOURS_FORMAT, 12),
    ("Belastning per andel", HOURS_FORMAT, 11),
    ("Over grensen", PERCENT_FORMAT, 10),
    ("Netter", "0", 8),
    ("Netter, rettferdig", None, 10),
    ("Vakter i helg", "0", 8),
    ("Vakter i helg, rettferdig", None, 10),
    ("Høytidsvakter", "0", 9),
    ("Høytidsvakter, rettferdig", None, 11),
    ("Høytid nå", None, 16),
    ("Høytid forrige gang", None, 16),
)
FAIRNESS_SHARE_INDEX = 1  # «Vaktandel»: its format is the cell's (share_format)
FAIRNESS_COUNT_INDEXES = {"nights": (7, 8), "weekends": (9, 10), "high_days": (11, 12)}
FAIRNESS_TEXT_COLUMNS = {0, 13, 14}  # left-aligned, may wrap


def share_format(value: float) -> str:
    """The number format that shows the vaktandel ``value`` (a fraction: 0.5) as the Leger
    table does (:func:`legevakt_app.wording.share_text`): «50 %», «150 %», and a share
    between whole percents with the decimals it has, up to four: «12,5 %». The cell keeps
    the fraction, so the sheet can still count with it."""
    percent = round(value * 100, 4)
    digits = next(n for n in range(5) if round(percent, n) == percent)
    return SHARE_FORMAT.replace("0", "0." + "0" * digits, 1) if digits else SHARE_FORMAT


def fairness_formats(values: tuple[Any, ...]) -> tuple[str | None, ...]:
    """The number format of each cell of a :class:`FairnessRow`: its column's, but the
    vaktandel's its own (:func:`share_format`)."""
    return tuple(share_format(v) if i == FAIRNESS_SHARE_INDEX and isinstance(v, int | float)
                 else fmt for i, (v, (_t, fmt, _w)) in enumerate(zip(values, FAIRNESS_COLUMNS,
                                                                       strict=True)))


@dataclass(frozen=True)
class FairnessRow:
    """One doctor's row: the cells in FAIRNESS_COLUMNS' order, and which of them (0-based)
    hold a count outside its fair band (marked red, and «!» after the band)."""

    doctor_id: str
    values: tuple[Any, ...]
    outside: frozenset[int]


def fairness_table(source: RotaSource, layout: RotaLayout
                   ) -> tuple[FairnessReport, list[FairnessRow]]:
    """The report and its rows, most loaded per share first (as ``legevakt report``).
    Numbers are the report's own, unrounded: the number formats round them for show."""
    from legevakt_app.reports.fairness import (
        band_range_text,
        by_load_per_share,
        fairness_report,
        high_days_text,
    )

    report = fairness_report(source)
    rows = []
    for d in by_load_per_share(report):
        above = d.above_bound
        if above is not None and abs(above) < 0.0005:
            above = 0.0  # shown «0,0 %», not «+0,0 %» or «-0,0 %» (as the report)
        # «0», not «-0,0» (the sign's own section of the number format), as the report says it
        carried = 0.0 if round(d.carried, 1) == 0 else d.carried
        values: list[Any] = [
            layout.doctor_names.get(d.doctor_id, d.name), d.share, d.fair_share, carried,
            d.load, d.load_per_share, above,
        ]
        outside = set()
        for attr, (count_index, band_index) in FAIRNESS_COUNT_INDEXES.items():
            band = d.bands[attr]
            values += [band.count, band_range_text(band) + (OUTSIDE_MARK if band.outside else "")]
            if band.outside:
                outside |= {count_index, band_index}
        values += [high_days_text(d.high_days_now), high_days_text(d.had_high_days)]
        rows.append(FairnessRow(d.doctor_id, tuple(values), frozenset(outside)))
    return report, rows


def fairness_subtitle(layout: RotaLayout) -> str:
    return (f"{layout.district_name}, {layout.period_text}. Slik motoren måler rettferdighet: "
            "belastning per rettferdig andel, og netter, vakter i helg og høytidsvakter mot det "
            "rettferdige antallet; mest belastet per andel først.")


def fairness_notes(report: FairnessReport) -> tuple[str, ...]:
    """The lines under the table: the worst-off doctor, who is outside a fair band, whose
    counts are «ikke målt» and why, whose wishes the rota leaves unmet, then the definitions
    (the report's own sentences, naming no fritak: the file is shared)."""
    from legevakt_app.reports.fairness import (
        carried_counts_text,
        definitions,
        not_compared_text,
        outside_text,
        worst_text,
    )
    from legevakt_app.reports.wishes import unmet_lines

    worst = worst_text(report)
    left_out = not_compared_text(report, shared=True)
    carried = carried_counts_text(report)
    return (*([worst] if worst else []), outside_text(report), *([carried] if carried else []),
            *([left_out] if left_out else []),
            *(line.strip() for line in unmet_lines(report.unmet_wishes)),
            "Rødt: antallet ligger utenfor det rettferdige («!»).", *definitions(report, shared=True))


# --- Scenarier ----------------------------------------------------------------------------
# The what-if comparison (legevakt_app.reports.scenarios, ``legevakt report --scenarios``, the
# app's Terskel → «Kjør scenarier») as the workbook's «Scenarier» sheet and the PDF print it:
# one row per scenario, «Nåværende» first, the figures as numbers, how they were made under it.

SCENARIO_TITLE = "Scenarier"
SCENARIO_COLUMNS: tuple[tuple[str, str | None, float], ...] = (
    ("Scenario", None, 18),
    ("Endring", None, 44),
    ("Verste arbeidsuke (t/uke)", HOURS_FORMAT, 11),
    ("Median arbeidsuke (t/uke)", HOURS_FORMAT, 11),
    ("Verste 1:N (tettest lege)", THRESHOLD_FLOAT_FORMAT, 10),
    ("Effektivt N (andelsvektet)", THRESHOLD_FLOAT_FORMAT, 11),
    (BAKVAKT_DISTRICT_HEADING, HOURS_FORMAT, 11),
    ("Tapte praksisdager (alle leger, perioden)", "0", 11),
    ("Leger over 68 t/uke", "0", 9),
    ("Leger i turnusen", "0", 9),
    (f"{TOO_CLOSE_HEADING} (myke avstandsregler, alle leger)", "0", 11),
    ("Status", None, 20),
    ("Merknad", None, 44),
)
SCENARIO_TEXT_COLUMNS = frozenset({0, 1, 11, 12})  # left-aligned, may wrap


def scenario_values(row: ScenarioResult) -> tuple[Any, ...]:
    """One scenario as the table's cells, in SCENARIO_COLUMNS' order: hours rounded once to
    the one decimal shown, as the Belastning sheet stores them (the worst week is the
    Belastning sheet's «Total arbeidstid per uke» of the busiest doctor, the same number), 1:N
    to two decimals and never rounded up to the firedelt line, the engine's status in words;
    None where there is no figure."""
    from legevakt_app.reports.output import status_text

    def hours(value: float | None) -> float | None:  # as the Belastning sheet's hours
        return None if value is None else shown_hours(value)

    def ratio(value: float | None) -> float | None:
        return None if value is None else ratio_value(value)

    return (row.name, row.description, hours(row.worst_week), hours(row.median_week),
            ratio(row.worst_ratio), ratio(row.effective_n), hours(row.bakvakt_hours_per_week),
            row.practice_days_lost, row.doctors_above_68, row.doctors_in_rota, row.too_close,
            status_text(row.status), row.note or None)  # fmt: skip


def scenario_subtitle(layout: RotaLayout) -> str:
    note = breaks_note(layout)  # «Nåværende» is this rota, the scenarios keep every rule
    return (f"{layout.district_name}, {layout.period_text}. «Hva om»: hvert scenario er "
            "distriktet med én endring (kolonnen «Endring»), ellers som nåværende, løst og målt "
            "på samme måte som «Nåværende», turnusen i dette dokumentet."
            + (f" {note}" if note else ""))


def scenario_notes(comparison: ScenarioComparison) -> tuple[str, ...]:
    """The lines under the table: how the figures were made, then what each one means."""
    from legevakt_app.reports.output import STATUS_TEXT
    from legevakt_app.reports.scenarios import BAKVAKT_DISTRICT_TIP
    from legevakt_app.wording import number

    return (
        f"Slik er tallene laget: hvert scenario er løst med turnusmotoren på inntil "
        f"{number(comparison.seconds)} s, i deterministisk modus med fast frø, så samme prosjekt "
        f"gir samme tall hver gang. En turnus som ikke er bevist best (status "
        f"«{STATUS_TEXT['FEASIBLE']}»), kan gi noe andre tall med en annen tidsgrense eller på "
        "en travel maskin; merknaden sier det.",
        "Verste og median arbeidsuke: estimert total arbeidstid per uke (praksistimer arbeidet "
        "+ vakt- og bakvakttimer, hjemmevakt regnet fullt) for den mest belastede legen og for "
        "legen i midten, sammenlignbar med 68 / 49 / 55,6 t. " + WEEK_DEFINITION,
        RATIO_DEFINITION + " Verste 1:N: legen med tettest vakt i snitt. Effektivt N: "
        "distriktets N, der hver lege teller med sin vaktandel.",
        f"{BAKVAKT_DISTRICT_HEADING}: {BAKVAKT_DISTRICT_TIP}",
        "Tapte praksisdager: hverdager i praksis alle legene i turnusen til sammen mister til "
        "vakt i perioden (for kort hvile mellom vakten og praksisdagen).",
        f"{TOO_CLOSE_HEADING}: {TOO_CLOSE_TIP}",
    )
