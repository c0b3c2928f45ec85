"""Where bundled data files are: inside the installed package, or the source tree's resources/."""

from __future__ import annotations

from pathlib import Path


def resource_dir() -> Path:
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
