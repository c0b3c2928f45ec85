"""Plain tables derived from the meetings' documents, for reading, sorting and searching.

After every transaction the store re-projects exactly the records it touched; a rebuild
projects every record of a meeting from scratch. Both go through ``rows_for`` so they cannot
disagree, and ``db check`` compares the stored rows with freshly derived ones.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from euromed_desktop.store.collections import BY_ROOT, COLLECTIONS, Collection
from euromed_desktop.store.document import MeetingDocument


def _joined(texts: dict[str, Any]) -> str:
    """Per-language values in a fixed order (map order differs between replicas)."""
    return " ".join(str(texts[lang]) for lang in sorted(texts))


# Arabic short vowels and other marks, and the tatweel: searches ignore them.
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640])


def normalise_for_search(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_ARABIC_MARKS)


def search_fields(collection: Collection[Any], data: dict[str, Any]) -> tuple[str, str] | None:
    """(title, body) under which a record is found by full-text search, if it is searchable."""
    if collection.root == "meetings":
        title = _joined(data.get("title", {}))
        body = " ".join(str(data.get(k) or "") for k in ("venue", "city", "country"))
    elif collection.root == "agenda":
        title = _joined(data.get("title", {}))
        body = str(data.get("description") or "")
    elif collection.root == "participants":
        title = " ".join(str(data.get(k) or "") for k in ("honorific", "given_name", "family_name"))
        body = " ".join(
            str(data.get(k) or "") for k in ("organisation", "position", "delegation", "country")
        )
    elif collection.root == "blocks":
        title = ""
        body = str(data.get("text") or "") + "\n" + _joined(data.get("translations", {}))
    elif collection.root == "decisions":
        title, body = "", str(data.get("text") or "")
    elif collection.root == "actions":
        title, body = "", " ".join(str(data.get(k) or "") for k in ("what", "owner"))
    else:
        return None
    return normalise_for_search(title.strip()), normalise_for_search(body.strip())


def rows_for(
    document: MeetingDocument,
    collection: Collection[Any],
    record_id: str,
    bulk: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], tuple[str, str] | None] | None:
    """``bulk``: the whole collection as plain data, read once (see ``apply``)."""
    if bulk is not None:
        data = bulk.get(record_id)
        if not isinstance(data, dict):
            return None
    else:
        record = document.record(collection, record_id)
        if record is None:
            return None
        data = record.to_py() or {}
    return collection.to_row(record_id, document.meeting_id, data), search_fields(collection, data)


def _write(
    conn: sqlite3.Connection,
    document: MeetingDocument,
    collection: Collection[Any],
    record_id: str,
    bulk: dict[str, Any] | None = None,
) -> None:
    derived = rows_for(document, collection, record_id, bulk)
    if derived is None:
        conn.execute(f"DELETE FROM {collection.table} WHERE id = ?", (record_id,))
        conn.execute("DELETE FROM search_docs WHERE ref_id = ?", (record_id,))
        return
    row, search = derived
    columns = collection.columns
    conn.execute(
        f"INSERT OR REPLACE INTO {collection.table} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        [row[c] for c in columns],
    )
    if search is not None:
        conn.execute(_UPSERT_SEARCH, (record_id, document.meeting_id, collection.root, *search))


_UPSERT_SEARCH = (
    "INSERT INTO search_docs (ref_id, meeting_id, entity, title, body) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (ref_id) DO UPDATE SET "
    "title = excluded.title, body = excluded.body "
    "WHERE title IS NOT excluded.title OR body IS NOT excluded.body"
)


BULK_FROM = 64  # touched records of one collection above which it is read in one call


def apply(
    conn: sqlite3.Connection, document: MeetingDocument, touched: Iterable[tuple[str, str]]
) -> None:
    """Re-project the touched records. When many records of one collection changed at once (a
    colleague's bundle bringing a whole meeting), the collection is read from the document in
    one call (pycrdt's JSON export) instead of record by record, which is several times faster.
    """
    ordered = sorted(touched)
    counts = Counter(root for root, _ in ordered)
    bulk = {
        root: json.loads(str(document.roots[root]))
        for root, count in counts.items()
        if count > BULK_FROM
    }
    rows: dict[str, list[list[Any]]] = {}
    searches: list[tuple[str, str, str, str, str]] = []
    for root, record_id in ordered:
        collection = BY_ROOT[root]
        derived = rows_for(document, collection, record_id, bulk[root]) if root in bulk else None
        if derived is None:  # few records, or a deleted one: one at a time
            _write(conn, document, collection, record_id, bulk.get(root))
            continue
        row, search = derived
        rows.setdefault(root, []).append([row[c] for c in collection.columns])
        if search is not None:
            searches.append((record_id, document.meeting_id, root, *search))
    for root, values in rows.items():
        columns = BY_ROOT[root].columns
        conn.executemany(
            f"INSERT OR REPLACE INTO {BY_ROOT[root].table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            values,
        )
    conn.executemany(_UPSERT_SEARCH, searches)


def clear_meeting(conn: sqlite3.Connection, meeting_id: str) -> None:
    for collection in COLLECTIONS:
        conn.execute(f"DELETE FROM {collection.table} WHERE meeting_id = ?", (meeting_id,))
    conn.execute("DELETE FROM search_docs WHERE meeting_id = ?", (meeting_id,))
    conn.execute("DELETE FROM projection_state WHERE meeting_id = ?", (meeting_id,))


def rebuild(conn: sqlite3.Connection, document: MeetingDocument, log_upto: int) -> None:
    clear_meeting(conn, document.meeting_id)
    for collection in COLLECTIONS:
        for record_id in document.record_ids(collection):
            _write(conn, document, collection, record_id)
    mark(conn, document.meeting_id, log_upto)


def mark(conn: sqlite3.Connection, meeting_id: str, log_upto: int) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO projection_state (meeting_id, log_upto) VALUES (?, ?)",
        (meeting_id, log_upto),
    )


def stored(conn: sqlite3.Connection, meeting_id: str) -> dict[str, dict[str, Any]]:
    """Every projected row of a meeting, keyed by table then id (search rows by ref_id)."""
    result: dict[str, dict[str, Any]] = {}
    for collection in COLLECTIONS:
        rows = conn.execute(
            f"SELECT {', '.join(collection.columns)} FROM {collection.table} WHERE meeting_id = ?",
            (meeting_id,),
        )
        result[collection.table] = {r["id"]: dict(r) for r in rows}
    rows = conn.execute(
        "SELECT ref_id, entity, title, body FROM search_docs WHERE meeting_id = ?", (meeting_id,)
    )
    result["search_docs"] = {r["ref_id"]: dict(r) for r in rows}
    return result


def derived(document: MeetingDocument) -> dict[str, dict[str, Any]]:
    """What ``stored`` must return for this document."""
    result: dict[str, dict[str, Any]] = {c.table: {} for c in COLLECTIONS}
    result["search_docs"] = {}
    for collection in COLLECTIONS:
        for record_id in document.record_ids(collection):
            rows = rows_for(document, collection, record_id)
            if rows is None:
                continue
            row, search = rows
            result[collection.table][record_id] = row
            if search is not None:
                result["search_docs"][record_id] = {
                    "ref_id": record_id,
                    "entity": collection.root,
                    "title": search[0],
                    "body": search[1],
                }
    return result
