"""The review loop: a read-only review copy goes out, plain comments come back.

A review bundle carries a fresh document holding what reviewers need: the meeting, its
agenda, the minutes (blocks, decisions, action points) and the participants' names and
organisations. E-mail and phone travel only for people who consented to share them; gender,
attendance and earlier reviewers' comments stay home, and under the Chatham House Rule so
does the link from an intervention to its speaker. Because it is a separate document (its
own Yjs history), a review copy can never be merged into anyone's minutes; what comes back is
a comments bundle of plain records.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from euromed_desktop.domain.attribution import name_hider, unnamed
from euromed_desktop.domain.entities import Comment, Participant
from euromed_desktop.domain.vocab import Confidentiality
from euromed_desktop.i18n import _
from euromed_desktop.store import minutes, queries
from euromed_desktop.store.collections import (
    ACTIONS,
    AGENDA,
    BLOCKS,
    DECISIONS,
    MEETINGS,
    PARTICIPANTS,
    Collection,
)
from euromed_desktop.store.document import MeetingDocument
from euromed_desktop.store.records import meeting_of
from euromed_desktop.store.store import Store
from euromed_desktop.sync import comments as comment_records
from euromed_desktop.sync import container, peers
from euromed_desktop.sync.bundle import MeetingEntry, read_bundle, write_bundle
from euromed_desktop.sync.device import Device, DeviceKey, load_or_create
from euromed_desktop.sync.errors import BundleError, KeyChanged
from euromed_desktop.sync.exchange import EMPTY_STATE, ExportResult, Progress, meeting_title
from euromed_desktop.sync.peers import Trust


def reviewable(person: Participant) -> Participant:
    """What a review copy says about a participant."""
    shared = person.consent_contact
    return dataclasses.replace(
        person,
        gender=None,
        email=person.email if shared else "",
        phone=person.phone if shared else "",
        attendance={},
    )


def review_update(store: Store, meeting_id: str) -> bytes:
    """A standalone Yjs update holding the review copy's content. Each record is written
    once, already as the copy may show it (a value overwritten in the copy could still be
    read in its history)."""
    source = store.document(meeting_id)
    meeting = meeting_of(source)
    people = source.entities(PARTICIPANTS)
    blocks, actions = source.entities(BLOCKS), source.entities(ACTIONS)
    if meeting.confidentiality == Confidentiality.CHATHAM_HOUSE.value:
        # No copy leaving the rapporteur links words or commitments to a named person:
        # blocks lose their speaker, and a participant named as an action point's owner is
        # called by country or group (in the meeting's first language), as in print.
        lang = meeting.languages[0] if meeting.languages else "en"
        hide = name_hider(people, lambda person: unnamed(person, lang))
        blocks = [dataclasses.replace(b, speaker_id=None) for b in blocks]
        actions = [dataclasses.replace(a, owner=hide(a.owner)) for a in actions]
    copy = MeetingDocument(meeting_id)
    with copy.doc.transaction():
        collections: tuple[Collection[Any], ...] = (MEETINGS, AGENDA, DECISIONS)
        for collection in collections:
            for entity in source.entities(collection):
                copy.put(collection, entity)
        for block in blocks:
            copy.put(BLOCKS, block)
        for action in actions:
            copy.put(ACTIONS, action)
        for person in people:
            copy.put(PARTICIPANTS, reviewable(person))
    update: bytes = copy.doc.get_update()
    return update


def export_review(
    store: Store,
    path: Path,
    meeting_id: str,
    *,
    passphrase: str | None = None,
    key: DeviceKey | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write a review copy of the meeting for participants to comment on."""
    key = key if key is not None else load_or_create()
    if progress is not None:
        progress(0, 2)
    with store.transaction():
        title = meeting_title(store, meeting_id)
        update = review_update(store, meeting_id)
    member = container.update_member(meeting_id)
    entry = MeetingEntry(meeting_id, title, EMPTY_STATE, None, member)
    size = write_bundle(path, "review", [entry], {member: update}, key, passphrase)
    if progress is not None:
        progress(2, 2)
    return ExportResult(Path(path), "review", size, [meeting_id], False, passphrase is not None)


