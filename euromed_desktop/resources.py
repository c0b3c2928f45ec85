"""Where bundled data files are: inside the installed package, the frozen app's folder, or the
source tree's resources/."""

from __future__ import annotations

import sys
from pathlib import Path


def frozen_dir() -> Path | None:
    """The folder a frozen (PyInstaller) app unpacks its data files to, if this is one."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if getattr(sys, "frozen", False) and base else None


def resource_dir() -> Path:
    frozen = frozen_dir()
    if frozen is not None:
        return frozen / "euromed_desktop" / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def interface_fonts() -> list[Path]:
    """The bundled font files the window draws with (Noto Sans for Latin, Arabic, Georgian and
    Hebrew). Noto Naskh Arabic is only for printed documents, which read their fonts from the
    files themselves."""
    return sorted(resource("fonts").glob("NotoSans*.ttf"))
