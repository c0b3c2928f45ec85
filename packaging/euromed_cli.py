"""Entry script of the frozen command line, a second executable in the same folder."""

from euromed_desktop.cli import main

main()
