"""Entry script of the frozen desktop app (PyInstaller needs a file, not an entry point)."""

from euromed_desktop.app import main

raise SystemExit(main())
