"""Scanning never touches the network: the engine is offline by construction, not by configuration.

Each case runs in a fresh interpreter with an audit hook that records and refuses every socket
connect, name lookup, datagram send and urllib request. Refusing alone would not be enough: tldextract
(used by presidio's email and URL path) swallows a failed download and falls back to its snapshot, so
the child records every attempt and exits non-zero if there was any. Control runs prove the hook
catches both a plain socket and exactly that swallowed tldextract download.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# The child's prologue: the hook goes in before anything else is imported.
_PROLOGUE = r"""
import sys

WATCHED = frozenset({
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
    "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request",
})
attempts = []

def refuse_network(event, args):
    if event in WATCHED:
        attempts.append(event)
        raise ConnectionRefusedError(f"network refused by test hook: {event}")

sys.addaudithook(refuse_network)

def finish(label):
    if attempts:
        print(f"NETWORK ATTEMPTS ({label}): {sorted(set(attempts))} x{len(attempts)}", file=sys.stderr)
        sys.exit(3)
    print(f"OK {label}")
"""

_SCAN_WITH_MODEL = r"""
import io
from dlpguard.engine import Engine

TEXTS = [
    "Hi team, please contact Maria Gonzalez at maria.gonzalez@example.com or +1 (415) 555-0132 "
    "before Friday. She is based in Lisbon and will review https://docs.example.org/guide?id=7.",
    "Reach me at j.doe@mail.example.co.uk, backup address ops+alerts@sub.domain.example.net.",
    "See http://intranet.corp.example.com:8080/wiki and www.example.io and example.com/path for details.",
    "2024-05-01T10:00:00Z GET /api from 192.168.10.25 (x-forwarded-for 203.0.113.7) via 2001:db8::1",
    "Call our London office on +44 20 7946 0958 or the Berlin desk on +49 30 901820; fax 020 7946 0000.",
    "def notify(user):\n    send('admin@example.com', url='https://hooks.example.com/T000/B000')\n",
    "name,email,phone\nAda Lovelace,ada@example.org,+1-202-555-0143\nAlan Turing,alan@example.org,555-0199\n",
]

engine = Engine()
if engine.model.mode != "ner":
    print(f"model did not load: {engine.model.reason}", file=sys.stderr)
    sys.exit(4)
found = sum(len(engine.scan(t).findings) for t in TEXTS)
found += len(engine.scan_stream(io.StringIO("\n".join(TEXTS) * 50)).findings)
found += sum(len(Engine(load_model=False).scan(t).findings) for t in TEXTS)
print(f"scanned {len(TEXTS)} texts, {found} findings")
finish("engine")
"""

_CONTROL_SOCKET = r"""
import socket
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
    try:
        sock.connect(("127.0.0.1", 9))  # an address, not a name: only the connect hook can see it
    except OSError:
        pass
finish("control-socket")
"""

# tldextract with an empty cache tries to download the public suffix list, then silently falls back.
_CONTROL_TLDEXTRACT = r"""
import tempfile
import tldextract
tldextract.TLDExtract(cache_dir=tempfile.mkdtemp())("mail.example.co.uk")
finish("control-tldextract")
"""

# Variables that would make a library offline by configuration (or pre-seed its cache) are removed, so a
# pass means the code does not reach for the network at all.
_OFFLINE_VARS = ("TLDEXTRACT_", "HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE")


def run_child(body: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OFFLINE_VARS)}
    # An empty cache: anything using tldextract's defaults would have to download the suffix list.
    env["TLDEXTRACT_CACHE"] = str(tmp_path / "tldextract-cache")
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")
    return subprocess.run(
        [sys.executable, "-c", _PROLOGUE + body],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_scanning_with_the_real_model_opens_no_socket(tmp_path):
    proc = run_child(_SCAN_WITH_MODEL, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "OK engine" in proc.stdout


@pytest.mark.parametrize(
    ("body", "label", "event"),
    [
        (_CONTROL_SOCKET, "control-socket", "socket.connect"),
        (_CONTROL_TLDEXTRACT, "control-tldextract", "socket.getaddrinfo"),
    ],
)
def test_hook_catches_network_attempts_even_when_swallowed(body, label, event, tmp_path):
    proc = run_child(body, tmp_path)
    assert proc.returncode == 3, (proc.stdout, proc.stderr[-2000:])
    assert f"NETWORK ATTEMPTS ({label})" in proc.stderr
    assert event in proc.stderr
