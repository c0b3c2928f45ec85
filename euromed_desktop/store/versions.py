"""Versions of the minutes, their comparison and restoration, and the approval workflow.

A version keeps the meeting's whole Yjs state (``Store.encode_update``) as it was when it
was taken, in the ``versions`` table. The blob is never edited afterwards, so neither later
typing nor a colleague's merged bundle can change what a version says; reading one means
loading that state into a fresh document. Versions are this laptop's record (like a
rapporteur's saved copies); the status they set travels with the meeting as usual.

Restoring is an ordinary local edit: each record is put back field by field, and text
fields change through a minimal delete + insert, so a restore is one undo step and merges
with a colleague's concurrent typing like any other edit.

The approval workflow (minutes in draft → in review → approved) takes a version
automatically when the minutes go to review and when they are approved; the approved
version is frozen and is what the final minutes print. An edit of approved minutes sets
the status back to draft (``document.reopen_if_approved``, called by the store).
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from euromed_desktop.domain.entities import AgendaItem
from euromed_desktop.domain.errors import NotFoundError, ValidationError
from euromed_desktop.domain.vocab import MeetingStatus
from euromed_desktop.i18n import _
from euromed_desktop.store import meetings as meeting_service
from euromed_desktop.store.collections import ACTIONS, AGENDA, BLOCKS, DECISIONS, Collection
from euromed_desktop.store.document import MeetingDocument
from euromed_desktop.store.records import meeting_of, new_id
from euromed_desktop.store.store import Store

# What a version restores and compares: the minutes proper, not the agenda or participants
# (those belong to the organiser and are edited in their own pages).
RESTORED: tuple[Collection[Any], ...] = (BLOCKS, DECISIONS, ACTIONS)


@dataclass(frozen=True)
class Version:
    id: str
    meeting_id: str
    number: int  # 1, 2, 3… per meeting, for people and the command line
    name: str
    status: str  # the meeting's status when the version was taken
    author: str
    approved: bool  # the version an approval froze
    created_at: str  # ISO 8601, UTC


# -- taking and reading versions ---------------------------------------------------------------


def _row_version(row: Any) -> Version:
    return Version(
        id=row["id"],
        meeting_id=row["meeting_id"],
        number=int(row["number"]),
        name=row["name"],
        status=row["status"],
        author=row["author"],
        approved=bool(row["approved"]),
        created_at=row["created_at"],
    )


_COLUMNS = "id, meeting_id, number, name, status, author, approved, created_at"


def take(
    store: Store, meeting_id: str, *, name: str = "", author: str = "", approved: bool = False
) -> Version:
    """Keep the meeting's current state as a new version."""
    with store.transaction():
        meeting = meeting_of(store.document(meeting_id))
        version = Version(
            id=new_id(),
            meeting_id=meeting_id,
            number=_next_number(store, meeting_id),
            name=name.strip(),
            status=meeting.status,
            author=author.strip(),
            approved=approved,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        _insert(store, version, store.encode_update(meeting_id))
    return version


def receive(
    store: Store,
    meeting_id: str,
    version_id: str,
    state: bytes,
    *,
    name: str,
    status: str,
    author: str,
    approved: bool,
    created_at: str,
) -> bool:
    """Keep a version a colleague's bundle brought (its state already checked by the caller),
    unless this laptop has it; it takes the next number here. Returns whether it was new."""
    with store.transaction():
        if has(store, version_id):
            return False
        number = _next_number(store, meeting_id)
        fields = (name, status, author, approved, created_at)
        _insert(store, Version(version_id, meeting_id, number, *fields), state)
    return True


def has(store: Store, version_id: str) -> bool:
    return bool(store.conn.execute("SELECT 1 FROM versions WHERE id = ?", (version_id,)).fetchone())


def _next_number(store: Store, meeting_id: str) -> int:
    row = store.conn.execute(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE meeting_id = ?", (meeting_id,)
    ).fetchone()
    return int(row[0])


def _insert(store: Store, version: Version, state: bytes) -> None:
    store.conn.execute(
        f"INSERT INTO versions ({_COLUMNS}, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version.id,
            version.meeting_id,
            version.number,
            version.name,
            version.status,
            version.author,
            int(version.approved),
            version.created_at,
            state,
        ),
    )


def versions(store: Store, meeting_id: str) -> list[Version]:
    """The meeting's versions, oldest first."""
    rows = store.conn.execute(
        f"SELECT {_COLUMNS} FROM versions WHERE meeting_id = ? ORDER BY number",
        (meeting_id,),
    ).fetchall()
    return [_row_version(r) for r in rows]


