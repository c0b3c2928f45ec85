"""The File menu's registration import and list, calendar and action exports, driven as an
organiser would: choose a file, correct the mapping, read the problems, import or cancel."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import icalendar
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.i18n import set_language
from euromed_desktop.store import agenda, minutes, participants, queries
from euromed_desktop.store.store import Store
from euromed_desktop.ui import participants_import as files_ui
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.workspace import Workspace
from tests.conftest import dump

SHEET = (
    "Prénom;Nom;Courriel;Pays;Organisme\n"
    "Leila;Haddad;l.haddad@example.jo;Jordanie;Ministère du Travail\n"
    "بشرى;العلمي;b.alami@example.ma;المغرب;وزارة الداخلية\n"
    "ნინო;ბერიძე;nino@example;საქართველო;IOM\n"
    "Jean;Dupont;jean@example.fr;Atlantide;OFII\n"
)


@pytest.fixture
def win(qtbot: QtBot, store: Store, meeting: Meeting) -> MainWindow:
    set_language("en")
    window = MainWindow(Workspace(store), Settings())
    qtbot.addWidget(window)
    window.show()
    window.select_meeting(meeting.id)
    return window


def finish(qtbot: QtBot, win: MainWindow) -> None:
    assert win.task is not None
    qtbot.waitUntil(lambda: win.task is not None and not win.task.running, timeout=30_000)


def ready(qtbot: QtBot, dialog: files_ui.ParticipantsImportDialog) -> None:
    """Wait until the dialog has read the file and checked its rows (on its worker)."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


def sheet(tmp_path: Path, text: str = SHEET, encoding: str = "cp1252") -> Path:
    path = tmp_path / "inscriptions.csv"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        path.write_bytes(text.encode("utf-8"))
    return path


def test_file_menu_offers_the_imports_and_exports(win: MainWindow) -> None:
    file_menu = win.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    for action in (
        win.import_participants_action,
        win.export_participants_action,
        win.export_calendar_action,
        win.export_actions_action,
    ):
        assert action.text() in texts
        assert action.isEnabled()


