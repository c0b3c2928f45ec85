"""Sync bundles, receipts and the import of any bundle: the merge without a server.

Import verifies everything first (``bundle.read_bundle``), decides about trust, checks that a
delta's starting state is present, and only then merges every meeting's update, re-projects
and records the sender, all in one store transaction: either the whole bundle is in, or the
database is byte-for-byte as before. Yjs updates are idempotent and commutative, so the order
in which bundles arrive does not matter and importing one twice (or one's own) adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from euromed_desktop.domain.entities import primary_text
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.store import queries, versions
from euromed_desktop.store.collections import MEETINGS
from euromed_desktop.store.document import MeetingDocument
from euromed_desktop.store.store import Store
from euromed_desktop.sync import comments as comment_records
from euromed_desktop.sync import container, peers, statevector
from euromed_desktop.sync.bundle import (
    Bundle,
    MeetingEntry,
    VersionEntry,
    read_bundle,
    write_bundle,
)
from euromed_desktop.sync.device import Device, DeviceKey, load_or_create
from euromed_desktop.sync.errors import BundleError, IsReviewCopy, KeyChanged
from euromed_desktop.sync.peers import Trust

Progress = Callable[[int, int], None]
EMPTY_STATE = b"\x00"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    size: int  # bytes
    meetings: list[str]
    delta: bool  # at least one meeting was sent as a delta
    encrypted: bool


@dataclass(frozen=True)
class MeetingResult:
    meeting_id: str
    title: str
    new: bool  # the meeting was not on this laptop before
    entries: int  # update-log entries added (0: nothing new)
    records: int  # records (agenda items, blocks, ...) changed
    versions: int = 0  # versions of the minutes this laptop did not have


@dataclass(frozen=True)
class ImportSummary:
    kind: str
    device: Device
    person: str
    created_at: str
    trust: Trust
    encrypted: bool
    meetings: list[MeetingResult] = field(default_factory=list)
    comments_added: int = 0
    comments_known: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.comments_added > 0 or any(m.entries or m.versions for m in self.meetings)


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _key(key: DeviceKey | None) -> DeviceKey:
    return key if key is not None else load_or_create()


def meeting_title(store: Store, meeting_id: str) -> dict[str, str]:
    return dict(queries.meeting(store, meeting_id).title)


# -- export ------------------------------------------------------------------------------------


def export_sync(
    store: Store,
    path: Path,
    meeting_ids: Sequence[str],
    *,
    since: Mapping[str, bytes] | None = None,
    for_device: str | None = None,
    passphrase: str | None = None,
    key: DeviceKey | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write a sync bundle of the meetings: full state, or a delta per meeting where the
    recipient's state is known (``since``: meeting id → state vector, from its receipt; or
    ``for_device``: the state remembered from that device's last bundle or receipt)."""
    key = _key(key)
    if not meeting_ids:
        raise BundleError(_("Choose at least one meeting to export."))
    entries: list[MeetingEntry] = []
    members: dict[str, bytes] = {}
    total = len(meeting_ids) + 1
    with store.transaction():  # one consistent moment, even while someone types
        device = None
        if for_device is not None:
            device = peers.find(store.conn, for_device)
            if device is None:
                raise BundleError(
                    _("No device “{name}” has sent a bundle or receipt to this laptop.").format(
                        name=for_device
                    )
                )
        held = peers.peer_versions(store.conn, device.id) if device is not None else set()
        for done, meeting_id in enumerate(dict.fromkeys(meeting_ids)):
            _tick(progress, done, total)
            title = meeting_title(store, meeting_id)
            start = (since or {}).get(meeting_id)
            if start is None and device is not None:
                start = peers.peer_state(store.conn, device.id, meeting_id)
            member = container.update_member(meeting_id)
            members[member] = store.encode_update(meeting_id, start)
            listed = _versions_listed(store, meeting_id, members, held)
            entries.append(
                MeetingEntry(
                    meeting_id, title, store.state_vector(meeting_id), start, member, listed
                )
            )
    size = write_bundle(path, "sync", entries, members, key, passphrase)
    _tick(progress, total, total)
    return ExportResult(
        Path(path),
        "sync",
        size,
        [e.id for e in entries],
        any(e.since is not None for e in entries),
        passphrase is not None,
    )


