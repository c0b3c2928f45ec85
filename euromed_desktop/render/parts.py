"""Small pieces several documents share: titles, headings, names and key-value tables."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from euromed_desktop.domain.entities import AgendaItem, Meeting, Participant, primary_text
from euromed_desktop.render.document import Job
from euromed_desktop.render.flow import Para, table

BLUE = (0.11, 0.25, 0.45)


def meeting_title(job: Job, meeting: Meeting | None = None) -> str:
    """The title in the document's language, else the first working language that has one."""
    found = meeting or job.meeting
    return primary_text(found.title, [job.lang, *found.languages])


def item_title(job: Job, item: AgendaItem) -> str:
    return primary_text(item.title, [job.lang, *job.meeting.languages])


def document_title(job: Job, name: str) -> list[Flowable]:
    """The first lines of a document: its name, the meeting, dates and place."""
    labels = job.labels
    meeting = job.meeting
    place = ", ".join(
        p for p in (meeting.venue, meeting.city, labels.country(meeting.country)) if p
    )
    return [
        Para(name, job.style(17, bold=True, heading=True, color=BLUE), space_after=2),
        Para(meeting_title(job), job.style(12, bold=True, heading=True), space_after=2),
        Para(
            f"{labels.date_range(meeting.start, meeting.end)} · {place}",
            job.style(9.5, color=(0.3, 0.3, 0.3)),
            space_after=8,
        ),
    ]


def heading(job: Job, text: str, level: int = 1) -> Para:
    size = {1: 13.0, 2: 11.0, 3: 10.0}.get(level, 10.0)
    return Para(
        text,
        job.style(size, bold=True, heading=True, color=BLUE if level == 1 else (0, 0, 0)),
        space_before=10 if level == 1 else 6,
        space_after=3,
    )


def full_name(person: Participant) -> str:
    return " ".join(p for p in (person.honorific, person.given_name, person.family_name) if p)


def sort_name(person: Participant) -> str:
    """Family name first, for lists sorted by family name."""
    if person.given_name:
        return f"{person.family_name}, {person.given_name}"
    return person.family_name


def cells(job: Job, values: Sequence[str], size: float = 8.5, bold: bool = False) -> list[Para]:
    style = job.style(size, bold=bold)
    return [Para(v, style) for v in values]


def key_values(job: Job, rows: Sequence[tuple[str, str]], width: float) -> Flowable:
    """Label / value pairs as a two-column table (mirrored in right-to-left documents)."""
    data = [[Para(k, job.style(9, bold=True)), Para(v, job.style(9))] for k, v in rows if v]
    return table(data, [width * 0.3, width * 0.7], job.rtl, header_rows=0)


def gap(height: float = 4) -> Spacer:
    return Spacer(1, height * mm)
