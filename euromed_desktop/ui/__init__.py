"""The PySide6 desktop app. The only layer that imports Qt."""
