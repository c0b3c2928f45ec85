"""The desktop app's entry point: ``euromed-desktop [--db PATH] [--demo] [--lang L]``."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from euromed_desktop.i18n import LANGUAGES, _

if TYPE_CHECKING:
    from euromed_desktop.ui.application import Application


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="euromed-desktop", description=_("EUROMED Desktop: meetings, agendas and minutes.")
    )
    parser.add_argument("--db", type=Path, help=_("database file (default: the last one used)"))
    parser.add_argument(
        "--demo", action="store_true", help=_("open the demo meeting, creating it if needed")
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of the interface"))
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help=_("render the main window to a PNG file and exit"),
    )
    parser.add_argument(
        "--page",
        choices=("overview", "agenda", "participants", "minutes", "actions", "review"),
        help=_("page to show first"),
    )
    parser.add_argument(
        "--size", default="1280x800", help=_("window size for --screenshot (default 1280x800)")
    )
    parser.add_argument(
        "bundle",
        nargs="?",
        type=Path,
        metavar="FILE.euromed",
        help=_("a bundle to import, or a review copy to open (as when double-clicking it)"),
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        if args.screenshot and not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return load_application(args).run()
    finally:
        gc.enable()


def load_application(args: argparse.Namespace) -> Application:
    """The app's modules loaded the quickest way, and its Qt application made (decision 35).

    - The garbage collector is paused until the first window is built
      (``Application.open_first_window``): tens of thousands of objects made at start-up, all
      kept, would otherwise be scanned over and over while they are made.
    - The engine and Babel are imported before Qt: once loaded, PySide6 reads the source of
      every module imported after it (to honour its ``__feature__`` switches).
    """
    gc.disable()
    import euromed_desktop.i18n.formats
    import euromed_desktop.store.queries  # noqa: F401
    from euromed_desktop.ui.application import Application

    return Application(args)


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if __name__ == "__main__":
    raise SystemExit(main())
