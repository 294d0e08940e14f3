"""Replay protection: a signed policy older than the newest one this user has had in force is refused.

Without it, anyone able to write the policy folder could put back an old, properly signed, weaker
policy. The high-water mark lives in the user's data dir (0600), one number per user; removing it
only lowers protection to "signed by the admin", never below.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from dlpguard.errors import PolicyError
from dlpguard.paths import private_dir, user_data_dir

logger = logging.getLogger(__name__)

STATE_FILE = "policy-state.json"


class ReplayGuard:
    """Remembers the highest signed policy version put in force."""

    def __init__(self, state_path: Path | None = None) -> None:
        self.state_path = state_path or user_data_dir() / STATE_FILE
        self._lock = threading.Lock()

    @property
    def highest(self) -> int:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            value = state["highest_version"]
        except FileNotFoundError:
            return 0
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("policy replay state %s unreadable, starting from 0: %s", self.state_path, exc)
            return 0
        return value if isinstance(value, int) and value >= 0 else 0

    def check(self, version: int, source: str) -> None:
        highest = self.highest
        if version < highest:
            raise PolicyError(
                f"{source}: version: policy version {version} is older than version {highest} "
                "already in force (replayed policy?); an admin must raise `version` above it"
            )

    def record(self, version: int) -> None:
        with self._lock:
            if version <= self.highest:
                return
            directory = private_dir(self.state_path.parent)
            fd, tmp = tempfile.mkstemp(prefix=".policy-state-", dir=directory)  # mkstemp creates it 0600
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"highest_version": version}, fh)
                Path(tmp).replace(self.state_path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def reset(self) -> bool:
        """Forgets the high-water mark (test machines walking a staged rollout again); True if one was kept.

        Only `dlpguard policy reset-replay --yes` calls this: on a real desktop it would let an old,
        properly signed, weaker policy back in, which is exactly what the mark is there to stop.
        """
        with self._lock:
            try:
                self.state_path.unlink()
            except FileNotFoundError:
                return False
        logger.warning("replay state %s removed: any signed version is accepted again", self.state_path)
        return True
