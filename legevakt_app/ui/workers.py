"""Long work off the GUI thread: solving, exporting, report questions that re-solve."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal


class Worker(QThread):
    """Runs ``job(progress, cancel_event)`` in a thread; emits ``progress(object)`` from the
    job, then ``done(result)`` or ``failed(message)``. ``cancel()`` sets the event the job
    polls (the engine returns its best rota within a second)."""

    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Callable[[Callable[[Any], None], threading.Event], Any]) -> None:
        super().__init__()
        self.job = job
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:  # runs in the worker thread
        try:
            result = self.job(self.progress.emit, self.cancel_event)
        except Exception as err:  # noqa: BLE001 - reported to the user as a message, not a crash
            detail = traceback.format_exc(limit=3)
            self.failed.emit(f"{type(err).__name__}: {err}\n\n{detail}")
            return
        self.done.emit(result)
