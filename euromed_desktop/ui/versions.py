"""The versions dialog: the minutes' status and approval, the list of versions, a side by
side comparison with the changed words highlighted, and restoring a version.

Everything here goes through ``store.versions``; the dialog only reads and asks. Restoring
is an ordinary edit of the minutes, so Edit ▸ Undo takes it back like any other.
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.entities import text_is_rtl
from euromed_desktop.domain.vocab import MeetingStatus
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.i18n.formats import format_date, format_time
from euromed_desktop.store import queries, versions
from euromed_desktop.store.versions import TextChange, Version
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.widgets import button_box
from euromed_desktop.ui.workspace import Workspace

DELETED = "background-color:#ffd5d2; color:#8a1010; text-decoration:line-through;"
INSERTED = "background-color:#c9f0cf; color:#0c5a1c; font-weight:600;"


def when(version: Version) -> str:
    """The version's time in the user's own time zone and language."""
    moment = datetime.fromisoformat(version.created_at).astimezone()
    return f"{format_date(moment.date())} {format_time(moment)}"


def version_label(version: Version) -> str:
    name = version.name or MeetingStatus(version.status).label()
    return _("Version {n}: {name}").format(n=version.number, name=name)


def _paragraph(body: str, plain: str, lang_hint: str) -> str:
    """A paragraph that reads in the direction of its own text (Arabic right to left)."""
    rtl = text_is_rtl(plain, lang_hint)
    direction, align = ("rtl", "right") if rtl else ("ltr", "left")
    return f'<p dir="{direction}" align="{align}" style="margin:2px 0;">{body}</p>'


def side_by_side_html(
    changes: list[TextChange], old_title: str, new_title: str, rtl: bool = False
) -> str:
    """An HTML table: per changed text, the old one with the removed words struck out
    first and the new one with the added words marked second (first is on the right in a
    right-to-left window)."""
    if not changes:
        return "<p>{}</p>".format(html.escape(_("No differences.")))
    kinds = {
        "added": _("added"),
        "removed": _("removed"),
        "changed": _("changed"),
    }

    def row(first: str, second: str) -> str:
        # Qt does not mirror table columns: the older text goes where reading starts.
        return f"<tr>{second}{first}</tr>" if rtl else f"<tr>{first}{second}</tr>"

    rows = [
        f"<table dir='{'rtl' if rtl else 'ltr'}' width='100%' cellspacing='0' cellpadding='6' "
        "border='1' "
        "style='border-color:#c8ccd2; border-collapse:collapse;'>",
        row(
            f"<th width='50%'>{html.escape(old_title)}</th>",
            f"<th width='50%'>{html.escape(new_title)}</th>",
        ),
    ]
    current_item: str | None = "\0"
    for change in changes:
        if change.item_id != current_item:
            current_item = change.item_id
            title = change.item_title or _("(deleted agenda item)")
            rows.append(
                "<tr><td colspan='2' style='background-color:#eef1f5;'>"
                f"<b>{html.escape(title)}</b></td></tr>"
            )
        old_parts: list[str] = []
        new_parts: list[str] = []
        for segment in change.segments:
            text = html.escape(segment.text)
            if segment.op == "equal":
                old_parts.append(text)
                new_parts.append(text)
            elif segment.op == "delete":
                old_parts.append(f"<span style='{DELETED}'>{text}</span>")
            else:
                new_parts.append(f"<span style='{INSERTED}'>{text}</span>")
        hint = change.field if len(change.field) <= 3 else ""
        note = html.escape(kinds[change.change])
        if change.field not in ("text", "what"):
            note += " · " + html.escape(change.field)
        old_cell = _paragraph("".join(old_parts), change.old, hint)
        new_cell = _paragraph("".join(new_parts), change.new, hint)
        rows.append(
            row(
                f"<td valign='top'>{old_cell}</td>",
                f"<td valign='top'>{new_cell}"
                f"<p style='color:#6b7280; font-size:small;'>{note}</p></td>",
            )
        )
    rows.append("</table>")
    return "".join(rows)


class CompareView(QTextBrowser):
    """Two versions side by side; read-only, selectable, follows each text's direction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName(_("Comparison of two versions"))
        self.changes: list[TextChange] = []

    def show_changes(self, changes: list[TextChange], old_title: str, new_title: str) -> None:
        self.changes = changes
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.setHtml(side_by_side_html(changes, old_title, new_title, rtl))


