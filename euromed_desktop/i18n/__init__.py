"""Translation and locale helpers shared by every layer.

One small module, as every layer needs it: ``_`` translates a message at the moment it is
shown, ``N_`` marks a string for extraction where it must stay untranslated until later
(vocabulary labels defined at import time), ``ngettext`` picks a plural form.
Catalogues are looked up in the package's ``i18n`` folder (installed) or the source tree's.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "euromed_desktop"
LANGUAGES = ("en", "fr", "ar", "ka")
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})

_translations: gettext.NullTranslations = gettext.NullTranslations()
_current = "en"


def catalogue_dirs() -> list[Path]:
    """Where compiled catalogues may live: inside the installed package, or the source tree."""
    package = Path(__file__).resolve().parent.parent
    return [package / "locale", package.parent / "i18n"]


def translator(lang: str) -> gettext.NullTranslations:
    """The catalogue of one language, independent of the UI's: a printed document speaks its own
    language whatever the window speaks (English needs no catalogue)."""
    if lang != "en":
        for directory in catalogue_dirs():
            if (directory / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").exists():
                return gettext.translation(DOMAIN, directory, languages=[lang])
    return gettext.NullTranslations()


def set_language(lang: str) -> None:
    """Switch the language of every later ``_()`` call."""
    global _translations, _current
    _current = lang
    _translations = translator(lang)


def current_language() -> str:
    return _current


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark for extraction only; translate later with ``_()``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)
