"""Helpers the services share: fetch-or-fail, order keys among siblings, partial updates."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import NotFoundError, ValidationError
from euromed_desktop.domain.ordering import key_at
from euromed_desktop.i18n import N_, _
from euromed_desktop.store.collections import MEETINGS, Collection
from euromed_desktop.store.document import MeetingDocument
from euromed_desktop.store.store import Store

E = TypeVar("E")


def new_id() -> str:
    import uuid  # on first use: it loads the platform module, which start-up can do without

    return str(uuid.uuid4())


def meeting_of(document: MeetingDocument) -> Meeting:
    meeting = document.entity(MEETINGS, document.meeting_id)
    if meeting is None:
        raise NotFoundError(_("No meeting with id {id}.").format(id=document.meeting_id))
    assert isinstance(meeting, Meeting)
    return meeting


_WHAT = {
    "agenda": N_("agenda item"),
    "participants": N_("participant"),
    "blocks": N_("minutes block"),
    "decisions": N_("decision"),
    "actions": N_("action point"),
    "comments": N_("comment"),
}


def get(document: MeetingDocument, collection: Collection[E], record_id: str) -> E:
    entity = document.entity(collection, record_id)
    if entity is None:
        raise NotFoundError(
            _("No {what} with id {id} in this meeting.").format(
                what=_(_WHAT.get(collection.root, collection.root)), id=record_id
            )
        )
    return entity


def position_for(
    store: Store,
    document: MeetingDocument,
    collection: Collection[Any],
    group: tuple[str, str | None] | None,
    index: int | None,
    moving: str | None = None,
) -> str:
    """An order key placing a record at ``index`` (None: at the end) among its siblings, the
    records whose ``group`` column (e.g. ``("item_id", id)``) has the same value.

    Reads the siblings' keys from the projection, which is in step with the document inside
    the transaction, so adding to a long list costs one indexed query.
    """
    sql = f"SELECT position FROM {collection.table} WHERE meeting_id = ?"
    args: list[Any] = [document.meeting_id]
    if group is not None:
        sql += f" AND {group[0]} IS ?"
        args.append(group[1])
    if moving is not None:
        sql += " AND id != ?"
        args.append(moving)
    keys = [r[0] for r in store.conn.execute(sql + " ORDER BY position, id", args)]
    return key_at(keys, len(keys) if index is None else index)


def updated(entity: E, changes: dict[str, Any], allowed: set[str]) -> E:
    unknown = set(changes) - allowed
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationError.single(
            name.replace("_", "-"), _("This field cannot be changed here.")
        )
    return dataclasses.replace(entity, **changes)  # type: ignore[type-var]
