"""The demo meeting: a realistic two-day regional dialogue.

Its content is written in resources/demo/demo-meeting.json (records refer to each other by
short keys) and built through the services, the same write path as a user's. What a laptop
loads, though, is the document that build produced, shipped as resources/demo/demo-meeting.ydoc:
every laptop then holds the very same CRDT history, so rapporteurs who each opened the demo and
exchange bundles (as in a training) merge their demos into one instead of doubling every
person, item and block. After editing the JSON, build the file again with
``python -m euromed_desktop.demo`` (a test checks that the two agree).
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.resources import resource
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

# uuid5(NAMESPACE_URL, "euromed-desktop:demo-meeting:1"), written out: computing it loads
# OpenSSL's hashes at start-up for nothing. Existing databases hold this id, so it never changes.
DEMO_MEETING_ID = "602713b7-2c7f-575e-81f2-a64a75bda43b"


def load_demo_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource("demo", "demo-meeting.json").read_text("utf-8"))
    return data


DEMO_STATE = ("demo", "demo-meeting.ydoc")


def ensure_demo_meeting(store: Store) -> tuple[Meeting, bool]:
    """The demo meeting, added from the shipped document if this database lacks it."""
    if store.has_meeting(DEMO_MEETING_ID):
        return queries.meeting(store, DEMO_MEETING_ID), False
    store.apply_update(DEMO_MEETING_ID, resource(*DEMO_STATE).read_bytes())
    return queries.meeting(store, DEMO_MEETING_ID), True


def build_demo_state(data: dict[str, Any]) -> bytes:
    """The demo's document built from its JSON through the services, in a scratch database."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "demo.sqlite") as store:
        create_demo_meeting(store, data)
        return store.encode_update(DEMO_MEETING_ID)


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def create_demo_meeting(
    store: Store, data: dict[str, Any], meeting_id: str = DEMO_MEETING_ID
) -> Meeting:
    from euromed_desktop.store import agenda, meetings, minutes, participants

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


if __name__ == "__main__":  # python -m euromed_desktop.demo [FILE]: build the shipped document
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else resource(*DEMO_STATE)
    target.write_bytes(build_demo_state(load_demo_data()))
    print(f"{target}: {target.stat().st_size} bytes")
