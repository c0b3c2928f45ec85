"""Bundles as the rest of the app sees them: who wrote one, of what kind, for which meetings.

``container`` guarantees the bytes are intact and signed; this module checks that the
manifest says something sensible for its kind (a comments bundle never carries a document
update, a review bundle carries exactly one meeting, ...), and writes bundles atomically.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from euromed_desktop import __version__
from euromed_desktop.i18n import _
from euromed_desktop.sync import container
from euromed_desktop.sync.container import b64, damaged, unb64
from euromed_desktop.sync.device import Device, DeviceKey
from euromed_desktop.sync.errors import BundleError

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_TEXT = 10_000  # longest name, title or person the manifest may carry


@dataclass(frozen=True)
class VersionEntry:
    """A version of the minutes the exporter holds (sync bundles, format 2)."""

    id: str
    name: str
    status: str
    author: str
    approved: bool
    created_at: str
    state: str | None = None  # member with its Yjs state; None: the recipient already has it


@dataclass(frozen=True)
class MeetingEntry:
    id: str
    title: dict[str, str]
    state_vector: bytes  # the exporter's state of this meeting when it wrote the bundle
    since: bytes | None = None  # a delta from this state; None: the full state
    update: str | None = None  # member holding the Yjs update (None in comments and receipts)
    versions: tuple[VersionEntry, ...] = ()  # every version the exporter holds


@dataclass(frozen=True)
class Bundle:
    kind: str
    created_at: str
    app_version: str
    device: Device
    person: str
    meetings: list[MeetingEntry]
    members: dict[str, bytes] = field(repr=False)
    encrypted: bool = False

    def update(self, entry: MeetingEntry) -> bytes:
        assert entry.update is not None
        return self.members[entry.update]

    def version_state(self, version: VersionEntry) -> bytes:
        assert version.state is not None
        return self.members[version.state]


def _text(value: Any, what: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value):
        raise damaged(what)
    return value


def _meeting(value: Any, members: dict[str, bytes]) -> MeetingEntry:
    if not isinstance(value, dict):
        raise damaged("meetings")
    meeting_id = _text(value.get("id"), "meetings.id")
    if not _ID.fullmatch(meeting_id):
        raise damaged("meetings.id")
    title = value.get("title", {})
    if not isinstance(title, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) <= MAX_TEXT for k, v in title.items()
    ):
        raise damaged("meetings.title")
    since = value.get("since")
    update = value.get("update")
    if update is not None and update != container.update_member(meeting_id):
        raise damaged("meetings.update")
    if update is not None and update not in members:
        raise BundleError(
            _("The bundle's files do not match its manifest ({name}).").format(name=update)
        )
    return MeetingEntry(
        id=meeting_id,
        title=dict(title),
        state_vector=unb64(value.get("state_vector"), "meetings.state_vector"),
        since=None if since is None else unb64(since, "meetings.since"),
        update=update,
        versions=_versions(value.get("versions", []), members),
    )


def _versions(value: Any, members: dict[str, bytes]) -> tuple[VersionEntry, ...]:
    if not isinstance(value, list) or len(value) > container.MAX_MEMBERS:
        raise damaged("meetings.versions")
    entries = []
    for item in value:
        if not isinstance(item, dict):
            raise damaged("meetings.versions")
        version_id = _text(item.get("id"), "meetings.versions.id")
        state = item.get("state")
        approved = item.get("approved", False)
        if (
            not _ID.fullmatch(version_id)
            or not isinstance(approved, bool)
            or (state is not None and state != container.version_member(version_id))
        ):
            raise damaged("meetings.versions")
        if state is not None and state not in members:
            raise BundleError(
                _("The bundle's files do not match its manifest ({name}).").format(name=state)
            )
        entries.append(
            VersionEntry(
                id=version_id,
                name=_text(item.get("name", ""), "meetings.versions.name"),
                status=_text(item.get("status", ""), "meetings.versions.status"),
                author=_text(item.get("author", ""), "meetings.versions.author"),
                approved=approved,
                created_at=_text(item.get("created_at"), "meetings.versions.created_at"),
                state=state,
            )
        )
    if len({e.id for e in entries}) != len(entries):
        raise damaged("meetings.versions")
    return tuple(entries)


def parse(opened: container.Opened) -> Bundle:
    """The verified bundle's manifest as typed values, with the rules of its kind checked."""
    manifest = opened.manifest
    kind = manifest.get("kind")
    if kind not in container.KINDS:
        raise BundleError(_("The bundle is of a kind this version does not know."))
    device = manifest["device"]
    meetings_value = manifest.get("meetings")
    if not isinstance(meetings_value, list) or len(meetings_value) > container.MAX_MEMBERS:
        raise damaged("meetings")
    updates = [n for n in opened.members if n.endswith(container.UPDATE_SUFFIX)]
    if kind == "comments" and (
        updates or any(isinstance(m, dict) and m.get("update") is not None for m in meetings_value)
    ):
        raise BundleError(
            _(
                "This comments bundle tries to carry a change to the minutes themselves; "
                "a comments bundle may only carry comments. Nothing was imported."
            )
        )
    entries = [_meeting(m, opened.members) for m in meetings_value]
    if len({e.id for e in entries}) != len(entries):
        raise damaged("meetings")
    bundle = Bundle(
        kind=kind,
        created_at=_text(manifest.get("created_at", ""), "created_at"),
        app_version=_text(manifest.get("app_version", ""), "app_version"),
        device=Device(
            id=_text(device.get("id"), "device.id", empty=False),
            name=_text(device.get("name", ""), "device.name"),
            public_key=opened.public_key,
        ),
        person=_text(manifest.get("person", ""), "person"),
        meetings=entries,
        members=opened.members,
        encrypted=opened.encrypted,
    )
    _check_kind(bundle, updates)
    return bundle


