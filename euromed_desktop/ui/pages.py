"""The pages of a meeting: overview, agenda, participants, action points and review."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.vocab import (
    ActionStatus,
    Role,
    StakeholderGroup,
)
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.i18n.formats import (
    country_name,
    format_date,
    format_number,
)
from euromed_desktop.store import agenda, minutes, participants, queries
from euromed_desktop.ui.collation import sort_choices
from euromed_desktop.ui.editing import leave_undo_to_app
from euromed_desktop.ui.icons import icon
from euromed_desktop.ui.models import ID_ROLE, ActionsModel, ParticipantFilter, ParticipantsModel
from euromed_desktop.ui.page import Page
from euromed_desktop.ui.texts import isolate, reading_languages
from euromed_desktop.ui.widgets import (
    BidiCellDelegate,
    ChoiceCombo,
    VocabCombo,
)
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
        self.table.setItemDelegate(BidiCellDelegate(self.table))
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


class ActionDelegate(BidiCellDelegate):
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
