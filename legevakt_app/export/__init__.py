"""The rota leaves the app: Excel workbook, calendar files (.ics), and doctor/absence import.

Import the submodules directly (``legevakt_app.export.xlsx`` …); the names below are
loaded on first use so that importing the package stays cheap.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "export_xlsx": "legevakt_app.export.xlsx",
    "build_workbook": "legevakt_app.export.xlsx",
    "build_layout": "legevakt_app.export.layout",
    "write_ics": "legevakt_app.export.ics",
    "doctor_calendar": "legevakt_app.export.ics",
    "preview_import": "legevakt_app.export.importer",
    "preview_doctors": "legevakt_app.export.importer",
    "preview_absences": "legevakt_app.export.importer",
    "apply_import": "legevakt_app.export.importer",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(name)
