"""The main window: a legevakt leader's whole workflow in one place.

Every edit replaces the project with a validated copy through an undo command, so Angre/Gjør
om cover everything (including manual rota changes). After each change the independent
checker re-verifies the rota and the Kontroll panel lists what is wrong. Solving and
exporting run in a worker thread; when a solve finishes, the new rota is checked in the
worker too, so the GUI thread only redraws.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import (
    QDate,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QKeySequence,
    QUndoCommand,
    QUndoStack,
    QValidator,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from legevakt_app import rota_edit
from legevakt_app.carried import days_text, end_text, read_days, read_end
from legevakt_app.colours import HOLIDAY_LEGEND
from legevakt_app.competence import derive_competence
from legevakt_app.domain import (
    BLOCK_LABELS,
    COMPETENCE_RULE_LABELS,
    DOCTOR_KIND_LABELS,
    EXEMPTION_CATEGORY_LABELS,
    EXEMPTION_SCOPE_LABELS,
    FULL_PRACTICE_HOURS,
    HOLIDAY_POLICY_LABELS,
    PRACTICE_AFTER_NIGHT_LABELS,
    RULE_LABELS,
    SHIFT_KIND_LABELS,
    Absence,
    CompetenceFacts,
    Doctor,
    Exemption,
    FrequencyLimit,
    Kommune,
    PreAssignment,
    Project,
    PublishedAssignment,
    RuleException,
    ShiftTemplate,
    Station,
    Wish,
    next_numbered_id,
    practice_following,
)
from legevakt_app.engine_input import nothing_to_solve, over_55_from, project_rota
from legevakt_app.export.layout import doctor_colours, template_order
from legevakt_app.file_errors import FileChanged
from legevakt_app.messages import (
    app_problem_text,
    outside_period_note,
    pydantic_error_message,
    pydantic_error_text,
    reference_problem_text,
)
from legevakt_app.project_io import (
    FileStamp,
    ProjectError,
    Saved,
    file_stamp,
    load_project,
    load_project_stamped,
    save_project,
)
from legevakt_app.recovery import (
    Owner,
    Recovery,
    discard_recovery,
    find_recoveries,
    write_recovery,
)
from legevakt_app.rule_exceptions import exception_text, exception_title, short_range, within
from legevakt_app.snapshots import (
    diff_against_latest,
    doctor_notices,
    known_names,
    latest_snapshot,
    left_out,
    left_out_note,
    per_doctor,
    repair_base,
)
from legevakt_app.ui import norsk
from legevakt_app.ui.date_edit import DateEdit
from legevakt_app.ui.dialogs import (
    IMPORT_WHAT,
    LEVEL_VALUE_UNITS,
    ExplanationDialog,
    ImportPreviewDialog,
    NextPeriodDialog,
    PickDoctorDialog,
    StartDialog,
    WorkProgressDialog,
)
from legevakt_app.ui.models import (
    CHANGE_MARK,
    CONFLICT_FG,
    HOLIDAY_BG,
    MARKS,
    DoctorCalendarModel,
    Field,
    ProblemEntry,
    ProblemListModel,
    RecordDelegate,
    RecordTableModel,
    RotaGridModel,
    is_invalid,
    label_rows_when_scrolled,
)
from legevakt_app.ui.resources import TEMPLATES, app_icon
from legevakt_app.ui.rule_exceptions import RuleExceptionDialog, RuleExceptionsBox
from legevakt_app.ui.state import (
    Checked,
    blockers_of,
    check_project,
    only_doctors_changed,
    pressure_notes_of,
    rota_is_better,
    same_inputs,
)
from legevakt_app.ui.swap_dialog import SwapCandidate, SwapCheck, SwapDialog
from legevakt_app.ui.widgets import DayRangeView, ElidedLabel, RotaGridView
from legevakt_app.ui.workers import Worker
from legevakt_app.wording import (
    STATUS,
    count,
    decimal,
    duty_counts,
    level_line,
    moment_text,
    number,
    share_text,
    unfinished_repair,
)
from solver.problem import Rota

APP_TITLE = "Legevakt"
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum size"
# room for a window manager's title bar and borders until the real frame is known (pixels;
# openbox adds 2 across and 25 down, Windows 10 and GNOME about 31-37 down)
FRAME_ALLOWANCE = QSize(16, 40)
MAX_RECENT = 8
SOLVE_SECONDS = 60.0
GUI_SWITCH_INTERVAL = 0.001  # seconds; see MainWindow.__init__
AUTOSAVE_MS = 60_000  # recovery copy of unsaved work about once a minute
# doctors named in the change line above the grid; the rest «og 3 til» (all in its tooltip):
# with the line wrapped, two lines at 1366 px, so the grid keeps the screen
CHANGE_LINE_DOCTORS = 6
PROBE_DELAY_MS = 1_000  # the background «kan en turnus lages?» starts this long after a change
PROBE_SECONDS = 10.0  # … and gives up after this long (one CP-SAT worker)
ROLE_CHOICES = (("vakt", "Vakt"), ("bakvakt", "Bakvakt"))
MONTHS = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"]
TAB_DISTRICT, TAB_DOCTORS, TAB_RULES, TAB_ABSENCE, TAB_ROTA = range(5)


def ask_save_changes(parent: QWidget, name: str) -> str:
    """'save', 'discard' or 'cancel' (a function of its own so tests can answer it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Ulagrede endringer")
    box.setText(f"«{name}» har endringer som ikke er lagret.")
    box.setInformativeText("Vil du lagre dem?")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Save).setText("Lagre")
    box.button(QMessageBox.StandardButton.Discard).setText("Forkast endringene")
    box.button(QMessageBox.StandardButton.Cancel).setText("Avbryt")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def ask_stop_work(parent: QWidget, what: str) -> bool:
    """Whether to stop the work running now (``what``: «Lag turnus», an export …) and close
    the window (a function of its own so tests can answer it)."""
    role = QMessageBox.ButtonRole
    return _choose(
        parent, QMessageBox.Icon.Warning, "Arbeid pågår",
        f"«{what.rstrip(' …')}» pågår fortsatt.",
        "Lukker du nå, stoppes arbeidet, og det som ikke er ferdig, går tapt (en turnus som "
        "lages, blir ikke lagt inn). Vil du vente til arbeidet er ferdig i stedet?",
        [("wait", "Vent", role.RejectRole), ("stop", "Stopp og lukk", role.DestructiveRole)],
        "wait", "wait") == "stop"


def ask_published_solve(parent: QWidget, what: str) -> str:
    """'repair', 'go' or 'cancel', asked before «Lag turnus» or «Optimaliser resten» on a rota
    that has been published (a function of its own so tests can answer it)."""
    role = QMessageBox.ButtonRole
    return _choose(
        parent, QMessageBox.Icon.Warning, "Turnusen er publisert",
        f"«{what}» kan flytte mange av vaktene legene alt har fått.",
        "«Reparer» flytter så få publiserte vakter som mulig (for eksempel etter sykdom eller "
        "nytt fravær). Vil du reparere i stedet?",
        [("repair", "Reparer", role.AcceptRole), ("go", f"{what} likevel", role.DestructiveRole),
         ("cancel", "Avbryt", role.RejectRole)],
        default="repair", escape="cancel")


def _choose(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str, info: str,
            buttons: list[tuple[str, str, QMessageBox.ButtonRole]], default: str,
            escape: str) -> str:
    """A question with the ``buttons`` (key, label, role); the key of the one clicked, or
    ``escape``'s when the box is closed."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(info)
    made = {key: box.addButton(label, role) for key, label, role in buttons}
    box.setDefaultButton(made[default])
    box.setEscapeButton(made[escape])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in made.items() if button is clicked), escape)


def choose_import_file(parent: QWidget, kind: str, folder: Path) -> str:
    """The spreadsheet to import ('' when cancelled; a function of its own so tests can
    answer it)."""
    what = IMPORT_WHAT[kind][0]
    name, _ = QFileDialog.getOpenFileName(
        parent, f"Importer {what} — velg regneark (maler i {TEMPLATES})", str(folder),
        "Regneark (*.xlsx *.csv);;Alle filer (*)")
    return name


def _ask(parent: QWidget, title: str, text: str, info: str, yes: str, no: str,
         no_role: QMessageBox.ButtonRole = QMessageBox.ButtonRole.RejectRole) -> bool:
    """A question with two answers; True for ``yes`` (the default)."""
    return _choose(parent, QMessageBox.Icon.Question, title, text, info,
                   [("yes", yes, QMessageBox.ButtonRole.AcceptRole), ("no", no, no_role)],
                   default="yes", escape="no") == "yes"


def ask_publish_calendars(parent: QWidget) -> str:
    """Calendars of a rota not published as it is: «publish» first, «export» as it is, or
    «cancel» (a function of its own so tests can answer it)."""
    role = QMessageBox.ButtonRole
    return _choose(
        parent, QMessageBox.Icon.Question, "Publisere turnusen først?",
        "Turnusen er ikke publisert slik den er nå, og kalenderne er det legene får.",
        "Publiserer du, regnes senere endringer fra det legene får nå: turnusen merker det som "
        "endres (◆) og hvem som må få beskjed, og en ny beregning spør først. En vakt som "
        "flyttes senere, avlyses i legens kalender uansett.",
        [("publish", "Publiser og eksporter", role.AcceptRole),
         ("export", "Bare eksporter", role.DestructiveRole), ("cancel", "Avbryt", role.RejectRole)],
        default="publish", escape="cancel")


def ask_drop_cells(parent: QWidget, start: date, end: date, dropped: int) -> bool:
    """Whether to change the period to ``start``–``end`` when ``dropped`` tildelinger of the
    rota fall outside it (a function of its own so tests can answer it)."""
    cells = count(dropped, "tildeling", "tildelinger")
    return _ask(parent, "Endre perioden?",
                f"Perioden {start:%d.%m.%Y}–{end:%d.%m.%Y} fjerner {cells} i turnusen "
                "(vaktene utenfor den nye perioden).",
                "Ctrl+Z angrer endringen. Vil du endre perioden?",
                "Endre perioden", "Avbryt")


def ask_restore(parent: QWidget, text: str) -> bool | None:
    """Offer to restore autosaved work: True restore, False discard the copy, None keep it
    for the next start (a function of its own so tests can answer it). Closing the question
    keeps the copy: only «Forkast kopien» deletes it."""
    role = QMessageBox.ButtonRole
    answer = _choose(
        parent, QMessageBox.Icon.Question, "Gjenopprette ulagret arbeid?", text,
        "Gjenopprett for å fortsette der du slapp (lagre etterpå), forkast kopien, eller "
        "«Senere»: kopien beholdes og tilbys igjen neste gang.",
        [("restore", "Gjenopprett", role.AcceptRole),
         ("discard", "Forkast kopien", role.DestructiveRole), ("later", "Senere", role.RejectRole)],
        default="restore", escape="later")
    return {"restore": True, "discard": False}.get(answer)


def ask_file_changed(parent: QWidget, path: Path, gone: bool, on_disk: str) -> str:
    """'overwrite', 'save_as' or 'cancel', asked when the project file was changed on disk
    (by a command, another program or another window) since this window opened or last saved
    it (a function of its own so tests can answer it)."""
    role = QMessageBox.ButtonRole
    if gone:
        text = f"«{path.name}» er slettet eller flyttet etter at du åpnet eller sist lagret den."
        info = ("Lagre likevel lager filen på nytt med arbeidet ditt. «Lagre som …» lagrer det i "
                "en annen fil.")
        overwrite = "Lagre likevel"
    else:
        text = (f"«{path.name}» er endret etter at du åpnet eller sist lagret den — av en "
                "kommando, et annet program eller et annet Legevakt-vindu.")
        info = (f"{on_disk}Overskriver du den, erstattes de endringene av det du har her (de "
                f"ligger da bare i {path.name}.bak). «Lagre som …» lagrer arbeidet ditt i en ny "
                "fil, så begge beholdes.")
        overwrite = "Overskriv"
    return _choose(parent, QMessageBox.Icon.Warning, "Filen er endret på disken", text, info,
                   [("overwrite", overwrite, role.DestructiveRole),
                    ("save_as", "Lagre som …", role.AcceptRole), ("cancel", "Avbryt", role.RejectRole)],
                   default="save_as", escape="cancel")


def _district_text(name: str | None, period: tuple[date, date] | None) -> str:
    """«Lysfjord legevaktdistrikt», 04.01.2027–27.06.2027"""
    text = f"«{name}»" if name else "et distrikt uten navn"
    if period is not None:
        text += f", {period[0]:%d.%m.%Y}–{period[1]:%d.%m.%Y}"
    return text


def _same_path(a: Path, b: Path) -> bool:
    if os.path.abspath(a) == os.path.abspath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


LEDGER_TIP = ("Vaktregnskap fra forrige periode (fylles ut av «Turnus → Neste periode med "
              "vaktregnskap»; skriv det inn her når distriktet begynner med programmet midt i "
              "året, eller for å rette det). ")
# the ledger's carried moments: a refusal of either names the column (the domain's message
# for a day after the period's start does not)
CARRIED_FIELDS = ("ledger.last_vakt_end", "ledger.earlier_duty_days")


def ask_open_next(parent: QWidget, path: Path) -> bool:
    """Open the next period's project now? (a function of its own so tests can answer it)"""
    return _ask(parent, "Neste periode er lagret", f"Neste periode er lagret i {path}.",
                "Åpne den nå? Denne perioden er ikke endret.", "Åpne neste periode", "Bli her")


# a new kommune until the leader types its own figures: not small and remote enough for the
# legevakttilskudd (< 5 000 innbyggere and sentralitetsklasse 6), which a default must not claim
NEW_KOMMUNE = {"inhabitants": 5000, "centrality": 5}


def _upper_bound(model: Any, attr: str) -> float:
    """The largest value the domain allows for ``model``'s ``attr`` (its ``le``)."""
    return next(float(m.le) for m in model.model_fields[attr].metadata
                if getattr(m, "le", None) is not None)


def show_message(parent: QWidget, title: str, text: str, detail: str = "",
                 icon: QMessageBox.Icon = QMessageBox.Icon.Warning, width: int = 0) -> None:
    """Non-blocking message box (tests and the GUI thread never wait on it); ``width``: the
    text's least width in pixels, for a long text that would otherwise wrap in a narrow box."""
    box = QMessageBox(parent)
    if width:
        box.setStyleSheet(f"QLabel#qt_msgbox_label {{ min-width: {width}px; }}")
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setDetailedText(detail)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    parent.last_message = f"{title}: {text}\n{detail}".strip()  # type: ignore[attr-defined]


class ProjectChange(QUndoCommand):
    """One edit: the project before and after, each with what was derived from it (so undo
    and redo need not re-check). Undone or redone, the status bar says which edit."""

    def __init__(self, window: MainWindow, before: Checked, after: Project | Checked,
                 text: str) -> None:
        super().__init__(text)
        self.window = window
        self.before = before
        self.after = after
        self.made = False  # the first redo() is the edit itself: its caller says what it did

    def redo(self) -> None:
        self.after = self.window.set_project(self.after, notes_later=True)
        if self.made:
            self.window.statusBar().showMessage(f"Gjort om: {self.text()}", 10000)
        self.made = True

    def undo(self) -> None:
        self.before = self.window.set_project(self.before, notes_later=True)
        self.window.statusBar().showMessage(f"Angret: {self.text()}", 10000)


def month_key(day: date) -> str:
    """``"2027-05"``: the month combo's data. A string, not a tuple: PySide compares Python
    objects in ``QComboBox.findData`` by identity."""
    return f"{day.year}-{day.month:02d}"


class MonthFilter(QSortFilterProxyModel):
    """Show one month of the rota grid (``"2027-05"``), or the whole period (None)."""

    def __init__(self) -> None:
        super().__init__()
        self.month: str | None = None

    def set_month(self, month: str | None) -> None:
        self.beginFilterChange()
        self.month = month
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        if self.month is None:
            return True
        day = self.sourceModel().days[row]
        return month_key(day) == self.month


class Cancelled(Exception):
    """The user cancelled background work; its result is dropped."""


def _cancellable_solve_fn(cancel: threading.Event) -> Callable[[Any, float], Any]:
    """The reports' ``SolveFn`` for a question the user can cancel: each solve stops within a
    second when ``cancel`` is set, and then the whole question stops (:class:`Cancelled`)."""
    from legevakt_app.reports.engine import COMPARISON_SEED, solve_problem

    def solve_fn(problem: Any, time_limit: float) -> Any:
        if cancel.is_set():
            raise Cancelled
        # explain=False: a report needs only whether a rota exists, not why not (the
        # explanation would cost up to 20 s more per infeasible try); deterministic with
        # the comparisons' seed, as `legevakt report`: the same figures as the CLI's
        outcome = solve_problem(problem, time_limit, cancel_token=cancel, explain=False,
                                seed=COMPARISON_SEED, deterministic=True)
        if cancel.is_set():
            raise Cancelled
        return outcome

    return solve_fn


