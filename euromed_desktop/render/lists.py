"""Agenda, participant list, sign-in sheets, action list and representation statistics."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from euromed_desktop.domain.entities import AgendaItem, Participant
from euromed_desktop.domain.vocab import AgendaKind, Gender, Role, StakeholderGroup
from euromed_desktop.render.document import Job, PageSetup, page_size, write_pdf
from euromed_desktop.render.flow import Para, table
from euromed_desktop.render.minutes import actions_table, numbering
from euromed_desktop.render.parts import (
    cells,
    document_title,
    full_name,
    gap,
    heading,
    item_title,
    meeting_title,
    sort_name,
)
from euromed_desktop.render.pdftext import base_font_name, draw_layout
from euromed_desktop.render.text import layout
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

# Southern partner countries of the dialogue (ISO 3166); with the "South" of the statistics.
SOUTH = frozenset({"DZ", "EG", "IL", "JO", "LB", "LY", "MA", "PS", "SY", "TN"})
NORTH_GROUPS = frozenset({"eu_member_state", "eu_institution"})


def collation_key(text: str) -> str:
    """Sort key that ignores case and accents (Ben Salah, Bénard, benoit together)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _author(people: list[Participant]) -> str:
    organisers = [
        p.organisation for p in people if p.role == Role.ORGANISER.value and p.organisation
    ]
    return organisers[0] if organisers else "EUROMED Desktop"


# -- agenda --------------------------------------------------------------------------------


def build_agenda(store: Store, job: Job, path: Path) -> None:
    labels = job.labels
    setup = PageSetup(title=meeting_title(job), subtitle=labels("Agenda"))
    width = page_size(job, setup)[0] - 2 * setup.margins
    people_list = queries.participants(store, job.meeting.id)
    people = {p.id: p for p in people_list}
    agenda = queries.agenda(store, job.meeting.id)
    numbers = numbering(agenda)
    story: list[Flowable] = document_title(job, labels("Agenda"))
    days: dict[date | None, list[AgendaItem]] = defaultdict(list)
    current: date | None = None
    for item in agenda:
        if item.start is not None:
            current = item.start.date()
        days[current].append(item)
    widths = [width * 0.17, width * 0.83]
    for day, items in days.items():
        job.check()
        story.append(CondPageBreak(90))
        story.append(heading(job, labels.weekday(day) if day else labels("Programme")))
        rows: list[list[Flowable]] = []
        styles: list[tuple[object, ...]] = []
        for item in items:
            session = item.parent_id is None
            times = (
                f"{labels.time(item.start)}–{labels.time(item.end)}"
                if item.start and item.end
                else labels.time(item.start)
            )
            content: list[Flowable] = [
                Para(
                    f"{numbers[item.id]}. {item_title(job, item)}",
                    job.style(10 if session else 9.5, bold=session, heading=session),
                )
            ]
            if item.kind not in (AgendaKind.SESSION.value,) and session:
                content.append(Para(labels.vocab(AgendaKind, item.kind), job.style(8, italic=True)))
            if item.description:
                content.append(Para(item.description, job.style(8.5, align="start")))
            for label, ids in (
                (labels("Moderators"), item.moderators),
                (labels("Speakers"), item.speakers),
            ):
                names = [_person_line(job, people[i]) for i in ids if i in people]
                if names:
                    content.append(Para(f"{label}: " + "; ".join(names), job.style(8.5)))
            rows.append([Para(times, job.style(9, bold=session)), content])
            if session:
                styles.append(
                    ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), (0.93, 0.95, 0.98))
                )
            if item.kind in (AgendaKind.BREAK.value, AgendaKind.LUNCH.value):
                styles.append(
                    ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), (0.96, 0.96, 0.96))
                )
        story.append(table(rows, widths, job.rtl, header_rows=0, extra=styles))
    write_pdf(job, story, path, setup, _author(people_list))


def _person_line(job: Job, person: Participant) -> str:
    where = ", ".join(p for p in (person.organisation, job.labels.country(person.country)) if p)
    return f"{full_name(person)} ({where})" if where else full_name(person)


# -- participants ----------------------------------------------------------------------------


