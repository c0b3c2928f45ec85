"""The overview: the meeting's fields, what it contains, and who is represented."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.vocab import (
    Component,
    Confidentiality,
    Gender,
    MeetingKind,
    MeetingStatus,
    StakeholderGroup,
    ThematicArea,
)
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.i18n.formats import (
    country_name,
    format_date,
    format_number,
    format_percent,
    language_name,
)
from euromed_desktop.store import queries
from euromed_desktop.ui.icons import icon
from euromed_desktop.ui.page import Page
from euromed_desktop.ui.texts import isolate, meeting_title
from euromed_desktop.ui.workspace import Workspace

SHARE_ROLE = Qt.ItemDataRole.UserRole + 1


class ShareBar(QStyledItemDelegate):
    """Paints a cell's share of the total as a bar under its percentage (cheaper than a
    progress bar widget per row, and the percentage stays the cell's text for screen
    readers)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        share = index.data(SHARE_ROLE)
        if isinstance(share, float):
            inner = option.rect.adjusted(3, 4, -3, -4)
            bar = QRect(inner)
            bar.setWidth(round(inner.width() * share))
            if option.direction == Qt.LayoutDirection.RightToLeft:
                bar.moveRight(inner.right())
            color = option.palette.color(QPalette.ColorRole.Highlight)
            color.setAlpha(110)
            painter.fillRect(bar, color)
        super().paint(painter, option, index)


class CountTable(QTableWidget):
    """Counts by a category, with a bar for each share."""

    def __init__(self, title: str) -> None:
        super().__init__(0, 3)
        self.setHorizontalHeaderLabels([title, _("People"), _("Share")])
        self.setAccessibleName(title)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setItemDelegateForColumn(2, ShareBar(self))

    def fill(self, counts: list[tuple[str, int]]) -> None:
        total = sum(n for _label, n in counts) or 1
        self.setRowCount(len(counts))
        for row, (label, number) in enumerate(counts):
            self.setItem(row, 0, QTableWidgetItem(label))
            count = QTableWidgetItem(format_number(number))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, 1, count)
            share = QTableWidgetItem(format_percent(number / total))
            share.setData(SHARE_ROLE, number / total)
            share.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setItem(row, 2, share)
        self.resizeColumnToContents(1)
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        self.setFixedHeight(min(max(height, 60), 360))


class OverviewPage(Page):
    roots = frozenset({"meetings", "participants", "agenda", "blocks", "actions"})
    edit_requested = Signal()
    versions_requested = Signal()

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.other_titles = QLabel()
        self.other_titles.setWordWrap(True)
        # Each title keeps its own direction but all line up with the window's reading edge.
        leading = (
            Qt.AlignmentFlag.AlignRight
            if QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft
        )
        self.other_titles.setAlignment(leading | Qt.AlignmentFlag.AlignAbsolute)
        edit = QPushButton(icon("edit"), _("Edit meeting…"))
        edit.clicked.connect(self.edit_requested)
        self.versions_button = QPushButton(icon("review"), _("Versions and approval…"))
        self.versions_button.clicked.connect(self.versions_requested)
        self.fields = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("dates", _("Dates")),
            ("place", _("Place")),
            ("kind", _("Kind of meeting")),
            ("component", _("Component")),
            ("areas", _("Thematic areas")),
            ("languages", _("Working languages")),
            ("confidentiality", _("Confidentiality")),
            ("status", _("Status")),
            ("timezone", _("Time zone")),
            ("counts", _("Contents")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(label)
            caption.setBuddy(value)
            self.fields.addRow(caption, value)
            self.values[key] = value
        self.by_country = CountTable(_("Country"))
        self.by_group = CountTable(_("Stakeholder group"))
        self.by_gender = CountTable(_("Gender"))
        representation = QGroupBox(_("Representation"))
        grid = QGridLayout(representation)
        grid.addWidget(self.by_country, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.by_group, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.by_gender, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(1, 1)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.versions_button, 0, Qt.AlignmentFlag.AlignTop)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addLayout(header)
        column.addWidget(self.other_titles)
        column.addLayout(self.fields)
        column.addWidget(representation)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def reload(self) -> None:
        m = self.meeting
        if m is None:
            return
        self.meeting = m = queries.meeting(self.workspace.store, m.id)
        self.title.setText(meeting_title(m))
        others = [t for lang, t in m.title.items() if t and t != meeting_title(m)]
        self.other_titles.setText("\n".join(others))
        self.other_titles.setVisible(bool(others))
        dates = format_date(m.start, form="long")
        if m.end != m.start:
            dates = _("{start} to {end}").format(start=dates, end=format_date(m.end, form="long"))
        place = ", ".join(p for p in (m.venue, m.city, country_name(m.country)) if p)
        counts = queries.counts(self.workspace.store, m.id)
        summary = [
            ngettext("{n} participant", "{n} participants", counts.participants),
            ngettext("{n} agenda item", "{n} agenda items", counts.agenda_items),
            ngettext("{n} block of minutes", "{n} blocks of minutes", counts.blocks),
            ngettext("{n} action point", "{n} action points", counts.actions),
        ]
        numbers = (counts.participants, counts.agenda_items, counts.blocks, counts.actions)
        texts = {
            "dates": dates,
            "place": isolate(place),
            "kind": MeetingKind(m.kind).label(),
            "component": Component(m.component).label(),
            "areas": ", ".join(ThematicArea(a).label() for a in m.thematic_areas) or "—",
            "languages": ", ".join(language_name(lang) for lang in m.languages),
            "confidentiality": Confidentiality(m.confidentiality).label(),
            "status": MeetingStatus(m.status).label(),
            "timezone": isolate(m.timezone),
            "counts": " · ".join(
                t.format(n=format_number(n)) for t, n in zip(summary, numbers, strict=True)
            ),
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        self.by_country.fill(
            [(country_name(c) or _("Not stated"), n) for c, n in counts.by_country.items()]
        )
        self.by_group.fill([(StakeholderGroup(g).label(), n) for g, n in counts.by_group.items()])
        self.by_gender.fill(
            [(Gender(g).label() if g else _("Not stated"), n) for g, n in counts.by_gender.items()]
        )
