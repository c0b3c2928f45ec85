"""Services for the agenda: sessions at the top level, items within sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from euromed_desktop.domain.entities import AgendaItem, Meeting
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.validation import validate_agenda_item
from euromed_desktop.i18n import _
from euromed_desktop.store.collections import (
    ACTIONS,
    AGENDA,
    BLOCKS,
    DECISIONS,
    PARTICIPANTS,
    Collection,
)
from euromed_desktop.store.document import MeetingDocument
from euromed_desktop.store.records import get, meeting_of, new_id, position_for, updated
from euromed_desktop.store.store import Store

EDITABLE = {
    "title",
    "kind",
    "start",
    "end",
    "description",
    "moderators",
    "speakers",
    "thematic_area",
}


def _check_people(document: MeetingDocument, item: AgendaItem) -> None:
    for field in ("moderators", "speakers"):
        unknown = [p for p in getattr(item, field) if document.record(PARTICIPANTS, p) is None]
        if unknown:
            raise ValidationError.single(
                field,
                _("No participant with id {id} in this meeting.").format(id=unknown[0]),
            )


def _check_parent(document: MeetingDocument, item_id: str, parent_id: str | None) -> None:
    if parent_id is None:
        return
    parent = get(document, AGENDA, parent_id)
    if parent.parent_id is not None:
        raise ValidationError.single(
            "parent", _("Items can only be placed in a session at the top of the agenda.")
        )
    if parent_id == item_id or any(e.parent_id == item_id for e in document.entities(AGENDA)):
        raise ValidationError.single(
            "parent", _("A session that contains items cannot itself go into a session.")
        )


def _title(
    meeting: Meeting, title: str | dict[str, str], current: dict[str, str]
) -> dict[str, str]:
    if isinstance(title, dict):
        return dict(title)
    return {**current, meeting.languages[0]: title}


def add(
    store: Store,
    meeting_id: str,
    *,
    title: str | dict[str, str],
    kind: str = "session",
    parent_id: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    index: int | None = None,
    **fields: Any,
) -> AgendaItem:
    with store.change(meeting_id) as document:
        meeting = meeting_of(document)
        item = AgendaItem(
            id=new_id(),
            meeting_id=meeting_id,
            title=_title(meeting, title, {}),
            kind=kind,
            start=start,
            end=end,
        )
        item = updated(item, fields, EDITABLE)
        validate_agenda_item(item, meeting)
        _check_people(document, item)
        _check_parent(document, item.id, parent_id)
        item.parent_id = parent_id
        item.position = position_for(store, document, AGENDA, ("parent_id", parent_id), index)
        document.put(AGENDA, item)
    return item


def update(store: Store, meeting_id: str, item_id: str, **changes: Any) -> AgendaItem:
    with store.change(meeting_id) as document:
        meeting = meeting_of(document)
        current = get(document, AGENDA, item_id)
        if "title" in changes:
            changes["title"] = _title(meeting, changes["title"], current.title)
        item = updated(current, changes, EDITABLE)
        validate_agenda_item(item, meeting)
        _check_people(document, item)
        document.put(AGENDA, item)
    return item


def move(
    store: Store, meeting_id: str, item_id: str, *, parent_id: str | None, index: int | None
) -> AgendaItem:
    """Put an item at ``index`` among the children of ``parent_id`` (None: the top level)."""
    with store.change(meeting_id) as document:
        item = get(document, AGENDA, item_id)
        _check_parent(document, item_id, parent_id)
        item.parent_id = parent_id
        item.position = position_for(
            store, document, AGENDA, ("parent_id", parent_id), index, moving=item_id
        )
        document.put(AGENDA, item)
    return item


def delete(store: Store, meeting_id: str, item_id: str, *, with_minutes: bool = False) -> int:
    """Delete an item (a session with its items). Refuses if minutes were taken under it,
    unless ``with_minutes``; then its blocks and decisions go too and its action points stay,
    no longer tied to an item. Returns the number of agenda entries removed."""
    with store.change(meeting_id) as document:
        get(document, AGENDA, item_id)
        doomed = {item_id} | {e.id for e in document.entities(AGENDA) if e.parent_id == item_id}
        minutes: list[tuple[Collection[Any], str]] = [
            (BLOCKS, b.id) for b in document.entities(BLOCKS) if b.item_id in doomed
        ]
        minutes += [(DECISIONS, d.id) for d in document.entities(DECISIONS) if d.item_id in doomed]
        if minutes and not with_minutes:
            raise ValidationError.single(
                "item",
                _("Minutes were taken under this agenda item; delete them too to go on."),
            )
        for collection, record_id in minutes:
            document.delete(collection, record_id)
        for action in document.entities(ACTIONS):
            if action.item_id in doomed:
                action.item_id = None
                document.put(ACTIONS, action)
        for doomed_id in doomed:
            document.delete(AGENDA, doomed_id)
    return len(doomed)