def build_participants(store: Store, job: Job, path: Path) -> None:
    labels = job.labels
    group_by = str(job.options.get("group_by", "country"))
    contacts = bool(job.options.get("contacts", False))
    setup = PageSetup(title=meeting_title(job), subtitle=labels("List of participants"))
    width = page_size(job, setup)[0] - 2 * setup.margins
    people = queries.participants(store, job.meeting.id)
    story: list[Flowable] = document_title(job, labels("List of participants"))
    groups: dict[str, list[Participant]] = defaultdict(list)
    for person in people:
        if group_by == "group":
            key = labels.vocab(StakeholderGroup, person.stakeholder_group)
        else:
            key = labels.country(person.country) if person.country else labels("No country")
        groups[key].append(person)
    if contacts:
        ratios = [0.25, 0.33, 0.17, 0.25]
        header = [
            labels("Name"),
            labels("Organisation and position"),
            labels("Role"),
            labels("Contact"),
        ]
    else:
        ratios = [0.3, 0.5, 0.2]
        header = [labels("Name"), labels("Organisation and position"), labels("Role")]
    for name in sorted(groups, key=collation_key):
        job.check()
        members = sorted(groups[name], key=lambda p: collation_key(sort_name(p)))
        rows: list[list[Flowable]] = [cells(job, header, bold=True)]
        for person in members:
            org = person.organisation + (f"\n{person.position}" if person.position else "")
            row = cells(job, [sort_name(person), org, labels.vocab(Role, person.role)])
            if contacts:
                # Contact data only of people who agreed to share it; addresses and phone
                # numbers read left to right even in an Arabic document (else "+962 6 500"
                # would come out as "500 6 962+").
                contact = (
                    "\n".join(p for p in (person.email, person.phone) if p)
                    if person.consent_contact
                    else ""
                )
                row.append(Para(contact, job.style(8.5, direction="ltr")))
            rows.append(row)
        story.append(CondPageBreak(70))
        story.append(heading(job, f"{name} ({labels.number(len(members))})", 2))
        story.append(table(rows, [width * r for r in ratios], job.rtl))
    story.append(gap(4))
    story.append(
        Para(
            labels.plural("{n} participant", "{n} participants", len(people)).format(
                n=labels.number(len(people))
            ),
            job.style(9, bold=True),
        )
    )
    write_pdf(job, story, path, setup, _author(people))


# -- sign-in sheets --------------------------------------------------------------------------


def build_signin(store: Store, job: Job, path: Path) -> None:
    labels = job.labels
    setup = PageSetup(title=meeting_title(job), subtitle=labels("Sign-in sheet"))
    width = page_size(job, setup)[0] - 2 * setup.margins
    people = sorted(
        queries.participants(store, job.meeting.id), key=lambda p: collation_key(sort_name(p))
    )
    wanted = job.options.get("day")
    days = [d for d in job.meeting.days if wanted is None or d.isoformat() == str(wanted)]
    story: list[Flowable] = []
    ratios = [0.06, 0.26, 0.3, 0.14, 0.24]
    header = [
        labels("No."),
        labels("Name"),
        labels("Organisation"),
        labels("Country"),
        labels("Signature"),
    ]
    for n, day in enumerate(days):
        job.check()
        if n:
            story.append(PageBreak())
        story += document_title(job, labels("Sign-in sheet"))
        story.append(heading(job, labels.weekday(day), 2))
        rows: list[list[Flowable]] = [cells(job, header, bold=True)]
        for i, person in enumerate(people, start=1):
            rows.append(
                cells(
                    job,
                    [
                        labels.number(i),
                        sort_name(person),
                        person.organisation,
                        labels.country(person.country),
                        "",
                    ],
                    size=8.5,
                )
            )
        # Room to sign: rows at least this tall, taller when an organisation wraps.
        heights = [0.0] + [26.0] * len(people)
        story.append(table(rows, [width * r for r in ratios], job.rtl, min_row_heights=heights))
    write_pdf(job, story, path, setup, _author(people))


# -- action list -----------------------------------------------------------------------------


def build_actions(store: Store, job: Job, path: Path) -> None:
    labels = job.labels
    setup = PageSetup(title=meeting_title(job), subtitle=labels("Action points"))
    width = page_size(job, setup)[0] - 2 * setup.margins
    actions = queries.actions(store, job.meeting.id)
    numbers = numbering(queries.agenda(store, job.meeting.id))
    people = queries.participants(store, job.meeting.id)
    story: list[Flowable] = document_title(job, labels("Action points"))
    if actions:
        story.append(actions_table(job, width, actions, numbers, people))
    else:
        story.append(Para(labels("No action points."), job.style(9.5)))
    write_pdf(job, story, path, setup, _author(people))


