"""Qt item models over the store's projection (read through ``queries``, written by services)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from euromed_desktop.domain.entities import ActionPoint, AgendaItem, Meeting, Participant
from euromed_desktop.domain.vocab import ActionStatus, Gender, Role, StakeholderGroup
from euromed_desktop.i18n import _
from euromed_desktop.i18n.formats import country_name, format_date
from euromed_desktop.store import queries
from euromed_desktop.ui.collation import collator
from euromed_desktop.ui.texts import isolate, meeting_title, reading_languages
from euromed_desktop.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _Record(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Record)


class _Descending:
    """A sort key that orders the other way round."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return bool(other.key < self.key)


def follow_rows(
    model: QAbstractTableModel,
    rows: list[R],
    touched: Iterable[str],
    fresh: Iterable[R],
    order: Callable[[R], Any] | None = None,
) -> None:
    """Bring ``rows`` in step with the records a change touched, one row signal each.

    A touched id found in ``fresh`` is updated (or inserted), one missing from it was deleted.
    With ``order``, rows stay sorted by it (a record whose key changed moves, keeping its
    selection); without it, new rows are appended. Views keep their selection and scroll
    position, and a long table is not read again.
    """
    found = {record.id: record for record in fresh}
    last = model.columnCount() - 1
    for record_id in sorted(touched):
        row = next((i for i, r in enumerate(rows) if r.id == record_id), -1)
        record = found.get(record_id)
        if record is None:
            if row >= 0:
                model.beginRemoveRows(NO_PARENT, row, row)
                del rows[row]
                model.endRemoveRows()
            continue
        others = [r for r in rows if r.id != record_id]
        at = len(others) if order is None else _place(others, record, order)
        if row < 0:
            model.beginInsertRows(NO_PARENT, at, at)
            rows.insert(at, record)
            model.endInsertRows()
            continue
        if order is not None and at != row:
            # Qt counts the destination before the row leaves its place.
            model.beginMoveRows(NO_PARENT, row, row, NO_PARENT, at + 1 if at > row else at)
            del rows[row]
            rows.insert(at, record)
            model.endMoveRows()
            row = at
        rows[row] = record
        model.dataChanged.emit(model.index(row, 0), model.index(row, last))


def _place(rows: list[R], record: R, order: Callable[[R], Any]) -> int:
    """Where ``record`` goes among ``rows`` sorted by ``order`` (keys that only know <)."""
    key = order(record)
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        if order(rows[middle]) < key:
            low = middle + 1
        else:
            high = middle
    return low


