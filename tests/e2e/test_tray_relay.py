"""The production path: the browser's native host relays to the tray app's bridge server, and answers
itself when the app goes away mid-session.

The bridge server runs in this test process, as the tray app hosts it (`BridgeServer` over
`GuardServices()`), listening at the profile's runtime dir, where the host looks for it.
"""

from __future__ import annotations

import threading

import pytest

from tests.e2e.conftest import CARD, CARD_MASKED, POLICY_MASK_CARDS, guard_browser, requires_chromium

pytestmark = [pytest.mark.e2e, requires_chromium]


@pytest.fixture(scope="module")
def tray(make_profile):
    from dlpguard.bridge.server import BridgeServer
    from dlpguard.guard.services import GuardServices
    from dlpguard.policy.watcher import PolicyStore

    profile = make_profile(POLICY_MASK_CARDS)
    with pytest.MonkeyPatch.context() as env:
        for name, value in profile.environ().items():
            if name.startswith("DLPGUARD_"):
                env.setenv(name, value)  # the app's policy, incident log and socket: the profile's
        store = PolicyStore()
        services = GuardServices(lambda: store.loaded)
        server = BridgeServer(services)
        server.start()
        assert server.address == str(profile.socket_path)
        services.preload()
        serving = threading.Thread(target=server.serve_forever, name="e2e-tray", daemon=True)
        serving.start()
        try:
            yield profile, server
        finally:
            server.request_stop()
            serving.join(timeout=10)
            services.close()


@pytest.fixture(scope="module")
def browser(playwright, tray, extension_dir):
    profile, _ = tray
    profile.install_host()
    with guard_browser(playwright, profile, extension_dir) as guard:
        guard.wait_for_hello()
        yield guard


def test_with_the_tray_app_running_the_host_relays_to_it(browser, tray):
    _, server = tray
    status = browser.status()
    assert status["hello"]["served_by"] == "app"
    assert server.active_connections == 1


def test_a_card_pasted_with_the_tray_app_running_is_masked(tab):
    chat = tab("chatgpt")
    chat.paste(f"card {CARD}")
    chat.wait_for_editor(f"card {CARD_MASKED}")
    assert "0343" not in chat.page_observed()


def test_when_the_tray_app_stops_the_host_answers_in_process(tab, tray):
    _, server = tray
    server.stop()
    chat = tab("deepseek")
    chat.paste(f"card {CARD}")
    chat.wait_for_editor(f"card {CARD_MASKED}")
    assert "0343" not in chat.page_observed()
