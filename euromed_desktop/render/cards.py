"""Name badges (8 per sheet, with cut marks) and table tents (one folded sheet per person),
each with a colour band that tells the role at a glance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from euromed_desktop.domain.entities import Participant
from euromed_desktop.domain.vocab import Role
from euromed_desktop.render.document import Job, PageSetup, write_pdf
from euromed_desktop.render.lists import _author, collation_key
from euromed_desktop.render.parts import meeting_title, sort_name
from euromed_desktop.render.pdftext import draw_layout
from euromed_desktop.render.text import TextStyle, layout
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

ROLE_COLOURS: dict[str, tuple[float, float, float]] = {
    "participant": (0.16, 0.36, 0.62),
    "speaker": (0.85, 0.45, 0.10),
    "moderator": (0.18, 0.55, 0.30),
    "rapporteur": (0.45, 0.25, 0.60),
    "observer": (0.45, 0.47, 0.50),
    "organiser": (0.72, 0.14, 0.18),
    "interpreter": (0.05, 0.50, 0.55),
}
WHITE = (1.0, 1.0, 1.0)


def _centred(
    canvas: Any, text: str, style: TextStyle, left: float, top: float, width: float
) -> float:
    """Draw centred text (at most two lines); return the height used."""
    laid = layout(text, style.with_(align="center"), width)
    if len(laid.lines) > 2:
        laid = laid.part(0, 2)
    draw_layout(canvas, laid, left, top)
    return laid.height


def _card(
    canvas: Any, job: Job, person: Participant, x: float, y: float, w: float, h: float, scale: float
) -> None:
    """One badge or tent face with its lower left corner at (x, y)."""
    labels = job.labels
    colour = ROLE_COLOURS.get(person.role, ROLE_COLOURS["participant"])
    band = h * 0.2
    canvas.setFillColorRGB(*colour)
    canvas.rect(x, y + h - band, w, band, stroke=0, fill=1)
    canvas.rect(x, y, w, h * 0.04, stroke=0, fill=1)
    pad = 5 * scale
    role_style = job.style(11 * scale, bold=True, heading=True, color=WHITE)
    role_text = labels.vocab(Role, person.role)
    role_top = y + h - (band - role_style.line_height) / 2
    _centred(canvas, role_text, role_style, x + pad, role_top, w - 2 * pad)
    top = y + h - band - 6 * scale
    name_style = job.style(19 * scale, bold=True, heading=True)
    top -= _centred(
        canvas, person.given_name, job.style(14 * scale, heading=True), x + pad, top, w - 2 * pad
    )
    top -= _centred(canvas, person.family_name, name_style, x + pad, top, w - 2 * pad)
    top -= 3 * scale
    detail = job.style(9 * scale, color=(0.25, 0.25, 0.25))
    if person.organisation:
        top -= _centred(canvas, person.organisation, detail, x + pad, top, w - 2 * pad)
    country = labels.country(person.country)
    if country:
        _centred(canvas, country, detail.with_(bold=True), x + pad, top, w - 2 * pad)
    # Thin frame so the card reads as one even where the band is pale.
    canvas.setStrokeColorRGB(0.8, 0.8, 0.82)
    canvas.setLineWidth(0.3)
    canvas.rect(x, y, w, h, stroke=1, fill=0)


class _WholePage(Flowable):  # type: ignore[misc]
    """Takes the whole frame (a point less, so that it fits) and draws into it."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height
        return avail_width - 1, avail_height - 1


class BadgeSheet(_WholePage):
    """Eight badges in two columns and four rows, with cut marks in the margins."""

    COLUMNS = 2
    ROWS = 4

    def __init__(self, job: Job, people: list[Participant]) -> None:
        super().__init__()
        self.job = job
        self.people = people

    def draw(self) -> None:
        canvas = self.canv
        w = (self.width - 2) / self.COLUMNS
        h = (self.height - 2) / self.ROWS
        for index, person in enumerate(self.people):
            column = index % self.COLUMNS
            if self.job.rtl:
                column = self.COLUMNS - 1 - column
            row = index // self.COLUMNS
            x = column * w
            y = self.height - (row + 1) * h
            _card(canvas, self.job, person, x + 3 * mm, y + 3 * mm, w - 6 * mm, h - 6 * mm, 1.0)
        # Cut marks: short lines outside the grid where the cuts run.
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(0.3)
        mark = 4 * mm
        for c in range(self.COLUMNS + 1):
            x = c * w
            canvas.line(x, self.height + 1, x, self.height + 1 + mark)
            canvas.line(x, -1, x, -1 - mark)
        for r in range(self.ROWS + 1):
            y = r * h
            canvas.line(-1, y, -1 - mark, y)
            canvas.line(self.width + 1, y, self.width + 1 + mark, y)


def _people(store: Store, job: Job) -> list[Participant]:
    return sorted(
        queries.participants(store, job.meeting.id), key=lambda p: collation_key(sort_name(p))
    )


def build_badges(store: Store, job: Job, path: Path) -> None:
    people = _people(store, job)
    setup = PageSetup(
        title=meeting_title(job),
        subtitle=job.labels("Badges"),
        header=False,
        footer=False,
        margins=14 * mm,
    )
    story: list[Flowable] = []
    per_sheet = BadgeSheet.COLUMNS * BadgeSheet.ROWS
    for start in range(0, max(len(people), 1), per_sheet):
        if start:
            story.append(PageBreak())
        story.append(BadgeSheet(job, people[start : start + per_sheet]))
    write_pdf(job, story, path, setup, _author(people))


class Tent(_WholePage):
    """A sheet folded across the middle: the upper half is upside down, so that the name
    reads the right way up on both sides of the table."""

    def __init__(self, job: Job, person: Participant) -> None:
        super().__init__()
        self.job = job
        self.person = person

    def draw(self) -> None:
        canvas = self.canv
        half = self.height / 2
        _card(canvas, self.job, self.person, 0, 0, self.width, half - 8 * mm, 1.9)
        canvas.saveState()
        canvas.translate(self.width, self.height)
        canvas.rotate(180)
        _card(canvas, self.job, self.person, 0, 0, self.width, half - 8 * mm, 1.9)
        canvas.restoreState()
        canvas.setDash(3, 3)
        canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
        canvas.line(0, half, self.width, half)
        canvas.setDash()


def build_tents(store: Store, job: Job, path: Path) -> None:
    people = _people(store, job)
    setup = PageSetup(
        title=meeting_title(job),
        subtitle=job.labels("Table tents"),
        header=False,
        footer=False,
        margins=10 * mm,
    )
    story: list[Flowable] = []
    for n, person in enumerate(people):
        if n:
            story.append(PageBreak())
        story.append(Tent(job, person))
    write_pdf(job, story, path, setup, _author(people))
