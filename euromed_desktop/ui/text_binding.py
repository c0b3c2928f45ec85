"""A text editor bound to a shared text of the store, edited as insert/delete ranges.

Every keystroke becomes an ``insert_text_at`` / ``delete_text_at`` service call on the range
that changed, so that two rapporteurs typing in the same block on two laptops merge character
by character. Qt counts positions in UTF-16 code units; the store counts code points.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextEdit, QWidget

from euromed_desktop.domain.entities import text_is_rtl
from euromed_desktop.ui.editing import leave_undo_to_app

PARAGRAPH_SEPARATORS = str.maketrans({"\u2029": "\n", "\u2028": "\n"})


def code_points(text: str, utf16_offset: int) -> int:
    """The number of code points in ``text`` before UTF-16 offset ``utf16_offset``."""
    if text.isascii():
        return min(utf16_offset, len(text))
    units = 0
    for count, char in enumerate(text):
        if units >= utf16_offset:
            return count
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def changed_range(old: str, new: str, hint: int) -> tuple[int, int, str]:
    """(start, deleted length, inserted text) turning ``old`` into ``new``.

    ``hint`` (where Qt says the change began) keeps a keystroke in a run of equal letters at
    the place it was typed, which matters when it merges with someone else's edit.
    """
    limit = min(len(old), len(new), max(hint, 0))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old - start, new[start:end_new]


class SharedTextEdit(QTextEdit):
    """Plain-text editor that reports its edits as ranges and grows with its content.

    ``on_edit(start, deleted, inserted, whole_text)`` is called for each user edit and must
    return False when the store refused it; the editor then shows the store's text again.
    """

    focused = Signal()

    def __init__(
        self,
        text: str,
        lang: str,
        on_edit: Callable[[int, int, str, str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.on_edit = on_edit
        self._text = text
        self._applying = False
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        leave_undo_to_app(self)
        self._applying = True
        self.setPlainText(text)
        self._applying = False
        self._follow_direction()
        self.document().contentsChange.connect(self._contents_change)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    # -- what the user typed goes to the store -----------------------------------------------

    def plain_text(self) -> str:
        return self.document().toRawText().translate(PARAGRAPH_SEPARATORS)

    def _contents_change(self, position: int, _removed: int, _added: int) -> None:
        if self._applying:
            return
        new = self.plain_text()
        old = self._text
        if new == old:
            return
        start, deleted, inserted = changed_range(old, new, code_points(old, position))
        if self.on_edit(start, deleted, inserted, new):
            self._text = new
            self._follow_direction()
        else:
            self.show_text(old)

    # -- what the store says is shown, keeping the cursor where it was ----------------------

    def show_text(self, text: str) -> None:
        current = self.plain_text()
        self._text = text
        if current == text:
            return
        start, deleted, inserted = changed_range(current, text, len(current))
        self._applying = True
        try:
            cursor = QTextCursor(self.document())
            cursor.setPosition(_utf16(current, start))
            cursor.setPosition(_utf16(current, start + deleted), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(inserted)
        finally:
            self._applying = False
        self._follow_direction()

    def insert_at_cursor(self, text: str) -> None:
        self.textCursor().insertText(text)

    # -- layout -------------------------------------------------------------------------------

    def _follow_direction(self) -> None:
        rtl = text_is_rtl(self._text, self.lang)
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        if self.layoutDirection() != direction:
            self.setLayoutDirection(direction)
            option = self.document().defaultTextOption()
            option.setTextDirection(direction)
            option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            self.document().setDefaultTextOption(option)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._follow_direction()

    def _fit(self, *_args: object) -> None:
        """Grow with the text, so that a block never scrolls inside the page that scrolls.

        Called when the laid-out document changes size, which a new width also causes; not
        from resizeEvent, where the height set here would resize the editor again and again."""
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 6
        height = max(height, self.fontMetrics().lineSpacing() * 2 + 12)
        if height != self.height():
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.focused.emit()


def _utf16(text: str, index: int) -> int:
    prefix = text[:index]
    return len(prefix) if prefix.isascii() else len(prefix.encode("utf-16-le")) // 2
