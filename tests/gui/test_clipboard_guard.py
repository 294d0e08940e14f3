"""The clipboard guard's rules without Qt: what is scanned, and notify / mask / arm per policy."""

from __future__ import annotations

import pytest

from dlpguard.engine.types import Action, ScanContext
from dlpguard.guard.pipeline import assess
from dlpguard.gui.clipboard_guard import (
    MAX_CLIPBOARD_SCAN_CHARS,
    ClipboardAction,
    ClipboardContent,
    ScanPlan,
    Skip,
    decide_clipboard,
    mask_html,
    prepare,
)
from dlpguard.gui.focus import FocusedApp
from dlpguard.policy.schema import Clipboard, ClipboardMode
from tests.gui.conftest import AWS_KEY, CARD, EMAIL, RAW_VALUES, SECRET_TEXT

CONTEXT = ScanContext(source="clipboard", event="copy")
TERMINAL = FocusedApp("Gnome-terminal", "gnome-terminal-server", "bash")
CHATGPT = FocusedApp("ChatGPT", "chatgpt", "ChatGPT")


def with_clipboard(policy, **settings):
    return policy.model_copy(update={"clipboard": Clipboard(**{**policy.clipboard.model_dump(), **settings})})


@pytest.mark.parametrize(
    "content, paused, mode, expected",
    [
        (ClipboardContent(None, formats=("image/png",)), False, "mask", Skip.NO_TEXT),
        (ClipboardContent("   \n"), False, "mask", Skip.NO_TEXT),
        (
            ClipboardContent(SECRET_TEXT, formats=("text/plain", "x-kde-passwordManagerHint")),
            False,
            "mask",
            Skip.CONCEALED,
        ),
        (
            ClipboardContent(
                SECRET_TEXT,
                formats=(
                    'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"',
                ),
            ),
            False,
            "mask",
            Skip.CONCEALED,
        ),
        (
            ClipboardContent(SECRET_TEXT, formats=("org.nspasteboard.ConcealedType",)),
            True,
            "ignore",
            Skip.CONCEALED,
        ),
        (ClipboardContent(SECRET_TEXT, owned=True), False, "mask", Skip.OWN_WRITE),
        (ClipboardContent(SECRET_TEXT), False, "ignore", Skip.IGNORED),
        (ClipboardContent(SECRET_TEXT), True, "mask", Skip.PAUSED),
    ],
)
def test_what_is_never_scanned(policy_store, content, paused, mode, expected):
    policy = with_clipboard(policy_store.policy, mode=ClipboardMode(mode))
    assert prepare(content, policy, paused=paused) is expected


def test_a_plain_copy_is_scanned_within_a_bound(policy_store):
    plan = prepare(ClipboardContent(SECRET_TEXT, formats=("text/plain",)), policy_store.policy, paused=False)
    assert plan == ScanPlan(SECRET_TEXT, MAX_CLIPBOARD_SCAN_CHARS)


def decision_for(services, text, *, html=None, app=None, focus_supported=True, **clipboard):
    assessment = assess(services, text, CONTEXT, max_chars=clipboard.pop("max_chars", None))
    policy = with_clipboard(services.policy, **clipboard)
    content = ClipboardContent(text, html, ("text/plain",))
    return decide_clipboard(assessment, content, policy, focus_supported=focus_supported, app=app)


def test_mask_mode_masks_every_value_in_place(services):
    decision = decision_for(services, SECRET_TEXT)
    assert decision.action is ClipboardAction.MASK and decision.record_as is Action.MASK
    assert not any(value in decision.masked_text for value in RAW_VALUES)
    assert "[AWS_ACCESS_KEY]" in decision.masked_text and decision.masked_text.startswith("deploy with ")
    assert decision.categories == ("contact", "financial", "secret")


@pytest.mark.parametrize(
    ("text", "allowed", "minimum"),
    [
        (SECRET_TEXT, False, 0),  # a secret's rule allows no override by default: no restore
        (f"bill card {CARD}, and mail {EMAIL}", True, 10),  # overridable: with the policy's justification
    ],
    ids=["secret", "card-and-email"],
)
def test_a_mask_carries_whether_the_original_may_be_restored(services, text, allowed, minimum):
    rules = decision_for(services, text).restore
    assert rules is not None and (rules.allowed, rules.min_justification_chars) == (allowed, minimum)
    assert decision_for(services, text, mode=ClipboardMode.NOTIFY).restore is None  # nothing masked


def test_notify_mode_leaves_the_clipboard_and_records_a_warning(services):
    decision = decision_for(services, SECRET_TEXT, mode=ClipboardMode.NOTIFY)
    assert (decision.action, decision.record_as, decision.masked_text) == (
        ClipboardAction.NOTIFY,
        Action.WARN,
        None,
    )


def test_nothing_found_is_nothing_done(services):
    decision = decision_for(services, "the build is green, ship it")
    assert (decision.action, decision.record_as) == (ClipboardAction.NONE, None)