def _versions_listed(
    store: Store,
    meeting_id: str,
    members: dict[str, bytes] | None,
    held: set[str] | None = None,
) -> tuple[VersionEntry, ...]:
    """Every version of the meeting; each carries its state (added to ``members``) unless
    the recipient is known to hold it. A receipt (``members`` None) lists them only."""
    listed = []
    for version in versions.versions(store, meeting_id):
        state = None
        if members is not None and version.id not in (held or set()):
            state = container.version_member(version.id)
            members[state] = versions.state(store, version)
        listed.append(
            VersionEntry(
                version.id,
                version.name,
                version.status,
                version.author,
                version.approved,
                version.created_at,
                state,
            )
        )
    return tuple(listed)


def write_receipt(
    store: Store,
    path: Path,
    meeting_ids: Sequence[str] | None = None,
    *,
    key: DeviceKey | None = None,
) -> ExportResult:
    """A small signed file telling a colleague what this laptop holds, so that the colleague
    can send back only what is missing (``euromed export --receipt``)."""
    key = _key(key)
    with store.transaction():
        ids = list(meeting_ids) if meeting_ids else [m.id for m in queries.meetings(store)]
        entries = [
            MeetingEntry(
                m,
                meeting_title(store, m),
                store.state_vector(m),
                versions=_versions_listed(store, m, None),
            )
            for m in ids
        ]
    size = write_bundle(path, "receipt", entries, {}, key)
    return ExportResult(Path(path), "receipt", size, ids, False, False)


def read_receipt(path: Path | bytes) -> dict[str, bytes]:
    """meeting id → state vector, from a receipt (to pass as ``since``)."""
    receipt = read_bundle(path)
    if receipt.kind != "receipt":
        raise BundleError(_("This file is a bundle, not a receipt."))
    return {e.id: e.state_vector for e in receipt.meetings}


# -- import ------------------------------------------------------------------------------------


