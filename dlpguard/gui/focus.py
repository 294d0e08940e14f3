"""Which app owns the focused window, behind one small factory with a null implementation.

X11 asks the window manager through `xprop` (`_NET_ACTIVE_WINDOW`, then that window's `WM_CLASS` and
title). Elsewhere (Wayland, and Windows and macOS until they get theirs) the null probe says "unknown",
and the clipboard guard then applies its policy to every app. Parsing is pure and tested on its own.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

logger = logging.getLogger(__name__)

XPROP_TIMEOUT_SECONDS = 2.0

_WINDOW_ID = re.compile(r"window id # (0x[0-9a-fA-F]+)")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class FocusedApp:
    app: str  # the application class (WM_CLASS class on X11), e.g. "ChatGPT", "firefox"
    instance: str = ""
    title: str = ""

    def describe(self) -> str:
        return self.app or self.instance or "an unknown app"


class FocusProbe(Protocol):
    supported: bool  # False: the platform cannot say which app is focused

    def current(self) -> FocusedApp | None: ...

    def watch_command(self) -> list[str] | None:
        """A command that prints a line whenever the focus moves (no polling), or None."""
        ...


class NullFocusProbe:
    supported = False

    def current(self) -> FocusedApp | None:
        return None

    def watch_command(self) -> list[str] | None:
        return None


def parse_active_window(output: str) -> str | None:
    """`_NET_ACTIVE_WINDOW(WINDOW): window id # 0x1c00007` -> `0x1c00007`; none focused -> None."""
    match = _WINDOW_ID.search(output)
    if match is None or int(match.group(1), 16) == 0:
        return None
    return match.group(1)


def _unquote(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def parse_window_props(output: str) -> FocusedApp | None:
    """The app from `xprop -id W WM_CLASS _NET_WM_NAME WM_NAME` output; None without a WM_CLASS."""
    instance = app = title = ""
    for line in output.splitlines():
        name = line.split("(", 1)[0].split("=", 1)[0].strip()
        values = [_unquote(v) for v in _QUOTED.findall(line)]
        if name == "WM_CLASS" and values:
            instance, app = values[0], values[-1]
        elif name in ("_NET_WM_NAME", "WM_NAME") and values and not title:
            title = values[0]
    if not (app or instance):
        return None
    return FocusedApp(app or instance, instance, title)


class X11FocusProbe:
    supported = True

    def __init__(self, xprop: str = "xprop") -> None:
        self.xprop = xprop

    def _run(self, *args: str) -> str | None:
        try:
            done = subprocess.run(
                [self.xprop, *args],
                capture_output=True,
                text=True,
                timeout=XPROP_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            logger.debug("xprop failed: %s", type(exc).__name__)
            return None
        return done.stdout if done.returncode == 0 else None

    def current(self) -> FocusedApp | None:
        root = self._run("-root", "_NET_ACTIVE_WINDOW")
        window = parse_active_window(root) if root else None
        if window is None:
            return None
        props = self._run("-id", window, "WM_CLASS", "_NET_WM_NAME", "WM_NAME")
        return parse_window_props(props) if props else None

    def watch_command(self) -> list[str] | None:
        return [self.xprop, "-spy", "-root", "_NET_ACTIVE_WINDOW"]


def focus_probe(platform: str | None = None) -> FocusProbe:
    """The probe for this desktop: X11 when a display and xprop are there, else the null probe."""
    platform = platform or sys.platform
    if platform.startswith("linux") and os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        xprop = shutil.which("xprop")
        if xprop:
            return X11FocusProbe(xprop)
    return NullFocusProbe()


def _site_words(sites: Iterable[str]) -> set[str]:
    """`*.example.ai` and `x.com/i/grok` -> `example.ai`, `x.com`: what a window title may show."""
    out = set()
    for site in sites:
        host = site.split("/", 1)[0].removeprefix("*.").removeprefix("www.")
        if host:
            out.add(host.casefold())
    return out


def is_ai_app(app: FocusedApp, ai_apps: Iterable[str], ai_sites: Iterable[str] = ()) -> bool:
    """True when the app's class or window title names one of the policy's AI apps or guarded sites
    (a browser tab titled "ChatGPT" or showing claude.ai counts as an AI site)."""
    names = (app.app.casefold(), app.instance.casefold())
    title = app.title.casefold()
    for wanted in ai_apps:
        w = wanted.casefold().strip()
        if w and (any(w in n for n in names) or w in title):
            return True
    return any(site in title for site in _site_words(ai_sites))