def test_dialog_guesses_the_mapping_and_highlights_problem_rows(
    qtbot: QtBot, store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    participants.add(store, meeting.id, family_name="Haddad", email="l.haddad@example.jo")
    dialog = files_ui.ParticipantsImportDialog(store, meeting)
    qtbot.addWidget(dialog)
    dialog.load(sheet(tmp_path, SHEET.replace("ნინო;ბერიძე", "Nino;Beridze")))
    ready(qtbot, dialog)
    assert dialog.mapping() == ["given_name", "family_name", "email", "country", "organisation"]
    assert "UTF-8, separated by “;”" in dialog.file_info.text()
    table = dialog.preview_table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(rows) == {"2", "3", "4", "5"}
    nino = rows["4"]
    assert table.item(nino, 1).text() == "Problem"
    assert "not a valid e-mail address" in table.item(nino, 6).text()
    assert table.item(nino, 2).background().color().name() == "#fde2e1"
    assert table.item(rows["2"], 1).text() == "Update"
    assert table.item(rows["3"], 4).text() == "Morocco"
    assert "1 new participant; 1 to update; 2 rows with problems" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.skip_box.setChecked(True)
    assert dialog.import_button.isEnabled()
    # Taking the country column out removes the unknown-country problem; a field chosen for
    # a second column leaves the first.
    dialog.set_field(3, None)
    ready(qtbot, dialog)
    assert "1 row with problems" in dialog.summary.text()
    dialog.set_field(4, "family_name")
    assert dialog.mapping() == ["given_name", None, "email", None, "family_name"]
    ready(qtbot, dialog)
    assert {dialog.preview_table.item(r, 2).text() for r in range(4)} >= {
        "Leila Ministère du Travail",
        "بشرى وزارة الداخلية",
    }


def test_unreadable_file_is_explained_in_the_dialog(
    qtbot: QtBot, store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    junk = tmp_path / "photo.xlsx"
    junk.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    dialog = files_ui.ParticipantsImportDialog(store, meeting)
    qtbot.addWidget(dialog)
    dialog.load(junk)
    ready(qtbot, dialog)
    assert "not a readable XLSX workbook" in dialog.file_info.text()
    assert not dialog.import_button.isEnabled() and dialog.mapping_table.rowCount() == 0


def test_a_long_list_is_read_and_checked_without_holding_the_window(
    qtbot: QtBot, store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    rows = "".join(f"Given{n};Family{n};p{n}@example.org;TN;Org\n" for n in range(6000))
    path = sheet(tmp_path, "Prénom;Nom;Courriel;Pays;Organisme\n" + rows, "utf-8")
    dialog = files_ui.ParticipantsImportDialog(store, meeting)
    qtbot.addWidget(dialog)
    dialog.load(path)
    # load() returns at once: the window keeps handling events while a worker reads.
    assert dialog.busy and dialog.progress.isVisibleTo(dialog)
    assert not dialog.import_button.isEnabled()
    # Mapping changes made while rows are being checked restart the check; the last wins.
    ready(qtbot, dialog)
    dialog.set_field(4, None)
    dialog.set_field(3, None)
    assert dialog.busy
    ready(qtbot, dialog)
    assert dialog.mapping() == ["given_name", "family_name", "email", None, None]
    assert dialog.preview is not None and len(dialog.preview.rows) == 6000
    assert all("organisation" not in r.values for r in dialog.preview.rows)
    assert not dialog.progress.isVisibleTo(dialog) and dialog.import_button.isEnabled()


def test_closing_the_dialog_while_reading_stops_the_work(
    qtbot: QtBot, store: Store, meeting: Meeting, db_path: Path, tmp_path: Path
) -> None:
    rows = "".join(f"Given{n};Family{n};p{n}@example.org;TN;Org\n" for n in range(6000))
    path = sheet(tmp_path, "Prénom;Nom;Courriel;Pays;Organisme\n" + rows, "utf-8")
    before = dump(db_path)
    dialog = files_ui.ParticipantsImportDialog(store, meeting)
    qtbot.addWidget(dialog)
    dialog.load(path)
    dialog.reject()
    assert not dialog.busy and dialog.preview is None
    qtbot.wait(50)  # a late signal from the stopped worker changes nothing
    assert dialog.preview is None and dump(db_path) == before


def test_import_from_the_file_menu_runs_in_the_background(
    qtbot: QtBot,
    win: MainWindow,
    store: Store,
    meeting: Meeting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = sheet(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def accept_leaving_out_problems(dialog: files_ui.ParticipantsImportDialog) -> int:
        assert not dialog.import_button.isEnabled()  # the file is still being read
        ready(qtbot, dialog)
        dialog.skip_box.setChecked(True)
        assert dialog.import_button.isEnabled()
        return 1

    monkeypatch.setattr(files_ui.ParticipantsImportDialog, "exec", accept_leaving_out_problems)
    win.import_participants_action.trigger()
    finish(qtbot, win)
    assert win.statusBar().currentMessage() == (
        "2 participants added and 2 rows with problems left out"
    )
    names = sorted(p.family_name for p in queries.participants(store, meeting.id))
    assert names == ["Haddad", "العلمي"]
    win.show_page("participants")
    qtbot.waitUntil(lambda: win.participants.model.rowCount() == 2)


def test_cancelled_import_writes_nothing(
    qtbot: QtBot,
    win: MainWindow,
    store: Store,
    meeting: Meeting,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = "".join(f"Given{n};Family{n};p{n}@example.org;TN;Org\n" for n in range(3000))
    path = sheet(tmp_path, "Prénom;Nom;Courriel;Pays;Organisme\n" + rows, "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(
        files_ui.ParticipantsImportDialog, "exec", lambda self: ready(qtbot, self) or 1
    )
    before = dump(db_path)
    original = files_ui.import_task

    def cancelled_at_once(*args: object) -> object:
        task = original(*args)  # type: ignore[arg-type]

        def run(progress: files_ui.Progress) -> object:
            assert win.task is not None
            win.task.cancel()  # the user presses Cancel as soon as the work starts
            return task(progress)

        return run

    monkeypatch.setattr(files_ui, "import_task", cancelled_at_once)
    win.import_participants()
    finish(qtbot, win)
    assert "Cancelled; nothing was changed." in win.statusBar().currentMessage()
    assert dump(db_path) == before
    assert queries.participants(store, meeting.id) == []


def test_exports_from_the_file_menu(
    qtbot: QtBot,
    win: MainWindow,
    store: Store,
    meeting: Meeting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    participants.add(
        store, meeting.id, family_name="Haddad", email="l@example.jo", consent_contact=False
    )
    agenda.add(
        store,
        meeting.id,
        title="Opening",
        start=datetime(2026, 3, 10, 9),
        end=datetime(2026, 3, 10, 9, 30),
    )
    minutes.add_action(store, meeting.id, "Send the slides", owner="ICMPD")
    chosen: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / chosen[-1]), "")
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)

    chosen.append("shared-list")  # no extension typed: the workbook default is added
    win.export_participants_action.trigger()
    finish(qtbot, win)
    book = load_workbook(tmp_path / "shared-list.xlsx").active
    assert book["C2"].value == "Haddad" and book["K2"].value is None  # no consent, no e-mail
    assert win.statusBar().currentMessage().startswith("1 participant written to ")
    assert win.statusBar().currentMessage().endswith("shared-list.xlsx")

    chosen.append("agenda.ics")
    win.export_calendar_action.trigger()
    finish(qtbot, win)
    parsed = icalendar.Calendar.from_ical((tmp_path / "agenda.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == ["Opening"]
    assert win.statusBar().currentMessage().startswith("1 event written to ")

    chosen.append("actions.csv")
    win.export_actions_action.trigger()
    finish(qtbot, win)
    assert "Send the slides,ICMPD" in (tmp_path / "actions.csv").read_text("utf-8-sig")


def test_dialog_in_arabic_is_right_to_left(
    qtbot: QtBot, store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    set_language("ar")
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        dialog = files_ui.ParticipantsImportDialog(store, meeting)
        qtbot.addWidget(dialog)
        dialog.load(sheet(tmp_path))
        ready(qtbot, dialog)
        assert dialog.isRightToLeft()
        labels = [dialog.combos[c].currentText() for c in range(2)]
        assert labels == [files_ui.importer.field_label(n) for n in ("given_name", "family_name")]
        rows = {dialog.preview_table.item(r, 2).text() for r in range(4)}
        assert "بشرى العلمي" in rows
    finally:
        QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        set_language("en")
