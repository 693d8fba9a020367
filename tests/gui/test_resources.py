"""resources/: the hand-drawn application icon and the Norwegian texts for Qt's own strings,
both checked-in files read at start-up; nothing there is written while the app runs."""

import json
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from legevakt_app.ui import norsk
from legevakt_app.ui.resources import APP_ICON, QT_TRANSLATIONS, RESOURCES, TEMPLATES, app_icon
from tests.conftest import SAMPLES

pytestmark = pytest.mark.gui


def pixel(image: QImage, x: float, y: float) -> QColor:
    """The colour at (x, y) given in the icon's 256-unit drawing coordinates."""
    scale = image.width() / 256
    return image.pixelColor(int(x * scale), int(y * scale))


def is_white(c: QColor) -> bool:
    return c.alpha() > 200 and min(c.red(), c.green(), c.blue()) > 200


def is_red(c: QColor) -> bool:
    return c.alpha() > 200 and c.red() > 150 and c.green() < 90 and c.blue() < 90


def test_the_icon_is_a_hand_written_svg():
    root = ET.parse(APP_ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 256 256"
    tags = {el.tag.split("}")[1] for el in root.iter()}
    assert tags <= {"svg", "title", "rect", "path", "circle"}  # shapes only: no embedded image


@pytest.mark.parametrize("size", [16, 24, 32, 48, 256])
def test_the_icon_reads_at_every_size(qapp, size):
    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(QSize(size, size)).toImage()
    assert image.width() == size
    assert is_white(pixel(image, 112, 112))  # the middle of the cross
    assert is_white(pixel(image, 112, 50)) and is_white(pixel(image, 50, 112))  # its arms
    assert is_red(pixel(image, 50, 200)) and is_red(pixel(image, 200, 50))  # the square
    assert pixel(image, 1, 1).alpha() < 60  # rounded corners
    if size >= 32:
        assert is_white(pixel(image, 176, 212))  # the clock face
        assert not is_white(pixel(image, 190, 170))  # its hand (dark red)


def test_the_window_wears_the_icon(window):
    image = window.windowIcon().pixmap(QSize(32, 32)).toImage()
    assert is_white(pixel(image, 112, 112)) and is_red(pixel(image, 50, 200))


def test_qt_texts_come_from_the_translation_file(window):
    document = json.loads(QT_TRANSLATIONS.read_text(encoding="utf-8"))
    texts = document["texts"]
    assert texts["Cancel"] == "Avbryt" and texts["Show Details..."] == "Vis detaljer …"
    assert norsk.load_texts() == texts
    assert not hasattr(norsk, "QT_TEXTS")  # the table lives in the file only
    box = QMessageBox(window)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
                           | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Avbryt"
    assert box.button(QMessageBox.StandardButton.No).text() == "&Nei"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Discard)
    assert buttons.button(QDialogButtonBox.StandardButton.Discard).text() == "Forkast"
    # the file dialog's labels, as Qt asks for them (with their & shortcuts)
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(window, "Lagre som")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"Se &i:", "Fil&navn:", "Fil&type:"} <= labels, labels


@pytest.mark.parametrize("content", [None, "{ikke json", '{"texts": ["Cancel"]}'])
def test_a_missing_or_broken_translation_file_leaves_english(tmp_path, capsys, content):
    path = tmp_path / "qt_nb.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert norsk.load_texts(path) == {}
    assert "kan ikke lese oversettelsene" in capsys.readouterr().err


def test_nothing_in_resources_is_written_while_the_app_runs(make_window, tmp_path):
    def snapshot():
        return {p.relative_to(RESOURCES): (p.stat().st_size, p.stat().st_mtime_ns)
                for p in RESOURCES.rglob("*")}

    before = snapshot()
    window = make_window()
    window.open_path(SAMPLES["liten-kommune"])
    dialog = window.import_file("doctors", TEMPLATES / "leger-eksempel.xlsx")
    dialog.reject()
    window.export("result", str(tmp_path / "turnus.json"))  # nothing to export yet: a message
    assert snapshot() == before
