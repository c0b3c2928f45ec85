"""The base of the meeting's pages, in a module of its own so that the first page shown (the
overview) loads without the others and the services they write through."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.ui.workspace import Workspace


class Page(QWidget):
    """A page shows one aspect of the selected meeting and reloads when the store says so."""

    roots: frozenset[str] = frozenset()  # the collections whose changes concern this page

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.meeting: Meeting | None = None

    def show_meeting(self, meeting: Meeting | None) -> None:
        self.meeting = meeting
        self.reload()

    def concerns(self, touched: frozenset[tuple[str, str]]) -> bool:
        return not touched or any(root in self.roots for root, _id in touched)

    def refresh(self, touched: frozenset[tuple[str, str]]) -> None:
        """Follow a committed change while visible (pages may do less than a reload)."""
        self.show_meeting(self.meeting)

    def reload(self) -> None:
        raise NotImplementedError
