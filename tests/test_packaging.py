"""The frozen app: build the one-folder bundle with PyInstaller, then run both of its
executables with an empty environment, as on a machine with no Python packages installed.

Slow (a minute or two) and opt-in: ``python -m pytest -m slow -s tests/test_packaging.py``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from euromed_desktop.demo import DEMO_MEETING_ID

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "euromed-desktop.spec"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller")
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle test runs on Linux")
    base = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "build"),
            str(SPEC),
        ],
        cwd=ROOT,
        check=True,
    )
    folder = base / "dist" / "euromed-desktop"
    assert (folder / "euromed-desktop").is_file() and (folder / "euromed").is_file()
    return folder


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """No PYTHONPATH, no virtual environment on PATH, a fresh home and settings file."""
    return {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "EUROMED_SETTINGS": str(home / "settings.ini"),
        "EUROMED_KEYS": str(home / "keys"),
        **extra,
    }


def test_frozen_app_opens_the_demo_and_writes_a_screenshot_and_a_pdf(
    bundle: Path, tmp_path: Path
) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    from PySide6.QtGui import QImage

    db, png = tmp_path / "meetings.sqlite", tmp_path / "window.png"
    started = time.perf_counter()
    subprocess.run(
        [
            str(bundle / "euromed-desktop"),
            *("--db", str(db), "--demo", "--lang", "ar", "--screenshot", str(png)),
        ],
        env=clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
        check=True,
        timeout=120,
    )
    cold_start = time.perf_counter() - started
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 800, 23)}
    assert len(colours) > 8

    # The command line beside it: its catalogues, the demo data, fonts and ReportLab.
    listing = subprocess.run(
        [str(bundle / "euromed"), "--db", str(db), "meetings", "list"],
        env=clean_env(tmp_path, EUROMED_LANG="fr"),
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "Début" in listing and DEMO_MEETING_ID[:8] in listing
    pdf = tmp_path / "minutes.pdf"
    subprocess.run(
        [
            str(bundle / "euromed"),
            *("--db", str(db), "pdf", "minutes", "--meeting", DEMO_MEETING_ID[:8]),
            *("--lang", "en", "--second-lang", "ar", "-o", str(pdf)),
        ],
        env=clean_env(tmp_path),
        check=True,
        timeout=120,
    )
    with pdfplumber.open(pdf) as document:
        fonts = {c["fontname"].split("+")[-1] for page in document.pages for c in page.chars}
        assert len(document.pages) > 1
    assert {"NotoSans-Regular", "NotoNaskhArabic-Regular"} <= fonts

    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"\nbundle: {size / 1e6:.0f} MB; cold start to screenshot: {cold_start:.2f} s")
