"""Fixtures for the tray app: Qt offscreen, private dirs per test, a pattern-only policy, real services.

Widget tests run on Qt's offscreen platform (no display needed, the clipboard is in-process). Tests
that need a real X server (the clipboard against another process, screenshots) start Xvfb themselves
(see x11.py) and run the app in a child process on it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Before any QApplication exists (pytest-qt creates it on first use).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

#: Pattern-only (no spaCy per test), a file for the fingerprint key (no OS keyring on the test machine),
#: the clipboard masked in place, pausing and quitting allowed.
POLICY = textwrap.dedent(
    """\
    schema_version: 1
    version: 7
    detection: {ner: false}
    incidents: {keyring_fallback: file}
    clipboard: {mode: mask, restore_seconds: 60, only_ai_apps: true}
    user_may_pause: true
    user_may_quit: true
    """
)

# Planted values: they look real to the recognizers and are not real.
AWS_KEY = "AKIAIOSFODNN7EXAMPLQ"
CARD = "4539 1488 0343 6467"
EMAIL = "maria.keller@northwind-traders.net"
SECRET_TEXT = f"deploy with {AWS_KEY}, bill card {CARD}, and mail {EMAIL} when done"
RAW_VALUES = (AWS_KEY, CARD, EMAIL, CARD.replace(" ", ""))


@dataclass
class GuiEnv:
    root: Path
    runtime_dir: Path
    data_dir: Path
    policy_path: Path

    def write_policy(self, text: str) -> None:
        self.policy_path.write_text(text, encoding="utf-8")

    def environ(self) -> dict[str, str]:
        """For child processes: our dirs, nothing DLPGUARD_* from the developer's shell."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("DLPGUARD_")}
        base.update(
            DLPGUARD_DATA_DIR=str(self.data_dir),
            DLPGUARD_CONFIG_DIR=str(self.root / "config"),
            DLPGUARD_RUNTIME_DIR=str(self.runtime_dir),
            DLPGUARD_MACHINE_DIR=str(self.policy_path.parent),
            DLPGUARD_POLICY=str(self.policy_path),
            TZ="UTC",
        )
        return base


@pytest.fixture
def gui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[GuiEnv]:
    # Unix socket paths are limited to ~100 bytes: the runtime dir lives under a short /tmp path.
    short = Path(tempfile.mkdtemp(prefix="dg-gui-", dir="/tmp"))
    env = GuiEnv(tmp_path, short / "run", tmp_path / "data", tmp_path / "machine" / "policy.yaml")
    env.policy_path.parent.mkdir()
    env.write_policy(POLICY)
    for name, value in env.environ().items():
        if name.startswith("DLPGUARD_"):
            monkeypatch.setenv(name, value)
    yield env
    shutil.rmtree(short, ignore_errors=True)


@pytest.fixture
def policy_store(gui_env: GuiEnv):
    from dlpguard.policy.watcher import PolicyStore

    return PolicyStore(debounce_seconds=0.05)


@pytest.fixture
def services(policy_store):
    from dlpguard.guard.services import GuardServices

    svc = GuardServices(lambda: policy_store.loaded)
    yield svc
    svc.close()


@pytest.fixture
def background(qtbot):
    from dlpguard.gui.worker import Background

    bg = Background()
    yield bg
    bg.wait()
    qtbot.waitUntil(lambda: bg.pending == 0, timeout=30_000)


BIG = 100_000


@pytest.fixture(scope="session")
def big_log_path(tmp_path_factory) -> Path:
    """100,000 incidents over 45 days, built once per run (see data.py)."""
    from tests.gui.data import build_log

    return build_log(tmp_path_factory.mktemp("big") / "incidents.db", BIG)


@pytest.fixture(scope="module")
def big_store(big_log_path):
    """The 100,000-incident log, opened once per module (opening checks the whole file)."""
    from dlpguard.incidents.store import Store

    with Store(big_log_path) as store:
        yield store


@pytest.fixture
def small_log(gui_env):
    """300 incidents in the user's own log (writable: tests mark them reviewed)."""
    from dlpguard.incidents.store import default_path
    from tests.gui.data import build_log

    return build_log(default_path(), 300, base=300)
