/**
 * Every key that can send: Enter with each modifier a site may send on is held; an input method's
 * confirming Enter is never blocked (the IME keeps it) and never reaches the page (a site that would
 * send on it cannot); the Enter after a composition ends, and the send after IME typing, are held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { deferred, openPage, waitFor } from '../helpers/page.mjs';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const EDITOR = '<main><div id="composer"><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p>Hi there</p></div><button data-testid="send-button" type="button">Send</button></div></main>';

function blockingHost() {
  return new FakeNativeHost({
    onScan: (r) => (r.text.includes(KEY) ? verdictReply(r, { action: 'block', findings: [findingOf(r.text, KEY, { action: 'block' })] }) : verdictReply(r)),
  });
}

/**
 * A careless chat site: sends on any Enter-coded keydown (whatever the modifiers, composing or not),
 * except Shift+Enter alone; it records every keydown it sees.
 */
function carelessSite(page) {
  const editor = page.$('#prompt-textarea');
  const sent = [];
  const seen = [];
  editor.addEventListener('keydown', (e) => {
    seen.push([e.key, e.keyCode, e.isComposing]);
    const onlyShift = e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey;
    if ((e.key === 'Enter' || e.code === 'Enter') && !onlyShift) {
      e.preventDefault();
      sent.push([e.ctrlKey, e.metaKey, e.altKey, editor.textContent]);
    }
  });
  return { editor, sent, seen };
}

async function turns(n = 5) {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

const MODIFIERS = [
  ['Ctrl+Enter', { ctrlKey: true }],
  ['Cmd/Meta+Enter', { metaKey: true }],
  ['Alt+Enter', { altKey: true }],
  ['Ctrl+Shift+Enter', { ctrlKey: true, shiftKey: true }],
  ['Ctrl+Alt+Enter', { ctrlKey: true, altKey: true }],
];

for (const [name, mods] of MODIFIERS) {
  test(`${name} is held: clean text is sent once after the check, with its modifiers`, async () => {
    const gate = deferred();
    const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
    const page = await openPage({ host, body: EDITOR });
    const { editor, sent } = carelessSite(page);
    assert.equal(page.key(editor, 'Enter', { code: 'Enter', keyCode: 13, ...mods }).defaultPrevented, true);
    await waitFor(() => host.sent('scan').length === 1, { what: 'the scan' });
    assert.deepEqual(sent, [], 'nothing is sent while no verdict is known');
    gate.resolve();
    await waitFor(() => sent.length === 1, { what: 'the replay' });
    await turns();
    assert.deepEqual(sent, [[!!mods.ctrlKey, !!mods.metaKey, !!mods.altKey, 'Hi there']]);
    assert.deepEqual(host.sent('scan').map((r) => [r.event, r.text]), [['submit', 'Hi there']]);
    page.close();
  });

  test(`${name} with a key in the box is blocked: nothing is sent`, async () => {
    const page = await openPage({ host: blockingHost(), body: EDITOR });
    const { editor, sent } = carelessSite(page);
    editor.innerHTML = `<p>my key ${KEY}</p>`;
    assert.equal(page.key(editor, 'Enter', { code: 'Enter', keyCode: 13, ...mods }).defaultPrevented, true);
    await waitFor(() => page.dialog(), { what: 'the block dialog' });
    await turns();
    assert.deepEqual(sent, []);
    assert.equal(editor.textContent, `my key ${KEY}`);
    page.close();
  });
}

test('Shift+Enter alone is left to the page (a new line), not checked', async () => {
  const page = await openPage({ host: blockingHost(), body: EDITOR });
  const { editor, seen } = carelessSite(page);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  assert.equal(page.key(editor, 'Enter', { code: 'Enter', keyCode: 13, shiftKey: true }).defaultPrevented, false);
  assert.equal(seen.length, 1, 'the page sees it');
  assert.equal(page.host.sent('scan').length, 0);
  page.close();
});

const IME_ENTERS = [
  ['Enter while composing (Chrome on macOS, Firefox)', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true }],
  ['key "Process" for Enter (Chrome on Windows)', { key: 'Process', code: 'Enter', keyCode: 229, isComposing: true }],
  ['keyCode 229 Enter just after compositionend, isComposing false (WebKit-like)', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: false }],
  ['isComposing Enter without a keyCode', { key: 'Enter', code: 'Enter', isComposing: true }],
];

