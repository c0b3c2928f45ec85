"""Benchmark of printing (opt-in: pytest -m benchmark -s tests/benchmarks/test_render_benchmark.py).

The minutes of the large benchmark meeting (2,000 participants, 300 agenda items, 5,000
blocks in English, French and Arabic) through the full pipeline (script runs, HarfBuzz
shaping, python-bidi reordering, glyph-addressed fonts), against the same text through plain
ReportLab Paragraphs with no shaping and no bidi (which print Arabic wrongly: the floor, not
a competitor). Each run happens in a fresh process so that its peak memory is its own.
Figures, not asserts.
"""

from __future__ import annotations

import multiprocessing
import random
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from euromed_desktop.store.store import Store
from tests.benchmarks.test_engine_benchmark import build

pytestmark = pytest.mark.benchmark


def _measured(render: Any, db: str, meeting_id: str, out: str, queue: Any, traced: bool) -> None:
    """Time a render, or (traced) measure the peak of memory it allocates: tracing slows
    Python down, so the two are separate runs."""
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    render(db, meeting_id, out)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 1e6 if traced else 0.0
    queue.put((seconds, peak))


def _render_ours(db: str, meeting_id: str, out: str) -> None:
    from euromed_desktop import render

    with Store(db) as store:
        render.build("minutes", store, meeting_id, out, lang="en")


def _render_plain(db: str, meeting_id: str, out: str) -> None:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.utils import escapeOnce
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from euromed_desktop.domain.entities import text_is_rtl
    from euromed_desktop.resources import resource as res
    from euromed_desktop.store import queries

    rl_config.useA85 = 0  # as in our documents: compressed streams, no ASCII85 on top
    for name, file in (
        ("PlainSans", "NotoSans-Regular.ttf"),
        ("PlainSansBold", "NotoSans-Bold.ttf"),
        ("PlainNaskh", "NotoNaskhArabic-Regular.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(res("fonts", file)), shapable=False))
    body = ParagraphStyle("body", fontName="PlainSans", fontSize=9.5, leading=13)
    arabic = ParagraphStyle("ar", parent=body, fontName="PlainNaskh", alignment=2, leading=16)
    head = ParagraphStyle("head", fontName="PlainSansBold", fontSize=12, leading=16)
    with Store(db) as store:
        agenda = queries.agenda(store, meeting_id)
        blocks = queries.blocks(store, meeting_id)
        by_item: dict[str, list[Any]] = {}
        for block in blocks:
            by_item.setdefault(block.item_id, []).append(block)
        story: list[Any] = []
        for item in agenda:
            story.append(Paragraph(escapeOnce(item.display_title()), head))
            for block in by_item.get(item.id, []):
                style = arabic if text_is_rtl(block.text, block.lang) else body
                story.append(Paragraph(escapeOnce(block.text), style))
        SimpleDocTemplate(out, pagesize=A4, initialFontName="PlainSans").build(story)


def _in_child(target: Any, *args: Any, traced: bool = False) -> tuple[float, float]:
    """Run in a fresh process, so that no cache of an earlier run helps."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measured, args=(target, *args, queue, traced))
    process.start()
    result: tuple[float, float] = queue.get(timeout=900)
    process.join()
    return result


def _pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def test_large_meeting_minutes(tmp_path: Path) -> None:
    db = tmp_path / "large.sqlite"
    with Store(db) as store:
        meeting_id, _blocks = build(store, random.Random(20260310))
    ours_pdf = tmp_path / "ours.pdf"
    plain_pdf = tmp_path / "plain.pdf"
    ours = _in_child(_render_ours, str(db), meeting_id, str(ours_pdf))
    plain = _in_child(_render_plain, str(db), meeting_id, str(plain_pdf))
    ours_memory = _in_child(_render_ours, str(db), meeting_id, str(ours_pdf), traced=True)[1]
    plain_memory = _in_child(_render_plain, str(db), meeting_id, str(plain_pdf), traced=True)[1]
    print()
    print(
        f"minutes of the large meeting: {_pages(ours_pdf)} pages "
        f"({ours_pdf.stat().st_size / 1e6:.1f} MB)"
    )
    print(f"shaping + bidi pipeline:    {ours[0]:6.1f} s, peak allocated {ours_memory:6.0f} MB")
    print(
        f"plain ReportLab Paragraphs: {plain[0]:6.1f} s, peak allocated {plain_memory:6.0f} MB "
        f"({_pages(plain_pdf)} pages)"
    )
    print(f"ratio (ours / plain):       {ours[0] / plain[0]:6.2f}x time")
    print("LibreOffice comparison: not run (soffice is not installed here).")
