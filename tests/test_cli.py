"""`dlpguard scan` and the command group, through click's test runner (in process, real engine)."""

from __future__ import annotations

import json
import random
import string

import pytest
from click.testing import CliRunner

from dlpguard.cli import main

FILLER = "the quick brown fox jumps over the lazy dog\n"
KEY = "AKIAZ7QXKR4PLM2VN3WD"
CLEAN = "nothing to see here, just words\n"


def aws_key(seed: int) -> str:
    """A distinct, realistic-looking access key id (no long runs, so no placeholder filter)."""
    rng = random.Random(seed)
    return "AKIA" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=16))


def planted_text(length: int, positions: list[int]) -> tuple[str, list[str]]:
    """`length` characters of harmless prose with a distinct AWS key id starting at each position."""
    text = (FILLER * (length // len(FILLER) + 1))[:length]
    keys = []
    for i, pos in enumerate(positions):
        key = aws_key(i)
        keys.append(key)
        end = pos + len(key)
        text = (
            text[: max(0, pos - 1)]
            + (" " if pos else "")
            + key
            + (" " if end < length else "")
            + text[end + 1 :]
        )
    assert len(text) == length
    return text, keys


@pytest.fixture(autouse=True)
def machine(tmp_path, monkeypatch):
    """Every scan here judges with the policy in the test's own machine folder (none: the built-in one),
    never with the policy of the machine the tests run on."""
    folder = tmp_path / "machine"
    folder.mkdir()
    monkeypatch.setenv("DLPGUARD_MACHINE_DIR", str(folder))
    monkeypatch.setenv("DLPGUARD_POLICY", str(folder / "policy.yaml"))
    monkeypatch.setenv("DLPGUARD_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DLPGUARD_DATA_DIR", str(tmp_path / "data"))
    return folder


def scan(*args: str, input: bytes | str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["scan", *args], input=input, env=env)


def test_scan_says_what_the_policy_in_force_would_do(machine):
    (machine / "policy.yaml").write_text(
        "schema_version: 1\nversion: 12\nrules: {categories: {secret: {action: warn}}}\n", encoding="utf-8"
    )
    result = scan("--no-model", input=f"deploy with {KEY}\n")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "policy v12, on a guarded site: warn (AWS_ACCESS_KEY warn)"


def test_scan_finds_the_admins_custom_terms_and_applies_their_rule(machine):
    (machine / "policy.yaml").write_text(
        "schema_version: 1\nversion: 3\n"
        "custom: {terms: [{id: falcon, terms: [Project Falcon], action: block}]}\n",
        encoding="utf-8",
    )
    result = scan("--no-model", "--format", "json", input="status of Project Falcon, nothing else\n")
    doc = json.loads(result.stdout)
    assert result.exit_code == 1, result.output
    assert [(f["category"], f["action"]) for f in doc["findings"]] == [("custom", "block")]
    assert doc["verdict"]["action"] == "block" and doc["verdict"]["policy_version"] == 3


def test_a_clean_text_is_allowed_by_the_policy():
    result = scan("--no-model", input=CLEAN)
    assert result.exit_code == 0
    last = result.stdout.splitlines()[-1]
    assert last == "policy v0, on a guarded site: allow (nothing the policy acts on)"


def test_a_streamed_file_gets_one_verdict_over_all_its_windows(tmp_path):
    text, _ = planted_text(3000, [100, 2500])
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    windows = ("--stream-above", "0", "--window", "1000", "--overlap", "50")
    result = scan("--no-model", "--format", "json", *windows, str(path))
    doc = json.loads(result.stdout)
    assert doc["stats"]["streamed"] is True
    assert [f["action"] for f in doc["findings"]] == ["block", "block"]
    assert doc["verdict"]["action"] == "block"


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("scan", "doctor", "policy", "incidents", "gui", "native-host", "install-browser-host"):
        assert name in result.stdout


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "0.1.0" in result.stdout


@pytest.mark.parametrize(
    "text, code",
    [(CLEAN, 0), (f"key {KEY}\n", 1), ("   \n", 0)],
)
def test_exit_status_says_whether_anything_was_found(text, code):
    assert scan("--no-model", input=text).exit_code == code


def test_text_format_marks_findings_in_plain_brackets_and_summarises():
    result = scan("--no-model", input=f"key {KEY} and {aws_key(1)}\n")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"key ⟦SECRET:AWS_ACCESS_KEY {KEY}⟧ and ⟦SECRET:AWS_ACCESS_KEY {aws_key(1)}⟧"
    assert "dlpguard: 2 findings in 50 characters (model: pattern-only: NER disabled)" in lines
    assert any(line.split() == ["secret", "2", "AWS_ACCESS_KEY", "2"] for line in lines)
    assert "\x1b[" not in result.stdout


def test_colour_always_uses_ansi_colours():
    result = scan("--no-model", "--color", "always", input=f"key {KEY}\n")
    assert f"\x1b[1;41;97m{KEY}\x1b[0m" in result.stdout
    assert "⟦" not in result.stdout


def test_no_echo_prints_only_the_summary():
    result = scan("--no-model", "--no-echo", input=f"key {KEY}\n")
    assert result.exit_code == 1
    assert KEY not in result.output
    assert result.stdout.startswith("dlpguard: 1 finding in")


def test_terminal_escapes_in_the_input_are_shown_not_obeyed():
    result = scan("--no-model", input=f"\x1b]0;pwned\x07 key {KEY} \u202eevil\n")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    assert "␛]0;pwned␇" in result.stdout and "\\u202e" in result.stdout


def test_json_format():
    result = scan("--no-model", "--format", "json", input=f"🎉 key {KEY}\n")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert set(doc) == {"findings", "verdict", "model", "stats", "notes", "ignored"}
    assert doc["findings"] == [
        {
            "entity_type": "AWS_ACCESS_KEY",
            "category": "secret",
            "start": 6,  # code points: the emoji counts one
            "end": 26,
            "score": 0.9,
            "recognizer": "AwsAccessKeyRecognizer",
            "action": "block",  # the built-in policy: secrets are blocked
            "rule": "category:secret",
        }
    ]
    assert doc["verdict"]["action"] == "block" and doc["verdict"]["override_allowed"] is False
    assert doc["model"]["mode"] == "pattern-only"
    assert doc["stats"]["chars"] == 27 and doc["stats"]["bytes"] == 30 and doc["stats"]["streamed"] is False
    assert doc["notes"] == ["pattern-only: names and places are not detected (NER disabled)"]


def test_json_with_nothing_found():
    result = scan("--no-model", "--format", "json", input=CLEAN)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


def test_min_score_filters_findings():
    text = f"key {KEY}\n"  # 0.9 without an AWS context word
    assert scan("--no-model", "--min-score", "0.95", input=text).exit_code == 0
    assert scan("--no-model", "--min-score", "0.9", input=text).exit_code == 1
    assert scan("--no-model", "--min-score", "1.5", input=text).exit_code == 2


def test_mask_writes_only_the_masked_text_to_stdout():
    result = scan("--no-model", "--mask", input=f"key {KEY} ok\n")
    assert result.exit_code == 1
    assert result.stdout == "key [AWS_ACCESS_KEY] ok\n"
    assert "1 finding" in result.stderr


@pytest.mark.parametrize(
    "operator, expected",
    [
        ("redact", "key [AWS_ACCESS_KEY] ok\n"),
        ("partial", "key " + "•" * 16 + "N3WD ok\n"),
        ("pseudonymise", "key <AWS_ACCESS_KEY_1> ok\n"),
    ],
)
def test_mask_with_a_forced_operator(operator, expected):
    result = scan("--no-model", "--mask", "--operator", operator, input=f"key {KEY} ok\n")
    assert result.stdout == expected


def test_mask_with_hash_tags_each_value_consistently_within_a_run():
    result = scan("--no-model", "--mask", "--operator", "hash", input=f"{KEY} {aws_key(1)} {KEY}\n")
    tags = result.stdout.split()
    assert all(t.startswith("<AWS_ACCESS_KEY:") and len(t) == len("<AWS_ACCESS_KEY:>") + 8 for t in tags)
    assert tags[0] == tags[2] != tags[1]


def test_operator_without_mask_is_a_usage_error():
    assert scan("--operator", "redact", input=CLEAN).exit_code == 2


def test_mask_as_json_includes_masked_text_and_replacements():
    result = scan("--no-model", "--mask", "--format", "json", input=f"🎉 {KEY}!")
    doc = json.loads(result.stdout)
    assert doc["masked_text"] == "🎉 [AWS_ACCESS_KEY]!"
    assert doc["replacements"] == [
        {
            "entity_type": "AWS_ACCESS_KEY",
            "category": "secret",
            "start": 2,
            "end": 22,
            "masked_start": 2,
            "masked_end": 18,
            "operator": "redact",
        }
    ]


def test_names_are_found_and_pseudonymised_with_the_model():
    text = "Please forward the contract to Maria Gonzalez before Friday.\n"
    found = scan("--format", "json", input=text)
    doc = json.loads(found.stdout)
    assert doc["model"]["mode"] == "ner"
    assert ("PERSON", "Maria Gonzalez") in [
        (f["entity_type"], text[f["start"] : f["end"]]) for f in doc["findings"]
    ]
    masked = scan("--mask", input=text)
    assert masked.stdout == "Please forward the contract to <PERSON_1> before Friday.\n"
    assert "warning" not in masked.stderr


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty input"),
        (b"hello\x00world", "binary input (NUL byte at offset 5)"),
        (b"a" * 100_000 + b"\x00", "binary input (NUL byte at offset 100000)"),
        (b"caf\xc3\xa9 \xff ok", "invalid UTF-8 at byte offset 6"),
        (b"truncated \xe2\x82", "invalid UTF-8 at byte offset 10"),
        # The bad byte sits just after a 64 KiB read boundary that splits a valid é.
        (b"a" * 65535 + "é".encode() + b"b" * 10 + b"\xc3(", "invalid UTF-8 at byte offset 65547"),
    ],
)
def test_bad_input_is_refused_with_its_offset(data, message):
    result = scan("--no-model", input=data)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dlpguard: error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_invalid_utf8_can_be_scanned_anyway():
    result = scan("--no-model", "--errors", "replace", "--mask", input=b"\xff " + KEY.encode() + b" \xfe")
    assert result.exit_code == 1
    assert result.stdout == "\ufffd [AWS_ACCESS_KEY] \ufffd"


