"""Names and formats from CLDR (through Babel) in the current or a given language."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from euromed_desktop.i18n import current_language


def locale(lang: str | None = None) -> Locale:
    """The given language's locale, or the interface's as it is now (it can change live)."""
    return _parsed(lang or current_language())


@cache
def _parsed(lang: str) -> Locale:
    return Locale.parse(lang)


def country_name(code: str | None, lang: str | None = None) -> str:
    if not code:
        return ""
    return str(locale(lang).territories.get(code.upper(), code.upper()))


def language_name(code: str, lang: str | None = None) -> str:
    name = locale(lang).languages.get(code)
    if not name:
        return code
    return str(sentence_case(name))


def sentence_case(text: str) -> str:
    """First letter capitalised, as a name in a list reads, where the script has capitals:
    Georgian is written without them (its capital letters exist in Unicode, but neither
    readers nor most fonts use them in running text)."""
    if not text or unicodedata.name(text[0], "").startswith("GEORGIAN"):
        return text
    return text[:1].upper() + text[1:]


def format_date(value: date, lang: str | None = None, form: str = "medium") -> str:
    return str(babel_dates.format_date(value, format=form, locale=locale(lang)))


def format_time(value: time | datetime, lang: str | None = None) -> str:
    return str(babel_dates.format_time(value, format="short", locale=locale(lang)))


def format_weekday_date(value: date, lang: str | None = None) -> str:
    return str(babel_dates.format_date(value, format="full", locale=locale(lang)))


def format_number(value: float, lang: str | None = None) -> str:
    return str(babel_numbers.format_decimal(value, locale=locale(lang)))


def format_list(items: Sequence[str], lang: str | None = None) -> str:
    """Items joined as the language writes a list: "a, b, and c", "a, b et c", "a وb وc"."""
    return str(babel_lists.format_list(list(items), locale=locale(lang)))


def format_percent(value: float, lang: str | None = None) -> str:
    return str(babel_numbers.format_percent(value, format="#,##0.#%", locale=locale(lang)))
