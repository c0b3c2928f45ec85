"""Versions of the minutes: taken, compared word by word, restored as an edit that merges,
and the approval workflow (draft → in review → approved, reopened by an edit)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import NotFoundError, ValidationError
from euromed_desktop.store import agenda, meetings, minutes, queries, versions
from euromed_desktop.store.store import Store
from euromed_desktop.sync import export_sync, import_bundle
from euromed_desktop.sync.device import DeviceKey


@pytest.fixture
def blocks(store: Store, meeting: Meeting) -> dict[str, str]:
    item = agenda.add(store, meeting.id, title="Opening")
    en = minutes.add_block(store, meeting.id, item.id, text="The Chair opened the session.")
    ar = minutes.add_block(
        store, meeting.id, item.id, text="افتتح الرئيس الجلسة وأعطى الكلمة للوفد.", lang="ar"
    )
    untouched = minutes.add_block(store, meeting.id, item.id, text="Coffee was served.")
    return {"item": item.id, "en": en.id, "ar": ar.id, "untouched": untouched.id}


def exchange(
    a: Store, b: Store, meeting_id: str, tmp_path: Path, key_a: DeviceKey, key_b: DeviceKey
) -> None:
    """Send each replica's state to the other by bundle file."""
    export_sync(a, tmp_path / "a.euromed", [meeting_id], key=key_a)
    import_bundle(b, tmp_path / "a.euromed", key=key_b)
    export_sync(b, tmp_path / "b.euromed", [meeting_id], key=key_b)
    import_bundle(a, tmp_path / "b.euromed", key=key_a)


def texts(store: Store, meeting_id: str) -> dict[str, str]:
    return {b.id: b.text for b in queries.blocks(store, meeting_id)}


def test_tokens_keep_arabic_words_with_their_marks() -> None:
    assert versions.tokens("قالَ الرئيسُ: 12 شكراً") == [
        "قالَ",
        " ",
        "الرئيسُ",
        ":",
        " ",
        "12",
        " ",
        "شكراً",
    ]
    segments = versions.word_diff("the old text here", "the new text here")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "the "),
        ("delete", "old"),
        ("insert", "new"),
        ("equal", " text here"),
    ]
    # A phrase rewritten as a whole reads as one change, not word / space / word.
    segments = versions.word_diff("Text as approved.", "New words.")
    assert [(s.op, s.text) for s in segments] == [
        ("delete", "Text as approved"),
        ("insert", "New words"),
        ("equal", "."),
    ]


def test_compare_shows_exactly_the_edits_and_merges_since_the_version(
    store: Store,
    other: Store,
    meeting: Meeting,
    blocks: dict[str, str],
    tmp_path: Path,
    key_a: DeviceKey,
    key_b: DeviceKey,
) -> None:
    exchange(store, other, meeting.id, tmp_path, key_a, key_b)
    taken = versions.take(store, meeting.id, name="Before lunch", author="Amina")
    assert taken.number == 1 and taken.author == "Amina"

    # Here: a word inserted in English; there: a colleague changes one Arabic word and adds a
    # decision; both merge.
    minutes.insert_text_at(store, meeting.id, blocks["en"], 4, "acting ")
    minutes.set_text(other, meeting.id, blocks["ar"], "افتتح الرئيس الجلسة وأعطى الكلمة للمغرب.")
    minutes.add_decision(other, meeting.id, blocks["item"], "Adopted.")
    exchange(store, other, meeting.id, tmp_path, key_a, key_b)

    changes = versions.compare(store, meeting.id, taken.number)
    assert [(c.root, c.record_id, c.change) for c in changes] == [
        ("blocks", blocks["en"], "changed"),
        ("blocks", blocks["ar"], "changed"),
        ("decisions", changes[2].record_id, "added"),
    ]
    en, ar, decision = changes
    assert [(s.op, s.text.strip()) for s in en.segments if s.op != "equal"] == [
        ("insert", "acting")
    ]
    for change in changes:
        assert "".join(s.text for s in change.segments if s.op != "insert") == change.old
        assert "".join(s.text for s in change.segments if s.op != "delete") == change.new
    assert [(s.op, s.text) for s in ar.segments if s.op != "equal"] == [
        ("delete", "للوفد"),
        ("insert", "للمغرب"),
    ]
    assert decision.new == "Adopted." and decision.old == ""
    assert en.item_title == "Opening"
    # The version itself is unchanged by the edits and merges that followed.
    assert (
        versions.document(store, taken).entity(versions.BLOCKS, blocks["en"]).text
        == "The Chair opened the session."
    )
    # Two versions compare too, and a version with itself shows nothing.
    second = versions.take(store, meeting.id, author="Amina")
    assert [c.record_id for c in versions.compare(store, meeting.id, 1, second.number)] == [
        c.record_id for c in changes
    ]
    assert versions.compare(store, meeting.id, second.number) == []