class VersionsDialog(QDialog):
    """Status and approval of the minutes, their versions, compare and restore."""

    COLUMNS = 5

    def __init__(
        self, workspace: Workspace, settings: Settings, meeting_id: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.meeting_id = meeting_id
        self.setWindowTitle(_("Versions and approval"))
        self.resize(1100, 720)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.draft_button = QPushButton(_("Back to &draft"))
        self.review_button = QPushButton(_("Circulate for re&view"))
        self.approve_button = QPushButton(_("&Approve…"))
        self.draft_button.clicked.connect(lambda: self.set_status("minutes_draft"))
        self.review_button.clicked.connect(lambda: self.set_status("in_review"))
        self.approve_button.clicked.connect(lambda: self.approve())
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        for button in (self.draft_button, self.review_button, self.approve_button):
            status_row.addWidget(button)

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(["#", _("When"), _("Status"), _("By"), _("Name")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Versions"))
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.take_button = QPushButton(_("&Take a version…"))
        self.compare_now_button = QPushButton(_("Compare with &now"))
        self.compare_two_button = QPushButton(_("Compare the two &selected"))
        self.restore_button = QPushButton(_("&Restore this version…"))
        self.take_button.clicked.connect(lambda: self.take_version())
        self.compare_now_button.clicked.connect(lambda: self.compare_selected())
        self.compare_two_button.clicked.connect(lambda: self.compare_selected())
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        buttons = QVBoxLayout()
        for button in (
            self.take_button,
            self.compare_now_button,
            self.compare_two_button,
            self.restore_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QWidget()
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        top_row.addWidget(self.table, 1)
        top_row.addLayout(buttons)

        self.compare = CompareView()
        self.compare_title = QLabel()
        bottom = QWidget()
        bottom_column = QVBoxLayout(bottom)
        bottom_column.setContentsMargins(0, 0, 0, 0)
        bottom_column.addWidget(self.compare_title)
        bottom_column.addWidget(self.compare, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([260, 460])

        close = button_box(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(status_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.versions: list[Version] = []
        self.reload()

    # -- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        store = self.workspace.store
        meeting = queries.meeting(store, self.meeting_id)
        status = MeetingStatus(meeting.status)
        text = _("Status: {status}").format(status=status.label())
        approved = versions.approved(store, self.meeting_id)
        if approved is not None:
            text += " — " + _("last approved by {name} on {date}").format(
                name=approved.author or "?", date=when(approved)
            )
        self.status.setText(text)
        self.draft_button.setEnabled(status.value in ("in_review", "approved"))
        self.review_button.setEnabled(status.value not in ("in_review", "approved"))
        self.approve_button.setEnabled(status.value == "in_review")
        self.versions = list(reversed(versions.versions(store, self.meeting_id)))
        self.table.setRowCount(len(self.versions))
        for row, version in enumerate(self.versions):
            name = version.name + ("  ✔ " + _("approved") if version.approved else "")
            cells = [
                str(version.number),
                when(version),
                MeetingStatus(version.status).label(),
                version.author,
                name.strip(),
            ]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> list[Version]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return sorted((self.versions[r] for r in rows), key=lambda v: v.number)

    def select(self, *numbers: int) -> None:
        model = self.table.selectionModel()
        model.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, version in enumerate(self.versions):
            if version.number in numbers:
                model.select(self.table.model().index(row, 0), flags)

    def _selection_changed(self) -> None:
        count = len(self.selected())
        self.compare_now_button.setEnabled(count == 1)
        self.restore_button.setEnabled(count == 1)
        self.compare_two_button.setEnabled(count == 2)

    # -- acting ---------------------------------------------------------------------------

    def _who(self) -> str:
        return self.settings.rapporteur

    def take_version(self, name: str | None = None) -> Version | None:
        if name is None:
            name, ok = QInputDialog.getText(
                self, _("Take a version"), _("Name of the version (optional):")
            )
            if not ok:
                return None
        taken = self.workspace.call(versions.take, self.meeting_id, name=name, author=self._who())
        self.reload()
        return taken

    def compare_selected(self) -> list[TextChange]:
        chosen = self.selected()
        if not chosen or len(chosen) > 2:
            return []
        old = chosen[0]
        new = chosen[1] if len(chosen) == 2 else None
        changes = self.workspace.call(
            versions.compare, self.meeting_id, old.number, new.number if new else None
        )
        if changes is None:
            return []
        new_title = version_label(new) if new is not None else _("The minutes now")
        self.compare_title.setText(
            ngettext(
                "{old} → {new}: {n} text differs.",
                "{old} → {new}: {n} texts differ.",
                len(changes),
            ).format(old=version_label(old), new=new_title, n=len(changes))
        )
        self.compare.show_changes(changes, version_label(old), new_title)
        return changes

    def restore_selected(self, confirm: bool = True) -> int:
        chosen = self.selected()
        if len(chosen) != 1:
            return 0
        version = chosen[0]
        if confirm:
            answer = QMessageBox.question(
                self,
                _("Restore a version"),
                _(
                    "Make the minutes say again what {version} says? This is a new edit: "
                    "Edit ▸ Undo takes it back, and colleagues' later work merges with it."
                ).format(version=version_label(version)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return 0
        count = self.workspace.call(versions.restore, self.meeting_id, version.number)
        self.reload()
        if count:
            self.compare_title.setText(
                ngettext(
                    "Restored {version}: {n} text changed.",
                    "Restored {version}: {n} texts changed.",
                    count,
                ).format(version=version_label(version), n=count)
            )
            self.compare.show_changes([], "", "")
        else:
            self.compare_title.setText(_("The minutes already match this version."))
        return count or 0

    def set_status(self, status: str) -> None:
        self.workspace.call(versions.set_status, self.meeting_id, status, by=self._who())
        self.reload()

    def approve(self, by: str | None = None) -> Version | None:
        """Approving records a name: the rapporteur's from Settings unless one is given or
        typed (the chair often approves on the rapporteur's laptop)."""
        if by is None:
            by, ok = QInputDialog.getText(
                self,
                _("Approve the minutes"),
                _("Approved by (name):"),
                text=self._who(),
            )
            if not ok:
                return None
        taken = self.workspace.call(versions.set_status, self.meeting_id, "approved", by=by)
        self.reload()
        return taken
