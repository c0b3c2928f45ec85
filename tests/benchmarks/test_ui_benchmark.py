"""Typing speed in the minutes editor of the demo meeting: time from key press to durable save.

Run with: python -m pytest -m benchmark -s tests/benchmarks/test_ui_benchmark.py
"""

from __future__ import annotations

import statistics
import time

import pytest
from pytestqt.qtbot import QtBot

from euromed_desktop.demo import DEMO_MEETING_ID, ensure_demo_meeting
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store
from euromed_desktop.ui.main_window import MainWindow
from euromed_desktop.ui.settings import Settings
from euromed_desktop.ui.workspace import Workspace

pytestmark = pytest.mark.benchmark


def test_keystroke_to_saved(qtbot: QtBot, store: Store) -> None:
    ensure_demo_meeting(store)
    started = time.perf_counter()
    window = MainWindow(Workspace(store), Settings())
    qtbot.addWidget(window)
    window.select_meeting(DEMO_MEETING_ID, "minutes")
    window.show()
    opened = time.perf_counter() - started
    page = window.minutes
    page.tree.select(queries.blocks(store, DEMO_MEETING_ID)[0].item_id)
    editor = page.editors[0]
    editor.text.setFocus()
    timings = []
    for char in "The delegation welcomed the proposal and asked for figures by country. " * 3:
        begin = time.perf_counter()
        qtbot.keyClick(editor.text, char)
        timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()
    print(
        f"\nwindow open on the demo minutes: {opened * 1000:.0f} ms; "
        f"keystroke to saved: p50 {statistics.median(timings):.2f} ms, "
        f"p99 {timings[int(0.99 * (len(timings) - 1))]:.2f} ms over {len(timings)} keys"
    )
