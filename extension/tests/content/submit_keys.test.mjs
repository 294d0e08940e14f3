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
