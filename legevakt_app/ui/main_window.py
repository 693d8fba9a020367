"""The main window: a legevakt leader's whole workflow in one place.

Every edit replaces the project with a validated copy through an undo command, so Angre/Gjør
om cover everything (including manual rota changes). After each change the independent
checker re-verifies the rota and the Kontroll panel lists what is wrong.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QModelIndex, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from legevakt_app.competence import derive_competence
from legevakt_app.domain import (
    COMPETENCE_RULE_LABELS,
    DOCTOR_KIND_LABELS,
    EXEMPTION_CATEGORY_LABELS,
    EXEMPTION_SCOPE_LABELS,
    SHIFT_KIND_LABELS,
    WEEKDAY_NAMES,
    Absence,
    Doctor,
    Exemption,
    FrequencyLimit,
    Kommune,
    Project,
    PublishedAssignment,
    ShiftTemplate,
    Station,
    Wish,
)
from legevakt_app.engine_input import build_problem, project_rota
from legevakt_app.export.layout import doctor_colours
from legevakt_app.project_io import ProjectError, load_project, reference_problems, save_project
from legevakt_app.ui.dialogs import PickDoctorDialog, StartDialog
from legevakt_app.ui.models import Field, RecordTableModel, RotaGridModel, is_invalid
from legevakt_app.ui.workers import Worker
from solver.problem import Rota

APP_TITLE = "Legevakt"
MAX_RECENT = 8
SOLVE_SECONDS = 60.0
ROLE_CHOICES = (("vakt", "Vakt"), ("bakvakt", "Bakvakt"))


def ask_save_changes(parent: QWidget, name: str) -> str:
    """'save', 'discard' or 'cancel' (a function of its own so tests can answer it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Ulagrede endringer")
    box.setText(f"«{name}» har endringer som ikke er lagret.")
    box.setInformativeText("Vil du lagre dem?")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def show_message(parent: QWidget, title: str, text: str, detail: str = "",
                 icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
    """Non-blocking message box (tests and the GUI thread never wait on it)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setDetailedText(detail)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    parent.last_message = f"{title}: {text}\n{detail}".strip()  # type: ignore[attr-defined]


class ProjectChange(QUndoCommand):
    """One edit: the project before and after (pydantic copies are cheap at district size)."""

    def __init__(self, window: MainWindow, before: Project, after: Project, text: str) -> None:
        super().__init__(text)
        self.window = window
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.window.set_project(self.after)

    def undo(self) -> None:
        self.window.set_project(self.before)


class MonthFilter(QSortFilterProxyModel):
    """Show one month of the rota grid, or the whole period (month = None)."""

    def __init__(self) -> None:
        super().__init__()
        self.month: tuple[int, int] | None = None

    def set_month(self, month: tuple[int, int] | None) -> None:
        self.month = month
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        if self.month is None:
            return True
        day = self.sourceModel().days[row]
        return (day.year, day.month) == self.month


class MainWindow(QMainWindow):
    def __init__(self, project: Project | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.settings = QSettings("Legevakt", "Legevakt")
        self.undo = QUndoStack(self)
        self.undo.cleanChanged.connect(self._clean_changed)
        self.project: Project | None = None
        self.path: Path | None = None
        self.problem: Any = None
        self.violations: list[Any] = []
        self.project_problems: list[Any] = []
        self.worker: Worker | None = None
        self.progress: QProgressDialog | None = None
        self.last_message = ""
        self.last_solve: Any = None
        self._reports_dirty = True
        self._build_ui()
        self._build_menus()
        self.resize(1366, 768)
        if project is not None:
            self.load(project, path)

    # ----- building -------------------------------------------------------------------------
    def _table(self, model: Any, stretch_last: bool = False) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setDefaultSectionSize(24)
        view.horizontalHeader().setStretchLastSection(stretch_last)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        return view

    def _build_ui(self) -> None:
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.tabs.addTab(self._district_tab(), "Distrikt")
        self.tabs.addTab(self._doctors_tab(), "Leger")
        self.tabs.addTab(self._templates_tab(), "Vakter og regler")
        self.tabs.addTab(self._absence_tab(), "Fravær og ønsker")
        self.tabs.addTab(self._rota_tab(), "Turnus")
        from legevakt_app.ui.report_views import BelastningView, TerskelView

        self.belastning = BelastningView()
        self.terskel = TerskelView()
        self.terskel.need_requested.connect(self.compute_need)
        self.terskel.scenarios_requested.connect(self.run_scenarios)
        self.tabs.addTab(self.belastning, "Belastning")
        self.tabs.addTab(self.terskel, "Terskel")
        self.tabs.currentChanged.connect(self._tab_changed)

        dock = QDockWidget("Kontroll", self)
        dock.setObjectName("kontroll")
        panel = QWidget()
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(4, 2, 4, 2)
        self.status_label = QLabel()
        lay.addWidget(self.status_label)
        self.problem_list = QListWidget()
        self.problem_list.setMaximumHeight(110)
        self.problem_list.itemActivated.connect(self._jump_to_problem)
        self.problem_list.itemClicked.connect(self._jump_to_problem)
        lay.addWidget(self.problem_list)
        dock.setWidget(panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.resizeDocks([dock], [100], Qt.Orientation.Vertical)

    def _district_tab(self) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        left = QGroupBox("Kommuner")
        ll = QVBoxLayout(left)
        self.kommune_model = RecordTableModel(
            [Field("Navn", "name"), Field("Innbyggere", "inhabitants", kind="int"),
             Field("Sentralitetsklasse (1–6)", "centrality", kind="int",
                   tooltip="SSBs sentralitetsklasse: 1 mest sentral, 6 minst sentral")],
            on_edit=lambda row, attr, value: self.edit_item("kommuner", row, attr, value),
        )
        self.kommune_view = self._table(self.kommune_model, stretch_last=True)
        ll.addWidget(self.kommune_view)
        row = QHBoxLayout()
        b = QPushButton("Ny kommune")
        b.clicked.connect(self.add_kommune)
        row.addWidget(b)
        b = QPushButton("Fjern kommune")
        b.clicked.connect(lambda: self.remove_selected("kommuner", self.kommune_view))
        row.addWidget(b)
        row.addStretch()
        ll.addLayout(row)
        right = QGroupBox("Stasjoner: hovedlegevakt og satellitter")
        rl = QVBoxLayout(right)
        self.station_model = RecordTableModel(
            [Field("Id", "id", editable=False), Field("Navn", "name"),
             Field("Type", "kind", kind="choice",
                   choices=(("central", "Hovedlegevakt"), ("satellite", "Satellitt"))),
             Field("Kommune", "kommune")],
            on_edit=lambda row, attr, value: self.edit_item("stations", row, attr, value),
        )
        self.station_view = self._table(self.station_model, stretch_last=True)
        rl.addWidget(self.station_view)
        row = QHBoxLayout()
        b = QPushButton("Legg til satellitt")
        b.clicked.connect(self.add_satellite)
        row.addWidget(b)
        b = QPushButton("Fjern satellitt")
        b.clicked.connect(self.remove_satellite)
        row.addWidget(b)
        row.addStretch()
        rl.addLayout(row)
        lay.addWidget(left, 1)
        lay.addWidget(right, 1)
        return w

    def _doctors_tab(self) -> QWidget:
        splitter = QSplitter()
        kinds = tuple(DOCTOR_KIND_LABELS.items())

        def competence_text(d: Doctor) -> str:
            assert self.project is not None
            return derive_competence(d.competence, self.project.rules.competence_rule).label

        def age_text(d: Doctor) -> str:
            year = self.project.period.start.year if self.project else date.today().year
            age = year - d.birth_year
            return f"{age} (55+)" if age >= 55 else str(age)

        def colour(d: Doctor) -> QColor | None:
            if self.project is None:
                return None
            ok = derive_competence(d.competence, self.project.rules.competence_rule).competent
            return None if ok else QColor("#fff3cd")

        self.doctor_model = RecordTableModel(
            [Field("Navn", "name"), Field("Type", "kind", kind="choice", choices=kinds),
             Field("Kompetanse", "competence", editable=False, display=competence_text),
             Field("Kommune", "kommune"), Field("Født", "birth_year", kind="int"),
             Field("Alder", "birth_year", editable=False, display=age_text),
             Field("Stilling", "position_share", kind="float", tooltip="Stillingsbrøk"),
             Field("Vaktandel", "legevakt_share", kind="float",
                   tooltip="0 = ingen vakt, 1 = full andel, over 1 = frivillig ekstra (maks 3)"),
             Field("Praksis t/uke", "practice_hours_per_week", kind="float"),
             Field("Spesialist", "competence.specialist_allmennmedisin", kind="bool"),
             Field("Mnd klinisk", "competence.clinical_months", kind="int"),
             Field("Legevakter", "competence.legevakter_done", kind="int"),
             Field("År allmennlege", "competence.years_allmennlege", kind="float"),
             Field("LIS1 fullført", "competence.lis1_completed", kind="bool"),
             Field("Kurs", "competence.courses_done", kind="bool",
                   tooltip="Akuttmedisin og volds- og overgrepshåndtering")],
            on_edit=lambda row, attr, value: self.edit_item("doctors", row, attr, value),
            row_colour=colour,
        )
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.doctor_view = self._table(self.doctor_model)
        self.doctor_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.doctor_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_doctor())
        ll.addWidget(self.doctor_view)
        row = QHBoxLayout()
        b = QPushButton("Ny lege")
        b.clicked.connect(self.add_doctor)
        row.addWidget(b)
        b = QPushButton("Fjern lege")
        b.clicked.connect(lambda: self.remove_selected("doctors", self.doctor_view))
        row.addWidget(b)
        row.addStretch()
        ll.addLayout(row)
        self.doctor_detail = QLabel("Velg en lege")
        self.doctor_detail.setWordWrap(True)
        self.doctor_detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.doctor_detail.setMinimumWidth(280)
        self.doctor_detail.setTextFormat(Qt.TextFormat.RichText)
        splitter.addWidget(left)
        splitter.addWidget(self.doctor_detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        return splitter

    def _templates_tab(self) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        box = QGroupBox("Vakttyper per stasjon")
        bl = QVBoxLayout(box)

        def weekdays_text(t: ShiftTemplate) -> str:
            return ", ".join(WEEKDAY_NAMES[d][:3] for d in sorted(t.weekdays))

        self.template_model = RecordTableModel(
            [Field("Navn", "name"), Field("Stasjon", "station"),
             Field("Type", "kind", kind="choice", choices=tuple(SHIFT_KIND_LABELS.items())),
             Field("Dager", "weekdays", editable=False, display=weekdays_text),
             Field("Fra", "start"), Field("Til", "end"),
             Field("+dager", "end_day_offset", kind="int", tooltip="Slutter så mange dager etter start"),
             Field("Tilstede", "on_site", kind="bool", tooltip="Tilstedevakt (ellers hjemmevakt)"),
             Field("Antall leger", "required", kind="int"),
             Field("Kun kompetent", "requires_competent", kind="bool",
                   tooltip="Ingen LIS med bakvakt på denne vakten"),
             Field("Vekt", "weight", kind="float", tooltip="Belastning per time")],
            on_edit=lambda row, attr, value: self.edit_item("templates", row, attr, value),
        )
        self.template_view = self._table(self.template_model)
        self.template_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        bl.addWidget(self.template_view)
        lay.addWidget(box, 5)

        rules = QGroupBox("Regler")
        form = QFormLayout(rules)
        self.rule_competence = QComboBox()
        for key, label in COMPETENCE_RULE_LABELS.items():
            self.rule_competence.addItem(label, key)
        self.rule_rest = QDoubleSpinBox()
        self.rule_rest.setRange(0, 24)
        self.rule_rest.setSuffix(" t")
        self.rule_after_night = QComboBox()
        self.rule_after_night.addItem("Fri fra praksis dagen etter (telles som tapt dag)", "day_off")
        self.rule_after_night.addItem("Ikke tillatt før en praksisdag", "forbid")
        self.rule_window = QSpinBox()
        self.rule_window.setRange(1, 28)
        self.rule_window.setSuffix(" dager")
        self.rule_max_window = QSpinBox()
        self.rule_max_window.setRange(0, 31)
        self.rule_max_window.setSpecialValueText("ingen grense")
        self.rule_window_hard = QCheckBox("absolutt (ellers ønsket)")
        self.rule_per_week = QSpinBox()
        self.rule_per_week.setRange(0, 7)
        self.rule_per_week.setSpecialValueText("ingen grense")
        self.rule_factor = QDoubleSpinBox()
        self.rule_factor.setRange(0, 1)
        self.rule_factor.setSingleStep(0.05)
        self.rule_factor.setDecimals(3)
        self.rule_bakvakt = QDoubleSpinBox()
        self.rule_bakvakt.setRange(0, 5)
        self.rule_bakvakt.setSingleStep(0.1)
        form.addRow("Kompetanseregel", self.rule_competence)
        form.addRow("Minste hviletid", self.rule_rest)
        form.addRow("Natt før praksisdag", self.rule_after_night)
        form.addRow("Vindu for vakthyppighet", self.rule_window)
        form.addRow("Maks vakter i vinduet", self.rule_max_window)
        form.addRow("", self.rule_window_hard)
        form.addRow("Maks vakter per uke", self.rule_per_week)
        form.addRow("Hjemmevakt teller (per time)", self.rule_factor)
        form.addRow("Bakvakt belastning per time", self.rule_bakvakt)
        hint = QLabel("Firedelt vakt = høyst 1 vakt i et vindu på 4 dager. "
                      "Hviletid: 8 t (SFS 2305 pkt. 7.4) eller 11 t (arbeidsmiljøloven § 10-8). "
                      "KS regner en hjemmevaktstime som 1/7 time arbeid.")
        hint.setWordWrap(True)
        form.addRow(hint)
        apply = QPushButton("Bruk reglene")
        apply.clicked.connect(self.apply_rules)
        form.addRow(apply)
        lay.addWidget(rules, 3)
        return w

    def _absence_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        top = QHBoxLayout()
        top.addWidget(QLabel("Lege:"))
        self.absence_doctor = QComboBox()
        self.absence_doctor.currentIndexChanged.connect(lambda _i: self._refresh_absences())
        top.addWidget(self.absence_doctor, 1)
        for text, slot in (("Nytt fravær", self.add_absence), ("Nytt ønske", self.add_wish),
                           ("Nytt fritak", self.add_exemption)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            top.addWidget(b)
        lay.addLayout(top)
        grid = QHBoxLayout()

        def section(title: str, fields: list[Field], kind: str) -> tuple[RecordTableModel, QTableView]:
            box = QGroupBox(title)
            bl = QVBoxLayout(box)
            model = RecordTableModel(
                fields, on_edit=lambda row, attr, value: self.edit_doctor_list(kind, row, attr, value)
            )
            view = self._table(model, stretch_last=True)
            bl.addWidget(view)
            remove = QPushButton("Fjern valgt")
            remove.clicked.connect(lambda: self.remove_doctor_item(kind, view))
            bl.addWidget(remove)
            grid.addWidget(box)
            return model, view

        kinds = (("ferie", "Ferie"), ("kurs", "Kurs"), ("permisjon", "Permisjon"), ("annet", "Annet"))
        self.absence_model, self.absence_view = section(
            "Fravær (ferie, kurs, permisjon)",
            [Field("Type", "kind", kind="choice", choices=kinds),
             Field("Fra", "start", kind="date"), Field("Til", "end", kind="date")],
            "unavailable",
        )
        self.wish_model, self.wish_view = section(
            "Ønsker",
            [Field("Ønsker vakt", "wants", kind="bool"),
             Field("Fra", "start", kind="date"), Field("Til", "end", kind="date"),
             Field("Bare vakttype", "template", editable=False,
                   display=lambda wsh: wsh.template or "alle")],
            "wishes",
        )
        self.exemption_model, self.exemption_view = section(
            "Fritak (bare kategori og datoer — aldri grunn)",
            [Field("Kategori", "category", kind="choice",
                   choices=tuple(EXEMPTION_CATEGORY_LABELS.items())),
             Field("Omfang", "scope", kind="choice", choices=tuple(EXEMPTION_SCOPE_LABELS.items())),
             Field("Fra", "start", kind="date"), Field("Til", "end", kind="date")],
            "exemptions",
        )
        self.preassigned_model, self.preassigned_view = section(
            "Forhåndstildelte vakter",
            [Field("Vakt", "shift_id", editable=False),
             Field("Rolle", "role", kind="choice", choices=ROLE_CHOICES)],
            "pre_assigned",
        )
        lay.addLayout(grid)
        return w

    def _rota_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        bar = QHBoxLayout()
        self.solve_button = QPushButton("Lag turnus (F5)")
        self.solve_button.setStyleSheet("font-weight: bold; padding: 4px 12px;")
        self.solve_button.clicked.connect(lambda: self.solve())
        bar.addWidget(self.solve_button)
        b = QPushButton("Optimaliser resten")
        b.setToolTip("Løs på nytt rundt de låste cellene")
        b.clicked.connect(lambda: self.solve(mode="rest"))
        bar.addWidget(b)
        b = QPushButton("Reparer")
        b.setToolTip("Tilpass turnusen til endret fravær med færrest mulig flyttinger")
        b.clicked.connect(lambda: self.solve(mode="repair"))
        bar.addWidget(b)
        b = QPushButton("Lås/lås opp (Ctrl+L)")
        b.clicked.connect(self.toggle_lock)
        bar.addWidget(b)
        bar.addSpacing(16)
        bar.addWidget(QLabel("Vis:"))
        self.month_combo = QComboBox()
        self.month_combo.currentIndexChanged.connect(self._month_changed)
        bar.addWidget(self.month_combo)
        bar.addWidget(QLabel("Fremhev:"))
        self.highlight_combo = QComboBox()
        self.highlight_combo.currentIndexChanged.connect(self._highlight_changed)
        bar.addWidget(self.highlight_combo)
        self.compact_box = QCheckBox("Initialer")
        self.compact_box.toggled.connect(lambda on: self.grid_model.set_compact(on))
        bar.addWidget(self.compact_box)
        bar.addStretch()
        self.solve_summary = QLabel()
        bar.addWidget(self.solve_summary)
        lay.addLayout(bar)
        self.grid_model = RotaGridModel()
        self.grid_proxy = MonthFilter()
        self.grid_proxy.setSourceModel(self.grid_model)
        self.grid_view = QTableView()
        self.grid_view.setModel(self.grid_proxy)
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid_view.horizontalHeader().setDefaultSectionSize(130)
        self.grid_view.horizontalHeader().setMinimumHeight(54)
        self.grid_view.verticalHeader().setDefaultSectionSize(22)
        self.grid_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_view.doubleClicked.connect(self.pick_doctor_for_cell)
        lay.addWidget(self.grid_view)
        return w

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Fil")
        self.act_new = self._action(file_menu, "&Ny", self.new_project, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Åpne …", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Nylig brukte")
        self._action(file_menu, "&Lagre", self.save, QKeySequence.StandardKey.Save)
        self._action(file_menu, "Lagre &som …", self.save_as, QKeySequence.StandardKey.SaveAs)
        export = file_menu.addMenu("&Eksporter")
        self._action(export, "Excel-arbeidsbok …", lambda: self.export("xlsx"), "Ctrl+E")
        self._action(export, "PDF …", lambda: self.export("pdf"))
        self._action(export, "Kalenderfiler (.ics) …", lambda: self.export("ics"))
        self._action(export, "Resultatfil (legevakt-rota/1) …", lambda: self.export("result"))
        file_menu.addSeparator()
        self._action(file_menu, "&Avslutt", self.close, QKeySequence.StandardKey.Quit)
        edit = self.menuBar().addMenu("&Rediger")
        undo = self.undo.createUndoAction(self, "&Angre")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo.createRedoAction(self, "&Gjør om")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        rota = self.menuBar().addMenu("&Turnus")
        self._action(rota, "&Lag turnus", lambda: self.solve(), "F5")
        self._action(rota, "Lag turnus (Ctrl+R)", lambda: self.solve(), "Ctrl+R")
        self._action(rota, "&Optimaliser resten", lambda: self.solve(mode="rest"))
        self._action(rota, "&Reparer etter fravær", lambda: self.solve(mode="repair"))
        self._action(rota, "Lås/lås opp valgte celler", self.toggle_lock, "Ctrl+L")
        self._action(rota, "Publiser (ta vare på som kunngjort)", self.publish)
        self._refresh_recent()

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        return act

    # ----- project state --------------------------------------------------------------------
    def load(self, project: Project, path: Path | None) -> None:
        self.undo.clear()
        self.path = path
        self.set_project(project)
        self.undo.setClean()
        if path is not None:
            self._remember(path)
        self._update_title()

    def set_project(self, project: Project) -> None:
        """Show ``project`` everywhere and re-check it (called by undo commands too)."""
        self.project = project
        self.project_problems = reference_problems(project)
        self.problem = build_problem(project) if not self.project_problems else None
        self._refresh_views()
        self._run_checker()
        self._reports_dirty = True
        if self.tabs.currentWidget() in (self.belastning, self.terskel):
            self._refresh_reports()
        self._update_title()

    def apply(self, after: Project, text: str) -> None:
        assert self.project is not None
        self.undo.push(ProjectChange(self, self.project, after, text))

    def copy(self) -> Project:
        assert self.project is not None
        return self.project.model_copy(deep=True)

    @property
    def modified(self) -> bool:
        return not self.undo.isClean()

    def _clean_changed(self, _clean: bool) -> None:
        try:
            self._update_title()
        except RuntimeError:  # the window is being destroyed
            pass

    def _update_title(self) -> None:
        name = self.path.name if self.path else "Uten navn"
        district = f" — {self.project.district.name}" if self.project else ""
        self.setWindowTitle(f"{name}{'*' if self.modified else ''}{district} — {APP_TITLE}")

    # ----- views ----------------------------------------------------------------------------
    def _refresh_views(self) -> None:
        p = self.project
        if p is None:
            return
        self.kommune_model.set_records(p.district.kommuner)
        self.station_model.set_records(p.district.stations)
        self.doctor_model.set_records(p.doctors)
        self.template_model.set_records(p.templates)
        self._refresh_rules()
        current = self.absence_doctor.currentData()
        self.absence_doctor.blockSignals(True)
        self.absence_doctor.clear()
        for d in p.doctors:
            self.absence_doctor.addItem(d.name, d.id)
        idx = self.absence_doctor.findData(current)
        self.absence_doctor.setCurrentIndex(max(idx, 0))
        self.absence_doctor.blockSignals(False)
        self._refresh_absences()
        if not self.doctor_view.currentIndex().isValid() and p.doctors:
            self.doctor_view.selectRow(0)
        self._show_doctor()
        self._refresh_grid()

    def _refresh_rules(self) -> None:
        r = self.project.rules  # type: ignore[union-attr]
        self.rule_competence.setCurrentIndex(self.rule_competence.findData(r.competence_rule))
        self.rule_rest.setValue(r.min_rest_hours)
        self.rule_after_night.setCurrentIndex(self.rule_after_night.findData(r.practice_after_night))
        self.rule_window.setValue(r.spacing_window_days)
        self.rule_max_window.setValue(r.max_in_window.value if r.max_in_window else 0)
        self.rule_window_hard.setChecked(bool(r.max_in_window and r.max_in_window.hard))
        self.rule_per_week.setValue(r.max_per_week.value if r.max_per_week else 0)
        self.rule_factor.setValue(r.hjemmevakt_factor)
        self.rule_bakvakt.setValue(r.bakvakt_weight)

    def _refresh_grid(self) -> None:
        p = self.project
        if p is None or self.problem is None:
            self.grid_model.set_rota(_EMPTY_PROBLEM, Rota(), {}, {}, [], {})
            return
        ids = [d.id for d in p.doctors]
        self.grid_model.set_rota(
            self.problem, project_rota(p),
            {s.id: s.name for s in p.district.stations},
            {t.id: t.name for t in p.templates},
            [t.id for t in p.templates],
            doctor_colours(ids),
        )
        self.grid_view.resizeRowsToContents() if len(self.grid_model.days) < 80 else None
        months = sorted({(d.year, d.month) for d in self.grid_model.days})
        keep = self.month_combo.currentData()
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        self.month_combo.addItem("Hele perioden", None)
        names = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"]
        for y, m in months:
            self.month_combo.addItem(f"{names[m - 1]} {y}", (y, m))
        i = self.month_combo.findData(keep)
        self.month_combo.setCurrentIndex(max(i, 0))
        self.month_combo.blockSignals(False)
        self._month_changed()
        hl = self.highlight_combo.currentData()
        self.highlight_combo.blockSignals(True)
        self.highlight_combo.clear()
        self.highlight_combo.addItem("(alle leger)", None)
        for d in p.doctors:
            self.highlight_combo.addItem(d.name, d.id)
        self.highlight_combo.setCurrentIndex(max(self.highlight_combo.findData(hl), 0))
        self.highlight_combo.blockSignals(False)
        self._highlight_changed()
        if self.last_solve is not None:
            s = self.last_solve
            lv = s.levels[0] if s.levels else None
            fair = (f"; rettferdighet {lv.value:g} (grense {lv.bound:g}, perfekt "
                    f"{s.perfect_fairness_bound:.1f})") if lv and s.perfect_fairness_bound else ""
            self.solve_summary.setText(f"Sist løst: {s.status}, {s.seconds:.1f} s{fair}")

    def _month_changed(self) -> None:
        self.grid_proxy.set_month(self.month_combo.currentData())

    def _highlight_changed(self) -> None:
        self.grid_model.set_highlight(self.highlight_combo.currentData())

    def _selected_doctor(self) -> Doctor | None:
        if self.project is None:
            return None
        idx = self.doctor_view.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.project.doctors):
            return None
        return self.project.doctors[idx.row()]

    def _show_doctor(self) -> None:
        d = self._selected_doctor()
        if d is None or self.project is None:
            self.doctor_detail.setText("Velg en lege i tabellen for detaljer.")
            return
        verdict = derive_competence(d.competence, self.project.rules.competence_rule)
        year = self.project.period.start.year
        age = year - d.birth_year
        lines = [f"<h3>{d.name}</h3>",
                 f"{DOCTOR_KIND_LABELS[d.kind]}, {d.kommune}; {age} år i {year}"
                 + (" — <b>over 55: rett til fritak fra 16–08-vakt</b>" if age >= 55 else ""),
                 f"<p><b>{verdict.label.capitalize()}</b><br>{verdict.reason}</p>"]
        if d.exemptions:
            lines.append("<p><b>Fritak</b><br>" + "<br>".join(
                f"{EXEMPTION_CATEGORY_LABELS[e.category]}, {EXEMPTION_SCOPE_LABELS[e.scope].lower()}, "
                f"{e.start:%d.%m.%Y}–{e.end:%d.%m.%Y}" for e in d.exemptions) + "</p>")
        if d.unavailable:
            lines.append("<p><b>Fravær</b><br>" + "<br>".join(
                f"{a.kind}: {a.start:%d.%m.%Y}–{a.end:%d.%m.%Y}" for a in d.unavailable) + "</p>")
        lines.append(f"<p>Praksis {d.practice_hours_per_week:g} t/uke; vaktandel "
                     f"{d.legevakt_share:g}; stilling {d.position_share:g}</p>")
        self.doctor_detail.setText("".join(lines))

    def _current_absence_doctor(self) -> int | None:
        if self.project is None:
            return None
        doctor_id = self.absence_doctor.currentData()
        for i, d in enumerate(self.project.doctors):
            if d.id == doctor_id:
                return i
        return None

    def _refresh_absences(self) -> None:
        i = self._current_absence_doctor()
        d = self.project.doctors[i] if (i is not None and self.project) else None
        self.absence_model.set_records(d.unavailable if d else [])
        self.wish_model.set_records(d.wishes if d else [])
        self.exemption_model.set_records(d.exemptions if d else [])
        self.preassigned_model.set_records(d.pre_assigned if d else [])

    # ----- checking -------------------------------------------------------------------------
    def _run_checker(self) -> None:
        from solver.checker import check

        self.problem_list.clear()
        self.violations = []
        for prob in self.project_problems:
            item = QListWidgetItem(f"Prosjekt: {prob}")
            item.setData(Qt.ItemDataRole.UserRole, ("field", prob.path))
            self.problem_list.addItem(item)
        if self.problem is not None and self.project is not None:
            rota = project_rota(self.project)
            if rota.assignments:
                self.violations = check(self.problem, rota)
            for v in self.violations[:500]:
                item = QListWidgetItem(f"{v.rule_name}: {v.message}")
                item.setData(Qt.ItemDataRole.UserRole, ("shift", v.shift_id, v.doctor_id))
                item.setForeground(QColor("#b00020"))
                self.problem_list.addItem(item)
        self.grid_model.set_violations(self.violations)
        total = len(self.project_problems) + len(self.violations)
        has_rota = bool(self.project and self.project.rota)
        if total == 0:
            text = ("✔ Turnusen oppfyller alle regler." if has_rota
                    else "✔ Prosjektet er gyldig. Trykk «Lag turnus» (F5) for å lage turnusen.")
        else:
            text = f"✖ {total} problem(er) — klikk for å gå til stedet."
        self.status_label.setText(text)

    def _jump_to_problem(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        if data[0] == "shift" and data[1]:
            self.tabs.setCurrentIndex(4)
            self.month_combo.setCurrentIndex(0)
            role = "bakvakt" if data[2] and any(
                a.shift_id == data[1] and a.doctor_id == data[2] and a.role == "bakvakt"
                for a in (self.project.rota if self.project else [])) else "vakt"
            src = self.grid_model.index_of(data[1], role)
            if src.isValid():
                idx = self.grid_proxy.mapFromSource(src)
                self.grid_view.setCurrentIndex(idx)
                self.grid_view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        elif data[0] == "field":
            path = str(data[1])
            tab = {"doctors": 1, "templates": 2, "district": 0, "rules": 2}.get(path.split("[")[0].split(".")[0], 0)
            self.tabs.setCurrentIndex(tab)
            if path.startswith("doctors["):
                row = int(path[len("doctors["):path.index("]")])
                self.doctor_view.selectRow(row)

    # ----- edits ----------------------------------------------------------------------------
    def _validated(self, after: Project) -> str | None:
        """None when ``after`` is a valid project, else the first problem (shown at the field)."""
        try:
            checked = Project.model_validate(after.model_dump())
        except ValidationError as err:
            first = err.errors()[0]
            return f"{'.'.join(str(x) for x in first['loc'])}: {first['msg']}"
        problems = reference_problems(checked)
        new = [p for p in problems if str(p) not in {str(q) for q in self.project_problems}]
        if new:
            return str(new[0])
        return None

    def _reject(self, message: str) -> str:
        show_message(self, "Ugyldig verdi", message)
        return message

    def edit_item(self, collection: str, row: int, attr: str, value: Any) -> str | None:
        if (msg := is_invalid(value)) is not None:
            return self._reject(msg)
        after = self.copy()
        owner: Any = after.district if collection in ("kommuner", "stations") else after
        record = getattr(owner, collection)[row]
        *parents, last = attr.split(".")
        target = record
        for part in parents:
            target = getattr(target, part)
        if collection == "doctors" and attr == "birth_year" and value > date.today().year:
            return self._reject(f"Født: {value} er i fremtiden")
        if attr == "name" and collection in ("doctors", "kommuner"):
            others = [r.name for i, r in enumerate(getattr(owner, collection)) if i != row]
            if value in others:
                return self._reject(f"Navn: «{value}» finnes allerede")
        old_name = getattr(record, "name", None)
        try:
            setattr(target, last, value)
        except ValidationError as err:
            return self._reject(f"{attr}: {err.errors()[0]['msg']}")
        if collection == "kommuner" and attr == "name" and old_name:
            for st in after.district.stations:
                if st.kommune == old_name:
                    st.kommune = value
            for d in after.doctors:
                if d.kommune == old_name:
                    d.kommune = value
        if (msg := self._validated(after)) is not None:
            return self._reject(msg)
        self.apply(after, f"Endre {attr}")
        return None

    def edit_doctor_list(self, kind: str, row: int, attr: str, value: Any) -> str | None:
        if (msg := is_invalid(value)) is not None:
            return self._reject(msg)
        i = self._current_absence_doctor()
        if i is None:
            return "ingen lege valgt"
        after = self.copy()
        item = getattr(after.doctors[i], kind)[row]
        data = item.model_dump()
        data[attr] = value
        try:
            new_item = type(item).model_validate(data)
        except ValidationError as err:
            e = err.errors()[0]
            return self._reject(f"{e['msg'].removeprefix('Value error, ')}")
        getattr(after.doctors[i], kind)[row] = new_item
        if (msg := self._validated(after)) is not None:
            return self._reject(msg)
        self.apply(after, "Endre fravær/ønske")
        return None

    def remove_doctor_item(self, kind: str, view: QTableView) -> None:
        i = self._current_absence_doctor()
        idx = view.currentIndex()
        if i is None or not idx.isValid():
            return
        after = self.copy()
        del getattr(after.doctors[i], kind)[idx.row()]
        self.apply(after, "Fjern")

    def _add_to_doctor(self, kind: str, item: Any, text: str) -> None:
        i = self._current_absence_doctor()
        if i is None:
            return
        after = self.copy()
        getattr(after.doctors[i], kind).append(item)
        if (msg := self._validated(after)) is not None:
            self._reject(msg)
            return
        self.apply(after, text)

    def _period_start(self) -> date:
        return self.project.period.start if self.project else date.today()

    def add_absence(self) -> None:
        d = self._period_start()
        self._add_to_doctor("unavailable", Absence(start=d, end=d, kind="ferie"), "Nytt fravær")

    def add_wish(self) -> None:
        d = self._period_start()
        self._add_to_doctor("wishes", Wish(start=d, end=d, wants=False), "Nytt ønske")

    def add_exemption(self) -> None:
        assert self.project is not None
        p = self.project.period
        self._add_to_doctor("exemptions",
                            Exemption(start=p.start, end=p.end, category="granted", scope="no_nights"),
                            "Nytt fritak")

    def remove_selected(self, collection: str, view: QTableView) -> None:
        idx = view.currentIndex()
        if self.project is None or not idx.isValid():
            return
        after = self.copy()
        owner: Any = after.district if collection in ("kommuner", "stations") else after
        removed = getattr(owner, collection).pop(idx.row())
        if collection == "doctors":
            after.rota = [a for a in after.rota if a.doctor_id != removed.id]
        if (msg := self._validated(after)) is not None:
            self._reject(f"Kan ikke fjernes: {msg}")
            return
        self.apply(after, "Fjern")

    def _unique_id(self, prefix: str, taken: set[str]) -> str:
        n = 1
        while f"{prefix}{n}" in taken:
            n += 1
        return f"{prefix}{n}"

    def add_kommune(self) -> None:
        after = self.copy()
        names = {k.name for k in after.district.kommuner}
        name = self._unique_id("Ny kommune ", names)
        after.district.kommuner.append(Kommune(name=name, inhabitants=1000, centrality=6))
        self.apply(after, "Ny kommune")

    def add_satellite(self) -> None:
        """A new satellitt in the first kommune without a station (or the first kommune)."""
        after = self.copy()
        used = {s.kommune for s in after.district.stations}
        kommune = next((k.name for k in after.district.kommuner if k.name not in used),
                       after.district.kommuner[0].name)
        sid = self._unique_id("satellitt", {s.id for s in after.district.stations})
        after.district.stations.append(
            Station(id=sid, name=f"{kommune} satellitt", kind="satellite", kommune=kommune))
        self.apply(after, "Legg til satellitt")

    def remove_satellite(self) -> None:
        idx = self.station_view.currentIndex()
        if self.project is None or not idx.isValid():
            return
        station = self.project.district.stations[idx.row()]
        if station.kind != "satellite":
            self._reject("Hovedlegevakten kan ikke fjernes; velg en satellitt.")
            return
        if any(t.station == station.id for t in self.project.templates):
            self._reject(f"{station.name} har vakttyper; fjern dem under «Vakter og regler» først.")
            return
        self.remove_selected("stations", self.station_view)

    def add_doctor(self) -> None:
        after = self.copy()
        did = self._unique_id("lege", {d.id for d in after.doctors})
        names = {d.name for d in after.doctors}
        name = self._unique_id("Ny lege ", names)
        after.doctors.append(Doctor(id=did, name=name, kommune=after.district.kommuner[0].name,
                                    birth_year=1985))
        self.apply(after, "Ny lege")
        self.doctor_view.selectRow(len(after.doctors) - 1)

    def apply_rules(self) -> None:
        after = self.copy()
        r = after.rules
        try:
            r.competence_rule = self.rule_competence.currentData()
            r.min_rest_hours = self.rule_rest.value()
            r.practice_after_night = self.rule_after_night.currentData()
            r.spacing_window_days = self.rule_window.value()
            k = self.rule_max_window.value()
            r.max_in_window = FrequencyLimit(value=k, hard=self.rule_window_hard.isChecked()) if k else None
            w = self.rule_per_week.value()
            r.max_per_week = FrequencyLimit(value=w, hard=True) if w else None
            r.hjemmevakt_factor = self.rule_factor.value()
            r.bakvakt_weight = self.rule_bakvakt.value()
        except ValidationError as err:
            self._reject(str(err.errors()[0]["msg"]))
            return
        if after.rules != self.project.rules:  # type: ignore[union-attr]
            self.apply(after, "Endre regler")

    # ----- rota editing ---------------------------------------------------------------------
    def _cell(self, proxy_index: QModelIndex) -> tuple[Any, str, int, str | None]:
        src = self.grid_proxy.mapToSource(proxy_index)
        shift = self.grid_model.shift_for(src)
        col = self.grid_model.columns[src.column()]
        doctor, _locked = self.grid_model.doctor_at(src)
        return shift, col.role, col.slot, doctor

    def pick_doctor_for_cell(self, proxy_index: QModelIndex) -> None:
        if self.project is None or self.problem is None:
            return
        shift, role, _slot, current = self._cell(proxy_index)
        if shift is None:
            return
        from solver.checker import candidates

        rota = Rota([a for a in project_rota(self.project).assignments
                     if not (a.shift_id == shift.id and a.role == role and a.doctor_id == current)])
        found = candidates(self.problem, rota, shift.id, role)
        names = {d.id: d.name for d in self.project.doctors}
        options: list[tuple[str | None, str, list[str]]] = [(None, "(ingen — ledig)", [])]
        ranked = sorted(found.items(), key=lambda kv: (len(kv[1]) > 0, names.get(kv[0], kv[0])))
        for doctor_id, problems in ranked:
            options.append((doctor_id, names.get(doctor_id, doctor_id),
                            [p.message for p in problems]))
        title = f"{shift.label} {shift.start:%d.%m.%Y %H:%M}–{shift.end:%H:%M} — {role}"
        dialog = PickDoctorDialog(title, options, self)
        if self.pick_dialog_hook is not None:
            self.pick_dialog_hook(dialog)
        elif not dialog.exec():
            return
        if not dialog.chose:
            return
        self.assign(shift.id, role, current, dialog.chosen)

    pick_dialog_hook: Any = None  # tests set this to choose in the dialog without exec()

    def assign(self, shift_id: str, role: str, old: str | None, new: str | None) -> None:
        """Put ``new`` on the shift instead of ``old`` (either may be None); undoable."""
        after = self.copy()
        rota = [a for a in after.rota
                if not (a.shift_id == shift_id and a.role == role and a.doctor_id == old)]
        if new is not None:
            rota.append(PublishedAssignment(shift_id=shift_id, doctor_id=new, role=role))
        after.rota = rota
        names = {d.id: d.name for d in after.doctors}
        self.apply(after, f"{shift_id}: {names.get(old or '', 'ledig')} → {names.get(new or '', 'ledig')}")

    def toggle_lock(self) -> None:
        if self.project is None:
            return
        keys = set()
        for idx in self.grid_view.selectionModel().selectedIndexes():
            shift, role, _slot, doctor = self._cell(idx)
            if shift is not None and doctor is not None:
                keys.add((shift.id, role, doctor))
        if not keys:
            return
        after = self.copy()
        lock = not all(a.locked for a in after.rota if (a.shift_id, a.role, a.doctor_id) in keys)
        for a in after.rota:
            if (a.shift_id, a.role, a.doctor_id) in keys:
                a.locked = lock
        self.apply(after, "Lås celler" if lock else "Lås opp celler")

    def publish(self) -> None:
        if self.project is None or not self.project.rota:
            show_message(self, "Publiser", "Det er ingen turnus å publisere ennå.")
            return
        from legevakt_app.domain import Snapshot

        after = self.copy()
        after.snapshots.append(Snapshot(
            name=f"Publisert {datetime.now():%d.%m.%Y %H:%M}",
            published_at=datetime.now().isoformat(timespec="seconds"),
            assignments=[a.model_copy() for a in after.rota]))
        self.apply(after, "Publiser turnus")
        show_message(self, "Publisert", "Turnusen er lagret som kunngjort i prosjektet.",
                     icon=QMessageBox.Icon.Information)

    # ----- solving --------------------------------------------------------------------------
    def solve(self, mode: str = "new", time_limit: float = SOLVE_SECONDS) -> Worker | None:
        """Run the engine off the GUI thread. mode: new | rest (keep locked cells) | repair."""
        if self.project is None or self.worker is not None:
            return None
        if self.problem is None:
            show_message(self, "Kan ikke lage turnus", "Rett opp problemene i Kontroll-panelet først.")
            return None
        problem = self.problem
        current = project_rota(self.project)
        hint = current if mode == "rest" and current.assignments else None
        repair = current if mode == "repair" and current.assignments else None
        if mode == "new" and any(a.locked for a in current.assignments):
            hint = Rota([a for a in current.assignments if a.locked])

        def job(report: Any, cancel: Any) -> Any:
            # imported here, in the worker thread: the first import of OR-Tools (and the pandas
            # it pulls in) takes most of a second, which froze the window
            from solver.solve import solve as engine_solve

            return engine_solve(problem, time_limit=time_limit, workers=2, seed=0,
                                on_progress=report, cancel_token=cancel, hint=hint,
                                repair_from=repair)

        self.progress = QProgressDialog("Starter motoren …", "Avbryt", 0, 0, self)
        self.progress.setWindowTitle("Lager turnus")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setMinimumWidth(520)
        worker = Worker(job)
        self.progress.canceled.connect(worker.cancel)
        worker.progress.connect(self._solve_progress)
        worker.done.connect(lambda result: self._solve_done(result, mode))
        worker.failed.connect(self._work_failed)
        self.worker = worker
        self.solve_button.setEnabled(False)
        worker.start()
        self.progress.show()
        return worker

    def _solve_progress(self, p: Any) -> None:
        if self.progress is None:
            return
        best = "–" if p.objective is None else f"{p.objective:.2f}"
        bound = "–" if p.bound is None else f"{p.bound:.2f}"
        gap = ""
        if p.objective and p.bound:
            gap = f", gap {max(0.0, (p.objective - p.bound) / abs(p.objective)):.1%}"
        level = {"fairness": "1 rettferdighet", "balance": "2 balanse", "wishes": "3 ønsker",
                 "moves": "0 færrest flyttinger"}.get(p.level, p.level)
        self.progress.setLabelText(f"Tid {p.elapsed:.0f} s — nivå {level}\n"
                                   f"beste {best}, nedre grense {bound}{gap}")

    def _finish_work(self) -> None:
        if self.worker is not None:
            self.worker.wait(2000)
        self.worker = None
        self.solve_button.setEnabled(True)
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _solve_done(self, result: Any, mode: str) -> None:
        self._finish_work()
        self.last_solve = result
        if not result.rota.assignments and result.status == "cancelled":
            self.statusBar().showMessage("Avbrutt før motoren fant en turnus.", 15000)
            return
        if not result.rota.assignments:
            from legevakt_app.solve_cli import explanation_text

            show_message(self, "Ingen turnus finnes",
                         f"Ingen turnus oppfyller reglene ({result.status}).",
                         explanation_text(result.explanation))
            self.last_explanation = explanation_text(result.explanation)
            self.status_label.setText("✖ Ingen turnus: " + self.last_explanation.splitlines()[0])
            return
        after = self.copy()
        locked = {(a.shift_id, a.role, a.doctor_id) for a in after.rota if a.locked}
        after.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role,
                                          locked=(a.shift_id, a.role, a.doctor_id) in locked)
                      for a in result.rota.assignments]
        text = {"new": "Lag turnus", "rest": "Optimaliser resten", "repair": "Reparer"}[mode]
        self.apply(after, text)
        self.tabs.setCurrentIndex(4)
        moved = f", {result.moved} flyttet" if result.moved is not None else ""
        self.statusBar().showMessage(f"{text}: {result.status} på {result.seconds:.1f} s{moved}", 15000)

    last_explanation = ""

    def _work_failed(self, message: str) -> None:
        self._finish_work()
        show_message(self, "Noe gikk galt", message.splitlines()[0], message)

    # ----- reports --------------------------------------------------------------------------
    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() in (self.belastning, self.terskel) and self._reports_dirty:
            self._refresh_reports()

    def _source(self) -> Any:
        from legevakt_app.rota_source import source_from_project

        return source_from_project(self.project) if self.project and self.problem else None

    def _refresh_reports(self) -> None:
        source = self._source()
        if source is None or not source.has_rota:
            return
        self.belastning.set_source(source)
        self.terskel.set_source(source)
        self._reports_dirty = False

    def _run_in_background(self, title: str, job: Any, on_done: Any) -> None:
        if self.worker is not None:
            return
        self.progress = QProgressDialog(title, "Avbryt", 0, 0, self)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        worker = Worker(job)
        self.progress.canceled.connect(worker.cancel)
        worker.done.connect(lambda result: (self._finish_work(), on_done(result)))
        worker.failed.connect(self._work_failed)
        self.worker = worker
        worker.start()

    def compute_need(self, target: int) -> None:
        source = self._source()
        if source is None or not source.has_rota:
            return
        from legevakt_app.reports.threshold import doctors_needed

        self._run_in_background(f"Regner ut legebehov for 1:{target} …",
                                lambda _r, _c: doctors_needed(source, target=target, time_limit=10.0),
                                self.terskel.set_need)

    def run_scenarios(self) -> None:
        source = self._source()
        if source is None or not source.has_rota:
            return
        from legevakt_app.reports.scenarios import run_scenarios

        self._run_in_background("Løser scenariene …",
                                lambda _r, _c: run_scenarios(source, time_limit=15.0),
                                self.terskel.set_scenarios)

    # ----- files ----------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current project (saved, discarded or unchanged)."""
        if not self.modified or self.project is None:
            return True
        answer = ask_save_changes(self, self.path.name if self.path else "Uten navn")
        if answer == "save":
            return self.save()
        return answer == "discard"

    def open_path(self, path: str | Path) -> bool:
        if not self.maybe_save():
            return False
        try:
            project = load_project(path)
        except ProjectError as err:
            show_message(self, "Kan ikke åpne filen",
                         f"{path}: {len(err.problems)} problem(er).",
                         "\n".join(str(p) for p in err.problems))
            return False
        self.load(project, Path(path))
        return True

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Åpne distrikt", str(self._folder()),
                                              "Legevakt-prosjekt (*.legevakt.json *.json)")
        if name:
            self.open_path(name)

    def new_project(self) -> None:
        if not self.maybe_save():
            return
        from datetime import timedelta

        from legevakt_app.domain import District, Period

        monday = date.today() + timedelta(days=7 - date.today().weekday())
        project = Project(
            district=District(name="Nytt legevaktdistrikt",
                              kommuner=[Kommune(name="Ny kommune", inhabitants=5000, centrality=5)],
                              stations=[Station(id="sentral", name="Legevakt", kind="central",
                                                kommune="Ny kommune")]),
            period=Period(start=monday, end=monday + timedelta(weeks=26, days=-1)),
        )
        self.load(project, None)

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(self, "Lagre som", str(self._folder() / "distrikt.legevakt.json"),
                                              "Legevakt-prosjekt (*.legevakt.json)")
        if not name:
            return False
        if not name.endswith(".json"):
            name += ".legevakt.json"
        return self._write(Path(name))

    def _write(self, path: Path) -> bool:
        assert self.project is not None
        try:
            save_project(self.project, path)
        except OSError as err:
            show_message(self, "Kunne ikke lagre", f"{path}: {err.strerror or err}")
            return False
        self.path = path
        self.undo.setClean()
        self._remember(path)
        self._update_title()
        self.statusBar().showMessage(f"Lagret {path} (forrige versjon som .bak)", 8000)
        return True

    def _folder(self) -> Path:
        return self.path.parent if self.path else Path.home()

    def _remember(self, path: Path) -> None:
        recent = [str(path.resolve())] + [p for p in self.recent_files() if p != str(path.resolve())]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._refresh_recent()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            self._action(self.recent_menu, path, lambda p=path: self.open_path(p))

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(3000)
        if self.maybe_save():
            event.accept()
        else:
            event.ignore()

    # ----- export ---------------------------------------------------------------------------
    def export(self, kind: str, path: str | None = None) -> Worker | None:
        source = self._source()
        if source is None or not source.has_rota:
            show_message(self, "Eksport", "Lag turnusen først (F5).")
            return None
        filters = {"xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)", "ics": "",
                   "result": "Resultatfil (*.json)"}
        if path is None:
            if kind == "ics":
                path = QFileDialog.getExistingDirectory(self, "Mappe for kalenderfiler", str(self._folder()))
            else:
                stem = self.path.name.split(".")[0] if self.path else "turnus"
                suffix = {"xlsx": ".xlsx", "pdf": ".pdf", "result": ".resultat.json"}[kind]
                path, _ = QFileDialog.getSaveFileName(self, "Eksporter", str(self._folder() / (stem + suffix)),
                                                      filters[kind])
            if not path:
                return None
        target = path

        def job(_report: Any, _cancel: Any) -> Any:
            if kind == "xlsx":
                from legevakt_app.export.xlsx import export_xlsx

                return export_xlsx(source, target)
            if kind == "pdf":
                from legevakt_app.ui.pdf_export import export_pdf

                return export_pdf(source, target)
            if kind == "ics":
                from legevakt_app.export.ics import write_ics

                return write_ics(source, target)
            from legevakt_app.rota_source import write_result_file

            write_result_file(target, source, self.last_solve)
            return target

        self._run_in_background("Eksporterer …", job,
                                lambda result: self.statusBar().showMessage(f"Eksportert: {target}", 15000))
        return self.worker


class _EmptyProblem:
    period_start = date(2000, 1, 1)
    period_end = date(1999, 12, 31)
    shifts: tuple = ()
    doctors: tuple = ()


_EMPTY_PROBLEM: Any = _EmptyProblem()


def start_dialog(window: MainWindow) -> Path | None | str:
    from legevakt_app.cli import SAMPLES_DIR

    samples = {n: SAMPLES_DIR / f"{n}.legevakt.json"
               for n in ("interkommunal", "liten-kommune", "stor-legevakt")}
    dialog = StartDialog({k: v for k, v in samples.items() if v.exists()}, window.recent_files(), window)
    if not dialog.exec():
        return None
    return "new" if dialog.new_requested else dialog.chosen


def main_window_for(path: str | None) -> MainWindow:
    window = MainWindow()
    if path:
        window.open_path(path)
    return window

