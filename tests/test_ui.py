"""The desktop window driven as a user would, offscreen, against a real database file."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from euromed_desktop.demo import DEMO_MEETING_ID, ensure_demo_meeting
from euromed_desktop.domain.entities import Meeting
from euromed_desktop.i18n import set_language
from euromed_desktop.store import agenda, minutes, participants, queries
from euromed_desktop.store.store import Store
from euromed_desktop.ui.dialogs import MeetingDialog, ParticipantDialog
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.models import ID_ROLE, ActionsModel
from euromed_desktop.ui.overview_page import OverviewPage
from euromed_desktop.ui.pages import ParticipantsPage
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.text_binding import changed_range, code_points
from euromed_desktop.ui.worker import BackgroundTask, Cancelled, Progress
from euromed_desktop.ui.workspace import Workspace


@pytest.fixture
def content(store: Store, meeting: Meeting) -> dict[str, str]:
    """Two sessions with an item each, three people, one block of minutes."""
    amira = participants.add(
        store,
        meeting.id,
        given_name="Amira",
        family_name="Ben Salah",
        organisation="Ministry of Social Affairs",
        country="TN",
        email="amira@example.org",
    )
    jan = participants.add(
        store, meeting.id, given_name="Jan", family_name="Müller", country="DE", organisation="BMI"
    )
    participants.add(store, meeting.id, given_name="Sara", family_name="Haddad", country="JO")
    one = agenda.add(
        store, meeting.id, title="Opening", start=datetime(2026, 3, 10, 9), kind="opening"
    )
    one_a = agenda.add(store, meeting.id, title="Welcome", parent_id=one.id, kind="panel")
    two = agenda.add(store, meeting.id, title="Skills partnerships", kind="session")
    two_a = agenda.add(store, meeting.id, title="Recognition", parent_id=two.id, kind="panel")
    block = minutes.add_block(store, meeting.id, one_a.id, text="Hello", lang="en")
    return {
        "amira": amira.id,
        "jan": jan.id,
        "one": one.id,
        "one_a": one_a.id,
        "two": two.id,
        "two_a": two_a.id,
        "block": block.id,
    }


@pytest.fixture
def window(qtbot: QtBot, store: Store, meeting: Meeting, content: dict[str, str]) -> MainWindow:
    set_language("en")
    win = MainWindow(Workspace(store), Settings())
    qtbot.addWidget(win)
    win.select_meeting(meeting.id)
    win.show()
    return win


@pytest.fixture(autouse=True)
def _answer_questions_yes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Confirmation boxes are modal; in tests the user says yes."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    yield


def block_text(store: Store, meeting_id: str, block_id: str) -> str:
    return next(b.text for b in queries.blocks(store, meeting_id) if b.id == block_id)


# -- the text binding's arithmetic ------------------------------------------------------------


def test_utf16_offsets_become_code_points() -> None:
    assert code_points("abc", 2) == 2
    assert code_points("a😀b", 3) == 2  # the emoji is two UTF-16 units
    assert code_points("مرحبا😀", 7) == 6


def test_changed_range_keeps_the_typed_position_in_a_run_of_equal_letters() -> None:
    assert changed_range("aa", "aaa", 0) == (0, 0, "a")
    assert changed_range("aa", "aaa", 2) == (2, 0, "a")
    assert changed_range("hello world", "hello brave world", 6) == (6, 0, "brave ")
    assert changed_range("abcdef", "abXef", 2) == (2, 2, "X")


# -- minutes ------------------------------------------------------------------------------------


def test_typing_in_a_block_saves_each_edit_and_undo_takes_it_back(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("minutes")
    window.minutes.tree.select(content["one_a"])
    editor = window.minutes.editor_of(content["block"])
    assert editor is not None
    editor.text.setFocus()
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.text, " everyone")
    assert block_text(store, meeting.id, content["block"]) == "Hello everyone"
    assert window.saved_label.text() == "Saved"
    window.undo_action.trigger()
    assert block_text(store, meeting.id, content["block"]) == "Hello"
    assert editor.text.plain_text() == "Hello"
    window.redo_action.trigger()
    assert editor.text.plain_text() == "Hello everyone"


def test_ctrl_z_in_a_text_box_reaches_the_store_undo(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("minutes")
    window.minutes.tree.select(content["one_a"])
    editor = window.minutes.editor_of(content["block"])
    assert editor is not None
    editor.text.setFocus()
    qtbot.waitUntil(editor.text.hasFocus)
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.text, "!")
    qtbot.keySequence(editor.text, QKeySequence.StandardKey.Undo)
    assert block_text(store, meeting.id, content["block"]) == "Hello"


def test_text_outside_the_basic_plane_and_arabic_stay_in_step(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("minutes")
    window.minutes.tree.select(content["one_a"])
    editor = window.minutes.editor_of(content["block"])
    assert editor is not None
    cursor = editor.text.textCursor()
    cursor.setPosition(0)
    editor.text.setTextCursor(cursor)
    editor.text.insert_at_cursor("😀 ")
    editor.text.moveCursor(cursor.MoveOperation.End)
    editor.text.insert_at_cursor(" مرحبا 2026")
    expected = "😀 Hello مرحبا 2026"
    assert block_text(store, meeting.id, content["block"]) == expected
    assert editor.text.plain_text() == expected


def test_arabic_block_edits_right_to_left(
    window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    block = minutes.add_block(
        store, meeting.id, content["one_a"], text="أكدت الوفود أهمية 35% من التأشيرات", lang="ar"
    )
    window.show_page("minutes")
    window.minutes.tree.select(content["one_a"])
    editor = window.minutes.editor_of(block.id)
    assert editor is not None
    assert editor.text.layoutDirection() == Qt.LayoutDirection.RightToLeft
    english = window.minutes.editor_of(content["block"])
    assert english is not None
    assert english.text.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_new_block_speaker_time_kind_and_translation_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("minutes")
    page = window.minutes
    page.tree.select(content["one_a"])
    first = page.editor_of(content["block"])
    assert first is not None
    page.set_current(first)
    window.new_block_action.trigger()
    blocks = queries.blocks(store, meeting.id, content["one_a"])
    assert blocks[0].id == content["block"] and len(blocks) == 2
    new = page.editor_of(blocks[1].id)
    assert new is not None
    page.set_current(new)
    new.text.setFocus()
    window.insert_time_action.trigger()
    typed = queries.blocks(store, meeting.id, content["one_a"])[1]
    assert len(typed.text) == 5 and typed.text[2] == ":"
    assert typed.time == typed.text
    window.cycle_kind_action.trigger()
    assert queries.blocks(store, meeting.id, content["one_a"])[1].kind == "intervention"
    new.speaker.setText("Ben Sal")
    new.speaker.editingFinished.emit()
    assert queries.blocks(store, meeting.id, content["one_a"])[1].speaker_id == content["amira"]
    new.translate.setChecked(True)
    new.translation_lang.set_code("fr")
    new._bind_translation()
    assert new.translation is not None
    new.translation.insert_at_cursor("Bonjour à tous")
    saved = queries.blocks(store, meeting.id, content["one_a"])[1]
    assert saved.translations == {"fr": "Bonjour à tous"}
    new.translation.insert_at_cursor(" !")
    saved = queries.blocks(store, meeting.id, content["one_a"])[1]
    assert saved.translations == {"fr": "Bonjour à tous !"}


def test_unknown_speaker_is_refused_with_a_message(
    window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("minutes")
    window.minutes.tree.select(content["one_a"])
    editor = window.minutes.editor_of(content["block"])
    assert editor is not None
    editor.speaker.setText("Nobody Known")
    editor.speaker.editingFinished.emit()
    assert "Nobody Known" in window.error_label.text()
    assert queries.blocks(store, meeting.id)[0].speaker_id is None


def test_an_edit_from_another_laptop_appears_without_moving_the_cursor(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    meeting: Meeting,
    content: dict[str, str],
    tmp_path: Path,
) -> None:
    window.show_page("minutes")
    window.minutes.tree.select(content["one_a"])
    editor = window.minutes.editor_of(content["block"])
    assert editor is not None
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    editor.text.insert_at_cursor("!")  # a local edit, then one from another laptop
    with Store(tmp_path / "other.sqlite") as other:
        other.apply_update(meeting.id, store.encode_update(meeting.id))
        minutes.insert_text_at(other, meeting.id, content["block"], 0, "Well, ")
        since = store.state_vector(meeting.id)
        store.apply_update(meeting.id, other.encode_update(meeting.id, since))
    assert editor.text.plain_text() == "Well, Hello!"
    assert editor.text.textCursor().position() == 12  # still after the "!" the user typed
    window.undo_action.trigger()  # undoes the local "!" only
    assert block_text(store, meeting.id, content["block"]) == "Well, Hello"
    assert editor.text.plain_text() == "Well, Hello"


# -- participants ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_record_dialogs_are_as_wide_as_their_form(
    qtbot: QtBot, window: MainWindow, meeting: Meeting, lang: str
) -> None:
    """Georgian labels and the consent sentence once hid behind a sideways scroll bar; a long
    title field shows its beginning."""
    set_language(lang)
    try:
        dialog = ParticipantDialog(window.workspace, meeting, parent=window)
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        (scroll,) = dialog.findChildren(QScrollArea)
        assert scroll.horizontalScrollBar().maximum() == 0
        meeting_dialog = MeetingDialog(window.workspace, meeting, parent=window)
        qtbot.addWidget(meeting_dialog)
        titles = [e for e in meeting_dialog.titles.values() if e.text()]
        assert titles and all(e.cursorPosition() == 0 for e in titles)
    finally:
        set_language("en")


def test_left_to_right_cells_keep_their_direction_in_the_arabic_window(
    qtbot: QtBot, store: Store, meeting: Meeting
) -> None:
    """A French organisation cut short in an Arabic table ends with its ellipsis on the right,
    where it was cut: the cell is drawn left to right against its right edge; Arabic cells
    stay right to left."""
    organisation = "Ministère du Travail"
    participants.add(
        store, meeting.id, family_name="الخطيب", given_name="لينا", organisation=organisation
    )
    set_language("ar")
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        window = MainWindow(Workspace(store), Settings())
        qtbot.addWidget(window)
        window.select_meeting(meeting.id, "participants")
        page = window.participants
        table = page.table
        delegate = table.itemDelegate()
        model = table.model()
        row = next(r for r in range(model.rowCount()) if "الخطيب" in str(model.index(r, 0).data()))
        directions = {}
        for column in (0, 1):  # name (Arabic), organisation (French)
            option = QStyleOptionViewItem()
            option.initFrom(table)
            delegate.initStyleOption(option, model.index(row, column))
            directions[column] = (option.direction, option.displayAlignment)
        assert directions[0][0] == Qt.LayoutDirection.RightToLeft
        assert directions[1][0] == Qt.LayoutDirection.LeftToRight
        assert directions[1][1] & Qt.AlignmentFlag.AlignRight
    finally:
        QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        set_language("en")


def test_georgian_filters_leave_the_meeting_list_its_width(
    qtbot: QtBot, store: Store, meeting: Meeting
) -> None:
    """The filter boxes are sized by a dozen characters, not by their longest choice (a
    Georgian stakeholder group runs to sixty), which had squeezed the meetings list."""
    set_language("ka")
    try:
        window = MainWindow(Workspace(store), Settings())
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.select_meeting(meeting.id, "participants")
        window.show()
        QApplication.processEvents()
        assert window.side.width() >= 250
        group = window.participants.group
        assert group.width() < window.participants.width() // 4
        group.showPopup()
        metrics = group.view().fontMetrics()
        longest = max(metrics.horizontalAdvance(group.itemText(i)) for i in range(group.count()))
        assert group.view().window().width() >= longest > group.width()
        group.hidePopup()
    finally:
        set_language("en")


def test_participant_dialog_shows_messages_next_to_fields_and_warns_of_duplicates(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting
) -> None:
    dialog = ParticipantDialog(window.workspace, meeting, parent=window)
    qtbot.addWidget(dialog)
    dialog.family.setText("")
    dialog.email.setText("not-an-address")
    dialog.save()
    assert dialog.form.message_for("family-name")
    assert dialog.form.message_for("email")
    assert dialog.result() == 0
    dialog.given.setText("Amira")
    dialog.family.setText("Ben Salah")
    dialog.organisation.setText("ministry of social affairs ")
    dialog.email.setText("amira.bs@example.org")
    assert dialog.duplicate.isVisibleTo(dialog)
    assert "Amira Ben Salah" in dialog.duplicate.text()
    dialog.days.boxes["2026-03-11"].setChecked(True)
    dialog.save()  # the question is answered yes
    assert dialog.result() == 1
    saved = dialog.result_record
    assert saved.attendance == {"2026-03-10": False, "2026-03-11": True}
    assert len(queries.participants(store, meeting.id)) == 4


def test_duplicate_email_is_refused(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting
) -> None:
    dialog = ParticipantDialog(window.workspace, meeting, parent=window)
    qtbot.addWidget(dialog)
    dialog.family.setText("Other")
    dialog.email.setText("AMIRA@example.org")
    dialog.save()
    assert dialog.form.message_for("email")
    assert len(queries.participants(store, meeting.id)) == 3


def test_participant_filters_and_attendance_ticks(
    window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("participants")
    page = window.participants
    assert page.proxy.rowCount() == 3
    page.country.set_code("DE")
    assert page.proxy.rowCount() == 1
    page.country.set_code(None)
    page.search.setText("haddad")
    assert page.proxy.rowCount() == 1
    page.search.clear()
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    row = page.model.row_of(content["jan"])
    column = len(page.model.columns)  # the first meeting day
    page.model.setData(
        page.model.index(row, column), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    jan = next(p for p in queries.participants(store, meeting.id) if p.id == content["jan"])
    assert jan.attendance == {"2026-03-10": True}
    assert page.model.people[row].attendance == {"2026-03-10": True}
    assert resets == []  # the row was updated in place, the table was not rebuilt
    page.attendance.setCurrentIndex(page.attendance.findData("2026-03-10"))
    assert page.proxy.rowCount() == 1
    page.attendance.setCurrentIndex(page.attendance.findData("absent"))
    assert page.proxy.rowCount() == 2


def test_participants_sort_by_family_name_with_locale_collation(
    window: MainWindow, store: Store, meeting: Meeting
) -> None:
    participants.add(store, meeting.id, given_name="Émile", family_name="Écuyer")
    window.show_page("participants")
    page = window.participants
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names == ["Amira Ben Salah", "Émile Écuyer", "Sara Haddad", "Jan Müller"]


# -- agenda ----------------------------------------------------------------------------------------


def _drop(tree: QWidget, target_rect_point: QPoint) -> None:
    mime = QMimeData()
    mime.setData("application/x-qabstractitemmodeldatalist", b"")
    move = QDragMoveEvent(
        target_rect_point,
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dragMoveEvent(move)
    drop = QDropEvent(
        target_rect_point.toPointF(),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(drop)


def test_dragging_an_item_onto_another_session_moves_it_there(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("agenda")
    tree = window.agenda.tree
    tree.select(content["one_a"])
    target = tree.visualItemRect(tree.nodes[content["two"]]).center()
    _drop(tree, target)
    moved = next(i for i in queries.agenda(store, meeting.id) if i.id == content["one_a"])
    assert moved.parent_id == content["two"]
    order = [i.id for i in queries.agenda(store, meeting.id)]
    assert order == [content["one"], content["two"], content["two_a"], content["one_a"]]
    assert tree.nodes[content["one_a"]].parent() is tree.nodes[content["two"]]


def test_keyboard_reorders_sessions_and_delete_asks_first(
    window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("agenda")
    tree = window.agenda.tree
    tree.select(content["two"])
    tree.move_current(-1)
    tops = [i.id for i in queries.agenda(store, meeting.id) if i.parent_id is None]
    assert tops == [content["two"], content["one"]]
    tree.select(content["one"])
    window.agenda.delete_item()
    assert content["one"] not in {i.id for i in queries.agenda(store, meeting.id)}
    window.undo_action.trigger()
    assert content["one"] in {i.id for i in queries.agenda(store, meeting.id)}


# -- meeting, search, menus, background work ------------------------------------------------------


def test_editing_the_meeting_in_its_dialog_is_undoable(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting
) -> None:
    dialog = MeetingDialog(window.workspace, meeting, parent=window)
    qtbot.addWidget(dialog)
    dialog.city.setText("Sousse")
    dialog.save()
    assert queries.meeting(store, meeting.id).city == "Sousse"
    assert window.overview.values["place"].text().startswith("Sousse") or (
        "Sousse" in window.overview.values["place"].text()
    )
    window.undo_action.trigger()
    assert queries.meeting(store, meeting.id).city == ""


def test_meeting_dialog_refuses_end_before_start(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting
) -> None:
    dialog = MeetingDialog(window.workspace, meeting, parent=window)
    qtbot.addWidget(dialog)
    dialog.end.setDate(dialog.start.date().addDays(-3))
    dialog.save()
    assert dialog.form.message_for("end")
    assert queries.meeting(store, meeting.id).end == date(2026, 3, 11)


def test_search_lists_hits_and_opens_the_record(
    window: MainWindow, content: dict[str, str]
) -> None:
    window.search.setText("Haddad")
    assert window.hits.count() == 1
    window._hit_chosen(window.hits.item(0))
    assert window.current_page() == "participants"
    assert window.participants.current_id() is not None


def test_pages_are_built_when_first_shown_and_then_follow_changes(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting
) -> None:
    """Start-up builds only the page on screen; a page built later shows the meeting as it is
    then, and keeps following changes once built."""
    assert window.current_page() == "overview"
    assert window.findChildren(OverviewPage) and not window.findChildren(ParticipantsPage)
    participants.add(store, meeting.id, given_name="Karim", family_name="Benali")
    window.show_page("participants")
    (page,) = window.findChildren(ParticipantsPage)
    assert page.proxy.rowCount() == 4
    window.show_page("overview")
    window.workspace.call(participants.add, meeting.id, given_name="Nour", family_name="Haddad")
    window.show_page("participants")
    assert window.findChildren(ParticipantsPage) == [page] and page.proxy.rowCount() == 5


def test_every_menu_action_has_a_label_and_shortcuts_are_unique(window: MainWindow) -> None:
    seen: dict[str, str] = {}
    for menu in window.menus:
        for action in menu.actions():
            if action.isSeparator() or action.menu():
                continue
            assert action.text().replace("&", "").strip()
            for key in action.shortcuts():
                text = key.toString()
                assert text not in seen, f"{text} used by {seen.get(text)} and {action.text()}"
                seen[text] = action.text()
    assert {"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+T", "Ctrl+Return"} <= set(seen)


def test_check_database_runs_in_the_background(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window.check_database()
    assert window.task is not None
    qtbot.waitUntil(lambda: shown != [], timeout=20_000)
    assert "healthy" in shown[0]


def test_background_task_can_be_cancelled(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def slow(progress: Progress) -> int:
        for step in range(10_000):
            progress(step, 10_000, "")
            time.sleep(0.001)
        return 1

    task = BackgroundTask(parent, "Working", slow, delay_ms=0)
    with qtbot.waitSignal(task.error, timeout=20_000) as blocker:
        task.start()
        qtbot.waitUntil(lambda: task.dialog.value() > 0, timeout=10_000)
        cancel = task.dialog.findChild(QPushButton)
        assert cancel is not None and cancel.isVisible()
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert isinstance(blocker.args[0], Cancelled)


def test_no_garbage_collection_runs_on_a_worker(qtbot: QtBot) -> None:
    """A collection started by a worker could destroy a closed window's Qt objects on the
    wrong thread, and Qt aborts the process: while workers run, only the UI thread may
    collect, and collection resumes when the last one is joined."""
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[bool] = []

    def busy(progress: Progress) -> int:
        seen.append(gc.isenabled())
        return len([[n] for n in range(50_000)])  # allocates, as a preview of a long list

    tasks = [BackgroundTask(parent, "Working", busy, delay_ms=0) for _ in range(2)]
    assert gc.isenabled()
    for task in tasks:
        task.start()
    for task in tasks:
        qtbot.waitUntil(lambda task=task: not task.running, timeout=10_000)
    assert seen == [False, False] and gc.isenabled()


def test_arabic_mirrors_the_window(qtbot: QtBot, store: Store, meeting: Meeting) -> None:
    from euromed_desktop.ui.application import Application

    app = Application.__new__(Application)
    app.qt = QApplication.instance()
    app.translator = None
    try:
        app.apply_language("ar")
        win = MainWindow(Workspace(store), Settings())
        qtbot.addWidget(win)
        assert win.layoutDirection() == Qt.LayoutDirection.RightToLeft
    finally:
        app.apply_language("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_screenshot_from_the_command_line(tmp_path: Path) -> None:
    png = tmp_path / "window.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "euromed_desktop.app",
            "--db",
            str(tmp_path / "shot.sqlite"),
            "--demo",
            "--page",
            "minutes",
            "--screenshot",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert image.width() == 1280 and image.height() == 800
    colours = {image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 800, 23)}
    assert len(colours) > 8  # something was drawn, not a blank surface


def test_settings_are_kept_and_a_new_language_rebuilds_the_window(
    qtbot: QtBot, db_path: Path, meeting: Meeting
) -> None:
    from argparse import Namespace

    from euromed_desktop.ui.application import Application
    from euromed_desktop.ui.dialogs import SettingsDialog

    app = Application(
        Namespace(db=db_path, demo=False, lang="en", screenshot=None, page=None, size="800x600")
    )
    try:
        assert app.open_store(db_path)
        first = app.show_window(meeting.id, "agenda")
        qtbot.addWidget(first)
        dialog = SettingsDialog(app.settings, first)
        qtbot.addWidget(dialog)
        dialog.language.set_code("ar")
        dialog.rapporteur.setText("  Leila Haddad ")
        dialog.paper.set_code("Letter")
        dialog.pdf_languages.set_codes(["en", "ar"])
        dialog.save()
        assert dialog.language_changed
        assert Settings().rapporteur == "Leila Haddad"
        assert Settings().paper_size == "Letter"
        assert Settings().pdf_languages == ["en", "ar"]
        app.relaunch_window()
        second = app.window
        assert second is not None and second is not first
        qtbot.addWidget(second)
        assert second.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert second.meeting is not None and second.meeting.id == meeting.id
        assert second.current_page() == "agenda"
    finally:
        app.apply_language("en")
        if app.workspace is not None:
            app.workspace.close()


def test_settings_refuse_no_pdf_language(qtbot: QtBot) -> None:
    from euromed_desktop.ui.dialogs import SettingsDialog

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.pdf_languages.set_codes([])
    dialog.save()
    assert dialog.form.message_for("pdf-languages")
    assert Settings().pdf_languages == ["en"]


def test_decisions_are_added_and_edited_per_item(
    window: MainWindow,
    store: Store,
    meeting: Meeting,
    content: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QInputDialog

    window.show_page("minutes")
    window.minutes.tree.select(content["one_a"])
    answers = iter([("قرر الاجتماع إنشاء فريق عمل", True), ("Set up a working group", True)])
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: next(answers))
    window.minutes.add_decision()
    saved = queries.decisions(store, meeting.id)
    assert [(d.item_id, d.lang) for d in saved] == [(content["one_a"], "ar")]
    assert window.minutes.decisions.count() == 1
    window.minutes.edit_decision(window.minutes.decisions.item(0))
    assert queries.decisions(store, meeting.id)[0].text == "Set up a working group"
    window.minutes.tree.select(content["two_a"])
    assert window.minutes.decisions.count() == 0


def test_participants_added_and_deleted_elsewhere_update_single_rows(
    window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("participants")
    page = window.participants
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    added = participants.add(store, meeting.id, given_name="Omar", family_name="Aziz")
    assert page.proxy.rowCount() == 4
    assert page.proxy.index(0, 0).data() == "Omar Aziz"  # sorted in place by family name
    participants.delete(store, meeting.id, content["jan"])
    assert page.proxy.rowCount() == 3
    assert page.model.row_of(added.id) >= 0 and page.model.row_of(content["jan"]) == -1
    assert resets == []


def test_long_blocks_fit_their_text_at_any_window_width(qtbot: QtBot, store: Store) -> None:
    """Editors grow with their text; a narrow window once sent the layout into a loop that
    overflowed the stack."""
    ensure_demo_meeting(store)
    win = MainWindow(Workspace(store), Settings())
    qtbot.addWidget(win)
    win.select_meeting(DEMO_MEETING_ID, "minutes")
    win.show()  # at the size Qt picks for a new window
    win.resize(520, 420)
    QApplication.processEvents()
    editor = max(win.minutes.editors, key=lambda e: len(e.text.plain_text()))
    narrow = editor.text.height()
    win.resize(1600, 1000)
    QApplication.processEvents()
    wide = editor.text.height()
    assert narrow > wide  # fewer lines when wider, and the whole text shows in both
    for height in (narrow, wide):
        assert height >= editor.text.document().size().height()


def test_the_qt_binding_keeps_none_alive_across_event_overrides(qtbot: QtBot) -> None:
    """PySide6 6.12.0 dropped a reference to None on each call of a Python event override;
    on Python 3.11 the app then aborts after a few thousand resizes or paints."""

    class Resizing(QWidget):
        def resizeEvent(self, event: object) -> None:
            pass

    widget = Resizing()
    qtbot.addWidget(widget)
    widget.show()
    before = sys.getrefcount(None)
    for n in range(200):
        widget.resize(300 + n % 7, 200 + n % 5)
        QApplication.processEvents()
    assert sys.getrefcount(None) - before > -100


def test_action_points_follow_changes_row_by_row_and_keep_the_selection(
    window: MainWindow, store: Store, meeting: Meeting
) -> None:
    first = minutes.add_action(store, meeting.id, "Circulate the draft minutes", owner="Sara")
    second = minutes.add_action(store, meeting.id, "Book the venue for the next meeting")
    window.show_page("actions")
    page = window.actions_page
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    page.table.selectRow(1)
    third = minutes.add_action(store, meeting.id, "Send the participant list to the donors")
    assert [a.id for a in page.model.actions] == [first.id, second.id, third.id]
    minutes.update_action(store, meeting.id, first.id, status="done")
    assert page.model.index(0, ActionsModel.STATUS).data() == "Done"
    minutes.delete_action(store, meeting.id, first.id)
    assert [a.id for a in page.model.actions] == [second.id, third.id]
    assert page.table.currentIndex().data(ID_ROLE) == second.id  # the selected row stayed
    assert resets == []


def test_long_owners_wrap_and_the_action_keeps_the_widest_column(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting
) -> None:
    owner = "Trade union and NGO participants, coordinated by the implementing partner " * 2
    minutes.add_action(store, meeting.id, "Collect model employment contracts", owner=owner)
    window.resize(1280, 800)
    window.show_page("actions")
    table = window.actions_page.table
    qtbot.waitUntil(lambda: table.viewport().width() > 600)
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert widths[0] == max(widths) and widths[1] <= table.viewport().width() // 5
    assert table.rowHeight(0) > table.fontMetrics().height() * 2  # the owner wraps
    assert table.horizontalScrollBar().maximum() == 0


def test_a_renamed_participant_moves_to_its_new_place_and_stays_selected(
    window: MainWindow, store: Store, meeting: Meeting, content: dict[str, str]
) -> None:
    window.show_page("participants")
    page = window.participants
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)

    def names() -> list[str]:
        return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]

    assert names() == ["Jan Müller", "Sara Haddad", "Amira Ben Salah"]
    page.select(content["amira"])
    participants.update(store, meeting.id, content["amira"], family_name="Zayani")
    assert names() == ["Amira Zayani", "Jan Müller", "Sara Haddad"]
    assert page.current_id() == content["amira"]
    participants.add(store, meeting.id, given_name="Karim", family_name="Khoury")
    assert names() == ["Amira Zayani", "Jan Müller", "Karim Khoury", "Sara Haddad"]
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by country name
    countries = [page.proxy.index(r, 2).data() for r in range(4)]
    assert countries == ["", "Germany", "Jordan", "Tunisia"]


def test_everything_is_still_there_after_closing_and_reopening(
    qtbot: QtBot, db_path: Path, meeting: Meeting, content: dict[str, str]
) -> None:
    first = MainWindow(Workspace(Store(db_path)), Settings())
    qtbot.addWidget(first)
    first.select_meeting(meeting.id, "minutes")
    first.minutes.tree.select(content["one_a"])
    editor = first.minutes.editor_of(content["block"])
    assert editor is not None
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.text, ", colleagues")
    first.resize(700, 500)
    first.close()
    first.workspace.close()
    # The window's size is kept as Qt's own byte array in the INI file, readable by any Qt app.
    assert "geometry=@ByteArray(" in Path(os.environ["EUROMED_SETTINGS"]).read_text("utf-8")
    second = MainWindow(Workspace(Store(db_path)), Settings())
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
    assert second.settings.last_meeting == meeting.id
    second.select_meeting(second.settings.last_meeting, "minutes")
    second.minutes.tree.select(content["one_a"])
    reopened = second.minutes.editor_of(content["block"])
    assert reopened is not None and reopened.text.plain_text() == "Hello, colleagues"
    second.workspace.close()


def test_start_pauses_the_collector_and_resumes_it_once_the_window_is_built(
    qtbot: QtBot, db_path: Path, meeting: Meeting
) -> None:
    """The app's own start (``load_application``) pauses garbage collection; the first window
    freezes what start-up made and resumes it; a window built later lets those objects go."""
    import gc

    from euromed_desktop.app import load_application, parse_args

    app = load_application(parse_args(["--db", str(db_path), "--lang", "en"]))
    try:
        assert not gc.isenabled()
        window = app.open_first_window()
        assert window is not None
        qtbot.addWidget(window)
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert window.meeting is not None and window.meeting.id == meeting.id
        app.switch_database(str(db_path))
        assert app.window is not None and app.window is not window
        qtbot.addWidget(app.window)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()
        if app.workspace is not None:
            app.workspace.close()
