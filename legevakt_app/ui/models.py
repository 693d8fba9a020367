"""Qt table models over the domain objects (model/view: no widget per cell).

``RecordTableModel`` shows a list of pydantic records (kommuner, stations, doctors, templates,
absences) with one :class:`Field` per column; an edit is handed to the window's ``on_edit``
callback, which validates it and records it on the undo stack. ``RotaGridModel`` shows the
rota as a calendar: one row per date, one column per station × shift × role slot.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from legevakt_app.calendar import day_name, holiday_names, is_high_day
from legevakt_app.carried import days_text, end_text
from legevakt_app.colours import CONTINUED_COLOUR, HOLIDAY_COLOUR, css
from legevakt_app.domain import EXEMPTION_SCOPE_LABELS, WEEKDAY_NAMES
from legevakt_app.export.layout import CONTINUED_MARK
from legevakt_app.ledger_edit import parse_high_days
from legevakt_app.shifts import continued_days
from legevakt_app.ui.date_edit import DateEdit
from legevakt_app.wording import number, read_number, read_share, read_whole_number, share_text
from solver.problem import Problem, Rota

WEEKEND_BG = QColor("#e9ecef")
HOLIDAY_BG = QColor(css(HOLIDAY_COLOUR))
CONFLICT_FG = QColor("#b00020")
NO_SHIFT_BG = QColor("#f4f4f4")
HIGHLIGHT_BG = QColor("#ffd54f")
LOCK_MARK = "▣ "  # a glyph every common font has (the padlock emoji often shows as a box)
CHANGE_MARK = "◆ "  # a place whose doctor differs from the published rota (same glyph block)


HIGH_DAY_NOT_HOLIDAY = "høytid, ikke helligdag"


def shaded_and_named_days(start: date, end: date) -> tuple[dict[date, str], dict[date, str]]:
    """The holidays a calendar shades — exactly those the engine counts as holidays
    (:func:`holiday_names`, as ``engine_input`` builds the problem) — and the høytid days that
    are no holiday (påskeaften), which are named but shaded as the weekday they are."""
    holidays = holiday_names(start, end)
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return holidays, {d: day_name(d) for d in days if is_high_day(d) and d not in holidays}


def dotted(record: Any, attr: str) -> Any:
    """``dotted(doctor, "competence.clinical_months")``: attributes of nested records."""
    for part in attr.split("."):
        record = getattr(record, part)
    return record


@dataclass(frozen=True)
class Field:
    """One column: its Norwegian title, the attribute it shows, and how to show and parse it."""

    title: str
    attr: str
    editable: bool = True
    # text | int | float | bool | choice | date | time | weekdays | highdays | days | moment
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    display: Callable[[Any], str] | None = None  # for computed, read-only columns
    tooltip: str = ""
    options: Callable[[], tuple[tuple[str, str], ...]] | None = None  # choices that change
    header: str = ""  # the column header when not the title (two lines for a narrow column)
    percent: bool = False  # a share, shown «50 %» and stored 0.5 (:func:`read_share`)
    most: float = float("inf")  # a percent share's largest value, as a fraction (1.5: 150 %)
    # how typed text is read when that depends on the project (a day without a year is one
    # of the days before the period); ValueError with a Norwegian message
    read: Callable[[str], Any] | None = None

    def choice_list(self) -> tuple[tuple[str, str], ...]:
        return self.options() if self.options is not None else self.choices

    def show(self, record: Any) -> Any:
        if self.display is not None:
            return self.display(record)
        value = dotted(record, self.attr)
        if self.kind == "bool":
            return None
        if self.kind == "choice":
            return dict(self.choice_list()).get(value, value)
        if self.kind == "float":
            return share_text(value) if self.percent else number(value)
        if self.kind == "date":
            return value.strftime("%d.%m.%Y")
        if self.kind == "weekdays":
            return weekdays_text(value)
        if self.kind == "highdays":
            return ", ".join(value) or "–"
        if self.kind == "days":  # the duty days carried from the period before
            return days_text(value)
        if self.kind == "moment":
            return end_text(value)
        return "" if value is None else str(value)

    def parse(self, text: Any) -> Any:
        """Turn what the user typed into a value; raise ValueError with a Norwegian message."""
        if self.kind == "bool":
            return bool(text)
        raw = str(text).strip()
        if self.read is not None:
            return self.read(raw)
        if self.kind in ("int", "float") and not raw:
            raise ValueError("kan ikke være tomt")
        if self.kind == "int":
            return read_whole_number(raw)
        if self.kind == "float":
            return read_share(raw, self.most) if self.percent else read_number(raw)
        if self.kind == "choice":
            for value, label in self.choice_list():
                if raw in (value, label):
                    return value
            raise ValueError(f"«{raw}» er ikke et av valgene")
        if self.kind == "date":
            from datetime import datetime

            for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
                try:
                    return datetime.strptime(raw, fmt).date()
                except ValueError:
                    continue
            raise ValueError(f"«{raw}» er ikke en dato (dd.mm.åååå)")
        if self.kind == "time":
            return parse_clock(raw)
        if self.kind == "weekdays":
            return parse_weekdays(raw)
        if self.kind == "highdays":
            return parse_high_days(raw)
        if not raw:
            raise ValueError("kan ikke være tomt")
        return raw


SHORT_DAYS = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]


def weekdays_text(days: list[int]) -> str:
    """``[0, 1, 2, 3, 4]`` → ``man–fre``; ``[4, 5]`` → ``fre, lør``."""
    days = sorted(days)
    if days == list(range(7)):
        return "alle"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{SHORT_DAYS[days[0]]}–{SHORT_DAYS[days[-1]]}"
    return ", ".join(SHORT_DAYS[d] for d in days)


def parse_weekdays(raw: str) -> list[int]:
    """``man–fre``, ``man-fre``, ``man til fre``, ``lør, søn``, ``alle``, ``hverdager``,
    ``helg`` → weekday numbers (0 = mandag)."""
    text = raw.strip().lower().replace("–", "-").replace("—", "-")
    text = re.sub(r"\s+til\s+", "-", text)  # «man til fre»
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+og\s+", ", ", text)  # «lør og søn»
    named = {"alle": range(7), "alle dager": range(7), "hver dag": range(7),
             "hverdager": range(5), "hverdag": range(5), "ukedager": range(5),
             "helg": range(5, 7), "helger": range(5, 7), "helgen": range(5, 7)}
    if text.rstrip(".") in named:
        return list(named[text.rstrip(".")])

    def one(word: str) -> int:
        word = word.strip().rstrip(".")
        if word in SHORT_DAYS:
            return SHORT_DAYS.index(word)
        if word in WEEKDAY_NAMES:
            return WEEKDAY_NAMES.index(word)
        raise ValueError(f"«{raw}» er ikke ukedager (skriv f.eks. man–fre eller lør, søn)")

    days: list[int] = []
    for part in (p for p in re.split(r"[,\s]+", text) if p):
        if "-" in part:
            a, b = part.split("-", 1)
            first, last = one(a), one(b)
            if last < first:
                raise ValueError(f"«{part}»: siste dag er før første")
            days.extend(range(first, last + 1))
        else:
            days.append(one(part))
    if not days:
        raise ValueError("velg minst én ukedag")
    return sorted(set(days))


def parse_clock(raw: str) -> str:
    """``16``, ``1600``, ``16.00``, ``16:00`` → ``16:00``."""
    text = raw.strip().replace(".", ":")
    m = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?", text)
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise ValueError(f"«{raw}» er ikke et klokkeslett (TT:MM)")
    return f"{int(m[1]):02d}:{m[2] or '00'}"


class RecordTableModel(QAbstractTableModel):
    """A list of domain records as a table. ``on_edit(row, attr, value)`` applies an edit and
    returns an error message or None; a refused edit emits ``rejected(row, column, message)``
    so the view can show the message at the cell."""

    rejected = Signal(int, int, str)
    accepted = Signal(int, int)  # an edit taken (also one that leaves the value as it was)

    def __init__(
        self,
        fields: list[Field],
        on_edit: Callable[[int, str, Any], str | None] | None = None,
        row_colour: Callable[[Any], QColor | None] | None = None,
        row_label: Callable[[Any], str] | None = None,
    ) -> None:
        super().__init__()
        self.fields = fields
        self.records: list[Any] = []
        self.on_edit = on_edit
        self.row_colour = row_colour
        # the row header's text while ``labelled`` (else its number): a doctor's name stays in
        # sight when the table is scrolled past the name column (see label_rows_when_scrolled)
        self.row_label = row_label
        self.labelled = False
        self.last_error: str | None = None

    def set_records(self, records: list[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def update_records(self, records: list[Any]) -> None:
        """``records`` in place of those shown. As many as before: no reset, only the rows
        whose cells show something else are said to have changed (a reset makes the view lay
        out and, with columns sized to their content, measure every cell again: a tenth of a
        second for 40 doctors, after a ferie that changes no cell of the table). The caller
        sees to it that what the columns show depends on nothing else that changed."""
        records = list(records)
        if len(records) != len(self.records):
            self.set_records(records)
            return
        old, self.records = self.records, records
        last = len(self.fields) - 1
        for row, (before, after) in enumerate(zip(old, records, strict=True)):
            if before is after or self._shown_row(before) == self._shown_row(after):
                continue
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            if self.row_label is not None and self.row_label(before) != self.row_label(after):
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)

    def _shown_row(self, record: Any) -> tuple[Any, ...]:
        """What the row of ``record`` shows: each cell's text (a check box's state) and the
        row's colour."""
        cells = tuple(dotted(record, f.attr) if f.kind == "bool" else f.show(record)
                      for f in self.fields)
        colour = self.row_colour(record) if self.row_colour is not None else None
        return cells, None if colour is None else colour.name()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.fields[section].header or self.fields[section].title
            if role == Qt.ItemDataRole.ToolTipRole and self.fields[section].tooltip:
                return self.fields[section].tooltip
        elif role == Qt.ItemDataRole.DisplayRole:
            if self.row_label is not None and self.labelled and section < len(self.records):
                return f"{section + 1}  {self.row_label(self.records[section])}"
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        f = self.fields[index.column()]
        if f.editable and self.on_edit is not None and f.display is None:
            base |= Qt.ItemFlag.ItemIsUserCheckable if f.kind == "bool" else Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        f = self.fields[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f.show(record)
        if role == Qt.ItemDataRole.EditRole:
            if f.kind in ("choice",):
                return dict(f.choice_list()).get(dotted(record, f.attr), "")
            return f.show(record)
        if role == Qt.ItemDataRole.CheckStateRole and f.kind == "bool":
            return Qt.CheckState.Checked if dotted(record, f.attr) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and self.row_colour is not None:
            colour = self.row_colour(record)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if f.kind == "days" and dotted(record, f.attr):  # in full: the cell may cut them
                return f"{f.show(record)}\n\n{f.tooltip}".strip()
            return f.tooltip or None
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or self.on_edit is None:
            return False
        f = self.fields[index.column()]
        try:
            if role == Qt.ItemDataRole.CheckStateRole and f.kind == "bool":
                parsed: Any = Qt.CheckState(value) == Qt.CheckState.Checked
            elif role == Qt.ItemDataRole.EditRole:
                parsed = f.parse(value)
            else:
                return False
        except ValueError as err:
            self.last_error = f"{f.title}: {err}"
            self.on_edit(index.row(), f.attr, _Invalid(self.last_error))
            self.rejected.emit(index.row(), index.column(), self.last_error)
            return False
        error = self.on_edit(index.row(), f.attr, parsed)
        self.last_error = error
        if error is not None:
            self.rejected.emit(index.row(), index.column(), error)
        else:
            self.accepted.emit(index.row(), index.column())
        return error is None


def label_rows_when_scrolled(view: Any, model: RecordTableModel) -> None:
    """Show ``model.row_label`` in ``view``'s row header while its first column (the name) is
    scrolled out of sight, the row number otherwise."""

    def follow(*_args: Any) -> None:
        hidden = view.columnViewportPosition(0) < 0
        if hidden != model.labelled:
            model.labelled = hidden
            model.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, model.rowCount() - 1))

    view.horizontalScrollBar().valueChanged.connect(follow)


