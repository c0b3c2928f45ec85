"""Certificates of attendance: one page per participant who was marked present on at least
one day, naming the days attended, with space for the organiser's signature.

Funders ask for them per person, so the option ``participant`` (an id) prints one person's
certificate; without it every present participant gets a page, sorted by family name. The
option ``person_language`` prints each page in the participant's own language when the
app has labels in it (else in the document's language). Only
the attendance record counts: a registered person never marked present gets none, because
a certificate is a statement that they were there.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from euromed_desktop.domain.entities import Participant
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.vocab import MeetingKind
from euromed_desktop.i18n import LANGUAGES
from euromed_desktop.render.document import Job, PageSetup, write_pdf
from euromed_desktop.render.flow import Para
from euromed_desktop.render.lists import _author, collation_key
from euromed_desktop.render.parts import BLUE, full_name, meeting_title, sort_name
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

GREY = (0.3, 0.3, 0.3)


def attendees(store: Store, meeting_id: str, participant: str | None = None) -> list[Participant]:
    """Who gets a certificate: present on at least one day of the meeting."""
    meeting = queries.meeting(store, meeting_id)
    days = set(meeting.days)
    people = queries.participants(store, meeting_id)
    if participant is not None:
        people = [p for p in people if p.id == participant]
        if not people:
            raise ValidationError.single("participant", _no_such_person(participant))
    present = [p for p in people if any(d in days for d in p.days_present)]
    return sorted(present, key=lambda p: collation_key(sort_name(p)))


def _no_such_person(participant: str) -> str:
    from euromed_desktop.i18n import _

    return _("No participant with id {id} in this meeting.").format(id=participant)


def _certificate(job: Job, person: Participant) -> list[Flowable]:
    labels = job.labels
    meeting = job.meeting
    centred = {"align": "center"}
    place = ", ".join(p for p in (meeting.city, labels.country(meeting.country)) if p)
    days = [d for d in person.days_present if meeting.start <= d <= meeting.end]
    out: list[Flowable] = [
        Spacer(1, 30 * mm),
        Para(
            labels("Certificate of attendance"),
            job.style(26, bold=True, heading=True, color=BLUE, **centred),
            space_after=14 * mm,
        ),
        Para(labels("This is to certify that"), job.style(12, **centred), space_after=6 * mm),
        Para(full_name(person), job.style(22, bold=True, heading=True, **centred), space_after=3),
    ]
    # Organisation and country on lines of their own: an Arabic organisation beside a
    # Georgian country name would otherwise be ordered by the bidi rules of one line.
    details = [p for p in (person.organisation, labels.country(person.country)) if p]
    for n, line in enumerate(details):
        last = n == len(details) - 1
        out.append(Para(line, job.style(12, color=GREY, **centred), space_after=1))
        if last:
            out.append(Spacer(1, 7 * mm))
    out += [
        Para(labels("attended the meeting"), job.style(12, **centred), space_after=3),
        Para(meeting_title(job), job.style(15, bold=True, heading=True, **centred), space_after=3),
        Para(labels.vocab(MeetingKind, meeting.kind), job.style(11, color=GREY, **centred)),
        Para(labels.date_range(meeting.start, meeting.end), job.style(12, **centred)),
        Para(place, job.style(12, **centred), space_after=8 * mm),
        Para(
            labels.plural("Day attended ({n}):", "Days attended ({n}):", len(days)).format(
                n=labels.number(len(days))
            ),
            job.style(12, bold=True, **centred),
            space_after=2,
        ),
    ]
    out += [Para(labels.weekday(day), job.style(12, **centred), space_after=1) for day in days]
    out += [
        Spacer(1, 28 * mm),
        Para("_" * 36, job.style(12, color=GREY, **centred), space_after=1),
        Para(labels("Signature and stamp of the organiser"), job.style(10, **centred)),
        Para(
            labels("Place and date: {place}, {date}").format(
                place=meeting.city or labels.country(meeting.country),
                date=labels.date(meeting.end, "long"),
            ),
            job.style(10, color=GREY, **centred),
            space_before=4,
        ),
    ]
    return out


def _person_job(job: Job, person: Participant) -> Job:
    """With the option ``person_language``, each certificate is in the first of the
    person's languages that the app can print labels in; otherwise in the document's."""
    if not job.options.get("person_language"):
        return job
    lang = next((code for code in person.languages if code.split("-")[0] in LANGUAGES), None)
    if lang is None or lang == job.lang:
        return job
    return dataclasses.replace(job, lang=lang.split("-")[0])


def build_certificates(store: Store, job: Job, path: Path) -> None:
    people = attendees(store, job.meeting.id, job.options.get("participant"))
    if not people:
        from euromed_desktop.i18n import _

        raise ValidationError.single(
            "participant", _("Nobody is marked present on any day: there is nothing to certify.")
        )
    story: list[Flowable] = []
    for n, person in enumerate(people):
        job.check()
        if n:
            story.append(PageBreak())
        story += _certificate(_person_job(job, person), person)
    setup = PageSetup(
        title=meeting_title(job),
        subtitle=job.labels("Certificate of attendance"),
        header=False,
        footer=False,
    )
    write_pdf(job, story, path, setup, _author(queries.participants(store, job.meeting.id)))