def test_missing_file_is_an_error(tmp_path):
    result = scan("--no-model", str(tmp_path / "absent.txt"))
    assert result.exit_code == 2
    assert result.stderr.startswith("dlpguard: error: cannot read")


def test_reads_a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(f"crlf line\r\nkey {KEY}\r\n".encode())
    result = scan("--no-model", "--format", "json", str(path))
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["start"], finding["end"]) == (15, 35)  # \r\n kept: offsets match the file


def test_one_megabyte_single_line():
    line = ("lorem ipsum dolor sit amet " * 40_000)[:1_000_000] + f" {KEY}"
    result = scan("--no-model", "--format", "json", input=line)
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert line[finding["start"] : finding["end"]] == KEY


# -- streaming (large inputs), made small with the hidden knobs ---------------------------------------

WINDOW = ["--window", "4096", "--overlap", "256"]
STREAM = ["--stream-above", "1000"]
BOUNDARY_POSITIONS = [0, 4096 - 20, 8192 - 10, 12288, 16384 + 1, 30_000 - 20]


@pytest.mark.parametrize("fmt", [["--format", "json"], ["--format", "json", "--mask"], ["--mask"], []])
def test_streamed_scan_matches_the_in_memory_scan(fmt):
    text, _ = planted_text(30_000, BOUNDARY_POSITIONS)
    whole = scan("--no-model", *WINDOW, *fmt, input=text)
    streamed = scan("--no-model", *WINDOW, *STREAM, *fmt, input=text)
    assert streamed.exit_code == whole.exit_code == 1
    if "json" in fmt:
        a, b = json.loads(whole.stdout), json.loads(streamed.stdout)
        assert b["stats"]["streamed"] is True and a["stats"]["streamed"] is False
        assert a["findings"] == b["findings"]
        assert a.get("masked_text") == b.get("masked_text")
        assert a.get("replacements") == b.get("replacements")
    else:
        assert (
            whole.stdout.split("dlpguard: 6 findings")[0] == streamed.stdout.split("dlpguard: 6 findings")[0]
        )


