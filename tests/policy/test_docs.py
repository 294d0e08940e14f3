"""The admin guide's policies and the example files are what admins copy: they must validate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from dlpguard.policy.layers import build_effective
from dlpguard.policy.loader import parse_document, read_document

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "admin-guide.md"
EXAMPLES = sorted((ROOT / "examples" / "policies").glob("*.*"))
_YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def guide_blocks() -> list[str]:
    return _YAML_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_holds_a_complete_example_policy():
    complete = [b for b in guide_blocks() if "schema_version:" in b]
    assert len(complete) == 1
    sections = ("simulation:", "fail_mode:", "hashed_terms:", "allowlists:", "override:", "clipboard:")
    assert all(key in complete[0] for key in (*sections, "incidents:"))


@pytest.mark.parametrize("block", guide_blocks(), ids=lambda b: b.splitlines()[0][:40])
def test_every_policy_in_the_admin_guide_validates(block):
    if "schema_version:" not in block:  # a fragment: complete it with the required keys
        version = "" if re.search(r"^version:", block, re.MULTILINE) else "version: 1\n"
        block = "schema_version: 1\n" + version + block
    build_effective(parse_document(block, str(GUIDE)))


def test_the_complete_example_also_passes_the_published_json_schema():
    (complete,) = [b for b in guide_blocks() if "schema_version:" in b]
    schema = json.loads((ROOT / "docs" / "policy.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(parse_document(complete, "guide").data, schema)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_policies_validate(path):
    build_effective(read_document(path))
