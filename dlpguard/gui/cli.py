"""`dlpguard gui`: start the tray app (what the autostart entries run), or hand over to the running one.

`dlpguard` with no subcommand does the same. `--review FILE…` opens exported logs read-only in the
review window without starting the guard (for reviewers); `--show-review` and `--check-text` open the
running app's incident review and Check-text windows (starting the app if needed): the way in where
the desktop has no system tray.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from dlpguard import paths

LOG_NAME = "gui.log"


def _log_to_file() -> None:
    """The tray app has no terminal: it logs (never content) to a private file in the data dir."""
    folder = paths.private_dir(paths.user_data_dir() / "logs")
    path = folder / LOG_NAME
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger("dlpguard")
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def review_only(files: tuple[Path, ...]) -> int:
    from PySide6.QtWidgets import QApplication

    from dlpguard.gui.icons import app_icon
    from dlpguard.gui.review_data import open_exported
    from dlpguard.gui.review_window import ReviewWindow
    from dlpguard.gui.worker import Background

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("DLP Guard")
    app.setWindowIcon(app_icon())
    source = open_exported(list(files))
    background = Background()
    window = ReviewWindow(source, background)
    window.show()
    try:
        return app.exec()
    finally:
        background.wait()
        source.close()


@click.command("gui")
@click.option(
    "--review",
    "review_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Open exported incident logs (JSON Lines or .db) read-only, without starting the guard. Repeatable.",
)
@click.option(
    "--show-review",
    is_flag=True,
    help="Open the incident review window of your own log (starting the app if needed).",
)
@click.option("--check-text", is_flag=True, help="Open the Check-text window (starting the app if needed).")
def gui(review_files: tuple[Path, ...], show_review: bool, check_text: bool) -> None:
    """Start the DLP Guard tray app (or bring up the running one)."""
    if review_files:
        raise click.exceptions.Exit(review_only(review_files))
    if show_review and check_text:
        raise click.UsageError("--show-review and --check-text open one window each: give one of them")
    from dlpguard.gui.app import run

    _log_to_file()
    command = "check-text" if check_text else "review" if show_review else "show"
    raise click.exceptions.Exit(run(command=command))
