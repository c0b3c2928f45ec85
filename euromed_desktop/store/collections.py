"""How each kind of record lives in a meeting's CRDT document and in its projection table.

One spec per collection drives both directions (entity ⇄ document, document ⇄ row), so the
document layout, the SQLite columns and the rebuild can never drift apart.

Field kinds, and how concurrent edits of them merge:
  value     a scalar (string, bool, None); last writer wins
  date      ISO date string; last writer wins
  datetime  ISO local date-time string (minutes); last writer wins
  list      a JSON list, replaced as a whole; last writer wins
  langmap   a nested map language → string; each language merges separately
  flagmap   a nested map key → bool (attendance per day); each key merges separately
  text      a CRDT text; concurrent typing merges character by character
  textmap   a nested map language → CRDT text (translations)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import partial
from typing import Any, Generic, Literal, TypeVar

from euromed_desktop.domain.entities import (
    ActionPoint,
    AgendaItem,
    Block,
    Comment,
    Decision,
    Meeting,
    Participant,
)

FieldKind = Literal["value", "date", "datetime", "list", "langmap", "flagmap", "text", "textmap"]
JSON_KINDS = frozenset({"list", "langmap", "flagmap", "textmap"})
E = TypeVar("E")


@dataclass(frozen=True)
class Collection(Generic[E]):
    root: str  # name of the top-level map in the document: id → record map
    table: str  # projection table
    entity: type[E]
    kinds: dict[str, FieldKind]  # every entity field but id and meeting_id

    @property
    def flags(self) -> frozenset[str]:
        """Boolean fields (stored as 0/1 in the projection)."""
        return _flags(self.entity)

    @property
    def columns(self) -> list[str]:
        return ["id", "meeting_id", *self.kinds]

    def to_document(self, entity: E) -> dict[str, Any]:
        """Plain values for the record's fields as the document stores them."""
        return {name: _to_doc(kind, getattr(entity, name)) for name, kind in self.kinds.items()}

    def value_to_document(self, name: str, value: Any) -> Any:
        return _to_doc(self.kinds[name], value)

    def from_document(self, record_id: str, meeting_id: str, data: dict[str, Any]) -> E:
        """An entity from a record map's ``to_py()`` (missing fields take their defaults)."""
        values: dict[str, Any] = {"id": record_id, "meeting_id": meeting_id}
        for name, kind in self.kinds.items():
            if name in data:
                values[name] = _from_doc(kind, data[name])
        if self.entity is Meeting:
            values.pop("meeting_id")
        return self.entity(**values)

    def to_row(self, record_id: str, meeting_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """The projection row for a record map's ``to_py()``; defaults fill missing fields."""
        entity = self.from_document(record_id, meeting_id, data)
        row: dict[str, Any] = {"id": record_id, "meeting_id": meeting_id}
        for name, kind in self.kinds.items():
            value = _to_doc(kind, getattr(entity, name))
            if kind in JSON_KINDS:
                value = json.dumps(value, ensure_ascii=False, sort_keys=True)
            elif isinstance(value, bool):
                value = int(value)
            row[name] = value
        return row

    def from_row(self, row: Mapping[str, Any]) -> E:
        """An entity from a projection row (columns as ``columns`` names them).

        Lists read thousands of rows at once (participants, blocks), so each field's
        conversion is looked up once per collection, not once per row.
        """
        values: dict[str, Any] = {"id": row["id"]}
        if self.entity is not Meeting:
            values["meeting_id"] = row["meeting_id"]
        for name, convert in _row_readers(self):
            raw = row[name]
            values[name] = raw if convert is None or raw is None else convert(raw)
        return self.entity(**values)


Reader = tuple[str, Callable[[Any], Any] | None]
_readers: dict[str, list[Reader]] = {}


def _row_readers(collection: Collection[Any]) -> list[Reader]:
    """For each field, how a projection column becomes the entity's value (None: as is)."""
    if collection.table in _readers:
        return _readers[collection.table]
    readers: list[Reader] = []
    for name, kind in collection.kinds.items():
        convert: Callable[[Any], Any] | None = None
        if kind in JSON_KINDS:
            convert = partial(_from_json, kind)
        elif kind in ("date", "datetime"):
            convert = partial(_from_doc, kind)
        elif name in collection.flags:
            convert = bool
        readers.append((name, convert))
    _readers[collection.table] = readers
    return readers


def _from_json(kind: FieldKind, raw: str) -> Any:
    if raw == "[]":  # most lists and maps are empty: skip the parser
        return []
    if raw == "{}":
        return {}
    return _from_doc(kind, json.loads(raw))


_flag_names: dict[Any, frozenset[str]] = {}


def _flags(entity: Any) -> frozenset[str]:
    # Asked for every row read; the answer never changes.
    if entity not in _flag_names:
        _flag_names[entity] = frozenset(
            f.name for f in fields(entity) if isinstance(f.default, bool)
        )
    return _flag_names[entity]


def _to_doc(kind: FieldKind, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else value
    if kind == "datetime":
        return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value
    if kind == "list":
        return list(value)
    if kind in ("langmap", "flagmap", "textmap"):
        return dict(value)
    return value


def _from_doc(kind: FieldKind, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "list":
        return list(value)
    if kind == "flagmap":
        return {k: bool(v) for k, v in value.items()}
    if kind == "textmap":  # an empty text is a translation not written yet
        return {k: str(v) for k, v in value.items() if str(v)}
    if kind == "langmap":
        return {k: str(v) for k, v in value.items()}
    return value


MEETINGS: Collection[Meeting] = Collection(
    "meetings",
    "meetings",
    Meeting,
    {
        "title": "langmap",
        "start": "date",
        "end": "date",
        "country": "value",
        "kind": "value",
        "component": "value",
        "thematic_areas": "list",
        "timezone": "value",
        "venue": "value",
        "city": "value",
        "languages": "list",
        "confidentiality": "value",
        "status": "value",
        "created_at": "value",
    },
)
AGENDA: Collection[AgendaItem] = Collection(
    "agenda",
    "agenda_items",
    AgendaItem,
    {
        "title": "langmap",
        "kind": "value",
        "parent_id": "value",
        "position": "value",
        "start": "datetime",
        "end": "datetime",
        "description": "value",
        "moderators": "list",
        "speakers": "list",
        "thematic_area": "value",
    },
)
PARTICIPANTS: Collection[Participant] = Collection(
    "participants",
    "participants",
    Participant,
    {
        "family_name": "value",
        "given_name": "value",
        "honorific": "value",
        "gender": "value",
        "organisation": "value",
        "position": "value",
        "country": "value",
        "delegation": "value",
        "stakeholder_group": "value",
        "role": "value",
        "email": "value",
        "phone": "value",
        "languages": "list",
        "consent_contact": "value",
        "attendance": "flagmap",
    },
)
BLOCKS: Collection[Block] = Collection(
    "blocks",
    "blocks",
    Block,
    {
        "item_id": "value",
        "kind": "value",
        "lang": "value",
        "text": "text",
        "position": "value",
        "speaker_id": "value",
        "time": "value",
        "translations": "textmap",
    },
)
DECISIONS: Collection[Decision] = Collection(
    "decisions",
    "decisions",
    Decision,
    {"item_id": "value", "text": "text", "lang": "value", "position": "value"},
)
ACTIONS: Collection[ActionPoint] = Collection(
    "actions",
    "action_points",
    ActionPoint,
    {
        "item_id": "value",
        "what": "text",
        "owner": "value",
        "due": "date",
        "status": "value",
        "position": "value",
    },
)
COMMENTS: Collection[Comment] = Collection(
    "comments",
    "comments",
    Comment,
    {
        "block_id": "value",
        "author": "value",
        "text": "value",
        "created_at": "value",
        "status": "value",
        "resolution": "value",
    },
)

COLLECTIONS: tuple[Collection[Any], ...] = (
    MEETINGS,
    AGENDA,
    PARTICIPANTS,
    BLOCKS,
    DECISIONS,
    ACTIONS,
    COMMENTS,
)
BY_ROOT = {c.root: c for c in COLLECTIONS}
