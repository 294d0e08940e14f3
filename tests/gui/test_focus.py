"""Which app has the focus: xprop output parsing, AI-app matching, and the platform factory."""

from __future__ import annotations

import shutil

import pytest

from dlpguard.gui.focus import (
    FocusedApp,
    NullFocusProbe,
    X11FocusProbe,
    focus_probe,
    is_ai_app,
    parse_active_window,
    parse_window_props,
)


@pytest.mark.parametrize(
    "output, window",
    [
        ("_NET_ACTIVE_WINDOW(WINDOW): window id # 0x1c00007\n", "0x1c00007"),
        ("_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0\n", None),  # nothing focused
        ("_NET_ACTIVE_WINDOW:  not found.\n", None),  # no window manager (Xvfb)
        ("", None),
    ],
)
def test_the_active_window_is_read_from_the_root_window(output, window):
    assert parse_active_window(output) == window


@pytest.mark.parametrize(
    "output, expected",
    [
        (
            'WM_CLASS(STRING) = "chatgpt", "ChatGPT"\n_NET_WM_NAME(UTF8_STRING) = "ChatGPT"\n',
            FocusedApp("ChatGPT", "chatgpt", "ChatGPT"),
        ),
        (
            'WM_CLASS(STRING) = "Navigator", "firefox"\n'
            '_NET_WM_NAME(UTF8_STRING) = "Claude \\"beta\\" — Mozilla Firefox"\nWM_NAME(STRING) = "old"\n',
            FocusedApp("firefox", "Navigator", 'Claude "beta" — Mozilla Firefox'),
        ),
        ('WM_CLASS:  not found.\nWM_NAME(STRING) = "x"\n', None),
    ],
)
def test_window_properties_name_the_app_and_title(output, expected):
    assert parse_window_props(output) == expected


@pytest.mark.parametrize(
    "app, expected",
    [
        (FocusedApp("ChatGPT", "chatgpt"), True),
        (FocusedApp("claude", "claude"), True),  # case does not matter
        (FocusedApp("firefox", "Navigator", "ChatGPT - Mozilla Firefox"), True),  # an AI site's tab
        (FocusedApp("firefox", "Navigator", "claude.ai — Mozilla Firefox"), True),  # by its domain
        (FocusedApp("Gnome-terminal", "gnome-terminal-server", "bash"), False),
        (FocusedApp("firefox", "Navigator", "Inbox — Mozilla Firefox"), False),
    ],
)
def test_ai_apps_are_matched_by_name_title_or_guarded_site(app, expected):
    assert is_ai_app(app, ["ChatGPT", "Claude"], ["chatgpt.com", "*.claude.ai", "x.com/i/grok"]) is expected


def test_the_factory_gives_the_null_probe_where_the_platform_cannot_tell(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    assert isinstance(focus_probe("linux"), NullFocusProbe)
    assert isinstance(focus_probe("win32"), NullFocusProbe)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")  # Wayland does not tell
    assert isinstance(focus_probe("linux"), NullFocusProbe)


@pytest.mark.skipif(shutil.which("xprop") is None, reason="xprop not installed")
def test_the_factory_uses_xprop_on_x11(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    probe = focus_probe("linux")
    assert isinstance(probe, X11FocusProbe) and probe.supported
    assert probe.watch_command()[1:] == ["-spy", "-root", "_NET_ACTIVE_WINDOW"]


def test_an_unreachable_display_reads_as_unknown(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":9999")
    assert X11FocusProbe(shutil.which("xprop") or "xprop-missing").current() is None
    assert NullFocusProbe().current() is None and NullFocusProbe().watch_command() is None