def test_streamed_findings_sit_exactly_where_they_were_planted():
    text, keys = planted_text(30_000, BOUNDARY_POSITIONS)
    doc = json.loads(scan("--no-model", *WINDOW, *STREAM, "--format", "json", input=text).stdout)
    assert [(f["start"], f["end"]) for f in doc["findings"]] == [(p, p + 20) for p in BOUNDARY_POSITIONS]
    masked = scan("--no-model", *WINDOW, *STREAM, "--mask", input=text).stdout
    expected = text
    for key in keys:
        expected = expected.replace(key, "[AWS_ACCESS_KEY]")
    assert masked == expected


def test_streamed_pseudonyms_stay_consistent_across_windows():
    text, keys = planted_text(20_000, [100, 9_000])
    text = text.replace(keys[1], keys[0])  # the same key in two windows
    masked = scan("--no-model", *WINDOW, *STREAM, "--mask", "--operator", "pseudonymise", input=text).stdout
    assert masked.count("<AWS_ACCESS_KEY_1>") == 2 and "_2>" not in masked


def test_nul_late_in_a_streamed_input_is_refused_with_its_offset():
    data = (FILLER * 500).encode() + b"\x00tail"
    result = scan("--no-model", *WINDOW, *STREAM, "--format", "json", input=data)
    assert result.exit_code == 2
    assert result.stderr == f"dlpguard: error: binary input (NUL byte at offset {len(FILLER) * 500})\n"


