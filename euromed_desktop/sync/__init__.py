"""Exchange by file: bundles that merge without a server, review copies, comments back.

A bundle (``.euromed``) is a signed ZIP holding one Yjs update per meeting (see
docs/bundle-format.md). Import is a CRDT merge plus projection in one store transaction, so
bundles can be imported in any order, twice, or back into the laptop that wrote them.

Every function may run on a background thread (the store serialises its transactions);
long ones take ``progress(done, total)``, and an exception raised by ``progress`` (the user
cancelled) abandons the work with the database unchanged. Every failure is a
``BundleError`` (``PassphraseRequired`` when an encrypted bundle needs a passphrase) whose
message is translated and names the problem; ``KeyChanged`` when a known device signs with
a new key (offer to accept it: ``accept_new_key=True``).

For the UI::

    export_sync(store, path, meeting_ids, *, since=None, for_device=None, passphrase=None,
                key=None, progress=None) -> ExportResult
    export_review(store, path, meeting_id, *, passphrase=None, key=None, progress=None)
        -> ExportResult
    write_receipt(store, path, meeting_ids=None, *, key=None) -> ExportResult
    read_receipt(path) -> dict[meeting id, state vector]       # for ``since``
    import_bundle(store, path, *, passphrase=None, accept_new_key=False, key=None,
                  progress=None) -> ImportSummary              # sync, comments, receipt
    open_review(path, *, passphrase=None, store_path=None, trust_store=None,
                accept_new_key=False, key=None) -> ReviewCopy  # read-only copy + comments
    ReviewCopy.add_comment(block_id, author, text); ReviewCopy.export_comments(path)
    read_bundle(path, passphrase=None) -> Bundle               # what is in a file, no import
    minutes.resolve_comment(store, meeting_id, comment_id, resolution)  # after import
    device.load_or_create() / device.rename(name, person) / peers.devices(store.conn)
"""

from euromed_desktop.sync.bundle import Bundle, MeetingEntry, read_bundle
from euromed_desktop.sync.container import EXTENSION
from euromed_desktop.sync.device import Device, DeviceKey, load_or_create
from euromed_desktop.sync.errors import BundleError, IsReviewCopy, KeyChanged, PassphraseRequired
from euromed_desktop.sync.exchange import (
    ExportResult,
    ImportSummary,
    MeetingResult,
    export_sync,
    import_bundle,
    read_receipt,
    write_receipt,
)
from euromed_desktop.sync.peers import Trust
from euromed_desktop.sync.review import ReviewCopy, export_comments, export_review, open_review

__all__ = [
    "EXTENSION",
    "Bundle",
    "BundleError",
    "Device",
    "DeviceKey",
    "ExportResult",
    "ImportSummary",
    "IsReviewCopy",
    "KeyChanged",
    "MeetingEntry",
    "MeetingResult",
    "PassphraseRequired",
    "ReviewCopy",
    "Trust",
    "export_comments",
    "export_review",
    "export_sync",
    "import_bundle",
    "load_or_create",
    "open_review",
    "read_bundle",
    "read_receipt",
    "write_receipt",
]
