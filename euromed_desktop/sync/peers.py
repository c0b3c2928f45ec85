"""Devices seen in bundles (trust on first use) and what each peer is known to hold.

A device is remembered by its id with the key its first bundle carried. A later bundle under
the same id but another key is refused unless the user accepts the new key (the colleague
reinstalled, or someone is impersonating them): like SSH's known hosts. Peer states are the
state vectors peers declared in their bundles or receipts, the starting point of a delta; peer
versions are the versions of the minutes they listed, which a bundle for them need not carry.
All writes happen inside the caller's store transaction and only when something differs, so
importing a bundle a second time writes nothing.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum

from euromed_desktop.sync.device import Device


class Trust(StrEnum):
    SELF = "self"  # written by this installation
    KNOWN = "known"  # a device seen before, with the same key
    NEW = "new"  # first bundle from this device
    CHANGED = "changed"  # a device seen before, now with another key


def known(conn: sqlite3.Connection, device_id: str) -> Device | None:
    row = conn.execute(
        "SELECT id, name, public_key FROM sync_devices WHERE id = ?", (device_id,)
    ).fetchone()
    return None if row is None else Device(row["id"], row["name"], bytes(row["public_key"]))


def devices(conn: sqlite3.Connection) -> list[Device]:
    rows = conn.execute("SELECT id, name, public_key FROM sync_devices ORDER BY name, id")
    return [Device(r["id"], r["name"], bytes(r["public_key"])) for r in rows]


def trust_of(conn: sqlite3.Connection, device: Device, own: Device) -> Trust:
    if device.id == own.id and device.public_key == own.public_key:
        return Trust.SELF
    if device.id == own.id:
        return Trust.CHANGED
    seen = known(conn, device.id)
    if seen is None:
        return Trust.NEW
    return Trust.KNOWN if seen.public_key == device.public_key else Trust.CHANGED


def remember(conn: sqlite3.Connection, device: Device) -> None:
    """Record the device with this key and name (a no-op if nothing differs)."""
    conn.execute(
        "INSERT INTO sync_devices (id, name, public_key) VALUES (?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, public_key = excluded.public_key "
        "WHERE name IS NOT excluded.name OR public_key IS NOT excluded.public_key",
        (device.id, device.name, device.public_key),
    )


def remember_state(
    conn: sqlite3.Connection, device_id: str, meeting_id: str, state_vector: bytes
) -> None:
    conn.execute(
        "INSERT INTO sync_peer_states (device_id, meeting_id, state_vector) VALUES (?, ?, ?) "
        "ON CONFLICT (device_id, meeting_id) DO UPDATE SET state_vector = excluded.state_vector "
        "WHERE state_vector IS NOT excluded.state_vector",
        (device_id, meeting_id, state_vector),
    )


def peer_state(conn: sqlite3.Connection, device_id: str, meeting_id: str) -> bytes | None:
    row = conn.execute(
        "SELECT state_vector FROM sync_peer_states WHERE device_id = ? AND meeting_id = ?",
        (device_id, meeting_id),
    ).fetchone()
    return None if row is None else bytes(row[0])


def remember_versions(conn: sqlite3.Connection, device_id: str, version_ids: list[str]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO sync_peer_versions (device_id, version_id) VALUES (?, ?)",
        [(device_id, v) for v in version_ids],
    )


def peer_versions(conn: sqlite3.Connection, device_id: str) -> set[str]:
    rows = conn.execute(
        "SELECT version_id FROM sync_peer_versions WHERE device_id = ?", (device_id,)
    )
    return {r[0] for r in rows}


def find(conn: sqlite3.Connection, text: str) -> Device | None:
    """A remembered device by its id, a unique id prefix, or its exact name."""
    text = text.strip()
    rows = conn.execute(
        "SELECT id, name, public_key FROM sync_devices WHERE id = ? OR name = ? "
        "OR (length(?) >= 4 AND id LIKE ? || '%') LIMIT 2",
        (text, text, text, text),
    ).fetchall()
    if len(rows) != 1:
        return None
    row = rows[0]
    return Device(row["id"], row["name"], bytes(row["public_key"]))
