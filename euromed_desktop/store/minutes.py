"""Services for the minutes: blocks of text per agenda item, their translations,
decisions, action points and reviewer comments.

Text is edited as character ranges (insert / delete) so that two rapporteurs typing in the
same block on two laptops both keep their words when their files merge.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from euromed_desktop.domain.entities import ActionPoint, Block, Comment, Decision
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.validation import (
    validate_action_point,
    validate_block,
    validate_comment,
    validate_decision,
)
from euromed_desktop.i18n import _
from euromed_desktop.store.collections import (
    ACTIONS,
    AGENDA,
    BLOCKS,
    COMMENTS,
    DECISIONS,
    PARTICIPANTS,
)
from euromed_desktop.store.document import (
    MeetingDocument,
    delete_text,
    insert_text,
    replace_text,
)
from euromed_desktop.store.records import get, meeting_of, new_id, position_for, updated
from euromed_desktop.store.store import Store

BLOCK_EDITABLE = {"kind", "lang", "speaker_id", "time"}


def _check_refs(document: MeetingDocument, item_id: str | None, speaker_id: str | None) -> None:
    if item_id is not None:
        get(document, AGENDA, item_id)
    if speaker_id is not None:
        get(document, PARTICIPANTS, speaker_id)


# -- blocks ------------------------------------------------------------------------------------


def add_block(
    store: Store,
    meeting_id: str,
    item_id: str,
    *,
    text: str = "",
    kind: str = "note",
    lang: str | None = None,
    speaker_id: str | None = None,
    time: str | None = None,
    index: int | None = None,
) -> Block:
    with store.change(meeting_id) as document:
        block = Block(
            id=new_id(),
            meeting_id=meeting_id,
            item_id=item_id,
            kind=kind,
            lang=lang or meeting_of(document).languages[0],
            text=text,
            speaker_id=speaker_id,
            time=time,
        )
        validate_block(block)
        _check_refs(document, item_id, speaker_id)
        block.position = position_for(store, document, BLOCKS, ("item_id", item_id), index)
        # One (empty) text per other working language, made here once: two rapporteurs who
        # start the same translation at the same time then type into the same text, which
        # merges, instead of each creating one under the same key, which keeps only one.
        others = [lang for lang in meeting_of(document).languages if lang != block.lang]
        document.put(BLOCKS, dataclasses.replace(block, translations=dict.fromkeys(others, "")))
    return block


def update_block(store: Store, meeting_id: str, block_id: str, **changes: Any) -> Block:
    with store.change(meeting_id) as document:
        block = updated(get(document, BLOCKS, block_id), changes, BLOCK_EDITABLE)
        validate_block(block)
        _check_refs(document, None, block.speaker_id)
        document.put(BLOCKS, block)
    return block


def _text_step(block_id: str, lang: str | None) -> str:
    return f"text:{block_id}:{lang or ''}"


def _bounds_error(index: int, length: int, size: int) -> ValidationError:
    return ValidationError.single(
        "position",
        _(
            "Position {index} (length {length}) is outside the text, which has {size} characters."
        ).format(index=index, length=length, size=size),
    )


def insert_text_at(
    store: Store, meeting_id: str, block_id: str, index: int, text: str, *, lang: str | None = None
) -> None:
    """Insert ``text`` at character ``index`` of the block (or of its ``lang`` translation)."""
    with store.change(meeting_id, step=_text_step(block_id, lang)) as document:
        shared = _shared_text(document, block_id, lang)
        size = len(str(shared))
        if not 0 <= index <= size:
            raise _bounds_error(index, 0, size)
        insert_text(shared, index, text)


def delete_text_at(
    store: Store,
    meeting_id: str,
    block_id: str,
    index: int,
    length: int,
    *,
    lang: str | None = None,
) -> None:
    with store.change(meeting_id, step=_text_step(block_id, lang)) as document:
        shared = _shared_text(document, block_id, lang)
        size = len(str(shared))
        if index < 0 or length < 0 or index + length > size:
            raise _bounds_error(index, length, size)
        delete_text(shared, index, length)


def set_text(store: Store, meeting_id: str, block_id: str, text: str) -> None:
    """Make the block's text ``text``, changing only the range that differs."""
    with store.change(meeting_id, step=_text_step(block_id, None)) as document:
        replace_text(_shared_text(document, block_id, None), text)


def _shared_text(document: MeetingDocument, block_id: str, lang: str | None) -> Any:
    block = get(document, BLOCKS, block_id)
    if lang is None:
        return document.text(BLOCKS, block_id, "text")
    if lang not in block.translations:
        raise ValidationError.single(
            "lang", _("This block has no translation into {lang}.").format(lang=lang)
        )
    return document.text(BLOCKS, block_id, "translations", lang)


