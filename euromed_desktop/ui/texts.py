"""Which language of a multilingual text to show: the reader's first, then the meeting's."""

from __future__ import annotations

import unicodedata

from euromed_desktop.domain.entities import Meeting, primary_text
from euromed_desktop.i18n import RTL_LANGUAGES, current_language


def reading_languages(meeting: Meeting | None) -> list[str]:
    return [current_language(), *(meeting.languages if meeting else [])]


def meeting_title(meeting: Meeting) -> str:
    return primary_text(meeting.title, reading_languages(meeting))


LRM, RLM, FSI, PDI = "\u200e", "\u200f", "\u2068", "\u2069"
_CONTROLS = f"{LRM}{RLM}\u2066\u2067{FSI}{PDI}"  # direction marks and isolates


def isolate(text: str) -> str:
    """Text shown inside a view of the other direction keeps its own: an English sentence in
    the Arabic interface ends with its full stop on the right (Unicode first-strong isolate).
    A mark of the interface's direction before it makes the label or cell align with the
    interface (Qt aligns a label by its first strong character, which an isolate hides not)."""
    if not text:
        return text
    mark = RLM if current_language() in RTL_LANGUAGES else LRM
    return f"{mark}{FSI}{text}{PDI}"


def reads_left_to_right(text: str) -> bool:
    """Whether the text inside the marks and isolates ``isolate`` adds (or any others)
    starts with a left-to-right letter."""
    for char in text.lstrip(_CONTROLS):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return True
        if kind in ("R", "AL"):
            return False
    return False
