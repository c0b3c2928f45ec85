"""Start-up of the Qt application: language, fonts, database, first run, the window."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from euromed_desktop.domain.errors import EuromedError
from euromed_desktop.i18n import LANGUAGES, RTL_LANGUAGES, _, set_language
from euromed_desktop.resources import interface_fonts
from euromed_desktop.store import queries
from euromed_desktop.store.database import default_path
from euromed_desktop.store.store import Store
from euromed_desktop.ui.icons import app_icon
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.workspace import Workspace

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

UI_FONTS = ["Noto Sans", "Noto Sans Arabic", "Noto Sans Georgian", "Noto Sans Hebrew"]


def system_language() -> str:
    lang = QLocale.system().name().split("_")[0]
    return lang if lang in LANGUAGES else "en"


def load_fonts() -> None:
    """Register the bundled interface fonts so every script has glyphs on every machine."""
    for path in interface_fonts():
        QFontDatabase.addApplicationFont(str(path))


class Application:
    """Owns the QApplication, the store and the window; rebuilds the window on a new language."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.qt = QApplication.instance() or QApplication(sys.argv[:1])
        self.qt.setApplicationName("EUROMED Desktop")
        self.qt.setOrganizationName("EUROMED")
        self.qt.setDesktopFileName("eu.euromed.Desktop")  # packaging/: desktop entry, AppStream
        self.qt.setWindowIcon(app_icon())
        self.settings = Settings()
        self.translator: QTranslator | None = None
        load_fonts()
        self.apply_language(args.lang or self.settings.language or system_language())
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None
        self.create_meeting_at_start = False  # the welcome's "Create a meeting…"

    def apply_language(self, lang: str) -> None:
        set_language(lang)
        if self.translator is not None:
            self.qt.removeTranslator(self.translator)
            self.translator = None
        if lang != "en":
            from PySide6.QtCore import QLibraryInfo, QTranslator

            translator = QTranslator(self.qt)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if translator.load(f"qtbase_{lang}", folder):
                self.qt.installTranslator(translator)
                self.translator = translator
        rtl = lang in RTL_LANGUAGES
        self.qt.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        font = QFont(self.qt.font())
        font.setFamilies(["Noto Sans Arabic", *UI_FONTS] if rtl else UI_FONTS)
        self.qt.setFont(font)

    def database_path(self) -> Path:
        if self.args.db:
            return Path(self.args.db)
        if os.environ.get("EUROMED_DB"):
            return Path(os.environ["EUROMED_DB"])
        last = self.settings.last_database
        return Path(last) if last else default_path()

    def open_store(self, path: Path) -> bool:
        try:
            store = Store(path)
        except EuromedError as exc:
            self.report(_("The database cannot be opened"), str(exc))
            return False
        if self.workspace is not None:
            self.workspace.close()
        self.workspace = Workspace(store)
        self.settings.last_database = str(path)
        return True

    def report(self, title: str, message: str) -> None:
        if self.args.screenshot:
            print(f"{title}: {message}", file=sys.stderr)
        else:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, title, message)

    def first_meeting(self) -> str | None:
        """The meeting to show at start: the demo if asked, else the last one used."""
        from euromed_desktop import demo

        assert self.workspace is not None
        store = self.workspace.store
        if self.args.demo:
            demo.ensure_demo_meeting(store)
            return demo.DEMO_MEETING_ID
        ids = {m.id for m in queries.meetings(store)}
        if self.settings.last_meeting in ids:
            return self.settings.last_meeting
        if not ids and not self.settings.first_run_done and not self.args.screenshot:
            from euromed_desktop.ui.welcome import DEMO, NEW, WelcomeDialog

            self.settings.first_run_done = True
            dialog = WelcomeDialog(self.settings)
            dialog.exec()
            if dialog.choice == DEMO:
                demo.ensure_demo_meeting(store)
                return demo.DEMO_MEETING_ID
            self.create_meeting_at_start = dialog.choice == NEW
        return next(iter(sorted(ids)), None) if ids else None

    def show_window(self, meeting_id: str | None, page: str | None) -> MainWindow:
        assert self.workspace is not None
        window = MainWindow(self.workspace, self.settings)
        window.language_changed.connect(self.relaunch_window)
        window.database_chosen.connect(self.switch_database)
        window.select_meeting(meeting_id, page)
        old, self.window = self.window, window
        if old is not None:
            old.hide()
            old.deleteLater()
            gc.unfreeze()  # the first window's objects were frozen at start; let them go
        return window

    def relaunch_window(self) -> None:
        """Apply a new interface language at once: the window is built again in it."""
        assert self.window is not None
        meeting_id = self.window.meeting.id if self.window.meeting else None
        page = self.window.current_page()
        self.window.settings.set_geometry(bytes(self.window.saveGeometry().data()))
        self.apply_language(self.settings.language or system_language())
        self.show_window(meeting_id, page).show()

    def switch_database(self, path: str) -> None:
        if self.open_store(Path(path)):
            self.show_window(self.first_meeting(), None).show()

    def open_first_window(self) -> MainWindow | None:
        """Open the database and build the window on the first meeting (not shown yet);
        None if the database cannot be opened (the user has been told).

        If the start paused the garbage collector (``euromed_desktop.app.load_application``),
        what start-up made is frozen here (later collections skip it) and collection resumes.
        """
        if not self.open_store(self.database_path()):
            return None
        try:
            meeting_id = self.first_meeting()
        except EuromedError as exc:
            self.report(_("The demo meeting cannot be loaded"), str(exc))
            meeting_id = None
        window = self.show_window(meeting_id, self.args.page)
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        return window

    def run(self) -> int:
        window = self.open_first_window()
        if window is None:
            return 1
        if self.args.screenshot:
            return self.screenshot(window, self.args.screenshot)
        window.show()
        if self.create_meeting_at_start:
            QTimer.singleShot(0, window.new_meeting)
        bundle = getattr(self.args, "bundle", None)
        if bundle:  # opened with a file: the desktop entry's %f, a double-click
            QTimer.singleShot(0, lambda: window.import_bundle(Path(bundle).absolute()))
        code = self.qt.exec()
        if self.workspace is not None:
            self.workspace.close()
        return int(code)

    def screenshot(self, window: MainWindow, path: Path) -> int:
        width, _sep, height = str(self.args.size).partition("x")
        window.resize(int(width), int(height))
        window.show()
        for _round in range(5):
            self.qt.processEvents()
        ok = window.grab().save(str(path))
        window.close()
        assert self.workspace is not None
        self.workspace.close()
        if not ok:
            print(_("Could not write {path}.").format(path=path), file=sys.stderr)
            return 1
        return 0
