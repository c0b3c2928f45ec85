"""Snippets: shipped in four languages with known placeholders only, filled from the
meeting (Chatham House too), inserted at the cursor as one range edit, in Arabic blocks
right to left; the user's own snippets are kept in the settings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from euromed_desktop import snippets
from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.i18n import LANGUAGES, set_language
from euromed_desktop.store import agenda, meetings, minutes, participants, queries
from euromed_desktop.store.store import Store
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.snippets import SnippetPicker, SnippetsDialog, insert_snippet
from euromed_desktop.ui.workspace import Workspace


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def scene(store: Store, meeting: Meeting) -> dict[str, str]:
    item = agenda.add(
        store, meeting.id, title={"en": "Skills partnerships", "ar": "شراكات المهارات"}
    )
    speaker = participants.add(
        store, meeting.id, given_name="Sara", family_name="Haddad", country="JO"
    )
    block = minutes.add_block(
        store, meeting.id, item.id, text="شكراً.", lang="ar", speaker_id=speaker.id
    )
    return {"item": item.id, "speaker": speaker.id, "block": block.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_ships_snippets_with_known_placeholders(lang: str) -> None:
    shipped = snippets.defaults(lang)
    assert len(shipped) >= 8
    assert len({s.id for s in shipped}) == len(shipped)
    for snippet in shipped:
        snippets.validate(snippet)
        assert snippet.lang == lang and snippet.builtin
        names = set(snippets._FIELD.findall(snippet.text))
        assert names <= set(snippets.PLACEHOLDERS), (lang, snippet.text)
    assert any("{speaker}" in s.text for s in shipped)
    assert any("{time}" in s.text for s in shipped)
    assert snippets.defaults("fr-BE") == snippets.defaults("fr")


def test_fill_from_the_meeting_and_chatham_house(store: Store, scene: dict[str, str]) -> None:
    meeting = queries.meetings(store)[0]
    item = queries.agenda(store, meeting.id)[0]
    person = queries.participants(store, meeting.id)[0]
    values = snippets.context(
        meeting, "ar", item=item, speaker=person, now=datetime(2026, 3, 10, 9, 5)
    )
    text = snippets.fill("قدّم {speaker} البند «{item}» في {time}، المجموعة {n}.", values)
    assert text == "قدّم Sara Haddad البند «شراكات المهارات» في 09:05، المجموعة ….", text
    meetings.update(store, meeting.id, confidentiality="chatham_house")
    hidden = queries.meeting(store, meeting.id)
    values = snippets.context(hidden, "en", item=item, speaker=person)
    assert values["speaker"] == "Jordan" and values["item"] == "Skills partnerships"
    assert snippets.fill("{speaker} spoke. {unknown}", values) == "Jordan spoke. …"


def test_user_snippets_come_first_and_bad_ones_are_refused(settings: Settings) -> None:
    own = snippets.Snippet("u1", "ar", "ترحيب", "رحّب {speaker} بالحضور.")
    settings.snippets = [own]
    assert Settings(settings.qsettings).snippets == [own]
    assert snippets.for_language("ar", settings.snippets)[0] == own
    assert own not in snippets.for_language("en", settings.snippets)
    with pytest.raises(ValidationError):
        snippets.validate(snippets.Snippet("x", "en", "", "text {oops"))
    settings.qsettings.setValue("user/snippets", "not json")
    assert settings.snippets == []
    assert snippets.from_records([{"id": 1}, "x", {"id": "a", "lang": "en", "name": "n"}]) == []


@pytest.fixture
def window(
    qtbot: QtBot, store: Store, meeting: Meeting, scene: dict[str, str], settings: Settings
) -> Iterator[MainWindow]:
    set_language("en")
    win = MainWindow(Workspace(store), settings)
    qtbot.addWidget(win)
    win.select_meeting(meeting.id)
    win.show()
    yield win


def test_snippet_inserted_at_the_cursor_of_an_arabic_block(
    qtbot: QtBot, window: MainWindow, store: Store, meeting: Meeting, scene: dict[str, str]
) -> None:
    window.show_page("minutes")
    window.minutes.tree.select(scene["item"])
    editor = window.minutes.editor_of(scene["block"])
    assert editor is not None
    window.minutes.set_current(editor)
    cursor = editor.text.textCursor()
    cursor.setPosition(0)
    editor.text.setTextCursor(cursor)
    chosen = next(s for s in snippets.defaults("ar") if s.id.endswith(":present"))
    inserted = insert_snippet(window.minutes, chosen)
    assert inserted == "قدّم Sara Haddad أبرز النقاط المتعلقة بالبند «شراكات المهارات»."
    expected = inserted + "شكراً."
    assert next(b.text for b in queries.blocks(store, meeting.id)) == expected
    assert editor.text.plain_text() == expected
    assert editor.text.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # One range edit: undo takes the whole snippet back.
    window.undo_action.trigger()
    assert next(b.text for b in queries.blocks(store, meeting.id)) == "شكراً."
    assert window.snippet_action.isEnabled()


def test_picker_filters_and_returns_the_choice(qtbot: QtBot) -> None:
    picker = SnippetPicker(snippets.defaults("ka"))
    qtbot.addWidget(picker)
    picker.filter.setText("დახურვა")
    visible = [
        picker.list.item(r).data(Qt.ItemDataRole.UserRole + 1)
        for r in range(picker.list.count())
        if not picker.list.item(r).isHidden()
    ]
    assert [s.id for s in visible] == ["builtin:ka:close"]
    picker.accept_current()
    assert picker.chosen is not None and picker.chosen.id == "builtin:ka:close"


def test_editor_dialog_saves_and_deletes_own_snippets(qtbot: QtBot, settings: Settings) -> None:
    dialog = SnippetsDialog(settings, "fr")
    qtbot.addWidget(dialog)
    shipped = dialog.list.count()
    dialog.name.setText("Remerciements")
    dialog.text.setPlainText("La présidence remercie {speaker}.")
    saved = dialog.save_snippet()
    assert saved is not None and saved.lang == "fr"
    assert settings.snippets == [saved] and dialog.list.count() == shipped + 1
    dialog.name.setText("")
    assert dialog.save_snippet() is None and dialog.error.text()
    dialog.list.setCurrentRow(0)
    assert dialog.editing == saved
    dialog.delete_snippet()
    assert settings.snippets == [] and dialog.list.count() == shipped
