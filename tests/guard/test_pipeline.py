"""The one pipeline: assess (scan, decide, mask), record, judge; and the user's decision on a verdict.

Real engine (pattern-only policy from the bridge fixtures), real SQLite incident log with a key file.
"""

from __future__ import annotations

import textwrap

import pytest

from dlpguard.engine.types import Action, ScanContext, Source, UserDecision
from dlpguard.guard.decisions import decide_user_action
from dlpguard.guard.pipeline import assess, judge, record
from dlpguard.guard.services import GuardServices, build_engine
from tests.bridge.conftest import CARD, EMAIL, POLICY

GUARDED = "chatgpt.com"


@pytest.fixture
def make_services(bridge_env):
    built: list[GuardServices] = []

    def make(extra: str = "", **kwargs: object) -> GuardServices:
        bridge_env.policy_path.write_text(POLICY + textwrap.dedent(extra), encoding="utf-8")
        built.append(GuardServices(**kwargs))  # type: ignore[arg-type]
        return built[-1]

    yield make
    for services in built:
        services.close()


def browser(site: str | None = GUARDED) -> ScanContext:
    return ScanContext(source=Source.BROWSER.value, site=site, event="paste")


def test_a_card_is_blocked_and_masked_with_the_engine_mode_named(make_services):
    services = make_services("rules: {categories: {financial: {action: block}}}\n")
    assessment = assess(services, f"pay with {CARD} today", browser())
    assert assessment.verdict.action is Action.BLOCK
    assert [f.entity_type for f in assessment.acted] == ["CREDIT_CARD"]
    assert assessment.masked is not None and CARD not in assessment.masked.text
    assert assessment.engine_mode == "pattern-only"


def test_an_unguarded_site_is_allowed_without_scanning(make_services):
    calls: list[object] = []

    def counting_factory(policy):
        calls.append(policy)
        return build_engine(policy)

    services = make_services(engine_factory=counting_factory)
    assessment = assess(services, f"card {CARD}", browser("example.org"))
    assert (assessment.verdict.action, assessment.verdict.reason) == (Action.ALLOW, "site not guarded")
    assert assessment.engine_mode is None and calls == []
    assess(services, f"card {CARD}", browser())
    assert len(calls) == 1


def test_a_text_over_the_limit_is_scanned_up_to_it_and_says_so(make_services):
    services = make_services()
    text = f"{EMAIL} " + "x" * 500 + f" {CARD}"
    assessment = assess(services, text, ScanContext(source=Source.CLIPBOARD.value), max_chars=100)
    assert assessment.truncated_from == len(text)
    assert assessment.text == text[:100]
    assert CARD not in assessment.text and {f.entity_type for f in assessment.acted} == {"EMAIL_ADDRESS"}


def test_judge_records_one_incident_without_the_value_and_remembers_the_override(make_services):
    services = make_services("override: {allow: false}\n")
    judged = judge(services, f"card {CARD}", browser(), site=GUARDED, url=f"https://{GUARDED}/c/1")
    assert judged.incident_id is not None
    log = services.incident_log()
    assert log is not None
    stored = log.store.get(judged.incident_id)
    assert stored is not None and stored.record.site == GUARDED
    assert CARD not in stored.model_dump_json() and CARD.replace(" ", "") not in stored.model_dump_json()
    remembered = services.remembered_verdict(judged.incident_id)
    assert remembered is not None and remembered.allowed is False


def test_a_clean_text_records_nothing(make_services):
    services = make_services()
    judged = judge(services, "the weekly sync moved to Thursday", browser(), site=GUARDED)
    assert judged.incident_id is None
    assert judged.assessment.verdict.action is Action.ALLOW


