"""Reviewer comments as plain records: what a comments bundle carries, and how they join the
minutes.

A comments bundle holds JSON records, never a Yjs update, so a reviewer cannot change the
minutes however the file is crafted. On import the rapporteur's laptop itself writes each new
comment into the meeting's document (as a merged, not undoable, change), so the comments then
travel to the other rapporteurs with the next sync bundle. A comment already present (same id)
is left alone, so a resolved comment stays resolved when the same file is imported again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from euromed_desktop.domain.entities import Comment
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.validation import validate_comment
from euromed_desktop.i18n import _
from euromed_desktop.store.collections import BLOCKS, COMMENTS
from euromed_desktop.store.document import MeetingDocument
from euromed_desktop.store.store import Store
from euromed_desktop.sync.errors import BundleError

FIELDS = ("id", "block_id", "author", "text", "created_at")
MAX_COMMENTS = 10_000
MAX_COMMENT_TEXT = 20_000
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class CommentsImported:
    added: int
    already_known: int
    orphaned: int  # anchored to a block no longer in the minutes


def encode(meeting_id: str, comments: Sequence[Comment]) -> bytes:
    records = [{name: getattr(c, name) for name in FIELDS} for c in comments]
    return json.dumps(
        {"meeting_id": meeting_id, "comments": records}, ensure_ascii=False, indent=1
    ).encode("utf-8")


def _bad(detail: str) -> BundleError:
    return BundleError(
        _("The comments in the bundle are damaged or incomplete ({detail}).").format(detail=detail)
    )


def decode(data: bytes, meeting_id: str) -> list[Comment]:
    """The comment records, each checked like a comment typed in the app."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _bad("JSON") from exc
    if not isinstance(value, dict) or value.get("meeting_id") != meeting_id:
        raise _bad("meeting_id")
    records = value.get("comments")
    if not isinstance(records, list) or len(records) > MAX_COMMENTS:
        raise _bad("comments")
    result: list[Comment] = []
    for record in records:
        if not isinstance(record, dict) or not all(
            isinstance(record.get(name), str) and len(record[name]) <= MAX_COMMENT_TEXT
            for name in FIELDS
        ):
            raise _bad("comments")
        if not _ID.fullmatch(record["id"]) or not _ID.fullmatch(record["block_id"]):
            raise _bad("id")
        comment = Comment(
            id=record["id"],
            meeting_id=meeting_id,
            block_id=record["block_id"],
            author=record["author"].strip(),
            text=record["text"].strip(),
            created_at=record["created_at"],
        )
        try:
            validate_comment(comment)
        except ValidationError as exc:
            raise _bad(str(exc)) from exc
        result.append(comment)
    if len({c.id for c in result}) != len(result):
        raise _bad("id")
    return result


def merge(store: Store, meeting_id: str, comments: Sequence[Comment]) -> CommentsImported:
    """Add the comments not yet in the meeting (inside the caller's transaction).

    The new records are written on a scratch copy of the document and the resulting update is
    merged like a colleague's, so the import is not part of the local user's undo history.
    """
    live = store.document(meeting_id)
    fresh = [c for c in comments if live.record(COMMENTS, c.id) is None]
    orphaned = sum(1 for c in comments if live.record(BLOCKS, c.block_id) is None)
    if fresh:
        scratch = MeetingDocument(meeting_id, store.encode_update(meeting_id))
        before = scratch.doc.get_state()
        with scratch.doc.transaction():
            for comment in fresh:
                scratch.put(COMMENTS, comment)
        store.apply_update(meeting_id, scratch.doc.get_update(before))
    return CommentsImported(len(fresh), len(comments) - len(fresh), orphaned)


def plain(comment: Comment) -> dict[str, Any]:
    return {name: getattr(comment, name) for name in FIELDS}
