"""Naming people under the Chatham House Rule: interventions and commitments are attributed
to a country or stakeholder group, never to a named participant. Here only the text work; how
a participant is then called (in which language) is the caller's."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from euromed_desktop.domain.entities import Participant
from euromed_desktop.domain.vocab import StakeholderGroup

STATE_GROUPS = frozenset({"eu_member_state", "southern_partner"})


def speaks_for_a_state(person: Participant) -> bool:
    """A state's delegate is named by the country; anyone else by the stakeholder group."""
    return person.stakeholder_group in STATE_GROUPS and bool(person.country)


def unnamed(person: Participant, lang: str) -> str:
    """A participant as the rule lets them be named, in ``lang``: their country for a
    state's delegate, else their stakeholder group."""
    from euromed_desktop.i18n import translator
    from euromed_desktop.i18n.formats import country_name

    if speaks_for_a_state(person):
        return country_name(person.country, lang)
    group = StakeholderGroup._labels().get(person.stakeholder_group, person.stakeholder_group)
    return translator(lang).gettext(group)


def written_names(person: Participant) -> list[str]:
    """The ways a participant's name is written in free text ("Leila Haddad", "Haddad
    Leila", "Haddad, Leila")."""
    given, family = person.given_name.strip(), person.family_name.strip()
    if not family:
        return []
    if not given:
        return [family]
    return [f"{given} {family}", f"{family} {given}", f"{family}, {given}"]


def name_hider(
    people: Iterable[Participant], instead: Callable[[Participant], str]
) -> Callable[[str], str]:
    """A function that replaces every participant's name in a text (whole words, any case)
    by ``instead(person)``: "Walid Saadi (ICMPD)" becomes "Implementing partner (ICMPD)";
    organisations and other words stay."""
    replacement: dict[str, str] = {}
    for person in people:
        for name in written_names(person):
            replacement.setdefault(name.lower(), instead(person))
    if not replacement:
        return lambda text: text
    names = "|".join(re.escape(n) for n in sorted(replacement, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{names})(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub(
        lambda match: replacement.get(match.group(0).lower(), match.group(0)), text
    )
