"""Domain rules, through the services that enforce them, with the messages users see."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from euromed_desktop.domain.entities import Meeting, Participant, text_is_rtl
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.validation import (
    is_country,
    is_email,
    is_language,
    possible_duplicates,
)
from euromed_desktop.store import agenda, meetings, participants
from euromed_desktop.store.store import Store


def fields_of(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in error.value.errors}


def test_meeting_rules_report_every_bad_field_at_once(store: Store) -> None:
    with pytest.raises(ValidationError) as error:
        meetings.create(
            store,
            title="  ",
            start=date(2026, 3, 11),
            end=date(2026, 3, 10),
            country="XX",
            languages=["en", "klingon"],
        )
    assert fields_of(error) == {"title", "end", "country", "languages"}
    assert "before the start date" in error.value.for_field("end")[0]
    assert "XX" in error.value.for_field("country")[0]
    assert store.meeting_ids() == []


def test_country_language_and_email_checks() -> None:
    assert is_country("TN") and is_country("PS") and is_country("XK")
    assert not is_country("EU") and not is_country("ZZ") and not is_country("tn")
    assert is_language("ar") and is_language("fr-TN") and is_language("ka")
    assert not is_language("xx") and not is_language("en_US") and not is_language("")
    assert is_email("a.bensalah@employment.example.org")
    assert not is_email("a.bensalah@") and not is_email("no at sign") and not is_email("a@b")


def test_agenda_times_must_lie_on_meeting_days(store: Store, meeting: Meeting) -> None:
    with pytest.raises(ValidationError) as error:
        agenda.add(
            store,
            meeting.id,
            title="Field visit",
            start=datetime(2026, 3, 12, 9, 0),
            end=datetime(2026, 3, 12, 11, 0),
        )
    assert fields_of(error) == {"start", "end"}
    assert "outside the meeting days" in error.value.for_field("start")[0]
    with pytest.raises(ValidationError) as error:
        agenda.add(
            store,
            meeting.id,
            title="Panel",
            start=datetime(2026, 3, 10, 11, 0),
            end=datetime(2026, 3, 10, 10, 0),
        )
    assert fields_of(error) == {"end"}


def test_agenda_title_required(store: Store, meeting: Meeting) -> None:
    with pytest.raises(ValidationError) as error:
        agenda.add(store, meeting.id, title="")
    assert fields_of(error) == {"title"}


def test_participant_rules(store: Store, meeting: Meeting) -> None:
    first = participants.add(
        store, meeting.id, family_name="Haddad", given_name="Leila", email="l.haddad@example.org"
    )
    with pytest.raises(ValidationError) as error:
        participants.add(
            store, meeting.id, family_name=" ", email="L.Haddad@example.org ", country="QQ"
        )
    assert fields_of(error) == {"family-name", "email", "country"}
    assert "already used by Leila Haddad" in error.value.for_field("email")[0]
    with pytest.raises(ValidationError) as error:
        participants.add(store, meeting.id, family_name="Rossi", email="rossi@")
    assert "not a valid e-mail" in error.value.for_field("email")[0]
    # Changing one's own record keeps one's own e-mail.
    participants.update(store, meeting.id, first.id, organisation="Ministry of Labour")
    with pytest.raises(ValidationError) as error:
        participants.set_attendance(store, meeting.id, first.id, date(2026, 3, 12))
    assert fields_of(error) == {"day"}


def test_meeting_dates_cannot_shrink_past_the_agenda(store: Store, meeting: Meeting) -> None:
    agenda.add(
        store,
        meeting.id,
        title="Day two",
        start=datetime(2026, 3, 11, 9, 0),
        end=datetime(2026, 3, 11, 10, 0),
    )
    with pytest.raises(ValidationError) as error:
        meetings.update(store, meeting.id, end=date(2026, 3, 10))
    assert "1 agenda item would fall outside" in error.value.for_field("end")[0]


def test_possible_duplicates_by_email_or_name_and_organisation() -> None:
    known = Participant(
        id="1", meeting_id="m", family_name="Haddad", given_name="Leila", organisation="UNHCR"
    )
    other = Participant(id="2", meeting_id="m", family_name="Haddad", given_name="Sami")
    same = Participant(
        id="3", meeting_id="m", family_name=" haddad", given_name="LEILA", organisation="unhcr "
    )
    assert possible_duplicates(same, [known, other]) == [known]
    by_mail = Participant(id="4", meeting_id="m", family_name="X", email="s@example.org")
    other.email = "S@example.org"
    assert possible_duplicates(by_mail, [known, other]) == [other]


def test_direction_follows_content() -> None:
    assert text_is_rtl("تم افتتاح الجلسة في 09:00")
    assert not text_is_rtl("La séance est ouverte")
    assert text_is_rtl("", "ar") and not text_is_rtl("", "ka")
    assert not text_is_rtl("2026 EU — اجتماع")  # the first strong character is Latin
