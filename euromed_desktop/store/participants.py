"""Services for participants and their attendance."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from euromed_desktop.domain.entities import Participant
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.validation import validate_participant
from euromed_desktop.i18n import _
from euromed_desktop.store.collections import AGENDA, PARTICIPANTS
from euromed_desktop.store.document import MeetingDocument
from euromed_desktop.store.records import get, meeting_of, new_id, updated
from euromed_desktop.store.store import Store

EDITABLE = {
    "family_name",
    "given_name",
    "honorific",
    "gender",
    "organisation",
    "position",
    "country",
    "delegation",
    "stakeholder_group",
    "role",
    "email",
    "phone",
    "languages",
    "consent_contact",
    "attendance",
}


def _validate(store: Store, document: MeetingDocument, participant: Participant) -> None:
    participant.family_name = participant.family_name.strip()
    participant.given_name = participant.given_name.strip()
    participant.email = participant.email.strip()
    # Only people with the same e-mail matter to the rules; the projection finds them at once.
    same_email = [
        PARTICIPANTS.from_row(dict(row))
        for row in store.conn.execute(
            f"SELECT {', '.join(PARTICIPANTS.columns)} FROM participants "
            "WHERE meeting_id = ? AND email != '' AND lower(trim(email)) = lower(?)",
            (document.meeting_id, participant.email),
        )
    ]
    validate_participant(participant, meeting_of(document), same_email)


def add(store: Store, meeting_id: str, *, family_name: str, **fields: Any) -> Participant:
    with store.change(meeting_id) as document:
        participant = Participant(id=new_id(), meeting_id=meeting_id, family_name=family_name)
        participant = updated(participant, fields, EDITABLE)
        _validate(store, document, participant)
        document.put(PARTICIPANTS, participant)
    return participant


def update(store: Store, meeting_id: str, participant_id: str, **changes: Any) -> Participant:
    with store.change(meeting_id) as document:
        participant = updated(get(document, PARTICIPANTS, participant_id), changes, EDITABLE)
        _validate(store, document, participant)
        document.put(PARTICIPANTS, participant)
    return participant


def set_attendance(
    store: Store, meeting_id: str, participant_id: str, day: date, present: bool = True
) -> Participant:
    """Tick (or untick) one day; ticks for different days merge between laptops."""
    with store.change(meeting_id) as document:
        participant = get(document, PARTICIPANTS, participant_id)
        if day not in meeting_of(document).days:
            raise ValidationError.single(
                "day", _("{day} is not one of the meeting days.").format(day=day.isoformat())
            )
        participant.attendance = {**participant.attendance, day.isoformat(): present}
        document.put(PARTICIPANTS, participant)
    return participant


def delete(store: Store, meeting_id: str, participant_id: str) -> None:
    """Remove a participant and their personal data; agenda roles naming them are cleared."""
    with store.change(meeting_id) as document:
        get(document, PARTICIPANTS, participant_id)
        for item in document.entities(AGENDA):
            if participant_id in item.moderators or participant_id in item.speakers:
                item.moderators = [p for p in item.moderators if p != participant_id]
                item.speakers = [p for p in item.speakers if p != participant_id]
                document.put(AGENDA, item)
        document.delete(PARTICIPANTS, participant_id)


def add_many(
    store: Store,
    meeting_id: str,
    new: list[dict[str, Any]],
    changes: list[tuple[str, dict[str, Any]]],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Participant], list[Participant]]:
    """Add and update many participants as one change (one undo step, one log entry).

    An imported registration list must land whole or not at all, and thousands of rows must not
    cost thousands of projections; ``progress(done, total)`` may raise to abandon everything.
    """
    total, done = len(new) + len(changes), 0
    added: list[Participant] = []
    changed: list[Participant] = []
    with store.change(meeting_id) as document:
        meeting = meeting_of(document)
        people = {p.id: p for p in document.entities(PARTICIPANTS)}
        by_email: dict[str, list[Participant]] = {}
        for person in people.values():
            by_email.setdefault(person.email.strip().casefold(), []).append(person)

        def save(person: Participant, before: Participant | None) -> None:
            nonlocal done
            person.family_name = person.family_name.strip()
            person.given_name = person.given_name.strip()
            person.email = person.email.strip()
            key = person.email.casefold()
            validate_participant(person, meeting, by_email.get(key, []) if key else [])
            if before is not None:
                by_email[before.email.strip().casefold()].remove(before)
            by_email.setdefault(key, []).append(person)
            document.put(PARTICIPANTS, person)
            done += 1
            if progress is not None:
                progress(done, total)

        for participant_id, fields in changes:
            if participant_id not in people:
                get(document, PARTICIPANTS, participant_id)  # raises NotFoundError
            before = people[participant_id]
            person = updated(before, fields, EDITABLE)
            save(person, before)
            changed.append(person)
        for fields in new:
            person = updated(
                Participant(id=new_id(), meeting_id=meeting_id, family_name=""), fields, EDITABLE
            )
            save(person, None)
            added.append(person)
    return added, changed
