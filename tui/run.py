"""Start the TUI: logging to a private file, configuration, the App."""

import logging
import os

from tui.config import load_config
from tui.paths import Paths


def setup_logging(paths: Paths) -> None:
    """Log warnings and errors to a file readable by the user only."""
    paths.log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(paths.log_file, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
    handler = logging.StreamHandler(os.fdopen(fd, "a", encoding="utf-8"))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("bilateral")
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def run_app(paths: Paths) -> int:
    """Run the application until the user quits; returns the exit code."""
    setup_logging(paths)
    from tui.app import BilateralApp

    app = BilateralApp(paths, load_config(paths.config_file))
    app.run()
    return app.return_code or 0
