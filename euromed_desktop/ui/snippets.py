"""Snippets in the minutes editor: a picker that opens at the cursor (Ctrl+;), filters as
one types and inserts the chosen formulation with its placeholders filled; and a small
dialog to write one's own snippets.

Insertion goes through the block's editor like typing, so the store receives it as one
range edit (undoable, merged character by character with a colleague's typing) and a
right-to-left block keeps its direction.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop import snippets
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.i18n import LANGUAGES, _
from euromed_desktop.i18n.formats import language_name
from euromed_desktop.snippets import Snippet
from euromed_desktop.store import queries
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.widgets import ChoiceCombo, button_box

SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 1


def insert_snippet(page: object, snippet: Snippet) -> str | None:
    """Fill the snippet's placeholders for the block being edited and insert it at the
    cursor; returns the inserted text (None when no block is being edited)."""
    from euromed_desktop.ui.minutes_page import MinutesPage

    assert isinstance(page, MinutesPage)
    editor = page.current if page.current in page.editors else None
    meeting = page.meeting
    if editor is None or meeting is None:
        return None
    target = editor.focused_text()
    items = {i.id: i for i in queries.agenda(page.workspace.store, meeting.id)}
    values = snippets.context(
        meeting,
        target.lang,
        item=items.get(editor.block.item_id),
        speaker=page.people.get(editor.block.speaker_id or ""),
    )
    text = snippets.fill(snippet.text, values)
    target.setFocus()
    target.insert_at_cursor(text)
    return text


class SnippetPicker(QDialog):
    """A small list at the cursor: type to filter, Enter to insert, Escape to leave."""

    def __init__(self, choices: list[Snippet], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setWindowTitle(_("Insert a snippet"))
        self.chosen: Snippet | None = None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type to filter snippets…"))
        self.filter.setAccessibleName(_("Filter snippets"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Snippets"))
        self.list.setWordWrap(True)
        for snippet in choices:
            entry = QListWidgetItem(f"{snippet.name}\n{snippet.text}")
            entry.setData(SNIPPET_ROLE, snippet)
            entry.setToolTip(snippet.text)
            self.list.addItem(entry)
        if choices:
            self.list.setCurrentRow(0)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self.accept_current)
        self.list.itemActivated.connect(lambda _entry: self.accept_current())
        self.filter.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.resize(460, 320)

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        first = None
        for row in range(self.list.count()):
            entry = self.list.item(row)
            visible = not needle or needle in entry.text().casefold()
            entry.setHidden(not visible)
            if visible and first is None:
                first = row
        if first is not None:
            self.list.setCurrentRow(first)

    def eventFilter(self, watched: object, event: object) -> bool:
        """Up and Down in the filter move through the list, as in a completer."""
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = self.list.currentRow() + step
            while 0 <= row < self.list.count() and self.list.item(row).isHidden():
                row += step
            if 0 <= row < self.list.count():
                self.list.setCurrentRow(row)
            return True
        return False

    def accept_current(self) -> None:
        entry = self.list.currentItem()
        if entry is None or entry.isHidden():
            return
        self.chosen = entry.data(SNIPPET_ROLE)
        self.accept()


def pick_snippet(page: object, settings: Settings) -> str | None:
    """Open the picker at the cursor of the block being edited and insert the choice."""
    from euromed_desktop.ui.minutes_page import MinutesPage

    assert isinstance(page, MinutesPage)
    editor = page.current if page.current in page.editors else None
    if editor is None:
        return None
    target = editor.focused_text()
    picker = SnippetPicker(snippets.for_language(target.lang, settings.snippets), target)
    picker.move(target.mapToGlobal(target.cursorRect().bottomLeft()))
    if picker.exec() and picker.chosen is not None:
        return insert_snippet(page, picker.chosen)
    return None


class SnippetsDialog(QDialog):
    """The user's own snippets per language, beside the shipped ones (read-only)."""

    def __init__(self, settings: Settings, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.own = list(settings.snippets)
        self.setWindowTitle(_("Text snippets"))
        self.lang = ChoiceCombo([(code, language_name(code)) for code in LANGUAGES])
        self.lang.set_code(lang if lang in LANGUAGES else LANGUAGES[0])
        self.lang.currentIndexChanged.connect(lambda _i: self._fill())
        self.list = QListWidget()
        self.list.setAccessibleName(_("Snippets"))
        self.list.currentItemChanged.connect(lambda *_a: self._show_current())
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Name"))
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(_("Text"))
        self.text.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        hint = QLabel(
            _(
                "Placeholders: {speaker}, {time}, {item}, {meeting}, {date}; any other, "
                "such as {n}, is left for you to type."
            )
        )
        hint.setWordWrap(True)
        self.new_button = QPushButton(_("&New"))
        self.save_button = QPushButton(_("&Save snippet"))
        self.delete_button = QPushButton(_("&Delete"))
        self.new_button.clicked.connect(self.new_snippet)
        self.save_button.clicked.connect(lambda: self.save_snippet())
        self.delete_button.clicked.connect(self.delete_snippet)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Language:")))
        row.addWidget(self.lang, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        close = button_box(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel(_("Name")))
        layout.addWidget(self.name)
        layout.addWidget(QLabel(_("Text")))
        layout.addWidget(self.text)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.editing: Snippet | None = None
        self.resize(560, 560)
        self._fill()

    def _lang(self) -> str:
        return self.lang.code() or LANGUAGES[0]

    def _fill(self) -> None:
        self.list.clear()
        for snippet in snippets.for_language(self._lang(), self.own):
            built_in = _("built in")
            label = snippet.name + (f"  ({built_in})" if snippet.builtin else "")
            entry = QListWidgetItem(label)
            entry.setData(SNIPPET_ROLE, snippet)
            entry.setToolTip(snippet.text)
            self.list.addItem(entry)
        self.new_snippet()

    def _show_current(self) -> None:
        entry = self.list.currentItem()
        snippet: Snippet | None = entry.data(SNIPPET_ROLE) if entry is not None else None
        if snippet is None:
            return
        self.name.setText(snippet.name)
        self.text.setPlainText(snippet.text)
        # A built-in snippet is a model to copy: saving it makes a snippet of one's own.
        self.editing = None if snippet.builtin else snippet
        self.delete_button.setEnabled(not snippet.builtin)
        self.error.clear()

    def new_snippet(self) -> None:
        self.editing = None
        self.name.clear()
        self.text.clear()
        self.delete_button.setEnabled(False)
        self.error.clear()

    def save_snippet(self) -> Snippet | None:
        snippet = Snippet(
            id=self.editing.id if self.editing else str(uuid.uuid4()),
            lang=self._lang(),
            name=self.name.text().strip(),
            text=self.text.toPlainText().strip(),
        )
        try:
            snippets.validate(snippet)
        except ValidationError as exc:
            self.error.setText("\n".join(e.message for e in exc.errors))
            return None
        self.own = [s for s in self.own if s.id != snippet.id] + [snippet]
        self.settings.snippets = self.own
        self._fill()
        return snippet

    def delete_snippet(self) -> None:
        if self.editing is None:
            return
        self.own = [s for s in self.own if s.id != self.editing.id]
        self.settings.snippets = self.own
        self._fill()
