"""Views with behaviour of their own."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QWidget,
)

from legevakt_app.ui.models import DoctorCalendarModel


class DayRangeView(QTableView):
    """The calendar of :class:`DoctorCalendarModel` where a selection is a run of days, as
    on a paper calendar: dragging from Wednesday to next Tuesday selects the seven days in
    between (a table would select a rectangle of weekdays). Shift+click and Shift+arrows
    extend the run from where it started."""

    def __init__(self, model: DoctorCalendarModel) -> None:
        super().__init__()
        self.setModel(model)
        self.calendar = model
        self.anchor: date | None = None
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setDefaultSectionSize(38)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        model.modelReset.connect(self._model_reset)

    def _model_reset(self) -> None:
        self.anchor = None

    def select_range(self, first: date, last: date) -> None:
        """Select the days from ``first`` to ``last`` (either order), within the period."""
        if last < first:
            first, last = last, first
        first, last = max(first, self.calendar.start), min(last, self.calendar.end)
        selection = QItemSelection()
        day = first
        while day <= last:
            idx = self.calendar.index_of(day)
            selection.select(idx, idx)
            day += timedelta(days=1)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _day(self, pos: Any) -> date | None:
        return self.calendar.day_at(self.indexAt(pos))

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802
        day = self._day(event.position().toPoint())
        if event.button() != Qt.MouseButton.LeftButton or day is None:
            super().mousePressEvent(event)
            return
        if not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self.anchor):
            self.anchor = day
        self.selectionModel().setCurrentIndex(self.calendar.index_of(day),
                                              QItemSelectionModel.SelectionFlag.NoUpdate)
        self.select_range(self.anchor, day)
        self.setFocus()

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802
        day = self._day(event.position().toPoint())
        if event.buttons() & Qt.MouseButton.LeftButton and self.anchor and day is not None:
            self.selectionModel().setCurrentIndex(self.calendar.index_of(day),
                                                  QItemSelectionModel.SelectionFlag.NoUpdate)
            self.select_range(self.anchor, day)
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        step = steps.get(Qt.Key(event.key()))
        current = self.calendar.day_at(self.currentIndex()) or self.anchor or self.calendar.start
        if step is None:
            super().keyPressEvent(event)
            return
        day = min(max(current + timedelta(days=step), self.calendar.start), self.calendar.end)
        self.selectionModel().setCurrentIndex(self.calendar.index_of(day),
                                              QItemSelectionModel.SelectionFlag.NoUpdate)
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.select_range(self.anchor or current, day)
        else:
            self.anchor = day
            self.select_range(day, day)
        self.scrollTo(self.calendar.index_of(day))


class RotaGridView(QTableView):
    """The Turnus grid. Enter (like a double click) asks to pick the doctor for the current
    cell: ``pick_requested(index)``."""

    pick_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if Qt.Key(event.key()) in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.pick_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        """A current cell that was in view stays in view when the grid gets lower (the
        Kontroll list under it opens or grows, laid out after a swap scrolled to the cell)."""
        super().resizeEvent(event)
        index = self.currentIndex()
        old = event.oldSize()
        if (not index.isValid() or old.height() <= event.size().height()
                or old.width() <= 0 or old.height() <= 0):
            return
        cell = self.visualRect(index)
        if cell.intersects(QRect(QPoint(0, 0), old)) and not self.viewport().rect().contains(cell):
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)


def row_picker(model: Any) -> QTableView:
    """A read-only table over ``model`` where one whole row is chosen (a list to pick from):
    alternating colours, Tab leaves the table and the arrows move inside it."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    return view


class ElidedLabel(QLabel):
    """A one-line label that ends a text too long for it with «…» (the whole text in its
    tooltip), where a plain QLabel cut it off mid-word at the edge («…telt i fordeli»)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:  # the whole text, as set: what the leader reads in the tooltip
        return self._full

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(self.width(), 1))
        super().setText(shown)
