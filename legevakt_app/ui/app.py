"""``legevakt gui [PROJECT]``: start the desktop app."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from legevakt_app.cli import resolve_path


def install_excepthook(window: Any) -> None:
    """An unexpected error never ends the app: show it, offer to save a recovery copy."""
    from PySide6.QtWidgets import QMessageBox

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        detail = "".join(traceback.format_exception(kind, value, tb))
        print(detail, file=sys.stderr)
        box = QMessageBox(window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Uventet feil")
        box.setText(f"Det oppstod en feil: {value}\nArbeidet ditt er ikke tapt.")
        box.setDetailedText(detail)
        save = box.addButton("Lagre en gjenopprettingskopi", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is save and getattr(window, "project", None) is not None:
            from legevakt_app.project_io import save_project

            target = Path.home() / "legevakt-gjenoppretting.legevakt.json"
            save_project(window.project, target)
            QMessageBox.information(window, "Lagret", f"Kopi lagret i {target}")

    sys.excepthook = hook


def run_gui(args: argparse.Namespace) -> int:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from legevakt_app.ui.main_window import MainWindow, start_dialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Legevakt")
    app.setOrganizationName("Legevakt")
    window = MainWindow()
    install_excepthook(window)
    project = getattr(args, "project", None)
    if project:
        if not window.open_path(resolve_path(project)):
            print(f"{project}: {window.last_message}", file=sys.stderr)
            return 2
    else:
        choice = start_dialog(window)
        if choice is None:
            return 0
        if choice == "new":
            window.new_project()
        else:
            window.open_path(choice)
    window.show()
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and os.environ.get("LEGEVAKT_NO_LOOP"):
        return 0
    return int(app.exec())
