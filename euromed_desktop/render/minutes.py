"""The minutes: cover, meeting data and attendance, contents, each agenda item's blocks and
decisions, the action points; one language, or two side by side with blocks aligned.

Until the minutes are approved every page carries a DRAFT watermark. Under the Chatham
House Rule an intervention is attributed to the speaker's country (for a state's delegate)
or stakeholder group, never to the person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from euromed_desktop.domain.attribution import name_hider, unnamed
from euromed_desktop.domain.entities import ActionPoint, AgendaItem, Block, Participant
from euromed_desktop.domain.vocab import (
    ActionStatus,
    AgendaKind,
    BlockKind,
    Component,
    Confidentiality,
    MeetingKind,
    MeetingStatus,
    StakeholderGroup,
    ThematicArea,
)
from euromed_desktop.render.document import Job, PageSetup, page_size, write_pdf
from euromed_desktop.render.flow import Marker, PageRef, Para, table
from euromed_desktop.render.parts import (
    BLUE,
    cells,
    full_name,
    gap,
    heading,
    item_title,
    key_values,
    meeting_title,
)
from euromed_desktop.render.text import is_rtl_text
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

KIND_FILL = {
    "conclusion": (0.93, 0.96, 0.93),
    "recommendation": (0.96, 0.95, 0.90),
}


def block_text(block: Block, lang: str) -> tuple[str, bool]:
    """The block in ``lang`` (its own text or a translation); else its original text, flagged
    so the reader knows it is untranslated."""
    if block.lang == lang:
        return block.text, False
    translated = block.translations.get(lang, "").strip()
    if translated:
        return translated, False
    return block.text, True


def chatham_house(job: Job) -> bool:
    return job.meeting.confidentiality == Confidentiality.CHATHAM_HOUSE.value


def attribution(job: Job, block: Block, people: dict[str, Participant]) -> str:
    person = people.get(block.speaker_id or "")
    if person is None:
        return ""
    labels = job.labels
    if chatham_house(job):
        return unnamed(person, job.lang)
    where = ", ".join(p for p in (person.organisation, labels.country(person.country)) if p)
    return f"{full_name(person)} ({where})" if where else full_name(person)


def owner_hider(job: Job, people: list[Participant]) -> Callable[[str], str]:
    """How an action point's owner is printed: under the Chatham House Rule a participant
    named in it is called by their country or group, as in interventions."""
    if not chatham_house(job):
        return lambda owner: owner
    return name_hider(people, lambda person: unnamed(person, job.lang))


def numbering(agenda: list[AgendaItem]) -> dict[str, str]:
    numbers: dict[str, str] = {}
    session = 0
    children: Counter[str] = Counter()
    for item in agenda:
        if item.parent_id is None:
            session += 1
            numbers[item.id] = str(session)
        else:
            children[item.parent_id] += 1
            parent = numbers.get(item.parent_id, "?")
            numbers[item.id] = f"{parent}.{children[item.parent_id]}"
    return numbers


def _times(job: Job, item: AgendaItem) -> str:
    labels = job.labels
    if item.start and item.end:
        return f"{labels.time(item.start)}–{labels.time(item.end)}"
    return labels.time(item.start)


def build_minutes(store: Store, job: Job, path: Path) -> None:
    second = job.second_lang if job.second_lang and job.second_lang != job.lang else None
    labels = job.labels
    meeting = job.meeting
    setup = PageSetup(title=meeting_title(job), subtitle=labels("Minutes"))
    if meeting.status != MeetingStatus.APPROVED.value:
        setup.watermark = labels("DRAFT")
    width = page_size(job, setup)[0] - 2 * setup.margins

    agenda = queries.agenda(store, meeting.id)
    people = {p.id: p for p in queries.participants(store, meeting.id)}
    blocks = queries.blocks(store, meeting.id)
    decisions = queries.decisions(store, meeting.id)
    actions = queries.actions(store, meeting.id)
    job.check()
    by_item: dict[str, list[Block]] = defaultdict(list)
    for block in blocks:
        by_item[block.item_id].append(block)
    decisions_by_item: dict[str, list[str]] = defaultdict(list)
    for decision in decisions:
        decisions_by_item[decision.item_id].append(decision.text)
    numbers = numbering(agenda)
    pages: dict[str, int] = {}

    story: list[Flowable] = []
    story += _cover(job, width)
    story.append(PageBreak())
    story += _meeting_data(job, width, list(people.values()))
    story += _contents(job, width, agenda, numbers, pages)
    story.append(PageBreak())

    for item in agenda:
        job.check()
        level = 1 if item.parent_id is None else 2
        number = numbers[item.id]
        times = _times(job, item)
        title = f"{number}. {item_title(job, item)}" + (f" ({times})" if times else "")
        story.append(CondPageBreak(60))
        story.append(Marker(_recorder(pages, item.id)))
        story.append(heading(job, title, level))
        if item.kind in (AgendaKind.BREAK.value, AgendaKind.LUNCH.value):
            continue
        for block in by_item.get(item.id, []):
            story.extend(_block(job, block, people, width, second))
        for text in decisions_by_item.get(item.id, []):
            story.extend(_decision(job, text))
    story += _actions(job, width, actions, numbers, list(people.values()), pages)
    author = labels("EUROMED Desktop")
    write_pdf(job, story, path, setup, author)


def _decision(job: Job, text: str) -> list[Flowable]:
    """A decision in bold under its label. When its text reads the other way from the
    document (an English decision in Arabic minutes) it is a paragraph of its own, in its own
    direction: after an Arabic label the sentence would read right to left, and its final
    full stop would stand before its first word."""
    label = job.labels("Decision")
    if is_rtl_text(text, job.rtl) == job.rtl:
        return [Para(f"{label}: {text}", job.style(9.5, bold=True), space_before=3, space_after=4)]
    return [
        Para(label, job.style(8, bold=True, color=(0.35, 0.38, 0.42)), space_before=4),
        Para(text, job.style(9.5, bold=True, align="start"), space_after=4),
    ]


def _recorder(pages: dict[str, int], key: str) -> Callable[[int], object]:
    """Remember the page an agenda item's heading lands on (first one wins: a heading
    that is split off to the next page is drawn only once anyway)."""
    return lambda page: pages.setdefault(key, page)


def _cover(job: Job, width: float) -> list[Flowable]:
    labels = job.labels
    meeting = job.meeting
    place = ", ".join(
        p for p in (meeting.venue, meeting.city, labels.country(meeting.country)) if p
    )
    out: list[Flowable] = [
        Spacer(1, 50),
        Para(labels("Minutes"), job.style(26, bold=True, heading=True, color=BLUE), space_after=10),
        Para(meeting_title(job), job.style(17, bold=True, heading=True), space_after=12),
        Para(labels.vocab(MeetingKind, meeting.kind), job.style(12), space_after=4),
        Para(labels.date_range(meeting.start, meeting.end), job.style(12), space_after=4),
        Para(place, job.style(12), space_after=18),
        Para(
            labels.vocab(Confidentiality, meeting.confidentiality),
            job.style(11, bold=True, color=(0.55, 0.1, 0.1)),
            space_after=4,
        ),
        Para(labels.vocab(MeetingStatus, meeting.status), job.style(11), space_after=4),
    ]
    approval = job.options.get("approval")
    if approval and meeting.status == MeetingStatus.APPROVED.value:
        name, when = approval
        out.append(
            Para(
                labels("Approved by {name} on {date}").format(
                    name=name, date=labels.date(dt.date.fromisoformat(when[:10]), "long")
                ),
                job.style(11, bold=True),
                space_after=4,
            )
        )
    if meeting.confidentiality == Confidentiality.CHATHAM_HOUSE.value:
        out.append(
            Para(
                labels(
                    "Held under the Chatham House Rule: interventions are attributed to a "
                    "country or stakeholder group, never to a person."
                ),
                job.style(9.5, italic=True),
                space_before=8,
            )
        )
    return out


def _meeting_data(job: Job, width: float, people: list[Participant]) -> list[Flowable]:
    labels = job.labels
    meeting = job.meeting
    out: list[Flowable] = [heading(job, labels("Meeting data"))]
    rows = [
        (labels("Kind of meeting"), labels.vocab(MeetingKind, meeting.kind)),
        (labels("Component"), labels.vocab(Component, meeting.component)),
        (
            labels("Thematic areas"),
            ", ".join(labels.vocab(ThematicArea, a) for a in meeting.thematic_areas),
        ),
        (labels("Dates"), labels.date_range(meeting.start, meeting.end)),
        (
            labels("Venue"),
            ", ".join(
                p for p in (meeting.venue, meeting.city, labels.country(meeting.country)) if p
            ),
        ),
        (labels("Working languages"), ", ".join(labels.language(c) for c in meeting.languages)),
        (labels("Confidentiality"), labels.vocab(Confidentiality, meeting.confidentiality)),
        (labels("Status"), labels.vocab(MeetingStatus, meeting.status)),
    ]
    out.append(key_values(job, rows, width))
    out.append(heading(job, labels("Attendance"), 2))
    countries = {p.country for p in people if p.country}
    summary = [
        (labels("Registered participants"), labels.number(len(people))),
        (labels("Countries"), labels.number(len(countries))),
    ]
    for day in meeting.days:
        present = sum(1 for p in people if p.attendance.get(day.isoformat()))
        summary.append((labels.weekday(day), labels.number(present)))
    out.append(key_values(job, summary, width))
    groups = Counter(p.stakeholder_group for p in people)
    rows_g = [
        cells(job, [labels.vocab(StakeholderGroup, g), labels.number(n)])
        for g, n in sorted(groups.items(), key=lambda kv: -kv[1])
    ]
    header = cells(job, [labels("Stakeholder group"), labels("Participants")], bold=True)
    out.append(gap(3))
    out.append(table([header, *rows_g], [width * 0.7, width * 0.3], job.rtl))
    return out


def _contents(
    job: Job, width: float, agenda: list[AgendaItem], numbers: dict[str, str], pages: dict[str, int]
) -> list[Flowable]:
    labels = job.labels
    out: list[Flowable] = [heading(job, labels("Contents"))]
    rows: list[list[Flowable]] = []
    number_style = job.style(9, align="left" if job.rtl else "right")
    for item in agenda:
        indent = "" if item.parent_id is None else "    "
        style = job.style(9, bold=item.parent_id is None)
        rows.append(
            [
                Para(f"{indent}{numbers[item.id]}. {item_title(job, item)}", style),
                PageRef(pages, item.id, number_style, job.late, labels.number),
            ]
        )
    rows.append(
        [
            Para(labels("Action points"), job.style(9, bold=True)),
            PageRef(pages, "__actions__", number_style, job.late, labels.number),
        ]
    )
    out.append(
        table(
            rows,
            [width * 0.88, width * 0.12],
            job.rtl,
            header_rows=0,
            extra=[
                ("GRID", (0, 0), (-1, -1), 0, (1, 1, 1)),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, (0.85, 0.86, 0.88)),
            ],
        )
    )
    return out


def _block(
    job: Job,
    block: Block,
    people: dict[str, Participant],
    width: float,
    second: str | None,
) -> list[Flowable]:
    labels = job.labels
    parts = [labels.vocab(BlockKind, block.kind)] if block.kind != BlockKind.NOTE.value else []
    who = attribution(job, block, people)
    if who:
        parts.append(who)
    if block.time:
        parts.append(block.time)
    head = " · ".join(parts)
    fill = KIND_FILL.get(block.kind)
    if second is None:
        text, untranslated = block_text(block, job.lang)
        out: list[Flowable] = []
        if untranslated:
            head = " · ".join(
                p
                for p in (
                    head,
                    labels("original in {language}").format(language=labels.language(block.lang)),
                )
                if p
            )
        if head:
            out.append(
                Para(head, job.style(8, bold=True, color=(0.35, 0.38, 0.42)), space_before=4)
            )
        out.append(
            Para(
                text,
                job.style(9.5, align="start"),
                space_before=0 if head else 4,
                space_after=3,
                background=fill,
            )
        )
        return out
    # Two languages side by side, one row per block so that both columns stay aligned.
    other = job.__class__(job.meeting, second, job.paper)
    left_text, _l = block_text(block, job.lang)
    right_text, _r = block_text(block, second)
    other_head = head
    if block.kind != BlockKind.NOTE.value:
        other_parts = [other.labels.vocab(BlockKind, block.kind)]
        if who:
            other_parts.append(attribution(other, block, people))
        if block.time:
            other_parts.append(block.time)
        other_head = " · ".join(other_parts)
    left = [Para(head, job.style(8, bold=True, color=(0.35, 0.38, 0.42)))] if head else []
    right = (
        [Para(other_head, other.style(8, bold=True, color=(0.35, 0.38, 0.42)))]
        if other_head
        else []
    )
    left.append(Para(left_text, job.style(9.5, align="start")))
    right.append(Para(right_text, other.style(9.5, align="start")))
    row = table(
        [[left, right]],
        [width / 2, width / 2],
        job.rtl,
        header_rows=0,
        split_in_row=True,
        extra=[
            ("GRID", (0, 0), (-1, -1), 0, (1, 1, 1)),
            ("LINEAFTER", (0, 0), (0, 0), 0.4, (0.8, 0.8, 0.8)),
        ]
        if not job.rtl
        else [
            ("GRID", (0, 0), (-1, -1), 0, (1, 1, 1)),
            ("LINEBEFORE", (1, 0), (1, 0), 0.4, (0.8, 0.8, 0.8)),
        ],
    )
    return [Spacer(1, 3), row]


def _actions(
    job: Job,
    width: float,
    actions: list[ActionPoint],
    numbers: dict[str, str],
    people: list[Participant],
    pages: dict[str, int],
) -> list[Flowable]:
    labels = job.labels
    out: list[Flowable] = [
        CondPageBreak(80),
        Marker(lambda page: pages.setdefault("__actions__", page)),
    ]
    out.append(heading(job, labels("Action points")))
    if not actions:
        out.append(Para(labels("No action points."), job.style(9.5)))
        return out
    out.append(actions_table(job, width, actions, numbers, people))
    return out


def actions_table(
    job: Job,
    width: float,
    actions: list[ActionPoint],
    numbers: dict[str, str],
    people: list[Participant],
) -> Flowable:
    labels = job.labels
    shown = owner_hider(job, people)
    header = cells(
        job,
        [
            labels("No."),
            labels("Action"),
            labels("Owner"),
            labels("Due"),
            labels("Status"),
            labels("Item"),
        ],
        bold=True,
    )
    rows = [header]
    for n, action in enumerate(actions, start=1):
        rows.append(
            cells(
                job,
                [
                    labels.number(n),
                    action.what,
                    shown(action.owner),
                    labels.date(action.due),
                    labels.vocab(ActionStatus, action.status),
                    numbers.get(action.item_id or "", ""),
                ],
            )
        )
    ratios = [0.06, 0.43, 0.18, 0.12, 0.1, 0.11]  # room for "საკითხი" (item) unbroken
    return table(rows, [width * r for r in ratios], job.rtl)
