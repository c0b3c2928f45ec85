"""Translation and locale helpers shared by every layer.

One small module, as every layer needs it: ``_`` translates a message at the moment it is
shown, ``N_`` marks a string for extraction where it must stay untranslated until later
(vocabulary labels defined at import time), ``ngettext`` picks a plural form.
Catalogues are looked up in the package's ``i18n`` folder (installed) or the source tree's.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
from functools import cache
from pathlib import Path

DOMAIN = "euromed_desktop"
LANGUAGES = ("en", "fr", "ar", "ka")
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})

_translations: gettext.NullTranslations = gettext.NullTranslations()
_current = "en"


def catalogue_dirs() -> list[Path]:
    """Where compiled catalogues may live: in a frozen app's folder, inside the installed
    package, or the source tree."""
    from euromed_desktop.resources import frozen_dir

    frozen = frozen_dir()
    if frozen is not None:
        return [frozen / "euromed_desktop" / "locale"]
    package = Path(__file__).resolve().parent.parent
    return [package / "locale", package.parent / "i18n"]


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalogue of one language, independent of the UI's: a printed document speaks its own
    language whatever the window speaks (English needs no catalogue)."""
    if lang != "en":
        for directory in catalogue_dirs():
            folder = directory / lang / "LC_MESSAGES"
            compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
            if source.exists() and (
                not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime
            ):
                return gettext.GNUTranslations(io.BytesIO(compile_catalogue(source, compiled)))
            if compiled.exists():
                with compiled.open("rb") as data:
                    return gettext.GNUTranslations(data)
    return gettext.NullTranslations()


def compile_catalogue(source: Path, target: Path | None = None) -> bytes:
    """Compile a .po file (a source tree has no .mo files; a built package has them), writing
    the result to ``target`` where that is possible so that the next start reads it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as po:
        catalogue = read_po(po, locale=source.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    if target is not None:
        with contextlib.suppress(OSError):  # a read-only installation: compile next time too
            target.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def set_language(lang: str) -> None:
    """Switch the language of every later ``_()`` call."""
    global _translations, _current
    _current = lang
    _translations = translator(lang)


def language_from_environment() -> str:
    """The language the user's environment asks for (``EUROMED_LANG``, then the POSIX locale
    variables), if the app speaks it; else English."""
    for name in ("EUROMED_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        lang = value.split(":")[0].split("_")[0].split(".")[0].lower()
        if value:
            return lang if lang in LANGUAGES else "en"
    return "en"


def current_language() -> str:
    return _current


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark for extraction only; translate later with ``_()``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)
