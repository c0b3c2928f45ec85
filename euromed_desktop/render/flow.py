"""Platypus building blocks that set their text through the shaping and bidi pipeline.

ReportLab's own Paragraph cannot be used for text (it shapes nothing and reverses digits in
Arabic), but its page machinery can: these flowables lay text out with ``text.layout`` and
draw glyphs with ``pdftext``; tables are ReportLab tables whose cells are such flowables,
with their columns mirrored in right-to-left documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from euromed_desktop.render.pdftext import base_font_name, draw_layout
from euromed_desktop.render.text import Layout, TextStyle, layout


class Para(Flowable):  # type: ignore[misc]
    """A paragraph in any mix of scripts; splits between lines across pages."""

    def __init__(
        self,
        text: str,
        style: TextStyle,
        space_before: float = 0.0,
        space_after: float = 0.0,
        background: tuple[float, float, float] | None = None,
        _layout: Layout | None = None,
    ) -> None:
        # A part made by split() keeps its lines: laying its text out again would bring back
        # the lines that went to the other part.
        super().__init__()
        self.text = text
        self.style = style
        self.space_before = space_before
        self.space_after = space_after
        self.background = background
        self._layout = _layout
        self._fixed = _layout is not None

    def _laid_out(self, width: float) -> Layout:
        if self._layout is None or (not self._fixed and abs(self._layout.width - width) > 0.01):
            self._layout = layout(self.text, self.style, width)
        return self._layout

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self._laid_out(avail_width).height
        return avail_width, self.height

    def getSpaceBefore(self) -> float:
        return self.space_before

    def getSpaceAfter(self) -> float:
        return self.space_after

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        laid = self._laid_out(avail_width)
        fits = int((avail_height + 0.01) // laid.line_height)
        if fits <= 0:
            return []
        if fits >= len(laid.lines):
            return [self]
        first = laid.part(0, fits)
        rest = laid.part(fits)
        return [
            Para(self.text, self.style, self.space_before, 0.0, self.background, first),
            Para(self.text, self.style, 0.0, self.space_after, self.background, rest),
        ]

    def draw(self) -> None:
        laid = self._laid_out(self.width)
        if self.background is not None:
            self.canv.setFillColorRGB(*self.background)
            self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        draw_layout(self.canv, laid, 0, self.height)


class Marker(Flowable):  # type: ignore[misc]
    """Zero-size flowable that reports the page it lands on (table of contents, progress)."""

    def __init__(self, callback: Callable[[int], object]) -> None:
        super().__init__()
        self.callback = callback

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.callback(self.canv.getPageNumber())


class _Table(Table):  # type: ignore[misc]
    """ReportLab's table, except that a row split across pages hands its cells the width
    inside the padding (the width they are drawn at), as it does when it lays them out."""

    def _splitCell(
        self, value: Any, style: Any, old_height: float, new_height: float, width: float
    ) -> Any:
        inner = width - style.leftPadding - style.rightPadding
        if isinstance(value, list | tuple) and all(isinstance(v, Para) for v in value):
            for flowable in value:
                flowable.wrap(inner, old_height)
            return super()._splitCell(
                [_Narrowed(v, inner) for v in value], style, old_height, new_height, width
            )
        return super()._splitCell(value, style, old_height, new_height, width)


class _Narrowed(Flowable):  # type: ignore[misc]
    """A paragraph seen by a splitting table: splits at the paragraph's true width."""

    def __init__(self, para: Para, width: float) -> None:
        super().__init__()
        self.para = para
        self.inner = width
        self.height = para.height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.para.wrap(self.inner, avail_height)

    def getSpaceBefore(self) -> float:
        return float(self.para.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.para.getSpaceAfter())

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return list(self.para.split(self.inner, avail_height))

    def draw(self) -> None:
        self.para.canv = self.canv
        self.para.draw()


GRID = colors.Color(0.72, 0.74, 0.78)
HEADER_FILL = colors.Color(0.90, 0.92, 0.95)


def table(
    rows: Sequence[Sequence[Flowable]],
    widths: Sequence[float],
    rtl: bool,
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
    min_row_heights: Sequence[float] | None = None,
    split_in_row: bool = False,
) -> Table:
    """A ruled table; in a right-to-left document the first column is on the right."""
    if rtl:
        rows = [list(reversed(row)) for row in rows]
        widths = list(reversed(widths))
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), base_font_name(), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL))
    commands.extend(extra)
    return _Table(
        [list(r) for r in rows],
        colWidths=list(widths),
        minRowHeights=list(min_row_heights) if min_row_heights is not None else None,
        splitInRow=1 if split_in_row else 0,
        repeatRows=header_rows,
        style=TableStyle(commands),
        hAlign="RIGHT" if rtl else "LEFT",
    )


class PageRef(Flowable):  # type: ignore[misc]
    """A page number that is only known at the end (table of contents): the space is kept
    now and the number drawn on this page once the document is laid out."""

    def __init__(
        self,
        pages: dict[str, int],
        key: str,
        style: TextStyle,
        late: list[Any],
        fmt: Callable[[int], str],
    ) -> None:
        super().__init__()
        self.pages = pages
        self.key = key
        self.style = style
        self.late = late
        self.fmt = fmt

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.style.line_height
        return avail_width, self.height

    def draw(self) -> None:
        left, top = self.canv.absolutePosition(0, self.height)
        width = self.width

        def late_draw(canvas: Any, number: int, total: int) -> None:
            page = self.pages.get(self.key)
            if page is not None:
                draw_layout(canvas, layout(self.fmt(page), self.style, width), left, top)

        self.late.append((self.canv.getPageNumber(), late_draw))
