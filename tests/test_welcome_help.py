"""First run (the welcome) and the user guide (F1)."""

from __future__ import annotations

from argparse import Namespace
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from euromed_desktop.demo import DEMO_MEETING_ID
from euromed_desktop.i18n import LANGUAGES
from euromed_desktop.resources import resource
from euromed_desktop.store import queries
from euromed_desktop.ui.application import Application
from euromed_desktop.ui.help import HelpDialog, guide_path
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.welcome import DEMO, LATER, NEW, WelcomeDialog


@pytest.fixture
def application(db_path: Path) -> Iterator[Callable[..., Application]]:
    made: list[Application] = []

    def make(lang: str = "en", demo: bool = False) -> Application:
        args = Namespace(db=db_path, demo=demo, lang=lang, screenshot=None, page=None, size="")
        app = Application(args)
        made.append(app)
        assert app.open_store(db_path)
        return app

    yield make
    for app in made:
        app.apply_language("en")
        if app.window is not None:
            app.window.close()
        if app.workspace is not None:
            app.workspace.close()


def answer_welcome(action: Callable[[WelcomeDialog], None]) -> list[WelcomeDialog]:
    """Act on the welcome once it is up (it runs its own event loop, as it does for a user)."""
    seen: list[WelcomeDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, WelcomeDialog):
            seen.append(dialog)
            action(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_first_run_welcome_opens_the_demo_and_keeps_the_name(
    qtbot: QtBot, application: Callable[..., Application]
) -> None:
    app = application()

    def choose_demo(dialog: WelcomeDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Amina Benali")
        dialog.demo_button.click()

    seen = answer_welcome(choose_demo)
    meeting_id = app.first_meeting()
    assert len(seen) == 1 and seen[0].choice == DEMO
    assert meeting_id == DEMO_MEETING_ID
    assert Settings().rapporteur == "Amina Benali"
    assert Settings().first_run_done
    window = app.show_window(meeting_id, None)
    qtbot.addWidget(window)
    assert window.meeting is not None and window.meeting.id == DEMO_MEETING_ID


def test_welcome_comes_once_and_a_new_meeting_is_offered(
    qtbot: QtBot, application: Callable[..., Application]
) -> None:
    app = application()
    seen = answer_welcome(lambda dialog: dialog.new_button.click())
    assert app.first_meeting() is None
    assert seen[0].choice == NEW and app.create_meeting_at_start
    assert Settings().rapporteur == ""  # nothing typed, nothing stored
    assert app.workspace is not None and queries.meetings(app.workspace.store) == []
    # A second start asks no more.
    again = application()
    assert again.first_meeting() is None and not again.create_meeting_at_start


def test_welcome_closed_with_escape_still_keeps_the_name(qtbot: QtBot) -> None:
    settings = Settings()
    dialog = WelcomeDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText(" Leila Haddad ")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.choice == LATER
    assert Settings().rapporteur == "Leila Haddad"


def test_no_welcome_when_meetings_exist(
    qtbot: QtBot, application: Callable[..., Application], meeting: object
) -> None:
    app = application()
    assert app.first_meeting() is not None
    assert not Settings().first_run_done


def test_a_guide_in_every_language() -> None:
    for lang in LANGUAGES:
        page = resource("help", lang, "index.html")
        text = page.read_text("utf-8")
        assert f'lang="{lang}"' in text
        for anchor in ("start", "minutes", "printing", "exchange", "review", "keys"):
            assert f'id="{anchor}"' in text, (lang, anchor)
    assert 'dir="rtl"' in resource("help", "ar", "index.html").read_text("utf-8")
    assert guide_path("xx") == resource("help", "en", "index.html")


def press_f1(window: MainWindow) -> None:
    """F1 is bound to the guide's action in the Help menu; the action is triggered, as key
    events reach window shortcuts only in an active window, which headless runs lack."""
    assert QKeySequence("F1") in window.help_action.shortcuts()
    assert window.help_action in window.menus[-1].actions()  # the Help menu
    window.help_action.trigger()


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "User guide"),
        ("fr", "Guide de l’utilisateur"),
        ("ar", "دليل المستخدم"),
        ("ka", "მომხმარებლის სახელმძღვანელო"),
    ],
)
def test_f1_opens_the_guide_in_the_interface_language(
    qtbot: QtBot, application: Callable[..., Application], lang: str, heading: str
) -> None:
    app = application(lang=lang, demo=True)
    window = app.show_window(app.first_meeting(), None)
    qtbot.addWidget(window)
    window.show()
    press_f1(window)
    dialog = window.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    source = Path(dialog.browser.source().toLocalFile())
    assert source == resource("help", lang, "index.html")
    assert heading in dialog.browser.toPlainText()
    rtl = lang == "ar"
    assert (dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft) == rtl
    block = dialog.browser.document().firstBlock()
    assert block.text().strip()
    assert (block.textDirection() == Qt.LayoutDirection.RightToLeft) == rtl
    # F1 again brings the same window forward rather than opening another.
    press_f1(window)
    assert window.findChildren(HelpDialog) == [dialog]
