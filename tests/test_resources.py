"""Data files are found in a frozen (PyInstaller) app as in the source tree."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from euromed_desktop.app import parse_args
from euromed_desktop.i18n import catalogue_dirs
from euromed_desktop.resources import frozen_dir, resource, resource_dir


def test_source_tree_resources() -> None:
    assert frozen_dir() is None
    assert resource("demo", "demo-meeting.json").is_file()
    assert resource("icons", "euromed-desktop.svg").is_file()
    assert resource("help", "en", "index.html").is_file()


def test_frozen_app_looks_in_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert frozen_dir() == tmp_path
    assert resource_dir() == tmp_path / "euromed_desktop" / "resources"
    assert catalogue_dirs() == [tmp_path / "euromed_desktop" / "locale"]


def test_the_app_takes_a_bundle_to_open() -> None:
    """The desktop entry passes the double-clicked file (``%f``)."""
    assert parse_args(["notes.euromed"]).bundle == Path("notes.euromed")
    assert parse_args([]).bundle is None
