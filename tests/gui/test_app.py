"""The tray app wired together (offscreen): state from real events, menu actions, the bridge it hosts."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from dlpguard.engine.types import Source, UserDecision
from dlpguard.gui.app import GuardApp
from dlpguard.gui.bridge_host import PAUSED_REASON
from dlpguard.gui.focus import NullFocusProbe
from dlpguard.gui.instance import InstanceServer, ask_running_app
from dlpguard.gui.state import EngineMode, MenuAction, TrayState
from tests.bridge.conftest import HEADER, frame, scan_request
from tests.gui.conftest import CARD, EMAIL, POLICY, RAW_VALUES, SECRET_TEXT

TIMEOUT = 30_000


@pytest.fixture
def app(qtbot, policy_store, services):
    guard = GuardApp(policy_store=policy_store, services=services, focus=NullFocusProbe())
    guard.start()
    qtbot.waitUntil(lambda: guard.facts.engine is not EngineMode.LOADING, timeout=TIMEOUT)
    yield guard
    guard.stop()


def ask_bridge(address: str, payload: bytes) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(address)
        sock.sendall(frame(payload))
        data = b""
        while len(data) < HEADER.size or len(data) < HEADER.size + HEADER.unpack(data[: HEADER.size])[0]:
            chunk = sock.recv(65536)
            assert chunk, "the bridge closed the connection"
            data += chunk
    return json.loads(data[HEADER.size :])


def test_the_app_starts_loads_the_engine_and_serves_browsers(app, gui_env):
    assert app.status.state is TrayState.DEGRADED  # the test policy turns NER off: patterns only
    assert not app.tray.available  # offscreen: no system tray, and the app runs all the same
    address = app.bridge.address
    assert stat.S_IMODE(Path(address).stat().st_mode) == 0o600
    reply = ask_bridge(address, scan_request("s1", f"card {CARD}"))
    assert (reply["action"], reply["served_by"]) == ("block", "app")


def test_a_refused_policy_shows_as_a_policy_error_and_recovers(app, gui_env, policy_store, qtbot):
    gui_env.write_policy(POLICY + "rules: {defualt: block}\n")
    with qtbot.waitSignal(app.factsChanged, timeout=TIMEOUT):
        policy_store.reload()
    assert app.status.state is TrayState.POLICY_ERROR
    assert "defualt" in app.tray.status.tooltip
    assert app.tray.status.menu_lines[-1] == "Details in the policy window (Policy…)"
    assert app.tray.trigger(MenuAction.POLICY)
    window = app.windows["policy"]
    assert window.refusal is not None and "defualt" in window.refusal.text()  # the detail is here
    gui_env.write_policy(POLICY.replace("version: 7", "version: 8"))
    with qtbot.waitSignal(app.factsChanged, timeout=TIMEOUT):
        policy_store.reload()
    assert app.status.state is TrayState.DEGRADED and app.facts.policy_version == 8


def test_a_simulation_policy_shows_audit_only_not_protected(app, gui_env, policy_store, qtbot):
    gui_env.write_policy(POLICY.replace("version: 7", "version: 8") + "simulation: true\n")
    with qtbot.waitSignal(app.factsChanged, timeout=TIMEOUT):
        policy_store.reload()
    assert app.status.state is TrayState.AUDIT_ONLY
    assert app.describe()["headline"] == "Audit only — nothing is blocked"
    reply = ask_bridge(app.bridge.address, scan_request("a1", f"card {CARD}"))
    assert (reply["action"], reply["would_action"], reply["simulated"]) == ("allow", "block", True)


def test_pausing_from_the_menu_lets_scans_through_and_is_logged(app, qtbot, services):
    assert app.tray.trigger(MenuAction.PAUSE_15)
    assert app.status.state is TrayState.PAUSED
    assert MenuAction.RESUME in app.tray.actions and MenuAction.PAUSE_15 not in app.tray.actions
    reply = ask_bridge(app.bridge.address, scan_request("p1", f"card {CARD}"))
    assert (reply["action"], reply["reason"]) == ("allow", PAUSED_REASON)
    store = services.incident_log().store
    qtbot.waitUntil(lambda: store.count() == 1, timeout=TIMEOUT)
    paused = store.page().items[0].record
    assert (paused.event, paused.source) == ("pause", Source.APP)
    assert app.tray.trigger(MenuAction.RESUME)
    assert app.status.state is TrayState.DEGRADED
    assert ask_bridge(app.bridge.address, scan_request("p2", f"card {CARD}"))["action"] == "block"
    qtbot.waitUntil(lambda: store.count() == 3, timeout=TIMEOUT)  # the resume and the blocked paste


def test_without_permission_there_is_no_pause_and_no_quit(qtbot, gui_env, policy_store, services):
    gui_env.write_policy(POLICY.replace("user_may_pause: true", "").replace("user_may_quit: true", ""))
    policy_store.reload()
    guard = GuardApp(policy_store=policy_store, services=services, serve_bridge=False, guard_clipboard=False)
    guard.start()
    try:
        assert not guard.tray.trigger(MenuAction.PAUSE_15) and not guard.pause(900)
        assert not guard.tray.trigger(MenuAction.QUIT) and not guard.quit()
        assert guard.status.state is not TrayState.PAUSED
    finally:
        guard.stop()


def test_a_browser_verdict_updates_the_tray_but_raises_no_desktop_notice(app, qtbot):
    """The extension shows the verdict in the page; a desktop notice as well would be two for one."""
    shown: list = []
    app.notifier.shown.connect(shown.append)
    for n in range(3):
        reply = ask_bridge(app.bridge.address, scan_request(f"n{n}", f"card {CARD}"))
        assert reply["action"] == "block"
    qtbot.waitUntil(lambda: app.browser_verdicts == 3, timeout=TIMEOUT)  # the listener ran for each
    qtbot.wait(50)  # anything queued behind the verdicts has been delivered
    assert shown == [] and app.describe()["browser_verdicts"] == 3
    assert ask_bridge(app.bridge.address, scan_request("n3", "the build is green"))["action"] == "allow"
    qtbot.wait(50)
    assert app.browser_verdicts == 3  # an allow is not counted


def test_a_clipboard_event_keeps_its_one_desktop_notice(app, qtbot):
    shown: list = []
    app.notifier.shown.connect(shown.append)
    data = QMimeData()
    data.setText(SECRET_TEXT)
    with qtbot.waitSignal(app.clipboard_guard.recorded, timeout=TIMEOUT):
        QGuiApplication.clipboard().setMimeData(data)
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=TIMEOUT)
    qtbot.wait(50)
    assert [n.title for n in shown] == ["Clipboard masked"]
    assert not any(value in shown[0].body for value in RAW_VALUES)
    assert app.browser_verdicts == 0
    QGuiApplication.clipboard().clear()


@pytest.mark.parametrize(
    "action, window",
    [
        (MenuAction.REVIEW, "review"),
        (MenuAction.CHECK_TEXT, "check_text"),
        (MenuAction.POLICY, "policy"),
        (MenuAction.ABOUT, "about"),
    ],
)
def test_menu_entries_open_their_windows(app, qtbot, action, window):
    assert app.tray.trigger(action)
    opened = app.windows[window]
    qtbot.waitExposed(opened)
    assert opened.isVisible()
    assert app.tray.trigger(action) and app.windows[window].isVisible()  # a second click reuses or renews it


def test_a_second_start_hands_over_to_the_running_app(app, qtbot, gui_env):
    instance = InstanceServer(app.command)
    assert instance.listen()
    try:
        replies: dict[str, object] = {}

        def second_start() -> None:  # another process would do this; a thread keeps the event loop free
            replies["status"] = ask_running_app("status")
            replies["show"] = ask_running_app("show")

        thread = threading.Thread(target=second_start)
        thread.start()
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=TIMEOUT)
        assert replies["status"]["state"] == "degraded" and replies["status"]["pid"] == os.getpid()
        assert replies["show"] == {"ok": True} and app.windows["review"].isVisible()
    finally:
        instance.close()


@pytest.fixture
def no_keyring():
    import keyring
    from keyring.backends.fail import Keyring as FailingKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(FailingKeyring())
    yield
    keyring.set_keyring(previous)


def start_app(qtbot, **services_kw) -> GuardApp:
    from dlpguard.guard.services import GuardServices
    from dlpguard.policy.watcher import PolicyStore

    store = PolicyStore(debounce_seconds=0.05)
    services = GuardServices(lambda: store.loaded, **services_kw)
    guard = GuardApp(policy_store=store, services=services, focus=NullFocusProbe(), guard_clipboard=False)
    guard.start()
    return guard


def test_without_a_keyring_and_a_refused_key_file_the_tray_says_it_is_not_recording(
    qtbot, gui_env, no_keyring
):
    from dlpguard.guard.doctor import DoctorContext, Status, check_incident_log

    gui_env.write_policy(POLICY.replace("keyring_fallback: file", "keyring_fallback: refuse"))
    guard = start_app(qtbot)
    try:
        qtbot.waitUntil(lambda: guard.status.state is TrayState.NOT_RECORDING, timeout=TIMEOUT)
        assert guard.tray.status.headline == "Not recording incidents (pastes are still checked)"
        assert "Fix: unlock or install the desktop keyring" in guard.tray.status.tooltip
        assert guard.describe()["recording_incidents"] is False
        # Scans still get their verdict; only the record is missing, as the tray says.
        reply = ask_bridge(guard.bridge.address, scan_request("r1", f"card {CARD}"))
        assert (reply["action"], reply["incident_id"]) == ("block", None)
        doctor = check_incident_log(DoctorContext())
        assert doctor.status is Status.FAILED and doctor.summary.startswith("not recording incidents")
        gui_env.write_policy(POLICY.replace("version: 7", "version: 8"))  # the admin allows a key file
        guard.store.reload()
        qtbot.waitUntil(lambda: guard.status.state is TrayState.DEGRADED, timeout=TIMEOUT)
        assert guard.describe()["recording_incidents"] is True
    finally:
        guard.stop()


def test_installing_a_key_rechecks_the_policy_and_tray_doctor_and_show_agree(qtbot, gui_env):
    from click.testing import CliRunner

    from dlpguard.guard.doctor import DoctorContext, Status, check_policy
    from dlpguard.guard.services import build_engine
    from dlpguard.policy.cli import policy
    from dlpguard.policy.signing import generate_keypair, sign_file

    def patterns_only(policy_in_force):  # the built-in default asks for NER; keep the test light
        detection = policy_in_force.detection.model_copy(update={"ner": False})
        return build_engine(policy_in_force.model_copy(update={"detection": detection}))

    guard = start_app(qtbot, engine_factory=patterns_only)
    keys = gui_env.policy_path.parent / "keys"
    try:
        assert guard.facts.policy_state == "admin" and not keys.exists()
        private, public = generate_keypair(gui_env.root / "admin-keys", "admin")
        keys.mkdir()  # installing the key creates keys/ after the app started
        (keys / "admin.pub").write_bytes(public.read_bytes())
        qtbot.waitUntil(lambda: guard.facts.policy_state == "rejected", timeout=TIMEOUT)
        said = guard.store.status.describe()
        assert said.startswith("admin policy refused (") and "not signed" in said
        assert said.endswith("; using the built-in default policy")
        assert guard.status.state is TrayState.POLICY_ERROR
        assert guard.tray.status.headline == "Admin policy refused"
        assert guard.tray.status.menu_lines[0] == "Using the built-in default policy"
        assert guard.describe()["policy_status"] == said
        doctor = check_policy(DoctorContext())
        assert (doctor.status, doctor.summary) == (Status.FAILED, said)
        shown = CliRunner().invoke(policy, ["show"])
        assert shown.exit_code == 1 and f"# status: {said}" in shown.stdout

        sign_file(gui_env.policy_path, private)
        qtbot.waitUntil(lambda: guard.facts.policy_state == "admin", timeout=TIMEOUT)
        said = guard.store.status.describe()
        assert said.startswith("admin policy version 7 in force")
        assert guard.store.loaded.signature.describe().startswith("signed, verified with key")
        doctor = check_policy(DoctorContext())
        assert (doctor.status, doctor.summary) == (Status.OK, said)
        shown = CliRunner().invoke(policy, ["show"])
        assert shown.exit_code == 0 and f"# status: {said}" in shown.stdout
        assert "# signature: signed, verified with key" in shown.stdout
    finally:
        guard.stop()


def test_after_a_restart_with_a_rolled_back_policy_the_tray_and_policy_window_name_the_last_good_one(
    qtbot, gui_env
):
    from PySide6.QtWidgets import QLabel

    from dlpguard.policy.signing import generate_keypair, sign_file
    from dlpguard.policy.watcher import PolicyStore

    private, public = generate_keypair(gui_env.root / "admin-keys", "admin")
    keys = gui_env.policy_path.parent / "keys"
    keys.mkdir()
    (keys / "admin.pub").write_bytes(public.read_bytes())
    gui_env.write_policy(POLICY.replace("version: 7", "version: 8"))
    sign_file(gui_env.policy_path, private)
    PolicyStore()  # an earlier run: v8 in force, kept as the last good copy
    gui_env.write_policy(POLICY)  # v7, signed: a rollback
    sign_file(gui_env.policy_path, private)
    guard = start_app(qtbot)
    try:
        assert guard.facts.policy_state == "rejected" and guard.store.policy.version == 8
        assert guard.tray.status.headline == "Admin policy refused"
        assert guard.tray.status.menu_lines[0].startswith("Using the last good signed policy v8 from ")
        said = guard.store.status.describe()
        assert "older than version 8" in said
        window = guard.open_policy()
        assert said in [label.text() for label in window.findChildren(QLabel)]
    finally:
        guard.stop()


# -- the clipboard restore from the tray menu, for the whole window, by the policy's rules ---------------

#: A card (blocked, overridable) and an email (masked): the default rules let the user restore it, with a
#: justification of 10 characters.
RESTORABLE = f"bill card {CARD}, and mail {EMAIL} when done"
WHY = "ticket 4711: the vendor needs the real card"


@pytest.fixture
def clocked_app(qtbot, policy_store, services):
    now = [1_000_000.0]
    guard = GuardApp(
        policy_store=policy_store, services=services, focus=NullFocusProbe(), clock=lambda: now[0]
    )
    guard.start()
    qtbot.waitUntil(lambda: guard.facts.engine is not EngineMode.LOADING, timeout=TIMEOUT)
    guard.now = now  # type: ignore[attr-defined]
    yield guard
    guard.stop()
    QGuiApplication.clipboard().clear()


def copy_restorable(app: GuardApp, qtbot) -> str:
    with qtbot.waitSignal(app.clipboard_guard.recorded, timeout=TIMEOUT) as recorded:
        QGuiApplication.clipboard().setText(RESTORABLE)
    return recorded.args[0]


def restore_entry(app: GuardApp) -> str | None:
    action = app.tray.actions.get(MenuAction.RESTORE_CLIPBOARD)
    return action.text() if action is not None else None


def test_the_restore_entry_stays_in_the_menu_counting_down_until_the_window_ends(clocked_app, qtbot):
    app = clocked_app
    assert restore_entry(app) is None
    copy_restorable(app, qtbot)
    assert restore_entry(app) == "Restore original clipboard (60 s left)"
    assert app._restore_tick.isActive()  # redrawn every second, only while a restore is on offer
    app.now[0] += 45.5  # long after the notice is gone
    app._restore_tick.timeout.emit()
    assert restore_entry(app) == "Restore original clipboard (15 s left)"
    assert app.describe()["clipboard"]["restore_seconds_left"] == 15
    with qtbot.waitSignal(app.clipboard_guard.restoreAvailable, timeout=TIMEOUT):
        app.clipboard_guard._expiry.setInterval(1)  # the policy's 60 s, shortened: the timer is tested
        app.clipboard_guard._expiry.start()
    assert restore_entry(app) is None and not app._restore_tick.isActive()


def test_restore_from_the_menu_asks_why_and_is_recorded_as_restored(clocked_app, qtbot, services):
    app = clocked_app
    incident_id = copy_restorable(app, qtbot)
    assert CARD not in QGuiApplication.clipboard().text()
    assert app.tray.trigger(MenuAction.RESTORE_CLIPBOARD)
    dialog = app.windows["restore"]
    assert not dialog.restore_button.isEnabled()  # nothing typed yet: the policy wants 10 characters
    dialog.text.setPlainText("because")
    assert not dialog.confirm() and CARD not in QGuiApplication.clipboard().text()
    dialog.text.setPlainText(WHY)
    assert dialog.restore_button.isEnabled() and dialog.confirm()
    assert QGuiApplication.clipboard().text() == RESTORABLE and restore_entry(app) is None
    store = services.incident_log().store
    qtbot.waitUntil(lambda: store.get(incident_id).decision is UserDecision.RESTORED, timeout=TIMEOUT)
    assert store.get(incident_id).justification == WHY


def test_a_strict_policy_has_no_restore_entry_and_the_notice_says_why(
    clocked_app, qtbot, gui_env, policy_store
):
    app = clocked_app
    gui_env.write_policy(POLICY.replace("version: 7", "version: 8") + "override: {allow: false}\n")
    with qtbot.waitSignal(app.factsChanged, timeout=TIMEOUT):
        policy_store.reload()
    shown: list = []
    app.notifier.shown.connect(shown.append)
    copy_restorable(app, qtbot)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=TIMEOUT)
    assert "cannot be restored" in shown[0].body and shown[0].actions == ()
    assert restore_entry(app) is None and not app.ask_restore()
    assert ask_restore_command(app, WHY) == {"ok": False, "error": app.restore_refusal(WHY)}
    assert CARD not in QGuiApplication.clipboard().text()


def ask_restore_command(app: GuardApp, justification: str = "") -> dict:
    return app.command(f"restore-clipboard {justification}".strip())


def test_the_restore_command_takes_the_justification_the_policy_wants(clocked_app, qtbot):
    app = clocked_app
    copy_restorable(app, qtbot)
    refused = ask_restore_command(app)
    assert refused["ok"] is False and "at least 10 characters" in refused["error"]
    assert ask_restore_command(app, WHY) == {"ok": True}
    assert QGuiApplication.clipboard().text() == RESTORABLE


# -- without a system tray: a status window, and how to reach the windows -----------------------------


def test_without_a_tray_a_status_window_stands_in_and_opens_the_windows(
    qtbot, policy_store, services, caplog
):
    caplog.set_level("WARNING", logger="dlpguard.gui.app")
    guard = GuardApp(
        policy_store=policy_store,
        services=services,
        focus=NullFocusProbe(),
        tray_available=False,
        status_window=True,  # a display without a tray (offscreen here stands in for it)
    )
    guard.start()
    try:
        window = guard.windows["status"]
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: "Protected" in window.headline.text(), timeout=TIMEOUT)
        assert {"review", "check_text", "policy", "about"} <= set(window.entries)
        window.entries["check_text"].click()
        assert guard.windows["check_text"].isVisible()
        assert guard.command("show") == {"ok": True} and window.isVisible()  # `dlpguard gui` brings it back
        assert guard.command("review") == {"ok": True} and guard.windows["review"].isVisible()
        logged = caplog.text
        assert "no system tray" in logged and f"serving at {guard.bridge.address}" in logged
        assert "dlpguard gui --show-review" in logged and "dlpguard gui --check-text" in logged
    finally:
        guard.stop()


def test_headless_there_is_no_status_window_and_the_log_says_what_to_use(
    qtbot, policy_store, services, caplog
):
    caplog.set_level("WARNING", logger="dlpguard.gui.app")
    guard = GuardApp(
        policy_store=policy_store, services=services, focus=NullFocusProbe(), tray_available=False
    )
    guard.start()  # offscreen: nothing could be seen
    try:
        assert "status" not in guard.windows
        assert (
            "no display: no windows can open here" in caplog.text and "dlpguard incidents list" in caplog.text
        )
    finally:
        guard.stop()
