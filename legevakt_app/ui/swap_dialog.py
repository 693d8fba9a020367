"""«Bytt vakt»: the leader enters a vaktbytte. The doctor on the chosen cell takes another
doctor's vakt, and that doctor takes the cell's.

The dialog lists the other vakter of the period (same role), nearest dates first, filterable
by doctor and by a search text (date, weekday, vakttype, station). Whether a swap breaks a
hard rule is asked of the window (which runs the independent checker on the swapped rota,
as after every hand edit) only for the rows the view shows, and remembered: a period has
hundreds of vakter (stor-legevakt: thousands), and each check takes a few milliseconds.

«Bare bytter uten brudd på harde regler» lists only the swaps that keep every hard rule. To know them,
the dialog checks the rows not checked yet (those the doctor and search filters let through,
nearest dates first) in the background on the GUI thread: a 0 ms timer runs one chunk of
checks at a time, each chunk stopping after :data:`CHUNK_SECONDS`, so typing, scrolling and
Avbryt keep answering between chunks. No thread: the check is the window's callback, which
reads the window's project. While checking, rows not checked yet are hidden with those that
break a rule, and the label under the table counts the progress. Unticked, the list is lazy
again (the results are kept); closing the dialog stops the timer.

The dialog opens on the nearest swap that breaks no hard rule, found the same way (rows
checked nearest first, in chunks); until one is found, or if none is, the nearest vakt is
chosen. Enter swaps only when the swap chosen breaks no hard rule: one that breaks a rule
needs a click on «Bytt likevel» (or a double click on it in the list is only a choice).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from legevakt_app.domain import WEEKDAY_NAMES
from legevakt_app.summary import thousands
from legevakt_app.ui.widgets import row_picker
from legevakt_app.wording import count

FREE_FG = QColor("#1b5e20")
BROKEN_FG = QColor("#b00020")
DETAIL_LINES = 5  # rule breaks listed under the table for the chosen vakt; the rest counted
CHUNK_SECONDS = 0.030  # «Bare bytter uten brudd på harde regler»: checking time between two turns of the event loop


def day_text(shift: Any) -> str:
    """``lør 14.03.2027``: the day a shift starts."""
    return f"{WEEKDAY_NAMES[shift.start.weekday()][:3]} {shift.start:%d.%m.%Y}"


def vakt_text(shift: Any) -> str:
    """``Sørvang legevakt Natt 23:00–08:00``."""
    return f"{shift.label} {shift.start:%H:%M}–{shift.end:%H:%M}"


def vakter(n: int) -> str:
    """``1 vakt``, ``1 460 vakter``."""
    return f"{thousands(n)} {'vakt' if n == 1 else 'vakter'}"


def bytter(n: int) -> str:
    """``1 bytte``, ``43 bytter``."""
    return f"{thousands(n)} {'bytte' if n == 1 else 'bytter'}"


@dataclass(frozen=True)
class SwapCandidate:
    """Another doctor's vakt the cell's doctor could take in exchange."""

    shift: Any  # solver.problem.Shift
    doctor_id: str
    doctor_name: str
    days_away: int  # from the cell's vakt (negative: before it)

    def search_text(self) -> str:
        s = self.shift
        return " ".join((WEEKDAY_NAMES[s.start.weekday()], f"{s.start:%d.%m.%Y}", s.label,
                         s.template, self.doctor_name)).casefold()


@dataclass(frozen=True)
class SwapCheck:
    """What a swap would do, as the independent checker sees it: the hard rules it would
    break that the rota does not break now (``regel: melding``), and other news (a bakvakt
    nobody needs any more)."""

    breaks: list[str]
    notes: list[str]

    def rules(self) -> list[str]:
        """The names of the rules broken, each once, in order (``Minste hviletid``)."""
        return list(dict.fromkeys(b.split(": ", 1)[0] for b in self.breaks))


class SwapCandidateModel(QAbstractTableModel):
    """The candidates, one row each; the verdict column is checked when first shown."""

    HEADERS = ("Dato", "Vakt", "Lege", "Harde regler byttet bryter")

    def __init__(self, candidates: Sequence[SwapCandidate],
                 check: Callable[[SwapCandidate], SwapCheck]) -> None:
        super().__init__()
        self.candidates = list(candidates)
        self._check = check
        self._checked: dict[int, SwapCheck] = {}

    def verdict(self, row: int) -> SwapCheck:
        if row not in self._checked:
            self._checked[row] = self._check(self.candidates[row])
        return self._checked[row]

    def known(self, row: int) -> SwapCheck | None:
        """The verdict if the row has been checked, without checking it."""
        return self._checked.get(row)

    def tell_checked(self, done: Sequence[int]) -> None:
        """Tell the views that these rows (ascending) have just been checked: a filter on the
        verdict may list them now."""
        start = None
        for i, row in enumerate(done):  # one dataChanged for each run of neighbouring rows
            if start is None:
                start = row
            if i + 1 == len(done) or done[i + 1] != row + 1:
                self.dataChanged.emit(self.index(start, 0), self.index(row, len(self.HEADERS) - 1))
                start = None

    def checked_count(self) -> int:
        """How many candidates have been checked so far (tests: only what is shown)."""
        return len(self._checked)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.candidates)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.candidates[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return c
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return day_text(c.shift)
            if col == 1:
                return vakt_text(c.shift)
            if col == 2:
                return c.doctor_name
            rules = self.verdict(index.row()).rules()  # each message in the tooltip
            return "✖ " + "; ".join(rules) if rules else "✔ ingen"
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return QBrush(BROKEN_FG if self.verdict(index.row()).breaks else FREE_FG)
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            breaks = self.verdict(index.row()).breaks
            return "\n".join(breaks) if breaks else "Byttet bryter ingen hard regel."
        return None


class SwapFilter(QSortFilterProxyModel):
    """The candidates of one doctor (or all) whose date, weekday, vakttype, station or
    doctor contains every word searched for; with ``only_free``, only those checked and
    found to break no hard rule (rows not checked yet are hidden too: the proxy never
    checks, it only reads what is known)."""

    def __init__(self) -> None:
        super().__init__()
        self.doctor_id: str | None = None
        self.words: list[str] = []
        self.only_free = False
        self._texts: dict[int, str] = {}  # search text per source row, made once

    def set_only_free(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_free = on
        self.endFilterChange()

    def set_doctor(self, doctor_id: str | None) -> None:
        self.beginFilterChange()
        self.doctor_id = doctor_id
        self.endFilterChange()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.endFilterChange()

    def matches(self, row: int) -> bool:
        """Whether the doctor and search filters let the source row through."""
        c: SwapCandidate = self.sourceModel().candidates[row]  # type: ignore[attr-defined]
        if self.doctor_id is not None and c.doctor_id != self.doctor_id:
            return False
        if not self.words:
            return True
        text = self._texts.get(row)
        if text is None:
            text = self._texts[row] = c.search_text()
        return all(w in text for w in self.words)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        if not self.matches(row):
            return False
        if not self.only_free:
            return True
        verdict = self.sourceModel().known(row)  # type: ignore[attr-defined]
        return verdict is not None and not verdict.breaks


class SwapDialog(QDialog):
    """Choose the vakt to swap the cell's vakt with. ``chosen`` is the candidate after OK."""

    def __init__(self, shift: Any, role: str, doctor_name: str,
                 candidates: Sequence[SwapCandidate], doctors: Sequence[tuple[str, str]],
                 check: Callable[[SwapCandidate], SwapCheck], parent: Any = None) -> None:
        """``shift``/``role``/``doctor_name``: the cell's vakt and who has it; ``doctors``:
        (id, name) of the doctors to filter by; ``check``: what a swap would break."""
        super().__init__(parent)
        self.setWindowTitle("Bytt vakt")
        self.shift = shift
        self.doctor_name = doctor_name
        self.chosen: SwapCandidate | None = None
        what = "bakvakt" if role == "bakvakt" else "vakt"
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>Bytt {what}: {day_text(shift)} {vakt_text(shift)} — "
                         f"{doctor_name}</b>")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        intro = QLabel(f"Velg vakten {doctor_name} skal ta i bytte; legen som har den, tar "
                       f"{day_text(shift)}. Nærmeste datoer står først. ✔: byttet bryter ingen "
                       "hard regel. ✖: reglene byttet ville bryte (sjekket av kontrollen, som "
                       "etter hver endring). Begge vaktene låses, så en ny løsing beholder dem.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Lege:"))
        self.doctor_combo = QComboBox()
        self.doctor_combo.addItem("(alle leger)", None)
        for doctor_id, name in doctors:
            self.doctor_combo.addItem(name, doctor_id)
        self.doctor_combo.setMinimumContentsLength(16)
        bar.addWidget(self.doctor_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel("Søk:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("dato (14.03), ukedag, vakttype eller stasjon")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("14.03 lørdag natt") + 40)
        bar.addWidget(self.search, 1)
        bar.addSpacing(12)
        self.only_free = QCheckBox("&Bare bytter uten brudd på harde regler")
        self.only_free.setToolTip("Kontrollerer alle vaktene i listen, nærmeste datoer først, og "
                                  "viser bare byttene som ikke bryter noen hard regel. Vakter som "
                                  "ikke er kontrollert ennå, er skjult til de er det. Myke regler "
                                  "(f.eks. ønsket firedelt vakt) kan et bytte fortsatt bryte; "
                                  "Kontroll-linjen teller dem etter byttet.")
        bar.addWidget(self.only_free)
        layout.addLayout(bar)
        self.model = SwapCandidateModel(candidates, check)
        self.proxy = SwapFilter()
        self.proxy.setSourceModel(self.model)
        self.table = row_picker(self.proxy)
        self.table.setWordWrap(False)  # one line a vakt; the rules broken in full below the table
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        # fixed widths: sizing to contents would check every candidate to measure its verdict
        for col, width in enumerate((110, 290, 160)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self._confirm())
        # at the dialog's smallest, still a handful of vakter to choose from
        self.table.setMinimumHeight(6 * self.table.verticalHeader().defaultSectionSize()
                                    + header.sizeHint().height() + 4)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #555;")
        layout.addWidget(self.count_label)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setMinimumHeight(3 * self.detail.fontMetrics().lineSpacing())
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Bytt")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.doctor_combo.currentIndexChanged.connect(
            lambda _i: self._filtered(lambda: self.proxy.set_doctor(self.doctor_combo.currentData())))
        self.search.textChanged.connect(lambda text: self._filtered(lambda: self.proxy.set_search(text)))
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._row_changed())
        # «Bare bytter uten brudd på harde regler»: the rows still to check, in order, and how far
        self._pending: list[int] = []
        self._next = 0
        self._considered = 0  # rows the doctor and search filters let through
        self._sweep = QTimer(self)  # a child: it dies with the dialog
        self._sweep.setInterval(0)
        self._sweep.timeout.connect(self._check_chunk)
        # the nearest swap that breaks no hard rule, looked for when the list opens or its
        # filters change (unless the vakt chosen is still listed), until the leader chooses
        self._seek = QTimer(self)
        self._seek.setInterval(0)
        self._seek.timeout.connect(self._seek_chunk)
        self._seek_next = 0  # the next listed row to look at
        self._seeking = False
        self._choosing = False  # the dialog, not the leader, is choosing a row
        self.only_free.toggled.connect(lambda on: self._filtered(lambda: self.proxy.set_only_free(on)))
        self._filtered(lambda: None)
        self.table.setFocus()
        # wrapped texts under-report their height in the layout's minimum: keep the intro, the
        # list, its count and two lines of detail clear of one another
        self.setMinimumSize(800, 480)
        self.resize(900, 560)

    # ----- state ------------------------------------------------------------------------------
    def _filtered(self, change: Callable[[], None]) -> None:
        """Apply a filter change; keep the chosen row if it is still listed, else the first."""
        keep = self._source_row()
        change()
        self._restart_checking()
        row = None
        if keep is not None:
            mapped = self.proxy.mapFromSource(self.model.index(keep, 0))
            row = mapped.row() if mapped.isValid() else None
        self._stop_seeking()
        self._select(0 if row is None else row)
        if row is None and not self.proxy.only_free:  # (ticked, every row listed keeps the rules)
            self._start_seeking()
        self._show_count()
        self._show_current()

    # ----- the nearest swap that breaks no hard rule, chosen when the list opens --------------
    def seeking_free(self) -> bool:
        """Whether the dialog is still looking for the nearest swap that breaks no hard rule."""
        return self._seeking

    def _start_seeking(self) -> None:
        self._seek_next = 0
        self._seeking = True
        self._seek_chunk()  # most often a near row will do: chosen before the dialog is shown
        if self._seeking:
            self._seek.start()

    def _stop_seeking(self) -> None:
        self._seeking = False
        self._seek.stop()

    def _seek_chunk(self) -> None:
        """Look at the listed rows, nearest first, until :data:`CHUNK_SECONDS` have passed;
        the first whose swap breaks no hard rule is chosen, and the looking stops."""
        deadline = perf_counter() + CHUNK_SECONDS
        while self._seek_next < self.proxy.rowCount():
            row = self._seek_next
            self._seek_next += 1
            if not self.model.verdict(self.proxy.mapToSource(self.proxy.index(row, 0)).row()).breaks:
                self._stop_seeking()
                self._select(row)
                return
            if perf_counter() >= deadline:
                return
        self._stop_seeking()  # none: the nearest stays chosen

    def _row_changed(self) -> None:
        if not self._choosing:  # the leader chose: no more looking
            self._stop_seeking()
        self._show_current()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if not self.proxy.only_free or not self._considered:  # (or no vakt passes the search)
            self.count_label.setText(f"{vakter(shown)} vist av {thousands(total)}"
                                     if shown != total else vakter(total))
        elif self.checking():
            done = self._considered - (len(self._pending) - self._next)
            self.count_label.setText(f"Kontrollerer … {thousands(done)} av {vakter(self._considered)}"
                                     f" – {bytter(shown)} uten brudd på harde regler så langt")
        else:
            found = f"{bytter(shown)} uten brudd på harde regler" if shown else "Ingen bytte uten brudd på harde regler"
            self.count_label.setText(f"{found} ({vakter(self._considered)} kontrollert"
                                     + (f" av {thousands(total)})" if self._considered != total else ")"))

    # ----- «Bare bytter uten brudd på harde regler»: checking in chunks on the GUI thread ------------------
    def checking(self) -> bool:
        """Whether rows are still being checked for «Bare bytter uten brudd på harde regler»."""
        return self._sweep.isActive()

    def _restart_checking(self) -> None:
        """Ticked: check the rows the filters let through that are not checked yet, nearest
        first (the candidates' order); unticked: stop, and be lazy again."""
        self._pending, self._next, self._considered = [], 0, 0
        if self.proxy.only_free:
            matching = [r for r in range(self.model.rowCount()) if self.proxy.matches(r)]
            self._considered = len(matching)
            self._pending = [r for r in matching if self.model.known(r) is None]
        if self._pending:
            self._sweep.start()
        else:
            self._sweep.stop()

    def _check_chunk(self) -> None:
        """One turn of the timer: check rows until :data:`CHUNK_SECONDS` have passed."""
        deadline = perf_counter() + CHUNK_SECONDS
        done = []
        while self._next < len(self._pending):
            row = self._pending[self._next]
            self._next += 1
            if self.model.known(row) is None:
                self.model.verdict(row)
                done.append(row)
                if perf_counter() >= deadline:
                    break
        if self._next >= len(self._pending):
            self._sweep.stop()
        self.model.tell_checked(done)  # the proxy lists those that break no rule
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self._select(0)  # the first swap found: chosen, as when the list opens
        self._show_count()
        if not self.table.currentIndex().isValid():
            self._show_current()  # «Ingen bytte …» once the checking is done

    def done(self, result: int) -> None:
        """OK, Avbryt, Esc or the window's close button: stop checking."""
        self._sweep.stop()
        self._stop_seeking()
        super().done(result)

    def _source_row(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else None

    def current(self) -> SwapCandidate | None:
        """The vakt chosen in the list now (None when none is listed)."""
        row = self._source_row()
        return None if row is None else self.model.candidates[row]

    def current_check(self) -> SwapCheck | None:
        """What swapping with the chosen vakt would break, as the dialog shows it."""
        row = self._source_row()
        return None if row is None else self.model.verdict(row)

    def _show_current(self) -> None:
        c = self.current()
        self.ok_button.setEnabled(c is not None)
        if c is None:
            if not self.proxy.only_free or not self._considered:
                self.detail.setText("Ingen vakt passer søket.")
            elif self.checking():
                self.detail.setText("Ingen bytte uten brudd på harde regler funnet ennå …")
            else:
                self.detail.setText("Ingen bytte uten brudd på harde regler: hver av vaktene i listen ville "
                                    "bryte en hard regel. Fjern haken for å se hva de bryter.")
            self.detail.setStyleSheet("")
            self.ok_button.setText("Bytt")
            self._set_enter_swaps(False)
            return
        verdict = self.current_check()
        assert verdict is not None
        deal = (f"{self.doctor_name} tar {day_text(c.shift)} {c.shift.label}; {c.doctor_name} tar "
                f"{day_text(self.shift)} {self.shift.label}.")
        notes = "".join(f" {n[0].upper()}{n[1:]}." for n in verdict.notes)
        if verdict.breaks:
            shown = verdict.breaks[:DETAIL_LINES]
            more = len(verdict.breaks) - len(shown)
            lines = "\n".join(f"• {b}" for b in shown) + (f"\n… og {more} til" if more else "")
            self.detail.setText(f"{deal}{notes} Byttet bryter "
                                f"{count(len(verdict.breaks), 'hard regel', 'harde regler')} "
                                f"(det kan gjøres likevel med «Bytt likevel»; Kontroll viser "
                                f"bruddene):\n{lines}")
            self.detail.setStyleSheet(f"color: {BROKEN_FG.name()};")
            self.ok_button.setText("Bytt likevel")
        else:
            self.detail.setText(f"{deal}{notes} Byttet bryter ingen hard regel.")
            self.detail.setStyleSheet(f"color: {FREE_FG.name()};")
            self.ok_button.setText("Bytt")
        self._set_enter_swaps(not verdict.breaks)

    def _set_enter_swaps(self, on: bool) -> None:
        """«Bytt» is the default button (Enter) only for a swap that breaks no hard rule."""
        self.ok_button.setDefault(on)
        self.ok_button.setAutoDefault(on)

    def _breaks_rules(self) -> bool:
        check = self.current_check()
        return check is not None and bool(check.breaks)

    def _confirm(self) -> None:
        """Enter or a double click on the list: swap, unless the swap breaks a hard rule (then
        it takes a click on «Bytt likevel»; the detail says so)."""
        if not self._breaks_rules():
            self.accept()
            return
        self._show_current()
        self.detail.setText("Enter bytter bare når byttet ikke bryter noen hard regel. Klikk "
                            "«Bytt likevel» for å bytte likevel, eller velg en vakt med ✔.\n"
                            + self.detail.text())
        QApplication.beep()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if Qt.Key(event.key()) in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.ok_button and self.ok_button.isEnabled():
                self.accept()  # Enter on the button itself: chosen knowingly
            else:
                self._confirm()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._show_current()  # the button box makes its first button the default when shown

    # ----- for the window and tests -------------------------------------------------------------
    def choose_row(self, row: int) -> None:
        """Make the ``row``-th listed vakt the chosen one (as the leader does: the dialog no
        longer looks for a swap without breaks to choose)."""
        self._stop_seeking()
        self._select(row)

    def _select(self, row: int) -> None:
        """Choose the ``row``-th listed vakt for the leader (when the list opens or changes)."""
        index = self.proxy.index(row, 0)
        self._choosing = True
        try:
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
            else:
                self.table.setCurrentIndex(QModelIndex())
        finally:
            self._choosing = False

    def choose(self, shift_id: str, doctor_id: str | None = None) -> bool:
        """Choose the listed vakt ``shift_id`` (of ``doctor_id``); False if it is not listed."""
        for row in range(self.proxy.rowCount()):
            c: SwapCandidate = self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole)
            if c.shift.id == shift_id and doctor_id in (None, c.doctor_id):
                self.choose_row(row)
                return True
        return False

    def set_doctor(self, doctor_id: str | None) -> None:
        self.doctor_combo.setCurrentIndex(max(self.doctor_combo.findData(doctor_id), 0))

    def listed(self) -> list[SwapCandidate]:
        return [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole)
                for r in range(self.proxy.rowCount())]

    def texts(self) -> list[str]:
        """Each listed row as shown, columns joined by « | » (checks every listed row)."""
        return [" | ".join(str(self.proxy.index(r, c).data()) for c in range(4))
                for r in range(self.proxy.rowCount())]

    def accept(self) -> None:
        c = self.current()
        if c is None:
            return
        self.chosen = c
        super().accept()
