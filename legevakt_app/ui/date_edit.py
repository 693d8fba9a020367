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

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

DATE_FORMAT = "dd.MM.yyyy"
SEPARATORS = ".,"  # «,»: the decimal key of a Norwegian numeric keypad
_PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def typed_date(text: str, whole_year: bool = False) -> date | None:
    """The date typed as ``text`` (``4.1.2027``, ``04.01.2027``, ``04012027``, ``4,1,2027``;
    ``4.1.27`` and ``040127`` are 2027 unless ``whole_year``); None if it is not a whole,
    real date."""
    text = text.replace(",", ".")
    year = r"\d{4}" if whole_year else r"\d{4}|\d{2}"
    m = (re.fullmatch(rf"(\d{{1,2}})\.(\d{{1,2}})\.({year})", text)
         or re.fullmatch(rf"(\d{{2}})(\d{{2}})({year})", text))
    if m is None:
        return None
    day, month, y = int(m[1]), int(m[2]), int(m[3])
    if len(m[3]) == 2:
        y += 2000
    try:
        return date(y, month, day)
    except ValueError:
        return None


class DateEdit(QDateEdit):
    """A ``dd.mm.åååå`` field with a calendar to pick from, which takes a date typed with or
    without dots (see the module)."""

    def __init__(self, value: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        if value is not None:
            self.setDate(value)
        self._typed: str | None = None  # typed from the start of the field, while typing on
        self._moved_on = False  # the last digit filled its part and Qt moved to the next one

    def _forget_typing(self) -> None:
        self._typed = None
        self._moved_on = False

    def finish_typing(self) -> None:
        """Take the whole date typed, if one was (Enter, leaving the field, or the window
        applying what is typed)."""
        if self._typed is not None and (day := typed_date(self._typed)) is not None:
            self.setDate(QDate(day))
        self._forget_typing()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        plain = not (event.modifiers() & ~_PLAIN)
        if Qt.Key(event.key()) in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish_typing()
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
                self._typed = ""
            if self._typed is not None:
                self._typed += text
            section = self.currentSectionIndex()
            super().keyPressEvent(event)
            self._moved_on = self.currentSectionIndex() != section
            if self._typed is not None and (day := typed_date(self._typed, whole_year=True)):
                self.setDate(QDate(day))  # the whole date typed, whatever Qt made of its parts
                self._forget_typing()
            return
        else:
            self._forget_typing()
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
        self._forget_typing()
        super().focusInEvent(event)

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802
        self.finish_typing()
        super().focusOutEvent(event)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802
        self._forget_typing()
        super().mousePressEvent(event)
