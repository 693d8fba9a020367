"""«Unntak fra vakthyppigheten» on the Vakter og regler page: a table of the period's
exceptions to the spacing limits (e.g. 3-delt vakt in Christmas week where the period is
firedelt) and the dialog that makes or changes one.

The table is a model over the project's :class:`legevakt_app.domain.RuleException` records;
the window makes every change (one undo step each) — this module only shows and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html import escape
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from legevakt_app.domain import FrequencyLimit, Period, RuleException, Rules
from legevakt_app.messages import pydantic_error_text
from legevakt_app.rule_exceptions import (
    changed_parts,
    changes_nothing,
    exception_text,
    hardness,
    in_force,
    n_delt,
    row_text,
    week_text,
    window_text,
)
from legevakt_app.ui.date_edit import DateEdit
from legevakt_app.ui.widgets import row_picker
from legevakt_app.wording import count

INHERITED_FG = QColor("#777")  # a limit the exception leaves to the period
COLUMNS = ("Navn", "Fra", "Til", "Vindu", "Maks i vinduet", "Maks per uke", "Maks på rad")
COLUMN_TIPS = {
    "Vindu": "Vinduet for «maks vakter i vinduet» disse dagene (3 døgn og maks 1 = 3-delt vakt)",
    "Maks i vinduet": "Høyst så mange vakter i vinduet; absolutt eller ønsket",
    "Maks per uke": "Høyst så mange vakter i en uke (mandag–søndag) som har en av dagene",
    "Maks på rad": "Maks vakter på rad: høyst så mange vaktdager på rad",
}


def _limit_cell(limit: FrequencyLimit | None, one: str, many: str) -> str:
    if limit is None:
        return "ingen grense"
    return f"{count(limit.value, one, many)} ({hardness(limit)})"


def cells(exc: RuleException, rules: Rules) -> list[tuple[str, bool]]:
    """The row of one exception: (text, whether the exception sets it itself); a value it
    leaves to the period is the period's (shown grey)."""
    window, in_window, per_week, in_a_row = in_force(exc, rules)
    delt = n_delt(window, in_window)
    window_cell = count(window, "dag", "dager") + (f" ({delt})" if delt else "")

    def own_or_period(own: Any, text: str) -> tuple[str, bool]:
        return text, own is not None  # the period's value is shown grey

    return [
        (exc.name, True),
        (f"{exc.start:%d.%m.%Y}", True),
        (f"{exc.end:%d.%m.%Y}", True),
        own_or_period(exc.spacing_window_days, window_cell),
        own_or_period(exc.max_in_window, _limit_cell(in_window, "vakt", "vakter")),
        own_or_period(exc.max_per_week, _limit_cell(per_week, "vakt", "vakter")),
        own_or_period(exc.max_consecutive_days, _limit_cell(in_a_row, "dag", "dager")),
    ]


class RuleExceptionModel(QAbstractTableModel):
    """The period's exceptions, one row each in the order of ``rules.exceptions`` (the app
    keeps them in date order), read-only: «Endre …» opens the dialog."""

    def __init__(self) -> None:
        super().__init__()
        self.rules = Rules()

    def set_rules(self, rules: Rules) -> None:
        self.beginResetModel()
        self.rules = rules
        self.endResetModel()

    @property
    def exceptions(self) -> list[RuleException]:
        return self.rules.exceptions

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rules.exceptions)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return COLUMN_TIPS.get(COLUMNS[section])
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        exc = self.rules.exceptions[index.row()]
        text, own = cells(exc, self.rules)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ForegroundRole and not own:
            return INHERITED_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            return exception_text(exc, self.rules)
        return None


