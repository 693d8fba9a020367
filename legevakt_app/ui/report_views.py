"""The *Belastning* and *Terskel* views: thin Qt widgets over ``legevakt_app.reports``.

Host them in tabs::

    belastning = BelastningView()
    belastning.set_source(source)          # RotaSource: computes the workload report
    terskel = TerskelView()
    terskel.set_source(source)             # threshold verdict (counting bound, no solve)
    terskel.set_need(estimate)             # optional: a NeedEstimate computed in a worker
    terskel.scenarios_requested.connect(start_worker)   # the "Kjør scenarier" button; the
    # worker runs run_scenarios(source, terskel.chosen_scenarios()) (the leader's named ones)
    terskel.set_scenarios(results)         # list[ScenarioResult] from run_scenarios()
    terskel.project_path = path            # the project's file: where "Lagre som prosjekt…"
    # proposes to save a scenario (beside it), and the one file it never writes

Nothing here solves: the engine calls (``doctors_needed``, ``run_scenarios``) are slow and
belong in the host's worker thread; the views only show their results. Charts are drawn
with matplotlib's QtAgg backend and can be saved as PNG (``save_chart_png``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from legevakt_app.domain import DOCTOR_KIND_LABELS, Project
from legevakt_app.reports.fairness import (
    BAND_DEFINITION,
    COUNTS,
    FAIR_SHARE_DEFINITION,
    LOAD_DEFINITION,
    NOT_COMPARED,
    NOT_COMPARED_DEFINITION,
    DoctorFairness,
    FairnessReport,
    band_text,
    bound_text,
    by_load_per_share,
    carried_counts_text,
    carried_text,
    fairness_report,
    high_days_text,
    not_compared_text,
    outside_text,
    percent_text,
    worst_text,
)
from legevakt_app.reports.figures import (
    AML_AVERAGE_LIMIT,
    AML_AVERAGE_WEEKS,
    AML_WEEK_LIMIT,
    FIREDELT,
    LIMIT_WITH_LEGEVAKT,
    REFERENCE_FIGURES,
    THRESHOLD_SOURCE,
)
from legevakt_app.reports.output import (
    AML_DEFINITION,
    PRACTICE_DEFINITION,
    RATIO_DEFINITION,
    ROUNDING_NOTE,
    WEEK_DEFINITION,
    WEEKEND_RUN_DEFINITION,
    doctor_flags,
    factor_text,
    practice_note,
    status_text,
)
from legevakt_app.reports.scenario_projects import (
    ScenarioSaveError,
    save_scenario_project,
    scenario_file_name,
    scenario_project,
)
from legevakt_app.reports.scenarios import (
    BAKVAKT_DISTRICT_HEADING,
    BAKVAKT_DISTRICT_TIP,
    CHANGES,
    STANDARD_SCENARIOS,
    TOO_CLOSE_HEADING,
    TOO_CLOSE_TIP,
    Scenario,
    ScenarioResult,
    ScenarioSpecError,
    ScenarioUnavailable,
    current_row,
    make_scenario,
    measure,
    scenario_description,
)
from legevakt_app.reports.threshold import (
    NeedEstimate,
    ThresholdReport,
    threshold_report,
)
from legevakt_app.reports.wishes import unmet_lines
from legevakt_app.reports.workload import DoctorLoad, WorkloadReport, over, workload_report
from legevakt_app.rota_source import RotaSource
from legevakt_app.wording import count, decimal, ratio_number, share_text, thousands

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OVER_FILL = QColor("#FFC7CE")
TIGHT_FILL = QColor("#FFEB9C")
GRANT_FILL = QColor("#C6EFCE")
AML_FILL = QColor("#FCE4D6")  # above the 48 h average: lighter than the 68 h red
REFERENCE_COLOURS = ("#4c72b0", "#55a868", "#8172b2", "#c44e52")
PRACTICE_COLOUR = "#b8c4d6"
DUTY_COLOUR = "#2f6db5"
DUTY_OVER_COLOUR = "#c0392b"
AML_COLOUR = "#dd8452"
TIGHT_SPAN_COLOUR = "#f5b7b1"
VAKT_TICK_COLOUR = "#1f3b73"
BAKVAKT_TICK_COLOUR = "#8fa8d8"


def _no(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else decimal(value, decimals)


def _ratio(value: float | None) -> str:
    return "–" if value is None else ratio_number(value)


# --- Belastning ------------------------------------------------------------------------


class LoadTableModel(QAbstractTableModel):
    """One row per doctor; every figure of :class:`DoctorLoad`, sortable by number.
    The columns a leader compares first come first; the hour details follow."""

    COLUMNS: tuple[tuple[str, str], ...] = (
        ("Lege", "name"),
        ("Type", "kind"),
        ("Uke totalt\n(rå)", "estimated_total_week"),
        ("Uke totalt\n(ekv.)", "estimated_total_week_equivalent"),
        ("Praksis t/uke\n(arbeidet)", "practice_worked_per_week"),
        ("Vakt t/uke\n(rå)", "hours_per_week"),
        ("Vakt t/uke\n(ekv.)", "equivalent_hours_per_week"),
        ("1:N", "rotation_ratio"),
        ("1:N med\nbakvakt", "rotation_ratio_with_bakvakt"),
        ("Tettest\navstand", "tightest_spacing_days"),
        (f"Aml. {AML_AVERAGE_WEEKS} u\n(ekv.)", "aml_worst_8_weeks"),
        ("Aml. 1 u\n(ekv.)", "aml_worst_week"),
        ("Merknad", "flags"),
        # as the report and the workbook name them: weekends and days, not vakter (those are
        # Rettferdighet per lege's «Vakter i helg» and «Høytidsvakter»)
        ("Natte-\nvakter", "nights"),
        ("Helger\nmed vakt", "weekends"),
        ("Helligdager\nmed vakt", "holidays"),
        ("Høytidsdager\nmed vakt", "high_days"),
        ("Bakvakter", "bakvakter"),
        ("Tapte\npraksisdager", "practice_days_lost"),
        ("Helger\npå rad", "longest_weekends_without_free"),
        ("Vakter", "vakter"),
        ("Tilstede-\nvakt t", "on_site_hours"),
        ("Hjemme-\nvakt t", "hjemmevakt_hours"),
        ("Bakvakt t", "bakvakt_hours"),
        ("Uker på\njobb", "weeks_at_work"),
        ("Praksis t/uke\n(avtalt)", "practice_hours_per_week"),
        ("Kommune", "kommune"),
    )
    TOOLTIPS: dict[str, str] = {
        "estimated_total_week": "Praksistimer arbeidet + alle vakttimer per uke regnet fullt "
        f"(sammenlignbart med 68 / 49 / 55,6 t). {WEEK_DEFINITION} {ROUNDING_NOTE}",
        "estimated_total_week_equivalent": "Praksistimer arbeidet + vakttimer per uke med "
        f"hjemmevakt og bakvakt × hjemmevaktfaktoren. {WEEK_DEFINITION} {ROUNDING_NOTE}",
        "practice_worked_per_week": PRACTICE_DEFINITION,
        "hours_per_week": f"Vakt- og bakvakttimer per uke, regnet fullt. {WEEK_DEFINITION}",
        "rotation_ratio": RATIO_DEFINITION,
        "aml_worst_8_weeks": AML_DEFINITION,
        "aml_worst_week": AML_DEFINITION,
        "weeks_at_work": WEEK_DEFINITION,
        "rotation_ratio_with_bakvakt": "Som 1:N, men dager med bakvakt teller også",
        "tightest_spacing_days": "Korteste avstand fra en vakt til den neste (dager, uker for "
        "ukevakt)",
        "weekends": "Helger med minst én vakt (helger, ikke antall vakter i helg som i Fremhev "
        "og «Vakter i helg» under Rettferdighet)",
        "holidays": "Helligdager med vakt (dager, ikke antall vakter som i Fremhev)",
        "high_days": "Høytidsdager med vakt (dager, ikke antall vakter som «Høytidsvakter» under "
        "Rettferdighet)",
        "nights": "Nattevakter (vakter som dekker 00–06)",
        "practice_days_lost": "Praksisdager tapt til vakt, som motoren regner: dagen en vakt går "
        "inn i praksistiden eller slutter mindre enn hviletiden før den, og dagen en vakt "
        "begynner mindre enn hviletiden etter at praksis slutter (en natt fra 23 alene koster "
        "begge)",
        "longest_weekends_without_free": WEEKEND_RUN_DEFINITION,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DoctorLoad] = []
        self._window = int(FIREDELT)

    @classmethod
    def column(cls, key: str) -> int:
        return [k for _h, k in cls.COLUMNS].index(key)

    def set_rows(self, rows: list[DoctorLoad], window: int) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._window = window
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            # the doctor's name heads each row, so it stays in view when the table scrolls
            # sideways to the figures on the right
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                return self._rows[section].name
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.TOOLTIPS.get(self.COLUMNS[section][1])
        return None

    def _value(self, d: DoctorLoad, key: str) -> Any:
        if key == "kind":
            return DOCTOR_KIND_LABELS.get(d.kind, d.kind)
        if key == "flags":
            return ", ".join(doctor_flags(d, self._window))
        if key in ("estimated_total_week", "estimated_total_week_equivalent"):
            # rounded from its own value, as the report, the workbook and the scenario
            # comparison show it (the parts beside it may add up to 0,1 more or less)
            return getattr(d, key.replace("estimated", "shown"))
        return getattr(d, key)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        key = self.COLUMNS[index.column()][1]
        value = self._value(d, key)
        if role == Qt.ItemDataRole.DisplayRole:
            if key in ("rotation_ratio", "rotation_ratio_with_bakvakt") and value is not None:
                return f"1:{ratio_number(value)}" + (" u" if d.rotation_unit == "uke" else "")
            if key == "tightest_spacing_days" and value is not None:
                return f"{value} " + ("u" if d.rotation_unit == "uke" else "d")
            if isinstance(value, float):
                return _no(value)
            return "–" if value is None else str(value)
        if role == SORT_ROLE:
            if value is None:
                return -1.0
            return value if isinstance(value, int | float) else str(value).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            isinstance(value, int | float) or key.startswith(("rotation", "tightest"))
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key == "estimated_total_week" and d.above_68h:
                return QBrush(OVER_FILL)
            if key == "estimated_total_week_equivalent" and d.above_48h_equivalent:
                return QBrush(AML_FILL)
            if (key == "aml_worst_8_weeks" and d.above_aml_average) or (
                    key == "aml_worst_week" and d.above_aml_week):
                return QBrush(AML_FILL)
            if key == "rotation_ratio" and d.below(self._window):
                return QBrush(TIGHT_FILL)
            if key == "rotation_ratio_with_bakvakt" and d.below_with_bakvakt(self._window):
                return QBrush(TIGHT_FILL)
        if role == Qt.ItemDataRole.ToolTipRole and key == "flags" and value:
            return value  # the whole note, when the column is narrower than it
        if role == Qt.ItemDataRole.ToolTipRole and key == "rotation_ratio" and d.tight_spans:
            return "Tettere enn 1:{}: {}".format(
                self._window,
                ", ".join(f"{s.start:%d.%m}–{s.end:%d.%m}"
                          + (f" (unntak {s.exception})" if s.exception else "") for s in d.tight_spans),
            )
        return None


class FairnessTableModel(QAbstractTableModel):
    """«Rettferdighet per lege» (:mod:`legevakt_app.reports.fairness`): one row per doctor,
    the figures as ``legevakt report`` prints them, a count outside its fair band marked."""

    COLUMNS: tuple[tuple[str, str], ...] = (
        ("Lege", "name"),
        ("Vakt-\nandel", "share"),
        ("Rettferdig\nandel", "fair_share"),
        ("Regnskap\ninn", "carried"),
        ("Belast-\nning", "load"),
        ("Per\nandel", "load_per_share"),
        ("Over\ngrensen", "above_bound"),
        ("Netter", "nights"),
        ("Vakter\ni helg", "weekends"),
        ("Høytids-\nvakter", "high_days"),
        ("Høytid\nnå", "high_days_now"),
        ("Høytid\nforrige gang", "had_high_days"),
    )
    BAND_KEYS = tuple(attr for _f, attr, _t in COUNTS)  # the columns above, in COUNTS' order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DoctorFairness] = []
        self._bound_text = ""

    @classmethod
    def column(cls, key: str) -> int:
        return [k for _h, k in cls.COLUMNS].index(key)

    def set_report(self, report: FairnessReport | None) -> None:
        self.beginResetModel()
        self._rows = by_load_per_share(report) if report else []
        self._bound_text = bound_text(report) if report else ""
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def tooltip(self, key: str) -> str | None:
        """The definition behind a column (the report's own sentences)."""
        if key in ("share", "fair_share"):
            return FAIR_SHARE_DEFINITION
        if key in ("carried", "load", "load_per_share"):
            return LOAD_DEFINITION
        if key == "above_bound":
            return self._bound_text
        if key in self.BAND_KEYS:
            return (f"{BAND_DEFINITION} {NOT_COMPARED_DEFINITION} «!»: utenfor det "
                    "rettferdige.")
        if key in ("high_days_now", "had_high_days"):
            return "Høytidene legen har vakt i denne perioden, og hadde forrige gang (fra " \
                "vaktregnskapet)"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(self.COLUMNS[section][1])
        return None

    def text(self, d: DoctorFairness, key: str) -> str:
        """A cell as ``legevakt report`` prints it."""
        if key == "name":
            return d.name
        if key == "share":
            return share_text(d.share)  # as the Leger table shows the vaktandel: «50 %»
        if key == "fair_share":
            return decimal(d.fair_share, 3)
        if key == "carried":
            return carried_text(d.carried)
        if key == "load":
            return decimal(d.load)
        if key == "load_per_share":
            return _no(d.load_per_share)
        if key == "above_bound":
            return "–" if d.above_bound is None else percent_text(d.above_bound)
        if key in self.BAND_KEYS:
            return band_text(d.bands[key])
        return high_days_text(getattr(d, key))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        key = self.COLUMNS[index.column()][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(d, key)
        if role == SORT_ROLE:
            if key == "name":
                return d.name.lower()
            if key in self.BAND_KEYS:
                return d.bands[key].count
            if key in ("high_days_now", "had_high_days"):
                return len(getattr(d, key))
            value = getattr(d, key)
            return -1e9 if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and key not in (
                "name", "high_days_now", "had_high_days"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if key in self.BAND_KEYS and d.bands[key].outside:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(OVER_FILL)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#9C0006"))
        if role == Qt.ItemDataRole.ToolTipRole and key in self.BAND_KEYS:
            band = d.bands[key]
            title = next(t for _f, a, t in COUNTS if a == key)
            if band.target is None:
                return f"{title}: {band.count}; legen kan ikke ta slike vakter (fravær, fritak, kompetanse)"
            if not band.compared and d.not_compared is not None:
                return (f"{title}: {band.count}; ikke målt mot det rettferdige antallet "
                        f"({NOT_COMPARED[d.not_compared]}). Antallet sier ikke noe om "
                        "rettferdighet, og vaktregnskapet fører det ikke videre.")
            among = (" av det legene som måles tok (som i vaktregnskapet)"
                     if band.among_compared else "")
            return (f"{title}: {band.count}; rettferdig {decimal(band.target)}{among} (alt fra "
                    f"{band.low} til {band.high} er rettferdig)"
                    + (" — utenfor det rettferdige" if band.outside else ""))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(key)
        return None


def _fit_columns(table: QTableView, cap: int = 260) -> None:
    """Each column as wide as its widest cell or header line (headers may have two lines),
    so the figures a leader compares first fit side by side at 1366 px."""
    model = table.model()
    metrics = table.fontMetrics()
    header = table.horizontalHeader().fontMetrics()
    for col in range(model.columnCount()):
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        width = max((header.horizontalAdvance(line) for line in title.split("\n")), default=0)
        for row in range(model.rowCount()):
            text = model.index(row, col).data()
            if text is not None:
                width = max(width, metrics.horizontalAdvance(str(text)))
        table.setColumnWidth(col, min(cap, width + 22))  # padding and the sort arrow


def _sortable_table(model: QAbstractTableModel, parent: QWidget
                    ) -> tuple[QSortFilterProxyModel, QTableView]:
    """A compact table of whole rows over ``model``, sorted by clicking a header (on the
    model's SORT_ROLE, so numbers sort as numbers)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setWordWrap(False)
    _compact_table(table)
    return proxy, table


def _compact_table(table: QTableView) -> None:
    """Rows as high as one line of text, so a district's doctors fit without scrolling."""
    height = table.fontMetrics().height() + 6
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(height)
    table.verticalHeader().setVisible(False)


@dataclass(frozen=True)
class ReportFigures:
    """Everything the Belastning and Terskel tabs show for one rota, computed without Qt (in
    a worker thread: about half a second on a 40-doctor year). The workload is measured
    once and shared: the threshold verdict is built on it."""

    source: RotaSource
    workload: WorkloadReport
    fairness: FairnessReport | None  # None: not asked for
    threshold: ThresholdReport
    current: ScenarioResult  # the current rota's row of the scenario table


def report_figures(source: RotaSource, target: int = 4, fairness: bool = True) -> ReportFigures:
    """The figures of both tabs for ``source`` (counting only, no engine call);
    ``target``: the N of the doctors-needed answer (Terskel's «1:N»); ``fairness``: also
    «Rettferdighet per lege» (Belastning)."""
    from legevakt_app.reports.threshold import doctors_needed

    load = workload_report(source)
    threshold = threshold_report(source, workload=load)
    threshold.need = doctors_needed(source, target, solve_fn=None)
    current = measure(current_row(), source)
    return ReportFigures(source, load, fairness_report(source) if fairness else None,
                         threshold, current)


class BelastningView(QWidget):
    """Estimated weekly hours per doctor against the burden figures, the table with every
    figure, and a per-doctor timeline of where the rota is tighter than 1:4.

    Layout for 1366×768: two pages. «Tabeller»: the sortable table over «Rettferdighet per
    lege», each at the full width. «Diagrammer»: the bar chart on the left at full height (it
    grows and scrolls with many doctors), the timeline on the right.

    API: ``set_source(RotaSource)``, ``set_report(WorkloadReport)``, ``report()``,
    ``set_equivalent(bool)``, ``save_chart_png(path)``, ``save_timeline_png(path)``.
    """

    BAR_HEIGHT_PX = 22  # per doctor in the bar chart
    TIMELINE_ROW_PX = 13  # per doctor in the timeline (7 pt names)
    TIMELINE_EXTRA_PX = 60  # its title and date axis
    CHART_EXTRA_PX = 215  # title, axis, reference labels and the legend

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: WorkloadReport | None = None
        self._equivalent = False

        self.title = QLabel("Belastning")
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.view_choice = QComboBox()
        self.view_choice.addItems(
            ["Rå timer (hjemmevakt regnet fullt, som i undersøkelsene)",
             "Arbeidstidsekvivalent (hjemmevakt og bakvakt × faktor)"]
        )  # fmt: skip
        self.view_choice.setToolTip(
            "Rå: sammenlignbart med 68 / 49 / 55,6 t. Ekvivalent: arbeidstid etter "
            "prosjektets hjemmevaktfaktor (KS: 1/7), målt mot 48 t i arbeidsmiljøloven."
        )
        self.view_choice.currentIndexChanged.connect(lambda i: self.set_equivalent(i == 1))
        self.save_button = QPushButton("Lagre diagrammer som PNG …")
        self.save_button.setToolTip("Stolpediagrammet, og tidslinjen ved siden av (-tidslinje.png)")
        self.save_button.clicked.connect(self._save_dialog)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)

        self.figure = Figure(figsize=(5.2, 5.0), dpi=100, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.chart_scroll = QScrollArea()
        self.chart_scroll.setWidget(self.canvas)
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.timeline_figure = Figure(figsize=(8, 2.6), dpi=100, layout="constrained")
        self.timeline_canvas = FigureCanvasQTAgg(self.timeline_figure)
        self.timeline_canvas.setMinimumHeight(170)
        self.timeline_scroll = QScrollArea()  # a row per doctor: 40 doctors scroll, not overlap
        self.timeline_scroll.setWidget(self.timeline_canvas)
        self.timeline_scroll.setWidgetResizable(True)
        self.timeline_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline_scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.model = LoadTableModel(self)
        self.proxy, self.table = _sortable_table(self.model, self)
        self.table.verticalHeader().setVisible(True)  # the names (see LoadTableModel.headerData)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.hideColumn(LoadTableModel.column("name"))

        # «Rettferdighet per lege»: the engine's own measure of fairness, as `legevakt report`
        self._fairness: FairnessReport | None = None
        self.fairness_title = QLabel("<b>Rettferdighet per lege</b> (slik motoren måler den: "
                                     "belastning per rettferdig andel; pek på en kolonne for "
                                     "hvordan den regnes)")
        self.fairness_model = FairnessTableModel(self)
        self.fairness_proxy, self.fairness_table = _sortable_table(self.fairness_model, self)
        self.fairness_notes = QLabel()
        self.fairness_notes.setWordWrap(True)
        fairness_box = QWidget()
        fairness_layout = QVBoxLayout(fairness_box)
        fairness_layout.setContentsMargins(0, 4, 0, 0)
        fairness_layout.setSpacing(2)
        fairness_layout.addWidget(self.fairness_title)
        fairness_layout.addWidget(self.fairness_table, 1)
        fairness_layout.addWidget(self.fairness_notes)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(QLabel("Visning:"))
        top.addWidget(self.view_choice)
        top.addWidget(self.save_button)

        # the two tables over each other at the window's full width; the charts on their own
        # page beside them, where they have the full height (at 1366×768 the tables shared a
        # column with the chart and the timeline and showed 7 and 4 doctors)
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.table)
        tables.addWidget(fairness_box)
        tables.setStretchFactor(0, 1)
        tables.setStretchFactor(1, 1)
        tables.setChildrenCollapsible(False)
        self.tables_splitter = tables
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.chart_scroll)
        self.splitter.addWidget(self.timeline_scroll)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([520, 840])
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(tables, "Tabeller")
        self.pages.addTab(self.splitter, "Diagrammer")
        self.pages.setTabToolTip(1, "Estimert arbeidsuke per lege, og tidslinjen over vaktene")
        # the charts are drawn when their page is shown (matplotlib: most of a second for 40
        # doctors), not while «Tabeller» is
        self._charts_drawn = False
        self.pages.currentChanged.connect(lambda _i: self._draw_charts_if_shown())
        self._pending = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.explanation)
        layout.addWidget(self.pages, 1)
        self._draw()

    # public API

    def set_source(self, source: RotaSource) -> WorkloadReport:
        """Measure ``source``'s rota and show it, with its «Rettferdighet per lege» (both
        counting, no solve; the host computes them in a worker, see :func:`report_figures`).
        Returns the workload report."""
        report = workload_report(source)
        self.show_figures(report, fairness_report(source))
        return report

    def show_figures(self, report: WorkloadReport, fairness: FairnessReport | None) -> None:
        """Show figures computed elsewhere (e.g. :func:`report_figures` in a worker)."""
        self._pending = False
        self.set_report(report)
        self.set_fairness(fairness)

    def show_pending(self) -> None:
        """The figures are being computed: say so instead of showing an earlier rota's."""
        self.set_report(None)
        self._pending = True
        self.explanation.setText("Regner ut …")

    def busy(self) -> bool:
        """True while «Regner ut …» is shown (see :meth:`show_pending`)."""
        return self._pending

    def set_fairness(self, report: FairnessReport | None) -> None:
        """Show «Rettferdighet per lege» (``legevakt_app.reports.fairness``)."""
        self._fairness = report
        self.fairness_model.set_report(report)
        _fit_columns(self.fairness_table)
        self.fairness_table.sortByColumn(
            FairnessTableModel.column("load_per_share"), Qt.SortOrder.DescendingOrder)
        if report is None:
            self.fairness_notes.setText("")
            return
        worst = worst_text(report)
        left_out = not_compared_text(report)
        carried = carried_counts_text(report)  # the counts the vaktregnskap brought in
        unmet = unmet_lines(report.unmet_wishes)  # whose wishes, which days (level 3)
        self.fairness_notes.setText(
            ((worst + ". ") if worst else "") + outside_text(report) + ". "
            + ((carried + ". ") if carried else "")
            + ((left_out + " ") if left_out else "")
            + (unmet[0] + " " + "; ".join(line.strip() for line in unmet[1:]) + ". "
               if unmet else "")
            + "Rødt og «!»: utenfor det rettferdige antallet; i parentes det rettferdige.")

    def fairness(self) -> FairnessReport | None:
        return self._fairness

    def set_report(self, report: WorkloadReport | None) -> None:
        self._report = report
        if report is None:
            self.set_fairness(None)
        self.model.set_rows(report.doctors if report else [], report.window_days if report else 4)
        _fit_columns(self.table)
        self._sort_by_view()
        doctors = len(report.doctors) if report else 0
        self.canvas.setMinimumHeight(self.CHART_EXTRA_PX + self.BAR_HEIGHT_PX * doctors)
        self.timeline_canvas.setMinimumHeight(
            max(170, self.TIMELINE_EXTRA_PX + self.TIMELINE_ROW_PX * doctors))
        self._draw()

    def report(self) -> WorkloadReport | None:
        return self._report

    def set_equivalent(self, equivalent: bool) -> None:
        """Show the working-time-equivalent view (``True``) or the raw view (``False``)."""
        self._equivalent = equivalent
        if self.view_choice.currentIndex() != int(equivalent):
            self.view_choice.setCurrentIndex(int(equivalent))
        self._sort_by_view()
        self._draw()

    def _sort_by_view(self) -> None:
        """The table in the chart's order: the week of the view shown, heaviest first."""
        key = "estimated_total_week_equivalent" if self._equivalent else "estimated_total_week"
        self.table.sortByColumn(self.model.column(key), Qt.SortOrder.DescendingOrder)

    def save_chart_png(self, path: str | Path, dpi: int = 150) -> Path:
        self._draw_charts()
        target = Path(path)
        self.figure.savefig(target, dpi=dpi)
        return target

    def save_timeline_png(self, path: str | Path, dpi: int = 150) -> Path:
        """The timeline with room for every doctor's row (as tall as it needs, not as the
        window happens to be)."""
        self._draw_charts()
        target = Path(path)
        fig = self.timeline_figure
        size = fig.get_size_inches()
        rows = len([d for d in self._report.doctors if d.in_rota]) if self._report else 0
        fig.set_size_inches(max(size[0], 8.0),
                            max(2.6, (self.TIMELINE_EXTRA_PX + self.TIMELINE_ROW_PX * rows) / 72),
                            forward=False)  # the window's canvas keeps its size
        try:
            fig.savefig(target, dpi=dpi)
        finally:
            fig.set_size_inches(size, forward=False)
        return target

    # drawing

    def _save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Lagre diagram", "belastning.png", "PNG (*.png)")
        if path:
            chart = self.save_chart_png(path)
            self.save_timeline_png(chart.with_name(chart.stem + "-tidslinje.png"))

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._draw_charts_if_shown()

    def _draw_charts_if_shown(self) -> None:
        if not self._charts_drawn and self.pages.currentIndex() == 1 and self.isVisible():
            self._draw_charts()

    def _draw_charts(self) -> None:
        if not self._charts_drawn:
            self._draw_bars()
            self._draw_timeline()
            self._charts_drawn = True

    def _draw(self) -> None:
        self._charts_drawn = False
        # in a window: drawn when the page «Diagrammer» is shown; on its own (a test, an
        # export) at once
        if not self.window().isVisible() or (self.isVisible() and self.pages.currentIndex() == 1):
            self._draw_charts()
        r = self._report
        if r is None:
            self.title.setText("Belastning")
            self.explanation.setText("Ingen turnus å vise ennå.")
            return
        self.title.setText(
            f"Belastning – {r.district_name}, {r.period_start:%d.%m.%Y}–{r.period_end:%d.%m.%Y}"
        )
        factor = factor_text(r.hjemmevakt_factor)
        same = (
            " Prosjektets hjemmevaktfaktor er 1, så ekvivalent = rå."
            if abs(r.hjemmevakt_factor - 1.0) < 1e-9
            else ""
        )
        view = (
            f"<b>Visning: arbeidstidsekvivalent</b> – hjemmevakt- og bakvakttimer × {factor}; "
            f"målt mot 48 t (arbeidsmiljøloven), ikke direkte sammenlignbar med 68/49/55,6 t.{same}"
            if self._equivalent
            else "<b>Visning: rå timer</b> – alle vakttimer regnet fullt, slik undersøkelsene bak "
            f"68 / 49 / 55,6 t regnet (hjemmevaktfaktor {factor} brukes bare i ekvivalent)."
        )
        d = r.district
        # every doctor of the table, as its Merknad and the report count them (a doctor with
        # no vakt whose practice alone is over 48 t too)
        over = sum(1 for x in r.doctors if (x.above_48h_equivalent if self._equivalent
                                            else x.above_68h))  # fmt: skip
        limit = "48 t (ekv.)" if self._equivalent else "68 t (rå)"
        tightest = (f"tettest i snitt (vanlig vaktandel) 1:{_ratio(d.worst_ordinary_ratio)} "
                    f"({d.worst_ordinary_doctor})" if d.worst_ordinary_ratio is not None
                    else "tettest –")
        self.explanation.setText(
            "Estimert arbeidsuke = praksistimer arbeidet + vakttimer, per uke legen var på "
            f"jobb (ikke helligdager, fravær eller praksisdager tapt til vakt). {view} "
            f"Over {limit}: <b>{over}</b> av {len(r.doctors)} leger. "
            f"Effektivt N: 1:{_ratio(d.effective_n)}, {tightest}. Tabell: rødt = over "
            f"{LIMIT_WITH_LEGEVAKT:g} t (rå); oransje = over {AML_AVERAGE_LIMIT:g} t "
            f"(ekv.; aml.: {AML_AVERAGE_WEEKS} uker på rad i snitt) eller {AML_WEEK_LIMIT:g} t på "
            f"7 dager{practice_note(r.doctors)}; gult = mindre enn firedelt "
            f"(tettere enn 1:{r.window_days})."
        )

    def _draw_bars(self) -> None:
        fig = self.figure
        fig.clear()
        ax = fig.add_subplot(111)
        r = self._report
        if r is None or not r.doctors:
            ax.text(0.5, 0.5, "Ingen turnus", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            self.canvas.draw_idle()
            return
        eq = self._equivalent
        rows = sorted(
            r.doctors,
            key=lambda d: d.estimated_total_week_equivalent if eq else d.estimated_total_week,
        )
        names = [d.name for d in rows]
        duty = [d.equivalent_hours_per_week if eq else d.hours_per_week for d in rows]
        totals = [d.estimated_total_week_equivalent if eq else d.estimated_total_week
                  for d in rows]  # the table's week: practice days lost to vakt are not worked
        practice = [t - v for t, v in zip(totals, duty, strict=True)]
        limit = AML_AVERAGE_LIMIT if eq else LIMIT_WITH_LEGEVAKT
        colours = [DUTY_OVER_COLOUR if over(t, limit) else DUTY_COLOUR for t in totals]
        y = range(len(rows))
        ax.barh(y, practice, height=0.7, color=PRACTICE_COLOUR)
        ax.barh(y, duty, left=practice, height=0.7, color=colours)
        handles: list[Any] = [
            Patch(color=PRACTICE_COLOUR, label="Praksis (dagtid, uten tapte praksisdager)"),
            Patch(color=DUTY_COLOUR, label="Legevakt, ekvivalent" if eq else "Legevakt, rå timer"),
        ]
        if DUTY_OVER_COLOUR in colours:
            handles.append(Patch(color=DUTY_OVER_COLOUR,
                                 label=f"Legevakt, uka over {limit:g} t"))  # fmt: skip
        shown = [d.shown_total_week_equivalent if eq else d.shown_total_week for d in rows]
        for i, (total, label) in enumerate(zip(totals, shown, strict=True)):
            # as in the table; on a white ground drawn over the reference lines, which would
            # otherwise run through a label that ends near one (53,8 on the 55,6 line)
            ax.text(total + 0.8, i, _no(label), va="center", fontsize=7.5, zorder=5,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.9})
        xmax = max(max(totals) + 9, LIMIT_WITH_LEGEVAKT + 10)
        lines: list[Any] = []
        for fig_ref, colour in zip(REFERENCE_FIGURES, REFERENCE_COLOURS, strict=True):
            lines.append(ax.axvline(fig_ref.hours, color=colour, linestyle="--", linewidth=1.2,
                                    label=fig_ref.legend))  # fmt: skip
            ax.annotate(f"{fig_ref.hours:g}".replace(".", ","), (fig_ref.hours, 1.0),
                        xycoords=("data", "axes fraction"), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7,
                        color=colour)  # fmt: skip
        if eq:
            lines.append(ax.axvline(AML_AVERAGE_LIMIT, color=AML_COLOUR, linestyle=":",
                                    linewidth=1.5, label="48 t – arbeidsmiljøloven § 10-5, snitt"))  # fmt: skip
            # labelled at the top like the others, just left of the 49 t line beside it
            ax.annotate(f"{AML_AVERAGE_LIMIT:g}", (AML_AVERAGE_LIMIT, 1.0),
                        xycoords=("data", "axes fraction"), xytext=(-7, 2),
                        textcoords="offset points", ha="right", va="bottom", fontsize=7,
                        color=AML_COLOUR)  # fmt: skip
        ax.set_yticks(list(y), names, fontsize=8)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlabel("Timer per uke, " + ("arbeidstidsekvivalent" if eq else "rå (alt regnet fullt)"),
                      fontsize=8)  # fmt: skip
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_xlim(0, xmax)
        ax.set_title("Estimert arbeidsuke per lege", fontsize=10, pad=12)
        ax.grid(axis="x", alpha=0.3)
        fig.legend(handles=lines + handles, loc="outside lower center", fontsize=7, ncols=1,
                   frameon=False, handlelength=2.2, borderaxespad=0.2)  # fmt: skip
        self.canvas.draw_idle()

    def _draw_timeline(self) -> None:
        fig = self.timeline_figure
        fig.clear()
        ax = fig.add_subplot(111)
        r = self._report
        if r is None or not r.doctors:
            ax.set_axis_off()
            self.timeline_canvas.draw_idle()
            return
        from matplotlib.dates import DateFormatter, MonthLocator, date2num

        # the chart's order: the heaviest week at the top
        eq = self._equivalent
        rows = sorted((d for d in r.doctors if d.in_rota), key=lambda d: -(
            d.estimated_total_week_equivalent if eq else d.estimated_total_week))
        start, end = r.period_start, r.period_end
        day = start
        while day <= end:  # weekends as light bands
            if day.weekday() == 5:
                ax.axvspan(date2num(day), date2num(day + timedelta(days=2)), color="#ececec",
                           zorder=0, linewidth=0)  # fmt: skip
            day += timedelta(days=1)
        for i, d in enumerate(rows):
            for span in d.tight_spans:
                ax.broken_barh(
                    [(date2num(span.start), (span.end - span.start).days + 1)], (i - 0.42, 0.84),
                    color=TIGHT_SPAN_COLOUR, zorder=1,
                )
            bak = [date2num(x) + 0.5 for x in d.bakvakt_dates]
            ax.scatter(bak, [i] * len(bak), marker="|", s=45, color=BAKVAKT_TICK_COLOUR,
                       zorder=2, linewidths=1.0)  # fmt: skip
            xs = [date2num(x) + 0.5 for x in d.duty_dates]
            ax.scatter(xs, [i] * len(xs), marker="|", s=60, color=VAKT_TICK_COLOUR, zorder=3,
                       linewidths=1.2)  # fmt: skip
        ax.set_yticks(range(len(rows)), [d.name for d in rows], fontsize=7)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(date2num(start), date2num(end + timedelta(days=1)))
        ax.xaxis.set_major_locator(MonthLocator())
        ax.xaxis.set_major_formatter(DateFormatter("%d.%m"))
        ax.tick_params(axis="x", labelsize=7)
        unit = "uker" if any(d.rotation_unit == "uke" for d in rows) else "dager"
        ax.set_title(
            f"Vakter per lege: mørk strek = vakt, lys = bakvakt; rødt felt = vakter tettere enn "
            f"1:{r.window_days} ({unit}); grått = helg",
            fontsize=8,
        )
        self.timeline_canvas.draw_idle()


