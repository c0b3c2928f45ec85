"""Text snippets: standard formulations of minutes per language, with placeholders filled
from the meeting where the rapporteur is typing.

Shipped defaults live in ``resources/snippets/<lang>.json``; the user's own snippets are
plain records (``Snippet``) that the app keeps in its settings, so they follow the person
from one database to another. Placeholders:

``{speaker}``  the block's speaker (under the Chatham House Rule, their country or
               stakeholder group, never their name, as in the printed minutes)
``{time}``     the current time, HH:MM
``{item}``     the agenda item's title, in the snippet's language if it has one
``{meeting}``  the meeting's title
``{date}``     today's date in the snippet's language
``{n}`` and any other name that has no value stay for the rapporteur to type, shown as "…".
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from euromed_desktop.domain.attribution import unnamed
from euromed_desktop.domain.entities import AgendaItem, Meeting, Participant, primary_text
from euromed_desktop.domain.errors import FieldError, ValidationError
from euromed_desktop.domain.vocab import Confidentiality
from euromed_desktop.i18n import _
from euromed_desktop.i18n.formats import format_date
from euromed_desktop.resources import resource

PLACEHOLDERS = ("speaker", "time", "item", "meeting", "date", "n")
MISSING = "…"
_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Snippet:
    id: str
    lang: str
    name: str
    text: str
    builtin: bool = False


@cache
def _shipped(lang: str) -> tuple[Snippet, ...]:
    path = resource("snippets", f"{lang}.json")
    if not path.is_file():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Snippet(
            id=f"builtin:{lang}:{s['id']}", lang=lang, name=s["name"], text=s["text"], builtin=True
        )
        for s in data["snippets"]
    )


def defaults(lang: str) -> list[Snippet]:
    """The shipped snippets of a language (base language for a regional code: fr-BE → fr)."""
    return list(_shipped(lang.split("-")[0]))


def for_language(lang: str, user: Iterable[Snippet] = ()) -> list[Snippet]:
    """The user's snippets of ``lang`` first (they are the ones chosen on purpose), then
    the shipped ones."""
    base = lang.split("-")[0]
    own = [s for s in user if s.lang.split("-")[0] == base]
    return own + defaults(base)


def validate(snippet: Snippet) -> None:
    """A snippet needs a name and a text whose braces are well formed."""
    errors = []
    if not snippet.name.strip():
        errors.append(("name", _("Give the snippet a name.")))
    if not snippet.text.strip():
        errors.append(("text", _("The snippet has no text.")))
    else:
        try:
            list(string.Formatter().parse(snippet.text))
        except ValueError:
            errors.append(
                ("text", _("Unbalanced braces: write placeholders as {speaker}, {time}, {item}…"))
            )
    if errors:
        raise ValidationError([FieldError(field, message) for field, message in errors])


def to_records(snippets: Iterable[Snippet]) -> list[dict[str, str]]:
    return [{"id": s.id, "lang": s.lang, "name": s.name, "text": s.text} for s in snippets]


def from_records(records: Any) -> list[Snippet]:
    """User snippets from stored records; anything malformed is skipped, not fatal (a
    hand-edited settings file must not stop the editor from opening)."""
    out: list[Snippet] = []
    if not isinstance(records, list):
        return out
    for record in records:
        if not isinstance(record, Mapping):
            continue
        values = [record.get(k) for k in ("id", "lang", "name", "text")]
        if all(isinstance(v, str) and v for v in values):
            out.append(Snippet(*values))  # type: ignore[arg-type]
    return out


def speaker_text(meeting: Meeting, person: Participant | None, lang: str) -> str:
    """How the minutes name a speaker: the person, or under the Chatham House Rule as the
    printed minutes do (a state's delegate by country, anyone else by stakeholder group)."""
    if person is None:
        return MISSING
    if meeting.confidentiality == Confidentiality.CHATHAM_HOUSE.value:
        return unnamed(person, lang)
    return " ".join(p for p in (person.honorific, person.given_name, person.family_name) if p)


def context(
    meeting: Meeting,
    lang: str,
    *,
    item: AgendaItem | None = None,
    speaker: Participant | None = None,
    now: datetime | None = None,
) -> dict[str, str]:
    """The placeholder values at the place the rapporteur is typing."""
    moment = now or datetime.now()
    return {
        "speaker": speaker_text(meeting, speaker, lang),
        "time": moment.strftime("%H:%M"),
        "item": primary_text(item.title, [lang, *meeting.languages]) if item else MISSING,
        "meeting": primary_text(meeting.title, [lang, *meeting.languages]),
        "date": format_date(moment.date(), lang, "long"),
    }


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every ``{name}`` that has a value; the others become "…" to be typed over.
    Stray braces are left as they are (a user snippet may contain them)."""
    return _FIELD.sub(lambda m: values.get(m.group(1)) or MISSING, text)