class RuleExceptionsBox(QGroupBox):
    """The «Unntak fra vakthyppigheten» section: the table and its three buttons. The window
    connects the buttons (and a double click) to its own add, edit and remove."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Unntak fra vakthyppigheten", parent)
        lay = QVBoxLayout(self)
        hint = QLabel("Andre grenser for vakthyppighet noen dager, f.eks. 3-delt vakt i "
                      "juleuken når perioden ellers er firedelt. Grått: det unntaket ikke "
                      "endrer, gjelder som i resten av perioden.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)
        self.model = RuleExceptionModel()
        self.view = row_picker(self.model)
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("Legg til unntak …")
        self.edit_button = QPushButton("Endre …")
        self.remove_button = QPushButton("Fjern")
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch()
        lay.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.model.modelReset.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        chosen = self.current_row() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def current_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)


class _LimitRow:
    """One limit in the dialog: «[x] egen» value [x] absolutt (a window has no hardness)."""

    def __init__(self, grid: QGridLayout, row: int, title: str, low: int, high: int,
                 unit: tuple[str, str], hard: bool | None) -> None:
        self.own = QCheckBox(title)
        self.value = QSpinBox()
        self.value.setRange(low, high)
        self.unit = unit
        self.value.valueChanged.connect(self._suffix)
        self._suffix(self.value.value())
        self.hard = QCheckBox("absolutt") if hard is not None else None
        self.period = QLabel()
        self.period.setStyleSheet("color: #777;")
        grid.addWidget(self.own, row, 0)
        grid.addWidget(self.value, row, 1)
        if self.hard is not None:
            self.hard.setToolTip("Absolutt: aldri tettere. Ellers ønsket: tillatt, men motoren "
                                 "unngår det når den kan.")
            grid.addWidget(self.hard, row, 2)
        grid.addWidget(self.period, row, 3)
        self.own.toggled.connect(self._enable)
        self._enable(False)

    def _suffix(self, value: int) -> None:
        """«1 vakt», «2 vakter»."""
        self.value.setSuffix(" " + (self.unit[0] if value == 1 else self.unit[1]))

    def _enable(self, on: bool) -> None:
        self.value.setEnabled(on)
        if self.hard is not None:
            self.hard.setEnabled(on)

    def show(self, own: Any, period: Any, default: int, period_text: str) -> None:
        """Fill from the exception's own value (None: the period's, unticked)."""
        shown = own if own is not None else period
        if isinstance(shown, FrequencyLimit):
            self.value.setValue(shown.value)
            if self.hard is not None:
                self.hard.setChecked(shown.hard)
        else:
            self.value.setValue(shown if isinstance(shown, int) else default)
            if self.hard is not None:
                self.hard.setChecked(True)
        self.period.setText(f"perioden: {period_text}")
        self.own.setChecked(own is not None)
        self._enable(own is not None)

    def limit(self) -> FrequencyLimit | None:
        if not self.own.isChecked():
            return None
        assert self.hard is not None
        return FrequencyLimit(value=self.value.value(), hard=self.hard.isChecked())

    def number(self) -> int | None:
        return self.value.value() if self.own.isChecked() else None


class RuleExceptionDialog(QDialog):
    """Make or change one exception. ``check(exception)`` is the window's: None when the
    project takes it, else why not (another exception on those days, say). OK with a
    problem keeps the dialog open with the message, naming the field; accepted,
    ``exception`` is the new record."""

    def __init__(self, rules: Rules, period: Period, existing: RuleException | None,
                 check: Callable[[RuleException], str | None], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.rules = rules
        self.period = period
        self.check = check
        self.exception: RuleException | None = None
        self.setWindowTitle("Endre unntak" if existing else "Nytt unntak fra vakthyppigheten")
        layout = QVBoxLayout(self)
        intro = QLabel("Kryss av for det som skal gjelde disse dagene i stedet for periodens "
                       "regel. Det du ikke krysser av for, følger perioden.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setColumnStretch(3, 1)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(40)
        self.name_edit.setPlaceholderText("f.eks. Jul (kan stå tomt)")
        self.start_edit = DateEdit()
        self.end_edit = DateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setDateRange(QDate(period.start), QDate(period.end))
        grid.addWidget(QLabel("Navn"), 0, 0)
        grid.addWidget(self.name_edit, 0, 1, 1, 3)
        grid.addWidget(QLabel("Fra"), 1, 0)
        grid.addWidget(self.start_edit, 1, 1)
        grid.addWidget(QLabel("Til og med"), 2, 0)
        grid.addWidget(self.end_edit, 2, 1)
        r = rules
        self.window = _LimitRow(grid, 3, "Eget vindu", 1, 28, ("dag", "dager"), None)
        self.in_window = _LimitRow(grid, 4, "Maks vakter i vinduet", 1, 31, ("vakt", "vakter"), True)
        self.per_week = _LimitRow(grid, 5, "Maks vakter per uke", 1, 7, ("vakt", "vakter"), True)
        self.in_a_row = _LimitRow(grid, 6, "Maks vakter på rad", 1, 31, ("vakt", "vakter"), True)
        layout.addLayout(grid)
        self.name_edit.setText(existing.name if existing else "")
        self.start_edit.setDate(QDate(existing.start if existing else period.start))
        self.end_edit.setDate(QDate(existing.end if existing
                                    else min(period.start + timedelta(days=6), period.end)))
        self.window.show(existing.spacing_window_days if existing else None,
                         r.spacing_window_days, 4, count(r.spacing_window_days, "dag", "dager"))
        self.in_window.show(existing.max_in_window if existing else None, r.max_in_window, 1,
                            _limit_cell(r.max_in_window, "vakt", "vakter"))
        self.per_week.show(existing.max_per_week if existing else None, r.max_per_week, 3,
                           _limit_cell(r.max_per_week, "vakt", "vakter"))
        self.in_a_row.show(existing.max_consecutive_days if existing else None,
                           r.max_consecutive_days, 3,
                           _limit_cell(r.max_consecutive_days, "dag", "dager"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Lagre" if existing else "Legg til",
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for row in (self.window, self.in_window, self.per_week, self.in_a_row):
            row.own.toggled.connect(self._changed)
            row.value.valueChanged.connect(self._changed)
            if row.hard is not None:
                row.hard.toggled.connect(self._changed)
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._changed)
        for edit, name in ((self.start_edit, "Fra"), (self.end_edit, "Til og med")):
            edit.refused.connect(lambda why, name=name: self._refused(f"{name}: {why}"))
        self.name_edit.textChanged.connect(self._changed)
        self._changed()

    def _typed(self) -> RuleException:
        """What the fields say, as a record; ``ValidationError`` names the field."""
        return RuleException(
            name=self.name_edit.text().strip(),
            start=self.start_edit.date().toPython(),
            end=self.end_edit.date().toPython(),
            spacing_window_days=self.window.number(),
            max_in_window=self.in_window.limit(),
            max_per_week=self.per_week.limit(),
            max_consecutive_days=self.in_a_row.limit())

    def problem_text(self) -> tuple[RuleException | None, str | None]:
        """The exception the fields make, or why they make none (naming the field)."""
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        p = self.period
        if end < start:
            return None, f"Til ({end:%d.%m.%Y}) er før Fra ({start:%d.%m.%Y})."
        if start < p.start or start > p.end:
            return None, (f"Fra: {start:%d.%m.%Y} er utenfor perioden "
                          f"({p.start:%d.%m.%Y}–{p.end:%d.%m.%Y}).")
        if end > p.end:
            return None, (f"Til: {end:%d.%m.%Y} er etter periodens slutt ({p.end:%d.%m.%Y}).")
        nothing = ("Unntaket endrer ingenting: kryss av for Eget vindu, Maks vakter i vinduet, "
                   "Maks vakter per uke eller Maks vakter på rad, med en annen verdi enn periodens.")
        try:
            exc = self._typed()
        except ValidationError as err:
            errors = err.errors()
            if any("changes nothing" in str(e.get("msg", "")) for e in errors):
                return None, nothing
            text = pydantic_error_text(errors[0])
            return None, text[:1].upper() + text[1:] + "."
        if changes_nothing(exc, self.rules):
            return None, nothing
        return exc, None

    def _changed(self) -> None:
        exc, problem = self.problem_text()
        if exc is not None:
            self.summary.setText("<b>Disse dagene:</b> " + escape(
                "; ".join(changed_parts(exc, self.rules))))
        else:
            r = self.rules
            self.summary.setText("<b>Periodens regel:</b> " + escape(
                window_text(r.spacing_window_days, r.max_in_window)
                + (f"; {week_text(r.max_per_week)}" if r.max_per_week else "")
                + (f"; {row_text(r.max_consecutive_days)}" if r.max_consecutive_days else "")))
        self.problem.hide()  # said again at OK, if it still holds

    def _refused(self, why: str) -> None:
        """A date typed that does not exist: said, and the field keeps the date it had."""
        self.problem.setText(f"⚠ {why}; datoen er som før.")
        self.problem.show()

    def accept(self) -> None:
        exc, problem = self.problem_text()
        if exc is not None:
            problem = self.check(exc)
            if problem:
                problem = problem[:1].upper() + problem[1:]
        if problem:
            self.problem.setText(f"⚠ {problem}")
            self.problem.show()
            return
        self.exception = exc
        super().accept()
