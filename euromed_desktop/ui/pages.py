"""The pages of a meeting: overview, agenda, participants, action points and review."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.vocab import (
    ActionStatus,
    Component,
    Confidentiality,
    Gender,
    MeetingKind,
    MeetingStatus,
    Role,
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
from euromed_desktop.store import agenda, minutes, participants, queries
from euromed_desktop.ui.collation import sort_choices
from euromed_desktop.ui.icons import icon
from euromed_desktop.ui.models import ID_ROLE, ActionsModel, ParticipantFilter, ParticipantsModel
from euromed_desktop.ui.texts import isolate, meeting_title, reading_languages
from euromed_desktop.ui.widgets import ChoiceCombo, VocabCombo, leave_undo_to_app
from euromed_desktop.ui.workspace import Workspace


def tool_button(icon_name: str, text: str, tip: str = "") -> QToolButton:
    button = QToolButton()
    button.setIcon(icon(icon_name))
    button.setText(text)
    button.setToolTip(tip or text)
    button.setAccessibleName(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return button


def lay_out(page: QWidget, buttons: list[QWidget], main: QWidget, hint: str) -> None:
    """A page's usual shape: a row of buttons, the main view, a quiet hint below."""
    bar = QHBoxLayout()
    for button in buttons:
        bar.addWidget(button)
    bar.addStretch(1)
    note = QLabel(hint)
    note.setEnabled(False)
    note.setWordWrap(True)
    layout = QVBoxLayout(page)
    layout.addLayout(bar)
    layout.addWidget(main, 1)
    layout.addWidget(note)


class Page(QWidget):
    """A page shows one aspect of the selected meeting and reloads when the store says so."""

    roots: frozenset[str] = frozenset()  # the collections whose changes concern this page

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.meeting: Meeting | None = None

    def show_meeting(self, meeting: Meeting | None) -> None:
        self.meeting = meeting
        self.reload()

    def concerns(self, touched: frozenset[tuple[str, str]]) -> bool:
        return not touched or any(root in self.roots for root, _id in touched)

    def refresh(self, touched: frozenset[tuple[str, str]]) -> None:
        """Follow a committed change while visible (pages may do less than a reload)."""
        self.show_meeting(self.meeting)

    def reload(self) -> None:
        raise NotImplementedError


# -- overview ---------------------------------------------------------------------------------


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


# -- agenda -----------------------------------------------------------------------------------


class AgendaPage(Page):
    roots = frozenset({"meetings", "agenda", "participants"})

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        from euromed_desktop.ui.agenda_tree import AgendaTree

        self.tree = AgendaTree(workspace, movable=True)
        self.tree.itemActivated.connect(lambda *_args: self.edit_item())
        add_session = tool_button("add", _("Add session"))
        add_session.clicked.connect(lambda: self.add_item(session=True))
        add_item = tool_button("add", _("Add item to session"))
        add_item.clicked.connect(lambda: self.add_item(session=False))
        edit = tool_button("edit", _("Edit…"))
        edit.clicked.connect(self.edit_item)
        delete = tool_button("delete", _("Delete"))
        delete.clicked.connect(self.delete_item)
        up = tool_button("up", _("Move up"), _("Move up (Alt+Up)"))
        up.clicked.connect(lambda: self.tree.move_current(-1))
        down = tool_button("down", _("Move down"), _("Move down (Alt+Down)"))
        down.clicked.connect(lambda: self.tree.move_current(1))
        QShortcut(QKeySequence("Alt+Up"), self.tree, lambda: self.tree.move_current(-1))
        QShortcut(QKeySequence("Alt+Down"), self.tree, lambda: self.tree.move_current(1))
        QShortcut(QKeySequence.StandardKey.Delete, self.tree, self.delete_item)
        lay_out(
            self,
            [add_session, add_item, edit, delete, up, down],
            self.tree,
            _("Drag items to reorder them or move them to another session."),
        )

    def reload(self) -> None:
        self.tree.load(self.meeting)

    def add_item(self, *, session: bool) -> None:
        if self.meeting is None:
            return
        parent_id = None
        if not session:
            current = self.tree.current_id()
            entry = self.tree.items.get(current or "")
            if entry is None:
                QMessageBox.information(
                    self, _("Add item"), _("Select the session the item belongs to first.")
                )
                return
            parent_id = entry.parent_id or entry.id
        from euromed_desktop.ui.dialogs import AgendaItemDialog

        dialog = AgendaItemDialog(self.workspace, self.meeting, parent_id=parent_id, parent=self)
        if dialog.exec() and dialog.result_record is not None:
            self.tree.select(dialog.result_record.id)

    def edit_item(self) -> None:
        entry = self.tree.items.get(self.tree.current_id() or "")
        if entry is None or self.meeting is None:
            return
        from euromed_desktop.ui.dialogs import AgendaItemDialog

        AgendaItemDialog(self.workspace, self.meeting, entry, parent=self).exec()

    def delete_item(self) -> None:
        entry = self.tree.items.get(self.tree.current_id() or "")
        if entry is None or self.meeting is None:
            return
        title = entry.display_title(reading_languages(self.meeting))
        taken = len(queries.blocks(self.workspace.store, self.meeting.id, entry.id))
        question = _("Delete “{title}”?").format(title=title)
        if taken:
            question += "\n" + ngettext(
                "Its {n} block of minutes will be deleted too.",
                "Its {n} blocks of minutes will be deleted too.",
                taken,
            ).format(n=taken)
        question += "\n" + _("You can undo this with Ctrl+Z.")
        if QMessageBox.question(self, _("Delete agenda item"), question) == (
            QMessageBox.StandardButton.Yes
        ):
            self.workspace.call(agenda.delete, self.meeting.id, entry.id, with_minutes=True)


