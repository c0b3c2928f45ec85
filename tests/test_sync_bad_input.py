"""Bad bundles: each is refused with one clear message naming the problem, and the database
file is byte-for-byte what it was (hashed before and after)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.store import agenda, meetings, minutes
from euromed_desktop.store.store import Store
from euromed_desktop.sync import BundleError, container, export_comments, export_sync, import_bundle
from euromed_desktop.sync.container import canonical_json
from euromed_desktop.sync.device import DeviceKey, rename

Maker = Callable[["Kit"], bytes]


class Kit:
    """A valid bundle and what is needed to forge variations of it."""

    def __init__(self, tmp_path: Path, store: Store, meeting: Meeting) -> None:
        self.key = rename("Sender", "Sam", tmp_path / "keys-sender")
        self.stranger = rename("Stranger", "Eve", tmp_path / "keys-stranger")
        self.meeting_id = meeting.id
        item = agenda.add(store, meeting.id, title="Opening")
        self.block = minutes.add_block(store, meeting.id, item.id, text="Bienvenue à Tunis.").id
        path = tmp_path / "valid.euromed"
        export_sync(store, path, [meeting.id], key=self.key)
        self.valid = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(self.valid)) as archive:
            self.manifest = json.loads(archive.read("manifest.json"))
            self.update_name = f"meetings/{meeting.id}.yupdate"
            self.update = archive.read(self.update_name)
        other = meetings.create(
            store, title="Other", start=meeting.start, end=meeting.end, country="JO"
        )
        self.other_update = store.encode_update(other.id)
        encrypted = tmp_path / "encrypted.euromed"
        export_sync(store, encrypted, [meeting.id], passphrase="right", key=self.key)
        self.encrypted = encrypted.read_bytes()

    def forge(
        self,
        members: dict[str, bytes],
        *,
        changes: dict[str, Any] | None = None,
        signer: DeviceKey | None = None,
        hashes: dict[str, bytes] | None = None,
        extra: list[tuple[str, bytes]] | None = None,
    ) -> bytes:
        """A bundle with these members, a manifest listing ``hashes`` (default: the members),
        signed by ``signer`` (default: the sender) whatever key the manifest names."""
        listed = members if hashes is None else hashes
        manifest = {
            **self.manifest,
            **(changes or {}),
            "members": {
                name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                for name, data in listed.items()
            },
        }
        raw = canonical_json(manifest)
        entries = [
            ("manifest.json", raw),
            ("manifest.sig", (signer or self.key).sign(raw)),
            *members.items(),
            *(extra or []),
        ]
        return zip_of(entries)

    def with_version(self, state: bytes, *, listed: bool = True) -> bytes:
        """The valid bundle carrying one version of the minutes with this state."""
        version_id = "0f6e3a0c-5d1b-4f3e-9a7d-2c8b1e4f6a90"
        member = container.version_member(version_id)
        entry = {
            "id": version_id,
            "name": "",
            "status": "approved",
            "author": "Sam",
            "approved": True,
            "created_at": "2026-03-11T17:00:00+00:00",
            "state": member,
        }
        meetings = [{**m, "versions": [entry] if listed else []} for m in self.manifest["meetings"]]
        return self.forge(
            {self.update_name: self.update, member: state}, changes={"meetings": meetings}
        )


def zip_of(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """The ZIP with the central directory claiming ``size`` unpacked bytes for ``name``."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02" + b"", 0)
    while at != -1:
        name_length = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + name_length] == name.encode():
            struct.pack_into("<I", out, at + 24, size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def truncated(kit: Kit) -> bytes:
    return kit.valid[: len(kit.valid) // 2]


def random_bytes(kit: Kit) -> bytes:
    return random.Random(5).randbytes(4000)


def empty(kit: Kit) -> bytes:
    return b""


def hash_mismatch(kit: Kit) -> bytes:
    return kit.forge(
        {kit.update_name: kit.update.replace(b"Bienvenue", b"Adieu!!!!")},
        hashes={kit.update_name: kit.update},
    )


def other_signer(kit: Kit) -> bytes:
    # The manifest names the sender's public key but the signature is the stranger's.
    return kit.forge({kit.update_name: kit.update}, changes={"person": "Sam"}, signer=kit.stranger)


def unsigned(kit: Kit) -> bytes:
    with zipfile.ZipFile(io.BytesIO(kit.valid)) as archive:
        entries = [(n, archive.read(n)) for n in archive.namelist() if n != "manifest.sig"]
    return zip_of(entries)


def dot_dot(kit: Kit) -> bytes:
    return kit.forge({kit.update_name: kit.update}, extra=[("../../evil.yupdate", b"x")])


def absolute(kit: Kit) -> bytes:
    return kit.forge({kit.update_name: kit.update}, extra=[("/etc/cron.d/evil", b"x")])


def huge_declared(kit: Kit) -> bytes:
    return declared_size(kit.valid, kit.update_name, 0x7FFF0000)


def huge_ratio(kit: Kit) -> bytes:
    return kit.forge({kit.update_name: bytes(24 * 2**20)})


def huge_manifest(kit: Kit) -> bytes:
    return kit.forge({kit.update_name: kit.update}, changes={"person": "x" * (2 * 2**20)})


def newer_version(kit: Kit) -> bytes:
    return kit.forge({kit.update_name: kit.update}, changes={"version": container.VERSION + 1})


def unreadable_version(kit: Kit) -> bytes:
    return kit.with_version(b"\x01\x02garbage")


def someone_elses_version(kit: Kit) -> bytes:
    return kit.with_version(kit.other_update)


def unlisted_version(kit: Kit) -> bytes:
    return kit.with_version(kit.update, listed=False)


def manifest_not_json(kit: Kit) -> bytes:
    return zip_of([("manifest.json", b"{not json"), ("manifest.sig", b"0" * 64)])


def missing_member(kit: Kit) -> bytes:
    return kit.forge({}, hashes={kit.update_name: kit.update})


def unreadable_update(kit: Kit) -> bytes:
    return kit.forge({kit.update_name: b"\x07\xff\xff\xff\xff\x0f garbage"})


def someone_elses_document(kit: Kit) -> bytes:
    # A well-formed update of another meeting, filed under this meeting's id.
    return kit.forge({kit.update_name: kit.other_update})


def comments_with_update(kit: Kit) -> bytes:
    records = json.dumps({"meeting_id": kit.meeting_id, "comments": []}).encode()
    return kit.forge(
        {"comments.json": records, kit.update_name: kit.update}, changes={"kind": "comments"}
    )


def comments_with_bad_records(kit: Kit) -> bytes:
    records = json.dumps(
        {"meeting_id": kit.meeting_id, "comments": [{"id": "x", "text": 5}]}
    ).encode()
    meetings = [{**kit.manifest["meetings"][0], "update": None}]
    return kit.forge({"comments.json": records}, changes={"kind": "comments", "meetings": meetings})


def unknown_kind(kit: Kit) -> bytes:
    return kit.forge({kit.update_name: kit.update}, changes={"kind": "takeover"})


def twice_the_same_name(kit: Kit) -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate, as it should
        return kit.forge({kit.update_name: kit.update}, extra=[(kit.update_name, kit.update)])


def not_base64_key(kit: Kit) -> bytes:
    device = {**kit.manifest["device"], "public_key": "%%%"}
    return kit.forge({kit.update_name: kit.update}, changes={"device": device})


def short_key(kit: Kit) -> bytes:
    device = {**kit.manifest["device"], "public_key": base64.b64encode(b"short").decode()}
    return kit.forge({kit.update_name: kit.update}, changes={"device": device})


CASES: list[tuple[Maker, str]] = [
    (truncated, "damaged or truncated|not a EUROMED bundle"),
    (random_bytes, "not a EUROMED bundle"),
    (empty, "not a EUROMED bundle"),
    (hash_mismatch, "does not match its checksum"),
    (other_signer, "signature does not match"),
    (unsigned, "not signed"),
    (dot_dot, "points outside"),
    (absolute, "absolute path"),
    (huge_declared, "too large when unpacked"),
    (huge_ratio, "compressed suspiciously well"),
    (huge_manifest, "manifest is too large"),
    (newer_version, "newer version"),
    (unreadable_version, "version of the minutes .* cannot be read"),
    (someone_elses_version, "version of the minutes .* cannot be read"),
    (unlisted_version, "version of the minutes its manifest does not list"),
    (manifest_not_json, "manifest is damaged"),
    (missing_member, "do not match its manifest"),
    (unreadable_update, "cannot be read"),
    (someone_elses_document, "does not describe that meeting"),
    (comments_with_update, "may only carry comments"),
    (comments_with_bad_records, "comments in the bundle are damaged"),
    (unknown_kind, "kind this version does not know"),
    (twice_the_same_name, "same file twice"),
    (not_base64_key, "manifest is damaged"),
    (short_key, "signature does not match"),
]


def file_digest(db: Path) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(db) + suffix)
        if part.exists():
            digest.update(suffix.encode() + part.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def kit(tmp_path: Path, store: Store, meeting: Meeting) -> Kit:
    return Kit(tmp_path, store, meeting)


@pytest.mark.parametrize(("make", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_bundle_is_refused_and_changes_nothing(
    kit: Kit, make: Maker, message: str, tmp_path: Path
) -> None:
    """On a laptop without the meeting (an import would create it) and on one with it."""
    bad = tmp_path / "bad.euromed"
    bad.write_bytes(make(kit))
    receiver = rename("Receiver", "Rita", tmp_path / "keys-receiver")
    for name, seed in (("empty.sqlite", None), ("seeded.sqlite", kit.valid)):
        db = tmp_path / name
        with Store(db) as target:
            if seed is not None:
                import_bundle(target, seed, key=receiver)
        before = file_digest(db)
        with Store(db) as target, pytest.raises(BundleError, match=message):
            import_bundle(target, bad, key=receiver)
        assert file_digest(db) == before, name


def test_wrong_passphrase(kit: Kit, tmp_path: Path) -> None:
    db = tmp_path / "receiver.sqlite"
    Store(db).close()
    before = file_digest(db)
    with Store(db) as target, pytest.raises(BundleError, match="Wrong passphrase"):
        import_bundle(target, kit.encrypted, passphrase="wrong", key=kit.stranger)
    assert file_digest(db) == before


def test_tampered_encrypted_bundle(kit: Kit, tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(kit.encrypted)) as archive:
        outer = archive.read("manifest.json")
        sealed = bytearray(archive.read("sealed.bin"))
    sealed[len(sealed) // 2] ^= 0x01
    forged = zip_of([("manifest.json", outer), ("sealed.bin", bytes(sealed))])
    with Store(tmp_path / "r.sqlite") as target, pytest.raises(BundleError, match="changed"):
        import_bundle(target, forged, passphrase="right", key=kit.stranger)
    # An attacker asking for absurd scrypt costs is refused before any work is done.
    costly = json.loads(outer)
    costly["encryption"]["n"] = 2**30
    forged = zip_of([("manifest.json", canonical_json(costly)), ("sealed.bin", bytes(sealed))])
    with Store(tmp_path / "r.sqlite") as target, pytest.raises(BundleError, match="refuses"):
        import_bundle(target, forged, passphrase="right", key=kit.stranger)


def test_a_file_that_is_not_there(tmp_path: Path, store: Store) -> None:
    with pytest.raises(BundleError, match="cannot be read"):
        import_bundle(store, tmp_path / "missing.euromed")


def test_comments_bundle_cannot_touch_the_minutes(
    kit: Kit, store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    """Even a well-formed comments bundle only ever adds comment records."""
    from euromed_desktop.domain.entities import Comment
    from euromed_desktop.store import projection

    before = projection.stored(store.conn, meeting.id)
    comment = Comment("c-1", meeting.id, kit.block, "Eve", "Looks fine")
    export_comments(tmp_path / "c.euromed", meeting.id, {}, [comment], key=kit.stranger)
    import_bundle(store, tmp_path / "c.euromed", key=kit.key)
    after = projection.stored(store.conn, meeting.id)
    assert set(after["comments"]) == {"c-1"}
    assert {k: v for k, v in after.items() if k not in ("comments", "search_docs")} == {
        k: v for k, v in before.items() if k not in ("comments", "search_docs")
    }


# -- fuzz --------------------------------------------------------------------------------------


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["flip", "set", "cut", "insert", "delete"]),
                st.integers(0, 10**9),
                st.integers(0, 255),
            ),
            min_size=1,
            max_size=4,
        )
    )


def mutate(data: bytes, steps: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, where, value in steps:
        if not out:
            break
        at = where % len(out)
        if kind == "flip":
            out[at] ^= 1 << (value % 8)
        elif kind == "set":
            out[at] = value
        elif kind == "cut":
            del out[at:]
        elif kind == "insert":
            out[at:at] = bytes([value]) * (1 + value % 7)
        else:
            del out[at : at + 1 + value % 16]
    return bytes(out)


def state(store: Store) -> list[Any]:
    """Every row of the tables an import writes to (cheaper than hashing the file 1,000 times;
    the parametrized tests above do hash it)."""
    rows: list[Any] = []
    for table in ("updates", "sync_devices", "sync_peer_states", "meetings", "blocks"):
        rows.extend(tuple(r) for r in store.conn.execute(f"SELECT * FROM {table} ORDER BY 1"))
    return rows


def test_fuzzed_bundles_either_import_cleanly_or_change_nothing(
    tmp_path: Path, store: Store, meeting: Meeting
) -> None:
    kit = Kit(tmp_path, store, meeting)
    receiver = rename("Receiver", "Rita", tmp_path / "keys-receiver")
    seeds = [kit.valid, kit.forge({kit.update_name: kit.update}, changes={"person": "Sam"})]
    outcomes = {"refused": 0, "imported": 0}
    with Store(tmp_path / "fuzz.sqlite") as target:
        import_bundle(target, kit.valid, key=receiver)

        @settings(
            max_examples=1000,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(seed=st.sampled_from(seeds), steps=mutations())
        def check(seed: bytes, steps: list[tuple[str, int, int]]) -> None:
            before = state(target)
            try:
                summary = import_bundle(target, mutate(seed, steps), key=receiver)
            except BundleError as error:
                assert str(error)
                assert state(target) == before
                outcomes["refused"] += 1
            else:
                # Only changes to bytes nothing depends on (ZIP padding, timestamps) pass.
                assert not summary.changed
                outcomes["imported"] += 1

        check()
    assert outcomes["refused"] > 500


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
FIELDS = ["format", "version", "kind", "created_at", "device", "person", "meetings",
          "members", "app_version", "encryption"]  # fmt: skip
MEETING_FIELDS = ["id", "title", "state_vector", "since", "update"]


def test_signed_but_nonsensical_manifests_are_refused_cleanly(
    tmp_path: Path, store: Store, meeting: Meeting
) -> None:
    """A trusted device's software could still write nonsense: every manifest field replaced
    by arbitrary JSON (re-signed, hashes right) gives a BundleError, never a crash."""
    kit = Kit(tmp_path, store, meeting)
    receiver = rename("Receiver", "Rita", tmp_path / "keys-receiver")
    with Store(tmp_path / "fuzz.sqlite") as target:
        import_bundle(target, kit.valid, key=receiver)

        @settings(max_examples=300, deadline=None, database=None)
        @given(
            field=st.sampled_from(FIELDS + MEETING_FIELDS),
            value=JSON_VALUES,
            keep_device=st.booleans(),
        )
        def check(field: str, value: Any, keep_device: bool) -> None:
            changes: dict[str, Any]
            if field in MEETING_FIELDS:
                changes = {"meetings": [{**kit.manifest["meetings"][0], field: value}]}
            else:
                changes = {field: value}
            if field == "device" and keep_device and isinstance(value, dict):
                changes["device"] = {**kit.manifest["device"], **value}
            before = state(target)
            forged = kit.forge({kit.update_name: kit.update}, changes=changes)
            try:
                import_bundle(target, forged, key=receiver)
            except BundleError as error:
                assert str(error)
                assert state(target) == before

        check()
