"""Reading a meeting from the projection tables (never from the documents)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from euromed_desktop.domain.entities import (
    ActionPoint,
    AgendaItem,
    Block,
    Comment,
    Decision,
    Meeting,
    Participant,
)
from euromed_desktop.domain.errors import NotFoundError, ValidationError
from euromed_desktop.i18n import _
from euromed_desktop.store.collections import (
    ACTIONS,
    AGENDA,
    BLOCKS,
    COMMENTS,
    DECISIONS,
    MEETINGS,
    PARTICIPANTS,
    Collection,
)
from euromed_desktop.store.projection import normalise_for_search
from euromed_desktop.store.store import Store


def _select(
    store: Store, collection: Collection[Any], where: str, args: tuple[Any, ...], order: str
) -> list[Any]:
    columns = ", ".join(collection.columns)
    rows = store.conn.execute(
        f"SELECT {columns} FROM {collection.table} WHERE {where} ORDER BY {order}", args
    )
    return [collection.from_row(dict(r)) for r in rows]


def _of_meeting(meeting_id: str, ids: Iterable[str] | None) -> tuple[str, tuple[str, ...]]:
    """Records of one meeting, optionally only some of them by id."""
    if ids is None:
        return "meeting_id = ?", (meeting_id,)
    wanted = sorted(ids)
    return f"meeting_id = ? AND id IN ({', '.join('?' * len(wanted))})", (meeting_id, *wanted)


def meetings(store: Store) -> list[Meeting]:
    return _select(store, MEETINGS, "1", (), "start DESC, id")


def meeting(store: Store, meeting_id: str) -> Meeting:
    found = _select(store, MEETINGS, "id = ?", (meeting_id,), "id")
    if not found:
        raise NotFoundError(_("No meeting with id {id}.").format(id=meeting_id))
    result: Meeting = found[0]
    return result


def agenda(store: Store, meeting_id: str) -> list[AgendaItem]:
    """Sessions in order, each followed by its items in order."""
    items = _select(store, AGENDA, "meeting_id = ?", (meeting_id,), "position, id")
    top = [i for i in items if i.parent_id is None]
    known = {i.id for i in top}
    ordered: list[AgendaItem] = []
    for session in top:
        ordered.append(session)
        ordered.extend(i for i in items if i.parent_id == session.id)
    # An item whose session a colleague deleted meanwhile stays visible, at the end.
    ordered.extend(i for i in items if i.parent_id is not None and i.parent_id not in known)
    return ordered


def participants(
    store: Store, meeting_id: str, ids: Iterable[str] | None = None
) -> list[Participant]:
    """The meeting's participants, or only those with the given ids (for row updates)."""
    where, args = _of_meeting(meeting_id, ids)
    return _select(
        store,
        PARTICIPANTS,
        where,
        args,
        "family_name COLLATE NOCASE, given_name COLLATE NOCASE, id",
    )


def blocks(store: Store, meeting_id: str, item_id: str | None = None) -> list[Block]:
    """Blocks in agenda order (blocks of the same item by position)."""
    if item_id is not None:
        return _select(store, BLOCKS, "item_id = ?", (item_id,), "position, id")
    rank = {item.id: n for n, item in enumerate(agenda(store, meeting_id))}
    found = _select(store, BLOCKS, "meeting_id = ?", (meeting_id,), "position, id")
    return sorted(found, key=lambda b: (rank.get(b.item_id, len(rank)), b.position, b.id))


def items_with_minutes(store: Store, meeting_id: str) -> set[str]:
    """The agenda items that have at least one block of minutes."""
    rows = store.conn.execute(
        "SELECT DISTINCT item_id FROM blocks WHERE meeting_id = ?", (meeting_id,)
    )
    return {r[0] for r in rows}


def decisions(store: Store, meeting_id: str) -> list[Decision]:
    return _select(store, DECISIONS, "meeting_id = ?", (meeting_id,), "position, id")


def actions(store: Store, meeting_id: str, ids: Iterable[str] | None = None) -> list[ActionPoint]:
    """The meeting's action points, or only those with the given ids (for row updates)."""
    where, args = _of_meeting(meeting_id, ids)
    return _select(store, ACTIONS, where, args, "position, id")


def comments(store: Store, meeting_id: str, block_id: str | None = None) -> list[Comment]:
    if block_id is not None:
        return _select(store, COMMENTS, "block_id = ?", (block_id,), "created_at, id")
    return _select(store, COMMENTS, "meeting_id = ?", (meeting_id,), "created_at, id")


class Counts(NamedTuple):
    participants: int
    agenda_items: int
    blocks: int
    actions: int
    by_country: dict[str, int]
    by_group: dict[str, int]
    by_gender: dict[str, int]


def counts(store: Store, meeting_id: str) -> Counts:
    people = participants(store, meeting_id)
    return Counts(
        participants=len(people),
        agenda_items=_count(store, "agenda_items", meeting_id),
        blocks=_count(store, "blocks", meeting_id),
        actions=_count(store, "action_points", meeting_id),
        by_country=dict(Counter(p.country or "" for p in people).most_common()),
        by_group=dict(Counter(p.stakeholder_group for p in people).most_common()),
        by_gender=dict(Counter(p.gender or "" for p in people).most_common()),
    )


def _count(store: Store, table: str, meeting_id: str) -> int:
    row = store.conn.execute(f"SELECT COUNT(*) FROM {table} WHERE meeting_id = ?", (meeting_id,))
    return int(row.fetchone()[0])


def resolve(store: Store, table: str, text: str, meeting_id: str | None = None) -> str:
    """The full id of a record given its id or a unique prefix of it (at least 4 characters)."""
    text = text.strip().lower()
    where, args = "id LIKE ? || '%'", [text]
    if meeting_id is not None:
        where += " AND meeting_id = ?"
        args.append(meeting_id)
    if len(text) < 4 or not re.fullmatch(r"[0-9a-f-]+", text):
        raise NotFoundError(_("No record with id {id}.").format(id=text))
    rows = store.conn.execute(f"SELECT id FROM {table} WHERE {where} LIMIT 2", args).fetchall()
    if not rows:
        raise NotFoundError(_("No record with id {id}.").format(id=text))
    if len(rows) > 1:
        raise ValidationError.single(
            "id", _("The id {id} is ambiguous; give more characters.").format(id=text)
        )
    return str(rows[0][0])


class Hit(NamedTuple):
    meeting_id: str
    entity: str  # meetings, agenda, participants, blocks, decisions, actions
    ref_id: str
    title: str
    snippet: str


_TOKEN = re.compile(r"\w+", re.UNICODE)


def search(store: Store, text: str, meeting_id: str | None = None, limit: int = 50) -> list[Hit]:
    """Full-text search; every word must match, the last one as a prefix (search as you type)."""
    words = _TOKEN.findall(normalise_for_search(text))
    if not words:
        return []
    query = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    sql = (
        "SELECT d.meeting_id, d.entity, d.ref_id, d.title, "
        "snippet(search_docs_fts, 1, '[', ']', '…', 12) AS snip "
        "FROM search_docs_fts JOIN search_docs d ON d.rowid = search_docs_fts.rowid "
        "WHERE search_docs_fts MATCH ?"
    )
    args: list[Any] = [query.strip()]
    if meeting_id is not None:
        sql += " AND d.meeting_id = ?"
        args.append(meeting_id)
    sql += " ORDER BY rank LIMIT ?"
    args.append(limit)
    return [
        Hit(r["meeting_id"], r["entity"], r["ref_id"], r["title"], r["snip"])
        for r in store.conn.execute(sql, args)
    ]