def test_record_uses_the_action_the_shell_took(make_services):
    services = make_services()
    assessment = assess(services, f"card {CARD}", ScanContext(source=Source.CLIPBOARD.value))
    incident_id = record(services, assessment, Action.MASK, source=Source.CLIPBOARD, site=None, event="copy")
    log = services.incident_log()
    assert incident_id is not None and log is not None
    stored = log.store.get(incident_id)
    assert stored is not None
    assert (stored.record.action, stored.record.source) == (Action.MASK, Source.CLIPBOARD)


@pytest.mark.parametrize(
    ("policy", "justification", "allowed", "reason"),
    [
        ("override: {allow: false}\n", "business need, approved", False, "does not let the user"),
        ("override: {allow: true, require_justification: true, min_justification_chars: 10}\n", "ok", False,
         "at least 10 characters"),
        ("override: {allow: true, require_justification: true, min_justification_chars: 10}\n",
         "customer asked for this exact output", True, ""),
        ("override: {allow: true, require_justification: false}\n", None, True, ""),
    ],
)
def test_send_anyway_follows_the_verdicts_override_rules_and_is_recorded(
    make_services, policy, justification, allowed, reason
):
    services = make_services("rules: {categories: {financial: {action: block}}}\n" + policy)
    judged = judge(services, f"card {CARD}", browser(), site=GUARDED)
    outcome = decide_user_action(services, judged.incident_id, UserDecision.SEND_ANYWAY, justification)
    assert outcome.allowed is allowed and reason in outcome.reason
    assert outcome.recorded
    log = services.incident_log()
    assert log is not None and judged.incident_id is not None
    stored = log.store.get(judged.incident_id)
    assert stored is not None and stored.decision is UserDecision.SEND_ANYWAY


def test_a_decision_without_an_incident_is_judged_by_the_policy_and_not_recorded(make_services):
    services = make_services("override: {allow: false}\n")
    outcome = decide_user_action(services, None, UserDecision.SEND_ANYWAY, "because")
    assert (outcome.allowed, outcome.recorded) == (False, False)
    cancel = decide_user_action(services, None, UserDecision.CANCEL, None)
    assert (cancel.allowed, cancel.recorded, cancel.reason) == (True, False, "")


FOREIGN_GROUP = """\
sites:
  groups:
    foreign_jurisdiction:
      catalogue: {jurisdictions: [CN]}
      rules: {categories: {contact: {action: block}}}
  guarded: [ai_chat, foreign_jurisdiction]
"""


def test_a_site_groups_own_rules_decide_and_the_incident_and_verdict_name_the_group(make_services):
    services = make_services(FOREIGN_GROUP)
    home = assess(services, f"write to {EMAIL}", browser("chatgpt.com"))
    assert (home.verdict.action, home.verdict.group) == (Action.MASK, "ai_chat")  # the default policy
    judged = judge(services, f"write to {EMAIL}", browser("chat.deepseek.com"), site="chat.deepseek.com")
    assert (judged.assessment.verdict.action, judged.assessment.verdict.group) == (
        Action.BLOCK,
        "foreign_jurisdiction",
    )
    log = services.incident_log()
    assert log is not None and judged.incident_id is not None
    stored = log.store.get(judged.incident_id)
    assert stored is not None and stored.record.group == "foreign_jurisdiction"


def test_a_file_blocked_only_because_it_cannot_be_read_is_recorded_with_the_reason(make_services):
    from dlpguard.guard.pipeline import judge_file
    from tests.extract.builders import pdf

    services = make_services("files: {unreadable: block}\n")
    locked = pdf("quarterly figures", encrypt="s3cret-pass")
    judged = judge_file(services, locked, browser(), site=GUARDED, name="figures.pdf")
    assert judged.assessment.verdict.action is Action.BLOCK and not judged.readable
    log = services.incident_log()
    assert log is not None and judged.incident_id is not None
    stored = log.store.get(judged.incident_id)
    assert stored is not None and stored.record.findings == ()
    assert stored.record.note is not None and "could not read" in stored.record.note
    clean = judge_file(services, b"just a shopping list", browser(), site=GUARDED, name="list.txt")
    assert clean.incident_id is None
