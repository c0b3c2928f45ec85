"""Dialogs that create and edit records; validation messages appear next to the fields."""

from __future__ import annotations

import platform
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import available_timezones

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QDate, Qt, QTime, qVersion
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop import __version__
from euromed_desktop.domain.entities import AgendaItem, Meeting, Participant
from euromed_desktop.domain.errors import EuromedError, ValidationError
from euromed_desktop.domain.validation import country_codes, possible_duplicates
from euromed_desktop.domain.vocab import (
    AgendaKind,
    Component,
    Confidentiality,
    Gender,
    MeetingKind,
    MeetingStatus,
    Role,
    StakeholderGroup,
    ThematicArea,
)
from euromed_desktop.i18n import LANGUAGES, RTL_LANGUAGES, _
from euromed_desktop.i18n.formats import country_name, format_date, language_name
from euromed_desktop.store import agenda, meetings, participants, queries
from euromed_desktop.ui.collation import collator, sort_choices
from euromed_desktop.ui.editing import leave_undo_to_app
from euromed_desktop.ui.icons import app_icon
from euromed_desktop.ui.settings import PAPER_SIZES, Settings
from euromed_desktop.ui.texts import reading_languages
from euromed_desktop.ui.widgets import (
    CheckList,
    ChoiceCombo,
    FieldForm,
    VocabCombo,
    button_box,
    required,
)
from euromed_desktop.ui.workspace import Workspace


def country_choices(empty: str | None = None) -> list[tuple[str | None, str]]:
    names = sort_choices((code, country_name(code)) for code in country_codes())
    return ([(None, empty)] if empty is not None else []) + names  # type: ignore[return-value]