def test_simulation_records_without_touching_the_clipboard(services, gui_env, policy_store):
    gui_env.write_policy(gui_env.policy_path.read_text() + "simulation: true\n")
    policy_store.reload()
    decision = decision_for(services, SECRET_TEXT)
    assert (decision.action, decision.record_as) == (ClipboardAction.NONE, Action.AUDIT)


@pytest.mark.parametrize(
    "app, focus_supported, only_ai_apps, action",
    [
        (CHATGPT, True, True, ClipboardAction.MASK),
        (TERMINAL, True, True, ClipboardAction.ARM),  # masked once an AI app has the focus
        (TERMINAL, True, False, ClipboardAction.MASK),  # the policy masks everywhere
        (None, True, True, ClipboardAction.MASK),  # focus unknown: applies to all
        (None, False, True, ClipboardAction.MASK),  # the platform cannot tell: applies to all
    ],
)
def test_masking_can_be_restricted_to_ai_apps(services, app, focus_supported, only_ai_apps, action):
    decision = decision_for(
        services, SECRET_TEXT, app=app, focus_supported=focus_supported, only_ai_apps=only_ai_apps
    )
    assert decision.action is action
    assert decision.record_as is (None if action is ClipboardAction.ARM else Action.MASK)
    assert decision.masked_text is not None


def test_a_huge_copy_is_scanned_in_part_and_the_rest_kept(services):
    tail = "x" * 5000
    decision = decision_for(services, f"{SECRET_TEXT}\n{tail}{AWS_KEY}", max_chars=2000)
    assert decision.truncated_from == len(SECRET_TEXT) + 1 + 5000 + len(AWS_KEY)
    assert decision.masked_text.endswith(tail + AWS_KEY)  # beyond the bound: left as it was
    assert CARD not in decision.masked_text


def test_html_is_masked_like_the_plain_text(services):
    link = f"<a href='mailto:{EMAIL}'>{EMAIL}</a>"
    html = f"<p>deploy with <b>{AWS_KEY}</b>, bill card {CARD}, and mail {link}</p>"
    decision = decision_for(services, SECRET_TEXT, html=html)
    assert decision.masked_html is not None and "<b>[AWS_ACCESS_KEY]</b>" in decision.masked_html
    assert not any(value in decision.masked_html for value in RAW_VALUES)


@pytest.mark.parametrize(
    "html, pairs, expected",
    [
        ("<i>a&amp;b secret</i>", [("a&b secret", "[X]")], "<i>[X]</i>"),  # escaped in the markup
        ("<p>4539 <b>1488</b> 0343</p>", [("4539 1488 0343", "•••• 0343")], None),  # split by a tag: dropped
        ("<p>plain</p>", [], "<p>plain</p>"),
        ("<p>1234 and 12345</p>", [("12345", "<N>"), ("1234", "<M>")], "<p>&lt;M&gt; and &lt;N&gt;</p>"),
    ],
)
def test_mask_html_replaces_values_or_refuses(html, pairs, expected):
    assert mask_html(html, pairs) == expected


EDITOR = FocusedApp("Gedit", "gedit", "notes.txt")


@pytest.mark.parametrize(
    "mode, app, action, record_as",
    [
        # notify: a warning only where the text can reach an AI app
        ("notify", CHATGPT, ClipboardAction.NOTIFY, Action.WARN),
        ("notify", EDITOR, ClipboardAction.NONE, None),
        ("notify", TERMINAL, ClipboardAction.NONE, None),
        ("notify", None, ClipboardAction.NOTIFY, Action.WARN),  # focus unknown: applies to all
        # mask: masked now in an AI app, armed (nothing recorded yet) elsewhere
        ("mask", CHATGPT, ClipboardAction.MASK, Action.MASK),
        ("mask", EDITOR, ClipboardAction.ARM, None),
        ("mask", None, ClipboardAction.MASK, Action.MASK),
    ],
)
def test_only_ai_apps_applies_in_every_mode(services, mode, app, action, record_as):
    decision = decision_for(services, SECRET_TEXT, app=app, mode=ClipboardMode(mode), only_ai_apps=True)
    assert (decision.action, decision.record_as) == (action, record_as)


@pytest.mark.parametrize("mode", ["notify", "mask"])
def test_without_only_ai_apps_every_app_is_guarded(services, mode):
    decision = decision_for(services, SECRET_TEXT, app=EDITOR, mode=ClipboardMode(mode), only_ai_apps=False)
    expected = ClipboardAction.NOTIFY if mode == "notify" else ClipboardAction.MASK
    assert decision.action is expected and decision.record_as is not None


@pytest.mark.parametrize("app, record_as", [(CHATGPT, Action.AUDIT), (EDITOR, None), (None, Action.AUDIT)])
def test_simulation_audits_only_what_enforcement_would_act_on(
    services, gui_env, policy_store, app, record_as
):
    gui_env.write_policy(gui_env.policy_path.read_text() + "simulation: true\n")
    policy_store.reload()
    decision = decision_for(services, SECRET_TEXT, app=app, mode=ClipboardMode.NOTIFY, only_ai_apps=True)
    assert (decision.action, decision.record_as) == (ClipboardAction.NONE, record_as)
