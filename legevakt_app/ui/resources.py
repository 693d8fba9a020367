"""Where the app's own files are: ``resources/`` at the root of the repository.

The app runs from the repository (an editable install), so the folder is found relative to
this package. Everything in it is checked in (icons, import templates, translations);
nothing there is written at run time.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
TEMPLATES = RESOURCES / "templates"
ICONS = RESOURCES / "icons"
TRANSLATIONS = RESOURCES / "translations"
APP_ICON = ICONS / "legevakt.svg"
QT_TRANSLATIONS = TRANSLATIONS / "qt_nb.json"


def app_icon():  # -> QIcon
    """The window icon (drawn as SVG; Qt renders it sharp at every size)."""
    from PySide6.QtGui import QIcon

    return QIcon(str(APP_ICON))
