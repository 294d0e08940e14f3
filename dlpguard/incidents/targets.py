"""The SIEM targets: one table from a target's name to the sender that delivers to it.

A name is three things at once: the `ForwardingConfig` field holding the target's settings, the outbox's
`target` column, and the tail of each row's idempotency key. The store reads the table to know which
targets get outbox rows, the forwarder to build their senders. Adding a target: its sender module, its
settings model as a `ForwardingConfig` field of the same name, and one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from dlpguard.incidents.http import HttpSender
from dlpguard.incidents.sender import Sender
from dlpguard.incidents.syslog import SyslogSender
from dlpguard.policy.incident_settings import ForwardingConfig

#: Name -> factory taking that target's settings (the `ForwardingConfig` field of the same name).
SENDERS: Mapping[str, Callable[[Any], Sender]] = MappingProxyType(
    {
        "syslog": SyslogSender,
        "http": HttpSender,
    }
)


def _settings(config: ForwardingConfig) -> dict[str, Any]:
    """The targets the policy sets, by name, in table order."""
    return {name: target for name in SENDERS if (target := getattr(config, name)) is not None}


def configured_targets(config: ForwardingConfig) -> tuple[str, ...]:
    """The names each new incident gets an outbox row for."""
    return tuple(_settings(config))


def senders_for(config: ForwardingConfig) -> dict[str, Sender]:
    return {name: SENDERS[name](target) for name, target in _settings(config).items()}
