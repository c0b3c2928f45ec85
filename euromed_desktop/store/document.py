"""A meeting's CRDT document: its layout, writes to it, and what each transaction touched.

Layout: one top-level map per collection (``meetings``, ``agenda``, ``participants``,
``blocks``, ``decisions``, ``actions``, ``comments``), each mapping a record's UUID to a map of
its fields (see ``collections``). The meeting's own record lives in ``meetings`` under its id.

Every committed transaction leaves its Yjs update and the set of records it touched in
``pending``; the store drains them into the update log and the projection. pycrdt's text
offsets are UTF-8 byte offsets: ``insert_text``/``delete_text`` take character offsets and
convert, so callers never see bytes.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Iterable
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from euromed_desktop.store.collections import BY_ROOT, COLLECTIONS, Collection


def lazy_module(name: str) -> ModuleType:
    """A module that is imported at its first use. pycrdt (with what it imports) takes a
    sizeable share of the app's start-up; the first window only reads the projection, so the
    CRDT engine can wait until a document is opened."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


if TYPE_CHECKING:
    import pycrdt
    from pycrdt import Map, Text, TransactionEvent
else:
    pycrdt = lazy_module("pycrdt")

LOCAL_ORIGIN = "local"
REMOTE_ORIGIN = "remote"
EMPTY_UPDATE = b"\x00\x00"
E = TypeVar("E")
UNDO_CAPTURE_MS = 500  # typing in one block within this interval undoes as one step


class Pending:
    """The updates made since the last commit, and the records they touched."""

    def __init__(self) -> None:
        self.updates: list[bytes] = []
        self.touched: set[tuple[str, str]] = set()  # (root, record id)

    def clear(self) -> None:
        self.updates.clear()
        self.touched.clear()


class MeetingDocument:
    def __init__(self, meeting_id: str, state: bytes | None = None) -> None:
        self.meeting_id = meeting_id
        self.doc: pycrdt.Doc[Any] = pycrdt.Doc()
        self.roots: dict[str, Map[Any]] = {
            c.root: self.doc.get(c.root, type=pycrdt.Map) for c in COLLECTIONS
        }
        if state:
            self.doc.apply_update(state)
        self.pending = Pending()
        self._subscriptions = [self.doc.observe(self._on_transaction)]
        for root, shared in self.roots.items():
            self._subscriptions.append(shared.observe_deep(partial(self._on_deep, root)))
        # A private clock lets the store decide where one undo step ends: bumping it past the
        # capture interval starts a new step; typing in the same block within it merges.
        self._clock_offset = 0
        self._last_step: str | None = None
        self.undo_manager = pycrdt.UndoManager(
            scopes=list(self.roots.values()),
            capture_timeout_millis=UNDO_CAPTURE_MS,
            timestamp=self._clock,
        )
        self.undo_manager.include_origin(LOCAL_ORIGIN)

    # -- bookkeeping -------------------------------------------------------------------------

    def _on_transaction(self, event: TransactionEvent) -> None:
        if event.update != EMPTY_UPDATE:
            self.pending.updates.append(event.update)

    def _on_deep(self, root: str, events: list[Any]) -> None:
        for event in events:
            if event.path:
                self.pending.touched.add((root, str(event.path[0])))
            else:
                self.pending.touched.update((root, str(key)) for key in event.keys)

    def _clock(self) -> int:
        return int(time.monotonic() * 1000) + 10**9 + self._clock_offset

    def start_step(self, step: str | None) -> None:
        """Begin a local edit; it joins the previous undo step only if ``step`` is the same."""
        if step is None or step != self._last_step:
            self._clock_offset += UNDO_CAPTURE_MS * 4
        self._last_step = step

    def end_step(self) -> None:
        """The next edit starts a new undo step whatever its step name (after undo/redo)."""
        self._last_step = None

    # -- reading -----------------------------------------------------------------------------

    def record(self, collection: Collection[Any], record_id: str) -> Map[Any] | None:
        value = self.roots[collection.root].get(record_id)
        return value if isinstance(value, pycrdt.Map) else None

    def record_ids(self, collection: Collection[Any]) -> list[str]:
        return list(self.roots[collection.root].keys())

    def entity(self, collection: Collection[E], record_id: str) -> E | None:
        record = self.record(collection, record_id)
        if record is None:
            return None
        return collection.from_document(record_id, self.meeting_id, record.to_py() or {})

    def entities(self, collection: Collection[E]) -> list[E]:
        return [
            collection.from_document(rid, self.meeting_id, value.to_py() or {})
            for rid, value in self.roots[collection.root].items()
            if isinstance(value, pycrdt.Map)
        ]

    def plain(self, root: str) -> dict[str, Any]:
        """Every record of one collection as plain Python data (for projection and checks)."""
        return {
            rid: value.to_py()
            for rid, value in self.roots[root].items()
            if isinstance(value, pycrdt.Map)
        }

    # -- writing (call inside a transaction) -------------------------------------------------

    def put(self, collection: Collection[E], entity: E) -> None:
        """Add a record, or change only the fields that differ from the stored ones."""
        values = collection.to_document(entity)
        record_id: str = getattr(entity, "id")  # noqa: B009 - entities are dataclasses with id
        record = self.record(collection, record_id)
        if record is None:
            self.roots[collection.root][record_id] = pycrdt.Map(
                {name: _prelim(collection.kinds[name], value) for name, value in values.items()}
            )
            return
        current = record.to_py() or {}
        for name, value in values.items():
            if current.get(name) != value:
                self._set_field(record, collection, name, value)

    def _set_field(
        self, record: Map[Any], collection: Collection[Any], name: str, value: Any
    ) -> None:
        kind = collection.kinds[name]
        existing = record.get(name)
        if kind == "text" and isinstance(existing, pycrdt.Text):
            replace_text(existing, value or "")
        elif kind in ("langmap", "flagmap", "textmap") and isinstance(existing, pycrdt.Map):
            for key in [k for k in existing.keys() if k not in value]:  # noqa: SIM118
                inner = existing.get(key)
                if isinstance(inner, pycrdt.Text):
                    # Emptied, not removed: a Text made again under the same key on two
                    # laptops at once would keep only one of them (see minutes.add_block).
                    replace_text(inner, "")
                else:
                    del existing[key]
            for key, item in value.items():
                inner = existing.get(key)
                if kind == "textmap" and isinstance(inner, pycrdt.Text):
                    replace_text(inner, item)
                elif inner != item:
                    existing[key] = pycrdt.Text(item) if kind == "textmap" else item
        else:
            record[name] = _prelim(kind, value)

    def delete(self, collection: Collection[Any], record_id: str) -> None:
        del self.roots[collection.root][record_id]

    def text(
        self, collection: Collection[Any], record_id: str, name: str, key: str | None = None
    ) -> Text:
        record = self.record(collection, record_id)
        assert record is not None
        value = record[name]
        if key is not None:
            value = value[key]
        assert isinstance(value, pycrdt.Text)
        return value


