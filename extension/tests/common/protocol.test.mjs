import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decisionRequest, helloRequest, messageChecker, restoreRequest, scanRequest } from '../../src/common/protocol.js';
import { protocolSchema } from '../helpers/paths.mjs';

const schema = protocolSchema();
const checkRequest = messageChecker(schema, 'request');
const checkReply = messageChecker(schema, 'reply');

const REQUESTS = [
  ['hello', helloRequest({ extensionVersion: '0.1.0', browser: 'chromium' })],
  ['scan of a paste', scanRequest({ text: '\u{1F9D1}\u200D\u{1F4BB} card 4539 1488 0343 6467', event: 'paste', site: 'chatgpt.com', url: 'https://chatgpt.com/c/1', conversationId: 'c.7.chatgpt.com' })],
  ['scan with only the required fields', scanRequest({ text: '', event: 'upload' })],
  ['decision with a justification', decisionRequest({ incidentId: 'c1cfab73', userAction: 'send_anyway', justification: 'needed for the ticket' })],
  ['decision without an incident', decisionRequest({ incidentId: null, userAction: 'cancel' })],
  ['restore', restoreRequest({ conversationId: 'c.7.chatgpt.com', text: 'Hello <PERSON_1>' })],
];

for (const [what, message] of REQUESTS) {
  test(`built ${what} request matches the protocol schema`, () => {
    assert.deepEqual(checkRequest(message), []);
    assert.equal(message.v, 1);
    assert.ok(message.id.length > 0 && message.id.length <= 128);
  });
}

test('every request gets a fresh id', () => {
  const ids = new Set(Array.from({ length: 50 }, () => scanRequest({ text: 'x', event: 'paste' }).id));
  assert.equal(ids.size, 50);
});

test('fields over the host limits are cut to fit rather than rejected whole', () => {
  const message = scanRequest({ text: 'x', event: 'submit', site: 'a'.repeat(5000), url: 'https://x/' + 'a'.repeat(9000) });
  assert.deepEqual(checkRequest(message), []);
  const decision = decisionRequest({ incidentId: 'i', userAction: 'send_anyway', justification: 'j'.repeat(5000) });
  assert.deepEqual(checkRequest(decision), []);
});

test('builders refuse events and actions the protocol does not have', () => {
  assert.throws(() => scanRequest({ text: 'x', event: 'typing' }), /unknown scan event/);
  assert.throws(() => decisionRequest({ incidentId: null, userAction: 'ignore' }), /unknown user action/);
});

test("docs/protocol.md's example verdict is a valid reply", () => {
  const verdict = {
    v: 1, id: '2', served_by: 'app', type: 'verdict', action: 'block', would_action: 'block', simulated: false, reason: '',
    findings: [{ entity_type: 'CREDIT_CARD', category: 'financial', start: 11, end: 30, score: 1.0, recognizer: 'CreditCardRecognizer', action: 'block' }],
    finding_count: 1, findings_truncated: false, masked_text: '\u{1F9D1}\u200D\u{1F4BB} card \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 6467',
    masked_text_omitted: false,
    replacements: [{ start: 11, end: 30, replacement: '\u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 6467', entity_type: 'CREDIT_CARD', operator: 'partial' }],
    override: { allowed: true, justification_required: true, min_justification_chars: 10 },
    incident_id: 'c1cfab73', policy_version: 7, group: 'ai_chat', engine_mode: 'ner', elapsed_ms: 4.1,
    ner_pending: false, ner_skipped_chars: 0, ner_gated: false,
  };
  assert.deepEqual(checkReply(verdict), []);
});

test('malformed replies are caught before the extension acts on them', () => {
  const good = { v: 1, id: '1', served_by: 'app', type: 'decision_recorded', incident_id: null, recorded: false, allowed: true, reason: '' };
  assert.deepEqual(checkReply(good), []);
  assert.notDeepEqual(checkReply({ ...good, allowed: 'yes' }), []);
  assert.notDeepEqual(checkReply({ ...good, type: 'verdict' }), []);
  assert.notDeepEqual(checkReply({ ...good, v: 2 }), []);
  const { recorded, ...missing } = good;
  assert.notDeepEqual(checkReply(missing), []);
});

test('an error reply without an id (an unreadable frame) is valid', () => {
  const error = { v: 1, id: null, served_by: 'native-host', type: 'error', code: 'bad_json', message: 'not JSON', supported_versions: [1] };
  assert.deepEqual(checkReply(error), []);
});
