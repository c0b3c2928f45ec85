"""Reading the values people type into registration forms: countries by name in four
languages, yes/no, gender, role and stakeholder group by label, language names, full names.

Registration forms are filled in by hand in English, French, Arabic or Georgian, so every
lookup accepts the stored code, the label in any of the app's languages and a few common
spellings; comparisons ignore case, accents and the Arabic letter variants people use
interchangeably (أ/إ/آ/ا, ة/ه, ى/ي).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale
from babel.core import get_global

from euromed_desktop.domain.validation import country_codes, is_language
from euromed_desktop.domain.vocab import Gender, Role, StakeholderGroup, Vocabulary
from euromed_desktop.i18n import LANGUAGES, translator

_ARABIC_VARIANTS = str.maketrans({"ة": "ه", "ى": "ي", "ـ": None})


def normalise(text: str) -> str:
    """A comparison key: case, accents, punctuation, spacing and Arabic variants ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.translate(_ARABIC_VARIANTS)
    return " ".join(re.findall(r"\w+", bare))


def compact(text: str) -> str:
    """``normalise`` without spaces, so that “E-mail”, “e mail” and “email” meet."""
    return normalise(text).replace(" ", "").replace("_", "")


# -- countries ------------------------------------------------------------------------------------

# Names people write that CLDR spells otherwise (CLDR says “Palestinian Territories”).
_COUNTRY_ALIASES = {
    "PS": ["Palestine", "State of Palestine", "État de Palestine", "فلسطين", "دولة فلسطين"],
    "SY": ["Syrian Arab Republic", "République arabe syrienne"],
    "GB": ["UK", "Great Britain", "England", "Grande-Bretagne", "Angleterre"],
    "US": ["USA", "United States of America", "États-Unis d'Amérique"],
    "TR": ["Turkey", "Türkiye", "Turquie"],
    "CZ": ["Czech Republic", "République tchèque"],
    "NL": ["Holland", "Pays Bas"],
    "MK": ["Macedonia", "North Macedonia"],
}


@cache
def _countries() -> dict[str, str]:
    index: dict[str, str] = {}
    codes = country_codes()
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if code in codes:
                index.setdefault(normalise(name), code)
    for code, names in _COUNTRY_ALIASES.items():
        for name in names:
            index.setdefault(normalise(name), code)
    return index


def country_code(text: str) -> str | None:
    """The ISO 3166 code for a code (alpha-2 or alpha-3) or a country name in en/fr/ar/ka;
    ``None`` if unknown."""
    text = text.strip()
    if len(text) == 2 and text.isascii() and text.upper() in country_codes():
        return text.upper()
    if len(text) == 3 and text.isascii() and text.isalpha():
        # ISO 3166 alpha-3 (TUN, JOR, PSE), which some registration systems export.
        replacement = list(get_global("territory_aliases").get(text.upper(), []))
        if len(replacement) == 1 and replacement[0] in country_codes():
            return str(replacement[0])
    return _countries().get(normalise(text))


# -- closed vocabularies -------------------------------------------------------------------------

_EXTRA_LABELS: dict[type[Vocabulary], dict[str, list[str]]] = {
    Gender: {
        "female": ["f", "woman", "femme", "w", "أنثى", "انثى", "امرأة", "ქალი", "mrs", "ms"],
        "male": ["m", "man", "homme", "h", "ذكر", "رجل", "კაცი", "mr"],
        "other": ["autre", "آخر", "სხვა", "non binary", "non-binary"],
    },
    StakeholderGroup: {
        "ngo": ["NGO", "ONG", "local NGO", "منظمة غير حكومية"],
        "academia": ["academia", "university", "université", "جامعة"],
        "media": ["media", "médias", "press", "presse", "إعلام"],
        "trade_union": ["trade union", "syndicat", "نقابة"],
        "private_sector": ["private sector", "secteur privé", "القطاع الخاص"],
        "migrant_association": ["migrant association", "association de migrants"],
        "international_organisation": ["international organization", "IO", "OI"],
        "eu_member_state": ["EU MS", "member state", "État membre"],
        "southern_partner": ["partner country", "pays partenaire"],
    },
    Role: {"organiser": ["organizer", "organisateur"]},
}


@cache
def _vocabulary_index(vocabulary: type[Vocabulary]) -> dict[str, str]:
    index: dict[str, str] = {}
    labels = vocabulary._labels()
    for code, label in labels.items():
        index[normalise(code.replace("_", " "))] = code
        for lang in LANGUAGES:
            index.setdefault(normalise(translator(lang).gettext(label)), code)
        for extra in _EXTRA_LABELS.get(vocabulary, {}).get(code, []):
            index.setdefault(normalise(extra), code)
    return index


def vocabulary_code(vocabulary: type[Vocabulary], text: str) -> str | None:
    """The code of a vocabulary value given as its code or its label in any app language."""
    return _vocabulary_index(vocabulary).get(normalise(text))


# -- yes / no -----------------------------------------------------------------------------------

_YES = ["yes", "y", "true", "1", "x", "oui", "o", "vrai", "نعم", "أجل", "დიახ", "კი", "✓", "✔"]
_NO = ["no", "n", "false", "0", "non", "faux", "لا", "არა", "-"]


@cache
def _yes_no() -> dict[str, bool]:
    index = {normalise(w) or w: True for w in _YES}
    index.update({normalise(w) or w: False for w in _NO})
    for lang in LANGUAGES:
        index.setdefault(normalise(translator(lang).gettext("Yes")), True)
        index.setdefault(normalise(translator(lang).gettext("No")), False)
    return index


def yes_no(text: str) -> bool | None:
    """``True``/``False`` for a yes or no in any app language (“x” and “✓” mean yes)."""
    stripped = text.strip()
    return _yes_no().get(normalise(stripped) or stripped)


# -- languages ----------------------------------------------------------------------------------


@cache
def _language_names() -> dict[str, str]:
    index: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale(lang).languages.items():
            if "_" not in code:
                index.setdefault(normalise(name), code)
    return index


def language_codes(text: str) -> tuple[list[str], list[str]]:
    """The language codes in a list such as “en, français; العربية”, and what was not
    understood."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,;/|+]|\s+(?:and|et|و)\s+", text):
        part = part.strip()
        if not part:
            continue
        code = part if is_language(part) and len(part) <= 3 else None
        code = code or _language_names().get(normalise(part))
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


# -- names --------------------------------------------------------------------------------------


def split_full_name(text: str) -> tuple[str, str]:
    """(given name, family name) of a name written in one cell.

    “HADDAD Leila” or “Haddad, Leila” say which part is the family name (the upper-case and
    comma conventions of registration lists); otherwise the first word is the given name and
    the rest the family name, which holds for “Leila Haddad” and for Arabic and Georgian
    names written given name first.
    """
    text = " ".join(text.split())
    if "," in text:
        family, _sep, given = text.partition(",")
        return given.strip(), family.strip()
    words = text.split(" ")
    if len(words) == 1:
        return "", text
    upper = [w for w in words if w.isupper() and len(w) > 1]
    if upper and len(upper) < len(words):
        family = " ".join(w for w in words if w in upper)
        given = " ".join(w for w in words if w not in upper)
        return given, family
    return words[0], " ".join(words[1:])