def set_translation(store: Store, meeting_id: str, block_id: str, lang: str, text: str) -> Block:
    """Add or change the block's translation into ``lang``."""
    with store.change(meeting_id, step=_text_step(block_id, lang)) as document:
        block = get(document, BLOCKS, block_id)
        if lang == block.lang:
            raise ValidationError.single(
                "lang", _("A block cannot be translated into its own language.")
            )
        block.translations = {**block.translations, lang: text}
        validate_block(block)
        document.put(BLOCKS, block)
    return block


def delete_translation(store: Store, meeting_id: str, block_id: str, lang: str) -> None:
    with store.change(meeting_id) as document:
        block = get(document, BLOCKS, block_id)
        block.translations.pop(lang, None)
        document.put(BLOCKS, block)


def move_block(
    store: Store, meeting_id: str, block_id: str, *, item_id: str | None = None, index: int | None
) -> Block:
    """Move a block within its agenda item, or to ``item_id``."""
    with store.change(meeting_id) as document:
        block = get(document, BLOCKS, block_id)
        target = item_id or block.item_id
        _check_refs(document, target, None)
        block.item_id = target
        block.position = position_for(
            store, document, BLOCKS, ("item_id", target), index, moving=block_id
        )
        document.put(BLOCKS, block)
    return block


def delete_block(store: Store, meeting_id: str, block_id: str) -> None:
    with store.change(meeting_id) as document:
        get(document, BLOCKS, block_id)
        document.delete(BLOCKS, block_id)


# -- decisions ---------------------------------------------------------------------------------


def add_decision(
    store: Store, meeting_id: str, item_id: str, text: str, *, lang: str | None = None
) -> Decision:
    with store.change(meeting_id) as document:
        decision = Decision(
            id=new_id(),
            meeting_id=meeting_id,
            item_id=item_id,
            text=text.strip(),
            lang=lang or meeting_of(document).languages[0],
        )
        validate_decision(decision)
        _check_refs(document, item_id, None)
        decision.position = position_for(store, document, DECISIONS, ("item_id", item_id), None)
        document.put(DECISIONS, decision)
    return decision


def update_decision(store: Store, meeting_id: str, decision_id: str, **changes: Any) -> Decision:
    with store.change(meeting_id) as document:
        decision = updated(get(document, DECISIONS, decision_id), changes, {"text", "lang"})
        validate_decision(decision)
        document.put(DECISIONS, decision)
    return decision


def delete_decision(store: Store, meeting_id: str, decision_id: str) -> None:
    with store.change(meeting_id) as document:
        get(document, DECISIONS, decision_id)
        document.delete(DECISIONS, decision_id)


# -- action points -----------------------------------------------------------------------------


def add_action(
    store: Store,
    meeting_id: str,
    what: str,
    *,
    item_id: str | None = None,
    owner: str = "",
    due: date | None = None,
    status: str = "open",
) -> ActionPoint:
    with store.change(meeting_id) as document:
        action = ActionPoint(
            id=new_id(),
            meeting_id=meeting_id,
            item_id=item_id,
            what=what.strip(),
            owner=owner.strip(),
            due=due,
            status=status,
        )
        validate_action_point(action, meeting_of(document))
        _check_refs(document, item_id, None)
        action.position = position_for(store, document, ACTIONS, None, None)
        document.put(ACTIONS, action)
    return action


def update_action(store: Store, meeting_id: str, action_id: str, **changes: Any) -> ActionPoint:
    with store.change(meeting_id) as document:
        action = updated(
            get(document, ACTIONS, action_id),
            changes,
            {"what", "owner", "due", "status", "item_id"},
        )
        validate_action_point(action, meeting_of(document))
        _check_refs(document, action.item_id, None)
        document.put(ACTIONS, action)
    return action


def delete_action(store: Store, meeting_id: str, action_id: str) -> None:
    with store.change(meeting_id) as document:
        get(document, ACTIONS, action_id)
        document.delete(ACTIONS, action_id)


# -- reviewer comments -------------------------------------------------------------------------


def add_comment(store: Store, meeting_id: str, block_id: str, author: str, text: str) -> Comment:
    with store.change(meeting_id) as document:
        get(document, BLOCKS, block_id)
        comment = Comment(
            id=new_id(),
            meeting_id=meeting_id,
            block_id=block_id,
            author=author.strip(),
            text=text.strip(),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        validate_comment(comment)
        document.put(COMMENTS, comment)
    return comment


def resolve_comment(
    store: Store, meeting_id: str, comment_id: str, resolution: str = ""
) -> Comment:
    with store.change(meeting_id) as document:
        comment = get(document, COMMENTS, comment_id)
        comment.status = "resolved"
        comment.resolution = resolution.strip()
        document.put(COMMENTS, comment)
    return comment