# -- JSON Lines ------------------------------------------------------------------------------------


def jsonl(lines: list[str], *args: str):
    result = scan("--no-model", "--jsonl", *args, input="\n".join(lines) + "\n")
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def test_jsonl_answers_one_line_per_input_line():
    result, out = jsonl([json.dumps({"id": "a", "text": f"key {KEY}"}), json.dumps({"id": 2, "text": CLEAN})])
    assert result.exit_code == 1
    assert [o["id"] for o in out] == ["a", 2]
    assert [f["start"] for f in out[0]["findings"]] == [4]
    assert out[1]["findings"] == []


def test_jsonl_all_clean_exits_zero():
    result, out = jsonl([json.dumps({"id": 1, "text": CLEAN}), "", "   "])
    assert result.exit_code == 0 and len(out) == 1


@pytest.mark.parametrize(
    "bad_line, error",
    [
        ("{not json", {"id": None, "code": "invalid_json"}),
        ('["a list"]', {"id": None, "code": "invalid_request"}),
        ('{"id": "x", "text": 42}', {"id": "x", "code": "invalid_request"}),
        ('{"id": 7}', {"id": 7, "code": "invalid_request"}),
        ('{"id": "n", "text": "a\\u0000b"}', {"id": "n", "code": "binary_input"}),
    ],
)
def test_jsonl_malformed_line_is_reported_and_processing_continues(bad_line, error):
    good = json.dumps({"id": "after", "text": f"key {KEY}"})
    result, out = jsonl([json.dumps({"id": "before", "text": CLEAN}), bad_line, good])
    assert result.exit_code == 2
    assert [o["id"] for o in out] == ["before", error["id"], "after"]
    assert out[1]["error"]["code"] == error["code"] and out[1]["error"]["message"].startswith("line 2:")
    assert len(out[2]["findings"]) == 1


def test_jsonl_invalid_utf8_line():
    data = b'{"id": 1, "text": "ok"}\n{"id": 2, "text": "\xff"}\n'
    result = scan("--no-model", "--jsonl", input=data)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2
    assert out[1]["error"]["code"] == "invalid_utf8"


def test_jsonl_mask():
    _, out = jsonl([json.dumps({"id": 1, "text": f"🎉 {KEY}"})], "--mask")
    assert out[0]["masked_text"] == "🎉 [AWS_ACCESS_KEY]"


DISGUISED_KEY = KEY[:4] + "\u200b" + KEY[4:]  # a zero-width space inside the key


