"""The things a meeting is made of, as plain data (no storage, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from euromed_desktop.i18n import RTL_LANGUAGES


def primary_text(texts: dict[str, str], languages: list[str] | None = None) -> str:
    """The text to show when a value exists per language: first working language first."""
    for lang in [*(languages or []), "en", "fr", "ar"]:
        if texts.get(lang):
            return texts[lang]
    return next((t for t in texts.values() if t), "")


@dataclass
class Meeting:
    id: str
    title: dict[str, str]
    start: date
    end: date
    country: str
    kind: str = "regional_dialogue"
    component: str = "dialogue"
    thematic_areas: list[str] = field(default_factory=list)
    timezone: str = "UTC"
    venue: str = ""
    city: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])
    confidentiality: str = "public"
    status: str = "planned"
    created_at: str = ""

    @property
    def display_title(self) -> str:
        return primary_text(self.title, self.languages)

    @property
    def days(self) -> list[date]:
        return [
            date.fromordinal(o) for o in range(self.start.toordinal(), self.end.toordinal() + 1)
        ]


@dataclass
class AgendaItem:
    """A session (top level) or an item within a session."""

    id: str
    meeting_id: str
    title: dict[str, str]
    kind: str = "session"
    parent_id: str | None = None
    position: str = ""
    start: datetime | None = None
    end: datetime | None = None
    description: str = ""
    moderators: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    thematic_area: str | None = None

    def display_title(self, languages: list[str] | None = None) -> str:
        return primary_text(self.title, languages)


@dataclass
class Participant:
    id: str
    meeting_id: str
    family_name: str
    given_name: str = ""
    honorific: str = ""
    gender: str | None = None
    organisation: str = ""
    position: str = ""
    country: str | None = None
    delegation: str = ""
    stakeholder_group: str = "southern_partner"
    role: str = "participant"
    email: str = ""
    phone: str = ""
    languages: list[str] = field(default_factory=list)
    consent_contact: bool = False
    attendance: dict[str, bool] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def days_present(self) -> list[date]:
        return sorted(date.fromisoformat(d) for d, present in self.attendance.items() if present)


@dataclass
class Block:
    """One block of minutes under an agenda item; its text merges character by character."""

    id: str
    meeting_id: str
    item_id: str
    kind: str = "note"
    lang: str = "en"
    text: str = ""
    position: str = ""
    speaker_id: str | None = None
    time: str | None = None
    translations: dict[str, str] = field(default_factory=dict)

    @property
    def is_rtl(self) -> bool:
        return text_is_rtl(self.text, self.lang)


@dataclass
class Decision:
    id: str
    meeting_id: str
    item_id: str
    text: str
    lang: str = "en"
    position: str = ""


@dataclass
class ActionPoint:
    id: str
    meeting_id: str
    item_id: str | None
    what: str
    owner: str = ""
    due: date | None = None
    status: str = "open"
    position: str = ""


@dataclass
class Comment:
    """A reviewer's comment anchored to a minutes block."""

    id: str
    meeting_id: str
    block_id: str
    author: str
    text: str
    created_at: str = ""
    status: str = "open"
    resolution: str = ""


def text_is_rtl(text: str, lang: str | None = None) -> bool:
    """Direction that follows content: the first strong character decides, else the language."""
    import unicodedata

    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return (lang or "").split("-")[0] in RTL_LANGUAGES