for (const [name, init] of IME_ENTERS) {
  test(`IME confirming Enter, ${name}: not blocked (the IME confirms), not sent, not checked`, async () => {
    const page = await openPage({ host: blockingHost(), body: EDITOR });
    const { editor, sent, seen } = carelessSite(page);
    editor.innerHTML = `<p>my key ${KEY} 日本</p>`;
    editor.dispatchEvent(new page.win.CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    if (init.isComposing === false) editor.dispatchEvent(new page.win.CompositionEvent('compositionend', { bubbles: true, data: '日本' }));
    const event = page.key(editor, init.key, init);
    assert.equal(event.defaultPrevented, false, 'the default (the IME confirming its candidate) is kept');
    await turns();
    assert.deepEqual(seen, [], "the page's listeners never see it, so a careless site cannot send on it");
    assert.deepEqual(sent, []);
    assert.equal(page.host.sent('scan').length, 0, 'no check per confirmed word');
    assert.equal(page.dialog(), null);
    assert.equal(editor.textContent, `my key ${KEY} 日本`, 'no new line either');
    page.close();
  });
}

test('compositionend then Enter: the Enter that follows is an ordinary one, and held', async () => {
  const page = await openPage({ host: blockingHost(), body: EDITOR });
  const { editor, sent } = carelessSite(page);
  editor.innerHTML = `<p>鍵 ${KEY}</p>`;
  editor.dispatchEvent(new page.win.CompositionEvent('compositionstart', { bubbles: true, data: '' }));
  page.key(editor, 'Enter', { code: 'Enter', keyCode: 229, isComposing: true }); // confirms 鍵
  editor.dispatchEvent(new page.win.CompositionEvent('compositionend', { bubbles: true, data: '鍵' }));
  assert.equal(page.key(editor, 'Enter', { code: 'Enter', keyCode: 13 }).defaultPrevented, true);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  await turns();
  assert.deepEqual(sent, []);
  assert.equal(page.host.sent('scan').length, 1);
  page.close();
});

test('compositionend then Enter with clean text: sent once after the check', async () => {
  const page = await openPage({ body: EDITOR });
  const { editor, sent } = carelessSite(page);
  editor.innerHTML = '<p>こんにちは</p>';
  editor.dispatchEvent(new page.win.CompositionEvent('compositionend', { bubbles: true, data: 'こんにちは' }));
  assert.equal(page.key(editor, 'Enter', { code: 'Enter', keyCode: 13 }).defaultPrevented, true);
  await waitFor(() => sent.length === 1, { what: 'the replay' });
  await turns();
  assert.deepEqual(sent, [[false, false, false, 'こんにちは']]);
  page.close();
});

test('keyCode 229 typing is left to the page; the send that ends it is held (Enter and the send button)', async () => {
  const page = await openPage({ host: blockingHost(), body: EDITOR });
  const { editor, sent, seen } = carelessSite(page);
  const clicks = [];
  page.$('[data-testid="send-button"]').addEventListener('click', () => clicks.push(editor.textContent));
  editor.innerHTML = `<p>${KEY}</p>`;
  for (const code of ['KeyN', 'KeyI', 'Space']) {
    assert.equal(page.key(editor, 'Process', { code, keyCode: 229, isComposing: true }).defaultPrevented, false);
  }
  assert.equal(seen.length, 3, 'IME typing reaches the page untouched');
  page.key(editor, 'Process', { code: 'Enter', keyCode: 229, isComposing: true });
  assert.deepEqual(sent, [], 'the confirming Enter does not send');
  assert.equal(page.key(editor, 'Enter', { code: 'Enter', keyCode: 13 }).defaultPrevented, true);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.equal(page.click(page.$('[data-testid="send-button"]')).defaultPrevented, true);
  await turns(10);
  assert.deepEqual(sent, []);
  assert.deepEqual(clicks, []);
  assert.equal(page.host.sent('scan').length, 1, 'a press while the send is held (its dialog open) is stopped, not checked again');
  page.close();
});

// -- sends that do not come from an Enter keydown: keyup, keypress, beforeinput, a site's Shift+Enter ----

/** A site that sends from `type` events that `when` accepts, preventing their default, and records them. */
function siteSendingOn(page, type, when) {
  const editor = page.$('#prompt-textarea');
  const sent = [];
  editor.addEventListener(type, (e) => {
    if (!when(e)) return;
    e.preventDefault();
    sent.push(editor.textContent);
  });
  return { editor, sent };
}

function keyEvent(page, target, type, init = {}) {
  const event = new page.win.KeyboardEvent(type, { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true, cancelable: true, composed: true, ...init });
  target.dispatchEvent(event);
  return event;
}

function beforeInput(page, target, inputType) {
  const event = new page.win.InputEvent('beforeinput', { inputType, bubbles: true, cancelable: true, composed: true });
  target.dispatchEvent(event);
  return event;
}

const isEnter = (e) => e.key === 'Enter';
const isLineBreak = (e) => e.inputType === 'insertParagraph' || e.inputType === 'insertLineBreak';

test('a site sending on keyup: the keyup of a held Enter is hidden, and replayed once after the check', async () => {
  const gate = deferred();
  const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = siteSendingOn(page, 'keyup', isEnter);
  assert.equal(keyEvent(page, editor, 'keydown').defaultPrevented, true);
  keyEvent(page, editor, 'keyup'); // the user lets go of Enter while the check runs
  await waitFor(() => host.sent('scan').length === 1, { what: 'the scan' });
  assert.deepEqual(sent, [], 'the keyup reached the page before the verdict');
  gate.resolve();
  await waitFor(() => sent.length === 1, { what: 'the replayed keyup' });
  await turns();
  assert.deepEqual(sent, ['Hi there']);
  page.close();
});

test('a site sending on keyup: a key in the box is blocked, and the keyup never reaches the page', async () => {
  const page = await openPage({ host: blockingHost(), body: EDITOR });
  const { editor, sent } = siteSendingOn(page, 'keyup', isEnter);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  keyEvent(page, editor, 'keydown');
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  keyEvent(page, editor, 'keyup'); // let go after the verdict
  await turns();
  assert.deepEqual(sent, []);
  page.close();
});

test('an approved Enter reaches a keyup site unchanged: nothing hidden once the text was let through', async () => {
  const page = await openPage({ body: EDITOR });
  const { editor, sent } = siteSendingOn(page, 'keyup', isEnter);
  keyEvent(page, editor, 'keydown');
  keyEvent(page, editor, 'keyup');
  await waitFor(() => sent.length === 1, { what: 'the first send' });
  editor.innerHTML = '<p>Hi there</p>'; // the same text again: approved, so it passes at once
  assert.equal(keyEvent(page, editor, 'keydown').defaultPrevented, false);
  keyEvent(page, editor, 'keyup');
  assert.deepEqual(sent, ['Hi there', 'Hi there']);
  assert.equal(page.host.sent('scan').length, 1);
  page.close();
});

test("an IME's confirming Enter: its keyup is hidden too, so a keyup site cannot send on it", async () => {
  const page = await openPage({ host: blockingHost(), body: EDITOR });
  const { editor, sent } = siteSendingOn(page, 'keyup', isEnter);
  editor.innerHTML = `<p>my key ${KEY} 日本</p>`;
  keyEvent(page, editor, 'keydown', { keyCode: 229, isComposing: true });
  keyEvent(page, editor, 'keyup');
  await turns();
  assert.deepEqual(sent, []);
  assert.equal(page.host.sent('scan').length, 0);
  page.close();
});

test('a site sending on keypress gets the replayed keypress once the check lets the Enter through', async () => {
  const page = await openPage({ body: EDITOR });
  const { editor, sent } = siteSendingOn(page, 'keypress', isEnter);
  assert.equal(keyEvent(page, editor, 'keydown').defaultPrevented, true);
  await waitFor(() => sent.length === 1, { what: 'the replayed keypress' });
  await turns();
  assert.deepEqual(sent, ['Hi there']);
  assert.equal(editor.textContent, 'Hi there', 'the page took the keypress: no new line added');
  page.close();
});

for (const inputType of ['insertParagraph', 'insertLineBreak']) {
  test(`a beforeinput ${inputType} with no Enter keydown (a rich editor sending on it) is held and checked`, async () => {
    const gate = deferred();
    const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
    const page = await openPage({ host, body: EDITOR });
    const { editor, sent } = siteSendingOn(page, 'beforeinput', isLineBreak);
    assert.equal(beforeInput(page, editor, inputType).defaultPrevented, true);
    await waitFor(() => host.sent('scan').length === 1, { what: 'the scan' });
    assert.deepEqual(sent, []);
    assert.deepEqual(host.sent('scan').map((r) => [r.event, r.text]), [['submit', 'Hi there']]);
    gate.resolve();
    await waitFor(() => sent.length === 1, { what: 'the replayed beforeinput' });
    await turns();
    assert.deepEqual(sent, ['Hi there']);
    page.close();
  });

  test(`a beforeinput ${inputType} with a key in the box is blocked: the rich editor never sends`, async () => {
    const page = await openPage({ host: blockingHost(), body: EDITOR });
    const { editor, sent } = siteSendingOn(page, 'beforeinput', isLineBreak);
    editor.innerHTML = `<p>my key ${KEY}</p>`;
    assert.equal(beforeInput(page, editor, inputType).defaultPrevented, true);
    await waitFor(() => page.dialog(), { what: 'the block dialog' });
    await turns();
    assert.deepEqual(sent, []);
    page.close();
  });
}

test('an approved Enter on a site sending from beforeinput: the replay reaches its beforeinput, no new line', async () => {
  const page = await openPage({ body: EDITOR });
  const { editor, sent } = siteSendingOn(page, 'beforeinput', (e) => e.inputType === 'insertParagraph');
  assert.equal(keyEvent(page, editor, 'keydown').defaultPrevented, true);
  await waitFor(() => sent.length === 1, { what: 'the replayed beforeinput' });
  await turns();
  assert.deepEqual(sent, ['Hi there']);
  assert.equal(editor.textContent, 'Hi there');
  page.close();
});

test('an approved Enter no page listener takes still makes its new line (textarea)', async () => {
  const page = await openPage({ body: '<textarea id="prompt-textarea">Hi there</textarea>' });
  const box = page.$('#prompt-textarea');
  box.focus();
  box.setSelectionRange(8, 8);
  assert.equal(keyEvent(page, box, 'keydown').defaultPrevented, true);
  await waitFor(() => box.value === 'Hi there\n', { what: 'the new line' });
  page.close();
});

test("Shift+Enter left to the page as a new line: its line break's beforeinput is not held", async () => {
  const page = await openPage({ host: blockingHost(), body: EDITOR });
  const { editor } = siteSendingOn(page, 'keydown', () => false);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  assert.equal(keyEvent(page, editor, 'keydown', { shiftKey: true }).defaultPrevented, false);
  assert.equal(beforeInput(page, editor, 'insertLineBreak').defaultPrevented, false);
  keyEvent(page, editor, 'keyup', { shiftKey: true });
  // A later line break with no key behind it (dictation, a virtual keyboard) is held again.
  assert.equal(beforeInput(page, editor, 'insertLineBreak').defaultPrevented, true);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  page.close();
});

test('Shift+Enter is held like Enter on a site whose adapter lists it in sendKeys', async () => {
  const page = await openPage({ url: 'https://chat.example.org/', host: blockingHost(), body: EDITOR });
  const ns = page.win.DLPG;
  ns.registerAdapter(ns.makeAdapter({ id: 'shift-sends', hosts: ['chat.example.org'], prompt: ['#prompt-textarea'], sendKeys: ['Shift+Enter'] }));
  const { editor, sent } = siteSendingOn(page, 'keydown', (e) => e.key === 'Enter' && e.shiftKey);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  assert.equal(keyEvent(page, editor, 'keydown', { shiftKey: true }).defaultPrevented, true);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  await turns();
  assert.deepEqual(sent, []);
  page.close();
});

test('Shift+Enter on a sendKeys site with clean text is sent once after the check, still with Shift', async () => {
  const page = await openPage({ url: 'https://chat.example.org/', body: EDITOR });
  const ns = page.win.DLPG;
  ns.registerAdapter(ns.makeAdapter({ id: 'shift-sends', hosts: ['chat.example.org'], prompt: ['#prompt-textarea'], sendKeys: ['Shift+Enter'] }));
  const { editor, sent } = siteSendingOn(page, 'keydown', (e) => e.key === 'Enter' && e.shiftKey);
  assert.equal(keyEvent(page, editor, 'keydown', { shiftKey: true }).defaultPrevented, true);
  await waitFor(() => sent.length === 1, { what: 'the replay' });
  await turns();
  assert.deepEqual(sent, ['Hi there']);
  page.close();
});