# -- participants -----------------------------------------------------------------------------


class ParticipantsPage(Page):
    roots = frozenset({"meetings", "participants"})

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.model = ParticipantsModel(workspace)
        self.proxy = ParticipantFilter(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Participants"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        # Column widths from the first rows, not from every one of thousands of participants.
        self.table.horizontalHeader().setResizeContentsPrecision(30)
        self.table.doubleClicked.connect(self._double_clicked)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_person)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_person)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filter by name, organisation, e-mail…"))
        self.search.setAccessibleName(_("Filter participants"))
        self.search.setClearButtonEnabled(True)
        leave_undo_to_app(self.search)
        self.search.textChanged.connect(lambda text: self.proxy.set_filter(text=text))
        self.country = ChoiceCombo([(None, _("All countries"))])
        self.country.setAccessibleName(_("Country filter"))
        self.country.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(country=self.country.code())
        )
        self.group = VocabCombo(StakeholderGroup, empty=_("All groups"))
        self.group.setAccessibleName(_("Stakeholder group filter"))
        self.group.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(group=self.group.code())
        )
        self.role = VocabCombo(Role, empty=_("All roles"))
        self.role.setAccessibleName(_("Role filter"))
        self.role.currentIndexChanged.connect(lambda: self.proxy.set_filter(role=self.role.code()))
        self.attendance = ChoiceCombo([])
        self.attendance.setAccessibleName(_("Attendance filter"))
        self.attendance.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(attendance=self.attendance.currentData())
        )
        add = tool_button("add", _("Add participant…"))
        add.clicked.connect(self.add_person)
        edit = tool_button("edit", _("Edit…"))
        edit.clicked.connect(self.edit_person)
        delete = tool_button("delete", _("Delete"))
        delete.clicked.connect(self.delete_person)
        self.summary = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (self.country, self.group, self.role, self.attendance):
            # Sized by a dozen characters, not by the longest choice (a Georgian stakeholder
            # group is sixty): the list opens as wide as it needs, the search keeps its room.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            filters.addWidget(combo, 1)
        buttons = QHBoxLayout()
        for button in (add, edit, delete):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.proxy.rowsInserted.connect(self._update_summary)
        self.proxy.rowsRemoved.connect(self._update_summary)
        self.proxy.modelReset.connect(self._update_summary)
        self.proxy.layoutChanged.connect(self._update_summary)

    def refresh(self, touched: frozenset[tuple[str, str]]) -> None:
        """Changes to participants only update their rows; anything else reloads."""
        if touched and {root for root, _id in touched} == {"participants"}:
            self.model.apply({record for _root, record in touched})
            self._fill_filters()
            self._update_summary()
        else:
            self.reload()

    def reload(self) -> None:
        selected = self.current_id()
        self.model.load(self.meeting)
        self._fill_filters()
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        if selected:
            self.select(selected)
        self._update_summary()

    def _fill_filters(self) -> None:
        """Offer the countries and days of this meeting only."""
        countries = {p.country for p in self.model.people if p.country}
        by_name = sort_choices((c, country_name(c)) for c in countries)
        self.country.set_choices([(None, _("All countries")), *by_name])
        days = [
            (day.isoformat(), _("Present on {day}").format(day=format_date(day)))
            for day in self.model.days
        ]
        self.attendance.set_choices(
            [
                (None, _("Everyone")),
                (ParticipantFilter.ANY_DAY, _("Present at least one day")),
                (ParticipantFilter.ABSENT, _("Absent every day")),
                *days,
            ]
        )

    def _update_summary(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.summary.setText(
            _("{shown} of {total} shown").format(
                shown=format_number(shown), total=format_number(total)
            )
        )

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else None

    def select(self, participant_id: str) -> None:
        row = self.model.row_of(participant_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.day_of_column(index.column()) is None:
            self.edit_person()

    def add_person(self) -> None:
        if self.meeting is None:
            return
        from euromed_desktop.ui.dialogs import ParticipantDialog

        dialog = ParticipantDialog(self.workspace, self.meeting, parent=self)
        if dialog.exec() and dialog.result_record is not None:
            self.select(dialog.result_record.id)

    def edit_person(self) -> None:
        person_id = self.current_id()
        if self.meeting is None or person_id is None:
            return
        from euromed_desktop.ui.dialogs import ParticipantDialog

        row = self.model.row_of(person_id)
        ParticipantDialog(self.workspace, self.meeting, self.model.people[row], parent=self).exec()

    def delete_person(self) -> None:
        person_id = self.current_id()
        if self.meeting is None or person_id is None:
            return
        person = self.model.people[self.model.row_of(person_id)]
        question = _("Delete {name} and their personal data from this meeting?").format(
            name=person.full_name
        )
        question += "\n" + _("You can undo this with Ctrl+Z.")
        if QMessageBox.question(self, _("Delete participant"), question) == (
            QMessageBox.StandardButton.Yes
        ):
            self.workspace.call(participants.delete, self.meeting.id, person_id)


# -- action points ----------------------------------------------------------------------------


class ActionDelegate(QStyledItemDelegate):
    """Editors for the due date (calendar) and the status (list)."""

    def __init__(self, model: ActionsModel) -> None:
        super().__init__()
        self.model = model

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> QWidget:
        if index.column() == ActionsModel.DUE:
            editor = QDateEdit(parent)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            return editor
        if index.column() == ActionsModel.STATUS:
            return VocabCombo(ActionStatus, parent)
        if index.column() == ActionsModel.ITEM:
            choices = [(None, _("None"))] + [
                (i.id, i.display_title(self.model.languages)) for i in self.model.items.values()
            ]
            return ChoiceCombo(choices, parent)
        editor = super().createEditor(parent, option, index)
        leave_undo_to_app(editor)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit):
            when = value or date.today()
            editor.setDate(QDate(when.year, when.month, when.day))
        elif isinstance(editor, VocabCombo | ChoiceCombo):
            editor.set_code(value)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QDateEdit):
            d = editor.date()
            model.setData(index, date(d.year(), d.month(), d.day()))
        elif isinstance(editor, VocabCombo | ChoiceCombo):
            model.setData(index, editor.code())
        else:
            model.setData(index, editor.property("text").strip())


