"""`python -m dlpguard.bridge <command>`: the bridge commands without the rest of the CLI (tests, and
before the commands are registered on the main group)."""

from __future__ import annotations

import logging
import sys

import click

from dlpguard.bridge.cli import COMMANDS
from dlpguard.cli import DlpGuardGroup


@click.group(cls=DlpGuardGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-vv for debug). Never logs content.")
def bridge(verbose: int) -> None:
    """DLP Guard browser bridge."""
    logger = logging.getLogger("dlpguard")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("dlpguard: %(levelname)s: %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel({0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG))


for _command in COMMANDS:
    bridge.add_command(_command)

if __name__ == "__main__":
    bridge(prog_name="dlpguard")