@pytest.mark.parametrize("streamed", [False, True], ids=["in-memory", "streamed"])
def test_a_disguised_key_is_found_and_masked_on_its_original_span(tmp_path, streamed):
    encoded = "QVdTIGtleTogQUtJQVo3UVhLUjRQTE0yVk4zV0Q="  # base64 of "AWS key: " + KEY
    text = FILLER * 30 + f"key {DISGUISED_KEY} and {encoded}\n" + FILLER * 30
    path = tmp_path / "disguised.txt"
    path.write_text(text, encoding="utf-8")
    knobs = ("--stream-above", "0", "--window", "1000", "--overlap", "50") if streamed else ()
    result = scan("--no-model", "--format", "json", "--mask", *knobs, str(path))
    doc = json.loads(result.stdout)
    assert doc["stats"]["streamed"] is streamed
    assert [(f["entity_type"], text[f["start"] : f["end"]]) for f in doc["findings"]] == [
        ("AWS_ACCESS_KEY", DISGUISED_KEY),
        ("AWS_ACCESS_KEY", encoded),
    ]
    masked = text.replace(DISGUISED_KEY, "[AWS_ACCESS_KEY]").replace(encoded, "[AWS_ACCESS_KEY]")
    assert doc["masked_text"] == masked


def test_a_known_test_value_is_a_note_not_a_finding_in_text_output():
    result = scan("--no-model", input="card 4111 1111 1111 1111\n")
    assert result.exit_code == 0
    assert "note: known_test_value: Ignored: 1 known test value (e.g. card test number)" in result.output
    assert "no findings" in result.output and result.output.count("4111") == 1  # only the echoed text


def test_a_known_test_value_is_listed_as_ignored_in_json_output():
    result = scan(
        "--no-model", "--format", "json", input="iban DE89 3704 0044 0532 0130 00, ssn 123-45-6789\n"
    )
    doc = json.loads(result.output)
    assert result.exit_code == 0 and doc["findings"] == []
    assert doc["ignored"] == [
        {"note": "known_test_value", "kind": "IBAN example", "count": 1},
        {"note": "known_test_value", "kind": "ID number example", "count": 1},
    ]
    assert "DE89" not in json.dumps(doc["ignored"]) + json.dumps(doc["notes"])


def test_a_public_ip_is_a_finding_with_its_class_and_a_private_one_is_not():
    result = scan("--no-model", "--format", "json", input="postgres://app@52.14.1.9:5432/db via 10.0.3.17\n")
    doc = json.loads(result.output)
    assert [(f["entity_type"], f["subtype"]) for f in doc["findings"]] == [("IP_ADDRESS", "public")]


def test_scan_for_a_site_applies_its_groups_rules_and_names_the_group(machine):
    (machine / "policy.yaml").write_text(
        "schema_version: 1\nversion: 5\n"
        "sites:\n  groups:\n    foreign_jurisdiction:\n      catalogue: {jurisdictions: [CN]}\n"
        "      rules: {categories: {contact: {action: block}}}\n"
        "  guarded: [ai_chat, foreign_jurisdiction]\n",
        encoding="utf-8",
    )
    text = "write to maria.keller@northwind-traders.net"
    home = json.loads(scan("--no-model", "--format", "json", "--site", "chatgpt.com", input=text).stdout)
    away = scan("--no-model", "--format", "json", "--site", "chat.deepseek.com", input=text)
    away = json.loads(away.stdout)
    assert (home["verdict"]["group"], away["verdict"]["group"]) == ("ai_chat", "foreign_jurisdiction")
    assert home["verdict"]["action"] != "block" and away["verdict"]["action"] == "block"
    line = scan("--no-model", "--site", "chat.deepseek.com", input=text).stdout.splitlines()[-1]
    assert "site group foreign_jurisdiction" in line and "block" in line
    skipped = scan("--no-model", "--site", "example.org", input=text)
    assert skipped.exit_code == 0 and "site not guarded" in skipped.stdout


def test_scan_reads_a_document_by_its_content_as_an_upload_would_be(tmp_path):
    from tests.extract.builders import docx, zip_of

    key = aws_key(3)
    path = tmp_path / "notes.bin"  # the name says nothing: the content decides
    path.write_bytes(docx("Quarterly review", f"aws_access_key_id = {key}"))
    result = scan("--no-model", str(path))
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first == "file read as docx (read in full); as an upload the policy would block it"
    assert "AWS_ACCESS_KEY" in result.stdout
    doc = json.loads(scan("--no-model", "--format", "json", str(path)).stdout)
    assert [f["entity_type"] for f in doc["findings"]] == ["AWS_ACCESS_KEY"]
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(zip_of({"inner/readme.txt": b"nothing to see here"}))
    clean = scan("--no-model", str(archive))
    assert clean.exit_code == 0 and "file read as zip" in clean.stdout
