"""`python -m dlpguard`: the same command line as the `dlpguard` console script."""

from __future__ import annotations

from dlpguard.cli import main

if __name__ == "__main__":
    main(prog_name="dlpguard")
