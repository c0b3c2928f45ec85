"""Minute taking: the agenda beside the blocks of the selected item, keyboard first."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.entities import Block, Participant, text_is_rtl
from euromed_desktop.domain.vocab import BlockKind
from euromed_desktop.i18n import LANGUAGES, _
from euromed_desktop.i18n.formats import country_name, language_name
from euromed_desktop.store import minutes, queries
from euromed_desktop.ui.agenda_tree import AgendaTree, time_span
from euromed_desktop.ui.editing import leave_undo_to_app
from euromed_desktop.ui.models import ActionsModel
from euromed_desktop.ui.page import Page
from euromed_desktop.ui.pages import ActionDelegate, tool_button
from euromed_desktop.ui.text_binding import SharedTextEdit
from euromed_desktop.ui.texts import isolate, reading_languages
from euromed_desktop.ui.widgets import ChoiceCombo, VocabCombo
from euromed_desktop.ui.workspace import Workspace

TIME_FORMAT = "%H:%M"


def person_label(person: Participant) -> str:
    where = person.organisation or country_name(person.country)
    return f"{person.full_name} ({where})" if where else person.full_name


class BlockEditor(QFrame):
    """One block: kind, language, speaker and time above its text; a translation beside it."""

    def __init__(self, page: MinutesPage, block: Block) -> None:
        super().__init__()
        self.page = page
        self.block = block
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Block of minutes"))
        meeting = page.meeting
        assert meeting is not None
        self.kind = VocabCombo(BlockKind)
        self.kind.setAccessibleName(_("Kind of block"))
        self.kind.setToolTip(_("Kind of block (Ctrl+K changes it)"))
        self.kind.set_code(block.kind)
        self.kind.activated.connect(lambda: self.save_fields(kind=self.kind.code()))
        langs = list(dict.fromkeys([*meeting.languages, *LANGUAGES, block.lang]))
        self.lang = ChoiceCombo([(lang, language_name(lang)) for lang in langs])
        self.lang.setAccessibleName(_("Language of the block"))
        self.lang.set_code(block.lang)
        self.lang.activated.connect(self._lang_chosen)
        self.speaker = QLineEdit()
        self.speaker.setPlaceholderText(_("Speaker (Ctrl+L)"))
        self.speaker.setAccessibleName(_("Speaker"))
        self.speaker.setCompleter(page.speaker_completer())
        self.speaker.editingFinished.connect(self._speaker_entered)
        leave_undo_to_app(self.speaker)
        self.time = QLineEdit()
        self.time.setPlaceholderText(_("hh:mm"))
        self.time.setAccessibleName(_("Time"))
        self.time.setMaximumWidth(70)
        self.time.editingFinished.connect(self._time_entered)
        leave_undo_to_app(self.time)
        translate = tool_button("translate", _("Translation"))
        translate.setCheckable(True)
        translate.toggled.connect(self.show_translation)
        self.translate = translate
        delete = tool_button("delete", "")
        delete.setToolTip(_("Delete block (Ctrl+Shift+Delete)"))
        delete.setAccessibleName(_("Delete block"))
        delete.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        delete.clicked.connect(lambda: page.delete_block(self.block.id))
        header = QHBoxLayout()
        header.addWidget(self.kind)
        header.addWidget(self.lang)
        header.addWidget(self.speaker, 1)
        header.addWidget(self.time)
        header.addWidget(translate)
        header.addWidget(delete)
        self.text = SharedTextEdit(block.text, block.lang, self._edit_text)
        self.text.setAccessibleName(_("Text of the block"))
        self.text.focused.connect(lambda: page.set_current(self))
        self.translation_lang = ChoiceCombo([])
        self.translation_lang.setAccessibleName(_("Language of the translation"))
        self.translation_lang.activated.connect(lambda: self._bind_translation())
        self.translation: SharedTextEdit | None = None
        self.translation_box = QWidget()
        self.translation_layout = QVBoxLayout(self.translation_box)
        self.translation_layout.setContentsMargins(0, 0, 0, 0)
        self.translation_layout.addWidget(self.translation_lang)
        self.translation_box.hide()
        body = QHBoxLayout()
        body.addWidget(self.text, 1)
        body.addWidget(self.translation_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addLayout(body)
        self.show_block(block)
        if block.translations:
            translate.setChecked(True)

    # -- store → widgets ----------------------------------------------------------------------

    def show_block(self, block: Block) -> None:
        self.block = block
        self.kind.set_code(block.kind)
        self.lang.set_code(block.lang)
        self.text.set_language(block.lang)
        self.text.show_text(block.text)
        person = self.page.people.get(block.speaker_id or "")
        if not self.speaker.hasFocus():
            self.speaker.setText(person_label(person) if person else "")
            self.speaker.setCursorPosition(0)
        if not self.time.hasFocus():
            self.time.setText(block.time or "")
        self._fill_translation_languages()
        if self.translation is not None:
            lang = self.translation.lang
            self.translation.show_text(block.translations.get(lang, ""))

    def _fill_translation_languages(self) -> None:
        meeting = self.page.meeting
        assert meeting is not None
        current = self.translation_lang.code()
        langs = [
            lang
            for lang in dict.fromkeys([*meeting.languages, *LANGUAGES, *self.block.translations])
            if lang != self.block.lang
        ]
        langs.sort(key=lambda lang: lang not in self.block.translations)  # stable
        self.translation_lang.blockSignals(True)
        self.translation_lang.clear()
        for lang in langs:
            self.translation_lang.addItem(language_name(lang), lang)
        self.translation_lang.set_code(current)
        self.translation_lang.blockSignals(False)

    def show_translation(self, shown: bool) -> None:
        self.translation_box.setVisible(shown)
        if shown and self.translation is None:
            self._bind_translation()

    def _bind_translation(self) -> None:
        lang = self.translation_lang.code()
        if lang is None:
            return
        if self.translation is not None:
            self.translation.setParent(None)
            self.translation.deleteLater()
        self.translation = SharedTextEdit(
            self.block.translations.get(lang, ""),
            lang,
            lambda s, d, i, whole: self._edit_translation(lang, s, d, i, whole),
        )
        self.translation.setAccessibleName(
            _("Translation into {language}").format(language=language_name(lang))
        )
        self.translation.setPlaceholderText(
            _("Translation into {language}").format(language=language_name(lang))
        )
        self.translation.focused.connect(lambda: self.page.set_current(self))
        self.translation_layout.addWidget(self.translation)

    # -- widgets → services -------------------------------------------------------------------

    def save_fields(self, **changes: object) -> None:
        meeting = self.page.meeting
        if meeting is None:
            return
        ws = self.page.workspace
        if ws.call(minutes.update_block, meeting.id, self.block.id, **changes) is None:
            self.show_block(self.block)

    def _lang_chosen(self) -> None:
        lang = self.lang.code()
        if lang and lang != self.block.lang:
            self.save_fields(lang=lang)

    def _edit_text(self, start: int, deleted: int, inserted: str, _whole: str) -> bool:
        return self.page.edit_text(self.block.id, None, start, deleted, inserted)

    def _edit_translation(
        self, lang: str, start: int, deleted: int, inserted: str, whole: str
    ) -> bool:
        meeting = self.page.meeting
        if meeting is None:
            return False
        if lang not in self.block.translations:
            result = self.page.workspace.call(
                minutes.set_translation, meeting.id, self.block.id, lang, whole
            )
            return result is not None
        return self.page.edit_text(self.block.id, lang, start, deleted, inserted)

    def _speaker_entered(self) -> None:
        text = self.speaker.text().strip()
        current = self.page.people.get(self.block.speaker_id or "")
        if current and text == person_label(current):
            return
        if not text:
            if self.block.speaker_id:
                self.save_fields(speaker_id=None)
            return
        person = self.page.find_person(text)
        if person is None:
            self.page.workspace.failed.emit(
                _("No participant called “{name}”. Pick a name from the list.").format(name=text)
            )
            self.speaker.setText(person_label(current) if current else "")
            return
        self.speaker.setText(person_label(person))
        if person.id != self.block.speaker_id:
            self.save_fields(speaker_id=person.id)

    def _time_entered(self) -> None:
        text = self.time.text().strip() or None
        if text != self.block.time:
            self.save_fields(time=text)

    def cycle_kind(self) -> None:
        codes = BlockKind.codes()
        self.save_fields(kind=codes[(codes.index(self.block.kind) + 1) % len(codes)])

    def focused_text(self) -> SharedTextEdit:
        if self.translation is not None and self.translation.hasFocus():
            return self.translation
        return self.text


class MinutesPage(Page):
    roots = frozenset({"meetings", "agenda", "blocks", "participants", "actions", "decisions"})

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.item_id: str | None = None
        self.people: dict[str, Participant] = {}
        self.editors: list[BlockEditor] = []
        self.current: BlockEditor | None = None
        self._names = QStringListModel()
        self.tree = AgendaTree(workspace, movable=False)
        self.tree.item_selected.connect(self.show_item)
        self.item_title = QLabel()
        font = self.item_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.item_title.setFont(font)
        self.item_title.setWordWrap(True)
        self.item_details = QLabel()
        self.item_details.setWordWrap(True)
        self.blocks_box = QWidget()
        self.blocks_layout = QVBoxLayout(self.blocks_box)
        self.blocks_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        # A scroll bar that came and went would change the blocks' width, so their height, so
        # whether it is needed: keep it.
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setWidget(self.blocks_box)
        self.empty = QLabel(_("Choose an agenda item to take its minutes."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        new_block = tool_button("add", _("New block"), _("New block (Ctrl+Return)"))
        new_block.clicked.connect(lambda: self.new_block())
        time_button = tool_button("time", _("Insert time"), _("Insert the current time (Ctrl+T)"))
        time_button.clicked.connect(self.insert_time)
        add_action = tool_button("actions", _("Action point"), _("Add an action point"))
        add_action.clicked.connect(self.add_action)
        self.buttons = QWidget()
        bar = QHBoxLayout(self.buttons)
        bar.setContentsMargins(0, 0, 0, 0)
        for button in (new_block, time_button, add_action):
            bar.addWidget(button)
        bar.addStretch(1)
        self.actions_model = ActionsModel(workspace)
        self.actions_proxy = QSortFilterProxyModel()
        self.actions_proxy.setSourceModel(self.actions_model)
        self.actions_proxy.setFilterKeyColumn(-1)
        self.actions_table = QTableView()
        self.actions_table.setModel(self.actions_proxy)
        self.actions_table.setItemDelegate(ActionDelegate(self.actions_model))
        self.actions_table.setAccessibleName(_("Action points of this item"))
        self.actions_table.verticalHeader().hide()
        self.actions_table.setColumnHidden(ActionsModel.ITEM, True)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.actions_label = QLabel(_("Action points"))
        self.decisions = QListWidget()
        self.decisions.setAccessibleName(_("Decisions on this item"))
        self.decisions.setWordWrap(True)
        self.decisions.itemActivated.connect(self.edit_decision)
        add_decision = tool_button("resolve", _("Add decision…"))
        add_decision.clicked.connect(self.add_decision)
        delete_decision = tool_button("delete", _("Delete decision"))
        delete_decision.clicked.connect(self.delete_decision)
        self.decisions_header = QWidget()
        header = QHBoxLayout(self.decisions_header)
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(QLabel(_("Decisions")))
        header.addStretch(1)
        header.addWidget(add_decision)
        header.addWidget(delete_decision)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.item_title)
        column.addWidget(self.item_details)
        column.addWidget(self.buttons)
        # Blocks above, decisions and action points below; the user moves the divide.
        self.lower = QWidget()
        below = QVBoxLayout(self.lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.decisions_header)
        below.addWidget(self.decisions, 1)
        below.addWidget(self.actions_label)
        below.addWidget(self.actions_table, 2)
        self.vertical = QSplitter(Qt.Orientation.Vertical)
        self.vertical.addWidget(self.scroll)
        self.vertical.addWidget(self.lower)
        self.vertical.setStretchFactor(0, 3)
        self.vertical.setStretchFactor(1, 1)
        self.vertical.setSizes([600, 200])
        column.addWidget(self.vertical, 1)
        column.addWidget(self.empty, 1)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._show_empty(True)

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        meeting = self.meeting
        if meeting is not None:
            self.meeting = meeting = queries.meeting(self.workspace.store, meeting.id)
            people = self.workspace.participants(meeting.id)
            self.people = {p.id: p for p in people}
            self._names.setStringList(sorted(person_label(p) for p in people))
        self.tree.load(meeting)
        if self.item_id not in self.tree.items:
            # Start where minutes were taken last; else at the top of the agenda.
            taken = (
                queries.items_with_minutes(self.workspace.store, meeting.id) if meeting else set()
            )
            in_order = list(self.tree.items)
            first = next(
                (i for i in reversed(in_order) if i in taken), in_order[0] if in_order else None
            )
            self.item_id = None
            if first is not None:
                self.tree.select(first)
                return
        self.show_item(self.item_id or "")

    def speaker_completer(self) -> QCompleter:
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def find_person(self, text: str) -> Participant | None:
        needle = text.casefold()
        exact = [p for p in self.people.values() if person_label(p).casefold() == needle]
        if exact:
            return exact[0]
        partial = [p for p in self.people.values() if needle in person_label(p).casefold()]
        return partial[0] if len(partial) == 1 else None

    def _show_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)
        for widget in (self.vertical, self.buttons):
            widget.setVisible(not empty)

    def show_item(self, item_id: str) -> None:
        meeting = self.meeting
        entry = self.tree.items.get(item_id)
        if meeting is None or entry is None:
            self.item_id = None
            self.item_title.clear()
            self.item_details.clear()
            self._set_editors([])
            self._show_empty(True)
            return
        self._show_empty(False)
        changed_item = item_id != self.item_id
        self.item_id = item_id
        self.item_title.setText(entry.display_title(reading_languages(meeting)))
        names = [person_label(self.people[p]) for p in entry.speakers if p in self.people]
        moderators = [person_label(self.people[p]) for p in entry.moderators if p in self.people]
        details = [time_span(entry)]
        if moderators:
            details.append(_("Moderation: {names}").format(names=", ".join(moderators)))
        if names:
            details.append(_("Speakers: {names}").format(names=", ".join(names)))
        self.item_details.setText(" · ".join(isolate(d) for d in details if d))
        self._set_editors(queries.blocks(self.workspace.store, meeting.id, item_id))
        self._load_decisions()
        self.actions_model.load(meeting)
        self.actions_proxy.setFilterRole(Qt.ItemDataRole.EditRole)
        self.actions_proxy.setFilterKeyColumn(ActionsModel.ITEM)
        self.actions_proxy.setFilterFixedString(item_id)
        if changed_item:
            self.scroll.verticalScrollBar().setValue(0)

    def refresh(self, touched: frozenset[tuple[str, str]]) -> None:
        """Follow a committed change; typing in a block only refreshes the blocks."""
        roots = {root for root, _id in touched}
        meeting = self.meeting
        if meeting is None:
            return
        if roots <= {"blocks", "actions", "decisions"}:
            if "decisions" in roots:
                self._load_decisions()
            if "blocks" in roots and self.item_id is not None:
                self._set_editors(queries.blocks(self.workspace.store, meeting.id, self.item_id))
            if "actions" in roots:
                self.actions_model.load(meeting)
            return
        self.reload()

    def _set_editors(self, blocks: list[Block]) -> None:
        """Show ``blocks``; editors of blocks already shown are updated in place."""
        if [e.block.id for e in self.editors] == [b.id for b in blocks]:
            for editor, block in zip(self.editors, blocks, strict=True):
                if editor.block != block:  # a keystroke changes one block, not its neighbours
                    editor.show_block(block)
            return
        existing = {e.block.id: e for e in self.editors}
        kept: list[BlockEditor] = []
        for block in blocks:
            editor = existing.pop(block.id, None)
            if editor is None:
                editor = BlockEditor(self, block)
            elif editor.block != block:
                editor.show_block(block)
            kept.append(editor)
        for editor in existing.values():
            if editor is self.current:
                self.current = None
            editor.setParent(None)
            editor.deleteLater()
        for index, editor in enumerate(kept):
            self.blocks_layout.insertWidget(index, editor)
        self.editors = kept

    def editor_of(self, block_id: str) -> BlockEditor | None:
        return next((e for e in self.editors if e.block.id == block_id), None)

    def show_block(self, block_id: str) -> None:
        """Go to a block (from the review page or search)."""
        meeting = self.meeting
        if meeting is None:
            return
        block = next(
            (b for b in queries.blocks(self.workspace.store, meeting.id) if b.id == block_id), None
        )
        if block is None:
            return
        self.tree.select(block.item_id)
        editor = self.editor_of(block_id)
        if editor is not None:
            QTimer.singleShot(0, lambda: self._focus(editor))

    def _focus(self, editor: BlockEditor) -> None:
        self.scroll.ensureWidgetVisible(editor)
        editor.text.setFocus()
        self.set_current(editor)

    # -- editing ----------------------------------------------------------------------------

    def set_current(self, editor: BlockEditor) -> None:
        self.current = editor

    def edit_text(
        self, block_id: str, lang: str | None, start: int, deleted: int, inserted: str
    ) -> bool:
        meeting = self.meeting
        if meeting is None:
            return False
        store = self.workspace.store

        def apply(_store: object) -> bool:
            with store.transaction():
                if deleted:
                    minutes.delete_text_at(store, meeting.id, block_id, start, deleted, lang=lang)
                if inserted:
                    minutes.insert_text_at(store, meeting.id, block_id, start, inserted, lang=lang)
            return True

        return self.workspace.call(apply) is not None

    def new_block(self, kind: str | None = None) -> None:
        meeting = self.meeting
        if meeting is None or self.item_id is None:
            return
        current = self.current if self.current in self.editors else None
        index = self.editors.index(current) + 1 if current is not None else None
        if kind is None:
            kind = current.block.kind if current is not None else "note"
            if kind in ("conclusion", "recommendation"):
                kind = "note"
        lang = current.block.lang if current is not None else None
        block = self.workspace.call(
            minutes.add_block, meeting.id, self.item_id, kind=kind, lang=lang, index=index
        )
        if block is not None:
            editor = self.editor_of(block.id)
            if editor is not None:
                QTimer.singleShot(0, lambda: self._focus(editor))

    def delete_block(self, block_id: str | None = None) -> None:
        meeting = self.meeting
        block_id = block_id or (self.current.block.id if self.current else None)
        if meeting is None or block_id is None:
            return
        self.workspace.call(minutes.delete_block, meeting.id, block_id)

    def move_block(self, step: int) -> None:
        meeting = self.meeting
        current = self.current
        if meeting is None or current is None or current not in self.editors:
            return
        index = self.editors.index(current) + step
        if 0 <= index < len(self.editors):
            self.workspace.call(minutes.move_block, meeting.id, current.block.id, index=index)
            QTimer.singleShot(0, lambda: self._focus(current))

    def insert_time(self) -> None:
        current = self.current if self.current in self.editors else None
        if current is None:
            return
        now = datetime.now().strftime(TIME_FORMAT)
        target = current.focused_text()
        target.setFocus()
        target.insert_at_cursor(now)
        if not current.block.time:
            current.save_fields(time=now)

    def cycle_kind(self) -> None:
        if self.current in self.editors and self.current is not None:
            self.current.cycle_kind()

    def pick_speaker(self) -> None:
        if self.current in self.editors and self.current is not None:
            self.current.speaker.setFocus()
            self.current.speaker.selectAll()

    # -- decisions ----------------------------------------------------------------------------

    def _load_decisions(self) -> None:
        self.decisions.clear()
        if self.meeting is None or self.item_id is None:
            return
        for decision in queries.decisions(self.workspace.store, self.meeting.id):
            if decision.item_id != self.item_id:
                continue
            entry = QListWidgetItem(isolate(decision.text))
            entry.setData(Qt.ItemDataRole.UserRole, decision.id)
            entry.setData(Qt.ItemDataRole.UserRole + 1, decision.text)
            rtl = text_is_rtl(decision.text, decision.lang)
            entry.setTextAlignment(
                (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignAbsolute
            )
            self.decisions.addItem(entry)

    def add_decision(self) -> None:
        meeting = self.meeting
        if meeting is None or self.item_id is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, _("Add decision"), _("What did the meeting decide?")
        )
        if ok and text.strip():
            lang = (
                self.current.block.lang if self.current in self.editors and self.current else None
            )
            if text_is_rtl(text):
                lang = "ar"
            self.workspace.call(minutes.add_decision, meeting.id, self.item_id, text, lang=lang)

    def edit_decision(self, entry: QListWidgetItem) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        current = str(entry.data(Qt.ItemDataRole.UserRole + 1))
        text, ok = QInputDialog.getMultiLineText(
            self, _("Edit decision"), _("What did the meeting decide?"), current
        )
        if ok and text.strip() and text.strip() != current:
            decision_id = str(entry.data(Qt.ItemDataRole.UserRole))
            self.workspace.call(minutes.update_decision, meeting.id, decision_id, text=text.strip())

    def delete_decision(self) -> None:
        entry = self.decisions.currentItem()
        if self.meeting is not None and entry is not None:
            decision_id = str(entry.data(Qt.ItemDataRole.UserRole))
            self.workspace.call(minutes.delete_decision, self.meeting.id, decision_id)

    def add_action(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        what, ok = QInputDialog.getText(self, _("Add action point"), _("What is to be done?"))
        if ok and what.strip():
            self.workspace.call(minutes.add_action, meeting.id, what, item_id=self.item_id)
