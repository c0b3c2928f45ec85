"""Locale-aware sorting for lists the user reads (names, countries), following the UI language."""

from __future__ import annotations

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