def get(store: Store, meeting_id: str, ref: str | int) -> Version:
    """A version by its number, its id or the start of its id."""
    text = str(ref).strip()
    if text.isdigit():
        row = store.conn.execute(
            f"SELECT {_COLUMNS} FROM versions WHERE meeting_id = ? AND number = ?",
            (meeting_id, int(text)),
        ).fetchone()
        rows = [row] if row is not None else []
    else:
        rows = store.conn.execute(
            f"SELECT {_COLUMNS} FROM versions WHERE meeting_id = ? AND id LIKE ? || '%'",
            (meeting_id, text),
        ).fetchall()
    if len(rows) != 1 or not text:
        raise NotFoundError(_("No version {ref} of this meeting.").format(ref=text))
    return _row_version(rows[0])


def state(store: Store, version: Version) -> bytes:
    row = store.conn.execute("SELECT state FROM versions WHERE id = ?", (version.id,)).fetchone()
    if row is None:
        raise NotFoundError(_("No version {ref} of this meeting.").format(ref=version.number))
    return bytes(row[0])


def document(store: Store, version: Version) -> MeetingDocument:
    """The meeting as it was in ``version`` (a detached document: edits to it go nowhere)."""
    return MeetingDocument(version.meeting_id, state(store, version))


def approved(store: Store, meeting_id: str) -> Version | None:
    """The latest approved version (still the final text after the minutes are reopened).
    Latest by when it was approved: one approved on another laptop may arrive after."""
    row = store.conn.execute(
        f"SELECT {_COLUMNS} FROM versions WHERE meeting_id = ? AND approved = 1 "
        "ORDER BY created_at DESC, number DESC LIMIT 1",
        (meeting_id,),
    ).fetchone()
    return _row_version(row) if row is not None else None


