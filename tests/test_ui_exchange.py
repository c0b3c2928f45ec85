"""Exchanging bundles from the window: send to a colleague, import on the other laptop (from
the File menu or by dropping the file), encrypted files, and the summary of what came in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.i18n import set_language
from euromed_desktop.store import minutes, queries
from euromed_desktop.store.store import Store
from euromed_desktop.ui import exchange
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.workspace import Workspace


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    set_language("en")
    win = MainWindow(Workspace(Store(path)), Settings())
    qtbot.addWidget(win)
    win.show()
    return win


def finish(qtbot: QtBot, win: MainWindow) -> None:
    assert win.task is not None
    qtbot.waitUntil(lambda: win.task is not None and not win.task.running, timeout=60_000)


@pytest.fixture
def sent(
    qtbot: QtBot,
    store: Store,
    meeting: Meeting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """Amina's laptop writes the meeting, with a minutes block, to a bundle."""
    from euromed_desktop.store import agenda

    item = agenda.add(store, meeting.id, title="Opening")
    minutes.add_block(store, meeting.id, item.id, text="Welcome to Tunis", lang="en")
    monkeypatch.setenv("EUROMED_KEYS", str(tmp_path / "amina-keys"))
    win = open_window(qtbot, store.path)
    win.settings.rapporteur = "Amina Ben Salah"
    win.select_meeting(meeting.id)
    target = tmp_path / "for-bruno.euromed"
    monkeypatch.setattr(exchange, "choose_export_path", lambda *a: target)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    win.export_bundle("sync")
    finish(qtbot, win)
    assert target.exists() and "Bundle written" in win.statusBar().currentMessage()
    monkeypatch.setenv("EUROMED_KEYS", str(tmp_path / "bruno-keys"))  # now on Bruno's laptop
    return target


def test_a_colleague_imports_the_bundle_and_sees_what_came_in(
    qtbot: QtBot, sent: Path, meeting: Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bruno = open_window(qtbot, tmp_path / "bruno.sqlite")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    bruno.import_bundle(sent)
    finish(qtbot, bruno)
    qtbot.waitUntil(lambda: bruno.meeting_model.rowCount() == 1)
    assert "Amina Ben Salah" in shown[0] and "New meeting" in shown[0]
    assert "fingerprint" in shown[0]  # the first file from this device
    blocks = queries.blocks(bruno.workspace.store, meeting.id)
    assert [b.text for b in blocks] == ["Welcome to Tunis"]
    bruno.import_bundle(sent)  # again: nothing changes
    finish(qtbot, bruno)
    assert "nothing new" in shown[1]


def test_a_bundle_dropped_onto_the_window_is_imported(
    qtbot: QtBot, sent: Path, meeting: Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bruno = open_window(qtbot, tmp_path / "bruno.sqlite")
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(sent))])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    bruno.dropEvent(drop)
    finish(qtbot, bruno)
    assert queries.meeting(bruno.workspace.store, meeting.id).title["en"]


def test_an_encrypted_bundle_asks_for_its_passphrase(
    qtbot: QtBot,
    store: Store,
    meeting: Meeting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    amina = open_window(qtbot, store.path)
    amina.select_meeting(meeting.id)
    target = tmp_path / "secret.euromed"
    monkeypatch.setattr(exchange, "choose_export_path", lambda *a: target)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    typed = iter([("correct horse", True), ("correct horse", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(typed))
    amina.export_bundle("sync")
    finish(qtbot, amina)
    assert target.exists()

    bruno = open_window(qtbot, tmp_path / "bruno.sqlite")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    asked: list[bool] = []

    def answer(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(True)
        return ("correct horse", True)

    monkeypatch.setattr(QInputDialog, "getText", answer)
    bruno.import_bundle(target)
    qtbot.waitUntil(lambda: shown != [], timeout=60_000)
    assert asked == [True] and "Legal migration pathways" in shown[0]


def test_suggested_names_are_portable(meeting: Meeting) -> None:
    from datetime import date

    name = exchange.suggested_name(meeting, "review", date(2026, 3, 12))
    assert name == "Legal-migration-pathways-review-2026-03-12.euromed"


def test_the_review_loop_from_window_to_window(
    qtbot: QtBot,
    store: Store,
    meeting: Meeting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Amina sends a review copy; Chiara opens it read-only, comments on a block and sends the
    comments back; Amina imports them and sees them by block."""
    from euromed_desktop.store import agenda

    item = agenda.add(store, meeting.id, title="Opening")
    block = minutes.add_block(store, meeting.id, item.id, text="Welcome to Tunis", lang="en")
    monkeypatch.setenv("EUROMED_KEYS", str(tmp_path / "amina-keys"))
    amina = open_window(qtbot, store.path)
    amina.select_meeting(meeting.id)
    review = tmp_path / "review.euromed"
    monkeypatch.setattr(exchange, "choose_export_path", lambda *a: review)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    amina.export_bundle("review")
    finish(qtbot, amina)

    monkeypatch.setenv("EUROMED_KEYS", str(tmp_path / "chiara-keys"))
    chiara = open_window(qtbot, tmp_path / "chiara" / "own.sqlite")
    chiara.settings.rapporteur = "Chiara Rossi"
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    chiara.import_bundle(review)  # a review copy is opened for review, never merged
    finish(qtbot, chiara)
    qtbot.waitUntil(lambda: chiara.review_window is not None)
    window = chiara.review_window
    assert window is not None and queries.meetings(chiara.workspace.store) == []
    assert window.blocks.count() == 1 and "Welcome to Tunis" in window.blocks.item(0).text()
    window.editor.setPlainText("Please name the minister who opened the meeting.")
    window.add_comment()
    assert window.comments.count() == 1 and window.send_button.isEnabled()
    comments = tmp_path / "comments.euromed"
    monkeypatch.setattr(exchange, "choose_export_path", lambda *a: comments)
    window.send_comments()
    assert comments.exists()

    monkeypatch.setenv("EUROMED_KEYS", str(tmp_path / "amina-keys"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    amina.import_bundle(comments)
    finish(qtbot, amina)
    assert "1 new comment" in shown[-1]
    received = queries.comments(amina.workspace.store, meeting.id, block.id)
    assert [(c.author, c.text) for c in received] == [
        ("Chiara Rossi", "Please name the minister who opened the meeting.")
    ]
