"""The store through its services: projection in step, rebuild, undo, merge, migrations."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import NotFoundError, StoreError, ValidationError
from euromed_desktop.store import agenda, meetings, minutes, participants, projection, queries
from euromed_desktop.store.database import SCHEMA_VERSION
from euromed_desktop.store.store import COMPACT_AT, Store
from tests.conftest import dump


def in_step(store: Store, meeting_id: str) -> bool:
    return projection.stored(store.conn, meeting_id) == projection.derived(
        store.document(meeting_id)
    )


def test_every_service_is_visible_in_the_projection_at_once(store: Store, meeting: Meeting) -> None:
    session = agenda.add(
        store,
        meeting.id,
        title={"en": "Skills partnerships", "ar": "شراكات المهارات"},
        start=datetime(2026, 3, 10, 9, 30),
        end=datetime(2026, 3, 10, 11, 0),
    )
    person = participants.add(
        store, meeting.id, family_name="Benali", given_name="Karim", country="MA"
    )
    item = agenda.add(
        store, meeting.id, title="Panel", kind="panel", parent_id=session.id, speakers=[person.id]
    )
    block = minutes.add_block(store, meeting.id, item.id, text="Opening remarks.")
    minutes.insert_text_at(store, meeting.id, block.id, 7, " and welcome")
    minutes.set_translation(store, meeting.id, block.id, "ar", "كلمات افتتاحية.")
    participants.set_attendance(store, meeting.id, person.id, date(2026, 3, 10))
    action = minutes.add_action(store, meeting.id, "Circulate the draft", due=date(2026, 4, 1))

    assert [i.id for i in queries.agenda(store, meeting.id)] == [session.id, item.id]
    assert queries.agenda(store, meeting.id)[1].speakers == [person.id]
    [stored_block] = queries.blocks(store, meeting.id)
    assert stored_block.text == "Opening and welcome remarks."
    assert stored_block.translations == {"ar": "كلمات افتتاحية."}
    assert queries.participants(store, meeting.id)[0].days_present == [date(2026, 3, 10)]
    assert queries.actions(store, meeting.id)[0].id == action.id
    assert in_step(store, meeting.id)


def test_rebuild_from_the_log_gives_the_same_tables(store: Store, meeting: Meeting) -> None:
    item = agenda.add(store, meeting.id, title="Opening", kind="opening")
    for n in range(5):
        minutes.add_block(store, meeting.id, item.id, text=f"Block {n}")
    before = projection.stored(store.conn, meeting.id)
    assert store.rebuild() == 1
    assert projection.stored(store.conn, meeting.id) == before
    assert store.check().healthy


def test_check_finds_tables_that_drifted_from_the_log(store: Store, meeting: Meeting) -> None:
    store.conn.execute("UPDATE meetings SET city = 'Nowhere'")
    report = store.check()
    assert not report.healthy
    assert "differ from the update log" in report.problems[0]
    store.rebuild()
    assert store.check().healthy


def test_text_offsets_are_characters_in_every_script(store: Store, meeting: Meeting) -> None:
    item = agenda.add(store, meeting.id, title="Session")
    block = minutes.add_block(store, meeting.id, item.id, text="أكد ممثل المغرب", lang="ar")
    minutes.insert_text_at(store, meeting.id, block.id, 3, "X")
    minutes.delete_text_at(store, meeting.id, block.id, 0, 1)
    assert queries.blocks(store, meeting.id)[0].text == "كدX ممثل المغرب"
    ka = minutes.add_block(store, meeting.id, item.id, text="რეგიონული დიალოგი", lang="ka")
    minutes.set_text(store, meeting.id, ka.id, "რეგიონული დიალოგი და თანამშრომლობა")
    assert queries.blocks(store, meeting.id, item.id)[1].text.endswith("თანამშრომლობა")
    with pytest.raises(ValidationError) as error:
        minutes.insert_text_at(store, meeting.id, block.id, 99, "!")
    assert error.value.errors[0].field == "position"


def test_undo_and_redo_the_local_users_steps(store: Store, meeting: Meeting) -> None:
    item = agenda.add(store, meeting.id, title="Session")
    block = minutes.add_block(store, meeting.id, item.id, text="")
    for n, char in enumerate("Hello"):
        minutes.insert_text_at(store, meeting.id, block.id, n, char)
    minutes.update_block(store, meeting.id, block.id, kind="conclusion")

    assert store.undo(meeting.id)  # the kind change
    assert queries.blocks(store, meeting.id)[0].kind == "note"
    assert store.undo(meeting.id)  # the typing, as one step
    assert queries.blocks(store, meeting.id)[0].text == ""
    assert store.redo(meeting.id)
    assert queries.blocks(store, meeting.id)[0].text == "Hello"
    assert in_step(store, meeting.id)


def test_undo_leaves_a_colleagues_merged_edits(
    tmp_path: Path, meeting: Meeting, store: Store
) -> None:
    item = agenda.add(store, meeting.id, title="Session")
    block = minutes.add_block(store, meeting.id, item.id, text="The Chair opened the session.")
    with Store(tmp_path / "colleague.sqlite") as colleague:
        colleague.apply_update(meeting.id, store.encode_update(meeting.id))
        minutes.insert_text_at(colleague, meeting.id, block.id, 0, "[09:05] ")
        store.apply_update(
            meeting.id, colleague.encode_update(meeting.id, store.state_vector(meeting.id))
        )
    minutes.insert_text_at(store, meeting.id, block.id, 29 + 8, " Welcome.")
    assert (
        queries.blocks(store, meeting.id)[0].text
        == "[09:05] The Chair opened the session. Welcome."
    )
    store.undo(meeting.id)
    assert queries.blocks(store, meeting.id)[0].text == "[09:05] The Chair opened the session."


def test_concurrent_typing_in_one_block_keeps_both(
    tmp_path: Path, store: Store, meeting: Meeting
) -> None:
    item = agenda.add(store, meeting.id, title="Session")
    block = minutes.add_block(store, meeting.id, item.id, text="Tunisia and Italy agreed.")
    with Store(tmp_path / "b.sqlite") as other:
        other.apply_update(meeting.id, store.encode_update(meeting.id))
        minutes.insert_text_at(store, meeting.id, block.id, 17, " broadly")
        minutes.insert_text_at(other, meeting.id, block.id, 7, " (Ministry of Employment)")
        minutes.update_block(other, meeting.id, block.id, kind="conclusion")
        ours = store.encode_update(meeting.id, other.state_vector(meeting.id))
        theirs = other.encode_update(meeting.id, store.state_vector(meeting.id))
        store.apply_update(meeting.id, theirs)
        other.apply_update(meeting.id, ours)
        expected = "Tunisia (Ministry of Employment) and Italy broadly agreed."
        for replica in (store, other):
            [merged] = queries.blocks(replica, meeting.id)
            assert merged.text == expected
            assert merged.kind == "conclusion"
        assert projection.stored(store.conn, meeting.id) == projection.stored(
            other.conn, meeting.id
        )
        # Importing the same update again changes nothing.
        assert store.apply_update(meeting.id, theirs) == 0


def test_a_failed_batch_writes_nothing_and_memory_follows_disk(
    store: Store, meeting: Meeting, db_path: Path
) -> None:
    item = agenda.add(store, meeting.id, title="Session")
    before = dump(db_path)
    with pytest.raises(ValidationError), store.transaction():
        minutes.add_block(store, meeting.id, item.id, text="kept?")
        participants.add(store, meeting.id, family_name="")
    assert dump(db_path) == before
    assert queries.blocks(store, meeting.id) == []
    assert store.document(meeting.id).entities(minutes.BLOCKS) == []


def test_deleting_a_session_with_minutes_needs_consent(store: Store, meeting: Meeting) -> None:
    session = agenda.add(store, meeting.id, title="Session 1")
    item = agenda.add(store, meeting.id, title="Panel", parent_id=session.id)
    minutes.add_block(store, meeting.id, item.id, text="Notes")
    action = minutes.add_action(store, meeting.id, "Follow up", item_id=item.id)
    with pytest.raises(ValidationError):
        agenda.delete(store, meeting.id, session.id)
    assert agenda.delete(store, meeting.id, session.id, with_minutes=True) == 2
    assert queries.agenda(store, meeting.id) == []
    assert queries.blocks(store, meeting.id) == []
    assert queries.actions(store, meeting.id)[0].id == action.id
    assert queries.actions(store, meeting.id)[0].item_id is None


def test_reorder_and_move_between_sessions(store: Store, meeting: Meeting) -> None:
    one = agenda.add(store, meeting.id, title="One")
    two = agenda.add(store, meeting.id, title="Two")
    a = agenda.add(store, meeting.id, title="A", parent_id=one.id)
    b = agenda.add(store, meeting.id, title="B", parent_id=one.id)
    agenda.move(store, meeting.id, b.id, parent_id=one.id, index=0)
    agenda.move(store, meeting.id, two.id, parent_id=None, index=0)
    agenda.move(store, meeting.id, a.id, parent_id=two.id, index=0)
    titles = [i.title["en"] for i in queries.agenda(store, meeting.id)]
    assert titles == ["Two", "A", "One", "B"]
    with pytest.raises(ValidationError):
        agenda.move(store, meeting.id, one.id, parent_id=two.id, index=None)  # has children
    with pytest.raises(ValidationError):
        agenda.move(store, meeting.id, b.id, parent_id=a.id, index=None)  # three levels


def test_deleting_a_participant_clears_agenda_roles(store: Store, meeting: Meeting) -> None:
    person = participants.add(store, meeting.id, family_name="Costa")
    item = agenda.add(store, meeting.id, title="Panel", moderators=[person.id])
    participants.delete(store, meeting.id, person.id)
    assert queries.agenda(store, meeting.id)[0].moderators == []
    assert queries.participants(store, meeting.id) == []
    with pytest.raises(NotFoundError):
        participants.update(store, meeting.id, person.id, family_name="Costa")
    assert item.id


def test_search_minutes_agenda_and_people_in_every_script(store: Store, meeting: Meeting) -> None:
    item = agenda.add(
        store, meeting.id, title={"en": "Recognition of qualifications", "ar": "الاعتراف بالمؤهلات"}
    )
    participants.add(
        store,
        meeting.id,
        family_name="Mansour",
        given_name="Rania",
        organisation="Université de Sfax",
    )
    block = minutes.add_block(
        store, meeting.id, item.id, text="أكّد المشاركون أهمية الشراكات", lang="ar"
    )
    minutes.set_translation(
        store, meeting.id, block.id, "ka", "მონაწილეებმა ხაზი გაუსვეს პარტნიორობას"
    )
    assert [h.ref_id for h in queries.search(store, "qualif")] == [item.id]
    assert queries.search(store, "universite sfax")[0].entity == "participants"
    # Vowel marks (shadda) in the text do not hide it from a search typed without them.
    assert [h.ref_id for h in queries.search(store, "أكد")] == [block.id]
    assert [h.ref_id for h in queries.search(store, "პარტნიორობას")] == [block.id]
    assert queries.search(store, "   ") == []
    assert queries.search(store, 'quote " and (') == []


def test_open_compacts_a_long_log_without_changing_anything(db_path: Path) -> None:
    with Store(db_path) as first:
        meeting = meetings.create(
            first, title="Long", start=date(2026, 1, 5), end=date(2026, 1, 5), country="MT"
        )
        item = agenda.add(first, meeting.id, title="Session")
        block = minutes.add_block(first, meeting.id, item.id)
        for n in range(COMPACT_AT):
            minutes.insert_text_at(first, meeting.id, block.id, n, "x")
        tables = projection.stored(first.conn, meeting.id)
    with Store(db_path) as second:
        assert queries.blocks(second, meeting.id)[0].text == "x" * COMPACT_AT
        second.document(meeting.id)
        count = second.conn.execute("SELECT COUNT(*) FROM updates").fetchone()[0]
        assert count == 1
        assert projection.stored(second.conn, meeting.id) == tables
        assert second.check().healthy


def test_a_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer version"):
        Store(db_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a EUROMED Desktop database"):
        Store(junk)


def test_changed_projection_layout_is_rebuilt_on_open(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as first:
        meeting = meetings.create(
            first, title="M", start=date(2026, 2, 2), end=date(2026, 2, 3), country="JO"
        )
        participants.add(first, meeting.id, family_name="Khoury")
        expected = projection.stored(first.conn, meeting.id)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(db_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'projection_version'")
    conn.execute("DELETE FROM participants")
    conn.commit()
    conn.close()
    with Store(copy) as reopened:
        assert projection.stored(reopened.conn, meeting.id) == expected


def test_the_default_database_follows_euromed_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "elsewhere" / "x.sqlite"
    monkeypatch.setenv("EUROMED_DB", str(target))
    with Store() as opened:
        assert opened.path == target
    assert target.exists()
    mode = opened.conn  # closed; only checks it was created
    assert mode is not None


def test_listeners_hear_what_each_commit_touched(store: Store, meeting: Meeting) -> None:
    heard: list[tuple[str, frozenset[tuple[str, str]]]] = []
    unsubscribe = store.subscribe(lambda mid, touched: heard.append((mid, touched)))
    with store.transaction():
        person = participants.add(store, meeting.id, family_name="Saad")
        item = agenda.add(store, meeting.id, title="Session", moderators=[person.id])
    assert heard == [(meeting.id, frozenset({("participants", person.id), ("agenda", item.id)}))]
    with pytest.raises(ValidationError):
        participants.add(store, meeting.id, family_name="")
    assert len(heard) == 1  # nothing committed, nothing told
    unsubscribe()
    participants.delete(store, meeting.id, person.id)
    assert len(heard) == 1
