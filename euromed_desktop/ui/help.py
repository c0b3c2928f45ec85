"""The user guide: HTML pages shipped with the app (resources/help/<lang>/), read offline in
the interface language, English where a page is not translated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from euromed_desktop.i18n import RTL_LANGUAGES, _, current_language
from euromed_desktop.resources import resource
from euromed_desktop.ui.icons import app_icon, icon
from euromed_desktop.ui.widgets import button_box


def guide_path(lang: str) -> Path:
    page = resource("help", lang, "index.html")
    return page if page.is_file() else resource("help", "en", "index.html")


class HelpDialog(QDialog):
    """A window beside the main one (not modal): the guide stays open while one works."""

    def __init__(self, parent: QWidget | None = None, lang: str | None = None) -> None:
        super().__init__(parent)
        self.lang = lang or current_language()
        self.setObjectName("HelpDialog")
        self.setWindowTitle(_("EUROMED Desktop — User guide"))
        self.setWindowIcon(app_icon())
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(_("User guide"))
        direction = (
            Qt.LayoutDirection.RightToLeft
            if self.lang in RTL_LANGUAGES
            else Qt.LayoutDirection.LeftToRight
        )
        self.setLayoutDirection(direction)
        page = guide_path(self.lang)
        self.browser.setSearchPaths([str(page.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(page)))
        buttons = button_box(QDialogButtonBox.StandardButton.Close)
        back = buttons.addButton(_("Contents"), QDialogButtonBox.ButtonRole.ActionRole)
        back.setIcon(icon("overview"))
        back.clicked.connect(self.browser.home)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)


def show_help(parent: QWidget) -> HelpDialog:
    """Open the guide (F1), or bring the open one to the front."""
    dialog = parent.findChild(HelpDialog)
    if dialog is None or dialog.lang != current_language():
        if dialog is not None:
            dialog.deleteLater()
        dialog = HelpDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
