"""Child process of the GUI crash test: types into a minutes block in the real window and,
after each key, prints the text the status bar calls saved; the parent kills it mid-stream."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from euromed_desktop.store.store import Store
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.workspace import Workspace


def main(db: str, meeting_id: str, item_id: str, block_id: str) -> None:
    app = QApplication(sys.argv[:1])
    window = MainWindow(Workspace(Store(db)), Settings())
    window.select_meeting(meeting_id, "minutes")
    window.show()
    window.minutes.tree.select(item_id)
    editor = window.minutes.editor_of(block_id)
    assert editor is not None
    editor.text.setFocus()
    for n in range(100_000):
        window.saved_label.clear()
        QTest.keyClick(editor.text, "abcdefghij"[n % 10])
        if n % 25 == 24:
            QTest.keyClick(editor.text, Qt.Key.Key_Return)
        app.processEvents()
        if window.saved_label.text() == "Saved":
            print(editor.text.plain_text().replace("\n", "\\n"), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
