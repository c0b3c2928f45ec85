"""Rules a meeting's data must follow, with messages that name the field.

Every check collects all problems of one record at once, so a form can show each message
next to its field; services call these before anything is written.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from euromed_desktop.domain.entities import (
    ActionPoint,
    AgendaItem,
    Block,
    Comment,
    Decision,
    Meeting,
    Participant,
)
from euromed_desktop.domain.errors import FieldError, ValidationError
from euromed_desktop.domain.vocab import (
    ActionStatus,
    AgendaKind,
    BlockKind,
    CommentStatus,
    Component,
    Confidentiality,
    Gender,
    MeetingKind,
    MeetingStatus,
    Role,
    StakeholderGroup,
    ThematicArea,
    Vocabulary,
)
from euromed_desktop.i18n import _

# CLDR also lists groupings and private-use codes among territories; they are not countries.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
# Compiled on first use: the character ranges make it costly, and start-up does not need it.
_EMAIL_PATTERN = (
    r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]*"
    r"[A-Za-z0-9\u00a1-\uffff])?(?:\.[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]*"
    r"[A-Za-z0-9\u00a1-\uffff])?)+$"
)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
V = TypeVar("V", bound=Vocabulary)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR (Kosovo's XK included)."""
    codes = {str(c) for c in Locale("en").territories}
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha()) - _NOT_COUNTRIES


def is_country(code: str) -> bool:
    return code in country_codes()


def is_language(code: str) -> bool:
    """A BCP 47 language tag that CLDR knows (``ar``, ``fr-TN``, ``sr-Latn``)."""
    if not code or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", code):
        return False
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


def default_timezone(country: str) -> str:
    """The country's time zone when it has only one, else UTC (the organiser picks)."""
    zones: list[str] = get_global("territory_zones").get(country, [])
    return zones[0] if len(zones) == 1 else "UTC"


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_timezone(name: str) -> bool:
    if name in _timezones():
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def is_email(text: str) -> bool:
    return bool(re.match(_EMAIL_PATTERN, text)) and len(text) <= 254


class _Checker:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def required(self, field: str, value: str, what: str) -> None:
        if not value.strip():
            self.add(field, _("{what} must not be empty.").format(what=what))

    def vocab(self, field: str, value: str | None, vocabulary: type[V]) -> None:
        if value is not None and value not in vocabulary.codes():
            self.add(
                field,
                _("Unknown value “{value}”; expected one of: {choices}.").format(
                    value=value, choices=", ".join(vocabulary.codes())
                ),
            )

    def country(self, field: str, value: str | None) -> None:
        if value is not None and not is_country(value):
            self.add(
                field,
                _("Unknown country code “{code}”; use an ISO 3166 code such as TN or FR.").format(
                    code=value
                ),
            )

    def language(self, field: str, value: str) -> None:
        if not is_language(value):
            self.add(
                field,
                _("Unknown language code “{code}”; use a code such as en, fr, ar or ka.").format(
                    code=value
                ),
            )

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def validate_meeting(meeting: Meeting) -> None:
    check = _Checker()
    if not any(t.strip() for t in meeting.title.values()):
        check.add("title", _("The meeting's title must not be empty."))
    for lang in meeting.title:
        check.language("title", lang)
    if meeting.end < meeting.start:
        check.add(
            "end",
            _("The end date {end} is before the start date {start}.").format(
                end=meeting.end.isoformat(), start=meeting.start.isoformat()
            ),
        )
    elif (meeting.end - meeting.start).days > 60:
        check.add("end", _("A meeting cannot last more than 61 days."))
    check.country("country", meeting.country)
    check.vocab("kind", meeting.kind, MeetingKind)
    check.vocab("component", meeting.component, Component)
    for area in meeting.thematic_areas:
        check.vocab("thematic-area", area, ThematicArea)
    if not is_timezone(meeting.timezone):
        check.add("timezone", _("Unknown time zone “{zone}”.").format(zone=meeting.timezone))
    if not meeting.languages:
        check.add("languages", _("A meeting needs at least one working language."))
    for lang in meeting.languages:
        check.language("languages", lang)
    check.vocab("confidentiality", meeting.confidentiality, Confidentiality)
    check.vocab("status", meeting.status, MeetingStatus)
    check.raise_if_any()


def _check_within_days(
    check: _Checker, field: str, moment: datetime | None, meeting: Meeting
) -> None:
    if moment is not None and not meeting.start <= moment.date() <= meeting.end:
        check.add(
            field,
            _("{time} is outside the meeting days ({start} to {end}).").format(
                time=moment.isoformat(timespec="minutes"),
                start=meeting.start.isoformat(),
                end=meeting.end.isoformat(),
            ),
        )


