"""The versions dialog: take, compare side by side with the changed words marked (Arabic
too), restore as an undoable edit; approval from the dialog; the window says when an edit
reopens approved minutes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.i18n import set_language
from euromed_desktop.store import agenda, minutes, queries, versions
from euromed_desktop.store.store import Store
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.versions import VersionsDialog, side_by_side_html
from euromed_desktop.ui.workspace import Workspace

ARABIC = "أكد الوفد على أهمية الشراكات في مجال المهارات."
ARABIC_EDITED = "أكد الوفد المغربي على أهمية الشراكات في مجال التنقل."


@pytest.fixture(autouse=True)
def _answer_questions_yes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    from PySide6.QtCore import QSettings

    chosen = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    chosen.rapporteur = "Amina Belkacem"
    return chosen


@pytest.fixture
def blocks(store: Store, meeting: Meeting) -> dict[str, str]:
    item = agenda.add(store, meeting.id, title="Skills partnerships")
    en = minutes.add_block(store, meeting.id, item.id, text="Tunisia presented its programme.")
    ar = minutes.add_block(store, meeting.id, item.id, text=ARABIC, lang="ar")
    return {"en": en.id, "ar": ar.id}


def test_compare_and_restore_in_the_dialog(
    qtbot: QtBot, store: Store, meeting: Meeting, blocks: dict[str, str], settings: Settings
) -> None:
    set_language("en")
    workspace = Workspace(store)
    dialog = VersionsDialog(workspace, settings, meeting.id, None)
    qtbot.addWidget(dialog)
    first = dialog.take_version("Before the break")
    assert first is not None and first.author == "Amina Belkacem"
    minutes.set_text(store, meeting.id, blocks["ar"], ARABIC_EDITED)
    minutes.set_text(store, meeting.id, blocks["en"], "Tunisia presented its new programme.")
    dialog.reload()
    assert dialog.table.rowCount() == 1
    dialog.select(first.number)
    assert dialog.compare_now_button.isEnabled() and not dialog.compare_two_button.isEnabled()
    changes = dialog.compare_selected()
    assert [c.record_id for c in changes] == [blocks["en"], blocks["ar"]]
    shown = dialog.compare.toPlainText()
    assert "Skills partnerships" in shown and "المغربي" in shown and "new" in shown
    page = dialog.compare.toHtml()
    assert 'dir="rtl"' in side_by_side_html(changes, "a", "b")
    assert "line-through" in page or "#ffd5d2" in page
    dialog.resize(1000, 600)
    dialog.show()
    shot = os.environ.get("EUROMED_SCREENSHOTS")
    if shot:
        dialog.grab().save(str(Path(shot) / "versions-compare-en.png"))

    second = dialog.take_version("After")
    assert second is not None
    dialog.select(first.number, second.number)
    assert dialog.compare_two_button.isEnabled()
    assert len(dialog.compare_selected()) == 2

    dialog.select(first.number)
    assert dialog.restore_selected() == 2
    assert {b.id: b.text for b in queries.blocks(store, meeting.id)}[blocks["ar"]] == ARABIC
    assert "Restored" in dialog.compare_title.text()
    store.undo(meeting.id)
    assert {b.id: b.text for b in queries.blocks(store, meeting.id)}[blocks["ar"]] == ARABIC_EDITED


def test_approval_in_the_dialog_and_the_window_says_when_an_edit_reopens(
    qtbot: QtBot, store: Store, meeting: Meeting, blocks: dict[str, str], settings: Settings
) -> None:
    set_language("en")
    window = MainWindow(Workspace(store), settings)
    qtbot.addWidget(window)
    window.select_meeting(meeting.id)
    window.show()
    dialog = VersionsDialog(window.workspace, settings, meeting.id, window)
    qtbot.addWidget(dialog)
    assert not dialog.approve_button.isEnabled()
    dialog.set_status("in_review")
    assert dialog.approve_button.isEnabled() and not dialog.review_button.isEnabled()
    approval = dialog.approve("Karim Haddad")
    assert approval is not None and approval.approved
    assert "Karim Haddad" in dialog.status.text()
    assert [v.approved for v in dialog.versions] == [True, False]
    qtbot.waitUntil(lambda: window.meeting is not None and window.meeting.status == "approved")

    minutes.insert_text_at(store, meeting.id, blocks["en"], 0, "Today ")
    qtbot.waitUntil(lambda: window.meeting is not None and window.meeting.status != "approved")
    assert queries.meeting(store, meeting.id).status == "minutes_draft"
    assert "new draft" in window.statusBar().currentMessage()
    assert versions.approved(store, meeting.id) == approval


def test_arabic_compare_view(
    qtbot: QtBot, store: Store, meeting: Meeting, blocks: dict[str, str], settings: Settings
) -> None:
    from euromed_desktop.ui.application import Application

    app = Application.__new__(Application)
    app.qt = QApplication.instance()
    app.translator = None
    try:
        app.apply_language("ar")
        dialog = VersionsDialog(Workspace(store), settings, meeting.id, None)
        qtbot.addWidget(dialog)
        dialog.take_version("")
        minutes.set_text(store, meeting.id, blocks["ar"], ARABIC_EDITED)
        dialog.reload()
        dialog.select(1)
        assert [v.number for v in dialog.selected()] == [1], dialog.versions
        changes = dialog.compare_selected()
        assert [c.record_id for c in changes] == [blocks["ar"]]
        assert dialog.layoutDirection().name == "RightToLeft"
        dialog.resize(1000, 600)
        dialog.show()
        shot = os.environ.get("EUROMED_SCREENSHOTS")
        if shot:
            dialog.grab().save(str(Path(shot) / "versions-compare-ar.png"))
    finally:
        app.apply_language("en")


def test_print_dialog_offers_final_minutes_and_certificates(
    qtbot: QtBot, store: Store, meeting: Meeting, settings: Settings, tmp_path: Path
) -> None:
    from euromed_desktop.ui.print_dialog import PrintDialog

    set_language("en")
    settings.pdf_folder = str(tmp_path)
    dialog = PrintDialog(meeting, settings, None)
    qtbot.addWidget(dialog)
    dialog.kind.set_code("minutes_final")
    dialog._accept()
    assert dialog.request is not None
    assert dialog.request.kind == "minutes" and dialog.request.options == {"final": True}
    dialog.kind.set_code("certificates")
    assert dialog.person_language.isVisibleTo(dialog) and dialog.person_language.isChecked()
    dialog._accept()
    assert dialog.request.kind == "certificates"
    assert dialog.request.options == {"person_language": True}  # as each person reads best
    dialog.person_language.setChecked(False)
    dialog._accept()
    assert dialog.request.options == {}
    dialog.kind.set_code("minutes")
    assert not dialog.person_language.isVisibleTo(dialog)
