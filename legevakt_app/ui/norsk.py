"""Norwegian for the texts Qt itself shows (standard buttons, message boxes, file dialogs).

The PySide6 wheels ship no Qt translation files, so a message box would say "Show Details..."
and a file dialog "Look in:". This translator answers Qt's own strings from a small table;
the app's own texts are Norwegian in the code already.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

QT_TEXTS = {
    # QPlatformTheme: standard buttons of QMessageBox and QDialogButtonBox
    "OK": "OK", "&OK": "&OK", "Save": "Lagre", "&Save": "&Lagre", "Save All": "Lagre alle",
    "Open": "Åpne", "&Open": "&Åpne", "Cancel": "Avbryt", "&Cancel": "&Avbryt", "Close": "Lukk",
    "&Close": "&Lukk", "Discard": "Forkast", "Don't Save": "Ikke lagre",
    "Close without Saving": "Lukk uten å lagre", "Apply": "Bruk", "Reset": "Tilbakestill",
    "Restore Defaults": "Gjenopprett standard", "Help": "Hjelp", "Yes": "Ja", "&Yes": "&Ja",
    "Yes to &All": "Ja til &alle", "No": "Nei", "&No": "&Nei", "N&o to All": "N&ei til alle",
    "Abort": "Avbryt", "Retry": "Prøv igjen", "Ignore": "Ignorer",
    # QMessageBox
    "Show Details...": "Vis detaljer …", "Hide Details...": "Skjul detaljer …",
    # QFileDialog
    "Look in:": "Se i:", "File &name:": "Fil&navn:", "Files of type:": "Filtype:",
    "Directory:": "Mappe:", "&Choose": "&Velg", "Back": "Tilbake", "Forward": "Fremover",
    "Parent Directory": "Overordnet mappe", "Create New Folder": "Ny mappe",
    "List View": "Liste", "Detail View": "Detaljer", "New Folder": "Ny mappe", "Name": "Navn",
    "Size": "Størrelse", "Type": "Type", "Date Modified": "Endret", "My Computer": "Datamaskin",
    "&Delete": "&Slett", "&Rename": "&Gi nytt navn", "Show &hidden files": "Vis &skjulte filer",
    "All Files (*)": "Alle filer (*)",
    # QLineEdit / QAbstractSpinBox context menus
    "&Undo": "&Angre", "&Redo": "&Gjør om", "Cu&t": "Klipp &ut", "&Copy": "&Kopier",
    "&Paste": "&Lim inn", "Delete": "Slett", "Select All": "Merk alt", "&Step up": "&Opp",
    "Step &down": "&Ned",
}


class NorwegianQtTexts(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str | None:
        return QT_TEXTS.get(source)

    def isEmpty(self) -> bool:  # noqa: N802
        return False


_installed: NorwegianQtTexts | None = None


def install() -> None:
    """Norwegian numbers (8,5) and Qt's own texts, once per application."""
    global _installed
    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    app = QCoreApplication.instance()
    if app is not None and _installed is None:
        _installed = NorwegianQtTexts(app)
        app.installTranslator(_installed)
