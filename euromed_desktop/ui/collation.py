"""Locale-aware sorting for lists the user reads (names, countries), following the UI language."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCollator, QLocale, Qt

from euromed_desktop.i18n import current_language

_collators: dict[str, QCollator] = {}


def collator() -> QCollator:
    lang = current_language()
    if lang not in _collators:
        made = QCollator(QLocale(lang))
        made.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        made.setNumericMode(True)
        _collators[lang] = made
    return _collators[lang]


def sort_texts(texts: list[str]) -> list[str]:
    return sorted(texts, key=collator().sortKey)


def sort_choices(choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, label) pairs in the reader's order of their labels."""
    key = collator().sortKey
    return sorted(choices, key=lambda choice: key(choice[1]))
