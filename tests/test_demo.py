"""The demo meeting: what every new user sees first must be rich, valid and load cleanly.

Everything goes through the public interfaces (``ensure_demo_meeting``, the queries, the
command line) on a real SQLite file in a temporary folder.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
import uuid
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from euromed_desktop.cli import cli
from euromed_desktop.demo import (
    DEMO_MEETING_ID,
    create_demo_meeting,
    ensure_demo_meeting,
    load_demo_data,
)
from euromed_desktop.domain.entities import AgendaItem, Meeting
from euromed_desktop.domain.validation import is_email
from euromed_desktop.domain.vocab import (
    ActionStatus,
    AgendaKind,
    BlockKind,
    Gender,
    Role,
    StakeholderGroup,
)
from euromed_desktop.store import minutes, participants, queries
from euromed_desktop.store.store import Store
from euromed_desktop.sync import export_sync, import_bundle
from euromed_desktop.sync.device import DeviceKey
from tests.conftest import dump

RESERVED_DOMAINS = ("example.org", "example.com", "example.net")


@pytest.fixture
def demo(store: Store) -> Meeting:
    meeting, created = ensure_demo_meeting(store)
    assert created
    return meeting


def _script(text: str) -> str:
    """The script of the first letter of a text: ARABIC, GEORGIAN, LATIN..."""
    letter = next(c for c in text if c.isalpha())
    return unicodedata.name(letter).split()[0]


def _day_of(item: AgendaItem, items: dict[str, AgendaItem]) -> date:
    while item.start is None and item.parent_id is not None:
        item = items[item.parent_id]
    assert item.start is not None
    return item.start.date()


# loading ---------------------------------------------------------------------------------------


def test_the_demo_is_created_once_and_then_found(store: Store) -> None:
    meeting, created = ensure_demo_meeting(store)
    assert created and meeting.id == DEMO_MEETING_ID
    before = queries.counts(store, meeting.id)
    again, created_again = ensure_demo_meeting(store)
    assert not created_again and again.id == meeting.id
    assert queries.counts(store, meeting.id) == before
    assert [m.id for m in queries.meetings(store)] == [DEMO_MEETING_ID]
    # The id databases made by earlier versions hold (it is written out in the module).
    assert str(uuid.uuid5(uuid.NAMESPACE_URL, "euromed-desktop:demo-meeting:1")) == DEMO_MEETING_ID


def _content(store: Store, meeting_id: str) -> dict[str, list[str]]:
    """A meeting's records with ids left out and references written as names and titles, so
    that two databases built apart can be compared."""
    people = {
        p.id: f"{p.family_name}, {p.given_name}" for p in queries.participants(store, meeting_id)
    }
    items = {i.id: json.dumps(i.title, sort_keys=True) for i in queries.agenda(store, meeting_id)}
    names = {**people, **items}

    def named(value: Any) -> Any:
        if isinstance(value, list):
            return [named(v) for v in value]
        return names.get(value, value) if isinstance(value, str) else value

    def plain(entity: Any) -> str:
        fields = {
            key: named(value)
            for key, value in dataclasses.asdict(entity).items()
            if key not in ("id", "meeting_id", "created_at")
        }
        return json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)

    records = {
        "meeting": [queries.meeting(store, meeting_id)],
        "participants": queries.participants(store, meeting_id),
        "agenda": queries.agenda(store, meeting_id),
        "blocks": queries.blocks(store, meeting_id),
        "decisions": queries.decisions(store, meeting_id),
        "actions": queries.actions(store, meeting_id),
    }
    return {kind: sorted(plain(r) for r in found) for kind, found in records.items()}


def test_the_shipped_demo_document_is_the_json_built_through_the_services(
    store: Store, other: Store
) -> None:
    """resources/demo/demo-meeting.ydoc must be rebuilt (python -m euromed_desktop.demo)
    whenever the JSON changes."""
    ensure_demo_meeting(store)
    create_demo_meeting(other, load_demo_data())
    assert _content(store, DEMO_MEETING_ID) == _content(other, DEMO_MEETING_ID)


def test_two_laptops_that_each_opened_the_demo_merge_it_without_doubles(
    store: Store, other: Store, key_a: DeviceKey, key_b: DeviceKey, tmp_path: Path
) -> None:
    ensure_demo_meeting(store)
    ensure_demo_meeting(other)
    before = queries.counts(store, DEMO_MEETING_ID)
    karim = next(p for p in queries.participants(store, DEMO_MEETING_ID) if p.given_name)
    participants.update(store, DEMO_MEETING_ID, karim.id, organisation="Training team")
    item_id = queries.blocks(other, DEMO_MEETING_ID)[0].item_id
    minutes.add_block(other, DEMO_MEETING_ID, item_id, text="Practice note from Bruno.")

    export_sync(store, tmp_path / "a.euromed", [DEMO_MEETING_ID], key=key_a)
    export_sync(other, tmp_path / "b.euromed", [DEMO_MEETING_ID], key=key_b)
    import_bundle(other, tmp_path / "a.euromed", key=key_b)
    import_bundle(store, tmp_path / "b.euromed", key=key_a)

    for laptop in (store, other):
        counts = queries.counts(laptop, DEMO_MEETING_ID)
        assert counts.participants == before.participants
        assert counts.agenda_items == before.agenda_items
        assert counts.blocks == before.blocks + 1
        assert [m.id for m in queries.meetings(laptop)] == [DEMO_MEETING_ID]
        person = next(p for p in queries.participants(laptop, DEMO_MEETING_ID) if p.id == karim.id)
        assert person.organisation == "Training team"
    assert _content(store, DEMO_MEETING_ID) == _content(other, DEMO_MEETING_ID)


def test_the_demo_meeting_is_a_two_day_dialogue_in_tunis(store: Store, demo: Meeting) -> None:
    meeting = queries.meeting(store, demo.id)
    assert set(meeting.title) == {"en", "fr", "ar"} and all(meeting.title.values())
    assert (meeting.start, meeting.end) == (date(2026, 3, 10), date(2026, 3, 11))
    assert (meeting.country, meeting.city, meeting.timezone) == ("TN", "Tunis", "Africa/Tunis")
    assert meeting.venue
    assert meeting.kind == "regional_dialogue" and meeting.component == "dialogue"
    assert "legal_migration" in meeting.thematic_areas
    assert meeting.languages == ["en", "fr", "ar"]
    assert meeting.confidentiality == "chatham_house"
    assert meeting.status == "minutes_draft"


def test_the_store_is_healthy_after_loading_the_demo(store: Store, demo: Meeting) -> None:
    report = store.check()
    assert report.healthy, report.problems
    assert report.problems == []


# participants ----------------------------------------------------------------------------------


def test_participants_cover_every_group_role_and_gender(store: Store, demo: Meeting) -> None:
    people = queries.participants(store, demo.id)
    assert len(people) >= 40
    assert len({p.country for p in people}) >= 12
    assert {p.stakeholder_group for p in people} == set(StakeholderGroup.codes())
    assert {p.role for p in people} == set(Role.codes())
    assert {p.gender for p in people} == set(Gender.codes())
    scripts = Counter(_script(p.family_name) for p in people)
    assert scripts["ARABIC"] >= 3 and scripts["GEORGIAN"] >= 1 and scripts["LATIN"] >= 30


def test_participants_have_unique_fictitious_e_mails(store: Store, demo: Meeting) -> None:
    emails = [p.email.casefold() for p in queries.participants(store, demo.id)]
    assert all(emails) and len(set(emails)) == len(emails)
    assert all(is_email(e) for e in emails)
    assert all(e.rsplit("@", 1)[1].endswith(RESERVED_DOMAINS) for e in emails), [
        e for e in emails if not e.rsplit("@", 1)[1].endswith(RESERVED_DOMAINS)
    ]


def test_attendance_and_consent_vary(store: Store, demo: Meeting) -> None:
    people = queries.participants(store, demo.id)
    days = Counter(len(p.days_present) for p in people)
    assert days[2] > len(people) // 2  # most came on both days
    assert days[1] >= 2 and days[0] >= 2  # some on one day; some registered but absent
    assert all(set(p.days_present) <= set(demo.days) for p in people)
    assert any(p.consent_contact for p in people) and any(not p.consent_contact for p in people)


# agenda ----------------------------------------------------------------------------------------


def test_every_agenda_item_lies_within_the_meeting_days(store: Store, demo: Meeting) -> None:
    items = queries.agenda(store, demo.id)
    assert 12 <= len(items) <= 18
    by_id = {i.id: i for i in items}
    for item in items:
        assert item.start is not None and item.end is not None, item.title
        assert demo.start <= item.start.date() <= demo.end
        assert item.start < item.end and item.start.date() == item.end.date()
        assert all(item.title.get(lang) for lang in ("en", "fr", "ar")), item.title
        if item.parent_id is not None:
            parent = by_id[item.parent_id]
            assert parent.start and parent.end
            assert parent.start <= item.start and item.end <= parent.end, item.title
    assert {i.start.date() for i in items if i.start} == set(demo.days)
    assert {i.kind for i in items} == set(AgendaKind.codes())
    assert any(i.parent_id is not None for i in items)


def test_sessions_of_a_day_do_not_overlap(store: Store, demo: Meeting) -> None:
    top = [i for i in queries.agenda(store, demo.id) if i.parent_id is None]
    for day in demo.days:
        spans = sorted((i.start, i.end) for i in top if i.start and i.end and i.start.date() == day)
        for (_start, end), (start, _end) in pairwise(spans):
            assert end <= start


def test_substantive_sessions_name_a_theme_and_people_present_that_day(
    store: Store, demo: Meeting
) -> None:
    items = queries.agenda(store, demo.id)
    by_id = {i.id: i for i in items}
    people = {p.id: p for p in queries.participants(store, demo.id)}
    substantive = [i for i in items if i.kind in ("panel", "working_group")]
    assert substantive and all(i.thematic_area for i in substantive)
    assert any(i.moderators for i in items) and any(i.speakers for i in items)
    for item in items:
        for person_id in [*item.moderators, *item.speakers]:
            assert _day_of(item, by_id) in people[person_id].days_present, (
                item.title["en"],
                people[person_id].full_name,
            )


# minutes ---------------------------------------------------------------------------------------


def test_minutes_are_written_in_english_french_and_arabic(store: Store, demo: Meeting) -> None:
    blocks = queries.blocks(store, demo.id)
    assert 25 <= len(blocks) <= 35
    languages = Counter(b.lang for b in blocks)
    assert languages["fr"] >= 6 and languages["ar"] >= 6 and languages["en"] >= 6
    assert set(languages) == {"en", "fr", "ar"}
    assert {b.kind for b in blocks} == set(BlockKind.codes())
    for block in blocks:
        assert block.text.strip()
        assert block.is_rtl == (block.lang == "ar"), block.text[:40]


def test_some_blocks_are_translated_into_georgian_english_and_french(
    store: Store, demo: Meeting
) -> None:
    blocks = queries.blocks(store, demo.id)
    georgian = [b.translations["ka"] for b in blocks if "ka" in b.translations]
    assert georgian and all(_script(text) == "GEORGIAN" for text in georgian)
    arabic = [b for b in blocks if b.lang == "ar"]
    assert any("en" in b.translations for b in arabic)
    assert any("fr" in b.translations for b in arabic)


def test_interventions_name_a_speaker_present_that_day_and_a_time(
    store: Store, demo: Meeting
) -> None:
    items = {i.id: i for i in queries.agenda(store, demo.id)}
    people = {p.id: p for p in queries.participants(store, demo.id)}
    for block in queries.blocks(store, demo.id):
        if block.kind != "intervention":
            continue
        assert block.speaker_id is not None and block.time is not None, block.text[:40]
        item = items[block.item_id]
        assert _day_of(item, items) in people[block.speaker_id].days_present
        if item.start and item.end:
            assert item.start.strftime("%H:%M") <= block.time <= item.end.strftime("%H:%M")


def test_decisions_and_action_points_follow_the_meeting(store: Store, demo: Meeting) -> None:
    decisions = queries.decisions(store, demo.id)
    assert 3 <= len(decisions) <= 5
    assert {"en", "fr", "ar"} <= {d.lang for d in decisions}
    actions = queries.actions(store, demo.id)
    assert 6 <= len(actions) <= 10
    assert all(a.due is not None and a.due > demo.end and a.owner for a in actions)
    assert all(a.item_id is not None for a in actions)
    assert {a.status for a in actions} <= set(ActionStatus.codes())
    assert len({a.status for a in actions}) >= 3


# search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("النقابات", "blocks"),  # Arabic, as written in a block
        ("التنقل", "blocks"),  # written التنقّل (with a shadda) in the blocks
        ("réforme", "blocks"),  # French with an accent
        ("reforme", "blocks"),  # ... typed without it
        ("ბერიძე", "participants"),  # Georgian
        ("საერთაშორისო დაცვა", "blocks"),  # Georgian translation of a block
    ],
)
def test_search_finds_demo_text_in_every_script(
    store: Store, demo: Meeting, query: str, entity: str
) -> None:
    hits = queries.search(store, query, demo.id)
    assert any(h.entity == entity for h in hits), hits


# command line ----------------------------------------------------------------------------------


def _run(db_path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _counts(db_path: Path) -> dict[str, Any]:
    shown = json.loads(_run(db_path, "meetings", "show", DEMO_MEETING_ID, "--json").stdout)
    counts: dict[str, Any] = shown["counts"]
    return counts


def test_euromed_demo_twice_changes_nothing_the_second_time(db_path: Path) -> None:
    first = _run(db_path, "demo")
    assert DEMO_MEETING_ID in first.output and "already" not in first.output
    counts = _counts(db_path)
    assert counts["participants"] >= 40 and counts["blocks"] >= 25
    before = dump(db_path)
    second = _run(db_path, "demo")
    assert "already" in second.output and DEMO_MEETING_ID in second.output
    assert _counts(db_path) == counts
    assert dump(db_path) == before
    listed = json.loads(_run(db_path, "meetings", "list", "--json").stdout)
    assert [m["id"] for m in listed] == [DEMO_MEETING_ID]
    as_json = json.loads(_run(db_path, "demo", "--json").stdout)
    assert as_json["id"] == DEMO_MEETING_ID and as_json["created"] is False
