"""The *Belastning* and *Terskel* views: thin Qt widgets over ``legevakt_app.reports``.

Host them in tabs::

    belastning = BelastningView()
    belastning.set_source(source)          # RotaSource: computes the workload report
    terskel = TerskelView()
    terskel.set_source(source)             # threshold verdict (counting bound, no solve)
    terskel.set_need(estimate)             # optional: a NeedEstimate computed in a worker
    terskel.set_scenarios(results)         # list[ScenarioResult] from run_scenarios()
    terskel.scenarios_requested.connect(start_worker)   # the "Kjør scenarier" button

Nothing here solves: the engine calls (``doctors_needed``, ``run_scenarios``) are slow and
belong in the host's worker thread; the views only show their results. Charts are drawn
with matplotlib's QtAgg backend and can be saved as PNG (``save_chart_png``).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from legevakt_app.domain import DOCTOR_KIND_LABELS
from legevakt_app.reports.figures import (
    AML_AVERAGE_LIMIT,
    FIREDELT,
    LIMIT_WITH_LEGEVAKT,
    REFERENCE_FIGURES,
    THRESHOLD_SOURCE,
    norwegian_number,
)
from legevakt_app.reports.output import doctor_flags, factor_text
from legevakt_app.reports.scenarios import ScenarioResult
from legevakt_app.reports.threshold import (
    NeedEstimate,
    ThresholdReport,
    threshold_report,
)
from legevakt_app.reports.workload import DoctorLoad, WorkloadReport, workload_report
from legevakt_app.rota_source import RotaSource

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OVER_FILL = QColor("#FFC7CE")
TIGHT_FILL = QColor("#FFEB9C")
REFERENCE_COLOURS = ("#4c72b0", "#55a868", "#8172b2", "#c44e52")
PRACTICE_COLOUR = "#b8c4d6"
DUTY_COLOUR = "#2f6db5"
DUTY_OVER_COLOUR = "#c0392b"


def _no(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else norwegian_number(value, decimals)


# --- Belastning ------------------------------------------------------------------------


class LoadTableModel(QAbstractTableModel):
    """One row per doctor; every figure of :class:`DoctorLoad`, sortable by number."""

    COLUMNS: tuple[tuple[str, str], ...] = (
        ("Lege", "name"),
        ("Type", "kind"),
        ("Kommune", "kommune"),
        ("Vakter", "vakter"),
        ("Bakvakter", "bakvakter"),
        ("Tilstedevakt t", "on_site_hours"),
        ("Hjemmevakt t", "hjemmevakt_hours"),
        ("Bakvakt t", "bakvakt_hours"),
        ("Vakt t/uke (rå)", "hours_per_week"),
        ("Vakt t/uke (ekv.)", "equivalent_hours_per_week"),
        ("Praksis t/uke", "practice_hours_per_week"),
        ("Uke totalt (rå)", "estimated_total_week"),
        ("Uke totalt (ekv.)", "estimated_total_week_equivalent"),
        ("1:N", "rotation_ratio"),
        ("Tettest (dager)", "tightest_spacing_days"),
        ("Netter", "nights"),
        ("Helger", "weekends"),
        ("Helligdager", "holidays"),
        ("Høytid", "high_days"),
        ("Tapte praksisdager", "practice_days_lost"),
        ("Helger på rad", "longest_weekends_without_free"),
        ("Merknad", "flags"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DoctorLoad] = []
        self._window = int(FIREDELT)

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
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][0]
        return None

    def _value(self, d: DoctorLoad, key: str) -> Any:
        if key == "kind":
            return DOCTOR_KIND_LABELS.get(d.kind, d.kind)
        if key == "flags":
            return ", ".join(doctor_flags(d, self._window))
        return getattr(d, key)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        key = self.COLUMNS[index.column()][1]
        value = self._value(d, key)
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float):
                return _no(value)
            return "–" if value is None else str(value)
        if role == SORT_ROLE:
            if value is None:
                return -1.0
            return value if isinstance(value, int | float) else str(value).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key == "estimated_total_week" and d.above_68h:
                return QBrush(OVER_FILL)
            if key == "estimated_total_week_equivalent" and d.above_48h_equivalent:
                return QBrush(OVER_FILL)
            if key == "rotation_ratio" and d.below(self._window):
                return QBrush(TIGHT_FILL)
        if role == Qt.ItemDataRole.ToolTipRole and key == "rotation_ratio" and d.tight_spans:
            return "Tettere enn 1:{}: {}".format(
                self._window,
                ", ".join(f"{s.start:%d.%m}–{s.end:%d.%m}" for s in d.tight_spans),
            )
        return None


class BelastningView(QWidget):
    """Estimated weekly hours per doctor against the burden figures, the table with every
    figure, and a per-doctor timeline of where the rota is tighter than 1:4.

    API: ``set_source(RotaSource)``, ``set_report(WorkloadReport)``, ``report()``,
    ``set_equivalent(bool)``, ``save_chart_png(path)``, ``save_timeline_png(path)``.
    """

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
        self.view_choice.currentIndexChanged.connect(lambda i: self.set_equivalent(i == 1))
        self.save_button = QPushButton("Lagre diagram som PNG …")
        self.save_button.clicked.connect(self._save_dialog)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)

        self.figure = Figure(figsize=(6.5, 4.5), dpi=100, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(300)
        self.timeline_figure = Figure(figsize=(10, 3), dpi=100, layout="constrained")
        self.timeline_canvas = FigureCanvasQTAgg(self.timeline_figure)
        self.timeline_canvas.setMinimumHeight(200)

        self.model = LoadTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(QLabel("Visning:"))
        top.addWidget(self.view_choice)
        top.addWidget(self.save_button)

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.canvas)
        upper.addWidget(self.table)
        upper.setStretchFactor(0, 4)
        upper.setStretchFactor(1, 6)
        upper.setSizes([560, 840])
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(upper)
        outer.addWidget(self.timeline_canvas)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.explanation)
        layout.addWidget(outer, 1)
        self._draw()

    # public API

    def set_source(self, source: RotaSource) -> WorkloadReport:
        """Measure ``source``'s rota and show it. Returns the report."""
        report = workload_report(source)
        self.set_report(report)
        return report

    def set_report(self, report: WorkloadReport | None) -> None:
        self._report = report
        self.model.set_rows(report.doctors if report else [], report.window_days if report else 4)
        self.table.resizeColumnsToContents()
        self.table.sortByColumn(11, Qt.SortOrder.DescendingOrder)
        self._draw()

    def report(self) -> WorkloadReport | None:
        return self._report

    def set_equivalent(self, equivalent: bool) -> None:
        """Show the working-time-equivalent view (``True``) or the raw view (``False``)."""
        self._equivalent = equivalent
        if self.view_choice.currentIndex() != int(equivalent):
            self.view_choice.setCurrentIndex(int(equivalent))
        self._draw()

    def save_chart_png(self, path: str | Path, dpi: int = 150) -> Path:
        target = Path(path)
        self.figure.savefig(target, dpi=dpi)
        return target

    def save_timeline_png(self, path: str | Path, dpi: int = 150) -> Path:
        target = Path(path)
        self.timeline_figure.savefig(target, dpi=dpi)
        return target

    # drawing

    def _save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Lagre diagram", "belastning.png", "PNG (*.png)")
        if path:
            self.save_chart_png(path)

    def _draw(self) -> None:
        self._draw_bars()
        self._draw_timeline()
        r = self._report
        if r is None:
            self.title.setText("Belastning")
            self.explanation.setText("Ingen turnus å vise ennå.")
            return
        self.title.setText(
            f"Belastning – {r.district_name}, {r.period_start:%d.%m.%Y}–{r.period_end:%d.%m.%Y}"
        )
        view = (
            f"Arbeidstidsekvivalent: hjemmevakt- og bakvakttimer × {factor_text(r.hjemmevakt_factor)}"
            " (ikke direkte sammenlignbar med 68/49/55,6 t)."
            if self._equivalent
            else "Rå timer: alle vakttimer regnet fullt, slik undersøkelsene bak 68 / 49 / 55,6 t "
            "regnet."
        )
        d = r.district
        self.explanation.setText(
            f"Estimert arbeidsuke = praksistimer + gjennomsnittlige vakttimer per uke. {view} "
            f"Effektivt N: 1:{_no(d.effective_n)}, tettest 1:{_no(d.worst_ratio)} "
            f"({d.worst_doctor or '–'}). Rødt: over {LIMIT_WITH_LEGEVAKT:g} t (rå) eller "
            f"{AML_AVERAGE_LIMIT:g} t (ekv., arbeidsmiljøloven); gult: tettere enn 1:{r.window_days}."
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
        practice = [d.practice_hours_per_week for d in rows]
        duty = [d.equivalent_hours_per_week if eq else d.hours_per_week for d in rows]
        totals = [p + v for p, v in zip(practice, duty, strict=True)]
        limit = AML_AVERAGE_LIMIT if eq else LIMIT_WITH_LEGEVAKT
        colours = [DUTY_OVER_COLOUR if t > limit else DUTY_COLOUR for t in totals]
        y = range(len(rows))
        ax.barh(y, practice, color=PRACTICE_COLOUR, label="Praksis (dagtid)")
        ax.barh(y, duty, left=practice, color=colours,
                label="Legevakt (ekv.)" if eq else "Legevakt (rå timer)")  # fmt: skip
        for i, total in enumerate(totals):
            ax.text(total + 0.8, i, _no(total), va="center", fontsize=8)
        for fig_ref, colour in zip(REFERENCE_FIGURES, REFERENCE_COLOURS, strict=True):
            ax.axvline(fig_ref.hours, color=colour, linestyle="--", linewidth=1.2,
                       label=f"{norwegian_number(fig_ref.hours)} t: {fig_ref.label} "
                             f"({fig_ref.source})")  # fmt: skip
        if eq:
            ax.axvline(AML_AVERAGE_LIMIT, color="#dd8452", linestyle=":", linewidth=1.4,
                       label="48 t: arbeidsmiljøloven, gjennomsnitt")  # fmt: skip
        ax.set_yticks(list(y), names, fontsize=8)
        ax.set_xlabel("Estimert arbeidsuke, timer (" + ("arbeidstidsekvivalent" if eq else "rå")
                      + ")")  # fmt: skip
        ax.set_xlim(0, max(max(totals) + 8, LIMIT_WITH_LEGEVAKT + 10))
        ax.set_title("Estimert arbeidsuke per lege", fontsize=10)
        ax.grid(axis="x", alpha=0.3)
        fig.legend(loc="outside lower center", fontsize=6.5, ncols=1, frameon=False)
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
        from matplotlib.dates import DateFormatter, date2num

        rows = [d for d in r.doctors if d.in_rota]
        start, end = r.period_start, r.period_end
        day = start
        while day <= end:  # weekends as light bands
            if day.weekday() == 5:
                ax.axvspan(date2num(day), date2num(day + timedelta(days=2)), color="#eeeeee",
                           zorder=0)  # fmt: skip
            day += timedelta(days=1)
        for i, d in enumerate(rows):
            for span in d.tight_spans:
                ax.broken_barh(
                    [(date2num(span.start), (span.end - span.start).days + 1)], (i - 0.4, 0.8),
                    color="#f5b7b1", zorder=1,
                )
            xs = [date2num(x) + 0.5 for x in d.duty_dates]
            ax.scatter(xs, [i] * len(xs), marker="|", s=60, color="#1f3b73", zorder=2,
                       linewidths=1.2)  # fmt: skip
        ax.set_yticks(range(len(rows)), [d.name for d in rows], fontsize=7)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(date2num(start), date2num(end + timedelta(days=1)))
        ax.xaxis.set_major_formatter(DateFormatter("%d.%m"))
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(
            f"Vaktdager per lege (|); rødt: tettere enn 1:{r.window_days}; grått: helg",
            fontsize=9,
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

    API: ``set_source(RotaSource)``, ``set_report(ThresholdReport)``, ``set_need(NeedEstimate)``,
    ``set_scenarios(list[ScenarioResult])``, ``report()``. Signals: ``scenarios_requested``
    and ``need_requested(int target)`` — the host runs the engine in a worker and calls back.
    """

    scenarios_requested = Signal()
    need_requested = Signal(int)

    SCENARIO_COLUMNS = (
        "Scenario", "Endring", "Verste uke (t)", "Median uke (t)", "Verste 1:N", "Effektivt N",
        "Bakvakt t/uke", "Tapte praksisdager", "Over 68 t", "Status",
    )  # fmt: skip
    KOMMUNE_COLUMNS = (
        "Kommune", "Innbyggere", "Sentralitet", "Fastleger i turnus", "Leger i turnus",
        "Tettest 1:N", "Egne fastleger ≤ 4", "Mindre enn firedelt", "Legevakttilskudd",
    )  # fmt: skip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: ThresholdReport | None = None
        self._scenarios: list[ScenarioResult] = []

        self.title = QLabel("Firelegegrensen")
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        vfont = QFont(self.verdict.font())
        vfont.setPointSize(vfont.pointSize() + 2)
        self.verdict.setFont(vfont)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_note = QLabel(f"Kilde: {THRESHOLD_SOURCE}. Tilskudd: kommuner med under "
                                  "5 000 innbyggere i sentralitetsklasse 6 (kap. 1.8.2).")  # fmt: skip
        self.source_note.setWordWrap(True)
        self.source_note.setStyleSheet("color: #555;")

        self.facts = QFormLayout()
        self.fact_labels: dict[str, QLabel] = {}
        for key, label in (
            ("doctors", "Leger i turnusen"),
            ("fastleger", "Fastleger i turnusen"),
            ("four", "Fire eller færre fastleger"),
            ("below", "Mindre enn firedelt vakt"),
            ("effective", "Effektivt N (andelsvektet)"),
            ("worst", "Tettest lege"),
            ("grant", "Legevakttilskudd"),
            ("need", "Leger som trengs"),
        ):
            value = QLabel("–")
            value.setWordWrap(True)
            self.fact_labels[key] = value
            self.facts.addRow(f"{label}:", value)

        self.need_button = QPushButton("Regn ut med motoren")
        self.need_button.setToolTip("Løs på nytt med ekstra leger til 1:4 er mulig")
        self.need_button.clicked.connect(lambda: self.need_requested.emit(self.target()))
        self.target_choice = QComboBox()
        for n in (4, 5, 6, 7, 8):
            self.target_choice.addItem(f"1:{n}", n)

        self.kommune_table = QTableWidget(0, len(self.KOMMUNE_COLUMNS))
        self.kommune_table.setHorizontalHeaderLabels(list(self.KOMMUNE_COLUMNS))
        self.kommune_table.verticalHeader().setVisible(False)
        self.kommune_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.scenario_button = QPushButton("Kjør scenarier")
        self.scenario_button.clicked.connect(self.scenarios_requested.emit)
        self.scenario_table = QTableWidget(0, len(self.SCENARIO_COLUMNS))
        self.scenario_table.setHorizontalHeaderLabels(list(self.SCENARIO_COLUMNS))
        self.scenario_table.verticalHeader().setVisible(False)
        self.scenario_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        need_row = QHBoxLayout()
        need_row.addWidget(QLabel("Mål:"))
        need_row.addWidget(self.target_choice)
        need_row.addWidget(self.need_button)
        need_row.addStretch(1)
        scen_row = QHBoxLayout()
        scen_title = QLabel("Scenarier: én endring hver, løst og sammenlignet")
        scen_title.setStyleSheet("font-weight: bold;")
        scen_row.addWidget(scen_title)
        scen_row.addStretch(1)
        scen_row.addWidget(self.scenario_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.verdict)
        layout.addWidget(self.source_note)
        layout.addLayout(self.facts)
        layout.addLayout(need_row)
        kommune_title = QLabel("Per kommune")
        kommune_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(kommune_title)
        layout.addWidget(self.kommune_table, 2)
        layout.addLayout(scen_row)
        layout.addWidget(self.scenario_table, 3)
        self._show()

    def target(self) -> int:
        return int(self.target_choice.currentData())

    def report(self) -> ThresholdReport | None:
        return self._report

    def set_source(self, source: RotaSource) -> ThresholdReport:
        """The verdict for ``source`` (counting bound only; no engine call). Returns it."""
        report = threshold_report(source)
        from legevakt_app.reports.threshold import doctors_needed

        report.need = doctors_needed(source, self.target(), solve_fn=None)
        self.set_report(report)
        return report

    def set_report(self, report: ThresholdReport | None) -> None:
        self._report = report
        self._show()

    def set_need(self, need: NeedEstimate) -> None:
        """Show a doctors-needed answer computed elsewhere (e.g. with the engine)."""
        if self._report is not None:
            self._report.need = need
        self._show()

    def set_scenarios(self, results: list[ScenarioResult]) -> None:
        self._scenarios = list(results)
        t = self.scenario_table
        t.setSortingEnabled(False)
        t.setRowCount(len(results))
        for row, s in enumerate(results):
            values: list[Any] = [
                s.name, s.description, s.worst_week, s.median_week, s.worst_ratio, s.effective_n,
                s.bakvakt_hours_per_week, s.practice_days_lost, s.doctors_above_68,
                s.status + (f": {s.note}" if s.note else ""),
            ]  # fmt: skip
            for col, value in enumerate(values):
                item = NumberItem()
                if isinstance(value, int | float):
                    item.setText(str(value) if isinstance(value, int) else _no(value))
                    item.setData(SORT_ROLE, float(value))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                else:
                    item.setText("–" if value is None else str(value))
                if col == 2 and isinstance(value, float) and value > LIMIT_WITH_LEGEVAKT:
                    item.setBackground(QBrush(OVER_FILL))
                if col == 4 and isinstance(value, float) and value < FIREDELT - 1e-9:
                    item.setBackground(QBrush(TIGHT_FILL))
                t.setItem(row, col, item)
        t.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        t.setSortingEnabled(True)  # the current rota stays first until the user sorts
        t.resizeColumnsToContents()
        t.setColumnWidth(1, min(t.columnWidth(1), 320))

    def scenarios(self) -> list[ScenarioResult]:
        return list(self._scenarios)

    def _show(self) -> None:
        r = self._report
        if r is None:
            self.verdict.setText("Ingen turnus å vurdere ennå.")
            for label in self.fact_labels.values():
                label.setText("–")
            self.kommune_table.setRowCount(0)
            return
        colour = "#9c0006" if r.in_target_group else "#1e6b30"
        self.verdict.setText(f"<span style='color:{colour}'><b>{r.verdict()}</b></span>")
        f = self.fact_labels
        f["doctors"].setText(str(r.doctors_in_rota))
        f["fastleger"].setText(str(r.fastleger_in_rota))
        f["four"].setText(_yes(r.four_or_fewer))
        f["below"].setText(
            _yes(r.below_firedelt)
            + (f" ({r.doctors_below} lege(r) under 1:4)" if r.doctors_below else "")
        )
        f["effective"].setText(f"1:{_no(r.effective_n)}")
        f["worst"].setText(f"{r.worst_doctor or '–'}, 1:{_no(r.worst_ratio)}")
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
                k.name, f"{k.inhabitants:,}".replace(",", " "), str(k.centrality),
                f"{k.fastleger_in_rota} av {k.fastleger}", str(k.doctors_in_rota),
                f"1:{_no(k.worst_ratio)}" if k.worst_ratio else "–", _yes(k.four_or_fewer),
                _yes(k.below_firedelt), _yes(k.grant_eligible),
            ]  # fmt: skip
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 7 and value == "ja":
                    item.setBackground(QBrush(TIGHT_FILL))
                if col == 8 and value == "ja":
                    item.setBackground(QBrush(QColor("#c6efce")))
                t.setItem(row, col, item)
        t.resizeColumnsToContents()
