"""User preferences kept with QSettings (an INI file in the platform's configuration folder)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from euromed_desktop.i18n import LANGUAGES, current_language

if TYPE_CHECKING:
    from euromed_desktop.snippets import Snippet

PAPER_SIZES = ("A4", "Letter")


class Settings:
    """Typed access to the preferences; every value has a sensible default."""

    def __init__(self, settings: QSettings | None = None) -> None:
        """``EUROMED_SETTINGS`` names another settings file (tests, portable installs)."""
        path = os.environ.get("EUROMED_SETTINGS")
        if settings is None and path:
            settings = QSettings(path, QSettings.Format.IniFormat)
        self.qsettings = settings or QSettings(
            QSettings.Format.IniFormat,
            QSettings.Scope.UserScope,
            "EUROMED",
            "EUROMED Desktop",
        )

    def _text(self, key: str, default: str) -> str:
        value = self.qsettings.value(key, default)
        return str(value) if value is not None else default

    def _set(self, key: str, value: object) -> None:
        """Store a value and write the file at once (nothing lost in a crash); a value that
        has not changed (the last database, at every start) is not written again."""
        if self.qsettings.contains(key) and self.qsettings.value(key) == value:
            return
        self.qsettings.setValue(key, value)
        self.qsettings.sync()

    @property
    def language(self) -> str:
        lang = self._text("ui/language", "")
        return lang if lang in LANGUAGES else ""

    @language.setter
    def language(self, lang: str) -> None:
        self._set("ui/language", lang)

    @property
    def rapporteur(self) -> str:
        return self._text("user/rapporteur", "")

    @rapporteur.setter
    def rapporteur(self, name: str) -> None:
        self._set("user/rapporteur", name.strip())

    @property
    def snippets(self) -> list[Snippet]:
        """The user's own text snippets (kept here so they follow the person, not the
        database)."""
        from euromed_desktop.snippets import from_records

        try:
            records = json.loads(self._text("user/snippets", "[]"))
        except ValueError:
            return []
        return from_records(records)

    @snippets.setter
    def snippets(self, snippets: list[Snippet]) -> None:
        from euromed_desktop.snippets import to_records

        self._set("user/snippets", json.dumps(to_records(snippets), ensure_ascii=False))

    @property
    def paper_size(self) -> str:
        size = self._text("pdf/paper", "A4")
        return size if size in PAPER_SIZES else "A4"

    @paper_size.setter
    def paper_size(self, size: str) -> None:
        self._set("pdf/paper", size)

    @property
    def pdf_languages(self) -> list[str]:
        """The languages of the last printed documents; until then the interface's."""
        text = self._text("pdf/languages", "")
        langs = [lang for lang in text.split(",") if lang in LANGUAGES]
        return langs or [current_language() if current_language() in LANGUAGES else "en"]

    @pdf_languages.setter
    def pdf_languages(self, langs: list[str]) -> None:
        self._set("pdf/languages", ",".join(lang for lang in langs if lang in LANGUAGES))

    @property
    def pdf_folder(self) -> str:
        """Where the last PDF was written (the next one goes there too)."""
        return self._text("pdf/folder", "")

    @pdf_folder.setter
    def pdf_folder(self, path: str) -> None:
        self._set("pdf/folder", path)

    @property
    def open_pdf_when_done(self) -> bool:
        return self._text("pdf/open_when_done", "true") == "true"

    @open_pdf_when_done.setter
    def open_pdf_when_done(self, value: bool) -> None:
        self._set("pdf/open_when_done", "true" if value else "false")

    @property
    def last_database(self) -> str:
        return self._text("files/last_database", "")

    @last_database.setter
    def last_database(self, path: str) -> None:
        self._set("files/last_database", path)

    @property
    def last_meeting(self) -> str:
        return self._text("files/last_meeting", "")

    @last_meeting.setter
    def last_meeting(self, meeting_id: str) -> None:
        self._set("files/last_meeting", meeting_id)

    @property
    def first_run_done(self) -> bool:
        return self._text("ui/first_run_done", "false") == "true"

    @first_run_done.setter
    def first_run_done(self, done: bool) -> None:
        self._set("ui/first_run_done", "true" if done else "false")

    def geometry(self) -> bytes | None:
        value = self.qsettings.value("ui/geometry")
        if isinstance(value, QByteArray):
            return bytes(value.data()) or None
        # Earlier versions stored Python bytes, which PySide wraps as a pickled object.
        return bytes(value) if isinstance(value, bytes) and value else None

    def set_geometry(self, data: bytes) -> None:
        self._set("ui/geometry", QByteArray(data))  # Qt's own @ByteArray(…) in the INI file