def test_restore_is_one_undoable_edit_that_another_replica_agrees_with(
    store: Store,
    other: Store,
    meeting: Meeting,
    blocks: dict[str, str],
    tmp_path: Path,
    key_a: DeviceKey,
    key_b: DeviceKey,
) -> None:
    exchange(store, other, meeting.id, tmp_path, key_a, key_b)
    before = texts(store, meeting.id)
    taken = versions.take(store, meeting.id, author="Amina")
    minutes.set_text(store, meeting.id, blocks["en"], "Rewritten entirely.")
    minutes.delete_block(other, meeting.id, blocks["ar"])
    minutes.add_block(other, meeting.id, blocks["item"], text="A late addition.")
    exchange(store, other, meeting.id, tmp_path, key_a, key_b)
    assert texts(store, meeting.id) != before

    assert versions.restore(store, meeting.id, taken.id[:8]) == 3
    assert texts(store, meeting.id) == before
    assert versions.compare(store, meeting.id, taken.number) == []
    assert versions.restore(store, meeting.id, taken.number) == 0

    exchange(store, other, meeting.id, tmp_path, key_a, key_b)
    assert texts(other, meeting.id) == before
    assert store.encode_update(meeting.id) and store.state_vector(meeting.id) == other.state_vector(
        meeting.id
    )

    # The restore is one local step: undo brings back what it replaced.
    assert store.undo(meeting.id)
    assert texts(store, meeting.id)[blocks["en"]] == "Rewritten entirely."
    assert blocks["ar"] not in texts(store, meeting.id)


def test_restoring_minutes_brings_back_the_agenda_item_they_were_taken_under(
    store: Store, meeting: Meeting
) -> None:
    session = agenda.add(store, meeting.id, title="Day one")
    item = agenda.add(store, meeting.id, title="Labour mobility", parent_id=session.id)
    block = minutes.add_block(store, meeting.id, item.id, text="Partners shared figures.")
    taken = versions.take(store, meeting.id, author="Amina")
    agenda.delete(store, meeting.id, session.id, with_minutes=True)
    assert queries.blocks(store, meeting.id) == [] and queries.agenda(store, meeting.id) == []

    versions.restore(store, meeting.id, taken.number)
    restored = {i.id: i for i in queries.agenda(store, meeting.id)}
    assert set(restored) == {session.id, item.id}
    assert restored[item.id].parent_id == session.id
    assert [b.id for b in queries.blocks(store, meeting.id, item.id)] == [block.id]
    # One step: undo takes the item and its minutes away again.
    assert store.undo(meeting.id)
    assert queries.agenda(store, meeting.id) == [] and queries.blocks(store, meeting.id) == []


