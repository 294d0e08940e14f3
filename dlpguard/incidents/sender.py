"""What a SIEM transport must do: deliver a batch of outbox rows and say which ones got through."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field

from dlpguard.incidents.outbox import OutboxRow


@dataclass
class Delivery:
    """The outcome of one batch. Rows in neither `delivered` nor `rejected` wait for the next try."""

    delivered: list[int] = field(default_factory=list)  # outbox row ids the target accepted
    rejected: dict[int, str] = field(default_factory=dict)  # row id -> why the target refused that row
    outage: str | None = None  # the target could not be reached or refused everything: why


class Sender(abc.ABC):
    """One SIEM target. Senders never raise for transport problems: they report them in `Delivery`.

    Its name and its settings come from the table in `dlpguard.incidents.targets`.
    """

    @abc.abstractmethod
    def deliver(self, rows: Sequence[OutboxRow]) -> Delivery: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Releases connections; the forwarder calls it when it stops."""
