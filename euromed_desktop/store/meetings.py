"""Services for meetings themselves: create, edit, delete."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.validation import default_timezone, validate_meeting
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.store.collections import AGENDA, MEETINGS
from euromed_desktop.store.records import meeting_of, new_id, updated
from euromed_desktop.store.store import Store

EDITABLE = {
    "title",
    "start",
    "end",
    "country",
    "kind",
    "component",
    "thematic_areas",
    "timezone",
    "venue",
    "city",
    "languages",
    "confidentiality",
    "status",
}


def create(
    store: Store,
    *,
    title: str | dict[str, str],
    start: date,
    end: date,
    country: str,
    languages: list[str] | None = None,
    timezone: str | None = None,
    meeting_id: str | None = None,
    **fields: Any,
) -> Meeting:
    langs = list(languages or ["en"])
    meeting = Meeting(
        id=meeting_id or new_id(),
        title=title if isinstance(title, dict) else {langs[0]: title},
        start=start,
        end=end,
        country=country,
        languages=langs,
        timezone=timezone or default_timezone(country),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    meeting = updated(meeting, fields, EDITABLE)
    validate_meeting(meeting)
    with store.transaction():
        if store.has_meeting(meeting.id):
            raise ValidationError.single("id", _("A meeting with this id already exists."))
        store.new_document(meeting.id)
        with store.change(meeting.id) as document:
            document.put(MEETINGS, meeting)
        # Creating the meeting is not an edit one can undo inside it.
        document.undo_manager.clear()
    return meeting


def update(store: Store, meeting_id: str, **changes: Any) -> Meeting:
    if isinstance(changes.get("title"), str):
        current = meeting_of(store.document(meeting_id))
        changes["title"] = {**current.title, current.languages[0]: changes["title"]}
    with store.change(meeting_id) as document:
        meeting = updated(meeting_of(document), changes, EDITABLE)
        validate_meeting(meeting)
        outside = [
            item
            for item in document.entities(AGENDA)
            if any(
                t is not None and not meeting.start <= t.date() <= meeting.end
                for t in (item.start, item.end)
            )
        ]
        if outside:
            field = "start" if "start" in changes else "end"
            raise ValidationError.single(
                field,
                ngettext(
                    "{n} agenda item would fall outside the new meeting days; move it first.",
                    "{n} agenda items would fall outside the new meeting days; move them first.",
                    len(outside),
                ).format(n=len(outside)),
            )
        document.put(MEETINGS, meeting)
    return meeting


def delete(store: Store, meeting_id: str) -> None:
    """Remove the meeting and everything in it from this laptop (not undoable)."""
    meeting_of(store.document(meeting_id))
    store.forget(meeting_id)
