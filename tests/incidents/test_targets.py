from __future__ import annotations

import pytest

from dlpguard.incidents.forward import Forwarder
from dlpguard.incidents.http import HttpSender
from dlpguard.incidents.store import Store
from dlpguard.incidents.syslog import SyslogSender
from dlpguard.incidents.targets import SENDERS, configured_targets, senders_for
from dlpguard.policy.incident_settings import ForwardingConfig, HttpTarget, SyslogTarget
from tests.incidents.conftest import make_incident, outbox_rows

SYSLOG = SyslogTarget(host="127.0.0.1", port=6514, tls=False)
HTTP = HttpTarget(url="http://127.0.0.1:8088/services/collector")  # type: ignore[arg-type]

# One settings value per registered target; a row added to the table without one here fails below.
SETTINGS = {"syslog": SYSLOG, "http": HTTP}


def test_every_target_is_a_forwarding_config_field_and_every_optional_field_a_target():
    optional = {name for name, field in ForwardingConfig.model_fields.items() if field.default is None}
    assert set(SENDERS) == optional == set(SETTINGS)


@pytest.mark.parametrize(
    "config, names, kinds",
    [
        (ForwardingConfig(), (), ()),
        (ForwardingConfig(syslog=SYSLOG), ("syslog",), (SyslogSender,)),
        (ForwardingConfig(http=HTTP), ("http",), (HttpSender,)),
        (ForwardingConfig(http=HTTP, syslog=SYSLOG), ("syslog", "http"), (SyslogSender, HttpSender)),
    ],
)
def test_the_store_and_the_forwarder_read_the_same_table(config, names, kinds):
    assert configured_targets(config) == names
    senders = senders_for(config)
    assert tuple(senders) == names
    assert tuple(type(s) for s in senders.values()) == kinds


@pytest.mark.parametrize("name", list(SENDERS))
def test_each_sender_is_built_from_its_own_settings(name):
    sender = senders_for(ForwardingConfig(**{name: SETTINGS[name]}))[name]
    assert sender.target is SETTINGS[name]  # type: ignore[attr-defined]
    sender.close()


def test_each_configured_target_gets_an_outbox_row_and_a_sender_to_drain_it(db_path):
    config = ForwardingConfig(syslog=SYSLOG, http=HTTP)
    with Store(db_path, targets=configured_targets(config)) as store:
        store.append(make_incident(0))
        forwarder = Forwarder(store, config)
        queued = sorted(row["target"] for row in store.read(outbox_rows))
        assert queued == sorted(forwarder.senders) == sorted(SENDERS)
        forwarder.close()
