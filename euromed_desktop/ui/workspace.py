"""The bridge between the store and Qt: one object the whole window shares.

It turns the store's commit notifications into a Qt signal (queued to the UI thread when a
background worker wrote), runs service calls with the error handling every editor needs, and
tracks the "Saved" state shown in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from euromed_desktop.domain.entities import Participant
from euromed_desktop.domain.errors import EuromedError, ValidationError
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

T = TypeVar("T")
OPEN_DOCUMENT_AFTER_MS = 150


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
        self._people: tuple[str, list[Participant]] | None = None
        self._unsubscribe = store.subscribe(self._on_commit)

    def _on_commit(self, meeting_id: str, touched: frozenset[tuple[str, str]]) -> None:
        if not touched or any(root == "participants" for root, _id in touched):
            self._people = None
        self.changed.emit(meeting_id, touched)
        self.saved.emit()

    def select(self, meeting_id: str | None) -> None:
        if meeting_id != self.meeting_id:
            self.meeting_id = meeting_id
            self.meeting_selected.emit(meeting_id or "")
            if meeting_id:
                # Pages show the projection at once; the meeting's document (needed for the
                # first edit) is loaded a moment later, once they have painted, so that
                # neither the switch nor the first keystroke waits for it.
                # (The delay starts when the event loop is back, however long the pages took.)
                QTimer.singleShot(
                    0,
                    lambda: QTimer.singleShot(
                        OPEN_DOCUMENT_AFTER_MS, lambda: self._open_document(meeting_id)
                    ),
                )

    def _open_document(self, meeting_id: str) -> None:
        if self.store.closed or meeting_id != self.meeting_id:
            return
        if self.store.has_meeting(meeting_id):
            try:
                self.store.document(meeting_id)
            except EuromedError as exc:
                self.failed.emit(str(exc))

    def participants(self, meeting_id: str) -> list[Participant]:
        """The meeting's participants (by family name), read once for all the pages that list
        them and read again after a change to any of them. Do not modify the list."""
        if self._people is None or self._people[0] != meeting_id:
            self._people = (meeting_id, queries.participants(self.store, meeting_id))
        return self._people[1]

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
        self.meeting_id = None  # nothing left to open on idle
        self._unsubscribe()
        self.store.close()
