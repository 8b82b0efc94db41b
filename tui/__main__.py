"""`python -m tui` runs the bilateral command."""

from tui.cli import main

main()
