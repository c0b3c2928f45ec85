"""Importing a registration list from the window, and writing lists and calendars out.

The import dialog walks the organiser through three things on one page: the file, which
column holds what (pre-filled by the guess, one combo per column), and a preview in which
every row with a problem is highlighted with its message — so nothing surprising is written.
Reading the file and checking its rows run on a worker thread (through a store of their own)
with a progress bar in the dialog, so a list of ten thousand people never freezes the window;
changing the mapping checks the rows again the same way. The import itself runs on a worker
thread through the window's store (one transaction: all rows or none; Cancel rolls it back).
Exports read through a store of their own, like printing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import EuromedError
from euromed_desktop.files import participants_import as importer
from euromed_desktop.files.tabular import Table, read_table
from euromed_desktop.i18n import _, ngettext
from euromed_desktop.i18n.formats import country_name
from euromed_desktop.store.store import Store
from euromed_desktop.ui.widgets import ChoiceCombo, button_box
from euromed_desktop.ui.worker import Cancelled, Progress, Runner

Checked = importer.Preview | EuromedError  # a check's outcome: the rows, or why it refused
PREVIEW_LIMIT = 1000  # rows shown besides those with problems; the import takes them all
_PROBLEM = QColor("#fde2e1")
_UPDATE = QColor("#e6f0fb")
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
    "cp1256": "Windows-1256",
}


def import_filter() -> str:
    return _("Registration lists (*.xlsx *.csv *.tsv *.txt);;All files (*)")


class ParticipantsImportDialog(QDialog):
    """File → mapping → preview; accepted with ``preview`` set when the organiser imports."""

    def __init__(self, store: Store, meeting: Meeting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.meeting = store, meeting
        self.table: Table | None = None
        self.path: Path | None = None
        self.preview: importer.Preview | None = None
        self._job: Runner | None = None  # reading or checking, off the UI thread
        self._then: Callable[[Any], None] = lambda _outcome: None
        self._next: tuple[Callable[[Progress], Any], Callable[[Any], None]] | None = None
        self.setWindowTitle(_("Import participants"))
        self.resize(980, 640)

        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(_("Choose a CSV or XLSX file with the registrations"))
        choose = QPushButton(_("&Choose file…"))
        choose.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setVisible(False)
        self.sheet_combo.activated.connect(lambda _i: self._sheet_changed())
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(_("File:")))
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.sheet_combo)
        file_row.addWidget(choose)
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)

        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("Example"), _("Import as")]
        )
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: list[ChoiceCombo] = []

        self.preview_table = QTableWidget(0, 7)
        self.preview_table.setHorizontalHeaderLabels(
            [
                _("Line"),
                _("Status"),
                _("Name"),
                _("Organisation"),
                _("Country"),
                _("E-mail"),
                _("Problems"),
            ]
        )
        self.preview_table.verticalHeader().setVisible(False)
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.skip_box = QCheckBox(_("Leave out the rows with problems and import the others"))
        self.skip_box.setVisible(False)
        self.skip_box.toggled.connect(lambda _on: self._update_buttons())

        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(QLabel(_("<b>1.</b> Which column holds what?")))
        mapping_layout.addWidget(self.mapping_table)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(QLabel(_("<b>2.</b> Check the rows before importing")))
        preview_layout.addWidget(self.preview_table)
        preview_layout.addWidget(self.summary)
        preview_layout.addWidget(self.skip_box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(mapping_box)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(1, 2)

        self.buttons = button_box(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.file_info)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    # -- steps ----------------------------------------------------------------------------------

    @property
    def skip_problems(self) -> bool:
        return self.skip_box.isChecked()

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Import participants"), str(Path.home()), import_filter()
        )
        if chosen:
            self.load(Path(chosen))

    @property
    def busy(self) -> bool:
        """The file is being read or its rows checked."""
        return self._job is not None

    def load(self, path: Path, sheet: str | None = None) -> None:
        """Read the file, then show its columns with the guessed mapping and the checked rows;
        a file that cannot be read leaves a message in the dialog (no box to click away)."""
        self.path = path
        self.file_edit.setText(str(path))
        self.table = None
        self._show_failure("")
        self.file_info.setText(_escape(_("Reading {name}…").format(name=path.name)))
        store_path, meeting_id = self.store.path, self.meeting.id

        def task(progress: Progress) -> tuple[Table, list[str | None], Checked]:
            message = _("Reading the file…")
            table = read_table(path, sheet, lambda done, total: progress(done, total, message))
            mapping = importer.guess_mapping(table.headers)
            return table, mapping, _check(store_path, meeting_id, table, mapping, progress)

        self._start(task, self._loaded)

    def _loaded(self, outcome: object) -> None:
        if isinstance(outcome, BaseException):
            self._show_failure(str(outcome))
            return
        table, mapping, checked = cast("tuple[Table, list[str | None], Checked]", outcome)
        self.table = table
        self._show_sheets()
        self._fill_mapping(mapping)
        self._show_preview(checked)

    # -- work off the UI thread -----------------------------------------------------------------

    def _start(self, task: Callable[[Progress], Any], then: Callable[[Any], None]) -> None:
        """Run ``task`` on a worker; ``then`` gets its result or the error it raised. Work
        still running is cancelled and this task starts when it has stopped."""
        if self._job is not None:
            self._job.cancelled.set()
            self._next = (task, then)
            return
        job = Runner(task, self)
        job.progressed.connect(self._progressed)
        job.finished_with.connect(self._job_ended)
        job.failed.connect(self._job_ended)
        self._job, self._then = job, then
        self.progress.setRange(0, 0)
        self.progress.setFormat("")
        self.progress.show()
        self._update_buttons()
        job.start()

    def _progressed(self, done: int, total: int, message: str) -> None:
        if self.sender() is self._job:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.progress.setFormat(f"{message} %p%")

    def _job_ended(self, outcome: object) -> None:
        job = self.sender()
        if job is not self._job or self._job is None:
            return  # the dialog was closed meanwhile
        self._job.join()
        self._job.deleteLater()
        self._job = None
        if self._next is not None:
            task, then = self._next
            self._next = None
            self._start(task, then)
            return
        self.progress.hide()
        if isinstance(outcome, Cancelled):
            self._update_buttons()
            return
        if isinstance(outcome, BaseException) and not isinstance(outcome, EuromedError):
            outcome = EuromedError(
                _("Something went wrong: {error}").format(
                    error=f"{type(outcome).__name__}: {outcome}"
                )
            )
        self._then(outcome)
        self._update_buttons()

    def done(self, result: int) -> None:
        """Closing the dialog stops the work in progress first."""
        if self._job is not None:
            self._next = None
            self._job.cancelled.set()
            self._job.join()
            self._job = None
        super().done(result)

    def _show_failure(self, message: str) -> None:
        self.file_info.setText(
            f"<span style='color:#b3261e'>{_escape(message)}</span>" if message else ""
        )
        self.mapping_table.setRowCount(0)
        self.combos = []
        self.preview_table.setRowCount(0)
        self.summary.clear()
        self.preview = None
        self._update_buttons()

    def _show_sheets(self) -> None:
        assert self.table is not None
        sheets = self.table.sheets
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(sheets)
        self.sheet_combo.setCurrentText(self.table.sheet)
        self.sheet_combo.blockSignals(False)
        self.sheet_combo.setVisible(len(sheets) > 1)
        rows = len(self.table.rows)
        how = ngettext("{n} row", "{n} rows", rows).format(n=rows)
        if self.table.encoding:
            how += " · " + _("text encoding {encoding}, separated by “{delimiter}”").format(
                encoding=_ENCODING_NAMES.get(self.table.encoding, self.table.encoding),
                delimiter={"\t": _("tab")}.get(self.table.delimiter, self.table.delimiter),
            )
        elif self.table.sheet:
            how += " · " + _("worksheet “{sheet}”").format(sheet=self.table.sheet)
        self.file_info.setText(_escape(how))

    def _sheet_changed(self) -> None:
        if self.path is not None:
            self.load(self.path, self.sheet_combo.currentText())

    def _fill_mapping(self, mapping: list[str | None]) -> None:
        assert self.table is not None
        choices: list[tuple[str | None, str]] = [(None, importer.field_label(None))]
        choices += [(name, importer.field_label(name)) for name in importer.FIELDS]
        self.mapping_table.setRowCount(len(self.table.headers))
        self.combos = []
        for column, header in enumerate(self.table.headers):
            example = next((r[column] for r in self.table.rows[:50] if r[column]), "")
            self.mapping_table.setItem(column, 0, QTableWidgetItem(header))
            self.mapping_table.setItem(column, 1, QTableWidgetItem(example))
            combo = ChoiceCombo(choices)
            combo.set_code(mapping[column])
            combo.activated.connect(lambda _i, c=column: self._mapping_changed(c))
            self.mapping_table.setCellWidget(column, 2, combo)
            self.combos.append(combo)

    def mapping(self) -> list[str | None]:
        return [combo.code() for combo in self.combos]

    def set_field(self, column: int, name: str | None) -> None:
        """Map a column (what choosing in its combo does)."""
        self.combos[column].set_code(name)
        self._mapping_changed(column)

    def _mapping_changed(self, column: int) -> None:
        """A field belongs to one column: choosing it here takes it from any other."""
        chosen = self.combos[column].code()
        if chosen is not None:
            for other, combo in enumerate(self.combos):
                if other != column and combo.code() == chosen:
                    combo.set_code(None)
        self.refresh()

    def refresh(self) -> None:
        """Check the rows again with the current mapping."""
        if self.table is None:
            return
        table, mapping = self.table, self.mapping()
        store_path, meeting_id = self.store.path, self.meeting.id
        self.preview = None
        self._start(
            lambda progress: _check(store_path, meeting_id, table, mapping, progress),
            self._show_preview,
        )

    def _show_preview(self, checked: object) -> None:
        if isinstance(checked, importer.Preview):
            self.preview = checked
            self._fill_preview(checked)
            return
        self.preview = None
        self.preview_table.setRowCount(0)
        self.summary.setText(f"<span style='color:#b3261e'>{_escape(str(checked))}</span>")

    def _fill_preview(self, checked: importer.Preview) -> None:
        problems = checked.problem_rows
        others = [r for r in checked.rows if not r.problems][:PREVIEW_LIMIT]
        shown = problems[:PREVIEW_LIMIT] + others
        labels = {"new": _("New"), "update": _("Update"), "problem": _("Problem")}
        table = self.preview_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(shown))
        for index, row in enumerate(shown):
            values = row.values
            country = values.get("country")
            cells = [
                str(row.line),
                labels[row.action],
                row.name,
                values.get("organisation", ""),
                country_name(country) if country else "",
                values.get("email", ""),
                " ".join(row.problems),
            ]
            colour = _PROBLEM if row.problems else _UPDATE if row.match_id else None
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                if row.problems:
                    item.setToolTip("\n".join(row.problems))
                table.setItem(index, column, item)
        table.resizeColumnsToContents()
        table.setUpdatesEnabled(True)
        text = checked.summary()
        hidden = len(checked.rows) - len(shown)
        if hidden > 0:
            text += " · " + ngettext(
                "{n} more row is not shown",
                "{n} more rows are not shown",
                hidden,
            ).format(n=hidden)
        self.summary.setText(_escape(text))
        self.skip_box.setVisible(bool(problems) and len(problems) < len(checked.rows))

    def _update_buttons(self) -> None:
        checked = self.preview
        ready = (
            not self.busy
            and checked is not None
            and bool(checked.rows)
            and (not checked.problem_rows or self.skip_problems)
            and len(checked.problem_rows) < len(checked.rows)
        )
        self.import_button.setEnabled(ready)


def _check(
    store_path: Path,
    meeting_id: str,
    table: Table,
    mapping: list[str | None],
    progress: Progress,
) -> Checked:
    """The rows checked against the meeting's participants, on a worker with a store of its
    own; a mapping the check refuses (no column with names) comes back as the error, for the
    organiser to fix in the dialog."""
    message = _("Checking the rows…")

    def report(done: int, total: int) -> None:
        progress(done, total, message)

    try:
        with Store(store_path) as store:
            return importer.preview(store, meeting_id, table, mapping, report)
    except EuromedError as exc:
        return exc


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- tasks run by the window ------------------------------------------------------------------


def import_task(
    store: Store, meeting_id: str, checked: importer.Preview, skip_problems: bool
) -> Callable[[Progress], object]:
    """The import, for the window's worker: through the window's own store, so its pages
    follow; Cancel raises inside the transaction, which then writes nothing."""

    def task(progress: Progress) -> object:
        message = _("Importing participants…")
        return importer.import_preview(
            store,
            meeting_id,
            checked,
            skip_problems=skip_problems,
            progress=lambda done, total: progress(done, total, message),
        )

    return task


def import_message(result: object) -> str:
    assert isinstance(result, importer.ImportResult)
    return result.summary()


def _save_path(parent: QWidget, title: str, name: str, filters: str, default: str) -> Path | None:
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / name), filters
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in (".csv", ".xlsx", ".ics"):
        suffix = ".csv" if "*.csv" in chosen_filter and default != ".ics" else default
        path = path.with_name(path.name + suffix)
    return path


def table_filter() -> str:
    return _("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)")


def choose_list_path(parent: QWidget, title: str, name: str) -> Path | None:
    return _save_path(parent, title, name, table_filter(), ".xlsx")


def choose_calendar_path(parent: QWidget, name: str) -> Path | None:
    return _save_path(
        parent,
        _("Export the agenda to a calendar"),
        name,
        _("iCalendar files (*.ics);;All files (*)"),
        ".ics",
    )


def export_task(
    database: Path, what: str, meeting_id: str, path: Path, **options: object
) -> Callable[[Progress], object]:
    """Write a participant list, the action points or the calendar from a store of the
    task's own (a read: the window's store stays free for typing)."""

    def task(progress: Progress) -> object:
        from euromed_desktop.files import calendar, lists_export

        message = _("Writing {name}…").format(name=path.name)

        def report(done: int, total: int) -> None:
            progress(done, total, message)

        with Store(database) as store:
            if what == "participants":
                count = lists_export.export_participants(
                    store,
                    meeting_id,
                    path,
                    all_contacts=bool(options.get("all_contacts")),
                    progress=report,
                )
            elif what == "actions":
                count = lists_export.export_actions(store, meeting_id, path, progress=report)
            else:
                count = calendar.export_agenda(store, meeting_id, path)
        return what, path, count

    return task


def export_message(result: object) -> str:
    what, path, count = result  # type: ignore[misc]
    if what == "participants":
        text = ngettext(
            "{n} participant written to {path}", "{n} participants written to {path}", count
        )
    elif what == "actions":
        text = ngettext(
            "{n} action point written to {path}", "{n} action points written to {path}", count
        )
    else:
        text = ngettext("{n} event written to {path}", "{n} events written to {path}", count)
    return text.format(n=count, path=path)
