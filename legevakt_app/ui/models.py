"""Qt table models over the domain objects (model/view: no widget per cell).

``RecordTableModel`` shows a list of pydantic records (kommuner, stations, doctors, templates,
absences) with one :class:`Field` per column; an edit is handed to the window's ``on_edit``
callback, which validates it and records it on the undo stack. ``RotaGridModel`` shows the
rota as a calendar: one row per date, one column per station × shift × role slot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from legevakt_app.calendar import holiday_names, is_high_day
from legevakt_app.domain import WEEKDAY_NAMES
from solver.problem import Problem, Rota

WEEKEND_BG = QColor("#e9ecef")
HOLIDAY_BG = QColor("#f8d7da")
CONFLICT_FG = QColor("#b00020")
NO_SHIFT_BG = QColor("#f4f4f4")


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
    kind: str = "text"  # text | int | float | bool | choice | date
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    display: Callable[[Any], str] | None = None  # for computed, read-only columns
    tooltip: str = ""

    def show(self, record: Any) -> Any:
        if self.display is not None:
            return self.display(record)
        value = dotted(record, self.attr)
        if self.kind == "bool":
            return None
        if self.kind == "choice":
            return dict(self.choices).get(value, value)
        if self.kind == "float":
            return f"{value:g}".replace(".", ",")
        if self.kind == "date":
            return value.strftime("%d.%m.%Y")
        return "" if value is None else str(value)

    def parse(self, text: Any) -> Any:
        """Turn what the user typed into a value; raise ValueError with a Norwegian message."""
        if self.kind == "bool":
            return bool(text)
        raw = str(text).strip()
        if self.kind == "int":
            try:
                return int(raw)
            except ValueError:
                raise ValueError(f"«{raw}» er ikke et heltall") from None
        if self.kind == "float":
            try:
                return float(raw.replace(",", "."))
            except ValueError:
                raise ValueError(f"«{raw}» er ikke et tall") from None
        if self.kind == "choice":
            for value, label in self.choices:
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
        if not raw:
            raise ValueError("kan ikke være tomt")
        return raw


class RecordTableModel(QAbstractTableModel):
    """A list of domain records as a table. ``on_edit(row, attr, value)`` applies an edit and
    returns an error message (shown at the field) or None."""

    def __init__(
        self,
        fields: list[Field],
        on_edit: Callable[[int, str, Any], str | None] | None = None,
        row_colour: Callable[[Any], QColor | None] | None = None,
    ) -> None:
        super().__init__()
        self.fields = fields
        self.records: list[Any] = []
        self.on_edit = on_edit
        self.row_colour = row_colour
        self.last_error: str | None = None

    def set_records(self, records: list[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.fields[section].title
            if role == Qt.ItemDataRole.ToolTipRole and self.fields[section].tooltip:
                return self.fields[section].tooltip
        elif role == Qt.ItemDataRole.DisplayRole:
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
                return dict(f.choices).get(dotted(record, f.attr), "")
            return f.show(record)
        if role == Qt.ItemDataRole.CheckStateRole and f.kind == "bool":
            return Qt.CheckState.Checked if dotted(record, f.attr) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and self.row_colour is not None:
            colour = self.row_colour(record)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
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
            return False
        error = self.on_edit(index.row(), f.attr, parsed)
        self.last_error = error
        return error is None


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
    weekends and holidays shaded; cells with a rule violation in red; locked cells with 🔒.
    """

    def __init__(self) -> None:
        super().__init__()
        self.days: list[date] = []
        self.columns: list[GridColumn] = []
        self.shift_at: dict[tuple[date, str], Any] = {}
        self.cells: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        self.names: dict[str, str] = {}
        self.colours: dict[str, QColor] = {}
        self.holidays: dict[date, str] = {}
        self.bad: set[tuple[str, str | None]] = set()  # (shift id, doctor id) with violations
        self.highlight: str | None = None
        self.compact = False

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
        self.holidays = holiday_names(start, end)
        self.shift_at = {(s.day, s.template): s for s in problem.shifts}
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
        self.cells = defaultdict(list)
        for a in rota.assignments:
            self.cells[(a.shift_id, a.role)].append((a.doctor_id, a.locked))
        self.names = {d.id: d.name for d in problem.doctors}
        self.colours = {k: QColor("#" + v) for k, v in colours.items()}
        self.endResetModel()

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
            return self.holidays[day] + (" (høytid)" if is_high_day(day) else "")
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
        col = self.columns[index.column()]
        holders = self.cells.get((shift.id, col.role), [])
        if col.slot < len(holders):
            return holders[col.slot]
        return None, False

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
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(NO_SHIFT_BG)
            return None
        doctor, locked = self.doctor_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if doctor is None:
                col = self.columns[index.column()]
                return "" if col.role == "bakvakt" else "LEDIG"
            name = self.names.get(doctor, doctor)
            if self.compact:
                name = "".join(part[0] for part in name.split() if part)
            return ("🔒 " if locked else "") + name
        if role == Qt.ItemDataRole.BackgroundRole:
            if doctor is not None and (self.highlight is None or doctor == self.highlight):
                return QBrush(self.colours.get(doctor, QColor("white")))
            if day in self.holidays:
                return QBrush(HOLIDAY_BG)
            if day.weekday() >= 5:
                return QBrush(WEEKEND_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if doctor is None and self.columns[index.column()].role == "vakt":
                return QBrush(CONFLICT_FG)
            if (shift.id, doctor) in self.bad or (shift.id, None) in self.bad:
                return QBrush(CONFLICT_FG)
            if self.highlight is not None and doctor != self.highlight:
                return QBrush(QColor("#9aa0a6"))
            return None
        if role == Qt.ItemDataRole.FontRole:
            if (shift.id, doctor) in self.bad or doctor is None:
                f = QFont()
                f.setBold(True)
                return f
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            hours = f"{shift.start:%d.%m %H:%M}–{shift.end:%d.%m %H:%M} ({shift.hours:g} t)"
            who = self.names.get(doctor, "ledig") if doctor else "ledig"
            return f"{shift.label}\n{hours}\n{who}{' (låst)' if locked else ''}"
        return None
