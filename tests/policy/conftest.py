"""Fixtures for the policy tests: every path DLP Guard touches points into the test's tmp_path."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from dlpguard.policy.resolve import PolicySources
from dlpguard.policy.signing import generate_keypair, sign_file


@dataclass
class PolicyEnv:
    root: Path
    machine_dir: Path
    admin_path: Path
    keys_dir: Path
    config_dir: Path
    data_dir: Path

    @property
    def sources(self) -> PolicySources:
        return PolicySources(self.admin_path, self.keys_dir, self.config_dir / "preferences.yaml")

    @property
    def preferences_path(self) -> Path:
        return self.config_dir / "preferences.yaml"

    def write_admin(self, body: str) -> Path:
        self.admin_path.write_text(textwrap.dedent(body), encoding="utf-8")
        return self.admin_path

    def install_key(self, name: str = "admin") -> Path:
        """Makes a key pair outside the machine dir, installs its public half, returns the private key."""
        private, public = generate_keypair(self.root / "admin-keys", name)
        self.keys_dir.mkdir(exist_ok=True)
        (self.keys_dir / public.name).write_bytes(public.read_bytes())
        return private

    def write_signed(self, body: str, key: Path) -> Path:
        path = self.write_admin(body)
        sign_file(path, key)
        return path


@pytest.fixture
def policy_env(tmp_path, monkeypatch) -> PolicyEnv:
    machine = tmp_path / "machine"
    machine.mkdir()
    env = PolicyEnv(
        root=tmp_path,
        machine_dir=machine,
        admin_path=machine / "policy.yaml",
        keys_dir=machine / "keys",
        config_dir=tmp_path / "config",
        data_dir=tmp_path / "data",
    )
    env.config_dir.mkdir()
    monkeypatch.setenv("DLPGUARD_MACHINE_DIR", str(machine))
    monkeypatch.setenv("DLPGUARD_POLICY", str(env.admin_path))
    monkeypatch.setenv("DLPGUARD_CONFIG_DIR", str(env.config_dir))
    monkeypatch.setenv("DLPGUARD_DATA_DIR", str(env.data_dir))
    monkeypatch.delenv("DLPGUARD_KEY_PASSPHRASE", raising=False)
    return env


def policy_text(version: int = 1, extra: str = "") -> str:
    """A minimal admin policy, with `extra` YAML appended at the top level."""
    return f"schema_version: 1\nversion: {version}\n" + textwrap.dedent(extra)