def export_comments(
    path: Path,
    meeting_id: str,
    title: dict[str, str],
    comments: Sequence[Comment],
    *,
    passphrase: str | None = None,
    key: DeviceKey | None = None,
) -> ExportResult:
    """Write a comments bundle: the records only, never a document update."""
    key = key if key is not None else load_or_create()
    members = {container.COMMENTS: comment_records.encode(meeting_id, comments)}
    entry = MeetingEntry(meeting_id, title, EMPTY_STATE)
    size = write_bundle(path, "comments", [entry], members, key, passphrase)
    return ExportResult(Path(path), "comments", size, [meeting_id], False, passphrase is not None)


class ReviewCopy:
    """A review bundle opened for reading and commenting.

    ``store`` holds only the review copy (in memory, or in ``store_path`` so that comments
    survive a restart); read it with ``euromed_desktop.store.queries`` as usual. Nothing
    written into it can reach the rapporteur except the comments exported as records.
    """

    def __init__(
        self, store: Store, meeting_id: str, sender: Device, person: str, trust: Trust
    ) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.sender = sender
        self.person = person
        self.trust = trust

    def add_comment(self, block_id: str, author: str, text: str) -> Comment:
        return minutes.add_comment(self.store, self.meeting_id, block_id, author, text)

    def comments(self) -> list[Comment]:
        return queries.comments(self.store, self.meeting_id)

    def export_comments(
        self, path: Path, *, passphrase: str | None = None, key: DeviceKey | None = None
    ) -> ExportResult:
        if not self.comments():
            raise BundleError(_("There are no comments to send yet."))
        return export_comments(
            path,
            self.meeting_id,
            meeting_title(self.store, self.meeting_id),
            self.comments(),
            passphrase=passphrase,
            key=key,
        )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> ReviewCopy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_review(
    source: Path | bytes,
    *,
    passphrase: str | None = None,
    store_path: Path | None = None,
    trust_store: Store | None = None,
    accept_new_key: bool = False,
    key: DeviceKey | None = None,
) -> ReviewCopy:
    """Open a review bundle read-only. ``trust_store`` (the user's own database) is where the
    sender's device is looked up and remembered; without it the sender counts as new."""
    bundle = read_bundle(source, passphrase)
    if bundle.kind != "review":
        raise BundleError(_("This file is not a review copy."))
    trust = Trust.NEW
    if trust_store is not None:
        own = key if key is not None else load_or_create()
        trust = peers.trust_of(trust_store.conn, bundle.device, own.device)
        if trust is Trust.CHANGED and not accept_new_key:
            raise KeyChanged(
                _(
                    "Warning: this review copy says it comes from “{name}”, but it is signed "
                    "with a different key (fingerprint {fingerprint}) from the one remembered."
                ).format(name=bundle.device.name, fingerprint=bundle.device.fingerprint),
                bundle.device.name,
                bundle.device.fingerprint,
            )
    entry = bundle.meetings[0]
    store = Store(store_path if store_path is not None else ":memory:")
    try:
        store.apply_update(entry.id, bundle.update(entry))
        if store.document(entry.id).record_ids(MEETINGS) != [entry.id]:
            raise BundleError(_("The review copy does not describe its meeting."))
    except BundleError:
        store.close()
        raise
    except Exception as exc:
        store.close()
        raise BundleError(_("The review copy's content cannot be read.")) from exc
    if trust_store is not None and trust is not Trust.SELF:
        with trust_store.transaction():
            peers.remember(trust_store.conn, bundle.device)
    return ReviewCopy(store, entry.id, bundle.device, bundle.person, trust)
