"""Small dialogs: the start screen, the doctor picker for a rota cell, solve progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

SAMPLE_TITLES = {
    "liten-kommune": "Liten kommune — 4 fastleger, døgnvakt (firelegegrensen)",
    "interkommunal": "Interkommunal legevakt — 5 kommuner, 3 satellitter, 14 leger",
    "stor-legevakt": "Stor legevakt — 40 leger, 52 uker",
}


class StartDialog(QDialog):
    """Shown when the app starts without a project: the samples and the recent files."""

    def __init__(self, samples: dict[str, Path], recent: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Legevakt — velg et distrikt")
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Åpne et eksempeldistrikt eller en nylig brukt fil</b>"))
        self.list = QListWidget()
        for name, path in samples.items():
            item = QListWidgetItem(f"Eksempel: {SAMPLE_TITLES.get(name, name)}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)
        for path in recent:
            item = QListWidgetItem(f"Nylig: {path}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        new = QPushButton("Nytt distrikt")
        buttons.addButton(new, QDialogButtonBox.ButtonRole.ActionRole)
        new.clicked.connect(self._new)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.new_requested = False
        self.resize(620, 320)

    def _new(self) -> None:
        self.new_requested = True
        self.accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None and not self.new_requested:
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        super().accept()


class PickDoctorDialog(QDialog):
    """Choose who takes a rota cell. Each doctor is listed with the rules that choice would
    break (from the independent checker), the free ones first."""

    def __init__(self, title: str, options: list[tuple[str | None, str, list[str]]],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Velg lege")
        self.chosen: str | None = None
        self.chose = False
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{title}</b>"))
        layout.addWidget(QLabel("Grønn: bryter ingen regler. Rød: regelbrudd står bak navnet."))
        self.list = QListWidget()
        for doctor_id, name, problems in options:
            text = name if not problems else f"{name} — " + "; ".join(problems)
            item = QListWidgetItem(("✔ " if not problems else "✖ ") + text)
            item.setData(Qt.ItemDataRole.UserRole, doctor_id)
            item.setForeground(Qt.GlobalColor.darkGreen if not problems else Qt.GlobalColor.darkRed)
            item.setToolTip(text)
            self.list.addItem(item)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            self.chose = True
        super().accept()
