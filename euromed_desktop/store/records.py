"""Helpers the services share: fetch-or-fail, order keys among siblings, partial updates."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import NotFoundError, ValidationError
from euromed_desktop.domain.ordering import key_at
from euromed_desktop.i18n import N_, _
from euromed_desktop.store.collections import MEETINGS, Collection
from euromed_desktop.store.document import MeetingDocument

E = TypeVar("E")


def new_id() -> str:
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
    document: MeetingDocument,
    collection: Collection[Any],
    is_sibling: Callable[[Any], bool],
    index: int | None,
    moving: str | None = None,
) -> str:
    """An order key placing a record at ``index`` among its siblings (None: at the end)."""
    siblings = sorted(
        (e for e in document.entities(collection) if e.id != moving and is_sibling(e)),
        key=lambda e: (e.position, e.id),
    )
    keys = [e.position for e in siblings]
    return key_at(keys, len(keys) if index is None else index)


def updated(entity: E, changes: dict[str, Any], allowed: set[str]) -> E:
    unknown = set(changes) - allowed
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationError.single(
            name.replace("_", "-"), _("This field cannot be changed here.")
        )
    return dataclasses.replace(entity, **changes)  # type: ignore[type-var]
