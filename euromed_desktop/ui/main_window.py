"""The main window: meetings and search on the side, the selected meeting's pages beside."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import EuromedError, NotFoundError
from euromed_desktop.i18n import _, current_language, ngettext
from euromed_desktop.i18n.formats import format_time
from euromed_desktop.store import queries
from euromed_desktop.store.store import CheckReport, Store
from euromed_desktop.ui.editing import ERROR_STYLE, leave_undo_to_app
from euromed_desktop.ui.icons import app_icon, icon
from euromed_desktop.ui.models import ID_ROLE, MeetingListModel
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.texts import meeting_title
from euromed_desktop.ui.workspace import Workspace

# The Qt classes and the worker that only some command needs are imported by that command:
# making a Qt class's Python wrapper costs about a millisecond of start-up each (decision 35).
if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData, QModelIndex
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from euromed_desktop.ui.minutes_page import MinutesPage
    from euromed_desktop.ui.overview_page import OverviewPage
    from euromed_desktop.ui.page import Page
    from euromed_desktop.ui.pages import ActionsPage, AgendaPage, ParticipantsPage, ReviewPage
    from euromed_desktop.ui.print_dialog import PrintRequest
    from euromed_desktop.ui.worker import BackgroundTask, Progress

PAGES = ("overview", "agenda", "participants", "minutes", "actions", "review")
HIT_ENTITY = {
    "meetings": "overview",
    "agenda": "agenda",
    "participants": "participants",
    "blocks": "minutes",
    "decisions": "minutes",
    "actions": "actions",
}


class MainWindow(QMainWindow):
    language_changed = Signal()
    database_chosen = Signal(str)

    def __init__(self, workspace: Workspace, settings: Settings) -> None:
        super().__init__()
        self.workspace = workspace
        self.settings = settings
        self.meeting: Meeting | None = None
        self.task: BackgroundTask | None = None
        self.review_window: QWidget | None = None
        self.setWindowIcon(app_icon())
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)  # a bundle dropped onto the window is imported
        self._build_side()
        self._build_pages()
        splitter = QSplitter()
        splitter.addWidget(self.side)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 1000])
        self.setCentralWidget(splitter)
        self._build_actions()
        self._build_menus()
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(_("Save status"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.statusBar().addWidget(self.error_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._error_timer = QTimer(self)
        self._error_timer.setSingleShot(True)
        self._error_timer.timeout.connect(self.error_label.clear)
        workspace.changed.connect(self._store_changed)
        workspace.saved.connect(self._saved)
        workspace.failed.connect(self.show_error)
        self._dirty: set[str] = set(PAGES)
        self._update_title()
        self._update_undo()
        self.saved_label.setText(_("All changes saved"))
        geometry = settings.geometry()
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    # -- construction ---------------------------------------------------------------------

    def _build_side(self) -> None:
        self.side = QWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search meetings, people, minutes… (Ctrl+F)"))
        self.search.setAccessibleName(_("Search"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        leave_undo_to_app(self.search)
        self.search.textChanged.connect(self._search)
        self.meeting_model = MeetingListModel(self.workspace)
        self.meeting_list = QListView()
        self.meeting_list.setModel(self.meeting_model)
        self.meeting_list.setAccessibleName(_("Meetings"))
        self.meeting_list.setWordWrap(True)
        self.meeting_list.setSpacing(2)
        self.meeting_list.selectionModel().currentChanged.connect(self._meeting_clicked)
        self.hits = QListWidget()
        self.hits.setAccessibleName(_("Search results"))
        self.hits.setWordWrap(True)
        self.hits.itemActivated.connect(self._hit_chosen)
        self.hits.itemClicked.connect(self._hit_chosen)
        self.hits.hide()
        self.hits_label = QLabel()
        self.hits_label.hide()
        new = QPushButton(icon("add"), _("New meeting…"))
        new.clicked.connect(self.new_meeting)
        layout = QVBoxLayout(self.side)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search)
        layout.addWidget(QLabel(_("Meetings")))
        layout.addWidget(self.meeting_list, 2)
        layout.addWidget(self.hits_label)
        layout.addWidget(self.hits, 3)
        layout.addWidget(new)

    def _build_pages(self) -> None:
        """A tab per page, each an empty holder: a page (with the modules behind it and its
        dialogs) is built when first shown, so the window paints sooner (decision 31)."""
        self._pages: dict[str, Page] = {}
        self._holders: dict[str, QWidget] = {}
        titles = {
            "overview": _("Overview"),
            "agenda": _("Agenda"),
            "participants": _("Participants"),
            "minutes": _("Minutes"),
            "actions": _("Action points"),
            "review": _("Review"),
        }
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for name in PAGES:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[name] = holder
            self.tabs.addTab(holder, icon(name), titles[name])
        self.tabs.currentChanged.connect(self._tab_changed)
        self.welcome = QWidget()
        message = QLabel(
            _("No meeting is selected. Create a meeting, or open the demo meeting to look around.")
        )
        message.setWordWrap(True)
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        create = QPushButton(icon("add"), _("New meeting…"))
        create.clicked.connect(self.new_meeting)
        demo = QPushButton(icon("meeting"), _("Open the demo meeting"))
        demo.clicked.connect(self.open_demo)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(create)
        buttons.addWidget(demo)
        buttons.addStretch(1)
        column = QVBoxLayout(self.welcome)
        column.addStretch(1)
        column.addWidget(message)
        column.addLayout(buttons)
        column.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)

    def page(self, name: str) -> Page:
        """The page ``name``, built on first use (it loads its meeting when shown)."""
        page = self._pages.get(name)
        if page is None:
            page = self._make_page(name)
            self._pages[name] = page
            layout = self._holders[name].layout()
            assert layout is not None
            layout.addWidget(page)
        return page

    def _make_page(self, name: str) -> Page:
        ws = self.workspace
        if name == "minutes":
            from euromed_desktop.ui.minutes_page import MinutesPage

            return MinutesPage(ws)
        if name == "overview":
            from euromed_desktop.ui.overview_page import OverviewPage

            overview = OverviewPage(ws)
            overview.edit_requested.connect(self.edit_meeting)
            overview.versions_requested.connect(self.show_versions)
            return overview
        from euromed_desktop.ui import pages

        if name == "review":
            review = pages.ReviewPage(ws)
            review.show_block.connect(self.show_block)
            return review
        kinds: dict[str, type[Page]] = {
            "agenda": pages.AgendaPage,
            "participants": pages.ParticipantsPage,
            "actions": pages.ActionsPage,
        }
        return kinds[name](ws)

    @property
    def overview(self) -> OverviewPage:
        return cast("OverviewPage", self.page("overview"))

    @property
    def agenda(self) -> AgendaPage:
        return cast("AgendaPage", self.page("agenda"))

    @property
    def participants(self) -> ParticipantsPage:
        return cast("ParticipantsPage", self.page("participants"))

    @property
    def minutes(self) -> MinutesPage:
        return cast("MinutesPage", self.page("minutes"))

    @property
    def actions_page(self) -> ActionsPage:
        return cast("ActionsPage", self.page("actions"))

    @property
    def review(self) -> ReviewPage:
        return cast("ReviewPage", self.page("review"))

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
        *,
        extra: list[str] | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        keys: list[QKeySequence] = []
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(shortcut))
        elif shortcut is not None:
            keys.append(QKeySequence(shortcut))
        keys.extend(QKeySequence(k) for k in extra or [])
        if keys:
            action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_meeting_action = a(
            _("&New meeting…"), self.new_meeting, QKeySequence.StandardKey.New, "add"
        )
        self.open_database_action = a(
            _("&Open database…"), self.open_database, QKeySequence.StandardKey.Open
        )
        self.check_action = a(_("&Check database…"), self.check_database)
        self.rebuild_action = a(_("&Rebuild tables and search index…"), self.rebuild_database)
        self.print_action = a(
            _("&Print to PDF…"), self.print_document, QKeySequence.StandardKey.Print, "print"
        )
        self.export_action = a(
            _("Send to &colleagues…"), lambda: self.export_bundle("sync"), "Ctrl+Shift+E", "send"
        )
        self.review_export_action = a(
            _("Send for re&view…"), lambda: self.export_bundle("review"), None, "review"
        )
        self.import_action = a(
            _("&Import a bundle…"), self.choose_bundle, "Ctrl+Shift+I", "receive"
        )
        self.open_review_action = a(
            _("Open a revie&w copy…"), lambda: self.open_review_copy(), None, "review"
        )
        self.import_participants_action = a(
            _("Import partici&pants…"), self.import_participants, None, "participants"
        )
        self.export_participants_action = a(
            _("Export participan&ts…"), self.export_participants, None, "participants"
        )
        self.export_calendar_action = a(
            _("Export agenda to ca&lendar…"), self.export_calendar, None, "agenda"
        )
        self.export_actions_action = a(
            _("Export action p&oints…"), self.export_actions, None, "actions"
        )
        self.settings_action = a(_("&Settings…"), self.show_settings, "Ctrl+,", "settings")
        self.quit_action = a(_("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = a(_("&Undo"), self.undo, QKeySequence.StandardKey.Undo, "undo")
        self.redo_action = a(_("&Redo"), self.redo, "Ctrl+Shift+Z", "redo", extra=["Ctrl+Y"])
        self.find_action = a(
            _("&Find…"), self.focus_search, QKeySequence.StandardKey.Find, "search"
        )
        self.page_actions = []
        names = {
            "overview": _("&Overview"),
            "agenda": _("&Agenda"),
            "participants": _("&Participants"),
            "minutes": _("&Minutes"),
            "actions": _("A&ction points"),
            "review": _("&Review"),
        }
        for number, name in enumerate(PAGES, start=1):
            self.page_actions.append(
                a(names[name], lambda n=name: self.show_page(n), f"Ctrl+{number}", name)
            )
        self.edit_meeting_action = a(_("&Edit meeting…"), self.edit_meeting, None, "edit")
        self.add_participant_action = a(
            _("Add &participant…"), self.add_participant, "Ctrl+Shift+P", "participants"
        )
        self.add_session_action = a(_("Add &session…"), self.add_session, None, "agenda")
        self.new_block_action = a(_("New &block"), self.new_block, "Ctrl+Return", "add")
        self.insert_time_action = a(
            _("Insert current &time"), lambda: self.minutes.insert_time(), "Ctrl+T", "time"
        )
        self.cycle_kind_action = a(
            _("Change block &kind"), lambda: self.minutes.cycle_kind(), "Ctrl+K"
        )
        self.speaker_action = a(_("Pick &speaker"), lambda: self.minutes.pick_speaker(), "Ctrl+L")
        self.block_up_action = a(
            _("Move block &up"), lambda: self.minutes.move_block(-1), "Ctrl+Shift+Up", "up"
        )
        self.block_down_action = a(
            _("Move block &down"), lambda: self.minutes.move_block(1), "Ctrl+Shift+Down", "down"
        )
        self.delete_block_action = a(
            _("De&lete block"), lambda: self.minutes.delete_block(), "Ctrl+Shift+Delete", "delete"
        )
        self.add_action_action = a(
            _("Add &action point…"), self.add_action_point, "Ctrl+Shift+A", "actions"
        )
        self.demo_action = a(_("Open the &demo meeting"), self.open_demo, None, "meeting")
        self.delete_meeting_action = a(_("Delete meeting…"), self.delete_meeting, None, "delete")
        self.help_action = a(_("&User guide"), self.show_help, "F1")
        self.about_action = a(_("&About EUROMED Desktop"), self.show_about)
        self.about_qt_action = a(_("About &Qt"), QApplication.aboutQt)
        self.minutes_actions = [
            self.new_block_action,
            self.insert_time_action,
            self.cycle_kind_action,
            self.speaker_action,
            self.block_up_action,
            self.block_down_action,
            self.delete_block_action,
        ]
        self.meeting_actions = [
            self.edit_meeting_action,
            self.add_participant_action,
            self.add_session_action,
            self.add_action_action,
            self.delete_meeting_action,
            self.print_action,
            self.export_action,
            self.review_export_action,
            self.import_participants_action,
            self.export_participants_action,
            self.export_calendar_action,
            self.export_actions_action,
            *self.minutes_actions,
            *self.page_actions,
        ]
        self.versions_action = a(
            _("&Versions and approval…"), self.show_versions, "Ctrl+Shift+H", "review"
        )
        self.meeting_actions.append(self.versions_action)
        self.snippet_action = a(
            _("Insert s&nippet…"),
            self.pick_snippet,
            "Ctrl+;",
            extra=["Ctrl+Shift+S"],
        )
        self.minutes_actions.append(self.snippet_action)
        self.meeting_actions.append(self.snippet_action)
        self.snippets_action = a(_("Text sni&ppets…"), self.edit_snippets)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        file_menu.addAction(self.new_meeting_action)
        file_menu.addAction(self.open_database_action)
        database = QMenu(_("&Database"), self)
        database.addAction(self.check_action)
        database.addAction(self.rebuild_action)
        file_menu.addMenu(database)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.review_export_action)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.open_review_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_participants_action)
        file_menu.addAction(self.export_participants_action)
        file_menu.addAction(self.export_calendar_action)
        file_menu.addAction(self.export_actions_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(_("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        view_menu = bar.addMenu(_("&View"))
        for action in self.page_actions:
            view_menu.addAction(action)
        meeting_menu = bar.addMenu(_("&Meeting"))
        meeting_menu.addAction(self.edit_meeting_action)
        meeting_menu.addAction(self.add_session_action)
        meeting_menu.addAction(self.add_participant_action)
        meeting_menu.addSeparator()
        for action in self.minutes_actions:
            meeting_menu.addAction(action)
        meeting_menu.addAction(self.add_action_action)
        meeting_menu.addSeparator()
        meeting_menu.addAction(self.versions_action)
        meeting_menu.addAction(self.snippets_action)
        meeting_menu.addSeparator()
        meeting_menu.addAction(self.demo_action)
        meeting_menu.addAction(self.delete_meeting_action)
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(self.help_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.about_qt_action)
        self.menus = [file_menu, database, edit_menu, view_menu, meeting_menu, help_menu]

    # -- meetings -----------------------------------------------------------------------------

    def select_meeting(self, meeting_id: str | None, page: str | None = None) -> None:
        meeting = None
        if meeting_id:
            try:
                meeting = queries.meeting(self.workspace.store, meeting_id)
            except NotFoundError:
                meeting = None
        self.meeting = meeting
        self.workspace.select(meeting.id if meeting else None)
        self.settings.last_meeting = meeting.id if meeting else ""
        row = self.meeting_model.row_of(meeting.id) if meeting else -1
        current = self.meeting_list.currentIndex()
        if row >= 0 and current.row() != row:
            self.meeting_list.blockSignals(True)
            self.meeting_list.setCurrentIndex(self.meeting_model.index(row))
            self.meeting_list.blockSignals(False)
        self.stack.setCurrentWidget(self.tabs if meeting else self.welcome)
        self._dirty = set(PAGES)
        if page:
            self.show_page(page)
        self._reload_visible()
        for action in self.meeting_actions:
            action.setEnabled(meeting is not None)
        self._update_title()
        self._update_undo()

    def _meeting_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            meeting_id = str(index.data(ID_ROLE))
            if self.meeting is None or meeting_id != self.meeting.id:
                self.select_meeting(meeting_id)

    def new_meeting(self) -> None:
        from euromed_desktop.ui.dialogs import MeetingDialog

        dialog = MeetingDialog(self.workspace, parent=self)
        if dialog.exec() and dialog.result_record is not None:
            self.meeting_model.reload()
            self.select_meeting(dialog.result_record.id, "overview")

    def edit_meeting(self) -> None:
        if self.meeting is not None:
            from euromed_desktop.ui.dialogs import MeetingDialog

            MeetingDialog(self.workspace, self.meeting, parent=self).exec()

    def open_demo(self) -> None:
        from euromed_desktop import demo

        try:
            demo.ensure_demo_meeting(self.workspace.store)
        except EuromedError as exc:
            self.show_error(str(exc))
            return
        self.meeting_model.reload()
        self.select_meeting(demo.DEMO_MEETING_ID, "overview")

    def delete_meeting(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        meeting = self.meeting
        if meeting is None:
            return
        answer = QMessageBox.warning(
            self,
            _("Delete meeting"),
            _(
                "Delete “{title}” with its agenda, participants and minutes from this laptop? "
                "This cannot be undone."
            ).format(title=meeting_title(meeting)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            from euromed_desktop.store import meetings

            self.workspace.call(meetings.delete, meeting.id)

    def add_participant(self) -> None:
        self.show_page("participants")
        self.participants.add_person()

    def add_session(self) -> None:
        self.show_page("agenda")
        self.agenda.add_item(session=True)

    def new_block(self) -> None:
        if self.current_page() != "minutes":
            self.show_page("minutes")
        self.minutes.new_block()

    def add_action_point(self) -> None:
        if self.current_page() == "minutes":
            self.minutes.add_action()
        else:
            self.show_page("actions")
            self.actions_page.add_action()

    def show_block(self, block_id: str) -> None:
        self.show_page("minutes")
        self.minutes.show_block(block_id)

    # -- pages and refresh ----------------------------------------------------------------------

    def show_page(self, name: str) -> None:
        self.tabs.setCurrentIndex(PAGES.index(name))

    def current_page(self) -> str:
        return PAGES[max(self.tabs.currentIndex(), 0)]

    def _tab_changed(self, _index: int) -> None:
        self._reload_visible()

    def _reload_visible(self) -> None:
        name = self.current_page()
        if name in self._dirty:
            self._dirty.discard(name)
            self.page(name).show_meeting(self.meeting)

    def _store_changed(self, meeting_id: str, touched: frozenset[tuple[str, str]]) -> None:
        roots = {root for root, _id in touched}
        if not touched or "meetings" in roots:
            self.meeting_model.reload()
        if self.meeting is None or meeting_id != self.meeting.id:
            return
        if not touched:  # the meeting was deleted
            self.select_meeting(None)
            return
        if "meetings" in roots:
            before = self.meeting.status
            self.meeting = queries.meeting(self.workspace.store, meeting_id)
            self._update_title()
            self._status_changed(before, self.meeting.status)
        current = self.current_page()
        for name, page in self._pages.items():
            if page.concerns(touched):
                if name == current:
                    page.meeting = self.meeting
                    page.refresh(touched)
                else:
                    self._dirty.add(name)
        self._update_undo()

    def _saved(self) -> None:
        self.saved_label.setText(_("Saved"))
        self.saved_label.setToolTip(
            _("Every change is saved as you make it. Last saved at {time}.").format(
                time=format_time(datetime.now())
            )
        )

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self._error_timer.start(10_000)
        QApplication.beep()

    def _update_title(self) -> None:
        title = _("EUROMED Desktop")
        if self.meeting is not None:
            title = f"{meeting_title(self.meeting)} — {title}"
        self.setWindowTitle(title)

    # -- undo -----------------------------------------------------------------------------------

    def _update_undo(self) -> None:
        store, meeting = self.workspace.store, self.meeting
        self.undo_action.setEnabled(meeting is not None and store.can_undo(meeting.id))
        self.redo_action.setEnabled(meeting is not None and store.can_redo(meeting.id))

    def undo(self) -> None:
        if self.meeting is not None:
            self._commit_pending_field()
            if not self.workspace.call(lambda store: store.undo(self.meeting.id)):
                self.statusBar().showMessage(_("Nothing to undo."), 3000)
            self._update_undo()

    def redo(self) -> None:
        if self.meeting is not None:
            if not self.workspace.call(lambda store: store.redo(self.meeting.id)):
                self.statusBar().showMessage(_("Nothing to redo."), 3000)
            self._update_undo()

    def _commit_pending_field(self) -> None:
        """A line edit being typed in saves on leaving it; undo first saves what it holds."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.editingFinished.emit()

    # -- search ---------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search(self, text: str) -> None:
        text = text.strip()
        self.hits.clear()
        if not text:
            self.meeting_model.filter_to(None)
            self.hits.hide()
            self.hits_label.hide()
            self._reselect()
            return
        hits = queries.search(self.workspace.store, text, limit=100)
        self.meeting_model.filter_to({h.meeting_id for h in hits})
        self._reselect()
        kinds = {
            "meetings": _("Meeting"),
            "agenda": _("Agenda"),
            "participants": _("Participant"),
            "blocks": _("Minutes"),
            "decisions": _("Decision"),
            "actions": _("Action point"),
        }
        for hit in hits:
            snippet = hit.snippet.replace("[", "").replace("]", "")
            entry = QListWidgetItem(f"{kinds.get(hit.entity, hit.entity)}: {hit.title}\n{snippet}")
            entry.setData(Qt.ItemDataRole.UserRole, (hit.meeting_id, hit.entity, hit.ref_id))
            self.hits.addItem(entry)
        self.hits_label.setText(
            ngettext("{n} result", "{n} results", len(hits)).format(n=len(hits))
        )
        self.hits_label.show()
        self.hits.show()

    def _reselect(self) -> None:
        if self.meeting is not None:
            row = self.meeting_model.row_of(self.meeting.id)
            if row >= 0:
                self.meeting_list.blockSignals(True)
                self.meeting_list.setCurrentIndex(self.meeting_model.index(row))
                self.meeting_list.blockSignals(False)

    def _hit_chosen(self, entry: QListWidgetItem) -> None:
        meeting_id, entity, ref_id = entry.data(Qt.ItemDataRole.UserRole)
        page = HIT_ENTITY.get(entity, "overview")
        if self.meeting is None or self.meeting.id != meeting_id:
            self.select_meeting(meeting_id, page)
        else:
            self.show_page(page)
        if entity == "participants":
            self.participants.select(ref_id)
        elif entity == "agenda":
            self.agenda.tree.select(ref_id)
        elif entity == "blocks":
            self.minutes.show_block(ref_id)

    # -- files and settings ---------------------------------------------------------------------

    def open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Open or create a database"),
            str(self.workspace.store.path.parent),
            _("EUROMED Desktop databases (*.sqlite *.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.database_chosen.emit(path)

    def print_document(self) -> None:
        """Ctrl+P: choose a document, then render it on a worker thread with progress."""
        if self.meeting is None:
            return
        from euromed_desktop.ui.print_dialog import PrintDialog

        dialog = PrintDialog(self.meeting, self.settings, self)
        if not dialog.exec() or dialog.request is None:
            return
        self.render_pdf(dialog.request)

    def render_pdf(self, request: PrintRequest) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from euromed_desktop.ui.worker import Cancelled

        assert self.meeting is not None
        meeting_id, database = self.meeting.id, self.workspace.store.path

        def task(progress: Progress) -> Path:
            from euromed_desktop import render  # ReportLab loads when first needed

            message = _("Laying out the pages…")
            with Store(database) as store:
                try:
                    return render.build(
                        request.kind,
                        store,
                        meeting_id,
                        request.path,
                        lang=request.lang,
                        second_lang=request.second_lang,
                        paper=request.paper,
                        progress=lambda done, total: progress(done, total, message),
                        cancel=progress.cancelled,
                        **request.options,
                    )
                except render.RenderCancelled:
                    raise Cancelled from None

        def done(result: object) -> None:
            path = Path(str(result))
            self.statusBar().showMessage(_("PDF written: {path}").format(path=path), 10000)
            if request.open_when_done:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        self._run(_("Creating the PDF"), task, done)

    # -- exchange by file ----------------------------------------------------------------------

    def export_bundle(self, kind: str) -> None:
        """Write the meeting for colleagues (``sync``) or for reviewers (``review``)."""
        from PySide6.QtWidgets import QMessageBox

        from euromed_desktop.ui import exchange

        if self.meeting is None:
            return
        name = exchange.suggested_name(self.meeting, kind, date.today())
        path = exchange.choose_export_path(self, self.settings, name)
        if path is None:
            return
        encrypt = QMessageBox.question(
            self,
            _("Protect with a passphrase?"),
            _(
                "Protect the file with a passphrase? Do so when it travels by e-mail or on a "
                "stick that others may use."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        passphrase = None
        if encrypt == QMessageBox.StandardButton.Yes:
            passphrase = exchange.ask_passphrase(self, confirm=True)
            if passphrase is None:
                return
        task = exchange.export_task(
            self.workspace.store.path,
            kind,
            self.meeting.id,
            path,
            passphrase,
            self.settings.rapporteur,
        )
        self._run(
            _("Writing the bundle"),
            task,
            lambda result: self.statusBar().showMessage(
                exchange.export_message(result),
                10000,  # type: ignore[arg-type]
            ),
        )

    def choose_bundle(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from euromed_desktop.ui import exchange

        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Import a bundle"), str(Path.home()), exchange.bundle_filter()
        )
        if chosen:
            self.import_bundle(Path(chosen))

    def import_bundle(
        self, path: Path, passphrase: str | None = None, accept_new_key: bool = False
    ) -> None:
        """Merge a colleague's bundle (or take in reviewers' comments) into this database."""
        from PySide6.QtWidgets import QMessageBox

        from euromed_desktop.ui import exchange

        store = self.workspace.store

        def task(progress: Progress) -> object:
            from euromed_desktop import sync

            return sync.import_bundle(
                store,
                path,
                passphrase=passphrase,
                accept_new_key=accept_new_key,
                progress=lambda done, total: progress(done, total, _("Merging…")),
            )

        def done(summary: object) -> None:
            text = exchange.summary_text(summary)  # type: ignore[arg-type]
            QMessageBox.information(self, _("Bundle imported"), text)

        def failed(exc: BaseException) -> bool:
            from euromed_desktop.sync import IsReviewCopy, KeyChanged, PassphraseRequired

            if isinstance(exc, IsReviewCopy):
                self.open_review_copy(path)
                return True
            if isinstance(exc, PassphraseRequired):
                again = exchange.ask_passphrase(self, confirm=False)
                if again is not None:
                    self.import_bundle(path, again, accept_new_key)
                return True
            if isinstance(exc, KeyChanged):
                answer = QMessageBox.question(
                    self,
                    _("A known device has a new key"),
                    _(
                        "{message}\n\nNew key fingerprint: {fingerprint}\n\nAccept it only after "
                        "checking this fingerprint with the person who sent the file (e.g. by "
                        "phone). Accept the new key and import?"
                    ).format(message=exc, fingerprint=exc.fingerprint),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer == QMessageBox.StandardButton.Yes:
                    self.import_bundle(path, passphrase, accept_new_key=True)
                return True
            return False

        self._run(_("Importing the bundle"), task, done, failed)

    # -- registration lists, participant lists, calendars -------------------------------------

    def import_participants(self) -> None:
        """Registrations from a CSV/XLSX file: map, preview, then import in the background."""
        from euromed_desktop.ui import participants_import as files_ui

        if self.meeting is None:
            return
        dialog = files_ui.ParticipantsImportDialog(self.workspace.store, self.meeting, self)
        dialog.choose_file()
        if dialog.path is None or not dialog.exec() or dialog.preview is None:
            return
        task = files_ui.import_task(
            self.workspace.store, self.meeting.id, dialog.preview, dialog.skip_problems
        )
        self._run(
            _("Importing participants"),
            task,
            lambda result: self.statusBar().showMessage(files_ui.import_message(result), 10000),
        )

    def export_participants(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from euromed_desktop.ui import participants_import as files_ui

        if self.meeting is None:
            return
        path = files_ui.choose_list_path(self, _("Export participants"), _("participants.xlsx"))
        if path is None:
            return
        everyone = QMessageBox.question(
            self,
            _("Contact data"),
            _(
                "Include the e-mail and phone of everyone? Choose No for a list to share with "
                "participants: it then holds contact data only of those who consented."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        all_contacts = everyone == QMessageBox.StandardButton.Yes
        self._export_file("participants", path, all_contacts=all_contacts)

    def export_calendar(self) -> None:
        from euromed_desktop.ui import participants_import as files_ui

        if self.meeting is not None:
            path = files_ui.choose_calendar_path(self, _("agenda.ics"))
            if path is not None:
                self._export_file("calendar", path)

    def export_actions(self) -> None:
        from euromed_desktop.ui import participants_import as files_ui

        if self.meeting is not None:
            path = files_ui.choose_list_path(
                self, _("Export action points"), _("action-points.xlsx")
            )
            if path is not None:
                self._export_file("actions", path)

    def _export_file(self, what: str, path: Path, **options: object) -> None:
        from euromed_desktop.ui import participants_import as files_ui

        assert self.meeting is not None
        task = files_ui.export_task(
            self.workspace.store.path, what, self.meeting.id, path, **options
        )
        self._run(
            _("Exporting"),
            task,
            lambda result: self.statusBar().showMessage(files_ui.export_message(result), 10000),
        )

    def open_review_copy(self, path: Path | None = None) -> None:
        """A review copy someone sent: read the minutes, comment on blocks, send comments."""
        from euromed_desktop.ui import review_window

        path = path or review_window.choose_review_file(self)
        if path is not None:
            data_dir = self.workspace.store.path.parent
            self.review_window = review_window.open_review_file(
                self, path, self.settings, self.workspace.store, data_dir
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_bundles(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        bundles = self._dropped_bundles(event.mimeData())
        if bundles:
            event.acceptProposedAction()
            self.import_bundle(bundles[0])

    @staticmethod
    def _dropped_bundles(data: QMimeData) -> list[Path]:
        from euromed_desktop.ui import exchange

        return [
            Path(url.toLocalFile())
            for url in data.urls()
            if url.isLocalFile() and url.toLocalFile().endswith(exchange.EXTENSION)
        ]

    def show_versions(self) -> None:
        if self.meeting is None:
            return
        from euromed_desktop.ui.versions import VersionsDialog

        VersionsDialog(self.workspace, self.settings, self.meeting.id, self).exec()

    def pick_snippet(self) -> None:
        from euromed_desktop.ui.snippets import pick_snippet

        pick_snippet(self.minutes, self.settings)

    def show_help(self) -> None:
        from euromed_desktop.ui.help import show_help

        show_help(self)

    def show_about(self) -> None:
        from euromed_desktop.ui.dialogs import show_about

        show_about(self)

    def edit_snippets(self) -> None:
        from euromed_desktop.ui.snippets import SnippetsDialog

        current = self.minutes.current
        lang = current.focused_text().lang if current is not None else current_language()
        SnippetsDialog(self.settings, lang, self).exec()

    def _status_changed(self, before: str, after: str) -> None:
        """Editing approved minutes starts a new draft (store.versions); say so where the
        rapporteur is looking, since the text they typed no longer matches what was
        approved."""
        if before == "approved" and after == "minutes_draft":
            self.statusBar().showMessage(
                _(
                    "The minutes were approved; this edit starts a new draft. The approved "
                    "version is kept (Meeting ▸ Versions and approval)."
                ),
                20_000,
            )

    def show_settings(self) -> None:
        from euromed_desktop.ui.dialogs import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() and dialog.language_changed:
            self.language_changed.emit()

    def _run(
        self,
        title: str,
        task: Callable[[Progress], object],
        done: Callable[[object], None],
        failed: Callable[[BaseException], bool] | None = None,
    ) -> None:
        """Run ``task`` on a worker thread; ``failed`` may handle an error (returning True)
        before the usual message."""
        from euromed_desktop.ui.worker import BackgroundTask

        if self.task is not None and self.task.running:
            self.show_error(_("Please wait until the current task has finished."))
            return
        self.task = BackgroundTask(self, title, task)
        self.task.done.connect(done)
        self.task.error.connect(
            lambda exc: None if failed is not None and failed(exc) else self._task_failed(exc)
        )
        self.task.start()

    def _task_failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from euromed_desktop.ui.worker import Cancelled

        if isinstance(exc, Cancelled):
            self.statusBar().showMessage(_("Cancelled; nothing was changed."), 5000)
        elif isinstance(exc, EuromedError):
            QMessageBox.warning(self, _("EUROMED Desktop"), str(exc))
        else:
            QMessageBox.critical(
                self,
                _("EUROMED Desktop"),
                _("Something went wrong: {error}").format(error=f"{type(exc).__name__}: {exc}"),
            )

    def check_database(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        path = self.workspace.store.path

        def task(progress: Progress) -> CheckReport:
            with Store(path) as store:
                return store.check(progress=lambda done, total: progress(done, total, ""))

        def done(result: object) -> None:
            assert isinstance(result, CheckReport)
            if result.healthy:
                QMessageBox.information(
                    self,
                    _("Check database"),
                    ngettext(
                        "The database is healthy ({n} meeting checked).",
                        "The database is healthy ({n} meetings checked).",
                        result.meetings,
                    ).format(n=result.meetings),
                )
            else:
                QMessageBox.warning(self, _("Check database"), "\n".join(result.problems))

        self._run(_("Checking the database…"), task, done)

    def rebuild_database(self) -> None:
        path = self.workspace.store.path

        def task(progress: Progress) -> int:
            with Store(path) as store:
                return store.rebuild(progress=lambda done, total: progress(done, total, ""))

        def done(result: object) -> None:
            self.meeting_model.reload()
            self.select_meeting(self.meeting.id if self.meeting else None)
            self.statusBar().showMessage(
                ngettext("{n} meeting rebuilt.", "{n} meetings rebuilt.", int(result)).format(  # type: ignore[call-overload]
                    n=result
                ),
                5000,
            )

        self._run(_("Rebuilding tables and search index…"), task, done)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            self.task.runner.join(5000)
        self._commit_pending_field()
        self.settings.set_geometry(bytes(self.saveGeometry().data()))
        super().closeEvent(event)