def _prelim(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "text":
        return pycrdt.Text(value)
    if kind == "textmap":
        return pycrdt.Map({k: pycrdt.Text(v) for k, v in value.items()})
    if kind in ("langmap", "flagmap"):
        return pycrdt.Map(dict(value))
    return value


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def insert_text(shared: Text, index: int, value: str) -> None:
    """Insert at a character offset."""
    current = str(shared)
    if not 0 <= index <= len(current):
        raise IndexError(index)
    shared.insert(_byte_offset(current, index), value)


def delete_text(shared: Text, index: int, length: int) -> None:
    """Delete ``length`` characters from a character offset."""
    current = str(shared)
    if index < 0 or length < 0 or index + length > len(current):
        raise IndexError(index)
    start = _byte_offset(current, index)
    stop = start + len(current[index : index + length].encode("utf-8"))
    del shared[start:stop]


def replace_text(shared: Text, new: str) -> None:
    """Turn the text into ``new`` by one delete and one insert around the common ends, so that
    characters a colleague is typing elsewhere in the same block survive a merge."""
    old = str(shared)
    if old == new:
        return
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    removed = len(old) - prefix - suffix
    if removed:
        delete_text(shared, prefix, removed)
    inserted = new[prefix : len(new) - suffix]
    if inserted:
        insert_text(shared, prefix, inserted)


# Editing these after approval starts a new draft; reviewer comments and the agenda do not.
MINUTES_ROOTS = frozenset({"blocks", "decisions", "actions"})


def reopen_if_approved(document: MeetingDocument) -> None:
    """After a local edit of approved minutes, set the meeting back to "minutes in draft".

    Runs in every local change (the store calls it), so no editing path can forget it; the
    status change joins the edit's undo step, so undoing the edit approves the text again.
    """
    if not any(root in MINUTES_ROOTS for root, _rid in document.pending.touched):
        return
    record = document.roots["meetings"].get(document.meeting_id)
    if isinstance(record, pycrdt.Map) and record.get("status") == "approved":
        with document.doc.transaction(origin=LOCAL_ORIGIN):
            record["status"] = "minutes_draft"


def merge_updates(*updates: bytes) -> bytes:
    return bytes(pycrdt.merge_updates(*updates))


def collection_for_root(root: str) -> Collection[Any]:
    return BY_ROOT[root]


def iter_touched(touched: Iterable[tuple[str, str]]) -> list[tuple[Collection[Any], str]]:
    return [(BY_ROOT[root], rid) for root, rid in sorted(touched)]
