"""``legevakt gui [PROJECT]``: start the desktop app."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from legevakt_app.cli import resolve_path


class ErrorReporter:
    """The exception hook: an unexpected error never ends the app. It is shown in a dialog
    (not modal to the event loop: the app keeps running) that offers to save a recovery copy,
    which the next start offers to restore. Repeated errors while the dialog is open are
    added to it rather than opening a dialog each."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.box: Any = None
        self.details: list[str] = []
        self.saved_to: Path | None = None

    def __call__(self, kind: type[BaseException], value: BaseException, tb: Any) -> None:
        detail = "".join(traceback.format_exception(kind, value, tb))
        print(detail, file=sys.stderr)
        try:
            self.show(value, detail)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            traceback.print_exc()

    def show(self, value: BaseException, detail: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.details.append(detail)
        if self.box is not None:
            self.box.setDetailedText("\n".join(self.details))
            self.box.setText(f"Det oppstod {len(self.details)} uventede feil. Siste: {value}")
            return
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Uventet feil")
        box.setText(f"Det oppstod en uventet feil: {value}")
        box.setInformativeText("Programmet kjører videre. Lagre en gjenopprettingskopi av "
                               "arbeidet ditt for sikkerhets skyld; den tilbys neste gang "
                               "Legevakt startes.")
        box.setDetailedText(detail)
        self.save_button = box.addButton("Lagre gjenopprettingskopi",
                                         QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Lukk", QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(self._clicked)
        box.finished.connect(self._closed)
        self.box = box
        box.open()

    def _clicked(self, button: Any) -> None:
        if button is self.save_button:
            self.save_recovery()

    def _closed(self, _result: int) -> None:
        self.box = None
        self.details = []

    def save_recovery(self) -> Path | None:
        """Write the window's project to its recovery file (even if unchanged)."""
        from legevakt_app.recovery import write_recovery

        project = getattr(self.window, "project", None)
        if project is None:
            return None
        try:
            own = getattr(self.window, "write_recovery_copy", None)  # the window's own copy
            self.saved_to = (own() if own is not None
                             else write_recovery(project, getattr(self.window, "path", None)))
        except OSError as err:
            print(f"Kunne ikke lagre gjenopprettingskopi: {err}", file=sys.stderr)
            return None
        status = getattr(self.window, "statusBar", None)
        if status is not None:
            status().showMessage(f"Gjenopprettingskopi lagret: {self.saved_to}", 15000)
        return self.saved_to


def install_excepthook(window: Any) -> ErrorReporter:
    """Route uncaught exceptions (also those raised in Qt slots) to an :class:`ErrorReporter`."""
    reporter = ErrorReporter(window)
    sys.excepthook = reporter
    return reporter


def run_gui(args: argparse.Namespace) -> int:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from legevakt_app.ui.main_window import MainWindow, start_dialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Legevakt")
    app.setOrganizationName("Legevakt")
    from legevakt_app.ui.resources import app_icon

    app.setWindowIcon(app_icon())  # every window and dialog of the app
    window = MainWindow()
    install_excepthook(window)
    window.warm_up()
    project = getattr(args, "project", None)
    restored = window.offer_recoveries()
    if restored:
        pass
    elif project:
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
