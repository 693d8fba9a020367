"""Screenshots of every view for the README: ``python -m legevakt_app.ui.screenshots [FOLDER]``.

Opens the ``interkommunal`` sample, solves it for real, and saves PNGs of each view at
1366×768 (a common laptop screen), the doctor picker, the solve progress, the import
preview, the Belastning and Terskel reports (the doctors-needed question and the scenarios
solved for real) and the explanation shown when no rota exists. Offscreen when there is no
display.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

SIZE = (1366, 768)


def _wait(app: Any, condition: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out")
        app.processEvents()
        time.sleep(0.01)


def _settle(app: Any, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _compose(window: Any, dialog: Any) -> Any:
    """The window with ``dialog`` drawn over its centre, dimmed behind (as a user sees it)."""
    from PySide6.QtGui import QColor, QPainter

    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))
    image = dialog.grab()
    x = (shot.width() - image.width()) // 2
    y = (shot.height() - image.height()) // 2
    painter.fillRect(x - 1, y - 1, image.width() + 2, image.height() + 2, QColor("#555"))
    painter.drawPixmap(x, y, image)
    painter.end()
    return shot


def take(folder: Path, solve_seconds: float = 20.0) -> list[Path]:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LEGEVAKT_DATA_DIR", tempfile.mkdtemp(prefix="legevakt-shots-"))
    from PySide6.QtWidgets import QApplication

    from legevakt_app.cli import SAMPLES_DIR
    from legevakt_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(pixmap: Any, name: str) -> None:
        path = folder / name
        pixmap.save(str(path))
        saved.append(path)

    window = MainWindow()
    # the offscreen platform's screen is 800×600: the window would shrink to fit it (as it does
    # on a real small screen); these pictures are of the 1366×768 laptop size
    window.fit_to_screen = lambda: None  # type: ignore[method-assign]
    window.resize(*SIZE)
    window.show()
    sample = SAMPLES_DIR / "interkommunal.legevakt.json"
    window.open_path(sample)
    # a realistic doctor in the calendar: ferie, a course and wishes (before solving, so
    # the rota respects them)
    window.tabs.setCurrentIndex(3)
    window.absence_doctor.setCurrentIndex(2)
    window.select_days(date(2027, 2, 15), date(2027, 2, 21))
    window.mark_selected_days("ferie")
    window.select_days(date(2027, 3, 9), date(2027, 3, 10))
    window.mark_selected_days("kurs")
    window.select_days(date(2027, 1, 29), date(2027, 1, 31))
    window.mark_selected_days("wants")
    window.select_days(date(2027, 3, 25), date(2027, 3, 29))
    window.mark_selected_days("avoids")
    window.calendar_view.clearSelection()
    window.tabs.setCurrentIndex(4)

    # solve for real; the progress dialog is taken while it runs, at level 2 (level 1's
    # figures stay on it), or else late in level 1
    window.solve(time_limit=solve_seconds)
    dialog = window.progress
    started = time.monotonic()
    _wait(app, lambda: window.progress is None or (
        dialog.fairness is not None and dialog.best_label.text() != "–"
        and (dialog.latest.level == "balance" or time.monotonic() - started > solve_seconds * 0.6)))
    if window.progress is not None:
        dialog.render()
        _settle(app, 0.2)
        save(_compose(window, dialog), "fremdrift.png")
    _wait(app, lambda: window.worker is None)
    _settle(app)
    window.undo.setClean()
    window.calendar_view.scrollTo(window.calendar_model.index_of(date(2027, 1, 4)))

    for index, name in ((0, "distrikt.png"), (1, "leger.png"), (2, "vakter-og-regler.png"),
                        (3, "fravaer-og-onsker.png")):
        window.tabs.setCurrentIndex(index)
        if index == 1:
            window.doctor_view.selectRow(next(i for i, d in enumerate(window.project.doctors)
                                              if d.kind in ("lis1", "alis")))
        _settle(app)
        save(window.grab(), name)

    # the import preview: two new doctors and a row with problems (nothing is imported)
    with tempfile.TemporaryDirectory() as scratch:
        sheet = Path(scratch) / "nye leger.csv"
        sheet.write_text("navn;kommune;fødselsår;type;stillingsandel;vaktandel\n"
                         "Mona Fjeld;Kvitdal;1984;fastlege;1;1\n"
                         "Erik Stølen;Sørvang;1993;LIS1;1;1\n"
                         "Nils Vik;Sørvik;19779;fastlege;0,8;1\n", encoding="utf-8")
        preview = window.import_file("doctors", sheet)
        _settle(app, 0.3)
        save(_compose(window, preview), "importer.png")
        preview.reject()

    window.tabs.setCurrentIndex(4)
    window.month_combo.setCurrentIndex(window.month_combo.findData("2027-03"))
    _settle(app)
    save(window.grab(), "turnus-maned.png")
    # the whole half year, scrolled to Easter (holidays shaded)
    window.month_combo.setCurrentIndex(0)
    _settle(app)
    easter = window.grid_proxy.mapFromSource(
        window.grid_model.index(window.grid_model.days.index(date(2027, 3, 22)), 0))
    window.grid_view.scrollTo(easter, window.grid_view.ScrollHint.PositionAtTop)
    _settle(app)
    save(window.grab(), "turnus-hele-perioden.png")
    window.month_combo.setCurrentIndex(window.month_combo.findData("2027-03"))
    window.highlight_combo.setCurrentIndex(1)
    _settle(app)
    save(window.grab(), "turnus-fremhevet.png")
    window.highlight_combo.setCurrentIndex(0)

    # the picker, on the first March cell where some doctors are free and some are not
    proxy = window.grid_proxy
    shots: dict[str, Any] = {}

    def take(key: str, dialog: Any) -> None:
        dialog.show()
        _settle(app, 0.3)
        shots[key] = _compose(window, dialog)

    def look(dialog: Any) -> None:
        texts = dialog.texts()
        free = sum(1 for t in texts if t.startswith("✔"))
        if free >= 3 and sum(1 for t in texts if t.startswith("✖")) >= 4 and "picker" not in shots:
            take("picker", dialog)
        dialog.reject()

    window.pick_dialog_hook = look
    for row in range(proxy.rowCount()):
        if "picker" in shots:
            break
        for col in range(proxy.columnCount()):
            index = proxy.index(row, col)
            if window.grid_model.shift_for(proxy.mapToSource(index)) is None:
                continue
            window.grid_view.setCurrentIndex(index)
            window.pick_doctor_for_cell(index)
            if "picker" in shots:
                break
    window.pick_dialog_hook = None
    save(shots["picker"], "velg-lege.png")

    # «Bytt vakt …» on the first night in March: the other vakter, each with what it breaks
    def swap_look(dialog: Any) -> None:
        take("swap", dialog)
        dialog.reject()

    window.swap_dialog_hook = swap_look
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 2)  # the central legevakt's night, vakt
        shift = window.grid_model.shift_for(proxy.mapToSource(index))
        if shift is not None and shift.start.month == 3 and index.data():
            window.grid_view.setCurrentIndex(index)
            window.swap_for_cell(index)
            break
    window.swap_dialog_hook = None
    save(shots["swap"], "bytt-vakt.png")

    # the reports on the solved rota; Terskel with the engine's answers
    window.tabs.setCurrentIndex(5)
    _wait(app, lambda: not window.reports_busy(), 120)
    _settle(app, 0.5)
    save(window.grab(), "belastning.png")
    # «Rettferdighet per lege» with every doctor in view: the window taller
    window.resize(SIZE[0], 1100)
    window.belastning.tables_splitter.setSizes([300, 700])
    _settle(app, 0.5)
    save(window.grab(), "belastning-rettferdighet.png")
    window.resize(*SIZE)
    window.belastning.pages.setCurrentIndex(1)  # the chart and the timeline
    _settle(app, 0.5)
    save(window.grab(), "belastning-diagrammer.png")
    window.belastning.pages.setCurrentIndex(0)
    _settle(app, 0.3)
    window.tabs.setCurrentIndex(6)
    window.terskel.add_scenario("To nye fastleger", "add_doctor", 2)
    window.compute_need(4)
    _wait(app, lambda: window.worker is None, 300)
    window.run_scenarios()
    _wait(app, lambda: window.worker is None, 600)
    _settle(app, 0.5)
    save(window.grab(), "terskel.png")

    # the next period: the vaktregnskap carried over from the solved rota, before it is saved
    from legevakt_app.next_period import next_period
    from legevakt_app.ui.dialogs import NextPeriodDialog

    p = window.project
    carry = NextPeriodDialog(next_period(p), (p.period.start, p.period.end), window)
    carry.show()
    _settle(app, 0.3)
    save(_compose(window, carry), "neste-periode.png")
    carry.reject()

    # no rota: everyone away the same week; then firedelt vakt as a hard rule with most of
    # the district on winter ferie, where the dialog offers the rule change that works
    everyone_away = json.loads(sample.read_text(encoding="utf-8"))
    for doctor in everyone_away["doctors"]:
        doctor["unavailable"].append({"start": "2027-03-01", "end": "2027-03-07", "kind": "ferie"})
    hard_firedelt = json.loads(sample.read_text(encoding="utf-8"))
    hard_firedelt["rules"]["max_in_window"] = {"value": 1, "hard": True}
    for doctor in hard_firedelt["doctors"][:10]:
        doctor["unavailable"].append({"start": "2027-03-08", "end": "2027-03-14", "kind": "ferie"})
    window.tabs.setCurrentIndex(4)
    with tempfile.TemporaryDirectory() as scratch:
        conflict = Path(scratch) / "interkommunal-uten-turnus.legevakt.json"
        for document, name in ((everyone_away, "ingen-turnus.png"),
                               (hard_firedelt, "ingen-turnus-lettelse.png")):
            conflict.write_text(json.dumps(document), encoding="utf-8")
            window.undo.setClean()
            window.open_path(conflict)
            before = window.explanation_dialog  # the last one, closed but maybe not yet gone
            window.solve(time_limit=15)
            _wait(app, lambda: window.worker is None)
            _wait(app, lambda before=before: window.explanation_dialog not in (None, before), 30)
            _settle(app, 0.5)
            save(_compose(window, window.explanation_dialog), name)
            if name == "ingen-turnus-lettelse.png":
                # the first fix is an exception for the ferie week only: pressed, it shows in
                # the rules page's «Unntak» table
                unntak = next(b for b in window.explanation_dialog.fix_buttons
                              if b.text().startswith("Bruk: unntak"))
                unntak.click()
                _settle(app, 0.3)
                window.tabs.setCurrentIndex(2)
                _settle(app, 0.5)
                save(window.grab(), "unntak.png")
                window.tabs.setCurrentIndex(4)
            if window.explanation_dialog is not None:  # «Bruk» closes it
                window.explanation_dialog.close()

    # the four-doctor case in the working-time-equivalent view (KS: an hjemmevakt hour = 1/7)
    from legevakt_app.project_io import load_project

    small = load_project(SAMPLES_DIR / "liten-kommune.legevakt.json")
    small.rules.hjemmevakt_factor = round(1 / 7, 3)
    window.undo.setClean()
    window.load(small, None)
    window.solve(time_limit=solve_seconds)
    _wait(app, lambda: window.worker is None)
    window.tabs.setCurrentIndex(5)
    window.belastning.set_equivalent(True)
    window.belastning.pages.setCurrentIndex(1)
    _settle(app, 0.5)
    save(window.grab(), "belastning-liten-ekvivalent.png")
    window.undo.setClean()
    window.close()
    return saved


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m legevakt_app.ui.screenshots",
        description="Skjermbilder av hver visning (interkommunal, løst på ekte) til README.")
    parser.add_argument("folder", nargs="?", default="resources/screenshots",
                        help="mappen bildene lagres i (standard: resources/screenshots)")
    for path in take(Path(parser.parse_args(argv).folder)):
        print(path)


if __name__ == "__main__":
    main()
