"""The store: one SQLite file holding every meeting's update log and its projection.

Every write goes through ``change()`` (or ``apply_update`` for a colleague's update): the
document is edited in memory inside a pycrdt transaction; the Yjs update it produced is
appended to the log and the touched records are re-projected, all in one SQLite transaction.
If anything fails the SQLite transaction rolls back and the in-memory document is dropped,
to be reloaded from the log, so memory and disk never disagree.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from euromed_desktop.domain.errors import NotFoundError
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.store import database, projection
from euromed_desktop.store.document import (
    LOCAL_ORIGIN,
    REMOTE_ORIGIN,
    MeetingDocument,
    merge_updates,
    reopen_if_approved,
)

COMPACT_AT = 256  # log entries of one meeting before loading it rewrites them as one

# Called after each commit with the meeting id and the (collection root, record id) pairs the
# transaction touched; a meeting deleted from this laptop is reported with an empty set.
Listener = Callable[[str, frozenset[tuple[str, str]]], None]


class CheckReport(NamedTuple):
    problems: list[str]
    meetings: int
    updates: int

    @property
    def healthy(self) -> bool:
        return not self.problems


class Store:
    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else database.default_path()
        self.conn: sqlite3.Connection = database.connect(self.path)
        self._documents: dict[str, MeetingDocument] = {}
        self._lock = threading.RLock()
        self._depth = 0
        self._changed: set[str] = set()  # meetings a change was started on in this transaction
        self._dirty: set[str] = set()  # meetings whose documents changed in this transaction
        self._touched: dict[str, set[tuple[str, str]]] = {}  # what to tell listeners at commit
        self._listeners: list[Listener] = []
        self.closed = False
        self._ensure_projection()

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        self.closed = True
        self._documents.clear()
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _ensure_projection(self) -> None:
        with self.transaction():
            if not database.projection_is_current(self.conn):
                database.recreate_projection(self.conn)
            stale = self.conn.execute(
                "SELECT u.meeting_id, MAX(u.id) AS upto FROM updates u "
                "LEFT JOIN projection_state p ON p.meeting_id = u.meeting_id "
                "GROUP BY u.meeting_id HAVING p.log_upto IS NULL OR p.log_upto != MAX(u.id)"
            ).fetchall()
            for row in stale:
                projection.rebuild(self.conn, self.document(row["meeting_id"]), row["upto"])

    # -- transactions ------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All changes inside happen together or not at all; nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
                self.conn.execute("COMMIT")
                touched, self._touched = self._touched, {}
            except BaseException:
                self.conn.execute("ROLLBACK")
                # Documents that changed in memory must be reloaded from the log; untouched
                # ones (a validation error before any edit) keep their undo history.
                for meeting_id in self._changed:
                    document = self._documents.get(meeting_id)
                    if document is None:
                        continue
                    if meeting_id in self._dirty or document.pending.updates:
                        del self._documents[meeting_id]
                raise
            finally:
                self._depth = 0
                self._changed.clear()
                self._dirty.clear()
                self._touched = {}
        for meeting_id, records in touched.items():
            for listener in list(self._listeners):
                listener(meeting_id, frozenset(records))

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Be told what each committed transaction changed; returns the unsubscribe call."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @contextmanager
    def change(self, meeting_id: str, step: str | None = None) -> Iterator[MeetingDocument]:
        """Edit a meeting's document as the local user (undoable).

        Edits with the same ``step`` name that follow each other quickly undo as one step
        (typing in one block); any other edit starts a step of its own.
        """
        with self.transaction():
            document = self.document(meeting_id)
            self._changed.add(meeting_id)
            document.start_step(step)
            with document.doc.transaction(origin=LOCAL_ORIGIN):
                yield document
            reopen_if_approved(document)
            self._persist(document, "local")

    def _persist(self, document: MeetingDocument, origin: str) -> int:
        """Append the document's pending updates and re-project what they touched."""
        pending = document.pending
        last = 0
        for update in pending.updates:
            cursor = self.conn.execute(
                "INSERT INTO updates (meeting_id, data, origin) VALUES (?, ?, ?)",
                (document.meeting_id, update, origin),
            )
            last = cursor.lastrowid or last
        if pending.updates:
            self._dirty.add(document.meeting_id)
            self._touched.setdefault(document.meeting_id, set()).update(pending.touched)
            projection.apply(self.conn, document, pending.touched)
            projection.mark(self.conn, document.meeting_id, last)
        count = len(pending.updates)
        pending.clear()
        return count

    # -- documents ---------------------------------------------------------------------------

    def has_meeting(self, meeting_id: str) -> bool:
        if meeting_id in self._documents:
            return True
        row = self.conn.execute(
            "SELECT 1 FROM updates WHERE meeting_id = ? LIMIT 1", (meeting_id,)
        ).fetchone()
        return row is not None

    def document(self, meeting_id: str) -> MeetingDocument:
        """The meeting's document, loaded from its log on first use."""
        with self._lock:
            document = self._documents.get(meeting_id)
            if document is not None:
                return document
            blobs = [
                r[0]
                for r in self.conn.execute(
                    "SELECT data FROM updates WHERE meeting_id = ? ORDER BY id", (meeting_id,)
                )
            ]
            if not blobs:
                raise NotFoundError(_("No meeting with id {id}.").format(id=meeting_id))
            state = blobs[0] if len(blobs) == 1 else merge_updates(*blobs)
            document = MeetingDocument(meeting_id, state)
            self._documents[meeting_id] = document
            if len(blobs) >= COMPACT_AT:
                self._compact(document)
            return document

    def new_document(self, meeting_id: str) -> MeetingDocument:
        with self._lock:
            document = MeetingDocument(meeting_id)
            self._documents[meeting_id] = document
            return document

    def _compact(self, document: MeetingDocument) -> None:
        """Rewrite a meeting's log as one update holding the same state."""
        with self.transaction():
            self.conn.execute("DELETE FROM updates WHERE meeting_id = ?", (document.meeting_id,))
            cursor = self.conn.execute(
                "INSERT INTO updates (meeting_id, data, origin) VALUES (?, ?, 'compact')",
                (document.meeting_id, document.doc.get_update()),
            )
            assert cursor.lastrowid is not None
            projection.mark(self.conn, document.meeting_id, cursor.lastrowid)

    def forget(self, meeting_id: str) -> None:
        """Remove a meeting's log and projection (inside a transaction)."""
        with self.transaction():
            self.conn.execute("DELETE FROM updates WHERE meeting_id = ?", (meeting_id,))
            self.conn.execute("DELETE FROM versions WHERE meeting_id = ?", (meeting_id,))
            projection.clear_meeting(self.conn, meeting_id)
            self._changed.add(meeting_id)
            self._dirty.add(meeting_id)
            self._touched[meeting_id] = set()
            self._documents.pop(meeting_id, None)

    def meeting_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT meeting_id FROM updates")]

    # -- undo --------------------------------------------------------------------------------

    def can_undo(self, meeting_id: str) -> bool:
        return meeting_id in self._documents and self._documents[meeting_id].undo_manager.can_undo()

    def can_redo(self, meeting_id: str) -> bool:
        return meeting_id in self._documents and self._documents[meeting_id].undo_manager.can_redo()

    def undo(self, meeting_id: str) -> bool:
        """Undo the local user's last step in this meeting; colleagues' edits stay."""
        return self._undo_or_redo(meeting_id, redo=False)

    def redo(self, meeting_id: str) -> bool:
        return self._undo_or_redo(meeting_id, redo=True)

    def _undo_or_redo(self, meeting_id: str, *, redo: bool) -> bool:
        if meeting_id not in self._documents:
            return False
        with self.transaction():
            document = self.document(meeting_id)
            self._changed.add(meeting_id)
            manager = document.undo_manager
            done = manager.redo() if redo else manager.undo()
            document.end_step()
            self._persist(document, "redo" if redo else "undo")
            return bool(done)

    # -- exchange with other replicas --------------------------------------------------------

    def state_vector(self, meeting_id: str) -> bytes:
        state: bytes = self.document(meeting_id).doc.get_state()
        return state

    def encode_update(self, meeting_id: str, since: bytes | None = None) -> bytes:
        """The meeting's full state, or only what a replica at state vector ``since`` lacks."""
        doc = self.document(meeting_id).doc
        update: bytes = doc.get_update(since) if since is not None else doc.get_update()
        return update

    def apply_update(self, meeting_id: str, update: bytes) -> int:
        """Merge a colleague's update; returns how many log entries it added (0: nothing new)."""
        with self.transaction():
            if self.has_meeting(meeting_id):
                document = self.document(meeting_id)
            else:
                document = self.new_document(meeting_id)
            self._changed.add(meeting_id)
            with document.doc.transaction(origin=REMOTE_ORIGIN):
                document.doc.apply_update(update)
            return self._persist(document, "import")

    # -- maintenance -------------------------------------------------------------------------

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild every projection table from the logs; returns the number of meetings.

        ``progress(done, total)`` is called per meeting; an exception it raises (the user
        cancelled) rolls everything back.
        """
        with self.transaction():
            self._documents.clear()
            database.recreate_projection(self.conn)
            ids = self.meeting_ids()
            for done, meeting_id in enumerate(ids):
                if progress is not None:
                    progress(done, len(ids))
                projection.rebuild(self.conn, self.document(meeting_id), self._log_upto(meeting_id))
            return len(ids)

    def _log_upto(self, meeting_id: str) -> int:
        row = self.conn.execute(
            "SELECT MAX(id) FROM updates WHERE meeting_id = ?", (meeting_id,)
        ).fetchone()
        return int(row[0] or 0)

    def check(self, progress: Callable[[int, int], None] | None = None) -> CheckReport:
        """Integrity of the file, of every log, and projection == what the logs say.

        ``progress(done, total)`` is called per meeting and may raise to stop the check.
        """
        problems: list[str] = []
        result = self.conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            problems.append(_("SQLite integrity check failed: {result}").format(result=result))
        try:
            self.conn.execute(
                "INSERT INTO search_docs_fts (search_docs_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as exc:
            problems.append(_("The search index is damaged ({error}).").format(error=exc))
        ids = self.meeting_ids()
        for done, meeting_id in enumerate(ids):
            if progress is not None:
                progress(done, len(ids))
            try:
                blobs = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT data FROM updates WHERE meeting_id = ? ORDER BY id", (meeting_id,)
                    )
                ]
                fresh = MeetingDocument(meeting_id, merge_updates(*blobs))
            except Exception as exc:  # a damaged update is reported, not raised
                problems.append(
                    _("Meeting {id}: its update log cannot be read ({error}).").format(
                        id=meeting_id, error=exc
                    )
                )
                continue
            if projection.stored(self.conn, meeting_id) != projection.derived(fresh):
                problems.append(
                    _(
                        "Meeting {id}: the tables differ from the update log; "
                        "run “euromed db rebuild”."
                    ).format(id=meeting_id)
                )
            state = self.conn.execute(
                "SELECT log_upto FROM projection_state WHERE meeting_id = ?", (meeting_id,)
            ).fetchone()
            if state is None or state[0] != self._log_upto(meeting_id):
                problems.append(
                    _("Meeting {id}: the tables lag behind the update log.").format(id=meeting_id)
                )
        orphans = self.conn.execute(
            "SELECT COUNT(*) FROM meetings WHERE id NOT IN (SELECT meeting_id FROM updates)"
        ).fetchone()[0]
        if orphans:
            problems.append(
                ngettext(
                    "{n} meeting row has no update log.",
                    "{n} meeting rows have no update log.",
                    orphans,
                ).format(n=orphans)
            )
        updates = self.conn.execute("SELECT COUNT(*) FROM updates").fetchone()[0]
        return CheckReport(problems, len(ids), updates)
