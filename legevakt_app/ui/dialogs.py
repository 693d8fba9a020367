"""Small dialogs: the start screen, the doctor picker for a rota cell, progress of long work,
the explanation when no rota exists, the next period with its vaktregnskap."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from legevakt_app.ui.date_edit import DateEdit
from legevakt_app.wording import LEVEL_NAMES, count, level_value

SAMPLE_TITLES = {
    "liten-kommune": "Liten kommune — 4 fastleger, døgnvakt (firelegegrensen)",
    "interkommunal": "Interkommunal legevakt — 5 kommuner, 3 satellitter, 14 leger",
    "stor-legevakt": "Stor legevakt — 40 leger, 52 uker",
}


class StartDialog(QDialog):
    """Shown when the app starts without a project: the recent files (the latest one chosen,
    so Enter reopens yesterday's work), the samples, and a button to open any other file."""

    def __init__(self, samples: dict[str, Path], recent: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Legevakt — velg et distrikt")
        self.chosen: Path | None = None
        self.recent = recent
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Åpne en nylig brukt fil eller et eksempeldistrikt</b>"))
        self.list = QListWidget()
        first_existing = None
        for path in recent:
            missing = not Path(path).exists()
            item = QListWidgetItem(f"Nylig: {path}" + (" (finnes ikke lenger)" if missing else ""))
            item.setData(Qt.ItemDataRole.UserRole, path)
            if missing:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            elif first_existing is None:
                first_existing = self.list.count()
            self.list.addItem(item)
        for name, path in samples.items():
            item = QListWidgetItem(f"Eksempel: {SAMPLE_TITLES.get(name, name)}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            if first_existing is None:
                first_existing = self.list.count()
            self.list.addItem(item)
        self.list.setCurrentRow(first_existing if first_existing is not None else 0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.open_file_button = QPushButton("Åpne fil …")
        self.open_file_button.setToolTip("Åpne et prosjekt som ikke står i listen")
        buttons.addButton(self.open_file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_file_button.clicked.connect(self.open_file)
        self.new_button = QPushButton("Nytt distrikt")
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.clicked.connect(self._new)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.new_requested = False
        self.resize(720, 340)

    def _new(self) -> None:
        self.new_requested = True
        self.accept()

    def open_file(self) -> None:
        """Choose a project file anywhere (starting in the folder of the latest file)."""
        from PySide6.QtWidgets import QFileDialog

        folder = next((str(Path(p).parent) for p in self.recent if Path(p).parent.is_dir()),
                      str(Path.home()))
        name, _ = QFileDialog.getOpenFileName(self, "Åpne distrikt", folder,
                                              "Legevakt-prosjekt (*.legevakt.json *.json)")
        if name:
            self.chosen = Path(name)
            super().accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None and not self.new_requested:
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        super().accept()


RULE_LINE_CHARS = 100  # the rule column of the doctor picker holds about this many characters


class PickDoctorDialog(QDialog):
    """Choose who takes a rota cell. Each doctor is listed with the rules that choice would
    break (from the independent checker), the free ones first."""

    def __init__(self, title: str, options: list[tuple[Any, ...]],
                 parent: Any = None, current: str | None = None) -> None:
        """``options``: (doctor id or None for «leave empty», name, hard rules the choice
        breaks[, soft limits it goes beyond — allowed, counted in the fairness])."""
        super().__init__(parent)
        self.setWindowTitle("Velg lege")
        self.chosen: str | None = None
        self.chose = False
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        free = sum(1 for doctor_id, _n, problems, *_ in options if doctor_id and not problems)
        self.summary = QLabel(f"{count(free, 'lege', 'leger')} kan ta vakten uten å bryte noen "
                              "hard regel (✔); for dem står det om valget går ut over en myk "
                              "regel (tillatt, men telt i fordelingen). For de andre står "
                              "reglene valget ville bryte.")
        layout.addWidget(self.summary)
        self.list = QTreeWidget()
        self.list.setColumnCount(2)
        self.list.setHeaderLabels(["Lege", "Regler som brytes"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)  # the whole rule, wrapped
        self.list.setUniformRowHeights(False)
        for doctor_id, name, problems, *rest in options:
            soft = rest[0] if rest else []
            mark = "✔ " if not problems else "✖ "
            # wrapped here: the tree view measures its rows before the column has its width,
            # and would cut a long rule at the edge
            lines = problems or (["ingen hard regel; " + "; ".join(soft)] if soft else ["ingen"])
            text = "\n".join(textwrap.fill(p, RULE_LINE_CHARS, subsequent_indent="    ")
                             for p in lines)
            if doctor_id is None:  # leaving the cell empty: what it breaks, if anything
                mark, text = ("", problems[0]) if problems else ("✔ ", "ingen (trengs ikke)")
            item = QTreeWidgetItem([mark + name + (" (nå)" if doctor_id and doctor_id == current else ""),
                                    text])
            item.setData(0, Qt.ItemDataRole.UserRole, doctor_id)
            colour = Qt.GlobalColor.darkGreen if not problems else Qt.GlobalColor.darkRed
            item.setForeground(0, colour)
            item.setToolTip(1, text)
            self.list.addTopLevelItem(item)
        self.list.setColumnWidth(0, 210)
        self.list.itemDoubleClicked.connect(lambda _i, _c: self.accept())
        # the doctor on the cell now is chosen to start with, so Enter changes nothing
        start = next((i for i, (d, *_) in enumerate(options) if current and d == current),
                     next((i for i, (d, _n, p, *_) in enumerate(options) if d and not p), 0))
        self.list.setCurrentItem(self.list.topLevelItem(start))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sett på vakt")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(880, 500)

    def texts(self) -> list[str]:
        """Each line as shown: name column and rules column."""
        return [f"{self.list.topLevelItem(i).text(0)} — {self.list.topLevelItem(i).text(1)}"
                for i in range(self.list.topLevelItemCount())]

    def choose_row(self, row: int) -> None:
        self.list.setCurrentItem(self.list.topLevelItem(row))

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = item.data(0, Qt.ItemDataRole.UserRole)
            self.chose = True
        super().accept()


LEVEL_UNITS = {
    "feasibility": "Motoren leter etter en turnus som oppfyller alle reglene.",
    "moves": "Tallet er hvor mange tildelinger som flyttes fra den publiserte turnusen.",
    "fairness": "Tallet er vakttimene til den mest belastede legen, vektet (med vakttypens "
                "vekt; bakvakt teller mindre) og regnet per full vaktandel: lavere er mer "
                "rettferdig. Ingen turnus kan komme under grensen.",
    "fairness_others": "Der nivå 1 er en lege reglene tvinger langt over de andre (en vikar "
                       "med liten andel som alene kan ta noen vakter, en lege som beholder "
                       "vaktene sine i en reparasjon), jevnes de andres belastning ut for seg: "
                       "tallet er den mest belastede av dem, per full vaktandel.",
    "balance": "Tallet er poeng for det som er ujevnt fordelt: natt-, helge- og høytidsvakter "
               "utover legens rettferdige antall, og vakter tettere enn ønsket. 0 er helt "
               "jevnt; lavere er bedre. Timene til den mest belastede legen får øke med høyst "
               "rettferdighetsmarginen{margin} for å jevne ut dette.",
    "sharing": "Der ingen turnus holder alle innenfor sitt rettferdige antall netter, helger "
               "og høytid, deles det som er utenfor: den første vakten utenfor teller 1, den "
               "andre 2 og så videre. 0: ingen ligger mer enn én vakt utenfor.",
    "wishes": "Tallet er ønsker som ikke blir oppfylt; rettferdigheten (med marginen) og "
              "fordelingen av netter, helger og høytid holdes fast.",
}
LEVEL_VALUE_UNITS = {  # what the best value counts, next to it (and next to the bound)
    "fairness": "t per full vaktandel",
    "fairness_others": "t per full vaktandel",
    "moves": "flyttede tildelinger",
    "balance": "poeng for ujevn fordeling",
    "sharing": "poeng for det som er utenfor",
    "wishes": "uoppfylte ønsker",
}
for _round in ("fairness_others2", "fairness_others3"):  # the same words in every round
    LEVEL_UNITS[_round] = LEVEL_UNITS["fairness_others"]
    LEVEL_VALUE_UNITS[_round] = LEVEL_VALUE_UNITS["fairness_others"]
LOCAL_SEARCH = {
    "fairness": "Lokalt søk: flytter vakter fra de mest belastede legene. Grensen er timene "
                "per full vaktandel ved helt jevn fordeling.",
    "balance": "Lokalt søk: bytter vakter mellom leger for å jevne ut netter, helger og "
               "avstand, innenfor rettferdighetsmarginen{margin}. Tallet er poeng for det som "
               "er ujevnt fordelt: 0 er helt jevnt, lavere er bedre.",
}


def is_local_search(progress: Any) -> bool:
    """The engine's local search reports without solutions (CP-SAT reports its count) and,
    at level 2, with a bound of 0 that proves nothing."""
    return progress.solutions == 0 and progress.objective is not None


class WorkProgressDialog(QDialog):
    """Progress of long work in a worker thread, with cancel.

    ``set_progress`` only stores the latest report (the engine may report many times a
    second); a 10 Hz timer draws it and the elapsed time, so the GUI thread does a fixed,
    small amount of work however often the engine reports. Esc, closing the window and the
    button all ask to cancel; the window closes the dialog when the work has stopped.
    """

    cancel_requested = Signal()

    def __init__(self, title: str, parent: Any = None, engine: bool = True,
                 margin: float | None = None, time_limit: float | None = None) -> None:
        super().__init__(parent)
        self.margin = margin  # the rules' fairness margin (share of perfect fairness)
        # the engine stops by then with the best rota so far (it stops earlier once proven)
        self.time_limit = time_limit
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.latest: Any = None
        self.fairness: tuple[float, float | None] | None = None  # level 1: best, bound
        self.cancelling = False
        self.clock = QElapsedTimer()
        self.clock.start()
        layout = QVBoxLayout(self)
        self.heading = QLabel(f"<b>{title if title.endswith('…') else title + ' …'}</b>")
        layout.addWidget(self.heading)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        layout.addWidget(bar)
        form = QFormLayout()
        self.elapsed_label = QLabel("0 s")
        form.addRow("Tid:", self.elapsed_label)
        self.level_label = QLabel("–")
        self.best_label = QLabel("–")
        self.bound_label = QLabel("–")
        self.gap_label = QLabel("–")
        self.fairness_label = QLabel("–")
        self.hint = QLabel(LEVEL_UNITS["feasibility"])
        if engine:
            form.addRow("Nivå:", self.level_label)
            form.addRow("Beste så langt:", self.best_label)
            form.addRow("Ingen turnus under:", self.bound_label)
            form.addRow("Kan bli bedre med:", self.gap_label)
            form.addRow("Rettferdighet:", self.fairness_label)
            self.hint.setWordWrap(True)
            self.hint.setStyleSheet("color: #555;")
            self.hint.setMinimumHeight(self.hint.fontMetrics().lineSpacing() * 5)
            self.fairness_label.setWordWrap(True)
            form.addRow(self.hint)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch()
        self.cancel_button = QPushButton("Avbryt (Esc)")
        self.cancel_button.setToolTip("Stopp og behold den beste turnusen så langt")
        self.cancel_button.clicked.connect(self.request_cancel)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.render)
        self.timer.start()
        self.setMinimumWidth(560 if engine else 460)

    def set_progress(self, progress: Any) -> None:
        if isinstance(progress, str):  # a step of work that is not one engine run
            self.heading.setText(f"<b>{escape(progress)}</b>")
            return
        self.latest = progress
        if progress.level == "fairness" and progress.objective is not None:
            self.fairness = (progress.objective, progress.bound)

    def _unit_text(self, texts: dict[str, str], level: str) -> str:
        margin = "" if self.margin is None else f" ({self.margin * 100:g} %)".replace(".", ",")
        return texts.get(level, "").format(margin=margin)

    def render(self) -> None:
        limit = f" av høyst {self.time_limit:.0f} s" if self.time_limit else ""
        self.elapsed_label.setText(f"{self.clock.elapsed() / 1000:.0f} s{limit}")
        p = self.latest
        if p is None:
            return
        local = is_local_search(p)
        name = LEVEL_NAMES.get(p.level, p.level)
        self.level_label.setText(f"{name} (lokalt søk)" if local and p.level in LOCAL_SEARCH else name)
        self.hint.setText(self._unit_text(LOCAL_SEARCH if local and p.level in LOCAL_SEARCH
                                          else LEVEL_UNITS, p.level))
        fairness_unit = LEVEL_VALUE_UNITS["fairness"]
        if self.fairness is not None:
            best, bound = self.fairness
            text = f"beste {level_value('fairness', best)} {fairness_unit}"
            if bound is not None:
                text += f" (ingen turnus under {level_value('fairness', bound)})"
            self.fairness_label.setText(text)
        bound = None if (local and p.level == "balance") else p.bound  # 0 proves nothing
        unit = LEVEL_VALUE_UNITS.get(p.level, "")
        for label, value in ((self.best_label, p.objective), (self.bound_label, bound)):
            label.setText(f"{level_value(p.level, value)} {unit if value is not None else ''}".rstrip())
        if p.objective and bound is not None:
            # the best so far is at most this much above what any rota can reach
            gap = max(0.0, (p.objective - bound) / abs(p.objective))
            self.gap_label.setText("høyst " + f"{gap:.1%}".replace(".", ",").replace("%", " %"))
        else:
            self.gap_label.setText("–")

    def summary(self) -> str:
        """What the dialog shows, as one line (for tests and the status bar)."""
        self.render()
        return (f"tid {self.elapsed_label.text()}, nivå {self.level_label.text()}, beste så langt "
                f"{self.best_label.text()}, ingen turnus under {self.bound_label.text()}, kan bli "
                f"bedre med {self.gap_label.text()}, rettferdighet {self.fairness_label.text()}")

    def request_cancel(self) -> None:
        if self.cancelling:
            return
        self.cancelling = True
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Avbryter …")
        self.heading.setText("<b>Avbryter — beholder det beste så langt …</b>")
        self.cancel_requested.emit()

    def reject(self) -> None:  # Esc, the window's close button
        self.request_cancel()

    def finish(self) -> None:
        self.timer.stop()
        self.done(0)
        self.deleteLater()


def group_messages(messages: list[str]) -> list[str]:
    """The engine explains shift by shift (``"01.03 Natt: trenger 1 leger … har ferie"``);
    the same reason on many shifts is said once, with how many and which."""
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for message in messages:
        m = re.match(r"^(\d{2}\.\d{2} [^:]+): (.+)$", message)
        key = m[2] if m else message
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(m[1] if m else "")
    out = []
    for key in order:
        key_text = _group_rules(key)
        where = [w for w in groups[key] if w]
        if not where:
            out.append(key_text)
        elif len(where) == 1:
            out.append(f"{where[0]}: {key_text}")
        elif len(where) <= 3:
            out.append(f"{len(where)} vakter ({', '.join(where)}): {key_text}")
        else:
            out.append(f"{len(where)} vakter, fra {where[0]} til {where[-1]}: {key_text}")
    return out


def _group_rules(text: str) -> str:
    """``Regel (Kari); Regel (Ola); Annen`` → ``Regel (Kari, Ola); Annen``."""
    head, sep, tail = text.partition(": ")
    parts = tail.split("; ") if sep else []
    if len(parts) < 2 or not all(re.fullmatch(r"[^()]+( \([^()]*\))?", p) for p in parts):
        return text
    grouped: dict[str, list[str]] = {}
    for part in parts:
        m = re.fullmatch(r"([^()]+?)(?: \(([^()]*)\))?", part)
        assert m is not None
        grouped.setdefault(m[1], [])
        if m[2]:
            grouped[m[1]].append(m[2])
    return head + ": " + "; ".join(f"{rule} ({', '.join(who)})" if who else rule
                                   for rule, who in grouped.items())


class ExplanationDialog(QDialog):
    """Why no rota exists, in plain Norwegian, with links to the doctors and dates involved
    and the engine's suggested relaxations. ``link_activated(kind, value)``: kind is
    ``"doctor"`` (doctor id), ``"date"`` (ISO date) or ``"rules"``. ``applicable``: the
    indexes of the relaxations the app can make itself; each gets a «Bruk» button, which
    emits ``fix_chosen(index)``."""

    link_activated = Signal(str, str)
    fix_chosen = Signal(int)

    def __init__(self, status_text: str, messages: list[str], relaxations: list[str],
                 links: list[tuple[str, str, str]], parent: Any = None,
                 applicable: tuple[int, ...] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ingen turnus finnes")
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{escape(status_text)}</b>")
        head.setWordWrap(True)
        layout.addWidget(head)
        self.messages = group_messages(messages)
        html = "<p><b>Hvorfor:</b></p><ul>" + "".join(
            f"<li>{escape(m)}</li>" for m in self.messages) + "</ul>"
        if relaxations:
            html += ("<p><b>Dette ville gjort en turnus mulig:</b></p><ul>"
                     + "".join(f"<li>{escape(r)}</li>" for r in relaxations) + "</ul>")
        else:
            html += ("<p><b>Hva kan gjøres:</b> motoren fant ingen regel å lette på alene. Se på "
                     "fraværet og fritakene til legene under, eller legg til en lege eller vikar.</p>")
        self.text = QTextBrowser()
        self.text.setHtml(html)
        self.text.setOpenLinks(False)
        layout.addWidget(self.text, 3)
        self.fix_buttons: list[QPushButton] = []
        for i in applicable:
            button = QPushButton(f"Bruk: {relaxations[i]}")
            button.setToolTip("Endrer reglene eller prosjektet slik (kan angres med Ctrl+Z); "
                              "lag turnus på nytt etterpå (F5).")
            button.clicked.connect(lambda _=False, i=i: self.fix_chosen.emit(i))
            layout.addWidget(button)
            self.fix_buttons.append(button)
        layout.addWidget(QLabel("<b>Gå til</b> (dobbeltklikk eller Enter):"))
        self.links = QListWidget()
        for kind, value, text in links:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (kind, value))
            self.links.addItem(item)
        self.links.itemActivated.connect(self._activated)
        self.links.itemDoubleClicked.connect(self._activated)
        layout.addWidget(self.links, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Lukk")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def _activated(self, item: QListWidgetItem) -> None:
        kind, value = item.data(Qt.ItemDataRole.UserRole)
        self.link_activated.emit(kind, value)


IMPORT_WHAT = {"doctors": ("leger", "leger"), "absences": ("fravær", "fravaer")}  # text, file stem
ACTION_TEXT = {"ny lege": "ny lege", "oppdaterer lege": "oppdaterer lege",
               "nytt fravær": "nytt fravær", "finnes alt": "finnes alt (hoppes over)"}


def _table(headers: list[str], rows: list[tuple[str, ...]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    for c in range(len(headers) - 1):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    table.resizeRowsToContents()
    return table


class ImportPreviewDialog(QDialog):
    """What an import from a spreadsheet would do, before anything changes: every row that
    will be added (or update a doctor) and every problem in the file, with its row and
    column as Excel shows them. «Importer» is offered only for a file without problems;
    the window applies the import when the dialog is accepted."""

    def __init__(self, preview: Any, templates: Path, parent: Any = None,
                 changes: dict[int, str] | None = None,
                 on_replace: Callable[[bool], None] | None = None) -> None:
        """``on_replace``: for an absence list, called with the state of «the file is the
        whole list» when the leader changes it (the window reads the file again)."""
        super().__init__(parent)
        what, stem = IMPORT_WHAT[preview.kind]
        details = changes or {}
        self.preview = preview
        self.setWindowTitle(f"Importer {what} — forhåndsvisning")
        layout = QVBoxLayout(self)
        changes = preview.changes
        self.changes = len(changes)
        if preview.problems:
            verdict = (f"{count(len(preview.problems), 'problem', 'problemer')} i filen. Ingenting blir importert før "
                       "de er rettet i regnearket; les inn filen på nytt etterpå.")
        elif not changes:
            verdict = "Alt i filen finnes alt i prosjektet; ingenting å importere."
        else:
            verdict = (f"{count(len(changes), 'endring', 'endringer')} klar{'' if len(changes) == 1 else 'e'}. Ingenting endres før du trykker "
                       "«Importer»; importen kan angres i ett steg (Ctrl+Z).")
        head = QLabel(f"<b>{escape(Path(preview.source).name)}</b><br>{escape(verdict)}")
        head.setWordWrap(True)
        layout.addWidget(head)
        self.replace_box: QCheckBox | None = None
        if preview.kind == "absences" and on_replace is not None:
            self.replace_box = QCheckBox(
                "Filen er hele fraværslisten for legene i den: fravær av typene i filen i "
                "turnusperioden som ikke står der, fjernes, og et fravær med andre dager (kortere "
                "ferie) får filens dager")
            self.replace_box.setChecked(bool(preview.replace))
            self.replace_box.toggled.connect(on_replace)
            layout.addWidget(self.replace_box)
        self.problem_table: QTableWidget | None = None
        if preview.problems:
            layout.addWidget(QLabel(f"<b>Problemer ({len(preview.problems)})</b>"))
            self.problem_table = _table(
                ["Rad", "Kolonne", "Problem"],
                [(str(p.row) if p.row else "hele filen", p.column or "hele raden", p.message)
                 for p in preview.problems])
            layout.addWidget(self.problem_table, 2)
        layout.addWidget(QLabel(f"<b>Blir importert ({len(changes)})</b>" if not preview.problems
                                else f"<b>Rader uten problemer ({len(preview.rows)})</b>"))
        self.row_table = _table(["Rad", "Endring", "Innhold"],
                                [(str(r.row) if r.row else "–",  # no row: a removal
                                  ACTION_TEXT.get(r.action, r.action),
                                  r.text + (f" — {details[r.row]}" if r.row in details else ""))
                                 for r in preview.rows])
        layout.addWidget(self.row_table, 3)
        folder = templates.resolve()
        note = QLabel(
            f"Maler: <a href='{folder.as_uri()}'>{escape(str(folder))}</a> — "
            f"<i>{stem}.xlsx</i> / <i>{stem}.csv</i> (bare overskrifter) og "
            f"<i>{stem}-eksempel.xlsx</i> (med eksempelrader). README.md der forklarer hver kolonne. "
            "Rad 1 er overskriftene; radnumrene over er slik Excel viser dem.")
        note.setWordWrap(True)
        note.setOpenExternalLinks(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            f"Importer {self.changes}" if changes and not preview.problems else "Importer",
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(changes) and not preview.problems)
        cancel = buttons.addButton("Avbryt" if self.import_button.isEnabled() else "Lukk",
                                   QDialogButtonBox.ButtonRole.RejectRole)
        (self.import_button if self.import_button.isEnabled() else cancel).setDefault(True)
        self.cancel_button = cancel
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 520)

    def texts(self) -> list[str]:
        """The rows as shown (``rad 3: ny lege: Jonas Bakke (…)``), problems first."""
        out = []
        for table, prefix in ((self.problem_table, "problem"), (self.row_table, "")):
            if table is None:
                continue
            for r in range(table.rowCount()):
                cells = [table.item(r, c).text() for c in range(table.columnCount())]
                out.append(f"{prefix + ': ' if prefix else ''}rad {cells[0]}: {cells[1]}: {cells[2]}")
        return out


class NextPeriodDialog(QDialog):
    """The next period and the vaktregnskap it takes over: each doctor's carried hours and
    counts (shown before anything is saved) and the new period's dates. Accepted, the window
    asks where to save the new project."""

    def __init__(self, carried: Any, current: tuple[date, date], parent: Any = None) -> None:
        from legevakt_app.next_period import (
            BALANCE_COLUMNS,
            LEDGER_HEADINGS,
            LEDGER_NOTE,
            ledger_rows,
        )

        super().__init__(parent)
        self.setWindowTitle("Neste periode med vaktregnskap")
        layout = QVBoxLayout(self)
        new = carried.project
        head = QLabel(
            f"<b>Vaktregnskapet fra {current[0]:%d.%m.%Y}–{current[1]:%d.%m.%Y}</b>, ført over "
            "til neste periode. Distriktet, legene, vaktene og reglene følger med; turnusen "
            "lages på nytt. Fritak som varer ut denne perioden, fortsetter; fravær og ønsker "
            "som slutter før ny periode, tas ikke med.")
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        self.start_edit = DateEdit(QDate(new.period.start))
        self.end_edit = DateEdit(QDate(new.period.end))
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._check)
        self.start_edit.setMinimumDate(QDate(new.period.start))
        form.addRow("Ny periode fra", self.start_edit)
        form.addRow("til og med", self.end_edit)
        layout.addLayout(form)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        for edit, name in ((self.start_edit, "Ny periode fra"), (self.end_edit, "til og med")):
            edit.refused.connect(lambda why, name=name: self.problem.setText(
                f"{name}: {why}; datoen er som før."))
        self.table = _table(list(LEDGER_HEADINGS), ledger_rows(carried))
        for r in range(self.table.rowCount()):
            for c in BALANCE_COLUMNS:  # right-aligned like numbers
                self.table.item(r, c).setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.table, 1)
        names = {d.id: d.name for d in new.doctors}
        self.competence = QLabel("<br>".join(
            f"Kompetanse: {escape(names[i])}: {escape(text)}"
            for i, text in carried.competence.items()))  # training doctors: months and vakter
        self.competence.setWordWrap(True)
        if carried.competence:
            layout.addWidget(self.competence)
        note = QLabel(LEDGER_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lagre ny periode …", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def period(self) -> tuple[date, date]:
        return self.start_edit.date().toPython(), self.end_edit.date().toPython()

    def _check(self) -> None:
        from legevakt_app.next_period import period_problem

        text = period_problem(*self.period()) or ""
        self.problem.setText(text[:1].upper() + text[1:])
        self.save_button.setEnabled(not text)
