"""The demo meeting: a realistic two-day regional dialogue, loaded through the services.

Its content lives in resources/demo/demo-meeting.json (records refer to each other by short
keys); loading it exercises the same write path as a user, in one transaction.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.resources import resource
from euromed_desktop.store import agenda, meetings, minutes, participants, queries
from euromed_desktop.store.store import Store

# uuid5(NAMESPACE_URL, "euromed-desktop:demo-meeting:1"), written out: computing it loads
# OpenSSL's hashes at start-up for nothing. Existing databases hold this id, so it never changes.
DEMO_MEETING_ID = "602713b7-2c7f-575e-81f2-a64a75bda43b"


def load_demo_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource("demo", "demo-meeting.json").read_text("utf-8"))
    return data


def ensure_demo_meeting(store: Store) -> tuple[Meeting, bool]:
    """The demo meeting, created if this database does not have it yet."""
    if store.has_meeting(DEMO_MEETING_ID):
        return queries.meeting(store, DEMO_MEETING_ID), False
    return create_demo_meeting(store, load_demo_data()), True


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def create_demo_meeting(
    store: Store, data: dict[str, Any], meeting_id: str = DEMO_MEETING_ID
) -> Meeting:
    spec = dict(data["meeting"])
    with store.transaction():
        meeting = meetings.create(
            store,
            meeting_id=meeting_id,
            title=spec.pop("title"),
            start=date.fromisoformat(spec.pop("start")),
            end=date.fromisoformat(spec.pop("end")),
            country=spec.pop("country"),
            languages=spec.pop("languages"),
            timezone=spec.pop("timezone", None),
            **spec,
        )
        people: dict[str, str] = {}
        for person in data["participants"]:
            fields = dict(person)
            key = fields.pop("key")
            days = fields.pop("attendance", [])
            fields["attendance"] = {day: True for day in days}
            people[key] = participants.add(store, meeting.id, **fields).id
        items: dict[str, str] = {}

        def add_item(entry: dict[str, Any], parent_id: str | None) -> None:
            created = agenda.add(
                store,
                meeting.id,
                title=entry["title"],
                kind=entry["kind"],
                parent_id=parent_id,
                start=_when(entry.get("start")),
                end=_when(entry.get("end")),
                description=entry.get("description", ""),
                moderators=[people[k] for k in entry.get("moderators", [])],
                speakers=[people[k] for k in entry.get("speakers", [])],
                thematic_area=entry.get("thematic_area"),
            )
            items[entry["key"]] = created.id
            for child in entry.get("items", []):
                add_item(child, created.id)

        for entry in data["agenda"]:
            add_item(entry, None)
        for block in data["minutes"]:
            created_block = minutes.add_block(
                store,
                meeting.id,
                items[block["item"]],
                text=block["text"],
                kind=block["kind"],
                lang=block["lang"],
                speaker_id=people[block["speaker"]] if block.get("speaker") else None,
                time=block.get("time"),
            )
            for lang, text in block.get("translations", {}).items():
                minutes.set_translation(store, meeting.id, created_block.id, lang, text)
        for decision in data.get("decisions", []):
            minutes.add_decision(
                store, meeting.id, items[decision["item"]], decision["text"], lang=decision["lang"]
            )
        for action in data.get("actions", []):
            minutes.add_action(
                store,
                meeting.id,
                action["what"],
                item_id=items[action["item"]] if action.get("item") else None,
                owner=action.get("owner", ""),
                due=date.fromisoformat(action["due"]) if action.get("due") else None,
                status=action.get("status", "open"),
            )
    return meeting
