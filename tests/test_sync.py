"""Exchange by file on real databases and real bundle files: full and delta bundles,
idempotent import, trust on first use, encryption, the review loop and comments back."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.store import minutes, participants, projection, queries
from euromed_desktop.store.store import Store
from euromed_desktop.sync import (
    BundleError,
    KeyChanged,
    PassphraseRequired,
    Trust,
    export_comments,
    export_review,
    export_sync,
    import_bundle,
    open_review,
    read_bundle,
    read_receipt,
    write_receipt,
)
from euromed_desktop.sync.device import DeviceKey, load_or_create
from tests.conftest import dump


@pytest.fixture
def minuted(store: Store, meeting: Meeting) -> dict[str, str]:
    """The conftest meeting with an agenda item, two blocks and two participants."""
    from euromed_desktop.store import agenda

    item = agenda.add(store, meeting.id, title="Opening")
    first = minutes.add_block(store, meeting.id, item.id, text="Welcome to Tunis.")
    second = minutes.add_block(store, meeting.id, item.id, text="مرحبا بكم", lang="ar")
    consenting = participants.add(
        store,
        meeting.id,
        family_name="Haddad",
        given_name="Leila",
        organisation="Ministry of Labour",
        email="leila@example.org",
        phone="+216 71 000 000",
        consent_contact=True,
        gender="female",
    )
    private = participants.add(
        store,
        meeting.id,
        family_name="Rossi",
        organisation="IOM",
        email="rossi@example.org",
        phone="+39 06 000 000",
    )
    return {
        "item": item.id,
        "first": first.id,
        "second": second.id,
        "consenting": consenting.id,
        "private": private.id,
    }


def test_full_bundle_round_trip(
    store: Store,
    other: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.euromed"
    result = export_sync(store, path, [meeting.id], key=key_a)
    assert result.size == path.stat().st_size and not result.delta
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert names == {"manifest.json", "manifest.sig", f"meetings/{meeting.id}.yupdate"}
    assert manifest["kind"] == "sync" and manifest["device"]["name"] == "Amina's laptop"
    assert manifest["person"] == "Amina"

    summary = import_bundle(other, path, key=key_b)
    assert summary.trust is Trust.NEW and summary.warnings
    assert "Amina's laptop" in summary.warnings[0]
    [result_meeting] = summary.meetings
    assert result_meeting.new and result_meeting.entries == 1 and result_meeting.records >= 5
    assert result_meeting.title == "Legal migration pathways"
    assert projection.stored(other.conn, meeting.id) == projection.stored(store.conn, meeting.id)
    assert other.check().healthy
    assert queries.blocks(other, meeting.id)[1].text == "مرحبا بكم"


def test_importing_twice_or_ones_own_bundle_changes_nothing(
    store: Store,
    other: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
    db_path: Path,
) -> None:
    path = tmp_path / "a.euromed"
    export_sync(store, path, [meeting.id], key=key_a)
    before = dump(db_path)
    own = import_bundle(store, path, key=key_a)
    assert own.trust is Trust.SELF and not own.changed and not own.warnings
    assert dump(db_path) == before

    import_bundle(other, path, key=key_b)
    once = dump(tmp_path / "other.sqlite")
    again = import_bundle(other, path, key=key_b)
    assert again.trust is Trust.KNOWN and not again.changed and not again.warnings
    assert again.meetings[0].entries == 0
    assert dump(tmp_path / "other.sqlite") == once


def test_concurrent_typing_in_one_block_keeps_both(
    store: Store,
    other: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    export_sync(store, tmp_path / "start.euromed", [meeting.id], key=key_a)
    import_bundle(other, tmp_path / "start.euromed", key=key_b)
    block = minuted["first"]
    minutes.insert_text_at(store, meeting.id, block, 0, "[A] ")
    minutes.insert_text_at(other, meeting.id, block, len("Welcome to Tunis."), " [B]")
    export_sync(store, tmp_path / "a.euromed", [meeting.id], key=key_a)
    export_sync(other, tmp_path / "b.euromed", [meeting.id], key=key_b)
    import_bundle(store, tmp_path / "b.euromed", key=key_a)
    import_bundle(other, tmp_path / "a.euromed", key=key_b)
    for replica in (store, other):
        text = {b.id: b.text for b in queries.blocks(replica, meeting.id)}[block]
        assert text == "[A] Welcome to Tunis. [B]"
    assert projection.stored(other.conn, meeting.id) == projection.stored(store.conn, meeting.id)


def test_delta_from_a_receipt_and_from_the_remembered_state(
    store: Store,
    other: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    full = tmp_path / "full.euromed"
    full_size = export_sync(store, full, [meeting.id], key=key_a).size
    import_bundle(other, full, key=key_b)
    minutes.insert_text_at(store, meeting.id, minuted["first"], 0, "Delta. ")

    receipt = tmp_path / "receipt.euromed"
    write_receipt(other, receipt, key=key_b)
    assert read_receipt(receipt) == {meeting.id: other.state_vector(meeting.id)}
    delta = tmp_path / "delta.euromed"
    result = export_sync(store, delta, [meeting.id], since=read_receipt(receipt), key=key_a)
    assert result.delta and result.size < full_size
    summary = import_bundle(other, delta, key=key_b)
    assert summary.meetings[0].records == 1
    assert projection.stored(other.conn, meeting.id) == projection.stored(store.conn, meeting.id)

    # Amina imports Bruno's receipt: her next bundle "for" Bruno is a delta too.
    assert import_bundle(store, receipt, key=key_a).kind == "receipt"
    minutes.insert_text_at(store, meeting.id, minuted["second"], 0, "و")
    again = export_sync(store, tmp_path / "d2.euromed", [meeting.id], for_device="Bruno's laptop")
    assert again.delta
    import_bundle(other, tmp_path / "d2.euromed", key=key_b)
    assert projection.stored(other.conn, meeting.id) == projection.stored(store.conn, meeting.id)


def test_delta_that_builds_on_missing_changes_is_refused(
    store: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    base = store.state_vector(meeting.id)
    minutes.insert_text_at(store, meeting.id, minuted["first"], 0, "New. ")
    export_sync(store, tmp_path / "d.euromed", [meeting.id], since={meeting.id: base}, key=key_a)
    fresh = tmp_path / "fresh.sqlite"
    Store(fresh).close()
    before = dump(fresh)
    with Store(fresh) as empty, pytest.raises(BundleError, match="Ask for a full bundle"):
        import_bundle(empty, tmp_path / "d.euromed", key=key_b)
    assert dump(fresh) == before


def test_device_key_is_private_and_stable(tmp_path: Path) -> None:
    first = load_or_create(tmp_path / "keys")
    mode = stat.S_IMODE((tmp_path / "keys" / "device-key.pem").stat().st_mode)
    assert mode == 0o600
    again = load_or_create(tmp_path / "keys")
    assert again.device == first.device
    assert len(first.device.fingerprint.replace(" ", "")) == 20


def test_default_key_location_follows_the_environment(tmp_path: Path) -> None:
    key = load_or_create()
    assert (Path(os.environ["EUROMED_KEYS"]) / "device-key.pem").exists()
    assert key.device.name


def test_changed_key_is_refused_unless_accepted(
    store: Store,
    other: Store,
    meeting: Meeting,
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    export_sync(store, tmp_path / "a.euromed", [meeting.id], key=key_a)
    import_bundle(other, tmp_path / "a.euromed", key=key_b)
    # Same device id and name, another key: a reinstall, or an impostor.
    (tmp_path / "keys-a" / "device-key.pem").unlink()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    (tmp_path / "keys-a" / "device-key.pem").write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    impostor = load_or_create(tmp_path / "keys-a")
    assert impostor.device.id == key_a.device.id
    export_sync(store, tmp_path / "b.euromed", [meeting.id], key=impostor)
    other_path = tmp_path / "other.sqlite"
    before = dump(other_path)
    with pytest.raises(KeyChanged, match="different key") as refused:
        import_bundle(other, tmp_path / "b.euromed", key=key_b)
    assert refused.value.fingerprint == impostor.device.fingerprint != key_a.device.fingerprint
    assert dump(other_path) == before
    summary = import_bundle(other, tmp_path / "b.euromed", key=key_b, accept_new_key=True)
    assert summary.trust is Trust.CHANGED and "accepted" in summary.warnings[0]
    assert import_bundle(other, tmp_path / "b.euromed", key=key_b).trust is Trust.KNOWN


def test_encrypted_bundle(
    store: Store,
    other: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    path = tmp_path / "secret.euromed"
    export_sync(store, path, [meeting.id], passphrase="olive tree 7", key=key_a)
    raw = path.read_bytes()
    assert b"Haddad" not in raw and b"Legal migration" not in raw
    with zipfile.ZipFile(path) as archive:
        assert set(archive.namelist()) == {"manifest.json", "sealed.bin"}
    with pytest.raises(PassphraseRequired):
        import_bundle(other, path, key=key_b)
    summary = import_bundle(other, path, passphrase="olive tree 7", key=key_b)
    assert summary.encrypted and summary.meetings[0].new
    assert [p.family_name for p in queries.participants(other, meeting.id)] == ["Haddad", "Rossi"]


def test_progress_is_reported_and_cancelling_changes_nothing(
    store: Store,
    other: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    calls: list[tuple[int, int]] = []
    path = tmp_path / "a.euromed"
    export_sync(store, path, [meeting.id], key=key_a, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 2) and calls[-1] == (2, 2)

    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        if done == total:
            raise Cancelled

    before = dump(tmp_path / "other.sqlite")
    with pytest.raises(Cancelled):
        import_bundle(other, path, key=key_b, progress=cancel)
    assert dump(tmp_path / "other.sqlite") == before
    assert not other.has_meeting(meeting.id)


# -- the review loop ---------------------------------------------------------------------------


def test_review_copy_leaves_private_data_home(
    store: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    minutes.add_comment(store, meeting.id, minuted["first"], "Earlier reviewer", "Typo")
    path = tmp_path / "review.euromed"
    export_review(store, path, meeting.id, key=key_a)
    assert read_bundle(path).kind == "review"
    with open_review(path, key=key_b) as copy:
        people = {p.family_name: p for p in queries.participants(copy.store, meeting.id)}
        assert people["Haddad"].email == "leila@example.org"
        assert people["Haddad"].organisation == "Ministry of Labour"
        assert people["Rossi"].email == "" and people["Rossi"].phone == ""
        assert people["Rossi"].organisation == "IOM"
        assert all(p.gender is None and not p.attendance for p in people.values())
        assert [b.text for b in queries.blocks(copy.store, meeting.id)] == [
            "Welcome to Tunis.",
            "مرحبا بكم",
        ]
        assert copy.comments() == []
        assert copy.sender.name == "Amina's laptop"
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        update = archive.read(f"meetings/{meeting.id}.yupdate")
    assert b"rossi@example.org" not in update and b"rossi@example.org" not in raw


def test_comments_come_back_and_can_be_resolved(
    store: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
    db_path: Path,
) -> None:
    review = tmp_path / "review.euromed"
    export_review(store, review, meeting.id, key=key_a)
    before_comments = tmp_path / "before.euromed"
    export_sync(store, before_comments, [meeting.id], key=key_a)
    comments_path = tmp_path / "comments.euromed"
    with open_review(review, key=key_b, store_path=tmp_path / "review-copy.sqlite") as copy:
        copy.add_comment(minuted["first"], "Leila Haddad", "Please name the ministry.")
        copy.add_comment(minuted["second"], "Leila Haddad", "يرجى التوضيح")
        copy.export_comments(comments_path, key=key_b)
    # The comments survive closing the review copy (kept in its own file).
    with open_review(review, key=key_b, store_path=tmp_path / "review-copy.sqlite") as copy:
        assert len(copy.comments()) == 2

    with zipfile.ZipFile(comments_path) as archive:
        assert not [n for n in archive.namelist() if n.endswith(".yupdate")]
    blocks_before = projection.stored(store.conn, meeting.id)["blocks"]
    summary = import_bundle(store, comments_path, key=key_a)
    assert summary.kind == "comments" and summary.comments_added == 2
    assert projection.stored(store.conn, meeting.id)["blocks"] == blocks_before
    found = queries.comments(store, meeting.id, minuted["first"])
    assert [c.text for c in found] == ["Please name the ministry."]
    minutes.resolve_comment(store, meeting.id, found[0].id, "Done")
    # Importing the same comments again neither duplicates nor reopens them.
    before = dump(db_path)
    again = import_bundle(store, comments_path, key=key_a)
    assert again.comments_added == 0 and again.comments_known == 2
    assert dump(db_path) == before
    assert queries.comments(store, meeting.id, minuted["first"])[0].status == "resolved"

    # Imported comments are merged, not typed: they are no step of the user's undo history.
    with Store(tmp_path / "third.sqlite") as third:
        import_bundle(third, before_comments, key=key_b)
        assert import_bundle(third, comments_path, key=key_b).comments_added == 2
        assert not third.can_undo(meeting.id)


def test_comments_travel_on_with_the_next_sync_bundle(
    store: Store,
    other: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    export_sync(store, tmp_path / "a.euromed", [meeting.id], key=key_a)
    import_bundle(other, tmp_path / "a.euromed", key=key_b)
    comment = minutes.add_comment(store, meeting.id, minuted["first"], "Reviewer", "Why?")
    export_comments(
        tmp_path / "c.euromed",
        meeting.id,
        {"en": "Legal migration pathways"},
        [comment],
        key=key_b,
    )
    import_bundle(other, tmp_path / "c.euromed", key=key_b)
    export_sync(other, tmp_path / "b.euromed", [meeting.id], key=key_b)
    import_bundle(store, tmp_path / "b.euromed", key=key_a)
    assert [c.id for c in queries.comments(store, meeting.id)] == [comment.id]
    assert projection.stored(other.conn, meeting.id) == projection.stored(store.conn, meeting.id)


def test_a_review_copy_cannot_be_merged_into_the_minutes(
    store: Store, meeting: Meeting, key_a: DeviceKey, tmp_path: Path, db_path: Path
) -> None:
    export_review(store, tmp_path / "r.euromed", meeting.id, key=key_a)
    before = dump(db_path)
    with pytest.raises(BundleError, match="review copy"):
        import_bundle(store, tmp_path / "r.euromed", key=key_a)
    assert dump(db_path) == before
    export_sync(store, tmp_path / "s.euromed", [meeting.id], key=key_a)
    with pytest.raises(BundleError, match="not a review copy"):
        open_review(tmp_path / "s.euromed", key=key_a)


def test_a_large_bundle_projects_exactly_like_edits_do(
    store: Store,
    other: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    """Many records of one kind arrive at once: they are projected in bulk, to the same rows."""
    with store.transaction():
        for n in range(150):
            minutes.add_block(store, meeting.id, minuted["item"], text=f"Point {n} — نقطة {n}")
            participants.add(store, meeting.id, family_name=f"Name{n}", organisation="UNHCR")
    export_sync(store, tmp_path / "big.euromed", [meeting.id], key=key_a)
    summary = import_bundle(other, tmp_path / "big.euromed", key=key_b)
    assert summary.meetings[0].records > 300
    assert projection.stored(other.conn, meeting.id) == projection.stored(store.conn, meeting.id)
    assert other.check().healthy
    assert [h.ref_id for h in queries.search(other, "نقطة 149", meeting.id)]


def test_review_copy_under_chatham_house_names_no_speaker(
    store: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    tmp_path: Path,
) -> None:
    from euromed_desktop.store import meetings

    minutes.update_block(store, meeting.id, minuted["first"], speaker_id=minuted["consenting"])
    path = tmp_path / "review.euromed"
    export_review(store, path, meeting.id, key=key_a)
    with open_review(path, key=key_a) as copy:
        speakers = {b.id: b.speaker_id for b in queries.blocks(copy.store, meeting.id)}
        assert speakers[minuted["first"]] == minuted["consenting"]
    minutes.add_action(store, meeting.id, "Share the figures", owner="Leila Haddad (Ministry)")
    minutes.add_action(store, meeting.id, "Send the study", owner="IOM, with ROSSI")
    meetings.update(store, meeting.id, confidentiality="chatham_house")
    export_review(store, path, meeting.id, key=key_a)
    with open_review(path, key=key_a) as copy:
        blocks = queries.blocks(copy.store, meeting.id)
        assert [b.speaker_id for b in blocks] == [None, None]
        assert blocks[0].text == "Welcome to Tunis."
        # Owners who are participants are called by their group, as in print.
        owners = [a.owner for a in queries.actions(copy.store, meeting.id)]
        assert owners == [
            "Southern partner country (Ministry)",
            "IOM, with Southern partner country",
        ]


def test_comments_on_a_block_deleted_meanwhile_are_kept_with_a_warning(
    store: Store,
    meeting: Meeting,
    minuted: dict[str, str],
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    review = tmp_path / "review.euromed"
    export_review(store, review, meeting.id, key=key_a)
    with open_review(review, key=key_b) as copy:
        copy.add_comment(minuted["second"], "Leila Haddad", "Shorter, please.")
        copy.export_comments(tmp_path / "c.euromed", key=key_b)
    minutes.delete_block(store, meeting.id, minuted["second"])
    summary = import_bundle(store, tmp_path / "c.euromed", key=key_a)
    assert summary.comments_added == 1
    assert summary.warnings[-1] == "1 comment refers to a block no longer in the minutes."
    assert [c.block_id for c in queries.comments(store, meeting.id)] == [minuted["second"]]


def test_a_database_from_before_exchange_by_file_is_migrated(
    db_path: Path, meeting: Meeting, store: Store, key_a: DeviceKey, tmp_path: Path
) -> None:
    store.close()
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE sync_devices")
    conn.execute("DROP TABLE sync_peer_states")
    conn.execute("PRAGMA user_version=1")
    conn.close()
    with Store(db_path) as reopened:
        assert queries.meeting(reopened, meeting.id).title == meeting.title
        export_sync(reopened, tmp_path / "a.euromed", [meeting.id], key=key_a)
        with Store(tmp_path / "b.sqlite") as receiver:
            import_bundle(receiver, tmp_path / "a.euromed")
            write_receipt(receiver, tmp_path / "r.euromed")
        assert import_bundle(reopened, tmp_path / "r.euromed", key=key_a).trust is Trust.NEW