def test_restore_keeps_a_colleagues_concurrent_typing(
    store: Store,
    other: Store,
    meeting: Meeting,
    blocks: dict[str, str],
    tmp_path: Path,
    key_a: DeviceKey,
    key_b: DeviceKey,
) -> None:
    exchange(store, other, meeting.id, tmp_path, key_a, key_b)
    versions.take(store, meeting.id)
    minutes.set_text(store, meeting.id, blocks["en"], "The Chair opened the session. Oops.")
    exchange(store, other, meeting.id, tmp_path, key_a, key_b)
    # While this laptop restores, the colleague types at the start of the same block.
    versions.restore(store, meeting.id, 1)
    minutes.insert_text_at(other, meeting.id, blocks["en"], 0, "Today, ")
    exchange(store, other, meeting.id, tmp_path, key_a, key_b)
    assert texts(store, meeting.id)[blocks["en"]] == "Today, The Chair opened the session."
    assert texts(other, meeting.id) == texts(store, meeting.id)


def test_versions_survive_reopening_and_unknown_ones_are_refused(
    db_path: Path, meeting: Meeting, store: Store, blocks: dict[str, str]
) -> None:
    versions.take(store, meeting.id, name="First", author="Amina")
    store.close()
    with Store(db_path) as again:
        listed = versions.versions(again, meeting.id)
        assert [(v.number, v.name, v.author, v.approved) for v in listed] == [
            (1, "First", "Amina", False)
        ]
        with pytest.raises(NotFoundError):
            versions.get(again, meeting.id, 7)
        with pytest.raises(NotFoundError):
            versions.get(again, meeting.id, "")
        # Deleting the meeting from this laptop deletes its versions with it.
        meetings.delete(again, meeting.id)
        assert versions.versions(again, meeting.id) == []


def test_approval_workflow_takes_versions_and_an_edit_reopens_the_draft(
    store: Store, meeting: Meeting, blocks: dict[str, str]
) -> None:
    with pytest.raises(ValidationError):
        versions.set_status(store, meeting.id, "approved", by="Amina")
    review = versions.set_status(store, meeting.id, "in_review", by="Amina")
    assert review is not None and review.status == "in_review" and not review.approved
    with pytest.raises(ValidationError):
        versions.set_status(store, meeting.id, "approved", by="  ")
    approval = versions.set_status(store, meeting.id, "approved", by="Dr Karim Haddad")
    assert approval is not None and approval.approved and approval.status == "approved"
    assert versions.approved(store, meeting.id) == approval
    assert queries.meeting(store, meeting.id).status == "approved"

    # A comment is not an edit of the minutes; a text edit is.
    minutes.add_comment(store, meeting.id, blocks["en"], "Nadia", "Fine.")
    assert queries.meeting(store, meeting.id).status == "approved"
    minutes.insert_text_at(store, meeting.id, blocks["en"], 0, "X")
    assert queries.meeting(store, meeting.id).status == "minutes_draft"
    # Undo takes the edit and the reopening back together.
    store.undo(meeting.id)
    assert queries.meeting(store, meeting.id).status == "approved"
    # The approved version stays the frozen one, whatever happens later.
    minutes.set_text(store, meeting.id, blocks["en"], "Changed after approval.")
    assert versions.approved(store, meeting.id) == approval
    frozen = versions.document(store, approval).entity(versions.BLOCKS, blocks["en"])
    assert frozen is not None and frozen.text == "The Chair opened the session."


WORDS = ["the", "Chair", "وفد", "الرئيسُ", "მონაწილე", "12", ",", " ", "  ", "\n", "é"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=20), st.lists(st.sampled_from(WORDS), max_size=20))
def test_word_diff_rebuilds_both_texts(old: list[str], new: list[str]) -> None:
    a, b = "".join(old), "".join(new)
    segments = versions.word_diff(a, b)
    assert "".join(s.text for s in segments if s.op != "insert") == a
    assert "".join(s.text for s in segments if s.op != "delete") == b
    assert all(s.text for s in segments)
    assert all(x.op != y.op for x, y in itertools.pairwise(segments))
    if a == b:
        assert all(s.op == "equal" for s in segments)
