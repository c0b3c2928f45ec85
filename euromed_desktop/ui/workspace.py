"""The bridge between the store and Qt: one object the whole window shares.

It turns the store's commit notifications into a Qt signal (queued to the UI thread when a
background worker wrote), runs service calls with the error handling every editor needs, and
tracks the "Saved" state shown in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from euromed_desktop.domain.errors import EuromedError, ValidationError
from euromed_desktop.store.store import Store

T = TypeVar("T")


class Workspace(QObject):
    # meeting id, frozenset of (collection root, record id); empty set: meeting deleted
    changed = Signal(str, object)
    meeting_selected = Signal(str)
    saved = Signal()
    failed = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.meeting_id: str | None = None
        self._unsubscribe = store.subscribe(self._on_commit)

    def _on_commit(self, meeting_id: str, touched: frozenset[tuple[str, str]]) -> None:
        self.changed.emit(meeting_id, touched)
        self.saved.emit()

    def select(self, meeting_id: str | None) -> None:
        if meeting_id != self.meeting_id:
            self.meeting_id = meeting_id
            self.meeting_selected.emit(meeting_id or "")

    def call(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a service; a domain error is reported through ``failed`` and gives None.

        Dialogs that show messages next to fields catch ``ValidationError`` themselves.
        """
        try:
            return service(self.store, *args, **kwargs)
        except ValidationError as exc:
            self.failed.emit("\n".join(e.message for e in exc.errors))
        except EuromedError as exc:
            self.failed.emit(str(exc))
        return None

    def close(self) -> None:
        self._unsubscribe()
        self.store.close()
