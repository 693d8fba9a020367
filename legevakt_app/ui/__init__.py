"""The PySide6 desktop app: the only part of Legevakt that imports Qt."""
