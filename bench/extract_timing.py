"""File extraction and OCR timings (issue 10): a 20-page PDF, a 5 MB XLSX, a 1080p screenshot.

Prints wall-clock figures (median of --repeat runs) for `dlpguard.extract.extract` on files built here
with the same builders the tests use (tests/extract/builders.py): fake values only. A report, not a test.

    .venv/bin/python bench/extract_timing.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dlpguard.extract import ExtractLimits, extract, ocr_status  # noqa: E402
from tests.extract import builders  # noqa: E402

WORDS = (
    *("agreement", "party", "customer", "supplier", "term", "payment", "invoice", "delivery", "notice"),
    *("clause", "liability", "confidential", "schedule", "annex", "service", "level", "warranty"),
    *("termination", "renewal", "jurisdiction", "data", "processing"),
)


def contract_page(rng: random.Random, number: int) -> str:
    lines = [f"Section {number}. Terms and conditions"]
    for _ in range(44):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(12)))
    return "\n".join(lines)


def pdf_20_pages() -> bytes:
    rng = random.Random(20)
    pages = [contract_page(rng, n) for n in range(1, 21)]
    pages[7] += f"\n{builders.AWS_LINE}"
    return builders.pdf(*pages)


def xlsx_5mb() -> bytes:
    rng = random.Random(5)
    rows: list[list[str | int]] = [
        ["id", "name", "email", "city", "amount", "note"],
        ["ci", builders.AWS_LINE],
    ]
    data = b""
    batch = 20_000
    while len(data) < 5 * 1024 * 1024:
        for i in range(batch):
            n = len(rows)
            rows.append([
                n,
                f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}",
                f"user{n}.{rng.randrange(10**6)}@example.org",
                rng.choice(WORDS),
                rng.randrange(10**9),
                "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24 + i % 8)),
            ])
        data = builders.xlsx(rows)
    return data


def screenshot_1080p() -> bytes:
    rng = random.Random(1080)
    lines = ["$ cat ~/.aws/credentials", "[default]", builders.AWS_LINE]
    while len(lines) < 30:
        lines.append(" ".join(rng.choice(WORDS) for _ in range(9)))
    return builders.text_image(lines, size=(1920, 1080), font_size=24)


def timed(data: bytes, repeat: int, limits: ExtractLimits) -> tuple[float, float, object]:
    runs = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = extract(data, limits)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), min(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # The whole file, not the policy's 5,000,000-character scan limit (a 5 MB XLSX holds ~8 M characters:
    # under the default policy the rest is reported unscanned and `files.unreadable` applies).
    limits = ExtractLimits(timeout_s=120, ocr_timeout_s=120, max_chars=100_000_000)
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {load:.2f}; median of {args.repeat}")
    print(f"OCR: {ocr_status().version or 'not available'} ({', '.join(ocr_status().languages)})")
    cases = [
        ("20-page PDF", pdf_20_pages()),
        ("5 MB XLSX", xlsx_5mb()),
        ("1080p screenshot (OCR)", screenshot_1080p()),
    ]
    print(f"{'file':26} {'bytes':>10} {'chars':>10} {'median ms':>10} {'min ms':>10}  key found")
    for label, data in cases:
        median, fastest, result = timed(data, args.repeat, limits)
        text = result.text  # type: ignore[attr-defined]
        found = builders.AWS_KEY in text.replace(" ", "")
        problem = result.refused or result.unreadable_reason  # type: ignore[attr-defined]
        print(
            f"{label:26} {len(data):>10,} {len(text):>10,} {median:>10.0f} {fastest:>10.0f}  "
            f"{'yes' if found else 'no'}{'  (' + problem + ')' if problem else ''}"
        )
    print(f"load at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
