"""Per-recognizer pattern-scan timing over a synthetic mix of code, logs, config and prose.

    .venv/bin/python bench/recognizer_timing.py            # 1 MB mix and 2 KB slices
    .venv/bin/python bench/recognizer_timing.py --size 4   # 4 MB

Budgets (DESIGN): a 2 KB paste pattern-scanned in <= 2 ms across all recognizers, 1 MB well under 1 s.
The text is made up here, deterministic, and holds a sprinkling of fake secrets so that every
recognizer's slow path (a keyword hit) is exercised, not only its prefilter.
"""

from __future__ import annotations

import argparse
import random
import string
import time

from dlpguard.engine.registry import build_detectors

_ALNUM = string.ascii_letters + string.digits
_B64 = _ALNUM + "+/"


def _rand(rng: random.Random, n: int, alphabet: str = _ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _snippets(rng: random.Random) -> list[str]:
    hexd = "0123456789abcdef"
    return [
        # code
        "def load(path):\n    with open(path) as fh:\n        data = json.load(fh)\n"
        "    return data['items']\n",
        f"password = request.form['password']\ntoken = session.get('token')\nkey = '{_rand(rng, 12)}'\n",
        "const auth = require('./auth');\n"
        "function login(user, password) { return auth.check(user, password); }\n",
        f"commit {_rand(rng, 40, hexd)}\nAuthor: Dev <dev@corp.test>\n    fix: handle empty token list\n",
        f"sha256:{_rand(rng, 64, hexd)}  request_id={_rand(rng, 8, hexd)}-{_rand(rng, 4, hexd)}-4abc-8def-"
        f"{_rand(rng, 12, hexd)}\n",
        f"FIXTURE = base64.b64decode('{_rand(rng, 120, _B64)}==')\n",
        # logs
        f"2024-05-01T12:00:{rng.randint(10, 59)}Z INFO http GET /api/v1/users/{rng.randint(1, 9999)}"
        " 200 12ms\n",
        "2024-05-01T12:00:01Z WARN auth: token expired for session, refreshing (retry=3)\n",
        f"ERROR db: connection refused host=db-{rng.randint(1, 9)}.internal port=5432 user=app\n",
        # config
        "services:\n  web:\n    image: nginx:1.25\n    ports:\n      - '8080:80'\n"
        "    environment:\n      - DEBUG=false\n",
        f"[database]\nhost = db.internal\nport = 5432\npassword = {_rand(rng, 14)}!\n",
        f"API_KEY={_rand(rng, 32)}\nSECRET_KEY=changeme\nDB_PASSWORD=${{DB_PASSWORD}}\n",
        f"DATABASE_URL=postgres://app:{_rand(rng, 12)}@db.internal:5432/app\n"
        "REDIS_URL=redis://cache:6379/0\n",
        # prose
        "The quick brown fox jumps over the lazy dog. Please review the attached document before Monday's "
        "meeting; the password policy and key rotation schedule are on page three.\n",
        "Can you help me debug this? The API returns 401 when I pass the token in the Authorization header, "
        "but works with curl. I have tried https://docs.example.com/auth and the SDK.\n",
        # secrets, rarely
        f"GITHUB_TOKEN=ghp_{_rand(rng, 36)}\n",
        f"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.{_rand(rng, 43)}\n",
        f"-----BEGIN PRIVATE KEY-----\n{_rand(rng, 64, _B64)}\n{_rand(rng, 64, _B64)}\n"
        "-----END PRIVATE KEY-----\n",
    ]


def synthetic_text(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    weights = [6, 4, 4, 3, 3, 2, 8, 4, 4, 3, 2, 2, 2, 8, 6, 1, 1, 1]
    while total < size:
        snippet = rng.choices(_snippets(rng), weights=weights)[0]
        parts.append(snippet)
        total += len(snippet)
    return "".join(parts)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=float, default=1.0, help="megabytes of text")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = synthetic_text(int(args.size * 1_000_000))
    small = [text[i : i + 2000] for i in range(0, 2000 * 200, 2000)]
    detectors = build_detectors()
    rows = []
    for det in detectors:
        best_big = min(_time(det, text) for _ in range(args.repeat))
        best_small = min(sum(_time(det, s) for s in small) / len(small) for _ in range(args.repeat))
        rows.append((best_big, best_small, det.detector_name))
    rows.sort(reverse=True)
    print(f"{'recognizer':40} {'1MB ms':>9} {'2KB us':>9}")
    for big, sm, name in rows:
        print(f"{name:40} {big * 1000:9.1f} {sm * 1e6:9.1f}")
    print(f"{'TOTAL':40} {sum(r[0] for r in rows) * 1000:9.1f} {sum(r[1] for r in rows) * 1e6:9.1f}")


def _time(det: object, text: str) -> float:
    lowered = text.lower()
    started = time.perf_counter()
    det.find(text, lowered)  # type: ignore[attr-defined]
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
