"""The welcome on a first start with no meetings: who is taking the minutes, and where to begin.

The name matters early: it goes into every file sent to colleagues and reviewers, and a
rapporteur who only finds the setting after the first exchange has already sent files from
nobody.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.i18n import _
from euromed_desktop.ui.editing import leave_undo_to_app
from euromed_desktop.ui.icons import app_icon, icon
from euromed_desktop.ui.settings import Settings

DEMO, NEW, LATER = "demo", "new", "later"


class WelcomeDialog(QDialog):
    """Asks the rapporteur's name and offers the demo meeting or a new one; ``choice`` says
    which (``LATER`` when the dialog is closed). The name is stored whatever the choice."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.choice = LATER
        self.setObjectName("WelcomeDialog")
        self.setWindowTitle(_("Welcome to EUROMED Desktop"))
        self.setWindowIcon(app_icon())
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        heading = QLabel(_("Welcome to EUROMED Desktop"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addWidget(heading, 1)
        intro = QLabel(
            _(
                "Agendas, participant lists and minutes of your meetings stay on this laptop "
                "and need no network. Every change is saved as you make it; colleagues merge "
                "their work by exchanging files."
            )
        )
        intro.setWordWrap(True)
        name_label = QLabel(_("Your name:"))
        self.name_edit = QLineEdit(settings.rapporteur)
        self.name_edit.setObjectName("welcome-name")
        self.name_edit.setPlaceholderText(_("Your name, as it appears on minutes"))
        self.name_edit.setAccessibleName(_("Your name"))
        leave_undo_to_app(self.name_edit)
        name_label.setBuddy(self.name_edit)
        name_hint = QLabel(
            _(
                "It is written into the files you send to colleagues and reviewers. You can "
                "change it later in Settings."
            )
        )
        name_hint.setWordWrap(True)
        name_hint.setEnabled(False)  # drawn in the muted colour of secondary text
        start = QLabel(
            _(
                "Start with the demo meeting to look around (you can delete it at any time), "
                "or create your own meeting. The user guide is under Help (F1)."
            )
        )
        start.setWordWrap(True)
        self.demo_button = QPushButton(icon("meeting"), _("Open the demo meeting"))
        self.new_button = QPushButton(icon("add"), _("Create a meeting…"))
        self.later_button = QPushButton(_("Later"))
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(lambda: self._choose(DEMO))
        self.new_button.clicked.connect(lambda: self._choose(NEW))
        self.later_button.clicked.connect(lambda: self._choose(LATER))
        buttons = QHBoxLayout()
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.demo_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(intro)
        column.addSpacing(8)
        column.addWidget(name_label)
        column.addWidget(self.name_edit)
        column.addWidget(name_hint)
        column.addSpacing(8)
        column.addWidget(start)
        column.addSpacing(8)
        column.addLayout(buttons)
        self.setMinimumWidth(520)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def done(self, result: int) -> None:
        """Keep the name however the dialog ends (a button, Escape, the window's close box)."""
        if self.name_edit.text().strip():
            self.settings.rapporteur = self.name_edit.text()
        super().done(result)
