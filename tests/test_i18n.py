"""Translations: complete, consistent with the source, and actually shown in the window.

The strings are extracted from the source here (not taken from the committed template), so a
string added without a translation fails the suite in every language.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from euromed_desktop.demo import DEMO_MEETING_ID, ensure_demo_meeting
from euromed_desktop.i18n import current_language, ngettext, set_language, translator
from euromed_desktop.i18n.formats import country_name, format_date, format_number, language_name
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store
from euromed_desktop.ui.dialogs import MeetingDialog, ParticipantDialog, SettingsDialog
from euromed_desktop.ui.help import HelpDialog
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.participants_import import ParticipantsImportDialog
from euromed_desktop.ui.print_dialog import PrintDialog
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.snippets import SnippetsDialog
from euromed_desktop.ui.versions import VersionsDialog
from euromed_desktop.ui.welcome import WelcomeDialog
from euromed_desktop.ui.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = ("fr", "ar", "ka")
PLACEHOLDER = re.compile(r"\{(\w*)\}")
# Words that read the same in a translation (names of things, codes, units).
SAME_EVERYWHERE = {"PDF", "A4", "CSV", "EUROMED Desktop", "Qt", "OK", "hh:mm", "HH:MM"}


def source_messages() -> dict[str | tuple[str, str], str]:
    """Every translatable message in the package, with where it is."""
    keywords = {
        **DEFAULT_KEYWORDS,
        "N_": None,
        "ngettext": (1, 2),
        "labels": None,  # printed documents: the document's language
        "plural": (1, 2),
    }
    found: dict[str | tuple[str, str], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "euromed_desktop"), method_map=[("**.py", "python")], keywords=keywords
    ):
        key = message if isinstance(message, str) else (message[0], message[1])
        found.setdefault(key, f"{filename}:{lineno}")
    return found


def catalogue(lang: str) -> Catalog:
    path = ROOT / "i18n" / lang / "LC_MESSAGES" / "euromed_desktop.po"
    with path.open("rb") as po:
        return read_po(po, locale=lang)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang: str) -> None:
    entries = catalogue(lang)
    missing = []
    for key, where in source_messages().items():
        msgid = key if isinstance(key, str) else key[0]
        entry = entries.get(msgid)
        strings = () if entry is None else entry.string
        forms = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(forms):
            missing.append(f"{where}: {msgid}")
    assert missing == [], f"{len(missing)} messages untranslated in {lang}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_their_placeholders(lang: str) -> None:
    entries = catalogue(lang)
    problems = [f"{m.id}: {e}" for m, errors in entries.check() for e in errors]
    for message in entries:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            allowed = set(PLACEHOLDER.findall(message.id[0] + message.id[1]))
            for form in message.string:
                if not set(PLACEHOLDER.findall(form)) <= allowed:
                    problems.append(f"{message.id[0]}: {form}")
        elif set(PLACEHOLDER.findall(message.string)) != set(PLACEHOLDER.findall(message.id)):
            problems.append(f"{message.id}: {message.string}")
    assert problems == []


def test_arabic_has_six_plural_forms_that_follow_cldr() -> None:
    arabic = translator("ar")
    forms = {
        n: arabic.ngettext(
            "The database is healthy ({n} meeting checked).",
            "The database is healthy ({n} meetings checked).",
            n,
        )
        for n in (0, 1, 2, 3, 11, 100)
    }
    assert len(set(forms.values())) == 6
    assert Locale("ar").plural_form(11) == "many"


@pytest.mark.parametrize("lang", ("en", *TRANSLATED))
def test_dates_numbers_and_country_names_follow_the_language(lang: str) -> None:
    day = date(2026, 3, 10)
    previous = current_language()
    set_language(lang)
    try:
        assert format_date(day) == babel_format_date(day, format="medium", locale=lang)
        assert format_number(1234567) == format_decimal(1234567, locale=lang)
        assert country_name("TN") == Locale(lang).territories["TN"]
        if lang != "en":
            assert ngettext("{n} comment to send.", "{n} comments to send.", 2) != (
                "{n} comments to send."
            )
    finally:
        set_language(previous)


# -- what the window shows ----------------------------------------------------------------------


def shown_texts(root: QWidget) -> list[str]:
    """The texts a user reads in a window or dialog: menus, labels, buttons, tabs, hints."""
    texts = [action.text() for action in root.findChildren(QAction)]
    texts += [menu.title() for menu in root.findChildren(QMenu)]
    texts += [label.text() for label in root.findChildren(QLabel)]
    texts += [button.text() for button in root.findChildren(QAbstractButton)]
    texts += [line.placeholderText() for line in root.findChildren(QLineEdit)]
    for bar in root.findChildren(QTabBar):
        texts += [bar.tabText(i) for i in range(bar.count())]
    texts.append(root.windowTitle())
    return [t for t in texts if t]


def english_leftovers(texts: list[str], lang: str) -> list[str]:
    """Source messages shown in English although the catalogue translates them (a string
    made before the language was set, or not passed through the catalogue). Messages a
    translator kept as they are ("Participants" in French) are not leftovers; that every
    message is translated at all is the business of ``test_every_message_is_translated``."""
    sources = {k if isinstance(k, str) else k[0] for k in source_messages()}
    # Also what the catalogue knows: a string that lost its _() is no longer extracted.
    sources |= {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
    translated = translator(lang)
    return sorted(
        {
            t
            for t in texts
            if t in sources and t not in SAME_EVERYWHERE and translated.gettext(t) != t
        }
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_is_left_in_the_window_and_its_dialogs(
    qtbot: QtBot, store: Store, lang: str
) -> None:
    previous = current_language()
    set_language(lang)
    try:
        ensure_demo_meeting(store)
        window = MainWindow(Workspace(store), Settings())
        qtbot.addWidget(window)
        window.select_meeting(DEMO_MEETING_ID)
        window.show()
        texts = []
        for page in ("overview", "agenda", "participants", "minutes", "actions", "review"):
            window.show_page(page)
            QApplication.processEvents()
            texts += shown_texts(window)
        meeting = queries.meeting(store, DEMO_MEETING_ID)
        workspace = window.workspace
        dialogs: list[QWidget] = [
            MeetingDialog(workspace, meeting, window),
            ParticipantDialog(workspace, meeting, None, window),
            SettingsDialog(window.settings, window),
            PrintDialog(meeting, window.settings, window),
            ParticipantsImportDialog(store, meeting, window),
            VersionsDialog(workspace, window.settings, meeting.id, window),
            SnippetsDialog(window.settings, lang, window),
            WelcomeDialog(window.settings, window),
            HelpDialog(window, lang),
        ]
        for dialog in dialogs:
            texts += shown_texts(dialog)
        assert english_leftovers(texts, lang) == []
        assert len(texts) > 100  # the walk did see the window
    finally:
        set_language(previous)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "La date de fin"),
        ({"LC_ALL": "ar_TN.UTF-8"}, "تاريخ"),
        ({"EUROMED_LANG": "ka", "LANG": "fr_FR.UTF-8"}, "თარიღ"),
    ],
)
def test_the_command_line_speaks_the_users_language(
    tmp_path: Path, environment: dict[str, str], expected: str
) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("EUROMED_LANG", "LC_ALL", "LANG")}
    env.update(environment, EUROMED_DB=str(tmp_path / "cli.sqlite"))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "euromed_desktop.cli",
            "meetings",
            "create",
            "--title",
            "T",
            "--start",
            "2026-03-11",
            "--end",
            "2026-03-10",
            "--country",
            "TN",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert run.returncode == 2
    assert expected in run.stderr


def test_georgian_names_are_not_capitalised() -> None:
    """Georgian has no capitals in running text; str.upper() would give Mtavruli letters that
    fonts lack and readers do not expect."""
    assert language_name("en", "ka") == Locale("ka").languages["en"]
    assert language_name("en", "fr") == "Anglais"