# --- Terskel ---------------------------------------------------------------------------


class NumberItem(QTableWidgetItem):
    """A table cell that shows Norwegian decimals but sorts by the number behind them."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None:
            return (mine is None, self.text()) < (theirs is None, other.text())
        return float(mine) < float(theirs)


def _yes(value: bool) -> str:
    return "ja" if value else "nei"


class TerskelView(QWidget):
    """The four-doctor threshold verdict with the numbers behind it, per kommune, the
    doctors-needed answer and the scenario comparison table.

    The leader names scenarios here (name + one change + its number); the table lists them
    ("ikke kjørt") under the current rota's row until the host has solved them. «Lagre som
    prosjekt…» saves the selected scenario as a project file of its own (a copy of the project
    with the one change; see :mod:`legevakt_app.reports.scenario_projects`), solved or not.

    API: ``set_source(RotaSource)``, ``set_report(ThresholdReport)``, ``set_need(NeedEstimate)``,
    ``set_scenarios(list[ScenarioResult])``, ``scenarios()``, ``chosen_scenarios()``,
    ``add_scenario(name, change, value)``, ``selected_scenario()``,
    ``save_scenario_as_project(scenario, path)``, ``report()``; ``project_path`` (the project's
    own file, set by the host). Signals: ``scenarios_requested``
    and ``need_requested(int target)`` — the host runs the engine in a worker (for scenarios:
    ``run_scenarios(source, view.chosen_scenarios())``) and calls back.
    """

    scenarios_requested = Signal()
    need_requested = Signal(int)
    STATUS_COLUMN_PX = 260  # «Status»: wider verdicts wrap onto a second line

    # the figures' headings in two lines: their numbers are narrow, and the room goes to the
    # change, which wraps in the stretched «Endring» column
    SCENARIO_COLUMNS = (
        "Scenario", "Endring", "Verste\nuke (t)", "Median\nuke (t)", "Verste\n1:N",
        "Effektivt\nN", BAKVAKT_DISTRICT_HEADING.replace(" ", "\n", 1).replace(", ", ",\n"), "Tapte\npraksisdager",
        "Over\n68 t", TOO_CLOSE_HEADING.replace(" ", "\n", 1), "Status",
    )  # fmt: skip
    KOMMUNE_COLUMNS = (
        "Kommune", "Innbyggere", "Sentralitet", "Fastleger i turnus", "Leger i turnus",
        "Tettest 1:N", "Egne fastleger ≤ 4", "Mindre enn firedelt", "Legevakttilskudd",
    )  # fmt: skip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: ThresholdReport | None = None
        self._current: ScenarioResult | None = None
        self._scenarios: list[ScenarioResult] = []
        self._chosen: list[Scenario] = list(STANDARD_SCENARIOS)
        self._project: Project | None = None  # what a scenario is a copy of (from set_source)
        self.project_path: Path | None = None

        self.title = QLabel("Firelegegrensen")
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        vfont = QFont(self.verdict.font())
        vfont.setPointSize(vfont.pointSize() + 1)
        self.verdict.setFont(vfont)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_note = QLabel(f"Kilde: {THRESHOLD_SOURCE}. Tilskudd: kommuner med under "
                                  "5 000 innbyggere i sentralitetsklasse 6 (kap. 1.8.2).")  # fmt: skip
        self.source_note.setWordWrap(True)
        self.source_note.setStyleSheet("color: #555;")

        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(10)
        self.facts.setVerticalSpacing(2)
        self.fact_labels: dict[str, QLabel] = {}
        for n, (key, label) in enumerate((
            ("doctors", "Leger i turnusen"),
            ("fastleger", "Fastleger i turnusen"),
            ("four", "Fire eller færre fastleger"),
            ("below", "Mindre enn firedelt vakt"),
            ("effective", "Effektivt N (andelsvektet)"),
            ("worst", "Tettest i snitt (vanlig andel)"),
            ("grant", "Legevakttilskudd"),
        )):  # fmt: skip
            value = QLabel("–")
            value.setWordWrap(True)
            self.fact_labels[key] = value
            row, col = n % 4, (n // 4) * 2
            self.facts.addWidget(QLabel(f"{label}:"), row, col)
            self.facts.addWidget(value, row, col + 1)
        self.facts.setColumnStretch(1, 1)
        self.facts.setColumnStretch(3, 2)

        self.need_button = QPushButton("Regn ut med motoren")
        self.need_button.setToolTip("Løs på nytt med ekstra leger (og med vikar på netter) til "
                                    "målet er nådd")  # fmt: skip
        self.need_button.clicked.connect(lambda: self.need_requested.emit(self.target()))
        self.target_choice = QComboBox()
        for n in (4, 5, 6, 7, 8):
            self.target_choice.addItem(f"1:{n}", n)
        need_value = QLabel("–")
        need_value.setWordWrap(True)
        need_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fact_labels["need"] = need_value

        self.kommune_table = QTableWidget(0, len(self.KOMMUNE_COLUMNS))
        self.kommune_table.setHorizontalHeaderLabels(list(self.KOMMUNE_COLUMNS))
        self.kommune_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # every column as wide as its heading or widest value (ja/nei need no third of the row)
        self.kommune_table.horizontalHeader().setStretchLastSection(False)
        _compact_table(self.kommune_table)

        self.scenario_name = QLineEdit()
        self.scenario_name.setPlaceholderText("Navn på scenariet")
        self.scenario_name.setMaxLength(40)
        self.scenario_change = QComboBox()
        for change in CHANGES.values():
            self.scenario_change.addItem(change.label, change.key)
        self.scenario_value = QSpinBox()
        self.scenario_change.currentIndexChanged.connect(self._change_chosen)
        self.add_button = QPushButton("Legg til")
        self.add_button.clicked.connect(self._add_from_editor)
        self.scenario_name.returnPressed.connect(self._add_from_editor)
        self.remove_button = QPushButton("Fjern valgte")
        self.remove_button.clicked.connect(self._remove_selected)
        self.scenario_message = QLabel()
        self.scenario_message.setStyleSheet("color: #9c0006;")
        self.scenario_message.hide()
        self.scenario_button = QPushButton("Kjør scenarier")
        self.scenario_button.setToolTip("Løs hvert scenario med motoren og sammenlign")
        self.scenario_button.clicked.connect(self.scenarios_requested.emit)
        self.save_project_button = QPushButton("Lagre som prosjekt…")
        self.save_project_button.setToolTip(
            "Lagre valgt scenario som en egen prosjektfil: en kopi av prosjektet med den ene "
            "endringen, uten turnus, som kan åpnes, endres og løses. Originalen endres ikke.")
        self.save_project_button.clicked.connect(self._save_selected_as_project)
        self.scenario_table = QTableWidget(0, len(self.SCENARIO_COLUMNS))
        self.scenario_table.setHorizontalHeaderLabels(list(self.SCENARIO_COLUMNS))
        self.scenario_table.horizontalHeaderItem(6).setToolTip(BAKVAKT_DISTRICT_TIP)
        self.scenario_table.horizontalHeaderItem(9).setToolTip(TOO_CLOSE_TIP)
        self.scenario_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scenario_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        _compact_table(self.scenario_table)
        # «Endring» takes the width the figures leave and wraps; each row as high as its text
        self.scenario_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.scenario_table.setWordWrap(True)
        self.scenario_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self._change_chosen()

        need_row = QHBoxLayout()
        need_row.addWidget(QLabel("Leger som trengs for"))
        need_row.addWidget(self.target_choice)
        need_row.addWidget(self.need_button)
        need_row.addWidget(need_value, 1)
        kommune_title = QLabel("Per kommune")
        kommune_title.setStyleSheet("font-weight: bold;")
        scen_title = QLabel("Scenarier – én endring hver, løst og sammenlignet:")
        scen_title.setStyleSheet("font-weight: bold;")
        scen_row = QHBoxLayout()
        scen_row.addWidget(scen_title)
        scen_row.addWidget(self.scenario_name, 2)
        scen_row.addWidget(self.scenario_change, 2)
        scen_row.addWidget(self.scenario_value)
        scen_row.addWidget(self.add_button)
        scen_row.addWidget(self.remove_button)
        scen_row.addWidget(self.scenario_button)
        scen_row.addWidget(self.save_project_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.verdict)
        layout.addWidget(self.source_note)
        layout.addLayout(self.facts)
        layout.addLayout(need_row)
        layout.addWidget(kommune_title)
        layout.addWidget(self.kommune_table)
        layout.addLayout(scen_row)
        layout.addWidget(self.scenario_message)
        layout.addWidget(self.scenario_table, 1)
        self._show()
        self._fill_scenario_table()

    def target(self) -> int:
        return int(self.target_choice.currentData())

    def report(self) -> ThresholdReport | None:
        return self._report

    def set_source(self, source: RotaSource) -> ThresholdReport:
        """The verdict for ``source`` (counting bound only; no engine call). Returns it.
        Also measures the current rota for the first row of the scenario table."""
        figures = report_figures(source, self.target(), fairness=False)
        self.show_figures(figures)
        return figures.threshold

    def show_figures(self, figures: ReportFigures) -> None:
        """Show figures computed elsewhere (:func:`report_figures`, in a worker)."""
        self._current = figures.current
        self._project = figures.source.project
        self._scenarios = []
        self.set_report(figures.threshold)
        self._fill_scenario_table()

    def show_pending(self) -> None:
        """The figures are being computed: nothing of an earlier rota meanwhile."""
        self.clear()
        self.verdict.setText("Regner ut …")

    def set_report(self, report: ThresholdReport | None) -> None:
        self._report = report
        self._show()

    def clear(self) -> None:
        """No rota to judge (a project without one): nothing of an earlier rota is left."""
        self._current = None
        self._project = None
        self._scenarios = []
        self.set_report(None)
        self._fill_scenario_table()

    def set_need(self, need: NeedEstimate) -> None:
        """Show a doctors-needed answer computed elsewhere (e.g. with the engine)."""
        if self._report is not None:
            self._report.need = need
        self._show()

    # scenarios

    def chosen_scenarios(self) -> list[Scenario]:
        """The scenarios the leader has named (at first the standard five), to be solved."""
        return list(self._chosen)

    def add_scenario(self, name: str, change: str, value: int | None = None) -> Scenario:
        """Add a named scenario; raises ``ScenarioSpecError`` (names the problem) when the
        name is empty, too long or already used."""
        scenario = make_scenario(name, change, value)
        if any(s.name == scenario.name for s in self._chosen):
            raise ScenarioSpecError(f"scenario «{scenario.name}»: navnet er allerede brukt")
        self._chosen.append(scenario)
        self._scenarios = []
        self._fill_scenario_table()
        return scenario

    def remove_scenario(self, name: str) -> None:
        self._chosen = [s for s in self._chosen if s.name != name]
        self._scenarios = [r for r in self._scenarios if r.name != name]
        self._fill_scenario_table()

    def set_scenarios(self, results: list[ScenarioResult]) -> None:
        """Show solved scenarios (``run_scenarios`` output: the current rota first)."""
        self._scenarios = list(results)
        self._fill_scenario_table()

    def scenarios(self) -> list[ScenarioResult]:
        return list(self._scenarios)

    def _change_chosen(self) -> None:
        change = CHANGES[self.scenario_change.currentData()]
        box = self.scenario_value
        box.setEnabled(change.value_label is not None)
        if change.value_label is not None:
            box.setRange(change.minimum, change.maximum)
            box.setValue(change.default or change.minimum)
            box.setToolTip(change.value_label)
        else:
            box.setToolTip("Denne endringen har ikke noe tall")

    def _add_from_editor(self) -> None:
        key = self.scenario_change.currentData()
        change = CHANGES[key]
        value = self.scenario_value.value() if change.value_label is not None else None
        name = self.scenario_name.text().strip()
        if not name:
            self._scenario_problem("Scenariet trenger et navn: skriv det i feltet «Navn på "
                                   "scenariet».")  # fmt: skip
            return
        if any(s.name == " ".join(name.split()) for s in self._chosen):
            self._scenario_problem(f"Navnet «{name}» er allerede brukt; velg et annet navn.")
            return
        self.add_scenario(name, key, value)
        self._scenario_problem("")
        self.scenario_name.clear()

    def _scenario_problem(self, text: str, ok: bool = False) -> None:
        """A line under the scenario editor: red for a problem, green (``ok``) for done."""
        self.scenario_message.setStyleSheet(f"color: {'#1e6b30' if ok else '#9c0006'};")
        self.scenario_message.setText(text)
        self.scenario_message.setVisible(bool(text))

    def selected_scenario(self) -> Scenario | None:
        """The named scenario on the selected row (None: nothing, or «Nåværende», selected)."""
        rows = sorted({i.row() for i in self.scenario_table.selectedIndexes()})
        names = [self.scenario_table.item(r, 0).text() for r in rows if self.scenario_table.item(r, 0)]
        return next((s for s in self._chosen if names and s.name == names[0]), None)

    def save_scenario_as_project(self, scenario: Scenario, path: str | Path) -> Path:
        """Save ``scenario`` as a project file at ``path`` (replacing a file the leader has
        agreed to replace, kept as ``.bak``; never the project's own file). Raises
        ``ScenarioUnavailable`` or ``ScenarioSaveError`` with a Norwegian message."""
        project = self._check_can_save(scenario)
        target = Path(path)
        save_scenario_project(project, scenario, target, overwrite=True,
                              original=self.project_path)  # fmt: skip
        return target

    def _check_can_save(self, scenario: Scenario) -> Project:
        """The project to copy; raises ``ScenarioUnavailable`` when there is none or the
        change cannot be made on it."""
        if self._project is None:
            raise ScenarioUnavailable(
                f"Scenariet «{scenario.name}» kan ikke lagres som prosjekt: det er ikke noe "
                "prosjekt å kopiere (turnusen er lest fra en resultatfil)."
            )
        scenario_project(self._project, scenario)
        return self._project

    def _save_selected_as_project(self) -> None:
        scenario = self.selected_scenario()
        if scenario is None:
            rows = sorted({i.row() for i in self.scenario_table.selectedIndexes()})
            item = self.scenario_table.item(rows[0], 0) if rows else None
            if item is None:
                text = "Velg et scenario i tabellen først, og trykk så «Lagre som prosjekt…»."
            elif item.text() == "Nåværende":
                text = "«Nåværende» er prosjektet slik det er; lagre det med Fil → Lagre som."
            else:
                text = f"Scenariet «{item.text()}» er ikke lenger i listen; legg det til på nytt."
            self._scenario_problem(text)
            return
        try:  # refused before the leader picks a file name, not after
            self._check_can_save(scenario)
        except ScenarioUnavailable as err:
            self._scenario_problem(str(err))
            return
        folder = self.project_path.parent if self.project_path else Path.home()
        name, _ = QFileDialog.getSaveFileName(
            self, f"Lagre scenariet «{scenario.name}» som prosjekt",
            str(folder / scenario_file_name(scenario.name)), "Legevakt-prosjekt (*.legevakt.json)",
            options=QFileDialog.Option.DontUseNativeDialog)  # fmt: skip
        if not name:
            return
        if not name.endswith(".json"):
            name += ".legevakt.json"
        try:
            target = self.save_scenario_as_project(scenario, name)
        except (ScenarioUnavailable, ScenarioSaveError) as err:
            self._scenario_problem(str(err))
            return
        self._scenario_problem(f"Scenariet «{scenario.name}» er lagret som prosjekt: {target} "
                               "(åpne det med Fil → Åpne).", ok=True)  # fmt: skip

    def _remove_selected(self) -> None:
        rows = {i.row() for i in self.scenario_table.selectedIndexes()}
        names = {self.scenario_table.item(r, 0).text() for r in rows if self.scenario_table.item(r, 0)}
        for name in names - {"Nåværende"}:
            self.remove_scenario(name)

    def _fill_scenario_table(self) -> None:
        solved = {r.name: r for r in self._scenarios}
        rows: list[ScenarioResult] = []
        current = solved.get("Nåværende") or self._current
        if current is not None:
            rows.append(current)
        known = current.source if current is not None else None  # the district's own rules
        for s in self._chosen:
            rows.append(solved.get(s.name) or ScenarioResult(
                s.key, s.name, scenario_description(s, known), "ikke kjørt"))
        rows += [r for r in self._scenarios if r.key != "current"
                 and r.name not in {s.name for s in self._chosen}]  # fmt: skip
        t = self.scenario_table
        t.setSortingEnabled(False)
        t.clearContents()
        t.setRowCount(len(rows))
        for row, s in enumerate(rows):
            values: list[Any] = [
                s.name, s.description, s.worst_week, s.median_week, s.worst_ratio, s.effective_n,
                s.bakvakt_hours_per_week, s.practice_days_lost, s.doctors_above_68, s.too_close,
                status_text(s.status) + (f": {s.note}" if s.note else ""),
            ]  # fmt: skip
            for col, value in enumerate(values):
                item = NumberItem()
                if isinstance(value, int | float):
                    shown = str(value) if isinstance(value, int) else _no(value)
                    item.setText(f"1:{ratio_number(value)}" if col in (4, 5) else shown)
                    item.setData(SORT_ROLE, float(value))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                else:
                    item.setText("–" if value is None else str(value))
                if col in (1, 10):  # the change and the verdict, whole, when cut
                    item.setToolTip(str(value))
                if col == 2 and isinstance(value, float) and over(value, LIMIT_WITH_LEGEVAKT):
                    item.setBackground(QBrush(OVER_FILL))
                if col == 4 and isinstance(value, float) and value < FIREDELT - 1e-9:
                    item.setBackground(QBrush(TIGHT_FILL))
                t.setItem(row, col, item)
        t.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        t.setSortingEnabled(True)  # the current rota stays first until the user sorts
        _fit_columns(t, cap=self.STATUS_COLUMN_PX)  # «Endring» stretches: set by its header

    def _show(self) -> None:
        r = self._report
        if r is None:
            self.verdict.setText("Ingen turnus å vurdere ennå.")
            for label in self.fact_labels.values():
                label.setText("–")
            self.kommune_table.setRowCount(0)
            _fit_columns(self.kommune_table)  # the headers read in full before there is a rota
            return
        colour = "#9c0006" if r.in_target_group else "#1e6b30"
        self.verdict.setText(f"<span style='color:{colour}'><b>{r.verdict()}</b></span>")
        f = self.fact_labels
        f["doctors"].setText(str(r.doctors_in_rota))
        f["fastleger"].setText(str(r.fastleger_in_rota))
        f["four"].setText(_yes(r.four_or_fewer))
        f["below"].setText(
            _yes(r.below_firedelt)
            + (f" ({count(r.doctors_below, 'lege', 'leger')} under 1:4 i snitt)"
               if r.doctors_below else "")
            + (f"; {count(len(r.ordinary_with_tight_spans), 'lege', 'leger')} med perioder "
               "tettere enn 1:4" if r.ordinary_with_tight_spans else "")
        )
        f["effective"].setText(f"1:{_ratio(r.effective_n)}")
        f["worst"].setText(r.tightest_text().removeprefix("tettest i snitt (vanlig vaktandel): "))
        eligible = [k.name for k in r.kommuner if k.grant_eligible]
        f["grant"].setText(
            ("ja: " + ", ".join(eligible)) if eligible else "nei (ingen kommune under 5 000 "
            "innbyggere i sentralitetsklasse 6)"
        )
        f["need"].setText(r.need.text() if r.need else "ikke beregnet")
        t = self.kommune_table
        t.setRowCount(len(r.kommuner))
        for row, k in enumerate(r.kommuner):
            values = [
                k.name, thousands(k.inhabitants), str(k.centrality),
                f"{k.fastleger_in_rota} av {k.fastleger}", str(k.doctors_in_rota),
                f"1:{_ratio(k.worst_ratio)}" if k.worst_ratio else "–", _yes(k.four_or_fewer),
                _yes(k.below_firedelt), _yes(k.grant_eligible),
            ]  # fmt: skip
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col in (1, 2, 4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if col in (6, 7) and value == "ja":
                    item.setBackground(QBrush(TIGHT_FILL))
                if col == 8 and value == "ja":
                    item.setBackground(QBrush(GRANT_FILL))
                t.setItem(row, col, item)
        _fit_columns(t)
        shown = min(len(r.kommuner), 6)
        t.setFixedHeight(
            t.horizontalHeader().sizeHint().height()
            + shown * t.verticalHeader().defaultSectionSize() + 2 * t.frameWidth() + 2
        )
