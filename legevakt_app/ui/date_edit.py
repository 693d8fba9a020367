"""The app's date field: a date typed the way people write it is the date they meant.

Qt's :class:`QDateEdit` edits a date part by part, and moves on to the next part by itself
once a part is full («04» for the day). A dot typed after that moves on once more, so
«04.01.2027» typed from the start put 01 in the year and kept the old month (04.11.2026,
silently). And it checks each part against the date shown while typing: «31» in November
became 30 before the month was typed. :class:`DateEdit` takes a dot (or the comma of a
Norwegian numeric keypad) right after such a move as the same step, and when a whole date
has been typed (``04.01.2027``, ``4.1.2027``, ``04012027``; a two-digit year ``4.1.27`` is
2027 once the field is left), the field shows that date — also when the typing began in the
month or the year (a click there put it in that part: «30.06.2027» became 04.01.00002.2027).
Tab leaves the field, as in every other field, where Qt's moves to the date's next part (a
leader's Tab from «Periode fra» to «til» changed the start's month instead).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

DATE_FORMAT = "dd.MM.yyyy"
SEPARATORS = ".,"  # «,»: the decimal key of a Norwegian numeric keypad
_PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def _date_parts(text: str, whole_year: bool) -> tuple[int, int, int] | None:
    """(day, month, year) of a whole date typed as ``text``, real or not; None if it is not
    a whole date's digits (see :func:`typed_date`)."""
    text = text.replace(",", ".")
    year = r"\d{4}" if whole_year else r"\d{4}|\d{2}"
    m = (re.fullmatch(rf"(\d{{1,2}})\.(\d{{1,2}})\.({year})", text)
         or re.fullmatch(rf"(\d{{2}})(\d{{2}})({year})", text))
    if m is None:
        return None
    return int(m[1]), int(m[2]), int(m[3]) + (2000 if len(m[3]) == 2 else 0)


def typed_date(text: str, whole_year: bool = False) -> date | None:
    """The date typed as ``text`` (``4.1.2027``, ``04.01.2027``, ``04012027``, ``4,1,2027``;
    ``4.1.27`` and ``040127`` are 2027 unless ``whole_year``); None if it is not a whole,
    real date."""
    parts = _date_parts(text, whole_year)
    if parts is None:
        return None
    day, month, year = parts
    try:
        return date(year, month, day)
    except ValueError:
        return None


def impossible_date(text: str) -> bool:
    """A whole date typed that no calendar has (``31.02.2027``, ``30.13.2027``)."""
    return _date_parts(text, whole_year=False) is not None and typed_date(text) is None


class DateEdit(QDateEdit):
    """A ``dd.mm.åååå`` field with a calendar to pick from, which takes a date typed with or
    without dots (see the module). A whole date typed that does not exist (``31.02.2027``)
    is not turned into another: the field goes back to the date it had, :attr:`impossible`
    keeps what was typed, and :attr:`refused` says why («31.02.2027» er ikke en dato), for
    the form to show beside the field's name (Qt alone made 31.02 into 28.02, or kept what
    its parts happened to be, 03.01, silently)."""

    refused = Signal(str)

    def __init__(self, value: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        if value is not None:
            self.setDate(value)
        self._typed: str | None = None  # typed from the start of the field, while typing on
        self._before = self.date()  # the date when the typing began
        self._moved_on = False  # the last digit filled its part and Qt moved to the next one
        self.impossible: str | None = None  # the last typing finished: a date that is none

    def _forget_typing(self) -> None:
        self._typed = None
        self._moved_on = False

    def _start_over(self) -> None:
        """Something else than typing on (a click, another key, the field left and entered):
        what was typed, and a date refused before, no longer count."""
        self._forget_typing()
        self.impossible = None

    def finish_typing(self) -> None:
        """Take the whole date typed, if one was (Enter, leaving the field, or the window
        applying what is typed); refuse one that does not exist (see the class). Called
        again with nothing typed since, it changes nothing (:attr:`impossible` stays)."""
        typed = self._typed
        self._forget_typing()
        if typed is None:
            return
        self.impossible = None
        if (day := typed_date(typed)) is not None:
            self.setDate(QDate(day))
        elif impossible_date(typed):
            self.impossible = typed
            self.setDate(self._before)
            self.refused.emit(f"«{typed}» er ikke en dato")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        plain = not (event.modifiers() & ~_PLAIN)
        if Qt.Key(event.key()) in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish_typing()
            if self.impossible is not None:  # said; not also the dialog's OK
                event.accept()
                return
        elif plain and len(text) == 1 and text in SEPARATORS:
            if self._typed is not None:
                self._typed += "."
            if self._moved_on:  # Qt moved on after the last digit: this dot says the same
                self._moved_on = False
                event.accept()
                return
            if text != ".":
                event = QKeyEvent(event.type(), Qt.Key.Key_Period, event.modifiers(), ".")
        elif plain and len(text) == 1 and text.isdigit():
            if self._typed is None:
                self._typed, self._before, self.impossible = "", self.date(), None
            self._typed += text
            section = self.currentSectionIndex()
            super().keyPressEvent(event)
            self._moved_on = self.currentSectionIndex() != section
            if self._typed is not None and (day := typed_date(self._typed, whole_year=True)):
                self.setDate(QDate(day))  # the whole date typed, whatever Qt made of its parts
                self._forget_typing()
            return
        else:
            self._start_over()
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # Tab and Shift+Tab go to the next or previous field, not the date's next part (Qt
        # reaches that part through focusNextPrevChild, which a typed dot also uses)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            tab = key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            if tab and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                | Qt.KeyboardModifier.AltModifier):
                self.finish_typing()
                forward = (key == Qt.Key.Key_Tab
                           and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                QWidget.focusNextPrevChild(self, forward)
                return True
        return super().event(event)

    def focusInEvent(self, event: Any) -> None:  # noqa: N802
        self._start_over()
        super().focusInEvent(event)

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802
        self.finish_typing()
        super().focusOutEvent(event)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802
        self._start_over()
        super().mousePressEvent(event)
