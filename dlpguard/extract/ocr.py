"""Text in images, by Tesseract run as a subprocess: fixed arguments, no shell, a timeout, one thread.

Debian's `tesseract-ocr` with the eng/deu/fra/spa data (`./dev` and the .deb install them). Without
it an image is unreadable (the policy's `files.unreadable` applies) and `dlpguard doctor` says so.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dlpguard.extract.core import Budget, Unreadable

WANTED_LANGUAGES = ("eng", "deu", "fra", "spa")
#: Tesseract reads these reliably; anything else is refused before it runs.
_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class OcrStatus:
    available: bool
    binary: str | None
    version: str | None
    languages: tuple[str, ...]
    missing_languages: tuple[str, ...]
    problem: str = ""


def _env() -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1", "LC_ALL": "C"}
    return env


@functools.lru_cache(maxsize=1)
def ocr_status() -> OcrStatus:
    binary = shutil.which("tesseract")
    if not binary:
        return OcrStatus(False, None, None, (), WANTED_LANGUAGES, "tesseract is not installed")
    try:
        version = subprocess.run(
            [binary, "--version"], capture_output=True, timeout=10, check=False, env=_env()
        )
        langs = subprocess.run(
            [binary, "--list-langs"], capture_output=True, timeout=10, check=False, env=_env()
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        problem = f"tesseract does not run ({type(exc).__name__})"
        return OcrStatus(False, binary, None, (), WANTED_LANGUAGES, problem)
    first = (version.stdout or version.stderr).decode("utf-8", "replace").splitlines()
    found = tuple(
        line.strip() for line in langs.stdout.decode("utf-8", "replace").splitlines()[1:] if line.strip()
    )
    usable = tuple(lang for lang in WANTED_LANGUAGES if lang in found)
    missing = tuple(lang for lang in WANTED_LANGUAGES if lang not in found)
    if not usable:
        return OcrStatus(False, binary, first[0] if first else None, found, missing, "no OCR language data")
    return OcrStatus(True, binary, first[0] if first else None, usable, missing)


def _pixels(data: bytes) -> int | None:
    """Width × height from a PNG, GIF or BMP header (JPEG and others: unknown, left to the timeout)."""
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big") * int.from_bytes(data[20:24], "big")
    if data.startswith(b"GIF") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little") * int.from_bytes(data[8:10], "little")
    if data.startswith(b"BM") and len(data) >= 26:
        width = int.from_bytes(data[18:22], "little", signed=True)
        return abs(width * int.from_bytes(data[22:26], "little", signed=True))
    return None


def ocr_image(data: bytes, timeout_s: float) -> str:
    """The text Tesseract reads in `data`; `Unreadable` when OCR is missing, fails or takes too long."""
    status = ocr_status()
    if not status.available or not status.binary:
        raise Unreadable(f"image not read: OCR unavailable ({status.problem})")
    pixels = _pixels(data)
    if pixels is not None and pixels > _MAX_PIXELS:
        raise Unreadable("image too large to read")
    with tempfile.TemporaryDirectory(prefix="dlpguard-ocr-") as folder:
        source = Path(folder) / "image"
        source.write_bytes(data)
        source.chmod(0o600)
        try:
            done = subprocess.run(
                [status.binary, str(source), "stdout", "-l", "+".join(status.languages), "--psm", "3"],
                capture_output=True,
                timeout=timeout_s,
                check=False,
                env=_env(),
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise Unreadable(f"image not read: OCR took longer than {timeout_s:g} s") from exc
        except OSError as exc:
            raise Unreadable(f"image not read: OCR failed ({type(exc).__name__})") from exc
    if done.returncode != 0:
        raise Unreadable("image not read: not an image Tesseract can open")
    return done.stdout.decode("utf-8", "replace")


def read_image(data: bytes, path: str, depth: int, budget: Budget) -> str:
    if not budget.limits.ocr:
        raise Unreadable("image not read: OCR is off")
    import time

    room = budget.deadline - time.monotonic()
    return ocr_image(data, max(1.0, min(budget.limits.ocr_timeout_s, room)))
