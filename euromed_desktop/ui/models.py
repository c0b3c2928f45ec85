"""Qt item models over the store's projection (read through ``queries``, written by services)."""

from __future__ import annotations

from bisect import bisect_left
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
from euromed_desktop.store import minutes, participants, queries
from euromed_desktop.ui.collation import collator
from euromed_desktop.ui.texts import isolate, meeting_title, reading_languages
from euromed_desktop.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class _Record(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Record)


def follow_rows(
    model: QAbstractTableModel,
    rows: list[R],
    touched: Iterable[str],
    fresh: Iterable[R],
    order: Callable[[R], Any] | None = None,
) -> None:
    """Bring ``rows`` in step with the records a change touched, one row signal each.

    A touched id found in ``fresh`` is updated (or inserted), one missing from it was deleted.
    With ``order``, rows stay sorted by it (a record whose key changed moves); without it, new
    rows are appended and a sorting proxy puts them in place. Views keep their selection and
    scroll position, and a long table is not read again.
    """
    found = {record.id: record for record in fresh}
    last = model.columnCount() - 1
    for record_id in sorted(touched):
        row = next((i for i, r in enumerate(rows) if r.id == record_id), -1)
        record = found.get(record_id)
        if row >= 0 and (
            record is None or (order is not None and order(record) != order(rows[row]))
        ):
            model.beginRemoveRows(NO_PARENT, row, row)
            del rows[row]
            model.endRemoveRows()
            row = -1
        if record is None:
            continue
        if row >= 0:
            rows[row] = record
            model.dataChanged.emit(model.index(row, 0), model.index(row, last))
            continue
        at = len(rows) if order is None else bisect_left([order(r) for r in rows], order(record))
        model.beginInsertRows(NO_PARENT, at, at)
        rows.insert(at, record)
        model.endInsertRows()


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
        self.days: list[date] = []
        self.columns = participant_columns()

    def load(self, meeting: Meeting | None) -> None:
        self.beginResetModel()
        self.meeting_id = meeting.id if meeting else None
        if meeting is None:
            self.people, self.days = [], []
        else:
            self.people = queries.participants(self.workspace.store, meeting.id)
            self.days = meeting.days
        self.endResetModel()

    def apply(self, touched_ids: set[str]) -> None:
        """Follow a change to some participants row by row."""
        if self.meeting_id is not None:
            fresh = queries.participants(self.workspace.store, self.meeting_id, touched_ids)
            follow_rows(self, self.people, touched_ids, fresh)

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
            if role == SORT_ROLE:
                return int(person.attendance.get(day.isoformat(), False))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("Present on {day}").format(day=format_date(day))
            return None
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if role == SORT_ROLE and column == 0:
                return f"{person.family_name} {person.given_name}"
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
        self.setSortRole(SORT_ROLE)
        self.text = ""
        self.country: str | None = None
        self.group: str | None = None
        self.role: str | None = None
        self.attendance: str | None = None  # None, ANY_DAY, ABSENT or an ISO day

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

    def lessThan(self, left: Index, right: Index) -> bool:
        a = self.sourceModel().data(left, SORT_ROLE)
        b = self.sourceModel().data(right, SORT_ROLE)
        if isinstance(a, str) and isinstance(b, str):
            return collator().compare(a, b) < 0
        return bool((a or 0) < (b or 0))


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
        result = self.workspace.call(
            minutes.update_action, action.meeting_id, action.id, **{field: value}
        )
        return result is not None