class MeetingListModel(QAbstractListModel):
    """The meetings on this laptop, newest first; optionally only those matching a search."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.meetings: list[Meeting] = []
        self.only: set[str] | None = None
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        every = sorted(queries.meetings(self.workspace.store), key=lambda m: m.start, reverse=True)
        self.meetings = [m for m in every if self.only is None or m.id in self.only]
        self.endResetModel()

    def filter_to(self, meeting_ids: set[str] | None) -> None:
        self.only = meeting_ids
        self.reload()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.meetings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        meeting = self.meetings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            place = ", ".join(p for p in (meeting.city, country_name(meeting.country)) if p)
            return f"{meeting_title(meeting)}\n{format_date(meeting.start)} · {place}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return meeting_title(meeting)
        if role == ID_ROLE:
            return meeting.id
        return None

    def row_of(self, meeting_id: str) -> int:
        return next((i for i, m in enumerate(self.meetings) if m.id == meeting_id), -1)


def participant_columns() -> list[str]:
    return [
        _("Name"),
        _("Organisation"),
        _("Country"),
        _("Stakeholder group"),
        _("Role"),
        _("Gender"),
        _("E-mail"),
    ]


def _label(vocab: Any, code: str | None) -> str:
    try:
        return str(vocab(code).label()) if code else ""
    except ValueError:
        return code or ""


class ParticipantsModel(QAbstractTableModel):
    """Participants of one meeting; one tickable column per meeting day for attendance."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.meeting_id: str | None = None
        self.people: list[Participant] = []
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.days: list[date] = []
        self.columns = participant_columns()

    def load(self, meeting: Meeting | None) -> None:
        self.beginResetModel()
        self.meeting_id = meeting.id if meeting else None
        if meeting is None:
            self.people, self.days = [], []
        else:
            self.people = list(self.workspace.participants(meeting.id))
            self.days = meeting.days
            self.people.sort(key=self.sort_key)
        self.endResetModel()

    def apply(self, touched_ids: set[str]) -> None:
        """Follow a change to some participants row by row."""
        if self.meeting_id is not None:
            fresh = queries.participants(self.workspace.store, self.meeting_id, touched_ids)
            follow_rows(self, self.people, touched_ids, fresh, order=self.sort_key)

    def sort_key(self, person: Participant) -> Any:
        """Where a person goes in the current order: the reader's alphabet for text columns
        (family name first for names), absent before present for a day's ticks."""
        column = self.sort_column
        day = self.day_of_column(column)
        if day is not None:
            key: Any = (person.attendance.get(day.isoformat(), False),)
        else:
            text = f"{person.family_name} {person.given_name}" if column == 0 else None
            key = (collator().sortKey(text or self.text(person, column)),)
        key += (person.id,)  # equal names keep a stable order
        return key if self.sort_order == Qt.SortOrder.AscendingOrder else _Descending(key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves, in Python, once: a sorting proxy would call back into
        Python for every comparison, which made thousands of participants slow to show."""
        self.sort_column, self.sort_order = max(column, 0), order
        self.layoutAboutToBeChanged.emit()
        before = {p.id: (row, p) for row, p in enumerate(self.people)}
        self.people.sort(key=self.sort_key)
        moved_from, moved_to = [], []
        for row, person in enumerate(self.people):
            old_row = before[person.id][0]
            if old_row != row:
                for column in range(self.columnCount()):
                    moved_from.append(self.index(old_row, column))
                    moved_to.append(self.index(row, column))
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.columns) + len(self.days)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(self.columns):
            return self.columns[section]
        return format_date(self.days[section - len(self.columns)], form="EEE d MMM")

    def day_of_column(self, column: int) -> date | None:
        offset = column - len(self.columns)
        return self.days[offset] if 0 <= offset < len(self.days) else None

    def text(self, person: Participant, column: int) -> str:
        values = [
            person.full_name,
            person.organisation,
            country_name(person.country),
            _label(StakeholderGroup, person.stakeholder_group),
            _label(Role, person.role),
            _label(Gender, person.gender),
            person.email,
        ]
        return values[column] if column < len(values) else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.people[index.row()]
        column = index.column()
        day = self.day_of_column(column)
        if role == ID_ROLE:
            return person.id
        if day is not None:
            if role == Qt.ItemDataRole.CheckStateRole:
                present = person.attendance.get(day.isoformat(), False)
                return Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("Present on {day}").format(day=format_date(day))
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(person, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return "\n".join(p for p in (person.position, person.organisation) if p) or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.day_of_column(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        day = self.day_of_column(index.column())
        if day is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        from euromed_desktop.store import participants  # the write path loads when first used

        person = self.people[index.row()]
        present = Qt.CheckState(value) == Qt.CheckState.Checked
        result = self.workspace.call(
            participants.set_attendance, person.meeting_id, person.id, day, present
        )
        return result is not None

    def row_of(self, participant_id: str) -> int:
        return next((i for i, p in enumerate(self.people) if p.id == participant_id), -1)


class ParticipantFilter(QSortFilterProxyModel):
    """Text search plus country, group, role and attendance filters; locale-aware sorting."""

    ANY_DAY = "any"
    ABSENT = "absent"

    def __init__(self, source: ParticipantsModel) -> None:
        super().__init__()
        self.setSourceModel(source)
        self.source = source
        self.text = ""
        self.country: str | None = None
        self.group: str | None = None
        self.role: str | None = None
        self.attendance: str | None = None  # None, ANY_DAY, ABSENT or an ISO day

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The view's header asks the proxy; the rows are sorted where they live, and the
        proxy, which never sorts, shows them in that order."""
        self.source.sort(column, order)

    def set_filter(self, **values: Any) -> None:
        self.beginFilterChange()
        for key, value in values.items():
            setattr(self, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        person = self.source.people[row]
        if self.country and person.country != self.country:
            return False
        if self.group and person.stakeholder_group != self.group:
            return False
        if self.role and person.role != self.role:
            return False
        present = [d for d, here in person.attendance.items() if here]
        if self.attendance == self.ANY_DAY and not present:
            return False
        if self.attendance == self.ABSENT and present:
            return False
        if self.attendance not in (None, self.ANY_DAY, self.ABSENT) and (
            self.attendance not in present
        ):
            return False
        if self.text:
            needle = self.text.casefold()
            haystack = " ".join(
                self.source.text(person, c) for c in range(len(self.source.columns))
            )
            if needle not in haystack.casefold():
                return False
        return True


def action_columns() -> list[str]:
    return [_("Action"), _("Owner"), _("Due"), _("Status"), _("Agenda item")]


class ActionsModel(QAbstractTableModel):
    """Action points of a meeting; cells edit in place through the services."""

    WHAT, OWNER, DUE, STATUS, ITEM = range(5)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.meeting_id: str | None = None
        self.actions: list[ActionPoint] = []
        self.items: dict[str, AgendaItem] = {}
        self.languages: list[str] = []
        self.columns = action_columns()

    def load(self, meeting: Meeting | None) -> None:
        self.beginResetModel()
        self.meeting_id = meeting.id if meeting else None
        if meeting is None:
            self.actions, self.items = [], {}
        else:
            store = self.workspace.store
            self.actions = queries.actions(store, meeting.id)
            self.items = {i.id: i for i in queries.agenda(store, meeting.id)}
            self.languages = reading_languages(meeting)
        self.endResetModel()

    def apply(self, touched_ids: set[str]) -> None:
        """Follow a change to some action points row by row, keeping their order."""
        if self.meeting_id is not None:
            fresh = queries.actions(self.workspace.store, self.meeting_id, touched_ids)
            follow_rows(self, self.actions, touched_ids, fresh, order=lambda a: (a.position, a.id))

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.actions)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        action = self.actions[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return action.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.WHAT:
                return isolate(action.what)
            if column == self.OWNER:
                return isolate(action.owner)
            if column == self.DUE:
                return format_date(action.due) if action.due else ""
            if column == self.STATUS:
                return _label(ActionStatus, action.status)
            item = self.items.get(action.item_id or "")
            return item.display_title(self.languages) if item else ""
        if role == Qt.ItemDataRole.EditRole:
            return {
                self.WHAT: action.what,
                self.OWNER: action.owner,
                self.DUE: action.due,
                self.STATUS: action.status,
                self.ITEM: action.item_id,
            }[column]
        if role == Qt.ItemDataRole.FontRole and action.status in ("done", "cancelled"):
            font = QFont()
            font.setStrikeOut(action.status == "cancelled")
            font.setItalic(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        action = self.actions[index.row()]
        field = ("what", "owner", "due", "status", "item_id")[index.column()]
        if getattr(action, field) == value:
            return False
        from euromed_desktop.store import minutes  # the write path loads when first used

        result = self.workspace.call(
            minutes.update_action, action.meeting_id, action.id, **{field: value}
        )
        return result is not None
