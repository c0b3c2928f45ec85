"""The SQLite file: connection settings, schema versions and migrations.

Two kinds of tables live here. The update log (``updates``) is the truth and is migrated
with care, one numbered step at a time (``PRAGMA user_version``). The projection tables are
derived data: when their layout changes (``PROJECTION_VERSION``) they are dropped, recreated
and rebuilt from the log, so no migration can ever corrupt them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from euromed_desktop.domain.errors import StoreError
from euromed_desktop.i18n import _
from euromed_desktop.store.collections import COLLECTIONS

if TYPE_CHECKING:
    import sqlite_utils.db

APP_NAME = "euromed-desktop"
SCHEMA_VERSION = 4
PROJECTION_VERSION = 1


def default_path() -> Path:
    """``EUROMED_DB`` if set, else ``meetings.sqlite`` in the user data directory."""
    env = os.environ.get("EUROMED_DB")
    if env:
        return Path(env)
    import platformdirs  # only when no database is named: most starts name the last one

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "meetings.sqlite"


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE updates (
               id INTEGER PRIMARY KEY,
               meeting_id TEXT NOT NULL,
               data BLOB NOT NULL,
               origin TEXT NOT NULL,
               created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"""
    )
    conn.execute("CREATE INDEX updates_by_meeting ON updates (meeting_id, id)")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Exchange by file: the devices whose bundles were seen (trust on first use) and what
    each peer is known to hold per meeting (for delta bundles)."""
    conn.execute(
        """CREATE TABLE sync_devices (
               id TEXT PRIMARY KEY,
               name TEXT NOT NULL,
               public_key BLOB NOT NULL,
               first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"""
    )
    conn.execute(
        """CREATE TABLE sync_peer_states (
               device_id TEXT NOT NULL,
               meeting_id TEXT NOT NULL,
               state_vector BLOB NOT NULL,
               PRIMARY KEY (device_id, meeting_id))"""
    )


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Versions of the minutes: each keeps the meeting's full Yjs state as it was, so no
    later edit or merge can change what a version says (see store/versions.py)."""
    conn.execute(
        """CREATE TABLE IF NOT EXISTS versions (
               id TEXT PRIMARY KEY,
               meeting_id TEXT NOT NULL,
               number INTEGER NOT NULL,
               name TEXT NOT NULL,
               status TEXT NOT NULL,
               author TEXT NOT NULL,
               approved INTEGER NOT NULL DEFAULT 0,
               created_at TEXT NOT NULL,
               state BLOB NOT NULL,
               UNIQUE (meeting_id, number))"""
    )


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Versions travel in sync bundles: which versions each peer is known to hold, so a
    bundle for that peer lists them without carrying their states again."""
    conn.execute(
        """CREATE TABLE IF NOT EXISTS sync_peer_versions (
               device_id TEXT NOT NULL,
               version_id TEXT NOT NULL,
               PRIMARY KEY (device_id, version_id))"""
    )


# MIGRATIONS[n] takes a database from schema version n to n + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_3_to_4,
]
assert len(MIGRATIONS) == SCHEMA_VERSION

PROJECTION_TABLES = [c.table for c in COLLECTIONS] + ["projection_state", "search_docs"]


def _create_projection_tables(conn: sqlite3.Connection) -> None:
    # Imported here: opening an up-to-date database needs no schema helper, and the app
    # starts faster without it.
    import sqlite_utils

    db = sqlite_utils.Database(conn)

    def table(name: str) -> sqlite_utils.db.Table:
        return db.table(name)

    for c in COLLECTIONS:
        columns: dict[str, type] = {"id": str, "meeting_id": str}
        for name in c.kinds:
            columns[name] = int if name in c.flags else str
        table(c.table).create(columns, pk="id", not_null={"meeting_id"})
        table(c.table).create_index(["meeting_id"])
    table("blocks").create_index(["item_id", "position"])
    # Which update of its log each meeting's projection has absorbed.
    table("projection_state").create({"meeting_id": str, "log_upto": int}, pk="meeting_id")
    # One row per searchable record; the FTS index follows it through triggers.
    table("search_docs").create(
        {"rowid": int, "ref_id": str, "meeting_id": str, "entity": str, "title": str, "body": str},
        pk="rowid",
        not_null={"ref_id", "meeting_id", "entity", "title", "body"},
    )
    table("search_docs").create_index(["ref_id"], unique=True)
    table("search_docs").create_index(["meeting_id"])
    table("search_docs").enable_fts(
        ["title", "body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


def connect(path: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) and migrate; the caller decides whether to rebuild.

    Autocommit mode: the store issues BEGIN IMMEDIATE / COMMIT itself, so that an edit's log
    entry and its projection land in one transaction. WAL with synchronous=FULL makes every
    committed edit survive a crash or power cut.
    """
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            _("{path} is not a EUROMED Desktop database ({error}).").format(path=path, error=exc)
        ) from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            _(
                "{path} was written by a newer version of EUROMED Desktop "
                "(schema {found}, this version knows {known}). Please update the app."
            ).format(path=path, found=version, known=SCHEMA_VERSION)
        )
    if version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for step in MIGRATIONS[version:]:
                step(conn)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return conn


def projection_is_current(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key='projection_version'").fetchone()
    return row is not None and int(row[0]) == PROJECTION_VERSION


def recreate_projection(conn: sqlite3.Connection) -> None:
    """Drop and recreate every projection table (inside the caller's transaction)."""
    for trigger in ("search_docs_ai", "search_docs_ad", "search_docs_au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("DROP TABLE IF EXISTS search_docs_fts")
    for table in PROJECTION_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    _create_projection_tables(conn)
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('projection_version', ?)",
        (str(PROJECTION_VERSION),),
    )
