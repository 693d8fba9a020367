"""Norwegian for the texts Qt itself shows (standard buttons, message boxes, file dialogs).

The PySide6 wheels ship no Qt translation files, so a message box would say "Show Details..."
and a file dialog "Look in:". This translator answers Qt's own strings from a table kept in
``resources/translations/qt_nb.json`` (read once at start-up); the app's own texts are
Norwegian in the code already.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from legevakt_app.ui.resources import QT_TRANSLATIONS


def load_texts(path: Path = QT_TRANSLATIONS) -> dict[str, str]:
    """Qt's English text → Norwegian, from the translation file. A missing or broken file
    leaves Qt's own English (with a note on stderr), never a failed start."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        texts = document["texts"]
        if not isinstance(texts, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
            raise ValueError("«texts» skal være tekst → tekst")
    except (OSError, ValueError, KeyError, TypeError) as err:
        print(f"Legevakt: kan ikke lese oversettelsene i {path} ({err}); Qts egne tekster "
              "vises på engelsk.", file=sys.stderr)
        return {}
    return texts


class NorwegianQtTexts(QTranslator):
    def __init__(self, texts: dict[str, str], parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.texts = texts

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str | None:
        return self.texts.get(source)

    def isEmpty(self) -> bool:  # noqa: N802
        return not self.texts


_installed: NorwegianQtTexts | None = None


def install() -> None:
    """Norwegian numbers (8,5) and Qt's own texts, once per application."""
    global _installed
    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    app = QCoreApplication.instance()
    if app is not None and _installed is None:
        _installed = NorwegianQtTexts(load_texts(), app)
        app.installTranslator(_installed)
