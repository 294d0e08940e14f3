/**
 * The guard's UI never shows a left-out field as the words "null" or "undefined". The real host sends
 * `reason: ""` with every verdict; DOM `append(null)` writes the text "null", so every block and warn
 * dialog once carried a line reading "null" under its findings. Each dialog, notice and "checking…"
 * state is built here from views with empty or missing optional fields, directly and through the real
 * content scripts and background with a host that answers as the real one does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { gatedHost, holdPill, openPage, waitFor } from '../helpers/page.mjs';

const t = messages('en');
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const BODY = '<textarea id="prompt-textarea"></textarea><div id="dropzone">drop here</div><input type="file" id="upload">';
const NO_OVERRIDE = { allowed: false, justification_required: false, min_justification_chars: 0 };
const FINDINGS = [{ category: 'secret', count: 1, items: [{ entity_type: 'AWS_ACCESS_KEY', preview: 'AKIA••••••••••••MPLE' }] }];

/** Words a left-out value turns into when it is written as text. */
const LEAKED_ABSENCE = /\b(null|undefined|NaN)\b|\[object Object\]/;

function assertNoAbsentWords(text, what) {
  assert.doesNotMatch(text, LEAKED_ABSENCE, `${what} shows a missing field as a word: ${JSON.stringify(text)}`);
}

/** Every text node of our UI, so an empty line that reads "null" is caught even beside other text. */
function uiTextNodes(page) {
  const root = page.ui();
  if (!root) return [];
  const walker = page.doc.createTreeWalker(root, page.win.NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentNode?.nodeName !== 'STYLE') texts.push(node.nodeValue);
  }
  return texts;
}

function assertUiClean(page, what) {
  for (const text of uiTextNodes(page)) assertNoAbsentWords(text, what);
}

function escape(page) {
  page.key(page.ui().activeElement, 'Escape');
}

async function closeDialog(page, shown) {
  escape(page);
  await shown;
  assert.equal(page.dialog(), null);
}

// -- the overlay's own functions, fed views with fields left out ---------------------------------------------

const BLOCK_VIEWS = {
  'reason empty (what the host sends)': { findings: FINDINGS, findingCount: 1, reason: '' },
  'reason null': { findings: FINDINGS, findingCount: 1, reason: null },
  'reason, count and file missing': { findings: FINDINGS },
  'no findings at all': { findings: [], findingCount: 0, reason: '' },
  'findings missing': { reason: '' },
  'an empty view': {},
  'a file verdict with an empty reason': { fileName: '.env', findings: FINDINGS, findingCount: 1, reason: '' },
  'a file name left empty': { fileName: '', findings: FINDINGS, reason: '' },
  'message and advice given as undefined': { message: undefined, advice: undefined, findings: FINDINGS, reason: undefined },
};

for (const [name, view] of Object.entries(BLOCK_VIEWS)) {
  test(`a block dialog never shows a left-out field as text: ${name}`, async () => {
    const page = await openPage();
    const shown = page.win.DLPG.ui.block(view);
    assert.ok(page.dialog(), 'the dialog is up');
    assertUiClean(page, 'the block dialog');
    assert.ok(page.uiText().includes(t('overlay_title_block')));
    assert.ok(page.uiText().includes(t('block_what_to_do')));
    await closeDialog(page, shown);
    page.close();
  });
}

const WARN_VIEWS = {
  'reason empty (what the host sends)': { findings: FINDINGS, findingCount: 1, reason: '', canMask: true, override: { allowed: true, justification_required: false, min_justification_chars: 0 } },
  'override, canMask and reason missing': { findings: FINDINGS, findingCount: 1 },
  'no findings and a null reason': { findings: [], reason: null },
  'an empty view': {},
  'an overridable block of a file, reason empty': { blocked: true, fileName: 'keys.txt', findings: FINDINGS, reason: '', override: NO_OVERRIDE },
};

for (const [name, view] of Object.entries(WARN_VIEWS)) {
  test(`a warn dialog never shows a left-out field as text: ${name}`, async () => {
    const page = await openPage();
    const choice = page.win.DLPG.ui.warn(view);
    assert.ok(page.dialog(), 'the dialog is up');
    assertUiClean(page, 'the warn dialog');
    escape(page);
    assert.deepEqual({ ...(await choice) }, { action: 'cancel', justification: null });
    page.close();
  });
}

test('the justification step never shows a missing minimum length as text', async () => {
  const page = await openPage();
  // The minimum left out: one character is asked for, and the label says 1.
  const choice = page.win.DLPG.ui.warn({ findings: FINDINGS, reason: '', override: { allowed: true, justification_required: true } });
  page.button(t('button_send_anyway')).click();
  const label = page.ui().querySelector('label');
  assert.equal(label.textContent, t('justification_label', [1]));
  assertUiClean(page, 'the justification step');
  escape(page);
  await choice;
  page.close();
});

test('a notice and the "checking…" states never show a left-out option as text', async () => {
  const page = await openPage();
  const ui = page.win.DLPG.ui;
  const notice = ui.notice(t('notice_masked', [1]));
  const alert = ui.notice(t('banner_unavailable'), { alert: true, actionLabel: null, onAction: null, timeoutMs: 0 });
  assert.equal(page.toasts().length, 2);
  const box = page.$('#prompt-textarea');
  const boxHold = ui.holding(box);
  const boxless = ui.holding(null, { kind: undefined });
  ui.checking(true);
  await waitFor(() => page.ui().querySelectorAll('.hold').length === 2, { what: 'both checking states' });
  await waitFor(() => page.toasts().some((s) => s.includes(t('notice_checking'))), { what: 'the checking notice' });
  assertUiClean(page, 'the notices and checking states');
  boxHold.stillChecking();
  boxless.stillChecking();
  assert.ok(page.uiText().includes(t('notice_still_checking')));
  assertUiClean(page, 'the still-checking states');
  for (const closing of [boxHold, boxless, notice, alert]) closing.close();
  ui.checking(false);
  assert.equal(holdPill(page), null);
  page.close();
});

