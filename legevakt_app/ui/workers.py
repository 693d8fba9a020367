"""Long work off the GUI thread: solving, exporting, report questions that re-solve."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QThread, Signal

_START = QEvent.Type(QEvent.registerEventType())  # see Worker.start_after_events


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
        self._start_waiting = False  # see start_after_events

    def cancel(self) -> None:
        self.cancel_event.set()

    def start_after_events(self) -> None:
        """Start once the GUI thread has handled the events already waiting (the window
        redrawn after an edit): a job started at once contends with that redraw for the
        interpreter lock (a ferie marked on stor-legevakt, a loaded machine: drawn 21-24 ms
        after the click's handler instead of 9-10 ms, medians of two runs of ten)."""
        self._start_waiting = True
        QCoreApplication.postEvent(self, QEvent(_START), Qt.EventPriority.LowEventPriority.value)

    def forget_start(self) -> bool:
        """Not to be started after all; True when it was waiting to be (and so never ran)."""
        waiting, self._start_waiting = self._start_waiting, False
        return waiting

    def event(self, event: QEvent) -> bool:
        if event.type() == _START:
            if self._start_waiting:
                self._start_waiting = False
                self.start()
            return True
        return super().event(event)

    def run(self) -> None:  # runs in the worker thread
        try:
            result = self.job(self.progress.emit, self.cancel_event)
        except Exception as err:  # noqa: BLE001 - reported to the user as a message, not a crash
            detail = traceback.format_exc(limit=3)
            self.failed.emit(f"{type(err).__name__}: {err}\n\n{detail}")
            return
        self.done.emit(result)