# -- comparing ---------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Words (letters, digits and their combining marks, so Arabic vowel signs stay in their
    word), runs of white space, and single other characters."""
    out: list[str] = []
    kind_of_last = ""
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LNM" or char in "_\u200c\u200d":
            kind = "word"
        elif char.isspace():
            kind = "space"
        else:
            kind = "other"
        if out and kind == kind_of_last and kind != "other":
            out[-1] += char
        else:
            out.append(char)
        kind_of_last = kind
    return out


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """The changes from ``old`` to ``new`` word by word; joining the equal and delete
    segments gives ``old``, the equal and insert segments give ``new``."""
    a, b = tokens(old), tokens(new)
    out: list[Segment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Segment(op, out[-1].text + text)
        else:
            out.append(Segment(op, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    chunks = [
        (tag == "equal", "".join(a[i1:i2]), "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    # A lone space kept between two changed words would split one rewritten phrase into
    # many small changes; read it as part of the change instead.
    for n in range(1, len(chunks) - 1):
        same, text, _new = chunks[n]
        if same and text.isspace() and not chunks[n - 1][0] and not chunks[n + 1][0]:
            chunks[n] = (False, text, text)
    pending_old, pending_new = "", ""
    for same, old_text, new_text in chunks:
        if same:
            add("delete", pending_old)
            add("insert", pending_new)
            pending_old, pending_new = "", ""
            add("equal", old_text)
        else:
            pending_old += old_text
            pending_new += new_text
    add("delete", pending_old)
    add("insert", pending_new)
    return out


@dataclass(frozen=True)
class TextChange:
    """One text that differs between two states: a block's text or one of its
    translations, a decision, or an action point."""

    root: str  # "blocks", "decisions", "actions"
    record_id: str
    field: str  # "text", a language code (a block's translation), or "what"
    item_id: str | None
    item_title: str
    change: str  # "added", "removed" or "changed"
    old: str
    new: str
    segments: list[Segment]


def _agenda_rank(items: list[AgendaItem]) -> dict[str, int]:
    top = sorted((i for i in items if i.parent_id is None), key=lambda i: (i.position, i.id))
    ordered: list[AgendaItem] = []
    for session in top:
        ordered.append(session)
        ordered.extend(
            sorted(
                (i for i in items if i.parent_id == session.id), key=lambda i: (i.position, i.id)
            )
        )
    return {item.id: n for n, item in enumerate(ordered)}


def _texts(doc: MeetingDocument) -> dict[tuple[str, str, str], tuple[str | None, str, str]]:
    """(root, record, field) → (agenda item, position, text) of every text of the minutes."""
    out: dict[tuple[str, str, str], tuple[str | None, str, str]] = {}
    for block in doc.entities(BLOCKS):
        out[("blocks", block.id, "text")] = (block.item_id, block.position, block.text)
        for lang, text in block.translations.items():
            out[("blocks", block.id, lang)] = (block.item_id, block.position, text)
    for decision in doc.entities(DECISIONS):
        out[("decisions", decision.id, "text")] = (
            decision.item_id,
            decision.position,
            decision.text,
        )
    for action in doc.entities(ACTIONS):
        out[("actions", action.id, "what")] = (action.item_id, action.position, action.what)
    return out


def compare_documents(old: MeetingDocument, new: MeetingDocument) -> list[TextChange]:
    """Every text of the minutes that differs, in agenda order."""
    before, after = _texts(old), _texts(new)
    items = {i.id: i for i in old.entities(AGENDA)}
    items.update({i.id: i for i in new.entities(AGENDA)})
    languages = meeting_of(new).languages
    rank = _agenda_rank(list(items.values()))
    root_rank = {"blocks": 0, "decisions": 1, "actions": 2}
    changes: list[tuple[tuple[Any, ...], TextChange]] = []
    for key in before.keys() | after.keys():
        old_text = before[key][2] if key in before else ""
        new_text = after[key][2] if key in after else ""
        if key in before and key in after and old_text == new_text:
            continue
        item_id, position, _text = after.get(key) or before[key]
        item = items.get(item_id) if item_id else None
        change = "changed" if key in before and key in after else "added"
        if key not in after:
            change = "removed"
        root, record_id, name = key
        sort = (
            rank.get(item_id or "", len(rank)),
            root_rank[root],
            position,
            record_id,
            name != "text",
            name,
        )
        changes.append(
            (
                sort,
                TextChange(
                    root=root,
                    record_id=record_id,
                    field=name,
                    item_id=item_id,
                    item_title=item.display_title(languages) if item else "",
                    change=change,
                    old=old_text,
                    new=new_text,
                    segments=word_diff(old_text, new_text),
                ),
            )
        )
    return [c for _sort, c in sorted(changes, key=lambda pair: pair[0])]


def compare(
    store: Store, meeting_id: str, old: str | int, new: str | int | None = None
) -> list[TextChange]:
    """What changed from version ``old`` to version ``new`` (default: the minutes now)."""
    before = document(store, get(store, meeting_id, old))
    after = (
        store.document(meeting_id) if new is None else document(store, get(store, meeting_id, new))
    )
    return compare_documents(before, after)


# -- restoring ---------------------------------------------------------------------------------


def restore(store: Store, meeting_id: str, ref: str | int) -> int:
    """Make the minutes say again what version ``ref`` says, as one new local edit
    (undoable; merges with colleagues' edits). Returns how many texts changed."""
    version = get(store, meeting_id, ref)
    old = document(store, version)
    with store.transaction():
        changed = compare_documents(store.document(meeting_id), old)
        differs = changed or any(
            _plain_records(store.document(meeting_id), c) != _plain_records(old, c)
            for c in RESTORED
        )
        if not differs:
            return 0
        with store.change(meeting_id) as current:
            items_used: set[str] = set()
            for collection in RESTORED:
                wanted = {e.id: e for e in old.entities(collection)}
                for record_id in current.record_ids(collection):
                    if record_id not in wanted:
                        current.delete(collection, record_id)
                for entity in wanted.values():
                    current.put(collection, entity)
                    if entity.item_id:
                        items_used.add(entity.item_id)
            _bring_back_items(current, old, items_used)
    return len(changed)


def _bring_back_items(current: MeetingDocument, old: MeetingDocument, item_ids: set[str]) -> None:
    """Restored minutes whose agenda item was deleted since would hang under nothing and be
    shown nowhere: the item (with its session) comes back as the version has it."""
    present = set(current.record_ids(AGENDA))
    then = {item.id: item for item in old.entities(AGENDA)}
    for item_id in sorted(item_ids):
        missing: str | None = item_id
        while missing is not None and missing not in present and missing in then:
            current.put(AGENDA, then[missing])
            present.add(missing)
            missing = then[missing].parent_id


def _plain_records(doc: MeetingDocument, collection: Collection[Any]) -> dict[str, Any]:
    return doc.plain(collection.root)


# -- approval ----------------------------------------------------------------------------------

WORKFLOW = (
    MeetingStatus.MINUTES_DRAFT.value,
    MeetingStatus.IN_REVIEW.value,
    MeetingStatus.APPROVED.value,
)


def set_status(store: Store, meeting_id: str, status: str, *, by: str) -> Version | None:
    """Move the minutes to ``status`` (draft, in review, approved).

    Circulating for review and approving each take a version, named after the step, in the
    same transaction as the status change; approving needs the minutes to be in review and
    a name for who approved them. Returns the version taken, if any.
    """
    if status not in WORKFLOW:
        raise ValidationError.single(
            "status", _("Unknown status of the minutes: {status}.").format(status=status)
        )
    by = by.strip()
    if status == MeetingStatus.APPROVED.value and not by:
        raise ValidationError.single("by", _("Say who approves the minutes."))
    with store.transaction():
        current = meeting_of(store.document(meeting_id)).status
        if current == status:
            return None
        if status == MeetingStatus.APPROVED.value and current != MeetingStatus.IN_REVIEW.value:
            raise ValidationError.single(
                "status", _("Only minutes in review can be approved; circulate them first.")
            )
        meeting_service.update(store, meeting_id, status=status)
        if status == MeetingStatus.IN_REVIEW.value:
            # Automatic versions have no name: lists show their status, in the reader's language.
            return take(store, meeting_id, name="", author=by)
        if status == MeetingStatus.APPROVED.value:
            return take(store, meeting_id, name="", author=by, approved=True)
        return None
