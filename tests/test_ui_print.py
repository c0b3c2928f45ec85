"""Printing from the window: Ctrl+P, the dialog's choices, a PDF rendered off the UI thread."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from euromed_desktop.demo import DEMO_MEETING_ID, ensure_demo_meeting
from euromed_desktop.i18n import set_language
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.print_dialog import PrintDialog, PrintRequest, default_file_name
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.worker import Cancelled
from euromed_desktop.ui.workspace import Workspace


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> MainWindow:
    set_language("en")
    ensure_demo_meeting(store)
    win = MainWindow(Workspace(store), Settings())
    qtbot.addWidget(win)
    win.select_meeting(DEMO_MEETING_ID, "minutes")
    win.show()
    return win


def pdf_text(path: Path) -> str:
    run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return run.stdout.decode("utf-8")


def test_the_dialog_offers_the_options_of_the_chosen_document(
    window: MainWindow, tmp_path: Path
) -> None:
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    window.settings.pdf_folder = str(tmp_path)
    assert window.meeting is not None
    dialog = PrintDialog(window.meeting, window.settings, window)
    dialog.kind.set_code("participants")
    assert dialog.group_by.isVisibleTo(dialog) and not dialog.second.isVisibleTo(dialog)
    assert dialog.path.text().endswith("-participants-en.pdf")
    assert Path(dialog.path.text()).parent == tmp_path
    dialog.kind.set_code("minutes")
    dialog.lang.set_code("ar")
    dialog.second.set_code("en")
    assert dialog.second.isVisibleTo(dialog) and not dialog.group_by.isVisibleTo(dialog)
    assert dialog.path.text().endswith("-minutes-ar-en.pdf")
    dialog.path.setText(str(tmp_path / "missing" / "x.pdf"))
    dialog._accept()
    assert dialog.request is None and "does not exist" in dialog.form.fields["path"][1].text()
    dialog.path.setText(str(tmp_path / "minutes"))
    dialog._accept()
    assert dialog.request == PrintRequest(
        kind="minutes",
        lang="ar",
        path=tmp_path / "minutes.pdf",
        paper="a4",
        second_lang="en",
        open_when_done=True,
    )
    assert window.settings.pdf_languages == ["ar", "en"]


def test_minutes_are_printed_off_the_ui_thread(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "minutes-fr.pdf"
    request = PrintRequest(kind="minutes", lang="fr", path=target, open_when_done=False)
    window.render_pdf(request)
    assert window.task is not None
    with qtbot.waitSignal(window.task.done, timeout=120_000):
        pass
    assert "PDF written" in window.statusBar().currentMessage()
    text = pdf_text(target)
    meeting = queries.meeting(store, DEMO_MEETING_ID)
    assert meeting.title["fr"].split()[0] in text


def test_cancelling_a_pdf_leaves_no_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "badges.pdf"
    window.render_pdf(PrintRequest(kind="badges", lang="en", path=target, open_when_done=False))
    assert window.task is not None
    window.task.cancel()
    with qtbot.waitSignal(window.task.error, timeout=120_000) as blocker:
        pass
    assert isinstance(blocker.args[0], Cancelled)
    assert not target.exists() and list(tmp_path.glob("*.pdf")) == []


def test_file_names_are_portable(window: MainWindow) -> None:
    assert window.meeting is not None
    name = default_file_name(window.meeting, "agenda", "ka", None)
    assert name.endswith("-agenda-ka.pdf") and "/" not in name and " " not in name