def language_choices() -> list[tuple[str, str]]:
    return [(lang, language_name(lang)) for lang in LANGUAGES]


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RecordDialog(QDialog):
    """A form dialog whose OK runs a save function and stays open on validation errors."""

    def __init__(self, workspace: Workspace, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(title)
        self.body = QWidget()
        self.form = FieldForm(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = button_box(
            QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.buttons)
        self.result_record: Any = None

    def size_to_fit(self, width: int, height: int) -> None:
        """At least ``width`` × ``height``, and as wide as the form needs (Georgian labels and
        long sentences beside a tick box would otherwise hide behind a sideways scroll bar),
        within the screen."""
        needed = self.body.sizeHint().width() + 48  # the margins and a vertical scroll bar
        screen = self.screen()
        limit = int(screen.availableGeometry().width() * 0.9) if screen is not None else needed
        self.resize(max(width, min(needed, limit)), height)

    def line(self, name: str, label: str, value: str = "", *, rtl: bool = False) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setCursorPosition(0)  # a long title shows its beginning, not its end
        if rtl:
            edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        leave_undo_to_app(edit)
        self.form.add_field(name, label, edit)
        return edit

    def run_save(self, action: Callable[[], Any]) -> bool:
        try:
            self.result_record = action()
        except ValidationError as exc:
            self.form.show_errors(exc)
            return False
        except EuromedError as exc:
            self.form.show_errors(ValidationError.single("", str(exc)))
            return False
        self.accept()
        return True

    def save(self) -> None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class MeetingDialog(RecordDialog):
    """Create a meeting, or edit one (``meeting`` given)."""

    def __init__(
        self, workspace: Workspace, meeting: Meeting | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(workspace, _("Edit meeting") if meeting else _("New meeting"), parent)
        self.meeting = meeting
        today = date.today()
        m = meeting
        self.titles: dict[str, QLineEdit] = {}
        for lang in LANGUAGES:
            label = _("Title ({language})").format(language=language_name(lang))
            if lang == "en":
                label = required(label)
            name = "title" if lang == "en" else f"title-{lang}"
            self.titles[lang] = self.line(
                name, label, m.title.get(lang, "") if m else "", rtl=lang in RTL_LANGUAGES
            )
        self.start = QDateEdit(_qdate(m.start if m else today))
        self.end = QDateEdit(_qdate(m.end if m else today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start.dateChanged.connect(self._start_changed)
        self.form.add_field("start", required(_("First day")), self.start)
        self.form.add_field("end", required(_("Last day")), self.end)
        self.country = ChoiceCombo(country_choices(_("Choose a country…")))
        self.country.set_code(m.country if m else None)
        self.country.currentIndexChanged.connect(self._country_changed)
        self.form.add_field("country", required(_("Host country")), self.country)
        self.city = self.line("city", _("City"), m.city if m else "")
        self.venue = self.line("venue", _("Venue"), m.venue if m else "")
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(available_timezones()))
        self.timezone.setCurrentText(m.timezone if m else "UTC")
        self.form.add_field("timezone", _("Time zone"), self.timezone)
        self.kind = VocabCombo(MeetingKind)
        self.kind.set_code(m.kind if m else None)
        self.form.add_field("kind", _("Kind of meeting"), self.kind)
        self.component = VocabCombo(Component)
        self.component.set_code(m.component if m else None)
        self.form.add_field("component", _("Component"), self.component)
        self.areas = CheckList([(a.value, a.label()) for a in ThematicArea])
        self.areas.set_codes(m.thematic_areas if m else [])
        self.form.add_field("thematic-area", _("Thematic areas"), self.areas)
        self.languages = CheckList(language_choices())
        self.languages.set_codes(m.languages if m else ["en"])
        self.form.add_field("languages", _("Working languages"), self.languages)
        self.confidentiality = VocabCombo(Confidentiality)
        self.confidentiality.set_code(m.confidentiality if m else None)
        self.form.add_field("confidentiality", _("Confidentiality"), self.confidentiality)
        self.status = VocabCombo(MeetingStatus)
        self.status.set_code(m.status if m else None)
        self.form.add_field("status", _("Status"), self.status)
        self.size_to_fit(560, 680)

    def _start_changed(self, value: QDate) -> None:
        if self.end.date() < value:
            self.end.setDate(value)

    def _country_changed(self) -> None:
        from euromed_desktop.domain.validation import default_timezone

        code = self.country.code()
        if code and self.timezone.currentText() in ("", "UTC"):
            self.timezone.setCurrentText(default_timezone(code))

    def values(self) -> dict[str, Any]:
        languages = self.languages.codes()
        # The first working language comes first: it is the one new text is written in.
        return {
            "title": {k: e.text().strip() for k, e in self.titles.items() if e.text().strip()},
            "start": _pydate(self.start.date()),
            "end": _pydate(self.end.date()),
            "country": self.country.code() or "",
            "city": self.city.text().strip(),
            "venue": self.venue.text().strip(),
            "timezone": self.timezone.currentText().strip(),
            "kind": self.kind.code(),
            "component": self.component.code(),
            "thematic_areas": self.areas.codes(),
            "languages": languages,
            "confidentiality": self.confidentiality.code(),
            "status": self.status.code(),
        }

    def save(self) -> None:
        values = self.values()
        store = self.workspace.store
        if self.meeting is None:
            self.run_save(lambda: meetings.create(store, **values))
        else:
            meeting_id = self.meeting.id
            self.run_save(lambda: meetings.update(store, meeting_id, **values))


class ParticipantDialog(RecordDialog):
    """Add or edit a participant; warns when the person may already be registered."""

    def __init__(
        self,
        workspace: Workspace,
        meeting: Meeting,
        person: Participant | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit participant") if person else _("Add participant")
        super().__init__(workspace, title, parent)
        self.meeting = meeting
        self.person = person
        self.others = queries.participants(workspace.store, meeting.id)
        p = person
        self.duplicate = QLabel()
        self.duplicate.setWordWrap(True)
        self.duplicate.setStyleSheet("color: #b26a00;")
        self.duplicate.hide()
        self.form.insertRow(0, self.duplicate)
        self.honorific = self.line("honorific", _("Honorific"), p.honorific if p else "")
        self.given = self.line("given-name", _("Given name"), p.given_name if p else "")
        self.family = self.line(
            "family-name", required(_("Family name")), p.family_name if p else ""
        )
        self.gender = VocabCombo(Gender, empty=_("Not stated"))
        self.gender.set_code(p.gender if p else None)
        self.form.add_field("gender", _("Gender"), self.gender)
        self.organisation = self.line(
            "organisation", _("Organisation"), p.organisation if p else ""
        )
        self.position = self.line("position", _("Position"), p.position if p else "")
        self.country = ChoiceCombo(country_choices(_("Not stated")))
        self.country.set_code(p.country if p else None)
        self.form.add_field("country", _("Country"), self.country)
        self.delegation = self.line("delegation", _("Delegation"), p.delegation if p else "")
        self.group = VocabCombo(StakeholderGroup)
        self.group.set_code(p.stakeholder_group if p else None)
        self.form.add_field("stakeholder-group", _("Stakeholder group"), self.group)
        self.role = VocabCombo(Role)
        self.role.set_code(p.role if p else None)
        self.form.add_field("role", _("Role"), self.role)
        self.email = self.line("email", _("E-mail"), p.email if p else "")
        self.phone = self.line("phone", _("Phone"), p.phone if p else "")
        self.languages = CheckList(language_choices())
        self.languages.set_codes(p.languages if p else [])
        self.form.add_field("languages", _("Languages"), self.languages)
        self.consent = QCheckBox(_("Agrees to share contact details with other participants"))
        self.consent.setChecked(bool(p and p.consent_contact))
        self.form.add_field("consent", _("Consent"), self.consent)
        self.days = CheckList(
            [(day.isoformat(), format_date(day, form="full")) for day in meeting.days]
        )
        self.days.set_codes(d for d, here in (p.attendance if p else {}).items() if here)
        self.form.add_field("day", _("Present on"), self.days)
        for edit in (self.given, self.family, self.organisation, self.email):
            edit.textChanged.connect(self._check_duplicates)
        self._confirmed: frozenset[str] = frozenset()
        self.size_to_fit(560, 720)
        self._check_duplicates()

    def values(self) -> dict[str, Any]:
        return {
            "honorific": self.honorific.text().strip(),
            "given_name": self.given.text().strip(),
            "family_name": self.family.text().strip(),
            "gender": self.gender.code(),
            "organisation": self.organisation.text().strip(),
            "position": self.position.text().strip(),
            "country": self.country.code(),
            "delegation": self.delegation.text().strip(),
            "stakeholder_group": self.group.code(),
            "role": self.role.code(),
            "email": self.email.text().strip(),
            "phone": self.phone.text().strip(),
            "languages": self.languages.codes(),
            "consent_contact": self.consent.isChecked(),
            "attendance": {
                day.isoformat(): day.isoformat() in self.days.codes() for day in self.meeting.days
            },
        }

    def duplicates(self) -> list[Participant]:
        values = self.values()
        candidate = Participant(
            id=self.person.id if self.person else "",
            meeting_id=self.meeting.id,
            family_name=values["family_name"],
            given_name=values["given_name"],
            organisation=values["organisation"],
            email=values["email"],
        )
        if not candidate.family_name:
            return []
        return possible_duplicates(candidate, self.others)

    def _check_duplicates(self) -> None:
        found = self.duplicates()
        if not found:
            self.duplicate.hide()
            return
        names = "; ".join(
            ", ".join(x for x in (p.full_name, p.organisation, p.email) if x) for p in found
        )
        self.duplicate.setText(_("Possibly already registered: {people}").format(people=names))
        self.duplicate.show()

    def save(self) -> None:
        found = frozenset(p.id for p in self.duplicates())
        if found and found != self._confirmed:
            answer = QMessageBox.question(
                self,
                _("Possible duplicate"),
                _(
                    "Someone with the same name and organisation or the same e-mail is "
                    "already registered. Save this participant anyway?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._confirmed = found
        values = self.values()
        store, meeting_id = self.workspace.store, self.meeting.id
        if self.person is None:
            self.run_save(lambda: participants.add(store, meeting_id, **values))
        else:
            person_id = self.person.id
            self.run_save(lambda: participants.update(store, meeting_id, person_id, **values))


class PeoplePicker(QWidget):
    """Pick several participants: a filter field over a list of tickable names."""

    def __init__(self, people: list[Participant], chosen: list[str], label: str) -> None:
        super().__init__()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by name, organisation or country"))
        self.filter.setAccessibleName(_("Filter {list}").format(list=label))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName(label)
        self.list.setMaximumHeight(140)
        ordered = sorted(people, key=lambda p: collator().sortKey(p.family_name + p.given_name))
        for person in ordered:
            text = " · ".join(
                x
                for x in (person.full_name, person.organisation, country_name(person.country))
                if x
            )
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, person.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if person.id in chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(entry)
        self.order = list(chosen)
        self.list.itemChanged.connect(self._changed)
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)

    def _changed(self, entry: QListWidgetItem) -> None:
        person_id = str(entry.data(Qt.ItemDataRole.UserRole))
        if entry.checkState() == Qt.CheckState.Checked and person_id not in self.order:
            self.order.append(person_id)
        elif entry.checkState() != Qt.CheckState.Checked and person_id in self.order:
            self.order.remove(person_id)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row in range(self.list.count()):
            entry = self.list.item(row)
            entry.setHidden(bool(needle) and needle not in entry.text().casefold())

    def chosen(self) -> list[str]:
        return list(self.order)


class AgendaItemDialog(RecordDialog):
    """Add or edit a session or an item within a session."""

    def __init__(
        self,
        workspace: Workspace,
        meeting: Meeting,
        item: AgendaItem | None = None,
        parent_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit agenda item") if item else _("Add agenda item")
        super().__init__(workspace, title, parent)
        self.meeting = meeting
        self.item = item
        store = workspace.store
        sessions = [
            i for i in queries.agenda(store, meeting.id) if i.parent_id is None and i != item
        ]
        self.parent_choice = ChoiceCombo(
            [(None, _("None: this is a session"))]
            + [(s.id, s.display_title(reading_languages(meeting))) for s in sessions]
        )
        self.parent_choice.set_code(item.parent_id if item else parent_id)
        if item is not None:
            self.parent_choice.setEnabled(False)
            self.parent_choice.setToolTip(_("Drag the item in the agenda to move it."))
        self.form.add_field("parent", _("In session"), self.parent_choice)
        self.titles: dict[str, QLineEdit] = {}
        for lang in meeting.languages:
            label = _("Title ({language})").format(language=language_name(lang))
            if lang == meeting.languages[0]:
                label = required(label)
            self.titles[lang] = self.line(
                "title" if lang == meeting.languages[0] else f"title-{lang}",
                label,
                item.title.get(lang, "") if item else "",
                rtl=lang in RTL_LANGUAGES,
            )
        self.kind = VocabCombo(AgendaKind)
        self.kind.set_code(item.kind if item else ("session" if parent_id is None else "panel"))
        self.form.add_field("kind", _("Kind"), self.kind)
        self.day = ChoiceCombo(
            [(None, _("No time set"))]
            + [(d.isoformat(), format_date(d, form="full")) for d in meeting.days]
        )
        first = item.start if item and item.start else None
        self.day.set_code(first.date().isoformat() if first else None)
        self.form.add_field("day", _("Day"), self.day)
        self.start = QTimeEdit(QTime(first.hour, first.minute) if first else QTime(9, 0))
        last = item.end if item and item.end else None
        self.end = QTimeEdit(QTime(last.hour, last.minute) if last else QTime(10, 0))
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.start.setAccessibleName(_("Start time"))
        self.end.setAccessibleName(_("End time"))
        row.addWidget(self.start)
        row.addWidget(QLabel("–"))
        row.addWidget(self.end)
        row.addStretch(1)
        self.form.add_field("start", _("Time"), times)
        self.form.fields["end"] = self.form.fields["start"]
        self.area = VocabCombo(ThematicArea, empty=_("None"))
        self.area.set_code(item.thematic_area if item else None)
        self.form.add_field("thematic-area", _("Thematic area"), self.area)
        people = queries.participants(store, meeting.id)
        self.moderators = PeoplePicker(people, item.moderators if item else [], _("Moderators"))
        self.form.add_field("moderators", _("Moderators"), self.moderators)
        self.speakers = PeoplePicker(people, item.speakers if item else [], _("Speakers"))
        self.form.add_field("speakers", _("Speakers"), self.speakers)
        self.description = QPlainTextEdit(item.description if item else "")
        self.description.setMaximumHeight(90)
        leave_undo_to_app(self.description)
        self.form.add_field("description", _("Description"), self.description)
        self.size_to_fit(600, 760)

    def values(self) -> dict[str, Any]:
        day = self.day.code()
        start = end = None
        if day:
            when = date.fromisoformat(day)
            s, e = self.start.time(), self.end.time()
            start = datetime.combine(when, time(s.hour(), s.minute()))
            end = datetime.combine(when, time(e.hour(), e.minute()))
        titles = dict(self.item.title) if self.item else {}
        for lang, edit in self.titles.items():
            if edit.text().strip():
                titles[lang] = edit.text().strip()
            else:
                titles.pop(lang, None)
        return {
            "title": titles,
            "kind": self.kind.code(),
            "start": start,
            "end": end,
            "thematic_area": self.area.code(),
            "moderators": self.moderators.chosen(),
            "speakers": self.speakers.chosen(),
            "description": self.description.toPlainText().strip(),
        }

    def save(self) -> None:
        values = self.values()
        store, meeting_id = self.workspace.store, self.meeting.id
        if not values["title"]:
            first = self.meeting.languages[0]
            self.form.show_errors(ValidationError.single("title", _("Give the item a title.")))
            self.titles[first].setFocus()
            return
        if self.item is None:
            parent_id = self.parent_choice.code()
            self.run_save(lambda: agenda.add(store, meeting_id, parent_id=parent_id, **values))
        else:
            item_id = self.item.id
            self.run_save(lambda: agenda.update(store, meeting_id, item_id, **values))


class SettingsDialog(QDialog):
    """Preferences: interface language, rapporteur name, paper size, PDF languages."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        body = QWidget()
        self.form = FieldForm(body)
        self.language = ChoiceCombo(
            [("", _("As the system"))] + [(lang, language_name(lang, lang)) for lang in LANGUAGES]
        )
        self.language.set_code(settings.language)
        self.form.add_field("language", _("Interface language"), self.language)
        self.rapporteur = QLineEdit(settings.rapporteur)
        self.rapporteur.setPlaceholderText(_("Your name, as it appears on minutes"))
        self.rapporteur.setMinimumWidth(  # the hint stays readable in every language
            self.rapporteur.fontMetrics().horizontalAdvance(self.rapporteur.placeholderText()) + 24
        )
        leave_undo_to_app(self.rapporteur)
        self.form.add_field("rapporteur", _("Rapporteur name"), self.rapporteur)
        self.paper = ChoiceCombo([(size, size) for size in PAPER_SIZES])
        self.paper.set_code(settings.paper_size)
        self.form.add_field("paper", _("Paper size"), self.paper)
        self.pdf_languages = CheckList(language_choices())
        self.pdf_languages.set_codes(settings.pdf_languages)
        self.form.add_field("pdf-languages", _("Default PDF languages"), self.pdf_languages)
        buttons = button_box(
            QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addWidget(buttons)
        self.language_changed = False

    def save(self) -> None:
        langs = self.pdf_languages.codes()
        if not langs:
            self.form.show_errors(
                ValidationError.single("pdf-languages", _("Choose at least one language."))
            )
            return
        self.language_changed = (self.language.code() or "") != self.settings.language
        self.settings.language = self.language.code() or ""
        self.settings.rapporteur = self.rapporteur.text()
        self.settings.paper_size = self.paper.code() or "A4"
        self.settings.pdf_languages = langs
        self.accept()


def versions() -> list[tuple[str, str]]:
    from importlib import metadata  # costly to import; only the About box needs it

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "—"

    return [
        ("EUROMED Desktop", __version__),
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", pyside_version),
        ("pycrdt", version("pycrdt")),
        ("SQLite", sqlite3.sqlite_version),
        ("sqlite-utils", version("sqlite-utils")),
        ("Babel", version("babel")),
    ]


def show_about(parent: QWidget) -> None:
    rows = "".join(f"<tr><td>{name}</td><td>{ver}</td></tr>" for name, ver in versions())
    summary = _(
        "An offline companion for regional dialogue meetings on migration: agendas, "
        "participants, minutes and their review."
    )
    licences = [
        _("EUROMED Desktop: European Union Public Licence 1.2."),
        _("Qt and PySide6: GNU Lesser General Public License 3."),
        _("Noto fonts: SIL Open Font License 1.1."),
        _("pycrdt: MIT licence; Babel: BSD licence; sqlite-utils: Apache License 2.0."),
    ]
    heading = _("Licences")
    text = (
        f"<h3>EUROMED Desktop {__version__}</h3><p>{summary}</p><table>{rows}</table>"
        f"<p><b>{heading}</b><br>{'<br>'.join(licences)}</p>"
    )
    box = QMessageBox(parent)
    box.setWindowTitle(_("About EUROMED Desktop"))
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(text)
    box.exec()
