"""A copy-on-write view of this machine for a real `apt-get install`: a private mount namespace in which
/etc, /opt, /usr and /var are overlays whose upper layers live in a temp folder.

Why not the real root: the package drops managed browser policy into /etc/chromium (force-install,
`NativeMessagingUserLevelHosts: false`) and a system-wide native host; on a machine shared with other
test runs (CI's e2e suite drives the same Chromium with its own per-user host) that would change their
browsers while this test runs, and a crashed test would leave it there. Inside the namespace apt, dpkg,
the maintainer scripts, Chromium and the native host see one ordinary system; outside nothing changes,
and the upper layers list exactly what the package left behind.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Sequence
from pathlib import Path

OVERLAID = ("/etc", "/opt", "/usr", "/var")


def unavailable() -> str | None:
    """Why the view cannot be made here, or None."""
    for tool in ("unshare", "nsenter", "mount"):
        if shutil.which(tool) is None:
            return f"needs util-linux's {tool}"
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "--", "true"], capture_output=True, check=False
    )
    if probe.returncode:
        return "`unshare --mount` is not permitted here (no CAP_SYS_ADMIN)"
    if "overlay" not in Path("/proc/filesystems").read_text(encoding="ascii"):
        return "the kernel has no overlay filesystem"
    return None


class SystemView:
    """The namespace is held by one `sh` waiting on its stdin; commands enter it with nsenter."""

    def __init__(self, base: Path) -> None:
        self.base = base
        # sh runs inside the new namespace: its line says the namespace exists; it then waits on its
        # stdin, so it ends (and the namespace with it) when close() or this process's death closes it.
        self._holder = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", "echo ready; read _"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self.pid = self._holder.pid
        assert self._holder.stdout is not None
        if self._holder.stdout.readline() != b"ready\n":
            self.close()
            raise RuntimeError("unshare did not start its namespace")
        for folder in OVERLAID:
            upper, work = self.upper(folder), base / "work" / folder.strip("/")
            upper.mkdir(parents=True)
            work.mkdir(parents=True)
            options = f"lowerdir={folder},upperdir={upper},workdir={work}"
            self.run(["mount", "-t", "overlay", "overlay", "-o", options, folder])

    def upper(self, folder: str) -> Path:
        return self.base / "upper" / folder.strip("/")

    def command(self, args: Sequence[str]) -> list[str]:
        return ["nsenter", "-t", str(self.pid), "-m", "--", *args]

    def run(
        self, args: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 600,
        check: bool = True, input: bytes | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(
            self.command(args), env=env, capture_output=True, timeout=timeout, check=False, input=input
        )
        if check and done.returncode:
            raise AssertionError(
                f"{' '.join(args)} exited {done.returncode}:\n{done.stdout.decode()[-3000:]}\n"
                f"{done.stderr.decode()[-3000:]}"
            )
        return done

    def path(self, absolute: str | os.PathLike[str]) -> Path:
        """A path as the namespace sees it, readable from here through the holder's root."""
        return Path(f"/proc/{self.pid}/root") / str(absolute).lstrip("/")

    def left_behind(self, folder: str) -> list[str]:
        """Files and links the upper layer of `folder` holds: what changed against the real system
        (copied-up folders and whiteouts of deleted lower files are not listed)."""
        upper = self.upper(folder)
        found = []
        for path in upper.rglob("*"):
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                found.append("/" + str(path.relative_to(upper.parent)))
        return sorted(found)

    def close(self) -> None:
        if self._holder.poll() is None:
            assert self._holder.stdin is not None
            self._holder.stdin.close()
            self._holder.wait(timeout=30)
        shutil.rmtree(self.base, ignore_errors=True)  # the overlays went with the namespace