class ActionsPage(Page):
    roots = frozenset({"meetings", "actions", "agenda"})

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.model = ActionsModel(workspace)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Action points"))
        self.table.setItemDelegate(ActionDelegate(self.model))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Rows follow their wrapped text whenever the columns change width (a meeting has tens
        # of action points, not thousands).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_action)
        add = tool_button("add", _("Add action point"))
        add.clicked.connect(self.add_action)
        delete = tool_button("delete", _("Delete"))
        delete.clicked.connect(self.delete_action)
        lay_out(self, [add, delete], self.table, _("Double-click a cell or press F2 to edit it."))

    def refresh(self, touched: frozenset[tuple[str, str]]) -> None:
        """Changes to action points only update their rows; anything else reloads."""
        if touched and {root for root, _id in touched} == {"actions"}:
            self.model.apply({record for _root, record in touched})
        else:
            self.reload()

    def reload(self) -> None:
        self.model.load(self.meeting)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The other columns fit their contents up to a fifth of the table's width each (a
        long owner or agenda title wraps), so the action itself keeps the room it needs."""
        header = self.table.horizontalHeader()
        widest = max(
            self.table.viewport().width() // 5, 10 * self.table.fontMetrics().averageCharWidth()
        )
        for column in range(1, self.model.columnCount()):
            wanted = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, min(wanted, widest))

    def add_action(self, item_id: str | None = None) -> None:
        if self.meeting is None:
            return
        what, ok = QInputDialog.getText(self, _("Add action point"), _("What is to be done?"))
        if ok and what.strip():
            self.workspace.call(minutes.add_action, self.meeting.id, what, item_id=item_id)

    def delete_action(self) -> None:
        index = self.table.currentIndex()
        if self.meeting is None or not index.isValid():
            return
        self.workspace.call(minutes.delete_action, self.meeting.id, str(index.data(ID_ROLE)))


# -- review -----------------------------------------------------------------------------------


class ReviewPage(Page):
    """Reviewers' comments on blocks of minutes; the rapporteur resolves them."""

    roots = frozenset({"meetings", "comments", "blocks"})
    show_block = Signal(str)  # block id

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [_("Status"), _("Reviewer"), _("Comment"), _("On the text"), _("Resolution")]
        )
        self.tree.setAccessibleName(_("Comments"))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(lambda *_args: self.go_to_block())
        self.show_resolved = QCheckBox(_("Show resolved comments"))
        self.show_resolved.toggled.connect(self.reload)
        resolve = tool_button("resolve", _("Resolve…"))
        resolve.clicked.connect(self.resolve)
        go = tool_button("minutes", _("Show in minutes"))
        go.clicked.connect(self.go_to_block)
        self.summary = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(resolve)
        bar.addWidget(go)
        bar.addWidget(self.show_resolved)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        self.empty = QLabel(
            _(
                "No comments yet. Reviewers comment on an exported review copy; their comments "
                "appear here when you import them."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)  # in the tree's place while there are no comments

    def reload(self) -> None:
        self.tree.clear()
        if self.meeting is None:
            return
        store = self.workspace.store
        blocks = {b.id: b for b in queries.blocks(store, self.meeting.id)}
        comments = queries.comments(store, self.meeting.id)
        open_count = sum(1 for c in comments if c.status == "open")
        for comment in comments:
            if comment.status == "resolved" and not self.show_resolved.isChecked():
                continue
            block = blocks.get(comment.block_id)
            excerpt = block.text[:120] if block else _("(block deleted)")
            node = QTreeWidgetItem(
                [
                    _("Open") if comment.status == "open" else _("Resolved"),
                    isolate(comment.author),
                    isolate(comment.text),
                    isolate(excerpt),
                    isolate(comment.resolution),
                ]
            )
            node.setData(0, Qt.ItemDataRole.UserRole, comment.id)
            node.setData(1, Qt.ItemDataRole.UserRole, comment.block_id)
            self.tree.addTopLevelItem(node)
        self.empty.setVisible(not comments)
        self.tree.setVisible(bool(comments))
        self.summary.setText(
            ngettext("{n} open comment", "{n} open comments", open_count).format(n=open_count)
        )
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)

    def resolve(self) -> None:
        node = self.tree.currentItem()
        if node is None or self.meeting is None:
            return
        text, ok = QInputDialog.getText(
            self, _("Resolve comment"), _("How was the comment addressed? (optional)")
        )
        if ok:
            comment_id = str(node.data(0, Qt.ItemDataRole.UserRole))
            self.workspace.call(minutes.resolve_comment, self.meeting.id, comment_id, text)

    def go_to_block(self) -> None:
        node = self.tree.currentItem()
        if node is not None:
            self.show_block.emit(str(node.data(1, Qt.ItemDataRole.UserRole)))
