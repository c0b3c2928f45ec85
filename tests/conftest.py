"""Shared fixtures: a real SQLite store in a temporary folder and a small meeting in it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite speaks English whatever the machine's locale (tests of other languages ask).
os.environ["EUROMED_LANG"] = "en"

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.store import meetings
from euromed_desktop.store.store import Store

if TYPE_CHECKING:
    from euromed_desktop.sync.device import DeviceKey


@pytest.fixture(autouse=True)
def _no_user_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user data directory or the user's settings."""
    monkeypatch.setenv("EUROMED_DB", str(tmp_path / "default.sqlite"))
    monkeypatch.setenv("EUROMED_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("EUROMED_KEYS", str(tmp_path / "keys"))


@pytest.fixture(autouse=True)
def _no_modal_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody expected would wait for a click for ever: fail at once instead.
    Tests that expect one replace the function themselves."""
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:  # the engine's tests do not need Qt
        return

    def unexpected(_parent: object, title: str, text: str, *args: object, **kwargs: object):
        raise AssertionError(f"unexpected message box: {title}: {text}")

    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, unexpected)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "meetings.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    """A second laptop's database, for exchanges by file."""
    with Store(tmp_path / "other.sqlite") as opened:
        yield opened


@pytest.fixture
def key_a(tmp_path: Path) -> DeviceKey:
    """The device key of the first laptop (Amina's)."""
    from euromed_desktop.sync.device import rename

    return rename("Amina's laptop", "Amina", tmp_path / "keys-a")


@pytest.fixture
def key_b(tmp_path: Path) -> DeviceKey:
    """The device key of the second laptop (Bruno's)."""
    from euromed_desktop.sync.device import rename

    return rename("Bruno's laptop", "Bruno", tmp_path / "keys-b")


@pytest.fixture
def meeting(store: Store) -> Meeting:
    return meetings.create(
        store,
        title={"en": "Legal migration pathways", "fr": "Voies de migration légale"},
        start=date(2026, 3, 10),
        end=date(2026, 3, 11),
        country="TN",
        languages=["en", "fr", "ar"],
    )


def dump(db: Path) -> list[str]:
    """Everything in a database file, for before/after comparisons."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
