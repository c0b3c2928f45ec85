"""Crash safety: a process killed with SIGKILL in the middle of a stream of edits loses none
that it had acknowledged, and the database it leaves behind is healthy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.store import agenda, minutes, queries
from euromed_desktop.store.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [7, 160])
def test_acknowledged_edits_survive_sigkill(
    store: Store, meeting: Meeting, db_path: Path, kill_after: int
) -> None:
    item = agenda.add(store, meeting.id, title="Session")
    block = minutes.add_block(store, meeting.id, item.id)
    store.close()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "crash_child.py"),
            str(db_path),
            meeting.id,
            block.id,
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    acknowledged = -1
    assert child.stdout is not None
    for line in child.stdout:
        acknowledged = int(line.split()[1])
        if acknowledged >= kill_after:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Store(db_path) as reopened:
        text = queries.blocks(reopened, meeting.id)[0].text
        names = {p.family_name for p in queries.participants(reopened, meeting.id)}
        for n in range(acknowledged + 1):
            if n % 5 == 4:
                assert f"Person {n}" in names
            else:
                assert f"<{n}>" in text
        assert reopened.check().healthy

    check = subprocess.run(
        [sys.executable, "-m", "euromed_desktop.cli", "--db", str(db_path), "db", "check"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("Healthy")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_typing_in_the_window_loses_nothing_shown_as_saved(
    store: Store, meeting: Meeting, db_path: Path
) -> None:
    item = agenda.add(store, meeting.id, title="Session")
    block = minutes.add_block(store, meeting.id, item.id)
    store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "gui_crash_child.py"),
            str(db_path),
            meeting.id,
            item.id,
            block.id,
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    saved = ""
    for count, line in enumerate(child.stdout):
        saved = line.rstrip("\n").replace("\\n", "\n")
        if count >= 120:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert len(saved) > 100
    with Store(db_path) as reopened:
        text = queries.blocks(reopened, meeting.id)[0].text
        assert text.startswith(saved)  # every key shown as saved is there
        assert reopened.check().healthy
