"""What every editor in the window shares from the first paint on: the store's undo keys and
the look of an error message. (Kept apart from ``widgets``, whose Qt classes load with the first
page or dialog that needs them.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

ERROR_STYLE = "color: #c62828; font-size: 90%;"


class AppUndoFilter(QObject):
    """Leaves Ctrl+Z / Ctrl+Shift+Z to the window's Undo and Redo actions.

    Text widgets keep an undo stack of their own that knows nothing of the store; with this
    filter installed, the shortcut goes to the store's undo, which covers every editor and only
    the local user's own edits.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.ignore()
            return True
        return False


_UNDO_FILTER = AppUndoFilter()


def leave_undo_to_app(widget: QWidget) -> None:
    widget.installEventFilter(_UNDO_FILTER)
