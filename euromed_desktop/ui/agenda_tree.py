"""The agenda as a tree of sessions and their items, with drag-and-drop reordering."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from euromed_desktop.domain.entities import AgendaItem, Meeting, Participant
from euromed_desktop.domain.vocab import AgendaKind
from euromed_desktop.i18n import _
from euromed_desktop.i18n.formats import format_date, format_time
from euromed_desktop.store import agenda, queries
from euromed_desktop.ui.texts import reading_languages
from euromed_desktop.ui.workspace import Workspace

ID = Qt.ItemDataRole.UserRole


def time_span(item: AgendaItem) -> str:
    if item.start is None:
        return ""
    text = format_time(item.start)
    if item.end is not None:
        text = _("{start}–{end}").format(start=text, end=format_time(item.end))
    return text


class AgendaTree(QTreeWidget):
    """Sessions at the top level, items inside; ``movable`` enables drag-and-drop."""

    item_selected = Signal(str)  # agenda item id, "" for none

    def __init__(self, workspace: Workspace, *, movable: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.meeting: Meeting | None = None
        self.items: dict[str, AgendaItem] = {}
        self.nodes: dict[str, QTreeWidgetItem] = {}
        self.setAccessibleName(_("Agenda"))
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.movable = movable
        if movable:
            self.setHeaderLabels([_("Title"), _("Time"), _("Kind"), _("Speakers and moderators")])
            self.setDragEnabled(True)
            self.setAcceptDrops(True)
            self.setDropIndicatorShown(True)
            self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.setDefaultDropAction(Qt.DropAction.MoveAction)
        else:
            self.setHeaderLabels([_("Title"), _("Time")])
        self.currentItemChanged.connect(self._current_changed)

    def load(self, meeting: Meeting | None) -> None:
        """Refill from the store, keeping the selection and which sessions are expanded."""
        current = self.current_id()
        collapsed = {
            item_id
            for item_id, node in self.nodes.items()
            if node.childCount() and not node.isExpanded()
        }
        self.blockSignals(True)
        self.clear()
        self.nodes.clear()
        self.meeting = meeting
        self.items = {}
        if meeting is not None:
            store = self.workspace.store
            entries = queries.agenda(store, meeting.id)
            named = {p for e in entries for p in (*e.speakers, *e.moderators)}
            people = {p.id: p for p in queries.participants(store, meeting.id, named)}
            self.items = {e.id: e for e in entries}
            for entry in entries:
                parent = self.nodes.get(entry.parent_id or "")
                node = QTreeWidgetItem(self._columns(entry, people, meeting))
                node.setData(0, ID, entry.id)
                node.setToolTip(
                    0, entry.description or entry.display_title(reading_languages(meeting))
                )
                flags = node.flags() | Qt.ItemFlag.ItemIsDragEnabled
                if entry.parent_id is None:
                    flags |= Qt.ItemFlag.ItemIsDropEnabled
                    font = node.font(0)
                    font.setBold(True)
                    node.setFont(0, font)
                else:
                    flags &= ~Qt.ItemFlag.ItemIsDropEnabled
                node.setFlags(flags)
                if parent is None:
                    self.addTopLevelItem(node)
                else:
                    parent.addChild(node)
                self.nodes[entry.id] = node
            for item_id, node in self.nodes.items():
                node.setExpanded(item_id not in collapsed)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if current in self.nodes:
            self.setCurrentItem(self.nodes[current])
        self.blockSignals(False)

    def _columns(
        self, entry: AgendaItem, people: dict[str, Participant], meeting: Meeting
    ) -> list[str]:
        title = entry.display_title(reading_languages(meeting))
        when = time_span(entry)
        if entry.start is not None and len(meeting.days) > 1:
            when = f"{format_date(entry.start.date(), form='EEE')} {when}"
        if not self.movable:
            return [title, when]
        names = [people[p].full_name for p in entry.speakers + entry.moderators if p in people]
        return [title, when, AgendaKind(entry.kind).label(), ", ".join(names)]

    def current_id(self) -> str | None:
        node = self.currentItem()
        return str(node.data(0, ID)) if node is not None else None

    def select(self, item_id: str) -> None:
        node = self.nodes.get(item_id)
        if node is not None:
            self.setCurrentItem(node)

    def _current_changed(self, node: QTreeWidgetItem | None) -> None:
        self.item_selected.emit(str(node.data(0, ID)) if node is not None else "")

    # -- drag and drop: the tree asks the service, then shows what the store says ------------

    def dropEvent(self, event: QDropEvent) -> None:
        moving = self.currentItem()
        if moving is None or self.meeting is None:
            event.ignore()
            return
        moving_id = str(moving.data(0, ID))
        target = self.itemAt(event.position().toPoint())
        where = self.dropIndicatorPosition()
        parent_id, index = self._drop_place(moving_id, target, where)
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        self.workspace.call(
            agenda.move, self.meeting.id, moving_id, parent_id=parent_id, index=index
        )

    def _siblings(self, parent_id: str | None, moving_id: str) -> list[str]:
        return [i.id for i in self.items.values() if i.parent_id == parent_id and i.id != moving_id]

    def _drop_place(
        self,
        moving_id: str,
        target: QTreeWidgetItem | None,
        where: QAbstractItemView.DropIndicatorPosition,
    ) -> tuple[str | None, int | None]:
        position = QAbstractItemView.DropIndicatorPosition
        if target is None or where == position.OnViewport:
            return None, None
        target_id = str(target.data(0, ID))
        entry = self.items[target_id]
        if where == position.OnItem:
            if entry.parent_id is None:
                return target_id, None  # into the session, at its end
            parent_id = entry.parent_id
            offset = 1
        else:
            parent_id = entry.parent_id
            offset = 0 if where == position.AboveItem else 1
        siblings = self._siblings(parent_id, moving_id)
        if target_id == moving_id:
            return parent_id, None
        return parent_id, siblings.index(target_id) + offset

    def move_current(self, step: int) -> None:
        """Move the selected entry up or down among its siblings (keyboard reordering)."""
        item_id = self.current_id()
        if item_id is None or self.meeting is None:
            return
        entry = self.items[item_id]
        siblings = [i.id for i in self.items.values() if i.parent_id == entry.parent_id]
        index = siblings.index(item_id) + step
        if 0 <= index < len(siblings):
            self.workspace.call(
                agenda.move, self.meeting.id, item_id, parent_id=entry.parent_id, index=index
            )
