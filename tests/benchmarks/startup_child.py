"""Child process of the start-up benchmark: starts either a bare QMainWindow or the app on a
database, and prints one line when the window's first paint has happened, then quits.

The parent measures from launching the process to that line, so interpreter start, imports,
opening the database and building the window all count, as they do for a user. Nothing here
imports Qt before the mode's own start does (the app imports some modules before Qt).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QWidget

PROBES: list[QObject] = []


def show(window: QWidget) -> None:
    """Show the window; print "painted" on its first paint event and end the event loop."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print("painted", flush=True)
                QTimer.singleShot(0, QApplication.quit)
            return False

    probe = FirstPaint(window)
    PROBES.append(probe)  # kept alive with its Python override for the whole run
    window.installEventFilter(probe)
    window.resize(1280, 800)
    window.show()


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    show(window)
    return app.exec()


def libraries() -> int:
    """A bare window after the work no version of the app can skip before showing the demo
    meeting's overview: PySide6's Python enums for the Qt namespace, Babel with the
    interface language's CLDR data (dates, numbers, country names), SQLite and the bundled
    fonts. The gap between this and the app is our own code."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    from datetime import date

    from babel import Locale, dates, numbers
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontDatabase

    from euromed_desktop.resources import interface_fonts

    assert Qt.AlignmentFlag.AlignLeft
    locale = Locale.parse("en")
    dates.format_date(date.today(), locale=locale)
    numbers.format_percent(0.5, locale=locale)
    assert locale.territories["TN"]
    sqlite3.connect(":memory:").execute("select 1").fetchall()
    for path in interface_fonts():
        QFontDatabase.addApplicationFont(str(path))
    window = QMainWindow()
    show(window)
    return app.exec()


def desktop(db: str) -> int:
    """The app's own start (``euromed_desktop.app.main``), with the probe on the window before
    it is shown."""
    from euromed_desktop.app import load_application, parse_args

    application = load_application(parse_args(["--db", db, "--demo"]))
    window = application.open_first_window()
    if window is None:
        return 1
    show(window)
    code = application.qt.exec()
    assert application.workspace is not None
    application.workspace.close()
    return code


if __name__ == "__main__":
    mode = sys.argv[1]
    raise SystemExit(
        bare() if mode == "bare" else libraries() if mode == "libraries" else desktop(sys.argv[2])
    )