def validate_agenda_item(item: AgendaItem, meeting: Meeting) -> None:
    check = _Checker()
    if not any(t.strip() for t in item.title.values()):
        check.add("title", _("The agenda item's title must not be empty."))
    for lang in item.title:
        check.language("title", lang)
    check.vocab("kind", item.kind, AgendaKind)
    check.vocab("thematic-area", item.thematic_area, ThematicArea)
    _check_within_days(check, "start", item.start, meeting)
    _check_within_days(check, "end", item.end, meeting)
    if item.start and item.end:
        if item.end < item.start:
            check.add(
                "end",
                _("The end time {end} is before the start time {start}.").format(
                    end=item.end.isoformat(timespec="minutes"),
                    start=item.start.isoformat(timespec="minutes"),
                ),
            )
        elif item.end.date() != item.start.date():
            check.add("end", _("An agenda item must end on the day it starts."))
    elif item.end and not item.start:
        check.add("start", _("An end time needs a start time."))
    check.raise_if_any()


def validate_participant(
    participant: Participant, meeting: Meeting, others: list[Participant]
) -> None:
    """``others`` are the meeting's other participants (for the duplicate e-mail rule)."""
    check = _Checker()
    check.required("family-name", participant.family_name, _("The family name"))
    check.vocab("stakeholder-group", participant.stakeholder_group, StakeholderGroup)
    check.vocab("role", participant.role, Role)
    check.vocab("gender", participant.gender, Gender)
    check.country("country", participant.country)
    for lang in participant.languages:
        check.language("languages", lang)
    email = participant.email.strip()
    if email:
        if not is_email(email):
            check.add("email", _("“{email}” is not a valid e-mail address.").format(email=email))
        else:
            clash = next(
                (
                    o
                    for o in others
                    if o.id != participant.id and o.email.strip().casefold() == email.casefold()
                ),
                None,
            )
            if clash is not None:
                check.add(
                    "email",
                    _(
                        "The e-mail address {email} is already used by {name} in this meeting."
                    ).format(email=email, name=clash.full_name),
                )
    days = {d.isoformat() for d in meeting.days}
    for day in participant.attendance:
        if day not in days:
            check.add(
                "attendance",
                _("{day} is not one of the meeting days.").format(day=day),
            )
    check.raise_if_any()


def possible_duplicates(candidate: Participant, others: list[Participant]) -> list[Participant]:
    """People already in the meeting who may be the same person: same e-mail, or the same
    name and organisation (ignoring case and surrounding spaces)."""

    def key(p: Participant) -> tuple[str, str, str]:
        return (
            p.given_name.strip().casefold(),
            p.family_name.strip().casefold(),
            p.organisation.strip().casefold(),
        )

    email = candidate.email.strip().casefold()
    return [
        o
        for o in others
        if o.id != candidate.id
        and ((email and o.email.strip().casefold() == email) or key(o) == key(candidate))
    ]


def validate_block(block: Block) -> None:
    check = _Checker()
    check.vocab("kind", block.kind, BlockKind)
    check.language("lang", block.lang)
    for lang in block.translations:
        check.language("lang", lang)
    if block.time is not None and not _TIME.match(block.time):
        check.add("time", _("“{time}” is not a time of day (HH:MM).").format(time=block.time))
    check.raise_if_any()


def validate_decision(decision: Decision) -> None:
    check = _Checker()
    check.required("text", decision.text, _("The decision's text"))
    check.language("lang", decision.lang)
    check.raise_if_any()


def validate_action_point(action: ActionPoint, meeting: Meeting) -> None:
    check = _Checker()
    check.required("what", action.what, _("The action point's description"))
    check.vocab("status", action.status, ActionStatus)
    if action.due is not None and action.due < meeting.start:
        check.add(
            "due",
            _("The due date {due} is before the meeting starts.").format(
                due=action.due.isoformat()
            ),
        )
    check.raise_if_any()


def validate_comment(comment: Comment) -> None:
    check = _Checker()
    check.required("author", comment.author, _("The reviewer's name"))
    check.required("text", comment.text, _("The comment"))
    check.vocab("status", comment.status, CommentStatus)
    check.raise_if_any()


def parse_date(field: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError.single(
            field, _("“{text}” is not a date (YYYY-MM-DD).").format(text=text)
        ) from None


def parse_datetime(field: str, text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError.single(
            field, _("“{text}” is not a date and time (YYYY-MM-DDTHH:MM).").format(text=text)
        ) from None
    if value.tzinfo is not None:
        raise ValidationError.single(
            field, _("Give the local time of the meeting without a time-zone offset.")
        )
    return value