// -- through the content scripts and background, as a real host answers -----------------------------------------

function keyHost(action, fields = {}) {
  return new FakeNativeHost({
    onScan: (r) => (r.text.includes(KEY)
      ? verdictReply(r, { action, findings: [findingOf(r.text, KEY, { action })], reason: '', ...fields })
      : verdictReply(r)),
  });
}

test('a blocked paste: the dialog has no "null" line, and a reason, when there is one, is shown', async () => {
  for (const reason of ['', 'secrets never leave the company']) {
    const page = await openPage({ host: keyHost('block', { override: NO_OVERRIDE, reason }) });
    const box = page.$('#prompt-textarea');
    box.focus();
    page.paste(box, { text: `key ${KEY}` });
    await waitFor(() => page.dialog(), { what: 'the block dialog' });
    assertUiClean(page, 'the block dialog for a paste');
    assert.equal(page.uiText().includes(t('overlay_reason', [reason])), reason !== '', 'the reason line is there exactly when the host gave one');
    assert.deepEqual(page.host.problems, []);
    escape(page);
    assert.equal(box.value, '');
    page.close();
  }
});

test('a warned paste and a blocked one the user may override: no "null" line in either dialog', async () => {
  for (const [action, override] of [['warn', undefined], ['block', { allowed: true, justification_required: true, min_justification_chars: 10 }]]) {
    const host = new FakeNativeHost({
      onScan: (r) => verdictReply(r, { action, findings: [findingOf(r.text, KEY, { action })], reason: '', masked_text: r.text.replace(KEY, '[REDACTED]'), ...(override ? { override } : {}) }),
    });
    const page = await openPage({ host });
    const box = page.$('#prompt-textarea');
    box.focus();
    page.paste(box, { text: `key ${KEY}` });
    await waitFor(() => page.dialog(), { what: `the ${action} dialog` });
    assertUiClean(page, `the ${action} dialog`);
    escape(page);
    page.close();
  }
});

test('a refused "send anyway" explains the block without a "null" line when the host gives no reason', async () => {
  const host = new FakeNativeHost({
    onScan: (r) => verdictReply(r, { action: 'warn', findings: [findingOf(r.text, KEY, { action: 'warn' })], reason: '', masked_text: r.text.replace(KEY, '[REDACTED]'), override: { allowed: true, justification_required: false, min_justification_chars: 0 } }),
    onDecision: () => ({ allowed: false, reason: '' }),
  });
  const page = await openPage({ host });
  const box = page.$('#prompt-textarea');
  box.focus();
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => page.dialog(), { what: 'the warn dialog' });
  page.button(t('button_send_anyway')).click();
  await waitFor(() => page.uiText().includes(t('decision_refused')), { what: 'the refusal' });
  assertUiClean(page, 'the refusal dialog');
  escape(page);
  page.close();
});

test('a masked paste: the notice counts the findings and shows no left-out field', async () => {
  const page = await openPage({ host: keyHost('mask', { masked_text: 'key [REDACTED]' }) });
  const box = page.$('#prompt-textarea');
  box.focus();
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => box.value === 'key [REDACTED]', { what: 'the masked insertion' });
  await waitFor(() => page.toasts().some((s) => s.includes(t('notice_masked', [1]))), { what: 'the masked notice' });
  assertUiClean(page, 'the masked notice');
  page.close();
});

test('file verdicts: a blocked dropped file and a blocked upload show no "null" line', async () => {
  const page = await openPage({ host: keyHost('block', { override: NO_OVERRIDE }), body: BODY });
  page.drop(page.$('#dropzone'), { files: [page.file(`AWS_ACCESS_KEY_ID=${KEY}\n`, '.env')] });
  await waitFor(() => page.dialog(), { what: 'the block dialog for the drop' });
  assert.ok(page.uiText().includes(t('overlay_intro_block_file', ['.env'])));
  assertUiClean(page, 'the block dialog for a dropped file');
  escape(page);
  await waitFor(() => page.dialog() === null);
  page.choose(page.$('#upload'), [page.file(`secret=${KEY}`, 'config.env')]);
  await waitFor(() => page.dialog(), { what: 'the block dialog for the upload' });
  assert.ok(page.uiText().includes(t('overlay_intro_block_file', ['config.env'])));
  assertUiClean(page, 'the block dialog for an upload');
  escape(page);
  page.close();
});

test('a held paste: "checking…" and "still checking" by the box show no left-out field', async () => {
  const host = gatedHost({ verdict_timeout_ms: 40 });
  const page = await openPage({ host });
  const box = page.$('#prompt-textarea');
  box.focus();
  page.paste(box, { text: 'late but clean' });
  await waitFor(() => holdPill(page)?.textContent.includes(t('notice_still_checking')), { what: 'the still-checking state' });
  assertUiClean(page, 'the held paste');
  host.release(0, { reason: '' });
  await waitFor(() => box.value === 'late but clean', { what: 'the late insertion' });
  page.close();
});
