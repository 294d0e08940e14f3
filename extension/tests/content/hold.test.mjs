/**
 * "Never drop": a paste is held until its verdict comes, however late. A small "checking…" state by the
 * box, "still checking — Cancel / Wait" after the policy's budget, the approved text at the saved caret
 * when the verdict comes, and a send pressed meanwhile waits for the paste.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { senders } from '../helpers/fake_browser.mjs';
import { findingOf } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { gatedHost, holdPill, openPage, waitFor } from '../helpers/page.mjs';

const t = messages('en');
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const EDITOR = '<main><div id="composer"><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p>Hi there</p></div><button data-testid="send-button" type="button">Send</button></div></main>';

function chatSite(page) {
  const editor = page.$('#prompt-textarea');
  const sent = [];
  editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      sent.push(editor.textContent);
    }
  });
  return { editor, sent };
}

async function turns(n = 5) {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

function placeCaret(page, node, offset) {
  const range = page.doc.createRange();
  range.setStart(node, offset);
  page.doc.getSelection().removeAllRanges();
  page.doc.getSelection().addRange(range);
}

test('a late verdict inserts at the caret saved at paste time, while "checking…" shows by the box', async () => {
  const host = gatedHost({ verdict_timeout_ms: 60000 });
  const page = await openPage({ host, body: '<textarea id="prompt-textarea">Hello world</textarea>' });
  const box = page.$('#prompt-textarea');
  box.focus();
  box.setSelectionRange(6, 6);
  assert.equal(page.paste(box, { text: 'big ' }).defaultPrevented, true);
  const pill = await waitFor(() => holdPill(page), { what: 'the checking state' });
  assert.equal(pill.getAttribute('role'), 'status');
  assert.ok(pill.textContent.includes(t('notice_holding')));
  assert.equal(pill.querySelectorAll('button').length, 0, 'nothing to decide while within the budget');
  box.setSelectionRange(0, 0); // the user moves the caret away meanwhile
  host.release(0);
  await waitFor(() => box.value === 'Hello big world', { what: 'the insertion at the saved caret' });
  assert.equal(holdPill(page), null, 'the checking state goes away');
  assert.deepEqual(page.toasts(), [], 'no banner');
  page.close();
});

test('typed meanwhile (text field): the paste goes where it was pasted, the typing stays, the caret stays with the typing', async () => {
  const host = gatedHost({ verdict_timeout_ms: 60000 });
  const page = await openPage({ host, body: '<textarea id="prompt-textarea">Hello world</textarea>' });
  const box = page.$('#prompt-textarea');
  box.focus();
  box.setSelectionRange(6, 6);
  page.paste(box, { text: 'big ' });
  await waitFor(() => host.sent('scan').length === 1);
  // The user types "Oh, " at the start and "new " at the very caret of the paste.
  const type = (text, at) => {
    box.setRangeText(text, at, at, 'end');
    box.dispatchEvent(new page.win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
  };
  type('Oh, ', 0);
  type('new ', 10);
  assert.equal(box.value, 'Oh, Hello new world');
  assert.equal(box.selectionStart, 14);
  host.release(0);
  await waitFor(() => box.value !== 'Oh, Hello new world', { what: 'the insertion' });
  assert.equal(box.value, 'Oh, Hello big new world', 'pasted first, so before what was typed at the same spot');
  assert.deepEqual([box.selectionStart, box.selectionEnd], [18, 18], "the user's caret, moved past the paste");
  page.close();
});

test('the rule, for text fields: edits before shift the saved selection, overlapping edits put the paste after them', async () => {
  const page = await openPage();
  const moved = (...args) => [...page.win.DLPG.guard.movedSelection(...args)];
  assert.deepEqual(moved('abc', 'abc', 1, 2), [1, 2]);
  assert.deepEqual(moved('Hello world', 'Hello world!!', 6, 6), [6, 6], 'edit after: unchanged');
  assert.deepEqual(moved('Hello world', 'Oh, Hello world', 6, 6), [10, 10], 'edit before: shifted');
  assert.deepEqual(moved('Hello world', 'Hello new world', 6, 6), [6, 6], 'typed at the caret: the paste goes first');
  assert.deepEqual(moved('Hello world', 'Hello there', 6, 11), [11, 11], 'the selection was typed over: after the edit');
  assert.deepEqual(moved('Hello world', '', 6, 6), [0, 0], 'all deleted');
  page.close();
});

test('typed meanwhile (rich editor): the saved range moves with the edits and the paste goes in there', async () => {
  const host = gatedHost({ verdict_timeout_ms: 60000 });
  const page = await openPage({ host, body: EDITOR });
  const editor = page.$('#prompt-textarea');
  const text = editor.querySelector('p').firstChild; // "Hi there"
  editor.focus();
  placeCaret(page, text, 3);
  page.paste(text, { text: 'PASTE ' });
  await waitFor(() => host.sent('scan').length === 1);
  text.insertData(0, '>> '); // typed before the caret
  text.appendData(' and more'); // typed after it
  placeCaret(page, text, text.length);
  host.release(0);
  await waitFor(() => editor.textContent.includes('PASTE'), { what: 'the insertion' });
  assert.equal(editor.textContent, '>> Hi PASTE there and more');
  page.close();
});

test('after the budget: "still checking" with Cancel and Wait; Wait keeps waiting and the late verdict inserts', async () => {
  const host = gatedHost({ verdict_timeout_ms: 40 });
  const page = await openPage({ host, body: '<textarea id="prompt-textarea"></textarea>' });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'late but clean' });
  const slow = await waitFor(() => holdPill(page)?.textContent.includes(t('notice_still_checking')) && holdPill(page), { what: 'the still-checking question' });
  assert.equal(slow.getAttribute('role'), 'alert');
  assert.deepEqual([...slow.querySelectorAll('button')].map((b) => b.textContent), [t('button_cancel'), t('button_wait')]);
  assert.ok(!page.toasts().some((s) => s.includes(t('banner_timeout'))), 'no "did not answer" banner');
  const clicks = [];
  page.doc.addEventListener('click', () => clicks.push('page'));
  page.button(t('button_wait')).click();
  assert.deepEqual(clicks, [], 'the click on our UI never reaches the page');
  assert.ok(holdPill(page).textContent.includes(t('notice_holding')), 'back to checking');
  await new Promise((resolve) => setTimeout(resolve, 120)); // well past the budget: the request is still open
  assert.equal(box.value, '');
  host.release(0);
  await waitFor(() => box.value === 'late but clean', { what: 'the late insertion' });
  assert.equal(holdPill(page), null);
  assert.deepEqual(page.toasts(), []);
  page.close();
});

test('a verdict coming while "still checking" shows answers it: the text goes in without a click', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: '<textarea id="prompt-textarea"></textarea>' });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'first paste after start' });
  await waitFor(() => page.button(t('button_wait')), { what: 'the still-checking question' });
  host.release(0);
  await waitFor(() => box.value === 'first paste after start');
  assert.equal(holdPill(page), null);
  page.close();
});

test('Cancel drops the held paste: nothing goes in, not even when the verdict comes later', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: '<textarea id="prompt-textarea">keep</textarea>' });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: ' dropped' });
  await waitFor(() => page.button(t('button_cancel')), { what: 'the still-checking question' });
  page.button(t('button_cancel')).click();
  assert.equal(holdPill(page), null);
  host.release(0);
  await turns(10);
  assert.equal(box.value, 'keep');
  assert.deepEqual(page.toasts(), [], 'the user chose it: no banner');
  page.close();
});

test('a late block is still a block: the key never goes in', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: '<textarea id="prompt-textarea"></textarea>' });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => page.button(t('button_wait')));
  page.button(t('button_wait')).click();
  host.release(0, (r) => ({
    action: 'block',
    findings: [findingOf(r.text, KEY)],
    override: { allowed: false, justification_required: false, min_justification_chars: 0 },
  }));
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.equal(box.value, '');
  page.close();
});

test('fail open: the paste is held up to the budget, then goes in unchecked with the notice', async () => {
  const host = gatedHost({ fail_mode: 'open', verdict_timeout_ms: 60 });
  const page = await openPage({ host, body: '<textarea id="prompt-textarea"></textarea>' });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'unchecked' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(box.value, '', 'held within the budget');
  await waitFor(() => box.value === 'unchecked', { what: 'the fail-open insertion' });
  assert.ok(page.toasts().some((s) => s.includes(t('banner_failed_open'))));
  assert.equal(holdPill(page), null);
  host.releaseAll(); // the late verdict changes nothing
  await turns();
  assert.equal(box.value, 'unchecked');
  page.close();
});

test('Enter while a paste is held waits for it, then checks and sends the whole message once', async () => {
  const host = gatedHost({ verdict_timeout_ms: 60000 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  const text = editor.querySelector('p').firstChild;
  editor.focus();
  placeCaret(page, text, 8);
  page.paste(text, { text: ', see attached' });
  await waitFor(() => host.sent('scan').length === 1);
  assert.equal(page.key(editor).defaultPrevented, true);
  assert.equal(page.key(editor).defaultPrevented, true, 'pressed twice');
  await turns();
  assert.deepEqual(sent, [], 'never sent without the held paste');
  assert.equal(host.sent('scan').length, 1, 'the message is not checked before the paste is in');
  host.release(0);
  await waitFor(() => host.sent('scan').length === 2, { what: 'the submit check' });
  assert.deepEqual(host.sent('scan').map((r) => [r.event, r.text]), [['paste', ', see attached'], ['submit', 'Hi there, see attached']]);
  host.release(1);
  await waitFor(() => sent.length === 1, { what: 'the send' });
  await turns();
  assert.deepEqual(sent, ['Hi there, see attached'], 'sent once, with the paste');
  page.close();
});

test('Enter while a held paste is cancelled or blocked: nothing is sent', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  editor.focus();
  page.paste(editor.querySelector('p').firstChild, { text: ' pasted' });
  await waitFor(() => host.sent('scan').length === 1);
  page.key(editor);
  await waitFor(() => page.button(t('button_cancel')));
  page.button(t('button_cancel')).click();
  host.releaseAll();
  await turns(10);
  assert.deepEqual(sent, []);
  assert.equal(host.sent('scan').length, 1, 'the message was not sent for checking either');
  assert.equal(editor.textContent, 'Hi there');
  // The user presses Enter again: now it is checked and sent as usual.
  page.key(editor);
  await waitFor(() => host.sent('scan').length === 2);
  host.releaseAll();
  await waitFor(() => sent.length === 1);
  assert.deepEqual(sent, ['Hi there']);
  page.close();
});

test('a paste judged before NER was ready is asked about again on send (not taken as approved)', async () => {
  const host = gatedHost({ verdict_timeout_ms: 60000 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  const text = editor.querySelector('p').firstChild;
  editor.focus();
  placeCaret(page, text, 8);
  page.paste(text, { text: ' from Maria Keller' });
  await waitFor(() => host.sent('scan').length === 1);
  host.release(0, { ner_pending: true });
  await waitFor(() => editor.textContent === 'Hi there from Maria Keller');
  page.key(editor);
  await waitFor(() => host.sent('scan').length === 2);
  host.release(1, (r) => ({ action: 'warn', findings: [findingOf(r.text, 'Maria Keller', { entity_type: 'PERSON', category: 'person', action: 'warn' })] }));
  await waitFor(() => page.dialog(), { what: 'the warning on send' });
  page.button(t('button_cancel')).click();
  await turns();
  assert.deepEqual(sent, []);
  page.close();
});

test('the held flag is checked like every content message field: a boolean or nothing', async () => {
  const page = await openPage();
  const sender = senders.content('https://chatgpt.com/');
  assert.deepEqual(await page.browser.send({ type: 'scan', event: 'paste', text: 'x', hold: 'yes' }, sender), { status: 'rejected', reason: 'invalid' });
  assert.equal((await page.browser.send({ type: 'scan', event: 'paste', text: 'x', hold: true }, sender)).status, 'verdict');
  assert.equal((await page.browser.send({ type: 'scan', event: 'paste', text: 'x' }, sender)).status, 'verdict');
  page.close();
});
