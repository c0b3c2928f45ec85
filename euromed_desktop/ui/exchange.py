"""Exchanging bundles from the window: send the minutes to colleagues or reviewers, take in
what they send back (File menu, or a bundle dropped onto the window).

Export and import run on a worker thread. Import goes through the window's own store, so
that its documents and pages follow the merge (the store serialises transactions; its
listeners reach the pages through the workspace's queued signal). Questions the import may
raise — a passphrase, a device that now signs with another key — are asked on the UI thread
and the import is started again with the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from euromed_desktop.domain.entities import Meeting, primary_text
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.i18n.formats import format_number
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.worker import Progress

if TYPE_CHECKING:
    from euromed_desktop.sync import ExportResult, ImportSummary

EXTENSION = ".euromed"  # also in euromed_desktop.sync; repeated to keep the sync engine's
# imports (cryptography) out of the window's start-up


def bundle_filter() -> str:
    return _("EUROMED Desktop bundles (*{ext});;All files (*)").format(ext=EXTENSION)


def suggested_name(meeting: Meeting, kind: str, today: date) -> str:
    title = primary_text(meeting.title, meeting.languages)
    words = re.sub(r"[^\w]+", "-", title).strip("-")[:50] or "meeting"
    suffix = {"sync": "", "review": "-review"}.get(kind, f"-{kind}")
    return f"{words}{suffix}-{today.isoformat()}{EXTENSION}"


def ask_passphrase(parent: QWidget, *, confirm: bool) -> str | None:
    """A passphrase typed twice when it protects a new file, once when it opens one."""
    first, ok = QInputDialog.getText(
        parent,
        _("Passphrase"),
        _("Passphrase (share it with the recipient by another channel, e.g. by phone):")
        if confirm
        else _("This bundle is encrypted. Passphrase:"),
        QLineEdit.EchoMode.Password,
    )
    if not ok or not first:
        return None
    if confirm:
        again, ok = QInputDialog.getText(
            parent, _("Passphrase"), _("The same passphrase again:"), QLineEdit.EchoMode.Password
        )
        if not ok:
            return None
        if again != first:
            QMessageBox.warning(parent, _("Passphrase"), _("The two passphrases differ."))
            return None
    return first


def choose_export_path(parent: QWidget, settings: Settings, name: str) -> Path | None:
    folder = Path(settings.pdf_folder) if settings.pdf_folder else Path.home()
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the bundle as"), str(folder / name), bundle_filter()
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix == EXTENSION else path.with_name(path.name + EXTENSION)


def export_task(
    database: Path,
    kind: str,
    meeting_id: str,
    path: Path,
    passphrase: str | None,
    person: str,
) -> Callable[[Progress], ExportResult]:
    """The export as a worker task (its own store connection; it only reads)."""

    def task(progress: Progress) -> ExportResult:
        from euromed_desktop import sync
        from euromed_desktop.store.store import Store
        from euromed_desktop.sync import device

        key = sync.load_or_create()
        if person and key.person != person:
            key = device.rename(key.device.name, person)
        with Store(database) as store:

            def report(done: int, total: int) -> None:
                progress(done, total, _("Writing the bundle…"))

            if kind == "review":
                return sync.export_review(
                    store, path, meeting_id, passphrase=passphrase, key=key, progress=report
                )
            return sync.export_sync(
                store, path, [meeting_id], passphrase=passphrase, key=key, progress=report
            )

    return task


def export_message(result: ExportResult) -> str:
    size = format_number(max(1, round(result.size / 1024)))
    if result.kind == "review":
        return _("Review copy written: {path} ({size} KB).").format(path=result.path, size=size)
    return _("Bundle written: {path} ({size} KB).").format(path=result.path, size=size)


def summary_text(summary: ImportSummary) -> str:
    """What came in and from whom, in the reader's words."""
    from euromed_desktop.sync import Trust

    when = summary.created_at[:16].replace("T", " ")
    if summary.person:
        heading = _("From {sender} ({device}), written {when}.").format(
            sender=summary.person, device=summary.device.name, when=when
        )
    else:
        heading = _("From {device}, written {when}.").format(device=summary.device.name, when=when)
    lines = [heading]
    if summary.trust == Trust.NEW:
        lines.append(
            _("First file from this device; its key fingerprint is {fingerprint}.").format(
                fingerprint=summary.device.fingerprint
            )
        )
    for meeting in summary.meetings:
        if meeting.new:
            lines.append(_("New meeting: {title}.").format(title=meeting.title))
        elif meeting.entries:
            lines.append(
                ngettext(
                    "{title}: {n} record changed.",
                    "{title}: {n} records changed.",
                    meeting.records,
                ).format(title=meeting.title, n=format_number(meeting.records))
            )
        elif not meeting.versions:
            lines.append(_("{title}: nothing new.").format(title=meeting.title))
        if meeting.versions:
            lines.append(
                ngettext(
                    "{title}: {n} version of the minutes received.",
                    "{title}: {n} versions of the minutes received.",
                    meeting.versions,
                ).format(title=meeting.title, n=format_number(meeting.versions))
            )
    if summary.comments_added:
        lines.append(
            ngettext(
                "{n} new comment from a reviewer.",
                "{n} new comments from reviewers.",
                summary.comments_added,
            ).format(n=format_number(summary.comments_added))
        )
    lines.extend(summary.warnings)
    return "\n".join(lines)
