"""The reviewer's window: a review copy of the minutes, read-only, with comments on blocks.

A participant who received a review bundle reads the minutes item by item, comments on any
block and sends the comments back as a comments bundle (records only: nothing they do here
can change the rapporteur's minutes). The copy and the comments are kept in a small database
of their own, so that comments survive closing the window.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.entities import Block, primary_text
from euromed_desktop.domain.vocab import BlockKind
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.i18n.formats import format_number
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store
from euromed_desktop.sync import ReviewCopy
from euromed_desktop.ui import exchange
from euromed_desktop.ui.editing import leave_undo_to_app
from euromed_desktop.ui.icons import app_icon
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.texts import isolate, reading_languages

BLOCK_KINDS = frozenset(kind.value for kind in BlockKind)


def review_store_path(data_dir: Path, bundle: Path) -> Path:
    """Where a review copy and its comments are kept: one small database per bundle file."""
    stem = re.sub(r"[^\w.-]+", "-", bundle.stem)[:80] or "review"
    return data_dir / "reviews" / f"{stem}.sqlite"


class ReviewWindow(QMainWindow):
    def __init__(self, copy: ReviewCopy, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.copy = copy
        self.settings = settings
        store = copy.store
        self.meeting = queries.meeting(store, copy.meeting_id)
        self.languages = reading_languages(self.meeting)
        self.setWindowIcon(app_icon())
        sender = copy.person or copy.sender.name
        self.setWindowTitle(
            _("Review copy: {title} (from {sender})").format(
                title=primary_text(self.meeting.title, self.languages), sender=sender
            )
        )
        self.items = QTreeWidget()
        self.items.setHeaderLabels([_("Agenda")])
        self.items.setAccessibleName(_("Agenda"))
        nodes: dict[str, QTreeWidgetItem] = {}
        for entry in queries.agenda(store, copy.meeting_id):
            node = QTreeWidgetItem([entry.display_title(self.languages)])
            node.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            parent_node = nodes.get(entry.parent_id or "")
            if parent_node is None:
                self.items.addTopLevelItem(node)
            else:
                parent_node.addChild(node)
            nodes[entry.id] = node
        self.items.expandAll()
        self.items.currentItemChanged.connect(self._item_chosen)
        self.blocks = QListWidget()
        self.blocks.setWordWrap(True)
        self.blocks.setAccessibleName(_("Minutes of the item"))
        self.blocks.currentItemChanged.connect(self._block_chosen)
        self.comments = QListWidget()
        self.comments.setWordWrap(True)
        self.comments.setAccessibleName(_("Comments on the block"))
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(_("Your comment on the selected block…"))
        self.editor.setAccessibleName(_("New comment"))
        self.editor.setMaximumHeight(120)
        leave_undo_to_app(self.editor)
        self.add_button = QPushButton(_("&Add comment"))
        self.add_button.clicked.connect(self.add_comment)
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, self.add_comment)
        self.send_button = QPushButton(_("&Send comments…"))
        self.send_button.clicked.connect(self.send_comments)
        self.summary = QLabel()
        side = QWidget()
        column = QVBoxLayout(side)
        column.addWidget(QLabel(_("Comments")))
        column.addWidget(self.comments, 1)
        column.addWidget(self.editor)
        column.addWidget(self.add_button)
        column.addWidget(self.summary)
        column.addWidget(self.send_button)
        splitter = QSplitter()
        splitter.addWidget(self.items)
        splitter.addWidget(self.blocks)
        splitter.addWidget(side)
        splitter.setSizes([260, 620, 320])
        self.setCentralWidget(splitter)
        self.resize(1200, 760)
        self._update_summary()
        with_minutes = queries.items_with_minutes(store, copy.meeting_id)
        first = next((n for i, n in nodes.items() if i in with_minutes), None)
        if first is not None:
            self.items.setCurrentItem(first)

    def current_block(self) -> Block | None:
        entry = self.blocks.currentItem()
        return entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None

    def _item_chosen(self, node: QTreeWidgetItem | None) -> None:
        self.blocks.clear()
        if node is None:
            return
        item_id = node.data(0, Qt.ItemDataRole.UserRole)
        speakers = {p.id: p for p in queries.participants(self.copy.store, self.copy.meeting_id)}
        for block in queries.blocks(self.copy.store, self.copy.meeting_id, item_id):
            kind = BlockKind(block.kind).label() if block.kind in BLOCK_KINDS else ""
            who = speakers.get(block.speaker_id or "")
            heading = " · ".join(x for x in (kind, who.full_name if who else "") if x)
            entry = QListWidgetItem(f"{heading}\n{isolate(block.text)}" if heading else block.text)
            entry.setData(Qt.ItemDataRole.UserRole, block)
            if block.is_rtl:
                entry.setTextAlignment(Qt.AlignmentFlag.AlignRight)
            self.blocks.addItem(entry)
        if self.blocks.count():
            self.blocks.setCurrentRow(0)
        else:
            empty = QListWidgetItem(_("No minutes were taken under this item."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.blocks.addItem(empty)
            self._block_chosen(None)

    def _block_chosen(self, _entry: QListWidgetItem | None) -> None:
        self.comments.clear()
        block = self.current_block()
        self.add_button.setEnabled(block is not None)
        if block is None:
            return
        for comment in queries.comments(self.copy.store, self.copy.meeting_id, block.id):
            self.comments.addItem(f"{comment.author}: {isolate(comment.text)}")

    def add_comment(self) -> None:
        block = self.current_block()
        text = self.editor.toPlainText().strip()
        if block is None or not text:
            return
        author = self.settings.rapporteur or _("Reviewer")
        self.copy.add_comment(block.id, author, text)
        self.editor.clear()
        self._block_chosen(self.blocks.currentItem())
        self._update_summary()

    def _update_summary(self) -> None:
        n = len(self.copy.comments())
        self.summary.setText(
            ngettext("{n} comment to send.", "{n} comments to send.", n).format(n=format_number(n))
        )
        self.send_button.setEnabled(n > 0)

    def send_comments(self) -> None:
        name = exchange.suggested_name(self.meeting, "comments", date.today())
        path = exchange.choose_export_path(self, self.settings, name)
        if path is None:
            return
        from euromed_desktop.sync import BundleError

        try:
            result = self.copy.export_comments(path)
        except BundleError as exc:
            QMessageBox.warning(self, _("Send comments"), str(exc))
            return
        QMessageBox.information(
            self,
            _("Send comments"),
            _("Your comments were written to {path}. Send this file to the rapporteur.").format(
                path=result.path
            ),
        )

    def closeEvent(self, event: Any) -> None:
        self.copy.close()
        super().closeEvent(event)


def open_review_file(
    parent: QWidget, path: Path, settings: Settings, own_store: Store, data_dir: Path
) -> ReviewWindow | None:
    """Open a review bundle in its own window (asking for a passphrase if it needs one)."""
    from euromed_desktop.sync import BundleError, PassphraseRequired, open_review

    passphrase = None
    target = review_store_path(data_dir, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        try:
            copy = open_review(
                path, passphrase=passphrase, store_path=target, trust_store=own_store
            )
        except PassphraseRequired:
            passphrase = exchange.ask_passphrase(parent, confirm=False)
            if passphrase is None:
                return None
            continue
        except BundleError as exc:
            QMessageBox.warning(parent, _("Open a review copy"), str(exc))
            return None
        window = ReviewWindow(copy, settings, parent)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window


def choose_review_file(parent: QWidget) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Open a review copy"), str(Path.home()), exchange.bundle_filter()
    )
    return Path(chosen) if chosen else None