# -- representation statistics ---------------------------------------------------------------


class BarChart(Flowable):  # type: ignore[misc]
    """A horizontal bar chart (reportlab.graphics) whose labels go through the text pipeline,
    as the chart's own labels cannot shape Arabic or embed fonts."""

    def __init__(self, job: Job, data: list[tuple[str, int]], width: float) -> None:
        super().__init__()
        self.job = job
        self.data = data
        self.width = width
        self.bar = 13.0
        self.height = self.bar * len(data) + 8

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        job = self.job
        label_width = self.width * 0.38
        value_width = 34.0
        chart_width = self.width - label_width - value_width
        drawing = Drawing(chart_width, self.height)
        drawing.initialFontName = base_font_name()  # never fall back to unembedded Helvetica
        chart = HorizontalBarChart()
        chart.x, chart.y = 0, 4
        chart.width, chart.height = chart_width, self.bar * len(self.data)
        chart.data = [[v for _, v in reversed(self.data)]]
        chart.bars[0].fillColor = colors.Color(0.2, 0.4, 0.65)
        chart.bars[0].strokeColor = None
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = max([v for _, v in self.data] + [1])
        chart.valueAxis.visible = False
        chart.categoryAxis.visible = False
        chart.categoryAxis.labels.visible = False
        chart.valueAxis.labels.visible = False
        if job.rtl:
            chart.valueAxis.reverseDirection = True
        drawing.add(chart)
        chart_x = value_width if job.rtl else label_width
        drawing.drawOn(self.canv, chart_x, 0)
        label_style = job.style(8)
        value_style = job.style(8, bold=True, align="left" if not job.rtl else "right")
        for i, (name, value) in enumerate(self.data):
            top = self.height - 4 - i * self.bar
            label_x = self.width - label_width if job.rtl else 0
            draw_layout(
                self.canv,
                layout(name, label_style, label_width - 6),
                label_x,
                top,
            )
            bar_len = chart_width * value / chart.valueAxis.valueMax
            value_x = (
                chart_x + chart_width - bar_len - value_width if job.rtl else chart_x + bar_len + 3
            )
            draw_layout(
                self.canv,
                layout(job.labels.number(value), value_style, value_width - 3),
                value_x,
                top,
            )


def build_stats(store: Store, job: Job, path: Path) -> None:
    labels = job.labels
    setup = PageSetup(title=meeting_title(job), subtitle=labels("Representation statistics"))
    width = page_size(job, setup)[0] - 2 * setup.margins
    people = queries.participants(store, job.meeting.id)
    total = len(people)
    story: list[Flowable] = document_title(job, labels("Representation statistics"))
    story.append(
        Para(
            labels.plural("{n} participant", "{n} participants", total).format(
                n=labels.number(total)
            ),
            job.style(10, bold=True),
            space_after=4,
        )
    )

    def region(person: Participant) -> str:
        if person.country in SOUTH or person.stakeholder_group == "southern_partner":
            return labels("South")
        if person.stakeholder_group in NORTH_GROUPS:
            return labels("North")
        return labels("Other")

    sections = [
        (
            labels("By country"),
            Counter(
                labels.country(p.country) if p.country else labels("No country") for p in people
            ),
        ),
        (
            labels("By stakeholder group"),
            Counter(labels.vocab(StakeholderGroup, p.stakeholder_group) for p in people),
        ),
        (
            labels("By gender"),
            Counter(
                labels.vocab(Gender, p.gender) if p.gender else labels("Not given") for p in people
            ),
        ),
        (labels("North / South"), Counter(region(p) for p in people)),
    ]
    for title, counter in sections:
        job.check()
        data = sorted(counter.items(), key=lambda kv: (-kv[1], collation_key(kv[0])))
        header = cells(job, [title, labels("Participants"), labels("Share")], bold=True)
        rows = [header] + [
            cells(job, [name, labels.number(n), labels.percent(n / total if total else 0)])
            for name, n in data
        ]
        story.append(CondPageBreak(120))
        story.append(heading(job, title, 2))
        story.append(BarChart(job, data, width))
        story.append(gap(2))
        story.append(table(rows, [width * 0.6, width * 0.2, width * 0.2], job.rtl))
    write_pdf(job, story, path, setup, _author(people))
