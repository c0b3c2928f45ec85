"""What every printed document shares: its language, page frame, header, footer, watermark,
metadata, progress and cancellation.

Page numbers "X of Y" and the table of contents' page numbers are only known once the last
page is laid out; rather than laying the document out twice, the canvas keeps each finished
page open until the end and draws those late items on it then.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.i18n import RTL_LANGUAGES, formats, translator
from euromed_desktop.render import RenderCancelled
from euromed_desktop.render.pdftext import base_font_name, draw_line, line_x
from euromed_desktop.render.text import TextStyle, layout

# Page streams are compressed; ReportLab would also wrap them in ASCII85, which only makes
# the file a quarter bigger and, without its optional C accelerator, costs seconds on a
# hundred-page document.
rl_config.useA85 = 0

Progress = Callable[[int, int], None]
PAPERS = {"a4": A4, "letter": LETTER}


Cancel = Callable[[], bool] | threading.Event


def _cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


LateDraw = Callable[[Canvas, int, int], None]  # canvas, page number, page count


class Labels:
    """Words, dates, numbers and names in the document's language (not the window's)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._translations: gettext.NullTranslations = translator(lang)

    def __call__(self, message: str) -> str:
        return self._translations.gettext(message)

    def plural(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def vocab(self, vocabulary: Any, code: str | None) -> str:
        if not code:
            return ""
        labels: dict[str, str] = vocabulary._labels()
        return self(labels[code]) if code in labels else code

    def date(self, value: dt.date | None, form: str = "medium") -> str:
        return formats.format_date(value, self.lang, form) if value else ""

    def date_range(self, start: dt.date, end: dt.date) -> str:
        if start == end:
            return self.date(start, "long")
        from babel.dates import format_interval

        return str(format_interval(start, end, "yMMMd", locale=formats.locale(self.lang)))

    def weekday(self, value: dt.date) -> str:
        return formats.format_weekday_date(value, self.lang)

    def time(self, value: dt.datetime | None) -> str:
        return formats.format_time(value, self.lang) if value else ""

    def number(self, value: float) -> str:
        return formats.format_number(value, self.lang)

    def percent(self, value: float) -> str:
        return formats.format_percent(value, self.lang)

    def country(self, code: str | None) -> str:
        return formats.country_name(code, self.lang)

    def language(self, code: str) -> str:
        return formats.language_name(code, self.lang)


@dataclass
class Job:
    """One document being made: what the builders need to know, and how to report."""

    meeting: Meeting
    lang: str
    paper: str = "a4"
    second_lang: str | None = None
    progress: Progress | None = None
    cancel: Cancel | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.labels = Labels(self.lang)
        self.rtl = self.lang.split("-")[0] in RTL_LANGUAGES
        self.late: list[tuple[int, LateDraw]] = []

    def style(self, size: float = 9.5, **changes: Any) -> TextStyle:
        """A text style for this document: right-to-left documents align to the right and
        read neutral text (a lone date) right to left; Arabic needs taller lines."""
        leading = size * (1.75 if self.rtl else 1.38)
        base = TextStyle(
            size=size,
            leading=leading,
            rtl_default=self.rtl,
            align="right" if self.rtl else "left",
        )
        return base.with_(**changes)

    def check(self) -> None:
        if _cancelled(self.cancel):
            raise RenderCancelled


def make_canvas_class(late: list[tuple[int, LateDraw]], every_page: list[LateDraw]) -> type:
    class LateCanvas(Canvas):  # type: ignore[misc]
        """Keeps finished pages until save, then draws what needed the page count."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = base_font_name()
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                for draw in every_page:
                    draw(self, number, total)
                for page, draw in late:
                    if page == number:
                        draw(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return LateCanvas


@dataclass
class PageSetup:
    title: str
    subtitle: str = ""
    landscape: bool = False
    margins: float = 16 * mm
    header: bool = True
    footer: bool = True
    watermark: str | None = None


def page_size(job: Job, setup: PageSetup) -> tuple[float, float]:
    size: tuple[float, float] = PAPERS.get(job.paper, A4)
    return landscape(size) if setup.landscape else size


def write_pdf(job: Job, story: list[Flowable], path: Path, setup: PageSetup, author: str) -> None:
    """Lay out the story and write the file atomically (a cancelled or failed render leaves
    no half-written PDF behind)."""
    labels = job.labels
    width, height = page_size(job, setup)
    margin = setup.margins
    top = margin + (9 * mm if setup.header else 0)
    bottom = margin + (7 * mm if setup.footer else 0)
    late = job.late
    small = job.style(7.5, color=(0.35, 0.38, 0.42))

    def header(canvas: Canvas, number: int, total: int) -> None:
        if setup.header:
            text = setup.title if not setup.subtitle else f"{setup.title} — {setup.subtitle}"
            laid = layout(text, small, width - 2 * margin)
            if laid.lines:
                line = laid.lines[0]
                x = line_x(line, margin, width - 2 * margin, small.align)
                draw_line(canvas, line, x, height - margin, small.size, small.color)
            canvas.setStrokeColorRGB(0.72, 0.74, 0.78)
            canvas.setLineWidth(0.4)
            canvas.line(margin, height - margin - 3, width - margin, height - margin - 3)
        if setup.footer:
            text = labels("Page {page} of {pages}").format(
                page=labels.number(number), pages=labels.number(total)
            )
            laid = layout(text, small.with_(align="center"), width - 2 * margin)
            if laid.lines:
                line = laid.lines[0]
                x = line_x(line, margin, width - 2 * margin, "center")
                draw_line(canvas, line, x, margin - 2, small.size, small.color)

    def watermark(canvas: Canvas, doc: Any) -> None:
        if not setup.watermark:
            return
        style = job.style(96, bold=True, heading=True, color=(0.90, 0.90, 0.92))
        laid = layout(setup.watermark, style, 2000)
        if not laid.lines:
            return
        line = laid.lines[0]
        canvas.saveState()
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        draw_line(canvas, line, -line.width / 2, -style.size * 0.35, style.size, style.color)
        canvas.restoreState()

    total_flowables = max(1, len(story))
    done = [0]

    class Template(BaseDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Flowable) -> None:
            done[0] += 1
            if job.progress is not None:
                job.progress(min(done[0], total_flowables - 1), total_flowables)
            job.check()

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".pdf.part", dir=path.parent)
    os.close(handle)
    try:
        doc = Template(
            temporary,
            pagesize=(width, height),
            leftMargin=margin,
            rightMargin=margin,
            topMargin=top,
            bottomMargin=bottom,
            title=setup.title,
            subject=setup.subtitle,
            author=author,
            creator="EUROMED Desktop",
            lang=job.lang,
            invariant=True,
        )
        frame = Frame(margin, bottom, width - 2 * margin, height - top - bottom, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=watermark)])
        doc.build(story, canvasmaker=make_canvas_class(late, [header]))
        job.check()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    if job.progress is not None:
        job.progress(total_flowables, total_flowables)
