"""A real X server for the tests that need one: Xvfb on a free display, xclip as "another app".

`Xvfb -displayfd` picks a free display number itself and tells it through a pipe, so parallel runs
never collide. Used by the clipboard end-to-end tests, the screenshots and bench/tray_idle.py.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 30.0
XCLIP_TIMEOUT = 10.0


def x11_tools_missing() -> list[str]:
    return [tool for tool in ("Xvfb", "xclip") if shutil.which(tool) is None]


@contextmanager
def xvfb(screen: str = "1280x800x24") -> Iterator[str]:
    """Starts Xvfb on a free display and yields its name (":N"); stops it afterwards."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        number = b""
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read_end], [], [], START_TIMEOUT)
            if not ready:
                raise RuntimeError("Xvfb did not start")
            chunk = os.read(read_end, 16)
            if not chunk:
                raise RuntimeError(f"Xvfb exited with {proc.wait()}")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read_end)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def xclip_copy(display: str, text: str, target: str = "UTF8_STRING") -> None:
    """Another app copies `text` (xclip keeps serving it in the background until someone else owns it)."""
    subprocess.run(
        ["xclip", "-selection", "clipboard", "-t", target, "-i"],
        input=text.encode(),
        env={**os.environ, "DISPLAY": display},
        check=True,
        timeout=XCLIP_TIMEOUT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def xclip_paste(display: str) -> str:
    """What another app would paste."""
    done = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        timeout=XCLIP_TIMEOUT,
        check=False,
    )
    return done.stdout.decode("utf-8", "replace")


def app_environ(base: Mapping[str, str], display: str) -> dict[str, str]:
    env = dict(base)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    return env


def start_app(env: Mapping[str, str], *args: str) -> subprocess.Popen[bytes]:
    """`dlpguard gui` as the login autostart would run it."""
    return subprocess.Popen(
        [sys.executable, "-m", "dlpguard", "gui", *args],
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )


def stop(proc: subprocess.Popen[bytes]) -> str:
    """Stops a child with SIGTERM (the app quits cleanly on it) and returns its stderr."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    err = proc.stderr.read() if proc.stderr else b""
    if proc.stderr:
        proc.stderr.close()
    return err.decode("utf-8", "replace")