def _check_kind(bundle: Bundle, updates: list[str]) -> None:
    has_updates = all(e.update is not None for e in bundle.meetings)
    listed = {e.update for e in bundle.meetings if e.update is not None}
    if set(updates) != listed:
        raise BundleError(_("The bundle carries a meeting its manifest does not list."))
    states = {n for n in bundle.members if n.startswith(container.VERSION_PREFIX)}
    listed_states = {v.state for e in bundle.meetings for v in e.versions if v.state is not None}
    if states != listed_states or (bundle.kind != "sync" and states):
        raise BundleError(
            _("The bundle carries a version of the minutes its manifest does not list.")
        )
    has_comments = container.COMMENTS in bundle.members
    if bundle.kind == "sync":
        ok = bool(bundle.meetings) and has_updates and not has_comments
    elif bundle.kind == "review":
        ok = len(bundle.meetings) == 1 and has_updates and not has_comments
        ok = ok and bundle.meetings[0].since is None
    elif bundle.kind == "comments":
        ok = len(bundle.meetings) == 1 and has_comments
    else:  # receipt
        ok = not listed and not has_comments
    if not ok:
        raise BundleError(
            _("The bundle's contents do not fit its kind ({kind}).").format(kind=bundle.kind)
        )


def read_file(source: Path | bytes) -> bytes:
    if isinstance(source, bytes):
        return source
    try:
        size = source.stat().st_size
        if size > container.MAX_FILE_BYTES:
            raise BundleError(_("The file is too large to be a bundle; refused."))
        return source.read_bytes()
    except OSError as exc:
        raise BundleError(
            _("The file {path} cannot be read ({error}).").format(path=source, error=exc.strerror)
        ) from exc


def read_bundle(source: Path | bytes, passphrase: str | None = None) -> Bundle:
    """Read and verify a bundle file (or its bytes) without touching any database."""
    return parse(container.read(read_file(source), passphrase))


def _version_json(version: VersionEntry) -> dict[str, Any]:
    return {
        "id": version.id,
        "name": version.name,
        "status": version.status,
        "author": version.author,
        "approved": version.approved,
        "created_at": version.created_at,
        "state": version.state,
    }


def write_bundle(
    path: Path,
    kind: str,
    meetings: Sequence[MeetingEntry],
    members: dict[str, bytes],
    key: DeviceKey,
    passphrase: str | None = None,
) -> int:
    """Write a signed bundle atomically (a half-written file never carries the name);
    returns its size in bytes."""
    manifest: dict[str, Any] = {
        "kind": kind,
        "app_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "device": {
            "id": key.device.id,
            "name": key.device.name,
            "public_key": b64(key.device.public_key),
        },
        "person": key.person,
        "meetings": [
            {
                "id": m.id,
                "title": m.title,
                "state_vector": b64(m.state_vector),
                "since": None if m.since is None else b64(m.since),
                "update": m.update,
                **({"versions": [_version_json(v) for v in m.versions]} if m.versions else {}),
            }
            for m in meetings
        ],
    }
    data = container.write(manifest, members, key.sign, passphrase)
    path = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(prefix=".bundle-", dir=path.parent or Path("."))
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BundleError(
            _("The bundle cannot be written to {path} ({error}).").format(
                path=path, error=exc.strerror
            )
        ) from exc
    return len(data)
