"""Choosing a printed document: which one, in which language(s), on which paper, where to.

The dialog only collects the choice (a ``PrintRequest``); the main window renders it on a
worker thread behind a progress dialog, so a long set of minutes never freezes the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.entities import Meeting, primary_text
from euromed_desktop.domain.errors import FieldError, ValidationError
from euromed_desktop.i18n import LANGUAGES, _
from euromed_desktop.i18n.formats import format_date, language_name
from euromed_desktop.ui.editing import leave_undo_to_app
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.widgets import ChoiceCombo, FieldForm, button_box


def document_choices() -> list[tuple[str, str]]:
    return [
        ("minutes", _("Minutes")),
        ("agenda", _("Agenda (programme)")),
        ("participants", _("Participant list")),
        ("signin", _("Sign-in sheets")),
        ("badges", _("Name badges")),
        ("tents", _("Table tents")),
        ("actions", _("Action points")),
        ("stats", _("Representation statistics")),
        ("minutes_final", _("Final minutes (the approved version)")),
        ("certificates", _("Certificates of attendance")),
    ]


@dataclass
class PrintRequest:
    kind: str
    lang: str
    path: Path
    paper: str = "a4"
    second_lang: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    open_when_done: bool = True


def default_file_name(meeting: Meeting, kind: str, lang: str, second: str | None) -> str:
    """A readable, portable file name: the meeting's title, the document and the language."""
    title = primary_text(meeting.title, [lang, *meeting.languages])
    words = re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-")[:60] or "meeting"
    langs = f"{lang}-{second}" if second else lang
    return f"{words}-{kind}-{langs}.pdf"


class PrintDialog(QDialog):
    """Ctrl+P: a document of the selected meeting as PDF."""

    def __init__(self, meeting: Meeting, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.meeting = meeting
        self.settings = settings
        self.setWindowTitle(_("Print to PDF"))
        self.request: PrintRequest | None = None
        body = QWidget()
        self.form = FieldForm(body)
        self.kind = ChoiceCombo(document_choices())
        self.form.add_field("kind", _("&Document"), self.kind)
        languages = list(dict.fromkeys([*LANGUAGES, *meeting.languages]))
        choices = [(code, language_name(code)) for code in languages]
        self.lang = ChoiceCombo(choices)
        self.lang.set_code(settings.pdf_languages[0])
        self.form.add_field("lang", _("&Language"), self.lang)
        self.second = ChoiceCombo([(None, _("None: one language")), *choices])
        second = settings.pdf_languages[1] if len(settings.pdf_languages) > 1 else None
        self.second.set_code(second)
        self.form.add_field("second_lang", _("&Side by side with"), self.second)
        self.paper = ChoiceCombo([("a4", "A4"), ("letter", _("US Letter"))])
        self.paper.set_code(settings.paper_size.lower())
        self.form.add_field("paper", _("&Paper"), self.paper)
        self.group_by = ChoiceCombo([("country", _("Country")), ("group", _("Stakeholder group"))])
        self.form.add_field("group_by", _("&Group by"), self.group_by)
        self.contacts = QCheckBox(_("Include e-mail and phone of people who agreed to share them"))
        self.form.add_field("contacts", _("Contact data"), self.contacts)
        self.person_language = QCheckBox(
            _("Each certificate in the participant's own language when possible")
        )
        self.person_language.setChecked(True)
        self.form.add_field("person_language", _("Languages"), self.person_language)
        days = [(d.isoformat(), format_date(d, form="full")) for d in meeting.days]
        self.day = ChoiceCombo([(None, _("Every day of the meeting")), *days])
        self.form.add_field("day", _("D&ay"), self.day)
        self.path = QLineEdit()
        leave_undo_to_app(self.path)
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self._browse)
        where = QWidget()
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.form.add_field("path", _("Sa&ve as"), where)
        self.path.setAccessibleName(_("File to write"))
        self.open_when_done = QCheckBox(_("&Open the PDF when it is ready"))
        self.open_when_done.setChecked(settings.open_pdf_when_done)
        self.form.addRow(self.open_when_done)
        buttons = button_box(
            QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create PDF"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addWidget(buttons)
        self._named_by_us = ""
        for combo in (self.kind, self.lang, self.second):
            combo.currentIndexChanged.connect(self._follow_choice)
        self._follow_choice()

    def _folder(self) -> Path:
        folder = self.settings.pdf_folder
        if folder and Path(folder).is_dir():
            return Path(folder)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents or Path.home())

    def _follow_choice(self) -> None:
        """Show only the options of the chosen document; keep the file name in step unless the
        user typed one."""
        kind = self.kind.code() or "minutes"
        shown = {
            "second_lang": kind == "minutes",
            "group_by": kind == "participants",
            "contacts": kind == "participants",
            "day": kind == "signin",
            "person_language": kind == "certificates",
        }
        for name, visible in shown.items():
            self.form.set_row_visible(name, visible)
        if self.path.text() in ("", self._named_by_us):
            second = self.second.code() if kind == "minutes" else None
            name = default_file_name(self.meeting, kind, self.lang.code() or "en", second)
            self._named_by_us = str(self._folder() / name)
            self.path.setText(self._named_by_us)
        self.adjustSize()

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the PDF as"), self.path.text(), _("PDF documents (*.pdf)")
        )
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def _accept(self) -> None:
        self.form.clear_errors()
        text = self.path.text().strip()
        path = Path(text).expanduser() if text else None
        kind = self.kind.code() or "minutes"
        lang = self.lang.code() or "en"
        second = self.second.code() if kind == "minutes" else None
        errors = []
        if path is None:
            errors.append(FieldError("path", _("Choose where to save the PDF.")))
        elif not path.parent.is_dir():
            errors.append(
                FieldError(
                    "path", _("The folder {folder} does not exist.").format(folder=path.parent)
                )
            )
        if second == lang:
            errors.append(FieldError("second_lang", _("Choose a second language, or none.")))
        if errors:
            self.form.show_errors(ValidationError(errors))
            return
        assert path is not None
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        options: dict[str, Any] = {}
        if kind == "minutes_final":  # the approved version, without DRAFT
            kind, options = "minutes", {"final": True}
        if kind == "participants":
            options = {"group_by": self.group_by.code(), "contacts": self.contacts.isChecked()}
        elif kind == "signin" and self.day.code():
            options = {"day": self.day.code()}
        elif kind == "certificates" and self.person_language.isChecked():
            options = {"person_language": True}
        self.request = PrintRequest(
            kind=kind,
            lang=lang,
            path=path,
            paper=self.paper.code() or "a4",
            second_lang=second,
            options=options,
            open_when_done=self.open_when_done.isChecked(),
        )
        self.settings.pdf_folder = str(path.parent)
        self.settings.open_pdf_when_done = self.open_when_done.isChecked()
        self.settings.pdf_languages = [lang, *([second] if second else [])]
        self.accept()