class MainWindow(QMainWindow):
    warmed_up = Signal()

    def __init__(self, project: Project | None = None, path: Path | None = None,
                 autosave_ms: int = AUTOSAVE_MS) -> None:
        norsk.install()  # before the window exists: widgets take the locale they are born with
        # The engine's local search is pure Python in a worker thread; every call from Qt into
        # Python (a model's data(), a timer) waits for the interpreter lock up to the switch
        # interval. 1 ms instead of 5 ms: measured worst GUI-thread gap during an interkommunal
        # solve 120-180 ms instead of 200-320 ms, typical late gaps 20 ms instead of 50 ms.
        sys.setswitchinterval(GUI_SWITCH_INTERVAL)
        super().__init__()
        self.setWindowIcon(app_icon())
        self.settings = QSettings("Legevakt", "Legevakt")
        self.undo = QUndoStack(self)
        self.undo.cleanChanged.connect(self._clean_changed)
        self.project: Project | None = None
        self.checked: Checked | None = None
        self.path: Path | None = None
        # what the file at ``path`` held when it was opened or last saved: a save checks that
        # it still does, so a change made meanwhile (a command, another window) is not lost
        self.disk_stamp: FileStamp | None = None
        # this window's claim on its autosaved copies (see legevakt_app.recovery)
        self.recovery_owner = Owner()
        self.worker: Worker | None = None
        self.progress: WorkProgressDialog | None = None
        self.explanation_dialog: ExplanationDialog | None = None
        self.import_dialog: ImportPreviewDialog | None = None
        self.exception_dialog: RuleExceptionDialog | None = None
        self.last_message = ""
        self.last_explanation = ""
        self.last_solve: Any = None  # solver.solve.SolveResult of the last solve
        # the undo step that put the last solve's rota in (None: it put none in); undone, the
        # rota shown is the one from before the solve, not the engine's edited
        self._solve_step: Any = None
        self._solved_project: Project | None = None  # the project it solved
        self._solved_keys: frozenset[tuple[str, str, str]] = frozenset()  # the rota it made
        # what the sharing level's value counts, for the record it was counted from
        self._sharing: tuple[Any, str | None] | None = None
        self.last_export: Any = None
        self._reports_dirty = True
        self.reports_worker: Worker | None = None  # counting Belastning and Terskel
        self._ending: list[Worker] = []  # dropped workers, kept alive until their thread ends
        self._need_for: tuple[Project, Any] | None = None  # see compute_need
        self.checks_worker: Worker | None = None  # see _with_counts
        self._problems_of: tuple[Project, list[Any]] | None = None  # see _validated
        self._notes_known: list[tuple[Project, Any]] = []  # (project, its notes), newest first
        self._blockers_known: list[tuple[Project, Any]] = []  # (project, its pre-checks), so too
        self._shown: Project | None = None  # the project the views were last filled from
        self._autosaved_index: int | None = None
        self.field_errors: dict[int, QLabel] = {}
        self.record_views: list[QTableView] = []  # the editable tables (see commit_edits)
        # «kan en turnus lages?» for a project with no rota, searched in the background a
        # moment after the last change (the counting pre-checks miss rules that clash)
        self.probe: Worker | None = None
        self.probe_answer: tuple[Any, bool | None] | None = None  # (problem, answer)
        self.probe_timer = QTimer(self)
        self.probe_timer.setSingleShot(True)
        self.probe_timer.setInterval(PROBE_DELAY_MS)
        self.probe_timer.timeout.connect(self._start_probe)
        self._build_ui()
        self._build_menus()
        self.resize(self.default_size())
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        if project is not None:
            self.load(project, path)

    @staticmethod
    def default_size(available: QSize | None = None) -> QSize:
        """Most of the ``available`` screen area (the primary screen's), at most 1680×1050,
        with room left for the window manager's title bar and borders: on a 1366×768 laptop
        the whole frame must fit, or the Kontroll line and status bar end below the screen."""
        if available is None:
            screen = QGuiApplication.primaryScreen()
            available = (screen.availableGeometry().size() if screen is not None
                         else QSize(1366, 768))
        frame = FRAME_ALLOWANCE
        width = min(max(int(available.width() * 0.9), 1366),
                    available.width() - frame.width(), 1680)
        height = min(max(int(available.height() * 0.9), 768),
                     available.height() - frame.height(), 1050)
        return QSize(width, height)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._placed:
            self._placed = True
            self._place_on_screen()
            # the window manager tells the real frame (title bar) only once the window is up
            size = self.size()
            QTimer.singleShot(300, self, lambda: self.size() == size and self.fit_to_screen())

    _placed = False

    def _place_on_screen(self) -> None:
        """Centre the window (and the allowance for its frame) on the available area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        area = screen.availableGeometry()
        extra = self._frame_extra()
        x = area.x() + max(0, (area.width() - self.width() - extra.width()) // 2)
        y = area.y() + max(0, (area.height() - self.height() - extra.height()) // 2)
        self.move(x, y)

    def _frame_extra(self) -> QSize:
        """What the window manager's frame adds to the window (the allowance until it is known)."""
        frame, inner = self.frameGeometry().size(), self.geometry().size()
        extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
        return extra if extra.height() > 0 else FRAME_ALLOWANCE

    def fit_to_screen(self) -> None:
        """Shrink and move the window so that its whole frame, title bar included, lies on
        the available area of its screen (a maximised or full-screen window fits already)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        area = screen.availableGeometry()
        extra = self._frame_extra()
        width = min(self.width(), area.width() - extra.width())
        height = min(self.height(), area.height() - extra.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))
        frame = self.frameGeometry()
        x = max(area.x(), min(frame.x(), area.x() + area.width() - frame.width()))
        y = max(area.y(), min(frame.y(), area.y() + area.height() - frame.height()))
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)  # move() places the frame's corner

    # ----- building -------------------------------------------------------------------------
    def _table(self, model: Any, stretch_last: bool = False) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setItemDelegate(RecordDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setDefaultSectionSize(26)
        view.horizontalHeader().setStretchLastSection(stretch_last)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        if isinstance(model, RecordTableModel):
            self.record_views.append(view)
            model.rejected.connect(lambda row, col, msg, v=view: self._show_field_error(v, row, col, msg))
            model.dataChanged.connect(lambda *_a, v=view: self._clear_field_error(v))
            # a valid value, also the one the cell already had, answers an earlier refusal
            model.accepted.connect(lambda *_a, v=view: self._clear_field_error(v, status=True))
            model.modelReset.connect(lambda v=view: self._clear_field_error(v))
        return view

    @staticmethod
    def _error_line() -> QLabel:
        """The line where a refused value's message is shown, under what it was typed in
        (hidden until then)."""
        label = QLabel()
        label.setStyleSheet("color: #b00020; font-weight: bold;")
        label.setWordWrap(True)
        label.hide()
        return label

    def _with_error(self, view: QTableView) -> QWidget:
        """``view`` with a line under it where a refused value's message is shown."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(view)
        label = self._error_line()
        lay.addWidget(label)
        self.field_errors[id(view)] = label
        return box

    def _refuse_in(self, line: QLabel, message: str) -> None:
        """A value typed in a field outside the tables (the district's name, the period, a
        rule) refused: said on ``line`` under the field's group, as a table says a refused
        value under it, and in the status bar; no message box to close. The field shows the
        project's value again (the caller puts it back)."""
        line.setText(f"⚠ {message}")
        line.show()
        self.last_message = f"Ugyldig verdi: {message}"
        self.statusBar().showMessage(f"Ikke endret — {message}", 10000)

    def _show_field_error(self, view: QTableView, row: int, col: int, message: str) -> None:
        label = self.field_errors.get(id(view))
        if label is not None:
            label.setText(f"⚠ {message}")
            label.show()
        index = view.model().index(row, col)
        rect = view.visualRect(index)
        QToolTip.showText(view.viewport().mapToGlobal(rect.bottomLeft()), message, view)
        view.setCurrentIndex(index)
        self.last_message = f"Ugyldig verdi: {message}"
        self.statusBar().showMessage(f"Ikke endret — {message}", 10000)

    def _clear_field_error(self, view: QTableView, status: bool = False) -> None:
        """Hide the refused value's message under ``view`` (and with ``status`` the status
        bar's «Ikke endret — …»)."""
        label = self.field_errors.get(id(view))
        if label is not None:
            label.hide()
        if status and self.statusBar().currentMessage().startswith("Ikke endret"):
            self.statusBar().clearMessage()

    def _build_ui(self) -> None:
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.tabs.addTab(self._district_tab(), "&Distrikt")
        self.tabs.addTab(self._doctors_tab(), "&Leger")
        self.tabs.addTab(self._templates_tab(), "Vakter og re&gler")
        self.tabs.addTab(self._absence_tab(), "Fr&avær og ønsker")
        self.tabs.addTab(self._rota_tab(), "T&urnus")
        from legevakt_app.ui.report_views import BelastningView, TerskelView

        self.belastning = BelastningView()
        self.terskel = TerskelView()
        self.terskel.need_requested.connect(self.compute_need)
        self.terskel.scenarios_requested.connect(self.run_scenarios)
        self.tabs.addTab(self.belastning, "&Belastning")
        self.tabs.addTab(self.terskel, "Ter&skel")
        self.tabs.currentChanged.connect(self._tab_changed)

        self._build_kontroll()

    def _build_kontroll(self) -> None:
        """The Kontroll panel: always visible, one line (its title and the checker's verdict)
        while nothing is wrong; the list of problems opens under it when there are some, and
        the user can fold it away again (the line stays)."""
        dock = QDockWidget("Kontroll", self)
        dock.setObjectName("kontroll")
        bar = QWidget()
        bar.setObjectName("kontroll_bar")
        bar.setStyleSheet("#kontroll_bar { border-top: 1px solid #c8c8c8; }")
        lay = QHBoxLayout(bar)
        lay.setContentsMargins(6, 3, 6, 3)
        lay.setSpacing(8)
        title = QLabel("<b>Kontroll:</b>")
        title.setToolTip("Den uavhengige kontrollen av prosjektet og turnusen, etter hver endring")
        lay.addWidget(title)
        # one line; a long text ends in «…» and is shown whole as a tooltip
        self.status_label = ElidedLabel()
        lay.addWidget(self.status_label, 1)
        self.kontroll_toggle = QToolButton()
        self.kontroll_toggle.setAutoRaise(True)
        self.kontroll_toggle.setToolTip("Vis eller skjul listen over problemer")
        self.kontroll_toggle.clicked.connect(self._toggle_kontroll)
        # no taller than the line of text: shown beside a calm note only, it must not cost the
        # window a table row (a tool button's frame is a few pixels taller than a label)
        self.kontroll_toggle.setMaximumHeight(max(title.sizeHint().height(),
                                                  self.status_label.sizeHint().height()))
        lay.addWidget(self.kontroll_toggle)
        dock.setTitleBarWidget(bar)
        self.problem_model = ProblemListModel()
        self.problem_view = QListView()
        self.problem_view.setModel(self.problem_model)
        self.problem_view.setUniformItemSizes(True)
        self.problem_view.activated.connect(self._jump_to_problem)
        self.problem_view.clicked.connect(self._jump_to_problem)
        # in a holder that stays shown: a dock whose widget is hidden shrinks to its title's width
        holder = QWidget()
        holder_lay = QVBoxLayout(holder)
        holder_lay.setContentsMargins(0, 0, 0, 0)
        holder_lay.addWidget(self.problem_view)
        dock.setWidget(holder)
        # Always visible: it can be moved or floated, never closed.
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.dockLocationChanged.connect(lambda _area: self._fit_kontroll(force=True))
        dock.topLevelChanged.connect(lambda _floating: self._fit_kontroll(force=True))
        self.kontroll = dock
        self.kontroll_bar = bar
        self._kontroll_folded = False  # the user folded the list away (until all is well again)
        self._kontroll_notes_open = False  # the user opened a list of calm notes alone
        self._kontroll_rows = -1  # how many problems the panel was last sized for
        self._fit_kontroll(force=True)

    KONTROLL_MAX_ROWS = 6  # the list opens this high at most; it scrolls beyond

    def _toggle_kontroll(self) -> None:
        if self._kontroll_notes_only():
            self._kontroll_notes_open = not self._kontroll_notes_open
        else:
            self._kontroll_folded = not self._kontroll_folded
        self._fit_kontroll(force=True)

    def _kontroll_notes_only(self) -> bool:
        """Nothing in the Kontroll list but calm notes (or nothing at all): all is well."""
        return all(e.info for e in self.problem_model.entries)

    def _fit_kontroll(self, force: bool = False) -> None:
        """One line when there is nothing to list but calm notes (unless asked for), or the
        list is folded away; else room for the problems (up to KONTROLL_MAX_ROWS rows)."""
        n = self.problem_model.rowCount()
        if self._kontroll_notes_only():  # all is well: one line, calm notes shown when asked
            self._kontroll_folded = False
            open_list = n > 0 and self._kontroll_notes_open
        else:
            open_list = not self._kontroll_folded
        self.problem_view.setVisible(open_list)
        self.kontroll_toggle.setVisible(n > 0)
        self.kontroll_toggle.setText("▾ Skjul listen" if open_list else f"▴ Vis listen ({n})")
        dock = self.kontroll
        line = self.kontroll_bar.sizeHint().height()
        across = (not dock.isFloating() and self.dockWidgetArea(dock)
                  in (Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea))
        if not open_list:
            # one line (at the bottom or top; at a side or floating it keeps its height)
            dock.setMaximumHeight(line if across else QWIDGETSIZE_MAX)
            self._kontroll_rows = 0
            return
        dock.setMaximumHeight(QWIDGETSIZE_MAX)
        rows = min(n, self.KONTROLL_MAX_ROWS)
        if across and (force or rows != self._kontroll_rows):
            row = self.problem_view.sizeHintForRow(0)
            row = row if row > 0 else self.problem_view.fontMetrics().height() + 4
            frame = 2 * self.problem_view.frameWidth() + 4
            self.resizeDocks([dock], [line + rows * row + frame], Qt.Orientation.Vertical)
        self._kontroll_rows = rows

    def _district_tab(self) -> QWidget:
        w = QWidget()
        outer = QVBoxLayout(w)
        top = QGroupBox("Distrikt og turnusperiode")
        column = QVBoxLayout(top)
        form = QHBoxLayout()
        column.addLayout(form)
        self.district_error = self._error_line()
        column.addWidget(self.district_error)
        form.addWidget(QLabel("Navn:"))
        self.district_name = QLineEdit()
        self.district_name.editingFinished.connect(self.rename_district)
        form.addWidget(self.district_name, 2)
        form.addSpacing(16)
        form.addWidget(QLabel("Periode fra:"))
        self.period_start = DateEdit()
        self.period_end = DateEdit()
        for which, edit in (("start", self.period_start), ("end", self.period_end)):
            edit.setToolTip("Den nye datoen gjelder når feltet forlates, med Enter eller et valg "
                            "i kalenderen (Ctrl+Z angrer); vakter utenfor perioden fjernes "
                            "fra turnusen")
            # Taken when the date is finished (Enter, leaving the field, a day picked in the
            # calendar), not at each section typed: 28.02 → 15.03 typed day first passes
            # 15.02, and that would drop the rota cells of 16.–28.02.
            edit.editingFinished.connect(lambda which=which: self._period_edited(which))
            edit.refused.connect(lambda why, which=which: self._refuse_in(
                self.district_error,
                f"Periode {'fra' if which == 'start' else 'til'}: {why}; datoen er som før."))
            calendar = edit.calendarWidget()
            for picked in (calendar.clicked, calendar.activated):
                picked.connect(lambda _d, which=which: QTimer.singleShot(
                    0, self, lambda: self._period_edited(which)))
        form.addWidget(self.period_start)
        form.addWidget(QLabel("til:"))
        form.addWidget(self.period_end)
        self.period_info = QLabel()
        form.addWidget(self.period_info, 1)
        outer.addWidget(top)
        lay = QHBoxLayout()
        outer.addLayout(lay, 1)
        left = QGroupBox("Kommuner")
        ll = QVBoxLayout(left)
        self.kommune_model = RecordTableModel(
            [Field("Navn", "name"), Field("Innbyggere", "inhabitants", kind="int"),
             Field("Sentralitetsklasse (1–6)", "centrality", kind="int",
                   tooltip="SSBs sentralitetsklasse: 1 mest sentral, 6 minst sentral")],
            on_edit=lambda row, attr, value: self.edit_item("kommuner", row, attr, value),
        )
        self.kommune_view = self._table(self.kommune_model, stretch_last=True)
        self.kommune_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        ll.addWidget(self._with_error(self.kommune_view))
        row = QHBoxLayout()
        self.add_kommune_button = QPushButton("Ny kommune")
        self.add_kommune_button.clicked.connect(self.add_kommune)
        row.addWidget(self.add_kommune_button)
        self.remove_kommune_button = QPushButton("Fjern kommune")
        self.remove_kommune_button.clicked.connect(lambda: self.remove_selected("kommuner", self.kommune_view))
        row.addWidget(self.remove_kommune_button)
        row.addStretch()
        ll.addLayout(row)
        right = QGroupBox("Stasjoner: hovedlegevakt og satellitter")
        rl = QVBoxLayout(right)
        self.station_model = RecordTableModel(
            [Field("Navn", "name"),
             Field("Type", "kind", kind="choice",
                   choices=(("central", "Hovedlegevakt"), ("satellite", "Satellitt"))),
             Field("Kommune", "kommune", kind="choice", options=self._kommune_choices),
             Field("Id", "id", editable=False)],
            on_edit=lambda row, attr, value: self.edit_item("stations", row, attr, value),
        )
        self.station_view = self._table(self.station_model, stretch_last=True)
        self.station_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rl.addWidget(self._with_error(self.station_view))
        note = QLabel("En satellitt er en lokal stasjon (ofte på sykehjemmet) med sykepleier; "
                      "legen er med på video fra hovedlegevakten.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        rl.addWidget(note)
        row = QHBoxLayout()
        self.add_satellite_button = QPushButton("Legg til satellitt")
        self.add_satellite_button.clicked.connect(self.add_satellite)
        row.addWidget(self.add_satellite_button)
        self.remove_satellite_button = QPushButton("Fjern satellitt")
        self.remove_satellite_button.clicked.connect(self.remove_satellite)
        row.addWidget(self.remove_satellite_button)
        row.addStretch()
        rl.addLayout(row)
        lay.addWidget(left, 1)
        lay.addWidget(right, 1)
        QWidget.setTabOrder(self.district_name, self.period_start)
        QWidget.setTabOrder(self.period_start, self.period_end)
        QWidget.setTabOrder(self.period_end, self.kommune_view)
        QWidget.setTabOrder(self.kommune_view, self.add_kommune_button)
        QWidget.setTabOrder(self.add_kommune_button, self.remove_kommune_button)
        QWidget.setTabOrder(self.remove_kommune_button, self.station_view)
        QWidget.setTabOrder(self.station_view, self.add_satellite_button)
        QWidget.setTabOrder(self.add_satellite_button, self.remove_satellite_button)
        return w

    def _kommune_choices(self) -> tuple[tuple[str, str], ...]:
        if self.project is None:
            return ()
        return tuple((k.name, k.name) for k in self.project.district.kommuner)

    def _station_choices(self) -> tuple[tuple[str, str], ...]:
        if self.project is None:
            return ()
        return tuple((s.id, s.name) for s in self.project.district.stations)

    def _wish_template_choices(self) -> tuple[tuple[str | None, str], ...]:
        """«alle» (None) and the project's shift types, by name (with the station when two
        stations have a type of the same name)."""
        if self.project is None:
            return ((None, "alle"),)
        stations = {s.id: s.name for s in self.project.district.stations}
        names = [t.name for t in self.project.templates]
        return ((None, "alle"), *(
            (t.id, t.name if names.count(t.name) == 1 else f"{t.name} ({stations.get(t.station, t.station)})")
            for t in self.project.templates))

    def _doctors_tab(self) -> QWidget:
        splitter = QSplitter()
        kinds = tuple(DOCTOR_KIND_LABELS.items())

        def competence_text(d: Doctor) -> str:
            assert self.project is not None
            return derive_competence(d.competence, self.project.rules.competence_rule).label

        def age_text(d: Doctor) -> str:
            if self.project is None:
                return str(date.today().year - d.birth_year)
            p = self.project.period
            age = p.start.year - d.birth_year
            right = over_55_from(d, p.start, p.end)
            if right is None or age >= 55:
                return f"{age} (55+)" if age >= 55 else str(age)
            return f"{age} (55+ fra {right.year})"  # turns 55 during the period

        def exemption_text(d: Doctor) -> str:
            """«ikke natt» (a fritak for the whole period), «ikke natt 01.03–30.06» (a part);
            «–» for none: the Kompetanse column beside it does not tell it."""
            if not d.exemptions:
                return "–"
            p = self.project.period if self.project is not None else None
            return "; ".join(
                EXEMPTION_SCOPE_LABELS[e.scope].lower()
                + ("" if p is not None and e.start <= p.start and e.end >= p.end
                   else f" {e.start:%d.%m}–{e.end:%d.%m}")
                for e in d.exemptions)

        def colour(d: Doctor) -> QColor | None:
            if self.project is None:
                return None
            ok = derive_competence(d.competence, self.project.rules.competence_rule).competent
            return None if ok else QColor("#fff3cd")

        self.doctor_model = RecordTableModel(
            [Field("Navn", "name"), Field("Type", "kind", kind="choice", choices=kinds),
             Field("Kompetanse", "competence", editable=False, display=competence_text,
                   tooltip="Avledet av fakta til høyre og kompetanseregelen (akuttmedisinforskriften § 7)"),
             Field("Fritak", "exemptions", editable=False, display=exemption_text,
                   tooltip="Fritak fra vakt (omfang, og datoene når det ikke gjelder hele perioden); "
                           "legges inn under Fravær og ønsker"),
             Field("Kommune", "kommune", kind="choice", options=self._kommune_choices),
             Field("Født", "birth_year", kind="int"),
             Field("Alder", "birth_year", editable=False, display=age_text,
                   tooltip="Alder ved periodens start; 55+ har rett til fritak fra 16–08-vakt"),
             Field("Stilling", "position_share", kind="float", percent=True,
                   most=_upper_bound(Doctor, "position_share"),
                   tooltip="Stillingsbrøk, 0–150 % (50 % kan skrives som 50 %, 50 eller 0,5)"),
             Field("Vaktandel", "legevakt_share", kind="float", percent=True, header="Vakt-\nandel",
                   most=_upper_bound(Doctor, "legevakt_share"),
                   tooltip="0 % = ingen vakt, 100 % = full andel, over 100 % = frivillig ekstra "
                           "(høyst 300 %); 50 % kan skrives som 50 %, 50 eller 0,5"),
             Field("Praksis t/uke", "practice_hours_per_week", kind="float", header="Praksis\nt/uke",
                   tooltip="Timer dagpraksis per uke (0–100)"),
             Field("Spesialist", "competence.specialist_allmennmedisin", kind="bool",
                   tooltip="Spesialist i allmennmedisin"),
             Field("Mnd klinisk", "competence.clinical_months", kind="int", header="Mnd\nklinisk",
                   tooltip="Måneder klinisk tjeneste etter autorisasjon"),
             Field("Legevakter", "competence.legevakter_done", kind="int", header="Lege-\nvakter",
                   tooltip="Antall legevakter gjennomført"),
             Field("År allm.", "competence.years_allmennlege", kind="float",
                   tooltip="År som allmennlege i kommunehelsetjenesten"),
             Field("LIS1", "competence.lis1_completed", kind="bool", tooltip="LIS1 fullført"),
             Field("Kurs", "competence.courses_done", kind="bool",
                   tooltip="Kurs i akuttmedisin og volds- og overgrepshåndtering"),
             Field("Regnskap t", "ledger.load_balance", kind="float", header="Regn-\nskap t",
                   tooltip=LEDGER_TIP + "Vektede vakttimer over (+) eller under (−) rettferdig "
                   "andel; + gir mindre belastning denne perioden."),
             Field("Netter ±", "ledger.nights", kind="int",
                   tooltip=LEDGER_TIP + "Netter over (+) eller under (−) rettferdig antall."),
             Field("Vakter i helg ±", "ledger.weekends", kind="int", header="Vakter i\nhelg ±",
                   tooltip=LEDGER_TIP + "Vakter i helg over (+) eller under (−) rettferdig "
                   "antall."),
             Field("Høytidsvakter ±", "ledger.high_days", kind="int", header="Høytids-\nvakter ±",
                   tooltip=LEDGER_TIP + "Høytidsvakter over (+) eller under (−) rettferdig antall."),
             Field("Hadde høytid", "ledger.had_high_days", kind="highdays", header="Hadde\nhøytid",
                   tooltip=LEDGER_TIP + "Høytidene legen hadde vakt i sist (jul, nyttår, påske, "
                   "pinse, 17. mai): de går til de andre denne gangen når det går."),
             Field("Siste vakt sluttet", "ledger.last_vakt_end", kind="moment",
                   header="Siste vakt\nsluttet", read=self._read_last_end,
                   tooltip=LEDGER_TIP + "Når legens siste vakt i forrige periode sluttet, "
                   "f.eks. «03.01.2027 08:00» (– når den ikke er kjent): minste hviletid "
                   "regnes videre inn i denne perioden."),
             Field("Vaktdager i forrige periode", "ledger.earlier_duty_days", kind="days",
                   header="Vaktdager i\nforrige periode", read=self._read_carried_days,
                   tooltip=LEDGER_TIP + "Dagene legens vakter begynte de siste 31 dagene før "
                   "periodens start, skilt med komma, f.eks. «31.12, 03.01» (– for ingen): "
                   "de regnes med i vakthyppigheten (firedelt, maks per uke, maks på rad).")],
            on_edit=lambda row, attr, value: self.edit_item("doctors", row, attr, value),
            row_colour=colour,
            row_label=lambda d: d.name,
        )
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.doctor_view = self._table(self.doctor_model)
        label_rows_when_scrolled(self.doctor_view, self.doctor_model)
        # every column as wide as its content (the names in full; the table scrolls sideways to
        # the competence facts and the vaktregnskap)
        self.doctor_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # but the carried duty days (up to 31) no wider than about three: the rest is in the
        # cell's tooltip and the panel beside the table; the column can be dragged wider
        header = self.doctor_view.horizontalHeader()
        days = [f.attr for f in self.doctor_model.fields].index("ledger.earlier_duty_days")
        header.setSectionResizeMode(days, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(days, max(header.sectionSizeHint(days), self.doctor_view.fontMetrics()
                                       .horizontalAdvance("lør 05.12, ons 09.12, søn 13.12, …") + 16))
        self.doctor_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_doctor())
        ll.addWidget(self._with_error(self.doctor_view))
        row = QHBoxLayout()
        self.add_doctor_button = QPushButton("Ny lege")
        self.add_doctor_button.clicked.connect(self.add_doctor)
        row.addWidget(self.add_doctor_button)
        self.remove_doctor_button = QPushButton("Fjern lege")
        self.remove_doctor_button.clicked.connect(lambda: self.remove_selected("doctors", self.doctor_view))
        row.addWidget(self.remove_doctor_button)
        hint = QLabel("Dobbeltklikk eller begynn å skrive for å endre en celle. Gul rad: trenger bakvakt.")
        hint.setStyleSheet("color: #555;")
        row.addWidget(hint)
        row.addStretch()
        ll.addLayout(row)
        self.doctor_detail = QLabel("Velg en lege")
        self.doctor_detail.setWordWrap(True)
        self.doctor_detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.doctor_detail.setMinimumWidth(260)
        self.doctor_detail.setTextFormat(Qt.TextFormat.RichText)
        self.doctor_detail.setContentsMargins(8, 4, 8, 4)
        self.doctor_detail.setStyleSheet("background: #fafafa; border: 1px solid #ddd;")
        splitter.addWidget(left)
        splitter.addWidget(self.doctor_detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 300])
        return splitter

    def _templates_tab(self) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        box = QGroupBox("Vakttyper per stasjon")
        bl = QVBoxLayout(box)
        self.template_model = RecordTableModel(
            [Field("Navn", "name"),
             Field("Stasjon", "station", kind="choice", options=self._station_choices),
             Field("Type", "kind", kind="choice", choices=tuple(SHIFT_KIND_LABELS.items())),
             Field("Dager", "weekdays", kind="weekdays",
                   tooltip="Ukedagene vakten starter, f.eks. man–fre eller lør, søn"),
             Field("Fra", "start", kind="time"), Field("Til", "end", kind="time"),
             Field("+dager", "end_day_offset", kind="int",
                   tooltip="Slutter så mange dager etter start (natt 23–08: 1)"),
             Field("Tilstede", "on_site", kind="bool", tooltip="Tilstedevakt (ellers hjemmevakt)"),
             Field("Antall leger", "required", kind="int", tooltip="Antall leger på vakten",
                   header="Antall\nleger"),
             Field("Krever kompetent", "requires_competent", kind="bool", header="Krever\nkompetent",
                   tooltip="Minst én vaktkompetent lege på vakt. Med én lege på vakten: bare "
                           "vaktkompetente (ingen LIS med bakvakt); med flere kan de andre være "
                           "leger som trenger bakvakt, men aldri bare dem"),
             Field("Vekt", "weight", kind="float", tooltip="Belastning per time (over 0, høyst 10)"),
             Field("På helligdag", "holiday_policy", kind="choice", header="På\nhelligdag",
                   choices=tuple(HOLIDAY_POLICY_LABELS.items()),
                   tooltip="På en helligdag: vakten går som på en søndag (bare hvis søndag er "
                           "blant dagene), som en vanlig ukedag, ikke i det hele tatt, eller "
                           "bare på helligdager (de av dagene som er helligdag, f.eks. dag "
                           "08–16 man–fre når legekontorene er stengt)"),
             Field("Samme lege", "block", kind="choice", choices=tuple(BLOCK_LABELS.items()),
                   header="Samme\nlege",
                   tooltip="Hele uka / hele helga: vaktene av denne typen på stasjonen samme "
                           "uke (eller fredag–søndag) går til én lege (ukevakt, helgevakt)")],
            on_edit=lambda row, attr, value: self.edit_item("templates", row, attr, value),
        )
        self.template_view = self._table(self.template_model)
        self.template_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the name reads in full; a narrow window scrolls sideways rather than cutting it
        self.template_view.horizontalHeader().setMinimumSectionSize(40)
        self.template_view.horizontalHeader().setStretchLastSection(True)
        bl.addWidget(self._with_error(self.template_view))
        row = QHBoxLayout()
        self.add_template_button = QPushButton("Ny vakttype")
        self.add_template_button.clicked.connect(self.add_template)
        row.addWidget(self.add_template_button)
        self.remove_template_button = QPushButton("Fjern vakttype")
        self.remove_template_button.clicked.connect(self.remove_template)
        row.addWidget(self.remove_template_button)
        row.addStretch()
        bl.addLayout(row)
        # the period's exceptions to the spacing limits, under the shift types (the rules
        # column is too narrow for their table)
        self.rule_exceptions = RuleExceptionsBox()
        self.rule_exceptions.add_button.clicked.connect(lambda: self.add_rule_exception())
        self.rule_exceptions.edit_button.clicked.connect(lambda: self.edit_rule_exception())
        self.rule_exceptions.remove_button.clicked.connect(self.remove_rule_exception)
        self.rule_exceptions.view.doubleClicked.connect(
            lambda index: self.edit_rule_exception(index.row()))
        left = QVBoxLayout()
        left.addWidget(box, 3)
        left.addWidget(self.rule_exceptions, 2)
        lay.addLayout(left, 5)

        rules = QGroupBox("Regler")
        form = QFormLayout(rules)
        self.rules_error = self._error_line()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.rule_competence = QComboBox()
        for key, label in COMPETENCE_RULE_LABELS.items():
            self.rule_competence.addItem(label, key)
        self.rule_rest = QDoubleSpinBox()
        self.rule_rest.setRange(0, 24)
        self.rule_rest.setDecimals(1)
        self.rule_rest.setSuffix(" t")
        self.rule_after_night = QComboBox()
        for key, label in PRACTICE_AFTER_NIGHT_LABELS.items():
            self.rule_after_night.addItem(label, key)
        self.rule_window = QSpinBox()
        self.rule_window.setRange(1, 28)
        self.rule_window.setSuffix(" dager")
        self.rule_max_window = QSpinBox()
        self.rule_max_window.setRange(0, 31)
        self.rule_max_window.setSpecialValueText("ingen grense")
        self.rule_window_hard = QCheckBox("absolutt (ellers ønsket)")
        self.rule_window_hard.setToolTip(
            "Absolutt: ingen lege får flere vakter i vinduet, og finnes ingen slik turnus, sier "
            "programmet hvorfor. Ønsket: grensen kan brytes der det gir jevnere belastning "
            "(hvert brudd koster i den rettferdige fordelingen, og Kontroll teller dem).")
        self.rule_per_week = QSpinBox()
        self.rule_per_week.setRange(0, 7)
        self.rule_per_week.setSpecialValueText("ingen grense")
        self.rule_consecutive = QSpinBox()
        self.rule_consecutive.setRange(0, 31)
        self.rule_consecutive.setSpecialValueText("ingen grense")
        self.rule_factor = QDoubleSpinBox()
        self.rule_factor.setRange(0, 1)
        self.rule_factor.setSingleStep(0.05)
        self.rule_factor.setDecimals(3)
        self.rule_bakvakt = QDoubleSpinBox()
        self.rule_bakvakt.setRange(0, 5)
        self.rule_bakvakt.setSingleStep(0.1)
        self.rule_bakvakt.setDecimals(2)
        self.rule_margin = QDoubleSpinBox()
        self.rule_margin.setRange(0, 20)
        self.rule_margin.setSingleStep(0.5)
        self.rule_margin.setDecimals(1)
        self.rule_margin.setSuffix(" %")
        self.rule_margin.setSpecialValueText("0 % (streng)")
        margin_help = ("Hvor mye mer den mest belastede legen får bære (i prosent av helt jevn "
                       "fordeling), så motoren kan jevne ut netter, helger, høytid og "
                       "avstand mellom vaktene. 0 % = streng: ingen får mer enn det jevneste "
                       "som er mulig, selv om netter og helger da blir skjevere fordelt.")
        self.rule_margin.setToolTip(margin_help)
        form.addRow("Kompetanseregel", self.rule_competence)
        form.addRow("Minste hviletid", self.rule_rest)
        self.rule_after_night.setToolTip(
            "Når en vakt slutter mindre enn minste hviletid før praksisdagen begynner (en natt "
            "til 08), eller begynner mindre enn minste hviletid etter at den slutter (en natt "
            "fra 23 etter praksis til 16): får legen fri fra praksis den dagen (telles som tapt "
            "praksisdag), eller er vakten ikke tillatt for leger med praksis? En vakt som "
            "begynner idet praksis slutter, er samme arbeidsøkt.")
        form.addRow("For kort hvile før/etter praksis", self.rule_after_night)
        form.addRow("Vindu for vakthyppighet", self.rule_window)
        form.addRow("Maks vakter i vinduet", self.rule_max_window)
        form.addRow("", self.rule_window_hard)
        form.addRow("Maks vakter per uke", self.rule_per_week)
        form.addRow("Maks vakter på rad", self.rule_consecutive)
        factor_help = ("Arbeidstiden en time hjemmevakt eller bakvakt regnes som i "
                       "rapportenes «ekv.»-kolonner og arbeidsmiljøloven-sjekken (KS: 1/7 = "
                       "0,143). Vaktene fordeles etter vakttypenes «Vekt» (belastning per "
                       "time): sett den til det samme på hjemmevaktene om fordelingen skal "
                       "regne likt.")
        factor_label = QLabel("Hjemmevakt i arbeidstid (per time)")
        factor_label.setToolTip(factor_help)
        self.rule_factor.setToolTip(factor_help)
        form.addRow(factor_label, self.rule_factor)
        # said when the reports' factor and an hjemmevakt's load per hour differ (factor_notes)
        self.factor_note = QLabel()
        self.factor_note.setWordWrap(True)
        self.factor_note.setStyleSheet("color: #8a6d00;")
        self.factor_note.hide()
        form.addRow(self.factor_note)
        form.addRow("Bakvakt belastning per time", self.rule_bakvakt)
        margin_label = QLabel("Rettferdighetsmargin")
        margin_label.setToolTip(margin_help)
        form.addRow(margin_label, self.rule_margin)
        hint = QLabel("Firedelt vakt = høyst 1 vakt i et vindu på 4 dager. "
                      "Hviletid: 8 t (SFS 2305 pkt. 7.4) eller 11 t (arbeidsmiljøloven § 10-8). "
                      "KS regner en hjemmevaktstime som 1/7 time arbeid (0,143). "
                      "Rettferdighetsmargin: hvor mye mer den mest belastede legen får bære, "
                      "så netter, helger og avstand kan jevnes ut (0 % = streng).")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form.addRow(self.rules_error)
        form.addRow(hint)
        applied = QLabel("En endret regel gjelder med en gang (Ctrl+Z angrer).")
        applied.setWordWrap(True)
        applied.setStyleSheet("color: #555;")
        form.addRow(applied)
        # Like the tables, the form edits the project as soon as a value is finished (Enter,
        # leaving the field, an arrow step, a choice): there is no «apply» step to forget.
        self.rule_spins = [self.rule_rest, self.rule_window, self.rule_max_window,
                           self.rule_per_week, self.rule_consecutive, self.rule_factor,
                           self.rule_bakvakt, self.rule_margin]
        for spin in self.rule_spins:
            spin.setKeyboardTracking(False)  # not at every digit typed: «11» is not 1, then 11
            spin.valueChanged.connect(lambda _v: self.apply_rules())
        for combo in (self.rule_competence, self.rule_after_night):
            combo.currentIndexChanged.connect(lambda _i: self.apply_rules())
        self.rule_window_hard.toggled.connect(lambda _on: self.apply_rules())
        # in a scroll area: on a low screen (or with the Kontroll list open) the form scrolls
        # rather than pushing the window taller than the screen
        scroll = QScrollArea()
        scroll.setWidget(rules)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # as wide as the form needs (a scroll area alone would let it be squeezed)
        scroll.setMinimumWidth(rules.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width())
        lay.addWidget(scroll, 3)
        order = [self.template_view, self.add_template_button, self.remove_template_button,
                 self.rule_competence, self.rule_rest, self.rule_after_night, self.rule_window,
                 self.rule_max_window, self.rule_window_hard, self.rule_per_week,
                 self.rule_consecutive, self.rule_factor,
                 self.rule_bakvakt, self.rule_margin, self.rule_exceptions.view,
                 self.rule_exceptions.add_button, self.rule_exceptions.edit_button,
                 self.rule_exceptions.remove_button]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        return w

    def _absence_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        top = QHBoxLayout()
        top.addWidget(QLabel("Lege:"))
        self.absence_doctor = QComboBox()
        self.absence_doctor.setMinimumContentsLength(24)
        self.absence_doctor.currentIndexChanged.connect(lambda _i: self._refresh_absences())
        top.addWidget(self.absence_doctor)
        top.addSpacing(12)
        legend = self.absence_legend = QLabel(" ".join(
            f"<span style='background:{colour.name()}'>&nbsp;{label}&nbsp;</span>"
            for label, colour in MARKS.values())
            + f" <span style='background:{HOLIDAY_BG.name()}; color:{CONFLICT_FG.name()}'>"
            "&nbsp;Helligdag&nbsp;</span> Påskeaften: høytid, ikke helligdag"
            " &nbsp;<b>★ vakt</b> = forhåndstildelt")
        legend.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(legend)
        top.addStretch()
        lay.addLayout(top)
        split = QSplitter()
        cal_box = QGroupBox("Kalender — velg dager (dra, eller Shift+klikk), og merk dem")
        cl = QVBoxLayout(cal_box)
        buttons = QHBoxLayout()
        self.mark_buttons: dict[str, QPushButton] = {}
        for key, text in (("ferie", "Ferie"), ("kurs", "Kurs"), ("permisjon", "Permisjon"),
                          ("annet", "Annet fravær"), ("wants", "Ønsker vakt"),
                          ("avoids", "Vil helst ikke"), ("clear", "Fjern merking")):
            b = QPushButton(text)
            if key == "annet":
                b.setToolTip("Sykdom og annet fravær: bare at legen er borte lagres, aldri "
                             "hvorfor")
            if key in MARKS:
                b.setStyleSheet(f"background: {MARKS[key][1].name()};")
            b.clicked.connect(lambda _c=False, k=key: self.mark_selected_days(k))
            buttons.addWidget(b)
            self.mark_buttons[key] = b
        self.preassign_button = QPushButton("Forhåndstildel vakt …")
        self.preassign_button.setToolTip("Gi legen en bestemt vakt den valgte dagen")
        self.preassign_button.clicked.connect(self.preassign_menu)
        buttons.addWidget(self.preassign_button)
        buttons.addStretch()
        cl.addLayout(buttons)
        self.calendar_model = DoctorCalendarModel()
        self.calendar_view = DayRangeView(self.calendar_model)
        cl.addWidget(self.calendar_view)
        split.addWidget(cal_box)

        lists = QTabWidget()
        self.absence_lists = lists

        def section(title: str, fields: list[Field], kind: str) -> tuple[RecordTableModel, QTableView]:
            page = QWidget()
            bl = QVBoxLayout(page)
            model = RecordTableModel(
                fields, on_edit=lambda row, attr, value: self.edit_doctor_list(kind, row, attr, value)
            )
            view = self._table(model, stretch_last=True)
            bl.addWidget(self._with_error(view))
            remove = QPushButton("Fjern valgt")
            remove.clicked.connect(lambda: self.remove_doctor_item(kind, view))
            bl.addWidget(remove)
            lists.addTab(page, title)
            return model, view

        kinds = (("ferie", "Ferie"), ("kurs", "Kurs"), ("permisjon", "Permisjon"), ("annet", "Annet"))
        self.absence_model, self.absence_view = section(
            "Fravær",
            [Field("Type", "kind", kind="choice", choices=kinds),
             Field("Fra", "start", kind="date"), Field("Til", "end", kind="date")],
            "unavailable",
        )
        self.wish_model, self.wish_view = section(
            "Ønsker",
            [Field("Ønsker vakt", "wants", kind="bool"),
             Field("Fra", "start", kind="date"), Field("Til", "end", kind="date"),
             Field("Bare vakttype", "template", kind="choice", options=self._wish_template_choices,
                   tooltip="Ønsket gjelder bare denne vakttypen (eller alle vakter de dagene)")],
            "wishes",
        )
        self.exemption_model, self.exemption_view = section(
            "Fritak",
            [Field("Kategori", "category", kind="choice",
                   choices=tuple(EXEMPTION_CATEGORY_LABELS.items()),
                   tooltip="Rett etter § 13: over 55 år, eller (annen rett) gravid i siste "
                           "tre måneder eller ammer barn under ett år — hvilken av de to "
                           "lagres ikke. Ingen grunn til et innvilget fritak lagres heller."),
             Field("Omfang", "scope", kind="choice", choices=tuple(EXEMPTION_SCOPE_LABELS.items())),
             Field("Fra", "start", kind="date"), Field("Til", "end", kind="date")],
            "exemptions",
        )
        fritak_page = lists.widget(2).layout()
        add_fritak = QPushButton("Nytt fritak (hele perioden)")
        add_fritak.setToolTip("Over 55 år: retten etter fastlegeforskriften § 13 (fri 16–08). "
                              "Ellers: innvilget fritak fra nattevakt. Endre kategori og omfang "
                              "i tabellen.")
        add_fritak.clicked.connect(self.add_exemption)
        fritak_page.addWidget(add_fritak)
        privacy = QLabel("Bare kategori og datoer lagres — aldri en medisinsk grunn.")
        privacy.setStyleSheet("color: #555;")
        fritak_page.addWidget(privacy)

        def shift_text(pre: PreAssignment) -> str:
            shift = self._shift_by_id().get(pre.shift_id)
            return f"{shift.start:%d.%m.%Y %H:%M} {shift.label}" if shift else pre.shift_id

        self.preassigned_model, self.preassigned_view = section(
            "Forhåndstildelt",
            [Field("Vakt", "shift_id", editable=False, display=shift_text),
             Field("Rolle", "role", kind="choice", choices=ROLE_CHOICES)],
            "pre_assigned",
        )
        split.addWidget(lists)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([800, 460])
        lay.addWidget(split, 1)
        return w

    def _rota_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        bar = QHBoxLayout()
        self.solve_button = QPushButton("Lag turnus (F5)")
        self.solve_button.setStyleSheet("font-weight: bold; padding: 4px 12px;")
        self.solve_button.clicked.connect(lambda: self.solve())
        bar.addWidget(self.solve_button)
        self.rest_button = QPushButton("Optimaliser resten")
        self.rest_button.setToolTip("Løs på nytt rundt de låste cellene (låste celler blir stående)")
        self.rest_button.clicked.connect(lambda: self.solve(mode="rest"))
        bar.addWidget(self.rest_button)
        self.repair_button = QPushButton("Reparer")
        self.repair_button.setToolTip("Tilpass turnusen til endret fravær med færrest mulig flyttinger")
        self.repair_button.clicked.connect(lambda: self.solve(mode="repair"))
        bar.addWidget(self.repair_button)
        self.lock_button = QPushButton("▣ Lås/lås opp (Ctrl+L)")
        self.lock_button.setToolTip("Lås de valgte cellene, så en ny løsing ikke flytter dem")
        self.lock_button.clicked.connect(self.toggle_lock)
        bar.addWidget(self.lock_button)
        bar.addSpacing(12)
        bar.addWidget(QLabel("Vis:"))
        self.month_combo = QComboBox()
        self.month_combo.currentIndexChanged.connect(self._month_changed)
        bar.addWidget(self.month_combo)
        bar.addWidget(QLabel("Fremhev:"))
        self.highlight_combo = QComboBox()
        self.highlight_combo.setMinimumContentsLength(14)
        self.highlight_combo.currentIndexChanged.connect(self._highlight_changed)
        bar.addWidget(self.highlight_combo)
        self.compact_box = QCheckBox("Initialer")
        self.compact_box.setToolTip("Vis initialer i stedet for navn (smalere kolonner)")
        self.compact_box.toggled.connect(self._compact_changed)
        bar.addWidget(self.compact_box)
        bar.addStretch()
        lay.addLayout(bar)
        # one line, ended with «…» when too long (the whole text and more in its tooltip)
        self.solve_summary = ElidedLabel()
        self.solve_summary.setStyleSheet("color: #444;")
        self.highlight_summary = QLabel()
        self.highlight_summary.setStyleSheet("font-weight: bold;")
        # who must be told of the changes since the rota was published; only while there are any
        self.change_summary = QLabel()
        self.change_summary.setWordWrap(True)  # every name it gives is read, not cut at the edge
        # its link opens the whole list, to read and copy (the tooltip goes with the mouse)
        self.change_summary.setTextFormat(Qt.TextFormat.RichText)
        self.change_summary.linkActivated.connect(lambda _link: self.show_changes_list())
        self.change_summary.hide()
        for label in (self.solve_summary, self.highlight_summary, self.change_summary):
            # long texts are cut (whole in the tooltip) or wrapped, never widen the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # the highlighted doctor's duties get a line of their own, only while highlighting
        self.highlight_summary.hide()
        lay.addWidget(self.solve_summary)
        lay.addWidget(self.change_summary)
        lay.addWidget(self.highlight_summary)
        self.grid_model = RotaGridModel()
        self.grid_proxy = MonthFilter()
        self.grid_proxy.setSourceModel(self.grid_model)
        self.grid_view = RotaGridView()
        self.grid_view.setModel(self.grid_proxy)
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid_view.horizontalHeader().setDefaultSectionSize(128)
        self.grid_view.horizontalHeader().setMinimumSectionSize(40)
        self.grid_view.verticalHeader().setDefaultSectionSize(22)
        self.grid_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_view.setTabKeyNavigation(False)
        self.grid_view.setToolTip("")
        self.grid_view.doubleClicked.connect(self.pick_doctor_for_cell)
        self.grid_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid_view.customContextMenuRequested.connect(self._grid_menu)
        self.grid_view.pick_requested.connect(self.pick_doctor_for_cell)
        lay.addWidget(self.grid_view)
        legend = self.grid_legend = QLabel("Dobbeltklikk eller Enter på en celle: velg lege (viser hvem som er ledig og "
                        f"hvilke regler hvert valg bryter). Grå rader: helg. {HOLIDAY_LEGEND}. "
                        f"Rød tekst: regelbrudd. LEDIG: vakt, eller bakvakt som trengs, uten lege. ▣: låst. {CHANGE_MARK}i kursiv: "
                        "endret etter publisering (hvem som var publisert, står i verktøytipset). "
                        "Ctrl+B: bytt vakt med en annen lege. Høyreklikk for flere valg.")
        legend.setStyleSheet("color: #555;")
        legend.setWordWrap(True)
        lay.addWidget(legend)
        order = [self.solve_button, self.rest_button, self.repair_button, self.lock_button,
                 self.month_combo, self.highlight_combo, self.compact_box, self.grid_view]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        return w

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Fil")
        self.act_new = self._action(file_menu, "&Ny", self.new_project, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Åpne …", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Nylig &brukte")
        self.act_save = self._action(file_menu, "&Lagre", self.save, QKeySequence.StandardKey.Save)
        self._action(file_menu, "Lagre &som …", self.save_as, "Ctrl+Shift+S")
        file_menu.addSeparator()
        self.act_import_doctors = self._action(file_menu, "&Importer leger …",
                                               lambda: self.import_file("doctors"))
        self.act_import_absences = self._action(file_menu, "Importer &fravær …",
                                                lambda: self.import_file("absences"))
        export = file_menu.addMenu("&Eksporter")
        self._action(export, "&Excel-arbeidsbok …", lambda: self.export("xlsx"), "Ctrl+E")
        self._action(export, "&PDF …", lambda: self.export("pdf"))
        self._action(export, "&Kalenderfiler (.ics) …", lambda: self.export("ics"))
        self._action(export, "Kalenderfiler, bare de &endrede (.ics) …",
                     lambda: self.export("ics", only_changed=True))
        self._action(export, "&Resultatfil (legevakt-rota/1) …", lambda: self.export("result"))
        file_menu.addSeparator()
        self._action(file_menu, "&Avslutt", self.close, QKeySequence.StandardKey.Quit)
        edit = self.menuBar().addMenu("&Rediger")
        self.act_undo = self.undo.createUndoAction(self, "&Angre")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo.createRedoAction(self, "&Gjør om")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        view = self.menuBar().addMenu("&Vis")
        for i in range(self.tabs.count()):
            self._action(view, self.tabs.tabText(i).replace("&", ""),
                         lambda i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")
        rota = self.menuBar().addMenu("&Turnus")
        self.act_solve = self._action(rota, "&Lag turnus", lambda: self.solve(), "F5")
        self.act_solve.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
        self._action(rota, "&Optimaliser resten (rundt låste celler)", lambda: self.solve(mode="rest"),
                     "Shift+F5")
        self._action(rota, "&Reparer etter fravær", lambda: self.solve(mode="repair"))
        self._action(rota, "Lås/lås opp valgte celler", self.toggle_lock, "Ctrl+L")
        self.act_swap = self._action(rota, "&Bytt vakt …", lambda: self.swap_for_cell(), "Ctrl+B")
        self._action(rota, "&Publiser (ta vare på som kunngjort)", self.publish)
        rota.addSeparator()
        self._action(rota, "&Neste periode med vaktregnskap …", self.next_period)
        hjelp = self.menuBar().addMenu("&Hjelp")
        self._action(hjelp, "&Kom i gang", lambda: self.show_help("start"), "F1")
        self._action(hjelp, "&Hurtigtaster", lambda: self.show_help("keys"))
        self._action(hjelp, "&Om Legevakt", lambda: self.show_help("about"))
        self._refresh_recent()

    def show_help(self, which: str) -> None:
        """The Hjelp menu: «Kom i gang» (F1), «Hurtigtaster» or «Om Legevakt»."""
        from legevakt_app.ui import help as texts

        title, text = {"start": (texts.GETTING_STARTED_TITLE, texts.GETTING_STARTED),
                       "keys": (texts.KEYS_TITLE, texts.KEYS),
                       "about": (texts.ABOUT_TITLE, texts.about_text())}[which]
        show_message(self, title, text, icon=QMessageBox.Icon.Information, width=640)

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
        act.triggered.connect(lambda _checked=False: (self.commit_edits(), slot()))
        menu.addAction(act)
        return act

    def commit_edits(self) -> None:
        """Apply what is typed but not yet finished (a number or date still being typed, the
        district name, a table cell open for editing) before the project is saved, solved,
        exported, left or shown in another view. The shortcuts (Ctrl+S, F5, Ctrl+Q) do not
        move the focus, so without this the typed value would be silently dropped."""
        if self.project is None:
            return
        for spin in self.rule_spins:
            spin.interpretText()  # a changed text emits valueChanged: applied
        for which, edit, name in (("start", self.period_start, "fra"),
                                  ("end", self.period_end, "til")):
            edit.finish_typing()  # a whole date typed («4.1.27») is the date meant
            if edit.validate(edit.text(), 0)[0] != QValidator.State.Acceptable:
                self._refuse_in(self.district_error, f"Periode {name}: «{edit.text()}» er "
                                "ikke en gyldig dato (dd.mm.åååå).")
                self._show_period(self.project)
                continue
            edit.interpretText()
            self._period_edited(which)
        if self.district_name.text().strip() != self.project.district.name:
            self.rename_district()
        for view in self.record_views:
            if view.state() == QAbstractItemView.State.EditingState:
                editor = view.indexWidget(view.currentIndex())
                if editor is not None:
                    view.commitData(editor)
                    view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # ----- project state --------------------------------------------------------------------
    def load(self, project: Project, path: Path | None, stamp: FileStamp | None = None) -> None:
        """Show ``project`` as saved at ``path``; ``stamp``: what the file held when the project
        was read from it (else what it holds now)."""
        self.undo.clear()
        self.path = path
        if stamp is None and path is not None:
            try:
                stamp = file_stamp(path)
            except OSError:
                stamp = None
        self.disk_stamp = stamp
        self.last_solve = None
        self._solve_step = None
        self._solved_project = None
        self._shown = None
        self.set_project(project)
        self.undo.setClean()
        self._autosaved_index = self.undo.index()
        if path is not None:
            self._remember(path)
        self._update_title()

    def set_project(self, project: Project | Checked, notes_later: bool = False) -> Checked:
        """Show ``project`` everywhere and re-check it (called by undo commands too).
        A :class:`Checked` is shown as is (checked already, e.g. in the solve worker).
        ``notes_later`` (an edit): the notes on partial fritak, when they must be counted
        again, are counted in a worker and added to Kontroll when done; so are the pre-checks
        (what makes every rota impossible) after an edit of the doctors alone (a ferie
        marked: 50-150 ms on a 40-doctor year)."""
        known = self._problems_of
        self._problems_of = None
        # a refused value's message stands until the next change (or undo)
        self.district_error.hide()
        self.rules_error.hide()
        checked = project if isinstance(project, Checked) else check_project(
            project, self.checked, notes_later=notes_later,
            problems=known[1] if known is not None and known[0] is project else None,
            prechecks_later=notes_later and self.checked is not None
            and only_doctors_changed(self.checked.project, project))
        if checked.notes is None or checked.blockers is None:
            checked = self._with_counts(checked, notes_later)
        if checked.blockers is None:
            self._blockers_said = self._counts_shown()[1]  # see _counts_shown
        self.checked = checked
        self.project = checked.project
        self._refresh_views()
        self._run_checker()
        self._reports_dirty = True
        if self.tabs.currentWidget() in (self.belastning, self.terskel):
            self._refresh_reports()
        self._update_title()
        return checked

    @property
    def problem(self) -> Any:
        return self.checked.problem if self.checked else None

    @property
    def project_problems(self) -> list[Any]:
        return self.checked.project_problems if self.checked else []

    @property
    def violations(self) -> list[Any]:
        return self.checked.violations if self.checked else []

    def apply(self, after: Project | Checked, text: str) -> None:
        assert self.checked is not None
        self.undo.push(ProjectChange(self, self.checked, after, text))
        # what the status bar said about an earlier edit (or refusal) no longer holds; the
        # caller says what this edit did, if more than the field shows
        self.statusBar().clearMessage()

    def copy(self) -> Project:
        assert self.project is not None
        return self.project.model_copy(deep=True)

    def with_doctor_copy(self, i: int) -> Project:
        """The current project with its doctor ``i`` a copy to change, sharing everything else:
        the other doctors and the rota (thousands of places on a big district) are not copied,
        and what is derived from them (the engine's shifts, the checks) not worked out again
        (an edit of one doctor's fravær, ønsker, fritak or forhåndstildelte vakter)."""
        assert self.project is not None
        doctors = list(self.project.doctors)
        doctors[i] = doctors[i].model_copy(deep=True)
        return self.project.model_copy(update={"doctors": doctors})

    def with_rota(self, rota: list[PublishedAssignment]) -> Project:
        """The current project with another rota, sharing everything else (so the engine's
        view of it is reused, not rebuilt)."""
        assert self.project is not None
        return self.project.model_copy(update={"rota": rota})

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
        """Refill the views whose part of the project changed (a solve changes only the rota,
        so only the grid is redrawn)."""
        p = self.project
        if p is None:
            return
        old = self._shown
        self._shown = p
        inputs_changed = old is None or not (
            old.district is p.district and old.period is p.period and old.doctors is p.doctors
            and old.templates is p.templates and old.rules is p.rules)
        if inputs_changed:
            self.district_name.setText(p.district.name)
            self._show_period(p)
            weeks = ((p.period.end - p.period.start).days + 1) / 7
            self.period_info.setText(f"{weeks:.0f} uker, {count(len(p.doctors), 'lege', 'leger')}")
            self.kommune_model.set_records(p.district.kommuner)
            self.station_model.set_records(p.district.stations)
            if (old is not None and len(old.doctors) == len(p.doctors)
                    and old.rules is p.rules and old.period is p.period
                    and old.district is p.district):
                # the same doctors, edited (a ferie marked): what the table shows of them
                # depends on nothing else that changed, so it keeps its rows and is told of
                # those that show something else (a reset measured every cell again)
                self.doctor_model.update_records(p.doctors)
                self._clear_field_error(self.doctor_view)  # (as the reset did)
            else:
                current_row = self.doctor_view.currentIndex().row()
                self.doctor_model.set_records(p.doctors)
                if p.doctors:
                    self.doctor_view.selectRow(min(max(current_row, 0), len(p.doctors) - 1))
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
            self._shift_index = None
            self._refresh_absences()
            self._show_doctor()
        self._refresh_grid(inputs_changed)

    _filling = False  # the fields are being filled from the project: not an edit
    _rules_shown: dict[str, Any] | None = None  # the rules form as last filled from the project

    def _show_period(self, p: Project) -> None:
        self._filling = True
        try:
            self.period_start.setDate(QDate(p.period.start))
            self.period_end.setDate(QDate(p.period.end))
        finally:
            self._filling = False

    def _refresh_rules(self) -> None:
        r = self.project.rules  # type: ignore[union-attr]
        self._filling = True
        try:
            self.rule_competence.setCurrentIndex(self.rule_competence.findData(r.competence_rule))
            self.rule_rest.setValue(r.min_rest_hours)
            self.rule_after_night.setCurrentIndex(self.rule_after_night.findData(r.practice_after_night))
            self.rule_window.setValue(r.spacing_window_days)
            self.rule_max_window.setValue(r.max_in_window.value if r.max_in_window else 0)
            self.rule_window_hard.setChecked(bool(r.max_in_window and r.max_in_window.hard))
            self.rule_per_week.setValue(r.max_per_week.value if r.max_per_week else 0)
            self.rule_consecutive.setValue(r.max_consecutive_days.value if r.max_consecutive_days else 0)
            self.rule_factor.setValue(r.hjemmevakt_factor)
            from legevakt_app.summary import factor_notes

            notes = factor_notes(self.project)
            self.factor_note.setText("".join(f"Merk: {note}." for note in notes))
            self.factor_note.setVisible(bool(notes))
            self.rule_bakvakt.setValue(r.bakvakt_weight)
            self.rule_margin.setValue(r.fairness_margin * 100)
            self._rules_shown = self._rules_typed()
            row = self.rule_exceptions.current_row()
            self.rule_exceptions.model.set_rules(r)
            if row is not None:
                self.rule_exceptions.select_row(min(row, len(r.exceptions) - 1))
        finally:
            self._filling = False

    _shift_index: dict[str, Any] | None = None

    def _shift_by_id(self) -> dict[str, Any]:
        if self._shift_index is None:
            self._shift_index = {s.id: s for s in self.problem.shifts} if self.problem else {}
        return self._shift_index

    def _grid_place(self) -> tuple[Any, list[Any], tuple[int, int]]:
        """Where the leader is in the Turnus grid: the current cell and the selected ones, each
        as (day, column), and the scroll position."""
        model, proxy, view = self.grid_model, self.grid_proxy, self.grid_view

        def cell(index: QModelIndex) -> tuple[date, Any] | None:
            src = proxy.mapToSource(index)
            if not src.isValid():
                return None
            return model.days[src.row()], model.columns[src.column()]

        selected = [c for i in view.selectionModel().selectedIndexes() if (c := cell(i))]
        scroll = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        return cell(view.currentIndex()), selected, scroll

    def _restore_grid_place(self, place: tuple[Any, list[Any], tuple[int, int]]) -> None:
        """Back to :meth:`_grid_place` after the grid was redrawn (a hand change, a swap, a
        lock, undo, redo): the same cells where they still are, and the same scroll position."""
        current, selected, (x, y) = place
        model, proxy, view = self.grid_model, self.grid_proxy, self.grid_view
        rows = {day: r for r, day in enumerate(model.days)}
        columns = {col: c for c, col in enumerate(model.columns)}

        def index(cell: tuple[date, Any] | None) -> QModelIndex:
            if cell is None or cell[0] not in rows or cell[1] not in columns:
                return QModelIndex()
            return proxy.mapFromSource(model.index(rows[cell[0]], columns[cell[1]]))

        selection = QItemSelection()
        for cell in selected:
            if (i := index(cell)).isValid():
                selection.select(i, i)
        flags = QItemSelectionModel.SelectionFlag
        if (i := index(current)).isValid():
            view.selectionModel().setCurrentIndex(i, flags.NoUpdate)
        view.selectionModel().select(selection, flags.ClearAndSelect)
        view.doItemsLayout()  # the scroll ranges of the redrawn grid, before scrolling back
        view.horizontalScrollBar().setValue(x)
        view.verticalScrollBar().setValue(y)

    _grid_shows: tuple[Any, ...] | None = None  # what the grid was last filled from

    def _refresh_grid(self, inputs_changed: bool = True) -> None:
        p = self.project
        if p is None or self.problem is None:
            self._grid_shows = None
            self.grid_model.set_rota(_EMPTY_PROBLEM, Rota(), {}, {}, [], {})
            return
        # what the grid shows of the project: the same after an edit of the doctors that
        # keeps their names and competence (a ferie marked), and then not filled and laid
        # out again (the changes since publishing and the doctor picked are said anew)
        shows = (p.district, p.period, p.templates, p.rules, p.rota,
                 [(d.id, d.name, d.competent) for d in self.problem.doctors])
        known, self._grid_shows = self._grid_shows, shows
        if known is not None and all(a is b for a, b in zip(known[:-1], shows[:-1], strict=True)) \
                and known[-1] == shows[-1]:
            self._show_changes()
            self._highlight_changed()
            self._update_solve_summary()
            return
        place = self._grid_place()
        self.grid_model.set_rota(
            self.problem, project_rota(p),
            {s.id: s.name for s in p.district.stations},
            {t.id: t.name for t in p.templates},
            template_order(self.problem, [s.id for s in p.district.stations],
                           [t.id for t in p.templates]),
            doctor_colours([d.id for d in p.doctors]),
        )
        if inputs_changed:
            self._size_grid_columns()
            months = sorted({(d.year, d.month) for d in self.grid_model.days})
            keep = self.month_combo.currentData()
            self.month_combo.blockSignals(True)
            self.month_combo.clear()
            self.month_combo.addItem("Hele perioden", None)
            for y, m in months:
                self.month_combo.addItem(f"{MONTHS[m - 1]} {y}", month_key(date(y, m, 1)))
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
        self._show_changes()
        self._restore_grid_place(place)
        self._highlight_changed()
        self._update_solve_summary()

    def _show_changes(self) -> None:
        """Mark the places that differ from the published rota in the grid (◆), and say above
        it whom the leader must tell: «◆ Endret etter publisering («…»): 3 leger må få beskjed
        — Kari Nordeng (mister 5), …», the first CHANGE_LINE_DOCTORS by name and the rest
        «… og 3 til»; every doctor's vakter in the tooltip."""
        p = self.project
        diff = diff_against_latest(p) if p is not None and p.rota else None
        if p is None or self.problem is None or diff is None or not diff.changed:
            self.change_summary.hide()
            if self.grid_model.published_instead:  # (published again: the grid kept its rows)
                self.grid_model.set_changes([], {})
            return
        names = known_names(p)
        self.grid_model.set_changes(diff.changes, names)
        doctors = per_doctor(diff, names)

        def what(gained: list[Any], lost: list[Any]) -> str:
            return ", ".join(f"{verb} {len(c)}" for verb, c in (("får", gained), ("mister", lost)) if c)

        told = "; ".join(f"{names.get(d, d)} ({what(gained, lost)})"
                         for d, gained, lost in doctors[:CHANGE_LINE_DOCTORS])
        if len(doctors) > CHANGE_LINE_DOCTORS:
            told += f" … og {len(doctors) - CHANGE_LINE_DOCTORS} til (alle i verktøytipset)"
        self.change_summary.setText(escape(
            f"{CHANGE_MARK}Endret etter publisering («{diff.snapshot_name}»): "
            f"{count(len(doctors), 'lege', 'leger')} må få beskjed — {told}")
            + ' — <a href="endringer">Vis og kopier endringene …</a>')
        self.change_summary.setToolTip(self._changes_text(diff))
        self.change_summary.show()

    def _changes_text(self, diff: Any) -> str:
        """The changes since publishing, per doctor and by day, and how to send them."""
        assert self.project is not None
        notices = doctor_notices(diff, known_names(self.project), self._shift_by_id())
        return (f"Endret etter publisering («{diff.snapshot_name}»), per lege:\n"
                + "\n".join(notices)
                + "\n\nSend dem de nye kalenderne (Fil → Eksporter → Kalenderfiler, bare de "
                  "endrede) og publiser (Turnus → Publiser): en vakt som er tatt fra en lege, "
                  "avlyses i legens kalender.")

    def show_changes_list(self) -> None:
        """Every change since publishing, whom to tell and which vakter, in a window of its
        own: the text selectable, and «Kopier» puts it on the clipboard for an e-mail or a
        note (the window stays open)."""
        p = self.project
        diff = diff_against_latest(p) if p is not None and p.rota else None
        if diff is None or not diff.changed:
            return
        text = self._changes_text(diff)
        dialog = QDialog(self)
        dialog.setObjectName("changes_list")
        dialog.setWindowTitle("Endringer siden publisering")
        layout = QVBoxLayout(dialog)
        view = QPlainTextEdit(text)
        view.setReadOnly(True)  # selectable and copied as any text, not edited
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Lukk")
        copy = buttons.addButton("Kopier", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setToolTip("Kopier listen, for en e-post eller et notat til legene")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(text))
        send = buttons.addButton("Kalenderfiler til dem …", QDialogButtonBox.ButtonRole.ActionRole)
        send.setToolTip("Skriv kalenderfilene (.ics) bare for legene med endringer siden "
                        "forrige eksport (som Fil → Eksporter → Kalenderfiler, bare de "
                        "endrede), til å sende dem")

        def send_calendars() -> None:
            dialog.accept()
            QTimer.singleShot(0, self, lambda: self.export("ics", only_changed=True))

        send.clicked.connect(send_calendars)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(760, 420)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_message = f"Endringer siden publisering: {text}"

    def _update_solve_summary(self) -> None:
        p = self.project
        if p is None:
            return
        if not p.rota:
            if (self.solve_applies() and self.last_solve is not None
                    and self.last_solve.status == "infeasible"):
                # the last solve was of the project as it is: no rota exists (said why)
                self.solve_summary.setText(
                    "Ingen turnus finnes med disse reglene og dette fraværet — se hvorfor under "
                    "Kontroll; endre og trykk «Lag turnus» (F5) igjen.")
                self.solve_summary.setToolTip(self.last_explanation)
                return
            self.solve_summary.setText("Ingen turnus ennå — trykk «Lag turnus» (F5).")
            self.solve_summary.setToolTip("")
            return
        locked = sum(1 for a in p.rota if a.locked)
        parts = [f"{len(p.rota)} tildelinger, {locked} låst"]
        s = self.last_solve if self.solve_applies() else None
        levels: list[Any] = []  # each objective level's value and proven bound, in the tooltip
        if s is not None:
            levels = list(s.levels)
            status = STATUS.get(s.status, s.status)
            parts.append(f"sist løst: {status}, {decimal(s.seconds)} s")
            fairness = self.fairness_text()
            if fairness:
                parts.append(fairness)
        elif self.last_solve is None:
            from legevakt_app.solve_record import applying_record

            record = applying_record(p)  # a rota made by the engine in an earlier session
            if record is not None:
                levels = list(record.levels)
                # when, unless the record is from before it was kept
                when = "" if record.made_at is None else f" {moment_text(record.made_at)}"
                parts.append(f"laget av motoren{when}: {STATUS.get(record.status, record.status)}"
                             f", {decimal(record.seconds)} s (lagret med turnusen)")
                fairness = self.fairness_text()
                if fairness:
                    parts.append(fairness)
        text = " · ".join(parts)
        self.solve_summary.setText(text)
        tip = text
        if levels:
            tip += "\n\nMotorens nivåer (verdien turnusen nådde og den beviste nedre grensen):\n"
            tip += "\n".join(f"{i}. {level_line(lv)}" for i, lv in enumerate(levels, start=1))
            if (note := self.sharing_note()) is not None:
                # the sharing level's value beside a fairness table with nobody (or fewer)
                # outside the fair number: who is outside, and what it counts besides, as
                # `legevakt solve` says it
                tip += "\n\n" + note
        self.solve_summary.setToolTip(tip + ("\n\n" + FAIRNESS_HELP if levels else ""))

    def sharing_note(self) -> str | None:
        """«Utenfor det rettferdige antallet: …» and, on a line of its own, «Merk: 4 av
        delingstallet (7) er ikke vakter utenfor det rettferdige antallet, …»
        (:func:`legevakt_app.reports.fairness.sharing_note`) for the rota as the engine made it
        (its solve record applies, from this session's solve or saved with the rota); None
        otherwise, or when the value needs no note. Counted once per record: the fairness
        report is not counted again each time the line is."""
        from legevakt_app.solve_record import applying_record, record_info

        record = applying_record(self.project) if self.project is not None else None
        if record is None:
            return None
        if self._sharing is None or self._sharing[0] is not record:
            from legevakt_app.reports.fairness import fairness_report, outside_text, sharing_note

            sharing = next((lv.value for lv in record.levels if lv.name == "sharing"), None)
            text = None
            if sharing and record.count_bands:  # else no note, and no report to count
                from legevakt_app.rota_source import source_from_project

                report = fairness_report(source_from_project(self.project))
                note = sharing_note(record_info(record), report, where=SHARING_WHERE)
                text = None if note is None else f"{outside_text(report)}\n{note}"
            self._sharing = (record, text)
        return self._sharing[1]

    def solve_applies(self) -> bool:
        """True when the last solve was of the project as it is now (only the rota may have
        been changed since; a changed doctor, rule or shift type makes its figures stale), and
        its rota is still in: not undone. (Undone, the rota is the one from before the solve
        — after «Reparer», the published rota with the doctor still on the vakter of her
        illness — and the fairness line said it was the engine's «etter endringer for hånd»:
        a QA find.)"""
        return (self.last_solve is not None and self.problem is not None
                and self._solved_project is not None and self.project is not None
                and same_inputs(self._solved_project, self.project)
                and (self._solve_step is None or self._step_done(self._solve_step)))

    def _step_done(self, step: Any) -> bool:
        """Whether ``step`` is among the undo steps done (not undone, nor dropped by an edit
        made after undoing it)."""
        return any(self.undo.command(i) is step for i in range(self.undo.index()))

    def rota_is_solved(self) -> bool:
        """True when the rota shown is the one the last solve delivered (not edited by hand)."""
        if not self.solve_applies() or self.project is None:
            return False
        return frozenset((a.shift_id, a.doctor_id, a.role) for a in self.project.rota) == self._solved_keys

    def fairness_text(self) -> str:
        """``Rettferdighet: mest belastede lege 244,6 t per full vaktandel (beste motoren fant
        240,4, bevist innen 1 %; ingen turnus under 238,4)``:
        the largest load per fair share in the rota shown, level 1's best and its proven
        lower bound. From this session's solve, else from the engine's figures saved with
        the rota while they still describe it; '' when there are none."""
        s: Any = self.last_solve
        if self.project is None or not self.project.rota:
            return ""
        if s is None:
            from legevakt_app.solve_record import applying_record

            record = applying_record(self.project)  # the rota is as the engine made it
            if record is None:
                return ""
            levels = {lv.name: lv for lv in record.levels}
            rota_value, edited, level = record.objective, "", levels.get("fairness")
            repair, others = "moves" in levels, levels.get("fairness_others")
        elif not self.solve_applies():
            return ""
        elif self.rota_is_solved():
            rota_value, edited = s.objective, ""
            level, repair = s.level("fairness"), s.level("moves") is not None
            others = s.level("fairness_others")
        else:
            from solver.solve import max_ratio  # loaded by the solve already

            rota_value, edited = max_ratio(self.problem, project_rota(self.project)), " etter endringer for hånd"
            level, repair = s.level("fairness"), s.level("moves") is not None
            others = None  # (the engine's figure for the others is not this rota's)
        if rota_value is None:
            return ""
        text = (f"Rettferdighet: mest belastede lege {decimal(rota_value)} "
                f"{LEVEL_VALUE_UNITS['fairness']}{edited}")
        if level is not None and level.value is not None:
            # level 1 is proven in steps of 1 % of the perfect-fairness bound: no rota is a
            # step fairer, but its best may lie above the bound
            from solver.objective import DEFAULT_RESOLUTION  # loaded by the solve already

            step = number(DEFAULT_RESOLUTION * 100)
            proven = f", bevist innen {step} %" if level.status == "optimal" else ""
            margin = self.project.rules.fairness_margin
            if not edited and margin > 0 and round(rota_value, 1) > round(level.value, 1):
                # the later levels used the rules' margin: say so, or the rota reads as worse
                # than «the best the engine found» (a QA find)
                figures = [f"lastfordelingen alene ga {decimal(level.value)}{proven}; turnusen "
                           f"bruker inntil {number(margin * 100)} % margin for jevnere netter, "
                           "helger og høytid"]
            else:
                figures = [f"beste motoren fant {decimal(level.value)}{proven}"]
            if level.bound is not None:
                # a repair's bound holds among the repairs that move the fewest vakter, not
                # among all rotas (a fresh rota may be fairer)
                which = "ingen reparasjon med så få flyttinger" if repair else "ingen turnus"
                figures.append(f"{which} under {decimal(level.bound)}")
            text += f" ({'; '.join(figures)})"
        if others is not None and others.value is not None:
            # level 1's top is forced far above the rest (objective.others_level): what the
            # engine evened out among the others is what they feel. The level's best, as for
            # level 1: the later levels may use the margin above it (a QA run: the best 1161,6,
            # the rota's most loaded of them 1177,6)
            text += f"; de andre legene: beste motoren fant {decimal(others.value)}"
        return text

    def _month_changed(self) -> None:
        self.grid_proxy.set_month(self.month_combo.currentData())
        if self.highlight_combo.currentData():
            self._highlight_changed()  # its line counts the month shown

    def _compact_changed(self, on: bool) -> None:
        self.grid_model.set_compact(on)
        self._size_grid_columns()

    def _size_grid_columns(self) -> None:
        """Names: columns share the width when there are few (a small district fills the
        screen), else 128 px each and the grid scrolls; initials: 64 px."""
        header = self.grid_view.horizontalHeader()
        if not self.compact_box.isChecked() and len(self.grid_model.columns) <= 10:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        else:
            size = 64 if self.compact_box.isChecked() else 128
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setDefaultSectionSize(size)
            for i in range(header.count()):
                header.resizeSection(i, size)

    def _highlight_changed(self) -> None:
        doctor_id = self.highlight_combo.currentData()
        self.grid_model.set_highlight(doctor_id)
        text = self._doctor_duties(doctor_id) if doctor_id else ""
        self.highlight_summary.setText(text)
        self.highlight_summary.setVisible(bool(text))  # else the solve summary has the line

    def _doctor_duties(self, doctor_id: str) -> str:
        """``Kari i hele perioden: 14 vakter (5 nattevakter, 4 helgevakter, 1 helligdagsvakt),
        2 bakvakter``; with a month shown, that month's first (the grid shows only it)."""
        if self.project is None or self.problem is None:
            return ""
        shifts = self._shift_by_id()
        mine = [(shifts[a.shift_id], a.role) for a in self.project.rota
                if a.doctor_id == doctor_id and a.shift_id in shifts]

        def duties(held: list[tuple[Any, str]]) -> str:
            vakt = [s for s, role in held if role == "vakt"]
            bak = len(held) - len(vakt)
            details = duty_counts(sum(1 for s in vakt if s.night), sum(1 for s in vakt if s.weekend),
                                  sum(1 for s in vakt if s.holiday))
            return (f"{count(len(vakt), 'vakt', 'vakter')} ({details})"
                    + (f", {count(bak, 'bakvakt', 'bakvakter')}" if bak else ""))

        name = next((d.name for d in self.project.doctors if d.id == doctor_id), doctor_id)
        month = self.month_combo.currentData()
        if month:
            shown = [(s, role) for s, role in mine if month_key(s.day) == month]
            return (f"{name} i {self.month_combo.currentText()}: {duties(shown)} — i hele "
                    f"perioden: {duties(mine)}")
        return f"{name} i hele perioden: {duties(mine)}"

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
        period = self.project.period
        year = period.start.year
        age = year - d.birth_year
        right = over_55_from(d, period.start, period.end)
        over = ("" if right is None else " — <b>over 55: rett til fritak fra 16–08-vakt</b>"
                if age >= 55 else f" — <b>55 år i {right.year}: rett til fritak fra 16–08-vakt "
                                  f"fra {right:%d.%m.%Y}</b>")
        colour = "#1b5e20" if verdict.competent else "#8a6d00"
        lines = [f"<h3 style='margin:2px 0'>{d.name}</h3>",
                 f"{DOCTOR_KIND_LABELS[d.kind]}, {d.kommune}<br>Født {d.birth_year}: {age} år i {year}"
                 + over,
                 f"<p><b style='color:{colour}'>{verdict.label.capitalize()}</b><br>{verdict.reason}<br>"
                 f"<small>Regel: {COMPETENCE_RULE_LABELS[self.project.rules.competence_rule]}</small></p>"]
        if d.exemptions:
            lines.append("<p><b>Fritak</b><br>" + "<br>".join(
                f"{EXEMPTION_CATEGORY_LABELS[e.category]}, {EXEMPTION_SCOPE_LABELS[e.scope].lower()}, "
                f"{e.start:%d.%m.%Y}–{e.end:%d.%m.%Y}" for e in d.exemptions) + "</p>")
        else:
            lines.append("<p><b>Fritak</b><br>ingen</p>")
        # a partial fritak that leaves her most of the rest: the note Kontroll has, as «legevakt
        # check» says it, with the vaktandel that eases it (counted with the project's check:
        # after an edit in a worker, and said here when done, see _counts_done)
        note = dict(self._counts_shown()[0]).get(d.id)
        if note is not None:
            lines.append(f"<p style='color:#8a6d00'><b>Merk:</b> {note}.</p>")
        if d.unavailable:
            lines.append("<p><b>Fravær</b><br>" + "<br>".join(
                f"{a.kind.capitalize()}: {a.start:%d.%m.%Y}–{a.end:%d.%m.%Y}" for a in d.unavailable) + "</p>")
        lines.append(f"<p><b>Dagpraksis</b> {d.practice_hours_per_week:g} t/uke<br>"
                     f"Vaktandel {share_text(d.legevakt_share)}, stilling "
                     f"{share_text(d.position_share)}</p>".replace(".", ","))
        g = d.ledger
        if (g.load_balance or g.nights or g.weekends or g.high_days or g.had_high_days
                or g.last_vakt_end or g.earlier_duty_days):
            from legevakt_app.next_period import signed

            lines.append(
                f"<p><b>Vaktregnskap fra forrige periode</b><br>{signed(g.load_balance)} t, "
                f"netter {signed(g.nights)}, helger {signed(g.weekends)}, "
                f"høytid {signed(g.high_days)}"
                + (f"<br>Hadde {', '.join(g.had_high_days)}: går til de andre når det går"
                   if g.had_high_days else "")
                + (f"<br>Siste vakt sluttet {end_text(g.last_vakt_end)}: minste hviletid "
                   "gjelder videre" if g.last_vakt_end else "")
                + ("<br>Vaktdager sist i forrige periode: "  # «man 28.12» kept on one line
                   + days_text(g.earlier_duty_days).replace(" ", "&nbsp;").replace(",&nbsp;", ", ")
                   + ": regnes med i vakthyppigheten (firedelt, maks per uke, maks på rad)"
                   if g.earlier_duty_days else "") + "</p>")
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
        for view in (self.absence_view, self.wish_view, self.exemption_view):
            view.resizeColumnsToContents()  # a few rows: «Rett: over 55 år» read in full
        for tab, n in enumerate((len(d.unavailable), len(d.wishes), len(d.exemptions),
                                 len(d.pre_assigned)) if d else (0, 0, 0, 0)):
            title = ("Fravær", "Ønsker", "Fritak", "Forhåndstildelt")[tab]
            self.absence_lists.setTabText(tab, f"{title} ({n})")
        if self.project is not None:
            shifts = self._shift_by_id()
            labels = {pre.shift_id: (shifts[pre.shift_id].start.date(), shifts[pre.shift_id].label)
                      for pre in (d.pre_assigned if d else []) if pre.shift_id in shifts}
            self.calendar_model.set_doctor(self.project.period.start, self.project.period.end, d, labels)

    # ----- checking -------------------------------------------------------------------------
    def _run_checker(self) -> None:
        entries = [ProblemEntry(f"Prosjekt: {reference_problem_text(prob)}", ("field", prob.path))
                   for prob in self.project_problems]
        names = {d.id: d.name for d in self.project.doctors} if self.project else {}
        for v in self.violations:
            who = f" ({names[v.doctor_id]})" if v.doctor_id in names and names[v.doctor_id] not in v.message else ""
            target = ("shift", v.shift_id, v.doctor_id) if v.shift_id else ("doctor", v.doctor_id)
            entries.append(ProblemEntry(f"{v.rule_name}: {v.message}{who}", target))
        notes, blockers = self._counts_shown()
        blockers = blockers if not entries else []
        entries += [ProblemEntry(f"Ingen turnus mulig: {text}", target) for text, target in blockers]
        total = len(entries)
        # holes in the cover: listed (a click leads to the vakttyper), but no rule is broken
        gaps = self.checked.gaps if self.checked is not None else []
        entries += [ProblemEntry(line if i == 0 else f"Hull i dekningen: {line}",
                                 ("field", "templates"), warning=True)
                    for i, line in enumerate(gaps)]
        # a partial fritak that leaves the doctor most of the rest: said where the leader
        # looks, not only beside the doctor in Leger (a click leads there)
        entries += [ProblemEntry(f"Merk: {note}", ("doctor", doctor_id), warning=True)
                    for doctor_id, note in notes]
        # a station with no vakttyper: calm, last (a satellitt may have only nurses)
        from legevakt_app.summary import idle_stations, idle_stations_note

        if self.project is not None and (idle := idle_stations_note(self.project)):
            first = idle_stations(self.project)[0]
            entries.append(ProblemEntry(f"Merk: {idle}", ("field", f"district.stations[{first}]"),
                                        info=True))
        self.problem_model.set_entries(entries)
        self._fit_kontroll()
        self.grid_model.set_violations(self.violations)
        has_rota = bool(self.project and self.project.rota)
        nothing = nothing_to_solve(self.problem) if self.problem is not None else None
        if blockers:
            text = (f"✖ Ingen turnus kan lages slik prosjektet er nå "
                    f"({count(len(blockers), 'grunn', 'grunner')} under) — klikk for å gå dit.")
            self.status_label.setStyleSheet("color: #b00020; font-weight: bold;")
        elif total == 0 and nothing is not None and not has_rota:
            text = f"Prosjektet er gyldig, men {nothing}."
            self.status_label.setStyleSheet("color: #8a6d00; font-weight: bold;")
        elif total == 0 and not has_rota and self._probed() is False:
            text = ("✖ Ingen turnus kan lages slik prosjektet er nå: reglene kan ikke oppfylles "
                    "samtidig. Trykk «Lag turnus» (F5) for å se hvorfor og hva som hjelper.")
            self.status_label.setStyleSheet("color: #b00020; font-weight: bold;")
        elif total == 0:
            text = ("✔ Turnusen oppfyller alle regler." if has_rota
                    else "✔ Prosjektet er gyldig. Trykk «Lag turnus» (F5) for å lage turnusen.")
            soft = self.checked.soft if self.checked is not None else ""
            if soft:  # soft limits may be broken (at a cost): say so, not "every rule"
                text = f"✔ Turnusen oppfyller alle harde regler. {soft}."
            self.status_label.setStyleSheet("color: #1b5e20; font-weight: bold;")
            if gaps:  # every rule kept, but hours the district normally covers have no vakt
                text = f"⚠ {gaps[0].split(' (')[0]} — se listen. " + text.removeprefix("✔ ")
                self.status_label.setStyleSheet("color: #8a6d00; font-weight: bold;")
            elif notes:
                who = (names.get(notes[0][0], notes[0][0]) if len(notes) == 1
                       else f"{len(notes)} leger")
                text = f"⚠ Delvis fritak ({who}) — se listen. " + text.removeprefix("✔ ")
                self.status_label.setStyleSheet("color: #8a6d00; font-weight: bold;")
        else:
            text = f"✖ {count(total, 'problem', 'problemer')} — klikk på et for å gå dit."
            self.status_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.status_label.setText(text)  # (its tooltip: the whole text)
        if total == 0 and not blockers and nothing is None and not has_rota \
                and not self._asked() and self.problem is not None \
                and self.checked is not None and self.checked.blockers is not None:
            self.probe_timer.start()  # (again) a moment after the last change (and the count)

    # ----- the notes on partial fritak and the pre-checks, counted in the background --------
    def _with_counts(self, checked: Checked, later: bool) -> Checked:
        """``checked`` with its notes on partial fritak and its pre-checks: known already
        (undo, redo), counted now (not ``later``), or counted in a worker (``checked`` as it
        is meanwhile, without them: Kontroll and the doctor's panel say them when done)."""
        for name, known in (("notes", self._notes_known), ("blockers", self._blockers_known)):
            if getattr(checked, name) is None:
                found = next((v for p, v in known if same_inputs(p, checked.project)), None)
                if found is not None:
                    checked = replace(checked, **{name: found})
        if checked.notes is not None and checked.blockers is not None:
            return checked
        problem, project = checked.problem, checked.project
        if not later:
            return replace(checked, notes=pressure_notes_of(problem) if checked.notes is None
                           else checked.notes,
                           blockers=blockers_of(problem, project) if checked.blockers is None
                           else checked.blockers)
        self._drop_counts_worker()
        want_notes, want_blockers = checked.notes is None, checked.blockers is None

        def job(_progress: Any, _cancel: Any) -> Any:
            return (project, pressure_notes_of(problem) if want_notes else None,
                    blockers_of(problem, project) if want_blockers else None)

        worker = Worker(job)
        worker.done.connect(self._counts_done)
        worker.failed.connect(lambda _message: self._drop_counts_worker())
        self.checks_worker = worker
        worker.start_after_events()  # once the edit is drawn
        return checked

    _blockers_said: list[Any] = []  # see _counts_shown

    def _counts_shown(self) -> tuple[list[Any], list[Any]]:
        """The notes on partial fritak and the pre-checks that Kontroll (and the doctor's
        panel) say, each when counted (see _counts_done). Meanwhile, no notes (nothing is
        claimed before it is known), but the pre-checks said before the edit of the doctors:
        what the window showed while it counted them on the GUI thread, and most often what
        they still are (said as nothing, the Kontroll line and list would flick to «✔» and
        one line and back on every ferie marked in a project no rota can be made from)."""
        c = self.checked
        if c is None:
            return [], []
        return c.notes or [], c.blockers if c.blockers is not None else self._blockers_said

    def _drop_counts_worker(self) -> None:
        worker, self.checks_worker = self.checks_worker, None
        self._abandon(worker)

    def checks_busy(self) -> bool:
        """True while the notes on partial fritak or the pre-checks are being counted after
        an edit."""
        return self.checks_worker is not None

    def _counts_done(self, out: Any) -> None:
        project, notes, blockers = out
        self._drop_counts_worker()
        if notes is not None:
            self._notes_known = [(project, notes), *self._notes_known[:15]]
        if blockers is not None:
            self._blockers_known = [(project, blockers), *self._blockers_known[:15]]
        checked = self.checked
        if checked is None or not same_inputs(project, checked.project):
            return  # changed meanwhile: counted for the project as it is now, if need be
        if checked.notes is None and notes is not None:
            checked = replace(checked, notes=notes)
        if checked.blockers is None and blockers is not None and not checked.project.rota:
            checked = replace(checked, blockers=blockers)
        if checked is not self.checked:
            self.checked = checked
            self._run_checker()
            self._show_doctor()  # her note, if she has one, beside her in Leger too

    # ----- «kan en turnus lages?» in the background ------------------------------------------
    def _asked(self) -> bool:
        """Whether the background search has answered for the project as it is now."""
        return self.probe_answer is not None and self.probe_answer[0] is self.problem

    def _probed(self) -> bool | None:
        """The background search's answer for the project as it is now (None: not known)."""
        return self.probe_answer[1] if self._asked() else None  # type: ignore[index]

    def _start_probe(self) -> None:
        """Search for any rota that keeps the hard rules, off the GUI thread, one worker,
        at most ``PROBE_SECONDS`` (the engine's `rota_possible`, as ``legevakt check``)."""
        if self.probe is not None or self.worker is not None or self.problem is None:
            return  # asked again when the running search or solve ends
        from solver.solve import rota_possible

        problem = self.problem

        def job(_progress: Any, cancel: Any) -> tuple[Any, bool | None] | None:
            answer = rota_possible(problem, PROBE_SECONDS, workers=1, cancel_token=cancel)[0]
            return None if cancel.is_set() else (problem, answer)  # stopped: no answer

        probe = Worker(job)
        probe.done.connect(self._probe_done)
        probe.failed.connect(lambda _message: self._probe_done(None))
        self.probe = probe
        probe.start()

    def _probe_done(self, result: tuple[Any, bool | None] | None) -> None:
        probe, self.probe = self.probe, None
        if probe is not None:
            probe.wait(1000)
        if result is not None:  # an answer for that problem (None: not known in time)
            self.probe_answer = result
        if self.worker is None:
            self._run_checker()  # the Kontroll line with the answer, or ask about the project as it is now

    def _stop_probe(self, wait: bool = False) -> None:
        """Stop the background search; its answer, if it still comes, is ignored. The GUI
        thread does not wait for it (the engine notices the cancel only after building its
        model: up to 1.4 s on a 40-doctor year), except with ``wait`` (the window closes)."""
        self.probe_timer.stop()
        probe, self.probe = self.probe, None
        if probe is not None:
            probe.cancel()
        self._abandon(probe)
        if wait:
            for stopped in list(self._ending):
                stopped.wait(3000)

    def _jump_to_problem(self, index: QModelIndex) -> None:
        data = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if not data:
            return
        if data[0] == "shift" and data[1]:
            role = "bakvakt" if data[2] and any(
                a.shift_id == data[1] and a.doctor_id == data[2] and a.role == "bakvakt"
                for a in (self.project.rota if self.project else [])) else "vakt"
            self.show_shift(data[1], role)
        elif data[0] == "doctor" and data[1]:
            self.show_doctor(data[1])
        elif data[0] == "field":
            path = str(data[1])
            head = path.split("[")[0].split(".")[0]
            tab = {"doctors": TAB_DOCTORS, "templates": TAB_RULES, "district": TAB_DISTRICT,
                   "rules": TAB_RULES, "rota": TAB_ROTA}.get(head, TAB_DISTRICT)
            self.tabs.setCurrentIndex(tab)
            m = re.match(r"(doctors|templates|district\.stations|district\.kommuner)\[(\d+)\]", path)
            if m:
                view = {"doctors": self.doctor_view, "templates": self.template_view,
                        "district.stations": self.station_view,
                        "district.kommuner": self.kommune_view}[m[1]]
                view.selectRow(int(m[2]))
                view.setFocus()

    def show_shift(self, shift_id: str, role: str = "vakt",
                   scroll: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.PositionAtCenter
                   ) -> None:
        """Turnus tab, the month of the shift, its cell selected and in view (scrolled by
        ``scroll``: to the middle unless told otherwise)."""
        self.tabs.setCurrentIndex(TAB_ROTA)
        src = self.grid_model.index_of(shift_id, role)
        if not src.isValid():
            return
        day = self.grid_model.days[src.row()]
        month = self.month_combo.findData(month_key(day))
        if self.month_combo.currentData() is not None and month >= 0:
            self.month_combo.setCurrentIndex(month)
        idx = self.grid_proxy.mapFromSource(src)
        self.grid_view.setCurrentIndex(idx)
        self.grid_view.scrollTo(idx, scroll)
        self.grid_view.setFocus()

    def show_day(self, day: date) -> None:
        """Turnus tab at ``day`` (its month, or the whole period if that is shown)."""
        self.tabs.setCurrentIndex(TAB_ROTA)
        if day not in self.grid_model.days:
            return
        if self.month_combo.currentData() is not None:
            self.month_combo.setCurrentIndex(max(0, self.month_combo.findData(month_key(day))))
        src = self.grid_model.index(self.grid_model.days.index(day), 0)
        idx = self.grid_proxy.mapFromSource(src)
        self.grid_view.setCurrentIndex(idx)
        self.grid_view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtTop)

    def show_doctor(self, doctor_id: str, tab: int = TAB_DOCTORS) -> None:
        """The doctor selected in the Leger table (or in Fravær og ønsker)."""
        if self.project is None:
            return
        row = next((i for i, d in enumerate(self.project.doctors) if d.id == doctor_id), None)
        if row is None:
            return
        if tab == TAB_ABSENCE:
            self.absence_doctor.setCurrentIndex(self.absence_doctor.findData(doctor_id))
        self.doctor_view.selectRow(row)
        self.tabs.setCurrentIndex(tab)

    # ----- edits ----------------------------------------------------------------------------
    def _validated(self, after: Project) -> str | None:
        """None when ``after`` is a valid project, else the first problem in Norwegian."""
        # what ``after`` shares with the project as it is (the rota: thousands of places on a
        # big district) is valid already, and not written out and read again; after an edit
        # of the doctors alone, the shifts are the engine's already (not expanded again)
        current = self.project
        shared = {name for name in ("rota", "snapshots", "calendars", "solved")
                  if current is not None and getattr(after, name) is getattr(current, name)}
        try:
            checked = Project.model_validate(after.model_dump(exclude=shared))
        except ValidationError as err:
            return pydantic_error_text(err.errors()[0])
        if shared:
            checked = checked.model_copy(update={name: getattr(after, name) for name in shared})
        from legevakt_app.project_io import reference_problems

        shift_ids = ({s.id for s in self.problem.shifts} if current is not None
                     and self.problem is not None and only_doctors_changed(current, after)
                     else None)
        problems = reference_problems(checked, shift_ids)
        self._problems_of = (after, problems)  # the check that follows the edit reuses them
        known = {str(q) for q in self.project_problems}
        new = [p for p in problems if str(p) not in known]
        if new:
            return reference_problem_text(new[0])
        return None

    def _reject(self, message: str) -> str:
        """Refuse an edit: the message goes next to the field (the view shows it) and to the
        status bar; nothing changes."""
        self.last_message = f"Ugyldig verdi: {message}"
        self.statusBar().showMessage(f"Ikke endret — {message}", 10000)
        return message

    def _refuse(self, message: str) -> None:
        """Refuse an action that has no field (a button): a message box, non-blocking."""
        show_message(self, "Kan ikke gjøres", message)

    def _failed(self, status: str, title: str, text: str, detail: str = "") -> None:
        """A save, export, import or open that was refused or failed: the message box says
        why, and the status bar that it failed («Ikke lagret: …»), so it does not go on
        showing what an earlier action did («Eksportert: …», «Angret: …»)."""
        show_message(self, title, text, detail)
        self.statusBar().showMessage(status, 20000)

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
        if getattr(target, last) == value:
            return None  # the same value typed again: nothing changes, no undo step
        if collection == "doctors" and attr == "birth_year" and value > date.today().year:
            return self._reject(f"Født: {value} er i fremtiden")
        if attr == "name":
            others = [r.name.casefold() for i, r in enumerate(getattr(owner, collection)) if i != row]
            if value.casefold() in others:
                return self._reject(f"Navn: «{value}» finnes allerede")
        old_name = getattr(record, "name", None)
        overnight = False
        practice = None  # the practice hours that follow a changed stilling
        old_share = (record.position_share if collection == "doctors" and attr == "position_share"
                     else None)
        carried = collection == "doctors" and attr in CARRIED_FIELDS
        try:
            setattr(target, last, value)
            if old_share is not None:  # the old stilling's agreement follows the new
                practice = practice_following(record.practice_hours_per_week, old_share, value)
                if practice is not None:
                    record.practice_hours_per_week = practice
        except ValidationError as err:
            if carried:
                return self._reject(self._carried_named(attr, pydantic_error_text(err.errors()[0])))
            if not (collection == "templates" and attr in ("start", "end")
                    and record.end_day_offset == 0):
                return self._reject(pydantic_error_text(err.errors()[0]))
            # «Til 08:00» after «Fra 16:00»: the next morning, not an error; so is the end of a
            # 16:00–23:00 given «Fra 23:00» (a Natt set up in table order: Fra, then Til)
            try:
                record.end_day_offset = 1
                setattr(target, last, value)
                overnight = True
            except ValidationError:
                return self._reject(pydantic_error_text(err.errors()[0]))
        if collection == "kommuner" and attr == "name" and old_name:
            for st in after.district.stations:
                if st.kommune == old_name:
                    st.kommune = value
            for d in after.doctors:
                if d.kommune == old_name:
                    d.kommune = value
        if collection == "templates" and attr in ("start", "end", "end_day_offset"):
            # the times are checked together: revalidate the whole template
            try:
                ShiftTemplate.model_validate(record.model_dump())
            except ValidationError as err:
                return self._reject(pydantic_error_text(err.errors()[0]))
        dropped = self._drop_vanished_vakter(after, record) if collection == "templates" else 0
        if (msg := self._validated(after)) is not None:
            return self._reject(self._carried_named(attr, msg) if carried else msg)
        field_title = next((f.title for model in (self.doctor_model, self.kommune_model,
                                                  self.station_model, self.template_model)
                            for f in model.fields if f.attr == attr), attr)
        self.apply(after, f"Endre {field_title.lower()}" + (f" for {old_name}" if old_name else ""))
        if dropped:
            self.last_message = (f"{record.name}: {count(dropped, 'tildeling', 'tildelinger')} "
                                 "på dager vakttypen ikke lenger går, er fjernet fra turnusen "
                                 "(Ctrl+Z angrer)")
            self.statusBar().showMessage(self.last_message, 15000)
        if overnight and attr == "start":
            self.last_message = (f"{record.name}: Fra {record.start} er ikke før Til {record.end}, "
                                 f"så vakten slutter {record.end} neste dag (+dager satt til 1; "
                                 "skriv Til, f.eks. 08:00, for når den slutter)")
            self.statusBar().showMessage(self.last_message, 15000)
        elif overnight:
            start, end = record.start_time, record.end_time
            hours = 24 + end.hour - start.hour + (end.minute - start.minute) / 60
            # a «Til 07:00» meant as 17:00 makes a day shift a day and a night: the length,
            # said, shows the slip (a QA find: «Helg dag» 08–07 was 23 t, without a word)
            self.last_message = (f"{record.name}: slutter {record.end} neste dag, så vakten "
                                 f"varer {number(hours)} t (+dager satt til 1; endre den for en "
                                 "lengre vakt, eller Til om det var en skrivefeil)")
            self.statusBar().showMessage(self.last_message, 15000)
        if collection == "doctors" and attr == "legevakt_share" and value > 1:
            # allowed (a doctor who wants more vakter), but rare enough to say what it means
            self.last_message = (f"{record.name}: vaktandel {share_text(value)} — over 100 % "
                                 f"betyr {number(round(value, 2))} ganger en full andel av vaktene "
                                 "(for en lege som vil ta flere vakter; Ctrl+Z angrer)")
            self.statusBar().showMessage(self.last_message, 15000)
        if practice is not None:
            self.last_message = (f"{record.name}: praksis {number(practice)} t/uke, som "
                                 f"stilling {share_text(value)} av {number(FULL_PRACTICE_HOURS)} t "
                                 "(endre «Praksis t/uke» om avtalen er en annen; Ctrl+Z angrer)")
            self.statusBar().showMessage(self.last_message, 15000)
        return None

    def _carried_named(self, attr: str, message: str) -> str:
        """``message`` about a carried moment of the ledger, with the column it is about
        («Vaktdager i forrige periode: vaktdagen 05.01.2027 skal være …»)."""
        title = next(f.title for f in self.doctor_model.fields if f.attr == attr)
        return message if message.startswith(title) else f"{title}: {message}"

    def _read_carried_days(self, text: str) -> list[date]:
        """The duty days typed in the Leger table (a day without a year: one of the 31 days
        before this period)."""
        assert self.project is not None
        return read_days(text, self.project.period.start)

    def _read_last_end(self, text: str) -> datetime | None:
        assert self.project is not None
        return read_end(text, self.project.period.start)

    @staticmethod
    def _drop_vanished_vakter(after: Project, template: ShiftTemplate) -> int:
        """After a change to ``template`` (its days, say): the rota cells and pre-assignments
        of its vakter that no longer exist are taken out; how many rota cells."""
        from legevakt_app.shifts import expand_shifts

        prefix = f"{template.id}@"
        ids = {s.id for s in expand_shifts(after) if s.id.startswith(prefix)}
        kept = [a for a in after.rota if not a.shift_id.startswith(prefix) or a.shift_id in ids]
        dropped = len(after.rota) - len(kept)
        after.rota = kept
        for d in after.doctors:
            d.pre_assigned = [p for p in d.pre_assigned
                              if not p.shift_id.startswith(prefix) or p.shift_id in ids]
        return dropped

    def edit_doctor_list(self, kind: str, row: int, attr: str, value: Any) -> str | None:
        if (msg := is_invalid(value)) is not None:
            return self._reject(msg)
        i = self._current_absence_doctor()
        if i is None:
            return "ingen lege valgt"
        after = self.with_doctor_copy(i)
        item = getattr(after.doctors[i], kind)[row]
        data = item.model_dump()
        if data.get(attr) == value:
            return None  # the same value typed again: nothing changes, no undo step
        data[attr] = value
        try:
            new_item = type(item).model_validate(data)
        except ValidationError as err:
            return self._reject(pydantic_error_text(err.errors()[0]))
        items = getattr(after.doctors[i], kind)
        if kind == "unavailable" and attr in ("start", "end"):
            # one doctor's absences never overlap (the calendar trims them; so must this)
            other = next((a for j, a in enumerate(items) if j != row
                          and a.start <= new_item.end and new_item.start <= a.end), None)
            if other is not None:
                what = MARKS[other.kind][0] if other.kind in MARKS else other.kind
                return self._reject(f"{'Fra' if attr == 'start' else 'Til'}: overlapper "
                                    f"fraværet «{what}» {other.start:%d.%m.%Y}–{other.end:%d.%m.%Y} "
                                    "(endre det, eller merk dagene i kalenderen)")
        items[row] = new_item
        if (msg := self._validated(after)) is not None:
            return self._reject(msg)
        what = {"unavailable": "fravær", "wishes": "ønske", "exemptions": "fritak",
                "pre_assigned": "forhåndstildelt vakt"}.get(kind, "fravær/ønske")
        self.apply(after, f"Endre {what} for {after.doctors[i].name}")
        if (note := outside_period_note(new_item, after.period)) is not None:
            self.last_message = note
            self.statusBar().showMessage(note, 15000)
        return None

    def remove_doctor_item(self, kind: str, view: QTableView) -> None:
        i = self._current_absence_doctor()
        idx = view.currentIndex()
        if i is None or not idx.isValid():
            return
        after = self.with_doctor_copy(i)
        del getattr(after.doctors[i], kind)[idx.row()]
        self.apply(after, {"unavailable": "Fjern fravær", "wishes": "Fjern ønske",
                           "exemptions": "Fjern fritak",
                           "pre_assigned": "Fjern forhåndstildelt vakt"}.get(kind, "Fjern"))

    def _add_to_doctor(self, kind: str, item: Any, text: str) -> bool:
        i = self._current_absence_doctor()
        if i is None:
            return False
        after = self.with_doctor_copy(i)
        getattr(after.doctors[i], kind).append(item)
        if (msg := self._validated(after)) is not None:
            self._refuse(msg)
            return False
        self.apply(after, text)
        return True

    def _period_start(self) -> date:
        return self.project.period.start if self.project else date.today()

    def add_absence(self) -> None:
        d = self._period_start()
        i = self._current_absence_doctor()
        if i is not None and self.project is not None:  # the first day free of the doctor's absences
            taken = self.project.doctors[i].unavailable
            while any(a.start <= d <= a.end for a in taken):
                d += timedelta(days=1)
        self._add_to_doctor("unavailable", Absence(start=d, end=d, kind="ferie"), "Nytt fravær")

    def add_wish(self) -> None:
        d = self._period_start()
        self._add_to_doctor("wishes", Wish(start=d, end=d, wants=False), "Nytt ønske")

    def add_exemption(self) -> None:
        assert self.project is not None
        p = self.project.period
        i = self._current_absence_doctor()
        right = None if i is None else over_55_from(self.project.doctors[i], p.start, p.end)
        # the over-55 right is fritak from legevakt 16–08 (fastlegeforskriften § 13), from the
        # year the doctor turns 55
        new = (Exemption(start=right, end=p.end, category="over_55", scope="no_16_08") if right
               else Exemption(start=p.start, end=p.end, category="granted", scope="no_nights"))
        if self._add_to_doctor("exemptions", new, "Nytt fritak") and i is not None:
            # what was made, and that its kind and scope are the table's to change
            self.statusBar().showMessage(
                f"Fritak: {self.project.doctors[i].name}, "
                f"{EXEMPTION_CATEGORY_LABELS[new.category].lower()}, "
                f"{EXEMPTION_SCOPE_LABELS[new.scope].lower()}, "
                f"{new.start:%d.%m}–{new.end:%d.%m} (endre kategori, omfang og datoer i "
                "tabellen; Ctrl+Z angrer).", 10000)

    def selected_days(self) -> tuple[date, date] | None:
        """First and last selected day in the Fravær og ønsker calendar."""
        days = [self.calendar_model.day_at(i) for i in self.calendar_view.selectionModel().selectedIndexes()]
        days = [d for d in days if d is not None]
        return (min(days), max(days)) if days else None

    def select_days(self, first: date, last: date) -> None:
        """Select ``first``..``last`` in the calendar (what dragging over it does)."""
        self.calendar_view.select_range(first, last)

    def mark_selected_days(self, key: str) -> None:
        """Mark the selected days for the chosen doctor: ferie/kurs/permisjon, a wish, or clear
        what is marked there (ranges are trimmed or split, never silently dropped)."""
        chosen = self.selected_days()
        i = self._current_absence_doctor()
        if chosen is None or i is None:
            self._refuse("Velg en lege og en eller flere dager i kalenderen først.")
            return
        first, last = chosen
        after = self.with_doctor_copy(i)  # only the doctor is changed; the rest is shared
        doctor = after.doctors[i]
        names = {"ferie": "Ferie", "kurs": "Kurs", "permisjon": "Permisjon",
                 "annet": "Annet fravær", "wants": "Ønsker vakt",
                 "avoids": "Vil helst ikke ha vakt", "clear": "Fjern merking"}
        if key == "clear":
            doctor.unavailable = _without(doctor.unavailable, first, last)
            doctor.wishes = _without(doctor.wishes, first, last)
        elif key in ("wants", "avoids"):
            doctor.wishes = _without(doctor.wishes, first, last)
            doctor.wishes.append(Wish(start=first, end=last, wants=key == "wants"))
            doctor.wishes.sort(key=lambda w: w.start)
        else:
            doctor.unavailable = _without(doctor.unavailable, first, last)
            doctor.unavailable.append(Absence(start=first, end=last, kind=key))
            doctor.unavailable.sort(key=lambda a: a.start)
        if (msg := self._validated(after)) is not None:
            self._refuse(msg)
            return
        span = f"{first:%d.%m}" + (f"–{last:%d.%m}" if last != first else "")
        self.apply(after, f"{names[key]} {doctor.name} {span}")
        self.statusBar().showMessage(f"{names[key]}: {doctor.name} {span}", 8000)

    def preassign_menu(self) -> None:
        """Offer the shifts of the selected day; the chosen one is pre-assigned to the doctor."""
        chosen = self.selected_days()
        i = self._current_absence_doctor()
        if chosen is None or i is None or self.problem is None:
            self._refuse("Velg en lege og en dag i kalenderen først.")
            return
        day = chosen[0]
        shifts = [s for s in self.problem.shifts if s.start.date() == day]
        menu = QMenu(self)
        for s in shifts:
            for role in ("vakt", "bakvakt"):
                text = f"{s.label} {s.start:%H:%M}–{s.end:%H:%M}" + (" (bakvakt)" if role == "bakvakt" else "")
                act = menu.addAction(text)
                act.triggered.connect(lambda _c=False, sid=s.id, r=role: self.preassign(sid, r))
        if not shifts:
            menu.addAction("Ingen vakter denne dagen").setEnabled(False)
        menu.popup(self.preassign_button.mapToGlobal(self.preassign_button.rect().bottomLeft()))
        self._preassign_popup = menu

    def preassign(self, shift_id: str, role: str = "vakt") -> bool:
        i = self._current_absence_doctor()
        if i is None or self.project is None:
            return False
        if any(p.shift_id == shift_id for p in self.project.doctors[i].pre_assigned):
            self._refuse("Legen har allerede denne vakten forhåndstildelt.")
            return False
        return self._add_to_doctor("pre_assigned", PreAssignment(shift_id=shift_id, role=role),
                                   "Forhåndstildel vakt")

    @staticmethod
    def _kommune_in_use(project: Project, name: str) -> str | None:
        """Why the kommune ``name`` cannot be removed, in plain words: the stations and doctors
        that belong to it (None when nothing does)."""
        stations = [s.name for s in project.district.stations if s.kommune == name]
        doctors = [d.name for d in project.doctors if d.kommune == name]
        if not stations and not doctors:
            return None

        def names(items: list[str]) -> str:
            shown = items if len(items) <= 4 else [*items[:3], f"{len(items) - 3} til"]
            return ", ".join(shown[:-1]) + " og " + shown[-1] if len(shown) > 1 else shown[0]

        users = []
        if stations:
            users.append(f"stasjonen {stations[0]}" if len(stations) == 1
                         else f"stasjonene {names(stations)}")
        if doctors:
            users.append(f"legen {doctors[0]}" if len(doctors) == 1
                         else f"{len(doctors)} leger ({names(doctors)})")
        them = "dem" if len(stations) + len(doctors) > 1 else ("den" if stations else "legen")
        where = " og ".join(w for w, used in (("i stasjonstabellen", stations), ("under Leger", doctors))
                            if used)
        return (f"{name} brukes av {' og av '.join(users)}: flytt {them} til en annen kommune "
                f"først (kolonnen «Kommune» {where}).")

    def remove_selected(self, collection: str, view: QTableView) -> None:
        idx = view.currentIndex()
        if self.project is None or not idx.isValid():
            return
        if collection == "kommuner" and (why := self._kommune_in_use(
                self.project, self.project.district.kommuner[idx.row()].name)) is not None:
            self._refuse(why)
            return
        after = self.copy()
        owner: Any = after.district if collection in ("kommuner", "stations") else after
        removed = getattr(owner, collection).pop(idx.row())
        what = {"kommuner": "kommune", "stations": "stasjon", "doctors": "lege",
                "templates": "vakttype"}.get(collection, "")
        text = f"Fjern {what} {getattr(removed, 'name', '')}".replace("  ", " ").strip()
        if collection == "doctors":
            freed = sum(1 for a in after.rota if a.doctor_id == removed.id)
            after.rota = [a for a in after.rota if a.doctor_id != removed.id]
            if freed:
                text += f" ({count(freed, 'tildeling', 'tildelinger')} står nå ledig)"
        if (msg := self._validated(after)) is not None:
            self._refuse(f"Kan ikke fjernes: {msg}")
            return
        self.apply(after, text)
        self.statusBar().showMessage(f"{text}. Angre med Ctrl+Z.", 10000)
        published = latest_snapshot(self.project) if collection == "doctors" else None
        if published is not None and (n := sum(1 for a in published.assignments
                                               if a.doctor_id == removed.id)):
            # a doctor who leaves mid-period has worked the vakter before she left: removed,
            # «Reparer» would give those to colleagues too
            show_message(self, "Lege fjernet", (
                f"{removed.name} hadde {count(n, 'vakt', 'vakter')} i den publiserte turnusen; "
                "nå står alle ledige, også dem som alt er gått. Slutter legen midt i perioden, "
                "er det bedre å angre (Ctrl+Z) og merke fravær fra sluttdatoen under «Fravær og "
                "ønsker»: da står vaktene før den, og «Reparer» flytter bare resten."),
                icon=QMessageBox.Icon.Information)

    def _unique_id(self, prefix: str, taken: set[str]) -> str:
        n = 1
        while f"{prefix}{n}" in taken:
            n += 1
        return f"{prefix}{n}"

    def rename_district(self) -> None:
        if self.project is None:
            return
        name = self.district_name.text().strip()
        if name == self.project.district.name:
            return
        if not name:
            self.district_name.setText(self.project.district.name)
            self._refuse_in(self.district_error, "Navn: distriktet må ha et navn; navnet er "
                            "som før.")
            return
        after = self.copy()
        after.district.name = name
        self.apply(after, "Endre distriktets navn")

    def _period_edited(self, which: str) -> None:
        """The period's ``which`` date ("start" or "end") was finished in its field (Enter,
        leaving it, a day picked in the calendar): the project takes it at once, like every
        other field."""
        if self._filling or self.project is None:
            return
        old = self.project.period
        day = (self.period_start if which == "start" else self.period_end).date().toPython()
        if day == getattr(old, which):
            return
        if which == "end":
            self.change_period(old.start, day)
        elif day <= old.end:
            self.change_period(day, old.end)
        else:
            # moving the period later by its start: the end follows, keeping the length, so
            # the leader is not stuck with a start after the end
            self.change_period(day, day + (old.end - old.start))

    def change_period(self, start: date | None = None, end: date | None = None) -> None:
        """New period (by default the dates in the fields); rota cells outside it are dropped
        (the shifts no longer exist). A refused period puts the fields back and says why."""
        if self.project is None:
            return
        start = start or self.period_start.date().toPython()
        end = end or self.period_end.date().toPython()
        old = self.project.period
        if (start, end) == (old.start, old.end):
            self._show_period(self.project)
            return
        message = self._period_change(start, end)
        if message is not None:
            self._show_period(self.project)  # the field shows what the project has
            if message:  # ("": the leader chose to keep the period)
                self._refuse_in(self.district_error, message)

    def _period_change(self, start: date, end: date) -> str | None:
        """Apply the period ``start``–``end``; None when done, else why not (in Norwegian,
        naming the field), or "" when it would drop rota cells and the leader said no."""
        if end < start:
            return f"Periode til ({end:%d.%m.%Y}) er før periode fra ({start:%d.%m.%Y})."
        after = self.copy()
        # the exceptions to the spacing rules keep their days in the new period; one wholly
        # outside it is dropped (the rota cells outside are dropped too)
        before_cut = list(after.rules.exceptions)
        kept, dropped_exceptions = within(before_cut, start, end)
        cut = [(old, new) for old, new in zip([e for e in before_cut if e not in dropped_exceptions],
                                              kept, strict=True) if new is not old]
        after.rules.exceptions = kept
        try:
            after.period = type(after.period)(start=start, end=end)
        except ValidationError as err:
            return f"Periode: {pydantic_error_text(err.errors()[0])}"
        from legevakt_app.shifts import expand_shifts

        ids = {s.id for s in expand_shifts(after)}
        kept = [a for a in after.rota if a.shift_id in ids]
        dropped = len(after.rota) - len(kept)
        if dropped and not ask_drop_cells(self, start, end, dropped):
            return ""
        after.rota = kept
        for d in after.doctors:
            d.pre_assigned = [p for p in d.pre_assigned if p.shift_id in ids]
        if (msg := self._validated(after)) is not None:
            return f"Periode: {msg}"
        self.apply(after, f"Endre periode til {start:%d.%m.%Y}–{end:%d.%m.%Y}")
        note = (f"; {count(dropped, 'tildeling', 'tildelinger')} utenfor perioden fjernet"
                if dropped else "")
        if dropped_exceptions:
            note += "; " + ", ".join(exception_title(e) for e in dropped_exceptions) + \
                " utenfor perioden fjernet"
        if cut:
            note += "; " + ", ".join(f"{exception_title(old)} kuttet til {short_range(new.start, new.end)}"
                                     for old, new in cut)
        self.statusBar().showMessage(
            f"Periode {start:%d.%m.%Y}–{end:%d.%m.%Y}{note} (Ctrl+Z angrer).", 10000)
        return None

    def add_kommune(self) -> None:
        after = self.copy()
        names = {k.name for k in after.district.kommuner}
        name = self._unique_id("Ny kommune ", names)
        after.district.kommuner.append(Kommune(name=name, **NEW_KOMMUNE))
        self.apply(after, "Ny kommune")
        self.kommune_view.selectRow(len(after.district.kommuner) - 1)

    def add_satellite(self) -> None:
        """A new satellitt in the first kommune without a station (or the first kommune)."""
        after = self.copy()
        used = {s.kommune for s in after.district.stations}
        kommune = next((k.name for k in after.district.kommuner if k.name not in used),
                       after.district.kommuner[0].name)
        sid = self._unique_id("satellitt", {s.id for s in after.district.stations})
        name = f"{kommune} satellitt"
        taken = {s.name for s in after.district.stations}
        if name in taken:
            name = self._unique_id(f"{name} ", taken)
        after.district.stations.append(
            Station(id=sid, name=name, kind="satellite", kommune=kommune))
        self.apply(after, "Legg til satellitt")
        self.station_view.selectRow(len(after.district.stations) - 1)

    def remove_satellite(self) -> None:
        idx = self.station_view.currentIndex()
        if self.project is None or not idx.isValid():
            self._refuse("Velg satellitten som skal fjernes i tabellen.")
            return
        station = self.project.district.stations[idx.row()]
        if station.kind != "satellite":
            self._refuse("Hovedlegevakten kan ikke fjernes; velg en satellitt.")
            return
        if any(t.station == station.id for t in self.project.templates):
            self._refuse(f"{station.name} har vakttyper; fjern dem under «Vakter og regler» først.")
            return
        self.remove_selected("stations", self.station_view)

    def add_doctor(self) -> None:
        after = self.copy()
        did = next_numbered_id("lege", [d.id for d in after.doctors])
        names = {d.name for d in after.doctors}
        name = self._unique_id("Ny lege ", names)
        # the courses are not taken for granted: the leader ticks «Kurs» for a doctor who has
        # them, so nobody is counted vaktkompetent by default (akuttmedisinforskriften § 7)
        after.doctors.append(Doctor(id=did, name=name, kommune=after.district.kommuner[0].name,
                                    birth_year=1985,
                                    competence=CompetenceFacts(courses_done=False)))
        self.apply(after, "Ny lege")
        self.doctor_view.selectRow(len(after.doctors) - 1)

    def add_template(self) -> None:
        """A weekday evening at the central station; the user edits it in the table."""
        after = self.copy()
        central = next((s.id for s in after.district.stations if s.kind == "central"),
                       after.district.stations[0].id)
        tid = self._unique_id("vakttype", {t.id for t in after.templates})
        name = self._unique_id("Ny vakt ", {t.name for t in after.templates})
        after.templates.append(ShiftTemplate(id=tid, name=name, station=central, kind="evening",
                                             weekdays=[0, 1, 2, 3, 4], start="16:00", end="23:00"))
        self.apply(after, "Ny vakttype")
        self.template_view.selectRow(len(after.templates) - 1)

    def remove_template(self) -> None:
        idx = self.template_view.currentIndex()
        if self.project is None or not idx.isValid():
            self._refuse("Velg vakttypen som skal fjernes i tabellen.")
            return
        template = self.project.templates[idx.row()]
        after = self.copy()
        del after.templates[idx.row()]
        prefix = f"{template.id}@"
        after.rota = [a for a in after.rota if not a.shift_id.startswith(prefix)]
        for d in after.doctors:
            d.pre_assigned = [p for p in d.pre_assigned if not p.shift_id.startswith(prefix)]
            d.wishes = [w for w in d.wishes if w.template != template.id]
        if (msg := self._validated(after)) is not None:
            self._refuse(f"Kan ikke fjernes: {msg}")
            return
        self.apply(after, f"Fjern vakttype {template.name}")

    def _rules_typed(self) -> dict[str, Any]:
        k, w = self.rule_max_window.value(), self.rule_per_week.value()
        return {
            "competence_rule": self.rule_competence.currentData(),
            "min_rest_hours": self.rule_rest.value(),
            "practice_after_night": self.rule_after_night.currentData(),
            "spacing_window_days": self.rule_window.value(),
            "max_in_window": (k, self.rule_window_hard.isChecked()) if k else None,
            "max_per_week": w or None,
            "max_consecutive_days": self.rule_consecutive.value() or None,
            "hjemmevakt_factor": self.rule_factor.value(),
            "bakvakt_weight": self.rule_bakvakt.value(),
            "fairness_margin": self.rule_margin.value(),
        }

    def apply_rules(self) -> None:
        """Take the rules form's values into the project: called as soon as a field is
        finished. Only the fields that differ from what the form shows for the project are
        written (a value the form rounds, e.g. 1/7, is left as it is in the file)."""
        if self._filling or self.project is None:
            return
        # compared with what the form showed for the project (as its fields rounded it), so
        # an untouched field is never written back rounded
        shown, typed = self._rules_shown, self._rules_typed()
        if shown is None:
            return
        changed = [key for key in typed if typed[key] != shown[key]]
        if not changed:
            return
        after = self.copy()
        r = after.rules
        for key in changed:
            value = typed[key]
            try:
                if key == "max_in_window":
                    value = FrequencyLimit(value=value[0], hard=value[1]) if value else None
                elif key in ("max_per_week", "max_consecutive_days"):
                    before = getattr(r, key)  # a soft limit set in the file stays soft
                    hard = before.hard if before else True
                    value = FrequencyLimit(value=value, hard=hard) if value else None
                elif key == "fairness_margin":
                    value = round(value / 100, 4)
                setattr(r, key, value)
            except ValidationError as err:
                self._refresh_rules()  # the form shows what the project has
                self._refuse_in(self.rules_error, f"{RULE_LABELS[key]}: "
                                f"{pydantic_error_message(err.errors()[0])}; regelen er som før.")
                return
        names = ", ".join(RULE_LABELS[key].lower() for key in changed)
        self.apply(after, f"Endre regler: {names}")

    # ----- exceptions to the spacing rules (Unntak fra vakthyppigheten) ----------------------
    def _with_exception(self, row: int | None, exc: RuleException | None) -> Project:
        """The project with exception ``row`` replaced by ``exc`` (``row`` None: ``exc``
        added; ``exc`` None: the row removed), the exceptions in date order."""
        after = self.copy()
        exceptions = list(after.rules.exceptions)
        if row is not None:
            del exceptions[row]
        if exc is not None:
            exceptions.append(exc)
        after.rules.exceptions = sorted(exceptions, key=lambda e: e.start)
        return after

    def _exception_problem(self, row: int | None, exc: RuleException) -> str | None:
        """Why the project cannot take ``exc`` (in place of ``row``), None when it can."""
        if self.project is None:
            return "ikke noe prosjekt er åpent"
        try:
            after = self._with_exception(row, exc)
        except ValidationError as err:  # another exception on those days: the dates to change
            return "Fra og Til: " + pydantic_error_text(err.errors()[0])
        return self._validated(after)

    def add_rule_exception(self) -> RuleExceptionDialog | None:
        """«Legg til unntak …»: the dialog, opened; accepted, the exception is added (one undo
        step). Returned so a test can fill it in."""
        return self.edit_rule_exception(None, new=True)

    def edit_rule_exception(self, row: int | None = None,
                            new: bool = False) -> RuleExceptionDialog | None:
        """«Endre …» (or a double click): the dialog for exception ``row`` (default: the
        selected one)."""
        if self.project is None:
            return None
        if not new:
            row = self.rule_exceptions.current_row() if row is None else row
            if row is None or not 0 <= row < len(self.project.rules.exceptions):
                self._refuse("Velg unntaket som skal endres i tabellen.")
                return None
        existing = None if new else self.project.rules.exceptions[row]  # type: ignore[index]
        at = None if new else row
        dialog = RuleExceptionDialog(self.project.rules, self.project.period, existing,
                                     lambda exc: self._exception_problem(at, exc), self)
        dialog.accepted.connect(lambda: self._exception_chosen(at, dialog.exception))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "exception_dialog", None))
        self.exception_dialog = dialog
        dialog.open()
        return dialog

    def _exception_chosen(self, row: int | None, exc: RuleException | None) -> None:
        if exc is None or self.project is None:
            return
        if (msg := self._exception_problem(row, exc)) is not None:  # changed meanwhile
            self._refuse(msg[:1].upper() + msg[1:])
            return
        after = self._with_exception(row, exc)
        title = exception_title(exc)
        self.apply(after, f"{'Endre' if row is not None else 'Nytt'} {title[:1].lower()}{title[1:]}")
        self.rule_exceptions.select_row(after.rules.exceptions.index(exc))
        self.statusBar().showMessage(f"{exception_text(exc, after.rules)} (Ctrl+Z angrer).",
                                     10000)

    def remove_rule_exception(self) -> None:
        row = self.rule_exceptions.current_row()
        if self.project is None or row is None:
            self._refuse("Velg unntaket som skal fjernes i tabellen.")
            return
        title = exception_title(self.project.rules.exceptions[row])
        self.apply(self._with_exception(row, None), f"Fjern {title[:1].lower()}{title[1:]}")

    # ----- rota editing ---------------------------------------------------------------------
    def _cell(self, proxy_index: QModelIndex) -> tuple[Any, str, int, str | None]:
        src = self.grid_proxy.mapToSource(proxy_index)
        shift = self.grid_model.shift_for(src)
        col = self.grid_model.columns[src.column()]
        doctor, _locked = self.grid_model.doctor_at(src)
        return shift, col.role, col.slot, doctor

    def _grid_menu(self, pos: Any) -> None:
        index = self.grid_view.indexAt(pos)
        if not index.isValid():
            return
        shift, _role, _slot, doctor = self._cell(index)
        menu = QMenu(self)
        cell = QPersistentModelIndex(index)  # the menu outlives this call
        if shift is not None:
            menu.addAction("Velg lege …", lambda: cell.isValid() and self.pick_doctor_for_cell(
                self.grid_proxy.index(cell.row(), cell.column())))
            menu.addAction("Lås/lås opp", self.toggle_lock)
        if shift is not None and doctor is not None:
            menu.addAction("Bytt vakt …\tCtrl+B", lambda: cell.isValid() and self.swap_for_cell(
                self.grid_proxy.index(cell.row(), cell.column())))
        if doctor is not None:
            name = self.grid_model.names.get(doctor, doctor)
            menu.addAction(f"Fremhev {name}", lambda: self.highlight_combo.setCurrentIndex(
                self.highlight_combo.findData(doctor)))
            menu.addAction(f"Vis {name} under Leger", lambda: self.show_doctor(doctor))
        menu.popup(self.grid_view.viewport().mapToGlobal(pos))

    def _left_empty(self, rota: Rota, shift: Any, role: str, names: dict[str, str]) -> list[str]:
        """What leaving the cell empty breaks: a vakt uncovered, or a bakvakt that a doctor
        who is not vaktkompetent needs; nothing for a bakvakt nobody needs."""
        if role == "vakt":
            return ["vakten står ledig (brudd på dekning)"]
        assert self.problem is not None
        competent = {d.id for d in self.problem.doctors if d.competent}
        needing = [names.get(a.doctor_id, a.doctor_id) for a in rota.assignments
                   if a.shift_id == shift.id and a.role == "vakt" and a.doctor_id not in competent]
        if needing:
            return [f"bakvakten står ledig, men {' og '.join(needing)} er ikke vaktkompetent "
                    "(brudd på vaktkompetanse og bakvakt)"]
        return []

    def _soft_costs(self, rota: Rota, shift: Any, role: str, doctor_ids: list[str]) -> dict[str, list[str]]:
        """Per doctor: the soft spacing limits giving them the vakt would go beyond (allowed, but
        counted in the fairness), e.g. «myk regel: 2 vakter tettere enn maks 1 vakt per 4 dager»
        — counted by the checker on the doctor's own vakter, with and without this one."""
        from solver.checker import soft_breaches
        from solver.problem import Assignment

        if role != "vakt" or self.problem is None:
            return {}
        out: dict[str, list[str]] = {}
        for doctor_id in doctor_ids:
            own = [a for a in rota.assignments if a.doctor_id == doctor_id]
            before = dict(soft_breaches(self.problem, Rota(own)))
            after = soft_breaches(self.problem, Rota([*own, Assignment(shift.id, doctor_id)]))
            notes = [f"myk regel: {count(n - before.get(text, 0), 'vakt', 'vakter')} til "
                     f"tettere enn {text}" for text, n in after if n > before.get(text, 0)]
            if notes:
                out[doctor_id] = notes
        return out

    def pick_doctor_for_cell(self, proxy_index: QModelIndex) -> None:
        if self.project is None or self.problem is None or not proxy_index.isValid():
            return
        shift, role, _slot, current = self._cell(proxy_index)
        if shift is None:
            return
        from solver.checker import candidates

        rota = Rota([a for a in project_rota(self.project).assignments
                     if not (a.shift_id == shift.id and a.role == role and a.doctor_id == current)])
        names = {d.id: d.name for d in self.project.doctors}
        # a doctor in another place of the same vakt is no choice for this one
        there = set(rota_edit.on_shift(rota.assignments, shift.id, role))
        # each doctor is judged on the rota the choice would leave, as assign() makes it: a
        # vakt that no longer needs its bakvakt releases it, so the bakvakt may take the vakt
        released = {d.id: tuple(rota_edit.place(self.project.rota, self.problem, shift.id, role,
                                                current, d.id)[1])
                    for d in self.problem.doctors if d.id not in there}
        after = {gone: Rota([a for a in rota.assignments
                             if not (a.shift_id == shift.id and a.role == "bakvakt"
                                     and a.doctor_id in gone)])
                 for gone in set(released.values())}
        found: dict[str, list[str]] = {}
        for gone, rota_after in after.items():
            for d, problems in candidates(self.problem, rota_after, shift.id, role).items():
                if released.get(d) == gone:
                    # the doctor's name stands in the first column: not again in each message
                    found[d] = [f"{p.rule_name}: {p.message.replace(names.get(d, d) + ': ', '', 1)}"
                                for p in problems]
        if role == "vakt":
            # a doctor who is not vaktkompetent needs a bakvakt on the same hours; say so when
            # the shift has none (the checker would flag the rota right after the choice)
            competent = {d.id for d in self.problem.doctors if d.competent}
            for doctor_id, problems in found.items():
                has_bakvakt = any(a.shift_id == shift.id and a.role == "bakvakt"
                                  for a in after[released[doctor_id]].assignments)
                if (doctor_id not in competent and not has_bakvakt
                        and not any(p.startswith("Vaktkompetanse") for p in problems)):
                    problems.append("Vaktkompetanse og bakvakt: ikke vaktkompetent, og vakten "
                                    "har ingen bakvakt")
        soft = self._soft_costs(rota, shift, role, list(found))
        options: list[tuple[str | None, str, list[str], list[str]]] = [
            (None, "(ingen — ledig)", self._left_empty(rota, shift, role, names), [])]
        ranked = sorted(found.items(), key=lambda kv: (len(kv[1]) > 0, len(kv[1]),
                                                       len(soft.get(kv[0], [])), names.get(kv[0], kv[0])))
        for doctor_id, problems in ranked:
            notes = list(soft.get(doctor_id, []))
            if doctor_id in released[doctor_id]:  # the bakvakt taking the vakt she backs up
                notes.append("går fra bakvakt til vakt (bakvakt trengs ikke lenger)")
            options.append((doctor_id, names.get(doctor_id, doctor_id), problems, notes))
        what = "bakvakt" if role == "bakvakt" else "vakt"
        title = (f"{shift.label}, {shift.start:%A %d.%m.%Y %H:%M}–{shift.end:%H:%M} ({what}); "
                 f"nå: {names.get(current or '', 'ledig')}")
        dialog = PickDoctorDialog(_weekday_no(title), options, self, current=current)
        self.pick_dialog = dialog
        if self.pick_dialog_hook is not None:
            self.pick_dialog_hook(dialog)
        elif not dialog.exec():
            return
        if not dialog.chose or dialog.chosen == current:
            return
        self.assign(shift.id, role, current, dialog.chosen)

    pick_dialog_hook: Any = None  # tests set this to choose in the dialog without exec()

    def assign(self, shift_id: str, role: str, old: str | None, new: str | None) -> None:
        """Put ``new`` on the shift instead of ``old`` (either may be None); undoable.

        A bakvakt is there only for a vakt who is not vaktkompetent: when the change leaves
        only competent doctors on the shift, its bakvakt is released in the same step (the
        checker would otherwise flag a bakvakt nobody needs)."""
        assert self.project is not None
        names = {d.id: d.name for d in self.project.doctors}
        if new is not None and new != old and new in rota_edit.on_shift(self.project.rota,
                                                                        shift_id, role):
            # one doctor, one place on a vakt: a second would make the project invalid
            self.statusBar().showMessage(f"{names.get(new, new)} står alt på denne vakten som "
                                         f"{role}; ingenting er endret.", 10000)
            return
        assert self.problem is not None  # the grid's cells are the problem's shifts
        # placed by hand: locked, so «Optimaliser resten» and a new solve keep it
        rota, gone = rota_edit.place(self.project.rota, self.problem, shift_id, role, old, new)
        released = ("; bakvakt " + ", ".join(names.get(d, d) for d in gone) + " trengs ikke lenger"
                    if gone else "")
        shift = self._shift_by_id().get(shift_id)
        where = f"{shift.start:%d.%m} {shift.label}" if shift else shift_id
        text = f"{where}: {names.get(old or '', 'ledig')} → {names.get(new or '', 'ledig')}{released}"
        self.apply(self.with_rota(rota), text)
        locked = " (låst, så en ny løsing beholder den; Ctrl+L låser opp)" if new is not None else ""
        self.statusBar().showMessage(text + locked, 10000)

    swap_dialog_hook: Any = None  # tests set this to choose in the swap dialog without exec()
    swap_dialog: SwapDialog | None = None

    def swap_for_cell(self, proxy_index: QModelIndex | None = None) -> None:
        """«Bytt vakt»: the doctor on the cell (the grid's current cell unless given) takes
        another doctor's vakt, chosen in :class:`SwapDialog`, and that doctor takes the cell's."""
        if self.project is None or self.problem is None:
            return
        index = self.grid_view.currentIndex() if proxy_index is None else proxy_index
        shift, role, _slot, doctor = self._cell(index) if index.isValid() else (None, "vakt", 0, None)
        if shift is None or doctor is None:
            self.tabs.setCurrentIndex(TAB_ROTA)
            self.statusBar().showMessage("Bytt vakt: velg en celle med en lege i turnusen først "
                                         "(så Ctrl+B, eller høyreklikk på cellen).", 8000)
            return
        self.tabs.setCurrentIndex(TAB_ROTA)  # Ctrl+B from another view: the grid behind the dialog
        names = {d.id: d.name for d in self.project.doctors}
        project, problem = self.project, self.problem

        def check_swap(c: SwapCandidate) -> SwapCheck:
            return self._swap_check(project, problem, shift, role, doctor, c)

        dialog = SwapDialog(shift, role, names.get(doctor, doctor),
                            self._swap_candidates(shift, role, doctor, names),
                            [(d.id, d.name) for d in self.project.doctors if d.id != doctor],
                            check_swap, self)
        if self.swap_dialog is not None:
            self.swap_dialog.deleteLater()  # the last one, kept for tests until now
        self.swap_dialog = dialog
        if self.swap_dialog_hook is not None:
            self.swap_dialog_hook(dialog)
        elif not dialog.exec():
            return
        if dialog.chosen is None:
            return
        self.swap(shift.id, dialog.chosen.shift.id, role, doctor, dialog.chosen.doctor_id)

    def _swap_candidates(self, shift: Any, role: str, doctor: str,
                         names: dict[str, str]) -> list[SwapCandidate]:
        """The other doctors' vakter (same role) the cell's doctor could take in exchange,
        nearest dates first. Left out, as :func:`rota_edit.swap` refuses them: the cell's
        own shift, a shift the doctor is on already, a doctor who is on the cell's shift."""
        assert self.project is not None
        rota = self.project.rota
        on_cell_shift = {a.doctor_id for a in rota if a.shift_id == shift.id and a.role == role}
        own = {a.shift_id for a in rota if a.doctor_id == doctor and a.role == role}
        shifts = self._shift_by_id()
        out = []
        for a in rota:
            other = shifts.get(a.shift_id)
            if (a.role != role or other is None or a.shift_id == shift.id or a.shift_id in own
                    or a.doctor_id in on_cell_shift):
                continue
            out.append(SwapCandidate(other, a.doctor_id, names.get(a.doctor_id, a.doctor_id),
                                     (other.start.date() - shift.start.date()).days))
        out.sort(key=lambda c: (abs(c.days_away), c.shift.start, c.shift.label, c.doctor_name))
        return out

    @staticmethod
    def _swap_check(project: Project, problem: Any, shift: Any, role: str, doctor: str,
                    c: SwapCandidate) -> SwapCheck:
        """What swapping the cell with ``c`` would break: the swapped rota checked by the
        independent checker, as after every hand edit, against what the rota breaks now —
        for the doctors and shifts whose assignments the swap changes (the rest cannot change,
        and a 40-doctor year checks in a tenth of the time)."""
        try:
            edit = rota_edit.swap(project, problem, shift, c.shift, role, doctor, c.doctor_id)
        except rota_edit.EditError as err:
            return SwapCheck([str(err)], [])
        new, mended = rota_edit.scoped_change(problem, project.rota, edit.rota)
        names = {d.id: d.name for d in project.doctors}
        notes = edit.notes(names)
        if mended:
            notes.append(f"retter {count(mended, 'regelbrudd', 'regelbrudd')} turnusen har nå")
        return SwapCheck([f"{v.rule_name}: {v.message}" for v in new], notes)

    def swap(self, first_id: str, second_id: str, role: str, first_doctor: str,
             second_doctor: str) -> bool:
        """Vaktbytte, one undoable step: ``first_doctor`` takes ``second_id`` and
        ``second_doctor`` takes ``first_id`` (both locked; a bakvakt nobody needs any more
        released), by :func:`legevakt_app.rota_edit.swap` as ``legevakt edit swap``. False
        (and nothing changed) when the swap cannot be made."""
        if self.project is None or self.problem is None:
            return False
        shifts = self._shift_by_id()
        first, second = shifts.get(first_id), shifts.get(second_id)
        if first is None or second is None:
            self._refuse(f"Finner ikke vakten {first_id if first is None else second_id}.")
            return False
        try:
            edit = rota_edit.swap(self.project, self.problem, first, second, role, first_doctor,
                                  second_doctor)
        except rota_edit.EditError as err:
            self._refuse(f"Kan ikke bytte: {err}.")
            return False
        names = {d.id: d.name for d in self.project.doctors}
        what = "bakvakt" if role == "bakvakt" else "vakt"
        text = (f"Bytt {what}: {first.start:%d.%m} {first.label} {names.get(first_doctor, first_doctor)}"
                f" ↔ {second.start:%d.%m} {second.label} {names.get(second_doctor, second_doctor)}")
        text += "".join(f"; {note}" for note in edit.notes(names))
        self.apply(self.with_rota(edit.rota), text)
        # the cell swapped is the current one (it may have been right-clicked), not scrolled
        # away from if it is in view
        self.show_shift(first_id, role, QAbstractItemView.ScrollHint.EnsureVisible)
        self.statusBar().showMessage(f"{text} (begge låst, så en ny løsing beholder dem; "
                                     "Ctrl+Z angrer byttet)", 10000)
        return True

    def toggle_lock(self) -> None:
        if self.project is None:
            return
        keys = set()
        for idx in self.grid_view.selectionModel().selectedIndexes():
            shift, role, _slot, doctor = self._cell(idx)
            if shift is not None and doctor is not None:
                keys.add((shift.id, role, doctor))
        if not keys:
            self.statusBar().showMessage("Velg cellene som skal låses i turnusen.", 6000)
            return
        lock = not all(a.locked for a in self.project.rota if (a.shift_id, a.role, a.doctor_id) in keys)
        rota = [a.model_copy(update={"locked": lock}) if (a.shift_id, a.role, a.doctor_id) in keys else a
                for a in self.project.rota]
        cells = count(len(keys), "celle", "celler")
        self.apply(self.with_rota(rota), f"Lås {cells}" if lock else f"Lås opp {cells}")

    def publish(self) -> None:
        if self.project is None or not self.project.rota:
            show_message(self, "Publiser", "Det er ingen turnus å publisere ennå.")
            return
        from legevakt_app.snapshots import has_unpublished_changes

        if not has_unpublished_changes(self.project):
            show_message(self, "Publiser", "Turnusen er alt publisert slik den er nå.",
                         icon=QMessageBox.Icon.Information)
            return
        told = self._publish_now()
        text = ("Turnusen er merket som publisert (kunngjort til legene)." + told
                + " Lagre prosjektet (Ctrl+S) for å beholde merket, og eksporter kalenderne, "
                "så får legene endringene.")
        self.last_message = text
        show_message(self, "Publisert", text, icon=QMessageBox.Icon.Information)

    def _publish_now(self) -> str:
        """Record the rota as published (one undo step); returns « N leger har endringer … :
        A, B.» (or ""): whom to send new calendars, said now, since once published the
        changes are no longer marked (a QA audit lost track of the 2-3 doctors among 14)."""
        from legevakt_app.snapshots import publish_snapshot, whom_to_tell

        assert self.project is not None
        who = whom_to_tell(self.project)
        self.apply(publish_snapshot(self.project), "Publiser turnus")
        return f" {who}." if who else ""

    def next_period(self, path: str | None = None) -> Path | None:
        """The next period's project with the vaktregnskap carried over from this rota
        (:mod:`legevakt_app.next_period`): the dialog shows each doctor's carried ledger and
        takes the dates, then the new project is saved to a file of its own (this project is
        not changed) and offered to be opened. ``path``: save there without asking (tests)."""
        from legevakt_app.next_period import NoRotaToCarry
        from legevakt_app.next_period import next_period as carry

        if self.project is None:
            return None
        project = self.project
        try:
            carried = carry(project)
        except NoRotaToCarry:
            show_message(self, "Neste periode", "Lag turnusen først (F5): vaktregnskapet føres "
                         "over fra turnusen.")
            return None
        dialog = NextPeriodDialog(carried, (project.period.start, project.period.end), self)
        self.next_period_dialog = dialog
        if path is None:
            if not dialog.exec():
                return None
            start, end = dialog.period()
            stem = self.path.name.split(".")[0] if self.path else "distrikt"
            path, _ = QFileDialog.getSaveFileName(
                self, "Lagre neste periode", str(self._folder() / f"{stem}-{start:%Y-%m}.legevakt.json"),
                "Legevakt-prosjekt (*.legevakt.json)")
            if not path:
                return None
        else:
            start, end = dialog.period()
        target = Path(path if path.endswith(".json") else path + ".legevakt.json")
        if self.path is not None and target.resolve() == self.path.resolve():
            show_message(self, "Neste periode", f"{target} er prosjektet det føres fra; velg en "
                         "ny fil.")
            return None
        try:
            if (start, end) != (carried.project.period.start, carried.project.period.end):
                carried = carry(project, start, end)
            save_project(carried.project, target)
        except NoRotaToCarry as err:
            self._failed(f"Neste periode ikke lagret: {err}", "Neste periode", str(err))
            return None
        except OSError as err:
            from legevakt_app.file_errors import cannot_write, os_reason

            self._failed(f"Neste periode ikke lagret: {target}: {os_reason(err)}",
                         "Kunne ikke lagre", f"{cannot_write(target, err, 'lagre')}. "
                         "Ingenting er lagret.")
            return None
        p = carried.project.period
        self.statusBar().showMessage(f"Neste periode {p.start:%d.%m.%Y}–{p.end:%d.%m.%Y} lagret i "
                                     f"{target}", 8000)
        if ask_open_next(self, target):
            self.open_path(target)
        return target

    # ----- background work ------------------------------------------------------------------
    def warm_up(self) -> threading.Thread:
        """Load the engine (OR-Tools, which pulls in pandas) in a thread at start-up, so the
        first «Lag turnus» does not wait for it, then freeze what exists for the garbage
        collector. Emits ``warmed_up`` when done."""

        def run() -> None:
            import solver.checker  # noqa: F401
            import solver.solve  # noqa: F401

            gc.freeze()
            try:
                self.warmed_up.emit()
            except RuntimeError:  # the window is gone
                pass

        thread = threading.Thread(target=run, name="legevakt-warm-up", daemon=True)
        thread.start()
        return thread

    def _start_worker(self, title: str, job: Any, on_done: Any, engine: bool,
                      time_limit: float | None = None) -> Worker:
        # Long-lived objects (the project and its undo history) need no scanning by the
        # garbage collector; without this, a full collection triggered in the worker holds
        # the interpreter lock for ~100 ms on a big district and the window stalls.
        gc.freeze()
        margin = self.project.rules.fairness_margin if (engine and self.project) else None
        self.progress = WorkProgressDialog(title, self, engine=engine, margin=margin,
                                           time_limit=time_limit)
        worker = Worker(job)
        self.progress.cancel_requested.connect(worker.cancel)
        worker.progress.connect(self.progress.set_progress)
        worker.done.connect(on_done)
        worker.failed.connect(self._work_failed)
        self.worker = worker
        self._set_busy(True)
        worker.start()
        self.progress.open()
        return worker

    def _set_busy(self, busy: bool) -> None:
        for b in (self.solve_button, self.rest_button, self.repair_button):
            b.setEnabled(not busy)
        self.act_solve.setEnabled(not busy)

    def _finish_work(self) -> bool:
        """Close the progress dialog; True when the user had cancelled."""
        cancelled = False
        if self.worker is not None:
            cancelled = self.worker.cancel_event.is_set()
            self.worker.wait(2000)
        self.worker = None
        self._set_busy(False)
        if self.progress is not None:
            self.progress.finish()
            self.progress = None
        return cancelled

    def _work_failed(self, message: str) -> None:
        self._finish_work()
        if message.startswith("Cancelled"):
            self.statusBar().showMessage("Avbrutt — ingenting ble skrevet eller endret.", 8000)
            return
        self._failed(f"Noe gikk galt: {message.splitlines()[0]}", "Noe gikk galt",
                     message.splitlines()[0], message)

    def solve(self, mode: str = "new", time_limit: float = SOLVE_SECONDS) -> Worker | None:
        """Run the engine off the GUI thread. mode: new | rest (keep locked cells) | repair."""
        if self.project is None or self.worker is not None:
            return None
        self.commit_edits()  # the rules and period as the form shows them
        if self.problem is None:
            show_message(self, "Kan ikke lage turnus", "Rett opp problemene i Kontroll-panelet først.")
            return None
        self._stop_probe()  # the solve answers it, with both cores
        problem = self.problem
        if (nothing := nothing_to_solve(problem)) is not None:
            show_message(self, "Ingen turnus å lage", nothing[0].upper() + nothing[1:] + ".")
            return None
        before = self.checked
        current = project_rota(self.project)
        if mode in ("rest", "repair") and not current.assignments:
            show_message(self, "Ingen turnus", "Lag en turnus først (F5); deretter kan du låse "
                         "celler og optimalisere resten eller reparere.")
            return None
        if mode in ("new", "rest") and self.project.snapshots and current.assignments:
            what = "Lag turnus" if mode == "new" else "Optimaliser resten"
            answer = ask_published_solve(self, what)
            if answer == "cancel":
                return None
            if answer == "repair":
                mode = "repair"
        hint = current if mode == "rest" else None
        # a repair moves as few as it can of what the doctors were given (the published rota)
        repair = repair_base(self.project) if mode == "repair" else None
        if mode == "new" and any(a.locked for a in current.assignments):
            hint = Rota([a for a in current.assignments if a.locked])

        def job(report: Any, cancel: Any) -> Any:
            # imported here, in the worker thread: the first import of OR-Tools (and the pandas
            # it pulls in) takes most of a second
            from solver.solve import solve as engine_solve

            result = engine_solve(problem, time_limit=time_limit, workers=2, seed=0,
                                  on_progress=report, cancel_token=cancel, hint=hint,
                                  repair_from=repair)
            checked = None
            if result.rota.assignments and before is not None:
                locked = {(a.shift_id, a.role, a.doctor_id) for a in before.project.rota if a.locked}
                rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role,
                                            locked=(a.shift_id, a.role, a.doctor_id) in locked)
                        for a in result.rota.assignments]
                # check the new rota here, in the worker: the GUI thread only redraws; the
                # engine's figures go with the rota into the file (legevakt_app.solve_record)
                from legevakt_app.solve_record import solve_record

                solved = before.project.model_copy(update={"rota": rota})
                solved = solved.model_copy(update={"solved": solve_record(solved, result)})
                checked = check_project(solved, before)
            # stopped early, the best so far can be worse than the rota the leader had; the
            # comparison (most of a second on a large district) is made here, off the GUI thread
            worse = None
            if (checked is not None and before is not None and before.project.rota
                    and (cancel.is_set() or result.status == "cancelled")):
                worse = not rota_is_better(checked, before)
            return result, checked, worse

        title = {"new": "Lager turnus", "rest": "Optimaliserer resten",
                 "repair": "Reparerer turnusen"}[mode]
        return self._start_worker(title, job, lambda out: self._solve_done(out, mode, before),
                                  engine=True, time_limit=time_limit)

    def _solve_done(self, out: Any, mode: str, before: Checked | None) -> None:
        result, checked, worse = out
        cancelled = self._finish_work()
        self.last_solve = result
        self._solve_step = None
        self._solved_project = before.project if before is not None else None
        self._solved_keys = frozenset((a.shift_id, a.doctor_id, a.role) for a in result.rota.assignments)
        text = {"new": "Lag turnus", "rest": "Optimaliser resten", "repair": "Reparer"}[mode]
        if not result.rota.assignments:
            if cancelled or result.status == "cancelled":
                self.statusBar().showMessage("Avbrutt før motoren fant en turnus.", 15000)
                self.last_message = "Avbrutt før motoren fant en turnus."
                return
            if result.status == "too_large" and result.explanation is not None:
                show_message(self, "For stort distrikt", result.explanation.text())
                return
            if result.status != "infeasible":
                show_message(self, "Fant ingen turnus ennå",
                             f"Motoren fant ingen turnus innen tidsgrensen ({result.seconds:.0f} s). "
                             "Det betyr ikke at ingen finnes: prøv igjen med lengre tid, eller "
                             "lett på reglene.")
                return
            self.show_explanation(result)
            return
        stopped = cancelled or result.status == "cancelled"
        unfinished = unfinished_repair(result) if mode == "repair" else None
        if stopped and unfinished is not None:
            # the best so far of a repair stopped before its fewest moves may change many
            # doctors' vakter where a finished one changes a few: not what the leader wants
            text = (f"Avbrutt før reparasjonen var ferdig: den beste turnusen så langt "
                    f"{unfinished}, så turnusen er som før. Trykk «Reparer» igjen og la den "
                    "gå ferdig.")
            self.statusBar().showMessage(text, 15000)
            self.last_message = text
            return
        if (worse is None and stopped and before is not None and before.project.rota
                and checked is not None):  # cancelled just as the worker finished
            worse = not rota_is_better(checked, before)
        if stopped and worse:
            text = ("Avbrutt: turnusen motoren rakk å lage var ikke bedre enn den du har, så "
                    "turnusen er som før.")
            self.statusBar().showMessage(text, 15000)
            self.last_message = text
            return
        self.tabs.setCurrentIndex(TAB_ROTA)  # before applying: a report tab would redraw first
        if checked is None or self.checked is not before:
            # the project changed while solving (should not happen: the dialog is modal)
            locked = {(a.shift_id, a.role, a.doctor_id) for a in self.project.rota if a.locked}
            checked = self.with_rota([PublishedAssignment(
                shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role,
                locked=(a.shift_id, a.role, a.doctor_id) in locked) for a in result.rota.assignments])
        self.apply(checked, text)
        self._solve_step = self.undo.command(self.undo.index() - 1)
        status = STATUS.get(result.status, result.status)
        moved = f", {count(result.moved, 'tildeling', 'tildelinger')} flyttet" if result.moved is not None else ""
        diff = diff_against_latest(self.project) if mode == "repair" else None
        if diff is not None and diff.changed:
            # the leader's next task: tell the doctors; the first change is in view, marked ◆
            first = diff.changes[0]
            self.show_shift(first.shift_id, first.role)
            moved += (f"; {count(len(diff.affected_doctors()), 'lege', 'leger')} må få beskjed "
                      f"(endret etter publisering: {CHANGE_MARK.strip()})")
        elif mode == "repair" and before is not None:
            # nothing published to mark ◆ against: the places moved from the rota before the
            # repair are selected in the grid, the first in view, and named in the status line
            places = self._moved_places(before.project.rota)
            if places:
                moved += ": " + self._select_places(places)
        seconds = f"{result.seconds:.1f}".replace(".", ",")
        self.statusBar().showMessage(f"{text}: {status} på {seconds} s{moved}", 15000)
        if mode == "repair" and self.problem is not None and (
                idle := left_out(self.problem, result.rota)):
            names = {d.id: d.name for d in self.problem.doctors}
            show_message(self, "Ingen vakter", left_out_note(
                [names[d] for d in idle],
                "merk vaktene som skal stå og lås dem (Ctrl+L), trykk «Optimaliser resten» og "
                "publiser den nye turnusen (Turnus → Publiser), så en senere reparasjon regner "
                "fra den."),
                icon=QMessageBox.Icon.Information)

    def _moved_places(self, before: list[PublishedAssignment]) -> list[tuple[Any, str, str, list[str]]]:
        """The places of ``before`` (a rota) whose doctor the rota now shown no longer has
        there, as :func:`solver.solve.moved_count` counts them (a bakvakt no longer needed is
        released, not moved): (shift, role, doctor before, doctors now), in time order."""
        assert self.project is not None
        shifts = self._shift_by_id()
        now: dict[tuple[str, str], list[str]] = {}
        for a in self.project.rota:
            now.setdefault((a.shift_id, a.role), []).append(a.doctor_id)
        backed = {a.shift_id for a in self.project.rota if a.role == "bakvakt"}
        places = []
        for a in before:
            there = now.get((a.shift_id, a.role), [])
            if a.doctor_id in there or (a.role == "bakvakt" and a.shift_id not in backed):
                continue
            if (shift := shifts.get(a.shift_id)) is not None:
                was = {b.doctor_id for b in before if (b.shift_id, b.role) == (a.shift_id, a.role)}
                places.append((shift, a.role, a.doctor_id, [d for d in there if d not in was]))
        return sorted(places, key=lambda p: (p[0].start, p[1]))

    def _select_places(self, places: list[tuple[Any, str, str, list[str]]],
                       most: int = 3) -> str:
        """Select ``places`` (see :meth:`_moved_places`) in the grid, the first in view, and
        name the first ``most``: «03.05 Natt: Kari Nordeng (var Ola Hansen); … og 2 til»."""
        first = places[0]
        self.show_shift(first[0].id, first[1])
        selection = QItemSelection()
        for shift, role, _was, _now in places:
            src = self.grid_model.index_of(shift.id, role)
            idx = self.grid_proxy.mapFromSource(src) if src.isValid() else QModelIndex()
            if idx.isValid():
                selection.select(idx, idx)
        self.grid_view.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        names = {d.id: d.name for d in self.project.doctors} if self.project else {}

        def line(place: tuple[Any, str, str, list[str]]) -> str:
            shift, role, was, now = place
            who = ", ".join(names.get(d, d) for d in now) or "ingen"
            return (f"{shift.start:%d.%m} {shift.label}{' bakvakt' if role == 'bakvakt' else ''}"
                    f": {who} (var {names.get(was, was)})")

        text = "; ".join(line(p) for p in places[:most])
        if len(places) > most:
            text += f" … og {len(places) - most} til (markert i turnusen)"
        return text

    def show_explanation(self, result: Any) -> None:
        """Why no rota exists, in plain Norwegian, with links to the doctors and dates."""
        from legevakt_app.fixes import can_apply, fix_text
        from legevakt_app.solve_cli import explanation_text

        exp = result.explanation
        self.last_explanation = explanation_text(exp, self.project)
        messages = list(getattr(exp, "messages", []) or [self.last_explanation])
        fixes = list(getattr(exp, "fixes", []) or [])
        assert self.project is not None
        relaxations = [fix_text(self.project, f) for f in fixes]
        links = self._explanation_links(exp, messages + relaxations)
        self.last_message = "Ingen turnus finnes: " + self.last_explanation
        first = self.last_explanation.splitlines()[0] if self.last_explanation else ""
        if len(first) > 140:
            first = first[:140].rsplit(" ", 1)[0] + " …"
        self.status_label.setText("✖ Ingen turnus finnes: " + first)
        self.status_label.setToolTip(self.last_explanation)
        self.statusBar().showMessage("Ingen turnus oppfyller reglene — se forklaringen.", 15000)
        self.status_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self._update_solve_summary()
        applicable = tuple(i for i, f in enumerate(fixes) if can_apply(f, self.project))
        dialog = ExplanationDialog("Ingen turnus kan oppfylle alle reglene.", messages, relaxations,
                                   links, self, applicable=applicable)
        dialog.link_activated.connect(self._explanation_link)
        dialog.fix_chosen.connect(lambda i: self.apply_fix(fixes[i], relaxations[i]))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "explanation_dialog", None))
        self.explanation_dialog = dialog
        dialog.open()

    def apply_fix(self, fix: Any, text: str) -> None:
        """Make one of the engine's verified fixes (a rule of the period, a pre-assignment or
        lock, a vaktblokk) as one undo step; the leader solves again."""
        from legevakt_app.fixes import apply_fix

        if self.project is None:
            return
        try:
            after = apply_fix(self.project, fix)
        except ValueError as err:  # an exception on days that have one already
            self._refuse(str(err))
            return
        self.apply(after, f"Endring: {text}")
        if self.explanation_dialog is not None:
            self.explanation_dialog.close()
        self.statusBar().showMessage(f"Endret: {text}. Lag turnus (F5) for å prøve igjen; "
                                     "Ctrl+Z angrer.", 20000)

    def _explanation_links(self, exp: Any, texts: list[str]) -> list[tuple[str, str, str]]:
        """Doctors and dates named in the explanation, as (kind, value, text) links: the days
        (and weeks) in date order, then the doctors."""
        if self.project is None:
            return []
        links: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        joined = "\n".join(texts)
        for c in getattr(exp, "conflicts", []) or []:
            m = re.fullmatch(r"(\d{4})-W(\d{2})", c.detail or "")
            if m:
                monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
                key = ("date", monday.isoformat())
                if key not in seen:
                    seen.add(key)
                    links.append((*key, f"Turnus: uke {int(m[2])} ({c.rule_name})"))
        doctors = [("doctor", d.id, f"Lege: {d.name} — fravær, ønsker og fritak")
                   for d in self.project.doctors
                   if d.name in joined or any(c.detail == d.id for c in getattr(exp, "conflicts", []) or [])]
        start, end = self.project.period.start, self.project.period.end
        for m in re.finditer(r"\b(\d{2})\.(\d{2})\b", joined):
            for year in range(start.year, end.year + 1):
                try:
                    day = date(year, int(m[2]), int(m[1]))
                except ValueError:
                    continue
                if start <= day <= end and ("date", day.isoformat()) not in seen:
                    seen.add(("date", day.isoformat()))
                    links.append(("date", day.isoformat(), f"Turnus: {_weekday_no(f'{day:%A}')} {day:%d.%m.%Y}"))
        links.sort(key=lambda link: link[1])  # ISO dates (a week by its Monday) sort as days
        links.extend(doctors)  # the days first (where), then who
        if any(getattr(f, "kind", "") == "share" for f in getattr(exp, "fixes", []) or []):
            # «gi … vaktandel større enn 0»: how much is the leader's; the cell, ready to edit
            links += [("share", d.id, f"Leger: vaktandel for {d.name} (skriv inn hvor stor)")
                      for d in self.project.doctors if d.legevakt_share <= 0]
        if getattr(exp, "relaxations", None):
            links.append(("rules", "", "Vakter og regler — der reglene kan lettes"))
        return links

    def _explanation_link(self, kind: str, value: str) -> None:
        if kind == "doctor":
            self.show_doctor(value, TAB_ABSENCE)
        elif kind == "date":
            self.show_day(date.fromisoformat(value))
        elif kind == "rules":
            self.tabs.setCurrentIndex(TAB_RULES)
        elif kind == "share":
            self.show_doctor(value)
            col = [f.attr for f in self.doctor_model.fields].index("legevakt_share")
            index = self.doctor_model.index(self.doctor_view.currentIndex().row(), col)
            self.doctor_view.setCurrentIndex(index)
            self.doctor_view.edit(index)

    # ----- reports --------------------------------------------------------------------------
    def _tab_changed(self, _index: int) -> None:
        self.commit_edits()  # a value typed on the tab just left counts
        if self.tabs.currentWidget() in (self.belastning, self.terskel) and self._reports_dirty:
            self._refresh_reports()

    def _source(self) -> Any:
        from legevakt_app.rota_source import source_from_project

        return source_from_project(self.project) if self.project and self.problem else None

    def _refresh_reports(self) -> None:
        self.terskel.project_path = self.path  # a scenario is saved beside it, never over it
        if self.project is None or self.problem is None or not self.project.rota:
            # nothing to report on: never leave an earlier rota's (or project's) figures
            self._drop_reports_worker()
            self.belastning.set_report(None)
            self.terskel.clear()
            self._reports_dirty = False
            return
        # counted in a worker (half a second on a 40-doctor year): the tab shows «Regner ut …»
        # meanwhile, never an earlier rota's figures; an older count still running is dropped
        self._drop_reports_worker()
        from legevakt_app.rota_source import source_from_project
        from legevakt_app.ui.report_views import report_figures

        project, target = self.project, self.terskel.target()

        def job(_progress: Any, _cancel: Any) -> Any:
            return project, report_figures(source_from_project(project), target)

        worker = Worker(job)
        worker.done.connect(self._reports_done)
        worker.failed.connect(self._reports_failed)
        self.reports_worker = worker
        self.belastning.show_pending()
        self.terskel.show_pending()
        worker.start()

    def _drop_reports_worker(self) -> None:
        worker, self.reports_worker = self.reports_worker, None
        self._abandon(worker)

    def _abandon(self, worker: Worker | None) -> None:
        """Hear no more from ``worker`` (its answer, if it still comes, is not wanted) and keep
        it alive until its thread has ended, without waiting for it."""
        if worker is None:
            return
        worker.done.disconnect()
        worker.failed.disconnect()
        if worker.forget_start():
            return  # never started: nothing to wait for
        self._ending.append(worker)
        worker.finished.connect(lambda: worker in self._ending and self._ending.remove(worker))
        if worker.isFinished() and worker in self._ending:  # ended before the connect
            self._ending.remove(worker)

    def reports_busy(self) -> bool:
        """True while the Belastning and Terskel figures are being counted."""
        return self.reports_worker is not None

    def _reports_done(self, out: Any) -> None:
        project, figures = out
        self._drop_reports_worker()  # it has emitted its last signal: let its thread end
        if project is not self.project:  # changed meanwhile: count again, if still shown
            if self.tabs.currentWidget() in (self.belastning, self.terskel):
                self._refresh_reports()
            return
        need, self._need_for = self._need_for, None
        if need is not None and need[0] is project:  # the engine's answer came first
            figures.threshold.need = need[1]
        self.belastning.show_figures(figures.workload, figures.fairness)
        self.terskel.show_figures(figures)
        self._reports_dirty = False

    def _reports_failed(self, message: str) -> None:
        self._drop_reports_worker()  # (kept alive until its thread has ended)
        self.belastning.set_report(None)
        self.belastning.explanation.setText(f"Kunne ikke regne ut belastningen: {message.splitlines()[0]}")
        self.terskel.clear()

    def _run_in_background(self, title: str, job: Any, on_done: Any,
                           time_limit: float | None = None) -> Worker | None:
        if self.worker is not None:
            return None

        def done(result: Any) -> None:
            if self._finish_work():
                self.statusBar().showMessage(f"{title.rstrip(' …')}: avbrutt.", 8000)
                return
            on_done(result)

        return self._start_worker(title, job, done, engine=False, time_limit=time_limit)

    def compute_need(self, target: int) -> None:
        source = self._source()
        if source is None or not source.has_rota:
            return
        from legevakt_app.reports.threshold import doctors_needed

        asked = self.project

        def done(need: Any) -> None:
            if self.project is asked and self.reports_busy():
                self._need_for = (asked, need)  # shown with the figures still being counted
            elif self.project is asked:
                self.terskel.set_need(need)
                self.statusBar().showMessage(
                    f"Legebehovet for 1:{target} er regnet ut — se «Leger som trengs» i Terskel.", 12000)
            else:  # never show (nor export) an answer for the rota as it was
                self.statusBar().showMessage(
                    "Legebehovet ble regnet ut for prosjektet slik det var før endringen; "
                    "regn ut på nytt.", 12000)

        self._run_in_background(
            f"Regner ut legebehov for 1:{target} …",
            lambda _r, cancel: doctors_needed(source, target=target, time_limit=10.0,
                                              solve_fn=_cancellable_solve_fn(cancel)),
            done)

    def engine_need(self) -> Any:
        """The doctors needed for 1:4 as the engine checked it for the project as it is now
        (Terskel → «Regn ut»), for the exports' Terskel sheet; None when not computed."""
        report = self.terskel.report()
        if self._reports_dirty or report is None or report.need is None:
            return None
        need = report.need
        return need if need.engine_checked and need.target == 4 else None

    SCENARIO_SECONDS = 15.0  # the engine's time for each scenario (Terskel → «Kjør scenarier»)
    # the project the scenarios shown were solved for: the exports take them only while it is
    # still the project (as the doctors needed), see export_scenarios
    _scenarios_of: Project | None = None

    def run_scenarios(self) -> None:
        source = self._source()
        if source is None or not source.has_rota:
            return
        from legevakt_app.reports.scenarios import run_scenarios

        chosen = self.terskel.chosen_scenarios()
        asked = self.project
        started = time.perf_counter()

        def done(results: Any) -> None:
            self._scenarios_of = asked
            self.terskel.set_scenarios(results)
            solved = [r for r in results[1:] if r.solved]  # (the first row: the rota as it is)
            self.statusBar().showMessage(
                f"{count(len(results) - 1, 'scenario', 'scenarier')} løst på "
                f"{decimal(time.perf_counter() - started, 0)} s, {len(solved)} med turnus — se "
                "tabellen i Terskel.", 15000)

        self._run_in_background(
            "Løser scenariene …",
            lambda report, cancel: run_scenarios(source, chosen, time_limit=self.SCENARIO_SECONDS,
                                                 solve_fn=_cancellable_solve_fn(cancel),
                                                 on_progress=report),
            done, time_limit=self.SCENARIO_SECONDS * max(1, len(chosen)))

    def export_scenarios(self) -> tuple[Any, str | None]:
        """The scenario rows shown in Terskel, for the workbook's and the PDF's «Scenarier»
        (a ScenarioComparison; None when none were run), and why they are left out (None:
        they are not): solved for the project as it was before a change, they are not this
        rota's."""
        results = self.terskel.scenarios()
        if not results:
            return None, None
        if self._scenarios_of is not self.project or self._reports_dirty:
            return None, ("scenariene er ikke tatt med: de ble kjørt før prosjektet ble endret "
                          "(eller et annet ble åpnet); kjør dem på nytt under Terskel")
        from legevakt_app.reports.scenarios import ScenarioComparison

        return ScenarioComparison(tuple(results), self.SCENARIO_SECONDS), None

    # ----- files ----------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current project (saved, discarded or unchanged)."""
        self.commit_edits()  # a value still being typed is part of the work to save
        if not self.modified or self.project is None:
            return True
        answer = ask_save_changes(self, self.path.name if self.path else "Uten navn")
        if answer == "save":
            return self.save()
        if answer == "discard":
            self._discard_recovery()
            return True
        return False

    def open_path(self, path: str | Path) -> bool:
        if not self.maybe_save():
            return False
        try:
            project, stamp = load_project_stamped(path)
        except ProjectError as err:
            # the reasons themselves in the box (the first few), every one under «Vis detaljer»
            lines = [app_problem_text(p) for p in err.problems]
            shown = "\n".join(f"• {line}" for line in lines[:5])
            more = f"\n… og {len(lines) - 5} til (Vis detaljer)" if len(lines) > 5 else ""
            kept = "\n\nFilen er ikke endret." if Path(path).is_file() else ""  # none to change
            self._failed(f"Ikke åpnet: {Path(path).name}: "
                         f"{lines[0] if len(lines) == 1 else count(len(lines), 'problem', 'problemer')}",
                         "Kan ikke åpne filen",
                         f"{Path(path).name}: {count(len(lines), 'problem', 'problemer')}:\n"
                         f"{shown}{more}{kept}",
                         f"{path}\n" + "\n".join(lines))
            return False
        self.load(project, Path(path), stamp)
        return True

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Åpne distrikt", str(self._folder()),
                                              "Legevakt-prosjekt (*.legevakt.json *.json)")
        if name:
            self.open_path(name)

    def new_project(self) -> None:
        if not self.maybe_save():
            return
        from legevakt_app.calendar import next_half_year
        from legevakt_app.domain import District, Period

        start, end = next_half_year(date.today())
        project = Project(
            district=District(name="Nytt legevaktdistrikt",
                              kommuner=[Kommune(name="Ny kommune", **NEW_KOMMUNE)],
                              stations=[Station(id="sentral", name="Legevakt", kind="central",
                                                kommune="Ny kommune")]),
            period=Period(start=start, end=end),
        )
        self.load(project, None)
        self.tabs.setCurrentIndex(TAB_DISTRICT)

    def save(self) -> bool:
        self.commit_edits()
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        self.commit_edits()
        name, _ = QFileDialog.getSaveFileName(self, "Lagre som", str(self._folder() / "distrikt.legevakt.json"),
                                              "Legevakt-prosjekt (*.legevakt.json)")
        if not name:
            return False
        if not name.endswith(".json"):
            name += ".legevakt.json"
        return self._write(Path(name))

    def _write(self, path: Path) -> bool:
        """Save to ``path``. Over the file this window has open, only when it still holds what
        the window read or last saved: a change made meanwhile on disk (``legevakt import
        --apply``, another window) is never overwritten without asking."""
        assert self.project is not None
        same = self.path is not None and _same_path(path, self.path)
        try:
            saved = save_project(self.project, path,
                                 expected=self.disk_stamp if same else None)
        except FileChanged as err:
            answer = ask_file_changed(self, path, err.gone, self._on_disk_text(path))
            if answer == "save_as":
                return self.save_as()
            if answer != "overwrite":
                text = (f"Ikke lagret: {path.name} er endret på disken etter at den ble åpnet. "
                        "Arbeidet ditt er fortsatt her; lagre det med Fil → Lagre som …")
                self.last_message = text
                self.statusBar().showMessage(text, 20000)
                return False
            try:
                saved = save_project(self.project, path)
            except OSError as again:
                return self._save_failed(path, again)
        except OSError as err:  # the file and its .bak are as they were
            return self._save_failed(path, err)
        self._discard_recovery()  # the autosave of the old name (or of the unsaved project)
        self.path = path
        self.disk_stamp = saved.stamp
        self.terskel.project_path = path
        self._discard_recovery()  # and of the name it is saved under now
        self.undo.setClean()
        self._autosaved_index = self.undo.index()
        self._remember(path)
        self._update_title()
        self.statusBar().showMessage(f"Lagret {path}{self._backup_text(path, saved)}", 8000)
        return True

    def _save_failed(self, path: Path, err: OSError) -> bool:
        from legevakt_app.file_errors import cannot_write, os_reason

        self._failed(f"Ikke lagret: {path}: {os_reason(err)}", "Kunne ikke lagre",
                     f"{cannot_write(path, err, 'lagre')}. Ingenting er lagret, og endringene "
                     "er fortsatt bare her: lagre et annet sted med Fil → Lagre som …")
        return False

    def _backup_text(self, path: Path, saved: Saved) -> str:
        """« (forrige versjon som .bak)», or where else it went, or that it could not be kept
        (said in a message box too: the leader may count on it)."""
        if saved.backup is not None and not saved.backup_problem:
            beside = saved.backup.name == path.name + ".bak"
            return " (forrige versjon som .bak)" if beside else f" (forrige versjon i {saved.backup})"
        if saved.backup is not None:
            return f" (forrige versjon i {saved.backup}: {saved.backup_problem})"
        if saved.backup_problem:
            show_message(self, "Forrige versjon er ikke tatt vare på",
                         f"{path} er lagret, men forrige versjon kunne ikke tas vare på: "
                         f"{saved.backup_problem}.")
            return f" (forrige versjon kunne ikke tas vare på: {saved.backup_problem})"
        return ""

    def _on_disk_text(self, path: Path) -> str:
        """What the changed file holds now, for the question before overwriting it."""
        try:
            other = load_project(path)
        except ProjectError:
            return "Filen på disken kan ikke leses som et prosjekt nå. "
        return (f"Filen på disken nå: {_district_text(other.district.name, (other.period.start, other.period.end))}, "
                f"{count(len(other.doctors), 'lege', 'leger')}, "
                f"{count(len(other.rota), 'tildeling', 'tildelinger')} i turnusen. ")

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
        self.recent_menu.setEnabled(bool(self.recent_files()))

    # ----- import -------------------------------------------------------------------------
    def import_file(self, kind: str, path: str | Path | None = None,
                    replace: bool = False) -> ImportPreviewDialog | None:
        """Import doctors (``kind="doctors"``) or absences (``"absences"``) from an .xlsx or
        .csv file: a preview lists every row and every problem; only «Importer» in it changes
        the project, as one undoable step. ``replace``: an absence list is the whole list
        (a box in the preview turns it on and off)."""
        if self.project is None:
            return None
        if path is None:
            saved = str(self.settings.value("import_folder", "") or "")
            folder = Path(saved) if saved and Path(saved).is_dir() else self._folder()
            path = choose_import_file(self, kind, folder)
            if not path:
                return None
            self.settings.setValue("import_folder", str(Path(path).parent))
        from legevakt_app.export.importer import ImportRejected, preview_import

        try:
            preview = preview_import(path, self.project, kind,  # type: ignore[arg-type]
                                     replace=replace)
        except ImportRejected as err:
            self._failed(f"Ikke importert: {err}", "Kan ikke importere", str(err),
                         f"Malene med riktige kolonner ligger i {TEMPLATES}.")
            return None

        def again(on: bool) -> None:  # the box «hele listen»: read the file again so
            dialog.reject()
            self.import_file(preview.kind, path, replace=on)

        dialog = ImportPreviewDialog(preview, TEMPLATES, self, self._import_changes(preview),
                                     on_replace=again)
        dialog.accepted.connect(lambda: self._apply_import(preview))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self._import_closed(d))
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _import_changes(self, preview: Any) -> dict[int, str]:
        """For each doctor row: what it changes (``kliniske måneder 60 → 71``), or what a new
        doctor brings (see :func:`legevakt_app.export.importer.row_details`)."""
        if self.project is None:
            return {}
        from legevakt_app.export.importer import row_details

        return row_details(preview, self.project)

    def _import_closed(self, dialog: ImportPreviewDialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None

    def _apply_import(self, preview: Any) -> None:
        from legevakt_app.export.importer import ImportRejected, apply_import

        assert self.project is not None
        try:
            after = apply_import(self.project, preview)
        except ImportRejected as err:
            self._failed(f"Ikke importert: {err}", "Kan ikke importere", str(err))
            return
        rows = [r for r in preview.rows if r.action != "finnes alt"]
        name = Path(preview.source).name
        if preview.kind == "doctors":
            new = sum(1 for r in rows if r.action == "ny lege")
            text = f"Importer leger fra {name}: {new} nye, {len(rows) - new} oppdatert"
            tab = TAB_DOCTORS
        else:
            text = f"Importer fravær fra {name}: {len(rows)} nye"
            tab = TAB_ABSENCE
        self.apply(after, text)
        self.tabs.setCurrentIndex(tab)
        problems = len(self.violations) + len(self.project_problems)
        tail = (f" Kontroll: {count(problems, 'problem', 'problemer')} i turnusen — «Reparer» tilpasser den."
                if self.violations else "")
        self.statusBar().showMessage(f"{text}. Angre med Ctrl+Z.{tail}", 15000)
        self.last_message = text + "." + tail

    # ----- recovery -------------------------------------------------------------------------
    def autosave(self) -> Path | None:
        """Write unsaved work to the recovery file (only when it changed since the last
        autosave). Returns the recovery file, or None when there was nothing to write."""
        if self.project is None or not self.modified or self.undo.index() == self._autosaved_index:
            return None
        try:
            target = self.write_recovery_copy()
        except OSError as err:
            self.statusBar().showMessage(f"Kunne ikke autolagre: {err.strerror or err}", 10000)
            return None
        self._autosaved_index = self.undo.index()
        self.statusBar().showMessage(f"Autolagret {datetime.now():%H:%M}", 4000)
        return target

    def write_recovery_copy(self) -> Path | None:
        """This window's recovery copy of its project, written now (None: no project).
        Raises ``OSError`` when the data folder cannot be written."""
        if self.project is None:
            return None
        return write_recovery(self.project, self.path, owner=self.recovery_owner,
                              base=self.disk_stamp)

    def _discard_recovery(self) -> None:
        try:
            discard_recovery(self.path, self.recovery_owner)
        except OSError:
            pass

    def offer_recoveries(self, ask: Callable[[QWidget, str], bool | None] = ask_restore) -> bool:
        """At start-up: offer autosaved work that was never saved (after a crash). True when
        a recovery copy was restored into this window (it shows as unsaved changes).

        A copy is deleted only when the leader says so («Forkast kopien»), or when the project
        file holds exactly what the copy holds (nothing unsaved in it). A copy of a window that
        is still running (another Legevakt) is not offered. The question names the district
        of the copy and of the file, and says when the file changed after the copy was made;
        a copy restored over a file changed since is not saved over it without asking."""
        for rec in find_recoveries():
            if rec.problem:
                self._set_aside(rec, rec.problem)
                continue
            try:
                project = rec.load()
            except ProjectError as err:
                self._set_aside(rec, "\n".join(reference_problem_text(p) for p in err.problems))
                continue
            saved, saved_stamp = None, None
            if rec.original_path is not None and rec.original_path.exists():
                try:
                    saved, saved_stamp = load_project_stamped(rec.original_path)
                except ProjectError:
                    saved = None
            if saved is not None and saved == project:
                rec.discard()  # the file holds exactly this work: nothing unsaved in the copy
                continue
            changed = rec.file_changed()
            answer = ask(self, self._recovery_text(rec, saved, changed))
            if answer is None:
                continue  # kept for the next start
            if not answer:
                rec.discard()
                continue
            if saved is not None and changed is not True:
                self.load(saved, rec.original_path, saved_stamp)
                self.apply(project, "Gjenopprett autolagret arbeid")
            else:
                # the file changed since the copy (or is gone, or unreadable): the copy alone,
                # and a save over the file asks first (it holds something else now)
                base = FileStamp(rec.base_digest or "ukjent") if changed else None
                self.load(project, rec.original_path, base)
                self.undo.resetClean()
                self._update_title()
            self._adopt(rec)
            text = "Gjenopprettet — lagre for å beholde endringene."
            if changed:
                text += " NB: filen på disken er endret etter at kopien ble laget."
            self.statusBar().showMessage(text, 15000)
            return True
        return False

    def _recovery_text(self, rec: Recovery, saved: Project | None, changed: bool | None) -> str:
        where = str(rec.original_path) if rec.original_path else "et distrikt som ikke var lagret"
        text = (f"Legevakt ble avsluttet uten å lagre endringene i {where}. "
                f"En kopi ble autolagret {rec.saved_at:%d.%m.%Y kl. %H:%M}.\n"
                f"Kopien: {_district_text(rec.district, rec.period)}.")
        if rec.original_path is None:
            return text
        if saved is not None:
            on_disk = _district_text(saved.district.name, (saved.period.start, saved.period.end))
        elif rec.original_path.exists():
            on_disk = "kan ikke leses som et prosjekt"
        else:
            on_disk = "finnes ikke lenger"
        if changed:
            how = ("er endret: den er ikke lenger den kopien bygger på"
                   if rec.base_digest is not None
                   else "er nyere enn kopien, og kan være endret etter at den ble laget")
            text += (f"\nNB: filen på disken {how}. Filen nå: {on_disk}. Gjenoppretter du, "
                     "lagres kopien ikke over filen uten at du blir spurt.")
        else:
            text += f"\nFilen på disken: {on_disk}."
        return text

    def _adopt(self, rec: Recovery) -> None:
        """The restored copy becomes this window's own: written anew under this window, and
        the old file removed only once that has worked."""
        try:
            self.write_recovery_copy()
        except OSError:
            return  # the old copy stays: it still holds the work
        self._autosaved_index = self.undo.index()
        rec.discard()

    def _set_aside(self, rec: Recovery, why: str) -> None:
        """An autosaved copy that cannot be read or restored: renamed (so it is not offered at
        every start) and named to the leader, never deleted."""
        aside = rec.path.with_name(rec.path.name + ".uleselig")
        try:
            rec.path.replace(aside)
        except OSError:
            aside = rec.path
        show_message(self, "Kan ikke gjenopprette",
                     f"En autolagret kopi kan ikke leses, og er lagt til side: {aside}.", why)

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        # ask first, stop after: «Avbryt» in either question leaves the window as it was,
        # a solve still running included
        running = self.progress.windowTitle() if self.worker is not None and self.progress else ""
        if self.worker is not None and not ask_stop_work(self, running or "Arbeidet"):
            event.ignore()
            return
        if not self.maybe_save():
            event.ignore()
            return
        self._drop_reports_worker()
        self._drop_counts_worker()
        self._stop_probe(wait=True)
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(3000)
        self.autosave_timer.stop()
        event.accept()

    # ----- export ---------------------------------------------------------------------------
    def export(self, kind: str, path: str | None = None,
               only_changed: bool = False) -> Worker | None:
        """Export in the worker thread, to a temporary file first: cancel leaves no file (and
        an existing file untouched); only a finished export replaces the target.
        ``only_changed`` (calendars): only those that say something the last exported ones
        did not (legevakt_app.export.ics.changed_calendars), the files to send."""
        if self.project is None or self.problem is None or not self.project.rota:
            self._failed("Ikke eksportert: det er ingen turnus ennå (lag den med F5).", "Eksport",
                         "Lag turnusen først (F5).")
            return None
        if self.worker is not None:
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
        target, refused = export_target(kind, Path(path), self.path)
        if refused is not None:  # the command line refuses the same (file_errors.output_problem)
            self._failed(f"Ikke eksportert: {target}: {refused}", "Kan ikke eksportere",
                         f"{target}: {refused}")
            return None
        published = ""
        from legevakt_app.snapshots import has_unpublished_changes

        if kind == "ics" and has_unpublished_changes(self.project):
            # the calendars are what the doctors get: published, later changes are told
            # against them (the calendars are kept in the project either way)
            answer = ask_publish_calendars(self)
            if answer == "cancel":
                return None
            if answer == "publish":
                published = " Publisert." + self._publish_now()
        project = self.project
        # the solve's figures only describe the rota it delivered (not one edited since)
        last_solve = self.last_solve if self.rota_is_solved() else None
        breaks = len(self.violations)  # the hard rules the rota breaks (Kontroll)
        need = self.engine_need()
        scenarios, scenarios_left_out = (self.export_scenarios() if kind in ("xlsx", "pdf")
                                         else (None, None))
        former: list[str] = []  # «ics»: doctors no longer in the project who get a file too
        changed: list[str] = []  # «ics», only_changed: the names of those who get a file
        sent: dict[str, Any] = {}  # «ics»: doctor id → what her file holds (SentCalendar)

        def job(report: Any, cancel: threading.Event) -> Any:
            from legevakt_app.file_errors import cannot_write

            try:
                return write(report, cancel)
            except OSError as err:  # disk full, no permission, a locked file: said plainly
                return ExportFailed(cannot_write(target, err, "eksportere"))
            except ExportFailed as err:
                return err

        def write(_report: Any, cancel: threading.Event) -> Any:
            from legevakt_app.rota_source import solve_info_of, source_from_project

            source = source_from_project(project) if kind != "pdf" else None
            if source is not None and last_solve is not None:  # the engine's rota, as it made it
                source.solve_info = solve_info_of(last_solve)
            if source is not None:
                source.doctors_needed = need
                source.scenarios = scenarios
            if kind == "ics":
                target.mkdir(parents=True, exist_ok=True)
                scratch = Path(tempfile.mkdtemp(prefix=".legevakt-ics-", dir=target))
                try:
                    from legevakt_app.export.ics import (
                        changed_calendars,
                        former_doctors,
                        write_ics_sent,
                    )
                    from legevakt_app.export.layout import build_layout

                    layout = build_layout(source)
                    gone = former_doctors(source, layout)
                    whose = changed_calendars(source, layout) if only_changed else None
                    files, held = (([], {}) if whose is not None and not whose.doctor_ids else
                                   write_ics_sent(source, scratch, layout=layout,
                                                  doctor_ids=None if whose is None
                                                  else whose.doctor_ids))
                    former[:] = gone.values()
                    changed[:] = [] if whose is None else whose.names
                    if cancel.is_set():
                        raise Cancelled
                    moved = [Path(shutil.move(str(f), str(target / f.name))) for f in files]
                    sent.update(held)
                    return moved
                finally:
                    shutil.rmtree(scratch, ignore_errors=True)
            partial = target.with_name(f".{target.name}.delvis{target.suffix}")
            try:
                if kind == "xlsx":
                    from legevakt_app.export.xlsx import export_xlsx

                    export_xlsx(source, partial)
                elif kind == "pdf":
                    try:
                        _pdf_in_child_process(project, partial, cancel, need, scenarios)
                    except ExportFailed as err:  # the child names the partial file
                        raise ExportFailed(str(err).replace(str(partial), str(target))) from None
                else:
                    from legevakt_app.rota_source import write_result_file

                    write_result_file(partial, source, last_solve)
                if cancel.is_set():
                    raise Cancelled
                os.replace(partial, target)
            finally:
                if partial.exists():
                    partial.unlink()
            return target

        from legevakt_app.snapshots import calendar_note

        note = calendar_note(project, "Turnus → Publiser") if kind == "ics" else None

        def done(result: Any) -> None:
            if isinstance(result, ExportFailed):
                self._failed(f"Ikke eksportert: {str(result).rstrip('.')}", "Eksporten feilet",
                             f"{str(result).rstrip('.')}. Ingen fil er endret.")
                return
            recorded = False
            if kind == "ics" and sent and self.project is not None:
                from legevakt_app.snapshots import record_calendars

                # what each doctor was sent, kept so the next export cancels a vakt taken from
                # her: an edit of the project, as publishing is (saved with it)
                after = record_calendars(self.project, sent)
                if after is not self.project:
                    self.apply(after, "Eksporter kalendere")
                    recorded = True
            self.last_export = result
            text = f"Eksportert: {target}.{published}".rstrip(".")
            if only_changed and not result:
                text = ("Ingen kalender er endret siden forrige eksport: ingen filer er skrevet."
                        f"{published}").rstrip(".")
            elif only_changed:  # the files to send, and to whom
                text += (f" ({count(len(result), 'kalenderfil', 'kalenderfiler')}, bare de "
                         f"endrede siden forrige eksport: send dem til {', '.join(changed)})")
            elif former:  # their files hold only cancellations: the leader sends them too
                from legevakt_app.export.ics import former_doctors_text

                text += (f" ({count(len(result), 'kalenderfil', 'kalenderfiler')}, "
                         f"{former_doctors_text(former)})")
            if recorded:
                text += ". Lagre prosjektet (Ctrl+S), så huskes hva kalenderne holder"
            notes = [note] if note else []  # changed since it was published
            if scenarios_left_out:
                notes.append(scenarios_left_out)
            if breaks:
                sheet = "; det står også på arket «Om turnusen» i Excel" if kind == "xlsx" else ""
                warning = (f"Turnusen som ble eksportert, har {count(breaks, 'brudd', 'brudd')} "
                           f"på harde regler (se Kontroll nederst i vinduet{sheet}).")
                notes.append(warning)
                show_message(self, "Eksportert med regelbrudd", warning)
            # each note a sentence of its own: one full stop between them, not two
            text += "".join(f". Merk: {n.rstrip('.')}" for n in notes) + (
                "." if notes or recorded else "")
            self.last_message = text
            self.statusBar().showMessage(text, 20000)

        return self._run_in_background("Eksporterer …", job, done)


def _pdf_in_child_process(project: Project, target: Path, cancel: threading.Event,
                          need: Any = None, scenarios: Any = None) -> None:
    """Write the PDF in a child process (``legevakt export --pdf``), with the doctors needed
    for 1:4 the app computed (``need``, a NeedEstimate), if any, and the scenarios it solved
    (``scenarios``, a ScenarioComparison), if any.

    Qt's text layout, which the PDF export uses, holds Python's interpreter lock for 100 ms
    and more at a time, so in a thread of this process it would stall the window; in a
    child process it cannot, and cancel simply ends the child. The project goes to the child
    through a private temporary file (it holds personal data), removed afterwards."""
    import subprocess
    import sys

    with tempfile.TemporaryDirectory(prefix="legevakt-pdf-") as scratch:
        source = Path(scratch) / "turnus.legevakt.json"
        save_project(project, source)
        given = []
        if need is not None:
            from legevakt_app.reports.threshold import need_to_dict

            need_file = Path(scratch) / "legebehov.json"
            need_file.write_text(json.dumps(need_to_dict(need)), encoding="utf-8")
            given = ["--need-from", str(need_file)]
        if scenarios is not None:
            from legevakt_app.reports.scenarios import comparison_to_dict

            scenario_file = Path(scratch) / "scenarier.json"
            scenario_file.write_text(json.dumps(comparison_to_dict(scenarios)), encoding="utf-8")
            given += ["--scenarios-from", str(scenario_file)]
        env = dict(os.environ)
        if sys.platform.startswith("linux"):
            env["QT_QPA_PLATFORM"] = "offscreen"  # the child shows nothing
        log_path = Path(scratch) / "stderr.txt"
        with open(log_path, "wb") as log:  # a file, not a pipe: a chatty child cannot block
            child = subprocess.Popen(
                [sys.executable, "-m", "legevakt_app.cli", "export", str(source), "--pdf", str(target), *given],
                stdout=subprocess.DEVNULL, stderr=log, env=env,
                cwd=str(Path(__file__).resolve().parents[2]))
            while child.poll() is None:
                if cancel.wait(0.05):
                    child.kill()
                    child.wait()
                    raise Cancelled
        if child.returncode != 0:
            error = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            if child.returncode == 2 and error:  # a Norwegian «FIL: kan ikke skrive (…)»
                raise ExportFailed(error[-1].removeprefix("legevakt export: --pdf "))
            raise RuntimeError(f"PDF-eksporten feilet (kode {child.returncode}): "
                               + (error[-1] if error else ""))


class ExportFailed(Exception):
    """An export that could not be written, with the Norwegian message the leader sees."""


def export_target(kind: str, target: Path, project_path: Path | None) -> tuple[Path, str | None]:
    """The file (or, for «ics», folder) an export writes, with the format's extension added
    when the name has none, and why it must not be written (None: it may). The same rule as
    the command line: never the open project, another project file, a special file, a
    missing or unwritable folder, nor a name with another format's extension."""
    from legevakt_app.file_errors import ics_dir_problem, output_problem

    if kind == "ics":
        return target, ics_dir_problem(target)
    if not target.suffix:
        target = target.with_name(target.name + {"result": ".resultat.json"}.get(kind, f".{kind}"))
    sources = [project_path] if project_path is not None else []
    return target, output_problem(target, sources, kind)


# where the app shows the fair number the sharing note speaks of
SHARING_WHERE = "i «Rettferdighet per lege» (Belastning)"

FAIRNESS_HELP = (
    "Rettferdighet = største belastning per andel: vakttimene til den mest belastede legen, "
    "vektet med vakttypens vekt (bakvakt teller mindre) og regnet per full vaktandel "
    "(t per full vaktandel). Lavere er mer rettferdig.\n"
    "Beste motoren fant: det jevneste motoren fant («bevist innen 1 %»: ingen turnus er mer "
    "enn 1 % jevnere).\n"
    "Turnusen kan ligge inntil rettferdighetsmarginen over, så netter, helger og avstand "
    "mellom vaktene kan jevnes ut (se «Vakter og regler»).\n"
    "Ingen turnus under: en bevist grense; ingen turnus kan bli jevnere enn dette.")


def _without(ranges: list[Any], first: date, last: date) -> list[Any]:
    """``ranges`` with ``first``..``last`` cut out (a range across it is split in two)."""
    out = []
    for r in ranges:
        if r.end < first or r.start > last:
            out.append(r)
            continue
        if r.start < first:
            out.append(r.model_copy(update={"end": first - timedelta(days=1)}))
        if r.end > last:
            out.append(r.model_copy(update={"start": last + timedelta(days=1)}))
    return out


_WEEKDAYS_EN_NO = {"Monday": "mandag", "Tuesday": "tirsdag", "Wednesday": "onsdag",
                   "Thursday": "torsdag", "Friday": "fredag", "Saturday": "lørdag",
                   "Sunday": "søndag"}


def _weekday_no(text: str) -> str:
    """``%A`` gives English day names in the C locale; the window speaks Norwegian."""
    for en, no in _WEEKDAYS_EN_NO.items():
        text = text.replace(en, no)
    return text


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