class RecordDelegate(QStyledItemDelegate):
    """Editors that fit the column: a list to choose from for choice columns, a date field
    with a calendar for dates; everything else is typed (and checked when committed)."""

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:  # noqa: N802
        f = index.model().fields[index.column()]
        if f.kind == "choice":
            box = QComboBox(parent)
            for value, label in f.choice_list():
                box.addItem(label, value)
            return box
        if f.kind == "date":
            return DateEdit(parent=parent)
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        f = index.model().fields[index.column()]
        record = index.model().records[index.row()]
        if f.kind == "choice" and isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(dotted(record, f.attr))))
        elif f.kind == "date" and isinstance(editor, DateEdit):
            editor.setDate(QDate(dotted(record, f.attr)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:  # noqa: N802
        f = model.fields[index.column()]
        if f.kind == "choice" and isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif f.kind == "date" and isinstance(editor, DateEdit):
            editor.finish_typing()
            # a date that does not exist goes to the model as typed: refused there, named
            typed = editor.impossible or editor.date().toString("dd.MM.yyyy")
            model.setData(index, typed, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class _Invalid:
    """Marks an edit that could not even be parsed (the message is shown, nothing changes)."""

    def __init__(self, message: str) -> None:
        self.message = message


def is_invalid(value: Any) -> str | None:
    return value.message if isinstance(value, _Invalid) else None


@dataclass(frozen=True)
class GridColumn:
    template: str
    station_name: str
    template_name: str
    role: str  # vakt | bakvakt
    slot: int  # which of the shift's doctors (0-based)

    @property
    def title(self) -> str:
        who = "Bakvakt" if self.role == "bakvakt" else (f"Lege {self.slot + 1}" if self.slot else "Lege")
        return f"{self.station_name}\n{self.template_name}\n{who}"


class RotaGridModel(QAbstractTableModel):
    """The rota as a calendar grid. Rows: dates. Columns: station × template × role slots.

    Data per cell: the doctor's name (or initials in compact mode) in the doctor's colour;
    weekends and holidays shaded; cells with a rule violation in red; locked cells with ▣;
    places whose doctor differs from the published rota with ◆ (the doctor published there in
    the tooltip).
    """

    def __init__(self) -> None:
        super().__init__()
        self.days: list[date] = []
        self.columns: list[GridColumn] = []
        self.shift_at: dict[tuple[date, str], Any] = {}
        self.running_at: dict[tuple[date, str], Any] = {}  # a vakt begun on an earlier day
        self.cells: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        self.names: dict[str, str] = {}
        self.colours: dict[str, QColor] = {}
        # the days the engine treats as holidays (shaded), and høytid that is no holiday
        # (påskeaften: named, shaded as the weekday it is)
        self.holidays: dict[date, str] = {}
        self.high_days_only: dict[date, str] = {}
        self.bad: set[tuple[str, str | None]] = set()  # (shift id, doctor id) with violations
        # (shift id, role, doctor now or None) → the doctors published in that place instead
        self.published_instead: dict[tuple[str, str, str | None], list[str | None]] = {}
        self.published_names: dict[str, str] = {}
        self.highlight: str | None = None
        self.compact = False
        self.has_rota = False  # before the first solve, empty cells are not shown as LEDIG
        self.non_competent: set[str] = set()  # doctors whose vakt needs a bakvakt

    def set_rota(
        self,
        problem: Problem,
        rota: Rota,
        station_names: dict[str, str],
        template_names: dict[str, str],
        template_order: list[str],
        colours: dict[str, str],
    ) -> None:
        self.beginResetModel()
        start, end = problem.period_start, problem.period_end
        self.days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        self.holidays, self.high_days_only = shaded_and_named_days(start, end)
        self.shift_at = {(s.day, s.template): s for s in problem.shifts}
        # a vakt begun on an earlier day that still runs (the weekend of a helgevakt fre–man):
        # shown there too, marked, so the row does not look unstaffed; edited where it begins
        self.running_at = {(day, s.template): s for s in problem.shifts
                           for day in continued_days(s)}
        required: dict[str, int] = defaultdict(int)
        station_of: dict[str, str] = {}
        for s in problem.shifts:
            required[s.template] = max(required[s.template], s.required)
            station_of[s.template] = s.station
        non_competent = {d.id for d in problem.doctors if not d.competent}
        has_bakvakt = {a.shift_id for a in rota.assignments if a.role == "bakvakt"}
        needs_bakvakt_column = {
            s.template for s in problem.shifts if s.id in has_bakvakt
        } | ({s.template for s in problem.shifts} if non_competent else set())
        self.columns = []
        for t in template_order:
            if t not in required:
                continue
            st = station_names.get(station_of[t], station_of[t])
            for slot in range(required[t]):
                self.columns.append(GridColumn(t, st, template_names.get(t, t), "vakt", slot))
            if t in needs_bakvakt_column:
                self.columns.append(GridColumn(t, st, template_names.get(t, t), "bakvakt", 0))
        self.has_rota = bool(rota.assignments)
        self.non_competent = non_competent
        self.cells = defaultdict(list)
        for a in rota.assignments:
            self.cells[(a.shift_id, a.role)].append((a.doctor_id, a.locked))
        self.names = {d.id: d.name for d in problem.doctors}
        self.colours = {k: QColor("#" + v) for k, v in colours.items()}
        self.published_instead = {}
        self.endResetModel()

    def set_changes(self, changes: Iterable[Any], names: Mapping[str, str]) -> None:
        """The places that differ from the published rota (``SlotChange``s: ``shift_id``,
        ``role``, ``before``, ``after``), marked ◆; ``names``: every doctor's name, also one who
        has left since. Set after :meth:`set_rota`, which clears them."""
        self.published_instead = {}
        for c in changes:
            self.published_instead.setdefault((c.shift_id, c.role, c.after), []).append(c.before)
        self.published_names = dict(names)
        self._refresh()

    def changed_from(self, shift_id: str, role: str, doctor: str | None) -> list[str | None] | None:
        """The doctors published where ``doctor`` is now (None: nobody), or None when the
        place is as published."""
        return self.published_instead.get((shift_id, role, doctor))

    def set_violations(self, violations: list[Any]) -> None:
        self.bad = {(v.shift_id, v.doctor_id) for v in violations if v.shift_id}
        self._refresh()

    def set_highlight(self, doctor_id: str | None) -> None:
        self.highlight = doctor_id
        self._refresh()

    def set_compact(self, compact: bool) -> None:
        self.compact = compact
        self._refresh()

    def _refresh(self) -> None:
        if self.days and self.columns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.days) - 1, len(self.columns) - 1))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.days)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and section < len(self.columns):
                return self.columns[section].title
            return None
        if section >= len(self.days):
            return None
        day = self.days[section]
        if role == Qt.ItemDataRole.DisplayRole:
            week = f" u{day.isocalendar()[1]}" if day.weekday() == 0 else ""
            return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.strftime('%d.%m.%y')}{week}"
        if role == Qt.ItemDataRole.ToolTipRole and day in self.holidays:
            return self.holidays[day] + (" (helligdag, høytid)" if is_high_day(day) else " (helligdag)")
        if role == Qt.ItemDataRole.ToolTipRole and day in self.high_days_only:
            return f"{self.high_days_only[day]} ({HIGH_DAY_NOT_HOLIDAY})"
        if role == Qt.ItemDataRole.BackgroundRole:
            if day in self.holidays:
                return QBrush(HOLIDAY_BG)
            if day.weekday() >= 5:
                return QBrush(WEEKEND_BG)
        return None

    def shift_for(self, index: QModelIndex) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        return self.shift_at.get((self.days[index.row()], col.template))

    def doctor_at(self, index: QModelIndex) -> tuple[str | None, bool]:
        shift = self.shift_for(index)
        if shift is None:
            return None, False
        return self._holder(shift, self.columns[index.column()])

    def _unfilled(self, shift: Any, col: GridColumn, doctor: str | None) -> bool:
        """An empty place the rota must fill: a vakt's, or the bakvakt's when a doctor on
        the vakt is not vaktkompetent (an empty bakvakt place is otherwise not needed)."""
        if doctor is not None or not self.has_rota:
            return False
        if col.role == "vakt":
            return True
        return any(d in self.non_competent for d, _locked in self.cells.get((shift.id, "vakt"), []))

    def _holder(self, shift: Any, col: GridColumn) -> tuple[str | None, bool]:
        """Who has ``col``'s place on ``shift``, and whether it is locked (None: nobody)."""
        holders = self.cells.get((shift.id, col.role), [])
        return holders[col.slot] if col.slot < len(holders) else (None, False)

    def index_of(self, shift_id: str, role: str = "vakt") -> QModelIndex:
        for r, day in enumerate(self.days):
            for c, col in enumerate(self.columns):
                s = self.shift_at.get((day, col.template))
                if s is not None and s.id == shift_id and col.role == role:
                    return self.index(r, c)
        return QModelIndex()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        shift = self.shift_for(index)
        day = self.days[index.row()]
        if shift is None:
            running = self.running_at.get((day, self.columns[index.column()].template))
            if running is not None:
                return self._continued(running, index, role)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(NO_SHIFT_BG)
            return None
        doctor, locked = self.doctor_at(index)
        col = self.columns[index.column()]
        published = self.changed_from(shift.id, col.role, doctor)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = CHANGE_MARK if published is not None else ""
            if doctor is None:
                if not self._unfilled(shift, col, doctor):
                    # a bakvakt published here and no longer needed: said, not a lone ◆
                    return mark + "ingen" if mark else ""
                return mark + "LEDIG"
            return (LOCK_MARK if locked else "") + mark + self._name(doctor)
        if role == Qt.ItemDataRole.BackgroundRole:
            if doctor is not None and self.highlight is not None and doctor == self.highlight:
                return QBrush(HIGHLIGHT_BG)  # one strong colour: the doctor's own may be pale
            if doctor is not None and self.highlight is None:
                return QBrush(self.colours.get(doctor, QColor("white")))
            if day in self.holidays:
                return QBrush(HOLIDAY_BG)
            if day.weekday() >= 5:
                return QBrush(WEEKEND_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._unfilled(shift, col, doctor):
                return QBrush(CONFLICT_FG)
            if (shift.id, doctor) in self.bad or (shift.id, None) in self.bad:
                return QBrush(CONFLICT_FG)
            if self.highlight is not None and doctor != self.highlight:
                return QBrush(QColor("#9aa0a6"))
            return None
        if role == Qt.ItemDataRole.FontRole:
            bold = (shift.id, doctor) in self.bad or self._unfilled(shift, col, doctor) or (
                doctor is not None and doctor == self.highlight)
            if bold or published is not None:
                f = QFont()
                f.setBold(bold)
                f.setItalic(published is not None)
                return f
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            hours = f"{shift.start:%d.%m %H:%M}–{shift.end:%d.%m %H:%M} ({number(shift.hours)} t)"
            who = self.names.get(doctor, "ledig") if doctor else "ledig"
            if col.role == "bakvakt" and self._unfilled(shift, col, doctor):
                who = "ledig — bakvakt mangler: " + ", ".join(
                    self.names.get(d, d) for d, _l in self.cells.get((shift.id, "vakt"), [])
                    if d in self.non_competent) + " er ikke vaktkompetent"
            elif col.role == "bakvakt" and doctor is None and self.cells.get((shift.id, "vakt")):
                who = "ingen bakvakt (trengs ikke: vakten har vaktkompetent lege)"
            text = f"{shift.label}\n{hours}\n{who}{' (låst)' if locked else ''}"
            if published is not None:
                was = ", ".join(self.published_names.get(d, d) if d else "ingen" for d in published)
                text += f"\n{CHANGE_MARK}Endret etter publisering (publisert: {was})"
            return text
        return None

    def _name(self, doctor: str) -> str:
        """The doctor's name as a cell shows it: in full, or initials in compact mode."""
        name = self.names.get(doctor, doctor)
        return "".join(part[0] for part in name.split() if part) if self.compact else name

    def _continued(self, shift: Any, index: QModelIndex, role: int) -> Any:
        """A cell of a vakt begun on an earlier day (:attr:`running_at`): «↳ » and who has
        it, in grey italics on the doctor's colour; the tooltip says where it begins."""
        col = self.columns[index.column()]
        doctor = self._holder(shift, col)[0]
        if role == Qt.ItemDataRole.DisplayRole:
            if doctor is None:
                return CONTINUED_MARK + "LEDIG" if self._unfilled(shift, col, doctor) else ""
            return CONTINUED_MARK + self._name(doctor)
        if role == Qt.ItemDataRole.BackgroundRole:
            if doctor is not None and self.highlight is not None and doctor == self.highlight:
                return QBrush(HIGHLIGHT_BG)
            if doctor is not None and self.highlight is None:
                return QBrush(self.colours.get(doctor, QColor("white")))
            return QBrush(NO_SHIFT_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#" + CONTINUED_COLOUR))
        if role == Qt.ItemDataRole.FontRole:
            f = QFont()
            f.setItalic(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            who = self.names.get(doctor, "ledig") if doctor else "ledig"
            return (f"{shift.label}, fortsetter fra {shift.start:%d.%m %H:%M} til "
                    f"{shift.end:%d.%m %H:%M}\n{who}\n(endres på dagen vakten begynner)")
        return None


@dataclass(frozen=True)
class ProblemEntry:
    """One line of the Kontroll panel and where clicking it leads:
    ``("shift", shift_id, doctor_id)``, ``("doctor", doctor_id)`` or ``("field", path)``."""

    text: str
    target: tuple[Any, ...]
    warning: bool = False  # no rule broken: a hole in the cover, a note (amber, not red)
    info: bool = False  # nothing wrong, for the leader to know (grey; never opens the list)


WARNING_FG = QColor("#8a6d00")  # as the Kontroll line's ⚠
INFO_FG = QColor("#555555")  # as the app's explanatory notes


class ProblemListModel(QAbstractListModel):
    """The Kontroll panel's problems: a model, so thousands of violations cost one reset."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ProblemEntry] = []

    def set_entries(self, entries: list[ProblemEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return entry.text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(INFO_FG if entry.info else WARNING_FG if entry.warning else CONFLICT_FG)
        if role == Qt.ItemDataRole.UserRole:
            return entry.target
        return None


# What the Fravær og ønsker calendar shows on a day, strongest first: (key, label, colour)
MARKS = {
    "fritak": ("Fritak", QColor("#b0bec5")),
    "ferie": ("Ferie", QColor("#a5d6a7")),
    "kurs": ("Kurs", QColor("#90caf9")),
    "permisjon": ("Permisjon", QColor("#ffcc80")),
    "annet": ("Annet fravær", QColor("#ce93d8")),
    "wants": ("Ønsker vakt", QColor("#fff59d")),
    "avoids": ("Vil helst ikke", QColor("#f48fb1")),
    # a partial fritak (ikke natt, ikke helg, ikke 16–08): the doctor is there for the rest
    "delvis fritak": ("Delvis fritak", QColor("#ffffff")),  # the text says which; days stay white
}


def _partial_text(scopes: list[str]) -> str:
    """The partial fritak of a day in a few words: each of them, the wider one alone where
    one holds the other («ikke 16–08» holds «ikke natt»), without the explanation in
    brackets (the tooltip and the Fritak table have it)."""
    def short(label: str) -> str:
        return label.lower().split(" (")[0]

    shown = list(dict.fromkeys(short(x) for x in scopes))
    nights = short(EXEMPTION_SCOPE_LABELS["no_nights"])
    evenings = short(EXEMPTION_SCOPE_LABELS["no_16_08"])
    if evenings in shown and nights in shown:
        shown.remove(nights)
    return ", ".join(shown).capitalize()


class DoctorCalendarModel(QAbstractTableModel):
    """One doctor's period as a calendar: a row per week, a column per weekday. Each day
    shows the date and what is marked on it (fravær, fritak, ønske, forhåndstildelt vakt);
    the user selects days and marks them with the buttons above the view."""

    def __init__(self) -> None:
        super().__init__()
        self.first_monday = date(2000, 1, 3)
        self.weeks = 0
        self.start = self.end = self.first_monday
        self.holidays: dict[date, str] = {}  # as in the grid: shaded
        self.high_days_only: dict[date, str] = {}  # påskeaften: named, not shaded
        self.marks: dict[date, list[tuple[str, str]]] = {}  # day → [(key, detail)]
        self.pre_assigned: dict[date, list[str]] = {}  # day → shift labels

    def set_doctor(self, start: date, end: date, doctor: Any, shift_labels: dict[str, Any]) -> None:
        """``shift_labels``: shift id → (day, label) for the pre-assigned shifts."""
        self.beginResetModel()
        self.start, self.end = start, end
        self.first_monday = start - timedelta(days=start.weekday())
        self.weeks = ((end - self.first_monday).days // 7) + 1
        self.holidays, self.high_days_only = shaded_and_named_days(start, end)
        self.marks = defaultdict(list)
        self.pre_assigned = defaultdict(list)
        if doctor is not None:
            for e in doctor.exemptions:
                key = "fritak" if e.scope == "full" else "delvis fritak"
                for day in _days(e.start, e.end, start, end):
                    self.marks[day].append((key, EXEMPTION_SCOPE_LABELS[e.scope].lower()))
            for a in doctor.unavailable:
                for day in _days(a.start, a.end, start, end):
                    self.marks[day].append((a.kind, ""))
            for w in doctor.wishes:
                for day in _days(w.start, w.end, start, end):
                    self.marks[day].append(("wants" if w.wants else "avoids", w.template or ""))
            for pre in doctor.pre_assigned:
                found = shift_labels.get(pre.shift_id)
                if found is not None:
                    day, label = found
                    self.pre_assigned[day].append(label + (" (bakvakt)" if pre.role == "bakvakt" else ""))
        self.endResetModel()

    def day_at(self, index: QModelIndex) -> date | None:
        if not index.isValid():
            return None
        day = self.first_monday + timedelta(days=7 * index.row() + index.column())
        return day if self.start <= day <= self.end else None

    def index_of(self, day: date) -> QModelIndex:
        offset = (day - self.first_monday).days
        return self.index(offset // 7, offset % 7)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.weeks

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return WEEKDAY_NAMES[section].capitalize()
        monday = self.first_monday + timedelta(days=7 * section)
        return f"Uke {monday.isocalendar()[1]}"

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if self.day_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        day = self.day_at(index)
        if day is None:
            return None
        marks = self.marks.get(day, [])
        pre = self.pre_assigned.get(day, [])
        if role == Qt.ItemDataRole.DisplayRole:
            words = []
            named = (self.holidays[day].split(";")[0] if day in self.holidays
                     else self.high_days_only.get(day))
            if named and all(k == "delvis fritak" for k, _ in marks):
                # the holiday still shows, in place of the partial fritak's words (they stand
                # on every other day, and in the tooltip): «Andre påskedag, Ikke natt» was cut
                # to «Andre …» in a cell of a 1366-pixel window
                words.append(named)
            elif marks:  # the strongest mark; a partial fritak says which («Ikke natt»)
                key, detail = min(marks, key=lambda m: list(MARKS).index(m[0]))
                words.append(_partial_text([d for k, d in marks if k == "delvis fritak"])
                             if key == "delvis fritak" else MARKS[key][0])
            if pre:
                words.append("★ vakt")
            return f"{day.day}.{day.month}" + ("\n" + ", ".join(words) if words else "")
        if role == Qt.ItemDataRole.BackgroundRole:
            whole = [m for m in marks if m[0] != "delvis fritak"]
            if whole:
                strongest = min(whole, key=lambda m: list(MARKS).index(m[0]))
                return QBrush(MARKS[strongest[0]][1])
            if day in self.holidays:  # a partial fritak leaves holidays and weekends in view
                return QBrush(HOLIDAY_BG)
            if day.weekday() >= 5:
                return QBrush(WEEKEND_BG)
            return QBrush(MARKS["delvis fritak"][1]) if marks else None
        if (role == Qt.ItemDataRole.ForegroundRole and day in self.holidays
                and all(k == "delvis fritak" for k, _ in marks)):
            return QBrush(CONFLICT_FG)
        if role == Qt.ItemDataRole.FontRole and pre:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{WEEKDAY_NAMES[day.weekday()]} {day:%d.%m.%Y}"]
            if day in self.holidays:
                lines.append(f"{self.holidays[day]} (helligdag)")
            if day in self.high_days_only:
                lines.append(f"{self.high_days_only[day]} ({HIGH_DAY_NOT_HOLIDAY})")
            for key, detail in marks:
                lines.append(MARKS[key][0] + (f" ({detail})" if detail else ""))
            lines.extend(f"Forhåndstildelt: {p}" for p in pre)
            return "\n".join(lines)
        return None


def _days(a: date, b: date, start: date, end: date) -> list[date]:
    first, last = max(a, start), min(b, end)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