def import_bundle(
    store: Store,
    source: Path | bytes,
    *,
    passphrase: str | None = None,
    accept_new_key: bool = False,
    key: DeviceKey | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Merge a sync bundle, take in a comments bundle, or remember a receipt.

    Raises ``BundleError`` (``PassphraseRequired`` if encrypted and no passphrase) with the
    database unchanged. ``accept_new_key``: the user confirmed that a known device now signs
    with another key.
    """
    bundle = read_bundle(source, passphrase)
    if bundle.kind == "review":
        raise IsReviewCopy(
            _(
                "This is a review copy; it opens read-only for commenting and cannot be "
                "merged into your minutes."
            )
        )
    own = _key(key)
    trust = peers.trust_of(store.conn, bundle.device, own.device)
    if trust is Trust.CHANGED and not accept_new_key:
        raise KeyChanged(
            _(
                "Warning: this bundle says it comes from “{name}”, but it is signed with a "
                "different key (fingerprint {fingerprint}) from the one remembered for that "
                "device. If the device was reinstalled, confirm with its owner and accept the "
                "new key; otherwise someone may be impersonating it. Nothing was imported."
            ).format(name=bundle.device.name, fingerprint=bundle.device.fingerprint),
            bundle.device.name,
            bundle.device.fingerprint,
        )
    warnings = _trust_warnings(trust, bundle.device)
    touched: dict[str, set[tuple[str, str]]] = {}

    def listen(meeting_id: str, records: frozenset[tuple[str, str]]) -> None:
        touched.setdefault(meeting_id, set()).update(records)

    unsubscribe = store.subscribe(listen)
    try:
        with store.transaction():
            if bundle.kind == "sync":
                results, entries = _merge(store, bundle, progress)
            else:
                results, entries = [], {}
            added = known = 0
            if bundle.kind == "comments":
                imported = _take_comments(store, bundle)
                added, known = imported.added, imported.already_known
                if imported.orphaned:
                    warnings.append(
                        ngettext(
                            "{n} comment refers to a block no longer in the minutes.",
                            "{n} comments refer to blocks no longer in the minutes.",
                            imported.orphaned,
                        ).format(n=imported.orphaned)
                    )
            if trust is not Trust.SELF:
                peers.remember(store.conn, bundle.device)
                if bundle.kind in ("sync", "receipt"):
                    for entry in bundle.meetings:
                        peers.remember_state(
                            store.conn, bundle.device.id, entry.id, entry.state_vector
                        )
                        peers.remember_versions(
                            store.conn, bundle.device.id, [v.id for v in entry.versions]
                        )
    finally:
        unsubscribe()
    meetings = [
        MeetingResult(
            r.meeting_id,
            r.title,
            r.new,
            entries[r.meeting_id],
            len(touched.get(r.meeting_id, ())),
            r.versions,
        )
        for r in results
    ]
    return ImportSummary(
        kind=bundle.kind,
        device=bundle.device,
        person=bundle.person,
        created_at=bundle.created_at,
        trust=trust,
        encrypted=bundle.encrypted,
        meetings=meetings,
        comments_added=added,
        comments_known=known,
        warnings=warnings,
    )


def _trust_warnings(trust: Trust, device: Device) -> list[str]:
    if trust is Trust.NEW:
        return [
            _(
                "First bundle from the device “{name}” (key fingerprint {fingerprint}); it is "
                "now remembered. Check the fingerprint with its owner if in doubt."
            ).format(name=device.name, fingerprint=device.fingerprint)
        ]
    if trust is Trust.CHANGED:
        return [
            _("The new key of “{name}” (fingerprint {fingerprint}) was accepted.").format(
                name=device.name, fingerprint=device.fingerprint
            )
        ]
    return []


def _merge(
    store: Store, bundle: Bundle, progress: Progress | None
) -> tuple[list[MeetingResult], dict[str, int]]:
    total = len(bundle.meetings)
    for entry in bundle.meetings:  # check every delta before merging any
        if entry.since is not None:
            have = store.state_vector(entry.id) if store.has_meeting(entry.id) else EMPTY_STATE
            if not statevector.covers(have, entry.since):
                raise BundleError(
                    _(
                        "This bundle only holds the changes since an earlier exchange, and "
                        "this laptop lacks some of the changes it builds on (meeting “{title}”). "
                        "Ask for a full bundle. Nothing was imported."
                    ).format(title=primary_text(entry.title) or entry.id)
                )
    results: list[MeetingResult] = []
    entries: dict[str, int] = {}
    for done, entry in enumerate(bundle.meetings):
        _tick(progress, done, total)
        new = not store.has_meeting(entry.id)
        count = _apply(store, entry, bundle.update(entry))
        entries[entry.id] = count
        title = primary_text(meeting_title(store, entry.id)) or entry.id
        added = sum(_receive_version(store, entry, v, bundle) for v in entry.versions if v.state)
        results.append(MeetingResult(entry.id, title, new, count, 0, added))
    _tick(progress, total, total)
    return results, entries


def _apply(store: Store, entry: MeetingEntry, update: bytes) -> int:
    try:
        count = store.apply_update(entry.id, update)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # pycrdt reports bad updates as exceptions or Rust panics
        raise BundleError(
            _("The changes for meeting “{title}” in the bundle cannot be read.").format(
                title=primary_text(entry.title) or entry.id
            )
        ) from exc
    document = store.document(entry.id)
    if document.record_ids(MEETINGS) != [entry.id]:
        raise BundleError(
            _("The bundle's document for meeting {id} does not describe that meeting.").format(
                id=entry.id
            )
        )
    return count


def _receive_version(
    store: Store, entry: MeetingEntry, version: VersionEntry, bundle: Bundle
) -> bool:
    """Keep a version the bundle carries, once its state is checked to be a document of this
    meeting (a version is printed as the final minutes, so it is read as carefully)."""
    if versions.has(store, version.id):
        return False
    state = bundle.version_state(version)
    try:
        document = MeetingDocument(entry.id, state)
        ok = document.record_ids(MEETINGS) == [entry.id]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # pycrdt reports bad updates as exceptions or Rust panics
        ok = False
    if not ok:
        raise BundleError(
            _(
                "A version of the minutes of meeting “{title}” in the bundle cannot be read. "
                "Nothing was imported."
            ).format(title=primary_text(entry.title) or entry.id)
        )
    return versions.receive(
        store,
        entry.id,
        version.id,
        state,
        name=version.name,
        status=version.status,
        author=version.author,
        approved=version.approved,
        created_at=version.created_at,
    )


def _take_comments(store: Store, bundle: Bundle) -> comment_records.CommentsImported:
    entry = bundle.meetings[0]
    records = comment_records.decode(bundle.members[container.COMMENTS], entry.id)
    if not store.has_meeting(entry.id):
        raise BundleError(
            _("The comments are on a meeting that is not on this laptop (“{title}”).").format(
                title=primary_text(entry.title) or entry.id
            )
        )
    return comment_records.merge(store, entry.id, records)
